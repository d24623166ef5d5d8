/* agency directory: opening the tables (built in, then a province's folder), matching names
 * in text, lookup for user input and the accessors. Read-only once open, so any number of
 * threads may match at once. */
#include "agency_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A table is at most a few hundred kilobytes; a bigger file in the folder is a mistake. */
#define TABLE_MAX ((size_t)16 << 20)
/* The built-in table that every other one extends, loaded first so its spellings win. */
#define MAIN_TABLE "agencies.tsv"

typedef struct table {
    const char *name; /* base name */
    const char *data; /* built-in bytes, or NULL: read path */
    size_t len;
    char *path; /* owned; NULL for built-in */
} table;

/* Agency tables are agencies*.tsv and local-*.tsv: the same folder holds holidays.tsv and
 * other modules' tables, which are none of ours. */
static bool is_agency_table(const char *name)
{
    size_t n = strlen(name);
    if (n < 5 || memcmp(name + n - 4, ".tsv", 4) != 0)
        return false;
    return (n >= 8 && memcmp(name, "agencies", 8) == 0) ||
           (n >= 6 && memcmp(name, "local-", 6) == 0);
}

static int table_cmp(const void *a, const void *b)
{
    const table *x = a, *y = b;
    bool xm = strcmp(x->name, MAIN_TABLE) == 0, ym = strcmp(y->name, MAIN_TABLE) == 0;
    if (xm != ym)
        return xm ? -1 : 1;
    return strcmp(x->name, y->name);
}

static void free_tables(table *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        kl_free(t[i].path);
    kl_free(t);
}

static int push_table(table **t, size_t *n, table v)
{
    table *p = kl_realloc(*t, (*n + 1) * sizeof *p);
    if (!p)
        return KL_ERR_NOMEM;
    p[(*n)++] = v;
    *t = p;
    return KL_OK;
}

/* A file of the folder: it replaces the built-in table of the same name (so a province can
 * correct agencies.tsv without a rebuild), or is added. */
static int add_dir_table(table **t, size_t *n, const char *dir, const char *name)
{
    kl_buf b;
    kl_buf_init(&b, 0);
    kl_buf_appendf(&b, "%s/%s", dir, name);
    if (b.failed != KL_OK) {
        kl_buf_fini(&b);
        return KL_ERR_NOMEM;
    }
    size_t len;
    char *path = kl_buf_steal(&b, &len);
    table v = {path + len - strlen(name), NULL, 0, path};
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*t)[i].name, name) == 0 && !(*t)[i].path) {
            (*t)[i] = v;
            return KL_OK;
        }
    int rc = push_table(t, n, v);
    if (rc != KL_OK)
        kl_free(path);
    return rc;
}

static int list_dir(const char *dir, table **t, size_t *n, kl_error *err)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return kl_err_errno(err, KL_ERR_IO, errno, "%s: cannot open the agency folder", dir);
    int rc = KL_OK;
    for (;;) {
        errno = 0;
        struct dirent *ent = readdir(dp);
        if (!ent) {
            if (errno != 0)
                rc = kl_err_errno(err, KL_ERR_IO, errno, "%s: cannot read the folder", dir);
            break;
        }
        if (!is_agency_table(ent->d_name))
            continue;
        rc = add_dir_table(t, n, dir, ent->d_name);
        if (rc != KL_OK) {
            kl_err_set(err, rc, KL_NO_OFFSET, "%s: out of memory", dir);
            break;
        }
    }
    closedir(dp);
    return rc;
}

static int list_tables(const char *dir, table **t, size_t *n, kl_error *err)
{
    for (size_t i = 0; i < kl_embedded_count; i++) {
        const kl_embedded_file *f = &kl_embedded_files[i];
        if (!is_agency_table(f->name))
            continue;
        if (push_table(t, n, (table){f->name, f->data, f->len, NULL}) != KL_OK)
            return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "agency tables: out of memory");
    }
    int rc = dir ? list_dir(dir, t, n, err) : KL_OK;
    if (rc == KL_OK && *n > 1)
        qsort(*t, *n, sizeof **t, table_cmp);
    return rc;
}

static int load_one(kl_directory *d, const table *t, kl_error *err)
{
    if (!t->path)
        return kl_agency_load_table(d, t->name, t->data, t->len, err);
    char *data = NULL;
    size_t len = 0;
    int rc = kl_read_file(t->path, TABLE_MAX, &data, &len, err);
    if (rc == KL_OK)
        rc = kl_agency_load_table(d, t->path, data, len, err);
    kl_free(data);
    return rc;
}

/* An empty directory: the root of the trie and the tokens that expand ("ubnd"), which the
 * matcher must know even if no table spells them. */
