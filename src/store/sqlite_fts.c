/* Full-text search for Vietnamese in SQLite FTS5: the kl_fold tokenizer and the query
 * builder. SQLite only; the PostgreSQL backend will do the same with unaccent.
 *
 * kl_fold splits text into words and folds each with the text layer's kl_text_fold: case
 * and every Vietnamese tone and vowel mark go, and đ becomes d ("Phòng chống dịch" ->
 * "phong chong dich", "Đầu tư" -> "dau tu"), so a query typed without marks finds the
 * text. Token offsets point into the original text, so snippets show it as written. */
/* memmem (glibc, musl and the BSDs have it) */
#define _GNU_SOURCE

#include "sqlite_int.h"

#include "../text/text.h"

#include <math.h>
#include <string.h>

/* The tokenizer is ours rather than unicode61 with a wrapper: Vietnamese text is mostly
 * letters with marks, which unicode61 looks up one code point at a time, while the text
 * layer's fold (kl_text_fold) maps them through a table; indexing a notice costs about as
 * much as importing it, so this is where import spends its time. */
typedef struct fold_tokenizer {
    kl_sqlite *q; /* whose pretok the tokenizer may replay */
} fold_tokenizer;

static int fold_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)argv;
    (void)argc;
    fold_tokenizer *t = kl_calloc(1, sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    t->q = user;
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
    if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
        (cp >= 0x300 && cp <= 0x36F))
        return true;
    return kl_char_is_letter(cp);
}

#define MAX_TOKEN 256

/* Call fn with every word of text[0..len) folded (at most MAX_TOKEN bytes), its byte range
 * and whether a '*' follows it; fn's non-zero result stops the walk and is returned. The
 * index and the query builder both split text here, so a query word is always one token. */
static int each_word(const char *text, size_t len, kl_buf *b,
                     int (*fn)(void *ctx, const char *w, size_t wl, size_t s, size_t e, bool star),
                     void *ctx)
{
    size_t i = 0;
    int rc = 0;
    while (i < len && rc == 0) {
        size_t w;
        if (!word_char(text, len, i, &w)) {
            i += w;
            continue;
        }
        size_t start = i;
        while (i < len && word_char(text, len, i, &w))
            i += w;
        kl_buf_reset(b);
        if (kl_text_fold(text + start, i - start, b) != KL_OK)
            return SQLITE_NOMEM;
        size_t tl = b->len < MAX_TOKEN ? b->len : MAX_TOKEN;
        if (tl)
            rc = fn(ctx, b->p, tl, start, i, i < len && text[i] == '*');
    }
    return rc;
}

typedef struct emit_ctx {
    void *ctx;
    int (*emit)(void *, int, const char *, int, int, int);
} emit_ctx;

static int emit_word(void *ctx, const char *w, size_t wl, size_t s, size_t e, bool star)
{
    (void)star;
    emit_ctx *c = ctx;
    return c->emit(c->ctx, 0, w, (int)wl, (int)s, (int)e);
}

/* A split word as kept in kl_store_import.words: start, end, folded length, then the folded
 * bytes. */
typedef struct word_head {
    uint32_t start, end, len;
} word_head;

static int keep_word(void *ctx, const char *w, size_t wl, size_t s, size_t e, bool star)
{
    (void)star;
    kl_buf *b = ctx;
    word_head h = {(uint32_t)s, (uint32_t)e, (uint32_t)wl};
    kl_buf_append(b, (const char *)&h, sizeof h);
    kl_buf_append(b, w, wl);
    return b->failed != KL_OK ? SQLITE_NOMEM : 0;
}

int kl_sq_import_prepare(kl_store_import *v)
{
    if (!v->is_text || v->len > UINT32_MAX)
        return KL_OK; /* nothing to index, or too long for replay: split at insert */
    kl_buf scratch;
    kl_buf_init(&scratch, 0);
    int rc = each_word(v->bytes, v->len, &scratch, keep_word, &v->words);
    kl_buf_fini(&scratch);
    return rc == 0 ? KL_OK : KL_ERR_NOMEM;
}

