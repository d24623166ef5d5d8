/* SQLite backend: the life of an assignment: progress reports, completion, extensions of
 * the task's deadline, and passing open work to a successor agency. */
#include "sqlite_int.h"

#include <string.h>

static int cancelled_conflict(int64_t id, kl_error *err)
{
    return kl_err_set(err, KL_ERR_CONFLICT, KL_NO_OFFSET, "task #%lld is cancelled", (long long)id);
}

/* The assignment of agency (exact canonical name) on task id. */
static int find_assignment(kl_sqlite *q, int64_t id, const char *agency, int64_t *assign_id,
                           int64_t *agency_id, kl_date *done, kl_error *err)
{
    static const char sql[] = "SELECT a.id, a.agency_id, a.done_day FROM assignment a"
                              " JOIN agency g ON g.id = a.agency_id"
                              " WHERE a.task_id = ?1 AND g.name = ?2";
    sqlite3_stmt *st = NULL;
    bool row = false;
    int rc = kl_sq_prep(q, ST_ASSIGN_FIND, sql, &st, err);
    if (rc != KL_OK)
        return rc;
    kl_sq_args a = kl_sq_args_of(q, st, err);
    kl_sq_a_int(&a, id);
    kl_sq_a_text(&a, agency);
    rc = a.rc == KL_OK ? kl_sq_step(q, st, &row, err) : a.rc;
    if (rc == KL_OK && !row)
        rc = kl_err_set(err, KL_ERR_NOTFOUND, KL_NO_OFFSET, "%s is not a lead of task #%lld",
                        agency, (long long)id);
    if (rc == KL_OK) {
        *assign_id = sqlite3_column_int64(st, 0);
        *agency_id = sqlite3_column_int64(st, 1);
        *done = kl_sq_col_day(st, 2);
    }
    kl_sq_done(st);
    return rc;
}

/* ---- progress ----------------------------------------------------------------------------- */

static int add_progress(kl_sqlite *q, int64_t assign_id, int64_t agency_id, kl_date date,
                        const char *text, kl_error *err)
{
    static const char add[] = "INSERT INTO progress (assignment_id, agency_id, day, text, at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5)";
    static const char latest[] = "UPDATE assignment SET last_progress_day = ?2 WHERE id = ?1"
                                 " AND (last_progress_day IS NULL OR last_progress_day < ?2)";
    char now[21];
    kl_store_timestamp(now);
    sqlite3_stmt *st = NULL;
    int rc = kl_sq_prep(q, ST_PROGRESS_ADD, add, &st, err);
    if (rc != KL_OK)
        return rc;
    kl_sq_args a = kl_sq_args_of(q, st, err);
    kl_sq_a_int(&a, assign_id);
    kl_sq_a_int(&a, agency_id);
    kl_sq_a_day(&a, date);
    kl_sq_a_text(&a, text);
    kl_sq_a_text(&a, now);
    rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    if (rc == KL_OK)
        rc = kl_sq_prep(q, ST_ASSIGN_PROGRESS_DAY, latest, &st, err);
    if (rc != KL_OK)
        return rc;
    a = kl_sq_args_of(q, st, err);
    kl_sq_a_int(&a, assign_id);
    kl_sq_a_day(&a, date);
    return a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
}

int kl_sq_progress_add(kl_store *s, int64_t task_id, const char *agency, kl_date date,
                       const char *text, kl_error *err)
{
    kl_sqlite *q = kl_sq(s);
    kl_sq_task_state ts;
    int64_t assign_id = 0, agency_id = 0;
    kl_date done;
    int rc = kl_sq_begin(q, err);
    if (rc != KL_OK)
        return rc;
    rc = kl_sq_task_state_get(q, task_id, &ts, err);
    if (rc == KL_OK && kl_date_is_set(ts.cancelled))
        rc = cancelled_conflict(task_id, err);
    if (rc == KL_OK)
        rc = find_assignment(q, task_id, agency, &assign_id, &agency_id, &done, err);
    if (rc == KL_OK)
        rc = add_progress(q, assign_id, agency_id, date, text, err);
    return kl_sq_end(q, rc, err);
}

/* ---- done --------------------------------------------------------------------------------- */

