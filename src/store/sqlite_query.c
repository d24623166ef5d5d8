/* SQLite backend: lists of assignments (built from the filter's shape), statistics facts and
 * full-text search. */
#include "sqlite_int.h"

#include <pthread.h>
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
    F_FACTS = 1u << 12,    /* the lean select of kl_store_assign_facts */
    F_ID_RANGE = 1u << 13, /* one part of a split pass (kl_sq_assign_facts_split) */
    F_OPEN_ON = 1u << 14,
};

/* On a list by agency (F_LIST: the rows come from agency_list) some predicates have a form
 * that bounds the range of its key (agency, closed_day, id); list_sql is that form, with the
 * same parameters. */
static const struct {
    unsigned bit;
    const char *sql, *list_sql;
} conds[] = {
    {F_AGENCY, " AND a.agency_id = (SELECT id FROM agency WHERE name = ?)", NULL},
    {F_NOTICE, " AND a.notice_id = ?", NULL},
    {F_TASK, " AND a.task_id = ?", NULL},
    {F_DUE_FROM, " AND a.due_day >= ?", NULL},
    {F_DUE_TO, " AND a.due_day <= ?", NULL},
    {F_OPEN_BEFORE, " AND a.done_day IS NULL AND a.cancelled_day IS NULL AND a.due_day < ?",
     " AND a.closed_day = " KL_SQ_OPEN_DATED " AND a.due_day < ?"},
    {F_REVIEW, " AND a.confirmed = ?", NULL},
    {F_KEY, " AND a.is_key = 1", NULL},
    {F_OPEN, " AND a.done_day IS NULL AND a.cancelled_day IS NULL",
     " AND a.closed_day >= " KL_SQ_OPEN_DATED},
    {F_DONE, " AND a.done_day IS NOT NULL AND a.cancelled_day IS NULL", NULL},
    {F_CANCELLED, " AND a.cancelled_day IS NOT NULL", NULL},
    /* the notices the index finds; each task is then tested in C (kl_sq_words_match) */
    {F_TEXT,
     " AND (a.notice_id IN (SELECT rowid FROM notice_fts WHERE notice_fts MATCH ?)"
     " OR a.notice_id IS NULL)",
     NULL},
    {F_ID_RANGE, " AND a.id BETWEEN ? AND ?", NULL},
    /* closed_day is the first of done and cancelled: "after D" holds for both */
    {F_OPEN_ON,
     " AND (a.done_day IS NULL OR a.done_day > ?)"
     " AND (a.cancelled_day IS NULL OR a.cancelled_day > ?)",
     " AND a.closed_day > ? AND a.closed_day > ?"},
};

/* The full row. For lists of open rows done_evidence is known to be NULL and is not read. */
static const char ROW_SQL_HEAD[] =
    "SELECT a.id, a.task_id, a.notice_id, g.name, g.dir_id, a.kind, a.due_day, a.done_day,"
    " a.cancelled_day, a.confirmed, a.is_key, a.last_progress_day, n.number, n.symbol,"
    " n.issued, n.received_day, t.action, t.item, t.due, t.n_ext, ";
static const char ROW_SQL_FROM[] =
    " FROM assignment a JOIN agency g ON g.id = a.agency_id JOIN task t ON t.id = a.task_id"
    " LEFT JOIN notice n ON n.id = a.notice_id WHERE 1 = 1";
/* The same columns from one agency's range of agency_list (migrate.c, step 4); the task row
 * is read only for a text filter. */
static const char LIST_SQL_HEAD[] =
    "SELECT a.id, a.task_id, a.notice_id, g.name, g.dir_id, a.kind, a.due_day, a.done_day,"
    " a.cancelled_day, a.confirmed, a.is_key, a.last_progress_day, a.number, a.symbol,"
    " a.issued, a.received_day, a.action, a.item, a.due, a.n_ext, a.done_evidence";
