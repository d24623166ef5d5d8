/* SQLite backend: editing a task under review. Every change after import leaves a history
 * row, so that a correction is never silent (PRODUCT.md "Honest data"). */
#include "sqlite_int.h"

#include <string.h>

static int event_text(kl_sqlite *q, int64_t id, const char *kind, kl_buf *b, kl_error *err)
{
    kl_date none = {0, 0, 0};
    if (b->failed != KL_OK)
        return kl_err_set(err, b->failed, KL_NO_OFFSET, "history: out of memory");
    return kl_sq_event(q, id, kind, none, b->len ? b->p : "", err);
}

static int edit_action(kl_sqlite *q, int64_t id, const char *action, kl_error *err)
{
    static const char sql[] = "UPDATE task SET action = ?2 WHERE id = ?1";
    kl_date none = {0, 0, 0};
    sqlite3_stmt *st = NULL;
    int rc = kl_sq_prep(q, ST_TASK_SET_ACTION, sql, &st, err);
    if (rc != KL_OK)
        return rc;
    kl_sq_args a = kl_sq_args_of(q, st, err);
    kl_sq_a_int(&a, id);
    kl_sq_a_text(&a, action);
    rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    return rc == KL_OK ? kl_sq_event(q, id, "edit", none, "action corrected", err) : rc;
}

static int edit_key(kl_sqlite *q, int64_t id, int is_key, kl_error *err)
{
    static const char task[] = "UPDATE task SET is_key = ?2 WHERE id = ?1";
    static const char assign[] = "UPDATE assignment SET is_key = ?2 WHERE task_id = ?1";
    kl_date none = {0, 0, 0};
    int64_t v[2] = {id, is_key};
    int rc = kl_sq_exec_ids(q, ST_TASK_SET_KEY, task, v, 2, NULL, err);
    if (rc == KL_OK)
        rc = kl_sq_exec_ids(q, ST_ASSIGN_SET_KEY, assign, v, 2, NULL, err);
    return rc == KL_OK ? kl_sq_event(q, id, "edit", none,
                                     is_key ? "marked as a key task" : "no longer a key task", err)
                       : rc;
}

/* A correction of the deadline as read, not an extension: while the task has no extension
 * the current due follows it; after one, the extended due stands. */
static int set_deadline_rows(kl_sqlite *q, int64_t id, const kl_sq_task_state *ts,
                             const kl_deadline *d, kl_span span, kl_error *err)
{
    static const char task[] =
        "UPDATE task SET dl_text = ?2, due = ?3, due_day = ?4, kind = ?5, dl_start = ?6,"
        " dl_end = ?7, cur_due_day = CASE WHEN n_ext = 0 THEN ?4 ELSE cur_due_day END"
        " WHERE id = ?1";
    static const char assign[] = "UPDATE assignment SET kind = ?2,"
                                 " due_day = CASE WHEN ?4 = 0 THEN ?3 ELSE due_day END"
                                 " WHERE task_id = ?1";
    sqlite3_stmt *st = NULL;
    int rc = kl_sq_prep(q, ST_TASK_SET_DEADLINE, task, &st, err);
    if (rc != KL_OK)
        return rc;
    kl_sq_args a = kl_sq_args_of(q, st, err);
    kl_sq_a_int(&a, id);
    kl_sq_a_text(&a, d->text);
    kl_sq_a_iso(&a, d->due);
    kl_sq_a_due(&a, d->due, d->kind);
    kl_sq_a_text(&a, kl_store_kind_name(d->kind));
    kl_sq_a_int(&a, (int64_t)span.start);
    kl_sq_a_int(&a, (int64_t)span.end);
    rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    if (rc == KL_OK)
        rc = kl_sq_prep(q, ST_ASSIGN_SET_DEADLINE, assign, &st, err);
    if (rc != KL_OK)
        return rc;
    a = kl_sq_args_of(q, st, err);
    kl_sq_a_int(&a, id);
    kl_sq_a_text(&a, kl_store_kind_name(d->kind));
    kl_sq_a_due(&a, d->due, d->kind);
    kl_sq_a_int(&a, ts->n_ext);
    return a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
}

static int edit_deadline(kl_sqlite *q, int64_t id, const kl_sq_task_state *ts, const kl_deadline *d,
                         kl_error *err)
{
    kl_span span = d->span.end ? d->span : ts->dl_span;
    if (d->span.end && (ts->notice_id == 0 || span.start > span.end || span.end > ts->notice_len))
        return kl_err_set(err, KL_ERR_USAGE, span.start,
                          "task edit: deadline span outside "
                          "the notice");
    int rc = set_deadline_rows(q, id, ts, d, span, err);
    if (rc != KL_OK)
        return rc;
    char from[11], to[11];
    kl_date_iso(ts->due, from);
    kl_date_iso(d->due, to);
    kl_buf b;
    kl_buf_init(&b, 0);
    kl_buf_appendf(&b, "deadline %s (%s) -> %s (%s)", *from ? from : "none",
                   kl_store_kind_name(ts->kind), *to ? to : "none", kl_store_kind_name(d->kind));
    rc = event_text(q, id, "edit", &b, err);
    kl_buf_fini(&b);
    return rc;
}

