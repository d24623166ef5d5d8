/* Public holidays, days off and working days.
 *
 * The rules (Labour Code 2019 Art. 112, in force from 2021; Labour Code 2012 and 1994 before):
 *   - Tết Dương lịch: 1 January;
 *   - Tết Nguyên đán: the last day of the old lunar year and mùng 1-4 of the new (5 days;
 *     4 days, the last day and mùng 1-3, under the 1994 Code, until Tết 2013);
 *   - Giỗ Tổ Hùng Vương: 10th day of lunar month 3 (since 2007);
 *   - Ngày Chiến thắng 30 April, Quốc tế Lao động 1 May;
 *   - Quốc khánh: 2 September, and from 2021 one adjacent day that the Prime Minister picks
 *     each year. The Code names no default; we assume 1 September (the choice of 2022, 2023
 *     and 2025) until the year's announcement is in the table, which then decides.
 *   - Saturday and Sunday are the weekly rest days of public bodies (Decree 188/1999).
 *   - Art. 112(3): a holiday that falls on a weekly rest day gives a day off in lieu (nghỉ bù)
 *     on the next working day.
 * The Government announces the actual spans each year (Tết 2021 ran 10-16 February), often
 * moving a day and adding a make-up working Saturday (ngày làm bù). data/holidays.tsv holds
 * those announcements. A statutory holiday is "governed" by the table when the table
 * announces any day off within a week of it: its days off are then the table's (plus the
 * statutory day itself) and no rule-made nghỉ bù is added, because the announcement already
 * includes it. Other holidays follow the rules.
 *
 * Days of 2000-2100 are computed once when a calendar opens (one flag byte per day); other
 * years, and the NULL calendar, are computed one year at a time on demand. */
#include "cal.h"

#include <string.h>

#include "cal_int.h"

/* Rule holiday names, indexed by the name bytes of the cache. */
enum {
    NAME_NONE,
    NAME_NEW_YEAR,
    NAME_TET,
    NAME_HUNG_KINGS,
    NAME_VICTORY,
    NAME_LABOUR,
    NAME_NATIONAL,
    NAME_COMP_NEW_YEAR,
    NAME_COMP_TET,
    NAME_COMP_HUNG_KINGS,
    NAME_COMP_APRIL_MAY,
    NAME_COMP_NATIONAL,
    NAME_COUNT
};

static const char *const rule_names[NAME_COUNT] = {
    NULL,
    "Tết Dương lịch",
    "Tết Nguyên đán",
    "Giỗ Tổ Hùng Vương",
    "Ngày Chiến thắng",
    "Ngày Quốc tế Lao động",
    "Quốc khánh",
    "Nghỉ bù Tết Dương lịch",
    "Nghỉ bù Tết Nguyên đán",
    "Nghỉ bù Giỗ Tổ Hùng Vương",
    "Nghỉ bù 30/4 và 1/5",
    "Nghỉ bù Quốc khánh",
};

#define CAL_F_ANN_WORK 4u /* internal while building: announced make-up working day */
#define MAX_RULE_DAYS 6
#define MAX_CLUSTERS 5
#define GOVERN_WINDOW 7      /* days around a holiday in which an announcement governs it */
#define MAX_SEARCH_DAYS 1000 /* no year has this many days off in a row */

/* One statutory holiday period of a year and the days the rules give it. */
typedef struct cluster {
    int32_t day[MAX_RULE_DAYS]; /* rule days off, ascending */
    uint8_t name[MAX_RULE_DAYS];
    int n;
    int32_t fixed; /* the statutory day that stays off even when governed */
    uint8_t comp_name;
} cluster;

/* One computed year: flags and rule names per day of the year. */
typedef struct year_days {
    int year;      /* 0 = nothing computed yet */
    int32_t first; /* day number of 1 January */
    int n;         /* 365 or 366 */
    uint8_t flags[366];
    uint8_t name[366];
} year_days;

static int32_t day_of(int y, int m, int d)
{
    kl_date date = {(int16_t)y, (int8_t)m, (int8_t)d};
    return kl_date_to_days(date);
}

