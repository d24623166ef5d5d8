/* The header (issuer lines, number and symbol, place and date, kind, subject, addressees)
 * and the tail (recipients, signature) of a notice, read line by line as laid out by
 * Nghị định 30/2020/NĐ-CP; copies from PDF put two columns on one line, so fields are
 * searched inside lines, not only at their start. */
#include "notice_int.h"

#include <string.h>

static const char *const kinds[] = {
    "thông báo",  "công điện",          "công văn",   "kết luận", "chỉ thị",
    "báo cáo",    "kế hoạch",           "quyết định", "tờ trình", "giấy mời",
    "nghị quyết", "thông báo kết luận", NULL,
};

/* Column fillers of the national header that carry no field. */
static const char *const motto[] = {
    "cộng hòa xã hội chủ nghĩa việt nam",
    "độc lập - tự do - hạnh phúc",
    "độc lập – tự do – hạnh phúc",
    NULL,
};

static bool has_lower(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (kl_lex_is_lower_at(p, len, i))
            return true;
    return false;
}

static size_t count_letters(const char *p, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += !kl_lex_at_boundary(p, len, i) && (unsigned char)p[i] < 0xC0 ? 1 : 0;
    return n;
}

/* Remove the motto from a header line; returns the trimmed remainder [*s, *e). */
static void strip_motto(const char *p, size_t *s, size_t *e)
{
    for (size_t i = *s; i < *e; i++) {
        int which;
        size_t m = kl_lex_match_any(p + i, *e - i, motto, false, &which);
        if (!m)
            continue;
        if (i - *s > *e - (i + m))
            *e = i;
        else
            *s = i + m;
        break;
    }
    while (*s < *e && (p[*s] == ' ' || p[*s] == '-' || p[*s] == '_'))
        (*s)++;
    while (*e > *s && (p[*e - 1] == ' ' || p[*e - 1] == '-' || p[*e - 1] == '_'))
        (*e)--;
}

/* "Số: 125/TB-UBND", "Số: /TB-UBND", "Số 12/2021/CĐ-TTg". Returns the end of the symbol. */
static size_t parse_number(kl_notice *n, kl_arena *a, const char *p, size_t len)
{
    size_t i = kl_lex_match(p, len, "số", true);
    if (!i)
        return 0;
    i = kl_lex_skip_spaces(p, len, i);
    if (i < len && p[i] == ':')
        i = kl_lex_skip_spaces(p, len, i + 1);
    size_t num = i;
    while (i < len && p[i] != '/' && p[i] != ' ')
        i++;
    if (i >= len || p[i] != '/')
        return 0;
    size_t num_end = i;
    size_t sym = i + 1, e = sym;
    while (e < len && p[e] != ' ')
        e++;
    /* "12/2021/TB-UBND": the symbol is what follows the last slash */
    for (size_t k = sym; k < e; k++)
        if (p[k] == '/')
            sym = k + 1;
    n->head.number = num_end > num ? kl_arena_strndup(a, p + num, num_end - num) : NULL;
    n->head.symbol = e > sym ? kl_arena_strndup(a, p + sym, e - sym) : NULL;
    return e;
}

/* "ngày 5 tháng 3 năm 2022", "ngày tháng 3 năm 2022" (blank day), "ngày 05/3/2022". */
static kl_date parse_issue_date(const char *p, size_t len)
{
    kl_date d = {0, 0, 0};
    size_t i = kl_lex_skip_spaces(p, len, 0);
    if (kl_lex_dmy(p + i, len - i, &d))
        return d;
    uint32_t v[3] = {0, 0, 0};
    static const char *const words[] = {"tháng", "năm"};
    for (int f = 0; f < 3; f++) {
        if (f > 0) {
            size_t m = kl_lex_match(p + i, len - i, words[f - 1], true);
            if (!m)
                return (kl_date){0, 0, 0};
            i = kl_lex_skip_spaces(p, len, i + m);
        }
        size_t k = kl_parse_u32(p + i, len - i, 9999, &v[f]);
        i = kl_lex_skip_spaces(p, len, i + k);
    }
    if (v[2] < 1900 || v[2] > 2200 || v[1] > 12)
        return d;
    d.year = (int16_t)v[2];
    d.month = (int8_t)v[1];
    if (v[1] && v[0] && kl_date_valid((int)v[2], (int)v[1], (int)v[0]))
        d.day = (int8_t)v[0];
    return d;
}

