/* Statistics as the Government Office reports them: one pass over the facts of every
 * assignment (kl_store_assign_facts), status derived per row through a working-day memo,
 * counts added into one group found by an open-addressing hash. Nothing is allocated per
 * row: a group's name is copied once, when the group is first seen. */
#include "track.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "track_int.h"

#define TOTAL_LABEL "Tổng cộng"
#define NO_NOTICE_LABEL "Không thuộc thông báo"
#define NO_MONTH_KEY INT64_MAX /* sorts last */
#define PTR_CACHE 64

typedef struct group {
    const char *name; /* agency (arena copy); month and notice labels come at the end */
    size_t name_len;
    int64_t key; /* month index (year * 12 + month - 1) or notice id */
    uint32_t hash;
    kl_stats_row row;
    size_t on_time_fallen; /* done on time among the rows that fell due */
} group;

typedef struct agg {
    kl_stats_by by;
    kl_asof as;
    bool has_from, has_to;
    int32_t from, to; /* effective due range, day numbers */
    int32_t upd_from; /* first day a progress report counts as recent */
    kl_wdays w;
    group *g;
    size_t n, cap;
    uint32_t *slots; /* group index + 1; 0 = empty */
    size_t n_slots;  /* a power of two, kept at most half full */
    group total;
    /* The store hands the same agency in the same bytes row after row: a pointer seen
     * before finds its group by one string compare, no hash. */
    struct {
        const char *p;
        size_t idx; /* group index + 1; 0 = empty */
    } seen[PTR_CACHE];
    kl_arena *a;
    int rc; /* KL_ERR_NOMEM from a callback */
} agg;

/* FNV-1a: agency names are short, and one multiply per byte is cheap enough. */
static uint32_t hash_bytes(const char *p, size_t len, int64_t key)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)p[i];
        h *= 16777619u;
    }
    uint64_t k = (uint64_t)key;
    for (int i = 0; i < 8; i++) {
        h ^= (uint32_t)(k & 0xffu);
        h *= 16777619u;
        k >>= 8;
    }
    return h;
}

static bool rehash(agg *g, size_t n_slots)
{
    uint32_t *slots = kl_calloc(n_slots, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < g->n; i++) {
        size_t j = g->g[i].hash & (n_slots - 1);
        while (slots[j])
            j = (j + 1) & (n_slots - 1);
        slots[j] = (uint32_t)i + 1;
    }
    kl_free(g->slots);
    g->slots = slots;
    g->n_slots = n_slots;
    return true;
}

/* A new group at the end of the array (the hash is updated by the caller). */
static group *group_new(agg *g, const char *name, size_t len, int64_t key, uint32_t h)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 64;
        size_t bytes;
        if (cap > UINT32_MAX - 1 || !kl_mul_ok(cap, sizeof *g->g, &bytes))
            return NULL;
        group *grown = kl_realloc(g->g, bytes);
        if (!grown)
            return NULL;
        g->g = grown;
        g->cap = cap;
    }
    group *e = &g->g[g->n];
    memset(e, 0, sizeof *e);
    e->key = key;
    e->hash = h;
    e->name_len = len;
    if (name) {
        e->name = kl_arena_strndup(g->a, name, len);
        if (!e->name)
            return NULL;
    }
    g->n++;
    return e;
}

/* The group of (name, key), created when first seen; NULL when out of memory. */
static group *group_find(agg *g, const char *name, int64_t key)
{
    size_t len = name ? strlen(name) : 0;
    uint32_t h = hash_bytes(name ? name : "", len, key);
    if (g->n_slots == 0 && !rehash(g, 256))
        return NULL;
    size_t j = h & (g->n_slots - 1);
    for (; g->slots[j]; j = (j + 1) & (g->n_slots - 1)) {
        group *e = &g->g[g->slots[j] - 1];
        if (e->hash == h && e->key == key && e->name_len == len &&
            (len == 0 || memcmp(e->name, name, len) == 0))
            return e;
    }
    group *e = group_new(g, name, len, key, h);
    if (!e)
        return NULL;
    g->slots[j] = (uint32_t)g->n;
    if (g->n * 2 > g->n_slots && !rehash(g, g->n_slots * 2))
        return NULL;
    return &g->g[g->n - 1];
}

