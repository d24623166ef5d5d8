/* The lifecycle of an assignment: progress, done, extend, cancel, reassign; and settings. */
#include "cli.h"

#include <string.h>

/* Options of the lifecycle commands: --name VALUE pairs after the task id. */
typedef struct life_opts {
    const char *agency, *text, *evidence, *note, *reason, *approver, *from, *to;
    kl_date date, to_date;
    bool has_date, has_to_date;
} life_opts;

static int parse_life(const kl_cli *c, int argc, char **argv, int i, life_opts *o, const char *cmd,
                      const char *usage)
{
    memset(o, 0, sizeof *o);
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc)
            return kl_cli_usage(c, cmd, usage);
        const char *v = argv[++i];
        if (strcmp(a, "--agency") == 0)
            o->agency = v;
        else if (strcmp(a, "--text") == 0)
            o->text = v;
        else if (strcmp(a, "--evidence") == 0)
            o->evidence = v;
        else if (strcmp(a, "--note") == 0)
            o->note = v;
        else if (strcmp(a, "--reason") == 0)
            o->reason = v;
        else if (strcmp(a, "--approver") == 0)
            o->approver = v;
        else if (strcmp(a, "--from") == 0)
            o->from = v;
        else if (strcmp(a, "--to") == 0 && strcmp(cmd, "extend") != 0)
            o->to = v;
        else if (strcmp(a, "--to") == 0) {
            if (kl_cli_date(c, a, v, &o->to_date) != KL_OK)
                return KL_EXIT_USAGE;
            o->has_to_date = true;
        } else if (strcmp(a, "--date") == 0) {
            if (kl_cli_date(c, a, v, &o->date) != KL_OK)
                return KL_EXIT_USAGE;
            o->has_date = true;
        } else {
            return kl_cli_usage(c, cmd, usage);
        }
    }
    return KL_EXIT_OK;
}

/* Open the session and read the task id; returns an exit code. */
static int begin(const kl_cli *c, int argc, char **argv, const char *cmd, const char *usage,
                 kl_session *s, int64_t *task, life_opts *o)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? KL_EXIT_USAGE : -1;
    }
    if (kl_cli_id(c, "nhiệm vụ", argv[1], task) != KL_OK)
        return KL_EXIT_USAGE;
    int ec = parse_life(c, argc, argv, 2, o, cmd, usage);
    if (ec != KL_EXIT_OK)
        return ec;
    return kl_cli_session_open(c, s, true);
}

/* Resolve an agency option to its canonical name; reports and returns an exit code. */
static int agency_opt(const kl_cli *c, kl_session *s, const char *name, const char **canon,
                      int32_t *id)
{
    kl_error err;
    kl_err_clear(&err);
    if (kl_cli_agency(s, name, canon, id, &err) != KL_OK)
        return kl_cli_fail(c, &err);
    return KL_EXIT_OK;
}

int kl_cmd_progress(const kl_cli *c, int argc, char **argv)
{
    static const char u[] = "Cách dùng: ketluan progress MÃ --agency CƠ-QUAN --date NGÀY "
                            "--text NỘI-DUNG\n  Ghi báo cáo tiến độ của cơ quan chủ trì.\n";
    kl_session s;
    int64_t task;
    life_opts o;
    int ec = begin(c, argc, argv, "progress", u, &s, &task, &o);
    if (ec != KL_EXIT_OK)
        return ec < 0 ? KL_EXIT_OK : ec;
    if (!o.agency || !o.has_date || !o.text) {
        kl_cli_session_close(&s);
        return kl_cli_usage(c, "progress", u);
    }
    const char *agency;
    int32_t id;
    if ((ec = agency_opt(c, &s, o.agency, &agency, &id)) != KL_EXIT_OK) {
        kl_cli_session_close(&s);
        return ec;
    }
    kl_error err;
    kl_err_clear(&err);
    int rc = kl_store_progress_add(s.store, task, agency, o.date, o.text, &err);
    if (rc == KL_OK)
        printf("Đã ghi tiến độ của %s cho nhiệm vụ #%lld\n", agency, (long long)task);
    return kl_cli_finish(c, &s, rc, &err);
}

