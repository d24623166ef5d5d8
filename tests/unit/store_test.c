/* Unit tests of the store, run against every backend of kl_store_ops (SQLite here; the
 * PostgreSQL backend joins through KL_TEST_PG when it exists). Extraction records are built
 * by hand, so no extraction engine is needed. Databases live in a fresh temporary directory
 * that is removed afterwards. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "src/base/base.h"
#include "src/store/sqlite_int.h"
#include "src/store/store.h"
#include "src/store/store_int.h"
#include "tests/unit/tmpdir.h"

/* ---- a sample notice ------------------------------------------------------------------- */

/* The schema version this build writes (migrate.c). */
#define SCHEMA_NOW 5

static const char NOTICE_TEXT[] =
    "UBND TỈNH LẠNG SƠN\n"
    "Số: 125/TB-UBND\n"
    "THÔNG BÁO\n"
    "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác phòng chống dịch COVID-19\n"
    "1. Công tác phòng chống dịch\n"
    "Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính tham mưu phương án phòng chống dịch, "
    "báo cáo UBND tỉnh trước ngày 30/9/2021.\n"
    "2. Vốn đầu tư công\n"
    "Sở Kế hoạch và Đầu tư, Sở Tài chính rà soát nguồn vốn đầu tư công, hoàn thành chậm nhất "
    "ngày 15/10/2021.\n"
    "3. Kiểm tra\n"
    "UBND các huyện, thành phố tăng cường kiểm tra.\n";

#define SYT "Sở Y tế"
#define STC "Sở Tài chính"
#define SKH "Sở Kế hoạch và Đầu tư"
#define SXD "Sở Xây dựng"
#define HUYEN "UBND các huyện, thành phố"

typedef struct sample {
    kl_org lead1[1], sup1[1], lead2[2], lead3[1];
    const char *req1[2];
    kl_item items[3];
    kl_task tasks[3];
    kl_extraction x;
} sample;

static kl_span span_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    kl_span sp = {(size_t)(p - text), (size_t)(p - text) + strlen(needle)};
    return sp;
}

static kl_date ymd(int y, int m, int d)
{
    kl_date r = {(int16_t)y, (int8_t)m, (int8_t)d};
    return r;
}

static void sample_init(sample *s, const char *text)
{
    memset(s, 0, sizeof *s);
    s->lead1[0] = (kl_org){SYT, 5, false};
    s->sup1[0] = (kl_org){STC, 6, false};
    s->lead2[0] = (kl_org){SKH, 7, false};
    s->lead2[1] = (kl_org){STC, 6, false};
    s->lead3[0] = (kl_org){HUYEN, -1, true};
    s->req1[0] = "Bổ sung kinh phí mua vắc xin";
    s->req1[1] = "Rà soát nhân lực y tế";
    s->items[0] = (kl_item){"1", "Công tác phòng chống dịch", NULL, span_of(text, "1. Công tác")};
    s->items[1] = (kl_item){"2", "Vốn đầu tư công", SKH, span_of(text, "2. Vốn")};
    s->items[2] = (kl_item){"3", "Kiểm tra", NULL, span_of(text, "3. Kiểm tra")};
    kl_task *t = s->tasks;
    t[0].item = "1";
    t[0].lead = s->lead1;
    t[0].n_lead = 1;
    t[0].support = s->sup1;
    t[0].n_support = 1;
    t[0].action = "tham mưu phương án phòng chống dịch, báo cáo UBND tỉnh";
    t[0].requirements = s->req1;
    t[0].n_requirements = 2;
    t[0].report_to = "UBND tỉnh";
    t[0].deadline = (kl_deadline){KL_DUE_BEFORE, ymd(2021, 9, 30), "trước ngày 30/9/2021",
                                  span_of(text, "trước ngày 30/9/2021")};
    t[0].span = span_of(text, "Giao Sở Y tế");
    t[1].item = "2";
    t[1].lead = s->lead2;
    t[1].n_lead = 2;
    t[1].action = "rà soát nguồn vốn đầu tư công";
    t[1].deadline = (kl_deadline){KL_DUE_BY, ymd(2021, 10, 15), "chậm nhất ngày 15/10/2021",
                                  span_of(text, "chậm nhất ngày 15/10/2021")};
    t[1].span = span_of(text, "Sở Kế hoạch và Đầu tư, Sở Tài chính rà soát");
    t[2].item = "3";
    t[2].lead = s->lead3;
    t[2].n_lead = 1;
    t[2].action = "tăng cường kiểm tra";
    t[2].span = span_of(text, "UBND các huyện, thành phố tăng");
    s->x.header = (kl_header){.issuer = "UBND tỉnh Lạng Sơn",
                              .number = "125",
                              .symbol = "TB-UBND",
                              .place = "Lạng Sơn",
                              .issued = ymd(2021, 9, 10),
                              .kind = "THÔNG BÁO",
                              .subject = "Kết luận về công tác phòng chống dịch COVID-19"};
    s->x.items = s->items;
    s->x.n_items = 3;
    s->x.tasks = s->tasks;
    s->x.n_tasks = 3;
}

/* ---- fixture: a temporary directory with one database holding the sample -------------- */

typedef struct fx {
    char dir[64];
    char db[160];
    kl_store *s;
    int64_t notice_id;
    int64_t task[3];
} fx;

static void path_in(const fx *f, const char *name, char *out, size_t size)
{
    int n = snprintf(out, size, "%s/%s", f->dir, name);
    assert_true(n > 0 && (size_t)n < size);
}

static int import_text(kl_store *s, const char *text, bool confirm, int64_t *id, bool *was_new,
                       kl_error *err)
{
    sample smp;
    sample_init(&smp, text);
    static const char json[] = "{\"header\":{}}";
    return kl_store_notice_import(s, "tb125.txt", text, strlen(text), &smp.x, json, sizeof json - 1,
                                  confirm, id, was_new, err);
}

static int task_ids(kl_store *s, int64_t notice_id, int64_t *ids, size_t n)
{
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_store_doc *d = NULL;
    kl_error err;
    kl_err_clear(&err);
    int rc = kl_store_notice_text(s, notice_id, &a, &d, &err);
    for (size_t i = 0; rc == KL_OK && i < n && i < d->n_tasks; i++)
        ids[i] = d->tasks[i].task_id;
    kl_arena_fini(&a);
    return rc;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/kl_store_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    path_in(f, "ketluan.db", f->db, sizeof f->db);
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_open(&f->s, f->db, &err), KL_OK);
    bool was_new = false;
    assert_int_equal(import_text(f->s, NOTICE_TEXT, false, &f->notice_id, &was_new, &err), KL_OK);
    assert_true(was_new);
    assert_int_equal(task_ids(f->s, f->notice_id, f->task, 3), KL_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    if (f->s) { /* whatever the test wrote, the derived rows (agency lists) kept in step */
        kl_buf report;
        kl_buf_init(&report, 0);
        kl_error err;
        kl_err_clear(&err);
        if (kl_store_check(f->s, &report, &err) != KL_OK)
            fail_msg("check after the test: %s%s", report.p ? report.p : "", err.msg);
        kl_buf_fini(&report);
    }
    kl_store_close(f->s);
    kl_test_rm_tree(f->dir);
    free(f);
    return 0;
}

/* ---- little helpers ------------------------------------------------------------------- */

static int count_row(const kl_store_assign_row *r, void *ctx)
{
    (void)r;
    (*(size_t *)ctx)++;
    return KL_OK;
}

static size_t count_query(kl_store *s, const kl_store_filter *flt)
{
    size_t n = 0;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_assign_query(s, flt, count_row, &n, &err), KL_OK);
    return n;
}

static int count_hit(const kl_store_hit *h, void *ctx)
{
    (void)h;
    (*(size_t *)ctx)++;
    return KL_OK;
}

static size_t count_search(kl_store *s, const char *q)
{
    size_t n = 0;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_search(s, q, 0, count_hit, &n, &err), KL_OK);
    return n;
}

typedef struct hits {
    size_t n, n_tasks, n_notices;
    char snippet[512];
} hits;

static int keep_hit(const kl_store_hit *h, void *ctx)
{
    hits *k = ctx;
    if (k->n++ == 0)
        snprintf(k->snippet, sizeof k->snippet, "%s", h->snippet ? h->snippet : "");
    if (h->task_id)
        k->n_tasks++;
    else
        k->n_notices++;
    return KL_OK;
}

static int count_notice(const kl_store_notice *n, void *ctx)
{
    (void)n;
    (*(size_t *)ctx)++;
    return KL_OK;
}

static size_t count_notices(kl_store *s)
{
    size_t n = 0;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_notice_list(s, count_notice, &n, &err), KL_OK);
    return n;
}

static char *slurp(const char *path, size_t *len)
{
    char *p = NULL;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_read_file(path, 1u << 30, &p, len, &err), KL_OK);
    return p;
}