/* 0 = Monday ... 6 = Sunday, for a day number. */
static int weekday_of(int32_t day)
{
    return (int)(((day % 7) + 7 + 3) % 7);
}

static bool is_weekend(int32_t day)
{
    return weekday_of(day) >= 5;
}

static void cluster_add(cluster *cl, int32_t day, uint8_t name)
{
    if (cl->n < MAX_RULE_DAYS) {
        cl->day[cl->n] = day;
        cl->name[cl->n] = name;
        cl->n++;
    }
}

/* The statutory holiday periods of Gregorian year y, in date order; returns how many. */
static int year_clusters(int y, cluster out[MAX_CLUSTERS])
{
    int n = 0;
    memset(out, 0, sizeof(cluster) * MAX_CLUSTERS);
    cluster *cl = &out[n++];
    cluster_add(cl, day_of(y, 1, 1), NAME_NEW_YEAR);
    cl->fixed = cl->day[0];
    cl->comp_name = NAME_COMP_NEW_YEAR;

    kl_date tet = kl_cal_from_lunar(y, 1, 1, false);
    if (kl_date_is_set(tet)) {
        cl = &out[n++];
        int32_t t = kl_date_to_days(tet);
        int n_days = y >= 2014 ? 5 : 4;
        for (int i = -1; i < n_days - 1; i++)
            cluster_add(cl, t + i, NAME_TET);
        cl->fixed = t;
        cl->comp_name = NAME_COMP_TET;
    }
    kl_date hung = kl_cal_from_lunar(y, 3, 10, false);
    if (y >= 2007 && kl_date_is_set(hung)) {
        cl = &out[n++];
        cluster_add(cl, kl_date_to_days(hung), NAME_HUNG_KINGS);
        cl->fixed = cl->day[0];
        cl->comp_name = NAME_COMP_HUNG_KINGS;
    }
    cl = &out[n++];
    cluster_add(cl, day_of(y, 4, 30), NAME_VICTORY);
    cluster_add(cl, day_of(y, 5, 1), NAME_LABOUR);
    cl->fixed = cl->day[0];
    cl->comp_name = NAME_COMP_APRIL_MAY;

    cl = &out[n++];
    if (y >= 2021)
        cluster_add(cl, day_of(y, 9, 1), NAME_NATIONAL);
    cluster_add(cl, day_of(y, 9, 2), NAME_NATIONAL);
    cl->fixed = day_of(y, 9, 2);
    cl->comp_name = NAME_COMP_NATIONAL;

    /* Giỗ Tổ can come after 30 April (10/3 lunar fell on 1 May in 1996): keep date order so
     * that nghỉ bù is handed out in the order the holidays occur. */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && out[j].day[0] < out[j - 1].day[0]; j--) {
            cluster tmp = out[j];
            out[j] = out[j - 1];
            out[j - 1] = tmp;
        }
    return n;
}

static void mark_off(year_days *yd, int32_t day, uint8_t name)
{
    int32_t i = day - yd->first;
    if (i < 0 || i >= yd->n || (yd->flags[i] & CAL_F_ANN_WORK))
        return;
    if (!(yd->flags[i] & CAL_F_HOLIDAY) || yd->name[i] == NAME_NONE)
        yd->name[i] = name;
    yd->flags[i] |= CAL_F_HOLIDAY;
}

/* Art. 112(3): one day in lieu for each rule day on a weekend, on the next weekdays that
 * are not already off. */
static void add_comp_days(year_days *yd, const cluster *cl)
{
    int owed = 0;
    for (int i = 0; i < cl->n; i++)
        owed += is_weekend(cl->day[i]);
    for (int32_t d = cl->day[cl->n - 1] + 1; owed > 0 && d < yd->first + yd->n; d++) {
        uint8_t f = yd->flags[d - yd->first];
        if (!is_weekend(d) && !(f & (CAL_F_HOLIDAY | CAL_F_ANN_WORK))) {
            mark_off(yd, d, cl->comp_name);
            owed--;
        }
    }
}

