/* track/remind: follow-up letters (công văn đôn đốc). The confirmed open assignments that
 * are overdue or due soon as of the date asked are listed through kl_track_list, grouped by
 * agency, and each agency gets one letter composed here word for word (remind_int.h) and
 * laid out by remind_txt.c or remind_docx.c. Wording and layout follow Nghị định
 * 30/2020/NĐ-CP; docs/remind.md shows a letter. */
#include "remind_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../text/text.h"

#define N_REPORT_DAYS 5 /* working days the agency gets to report back */
#define MAX_SLUG 60     /* bytes of a file name before its extension */

/* One assignment to cite, copied out of the list callback (whose strings die with it). */
typedef struct rem_task {
    int64_t task_id, notice_id;
    const char *agency, *number, *symbol, *action;
    kl_date issued, due, due_current, effective_due;
    kl_due_kind kind;
    int n_extensions;
    int days_late;
    bool is_overdue;
    const struct rem_notice *notice; /* NULL when the task belongs to no notice */
} rem_task;

/* What a letter needs of a notice beyond the row, read once per notice. */
typedef struct rem_notice {
    int64_t id;
    const char *issuer, *place, *kind; /* NULL when the notice does not give them */
} rem_notice;

typedef struct rem_run {
    kl_store *s;
    const kl_calendar *cal;
    const kl_remind_opts *o;
    kl_arena *a; /* lives for the run: tasks, notices, file names */
    rem_task *tasks;
    size_t n_tasks, cap_tasks;
    rem_notice *notices; /* sorted by id */
    size_t n_notices;
    const char **names; /* file names already written, for uniqueness */
    size_t n_names, cap_names;
    kl_error *err;
} rem_run;

/* How a letter speaks of its issuer. */
typedef struct rem_voice {
    const char *issuer; /* "UBND tỉnh Lạng Sơn" */
    const char *self;   /* "UBND tỉnh": how the body names the issuer */
    const char *place;  /* "Lạng Sơn" */
    const char *unit;   /* what follows "UBND": "tỉnh Lạng Sơn" */
    bool is_ubnd;       /* a People's Committee: its Office relays, its Chairman decides */
} rem_voice;

/* Composition state: strings go to arena a; the first allocation failure is kept in rc and
 * every later string is "" so that composing can finish and report once. */
typedef struct rem_comp {
    kl_arena *a;
    const rem_run *run;
    kl_buf tmp;
    int rc;
} rem_comp;

/* ---- small string helpers ----------------------------------------------------------------- */

static const char *cfmt(rem_comp *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static const char *cfmt(rem_comp *c, const char *fmt, ...)
{
    va_list ap;
    kl_buf_reset(&c->tmp);
    va_start(ap, fmt);
    int rc = kl_buf_vappendf(&c->tmp, fmt, ap);
    va_end(ap);
    char *s = rc == KL_OK ? kl_arena_strndup(c->a, c->tmp.p ? c->tmp.p : "", c->tmp.len) : NULL;
    if (!s) {
        c->rc = KL_ERR_NOMEM;
        return "";
    }
    return s;
}

/* s[0..len) with its letters in upper case (all of them, or only the first), in c's arena.
 * utf8proc keeps the Vietnamese marks: "ủy" -> "ỦY". */
static const char *recase(rem_comp *c, const char *s, size_t len, bool first_only)
{
    size_t cap;
    char *out = kl_mul_ok(len, 4, &cap) ? kl_arena_alloc(c->a, cap + 1) : NULL;
    if (!out) {
        c->rc = KL_ERR_NOMEM;
        return "";
    }
    size_t i = 0, n = 0;
    while (i < len) {
        int32_t cp;
        size_t k = kl_utf8_decode(s + i, len - i, &cp);
        if (!first_only || i == 0)
            cp = kl_char_upper(cp);
        n += kl_utf8_encode(cp, out + n);
        i += k;
    }
    out[n] = '\0';
    return out;
}

static const char *upper(rem_comp *c, const char *s)
{
    return recase(c, s, strlen(s), false);
}

/* The start of the word after the first n words of s (words split by spaces). */
static const char *skip_words(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        while (*s == ' ')
            s++;
        while (*s && *s != ' ')
            s++;
    }
    while (*s == ' ')
        s++;
    return s;
}

