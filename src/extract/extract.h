/* extract: every task a notice assigns, with its agencies, action, deadline and the exact
 * span of the source. Pure: text, notice and directory in, values in the arena out. */
#ifndef KL_EXTRACT_H
#define KL_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"

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

#endif
