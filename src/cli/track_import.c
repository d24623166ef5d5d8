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

/* Reading, extracting and the store's preparation (hash, search words) run in a second
 * thread, ahead of the thread that writes, so the two cores share the work. The writing
 * thread takes every notice ready (up to BATCH) into one transaction: the pages all notices
 * touch (indexes, the search index) are then written once per batch instead of once per
 * notice. Each notice in flight has its own arena. */
#define RING 128
#define BATCH 64

typedef struct slot {
    const char *path;
    char *data;
    size_t len;
    kl_arena arena;
    kl_buf json;
    kl_extraction *x;
    kl_error err;
    bool ready; /* filled by the reader, not yet stored */
} slot;

typedef struct reader {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    slot slots[RING];
    kl_store_import imp[RING]; /* beside the slots: a batch is a run of this array */
    char **files;
    size_t n_files;
    size_t max_bytes;
    const kl_session *s;
} reader;

/* Read, extract and prepare the store's record of slot k, all without the database. */
static void extract_into(reader *r, size_t k)
{
    slot *sl = &r->slots[k];
    kl_store_import *v = &r->imp[k];
    kl_err_clear(&sl->err);
    snprintf(sl->err.input, sizeof sl->err.input, "%s", sl->path);
    kl_arena_reset(&sl->arena);
    kl_free(sl->data);
    sl->data = NULL;
    int rc = kl_read_file(sl->path, r->max_bytes, &sl->data, &sl->len, &sl->err);
    if (rc == KL_OK)
        rc =
            kl_extract_bytes(&sl->x, sl->data, sl->len, r->s->dir, r->s->cal, &sl->arena, &sl->err);
    if (rc == KL_OK) {
        kl_buf_reset(&sl->json);
        rc = kl_extract_to_json(sl->x, &sl->json);
        if (rc != KL_OK)
            kl_err_set(&sl->err, rc, KL_NO_OFFSET, "%s: cannot write JSON", sl->path);
    }
    kl_store_import_reset(v);
    v->name = sl->path;
    v->bytes = sl->data;
    v->len = sl->len;
    v->x = sl->x;
    v->json = sl->json.p;
    v->json_len = sl->json.len;
    v->err = &sl->err;
    if (rc == KL_OK)
        rc = kl_store_import_prepare(r->s->store, v);
    v->rc = rc; /* a notice that could not be read or extracted is not stored */
}

static void *reader_main(void *arg)
{
    reader *r = arg;
    for (size_t k = 0; k < r->n_files; k++) {
        slot *sl = &r->slots[k % RING];
        pthread_mutex_lock(&r->mu);
        while (sl->ready)
            pthread_cond_wait(&r->cond, &r->mu);
        pthread_mutex_unlock(&r->mu);
        sl->path = r->files[k];
        extract_into(r, k % RING);
        pthread_mutex_lock(&r->mu);
        sl->ready = true;
        pthread_cond_broadcast(&r->cond);
        pthread_mutex_unlock(&r->mu);
    }
    return NULL;
}

/* Report and count one notice of a committed (or failed) batch. */
static int report_one(const kl_cli *c, const slot *sl, const kl_store_import *v, import_totals *t)
{
    if (v->rc != KL_OK) {
        t->failed++;
        kl_cli_report(c, &sl->err);
        return v->rc;
    }
    if (v->was_new) {
        t->added++;
        t->tasks += sl->x->n_tasks;
        printf("#%lld\t%s\t%zu nhiệm vụ\n", (long long)v->id, sl->path, sl->x->n_tasks);
    } else {
        t->known++;
        printf("#%lld\t%s\tđã nhập trước đó (already imported as #%lld)\n", (long long)v->id,
               sl->path, (long long)v->id);
    }
    return KL_OK;
}

/* Store slots [first, first + n) in one batch and report each; returns the worst code. */
static int store_batch(const kl_cli *c, kl_session *s, reader *r, size_t first, size_t n,
                       bool confirm, import_totals *t)
{
    kl_error err;
    kl_err_clear(&err);
    kl_store_notice_import_batch(s->store, &r->imp[first], n, confirm, &err);
    int worst = KL_OK;
    for (size_t i = first; i < first + n; i++) {
        int rc = report_one(c, &r->slots[i], &r->imp[i], t);
        if (rc != KL_OK && kl_cli_exit_code(rc) > kl_cli_exit_code(worst))
            worst = rc;
    }
    return worst;
}

/* Every file through the reader thread and into the store; returns the worst code. */
static int import_all(const kl_cli *c, kl_session *s, char **files, size_t n, bool confirm,
                      size_t max_bytes, bool bar, import_totals *t)
{
    reader *r = kl_calloc(1, sizeof *r);
    if (!r) {
        kl_error err;
        kl_err_clear(&err);
        kl_err_set(&err, KL_ERR_NOMEM, KL_NO_OFFSET, "import: out of memory");
        kl_cli_report(c, &err);
        return KL_ERR_NOMEM;
    }
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cond, NULL);
    r->files = files;
    r->n_files = n;
    r->max_bytes = max_bytes;
    r->s = s;
    for (int k = 0; k < RING; k++) {
        kl_arena_init(&r->slots[k].arena, (size_t)512 << 20);
        kl_buf_init(&r->slots[k].json, 0);
        kl_store_import_init(&r->imp[k]);
    }
    int worst = KL_OK;
    pthread_t th;
    bool threaded = pthread_create(&th, NULL, reader_main, r) == 0;
    for (size_t k = 0; k < n;) {
        size_t at = k % RING, take = 1;
        if (threaded) {
            /* wait for the next notice, then take every one ready after it, up to the
             * end of the ring so that the batch is one run of r->imp */
            pthread_mutex_lock(&r->mu);
            while (!r->slots[at].ready)
                pthread_cond_wait(&r->cond, &r->mu);
            while (take < BATCH && k + take < n && at + take < RING && r->slots[at + take].ready)
                take++;
            pthread_mutex_unlock(&r->mu);
        } else { /* no thread to be had: one notice at a time */
            r->slots[at].path = files[k];
            extract_into(r, at);
        }
        int rc = store_batch(c, s, r, at, take, confirm, t);
        /* the batch's lines out as soon as it is committed, even into a pipe: what was
         * printed was stored, whatever stops the run */
        fflush(stdout);
        if (rc != KL_OK && kl_cli_exit_code(rc) > kl_cli_exit_code(worst))
            worst = rc;
        pthread_mutex_lock(&r->mu);
        for (size_t i = 0; i < take; i++)
            r->slots[at + i].ready = false;
        pthread_cond_broadcast(&r->cond);
        pthread_mutex_unlock(&r->mu);
        k += take;
        if (bar)
            progress(k, n);
    }
    if (threaded)
        pthread_join(th, NULL);
    for (int k = 0; k < RING; k++) {
        kl_free(r->slots[k].data);
        kl_arena_fini(&r->slots[k].arena);
        kl_buf_fini(&r->slots[k].json);
        kl_store_import_fini(&r->imp[k]);
    }
    pthread_cond_destroy(&r->cond);
    pthread_mutex_destroy(&r->mu);
    kl_free(r);
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
    import_totals t = {0, 0, 0, 0};
    int worst = import_all(c, &s, argv + i, (size_t)(argc - i), confirm, max_bytes, bar, &t);
    printf("Tổng cộng: %zu thông báo mới (%zu nhiệm vụ), %zu đã có, %zu lỗi\n", t.added, t.tasks,
           t.known, t.failed);
    kl_cli_session_close(&s);
    return kl_cli_exit_code(worst);
}
