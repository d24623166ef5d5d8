/* The JSON object of shared/spec/EXTRACTION.md, written by hand: one line, UTF-8 as is. */
#include "extract_int.h"

#include <string.h>

static void str(kl_buf *b, const char *s)
{
    if (s)
        kl_buf_append_json(b, s, strlen(s));
    else
        kl_buf_appends(b, "null");
}

static void key(kl_buf *b, const char *k, bool first)
{
    if (!first)
        kl_buf_appendc(b, ',');
    kl_buf_appendc(b, '"');
    kl_buf_appends(b, k);
    kl_buf_appends(b, "\":");
}

static void date(kl_buf *b, kl_date d)
{
    char iso[11];
    if (!d.year) {
        kl_buf_appends(b, "null");
        return;
    }
    kl_date_iso(d, iso);
    str(b, iso);
}

static void strings(kl_buf *b, const char *const *v, size_t n)
{
    kl_buf_appendc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            kl_buf_appendc(b, ',');
        str(b, v[i]);
    }
    kl_buf_appendc(b, ']');
}

static void orgs(kl_buf *b, const kl_org *v, size_t n)
{
    kl_buf_appendc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            kl_buf_appendc(b, ',');
        str(b, v[i].name);
    }
    kl_buf_appendc(b, ']');
}

/* ,"start":N,"end":N} without printf: spans are written for every task and item. */
static void span(kl_buf *b, kl_span sp)
{
    char tmp[64];
    size_t v[2] = {sp.start, sp.end};
    static const char *const keys[2] = {",\"start\":", ",\"end\":"};
    for (int k = 0; k < 2; k++) {
        kl_buf_appends(b, keys[k]);
        size_t n = 0, x = v[k];
        do {
            tmp[sizeof tmp - 1 - n++] = (char)('0' + x % 10);
            x /= 10;
        } while (x);
        kl_buf_append(b, tmp + sizeof tmp - n, n);
    }
    kl_buf_appendc(b, '}');
}

static void header(kl_buf *b, const kl_header *h)
{
    kl_buf_appendc(b, '{');
    key(b, "issuer", true);
    str(b, h->issuer);
    key(b, "number", false);
    str(b, h->number);
    key(b, "symbol", false);
    str(b, h->symbol);
    key(b, "place", false);
    str(b, h->place);
    key(b, "issued", false);
    date(b, h->issued);
    key(b, "kind", false);
    str(b, h->kind);
    key(b, "subject", false);
    str(b, h->subject);
    key(b, "meeting_dates", false);
    kl_buf_appendc(b, '[');
    for (size_t i = 0; i < h->n_meeting_dates; i++) {
        if (i)
            kl_buf_appendc(b, ',');
        date(b, h->meeting_dates[i]);
    }
    kl_buf_appendc(b, ']');
    key(b, "chair", false);
    str(b, h->chair);
    key(b, "signer", false);
    kl_buf_appendc(b, '{');
    key(b, "authority", true);
    str(b, h->signer.authority);
    key(b, "title", false);
    str(b, h->signer.title);
    key(b, "name", false);
    str(b, h->signer.name);
    kl_buf_appends(b, "}}");
}

static void task(kl_buf *b, const kl_task *t)
{
    kl_buf_appendc(b, '{');
    key(b, "item", true);
    str(b, t->item);
    key(b, "lead", false);
    orgs(b, t->lead, t->n_lead);
    key(b, "support", false);
    orgs(b, t->support, t->n_support);
    key(b, "action", false);
    str(b, t->action);
    key(b, "requirements", false);
    strings(b, t->requirements, t->n_requirements);
    key(b, "report_to", false);
    str(b, t->report_to);
    key(b, "deadline", false);
    kl_buf_appendc(b, '{');
    key(b, "text", true);
    str(b, t->deadline.text);
    key(b, "due", false);
    date(b, t->deadline.due);
    key(b, "kind", false);
    str(b, kl_due_kind_name(t->deadline.kind));
    kl_buf_appendc(b, '}');
    span(b, t->span);
}

int kl_extract_to_json(const kl_extraction *x, kl_buf *b)
{
    kl_buf_appendc(b, '{');
    key(b, "header", true);
    header(b, &x->header);
    key(b, "items", false);
    kl_buf_appendc(b, '[');
    for (size_t i = 0; i < x->n_items; i++) {
        const kl_item *it = &x->items[i];
        if (i)
            kl_buf_appendc(b, ',');
        kl_buf_appendc(b, '{');
        key(b, "path", true);
        str(b, it->path);
        key(b, "title", false);
        str(b, it->title);
        key(b, "presenter", false);
        str(b, it->presenter);
        span(b, it->span);
    }
    kl_buf_appendc(b, ']');
    key(b, "tasks", false);
    kl_buf_appendc(b, '[');
    for (size_t i = 0; i < x->n_tasks; i++) {
        if (i)
            kl_buf_appendc(b, ',');
        task(b, &x->tasks[i]);
    }
    kl_buf_appendc(b, ']');
    key(b, "recipients", false);
    strings(b, x->recipients, x->n_recipients);
    kl_buf_appendc(b, '}');
    return b->failed;
}
