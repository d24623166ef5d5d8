/* The header's meaning: who issued it (from its agency lines, or from the place and the
 * symbol when a copy dropped them), the meeting's dates, the chair and the signer. */
#include "extract_int.h"

#include <string.h>

/* Symbol parts that name the issuing body: "TB-UBND", "TB-VPUBND", "CĐ-TTg", "UBND-KT". */
static const char *issuer_from_symbol(xrun *x, const char *sym, const char *place)
{
    static const struct {
        const char *part;
        const char *name; /* followed by the place when with_place */
        bool with_place;
    } map[] = {
        {"VPUBND", "Văn phòng UBND tỉnh ", true},
        {"UBND", "UBND tỉnh ", true},
        {"HĐND", "HĐND tỉnh ", true},
        {"VPCP", "Văn phòng Chính phủ", false},
        {"TTg", "Thủ tướng Chính phủ", false},
        {"CP", "Chính phủ", false},
        {"VP", "Văn phòng UBND tỉnh ", true},
    };
    if (!sym)
        return NULL;
    size_t len = strlen(sym);
    for (size_t m = 0; m < sizeof map / sizeof map[0]; m++) {
        size_t pl = strlen(map[m].part);
        for (size_t i = 0; i + pl <= len; i++) {
            bool left = i == 0 || sym[i - 1] == '-' || sym[i - 1] == '/';
            bool right = i + pl == len || sym[i + pl] == '-' || sym[i + pl] == '/';
            if (!left || !right || memcmp(sym + i, map[m].part, pl) != 0)
                continue;
            if (!map[m].with_place)
                return map[m].name;
            return place ? kl_arena_printf(x->a, "%s%s", map[m].name, place) : NULL;
        }
    }
    return NULL;
}

/* "ỦY BAN NHÂN DÂN" + "TỈNH LẠNG SƠN" (+ "VĂN PHÒNG"), or a body the directory knows. */
static const char *issuer_from_lines(xrun *x, const kl_notice_head *h)
{
    if (!h->n_agency_lines)
        return NULL;
    kl_buf b;
    kl_buf_init(&b, 0);
    for (size_t i = 0; i < h->n_agency_lines; i++) {
        if (i)
            kl_buf_appendc(&b, ' ');
        kl_buf_appends(&b, h->agency_lines[i]);
    }
    const char *out = NULL;
    const char *s = b.p ? b.p : "";
    size_t len = b.len;
    bool office = false;
    size_t i = 0;
    size_t u = kl_lex_match(s, len, "ủy ban nhân dân", true);
    if (!u)
        u = kl_lex_match(s, len, "ubnd", true);
    if (!u && (u = kl_lex_match(s, len, "văn phòng ủy ban nhân dân", true)) != 0)
        office = true;
    if (u) {
        i = kl_lex_skip_spaces(s, len, u);
        static const char *const levels[] = {"tỉnh", "thành phố", NULL};
        int which;
        size_t m = kl_lex_match_any(s + i, len - i, levels, true, &which);
        if (m) {
            size_t ns = kl_lex_skip_spaces(s, len, i + m), ne = ns;
            while (ne < len && !kl_lex_match(s + ne, len - ne, "văn phòng", true))
                ne++;
            office = office || ne < len;
            ne = ne > ns && s[ne - 1] == ' ' ? ne - 1 : ne;
            char *place = kl_lex_title_case(x->a, s + ns, ne - ns);
            out = kl_arena_printf(x->a, "%sUBND %s %s", office ? "Văn phòng " : "", levels[which],
                                  place ? place : "");
        }
    } else {
        int32_t id = kl_directory_find(x->dir, s, len);
        if (id >= 0)
            out = kl_directory_name(x->dir, id);
    }
    kl_buf_fini(&b);
    return out;
}

/* "Ngày 28, 29/7/2021", "ngày 28, 29 tháng 7 năm 2021", "Ngày 18/3/2022": the days listed
 * before one month and year. Returns how many dates were written to out. */
