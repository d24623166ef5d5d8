/* Unit tests for extract/deadline.c: kl_deadline_find over the spec's table, the real
 * clauses of shared/corpus with their gold answers, the dates that are never deadlines,
 * precedence, year inference, counts of (working) days and hostile input.
 * SPEC: EXTRACTION.md "Deadlines". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/base/base.h"
#include "src/cal/cal.h"
#include "src/extract/deadline_int.h"
#include "src/extract/extract.h"

typedef struct dcase {
    const char *in;
    const char *ref; /* the notice's date: "2021-09-03", "2021-09", "2021" or NULL */
    const char *due; /* ISO or NULL */
    kl_due_kind kind;
    const char *phrase; /* the phrase found, or NULL not to check it */
} dcase;

/* ---- the spec's table, row by row ----------------------------------------------------- */
static const dcase table_cases[] = {
    {"trước ngày 15/9/2021", "2021-09", "2021-09-15", KL_DUE_BEFORE, "trước ngày 15/9/2021"},
    {"trình UBND tỉnh trước 30/6/2022.", "2022-03", "2022-06-30", KL_DUE_BEFORE, "trước 30/6/2022"},
    {"trước ngày 15 tháng 9 năm 2021", "2021-09", "2021-09-15", KL_DUE_BEFORE, NULL},
    {"chậm nhất ngày 06/5/2021", "2021-05", "2021-05-06", KL_DUE_BY, "chậm nhất ngày 06/5/2021"},
    {"báo cáo chậm nhất trong ngày 03/8/2021", "2021-08", "2021-08-03", KL_DUE_BY,
     "chậm nhất trong ngày 03/8/2021"},
    {"trong ngày 03/8/2021", "2021-08", "2021-08-03", KL_DUE_BY, "trong ngày 03/8/2021"},
    {"hoàn thành ngày 10/5/2021", "2021-05", "2021-05-10", KL_DUE_BY, NULL},
    {"báo cáo UBND tỉnh ngày 10/5/2021", "2021-05", "2021-05-10", KL_DUE_BY, "ngày 10/5/2021"},
    {"tổ chức vào ngày 10/5/2021", "2021-05", "2021-05-10", KL_DUE_BY, "vào ngày 10/5/2021"},
    {"trước hoặc trong ngày 10/5/2021", "2021-05", "2021-05-10", KL_DUE_BY,
     "trước hoặc trong ngày 10/5/2021"},
    {"không muộn hơn ngày 10/5/2021", "2021-05", "2021-05-10", KL_DUE_BY, NULL},
    {"trong tháng 9/2021", "2021-09", "2021-09-30", KL_DUE_WITHIN, "trong tháng 9/2021"},
    {"trong tháng 3/2022", "2022-03", "2022-03-31", KL_DUE_WITHIN, NULL},
    {"Hoàn thành trong tháng 9.", "2021-08-25", "2021-09-30", KL_DUE_WITHIN,
     "Hoàn thành trong tháng 9"},
    {"báo cáo UBND tỉnh vào đầu tháng 10 năm 2021", "2021-09", "2021-10-01", KL_DUE_APPROX,
     "vào đầu tháng 10 năm 2021"},
    {"vào đầu tháng 5/2021", "2021-04", "2021-05-01", KL_DUE_APPROX, NULL},
    {"giữa tháng 10/2021", "2021-09", "2021-10-15", KL_DUE_APPROX, NULL},
    {"cuối tháng 2/2024", "2024-01", "2024-02-29", KL_DUE_APPROX, NULL},
    {"cuối tháng 11", "2021-09", "2021-11-30", KL_DUE_APPROX, NULL},
    {"đầu năm 2022", "2021-09", "2022-01-01", KL_DUE_APPROX, NULL},
    {"giữa năm 2022", "2021-09", "2022-06-30", KL_DUE_APPROX, NULL},
    {"hoàn thành vào cuối năm 2022", "2021-09", "2022-12-31", KL_DUE_APPROX, NULL},
    {"hoàn thành trước cuối năm", "2021-09", "2021-12-31", KL_DUE_APPROX, "trước cuối năm"},
    {"trong quý II/2022", "2022-03", "2022-06-30", KL_DUE_WITHIN, "trong quý II/2022"},
    {"quý IV năm 2021", "2021-09", "2021-12-31", KL_DUE_WITHIN, "quý IV năm 2021"},
    {"hoàn thành quý 3/2021", "2021-05", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"hoàn thành trong quý I", "2021-12", "2022-03-31", KL_DUE_WITHIN, NULL},
    {"trong 6 tháng đầu năm", "2021-03", "2021-06-30", KL_DUE_WITHIN, NULL},
    {"6 tháng cuối năm 2020", "2020-07", "2020-12-31", KL_DUE_WITHIN, NULL},
    {"trong năm 2022", "2021-09", "2022-12-31", KL_DUE_WITHIN, "trong năm 2022"},
    {"thu ngân sách hết năm 2022 đạt dự toán", "2022-03", "2022-12-31", KL_DUE_WITHIN, NULL},
    {"hoàn thành năm 2021", "2021-03", "2021-12-31", KL_DUE_WITHIN, NULL},
    {"13 xã phấn đấu đạt chuẩn nông thôn mới năm 2020", "2020-07", "2020-12-31", KL_DUE_WITHIN,
     "mới năm 2020"},
    {"trồng rừng mới năm 2021", "2021-09", "2021-12-31", KL_DUE_WITHIN, NULL},
    {"trình kỳ họp giữa năm 2022 của HĐND tỉnh.", "2022-03", NULL, KL_DUE_EVENT,
     "kỳ họp giữa năm 2022 của HĐND tỉnh"},
    {"trình HĐND tỉnh tại kỳ họp cuối năm", "2021-09", NULL, KL_DUE_EVENT, NULL},
    {"trình HĐND tỉnh tại kỳ họp giữa năm 2021.", "2021-05", NULL, KL_DUE_EVENT, NULL},
    {"trình HĐND tỉnh kỳ họp chuyên đề dự kiến tổ chức đầu tháng 5/2021.", "2021-04", "2021-05-01",
     KL_DUE_EVENT, "kỳ họp chuyên đề dự kiến tổ chức đầu tháng 5/2021"},
    {"trình kỳ họp thường lệ tháng 7/2021 của HĐND tỉnh", "2021-05", "2021-07-31", KL_DUE_EVENT,
     NULL},
    {"thường xuyên kiểm tra, đôn đốc", "2021-09", NULL, KL_DUE_ONGOING, "thường xuyên"},
    {"báo cáo định kỳ", "2021-09", NULL, KL_DUE_ONGOING, "định kỳ"},
    {"rà soát hàng năm", "2021-09", NULL, KL_DUE_ONGOING, "hàng năm"},
    {"cập nhật hằng năm", "2021-09", NULL, KL_DUE_ONGOING, "hằng năm"},
    {"báo cáo hằng quý", "2021-09", NULL, KL_DUE_ONGOING, "hằng quý"},
    {"báo cáo hằng tháng", "2021-09", NULL, KL_DUE_ONGOING, "hằng tháng"},
    {"báo cáo hàng tuần", "2021-09", NULL, KL_DUE_ONGOING, "hàng tuần"},
    {"báo cáo hằng tuần", "2021-09", NULL, KL_DUE_ONGOING, NULL},
    {"trong thời hạn 10 ngày làm việc kể từ ngày ký", "2021-09-03", "2021-09-17", KL_DUE_BY,
     "trong thời hạn 10 ngày làm việc kể từ ngày ký"},
    {"trong thời hạn 10 ngày (làm việc) kể từ ngày ký", "2021-09-03", "2021-09-17", KL_DUE_BY,
     NULL},
    {"trong thời hạn 10 ngày kể từ ngày ký", "2021-09-03", "2021-09-13", KL_DUE_BY, NULL},
    {"trong vòng 15 ngày kể từ ngày ban hành văn bản này", "2021-12-20", "2022-01-04", KL_DUE_BY,
     NULL},
    {"trong thời hạn 10 ngày kể từ ngày ký", "2021-09", NULL, KL_DUE_BY, NULL},
    {"trong thời hạn 05 ngày kể từ ngày nhận được văn bản", "2021-09", NULL, KL_DUE_EVENT, NULL},
    {"hoàn thiện kể từ ngày nhận được hồ sơ", "2021-09", NULL, KL_DUE_EVENT, NULL},
    {"trước khi trình Ban Thường vụ Tỉnh ủy.", "2021-05", NULL, KL_DUE_EVENT,
     "trước khi trình Ban Thường vụ Tỉnh ủy"},
    {"hoàn thiện trước khi gửi Bộ Kế hoạch và Đầu tư", "2021-05", NULL, KL_DUE_EVENT, NULL},
    {"khẩn trương hoàn thiện", "2021-09", NULL, KL_DUE_NONE, NULL},
    {"triển khai ngay", "2021-09", NULL, KL_DUE_NONE, NULL},
    {"sớm đề xuất", "2021-09", NULL, KL_DUE_NONE, NULL},
    {"trước mắt thực hiện đầu tư ngay", "2021-09", NULL, KL_DUE_NONE, NULL},
};

