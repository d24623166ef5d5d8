/* kl_text_clean, pass one: every character in one left-to-right walk. It validates UTF-8,
 * drops the BOM and invisible characters, turns CR/CRLF into LF, collapses white space,
 * removes markdown residue, composes decomposed Vietnamese (NFC) and moves old-style tones.
 * Clean stretches are not copied byte by byte: the walk only notes where a verbatim run
 * starts and copies it whole when something has to change. Pass two (pagebreak.c) then joins
 * the blank lines that are page breaks.  SPEC: EXTRACTION.md "Input" */
#include "text.h"

#include <string.h>
#include <utf8proc.h>

#include "text_int.h"

/* ASCII byte classes. C_PLAIN bytes are copied as they are. */
enum { C_PLAIN, C_SPACE, C_TAB, C_NL, C_CTRL, C_NUL, C_MD };

static const unsigned char ascii_class[128] = {
    [0x00] = C_NUL,  [0x01] = C_CTRL, [0x02] = C_CTRL, [0x03] = C_CTRL, [0x04] = C_CTRL,
    [0x05] = C_CTRL, [0x06] = C_CTRL, [0x07] = C_CTRL, [0x08] = C_CTRL, ['\t'] = C_TAB,
    ['\n'] = C_NL,   [0x0B] = C_NL,   [0x0C] = C_NL,   ['\r'] = C_NL,   [0x0E] = C_CTRL,
    [0x0F] = C_CTRL, [0x10] = C_CTRL, [0x11] = C_CTRL, [0x12] = C_CTRL, [0x13] = C_CTRL,
    [0x14] = C_CTRL, [0x15] = C_CTRL, [0x16] = C_CTRL, [0x17] = C_CTRL, [0x18] = C_CTRL,
    [0x19] = C_CTRL, [0x1A] = C_CTRL, [0x1B] = C_CTRL, [0x1C] = C_CTRL, [0x1D] = C_CTRL,
    [0x1E] = C_CTRL, [0x1F] = C_CTRL, [' '] = C_SPACE, ['#'] = C_MD,    ['*'] = C_MD,
    ['\\'] = C_MD,   ['_'] = C_MD,    [0x7F] = C_CTRL,
};

/* Limits of one NFC segment: a base letter and the marks around it. Past 30 marks in a row
 * the text is not a language (UAX #15's stream-safe format draws the same line), and the cap
 * keeps utf8proc's mark sorting linear on hostile input. */
enum { NFC_BACK = 16, NFC_FWD = 32, NFC_CAP = 256 };

/* ---- output primitives --------------------------------------------------------------- */

static bool tail_is_content(const kl_cleaner *c)
{
    return c->out_len > 0 && c->out[c->out_len - 1] != '\n';
}

/* Held-back white space meets content: a space survives inside a line, newlines survive
 * after the first content (leading blank lines go), three or more become one blank line. */
static void flush_pending(kl_cleaner *c)
{
    int pend = c->pend;
    c->pend = KL_PEND_NONE;
    if (pend == KL_PEND_NONE || c->out_len == 0)
        return;
    size_t from = c->ws_start, olen = c->ws_end - c->ws_start;
    if (pend == KL_PEND_SPACE) {
        if (!tail_is_content(c))
            return;
        if (olen == 1 && c->p[from] == ' ')
            kl_text_emit_copy(c, from, 1);
        else
            kl_text_emit_repl(c, from, olen, " ", 1);
        return;
    }
    size_t n = c->nl_count >= 2 ? 2 : 1;
    if (n == 2)
        kl_text_push_blank(c, c->out_len);
    if (olen == n && memcmp(c->p + from, "\n\n", n) == 0)
        kl_text_emit_copy(c, from, n);
    else
        kl_text_emit_repl(c, from, olen, "\n\n", n);
}

/* Copy the open verbatim run up to i. */
static void flush_run(kl_cleaner *c, size_t i)
{
    if (i > c->run)
        kl_text_emit_copy(c, c->run, i - c->run);
    c->run = i;
}

