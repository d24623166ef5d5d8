/* Vietnamese knowledge as data: old-to-new tone placement, which characters may need NFC, and
 * the outline markers of administrative documents. */
#include "text.h"

#include <utf8proc.h>

#include "text_int.h"

/* The five tones in one order: huyền, sắc, hỏi, ngã, nặng. */
enum { N_TONES = 5 };

typedef struct tone_row {
    int32_t base; /* the letter without a tone: 'a', 'A', ... */
    int32_t toned[N_TONES];
} tone_row;

/* Second vowels that carry the tone in the old placement ("hoà", "khoẻ", "uỷ"). */
static const tone_row second_rows[] = {
    {'a', {0x00E0, 0x00E1, 0x1EA3, 0x00E3, 0x1EA1}},
    {'A', {0x00C0, 0x00C1, 0x1EA2, 0x00C3, 0x1EA0}},
    {'e', {0x00E8, 0x00E9, 0x1EBB, 0x1EBD, 0x1EB9}},
    {'E', {0x00C8, 0x00C9, 0x1EBA, 0x1EBC, 0x1EB8}},
    {'y', {0x1EF3, 0x00FD, 0x1EF7, 0x1EF9, 0x1EF5}},
    {'Y', {0x1EF2, 0x00DD, 0x1EF6, 0x1EF8, 0x1EF4}},
};

/* First vowels that take it in the new placement ("hòa", "khỏe", "ủy"). */
static const tone_row first_rows[] = {
    {'o', {0x00F2, 0x00F3, 0x1ECF, 0x00F5, 0x1ECD}},
    {'O', {0x00D2, 0x00D3, 0x1ECE, 0x00D5, 0x1ECC}},
    {'u', {0x00F9, 0x00FA, 0x1EE7, 0x0169, 0x1EE5}},
    {'U', {0x00D9, 0x00DA, 0x1EE6, 0x0168, 0x1EE4}},
};

static const tone_row *find_toned(int32_t cp, int *tone)
{
    for (size_t r = 0; r < sizeof second_rows / sizeof second_rows[0]; r++)
        for (int t = 0; t < N_TONES; t++)
            if (second_rows[r].toned[t] == cp) {
                *tone = t;
                return &second_rows[r];
            }
    return NULL;
}

bool kl_text_is_tone_candidate(int32_t cp)
{
    /* Quick ranges first: the toned a/e/y live in Latin-1 and in U+1EA0..U+1EF9. */
    if (cp < 0xC0 || (cp > 0xFD && cp < 0x1EA0) || cp > 0x1EF9)
        return false;
    int tone;
    return find_toned(cp, &tone) != NULL;
}

bool kl_text_is_mark(int32_t cp)
{
    if (cp < 0x300)
        return false;
    utf8proc_category_t k = utf8proc_category(cp);
    return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC || k == UTF8PROC_CATEGORY_ME;
}

/* Official documents today put the tone on the first vowel of an open "oa", "oe", "uy"
 * ("hòa", "Ủy ban"), while older Word files and the corpus still say "khoá XV", "Tỉnh uỷ".
 * Only at a syllable's end: "hoàn", "toán", "khuếch" keep their tone where it is, and the
 * "u" of "quý" belongs to "qu", so "Quý IV" stays. */
bool kl_text_tone_move(int32_t before, int32_t first, int32_t second, int32_t after, int32_t out[2])
{
    if (first != 'o' && first != 'O' && first != 'u' && first != 'U')
        return false;
    int tone;
    const tone_row *row = find_toned(second, &tone);
    if (!row)
        return false;
    bool is_y = row->base == 'y' || row->base == 'Y';
    bool first_is_u = first == 'u' || first == 'U';
    if (is_y != first_is_u || (is_y && (before == 'q' || before == 'Q')))
        return false;
    if (kl_char_is_letter(after) || kl_text_is_mark(after))
        return false;
    for (size_t r = 0; r < sizeof first_rows / sizeof first_rows[0]; r++)
        if (first_rows[r].base == first) {
            out[0] = first_rows[r].toned[tone];
            out[1] = row->base;
            return true;
        }
    return false;
}

