/* SQLite backend: importing a notice with its tasks, and reading notices back. */
#include "sqlite_int.h"

#include <string.h>

/* ---- writing tasks (shared with kl_sq_task_add) ------------------------------------------ */

static int add_requirements(kl_sqlite *q, int64_t task_id, const kl_task *t, kl_error *err)
{
    static const char sql[] = "INSERT INTO requirement (task_id, seq, text) VALUES (?1, ?2, ?3)";
    sqlite3_stmt *st = NULL;
    int rc = t->n_requirements ? kl_sq_prep(q, ST_REQ_ADD, sql, &st, err) : KL_OK;
    for (size_t i = 0; i < t->n_requirements && rc == KL_OK; i++) {
        kl_sq_args a = kl_sq_args_of(q, st, err);
        kl_sq_a_int(&a, task_id);
        kl_sq_a_int(&a, (int64_t)i + 1);
        kl_sq_a_text(&a, t->requirements[i] ? t->requirements[i] : "");
        rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    }
    return rc;
}

/* A name listed twice (a lead repeated by the text) gives one row: ON CONFLICT DO NOTHING. */
int kl_sq_support_add(kl_sqlite *q, int64_t task_id, const kl_org *o, size_t n, kl_error *err)
{
    static const char sql[] = "INSERT INTO support (task_id, agency_id, seq)"
                              " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";
    sqlite3_stmt *st = NULL;
    int rc = KL_OK;
    for (size_t i = 0; i < n && rc == KL_OK; i++) {
        int64_t agency = 0;
        rc = kl_sq_agency(q, o[i].name, o[i].id, &agency, err);
        if (rc == KL_OK)
            rc = kl_sq_prep(q, ST_SUPPORT_ADD, sql, &st, err);
        if (rc != KL_OK)
            break;
        kl_sq_args a = kl_sq_args_of(q, st, err);
        kl_sq_a_int(&a, task_id);
        kl_sq_a_int(&a, agency);
        kl_sq_a_int(&a, (int64_t)i + 1);
        rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    }
    return rc;
}

/* The kind, due, review and key copies of an assignment come from its task (migrate.c). */
static int add_assignments(kl_sqlite *q, int64_t task_id, int64_t notice_id, const kl_task *t,
                           bool is_key, bool confirm, kl_error *err)
{
    static const char sql[] =
        "INSERT INTO assignment (task_id, notice_id, agency_id, seq, kind, due_day,"
        " confirmed, is_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING";
    sqlite3_stmt *st = NULL;
    int rc = KL_OK;
    for (size_t i = 0; i < t->n_lead && rc == KL_OK; i++) {
        int64_t agency = 0;
        rc = kl_sq_agency(q, t->lead[i].name, t->lead[i].id, &agency, err);
        if (rc == KL_OK)
            rc = kl_sq_prep(q, ST_ASSIGN_ADD, sql, &st, err);
        if (rc != KL_OK)
            break;
        kl_sq_args a = kl_sq_args_of(q, st, err);
        kl_sq_a_int(&a, task_id);
        if (notice_id > 0)
            kl_sq_a_int(&a, notice_id);
        else
            kl_sq_a_null(&a);
        kl_sq_a_int(&a, agency);
        kl_sq_a_int(&a, (int64_t)i + 1);
        kl_sq_a_text(&a, kl_store_kind_name(t->deadline.kind));
        kl_sq_a_due(&a, t->deadline.due, t->deadline.kind);
        kl_sq_a_int(&a, confirm);
        kl_sq_a_int(&a, is_key);
        rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    }
    return rc;
}

