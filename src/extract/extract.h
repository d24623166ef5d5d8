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

/* The whole pipeline for one input: clean the bytes, parse the notice, extract its tasks and
 * append the JSON object of shared/spec/EXTRACTION.md (one line, no newline) to json.
 * dir is required; cal may be NULL. Every intermediate value lives in arena a (reset it
 * between inputs). Errors: KL_ERR_FORMAT (not UTF-8, binary; err->offset is the byte),
 * KL_ERR_NOMEM, KL_ERR_TOOBIG (arena cap). Text without tasks is not an error. */
int kl_extract_json_bytes(const char *bytes, size_t len, const kl_directory *dir,
                          const kl_calendar *cal, kl_arena *a, kl_buf *json, kl_error *err);

#endif
