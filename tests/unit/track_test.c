/* Unit tests of track: the status rules on hand-built assignment rows (no database), then
 * lists, statistics and exports over a small SQLite database built through the store API in
 * a fresh temporary directory, and the timing of statistics and of an agency's overdue list
 * over a bulk import (printed, not asserted). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "src/base/base.h"
#include "src/cal/cal.h"
#include "src/store/store.h"
#include "src/track/track.h"
#include "src/track/track_int.h"
#include "tests/unit/tmpdir.h"

#define D(y, m, d)                             \
    {                                          \
        (int16_t)(y), (int8_t)(m), (int8_t)(d) \
    }
#define NONE    \
    {           \
        0, 0, 0 \
    }

static kl_date ymd(int y, int m, int d)
{
    kl_date r = {(int16_t)y, (int8_t)m, (int8_t)d};
    return r;
}

static void assert_date(kl_date got, kl_date want, const char *what)
{
    if (kl_date_cmp(got, want) != 0 || got.day != want.day || got.month != want.month) {
        char g[11], w[11];
        kl_date_iso(got, g);
        kl_date_iso(want, w);
        fail_msg("%s: got %s, want %s", what, kl_date_is_set(got) ? g : "none",
                 kl_date_is_set(want) ? w : "none");
    }
}

/* ---- status rules on hand-built rows ----------------------------------------------------- */

typedef struct status_case {
    const char *name;
    kl_due_kind kind;
    kl_date due; /* as written; may be partial */
    kl_date cur; /* current due after extensions; none = due when due is a full date */
    kl_date done, cancelled;
    bool pending;
    kl_date as_of;
    int soon;      /* 0 = default (3) */
    bool no_table; /* NULL calendar: the rules without the announcements table */
    kl_status want;
    kl_date want_eff;
    int want_late;
    bool want_fallen;
} status_case;

static const status_case status_cases[] = {
    /* before versus by on the due day itself (Wednesday 15/9/2021) */
    {"before: done on the due day is late", KL_DUE_BEFORE, D(2021, 9, 15), NONE, D(2021, 9, 15),
     NONE, false, D(2021, 9, 20), 0, false, KL_ST_DONE_LATE, D(2021, 9, 14), 1, true},
    {"by: done on the due day is on time", KL_DUE_BY, D(2021, 9, 15), NONE, D(2021, 9, 15), NONE,
     false, D(2021, 9, 20), 0, false, KL_ST_DONE_ON_TIME, D(2021, 9, 15), 0, true},
    {"before: done the day before is on time", KL_DUE_BEFORE, D(2021, 9, 15), NONE, D(2021, 9, 14),
     NONE, false, D(2021, 9, 20), 0, false, KL_ST_DONE_ON_TIME, D(2021, 9, 14), 0, true},
    {"before: open on the due day is overdue", KL_DUE_BEFORE, D(2021, 9, 15), NONE, NONE, NONE,
     false, D(2021, 9, 15), 0, false, KL_ST_OVERDUE, D(2021, 9, 14), 1, true},
    {"by: open on the due day is due soon and fallen due", KL_DUE_BY, D(2021, 9, 15), NONE, NONE,
     NONE, false, D(2021, 9, 15), 0, false, KL_ST_DUE_SOON, D(2021, 9, 15), 0, true},
    /* a deadline on a Saturday moves to Monday (Art. 148) */
    {"Saturday 18/9: done Monday 20/9 is on time", KL_DUE_BY, D(2021, 9, 18), NONE, D(2021, 9, 20),
     NONE, false, D(2021, 9, 30), 0, false, KL_ST_DONE_ON_TIME, D(2021, 9, 20), 0, true},
    {"Saturday 18/9: open on Tuesday 21/9 is 1 day late", KL_DUE_BY, D(2021, 9, 18), NONE, NONE,
     NONE, false, D(2021, 9, 21), 0, false, KL_ST_OVERDUE, D(2021, 9, 20), 1, true},
    {"Saturday 18/9: open on Monday 20/9 is due soon", KL_DUE_BY, D(2021, 9, 18), NONE, NONE, NONE,
     false, D(2021, 9, 20), 0, false, KL_ST_DUE_SOON, D(2021, 9, 20), 0, true},
    {"Saturday 18/9: as of that Saturday, not yet fallen due", KL_DUE_BY, D(2021, 9, 18), NONE,
     NONE, NONE, false, D(2021, 9, 18), 0, false, KL_ST_DUE_SOON, D(2021, 9, 20), 0, false},
    /* Quốc khánh 2021: the table gives 2-3/9 (Thursday, Friday) off */
    {"2/9/2021: moves to Monday 6/9, done then on time", KL_DUE_BY, D(2021, 9, 2), NONE,
     D(2021, 9, 6), NONE, false, D(2021, 9, 30), 0, false, KL_ST_DONE_ON_TIME, D(2021, 9, 6), 0,
     true},
    {"2/9/2021: done Tuesday 7/9 is 1 day late", KL_DUE_BY, D(2021, 9, 2), NONE, D(2021, 9, 7),
     NONE, false, D(2021, 9, 30), 0, false, KL_ST_DONE_LATE, D(2021, 9, 6), 1, true},
    {"before 3/9/2021: its last day 2/9 is off, moves to 6/9", KL_DUE_BEFORE, D(2021, 9, 3), NONE,
     D(2021, 9, 6), NONE, false, D(2021, 9, 30), 0, false, KL_ST_DONE_ON_TIME, D(2021, 9, 6), 0,
     true},
    {"2/9/2021 by the rules alone (1-2/9 off): moves to 3/9", KL_DUE_BY, D(2021, 9, 2), NONE, NONE,
     NONE, false, D(2021, 9, 3), 0, true, KL_ST_DUE_SOON, D(2021, 9, 3), 0, true},
    /* Tết Tân Sửu: 10-16/2/2021 off */
    {"Tết: 12/2/2021 moves to 17/2", KL_DUE_BY, D(2021, 2, 12), NONE, NONE, NONE, false,
     D(2021, 2, 17), 0, false, KL_ST_DUE_SOON, D(2021, 2, 17), 0, true},
    {"Tết: open on 18/2 is 1 day late", KL_DUE_BY, D(2021, 2, 12), NONE, NONE, NONE, false,
     D(2021, 2, 18), 0, false, KL_ST_OVERDUE, D(2021, 2, 17), 1, true},
    {"across Tết: due 9/2, as of 17/2 is 1 day late", KL_DUE_BY, D(2021, 2, 9), NONE, NONE, NONE,
     false, D(2021, 2, 17), 0, false, KL_ST_OVERDUE, D(2021, 2, 9), 1, true},
    /* within, partial dues */
    {"within October 2021: Sunday 31/10 moves to 1/11", KL_DUE_WITHIN, D(2021, 10, 31), NONE,
     D(2021, 11, 1), NONE, false, D(2021, 11, 30), 0, false, KL_ST_DONE_ON_TIME, D(2021, 11, 1), 0,
     true},
    {"partial due 2021-09 ends 30/9", KL_DUE_WITHIN, D(2021, 9, 0), NONE, NONE, NONE, false,
     D(2021, 9, 30), 0, false, KL_ST_DUE_SOON, D(2021, 9, 30), 0, true},
    {"partial due 2022-04: 30/4, 1/5 off, nghỉ bù 2-3/5, ends 4/5", KL_DUE_WITHIN, D(2022, 4, 0),
     NONE, NONE, NONE, false, D(2022, 5, 4), 0, false, KL_ST_DUE_SOON, D(2022, 5, 4), 0, true},
    {"partial due 2021 ends 31/12", KL_DUE_BY, D(2021, 0, 0), NONE, NONE, NONE, false,
     D(2022, 1, 4), 0, false, KL_ST_OVERDUE, D(2021, 12, 31), 1, true},
    {"before a month: before 10/2021 ends 30/9", KL_DUE_BEFORE, D(2021, 10, 0), NONE,
     D(2021, 10, 1), NONE, false, D(2021, 10, 30), 0, false, KL_ST_DONE_LATE, D(2021, 9, 30), 1,
     true},
    /* approx reads as by */
    {"approx đầu tháng 10: done 1/10 on time", KL_DUE_APPROX, D(2021, 10, 1), NONE, D(2021, 10, 1),
     NONE, false, D(2021, 10, 30), 0, false, KL_ST_DONE_ON_TIME, D(2021, 10, 1), 0, true},
    {"approx đầu tháng 10: done 4/10 is 1 day late", KL_DUE_APPROX, D(2021, 10, 1), NONE,
     D(2021, 10, 4), NONE, false, D(2021, 10, 30), 0, false, KL_ST_DONE_LATE, D(2021, 10, 1), 1,
     true},
    /* event, ongoing and none are never overdue */
    {"event with a date long past is within, fallen due", KL_DUE_EVENT, D(2021, 6, 15), NONE, NONE,
     NONE, false, D(2021, 9, 30), 0, false, KL_ST_WITHIN, D(2021, 6, 15), 0, true},
    {"event with a date done after it is on time", KL_DUE_EVENT, D(2021, 6, 15), NONE,
     D(2021, 9, 1), NONE, false, D(2021, 9, 30), 0, false, KL_ST_DONE_ON_TIME, D(2021, 6, 15), 0,
     true},
    {"event without a date", KL_DUE_EVENT, NONE, NONE, NONE, NONE, false, D(2021, 9, 30), 0, false,
     KL_ST_WITHIN, NONE, 0, false},
    {"ongoing is never overdue", KL_DUE_ONGOING, NONE, NONE, NONE, NONE, false, D(2030, 1, 1), 0,
     false, KL_ST_WITHIN, NONE, 0, false},
    {"ongoing done is on time, not fallen due", KL_DUE_ONGOING, NONE, NONE, D(2021, 9, 1), NONE,
     false, D(2021, 9, 30), 0, false, KL_ST_DONE_ON_TIME, NONE, 0, false},
    {"none is never overdue, even with a stray date", KL_DUE_NONE, D(2021, 1, 4), NONE, NONE, NONE,
     false, D(2021, 9, 30), 0, false, KL_ST_WITHIN, NONE, 0, false},
    /* facts after as_of did not happen yet */
    {"done after as_of: still open, overdue", KL_DUE_BY, D(2021, 9, 15), NONE, D(2021, 9, 20), NONE,
     false, D(2021, 9, 17), 0, false, KL_ST_OVERDUE, D(2021, 9, 15), 2, true},
    {"cancelled after as_of: still open, overdue", KL_DUE_BY, D(2021, 9, 15), NONE, NONE,
     D(2021, 9, 20), false, D(2021, 9, 17), 0, false, KL_ST_OVERDUE, D(2021, 9, 15), 2, true},
    /* cancelled, pending review */
    {"cancelled beats done", KL_DUE_BY, D(2021, 9, 15), NONE, D(2021, 9, 14), D(2021, 9, 16), false,
     D(2021, 9, 30), 0, false, KL_ST_CANCELLED, D(2021, 9, 15), 0, false},
    {"cancelled beats pending review", KL_DUE_BY, D(2021, 9, 15), NONE, NONE, D(2021, 9, 16), true,
     D(2021, 9, 30), 0, false, KL_ST_CANCELLED, D(2021, 9, 15), 0, false},
    {"pending review counts nowhere", KL_DUE_BY, D(2021, 9, 15), NONE, NONE, NONE, true,
     D(2021, 9, 30), 0, false, KL_ST_PENDING_REVIEW, D(2021, 9, 15), 0, false},
    /* due soon boundaries */
    {"due soon: exactly 3 working days (Mon 13 -> Thu 16/9)", KL_DUE_BY, D(2021, 9, 16), NONE, NONE,
     NONE, false, D(2021, 9, 13), 0, false, KL_ST_DUE_SOON, D(2021, 9, 16), 0, false},
    {"due soon: 4 working days is within", KL_DUE_BY, D(2021, 9, 17), NONE, NONE, NONE, false,
     D(2021, 9, 13), 0, false, KL_ST_WITHIN, D(2021, 9, 17), 0, false},
    {"due soon over a weekend: Fri 10 -> Wed 15/9 is 3", KL_DUE_BY, D(2021, 9, 15), NONE, NONE,
     NONE, false, D(2021, 9, 10), 0, false, KL_ST_DUE_SOON, D(2021, 9, 15), 0, false},
    {"due soon with N = 1: next working day", KL_DUE_BY, D(2021, 9, 14), NONE, NONE, NONE, false,
     D(2021, 9, 13), 1, false, KL_ST_DUE_SOON, D(2021, 9, 14), 0, false},
    {"due soon with N = 1: two working days is within", KL_DUE_BY, D(2021, 9, 15), NONE, NONE, NONE,
     false, D(2021, 9, 13), 1, false, KL_ST_WITHIN, D(2021, 9, 15), 0, false},
    /* days late */
    {"days late across a weekend: Fri 10 -> Mon 13/9 is 1", KL_DUE_BY, D(2021, 9, 10), NONE, NONE,
     NONE, false, D(2021, 9, 13), 0, false, KL_ST_OVERDUE, D(2021, 9, 10), 1, true},
    {"days late: the Saturday after a Friday deadline is 1", KL_DUE_BY, D(2021, 9, 10), NONE, NONE,
     NONE, false, D(2021, 9, 11), 0, false, KL_ST_OVERDUE, D(2021, 9, 10), 1, true},
    {"done on the Saturday after a Friday deadline is 1 late", KL_DUE_BY, D(2021, 9, 10), NONE,
     D(2021, 9, 11), NONE, false, D(2021, 9, 30), 0, false, KL_ST_DONE_LATE, D(2021, 9, 10), 1,
     true},
    {"days late across Quốc khánh: due 1/9, as of 6/9 is 1", KL_DUE_BY, D(2021, 9, 1), NONE, NONE,
     NONE, false, D(2021, 9, 6), 0, false, KL_ST_OVERDUE, D(2021, 9, 1), 1, true},
    {"days late over two weeks: before 15/9, as of 30/9 is 12", KL_DUE_BEFORE, D(2021, 9, 15), NONE,
     NONE, NONE, false, D(2021, 9, 30), 0, false, KL_ST_OVERDUE, D(2021, 9, 14), 12, true},
    /* an extension moves the deadline; the original is kept in due */
    {"extended to 30/9: within as of 20/9", KL_DUE_BY, D(2021, 9, 15), D(2021, 9, 30), NONE, NONE,
     false, D(2021, 9, 20), 0, false, KL_ST_WITHIN, D(2021, 9, 30), 0, false},
};

