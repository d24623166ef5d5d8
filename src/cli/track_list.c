/* Lists and reports: tasks, stats, search, export, remind; backup and check. */
#include "cli.h"

#include <string.h>

static const char tasks_usage[] =
    "Cách dùng: ketluan tasks [--agency CƠ-QUAN] [--status TRẠNG-THÁI] [--as-of NGÀY]\n"
    "                     [--notice MÃ] [--due-from NGÀY] [--due-to NGÀY] [--search CHỮ]\n"
    "                     [--key] [--limit N] [--format table|csv|json]\n"
    "  TRẠNG-THÁI: pending_review, within, due_soon, overdue, done_on_time, done_late,\n"
    "              cancelled. Mỗi dòng là một cơ quan chủ trì của một nhiệm vụ.\n";

/* Filters shared by tasks and export. Returns an exit code; *i moves past what it read. */
static int parse_filter(const kl_cli *c, kl_session *s, int argc, char **argv, int *i,
                        kl_track_query *q, bool *matched)
{
    const char *a = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;
    *matched = true;
    if (strcmp(a, "--key") == 0) {
        q->filter.key_only = true;
        return KL_EXIT_OK;
    }
    static const char *const with_value[] = {"--agency", "--status",   "--as-of",
                                             "--notice", "--due-from", "--due-to",
                                             "--search", "--limit",    NULL};
    int k = 0;
    while (with_value[k] && strcmp(with_value[k], a) != 0)
        k++;
    if (!with_value[k]) {
        *matched = false;
        return KL_EXIT_OK;
    }
    if (!v)
        return KL_EXIT_USAGE;
    (*i)++;
    kl_error err;
    kl_err_clear(&err);
    int32_t id;
    int n;
    switch (k) {
    case 0:
        return kl_cli_agency(s, v, &q->filter.agency, &id, &err) == KL_OK ? KL_EXIT_OK
                                                                          : kl_cli_fail(c, &err);
    case 1: {
        kl_status st;
        if (kl_status_parse(v, &st) != KL_OK)
            return KL_EXIT_USAGE;
        q->status = (int)st;
        return KL_EXIT_OK;
    }
    case 2:
        return kl_cli_date(c, a, v, &q->as_of) == KL_OK ? KL_EXIT_OK : KL_EXIT_USAGE;
    case 3:
        return kl_cli_id(c, "thông báo", v, &q->filter.notice_id) == KL_OK ? 0 : 2;
    case 4:
        return kl_cli_date(c, a, v, &q->filter.due_from) == KL_OK ? 0 : KL_EXIT_USAGE;
    case 5:
        return kl_cli_date(c, a, v, &q->filter.due_to) == KL_OK ? 0 : KL_EXIT_USAGE;
    case 6:
        q->filter.text = v;
        return KL_EXIT_OK;
    default:
        if (kl_cli_int(c, a, v, 1, 100000000, &n) != KL_OK)
            return KL_EXIT_USAGE;
        q->filter.limit = (size_t)n;
        return KL_EXIT_OK;
    }
}

typedef struct rows_ctx {
    kl_out_format fmt;
    size_t n;
    int width;
    kl_buf b;
} rows_ctx;

static int print_row(const kl_store_assign_row *r, const kl_status_info *st, void *vctx)
{
    rows_ctx *x = vctx;
    char due[11], eff[11], state[64], id[24], last[11];
    kl_date_dmy(r->due_current, due);
    kl_date_dmy(st->effective_due, eff);
    kl_date_dmy(r->last_progress, last);
    snprintf(id, sizeof id, "#%lld", (long long)r->task_id);
    if (x->fmt == KL_OUT_JSON) {
        kl_buf_reset(&x->b);
        if (x->n)
            kl_buf_appendc(&x->b, ',');
        kl_track_row_json(r, st, &x->b);
        if (x->b.p)
            fputs(x->b.p, stdout);
    } else if (x->fmt == KL_OUT_CSV) {
        char nid[24], late[16];
        snprintf(nid, sizeof nid, "%lld", (long long)r->notice_id);
        snprintf(late, sizeof late, "%d", st->days_late);
        const char *cells[] = {id + 1,    nid,
                               r->agency, r->action,
                               due,       kl_due_kind_name(r->kind),
                               eff,       kl_status_name(st->status),
                               late,      last};
        for (int k = 0; k < 10; k++)
            kl_cli_csv_field(stdout, cells[k], k == 9);
    } else {
        if (st->days_late > 0)
            snprintf(state, sizeof state, "%s %d ngày", kl_status_vi(st->status), st->days_late);
        else
            snprintf(state, sizeof state, "%s", kl_status_vi(st->status));
        kl_cli_cell(stdout, id, 7), putchar(' ');
        kl_cli_cell(stdout, r->agency, 28), putchar(' ');
        kl_cli_cell(stdout, due[0] ? due : "—", 10), putchar(' ');
        kl_cli_cell(stdout, eff[0] ? eff : "—", 10), putchar(' ');
        kl_cli_cell(stdout, state, 24), putchar(' ');
        kl_cli_cell(stdout, r->action, x->width), putchar('\n');
    }
    x->n++;
    return KL_OK;
}

