/* SQLite backend: lists of assignments (built from the filter's shape), statistics facts and
 * full-text search. */
#include "sqlite_int.h"

#include <string.h>

/* One filter predicate per bit, in binding order. The SQL is fixed text; only which
 * fragments appear depends on the filter, and values are always bound. */
enum {
    F_AGENCY = 1u << 0,
    F_NOTICE = 1u << 1,
    F_TASK = 1u << 2,
    F_DUE_FROM = 1u << 3,
    F_DUE_TO = 1u << 4,
    F_OPEN_BEFORE = 1u << 5,
    F_REVIEW = 1u << 6,
    F_KEY = 1u << 7,
    F_OPEN = 1u << 8,
    F_DONE = 1u << 9,
    F_CANCELLED = 1u << 10,
    F_TEXT = 1u << 11,
    F_FACTS = 1u << 12, /* the lean select of kl_store_assign_facts */
};

static const struct {
    unsigned bit;
    const char *sql;
} conds[] = {
    {F_AGENCY, " AND a.agency_id = (SELECT id FROM agency WHERE name = ?)"},
    {F_NOTICE, " AND a.notice_id = ?"},
    {F_TASK, " AND a.task_id = ?"},
    {F_DUE_FROM, " AND a.due_day >= ?"},
    {F_DUE_TO, " AND a.due_day <= ?"},
    {F_OPEN_BEFORE, " AND a.done_day IS NULL AND a.cancelled_day IS NULL AND a.due_day < ?"},
    {F_REVIEW, " AND a.confirmed = ?"},
    {F_KEY, " AND a.is_key = 1"},
    {F_OPEN, " AND a.done_day IS NULL AND a.cancelled_day IS NULL"},
    {F_DONE, " AND a.done_day IS NOT NULL AND a.cancelled_day IS NULL"},
    {F_CANCELLED, " AND a.cancelled_day IS NOT NULL"},
    {F_TEXT, " AND a.task_id IN (SELECT rowid FROM task_fts WHERE task_fts MATCH ?)"},
};

/* The full row. For lists of open rows done_evidence is known to be NULL and is not read,
 * so that assignment_agency covers every assignment column the query needs. */
static const char ROW_SQL_HEAD[] =
    "SELECT a.id, a.task_id, a.notice_id, g.name, g.dir_id, a.kind, a.due_day, a.done_day,"
    " a.cancelled_day, a.confirmed, a.is_key, a.last_progress_day, n.number, n.symbol,"
    " n.issued, n.received_day, t.action, t.item, t.due, t.n_ext, ";
static const char ROW_SQL_FROM[] =
    " FROM assignment a JOIN agency g ON g.id = a.agency_id JOIN task t ON t.id = a.task_id"
    " LEFT JOIN notice n ON n.id = a.notice_id WHERE 1 = 1";
/* No join: agency names come from a table loaded once per call (load_agencies), which
 * halves the time of a pass over a million rows. */
static const char FACTS_SQL[] =
    "SELECT a.id, a.task_id, a.notice_id, a.agency_id, a.kind, a.due_day, a.done_day,"
    " a.cancelled_day, a.confirmed, a.is_key, a.last_progress_day FROM assignment a"
    " WHERE 1 = 1";
/* Portable "NULLs last" (no NULLS LAST before SQLite 3.30 nor in every engine). When the
 * filter bounds the due date no NULL can match, and the plain order lets the planner walk
 * assignment_agency in order instead of sorting. */
static const char ORDER_NULLS_LAST[] =
    " ORDER BY CASE WHEN a.due_day IS NULL THEN 1 ELSE 0 END, a.due_day, a.id LIMIT ?";
static const char ORDER_DUE[] = " ORDER BY a.due_day, a.id LIMIT ?";

