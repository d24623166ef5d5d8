/* text/ unit tests: kl_text_clean rule by rule (validation, white space, markdown residue,
 * NFC, tone placement, page breaks), the offset map's invariants (exhaustively on small
 * inputs, on random inputs, and word by word on the shared corpus), the arena cap, folding
 * and the character helpers. Cases come from the five real notices where they can. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "src/base/base.h"
#include "src/text/text.h"
#include "src/text/text_int.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

typedef struct clean_case {
    const char *in;
    const char *out;
} clean_case;

/* ---- helpers ------------------------------------------------------------------------------- */

static kl_text *clean_ok(kl_arena *a, const char *in, size_t len)
{
    kl_error err;
    kl_err_clear(&err);
    kl_text *t = NULL;
    int rc = kl_text_clean(&t, in, len, a, &err);
    if (rc != KL_OK)
        print_error("kl_text_clean failed: %s\n", err.msg);
    assert_int_equal(rc, KL_OK);
    assert_non_null(t);
    return t;
}

/* Run a table of exact input -> output cases; every failure names its case. */
static void run_cases(const clean_case *cases, size_t n, const char *table)
{
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        kl_arena a;
        kl_arena_init(&a, 0);
        kl_text *t = clean_ok(&a, cases[i].in, strlen(cases[i].in));
        if (strcmp(kl_text_str(t), cases[i].out) != 0 || kl_text_len(t) != strlen(cases[i].out)) {
            print_error("%s[%zu]:\n  in:   \"%s\"\n  got:  \"%s\"\n  want: \"%s\"\n", table, i,
                        cases[i].in, kl_text_str(t), cases[i].out);
            failed++;
        }
        kl_arena_fini(&a);
    }
    assert_int_equal(failed, 0);
}

static bool contains(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0)
        return true;
    for (size_t i = 0; i + nn <= hn; i++)
        if (memcmp(hay + i, needle, nn) == 0)
            return true;
    return false;
}

/* ---- validation ---------------------------------------------------------------------------- */

typedef struct error_case {
    const char *in;
    size_t len;
    size_t offset;
    const char *msg;
} error_case;

static const error_case error_cases[] = {
    {"abc\0def", 7, 3, "binary data (NUL byte) at byte 3"},
    {"\0", 1, 0, "binary data (NUL byte) at byte 0"},
    {"abc\xE1\xBA", 5, 3, "invalid UTF-8 at byte 3"},      /* truncated "ạ" at the end */
    {"x\xF0\x9F\x98", 4, 1, "invalid UTF-8 at byte 1"},    /* truncated 4-byte */
    {"a\xC3", 2, 1, "invalid UTF-8 at byte 1"},            /* 1 byte short */
    {"\xC0\xAF", 2, 0, "invalid UTF-8 at byte 0"},         /* overlong "/" */
    {"ab\xE0\x80\x80", 5, 2, "invalid UTF-8 at byte 2"},   /* overlong NUL */
    {"\xF0\x82\x82\xAC", 4, 0, "invalid UTF-8 at byte 0"}, /* overlong euro */
    {"\xED\xA0\x80", 3, 0, "invalid UTF-8 at byte 0"},     /* surrogate D800 */
    {"ok \xED\xBF\xBF", 6, 3, "invalid UTF-8 at byte 3"},  /* surrogate DFFF */
    {"\xF4\x90\x80\x80", 4, 0, "invalid UTF-8 at byte 0"}, /* U+110000 */
    {"\xF5\x80\x80\x80", 4, 0, "invalid UTF-8 at byte 0"},
    {"a\x80", 2, 1, "invalid UTF-8 at byte 1"}, /* stray continuation */
    {"Lạng Sơn\xFF", 12, 11, "invalid UTF-8 at byte 11"},
    {"ho\xC3\xA0\xE1\x41", 6, 4, "invalid UTF-8 at byte 4"}, /* after a tone candidate */
    {"a\xCC\x80\xC3", 4, 3, "invalid UTF-8 at byte 3"},      /* after an NFC segment */
    {"**x\xC3(", 5, 3, "invalid UTF-8 at byte 3"},
    {"a  \n\n\xBF", 6, 5, "invalid UTF-8 at byte 5"}, /* behind pending white space */
    {"\xEF\xBB\xBF\0", 4, 3, "binary data (NUL byte) at byte 3"},
};

static void test_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(error_cases); i++) {
        const error_case *ec = &error_cases[i];
        kl_arena a;
        kl_arena_init(&a, 0);
        kl_error err;
        kl_err_clear(&err);
        kl_text *t = (kl_text *)&a; /* out is set only on success */
        int rc = kl_text_clean(&t, ec->in, ec->len, &a, &err);
        if (rc != KL_ERR_FORMAT || err.offset != ec->offset || strcmp(err.msg, ec->msg) != 0)
            print_error("error_cases[%zu]: rc %d offset %zu msg \"%s\"\n", i, rc, err.offset,
                        err.msg);
        assert_int_equal(rc, KL_ERR_FORMAT);
        assert_int_equal(err.code, KL_ERR_FORMAT);
        assert_int_equal(err.offset, ec->offset);
        assert_string_equal(err.msg, ec->msg);
        assert_ptr_equal(t, (kl_text *)&a);
        kl_arena_fini(&a);
    }
}

static void test_empty_and_tiny(void **state)
{
    (void)state;
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_text *t = clean_ok(&a, NULL, 0);
    assert_int_equal(kl_text_len(t), 0);
    assert_string_equal(kl_text_str(t), "");
    assert_int_equal(kl_text_orig_len(t), 0);
    assert_int_equal(kl_text_orig_pos(t, 0), 0);
    kl_span s = kl_text_orig(t, (kl_cspan){0, 0});
    assert_int_equal(s.start, 0);
    assert_int_equal(s.end, 0);
    t = clean_ok(&a, "x", 1);
    assert_string_equal(kl_text_str(t), "x");
    assert_int_equal(kl_text_orig_len(t), 1);
    assert_memory_equal(kl_text_orig_bytes(t), "x", 1);
    t = clean_ok(&a, "\xEF\xBB\xBF", 3); /* only a BOM */
    assert_int_equal(kl_text_len(t), 0);
    t = clean_ok(&a, " \r\n\t\n", 5);
    assert_int_equal(kl_text_len(t), 0);
    kl_arena_fini(&a);
}

/* ---- characters and white space -------------------------------------------------------- */

