/* SQLite backend: review of tasks (add by hand, edit, delete, cancel) and of notices
 * (confirm, date of receipt). Each function is one transaction. */
#include "sqlite_int.h"

#include <string.h>

int kl_sq_task_state_get(kl_sqlite *q, int64_t id, kl_sq_task_state *ts, kl_error *err)
{
    static const char sql[] =
        "SELECT t.notice_id, n.len, t.due, t.cur_due_day, t.n_ext, t.cancelled_day, t.review,"
        " t.dl_start, t.dl_end, t.kind FROM task t LEFT JOIN notice n ON n.id = t.notice_id"
        " WHERE t.id = ?1";
    sqlite3_stmt *st = NULL;
    bool row = false;
    int rc = kl_sq_prep(q, ST_TASK_STATE, sql, &st, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_int(q, st, 1, id, err);
    if (rc == KL_OK)
        rc = kl_sq_step(q, st, &row, err);
    if (rc == KL_OK && row) {
        memset(ts, 0, sizeof *ts);
        ts->notice_id = sqlite3_column_int64(st, 0);
        ts->notice_len = (size_t)sqlite3_column_int64(st, 1);
        ts->due = kl_sq_col_iso(st, 2);
        ts->due_current = kl_sq_col_day(st, 3);
        ts->n_ext = sqlite3_column_int64(st, 4);
        ts->cancelled = kl_sq_col_day(st, 5);
        const char *review = kl_sq_col_text(st, 6);
        ts->is_confirmed = review && strcmp(review, "confirmed") == 0;
        ts->dl_span.start = (size_t)sqlite3_column_int64(st, 7);
        ts->dl_span.end = (size_t)sqlite3_column_int64(st, 8);
        const char *kind = kl_sq_col_text(st, 9);
        ts->kind = kl_store_kind_parse(kind, kind ? strlen(kind) : 0);
    } else if (rc == KL_OK) {
        rc = kl_err_set(err, KL_ERR_NOTFOUND, KL_NO_OFFSET, "task #%lld not found", (long long)id);
    }
    kl_sq_done(st);
    return rc;
}

/* ---- add, delete, cancel -------------------------------------------------------------- */

static int notice_next_seq(kl_sqlite *q, int64_t notice_id, size_t *len, int64_t *seq,
                           kl_error *err)
{
    static const char sql[] = "SELECT n.len, (SELECT COALESCE(MAX(t.seq), 0) + 1 FROM task t"
                              " WHERE t.notice_id = n.id) FROM notice n WHERE n.id = ?1";
    sqlite3_stmt *st = NULL;
    bool row = false;
    int rc = kl_sq_prep(q, ST_NOTICE_NEXT_SEQ, sql, &st, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_int(q, st, 1, notice_id, err);
    if (rc == KL_OK)
        rc = kl_sq_step(q, st, &row, err);
    if (rc == KL_OK && !row)
        rc = kl_err_set(err, KL_ERR_NOTFOUND, KL_NO_OFFSET, "notice #%lld not found",
                        (long long)notice_id);
    if (rc == KL_OK) {
        *len = (size_t)sqlite3_column_int64(st, 0);
        *seq = sqlite3_column_int64(st, 1);
    }
    kl_sq_done(st);
    return rc;
}

int kl_sq_task_add(kl_store *s, int64_t notice_id, const kl_task *t, bool is_key, bool confirm,
                   int64_t *task_id, kl_error *err)
{
    kl_sqlite *q = kl_sq(s);
    char now[21];
    kl_store_timestamp(now);
    size_t len = 0;
    int64_t seq = 1, id = 0;
    kl_date none = {0, 0, 0};
    int rc = kl_sq_begin(q, err);
    if (rc != KL_OK)
        return rc;
    if (notice_id > 0)
        rc = notice_next_seq(q, notice_id, &len, &seq, err);
    if (rc == KL_OK && notice_id > 0 && (t->span.end > len || t->deadline.span.end > len))
        rc = kl_err_set(err, KL_ERR_USAGE, t->span.start,
                        "task add: span outside the %zu "
                        "bytes of notice #%lld",
                        len, (long long)notice_id);
    if (rc == KL_OK)
        rc = kl_sq_task_insert(q, notice_id, seq, t, is_key, confirm, KL_ORIGIN_MANUAL, now, &id,
                               err);
    if (rc == KL_OK)
        rc = kl_sq_task_fts_refresh(q, id, err);
    if (rc == KL_OK)
        rc = kl_sq_event(q, id, "add", none, "added by hand", err);
    rc = kl_sq_end(q, rc, err);
    if (rc == KL_OK)
        *task_id = id;
    return rc;
}

int kl_sq_task_delete(kl_store *s, int64_t id, kl_error *err)
{
    static const char del[] = "DELETE FROM task WHERE id = ?1"; /* cascades */
    kl_sqlite *q = kl_sq(s);
    int64_t changes = 0;
    int rc = kl_sq_begin(q, err);
    if (rc != KL_OK)
        return rc;
    static const char of[] = "SELECT COALESCE(notice_id, 0) FROM task WHERE id = ?1";
    int64_t notice_id = 0;
    rc = kl_sq_scalar(q, ST_TASK_NOTICE_GET, of, &id, 1, &notice_id, err);
    if (rc == KL_OK)
        rc = kl_sq_exec_ids(q, ST_TASK_DELETE, del, &id, 1, &changes, err);
    if (rc == KL_OK && changes > 0)
        rc = kl_sq_search_row_refresh(q, notice_id, err);
    if (rc == KL_OK && changes == 0)
        rc = kl_err_set(err, KL_ERR_NOTFOUND, KL_NO_OFFSET, "task #%lld not found", (long long)id);
    return kl_sq_end(q, rc, err);
}

int kl_sq_task_cancel(kl_store *s, int64_t id, kl_date date, const char *reason, kl_error *err)
{
    static const char task[] = "UPDATE task SET cancelled_day = ?2, cancel_reason = ?3"
                               " WHERE id = ?1";
    static const char assign[] = "UPDATE assignment SET cancelled_day = ?2 WHERE task_id = ?1";
    kl_sqlite *q = kl_sq(s);
    kl_sq_task_state ts;
    sqlite3_stmt *st = NULL;
    int rc = kl_sq_begin(q, err);
    if (rc == KL_OK)
        rc = kl_sq_task_state_get(q, id, &ts, err);
    if (rc == KL_OK && kl_date_is_set(ts.cancelled))
        rc = kl_err_set(err, KL_ERR_CONFLICT, KL_NO_OFFSET, "task #%lld is already cancelled",
                        (long long)id);
    if (rc == KL_OK)
        rc = kl_sq_prep(q, ST_TASK_CANCEL, task, &st, err);
    if (rc == KL_OK) {
        kl_sq_args a = kl_sq_args_of(q, st, err);
        kl_sq_a_int(&a, id);
        kl_sq_a_day(&a, date);
        kl_sq_a_text(&a, reason);
        rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    }
    if (rc == KL_OK)
        rc = kl_sq_prep(q, ST_ASSIGN_CANCEL, assign, &st, err);
    if (rc == KL_OK) {
        kl_sq_args a = kl_sq_args_of(q, st, err);
        kl_sq_a_int(&a, id);
        kl_sq_a_day(&a, date);
        rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    }
    if (rc == KL_OK)
        rc = kl_sq_event(q, id, "cancel", date, reason, err);
    return kl_sq_end(q, rc, err);
}

/* ---- notices under review --------------------------------------------------------------- */

int kl_sq_notice_confirm(kl_store *s, int64_t id, size_t *n_confirmed, kl_error *err)
{
    static const char exists[] = "SELECT count(*) FROM notice WHERE id = ?1";
    static const char ev[] = "INSERT INTO event (task_id, at, kind)"
                             " SELECT id, ?2, 'confirm' FROM task"
                             " WHERE notice_id = ?1 AND review = 'pending_review'";
    static const char tasks[] = "UPDATE task SET review = 'confirmed'"
                                " WHERE notice_id = ?1 AND review = 'pending_review'";
    static const char assign[] = "UPDATE assignment SET confirmed = 1"
                                 " WHERE notice_id = ?1 AND confirmed = 0";
    kl_sqlite *q = kl_sq(s);
    char now[21];
    kl_store_timestamp(now);
    int64_t found = 0, changed = 0;
    sqlite3_stmt *st = NULL;
    int rc = kl_sq_begin(q, err);
    if (rc == KL_OK)
        rc = kl_sq_scalar(q, ST_NOTICE_EXISTS, exists, &id, 1, &found, err);
    if (rc == KL_OK && found == 0)
        rc =
            kl_err_set(err, KL_ERR_NOTFOUND, KL_NO_OFFSET, "notice #%lld not found", (long long)id);
    if (rc == KL_OK)
        rc = kl_sq_prep(q, ST_EVENT_CONFIRM_NOTICE, ev, &st, err);
    if (rc == KL_OK) {
        kl_sq_args a = kl_sq_args_of(q, st, err);
        kl_sq_a_int(&a, id);
        kl_sq_a_text(&a, now);
        rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    }
    if (rc == KL_OK)
        rc = kl_sq_exec_ids(q, ST_NOTICE_CONFIRM_TASKS, tasks, &id, 1, &changed, err);
    if (rc == KL_OK)
        rc = kl_sq_exec_ids(q, ST_NOTICE_CONFIRM_ASSIGN, assign, &id, 1, NULL, err);
    rc = kl_sq_end(q, rc, err);
    if (rc == KL_OK && n_confirmed)
        *n_confirmed = (size_t)changed;
    return rc;
}

int kl_sq_notice_receive(kl_store *s, int64_t id, kl_date received, kl_error *err)
{
    static const char sql[] = "UPDATE notice SET received_day = ?2 WHERE id = ?1";
    kl_sqlite *q = kl_sq(s);
    int32_t day = 0;
    int64_t v[2] = {id, kl_store_date_days(received, &day) ? day : 0};
    int64_t changes = 0;
    int rc = kl_sq_begin(q, err);
    if (rc == KL_OK)
        rc = kl_sq_exec_ids(q, ST_NOTICE_RECEIVE, sql, v, 2, &changes, err);
    if (rc == KL_OK && changes == 0)
        rc =
            kl_err_set(err, KL_ERR_NOTFOUND, KL_NO_OFFSET, "notice #%lld not found", (long long)id);
    return kl_sq_end(q, rc, err);
}