int kl_cmd_done(const kl_cli *c, int argc, char **argv)
{
    static const char u[] =
        "Cách dùng: ketluan done MÃ [--agency CƠ-QUAN] --date NGÀY [--evidence VĂN-BẢN] "
        "[--note GHI-CHÚ]\n  Ghi hoàn thành (văn bản báo cáo, ví dụ \"Báo cáo số 125/BC-SYT "
        "ngày 20/9/2021\").\n";
    kl_session s;
    int64_t task;
    life_opts o;
    int ec = begin(c, argc, argv, "done", u, &s, &task, &o);
    if (ec != KL_EXIT_OK)
        return ec < 0 ? KL_EXIT_OK : ec;
    if (!o.has_date) {
        kl_cli_session_close(&s);
        return kl_cli_usage(c, "done", u);
    }
    const char *agency = NULL;
    int32_t id;
    if (o.agency && (ec = agency_opt(c, &s, o.agency, &agency, &id)) != KL_EXIT_OK) {
        kl_cli_session_close(&s);
        return ec;
    }
    bool require = kl_cli_setting_int(s.store, "require_evidence", 0) != 0;
    kl_error err;
    kl_err_clear(&err);
    size_t n = 0;
    int rc =
        kl_store_assign_done(s.store, task, agency, o.date, o.evidence, o.note, require, &n, &err);
    if (rc == KL_OK)
        printf("Đã ghi hoàn thành %zu phần việc của nhiệm vụ #%lld\n", n, (long long)task);
    return kl_cli_finish(c, &s, rc, &err);
}

int kl_cmd_extend(const kl_cli *c, int argc, char **argv)
{
    static const char u[] = "Cách dùng: ketluan extend MÃ --to NGÀY --reason LÝ-DO "
                            "[--approver NGƯỜI-DUYỆT]\n  Gia hạn; thời hạn ban đầu được giữ.\n";
    kl_session s;
    int64_t task;
    life_opts o;
    int ec = begin(c, argc, argv, "extend", u, &s, &task, &o);
    if (ec != KL_EXIT_OK)
        return ec < 0 ? KL_EXIT_OK : ec;
    if (!o.has_to_date || !o.reason || !o.reason[0]) {
        kl_cli_session_close(&s);
        return kl_cli_usage(c, "extend", u);
    }
    int max = kl_cli_setting_int(s.store, "max_extensions", -1);
    kl_error err;
    kl_err_clear(&err);
    int rc = kl_store_extension_add(s.store, task, o.to_date, o.reason, o.approver, max, &err);
    if (rc == KL_OK) {
        char d[11];
        kl_date_dmy(o.to_date, d);
        printf("Đã gia hạn nhiệm vụ #%lld đến %s\n", (long long)task, d);
    }
    return kl_cli_finish(c, &s, rc, &err);
}

int kl_cmd_cancel(const kl_cli *c, int argc, char **argv)
{
    static const char u[] = "Cách dùng: ketluan cancel MÃ --reason LÝ-DO [--date NGÀY]\n";
    kl_session s;
    int64_t task;
    life_opts o;
    int ec = begin(c, argc, argv, "cancel", u, &s, &task, &o);
    if (ec != KL_EXIT_OK)
        return ec < 0 ? KL_EXIT_OK : ec;
    if (!o.reason || !o.reason[0]) {
        kl_cli_session_close(&s);
        return kl_cli_usage(c, "cancel", u);
    }
    kl_error err;
    kl_err_clear(&err);
    int rc =
        kl_store_task_cancel(s.store, task, o.has_date ? o.date : kl_cli_today(), o.reason, &err);
    if (rc == KL_OK)
        printf("Đã hủy nhiệm vụ #%lld\n", (long long)task);
    return kl_cli_finish(c, &s, rc, &err);
}

