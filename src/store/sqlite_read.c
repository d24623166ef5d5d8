/* SQLite backend: reading one task with all it owns, and a notice's text with its spans,
 * into the caller's arena. */
#include "sqlite_int.h"

#include <string.h>

/* arr with room for one more element than n (arena arrays never free: the old copy stays
 * in the arena); NULL when out of memory. */
static void *grow1(kl_arena *a, void *arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return arr;
    size_t new_cap = *cap ? 2 * *cap : 4;
    void *grown = kl_arena_grow(a, arr, n, new_cap, elem);
    if (grown)
        *cap = new_cap;
    return grown;
}

/* Pointer to a new zeroed last element of arr (n elements, capacity cap), or NULL. */
#define PUSH(r, arr, n, cap)                                   \
    ((arr) = grow1((r)->a, (arr), (n), &(cap), sizeof *(arr)), \
     (arr) ? memset(&(arr)[(n)++], 0, sizeof *(arr)) : NULL)

typedef struct reader {
    kl_arena *a;
    bool fail;
    bool damaged; /* a notice's packed text does not unpack */
    kl_store_task *t;
    size_t cap_req, cap_ass, cap_sup, cap_ext, cap_ev, n_ext;
    size_t *cap_prog; /* per assignment */
    kl_store_doc *nt;
    size_t cap_items, cap_tasks;
} reader;

static int nomem(reader *r)
{
    r->fail = true;
    return KL_ERR_NOMEM;
}

/* ---- one task --------------------------------------------------------------------------- */

static const char TASK_SQL[] =
    "SELECT id, notice_id, item, action, report_to, dl_text, due, kind, dl_start, dl_end,"
    " span_start, span_end, review, is_key, origin, cur_due_day, n_ext, cancelled_day,"
    " cancel_reason FROM task WHERE id = ?1";

static int read_task(sqlite3_stmt *st, void *ctx)
{
    reader *r = ctx;
    kl_store_task *t = r->t;
    t->id = sqlite3_column_int64(st, 0);
    t->notice_id = sqlite3_column_int64(st, 1);
    t->item = kl_sq_col_dup(st, 2, r->a, &r->fail);
    t->action = kl_sq_col_dup(st, 3, r->a, &r->fail);
    t->report_to = kl_sq_col_dup(st, 4, r->a, &r->fail);
    t->deadline.text = kl_sq_col_dup(st, 5, r->a, &r->fail);
    t->deadline.due = kl_sq_col_iso(st, 6);
    const char *kind = kl_sq_col_text(st, 7);
    t->deadline.kind = kl_store_kind_parse(kind, kind ? strlen(kind) : 0);
    t->deadline.span.start = (size_t)sqlite3_column_int64(st, 8);
    t->deadline.span.end = (size_t)sqlite3_column_int64(st, 9);
    t->span.start = (size_t)sqlite3_column_int64(st, 10);
    t->span.end = (size_t)sqlite3_column_int64(st, 11);
    const char *review = kl_sq_col_text(st, 12);
    t->review =
        review && strcmp(review, "confirmed") == 0 ? KL_REVIEW_CONFIRMED : KL_REVIEW_PENDING;
    t->is_key = sqlite3_column_int(st, 13) != 0;
    const char *origin = kl_sq_col_text(st, 14);
    t->origin = origin && strcmp(origin, "manual") == 0 ? KL_ORIGIN_MANUAL : KL_ORIGIN_EXTRACTED;
    t->due_current = kl_sq_col_day(st, 15);
    if (!kl_date_is_set(t->due_current))
        t->due_current = t->deadline.due; /* a partial due has no day number */
    t->n_extensions = (size_t)sqlite3_column_int64(st, 16);
    t->cancelled = kl_sq_col_day(st, 17);
    t->cancel_reason = kl_sq_col_dup(st, 18, r->a, &r->fail);
    return r->fail ? KL_ERR_NOMEM : KL_OK;
}

