/* The SQLite backend: opening a database safely, the statement cache, binding and error
 * helpers shared by the sqlite_*.c files, and the backend's function table. */
#include "sqlite_int.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

/* ---- errors and statements -------------------------------------------------------------- */

int kl_sq_error(kl_sqlite *q, int rc, const char *what, kl_error *err)
{
    const char *msg = q && q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc);
    const char *path = q && q->path ? q->path : "";
    switch (rc & 0xff) {
    case SQLITE_NOMEM:
        return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "%s: out of memory", what);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return kl_err_set(err, KL_ERR_FORMAT, KL_NO_OFFSET, "%s: corrupt database (%s: %s)", path,
                          what, msg);
    case SQLITE_CONSTRAINT:
        return kl_err_set(err, KL_ERR_CONFLICT, KL_NO_OFFSET, "%s: %s", what, msg);
    default:
        return kl_err_set(err, KL_ERR_DB, KL_NO_OFFSET, "%s: %s: %s", path, what, msg);
    }
}

int kl_sq_prep(kl_sqlite *q, enum kl_sq_slot slot, const char *sql, sqlite3_stmt **out,
               kl_error *err)
{
    if (!q->st[slot]) {
        int rc = sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &q->st[slot], NULL);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(q->st[slot]);
            q->st[slot] = NULL;
            return kl_sq_error(q, rc, "prepare", err);
        }
    }
    *out = q->st[slot];
    return KL_OK;
}

int kl_sq_step(kl_sqlite *q, sqlite3_stmt *st, bool *row, kl_error *err)
{
    if (q->fail_after > 0 && --q->fail_after == 0) {
        sqlite3_reset(st);
        return kl_err_set(err, KL_ERR_DB, KL_NO_OFFSET, "injected fault (test hook)");
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        *row = rc == SQLITE_ROW;
        return KL_OK;
    }
    /* sqlite3_reset repeats the step's error; the message is read before it. */
    int code = kl_sq_error(q, rc, "step", err);
    sqlite3_reset(st);
    return code;
}

int kl_sq_exec(kl_sqlite *q, sqlite3_stmt *st, kl_error *err)
{
    bool row = false;
    int rc = kl_sq_step(q, st, &row, err);
    sqlite3_reset(st);
    return rc;
}

void kl_sq_done(sqlite3_stmt *st)
{
    if (st)
        sqlite3_reset(st);
}

/* Run the statement of slot with ?1 = id and call fn on every row. */
int kl_sq_each_row(kl_sqlite *q, enum kl_sq_slot slot, const char *sql, int64_t id,
                   int (*fn)(sqlite3_stmt *st, void *ctx), void *ctx, kl_error *err)
{
    sqlite3_stmt *st = NULL;
    bool row = true;
    int rc = kl_sq_prep(q, slot, sql, &st, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_int(q, st, 1, id, err);
    while (rc == KL_OK) {
        rc = kl_sq_step(q, st, &row, err);
        if (rc != KL_OK || !row)
            break;
        rc = fn(st, ctx);
    }
    kl_sq_done(st);
    return rc;
}

static int bind_rc(kl_sqlite *q, int rc, kl_error *err)
{
    return rc == SQLITE_OK ? KL_OK : kl_sq_error(q, rc, "bind", err);
}

int kl_sq_bind_text(kl_sqlite *q, sqlite3_stmt *st, int i, const char *s, kl_error *err)
{
    if (!s)
        return bind_rc(q, sqlite3_bind_null(st, i), err);
    return bind_rc(q, sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC), err);
}

int kl_sq_bind_textn(kl_sqlite *q, sqlite3_stmt *st, int i, const char *s, size_t len,
                     kl_error *err)
{
    if (!s)
        return bind_rc(q, sqlite3_bind_null(st, i), err);
    return bind_rc(q, sqlite3_bind_text64(st, i, s, len, SQLITE_STATIC, SQLITE_UTF8), err);
}

int kl_sq_bind_int(kl_sqlite *q, sqlite3_stmt *st, int i, int64_t v, kl_error *err)
{
    return bind_rc(q, sqlite3_bind_int64(st, i, v), err);
}

int kl_sq_bind_null(kl_sqlite *q, sqlite3_stmt *st, int i, kl_error *err)
{
    return bind_rc(q, sqlite3_bind_null(st, i), err);
}

int kl_sq_bind_day(kl_sqlite *q, sqlite3_stmt *st, int i, kl_date d, kl_error *err)
{
    int32_t days = 0;
    if (!kl_store_date_days(d, &days))
        return kl_sq_bind_null(q, st, i, err);
    return kl_sq_bind_int(q, st, i, days, err);
}