/* Input [i, i + n) is content kept as it is: it joins the open run. */
static size_t keep(kl_cleaner *c, size_t i, size_t n)
{
    if (c->run == i)
        flush_pending(c);
    return i + n;
}

/* Input [i, i + n) goes: no output, no map piece. */
static size_t drop(kl_cleaner *c, size_t i, size_t n)
{
    flush_run(c, i);
    c->run = i + n;
    return i + n;
}

static size_t on_space(kl_cleaner *c, size_t i, size_t n)
{
    flush_run(c, i);
    c->run = i + n;
    if (c->pend == KL_PEND_SPACE) {
        c->ws_end = i + n;
    } else if (c->pend == KL_PEND_NONE && tail_is_content(c)) {
        c->pend = KL_PEND_SPACE;
        c->ws_start = i;
        c->ws_end = i + n;
    }
    return i + n;
}

/* n bytes at i that break the line count times (a form feed, pdftotext's page end, and
 * U+2029 count as a paragraph). Spaces before them were line-end spaces and go. */
static size_t on_newline(kl_cleaner *c, size_t i, size_t n, int count)
{
    flush_run(c, i);
    c->run = i + n;
    if (c->pend != KL_PEND_NL) {
        c->pend = KL_PEND_NL;
        c->nl_count = 0;
        c->ws_start = i;
    }
    if (c->nl_count < 2)
        c->nl_count += count;
    c->ws_end = i + n;
    return i + n;
}

static bool at_line_start(const kl_cleaner *c, size_t i)
{
    if (c->run != i)
        return false;
    return c->pend == KL_PEND_NL || (c->pend == KL_PEND_NONE && !tail_is_content(c));
}

static bool is_ascii_punct(unsigned char b)
{
    return (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) ||
           (b >= 0x7B && b <= 0x7E);
}

/* ---- markdown residue ----------------------------------------------------------------- */

enum { K_SPACE, K_PUNCT, K_OTHER };

/* CommonMark's three kinds of neighbour; invisible format characters (a BOM before
 * "**THÔNG BÁO**") count as space, like the start and end of the text. */
static int flank_kind(const kl_cleaner *c, size_t at, bool before)
{
    if (before ? at == 0 : at >= c->len)
        return K_SPACE;
    size_t s = before ? kl_utf8_prev((const char *)c->p, at) : at;
    int32_t cp;
    if (kl_text_dec(c->p + s, c->len - s, &cp) == 0)
        return K_OTHER;
    if (cp < 0x80) {
        if (cp <= ' ' || cp == 0x7F)
            return K_SPACE;
        return is_ascii_punct((unsigned char)cp) ? K_PUNCT : K_OTHER;
    }
    utf8proc_category_t k = utf8proc_category(cp);
    if (k >= UTF8PROC_CATEGORY_ZS && k <= UTF8PROC_CATEGORY_CF)
        return K_SPACE;
    if (k >= UTF8PROC_CATEGORY_PC && k <= UTF8PROC_CATEGORY_SO)
        return K_PUNCT;
    return K_OTHER;
}

/* A run of '*' or '_' at [i, j) is emphasis when it opens or closes but not both, by
 * CommonMark's flanking rules: "**1. Dự thảo", "(*Sở Xây dựng trình*)", "\"*thích ứng" and
 * "***Nơi nhận:***" lose their stars; "(*)" (both) and "3 * 4" (neither) keep theirs. */
static bool is_emphasis(const kl_cleaner *c, size_t i, size_t j)
{
    int prev = flank_kind(c, i, true), next = flank_kind(c, j, false);
    bool left = next != K_SPACE && (next != K_PUNCT || prev != K_OTHER);
    bool right = prev != K_SPACE && (prev != K_PUNCT || next != K_OTHER);
    return left != right;
}

/* "## **THÔNG BÁO**": 1 to 6 '#' and a space at a line's start. */
static size_t on_hash(kl_cleaner *c, size_t i)
{
    const unsigned char *p = c->p;
    size_t j = i;
    while (j < c->len && j - i < 7 && p[j] == '#')
        j++;
    if (j - i <= 6 && j < c->len && (p[j] == ' ' || p[j] == '\t') && at_line_start(c, i))
        return drop(c, i, j - i);
    return keep(c, i, 1);
}

