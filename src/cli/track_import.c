/* ketluan import [--confirm] FILE... : extract each notice and store it with its tasks, one
 * transaction per notice, so an interrupted run keeps exactly the notices it finished. */
#include "cli.h"

#include <pthread.h>
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

/* Reading and extracting run in a second thread, a few notices ahead of the thread that
 * stores them, so the two cores share the work: extraction costs about a fifth of an
 * import, the database the rest. Each notice in flight has its own arena. */
#define AHEAD 4

typedef struct slot {
    const char *path;
    char *data;
    size_t len;
    kl_arena arena;
    kl_buf json;
    kl_extraction *x;
    kl_error err;
    int rc;
    bool ready; /* filled by the reader, not yet stored */
} slot;

typedef struct reader {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    slot slots[AHEAD];
    char **files;
    size_t n_files;
    size_t max_bytes;
    const kl_session *s;
    bool stop;
} reader;

static void extract_into(reader *r, slot *sl)
{
    kl_err_clear(&sl->err);
    snprintf(sl->err.input, sizeof sl->err.input, "%s", sl->path);
    kl_arena_reset(&sl->arena);
    kl_free(sl->data);
    sl->data = NULL;
    sl->rc = kl_read_file(sl->path, r->max_bytes, &sl->data, &sl->len, &sl->err);
    if (sl->rc == KL_OK)
        sl->rc = kl_extract_bytes(&sl->x, sl->data, sl->len, r->s->dir, r->s->cal, &sl->arena,
                                  &sl->err);
    if (sl->rc == KL_OK) {
        kl_buf_reset(&sl->json);
        sl->rc = kl_extract_to_json(sl->x, &sl->json);
        if (sl->rc != KL_OK)
            kl_err_set(&sl->err, sl->rc, KL_NO_OFFSET, "%s: cannot write JSON", sl->path);
    }
}

static void *reader_main(void *arg)
{
    reader *r = arg;
    for (size_t k = 0; k < r->n_files; k++) {
        slot *sl = &r->slots[k % AHEAD];
        pthread_mutex_lock(&r->mu);
        while (sl->ready && !r->stop)
            pthread_cond_wait(&r->cond, &r->mu);
        bool stop = r->stop;
        pthread_mutex_unlock(&r->mu);
        if (stop)
            break;
        sl->path = r->files[k];
        extract_into(r, sl);
        pthread_mutex_lock(&r->mu);
        sl->ready = true;
        pthread_cond_broadcast(&r->cond);
        pthread_mutex_unlock(&r->mu);
    }
    return NULL;
}

/* Store the notice the reader prepared in sl; report and count. */
static int store_one(const kl_cli *c, kl_session *s, slot *sl, bool confirm, import_totals *t)
{
    int64_t id = 0;
    bool was_new = false;
    int rc = sl->rc;
    if (rc == KL_OK)
        rc = kl_store_notice_import(s->store, sl->path, sl->data, sl->len, sl->x, sl->json.p,
                                    sl->json.len, confirm, &id, &was_new, &sl->err);
    if (rc != KL_OK) {
        t->failed++;
        kl_cli_report(c, &sl->err);
        return rc;
    }
    if (was_new) {
        t->added++;
        t->tasks += sl->x->n_tasks;
        printf("#%lld\t%s\t%zu nhiệm vụ\n", (long long)id, sl->path, sl->x->n_tasks);
    } else {
        t->known++;
        printf("#%lld\t%s\tđã nhập trước đó (already imported as #%lld)\n", (long long)id,
               sl->path, (long long)id);
    }
    return KL_OK;
}

/* Every file through the reader thread and into the store; returns the worst code. */
static int import_all(const kl_cli *c, kl_session *s, char **files, size_t n, bool confirm,
                      size_t max_bytes, bool bar, import_totals *t)
{
    reader r;
    memset(&r, 0, sizeof r);
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.cond, NULL);
    r.files = files;
    r.n_files = n;
    r.max_bytes = max_bytes;
    r.s = s;
    for (int k = 0; k < AHEAD; k++) {
        kl_arena_init(&r.slots[k].arena, (size_t)512 << 20);
        kl_buf_init(&r.slots[k].json, 0);
    }
    int worst = KL_OK;
    pthread_t th;
    bool threaded = pthread_create(&th, NULL, reader_main, &r) == 0;
    for (size_t k = 0; k < n; k++) {
        slot *sl = &r.slots[k % AHEAD];
        if (threaded) {
            pthread_mutex_lock(&r.mu);
            while (!sl->ready)
                pthread_cond_wait(&r.cond, &r.mu);
            pthread_mutex_unlock(&r.mu);
        } else { /* no thread to be had: one notice at a time */
            sl->path = files[k];
            extract_into(&r, sl);
        }
        int rc = store_one(c, s, sl, confirm, t);
        if (rc != KL_OK && kl_cli_exit_code(rc) > kl_cli_exit_code(worst))
            worst = rc;
        pthread_mutex_lock(&r.mu);
        sl->ready = false;
        pthread_cond_broadcast(&r.cond);
        pthread_mutex_unlock(&r.mu);
        if (bar)
            progress(k + 1, n);
    }
    if (threaded)
        pthread_join(th, NULL);
    for (int k = 0; k < AHEAD; k++) {
        kl_free(r.slots[k].data);
        kl_arena_fini(&r.slots[k].arena);
        kl_buf_fini(&r.slots[k].json);
    }
    pthread_cond_destroy(&r.cond);
    pthread_mutex_destroy(&r.mu);
    return worst;
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
    import_totals t = {0, 0, 0, 0};
    int worst = import_all(c, &s, argv + i, (size_t)(argc - i), confirm, max_bytes, bar, &t);
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
    kl_cli_session_close(&s);
    return kl_cli_exit_code(worst);
}