static int replay(const kl_buf *words, void *ctx,
                  int (*emit)(void *, int, const char *, int, int, int))
{
    int rc = SQLITE_OK;
    for (size_t i = 0; i + sizeof(word_head) <= words->len && rc == SQLITE_OK;) {
        word_head h;
        memcpy(&h, words->p + i, sizeof h);
        i += sizeof h;
        rc = emit(ctx, 0, words->p + i, (int)h.len, (int)h.start, (int)h.end);
        i += h.len;
    }
    return rc;
}

static int fold_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                         int (*emit)(void *, int, const char *, int, int, int))
{
    (void)flags;
    size_t len = n > 0 ? (size_t)n : 0;
    kl_sqlite *q = ((fold_tokenizer *)p)->q;
    /* the text split ahead of time: same bytes, same words */
    if (q && q->pretok.words && q->pretok.len == len && memcmp(q->pretok.text, text, len) == 0)
        return replay(q->pretok.words, ctx, emit);
    kl_buf b;
    kl_buf_init(&b, 0);
    emit_ctx c = {ctx, emit};
    int rc = each_word(text, len, &b, emit_word, &c);
    kl_buf_fini(&b);
    return rc;
}

/* ---- ranking ------------------------------------------------------------------------------ */

/* kl_rank(notice_fts): bm25 without term counts, which an index without positions does not
 * keep (bm25 itself would tokenize every matching notice again to count them). A word adds
 * its idf, weighted by the column (the subject counts double, the extra half: it repeats
 * words of the text) and by the column's length against the average, for each column that
 * holds it. Smaller is better, as with bm25. */

#define RANK_K1 1.2
#define RANK_B 0.75
#define RANK_COLS 3

typedef struct rank_data {
    int n_phrase;
    double avg[RANK_COLS]; /* tokens per column per row */
    double idf[];          /* per phrase */
} rank_data;

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)ctx)++;
    return SQLITE_OK;
}

/* What a query's rows share: idf of each phrase, average column lengths. Once per query. */
static rank_data *rank_setup(const Fts5ExtensionApi *api, Fts5Context *fts, int *rc)
{
    int n = api->xPhraseCount(fts);
    sqlite3_int64 rows = 0;
    *rc = api->xRowCount(fts, &rows);
    rank_data *d = sqlite3_malloc64(sizeof *d + (size_t)(n > 0 ? n : 0) * sizeof(double));
    if (!d) {
        *rc = SQLITE_NOMEM;
        return NULL;
    }
    d->n_phrase = n;
    for (int c = 0; c < RANK_COLS && *rc == SQLITE_OK; c++) {
        sqlite3_int64 total = 0;
        if (c < api->xColumnCount(fts))
            *rc = api->xColumnTotalSize(fts, c, &total);
        d->avg[c] = rows > 0 && total > 0 ? (double)total / (double)rows : 1.0;
    }
    for (int i = 0; i < n && *rc == SQLITE_OK; i++) {
        sqlite3_int64 hits = 0;
        *rc = api->xQueryPhrase(fts, i, &hits, count_row);
        double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
        d->idf[i] = idf > 1e-6 ? idf : 1e-6;
    }
    if (*rc == SQLITE_OK)
        *rc = api->xSetAuxdata(fts, d, sqlite3_free); /* frees d itself on failure */
    else
        sqlite3_free(d);
    return *rc == SQLITE_OK ? d : NULL;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int n_val,
                    sqlite3_value **val)
{
    static const double weight[RANK_COLS] = {2.0, 1.0, 0.5};
    (void)n_val;
    (void)val;
    int rc = SQLITE_OK;
    rank_data *d = api->xGetAuxdata(fts, 0);
    if (!d)
        d = rank_setup(api, fts, &rc);
    double score = 0;
    for (int i = 0; d && i < d->n_phrase && rc == SQLITE_OK; i++) {
        Fts5PhraseIter it;
        int col = -1;
        rc = api->xPhraseFirstColumn(fts, i, &it, &col);
        for (; rc == SQLITE_OK && col >= 0; api->xPhraseNextColumn(fts, &it, &col)) {
            int len = 0;
            if (col >= RANK_COLS || (rc = api->xColumnSize(fts, col, &len)) != SQLITE_OK)
                continue;
            double norm = 1.0 - RANK_B + RANK_B * (double)len / d->avg[col];
            score += weight[col] * d->idf[i] * (RANK_K1 + 1.0) / (1.0 + RANK_K1 * norm);
        }
    }
    if (rc == SQLITE_OK)
        sqlite3_result_double(ctx, -score);
    else
        sqlite3_result_error_code(ctx, rc);
}

