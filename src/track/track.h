/* track: what happens to a task after import. Status derived from the facts and a date
 * (never stored), working-day deadlines (Civil Code 2015 Art. 148), lists, statistics as
 * the Government Office reports them, follow-up letters (công văn đôn đốc) and exports.
 * Every function reads through the store interface only; CLI and HTTP are its clients. */
#ifndef KL_TRACK_H
#define KL_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"
#include "../cal/cal.h"
#include "../store/store.h"

/* ---- status ----------------------------------------------------------------------------- */

typedef enum kl_status {
    KL_ST_PENDING_REVIEW = 0, /* extracted, not yet confirmed: counts nowhere */
    KL_ST_WITHIN,             /* trong hạn */
    KL_ST_DUE_SOON,           /* sắp đến hạn: due within N working days */
    KL_ST_OVERDUE,            /* quá hạn */
    KL_ST_DONE_ON_TIME,       /* hoàn thành đúng hạn */
    KL_ST_DONE_LATE,          /* hoàn thành quá hạn */
    KL_ST_CANCELLED           /* đã hủy */
} kl_status;

#define KL_N_STATUS 7
#define KL_DUE_SOON_DAYS 3 /* default N for due_soon, in working days */

/* "pending_review", "within", "due_soon", "overdue", "done_on_time", "done_late",
 * "cancelled". */
const char *kl_status_name(kl_status s);
/* What a Vietnamese user reads: "Chờ rà soát", "Trong hạn", "Sắp đến hạn", "Quá hạn",
 * "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đã hủy". */
const char *kl_status_vi(kl_status s);
/* Parse a name above; KL_OK or KL_ERR_USAGE. */
int kl_status_parse(const char *s, kl_status *out);

typedef struct kl_status_info {
    kl_status status;
    kl_date effective_due; /* the last day the work may be done, moved off weekends and
                            * holidays to the next working day; year 0 when the kind has no
                            * date (event, ongoing, none) */
    int days_late;         /* working days past effective_due: overdue (as of the date
                            * asked) and done_late (at completion); else 0 */
    bool fallen_due;       /* counts in the on-time rate as of the date asked */
} kl_status_info;

/* The status of one assignment as of date as_of (a full date). The rules (docs/tracking.md):
 * - a fact dated after as_of (done, cancelled) did not happen yet as of as_of;
 * - cancelled beats everything; a task not confirmed is pending_review;
 * - kinds event, ongoing and none are never overdue (done counts as on time);
 * - the last allowed day is due for by, within and approx, and the day before due for
 *   before ("trước ngày 15/9": done strictly before the 15th); a partial due (month only)
 *   ends on the month's last day; that day moves to the next working day when it is a
 *   weekend or public holiday (Art. 148), giving effective_due;
 * - done on or before effective_due is on time, after it late; open after it is overdue;
 *   open with effective_due within due_soon_days working days of as_of is due_soon.
 * cal may be NULL (built-in rules). */
void kl_track_status(const kl_store_assign_row *r, kl_date as_of, int due_soon_days,
                     const kl_calendar *cal, kl_status_info *out);

/* ---- lists ------------------------------------------------------------------------------ */

typedef struct kl_track_query {
    kl_store_filter filter; /* store-level filters (agency, notice, due range, text ...) */
    int status;             /* -1 any, else a kl_status */
    kl_date as_of;          /* the date statuses are computed for */
    int due_soon_days;      /* 0 = KL_DUE_SOON_DAYS */
} kl_track_query;

/* Assignments matching q with their status, in the store's order (current due). Where the
 * status asked for allows, the date test is pushed into the store (overdue: open and due
 * before as_of) and refined here. cb's arguments are valid during the call only; a non-OK
 * return from cb stops the walk and is returned. */
int kl_track_list(kl_store *s, const kl_calendar *cal, const kl_track_query *q,
                  int (*cb)(const kl_store_assign_row *r, const kl_status_info *st, void *ctx),
                  void *ctx, kl_error *err);

/* ---- statistics ------------------------------------------------------------------------- */

typedef enum kl_stats_by {
    KL_BY_NONE = 0, /* one total row */
    KL_BY_AGENCY,
    KL_BY_MONTH, /* month of the effective due ("2021-09"); "none" for no date */
    KL_BY_NOTICE /* "125/TB-UBND (05/03/2022)" style label, id in the row */
} kl_stats_by;