static int add_task_row(kl_sqlite *q, int64_t notice_id, int64_t seq, const kl_task *t, bool is_key,
                        bool confirm, kl_task_origin origin, const char *now, kl_error *err)
{
    static const char sql[] =
        "INSERT INTO task (notice_id, seq, item, action, report_to, dl_text, due, due_day,"
        " kind, dl_start, dl_end, span_start, span_end, review, is_key, origin, cur_due_day,"
        " n_ext, created_at, fts_req, fts_agencies) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
        " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?8, 0, ?17, ?18, ?19)";
    sqlite3_stmt *st = NULL;
    int rc = kl_sq_prep(q, ST_TASK_ADD, sql, &st, err);
    if (rc != KL_OK)
        return rc;
    kl_sq_args a = kl_sq_args_of(q, st, err);
    if (notice_id > 0)
        kl_sq_a_int(&a, notice_id);
    else
        kl_sq_a_null(&a);
    kl_sq_a_int(&a, seq);
    kl_sq_a_text(&a, t->item ? t->item : "");
    kl_sq_a_text(&a, t->action);
    kl_sq_a_text(&a, t->report_to);
    kl_sq_a_text(&a, t->deadline.text);
    kl_sq_a_iso(&a, t->deadline.due);
    kl_sq_a_due(&a, t->deadline.due, t->deadline.kind);
    kl_sq_a_text(&a, kl_store_kind_name(t->deadline.kind));
    kl_sq_a_int(&a, (int64_t)t->deadline.span.start);
    kl_sq_a_int(&a, (int64_t)t->deadline.span.end);
    kl_sq_a_int(&a, (int64_t)t->span.start);
    kl_sq_a_int(&a, (int64_t)t->span.end);
    kl_sq_a_text(&a, kl_review_name(confirm ? KL_REVIEW_CONFIRMED : KL_REVIEW_PENDING));
    kl_sq_a_int(&a, is_key);
    kl_sq_a_text(&a, kl_task_origin_name(origin));
    kl_sq_a_text(&a, now);
    /* the search row's requirements (one per line) and agencies (leads, then supports) */
    kl_buf req, ag;
    kl_buf_init(&req, 0);
    kl_buf_init(&ag, 0);
    for (size_t i = 0; i < t->n_requirements; i++) {
        if (i)
            kl_buf_appendc(&req, '\n');
        kl_buf_appends(&req, t->requirements[i]);
    }
    for (size_t i = 0; i < t->n_lead + t->n_support; i++) {
        const kl_org *o = i < t->n_lead ? &t->lead[i] : &t->support[i - t->n_lead];
        if (i)
            kl_buf_appends(&ag, "; ");
        kl_buf_appends(&ag, o->name);
    }
    kl_sq_a_text(&a, req.p ? req.p : "");
    kl_sq_a_text(&a, ag.p ? ag.p : "");
    rc = req.failed != KL_OK || ag.failed != KL_OK
             ? kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "task search text: out of memory")
             : a.rc;
    if (rc == KL_OK)
        rc = kl_sq_exec(q, st, err);
    kl_buf_fini(&req);
    kl_buf_fini(&ag);
    return rc;
}

int kl_sq_task_insert(kl_sqlite *q, int64_t notice_id, int64_t seq, const kl_task *t, bool is_key,
                      bool confirm, kl_task_origin origin, const char *now, int64_t *task_id,
                      kl_error *err)
{
    int rc = add_task_row(q, notice_id, seq, t, is_key, confirm, origin, now, err);
    if (rc != KL_OK)
        return rc;
    int64_t id = sqlite3_last_insert_rowid(q->db);
    rc = add_requirements(q, id, t, err);
    if (rc == KL_OK)
        rc = kl_sq_support_add(q, id, t->support, t->n_support, err);
    if (rc == KL_OK)
        rc = add_assignments(q, id, notice_id, t, is_key, confirm, err);
    if (rc == KL_OK)
        *task_id = id;
    return rc;
}

/* ---- import ------------------------------------------------------------------------------- */

