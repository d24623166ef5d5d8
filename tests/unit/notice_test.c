/* The notice model: header fields as laid out by Nghị định 30/2020/NĐ-CP (also as copies
 * from PDF and Word break them), the outline and its paths, recipients and the signature. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "src/extract/extract.h"
#include "src/notice/notice.h"

typedef struct {
    const char *name;
    const char *text;
    const char *issuer, *number, *symbol, *place, *issued, *kind, *subject;
    const char *meetings; /* ISO dates joined by "," */
    const char *sign_authority, *sign_title, *sign_name;
    int n_recipients;
} hcase;

static const hcase cases[] = {
    {"blank number and day, issuer from place and symbol",
     "Số: /TB-UBND\n\nLạng Sơn, ngày tháng 3 năm 2022\n\nTHÔNG BÁO\n\nKết luận phiên họp UBND "
     "tỉnh tháng 3 năm 2022 (Ngày 18 tháng 3 năm 2022)\n\nNgày 18/3/2022, UBND tỉnh đã tổ "
     "chức phiên họp.\n\nNơi nhận:\n- Văn phòng Chính phủ;\n- Lưu: VT.\n\n**TL. CHỦ TỊCH\n"
     "CHÁNH VĂN PHÒNG**\n\nPhạm Hùng Trường\n",
     "UBND tỉnh Lạng Sơn", NULL, "TB-UBND", "Lạng Sơn", "2022-03", "THÔNG BÁO",
     "Kết luận phiên họp UBND tỉnh tháng 3 năm 2022 (Ngày 18 tháng 3 năm 2022)", "2022-03-18",
     "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Phạm Hùng Trường", 1},
    {"office of the committee from its symbol, two meeting days",
     "Số: /TB-VPUBND\n\nLào Cai, ngày tháng 9 năm 2021\n\nTHÔNG BÁO\n\nKết luận phiên họp "
     "(ngày 28, 29 tháng 7 năm 2021)\n\nNội dung.\n\nCHÁNH VĂN PHÒNG\n\nPhan Quốc Nghĩa\n",
     "Văn phòng UBND tỉnh Lào Cai", NULL, "TB-VPUBND", "Lào Cai", "2021-09", "THÔNG BÁO",
     "Kết luận phiên họp (ngày 28, 29 tháng 7 năm 2021)", "2021-07-28,2021-07-29", NULL,
     "CHÁNH VĂN PHÒNG", "Phan Quốc Nghĩa", 0},
    {"agency lines and motto in two columns, as copied from PDF",
     "ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG TRỊ   Độc lập - Tự do "
     "- Hạnh phúc\nSố: 2154/UBND-KT   Quảng Trị, ngày 06 tháng 6 năm 2023\nV/v giải ngân vốn "
     "đầu tư công\nnăm 2023\n\nKính gửi:\n- Các sở, ban, ngành;\n- UBND các huyện.\n\n"
     "Thực hiện chỉ đạo của Chính phủ, Chủ tịch UBND tỉnh yêu cầu:\n1. Sở Tài chính "
     "rà soát.\nNơi nhận:   CHỦ TỊCH\n- Như trên;\n- Lưu: VT.   Võ Văn Hưng\n",
     "UBND tỉnh Quảng Trị", "2154", "UBND-KT", "Quảng Trị", "2023-06-06", "CÔNG VĂN",
     "V/v giải ngân vốn đầu tư công năm 2023", "", NULL, "CHỦ TỊCH", "Võ Văn Hưng", 3},
    {"a dispatch of the Prime Minister has no meeting",
     "THỦ TƯỚNG CHÍNH PHỦ\n-------\nSố: 812/CĐ-TTg\nHà Nội, ngày 12 tháng 9 năm 2024\n\n"
     "CÔNG ĐIỆN\nVề việc khắc phục hậu quả bão\n-------\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n"
     "- Bộ trưởng các Bộ: Quốc phòng, Công an;\n- Chủ tịch UBND các tỉnh.\n\nNgày 10/9/2024, "
     "bão số 3 đổ bộ. Thủ tướng yêu cầu:\n1. Bộ Y tế chỉ đạo phòng dịch.\n\nTHỦ TƯỚNG\n\n"
     "Phạm Minh Chính\n",
     "Thủ tướng Chính phủ", "812", "CĐ-TTg", "Hà Nội", "2024-09-12", "CÔNG ĐIỆN",
     "Về việc khắc phục hậu quả bão", "", NULL, "THỦ TƯỚNG", "Phạm Minh Chính", 2},
    {"upper-case name and two authority lines",
     "Số: 310/TB-UBND\nBắc Kạn, ngày 02 tháng 11 năm 2021\nTHÔNG BÁO\nKết luận cuộc họp\n"
     "Chiều ngày 29/10/2021, Chủ tịch UBND tỉnh chủ trì cuộc họp.\nNơi nhận:\n- Như trên;\n"
     "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n(Đã ký)\nHOÀNG THU TRANG\n",
     "UBND tỉnh Bắc Kạn", "310", "TB-UBND", "Bắc Kạn", "2021-11-02", "THÔNG BÁO",
     "Kết luận cuộc họp", "2021-10-29", "TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG",
     "Hoàng Thu Trang", 1},
    {"no header at all", "Sở Y tế chủ trì thực hiện.", NULL, NULL, NULL, NULL, "", NULL, NULL, "",
     NULL, NULL, NULL, 0},
};