/* ---- dates that are never deadlines ---------------------------------------------------- */
static const dcase never_cases[] = {
    {"thay thế Nghị quyết số 66/2017/NQ-HĐND ngày 11/12/2017", "2022-03", NULL, KL_DUE_NONE, NULL},
    {"điều chỉnh Kế hoạch số 320/KH-UBND ngày 03/8/2021 về tổ chức", "2021-09", NULL, KL_DUE_NONE,
     NULL},
    {"theo yêu cầu tại Công điện số 01/CĐ-BKHĐT ngày 28/4/2021", "2021-05", NULL, KL_DUE_NONE,
     NULL},
    {"thực hiện Kết luận số 64-KL/TW, ngày 30/10/2019", "2021-05", NULL, KL_DUE_NONE, NULL},
    {"Chỉ thị số 10-CT/TW ngày 25/9/2021 của Ban Bí thư", "2022-03", NULL, KL_DUE_NONE, NULL},
    {"Quyết định số 1804/QĐ-TTg ngày 13/11/2020", "2021-05", NULL, KL_DUE_NONE, NULL},
    {"báo cáo theo Nghị quyết 68/NQ-CP ngày 01/7/2021 của Chính phủ", "2021-09", NULL, KL_DUE_NONE,
     NULL},
    {"báo cáo kết quả Công văn số 1234 ngày 05/8/2021", "2021-09", NULL, KL_DUE_NONE, NULL},
    {"trình Nghị quyết ngày 11/12/2017 của HĐND tỉnh", "2021-09", NULL, KL_DUE_NONE, NULL},
    {"Ngày 18/3/2022, UBND tỉnh đã tổ chức phiên họp", "2022-03", NULL, KL_DUE_NONE, NULL},
    {"báo cáo kết quả phiên họp ngày 18/3/2022", "2022-03", NULL, KL_DUE_NONE, NULL},
    {"trình các ý kiến tại cuộc họp ngày 18/3/2022", "2022-03", NULL, KL_DUE_NONE, NULL},
    {"cho Bưu điện tỉnh thực hiện từ ngày 01/4/2021.", "2021-05", NULL, KL_DUE_NONE, NULL},
    {"thời điểm áp dụng từ ngày 01/01/2022.", "2021-08", NULL, KL_DUE_NONE, NULL},
    {"có hiệu lực kể từ ngày 01/7", "2021-05", NULL, KL_DUE_NONE, NULL},
    {"số liệu tính đến ngày 30/6/2021", "2021-07", NULL, KL_DUE_NONE, NULL},
    {"Kế hoạch phát triển kinh tế - xã hội giai đoạn 2021 - 2025", "2020-07", NULL, KL_DUE_NONE,
     NULL},
    {"Kế hoạch sử dụng đất năm 2022", "2021-09", NULL, KL_DUE_NONE, NULL},
    {"Nghị quyết Đại hội Đảng bộ các cấp nhiệm kỳ 2020 - 2025", "2020-07", NULL, KL_DUE_NONE, NULL},
    {"Tham mưu tổ chức Lễ khai giảng năm học mới 2021-2022", "2021-09", NULL, KL_DUE_NONE, NULL},
    {"Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050", "2020-07", NULL, KL_DUE_NONE,
     NULL},
    {"Đề án phát triển lâm nghiệp bền vững đến năm 2030.", "2020-07", NULL, KL_DUE_NONE, NULL},
    {"đề xuất phương án thu ngân sách năm 2022-2025", "2021-09", NULL, KL_DUE_NONE, NULL},
    {"Kế hoạch tài chính 5 năm 2021-2025 của tỉnh", "2021-09", NULL, KL_DUE_NONE, NULL},
    {"kỷ niệm 110 năm ngày sinh đồng chí Lương Văn Tri", "2020-07", NULL, KL_DUE_NONE, NULL},
    {"bám sát tiến độ ngay từ đầu năm.", "2022-03", NULL, KL_DUE_NONE, NULL},
    {"vốn được giao từ đầu tháng 9", "2021-09", NULL, KL_DUE_NONE, NULL},
    {"Kết luận phiên họp UBND tỉnh tháng 3 năm 2022", "2022-03", NULL, KL_DUE_NONE, NULL},
    {"nhiệm vụ trọng tâm quý II năm 2022", "2022-03", NULL, KL_DUE_NONE, NULL},
    {"Báo cáo kinh tế - xã hội 6 tháng đầu năm đã chỉ ra", "2020-07", NULL, KL_DUE_NONE, NULL},
    {"trình Ban Thường vụ Tỉnh ủy xem xét, chỉ đạo.", "2021-05", NULL, KL_DUE_NONE, NULL},
};

