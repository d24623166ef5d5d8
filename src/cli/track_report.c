/* Reports: stats, search, export, remind; and the database's backup and check. */
#include "cli.h"

#include <string.h>

static const char stats_usage[] =
    "Cách dùng: ketluan stats [--from NGÀY] [--to NGÀY] [--as-of NGÀY]\n"
    "                     [--by agency|month|notice] [--key] [--format table|csv|json]\n"
    "  Số liệu theo cách Văn phòng Chính phủ báo cáo: tỷ lệ đúng hạn tính trên số nhiệm vụ\n"
    "  đã đến hạn; quá hạn chia theo số ngày làm việc trễ; tỷ lệ cập nhật tiến độ 30 ngày.\n";

static void rate(char *out, size_t cap, double r)
{
    if (r < 0)
        snprintf(out, cap, "—");
    else
        snprintf(out, cap, "%.1f%%", r * 100.0);
}

static void stats_json(const kl_stats_row *r, bool first)
{
    kl_buf b;
    kl_buf_init(&b, 0);
    kl_buf_appends(&b, first ? "{\"group\":" : ",{\"group\":");
    kl_buf_append_json(&b, r->group, strlen(r->group));
    kl_buf_appendf(&b,
                   ",\"assigned\":%zu,\"fallen_due\":%zu,\"done_on_time\":%zu,"
                   "\"done_late\":%zu,\"overdue\":%zu,\"within\":%zu,\"due_soon\":%zu,"
                   "\"cancelled\":%zu,\"pending_review\":%zu,\"late_1_7\":%zu,"
                   "\"late_8_30\":%zu,\"late_over_30\":%zu,\"open\":%zu,\"open_updated\":%zu",
                   r->assigned, r->fallen_due, r->done_on_time, r->done_late, r->overdue, r->within,
                   r->due_soon, r->cancelled, r->pending_review, r->late_1_7, r->late_8_30,
                   r->late_over_30, r->open, r->open_updated);
    if (r->on_time_rate < 0)
        kl_buf_appends(&b, ",\"on_time_rate\":null");
    else
        kl_buf_appendf(&b, ",\"on_time_rate\":%.4f", r->on_time_rate);
    if (r->update_rate < 0)
        kl_buf_appends(&b, ",\"update_rate\":null}");
    else
        kl_buf_appendf(&b, ",\"update_rate\":%.4f}", r->update_rate);
    if (b.p)
        fputs(b.p, stdout);
    kl_buf_fini(&b);
}

static void stats_print(const kl_stats_row *rows, size_t n, kl_out_format fmt)
{
    if (fmt == KL_OUT_JSON)
        putchar('[');
    else if (fmt == KL_OUT_CSV)
        fputs("group,assigned,fallen_due,done_on_time,done_late,overdue,within,due_soon,"
              "on_time_rate,late_1_7,late_8_30,late_over_30,update_rate\r\n",
              stdout);
    else {
        static const char *const heads[] = {"Giao",    "Đến hạn",   "Đúng hạn", "Trễ",
                                            "Quá hạn", "Trong hạn", "Tỷ lệ",    "1-7",
                                            "8-30",    ">30",       "Cập nhật", "Chờ RS"};
        static const int widths[] = {7, 7, 8, 7, 7, 9, 8, 6, 6, 6, 8, 7};
        kl_cli_cell(stdout, "Nhóm", 34);
        for (int k = 0; k < 12; k++) {
            putchar(' ');
            int pad = widths[k] - (int)kl_cli_width(heads[k]);
            for (int p = 0; p < pad; p++)
                putchar(' ');
            fputs(heads[k], stdout);
        }
        putchar('\n');
    }
    for (size_t i = 0; i < n; i++) {
        const kl_stats_row *r = &rows[i];
        char on[16], up[16];
        rate(on, sizeof on, r->on_time_rate);
        rate(up, sizeof up, r->update_rate);
        if (fmt == KL_OUT_JSON) {
            stats_json(r, i == 0);
        } else if (fmt == KL_OUT_CSV) {
            kl_cli_csv_field(stdout, r->group, false);
            printf("%zu,%zu,%zu,%zu,%zu,%zu,%zu,", r->assigned, r->fallen_due, r->done_on_time,
                   r->done_late, r->overdue, r->within, r->due_soon);
            printf("%s,%zu,%zu,%zu,%s\r\n", on, r->late_1_7, r->late_8_30, r->late_over_30, up);
        } else {
            kl_cli_cell(stdout, r->group, 34);
            printf(" %7zu %7zu %8zu %7zu %7zu %9zu %8s %6zu %6zu %6zu %8s %7zu\n", r->assigned,
                   r->fallen_due, r->done_on_time, r->done_late, r->overdue,
                   r->within + r->due_soon, on, r->late_1_7, r->late_8_30, r->late_over_30, up,
                   r->pending_review);
        }
    }
    if (fmt == KL_OUT_JSON)
        puts("]");
}

