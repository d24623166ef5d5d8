/* The extraction run: text, notice, header, tasks, then the plain records of extract.h. */
#include "extract_int.h"

#include <string.h>

/* "I. Kết quả thực hiện ...", "2. Một số khó khăn, hạn chế": a part that reports what was
 * done, where a sentence that opens with an agency narrates ("Sở Y tế triển khai tiêm vắc xin
 * đạt 95%") rather than assigns; only an explicit "Giao", "Yêu cầu" assigns there. A part
 * that also speaks of tasks, solutions or directions is not one. */
static bool is_findings_title(const xrun *x, const kl_block *b)
{
    static const char *const report[] = {
        "kết quả", "đánh giá",       "tình hình", "hạn chế",     "khó khăn", "tồn tại",
        "nổi bật", "những mặt được", "ưu điểm",   "nguyên nhân", NULL,
    };
    static const char *const directive[] = {
        "nhiệm vụ", "giải pháp",    "chỉ đạo",       "kiến nghị", "đề xuất", "thực hiện",
        "yêu cầu",  "phương hướng", "thời gian tới", "kết luận",  NULL,
    };
    size_t e = kl_x_sentence_end(x, b->body, b->end);
    if (e - b->body > 200)
        return false; /* a paragraph, not a heading */
    bool rep = false;
    for (size_t i = b->body; i < e; i++) {
        if (i > b->body && x->s[i - 1] != ' ')
            continue;
        int which;
        if (kl_lex_match_any(x->s + i, e - i, directive, true, &which))
            return false;
        rep = rep || kl_lex_match_any(x->s + i, e - i, report, true, &which);
    }
    return rep;
}

static int prepare(xrun *x)
{
    size_t nb = kl_notice_n_blocks(x->n);
    x->presenters = kl_arena_calloc(x->a, nb ? nb : 1, sizeof *x->presenters);
    x->title_end = kl_arena_calloc(x->a, nb ? nb : 1, sizeof *x->title_end);
    x->findings = kl_arena_calloc(x->a, nb ? nb : 1, sizeof *x->findings);
    if (!x->presenters || !x->title_end || !x->findings)
        return KL_ERR_NOMEM;
    for (size_t i = 0; i < nb; i++) {
        const kl_block *b = kl_notice_block(x->n, i);
        if (b->marker == KL_MARK_NONE || b->zone != KL_ZONE_BODY)
            continue;
        size_t te = 0;
        const char *p = kl_x_presenter(x, b->body, b->end, &te);
        if (p) {
            x->presenters[i] = p;
            x->title_end[i] = te;
        } else if (b->depth == 1) {
            x->findings[i] = is_findings_title(x, b);
        }
    }
    return KL_OK;
}

static kl_org *copy_orgs(xrun *x, const org_list *l)
{
    kl_org *v = kl_arena_alloc(x->a, (l->n ? l->n : 1) * sizeof *v);
    if (v && l->n)
        memcpy(v, l->v, l->n * sizeof *v);
    return v;
}

static kl_span orig(const xrun *x, size_t s, size_t e)
{
    kl_cspan cs = {s, e};
    return kl_text_orig(x->t, cs);
}

static void deadline(xrun *x, const wtask *w, kl_deadline *d)
{
    kl_deadline_found f;
    size_t base = w->dl_start;
    bool ok = kl_deadline_find(x->s + w->dl_start, w->dl_end - w->dl_start, x->ref, x->cal, &f);
    if ((!ok || f.kind == KL_DUE_NONE) && w->merged_dl_end > w->merged_dl_start) {
        base = w->merged_dl_start;
        ok = kl_deadline_find(x->s + base, w->merged_dl_end - base, x->ref, x->cal, &f);
    }
    memset(d, 0, sizeof *d);
    if (!ok)
        return;
    d->kind = f.kind;
    d->due = f.due;
    if (f.phrase.end > f.phrase.start) {
        d->text = kl_lex_copy(x->a, x->s + base + f.phrase.start, f.phrase.end - f.phrase.start);
        d->span = orig(x, base + f.phrase.start, base + f.phrase.end);
    }
}

static const char *action_text(xrun *x, size_t s, size_t e)
{
    while (e > s && (x->s[e - 1] == ' ' || x->s[e - 1] == '.' || x->s[e - 1] == '/' ||
                     x->s[e - 1] == ';' || x->s[e - 1] == ','))
        e--;
    return kl_lex_copy(x->a, x->s + s, e - s);
}