static bool has_prefix(const kl_buf *b, const char *prefix)
{
    size_t n = strlen(prefix);
    return b->p && b->len >= n && memcmp(b->p, prefix, n) == 0;
}

/* "05/3/2022": Nghị định 30 (Phụ lục I) writes days below 10 and the months 1 and 2 with a
 * leading zero, and no other month. */
static const char *dmy(rem_comp *c, kl_date d)
{
    return cfmt(c, "%02d/%s%d/%d", d.day, d.month < 3 ? "0" : "", d.month, d.year);
}

/* "ngày 05/3/2022", or for a partial date "tháng 3/2022", "năm 2022". */
static const char *date_phrase(rem_comp *c, kl_date d)
{
    if (d.day)
        return cfmt(c, "ngày %s", dmy(c, d));
    if (d.month)
        return cfmt(c, "tháng %s%d/%d", d.month < 3 ? "0" : "", d.month, d.year);
    return cfmt(c, "năm %d", d.year);
}

/* ---- collecting --------------------------------------------------------------------------- */

static const char *arena_dup(kl_arena *a, const char *s, bool *oom)
{
    if (!s)
        return NULL;
    char *p = kl_arena_strndup(a, s, strlen(s));
    if (!p)
        *oom = true;
    return p;
}

static int collect_one(const kl_store_assign_row *r, const kl_status_info *st, void *ctx)
{
    rem_run *run = ctx;
    if (run->n_tasks == run->cap_tasks) {
        size_t cap = run->cap_tasks ? 2 * run->cap_tasks : 64;
        rem_task *v = kl_arena_grow(run->a, run->tasks, run->n_tasks, cap, sizeof *v);
        if (!v)
            return KL_ERR_NOMEM;
        run->tasks = v;
        run->cap_tasks = cap;
    }
    rem_task *t = &run->tasks[run->n_tasks];
    memset(t, 0, sizeof *t);
    bool oom = false;
    t->task_id = r->task_id;
    t->notice_id = r->notice_id;
    t->agency = arena_dup(run->a, r->agency ? r->agency : "", &oom);
    t->number = arena_dup(run->a, r->notice_number, &oom);
    t->symbol = arena_dup(run->a, r->notice_symbol, &oom);
    t->action = arena_dup(run->a, r->action ? r->action : "", &oom);
    t->issued = r->notice_issued;
    t->due = r->due;
    t->due_current = r->due_current;
    t->effective_due = st->effective_due;
    t->kind = r->kind;
    t->n_extensions = r->n_extensions;
    t->days_late = st->days_late;
    t->is_overdue = st->status == KL_ST_OVERDUE;
    if (oom)
        return KL_ERR_NOMEM;
    run->n_tasks++;
    return KL_OK;
}

/* Overdue and due-soon assignments, confirmed and open. Two status queries rather than one
 * walk over everything open: the overdue one lets the store filter by date. */
static int collect(rem_run *run)
{
    static const kl_status wanted[] = {KL_ST_OVERDUE, KL_ST_DUE_SOON};
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        kl_track_query q;
        memset(&q, 0, sizeof q);
        q.filter.review = KL_FILTER_CONFIRMED;
        q.filter.state = KL_STATE_OPEN;
        q.status = (int)wanted[i];
        q.as_of = run->o->as_of;
        q.due_soon_days = run->o->days > 0 ? run->o->days : KL_DUE_SOON_DAYS;
        int rc = kl_track_list(run->s, run->cal, &q, collect_one, run, run->err);
        if (rc != KL_OK)
            return kl_err_set(run->err, rc, KL_NO_OFFSET, "remind: listing assignments: %s",
                              kl_err_name(rc));
    }
    return KL_OK;
}

/* By agency; within one, overdue first and the longest late first, then due soon by date. */
static int cmp_task(const void *pa, const void *pb)
{
    const rem_task *a = pa, *b = pb;
    int c = strcmp(a->agency, b->agency);
    if (c != 0)
        return c;
    if (a->is_overdue != b->is_overdue)
        return a->is_overdue ? -1 : 1;
    if (a->days_late != b->days_late)
        return a->days_late > b->days_late ? -1 : 1;
    c = kl_date_cmp(a->effective_due, b->effective_due);
    if (c == 0)
        c = kl_date_cmp(a->issued, b->issued);
    if (c != 0)
        return c;
    return (a->task_id > b->task_id) - (a->task_id < b->task_id);
}

