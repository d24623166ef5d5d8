/* Full-text search for Vietnamese in SQLite FTS5: the kl_fold tokenizer and the query
 * builder. SQLite only; the PostgreSQL backend will do the same with unaccent.
 *
 * kl_fold splits text into words and folds each with the text layer's kl_text_fold: case
 * and every Vietnamese tone and vowel mark go, and đ becomes d ("Phòng chống dịch" ->
 * "phong chong dich", "Đầu tư" -> "dau tu"), so a query typed without marks finds the
 * text. Token offsets point into the original text, so snippets show it as written. */
#include "sqlite_int.h"

#include "../text/text.h"

#include <string.h>

/* The tokenizer is ours rather than unicode61 with a wrapper: Vietnamese text is mostly
 * letters with marks, which unicode61 looks up one code point at a time, while the text
 * layer's fold (kl_text_fold) maps them through a table; indexing a notice costs about as
 * much as importing it, so this is where import spends its time. */
typedef struct fold_tokenizer {
    int unused;
} fold_tokenizer;

static int fold_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)user;
    (void)argv;
    (void)argc;
    fold_tokenizer *t = kl_calloc(1, sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void fold_delete(Fts5Tokenizer *p)
{
    kl_free(p);
}

/* Is the character at text[i] part of a word? *n gets its length in bytes. Latin letters
 * with marks (U+00C0-U+024F, U+1E00-U+1EFF) and combining marks take no table lookup. */
static bool word_char(const char *text, size_t len, size_t i, size_t *n)
{
    unsigned char c = (unsigned char)text[i];
    if (c < 0x80) {
        *n = 1;
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    int32_t cp;
    *n = kl_utf8_decode(text + i, len - i, &cp);
    if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
        (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x300 && cp <= 0x36F))
        return true;
    return kl_char_is_letter(cp);
}

#define MAX_TOKEN 256

static int fold_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                         int (*emit)(void *, int, const char *, int, int, int))
{
    (void)p;
    (void)flags;
    size_t len = n > 0 ? (size_t)n : 0, i = 0;
    kl_buf b;
    kl_buf_init(&b, 0);
    int rc = SQLITE_OK;
    while (i < len && rc == SQLITE_OK) {
        size_t w;
        if (!word_char(text, len, i, &w)) {
            i += w;
            continue;
        }
        size_t start = i;
        while (i < len && word_char(text, len, i, &w))
            i += w;
        kl_buf_reset(&b);
        if (kl_text_fold(text + start, i - start, &b) != KL_OK) {
            rc = SQLITE_NOMEM;
            break;
        }
        size_t tl = b.len < MAX_TOKEN ? b.len : MAX_TOKEN;
        if (tl)
            rc = emit(ctx, 0, b.p, (int)tl, (int)start, (int)i);
    }
    kl_buf_fini(&b);
    return rc;
}

/* The fts5_api pointer is only reachable through SQL: SELECT fts5(?1) with a bound
 * pointer of type "fts5_api_ptr". */
int kl_sq_fts_register(kl_sqlite *q, kl_error *err)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(q->db, "SELECT fts5(?1)", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return kl_sq_error(q, rc, "fts5", err);
    if (!api || api->iVersion < 2)
        return kl_err_set(err, KL_ERR_DB, KL_NO_OFFSET, "SQLite was built without FTS5");
    fts5_tokenizer fold = {fold_create, fold_delete, fold_tokenize}; /* FTS5 copies it */
    rc = api->xCreateTokenizer(api, "kl_fold", api, &fold, NULL);
    return rc == SQLITE_OK ? KL_OK : kl_sq_error(q, rc, "fts5 tokenizer", err);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Each word becomes a quoted FTS5 string ("" inside doubles a quote), so that user text
 * can never be read as FTS5 syntax (AND, NEAR, column:, parentheses). Words are ANDed. */
int kl_sq_fts_query(const char *text, kl_buf *b, kl_error *err)
{
    size_t n_words = 0;
    const char *p = text;
    while (*p) {
        while (*p && is_space(*p))
            p++;
        const char *w = p;
        while (*p && !is_space(*p))
            p++;
        size_t len = (size_t)(p - w);
        bool prefix = len > 1 && w[len - 1] == '*';
        if (prefix)
            len--;
        if (len == 0 || (len == 1 && w[0] == '*'))
            continue;
        if (n_words++ > 0)
            kl_buf_appendc(b, ' ');
        kl_buf_appendc(b, '"');
        for (size_t i = 0; i < len; i++) {
            if (w[i] == '"')
                kl_buf_appendc(b, '"');
            kl_buf_appendc(b, w[i]);
        }
        kl_buf_appendc(b, '"');
        if (prefix)
            kl_buf_appendc(b, '*');
    }
    if (b->failed != KL_OK)
        return kl_err_set(err, b->failed, KL_NO_OFFSET, "search: query too long");
    if (n_words == 0)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "search: no words to search for");
    return KL_OK;
}