int kl_sq_bind_iso(kl_sqlite *q, sqlite3_stmt *st, int i, kl_date d, kl_error *err)
{
    if (!kl_date_is_set(d))
        return kl_sq_bind_null(q, st, i, err);
    char iso[11];
    kl_date_iso(d, iso);
    return bind_rc(q, sqlite3_bind_text(st, i, iso, -1, SQLITE_TRANSIENT), err);
}

void kl_sq_a_text(kl_sq_args *a, const char *s)
{
    if (a->rc == KL_OK)
        a->rc = kl_sq_bind_text(a->q, a->st, a->next, s, a->err);
    a->next++;
}

void kl_sq_a_textn(kl_sq_args *a, const char *s, size_t len)
{
    if (a->rc == KL_OK)
        a->rc = kl_sq_bind_textn(a->q, a->st, a->next, s, len, a->err);
    a->next++;
}

void kl_sq_a_blob(kl_sq_args *a, const void *p, size_t len)
{
    if (a->rc == KL_OK)
        a->rc = bind_rc(a->q, sqlite3_bind_blob64(a->st, a->next, p, len, SQLITE_STATIC), a->err);
    a->next++;
}

void kl_sq_a_int(kl_sq_args *a, int64_t v)
{
    if (a->rc == KL_OK)
        a->rc = kl_sq_bind_int(a->q, a->st, a->next, v, a->err);
    a->next++;
}

void kl_sq_a_null(kl_sq_args *a)
{
    if (a->rc == KL_OK)
        a->rc = kl_sq_bind_null(a->q, a->st, a->next, a->err);
    a->next++;
}

void kl_sq_a_day(kl_sq_args *a, kl_date d)
{
    if (a->rc == KL_OK)
        a->rc = kl_sq_bind_day(a->q, a->st, a->next, d, a->err);
    a->next++;
}

void kl_sq_a_due(kl_sq_args *a, kl_date due, kl_due_kind kind)
{
    int32_t day = kl_store_due_day(due, kind);
    if (day == KL_NO_DAY)
        kl_sq_a_null(a);
    else
        kl_sq_a_int(a, day);
}

void kl_sq_a_iso(kl_sq_args *a, kl_date d)
{
    if (a->rc == KL_OK)
        a->rc = kl_sq_bind_iso(a->q, a->st, a->next, d, a->err);
    a->next++;
}

const char *kl_sq_col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

kl_date kl_sq_col_day(sqlite3_stmt *st, int i)
{
    kl_date none = {0, 0, 0};
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return none;
    return kl_date_from_days((int32_t)sqlite3_column_int(st, i));
}

kl_date kl_sq_col_iso(sqlite3_stmt *st, int i)
{
    const char *s = kl_sq_col_text(st, i);
    return kl_store_date_from_iso(s, s ? (size_t)sqlite3_column_bytes(st, i) : 0);
}

const char *kl_sq_col_dup(sqlite3_stmt *st, int i, kl_arena *a, bool *fail)
{
    const char *s = kl_sq_col_text(st, i);
    if (!s)
        return NULL;
    char *c = kl_arena_strndup(a, s, (size_t)sqlite3_column_bytes(st, i));
    if (!c)
        *fail = true;
    return c;
}

int kl_sq_exec_ids(kl_sqlite *q, enum kl_sq_slot slot, const char *sql, const int64_t *v, size_t n,
                   int64_t *changes, kl_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = kl_sq_prep(q, slot, sql, &st, err);
    if (rc != KL_OK)
        return rc;
    kl_sq_args a = kl_sq_args_of(q, st, err);
    for (size_t i = 0; i < n; i++)
        kl_sq_a_int(&a, v[i]);
    rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    if (rc == KL_OK && changes)
        *changes = sqlite3_changes64(q->db);
    return rc;
}

int kl_sq_scalar(kl_sqlite *q, enum kl_sq_slot slot, const char *sql, const int64_t *v, size_t n,
                 int64_t *out, kl_error *err)
{
    sqlite3_stmt *st = NULL;
    bool row = false;
    int rc = kl_sq_prep(q, slot, sql, &st, err);
    if (rc != KL_OK)
        return rc;
    kl_sq_args a = kl_sq_args_of(q, st, err);
    for (size_t i = 0; i < n; i++)
        kl_sq_a_int(&a, v[i]);
    rc = a.rc == KL_OK ? kl_sq_step(q, st, &row, err) : a.rc;
    if (rc == KL_OK)
        *out = row ? sqlite3_column_int64(st, 0) : 0;
    kl_sq_done(st);
    return rc;
}

/* ---- transactions ----------------------------------------------------------------------- */

