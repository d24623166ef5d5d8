/* Extraction rules on small passages written like real notices: who leads, who supports,
 * which clauses are tasks, and what deadline each carries. Table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "src/extract/extract.h"

typedef struct {
    const char *name;
    const char *text;
    int n_tasks;      /* expected number of tasks */
    int which;        /* the task checked below */
    const char *lead; /* leads joined by "; " */
    const char *support;
    const char *due; /* ISO or NULL */
    const char *kind;
} xcase;

static const char head[] = "Số: 12/TB-UBND\n\nSơn Hà, ngày 10 tháng 3 năm 2024\n\n"
                           "THÔNG BÁO\n\nKết luận phiên họp UBND tỉnh tháng 3 năm 2024\n\n";

static const xcase cases[] = {
    {"giao chủ trì phối hợp",
     "Giao Sở Tài chính chủ trì, phối hợp với Cục Thống kê rà soát số liệu, báo cáo UBND tỉnh "
     "trước ngày 25/3/2024.",
     1, 0, "Sở Tài chính", "Cục Thống kê", "2024-03-25", "before"},
    {"subject first, chậm nhất",
     "Sở Xây dựng tiếp thu, hoàn thiện dự thảo, trình UBND tỉnh chậm nhất ngày 05/4/2024.", 1, 0,
     "Sở Xây dựng", "", "2024-04-05", "by"},
    {"several leads",
     "Sở Tài chính, Cục Thuế, các địa phương đẩy mạnh thu ngân sách, phấn đấu hết năm 2024 "
     "đạt dự toán.",
     1, 0, "Sở Tài chính; Cục Thuế; các địa phương", "", "2024-12-31", "within"},
    {"abbreviations",
     "Sở LĐTBXH chủ trì, phối hợp với Sở TT&TT thực hiện chuyển đổi số trong tháng 4/2024.", 1, 0,
     "Sở Lao động - Thương binh và Xã hội", "Sở Thông tin và Truyền thông", "2024-04-30", "within"},
    {"distributive list",
     "Giao các Sở: Tài chính, Kế hoạch và Đầu tư, Xây dựng phối hợp với UBND huyện Đông Lâm "
     "đề xuất phương án.",
     1, 0, "Sở Tài chính; Sở Kế hoạch và Đầu tư; Sở Xây dựng", "UBND huyện Đông Lâm", NULL, "none"},
    {"narrated is not a task",
     "Sở Kế hoạch và Đầu tư đã chủ trì, phối hợp với các cơ quan xây dựng dự thảo.", 0, 0, NULL,
     NULL, NULL, NULL},
    {"progressive is not a task", "Hiện nay, Sở Y tế đang xây dựng đề án.", 0, 0, NULL, NULL, NULL,
     NULL},
    {"decision of the issuer is not a task",
     "Qua xem xét, thảo luận, UBND tỉnh cơ bản nhất trí với nội dung dự thảo.", 0, 0, NULL, NULL,
     NULL, NULL},
    {"object of do is not a subject",
     "UBND tỉnh nhất trí với dự thảo do Sở Xây dựng chủ trì soạn thảo.", 0, 0, NULL, NULL, NULL,
     NULL},
    {"closing formula",
     "UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các huyện, thành phố "
     "tổ chức thực hiện./.",
     0, 0, NULL, NULL, NULL, NULL},
    {"office-holder stands for the body",
     "Giám đốc Sở Y tế chỉ đạo các bệnh viện bảo đảm thuốc, vật tư y tế.", 1, 0, "Sở Y tế", "",
     NULL, "none"},
    {"yêu cầu after a page break",
     "Về thủy điện: Yêu cầu Sở Công Thương có báo cáo chi tiết gửi UBND tỉnh. Hoàn thành "
     "trước ngày 15/4/2024.",
     1, 0, "Sở Công Thương", "", "2024-04-15", "before"},
    {"completion sentence carries the deadline",
     "Sở Nội vụ xây dựng Đề án vị trí việc làm. Hoàn thành trong tháng 5/2024.", 1, 0, "Sở Nội vụ",
     "", "2024-05-31", "within"},
    {"second giao in one sentence",
     "Giao Sở Tài chính tham mưu các bước triển khai, trước mắt giao Sở Văn hóa, Thể thao và "
     "Du lịch tham mưu thủ tục công nhận điểm du lịch.",
     2, 1, "Sở Văn hóa, Thể thao và Du lịch", "", NULL, "none"},
    {"bare district becomes its committee",
     "Tập trung chỉ đạo; huyện Tân Kiều và huyện Đông Lâm chuẩn bị diễn tập phòng thủ.", 1, 0,
     "UBND huyện Tân Kiều; UBND huyện Đông Lâm", "", NULL, "none"},
    {"group only is still a task",
     "Các cơ quan, đơn vị, địa phương tăng cường kỷ luật, kỷ cương hành chính.", 1, 0,
     "các cơ quan, đơn vị, địa phương", "", NULL, "none"},
    {"UBND huyện, thành phố is normalized",
     "Sở Nội vụ chủ trì, phối hợp với các sở, ngành, UBND huyện, thành phố rà soát biên chế.", 1, 0,
     "Sở Nội vụ", "các sở, ngành; UBND các huyện, thành phố", NULL, "none"},
    {"heading names the lead of its points",
     "1. Sở Y tế:\n\na) Chủ trì, phối hợp với Sở Tài chính mua sắm thiết bị trước ngày "
     "30/4/2024.\n\nb) Phối hợp với các đơn vị có liên quan rà soát nhân lực.",
     2, 1, "Sở Y tế", "các đơn vị có liên quan", NULL, "none"},
    {"revision points are requirements, not tasks",
     "1. Dự thảo Kế hoạch phát triển du lịch (Sở Văn hóa, Thể thao và Du lịch trình).\n\n"
     "Sở Văn hóa, Thể thao và Du lịch tiếp thu, hoàn thiện dự thảo như sau:\n\n"
     "- Bổ sung đánh giá kết quả năm 2023.\n\n- Rà soát các chỉ tiêu.\n\n"
     "Cơ quan chủ trì tiếp thu, hoàn thiện, trình UBND tỉnh trước ngày 20/3/2024.",
     1, 0, "Sở Văn hóa, Thể thao và Du lịch", "", "2024-03-20", "before"},
    {"a point naming its own body is its own task",
     "2. Dự thảo Quy hoạch khu công nghiệp (Sở Xây dựng trình).\n\n"
     "Giao Sở Xây dựng tiếp thu, điều chỉnh như sau:\n\n- Nghiên cứu mở rộng mặt cắt đường.\n\n"
     "- UBND huyện Đông Lâm khẩn trương hoàn thành công tác chuẩn bị đầu tư khu tái định cư."
     "\n\nSở Xây dựng tiếp thu, hoàn thiện dự thảo, trình HĐND tỉnh tại kỳ họp giữa năm 2024.",
     2, 0, "UBND huyện Đông Lâm", "", NULL, "none"},
    {"revision counted at its last statement with the event deadline",
     "2. Dự thảo Quy hoạch khu công nghiệp (Sở Xây dựng trình).\n\n"
     "Giao Sở Xây dựng tiếp thu, điều chỉnh như sau:\n\n- Nghiên cứu mở rộng mặt cắt đường.\n\n"
     "Sở Xây dựng tiếp thu, hoàn thiện dự thảo, trình HĐND tỉnh tại kỳ họp giữa năm 2024.",
     1, 0, "Sở Xây dựng", "", NULL, "event"},
    {"cited document date is not a deadline",
     "Sở Y tế rà soát, tham mưu điều chỉnh Kế hoạch số 320/KH-UBND ngày 03/8/2023.", 1, 0,
     "Sở Y tế", "", NULL, "none"},
    {"proposal to a superior body is not a task",
     "Tiến hành rà soát, đánh giá, đề nghị HĐND tỉnh điều chỉnh Nghị quyết số 02/2020/NQ-HĐND.", 0,
     0, NULL, NULL, NULL, NULL},
    {"person is not a body",
     "Giao đồng chí Nguyễn Văn An, Phó Chủ tịch UBND tỉnh trực tiếp chỉ đạo.", 0, 0, NULL, NULL,
     NULL, NULL},
    {"the issuer as a lead of a directive point",
     "- UBND tỉnh phối hợp với Mặt trận Tổ quốc Việt Nam tỉnh, Tỉnh đoàn vận động ủng hộ.", 1, 0,
     "UBND tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh; Tỉnh đoàn", NULL, "none"},
    {"another province's committee",
     "Sở Giao thông vận tải phối hợp với UBND tỉnh Phú Thọ kiểm tra các cầu.", 1, 0,
     "Sở Giao thông vận tải", "UBND tỉnh Phú Thọ", NULL, "none"},
    {"ongoing",
     "Văn phòng UBND tỉnh theo dõi, đôn đốc; định kỳ hằng tháng báo cáo Chủ tịch UBND tỉnh.", 1, 0,
     "Văn phòng UBND tỉnh", "", NULL, "ongoing"},
    {"quarter", "Sở Tư pháp tham mưu văn bản chỉ đạo trong quý II/2024.", 1, 0, "Sở Tư pháp", "",
     "2024-06-30", "within"},
    {"early month is approx",
     "Sở Kế hoạch và Đầu tư, Sở Tài chính hoàn thiện kế hoạch, báo cáo UBND tỉnh vào đầu "
     "tháng 5 năm 2024.",
     1, 0, "Sở Kế hoạch và Đầu tư; Sở Tài chính", "", "2024-05-01", "approx"},
    {"an assignment inside the issuer's decision",
     "UBND tỉnh thống nhất giao Sở Tài chính làm đầu mối tổng hợp, báo cáo trước 15 giờ ngày "
     "20/3/2024.",
     1, 0, "Sở Tài chính", "", "2024-03-20", "by"},
    {"phối hợp without với",
     "Giao Sở Y tế chủ trì, phối hợp Sở Tài chính, Bảo hiểm xã hội tỉnh rà soát quỹ khám "
     "chữa bệnh.",
     1, 0, "Sở Y tế", "Sở Tài chính; Bảo hiểm xã hội tỉnh", NULL, "none"},
    {"an assignment restated as được giao",
     "Sở Tư pháp được giao chủ trì thẩm định dự thảo, hoàn thành trong tháng 4/2024.", 1, 0,
     "Sở Tư pháp", "", "2024-04-30", "within"},
    {"a presenter named by its head",
     "1. Dự thảo Đề án (Giám đốc Sở Xây dựng trình).\n\nCơ quan chủ trì tiếp thu, hoàn "
     "thiện dự thảo, trình UBND tỉnh trước ngày 30/3/2024.",
     1, 0, "Sở Xây dựng", "", "2024-03-30", "before"},
    {"year omitted rolls over", "Sở Nội vụ báo cáo UBND tỉnh trước ngày 05/01.", 1, 0, "Sở Nội vụ",
     "", "2025-01-05", "before"},
};

