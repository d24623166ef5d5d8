/* SQLite backend: settings, online backup and the integrity check. */
#include "sqlite_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---- settings ----------------------------------------------------------------------------- */

int kl_sq_setting_get(kl_store *s, const char *key, kl_buf *value, kl_error *err)
{
    static const char sql[] = "SELECT value FROM setting WHERE key = ?1";
    kl_sqlite *q = kl_sq(s);
    sqlite3_stmt *st = NULL;
    bool row = false;
    int rc = kl_sq_prep(q, ST_SETTING_GET, sql, &st, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_text(q, st, 1, key, err);
    if (rc == KL_OK)
        rc = kl_sq_step(q, st, &row, err);
    if (rc == KL_OK && !row)
        rc = kl_err_set(err, KL_ERR_NOTFOUND, KL_NO_OFFSET, "setting %s is not set", key);
    if (rc == KL_OK) {
        const char *v = kl_sq_col_text(st, 0);
        rc = kl_buf_append(value, v ? v : "", (size_t)sqlite3_column_bytes(st, 0));
        if (rc != KL_OK)
            rc = kl_err_set(err, rc, KL_NO_OFFSET, "setting %s: value too long", key);
    }
    kl_sq_done(st);
    return rc;
}

int kl_sq_setting_set(kl_store *s, const char *key, const char *value, kl_error *err)
{
    static const char set[] = "INSERT INTO setting (key, value) VALUES (?1, ?2)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    static const char del[] = "DELETE FROM setting WHERE key = ?1";
    kl_sqlite *q = kl_sq(s);
    sqlite3_stmt *st = NULL;
    int rc = value ? kl_sq_prep(q, ST_SETTING_SET, set, &st, err)
                   : kl_sq_prep(q, ST_SETTING_DEL, del, &st, err);
    if (rc != KL_OK)
        return rc;
    kl_sq_args a = kl_sq_args_of(q, st, err);
    kl_sq_a_text(&a, key);
    if (value)
        kl_sq_a_text(&a, value);
    return a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
}

/* ---- backup ------------------------------------------------------------------------------- */

/* Pages are copied a few hundred at a time so that writers are held up only briefly; when
 * another connection writes meanwhile, SQLite restarts the copy by itself. */
static int copy_pages(kl_sqlite *q, sqlite3 *dst, const char *part, kl_error *err)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", q->db, "main");
    if (!b)
        return kl_err_set(err, KL_ERR_DB, KL_NO_OFFSET, "%s: backup: %s", part,
                          sqlite3_errmsg(dst));
    int rc = SQLITE_OK;
    do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    int fin = sqlite3_backup_finish(b);
    if (rc == SQLITE_DONE && fin == SQLITE_OK)
        return KL_OK;
    int code = rc != SQLITE_DONE ? rc : fin;
    if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB)
        return kl_sq_error(q, code, "backup", err);
    return kl_err_set(err, (code & 0xff) == SQLITE_NOMEM ? KL_ERR_NOMEM : KL_ERR_DB, KL_NO_OFFSET,
                      "%s: backup: %s", part, sqlite3_errstr(code));
}

int kl_sq_backup(kl_store *s, const char *path, kl_error *err)
{
    kl_sqlite *q = kl_sq(s);
    kl_buf part;
    kl_buf_init(&part, 0);
    kl_buf_appends(&part, path);
    kl_buf_appends(&part, ".part");
    if (part.failed != KL_OK) {
        kl_buf_fini(&part);
        return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "backup: out of memory");
    }
    /* A .part left by a crashed run is ours to replace. */
    if (unlink(part.p) != 0 && errno != ENOENT) {
        int rc = kl_err_errno(err, KL_ERR_IO, errno, "%s", part.p);
        kl_buf_fini(&part);
        return rc;
    }
    sqlite3 *dst = NULL;
    int src = sqlite3_open_v2(part.p, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    int rc = src == SQLITE_OK ? copy_pages(q, dst, part.p, err)
                              : kl_err_set(err, KL_ERR_IO, KL_NO_OFFSET, "%s: %s", part.p,
                                           dst ? sqlite3_errmsg(dst) : sqlite3_errstr(src));
    if (sqlite3_close(dst) != SQLITE_OK && rc == KL_OK)
        rc = kl_err_set(err, KL_ERR_IO, KL_NO_OFFSET, "%s: close failed", part.p);
    if (rc == KL_OK && rename(part.p, path) != 0)
        rc = kl_err_errno(err, KL_ERR_IO, errno, "%s", path);
    if (rc != KL_OK)
        unlink(part.p);
    kl_buf_fini(&part);
    return rc;
}

/* ---- check -------------------------------------------------------------------------------- */

