/* Unit tests of the follow-up letters (kl_track_remind): a temporary SQLite database filled
 * through the store API with three notices (one left unconfirmed), letters written as TXT
 * and DOCX as of Tuesday 05/10/2021, and their files, words and packaging checked. No
 * office suite is needed: the DOCX is opened with libzip and its XML parsed with libxml2. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <zip.h>

#include "src/base/base.h"
#include "src/cal/cal.h"
#include "src/store/store.h"
#include "src/track/track.h"
#include "tests/unit/tmpdir.h"

#define SYT "Sở Y tế"
#define SYT2 "Sở Y-tế" /* another name with the same file name slug */
#define STC "Sở Tài chính"
#define SXD "Sở Xây dựng"
#define SNV "Sở Nội vụ"
#define HL "UBND huyện Hữu Lũng"

static kl_date ymd(int y, int m, int d)
{
    kl_date r = {(int16_t)y, (int8_t)m, (int8_t)d};
    return r;
}

/* ---- the notices ------------------------------------------------------------------------ */

typedef struct tspec {
    const char *lead, *lead2; /* lead2 may be NULL */
    kl_due_kind kind;
    kl_date due;
    const char *action;
} tspec;

typedef struct nspec {
    const char *number; /* NULL: "Số: /TB-UBND" left blank */
    kl_date issued;
    bool confirm;
    const tspec *tasks;
    size_t n_tasks;
} nspec;

/* As of 05/10/2021 (Tuesday), with a due-soon horizon of 5 working days:
 * T1 before 30/9 -> last day 29/9, overdue 4; T2 by 7/10 -> 2 days left; T3 by 15/9 ->
 * overdue 14 for Hữu Lũng, done on 20/9 by Tài chính; T4 within 12/2021 -> within;
 * T5 by Saturday 9/10 -> moves to Monday 11/10, 4 days left (not due soon at 3);
 * T6 ongoing -> never; T7 before 1/10 -> overdue 3; T8 by 20/9 -> overdue 11; T9 by 28/9
 * -> overdue 5, so Sở Y tế cites two notices; T10 before Monday 4/10 -> last day Sunday
 * 3/10 moves to 4/10, overdue 1; T11 is on an unconfirmed notice -> counts nowhere. */
static const tspec N1_TASKS[] = {
    {SYT, NULL, KL_DUE_BEFORE, {2021, 9, 30}, "tham mưu phương án phòng chống dịch COVID-19"},
    {SYT, NULL, KL_DUE_BY, {2021, 10, 7}, "báo cáo kết quả tiêm chủng vắc xin"},
    {STC, HL, KL_DUE_BY, {2021, 9, 15}, "rà soát, bố trí kinh phí phòng chống dịch"},
    {STC, NULL, KL_DUE_WITHIN, {2021, 12, 0}, "quyết toán kinh phí năm 2021"},
    {HL, NULL, KL_DUE_BY, {2021, 10, 9}, "kiểm tra các chốt kiểm soát dịch"},
    {SYT, NULL, KL_DUE_ONGOING, {0, 0, 0}, "theo dõi tình hình dịch"},
};
static const tspec N2_TASKS[] = {
    {SXD, NULL, KL_DUE_BEFORE, {2021, 10, 1}, "hoàn thiện hồ sơ dự án nhà ở xã hội"},
    {SYT2, NULL, KL_DUE_BY, {2021, 9, 20}, "tổng hợp số liệu y tế cơ sở"},
    {SYT, NULL, KL_DUE_BY, {2021, 9, 28}, "báo cáo tình hình y tế dự phòng"},
    {SXD, NULL, KL_DUE_BEFORE, {2021, 10, 4}, "trình phê duyệt quy hoạch chi tiết"},
};
static const tspec N3_TASKS[] = {
    {SNV, NULL, KL_DUE_BY, {2021, 9, 20}, "rà soát biên chế"},
};
static const nspec NOTICES[] = {
    {"125", {2021, 9, 10}, true, N1_TASKS, sizeof N1_TASKS / sizeof N1_TASKS[0]},
    {NULL, {2021, 8, 0}, true, N2_TASKS, sizeof N2_TASKS / sizeof N2_TASKS[0]},
    {"126", {2021, 9, 15}, false, N3_TASKS, sizeof N3_TASKS / sizeof N3_TASKS[0]},
};