static void join(char *out, size_t cap, const kl_org *v, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int k = snprintf(out + used, cap - used, "%s%s", i ? "; " : "", v[i].name);
        if (k < 0 || (size_t)k >= cap - used)
            return;
        used += (size_t)k;
    }
}

static void test_cases(void **state)
{
    (void)state;
    kl_directory *dir;
    kl_calendar *cal;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_directory_open_default(&dir, &err), KL_OK);
    assert_int_equal(kl_calendar_open_default(&cal, &err), KL_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const xcase *c = &cases[i];
        char text[4096];
        int n = snprintf(text, sizeof text, "%s%s", head, c->text);
        assert_true(n > 0 && (size_t)n < sizeof text);
        kl_arena a;
        kl_arena_init(&a, 16u << 20);
        kl_extraction *x;
        assert_int_equal(kl_extract_bytes(&x, text, (size_t)n, dir, cal, &a, &err), KL_OK);
        if ((int)x->n_tasks != c->n_tasks)
            fail_msg("%s: %zu tasks, want %d", c->name, x->n_tasks, c->n_tasks);
        if (c->n_tasks > 0) {
            const kl_task *t = &x->tasks[c->which];
            char got[1024];
            join(got, sizeof got, t->lead, t->n_lead);
            if (strcmp(got, c->lead) != 0)
                fail_msg("%s: lead '%s', want '%s'", c->name, got, c->lead);
            join(got, sizeof got, t->support, t->n_support);
            if (strcmp(got, c->support) != 0)
                fail_msg("%s: support '%s', want '%s'", c->name, got, c->support);
            char iso[11];
            kl_date_iso(t->deadline.due, iso);
            if (strcmp(iso, c->due ? c->due : "") != 0 ||
                strcmp(kl_due_kind_name(t->deadline.kind), c->kind) != 0)
                fail_msg("%s: deadline %s/%s, want %s/%s", c->name, iso,
                         kl_due_kind_name(t->deadline.kind), c->due ? c->due : "", c->kind);
            /* the span points into the original bytes at the clause */
            assert_true(t->span.start < t->span.end && t->span.end <= (size_t)n);
        }
        kl_arena_fini(&a);
    }
    kl_directory_free(dir);
    kl_calendar_free(cal);
}

