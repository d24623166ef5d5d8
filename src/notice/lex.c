/* Small scanners over cleaned text, shared by notice/ and extract/. Vietnamese case folding
 * goes through the text layer's code-point helpers; ASCII takes a fast path first. */
#include "notice.h"

#include <string.h>

static int32_t lower_at(const char *p, size_t len, size_t i, size_t *n)
{
    unsigned char c = (unsigned char)p[i];
    if (c < 0x80) { /* ASCII fast path */
        *n = 1;
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    }
    int32_t cp;
    *n = kl_utf8_decode(p + i, len - i, &cp);
    return kl_char_lower(cp);
}

bool kl_lex_at_boundary(const char *p, size_t len, size_t i)
{
    if (i >= len)
        return true;
    unsigned char c = (unsigned char)p[i];
    if (c < 0x80)
        return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    int32_t cp;
    kl_utf8_decode(p + i, len - i, &cp);
    return !kl_char_is_letter(cp);
}

/* Called at every clause start with lists of literals, so bytes are compared as they are
 * first (the text is mostly lower case already) and a character is decoded and lower-cased
 * only where the bytes differ inside a non-ASCII letter. */
size_t kl_lex_match(const char *p, size_t len, const char *lit, bool whole_word)
{
    size_t i = 0, j = 0;
    while (lit[j]) {
        if (i >= len)
            return 0;
        unsigned char c = (unsigned char)p[i], l = (unsigned char)lit[j];
        if (c == l) {
            i++;
            j++;
            continue;
        }
        if (c < 0x80 || l < 0x80) {
            if (c >= 'A' && c <= 'Z' && c + 32 == l) {
                i++;
                j++;
                continue;
            }
            return 0;
        }
        /* both inside a multi-byte letter: back up to its start and compare letters */
        size_t ci = i, cj = j;
        while (ci > 0 && ((unsigned char)p[ci] & 0xC0) == 0x80)
            ci--;
        while (cj > 0 && ((unsigned char)lit[cj] & 0xC0) == 0x80)
            cj--;
        int32_t want;
        size_t lw = kl_utf8_decode(lit + cj, 4, &want), n;
        if (lower_at(p, len, ci, &n) != want)
            return 0;
        i = ci + n;
        j = cj + lw;
    }
    if (whole_word && !kl_lex_at_boundary(p, len, i))
        return 0;
    return i;
}

static unsigned char ascii_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* A cheap filter before any literal is compared, on bytes alone: the first byte (an ASCII
 * letter lower-cased; the lead byte of a Vietnamese letter is the same in both cases, as each
 * case pair is two neighbouring code points) and, when both are ASCII, the second byte.
 * Most lists are tried where none of their words start. */
size_t kl_lex_match_any(const char *p, size_t len, const char *const *lits, bool whole_word,
                        int *which)
{
    if (len == 0)
        return 0;
    unsigned char b0 = ascii_lower((unsigned char)p[0]);
    unsigned char b1 = len > 1 ? ascii_lower((unsigned char)p[1]) : 0;
    for (int k = 0; lits[k]; k++) {
        const unsigned char *lit = (const unsigned char *)lits[k];
        if (lit[0] != b0)
            continue;
        if (b0 < 0x80 && b1 < 0x80 && lit[1] < 0x80 && lit[1] != '\0' && lit[1] != b1)
            continue;
        size_t n = kl_lex_match(p, len, lits[k], whole_word);
        if (n) {
            if (which)
                *which = k;
            return n;
        }
    }
    return 0;
}

/* Scan with memchr for the needle's rarest-looking byte, the last byte of its first
 * non-ASCII letter ("ố" in "phối hợp"), not its first letter: "t", "c" and "h" begin a large
 * share of Vietnamese words. The first byte matches in either ASCII case. */
const char *kl_lex_find(const char *hay, size_t n, const char *needle, size_t m)
{
    if (m == 0 || m > n)
        return NULL;
    size_t pivot = 0;
    for (size_t i = 0; i < m; i++) {
        if ((unsigned char)needle[i] >= 0x80) {
            pivot = i;
            while (pivot + 1 < m && ((unsigned char)needle[pivot + 1] & 0xC0) == 0x80)
                pivot++;
            break;
        }
    }
    if (pivot == 0 && m > 1)
        pivot = m - 1;
    unsigned char f = (unsigned char)needle[0];
    const char *q = hay + pivot, *end = hay + n - (m - 1 - pivot);
    while (q < end) {
        q = memchr(q, needle[pivot], (size_t)(end - q));
        if (!q)
            return NULL;
        const char *start = q - pivot;
        unsigned char c = (unsigned char)start[0];
        if ((c == f || (c >= 'A' && c <= 'Z' && c + 32 == f)) &&
            memcmp(start + 1, needle + 1, m - 1) == 0)
            return start;
        q++;
    }
    return NULL;
}

size_t kl_lex_skip_spaces(const char *p, size_t len, size_t i)
{
    while (i < len && (p[i] == ' ' || p[i] == '\n' || p[i] == '\t'))
        i++;
    return i;
}