static void check_str(const char *what, const char *got, const char *want, const char *name)
{
    if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0))
        fail_msg("%s: %s is '%s', want '%s'", name, what, got ? got : "(null)",
                 want ? want : "(null)");
}

static void test_header(void **state)
{
    (void)state;
    kl_directory *dir;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_directory_open_default(&dir, &err), KL_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const hcase *c = &cases[i];
        kl_arena a;
        kl_arena_init(&a, 16u << 20);
        kl_extraction *x;
        assert_int_equal(kl_extract_bytes(&x, c->text, strlen(c->text), dir, NULL, &a, &err),
                         KL_OK);
        const kl_header *h = &x->header;
        check_str("issuer", h->issuer, c->issuer, c->name);
        check_str("number", h->number, c->number, c->name);
        check_str("symbol", h->symbol, c->symbol, c->name);
        check_str("place", h->place, c->place, c->name);
        char iso[11], dates[128] = "";
        kl_date_iso(h->issued, iso);
        check_str("issued", iso, c->issued, c->name);
        check_str("kind", h->kind, c->kind, c->name);
        check_str("subject", h->subject, c->subject, c->name);
        for (size_t k = 0; k < h->n_meeting_dates; k++) {
            kl_date_iso(h->meeting_dates[k], iso);
            size_t used = strlen(dates);
            snprintf(dates + used, sizeof dates - used, "%s%s", k ? "," : "", iso);
        }
        check_str("meeting dates", dates, c->meetings, c->name);
        check_str("authority", h->signer.authority, c->sign_authority, c->name);
        check_str("title", h->signer.title, c->sign_title, c->name);
        check_str("signer", h->signer.name, c->sign_name, c->name);
        if ((int)x->n_recipients != c->n_recipients)
            fail_msg("%s: %zu recipients, want %d", c->name, x->n_recipients, c->n_recipients);
        kl_arena_fini(&a);
    }
    kl_directory_free(dir);
}

/* Markers of every style nest by first appearance; bullets do not count in paths; a
 * paragraph without a marker closes the bullets before it. */
