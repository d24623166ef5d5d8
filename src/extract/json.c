/* The JSON object of shared/spec/EXTRACTION.md, written by hand: one line, UTF-8 as is. */
#include "extract_int.h"

#include <string.h>

/* A literal piece of JSON ("\"issuer\":"), appended without measuring it at run time. */
#define LIT(b, s) kl_buf_append((b), (s), sizeof(s) - 1)

static void str(kl_buf *b, const char *s)
{
    if (s)
        kl_buf_append_json(b, s, strlen(s));
    else
        LIT(b, "null");
}

static void date(kl_buf *b, kl_date d)
{
    char iso[11];
    if (!d.year) {
        LIT(b, "null");
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
    LIT(b, "\"issuer\":");
    str(b, h->issuer);
    LIT(b, ",\"number\":");
    str(b, h->number);
    LIT(b, ",\"symbol\":");
    str(b, h->symbol);
    LIT(b, ",\"place\":");
    str(b, h->place);
    LIT(b, ",\"issued\":");
    date(b, h->issued);
    LIT(b, ",\"kind\":");
    str(b, h->kind);
    LIT(b, ",\"subject\":");
    str(b, h->subject);
    LIT(b, ",\"meeting_dates\":");
    kl_buf_appendc(b, '[');
    for (size_t i = 0; i < h->n_meeting_dates; i++) {
        if (i)
            kl_buf_appendc(b, ',');
        date(b, h->meeting_dates[i]);
    }
    kl_buf_appendc(b, ']');
    LIT(b, ",\"chair\":");
    str(b, h->chair);
    LIT(b, ",\"signer\":");
    kl_buf_appendc(b, '{');
    LIT(b, "\"authority\":");
    str(b, h->signer.authority);
    LIT(b, ",\"title\":");
    str(b, h->signer.title);
    LIT(b, ",\"name\":");
    str(b, h->signer.name);
    LIT(b, "}}");
}

static void task(kl_buf *b, const kl_task *t)
{
    kl_buf_appendc(b, '{');
    LIT(b, "\"item\":");
    str(b, t->item);
    LIT(b, ",\"lead\":");
    orgs(b, t->lead, t->n_lead);
    LIT(b, ",\"support\":");
    orgs(b, t->support, t->n_support);
    LIT(b, ",\"action\":");
    str(b, t->action);
    LIT(b, ",\"requirements\":");
    strings(b, t->requirements, t->n_requirements);
    LIT(b, ",\"report_to\":");
    str(b, t->report_to);
    LIT(b, ",\"deadline\":");
    kl_buf_appendc(b, '{');
    LIT(b, "\"text\":");
    str(b, t->deadline.text);
    LIT(b, ",\"due\":");
    date(b, t->deadline.due);
    LIT(b, ",\"kind\":");
    str(b, kl_due_kind_name(t->deadline.kind));
    kl_buf_appendc(b, '}');
    span(b, t->span);
}

int kl_extract_to_json(const kl_extraction *x, kl_buf *b)
{
    kl_buf_appendc(b, '{');
    LIT(b, "\"header\":");
    header(b, &x->header);
    LIT(b, ",\"items\":");
    kl_buf_appendc(b, '[');
    for (size_t i = 0; i < x->n_items; i++) {
        const kl_item *it = &x->items[i];
        if (i)
            kl_buf_appendc(b, ',');
        kl_buf_appendc(b, '{');
        LIT(b, "\"path\":");
        str(b, it->path);
        LIT(b, ",\"title\":");
        str(b, it->title);
        LIT(b, ",\"presenter\":");
        str(b, it->presenter);
        span(b, it->span);
    }
    kl_buf_appendc(b, ']');
    LIT(b, ",\"tasks\":");
    kl_buf_appendc(b, '[');
    for (size_t i = 0; i < x->n_tasks; i++) {
        if (i)
            kl_buf_appendc(b, ',');
        task(b, &x->tasks[i]);
    }
    kl_buf_appendc(b, ']');
    LIT(b, ",\"recipients\":");
    strings(b, x->recipients, x->n_recipients);
    kl_buf_appendc(b, '}');
    return b->failed;
}
