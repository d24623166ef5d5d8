/* extract: every task a notice assigns, with its agencies, action, deadline and the exact
 * span of the source. Pure: text, notice and directory in, values in the arena out. */
#ifndef KL_EXTRACT_H
#define KL_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../agency/agency.h"
#include "../base/base.h"
#include "../cal/cal.h"

typedef enum kl_due_kind {
    KL_DUE_NONE = 0, /* no deadline, or only "khẩn trương", "sớm" */
    KL_DUE_BEFORE,   /* done strictly before due */
    KL_DUE_BY,       /* done on or before due */
    KL_DUE_WITHIN,   /* within the period that ends on due */
    KL_DUE_APPROX,   /* đầu/giữa/cuối tháng or năm: read as by */
    KL_DUE_EVENT,    /* tied to an event; due is its stated time or null */
    KL_DUE_ONGOING   /* thường xuyên, định kỳ, hằng năm ... */
} kl_due_kind;

/* "none", "before", "by", "within", "approx", "event", "ongoing". */
const char *kl_due_kind_name(kl_due_kind k);
/* Parse one of the names above; KL_OK or KL_ERR_USAGE. */
int kl_due_kind_parse(const char *s, kl_due_kind *out);

/* ---- results ------------------------------------------------------------ */
/* Plain read-only records; every pointer lives in the arena given to the run. Strings are
 * NUL-terminated UTF-8 NFC; absent strings are NULL. Spans are original-byte offsets. */

typedef struct kl_signer {
    const char *authority; /* "TL. CHỦ TỊCH", "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN" or NULL */
    const char *title; /* "CHÁNH VĂN PHÒNG", "PHÓ CHỦ TỊCH" or NULL */
    const char *name;  /* "Phạm Hùng Trường" or NULL */
} kl_signer;

typedef struct kl_header {
    const char *issuer; /* "UBND tỉnh Lạng Sơn" */
    const char *number; /* "125" or NULL when the field is blank */
    const char *symbol; /* "TB-UBND" */
    const char *place;  /* "Lạng Sơn" */
    kl_date issued;     /* as precise as the text allows */
    const char *kind;   /* "THÔNG BÁO", "CÔNG VĂN", "CÔNG ĐIỆN" ... */
    const char *subject;
    kl_date *meeting_dates;
    size_t n_meeting_dates;
    const char *chair; /* a name where the text gives one, else the title */
    kl_signer signer;
    const char *province; /* "Lạng Sơn" when the issuer is provincial, else NULL */
} kl_header;

typedef struct kl_item {
    const char *path; /* "1", "II.3", "3.(7)" */
    const char *title;
    const char *presenter; /* canonical name of the presenting body, or NULL */
    kl_span span;          /* the whole item, heading to last line */
} kl_item;

typedef struct kl_org {
    const char *name; /* canonical name, or a group as written and normalized */
    int32_t id;       /* directory id, or -1 for a group or a name outside the directory */
    bool is_group;
} kl_org;

typedef struct kl_deadline {
    kl_due_kind kind;
    kl_date due;      /* year 0 = null */
    const char *text; /* the phrase as written, or NULL */
    kl_span span;     /* of the phrase, original bytes ({0,0} if none) */
} kl_deadline;

typedef struct kl_task {
    const char *item; /* outline path of the part it sits in, or "" */
    kl_org *lead;
    size_t n_lead;
    kl_org *support;
    size_t n_support;
    const char *action;
    const char **requirements;
    size_t n_requirements;
    const char *report_to; /* or NULL */
    kl_deadline deadline;
    kl_span span; /* the sentence or bullet that assigns it */
} kl_task;

typedef struct kl_extraction {
    kl_header header;
    kl_item *items;
    size_t n_items;
    kl_task *tasks;
    size_t n_tasks;
    const char **recipients;
    size_t n_recipients;
} kl_extraction;

/* Clean, parse and extract one input. *out and everything it points to live in arena a.
 * Errors as for kl_extract_json_bytes. */
int kl_extract_bytes(kl_extraction **out, const char *bytes, size_t len, const kl_directory *dir,
                     const kl_calendar *cal, kl_arena *a, kl_error *err);
/* Append x as the JSON object of shared/spec/EXTRACTION.md (one line). */
int kl_extract_to_json(const kl_extraction *x, kl_buf *json);

/* The whole pipeline for one input: clean the bytes, parse the notice, extract its tasks and
 * append the JSON object of shared/spec/EXTRACTION.md (one line, no newline) to json.
 * dir is required; cal may be NULL. Every intermediate value lives in arena a (reset it
 * between inputs). Errors: KL_ERR_FORMAT (not UTF-8, binary; err->offset is the byte),
 * KL_ERR_NOMEM, KL_ERR_TOOBIG (arena cap). Text without tasks is not an error. */
int kl_extract_json_bytes(const char *bytes, size_t len, const kl_directory *dir,
                          const kl_calendar *cal, kl_arena *a, kl_buf *json, kl_error *err);

#endif
