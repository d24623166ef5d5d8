/* Unit tests for cal/: the Vietnamese lunar calendar, public holidays, the announcements
 * table and working-day arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "src/base/base.h"
#include "src/cal/cal.h"

static kl_date date(int y, int m, int d)
{
    kl_date r = {(int16_t)y, (int8_t)m, (int8_t)d};
    return r;
}

static kl_date iso(const char *s)
{
    kl_date d = {0, 0, 0};
    if (s)
        assert_int_equal(kl_date_parse(s, &d), KL_OK);
    return d;
}

static void assert_date(kl_date got, const char *want, const char *what)
{
    char buf[11] = "null";
    if (got.year)
        kl_date_iso(got, buf);
    if (strcmp(buf, want ? want : "null") != 0)
        fail_msg("%s: got %s, want %s", what, buf, want ? want : "null");
}

/* ---- lunar calendar --------------------------------------------------------------------- */

static void test_lunar_known_dates(void **state)
{
    (void)state;
    /* Tết (1/1) and Giỗ Tổ (10/3) as Vietnam observed or will observe them. 1985, 2007 and
     * 2030 are years where UTC+7 and China's UTC+8 give different days (China: 1985-02-20,
     * 2007-02-18, 2030-02-03: the new moon of 2 Feb 2030 is at 23:07 in Hanoi). */
    static const struct {
        int lunar_year, month, day;
        const char *greg;
    } cases[] = {
        {1968, 1, 1, "1968-01-29"},   {1985, 1, 1, "1985-01-21"},   {2007, 1, 1, "2007-02-17"},
        {2019, 1, 1, "2019-02-05"},   {2020, 1, 1, "2020-01-25"},   {2021, 1, 1, "2021-02-12"},
        {2022, 1, 1, "2022-02-01"},   {2023, 1, 1, "2023-01-22"},   {2024, 1, 1, "2024-02-10"},
        {2025, 1, 1, "2025-01-29"},   {2026, 1, 1, "2026-02-17"},   {2030, 1, 1, "2030-02-02"},
        {2021, 3, 10, "2021-04-21"},  {2022, 3, 10, "2022-04-10"},  {2023, 3, 10, "2023-04-29"},
        {2024, 3, 10, "2024-04-18"},  {2025, 3, 10, "2025-04-07"},  {2021, 7, 26, "2021-09-02"},
        {2022, 12, 30, "2023-01-21"}, {2024, 12, 29, "2025-01-28"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "%d/%d/%d", cases[i].day, cases[i].month, cases[i].lunar_year);
        assert_date(kl_cal_from_lunar(cases[i].lunar_year, cases[i].month, cases[i].day, false),
                    cases[i].greg, what);
        int y, m, d;
        bool leap;
        kl_cal_to_lunar(iso(cases[i].greg), &y, &m, &d, &leap);
        assert_int_equal(y, cases[i].lunar_year);
        assert_int_equal(m, cases[i].month);
        assert_int_equal(d, cases[i].day);
        assert_false(leap);
    }
}