static kl_store_assign_row row_of(const status_case *c)
{
    kl_store_assign_row r;
    memset(&r, 0, sizeof r);
    r.assign_id = 1;
    r.task_id = 1;
    r.agency = "Sở Y tế";
    r.agency_dir_id = -1;
    r.action = "báo cáo";
    r.item = "";
    r.kind = c->kind;
    r.due = c->due;
    /* As the store gives it: the current due as a day, none for a partial due. */
    if (kl_date_is_set(c->cur))
        r.due_current = c->cur;
    else if (kl_date_valid(c->due.year, c->due.month, c->due.day))
        r.due_current = c->due;
    r.done = c->done;
    r.cancelled = c->cancelled;
    r.review = c->pending ? KL_REVIEW_PENDING : KL_REVIEW_CONFIRMED;
    return r;
}

static void test_status_rules(void **state)
{
    kl_calendar *cal = *state;
    for (size_t i = 0; i < sizeof status_cases / sizeof status_cases[0]; i++) {
        const status_case *c = &status_cases[i];
        kl_store_assign_row r = row_of(c);
        kl_status_info st;
        kl_track_status(&r, c->as_of, c->soon, c->no_table ? NULL : cal, &st);
        if (st.status != c->want)
            fail_msg("%s: status %s, want %s", c->name, kl_status_name(st.status),
                     kl_status_name(c->want));
        assert_date(st.effective_due, c->want_eff, c->name);
        if (st.days_late != c->want_late)
            fail_msg("%s: days_late %d, want %d", c->name, st.days_late, c->want_late);
        if (st.fallen_due != c->want_fallen)
            fail_msg("%s: fallen_due %d, want %d", c->name, st.fallen_due, c->want_fallen);
        /* The memo used by lists and statistics gives the same answer. */
        kl_wdays w;
        kl_wdays_init(&w, c->no_table ? NULL : cal, true);
        kl_status_info st2;
        kl_track_status_w(&r, kl_asof_of(c->as_of, c->soon), &w, &st2);
        kl_wdays_fini(&w);
        if (memcmp(&st, &st2, sizeof st) != 0)
            fail_msg("%s: the memo disagrees", c->name);
    }
}