/* The agency's group: by the pointer cache when the pointer was seen with these bytes. */
static group *agency_group(agg *g, const char *name)
{
    size_t slot = ((uintptr_t)name >> 3) & (PTR_CACHE - 1);
    if (g->seen[slot].p == name && g->seen[slot].idx) {
        group *e = &g->g[g->seen[slot].idx - 1];
        if (strcmp(e->name, name) == 0)
            return e;
    }
    group *e = group_find(g, name, 0);
    if (e) {
        g->seen[slot].p = name;
        g->seen[slot].idx = (size_t)(e - g->g) + 1;
    }
    return e;
}

static void count(kl_stats_row *row, size_t *on_time_fallen, const kl_status_info *st, bool updated)
{
    switch (st->status) {
    case KL_ST_PENDING_REVIEW:
        row->pending_review++;
        return;
    case KL_ST_CANCELLED:
        row->cancelled++;
        return;
    case KL_ST_DONE_ON_TIME:
        row->done_on_time++;
        *on_time_fallen += st->fallen_due;
        break;
    case KL_ST_DONE_LATE:
        row->done_late++;
        break;
    case KL_ST_OVERDUE:
        row->overdue++;
        /* SPEC: docs/tracking.md "Statistics": ageing buckets in working days late. */
        if (st->days_late <= 7)
            row->late_1_7++;
        else if (st->days_late <= 30)
            row->late_8_30++;
        else
            row->late_over_30++;
        break;
    case KL_ST_WITHIN:
        row->within++;
        break;
    case KL_ST_DUE_SOON:
        row->due_soon++;
        break;
    }
    row->assigned++;
    row->fallen_due += st->fallen_due;
    if (st->status == KL_ST_OVERDUE || st->status == KL_ST_WITHIN || st->status == KL_ST_DUE_SOON) {
        row->open++;
        row->open_updated += updated;
    }
}

static int64_t month_key(const kl_status_info *st)
{
    if (!kl_date_is_set(st->effective_due))
        return NO_MONTH_KEY;
    return (int64_t)st->effective_due.year * 12 + st->effective_due.month - 1;
}

static int fact_row(const kl_store_assign_row *r, void *p)
{
    agg *g = p;
    kl_status_info st;
    kl_track_status_w(r, g->as, &g->w, &st);
    if (g->has_from || g->has_to) {
        if (!kl_date_is_set(st.effective_due))
            return KL_OK;
        int32_t eff = kl_date_to_days(st.effective_due);
        if ((g->has_from && eff < g->from) || (g->has_to && eff > g->to))
            return KL_OK;
    }
    int32_t lp =
        r->has_days ? r->last_progress_day
        : kl_date_valid(r->last_progress.year, r->last_progress.month, r->last_progress.day)
            ? kl_date_to_days(r->last_progress)
            : KL_NO_DAY;
    bool updated = lp != KL_NO_DAY && lp >= g->upd_from && lp <= g->as.day;
    count(&g->total.row, &g->total.on_time_fallen, &st, updated);
    group *e = NULL;
    if (g->by == KL_BY_AGENCY)
        e = agency_group(g, r->agency ? r->agency : "");
    else if (g->by == KL_BY_MONTH)
        e = group_find(g, NULL, month_key(&st));
    else if (g->by == KL_BY_NOTICE)
        e = group_find(g, NULL, r->notice_id);
    else
        return KL_OK;
    if (!e) {
        g->rc = KL_ERR_NOMEM;
        return KL_ERR_NOMEM;
    }
    count(&e->row, &e->on_time_fallen, &st, updated);
    return KL_OK;
}

static int cmp_name(const void *pa, const void *pb)
{
    const group *a = pa, *b = pb;
    size_t n = a->name_len < b->name_len ? a->name_len : b->name_len;
    int c = n ? memcmp(a->name, b->name, n) : 0;
    if (c != 0)
        return c;
    return (a->name_len > b->name_len) - (a->name_len < b->name_len);
}

static int cmp_key(const void *pa, const void *pb)
{
    const group *a = pa, *b = pb;
    return (a->key > b->key) - (a->key < b->key);
}