/* "Lạng Sơn, ngày tháng 3 năm 2022" anywhere in [s, e). */
static bool parse_place_date(kl_notice *n, kl_arena *a, const char *p, size_t s, size_t e)
{
    for (size_t i = s; i + 6 < e; i++) {
        if (p[i] != ',')
            continue;
        size_t j = kl_lex_skip_spaces(p, e, i + 1);
        size_t m = kl_lex_match(p + j, e - j, "ngày", true);
        if (!m)
            continue;
        kl_date d = parse_issue_date(p + j + m, e - j - m);
        if (!d.year)
            continue;
        n->head.issued = d;
        size_t ps = s;
        while (ps < i && p[ps] == ' ')
            ps++;
        if (i > ps)
            n->head.place = kl_lex_copy(a, p + ps, i - ps);
        return true;
    }
    return false;
}

static bool is_kind_line(const char *p, size_t len)
{
    int which;
    size_t m = kl_lex_match_any(p, len, kinds, true, &which);
    return m && m == len && !has_lower(p, len);
}

/* Subject lines stop where the account of the meeting or the letter begins. */
static bool starts_opening(const char *p, size_t len)
{
    static const char *const open[] = {
        "ngày",     "sáng ngày",      "chiều ngày", "căn cứ",  "thực hiện", "vừa qua",
        "kính gửi", "trong các ngày", "trong ngày", "hôm nay", "tối ngày",  NULL,
    };
    int which;
    return kl_lex_match_any(p, len, open, true, &which) != 0;
}

/* Addressees of a letter or dispatch: "Kính gửi:" or "... điện:" and their bullet lines. */
static size_t parse_addressees(kl_notice *n, kl_arena *a, size_t k, size_t *cap);

static int add_recipient(kl_notice *n, kl_arena *a, const char *p, size_t len, size_t *cap)
{
    while (len &&
           (p[len - 1] == ';' || p[len - 1] == '.' || p[len - 1] == ',' || p[len - 1] == ' '))
        len--;
    if (!len)
        return KL_OK;
    if (n->head.n_recipients == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        const char **r = kl_arena_grow(a, n->head.recipients, n->head.n_recipients, nc, sizeof *r);
        if (!r)
            return KL_ERR_NOMEM;
        n->head.recipients = r;
        *cap = nc;
    }
    const char *s = kl_lex_copy(a, p, len);
    if (!s)
        return KL_ERR_NOMEM;
    n->head.recipients[n->head.n_recipients++] = s;
    return KL_OK;
}

static size_t parse_addressees(kl_notice *n, kl_arena *a, size_t k, size_t *cap)
{
    const nline *L = &n->lines[k];
    const char *p = n->s + L->start;
    size_t len = L->end - L->start;
    size_t colon = 0;
    if (kl_lex_match(p, len, "kính gửi", true)) {
        colon = kl_lex_match(p, len, "kính gửi", true);
    } else {
        for (size_t i = 1; i < len; i++) {
            size_t m = kl_lex_match(p + i, len - i, "điện:", false);
            if (m && p[i - 1] == ' ')
                colon = i + m - 1;
        }
        if (!colon)
            return k;
    }
    colon = kl_lex_skip_spaces(p, len, colon);
    if (colon < len && p[colon] == ':')
        colon = kl_lex_skip_spaces(p, len, colon + 1);
    if (colon < len && add_recipient(n, a, p + colon, len - colon, cap) != KL_OK)
        return k;
    size_t j = k + 1;
    for (; j < n->n_lines; j++) {
        const char *q = n->s + n->lines[j].start;
        size_t ql = n->lines[j].end - n->lines[j].start;
        if (ql == 0)
            continue;
        if (ql < 2 || (q[0] != '-' && q[0] != '+') || q[1] != ' ')
            break;
        if (add_recipient(n, a, q + 2, ql - 2, cap) != KL_OK)
            break;
    }
    return j - 1;
}