static const char LIST_SQL_FROM[] = " FROM agency_list a JOIN agency g ON g.id = a.agency_id";
static const char LIST_SQL_TASK[] = " JOIN task t ON t.id = a.task_id";
/* No join: agency names come from a table loaded once per call (load_agencies), which
 * halves the time of a pass over a million rows. */
static const char FACTS_SQL[] =
    "SELECT a.id, a.task_id, a.notice_id, a.agency_id, a.kind, a.due_day, a.done_day,"
    " a.cancelled_day, a.confirmed, a.is_key, a.last_progress_day FROM assignment a"
    " WHERE 1 = 1";
/* Portable "NULLs last" (no NULLS LAST before SQLite 3.30 nor in every engine). */
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
    m |= kl_date_is_set(f->open_on) ? F_OPEN_ON : 0;
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
    /* The agency lists serve a list by agency, and the overdue list of every agency (open
     * with a due date before a day, or open on a past day: the office's "what is late"),
     * then each agency's range in turn. A notice's or a task's rows are found through
     * assignment's indexes, and a window of due dates (due soon: a few rows) by one pass
     * over its narrow rows, instead. */
    bool late = shape & (F_OPEN_BEFORE | F_OPEN_ON);
    bool narrow = shape & (F_NOTICE | F_TASK | F_DUE_FROM);
    bool list = !(shape & F_FACTS) && ((shape & F_AGENCY) || (late && !narrow));
    if (shape & F_FACTS) {
        kl_buf_appends(&b, FACTS_SQL);
    } else if (list) {
        kl_buf_appends(&b, LIST_SQL_HEAD);
        kl_buf_appends(&b, shape & F_TEXT ? ", t.fts_req, t.fts_agencies" : "");
        kl_buf_appends(&b, LIST_SQL_FROM);
        kl_buf_appends(&b, shape & F_TEXT ? LIST_SQL_TASK : "");
        kl_buf_appends(&b, " WHERE 1 = 1");
        if (!(shape & F_AGENCY))
            kl_buf_appends(&b, " AND a.agency_id IN (SELECT id FROM agency)");
    } else {
        kl_buf_appends(&b, ROW_SQL_HEAD);
        kl_buf_appends(&b, shape & (F_OPEN | F_OPEN_BEFORE) ? "NULL" : "a.done_evidence");
        kl_buf_appends(&b, shape & F_TEXT ? ", t.fts_req, t.fts_agencies" : "");
        kl_buf_appends(&b, ROW_SQL_FROM);
    }
    for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++) {
        if (shape & conds[i].bit)
            kl_buf_appends(&b, list && conds[i].list_sql ? conds[i].list_sql : conds[i].sql);
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

/* Assignment ids lo..hi: one part of a split pass; 0, 0 for all. */
typedef struct id_range {
    int64_t lo, hi;
} id_range;

static int bind_filter(kl_sqlite *q, sqlite3_stmt *st, unsigned shape, const kl_store_filter *f,
                       const char *match, id_range ids, kl_error *err)
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
    if (shape & F_ID_RANGE) {
        kl_sq_a_int(&a, ids.lo);
        kl_sq_a_int(&a, ids.hi);
    }
    if (shape & F_OPEN_ON) {
        kl_sq_a_day(&a, f->open_on);
        kl_sq_a_day(&a, f->open_on);
    }
    /* with a text filter some rows are dropped in C: the limit is counted there */
    bool sql_limit = f->limit > 0 && f->limit < INT64_MAX && !(shape & F_TEXT);
    kl_sq_a_int(&a, sql_limit ? (int64_t)f->limit : -1);
    return a.rc;
}

static int32_t col_dir(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i);
}

/* Borrowed view of the current row of the full query. */
static int32_t col_days(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? KL_NO_DAY
                                                     : (int32_t)sqlite3_column_int64(st, i);
}

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
    /* the status code reads these, as it does for the facts pass: one rule for both */
    r->has_days = true;
    r->due_day = col_days(st, 6);
    r->done_day = col_days(st, 7);
    r->cancelled_day = col_days(st, 8);
    r->last_progress_day = col_days(st, 11);
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
    r->has_days = true;
    r->due_day = col_days(st, 5);
    r->done_day = col_days(st, 6);
    r->cancelled_day = col_days(st, 7);
    r->review = sqlite3_column_int(st, 8) ? KL_REVIEW_CONFIRMED : KL_REVIEW_PENDING;
    r->is_key = sqlite3_column_int(st, 9) != 0;
    r->last_progress_day = col_days(st, 10); /* the update rate of stats */
}

