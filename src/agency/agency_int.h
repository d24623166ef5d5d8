/* agency internals: the directory's tables, shared by the files of src/agency/ only.
 *
 * Names are matched as sequences of normalized tokens. A token is a run of letters, marks and
 * digits, lowercased per code point with old tone placement moved to the modern one
 * ("hoá" -> "hóa"), or one punctuation character ("," "-" "&" "."). The directory interns
 * every token it knows and keeps a trie over token ids: node 0 is the root, an edge is one
 * entry of an open-addressing table keyed by (parent node, token id). A few tokens stand for
 * several ("UBND" for "ủy ban nhân dân"): the token table says so, and the walk follows each
 * token of the expansion. Before the walk, a bitmap over the first three code points of the
 * word turns away most words of a notice, which start no name. */
#ifndef KL_AGENCY_INT_H
#define KL_AGENCY_INT_H

#include "agency.h"

/* Longest normalized token; no Vietnamese word or official abbreviation comes near it, so a
 * longer run of letters in text cannot be the start of a name. */
#define KL_AGENCY_TOKEN_MAX 64
/* Most tokens one key may have after expansion ("Văn phòng Đoàn ĐBQH và HĐND tỉnh" has 10). */
#define KL_AGENCY_KEY_MAX 48
/* Most tokens an abbreviation stands for ("ubnd" -> "ủy ban nhân dân"). */
#define KL_AGENCY_EXPAND_MAX 4

/* One token cut from text or from the data: its normalized bytes and where it lay. */
typedef struct kl_agency_tok {
    char buf[KL_AGENCY_TOKEN_MAX]; /* normalized bytes; the tone fix never lengthens them */
    size_t len;                    /* bytes in buf */
    uint32_t hash;                 /* kl_agency_hash of them */
    size_t start, end;             /* bytes of the input it came from */
    bool is_word;                  /* letters/digits (false: one punctuation character) */
    bool too_long;                 /* longer than KL_AGENCY_TOKEN_MAX: matches nothing */
} kl_agency_tok;

/* Cut the next token from p[*pos..len), skipping white space (a blank line ends the name and
 * so the scan). fold: diacritic- and case-blind form for kl_directory_find ("Đ" -> "d");
 * otherwise lowercase with tone placement normalized. Returns false at the end, at a blank
 * line or at bytes that are not UTF-8. */
bool kl_agency_next_token(const char *p, size_t len, size_t *pos, bool fold, kl_agency_tok *t);

/* Append p[0..len) to out with old tone placement moved to the modern one word by word,
 * case kept ("Văn hoá" -> "Văn hóa"): the data's own names are then output as notices write
 * them. KL_ERR_FORMAT on bytes that are not UTF-8. */
int kl_agency_tone_fix(const char *p, size_t len, kl_buf *out);

/* The folded form of an already normalized token ("ủy" -> "uy"), appended to b. */
int kl_agency_fold_append(const char *p, size_t len, kl_buf *b);

/* The i-th token that has an expansion ("ubnd"), NULL past the last. */
const char *kl_agency_expansion_token(size_t i);
/* Bits of the prefilter on the first three code points of a name (a power of two). */
#define KL_AGENCY_FIRST_BITS 16384u
/* The prefilter bit of the word that starts p (lowercased, as typed), UINT32_MAX if p does not
 * start with a letter or digit. */
uint32_t kl_agency_first_bit(const char *p, size_t len);
/* The bits a word in text may have when it becomes normalized token tok: its own, and that of
 * the same word in old tone placement. Returns how many (1 or 2). */
size_t kl_agency_token_bits(const char *tok, size_t len, uint32_t bits[2]);

/* kl_directory_match without the prefilter, for the test that they agree. */
bool kl_agency_match_unfiltered(const kl_directory *d, const char *p, size_t len,
                                kl_agency_hit *hit);

/* Whether p[0..len) is only white space. */
bool kl_agency_only_space(const char *p, size_t len);
/* Whether normalized token bytes are a word (letters, digits) rather than punctuation. */
bool kl_agency_is_word(const char *p, size_t len);

/* One of the generic equivalences ("ubnd" = "ủy ban nhân dân"), or NULL. The expansion is a
 * space-separated list of normalized (or, with fold, folded) tokens. */
const char *kl_agency_expansion(const char *tok, size_t len, bool fold);

