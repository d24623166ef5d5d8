/* text: bytes as read to clean UTF-8 NFC text, with a map from every cleaned byte back to
 * the original byte. Also the Vietnamese character helpers everything above uses. */
#ifndef KL_TEXT_H
#define KL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"

typedef struct kl_text kl_text; /* opaque; lives in the arena given to kl_text_clean */

/* Clean raw input bytes (clean.c and pagebreak.c give every rule): UTF-8 validation
 * (KL_ERR_FORMAT naming the byte offset of the first bad byte, the lead byte of a bad
 * sequence; NUL bytes are "binary" with their offset), BOM dropped, CRLF/CR to LF, NFC, old
 * tone placement to new ("hoà" -> "hòa", "uỷ" -> "ủy"), markdown residue removed,
 * horizontal white space collapsed, page breaks that split a sentence or a word across a
 * blank line joined. Newlines are otherwise kept; a blank line is exactly "\n\n", and the
 * text neither starts nor ends with white space. The result, including its copy of the
 * original bytes, lives in arena a; *out is set only on success. KL_ERR_NOMEM /
 * KL_ERR_TOOBIG (the arena's cap) when the arena fails. */
int kl_text_clean(kl_text **out, const char *bytes, size_t len, kl_arena *a, kl_error *err);

/* Cleaned text, NUL-terminated; borrowed from t. */
const char *kl_text_str(const kl_text *t);
size_t kl_text_len(const kl_text *t);
/* The original bytes as given (borrowed from t). */
const char *kl_text_orig_bytes(const kl_text *t);
size_t kl_text_orig_len(const kl_text *t);

/* Map a cleaned boundary position (0..len) to the original byte position. A position inside
 * a replaced sequence maps to that sequence's start; len maps to the end of the bytes that
 * produced the last cleaned byte (trailing white space is not part of it); past len is
 * clamped to len. O(log n). */
size_t kl_text_orig_pos(const kl_text *t, size_t cpos);
/* Map a cleaned span to the smallest original span that covers it: from the first original
 * byte of what produced cs.start to the last of what produced cs.end - 1 (emphasis marks
 * and a BOM around a word are not part of it; a replacement is taken whole). An empty
 * span maps to an empty span at kl_text_orig_pos(cs.start). */
kl_span kl_text_orig(const kl_text *t, kl_cspan cs);

/* ---- character helpers (valid UTF-8 assumed; ASCII fast path inside) ---- */

/* Decode one code point at p[0..len); returns bytes used (1 on a bad byte, cp = 0xFFFD;
 * 0 when len is 0). */
size_t kl_utf8_decode(const char *p, size_t len, int32_t *cp);
/* Encode cp into out (4 bytes room); returns bytes written. A surrogate or a value past
 * U+10FFFF is written as U+FFFD. */
size_t kl_utf8_encode(int32_t cp, char *out);
/* Start of the code point before position i (i > 0; 0 for i = 0). */
size_t kl_utf8_prev(const char *p, size_t i);
bool kl_char_is_letter(int32_t cp);
bool kl_char_is_upper(int32_t cp);
bool kl_char_is_lower(int32_t cp);
int32_t kl_char_lower(int32_t cp);
int32_t kl_char_upper(int32_t cp);

/* Diacritic- and case-blind form for matching and search: lowercase ASCII letters and
 * digits, "đ" -> "d", every other mark dropped, punctuation kept, runs of white space as one
 * space (not trimmed: "  a " -> " a "), invisible characters dropped, compatibility forms
 * folded ("ﬁ" -> "fi"). Appends to b; returns KL_OK or the buffer's error. "Phòng chống
 * dịch" -> "phong chong dich". Any input is safe; bad bytes fold to U+FFFD. */
int kl_text_fold(const char *p, size_t len, kl_buf *b);

/* Lowercase (diacritics kept) into b, NFC assumed. */
int kl_text_lower(const char *p, size_t len, kl_buf *b);

#endif