static void test_lunar_leap_months(void **state)
{
    (void)state;
    /* First day of each leap month (tháng nhuận) 2012-2033; 2033's leap 11 is the year the
     * old Chinese-derived rules disagreed on. */
    static const struct {
        int lunar_year, month;
        const char *greg;
    } cases[] = {
        {2012, 4, "2012-05-21"}, {2014, 9, "2014-10-24"}, {2017, 6, "2017-07-23"},
        {2020, 4, "2020-05-23"}, {2023, 2, "2023-03-22"}, {2025, 6, "2025-07-25"},
        {2028, 5, "2028-06-23"}, {2031, 3, "2031-04-21"}, {2033, 11, "2033-12-22"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_date(kl_cal_from_lunar(cases[i].lunar_year, cases[i].month, 1, true), cases[i].greg,
                    "leap month");
        int y, m, d;
        bool leap;
        kl_cal_to_lunar(iso(cases[i].greg), &y, &m, &d, &leap);
        assert_int_equal(m, cases[i].month);
        assert_int_equal(d, 1);
        assert_true(leap);
    }
}

static void test_lunar_impossible(void **state)
{
    (void)state;
    static const struct {
        int lunar_year, month, day;
        bool leap;
    } cases[] = {
        {2021, 4, 1, true},    /* 2021 has no leap month */
        {2020, 5, 1, true},    /* 2020's leap month is the 4th */
        {2021, 12, 30, false}, /* month 12 of Tân Sửu had 29 days (Tết 2022 = 1 Feb) */
        {2021, 0, 1, false},   {2021, 13, 1, false}, {2021, 1, 0, false},
        {2021, 1, 31, false},  {-5, 1, 1, false},    {30000, 1, 1, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_date(
            kl_cal_from_lunar(cases[i].lunar_year, cases[i].month, cases[i].day, cases[i].leap),
            NULL, "impossible lunar date");
    int y = 1, m = 1, d = 1;
    bool leap = true;
    kl_cal_to_lunar(date(2021, 2, 30), &y, &m, &d, &leap);
    assert_true(y == 0 && m == 0 && d == 0 && !leap);
}

/* Every day of 1900-2199 converts to a lunar date and back to itself, and the lunar day
 * advances by one each day (or restarts at 1). */
static void test_lunar_round_trip(void **state)
{
    (void)state;
    int32_t first = kl_date_to_days(date(1900, 1, 1));
    int32_t last = kl_date_to_days(date(2199, 12, 31));
    int prev_day = 0;
    for (int32_t z = first; z <= last; z++) {
        kl_date d = kl_date_from_days(z);
        int y, m, ld;
        bool leap;
        kl_cal_to_lunar(d, &y, &m, &ld, &leap);
        kl_date back = kl_cal_from_lunar(y, m, ld, leap);
        if (kl_date_cmp(back, d) != 0) {
            char a[11];
            kl_date_iso(d, a);
            fail_msg("%s -> %d/%d/%d%s does not come back", a, ld, m, y, leap ? "L" : "");
        }
        assert_true(ld == 1 || ld == prev_day + 1);
        assert_true(ld >= 1 && ld <= 30);
        prev_day = ld;
    }
}

/* ---- holidays and working days ---------------------------------------------------------- */

static kl_calendar *open_default(void)
{
    kl_calendar *c = NULL;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_calendar_open_default(&c, &err), KL_OK);
    assert_non_null(c);
    return c;
}

static void test_holidays(void **state)
{
    (void)state;
    /* rules = the NULL calendar (no announcements), table = the default calendar. */
    static const struct {
        const char *day;
        bool rules, table;
        const char *name; /* in the default calendar */
    } cases[] = {
        {"2021-01-01", true, true, "Tết Dương lịch"},
        {"2021-02-10", false, true, "Tết Nguyên đán"}, /* announced, 29 tháng Chạp */
        {"2021-02-11", true, true, "Tết Nguyên đán"},  /* rule: last day of the year */
        {"2021-02-16", true, true, "Tết Nguyên đán"},  /* rule: nghỉ bù for Sat 13 */
        {"2021-02-17", true, false, NULL},             /* rule: nghỉ bù for Sun 14 */
        {"2021-04-21", true, true, "Giỗ Tổ Hùng Vương"},
        {"2021-04-30", true, true, "Ngày Chiến thắng"},
        {"2021-05-01", true, true, "Ngày Quốc tế Lao động"},
        {"2021-05-03", true, true, "Nghỉ bù 30/4 và 1/5"},
        {"2021-09-01", true, false, NULL}, /* rule default is 1/9; 2021 announced 3/9 */
        {"2021-09-02", true, true, "Quốc khánh"},
        {"2021-09-03", false, true, "Quốc khánh"},
        {"2022-04-11", true, true, "Nghỉ bù Giỗ Tổ Hùng Vương"},
        {"2022-05-03", true, true, "Nghỉ bù 30/4 và 1/5"},
        {"2020-09-01", false, false, NULL}, /* before Labour Code 2019: one day only */
        {"2023-05-02", true, true, "Nghỉ bù Giỗ Tổ Hùng Vương"}, /* Giỗ Tổ on Sat 29/4 */
        {"2023-05-03", true, true, "Nghỉ bù 30/4 và 1/5"},
        {"2024-04-29", false, true, "Ngày Chiến thắng và Quốc tế Lao động (hoán đổi)"},
        {"2025-01-27", false, true, "Tết Nguyên đán (hoán đổi)"},
        {"2025-02-03", true, false, NULL}, /* rule nghỉ bù for Sat 1/2, not announced */
        {"2026-02-16", true, true, "Tết Nguyên đán"},
        {"2026-04-27", true, true, "Nghỉ bù Giỗ Tổ Hùng Vương"},
        {"2021-06-01", false, false, NULL},
        {"2150-01-01", true, true, "Tết Dương lịch"}, /* past the cache: computed */
        {"1999-09-02", true, true, "Quốc khánh"},
    };
    kl_calendar *c = open_default();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kl_date d = iso(cases[i].day);
        if (kl_cal_is_holiday(NULL, d) != cases[i].rules)
            fail_msg("%s: rules say %d", cases[i].day, !cases[i].rules);
        if (kl_cal_is_holiday(c, d) != cases[i].table)
            fail_msg("%s: table says %d", cases[i].day, !cases[i].table);
        const char *name = kl_cal_holiday_name(c, d);
        if (cases[i].name ? !name || strcmp(name, cases[i].name) != 0 : name != NULL)
            fail_msg("%s: name %s", cases[i].day, name ? name : "NULL");
        /* a holiday is never a working day; the cache agrees with the on-demand path */
        if (cases[i].table)
            assert_false(kl_cal_is_working_day(c, d));
    }
    kl_calendar_free(c);
}

static void test_working_days(void **state)
{
    (void)state;
    static const struct {
        const char *day;
        bool working;
    } cases[] = {
        {"2021-09-04", false},                       /* Saturday */
        {"2021-09-06", true},  {"2019-01-05", true}, /* Saturday, announced make-up day */
        {"2019-05-04", true},  {"2024-05-04", true}, {"2025-02-08", true},
        {"2025-04-26", true},  {"2021-02-17", true}, /* Tết 2021 ended on the 16th */
        {"2021-02-16", false},
    };
    kl_calendar *c = open_default();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (kl_cal_is_working_day(c, iso(cases[i].day)) != cases[i].working)
            fail_msg("%s: working day should be %d", cases[i].day, cases[i].working);
    kl_calendar_free(c);
}

static void test_next_working_day(void **state)
{
    (void)state;
    /* Civil Code Art. 148: a deadline on a day off moves to the next working day. */
    static const struct {
        const char *day, *want;
    } cases[] = {
        {"2021-09-04", "2021-09-06"}, /* Saturday -> Monday */
        {"2021-09-02", "2021-09-06"}, /* Quốc khánh 2-3/9 then the weekend */
        {"2022-04-30", "2022-05-04"}, /* Sat 30/4, Sun 1/5, nghỉ bù 2-3/5 */
        {"2021-02-12", "2021-02-17"}, /* Tết Tân Sửu */
        {"2023-04-29", "2023-05-04"}, /* Giỗ Tổ, 30/4 and 1/5 with two nghỉ bù */
        {"2025-01-25", "2025-02-03"}, /* Tết Ất Tỵ */
        {"2019-01-05", "2019-01-05"}, /* make-up Saturday */
        {"2021-09-07", "2021-09-07"}, {"2021-12-31", "2021-12-31"},
        {"2022-01-01", "2022-01-04"}, /* Sat 1/1, Sun 2/1, nghỉ bù Mon 3/1 */
    };
    kl_calendar *c = open_default();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_date(kl_cal_next_working_day(c, iso(cases[i].day)), cases[i].want, cases[i].day);
    assert_date(kl_cal_next_working_day(c, date(2021, 2, 30)), NULL, "invalid");
    assert_date(kl_cal_next_working_day(c, date(2021, 9, 0)), NULL, "partial");
    assert_date(kl_cal_next_working_day(NULL, iso("2021-09-04")), "2021-09-06", "NULL cal");
    kl_calendar_free(c);
}

static void test_add_and_count(void **state)
{
    (void)state;
    static const struct {
        const char *from;
        int n;
        const char *want;
    } adds[] = {
        {"2021-09-03", 10, "2021-09-17"}, /* "10 ngày làm việc kể từ ngày ký" */
        {"2021-09-01", 1, "2021-09-06"},   {"2021-09-04", 0, "2021-09-06"},
        {"2021-09-06", 0, "2021-09-06"},   {"2021-09-06", -3, "2021-09-06"},
        {"2021-02-08", 3, "2021-02-18"},   /* across Tết */
        {"2021-12-30", 2, "2022-01-04"},   /* across the new year and nghỉ bù */
        {"2021-01-01", 250, "2021-12-31"}, /* 2021 had 250 working days */
    };
    static const struct {
        const char *a, *b;
        int want;
    } counts[] = {
        {"2021-09-01", "2021-09-10", 5},   {"2021-09-10", "2021-09-01", 0},
        {"2021-09-06", "2021-09-06", 0},   {"2021-02-08", "2021-02-19", 4},
        {"2021-01-01", "2021-12-31", 250},
    };
    kl_calendar *c = open_default();
    for (size_t i = 0; i < sizeof adds / sizeof adds[0]; i++)
        assert_date(kl_cal_add_working_days(c, iso(adds[i].from), adds[i].n), adds[i].want,
                    adds[i].from);
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        assert_int_equal(kl_cal_working_days_between(c, iso(counts[i].a), iso(counts[i].b)),
                         counts[i].want);
    assert_int_equal(kl_cal_working_days_between(c, date(2021, 2, 30), iso("2021-03-01")), 0);
    kl_calendar_free(c);
}

/* ---- the announcements table ------------------------------------------------------------ */

/* Write text to a fresh temporary file; returns its path in buf. */
static const char *temp_file(char *buf, size_t size, const char *text)
{
    snprintf(buf, size, "/tmp/kl_cal_test_XXXXXX");
    int fd = mkstemp(buf);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return buf;
}

static void test_table_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *line; /* ":N: " expected in the message */
        size_t offset;
    } cases[] = {
        {"# ok\n\n2021-13-01\toff\tX\n", ":3: ", 6},
        {"2021-09-03 off Quốc khánh\n", ":1: ", 0},
        {"2021-09-03\tmaybe\tX\n", ":1: ", 0},
        {"2021-09-03\toff\t\n", ":1: ", 0},
        {"2021-09-03\toff\tX\textra\n", ":1: ", 0},
        {"2021-9-3\toff\tX\n", ":1: ", 0},
        {"2021-02-29\toff\tX\n", ":1: ", 0},
        {"2021-09-03\toff\tA\r\n2021-09-03\twork\tB\r\n", ":2: ", 18},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[64];
        temp_file(path, sizeof path, cases[i].text);
        kl_calendar *c = NULL;
        kl_error err;
        kl_err_clear(&err);
        assert_int_equal(kl_calendar_open(&c, path, &err), KL_ERR_FORMAT);
        assert_null(c);
        char want[96];
        snprintf(want, sizeof want, "%s%s", path, cases[i].line);
        if (!strstr(err.msg, want))
            fail_msg("case %zu: message '%s' lacks '%s'", i, err.msg, want);
        assert_int_equal(err.offset, cases[i].offset);
        unlink(path);
    }
    kl_calendar *c = NULL;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_calendar_open(&c, "/nonexistent/holidays.tsv", &err), KL_ERR_IO);
    assert_null(c);
}

