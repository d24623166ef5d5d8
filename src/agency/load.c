/* agency tables: reading the data/ *.tsv tables (format: data/README.md) into the directory.
 * A province edits these files by hand, often in a spreadsheet, so every fault is reported
 * with its file and line, and what spreadsheets add (a BOM, CRLF, stray spaces) is accepted. */
#include "agency_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

enum {
    COL_NAME,
    COL_KIND,
    COL_PROVINCE,
    COL_FROM,
    COL_TO,
    COL_SUCC,
    COL_ABBREV,
    COL_VARIANTS,
    N_COLS
};

typedef struct load {
    kl_directory *d;
    const char *file;
    uint32_t source;
    uint32_t line;
    size_t line_off;
    kl_error *err;
} load;

typedef struct field {
    const char *p;
    size_t len;
} field;

static const char *const kind_names[] = {
    NULL, "province", "department", "body", "central", "local", "other",
};

static int fail(const load *l, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(const load *l, int code, const char *fmt, ...)
{
    if (code == KL_ERR_NOMEM)
        return kl_err_set(l->err, code, KL_NO_OFFSET, "%s: out of memory", l->file);
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        msg[0] = '\0';
    else if ((size_t)n >= sizeof msg)
        memcpy(msg + sizeof msg - 4, "...", 4); /* a long variant quoted: the start suffices */
    return kl_err_set(l->err, code, l->line_off, "%s:%u: %s", l->file, l->line, msg);
}

static field trim(const char *p, size_t len)
{
    while (len > 0 && (p[0] == ' ' || p[0] == '\t')) {
        p++;
        len--;
    }
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    return (field){p, len};
}

/* NFC of one line into out, so "Sở" typed decomposed on a Mac is the "Sở" of the notices. */
static int nfc(const char *p, size_t len, kl_buf *out)
{
    kl_buf_reset(out);
    utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)p;
    utf8proc_ssize_t n = utf8proc_decompose(s, (utf8proc_ssize_t)len, NULL, 0, opts);
    if (n < 0)
        return KL_ERR_FORMAT;
    size_t bytes;
    if (!kl_mul_ok((size_t)n + 1, sizeof(utf8proc_int32_t), &bytes))
        return KL_ERR_NOMEM;
    utf8proc_int32_t *buf = kl_malloc(bytes);
    if (!buf)
        return KL_ERR_NOMEM;
    int rc = KL_ERR_FORMAT;
    if (utf8proc_decompose(s, (utf8proc_ssize_t)len, buf, n, opts) == n) {
        utf8proc_ssize_t k = utf8proc_reencode(buf, n, opts);
        if (k >= 0)
            rc = kl_buf_append(out, (const char *)buf, (size_t)k);
    }
    kl_free(buf);
    return rc;
}

static int parse_kind(field f, kl_agency_kind *kind)
{
    for (size_t i = 1; i < sizeof kind_names / sizeof kind_names[0]; i++)
        if (strlen(kind_names[i]) == f.len && memcmp(kind_names[i], f.p, f.len) == 0) {
            *kind = (kl_agency_kind)i;
            return KL_OK;
        }
    return KL_ERR_FORMAT;
}

static int parse_date(const load *l, field f, const char *col, kl_date *out)
{
    char tmp[16];
    *out = (kl_date){0, 0, 0};
    if (f.len == 0)
        return KL_OK;
    if (f.len < sizeof tmp) {
        memcpy(tmp, f.p, f.len);
        tmp[f.len] = '\0';
        if (kl_date_parse(tmp, out) == KL_OK)
            return KL_OK;
    }
    return fail(l, KL_ERR_FORMAT, "bad date '%.*s' in column %s (YYYY-MM-DD)", (int)f.len, f.p,
                col);
}

static uint32_t put_string(kl_directory *d, field f)
{
    if (f.len == 0)
        return 0;
    uint32_t off = (uint32_t)d->strings.len;
    kl_buf_append(&d->strings, f.p, f.len);
    kl_buf_appendc(&d->strings, '\0');
    return off;
}

/* Token ids of "ủy ban nhân dân", the head every district and commune committee shares. */
static const uint32_t *ubnd_ids(const kl_directory *d)
{
    int32_t t = kl_agency_token_find(d, "ubnd", 4, kl_agency_hash("ubnd", 4));
    if (KL_NEVER(t < 0 || d->tokens[t].n_expand != 4))
        return NULL;
    return d->expand + d->tokens[t].expand_first;
}

static bool has_ubnd_head(const kl_directory *d, const uint32_t *ids, size_t n)
{
    const uint32_t *u = ubnd_ids(d);
    return u && n > 4 && memcmp(ids, u, 4 * sizeof *ids) == 0;
}