static int assign_pass(kl_sqlite *q, const kl_store_filter *f, bool facts_only, id_range ids,
                       int (*cb)(const kl_store_assign_row *r, void *ctx), void *ctx, kl_error *err)
{
    unsigned shape = shape_of(f, facts_only) | (ids.hi ? F_ID_RANGE : 0);
    kl_buf match;
    kl_buf_init(&match, 0);
    agency_map m = {.n = 0};
    kl_arena_init(&m.a, 0);
    sqlite3_stmt *st = NULL;
    bool row = true;
    kl_sq_words words;
    kl_buf scratch;
    kl_buf_init(&scratch, 0);
    memset(&words, 0, sizeof words);
    size_t n_out = 0;
    int rc = f->text ? kl_sq_fts_query(f->text, NULL, &match, err) : KL_OK;
    if (rc == KL_OK && f->text)
        rc = kl_sq_words_parse(f->text, &words, err);
    if (rc == KL_OK && facts_only)
        rc = load_agencies(q, &m, err);
    if (rc == KL_OK)
        rc = shape_stmt(q, shape, &st, err);
    if (rc == KL_OK)
        rc = bind_filter(q, st, shape, f, match.p, ids, err);
    while (rc == KL_OK) {
        rc = kl_sq_step(q, st, &row, err);
        if (rc != KL_OK || !row)
            break;
        kl_store_assign_row r;
        if (facts_only)
            read_facts(st, &m, &r);
        else
            read_row(st, &r);
        if (f->text) {
            const char *texts[3] = {r.action, kl_sq_col_text(st, 21), kl_sq_col_text(st, 22)};
            if (!kl_sq_words_match(&words, texts, 3, &scratch))
                continue;
            if (f->limit && n_out == f->limit)
                break;
            n_out++;
        }
        rc = cb(&r, ctx);
    }
    kl_sq_done(st);
    kl_arena_fini(&m.a);
    kl_buf_fini(&match);
    kl_buf_fini(&scratch);
    kl_sq_words_free(&words);
    return rc;
}

int kl_sq_assign_query(kl_store *s, const kl_store_filter *f, bool facts_only,
                       int (*cb)(const kl_store_assign_row *r, void *ctx), void *ctx, kl_error *err)
{
    id_range all = {0, 0};
    return assign_pass(kl_sq(s), f, facts_only, all, cb, ctx, err);
}

/* One part of a split facts pass, on a connection of its own in a thread of its own. */
typedef struct facts_part {
    kl_store *conn;
    const kl_store_filter *f;
    id_range ids;
    int (*cb)(const kl_store_assign_row *r, void *ctx);
    void *ctx;
    int rc;
    kl_error err;
} facts_part;

static void *facts_part_main(void *arg)
{
    facts_part *p = arg;
    p->rc = assign_pass(kl_sq(p->conn), p->f, true, p->ids, p->cb, p->ctx, &p->err);
    return NULL;
}

/* Below this many assignments one pass is quicker than opening connections. */
#define SPLIT_MIN 20000

