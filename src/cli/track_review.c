/* Review before tracking: notices, notice show, confirm, task show/edit/add/delete. */
#include "cli.h"

#include <string.h>

/* ---- notices ---------------------------------------------------------------------------- */

typedef struct notices_ctx {
    kl_out_format fmt;
    size_t n;
} notices_ctx;

static void notice_label(const kl_store_notice *n, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", n->number ? n->number : "", n->symbol ? n->symbol : "");
}

static int notice_row(const kl_store_notice *n, void *vctx)
{
    notices_ctx *x = vctx;
    char label[96], date[11], counts[64];
    notice_label(n, label, sizeof label);
    kl_date_dmy(n->issued, date);
    if (x->fmt == KL_OUT_JSON) {
        kl_buf b;
        kl_buf_init(&b, 0);
        char iso[11];
        kl_date_iso(n->issued, iso);
        kl_buf_appendf(&b, "%s{\"id\":%lld,\"number\":", x->n ? "," : "", (long long)n->id);
        n->number ? kl_buf_append_json(&b, n->number, strlen(n->number))
                  : kl_buf_appends(&b, "null");
        kl_buf_appends(&b, ",\"symbol\":");
        n->symbol ? kl_buf_append_json(&b, n->symbol, strlen(n->symbol))
                  : kl_buf_appends(&b, "null");
        kl_buf_appends(&b, ",\"issued\":");
        iso[0] ? kl_buf_append_json(&b, iso, strlen(iso)) : kl_buf_appends(&b, "null");
        kl_buf_appends(&b, ",\"issuer\":");
        n->issuer ? kl_buf_append_json(&b, n->issuer, strlen(n->issuer))
                  : kl_buf_appends(&b, "null");
        kl_buf_appends(&b, ",\"subject\":");
        n->subject ? kl_buf_append_json(&b, n->subject, strlen(n->subject))
                   : kl_buf_appends(&b, "null");
        kl_buf_appends(&b, ",\"file\":");
        kl_buf_append_json(&b, n->name, strlen(n->name));
        kl_buf_appendf(&b, ",\"tasks\":%zu,\"pending_review\":%zu,\"confirmed\":%zu}", n->n_tasks,
                       n->n_pending, n->n_confirmed);
        if (b.p)
            fputs(b.p, stdout);
        kl_buf_fini(&b);
    } else if (x->fmt == KL_OUT_CSV) {
        char id[24], t[24], p[24], cf[24];
        snprintf(id, sizeof id, "%lld", (long long)n->id);
        snprintf(t, sizeof t, "%zu", n->n_tasks);
        snprintf(p, sizeof p, "%zu", n->n_pending);
        snprintf(cf, sizeof cf, "%zu", n->n_confirmed);
        const char *cells[] = {id, label, date, n->issuer, n->subject, t, p, cf};
        for (int k = 0; k < 8; k++)
            kl_cli_csv_field(stdout, cells[k], k == 7);
    } else {
        snprintf(counts, sizeof counts, "%zu (%zu chờ, %zu xác nhận)", n->n_tasks, n->n_pending,
                 n->n_confirmed);
        char id[24];
        snprintf(id, sizeof id, "#%lld", (long long)n->id);
        int wsub = kl_cli_term_width() - 6 - 18 - 11 - 22 - 26 - 5;
        kl_cli_cell(stdout, id, 6), putchar(' ');
        kl_cli_cell(stdout, label, 18), putchar(' ');
        kl_cli_cell(stdout, date, 11), putchar(' ');
        kl_cli_cell(stdout, n->issuer, 22), putchar(' ');
        kl_cli_cell(stdout, counts, 26), putchar(' ');
        kl_cli_cell(stdout, n->subject, wsub < 20 ? 20 : wsub), putchar('\n');
    }
    x->n++;
    return KL_OK;
}