static void test_outline(void **state)
{
    (void)state;
    static const char text[] =
        "I. Kết quả\n\nNội dung.\n\nII. Nhiệm vụ\n\n1. Về y tế\n\n- Một;\n\n+ Hai.\n\n"
        "(3) Ba.\n\na) Bốn.\n\nĐoạn văn.\n\n2. Về giáo dục\n\nIII. Kiến nghị\n\n**5.** Năm.\n";
    static const struct {
        const char *start;
        const char *path;
        int marker;
    } want[] = {
        {"I. Kết quả", "I", KL_MARK_ROMAN},         {"Nội dung.", "I", KL_MARK_NONE},
        {"II. Nhiệm vụ", "II", KL_MARK_ROMAN},      {"1. Về y tế", "II.1", KL_MARK_NUM},
        {"- Một;", "II.1", KL_MARK_DASH},           {"+ Hai.", "II.1", KL_MARK_PLUS},
        {"(3) Ba.", "II.1.(3)", KL_MARK_PAREN_NUM}, {"a) Bốn.", "II.1.(3)", KL_MARK_LETTER},
        {"Đoạn văn.", "II.1.(3)", KL_MARK_NONE},    {"2. Về giáo dục", "II.2", KL_MARK_NUM},
        {"III. Kiến nghị", "III", KL_MARK_ROMAN},   {"5. Năm.", "III.5", KL_MARK_NUM},
    };
    kl_arena a;
    kl_arena_init(&a, 16u << 20);
    kl_error err;
    kl_err_clear(&err);
    kl_text *t;
    assert_int_equal(kl_text_clean(&t, text, sizeof text - 1, &a, &err), KL_OK);
    kl_notice *n;
    assert_int_equal(kl_notice_parse(&n, t, &a, &err), KL_OK);
    assert_int_equal(kl_notice_n_blocks(n), sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const kl_block *b = kl_notice_block(n, i);
        const char *s = kl_notice_flow(n) + b->start;
        if (strncmp(s, want[i].start, strlen(want[i].start)) != 0)
            fail_msg("block %zu starts '%.20s', want '%s'", i, s, want[i].start);
        check_str("path", b->path, want[i].path, want[i].start);
        assert_int_equal(b->marker, want[i].marker);
    }
    kl_arena_fini(&a);
}

/* Years are never markers ("năm 2030. Bổ sung" is a sentence, not point 2030). */
static void test_markers(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        kl_marker m;
    } cases_m[] = {
        {"1. Dự thảo", KL_MARK_NUM},
        {"12) Mười hai", KL_MARK_NUM_PAREN},
        {"1.2. Mục", KL_MARK_NUM2},
        {"(7) Bảy", KL_MARK_PAREN_NUM},
        {"a) Một", KL_MARK_LETTER},
        {"đ) Năm", KL_MARK_LETTER},
        {"IV. Bốn", KL_MARK_ROMAN},
        {"- Gạch", KL_MARK_DASH},
        {"+ Cộng", KL_MARK_PLUS},
        {"• Chấm", KL_MARK_DOT},
        {"2030. Bổ sung", KL_MARK_NONE},
        {"15/9/2021 là", KL_MARK_NONE},
        {"Ngày 5", KL_MARK_NONE},
        {"-5 độ", KL_MARK_NONE},
        {"Vì vậy", KL_MARK_NONE},
        {"", KL_MARK_NONE},
        {"1.", KL_MARK_NUM},
    };
    for (size_t i = 0; i < sizeof cases_m / sizeof cases_m[0]; i++) {
        size_t ls, ll, body;
        kl_marker m = kl_notice_marker(cases_m[i].in, strlen(cases_m[i].in), &ls, &ll, &body);
        if (m != cases_m[i].m)
            fail_msg("'%s': marker %d, want %d", cases_m[i].in, m, cases_m[i].m);
    }
}

/* Copies come out single-spaced whatever white space sits where: every position of a long
 * line, so that both the eight-byte test and the byte-by-byte tail see each case. */
static void test_lex_copy(void **state)
{
    (void)state;
    static const char base[] = "Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan";
    static const char *const gaps[] = {"  ", "\n", "\t", " \n ", "\n\n"};
    kl_arena a;
    kl_arena_init(&a, 1u << 20);
    char *same = kl_lex_copy(&a, base, strlen(base));
    assert_non_null(same);
    assert_string_equal(same, base);
    char *trimmed = kl_lex_copy(&a,
                                " \t"
                                "a  b"
                                "\n ",
                                8);
    assert_string_equal(trimmed, "a b");
    char in[128];
    size_t len = strlen(base);
    for (size_t g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
        for (size_t k = 0; k < len; k++) {
            if (base[k] != ' ')
                continue;
            /* replace the space at k by the gap */
            int n = snprintf(in, sizeof in, "%.*s%s%s", (int)k, base, gaps[g], base + k + 1);
            assert_true(n > 0 && (size_t)n < sizeof in);
            char *out = kl_lex_copy(&a, in, (size_t)n);
            assert_non_null(out);
            if (strcmp(out, base) != 0)
                fail_msg("gap %zu at %zu: '%s'", g, k, out);
        }
    }
    kl_arena_fini(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_outline),
        cmocka_unit_test(test_markers),
        cmocka_unit_test(test_lex_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