/* Spans are offsets into the input as read: markdown and page breaks do not shift them. */
static void test_spans_are_original_bytes(void **state)
{
    (void)state;
    static const char text[] = "**THÔNG BÁO**\n\n1. Về dịch bệnh: Yêu\n\ncầu Sở Y tế "
                               "chủ trì, phối hợp với Sở Tài chính mua **vắc xin** trước "
                               "ngày 15/9/2021.\n";
    kl_directory *dir;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_directory_open_default(&dir, &err), KL_OK);
    kl_arena a;
    kl_arena_init(&a, 16u << 20);
    kl_extraction *x;
    assert_int_equal(kl_extract_bytes(&x, text, sizeof text - 1, dir, NULL, &a, &err), KL_OK);
    assert_int_equal(x->n_tasks, 1);
    const kl_task *t = &x->tasks[0];
    const char *anchor = strstr(text, "Sở Y tế");
    assert_true(t->span.start <= (size_t)(anchor - text));
    assert_true(t->span.end > (size_t)(anchor - text));
    assert_true(t->span.end <= sizeof text - 1);
    const kl_deadline *d = &t->deadline;
    assert_int_equal(d->kind, KL_DUE_BEFORE);
    assert_memory_equal(text + d->span.start, "trước", strlen("trước"));
    kl_arena_fini(&a);
    kl_directory_free(dir);
}

