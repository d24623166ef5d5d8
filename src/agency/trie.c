/* agency tables: interned tokens, the token trie, the folded lookup keys and the index of
 * canonical names. All are open-addressing hash tables of at most half load, so a lookup in
 * the matcher's hot path is one hash and, almost always, one probe. */
#include "agency_int.h"

#include <string.h>

/* arr (capacity *cap elements of elem bytes) with room for need, doubling: the array, perhaps
 * moved, or NULL when out of memory (arr is then unchanged). */
static void *grow(void *arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return arr;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    size_t bytes;
    if (!kl_mul_ok(n, elem, &bytes))
        return NULL;
    void *p = kl_realloc(arr, bytes);
    if (p)
        *cap = n;
    return p;
}

/* ---- tokens ------------------------------------------------------------ */

int32_t kl_agency_token_find(const kl_directory *d, const char *p, size_t len, uint32_t hash)
{
    if (d->n_token_slots == 0)
        return -1;
    size_t mask = d->n_token_slots - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        uint32_t s = d->token_slots[i];
        if (s == 0)
            return -1;
        const kl_agency_token *t = &d->tokens[s - 1];
        if (t->hash == hash && t->len == len && memcmp(d->tokbytes.p + t->off, p, len) == 0)
            return (int32_t)(s - 1);
    }
}

static void token_slot_put(uint32_t *slots, size_t n_slots, uint32_t hash, uint32_t id)
{
    size_t mask = n_slots - 1;
    size_t i = hash & mask;
    while (slots[i] != 0)
        i = (i + 1) & mask;
    slots[i] = id + 1;
}

static int token_slots_fit(kl_directory *d)
{
    if ((d->n_tokens + 1) * 2 <= d->n_token_slots)
        return KL_OK;
    size_t n = d->n_token_slots ? d->n_token_slots * 2 : 1024;
    uint32_t *slots = kl_calloc(n, sizeof *slots);
    if (!slots)
        return KL_ERR_NOMEM;
    for (size_t i = 0; i < d->n_tokens; i++)
        token_slot_put(slots, n, d->tokens[i].hash, (uint32_t)i);
    kl_free(d->token_slots);
    d->token_slots = slots;
    d->n_token_slots = n;
    return KL_OK;
}

/* Token ids of an expansion ("ủy ban nhân dân"), interned; *n receives their number. */
static int intern_expansion(kl_directory *d, const char *exp, uint32_t *ids, size_t *n)
{
    *n = 0;
    const char *s = exp;
    while (*s) {
        const char *e = strchr(s, ' ');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        int32_t id;
        if (*n >= KL_AGENCY_EXPAND_MAX || len == 0)
            return KL_ERR_FORMAT; /* our own table is wrong */
        int rc = kl_agency_token_intern(d, s, len, &id);
        if (rc != KL_OK)
            return rc;
        ids[(*n)++] = (uint32_t)id;
        s += len;
        if (*s == ' ')
            s++;
    }
    return KL_OK;
}

int kl_agency_token_intern(kl_directory *d, const char *p, size_t len, int32_t *id)
{
    uint32_t hash = kl_agency_hash(p, len);
    int32_t found = kl_agency_token_find(d, p, len, hash);
    if (found >= 0) {
        *id = found;
        return KL_OK;
    }
    uint32_t exp_ids[KL_AGENCY_EXPAND_MAX];
    size_t n_exp = 0;
    const char *exp = kl_agency_expansion(p, len, false);
    int rc = exp ? intern_expansion(d, exp, exp_ids, &n_exp) : KL_OK;
    if (rc == KL_OK)
        rc = token_slots_fit(d);
    if (rc != KL_OK)
        return rc;
    kl_agency_token *tokens = grow(d->tokens, &d->cap_tokens, d->n_tokens + 1, sizeof *tokens);
    if (!tokens)
        return KL_ERR_NOMEM;
    d->tokens = tokens;
    uint32_t *expand = grow(d->expand, &d->cap_expand, d->n_expand + n_exp + 1, sizeof *expand);
    if (!expand)
        return KL_ERR_NOMEM;
    d->expand = expand;
    kl_agency_token *t = &d->tokens[d->n_tokens];
    t->off = (uint32_t)d->tokbytes.len;
    t->len = (uint32_t)len;
    t->hash = hash;
    t->is_word = kl_agency_is_word(p, len);
    t->expand_first = n_exp ? (int32_t)d->n_expand : -1;
    t->n_expand = (uint32_t)n_exp;
    kl_buf_append(&d->tokbytes, p, len);
    if (kl_buf_appendc(&d->tokbytes, '\0') != KL_OK)
        return KL_ERR_NOMEM;
    if (n_exp > 0) {
        memcpy(d->expand + d->n_expand, exp_ids, n_exp * sizeof *exp_ids);
        d->n_expand += n_exp;
    }
    token_slot_put(d->token_slots, d->n_token_slots, hash, (uint32_t)d->n_tokens);
    *id = (int32_t)d->n_tokens++;
    return KL_OK;
}