static void test_status_names(void **state)
{
    (void)state;
    for (int s = 0; s < KL_N_STATUS; s++) {
        kl_status back = KL_ST_CANCELLED;
        assert_int_equal(kl_status_parse(kl_status_name((kl_status)s), &back), KL_OK);
        assert_int_equal(back, s);
        assert_true(strlen(kl_status_vi((kl_status)s)) > 0);
    }
    kl_status st;
    assert_int_equal(kl_status_parse("quá hạn", &st), KL_ERR_USAGE);
    assert_int_equal(kl_status_parse(NULL, &st), KL_ERR_USAGE);
    assert_string_equal(kl_status_vi(KL_ST_OVERDUE), "Quá hạn");
    static const struct {
        const char *s;
        int rc;
        kl_export_format f;
    } fmts[] = {
        {"csv", KL_OK, KL_EXPORT_CSV},        {"xlsx", KL_OK, KL_EXPORT_XLSX},
        {"ics", KL_OK, KL_EXPORT_ICS},        {"json", KL_OK, KL_EXPORT_JSON},
        {"CSV", KL_ERR_USAGE, KL_EXPORT_CSV}, {"pdf", KL_ERR_USAGE, KL_EXPORT_CSV},
    };
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        kl_export_format f = KL_EXPORT_CSV;
        assert_int_equal(kl_export_format_parse(fmts[i].s, &f), fmts[i].rc);
        assert_int_equal(f, fmts[i].f);
    }
}

/* The memo's counts equal the calendar's over a long span, holidays and all. */
static void test_wdays_memo(void **state)
{
    kl_calendar *cal = *state;
    kl_wdays w;
    kl_wdays_init(&w, cal, true);
    int32_t a = kl_date_to_days(ymd(2020, 12, 20));
    for (int32_t d = a; d < a + 800; d += 7) {
        kl_date x = kl_date_from_days(d), y = kl_date_from_days(d + 45);
        assert_int_equal(kl_wdays_between(&w, d, d + 45), kl_cal_working_days_between(cal, x, y));
        assert_int_equal(kl_wdays_next(&w, d), kl_date_to_days(kl_cal_next_working_day(cal, x)));
        assert_int_equal(kl_wdays_add(&w, d, 5),
                         kl_date_to_days(kl_cal_add_working_days(cal, x, 5)));
    }
    /* Far outside the first window: the memo grows, and still agrees. */
    int32_t far = kl_date_to_days(ymd(2035, 2, 1));
    assert_int_equal(kl_wdays_between(&w, a, far),
                     kl_cal_working_days_between(cal, ymd(2020, 12, 20), ymd(2035, 2, 1)));
    assert_int_equal(kl_wdays_prev(&w, kl_date_to_days(ymd(2021, 9, 6))),
                     kl_date_to_days(ymd(2021, 9, 1)));
    kl_wdays_fini(&w);
}

/* ---- a small database -------------------------------------------------------------------- */

#define SYT "Sở Y tế"
#define STC "Sở Tài chính"
#define SXD "Sở Xây dựng"
#define N_TASKS 7

static const char NOTICE1[] = "UBND TỈNH LẠNG SƠN\nSố: 125/TB-UBND\nTHÔNG BÁO\n"
                              "Kết luận của Chủ tịch UBND tỉnh (mẫu cho kiểm thử track).\n";
static const char NOTICE2[] = "UBND TỈNH LẠNG SƠN\nSố: 130/TB-UBND\nTHÔNG BÁO\n"
                              "Kết luận khác, chưa rà soát.\n";

#define EVIDENCE1 "Báo cáo số 125/BC-SYT, ngày 14/9/2021"
#define ACTION4 "triển khai \"Chương trình 135\"; kiểm tra, giám sát"
static const char ACTION5[] =
    "xây dựng kế hoạch cải tạo, nâng cấp hệ thống thoát nước đô thị thành phố Lạng Sơn giai "
    "đoạn 2021-2025 và báo cáo kết quả thực hiện";

typedef struct fx {
    char dir[64];
    char db[160];
    kl_store *s;
    kl_calendar *cal;
    int64_t notice1, notice2;
    int64_t task[N_TASKS + 1]; /* T1..T7 of notice 1, T8 of notice 2 */
} fx;

static void path_in(const fx *f, const char *name, char *out, size_t size)
{
    int n = snprintf(out, size, "%s/%s", f->dir, name);
    assert_true(n > 0 && (size_t)n < size);
}

/* T1..T7 (notice 1, confirmed on import) and T8 (notice 2, left pending review). */
static void import_sample(fx *f)
{
    static kl_org syt[1] = {{SYT, 5, false}}, stc[1] = {{STC, 6, false}};
    static kl_org sxd[1] = {{SXD, 8, false}}, syt_stc[2] = {{SYT, 5, false}, {STC, 6, false}};
    kl_task t[N_TASKS];
    memset(t, 0, sizeof t);
    static const struct {
        kl_org *lead;
        size_t n_lead;
        const char *action;
        kl_due_kind kind;
        kl_date due;
    } spec[N_TASKS] = {
        {syt, 1, "tham mưu phương án phòng chống dịch COVID-19, báo cáo UBND tỉnh", KL_DUE_BY,
         D(2021, 9, 15)},
        {syt_stc, 2, "rà soát nguồn vốn đầu tư công", KL_DUE_BEFORE, D(2021, 9, 15)},
        {stc, 1, "bố trí kinh phí", KL_DUE_BY, D(2021, 9, 29)},
        {sxd, 1, ACTION4, KL_DUE_BY, D(2021, 10, 1)},
        {sxd, 1, ACTION5, KL_DUE_BY, D(2021, 7, 1)},
        {syt, 1, "theo dõi, đôn đốc", KL_DUE_ONGOING, NONE},
        {stc, 1, "mua sắm trang thiết bị", KL_DUE_BY, D(2021, 12, 31)},
    };
    for (int i = 0; i < N_TASKS; i++) {
        t[i].item = i < 3 ? "1" : "2";
        t[i].lead = spec[i].lead;
        t[i].n_lead = spec[i].n_lead;
        t[i].action = spec[i].action;
        t[i].deadline.kind = spec[i].kind;
        t[i].deadline.due = spec[i].due;
    }
    kl_extraction x;
    memset(&x, 0, sizeof x);
    x.header.issuer = "UBND tỉnh Lạng Sơn";
    x.header.number = "125";
    x.header.symbol = "TB-UBND";
    x.header.issued = ymd(2021, 9, 10);
    x.tasks = t;
    x.n_tasks = N_TASKS;
    kl_error err;
    kl_err_clear(&err);
    bool was_new = false;
    assert_int_equal(kl_store_notice_import(f->s, "tb125.txt", NOTICE1, strlen(NOTICE1), &x, "{}",
                                            2, true, &f->notice1, &was_new, &err),
                     KL_OK);
    kl_task t8;
    memset(&t8, 0, sizeof t8);
    t8.item = "";
    t8.lead = syt;
    t8.n_lead = 1;
    t8.action = "chuẩn bị báo cáo";
    t8.deadline.kind = KL_DUE_BY;
    t8.deadline.due = ymd(2021, 10, 15);
    x.header.number = "130";
    x.header.issued = ymd(2021, 9, 20);
    x.tasks = &t8;
    x.n_tasks = 1;
    assert_int_equal(kl_store_notice_import(f->s, "tb130.txt", NOTICE2, strlen(NOTICE2), &x, "{}",
                                            2, false, &f->notice2, &was_new, &err),
                     KL_OK);
}

static void task_ids(fx *f, int64_t notice, int64_t *ids, size_t n)
{
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_store_doc *d = NULL;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_notice_text(f->s, notice, &a, &d, &err), KL_OK);
    assert_int_equal(d->n_tasks, n);
    for (size_t i = 0; i < n; i++)
        ids[i] = d->tasks[i].task_id;
    kl_arena_fini(&a);
}

/* The life of the sample as of 30/9/2021 (docs/tracking.md walks through the same figures). */
static void live_sample(fx *f)
{
    kl_error err;
    kl_err_clear(&err);
    int64_t *t = f->task;
    assert_int_equal(
        kl_store_assign_done(f->s, t[0], SYT, ymd(2021, 9, 14), EVIDENCE1, NULL, false, NULL, &err),
        KL_OK);
    assert_int_equal(
        kl_store_assign_done(f->s, t[1], SYT, ymd(2021, 9, 17), NULL, NULL, false, NULL, &err),
        KL_OK);
    /* 31/8 is the first day of the 30 days before 30/9: counts; 30/8 does not. */
    assert_int_equal(kl_store_progress_add(f->s, t[2], STC, ymd(2021, 8, 31), "đang làm", &err),
                     KL_OK);
    assert_int_equal(kl_store_progress_add(f->s, t[4], SXD, ymd(2021, 8, 30), "đang làm", &err),
                     KL_OK);
    assert_int_equal(kl_store_progress_add(f->s, t[5], SYT, ymd(2021, 9, 29), "đã làm", &err),
                     KL_OK);
    assert_int_equal(kl_store_task_cancel(f->s, t[6], ymd(2021, 9, 25), "không còn cần", &err),
                     KL_OK);
    kl_store_edit e;
    memset(&e, 0, sizeof e);
    e.is_key = 1;
    assert_int_equal(kl_store_task_edit(f->s, t[3], &e, &err), KL_OK);
}

