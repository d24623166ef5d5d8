/* agency tokens: how text and data are cut into the words that names are matched on. The same
 * code reads the tables at load and the notices at match time, so both sides normalize alike.
 * It runs at every word start of every notice: ASCII takes a fast path before utf8proc. */
#include "../text/text.h"
#include "agency_int.h"

#include <string.h>

#include <utf8proc.h>

enum { CL_SEP, CL_NEWLINE, CL_WORD, CL_PUNCT, CL_BAD };

/* Generic equivalences, so the data need not list every spelling: "&" is "và" ("Sở KH&ĐT"),
 * "UBND"/"HĐND" are "Ủy ban nhân dân"/"Hội đồng nhân dân" (SPEC: EXTRACTION.md
 * "Organizations"), "TP"/"TX" are "thành phố"/"thị xã" ("UBND TP Lạng Sơn"). */
static const struct {
    const char *tok, *norm, *tok_fold, *fold;
} expansions[] = {
    {"&", "và", "&", "va"},
    {"ubnd", "ủy ban nhân dân", "ubnd", "uy ban nhan dan"},
    {"hđnd", "hội đồng nhân dân", "hdnd", "hoi dong nhan dan"},
    {"tp", "thành phố", "tp", "thanh pho"},
    {"tx", "thị xã", "tx", "thi xa"},
};

/* Tones in the order sắc, huyền, hỏi, ngã, nặng, for the vowels that old-style placement
 * moves: "hoá" puts the tone on "a" where NFC text of our era has "hóa". */
static const int32_t tone_a[5] = {0xE1, 0xE0, 0x1EA3, 0xE3, 0x1EA1};
static const int32_t tone_e[5] = {0xE9, 0xE8, 0x1EBB, 0x1EBD, 0x1EB9};
static const int32_t tone_y[5] = {0xFD, 0x1EF3, 0x1EF7, 0x1EF9, 0x1EF5};
static const int32_t tone_o[5] = {0xF3, 0xF2, 0x1ECF, 0xF5, 0x1ECD};
static const int32_t tone_u[5] = {0xFA, 0xF9, 0x1EE7, 0x169, 0x1EE5};

uint32_t kl_agency_hash(const char *p, size_t len)
{
    /* Eight bytes a step: a token is a few bytes, and this runs once per word of a notice. */
    uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    if (i < len) {
        uint64_t w = 0;
        for (size_t j = 0; i + j < len; j++)
            w |= (uint64_t)(unsigned char)p[i + j] << (8 * j);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    }
    h ^= h >> 29;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 32;
    return (uint32_t)h;
}

static int class_of_cp(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return CL_WORD;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return CL_NEWLINE;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_CF: /* soft hyphen, zero-width space: copied-PDF debris */
        return CL_SEP;
    default:
        return CL_PUNCT;
    }
}

/* Hot path: Vietnamese letters are Latin-1, Latin Extended-A/B ("ă", "đ", "ơ", "ư") and
 * U+1EA0..U+1EF9 ("ạ" ... "ỹ"); they are classified and lowercased here without utf8proc. */