/* ---- trie -------------------------------------------------------------- */

static size_t edge_hash(uint32_t parent, uint32_t token)
{
    uint64_t k = ((uint64_t)parent << 32) | token;
    k *= 0x9E3779B97F4A7C15ull;
    return (size_t)(k >> 29);
}

int32_t kl_agency_edge_find(const kl_directory *d, uint32_t node, uint32_t token)
{
    size_t mask = d->n_edge_slots - 1;
    for (size_t i = edge_hash(node, token) & mask;; i = (i + 1) & mask) {
        const kl_agency_edge *e = &d->edges[i];
        if (e->parent == UINT32_MAX)
            return -1;
        if (e->parent == node && e->token == token)
            return (int32_t)e->child;
    }
}

static void edge_put(kl_agency_edge *slots, size_t n_slots, kl_agency_edge e)
{
    size_t mask = n_slots - 1;
    size_t i = edge_hash(e.parent, e.token) & mask;
    while (slots[i].parent != UINT32_MAX)
        i = (i + 1) & mask;
    slots[i] = e;
}

static int edges_fit(kl_directory *d)
{
    if ((d->n_edges + 1) * 2 <= d->n_edge_slots)
        return KL_OK;
    size_t n = d->n_edge_slots * 2, bytes;
    if (!kl_mul_ok(n, sizeof(kl_agency_edge), &bytes))
        return KL_ERR_NOMEM;
    kl_agency_edge *slots = kl_malloc(bytes);
    if (!slots)
        return KL_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        slots[i].parent = UINT32_MAX;
    for (size_t i = 0; i < d->n_edge_slots; i++)
        if (d->edges[i].parent != UINT32_MAX)
            edge_put(slots, n, d->edges[i]);
    kl_free(d->edges);
    d->edges = slots;
    d->n_edge_slots = n;
    return KL_OK;
}

int kl_agency_edge_add(kl_directory *d, uint32_t node, uint32_t token, uint32_t *child)
{
    int32_t c = kl_agency_edge_find(d, node, token);
    if (c >= 0) {
        *child = (uint32_t)c;
        return KL_OK;
    }
    if (edges_fit(d) != KL_OK)
        return KL_ERR_NOMEM;
    int32_t *nodes = grow(d->node_entry, &d->cap_nodes, d->n_nodes + 1, sizeof *nodes);
    if (!nodes)
        return KL_ERR_NOMEM;
    d->node_entry = nodes;
    uint32_t n = (uint32_t)d->n_nodes++;
    d->node_entry[n] = -1;
    edge_put(d->edges, d->n_edge_slots, (kl_agency_edge){node, token, n});
    d->n_edges++;
    *child = n;
    return KL_OK;
}

/* ---- folded keys for kl_directory_find --------------------------------- */

static void fold_put(kl_agency_fold *slots, size_t n_slots, kl_agency_fold f)
{
    size_t mask = n_slots - 1;
    size_t i = f.hash & mask;
    while (slots[i].len != 0)
        i = (i + 1) & mask;
    slots[i] = f;
}

static int folds_fit(kl_directory *d)
{
    if ((d->n_folds + 1) * 2 <= d->n_fold_slots)
        return KL_OK;
    size_t n = d->n_fold_slots ? d->n_fold_slots * 2 : 1024;
    kl_agency_fold *slots = kl_calloc(n, sizeof *slots);
    if (!slots)
        return KL_ERR_NOMEM;
    for (size_t i = 0; i < d->n_fold_slots; i++)
        if (d->folds[i].len != 0)
            fold_put(slots, n, d->folds[i]);
    kl_free(d->folds);
    d->folds = slots;
    d->n_fold_slots = n;
    return KL_OK;
}

int32_t kl_agency_fold_find(const kl_directory *d, const char *p, size_t len)
{
    if (d->n_fold_slots == 0 || len == 0)
        return -1;
    uint32_t hash = kl_agency_hash(p, len);
    size_t mask = d->n_fold_slots - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const kl_agency_fold *f = &d->folds[i];
        if (f->len == 0)
            return -1;
        if (f->hash == hash && f->len == len && memcmp(d->foldbytes.p + f->off, p, len) == 0)
            return f->id;
    }
}

/* The folded key of ids: words folded and joined by one space, punctuation left out, so
 * "Sở LĐ-TB&XH" is "so ld tb va xh" whichever dashes and spaces the user types. */
static int fold_key(const kl_directory *d, const uint32_t *ids, size_t n, kl_buf *b)
{
    for (size_t i = 0; i < n; i++) {
        const kl_agency_token *t = &d->tokens[ids[i]];
        if (!t->is_word)
            continue;
        if (b->len > 0)
            kl_buf_appendc(b, ' ');
        kl_agency_fold_append(d->tokbytes.p + t->off, t->len, b);
    }
    return b->failed;
}

