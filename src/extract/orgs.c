/* Organizations at a position of the text: named bodies from the directory, bodies named by a
 * pattern the directory does not list (a district of another province), groups ("các sở,
 * ban, ngành"), distributive lists ("các Sở: Tài chính, Xây dựng") and references to the
 * item's presenter ("Cơ quan chủ trì"). SPEC: EXTRACTION.md "Organizations". */
#include "extract_int.h"

#include <string.h>

/* Office-holders stand for their body: "Giám đốc Sở Y tế" is Sở Y tế. */
static const char *const titles[] = {
    "phó giám đốc",
    "giám đốc",
    "phó chủ tịch",
    "chủ tịch",
    "thủ trưởng",
    "chánh văn phòng",
    "chánh thanh tra",
    "trưởng ban",
    "cục trưởng",
    "chi cục trưởng",
    "chỉ huy trưởng",
    "bộ trưởng",
    "người đứng đầu",
    "lãnh đạo",
    "tổng giám đốc",
    "giám đốc công an",
    NULL,
};

/* Nouns that make a group after "các" (SPEC: a group is still a task, output as written). */
static const char *const group_nouns[] = {
    "sở",
    "ban",
    "ngành",
    "cơ quan",
    "đơn vị",
    "địa phương",
    "cấp",
    "huyện",
    "thị xã",
    "thành phố",
    "quận",
    "xã",
    "phường",
    "thị trấn",
    "chủ đầu tư",
    "nhà đầu tư",
    "nhà thầu",
    "doanh nghiệp",
    "tổ chức",
    "cá nhân",
    "đoàn thể",
    "hội",
    "bộ",
    "cơ sở",
    "trường",
    "lực lượng",
    "thành viên",
    "tỉnh",
    "phòng",
    "cục",
    "chi cục",
    "trung tâm",
    "thôn",
    "bản",
    "tổ dân phố",
    "hợp tác xã",
    "tập đoàn",
    "tổng công ty",
    "công ty",
    "ngân hàng",
    "hiệp hội",
    "cơ quan báo chí",
    "cơ sở giáo dục",
    "bộ, ngành",
    NULL,
};

/* Words that may follow a group noun inside the group. */
static const char *const group_mods[] = {
    "có liên quan",
    "liên quan",
    "chức năng",
    "trực thuộc trung ương",
    "trực thuộc",
    "thuộc ubnd tỉnh",
    "thuộc tỉnh",
    "địa phương",
    "chuyên môn",
    "cấp tỉnh",
    "cấp huyện",
    "cấp xã",
    "các cấp",
    "trên địa bàn tỉnh",
    "trên địa bàn",
    "thuộc ủy ban nhân dân tỉnh",
    "chính trị - xã hội",
    "sự nghiệp",
    "quản lý",
    "ngành dọc",
    "được giao",
    "bị ảnh hưởng",
    "ven biển",
    "biên giới",
    "ngang bộ",
    "thuộc chính phủ",
    "thuộc bộ",
    "nhà nước",
    "thương mại",
    "báo chí",
    "trung ương",
    "ở trung ương",
    "thuộc thành phố",
    "cấp cơ sở",
    NULL,
};

static const char *const presenter_refs[] = {
    "cơ quan chủ trì soạn thảo",
    "cơ quan chủ trì",
    "cơ quan soạn thảo",
    "đơn vị chủ trì",
    "cơ quan trình",
    "đơn vị soạn thảo",
    "cơ quan được giao chủ trì",
    NULL,
};

static const char *const local_levels[] = {
    "huyện", "thị xã", "thành phố", "quận", "xã", "phường", "thị trấn", NULL,
};

int kl_x_org_add(xrun *x, org_list *l, const char *name, int32_t id, bool group)
{
    (void)x;
    if (!name)
        return KL_ERR_NOMEM;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].name, name) == 0)
            return KL_OK;
    if (l->n == KL_MAX_ORGS)
        return KL_OK;
    l->v[l->n].name = name;
    l->v[l->n].id = id;
    l->v[l->n].is_group = group;
    l->n++;
    return KL_OK;
}

