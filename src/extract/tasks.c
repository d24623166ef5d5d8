/* Tasks: anchors in every paragraph of the body, the points under a lead-in (each a task of
 * the lead-in's actors, or a requirement of a revising task), and the merging of repeated
 * statements of one revision. SPEC: EXTRACTION.md "What is a task". */
#include "extract_int.h"

#include <string.h>

#define MAX_SCOPE_SCAN 64

static bool is_ancestor(const kl_notice *n, int anc, int i)
{
    for (int p = kl_notice_block(n, (size_t)i)->parent; p >= 0;
         p = kl_notice_block(n, (size_t)p)->parent)
        if (p == anc)
            return true;
    return false;
}

static bool in_scope(const xrun *x, const leadin *L, int i)
{
    const kl_block *b = kl_notice_block(x->n, (size_t)L->block);
    if (b->marker != KL_MARK_NONE && !L->sibling_mode)
        return is_ancestor(x->n, L->block, i);
    return b->parent < 0 || is_ancestor(x->n, b->parent, i);
}

/* The lead-in whose points include block i: the nearest one in scope. */
static leadin *find_ctx(xrun *x, int i)
{
    size_t scanned = 0;
    for (size_t k = x->n_leadins; k-- > 0 && scanned < MAX_SCOPE_SCAN; scanned++) {
        leadin *L = &x->leadins[k];
        if (L->block < i && in_scope(x, L, i))
            return L;
    }
    return NULL;
}

static int top_of(const kl_notice *n, int i)
{
    int top = -1;
    for (int p = i; p >= 0; p = kl_notice_block(n, (size_t)p)->parent)
        if (kl_notice_block(n, (size_t)p)->marker != KL_MARK_NONE)
            top = p;
    return top;
}

static wtask *new_task(xrun *x, int block)
{
    if (x->n_tasks == x->cap_tasks) {
        size_t nc = x->cap_tasks ? x->cap_tasks * 2 : 32;
        wtask *t = kl_arena_grow(x->a, x->tasks, x->n_tasks, nc, sizeof *t);
        if (!t)
            return NULL;
        x->tasks = t;
        x->cap_tasks = nc;
    }
    wtask *t = &x->tasks[x->n_tasks++];
    memset(t, 0, sizeof *t);
    const kl_block *b = kl_notice_block(x->n, (size_t)block);
    t->item = b->path;
    t->top_block = top_of(x->n, block);
    return t;
}

static int add_req(xrun *x, const char ***v, size_t *n, size_t *cap, const char *s)
{
    if (!s)
        return KL_ERR_NOMEM;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        const char **nv = kl_arena_grow(x->a, (void *)*v, *n, nc, sizeof *nv);
        if (!nv)
            return KL_ERR_NOMEM;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = s;
    return KL_OK;
}

static size_t trim_end(const char *s, size_t start, size_t end)
{
    while (end > start && (s[end - 1] == ' ' || s[end - 1] == ','))
        end--;
    return end;
}

/* "Cơ quan chủ trì" stands for the presenter named in the item's title. */
static void resolve_presenter(xrun *x, org_list *l, int block)
{
    const char *p = NULL;
    for (int k = block; k >= 0 && !p; k = kl_notice_block(x->n, (size_t)k)->parent)
        p = x->presenters[k];
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].id != -2)
            continue;
        kl_agency_hit hit;
        if (p && kl_directory_match(x->dir, p, strlen(p), &hit)) {
            l->v[i].name = kl_directory_name(x->dir, hit.id);
            l->v[i].id = hit.id;
        } else {
            l->v[i].name = "Cơ quan chủ trì";
            l->v[i].id = -1;
        }
    }
}

/* The passage a deadline is read from: the clause up to the next anchor or the end of its
 * sentence, plus following sentences that only complete it ("Hoàn thành trước ngày ..."). */
static size_t deadline_end(xrun *x, size_t start, size_t lim)
{
    size_t e = kl_x_sentence_end(x, start, lim);
    while (e < lim) {
        size_t k = kl_lex_skip_spaces(x->s, lim, e);
        if (k >= lim || !kl_x_is_completion(x, k, lim))
            break;
        e = kl_x_sentence_end(x, k, lim);
    }
    return e;
}

static int make_task(xrun *x, int block, const org_list *lead, size_t start, size_t act, size_t end,
                     wtask **out)
{
    wtask *t = new_task(x, block);
    if (!t)
        return KL_ERR_NOMEM;
    t->lead = *lead;
    resolve_presenter(x, &t->lead, block);
    t->start = start;
    t->end = trim_end(x->s, start, end);
    /* Trimming trailing punctuation can pull the end back over an action that has no words. */
    t->act_start = act < t->end ? act : t->end;
    t->dl_start = start;
    size_t de = deadline_end(x, start, end);
    t->dl_end = de < t->end ? de : t->end;
    kl_x_scan_predicate(x, act, t->dl_end, &t->support, &t->is_revision, &t->report_to);
    *out = t;
    return KL_OK;
}