static int cmp_id(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return (a > b) - (a < b);
}

/* Read every cited notice once and point each task at its own. */
static int load_notices(rem_run *run)
{
    int64_t *ids = kl_arena_calloc(run->a, run->n_tasks + 1, sizeof *ids);
    run->notices = kl_arena_calloc(run->a, run->n_tasks + 1, sizeof *run->notices);
    if (!ids || !run->notices)
        return kl_err_set(run->err, KL_ERR_NOMEM, KL_NO_OFFSET, "remind: out of memory");
    size_t n = 0;
    for (size_t i = 0; i < run->n_tasks; i++)
        if (run->tasks[i].notice_id > 0)
            ids[n++] = run->tasks[i].notice_id;
    qsort(ids, n, sizeof *ids, cmp_id);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && ids[i] == ids[i - 1])
            continue;
        kl_store_notice *sn = NULL;
        int rc = kl_store_notice_get(run->s, ids[i], run->a, &sn, run->err);
        if (rc != KL_OK)
            return rc;
        run->notices[run->n_notices++] = (rem_notice){sn->id, sn->issuer, sn->place, sn->kind};
    }
    for (size_t i = 0; i < run->n_tasks; i++) {
        rem_notice key = {run->tasks[i].notice_id, NULL, NULL, NULL};
        run->tasks[i].notice = run->tasks[i].notice_id > 0
                                   ? bsearch(&key, run->notices, run->n_notices, sizeof key, cmp_id)
                                   : NULL;
    }
    return KL_OK;
}

/* ---- the letter's voice --------------------------------------------------------------- */

/* The value (issuer or place) given by most of the letter's notices; ties go to the notice
 * cited first. Counted over notices, not tasks: one notice with many tasks is one voice.
 * Each notice is taken once through a mark per notice of the run, so a letter of a
 * thousand tasks costs a thousand steps plus the square of its distinct notices. */
static const char *most_common(rem_comp *c, const rem_task *t, size_t n, bool place)
{
    const rem_run *run = c->run;
    bool *seen = kl_arena_calloc(c->a, run->n_notices + 1, sizeof *seen);
    const char **vals = kl_arena_calloc(c->a, n + 1, sizeof *vals);
    if (!seen || !vals) {
        c->rc = KL_ERR_NOMEM;
        return NULL;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const rem_notice *ni = t[i].notice;
        if (!ni || seen[ni - run->notices])
            continue;
        seen[ni - run->notices] = true;
        const char *v = place ? ni->place : ni->issuer;
        if (v && *v)
            vals[m++] = v;
    }
    const char *best = NULL;
    size_t best_n = 0;
    for (size_t i = 0; i < m; i++) {
        size_t count = 0;
        for (size_t j = 0; j < m; j++)
            count += strcmp(vals[i], vals[j]) == 0;
        if (count > best_n) {
            best = vals[i];
            best_n = count;
        }
    }
    return best;
}

/* "UBND tỉnh Lạng Sơn" calls itself "UBND tỉnh" in the body; "UBND thành phố Hà Nội"
 * "UBND thành phố"; any other issuer is named in full. */