static int read_req(sqlite3_stmt *st, void *ctx)
{
    reader *r = ctx;
    const char **slot = PUSH(r, r->t->requirements, r->t->n_requirements, r->cap_req);
    if (!slot)
        return nomem(r);
    *slot = kl_sq_col_dup(st, 0, r->a, &r->fail);
    return r->fail ? KL_ERR_NOMEM : KL_OK;
}

static int read_support(sqlite3_stmt *st, void *ctx)
{
    reader *r = ctx;
    kl_org *o = PUSH(r, r->t->supports, r->t->n_supports, r->cap_sup);
    if (!o)
        return nomem(r);
    o->name = kl_sq_col_dup(st, 0, r->a, &r->fail);
    o->id = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 1);
    return r->fail ? KL_ERR_NOMEM : KL_OK;
}

static int read_assign(sqlite3_stmt *st, void *ctx)
{
    reader *r = ctx;
    kl_store_assignment *as = PUSH(r, r->t->assignments, r->t->n_assignments, r->cap_ass);
    if (!as)
        return nomem(r);
    as->id = sqlite3_column_int64(st, 0);
    as->agency = kl_sq_col_dup(st, 1, r->a, &r->fail);
    as->agency_dir_id = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 2);
    as->due = kl_sq_col_day(st, 3);
    as->done = kl_sq_col_day(st, 4);
    as->done_evidence = kl_sq_col_dup(st, 5, r->a, &r->fail);
    as->done_note = kl_sq_col_dup(st, 6, r->a, &r->fail);
    return r->fail ? KL_ERR_NOMEM : KL_OK;
}

static int read_progress(sqlite3_stmt *st, void *ctx)
{
    reader *r = ctx;
    int64_t assign_id = sqlite3_column_int64(st, 0);
    for (size_t i = 0; i < r->t->n_assignments; i++) {
        kl_store_assignment *as = &r->t->assignments[i];
        if (as->id != assign_id)
            continue;
        kl_store_progress *p = PUSH(r, as->progress, as->n_progress, r->cap_prog[i]);
        if (!p)
            return nomem(r);
        p->id = sqlite3_column_int64(st, 1);
        p->agency = kl_sq_col_dup(st, 2, r->a, &r->fail);
        p->date = kl_sq_col_day(st, 3);
        p->text = kl_sq_col_dup(st, 4, r->a, &r->fail);
        p->at = kl_sq_col_dup(st, 5, r->a, &r->fail);
        break;
    }
    return r->fail ? KL_ERR_NOMEM : KL_OK;
}

static int read_ext(sqlite3_stmt *st, void *ctx)
{
    reader *r = ctx;
    kl_store_extension *e = PUSH(r, r->t->extensions, r->n_ext, r->cap_ext);
    if (!e)
        return nomem(r);
    e->from = kl_sq_col_day(st, 0);
    e->to = kl_sq_col_day(st, 1);
    e->reason = kl_sq_col_dup(st, 2, r->a, &r->fail);
    e->approver = kl_sq_col_dup(st, 3, r->a, &r->fail);
    e->at = kl_sq_col_dup(st, 4, r->a, &r->fail);
    return r->fail ? KL_ERR_NOMEM : KL_OK;
}

static int read_event(sqlite3_stmt *st, void *ctx)
{
    reader *r = ctx;
    kl_store_event *e = PUSH(r, r->t->events, r->t->n_events, r->cap_ev);
    if (!e)
        return nomem(r);
    e->at = kl_sq_col_dup(st, 0, r->a, &r->fail);
    e->kind = kl_sq_col_dup(st, 1, r->a, &r->fail);
    e->date = kl_sq_col_day(st, 2);
    e->text = kl_sq_col_dup(st, 3, r->a, &r->fail);
    return r->fail ? KL_ERR_NOMEM : KL_OK;
}