static unsigned shape_of(const kl_store_filter *f, bool facts)
{
    unsigned m = facts ? F_FACTS : 0;
    m |= f->agency ? F_AGENCY : 0;
    m |= f->notice_id > 0 ? F_NOTICE : 0;
    m |= f->task_id > 0 ? F_TASK : 0;
    m |= kl_date_is_set(f->due_from) ? F_DUE_FROM : 0;
    m |= kl_date_is_set(f->due_to) ? F_DUE_TO : 0;
    m |= kl_date_is_set(f->open_due_before) ? F_OPEN_BEFORE : 0;
    m |= f->review ? F_REVIEW : 0;
    m |= f->key_only ? F_KEY : 0;
    m |= f->state == KL_STATE_OPEN ? F_OPEN : 0;
    m |= f->state == KL_STATE_DONE ? F_DONE : 0;
    m |= f->state == KL_STATE_CANCELLED ? F_CANCELLED : 0;
    m |= f->text ? F_TEXT : 0;
    return m;
}

/* The statement of a shape, prepared on first use and kept; when the cache is full the
 * oldest entry makes room (a connection sees few shapes: a CLI run one, the web UI some). */
static int shape_stmt(kl_sqlite *q, unsigned shape, sqlite3_stmt **out, kl_error *err)
{
    for (size_t i = 0; i < KL_SQ_QCACHE; i++) {
        if (q->qcache[i].st && q->qcache[i].shape == shape) {
            *out = q->qcache[i].st;
            return KL_OK;
        }
    }
    kl_buf b;
    kl_buf_init(&b, 0);
    if (shape & F_FACTS) {
        kl_buf_appends(&b, FACTS_SQL);
    } else {
        kl_buf_appends(&b, ROW_SQL_HEAD);
        kl_buf_appends(&b, shape & (F_OPEN | F_OPEN_BEFORE) ? "NULL" : "a.done_evidence");
        kl_buf_appends(&b, ROW_SQL_FROM);
    }
    for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++) {
        if (shape & conds[i].bit)
            kl_buf_appends(&b, conds[i].sql);
    }
    if (shape & F_FACTS)
        kl_buf_appends(&b, " LIMIT ?");
    else if (shape & (F_DUE_FROM | F_DUE_TO | F_OPEN_BEFORE))
        kl_buf_appends(&b, ORDER_DUE);
    else
        kl_buf_appends(&b, ORDER_NULLS_LAST);
    if (b.failed != KL_OK) {
        kl_buf_fini(&b);
        return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "query: out of memory");
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(q->db, b.p, (int)b.len, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    kl_buf_fini(&b);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        return kl_sq_error(q, rc, "prepare query", err);
    }
    size_t slot = q->qnext++ % KL_SQ_QCACHE;
    sqlite3_finalize(q->qcache[slot].st);
    q->qcache[slot].shape = shape;
    q->qcache[slot].st = st;
    *out = st;
    return KL_OK;
}

static int bind_filter(kl_sqlite *q, sqlite3_stmt *st, unsigned shape, const kl_store_filter *f,
                       const char *match, kl_error *err)
{
    kl_sq_args a = kl_sq_args_of(q, st, err);
    if (shape & F_AGENCY)
        kl_sq_a_text(&a, f->agency);
    if (shape & F_NOTICE)
        kl_sq_a_int(&a, f->notice_id);
    if (shape & F_TASK)
        kl_sq_a_int(&a, f->task_id);
    if (shape & F_DUE_FROM)
        kl_sq_a_day(&a, f->due_from);
    if (shape & F_DUE_TO)
        kl_sq_a_day(&a, f->due_to);
    if (shape & F_OPEN_BEFORE)
        kl_sq_a_day(&a, f->open_due_before);
    if (shape & F_REVIEW)
        kl_sq_a_int(&a, f->review == KL_FILTER_CONFIRMED);
    if (shape & F_TEXT)
        kl_sq_a_text(&a, match);
    kl_sq_a_int(&a, f->limit > 0 && f->limit < INT64_MAX ? (int64_t)f->limit : -1);
    return a.rc;
}

static int32_t col_dir(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i);
}

