/* store: the one storage interface of ketluan. Notices with their original bytes, extraction,
 * outline items and tasks; assignments (one task x one lead agency) with their progress,
 * completion, extensions and history; settings; search; backup and check.
 *
 * A kl_store is one connection, used by one thread at a time. The backend is chosen by the
 * target given to kl_store_open ("sqlite:PATH" or a plain path today; a PostgreSQL backend
 * fills the same table later); nothing outside src/store/ sees SQL or an engine header.
 *
 * Conventions for every function below:
 * - Fallible functions return KL_OK or a KL_ERR_* code and take kl_error *err last (may be
 *   NULL). KL_ERR_DB carries the engine message; KL_ERR_NOTFOUND an unknown id or agency;
 *   KL_ERR_CONFLICT a state that forbids the change (already done, cancelled, limit reached,
 *   a constraint); KL_ERR_USAGE an invalid argument (an extension to an earlier date);
 *   KL_ERR_FORMAT a file that is not a ketluan database, or a corrupt one.
 * - Every write runs in one transaction: it happens wholly or not at all.
 * - Dates are kl_date; year 0 means "none". Dates given to the store for facts (done,
 *   progress, extension, cancel, received) must be full dates; stored dues may be partial.
 * - Strings handed to a callback are borrowed and valid during that call only. Records
 *   returned through a kl_arena live in that arena. Out-parameters are set only on success.
 * - Iterators call cb once per row; cb returns KL_OK to go on, anything else stops the
 *   iteration and becomes the iterator's return value (so callers can pass their own codes).
 *   A callback must not call the same kl_store: collect ids first, or use a second one.
 * - Status (overdue, due soon, on time) is never stored: the tracking layer derives it from
 *   the facts returned here and the date asked about. */
#ifndef KL_STORE_H
#define KL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"
#include "../extract/extract.h"

typedef struct kl_store kl_store;         /* opaque: one connection */
typedef struct kl_store_ops kl_store_ops; /* a backend's function table (store_int.h) */

/* Default database when the user names none. */
#define KL_STORE_DEFAULT_PATH "./ketluan.db"

/* ---- open, close ---------------------------------------------------------------------- */

/* Open (creating when missing) the database at target: "sqlite:PATH" or a plain PATH.
 * Applies pending schema migrations in one transaction. Owned: kl_store_close.
 * Errors: KL_ERR_FORMAT "PATH: not a ketluan database" (not SQLite, or another
 * application's database; the file is left untouched), KL_ERR_DB (cannot open, locked,
 * "needs a newer ketluan" when the schema is newer than this build), KL_ERR_USAGE (an
 * unknown scheme), KL_ERR_NOMEM. */
int kl_store_open(kl_store **out, const char *target, kl_error *err);
void kl_store_close(kl_store *s); /* NULL is a no-op */
/* "sqlite" (the backend in use). */
const char *kl_store_backend_name(const kl_store *s);
/* Schema version of the open database (the number of migrations applied). */
int kl_store_schema_version(const kl_store *s);

/* ---- records ---------------------------------------------------------------------------- */

typedef enum kl_review {
    KL_REVIEW_PENDING = 0, /* "pending_review": extracted, not yet checked; counts nowhere */
    KL_REVIEW_CONFIRMED    /* "confirmed" */
} kl_review;

typedef enum kl_task_origin {
    KL_ORIGIN_EXTRACTED = 0, /* "extracted" */
    KL_ORIGIN_MANUAL         /* "manual": added by hand */
} kl_task_origin;

const char *kl_review_name(kl_review r);           /* "pending_review", "confirmed" */
const char *kl_task_origin_name(kl_task_origin o); /* "extracted", "manual" */

/* A notice as listed. */
typedef struct kl_store_notice {
    int64_t id;
    const char *name; /* file name given at import */
    const char *hash; /* BLAKE2b-256 of the bytes, 64 hex digits */
    const char *issuer, *number, *symbol, *place, *kind, *subject; /* NULL when absent */
    kl_date issued;          /* as precise as the text allowed */
    kl_date received;        /* set by kl_store_notice_receive, else none */
    const char *imported_at; /* UTC, "2024-05-01T08:30:00Z" */
    size_t len;              /* bytes of the original input */
    size_t n_tasks, n_pending, n_confirmed;
} kl_store_notice;

typedef struct kl_store_item {
    const char *path, *title, *presenter; /* title, presenter may be NULL */
    kl_span span;
} kl_store_item;