/* ---- precedence, year inference, working days, odd input ------------------------------ */
static const dcase rule_cases[] = {
    /* an explicit day beats an event without a time, whichever comes first */
    {"báo cáo UBND tỉnh trước ngày 12/5/2021 để trình Đảng đoàn HĐND tỉnh thẩm định trước "
     "khi trình Ban Thường vụ Tỉnh ủy.",
     "2021-05", "2021-05-12", KL_DUE_BEFORE, "trước ngày 12/5/2021"},
    {"trước khi trình Ban Thường vụ, chậm nhất ngày 06/5/2021", "2021-05", "2021-05-06", KL_DUE_BY,
     NULL},
    /* day > event with time > month > quarter > half-year > year > event > ongoing */
    {"thường xuyên báo cáo, hoàn thành trong năm 2021", "2021-05", "2021-12-31", KL_DUE_WITHIN,
     "trong năm 2021"},
    {"trong tháng 9/2021, trình kỳ họp HĐND tỉnh cuối năm 2021", "2021-08", "2021-09-30",
     KL_DUE_WITHIN, "trong tháng 9/2021"},
    {"trình kỳ họp dự kiến tổ chức ngày 20/7/2021, hoàn thành trong tháng 7/2021", "2021-05",
     "2021-07-20", KL_DUE_EVENT, NULL},
    {"trong quý IV/2021 và trong năm 2021", "2021-09", "2021-12-31", KL_DUE_WITHIN,
     "trong quý IV/2021"},
    {"trong năm 2021, trong 6 tháng cuối năm 2021", "2021-07", "2021-12-31", KL_DUE_WITHIN,
     "trong 6 tháng cuối năm 2021"},
    {"trong tháng 9/2021, chậm nhất ngày 20/9/2021", "2021-09", "2021-09-20", KL_DUE_BY, NULL},
    /* among equals, the last */
    {"báo cáo trước ngày 10/9/2021; hoàn thành trước ngày 30/9/2021", "2021-09", "2021-09-30",
     KL_DUE_BEFORE, "trước ngày 30/9/2021"},
    {"trong tháng 9/2021 hoặc trong tháng 10/2021", "2021-09", "2021-10-31", KL_DUE_WITHIN, NULL},
    /* SPEC: the year omitted is the notice's, or the next if more than two months before */
    {"hoàn thành trong tháng 1", "2021-12", "2022-01-31", KL_DUE_WITHIN, NULL},
    {"báo cáo trước ngày 12/5", "2021-05", "2021-05-12", KL_DUE_BEFORE, NULL},
    {"báo cáo trước ngày 12/5", "2021-05-20", "2021-05-12", KL_DUE_BEFORE, NULL},
    {"báo cáo trước ngày 12/5", "2021-09", "2022-05-12", KL_DUE_BEFORE, NULL},
    {"hoàn thành trong tháng 10", "2021-12", "2021-10-31", KL_DUE_WITHIN, NULL},
    {"báo cáo trước ngày 10/3", "2021-05-15", "2022-03-10", KL_DUE_BEFORE, NULL},
    {"báo cáo trước ngày 20/3", "2021-05-15", "2021-03-20", KL_DUE_BEFORE, NULL},
    {"trước ngày 15/9", "2021", "2021-09-15", KL_DUE_BEFORE, NULL},
    {"trước ngày 15/9", NULL, NULL, KL_DUE_BEFORE, "trước ngày 15/9"},
    {"trong tháng này", "2021-12", "2021-12-31", KL_DUE_WITHIN, NULL},
    {"trong tháng tới", "2021-12", "2022-01-31", KL_DUE_WITHIN, NULL},
    {"trong năm nay", "2021-12", "2021-12-31", KL_DUE_WITHIN, NULL},
    {"cuối năm tới", "2021-12", "2022-12-31", KL_DUE_APPROX, NULL},
    {"trước thứ Sáu, ngày 10/9/2021", "2021-09", "2021-09-10", KL_DUE_BEFORE,
     "trước thứ Sáu, ngày 10/9/2021"},
    {"trước ngày 15-9-2021", "2021-09", "2021-09-15", KL_DUE_BEFORE, NULL},
    {"trước ngày 15.9.2021", "2021-09", "2021-09-15", KL_DUE_BEFORE, NULL},
    {"TRƯỚC NGÀY 15/9/2021", "2021-09", NULL, KL_DUE_NONE, NULL},
    {"Trước ngày 15/9/2021, các sở báo cáo", "2021-09", "2021-09-15", KL_DUE_BEFORE, NULL},
    /* counts: working days through Quốc khánh 2021 (2-3/9) and Tết 2022; months, weeks */
    {"trong thời hạn 05 ngày làm việc kể từ ngày ký", "2021-08-31", "2021-09-09", KL_DUE_BY, NULL},
    {"trong vòng 3 ngày làm việc kể từ ngày ký", "2022-01-28", "2022-02-09", KL_DUE_BY, NULL},
    {"trong thời hạn 01 tháng kể từ ngày ký", "2021-01-31", "2021-02-28", KL_DUE_BY, NULL},
    {"trong 2 tuần kể từ ngày ký", "2021-09-03", "2021-09-17", KL_DUE_BY, NULL},
    {"trong 10 ngày kể từ ngày 01/7/2021", "2021-05", "2021-07-11", KL_DUE_BY, NULL},
    {"trong 10 ngày", "2021-09-03", NULL, KL_DUE_NONE, NULL},
    /* invalid or truncated: no deadline, no crash */
    {"trước ngày 31/2/2021", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"trước ngày 45/13", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"trong tháng 13/2021", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"tháng 13/2021", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"trong quý V/2021", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"trước ngày 1", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"trước ngày 15/", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"trước ngày 15/9/20", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"trước ngày 15/9/20211", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"quý", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"trong quý", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"trong năm", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"kỳ", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"ngày", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"trong 99999 ngày kể từ ngày ký", "2021-01-01", NULL, KL_DUE_NONE, NULL},
    {"", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"tr\xc6", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"trước ng\xc3", "2021-01", NULL, KL_DUE_NONE, NULL},
    {"trong năm 2022 của", "2021-01", "2022-12-31", KL_DUE_WITHIN, NULL},
};