static int setup_db(void **state)
{
    fx *f = kl_calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/kl_track_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    path_in(f, "ketluan.db", f->db, sizeof f->db);
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_calendar_open_default(&f->cal, &err), KL_OK);
    assert_int_equal(kl_store_open(&f->s, f->db, &err), KL_OK);
    import_sample(f);
    task_ids(f, f->notice1, f->task, N_TASKS);
    task_ids(f, f->notice2, f->task + N_TASKS, 1);
    live_sample(f);
    *state = f;
    return 0;
}

static int teardown_db(void **state)
{
    fx *f = *state;
    kl_store_close(f->s);
    kl_calendar_free(f->cal);
    kl_test_rm_tree(f->dir);
    kl_free(f);
    return 0;
}

static int setup_cal(void **state)
{
    kl_calendar *cal = NULL;
    assert_int_equal(kl_calendar_open_default(&cal, NULL), KL_OK);
    *state = cal;
    return 0;
}

static int teardown_cal(void **state)
{
    kl_calendar_free(*state);
    return 0;
}

/* ---- lists ------------------------------------------------------------------------------- */

#define MAX_GOT 64

typedef struct got {
    size_t n;
    int64_t assign[MAX_GOT], task[MAX_GOT];
    char agency[MAX_GOT][32];
    kl_status status[MAX_GOT];
    int late[MAX_GOT];
} got;

static int collect(const kl_store_assign_row *r, const kl_status_info *st, void *ctx)
{
    got *g = ctx;
    if (g->n < MAX_GOT) {
        g->assign[g->n] = r->assign_id;
        g->task[g->n] = r->task_id;
        snprintf(g->agency[g->n], sizeof g->agency[0], "%s", r->agency);
        g->status[g->n] = st->status;
        g->late[g->n] = st->days_late;
    }
    g->n++;
    return KL_OK;
}

static got list_of(fx *f, int status, kl_date as_of, const char *agency, size_t limit)
{
    got g;
    memset(&g, 0, sizeof g);
    kl_track_query q;
    memset(&q, 0, sizeof q);
    q.status = status;
    q.as_of = as_of;
    q.filter.agency = agency;
    q.filter.limit = limit;
    kl_error err;
    kl_err_clear(&err);
    int rc = kl_track_list(f->s, f->cal, &q, collect, &g, &err);
    if (rc != KL_OK)
        fail_msg("list: %s", err.msg);
    return g;
}

static void test_list(void **state)
{
    fx *f = *state;
    kl_date sep30 = ymd(2021, 9, 30);
    static const struct {
        int status;
        const char *agency;
        size_t n;
        int task; /* T-number of the first row (1-based), 0 = do not check */
        int late; /* its days late */
    } cases[] = {
        {KL_ST_OVERDUE, NULL, 3, 5, 63}, /* T5 (1/7), T2 Sở Tài chính (15/9), T3 (29/9) */
        {KL_ST_OVERDUE, STC, 2, 2, 12},
        {KL_ST_OVERDUE, SYT, 0, 0, 0},
        {KL_ST_DUE_SOON, NULL, 1, 4, 0},
        {KL_ST_WITHIN, NULL, 1, 6, 0},
        {KL_ST_DONE_ON_TIME, NULL, 1, 1, 0},
        {KL_ST_DONE_LATE, NULL, 1, 2, 3},
        {KL_ST_CANCELLED, NULL, 1, 7, 0},
        {KL_ST_PENDING_REVIEW, NULL, 1, 8, 0},
        {-1, NULL, 9, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        got g = list_of(f, cases[i].status, sep30, cases[i].agency, 0);
        if (g.n != cases[i].n)
            fail_msg("case %zu (%s): %zu rows, want %zu", i,
                     cases[i].status < 0 ? "any" : kl_status_name((kl_status)cases[i].status), g.n,
                     cases[i].n);
        if (cases[i].task > 0) {
            assert_int_equal(g.task[0], f->task[cases[i].task - 1]);
            assert_int_equal(g.late[0], cases[i].late);
        }
    }
    got od = list_of(f, KL_ST_OVERDUE, sep30, NULL, 0);
    assert_int_equal(od.late[1], 12);
    assert_string_equal(od.agency[1], STC);
    assert_int_equal(od.late[2], 1);
    /* Limits count rows of the status asked for, not rows the store read. */
    assert_int_equal(list_of(f, KL_ST_OVERDUE, sep30, NULL, 1).n, 1);
    assert_int_equal(list_of(f, -1, sep30, NULL, 2).n, 2);
    /* As of 16/9 Sở Y tế had not finished T2 (done 17/9): overdue then, 2 days. */
    got past = list_of(f, KL_ST_OVERDUE, ymd(2021, 9, 16), SYT, 0);
    assert_int_equal(past.n, 1);
    assert_int_equal(past.task[0], f->task[1]);
    assert_int_equal(past.late[0], 2);
    kl_track_query q;
    memset(&q, 0, sizeof q);
    q.status = -1;
    kl_error err;
    kl_err_clear(&err);
    got g;
    memset(&g, 0, sizeof g);
    assert_int_equal(kl_track_list(f->s, f->cal, &q, collect, &g, &err), KL_ERR_USAGE);
    q.as_of = sep30;
    q.status = KL_N_STATUS;
    assert_int_equal(kl_track_list(f->s, f->cal, &q, collect, &g, &err), KL_ERR_USAGE);
}

/* Whatever the store is asked to filter, a status list equals the full list filtered by
 * status: the predicates pushed down keep every row that can have the status. */
static void check_pushdown(fx *f, kl_date as_of, const char *agency)
{
    got all = list_of(f, -1, as_of, agency, 0);
    assert_true(all.n <= MAX_GOT);
    for (int s = 0; s < KL_N_STATUS; s++) {
        got one = list_of(f, s, as_of, agency, 0);
        size_t k = 0;
        for (size_t i = 0; i < all.n; i++) {
            if (all.status[i] != (kl_status)s)
                continue;
            if (k >= one.n || one.assign[k] != all.assign[i])
                fail_msg("status %s as of %d-%d-%d: row %zu missing", kl_status_name(s), as_of.year,
                         as_of.month, as_of.day, i);
            k++;
        }
        assert_int_equal(k, one.n);
    }
}

static void test_list_pushdown(void **state)
{
    fx *f = *state;
    kl_date today = kl_date_from_days(kl_track_today());
    kl_date dates[] = {ymd(2021, 7, 1),
                       ymd(2021, 9, 14),
                       ymd(2021, 9, 16),
                       ymd(2021, 9, 30),
                       ymd(2021, 10, 1),
                       today,
                       kl_date_from_days(kl_track_today() + 400)};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        check_pushdown(f, dates[i], NULL);
        check_pushdown(f, dates[i], STC);
    }
}

/* Deadlines given as a month or a year (the library takes them; extraction and the CLI give
 * full dates): lists pushed down to the store, the full list and statistics agree on them. */
static void test_partial_due(void **state)
{
    fx *f = *state;
    static kl_org stc[1] = {{STC, 6, false}}, sxd[1] = {{SXD, 8, false}};
    static const struct {
        kl_org *lead;
        kl_due_kind kind;
        kl_date due;
    } spec[] = {
        {stc, KL_DUE_WITHIN, {2021, 9, 0}},  /* by 30/9/2021 */
        {sxd, KL_DUE_BEFORE, {2021, 10, 0}}, /* by 30/9/2021: before October */
        {stc, KL_DUE_BY, {2021, 0, 0}},      /* by 31/12/2021 */
    };
    for (size_t i = 0; i < sizeof spec / sizeof spec[0]; i++) {
        kl_task t;
        memset(&t, 0, sizeof t);
        t.item = "";
        t.lead = spec[i].lead;
        t.n_lead = 1;
        t.action = "báo cáo kết quả";
        t.deadline.kind = spec[i].kind;
        t.deadline.due = spec[i].due;
        kl_error err;
        kl_err_clear(&err);
        int64_t id = 0;
        assert_int_equal(kl_store_task_add(f->s, 0, &t, false, true, &id, &err), KL_OK);
    }
    kl_date dates[] = {ymd(2021, 9, 30), ymd(2021, 10, 1), ymd(2021, 10, 5), ymd(2022, 1, 4)};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        check_pushdown(f, dates[i], NULL);
        check_pushdown(f, dates[i], STC);
        /* the total of statistics counts what the full list says */
        got all = list_of(f, -1, dates[i], NULL, 0);
        size_t overdue = 0, within = 0;
        for (size_t k = 0; k < all.n; k++) {
            overdue += all.status[k] == KL_ST_OVERDUE;
            within += all.status[k] == KL_ST_WITHIN;
        }
        kl_stats_opts o;
        memset(&o, 0, sizeof o);
        o.as_of = dates[i];
        kl_arena a;
        kl_arena_init(&a, 0);
        kl_stats_row *rows = NULL;
        size_t n = 0;
        kl_error err;
        kl_err_clear(&err);
        assert_int_equal(kl_track_stats(f->s, f->cal, &o, &a, &rows, &n, &err), KL_OK);
        assert_int_equal(rows[n - 1].overdue, overdue);
        assert_int_equal(rows[n - 1].within, within);
        kl_arena_fini(&a);
    }
    /* as of 1/10/2021 the month and the "before October" deadlines have passed */
    got od = list_of(f, KL_ST_OVERDUE, ymd(2021, 10, 5), NULL, 0);
    size_t by_hand = 0;
    for (size_t k = 0; k < od.n; k++)
        by_hand += od.task[k] > f->task[N_TASKS];
    assert_int_equal(by_hand, 2);
}