/* Append every row's first column as a line; *problems counts lines that are not "ok". A
 * corrupt file may fail the statement itself: that is a finding too. */
static int report_rows(kl_sqlite *q, enum kl_sq_slot slot, const char *sql, const char *label,
                       kl_buf *report, size_t *problems, kl_error *err)
{
    sqlite3_stmt *st = NULL;
    bool row = true;
    kl_error e;
    kl_err_clear(&e);
    int rc = kl_sq_prep(q, slot, sql, &st, &e);
    while (rc == KL_OK) {
        rc = kl_sq_step(q, st, &row, &e);
        if (rc != KL_OK || !row)
            break;
        const char *v = kl_sq_col_text(st, 0);
        if (v && strcmp(v, "ok") == 0)
            continue;
        (*problems)++;
        kl_buf_appendf(report, "%s: %s", label, v ? v : "?");
        for (int i = 1; i < sqlite3_column_count(st); i++)
            kl_buf_appendf(report, " %s",
                           sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i)
                                                      : "NULL");
        kl_buf_appendc(report, '\n');
    }
    kl_sq_done(st);
    if (rc == KL_ERR_FORMAT || (rc == KL_ERR_DB && strstr(e.msg, "corrupt"))) {
        (*problems)++;
        kl_buf_appendf(report, "%s: %s\n", label, e.msg);
        return KL_OK;
    }
    if (rc != KL_OK)
        return kl_err_set(err, rc, KL_NO_OFFSET, "%s", e.msg);
    return KL_OK;
}

/* agency_list against what its triggers derive it from (migrate.c, step 4): every
 * assignment has its row, equal in every column, and there are no other rows. A join by
 * key streams; EXCEPT would hold both sides in memory. */
#define DIFFERS(c) " OR l." c " IS NOT a." c
static const char LIST_CHECK[] =
    "SELECT 'assignment #' || a.id || ': list row missing or out of step'"
    " FROM assignment_row a LEFT JOIN agency_list l ON l.agency_id = a.agency_id"
    " AND l.closed_day = a.closed_day AND l.id = a.id WHERE l.id IS NULL" DIFFERS("task_id")
        DIFFERS("notice_id") DIFFERS("kind") DIFFERS("due_day") DIFFERS("done_day") DIFFERS(
            "cancelled_day") DIFFERS("confirmed") DIFFERS("is_key") DIFFERS("last_progress_day")
            DIFFERS("done_evidence") DIFFERS("action") DIFFERS("item") DIFFERS("due")
                DIFFERS("n_ext") DIFFERS("number") DIFFERS("symbol") DIFFERS("issued")
                    DIFFERS("received_day") " UNION ALL SELECT ((SELECT count(*) FROM agency_list) "
                                            "- (SELECT count(*) FROM assignment))"
                                            " || ' list row(s) without an assignment'"
                                            " WHERE (SELECT count(*) FROM agency_list) > (SELECT "
                                            "count(*) FROM assignment) LIMIT 20";
#undef DIFFERS

int kl_sq_check(kl_store *s, kl_buf *report, kl_error *err)
{
    static const struct {
        enum kl_sq_slot slot;
        const char *sql, *label;
    } checks[] = {
        {ST_CHECK_INTEGRITY, "PRAGMA integrity_check", "integrity"},
        {ST_CHECK_FK, "PRAGMA foreign_key_check", "foreign key"},
        /* SQLite only: FTS5 compares the index with its content (a corrupt index would
         * give wrong search results without any error). */
        {ST_CHECK_FTS_NOTICE, "INSERT INTO notice_fts (notice_fts) VALUES ('integrity-check')",
         "notice search index"},
        {ST_CHECK_LIST, LIST_CHECK, "agency lists"},
        {ST_CHECK_PACKED,
         "SELECT 'notice #' || notice_id || ': stored text does not unpack'"
         " FROM notice_src WHERE packed = 1 AND kl_unpacks(bytes) = 0"
         " LIMIT 20",
         "notice texts"},
    };
    kl_sqlite *q = kl_sq(s);
    size_t problems = 0;
    int rc = KL_OK;
    for (size_t i = 0; i < sizeof checks / sizeof checks[0] && rc == KL_OK; i++)
        rc = report_rows(q, checks[i].slot, checks[i].sql, checks[i].label, report, &problems, err);
    if (rc != KL_OK)
        return rc;
    if (problems == 0)
        kl_buf_appends(report, "ok\n");
    if (report->failed != KL_OK)
        return kl_err_set(err, report->failed, KL_NO_OFFSET, "check: report too long");
    if (problems)
        return kl_err_set(err, KL_ERR_FORMAT, KL_NO_OFFSET, "%s: %zu problem(s) found", q->path,
                          problems);
    return KL_OK;
}