/* The deadline as a notice writes it. */
static void due_text(const tspec *t, char *out, size_t size)
{
    kl_date d = t->due;
    int n;
    switch (t->kind) {
    case KL_DUE_BEFORE:
        n = snprintf(out, size, "trước ngày %02d/%d/%d", d.day, d.month, d.year);
        break;
    case KL_DUE_BY:
        n = snprintf(out, size, "chậm nhất ngày %02d/%d/%d", d.day, d.month, d.year);
        break;
    case KL_DUE_WITHIN:
        n = snprintf(out, size, "trong tháng %d/%d", d.month, d.year);
        break;
    default:
        n = snprintf(out, size, "thường xuyên");
        break;
    }
    assert_true(n > 0 && (size_t)n < size);
}

static kl_span span_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    kl_span sp = {(size_t)(p - text), (size_t)(p - text) + strlen(needle)};
    return sp;
}

/* The notice's text (one line per task) and its extraction, built by hand. */
static void import_notice(kl_store *s, const nspec *ns)
{
    kl_buf text;
    kl_buf_init(&text, 0);
    kl_buf_appendf(&text, "UBND TỈNH LẠNG SƠN\nSố: %s/TB-UBND\nTHÔNG BÁO\n",
                   ns->number ? ns->number : "");
    char dues[8][64];
    assert_true(ns->n_tasks <= 8);
    for (size_t i = 0; i < ns->n_tasks; i++) {
        due_text(&ns->tasks[i], dues[i], sizeof dues[i]);
        kl_buf_appendf(&text, "%zu. Giao %s %s, %s.\n", i + 1, ns->tasks[i].lead,
                       ns->tasks[i].action, dues[i]);
    }
    assert_int_equal(text.failed, KL_OK);
    kl_org leads[8][2];
    kl_task tasks[8];
    memset(tasks, 0, sizeof tasks);
    for (size_t i = 0; i < ns->n_tasks; i++) {
        const tspec *t = &ns->tasks[i];
        tasks[i].item = "";
        tasks[i].lead = leads[i];
        leads[i][0] = (kl_org){t->lead, -1, false};
        leads[i][1] = (kl_org){t->lead2, -1, false};
        tasks[i].n_lead = t->lead2 ? 2 : 1;
        tasks[i].action = t->action;
        tasks[i].deadline = (kl_deadline){t->kind, t->due, dues[i], span_of(text.p, dues[i])};
        tasks[i].span = span_of(text.p, t->action);
    }
    kl_extraction x;
    memset(&x, 0, sizeof x);
    x.header = (kl_header){.issuer = "UBND tỉnh Lạng Sơn",
                           .number = ns->number,
                           .symbol = "TB-UBND",
                           .place = "Lạng Sơn",
                           .issued = ns->issued,
                           .kind = "THÔNG BÁO",
                           .subject = "Kết luận của Chủ tịch UBND tỉnh"};
    x.tasks = tasks;
    x.n_tasks = ns->n_tasks;
    static const char json[] = "{\"header\":{}}";
    kl_error err;
    kl_err_clear(&err);
    int64_t id = 0;
    bool was_new = false;
    assert_int_equal(kl_store_notice_import(s, "tb.txt", text.p, text.len, &x, json,
                                            sizeof json - 1, false, &id, &was_new, &err),
                     KL_OK);
    assert_true(was_new);
    if (ns->confirm)
        assert_int_equal(kl_store_notice_confirm(s, id, NULL, &err), KL_OK);
    kl_buf_fini(&text);
}

/* The id of T3, the task Tài chính has done. */
static int find_task(const kl_store_assign_row *r, void *ctx)
{
    int64_t *id = ctx;
    if (strcmp(r->action, "rà soát, bố trí kinh phí phòng chống dịch") == 0)
        *id = r->task_id;
    return KL_OK;
}

/* ---- fixture ---------------------------------------------------------------------------- */

typedef struct fx {
    char dir[64];
    kl_store *s;
    kl_calendar *cal;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/kl_remind_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    char db[128];
    snprintf(db, sizeof db, "%s/ketluan.db", f->dir);
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_open(&f->s, db, &err), KL_OK);
    assert_int_equal(kl_calendar_open_default(&f->cal, &err), KL_OK);
    for (size_t i = 0; i < sizeof NOTICES / sizeof NOTICES[0]; i++)
        import_notice(f->s, &NOTICES[i]);
    int64_t t3 = 0;
    assert_int_equal(kl_store_assign_query(f->s, NULL, find_task, &t3, &err), KL_OK);
    assert_true(t3 > 0);
    assert_int_equal(kl_store_assign_done(f->s, t3, STC, ymd(2021, 9, 20),
                                          "Báo cáo số 12/BC-STC ngày 20/9/2021", NULL, false, NULL,
                                          &err),
                     KL_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    kl_store_close(f->s);
    kl_calendar_free(f->cal);
    kl_test_rm_tree(f->dir);
    free(f);
    return 0;
}