static size_t day_list(const char *s, size_t len, kl_date *out, size_t max)
{
    uint32_t days[8];
    size_t nd = 0, i = 0;
    for (;;) {
        uint32_t d;
        size_t k = kl_parse_u32(s + i, len - i, 31, &d);
        if (!k || nd == 8)
            return 0;
        days[nd++] = d;
        i += k;
        size_t j = i;
        if (j < len && s[j] == ',')
            j++;
        j = kl_lex_skip_spaces(s, len, j);
        size_t v = kl_lex_match(s + j, len - j, "và", true);
        if (v)
            j = kl_lex_skip_spaces(s, len, j + v);
        if (j == i || j >= len || s[j] < '0' || s[j] > '9')
            break;
        i = j;
    }
    uint32_t m = 0, y = 0;
    if (i < len && s[i] == '/') {
        size_t k = kl_parse_u32(s + i + 1, len - i - 1, 12, &m);
        if (!k || i + 1 + k >= len || s[i + 1 + k] != '/')
            return 0;
        i += 2 + k;
        if (kl_parse_u32(s + i, len - i, 2200, &y) != 4)
            return 0;
    } else {
        i = kl_lex_skip_spaces(s, len, i);
        size_t t = kl_lex_match(s + i, len - i, "tháng", true);
        if (!t)
            return 0;
        i = kl_lex_skip_spaces(s, len, i + t);
        size_t k = kl_parse_u32(s + i, len - i, 12, &m);
        i = kl_lex_skip_spaces(s, len, i + k);
        size_t nm = kl_lex_match(s + i, len - i, "năm", true);
        if (!k || !nm)
            return 0;
        i = kl_lex_skip_spaces(s, len, i + nm);
        if (kl_parse_u32(s + i, len - i, 2200, &y) != 4)
            return 0;
    }
    size_t n = 0;
    for (size_t k = 0; k < nd && n < max; k++)
        if (kl_date_valid((int)y, (int)m, (int)days[k]))
            out[n++] = (kl_date){(int16_t)y, (int8_t)m, (int8_t)days[k]};
    return n;
}

static bool has_meeting_word(const char *s, size_t len)
{
    static const char *const words[] = {
        "họp",     "hội nghị", "phiên",    "làm việc",  "buổi", "kiểm tra",
        "tọa đàm", "giao ban", "hội thảo", "đối thoại", NULL,
    };
    for (size_t i = 0; i < len; i++) {
        int which;
        if ((i == 0 || s[i - 1] == ' ') && kl_lex_match_any(s + i, len - i, words, true, &which))
            return true;
    }
    return false;
}

/* Dates in "(ngày 28, 29 tháng 7 năm 2021)" of the subject, or at the head of the account
 * of the meeting ("Ngày 31 tháng 8 năm 2021, UBND tỉnh họp ..."). A letter has none. */
static size_t find_meeting_dates(xrun *x, const char *s, size_t len, bool need_meeting,
                                 kl_date *out, size_t max)
{
    if (need_meeting && !has_meeting_word(s, len))
        return 0;
    /* the account of a meeting opens with its date: "Ngày 31 tháng 8 năm 2021, ...",
     * "Chiều ngày 29/10/2021, ..."; a date further on belongs to something else */
    size_t scan = need_meeting && len > 24 ? 24 : len;
    for (size_t i = 0; i < scan; i++) {
        if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '(')
            continue;
        size_t m = kl_lex_match(s + i, len - i, "ngày", true);
        if (!m)
            continue;
        size_t j = kl_lex_skip_spaces(s, len, i + m);
        size_t n = day_list(s + j, len - j, out, max);
        if (n)
            return n;
        if (need_meeting)
            return 0; /* only the date the account opens with */
    }
    (void)x;
    return 0;
}