static const clean_case space_cases[] = {
    {"\uFEFFTHÔNG BÁO", "THÔNG BÁO"},     /* leading BOM */
    {"\uFEFF**THÔNG BÁO**", "THÔNG BÁO"}, /* BOM counts as space */
    {"a\r\nb", "a\nb"},
    {"a\rb", "a\nb"},
    {"A.\r\rB", "A.\n\nB"},
    {"Hết.\r\n\r\n\r\nTiếp", "Hết.\n\nTiếp"},
    {"Hết.\n\n\n\n\nTiếp", "Hết.\n\nTiếp"},
    {"Hết.\n \n\t\n  Tiếp", "Hết.\n\nTiếp"},
    {"\n\n\nHết.\n\n\n", "Hết."},
    {"a\tb", "a b"},
    {"a\u00A0b", "a b"},
    {"a \u00A0 b", "a b"},
    {"a\u2003b\u202Fc\u3000d\u2009e", "a b c d e"},
    {"a\u200Bb\u200Cc\u200Dd", "abcd"},
    {"Co\u00ADvid", "Covid"},
    {"a\uFEFFb", "ab"},
    {"a \u200B b", "a b"},
    {"   Lạng Sơn,   ngày   tháng 3  ", "Lạng Sơn, ngày tháng 3"},
    {"a  \n  b", "a\nb"},
    {"TL. CHỦ TỊCH  \nCHÁNH VĂN PHÒNG", "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG"},
    {"a\001b\033c\177d", "abcd"},
    {"a\302\200b", "ab"},   /* C1 control */
    {"a\302\205b", "a\nb"}, /* NEL */
    {"a\u2028b", "a\nb"},
    {"Hết.\u2029Tiếp", "Hết.\n\nTiếp"},
    {"Hết.\fTiếp", "Hết.\n\nTiếp"}, /* pdftotext page end */
    {"a\vb", "a\nb"},               /* Word's line break */
    {"“Quyết định” – đúng …", "“Quyết định” – đúng …"},
    {"x  “y”", "x “y”"},
};

static void test_spaces(void **state)
{
    (void)state;
    run_cases(space_cases, N_OF(space_cases), "space_cases");
}

/* ---- tone placement and NFC --------------------------------------------------------------- */

static const clean_case tone_cases[] = {
    {"hoà", "hòa"},
    {"Uỷ ban", "Ủy ban"},
    {"thuỷ", "thủy"},
    {"khoẻ", "khỏe"},
    {"Tỉnh uỷ", "Tỉnh ủy"},
    {"tuỳ", "tùy"},
    {"hoá", "hóa"},
    {"khoá XV", "khóa XV"},
    {"đại biểu Quốc hội khoá XV,", "đại biểu Quốc hội khóa XV,"},
    {"hoạ sĩ, loã thể, xoè ra", "họa sĩ, lõa thể, xòe ra"},
    {"luỹ kế, thuỵ sĩ", "lũy kế, thụy sĩ"},
    {"Oà", "Òa"},
    {"OÀ", "ÒA"},
    {"UỶ BAN", "ỦY BAN"},
    {"HOÁ", "HÓA"},
    {"(hoà).", "(hòa)."},
    {"**hoà**", "hòa"},
    {"hoà\u200B", "hòa"},
    /* the pair goes on into a consonant or vowel: nothing moves */
    {"hoàn thành", "hoàn thành"},
    {"toán", "toán"},
    {"khuếch", "khuếch"},
    {"hoạch", "hoạch"},
    {"khuỷu tay", "khuỷu tay"},
    {"Huỳnh", "Huỳnh"},
    {"hoà\u00ADn", "hoàn"}, /* a soft hyphen hides the n */
    /* "qu" is one consonant */
    {"quý", "quý"},
    {"Quý IV", "Quý IV"},
    {"QUÝ", "QUÝ"},
    {"trong quý II năm 2022", "trong quý II năm 2022"},
    /* already new style */
    {"hòa, Ủy ban, thủy", "hòa, Ủy ban, thủy"},
};

static void test_tones(void **state)
{
    (void)state;
    run_cases(tone_cases, N_OF(tone_cases), "tone_cases");
}

static const clean_case nfc_cases[] = {
    {"Vie\u0302\u0323t Nam", "Việt Nam"},
    {"Vie\u0323\u0302t", "Việt"}, /* marks in the other order */
    {"Ho\u0302\u0300 Tie\u0302\u0301n Thie\u0323\u0302u", "Hồ Tiến Thiệu"},
    {"Đa\u0300 Na\u0306\u0303ng", "Đà Nẵng"},
    {"hoa\u0300", "hòa"}, /* NFC, then the new tone */
    {"thuy\u0309", "thủy"},
    {"U\u0309y ban", "Ủy ban"},
    {"qu\u00FD va\u0300 quy\u0301", "quý và quý"},
    {"hoa\u0300n", "hoàn"},
    {"Tiê\u0301n", "Tiến"}, /* precomposed base + mark */
    {"a\u0340", "à"},       /* U+0340 grave tone mark */
    {"\u0301a", "\u0301a"}, /* a mark with no base */
    {"x \u0301", "x \u0301"},
    {"\u212B", "\u00C5"}, /* singleton: Angstrom sign */
    {"A\u030A", "\u00C5"},
    {"**Vie\u0302\u0323t**", "Việt"},
    {"a\u0301\u0301\u0301", "\u00E1\u0301\u0301"},
};

static void test_nfc(void **state)
{
    (void)state;
    run_cases(nfc_cases, N_OF(nfc_cases), "nfc_cases");
}

/* 1 MB of stacked marks on one letter: cut into bounded segments, linear, still NFC-stable. */
static void test_nfc_mark_flood(void **state)
{
    (void)state;
    size_t n = 1 << 20;
    char *in = malloc(n);
    assert_non_null(in);
    in[0] = 'a';
    for (size_t i = 1; i + 1 < n; i += 2) {
        in[i] = '\xCC';
        in[i + 1] = (i / 2) % 2 ? '\x81' : '\xA3'; /* U+0301, U+0323 */
    }
    in[n - 1] = 'b';
    kl_arena a;
    kl_arena_init(&a, 64u << 20);
    kl_text *t = clean_ok(&a, in, n);
    const char *s = kl_text_str(t);
    size_t len = kl_text_len(t);
    assert_true(len > n / 2);
    assert_int_equal(s[len - 1], 'b');
    kl_arena_fini(&a);
    free(in);
}

/* ---- markdown residue ------------------------------------------------------------------- */