static void voice_of(rem_comp *c, const rem_task *t, size_t n, rem_voice *v)
{
    const kl_remind_opts *o = c->run->o;
    v->issuer = o->issuer && *o->issuer ? o->issuer : most_common(c, t, n, false);
    if (!v->issuer)
        v->issuer = "UBND tỉnh ......";
    kl_buf f;
    kl_buf_init(&f, 0);
    if (kl_text_fold(v->issuer, strlen(v->issuer), &f) != KL_OK)
        c->rc = KL_ERR_NOMEM;
    size_t words = has_prefix(&f, "ubnd ") ? 1 : has_prefix(&f, "uy ban nhan dan ") ? 4 : 0;
    v->is_ubnd = words > 0;
    const char *rest = skip_words(v->issuer, words);
    v->unit = rest;
    kl_buf_reset(&f);
    if (kl_text_fold(rest, strlen(rest), &f) != KL_OK)
        c->rc = KL_ERR_NOMEM;
    size_t unit = has_prefix(&f, "thanh pho ") || has_prefix(&f, "thi xa ") ? 2 : 1;
    kl_buf_fini(&f);
    const char *unit_end = skip_words(rest, unit);
    while (unit_end > rest && unit_end[-1] == ' ')
        unit_end--;
    v->self = v->is_ubnd ? cfmt(c, "UBND %.*s", (int)(unit_end - rest), rest) : v->issuer;
    v->place = o->place && *o->place ? o->place : most_common(c, t, n, true);
    if (!v->place && v->is_ubnd && *skip_words(rest, unit))
        v->place = skip_words(rest, unit);
    if (!v->place)
        v->place = "......";
}

/* ---- composing ---------------------------------------------------------------------------- */

/* Header block (issuer left, Quốc hiệu right in the writers), number, V/v, place and date. */
static void compose_head(rem_comp *c, const rem_voice *v, kl_remind_letter *l)
{
    kl_date d = c->run->o->as_of;
    if (v->is_ubnd) {
        /* SPEC: ND30 Phụ lục I: the issuer's name in capitals; a People's Committee writes
         * "ỦY BAN NHÂN DÂN" over its unit ("TỈNH LẠNG SƠN"). */
        l->issuer[l->n_issuer++] = "ỦY BAN NHÂN DÂN";
        if (*v->unit)
            l->issuer[l->n_issuer++] = upper(c, v->unit);
    } else {
        l->issuer[l->n_issuer++] = upper(c, v->issuer);
    }
    /* The number stays blank: the clerk writes it in when the letter is registered. */
    l->number = v->is_ubnd ? "Số:        /UBND-TH" : "Số:        /";
    l->subject = "V/v đôn đốc thực hiện nhiệm vụ được giao";
    l->place_date = cfmt(c, "%s, ngày %02d tháng %s%d năm %d", v->place, d.day,
                         d.month < 3 ? "0" : "", d.month, d.year);
    l->date = d;
}

/* "Thông báo số 125/TB-UBND ngày 10/9/2021", "Thông báo số .../TB-UBND tháng 3/2022". */
static const char *citation(rem_comp *c, const rem_voice *v, const rem_task *t)
{
    if (!t->notice && t->notice_id <= 0)
        return "Nhiệm vụ giao bổ sung (không kèm thông báo)";
    const char *kind = "Thông báo";
    if (t->notice && t->notice->kind && *t->notice->kind) {
        kl_buf low;
        kl_buf_init(&low, 0);
        if (kl_text_lower(t->notice->kind, strlen(t->notice->kind), &low) == KL_OK && low.p)
            kind = recase(c, low.p, low.len, true);
        else
            c->rc = KL_ERR_NOMEM;
        kl_buf_fini(&low);
    }
    const char *s = cfmt(c, "%s số %s%s%s", kind, t->number ? t->number : "...",
                         t->symbol ? "/" : "", t->symbol ? t->symbol : "");
    if (kl_date_is_set(t->issued))
        s = cfmt(c, "%s %s", s, date_phrase(c, t->issued));
    const char *by = t->notice ? t->notice->issuer : NULL;
    if (by && strcmp(by, v->issuer) != 0)
        s = cfmt(c, "%s của %s", s, by);
    return s;
}

/* The last day the deadline allows on paper, before the move off a day off (Art. 148). */
static kl_date nominal_last_day(const rem_task *t, kl_date d, bool extended)
{
    if (d.month == 0) {
        d.month = 12;
        d.day = 31;
    } else if (d.day == 0) {
        d.day = (int8_t)kl_days_in_month(d.year, d.month);
    } else if (t->kind == KL_DUE_BEFORE && !extended) {
        d = kl_date_from_days(kl_date_to_days(d) - 1);
    }
    return d;
}

/* "trước ngày 30/9/2021", "trong tháng 9/2021 (hạn cuối ngày 30/9/2021)", with the extension
 * and a move off a weekend or holiday said in words. */