/* Packed bytes p[0..n) unpacked into a new sqlite3_malloc'd text (*size bytes), or NULL:
 * *rc says SQLITE_NOMEM or SQLITE_CORRUPT. */
static char *unpack_text(const void *p, size_t n, size_t *size, int *rc)
{
    char *text = NULL;
    *rc = SQLITE_CORRUPT;
    if (kl_store_packed_size(p, n, size) == KL_OK) {
        text = sqlite3_malloc64(*size + 1);
        *rc = text ? SQLITE_OK : SQLITE_NOMEM;
    }
    if (text && kl_store_unpack_into(p, n, text, *size) != KL_OK) {
        sqlite3_free(text);
        text = NULL;
        *rc = SQLITE_CORRUPT;
    }
    return text;
}

/* kl_text(bytes, packed): a notice's text as the search index reads it (the notice_doc
 * view), unpacked when packed (kl_store_pack). Damaged bytes are an error. */
static void text_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const void *p = sqlite3_value_blob(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    if (!sqlite3_value_int(argv[1])) {
        sqlite3_result_text64(ctx, p ? p : "", n, SQLITE_TRANSIENT, SQLITE_UTF8);
        return;
    }
    size_t size = 0;
    int rc = SQLITE_OK;
    char *text = unpack_text(p, n, &size, &rc);
    if (rc == SQLITE_NOMEM)
        sqlite3_result_error_nomem(ctx);
    else if (!text)
        sqlite3_result_error(ctx, "a notice's stored text is corrupt", -1);
    else
        sqlite3_result_text64(ctx, text, size, sqlite3_free, SQLITE_UTF8);
}

/* kl_unpacks(bytes): 1 when packed bytes unpack whole (their checksum holds), else 0; for
 * ketluan check. */
static void unpacks_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    size_t size = 0;
    int rc = SQLITE_OK;
    char *text =
        unpack_text(sqlite3_value_blob(argv[0]), (size_t)sqlite3_value_bytes(argv[0]), &size, &rc);
    if (rc == SQLITE_NOMEM)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_int(ctx, text != NULL);
    sqlite3_free(text);
}

/* The fts5_api pointer is only reachable through SQL: SELECT fts5(?1) with a bound
 * pointer of type "fts5_api_ptr". */
int kl_sq_fts_register(kl_sqlite *q, kl_error *err)
{
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int frc =
        sqlite3_create_function_v2(q->db, "kl_text", 2, flags, NULL, text_fn, NULL, NULL, NULL);
    if (frc == SQLITE_OK)
        frc = sqlite3_create_function_v2(q->db, "kl_unpacks", 1, flags, NULL, unpacks_fn, NULL,
                                         NULL, NULL);
    if (frc != SQLITE_OK)
        return kl_sq_error(q, frc, "functions", err);
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
    rc = api->xCreateTokenizer(api, "kl_fold", q, &fold, NULL);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "kl_rank", NULL, rank_fn, NULL);
    return rc == SQLITE_OK ? KL_OK : kl_sq_error(q, rc, "fts5 tokenizer", err);
}