static const char *segment_text(xrun *x, size_t s, size_t e)
{
    e = trim_end(x->s, s, e);
    return kl_lex_copy(x->a, x->s + s, e - s);
}

static int push_leadin(xrun *x, leadin *L)
{
    if (x->n_leadins == x->cap_leadins) {
        size_t nc = x->cap_leadins ? x->cap_leadins * 2 : 16;
        leadin *v = kl_arena_grow(x->a, x->leadins, x->n_leadins, nc, sizeof *v);
        if (!v)
            return KL_ERR_NOMEM;
        x->leadins = v;
        x->cap_leadins = nc;
    }
    x->leadins[x->n_leadins++] = *L;
    return KL_OK;
}

/* A requirement of the revising task, or of the item's next one when none is named yet. */
static int add_requirement(xrun *x, leadin *ctx, int top, const char *text)
{
    if (ctx->task >= 0) {
        wtask *t = &x->tasks[ctx->task];
        return add_req(x, &t->reqs, &t->n_reqs, &t->cap_reqs, text);
    }
    const char *key = top >= 0 ? kl_notice_block(x->n, (size_t)top)->path : "";
    if (x->pending_top != key)
        x->n_pending = 0;
    x->pending_top = key;
    return add_req(x, &x->pending, &x->n_pending, &x->cap_pending, text);
}

/* Is [s, e) empty or only a fronted adverbial ("Trên cơ sở đó,") before the subject? */
static bool fronted_only(const xrun *x, size_t s, size_t e)
{
    e = trim_end(x->s, s, e);
    if (e <= s)
        return true;
    size_t k = e;
    while (k < x->len && x->s[k] == ' ')
        k++;
    return k < x->len && x->s[k - 1] == ' ' && x->s[e] == ',';
}

/* The text before a paragraph's first anchor, under a lead-in: a task of its actors or a
 * requirement of its revision. */
static int subjectless(xrun *x, int i, leadin *ctx, size_t s, size_t e)
{
    e = trim_end(x->s, s, e);
    if (!ctx || e <= s)
        return KL_OK;
    const kl_block *b = kl_notice_block(x->n, (size_t)i);
    if (ctx->kind == CTX_REVISION)
        return add_requirement(x, ctx, top_of(x->n, i), segment_text(x, s, e));
    if (ctx->kind != CTX_TASKS || ctx->actors.n == 0 || (b->ends_colon && e == b->end))
        return KL_OK;
    wtask *t;
    int rc = make_task(x, i, &ctx->actors, s, s, e, &t);
    if (rc == KL_OK)
        ctx->n_children++;
    return rc;
}

static void take_pending(xrun *x, wtask *t)
{
    const char *key = t->top_block >= 0 ? kl_notice_block(x->n, (size_t)t->top_block)->path : "";
    if (!t->is_revision || x->n_pending == 0 || x->pending_top != key)
        return;
    for (size_t k = 0; k < x->n_pending; k++)
        add_req(x, &t->reqs, &t->n_reqs, &t->cap_reqs, x->pending[k]);
    x->n_pending = 0;
}

/* The lead-in a paragraph ending with ':' makes (an is its last anchor, or NULL). */
static int make_leadin(xrun *x, int i, const anchor *an, int task, leadin *outer)
{
    leadin L;
    memset(&L, 0, sizeof L);
    L.block = i;
    L.task = -1;
    const kl_block *b = kl_notice_block(x->n, (size_t)i);
    if (an && (an->heading || an->leadin_only)) {
        L.kind = CTX_TASKS;
        L.actors = an->lead;
        resolve_presenter(x, &L.actors, i);
    } else if (an && task >= 0 && x->tasks[task].is_revision) {
        L.kind = CTX_REVISION;
        L.actors = x->tasks[task].lead;
        L.task = task;
    } else if (an && task >= 0) {
        L.kind = CTX_TASKS;
        L.actors = x->tasks[task].lead;
        L.task = task; /* tentative: dropped when its points become tasks */
    } else if (outer && outer->kind != CTX_NONE) {
        L = *outer;
        L.block = i;
        L.n_children = 0;
        if (L.kind == CTX_TASKS)
            L.task = -1;
    } else if (kl_x_is_revision(x, b->body, b->end) || (outer && outer->kind == CTX_REVISION)) {
        L.kind = CTX_REVISION;
    } else {
        L.kind = CTX_NONE;
    }
    size_t nb = kl_notice_n_blocks(x->n);
    if (b->marker != KL_MARK_NONE && (size_t)i + 1 < nb &&
        kl_notice_block(x->n, (size_t)i + 1)->parent != i)
        L.sibling_mode = true;
    return push_leadin(x, &L);
}

