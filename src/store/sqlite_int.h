/* The SQLite backend's internals, shared by sqlite*.c and migrate.c only. */
#ifndef KL_SQLITE_INT_H
#define KL_SQLITE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "../base/base.h"
#include "store_int.h"

/* PRAGMA application_id of a ketluan database: "KLTN". */
#define KL_SQ_APP_ID 0x4B4C544E
/* agency_list.closed_day of an assignment still open (migrate.c, step 4): one value for
 * those with a due date, one above it for those without, so that an overdue list reads
 * only the first range. Both are above every day number. */
#define KL_SQ_OPEN_DATED "2147483646"
#define KL_SQ_OPEN_UNDATED "2147483647"

/* One slot per fixed statement. The SQL text sits beside the function that runs it; the
 * slot only caches the prepared statement for the life of the connection. */
enum kl_sq_slot {
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_SAVEPOINT,
    ST_RELEASE,
    ST_ROLLBACK_TO,
    ST_AGENCY_FIND,
    ST_AGENCY_ADD,
    ST_AGENCY_DIR,
    ST_AGENCY_MAX,
    ST_AGENCY_ALL,
    ST_ASSIGN_MAX,
    ST_NOTICE_BY_HASH,
    ST_NOTICE_ADD,
    ST_NOTICE_SRC_ADD,
    ST_ITEM_ADD,
    ST_NOTICE_GET,
    ST_NOTICE_LIST,
    ST_NOTICE_EXISTS,
    ST_NOTICE_CONFIRM_TASKS,
    ST_NOTICE_CONFIRM_ASSIGN,
    ST_NOTICE_RECEIVE,
    ST_NOTICE_SRC_GET,
    ST_ITEMS_GET,
    ST_NOTICE_SPANS,
    ST_NOTICE_NEXT_SEQ,
    ST_TASK_ADD,
    ST_REQ_ADD,
    ST_SUPPORT_ADD,
    ST_ASSIGN_ADD,
    ST_TASK_GET,
    ST_REQ_GET,
    ST_SUPPORT_GET,
    ST_ASSIGN_GET,
    ST_PROGRESS_GET,
    ST_EXT_GET,
    ST_EVENT_GET,
    ST_EVENT_ADD,
    ST_TASK_DELETE,
    ST_TASK_STATE,
    ST_TASK_SET_ACTION,
    ST_TASK_SET_KEY,
    ST_ASSIGN_SET_KEY,
    ST_TASK_SET_CONFIRMED,
    ST_ASSIGN_SET_CONFIRMED,
    ST_TASK_SET_DEADLINE,
    ST_ASSIGN_SET_DEADLINE,
    ST_ASSIGN_ADD_FROM_TASK,
    ST_ASSIGN_SET_SEQ,
    ST_EVENT_CONFIRM_NOTICE,
    ST_ASSIGN_OF_TASK_OPEN,
    ST_SUPPORT_CLEAR,
    ST_ASSIGN_OF_TASK,
    ST_ASSIGN_DELETE,
    ST_TASK_TEXTS,
    ST_TASK_CANCEL,
    ST_ASSIGN_CANCEL,
    ST_ASSIGN_FIND,
    ST_PROGRESS_ADD,
    ST_ASSIGN_PROGRESS_DAY,
    ST_ASSIGN_DONE,
    ST_ASSIGN_DONE_ALL,
    ST_EXT_ADD,
    ST_TASK_EXTEND,
    ST_ASSIGN_EXTEND,
    ST_REASSIGN_LIST,
    ST_ASSIGN_MOVE,
    ST_PROGRESS_MOVE,
    ST_ASSIGN_MERGE_DAY,
    ST_SEARCH,
    ST_SEARCH_SNIPPET,
    ST_SEARCH_TASKS,
    ST_SEARCH_MANUAL,
    ST_SEARCH_ANY,
    ST_SEARCH_ROW_DEL,
    ST_SEARCH_ROW_GET,
    ST_SEARCH_ROW_ADD,
    ST_SEARCH_EXTRA_TASKS,
    ST_SEARCH_EXTRA_SET,
    ST_TASK_NOTICE_OF,
    ST_TASK_NOTICE_GET,
    ST_SETTING_GET,
    ST_SETTING_SET,
    ST_SETTING_DEL,
    ST_CHECK_INTEGRITY,
    ST_CHECK_FK,
    ST_CHECK_FTS_NOTICE,
    ST_CHECK_LIST,
    ST_CHECK_PACKED,
    ST_COUNT
};

