/* notice: the document model of a cleaned notice: its header fields as written, its
 * paragraphs (blocks) with outline markers nested into a tree, the closing recipients and the
 * signature. Structure only: what the words mean is extract/'s business. */
#ifndef KL_NOTICE_H
#define KL_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"
#include "../text/text.h"

/* Outline marker styles, in no particular order: nesting follows first appearance. */
typedef enum kl_marker {
    KL_MARK_NONE = 0,
    KL_MARK_ROMAN,     /* "I." "II." */
    KL_MARK_NUM,       /* "1." "12." */
    KL_MARK_NUM2,      /* "1.2." "1.2" */
    KL_MARK_NUM_PAREN, /* "1)" */
    KL_MARK_PAREN_NUM, /* "(1)" */
    KL_MARK_LETTER,    /* "a)" "đ)" "a." */
    KL_MARK_DASH,      /* "-" "–" */
    KL_MARK_PLUS,      /* "+" */
    KL_MARK_DOT        /* "•" "·" "*" */
} kl_marker;

/* Which part of the document a block belongs to. */
typedef enum kl_zone {
    KL_ZONE_HEADER = 0, /* agency lines, number, place and date, kind, subject, addressees */
    KL_ZONE_PREAMBLE,   /* the meeting's account before "kết luận như sau:" */
    KL_ZONE_BODY,
    KL_ZONE_TAIL /* "Nơi nhận:", the recipients, "Lưu:", the signature */
} kl_zone;

/* One paragraph: a run of lines joined by spaces, or a line that starts with a marker.
 * All offsets are into the cleaned text (kl_text_str), which kl_notice_flow mirrors. */
typedef struct kl_block {
    size_t start, end; /* the whole block, marker included, trailing newline excluded */
    size_t body;       /* first byte after the marker and its space */
    kl_marker marker;
    const char *label; /* the marker as it counts in a path: "1", "II", "(7)", "a"; or "" */
    int depth;         /* 0 for an unmarked paragraph; marked blocks 1.. by nesting */
    int parent;        /* index of the marked block it sits under, or -1 */
    const char *path;  /* outline path of the nearest numbered block at or above: "3.(7)" */
    kl_zone zone;
    bool ends_colon; /* the block's text ends with ':' */
} kl_block;

/* Header fields as written (extract/ turns them into canonical values). */
typedef struct kl_notice_head {
    const char *agency_lines[4]; /* upper header lines naming the issuer, top first */
    size_t n_agency_lines;
    const char *number;         /* "125", or NULL when blank */
    const char *symbol;         /* "TB-UBND", or NULL */
    const char *place;          /* "Lạng Sơn", or NULL */
    kl_date issued;             /* partial where the day or month is blank */
    const char *kind;           /* "THÔNG BÁO" as written upper-case, or NULL */
    const char *subject;        /* the subject line(s) joined, or NULL */
    int subject_block;          /* block index of the subject, or -1 */
    int opening_block;          /* first block after the header, or -1 */
    int conclusion_block;       /* block holding "kết luận ... như sau:", or -1 */
    const char *sign_authority; /* "TL. CHỦ TỊCH" */
    const char *sign_title;     /* "CHÁNH VĂN PHÒNG" */
    const char *sign_name;      /* "Phạm Hùng Trường" */
    const char **recipients;    /* "Nơi nhận:" and "Kính gửi:" entries, as written */
    size_t n_recipients;
} kl_notice_head;

typedef struct kl_notice kl_notice; /* opaque; lives in the arena given to kl_notice_parse */

/* Parse the cleaned text t into blocks, outline and header fields. Results live in arena a.
 * Only KL_ERR_NOMEM / KL_ERR_TOOBIG (arena) can fail: odd text is data, not error. */
int kl_notice_parse(kl_notice **out, const kl_text *t, kl_arena *a, kl_error *err);

const kl_text *kl_notice_text(const kl_notice *n);
/* The cleaned text with every line break inside a paragraph turned into a space; same length
 * and offsets as kl_text_str. Borrowed. */
const char *kl_notice_flow(const kl_notice *n);
size_t kl_notice_n_blocks(const kl_notice *n);
const kl_block *kl_notice_block(const kl_notice *n, size_t i);
const kl_notice_head *kl_notice_head_of(const kl_notice *n);

/* The outline marker at the start of p[0..len): its style, the label bytes that count in a
 * path ([*label_start, +*label_len)) and where the text after it starts (*body). */
kl_marker kl_notice_marker(const char *p, size_t len, size_t *label_start, size_t *label_len,
                           size_t *body);

/* ---- scanning helpers shared with extract/ ------------------------------- */
/* These read NFC UTF-8 with modern tone placement and never read past len. */

/* If the lowercase literal lit matches p[0..len) blind to case, the bytes of p it covers;
 * else 0. With whole_word, the match must end at a word boundary. */
size_t kl_lex_match(const char *p, size_t len, const char *lit, bool whole_word);
/* Like kl_lex_match, trying each literal of a NULL-terminated list; *which gets its index. */
size_t kl_lex_match_any(const char *p, size_t len, const char *const *lits, bool whole_word,
                        int *which);
/* True when the code point at p[i] (or the end) is not a letter or digit. */
bool kl_lex_at_boundary(const char *p, size_t len, size_t i);
/* First occurrence of needle[0..m) in hay[0..n), bytes exactly but the first byte in either
 * ASCII case (needle written in lower case); NULL if none. */
const char *kl_lex_find(const char *hay, size_t n, const char *needle, size_t m);
/* Index of the first byte at or after i that is not a space. */
size_t kl_lex_skip_spaces(const char *p, size_t len, size_t i);
/* End of the word (letters, digits, '&', '-' inside a word) starting at i. */
size_t kl_lex_word_end(const char *p, size_t len, size_t i);
/* True when the letter at p[i] is upper case. */
bool kl_lex_is_upper_at(const char *p, size_t len, size_t i);
bool kl_lex_is_lower_at(const char *p, size_t len, size_t i);
/* Trimmed arena copy of p[0..len) with runs of white space as one space. */
char *kl_lex_copy(kl_arena *a, const char *p, size_t len);
/* "LẠNG SƠN" -> "Lạng Sơn": each word capitalized, the rest lower case (arena copy). */
char *kl_lex_title_case(kl_arena *a, const char *p, size_t len);
/* Parse a day/month/year at p: "28/7/2021", "ngày 15 tháng 9 năm 2021" is not handled here.
 * Returns bytes used or 0. */
size_t kl_lex_dmy(const char *p, size_t len, kl_date *out);

#endif