int kl_sq_assign_facts_split(kl_store *s, const kl_store_filter *f, size_t n,
                             int (*cb)(const kl_store_assign_row *r, void *ctx), void *const *ctx,
                             kl_error *err)
{
    static const char max[] = "SELECT COALESCE(MAX(id), 0) FROM assignment";
    kl_sqlite *q = kl_sq(s);
    int64_t top = 0;
    int rc = kl_sq_scalar(q, ST_ASSIGN_MAX, max, NULL, 0, &top, err);
    if (rc != KL_OK)
        return rc;
    id_range all = {0, 0};
    if (n > KL_STORE_MAX_PARTS)
        n = KL_STORE_MAX_PARTS;
    if (n <= 1 || top < SPLIT_MIN || f->limit)
        return assign_pass(q, f, true, all, cb, ctx[0], err);
    /* parts of equal id ranges: ids grow with imports, so each holds as many rows */
    facts_part parts[KL_STORE_MAX_PARTS];
    pthread_t th[KL_STORE_MAX_PARTS];
    bool started[KL_STORE_MAX_PARTS] = {false};
    int64_t step = top / (int64_t)n + 1;
    for (size_t k = 1; k < n; k++) {
        facts_part *p = &parts[k];
        memset(p, 0, sizeof *p);
        p->f = f;
        p->ids.lo = (int64_t)k * step + 1;
        p->ids.hi = k + 1 == n ? INT64_MAX : (int64_t)(k + 1) * step;
        p->cb = cb;
        p->ctx = ctx[k];
        kl_err_clear(&p->err);
        if (!q->part[k])
            p->rc = kl_store_sqlite_ops.open(&q->part[k], q->path, &p->err);
        p->conn = q->part[k];
        started[k] = p->rc == KL_OK && pthread_create(&th[k], NULL, facts_part_main, p) == 0;
        if (p->rc == KL_OK && !started[k]) /* no thread: this one runs the part */
            facts_part_main(p);
    }
    id_range first = {1, step};
    rc = assign_pass(q, f, true, first, cb, ctx[0], err);
    for (size_t k = 1; k < n; k++) {
        if (started[k])
            pthread_join(th[k], NULL);
        if (rc == KL_OK && parts[k].rc != KL_OK)
            rc = kl_err_set(err, parts[k].rc, parts[k].err.offset, "%s", parts[k].err.msg);
    }
    return rc;
}

/* ---- search ------------------------------------------------------------------------------ */

/* A notice found by the index, kept while its tasks are tested. */
typedef struct found_notice {
    int64_t id;
    double rank;
    bool shown; /* a notice hit already given */
} found_notice;

#define SEARCH_NOTICES 200 /* notices whose tasks a search tests */

/* The best SEARCH_NOTICES notices for match: found by their subject and text, or by
 * anything their row holds, tasks included (whose tasks are then tested). Ids and ranks
 * only: a snippet costs a pass over the notice's text, so it is made for the hits shown
 * (notice_hit), not for every notice that matches. */
static int search_index(kl_sqlite *q, bool tasks, const char *match, found_notice *out, size_t *n,
                        kl_error *err)
{
    static const char notices[] = "SELECT rowid, kl_rank(notice_fts) FROM notice_fts"
                                  " WHERE notice_fts MATCH ?1 ORDER BY 2 LIMIT ?2";
    static const char docs[] = "SELECT rowid, kl_rank(notice_fts) FROM notice_fts"
                               " WHERE notice_fts MATCH ?1 ORDER BY 2 LIMIT ?2";
    sqlite3_stmt *st = NULL;
    bool row = true;
    *n = 0;
    int rc = tasks ? kl_sq_prep(q, ST_SEARCH_ANY, docs, &st, err)
                   : kl_sq_prep(q, ST_SEARCH, notices, &st, err);
    if (rc == KL_OK) {
        kl_sq_args args = kl_sq_args_of(q, st, err);
        kl_sq_a_text(&args, match);
        kl_sq_a_int(&args, SEARCH_NOTICES);
        rc = args.rc;
    }
    while (rc == KL_OK && *n < SEARCH_NOTICES) {
        rc = kl_sq_step(q, st, &row, err);
        if (rc != KL_OK || !row)
            break;
        found_notice *f = &out[(*n)++];
        f->id = sqlite3_column_int64(st, 0);
        f->rank = sqlite3_column_double(st, 1);
    }
    kl_sq_done(st);
    return rc;
}