static const char *deadline_text(rem_comp *c, const rem_task *t)
{
    kl_date d = kl_date_is_set(t->due) ? t->due : t->due_current;
    if (!kl_date_is_set(d))
        return "không có thời hạn cụ thể";
    const char *p = date_phrase(c, d);
    const char *s;
    switch (t->kind) {
    case KL_DUE_BEFORE:
        s = cfmt(c, "trước %s", p);
        break;
    case KL_DUE_BY:
        s = cfmt(c, "chậm nhất %s%s", d.day ? "" : "trong ", p);
        break;
    case KL_DUE_WITHIN:
        s = cfmt(c, "trong %s%s", d.day ? "thời hạn đến " : "", p);
        break;
    default:
        s = cfmt(c, "đến %s", p);
        break;
    }
    bool extended = t->n_extensions > 0 && kl_date_is_set(t->due_current) &&
                    kl_date_cmp(t->due_current, d) != 0;
    kl_date cur = extended ? t->due_current : d;
    if (extended)
        s = cfmt(c, "%s, đã gia hạn đến %s", s, date_phrase(c, cur));
    if (!kl_date_is_set(t->effective_due) || !t->effective_due.day)
        return s;
    kl_date last = nominal_last_day(t, cur, extended);
    bool moved =
        kl_date_cmp(last, t->effective_due) < 0 && !kl_cal_is_working_day(c->run->cal, last);
    /* "trước ngày 03/9": the last day is 02/9, a holiday; saying "trùng ngày nghỉ" of the
     * 3rd would puzzle the reader, so that day is named. */
    if (moved && kl_date_cmp(last, cur) == 0)
        return cfmt(c, "%s (trùng ngày nghỉ, hạn cuối là ngày %s)", s, dmy(c, t->effective_due));
    if (moved)
        return cfmt(c, "%s (ngày %s là ngày nghỉ, hạn cuối là ngày %s)", s, dmy(c, last),
                    dmy(c, t->effective_due));
    if (!cur.day)
        return cfmt(c, "%s (hạn cuối ngày %s)", s, dmy(c, t->effective_due));
    return s;
}

static const char *state_text(rem_comp *c, const rem_task *t)
{
    if (t->is_overdue) {
        if (t->days_late > 0)
            return cfmt(c, "quá hạn %d ngày làm việc", t->days_late);
        return cfmt(c, "quá hạn (hạn cuối ngày %s)", dmy(c, t->effective_due));
    }
    int left = kl_cal_working_days_between(c->run->cal, c->run->o->as_of, t->effective_due);
    if (left > 0)
        return cfmt(c, "sắp đến hạn, còn %d ngày làm việc", left);
    return cfmt(c, "sắp đến hạn, hạn cuối là ngày %s", dmy(c, t->effective_due));
}

static void compose_items(rem_comp *c, const rem_voice *v, const rem_task *t, size_t n,
                          kl_remind_letter *l)
{
    l->items = kl_arena_calloc(c->a, n, sizeof *l->items);
    if (!l->items) {
        c->rc = KL_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        kl_remind_item *it = &l->items[i];
        it->citation = citation(c, v, &t[i]);
        it->action = recase(c, t[i].action, strlen(t[i].action), true);
        it->deadline = deadline_text(c, &t[i]);
        it->state = state_text(c, &t[i]);
        it->is_overdue = t[i].is_overdue;
    }
    l->n_items = n;
}

/* Where the tasks were given: the one notice when all come from one ("Thông báo số
 * 125/TB-UBND ngày 10/9/2021 của UBND tỉnh"), else the notices in general. */
static const char *source(rem_comp *c, const rem_voice *v, const rem_task *t, size_t n)
{
    bool one = t[0].notice != NULL;
    for (size_t i = 1; i < n && one; i++)
        one = t[i].notice == t[0].notice;
    if (!one)
        return cfmt(c, "các thông báo kết luận của %s", v->self);
    const char *cited = citation(c, v, &t[0]);
    const char *by = t[0].notice->issuer;
    if (by && strcmp(by, v->issuer) != 0)
        return cited; /* citation already names the other issuer */
    return cfmt(c, "%s của %s", cited, v->self);
}