static void spit(const char *path, const char *p, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(p, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

/* ---- open, migrate, refuse what is not ours ---------------------------------------------- */

static void test_open_reopen(void **state)
{
    fx *f = *state;
    assert_string_equal(kl_store_backend_name(f->s), "sqlite");
    assert_int_equal(kl_store_schema_version(f->s), SCHEMA_NOW);
    kl_store_close(f->s);
    f->s = NULL;
    size_t len = 0;
    char *bytes = slurp(f->db, &len);
    assert_true(len >= 100);
    /* application_id "KLTN" at offset 68, user_version at offset 60 */
    assert_memory_equal(bytes + 68, "KLTN", 4);
    assert_int_equal((unsigned char)bytes[63], SCHEMA_NOW);
    kl_free(bytes);
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_open(&f->s, f->db, &err), KL_OK);
    assert_int_equal(kl_store_schema_version(f->s), SCHEMA_NOW);
    assert_int_equal(count_notices(f->s), 1);
    kl_store *s2 = NULL;
    char target[200];
    snprintf(target, sizeof target, "sqlite:%s", f->db);
    assert_int_equal(kl_store_open(&s2, target, &err), KL_OK); /* a second connection */
    assert_int_equal(count_notices(s2), 1);
    kl_store_close(s2);
    assert_int_equal(kl_store_open(&s2, "postgres://x/y", &err), KL_ERR_USAGE);
}

/* Each case makes a file from the closed sample database (or from scratch) and expects open
 * to fail with code, leaving every byte in place. */
static void test_not_ours(void **state)
{
    static const struct {
        const char *name;
        int patch_at; /* -1: write text instead */
        unsigned char patch[4];
        int code;
    } cases[] = {
        {"text", -1, {0, 0, 0, 0}, KL_ERR_FORMAT},
        {"other_app", 68, {0x12, 0x34, 0x56, 0x78}, KL_ERR_FORMAT},
        {"no_app_but_tables", 68, {0, 0, 0, 0}, KL_ERR_FORMAT},
        {"newer_schema", 60, {0, 0, 0, 99}, KL_ERR_DB},
    };
    fx *f = *state;
    kl_store_close(f->s);
    f->s = NULL;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[200];
        path_in(f, cases[i].name, path, sizeof path);
        static const char text[] = "Thông báo kết luận\nkhông phải cơ sở dữ liệu\n";
        if (cases[i].patch_at < 0) {
            spit(path, text, sizeof text - 1);
        } else {
            size_t len = 0;
            char *orig = slurp(f->db, &len);
            memcpy(orig + cases[i].patch_at, cases[i].patch, 4);
            spit(path, orig, len);
            kl_free(orig);
        }
        size_t before_len = 0, after_len = 0;
        char *before = slurp(path, &before_len);
        kl_store *s = NULL;
        kl_error err;
        kl_err_clear(&err);
        assert_int_equal(kl_store_open(&s, path, &err), cases[i].code);
        assert_null(s);
        if (cases[i].code == KL_ERR_FORMAT)
            assert_non_null(strstr(err.msg, "not a ketluan database"));
        else
            assert_non_null(strstr(err.msg, "needs a newer ketluan"));
        char *after = slurp(path, &after_len);
        assert_int_equal(before_len, after_len);
        assert_memory_equal(before, after, before_len);
        kl_free(before);
        kl_free(after);
    }
    /* An empty file is a new database. */
    char empty[200];
    path_in(f, "empty.db", empty, sizeof empty);
    spit(empty, "", 0);
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_open(&f->s, empty, &err), KL_OK);
    assert_int_equal(kl_store_schema_version(f->s), SCHEMA_NOW);
}

/* A new database in the fixture's directory with migrations stopped at version v, as that
 * version left it for the test to fill; its path in path. */
static kl_store *open_at_version(const fx *f, int v, char *path, size_t size)
{
    char name[16];
    snprintf(name, sizeof name, "v%d.db", v);
    path_in(f, name, path, size);
    kl_error err;
    kl_err_clear(&err);
    kl_store *s = NULL;
    kl_sq_test_max_version = v;
    int rc = kl_store_open(&s, path, &err);
    kl_sq_test_max_version = 0;
    assert_int_equal(rc, KL_OK);
    return s;
}

/* A database as schema 1 left it (a notice still queued for the search index, the task
 * texts in their own index) is migrated on open: everything found by search, the index
 * consistent with the text, the queue gone. */
static void test_migrate_from_1(void **state)
{
    fx *f = *state;
    char path[200];
    kl_error err;
    kl_err_clear(&err);
    kl_store *s = open_at_version(f, 1, path, sizeof path);
    assert_int_equal(kl_store_schema_version(s), 1);
    static const char v1[] =
        "INSERT INTO agency (id, name) VALUES (1, 'Sở Y tế');"
        "INSERT INTO notice (id, hash, name, subject, imported_at, len) VALUES (1, 'h1',"
        " 'a.txt', 'Kết luận về công tác y tế', '2024-01-01T00:00:00Z', 63);"
        "INSERT INTO notice_src (notice_id, bytes, is_text) VALUES (1,"
        " CAST('Giao Sở Y tế chủ trì tham mưu phương án phòng chống dịch.' AS BLOB), 1);"
        "INSERT INTO task (id, notice_id, seq, item, action, kind, dl_start, dl_end,"
        " span_start, span_end, review, is_key, origin, n_ext, created_at, fts_req,"
        " fts_agencies) VALUES (1, 1, 1, '', 'tham mưu phương án', 'none', 0, 0, 0, 10,"
        " 'confirmed', 0, 'extracted', 0, '2024-01-01T00:00:00Z', 'Mua vắc xin', 'Sở Y tế');"
        "INSERT INTO assignment (task_id, notice_id, agency_id, seq, kind, confirmed, is_key)"
        " VALUES (1, 1, 1, 1, 'none', 1, 0);"
        "INSERT INTO search_pending (notice_id) VALUES (1);";
    assert_int_equal(sqlite3_exec(kl_sq(s)->db, v1, NULL, NULL, NULL), SQLITE_OK);
    kl_store_close(s);
    assert_int_equal(kl_store_open(&s, path, &err), KL_OK);
    assert_int_equal(kl_store_schema_version(s), SCHEMA_NOW);
    hits k = {0};
    assert_int_equal(kl_store_search(s, "phong chong dich", 0, keep_hit, &k, &err), KL_OK);
    assert_int_equal(k.n_notices, 1);
    assert_int_equal(k.n_tasks, 0);
    memset(&k, 0, sizeof k);
    assert_int_equal(kl_store_search(s, "vac xin", 0, keep_hit, &k, &err), KL_OK);
    assert_int_equal(k.n_notices, 0); /* a requirement: not in the notice's text */
    assert_int_equal(k.n_tasks, 1);
    memset(&k, 0, sizeof k);
    assert_int_equal(kl_store_search(s, "so y te", 0, keep_hit, &k, &err), KL_OK);
    assert_int_equal(k.n_notices, 1);
    assert_int_equal(k.n_tasks, 1);
    assert_int_not_equal(
        sqlite3_exec(kl_sq(s)->db, "SELECT 1 FROM search_pending", NULL, NULL, NULL), SQLITE_OK);
    kl_buf report;
    kl_buf_init(&report, 0);
    assert_int_equal(kl_store_check(s, &report, &err), KL_OK);
    assert_string_equal(report.p, "ok\n");
    kl_buf_fini(&report);
    kl_store_close(s);
}

static int64_t sql_int(kl_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(kl_sq(s)->db, sql, -1, &st, NULL), SQLITE_OK);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

/* Schema 2 kept no day number for a deadline given as a month or a year; migration 3 gives
 * it one: the month's last day (within), the first day of the year (before). */