int kl_sq_begin(kl_sqlite *q, kl_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = kl_sq_prep(q, ST_BEGIN, "BEGIN IMMEDIATE", &st, err);
    return rc != KL_OK ? rc : kl_sq_exec(q, st, err);
}

int kl_sq_end(kl_sqlite *q, int rc, kl_error *err)
{
    sqlite3_stmt *st = NULL;
    if (rc == KL_OK) {
        rc = kl_sq_prep(q, ST_COMMIT, "COMMIT", &st, err);
        if (rc == KL_OK)
            rc = kl_sq_exec(q, st, err);
        if (rc == KL_OK)
            return KL_OK;
    }
    /* The hook must not fail the rollback that undoes its own fault. */
    long saved = q->fail_after;
    q->fail_after = 0;
    kl_sq_agency_forget(q); /* agencies added by the undone writes are gone */
    if (sqlite3_get_autocommit(q->db) == 0 &&
        kl_sq_prep(q, ST_ROLLBACK, "ROLLBACK", &st, NULL) == KL_OK)
        kl_sq_exec(q, st, NULL);
    q->fail_after = saved;
    return rc;
}

/* ---- shared writers --------------------------------------------------------------------- */

int kl_sq_event(kl_sqlite *q, int64_t task_id, const char *kind, kl_date date, const char *text,
                kl_error *err)
{
    static const char sql[] = "INSERT INTO event (task_id, at, kind, day, text) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)";
    char now[21];
    kl_store_timestamp(now);
    sqlite3_stmt *st = NULL;
    int rc = kl_sq_prep(q, ST_EVENT_ADD, sql, &st, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_int(q, st, 1, task_id, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_text(q, st, 2, now, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_text(q, st, 3, kind, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_day(q, st, 4, date, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_text(q, st, 5, text, err);
    return rc == KL_OK ? kl_sq_exec(q, st, err) : rc;
}

/* ---- open ------------------------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Look at an existing file's header before SQLite touches it: a text file or another
 * application's database must be refused without a byte changed (WAL mode would rewrite
 * the header). A missing or empty file is a new database. */
static int precheck_file(const char *path, kl_error *err)
{
    static const char magic[16] = "SQLite format 3";
    FILE *f = fopen(path, "rb");
    if (!f)
        return KL_OK; /* missing (or unreadable: sqlite3_open reports it) */
    unsigned char h[100];
    size_t n = fread(h, 1, sizeof h, f);
    fclose(f);
    if (n == 0)
        return KL_OK;
    if (n < sizeof h || memcmp(h, magic, sizeof magic) != 0)
        return kl_err_set(err, KL_ERR_FORMAT, KL_NO_OFFSET, "%s: not a ketluan database", path);
    uint32_t app = be32(h + 68);
    if (app != 0 && app != KL_SQ_APP_ID)
        return kl_err_set(err, KL_ERR_FORMAT, KL_NO_OFFSET, "%s: not a ketluan database", path);
    return KL_OK;
}

/* One integer from a pragma or query without parameters (open-time only). */
static int query_int(kl_sqlite *q, const char *sql, int64_t *v, kl_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(q->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        return kl_sq_error(q, rc, sql, err);
    }
    bool row = false;
    int krc = kl_sq_step(q, st, &row, err);
    if (krc == KL_OK)
        *v = row ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return krc;
}

/* Ours, or empty and so ours to create: anything else is refused before any write. A file
 * SQLite cannot read as a database at all is refused the same way. */
static int check_owner(kl_sqlite *q, kl_error *err)
{
    int64_t app = 0, n_schema = 0;
    kl_error e;
    kl_err_clear(&e);
    int rc = query_int(q, "PRAGMA application_id", &app, &e);
    if (rc == KL_OK)
        rc = query_int(q, "SELECT count(*) FROM sqlite_master", &n_schema, &e);
    if (rc == KL_ERR_FORMAT || (rc == KL_OK && app != KL_SQ_APP_ID && (app || n_schema)))
        return kl_err_set(err, KL_ERR_FORMAT, KL_NO_OFFSET, "%s: not a ketluan database", q->path);
    if (rc != KL_OK)
        return kl_err_set(err, rc, e.offset, "%s", e.msg);
    return KL_OK;
}

/* WAL lets readers (the web UI) work while an import writes; NORMAL sync is safe in WAL
 * (a power cut may lose the last commits, never corrupt). Foreign keys are off by default
 * in SQLite and must be set per connection. */
static int configure(kl_sqlite *q, kl_error *err)
{
    static const char *const pragmas[] = {
        "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
        "PRAGMA temp_store=MEMORY",
        /* Debian's SQLite zeroes every deleted byte, pages freed by the search index's
         * merges included (a tenth of an import); FAST zeroes what costs no extra write. */
        "PRAGMA secure_delete=FAST",
        "PRAGMA cache_size=-65536", /* 64 MiB at most: the hot index pages of a province */
    };
    for (size_t i = 0; i < sizeof pragmas / sizeof pragmas[0]; i++) {
        int64_t ignored = 0;
        int krc = query_int(q, pragmas[i], &ignored, err);
        if (krc != KL_OK)
            return krc;
    }
    /* Checkpoint every 64 MiB of WAL instead of 4: each checkpoint syncs the files twice
     * (15% faster bulk import). */
    int src = sqlite3_wal_autocheckpoint(q->db, KL_SQ_AUTOCHECKPOINT);
    return src == SQLITE_OK ? KL_OK : kl_sq_error(q, src, "wal_autocheckpoint", err);
}

/* Wait for other writers, refuse what is not ours before writing anything, then set the
 * connection up and bring the schema to this build's version. */
static int prepare_db(kl_sqlite *q, kl_error *err)
{
    int src = sqlite3_busy_timeout(q->db, 5000);
    if (src != SQLITE_OK)
        return kl_sq_error(q, src, "busy_timeout", err);
    src = sqlite3_extended_result_codes(q->db, 1);
    if (src != SQLITE_OK)
        return kl_sq_error(q, src, "extended_result_codes", err);
    int rc = check_owner(q, err);
    if (rc == KL_OK)
        rc = configure(q, err);
    if (rc == KL_OK)
        rc = kl_sq_migrate(q, err);
    return rc;
}

static void sq_close(kl_store *s)
{
    kl_sqlite *q = kl_sq(s);
    kl_sq_ckpt_stop(q);
    for (size_t i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(q->st[i]);
    for (size_t i = 0; i < KL_SQ_QCACHE; i++)
        sqlite3_finalize(q->qcache[i].st);
    kl_sq_agency_forget(q);
    for (size_t k = 0; k < KL_STORE_MAX_PARTS; k++)
        kl_store_close(q->part[k]);
    sqlite3_close_v2(q->db);
    kl_free(q->path);
    kl_free(q);
}

/* SQLite keeps memory statistics under a global mutex, taken at every allocation; ketluan
 * never reads them, and import allocates for every word it indexes. Must run before SQLite
 * initializes; a process that initialized it already keeps its settings. */
static void sqlite_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sq_open(kl_store **out, const char *path, kl_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_setup);
    int rc = precheck_file(path, err);
    if (rc != KL_OK)
        return rc;
    if (sodium_init() < 0)
        return kl_err_set(err, KL_ERR_DB, KL_NO_OFFSET, "libsodium failed to initialize");
    kl_sqlite *q = kl_calloc(1, sizeof *q);
    char *p = kl_strndup(path, strlen(path));
    if (!q || !p) {
        kl_free(q);
        kl_free(p);
        return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "store: out of memory");
    }
    q->base.ops = &kl_store_sqlite_ops;
    q->path = p;
    /* NOMUTEX: a connection belongs to one thread (one per HTTP request). */
    int src = sqlite3_open_v2(
        path, &q->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (src != SQLITE_OK)
        rc = kl_sq_error(q, src, "open", err);
    if (rc == KL_OK)
        rc = kl_sq_fts_register(q, err);
    if (rc == KL_OK)
        rc = prepare_db(q, err);
    if (rc != KL_OK) {
        sq_close(&q->base);
        return rc;
    }
    *out = &q->base;
    return KL_OK;
}

static void sq_fail_after(kl_store *s, long n)
{
    kl_sq(s)->fail_after = n;
}

const kl_store_ops kl_store_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .notice_import = kl_sq_notice_import,
    .import_prepare = kl_sq_import_prepare,
    .assign_facts_split = kl_sq_assign_facts_split,
    .notice_get = kl_sq_notice_get,
    .notice_list = kl_sq_notice_list,
    .notice_confirm = kl_sq_notice_confirm,
    .notice_receive = kl_sq_notice_receive,
    .notice_text = kl_sq_notice_text,
    .task_get = kl_sq_task_get,
    .task_add = kl_sq_task_add,
    .task_edit = kl_sq_task_edit,
    .task_delete = kl_sq_task_delete,
    .task_cancel = kl_sq_task_cancel,
    .progress_add = kl_sq_progress_add,
    .assign_done = kl_sq_assign_done,
    .extension_add = kl_sq_extension_add,
    .assign_reassign = kl_sq_assign_reassign,
    .assign_query = kl_sq_assign_query,
    .search = kl_sq_search,
    .setting_get = kl_sq_setting_get,
    .setting_set = kl_sq_setting_set,
    .backup = kl_sq_backup,
    .check = kl_sq_check,
    .fail_after = sq_fail_after,
};