static void compose_body(rem_comp *c, const rem_voice *v, const rem_task *t, size_t n,
                         kl_remind_letter *l)
{
    const char *ag = t[0].agency;
    size_t n_over = 0;
    while (n_over < n && t[n_over].is_overdue)
        n_over++;
    const char *counts =
        n_over && n > n_over
            ? cfmt(c, "còn %zu nhiệm vụ quá hạn và %zu nhiệm vụ sắp đến hạn", n_over, n - n_over)
        : n_over ? cfmt(c, "còn %zu nhiệm vụ quá hạn", n_over)
                 : cfmt(c, "có %zu nhiệm vụ sắp đến hạn", n);
    l->recipient = ag;
    l->opening = cfmt(c,
                      "Theo dõi việc thực hiện các nhiệm vụ được giao tại %s, đến ngày %s, "
                      "%s %s, cụ thể như sau:",
                      source(c, v, t, n), dmy(c, c->run->o->as_of), ag, counts);
    compose_items(c, v, t, n, l);
    kl_date by = kl_cal_add_working_days(c->run->cal, c->run->o->as_of, N_REPORT_DAYS);
    const char *via = v->is_ubnd ? cfmt(c, " (qua Văn phòng %s)", v->self) : "";
    l->closing[l->n_closing++] =
        cfmt(c,
             "Đề nghị %s khẩn trương thực hiện các nhiệm vụ nêu trên, báo cáo kết quả về %s%s "
             "trước ngày %s. Trường hợp không thể hoàn thành đúng thời hạn, đề nghị báo cáo rõ "
             "lý do và đề xuất gia hạn (nếu có) để tổng hợp, báo cáo %s xem xét, quyết định.",
             ag, v->self, via, dmy(c, by),
             v->is_ubnd ? cfmt(c, "Chủ tịch %s", v->self) : cfmt(c, "lãnh đạo %s", v->self));
    l->closing[l->n_closing++] = cfmt(c, "%s thông báo để %s biết, thực hiện./.", v->self, ag);
    l->title = cfmt(c, "Đôn đốc thực hiện nhiệm vụ được giao - %s", ag);
}

/* Nơi nhận and the signature block. A title alone gets the authority line ND30 requires
 * when the Office's head or a Vice Chairman signs for the Committee; a title with line
 * breaks is taken as given. */
static void compose_tail(rem_comp *c, const rem_voice *v, kl_remind_letter *l)
{
    const kl_remind_opts *o = c->run->o;
    l->cc[l->n_cc++] = "- Như trên;";
    l->cc[l->n_cc++] = cfmt(c, "- Lãnh đạo %s;", v->self);
    l->cc[l->n_cc++] = "- Lưu: VT, TH.";
    l->signer_name = o->signer_name && *o->signer_name ? o->signer_name : NULL;
    if (!o->signer_title || !*o->signer_title) {
        /* The Office drafts these letters and its head signs them for the Chairman; for
         * another issuer, ND30's own placeholder for the clerk to replace. */
        if (v->is_ubnd) {
            l->sign[l->n_sign++] = "TL. CHỦ TỊCH";
            l->sign[l->n_sign++] = "CHÁNH VĂN PHÒNG";
        } else {
            l->sign[l->n_sign++] = "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ";
        }
        return;
    }
    const char *title = upper(c, o->signer_title);
    if (strchr(title, '\n')) {
        const char *p = title;
        while (*p && l->n_sign < KL_REMIND_MAX_LINES) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            l->sign[l->n_sign++] = cfmt(c, "%.*s", (int)len, p);
            p = e ? e + 1 : p + len;
        }
        return;
    }
    kl_buf f;
    kl_buf_init(&f, 0);
    if (kl_text_fold(title, strlen(title), &f) != KL_OK)
        c->rc = KL_ERR_NOMEM;
    bool office = f.p && strstr(f.p, "chanh van phong") != NULL;
    if (v->is_ubnd && office)
        l->sign[l->n_sign++] = "TL. CHỦ TỊCH";
    else if (v->is_ubnd && has_prefix(&f, "pho chu tich"))
        l->sign[l->n_sign++] = "KT. CHỦ TỊCH";
    kl_buf_fini(&f);
    l->sign[l->n_sign++] = title;
}