/* Borrowed view of the current row of the full query. */
static void read_row(sqlite3_stmt *st, kl_store_assign_row *r)
{
    memset(r, 0, sizeof *r);
    r->assign_id = sqlite3_column_int64(st, 0);
    r->task_id = sqlite3_column_int64(st, 1);
    r->notice_id = sqlite3_column_int64(st, 2);
    r->agency = kl_sq_col_text(st, 3);
    r->agency_dir_id = col_dir(st, 4);
    const char *kind = kl_sq_col_text(st, 5); /* text before bytes, as SQLite asks */
    r->kind = kl_store_kind_parse(kind, (size_t)sqlite3_column_bytes(st, 5));
    r->due_current = kl_sq_col_day(st, 6);
    r->done = kl_sq_col_day(st, 7);
    r->cancelled = kl_sq_col_day(st, 8);
    r->review = sqlite3_column_int(st, 9) ? KL_REVIEW_CONFIRMED : KL_REVIEW_PENDING;
    r->is_key = sqlite3_column_int(st, 10) != 0;
    r->last_progress = kl_sq_col_day(st, 11);
    r->notice_number = kl_sq_col_text(st, 12);
    r->notice_symbol = kl_sq_col_text(st, 13);
    r->notice_issued = kl_sq_col_iso(st, 14);
    r->notice_received = kl_sq_col_day(st, 15);
    r->action = kl_sq_col_text(st, 16);
    r->item = kl_sq_col_text(st, 17);
    r->due = kl_sq_col_iso(st, 18);
    r->n_extensions = sqlite3_column_int(st, 19);
    r->done_evidence = kl_sq_col_text(st, 20);
    if (!r->item)
        r->item = "";
}

/* Agency names and directory ids by row id, for the facts pass. */
typedef struct agency_map {
    kl_arena a;
    const char **name;
    int32_t *dir;
    int64_t n; /* ids 1..n-1 */
} agency_map;

static int load_agencies(kl_sqlite *q, agency_map *m, kl_error *err)
{
    static const char count[] = "SELECT COALESCE(MAX(id), 0) + 1 FROM agency";
    static const char all[] = "SELECT id, name, dir_id FROM agency";
    sqlite3_stmt *st = NULL;
    bool row = true, fail = false;
    int rc = kl_sq_scalar(q, ST_AGENCY_MAX, count, NULL, 0, &m->n, err);
    if (rc == KL_OK) {
        m->name = kl_arena_calloc(&m->a, (size_t)m->n, sizeof *m->name);
        m->dir = kl_arena_calloc(&m->a, (size_t)m->n, sizeof *m->dir);
        if (!m->name || !m->dir)
            rc = kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "facts: out of memory");
    }
    if (rc == KL_OK)
        rc = kl_sq_prep(q, ST_AGENCY_ALL, all, &st, err);
    while (rc == KL_OK) {
        rc = kl_sq_step(q, st, &row, err);
        if (rc != KL_OK || !row)
            break;
        int64_t id = sqlite3_column_int64(st, 0);
        if (id <= 0 || id >= m->n)
            continue; /* added since the count: not in this pass's rows either */
        m->name[id] = kl_sq_col_dup(st, 1, &m->a, &fail);
        m->dir[id] = col_dir(st, 2);
        if (fail)
            rc = kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "facts: out of memory");
    }
    kl_sq_done(st);
    return rc;
}

static void read_facts(sqlite3_stmt *st, const agency_map *m, kl_store_assign_row *r)
{
    memset(r, 0, sizeof *r);
    r->assign_id = sqlite3_column_int64(st, 0);
    r->task_id = sqlite3_column_int64(st, 1);
    r->notice_id = sqlite3_column_int64(st, 2);
    int64_t agency = sqlite3_column_int64(st, 3);
    bool known = agency > 0 && agency < m->n;
    r->agency = known ? m->name[agency] : NULL;
    r->agency_dir_id = known ? m->dir[agency] : -1;
    const char *kind = kl_sq_col_text(st, 4);
    r->kind = kl_store_kind_parse(kind, (size_t)sqlite3_column_bytes(st, 4));
    r->due_current = kl_sq_col_day(st, 5);
    r->done = kl_sq_col_day(st, 6);
    r->cancelled = kl_sq_col_day(st, 7);
    r->review = sqlite3_column_int(st, 8) ? KL_REVIEW_CONFIRMED : KL_REVIEW_PENDING;
    r->is_key = sqlite3_column_int(st, 9) != 0;
    r->last_progress = kl_sq_col_day(st, 10); /* the update rate of stats */
}