/* ---- helpers ---------------------------------------------------------------------------- */

static kl_remind_opts opts(const fx *f, const char *sub, kl_letter_format format, int days,
                           char *out, size_t size)
{
    snprintf(out, size, "%s/%s", f->dir, sub);
    kl_remind_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = ymd(2021, 10, 5);
    o.days = days;
    o.format = format;
    o.out_dir = out;
    return o;
}

static size_t remind(const fx *f, const kl_remind_opts *o)
{
    kl_error err;
    kl_err_clear(&err);
    size_t n = 99;
    int rc = kl_track_remind(f->s, f->cal, o, &n, &err);
    if (rc != KL_OK)
        fail_msg("kl_track_remind: %s", err.msg);
    return n;
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *p = NULL;
    kl_error err;
    kl_err_clear(&err);
    if (kl_read_file(path, 1u << 24, &p, len, &err) != KL_OK)
        fail_msg("%s", err.msg);
    return p;
}

/* The names in dir, sorted, joined with ' '. */
static void list_dir(const char *dir, char *out, size_t size)
{
    struct dirent **v = NULL;
    int n = scandir(dir, &v, NULL, alphasort);
    assert_true(n >= 0);
    out[0] = '\0';
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        if (v[i]->d_name[0] != '.') {
            int k = snprintf(out + len, size - len, "%s%s", len ? " " : "", v[i]->d_name);
            assert_true(k > 0 && (size_t)k < size - len);
            len += (size_t)k;
        }
        free(v[i]);
    }
    free(v);
}

/* Text with every run of white space (line breaks and indents of the wrapped TXT) as one
 * space, so that a phrase is found wherever the lines broke. */
static char *squash(const char *p, size_t len)
{
    char *s = malloc(len + 1);
    assert_non_null(s);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        bool space = p[i] == ' ' || p[i] == '\n';
        if (!space)
            s[n++] = p[i];
        else if (n > 0 && s[n - 1] != ' ')
            s[n++] = ' ';
    }
    s[n] = '\0';
    return s;
}

static void assert_contains(const char *hay, const char *needle, const char *what)
{
    if (!strstr(hay, needle))
        fail_msg("%s: missing \"%s\"", what, needle);
}

static void assert_lacks(const char *hay, const char *needle, const char *what)
{
    if (strstr(hay, needle))
        fail_msg("%s: unexpected \"%s\"", what, needle);
}

/* ---- TXT -------------------------------------------------------------------------------- */