/* One spelling as a trie key, and also without the "UBND" head or with it added when bare
 * is set: a bare "huyện Bình Gia" is its People's Committee. SPEC: EXTRACTION.md
 * "Organizations". */
static int put_key(const load *l, int32_t id, const uint32_t *ids, size_t n, bool bare, field text)
{
    uint32_t alt[KL_AGENCY_KEY_MAX + 4];
    int32_t other = -1;
    int rc = kl_agency_key_add(l->d, ids, n, id, &other);
    if (rc == KL_OK && bare && has_ubnd_head(l->d, ids, n)) {
        rc = kl_agency_key_add(l->d, ids + 4, n - 4, id, &other);
    } else if (rc == KL_OK && bare && ubnd_ids(l->d)) {
        memcpy(alt, ubnd_ids(l->d), 4 * sizeof *alt);
        memcpy(alt + 4, ids, n * sizeof *alt);
        rc = kl_agency_key_add(l->d, alt, n + 4, id, &other);
    }
    if (rc == KL_ERR_CONFLICT) {
        const kl_directory *d = l->d;
        const kl_agency_entry *o = &d->entries[other];
        return fail(l, KL_ERR_FORMAT, "'%.*s' already names '%s' (%s:%u)", (int)text.len, text.p,
                    d->strings.p + o->name, d->sources[o->source], o->line);
    }
    return rc == KL_OK ? KL_OK : fail(l, rc, "cannot add '%.*s'", (int)text.len, text.p);
}

/* Drop every token equal to tok (or to tok2) from ids: commas and dashes inside a name are
 * often left out ("Sở Văn hóa Thể thao và Du lịch"), so each spelling also stands without. */
static size_t drop_tokens(const uint32_t *ids, size_t n, int32_t tok, int32_t tok2, uint32_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if ((int32_t)ids[i] != tok && (int32_t)ids[i] != tok2)
            out[k++] = ids[i];
    return k;
}

static int add_spelling(const load *l, int32_t id, field text, bool bare)
{
    kl_directory *d = l->d;
    uint32_t ids[KL_AGENCY_KEY_MAX], cut[KL_AGENCY_KEY_MAX];
    size_t n = 0;
    int rc = kl_agency_key_tokens(d, text.p, text.len, ids, &n);
    if (rc == KL_ERR_TOOBIG)
        return fail(l, KL_ERR_FORMAT, "'%.*s' is too long (a word over %d bytes or %d words)",
                    (int)text.len, text.p, KL_AGENCY_TOKEN_MAX, KL_AGENCY_KEY_MAX);
    if (rc != KL_OK)
        return fail(l, rc, "cannot read '%.*s'", (int)text.len, text.p);
    if (n == 0 || !d->tokens[ids[0]].is_word)
        return fail(l, KL_ERR_FORMAT, "'%.*s' must start with a letter or digit", (int)text.len,
                    text.p);
    int32_t comma = kl_agency_token_find(d, ",", 1, kl_agency_hash(",", 1));
    int32_t dash = kl_agency_token_find(d, "-", 1, kl_agency_hash("-", 1));
    rc = put_key(l, id, ids, n, bare, text);
    for (int mask = 1; mask <= 3 && rc == KL_OK; mask++) {
        size_t k = drop_tokens(ids, n, mask & 1 ? comma : -1, mask & 2 ? dash : -1, cut);
        if (k < n && k > 0)
            rc = put_key(l, id, cut, k, bare, text);
    }
    return rc;
}

/* Canonical name, abbreviation and every "|"-separated variant of entry id. */
static int add_spellings(const load *l, int32_t id, const field *cols)
{
    kl_directory *d = l->d;
    bool bare = false;
    if (d->entries[id].kind == KL_AGENCY_LOCAL) {
        uint32_t ids[KL_AGENCY_KEY_MAX];
        size_t n = 0;
        if (kl_agency_key_tokens(d, cols[COL_NAME].p, cols[COL_NAME].len, ids, &n) == KL_OK)
            bare = has_ubnd_head(d, ids, n);
    }
    int rc = add_spelling(l, id, cols[COL_NAME], bare);
    if (rc == KL_OK && cols[COL_ABBREV].len > 0)
        rc = add_spelling(l, id, cols[COL_ABBREV], bare);
    const char *p = cols[COL_VARIANTS].p;
    const char *end = p + cols[COL_VARIANTS].len;
    while (rc == KL_OK && p < end) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        const char *stop = bar ? bar : end;
        field v = trim(p, (size_t)(stop - p));
        if (v.len == 0)
            return fail(l, KL_ERR_FORMAT, "empty variant in column variants");
        rc = add_spelling(l, id, v, bare);
        p = bar ? bar + 1 : end;
        if (bar && p == end)
            return fail(l, KL_ERR_FORMAT, "empty variant in column variants");
    }
    return rc;
}