/* "\-", "\*", "\." keep the escaped character (and stop it acting as markdown); a backslash
 * ending a line is a hard break, which is only a line end here. */
static size_t on_backslash(kl_cleaner *c, size_t i)
{
    if (i + 1 < c->len) {
        unsigned char q = c->p[i + 1];
        if (is_ascii_punct(q)) { /* the pair made the character: map it to both */
            if (c->run == i)
                flush_pending(c);
            flush_run(c, i);
            kl_text_emit_repl(c, i, 2, (const char *)c->p + i + 1, 1);
            c->run = i + 2;
            return i + 2;
        }
        if (q == '\n' || q == '\r')
            return drop(c, i, 1);
    }
    return keep(c, i, 1);
}

static size_t on_markdown(kl_cleaner *c, size_t i)
{
    unsigned char b = c->p[i];
    if (b == '#')
        return on_hash(c, i);
    if (b == '\\')
        return on_backslash(c, i);
    size_t j = i;
    while (j < c->len && c->p[j] == b)
        j++;
    /* Longer runs are rules or blank fields ("Số: ____/TB"), not emphasis. */
    if (j - i <= 3 && is_emphasis(c, i, j))
        return drop(c, i, j - i);
    return keep(c, i, j - i);
}

/* ---- Vietnamese: tones and NFC ----------------------------------------------------------- */

static bool is_invisible(int32_t cp)
{
    return cp == 0xAD || cp == 0x2060 || cp == 0xFEFF || (cp >= 0x200B && cp <= 0x200F);
}

/* The code point that will follow in the output after input position j: invisible
 * characters are skipped, the end of the text reads as a space. */
static int32_t peek_next(const kl_cleaner *c, size_t j)
{
    for (int k = 0; k < 8 && j < c->len; k++) {
        int32_t cp;
        size_t n = kl_text_dec(c->p + j, c->len - j, &cp);
        if (n == 0)
            return 0xFFFD;
        if (!is_invisible(cp))
            return cp;
        j += n;
    }
    return ' ';
}

/* A toned a/e/y at i (n bytes). "hoà" -> "hòa" when the "o" just before is still in the
 * open run, so the pair is one replacement of the bytes they came from. */
static size_t on_tone(kl_cleaner *c, size_t i, int32_t cp, size_t n)
{
    const unsigned char *p = c->p;
    int32_t res[2];
    if (c->run < i) {
        int32_t before = i >= 2 ? p[i - 2] : 0;
        if (kl_text_tone_move(before, p[i - 1], cp, peek_next(c, i + n), res)) {
            char buf[8];
            size_t k = kl_utf8_encode(res[0], buf);
            k += kl_utf8_encode(res[1], buf + k);
            flush_run(c, i - 1);
            kl_text_emit_repl(c, i - 1, n + 1, buf, k);
            c->run = i + n;
            return i + n;
        }
    }
    return keep(c, i, n);
}

/* Where the NFC segment for a mark at i starts: back over the marks before it to their base
 * (the last starter, where composition begins), and one letter more when that is the "o"
 * or "u" an old tone may move to. Only bytes still in the open run can be taken back. */
static size_t nfc_start(const kl_cleaner *c, size_t i)
{
    size_t j = i;
    int starters = 0;
    for (int k = 0; k < NFC_BACK && j > c->run; k++) {
        size_t q = kl_utf8_prev((const char *)c->p, j);
        int32_t cp;
        if (kl_text_dec(c->p + q, j - q, &cp) == 0)
            break;
        bool mark = kl_text_is_mark(cp);
        if (!mark && starters == 1 && !(cp == 'o' || cp == 'O' || cp == 'u' || cp == 'U'))
            break;
        j = q;
        starters += !mark;
        if (starters == 2)
            break;
    }
    return j;
}