/* Lists build their SQL from the filter's shape; one statement per shape is cached. */
#define KL_SQ_QCACHE 24

/* Agency ids by name (sqlite_agency.c); a power of two. */
#define KL_SQ_ACACHE 1024

typedef struct kl_sq_agency_slot {
    char *name; /* owned; NULL = free */
    int64_t id;
    bool has_dir;
} kl_sq_agency_slot;

/* WAL pages between checkpoints when the writer runs them (SQLite's default is 1,000):
 * pages an import touches again and again are then copied once instead of many times. */
#define KL_SQ_AUTOCHECKPOINT 16384

typedef struct kl_sq_ckpt kl_sq_ckpt; /* sqlite_ckpt.c */

typedef struct kl_sqlite {
    kl_store base; /* first: a kl_store * is a kl_sqlite * in this backend */
    sqlite3 *db;
    kl_sq_ckpt *ckpt; /* the checkpoint thread of a bulk import, or NULL */
    char *path;
    sqlite3_stmt *st[ST_COUNT];
    struct {
        unsigned shape;
        sqlite3_stmt *st;
    } qcache[KL_SQ_QCACHE];
    size_t qnext;    /* next qcache slot to reuse when all are taken */
    long fail_after; /* test hook: steps left before an injected fault, 0 = off */
    kl_sq_agency_slot acache[KL_SQ_ACACHE];
    size_t n_acache;
    /* The words of the text being indexed, split ahead of time (kl_sq_import_prepare):
     * the tokenizer replays them instead of splitting that text again. */
    struct {
        const char *text;
        size_t len;
        const kl_buf *words;
    } pretok;
    /* Read connections of a split facts pass (kl_sq_assign_facts_split), opened on first
     * use and kept, warm, until close; [0] is unused (part 0 runs on this connection). */
    kl_store *part[KL_STORE_MAX_PARTS];
} kl_sqlite;

static inline kl_sqlite *kl_sq(kl_store *s)
{
    return (kl_sqlite *)s;
}

/* ---- statements (sqlite.c) ---- */
/* The cached statement of slot, prepared from sql on first use (SQLITE_PREPARE_PERSISTENT).
 * Borrowed: reset it with kl_sq_done when finished. */
int kl_sq_prep(kl_sqlite *q, enum kl_sq_slot slot, const char *sql, sqlite3_stmt **out,
               kl_error *err);
/* Step st: KL_OK with *row telling whether a row came back, or the error (KL_ERR_DB with
 * the engine message; KL_ERR_FORMAT when corrupt; KL_ERR_CONFLICT for a constraint). */
int kl_sq_step(kl_sqlite *q, sqlite3_stmt *st, bool *row, kl_error *err);
/* Step a statement that returns no rows (or whose rows do not matter) and reset it. */
int kl_sq_exec(kl_sqlite *q, sqlite3_stmt *st, kl_error *err);
/* Run the statement of slot with integer parameters v[0..n) as ?1..?n. exec_ids reports
 * the rows changed (changes may be NULL); scalar the first column of the first row (0 when
 * no row). */
int kl_sq_exec_ids(kl_sqlite *q, enum kl_sq_slot slot, const char *sql, const int64_t *v, size_t n,
                   int64_t *changes, kl_error *err);
int kl_sq_scalar(kl_sqlite *q, enum kl_sq_slot slot, const char *sql, const int64_t *v, size_t n,
                 int64_t *out, kl_error *err);
