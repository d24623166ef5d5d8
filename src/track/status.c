/* Status of an assignment as of a date, derived from its deadline, its facts (done,
 * cancelled, review) and the calendar; never stored. The rules are written for users in
 * docs/tracking.md; each one here carries a SPEC: tag naming its section. */
#include "track.h"

#include <string.h>
#include <time.h>

#include "track_int.h"

static const char *const status_names[KL_N_STATUS] = {
    "pending_review", "within", "due_soon", "overdue", "done_on_time", "done_late", "cancelled",
};

static const char *const status_vi[KL_N_STATUS] = {
    "Chờ rà soát",         "Trong hạn",          "Sắp đến hạn", "Quá hạn",
    "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đã hủy",
};

const char *kl_status_name(kl_status s)
{
    return (unsigned)s < KL_N_STATUS ? status_names[s] : "unknown";
}

const char *kl_status_vi(kl_status s)
{
    return (unsigned)s < KL_N_STATUS ? status_vi[s] : "Không rõ";
}

int kl_status_parse(const char *s, kl_status *out)
{
    for (int i = 0; s && i < KL_N_STATUS; i++) {
        if (strcmp(s, status_names[i]) == 0) {
            *out = (kl_status)i;
            return KL_OK;
        }
    }
    return KL_ERR_USAGE;
}

const char *kl_track_kind_vi(kl_due_kind k)
{
    static const char *const vi[] = {
        "không có thời hạn", "trước ngày",   "chậm nhất", "trong thời hạn", "khoảng",
        "theo sự kiện",      "thường xuyên",
    };
    return (unsigned)k < sizeof vi / sizeof vi[0] ? vi[k] : "";
}

int32_t kl_track_today(void)
{
    /* Vietnam keeps UTC+7 all year (no daylight saving). */
    time_t now = time(NULL);
    int64_t t = (int64_t)now + 7 * 3600;
    int64_t d = t / 86400;
    if (t < 0 && t % 86400 != 0)
        d--;
    return (int32_t)d;
}

/* ---- working days ------------------------------------------------------------------------ */

/* The calendar computes years 1001-8999 (day numbers of 1001-01-01 and 8999-12-31 below);
 * the memo spans at most WD_MAX_SPAN days, beyond which the calendar is asked directly (a
 * window that long would be a data error). */
#define DAY_1001_01_01 (-353920)
#define DAY_8999_12_31 2567654
#define WD_MARGIN 366
#define WD_MAX_SPAN (400 * 366)
#define WD_NO_NEXT INT32_MIN /* no working day after this one inside the window */

static bool usable_day(int32_t day)
{
    return day >= DAY_1001_01_01 && day <= DAY_8999_12_31;
}

void kl_wdays_init(kl_wdays *w, const kl_calendar *cal, bool use_table)
{
    memset(w, 0, sizeof *w);
    w->cal = cal;
    w->use_table = use_table;
}

void kl_wdays_fini(kl_wdays *w)
{
    kl_free(w->work);
    kl_free(w->cum);
    kl_free(w->next);
    kl_free(w->date);
    memset(w, 0, sizeof *w);
}

static bool in_window(const kl_wdays *w, int32_t lo, int32_t hi)
{
    return w->n > 0 && lo >= w->first && hi < w->first + w->n;
}

/* Fill the tables of a window whose work[] is known. */
static void wd_tables(kl_wdays *w)
{
    int32_t count = 0;
    for (int32_t i = 0; i < w->n; i++) {
        count += w->work[i];
        w->cum[i] = count;
        w->date[i] = kl_date_from_days(w->first + i);
    }
    int32_t next = WD_NO_NEXT;
    for (int32_t i = w->n - 1; i >= 0; i--) {
        if (w->work[i])
            next = w->first + i;
        w->next[i] = next;
    }
}

/* Grow the window to cover [lo, hi] with a margin; false when it cannot (the caller then
 * asks the calendar). Days already known are copied, not asked again. */
static bool wd_cover(kl_wdays *w, int32_t lo, int32_t hi)
{
    if (in_window(w, lo, hi))
        return true;
    if (!w->use_table || !usable_day(lo) || !usable_day(hi))
        return false;
    int32_t first = lo - WD_MARGIN, last = hi + WD_MARGIN;
    if (w->n > 0) {
        first = first < w->first ? first : w->first;
        last = last > w->first + w->n - 1 ? last : w->first + w->n - 1;
    }
    if (last - first + 1 > WD_MAX_SPAN || !usable_day(first) || !usable_day(last))
        return false;
    size_t n = (size_t)(last - first + 1);
    kl_wdays g = *w;
    g.first = first;
    g.n = (int32_t)n;
    g.work = kl_malloc(n);
    g.cum = kl_malloc(n * sizeof *g.cum);
    g.next = kl_malloc(n * sizeof *g.next);
    g.date = kl_malloc(n * sizeof *g.date);
    if (!g.work || !g.cum || !g.next || !g.date) {
        kl_free(g.work);
        kl_free(g.cum);
        kl_free(g.next);
        kl_free(g.date);
        return false;
    }
    for (int32_t i = 0; i < g.n; i++) {
        int32_t day = first + i;
        if (in_window(w, day, day))
            g.work[i] = w->work[day - w->first];
        else
            g.work[i] = kl_cal_is_working_day(w->cal, kl_date_from_days(day)) ? 1 : 0;
    }
    wd_tables(&g);
    kl_wdays_fini(w);
    *w = g;
    return true;
}