/* ---- statistics -------------------------------------------------------------------------- */

typedef struct want_row {
    const char *group;
    size_t assigned, fallen_due, on_time, late, overdue, within, due_soon, cancelled, pending;
    double rate;
    size_t l7, l30, lover, open, updated;
    double update_rate;
} want_row;

static void check_row(const kl_stats_row *r, const want_row *w)
{
    if (strcmp(r->group, w->group) != 0)
        fail_msg("group \"%s\", want \"%s\"", r->group, w->group);
    size_t got_n[] = {
        r->assigned,  r->fallen_due,   r->done_on_time, r->done_late,      r->overdue,
        r->within,    r->due_soon,     r->cancelled,    r->pending_review, r->late_1_7,
        r->late_8_30, r->late_over_30, r->open};
    size_t want_n[] = {w->assigned, w->fallen_due, w->on_time,   w->late,    w->overdue,
                       w->within,   w->due_soon,   w->cancelled, w->pending, w->l7,
                       w->l30,      w->lover,      w->open};
    static const char *const names[] = {
        "assigned",  "fallen_due",   "done_on_time", "done_late", "overdue",
        "within",    "due_soon",     "cancelled",    "pending",   "late_1_7",
        "late_8_30", "late_over_30", "open",
    };
    for (size_t i = 0; i < sizeof got_n / sizeof got_n[0]; i++)
        if (got_n[i] != want_n[i])
            fail_msg("%s: %s = %zu, want %zu", w->group, names[i], got_n[i], want_n[i]);
    if (r->on_time_rate < w->rate - 1e-9 || r->on_time_rate > w->rate + 1e-9)
        fail_msg("%s: on-time rate %.4f, want %.4f", w->group, r->on_time_rate, w->rate);
}

/* The update rate apart: it needs the date of the latest report in the facts. */
static void check_updates(const kl_stats_row *r, const want_row *w)
{
    if (r->open_updated != w->updated)
        fail_msg("%s: open_updated = %zu, want %zu", w->group, r->open_updated, w->updated);
    if (r->update_rate < w->update_rate - 1e-9 || r->update_rate > w->update_rate + 1e-9)
        fail_msg("%s: update rate %.4f, want %.4f", w->group, r->update_rate, w->update_rate);
}

static void stats_of(fx *f, const kl_stats_opts *o, kl_arena *a, kl_stats_row **rows, size_t *n)
{
    kl_error err;
    kl_err_clear(&err);
    int rc = kl_track_stats(f->s, f->cal, o, a, rows, n, &err);
    if (rc != KL_OK)
        fail_msg("stats: %s", err.msg);
}

/* As of 30/9/2021 (see live_sample):
 * Sở Tài chính: T2 overdue 12 (8-30), T3 overdue 1 (1-7, report on 31/8), T7 cancelled;
 * Sở Xây dựng: T4 due soon (1/10), T5 overdue 63 (report on 30/8: too old);
 * Sở Y tế: T1 on time, T2 late, T6 ongoing within (report 29/9), T8 pending. */
static const want_row want_by_agency[] = {
    {STC, 2, 2, 0, 0, 2, 0, 0, 1, 0, 0.0, 1, 1, 0, 2, 1, 0.5},
    {SXD, 2, 1, 0, 0, 1, 0, 1, 0, 0, 0.0, 0, 0, 1, 2, 0, 0.0},
    {SYT, 3, 2, 1, 1, 0, 1, 0, 0, 1, 0.5, 0, 0, 0, 1, 1, 1.0},
    {"Tổng cộng", 7, 5, 1, 1, 3, 1, 1, 1, 1, 0.2, 1, 1, 1, 5, 2, 0.4},
};

static void test_stats_agency(void **state)
{
    fx *f = *state;
    const want_row *want = want_by_agency;
    kl_stats_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = ymd(2021, 9, 30);
    o.by = KL_BY_AGENCY;
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_stats_row *rows = NULL;
    size_t n = 0;
    stats_of(f, &o, &a, &rows, &n);
    assert_int_equal(n, sizeof want_by_agency / sizeof want_by_agency[0]);
    for (size_t i = 0; i < n; i++)
        check_row(&rows[i], &want[i]);
    kl_arena_fini(&a);
}

/* Open assignments with a report in the 30 days up to as_of, 31/8 included, 30/8 not. */
static void test_stats_update_rate(void **state)
{
    fx *f = *state;
    kl_stats_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = ymd(2021, 9, 30);
    o.by = KL_BY_AGENCY;
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_stats_row *rows = NULL;
    size_t n = 0;
    stats_of(f, &o, &a, &rows, &n);
    kl_stats_row got_rows[8];
    size_t n_got = n < 8 ? n : 8;
    memcpy(got_rows, rows, n_got * sizeof *rows);
    o.by = KL_BY_NONE;
    o.update_days = 1; /* only T6's report of 29/9 counts */
    stats_of(f, &o, &a, &rows, &n);
    size_t updated_1 = rows[0].open_updated;
    kl_arena_fini(&a); /* before asserting: a failure must not leak it */
    assert_int_equal(n_got, sizeof want_by_agency / sizeof want_by_agency[0]);
    for (size_t i = 0; i < n_got; i++)
        check_updates(&got_rows[i], &want_by_agency[i]);
    assert_int_equal(updated_1, 1);
}

static void test_stats_groups(void **state)
{
    fx *f = *state;
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_stats_row *rows = NULL;
    size_t n = 0;
    kl_stats_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = ymd(2021, 9, 30);
    o.by = KL_BY_MONTH;
    stats_of(f, &o, &a, &rows, &n);
    static const char *const months[] = {"2021-07", "2021-09", "2021-10",
                                         "2021-12", "none",    "Tổng cộng"};
    static const size_t assigned[] = {1, 4, 1, 0, 1, 7};
    assert_int_equal(n, 6);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(rows[i].group, months[i]);
        assert_int_equal(rows[i].assigned, assigned[i]);
    }
    assert_int_equal(rows[2].pending_review, 1); /* T8, due 15/10 */
    assert_int_equal(rows[3].cancelled, 1);      /* T7 */
    o.by = KL_BY_NOTICE;
    stats_of(f, &o, &a, &rows, &n);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0].group, "125/TB-UBND (10/09/2021)");
    assert_int_equal(rows[0].notice_id, f->notice1);
    assert_int_equal(rows[0].assigned, 7);
    assert_string_equal(rows[1].group, "130/TB-UBND (20/09/2021)");
    assert_int_equal(rows[1].pending_review, 1);
    assert_int_equal(rows[1].assigned, 0);
    assert_true(rows[1].on_time_rate < 0 && rows[1].update_rate < 0);
    o.by = KL_BY_NONE;
    o.from = ymd(2021, 9, 1);
    o.to = ymd(2021, 9, 30);
    stats_of(f, &o, &a, &rows, &n);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].assigned, 4); /* T1, T2 x 2, T3: effective due in September */
    assert_int_equal(rows[0].fallen_due, 4);
    o.from = ymd(2021, 9, 15); /* T2's effective due is 14/9: out */
    stats_of(f, &o, &a, &rows, &n);
    assert_int_equal(rows[0].assigned, 2);
    memset(&o, 0, sizeof o);
    o.as_of = ymd(2021, 9, 30);
    o.key_only = true;
    stats_of(f, &o, &a, &rows, &n);
    assert_int_equal(rows[0].assigned, 1);
    assert_int_equal(rows[0].due_soon, 1);
    o.key_only = false;
    o.due_soon_days = 1; /* T4 (1/10) is the next working day: still due soon */
    stats_of(f, &o, &a, &rows, &n);
    assert_int_equal(rows[0].due_soon, 1);
    kl_error err;
    kl_err_clear(&err);
    o.as_of = ymd(2021, 9, 0);
    assert_int_equal(kl_track_stats(f->s, f->cal, &o, &a, &rows, &n, &err), KL_ERR_USAGE);
    o.as_of = ymd(2021, 9, 30);
    o.from = ymd(2021, 10, 1);
    o.to = ymd(2021, 9, 1);
    assert_int_equal(kl_track_stats(f->s, f->cal, &o, &a, &rows, &n, &err), KL_ERR_USAGE);
    kl_arena_fini(&a);
}