/* ---- keeping the index ------------------------------------------------------------------ */

/* What a search tests in a task besides its action: requirements one per line, leads then
 * supports separated by "; ". Kept in the task row (written at insert, recomputed here after
 * an edit). SQLite only (group_concat, char). */

static const char TASK_TEXTS_UPDATE[] =
    "UPDATE task SET fts_req = COALESCE((SELECT group_concat(text, char(10)) FROM"
    "  (SELECT text FROM requirement WHERE task_id = ?1 ORDER BY seq)), ''),"
    " fts_agencies = COALESCE((SELECT group_concat(name, '; ') FROM"
    "  (SELECT g.name AS name, 0 AS k, a.seq AS seq FROM assignment a"
    "   JOIN agency g ON g.id = a.agency_id WHERE a.task_id = ?1"
    "   UNION ALL SELECT g.name, 1, s.seq FROM support s"
    "   JOIN agency g ON g.id = s.agency_id WHERE s.task_id = ?1 ORDER BY 2, 3)), '')"
    " WHERE id = ?1";

/* The document of a notice's tasks: each task's texts on a line of its own. */
static const char TASK_DOC_INSERT[] =
    "INSERT INTO task_doc_fts (rowid, body) SELECT ?1, group_concat(action || ' ' || fts_req"
    " || ' ' || fts_agencies, char(10)) FROM task WHERE notice_id = ?1 HAVING count(*) > 0";

int kl_sq_task_doc_rebuild(kl_sqlite *q, int64_t notice_id, kl_error *err)
{
    static const char del[] = "DELETE FROM task_doc_fts WHERE rowid = ?1";
    static const char pending[] = "SELECT count(*) FROM search_pending WHERE notice_id = ?1";
    int64_t waiting = 0;
    if (notice_id <= 0)
        return KL_OK; /* tasks on no notice are tested in C at every search */
    int rc = kl_sq_scalar(q, ST_TASK_DOC_PENDING, pending, &notice_id, 1, &waiting, err);
    if (rc != KL_OK || waiting)
        return rc; /* indexed with its notice later */
    rc = kl_sq_exec_ids(q, ST_TASK_DOC_DEL, del, &notice_id, 1, NULL, err);
    return rc == KL_OK ? kl_sq_exec_ids(q, ST_TASK_DOC_ADD, TASK_DOC_INSERT, &notice_id, 1,
                                        NULL, err)
                       : rc;
}

int kl_sq_task_fts_refresh(kl_sqlite *q, int64_t task_id, kl_error *err)
{
    static const char of[] = "SELECT COALESCE(notice_id, 0) FROM task WHERE id = ?1";
    int64_t notice_id = 0;
    int rc = kl_sq_exec_ids(q, ST_TASK_TEXTS, TASK_TEXTS_UPDATE, &task_id, 1, NULL, err);
    if (rc == KL_OK)
        rc = kl_sq_scalar(q, ST_TASK_NOTICE_OF, of, &task_id, 1, &notice_id, err);
    return rc == KL_OK ? kl_sq_task_doc_rebuild(q, notice_id, err) : rc;
}

/* The notice's search row must hold exactly what the notice_doc view gives back
 * (migrate.c), or snippets would drift from the index: so it is copied from the view. */
static int index_notice(kl_sqlite *q, int64_t id, kl_error *err)
{
    static const char notice[] = "INSERT INTO notice_fts (rowid, subject, body)"
                                 " SELECT id, subject, body FROM notice_doc WHERE id = ?1";
    static const char done[] = "DELETE FROM search_pending WHERE notice_id = ?1";
    int rc = kl_sq_exec_ids(q, ST_INDEX_NOTICE, notice, &id, 1, NULL, err);
    if (rc == KL_OK)
        rc = kl_sq_exec_ids(q, ST_TASK_DOC_ADD, TASK_DOC_INSERT, &id, 1, NULL, err);
    return rc == KL_OK ? kl_sq_exec_ids(q, ST_INDEX_DONE, done, &id, 1, NULL, err) : rc;
}

#define INDEX_BATCH 256