/* Reset st for its next use (errors were reported by the step). */
void kl_sq_done(sqlite3_stmt *st);
/* Run the statement of slot with ?1 = id and call fn on every row; fn's error stops it. */
int kl_sq_each_row(kl_sqlite *q, enum kl_sq_slot slot, const char *sql, int64_t id,
                   int (*fn)(sqlite3_stmt *st, void *ctx), void *ctx, kl_error *err);
/* Turn an engine result code into a kl_error code, with what as context. */
int kl_sq_error(kl_sqlite *q, int rc, const char *what, kl_error *err);

/* Binding: 1-based parameter index; a NULL string or an unset date binds NULL. Return the
 * kl code (KL_ERR_NOMEM or KL_ERR_DB on failure). */
int kl_sq_bind_text(kl_sqlite *q, sqlite3_stmt *st, int i, const char *s, kl_error *err);
int kl_sq_bind_textn(kl_sqlite *q, sqlite3_stmt *st, int i, const char *s, size_t len,
                     kl_error *err);
int kl_sq_bind_int(kl_sqlite *q, sqlite3_stmt *st, int i, int64_t v, kl_error *err);
int kl_sq_bind_null(kl_sqlite *q, sqlite3_stmt *st, int i, kl_error *err);
/* A full date as its day number; a partial or unset date binds NULL. */
int kl_sq_bind_day(kl_sqlite *q, sqlite3_stmt *st, int i, kl_date d, kl_error *err);
/* A (partial) date as ISO text; unset binds NULL. */
int kl_sq_bind_iso(kl_sqlite *q, sqlite3_stmt *st, int i, kl_date d, kl_error *err);

/* Sequential binder: parameters 1, 2, 3 ... in call order; after the first failure the
 * rest are skipped and rc keeps that failure. */
typedef struct kl_sq_args {
    kl_sqlite *q;
    sqlite3_stmt *st;
    int next;
    int rc;
    kl_error *err;
} kl_sq_args;

static inline kl_sq_args kl_sq_args_of(kl_sqlite *q, sqlite3_stmt *st, kl_error *err)
{
    kl_sq_args a = {q, st, 1, KL_OK, err};
    return a;
}
void kl_sq_a_text(kl_sq_args *a, const char *s);
void kl_sq_a_textn(kl_sq_args *a, const char *s, size_t len);
void kl_sq_a_blob(kl_sq_args *a, const void *p, size_t len);
void kl_sq_a_int(kl_sq_args *a, int64_t v);
void kl_sq_a_null(kl_sq_args *a);
void kl_sq_a_day(kl_sq_args *a, kl_date d);
/* A deadline's day number (kl_store_due_day), NULL when it has none. */
void kl_sq_a_due(kl_sq_args *a, kl_date due, kl_due_kind kind);
void kl_sq_a_iso(kl_sq_args *a, kl_date d);

/* Column readers: NULL gives NULL / year-0 date / 0. */
const char *kl_sq_col_text(sqlite3_stmt *st, int i);
kl_date kl_sq_col_day(sqlite3_stmt *st, int i);
kl_date kl_sq_col_iso(sqlite3_stmt *st, int i);
/* Arena copy of a text column (NULL stays NULL); *fail set on out of memory. */
const char *kl_sq_col_dup(sqlite3_stmt *st, int i, kl_arena *a, bool *fail);

/* ---- transactions (sqlite.c) ---- */
/* BEGIN IMMEDIATE: take the write lock first, so that a check made inside the transaction
 * (content hash, state of a task) still holds at commit. */
int kl_sq_begin(kl_sqlite *q, kl_error *err);
/* Commit when rc is KL_OK, else roll back; returns rc or the commit's error. */
int kl_sq_end(kl_sqlite *q, int rc, kl_error *err);