bool kl_text_needs_nfc(int32_t cp)
{
    /* Latin-1, Latin Extended-A/B, IPA (U+00C0..U+02FF) and Latin Extended Additional
     * (U+1E00..U+1EFF) hold every Vietnamese letter, precomposed: nothing there changes under
     * NFC on its own. The combining marks start at U+0300. Conjoining Hangul jamo (no mark,
     * no decomposition) are not composed: not a script these notices use. */
    if (cp < 0x300 || (cp >= 0x1E00 && cp <= 0x1EFF))
        return false;
    const utf8proc_property_t *prop = utf8proc_get_property(cp);
    if (prop->combining_class != 0)
        return true;
    return prop->decomp_seqindex != UINT16_MAX && prop->decomp_type == 0;
}

/* ---- outline markers ------------------------------------------------------------------- */

static bool is_digit(unsigned char b)
{
    return b >= '0' && b <= '9';
}

static bool is_roman(unsigned char b)
{
    return b == 'I' || b == 'V' || b == 'X' || b == 'L' || b == 'C';
}

static bool is_lower_roman(unsigned char b)
{
    return b == 'i' || b == 'v' || b == 'x';
}

/* A marker must be followed by white space or end its line: "2030. Bổ sung" is a year ending
 * a sentence, "2. Bổ sung" an item. */
static size_t marker_end(const char *p, size_t n, size_t k)
{
    if (k == n || p[k] == ' ' || p[k] == '\n')
        return k;
    return 0;
}

/* "1.", "2)", "1.2.", "II.", "a)", "đ)", "A." */
static size_t numbered_len(const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t k = 0;
    if (is_digit(u[0])) {
        for (;;) {
            size_t d = k;
            while (k < n && k - d < 4 && is_digit(u[k]))
                k++;
            if (k - d == 0 || k - d > 3)
                return 0;
            if (k < n && u[k] == '.' && k + 1 < n && is_digit(u[k + 1])) {
                k++;
                continue;
            }
            break;
        }
    } else if (n >= 2 && u[0] == 0xC4 && (u[1] == 0x91 || u[1] == 0x90)) {
        k = 2; /* "đ)": Vietnamese lists run a, b, c, d, đ, e */
    } else if (is_roman(u[0])) {
        while (k < n && k < 7 && is_roman(u[k]))
            k++;
    } else if ((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z')) {
        k = 1;
    } else {
        return 0;
    }
    if (k >= n || (u[k] != '.' && u[k] != ')'))
        return 0;
    return marker_end(p, n, k + 1);
}

/* "(1)", "(a)", "(iv)", "(II)" */
static size_t paren_len(const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t k = 1;
    while (
        k < n && k < 5 &&
        (is_digit(u[k]) || is_roman(u[k]) || is_lower_roman(u[k]) || (u[k] >= 'a' && u[k] <= 'z')))
        k++;
    if (k == 1 || k >= n || u[k] != ')')
        return 0;
    return marker_end(p, n, k + 1);
}

static const int32_t bullets[] = {
    '-',    '+',    '*',    0x2022, 0x2023, 0x25E6, 0x25AA, 0x25A0, 0x25A1,
    0x25CF, 0x25CB, 0x25BA, 0x27A2, 0x2013, 0x2014, 0x00B7, 0x2043, 0x2219,
};

/* "- ", "+ ", "• ", and "-Nội dung" without the space; "-5" is a number, not a bullet. */
static size_t bullet_len(const char *p, size_t n)
{
    int32_t cp;
    size_t k = kl_text_dec((const unsigned char *)p, n, &cp);
    if (k == 0)
        return 0;
    for (size_t b = 0; b < sizeof bullets / sizeof bullets[0]; b++)
        if (bullets[b] == cp) {
            if (k < n && is_digit((unsigned char)p[k]))
                return 0;
            return k;
        }
    return 0;
}

size_t kl_text_marker_len(const char *p, size_t n, bool *is_bullet)
{
    *is_bullet = false;
    if (n == 0)
        return 0;
    size_t k = p[0] == '(' ? paren_len(p, n) : numbered_len(p, n);
    if (k)
        return k;
    k = bullet_len(p, n);
    *is_bullet = k != 0;
    return k;
}