/* The letter to t[0].agency about t[0..n) (one agency, sorted), in arena a. */
static int compose(const rem_run *run, const rem_task *t, size_t n, kl_arena *a,
                   kl_remind_letter *l)
{
    rem_comp c = {a, run, {0}, KL_OK};
    kl_buf_init(&c.tmp, 0);
    memset(l, 0, sizeof *l);
    rem_voice v;
    voice_of(&c, t, n, &v);
    compose_head(&c, &v, l);
    compose_body(&c, &v, t, n, l);
    compose_tail(&c, &v, l);
    kl_buf_fini(&c.tmp);
    if (c.rc != KL_OK)
        return kl_err_set(run->err, c.rc, KL_NO_OFFSET,
                          "remind: out of memory composing the letter to %s", t[0].agency);
    return KL_OK;
}

/* ---- files -------------------------------------------------------------------------------- */

/* mkdir -p: each missing directory of path is created. */
static int make_dirs(const char *path, kl_error *err)
{
    char *p = kl_strndup(path, strlen(path));
    if (!p)
        return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "remind: out of memory");
    int rc = KL_OK;
    size_t len = strlen(p);
    for (size_t i = 1; i <= len && rc == KL_OK; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char keep = p[i];
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = kl_err_errno(err, KL_ERR_IO, errno, "%s: cannot create directory", p);
        p[i] = keep;
    }
    struct stat st;
    if (rc == KL_OK && (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)))
        rc = kl_err_set(err, KL_ERR_IO, KL_NO_OFFSET, "%s: not a directory", path);
    kl_free(p);
    return rc;
}

/* "Sở Y tế" -> "so-y-te", "UBND huyện Hữu Lũng" -> "ubnd-huyen-huu-lung": the folded name
 * with every run of other characters as one '-', so that any mail system or USB stick
 * takes the name; a second agency with the same slug gets "-2". */
static int file_name(rem_run *run, const char *agency, kl_buf *out)
{
    kl_buf f;
    kl_buf_init(&f, 0);
    int rc = kl_text_fold(agency, strlen(agency), &f);
    char slug[MAX_SLUG + 1];
    size_t n = 0;
    for (size_t i = 0; rc == KL_OK && i < f.len && n < MAX_SLUG; i++) {
        char ch = f.p[i];
        bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        if (alnum)
            slug[n++] = ch;
        else if (n > 0 && slug[n - 1] != '-')
            slug[n++] = '-';
    }
    kl_buf_fini(&f);
    while (n > 0 && slug[n - 1] == '-')
        n--;
    if (n == 0) {
        memcpy(slug, "co-quan", 7);
        n = 7;
    }
    for (unsigned k = 1; rc == KL_OK; k++) {
        kl_buf_reset(out);
        kl_buf_append(out, slug, n);
        if (k > 1)
            kl_buf_appendf(out, "-%u", k);
        if (out->failed != KL_OK)
            break;
        bool used = false;
        for (size_t i = 0; i < run->n_names && !used; i++)
            used = strcmp(run->names[i], out->p) == 0;
        if (!used)
            break;
    }
    if (rc == KL_OK)
        rc = out->failed;
    if (rc == KL_OK && run->n_names == run->cap_names) {
        size_t cap = run->cap_names ? 2 * run->cap_names : 16;
        const char **v = kl_arena_grow(run->a, run->names, run->n_names, cap, sizeof *v);
        rc = v ? KL_OK : KL_ERR_NOMEM;
        run->names = v ? v : run->names;
        run->cap_names = v ? cap : run->cap_names;
    }
    const char *keep = rc == KL_OK ? kl_arena_strndup(run->a, out->p, out->len) : NULL;
    if (!keep)
        return kl_err_set(run->err, KL_ERR_NOMEM, KL_NO_OFFSET, "remind: out of memory");
    run->names[run->n_names++] = keep;
    return KL_OK;
}