static const clean_case markdown_cases[] = {
    {"**1. Dự thảo Báo cáo của UBND (Sở Kế hoạch và Đầu tư trình).**",
     "1. Dự thảo Báo cáo của UBND (Sở Kế hoạch và Đầu tư trình)."},
    {"giai đoạn 2018 - 2030 (*Sở Công Thương trình*).",
     "giai đoạn 2018 - 2030 (Sở Công Thương trình)."},
    {"(*Trình Ban Thường vụ Tỉnh ủy tháng 5*) (*UBND thành phố Lạng Sơn trình*).",
     "(Trình Ban Thường vụ Tỉnh ủy tháng 5) (UBND thành phố Lạng Sơn trình)."},
    {"***Nơi nhận:***", "Nơi nhận:"},
    {"tham mưu văn bản chỉ đạo của UBND tỉnh **trước 15/9/2021**.",
     "tham mưu văn bản chỉ đạo của UBND tỉnh trước 15/9/2021."},
    {"**TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG**", "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG"},
    {"**TL. CHỦ TỊCH  \nCHÁNH VĂN PHÒNG**", "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG"},
    {"**Phạm Hùng Trường**", "Phạm Hùng Trường"},
    {"phương châm \"*thích ứng an toàn, linh hoạt, kiểm soát hiệu quả dịch COVID-19*\", số",
     "phương châm \"thích ứng an toàn, linh hoạt, kiểm soát hiệu quả dịch COVID-19\", số"},
    {"**5.** Dự thảo Nghị quyết", "5. Dự thảo Nghị quyết"},
    {"## **THÔNG BÁO**", "THÔNG BÁO"},
    {"### **Kết luận phiên họp UBND tỉnh**", "Kết luận phiên họp UBND tỉnh"},
    {"###### Mục", "Mục"},
    {"Số: /TB-UBND\n\n## **THÔNG BÁO**", "Số: /TB-UBND\n\nTHÔNG BÁO"},
    {"  # Tiêu đề", "Tiêu đề"},
    {"####### bảy", "####### bảy"}, /* not a heading */
    {"#hashtag", "#hashtag"},
    {"Điều # 5", "Điều # 5"},
    {"__Nơi nhận__", "Nơi nhận"},
    {"_nghiêng_ và *nghiêng*", "nghiêng và nghiêng"},
    {"snake_case và a*b*c", "snake_case và a*b*c"}, /* both-flanking: kept */
    {"ghi chú (*) cuối trang", "ghi chú (*) cuối trang"},
    {"3 * 4 = 12", "3 * 4 = 12"},
    {"Số: ____/TB-UBND", "Số: ____/TB-UBND"}, /* a blank field */
    {"* * *", "* * *"},
    {"\\- Văn phòng Chính phủ;", "- Văn phòng Chính phủ;"},
    {"1\\. Dự thảo", "1. Dự thảo"},
    {"a\\_b \\*c\\* \\\\ \\#", "a_b *c* \\ #"},
    {"\\## Không phải tiêu đề", "## Không phải tiêu đề"},
    {"C:\\Tài liệu", "C:\\Tài liệu"},
    {"dòng một\\\ndòng hai", "dòng một\ndòng hai"}, /* backslash hard break */
};

static void test_markdown(void **state)
{
    (void)state;
    run_cases(markdown_cases, N_OF(markdown_cases), "markdown_cases");
}

/* ---- page breaks ------------------------------------------------------------------------ */