/* ---- shared writers ---- */
/* What the write paths need to know about a task before changing it. */
typedef struct kl_sq_task_state {
    int64_t notice_id;   /* 0 when none */
    size_t notice_len;   /* bytes of its notice (spans must lie inside) */
    kl_date due;         /* original (may be partial) */
    kl_date due_current; /* after extensions; none when no full due */
    int64_t n_ext;
    kl_date cancelled;
    bool is_confirmed;
    kl_span dl_span;
    kl_due_kind kind;
} kl_sq_task_state;

/* Read task id's state; KL_ERR_NOTFOUND when there is no such task. */
int kl_sq_task_state_get(kl_sqlite *q, int64_t id, kl_sq_task_state *ts, kl_error *err);

/* Drop the agency cache (after a rollback, and on close). */
void kl_sq_agency_forget(kl_sqlite *q);
/* Id of agency name, 0 when unknown; has_dir (may be NULL) tells whether its directory id
 * is known. */
int kl_sq_agency_find(kl_sqlite *q, const char *name, int64_t *id, bool *has_dir, kl_error *err);
/* Id of agency name, adding it when new; records dir_id when >= 0 and none is known yet. */
int kl_sq_agency(kl_sqlite *q, const char *name, int32_t dir_id, int64_t *id, kl_error *err);
/* Insert task t (of notice_id or none) with its requirements, supports, one assignment per
 * distinct lead and its search row. Runs inside the caller's transaction. */
int kl_sq_task_insert(kl_sqlite *q, int64_t notice_id, int64_t seq, const kl_task *t, bool is_key,
                      bool confirm, kl_task_origin origin, const char *now, int64_t *task_id,
                      kl_error *err);
/* Add supports o[0..n) to the task (a name listed twice gives one row). */
int kl_sq_support_add(kl_sqlite *q, int64_t task_id, const kl_org *o, size_t n, kl_error *err);
/* Rewrite the task's search row from what is stored (after a change). */
int kl_sq_task_fts_refresh(kl_sqlite *q, int64_t task_id, kl_error *err);
/* Write the search row of notice id (not in the index yet): subject, its text body[0..len)
 * ("" when not searchable) and what its tasks say that the text does not (extra, as the
 * caller stored it in notice.search_extra; or NULL to work it out from the stored tasks and
 * store it); words (may be NULL): body split by kl_sq_import_prepare. */
int kl_sq_search_row_add(kl_sqlite *q, int64_t id, const char *subject, const char *body,
                         size_t len, const kl_buf *extra, const kl_buf *words, kl_error *err);
/* Split v's text into the index's words ahead of the import (no connection needed). */
int kl_sq_import_prepare(kl_store_import *v);
/* Rewrite the search row of notice_id after its tasks changed (a no-op for 0). */
int kl_sq_search_row_refresh(kl_sqlite *q, int64_t notice_id, kl_error *err);

/* The words of a search, folded as the index folds text, for testing tasks in C. */
#define KL_SQ_MAX_WORDS 32
typedef struct kl_sq_words {
    kl_buf folded; /* the folded query; words are offsets into it */
    size_t start[KL_SQ_MAX_WORDS], len[KL_SQ_MAX_WORDS];
    bool prefix[KL_SQ_MAX_WORDS];
    size_t n;
} kl_sq_words;
int kl_sq_words_parse(const char *query, kl_sq_words *w, kl_error *err);
void kl_sq_words_free(kl_sq_words *w);
/* Does every word occur among the words of the texts together? scratch: a buffer to reuse. */
bool kl_sq_words_match(const kl_sq_words *w, const char *const *texts, size_t n, kl_buf *scratch);
/* Append a history row to the task. */
int kl_sq_event(kl_sqlite *q, int64_t task_id, const char *kind, kl_date date, const char *text,
                kl_error *err);

#ifdef KL_TESTING
extern int kl_sq_test_max_version; /* migrate.c: stop migrations at this version (0 = all) */
extern int kl_sq_test_ckpt_frames; /* sqlite_ckpt.c: WAL pages before the thread's turn */
#endif

