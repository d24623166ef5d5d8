/* Lists of assignments with their status as of a date. The store filters what it can (its
 * index on agency and current due makes "overdue for agency X" a short range); the status
 * asked for is then checked here on each row, so every predicate pushed down must keep
 * every row that could have that status (a superset), never drop one. */
#include "track.h"

#include <string.h>

#include "track_int.h"

typedef struct list_ctx {
    kl_asof as;
    kl_wdays w;
    int status; /* -1 any */
    size_t limit, n;
    bool stopped;
    int (*cb)(const kl_store_assign_row *r, const kl_status_info *st, void *ctx);
    void *ctx;
} list_ctx;

/* Returned by list_row to stop the store's walk once the limit is reached; recognized by
 * ctx->stopped, so a callback returning the same number is still passed through. */
#define LIST_STOP (-1)

static int list_row(const kl_store_assign_row *r, void *p)
{
    list_ctx *c = p;
    kl_status_info st;
    kl_track_status_w(r, c->as, &c->w, &st);
    if (c->status >= 0 && (int)st.status != c->status)
        return KL_OK;
    int rc = c->cb(r, &st, c->ctx);
    if (rc == KL_OK && c->limit > 0 && ++c->n >= c->limit) {
        c->stopped = true;
        return LIST_STOP;
    }
    return rc;
}

static kl_date day_date(int32_t day)
{
    return kl_date_from_days(day);
}

/* The later (from) or earlier (to) of a bound the caller set and one we add. */
static kl_date tighter_from(kl_date set, kl_date add)
{
    return kl_date_is_set(set) && kl_date_cmp(set, add) > 0 ? set : add;
}

static kl_date tighter_to(kl_date set, kl_date add)
{
    return kl_date_is_set(set) && kl_date_cmp(set, add) < 0 ? set : add;
}

static void want_review(kl_store_filter *f, int review)
{
    if (f->review == 0)
        f->review = review;
}

static void want_state(kl_store_filter *f, kl_store_state state)
{
    if (f->state == KL_STATE_ANY)
        f->state = state;
}

/* Open as of as_of: neither done nor cancelled on or before it (a row done since was open
 * then). Today or later, that is open now (no fact is dated after today). */
static void want_open_on(kl_store_filter *f, kl_asof as, bool now)
{
    if (now)
        want_state(f, KL_STATE_OPEN);
    else if (!kl_date_is_set(f->open_on) || kl_date_to_days(f->open_on) > as.day)
        f->open_on = day_date(as.day);
}

/* The effective due is never before due - 1 (before: the day before due, then possibly moved
 * forward), so "effective due < as_of" implies "due <= as_of". */
static void push_overdue(kl_store_filter *f, kl_asof as, bool now)
{
    want_review(f, KL_FILTER_CONFIRMED);
    if (now) {
        f->open_due_before = tighter_to(f->open_due_before, day_date(as.day + 1));
    } else {
        f->due_to = tighter_to(f->due_to, day_date(as.day));
        want_open_on(f, as, now);
    }
}

/* Due soon: as_of <= effective due <= H, the N-th working day after as_of. Effective due is
 * the next working day from the last allowed day (due, or due - 1 for before), so due lies
 * in [P + 1, H + 1], P the last working day before as_of. */
static void push_due_soon(kl_store_filter *f, kl_asof as, bool now, kl_wdays *w)
{
    want_review(f, KL_FILTER_CONFIRMED);
    want_open_on(f, as, now);
    int32_t lo = kl_wdays_prev(w, as.day) + 1;
    int32_t hi = kl_wdays_add(w, as.day, as.soon) + 1;
    f->due_from = tighter_from(f->due_from, day_date(lo));
    f->due_to = tighter_to(f->due_to, day_date(hi));
}

static void push_down(kl_store_filter *f, int status, kl_asof as, kl_wdays *w)
{
    bool now = as.day >= kl_track_today();
    switch (status) {
    case KL_ST_OVERDUE:
        push_overdue(f, as, now);
        break;
    case KL_ST_DUE_SOON:
        push_due_soon(f, as, now, w);
        break;
    case KL_ST_WITHIN:
        want_review(f, KL_FILTER_CONFIRMED);
        want_open_on(f, as, now);
        break;
    case KL_ST_DONE_ON_TIME:
    case KL_ST_DONE_LATE:
        want_review(f, KL_FILTER_CONFIRMED);
        if (now)
            want_state(f, KL_STATE_DONE);
        break;
    case KL_ST_CANCELLED:
        /* Cancelled as of as_of is cancelled today: a cancel is never undone. */
        want_state(f, KL_STATE_CANCELLED);
        break;
    case KL_ST_PENDING_REVIEW:
        want_review(f, KL_FILTER_PENDING);
        break;
    default:
        break;
    }
}

int kl_track_list(kl_store *s, const kl_calendar *cal, const kl_track_query *q,
                  int (*cb)(const kl_store_assign_row *r, const kl_status_info *st, void *ctx),
                  void *ctx, kl_error *err)
{
    if (!s || !q || !cb)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "tasks: missing argument");
    if (q->status < -1 || q->status >= KL_N_STATUS)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "tasks: unknown status %d", q->status);
    list_ctx c;
    memset(&c, 0, sizeof c);
    c.as = kl_asof_of(q->as_of, q->due_soon_days);
    if (!c.as.is_set)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "tasks: as-of is not a full date");
    c.status = q->status;
    c.cb = cb;
    c.ctx = ctx;
    kl_wdays_init(&c.w, cal, true);
    kl_store_filter f = q->filter;
    if (c.status >= 0) {
        push_down(&f, c.status, c.as, &c.w);
        /* Rows are dropped after the store's LIMIT would apply: count them here instead. */
        c.limit = f.limit;
        f.limit = 0;
    }
    int rc = kl_store_assign_query(s, &f, list_row, &c, err);
    if (rc == LIST_STOP && c.stopped)
        rc = KL_OK;
    kl_wdays_fini(&c.w);
    return rc;
}