static void test_migrate_from_2(void **state)
{
    fx *f = *state;
    char path[200];
    kl_error err;
    kl_err_clear(&err);
    kl_store *s = open_at_version(f, 2, path, sizeof path);
    kl_org lead[1] = {{STC, 6, false}};
    kl_date dues[2] = {{2021, 9, 0}, {2022, 0, 0}};
    kl_due_kind kinds[2] = {KL_DUE_WITHIN, KL_DUE_BEFORE};
    for (int i = 0; i < 2; i++) {
        kl_task t;
        memset(&t, 0, sizeof t);
        t.item = "";
        t.lead = lead;
        t.n_lead = 1;
        t.action = "báo cáo";
        t.deadline.kind = kinds[i];
        t.deadline.due = dues[i];
        int64_t id = 0;
        assert_int_equal(kl_store_task_add(s, 0, &t, false, true, &id, &err), KL_OK);
    }
    /* as schema 2 left them */
    assert_int_equal(sqlite3_exec(kl_sq(s)->db,
                                  "UPDATE task SET due_day = NULL, cur_due_day ="
                                  " NULL; UPDATE assignment SET due_day = NULL",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    kl_store_close(s);
    assert_int_equal(kl_store_open(&s, path, &err), KL_OK);
    assert_int_equal(kl_store_schema_version(s), SCHEMA_NOW);
    int32_t sep30 = kl_date_to_days(ymd(2021, 9, 30)), jan1 = kl_date_to_days(ymd(2022, 1, 1));
    assert_int_equal(sql_int(s, "SELECT due_day FROM task WHERE kind = 'within'"), sep30);
    assert_int_equal(sql_int(s, "SELECT cur_due_day FROM task WHERE kind = 'before'"), jan1);
    assert_int_equal(sql_int(s, "SELECT a.due_day FROM assignment a JOIN task t"
                                " ON t.id = a.task_id WHERE t.kind = 'within'"),
                     sep30);
    assert_int_equal(sql_int(s, "SELECT count(*) FROM assignment WHERE due_day IS NULL"), 0);
    /* migration 4 fills the agency lists from what is there */
    assert_int_equal(sql_int(s, "SELECT count(*) FROM agency_list WHERE due_day IS NOT NULL"), 2);
    kl_store_filter flt = {.agency = STC, .open_due_before = {2022, 1, 2}};
    assert_int_equal(count_query(s, &flt), 2);
    kl_store_close(s);
}

/* ---- import ------------------------------------------------------------------------------ */

/* The sample comes back as it went in: header, bytes, spans, task 1 with all it owns. */
static void check_readback(fx *f, int64_t id)
{
    kl_error err;
    kl_err_clear(&err);
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_store_notice *n = NULL;
    assert_int_equal(kl_store_notice_get(f->s, id, &a, &n, &err), KL_OK);
    assert_string_equal(n->number, "125");
    assert_string_equal(n->symbol, "TB-UBND");
    assert_string_equal(n->issuer, "UBND tỉnh Lạng Sơn");
    assert_string_equal(n->name, "tb125.txt");
    assert_int_equal(strlen(n->hash), 64);
    assert_int_equal(n->issued.year, 2021);
    assert_int_equal(n->issued.day, 10);
    assert_int_equal(n->n_tasks, 3);
    assert_int_equal(n->n_pending, 3);
    assert_int_equal(n->n_confirmed, 0);
    assert_int_equal(n->len, strlen(NOTICE_TEXT));

    /* The original bytes and every span come back for showing tasks in context. */
    kl_store_doc *d = NULL;
    assert_int_equal(kl_store_notice_text(f->s, id, &a, &d, &err), KL_OK);
    assert_int_equal(d->len, strlen(NOTICE_TEXT));
    assert_memory_equal(d->bytes, NOTICE_TEXT, d->len);
    assert_string_equal(d->extraction_json, "{\"header\":{}}");
    assert_int_equal(d->n_items, 3);
    assert_string_equal(d->items[1].presenter, SKH);
    assert_int_equal(d->n_tasks, 3);
    kl_span sp = d->tasks[0].span;
    assert_memory_equal(d->bytes + sp.start, "Giao Sở Y tế", strlen("Giao Sở Y tế"));
    sp = d->tasks[0].deadline_span;
    assert_memory_equal(d->bytes + sp.start, "trước ngày 30/9/2021", sp.end - sp.start);

    kl_store_task *t = NULL;
    assert_int_equal(kl_store_task_get(f->s, f->task[0], &a, &t, &err), KL_OK);
    assert_int_equal(t->notice_id, id);
    assert_string_equal(t->item, "1");
    assert_int_equal(t->n_requirements, 2);
    assert_string_equal(t->requirements[1], "Rà soát nhân lực y tế");
    assert_string_equal(t->report_to, "UBND tỉnh");
    assert_int_equal(t->deadline.kind, KL_DUE_BEFORE);
    assert_int_equal(kl_date_cmp(t->deadline.due, ymd(2021, 9, 30)), 0);
    assert_int_equal(kl_date_cmp(t->due_current, ymd(2021, 9, 30)), 0);
    assert_int_equal(t->review, KL_REVIEW_PENDING);
    assert_int_equal(t->origin, KL_ORIGIN_EXTRACTED);
    assert_int_equal(t->n_assignments, 1);
    assert_string_equal(t->assignments[0].agency, SYT);
    assert_int_equal(t->assignments[0].agency_dir_id, 5);
    assert_int_equal(t->n_supports, 1);
    assert_string_equal(t->supports[0].name, STC);
    assert_int_equal(kl_store_task_get(f->s, 999999, &a, &t, &err), KL_ERR_NOTFOUND);
    assert_int_equal(kl_store_notice_get(f->s, 999999, &a, &n, &err), KL_ERR_NOTFOUND);
    kl_arena_fini(&a);
}

static void test_import_idempotent(void **state)
{
    fx *f = *state;
    kl_error err;
    kl_err_clear(&err);
    int64_t id = 0;
    bool was_new = true;
    assert_int_equal(import_text(f->s, NOTICE_TEXT, true, &id, &was_new, &err), KL_OK);
    assert_false(was_new);
    assert_int_equal(id, f->notice_id);
    assert_int_equal(count_notices(f->s), 1);
    assert_int_equal(count_query(f->s, NULL), 4); /* 1 + 2 + 1 leads */
    check_readback(f, id);

    /* Other bytes are another notice; bytes outside the spans are refused. */
    char other[sizeof NOTICE_TEXT + 16];
    snprintf(other, sizeof other, "%sBản sao.\n", NOTICE_TEXT);
    assert_int_equal(import_text(f->s, other, true, &id, &was_new, &err), KL_OK);
    assert_true(was_new);
    assert_int_not_equal(id, f->notice_id);
    sample smp;
    sample_init(&smp, NOTICE_TEXT);
    kl_err_clear(&err);
    assert_int_equal(kl_store_notice_import(f->s, "x", NOTICE_TEXT, 20, &smp.x, NULL, 0, false, &id,
                                            &was_new, &err),
                     KL_ERR_USAGE);
}

/* Fail the import at every statement in turn: each failure must leave no trace, and the
 * database must stay clean and usable. */
static void test_import_atomic(void **state)
{
    fx *f = *state;
    char other[sizeof NOTICE_TEXT + 16];
    snprintf(other, sizeof other, "%sBản hai.\n", NOTICE_TEXT);
    size_t before = count_query(f->s, NULL);
    long n = 1;
    int rc = KL_ERR_DB;
    for (; rc != KL_OK && n < 500; n++) {
        kl_error err;
        kl_err_clear(&err);
        int64_t id = 0;
        bool was_new = false;
        kl_store_test_fail_after(f->s, n);
        rc = import_text(f->s, other, false, &id, &was_new, &err);
        kl_store_test_fail_after(f->s, 0);
        if (rc == KL_OK)
            break;
        assert_int_equal(rc, KL_ERR_DB);
        assert_int_equal(count_notices(f->s), 1);
        assert_int_equal(count_query(f->s, NULL), before);
        assert_int_equal(count_search(f->s, "Bản hai"), 0);
    }
    assert_int_equal(rc, KL_OK);
    assert_true(n > 20); /* the import really ran many statements */
    assert_int_equal(count_notices(f->s), 2);
    assert_int_equal(count_query(f->s, NULL), 2 * before);
    kl_buf report;
    kl_buf_init(&report, 0);
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_check(f->s, &report, &err), KL_OK);
    assert_string_equal(report.p, "ok\n");
    kl_buf_fini(&report);
}

/* ---- review ------------------------------------------------------------------------------ */

static void test_confirm(void **state)
{
    fx *f = *state;
    kl_error err;
    kl_err_clear(&err);
    kl_store_filter flt = {.review = KL_FILTER_CONFIRMED};
    assert_int_equal(count_query(f->s, &flt), 0);
    size_t n = 0;
    assert_int_equal(kl_store_notice_confirm(f->s, f->notice_id, &n, &err), KL_OK);
    assert_int_equal(n, 3);
    assert_int_equal(count_query(f->s, &flt), 4);
    assert_int_equal(kl_store_notice_confirm(f->s, f->notice_id, &n, &err), KL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(kl_store_notice_confirm(f->s, 4242, &n, &err), KL_ERR_NOTFOUND);
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_store_task *t = NULL;
    assert_int_equal(kl_store_task_get(f->s, f->task[1], &a, &t, &err), KL_OK);
    assert_int_equal(t->review, KL_REVIEW_CONFIRMED);
    assert_int_equal(t->n_events, 1);
    assert_string_equal(t->events[0].kind, "confirm");
    kl_store_notice *no = NULL;
    assert_int_equal(kl_store_notice_receive(f->s, f->notice_id, ymd(2021, 9, 12), &err), KL_OK);
    assert_int_equal(kl_store_notice_get(f->s, f->notice_id, &a, &no, &err), KL_OK);
    assert_int_equal(no->n_confirmed, 3);
    assert_int_equal(kl_date_cmp(no->received, ymd(2021, 9, 12)), 0);
    kl_arena_fini(&a);
}

static void test_edit(void **state)
{
    fx *f = *state;
    kl_error err;
    kl_err_clear(&err);
    /* Sở KH&ĐT keeps its assignment and its report; Sở Tài chính goes; Sở Xây dựng comes. */
    assert_int_equal(
        kl_store_progress_add(f->s, f->task[1], SKH, ymd(2021, 9, 20), "Đã rà soát 50%", &err),
        KL_OK);
    kl_org leads[] = {{SXD, 9, false}, {SKH, 7, false}};
    kl_org sups[] = {{STC, 6, false}, {SYT, 5, false}};
    kl_store_edit e = {
        .set_leads = true,
        .leads = leads,
        .n_leads = 2,
        .set_supports = true,
        .supports = sups,
        .n_supports = 2,
        .action = "rà soát, điều chỉnh kế hoạch vốn đầu tư công năm 2022",
        .set_deadline = true,
        .deadline = {KL_DUE_BEFORE, ymd(2021, 11, 1), "trước ngày 01/11/2021", {0, 0}},
        .is_key = 1,
        .confirm = true,
    };
    assert_int_equal(kl_store_task_edit(f->s, f->task[1], &e, &err), KL_OK);
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_store_task *t = NULL;
    assert_int_equal(kl_store_task_get(f->s, f->task[1], &a, &t, &err), KL_OK);
    assert_string_equal(t->action, e.action);
    assert_true(t->is_key);
    assert_int_equal(t->review, KL_REVIEW_CONFIRMED);
    assert_int_equal(t->deadline.kind, KL_DUE_BEFORE);
    assert_int_equal(kl_date_cmp(t->due_current, ymd(2021, 11, 1)), 0);
    assert_true(t->deadline.span.end > 0); /* kept from the extraction */
    assert_int_equal(t->n_assignments, 2);
    assert_string_equal(t->assignments[0].agency, SXD);
    assert_string_equal(t->assignments[1].agency, SKH);
    assert_int_equal(t->assignments[1].n_progress, 1);
    assert_string_equal(t->assignments[1].progress[0].text, "Đã rà soát 50%");
    assert_int_equal(kl_date_cmp(t->assignments[0].due, ymd(2021, 11, 1)), 0);
    assert_int_equal(t->n_supports, 2);
    assert_true(t->n_events >= 5);
    bool saw_remove = false;
    for (size_t i = 0; i < t->n_events; i++)
        saw_remove |=
            strcmp(t->events[i].kind, "lead_remove") == 0 && strcmp(t->events[i].text, STC) == 0;
    assert_true(saw_remove);
    kl_store_filter flt = {.agency = STC};
    assert_int_equal(count_query(f->s, &flt), 0);
    flt.agency = SXD;
    flt.key_only = true;
    assert_int_equal(count_query(f->s, &flt), 1);
    assert_int_equal(count_search(f->s, "dieu chinh ke hoach"), 1);
    assert_int_equal(count_search(f->s, "xay dung"), 1); /* the new lead's name */
    /* a task without a deadline given one joins its agency's dated list */
    kl_store_filter due = {.agency = HUYEN, .open_due_before = {2022, 1, 1}};
    assert_int_equal(count_query(f->s, &due), 0);
    kl_store_edit dated = {.set_deadline = true,
                           .is_key = -1,
                           .deadline = {KL_DUE_BY, ymd(2021, 12, 31), NULL, {0, 0}}};
    assert_int_equal(kl_store_task_edit(f->s, f->task[2], &dated, &err), KL_OK);
    assert_int_equal(count_query(f->s, &due), 1);
    kl_store_edit bad = {.set_leads = true, .n_leads = 0, .is_key = -1};
    assert_int_equal(kl_store_task_edit(f->s, f->task[1], &bad, &err), KL_ERR_USAGE);
    kl_err_clear(&err);
    kl_store_edit none = {.is_key = -1};
    assert_int_equal(kl_store_task_edit(f->s, 777777, &none, &err), KL_ERR_NOTFOUND);
    kl_arena_fini(&a);
}

static void test_add_delete(void **state)
{
    fx *f = *state;
    kl_error err;
    kl_err_clear(&err);
    kl_org lead[] = {{"Công an tỉnh", 12, false}};
    kl_task t = {.item = "",
                 .lead = lead,
                 .n_lead = 1,
                 .action = "bảo đảm an ninh trật tự",
                 .deadline = {KL_DUE_BY, ymd(2021, 12, 31), NULL, {0, 0}}};
    int64_t on_notice = 0, loose = 0;
    assert_int_equal(kl_store_task_add(f->s, f->notice_id, &t, true, true, &on_notice, &err),
                     KL_OK);
    assert_int_equal(kl_store_task_add(f->s, 0, &t, false, false, &loose, &err), KL_OK);
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_store_task *got = NULL;
    assert_int_equal(kl_store_task_get(f->s, loose, &a, &got, &err), KL_OK);
    assert_int_equal(got->notice_id, 0);
    assert_int_equal(got->origin, KL_ORIGIN_MANUAL);
    assert_int_equal(kl_store_task_get(f->s, on_notice, &a, &got, &err), KL_OK);
    assert_true(got->is_key);
    assert_int_equal(got->review, KL_REVIEW_CONFIRMED);
    kl_store_notice *n = NULL;
    assert_int_equal(kl_store_notice_get(f->s, f->notice_id, &a, &n, &err), KL_OK);
    assert_int_equal(n->n_tasks, 4);
    assert_int_equal(count_search(f->s, "an ninh trat tu"), 2);

    /* Delete cascades: assignments, progress, history, search row. */
    assert_int_equal(kl_store_progress_add(f->s, on_notice, "Công an tỉnh", ymd(2021, 10, 1),
                                           "Đang triển khai", &err),
                     KL_OK);
    assert_int_equal(kl_store_task_delete(f->s, on_notice, &err), KL_OK);
    kl_store_filter flt = {.task_id = on_notice};
    assert_int_equal(count_query(f->s, &flt), 0);
    assert_int_equal(count_search(f->s, "an ninh trat tu"), 1);
    assert_int_equal(kl_store_task_delete(f->s, on_notice, &err), KL_ERR_NOTFOUND);
    kl_err_clear(&err);
    assert_int_equal(kl_store_task_delete(f->s, f->task[0], &err), KL_OK);
    assert_int_equal(kl_store_notice_get(f->s, f->notice_id, &a, &n, &err), KL_OK);
    assert_int_equal(n->n_tasks, 2);
    kl_buf report;
    kl_buf_init(&report, 0);
    assert_int_equal(kl_store_check(f->s, &report, &err), KL_OK);
    kl_buf_fini(&report);

    /* Refused: no lead, a span on no notice, an unknown notice, a span past the bytes. */
    kl_task bad = t;
    bad.n_lead = 0;
    assert_int_equal(kl_store_task_add(f->s, 0, &bad, false, false, &loose, &err), KL_ERR_USAGE);
    bad = t;
    bad.span = (kl_span){1, 5};
    kl_err_clear(&err);
    assert_int_equal(kl_store_task_add(f->s, 0, &bad, false, false, &loose, &err), KL_ERR_USAGE);
    kl_err_clear(&err);
    assert_int_equal(kl_store_task_add(f->s, 5555, &t, false, false, &loose, &err),
                     KL_ERR_NOTFOUND);
    bad.span = (kl_span){1, 100000};
    kl_err_clear(&err);
    assert_int_equal(kl_store_task_add(f->s, f->notice_id, &bad, false, false, &loose, &err),
                     KL_ERR_USAGE);
    kl_arena_fini(&a);
}

/* ---- lifecycle ---------------------------------------------------------------------------- */

static void test_progress_done(void **state)
{
    fx *f = *state;
    kl_error err;
    kl_err_clear(&err);
    int64_t t2 = f->task[1];
    assert_int_equal(kl_store_progress_add(f->s, t2, SYT, ymd(2021, 9, 1), "x", &err),
                     KL_ERR_NOTFOUND); /* not a lead of this task */
    kl_err_clear(&err);
    assert_int_equal(kl_store_progress_add(f->s, t2, STC, ymd(2021, 9, 1), "", &err), KL_ERR_USAGE);
    kl_err_clear(&err);
    assert_int_equal(kl_store_progress_add(f->s, t2, STC, ymd(2021, 9, 5), "Đã họp", &err), KL_OK);
    assert_int_equal(kl_store_progress_add(f->s, t2, STC, ymd(2021, 9, 3), "Đã giao", &err), KL_OK);

    static const char ev[] = "Báo cáo số 125/BC-STC ngày 20/9/2021";
    size_t n = 0;
    assert_int_equal(
        kl_store_assign_done(f->s, t2, STC, ymd(2021, 9, 20), NULL, NULL, true, &n, &err),
        KL_ERR_USAGE);
    kl_err_clear(&err);
    assert_int_equal(
        kl_store_assign_done(f->s, t2, STC, ymd(2021, 9, 20), ev, "đúng hạn", true, &n, &err),
        KL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(
        kl_store_assign_done(f->s, t2, STC, ymd(2021, 9, 21), ev, NULL, false, &n, &err),
        KL_ERR_CONFLICT);
    kl_err_clear(&err);
    /* agency NULL: every lead still open (only Sở KH&ĐT); evidence optional here */
    assert_int_equal(
        kl_store_assign_done(f->s, t2, NULL, ymd(2021, 10, 20), NULL, NULL, false, &n, &err),
        KL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(
        kl_store_assign_done(f->s, t2, NULL, ymd(2021, 10, 20), NULL, NULL, false, &n, &err),
        KL_ERR_CONFLICT);
    kl_err_clear(&err);

    kl_arena a;
    kl_arena_init(&a, 0);
    kl_store_task *t = NULL;
    assert_int_equal(kl_store_task_get(f->s, t2, &a, &t, &err), KL_OK);
    const kl_store_assignment *stc = &t->assignments[1];
    assert_string_equal(stc->agency, STC);
    assert_int_equal(kl_date_cmp(stc->done, ymd(2021, 9, 20)), 0);
    assert_string_equal(stc->done_evidence, ev);
    assert_string_equal(stc->done_note, "đúng hạn");
    assert_int_equal(stc->n_progress, 2);
    assert_string_equal(stc->progress[0].text, "Đã giao"); /* by date */
    kl_arena_fini(&a);

    kl_store_filter flt = {.agency = STC, .state = KL_STATE_DONE};
    assert_int_equal(count_query(f->s, &flt), 1);
    flt.state = KL_STATE_OPEN;
    assert_int_equal(count_query(f->s, &flt), 0);
}

static void test_extension(void **state)
{
    static const struct {
        int task; /* index into fx.task */
        kl_date to;
        int max;
        int code;
    } cases[] = {
        {0, {2021, 9, 1}, 2, KL_ERR_USAGE},  /* earlier than 30/9 */
        {0, {2021, 9, 30}, 2, KL_ERR_USAGE}, /* the same day is no extension */
        {0, {2021, 10, 15}, 2, KL_OK},
        {0, {2021, 10, 10}, 2, KL_ERR_USAGE}, /* earlier than the new due */
        {0, {2021, 10, 30}, 2, KL_OK},
        {0, {2021, 11, 30}, 2, KL_ERR_CONFLICT}, /* the limit */
        {0, {2021, 11, 30}, -1, KL_OK},          /* no limit */
        {2, {2021, 11, 30}, 2, KL_ERR_CONFLICT}, /* no deadline to extend */
        {0, {2021, 11, 31}, 2, KL_ERR_USAGE},    /* not a date */
    };
    fx *f = *state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kl_error err;
        kl_err_clear(&err);
        int rc = kl_store_extension_add(f->s, f->task[cases[i].task], cases[i].to, "chờ ý kiến Bộ",
                                        "Phó Chủ tịch UBND tỉnh", cases[i].max, &err);
        if (rc != cases[i].code)
            fail_msg("case %zu: got %d (%s), want %d", i, rc, err.msg, cases[i].code);
    }
    kl_error err;
    kl_err_clear(&err);
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_store_task *t = NULL;
    assert_int_equal(kl_store_task_get(f->s, f->task[0], &a, &t, &err), KL_OK);
    assert_int_equal(kl_date_cmp(t->deadline.due, ymd(2021, 9, 30)), 0); /* never lost */
    assert_int_equal(kl_date_cmp(t->due_current, ymd(2021, 11, 30)), 0);
    assert_int_equal(t->n_extensions, 3);
    assert_int_equal(kl_date_cmp(t->extensions[0].from, ymd(2021, 9, 30)), 0);
    assert_int_equal(kl_date_cmp(t->extensions[0].to, ymd(2021, 10, 15)), 0);
    assert_string_equal(t->extensions[2].approver, "Phó Chủ tịch UBND tỉnh");
    kl_arena_fini(&a);
    kl_store_filter flt = {.task_id = f->task[0]};
    assert_int_equal(count_query(f->s, &flt), 1);
    flt.due_from = ymd(2021, 11, 30);
    flt.due_to = ymd(2021, 11, 30);
    assert_int_equal(count_query(f->s, &flt), 1); /* filters use the current due */
}

static void test_cancel(void **state)
{
    fx *f = *state;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(
        kl_store_task_cancel(f->s, f->task[1], ymd(2021, 9, 15), "Không còn phù hợp", &err), KL_OK);
    assert_int_equal(kl_store_task_cancel(f->s, f->task[1], ymd(2021, 9, 16), "x", &err),
                     KL_ERR_CONFLICT);
    kl_err_clear(&err);
    assert_int_equal(kl_store_progress_add(f->s, f->task[1], SKH, ymd(2021, 9, 16), "x", &err),
                     KL_ERR_CONFLICT);
    kl_err_clear(&err);
    assert_int_equal(
        kl_store_assign_done(f->s, f->task[1], SKH, ymd(2021, 9, 16), "x", NULL, false, NULL, &err),
        KL_ERR_CONFLICT);
    kl_err_clear(&err);
    assert_int_equal(
        kl_store_extension_add(f->s, f->task[1], ymd(2021, 12, 1), NULL, NULL, -1, &err),
        KL_ERR_CONFLICT);
    kl_store_filter flt = {.state = KL_STATE_CANCELLED};
    assert_int_equal(count_query(f->s, &flt), 2);
    flt.state = KL_STATE_OPEN;
    assert_int_equal(count_query(f->s, &flt), 2);
    assert_int_equal(kl_store_task_cancel(f->s, 31337, ymd(2021, 9, 16), "x", &err),
                     KL_ERR_NOTFOUND);
}

static void test_reassign(void **state)
{
    fx *f = *state;
    kl_error err;
    kl_err_clear(&err);
    /* Sở Tài chính: done on task 2; open on a new task led with Sở KH&ĐT, which takes over. */
    assert_int_equal(kl_store_assign_done(f->s, f->task[1], STC, ymd(2021, 9, 20), "BC 1", NULL,
                                          false, NULL, &err),
                     KL_OK);
    kl_org leads[] = {{STC, 6, false}, {SKH, 7, false}};
    kl_task t = {.lead = leads,
                 .n_lead = 2,
                 .action = "lập kế hoạch tài chính 5 năm",
                 .deadline = {KL_DUE_BY, ymd(2022, 3, 31), NULL, {0, 0}}};
    int64_t both = 0, solo = 0;
    assert_int_equal(kl_store_task_add(f->s, 0, &t, false, true, &both, &err), KL_OK);
    t.n_lead = 1;
    t.action = "quyết toán ngân sách";
    assert_int_equal(kl_store_task_add(f->s, 0, &t, false, true, &solo, &err), KL_OK);
    assert_int_equal(kl_store_progress_add(f->s, both, STC, ymd(2021, 10, 2), "Dự thảo xong", &err),
                     KL_OK);
    size_t moved = 0;
    assert_int_equal(kl_store_assign_reassign(f->s, STC, SKH, 7, ymd(2025, 7, 1), &moved, &err),
                     KL_OK);
    assert_int_equal(moved, 2);
    kl_store_filter flt = {.agency = STC};
    assert_int_equal(count_query(f->s, &flt), 1); /* the done one stays with its agency */
    flt.agency = SKH;
    assert_int_equal(count_query(f->s, &flt), 3);

    kl_arena a;
    kl_arena_init(&a, 0);
    kl_store_task *got = NULL;
    assert_int_equal(kl_store_task_get(f->s, both, &a, &got, &err), KL_OK);
    assert_int_equal(got->n_assignments, 1);
    assert_string_equal(got->assignments[0].agency, SKH);
    assert_int_equal(got->assignments[0].n_progress, 1);
    assert_string_equal(got->assignments[0].progress[0].agency, STC); /* who reported */
    assert_string_equal(got->events[got->n_events - 1].kind, "reassign");
    assert_int_equal(kl_store_task_get(f->s, solo, &a, &got, &err), KL_OK);
    assert_string_equal(got->assignments[0].agency, SKH);
    kl_arena_fini(&a);

    assert_int_equal(
        kl_store_assign_reassign(f->s, "Sở không có", SKH, -1, ymd(2025, 7, 1), &moved, &err),
        KL_OK);
    assert_int_equal(moved, 0);
    assert_int_equal(kl_store_assign_reassign(f->s, SKH, SKH, -1, ymd(2025, 7, 1), &moved, &err),
                     KL_ERR_USAGE);
}

/* ---- lists --------------------------------------------------------------------------- */

typedef struct grab {
    size_t n;
    kl_store_assign_row first;
    char agency[128], action[256], number[32];
} grab;

static int grab_row(const kl_store_assign_row *r, void *ctx)
{
    grab *g = ctx;
    if (g->n++ == 0) {
        g->first = *r;
        snprintf(g->agency, sizeof g->agency, "%s", r->agency ? r->agency : "");
        snprintf(g->action, sizeof g->action, "%s", r->action ? r->action : "");
        snprintf(g->number, sizeof g->number, "%s", r->notice_number ? r->notice_number : "");
    }
    return KL_OK;
}

static int stop_early(const kl_store_assign_row *r, void *ctx)
{
    (void)r;
    return ++*(size_t *)ctx == 2 ? KL_ERR_CONFLICT : KL_OK;
}

/* Each filter against the sample (Sở Tài chính done on task 2, task 1 key, all confirmed),
 * through the list and through the facts. */
static void check_filters(fx *f)
{
    static const struct {
        kl_store_filter f;
        size_t want;
    } cases[] = {
        {{.agency = SYT}, 1},
        {{.agency = STC}, 1},
        {{.agency = "Sở không có"}, 0},
        {{.notice_id = 1}, 4},
        {{.notice_id = 99}, 0},
        {{.due_from = {2021, 10, 1}}, 2},
        {{.due_to = {2021, 9, 30}}, 1},
        {{.due_from = {2021, 9, 1}, .due_to = {2021, 12, 31}}, 3},
        {{.open_due_before = {2021, 10, 1}}, 1},  /* Sở Y tế, due 30/9 */
        {{.open_due_before = {2021, 10, 16}}, 2}, /* + Sở KH&ĐT; Sở Tài chính is done */
        {{.open_due_before = {2021, 10, 16}, .agency = SKH}, 1},
        {{.open_due_before = {2021, 10, 16}, .agency = STC}, 0},
        {{.open_due_before = {2030, 1, 1}, .agency = HUYEN}, 0}, /* open, but no due date */
        {{.state = KL_STATE_OPEN, .agency = HUYEN}, 1},
        {{.state = KL_STATE_OPEN, .agency = STC}, 0},
        {{.open_on = {2021, 9, 30}, .agency = STC}, 1}, /* done on 1/10 */
        {{.open_on = {2021, 10, 1}, .agency = STC}, 0},
        {{.open_on = {2021, 9, 30}}, 4}, /* every agency's lists in turn */
        {{.open_on = {2021, 10, 1}}, 3},
        {{.open_on = {2021, 10, 1}, .due_to = {2021, 9, 30}}, 1},
        {{.review = KL_FILTER_CONFIRMED}, 4},
        {{.review = KL_FILTER_PENDING}, 0},
        {{.key_only = true}, 1},
        {{.state = KL_STATE_OPEN}, 3},
        {{.state = KL_STATE_DONE}, 1},
        {{.text = "phong chong dich"}, 1},
        {{.text = "dau tu"}, 2},
        {{.text = "kiem tra", .agency = HUYEN}, 1},
        {{.limit = 2}, 2},
        {{0}, 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kl_store_filter flt = cases[i].f;
        if (flt.notice_id == 1)
            flt.notice_id = f->notice_id;
        size_t n = count_query(f->s, &flt);
        if (n != cases[i].want)
            fail_msg("case %zu: %zu rows, want %zu", i, n, cases[i].want);
        grab g = {0};
        kl_error err;
        kl_err_clear(&err);
        if (flt.text == NULL) {
            assert_int_equal(kl_store_assign_facts(f->s, &flt, grab_row, &g, &err), KL_OK);
            if (g.n != cases[i].want)
                fail_msg("case %zu: %zu facts, want %zu", i, g.n, cases[i].want);
        }
    }
}

static void test_query(void **state)
{
    fx *f = *state;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_assign_done(f->s, f->task[1], STC, ymd(2021, 10, 1), "BC", NULL,
                                          false, NULL, &err),
                     KL_OK);
    kl_store_edit key = {.is_key = 1};
    assert_int_equal(kl_store_task_edit(f->s, f->task[0], &key, &err), KL_OK);
    assert_int_equal(kl_store_notice_confirm(f->s, f->notice_id, NULL, &err), KL_OK);
    check_filters(f);

    /* Rows come in due order, no deadline last, with what status derivation needs. */
    grab g = {0};
    assert_int_equal(kl_store_assign_query(f->s, NULL, grab_row, &g, &err), KL_OK);
    assert_int_equal(g.n, 4);
    assert_string_equal(g.agency, SYT);
    assert_string_equal(g.number, "125");
    assert_int_equal(g.first.notice_id, f->notice_id);
    assert_int_equal(g.first.kind, KL_DUE_BEFORE);
    assert_int_equal(kl_date_cmp(g.first.due, ymd(2021, 9, 30)), 0);
    assert_int_equal(kl_date_cmp(g.first.due_current, ymd(2021, 9, 30)), 0);
    assert_int_equal(kl_date_cmp(g.first.notice_issued, ymd(2021, 9, 10)), 0);
    assert_true(g.first.is_key);
    assert_int_equal(g.first.review, KL_REVIEW_CONFIRMED);
    assert_false(kl_date_is_set(g.first.done));
    kl_store_filter last = {.agency = HUYEN};
    g = (grab){0};
    assert_int_equal(kl_store_assign_query(f->s, &last, grab_row, &g, &err), KL_OK);
    assert_false(kl_date_is_set(g.first.due_current));
    assert_string_equal(g.action, "tăng cường kiểm tra");

    size_t seen = 0;
    assert_int_equal(kl_store_assign_query(f->s, NULL, stop_early, &seen, &err), KL_ERR_CONFLICT);
    assert_int_equal(seen, 2);
    kl_store_filter bad = {.due_from = {2021, 2, 30}};
    assert_int_equal(kl_store_assign_query(f->s, &bad, count_row, &seen, &err), KL_ERR_USAGE);
    kl_err_clear(&err);
    kl_store_filter text = {.text = "dau"};
    assert_int_equal(kl_store_assign_facts(f->s, &text, count_row, &seen, &err), KL_ERR_USAGE);
}

/* ---- search ------------------------------------------------------------------------------ */

static void test_search(void **state)
{
    static const struct {
        const char *q;
        size_t notices, tasks; /* hits expected */
        const char *snippet;   /* in the best hit, or NULL */
    } cases[] = {
        {"phòng chống dịch", 1, 1, "[phòng] [chống] [dịch]"},
        {"phong chong dich", 1, 1, "[phòng] [chống] [dịch]"},
        {"PHONG CHONG DICH", 1, 1, NULL},
        {"Đầu tư", 1, 1, NULL},
        {"dau tu", 1, 1, NULL},
        {"đầu TƯ", 1, 1, NULL},
        {"DAU", 1, 1, "ầu]"},
        {"kiem tr*", 1, 1, NULL},
        {"vắc xin", 0, 1, "[vắc] [xin]"}, /* a requirement of task 1 */
        {"so y te", 1, 1, NULL},          /* an agency of task 1 */
        {"xyzzy", 0, 0, NULL},
        {"\"AND OR ( NEAR: *", 0, 0, NULL}, /* FTS5 syntax is only words here */
        {"125/TB-UBND", 1, 0, NULL},
    };
    fx *f = *state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hits k = {0};
        kl_error err;
        kl_err_clear(&err);
        int rc = kl_store_search(f->s, cases[i].q, 0, keep_hit, &k, &err);
        if (rc != KL_OK)
            fail_msg("case %zu (%s): rc %d %s", i, cases[i].q, rc, err.msg);
        if (k.n_notices != cases[i].notices || k.n_tasks != cases[i].tasks)
            fail_msg("case %zu (%s): %zu notices %zu tasks", i, cases[i].q, k.n_notices, k.n_tasks);
        if (cases[i].snippet && !strstr(k.snippet, cases[i].snippet))
            fail_msg("case %zu (%s): snippet %s", i, cases[i].q, k.snippet);
    }
    kl_error err;
    kl_err_clear(&err);
    hits k = {0};
    assert_int_equal(kl_store_search(f->s, "   ", 0, keep_hit, &k, &err), KL_ERR_USAGE);
    kl_err_clear(&err);
    assert_int_equal(kl_store_search(f->s, "dich", 1, keep_hit, &k, &err), KL_OK);
    assert_int_equal(k.n, 1);
}

/* A batch: notices prepared ahead (as import does in its reader thread) or not, one bad
 * notice in the middle undone alone, the others committed together and found by search
 * alike, whether their words were split ahead or at insert. */
static void test_import_batch(void **state)
{
    fx *f = *state;
    enum { N = 4 };
    char text[N][sizeof NOTICE_TEXT + 32];
    sample smp[N];
    kl_store_import v[N];
    kl_error errs[N];
    static const char json[] = "{\"header\":{}}";
    for (int i = 0; i < N; i++) {
        snprintf(text[i], sizeof text[i], "%sBản kèm theo phuluc%c.\n", NOTICE_TEXT, 'a' + i);
        sample_init(&smp[i], text[i]);
        kl_store_import_init(&v[i]);
        kl_err_clear(&errs[i]);
        v[i].name = "batch.txt";
        v[i].bytes = text[i];
        v[i].len = strlen(text[i]);
        v[i].x = &smp[i].x;
        v[i].json = json;
        v[i].json_len = sizeof json - 1;
        v[i].err = &errs[i];
    }
    smp[1].tasks[0].span.end = v[1].len + 10; /* past the end: refused */
    assert_int_equal(kl_store_import_prepare(f->s, &v[0]), KL_OK);
    assert_int_equal(kl_store_import_prepare(f->s, &v[2]), KL_OK);
    assert_true(v[0].prepared && v[0].is_text && v[0].words.len > 0);
    /* the canonical name written otherwise in the text and the requirement that is not in
     * it are what the search row adds */
    assert_non_null(strstr(v[0].extra.p, "vắc xin"));
    assert_null(strstr(v[0].extra.p ? v[0].extra.p : "", SYT));
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_notice_import_batch(f->s, v, N, true, &err), KL_OK);
    assert_int_equal(v[0].rc, KL_OK);
    assert_int_equal(v[1].rc, KL_ERR_USAGE);
    assert_int_equal(v[2].rc, KL_OK);
    assert_int_equal(v[3].rc, KL_OK);
    assert_true(v[0].was_new && v[2].was_new && v[3].was_new);
    assert_true(v[0].id < v[2].id && v[2].id < v[3].id);
    assert_int_equal(count_notices(f->s), 4);
    assert_int_equal(count_search(f->s, "phulucb"), 0);
    assert_int_equal(count_search(f->s, "phuluca"), 1);
    assert_int_equal(count_search(f->s, "PHỤ LỤC"), 0); /* one word in the text, not two */
    assert_int_equal(count_search(f->s, "phulucc"), 1);
    assert_int_equal(count_search(f->s, "phulucd"), 1);
    hits k = {0};
    assert_int_equal(kl_store_search(f->s, "vac xin", 0, keep_hit, &k, &err), KL_OK);
    assert_int_equal(k.n_tasks, 4); /* the fixture's notice and three of the batch */
    /* the same bytes again in a batch: already there, nothing stored */
    kl_store_import again;
    kl_store_import_init(&again);
    again.bytes = text[2];
    again.len = strlen(text[2]);
    again.x = &smp[2].x;
    assert_int_equal(kl_store_notice_import_batch(f->s, &again, 1, true, &err), KL_OK);
    assert_int_equal(again.rc, KL_OK);
    assert_false(again.was_new);
    assert_int_equal(again.id, v[2].id);
    kl_store_import_fini(&again);
    for (int i = 0; i < N; i++)
        kl_store_import_fini(&v[i]);
    kl_buf report;
    kl_buf_init(&report, 0);
    assert_int_equal(kl_store_check(f->s, &report, &err), KL_OK);
    kl_buf_fini(&report);
}

/* The extraction JSON is kept compressed: it comes back byte for byte, and a damaged record
 * is told apart, never read past. */
static void test_json_pack(void **state)
{
    (void)state;
    kl_buf json, z;
    kl_buf_init(&json, 0);
    kl_buf_init(&z, 0);
    for (int i = 0; i < 500; i++)
        kl_buf_appendf(&json, "{\"task\":%d,\"action\":\"Sở Y tế báo cáo\"},", i);
    assert_int_equal(kl_store_json_pack(json.p, json.len, &z), KL_OK);
    assert_true(z.len < json.len / 4);
    kl_arena a;
    kl_arena_init(&a, 0);
    const char *back = NULL;
    assert_int_equal(kl_store_json_unpack(z.p, z.len, &a, &back), KL_OK);
    assert_string_equal(back, json.p);
    assert_int_equal(kl_store_json_unpack(z.p, 3, &a, &back), KL_ERR_FORMAT);
    assert_int_equal(kl_store_json_unpack(z.p, z.len - 5, &a, &back), KL_ERR_FORMAT);
    z.p[10] ^= 0x55;
    assert_int_equal(kl_store_json_unpack(z.p, z.len, &a, &back), KL_ERR_FORMAT);
    kl_buf_reset(&z);
    assert_int_equal(kl_store_json_pack("", 0, &z), KL_OK);
    assert_int_equal(kl_store_json_unpack(z.p, z.len, &a, &back), KL_OK);
    assert_string_equal(back, "");
    /* as schema 2 wrote it: the length, then zlib's deflate */
    kl_buf_reset(&z);
    uLongf cap = compressBound((uLong)json.len);
    unsigned char head[4] = {(unsigned char)json.len, (unsigned char)(json.len >> 8),
                             (unsigned char)(json.len >> 16), 0};
    kl_buf_append(&z, (const char *)head, 4);
    assert_int_equal(kl_buf_reserve(&z, cap), KL_OK);
    assert_int_equal(compress2((Bytef *)z.p + 4, &cap, (const Bytef *)json.p, (uLong)json.len, 1),
                     Z_OK);
    z.len = 4 + cap;
    assert_int_equal(kl_store_json_unpack(z.p, z.len, &a, &back), KL_OK);
    assert_string_equal(back, json.p);
    z.p[z.len / 2] ^= 0x55;
    assert_int_equal(kl_store_json_unpack(z.p, z.len, &a, &back), KL_ERR_FORMAT);
    kl_arena_fini(&a);
    kl_buf_fini(&json);
    kl_buf_fini(&z);
}

/* ---- settings, backup, check, corruption ------------------------------------------------ */

static void test_settings(void **state)
{
    fx *f = *state;
    kl_error err;
    kl_err_clear(&err);
    kl_buf v;
    kl_buf_init(&v, 0);
    assert_int_equal(kl_store_setting_get(f->s, "max_extensions", &v, &err), KL_ERR_NOTFOUND);
    kl_err_clear(&err);
    assert_int_equal(kl_store_setting_set(f->s, "max_extensions", "2", &err), KL_OK);
    assert_int_equal(kl_store_setting_set(f->s, "max_extensions", "1", &err), KL_OK);
    assert_int_equal(kl_store_setting_get(f->s, "max_extensions", &v, &err), KL_OK);
    assert_string_equal(v.p, "1");
    assert_int_equal(kl_store_setting_set(f->s, "max_extensions", NULL, &err), KL_OK);
    assert_int_equal(kl_store_setting_get(f->s, "max_extensions", &v, &err), KL_ERR_NOTFOUND);
    kl_buf_fini(&v);
}

static void test_backup_check(void **state)
{
    fx *f = *state;
    kl_error err;
    kl_err_clear(&err);
    kl_buf report;
    kl_buf_init(&report, 0);
    assert_int_equal(kl_store_check(f->s, &report, &err), KL_OK);
    assert_string_equal(report.p, "ok\n");
    char path[200];
    path_in(f, "backup.db", path, sizeof path);
    /* A reader keeps a statement open on another connection while the backup runs. */
    kl_store *other = NULL;
    assert_int_equal(kl_store_open(&other, f->db, &err), KL_OK);
    assert_int_equal(kl_store_backup(f->s, path, &err), KL_OK);
    assert_int_equal(kl_store_backup(f->s, path, &err), KL_OK); /* replaces */
    kl_store_close(other);
    kl_store *b = NULL;
    assert_int_equal(kl_store_open(&b, path, &err), KL_OK);
    assert_int_equal(count_notices(b), 1);
    assert_int_equal(count_query(b, NULL), 4);
    assert_int_equal(count_search(b, "dau tu"), 2);
    kl_buf_reset(&report);
    assert_int_equal(kl_store_check(b, &report, &err), KL_OK);
    kl_store_close(b);
    char part[220];
    snprintf(part, sizeof part, "%s.part", path);
    assert_int_equal(access(part, F_OK), -1);
    path_in(f, "no/such/dir/backup.db", path, sizeof path);
    assert_int_not_equal(kl_store_backup(f->s, path, &err), KL_OK);
    kl_buf_fini(&report);
}

/* A notice the database refuses (here a trigger of the test's own) fails alone: the batch
 * is written without a savepoint per notice, rolled back at the failure and written again
 * notice by notice. Alone in its batch, it fails with nothing else to redo. */
static void test_import_fallback(void **state)
{
    fx *f = *state;
    assert_int_equal(sqlite3_exec(kl_sq(f->s)->db,
                                  "CREATE TEMP TRIGGER refuse BEFORE INSERT"
                                  " ON main.notice WHEN NEW.name = 'bad.txt'"
                                  " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    enum { N = 3 };
    char text[N][sizeof NOTICE_TEXT + 32];
    sample smp[N];
    kl_store_import v[N];
    kl_error errs[N];
    for (int i = 0; i < N; i++) {
        snprintf(text[i], sizeof text[i], "%sBản kèm theo loat%c.\n", NOTICE_TEXT, 'a' + i);
        sample_init(&smp[i], text[i]);
        kl_store_import_init(&v[i]);
        kl_err_clear(&errs[i]);
        v[i].name = i == 1 ? "bad.txt" : "good.txt";
        v[i].bytes = text[i];
        v[i].len = strlen(text[i]);
        v[i].x = &smp[i].x;
        v[i].err = &errs[i];
    }
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_notice_import_batch(f->s, v, N, true, &err), KL_OK);
    assert_int_equal(v[0].rc, KL_OK);
    assert_int_not_equal(v[1].rc, KL_OK);
    assert_non_null(strstr(errs[1].msg, "refused by the test"));
    assert_int_equal(v[2].rc, KL_OK);
    assert_true(v[0].was_new && v[2].was_new && !v[1].was_new);
    assert_true(v[0].id > 0 && v[2].id > v[0].id && v[1].id == 0);
    assert_int_equal(count_notices(f->s), 3);
    assert_int_equal(count_search(f->s, "loatb"), 0);
    assert_int_equal(count_search(f->s, "loatc"), 1);
    /* alone in its batch */
    kl_store_import_reset(&v[1]);
    kl_err_clear(&errs[1]);
    v[1].name = "bad.txt";
    v[1].bytes = text[1];
    v[1].len = strlen(text[1]);
    v[1].x = &smp[1].x;
    v[1].err = &errs[1];
    assert_int_equal(kl_store_notice_import_batch(f->s, &v[1], 1, true, &err), KL_OK);
    assert_int_not_equal(v[1].rc, KL_OK);
    assert_non_null(strstr(errs[1].msg, "refused by the test"));
    assert_int_equal(count_notices(f->s), 3);
    for (int i = 0; i < N; i++)
        kl_store_import_fini(&v[i]);
    assert_int_equal(sqlite3_exec(kl_sq(f->s)->db, "DROP TRIGGER temp.refuse", NULL, NULL, NULL),
                     SQLITE_OK);
}

/* A bulk import (batches of several notices) checkpoints in a thread of its own: the
 * database file grows while the store is still open, which the writer's own checkpoints
 * (every 16,384 pages) would not do for a few hundred pages. The test asks after 8. */
static void test_import_checkpoints(void **state)
{
    fx *f = *state;
    struct stat before;
    assert_int_equal(stat(f->db, &before), 0);
    kl_sq_test_ckpt_frames = 8;
    enum { N = 8 };
    char text[N][sizeof NOTICE_TEXT + 64];
    sample smp[N];
    kl_store_import v[N];
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < N; i++) {
            snprintf(text[i], sizeof text[i], "%sBản số %d-%d.\n", NOTICE_TEXT, round & 7, i);
            sample_init(&smp[i], text[i]);
            kl_store_import_init(&v[i]);
            v[i].name = "bulk.txt";
            v[i].bytes = text[i];
            v[i].len = strlen(text[i]);
            v[i].x = &smp[i].x;
        }
        kl_error err;
        kl_err_clear(&err);
        assert_int_equal(kl_store_notice_import_batch(f->s, v, N, true, &err), KL_OK);
        for (int i = 0; i < N; i++) {
            assert_int_equal(v[i].rc, KL_OK);
            kl_store_import_fini(&v[i]);
        }
    }
    struct stat after = before;
    for (int tries = 0; tries < 200 && after.st_size <= before.st_size; tries++) {
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
        assert_int_equal(stat(f->db, &after), 0);
    }
    kl_sq_test_ckpt_frames = 16384;
    assert_true(after.st_size > before.st_size);
    assert_int_equal(count_notices(f->s), 1 + 4 * N);
}

