/* The tracking bench's list and statistics on one open connection, as a server runs them
 * (the HTTP API keeps its connections): each query once to warm the connection's page
 * cache, then the best of five. Usage: warm DB AGENCY YYYY-MM-DD
 * Prints "list N rows: T ms" and "stats N groups: T ms", the list written as JSON into
 * memory exactly as `ketluan tasks --format json` writes it. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "src/cal/cal.h"
#include "src/store/store.h"
#include "src/track/track.h"

typedef struct sink {
    kl_buf json;
    size_t n;
} sink;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int keep(const kl_store_assign_row *r, const kl_status_info *st, void *ctx)
{
    sink *k = ctx;
    kl_buf_appendc(&k->json, k->n++ ? ',' : '[');
    return kl_track_row_json(r, st, &k->json);
}

static int list_once(kl_store *s, const kl_calendar *cal, const kl_track_query *q, sink *k,
                     kl_error *err)
{
    kl_buf_reset(&k->json);
    k->n = 0;
    int rc = kl_track_list(s, cal, q, keep, k, err);
    kl_buf_appendc(&k->json, ']');
    return rc;
}

static int stats_once(kl_store *s, const kl_calendar *cal, kl_date as_of, size_t *n, kl_error *err)
{
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_stats_opts o;
    memset(&o, 0, sizeof o);
    o.as_of = as_of;
    o.by = KL_BY_AGENCY;
    kl_stats_row *rows = NULL;
    int rc = kl_track_stats(s, cal, &o, &a, &rows, n, err);
    kl_arena_fini(&a);
    return rc;
}

int main(int argc, char **argv)
{
    kl_date as_of;
    if (argc != 4 || kl_date_parse(argv[3], &as_of) != 0) {
        fprintf(stderr, "usage: warm DB AGENCY YYYY-MM-DD\n");
        return 2;
    }
    kl_error err;
    kl_err_clear(&err);
    kl_store *s = NULL;
    kl_calendar *cal = NULL;
    if (kl_store_open(&s, argv[1], &err) != KL_OK ||
        kl_calendar_open_default(&cal, &err) != KL_OK) {
        fprintf(stderr, "warm: %s\n", err.msg);
        kl_store_close(s);
        return 1;
    }
    kl_track_query q;
    memset(&q, 0, sizeof q);
    q.filter.agency = argv[2];
    q.status = KL_ST_OVERDUE;
    q.as_of = as_of;
    sink k = {.n = 0};
    kl_buf_init(&k.json, 0);
    double best_list = 1e9, best_stats = 1e9;
    size_t groups = 0;
    int rc = KL_OK;
    for (int i = 0; i < 6 && rc == KL_OK; i++) {
        double t0 = now_ms();
        rc = list_once(s, cal, &q, &k, &err);
        double t1 = now_ms();
        if (rc == KL_OK)
            rc = stats_once(s, cal, as_of, &groups, &err);
        double t2 = now_ms();
        if (i > 0 && t1 - t0 < best_list)
            best_list = t1 - t0;
        if (i > 0 && t2 - t1 < best_stats)
            best_stats = t2 - t1;
    }
    if (rc == KL_OK)
        printf("list %zu rows (%zu bytes of JSON): %.1f ms\nstats %zu groups: %.1f ms\n", k.n,
               k.json.len, best_list, groups, best_stats);
    else
        fprintf(stderr, "warm: %s\n", err.msg);
    kl_buf_fini(&k.json);
    kl_calendar_free(cal);
    kl_store_close(s);
    return rc == KL_OK ? 0 : 1;
}