static int read_children(kl_sqlite *q, reader *r, int64_t id, kl_error *err)
{
    static const char req[] = "SELECT text FROM requirement WHERE task_id = ?1 ORDER BY seq";
    static const char sup[] = "SELECT g.name, g.dir_id FROM support s"
                              " JOIN agency g ON g.id = s.agency_id"
                              " WHERE s.task_id = ?1 ORDER BY s.seq";
    static const char ass[] = "SELECT a.id, g.name, g.dir_id, a.due_day, a.done_day,"
                              " a.done_evidence, a.done_note FROM assignment a"
                              " JOIN agency g ON g.id = a.agency_id"
                              " WHERE a.task_id = ?1 ORDER BY a.seq, a.id";
    static const char prog[] = "SELECT p.assignment_id, p.id, g.name, p.day, p.text, p.at"
                               " FROM progress p JOIN assignment a ON a.id = p.assignment_id"
                               " JOIN agency g ON g.id = p.agency_id"
                               " WHERE a.task_id = ?1 ORDER BY p.day, p.id";
    static const char ext[] = "SELECT from_day, to_day, reason, approver, at FROM extension"
                              " WHERE task_id = ?1 ORDER BY id";
    static const char ev[] = "SELECT at, kind, day, text FROM event WHERE task_id = ?1"
                             " ORDER BY id";
    int rc = kl_sq_each_row(q, ST_REQ_GET, req, id, read_req, r, err);
    if (rc == KL_OK)
        rc = kl_sq_each_row(q, ST_SUPPORT_GET, sup, id, read_support, r, err);
    if (rc == KL_OK)
        rc = kl_sq_each_row(q, ST_ASSIGN_GET, ass, id, read_assign, r, err);
    if (rc == KL_OK && r->t->n_assignments > 0) {
        r->cap_prog = kl_arena_calloc(r->a, r->t->n_assignments, sizeof *r->cap_prog);
        rc = r->cap_prog ? kl_sq_each_row(q, ST_PROGRESS_GET, prog, id, read_progress, r, err)
                         : nomem(r);
    }
    if (rc == KL_OK && r->t->n_extensions > 0) {
        rc = kl_sq_each_row(q, ST_EXT_GET, ext, id, read_ext, r, err);
        r->t->n_extensions = r->n_ext; /* the rows themselves are the truth */
    }
    if (rc == KL_OK)
        rc = kl_sq_each_row(q, ST_EVENT_GET, ev, id, read_event, r, err);
    return rc;
}

int kl_sq_task_get(kl_store *s, int64_t id, kl_arena *a, kl_store_task **out, kl_error *err)
{
    kl_sqlite *q = kl_sq(s);
    reader r = {.a = a};
    r.t = kl_arena_calloc(a, 1, sizeof *r.t);
    if (!r.t)
        return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "task: out of memory");
    int rc = kl_sq_each_row(q, ST_TASK_GET, TASK_SQL, id, read_task, &r, err);
    if (rc == KL_OK && r.t->id == 0)
        return kl_err_set(err, KL_ERR_NOTFOUND, KL_NO_OFFSET, "task #%lld not found",
                          (long long)id);
    if (rc == KL_OK)
        rc = read_children(q, &r, id, err);
    if (rc == KL_ERR_NOMEM && r.fail)
        rc = kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "task: out of memory");
    if (rc == KL_OK)
        *out = r.t;
    return rc;
}

/* ---- a notice's text -------------------------------------------------------------------- */

static int read_src(sqlite3_stmt *st, void *ctx)
{
    reader *r = ctx;
    size_t len = (size_t)sqlite3_column_bytes(st, 0);
    const void *p = sqlite3_column_blob(st, 0);
    if (sqlite3_column_int(st, 2)) { /* packed (schema 5) */
        int rc = kl_store_unpack(p, len, r->a, &r->nt->bytes, &r->nt->len);
        if (rc == KL_ERR_NOMEM)
            return nomem(r);
        r->damaged = rc != KL_OK;
        if (rc != KL_OK)
            return rc;
    } else {
        char *bytes = kl_arena_alloc(r->a, len + 1);
        if (!bytes)
            return nomem(r);
        if (len)
            memcpy(bytes, p, len);
        bytes[len] = '\0';
        r->nt->bytes = bytes;
        r->nt->len = len;
    }
    /* compressed since schema 2 (kl_store_json_pack); text as schema 1 wrote it */
    if (sqlite3_column_type(st, 1) == SQLITE_BLOB) {
        int rc =
            kl_store_json_unpack(sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1),
                                 r->a, &r->nt->extraction_json);
        if (rc == KL_ERR_NOMEM)
            return nomem(r);
        if (rc != KL_OK)
            r->nt->extraction_json = NULL; /* damaged: the notice and its tasks still show */
        return KL_OK;
    }
    r->nt->extraction_json = kl_sq_col_dup(st, 1, r->a, &r->fail);
    return r->fail ? KL_ERR_NOMEM : KL_OK;
}