/* Compute year y into yd from the rules and c's announcements. */
static void year_build(const kl_calendar *c, int y, year_days *yd)
{
    memset(yd, 0, sizeof *yd);
    yd->year = y;
    yd->first = day_of(y, 1, 1);
    yd->n = (int)(day_of(y + 1, 1, 1) - yd->first);
    for (int32_t d = yd->first; c && d < yd->first + yd->n; d++) {
        const cal_entry *e = cal_table_find(c, d);
        if (e)
            yd->flags[d - yd->first] |= e->is_off ? CAL_F_HOLIDAY : CAL_F_ANN_WORK;
    }
    cluster cl[MAX_CLUSTERS];
    bool governed[MAX_CLUSTERS];
    int n = year_clusters(y, cl);
    for (int i = 0; i < n; i++) {
        governed[i] = cal_table_has_off(c, cl[i].day[0] - GOVERN_WINDOW,
                                        cl[i].day[cl[i].n - 1] + GOVERN_WINDOW);
        for (int j = 0; j < cl[i].n; j++)
            if (!governed[i] || cl[i].day[j] == cl[i].fixed)
                mark_off(yd, cl[i].day[j], cl[i].name[j]);
    }
    for (int i = 0; i < n; i++)
        if (!governed[i])
            add_comp_days(yd, &cl[i]);
    for (int i = 0; i < yd->n; i++) {
        uint8_t f = yd->flags[i];
        bool working = (f & CAL_F_ANN_WORK) || (!(f & CAL_F_HOLIDAY) && !is_weekend(yd->first + i));
        yd->flags[i] = (uint8_t)((f & CAL_F_HOLIDAY) | (working ? CAL_F_WORKING : 0));
    }
}

/* Flags and rule name of a day: from the cache, else from yd (recomputed when the year
 * changes). The caller checked that the day is a valid date of years 1..9999. */
static uint8_t day_flags(const kl_calendar *c, year_days *yd, int32_t day, uint8_t *name)
{
    if (c && c->cache_flags && day >= c->cache_first && day - c->cache_first < c->n_cache) {
        if (name)
            *name = c->cache_name[day - c->cache_first];
        return c->cache_flags[day - c->cache_first];
    }
    if (yd->year == 0 || day < yd->first || day >= yd->first + yd->n)
        year_build(c, kl_date_from_days(day).year, yd);
    if (name)
        *name = yd->name[day - yd->first];
    return yd->flags[day - yd->first];
}

/* Full dates in the years the calendar can compute. */
static bool usable(kl_date d)
{
    return d.year >= 1001 && d.year <= 8999 && kl_date_valid(d.year, d.month, d.day);
}

static int build_cache(kl_calendar *c, kl_error *err)
{
    c->cache_first = day_of(CAL_CACHE_FIRST_YEAR, 1, 1);
    c->n_cache = day_of(CAL_CACHE_LAST_YEAR + 1, 1, 1) - c->cache_first;
    c->cache_flags = kl_malloc((size_t)c->n_cache);
    c->cache_name = kl_malloc((size_t)c->n_cache);
    if (!c->cache_flags || !c->cache_name) {
        kl_free(c->cache_flags);
        kl_free(c->cache_name);
        c->cache_flags = NULL;
        c->cache_name = NULL;
        return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "calendar: out of memory");
    }
    year_days yd;
    for (int y = CAL_CACHE_FIRST_YEAR; y <= CAL_CACHE_LAST_YEAR; y++) {
        year_build(c, y, &yd);
        memcpy(c->cache_flags + (yd.first - c->cache_first), yd.flags, (size_t)yd.n);
        memcpy(c->cache_name + (yd.first - c->cache_first), yd.name, (size_t)yd.n);
    }
    return KL_OK;
}

void kl_calendar_free(kl_calendar *c)
{
    if (!c)
        return;
    kl_free(c->entries);
    kl_buf_fini(&c->names);
    kl_free(c->cache_flags);
    kl_free(c->cache_name);
    kl_free(c);
}

/* A calendar with the embedded table; extra (may be NULL) is a further table to parse
 * (file names it in messages) before the cache is built. */