/* Where it ends: after the marks (and characters NFC may change) that follow i. */
static size_t nfc_end(const kl_cleaner *c, size_t i)
{
    size_t j = i;
    for (int k = 0; k < NFC_FWD && j < c->len; k++) {
        int32_t cp;
        size_t n = kl_text_dec(c->p + j, c->len - j, &cp);
        if (n == 0 || (k > 0 && !kl_text_is_mark(cp) && !kl_text_needs_nfc(cp)))
            break;
        j += n;
    }
    return j;
}

static void tone_fix(int32_t *cps, size_t n, int32_t before, int32_t after)
{
    for (size_t k = 1; k < n; k++) {
        int32_t res[2];
        int32_t b = k >= 2 ? cps[k - 2] : before;
        int32_t a = k + 1 < n ? cps[k + 1] : after;
        if (kl_text_tone_move(b, cps[k - 1], cps[k], a, res)) {
            cps[k - 1] = res[0];
            cps[k] = res[1];
        }
    }
}

/* A code point at i that NFC may change (a combining mark after "Vie", U+0340): normalize the
 * few characters around it with utf8proc, never the whole text. Sources that send decomposed
 * Vietnamese ("Vie\u0302\u0323t", "hoa\u0300") give precomposed text with new tones. */
static size_t on_nfc(kl_cleaner *c, size_t i)
{
    size_t start = nfc_start(c, i), end = nfc_end(c, i);
    utf8proc_int32_t cps[NFC_CAP];
    utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    utf8proc_ssize_t n =
        utf8proc_decompose(c->p + start, (utf8proc_ssize_t)(end - start), cps, NFC_CAP, opt);
    if (KL_NEVER(n < 0 || n > NFC_CAP))
        return keep(c, i, end - i);
    n = utf8proc_normalize_utf32(cps, n, opt);
    if (KL_NEVER(n < 0))
        return keep(c, i, end - i);
    tone_fix(cps, (size_t)n, start > 0 ? c->p[start - 1] : 0, peek_next(c, end));
    char buf[NFC_CAP * 4];
    size_t blen = 0;
    for (utf8proc_ssize_t k = 0; k < n; k++)
        blen += kl_utf8_encode(cps[k], buf + blen);
    if (blen == end - start && memcmp(buf, c->p + start, blen) == 0)
        return keep(c, i, end - i);
    if (c->run == start)
        flush_pending(c);
    flush_run(c, start);
    kl_text_emit_repl(c, start, end - start, buf, blen);
    c->run = end;
    return end;
}

/* ---- the walk ------------------------------------------------------------------------- */

static size_t on_nonascii(kl_cleaner *c, size_t i)
{
    int32_t cp;
    size_t n = kl_text_dec(c->p + i, c->len - i, &cp);
    if (n == 0) {
        c->rc = kl_err_set(c->err, KL_ERR_FORMAT, i, "invalid UTF-8 at byte %zu", i);
        return c->len;
    }
    if (cp < 0xA0) /* C1 controls; NEL is a line end */
        return cp == 0x85 ? on_newline(c, i, n, 1) : drop(c, i, n);
    if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
        cp == 0x205F || cp == 0x3000)
        return on_space(c, i, n);
    if (is_invisible(cp))
        return drop(c, i, n); /* a BOM, zero widths, soft hyphens */
    if (cp == 0x2028 || cp == 0x2029)
        return on_newline(c, i, n, cp == 0x2029 ? 2 : 1);
    if (kl_text_is_tone_candidate(cp))
        return on_tone(c, i, cp, n);
    if (kl_text_needs_nfc(cp))
        return on_nfc(c, i);
    return keep(c, i, n);
}

static size_t handle_special(kl_cleaner *c, size_t i)
{
    unsigned char b = c->p[i];
    if (b >= 0x80)
        return on_nonascii(c, i);
    switch (ascii_class[b]) {
    case C_NUL:
        c->rc = kl_err_set(c->err, KL_ERR_FORMAT, i, "binary data (NUL byte) at byte %zu", i);
        return c->len;
    case C_SPACE:
    case C_TAB:
        return on_space(c, i, 1);
    case C_NL:
        if (b == '\r' && i + 1 < c->len && c->p[i + 1] == '\n')
            return on_newline(c, i, 2, 1);
        return on_newline(c, i, 1, b == 0x0C ? 2 : 1);
    case C_CTRL:
        return drop(c, i, 1);
    case C_MD:
        return on_markdown(c, i);
    default:
        return keep(c, i, 1);
    }
}