/* "-----", "___": the rules under header fields. */
static bool is_rule_line(const char *p, size_t len)
{
    size_t i = 0;
    while (i < len && (p[i] == '-' || p[i] == '_' || p[i] == '=' || p[i] == ' ' || p[i] == '*'))
        i++;
    return len >= 3 && i == len;
}

/* After the kind line: the subject, up to four lines, ended by a blank line. */
static size_t parse_subject(kl_notice *n, kl_arena *a, size_t k)
{
    size_t j = k + 1;
    while (j < n->n_lines && n->lines[j].end == n->lines[j].start)
        j++;
    size_t first = j, last = j;
    if (first < n->n_lines) {
        size_t ls, ll, body;
        const char *p = n->s + n->lines[first].start;
        if (kl_notice_marker(p, n->lines[first].end - n->lines[first].start, &ls, &ll, &body))
            return k; /* the body starts right away: no subject line */
    }
    for (; j < n->n_lines && j < first + 4; j++) {
        const char *p = n->s + n->lines[j].start;
        size_t len = n->lines[j].end - n->lines[j].start;
        if (len == 0 || (j > first && starts_opening(p, len)))
            break;
        if (p[0] == '-' && len > 2 && p[1] == '-')
            break;
        last = j;
    }
    if (first >= n->n_lines)
        return k;
    size_t s = n->lines[first].start, e = n->lines[last].end;
    n->head.subject = kl_lex_copy(a, n->s + s, e - s);
    return last;
}

int kl_notice_parse_head(kl_notice *n, kl_arena *a)
{
    size_t rcap = 0, last = 0;
    bool found = false, have_kind = false;
    size_t limit = n->n_lines < 60 ? n->n_lines : 60;
    for (size_t k = 0; k < limit && !have_kind; k++) {
        const char *p = n->s;
        size_t s = n->lines[k].start, e = n->lines[k].end;
        strip_motto(p, &s, &e);
        if (s >= e)
            continue;
        size_t sym_end = parse_number(n, a, p + s, e - s);
        if (sym_end) {
            found = true;
            last = k;
            s += sym_end;
        }
        if (!n->head.issued.year && parse_place_date(n, a, p, s, e)) {
            found = true;
            last = k;
            continue;
        }
        if (sym_end)
            continue;
        if (is_kind_line(p + s, e - s)) {
            n->head.kind = kl_arena_strndup(a, p + s, e - s);
            last = parse_subject(n, a, k);
            found = have_kind = true;
        } else if (kl_lex_match(p + s, e - s, "v/v", true) ||
                   kl_lex_match(p + s, e - s, "về việc", true)) {
            /* a subject wraps onto lines that go on in lower case */
            size_t j = k;
            while (j + 1 < n->n_lines &&
                   kl_lex_is_lower_at(n->s, n->lines[j + 1].end, n->lines[j + 1].start))
                j++;
            size_t se = j > k ? n->lines[j].end : e;
            n->head.subject = kl_lex_copy(a, p + s, se - s);
            found = true;
            last = j;
            k = j;
        } else if (!found && !has_lower(p + s, e - s) && count_letters(p + s, e - s) >= 2 &&
                   n->head.n_agency_lines < 4) {
            n->head.agency_lines[n->head.n_agency_lines++] = kl_lex_copy(a, p + s, e - s);
        }
    }
    if (!found) {
        n->head.n_agency_lines = 0;
        n->body_start = 0;
        return KL_OK;
    }
    /* the addressees of a letter or a dispatch follow the subject */
    size_t k = last + 1;
    while (k < n->n_lines &&
           (n->lines[k].end == n->lines[k].start ||
            is_rule_line(n->s + n->lines[k].start, n->lines[k].end - n->lines[k].start)))
        k++;
    if (k < n->n_lines) {
        size_t end = parse_addressees(n, a, k, &rcap);
        if (end != k || kl_lex_match(n->s + n->lines[k].start, n->lines[k].end - n->lines[k].start,
                                     "kính gửi", true))
            last = end;
    }
    n->body_start = last + 1 < n->n_lines ? n->lines[last + 1].start : n->len;
    return KL_OK;
}

