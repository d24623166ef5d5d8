/* track internals shared by status.c, list.c, stats.c and export*.c. Only src/track/ and its
 * unit test include this. */
#ifndef KL_TRACK_INT_H
#define KL_TRACK_INT_H

#include "track.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../base/base.h"

/* ---- working days ------------------------------------------------------------------------ */

/* A memo of the calendar over a window of day numbers, so that a list or the statistics of a
 * million assignments ask the calendar about each day once and count working days between
 * two dates by one subtraction. The window grows on demand; a day it cannot cover (out of
 * memory, or far outside the years asked about) is answered by the calendar directly, so the
 * memo never changes an answer, only its speed. */
typedef struct kl_wdays {
    const kl_calendar *cal;
    bool use_table; /* false: always ask the calendar (one status, no allocation) */
    int32_t first;  /* day number of work[0] */
    int32_t n;      /* days covered; 0 = nothing yet */
    uint8_t *work;  /* 1 = working day */
    int32_t *cum;   /* cum[i]: working days among work[0..i] */
    int32_t *next;  /* next[i]: the first working day at or after first + i */
    kl_date *date;  /* date[i]: first + i as a date */
} kl_wdays;

void kl_wdays_init(kl_wdays *w, const kl_calendar *cal, bool use_table);
void kl_wdays_fini(kl_wdays *w);
/* day itself when it is a working day, else the next one (day when none can be computed). */
int32_t kl_wdays_next(kl_wdays *w, int32_t day);
/* The last working day strictly before day (day - 1 when none can be computed). */
int32_t kl_wdays_prev(kl_wdays *w, int32_t day);
/* Working days in (a, b]; 0 when b <= a. */
int32_t kl_wdays_between(kl_wdays *w, int32_t a, int32_t b);
/* The n-th working day after day (n >= 1). */
int32_t kl_wdays_add(kl_wdays *w, int32_t day, int n);
/* kl_date_from_days, from the window when it covers day. */
kl_date kl_wdays_date(const kl_wdays *w, int32_t day);

/* ---- status ------------------------------------------------------------------------------ */

/* The date a status is asked for, as a day number, with the due-soon horizon resolved. */
typedef struct kl_asof {
    bool is_set; /* false: no date asked (open rows are within) */
    int32_t day;
    int soon; /* due_soon_days, <= 0 resolved to KL_DUE_SOON_DAYS */
} kl_asof;

kl_asof kl_asof_of(kl_date as_of, int due_soon_days);
/* kl_track_status through a memo. */
void kl_track_status_w(const kl_store_assign_row *r, kl_asof as, kl_wdays *w, kl_status_info *out);
/* Today in Vietnam (UTC+7), as a day number: only to choose a query plan, never an answer. */
int32_t kl_track_today(void);
/* Vietnamese reading of a due kind for tables ("trước ngày", "chậm nhất" ...). */
const char *kl_track_kind_vi(kl_due_kind k);

/* ---- exports ----------------------------------------------------------------------------- */

/* The columns of the CSV and XLSX exports, in order. */
typedef enum kl_xcol {
    KL_XCOL_TASK_ID = 0,
    KL_XCOL_NOTICE,
    KL_XCOL_ITEM,
    KL_XCOL_AGENCY,
    KL_XCOL_ACTION,
    KL_XCOL_DUE,
    KL_XCOL_KIND,
    KL_XCOL_EFFECTIVE,
    KL_XCOL_STATUS,
    KL_XCOL_DAYS_LATE,
    KL_XCOL_LAST_PROGRESS,
    KL_XCOL_DONE,
    KL_XCOL_EVIDENCE,
    KL_XCOL_N_EXT,
    KL_XCOL_KEY,
    KL_N_XCOL
} kl_xcol;

typedef struct kl_xcol_info {
    const char *header; /* Vietnamese */
    double width;       /* XLSX column width, in characters */
} kl_xcol_info;

extern const kl_xcol_info kl_xcols[KL_N_XCOL];

typedef enum kl_cell_type {
    KL_CELL_EMPTY = 0,
    KL_CELL_TEXT,
    KL_CELL_NUMBER,
    KL_CELL_DATE
} kl_cell_type;

/* One cell of a row. TEXT is appended to text (reset by the caller); NUMBER is *num; DATE
 * is *date, a full date (a partial date is TEXT: "09/2021"). */
kl_cell_type kl_xcell(const kl_store_assign_row *r, const kl_status_info *st, kl_xcol c,
                      kl_buf *text, int64_t *num, kl_date *date);
/* "125/TB-UBND", the symbol alone when the number is blank, or "" for no notice. */
void kl_track_notice_label(const kl_store_assign_row *r, kl_buf *out);
/* The deadline in words: "trước ngày 15/09/2021", "thường xuyên". */
void kl_track_deadline_text(const kl_store_assign_row *r, kl_buf *out);

/* The state of one export; each format fills what it needs. */
typedef struct kl_export_ctx {
    const char *path; /* as the user gave it, for messages */
    const char *part; /* path + ".part", written then renamed */
    FILE *f;          /* CSV, ICS, JSON */
    void *xlsx;       /* export_xlsx.c's state */
    kl_buf line;      /* scratch for one row */
    kl_buf cell;      /* scratch for one cell */
    char stamp[64];   /* DTSTAMP of an ICS export: "20240501T083000Z" */
    size_t n;         /* rows written */
    kl_error *err;
} kl_export_ctx;

/* Write x->line to x->f; KL_ERR_IO naming the file. */
int kl_export_flush_line(kl_export_ctx *x);

int kl_export_xlsx_begin(kl_export_ctx *x);
int kl_export_xlsx_row(kl_export_ctx *x, const kl_store_assign_row *r, const kl_status_info *st);
/* Writes the file (libxlsxwriter writes everything at close) and frees the state; called
 * once after begin succeeded, with ok false after a failure (the file is then discarded). */
int kl_export_xlsx_end(kl_export_ctx *x, bool ok);

int kl_export_ics_begin(kl_export_ctx *x);
int kl_export_ics_row(kl_export_ctx *x, const kl_store_assign_row *r, const kl_status_info *st);
int kl_export_ics_end(kl_export_ctx *x);
/* Append one content line (name and value already escaped) folded at 75 octets, never
 * inside a UTF-8 sequence, with CRLF line ends (RFC 5545 section 3.1). */
int kl_ics_fold(kl_buf *out, const char *line, size_t len);
/* Append s escaped as an RFC 5545 TEXT value (section 3.3.11). */
int kl_ics_text(kl_buf *out, const char *s, size_t len);

#endif