int32_t kl_wdays_next(kl_wdays *w, int32_t day)
{
    /* No run of days off is longer than a few weeks; 60 days of look-ahead is plenty. */
    if (wd_cover(w, day, day + 60) && w->next[day - w->first] != WD_NO_NEXT)
        return w->next[day - w->first];
    kl_date r = kl_cal_next_working_day(w->cal, kl_date_from_days(day));
    return kl_date_is_set(r) ? kl_date_to_days(r) : day;
}

int32_t kl_wdays_prev(kl_wdays *w, int32_t day)
{
    if (wd_cover(w, day - 60, day)) {
        for (int32_t d = day - 1; d >= w->first; d--)
            if (w->work[d - w->first])
                return d;
    }
    for (int32_t d = day - 1; d > day - 1000 && usable_day(d); d--)
        if (kl_cal_is_working_day(w->cal, kl_date_from_days(d)))
            return d;
    return day - 1;
}

int32_t kl_wdays_between(kl_wdays *w, int32_t a, int32_t b)
{
    if (b <= a)
        return 0;
    if (wd_cover(w, a, b))
        return w->cum[b - w->first] - w->cum[a - w->first];
    return kl_cal_working_days_between(w->cal, kl_date_from_days(a), kl_date_from_days(b));
}

int32_t kl_wdays_add(kl_wdays *w, int32_t day, int n)
{
    if (n > 0 && n < 100000 && wd_cover(w, day, day + 2 * n + 60)) {
        for (int32_t d = day + 1; d < w->first + w->n; d++)
            if (w->work[d - w->first] && --n == 0)
                return d;
    }
    kl_date r = kl_cal_add_working_days(w->cal, kl_date_from_days(day), n);
    return kl_date_is_set(r) ? kl_date_to_days(r) : day;
}

kl_date kl_wdays_date(const kl_wdays *w, int32_t day)
{
    return in_window(w, day, day) ? w->date[day - w->first] : kl_date_from_days(day);
}

/* ---- the rules --------------------------------------------------------------------------- */

/* The last day of the period a date names: the date itself, the month's last day for a month
 * ("2021-09"), 31 December for a year. false when the date is none or not a date. */
static bool period_end(kl_date d, int32_t *day)
{
    if (!kl_date_is_set(d) || d.month < 0 || d.month > 12)
        return false;
    if (d.month == 0) {
        kl_date e = {d.year, 12, 31};
        *day = kl_date_to_days(e);
        return true;
    }
    if (d.day == 0) {
        kl_date e = {d.year, d.month, (int8_t)kl_days_in_month(d.year, d.month)};
        *day = kl_date_to_days(e);
        return true;
    }
    if (!kl_date_valid(d.year, d.month, d.day))
        return false;
    *day = kl_date_to_days(d);
    return true;
}

/* The first day of the period a date names (for "before" a month or a year). */
static int32_t period_start(kl_date d, int32_t end)
{
    if (d.month == 0) {
        kl_date s = {d.year, 1, 1};
        return kl_date_to_days(s);
    }
    if (d.day == 0) {
        kl_date s = {d.year, d.month, 1};
        return kl_date_to_days(s);
    }
    return end;
}

/* The last day the work may be done, before Art. 148 moves it. SPEC: docs/tracking.md
 * "Effective due date": by, within, approx and event end on the due day (a month or year
 * on its last day); before ends the day before due (before a month or a year: the day
 * before it starts). false when the kind or the row has no date. */
static bool last_allowed(const kl_store_assign_row *r, int32_t *day)
{
    if (r->kind == KL_DUE_NONE || r->kind == KL_DUE_ONGOING)
        return false;
    if (r->has_days) { /* a full date: before ends the day before it */
        if (r->due_day == KL_NO_DAY)
            return false;
        *day = r->kind == KL_DUE_BEFORE ? r->due_day - 1 : r->due_day;
        return true;
    }
    kl_date d = kl_date_is_set(r->due_current) ? r->due_current : r->due;
    int32_t end = 0;
    if (!period_end(d, &end))
        return false;
    *day = r->kind == KL_DUE_BEFORE ? period_start(d, end) - 1 : end;
    return true;
}