typedef struct query_ctx {
    kl_buf *b;
    size_t n_words;
} query_ctx;

static int query_word(void *ctx, const char *w, size_t wl, size_t s, size_t e, bool star)
{
    (void)s;
    (void)e;
    query_ctx *c = ctx;
    if (c->n_words++ > 0)
        kl_buf_appendc(c->b, ' ');
    kl_buf_appendc(c->b, '"');
    kl_buf_append(c->b, w, wl); /* folded: letters and digits, never a quote */
    kl_buf_appendc(c->b, '"');
    if (star)
        kl_buf_appendc(c->b, '*');
    return 0;
}

/* Each word, split and folded as the index does, becomes a quoted FTS5 string, so that
 * user text can never be read as FTS5 syntax (AND, NEAR, column:, parentheses) and each is
 * one token ("COVID-19" is two words, as in the index). Words are ANDed. */
int kl_sq_fts_query(const char *text, const char *columns, kl_buf *b, kl_error *err)
{
    kl_buf scratch;
    kl_buf_init(&scratch, 0);
    if (columns) {
        kl_buf_appends(b, columns);
        kl_buf_appends(b, " : (");
    }
    query_ctx c = {b, 0};
    int rc = each_word(text, strlen(text), &scratch, query_word, &c);
    kl_buf_fini(&scratch);
    if (columns)
        kl_buf_appendc(b, ')');
    if (rc != 0 || b->failed != KL_OK)
        return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "search: query too long");
    if (c.n_words == 0)
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

typedef struct extra_ctx {
    const char *body;
    size_t len;
    kl_buf *extra;
} extra_ctx;

/* Each part of text (split at sep) into the extra (kl_store_extra_add). */
static void extra_add(extra_ctx *c, const char *src, size_t n, const char *text, const char *sep)
{
    size_t sl = strlen(sep);
    while (text && *text) {
        const char *end = strstr(text, sep);
        size_t k = end ? (size_t)(end - text) : strlen(text);
        kl_store_extra_add(c->extra, c->body, c->len, src, n, text, k);
        text = end ? end + sl : NULL;
    }
}

static int extra_row(sqlite3_stmt *st, void *ctx)
{
    extra_ctx *c = ctx;
    size_t s = (size_t)sqlite3_column_int64(st, 3), e = (size_t)sqlite3_column_int64(st, 4);
    if (e > c->len)
        e = c->len;
    if (s > e)
        s = e;
    extra_add(c, c->body + s, e - s, kl_sq_col_text(st, 0), "\n");
    extra_add(c, c->body + s, e - s, kl_sq_col_text(st, 1), "\n");
    extra_add(c, c->body + s, e - s, kl_sq_col_text(st, 2), "; ");
    return c->extra->failed;
}

/* Write the search row of notice id, which the index does not hold: its subject, its text
 * (body, len: "" when it is not searchable) and what its tasks say that the text does not,
 * kept in notice.search_extra for the notice_doc view (migrate.c) to give back. */