int kl_cmd_notices(const kl_cli *c, int argc, char **argv)
{
    static const char u[] = "Cách dùng: ketluan notices [--format table|csv|json]\n";
    notices_ctx x = {KL_OUT_TABLE, 0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            if (kl_cli_parse_format(argv[++i], &x.fmt) != KL_OK)
                return kl_cli_usage(c, "notices", u);
        } else {
            return kl_cli_usage(c, "notices", u);
        }
    }
    kl_session s;
    int ec = kl_cli_session_open(c, &s, true);
    if (ec != KL_EXIT_OK)
        return ec;
    if (x.fmt == KL_OUT_JSON)
        putchar('[');
    else if (x.fmt == KL_OUT_CSV)
        fputs("id,so_ky_hieu,ngay,co_quan_ban_hanh,trich_yeu,nhiem_vu,cho_ra_soat,"
              "da_xac_nhan\r\n",
              stdout);
    else {
        static const char *const heads[] = {"Mã", "Số/ký hiệu", "Ngày", "Cơ quan", "Nhiệm vụ"};
        static const int widths[] = {6, 18, 11, 22, 26};
        for (int k = 0; k < 5; k++)
            kl_cli_cell(stdout, heads[k], widths[k]), putchar(' ');
        puts("Trích yếu");
    }
    kl_error err;
    kl_err_clear(&err);
    int rc = kl_store_notice_list(s.store, notice_row, &x, &err);
    if (x.fmt == KL_OUT_JSON)
        puts("]");
    return kl_cli_finish(c, &s, rc, &err);
}

/* ---- notice show ------------------------------------------------------------------------- */

/* The text with every task marked where it sits: ⟦#12 ... ⟧. */
static void print_marked(const kl_store_doc *d)
{
    size_t pos = 0;
    for (size_t k = 0; k < d->n_tasks; k++) {
        const kl_store_task_span *t = &d->tasks[k];
        if (t->span.end <= t->span.start || t->span.start < pos || t->span.end > d->len)
            continue;
        fwrite(d->bytes + pos, 1, t->span.start - pos, stdout);
        printf("⟦#%lld%s ", (long long)t->task_id,
               t->review == KL_REVIEW_PENDING ? " chờ rà soát" : "");
        fwrite(d->bytes + t->span.start, 1, t->span.end - t->span.start, stdout);
        fputs("⟧", stdout);
        pos = t->span.end;
    }
    fwrite(d->bytes + pos, 1, d->len - pos, stdout);
    if (d->len && d->bytes[d->len - 1] != '\n')
        putchar('\n');
}

int kl_cmd_notice(const kl_cli *c, int argc, char **argv)
{
    static const char u[] = "Cách dùng: ketluan notice show MÃ\n"
                            "  In văn bản thông báo, đánh dấu từng nhiệm vụ ⟦#mã ...⟧.\n";
    int64_t id;
    if (argc != 3 || strcmp(argv[1], "show") != 0)
        return kl_cli_usage(c, "notice", u);
    if (kl_cli_id(c, "thông báo", argv[2], &id) != KL_OK)
        return KL_EXIT_USAGE;
    kl_session s;
    int ec = kl_cli_session_open(c, &s, true);
    if (ec != KL_EXIT_OK)
        return ec;
    kl_arena a;
    kl_arena_init(&a, (size_t)256 << 20);
    kl_error err;
    kl_err_clear(&err);
    kl_store_notice *n;
    kl_store_doc *d;
    int rc = kl_store_notice_get(s.store, id, &a, &n, &err);
    if (rc == KL_OK)
        rc = kl_store_notice_text(s.store, id, &a, &d, &err);
    if (rc == KL_OK) {
        char label[96], date[11];
        notice_label(n, label, sizeof label);
        kl_date_dmy(n->issued, date);
        printf("#%lld  %s  %s  %s\n%s\n\n", (long long)id, label, date, n->issuer ? n->issuer : "",
               n->subject ? n->subject : "");
        print_marked(d);
    }
    kl_arena_fini(&a);
    return kl_cli_finish(c, &s, rc, &err);
}

int kl_cmd_confirm(const kl_cli *c, int argc, char **argv)
{
    static const char u[] = "Cách dùng: ketluan confirm MÃ-THÔNG-BÁO\n"
                            "  Xác nhận mọi nhiệm vụ đang chờ rà soát của thông báo.\n";
    int64_t id;
    if (argc != 2)
        return kl_cli_usage(c, "confirm", u);
    if (kl_cli_id(c, "thông báo", argv[1], &id) != KL_OK)
        return KL_EXIT_USAGE;
    kl_session s;
    int ec = kl_cli_session_open(c, &s, true);
    if (ec != KL_EXIT_OK)
        return ec;
    kl_error err;
    kl_err_clear(&err);
    size_t n = 0;
    int rc = kl_store_notice_confirm(s.store, id, &n, &err);
    if (rc == KL_OK)
        printf("Đã xác nhận %zu nhiệm vụ của thông báo #%lld\n", n, (long long)id);
    return kl_cli_finish(c, &s, rc, &err);
}