bool kl_x_org_is_issuer(const xrun *x, const kl_org *o)
{
    if (o->id >= 0 && kl_directory_kind(x->dir, o->id) == KL_AGENCY_PROVINCE)
        return true;
    if (x->issuer && strcmp(o->name, x->issuer) == 0)
        return true;
    return strcmp(o->name, "Thủ tướng Chính phủ") == 0 || strcmp(o->name, "Chính phủ") == 0;
}

static size_t skip_title(const xrun *x, size_t i, size_t lim)
{
    int which;
    size_t m = kl_lex_match_any(x->s + i, lim - i, titles, true, &which);
    if (!m)
        return i;
    size_t j = kl_lex_skip_spaces(x->s, lim, i + m);
    return j;
}

/* One group noun plus its modifiers at i; returns the end or i. */
static size_t group_unit(const xrun *x, size_t i, size_t lim)
{
    int which;
    size_t m = kl_lex_match_any(x->s + i, lim - i, group_nouns, true, &which);
    if (!m)
        return i;
    size_t e = i + m;
    for (;;) {
        size_t j = kl_lex_skip_spaces(x->s, lim, e);
        if (j == e || j >= lim)
            break;
        size_t k = kl_lex_match_any(x->s + j, lim - j, group_mods, true, &which);
        if (!k)
            break;
        e = j + k;
    }
    return e;
}

/* "UBND" or "Ủy ban nhân dân" at p: its length, or 0. */
static size_t committee_len(const char *p, size_t len)
{
    size_t u = kl_lex_match(p, len, "ubnd", true);
    return u ? u : kl_lex_match(p, len, "ủy ban nhân dân", true);
}

/* "các sở, ban, ngành", "các cấp, các ngành", "UBND các huyện, thành phố", "các cơ quan,
 * đơn vị liên quan". Returns the end or i. */
static size_t group_at(const xrun *x, size_t i, size_t lim, bool *need_cac)
{
    const char *s = x->s;
    size_t j = i;
    *need_cac = false;
    size_t u = committee_len(s + j, lim - j);
    if (u)
        j = kl_lex_skip_spaces(s, lim, j + u);
    size_t c = kl_lex_match(s + j, lim - j, "các", true);
    if (c) {
        j = kl_lex_skip_spaces(s, lim, j + c);
    } else if (u) {
        /* "UBND huyện, thành phố": the plural without "các" (SPEC normalizes it) */
        size_t e1 = group_unit(x, j, lim);
        if (e1 == j || e1 >= lim || s[e1] != ',')
            return i;
        *need_cac = true;
    } else {
        return i;
    }
    size_t e = group_unit(x, j, lim);
    if (e == j)
        return i;
    for (;;) {
        size_t k = e;
        if (k < lim && (s[k] == ',' || s[k] == '/'))
            k++;
        else {
            size_t sp = kl_lex_skip_spaces(s, lim, k);
            size_t v = kl_lex_match(s + sp, lim - sp, "và", true);
            if (!v)
                break;
            k = sp + v;
        }
        k = kl_lex_skip_spaces(s, lim, k);
        size_t c2 = kl_lex_match(s + k, lim - k, "các", true);
        if (c2)
            k = kl_lex_skip_spaces(s, lim, k + c2);
        size_t e2 = group_unit(x, k, lim);
        if (e2 == k)
            break;
        e = e2;
    }
    return e;
}

static const char *group_name(xrun *x, size_t i, size_t e, bool need_cac)
{
    kl_buf b;
    kl_buf_init(&b, 0);
    const char *s = x->s + i;
    size_t len = e - i;
    if (need_cac) {
        size_t u = committee_len(s, len);
        kl_buf_appends(&b, "UBND các");
        kl_buf_append(&b, s + u, len - u);
    } else {
        /* "Các cơ quan" -> "các cơ quan"; "UBND các" keeps its capitals */
        if (kl_lex_match(s, len, "các", true) && s[0] == 'C') {
            kl_buf_appendc(&b, 'c');
            kl_buf_append(&b, s + 1, len - 1);
        } else {
            kl_buf_append(&b, s, len);
        }
    }
    const char *out = b.failed == KL_OK ? kl_lex_copy(x->a, b.p, b.len) : NULL;
    kl_buf_fini(&b);
    return out;
}