/* ---- per-file entry points named in kl_store_sqlite_ops ---- */
int kl_sq_migrate(kl_sqlite *q, kl_error *err); /* migrate.c */
/* Checkpoints in a thread of their own from now on (a bulk import), until stop (close).
 * When the thread cannot start, the writer keeps checkpointing as before. */
void kl_sq_ckpt_start(kl_sqlite *q); /* sqlite_ckpt.c */
void kl_sq_ckpt_stop(kl_sqlite *q);
int kl_sq_fts_register(kl_sqlite *q, kl_error *err); /* sqlite_fts.c */
/* Turn user words into an FTS5 query: each word folded and quoted, all required, '*' kept
 * as a prefix mark; columns (an FTS5 column filter such as "{subject body}", or NULL for
 * all) limits where they may occur. Appends to b; KL_ERR_USAGE when there is no word. */
int kl_sq_fts_query(const char *text, const char *columns, kl_buf *b, kl_error *err);

int kl_sq_notice_import(kl_store *s, kl_store_import *v, size_t n, bool confirm, kl_error *err);
int kl_sq_notice_get(kl_store *s, int64_t id, kl_arena *a, kl_store_notice **out, kl_error *err);
int kl_sq_notice_list(kl_store *s, int (*cb)(const kl_store_notice *n, void *ctx), void *ctx,
                      kl_error *err);
int kl_sq_notice_confirm(kl_store *s, int64_t id, size_t *n_confirmed, kl_error *err);
int kl_sq_notice_receive(kl_store *s, int64_t id, kl_date received, kl_error *err);
int kl_sq_notice_text(kl_store *s, int64_t id, kl_arena *a, kl_store_doc **out, kl_error *err);

int kl_sq_task_get(kl_store *s, int64_t id, kl_arena *a, kl_store_task **out, kl_error *err);
int kl_sq_task_add(kl_store *s, int64_t notice_id, const kl_task *t, bool is_key, bool confirm,
                   int64_t *task_id, kl_error *err);
int kl_sq_task_edit(kl_store *s, int64_t id, const kl_store_edit *e, kl_error *err);
int kl_sq_task_delete(kl_store *s, int64_t id, kl_error *err);
int kl_sq_task_cancel(kl_store *s, int64_t id, kl_date date, const char *reason, kl_error *err);

int kl_sq_progress_add(kl_store *s, int64_t task_id, const char *agency, kl_date date,
                       const char *text, kl_error *err);
int kl_sq_assign_done(kl_store *s, int64_t task_id, const char *agency, kl_date date,
                      const char *evidence, const char *note, size_t *n_done, kl_error *err);
int kl_sq_extension_add(kl_store *s, int64_t task_id, kl_date to, const char *reason,
                        const char *approver, int max_extensions, kl_error *err);
int kl_sq_assign_reassign(kl_store *s, const char *from, const char *to, int32_t to_dir_id,
                          kl_date date, size_t *n_moved, kl_error *err);

int kl_sq_assign_query(kl_store *s, const kl_store_filter *f, bool facts_only,
                       int (*cb)(const kl_store_assign_row *r, void *ctx), void *ctx,
                       kl_error *err);
int kl_sq_assign_facts_split(kl_store *s, const kl_store_filter *f, size_t n,
                             int (*cb)(const kl_store_assign_row *r, void *ctx), void *const *ctx,
                             kl_error *err);
int kl_sq_search(kl_store *s, const char *query, size_t limit,
                 int (*cb)(const kl_store_hit *h, void *ctx), void *ctx, kl_error *err);

int kl_sq_setting_get(kl_store *s, const char *key, kl_buf *value, kl_error *err);
int kl_sq_setting_set(kl_store *s, const char *key, const char *value, kl_error *err);
int kl_sq_backup(kl_store *s, const char *path, kl_error *err);
int kl_sq_check(kl_store *s, kl_buf *report, kl_error *err);

#endif