static int find_hash(kl_sqlite *q, const char *hash, int64_t *id, kl_error *err)
{
    static const char sql[] = "SELECT id FROM notice WHERE hash = ?1";
    sqlite3_stmt *st = NULL;
    bool row = false;
    int rc = kl_sq_prep(q, ST_NOTICE_BY_HASH, sql, &st, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_text(q, st, 1, hash, err);
    if (rc == KL_OK)
        rc = kl_sq_step(q, st, &row, err);
    *id = rc == KL_OK && row ? sqlite3_column_int64(st, 0) : 0;
    kl_sq_done(st);
    return rc;
}

/* The notice's row, with what its tasks say that its text does not (for the search row). */
static int add_notice_row(kl_sqlite *q, const kl_store_import *v, const char *now, kl_error *err)
{
    static const char sql[] =
        "INSERT INTO notice (hash, name, issuer, number, symbol, place, kind, subject,"
        " issued, issued_day, imported_at, len, search_extra)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
    const kl_header *h = &v->x->header;
    sqlite3_stmt *st = NULL;
    int rc = kl_sq_prep(q, ST_NOTICE_ADD, sql, &st, err);
    if (rc != KL_OK)
        return rc;
    kl_sq_args a = kl_sq_args_of(q, st, err);
    kl_sq_a_text(&a, v->hash);
    kl_sq_a_text(&a, v->name);
    kl_sq_a_text(&a, h->issuer);
    kl_sq_a_text(&a, h->number);
    kl_sq_a_text(&a, h->symbol);
    kl_sq_a_text(&a, h->place);
    kl_sq_a_text(&a, h->kind);
    kl_sq_a_text(&a, h->subject);
    kl_sq_a_iso(&a, h->issued);
    kl_sq_a_day(&a, h->issued);
    kl_sq_a_text(&a, now);
    kl_sq_a_int(&a, (int64_t)v->len);
    kl_sq_a_textn(&a, v->extra.p ? v->extra.p : "", v->extra.len);
    return a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
}

/* The bytes (packed when that is smaller) and the extraction JSON (packed), as
 * kl_store_import_prepare made them. Text with NUL or invalid UTF-8 (a legacy encoding) is
 * kept but not searched. */
static int add_notice_src(kl_sqlite *q, int64_t id, const kl_store_import *v, kl_error *err)
{
    static const char src[] = "INSERT INTO notice_src (notice_id, bytes, is_text, extraction,"
                              " packed) VALUES (?1, ?2, ?3, ?4, ?5)";
    bool packed = v->bytes_z.len > 0;
    sqlite3_stmt *st = NULL;
    int rc = kl_sq_prep(q, ST_NOTICE_SRC_ADD, src, &st, err);
    if (rc == KL_OK) {
        kl_sq_args a = kl_sq_args_of(q, st, err);
        kl_sq_a_int(&a, id);
        kl_sq_a_blob(&a, packed ? v->bytes_z.p : v->bytes, packed ? v->bytes_z.len : v->len);
        kl_sq_a_int(&a, v->is_text);
        kl_sq_a_blob(&a, v->json_z.p ? v->json_z.p : "", v->json_z.len);
        kl_sq_a_int(&a, packed);
        rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    }
    return rc;
}

static int add_items(kl_sqlite *q, int64_t id, const kl_extraction *x, kl_error *err)
{
    static const char sql[] = "INSERT INTO item (notice_id, seq, path, title, presenter,"
                              " span_start, span_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    sqlite3_stmt *st = NULL;
    int rc = x->n_items ? kl_sq_prep(q, ST_ITEM_ADD, sql, &st, err) : KL_OK;
    for (size_t i = 0; i < x->n_items && rc == KL_OK; i++) {
        const kl_item *it = &x->items[i];
        kl_sq_args a = kl_sq_args_of(q, st, err);
        kl_sq_a_int(&a, id);
        kl_sq_a_int(&a, (int64_t)i + 1);
        kl_sq_a_text(&a, it->path);
        kl_sq_a_text(&a, it->title);
        kl_sq_a_text(&a, it->presenter);
        kl_sq_a_int(&a, (int64_t)it->span.start);
        kl_sq_a_int(&a, (int64_t)it->span.end);
        rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    }
    return rc;
}

static int add_notice(kl_sqlite *q, const kl_store_import *v, bool confirm, int64_t *notice_id,
                      kl_error *err)
{
    char now[21];
    kl_store_timestamp(now);
    const kl_extraction *x = v->x;
    int rc = add_notice_row(q, v, now, err);
    if (rc != KL_OK)
        return rc;
    int64_t id = sqlite3_last_insert_rowid(q->db);
    bool is_text = v->is_text;
    rc = add_notice_src(q, id, v, err);
    if (rc == KL_OK)
        rc = add_items(q, id, x, err);
    for (size_t i = 0; i < x->n_tasks && rc == KL_OK; i++) {
        int64_t task_id = 0;
        rc = kl_sq_task_insert(q, id, (int64_t)i + 1, &x->tasks[i], false, confirm,
                               KL_ORIGIN_EXTRACTED, now, &task_id, err);
    }
    /* the search row in the same transaction, from memory rather than read back */
    if (rc == KL_OK)
        rc = kl_sq_search_row_add(q, id, x->header.subject, is_text ? v->bytes : "",
                                  is_text ? v->len : 0, &v->extra, is_text ? &v->words : NULL, err);
    if (rc == KL_OK)
        *notice_id = id;
    return rc;
}

/* One notice of a batch, inside a savepoint so that its failure undoes it alone (its rc and
 * err). Returns what fails the whole batch: the savepoint itself (err says why). */
/* One notice in the open transaction: found by its hash, or added. v->id and v->was_new
 * say which (0 and false when it failed); its errors go to v->err. */
static int store_one(kl_sqlite *q, kl_store_import *v, bool confirm)
{
    int64_t id = 0;
    int rc = find_hash(q, v->hash, &id, v->err);
    bool is_new = rc == KL_OK && id == 0;
    if (is_new)
        rc = add_notice(q, v, confirm, &id, v->err);
    v->id = rc == KL_OK ? id : 0;
    v->was_new = rc == KL_OK && is_new;
    return rc;
}

static int import_one(kl_sqlite *q, kl_store_import *v, bool confirm, kl_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = kl_sq_prep(q, ST_SAVEPOINT, "SAVEPOINT notice", &st, err);
    if (rc == KL_OK)
        rc = kl_sq_exec(q, st, err);
    if (rc != KL_OK)
        return rc;
    rc = store_one(q, v, confirm);
    if (rc != KL_OK) {
        /* The hook must not fail the rollback that undoes its own fault. */
        long saved = q->fail_after;
        q->fail_after = 0;
        kl_sq_agency_forget(q); /* agencies added by the undone writes are gone */
        if (kl_sq_prep(q, ST_ROLLBACK_TO, "ROLLBACK TO notice", &st, NULL) == KL_OK)
            kl_sq_exec(q, st, NULL);
        q->fail_after = saved;
    }
    /* RELEASE after ROLLBACK TO ends the savepoint. It fails when the engine gave up the
     * whole transaction (a full disk, an I/O error): then the batch fails. */
    kl_error why;
    kl_err_clear(&why);
    int rrc = kl_sq_prep(q, ST_RELEASE, "RELEASE notice", &st, &why);
    if (rrc == KL_OK)
        rrc = kl_sq_exec(q, st, &why);
    if (rrc != KL_OK && err) /* the cause is this notice's failure when it had one */
        *err = rc != KL_OK && v->err && v->err->code != KL_OK ? *v->err : why;
    if (rrc != KL_OK) {
        v->id = 0;
        v->was_new = false;
    }
    v->rc = rc;
    return rrc;
}

/* The batch without a savepoint per notice: FTS5 writes its pending words out at every
 * savepoint and release, which cost a fifth of an import. *failed is the notice that
 * failed (its rc, and v->err says why), or NULL when the transaction failed otherwise;
 * either way the caller rolls back. */
static int import_fast(kl_sqlite *q, kl_store_import *v, size_t n, bool confirm,
                       kl_store_import **failed, kl_error *err)
{
    *failed = NULL;
    int rc = kl_sq_begin(q, err);
    for (size_t i = 0; i < n && rc == KL_OK; i++) {
        if (v[i].rc != KL_OK)
            continue;
        rc = store_one(q, &v[i], confirm);
        if (rc != KL_OK)
            *failed = &v[i];
    }
    return rc == KL_OK ? kl_sq_end(q, rc, err) : rc;
}

/* The batch with a savepoint per notice, so that a notice that fails is undone alone. */
static int import_careful(kl_sqlite *q, kl_store_import *v, size_t n, bool confirm, kl_error *err)
{
    int rc = kl_sq_begin(q, err);
    for (size_t i = 0; i < n && rc == KL_OK; i++)
        if (v[i].rc == KL_OK)
            rc = import_one(q, &v[i], confirm, err);
    return kl_sq_end(q, rc, err);
}

/* The fast pass first; when one notice of several fails, everything is rolled back and
 * the batch runs again the careful way, which stores the others. */
int kl_sq_notice_import(kl_store *s, kl_store_import *v, size_t n, bool confirm, kl_error *err)
{
    kl_sqlite *q = kl_sq(s);
    if (n > 1)
        kl_sq_ckpt_start(q); /* a bulk import */
    size_t live = 0;
    for (size_t i = 0; i < n; i++)
        live += v[i].rc == KL_OK;
    kl_store_import *failed = NULL;
    int rc = import_fast(q, v, n, confirm, &failed, err);
    if (rc != KL_OK && failed)
        kl_sq_end(q, rc, NULL); /* roll back */
    if (rc != KL_OK && failed && live == 1) {
        failed->rc = rc; /* the batch was this notice: nothing else to keep */
        return KL_OK;
    }
    if (rc != KL_OK && failed) {
        for (size_t i = 0; i < n; i++) {
            v[i].id = 0;
            v[i].was_new = false;
            if (v[i].rc == KL_OK && v[i].err)
                kl_err_clear(v[i].err);
        }
        rc = import_careful(q, v, n, confirm, err);
    }
    if (rc != KL_OK)
        for (size_t i = 0; i < n; i++) {
            if (v[i].rc == KL_OK) {
                v[i].rc = rc;
                if (v[i].err && err)
                    kl_err_set(v[i].err, rc, KL_NO_OFFSET, "%s", err->msg);
            }
            v[i].id = 0;
            v[i].was_new = false;
        }
    return rc;
}

/* ---- reading notices ------------------------------------------------------------------------ */

#define NOTICE_COLS                                                                           \
    "SELECT n.id, n.name, n.hash, n.issuer, n.number, n.symbol, n.place, n.kind, n.subject,"  \
    " n.issued, n.received_day, n.imported_at, n.len,"                                        \
    " (SELECT count(*) FROM task t WHERE t.notice_id = n.id),"                                \
    " (SELECT count(*) FROM task t WHERE t.notice_id = n.id AND t.review = 'pending_review')" \
    " FROM notice n"

/* Borrowed view of the current row: valid until the statement moves. */
static void read_notice(sqlite3_stmt *st, kl_store_notice *n)
{
    memset(n, 0, sizeof *n);
    n->id = sqlite3_column_int64(st, 0);
    n->name = kl_sq_col_text(st, 1);
    n->hash = kl_sq_col_text(st, 2);
    n->issuer = kl_sq_col_text(st, 3);
    n->number = kl_sq_col_text(st, 4);
    n->symbol = kl_sq_col_text(st, 5);
    n->place = kl_sq_col_text(st, 6);
    n->kind = kl_sq_col_text(st, 7);
    n->subject = kl_sq_col_text(st, 8);
    n->issued = kl_sq_col_iso(st, 9);
    n->received = kl_sq_col_day(st, 10);
    n->imported_at = kl_sq_col_text(st, 11);
    n->len = (size_t)sqlite3_column_int64(st, 12);
    n->n_tasks = (size_t)sqlite3_column_int64(st, 13);
    n->n_pending = (size_t)sqlite3_column_int64(st, 14);
    n->n_confirmed = n->n_tasks - n->n_pending;
}

static const char *dup(kl_arena *a, const char *s, bool *fail)
{
    if (!s)
        return NULL;
    char *c = kl_arena_strndup(a, s, strlen(s));
    if (!c)
        *fail = true;
    return c;
}

int kl_sq_notice_get(kl_store *s, int64_t id, kl_arena *a, kl_store_notice **out, kl_error *err)
{
    kl_sqlite *q = kl_sq(s);
    sqlite3_stmt *st = NULL;
    bool row = false, fail = false;
    int rc = kl_sq_prep(q, ST_NOTICE_GET, NOTICE_COLS " WHERE n.id = ?1", &st, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_int(q, st, 1, id, err);
    if (rc == KL_OK)
        rc = kl_sq_step(q, st, &row, err);
    if (rc == KL_OK && !row)
        rc =
            kl_err_set(err, KL_ERR_NOTFOUND, KL_NO_OFFSET, "notice #%lld not found", (long long)id);
    kl_store_notice *n = rc == KL_OK ? kl_arena_alloc(a, sizeof *n) : NULL;
    if (rc == KL_OK && n) {
        read_notice(st, n);
        const char **strs[] = {&n->name,  &n->hash, &n->issuer,  &n->number,     &n->symbol,
                               &n->place, &n->kind, &n->subject, &n->imported_at};
        for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
            *strs[i] = dup(a, *strs[i], &fail);
    }
    kl_sq_done(st);
    if (rc == KL_OK && (!n || fail))
        rc = kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "notice: out of memory");
    if (rc == KL_OK)
        *out = n;
    return rc;
}

int kl_sq_notice_list(kl_store *s, int (*cb)(const kl_store_notice *n, void *ctx), void *ctx,
                      kl_error *err)
{
    kl_sqlite *q = kl_sq(s);
    sqlite3_stmt *st = NULL;
    bool row = true;
    int rc = kl_sq_prep(q, ST_NOTICE_LIST, NOTICE_COLS " ORDER BY n.id DESC", &st, err);
    while (rc == KL_OK) {
        rc = kl_sq_step(q, st, &row, err);
        if (rc != KL_OK || !row)
            break;
        kl_store_notice n;
        read_notice(st, &n);
        rc = cb(&n, ctx);
    }
    kl_sq_done(st);
    return rc;
}