static const clean_case break_cases[] = {
    /* next paragraph starts lowercase: a page break */
    {"Sở Kế hoạch và Đầu tư tiếp tục rà\n\nsoát, cập nhật thông tin",
     "Sở Kế hoạch và Đầu tư tiếp tục rà soát, cập nhật thông tin"},
    {"Tập trung khắc phục 7 hạn chế,\n\nyếu kém trong Báo cáo",
     "Tập trung khắc phục 7 hạn chế, yếu kém trong Báo cáo"},
    {"khó khăn trong thực hiện các dự án thủy điện: Yêu\n\ncầu Sở Công Thương",
     "khó khăn trong thực hiện các dự án thủy điện: Yêu cầu Sở Công Thương"},
    {"thúc đẩy hoạt động sản xuất kinh\n\ndoanh. Tích cực",
     "thúc đẩy hoạt động sản xuất kinh doanh. Tích cực"},
    {"phát triển kinh tế -\n\nxã hội", "phát triển kinh tế - xã hội"},
    {"hoàn thành.\n\nđánh giá", "hoàn thành. đánh giá"},
    {"- Sở Lao động TBXH chủ trì, phối hợp với Sở Y tế và các địa phương\n\nđánh giá hiệu quả",
     "- Sở Lao động TBXH chủ trì, phối hợp với Sở Y tế và các địa phương đánh giá hiệu quả"},
    /* ... unless a lead-in ends with ":" */
    {"hoàn thiện dự thảo như sau:\n\nbổ sung nội dung",
     "hoàn thiện dự thảo như sau:\n\nbổ sung nội dung"},
    /* a hyphen cut from its word joins without a space */
    {"công tác phòng chống dịch Covid-\n\n19 trên địa bàn tỉnh",
     "công tác phòng chống dịch Covid-19 trên địa bàn tỉnh"},
    {"Số 60-\n\nNQ/TU", "Số 60-NQ/TU"},
    /* a digit after a lowercase end, when it is not an outline number */
    {"từng bước đạt đô thị loại I vào năm\n\n2030. Bổ sung các mục tiêu",
     "từng bước đạt đô thị loại I vào năm 2030. Bổ sung các mục tiêu"},
    {"để bảo đảm cho hơn\n\n8.000 người", "để bảo đảm cho hơn 8.000 người"},
    /* a long prose line cut before a capital */
    {"Dự thảo Kế hoạch đã bám sát yêu cầu, nội dung của Chỉ thị số 10-CT/TW ngày 25/9/2021, "
     "Quyết định số 1970/QĐ-TTg ngày 23/11/2021 của\n\nThủ tướng Chính phủ phê duyệt",
     "Dự thảo Kế hoạch đã bám sát yêu cầu, nội dung của Chỉ thị số 10-CT/TW ngày 25/9/2021, "
     "Quyết định số 1970/QĐ-TTg ngày 23/11/2021 của Thủ tướng Chính phủ phê duyệt"},
    {"- Các cơ quan, đơn vị đẩy mạnh việc thực hiện các phân cấp, đổi mới đã giao (16 phân "
     "cấp, 16 đổi mới), hoàn thành **trong tháng 9/2021** (các phân cấp, đổi mới phải thông "
     "qua HĐND tỉnh phải sớm đề xuất nội dung trình kỳ họp\n\nHĐND tỉnh cuối năm 2021).",
     "- Các cơ quan, đơn vị đẩy mạnh việc thực hiện các phân cấp, đổi mới đã giao (16 phân "
     "cấp, 16 đổi mới), hoàn thành trong tháng 9/2021 (các phân cấp, đổi mới phải thông "
     "qua HĐND tỉnh phải sớm đề xuất nội dung trình kỳ họp HĐND tỉnh cuối năm 2021)."},
    /* several breaks in one sentence: the line's length carries over the first join */
    {"Qua xem xét, thảo luận, UBND tỉnh cơ bản nhất trí. Sở tiếp tục rà\n\nsoát các nội "
     "dung, hoàn thiện dự thảo theo Quyết định của\n\nThủ tướng Chính phủ.",
     "Qua xem xét, thảo luận, UBND tỉnh cơ bản nhất trí. Sở tiếp tục rà soát các nội "
     "dung, hoàn thiện dự thảo theo Quyết định của Thủ tướng Chính phủ."},
    {"rà\n\nsoát\n\nlại", "rà soát lại"},
    /* never before an outline marker */
    {"hỗ trợ khởi nghiệp đổi mới sáng tạo tỉnh Lạng Sơn\n\nb) Về kết quả thực hiện",
     "hỗ trợ khởi nghiệp đổi mới sáng tạo tỉnh Lạng Sơn\n\nb) Về kết quả thực hiện"},
    {"số liệu của các cấp, các ngành\n\n- Giao Sở Kế hoạch và Đầu tư chủ trì",
     "số liệu của các cấp, các ngành\n\n- Giao Sở Kế hoạch và Đầu tư chủ trì"},
    {"ban hành\n\n4. Dự thảo Kế hoạch", "ban hành\n\n4. Dự thảo Kế hoạch"},
    {"trong 6 tháng đầu năm\n\nII. Nhiệm vụ chủ yếu",
     "trong 6 tháng đầu năm\n\nII. Nhiệm vụ chủ yếu"},
    {"kỳ này cần quán triệt và tập trung thực hiện tốt\n\n(3) Xây dựng kế hoạch",
     "kỳ này cần quán triệt và tập trung thực hiện tốt\n\n(3) Xây dựng kế hoạch"},
    {"các đơn vị sau\n\n+ Sở Văn hóa", "các đơn vị sau\n\n+ Sở Văn hóa"},
    {"các đơn vị sau\n\n• Sở Y tế", "các đơn vị sau\n\n• Sở Y tế"},
    {"các đơn vị sau\n\nđ) Sở Y tế", "các đơn vị sau\n\nđ) Sở Y tế"},
    {"các đơn vị sau\n\n1.2. Sở Y tế", "các đơn vị sau\n\n1.2. Sở Y tế"},
    {"các đơn vị sau\n\n**5.** Dự thảo", "các đơn vị sau\n\n5. Dự thảo"},
    /* a real paragraph end */
    {"trình UBND tỉnh trước ngày 05/4/2022 để xem xét, ban hành.\n\nUBND tỉnh yêu cầu",
     "trình UBND tỉnh trước ngày 05/4/2022 để xem xét, ban hành.\n\nUBND tỉnh yêu cầu"},
    {"Nơi nhận:\n\n- Văn phòng Chính phủ;", "Nơi nhận:\n\n- Văn phòng Chính phủ;"},
    {"phát triển đô thị;\n\nBổ sung", "phát triển đô thị;\n\nBổ sung"},
    /* headings and short lines stay apart */
    {"1. Về kết quả nổi bật trong 6 tháng đầu năm\n\nTrong 6 tháng đầu năm 2020, mặc dù",
     "1. Về kết quả nổi bật trong 6 tháng đầu năm\n\nTrong 6 tháng đầu năm 2020, mặc dù"},
    {"3. Về lĩnh vực nông nghiệp, nông thôn và xây dựng nông thôn mới\n\nSở Nông nghiệp và "
     "PTNT",
     "3. Về lĩnh vực nông nghiệp, nông thôn và xây dựng nông thôn mới\n\nSở Nông nghiệp và "
     "PTNT"},
    {"a) Về công tác chỉ đạo, điều hành\n\nBổ sung việc UBND tỉnh đã ủy quyền",
     "a) Về công tác chỉ đạo, điều hành\n\nBổ sung việc UBND tỉnh đã ủy quyền"},
    {"CHÁNH VĂN PHÒNG\n\nPhan Quốc Nghĩa", "CHÁNH VĂN PHÒNG\n\nPhan Quốc Nghĩa"},
    {"**TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG**\n\nPhạm Hùng Trường",
     "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nPhạm Hùng Trường"},
    {"THÔNG BÁO\n\nKết luận phiên họp UBND tỉnh", "THÔNG BÁO\n\nKết luận phiên họp UBND tỉnh"},
    {"Kết luận của đồng chí Hồ Tiến Thiệu, Phó Chủ tịch phụ trách UBND tỉnh tại Hội nghị "
     "triển khai nhiệm vụ trọng tâm 6 tháng cuối năm 2020\n\nNgày 13/7/2020, UBND tỉnh",
     "Kết luận của đồng chí Hồ Tiến Thiệu, Phó Chủ tịch phụ trách UBND tỉnh tại Hội nghị "
     "triển khai nhiệm vụ trọng tâm 6 tháng cuối năm 2020\n\nNgày 13/7/2020, UBND tỉnh"},
    {"Quyết định số 1970/QĐ-TTg của\n\nThủ tướng", "Quyết định số 1970/QĐ-TTg của\n\nThủ tướng"},
    {"Lạng Sơn, ngày tháng 3 năm 2022\n\nTHÔNG BÁO",
     "Lạng Sơn, ngày tháng 3 năm 2022\n\nTHÔNG BÁO"},
    {"Số: /TB-UBND\n\nLạng Sơn", "Số: /TB-UBND\n\nLạng Sơn"},
    {"Kinh tế -\n\n19", "Kinh tế -\n\n19"},
    /* a single newline is never touched */
    {"của\nThủ tướng\nsoát", "của\nThủ tướng\nsoát"},
};

static void test_page_breaks(void **state)
{
    (void)state;
    run_cases(break_cases, N_OF(break_cases), "break_cases");
}