/* A capitalized proper name of 1-4 words at i ("Hữu Lũng", "Si Ma Cai"). */
static size_t proper_name(const xrun *x, size_t i, size_t lim)
{
    size_t e = i, words = 0;
    while (e < lim && words < 4 && kl_lex_is_upper_at(x->s, lim, e)) {
        size_t w = kl_lex_word_end(x->s, lim, e);
        if (w == e)
            break;
        e = w;
        words++;
        if (e + 1 < lim && x->s[e] == ' ' && kl_lex_is_upper_at(x->s, lim, e + 1))
            e++;
        else
            break;
    }
    return words ? e : i;
}

/* "UBND huyện Đông Lâm", "huyện Bình Gia": a local People's Committee outside the directory.
 * SPEC: a bare district or commune becomes its People's Committee. */
static size_t local_at(xrun *x, size_t i, size_t lim, const char **name)
{
    const char *s = x->s;
    size_t j = i;
    size_t u = committee_len(s + j, lim - j);
    if (u)
        j = kl_lex_skip_spaces(s, lim, j + u);
    int which;
    size_t m = kl_lex_match_any(s + j, lim - j, local_levels, true, &which);
    if (!m || !kl_lex_is_lower_at(s, lim, j) || j + m >= lim || s[j + m] != ' ')
        return i;
    size_t k = j + m + 1;
    size_t e = proper_name(x, k, lim);
    if (e == k)
        return i;
    *name = kl_arena_printf(x->a, "UBND %s %.*s", local_levels[which], (int)(e - k), s + k);
    return e;
}

/* "các Sở: Tài chính, Kế hoạch và Đầu tư, Giao thông vận tải - Xây dựng" (SPEC:
 * distributive); one org per name, each completed with the shared head. */
static size_t distributive_at(xrun *x, size_t i, size_t lim, org_list *out)
{
    static const char *const heads[] = {"sở", "bộ", "ban", "cục", NULL};
    static const char *const canon[] = {"Sở", "Bộ", "Ban", "Cục"};
    const char *s = x->s;
    size_t c = kl_lex_match(s + i, lim - i, "các", true);
    if (!c)
        return i;
    size_t j = kl_lex_skip_spaces(s, lim, i + c);
    int which;
    size_t m = kl_lex_match_any(s + j, lim - j, heads, true, &which);
    if (!m)
        return i;
    j += m;
    if (j < lim && s[j] == ':')
        j++;
    j = kl_lex_skip_spaces(s, lim, j);
    size_t end = i, added = 0;
    while (j < lim && kl_lex_is_upper_at(s, lim, j)) {
        kl_agency_hit hit;
        const char *h = canon[which];
        if (!kl_directory_match_head(x->dir, h, strlen(h), s + j, lim - j, &hit))
            break;
        kl_x_org_add(x, out, kl_directory_name(x->dir, hit.id), hit.id, false);
        added++;
        end = j + hit.len;
        size_t k = end;
        if (k < lim && s[k] == ',')
            k++;
        k = kl_lex_skip_spaces(s, lim, k);
        size_t v = kl_lex_match(s + k, lim - k, "và", true);
        if (v)
            k = kl_lex_skip_spaces(s, lim, k + v);
        j = k;
    }
    return added ? end : i;
}

/* After a name: "tỉnh Lạng Sơn" or "tỉnh" alone belongs to it. */
static size_t name_suffix(const xrun *x, size_t e, size_t lim)
{
    size_t j = kl_lex_skip_spaces(x->s, lim, e);
    if (j == e)
        return e;
    size_t m = kl_lex_match(x->s + j, lim - j, "tỉnh", true);
    if (!m)
        return e;
    size_t k = j + m;
    if (k + 1 < lim && x->s[k] == ' ' && kl_lex_is_upper_at(x->s, lim, k + 1))
        return proper_name(x, k + 1, lim);
    return e;
}