typedef struct kl_store_task_span {
    int64_t task_id;
    kl_span span;          /* the sentence that assigns it; {0,0} for a manual task */
    kl_span deadline_span; /* {0,0} if none */
    kl_review review;
} kl_store_task_span;

/* A notice's text for display: its bytes with the spans of its items and tasks. */
typedef struct kl_store_doc {
    const char *bytes; /* the original input, exactly as imported (not NUL-terminated) */
    size_t len;
    const char *extraction_json; /* as given at import (NUL-terminated), or NULL */
    kl_store_item *items;
    size_t n_items;
    kl_store_task_span *tasks; /* in notice order */
    size_t n_tasks;
} kl_store_doc;

typedef struct kl_store_progress {
    int64_t id;
    const char *agency; /* who reported (the lead at the time) */
    kl_date date;
    const char *text;
    const char *at; /* UTC timestamp of the record */
} kl_store_progress;

typedef struct kl_store_assignment {
    int64_t id;
    const char *agency;                    /* canonical name */
    int32_t agency_dir_id;                 /* directory id, or -1 */
    kl_date due;                           /* current due of this assignment (after extensions) */
    kl_date done;                          /* none while open */
    const char *done_evidence, *done_note; /* NULL when absent */
    kl_store_progress *progress;           /* oldest first */
    size_t n_progress;
} kl_store_assignment;

typedef struct kl_store_extension {
    kl_date from, to;              /* the due before and after it */
    const char *reason, *approver; /* NULL when absent */
    const char *at;                /* UTC timestamp of the record */
} kl_store_extension;

/* A change after import: "add", "confirm", "edit", "lead_add", "lead_remove", "done",
 * "extension", "cancel", "reassign". */
typedef struct kl_store_event {
    const char *at; /* UTC timestamp */
    const char *kind;
    kl_date date;     /* the date the change states (done date, cancel date ...) or none */
    const char *text; /* English detail for the history view */
} kl_store_event;

/* One task with everything it owns. */
typedef struct kl_store_task {
    int64_t id;
    int64_t notice_id; /* 0 for a task added to no notice */
    const char *item;  /* outline path, "" if none */
    const char *action;
    const char **requirements;
    size_t n_requirements;
    const char *report_to; /* or NULL */
    kl_deadline deadline;  /* as extracted or last edited: text, original due, kind, span */
    kl_date due_current;   /* after extensions (= deadline.due when none) */
    size_t n_extensions;
    kl_span span; /* {0,0} for a manual task */
    kl_review review;
    bool is_key;
    kl_task_origin origin;
    kl_date cancelled; /* none unless cancelled */
    const char *cancel_reason;
    kl_store_assignment *assignments; /* one per lead, in lead order */
    size_t n_assignments;
    kl_org *supports;
    size_t n_supports;
    kl_store_extension *extensions; /* n_extensions of them, oldest first */
    kl_store_event *events;         /* oldest first */
    size_t n_events;
} kl_store_task;

/* ---- notices ---------------------------------------------------------------------------- */

/* Store one notice and its extraction in one transaction: the original bytes (exactly as
 * the spans index them: the .txt, or the text layer of a DOCX/PDF), name (the file name as
 * the user gave it), x (header, items, tasks) and json (kl_extract_to_json of x). Tasks
 * start pending_review, or confirmed when confirm is set; each lead of a task gets one
 * assignment. Idempotent by content hash: bytes already stored give KL_OK, *was_new =
 * false and the existing id, and store nothing. Errors: KL_ERR_DB, KL_ERR_NOMEM,
 * KL_ERR_USAGE (a task without action, a span past len). */
int kl_store_notice_import(kl_store *s, const char *name, const char *bytes, size_t len,
                           const kl_extraction *x, const char *json, size_t json_len, bool confirm,
                           int64_t *notice_id, bool *was_new, kl_error *err);

/* One notice of kl_store_notice_import_batch: the caller fills what goes in (as for
 * kl_store_notice_import); the store fills hash, id, was_new and rc, and err (may be NULL)
 * gets what went wrong with this notice. A notice whose rc is not KL_OK
 * on entry (a file the caller could not read) is passed over and keeps its rc. */
typedef struct kl_store_import {
    const char *name;
    const char *bytes;
    size_t len;
    const kl_extraction *x;
    const char *json;
    size_t json_len;
    char hash[65];
    kl_error *err;
    /* Set by kl_store_import_prepare (in any thread, ahead of the batch, else by the batch
     * itself): whether the bytes are searchable text, what the tasks say that the text
     * does not (for the search index), and the backend's own work on the text (its words
     * as the search index splits them). Owned: kl_store_import_fini. */
    bool prepared;
    bool is_text;
    kl_buf extra;
    kl_buf words;
    kl_buf json_z;  /* json as kept: compressed (kl_store_json_pack) */
    kl_buf bytes_z; /* the bytes as kept: compressed (kl_store_pack), empty when no smaller */
    void *pack_ctx; /* the compressor's state, kept from notice to notice */
    int64_t id;     /* out */
    bool was_new;   /* out */
    int rc;         /* out: KL_OK, or why this notice alone was not stored */
} kl_store_import;