/* The agency lists are derived rows: check finds one missing, one changed, one stray, and
 * says which assignment. */
static void test_list_check(void **state)
{
    fx *f = *state;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_notice_receive(f->s, f->notice_id, ymd(2021, 9, 12), &err), KL_OK);
    kl_store_filter flt = {.agency = SYT};
    grab g = {0};
    assert_int_equal(kl_store_assign_query(f->s, &flt, grab_row, &g, &err), KL_OK);
    assert_int_equal(g.n, 1);
    assert_int_equal(kl_date_cmp(g.first.notice_received, ymd(2021, 9, 12)), 0);
    static const char *const damage[] = {
        "UPDATE agency_list SET action = 'khác' WHERE id = (SELECT min(id) FROM agency_list)",
        "DELETE FROM agency_list WHERE id = (SELECT min(id) FROM agency_list)",
        "INSERT INTO agency_list SELECT agency_id, closed_day, id + 1000, task_id, notice_id,"
        " kind, due_day, done_day, cancelled_day, confirmed, is_key, last_progress_day,"
        " done_evidence, action, item, due, n_ext, number, symbol, issued, received_day"
        " FROM agency_list",
    };
    static const char *const found[] = {"list row missing or out of step",
                                        "list row missing or out of step",
                                        "list row(s) without an assignment"};
    sqlite3 *db = kl_sq(f->s)->db;
    for (size_t i = 0; i < sizeof damage / sizeof damage[0]; i++) {
        assert_int_equal(sqlite3_exec(db, "SAVEPOINT damage", NULL, NULL, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, damage[i], NULL, NULL, NULL), SQLITE_OK);
        kl_buf report;
        kl_buf_init(&report, 0);
        kl_err_clear(&err);
        assert_int_equal(kl_store_check(f->s, &report, &err), KL_ERR_FORMAT);
        if (!strstr(report.p, found[i]) || !strstr(report.p, "agency lists: "))
            fail_msg("damage %zu: %s", i, report.p);
        kl_buf_fini(&report);
        assert_int_equal(sqlite3_exec(db, "ROLLBACK TO damage; RELEASE damage", NULL, NULL, NULL),
                         SQLITE_OK);
    }
}