typedef struct kl_stats_opts {
    kl_date as_of;
    kl_date from, to; /* effective due within [from, to]; unset = open-ended */
    kl_stats_by by;
    bool key_only;     /* nhiệm vụ trọng tâm only */
    int due_soon_days; /* 0 = KL_DUE_SOON_DAYS */
    int update_days;   /* 0 = 30: a progress report this recent counts as an update */
} kl_stats_opts;

typedef struct kl_stats_row {
    const char *group; /* agency name, "2021-09", notice label; "Tổng cộng" for the total */
    int64_t notice_id; /* for KL_BY_NOTICE, else 0 */
    size_t assigned;   /* confirmed, not cancelled */
    size_t fallen_due; /* kl_status_info.fallen_due */
    size_t done_on_time, done_late, overdue, within, due_soon;
    size_t cancelled, pending_review; /* outside every figure above */
    double on_time_rate;              /* done_on_time / fallen_due, or -1 when nothing fell due */
    size_t late_1_7, late_8_30, late_over_30; /* overdue ageing, in working days */
    size_t open, open_updated; /* open assignments, those with a report in update_days */
    double update_rate;        /* open_updated / open, or -1 when nothing is open */
} kl_stats_row;

/* Statistics of every assignment matching o, grouped; rows sorted by group, then the total
 * row last. *rows lives in arena a. */
int kl_track_stats(kl_store *s, const kl_calendar *cal, const kl_stats_opts *o, kl_arena *a,
                   kl_stats_row **rows, size_t *n_rows, kl_error *err);

/* ---- exports ---------------------------------------------------------------------------- */

typedef enum kl_export_format {
    KL_EXPORT_CSV = 0, /* RFC 4180, UTF-8 with BOM (Excel reads Vietnamese correctly) */
    KL_EXPORT_XLSX,    /* libxlsxwriter: Vietnamese header row, real date cells, widths */
    KL_EXPORT_ICS,     /* RFC 5545: one VTODO per assignment with its due date */
    KL_EXPORT_JSON     /* one JSON array of objects, the same keys as `tasks --format json` */
} kl_export_format;

int kl_export_format_parse(const char *s, kl_export_format *out);

/* Write the assignments of q to path in format f (written to path.part, then renamed: a
 * failed export leaves no half file). *n_rows (may be NULL) gets the number written. */
int kl_track_export(kl_store *s, const kl_calendar *cal, const kl_track_query *q,
                    kl_export_format f, const char *path, size_t *n_rows, kl_error *err);

/* Append one assignment as a JSON object with the keys task_id, notice_id, notice (number/
 * symbol), agency, action, item, due, kind, effective_due, status, days_late,
 * last_progress, done, evidence, n_extensions, key (dates ISO or null). Shared by the CLI's
 * `--format json`, the JSON export and the HTTP API. */
int kl_track_row_json(const kl_store_assign_row *r, const kl_status_info *st, kl_buf *out);

/* ---- follow-up letters ------------------------------------------------------------------ */

typedef enum kl_letter_format { KL_LETTER_TXT = 0, KL_LETTER_DOCX } kl_letter_format;

typedef struct kl_remind_opts {
    kl_date as_of;
    int days; /* due-soon horizon in working days; 0 = KL_DUE_SOON_DAYS */
    kl_letter_format format;
    const char *out_dir; /* created if missing */
    const char *issuer;  /* "UBND tỉnh Lạng Sơn": header block; NULL = from the notices */
    const char *place;   /* "Lạng Sơn" for "Lạng Sơn, ngày ... "; NULL = from the notices */
    const char *signer_title; /* e.g. "CHÁNH VĂN PHÒNG"; NULL = a blank signature block */
    const char *signer_name;  /* may be NULL */
} kl_remind_opts;

/* One follow-up letter per agency that has overdue or due-soon assignments as of o->as_of,
 * citing each task's notice by number and date, its task, its deadline and how late it is,
 * laid out as an administrative letter (Nghị định 30/2020/NĐ-CP: header block, Quốc hiệu,
 * number/symbol, place and date, V/v, Kính gửi, body, Nơi nhận, signature). Files are
 * named after the agency (ASCII, e.g. "so-y-te.docx"). *n_letters (may be NULL) gets how
 * many were written. */
int kl_track_remind(kl_store *s, const kl_calendar *cal, const kl_remind_opts *o, size_t *n_letters,
                    kl_error *err);

#endif