static void meeting_dates(xrun *x, const kl_notice_head *nh, kl_header *h)
{
    kl_date buf[8];
    size_t n = 0;
    if (nh->subject)
        n = find_meeting_dates(x, nh->subject, strlen(nh->subject), false, buf, 8);
    if (!n && nh->opening_block >= 0) {
        const kl_block *b = kl_notice_block(x->n, (size_t)nh->opening_block);
        size_t e = kl_x_sentence_end(x, b->start, b->end);
        n = find_meeting_dates(x, x->s + b->start, e - b->start, true, buf, 8);
    }
    h->meeting_dates = kl_arena_alloc(x->a, (n ? n : 1) * sizeof *buf);
    if (h->meeting_dates)
        memcpy(h->meeting_dates, buf, n * sizeof *buf);
    h->n_meeting_dates = h->meeting_dates ? n : 0;
}

/* "đồng chí Hồ Tiến Thiệu, Chủ tịch UBND tỉnh kết luận": the name; else the title. */
static const char *chair(xrun *x, const kl_notice_head *nh)
{
    int bi = nh->conclusion_block >= 0 ? nh->conclusion_block : nh->opening_block;
    if (bi < 0)
        return NULL;
    const kl_block *b = kl_notice_block(x->n, (size_t)bi);
    const char *s = x->s;
    for (size_t i = b->start; i < b->end; i++) {
        size_t m = kl_lex_match(s + i, b->end - i, "đồng chí", true);
        if (!m || (i > b->start && s[i - 1] != ' '))
            continue;
        size_t j = kl_lex_skip_spaces(s, b->end, i + m), e = j;
        while (e < b->end && kl_lex_is_upper_at(s, b->end, e)) {
            e = kl_lex_word_end(s, b->end, e);
            if (e + 1 < b->end && s[e] == ' ' && kl_lex_is_upper_at(s, b->end, e + 1))
                e++;
            else
                break;
        }
        if (e > j)
            return kl_lex_copy(x->a, s + j, e - j);
    }
    for (size_t i = b->start; i < b->end; i++) {
        size_t m = kl_lex_match(s + i, b->end - i, "chủ tịch ubnd tỉnh", true);
        if (m && (i == b->start || s[i - 1] == ' '))
            return kl_lex_copy(x->a, s + i, m);
    }
    return NULL;
}

/* A report of a notice names its province in passing ("UBND tỉnh Lạng Sơn vừa ban hành"). */
static const char *province_in_text(xrun *x)
{
    const char *s = x->s;
    size_t lim = x->len < 1000 ? x->len : 1000;
    for (size_t i = 0; i + 5 < lim; i++) {
        if (i > 0 && s[i - 1] != ' ')
            continue;
        size_t m = kl_lex_match(s + i, lim - i, "tỉnh", true);
        if (!m || i + m + 1 >= lim || s[i + m] != ' ' || !kl_lex_is_upper_at(s, lim, i + m + 1))
            continue;
        size_t b = i + m + 1, e = b, words = 0;
        while (e < lim && words < 3 && kl_lex_is_upper_at(s, lim, e)) {
            e = kl_lex_word_end(s, lim, e);
            words++;
            if (e + 1 < lim && s[e] == ' ' && kl_lex_is_upper_at(s, lim, e + 1))
                e++;
            else
                break;
        }
        if (words >= 2)
            return kl_lex_copy(x->a, s + b, e - b);
    }
    return NULL;
}

/* The capitalized words (2 to 5) that end just before position e: "Đoàn Thu Hà". */
static const char *name_before(xrun *x, size_t from, size_t e)
{
    const char *s = x->s;
    size_t start = e, words = 0;
    while (start > from && words < 5) {
        size_t w = start;
        while (w > from && s[w - 1] == ' ')
            w--;
        size_t b = w;
        while (b > from && s[b - 1] != ' ')
            b--;
        if (b == w || !kl_lex_is_upper_at(s, w, b) || kl_lex_word_end(s, w, b) != w)
            break;
        if (w - b > 1 && kl_lex_is_upper_at(s, w, b + 1) && (unsigned char)s[b] < 0x80 &&
            (unsigned char)s[b + 1] < 0x80)
            break; /* "UBND", "TP": an abbreviation, not a name */
        start = b;
        words++;
    }
    if (words < 2)
        return NULL;
    while (e > start && s[e - 1] == ' ')
        e--;
    return kl_lex_copy(x->a, s + start, e - start);
}