static const struct {
    const char *file, *needle;
} TXT_HAS[] = {
    {"so-y-te.txt", "ỦY BAN NHÂN DÂN"},
    {"so-y-te.txt", "TỈNH LẠNG SƠN"},
    {"so-y-te.txt", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
    {"so-y-te.txt", "Độc lập - Tự do - Hạnh phúc"},
    {"so-y-te.txt", "Số: /UBND-TH"},
    {"so-y-te.txt", "V/v đôn đốc thực hiện nhiệm vụ được giao"},
    {"so-y-te.txt", "Lạng Sơn, ngày 05 tháng 10 năm 2021"},
    {"so-y-te.txt", "Kính gửi: Sở Y tế."},
    {"so-y-te.txt", "tại các thông báo kết luận của UBND tỉnh, đến ngày 05/10/2021, Sở Y tế "
                    "còn 2 nhiệm vụ quá hạn và 1 nhiệm vụ sắp đến hạn, cụ thể như sau:"},
    /* most late first */
    {"so-y-te.txt", "1. Thông báo số .../TB-UBND tháng 8/2021: - Nội dung: Báo cáo tình hình "
                    "y tế dự phòng. - Thời hạn: chậm nhất ngày 28/9/2021. - Tình trạng: quá "
                    "hạn 5 ngày làm việc. 2. Thông báo"},
    {"so-y-te.txt", "2. Thông báo số 125/TB-UBND ngày 10/9/2021: - Nội dung: Tham mưu phương "
                    "án phòng chống dịch COVID-19. - Thời hạn: trước ngày 30/9/2021. - Tình "
                    "trạng: quá hạn 4 ngày làm việc."},
    {"so-y-te.txt", "3. Thông báo số 125/TB-UBND ngày 10/9/2021: - Nội dung: Báo cáo kết quả "
                    "tiêm chủng vắc xin. - Thời hạn: chậm nhất ngày 07/10/2021. - Tình trạng: "
                    "sắp đến hạn, còn 2 ngày làm việc."},
    {"so-y-te.txt", "Đề nghị Sở Y tế khẩn trương thực hiện"},
    {"so-y-te.txt", "báo cáo kết quả về UBND tỉnh (qua Văn phòng UBND tỉnh) trước ngày "
                    "12/10/2021."},
    {"so-y-te.txt", "biết, thực hiện./."},
    {"so-y-te.txt", "Nơi nhận: TL. CHỦ TỊCH - Như trên; CHÁNH VĂN PHÒNG - Lãnh đạo UBND tỉnh; "
                    "- Lưu: VT, TH."},
    {"ubnd-huyen-huu-lung.txt", "Kính gửi: UBND huyện Hữu Lũng."},
    {"ubnd-huyen-huu-lung.txt", "tại Thông báo số 125/TB-UBND ngày 10/9/2021 của UBND tỉnh, "
                                "đến ngày 05/10/2021, UBND huyện Hữu Lũng còn 1 nhiệm vụ quá "
                                "hạn và 1 nhiệm vụ sắp đến hạn"},
    {"ubnd-huyen-huu-lung.txt", "1. Thông báo số 125/TB-UBND ngày 10/9/2021: - Nội dung: Rà "
                                "soát, bố trí kinh phí phòng chống dịch. - Thời hạn: chậm nhất "
                                "ngày 15/9/2021. - Tình trạng: quá hạn 14 ngày làm việc."},
    {"ubnd-huyen-huu-lung.txt", "chậm nhất ngày 09/10/2021 (trùng ngày nghỉ, hạn cuối là ngày "
                                "11/10/2021). - Tình trạng: sắp đến hạn, còn 4 ngày làm việc."},
    {"so-xay-dung.txt", "tại Thông báo số .../TB-UBND tháng 8/2021 của UBND tỉnh, đến ngày "
                        "05/10/2021, Sở Xây dựng còn 2 nhiệm vụ quá hạn, cụ thể như sau:"},
    {"so-xay-dung.txt", "1. Thông báo số .../TB-UBND tháng 8/2021: - Nội dung: Hoàn thiện hồ "
                        "sơ dự án nhà ở xã hội. - Thời hạn: trước ngày 01/10/2021. - Tình "
                        "trạng: quá hạn 3 ngày làm việc."},
    /* "trước ngày 04/10": the last day, Sunday 03/10, moves to Monday 04/10 */
    {"so-xay-dung.txt", "2. Thông báo số .../TB-UBND tháng 8/2021: - Nội dung: Trình phê duyệt "
                        "quy hoạch chi tiết. - Thời hạn: trước ngày 04/10/2021 (ngày 03/10/2021 "
                        "là ngày nghỉ, hạn cuối là ngày 04/10/2021). - Tình trạng: quá hạn 1 "
                        "ngày làm việc."},
    {"so-y-te-2.txt", "Kính gửi: Sở Y-tế."},
    {"so-y-te-2.txt", "quá hạn 11 ngày làm việc"},
};

static const struct {
    const char *file, *needle;
} TXT_LACKS[] = {
    {"so-y-te.txt", "theo dõi tình hình dịch"}, /* ongoing: never due */
    {"so-y-te.txt", "số liệu y tế"},            /* Sở Y-tế's task, not Sở Y tế's */
    {"ubnd-huyen-huu-lung.txt", "quyết toán"},  /* Tài chính's */
};

/* Every line fits 78 columns (code points) and none ends in a space. */
static void assert_layout(const char *p, size_t len, const char *what)
{
    size_t col = 0;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '\n') {
            if (i > 0 && p[i - 1] == ' ')
                fail_msg("%s: trailing space before byte %zu", what, i);
            col = 0;
        } else if (((unsigned char)p[i] & 0xC0) != 0x80 && ++col > 78) {
            fail_msg("%s: line longer than 78 columns at byte %zu", what, i);
        }
    }
}