static int mark_done(kl_sqlite *q, int64_t task_id, int64_t assign_id, kl_date date,
                     const char *evidence, const char *note, int64_t *changed, kl_error *err)
{
    static const char one[] = "UPDATE assignment SET done_day = ?2, done_evidence = ?3,"
                              " done_note = ?4 WHERE id = ?1 AND done_day IS NULL";
    static const char all[] = "UPDATE assignment SET done_day = ?2, done_evidence = ?3,"
                              " done_note = ?4 WHERE task_id = ?1 AND done_day IS NULL";
    sqlite3_stmt *st = NULL;
    int rc = assign_id ? kl_sq_prep(q, ST_ASSIGN_DONE, one, &st, err)
                       : kl_sq_prep(q, ST_ASSIGN_DONE_ALL, all, &st, err);
    if (rc != KL_OK)
        return rc;
    kl_sq_args a = kl_sq_args_of(q, st, err);
    kl_sq_a_int(&a, assign_id ? assign_id : task_id);
    kl_sq_a_day(&a, date);
    kl_sq_a_text(&a, evidence);
    kl_sq_a_text(&a, note);
    rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    if (rc == KL_OK)
        *changed = sqlite3_changes64(q->db);
    return rc;
}

static int done_event(kl_sqlite *q, int64_t task_id, const char *agency, kl_date date,
                      const char *evidence, kl_error *err)
{
    kl_buf b;
    kl_buf_init(&b, 0);
    kl_buf_appendf(&b, "%s%s%s", agency ? agency : "all leads", evidence ? ": " : "",
                   evidence ? evidence : "");
    int rc = b.failed != KL_OK ? kl_err_set(err, b.failed, KL_NO_OFFSET, "history: out of memory")
                               : kl_sq_event(q, task_id, "done", date, b.p, err);
    kl_buf_fini(&b);
    return rc;
}

int kl_sq_assign_done(kl_store *s, int64_t task_id, const char *agency, kl_date date,
                      const char *evidence, const char *note, size_t *n_done, kl_error *err)
{
    kl_sqlite *q = kl_sq(s);
    kl_sq_task_state ts;
    int64_t assign_id = 0, agency_id = 0, changed = 0;
    kl_date done = {0, 0, 0};
    int rc = kl_sq_begin(q, err);
    if (rc != KL_OK)
        return rc;
    rc = kl_sq_task_state_get(q, task_id, &ts, err);
    if (rc == KL_OK && kl_date_is_set(ts.cancelled))
        rc = cancelled_conflict(task_id, err);
    if (rc == KL_OK && agency)
        rc = find_assignment(q, task_id, agency, &assign_id, &agency_id, &done, err);
    if (rc == KL_OK && kl_date_is_set(done)) {
        char dmy[11];
        kl_date_dmy(done, dmy);
        rc = kl_err_set(err, KL_ERR_CONFLICT, KL_NO_OFFSET,
                        "%s already reported task #%lld "
                        "done on %s",
                        agency, (long long)task_id, dmy);
    }
    if (rc == KL_OK)
        rc = mark_done(q, task_id, assign_id, date, evidence, note, &changed, err);
    if (rc == KL_OK && changed == 0)
        rc = kl_err_set(err, KL_ERR_CONFLICT, KL_NO_OFFSET,
                        "task #%lld has no open "
                        "assignment",
                        (long long)task_id);
    if (rc == KL_OK)
        rc = done_event(q, task_id, agency, date, evidence, err);
    rc = kl_sq_end(q, rc, err);
    if (rc == KL_OK && n_done)
        *n_done = (size_t)changed;
    return rc;
}

/* ---- extensions --------------------------------------------------------------------------- */

static int extension_allowed(kl_sqlite *q, int64_t id, const kl_sq_task_state *ts, kl_date to,
                             int max_extensions, kl_error *err)
{
    static const char open_sql[] = "SELECT count(*) FROM assignment"
                                   " WHERE task_id = ?1 AND done_day IS NULL";
    char cur[11], want[11];
    if (kl_date_is_set(ts->cancelled))
        return cancelled_conflict(id, err);
    if (!kl_date_is_set(ts->due_current))
        return kl_err_set(err, KL_ERR_CONFLICT, KL_NO_OFFSET,
                          "task #%lld has no deadline to "
                          "extend (set one with an edit)",
                          (long long)id);
    kl_date_dmy(ts->due_current, cur);
    kl_date_dmy(to, want);
    if (kl_date_cmp(to, ts->due_current) <= 0)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET,
                          "extension to %s is not after the "
                          "current deadline %s",
                          want, cur);
    if (max_extensions >= 0 && ts->n_ext >= max_extensions)
        return kl_err_set(err, KL_ERR_CONFLICT, KL_NO_OFFSET,
                          "task #%lld already has %lld "
                          "extension(s); the limit is %d",
                          (long long)id, (long long)ts->n_ext, max_extensions);
    int64_t n_open = 0;
    int rc = kl_sq_scalar(q, ST_ASSIGN_OF_TASK_OPEN, open_sql, &id, 1, &n_open, err);
    if (rc == KL_OK && n_open == 0)
        rc = kl_err_set(err, KL_ERR_CONFLICT, KL_NO_OFFSET,
                        "task #%lld has no open "
                        "assignment to extend",
                        (long long)id);
    return rc;
}