/* A notice's bytes are kept packed; damaged ones are an error that names the notice, and
 * check finds them through the search index. */
static void test_packed_text(void **state)
{
    fx *f = *state;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(sql_int(f->s, "SELECT packed FROM notice_src"), 1);
    assert_true(sql_int(f->s, "SELECT length(bytes) FROM notice_src") <
                (int64_t)strlen(NOTICE_TEXT));
    assert_int_equal(count_search(f->s, "phong chong dich"), 2);
    assert_int_equal(sqlite3_exec(kl_sq(f->s)->db,
                                  "UPDATE notice_src SET bytes ="
                                  " substr(bytes, 1, 20) || zeroblob(8) ||"
                                  " substr(bytes, 29)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    kl_arena a;
    kl_arena_init(&a, 0);
    kl_store_doc *d = NULL;
    assert_int_equal(kl_store_notice_text(f->s, f->notice_id, &a, &d, &err), KL_ERR_FORMAT);
    assert_non_null(strstr(err.msg, "damaged"));
    kl_arena_fini(&a);
    kl_buf report;
    kl_buf_init(&report, 0);
    kl_err_clear(&err);
    assert_int_equal(kl_store_check(f->s, &report, &err), KL_ERR_FORMAT);
    assert_non_null(strstr(report.p, "notice texts: notice #1: stored text does not unpack"));
    kl_buf_fini(&report);
    kl_store_close(f->s);
    f->s = NULL; /* damaged on purpose: the teardown's check would fail */
}

/* Read everything a user could ask for; any code is fine, a crash or hang is not. */
static void poke(kl_store *s)
{
    kl_error err;
    kl_arena a;
    kl_arena_init(&a, 0);
    size_t n = 0;
    kl_err_clear(&err);
    (void)kl_store_notice_list(s, count_notice, &n, &err);
    kl_err_clear(&err);
    (void)kl_store_assign_query(s, NULL, count_row, &n, &err);
    kl_err_clear(&err);
    (void)kl_store_search(s, "dich", 0, count_hit, &n, &err);
    kl_store_task *t = NULL;
    kl_err_clear(&err);
    (void)kl_store_task_get(s, 1, &a, &t, &err);
    kl_store_doc *d = NULL;
    kl_err_clear(&err);
    (void)kl_store_notice_text(s, 1, &a, &d, &err);
    kl_err_clear(&err);
    int64_t id = 0;
    bool was_new = false;
    char text[sizeof NOTICE_TEXT + 32];
    snprintf(text, sizeof text, "%sBản hỏng.\n", NOTICE_TEXT);
    (void)import_text(s, text, false, &id, &was_new, &err);
    kl_arena_fini(&a);
}

static void test_corrupt(void **state)
{
    fx *f = *state;
    /* Enough rows that the file has many pages. */
    for (int i = 0; i < 40; i++) {
        char text[sizeof NOTICE_TEXT + 32];
        snprintf(text, sizeof text, "%sBản số %d.\n", NOTICE_TEXT, i);
        int64_t id = 0;
        bool was_new = false;
        kl_error err;
        kl_err_clear(&err);
        assert_int_equal(import_text(f->s, text, false, &id, &was_new, &err), KL_OK);
    }
    kl_store_close(f->s);
    f->s = NULL;
    size_t len = 0;
    char *orig = slurp(f->db, &len);
    assert_true(len > 8 * 4096);
    static const struct {
        double at; /* fraction of the file */
        size_t n;
        char fill;
    } cases[] = {
        {0.5, 4096, '\xff'}, {0.25, 64, '\0'},   {0.75, 512, 'x'},
        {0.1, 4096, '\0'},   {0.9, 100, '\x7f'},
    };
    size_t n_failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *bytes = kl_malloc(len);
        assert_non_null(bytes);
        memcpy(bytes, orig, len);
        size_t at = (size_t)(cases[i].at * (double)len);
        memset(bytes + at, cases[i].fill, cases[i].n);
        char path[200];
        path_in(f, "corrupt.db", path, sizeof path);
        spit(path, bytes, len);
        kl_free(bytes);
        kl_store *s = NULL;
        kl_error err;
        kl_err_clear(&err);
        int rc = kl_store_open(&s, path, &err);
        if (rc == KL_OK) {
            poke(s);
            kl_buf report;
            kl_buf_init(&report, 0);
            kl_err_clear(&err);
            rc = kl_store_check(s, &report, &err);
            if (rc != KL_OK)
                assert_int_equal(rc, KL_ERR_FORMAT);
            kl_buf_fini(&report);
            kl_store_close(s);
        }
        n_failed += rc != KL_OK;
        char side[220];
        snprintf(side, sizeof side, "%s-wal", path);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", path);
        unlink(side);
        unlink(path);
    }
    assert_true(n_failed >= 3); /* most damage is found by open or check */
    kl_free(orig);
}

/* ---- timing (printed, not asserted) ------------------------------------------------------ */

#define BENCH_AGENCIES 80
#define BENCH_TASKS 20

static double clock_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
    return clock_ms(CLOCK_MONOTONIC);
}