static void test_table_amends(void **state)
{
    (void)state;
    /* A user file (BOM, CRLF, comments, a blank line of spaces, no final newline) announces
     * Quốc khánh 2026 as 2-3/9: 1/9 stops being the default extra day; and it overrides a
     * day of the built-in table. */
    char path[64];
    temp_file(path, sizeof path,
              "\xEF\xBB\xBF# 2026\r\n2026-09-02\toff\tQuốc khánh\r\n \t\r\n"
              "2026-09-03\toff\tQuốc khánh\r\n2021-09-03\twork\tđổi");
    kl_calendar *c = NULL;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_calendar_open(&c, path, &err), KL_OK);
    assert_true(kl_cal_is_working_day(c, iso("2026-09-01")));
    assert_false(kl_cal_is_working_day(c, iso("2026-09-03")));
    assert_string_equal(kl_cal_holiday_name(c, iso("2026-09-03")), "Quốc khánh");
    assert_true(kl_cal_is_working_day(c, iso("2021-09-03")));
    assert_null(kl_cal_holiday_name(c, iso("2021-09-03")));
    kl_calendar_free(c);
    kl_calendar_free(NULL);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lunar_known_dates), cmocka_unit_test(test_lunar_leap_months),
        cmocka_unit_test(test_lunar_impossible),  cmocka_unit_test(test_lunar_round_trip),
        cmocka_unit_test(test_holidays),          cmocka_unit_test(test_working_days),
        cmocka_unit_test(test_next_working_day),  cmocka_unit_test(test_add_and_count),
        cmocka_unit_test(test_table_errors),      cmocka_unit_test(test_table_amends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