static int new_directory(kl_directory **out)
{
    kl_directory *d = kl_calloc(1, sizeof *d);
    if (!d)
        return KL_ERR_NOMEM;
    *out = d;
    kl_buf_init(&d->strings, 0);
    kl_buf_init(&d->tokbytes, 0);
    kl_buf_init(&d->foldbytes, 0);
    if (kl_buf_append(&d->strings, "", 1) != KL_OK) /* offset 0 is the empty string */
        return KL_ERR_NOMEM;
    d->n_edge_slots = 1024;
    d->edges = kl_malloc(d->n_edge_slots * sizeof *d->edges);
    d->node_entry = kl_malloc(64 * sizeof *d->node_entry);
    if (!d->edges || !d->node_entry)
        return KL_ERR_NOMEM;
    for (size_t i = 0; i < d->n_edge_slots; i++)
        d->edges[i].parent = UINT32_MAX;
    d->cap_nodes = 64;
    d->n_nodes = 1;
    d->node_entry[0] = -1;
    for (size_t i = 0; kl_agency_expansion_token(i); i++) {
        const char *s = kl_agency_expansion_token(i);
        int32_t id;
        int rc = kl_agency_token_intern(d, s, strlen(s), &id);
        if (rc != KL_OK)
            return rc;
    }
    return KL_OK;
}

/* The prefilter: every word token that starts a name at the root, directly or through its
 * expansion ("ubnd" starts "ủy ban nhân dân"). */
static void build_first_bits(kl_directory *d)
{
    for (size_t i = 0; i < d->n_tokens; i++) {
        const kl_agency_token *t = &d->tokens[i];
        uint32_t first = t->expand_first >= 0 ? d->expand[t->expand_first] : (uint32_t)i;
        if (!t->is_word || kl_agency_edge_find(d, 0, first) < 0)
            continue;
        uint32_t bits[2];
        size_t n = kl_agency_token_bits(d->tokbytes.p + t->off, t->len, bits);
        for (size_t j = 0; j < n; j++)
            d->first_bits[bits[j] / 64] |= (uint64_t)1 << (bits[j] % 64);
    }
}

int kl_directory_open(kl_directory **out, const char *dir, kl_error *err)
{
    kl_directory *d = NULL;
    table *tabs = NULL;
    size_t n_tabs = 0;
    int rc = new_directory(&d);
    if (rc != KL_OK) {
        kl_err_set(err, rc, KL_NO_OFFSET, "agency directory: out of memory");
        goto done;
    }
    rc = list_tables(dir, &tabs, &n_tabs, err);
    for (size_t i = 0; i < n_tabs && rc == KL_OK; i++)
        rc = load_one(d, &tabs[i], err);
    if (rc == KL_OK)
        rc = kl_agency_resolve(d, err);
    if (rc == KL_OK)
        build_first_bits(d);
done:
    free_tables(tabs, n_tabs);
    if (rc != KL_OK) {
        kl_directory_free(d);
        return rc;
    }
    *out = d;
    return KL_OK;
}

int kl_directory_open_default(kl_directory **out, kl_error *err)
{
    return kl_directory_open(out, NULL, err);
}

void kl_directory_free(kl_directory *d)
{
    if (!d)
        return;
    kl_free(d->entries);
    kl_buf_fini(&d->strings);
    kl_free(d->tokens);
    kl_free(d->token_slots);
    kl_buf_fini(&d->tokbytes);
    kl_free(d->expand);
    kl_free(d->node_entry);
    kl_free(d->edges);
    kl_free(d->folds);
    kl_buf_fini(&d->foldbytes);
    kl_free(d->name_slots);
    for (size_t i = 0; i < d->n_sources; i++)
        kl_free(d->sources[i]);
    kl_free(d->sources);
    kl_free(d);
}

/* ---- matching ---------------------------------------------------------- */

/* Move *node along token t (every token of its expansion); false if no name goes on so. */
static bool follow(const kl_directory *d, uint32_t *node, const kl_agency_tok *t)
{
    if (t->too_long)
        return false;
    int32_t id = kl_agency_token_find(d, t->buf, t->len, t->hash);
    if (id < 0)
        return false;
    const kl_agency_token *tk = &d->tokens[id];
    const uint32_t *ids = tk->expand_first >= 0 ? d->expand + tk->expand_first : (uint32_t *)0;
    size_t n = ids ? tk->n_expand : 1;
    uint32_t at = *node;
    for (size_t j = 0; j < n; j++) {
        int32_t c = kl_agency_edge_find(d, at, ids ? ids[j] : (uint32_t)id);
        if (c < 0)
            return false;
        at = (uint32_t)c;
    }
    *node = at;
    return true;
}

/* The longest name that continues node with the tokens of p. Names end only where tokens do,
 * and tokens end at word boundaries, so "Sở Y tế" never matches inside "Sở Y tếx". */
