/* text/ private: the cleaned-text object, its offset map, the cleaner's state, and the small
 * UTF-8 and Vietnamese helpers the files of this directory share. Only src/text/ includes it. */
#ifndef KL_TEXT_INT_H
#define KL_TEXT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"
#include "text.h"

/* ---- the offset map ---------------------------------------------------------------------- */

/* One piece of the cleaned text: bytes [clean, next piece's clean) came from the original
 * bytes starting at orig. An identity piece (olen == KL_SEG_IDENT) is a verbatim copy, so
 * byte clean + k came from orig + k. A replacement piece came from orig[orig, orig + olen) as
 * a whole ("\r\n" -> "\n", "oà" -> "òa", a page break's "\n\n" -> " "), so every byte inside
 * maps to orig. Deleted input ("**", a BOM) has no piece: the next piece starts later in
 * the original. Pieces are never empty, so clean starts strictly increase. */
typedef struct kl_text_seg {
    size_t clean;
    size_t orig;
    size_t olen;
} kl_text_seg;

#define KL_SEG_IDENT SIZE_MAX

struct kl_text {
    char *str; /* cleaned, NUL-terminated */
    size_t len;
    const char *orig; /* copy of the input */
    size_t orig_len;
    kl_text_seg *segs;
    size_t n_segs;
};

/* ---- the cleaner --------------------------------------------------------------------------- */

enum { KL_PEND_NONE, KL_PEND_SPACE, KL_PEND_NL };

/* State of one kl_text_clean call. Input bytes [run, i) are a verbatim stretch not yet copied
 * (copying waits until something must change, so clean text costs one memcpy). While a run is
 * open there is no pending white space: white space is held back (pend) until the next content
 * decides whether it survives (it does not at a line's end or start). */
typedef struct kl_cleaner {
    const unsigned char *p; /* input */
    size_t len;
    kl_arena *a;
    kl_error *err;
    int rc; /* first error; emitters do nothing once it is set */
    char *out;
    size_t out_len, out_cap;
    kl_text_seg *segs;
    size_t n_segs, cap_segs;
    size_t *blanks; /* cleaned offsets of every "\n\n", for the page-break pass */
    size_t n_blanks, cap_blanks;
    size_t run;
    int pend;
    int nl_count;            /* newlines in a pending KL_PEND_NL */
    size_t ws_start, ws_end; /* input bytes the pending white space replaces */
} kl_cleaner;

/* Emitters (map.c). They record the map as they append; false once c->rc is set. */
bool kl_text_emit_copy(kl_cleaner *c, size_t from, size_t n);
bool kl_text_emit_repl(kl_cleaner *c, size_t from, size_t olen, const char *s, size_t n);
bool kl_text_push_blank(kl_cleaner *c, size_t pos);
/* Arena failure as an error: KL_ERR_TOOBIG when the cap is what stopped want bytes. */
bool kl_text_fail_alloc(kl_cleaner *c, size_t want);

/* Passes (clean.c, pagebreak.c). */
int kl_text_pass_chars(kl_cleaner *c);
int kl_text_pass_breaks(kl_cleaner *c);

/* Vietnamese (viet.c). */
/* If "first second" is an old-style pair at a syllable's end ("oà" with after not a letter),
 * write the new-style pair ("òa") to out and return true. before is the code point ahead of
 * first (the "q" of "quý" blocks "uý"). */
bool kl_text_tone_move(int32_t before, int32_t first, int32_t second, int32_t after,
                       int32_t out[2]);
bool kl_text_is_tone_candidate(int32_t cp);
/* True when cp is not certainly NFC on its own: a combining mark or a character with a
 * canonical decomposition. False fast for the blocks Vietnamese uses. */
bool kl_text_needs_nfc(int32_t cp);
bool kl_text_is_mark(int32_t cp);
/* Outline marker at p[0..n) ("1. ", "II. ", "a) ", "(3) ", "- "): its length, else 0.
 * *is_bullet tells a bullet ("-", "+", "•") from a numbered or lettered marker. */
size_t kl_text_marker_len(const char *p, size_t n, bool *is_bullet);

/* ---- UTF-8 ----------------------------------------------------------------------------- */

static inline bool kl_text_is_cont(unsigned char b)
{
    return (b & 0xC0) == 0x80;
}

/* Strict decode of one code point at p[0..n), n > 0: bytes used, or 0 when the bytes are not
 * valid UTF-8 (bad lead, missing continuation, overlong, surrogate, past U+10FFFF). */
static inline size_t kl_text_dec(const unsigned char *p, size_t n, int32_t *cp)
{
    unsigned b = p[0];
    if (b < 0x80) {
        *cp = (int32_t)b;
        return 1;
    }
    if (b < 0xC2)
        return 0;
    if (b < 0xE0) {
        if (n < 2 || !kl_text_is_cont(p[1]))
            return 0;
        *cp = (int32_t)(((b & 0x1Fu) << 6) | (p[1] & 0x3Fu));
        return 2;
    }
    if (b < 0xF0) {
        if (n < 3 || !kl_text_is_cont(p[1]) || !kl_text_is_cont(p[2]))
            return 0;
        if ((b == 0xE0 && p[1] < 0xA0) || (b == 0xED && p[1] > 0x9F))
            return 0;
        *cp = (int32_t)(((b & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu));
        return 3;
    }
    if (b > 0xF4 || n < 4 || !kl_text_is_cont(p[1]) || !kl_text_is_cont(p[2]) ||
        !kl_text_is_cont(p[3]))
        return 0;
    if ((b == 0xF0 && p[1] < 0x90) || (b == 0xF4 && p[1] > 0x8F))
        return 0;
    *cp = (int32_t)(((b & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
                    (p[3] & 0x3Fu));
    return 4;
}

#endif