/* A report of a notice rather than the notice ("Thông báo do Phó Chủ tịch UBND tỉnh Đoàn Thu
 * Hà ký", "... đã ký ban hành"): the signer named before "ký". */
static const char *signer_in_text(xrun *x)
{
    const char *s = x->s;
    for (size_t i = 1; i + 3 < x->len; i++) {
        if (s[i - 1] != ' ' || !kl_lex_match(s + i, x->len - i, "ký", true))
            continue;
        size_t e = i - 1;
        size_t from = e > 120 ? e - 120 : 0;
        if (e >= 3 && kl_lex_match(s + e - 3, 3, "đã", true) == 0 && e >= 4 &&
            kl_lex_match(s + e - 4, 4, "đã", true))
            e -= 4;
        const char *name = name_before(x, from, e);
        if (name)
            return name;
    }
    return NULL;
}

/* "... ban hành Thông báo số 125/TB-UBND ngày 05/3/2022 ...": the number, symbol and date of
 * the notice a report speaks of, where no "Số:" line was found. */
static void symbol_in_text(xrun *x, kl_header *h)
{
    const char *s = x->s;
    size_t lim = x->len < 3000 ? x->len : 3000;
    for (size_t i = 1; i + 4 < lim; i++) {
        if (s[i - 1] != ' ' || !kl_lex_match(s + i, lim - i, "số", true))
            continue;
        size_t j = kl_lex_skip_spaces(s, lim, i + kl_lex_match(s + i, lim - i, "số", true));
        size_t n = j;
        while (n < lim && s[n] >= '0' && s[n] <= '9')
            n++;
        if (n == j || n >= lim || s[n] != '/')
            continue;
        size_t e = n + 1;
        while (e < lim && s[e] != ' ' && s[e] != ',' && s[e] != ')')
            e++;
        if (!memchr(s + n + 1, '-', e - n - 1))
            continue;
        h->number = kl_arena_strndup(x->a, s + j, n - j);
        h->symbol = kl_arena_strndup(x->a, s + n + 1, e - n - 1);
        size_t k = kl_lex_skip_spaces(s, lim, e);
        size_t m = kl_lex_match(s + k, lim - k, "ngày", true);
        kl_date d;
        if (m && !h->issued.year) {
            k = kl_lex_skip_spaces(s, lim, k + m);
            if (kl_lex_dmy(s + k, lim - k, &d))
                h->issued = d;
        }
        return;
    }
}

int kl_x_header(xrun *x, kl_header *h)
{
    const kl_notice_head *nh = kl_notice_head_of(x->n);
    memset(h, 0, sizeof *h);
    h->number = nh->number;
    h->symbol = nh->symbol;
    h->place = nh->place;
    h->issued = nh->issued;
    h->kind = nh->kind;
    h->subject = nh->subject;
    if (!h->symbol)
        symbol_in_text(x, h);
    h->issuer = issuer_from_lines(x, nh);
    if (!h->place && !nh->symbol && h->symbol)
        h->place = province_in_text(x);
    if (!h->issuer)
        h->issuer = issuer_from_symbol(x, h->symbol, h->place);
    if (h->issuer && nh->place && strstr(h->issuer, nh->place))
        h->province = nh->place;
    if (!h->kind && h->symbol) {
        if (strncmp(h->symbol, "TB", 2) == 0)
            h->kind = "THÔNG BÁO";
        else if (strncmp(h->symbol, "CĐ", 3) == 0)
            h->kind = "CÔNG ĐIỆN";
        else if (nh->subject && kl_lex_match(nh->subject, strlen(nh->subject), "v/v", true))
            h->kind = "CÔNG VĂN";
    }
    meeting_dates(x, nh, h);
    h->chair = chair(x, nh);
    h->signer.authority = nh->sign_authority;
    h->signer.title = nh->sign_title;
    h->signer.name = nh->sign_name ? nh->sign_name : signer_in_text(x);
    x->issuer = h->issuer;
    x->province = h->province;
    return h->meeting_dates ? KL_OK : KL_ERR_NOMEM;
}