/* "05/03/2022", "03/2022" or "2022" (an issue date may be partial). */
static const char *date_label(kl_date d, kl_arena *a)
{
    char dmy[11];
    if (d.month == 0)
        return kl_arena_printf(a, "%04d", d.year);
    if (d.day == 0)
        return kl_arena_printf(a, "%02d/%04d", d.month, d.year);
    kl_date_dmy(d, dmy);
    return kl_arena_strndup(a, dmy, strlen(dmy));
}

/* "125/TB-UBND (05/03/2022)", from the notice as stored. */
static const char *notice_label(kl_store *s, int64_t id, kl_arena *a, kl_error *err, int *rc)
{
    if (id <= 0)
        return NO_NOTICE_LABEL;
    kl_store_notice *n = NULL;
    kl_error e2;
    kl_err_clear(&e2);
    *rc = kl_store_notice_get(s, id, a, &n, &e2);
    if (*rc == KL_ERR_NOTFOUND) {
        /* Deleted since the facts were read: name it by its id rather than fail. */
        *rc = KL_OK;
        return kl_arena_printf(a, "#%lld", (long long)id);
    }
    if (*rc != KL_OK) {
        kl_err_set(err, e2.code, e2.offset, "%s", e2.msg);
        return NULL;
    }
    const char *when = kl_date_is_set(n->issued) ? date_label(n->issued, a) : "";
    const char *num = n->number ? n->number : "";
    const char *sym = n->symbol ? n->symbol : "";
    if (!when)
        return NULL;
    if (!*num && !*sym)
        num = n->name;
    return kl_arena_printf(a, "%s%s%s%s%s%s", num, *num && *sym ? "/" : "", sym, *when ? " (" : "",
                           when, *when ? ")" : "");
}

static void finish(kl_stats_row *row, size_t on_time_fallen)
{
    /* SPEC: docs/tracking.md "Statistics": the rate is over the rows that fell due. */
    row->on_time_rate = row->fallen_due ? (double)on_time_fallen / (double)row->fallen_due : -1;
    row->update_rate = row->open ? (double)row->open_updated / (double)row->open : -1;
}

/* Label every group and copy the rows, total last, into the arena. */
static int build_rows(kl_store *s, agg *g, kl_stats_row **rows, size_t *n_rows, kl_error *err)
{
    if (g->by == KL_BY_AGENCY)
        qsort(g->g, g->n, sizeof *g->g, cmp_name);
    else if (g->n > 1)
        qsort(g->g, g->n, sizeof *g->g, cmp_key);
    kl_stats_row *out = kl_arena_calloc(g->a, g->n + 1, sizeof *out);
    if (!out)
        return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "stats: out of memory");
    int rc = KL_OK;
    for (size_t i = 0; i < g->n && rc == KL_OK; i++) {
        group *e = &g->g[i];
        out[i] = e->row;
        finish(&out[i], e->on_time_fallen);
        if (g->by == KL_BY_AGENCY) {
            out[i].group = e->name;
        } else if (g->by == KL_BY_MONTH) {
            out[i].group = e->key == NO_MONTH_KEY
                               ? "none"
                               : kl_arena_printf(g->a, "%04d-%02d", (int)(e->key / 12),
                                                 (int)(e->key % 12) + 1);
        } else {
            out[i].notice_id = e->key;
            out[i].group = notice_label(s, e->key, g->a, err, &rc);
        }
        if (rc == KL_OK && !out[i].group)
            rc = kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "stats: out of memory");
    }
    if (rc != KL_OK)
        return rc;
    out[g->n] = g->total.row;
    out[g->n].group = TOTAL_LABEL;
    finish(&out[g->n], g->total.on_time_fallen);
    *rows = out;
    *n_rows = g->n + 1;
    return KL_OK;
}

static bool full_date(kl_date d)
{
    return kl_date_valid(d.year, d.month, d.day);
}

static int check_opts(const kl_stats_opts *o, kl_error *err)
{
    if (!full_date(o->as_of))
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "stats: as-of is not a full date");
    if ((kl_date_is_set(o->from) && !full_date(o->from)) ||
        (kl_date_is_set(o->to) && !full_date(o->to)))
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "stats: from/to is not a full date");
    if (kl_date_is_set(o->from) && kl_date_is_set(o->to) && kl_date_cmp(o->from, o->to) > 0)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "stats: from is after to");
    if ((unsigned)o->by > KL_BY_NOTICE)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "stats: unknown grouping %d",
                          (int)o->by);
    return KL_OK;
}