static inline bool is_viet_letter(int32_t cp)
{
    return (cp >= 0x1EA0 && cp <= 0x1EF9) ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

/* Decode a 2- or 3-byte sequence whose lead needs no range check (C2..DF, E1..EC, EE, EF);
 * 0 for anything else, which utf8proc then decodes and validates. */
static inline size_t decode_common(const unsigned char *u, size_t len, int32_t *cp)
{
    unsigned char c = u[0];
    if (c >= 0xC2 && c <= 0xDF && len >= 2 && (u[1] & 0xC0) == 0x80) {
        *cp = ((int32_t)(c & 0x1F) << 6) | (u[1] & 0x3F);
        return 2;
    }
    if (c >= 0xE1 && c <= 0xEF && c != 0xED && len >= 3 && (u[1] & 0xC0) == 0x80 &&
        (u[2] & 0xC0) == 0x80) {
        *cp = ((int32_t)(c & 0x0F) << 12) | ((int32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
        return 3;
    }
    return 0;
}

/* Class of the code point at p[0..len); *cp and *n receive it and its length. */
static inline int class_at(const char *p, size_t len, int32_t *cp, size_t *n)
{
    const unsigned char *u = (const unsigned char *)p;
    unsigned char c = u[0];
    if (c < 0x80) {
        *cp = c;
        *n = 1;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            return CL_WORD;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f')
            return CL_SEP;
        return c == '\n' ? CL_NEWLINE : CL_PUNCT;
    }
    *n = decode_common(u, len, cp);
    if (*n > 0 && is_viet_letter(*cp))
        return CL_WORD;
    if (*n == 0) {
        utf8proc_ssize_t k = utf8proc_iterate(u, (utf8proc_ssize_t)len, cp);
        if (k <= 0)
            return CL_BAD;
        *n = (size_t)k;
    }
    return class_of_cp(*cp);
}

static inline int32_t lower_cp(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp >= 0x1EA0 && cp <= 0x1EF9)
        return cp | 1; /* pairs: upper even, lower odd */
    if (cp >= 0xDF && cp <= 0xFF)
        return cp;
    return utf8proc_tolower(cp);
}

/* The folded (mark- and case-blind) form of one code point; 0 to drop it. */
static int32_t fold_cp(int32_t cp)
{
    if (cp < 0x80)
        return lower_cp(cp);
    int32_t lc = utf8proc_tolower(cp);
    if (lc == 0x111) /* "đ" has no decomposition but folds to "d" in every search box */
        return 'd';
    utf8proc_int32_t dst[8];
    utf8proc_ssize_t n = utf8proc_decompose_char(lc, dst, 8, UTF8PROC_DECOMPOSE, NULL);
    if (n < 1 || n > 8)
        return lc;
    if (utf8proc_category(dst[0]) == UTF8PROC_CATEGORY_MN)
        return 0;
    return dst[0];
}

static int tone_index(int32_t cp, const int32_t set[5])
{
    for (int i = 0; i < 5; i++)
        if (set[i] == cp)
            return i;
    return -1;
}

/* Old-style "hoá", "thuỷ", "khoẻ" become "hóa", "thủy", "khỏe": in a final "oa", "oe", "uy"
 * the tone goes on the first vowel. "quý" keeps its tone: there "u" belongs to "qu". lc are
 * the last three code points of a word, lowercase; on a move, *first and *last replace the
 * last two. */
static bool tone_move(const int32_t lc[3], size_t n_cp, int32_t *first, int32_t *last)
{
    if (n_cp < 2)
        return false;
    int tone = -1;
    if (lc[1] == 'o') {
        tone = tone_index(lc[2], tone_a);
        *last = 'a';
        if (tone < 0) {
            tone = tone_index(lc[2], tone_e);
            *last = 'e';
        }
        if (tone >= 0)
            *first = tone_o[tone];
    } else if (lc[1] == 'u' && !(n_cp >= 3 && lc[0] == 'q')) {
        tone = tone_index(lc[2], tone_y);
        *last = 'y';
        if (tone >= 0)
            *first = tone_u[tone];
    }
    return tone >= 0;
}

/* cps: the token's last three code points; at1: where the second last starts in t->buf. */
static void fix_tone(kl_agency_tok *t, const int32_t cps[3], size_t at1, size_t n_cp)
{
    int32_t first, last;
    if (!tone_move(cps, n_cp, &first, &last))
        return;
    /* The rewrite never grows the token: a toned "o"/"u" is no longer than the toned vowel. */
    size_t pos = at1;
    pos += kl_utf8_encode(first, t->buf + pos);
    t->buf[pos++] = (char)last;
    t->len = pos;
    t->hash = kl_agency_hash(t->buf, pos);
}

static void put_utf8(kl_buf *b, int32_t cp)
{
    char enc[4];
    kl_buf_append(b, enc, kl_utf8_encode(cp, enc));
}

/* The end of one word of p[start..end) (orig its last three code points, at their byte
 * positions): with the tone moved, keeping each letter's case ("HOÁ" -> "HÓA"). */
static void tone_word_end(kl_buf *out, const int32_t orig[3], size_t n_cp, const char *p,
                          size_t at1, size_t end)
{
    int32_t lc[3], first, last;
    for (int i = 0; i < 3; i++)
        lc[i] = lower_cp(orig[i]);
    if (!tone_move(lc, n_cp, &first, &last)) {
        kl_buf_append(out, p + at1, end - at1);
        return;
    }
    put_utf8(out, orig[1] != lc[1] ? utf8proc_toupper(first) : first);
    put_utf8(out, orig[2] != lc[2] ? utf8proc_toupper(last) : last);
}

int kl_agency_tone_fix(const char *p, size_t len, kl_buf *out)
{
    int32_t cps[3] = {0, 0, 0};
    size_t at[3] = {0, 0, 0};
    size_t n_cp = 0, flushed = 0, i = 0;
    while (i <= len) {
        int32_t cp = 0;
        size_t n = 1;
        int cl = i < len ? class_at(p + i, len - i, &cp, &n) : CL_SEP;
        if (cl == CL_BAD)
            return KL_ERR_FORMAT;
        if (cl == CL_WORD) {
            cps[0] = cps[1];
            cps[1] = cps[2];
            cps[2] = cp;
            at[0] = at[1];
            at[1] = at[2];
            at[2] = i;
            n_cp++;
        } else if (n_cp > 0) {
            size_t from = n_cp >= 2 ? at[1] : i;
            kl_buf_append(out, p + flushed, from - flushed);
            tone_word_end(out, cps, n_cp, p, from, i);
            flushed = i;
            n_cp = 0;
        }
        i += n;
    }
    kl_buf_append(out, p + flushed, len - flushed);
    return out->failed;
}

static inline bool ascii_word(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u;
}

/* A run of letters, marks and digits from p[*pos] into t; returns false on bytes that are not
 * UTF-8. This is the matcher's inner loop: ASCII letters (half of Vietnamese text) skip the
 * decoder, and the bytes go to a local cursor. */
static bool read_word(const char *p, size_t len, size_t *pos, bool fold, kl_agency_tok *t)
{
    /* The last three code points and where the last two start, in scalars: the loop keeps them
     * in registers for the tone fix at the end. */
    int32_t c0 = 0, c1 = 0, c2 = 0;
    size_t a1 = 0, a2 = 0;
    size_t n_cp = 0, k = 0, i = *pos;
    bool too_long = false;
    while (i < len) {
        unsigned char c = (unsigned char)p[i];
        int32_t cp;
        size_t n = 1;
        if (c < 0x80) {
            if (!ascii_word(c))
                break;
            cp = c | 0x20; /* lowercase; digits already have the bit */
        } else {
            int cl = class_at(p + i, len - i, &cp, &n);
            if (cl == CL_BAD)
                return false;
            if (cl != CL_WORD)
                break;
            cp = fold ? fold_cp(cp) : lower_cp(cp);
        }
        i += n;
        if (cp == 0)
            continue; /* a mark that folding drops */
        c0 = c1;
        c1 = c2;
        c2 = cp;
        a1 = a2;
        a2 = k;
        n_cp++;
        if (k + 4 > KL_AGENCY_TOKEN_MAX) {
            too_long = true;
            continue;
        }
        k += kl_utf8_encode(cp, t->buf + k);
    }
    *pos = i;
    t->len = k;
    t->hash = kl_agency_hash(t->buf, k);
    t->too_long = too_long;
    if (!fold && !too_long && c2 >= 0x80) {
        const int32_t cps[3] = {c0, c1, c2};
        fix_tone(t, cps, a1, n_cp);
    }
    return true;
}

/* Dashes of every width are one hyphen: "Giao thông vận tải – Xây dựng" is typed both ways. */
static int32_t punct_norm(int32_t cp)
{
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
        return '-';
    return cp;
}

bool kl_agency_next_token(const char *p, size_t len, size_t *pos, bool fold, kl_agency_tok *t)
{
    size_t i = *pos;
    int newlines = 0;
    int32_t cp = 0;
    size_t n = 1;
    int cl;
    for (;;) {
        if (i >= len)
            return false;
        if ((unsigned char)p[i] < 0x80 && ascii_word((unsigned char)p[i])) {
            cl = CL_WORD;
            break;
        }
        cl = class_at(p + i, len - i, &cp, &n);
        if (cl == CL_BAD)
            return false;
        if (cl == CL_NEWLINE && ++newlines >= 2)
            return false; /* a blank line: a name never runs across a paragraph */
        if (cl == CL_WORD || cl == CL_PUNCT)
            break;
        i += n;
    }
    t->start = i;
    if (cl == CL_PUNCT) {
        t->len = kl_utf8_encode(punct_norm(cp), t->buf);
        t->hash = kl_agency_hash(t->buf, t->len);
        t->too_long = false;
        t->is_word = false;
        i += n;
    } else {
        t->is_word = true;
        if (!read_word(p, len, &i, fold, t))
            return false;
    }
    t->end = i;
    *pos = i;
    return true;
}

/* One bit of kl_directory.first_bits for the first three code points of a word (0 past its
 * end). Three, because two are too common a start: "th", "tr", "ch", "ng". */
static uint32_t triple_bit(const int32_t c[3])
{
    uint32_t h =
        (uint32_t)c[0] * 0x9E3779B1u + (uint32_t)c[1] * 0x85EBCA77u + (uint32_t)c[2] * 0xC2B2AE3Du;
    return (h >> 13) & (KL_AGENCY_FIRST_BITS - 1);
}

/* The lowercase letter or digit at u[0..len) and its length, 0 if none. The prefilter's only
 * decoder: Vietnamese letters (Latin-1 and Extended A/B, U+1EA0..U+1EF9) take no call. */
static inline size_t word_cp_lower(const unsigned char *u, size_t len, int32_t *cp)
{
    unsigned char b = u[0];
    if (b < 0x80) {
        *cp = b | 0x20;
        return ascii_word(b) ? 1 : 0;
    }
    if (b >= 0xC3 && b <= 0xC6 && len >= 2 && (u[1] & 0xC0) == 0x80) {
        int32_t c = ((int32_t)(b & 0x1F) << 6) | (u[1] & 0x3F);
        if (c != 0xD7 && c != 0xF7) { /* U+00C0..U+01BF are letters but "×" and "÷" */
            *cp = lower_cp(c);
            return 2;
        }
    }
    size_t n;
    if (class_at((const char *)u, len, cp, &n) != CL_WORD)
        return 0;
    *cp = lower_cp(*cp);
    return n;
}

uint32_t kl_agency_first_bit(const char *p, size_t len)
{
    const unsigned char *u = (const unsigned char *)p;
    int32_t c[3] = {0, 0, 0};
    size_t n = word_cp_lower(u, len, &c[0]);
    if (n == 0)
        return UINT32_MAX;
    size_t m = n < len ? word_cp_lower(u + n, len - n, &c[1]) : 0;
    if (m == 0)
        c[1] = 0;
    else if (n + m < len && word_cp_lower(u + n + m, len - n - m, &c[2]) == 0)
        c[2] = 0;
    return triple_bit(c);
}

/* The same word in old tone placement, if the tone fix would turn it into c[0..n): "ủy" was
 * "uỷ", "thủy" was "thuỷ". Returns false when there is no such word. */
static bool old_placement(const int32_t *c, size_t n, int32_t *old)
{
    if (n < 2)
        return false;
    int32_t v = c[n - 2], last = c[n - 1];
    int to = tone_index(v, tone_o), tu = tone_index(v, tone_u);
    for (size_t i = 0; i < n; i++)
        old[i] = c[i];
    if (to >= 0 && (last == 'a' || last == 'e')) {
        old[n - 2] = 'o';
        old[n - 1] = (last == 'a' ? tone_a : tone_e)[to];
        return true;
    }
    if (tu >= 0 && last == 'y' && !(n >= 3 && c[n - 3] == 'q')) {
        old[n - 2] = 'u';
        old[n - 1] = tone_y[tu];
        return true;
    }
    return false;
}

size_t kl_agency_token_bits(const char *tok, size_t len, uint32_t bits[2])
{
    int32_t c[KL_AGENCY_TOKEN_MAX] = {0}, old[KL_AGENCY_TOKEN_MAX + 3] = {0};
    size_t n_cp = 0, i = 0;
    while (i < len && n_cp < KL_AGENCY_TOKEN_MAX - 3) {
        size_t n;
        if (class_at(tok + i, len - i, &c[n_cp], &n) == CL_BAD)
            return 0;
        n_cp++;
        i += n;
    }
    size_t k = 0;
    bits[k++] = triple_bit(c);
    /* The tone fix rewrites the last two code points, so text in old placement may start
     * a short word with other letters. */
    if (old_placement(c, n_cp, old))
        bits[k++] = triple_bit(old);
    return k;
}

bool kl_agency_is_word(const char *p, size_t len)
{
    int32_t cp;
    size_t n;
    return len > 0 && class_at(p, len, &cp, &n) == CL_WORD;
}

int kl_agency_fold_append(const char *p, size_t len, kl_buf *b)
{
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n;
        if (class_at(p + i, len - i, &cp, &n) == CL_BAD)
            return kl_buf_append(b, p + i, len - i); /* cannot happen: tokens are UTF-8 */
        i += n;
        int32_t f = fold_cp(cp);
        if (f == 0)
            continue;
        put_utf8(b, f);
    }
    return b->failed;
}

const char *kl_agency_expansion_token(size_t i)
{
    return i < sizeof expansions / sizeof expansions[0] ? expansions[i].tok : NULL;
}

bool kl_agency_only_space(const char *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n;
        int cl = class_at(p + i, len - i, &cp, &n);
        if (cl != CL_SEP && cl != CL_NEWLINE)
            return false;
        i += n;
    }
    return true;
}

const char *kl_agency_expansion(const char *tok, size_t len, bool fold)
{
    for (size_t i = 0; i < sizeof expansions / sizeof expansions[0]; i++) {
        const char *s = fold ? expansions[i].tok_fold : expansions[i].tok;
        if (strlen(s) == len && memcmp(s, tok, len) == 0)
            return fold ? expansions[i].fold : expansions[i].norm;
    }
    return NULL;
}