static int fold_add(kl_directory *d, const uint32_t *ids, size_t n, int32_t id)
{
    kl_buf key;
    kl_buf_init(&key, 0);
    int rc = fold_key(d, ids, n, &key);
    if (rc == KL_OK && key.len > 0 && kl_agency_fold_find(d, key.p, key.len) < 0) {
        rc = folds_fit(d);
        if (rc == KL_OK) {
            kl_agency_fold f = {(uint32_t)d->foldbytes.len, (uint32_t)key.len,
                                kl_agency_hash(key.p, key.len), id};
            kl_buf_append(&d->foldbytes, key.p, key.len);
            rc = d->foldbytes.failed;
            if (rc == KL_OK) {
                fold_put(d->folds, d->n_fold_slots, f);
                d->n_folds++;
            }
        }
    }
    kl_buf_fini(&key);
    return rc;
}

/* ---- keys -------------------------------------------------------------- */

/* Two entries may share a spelling only when they are the same organization in different
 * tables (one name, a province's own copy) or districts of one name in two provinces. */
static bool may_share(const kl_directory *d, int32_t a, int32_t b)
{
    const kl_agency_entry *x = &d->entries[a], *y = &d->entries[b];
    const char *s = d->strings.p;
    if (strcmp(s + x->name, s + y->name) == 0)
        return true;
    return s[x->province] && s[y->province] && strcmp(s + x->province, s + y->province) != 0;
}

int kl_agency_key_add(kl_directory *d, const uint32_t *ids, size_t n, int32_t id, int32_t *other)
{
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = kl_agency_edge_add(d, node, ids[i], &node);
        if (rc != KL_OK)
            return rc;
    }
    int32_t have = d->node_entry[node];
    if (have >= 0 && have != id && !may_share(d, have, id)) {
        *other = have;
        return KL_ERR_CONFLICT;
    }
    if (have < 0)
        d->node_entry[node] = id; /* first table wins: agencies.tsv before a province's */
    return fold_add(d, ids, n, id);
}

int kl_agency_key_tokens(kl_directory *d, const char *p, size_t len, uint32_t *ids, size_t *n)
{
    size_t pos = 0;
    kl_agency_tok t;
    *n = 0;
    while (kl_agency_next_token(p, len, &pos, false, &t)) {
        if (t.too_long)
            return KL_ERR_TOOBIG;
        int32_t id;
        int rc = kl_agency_token_intern(d, t.buf, t.len, &id);
        if (rc != KL_OK)
            return rc;
        const kl_agency_token *tk = &d->tokens[id];
        size_t k = tk->expand_first >= 0 ? tk->n_expand : 1;
        if (*n + k > KL_AGENCY_KEY_MAX)
            return KL_ERR_TOOBIG;
        for (size_t j = 0; j < k; j++)
            ids[(*n)++] =
                tk->expand_first >= 0 ? d->expand[tk->expand_first + (int32_t)j] : (uint32_t)id;
    }
    /* A field is one line of NFC-checked UTF-8, so the scan can only stop at its end. */
    return KL_OK;
}

/* ---- canonical names --------------------------------------------------- */

static void name_put(const kl_directory *d, int32_t *slots, size_t n_slots, int32_t id)
{
    const char *name = d->strings.p + d->entries[id].name;
    size_t mask = n_slots - 1;
    size_t i = kl_agency_hash(name, strlen(name)) & mask;
    while (slots[i] != 0)
        i = (i + 1) & mask;
    slots[i] = id + 1;
}

int kl_agency_name_add(kl_directory *d, int32_t id)
{
    if ((size_t)(id + 1) * 2 > d->n_name_slots) {
        size_t n = d->n_name_slots ? d->n_name_slots * 2 : 512;
        int32_t *slots = kl_calloc(n, sizeof *slots);
        if (!slots)
            return KL_ERR_NOMEM;
        for (int32_t i = 0; i < id; i++)
            name_put(d, slots, n, i);
        kl_free(d->name_slots);
        d->name_slots = slots;
        d->n_name_slots = n;
    }
    name_put(d, d->name_slots, d->n_name_slots, id);
    return KL_OK;
}

int32_t kl_agency_name_next(const kl_directory *d, const char *name, size_t *cursor)
{
    if (d->n_name_slots == 0)
        return -1;
    size_t mask = d->n_name_slots - 1;
    size_t i = (kl_agency_hash(name, strlen(name)) + *cursor) & mask;
    for (;; i = (i + 1) & mask) {
        int32_t s = d->name_slots[i];
        ++*cursor;
        if (s == 0)
            return -1;
        if (strcmp(d->strings.p + d->entries[s - 1].name, name) == 0)
            return s - 1;
    }
}