static void test_txt(void **state)
{
    fx *f = *state;
    char dir[128];
    kl_remind_opts o = opts(f, "out/txt", KL_LETTER_TXT, 5, dir, sizeof dir);
    assert_int_equal(remind(f, &o), 4);
    char names[512];
    list_dir(dir, names, sizeof names);
    /* Not Tài chính (one task done, one within), not Nội vụ (unconfirmed); no .part left. */
    assert_string_equal(names, "so-xay-dung.txt so-y-te-2.txt so-y-te.txt "
                               "ubnd-huyen-huu-lung.txt");
    for (size_t i = 0; i < sizeof TXT_HAS / sizeof TXT_HAS[0]; i++) {
        size_t len = 0;
        char *raw = slurp(dir, TXT_HAS[i].file, &len);
        assert_layout(raw, len, TXT_HAS[i].file);
        char *s = squash(raw, len);
        assert_contains(s, TXT_HAS[i].needle, TXT_HAS[i].file);
        free(s);
        kl_free(raw);
    }
    for (size_t i = 0; i < sizeof TXT_LACKS / sizeof TXT_LACKS[0]; i++) {
        size_t len = 0;
        char *raw = slurp(dir, TXT_LACKS[i].file, &len);
        char *s = squash(raw, len);
        assert_lacks(s, TXT_LACKS[i].needle, TXT_LACKS[i].file);
        free(s);
        kl_free(raw);
    }
}

/* With the default horizon (3 working days) Hữu Lũng's task due Monday 11/10 is not yet due
 * soon; its letter keeps only the overdue task. Running again replaces the letters. */
static void test_txt_default_days(void **state)
{
    fx *f = *state;
    char dir[128];
    kl_remind_opts o = opts(f, "out/default", KL_LETTER_TXT, 0, dir, sizeof dir);
    assert_int_equal(remind(f, &o), 4);
    assert_int_equal(remind(f, &o), 4);
    char names[512];
    list_dir(dir, names, sizeof names);
    assert_string_equal(names, "so-xay-dung.txt so-y-te-2.txt so-y-te.txt "
                               "ubnd-huyen-huu-lung.txt");
    size_t len = 0;
    char *raw = slurp(dir, "ubnd-huyen-huu-lung.txt", &len);
    char *s = squash(raw, len);
    assert_contains(s, "còn 1 nhiệm vụ quá hạn, cụ thể như sau:", "default days");
    assert_lacks(s, "kiểm tra các chốt", "default days");
    free(s);
    kl_free(raw);
}

/* Before anything fell due or came near: no letter, an empty (created) directory. */
static void test_nothing_due(void **state)
{
    fx *f = *state;
    char dir[128];
    kl_remind_opts o = opts(f, "out/early/deep", KL_LETTER_TXT, 0, dir, sizeof dir);
    o.as_of = ymd(2021, 8, 2);
    assert_int_equal(remind(f, &o), 0);
    char names[512];
    list_dir(dir, names, sizeof names);
    assert_string_equal(names, "");
}

static void test_signer_and_issuer(void **state)
{
    fx *f = *state;
    char dir[128];
    kl_remind_opts o = opts(f, "out/signed", KL_LETTER_TXT, 5, dir, sizeof dir);
    o.issuer = "UBND huyện Hữu Lũng";
    o.place = "Hữu Lũng";
    o.signer_title = "Phó Chủ tịch";
    o.signer_name = "Nguyễn Văn An";
    assert_int_equal(remind(f, &o), 4);
    size_t len = 0;
    char *raw = slurp(dir, "so-xay-dung.txt", &len);
    char *s = squash(raw, len);
    static const char *const has[] = {
        "ỦY BAN NHÂN DÂN",
        "HUYỆN HỮU LŨNG",
        "Hữu Lũng, ngày 05 tháng 10 năm 2021",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn An",
        "báo cáo kết quả về UBND huyện (qua Văn phòng UBND huyện)",
        /* the notice's issuer is not the letter's: it is named */
        "tháng 8/2021 của UBND tỉnh Lạng Sơn:",
        "tại Thông báo số .../TB-UBND tháng 8/2021 của UBND tỉnh Lạng Sơn, đến ngày",
    };
    for (size_t i = 0; i < sizeof has / sizeof has[0]; i++)
        assert_contains(s, has[i], "signed letter");
    assert_lacks(s, "TL. CHỦ TỊCH", "signed letter");
    free(s);
    kl_free(raw);
}