/* 100k breaks in one sentence: joins stay linear and the map follows. */
static void test_many_breaks(void **state)
{
    (void)state;
    kl_buf b;
    kl_buf_init(&b, 0);
    for (int i = 0; i < 100000; i++)
        kl_buf_appends(&b, i % 2 ? "rà\n\n" : "covid-\n\n");
    kl_buf_appends(&b, "x");
    kl_arena a;
    kl_arena_init(&a, 64u << 20);
    kl_text *t = clean_ok(&a, b.p, b.len);
    assert_null(memchr(kl_text_str(t), '\n', kl_text_len(t)));
    assert_int_equal(kl_text_orig_pos(t, kl_text_len(t)), b.len);
    kl_span s = kl_text_orig(t, (kl_cspan){0, kl_text_len(t)});
    assert_int_equal(s.start, 0);
    assert_int_equal(s.end, b.len);
    kl_arena_fini(&a);
    kl_buf_fini(&b);
}

/* ---- the offset map ---------------------------------------------------------------------- */

typedef struct map_case {
    const char *in;
    size_t cstart, cend; /* a cleaned span ... */
    size_t ostart, oend; /* ... and the original span that covers it */
} map_case;

static const map_case map_cases[] = {
    {"**bold** x", 0, 4, 2, 6}, /* "bold": the stars are not part of it */
    {"**bold** x", 4, 5, 8, 9}, /* the space */
    {"**bold** x", 0, 6, 2, 10},
    {"a  b", 1, 2, 1, 3}, /* one space from two */
    {"a  b", 2, 3, 3, 4},
    {"a\r\nb", 1, 2, 1, 3}, /* LF from CRLF */
    {"a\r\nb", 2, 3, 3, 4},
    {"hoà x", 1, 4, 1, 4}, /* "òa" from "oà" */
    {"hoà x", 2, 3, 1, 4}, /* inside a replacement: all of it */
    {"hoà x", 0, 1, 0, 1},
    {"hoà x", 4, 6, 4, 6},
    {"rà\n\nsoát", 3, 4, 3, 5}, /* the joining space is the blank line */
    {"rà\n\nsoát", 4, 9, 5, 10},
    {"Covid-\n\n19", 0, 8, 0, 10},
    {"Covid-\n\n19", 6, 8, 8, 10},
    {"Covid-\n\n19", 5, 6, 5, 6},
    {"rà\r\n\r\nsoát", 3, 4, 3, 7}, /* a CRLF blank line joined */
    {"Covid-\r\n\r\n19", 6, 8, 10, 12},
    {"\uFEFFabc", 0, 3, 3, 6},        /* BOM */
    {"\\*x", 0, 1, 0, 2},             /* escape: the pair made the star */
    {"Vie\u0302\u0323t", 0, 6, 0, 8}, /* NFC segment */
    {"Vie\u0302\u0323t", 3, 4, 2, 7}, /* "ệ" from "e" and two marks */
    {"Vie\u0302\u0323t", 5, 6, 7, 8},
    {"hoa\u0300 x", 1, 4, 1, 5}, /* "òa" from "oa" and a grave */
    {"## A", 0, 1, 3, 4},
    {"a\n\n\n\nB.", 0, 1, 0, 1},
    {"A.\n\n\n\nB.", 2, 4, 2, 6}, /* "\n\n" from four newlines */
    {"A.\n \nB.", 2, 4, 2, 5},
    {"a \n\n", 0, 1, 0, 1},
    {"a b", 1, 1, 1, 1}, /* empty span */
    {"a b", 3, 9, 3, 3}, /* past the end: clamped */
};

static void test_map_cases(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < N_OF(map_cases); i++) {
        const map_case *m = &map_cases[i];
        kl_arena a;
        kl_arena_init(&a, 0);
        kl_text *t = clean_ok(&a, m->in, strlen(m->in));
        kl_span s = kl_text_orig(t, (kl_cspan){m->cstart, m->cend});
        if (s.start != m->ostart || s.end != m->oend) {
            print_error("map_cases[%zu] \"%s\" -> \"%s\": [%zu,%zu) gave [%zu,%zu), want "
                        "[%zu,%zu)\n",
                        i, m->in, kl_text_str(t), m->cstart, m->cend, s.start, s.end, m->ostart,
                        m->oend);
            failed++;
        }
        kl_arena_fini(&a);
    }
    assert_int_equal(failed, 0);
}

/* Clean ASCII with nothing to fix: one identity piece, every position maps to itself. */
static void test_map_identity(void **state)
{
    (void)state;
    const char *in = "Hello world.\nSecond line, 3 * 4 = 12 (*).\n\nThird: x_y #5 a-b.";
    size_t n = strlen(in);
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_text *t = clean_ok(&a, in, n);
    assert_string_equal(kl_text_str(t), in);
    assert_int_equal(t->n_segs, 1);
    assert_int_equal(t->segs[0].clean, 0);
    assert_int_equal(t->segs[0].orig, 0);
    assert_true(t->segs[0].olen == KL_SEG_IDENT);
    for (size_t i = 0; i <= n; i++) {
        assert_int_equal(kl_text_orig_pos(t, i), i);
        for (size_t j = i; j <= n; j++) {
            kl_span s = kl_text_orig(t, (kl_cspan){i, j});
            assert_int_equal(s.start, i);
            assert_int_equal(s.end, j);
        }
    }
    kl_arena_fini(&a);
}

/* What every cleaned text must satisfy. The map: each cleaned byte comes from a non-empty
 * original span, in order; a span's cover runs from its first byte's origin to its last
 * byte's; a copied byte equals its origin. The text: valid UTF-8 without NUL, CR, tabs, two
 * spaces, spaces at a line's ends, three newlines, or white space at either end. */
static void check_text(const kl_text *t, bool all_pairs)
{
    const char *s = kl_text_str(t), *o = kl_text_orig_bytes(t);
    size_t n = kl_text_len(t), on = kl_text_orig_len(t);
    assert_int_equal(strlen(s), n);
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = kl_text_dec((const unsigned char *)s + i, n - i, &cp);
        assert_true(k > 0);
        i += k;
    }
    if (n) {
        assert_true(s[0] != ' ' && s[0] != '\n' && s[n - 1] != ' ' && s[n - 1] != '\n');
    }
    assert_null(strstr(s, "  "));
    assert_null(strstr(s, " \n"));
    assert_null(strstr(s, "\n "));
    assert_null(strstr(s, "\n\n\n"));
    assert_null(strchr(s, '\r'));
    assert_null(strchr(s, '\t'));
    size_t prev_start = 0, prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        kl_span b = kl_text_orig(t, (kl_cspan){i, i + 1});
        assert_true(b.start < b.end && b.end <= on);
        assert_true(b.start >= prev_start && b.end >= prev_end);
        assert_int_equal(kl_text_orig_pos(t, i), b.start);
        prev_start = b.start;
        prev_end = b.end;
    }
    for (size_t g = 0; g < t->n_segs; g++) {
        const kl_text_seg *sg = &t->segs[g];
        size_t end = g + 1 < t->n_segs ? t->segs[g + 1].clean : n;
        assert_true(sg->clean < end);
        if (sg->olen == KL_SEG_IDENT)
            assert_memory_equal(s + sg->clean, o + sg->orig, end - sg->clean);
        else
            assert_true(sg->orig + sg->olen <= on);
    }
    size_t step = all_pairs ? 1 : (n / 50 + 1);
    for (size_t i = 0; i < n; i += step)
        for (size_t j = i + 1; j <= n; j += step) {
            kl_span sp = kl_text_orig(t, (kl_cspan){i, j});
            assert_int_equal(sp.start, kl_text_orig(t, (kl_cspan){i, i + 1}).start);
            assert_int_equal(sp.end, kl_text_orig(t, (kl_cspan){j - 1, j}).end);
        }
}