static int edit_supports(kl_sqlite *q, int64_t id, const kl_org *o, size_t n, kl_error *err)
{
    static const char clear[] = "DELETE FROM support WHERE task_id = ?1";
    int rc = kl_sq_exec_ids(q, ST_SUPPORT_CLEAR, clear, &id, 1, NULL, err);
    if (rc == KL_OK)
        rc = kl_sq_support_add(q, id, o, n, err);
    if (rc != KL_OK)
        return rc;
    kl_buf b;
    kl_buf_init(&b, 0);
    kl_buf_appends(&b, "supports:");
    for (size_t i = 0; i < n; i++)
        kl_buf_appendf(&b, "%s %s", i ? ";" : "", o[i].name);
    if (n == 0)
        kl_buf_appends(&b, " none");
    rc = event_text(q, id, "edit", &b, err);
    kl_buf_fini(&b);
    return rc;
}

/* ---- leads ------------------------------------------------------------------------------ */

typedef struct old_lead {
    int64_t assign_id, agency_id;
    const char *name;
    kl_date done;
} old_lead;

typedef struct leads_ctx {
    kl_arena *tmp;
    old_lead *v;
    size_t n, cap;
    kl_error *err;
} leads_ctx;

static int read_lead(sqlite3_stmt *st, void *ctx)
{
    leads_ctx *c = ctx;
    bool fail = false;
    if (c->n == c->cap) {
        size_t new_cap = c->cap ? 2 * c->cap : 8;
        old_lead *grown = kl_arena_grow(c->tmp, c->v, c->n, new_cap, sizeof *c->v);
        if (!grown)
            return kl_err_set(c->err, KL_ERR_NOMEM, KL_NO_OFFSET, "task edit: out of memory");
        c->v = grown;
        c->cap = new_cap;
    }
    old_lead *l = &c->v[c->n++];
    l->assign_id = sqlite3_column_int64(st, 0);
    l->agency_id = sqlite3_column_int64(st, 1);
    l->name = kl_sq_col_dup(st, 2, c->tmp, &fail);
    l->done = kl_sq_col_day(st, 3);
    if (fail)
        return kl_err_set(c->err, KL_ERR_NOMEM, KL_NO_OFFSET, "task edit: out of memory");
    return KL_OK;
}

static int collect_leads(kl_sqlite *q, int64_t id, kl_arena *tmp, old_lead **out, size_t *n,
                         kl_error *err)
{
    static const char sql[] = "SELECT a.id, a.agency_id, g.name, a.done_day FROM assignment a"
                              " JOIN agency g ON g.id = a.agency_id WHERE a.task_id = ?1";
    leads_ctx c = {tmp, NULL, 0, 0, err};
    int rc = kl_sq_each_row(q, ST_ASSIGN_OF_TASK, sql, id, read_lead, &c, err);
    *out = c.v;
    *n = c.n;
    return rc;
}

static int remove_lead(kl_sqlite *q, int64_t id, const old_lead *l, kl_error *err)
{
    static const char sql[] = "DELETE FROM assignment WHERE id = ?1"; /* and its progress */
    int rc = kl_sq_exec_ids(q, ST_ASSIGN_DELETE, sql, &l->assign_id, 1, NULL, err);
    if (rc != KL_OK)
        return rc;
    kl_buf b;
    kl_buf_init(&b, 0);
    kl_buf_appends(&b, l->name ? l->name : "");
    if (kl_date_is_set(l->done)) {
        char iso[11];
        kl_date_iso(l->done, iso);
        kl_buf_appendf(&b, " (had reported done on %s)", iso);
    }
    rc = event_text(q, id, "lead_remove", &b, err);
    kl_buf_fini(&b);
    return rc;
}

/* A new lead starts where the task stands now: current due, review, key, cancel. */
static int add_lead(kl_sqlite *q, int64_t id, int64_t agency_id, int64_t seq, const char *name,
                    kl_error *err)
{
    static const char sql[] =
        "INSERT INTO assignment (task_id, notice_id, agency_id, seq, kind, due_day,"
        " cancelled_day, confirmed, is_key) SELECT t.id, t.notice_id, ?2, ?3, t.kind,"
        " t.cur_due_day, t.cancelled_day, CASE WHEN t.review = 'confirmed' THEN 1 ELSE 0 END,"
        " t.is_key FROM task t WHERE t.id = ?1";
    kl_date none = {0, 0, 0};
    int64_t v[3] = {id, agency_id, seq};
    int rc = kl_sq_exec_ids(q, ST_ASSIGN_ADD_FROM_TASK, sql, v, 3, NULL, err);
    return rc == KL_OK ? kl_sq_event(q, id, "lead_add", none, name, err) : rc;
}