int kl_cmd_reassign(const kl_cli *c, int argc, char **argv)
{
    static const char u[] =
        "Cách dùng: ketluan reassign --from CƠ-QUAN [--to CƠ-QUAN] [--date NGÀY]\n"
        "  Chuyển nhiệm vụ đang thực hiện sang cơ quan kế thừa (mặc định: theo danh mục sau\n"
        "  sắp xếp năm 2025); lịch sử giữ nguyên.\n";
    life_opts o;
    if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
        fputs(u, stdout);
        return KL_EXIT_OK;
    }
    int ec = parse_life(c, argc, argv, 1, &o, "reassign", u);
    if (ec != KL_EXIT_OK)
        return ec;
    if (!o.from)
        return kl_cli_usage(c, "reassign", u);
    kl_session s;
    if ((ec = kl_cli_session_open(c, &s, true)) != KL_EXIT_OK)
        return ec;
    const char *from, *to = NULL;
    int32_t from_id, to_id = -1;
    if ((ec = agency_opt(c, &s, o.from, &from, &from_id)) == KL_EXIT_OK) {
        if (o.to) {
            ec = agency_opt(c, &s, o.to, &to, &to_id);
        } else if (from_id >= 0 && (to_id = kl_directory_successor(s.dir, from_id)) >= 0) {
            to = kl_directory_name(s.dir, to_id);
        } else {
            fprintf(stderr, "%s: lỗi: %s không có cơ quan kế thừa trong danh mục; dùng --to\n",
                    c->prog, from);
            ec = KL_EXIT_INPUT;
        }
    }
    if (ec != KL_EXIT_OK) {
        kl_cli_session_close(&s);
        return ec;
    }
    kl_error err;
    kl_err_clear(&err);
    size_t n = 0;
    kl_date when = o.has_date ? o.date : kl_cli_today();
    int rc = kl_store_assign_reassign(s.store, from, to, to_id, when, &n, &err);
    if (rc == KL_OK)
        printf("Đã chuyển %zu phần việc từ %s sang %s\n", n, from, to);
    return kl_cli_finish(c, &s, rc, &err);
}

int kl_cmd_setting(const kl_cli *c, int argc, char **argv)
{
    static const char u[] =
        "Cách dùng: ketluan setting KHÓA [GIÁ-TRỊ]\n"
        "  require_evidence  1: bắt buộc văn bản báo cáo khi ghi hoàn thành (mặc định 0)\n"
        "  max_extensions    số lần gia hạn tối đa mỗi nhiệm vụ (mặc định -1: không giới hạn)\n"
        "  due_soon_days     số ngày làm việc coi là sắp đến hạn (mặc định 3)\n";
    static const char *const keys[] = {"require_evidence", "max_extensions", "due_soon_days"};
    if (argc < 2 || argc > 3)
        return kl_cli_usage(c, "setting", u);
    bool known = false;
    for (int k = 0; k < 3; k++)
        known = known || strcmp(argv[1], keys[k]) == 0;
    int v = 0;
    if (!known || (argc == 3 && kl_cli_int(c, argv[1], argv[2], -1, 1000, &v) != KL_OK))
        return kl_cli_usage(c, "setting", u);
    kl_session s;
    int ec = kl_cli_session_open(c, &s, true);
    if (ec != KL_EXIT_OK)
        return ec;
    kl_error err;
    kl_err_clear(&err);
    int rc = KL_OK;
    if (argc == 3)
        rc = kl_store_setting_set(s.store, argv[1], argv[2], &err);
    else
        printf("%s=%d\n", argv[1],
               kl_cli_setting_int(s.store, argv[1],
                                  strcmp(argv[1], "due_soon_days") == 0    ? 3
                                  : strcmp(argv[1], "max_extensions") == 0 ? -1
                                                                           : 0));
    return kl_cli_finish(c, &s, rc, &err);
}