/* ---- exports ----------------------------------------------------------------------------- */

/* Not inlined: gcc -O2 otherwise sees its local where the bytes are and warns of a dangling
 * pointer in the caller. */
static __attribute__((noinline)) char *slurp(const char *path, size_t *len)
{
    char *bytes = NULL;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_read_file(path, 1u << 30, &bytes, len, &err), KL_OK);
    return bytes;
}

static void export_to(fx *f, kl_export_format fmt, const char *name, char *path, size_t size)
{
    path_in(f, name, path, size);
    kl_track_query q;
    memset(&q, 0, sizeof q);
    q.status = -1;
    q.as_of = ymd(2021, 9, 30);
    kl_error err;
    kl_err_clear(&err);
    size_t n = 0;
    int rc = kl_track_export(f->s, f->cal, &q, fmt, path, &n, &err);
    if (rc != KL_OK)
        fail_msg("export %s: %s", name, err.msg);
    assert_int_equal(n, 9);
    char part[256];
    snprintf(part, sizeof part, "%s.part", path);
    assert_int_equal(access(part, F_OK), -1);
}

/* A tiny RFC 4180 reader: fields of one record into out (arena copies); returns the byte
 * after the record's CRLF, or NULL at the end. A bare LF or a stray quote fails the test. */
static const char *csv_record(const char *p, const char *end, kl_arena *a, char **out, size_t max,
                              size_t *n)
{
    *n = 0;
    if (p >= end)
        return NULL;
    kl_buf field;
    kl_buf_init(&field, 0);
    for (;;) {
        kl_buf_reset(&field);
        if (p < end && *p == '"') {
            for (p++;; p++) {
                assert_true(p < end);
                if (*p == '"' && p + 1 < end && p[1] == '"')
                    kl_buf_appendc(&field, *p++);
                else if (*p == '"')
                    break;
                else
                    kl_buf_appendc(&field, *p);
            }
            p++;
        } else {
            while (p < end && *p != ',' && *p != '\r' && *p != '\n') {
                assert_true(*p != '"');
                kl_buf_appendc(&field, *p++);
            }
        }
        assert_true(*n < max);
        out[(*n)++] = kl_arena_strndup(a, field.len ? field.p : "", field.len);
        assert_true(p < end);
        if (*p == ',') {
            p++;
            continue;
        }
        assert_true(p + 1 < end && p[0] == '\r' && p[1] == '\n');
        kl_buf_fini(&field);
        return p + 2;
    }
}

static void test_export_csv(void **state)
{
    fx *f = *state;
    char path[256];
    export_to(f, KL_EXPORT_CSV, "tasks.csv", path, sizeof path);
    size_t len = 0;
    char *p = slurp(path, &len);
    assert_true(len > 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0);
    static const char header[] =
        "Mã NV,Thông báo,Mục,Cơ quan,Nội dung,Thời hạn,Loại thời hạn,Hạn thực tế,Trạng thái,"
        "Số ngày trễ,Báo cáo gần nhất,Hoàn thành,Văn bản báo cáo,Số lần gia hạn,Trọng tâm\r\n";
    assert_memory_equal(p + 3, header, sizeof header - 1);
    kl_arena a;
    kl_arena_init(&a, 0);
    char *fld[32];
    size_t n = 0, rows = 0;
    const char *q = p + 3, *end = p + len;
    bool saw_t1 = false, saw_t4 = false, saw_t2 = false;
    while ((q = csv_record(q, end, &a, fld, 32, &n)) != NULL) {
        assert_int_equal(n, KL_N_XCOL);
        if (rows++ == 0)
            continue;
        if (strcmp(fld[KL_XCOL_EVIDENCE], EVIDENCE1) == 0) {
            saw_t1 = true;
            assert_string_equal(fld[KL_XCOL_STATUS], "Hoàn thành đúng hạn");
            assert_string_equal(fld[KL_XCOL_DONE], "14/09/2021");
            assert_string_equal(fld[KL_XCOL_NOTICE], "125/TB-UBND");
        }
        if (strcmp(fld[KL_XCOL_ACTION], ACTION4) == 0) {
            saw_t4 = true;
            assert_string_equal(fld[KL_XCOL_KEY], "Có");
            assert_string_equal(fld[KL_XCOL_STATUS], "Sắp đến hạn");
        }
        if (strcmp(fld[KL_XCOL_AGENCY], STC) == 0 && strcmp(fld[KL_XCOL_DUE], "15/09/2021") == 0) {
            saw_t2 = true;
            assert_string_equal(fld[KL_XCOL_KIND], "trước ngày");
            assert_string_equal(fld[KL_XCOL_EFFECTIVE], "14/09/2021");
            assert_string_equal(fld[KL_XCOL_STATUS], "Quá hạn");
            assert_string_equal(fld[KL_XCOL_DAYS_LATE], "12");
        }
    }
    assert_int_equal(rows, 10);
    assert_true(saw_t1 && saw_t2 && saw_t4);
    /* The quoting itself, byte for byte. */
    assert_non_null(strstr(p, ",\"" EVIDENCE1 "\","));
    assert_non_null(strstr(p, ",\"triển khai \"\"Chương trình 135\"\"; kiểm tra, giám sát\","));
    kl_arena_fini(&a);
    kl_free(p);
}

static bool utf8_ok(const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t k = p[i] < 0x80             ? 1
                   : (p[i] & 0xE0) == 0xC0 ? 2
                   : (p[i] & 0xF0) == 0xE0 ? 3
                   : (p[i] & 0xF8) == 0xF0 ? 4
                                           : 0;
        if (k == 0 || i + k > len)
            return false;
        for (size_t j = 1; j < k; j++)
            if ((p[i + j] & 0xC0) != 0x80)
                return false;
        i += k;
    }
    return true;
}

static void test_export_ics(void **state)
{
    fx *f = *state;
    char path[256];
    export_to(f, KL_EXPORT_ICS, "tasks.ics", path, sizeof path);
    size_t len = 0;
    char *p = slurp(path, &len);
    assert_true(len > 2 && memcmp(p + len - 2, "\r\n", 2) == 0);
    size_t todos = 0, lines = 0, folded = 0;
    kl_buf unfolded;
    kl_buf_init(&unfolded, 0);
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(p + i, '\n', len - i);
        assert_non_null(nl);
        size_t end = (size_t)(nl - p);
        assert_true(end > i && p[end - 1] == '\r'); /* CRLF, never a bare LF */
        size_t n = end - 1 - i;
        assert_true(n <= 75);
        assert_true(utf8_ok((const unsigned char *)p + i, n));
        if (p[i] == ' ') {
            folded++;
            kl_buf_append(&unfolded, p + i + 1, n - 1);
        } else {
            if (lines++ > 0)
                kl_buf_appendc(&unfolded, '\n');
            kl_buf_append(&unfolded, p + i, n);
        }
        todos += n == 11 && memcmp(p + i, "BEGIN:VTODO", 11) == 0;
        i = end + 1;
    }
    assert_int_equal(todos, 9);
    assert_true(folded > 0);
    const char *u = unfolded.p;
    assert_true(strncmp(u, "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:", 35) == 0);
    assert_non_null(strstr(u, "SUMMARY:" SXD ": xây dựng kế hoạch cải tạo\\, nâng cấp"));
    assert_non_null(strstr(u, "SUMMARY:" SXD ": triển khai \"Chương trình 135\"\\; kiểm tra\\, "
                              "giám sát\n"));
    assert_non_null(strstr(u, "DUE;VALUE=DATE:20210914\n"));
    assert_non_null(strstr(u, "STATUS:COMPLETED\nCOMPLETED:20210914T000000Z\n"));
    assert_non_null(strstr(u, "STATUS:CANCELLED\n"));
    assert_non_null(strstr(u, "DESCRIPTION:Thông báo số 125/TB-UBND ngày 10/09/2021\\nThời hạn: "
                              "trước ngày 15/09/2021"));
    char uid[96];
    snprintf(uid, sizeof uid, "\nUID:task-%lld-assign-", (long long)f->task[0]);
    assert_non_null(strstr(u, uid));
    assert_true(strstr(u, "\nEND:VCALENDAR") != NULL);
    /* The ongoing task has no date: no DUE line in its VTODO. */
    const char *t6 = strstr(u, "SUMMARY:" SYT ": theo dõi\\, đôn đốc\n");
    assert_non_null(t6);
    const char *t6_end = strstr(t6, "END:VTODO");
    assert_non_null(t6_end);
    const char *due = strstr(t6, "DUE;");
    assert_true(!due || due > t6_end);
    kl_buf_fini(&unfolded);
    kl_free(p);
}