static void test_usage(void **state)
{
    fx *f = *state;
    char dir[128];
    kl_remind_opts good = opts(f, "out/usage", KL_LETTER_TXT, 0, dir, sizeof dir);
    kl_remind_opts bad[4] = {good, good, good, good};
    bad[0].out_dir = NULL;
    bad[1].as_of = ymd(2021, 10, 0); /* a month is not a date to write letters on */
    bad[2].days = -1;
    bad[3].format = (kl_letter_format)7;
    for (size_t i = 0; i < 4; i++) {
        kl_error err;
        kl_err_clear(&err);
        size_t n = 42;
        assert_int_equal(kl_track_remind(f->s, f->cal, &bad[i], &n, &err), KL_ERR_USAGE);
        assert_int_equal(n, 42);
    }
}

/* ---- DOCX ------------------------------------------------------------------------------- */

static const char *const PARTS[] = {
    "[Content_Types].xml", "_rels/.rels",       "word/document.xml", "word/_rels/document.xml.rels",
    "word/styles.xml",     "word/settings.xml", "docProps/core.xml", "docProps/app.xml",
};

static char *zip_read(zip_t *z, const char *name, size_t *len)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name, 0, &st) != 0)
        fail_msg("missing part %s", name);
    char *p = malloc(st.size + 1);
    assert_non_null(p);
    zip_file_t *zf = zip_fopen(z, name, 0);
    assert_non_null(zf);
    assert_int_equal(zip_fread(zf, p, st.size), (zip_int64_t)st.size);
    zip_fclose(zf);
    p[st.size] = '\0';
    *len = st.size;
    return p;
}

/* The text a reader sees: w:t contents, Word's non-breaking hyphen as '-', a line break
 * after each paragraph. */
static void docx_text_of(xmlNodePtr n, kl_buf *out)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (strcmp(name, "t") == 0) {
            xmlChar *t = xmlNodeGetContent(n);
            kl_buf_appends(out, (const char *)t);
            xmlFree(t);
        } else if (strcmp(name, "noBreakHyphen") == 0) {
            kl_buf_appendc(out, '-');
        } else {
            docx_text_of(n->children, out);
            if (strcmp(name, "p") == 0)
                kl_buf_appendc(out, '\n');
        }
    }
}

/* Open path as a zip, check it holds every part (the content types first) and that each is
 * well-formed XML; return word/document.xml. */
static char *docx_document(const char *path, kl_buf *text)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!z)
        fail_msg("%s: not a zip (%d)", path, zerr);
    assert_int_equal(zip_get_num_entries(z, 0), sizeof PARTS / sizeof PARTS[0]);
    assert_string_equal(zip_get_name(z, 0, 0), "[Content_Types].xml");
    char *doc = NULL;
    for (size_t i = 0; i < sizeof PARTS / sizeof PARTS[0]; i++) {
        size_t len = 0;
        char *p = zip_read(z, PARTS[i], &len);
        xmlDocPtr x = xmlReadMemory(p, (int)len, PARTS[i], "UTF-8",
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        if (!x)
            fail_msg("%s: %s is not well-formed XML", path, PARTS[i]);
        if (strcmp(PARTS[i], "word/document.xml") == 0)
            docx_text_of(xmlDocGetRootElement(x), text);
        xmlFreeDoc(x);
        if (strcmp(PARTS[i], "word/document.xml") == 0)
            doc = p;
        else
            free(p);
    }
    zip_close(z);
    return doc;
}

