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

/* What a task's search row says: its action, requirements one per line, leads then
 * supports separated by "; ". The two texts live in the task row (written at insert,
 * recomputed here after an edit), so indexing reads them instead of joining per task.
 * SQLite only (group_concat, char). */
#define TASK_FTS_SELECT "SELECT t.id, t.action, t.fts_req, t.fts_agencies FROM task t"

static const char TASK_TEXTS_UPDATE[] =
    "UPDATE task SET fts_req = COALESCE((SELECT group_concat(text, char(10)) FROM"
    "  (SELECT text FROM requirement WHERE task_id = ?1 ORDER BY seq)), ''),"
    " fts_agencies = COALESCE((SELECT group_concat(name, '; ') FROM"
    "  (SELECT g.name AS name, 0 AS k, a.seq AS seq FROM assignment a"
    "   JOIN agency g ON g.id = a.agency_id WHERE a.task_id = ?1"
    "   UNION ALL SELECT g.name, 1, s.seq FROM support s"
    "   JOIN agency g ON g.id = s.agency_id WHERE s.task_id = ?1 ORDER BY 2, 3)), '')"
    " WHERE id = ?1";

int kl_sq_task_fts_refresh(kl_sqlite *q, int64_t task_id, kl_error *err)
{
    static const char del[] = "DELETE FROM task_fts WHERE rowid = ?1";
    static const char add[] =
        "INSERT INTO task_fts (rowid, action, requirements, agencies) " TASK_FTS_SELECT
        " WHERE t.id = ?1 AND NOT EXISTS"
        " (SELECT 1 FROM search_pending p WHERE p.notice_id = t.notice_id)";
    int rc = kl_sq_exec_ids(q, ST_TASK_TEXTS, TASK_TEXTS_UPDATE, &task_id, 1, NULL, err);
    if (rc == KL_OK)
        rc = kl_sq_exec_ids(q, ST_TASK_FTS_DEL, del, &task_id, 1, NULL, err);
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