/* One organization (or a distributive list) at i; returns its end, or i. */
static size_t one_org(xrun *x, size_t i, size_t lim, org_list *out)
{
    const char *s = x->s;
    if (kl_lex_match(s + i, lim - i, "đồng chí", true))
        return i; /* a person, not a body */
    size_t j = skip_title(x, i, lim);
    int which;
    size_t m = kl_lex_match_any(s + j, lim - j, presenter_refs, true, &which);
    if (m) {
        out->has_presenter_ref = true;
        kl_x_org_add(x, out, "", -2, false);
        return j + m;
    }
    size_t e = distributive_at(x, j, lim, out);
    if (e != j)
        return e;
    kl_agency_hit hit;
    bool named = kl_directory_match(x->dir, s + j, lim - j, &hit);
    const char *local = NULL;
    size_t le = local_at(x, j, lim, &local);
    if (named && (le == j || j + hit.len >= le)) {
        size_t ne = j + hit.len;
        const char *name = kl_directory_name(x->dir, hit.id);
        size_t nl = strlen(name);
        /* "Ủy ban nhân dân tỉnh Phú Thọ": another province's body, not our own */
        size_t tl = strlen(" tỉnh");
        if (nl > tl && strcmp(name + nl - tl, " tỉnh") == 0 && ne + 1 < lim && s[ne] == ' ' &&
            kl_lex_is_upper_at(s, lim, ne + 1)) {
            size_t pe = proper_name(x, ne + 1, lim);
            const char *place = x->province;
            size_t pl = pe - ne - 1;
            if (!place || strlen(place) != pl || memcmp(place, s + ne + 1, pl) != 0) {
                kl_x_org_add(x, out, kl_arena_printf(x->a, "%s %.*s", name, (int)pl, s + ne + 1),
                             -1, false);
                return pe;
            }
            kl_x_org_add(x, out, name, hit.id, false);
            return pe;
        }
        kl_x_org_add(x, out, name, hit.id, false);
        return name_suffix(x, ne, lim);
    }
    if (le != j) {
        kl_x_org_add(x, out, local, -1, false);
        return le;
    }
    bool need_cac;
    e = group_at(x, j, lim, &need_cac);
    if (e != j) {
        kl_x_org_add(x, out, group_name(x, j, e, need_cac), -1, true);
        return e;
    }
    return i;
}

size_t kl_x_org_list(xrun *x, size_t i, size_t lim, org_list *out)
{
    const char *s = x->s;
    out->n = 0;
    out->has_presenter_ref = false;
    size_t end = one_org(x, i, lim, out);
    if (end == i)
        return i;
    for (;;) {
        size_t k = end;
        if (k < lim && s[k] == ',')
            k++;
        k = kl_lex_skip_spaces(s, lim, k);
        size_t v = kl_lex_match(s + k, lim - k, "và", true);
        if (!v)
            v = kl_lex_match(s + k, lim - k, "cùng", true);
        if (v)
            k = kl_lex_skip_spaces(s, lim, k + v);
        if (k == end)
            break;
        size_t e = one_org(x, k, lim, out);
        if (e == k)
            break;
        end = e;
    }
    return end;
}

/* The presenter in an agenda title: "(Sở Xây dựng trình)", "(*Bộ Chỉ huy Quân sự tỉnh*)";
 * the last parenthesis that is one organization, with or without "trình". */
const char *kl_x_presenter(xrun *x, size_t start, size_t end, size_t *title_end)
{
    const char *s = x->s;
    const char *found = NULL;
    for (size_t i = start; i < end; i++) {
        const char *open = memchr(s + i, '(', end - i);
        if (!open)
            break;
        i = (size_t)(open - s);
        size_t close = i + 1;
        while (close < end && s[close] != ')' && s[close] != '(')
            close++;
        if (close >= end || s[close] != ')')
            continue;
        size_t j = kl_lex_skip_spaces(s, close, i + 1);
        if (kl_lex_match(s + j, close - j, "trình", true))
            continue; /* "(Trình Ban Thường vụ Tỉnh ủy tháng 5)": where it goes next */
        j = skip_title(x, j, close); /* "(Giám đốc Sở Xây dựng trình)" */
        kl_agency_hit hit;
        if (!kl_directory_match(x->dir, s + j, close - j, &hit))
            continue;
        size_t k = name_suffix(x, j + hit.len, close);
        k = kl_lex_skip_spaces(s, close, k);
        size_t t = kl_lex_match(s + k, close - k, "trình", true);
        if (t)
            k = kl_lex_skip_spaces(s, close, k + t);
        if (k != close)
            continue;
        found = kl_directory_name(x->dir, hit.id);
        size_t te = close + 1;
        while (te < end && (s[te] == '.' || s[te] == ' '))
            te++;
        *title_end = te;
    }
    return found;
}