/* For every cleaned word, the original bytes its span covers, cleaned on their own, give the
 * word back: the span holds everything that produced it. */
static void check_words(const kl_text *t, const char *label)
{
    const char *s = kl_text_str(t), *o = kl_text_orig_bytes(t);
    size_t n = kl_text_len(t);
    int failed = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ' ' || s[i] == '\n'))
            i++;
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\n')
            j++;
        if (j == i)
            break;
        kl_span sp = kl_text_orig(t, (kl_cspan){i, j});
        kl_arena a;
        kl_arena_init(&a, 0);
        kl_text *w = clean_ok(&a, o + sp.start, sp.end - sp.start);
        if (!contains(kl_text_str(w), kl_text_len(w), s + i, j - i)) {
            if (failed++ < 5)
                print_error("%s: word \"%.*s\" at %zu: its original \"%.*s\" cleans to \"%s\"\n",
                            label, (int)(j - i), s + i, i, (int)(sp.end - sp.start), o + sp.start,
                            kl_text_str(w));
        }
        kl_arena_fini(&a);
        i = j;
    }
    assert_int_equal(failed, 0);
}

static const char *const mixed_inputs[] = {
    "\xEF\xBB\xBF## **THÔNG BÁO**\r\n\r\nKết luận  của  Tỉnh uỷ\t(*Sở Y tế trình*)\n",
    "Covid-\n\n19 và rà\n\nsoát, của\n\nThủ tướng \\- hoà \u00A0 khoẻ\u200B **x**",
    "Vie\u0302\u0323t Nam   hoa\u0300 thuy\u0309 qu\u00FD\n\n\n\n- a;\n\n1. B\n\nc\f  d\n",
    "a\r\rb\r\n\u2028c\u2029d\302\205e \\\nf ***g*** __h__ (*) 3 * 4 #i\n# j",
};

static void test_map_exhaustive(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(mixed_inputs); i++) {
        kl_arena a;
        kl_arena_init(&a, 0);
        kl_text *t = clean_ok(&a, mixed_inputs[i], strlen(mixed_inputs[i]));
        check_text(t, true);
        check_words(t, "mixed_inputs");
        kl_arena_fini(&a);
    }
}

/* xorshift64*: tests may not use rand() (STYLE.md section 9), and need a fixed sequence. */
static uint64_t next_random(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static const char *const pieces[] = {
    "a",      "o",        "u",      "q",      "y",      "n",      "T",     "Đ",      "ư",
    "ờ",      "à",        "á",      "ẻ",      "ỷ",      "ý",      "Ỳ",     "À",      " ",
    " ",      "  ",       "\t",     "\n",     "\n\n",   "\n\n\n", "\r\n",  "\r",     "\f",
    "\u00A0", "\u3000",   "\u200B", "\u00AD", "\uFEFF", "*",      "**",    "***",    "_",
    "__",     "#",        "## ",    "\\",     "\\*",    "\\-",    "-",     "+ ",     "1. ",
    "2030",   ":",        ".",      ";",      "(",      ")",      "(*)",   "Covid-", "\u0300",
    "\u0302", "\u0323",   "\u0309", "\u0340", "\u212B", "Thủ",    "rà",    "của",    "THÔNG",
    "\x01",   "\xC2\x85", "\u2028", "\u2029", "“",      "–",      "8.000", "a) ",    "(3) ",
    "II. ",
};

/* Random strings of the pieces above. Emphasis is markdown's one rule that looks past a
 * word (CommonMark decides "__" by its neighbours, and "*__)" has the "*" beside it), so
 * the word check runs on the rounds without '*' and '_'; the rest checks everything else. */
static void test_map_random(void **state)
{
    (void)state;
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    char buf[512];
    for (int round = 0; round < 6000; round++) {
        bool no_emphasis = round % 2 == 0;
        size_t len = 0;
        size_t n_pieces = next_random(&seed) % 40;
        for (size_t k = 0; k < n_pieces; k++) {
            const char *p = pieces[next_random(&seed) % N_OF(pieces)];
            if (no_emphasis && strpbrk(p, "*_"))
                continue;
            size_t pl = strlen(p);
            if (len + pl >= sizeof buf)
                break;
            memcpy(buf + len, p, pl);
            len += pl;
        }
        kl_arena a;
        kl_arena_init(&a, 0);
        kl_text *t = clean_ok(&a, buf, len);
        check_text(t, len < 120);
        if (no_emphasis)
            check_words(t, "random");
        kl_arena_fini(&a);
    }
}

/* ---- the shared corpus ------------------------------------------------------------------ */

typedef struct corpus {
    int n;
    char *data[16];
    size_t len[16];
    char name[16][64];
} corpus;

static int corpus_setup(void **state)
{
    corpus *c = calloc(1, sizeof *c);
    if (!c)
        return -1;
    const char *dir = getenv("KL_SHARED");
    char path[512];
    snprintf(path, sizeof path, "%s/corpus", dir ? dir : "../shared");
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && c->n < 16 && (e = readdir(d)) != NULL) {
        size_t nl = strlen(e->d_name);
        if (nl < 5 || strcmp(e->d_name + nl - 4, ".txt") != 0 || nl >= 64)
            continue;
        char file[1024];
        snprintf(file, sizeof file, "%s/%s", path, e->d_name);
        kl_error err;
        kl_err_clear(&err);
        if (kl_read_file(file, KL_DEFAULT_MAX_INPUT, &c->data[c->n], &c->len[c->n], &err) != KL_OK)
            continue;
        memcpy(c->name[c->n], e->d_name, nl + 1);
        c->n++;
    }
    if (d)
        closedir(d);
    *state = c;
    return 0;
}