/* Store v[0..n) in one transaction: each notice as kl_store_notice_import stores it, and a
 * notice that fails is undone alone (its rc and err) while the others commit together.
 * Many notices per transaction write each shared page (indexes, the search index) once
 * per batch instead of once per notice. Returns KL_OK when the batch committed; otherwise
 * nothing of it was stored, err says why and every v[i].rc carries that code. */
int kl_store_notice_import_batch(kl_store *s, kl_store_import *v, size_t n, bool confirm,
                                 kl_error *err);
/* A zeroed record with its buffers ready; kl_store_import_fini frees them. reset zeroes a
 * used record for the next notice and keeps its buffers' memory. */
void kl_store_import_init(kl_store_import *v);
void kl_store_import_reset(kl_store_import *v);
void kl_store_import_fini(kl_store_import *v);
/* Do for v (inputs set) all the work of its import that needs no database: hash, text check,
 * search texts, the backend's word split. Safe in another thread than the one using s: it
 * reads only which backend s is. Import costs less on the thread that writes. KL_ERR_NOMEM,
 * or the errors of kl_store_notice_import's checks. */
int kl_store_import_prepare(const kl_store *s, kl_store_import *v);

/* The notice id. Arena: *out and its strings live in a. KL_ERR_NOTFOUND. */
int kl_store_notice_get(kl_store *s, int64_t id, kl_arena *a, kl_store_notice **out, kl_error *err);
/* Every notice, newest import first. */
int kl_store_notice_list(kl_store *s, int (*cb)(const kl_store_notice *n, void *ctx), void *ctx,
                         kl_error *err);
/* Confirm every pending task of the notice; *n_confirmed (may be NULL) gets how many.
 * KL_ERR_NOTFOUND. */
int kl_store_notice_confirm(kl_store *s, int64_t id, size_t *n_confirmed, kl_error *err);
/* Record when the notice reached the agencies (deadlines counted "from receipt"). */
int kl_store_notice_receive(kl_store *s, int64_t id, kl_date received, kl_error *err);
/* Bytes, items and task spans for showing tasks in context. Arena. KL_ERR_NOTFOUND. */
int kl_store_notice_text(kl_store *s, int64_t id, kl_arena *a, kl_store_doc **out, kl_error *err);

/* ---- tasks (review) --------------------------------------------------------------------- */

/* A task with its assignments, progress, supports, extensions and history. Arena.
 * KL_ERR_NOTFOUND. */
int kl_store_task_get(kl_store *s, int64_t id, kl_arena *a, kl_store_task **out, kl_error *err);

/* Add a task by hand, to notice notice_id or to none (0). t gives item, leads, supports,
 * action, requirements, report_to, deadline and span (spans must lie in the notice's bytes;
 * use {0,0} when none). At least one lead and an action are required (KL_ERR_USAGE).
 * KL_ERR_NOTFOUND for an unknown notice. */
int kl_store_task_add(kl_store *s, int64_t notice_id, const kl_task *t, bool is_key, bool confirm,
                      int64_t *task_id, kl_error *err);

/* What kl_store_task_edit changes; fields left unset keep their value. */
typedef struct kl_store_edit {
    bool set_leads; /* replace the leads: kept leads keep their assignment and its
                           * history; removed leads lose theirs (recorded in the history);
                           * added leads get a new open assignment at the current due */
    const kl_org *leads;
    size_t n_leads; /* >= 1 */
    bool set_supports;
    const kl_org *supports;
    size_t n_supports;
    const char *action;   /* NULL = keep */
    bool set_deadline;    /* correct the original deadline (not an extension) */
    kl_deadline deadline; /* kind, due, text (span kept when {0,0}) */
    int is_key;           /* -1 keep, 0 or 1 */
    bool confirm;         /* also mark the task confirmed */
} kl_store_edit;

/* Change a task under review (or later: a correction is recorded in the history).
 * KL_ERR_NOTFOUND, KL_ERR_USAGE (no leads, empty action). */
