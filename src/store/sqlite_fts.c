/* Full-text search for Vietnamese in SQLite FTS5: the kl_fold tokenizer and the query
 * builder. SQLite only; the PostgreSQL backend will do the same with unaccent.
 *
 * unicode61 with remove_diacritics 2 folds case and strips every Vietnamese tone and
 * vowel mark ("phòng chống dịch" -> "phong chong dich"), but đ (U+0111) is a letter of its
 * own, not d plus a mark, so "dau tu" would not find "Đầu tư". kl_fold wraps unicode61 and
 * rewrites đ to d in each token it emits. Token offsets still point into the original text,
 * so snippets show the text as written. */
#include "sqlite_int.h"

#include <string.h>

typedef struct fold_tokenizer {
    fts5_tokenizer inner_api;
    Fts5Tokenizer *inner;
} fold_tokenizer;

typedef struct fold_ctx {
    void *ctx;
    int (*emit)(void *ctx, int flags, const char *tok, int n, int start, int end);
} fold_ctx;

static int fold_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)argv;
    (void)argc;
    fts5_api *api = user;
    void *inner_user = NULL;
    fold_tokenizer *t = kl_calloc(1, sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    int rc = api->xFindTokenizer(api, "unicode61", &inner_user, &t->inner_api);
    static const char *inner_args[] = {"remove_diacritics", "2"};
    if (rc == SQLITE_OK)
        rc = t->inner_api.xCreate(inner_user, inner_args, 2, &t->inner);
    if (rc != SQLITE_OK) {
        kl_free(t);
        return rc;
    }
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void fold_delete(Fts5Tokenizer *p)
{
    fold_tokenizer *t = (fold_tokenizer *)p;
    if (!t)
        return;
    t->inner_api.xDelete(t->inner);
    kl_free(t);
}

/* unicode61 has already lowered Đ (C4 90) to đ (C4 91); both are handled all the same. */
static int fold_token(void *p, int flags, const char *tok, int n, int start, int end)
{
    fold_ctx *c = p;
    if (n <= 0 || !memchr(tok, 0xC4, (size_t)n))
        return c->emit(c->ctx, flags, tok, n, start, end);
    char small[128];
    char *buf = (size_t)n <= sizeof small ? small : kl_malloc((size_t)n);
    if (!buf)
        return SQLITE_NOMEM;
    int len = 0;
    for (int i = 0; i < n; i++) {
        unsigned char b = (unsigned char)tok[i];
        if (b == 0xC4 && i + 1 < n && ((unsigned char)tok[i + 1] & 0xFE) == 0x90) {
            buf[len++] = 'd';
            i++;
        } else {
            buf[len++] = tok[i];
        }
    }
    int rc = c->emit(c->ctx, flags, buf, len, start, end);
    if (buf != small)
        kl_free(buf);
    return rc;
}

static int fold_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                         int (*emit)(void *, int, const char *, int, int, int))
{
    fold_tokenizer *t = (fold_tokenizer *)p;
    fold_ctx c = {ctx, emit};
    return t->inner_api.xTokenize(t->inner, &c, flags, text, n, fold_token);
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

/* What a task's search row says: its action, requirements one per line, leads then
 * supports separated by "; ". SQLite only (group_concat, char). */
#define TASK_FTS_SELECT                                                                        \
    "SELECT t.id, t.action,"                                                                   \
    " COALESCE((SELECT group_concat(text, char(10)) FROM"                                     \
    "  (SELECT text FROM requirement WHERE task_id = t.id ORDER BY seq)), ''),"               \
    " COALESCE((SELECT group_concat(name, '; ') FROM"                                         \
    "  (SELECT g.name AS name, 0 AS k, a.seq AS seq FROM assignment a"                        \
    "   JOIN agency g ON g.id = a.agency_id WHERE a.task_id = t.id"                           \
    "   UNION ALL SELECT g.name, 1, s.seq FROM support s"                                     \
    "   JOIN agency g ON g.id = s.agency_id WHERE s.task_id = t.id ORDER BY 2, 3)), '')"      \
    " FROM task t"

int kl_sq_task_fts_refresh(kl_sqlite *q, int64_t task_id, kl_error *err)
{
    static const char del[] = "DELETE FROM task_fts WHERE rowid = ?1";
    static const char add[] =
        "INSERT INTO task_fts (rowid, action, requirements, agencies) " TASK_FTS_SELECT
        " WHERE t.id = ?1 AND NOT EXISTS"
        " (SELECT 1 FROM search_pending p WHERE p.notice_id = t.notice_id)";
    int rc = kl_sq_exec_ids(q, ST_TASK_FTS_DEL, del, &task_id, 1, NULL, err);
    return rc == KL_OK ? kl_sq_exec_ids(q, ST_TASK_FTS_TEXT, add, &task_id, 1, NULL, err) : rc;
}

/* The notice's search row must hold exactly what the notice_doc view gives back
 * (migrate.c), or snippets would drift from the index: so it is copied from the view. */
static int index_notice(kl_sqlite *q, int64_t id, kl_error *err)
{
    static const char notice[] = "INSERT INTO notice_fts (rowid, subject, body)"
                                 " SELECT id, subject, body FROM notice_doc WHERE id = ?1";
    static const char tasks[] = "INSERT INTO task_fts (rowid, action, requirements, agencies) "
                                TASK_FTS_SELECT " WHERE t.notice_id = ?1";
    static const char done[] = "DELETE FROM search_pending WHERE notice_id = ?1";
    int rc = kl_sq_exec_ids(q, ST_INDEX_NOTICE, notice, &id, 1, NULL, err);
    if (rc == KL_OK)
        rc = kl_sq_exec_ids(q, ST_INDEX_TASKS, tasks, &id, 1, NULL, err);
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