static void test_ics_fold(void **state)
{
    (void)state;
    /* 80 bytes of "ệ" (3 bytes each) after a 10-byte name: every cut falls before a lead
     * byte, and the pieces join back to the line. */
    kl_buf line, out;
    kl_buf_init(&line, 0);
    kl_buf_init(&out, 0);
    kl_buf_appends(&line, "SUMMARY:ab");
    for (int i = 0; i < 80; i++)
        kl_buf_appends(&line, "ệ");
    assert_int_equal(kl_ics_fold(&out, line.p, line.len), KL_OK);
    kl_buf back;
    kl_buf_init(&back, 0);
    for (size_t i = 0; i < out.len;) {
        const char *crlf = strstr(out.p + i, "\r\n");
        assert_non_null(crlf);
        size_t n = (size_t)(crlf - (out.p + i));
        assert_true(n <= 75);
        assert_true(utf8_ok((const unsigned char *)out.p + i + (i > 0), n - (i > 0)));
        kl_buf_append(&back, out.p + i + (i > 0), n - (i > 0));
        i += n + 2;
    }
    assert_int_equal(back.len, line.len);
    assert_memory_equal(back.p, line.p, line.len);
    kl_buf_reset(&out);
    assert_int_equal(kl_ics_text(&out, "a,b;c\\d\r\ne", 10), KL_OK);
    assert_string_equal(out.p, "a\\,b\\;c\\\\d\\ne");
    kl_buf_fini(&line);
    kl_buf_fini(&out);
    kl_buf_fini(&back);
}

static void test_export_xlsx(void **state)
{
    fx *f = *state;
    char path[256];
    export_to(f, KL_EXPORT_XLSX, "tasks.xlsx", path, sizeof path);
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    assert_non_null(z);
    static const struct {
        const char *member;
        const char *needle;
    } want[] = {
        {"xl/worksheets/sheet1.xml", "Hạn thực tế"},
        {"xl/worksheets/sheet1.xml", "Văn bản báo cáo"},
        {"xl/worksheets/sheet1.xml", "<autoFilter ref=\"A1:O10\""},
        {"xl/worksheets/sheet1.xml", "state=\"frozen\""},
        {"xl/worksheets/sheet1.xml", "Chương trình 135"},
        {"xl/styles.xml", "dd/mm/yyyy"},
        {"xl/workbook.xml", "Nhiệm vụ"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        zip_stat_t zs;
        assert_int_equal(zip_stat(z, want[i].member, 0, &zs), 0);
        zip_file_t *zf = zip_fopen(z, want[i].member, 0);
        assert_non_null(zf);
        char *buf = kl_malloc((size_t)zs.size + 1);
        assert_non_null(buf);
        assert_int_equal(zip_fread(zf, buf, zs.size), (zip_int64_t)zs.size);
        buf[zs.size] = '\0';
        zip_fclose(zf);
        if (!strstr(buf, want[i].needle))
            fail_msg("%s does not hold %s", want[i].member, want[i].needle);
        kl_free(buf);
    }
    zip_close(z);
}

/* ---- a tiny JSON checker ----------------------------------------------------------------- */

static const char *json_value(const char *p, int depth);

static const char *json_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    return p;
}

static const char *json_string(const char *p)
{
    if (*p++ != '"')
        return NULL;
    while (*p && *p != '"') {
        if ((unsigned char)*p < 0x20)
            return NULL;
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
                        return NULL;
                p += 4;
            } else if (!*p || !strchr("\"\\/bfnrt", *p)) {
                return NULL;
            }
        }
        p++;
    }
    return *p == '"' ? p + 1 : NULL;
}

static const char *json_number(const char *p)
{
    const char *s = p;
    if (*p == '-')
        p++;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++) {
        }
    return p > s ? p : NULL;
}

static const char *json_seq(const char *p, int depth, char close, bool keyed)
{
    p = json_ws(p + 1);
    if (*p == close)
        return p + 1;
    for (;;) {
        if (keyed) {
            p = json_string(p);
            if (!p || *(p = json_ws(p)) != ':')
                return NULL;
            p++;
        }
        p = json_value(p, depth + 1);
        if (!p)
            return NULL;
        p = json_ws(p);
        if (*p == close)
            return p + 1;
        if (*p++ != ',')
            return NULL;
    }
}

static const char *json_value(const char *p, int depth)
{
    p = json_ws(p);
    if (depth > 32)
        return NULL;
    if (*p == '{')
        return json_seq(p, depth, '}', true);
    if (*p == '[')
        return json_seq(p, depth, ']', false);
    if (*p == '"')
        return json_string(p);
    if (strncmp(p, "true", 4) == 0 || strncmp(p, "null", 4) == 0)
        return p + 4;
    if (strncmp(p, "false", 5) == 0)
        return p + 5;
    return json_number(p);
}

static bool json_ok(const char *p)
{
    const char *e = json_value(p, 0);
    return e && *json_ws(e) == '\0';
}

static void test_export_json(void **state)
{
    fx *f = *state;
    char path[256];
    export_to(f, KL_EXPORT_JSON, "tasks.json", path, sizeof path);
    size_t len = 0;
    char *p = slurp(path, &len);
    assert_true(json_ok(p));
    size_t objects = 0;
    for (const char *q = p; (q = strstr(q, "{\"task_id\":")) != NULL; q++)
        objects++;
    assert_int_equal(objects, 9);
    static const char *const keys[] = {
        "\"task_id\":",
        "\"notice_id\":",
        "\"agency\":",
        "\"action\":",
        "\"due\":",
        "\"kind\":",
        "\"effective_due\":",
        "\"status\":",
        "\"days_late\":",
        "\"last_progress\":",
        "\"done\":",
        "\"evidence\":",
        "\"n_extensions\":",
        "\"key\":",
        "\"notice\":\"125/TB-UBND\"",
        "\"status\":\"overdue\",\"days_late\":12",
        "\"kind\":\"before\",\"effective_due\":\"2021-09-14\"",
        "\"last_progress\":\"2021-08-31\"",
        "\"done\":\"2021-09-14\"",
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!strstr(p, keys[i]))
            fail_msg("JSON export lacks %s", keys[i]);
    kl_free(p);
    /* One row alone, with strings that need escaping. */
    kl_store_assign_row r;
    memset(&r, 0, sizeof r);
    r.task_id = 3;
    r.agency = "Sở \"A\"\\B";
    r.action = "dòng 1\ndòng 2\t";
    r.kind = KL_DUE_BY;
    kl_status_info st;
    memset(&st, 0, sizeof st);
    kl_buf b;
    kl_buf_init(&b, 0);
    assert_int_equal(kl_track_row_json(&r, &st, &b), KL_OK);
    assert_true(json_ok(b.p));
    assert_non_null(strstr(b.p, "\"notice_id\":null,\"notice\":null"));
    assert_non_null(strstr(b.p, "{\"task_id\":3,\"assign_id\":0,"));
    /* a notice label that must be escaped, and one too long for the short path */
    r.notice_id = 9;
    r.notice_number = "12\"3";
    r.notice_symbol = "TB-UBND";
    st.days_late = -4;
    kl_buf_reset(&b);
    assert_int_equal(kl_track_row_json(&r, &st, &b), KL_OK);
    assert_true(json_ok(b.p));
    assert_non_null(strstr(b.p, "\"notice_id\":9,\"notice\":\"12\\\"3/TB-UBND\""));
    assert_non_null(strstr(b.p, "\"days_late\":-4,"));
    char long_number[400];
    memset(long_number, '7', sizeof long_number - 1);
    long_number[sizeof long_number - 1] = '\0';
    r.notice_number = long_number;
    kl_buf_reset(&b);
    assert_int_equal(kl_track_row_json(&r, &st, &b), KL_OK);
    assert_true(json_ok(b.p));
    assert_non_null(strstr(b.p, "7777/TB-UBND\""));
    kl_buf_fini(&b);
}

