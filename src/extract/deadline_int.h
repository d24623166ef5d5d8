/* Deadline recognition inside one clause (private to extract/). SPEC: EXTRACTION.md
 * "Deadlines". */
#ifndef KL_DEADLINE_INT_H
#define KL_DEADLINE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/base.h"
#include "../cal/cal.h"
#include "extract.h"

typedef struct kl_deadline_found {
    kl_due_kind kind;
    kl_date due;     /* full date, or year 0 for null */
    kl_cspan phrase; /* the phrase as written, offsets relative to the p given */
} kl_deadline_found;

/* Find the deadline of a passage p[0..len) of cleaned text (one clause, plus any following
 * sentence that only completes it). ref is the notice's own date, possibly partial (day 0,
 * month 0; year 0 = unknown), for years the text omits and for "kể từ ngày ký" counts.
 * cal gives working days (may be NULL: weekends only). Among several phrases the most
 * precise wins (a day > an event with a stated time > a month > a quarter > a half-year >
 * a year > an event without a time > ongoing); among equals, the last. Dates of cited
 * documents, meetings, start dates ("từ ngày", "áp dụng từ") are never deadlines.
 * Returns true and fills *out when a phrase was found; false (and *out = none) otherwise. */
bool kl_deadline_find(const char *p, size_t len, kl_date ref, const kl_calendar *cal,
                      kl_deadline_found *out);

#endif
