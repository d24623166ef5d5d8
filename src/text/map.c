/* The cleaned text's map back to the original bytes: built by the emitters as the cleaner
 * appends, read by binary search. Pieces are recorded only where the text changes, so clean
 * input is one piece and a notice needs a few hundred. */
#include "text.h"

#include <string.h>

#include "text_int.h"

bool kl_text_fail_alloc(kl_cleaner *c, size_t want)
{
    const kl_arena *a = c->a;
    if (a->cap && (want > a->cap || a->used_total > a->cap - want))
        c->rc =
            kl_err_set(c->err, KL_ERR_TOOBIG, KL_NO_OFFSET,
                       "text: arena cap of %zu bytes reached (input of %zu bytes)", a->cap, c->len);
    else
        c->rc = kl_err_set(c->err, KL_ERR_NOMEM, KL_NO_OFFSET,
                           "text: out of memory cleaning %zu bytes", c->len);
    return false;
}

/* Room for n more bytes and the final NUL. */
static bool reserve(kl_cleaner *c, size_t n)
{
    if (c->rc != KL_OK)
        return false;
    if (c->out_cap - c->out_len > n)
        return true;
    size_t need, twice;
    if (!kl_add_ok(c->out_len, n, &need) || !kl_add_ok(need, 1, &need))
        return kl_text_fail_alloc(c, SIZE_MAX);
    if (!kl_mul_ok(c->out_cap, 2, &twice))
        twice = need;
    size_t cap = twice > need ? twice : need;
    char *q = kl_arena_grow(c->a, c->out, c->out_len, cap, 1);
    if (!q)
        return kl_text_fail_alloc(c, cap);
    c->out = q;
    c->out_cap = cap;
    return true;
}

static bool push_seg(kl_cleaner *c, size_t orig, size_t olen)
{
    if (c->n_segs == c->cap_segs) {
        size_t cap = c->cap_segs ? c->cap_segs * 2 : 64;
        kl_text_seg *s = kl_arena_grow(c->a, c->segs, c->n_segs, cap, sizeof *s);
        if (!s)
            return kl_text_fail_alloc(c, cap * sizeof *s);
        c->segs = s;
        c->cap_segs = cap;
    }
    c->segs[c->n_segs++] = (kl_text_seg){c->out_len, orig, olen};
    return true;
}

bool kl_text_emit_copy(kl_cleaner *c, size_t from, size_t n)
{
    if (n == 0)
        return c->rc == KL_OK;
    if (!reserve(c, n))
        return false;
    /* A copy that continues the last identity piece in both texts just lengthens it. */
    const kl_text_seg *last = c->n_segs ? &c->segs[c->n_segs - 1] : NULL;
    bool extends =
        last && last->olen == KL_SEG_IDENT && last->orig + (c->out_len - last->clean) == from;
    if (!extends && !push_seg(c, from, KL_SEG_IDENT))
        return false;
    memcpy(c->out + c->out_len, c->p + from, n);
    c->out_len += n;
    return true;
}

bool kl_text_emit_repl(kl_cleaner *c, size_t from, size_t olen, const char *s, size_t n)
{
    if (n == 0)
        return c->rc == KL_OK;
    if (!reserve(c, n) || !push_seg(c, from, olen))
        return false;
    memcpy(c->out + c->out_len, s, n);
    c->out_len += n;
    return true;
}

bool kl_text_push_blank(kl_cleaner *c, size_t pos)
{
    if (c->rc != KL_OK)
        return false;
    if (c->n_blanks == c->cap_blanks) {
        size_t cap = c->cap_blanks ? c->cap_blanks * 2 : 64;
        size_t *b = kl_arena_grow(c->a, c->blanks, c->n_blanks, cap, sizeof *b);
        if (!b)
            return kl_text_fail_alloc(c, cap * sizeof *b);
        c->blanks = b;
        c->cap_blanks = cap;
    }
    c->blanks[c->n_blanks++] = pos;
    return true;
}

/* ---- reading ------------------------------------------------------------------------------ */

const char *kl_text_str(const kl_text *t)
{
    return t->str;
}

size_t kl_text_len(const kl_text *t)
{
    return t->len;
}

const char *kl_text_orig_bytes(const kl_text *t)
{
    return t->orig;
}

size_t kl_text_orig_len(const kl_text *t)
{
    return t->orig_len;
}

/* The piece holding cleaned byte b (b < t->len). */
static const kl_text_seg *seg_of(const kl_text *t, size_t b)
{
    size_t lo = 0, hi = t->n_segs;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->segs[mid].clean <= b)
            lo = mid;
        else
            hi = mid;
    }
    return &t->segs[lo];
}

/* First original byte of what produced cleaned byte b. */
static size_t orig_start_of(const kl_text *t, size_t b)
{
    const kl_text_seg *s = seg_of(t, b);
    return s->olen == KL_SEG_IDENT ? s->orig + (b - s->clean) : s->orig;
}

/* One past the last original byte of what produced cleaned byte b. */
static size_t orig_end_of(const kl_text *t, size_t b)
{
    const kl_text_seg *s = seg_of(t, b);
    return s->olen == KL_SEG_IDENT ? s->orig + (b - s->clean) + 1 : s->orig + s->olen;
}

/* Positions past the end are clamped to it: the end of the text maps to the end of the
 * bytes that produced its last byte (trailing blank lines and spaces are not part of it). */
size_t kl_text_orig_pos(const kl_text *t, size_t cpos)
{
    if (t->len == 0)
        return 0;
    if (cpos >= t->len)
        return orig_end_of(t, t->len - 1);
    return orig_start_of(t, cpos);
}

kl_span kl_text_orig(const kl_text *t, kl_cspan cs)
{
    size_t start = cs.start < t->len ? cs.start : t->len;
    size_t end = cs.end < t->len ? cs.end : t->len;
    if (end <= start) {
        size_t p = kl_text_orig_pos(t, start);
        return (kl_span){p, p};
    }
    return (kl_span){orig_start_of(t, start), orig_end_of(t, end - 1)};
}