/* ---- the real clauses of shared/corpus, with the gold answer ---------------------------- */
static const dcase corpus_cases[] = {
    {"Các sở, ban, ngành, UBND các huyện, thành phố tăng cường công tác "
     "phối hợp với đơn vị tư vấn để xây dựng Quy hoạch tỉnh bảo "
     "đảm chất lượng, hiệu quả, đáp ứng theo yêu cầu của Tỉnh ủy, "
     "UBND tỉnh; chỉ đạo đơn vị tư vấn báo cáo hàng tuần với Thường "
     "trực Tỉnh ủy về kết quả, tiến độ thực hiện lập Quy hoạch "
     "tỉnh.",
     "2022-03", NULL, KL_DUE_ONGOING, NULL},
    {"Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các cơ quan "
     "liên quan nghiên cứu, xây dựng dự thảo Nghị quyết chung về chính "
     "sách hỗ trợ, ưu đãi đầu tư trên địa bàn tỉnh thay thế Nghị "
     "quyết số 12/2018/NQ-HĐND, Nghị quyết số 66/2017/NQ-HĐND và các Nghị "
     "quyết khác có tính chất tương tự (trừ lĩnh vực nông nghiệp, nông "
     "thôn); tập trung hoàn thành, trình kỳ họp giữa năm 2022 của HĐND "
     "tỉnh. Quá trình triển khai thực hiện Nghị quyết, từng ngành, từng "
     "lĩnh vực sẽ có hướng dẫn cụ thể.",
     "2022-03", NULL, KL_DUE_EVENT, NULL},
    {"Sở Xây dựng tập trung hoàn thiện, trình UBND tỉnh trước ngày 05/4/2022 "
     "để xem xét, ban hành.",
     "2022-03", "2022-04-05", KL_DUE_BEFORE, NULL},
    {"Giao Sở Tài nguyên và Môi trường rà soát, tiếp thu tối đa ý kiến "
     "tham gia của các cơ quan liên quan, hoàn thiện dự thảo Kế hoạch, trình "
     "UBND tỉnh trong tháng 3/2022.",
     "2022-03", "2022-03-31", KL_DUE_WITHIN, NULL},
    {"Đôn đốc, kiểm tra việc UBND các huyện, thành phố trên cơ sở các "
     "mục tiêu, nhiệm vụ kế hoạch công tác năm 2021, các nguồn lực đã "
     "được giao, chủ động lồng ghép, ưu tiên bố trí vốn, tạm ứng vốn "
     "để thực hiện công tác chuẩn bị đầu tư, giải phóng mặt bằng các "
     "công trình, dự án, nội dung công việc thuộc các chương trình mục "
     "tiêu quốc gia, trọng tâm là Chương trình xây dựng nông thôn mới (các "
     "xã phân đấu về đích nông thôn mới năm 2021), bảo đảm khởi công "
     "xây dựng các công trình trước ngày 01/7/2021.",
     "2021-05", "2021-07-01", KL_DUE_BEFORE, NULL},
    {"Sở Kế hoạch và Đầu tư tiếp thu, khẩn trương hoàn thành, báo cáo "
     "UBND tỉnh chậm nhất ngày 06/5/2021 để ban hành.",
     "2021-05", "2021-05-06", KL_DUE_BY, NULL},
    {"Cơ quan chủ trì tiếp thu, khẩn trương hoàn thiện chương trình, báo "
     "cáo UBND tỉnh trước ngày 20/5/2021 để xem xét ban hành.",
     "2021-05", "2021-05-20", KL_DUE_BEFORE, NULL},
    {"Sở Kế hoạch và Đầu tư khẩn trương hoàn thiện dự thảo kế "
     "hoạch, tham mưu, đề xuất UBND tỉnh trình HĐND tỉnh, Tỉnh ủy xem xét "
     "cho ý kiến hoàn thiện trước khi gửi Bộ Kế hoạch và Đầu tư tổng "
     "hợp, báo cáo Thủ tướng Chính phủ xem xét theo đúng yêu cầu tại "
     "Công điện số 01/CĐ-BKHĐT ngày 28/4/2021 của Bộ trưởng Bộ Kế hoạch "
     "và Đầu tư.",
     "2021-05", NULL, KL_DUE_EVENT, NULL},
    {"UBND huyện Hữu Lũng khẩn trương hoàn thành công tác chuẩn bị đầu "
     "tư và triển khai thực hiện dự án khu tái định cư để đáp ứng "
     "được ngay khi thực hiện công tác di dân, giải phóng mặt bằng khu "
     "công nghiệp. Đồng thời lựa chọn một số địa điểm, xác định quy "
     "mô phù hợp để lập quy hoạch và đầu tư xây dựng các khu nghĩa trang "
     "nhân dân phục vụ di chuyển mộ mã khi thực hiện dự án Khu công "
     "nghiệp và Khu Công nghiệp - Đô thị - Dịch vụ Hữu Lũng; trước mắt "
     "thực hiện đầu tư ngay khu nghĩa trang nhân dân để di dời hơn 500 ngôi "
     "mộ đã được xác định trong quy hoạch Khu công nghiệp.",
     "2021-05", NULL, KL_DUE_NONE, NULL},
    {"Sở Xây dựng tiếp thu, hoàn thiện dự thảo Nghị quyết, thực hiện "
     "các bước theo quy định, báo cáo UBND tỉnh xem xét, trình HĐND tỉnh kỳ "
     "họp chuyên đề dự kiến tổ chức đầu tháng 5/2021.",
     "2021-05", "2021-05-01", KL_DUE_EVENT, NULL},
    {"UBND thành phố Lạng Sơn tiếp thu, khẩn trương hoàn thiện, báo cáo UBND "
     "tỉnh trước ngày 12/5/2021 để trình Đảng đoàn HĐND tỉnh thẩm định "
     "trước khi trình Ban Thường vụ Tỉnh ủy.",
     "2021-05", "2021-05-12", KL_DUE_BEFORE, NULL},
    {"Bộ Chỉ huy Quân sự tỉnh tiếp thu, hoàn thiện dự thảo, báo cáo UBND "
     "tỉnh trước ngày 08/5/2021 để trình Đảng đoàn HĐND tỉnh thẩm định "
     "trước khi trình Ban Thường vụ Tỉnh ủy.",
     "2021-05", "2021-05-08", KL_DUE_BEFORE, NULL},
    {"Giao Bộ Chỉ huy Quân sự tỉnh nghiên cứu, tham mưu Ban cán sự đảng "
     "UBND tỉnh trình Ban Thường vụ Tỉnh ủy văn bản chỉ đạo thực hiện "
     "Kết luận số 59-KL/TW ngày 16/9/2019 của Bộ Chính trị; hoàn thành "
     "trước ngày 10/5/2021.",
     "2021-05", "2021-05-10", KL_DUE_BEFORE, NULL},
    {"Sở Y tế tiếp thu, hoàn chỉnh dự thảo để trình HĐND tỉnh tại kỳ "
     "họp giữa năm 2021.",
     "2021-05", NULL, KL_DUE_EVENT, NULL},
    {"Cơ quan chủ trì tiếp thu, hoàn thiện dự thảo, báo cáo UBND tỉnh "
     "trước ngày 12/5/2021 xem xét ban hành.",
     "2021-05", "2021-05-12", KL_DUE_BEFORE, NULL},
    {"Giao Văn phòng UBND tỉnh phối hợp với Sở Nội vụ hoàn thiện dự "
     "thảo văn bản của Ban cán sự đảng UBND tỉnh, trình Ban Thường vụ "
     "Tỉnh ủy xem xét, chỉ đạo.",
     "2021-05", NULL, KL_DUE_NONE, NULL},
    {"Tiếp tục thực hiện nghiêm túc chủ đề năm 2020 về “Tăng cường "
     "kỷ luật, kỷ cương hành chính, nâng cao trách nhiệm, hiệu quả phục "
     "vụ người dân và doanh nghiệp”. Đây là nhiệm vụ quan trọng xuyên "
     "suốt của nhiệm kỳ này, cần quán triệt và tập trung thực hiện tốt.",
     "2020-07", NULL, KL_DUE_NONE, NULL},
    {"Quan tâm chỉ đạo thực hiện quyết liệt, sáng tạo, hiệu quả các "
     "chương trình, nghị quyết, quyết định của Trung ương, của tỉnh về "
     "mục tiêu, nhiệm vụ Kế hoạch phát triển kinh tế - xã hội năm 2020. "
     "Phát huy tinh thần đoàn kết, thống nhất, quyết tâm vượt qua khó "
     "khăn, phấn đấu hoàn thành các mục tiêu, nhiệm vụ của Nghị quyết "
     "Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI ở mức cao nhất.",
     "2020-07", NULL, KL_DUE_NONE, NULL},
    {"Đẩy mạnh hoạt động sản xuất nông lâm nghiệp, tăng cường ứng "
     "dụng khoa học kỹ thuật để nâng cao năng suất, chất lượng sản "
     "phẩm. Tập trung phát triển kinh tế lâm nghiệp, triển khai có hiệu "
     "quả Đề án phát triển lâm nghiệp bền vững tỉnh Lạng Sơn đến năm "
     "2030. Tăng cường phát triển các ngành công nghiệp chế biến, công "
     "nghiệp hỗ trợ, nâng cao giá trị sản phẩm chế biến từ nông lâm "
     "nghiệp. Tất cả các nội dung này cần phải thực hiện ở mức tốt "
     "nhất có thể để bù đắp thiệt hại, thiếu hụt do ảnh hưởng của "
     "dịch bệnh COVID-19 gây ra.",
     "2020-07", NULL, KL_DUE_NONE, NULL},
    {"Đẩy nhanh tiến độ xây dựng nông thôn mới, trọng tâm là 13 xã phân "
     "đầu đạt chuẩn năm 2020. Tăng cường thông tin, tuyên truyền, triển "
     "khai có hiệu quả Nghị quyết số 08/2019/NQ-HĐND của HĐND tỉnh về "
     "chính sách đặc thù khuyến khích đầu tư, phát triển hợp tác, liên "
     "kết sản xuất và tiêu thụ sản phẩm nông nghiệp, nông thôn trên "
     "địa bàn tỉnh giai đoạn 2020 - 2025. Các huyện, thành phố phải tập "
     "trung chỉ đạo cụ thể, sát sao để hoàn thành chỉ tiêu đã đề ra "
     "về số đối tượng triển khai thực hiện Nghị quyết số "
     "08/2019/NQ-HĐND đủ điều kiện được hưởng chính sách khuyến khích, "
     "hỗ trợ của tỉnh.",
     "2020-07", "2020-12-31", KL_DUE_WITHIN, NULL},
    {"Tăng cường công tác quản lý thu ngân sách, không điều chỉnh chỉ "
     "tiêu thu ngân sách đã giao năm 2020, thực hiện quyết liệt công tác thu "
     "hồi nợ thuế, quyết tâm phân đầu thực hiện đạt dự toán thu ngân "
     "sách ở mức cao nhất để bảo đảm các khoản chi theo kế hoạch. "
     "Đẩy mạnh công tác chống buôn lậu, gian lận thương mại; sản xuất, "
     "kinh doanh hàng giả, hàng cấm; quản lý tốt thị trường nội địa.",
     "2020-07", NULL, KL_DUE_NONE, NULL},
    {"Tăng cường kiểm tra, đôn đốc các chủ đầu tư, nhà thầu khẩn "
     "trương hoàn thiện thủ tục đầu tư, đẩy nhanh tiến độ thực hiện "
     "và giải ngân các nguồn vốn đầu tư công của kế hoạch năm 2020, "
     "nhất là các dự án được giao vốn khởi công mới và hoàn thành trong "
     "năm 2020, như dự án: Cải tạo, nâng cấp Quốc lộ 4B; Kè chống sạt "
     "lở bờ sông Kỳ Cùng thị trấn Na Sầm, huyện Văn Lãng và các dự án "
     "sử dụng vốn ODA, các dự án thuộc Chương trình mục tiêu. rà soát "
     "các dự án thực hiện khối lượng thấp không có khả năng giải ngân "
     "để kịp thời điều chỉnh kế hoạch vốn, đảm bảo giải ngân hết "
     "kế hoạch vốn được giao, cương quyết xử lý các cơ quan, đơn vị "
     "không giải ngân hết kế hoạch vốn được giao, phải hủy dự toán. "
     "Các huyện, các xã tiếp tục đẩy mạnh triển khai Đề án phát triển "
     "đường giao thông nông thôn, UBND tỉnh sẽ tiếp tục hỗ trợ xi măng "
     "và kinh phí làm đường giao thông nông thôn trong 6 tháng cuối năm.",
     "2020-07", "2020-12-31", KL_DUE_WITHIN, NULL},
    {"Quan tâm hỗ trợ nhà đầu tư thực hiện dự án khu du lịch quốc gia "
     "Mẫu Sơn, khởi công một số hạng mục trong năm 2020. Đây xác định "
     "là đầu kéo trong phát triển du lịch của tỉnh để tạo ra các sản "
     "phẩm, tua tuyến du lịch mới. Tập trung chỉ đạo lập quy hoạch và thu "
     "hút đầu tư vào khu vực phát triển công nghiệp - dịch vụ - đô thị "
     "tại huyện Hữu Lũng để tạo bước đột phá trong phát triển kinh tế "
     "của tỉnh trong thời gian tới.",
     "2020-07", "2020-12-31", KL_DUE_WITHIN, NULL},
    {"Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các sở, ngành, UBND "
     "huyện, thành phố khẩn trương triển khai xây dựng Quy hoạch tỉnh "
     "Lạng Sơn thời kỳ 2021 - 2030, tầm nhìn đến năm 2050. UBND các huyện, "
     "thành phố quan tâm, tập trung nâng cao chất lượng xây dựng Kế hoạch "
     "phát triển kinh tế - xã hội giai đoạn 2021 - 2025; quy hoạch sử dụng "
     "đất thời kỳ 2021 - 2030, trong đó phải dự báo được tình hình phát "
     "triển thời gian tới để xây dựng quy hoạch, khắc phục được những "
     "hạn chế, vướng mắc trong thời gian qua.",
     "2020-07", NULL, KL_DUE_NONE, NULL},
    {"Tập trung chuẩn bị và tổ chức tốt hoạt động kỷ niệm các ngày "
     "Lễ lớn, sự kiện lớn của tỉnh như: kỷ niệm 110 năm ngày sinh "
     "đồng chí Lương Văn Tri, 80 năm khởi nghĩa Bắc Sơn, kỷ niệm Chiến "
     "thắng biên giới. Đẩy mạnh công tác kiểm tra về chất lượng vệ "
     "sinh an toàn thực phẩm, quản lý giá thuốc.",
     "2020-07", NULL, KL_DUE_NONE, NULL},
    {"Tiến hành rà soát, đánh giá, đề nghị HĐND tỉnh điều chỉnh Nghị "
     "quyết số 02/2020/NQ-HĐND ngày 30/3/2020 quy định chức danh, số lượng, "
     "mức phụ cấp chức danh, phụ cấp kiêm nhiệm chức danh đối với "
     "người hoạt động không chuyên trách ở cấp xã; mức khoán kinh phí "
     "hoạt động của các tổ chức chính trị - xã hội ở cấp xã và mức "
     "phụ cấp chức danh, phụ cấp kiêm nhiệm chức danh đối với người "
     "hoạt động không chuyên trách ở thôn, tổ dân phố; mức bồi dưỡng "
     "người trực tiếp tham gia công việc của thôn, tổ dân phố; mức hỗ "
     "trợ kinh phí hoạt động của thôn, tổ dân phố trên địa bàn tỉnh "
     "cho phù hợp với tình hình thực tế, đáp ứng yêu cầu quản lý, chỉ "
     "đạo, điều hành.",
     "2020-07", NULL, KL_DUE_NONE, NULL},
    {"Chuẩn bị chu đáo các điều kiện phục vụ Đại hội các Đảng bộ "
     "trực thuộc Tỉnh ủy, Đại hội Đảng bộ tỉnh lần thứ XVII. Đẩy "
     "mạnh thực hiện đợt thi đua cao điểm lập thành tích xuất sắc chào "
     "mừng Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII và thực "
     "hiện nhiệm vụ, chỉ tiêu kế hoạch năm 2020.",
     "2020-07", NULL, KL_DUE_NONE, NULL},
    {"Cấp ủy, chính quyền, Mặt trận Tổ quốc và đoàn thể từ tỉnh "
     "đến cơ sở chủ động, nỗ lực vượt qua khó khăn, triển khai ngay "
     "các giải pháp cụ thể, sát thực để thực hiện có hiệu quả nhiệm "
     "vụ còn lại của 6 tháng cuối năm 2020, sớm cụ thể hóa Nghị quyết "
     "Đại hội Đảng bộ các cấp nhiệm kỳ 2020 - 2025 đã đề ra, tránh tư "
     "tương xả hơi, nghỉ ngơi sau đại hội, góp phần đưa Lạng Sơn phát "
     "triển nhanh và bền vững trong thời gian tới.",
     "2020-07", "2020-12-31", KL_DUE_WITHIN, NULL},
    {"Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Cục Thống kê "
     "và các cơ quan, đơn vị địa phương rà soát các chỉ tiêu, số liệu "
     "cần chuẩn hóa (chỉ tiêu, số liệu chưa thống nhất giữa các ngành, "
     "hoặc chưa thống nhất giữa ngành với địa phương), tham mưu văn bản "
     "chỉ đạo của UBND tỉnh trước 15/9/2021.",
     "2021-09", "2021-09-15", KL_DUE_BEFORE, NULL},
    {"Giao các cơ quan, đơn vị, địa phương hoàn thành việc rà soát, chuẩn "
     "hóa số liệu, báo cáo UBND tỉnh trước ngày 15/10/2021 để phục vụ cho "
     "công tác chỉ đạo, điều hành năm 2022 và các năm tiếp theo.",
     "2021-09", "2021-10-15", KL_DUE_BEFORE, NULL},
    {"Sở Y tế chủ trì, phối hợp với các đơn vị liên quan rà soát, tham "
     "mưu UBND tỉnh điều chỉnh Kế hoạch số 320/KH-UBND ngày 03/8/2021 về "
     "tổ chức Truy vết, Xét nghiệm SARS-CoV-2 để chủ động giám sát "
     "COVID-19 trên địa bàn tỉnh Lào Cai và các phương án khác đảm bảo "
     "phù hợp với các diễn biến mới trong giai đoạn hiện nay.",
     "2021-09", NULL, KL_DUE_NONE, NULL},
    {"Sở Lao động TBXH, các cơ quan, đơn vị, địa phương tiếp tục rà "
     "soát đối tượng, hỗ trợ kịp thời người lao động và người sử "
     "dụng lao động gặp khó khăn do đại dịch Covid-19 theo Nghị quyết "
     "68/NQ-CP ngày 01/7/2021 của Chính phủ.",
     "2021-09", NULL, KL_DUE_NONE, NULL},
    {"Sở Tài chính, Cục Thuế, Cục Hải quan, các địa phương đẩy mạnh "
     "thực hiện các khoản thu ngân sách trên địa bàn, quyết tâm thu ngân "
     "sách nhà nước trên địa bàn hết năm 2021 đạt theo Nghị quyết HĐND "
     "tỉnh đã giao.",
     "2021-09", "2021-12-31", KL_DUE_WITHIN, NULL},
    {"Sở Kế hoạch và Đầu tư, Sở Tài chính hoàn thiện Kế hoạch đầu "
     "tư công trung hạn giai đoạn 2021-2025 và Kế hoạch tài chính 5 năm "
     "2021-2025 của tỉnh, báo cáo UBND tỉnh vào đầu tháng 10 năm 2021.",
     "2021-09", "2021-10-01", KL_DUE_APPROX, NULL},
    {"Các chủ đầu tư đẩy nhanh công tác giải ngân vốn đầu tư xây dựng "
     "cơ bản, yêu cầu trước ngày 30/9/2021 phải bảo đảm tỉ lệ giải "
     "ngân vốn ngân sách trung ương được giao từ đầu năm đạt trên 60%; "
     "cơ quan, đơn vị nào để nộp trả ngân sách trung ương, UBND tỉnh sẽ "
     "xem xét kiểm điểm trách nhiệm của tập thể, người đứng đầu và "
     "các cá nhân liên quan.",
     "2021-09", "2021-09-30", KL_DUE_BEFORE, NULL},
    {"Các đơn vị được giao là cơ quan lập quy hoạch đẩy nhanh tiến độ "
     "thực hiện các quy hoạch lớn của tỉnh, bao gồm: Quy hoạch tỉnh Lào "
     "Cai thời kỳ 2021-2030, tầm nhìn đến năm 2050; Quy hoạch sử dụng đất "
     "cấp huyện đến năm 2030; Quy hoạch vùng huyện Bảo Thắng; Quy hoạch "
     "chung khu du lịch quốc gia Sa Pa; Quy hoạch chung hai bên dọc sông Hồng; "
     "Quy hoạch ruộng bậc thang Sa Pa; Quy hoạch các khu, cụm công nghiệp; Quy "
     "hoạch đất ở nông thôn....",
     "2021-09", NULL, KL_DUE_NONE, NULL},
    {"Sở Kế hoạch và Đầu tư triển khai xây dựng Đề án về Chiến "
     "lược nguồn nhân lực tỉnh, Đề án Phát triển Lào Cai thành trung tâm "
     "vùng. Hoàn thành trong tháng 9/2021.",
     "2021-09", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"Sở Công Thương xây dựng Đề án phát triển khu, cụm công nghiệp trên "
     "địa bàn tỉnh (trong đó rà soát, đề xuất quy mô, diện tích, khả "
     "năng thực hiện, khả năng thu hút lao động, dự kiến nguồn vốn, phân "
     "kỳ đầu tư thực hiện công tác giải phóng và san tạo mặt bằng các "
     "khu, cụm công nghiệp trên địa bàn tỉnh bảo đảm tính khả thi, hiệu "
     "quả và phù hợp với điều kiện của tỉnh); Đề án phát triển khu "
     "kinh tế cửa khẩu Lào Cai. Hoàn thành trong tháng 9/2021.",
     "2021-09", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"Sở Kế hoạch và Đầu tư chủ trì, rà soát báo cáo tiến độ thực "
     "hiện 18 Đề án trọng tâm của Ban Chấp hành Đảng bộ tỉnh, tổ "
     "chức thực hiện hiệu quả, thực chất đáp ứng yêu cầu phát triển "
     "của tỉnh. Hoàn thành trước ngày 30/9/2021.",
     "2021-09", "2021-09-30", KL_DUE_BEFORE, NULL},
    {"Sở Văn hóa Thể thao và Du lịch chủ trì xây dựng kế hoạch của UBND "
     "tỉnh và các cơ chế chính sách để triển khai Nghị quyết số 09-NQ/TU "
     "về xây dựng và phát triển văn hóa, con người Lào Cai đáp ứng yêu "
     "cầu hội nhập và phát triển bền vững; Nghị quyết số 11-NQ/TU về "
     "phát triển du lịch tỉnh Lào Cai đến năm 2030, tầm nhìn đến năm 2050. "
     "Hoàn thành trong tháng 9/2021.",
     "2021-09", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"Sở Nông nghiệp và PTNT chủ trì tham mưu xây dựng kế hoạch của UBND "
     "tỉnh và các cơ chế chính sách để triển khai Nghị quyết số 10-NQ/TU "
     "về chiến lược phát triển nông nghiệp hàng hóa tỉnh Lào Cai đến "
     "năm 2030, tầm nhìn đến năm 2050. Hoàn thành trong tháng 9/2021.",
     "2021-09", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"Các cơ quan, đơn vị đẩy mạnh việc thực hiện các phân cấp, đổi "
     "mới đã giao (16 phân cấp, 16 đổi mới), hoàn thành trong tháng 9/2021 "
     "(các phân cấp, đổi mới phải thông qua HĐND tỉnh phải sớm đề "
     "xuất nội dung trình kỳ họp",
     "2021-09", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"Các sở, ngành, địa phương chủ động chuẩn bị sớm các nội dung "
     "trình kỳ họp HĐND tỉnh vào cuối năm 2021 (bao gồm các tờ trình, báo "
     "cáo và trả lời kiến nghị cử tri), báo cáo trước ngày 10/9/2021.",
     "2021-09", "2021-09-10", KL_DUE_BEFORE, NULL},
    {"Giao Văn phòng UBND tỉnh tổng hợp, thống nhất báo cáo danh mục các "
     "nội dung trình kỳ họp HĐND tỉnh trước ngày 15/9/2021 để các cơ quan, "
     "đơn vị chủ động triển khai thực hiện đảm bảo chặt chẽ, hiệu "
     "quả.",
     "2021-09", "2021-09-15", KL_DUE_BEFORE, NULL},
    {"Sở Nội vụ chủ trì, phối hợp với Sở Giáo dục và Đào tạo và "
     "các địa phương có báo cáo chung về thực trạng đội ngũ giáo viên "
     "các cấp hiện nay trên địa bàn tỉnh, phương án sắp xếp và giải "
     "pháp khắc phục, báo cáo UBND tỉnh trong tháng 9/2021.",
     "2021-09", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"Sở Giáo dục và Đào tạo nghiên cứu, đề xuất về quy hoạch mạng "
     "lưới trường lớp học trong giai đoạn mới, báo cáo UBND tỉnh trong "
     "tháng 9/2021.",
     "2021-09", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"Sở Lao động TBXH chủ trì, phối hợp với Sở Y tế và các địa "
     "phương đánh giá hiệu quả Chương trình điều trị cai nghiện bằng "
     "Methadone của tỉnh, báo cáo UBND tỉnh trước ngày 25/9/2021.",
     "2021-09", "2021-09-25", KL_DUE_BEFORE, NULL},
    {"Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị liên quan "
     "tiến hành rà soát lại Đề án số 14-ĐA/TU và các Kế hoạch của UBND "
     "tỉnh với Nghị quyết số 76/NQ-CP để đề xuất điều chỉnh, bổ sung "
     "cho phù hợp và có phương án tổ chức thực hiện hiệu quả, thực "
     "chất đáp ứng yêu cầu phát triển của tỉnh; thời gian hoàn thành "
     "trước ngày 15/9/2021.",
     "2021-09", "2021-09-15", KL_DUE_BEFORE, NULL},
    {"Sở Thông tin và Truyền thông hướng dẫn, đôn đốc các cơ quan, đơn "
     "vị hoàn thành kế hoạch chuyển đổi số; chủ trì tổng hợp các nội "
     "dung chuyển đổi số của các đơn vị, báo cáo UBND tỉnh xem xét "
     "trước ngày 10/9/2021.",
     "2021-09", "2021-09-10", KL_DUE_BEFORE, NULL},
    {"Giao Sở Tư pháp tham mưu UBND tỉnh văn bản chỉ đạo về nội dung này "
     "trong tháng 9/2021 một cách thiết thực, hiệu quả.",
     "2021-09", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"Nghiên cứu, tham mưu UBND tỉnh phương án tạo quỹ đất sạch đô thị, "
     "công nghiệp trong tháng 9/2021.",
     "2021-09", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"Phối hợp với các đơn vị có liên quan rà soát, đề xuất vị trí "
     "xây dựng, phương án kết cấu, kiến trúc Hội trường Trường Chính "
     "trị tỉnh để đáp ứng tiêu chí xây dựng trường chính trị đạt "
     "chuẩn mức 1 theo Kế hoạch số 57-KH/TU ngày 27/8/2021 của Tỉnh ủy, báo "
     "cáo UBND tỉnh trong tháng 9/2021.",
     "2021-09", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"Sở Tài nguyên và Môi trường rà soát và đề xuất phương án thu ngân "
     "sách từ việc cho thuê đất trên địa bàn tỉnh năm 2022-2025, báo cáo "
     "UBND tỉnh trong tháng 9/2021.",
     "2021-09", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"Sở Công Thương có báo cáo chi tiết gửi UBND tỉnh xem xét, báo cáo "
     "Thường trực Tỉnh ủy, Ban Thường vụ Tỉnh ủy cho ý kiến chỉ "
     "đạo. Hoàn thành trước ngày 15/9/2021.",
     "2021-09", "2021-09-15", KL_DUE_BEFORE, NULL},
    {"Giao Sở Nông nghiệp và phát triển nông thôn chủ trì, phối hợp với "
     "các cơ quan, đơn vị, địa phương có báo cáo chi tiết đánh giá thực "
     "trạng, đề xuất các giải pháp khắc phục. Hoàn thành trong tháng 9/2021.",
     "2021-09", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"Giao Sở Tài nguyên và Môi trường tham mưu UBND tỉnh văn bản chỉ đạo "
     "cụ thể về nội dung này. Hoàn thành trong tháng 9/2021.",
     "2021-09", "2021-09-30", KL_DUE_WITHIN, NULL},
    {"Cơ quan chủ trì tiếp thu, tập trung hoàn thiện dự thảo, trình UBND "
     "tỉnh ban hành trước ngày 02/8/2021.",
     "2021-08", "2021-08-02", KL_DUE_BEFORE, NULL},
    {"Sở Kế hoạch và Đầu tư khẩn trương hoàn chỉnh các dự thảo, trình "
     "UBND tỉnh trước ngày 10/8/2021 để xem xét, trình HĐND tỉnh theo quy "
     "định.",
     "2021-08", "2021-08-10", KL_DUE_BEFORE, NULL},
    {"UBND các huyện, thành phố tiếp tục rà soát kỹ danh mục dự án (tên, "
     "địa điểm, quy mô diện tích...) để đề xuất điều chỉnh, bổ sung "
     "các nội dung cần thiết, bảo đảm tính thống nhất giữa danh mục dự "
     "án với Quy hoạch sử dụng đất cấp huyện thời kỳ 2021-2030 và các "
     "quy hoạch có liên quan, gửi lại Sở Kế hoạch và Đầu tư tổng hợp "
     "trước ngày 08/8/2021;",
     "2021-08", "2021-08-08", KL_DUE_BEFORE, NULL},
    {"Sở Kế hoạch và Đầu tư tổng hợp, hoàn chỉnh lại danh mục, trong "
     "đó loại bỏ các dự án đang tổ chức lựa chọn nhà đầu tư; điều "
     "chỉnh tên dự án Bệnh viện sản nhi Lạng Sơn cho phù hợp với định "
     "hướng của UBND tỉnh về thu hút xây dựng bệnh viện đa khoa tư nhân "
     "tại vị trí trên; hoàn chỉnh, trình UBND tỉnh xem xét trước ngày "
     "15/8/2021.",
     "2021-08", "2021-08-15", KL_DUE_BEFORE, NULL},
    {"Cơ quan chủ trì tiếp thu, hoàn thiện dự thảo, báo cáo UBND tỉnh chậm "
     "nhất trong ngày 03/8/2021 để gửi Đảng đoàn HĐND tỉnh thẩm định "
     "trước khi trình Ban Thường vụ Tỉnh ủy.",
     "2021-08", "2021-08-03", KL_DUE_BY, NULL},
    {"Sở Xây dựng tiếp thu đầy đủ ý kiến tham gia, hoàn chỉnh dự thảo "
     "báo cáo, trình UBND tỉnh trước ngày 08/8/2021 để báo cáo Ban Thường "
     "vụ Tỉnh ủy theo quy định.",
     "2021-08", "2021-08-08", KL_DUE_BEFORE, NULL},
    {"Cơ quan chủ trì tiếp tục rà soát lại dự thảo Quyết định, hoàn "
     "thiện, trình UBND tỉnh xem xét, ban hành trước ngày 15/8/2021 .",
     "2021-08", "2021-08-15", KL_DUE_BEFORE, NULL},
};