/* Refuse a second line for the same name in the same province: one of them is a typo. */
static int check_unique(const load *l, field name, field province)
{
    const kl_directory *d = l->d;
    char tmp[512];
    if (name.len >= sizeof tmp)
        return fail(l, KL_ERR_FORMAT, "name is longer than %zu bytes", sizeof tmp - 1);
    memcpy(tmp, name.p, name.len);
    tmp[name.len] = '\0';
    size_t cursor = 0;
    for (int32_t x = kl_agency_name_next(d, tmp, &cursor); x >= 0;
         x = kl_agency_name_next(d, tmp, &cursor)) {
        const kl_agency_entry *o = &d->entries[x];
        const char *op = d->strings.p + o->province;
        if (strlen(op) == province.len && memcmp(op, province.p, province.len) == 0)
            return fail(l, KL_ERR_FORMAT, "'%s' is already at %s:%u", tmp, d->sources[o->source],
                        o->line);
    }
    return KL_OK;
}

static int add_entry(const load *l, const field *cols, kl_agency_kind kind, kl_date from,
                     kl_date to)
{
    kl_directory *d = l->d;
    if (d->n_entries >= (size_t)INT32_MAX - 1)
        return fail(l, KL_ERR_TOOBIG, "too many organizations");
    if (d->n_entries == d->cap_entries) {
        size_t n = d->cap_entries ? d->cap_entries * 2 : 256; /* < INT32_MAX entries: no wrap */
        kl_agency_entry *e = kl_realloc(d->entries, n * sizeof *e);
        if (!e)
            return fail(l, KL_ERR_NOMEM, "out of memory");
        d->entries = e;
        d->cap_entries = n;
    }
    kl_agency_entry *e = &d->entries[d->n_entries];
    e->name = put_string(d, cols[COL_NAME]);
    e->province = put_string(d, cols[COL_PROVINCE]);
    e->abbrev = put_string(d, cols[COL_ABBREV]);
    e->succ_name = put_string(d, cols[COL_SUCC]);
    e->from = from;
    e->to = to;
    e->successor = -1;
    e->kind = kind;
    e->source = l->source;
    e->line = l->line;
    if (d->strings.failed != KL_OK)
        return fail(l, KL_ERR_NOMEM, "out of memory");
    int32_t id = (int32_t)d->n_entries++;
    if (kl_agency_name_add(d, id) != KL_OK)
        return fail(l, KL_ERR_NOMEM, "out of memory");
    return add_spellings(l, id, cols);
}

static int parse_fields(const load *l, const char *p, size_t len, field *cols)
{
    size_t n = 0;
    size_t i = 0;
    for (;;) {
        const char *tab = memchr(p + i, '\t', len - i);
        size_t end = tab ? (size_t)(tab - p) : len;
        if (n == N_COLS)
            return fail(l, KL_ERR_FORMAT, "more than %d columns", N_COLS);
        cols[n++] = trim(p + i, end - i);
        if (!tab)
            break;
        i = end + 1;
    }
    for (; n < N_COLS; n++)
        cols[n] = (field){p + len, 0};
    for (i = 0; i < len; i++)
        if ((unsigned char)p[i] < 0x20 && p[i] != '\t')
            return fail(l, KL_ERR_FORMAT, "control character 0x%02x", (unsigned)p[i]);
    return KL_OK;
}

static int parse_line(const load *l, const char *p, size_t len)
{
    field cols[N_COLS];
    int rc = parse_fields(l, p, len, cols);
    if (rc != KL_OK)
        return rc;
    if (cols[COL_NAME].len == 0)
        return fail(l, KL_ERR_FORMAT, "missing name (column 1)");
    kl_agency_kind kind;
    if (cols[COL_KIND].len == 0)
        return fail(l, KL_ERR_FORMAT, "missing kind (column 2)");
    if (parse_kind(cols[COL_KIND], &kind) != KL_OK)
        return fail(l, KL_ERR_FORMAT,
                    "unknown kind '%.*s' (province, department, body, central, local or other)",
                    (int)cols[COL_KIND].len, cols[COL_KIND].p);
    kl_date from, to;
    rc = parse_date(l, cols[COL_FROM], "from", &from);
    if (rc == KL_OK)
        rc = parse_date(l, cols[COL_TO], "to", &to);
    if (rc != KL_OK)
        return rc;
    if (kl_date_is_set(from) && kl_date_is_set(to) && kl_date_cmp(from, to) > 0)
        return fail(l, KL_ERR_FORMAT, "valid from %.*s is after valid to %.*s",
                    (int)cols[COL_FROM].len, cols[COL_FROM].p, (int)cols[COL_TO].len,
                    cols[COL_TO].p);
    rc = check_unique(l, cols[COL_NAME], cols[COL_PROVINCE]);
    return rc == KL_OK ? add_entry(l, cols, kind, from, to) : rc;
}

