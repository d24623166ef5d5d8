/* UTF-8 coding and character classes. Classes and case come from utf8proc (Unicode's tables),
 * after an ASCII fast path: most bytes of a notice are ASCII. */
#include "text.h"

#include <utf8proc.h>

#include "text_int.h"

size_t kl_utf8_decode(const char *p, size_t len, int32_t *cp)
{
    if (len == 0) {
        *cp = 0xFFFD;
        return 0;
    }
    size_t n = kl_text_dec((const unsigned char *)p, len, cp);
    if (n == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return n;
}

size_t kl_utf8_encode(int32_t cp, char *out)
{
    uint32_t u = (uint32_t)cp;
    /* Not a scalar value (a surrogate, past U+10FFFF, negative): write U+FFFD so the output
     * stays valid UTF-8 whatever a caller computed. */
    if (u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
        u = 0xFFFD;
    if (u < 0x80) {
        out[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        out[0] = (char)(0xC0 | (u >> 6));
        out[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    if (u < 0x10000) {
        out[0] = (char)(0xE0 | (u >> 12));
        out[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        out[2] = (char)(0x80 | (u & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (u >> 18));
    out[1] = (char)(0x80 | ((u >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((u >> 6) & 0x3F));
    out[3] = (char)(0x80 | (u & 0x3F));
    return 4;
}

size_t kl_utf8_prev(const char *p, size_t i)
{
    if (i == 0)
        return 0;
    const unsigned char *u = (const unsigned char *)p;
    size_t j = i - 1;
    /* At most three continuation bytes precede a lead; more means bad bytes, and the byte
     * just before i is then taken alone. */
    while (j > 0 && i - j < 4 && kl_text_is_cont(u[j]))
        j--;
    int32_t cp;
    if (kl_text_dec(u + j, i - j, &cp) != i - j)
        return i - 1;
    return j;
}

static bool ascii_alpha(int32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

bool kl_char_is_letter(int32_t cp)
{
    if (cp < 0x80)
        return ascii_alpha(cp);
    utf8proc_category_t k = utf8proc_category(cp);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

bool kl_char_is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t k = utf8proc_category(cp);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

bool kl_char_is_lower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

int32_t kl_char_lower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    return utf8proc_tolower(cp);
}

int32_t kl_char_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
    return utf8proc_toupper(cp);
}