static int read_item(sqlite3_stmt *st, void *ctx)
{
    reader *r = ctx;
    kl_store_item *it = PUSH(r, r->nt->items, r->nt->n_items, r->cap_items);
    if (!it)
        return nomem(r);
    it->path = kl_sq_col_dup(st, 0, r->a, &r->fail);
    it->title = kl_sq_col_dup(st, 1, r->a, &r->fail);
    it->presenter = kl_sq_col_dup(st, 2, r->a, &r->fail);
    it->span.start = (size_t)sqlite3_column_int64(st, 3);
    it->span.end = (size_t)sqlite3_column_int64(st, 4);
    return r->fail ? KL_ERR_NOMEM : KL_OK;
}

static int read_span(sqlite3_stmt *st, void *ctx)
{
    reader *r = ctx;
    kl_store_task_span *ts = PUSH(r, r->nt->tasks, r->nt->n_tasks, r->cap_tasks);
    if (!ts)
        return nomem(r);
    ts->task_id = sqlite3_column_int64(st, 0);
    ts->span.start = (size_t)sqlite3_column_int64(st, 1);
    ts->span.end = (size_t)sqlite3_column_int64(st, 2);
    ts->deadline_span.start = (size_t)sqlite3_column_int64(st, 3);
    ts->deadline_span.end = (size_t)sqlite3_column_int64(st, 4);
    const char *review = kl_sq_col_text(st, 5);
    ts->review =
        review && strcmp(review, "confirmed") == 0 ? KL_REVIEW_CONFIRMED : KL_REVIEW_PENDING;
    return KL_OK;
}

int kl_sq_notice_text(kl_store *s, int64_t id, kl_arena *a, kl_store_doc **out, kl_error *err)
{
    static const char src[] = "SELECT bytes, extraction, packed FROM notice_src"
                              " WHERE notice_id = ?1";
    static const char items[] = "SELECT path, title, presenter, span_start, span_end"
                                " FROM item WHERE notice_id = ?1 ORDER BY seq";
    static const char spans[] = "SELECT id, span_start, span_end, dl_start, dl_end, review"
                                " FROM task WHERE notice_id = ?1 ORDER BY seq, id";
    kl_sqlite *q = kl_sq(s);
    reader r = {.a = a};
    r.nt = kl_arena_calloc(a, 1, sizeof *r.nt);
    if (!r.nt)
        return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "notice text: out of memory");
    int rc = kl_sq_each_row(q, ST_NOTICE_SRC_GET, src, id, read_src, &r, err);
    if (r.damaged)
        return kl_err_set(err, KL_ERR_FORMAT, KL_NO_OFFSET,
                          "%s: notice #%lld: its stored"
                          " text is damaged (ketluan check)",
                          q->path, (long long)id);
    if (rc == KL_OK && !r.nt->bytes)
        return kl_err_set(err, KL_ERR_NOTFOUND, KL_NO_OFFSET, "notice #%lld not found",
                          (long long)id);
    if (rc == KL_OK)
        rc = kl_sq_each_row(q, ST_ITEMS_GET, items, id, read_item, &r, err);
    if (rc == KL_OK)
        rc = kl_sq_each_row(q, ST_NOTICE_SPANS, spans, id, read_span, &r, err);
    if (rc == KL_ERR_NOMEM && r.fail)
        rc = kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "notice text: out of memory");
    if (rc == KL_OK)
        *out = r.nt;
    return rc;
}