/* Bad input: not UTF-8 names the byte; an empty or blank file is an error; text without
 * tasks gives zero tasks. */
static void test_bad_input(void **state)
{
    (void)state;
    kl_directory *dir;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_directory_open_default(&dir, &err), KL_OK);
    kl_arena a;
    kl_arena_init(&a, 16u << 20);
    kl_extraction *x;
    kl_err_clear(&err);
    assert_int_equal(kl_extract_bytes(&x, "abc\xff", 4, dir, NULL, &a, &err), KL_ERR_FORMAT);
    assert_int_equal(err.offset, 3);
    kl_err_clear(&err);
    assert_int_equal(kl_extract_bytes(&x, "", 0, dir, NULL, &a, &err), KL_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "empty"));
    kl_err_clear(&err);
    assert_int_equal(kl_extract_bytes(&x, " \n\t\r\n ", 6, dir, NULL, &a, &err), KL_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "white space"));
    kl_err_clear(&err);
    static const char prose[] = "Thời tiết hôm nay đẹp. Nhân dân vui đón Tết.";
    assert_int_equal(kl_extract_bytes(&x, prose, sizeof prose - 1, dir, NULL, &a, &err), KL_OK);
    assert_int_equal(x->n_tasks, 0);
    kl_buf b;
    kl_buf_init(&b, 0);
    assert_int_equal(kl_extract_to_json(x, &b), KL_OK);
    assert_non_null(strstr(b.p, "\"tasks\":[]"));
    kl_buf_fini(&b);
    kl_arena_fini(&a);
    kl_directory_free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_spans_are_original_bytes),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
