/* Folding for matching and search ("Phòng Chống DỊCH" -> "phong chong dich") and plain
 * lowercasing. Both run over whole notices and the agency directory, so ASCII goes straight
 * through a local buffer, Latin letters through a table, and only the rest asks utf8proc. */
#include "text.h"

#include <utf8proc.h>

#include "text_int.h"

/* Base letter, lowercase, of U+00C0..U+024F and U+1E00..U+1EFF, '.' where there is none
 * (those ask utf8proc). Built from the Unicode names "LATIN ... LETTER X WITH ..." and the
 * canonical decompositions; the unit test checks every entry against utf8proc. The stroke
 * letters have no decomposition but fold to their base all the same: "đ" -> "d", and "Ð"
 * (U+00D0, Eth) because converted TCVN3 files use it for "Đ". */
static const char latin_1_ext[400 + 1] =
    "aaaaaa.ceeeeiiiidnooooo.ouuuuy..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiii...jjkk.lllllll"
    "lllnnnnnn...oooooo..rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzz."
    "bbbb...cc.ddd....ffg...ikkl..nnooo..pp.....ttttuu.vyyzz........."
    ".....d..l..n.aaiioouuuuuuuuuu.aaaa..ggggkkoooo..j.d.gg..nnaa..oo"
    "aaaaeeeeiiiioooorrrruuuusstt..hhnd..zzaaeeooooooooyylnt...acclts"
    "z..b..eejj.qrryy";

static const char latin_ext_add[256 + 1] =
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
    "wwwwwwwwwwxxxxyyzzzzzzhtwya.....aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy....yy";

/* Room kept free in the local buffer for one code point's output. */
enum { LOCAL = 1024, ROOM = 64, MAX_DECOMP = 8 };

static char table_fold(int32_t cp)
{
    if (cp >= 0xC0 && cp < 0x250)
        return latin_1_ext[cp - 0xC0];
    if (cp >= 0x1E00 && cp < 0x1F00)
        return latin_ext_add[cp - 0x1E00];
    return '.';
}

static bool is_ascii_space(unsigned char u)
{
    return u == ' ' || (u >= '\t' && u <= '\r');
}

/* Fold one non-ASCII code point into out (ROOM bytes); returns bytes written. *in_space says
 * whether the output ends in a folded run of white space. Outside the table, compatibility
 * forms fold too ("ﬁ" -> "fi", full-width "Ａ" -> "a"): a search should find them. */
static size_t fold_cp(int32_t cp, char *out, bool *in_space)
{
    char t = table_fold(cp);
    if (t != '.') {
        out[0] = t;
        *in_space = false;
        return 1;
    }
    utf8proc_category_t k = utf8proc_category(cp);
    if (k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL || k == UTF8PROC_CATEGORY_ZP ||
        cp == 0x85) {
        size_t n = *in_space ? 0 : 1;
        out[0] = ' ';
        *in_space = true;
        return n;
    }
    if (k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC || k == UTF8PROC_CATEGORY_ME ||
        k == UTF8PROC_CATEGORY_CF)
        return 0; /* marks and invisible format characters ("\u200b") */
    utf8proc_int32_t d[MAX_DECOMP];
    int bound = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        cp, d, MAX_DECOMP,
        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK, &bound);
    size_t w = 0;
    if (n < 0 || n > MAX_DECOMP) {
        w = kl_utf8_encode(cp, out);
    } else {
        for (utf8proc_ssize_t j = 0; j < n; j++)
            w += kl_utf8_encode(d[j], out + w);
    }
    *in_space = false;
    return w;
}

int kl_text_fold(const char *p, size_t len, kl_buf *b)
{
    char tmp[LOCAL];
    size_t n = 0, i = 0;
    bool in_space = false;
    while (i < len) {
        if (n > LOCAL - ROOM) {
            kl_buf_append(b, tmp, n);
            n = 0;
        }
        unsigned char u = (unsigned char)p[i];
        if (u < 0x80) { /* ASCII fast path */
            i++;
            if (is_ascii_space(u)) {
                if (!in_space)
                    tmp[n++] = ' ';
                in_space = true;
                continue;
            }
            tmp[n++] = (char)(u >= 'A' && u <= 'Z' ? u + 32 : u);
            in_space = false;
            continue;
        }
        int32_t cp;
        i += kl_utf8_decode(p + i, len - i, &cp);
        n += fold_cp(cp, tmp + n, &in_space);
    }
    if (n)
        kl_buf_append(b, tmp, n);
    return b->failed;
}

int kl_text_lower(const char *p, size_t len, kl_buf *b)
{
    char tmp[LOCAL];
    size_t n = 0, i = 0;
    while (i < len) {
        if (n > LOCAL - ROOM) {
            kl_buf_append(b, tmp, n);
            n = 0;
        }
        unsigned char u = (unsigned char)p[i];
        if (u < 0x80) { /* ASCII fast path */
            tmp[n++] = (char)(u >= 'A' && u <= 'Z' ? u + 32 : u);
            i++;
            continue;
        }
        int32_t cp;
        i += kl_utf8_decode(p + i, len - i, &cp);
        n += kl_utf8_encode(kl_char_lower(cp), tmp + n);
    }
    if (n)
        kl_buf_append(b, tmp, n);
    return b->failed;
}