static bool is_ascii(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)p[i] >= 0x80)
            return false;
    return true;
}

/* One line: comments and blank lines skipped, the rest NFC with modern tone placement (bufs
 * are scratch space), then parsed. */
static int do_line(const load *l, const char *p, size_t len, kl_buf bufs[2])
{
    field t = trim(p, len);
    if (t.len == 0 || t.p[0] == '#')
        return KL_OK;
    if (is_ascii(p, len))
        return parse_line(l, p, len);
    int rc = nfc(p, len, &bufs[0]);
    if (rc == KL_OK) {
        kl_buf_reset(&bufs[1]);
        rc = kl_agency_tone_fix(bufs[0].p, bufs[0].len, &bufs[1]);
    }
    if (rc == KL_ERR_FORMAT)
        return fail(l, rc, "not valid UTF-8");
    if (rc != KL_OK)
        return fail(l, KL_ERR_NOMEM, "out of memory");
    return parse_line(l, bufs[1].p, bufs[1].len);
}

static int add_source(kl_directory *d, const char *file, uint32_t *index)
{
    if (d->n_sources >= UINT32_MAX)
        return KL_ERR_NOMEM;
    char **s = kl_realloc(d->sources, (d->n_sources + 1) * sizeof *s);
    if (!s)
        return KL_ERR_NOMEM;
    d->sources = s;
    s[d->n_sources] = kl_strndup(file, strlen(file));
    if (!s[d->n_sources])
        return KL_ERR_NOMEM;
    *index = (uint32_t)d->n_sources++;
    return KL_OK;
}

int kl_agency_load_table(kl_directory *d, const char *file, const char *data, size_t len,
                         kl_error *err)
{
    load l = {d, file, 0, 0, 0, err};
    if (add_source(d, file, &l.source) != KL_OK)
        return fail(&l, KL_ERR_NOMEM, "out of memory");
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3; /* spreadsheets save UTF-8 with a byte order mark */
    kl_buf bufs[2];
    kl_buf_init(&bufs[0], 0);
    kl_buf_init(&bufs[1], 0);
    int rc = KL_OK;
    while (i < len && rc == KL_OK) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t e = (end > i && data[end - 1] == '\r') ? end - 1 : end;
        l.line++;
        l.line_off = i;
        rc = do_line(&l, data + i, e - i, bufs);
        i = end + 1;
    }
    kl_buf_fini(&bufs[0]);
    kl_buf_fini(&bufs[1]);
    return rc;
}

/* The successor named by entry i: one of the same province, else one for any province. */
static int32_t find_successor(const kl_directory *d, const kl_agency_entry *e)
{
    const char *s = d->strings.p;
    int32_t any = -1;
    size_t cursor = 0;
    for (int32_t x = kl_agency_name_next(d, s + e->succ_name, &cursor); x >= 0;
         x = kl_agency_name_next(d, s + e->succ_name, &cursor)) {
        const char *xp = s + d->entries[x].province;
        if (strcmp(xp, s + e->province) == 0)
            return x;
        if (xp[0] == '\0' && any < 0)
            any = x;
    }
    return any;
}

int kl_agency_resolve(kl_directory *d, kl_error *err)
{
    for (size_t i = 0; i < d->n_entries; i++) {
        kl_agency_entry *e = &d->entries[i];
        if (e->succ_name == 0)
            continue;
        load l = {d, d->sources[e->source], e->source, e->line, KL_NO_OFFSET, err};
        int32_t x = find_successor(d, e);
        if (x < 0)
            return fail(&l, KL_ERR_FORMAT, "successor '%s' is not in the directory",
                        d->strings.p + e->succ_name);
        if ((size_t)x == i)
            return fail(&l, KL_ERR_FORMAT, "'%s' is its own successor", d->strings.p + e->name);
        e->successor = x;
    }
    /* Tracking follows successors to the end, so a loop would never finish. */
    for (size_t i = 0; i < d->n_entries; i++) {
        int32_t x = d->entries[i].successor;
        for (size_t steps = 0; x >= 0; steps++, x = d->entries[x].successor)
            if (steps > d->n_entries) {
                const kl_agency_entry *e = &d->entries[i];
                load l = {d, d->sources[e->source], e->source, e->line, KL_NO_OFFSET, err};
                return fail(&l, KL_ERR_FORMAT, "successors of '%s' run in a loop",
                            d->strings.p + e->name);
            }
    }
    return KL_OK;
}