int kl_sq_search_row_add(kl_sqlite *q, int64_t id, const char *subject, const char *body,
                         size_t len, const kl_buf *extra, const kl_buf *words, kl_error *err)
{
    static const char tasks[] = "SELECT action, fts_req, fts_agencies, span_start, span_end"
                                " FROM task WHERE notice_id = ?1 ORDER BY seq";
    static const char set[] = "UPDATE notice SET search_extra = ?2 WHERE id = ?1";
    static const char add[] = "INSERT INTO notice_fts (rowid, subject, body, extra)"
                              " VALUES (?1, ?2, ?3, ?4)";
    kl_buf own;
    kl_buf_init(&own, 0);
    int rc = KL_OK;
    if (!extra) {
        extra_ctx c = {body, len, &own};
        rc = kl_sq_each_row(q, ST_SEARCH_EXTRA_TASKS, tasks, id, extra_row, &c, err);
        if (rc == KL_OK && own.failed != KL_OK)
            rc = kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "search row: out of memory");
        extra = &own;
    }
    const char *x = extra->p ? extra->p : "";
    sqlite3_stmt *st = NULL;
    bool store = extra == &own && own.len > 0;
    if (rc == KL_OK && store)
        rc = kl_sq_prep(q, ST_SEARCH_EXTRA_SET, set, &st, err);
    if (rc == KL_OK && store) {
        kl_sq_args a = kl_sq_args_of(q, st, err);
        kl_sq_a_int(&a, id);
        kl_sq_a_textn(&a, x, extra->len);
        rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    }
    if (rc == KL_OK)
        rc = kl_sq_prep(q, ST_SEARCH_ROW_ADD, add, &st, err);
    if (rc == KL_OK) {
        kl_sq_args a = kl_sq_args_of(q, st, err);
        kl_sq_a_int(&a, id);
        kl_sq_a_text(&a, subject);
        kl_sq_a_textn(&a, body, len);
        kl_sq_a_textn(&a, x, extra->len);
        q->pretok.text = body;
        q->pretok.len = len;
        q->pretok.words = words && words->len ? words : NULL;
        rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
        q->pretok.words = NULL;
    }
    kl_buf_fini(&own);
    return rc;
}

int kl_sq_search_row_refresh(kl_sqlite *q, int64_t notice_id, kl_error *err)
{
    /* the index forgets the row as it was written: the view still gives the old extra */
    static const char del[] = "INSERT INTO notice_fts (notice_fts, rowid, subject, body, extra)"
                              " SELECT 'delete', id, subject, body, extra FROM notice_doc"
                              " WHERE id = ?1";
    static const char get[] = "SELECT subject, body FROM notice_doc WHERE id = ?1";
    if (notice_id <= 0)
        return KL_OK; /* tasks on no notice are tested in C at every search */
    int rc = kl_sq_exec_ids(q, ST_SEARCH_ROW_DEL, del, &notice_id, 1, NULL, err);
    sqlite3_stmt *st = NULL;
    bool row = false;
    if (rc == KL_OK)
        rc = kl_sq_prep(q, ST_SEARCH_ROW_GET, get, &st, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_int(q, st, 1, notice_id, err);
    if (rc == KL_OK)
        rc = kl_sq_step(q, st, &row, err);
    if (rc == KL_OK && row) {
        const char *body = (const char *)sqlite3_column_text(st, 1);
        size_t len = (size_t)sqlite3_column_bytes(st, 1);
        rc = kl_sq_search_row_add(q, notice_id, kl_sq_col_text(st, 0), body ? body : "", len, NULL,
                                  NULL, err);
    }
    kl_sq_done(st);
    return rc;
}

int kl_sq_task_fts_refresh(kl_sqlite *q, int64_t task_id, kl_error *err)
{
    static const char of[] = "SELECT COALESCE(notice_id, 0) FROM task WHERE id = ?1";
    int64_t notice_id = 0;
    int rc = kl_sq_exec_ids(q, ST_TASK_TEXTS, TASK_TEXTS_UPDATE, &task_id, 1, NULL, err);
    if (rc == KL_OK)
        rc = kl_sq_scalar(q, ST_TASK_NOTICE_OF, of, &task_id, 1, &notice_id, err);
    return rc == KL_OK ? kl_sq_search_row_refresh(q, notice_id, err) : rc;
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

bool kl_sq_words_match(const kl_sq_words *w, const char *const *texts, size_t n, kl_buf *scratch)
{
    uint32_t all = w->n >= 32 ? 0xFFFFFFFFu : (1u << w->n) - 1, found = 0;
    for (size_t i = 0; i < n && found != all; i++)
        found |= words_in(w, texts[i], scratch);
    return w->n > 0 && found == all;
}