/* Show notice f as a hit: its subject and a snippet of where match is found. */
static int notice_hit(kl_sqlite *q, const char *match, const found_notice *f,
                      int (*cb)(const kl_store_hit *h, void *ctx), void *ctx, kl_error *err)
{
    static const char sql[] = "SELECT n.subject, snippet(notice_fts, -1, '[', ']', '...', 16)"
                              " FROM notice_fts f JOIN notice n ON n.id = f.rowid"
                              " WHERE notice_fts MATCH ?1 AND f.rowid = ?2";
    sqlite3_stmt *st = NULL;
    bool row = false;
    int rc = kl_sq_prep(q, ST_SEARCH_SNIPPET, sql, &st, err);
    if (rc == KL_OK) {
        kl_sq_args args = kl_sq_args_of(q, st, err);
        kl_sq_a_text(&args, match);
        kl_sq_a_int(&args, f->id);
        rc = args.rc;
    }
    if (rc == KL_OK)
        rc = kl_sq_step(q, st, &row, err);
    if (rc == KL_OK && row) {
        kl_store_hit h = {f->id, 0, kl_sq_col_text(st, 0), kl_sq_col_text(st, 1), f->rank};
        rc = cb(&h, ctx);
    }
    kl_sq_done(st);
    return rc;
}

static bool is_word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Does the one word w[0..len) match query word k? */
static bool word_hits(const kl_sq_words *w, const char *word, size_t len, kl_buf *scratch)
{
    char tmp[256];
    if (len >= sizeof tmp)
        len = sizeof tmp - 1;
    memcpy(tmp, word, len);
    tmp[len] = '\0';
    const char *one_text[1] = {tmp};
    for (size_t k = 0; k < w->n; k++) {
        kl_sq_words one = *w;
        one.n = 1;
        one.start[0] = w->start[k];
        one.len[0] = w->len[k];
        one.prefix[0] = w->prefix[k];
        if (kl_sq_words_match(&one, one_text, 1, scratch))
            return true;
    }
    return false;
}

/* The action with each word that matches the query between '[' and ']' (punctuation next
 * to a word stays outside: "[dịch],"). */
static const char *highlight(const kl_sq_words *w, const char *text, kl_buf *out, kl_buf *scratch)
{
    kl_buf_reset(out);
    size_t len = strlen(text), i = 0;
    while (i < len) {
        if (!is_word_byte((unsigned char)text[i])) {
            kl_buf_appendc(out, text[i++]);
            continue;
        }
        size_t st = i;
        while (i < len && is_word_byte((unsigned char)text[i]))
            i++;
        bool hit = word_hits(w, text + st, i - st, scratch);
        kl_buf_appends(out, hit ? "[" : "");
        kl_buf_append(out, text + st, i - st);
        kl_buf_appends(out, hit ? "]" : "");
    }
    return out->p ? out->p : "";
}

/* The tasks of notice id (0: the tasks on no notice) that match; a hit each. */
static int search_tasks(kl_sqlite *q, const kl_sq_words *w, int64_t id, double rank, size_t limit,
                        size_t *n_hits, int (*cb)(const kl_store_hit *, void *), void *ctx,
                        kl_error *err)
{
    static const char of_notice[] = "SELECT id, action, fts_req, fts_agencies FROM task"
                                    " WHERE notice_id = ?1 ORDER BY seq";
    static const char manual[] = "SELECT id, action, fts_req, fts_agencies FROM task"
                                 " WHERE notice_id IS NULL ORDER BY id";
    sqlite3_stmt *st = NULL;
    bool row = true;
    kl_buf scratch, snip;
    kl_buf_init(&scratch, 0);
    kl_buf_init(&snip, 0);
    int rc = id ? kl_sq_prep(q, ST_SEARCH_TASKS, of_notice, &st, err)
                : kl_sq_prep(q, ST_SEARCH_MANUAL, manual, &st, err);
    if (rc == KL_OK && id)
        rc = kl_sq_bind_int(q, st, 1, id, err);
    while (rc == KL_OK && *n_hits < limit) {
        rc = kl_sq_step(q, st, &row, err);
        if (rc != KL_OK || !row)
            break;
        const char *texts[3] = {kl_sq_col_text(st, 1), kl_sq_col_text(st, 2),
                                kl_sq_col_text(st, 3)};
        if (!texts[0] || !kl_sq_words_match(w, texts, 3, &scratch))
            continue;
        /* the snippet is the first text that holds a query word: the action, else a
         * requirement or the agencies */
        const char *shown = texts[0];
        for (size_t k = 0; k < 3; k++) {
            kl_sq_words any = *w;
            bool has = false;
            for (size_t m = 0; m < w->n && !has; m++) {
                any.n = 1;
                any.start[0] = w->start[m];
                any.len[0] = w->len[m];
                any.prefix[0] = w->prefix[m];
                has = texts[k] && kl_sq_words_match(&any, &texts[k], 1, &scratch);
            }
            if (has) {
                shown = texts[k];
                break;
            }
        }
        kl_store_hit h = {id, sqlite3_column_int64(st, 0), texts[0],
                          highlight(w, shown, &snip, &scratch), rank};
        (*n_hits)++;
        rc = cb(&h, ctx);
    }
    kl_sq_done(st);
    kl_buf_fini(&scratch);
    kl_buf_fini(&snip);
    return rc;
}