size_t kl_lex_word_end(const char *p, size_t len, size_t i)
{
    while (i < len) {
        if (!kl_lex_at_boundary(p, len, i)) {
            int32_t cp;
            i += kl_utf8_decode(p + i, len - i, &cp);
            continue;
        }
        /* "TT&TT", "Covid-19", "NN&PTNT": joiners inside a word keep it whole */
        if ((p[i] == '&' || p[i] == '-' || p[i] == '/') && i + 1 < len &&
            !kl_lex_at_boundary(p, len, i + 1) && i > 0 && p[i - 1] != ' ') {
            i++;
            continue;
        }
        break;
    }
    return i;
}

bool kl_lex_is_upper_at(const char *p, size_t len, size_t i)
{
    if (i >= len)
        return false;
    unsigned char c = (unsigned char)p[i];
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    int32_t cp;
    kl_utf8_decode(p + i, len - i, &cp);
    return kl_char_is_upper(cp);
}

bool kl_lex_is_lower_at(const char *p, size_t len, size_t i)
{
    if (i >= len)
        return false;
    unsigned char c = (unsigned char)p[i];
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    int32_t cp;
    kl_utf8_decode(p + i, len - i, &cp);
    return kl_char_is_lower(cp);
}

/* Does p[0, len) hold a line break, a tab or two spaces in a row? Eight bytes at a time,
 * with the exact zero-byte test: a hit in a word is a real one, found again byte by byte. */
static bool needs_respacing(const char *p, size_t len)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    size_t i = 0;
    for (; i + 9 <= len; i += 8) {
        uint64_t v, w;
        memcpy(&v, p + i, 8);
        memcpy(&w, p + i + 1, 8);
        uint64_t nl = v ^ (0x0A * ones), tab = v ^ (0x09 * ones);
        uint64_t two = (v ^ (0x20 * ones)) | (w ^ (0x20 * ones)); /* 0 where both are ' ' */
        if ((((nl - ones) & ~nl) | ((tab - ones) & ~tab) | ((two - ones) & ~two)) & high)
            break;
    }
    for (; i < len; i++) {
        char c = p[i];
        if (c == '\n' || c == '\t' || (c == ' ' && i + 1 < len && p[i + 1] == ' '))
            return true;
    }
    return false;
}

/* Paragraph text from the flow is already single-spaced: copy it whole, and only walk it
 * byte by byte when it holds a line break, a tab or two spaces in a row. */
char *kl_lex_copy(kl_arena *a, const char *p, size_t len)
{
    while (len && (p[0] == ' ' || p[0] == '\n' || p[0] == '\t')) {
        p++;
        len--;
    }
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\n' || p[len - 1] == '\t'))
        len--;
    char *out = kl_arena_alloc(a, len + 1);
    if (!out)
        return NULL;
    if (!needs_respacing(p, len)) {
        memcpy(out, p, len);
        out[len] = '\0';
        return out;
    }
    size_t n = 0;
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (c == ' ' || c == '\n' || c == '\t') {
            space = true;
            continue;
        }
        if (space)
            out[n++] = ' ';
        space = false;
        out[n++] = c;
    }
    out[n] = '\0';
    return out;
}

size_t kl_lex_dmy(const char *p, size_t len, kl_date *out)
{
    uint32_t d, m, y;
    size_t i = kl_parse_u32(p, len, 99, &d);
    if (i == 0 || i > 2 || i >= len || (p[i] != '/' && p[i] != '-'))
        return 0;
    char sep = p[i++];
    size_t j = kl_parse_u32(p + i, len - i, 99, &m);
    if (j == 0 || j > 2)
        return 0;
    i += j;
    if (i >= len || p[i] != sep)
        return 0;
    i++;
    size_t k = kl_parse_u32(p + i, len - i, 9999, &y);
    if (k != 4 || !kl_date_valid((int)y, (int)m, (int)d))
        return 0;
    i += k;
    if (i < len && p[i] >= '0' && p[i] <= '9')
        return 0;
    *out = (kl_date){(int16_t)y, (int8_t)m, (int8_t)d};
    return i;
}

/* Each word capitalized, the rest lower case: names and places written in capitals
 * ("PHẠM HÙNG TRƯỜNG", "LẠNG SƠN") as they are written in running text. */
char *kl_lex_title_case(kl_arena *a, const char *p, size_t len)
{
    kl_buf b;
    kl_buf_init(&b, len * 2 + 8);
    bool start = true;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t k = kl_utf8_decode(p + i, len - i, &cp);
        int32_t c = start ? kl_char_upper(cp) : kl_char_lower(cp);
        char enc[4];
        kl_buf_append(&b, enc, kl_utf8_encode(c, enc));
        start = cp == ' ';
        i += k;
    }
    char *out = b.failed == KL_OK && b.p ? kl_arena_strndup(a, b.p, b.len) : NULL;
    kl_buf_fini(&b);
    return out;
}