static kl_date ref_of(const char *s)
{
    kl_date d = {0, 0, 0};
    if (!s)
        return d;
    uint32_t y = 0, m = 0, day = 0;
    size_t len = strlen(s);
    assert_int_equal(kl_parse_u32(s, len, 9999, &y), 4);
    if (len >= 7)
        assert_int_equal(kl_parse_u32(s + 5, 2, 12, &m), 2);
    if (len >= 10)
        assert_int_equal(kl_parse_u32(s + 8, 2, 31, &day), 2);
    d.year = (int16_t)y;
    d.month = (int8_t)m;
    d.day = (int8_t)day;
    return d;
}

static void run_cases(const dcase *cases, size_t n, const char *group)
{
    kl_calendar *cal = NULL;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_calendar_open_default(&cal, &err), KL_OK);
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        const dcase *c = &cases[i];
        size_t len = strlen(c->in);
        /* an exact-size copy, so that ASan sees any read past the end */
        char *p = malloc(len ? len : 1);
        assert_non_null(p);
        memcpy(p, c->in, len);
        kl_deadline_found f;
        bool ok = kl_deadline_find(p, len, ref_of(c->ref), cal, &f);
        char due[11] = "null";
        if (f.due.year)
            kl_date_iso(f.due, due);
        bool good = ok == (c->kind != KL_DUE_NONE) && f.kind == c->kind &&
                    strcmp(due, c->due ? c->due : "null") == 0;
        assert_true(f.phrase.start <= f.phrase.end && f.phrase.end <= len);
        if (good && c->phrase)
            good = f.phrase.end - f.phrase.start == strlen(c->phrase) &&
                   memcmp(p + f.phrase.start, c->phrase, strlen(c->phrase)) == 0;
        if (!good) {
            print_error("%s case %zu: \"%.60s\" ref %s: got %s %s \"%.*s\", want %s %s\n", group, i,
                        c->in, c->ref ? c->ref : "none", kl_due_kind_name(f.kind), due,
                        (int)(f.phrase.end - f.phrase.start), p + f.phrase.start,
                        kl_due_kind_name(c->kind), c->due ? c->due : "null");
            failures++;
        }
        free(p);
    }
    kl_calendar_free(cal);
    assert_int_equal(failures, 0);
}