static inline bool is_ou(unsigned char b)
{
    return b == 'o' || b == 'O' || b == 'u' || b == 'U';
}

/* Content that can open a verbatim run without a closer look. */
static inline bool starts_plain(const unsigned char *p, size_t i, size_t n)
{
    unsigned b = p[i];
    if (b < 0x80)
        return ascii_class[b] == C_PLAIN;
    if (b >= 0xC3 && b <= 0xCB)
        return true;
    return b == 0xE1 && i + 1 < n && p[i + 1] >= 0xB8 && p[i + 1] <= 0xBB;
}

/* The hot loop: advance over bytes that stay as they are and return where something needs
 * handle_special. ASCII goes by table; U+00C0..U+02FF and U+1E00..U+1EFF (every
 * Vietnamese letter) are checked inline; a non-ASCII letter after "o"/"u" may be an old tone
 * and goes to the slow path. A single space stays in the run when content follows it. */
static size_t scan_plain(kl_cleaner *c, size_t i)
{
    const unsigned char *p = c->p;
    size_t n = c->len;
    if (c->pend != KL_PEND_NONE) {
        if (!starts_plain(p, i, n))
            return i;
        flush_pending(c);
    }
    while (i < n) {
        unsigned b = p[i];
        if (b < 0x80) {
            int k = ascii_class[b];
            if (k == C_PLAIN ||
                (k == C_SPACE && i > c->run && i + 1 < n && starts_plain(p, i + 1, n))) {
                i++;
                continue;
            }
            return i;
        }
        if (b >= 0xC3 && b <= 0xCB) {
            if (i + 1 >= n || !kl_text_is_cont(p[i + 1]) ||
                (b == 0xC3 && i > c->run && is_ou(p[i - 1])))
                return i;
            i += 2;
            continue;
        }
        if (b == 0xE1 && i + 2 < n && p[i + 1] >= 0xB8 && p[i + 1] <= 0xBB &&
            kl_text_is_cont(p[i + 2])) {
            if (i > c->run && is_ou(p[i - 1]))
                return i;
            i += 3;
            continue;
        }
        return i;
    }
    return i;
}

int kl_text_pass_chars(kl_cleaner *c)
{
    size_t i = 0;
    while (i < c->len && c->rc == KL_OK) {
        i = scan_plain(c, i);
        if (i < c->len && c->rc == KL_OK)
            i = handle_special(c, i);
    }
    if (c->rc == KL_OK)
        flush_run(c, c->len);
    c->pend = KL_PEND_NONE; /* trailing spaces and blank lines go */
    return c->rc;
}

int kl_text_clean(kl_text **out, const char *bytes, size_t len, kl_arena *a, kl_error *err)
{
    kl_cleaner c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.err = err;
    c.len = len;
    char *orig = kl_arena_strndup(a, bytes, len);
    if (!orig) {
        kl_text_fail_alloc(&c, len + 1);
        goto done;
    }
    c.p = (const unsigned char *)orig;
    /* Output rarely outgrows the input (a form feed becomes "\n\n", NFC can expand);
     * the slack saves a copy then. */
    size_t cap = len / 16 + 16;
    if (kl_add_ok(cap, len, &cap))
        c.out = kl_arena_alloc(a, cap);
    if (!c.out) {
        kl_text_fail_alloc(&c, cap);
        goto done;
    }
    c.out_cap = cap;
    if (kl_text_pass_chars(&c) != KL_OK || kl_text_pass_breaks(&c) != KL_OK)
        goto done;
    kl_text *t = kl_arena_alloc(a, sizeof *t);
    if (!t) {
        kl_text_fail_alloc(&c, sizeof *t);
        goto done;
    }
    c.out[c.out_len] = '\0';
    *t = (kl_text){c.out, c.out_len, orig, len, c.segs, c.n_segs};
    *out = t;
done:
    return c.rc;
}