static const char *const WORDS[] = {
    "tăng cường",    "công tác",     "quản lý",       "nhà nước",    "đất đai",    "đầu tư",
    "xây dựng",      "phát triển",   "kinh tế",       "xã hội",      "nông thôn",  "giải ngân",
    "vốn",           "dự án",        "tiến độ",       "phòng chống", "dịch bệnh",  "y tế",
    "giáo dục",      "đào tạo",      "thu ngân sách", "thuế",        "cải cách",   "hành chính",
    "chuyển đổi số", "doanh nghiệp", "hạ tầng",       "giao thông",  "môi trường", "tài nguyên",
    "rà soát",       "tổng hợp",     "báo cáo",       "kiểm tra",    "giám sát",
};

typedef struct bench_notice {
    kl_buf text;
    kl_org leads[BENCH_TASKS], sups[BENCH_TASKS];
    kl_task tasks[BENCH_TASKS];
    char names[BENCH_AGENCIES][48];
    char actions[BENCH_TASKS][160];
    kl_extraction x;
} bench_notice;

/* Notice i: about 12 KB of text, 20 tasks of one lead and one support each. */
static void bench_build(bench_notice *b, size_t i)
{
    uint32_t seed = (uint32_t)i * 2654435761u + 1;
    kl_buf_reset(&b->text);
    kl_buf_appendf(&b->text,
                   "UBND TỈNH LẠNG SƠN\nSố: %zu/TB-UBND\nTHÔNG BÁO\nKết luận phiên "
                   "họp số %zu\n",
                   i + 1, i + 1);
    for (size_t t = 0; t < BENCH_TASKS; t++) {
        for (int w = 0; w < 60; w++) {
            seed = seed * 1103515245u + 12345u;
            kl_buf_appendf(&b->text, "%s ", WORDS[(seed >> 16) % (sizeof WORDS / sizeof *WORDS)]);
        }
        size_t start = b->text.len;
        size_t lead = (i * 7 + t * 3) % BENCH_AGENCIES, sup = (lead + 11) % BENCH_AGENCIES;
        snprintf(b->actions[t], sizeof b->actions[t],
                 "hoàn thành nhiệm vụ số %zu của phiên "
                 "%zu về %s",
                 t + 1, i + 1, WORDS[(i + t) % (sizeof WORDS / sizeof *WORDS)]);
        kl_buf_appendf(&b->text, "\nGiao %s chủ trì, phối hợp với %s %s.\n", b->names[lead],
                       b->names[sup], b->actions[t]);
        kl_task *k = &b->tasks[t];
        memset(k, 0, sizeof *k);
        b->leads[t] = (kl_org){b->names[lead], (int32_t)lead, false};
        b->sups[t] = (kl_org){b->names[sup], (int32_t)sup, false};
        k->item = "1";
        k->lead = &b->leads[t];
        k->n_lead = 1;
        k->support = &b->sups[t];
        k->n_support = 1;
        k->action = b->actions[t];
        int32_t day = kl_date_to_days(ymd(2021, 1, 1)) + (int32_t)((i * 13 + t * 17) % 1460);
        k->deadline = (kl_deadline){t % 7 == 6 ? KL_DUE_NONE : KL_DUE_BY,
                                    t % 7 == 6 ? ymd(0, 0, 0) : kl_date_from_days(day),
                                    NULL,
                                    {0, 0}};
        k->span = (kl_span){start, b->text.len};
    }
    b->x.header = (kl_header){
        .number = "1", .symbol = "TB-UBND", .subject = "Kết luận", .issued = ymd(2021, 1, 1)};
    b->x.tasks = b->tasks;
    b->x.n_tasks = BENCH_TASKS;
}