/* One transaction of up to INDEX_BATCH notices: FTS5 writes a segment per transaction, so
 * batches cost far less than a notice at a time. */
static int index_batch(kl_sqlite *q, size_t *n, kl_error *err)
{
    static const char list[] = "SELECT notice_id FROM search_pending ORDER BY notice_id"
                               " LIMIT ?1";
    int64_t ids[INDEX_BATCH];
    sqlite3_stmt *st = NULL;
    bool row = true;
    *n = 0;
    int rc = kl_sq_begin(q, err);
    if (rc != KL_OK)
        return rc;
    rc = kl_sq_prep(q, ST_INDEX_LIST, list, &st, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_int(q, st, 1, INDEX_BATCH, err);
    while (rc == KL_OK && *n < INDEX_BATCH) {
        rc = kl_sq_step(q, st, &row, err);
        if (rc != KL_OK || !row)
            break;
        ids[(*n)++] = sqlite3_column_int64(st, 0);
    }
    kl_sq_done(st);
    for (size_t i = 0; i < *n && rc == KL_OK; i++)
        rc = index_notice(q, ids[i], err);
    return kl_sq_end(q, rc, err);
}

int kl_sq_index_update(kl_store *s, size_t *n_indexed, kl_error *err)
{
    static const char any[] = "SELECT count(*) FROM (SELECT 1 FROM search_pending LIMIT 1)";
    kl_sqlite *q = kl_sq(s);
    size_t total = 0, n = INDEX_BATCH;
    int64_t pending = 0;
    /* A read first: searching must not take the write lock when there is nothing to do. */
    int rc = kl_sq_scalar(q, ST_INDEX_ANY, any, NULL, 0, &pending, err);
    while (rc == KL_OK && pending && n == INDEX_BATCH) {
        rc = index_batch(q, &n, err);
        total += n;
    }
    if (rc == KL_OK && n_indexed)
        *n_indexed = total;
    return rc;
}

/* ---- matching tasks ---------------------------------------------------------------------- */

/* A task is found when every query word is one of the words of its texts, folded as the
 * index folds them (a word written "dich*" as a prefix). Its notice was found by the index
 * first, so this runs only over the tasks of matching notices. */

static bool fold_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int kl_sq_words_parse(const char *query, kl_sq_words *w, kl_error *err)
{
    memset(w, 0, sizeof *w);
    kl_buf_init(&w->folded, 0);
    if (kl_text_fold(query, strlen(query), &w->folded) != KL_OK)
        return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "search: out of memory");
    const char *f = w->folded.p ? w->folded.p : "";
    size_t len = w->folded.len;
    for (size_t i = 0; i < len && w->n < KL_SQ_MAX_WORDS;) {
        if (!fold_word_char(f[i])) {
            i++;
            continue;
        }
        size_t st = i;
        while (i < len && fold_word_char(f[i]))
            i++;
        w->start[w->n] = st;
        w->len[w->n] = i - st;
        w->prefix[w->n] = i < len && f[i] == '*';
        w->n++;
    }
    return KL_OK;
}

void kl_sq_words_free(kl_sq_words *w)
{
    kl_buf_fini(&w->folded);
}

/* Which query words occur among the words of text (bit k for word k). */
static uint32_t words_in(const kl_sq_words *w, const char *text, kl_buf *scratch)
{
    kl_buf_reset(scratch);
    if (!text || kl_text_fold(text, strlen(text), scratch) != KL_OK || !scratch->p)
        return 0;
    const char *f = scratch->p, *q = w->folded.p;
    uint32_t found = 0;
    for (size_t i = 0; i < scratch->len;) {
        if (!fold_word_char(f[i])) {
            i++;
            continue;
        }
        size_t st = i;
        while (i < scratch->len && fold_word_char(f[i]))
            i++;
        for (size_t k = 0; k < w->n; k++) {
            size_t wl = w->len[k];
            if ((i - st == wl || (w->prefix[k] && i - st > wl)) &&
                memcmp(f + st, q + w->start[k], wl) == 0)
                found |= 1u << k;
        }
    }
    return found;
}

bool kl_sq_words_match(const kl_sq_words *w, const char *const *texts, size_t n,
                       kl_buf *scratch)
{
    uint32_t all = w->n >= 32 ? 0xFFFFFFFFu : (1u << w->n) - 1, found = 0;
    for (size_t i = 0; i < n && found != all; i++)
        found |= words_in(w, texts[i], scratch);
    return w->n > 0 && found == all;
}