static void rows_begin(rows_ctx *x)
{
    if (x->fmt == KL_OUT_JSON)
        putchar('[');
    else if (x->fmt == KL_OUT_CSV)
        fputs("task_id,notice_id,agency,action,due,kind,effective_due,status,days_late,"
              "last_progress\r\n",
              stdout);
    else {
        kl_cli_cell(stdout, "Mã", 7), putchar(' ');
        kl_cli_cell(stdout, "Cơ quan chủ trì", 28), putchar(' ');
        kl_cli_cell(stdout, "Thời hạn", 10), putchar(' ');
        kl_cli_cell(stdout, "Hạn t.tế", 10), putchar(' ');
        kl_cli_cell(stdout, "Trạng thái", 24), putchar(' ');
        puts("Nội dung");
    }
}

/* Every status, as of today, "due soon" as the office set it. */
static void query_defaults(const kl_session *s, kl_track_query *q)
{
    memset(q, 0, sizeof *q);
    q->status = -1;
    q->as_of = kl_cli_today();
    q->due_soon_days = kl_cli_setting_int(s->store, "due_soon_days", KL_DUE_SOON_DAYS);
}

int kl_cmd_tasks(const kl_cli *c, int argc, char **argv)
{
    kl_session s;
    int ec = kl_cli_session_open(c, &s, true);
    if (ec != KL_EXIT_OK)
        return ec;
    kl_track_query q;
    query_defaults(&s, &q);
    rows_ctx x = {KL_OUT_TABLE, 0, 0, {0}};
    for (int i = 1; i < argc && ec == KL_EXIT_OK; i++) {
        bool matched;
        ec = parse_filter(c, &s, argc, argv, &i, &q, &matched);
        if (ec != KL_EXIT_OK || matched)
            continue;
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc &&
            kl_cli_parse_format(argv[i + 1], &x.fmt) == KL_OK)
            i++;
        else
            ec = KL_EXIT_USAGE;
    }
    if (ec != KL_EXIT_OK) {
        kl_cli_session_close(&s);
        return ec == KL_EXIT_USAGE ? kl_cli_usage(c, "tasks", tasks_usage) : ec;
    }
    x.width = kl_cli_term_width() - 7 - 28 - 10 - 10 - 24 - 5;
    if (x.width < 20)
        x.width = 20;
    kl_buf_init(&x.b, 0);
    rows_begin(&x);
    kl_error err;
    kl_err_clear(&err);
    int rc = kl_track_list(s.store, s.cal, &q, print_row, &x, &err);
    if (x.fmt == KL_OUT_JSON)
        puts("]");
    kl_buf_fini(&x.b);
    return kl_cli_finish(c, &s, rc, &err);
}

static const char export_usage[] =
    "Cách dùng: ketluan export --format csv|xlsx|ics|json --out TỆP [bộ lọc như 'tasks']\n"
    "  csv: UTF-8 có BOM (Excel đọc đúng tiếng Việt); xlsx: bảng tính; ics: lịch (VTODO);\n"
    "  json: một mảng đối tượng.\n";

int kl_cmd_export(const kl_cli *c, int argc, char **argv)
{
    kl_session s;
    int ec = kl_cli_session_open(c, &s, true);
    if (ec != KL_EXIT_OK)
        return ec;
    kl_track_query q;
    query_defaults(&s, &q);
    const char *out = NULL;
    int fmt = -1;
    for (int i = 1; i < argc && ec == KL_EXIT_OK; i++) {
        bool matched;
        ec = parse_filter(c, &s, argc, argv, &i, &q, &matched);
        if (ec != KL_EXIT_OK || matched)
            continue;
        kl_export_format f;
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc &&
                 kl_export_format_parse(argv[i + 1], &f) == KL_OK)
            fmt = (int)f, i++;
        else
            ec = KL_EXIT_USAGE;
    }
    if (ec == KL_EXIT_OK && (!out || fmt < 0))
        ec = KL_EXIT_USAGE;
    if (ec != KL_EXIT_OK) {
        kl_cli_session_close(&s);
        return ec == KL_EXIT_USAGE ? kl_cli_usage(c, "export", export_usage) : ec;
    }
    kl_error err;
    kl_err_clear(&err);
    size_t n = 0;
    int rc = kl_track_export(s.store, s.cal, &q, (kl_export_format)fmt, out, &n, &err);
    if (rc == KL_OK)
        printf("Đã xuất %zu dòng ra %s\n", n, out);
    return kl_cli_finish(c, &s, rc, &err);
}
