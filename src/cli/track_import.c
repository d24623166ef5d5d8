/* ketluan import [--confirm] FILE... : extract each notice and store it with its tasks, one
 * transaction per notice, so an interrupted run keeps exactly the notices it finished. */
#include "cli.h"

#include <string.h>
#include <unistd.h>

static const char usage[] =
    "Cách dùng: ketluan import [--confirm] [--max-bytes N] TỆP...\n"
    "  Trích xuất và lưu từng thông báo cùng các nhiệm vụ. Nhập lại cùng một tệp không\n"
    "  lưu thêm gì. Nhiệm vụ ở trạng thái chờ rà soát, trừ khi có --confirm.\n";

typedef struct import_totals {
    size_t added, known, failed, tasks;
} import_totals;

/* "[#########.........] 120/500" on stderr, redrawn in place on a terminal. */
static void progress(size_t done, size_t total)
{
    enum { WIDTH = 30 };
    size_t filled = total ? done * WIDTH / total : WIDTH;
    char bar[WIDTH + 1];
    for (size_t i = 0; i < WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\rĐang nhập [%s] %zu/%zu", bar, done, total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

static int import_one(const kl_cli *c, kl_session *s, const char *path, bool confirm,
                      size_t max_bytes, kl_arena *a, kl_buf *json, import_totals *t)
{
    kl_error err;
    kl_err_clear(&err);
    snprintf(err.input, sizeof err.input, "%s", path);
    char *data = NULL;
    size_t len = 0;
    int rc = kl_read_file(path, max_bytes, &data, &len, &err);
    kl_extraction *x = NULL;
    if (rc == KL_OK)
        rc = kl_extract_bytes(&x, data, len, s->dir, s->cal, a, &err);
    if (rc == KL_OK) {
        kl_buf_reset(json);
        rc = kl_extract_to_json(x, json);
        if (rc != KL_OK)
            kl_err_set(&err, rc, KL_NO_OFFSET, "%s: cannot write JSON", path);
    }
    int64_t id = 0;
    bool was_new = false;
    if (rc == KL_OK)
        rc = kl_store_notice_import(s->store, path, data, len, x, json->p, json->len, confirm,
                                    &id, &was_new, &err);
    kl_free(data);
    if (rc != KL_OK) {
        t->failed++;
        kl_cli_report(c, &err);
        return rc;
    }
    if (was_new) {
        t->added++;
        t->tasks += x->n_tasks;
        printf("#%lld\t%s\t%zu nhiệm vụ\n", (long long)id, path, x->n_tasks);
    } else {
        t->known++;
        printf("#%lld\t%s\tđã nhập trước đó (already imported as #%lld)\n", (long long)id,
               path, (long long)id);
    }
    return KL_OK;
}

int kl_cmd_import(const kl_cli *c, int argc, char **argv)
{
    bool confirm = false;
    size_t max_bytes = KL_DEFAULT_MAX_INPUT;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--confirm") == 0) {
            confirm = true;
        } else if (strcmp(argv[i], "--max-bytes") == 0 && i + 1 < argc) {
            int v;
            if (kl_cli_int(c, "--max-bytes", argv[++i], 1, 1000000000, &v) != KL_OK)
                return KL_EXIT_USAGE;
            max_bytes = (size_t)v;
        } else if (strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return KL_EXIT_OK;
        } else {
            return kl_cli_usage(c, "import", usage);
        }
    }
    if (i >= argc)
        return kl_cli_usage(c, "import", usage);
    kl_session s;
    int ec = kl_cli_session_open(c, &s, true);
    if (ec != KL_EXIT_OK)
        return ec;
    bool bar = isatty(STDERR_FILENO) && argc - i > 5;
    /* a line per notice as soon as it is committed, even into a pipe: what was printed was
     * stored, whatever stops the run */
    setvbuf(stdout, NULL, _IOLBF, 0);
    kl_arena a;
    kl_arena_init(&a, (size_t)512 << 20);
    kl_buf json;
    kl_buf_init(&json, 0);
    import_totals t = {0, 0, 0, 0};
    int worst = KL_OK;
    size_t total = (size_t)(argc - i);
    for (int k = i; k < argc; k++) {
        int rc = import_one(c, &s, argv[k], confirm, max_bytes, &a, &json, &t);
        if (rc != KL_OK && kl_cli_exit_code(rc) > kl_cli_exit_code(worst))
            worst = rc;
        kl_arena_reset(&a);
        if (bar)
            progress((size_t)(k - i + 1), total);
    }
    /* index the new texts for search now, so that the first search after an import is quick */
    kl_error err;
    kl_err_clear(&err);
    size_t n_indexed = 0;
    if (t.added && kl_store_index_update(s.store, &n_indexed, &err) != KL_OK) {
        kl_cli_report(c, &err);
        if (kl_cli_exit_code(err.code) > kl_cli_exit_code(worst))
            worst = err.code;
    }
    printf("Tổng cộng: %zu thông báo mới (%zu nhiệm vụ), %zu đã có, %zu lỗi\n", t.added,
           t.tasks, t.known, t.failed);
    kl_buf_fini(&json);
    kl_arena_fini(&a);
    kl_cli_session_close(&s);
    return kl_cli_exit_code(worst);
}