typedef struct agg {
    size_t rows, done, overdue;
    size_t per_agency[BENCH_AGENCIES + 1];
    kl_date asof;
} agg;

/* What the tracking layer would do for "stats --by agency": one pass over the facts. */
static int aggregate(const kl_store_assign_row *r, void *ctx)
{
    agg *g = ctx;
    g->rows++;
    if (kl_date_is_set(r->done))
        g->done++;
    else if (kl_date_is_set(r->due_current) && kl_date_cmp(r->due_current, g->asof) < 0)
        g->overdue++;
    size_t k = r->agency_dir_id >= 0 && r->agency_dir_id < BENCH_AGENCIES ? (size_t)r->agency_dir_id
                                                                          : BENCH_AGENCIES;
    g->per_agency[k]++;
    return KL_OK;
}

static double best_of(kl_store *s, const kl_store_filter *flt, bool facts, size_t *rows)
{
    double best = 1e9;
    for (int run = 0; run < 5; run++) {
        agg g = {.asof = ymd(2023, 6, 30)};
        kl_error err;
        kl_err_clear(&err);
        double t0 = now_ms();
        int rc = facts ? kl_store_assign_facts(s, flt, aggregate, &g, &err)
                       : kl_store_assign_query(s, flt, aggregate, &g, &err);
        double ms = now_ms() - t0;
        assert_int_equal(rc, KL_OK);
        best = ms < best ? ms : best;
        *rows = g.rows;
    }
    return best;
}