static int corpus_teardown(void **state)
{
    corpus *c = *state;
    for (int i = 0; i < c->n; i++)
        kl_free(c->data[i]);
    free(c);
    return 0;
}

static void test_corpus(void **state)
{
    corpus *c = *state;
    if (c->n == 0)
        skip();
    for (int i = 0; i < c->n; i++) {
        kl_arena a;
        kl_arena_init(&a, 0);
        kl_text *t = clean_ok(&a, c->data[i], c->len[i]);
        check_text(t, false);
        check_words(t, c->name[i]);
        const char *s = kl_text_str(t);
        /* residue gone, old tones moved, nothing of the text lost */
        assert_null(strstr(s, "**"));
        assert_null(strstr(s, "## "));
        assert_null(strstr(s, "uỷ"));
        assert_null(strstr(s, "khoá "));
        assert_true(kl_text_len(t) > c->len[i] * 9 / 10);
        /* the map stays small: a few hundred pieces for a notice */
        assert_true(t->n_segs * sizeof(kl_text_seg) < c->len[i] / 4);
        kl_arena_fini(&a);
    }
}

/* The arena cap: every cap from tiny to enough gives KL_ERR_TOOBIG or the same text, never a
 * crash or a leak (ASan checks both). KL_FAIL_ALLOC is read once per process, so the cap is
 * how one test walks the failure points. */
static void test_arena_cap(void **state)
{
    corpus *c = *state;
    const char *in = c->n ? c->data[0] : mixed_inputs[1];
    size_t len = c->n ? c->len[0] : strlen(mixed_inputs[1]);
    kl_arena full;
    kl_arena_init(&full, 0);
    kl_text *want = clean_ok(&full, in, len);
    size_t peak = full.peak;
    size_t step = peak / 200 + 1;
    int n_fail = 0, n_ok = 0;
    for (size_t cap = 1; cap <= peak + step; cap += step) {
        kl_arena a;
        kl_arena_init(&a, cap);
        kl_error err;
        kl_err_clear(&err);
        kl_text *t = NULL;
        int rc = kl_text_clean(&t, in, len, &a, &err);
        if (rc == KL_OK) {
            n_ok++;
            assert_string_equal(kl_text_str(t), kl_text_str(want));
        } else {
            n_fail++;
            assert_int_equal(rc, KL_ERR_TOOBIG);
            assert_int_equal(err.code, KL_ERR_TOOBIG);
            assert_null(t);
            assert_non_null(strstr(err.msg, "cap"));
        }
        kl_arena_fini(&a);
    }
    assert_true(n_fail > 0);
    assert_true(n_ok > 0);
    /* exactly at the cap the first run needed */
    kl_arena a;
    kl_arena_init(&a, peak);
    kl_text *t = clean_ok(&a, in, len);
    assert_string_equal(kl_text_str(t), kl_text_str(want));
    kl_arena_fini(&a);
    kl_arena_fini(&full);
}

/* ---- folding and case ---------------------------------------------------------------------- */

static const clean_case fold_cases[] = {
    {"", ""},
    {"Phòng Chống DỊCH", "phong chong dich"},
    {"Đầu tư", "dau tu"},
    {"Ủy ban", "uy ban"},
    {"Uỷ Ban Nhân Dân", "uy ban nhan dan"},
    {"ĐƯỜNG Hồ Chí Minh", "duong ho chi minh"},
    {"Nguyễn Văn Ánh; Sở Kế hoạch & Đầu tư", "nguyen van anh; so ke hoach & dau tu"},
    {"  a \t\n b  ", " a b "},
    {"a\u00A0\u3000b", "a b"},
    {"a\u200Bb", "ab"},
    {"Vie\u0302\u0323t", "viet"},
    {"\u00D0\u00F0", "dd"}, /* Eth used for Đ */
    {"Straße", "strasse"},
    {"ΑΒΓ", "αβγ"},
    {"Số 60-NQ/TU, 2021.", "so 60-nq/tu, 2021."},
    {"Ǆ", "dz"}, /* compatibility forms */
    {"ﬁ Ａ", "fi a"},
};

static void test_fold(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < N_OF(fold_cases); i++) {
        kl_buf b;
        kl_buf_init(&b, 0);
        assert_int_equal(kl_text_fold(fold_cases[i].in, strlen(fold_cases[i].in), &b), KL_OK);
        const char *got = b.len ? b.p : "";
        if (strcmp(got, fold_cases[i].out) != 0) {
            print_error("fold_cases[%zu]: \"%s\" -> \"%s\", want \"%s\"\n", i, fold_cases[i].in,
                        got, fold_cases[i].out);
            failed++;
        }
        kl_buf_fini(&b);
    }
    assert_int_equal(failed, 0);
}

/* The fold table against utf8proc for every letter it covers: where Unicode decomposes a
 * letter to one ASCII letter plus marks, the fold is that letter, lowercase. */
static void test_fold_table(void **state)
{
    (void)state;
    static const int32_t ranges[][2] = {{0xC0, 0x250}, {0x1E00, 0x1F00}};
    int checked = 0;
    for (size_t r = 0; r < N_OF(ranges); r++)
        for (int32_t cp = ranges[r][0]; cp < ranges[r][1]; cp++) {
            utf8proc_int32_t d[8];
            int bound = 0;
            utf8proc_ssize_t n = utf8proc_decompose_char(
                cp, d, 8, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK, &bound);
            if (n != 1 || d[0] >= 0x80)
                continue;
            char in[4];
            size_t k = kl_utf8_encode(cp, in);
            kl_buf b;
            kl_buf_init(&b, 0);
            assert_int_equal(kl_text_fold(in, k, &b), KL_OK);
            if (b.len != 1 || b.p[0] != (char)d[0])
                print_error("U+%04X folds to \"%.*s\", utf8proc says '%c'\n", (unsigned)cp,
                            (int)b.len, b.p ? b.p : "", (char)d[0]);
            assert_int_equal(b.len, 1);
            assert_int_equal(b.p[0], (char)d[0]);
            kl_buf_fini(&b);
            checked++;
        }
    assert_true(checked > 400);
}

static void test_lower(void **state)
{
    (void)state;
    static const clean_case cases[] = {
        {"ĐẦU TƯ", "đầu tư"},
        {"Ủy Ban Nhân Dân TỈNH LẠNG SƠN", "ủy ban nhân dân tỉnh lạng sơn"},
        {"ABC xyz 123", "abc xyz 123"},
        {"", ""},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        kl_buf b;
        kl_buf_init(&b, 0);
        assert_int_equal(kl_text_lower(cases[i].in, strlen(cases[i].in), &b), KL_OK);
        assert_string_equal(b.len ? b.p : "", cases[i].out);
        kl_buf_fini(&b);
    }
}

