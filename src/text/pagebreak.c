/* kl_text_clean, pass two: page breaks. Text copied from a PDF or Word file breaks pages
 * inside sentences and even words, and the copy shows each break as a blank line:
 *     "... Sở Kế hoạch và Đầu tư tiếp tục rà\n\nsoát, cập nhật thông tin ..."
 * Every blank line pass one left is judged here, left to right, and the ones that are page
 * breaks become a space ("rà soát") or nothing ("Covid-\n\n19" -> "Covid-19"). Single
 * newlines stay: what a line break means is for notice/ to say.
 * SPEC: EXTRACTION.md "Input" */
#include "text.h"

#include <string.h>

#include "text_int.h"

enum { KEEP, JOIN_SPACE, JOIN_TIGHT };

/* A line this long that ends in a lowercase letter is prose cut by a page, not a heading:
 * "1. Về kết quả nổi bật trong 6 tháng đầu năm" (43 characters) is a heading. */
enum { PROSE_MIN = 60, PROSE_SCAN = 240 };

/* What is known of the line that ends the paragraph before a blank line. After a join the
 * line goes on into the next paragraph, so the counts carry over and each byte is read
 * once: a thousand joined breaks in one line stay linear. */
typedef struct line_stats {
    size_t start;   /* cleaned offset where the line begins */
    size_t scanned; /* counts cover [start, scanned) */
    size_t n_chars, n_upper, n_lower;
    bool numbered; /* begins with "1.", "II.", "a)", "(3)" */
} line_stats;

static void line_reset(line_stats *ls, const char *t, size_t len, size_t start)
{
    bool bullet;
    ls->start = ls->scanned = start;
    ls->n_chars = ls->n_upper = ls->n_lower = 0;
    ls->numbered = kl_text_marker_len(t + start, len - start, &bullet) != 0 && !bullet;
}

static void line_scan(line_stats *ls, const char *t, size_t to)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t i = ls->scanned;
    /* A line's first characters tell a heading from prose; a 1 MB line is not read whole. */
    while (i < to && ls->n_chars < PROSE_SCAN) {
        int32_t cp = u[i];
        size_t n = u[i] < 0x80 ? 1 : kl_text_dec(u + i, to - i, &cp);
        i += n ? n : 1;
        ls->n_chars++;
        if (kl_char_is_upper(cp))
            ls->n_upper++;
        else if (kl_char_is_lower(cp))
            ls->n_lower++;
    }
    ls->scanned = i < to ? i : to;
}

/* Long, mostly lowercase, and not a numbered heading. A bulleted line may be prose: the
 * corpus has "- Các cơ quan, đơn vị ... phải sớm đề xuất nội dung trình kỳ họp\n\nHĐND tỉnh
 * cuối năm 2021)." where the bullet's sentence runs over the page. */
static bool is_prose(line_stats *ls, const char *t, size_t end)
{
    if (ls->numbered)
        return false;
    line_scan(ls, t, end);
    return ls->n_chars >= PROSE_MIN && ls->n_lower > ls->n_upper;
}

