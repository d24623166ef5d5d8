/* base: JSON escaping (eight bytes at a time), dates, numbers, the arena's cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "src/base/base.h"

static void test_json_escape(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"", "\"\""},
        {"abc", "\"abc\""},
        {"Sở Y tế chủ trì, phối hợp", "\"Sở Y tế chủ trì, phối hợp\""},
        {"a\"b", "\"a\\\"b\""},
        {"12345678\"", "\"12345678\\\"\""}, /* the quote after a clean word */
        {"1234567\\", "\"1234567\\\\\""},
        {"line\nnext\ttab\r", "\"line\\nnext\\ttab\\r\""},
        {"\x01\x1f", "\"\\u0001\\u001f\""},
        {"phòng chống dịch \"COVID-19\" ở tỉnh", "\"phòng chống dịch \\\"COVID-19\\\" ở tỉnh\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kl_buf b;
        kl_buf_init(&b, 0);
        assert_int_equal(kl_buf_append_json(&b, cases[i].in, strlen(cases[i].in)), KL_OK);
        assert_string_equal(b.p, cases[i].out);
        kl_buf_fini(&b);
    }
}

static void test_dates(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int ok;
        int y, m, d;
    } cases[] = {
        {"2021-09-15", 1, 2021, 9, 15}, {"15/09/2021", 1, 2021, 9, 15},
        {"5/9/2021", 1, 2021, 9, 5},    {"2024-02-29", 1, 2024, 2, 29},
        {"2023-02-29", 0, 0, 0, 0},     {"31/02/2021", 0, 0, 0, 0},
        {"2021-13-01", 0, 0, 0, 0},     {"", 0, 0, 0, 0},
        {"2021-9-15x", 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kl_date d;
        int rc = kl_date_parse(cases[i].in, &d);
        assert_int_equal(rc == KL_OK, cases[i].ok);
        if (cases[i].ok) {
            assert_int_equal(d.year, cases[i].y);
            assert_int_equal(d.month, cases[i].m);
            assert_int_equal(d.day, cases[i].d);
        }
    }
    char buf[11];
    kl_date_iso((kl_date){2022, 3, 0}, buf);
    assert_string_equal(buf, "2022-03");
    kl_date_dmy((kl_date){2021, 9, 5}, buf);
    assert_string_equal(buf, "05/09/2021");
    /* 2 September 2021 was a Thursday (Monday = 0) */
    assert_int_equal(kl_date_weekday((kl_date){2021, 9, 2}), 3);
    kl_date r = kl_date_from_days(kl_date_to_days((kl_date){2024, 2, 29}) + 1);
    assert_int_equal(r.month, 3);
    assert_int_equal(r.day, 1);
}

static void test_numbers_and_arena(void **state)
{
    (void)state;
    uint32_t v;
    assert_int_equal(kl_parse_u32("125/TB", 6, 1000, &v), 3);
    assert_int_equal(v, 125);
    assert_int_equal(kl_parse_u32("99999", 5, 1000, &v), 0); /* over the bound */
    assert_int_equal(kl_parse_u32("x", 1, 1000, &v), 0);
    kl_arena a;
    kl_arena_init(&a, 4096);
    assert_non_null(kl_arena_alloc(&a, 1000));
    assert_null(kl_arena_alloc(&a, 8192)); /* the cap holds */
    assert_non_null(kl_arena_strndup(&a, "abc", 3));
    kl_arena_fini(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_escape),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_numbers_and_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