/* A fact (done, cancelled) counts when it is dated on or before as_of. A partial date (not
 * expected from the store) counts from the end of its period. */
static bool fact_by(kl_date d, kl_asof as, int32_t *day)
{
    if (!period_end(d, day))
        return false;
    return !as.is_set || *day <= as.day;
}

/* fact_by of a fact given as a day number (KL_NO_DAY: none). */
static bool fact_by_day(int32_t d, kl_asof as, int32_t *day)
{
    *day = d;
    return d != KL_NO_DAY && (!as.is_set || d <= as.day);
}

static bool done_by(const kl_store_assign_row *r, kl_asof as, int32_t *day)
{
    return r->has_days ? fact_by_day(r->done_day, as, day) : fact_by(r->done, as, day);
}

static bool cancelled_by(const kl_store_assign_row *r, kl_asof as, int32_t *day)
{
    return r->has_days ? fact_by_day(r->cancelled_day, as, day) : fact_by(r->cancelled, as, day);
}

static bool never_overdue(kl_due_kind k)
{
    return k == KL_DUE_EVENT || k == KL_DUE_ONGOING || k == KL_DUE_NONE;
}

/* Days late count working days past the deadline, at least 1: a task finished on the
 * Saturday after a Friday deadline is late, even though no working day has passed.
 * SPEC: docs/tracking.md "Days late". */
static int late_days(kl_wdays *w, int32_t eff, int32_t day)
{
    int32_t n = kl_wdays_between(w, eff, day);
    return n < 1 ? 1 : (int)n;
}

/* Status of a confirmed, not cancelled assignment. */
static void live_status(const kl_store_assign_row *r, kl_asof as, kl_wdays *w, bool has_eff,
                        int32_t eff, kl_status_info *out)
{
    int32_t done = 0;
    bool dated = has_eff && !never_overdue(r->kind);
    if (done_by(r, as, &done)) {
        /* SPEC: docs/tracking.md "Done": on or before the effective due is on time. */
        if (dated && done > eff) {
            out->status = KL_ST_DONE_LATE;
            out->days_late = late_days(w, eff, done);
        } else {
            out->status = KL_ST_DONE_ON_TIME;
        }
        out->fallen_due = has_eff;
        return;
    }
    out->status = KL_ST_WITHIN;
    if (!as.is_set || !has_eff)
        return;
    /* SPEC: docs/tracking.md "Fallen due": a dated deadline whose effective due has come. */
    out->fallen_due = eff <= as.day;
    if (!dated)
        return;
    if (as.day > eff) {
        out->status = KL_ST_OVERDUE;
        out->days_late = late_days(w, eff, as.day);
    } else if (kl_wdays_between(w, as.day, eff) <= as.soon) {
        out->status = KL_ST_DUE_SOON;
    }
}

void kl_track_status_w(const kl_store_assign_row *r, kl_asof as, kl_wdays *w, kl_status_info *out)
{
    memset(out, 0, sizeof *out);
    int32_t last = 0, eff = 0, cancelled = 0;
    bool has_eff = last_allowed(r, &last);
    if (has_eff) {
        /* SPEC: docs/tracking.md "Effective due date" (Civil Code 2015 Art. 148). */
        eff = kl_wdays_next(w, last);
        out->effective_due = kl_wdays_date(w, eff);
    }
    if (cancelled_by(r, as, &cancelled)) {
        out->status = KL_ST_CANCELLED;
        return;
    }
    if (r->review != KL_REVIEW_CONFIRMED) {
        out->status = KL_ST_PENDING_REVIEW;
        return;
    }
    live_status(r, as, w, has_eff, eff, out);
}

kl_asof kl_asof_of(kl_date as_of, int due_soon_days)
{
    kl_asof as = {false, 0, due_soon_days > 0 ? due_soon_days : KL_DUE_SOON_DAYS};
    if (kl_date_valid(as_of.year, as_of.month, as_of.day)) {
        as.is_set = true;
        as.day = kl_date_to_days(as_of);
    }
    return as;
}

void kl_track_status(const kl_store_assign_row *r, kl_date as_of, int due_soon_days,
                     const kl_calendar *cal, kl_status_info *out)
{
    kl_wdays w;
    kl_wdays_init(&w, cal, false);
    /* as_of should be a full date (lists and statistics return KL_ERR_USAGE otherwise); a
     * caller that passes none gets the facts as recorded and open rows within. */
    kl_asof as = kl_asof_of(as_of, due_soon_days);
    kl_track_status_w(r, as, &w, out);
    kl_wdays_fini(&w);
}