static bool longest(const kl_directory *d, uint32_t node, const char *p, size_t len,
                    kl_agency_hit *hit)
{
    if (!p || len == 0)
        return false;
    size_t pos = 0;
    int32_t best = -1;
    size_t best_len = 0;
    kl_agency_tok t;
    if (!kl_agency_next_token(p, len, &pos, false, &t) || t.start != 0 || !t.is_word)
        return false;
    /* Most word starts of a notice begin no name: one hash probe and one edge probe. */
    for (bool more = follow(d, &node, &t); more;
         more = kl_agency_next_token(p, len, &pos, false, &t) && follow(d, &node, &t)) {
        if (d->node_entry[node] >= 0) {
            best = d->node_entry[node];
            best_len = t.end;
        }
    }
    if (best < 0)
        return false;
    hit->id = best;
    hit->len = best_len;
    return true;
}

bool kl_agency_match_unfiltered(const kl_directory *d, const char *p, size_t len,
                                kl_agency_hit *hit)
{
    return longest(d, 0, p, len, hit);
}

bool kl_directory_match(const kl_directory *d, const char *p, size_t len, kl_agency_hit *hit)
{
    if (!p || len == 0)
        return false;
    uint32_t bit = kl_agency_first_bit(p, len);
    if (bit == UINT32_MAX || !(d->first_bits[bit / 64] & ((uint64_t)1 << (bit % 64))))
        return false;
    return longest(d, 0, p, len, hit);
}

bool kl_directory_match_head(const kl_directory *d, const char *head, size_t head_len,
                             const char *p, size_t len, kl_agency_hit *hit)
{
    uint32_t node = 0;
    size_t pos = 0;
    size_t n = 0;
    kl_agency_tok t;
    while (kl_agency_next_token(head, head_len, &pos, false, &t)) {
        if (!follow(d, &node, &t))
            return false;
        n++;
    }
    if (n == 0 || !kl_agency_only_space(head + pos, head_len - pos))
        return false;
    return longest(d, node, p, len, hit);
}

int32_t kl_directory_find(const kl_directory *d, const char *name, size_t len)
{
    char key[1024];
    size_t k = 0;
    size_t pos = 0;
    kl_agency_tok t;
    while (kl_agency_next_token(name, len, &pos, true, &t)) {
        const char *exp = kl_agency_expansion(t.buf, t.len, true);
        if (t.too_long)
            return -1;
        if (!exp && !t.is_word)
            continue; /* "Sở LĐ-TB&XH" and "so ld tb&xh" are one key */
        const char *w = exp ? exp : t.buf;
        size_t wl = exp ? strlen(exp) : t.len;
        if (k + wl + 1 > sizeof key)
            return -1;
        if (k > 0)
            key[k++] = ' ';
        memcpy(key + k, w, wl);
        k += wl;
    }
    if (!kl_agency_only_space(name + pos, len - pos))
        return -1; /* stopped at a blank line or a byte that is not UTF-8 */
    return kl_agency_fold_find(d, key, k);
}

/* ---- accessors --------------------------------------------------------- */

static const kl_agency_entry *entry(const kl_directory *d, int32_t id)
{
    if (KL_NEVER(!d || id < 0 || (size_t)id >= d->n_entries))
        return NULL;
    return &d->entries[id];
}

size_t kl_directory_count(const kl_directory *d)
{
    return d ? d->n_entries : 0;
}

const char *kl_directory_name(const kl_directory *d, int32_t id)
{
    const kl_agency_entry *e = entry(d, id);
    return e ? d->strings.p + e->name : "";
}

kl_agency_kind kl_directory_kind(const kl_directory *d, int32_t id)
{
    const kl_agency_entry *e = entry(d, id);
    return e ? e->kind : KL_AGENCY_OTHER;
}

const char *kl_directory_province(const kl_directory *d, int32_t id)
{
    const kl_agency_entry *e = entry(d, id);
    return e ? d->strings.p + e->province : "";
}

int32_t kl_directory_successor(const kl_directory *d, int32_t id)
{
    const kl_agency_entry *e = entry(d, id);
    return e ? e->successor : -1;
}

const char *kl_directory_abbrev(const kl_directory *d, int32_t id)
{
    const kl_agency_entry *e = entry(d, id);
    return e ? d->strings.p + e->abbrev : "";
}

kl_date kl_directory_valid_from(const kl_directory *d, int32_t id)
{
    const kl_agency_entry *e = entry(d, id);
    return e ? e->from : (kl_date){0, 0, 0};
}

kl_date kl_directory_valid_to(const kl_directory *d, int32_t id)
{
    const kl_agency_entry *e = entry(d, id);
    return e ? e->to : (kl_date){0, 0, 0};
}
