/* cal: the Vietnamese calendar for deadlines: lunar dates, public holidays (Labour Code 2019
 * Art. 112, with lunar Tết and Giỗ Tổ computed for any year), days off and make-up working
 * days the Government announces (data/holidays.tsv), working-day arithmetic (Civil Code 2015
 * Art. 148: a deadline on a day off moves to the next working day). */
#ifndef KL_CAL_H
#define KL_CAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/base.h"

typedef struct kl_calendar kl_calendar; /* opaque, read-only once opened */

/* The built-in calendar (rules plus the embedded announcements table). Owned. */
int kl_calendar_open_default(kl_calendar **out, kl_error *err);
/* Built-in plus an announcements file in the same format; KL_ERR_FORMAT names file:line. */
int kl_calendar_open(kl_calendar **out, const char *path, kl_error *err);
void kl_calendar_free(kl_calendar *c);

/* Gregorian date of lunar day/month of lunar year (Vietnam, UTC+7); leap selects the leap
 * month where that month is doubled. year 0 date if it does not exist. */
kl_date kl_cal_from_lunar(int lunar_year, int month, int day, bool leap);
/* Lunar date of a Gregorian date. */
void kl_cal_to_lunar(kl_date d, int *lunar_year, int *month, int *day, bool *leap);

/* c may be NULL: rules only, no announcements. */
bool kl_cal_is_holiday(const kl_calendar *c, kl_date d);
bool kl_cal_is_working_day(const kl_calendar *c, kl_date d);
/* d itself when it is a working day, else the next one. */
kl_date kl_cal_next_working_day(const kl_calendar *c, kl_date d);
/* The n-th working day after d (n >= 0; 0 gives next_working_day(d)). */
kl_date kl_cal_add_working_days(const kl_calendar *c, kl_date d, int n);
/* Working days in (a, b]: 0 when b <= a. */
int kl_cal_working_days_between(const kl_calendar *c, kl_date a, kl_date b);
/* Name of the holiday on d ("Tết Nguyên đán"), or NULL. */
const char *kl_cal_holiday_name(const kl_calendar *c, kl_date d);

#endif