typedef struct kl_agency_entry {
    uint32_t name; /* offsets into kl_directory.strings (NUL-terminated) */
    uint32_t province;
    uint32_t abbrev;
    uint32_t succ_name; /* successor's canonical name until resolved */
    kl_date from, to;   /* year 0: open */
    int32_t successor;  /* entry id or -1 */
    kl_agency_kind kind;
    uint32_t source; /* index into kl_directory.sources, for messages */
    uint32_t line;
} kl_agency_entry;

typedef struct kl_agency_token {
    uint32_t off, len; /* bytes in kl_directory.tokbytes */
    uint32_t hash;
    int32_t expand_first; /* first of n_expand token ids in kl_directory.expand, or -1 */
    uint32_t n_expand;
    bool is_word; /* false: punctuation, left out of folded keys */
} kl_agency_token;

typedef struct kl_agency_edge {
    uint32_t parent; /* UINT32_MAX: empty slot */
    uint32_t token;
    uint32_t child;
} kl_agency_edge;

typedef struct kl_agency_fold {
    uint32_t off, len; /* bytes in kl_directory.foldbytes; len 0: empty slot */
    uint32_t hash;
    int32_t id;
} kl_agency_fold;

struct kl_directory {
    kl_agency_entry *entries;
    size_t n_entries, cap_entries;
    kl_buf strings; /* entry strings, NUL-separated; offset 0 is "" */

    kl_agency_token *tokens;
    size_t n_tokens, cap_tokens;
    uint32_t *token_slots; /* open addressing: token id + 1, 0 = empty */
    size_t n_token_slots;  /* power of two */
    kl_buf tokbytes;
    uint32_t *expand; /* token ids of all expansions, back to back */
    size_t n_expand, cap_expand;

    int32_t *node_entry; /* per trie node: entry whose name ends here, or -1 */
    size_t n_nodes, cap_nodes;
    kl_agency_edge *edges;
    size_t n_edges, n_edge_slots; /* slots: power of two */

    kl_agency_fold *folds;
    size_t n_folds, n_fold_slots;
    kl_buf foldbytes;

    int32_t *name_slots; /* canonical name -> entry id + 1 (several per name), 0 = empty */
    size_t n_name_slots;

    /* Prefilter: a set bit for the first three code points of every word a name can start with,
     * so that the words that start none (nearly nine in ten) cost three decodes and a lookup. */
    uint64_t first_bits[KL_AGENCY_FIRST_BITS / 64];

    char **sources; /* file names as shown in messages */
    size_t n_sources;
};

/* Hash of token bytes or folded keys p[0..len); no seed: the tables are built from our data. */
uint32_t kl_agency_hash(const char *p, size_t len);

/* Token id of normalized bytes, or -1. */
int32_t kl_agency_token_find(const kl_directory *d, const char *p, size_t len, uint32_t hash);
/* Token id of normalized bytes, interning them (and their expansion) when new. */
int kl_agency_token_intern(kl_directory *d, const char *p, size_t len, int32_t *id);
/* The child of node by token, or -1. */
int32_t kl_agency_edge_find(const kl_directory *d, uint32_t node, uint32_t token);
/* Follow or add the edge node --token--> child. */
int kl_agency_edge_add(kl_directory *d, uint32_t node, uint32_t token, uint32_t *child);

/* Entry id of a folded key (kl_agency_fold_append form, words joined by one space), or -1. */
int32_t kl_agency_fold_find(const kl_directory *d, const char *p, size_t len);
/* Add key ids[0..n) for entry id: trie path and folded lookup key. On a clash with another
 * organization, KL_ERR_CONFLICT and *other is the entry that already has the key. */
int kl_agency_key_add(kl_directory *d, const uint32_t *ids, size_t n, int32_t id, int32_t *other);
/* Normalize a name as written in the data into token ids (expansions applied). */
int kl_agency_key_tokens(kl_directory *d, const char *p, size_t len, uint32_t *ids, size_t *n);

/* Parse one table (file name for messages, bytes as read) into d. KL_ERR_FORMAT names the
 * file and the line. */
int kl_agency_load_table(kl_directory *d, const char *file, const char *data, size_t len,
                         kl_error *err);
/* After all tables: successor names to ids, loops refused. */
int kl_agency_resolve(kl_directory *d, kl_error *err);

/* The entry ids named exactly name (case and marks as written), or -1 when there is no
 * more: call with *cursor = 0 first. */
int32_t kl_agency_name_next(const kl_directory *d, const char *name, size_t *cursor);
int kl_agency_name_add(kl_directory *d, int32_t id);

#endif