static int add_extension(kl_sqlite *q, int64_t id, const kl_sq_task_state *ts, kl_date to,
                         const char *reason, const char *approver, kl_error *err)
{
    static const char add[] = "INSERT INTO extension (task_id, from_day, to_day, reason,"
                              " approver, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    static const char task[] = "UPDATE task SET cur_due_day = ?2, n_ext = n_ext + 1"
                               " WHERE id = ?1";
    static const char assign[] = "UPDATE assignment SET due_day = ?2"
                                 " WHERE task_id = ?1 AND done_day IS NULL";
    char now[21];
    kl_store_timestamp(now);
    sqlite3_stmt *st = NULL;
    int rc = kl_sq_prep(q, ST_EXT_ADD, add, &st, err);
    if (rc != KL_OK)
        return rc;
    kl_sq_args a = kl_sq_args_of(q, st, err);
    kl_sq_a_int(&a, id);
    kl_sq_a_day(&a, ts->due_current);
    kl_sq_a_day(&a, to);
    kl_sq_a_text(&a, reason);
    kl_sq_a_text(&a, approver);
    kl_sq_a_text(&a, now);
    rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    int64_t v[2] = {id, kl_date_to_days(to)};
    if (rc == KL_OK)
        rc = kl_sq_exec_ids(q, ST_TASK_EXTEND, task, v, 2, NULL, err);
    if (rc == KL_OK)
        rc = kl_sq_exec_ids(q, ST_ASSIGN_EXTEND, assign, v, 2, NULL, err);
    return rc;
}

int kl_sq_extension_add(kl_store *s, int64_t task_id, kl_date to, const char *reason,
                        const char *approver, int max_extensions, kl_error *err)
{
    kl_sqlite *q = kl_sq(s);
    kl_sq_task_state ts;
    int rc = kl_sq_begin(q, err);
    if (rc != KL_OK)
        return rc;
    rc = kl_sq_task_state_get(q, task_id, &ts, err);
    if (rc == KL_OK)
        rc = extension_allowed(q, task_id, &ts, to, max_extensions, err);
    if (rc == KL_OK)
        rc = add_extension(q, task_id, &ts, to, reason, approver, err);
    if (rc == KL_OK) {
        char from[11], iso[11];
        kl_date_iso(ts.due_current, from);
        kl_date_iso(to, iso);
        kl_buf b;
        kl_buf_init(&b, 0);
        kl_buf_appendf(&b, "due %s -> %s%s%s", from, iso, approver ? ", approved by " : "",
                       approver ? approver : "");
        rc = b.failed != KL_OK ? kl_err_set(err, b.failed, KL_NO_OFFSET, "history: out of memory")
                               : kl_sq_event(q, task_id, "extension", to, b.p, err);
        kl_buf_fini(&b);
    }
    return kl_sq_end(q, rc, err);
}

/* ---- reassign ----------------------------------------------------------------------------- */

typedef struct moving {
    int64_t assign_id, task_id;
    int64_t into; /* to's own assignment on the same task, or 0 */
} moving;