static void test_docx(void **state)
{
    fx *f = *state;
    char dir[128];
    kl_remind_opts o = opts(f, "out/docx", KL_LETTER_DOCX, 5, dir, sizeof dir);
    o.signer_title = "Chánh Văn phòng";
    o.signer_name = "Nguyễn Thị Bình";
    assert_int_equal(remind(f, &o), 4);
    char names[512];
    list_dir(dir, names, sizeof names);
    assert_string_equal(names, "so-xay-dung.docx so-y-te-2.docx so-y-te.docx "
                               "ubnd-huyen-huu-lung.docx");
    char path[256];
    snprintf(path, sizeof path, "%s/so-y-te.docx", dir);
    kl_buf text;
    kl_buf_init(&text, 0);
    char *doc = docx_document(path, &text);
    assert_int_equal(text.failed, KL_OK);
    static const char *const has[] = {
        "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\n",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
        "Độc lập - Tự do - Hạnh phúc\n",
        "Số:        /UBND-TH\n",
        "V/v đôn đốc thực hiện nhiệm vụ được giao\n",
        "Lạng Sơn, ngày 05 tháng 10 năm 2021\n",
        "Kính gửi: Sở Y tế.\n",
        "tại các thông báo kết luận của UBND tỉnh",
        "STT\nThông báo\nNội dung nhiệm vụ\nThời hạn\nTình trạng\n",
        "1\nThông báo số .../TB-UBND tháng 8/2021\nBáo cáo tình hình y tế dự phòng\n"
        "Chậm nhất ngày 28/9/2021\nQuá hạn 5 ngày làm việc\n",
        "2\nThông báo số 125/TB-UBND ngày 10/9/2021\nTham mưu phương án phòng chống dịch "
        "COVID-19\nTrước ngày 30/9/2021\nQuá hạn 4 ngày làm việc\n",
        "3\nThông báo số 125/TB-UBND ngày 10/9/2021\nBáo cáo kết quả tiêm chủng vắc xin\n"
        "Chậm nhất ngày 07/10/2021\nSắp đến hạn, còn 2 ngày làm việc\n",
        "trước ngày 12/10/2021",
        "thực hiện./.\n",
        "Nơi nhận:\n- Như trên;\n- Lãnh đạo UBND tỉnh;\n- Lưu: VT, TH.\n",
        "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\n\n\n\nNguyễn Thị Bình\n",
    };
    for (size_t i = 0; i < sizeof has / sizeof has[0]; i++)
        assert_contains(text.p, has[i], "document.xml text");
    static const char *const markup[] = {
        "<w:u w:val=\"single\"/>",
        "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>",
        "w:left=\"1701\"",
        "<w:tblHeader/>",
        "TB</w:t><w:noBreakHyphen/>",
    };
    for (size_t i = 0; i < sizeof markup / sizeof markup[0]; i++)
        assert_contains(doc, markup[i], "document.xml");
    kl_buf_fini(&text);
    free(doc);
    /* Reproducible: the same data and date give the same bytes. */
    char dir2[128];
    kl_remind_opts o2 = opts(f, "out/docx2", KL_LETTER_DOCX, 5, dir2, sizeof dir2);
    o2.signer_title = o.signer_title;
    o2.signer_name = o.signer_name;
    assert_int_equal(remind(f, &o2), 4);
    size_t len1 = 0, len2 = 0;
    char *a = slurp(dir, "so-y-te.docx", &len1);
    char *b = slurp(dir2, "so-y-te.docx", &len2);
    assert_true(len1 == len2 && memcmp(a, b, len1) == 0);
    kl_free(a);
    kl_free(b);
}

/* Names and options with XML's special characters still give well-formed parts. */
static void test_docx_escaping(void **state)
{
    fx *f = *state;
    char dir[128];
    kl_remind_opts o = opts(f, "out/esc", KL_LETTER_DOCX, 5, dir, sizeof dir);
    o.issuer = "Ban <Chỉ đạo> \"A\" & 'B'";
    o.place = "X & Y";
    o.signer_name = "A\x01<B>";
    assert_int_equal(remind(f, &o), 4);
    char path[256];
    snprintf(path, sizeof path, "%s/so-xay-dung.docx", dir);
    kl_buf text;
    kl_buf_init(&text, 0);
    char *doc = docx_document(path, &text);
    assert_contains(text.p, "BAN <CHỈ ĐẠO> \"A\" & 'B'\n", "text");
    assert_contains(doc, "BAN &lt;CHỈ ĐẠO&gt; &quot;A&quot; &amp; 'B'", "escaped");
    assert_contains(doc, ">A&lt;B&gt;<", "control character dropped");
    assert_contains(text.p, "Số:        /\n", "no UBND symbol for another issuer");
    assert_contains(text.p, "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ\n", "placeholder signature");
    assert_lacks(text.p, "TL. CHỦ TỊCH", "not a People's Committee");
    kl_buf_fini(&text);
    free(doc);
}

static int group_setup(void **state)
{
    (void)state;
    xmlInitParser();
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    xmlCleanupParser();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_txt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_txt_default_days, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nothing_due, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signer_and_issuer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_usage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_docx, setup, teardown),
        cmocka_unit_test_setup_teardown(test_docx_escaping, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