/* ---- tail ----------------------------------------------------------------- */

static const char *const authorities[] = {"tl.", "kt.", "tm.", "tuq.", "q.", NULL};

static bool is_upper_line(const char *p, size_t len)
{
    return len >= 2 && !has_lower(p, len) && count_letters(p, len) >= 2;
}

/* "Phạm Hùng Trường": 2-6 capitalized words, nothing else. */
static bool looks_like_name(const char *p, size_t len)
{
    size_t words = 0, i = 0;
    if (is_upper_line(p, len))
        return false;
    while (i < len) {
        if (!kl_lex_is_upper_at(p, len, i))
            return false;
        size_t e = kl_lex_word_end(p, len, i);
        if (e == i)
            return false;
        for (size_t k = i; k < e; k++)
            if ((p[k] >= '0' && p[k] <= '9') || p[k] == '&' || p[k] == '-' || p[k] == '/')
                return false;
        words++;
        i = e;
        if (i < len && p[i] != ' ')
            return false;
        i = kl_lex_skip_spaces(p, len, i);
    }
    return words >= 2 && words <= 6;
}

/* "TL. CHỦ TỊCH" then "KT. CHÁNH VĂN PHÒNG": both lines make the authority. */
static void append_authority(kl_notice *n, kl_arena *a, const char *p, size_t len)
{
    const char *line = kl_lex_copy(a, p, len);
    if (!n->head.sign_authority || !line)
        n->head.sign_authority = line;
    else
        n->head.sign_authority = kl_arena_printf(a, "%s %s", n->head.sign_authority, line);
}

/* Authority ("TL. CHỦ TỊCH") and title lines of the signature, possibly sharing a line with
 * a recipient in PDF copies ("- Văn phòng Chính phủ; CHÁNH VĂN PHÒNG"). */
static void parse_signature_line(kl_notice *n, kl_arena *a, const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && p[i - 1] != ' ')
            continue;
        int which;
        size_t m = kl_lex_match_any(p + i, len - i, authorities, false, &which);
        if (m && i + m < len && p[i + m] == ' ' && is_upper_line(p + i, len - i)) {
            append_authority(n, a, p + i, len - i);
            return;
        }
    }
    if (!n->head.sign_title && is_upper_line(p, len) && len < 60) {
        n->head.sign_title = kl_lex_copy(a, p, len);
        return;
    }
    /* a trailing run of capitals after the recipient's ';' */
    const char *semi = memchr(p, ';', len);
    if (semi && p[0] == '-') {
        size_t s = (size_t)(semi - p) + 1;
        s = kl_lex_skip_spaces(p, len, s);
        if (s < len && is_upper_line(p + s, len - s) && !n->head.sign_title)
            n->head.sign_title = kl_lex_copy(a, p + s, len - s);
    }
}

static bool is_signed_mark(const char *p, size_t len)
{
    static const char *const marks[] = {"(đã ký)", "đã ký", "(ký)", "(ký tên", "(ký,", NULL};
    int which;
    return kl_lex_match_any(p, len, marks, false, &which) != 0;
}

