/* ketluan extract [--json|--table] [--max-bytes N] [--stats] FILE... */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define ARENA_CAP ((size_t)512 << 20)

typedef struct extract_opts {
    bool json;
    bool stats;
    size_t max_bytes;
} extract_opts;

static const char usage[] =
    "Cách dùng: ketluan extract [--json|--table] [--max-bytes N] [--stats] TỆP...\n"
    "  Đọc thông báo kết luận và in mọi nhiệm vụ được giao.\n"
    "  --json        một đối tượng JSON cho mỗi tệp, mỗi dòng một tệp (mặc định khi\n"
    "                đầu ra không phải màn hình)\n"
    "  --table       bảng dễ đọc: mục, chủ trì, phối hợp, thời hạn, nội dung\n"
    "  --max-bytes N giới hạn kích thước một tệp (mặc định 32 MiB)\n"
    "  --stats       in số liệu đo (tệp, byte, thời gian, bộ nhớ) ra stderr\n"
    "  TỆP là - để đọc từ đầu vào chuẩn.\n";

static void join_orgs(char *out, size_t cap, const kl_org *v, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && used + 4 < cap; i++) {
        int k = snprintf(out + used, cap - used, "%s%s", i ? "; " : "", v[i].name);
        if (k < 0 || (size_t)k >= cap - used)
            break;
        used += (size_t)k;
    }
}

static void print_table(const kl_extraction *x, const char *path)
{
    int width = kl_cli_term_width();
    int wi = 6, wl = 28, ws = 22, wd = 22;
    int wa = width - wi - wl - ws - wd - 4;
    if (wa < 20)
        wa = 20;
    const kl_header *h = &x->header;
    char iso[11];
    kl_date_dmy(h->issued, iso);
    printf("%s — %s %s/%s, %s (%zu nhiệm vụ)\n", path, h->kind ? h->kind : "",
           h->number ? h->number : "", h->symbol ? h->symbol : "", iso, x->n_tasks);
    kl_cli_cell(stdout, "Mục", wi), putchar(' ');
    kl_cli_cell(stdout, "Chủ trì", wl), putchar(' ');
    kl_cli_cell(stdout, "Phối hợp", ws), putchar(' ');
    kl_cli_cell(stdout, "Thời hạn", wd), putchar(' ');
    kl_cli_cell(stdout, "Nội dung", wa), putchar('\n');
    for (size_t i = 0; i < x->n_tasks; i++) {
        const kl_task *t = &x->tasks[i];
        char lead[512], sup[512], due[64], d[11];
        join_orgs(lead, sizeof lead, t->lead, t->n_lead);
        join_orgs(sup, sizeof sup, t->support, t->n_support);
        kl_date_dmy(t->deadline.due, d);
        snprintf(due, sizeof due, "%s%s%s", d, d[0] ? " " : "",
                 t->deadline.kind ? kl_due_kind_name(t->deadline.kind) : "—");
        kl_cli_cell(stdout, t->item, wi), putchar(' ');
        kl_cli_cell(stdout, lead, wl), putchar(' ');
        kl_cli_cell(stdout, sup, ws), putchar(' ');
        kl_cli_cell(stdout, due, wd), putchar(' ');
        kl_cli_cell(stdout, t->action, wa), putchar('\n');
    }
}

static int parse_opts(int argc, char **argv, extract_opts *o, int *first)
{
    o->json = !isatty(STDOUT_FILENO);
    o->stats = false;
    o->max_bytes = KL_DEFAULT_MAX_INPUT;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (strcmp(a, "--table") == 0) {
            o->json = false;
        } else if (strcmp(a, "--stats") == 0) {
            o->stats = true;
        } else if (strcmp(a, "--max-bytes") == 0 && i + 1 < argc) {
            uint32_t v;
            const char *s = argv[++i];
            if (kl_parse_u32(s, strlen(s), 4000000000u, &v) != strlen(s) || v == 0)
                return KL_ERR_USAGE;
            o->max_bytes = v;
        } else if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (a[0] == '-' && a[1] != '\0') {
            return KL_ERR_USAGE;
        } else {
            break;
        }
    }
    *first = i;
    return i < argc ? KL_OK : KL_ERR_USAGE;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One file: read, extract, print. Returns a KL_ code; the error is reported here. */
static int one_file(const kl_cli *c, const extract_opts *o, const char *path,
                    const kl_directory *dir, const kl_calendar *cal, kl_arena *a, kl_buf *out,
                    size_t *bytes)
{
    kl_error err;
    kl_err_clear(&err);
    snprintf(err.input, sizeof err.input, "%s", path);
    char *data = NULL;
    size_t len = 0;
    int rc = kl_read_file(path, o->max_bytes, &data, &len, &err);
    if (rc == KL_OK) {
        *bytes += len;
        kl_extraction *x;
        rc = kl_extract_bytes(&x, data, len, dir, cal, a, &err);
        if (rc == KL_OK && o->json) {
            kl_buf_reset(out);
            rc = kl_extract_to_json(x, out);
            if (rc == KL_OK) {
                kl_buf_appendc(out, '\n');
                fwrite(out->p, 1, out->len, stdout);
            } else {
                kl_err_set(&err, rc, KL_NO_OFFSET, "%s: cannot write JSON", path);
            }
        } else if (rc == KL_OK) {
            print_table(x, path);
        }
    }
    kl_free(data);
    if (rc != KL_OK)
        kl_cli_report(c, &err);
    return rc;
}

int kl_cmd_extract(const kl_cli *c, int argc, char **argv)
{
    extract_opts o;
    int first;
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return KL_EXIT_OK;
    }
    if (parse_opts(argc, argv, &o, &first) != KL_OK) {
        fputs(usage, stderr);
        return KL_EXIT_USAGE;
    }
    kl_error err;
    kl_err_clear(&err);
    kl_directory *dir = NULL;
    kl_calendar *cal = NULL;
    if (kl_cli_open_data(c, &dir, &cal, &err) != KL_OK) {
        kl_cli_report(c, &err);
        return kl_cli_exit_code(err.code);
    }
    kl_arena a;
    kl_arena_init(&a, ARENA_CAP);
    kl_buf out;
    kl_buf_init(&out, 0);
    int worst = KL_OK;
    size_t bytes = 0, files = 0, peak = 0;
    double t0 = now_seconds();
    for (int i = first; i < argc; i++) {
        int rc = one_file(c, &o, argv[i], dir, cal, &a, &out, &bytes);
        if (rc != KL_OK && (worst == KL_OK || kl_cli_exit_code(rc) > kl_cli_exit_code(worst)))
            worst = rc;
        files++;
        if (a.peak > peak)
            peak = a.peak;
        kl_arena_reset(&a);
    }
    fflush(stdout);
    if (o.stats) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr,
                "stats files=%zu bytes=%zu seconds=%.6f arena_peak_max=%zu "
                "maxrss_kb=%ld\n",
                files, bytes, now_seconds() - t0, peak, ru.ru_maxrss);
    }
    kl_buf_fini(&out);
    kl_arena_fini(&a);
    kl_directory_free(dir);
    kl_calendar_free(cal);
    return kl_cli_exit_code(worst);
}