static bool has_id(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++) {
        if (ids[i] == id)
            return true;
    }
    return false;
}

static int place_leads(kl_sqlite *q, int64_t id, const kl_store_edit *e, const int64_t *ids,
                       const old_lead *old, size_t n_old, kl_error *err)
{
    static const char reseq[] = "UPDATE assignment SET seq = ?3"
                                " WHERE task_id = ?1 AND agency_id = ?2";
    int rc = KL_OK;
    for (size_t i = 0; i < n_old && rc == KL_OK; i++) {
        if (!has_id(ids, e->n_leads, old[i].agency_id))
            rc = remove_lead(q, id, &old[i], err);
    }
    for (size_t i = 0; i < e->n_leads && rc == KL_OK; i++) {
        if (has_id(ids, i, ids[i]))
            continue; /* listed twice */
        bool kept = false;
        for (size_t k = 0; k < n_old && !kept; k++)
            kept = old[k].agency_id == ids[i];
        int64_t v[3] = {id, ids[i], (int64_t)i + 1};
        rc = kept ? kl_sq_exec_ids(q, ST_ASSIGN_SET_SEQ, reseq, v, 3, NULL, err)
                  : add_lead(q, id, ids[i], (int64_t)i + 1, e->leads[i].name, err);
    }
    return rc;
}

static int edit_leads(kl_sqlite *q, int64_t id, const kl_store_edit *e, kl_error *err)
{
    kl_arena tmp;
    kl_arena_init(&tmp, 0);
    old_lead *old = NULL;
    size_t n_old = 0;
    int rc = collect_leads(q, id, &tmp, &old, &n_old, err);
    int64_t *ids = rc == KL_OK ? kl_arena_calloc(&tmp, e->n_leads, sizeof *ids) : NULL;
    if (rc == KL_OK && !ids)
        rc = kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "task edit: out of memory");
    for (size_t i = 0; i < e->n_leads && rc == KL_OK; i++)
        rc = kl_sq_agency(q, e->leads[i].name, e->leads[i].id, &ids[i], err);
    if (rc == KL_OK)
        rc = place_leads(q, id, e, ids, old, n_old, err);
    kl_arena_fini(&tmp);
    return rc;
}

/* ---- the edit --------------------------------------------------------------------------- */

static int confirm_task(kl_sqlite *q, int64_t id, kl_error *err)
{
    static const char task[] = "UPDATE task SET review = 'confirmed' WHERE id = ?1";
    static const char assign[] = "UPDATE assignment SET confirmed = 1 WHERE task_id = ?1";
    kl_date none = {0, 0, 0};
    int rc = kl_sq_exec_ids(q, ST_TASK_SET_CONFIRMED, task, &id, 1, NULL, err);
    if (rc == KL_OK)
        rc = kl_sq_exec_ids(q, ST_ASSIGN_SET_CONFIRMED, assign, &id, 1, NULL, err);
    return rc == KL_OK ? kl_sq_event(q, id, "confirm", none, NULL, err) : rc;
}

/* Order matters: key and deadline first, so that leads added next copy them; confirm
 * last, so that it covers the new leads too. */
int kl_sq_task_edit(kl_store *s, int64_t id, const kl_store_edit *e, kl_error *err)
{
    kl_sqlite *q = kl_sq(s);
    kl_sq_task_state ts;
    int rc = kl_sq_begin(q, err);
    if (rc != KL_OK)
        return rc;
    rc = kl_sq_task_state_get(q, id, &ts, err);
    if (rc == KL_OK && e->action)
        rc = edit_action(q, id, e->action, err);
    if (rc == KL_OK && e->is_key >= 0)
        rc = edit_key(q, id, e->is_key, err);
    if (rc == KL_OK && e->set_deadline)
        rc = edit_deadline(q, id, &ts, &e->deadline, err);
    if (rc == KL_OK && e->set_supports)
        rc = edit_supports(q, id, e->supports, e->n_supports, err);
    if (rc == KL_OK && e->set_leads)
        rc = edit_leads(q, id, e, err);
    if (rc == KL_OK && e->confirm && !ts.is_confirmed)
        rc = confirm_task(q, id, err);
    if (rc == KL_OK && (e->action || e->set_leads || e->set_supports))
        rc = kl_sq_task_fts_refresh(q, id, err);
    return kl_sq_end(q, rc, err);
}