int kl_store_task_edit(kl_store *s, int64_t id, const kl_store_edit *e, kl_error *err);
/* Delete a task and everything it owns. KL_ERR_NOTFOUND. */
int kl_store_task_delete(kl_store *s, int64_t id, kl_error *err);
/* Cancel a task on date with a reason: its assignments leave the figures. KL_ERR_NOTFOUND,
 * KL_ERR_CONFLICT (already cancelled), KL_ERR_USAGE (no date). */
int kl_store_task_cancel(kl_store *s, int64_t id, kl_date date, const char *reason, kl_error *err);

/* ---- assignments (lifecycle) ---------------------------------------------------------- */

/* A progress report by lead agency (exact canonical name) on date. KL_ERR_NOTFOUND (no such
 * task, or agency is not one of its leads), KL_ERR_CONFLICT (task cancelled),
 * KL_ERR_USAGE (no date, empty text). */
int kl_store_progress_add(kl_store *s, int64_t task_id, const char *agency, kl_date date,
                          const char *text, kl_error *err);

/* Mark the assignment of agency (or, agency NULL, of every open lead) done on date with
 * evidence ("Báo cáo số 125/BC-SYT ngày 20/9/2021") and a note (either may be NULL).
 * require_evidence (a setting the caller reads) rejects an empty evidence with
 * KL_ERR_USAGE. *n_done (may be NULL) gets how many assignments were closed.
 * KL_ERR_NOTFOUND, KL_ERR_CONFLICT (already done, nothing open, task cancelled). */
int kl_store_assign_done(kl_store *s, int64_t task_id, const char *agency, kl_date date,
                         const char *evidence, const char *note, bool require_evidence,
                         size_t *n_done, kl_error *err);

/* Extend the task's open assignments to due date to, with reason and approver (may be
 * NULL). The original deadline and every earlier extension are kept. KL_ERR_USAGE (to is
 * not a full date, or not after the current due), KL_ERR_CONFLICT (task has no deadline,
 * is cancelled, has nothing open, or already has max_extensions; max_extensions < 0 means
 * no limit), KL_ERR_NOTFOUND. */
int kl_store_extension_add(kl_store *s, int64_t task_id, kl_date to, const char *reason,
                           const char *approver, int max_extensions, kl_error *err);

/* Pass every open assignment (not done, task not cancelled) of agency from to agency to
 * (created when new; to_dir_id its directory id or -1), e.g. after a merger. Done and
 * cancelled assignments keep their agency. Where to already leads the same task, the
 * moved assignment's progress joins to's assignment. Each task gets a history row.
 * *n_moved (may be NULL) gets how many moved. KL_ERR_USAGE (from = to, empty names). */
int kl_store_assign_reassign(kl_store *s, const char *from, const char *to, int32_t to_dir_id,
                             kl_date date, size_t *n_moved, kl_error *err);

/* ---- lists ------------------------------------------------------------------------------ */

typedef enum kl_store_state {
    KL_STATE_ANY = 0,
    KL_STATE_OPEN, /* not done and not cancelled */
    KL_STATE_DONE,
    KL_STATE_CANCELLED
} kl_store_state;

/* Which assignments a list wants. Zero-initialize, then set what matters: every unset
 * field matches everything. Date predicates are on the current due (after extensions). */
typedef struct kl_store_filter {
    const char *agency;       /* exact canonical name */
    int64_t notice_id;        /* > 0 */
    int64_t task_id;          /* > 0 */
    kl_date due_from, due_to; /* due_between, inclusive; either may be unset */
    kl_date open_due_before;  /* open and current due < this date: "overdue as of" */
    kl_date open_on;          /* neither done nor cancelled on or before this date */
    int review;               /* 0 = any, KL_FILTER_PENDING or KL_FILTER_CONFIRMED */
    bool key_only;
    kl_store_state state;
    const char *text; /* free text over the task (action, requirements, agencies) */
    size_t limit;     /* 0 = no limit */
} kl_store_filter;

#define KL_FILTER_PENDING (1 + KL_REVIEW_PENDING)
#define KL_FILTER_CONFIRMED (1 + KL_REVIEW_CONFIRMED)