static int write_all(const char *path, const char *p, size_t len, kl_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return kl_err_errno(err, KL_ERR_IO, errno, "%s: cannot create", path);
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            close(fd);
            return kl_err_errno(err, KL_ERR_IO, e, "%s: cannot write", path);
        }
        p += w;
        len -= (size_t)w;
    }
    if (close(fd) != 0)
        return kl_err_errno(err, KL_ERR_IO, errno, "%s: cannot write", path);
    return KL_OK;
}

/* DIR/NAME.EXT written as DIR/NAME.EXT.part and renamed: a failed run leaves whole letters
 * or none, never half of one. */
static int write_letter(rem_run *run, const kl_remind_letter *l, const char *agency)
{
    bool docx = run->o->format == KL_LETTER_DOCX;
    kl_buf name, path, part, txt;
    kl_buf_init(&name, 0);
    kl_buf_init(&path, 0);
    kl_buf_init(&part, 0);
    kl_buf_init(&txt, 0);
    int rc = file_name(run, agency, &name);
    if (rc == KL_OK) {
        kl_buf_appendf(&path, "%s/%s.%s", run->o->out_dir, name.p, docx ? "docx" : "txt");
        kl_buf_appendf(&part, "%s.part", path.p ? path.p : "");
        rc = path.failed != KL_OK ? path.failed : part.failed;
        if (rc != KL_OK)
            rc = kl_err_set(run->err, rc, KL_NO_OFFSET, "remind: out of memory");
    }
    if (rc == KL_OK && docx) {
        rc = kl_remind_docx_write(l, part.p, run->err);
    } else if (rc == KL_OK) {
        rc = kl_remind_txt(l, &txt);
        if (rc != KL_OK)
            rc = kl_err_set(run->err, rc, KL_NO_OFFSET, "%s: out of memory", path.p);
        else
            rc = write_all(part.p, txt.p, txt.len, run->err);
    }
    if (rc == KL_OK && rename(part.p, path.p) != 0)
        rc = kl_err_errno(run->err, KL_ERR_IO, errno, "%s: cannot rename", part.p);
    if (rc != KL_OK && part.p)
        unlink(part.p);
    kl_buf_fini(&name);
    kl_buf_fini(&path);
    kl_buf_fini(&part);
    kl_buf_fini(&txt);
    return rc;
}

/* ---- the command -------------------------------------------------------------------------- */

static int check_opts(const kl_remind_opts *o, kl_error *err)
{
    if (!o || !o->out_dir || !*o->out_dir)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "remind: no output directory");
    if (!kl_date_is_set(o->as_of) || !o->as_of.month || !o->as_of.day)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "remind: as-of must be a full date");
    if (o->days < 0)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "remind: negative days %d", o->days);
    if (o->format != KL_LETTER_TXT && o->format != KL_LETTER_DOCX)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "remind: unknown letter format %d",
                          (int)o->format);
    return KL_OK;
}

int kl_track_remind(kl_store *s, const kl_calendar *cal, const kl_remind_opts *o, size_t *n_letters,
                    kl_error *err)
{
    int rc = check_opts(o, err);
    if (rc != KL_OK)
        return rc;
    kl_arena a, la;
    kl_arena_init(&a, 0);
    kl_arena_init(&la, 0);
    rem_run run = {.s = s, .cal = cal, .o = o, .a = &a, .err = err};
    rc = make_dirs(o->out_dir, err);
    if (rc == KL_OK)
        rc = collect(&run);
    if (rc == KL_OK) {
        if (run.n_tasks > 1)
            qsort(run.tasks, run.n_tasks, sizeof *run.tasks, cmp_task);
        rc = load_notices(&run);
    }
    size_t n = 0;
    for (size_t i = 0, j = 0; rc == KL_OK && i < run.n_tasks; i = j) {
        for (j = i + 1; j < run.n_tasks; j++)
            if (strcmp(run.tasks[j].agency, run.tasks[i].agency) != 0)
                break;
        kl_remind_letter l;
        kl_arena_reset(&la);
        rc = compose(&run, &run.tasks[i], j - i, &la, &l);
        if (rc == KL_OK)
            rc = write_letter(&run, &l, run.tasks[i].agency);
        if (rc == KL_OK)
            n++;
    }
    kl_arena_fini(&la);
    kl_arena_fini(&a);
    if (rc == KL_OK && n_letters)
        *n_letters = n;
    return rc;
}
