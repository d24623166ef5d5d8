/* Private to cal/: the calendar object and the announcements table. */
#ifndef KL_CAL_INT_H
#define KL_CAL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"
#include "cal.h"

/* One line of holidays.tsv: the Government announced d as a day off (is_off) or as a
 * make-up working day (ngày làm bù). */
typedef struct cal_entry {
    int32_t day; /* days since 1970-01-01 */
    bool is_off;
    uint8_t gen;   /* which table it came from (0 = built-in), to catch duplicates */
    uint32_t name; /* offset of the NUL-terminated name in kl_calendar.names */
} cal_entry;

/* Years whose days are precomputed when a calendar opens (the years notices and their
 * deadlines fall in; about 0.2 ms); others are computed on demand. */
#define CAL_CACHE_FIRST_YEAR 2010
#define CAL_CACHE_LAST_YEAR 2040

struct kl_calendar {
    cal_entry *entries; /* sorted by day, one per day */
    size_t n_entries;
    size_t cap_entries;
    unsigned n_tables;    /* tables parsed so far */
    kl_buf names;         /* the entries' names, each NUL-terminated */
    int32_t cache_first;  /* day number of CAL_CACHE_FIRST_YEAR-01-01 */
    int32_t n_cache;      /* days cached */
    uint8_t *cache_flags; /* CAL_F_* per day */
    uint8_t *cache_name;  /* index of the rule's holiday name per day (calendar.c) */
};

/* Per-day flags. */
#define CAL_F_HOLIDAY 1u /* a public holiday, nghỉ bù or announced day off */
#define CAL_F_WORKING 2u /* a working day (weekday not off, or an announced make-up day) */

/* Parse an announcements table text[0..len) named file (for messages) into c's entries,
 * replacing entries of the same day that came from an earlier table (the user's file amends
 * the built-in one); two lines for one day in the same text are an error. KL_OK,
 * KL_ERR_FORMAT ("file:line: what", offset = the line's first byte) or KL_ERR_NOMEM. */
int cal_table_parse(kl_calendar *c, const char *file, const char *text, size_t len, kl_error *err);

/* The entry for day number day, or NULL. c may be NULL. */
const cal_entry *cal_table_find(const kl_calendar *c, int32_t day);
/* Whether c announces a day off in [from, to]. */
bool cal_table_has_off(const kl_calendar *c, int32_t from, int32_t to);

#endif