static void test_export_errors(void **state)
{
    fx *f = *state;
    kl_track_query q;
    memset(&q, 0, sizeof q);
    q.status = -1;
    q.as_of = ymd(2021, 9, 30);
    static const kl_export_format fmts[] = {KL_EXPORT_CSV, KL_EXPORT_XLSX, KL_EXPORT_ICS,
                                            KL_EXPORT_JSON};
    char path[256];
    path_in(f, "missing-dir/out.x", path, sizeof path);
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        kl_error err;
        kl_err_clear(&err);
        int rc = kl_track_export(f->s, f->cal, &q, fmts[i], path, NULL, &err);
        assert_int_equal(rc, KL_ERR_IO);
        assert_int_equal(err.code, KL_ERR_IO);
        assert_non_null(strstr(err.msg, "out.x"));
    }
    /* A failed export leaves nothing: an as-of that is not a date fails after the file was
     * opened, and the .part goes away. */
    path_in(f, "bad.csv", path, sizeof path);
    q.as_of = ymd(2021, 9, 0);
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_track_export(f->s, f->cal, &q, KL_EXPORT_CSV, path, NULL, &err),
                     KL_ERR_USAGE);
    assert_int_equal(access(path, F_OK), -1);
    char part[300];
    snprintf(part, sizeof part, "%s.part", path);
    assert_int_equal(access(part, F_OK), -1);
}

/* ---- timing over a bulk import (printed, not asserted) ----------------------------------- */

#if defined(__SANITIZE_ADDRESS__)
#define TRACK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TRACK_ASAN 1
#endif
#endif
#ifdef TRACK_ASAN
#define BULK_DEFAULT 50000u
#else
#define BULK_DEFAULT 200000u
#endif
#define BULK_PER_NOTICE 5000
#define BULK_AGENCIES 40

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* KL_TRACK_BULK=N overrides the number of assignments (e.g. 1000000 for the issue's
 * target, outside the sanitizer build). */
static size_t bulk_count(void)
{
    const char *s = getenv("KL_TRACK_BULK");
    uint32_t v = 0;
    if (s && kl_parse_u32(s, strlen(s), 50000000u, &v) == strlen(s) && v > 0)
        return v;
    return BULK_DEFAULT;
}

/* One notice of BULK_PER_NOTICE tasks, a quarter of them with two leads; dues spread over
 * 500 days before today to 200 after, kinds mixed as in real notices. Returns assignments. */
static size_t bulk_notice(kl_store *s, int no, int32_t today, kl_org *orgs, kl_arena *a)
{
    static const kl_due_kind kinds[10] = {
        KL_DUE_BY,     KL_DUE_BY,     KL_DUE_BY,     KL_DUE_BY,      KL_DUE_BY,
        KL_DUE_BEFORE, KL_DUE_WITHIN, KL_DUE_APPROX, KL_DUE_ONGOING, KL_DUE_NONE,
    };
    kl_task *t = kl_arena_calloc(a, BULK_PER_NOTICE, sizeof *t);
    assert_non_null(t);
    size_t n_assign = 0;
    for (int i = 0; i < BULK_PER_NOTICE; i++) {
        int k = no * BULK_PER_NOTICE + i;
        t[i].item = "";
        t[i].lead = &orgs[(k * 7) % (BULK_AGENCIES - 1)];
        t[i].n_lead = k % 4 == 0 ? 2 : 1;
        n_assign += t[i].n_lead;
        t[i].action = kl_arena_printf(a, "nhiệm vụ thử số %d về rà soát, báo cáo", k);
        t[i].deadline.kind = kinds[k % 10];
        if (kinds[k % 10] != KL_DUE_ONGOING && kinds[k % 10] != KL_DUE_NONE)
            t[i].deadline.due = kl_date_from_days(today - 500 + (int32_t)((k * 7919) % 700));
    }
    kl_extraction x;
    memset(&x, 0, sizeof x);
    x.header.number = kl_arena_printf(a, "%d", no + 1);
    x.header.symbol = "TB-UBND";
    x.header.issued = kl_date_from_days(today - 500);
    x.tasks = t;
    x.n_tasks = BULK_PER_NOTICE;
    const char *text = kl_arena_printf(a, "Thông báo thử số %d/TB-UBND", no + 1);
    int64_t id = 0;
    bool was_new = false;
    kl_error err;
    kl_err_clear(&err);
    int rc = kl_store_notice_import(s, "bulk.txt", text, strlen(text), &x, "{}", 2, true, &id,
                                    &was_new, &err);
    if (rc != KL_OK)
        fail_msg("bulk import: %s", err.msg);
    return n_assign;
}

static int count_only(const kl_store_assign_row *r, const kl_status_info *st, void *ctx)
{
    (void)r;
    size_t *n = ctx;
    n[st->status]++;
    n[KL_N_STATUS]++;
    return KL_OK;
}

/* Each status list of q's agency, as of today (the "now" pushdown), has as many rows as the
 * full list has rows of that status. Returns the full list's length. */
static size_t check_counts(fx *f, kl_track_query *q)
{
    size_t all[KL_N_STATUS + 1], counts[KL_N_STATUS + 1];
    memset(all, 0, sizeof all);
    q->status = -1;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_track_list(f->s, f->cal, q, count_only, all, &err), KL_OK);
    for (int s = 0; s < KL_N_STATUS; s++) {
        memset(counts, 0, sizeof counts);
        q->status = s;
        assert_int_equal(kl_track_list(f->s, f->cal, q, count_only, counts, &err), KL_OK);
        assert_int_equal(counts[KL_N_STATUS], all[s]);
    }
    return all[KL_N_STATUS];
}

static void test_bulk_timing(void **state)
{
    fx *f = *state;
    size_t want = bulk_count(), n_assign = 0;
    int32_t today = kl_track_today();
    kl_org orgs[BULK_AGENCIES];
    char names[BULK_AGENCIES][40];
    for (int i = 0; i < BULK_AGENCIES; i++) {
        snprintf(names[i], sizeof names[i], "Sở Thử nghiệm %02d", i);
        orgs[i] = (kl_org){names[i], -1, false};
    }
    kl_arena a;
    kl_arena_init(&a, 0);
    double t0 = now_ms();
    for (int no = 0; n_assign < want; no++) {
        n_assign += bulk_notice(f->s, no, today, orgs, &a);
        kl_arena_reset(&a);
    }
    double t_import = now_ms() - t0;
    kl_stats_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = kl_date_from_days(today);
    o.by = KL_BY_AGENCY;
    kl_stats_row *rows = NULL;
    size_t n_rows = 0;
    double best_stats = 1e9;
    for (int rep = 0; rep < 3; rep++) {
        t0 = now_ms();
        stats_of(f, &o, &a, &rows, &n_rows);
        double t = now_ms() - t0;
        best_stats = t < best_stats ? t : best_stats;
    }
    assert_int_equal(rows[n_rows - 1].assigned + rows[n_rows - 1].pending_review, n_assign);
    kl_track_query q;
    memset(&q, 0, sizeof q);
    q.status = KL_ST_OVERDUE;
    q.as_of = o.as_of;
    q.filter.agency = names[7];
    size_t counts[KL_N_STATUS + 1];
    double best_list = 1e9;
    for (int rep = 0; rep < 3; rep++) {
        memset(counts, 0, sizeof counts);
        kl_error err;
        kl_err_clear(&err);
        t0 = now_ms();
        assert_int_equal(kl_track_list(f->s, f->cal, &q, count_only, counts, &err), KL_OK);
        double t = now_ms() - t0;
        best_list = t < best_list ? t : best_list;
    }
    size_t overdue = counts[KL_ST_OVERDUE];
    assert_int_equal(counts[KL_N_STATUS], overdue);
    size_t total = check_counts(f, &q);
    assert_true(total >= overdue);
    printf("[ track    ] %zu assignments (%s build): import %.0f ms; stats --by agency %.1f ms "
           "(%.0f ms per million); overdue list of one agency %.2f ms (%zu rows of %zu)\n",
           n_assign,
#ifdef TRACK_ASAN
           "ASan",
#else
           "plain",
#endif
           t_import, best_stats, best_stats * 1e6 / (double)n_assign, best_list, overdue, total);
    kl_arena_fini(&a);
}

static int setup_empty(void **state)
{
    fx *f = kl_calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/kl_track_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    path_in(f, "bulk.db", f->db, sizeof f->db);
    assert_int_equal(kl_calendar_open_default(&f->cal, NULL), KL_OK);
    assert_int_equal(kl_store_open(&f->s, f->db, NULL), KL_OK);
    *state = f;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_status_rules, setup_cal, teardown_cal),
        cmocka_unit_test(test_status_names),
        cmocka_unit_test_setup_teardown(test_wdays_memo, setup_cal, teardown_cal),
        cmocka_unit_test(test_ics_fold),
        cmocka_unit_test_setup_teardown(test_list, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_list_pushdown, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_partial_due, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_stats_agency, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_stats_groups, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_stats_update_rate, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_export_csv, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_export_ics, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_export_xlsx, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_export_json, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_export_errors, setup_db, teardown_db),
        cmocka_unit_test_setup_teardown(test_bulk_timing, setup_empty, teardown_db),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