static size_t find_tail_start(const kl_notice *n)
{
    for (size_t k = 0; k < n->n_lines; k++) {
        if (n->lines[k].start < n->body_start)
            continue;
        const char *p = n->s + n->lines[k].start;
        size_t len = n->lines[k].end - n->lines[k].start;
        if (kl_lex_match(p, len, "nơi nhận", true))
            return k;
    }
    /* no recipients: the signature block among the last lines, an authority or a short
     * title in capitals ("CHÁNH VĂN PHÒNG") with a name after it */
    size_t seen = 0, found = n->n_lines;
    bool name_after = false;
    for (size_t k = n->n_lines; k-- > 0 && seen < 8;) {
        const char *p = n->s + n->lines[k].start;
        size_t len = n->lines[k].end - n->lines[k].start;
        if (!len || n->lines[k].start < n->body_start)
            continue;
        seen++;
        int which;
        if (looks_like_name(p, len)) {
            name_after = true;
        } else if (is_upper_line(p, len) && len < 60 &&
                   (name_after || kl_lex_match_any(p, len, authorities, false, &which))) {
            found = k;
        } else if (!is_signed_mark(p, len) && !is_upper_line(p, len)) {
            break;
        }
    }
    return found;
}

int kl_notice_parse_tail(kl_notice *n, kl_arena *a)
{
    size_t k0 = find_tail_start(n);
    n->tail_start = k0 < n->n_lines ? n->lines[k0].start : n->len;
    size_t cap = n->head.n_recipients;
    bool in_list = false;
    for (size_t k = k0; k < n->n_lines; k++) {
        const char *p = n->s + n->lines[k].start;
        size_t len = n->lines[k].end - n->lines[k].start;
        if (!len)
            continue;
        size_t m = kl_lex_match(p, len, "nơi nhận", true);
        if (m) {
            in_list = true;
            m = kl_lex_skip_spaces(p, len, m);
            if (m < len && p[m] == ':')
                m++;
            parse_signature_line(n, a, p + m, len - m);
            continue;
        }
        bool bullet = len > 2 && (p[0] == '-' || p[0] == '+') && p[1] == ' ';
        if (in_list && bullet) {
            size_t s = 2, e = len;
            const char *semi = memchr(p, ';', len);
            if (semi)
                e = (size_t)(semi - p);
            if (!kl_lex_match(p + s, e - s, "lưu", true) &&
                add_recipient(n, a, p + s, e - s, &cap) != KL_OK)
                return KL_ERR_NOMEM;
            parse_signature_line(n, a, p, len);
            /* "- Lưu: VT, TH.            Võ Văn Hưng": the name beside the last line */
            size_t t = len;
            while (t > 0 && p[t - 1] != '.' && p[t - 1] != ';')
                t--;
            size_t ns = kl_lex_skip_spaces(p, len, t);
            if (t > 0 && ns < len && looks_like_name(p + ns, len - ns))
                n->head.sign_name = kl_lex_copy(a, p + ns, len - ns);
            continue;
        }
        in_list = false;
        int which;
        if (is_signed_mark(p, len))
            continue;
        if (kl_lex_match_any(p, len, authorities, false, &which) && is_upper_line(p, len))
            append_authority(n, a, p, len);
        else if (looks_like_name(p, len))
            n->head.sign_name = kl_lex_copy(a, p, len);
        else if (is_upper_line(p, len) && len < 60 && !n->head.sign_title)
            n->head.sign_title = kl_lex_copy(a, p, len);
        else if (!is_upper_line(p, len))
            parse_signature_line(n, a, p, len);
    }
    /* an upper-case name line after the title ("PHẠM HÙNG TRƯỜNG") */
    if (!n->head.sign_name && n->head.sign_title) {
        for (size_t k = n->n_lines; k-- > k0;) {
            const char *p = n->s + n->lines[k].start;
            size_t len = n->lines[k].end - n->lines[k].start;
            if (!len || is_signed_mark(p, len))
                continue;
            size_t words = 1;
            for (size_t i = 0; i < len; i++)
                words += p[i] == ' ';
            if (is_upper_line(p, len) && words >= 2 && words <= 5 &&
                strcmp(kl_lex_copy(a, p, len), n->head.sign_title) != 0)
                n->head.sign_name = kl_lex_title_case(a, p, len);
            break;
        }
    }
    return KL_OK;
}