/* Import n synthetic notices, one transaction each; prints and returns the milliseconds
 * spent in the store (building the records is not counted). */
static double bench_import(kl_store *s, bench_notice *b, size_t n)
{
    static const char json[] = "{\"header\":{},\"items\":[],\"tasks\":[]}";
    double build = 0, t0 = now_ms(), cpu0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        double b0 = now_ms();
        bench_build(b, i);
        build += now_ms() - b0;
        bytes += b->text.len;
        int64_t id = 0;
        bool was_new = false;
        kl_error err;
        kl_err_clear(&err);
        assert_int_equal(kl_store_notice_import(s, "bench.txt", b->text.p, b->text.len, &b->x, json,
                                                sizeof json - 1, true, &id, &was_new, &err),
                         KL_OK);
    }
    double ms = now_ms() - t0 - build;
    /* CPU time too: on a shared machine the wall clock also counts other people's work. */
    double cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu0 - build;
    printf("[ timing ] import %zu notices x %d assignments (%.1f KB each): %.0f ms, "
           "%.0f notices/s (cpu %.0f ms)\n",
           n, BENCH_TASKS, (double)bytes / (double)n / 1024.0, ms, (double)n / (ms / 1e3), cpu);
    return ms;
}

/* Count rows and add their ids (the same sum whichever part saw them). */
typedef struct part_sum {
    size_t n;
    int64_t ids;
} part_sum;

static int sum_row(const kl_store_assign_row *r, void *ctx)
{
    part_sum *p = ctx;
    p->n++;
    p->ids += r->assign_id;
    return KL_OK;
}

static void test_timing(void **state)
{
    fx *f = *state;
    size_t n = 2000;
    const char *env = getenv("KL_STORE_BENCH_N");
    uint32_t v = 0;
    if (env && kl_parse_u32(env, strlen(env), 1000000, &v) == strlen(env) && v > 0)
        n = v;
    char path[200];
    path_in(f, "bench.db", path, sizeof path);
    const char *keep = getenv("KL_STORE_BENCH_DB"); /* a path outside the temporary dir */
    if (keep && *keep)
        snprintf(path, sizeof path, "%s", keep);
    kl_store *s = NULL;
    kl_error err;
    kl_err_clear(&err);
    assert_int_equal(kl_store_open(&s, path, &err), KL_OK);
    bench_notice *b = calloc(1, sizeof *b);
    assert_non_null(b);
    kl_buf_init(&b->text, 0);
    for (size_t a = 0; a < BENCH_AGENCIES; a++)
        snprintf(b->names[a], sizeof b->names[a], "Sở Ngành số %02zu", a);
    double import_ms = bench_import(s, b, n);
    (void)import_ms;
    double t0;
    t0 = now_ms();
    for (size_t i = 1; i <= n; i += 10) {
        int64_t task = (int64_t)(i - 1) * BENCH_TASKS + 1;
        assert_int_equal(
            kl_store_assign_done(s, task, NULL, ymd(2021, 6, 1), "BC", NULL, false, NULL, &err),
            KL_OK);
    }
    printf("[ timing ] %zu done reports: %.0f ms\n", (n + 9) / 10, now_ms() - t0);
    size_t rows = 0;
    kl_store_filter overdue = {
        .agency = b->names[7], .open_due_before = ymd(2023, 6, 30), .review = KL_FILTER_CONFIRMED};
    double ms = best_of(s, &overdue, false, &rows);
    printf("[ timing ] tasks --status overdue --agency X: %zu rows in %.2f ms\n", rows, ms);
    ms = best_of(s, NULL, true, &rows);
    printf("[ timing ] stats facts over all assignments: %zu rows in %.1f ms\n", rows, ms);
    /* the same pass in three parts: every row once, in some part, each part a share */
    part_sum whole = {0, 0}, parts[3] = {{0, 0}, {0, 0}, {0, 0}};
    void *ctx[3] = {&parts[0], &parts[1], &parts[2]};
    assert_int_equal(kl_store_assign_facts(s, NULL, sum_row, &whole, &err), KL_OK);
    t0 = now_ms();
    assert_int_equal(kl_store_assign_facts_split(s, NULL, 3, sum_row, ctx, &err), KL_OK);
    printf("[ timing ] stats facts in 3 parts: %.1f ms\n", now_ms() - t0);
    assert_int_equal(parts[0].n + parts[1].n + parts[2].n, whole.n);
    assert_true(parts[0].ids + parts[1].ids + parts[2].ids == whole.ids);
    for (int k = 0; k < 3; k++)
        assert_true(parts[k].n > whole.n / 6);
    kl_store_filter one = {.agency = b->names[7]};
    ms = best_of(s, &one, true, &rows);
    printf("[ timing ] stats facts of one agency: %zu rows in %.2f ms\n", rows, ms);
    size_t n_hits = 0;
    t0 = now_ms();
    assert_int_equal(kl_store_search(s, "phong chong dich", 20, count_hit, &n_hits, &err), KL_OK);
    printf("[ timing ] search 'phong chong dich': %zu hits in %.1f ms\n", n_hits, now_ms() - t0);
    kl_buf_fini(&b->text);
    free(b);
    kl_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_ours, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_from_1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_from_2, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_atomic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_fallback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_checkpoints, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_packed_text, setup, teardown),
        cmocka_unit_test(test_json_pack),
        cmocka_unit_test_setup_teardown(test_confirm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_progress_done, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extension, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reassign, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backup_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