/* The range of effective dues, pushed into the store as a range of dues that holds it:
 * effective due >= from means the last allowed day is after P, the last working day
 * before from, so due >= P + 1; effective due <= to means due <= to + 1 (before ends the
 * day before due). Rows without a due fall outside any range. */
static void setup(agg *g, const kl_stats_opts *o, kl_store_filter *f)
{
    g->by = o->by;
    g->as = kl_asof_of(o->as_of, o->due_soon_days);
    g->upd_from = g->as.day - (o->update_days > 0 ? o->update_days : 30);
    f->key_only = o->key_only;
    if (kl_date_is_set(o->from)) {
        g->has_from = true;
        g->from = kl_date_to_days(o->from);
        f->due_from = kl_date_from_days(kl_wdays_prev(&g->w, g->from) + 1);
    }
    if (kl_date_is_set(o->to)) {
        g->has_to = true;
        g->to = kl_date_to_days(o->to);
        f->due_to = kl_date_from_days(g->to + 1);
    }
}

/* Add the counts of group src into dst. */
static void add_group(group *dst, const group *src)
{
    kl_stats_row *d = &dst->row;
    const kl_stats_row *r = &src->row;
    d->assigned += r->assigned;
    d->fallen_due += r->fallen_due;
    d->done_on_time += r->done_on_time;
    d->done_late += r->done_late;
    d->overdue += r->overdue;
    d->within += r->within;
    d->due_soon += r->due_soon;
    d->cancelled += r->cancelled;
    d->pending_review += r->pending_review;
    d->late_1_7 += r->late_1_7;
    d->late_8_30 += r->late_8_30;
    d->late_over_30 += r->late_over_30;
    d->open += r->open;
    d->open_updated += r->open_updated;
    dst->on_time_fallen += src->on_time_fallen;
}

/* Add the groups and total of part into g (a pass run in parts). */
static int merge(agg *g, const agg *part)
{
    for (size_t i = 0; i < part->n; i++) {
        group *e = group_find(g, part->g[i].name, part->g[i].key);
        if (!e)
            return KL_ERR_NOMEM;
        add_group(e, &part->g[i]);
    }
    add_group(&g->total, &part->total);
    return KL_OK;
}

/* How many parts the pass runs in: one per core, a few at most. */
static size_t n_parts(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 4 ? 4 : (size_t)n;
}

int kl_track_stats(kl_store *s, const kl_calendar *cal, const kl_stats_opts *o, kl_arena *a,
                   kl_stats_row **rows, size_t *n_rows, kl_error *err)
{
    if (!s || !o || !a || !rows || !n_rows)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "stats: missing argument");
    int rc = check_opts(o, err);
    if (rc != KL_OK)
        return rc;
    /* one aggregate per part of the pass, each with its own memo and arena; merged into
     * the first at the end */
    size_t n = n_parts();
    agg parts[4];
    kl_arena arenas[4];
    void *ctx[4];
    kl_store_filter f;
    memset(&f, 0, sizeof f);
    for (size_t k = 0; k < n; k++) {
        agg *g = &parts[k];
        memset(g, 0, sizeof *g);
        kl_arena_init(&arenas[k], 0);
        g->a = k == 0 ? a : &arenas[k];
        kl_wdays_init(&g->w, cal, true);
        setup(g, o, &f);
        ctx[k] = g;
    }
    rc = kl_store_assign_facts_split(s, &f, n, fact_row, ctx, err);
    bool oom = false;
    for (size_t k = 0; k < n; k++)
        oom = oom || parts[k].rc == KL_ERR_NOMEM;
    if (rc == KL_ERR_NOMEM && oom)
        kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "stats: out of memory");
    for (size_t k = 1; k < n && rc == KL_OK; k++) {
        if (merge(&parts[0], &parts[k]) != KL_OK)
            rc = kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "stats: out of memory");
    }
    if (rc == KL_OK)
        rc = build_rows(s, &parts[0], rows, n_rows, err);
    for (size_t k = 0; k < n; k++) {
        kl_wdays_fini(&parts[k].w);
        kl_free(parts[k].g);
        kl_free(parts[k].slots);
        kl_arena_fini(&arenas[k]);
    }
    return rc;
}