int kl_cmd_stats(const kl_cli *c, int argc, char **argv)
{
    kl_stats_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = kl_cli_today();
    kl_out_format fmt = KL_OUT_TABLE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int ok = KL_ERR_USAGE;
        if (strcmp(a, "--key") == 0) {
            o.key_only = true;
            continue;
        }
        if (!v)
            return kl_cli_usage(c, "stats", stats_usage);
        i++;
        if (strcmp(a, "--from") == 0)
            ok = kl_cli_date(c, a, v, &o.from);
        else if (strcmp(a, "--to") == 0)
            ok = kl_cli_date(c, a, v, &o.to);
        else if (strcmp(a, "--as-of") == 0)
            ok = kl_cli_date(c, a, v, &o.as_of);
        else if (strcmp(a, "--format") == 0)
            ok = kl_cli_parse_format(v, &fmt);
        else if (strcmp(a, "--by") == 0) {
            static const char *const by[] = {"none", "agency", "month", "notice"};
            for (int k = 0; k < 4; k++)
                if (strcmp(v, by[k]) == 0) {
                    o.by = (kl_stats_by)k;
                    ok = KL_OK;
                }
        }
        if (ok != KL_OK)
            return kl_cli_usage(c, "stats", stats_usage);
    }
    kl_session s;
    int ec = kl_cli_session_open(c, &s, true);
    if (ec != KL_EXIT_OK)
        return ec;
    o.due_soon_days = kl_cli_setting_int(s.store, "due_soon_days", KL_DUE_SOON_DAYS);
    kl_arena a;
    kl_arena_init(&a, (size_t)512 << 20);
    kl_error err;
    kl_err_clear(&err);
    kl_stats_row *rows;
    size_t n;
    int rc = kl_track_stats(s.store, s.cal, &o, &a, &rows, &n, &err);
    if (rc == KL_OK)
        stats_print(rows, n, fmt);
    kl_arena_fini(&a);
    return kl_cli_finish(c, &s, rc, &err);
}

/* ---- search ------------------------------------------------------------------------------ */

static int print_hit(const kl_store_hit *h, void *ctx)
{
    kl_out_format *fmt = ctx;
    if (*fmt == KL_OUT_JSON) {
        kl_buf b;
        kl_buf_init(&b, 0);
        kl_buf_appendf(&b,
                       "{\"notice_id\":%lld,\"task_id\":%lld,\"title\":", (long long)h->notice_id,
                       (long long)h->task_id);
        kl_buf_append_json(&b, h->title ? h->title : "", h->title ? strlen(h->title) : 0);
        kl_buf_appends(&b, ",\"snippet\":");
        kl_buf_append_json(&b, h->snippet ? h->snippet : "", h->snippet ? strlen(h->snippet) : 0);
        kl_buf_appendf(&b, ",\"rank\":%.4f}\n", h->rank);
        if (b.p)
            fputs(b.p, stdout);
        kl_buf_fini(&b);
        return KL_OK;
    }
    if (h->task_id)
        printf("nhiệm vụ #%lld (thông báo #%lld): ", (long long)h->task_id,
               (long long)h->notice_id);
    else
        printf("thông báo #%lld: ", (long long)h->notice_id);
    printf("%s\n    %s\n", h->title ? h->title : "", h->snippet ? h->snippet : "");
    return KL_OK;
}

int kl_cmd_search(const kl_cli *c, int argc, char **argv)
{
    static const char u[] = "Cách dùng: ketluan search [--limit N] [--format table|json] CHỮ...\n"
                            "  Tìm không phân biệt dấu và hoa thường: \"phong chong dich\".\n";
    kl_out_format fmt = KL_OUT_TABLE;
    int limit = 20, i = 1;
    for (; i + 1 < argc && argv[i][0] == '-' && argv[i][1] == '-'; i += 2) {
        if (strcmp(argv[i], "--limit") == 0) {
            if (kl_cli_int(c, "--limit", argv[i + 1], 1, 10000, &limit) != KL_OK)
                return KL_EXIT_USAGE;
        } else if (strcmp(argv[i], "--format") != 0 ||
                   kl_cli_parse_format(argv[i + 1], &fmt) != KL_OK) {
            return kl_cli_usage(c, "search", u);
        }
    }
    if (i >= argc)
        return kl_cli_usage(c, "search", u);
    kl_buf q;
    kl_buf_init(&q, 0);
    for (int k = i; k < argc; k++) {
        if (k > i)
            kl_buf_appendc(&q, ' ');
        kl_buf_appends(&q, argv[k]);
    }
    kl_session s;
    int ec = kl_cli_session_open(c, &s, true);
    if (ec != KL_EXIT_OK) {
        kl_buf_fini(&q);
        return ec;
    }
    kl_error err;
    kl_err_clear(&err);
    int rc = kl_store_search(s.store, q.p ? q.p : "", (size_t)limit, print_hit, &fmt, &err);
    kl_buf_fini(&q);
    return kl_cli_finish(c, &s, rc, &err);
}