static int finish_tasks(xrun *x, kl_extraction *out)
{
    size_t n = 0;
    for (size_t k = 0; k < x->n_tasks; k++)
        n += !x->tasks[k].dropped;
    out->tasks = kl_arena_calloc(x->a, n ? n : 1, sizeof *out->tasks);
    if (!out->tasks)
        return KL_ERR_NOMEM;
    for (size_t k = 0; k < x->n_tasks; k++) {
        const wtask *w = &x->tasks[k];
        if (w->dropped)
            continue;
        /* A statement whose action is only punctuation (a damaged list of attendees, say)
         * assigns nothing. */
        const char *action = action_text(x, w->act_start, w->end);
        if (!action)
            return KL_ERR_NOMEM;
        if (!*action)
            continue;
        kl_task *t = &out->tasks[out->n_tasks++];
        t->item = w->item;
        t->lead = copy_orgs(x, &w->lead);
        t->n_lead = w->lead.n;
        t->support = copy_orgs(x, &w->support);
        t->n_support = w->support.n;
        t->action = action;
        t->requirements = w->reqs;
        t->n_requirements = w->n_reqs;
        t->report_to = w->report_to;
        deadline(x, w, &t->deadline);
        t->span = orig(x, w->start, w->end);
        if (!t->lead || !t->support || !t->action)
            return KL_ERR_NOMEM;
    }
    return KL_OK;
}

static bool counts_in_path(kl_marker m)
{
    return m == KL_MARK_ROMAN || m == KL_MARK_NUM || m == KL_MARK_NUM2 || m == KL_MARK_NUM_PAREN ||
           m == KL_MARK_PAREN_NUM;
}

static bool inside(const kl_notice *n, size_t anc, size_t i)
{
    for (int p = kl_notice_block(n, i)->parent; p >= 0; p = kl_notice_block(n, (size_t)p)->parent)
        if ((size_t)p == anc)
            return true;
    return false;
}

static int finish_items(xrun *x, kl_extraction *out)
{
    size_t nb = kl_notice_n_blocks(x->n), count = 0;
    for (size_t i = 0; i < nb; i++) {
        const kl_block *b = kl_notice_block(x->n, i);
        count += b->zone == KL_ZONE_BODY && counts_in_path(b->marker);
    }
    out->items = kl_arena_calloc(x->a, count ? count : 1, sizeof *out->items);
    if (!out->items)
        return KL_ERR_NOMEM;
    for (size_t i = 0; i < nb; i++) {
        const kl_block *b = kl_notice_block(x->n, i);
        if (b->zone != KL_ZONE_BODY || !counts_in_path(b->marker))
            continue;
        kl_item *it = &out->items[out->n_items++];
        it->path = b->path;
        size_t te = x->title_end[i] ? x->title_end[i] : kl_x_sentence_end(x, b->body, b->end);
        it->title = action_text(x, b->body, te);
        it->presenter = x->presenters[i];
        size_t end = b->end;
        for (size_t j = i + 1; j < nb && inside(x->n, i, j); j++)
            end = kl_notice_block(x->n, j)->end;
        it->span = orig(x, b->start, end);
        if (!it->title)
            return KL_ERR_NOMEM;
    }
    return KL_OK;
}

int kl_extract_bytes(kl_extraction **out, const char *bytes, size_t len, const kl_directory *dir,
                     const kl_calendar *cal, kl_arena *a, kl_error *err)
{
    kl_text *t;
    int rc = kl_text_clean(&t, bytes, len, a, err);
    if (rc != KL_OK)
        return rc;
    /* An empty file is a mistake (a failed save or copy), not a notice without tasks. */
    if (kl_text_len(t) == 0 && len == 0)
        return kl_err_set(err, KL_ERR_FORMAT, KL_NO_OFFSET, "empty file (0 bytes)");
    if (kl_text_len(t) == 0)
        return kl_err_set(err, KL_ERR_FORMAT, KL_NO_OFFSET,
                          "no text: only white space in %zu bytes", len);
    kl_notice *n;
    rc = kl_notice_parse(&n, t, a, err);
    if (rc != KL_OK)
        return rc;
    xrun x;
    memset(&x, 0, sizeof x);
    x.n = n;
    x.t = t;
    x.s = kl_notice_flow(n);
    x.len = kl_text_len(t);
    x.dir = dir;
    x.cal = cal;
    x.a = a;
    kl_extraction *r = kl_arena_calloc(a, 1, sizeof *r);
    if (!r || prepare(&x) != KL_OK || kl_x_header(&x, &r->header) != KL_OK)
        goto no_mem;
    x.ref = r->header.issued;
    if (kl_x_find_tasks(&x) != KL_OK || finish_tasks(&x, r) != KL_OK ||
        finish_items(&x, r) != KL_OK)
        goto no_mem;
    const kl_notice_head *h = kl_notice_head_of(n);
    r->recipients = h->recipients;
    r->n_recipients = h->n_recipients;
    *out = r;
    return KL_OK;
no_mem:
    return kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "out of memory extracting tasks");
}

int kl_extract_json_bytes(const char *bytes, size_t len, const kl_directory *dir,
                          const kl_calendar *cal, kl_arena *a, kl_buf *json, kl_error *err)
{
    kl_extraction *x;
    int rc = kl_extract_bytes(&x, bytes, len, dir, cal, a, err);
    if (rc != KL_OK)
        return rc;
    rc = kl_extract_to_json(x, json);
    if (rc != KL_OK)
        return kl_err_set(err, rc, KL_NO_OFFSET, "cannot write the JSON output");
    return KL_OK;
}
