/* Schema migrations of the SQLite backend: an append-only numbered list. Step N brings a
 * database from version N-1 to N; PRAGMA user_version records N. Never edit a step that
 * has shipped: add one. All pending steps run in one transaction on open.
 *
 * Portable SQL except where marked: the PostgreSQL backend keeps the same tables with
 * BIGINT ids and its own full-text index. Dates are day numbers since 1970-01-01
 * (kl_date_to_days) in *_day columns, so range filters compare integers; ISO text is kept
 * beside them only where a date may be partial (issued "2022-03", a due "2022"). */
#include "sqlite_int.h"

#include <stdio.h>

/* agency_list.closed_day of assignment row r (step 4) */
#define CLOSED_DAY(r)                                                                    \
    "CASE WHEN " r ".done_day IS NULL AND " r ".cancelled_day IS NULL THEN CASE WHEN " r \
    ".due_day IS NULL THEN " KL_SQ_OPEN_UNDATED " ELSE " KL_SQ_OPEN_DATED " END"         \
    " ELSE min(COALESCE(" r ".done_day, " KL_SQ_OPEN_UNDATED "), COALESCE(" r            \
    ".cancelled_day, " KL_SQ_OPEN_UNDATED ")) END"

static const char *const migrations[] = {
    /* 1: the first schema. */
    "CREATE TABLE agency ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE," /* canonical name, or a group as written */
    " dir_id INTEGER);"           /* agency directory id when known */

    "CREATE TABLE notice ("
    " id INTEGER PRIMARY KEY,"
    " hash TEXT NOT NULL UNIQUE," /* BLAKE2b-256 of the bytes: import is idempotent */
    " name TEXT NOT NULL,"
    " issuer TEXT, number TEXT, symbol TEXT, place TEXT, kind TEXT, subject TEXT,"
    " issued TEXT, issued_day INTEGER, received_day INTEGER,"
    " imported_at TEXT NOT NULL,"
    " len INTEGER NOT NULL);"

    /* The bytes apart from the row, so that listing notices does not page through them. */
    "CREATE TABLE notice_src ("
    " notice_id INTEGER PRIMARY KEY REFERENCES notice (id) ON DELETE CASCADE,"
    " bytes BLOB NOT NULL,"
    " is_text INTEGER NOT NULL," /* 1 when the bytes are UTF-8 and so searchable */
    " extraction TEXT);"

    "CREATE TABLE item ("
    " id INTEGER PRIMARY KEY,"
    " notice_id INTEGER NOT NULL REFERENCES notice (id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, path TEXT NOT NULL, title TEXT, presenter TEXT,"
    " span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,"
    " UNIQUE (notice_id, seq));"

    "CREATE TABLE task ("
    " id INTEGER PRIMARY KEY,"
    " notice_id INTEGER REFERENCES notice (id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL,"
    " item TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " report_to TEXT,"
    " dl_text TEXT, due TEXT, due_day INTEGER,"
    " kind TEXT NOT NULL CHECK (kind IN"
    "  ('none', 'before', 'by', 'within', 'approx', 'event', 'ongoing')),"
    " dl_start INTEGER NOT NULL, dl_end INTEGER NOT NULL,"
    " span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,"
    " review TEXT NOT NULL CHECK (review IN ('pending_review', 'confirmed')),"
    " is_key INTEGER NOT NULL CHECK (is_key IN (0, 1)),"
    " origin TEXT NOT NULL CHECK (origin IN ('extracted', 'manual')),"
    " cur_due_day INTEGER," /* due after the latest extension */
    " n_ext INTEGER NOT NULL,"
    " cancelled_day INTEGER, cancel_reason TEXT,"
    " created_at TEXT NOT NULL,"
    /* what the task's search row says besides its action, kept with the task so that
     * indexing a notice reads rows instead of running subqueries per task */
    " fts_req TEXT NOT NULL DEFAULT '', fts_agencies TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX task_notice ON task (notice_id, seq);"

    "CREATE TABLE requirement ("
    " task_id INTEGER NOT NULL REFERENCES task (id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, text TEXT NOT NULL,"
    " PRIMARY KEY (task_id, seq));"

    "CREATE TABLE support ("
    " task_id INTEGER NOT NULL REFERENCES task (id) ON DELETE CASCADE,"
    " agency_id INTEGER NOT NULL REFERENCES agency (id),"
    " seq INTEGER NOT NULL,"
    " PRIMARY KEY (task_id, agency_id));"

    /* One task x one lead. The columns after agency_id repeat task facts (kind, current
     * due, cancel, review, key) so that lists and statistics over a million rows read this
     * table and its indexes only; the store keeps them in step in the same transaction. */
    "CREATE TABLE assignment ("
    " id INTEGER PRIMARY KEY,"
    " task_id INTEGER NOT NULL REFERENCES task (id) ON DELETE CASCADE,"
    " notice_id INTEGER,"
    " agency_id INTEGER NOT NULL REFERENCES agency (id),"
    " seq INTEGER NOT NULL,"
    " kind TEXT NOT NULL,"
    " due_day INTEGER," /* current due: original or extended */
    " done_day INTEGER, done_evidence TEXT, done_note TEXT,"
    " last_progress_day INTEGER,"
    " cancelled_day INTEGER,"
    " confirmed INTEGER NOT NULL CHECK (confirmed IN (0, 1)),"
    " is_key INTEGER NOT NULL CHECK (is_key IN (0, 1)),"
    " UNIQUE (task_id, agency_id));"
    /* Every agency list is a range of this one index, and it covers them: "overdue for
     * agency X as of D" (agency_id = X AND due_day < D, open) reads no table row of
     * assignment at all. One index rather than two: each index on agency costs a random
     * page write per assignment on import. */
    "CREATE INDEX assignment_agency ON assignment (agency_id, due_day, done_day,"
    " cancelled_day, confirmed, is_key, kind, task_id, notice_id, last_progress_day);"
    "CREATE INDEX assignment_notice ON assignment (notice_id);"

    "CREATE TABLE progress ("
    " id INTEGER PRIMARY KEY,"
    " assignment_id INTEGER NOT NULL REFERENCES assignment (id) ON DELETE CASCADE,"
    " agency_id INTEGER NOT NULL REFERENCES agency (id)," /* who reported */
    " day INTEGER NOT NULL, text TEXT NOT NULL, at TEXT NOT NULL);"
    "CREATE INDEX progress_assignment ON progress (assignment_id, day);"

    "CREATE TABLE extension ("
    " id INTEGER PRIMARY KEY,"
    " task_id INTEGER NOT NULL REFERENCES task (id) ON DELETE CASCADE,"
    " from_day INTEGER NOT NULL, to_day INTEGER NOT NULL,"
    " reason TEXT, approver TEXT, at TEXT NOT NULL);"
    "CREATE INDEX extension_task ON extension (task_id, id);"

    "CREATE TABLE event ("
    " id INTEGER PRIMARY KEY,"
    " task_id INTEGER NOT NULL REFERENCES task (id) ON DELETE CASCADE,"
    " at TEXT NOT NULL, kind TEXT NOT NULL, day INTEGER, text TEXT);"
    "CREATE INDEX event_task ON event (task_id, id);"

    "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);"

    /* Notices whose text and tasks are not in the search index yet (sqlite_fts.c). */
    "CREATE TABLE search_pending ("
    " notice_id INTEGER PRIMARY KEY REFERENCES notice (id) ON DELETE CASCADE);"

    /* SQLite only: FTS5 with the kl_fold tokenizer (sqlite_fts.c). Notices are indexed
     * from their stored bytes through a view (external content: the text is not stored
     * twice). */
    "CREATE VIEW notice_doc AS SELECT n.id AS id, n.subject AS subject,"
    " CASE WHEN s.is_text = 1 THEN CAST(s.bytes AS TEXT) ELSE '' END AS body"
    " FROM notice n JOIN notice_src s ON s.notice_id = n.id;"
    "CREATE VIRTUAL TABLE notice_fts USING fts5(subject, body,"
    " content='notice_doc', content_rowid='id', tokenize='kl_fold');"
    /* Tasks are indexed a notice at a time: one document per notice holds the texts of all
     * its tasks (action, requirements, agencies); a search finds those documents, then tests
     * each task in C (sqlite_fts.c). A row per task cost as much again as the notices'
     * whole texts at import. */
    "CREATE VIRTUAL TABLE task_doc_fts USING fts5(body, tokenize='kl_fold');",

    /* 2: one search index, written by import in the notice's own transaction. A notice's
     * row holds its subject, its text, and what its tasks say that the text does not
     * (canonical agency names, texts reworded in review or added by hand), kept in
     * notice.search_extra; tasks are then tested one by one in C (sqlite_fts.c). Indexing
     * each task's texts apart cost as much again as the notices' whole texts; the queue of
     * notices waiting for the index goes with it. Existing rows get every task text as
     * extra. No positions (detail=column: a fifth cheaper to write): queries are words, never
     * phrases, and results are ranked by kl_rank (sqlite_fts.c), which needs none. */
    "ALTER TABLE notice ADD COLUMN search_extra TEXT NOT NULL DEFAULT '';"
    "UPDATE notice SET search_extra = COALESCE((SELECT group_concat(action || char(10) ||"
    " fts_req || char(10) || fts_agencies, char(10)) FROM task"
    " WHERE task.notice_id = notice.id), '');"
    "DROP TABLE notice_fts;"
    "DROP TABLE task_doc_fts;"
    "DROP TABLE search_pending;"
    "DROP VIEW notice_doc;"
    "CREATE VIEW notice_doc AS SELECT n.id AS id, n.subject AS subject,"
    " CASE WHEN s.is_text = 1 THEN CAST(s.bytes AS TEXT) ELSE '' END AS body,"
    " n.search_extra AS extra FROM notice n JOIN notice_src s ON s.notice_id = n.id;"
    "CREATE VIRTUAL TABLE notice_fts USING fts5(subject, body, extra,"
    " content='notice_doc', content_rowid='id', tokenize='kl_fold', detail=column);"
    "INSERT INTO notice_fts (notice_fts) VALUES ('rebuild');",

    /* 3: a deadline given as a month or a year gets a day number too (kl_store_due_day:
     * its first day for "before", its last otherwise). Without one, such an assignment was
     * undated for statistics and left out of the overdue lists that filter on due_day,
     * while the full list, reading the text, showed it overdue. */
    "UPDATE task SET due_day = CAST(julianday("
    "  CASE length(due) WHEN 7 THEN due || '-01' ELSE due || '-01-01' END,"
    "  CASE WHEN kind = 'before' THEN '+0 days' WHEN length(due) = 7 THEN '+1 month'"
    "   ELSE '+1 year' END,"
    "  CASE WHEN kind = 'before' THEN '+0 days' ELSE '-1 day' END) - 2440587.5 AS INTEGER)"
    " WHERE due_day IS NULL AND length(due) IN (4, 7);"
    "UPDATE task SET cur_due_day = due_day WHERE cur_due_day IS NULL AND n_ext = 0;"
    "UPDATE assignment SET due_day = (SELECT cur_due_day FROM task"
    " WHERE task.id = assignment.task_id) WHERE due_day IS NULL;",

    /* 4: agency lists read one range of one table. agency_list holds each assignment's
     * list row (its facts, its task's texts, its notice's number and date) clustered by
     * agency, then by the day it stopped being open (while open: KL_SQ_OPEN_DATED, or
     * KL_SQ_OPEN_UNDATED without a due date), then by id: "open with a due date for agency
     * X", "open" or "open on day D" is a contiguous range, read page by page
     * instead of a task row and a notice row per assignment scattered through the file.
     * Import appends at the open end of each agency's range, where the index on (agency,
     * due) it replaces took a random page write per assignment. The rows are derived:
     * triggers keep them equal to the view assignment_row through every write, and
     * `ketluan check` compares the two. SQLite only (WITHOUT ROWID, triggers' syntax). */
    "CREATE VIEW assignment_row AS SELECT a.agency_id AS agency_id,"
    " " CLOSED_DAY(
        "a") " AS closed_day,"
             " a.id AS id, a.task_id AS task_id, a.notice_id AS notice_id, a.kind AS kind,"
             " a.due_day AS due_day, a.done_day AS done_day, a.cancelled_day AS cancelled_day,"
             " a.confirmed AS confirmed, a.is_key AS is_key, a.last_progress_day AS "
             "last_progress_day,"
             " a.done_evidence AS done_evidence, t.action AS action, t.item AS item, t.due AS due,"
             " t.n_ext AS n_ext, n.number AS number, n.symbol AS symbol, n.issued AS issued,"
             " n.received_day AS received_day"
             " FROM assignment a JOIN task t ON t.id = a.task_id LEFT JOIN notice n ON n.id = "
             "a.notice_id;"
             "CREATE TABLE agency_list ("
             " agency_id INTEGER NOT NULL, closed_day INTEGER NOT NULL, id INTEGER NOT NULL,"
             " task_id INTEGER NOT NULL, notice_id INTEGER, kind TEXT NOT NULL, due_day INTEGER,"
             " done_day INTEGER, cancelled_day INTEGER, confirmed INTEGER NOT NULL,"
             " is_key INTEGER NOT NULL, last_progress_day INTEGER, done_evidence TEXT,"
             " action TEXT NOT NULL, item TEXT NOT NULL, due TEXT, n_ext INTEGER NOT NULL,"
             " number TEXT, symbol TEXT, issued TEXT, received_day INTEGER,"
             " PRIMARY KEY (agency_id, closed_day, id)) WITHOUT ROWID;"
             "INSERT INTO agency_list SELECT * FROM assignment_row ORDER BY agency_id, closed_day, "
             "id;"
             "DROP INDEX assignment_agency;"
             "CREATE TRIGGER agency_list_add AFTER INSERT ON assignment BEGIN"
             " INSERT INTO agency_list SELECT * FROM assignment_row WHERE id = NEW.id; END;"
             "CREATE TRIGGER agency_list_del AFTER DELETE ON assignment BEGIN"
             " DELETE FROM agency_list WHERE agency_id = OLD.agency_id AND closed_day ="
             " " CLOSED_DAY(
                 "OLD") " AND id = OLD.id; END;"
                        "CREATE TRIGGER agency_list_set AFTER UPDATE ON assignment BEGIN"
                        " DELETE FROM agency_list WHERE agency_id = OLD.agency_id AND closed_day ="
                        " " CLOSED_DAY(
                            "OLD") " AND id = OLD.id;"
                                   " INSERT INTO agency_list SELECT * FROM assignment_row WHERE id "
                                   "= NEW.id; END;"
                                   "CREATE TRIGGER agency_list_task AFTER UPDATE OF action, item, "
                                   "due, n_ext ON task BEGIN"
                                   " DELETE FROM agency_list WHERE (agency_id, closed_day, id) IN"
                                   " (SELECT agency_id, closed_day, id FROM assignment_row WHERE "
                                   "task_id = NEW.id);"
                                   " INSERT INTO agency_list SELECT * FROM assignment_row WHERE "
                                   "task_id = NEW.id; END;"
                                   "CREATE TRIGGER agency_list_notice AFTER UPDATE OF number, "
                                   "symbol, issued, received_day"
                                   " ON notice BEGIN"
                                   " DELETE FROM agency_list WHERE (agency_id, closed_day, id) IN"
                                   " (SELECT agency_id, closed_day, id FROM assignment_row WHERE "
                                   "notice_id = NEW.id);"
                                   " INSERT INTO agency_list SELECT * FROM assignment_row WHERE "
                                   "notice_id = NEW.id; END;",

    /* 5: a notice's bytes packed (kl_store_pack: a third of a text's size, and a fifth less
     * for import to write) when that is smaller; rows written before stay as they are. The
     * search index reads the text through kl_text (sqlite_fts.c), which unpacks. */
    "ALTER TABLE notice_src ADD COLUMN packed INTEGER NOT NULL DEFAULT 0"
    " CHECK (packed IN (0, 1));"
    "DROP VIEW notice_doc;"
    "CREATE VIEW notice_doc AS SELECT n.id AS id, n.subject AS subject,"
    " CASE WHEN s.is_text = 1 THEN kl_text(s.bytes, s.packed) ELSE '' END AS body,"
    " n.search_extra AS extra FROM notice n JOIN notice_src s ON s.notice_id = n.id;",
};