static int calendar_open(kl_calendar **out, const char *file, const char *extra, size_t len,
                         kl_error *err)
{
    kl_calendar *c = kl_calloc(1, sizeof *c);
    if (!c)
        return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "calendar: out of memory");
    kl_buf_init(&c->names, 0);
    int rc = KL_OK;
    const kl_embedded_file *f = kl_embedded_find("holidays.tsv");
    if (f)
        rc = cal_table_parse(c, "holidays.tsv", f->data, f->len, err);
    if (rc == KL_OK && extra)
        rc = cal_table_parse(c, file, extra, len, err);
    if (rc == KL_OK)
        rc = build_cache(c, err);
    if (rc != KL_OK) {
        kl_calendar_free(c);
        return rc;
    }
    *out = c;
    return KL_OK;
}

int kl_calendar_open_default(kl_calendar **out, kl_error *err)
{
    return calendar_open(out, NULL, NULL, 0, err);
}

int kl_calendar_open(kl_calendar **out, const char *path, kl_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc = kl_read_file(path, (size_t)4 << 20, &text, &len, err);
    if (rc == KL_OK)
        rc = calendar_open(out, path, text, len, err);
    kl_free(text);
    return rc;
}

bool kl_cal_is_holiday(const kl_calendar *c, kl_date d)
{
    if (!usable(d))
        return false;
    year_days yd = {0};
    return (day_flags(c, &yd, kl_date_to_days(d), NULL) & CAL_F_HOLIDAY) != 0;
}

bool kl_cal_is_working_day(const kl_calendar *c, kl_date d)
{
    if (!usable(d))
        return false;
    int32_t day = kl_date_to_days(d);
    /* The common case, a cached day, without touching the year buffer. */
    if (c && day >= c->cache_first && day - c->cache_first < c->n_cache)
        return (c->cache_flags[day - c->cache_first] & CAL_F_WORKING) != 0;
    year_days yd = {0};
    return (day_flags(c, &yd, day, NULL) & CAL_F_WORKING) != 0;
}

/* First working day at or after day, or -1 past the computable range. */
static int32_t next_working(const kl_calendar *c, year_days *yd, int32_t day, int32_t last)
{
    for (int i = 0; i < MAX_SEARCH_DAYS && day <= last; i++, day++)
        if (day_flags(c, yd, day, NULL) & CAL_F_WORKING)
            return day;
    return -1;
}

kl_date kl_cal_next_working_day(const kl_calendar *c, kl_date d)
{
    kl_date none = {0, 0, 0};
    if (!usable(d))
        return none;
    year_days yd = {0};
    int32_t day = next_working(c, &yd, kl_date_to_days(d), day_of(8999, 12, 31));
    return day < 0 ? none : kl_date_from_days(day);
}

kl_date kl_cal_add_working_days(const kl_calendar *c, kl_date d, int n)
{
    kl_date none = {0, 0, 0};
    if (!usable(d))
        return none;
    year_days yd = {0};
    int32_t last = day_of(8999, 12, 31);
    int32_t day = kl_date_to_days(d);
    if (n <= 0) {
        day = next_working(c, &yd, day, last);
        return day < 0 ? none : kl_date_from_days(day);
    }
    while (n > 0) {
        day = next_working(c, &yd, day + 1, last);
        if (day < 0)
            return none;
        n--;
    }
    return kl_date_from_days(day);
}

int kl_cal_working_days_between(const kl_calendar *c, kl_date a, kl_date b)
{
    if (!usable(a) || !usable(b))
        return 0;
    year_days yd = {0};
    int count = 0;
    int32_t end = kl_date_to_days(b);
    for (int32_t day = kl_date_to_days(a) + 1; day <= end; day++)
        count += (day_flags(c, &yd, day, NULL) & CAL_F_WORKING) != 0;
    return count;
}

const char *kl_cal_holiday_name(const kl_calendar *c, kl_date d)
{
    if (!usable(d))
        return NULL;
    int32_t day = kl_date_to_days(d);
    const cal_entry *e = cal_table_find(c, day);
    if (e)
        return e->is_off ? c->names.p + e->name : NULL;
    year_days yd = {0};
    uint8_t name = NAME_NONE;
    uint8_t f = day_flags(c, &yd, day, &name);
    if (!(f & CAL_F_HOLIDAY) || name >= NAME_COUNT)
        return NULL;
    return rule_names[name];
}