/* ---- character helpers -------------------------------------------------------------------- */

/* Every Vietnamese letter, lowercase and uppercase in the same order. */
static const char viet_lower[] =
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
static const char viet_upper[] =
    "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰVXYỲÝỶỸỴ";

static void test_viet_case(void **state)
{
    (void)state;
    size_t i = 0, j = 0, n = 0;
    while (i < sizeof viet_lower - 1) {
        int32_t lo, up;
        i += kl_utf8_decode(viet_lower + i, sizeof viet_lower - 1 - i, &lo);
        j += kl_utf8_decode(viet_upper + j, sizeof viet_upper - 1 - j, &up);
        assert_true(kl_char_is_letter(lo) && kl_char_is_letter(up));
        assert_true(kl_char_is_lower(lo) && !kl_char_is_upper(lo));
        assert_true(kl_char_is_upper(up) && !kl_char_is_lower(up));
        assert_int_equal(kl_char_upper(lo), up);
        assert_int_equal(kl_char_lower(up), lo);
        assert_int_equal(kl_char_lower(lo), lo);
        n++;
    }
    assert_int_equal(j, sizeof viet_upper - 1);
    assert_int_equal(n, 89);
    static const int32_t not_letters[] = {'1', ' ', '.', '-', 0x0300, 0x2013, 0x201C, 0xA0};
    for (size_t k = 0; k < N_OF(not_letters); k++) {
        assert_false(kl_char_is_letter(not_letters[k]));
        assert_false(kl_char_is_upper(not_letters[k]));
        assert_false(kl_char_is_lower(not_letters[k]));
        assert_int_equal(kl_char_lower(not_letters[k]), not_letters[k]);
    }
}

static void test_utf8(void **state)
{
    (void)state;
    static const int32_t cps[] = {0,      'A',    0x7F,   0x80,    0xE0,    0x7FF,   0x800,
                                  0x1EA1, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
    for (size_t i = 0; i < N_OF(cps); i++) {
        char b[4];
        int32_t back;
        size_t n = kl_utf8_encode(cps[i], b);
        assert_int_equal(n, cps[i] < 0x80 ? 1 : cps[i] < 0x800 ? 2 : cps[i] < 0x10000 ? 3 : 4);
        assert_int_equal(kl_utf8_decode(b, n, &back), n);
        assert_int_equal(back, cps[i]);
        char two[8];
        two[0] = 'x';
        memcpy(two + 1, b, n);
        assert_int_equal(kl_utf8_prev(two, n + 1), 1);
    }
    static const struct {
        const char *in;
        size_t len;
    } bad[] = {
        {"\x80", 1}, {"\xC3", 1},    {"\xC0\x80", 2}, {"\xED\xA0\x80", 3}, {"\xF4\x90\x80\x80", 4},
        {"\xFF", 1}, {"\xE1\xBA", 2}};
    for (size_t i = 0; i < N_OF(bad); i++) {
        int32_t cp = 0;
        assert_int_equal(kl_utf8_decode(bad[i].in, bad[i].len, &cp), 1);
        assert_int_equal(cp, 0xFFFD);
    }
    int32_t cp = 0;
    assert_int_equal(kl_utf8_decode("", 0, &cp), 0);
    char b[4];
    assert_int_equal(kl_utf8_encode(0xD800, b), 3); /* not a scalar: U+FFFD */
    assert_memory_equal(b, "\xEF\xBF\xBD", 3);
    assert_int_equal(kl_utf8_prev("ab", 2), 1);
    assert_int_equal(kl_utf8_prev("a\x80", 2), 1); /* a stray continuation stands alone */
}

/* ---- outline markers (used by the page-break rules) ------------------------------------- */

static void test_markers(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len;
        bool bullet;
    } cases[] = {
        {"1. Dự thảo", 2, false},    {"10. Về", 3, false},       {"2) a", 2, false},
        {"1.2. Về", 4, false},       {"II. Nhiệm vụ", 3, false}, {"a) Về", 2, false},
        {"đ) Về", 3, false},         {"A. Phần", 2, false},      {"(1) Xác", 3, false},
        {"(12) Cấp", 4, false},      {"(a) x", 3, false},        {"(iv) x", 4, false},
        {"- Văn", 1, true},          {"+ Sở", 1, true},          {"• Sở", 3, true},
        {"-Nội dung", 1, true},      {"1.", 2, false},           {"2.\nx", 2, false},
        {"2030. Bổ sung", 0, false}, {"8.000 người", 0, false},  {"1.1 Về", 0, false},
        {"Covid", 0, false},         {"-5%", 0, false},          {"(Sở Xây dựng trình)", 0, false},
        {"TL. CHỦ TỊCH", 0, false},  {"Thủ tướng", 0, false},    {"", 0, false},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        bool bullet = !cases[i].bullet;
        size_t n = kl_text_marker_len(cases[i].in, strlen(cases[i].in), &bullet);
        if (n != cases[i].len)
            print_error("marker \"%s\": %zu, want %zu\n", cases[i].in, n, cases[i].len);
        assert_int_equal(n, cases[i].len);
        assert_int_equal(bullet, cases[i].bullet);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors),       cmocka_unit_test(test_empty_and_tiny),
        cmocka_unit_test(test_spaces),       cmocka_unit_test(test_tones),
        cmocka_unit_test(test_nfc),          cmocka_unit_test(test_nfc_mark_flood),
        cmocka_unit_test(test_markdown),     cmocka_unit_test(test_page_breaks),
        cmocka_unit_test(test_many_breaks),  cmocka_unit_test(test_map_cases),
        cmocka_unit_test(test_map_identity), cmocka_unit_test(test_map_exhaustive),
        cmocka_unit_test(test_map_random),   cmocka_unit_test(test_fold),
        cmocka_unit_test(test_fold_table),   cmocka_unit_test(test_lower),
        cmocka_unit_test(test_viet_case),    cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_markers),
    };
    const struct CMUnitTest corpus_tests[] = {
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_arena_cap),
    };
    int failed = cmocka_run_group_tests_name("text", tests, NULL, NULL);
    failed +=
        cmocka_run_group_tests_name("text_corpus", corpus_tests, corpus_setup, corpus_teardown);
    return failed ? 1 : 0;
}