/* One assignment in a list: everything the tracking layer needs to derive its status. */
typedef struct kl_store_assign_row {
    int64_t assign_id, task_id;
    int64_t notice_id;                         /* 0 when none */
    const char *notice_number, *notice_symbol; /* NULL when none */
    kl_date notice_issued, notice_received;
    const char *agency;    /* canonical name */
    int32_t agency_dir_id; /* or -1 */
    const char *action;
    const char *item; /* "" if none */
    kl_date due;      /* original (as extracted or corrected) */
    kl_due_kind kind;
    kl_date due_current; /* after extensions */
    int n_extensions;
    kl_date done;              /* none while open */
    const char *done_evidence; /* NULL when none */
    kl_date cancelled;         /* none unless the task was cancelled */
    kl_review review;
    bool is_key;
    kl_date last_progress; /* latest progress report, or none */
    /* The day numbers (kl_date_to_days, KL_NO_DAY for none) of due_current, done, cancelled
     * and last_progress, as the store keeps them: set by lists beside the dates and by the
     * facts pass instead of them (a million rows then convert no date). Status reads these
     * when has_days is set, so lists and statistics follow one rule; rows built by hand
     * leave it unset and give the dates. */
    bool has_days;
    int32_t due_day, done_day, cancelled_day, last_progress_day;
} kl_store_assign_row;

#define KL_NO_DAY INT32_MIN

/* Assignments matching f (NULL = all), ordered by current due (none last), then as imported
 * (task, then lead order). The row and its strings are valid during cb only. The time is
 * about 3 us per row returned at a million assignments: page with limit for long lists.
 * KL_ERR_USAGE (bad filter). */
int kl_store_assign_query(kl_store *s, const kl_store_filter *f,
                          int (*cb)(const kl_store_assign_row *r, void *ctx), void *ctx,
                          kl_error *err);

/* The facts of every assignment matching f for statistics, in no particular order, reading
 * only what status derivation needs: in the row passed to cb only assign_id, task_id,
 * notice_id, agency, agency_dir_id, kind, review, is_key and, as day numbers (has_days),
 * the current due, done, cancelled and last progress dates are set (the rest zero/NULL; a
 * due given as a month or a year only has no day number and counts as none here). Fast
 * enough to aggregate a million assignments in one call (docs/store.md). f->limit is
 * honoured; f->text is not supported (KL_ERR_USAGE). */
int kl_store_assign_facts(kl_store *s, const kl_store_filter *f,
                          int (*cb)(const kl_store_assign_row *r, void *ctx), void *ctx,
                          kl_error *err);

/* kl_store_assign_facts in n parts (at most KL_STORE_MAX_PARTS) run at once, each on a
 * connection and in a thread of its own: every row goes to exactly one part, and part k
 * calls cb with ctx[k] from its thread, so each part needs its own aggregate. Parts read
 * the database each at its own moment: a write committed meanwhile may be seen by some.
 * Small databases, a backend without parts, or f->limit give one pass with ctx[0]. */
#define KL_STORE_MAX_PARTS 8
int kl_store_assign_facts_split(kl_store *s, const kl_store_filter *f, size_t n,
                                int (*cb)(const kl_store_assign_row *r, void *ctx),
                                void *const *ctx, kl_error *err);

/* ---- search ----------------------------------------------------------------------------- */

typedef struct kl_store_hit {
    int64_t notice_id;   /* 0 for a task on no notice */
    int64_t task_id;     /* 0 for a notice hit */
    const char *title;   /* notice subject, or the task's action */
    const char *snippet; /* matched text, each matched word between '[' and ']' */
    double rank;         /* bm25 score: smaller is better */
} kl_store_hit;

/* Full-text search over notices (subject, text) and tasks (action, requirements, agencies),
 * blind to case and diacritics ("phong chong dich" finds "phòng chống dịch", "dau tu" finds
 * "Đầu tư"). query is words, all required; a word ending in '*' is a prefix. Best first,
 * at most limit hits (0 = 50). KL_ERR_USAGE (no word). */
int kl_store_search(kl_store *s, const char *query, size_t limit,
                    int (*cb)(const kl_store_hit *h, void *ctx), void *ctx, kl_error *err);

/* ---- settings, backup, check -------------------------------------------------------------- */

/* Append the value of setting key to value. KL_ERR_NOTFOUND when unset. */
int kl_store_setting_get(kl_store *s, const char *key, kl_buf *value, kl_error *err);
/* Set (value non-NULL) or remove (NULL) a setting. */
int kl_store_setting_set(kl_store *s, const char *key, const char *value, kl_error *err);

/* Copy the whole database to path while it stays in use (online backup), writing path.part
 * first and renaming it, so path is a complete database or untouched. KL_ERR_IO, KL_ERR_DB. */
int kl_store_backup(kl_store *s, const char *path, kl_error *err);

/* Check the database: page structure, indexes, foreign keys, search index. Appends one
 * line per problem (or "ok") to report. KL_OK when clean, KL_ERR_FORMAT when not. */
int kl_store_check(kl_store *s, kl_buf *report, kl_error *err);

#endif