#ifdef KL_TESTING
/* Tests build a database as an older version wrote it: open with migrations stopped here
 * (0 = all), fill it with that version's SQL, then open it again to migrate. */
int kl_sq_test_max_version = 0;
#define N_MIGRATIONS                                     \
    (kl_sq_test_max_version > 0 ? kl_sq_test_max_version \
                                : (int)(sizeof migrations / sizeof migrations[0]))
#else
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))
#endif

static int exec(kl_sqlite *q, const char *sql, kl_error *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(q->db, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        return KL_OK;
    int code = kl_err_set(err, rc == SQLITE_NOMEM ? KL_ERR_NOMEM : KL_ERR_DB, KL_NO_OFFSET,
                          "%s: migration: %s", q->path, msg ? msg : sqlite3_errstr(rc));
    sqlite3_free(msg);
    return code;
}

static int user_version(kl_sqlite *q, int *v, kl_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(q->db, "PRAGMA user_version", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        return kl_sq_error(q, rc, "user_version", err);
    }
    bool row = false;
    int krc = kl_sq_step(q, st, &row, err);
    if (krc == KL_OK)
        *v = row ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return krc;
}

static int too_new(kl_sqlite *q, int v, kl_error *err)
{
    return kl_err_set(err, KL_ERR_DB, KL_NO_OFFSET,
                      "%s: schema version %d needs a newer ketluan (this one knows %d)", q->path, v,
                      N_MIGRATIONS);
}

/* Apply steps from..N_MIGRATIONS-1. The version number and application id are our own
 * constants, never user input, so printing them into the PRAGMA is safe. */
static int apply(kl_sqlite *q, int from, kl_error *err)
{
    int rc = KL_OK;
    for (int v = from; v < N_MIGRATIONS && rc == KL_OK; v++)
        rc = exec(q, migrations[v], err);
    char pragma[96];
    int n = snprintf(pragma, sizeof pragma,
                     "PRAGMA application_id = %d; PRAGMA user_version = "
                     "%d",
                     KL_SQ_APP_ID, N_MIGRATIONS);
    if (rc == KL_OK && (n < 0 || (size_t)n >= sizeof pragma))
        rc = kl_err_set(err, KL_ERR_DB, KL_NO_OFFSET, "migration: pragma too long");
    return rc == KL_OK ? exec(q, pragma, err) : rc;
}

int kl_sq_migrate(kl_sqlite *q, kl_error *err)
{
    int v = 0;
    int rc = user_version(q, &v, err);
    if (rc != KL_OK)
        return rc;
    if (v > N_MIGRATIONS)
        return too_new(q, v, err);
    if (v < N_MIGRATIONS) {
        rc = kl_sq_begin(q, err);
        if (rc != KL_OK)
            return rc;
        /* Another process may have migrated while we waited for the lock. */
        rc = user_version(q, &v, err);
        if (rc == KL_OK && v > N_MIGRATIONS)
            rc = too_new(q, v, err);
        if (rc == KL_OK && v < N_MIGRATIONS)
            rc = apply(q, v, err);
        rc = kl_sq_end(q, rc, err);
        if (rc != KL_OK)
            return rc;
    }
    q->base.schema_version = N_MIGRATIONS;
    return KL_OK;
}