#define RUN(cases, name) run_cases(cases, sizeof cases / sizeof cases[0], name)

static void test_table(void **state)
{
    (void)state;
    RUN(table_cases, "table");
}

static void test_never(void **state)
{
    (void)state;
    RUN(never_cases, "never");
}

static void test_rules(void **state)
{
    (void)state;
    RUN(rule_cases, "rules");
}

static void test_corpus(void **state)
{
    (void)state;
    RUN(corpus_cases, "corpus");
}

static void test_kind_names(void **state)
{
    (void)state;
    static const struct {
        kl_due_kind kind;
        const char *name;
    } cases[] = {
        {KL_DUE_NONE, "none"},       {KL_DUE_BEFORE, "before"}, {KL_DUE_BY, "by"},
        {KL_DUE_WITHIN, "within"},   {KL_DUE_APPROX, "approx"}, {KL_DUE_EVENT, "event"},
        {KL_DUE_ONGOING, "ongoing"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_string_equal(kl_due_kind_name(cases[i].kind), cases[i].name);
        kl_due_kind k = KL_DUE_NONE;
        assert_int_equal(kl_due_kind_parse(cases[i].name, &k), KL_OK);
        assert_int_equal(k, cases[i].kind);
    }
    kl_due_kind k = KL_DUE_BY;
    assert_int_equal(kl_due_kind_parse("soon", &k), KL_ERR_USAGE);
    assert_int_equal(kl_due_kind_parse("", &k), KL_ERR_USAGE);
    assert_int_equal(kl_due_kind_parse(NULL, &k), KL_ERR_USAGE);
    assert_int_equal(k, KL_DUE_BY);
    assert_string_equal(kl_due_kind_name((kl_due_kind)42), "none");
}

/* Every prefix and suffix of every case, a NULL calendar and odd refs: no crash, no read
 * outside the bytes given, phrase inside the passage, due a real date or null. */
static void test_truncated_and_odd(void **state)
{
    (void)state;
    static const kl_date refs[] = {{0, 0, 0},    {2021, 9, 0},   {2021, 13, 40},
                                   {-5, -1, -1}, {9999, 12, 31}, {2021, 0, 15}};
    const dcase *groups[] = {table_cases, rule_cases, corpus_cases};
    size_t sizes[] = {sizeof table_cases / sizeof table_cases[0],
                      sizeof rule_cases / sizeof rule_cases[0],
                      sizeof corpus_cases / sizeof corpus_cases[0]};
    for (size_t g = 0; g < 3; g++)
        for (size_t i = 0; i < sizes[g]; i++) {
            const char *in = groups[g][i].in;
            size_t len = strlen(in);
            for (size_t cut = 0; cut <= len; cut++) {
                for (int side = 0; side < 2; side++) {
                    size_t n = side ? len - cut : cut;
                    char *p = malloc(n ? n : 1);
                    assert_non_null(p);
                    memcpy(p, side ? in + cut : in, n);
                    kl_deadline_found f;
                    bool ok = kl_deadline_find(p, n, refs[cut % 6], NULL, &f);
                    assert_true(f.phrase.start <= f.phrase.end && f.phrase.end <= n);
                    assert_true(ok || f.kind == KL_DUE_NONE);
                    assert_true(!f.due.year || kl_date_valid(f.due.year, f.due.month, f.due.day));
                    free(p);
                }
            }
        }
    kl_deadline_found f;
    assert_false(kl_deadline_find(NULL, 10, refs[1], NULL, &f));
    assert_int_equal(f.kind, KL_DUE_NONE);
    assert_true(kl_deadline_find("trước ngày 15/9/2021", 20, refs[1], NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),      cmocka_unit_test(test_never),
        cmocka_unit_test(test_rules),      cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_kind_names), cmocka_unit_test(test_truncated_and_odd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