int kl_sq_search(kl_store *s, const char *query, size_t limit,
                 int (*cb)(const kl_store_hit *h, void *ctx), void *ctx, kl_error *err)
{
    /* SQLite only (FTS5). Two lists from the one index, by bm25 (smaller is better):
     * notices whose row holds the words at all, whose tasks are then tested one by one, and
     * among them those whose subject or text hold them, which are hits themselves; tasks on
     * no notice last. */
    kl_sqlite *q = kl_sq(s);
    kl_buf match, in_text;
    kl_buf_init(&match, 0);
    kl_buf_init(&in_text, 0);
    kl_sq_words w;
    memset(&w, 0, sizeof w);
    kl_arena a;
    kl_arena_init(&a, 0);
    found_notice *notices = kl_arena_calloc(&a, SEARCH_NOTICES, sizeof *notices);
    found_notice *docs = kl_arena_calloc(&a, SEARCH_NOTICES, sizeof *docs);
    size_t nn = 0, nd = 0, hits = 0;
    int rc = notices && docs ? kl_sq_fts_query(query, NULL, &match, err)
                             : kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "search: out of memory");
    if (rc == KL_OK)
        rc = kl_sq_fts_query(query, "{subject body}", &in_text, err);
    if (rc == KL_OK)
        rc = kl_sq_words_parse(query, &w, err);
    if (rc == KL_OK)
        rc = search_index(q, false, in_text.p, notices, &nn, err);
    if (rc == KL_OK)
        rc = search_index(q, true, match.p, docs, &nd, err);
    /* each notice in rank order: itself when its text holds the words, then its tasks that
     * do; then notices found by their text alone beyond the best SEARCH_NOTICES */
    for (size_t j = 0; rc == KL_OK && j < nd && hits < limit; j++) {
        for (size_t i = 0; i < nn && rc == KL_OK && hits < limit; i++) {
            if (notices[i].id == docs[j].id && !notices[i].shown) {
                notices[i].shown = true;
                hits++;
                rc = notice_hit(q, in_text.p, &notices[i], cb, ctx, err);
            }
        }
        if (rc == KL_OK && hits < limit)
            rc = search_tasks(q, &w, docs[j].id, docs[j].rank, limit, &hits, cb, ctx, err);
    }
    for (size_t i = 0; rc == KL_OK && i < nn && hits < limit; i++) {
        if (!notices[i].shown) {
            hits++;
            rc = notice_hit(q, in_text.p, &notices[i], cb, ctx, err);
        }
    }
    if (rc == KL_OK && hits < limit)
        rc = search_tasks(q, &w, 0, 0.0, limit, &hits, cb, ctx, err);
    kl_arena_fini(&a);
    kl_sq_words_free(&w);
    kl_buf_fini(&match);
    kl_buf_fini(&in_text);
    return rc;
}