static int one_block(xrun *x, int i)
{
    const kl_block *b = kl_notice_block(x->n, (size_t)i);
    size_t start = b->body, lim = b->end;
    if (x->title_end[i] > start)
        start = x->title_end[i];
    if (start >= lim)
        return KL_OK;
    leadin *ctx = find_ctx(x, i);
    leadin outer_copy;
    if (ctx)
        outer_copy = *ctx;
    anchor an, last;
    bool have_last = false;
    int last_task = -1, rc = KL_OK;
    size_t pos = start;
    bool found = kl_x_next_anchor(x, pos, lim, &an);
    size_t seg_end = found ? an.start : lim;
    if (ctx && ctx->kind == CTX_REVISION && found && !fronted_only(x, start, seg_end)) {
        /* "- Bổ sung việc lãnh đạo UBND tỉnh kiểm tra ...": a point of the draft that
         * opens with its own verb is content, whoever it names later (SPEC: a bullet is a
         * task of its own only when it names its own organization) */
        return add_requirement(x, ctx, top_of(x->n, i), segment_text(x, start, lim));
    }
    if (!fronted_only(x, start, seg_end))
        rc = subjectless(x, i, ctx, start, seg_end);
    while (found && rc == KL_OK) {
        anchor next;
        bool more = an.pred < lim && kl_x_next_anchor(x, an.pred, lim, &next);
        size_t end = more ? next.start : lim;
        last_task = -1;
        int top = top_of(x->n, i);
        bool narrated = top >= 0 && x->findings[top] && !kl_x_is_assignment(x, &an);
        if (!narrated && !an.heading && !an.leadin_only && !kl_x_is_closing_formula(x, &an, end)) {
            wtask *t;
            rc = make_task(x, i, &an.lead, an.start, an.pred, end, &t);
            if (rc == KL_OK) {
                take_pending(x, t);
                last_task = (int)(t - x->tasks);
                if (ctx)
                    ctx->n_children++;
            }
        }
        last = an;
        have_last = true;
        an = next;
        found = more;
    }
    if (rc == KL_OK && b->ends_colon)
        rc = make_leadin(x, i, have_last ? &last : NULL, last_task, ctx ? &outer_copy : NULL);
    return rc;
}

static bool same_leads(const org_list *a, const org_list *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        bool hit = false;
        for (size_t j = 0; j < b->n && !hit; j++)
            hit = strcmp(a->v[i].name, b->v[j].name) == 0;
        if (!hit)
            return false;
    }
    return true;
}

/* SPEC: the same revision stated twice in an item is one task, counted at its last statement,
 * with the support and requirements either gives. Deadlines are merged later. */
static void merge_revisions(xrun *x)
{
    for (size_t k = 0; k < x->n_tasks; k++) {
        wtask *t = &x->tasks[k];
        if (!t->is_revision || t->top_block < 0)
            continue;
        for (size_t j = 0; j < k; j++) {
            wtask *p = &x->tasks[j];
            if (p->dropped || !p->is_revision || p->top_block != t->top_block ||
                !same_leads(&p->lead, &t->lead))
                continue;
            for (size_t s = 0; s < p->support.n; s++)
                kl_x_org_add(x, &t->support, p->support.v[s].name, p->support.v[s].id,
                             p->support.v[s].is_group);
            const char **reqs = NULL;
            size_t n = 0, cap = 0;
            for (size_t r = 0; r < p->n_reqs; r++)
                add_req(x, &reqs, &n, &cap, p->reqs[r]);
            for (size_t r = 0; r < t->n_reqs; r++)
                add_req(x, &reqs, &n, &cap, t->reqs[r]);
            t->reqs = reqs;
            t->n_reqs = n;
            t->cap_reqs = cap;
            t->merged_dl_start = p->dl_start;
            t->merged_dl_end = p->dl_end;
            p->dropped = true;
        }
    }
}

int kl_x_find_tasks(xrun *x)
{
    size_t nb = kl_notice_n_blocks(x->n);
    for (size_t i = 0; i < nb; i++) {
        const kl_block *b = kl_notice_block(x->n, i);
        if (b->zone != KL_ZONE_BODY)
            continue;
        int rc = one_block(x, (int)i);
        if (rc != KL_OK)
            return rc;
    }
    /* a lead-in whose points became tasks is not a task itself */
    for (size_t k = 0; k < x->n_leadins; k++) {
        leadin *L = &x->leadins[k];
        if (L->kind == CTX_TASKS && L->task >= 0 && L->n_children > 0)
            x->tasks[L->task].dropped = true;
    }
    merge_revisions(x);
    return KL_OK;
}