int kl_sq_assign_query(kl_store *s, const kl_store_filter *f, bool facts_only,
                       int (*cb)(const kl_store_assign_row *r, void *ctx), void *ctx,
                       kl_error *err)
{
    kl_sqlite *q = kl_sq(s);
    unsigned shape = shape_of(f, facts_only);
    kl_buf match;
    kl_buf_init(&match, 0);
    agency_map m = {.n = 0};
    kl_arena_init(&m.a, 0);
    sqlite3_stmt *st = NULL;
    bool row = true;
    int rc = f->text ? kl_sq_fts_query(f->text, &match, err) : KL_OK;
    if (rc == KL_OK && f->text)
        rc = kl_sq_index_update(s, NULL, err);
    if (rc == KL_OK && facts_only)
        rc = load_agencies(q, &m, err);
    if (rc == KL_OK)
        rc = shape_stmt(q, shape, &st, err);
    if (rc == KL_OK)
        rc = bind_filter(q, st, shape, f, match.p, err);
    while (rc == KL_OK) {
        rc = kl_sq_step(q, st, &row, err);
        if (rc != KL_OK || !row)
            break;
        kl_store_assign_row r;
        if (facts_only)
            read_facts(st, &m, &r);
        else
            read_row(st, &r);
        rc = cb(&r, ctx);
    }
    kl_sq_done(st);
    kl_arena_fini(&m.a);
    kl_buf_fini(&match);
    return rc;
}

/* ---- search ------------------------------------------------------------------------------ */

int kl_sq_search(kl_store *s, const char *query, size_t limit,
                 int (*cb)(const kl_store_hit *h, void *ctx), void *ctx, kl_error *err)
{
    /* SQLite only (FTS5). bm25 scores of the two tables are merged as they are: both are
     * "smaller is better" over the same tokenizer, close enough to interleave. */
    static const char sql[] =
        "SELECT f.rowid, 0, n.subject,"
        " snippet(notice_fts, -1, '[', ']', '...', 16), bm25(notice_fts)"
        " FROM notice_fts f JOIN notice n ON n.id = f.rowid WHERE notice_fts MATCH ?1"
        " UNION ALL"
        " SELECT t.notice_id, t.id, t.action,"
        " snippet(task_fts, -1, '[', ']', '...', 16), bm25(task_fts)"
        " FROM task_fts JOIN task t ON t.id = task_fts.rowid WHERE task_fts MATCH ?1"
        " ORDER BY 5 LIMIT ?2";
    kl_sqlite *q = kl_sq(s);
    kl_buf match;
    kl_buf_init(&match, 0);
    sqlite3_stmt *st = NULL;
    bool row = true;
    int rc = kl_sq_fts_query(query, &match, err);
    if (rc == KL_OK)
        rc = kl_sq_index_update(s, NULL, err);
    if (rc == KL_OK)
        rc = kl_sq_prep(q, ST_SEARCH, sql, &st, err);
    if (rc == KL_OK) {
        kl_sq_args a = kl_sq_args_of(q, st, err);
        kl_sq_a_text(&a, match.p);
        kl_sq_a_int(&a, limit < INT64_MAX ? (int64_t)limit : -1);
        rc = a.rc;
    }
    while (rc == KL_OK) {
        rc = kl_sq_step(q, st, &row, err);
        if (rc != KL_OK || !row)
            break;
        kl_store_hit h = {
            .notice_id = sqlite3_column_int64(st, 0),
            .task_id = sqlite3_column_int64(st, 1),
            .title = kl_sq_col_text(st, 2),
            .snippet = kl_sq_col_text(st, 3),
            .rank = sqlite3_column_double(st, 4),
        };
        rc = cb(&h, ctx);
    }
    kl_sq_done(st);
    kl_buf_fini(&match);
    return rc;
}