/* ---- remind ------------------------------------------------------------------------------ */

int kl_cmd_remind(const kl_cli *c, int argc, char **argv)
{
    static const char u[] =
        "Cách dùng: ketluan remind [--as-of NGÀY] [--days N] [--format txt|docx] --out THƯ-MỤC\n"
        "                      [--issuer \"UBND tỉnh ...\"] [--place NƠI]\n"
        "                      [--signer-title CHỨC-VỤ] [--signer-name HỌ-TÊN]\n"
        "  Soạn một công văn đôn đốc cho mỗi cơ quan có nhiệm vụ quá hạn hoặc sắp đến hạn.\n";
    kl_remind_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = kl_cli_today();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return kl_cli_usage(c, "remind", u);
        i++;
        int ok = KL_OK;
        if (strcmp(a, "--as-of") == 0)
            ok = kl_cli_date(c, a, v, &o.as_of);
        else if (strcmp(a, "--days") == 0)
            ok = kl_cli_int(c, a, v, 0, 60, &o.days);
        else if (strcmp(a, "--format") == 0 && strcmp(v, "txt") == 0)
            o.format = KL_LETTER_TXT;
        else if (strcmp(a, "--format") == 0 && strcmp(v, "docx") == 0)
            o.format = KL_LETTER_DOCX;
        else if (strcmp(a, "--out") == 0)
            o.out_dir = v;
        else if (strcmp(a, "--issuer") == 0)
            o.issuer = v;
        else if (strcmp(a, "--place") == 0)
            o.place = v;
        else if (strcmp(a, "--signer-title") == 0)
            o.signer_title = v;
        else if (strcmp(a, "--signer-name") == 0)
            o.signer_name = v;
        else
            ok = KL_ERR_USAGE;
        if (ok != KL_OK)
            return kl_cli_usage(c, "remind", u);
    }
    if (!o.out_dir)
        return kl_cli_usage(c, "remind", u);
    kl_session s;
    int ec = kl_cli_session_open(c, &s, true);
    if (ec != KL_EXIT_OK)
        return ec;
    if (!o.days)
        o.days = kl_cli_setting_int(s.store, "due_soon_days", KL_DUE_SOON_DAYS);
    kl_error err;
    kl_err_clear(&err);
    size_t n = 0;
    int rc = kl_track_remind(s.store, s.cal, &o, &n, &err);
    if (rc == KL_OK)
        printf("Đã soạn %zu công văn đôn đốc trong %s\n", n, o.out_dir);
    return kl_cli_finish(c, &s, rc, &err);
}

/* ---- backup, check ---------------------------------------------------------------------- */

int kl_cmd_backup(const kl_cli *c, int argc, char **argv)
{
    static const char u[] = "Cách dùng: ketluan backup TỆP\n"
                            "  Sao lưu toàn bộ cơ sở dữ liệu, an toàn khi đang được sử dụng.\n";
    if (argc != 2 || argv[1][0] == '-')
        return kl_cli_usage(c, "backup", u);
    kl_session s;
    int ec = kl_cli_session_open(c, &s, true);
    if (ec != KL_EXIT_OK)
        return ec;
    kl_error err;
    kl_err_clear(&err);
    int rc = kl_store_backup(s.store, argv[1], &err);
    if (rc == KL_OK)
        printf("Đã sao lưu vào %s\n", argv[1]);
    return kl_cli_finish(c, &s, rc, &err);
}

int kl_cmd_check(const kl_cli *c, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return kl_cli_usage(c, "check", "Cách dùng: ketluan check\n");
    kl_session s;
    int ec = kl_cli_session_open(c, &s, true);
    if (ec != KL_EXIT_OK)
        return ec;
    kl_error err;
    kl_err_clear(&err);
    kl_buf report;
    kl_buf_init(&report, 0);
    int rc = kl_store_check(s.store, &report, &err);
    if (report.p)
        fputs(report.p, stdout);
    if (report.len && report.p[report.len - 1] != '\n')
        putchar('\n');
    kl_buf_fini(&report);
    kl_cli_session_close(&s);
    if (rc == KL_OK)
        return KL_EXIT_OK;
    if (!err.msg[0])
        kl_err_set(&err, rc, KL_NO_OFFSET, "the database failed its check");
    return kl_cli_fail(c, &err);
}