static int collect_open(kl_sqlite *q, int64_t from_id, int64_t to_id, moving **out, size_t *n,
                        kl_error *err)
{
    static const char sql[] =
        "SELECT a.id, a.task_id, (SELECT b.id FROM assignment b"
        " WHERE b.task_id = a.task_id AND b.agency_id = ?2) FROM agency_list a"
        " WHERE a.agency_id = ?1 AND a.closed_day >= " KL_SQ_OPEN_DATED " ORDER BY a.id";
    sqlite3_stmt *st = NULL;
    bool row = true;
    size_t cap = 0;
    int64_t v[2] = {from_id, to_id};
    int rc = kl_sq_prep(q, ST_REASSIGN_LIST, sql, &st, err);
    for (int i = 0; i < 2 && rc == KL_OK; i++)
        rc = kl_sq_bind_int(q, st, i + 1, v[i], err);
    while (rc == KL_OK) {
        rc = kl_sq_step(q, st, &row, err);
        if (rc != KL_OK || !row)
            break;
        if (*n == cap) {
            size_t new_cap = cap ? 2 * cap : 16;
            size_t bytes = 0;
            moving *grown =
                kl_mul_ok(new_cap, sizeof *grown, &bytes) ? kl_realloc(*out, bytes) : NULL;
            if (!grown) {
                rc = kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "reassign: out of memory");
                break;
            }
            *out = grown;
            cap = new_cap;
        }
        moving *m = &(*out)[(*n)++];
        m->assign_id = sqlite3_column_int64(st, 0);
        m->task_id = sqlite3_column_int64(st, 1);
        m->into = sqlite3_column_int64(st, 2);
    }
    kl_sq_done(st);
    return rc;
}

/* to already leads the task (both merged bodies were leads): one assignment remains, to's,
 * and the reports made so far follow it, still signed by whoever made them. */
static int merge_into(kl_sqlite *q, const moving *m, kl_error *err)
{
    static const char prog[] = "UPDATE progress SET assignment_id = ?2"
                               " WHERE assignment_id = ?1";
    static const char day[] = "UPDATE assignment SET last_progress_day ="
                              " (SELECT MAX(day) FROM progress WHERE assignment_id = ?1)"
                              " WHERE id = ?1";
    static const char del[] = "DELETE FROM assignment WHERE id = ?1";
    int64_t v[2] = {m->assign_id, m->into};
    int rc = kl_sq_exec_ids(q, ST_PROGRESS_MOVE, prog, v, 2, NULL, err);
    if (rc == KL_OK)
        rc = kl_sq_exec_ids(q, ST_ASSIGN_MERGE_DAY, day, &m->into, 1, NULL, err);
    if (rc == KL_OK)
        rc = kl_sq_exec_ids(q, ST_ASSIGN_DELETE, del, &m->assign_id, 1, NULL, err);
    return rc;
}

static int move_one(kl_sqlite *q, const moving *m, int64_t to_id, const char *text, kl_date date,
                    kl_error *err)
{
    static const char move[] = "UPDATE assignment SET agency_id = ?2 WHERE id = ?1";
    int64_t v[2] = {m->assign_id, to_id};
    int rc =
        m->into ? merge_into(q, m, err) : kl_sq_exec_ids(q, ST_ASSIGN_MOVE, move, v, 2, NULL, err);
    if (rc == KL_OK)
        rc = kl_sq_event(q, m->task_id, "reassign", date, text, err);
    if (rc == KL_OK)
        rc = kl_sq_task_fts_refresh(q, m->task_id, err);
    return rc;
}

/* An agency that never had a task has nothing to pass on: 0 moved, not an error, so that a
 * whole merger table can be applied at once. */
int kl_sq_assign_reassign(kl_store *s, const char *from, const char *to, int32_t to_dir_id,
                          kl_date date, size_t *n_moved, kl_error *err)
{
    kl_sqlite *q = kl_sq(s);
    int64_t from_id = 0, to_id = 0;
    moving *list = NULL;
    size_t n = 0;
    kl_buf text;
    kl_buf_init(&text, 0);
    kl_buf_appendf(&text, "%s -> %s", from, to);
    int rc = text.failed != KL_OK
                 ? kl_err_set(err, text.failed, KL_NO_OFFSET, "reassign: out of memory")
                 : kl_sq_begin(q, err);
    if (rc != KL_OK) {
        kl_buf_fini(&text);
        return rc;
    }
    rc = kl_sq_agency_find(q, from, &from_id, NULL, err);
    if (rc == KL_OK && from_id)
        rc = kl_sq_agency(q, to, to_dir_id, &to_id, err);
    if (rc == KL_OK && from_id)
        rc = collect_open(q, from_id, to_id, &list, &n, err);
    for (size_t i = 0; i < n && rc == KL_OK; i++)
        rc = move_one(q, &list[i], to_id, text.p, date, err);
    rc = kl_sq_end(q, rc, err);
    kl_free(list);
    kl_buf_fini(&text);
    if (rc == KL_OK && n_moved)
        *n_moved = n;
    return rc;
}