static bool is_digit(int32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* The blank line at k ("\n\n"), with the line before it described by ls. */
static int decide(const char *t, size_t len, line_stats *ls, size_t k)
{
    size_t next = k + 2;
    bool bullet;
    /* "1.", "II.", "a)", "(3)", "-", "+", "•": a new item, whatever came before. */
    if (kl_text_marker_len(t + next, len - next, &bullet))
        return KEEP;
    int32_t first, last, before = 0;
    kl_utf8_decode(t + next, len - next, &first);
    size_t e = kl_utf8_prev(t, k);
    kl_utf8_decode(t + e, k - e, &last);
    if (e > 0) {
        size_t e2 = kl_utf8_prev(t, e);
        kl_utf8_decode(t + e2, e - e2, &before);
    }
    /* "công tác phòng chống dịch Covid-\n\n19 trên địa bàn" */
    if (last == '-' && (kl_char_is_letter(before) || is_digit(before)))
        return JOIN_TIGHT;
    /* "rà\n\nsoát", "7 hạn chế,\n\nyếu kém", "thủy điện: Yêu\n\ncầu"; but after a lead-in
     * ("như sau:") a lowercase paragraph may be an unmarked list item. */
    if (kl_char_is_lower(first))
        return last == ':' ? KEEP : JOIN_SPACE;
    if (!kl_char_is_lower(last))
        return KEEP; /* ".", ";", ":", ")", a digit, "THÔNG BÁO": a real paragraph end */
    /* "đô thị loại I vào năm\n\n2030. Bổ sung"; "2. " was caught as a marker above. */
    if (is_digit(first))
        return JOIN_SPACE;
    /* "Quyết định số 1970/QĐ-TTg ngày 23/11/2021 của\n\nThủ tướng Chính phủ" */
    if (kl_char_is_upper(first) && is_prose(ls, t, k))
        return JOIN_SPACE;
    return KEEP;
}

/* Rebuild the map around the joins: a join inside an identity piece splits it, the
 * "\n\n" itself becomes a one-byte replacement (JOIN_SPACE) or nothing (JOIN_TIGHT). */
static bool remap(kl_cleaner *c, unsigned char *kind, size_t n_join)
{
    size_t cap;
    if (!kl_mul_ok(n_join, 2, &cap) || !kl_add_ok(cap, c->n_segs, &cap))
        return kl_text_fail_alloc(c, SIZE_MAX);
    kl_text_seg *ns = kl_arena_calloc(c->a, cap, sizeof *ns);
    if (!ns)
        return kl_text_fail_alloc(c, cap * sizeof *ns);
    size_t m = 0, b = 0, delta = 0;
    for (size_t s = 0; s < c->n_segs; s++) {
        kl_text_seg g = c->segs[s];
        bool ident = g.olen == KL_SEG_IDENT;
        size_t end = s + 1 < c->n_segs ? c->segs[s + 1].clean : c->out_len;
        size_t cur = g.clean;
        for (; b < c->n_blanks && c->blanks[b] < end; b++) {
            if (kind[b] == KEEP)
                continue;
            size_t k = c->blanks[b];
            bool space = kind[b] == JOIN_SPACE;
            /* Pass one emits a blank line whole: copied, or one replacement piece. */
            if (!KL_ALWAYS(k >= cur && k + 2 <= end && (ident || (k == cur && end == k + 2)))) {
                kind[b] = KEEP;
                continue;
            }
            if (ident && k > cur)
                ns[m++] = (kl_text_seg){cur - delta, g.orig + (cur - g.clean), KL_SEG_IDENT};
            if (space)
                ns[m++] = (kl_text_seg){k - delta, ident ? g.orig + (k - g.clean) : g.orig,
                                        ident ? 2 : g.olen};
            cur = k + 2;
            delta += space ? 1 : 2;
        }
        if (cur < end)
            ns[m++] = (kl_text_seg){cur - delta, ident ? g.orig + (cur - g.clean) : g.orig, g.olen};
    }
    c->segs = ns;
    c->n_segs = m;
    c->cap_segs = cap;
    return true;
}

/* Rewrite the text in place: every join only shrinks it. */
static void compact(kl_cleaner *c, const unsigned char *kind)
{
    size_t w = 0, r = 0;
    for (size_t b = 0; b < c->n_blanks; b++) {
        if (kind[b] == KEEP)
            continue;
        size_t k = c->blanks[b];
        memmove(c->out + w, c->out + r, k - r);
        w += k - r;
        if (kind[b] == JOIN_SPACE)
            c->out[w++] = ' ';
        r = k + 2;
    }
    memmove(c->out + w, c->out + r, c->out_len - r);
    c->out_len = w + (c->out_len - r);
}

int kl_text_pass_breaks(kl_cleaner *c)
{
    if (c->rc != KL_OK || c->n_blanks == 0)
        return c->rc;
    unsigned char *kind = kl_arena_alloc(c->a, c->n_blanks);
    if (!kind) {
        kl_text_fail_alloc(c, c->n_blanks);
        return c->rc;
    }
    const char *t = c->out;
    line_stats ls;
    line_reset(&ls, t, c->out_len, 0);
    size_t chunk = 0, n_join = 0;
    for (size_t b = 0; b < c->n_blanks; b++) {
        size_t k = c->blanks[b];
        /* The last line before k starts after the last newline since the previous blank
         * line; with none, it is the previous paragraph's line if that one was joined. */
        size_t q = k;
        while (q > chunk && t[q - 1] != '\n')
            q--;
        if (q > chunk || b == 0 || kind[b - 1] == KEEP)
            line_reset(&ls, t, c->out_len, q);
        kind[b] = (unsigned char)decide(t, c->out_len, &ls, k);
        n_join += kind[b] != KEEP;
        chunk = k + 2;
    }
    if (n_join == 0 || !remap(c, kind, n_join))
        return c->rc;
    compact(c, kind);
    return c->rc;
}
