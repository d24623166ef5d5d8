/* store: the backend-independent half. Picks the backend from the target, checks the
 * arguments every backend would otherwise check again, then calls through kl_store_ops. */
/* memmem (glibc, musl and the BSDs have it) */
#define _GNU_SOURCE

#include "store.h"

#include <string.h>
#include <time.h>

#include <sodium.h>
#include <zlib.h>
#include <zstd.h>

#include "store_int.h"

/* ---- names and small helpers ---------------------------------------------------------- */

/* SPEC: EXTRACTION.md deadline kinds; index = kl_due_kind. */
static const char *const kind_names[] = {
    "none", "before", "by", "within", "approx", "event", "ongoing",
};

const char *kl_store_kind_name(kl_due_kind k)
{
    if ((size_t)k >= sizeof kind_names / sizeof kind_names[0])
        return "none";
    return kind_names[k];
}

/* Once per row of a million-row statistics pass: the length and a byte pick the name. */
kl_due_kind kl_store_kind_parse(const char *s, size_t len)
{
    if (!s || len < 2)
        return KL_DUE_NONE;
    kl_due_kind k = KL_DUE_NONE;
    switch (s[0]) {
    case 'b':
        k = s[1] == 'e' ? KL_DUE_BEFORE : KL_DUE_BY;
        break;
    case 'w':
        k = KL_DUE_WITHIN;
        break;
    case 'a':
        k = KL_DUE_APPROX;
        break;
    case 'e':
        k = KL_DUE_EVENT;
        break;
    case 'o':
        k = KL_DUE_ONGOING;
        break;
    default:
        return KL_DUE_NONE;
    }
    const char *name = kind_names[k];
    return strlen(name) == len && memcmp(name, s, len) == 0 ? k : KL_DUE_NONE;
}

const char *kl_review_name(kl_review r)
{
    return r == KL_REVIEW_CONFIRMED ? "confirmed" : "pending_review";
}

const char *kl_task_origin_name(kl_task_origin o)
{
    return o == KL_ORIGIN_MANUAL ? "manual" : "extracted";
}

/* Exactly n ASCII digits at p; -1 otherwise. */
static int digits(const char *p, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

kl_date kl_store_date_from_iso(const char *s, size_t len)
{
    kl_date none = {0, 0, 0};
    if (!s || (len != 4 && len != 7 && len != 10))
        return none;
    int y = digits(s, 4);
    int m = len >= 7 && s[4] == '-' ? digits(s + 5, 2) : 0;
    int d = len == 10 && s[7] == '-' ? digits(s + 8, 2) : 0;
    if (y < 1 || m < 0 || d < 0 || (len >= 7 && (m < 1 || m > 12)))
        return none;
    if (len == 10 && !kl_date_valid(y, m, d))
        return none;
    kl_date r = {(int16_t)y, (int8_t)m, (int8_t)d};
    return r;
}

bool kl_store_date_days(kl_date d, int32_t *days)
{
    if (!kl_date_valid(d.year, d.month, d.day))
        return false;
    *days = kl_date_to_days(d);
    return true;
}

static char *put_num(char *p, int v, int width, char sep)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    p[width] = sep;
    return p + width + 1;
}

void kl_store_timestamp(char buf[21])
{
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm))
        memset(&tm, 0, sizeof tm);
    char *p = put_num(buf, (tm.tm_year + 1900) % 10000, 4, '-');
    p = put_num(p, tm.tm_mon + 1, 2, '-');
    p = put_num(p, tm.tm_mday, 2, 'T');
    p = put_num(p, tm.tm_hour, 2, ':');
    p = put_num(p, tm.tm_min, 2, ':');
    p = put_num(p, tm.tm_sec % 60, 2, 'Z');
    *p = '\0';
}

int32_t kl_store_due_day(kl_date due, kl_due_kind kind)
{
    if (!kl_date_is_set(due) || due.month < 0 || due.month > 12)
        return KL_NO_DAY;
    bool first = kind == KL_DUE_BEFORE;
    kl_date d = due;
    if (due.month == 0) {
        d.month = first ? 1 : 12;
        d.day = first ? 1 : 31;
    } else if (due.day == 0) {
        d.day = first ? 1 : (int8_t)kl_days_in_month(due.year, due.month);
    } else if (!kl_date_valid(due.year, due.month, due.day)) {
        return KL_NO_DAY;
    }
    return kl_date_to_days(d);
}

/* RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF. Vietnamese text mixes
 * ASCII with two- and three-byte letters in nearly every word, so each length has its own
 * short path rather than one loop over a sequence's bytes. */
bool kl_store_utf8_valid(const char *p, size_t len)
{
    const unsigned char *u = (const unsigned char *)p, *e = u + len;
    while (u < e) {
        unsigned c = *u;
        if (c < 0x80) {
            u++;
        } else if (c < 0xE0) {
            if (c < 0xC2 || e - u < 2 || (u[1] & 0xC0) != 0x80)
                return false;
            u += 2;
        } else if (c < 0xF0) {
            if (e - u < 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 ||
                (c == 0xE0 && u[1] < 0xA0) || (c == 0xED && u[1] > 0x9F))
                return false;
            u += 3;
        } else {
            if (c > 0xF4 || e - u < 4 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 ||
                (u[3] & 0xC0) != 0x80 || (c == 0xF0 && u[1] < 0x90) || (c == 0xF4 && u[1] > 0x8F))
                return false;
            u += 4;
        }
    }
    return true;
}

/* ---- argument checks ------------------------------------------------------------------ */

static int need_full_date(kl_date d, const char *what, kl_error *err)
{
    if (!kl_date_valid(d.year, d.month, d.day))
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "%s: a full date is required", what);
    return KL_OK;
}

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++) {
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    }
    return true;
}

static int check_orgs(const kl_org *o, size_t n, const char *what, kl_error *err)
{
    if (n > 0 && !o)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "%s: list missing", what);
    for (size_t i = 0; i < n; i++) {
        if (blank(o[i].name))
            return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "%s %zu: empty agency name", what,
                              i + 1);
    }
    return KL_OK;
}

static int check_span(kl_span sp, size_t len, const char *what, size_t i, kl_error *err)
{
    if (sp.start > sp.end || sp.end > len)
        return kl_err_set(err, KL_ERR_USAGE, sp.start,
                          "task %zu: %s span [%zu, %zu) outside "
                          "the %zu bytes",
                          i + 1, what, sp.start, sp.end, len);
    return KL_OK;
}

/* A task record as import and task_add take it; len = SIZE_MAX when there are no bytes
 * to check spans against yet (task_add checks them in the backend). */
static int check_task(const kl_task *t, size_t i, size_t len, kl_error *err)
{
    if (blank(t->action))
        return kl_err_set(err, KL_ERR_USAGE, t->span.start, "task %zu: no action", i + 1);
    int rc = check_orgs(t->lead, t->n_lead, "lead", err);
    if (rc == KL_OK)
        rc = check_orgs(t->support, t->n_support, "support", err);
    if (rc == KL_OK && t->n_requirements > 0 && !t->requirements)
        rc = kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "task %zu: requirements missing", i + 1);
    if (rc == KL_OK)
        rc = check_span(t->span, len, "source", i, err);
    if (rc == KL_OK)
        rc = check_span(t->deadline.span, len, "deadline", i, err);
    if (rc == KL_OK && (size_t)t->deadline.kind > KL_DUE_ONGOING)
        rc = kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "task %zu: bad deadline kind", i + 1);
    return rc;
}

static int check_extraction(const kl_extraction *x, size_t len, kl_error *err)
{
    if ((x->n_items > 0 && !x->items) || (x->n_tasks > 0 && !x->tasks))
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "extraction: array missing");
    for (size_t i = 0; i < x->n_items; i++) {
        const kl_item *it = &x->items[i];
        if (!it->path || it->span.start > it->span.end || it->span.end > len)
            return kl_err_set(err, KL_ERR_USAGE, it->span.start,
                              "item %zu: no path or span outside the input", i + 1);
    }
    for (size_t i = 0; i < x->n_tasks; i++) {
        int rc = check_task(&x->tasks[i], i, len, err);
        if (rc != KL_OK)
            return rc;
    }
    return KL_OK;
}

#define NEED(cond, what)                                                    \
    do {                                                                    \
        if (!(cond))                                                        \
            return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "%s", what); \
    } while (0)

/* ---- open, close ---------------------------------------------------------------------- */

int kl_store_open(kl_store **out, const char *target, kl_error *err)
{
    NEED(out && target && *target, "store: no database given");
    static const char sqlite_scheme[] = "sqlite:";
    const char *path = target;
    if (strncmp(target, sqlite_scheme, sizeof sqlite_scheme - 1) == 0)
        path = target + sizeof sqlite_scheme - 1;
    else if (strncmp(target, "postgres://", 11) == 0 || strncmp(target, "postgresql://", 13) == 0)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET,
                          "%s: this build has no PostgreSQL backend", target);
    NEED(*path, "store: empty database path");
    return kl_store_sqlite_ops.open(out, path, err);
}

void kl_store_close(kl_store *s)
{
    if (s)
        s->ops->close(s);
}

const char *kl_store_backend_name(const kl_store *s)
{
    return s ? s->ops->name : "";
}

int kl_store_schema_version(const kl_store *s)
{
    return s ? s->schema_version : 0;
}

#ifdef KL_TESTING
void kl_store_test_fail_after(kl_store *s, long n)
{
    if (s && s->ops->fail_after)
        s->ops->fail_after(s, n);
}
#endif

/* ---- notices -------------------------------------------------------------------------- */

int kl_store_notice_import(kl_store *s, const char *name, const char *bytes, size_t len,
                           const kl_extraction *x, const char *json, size_t json_len, bool confirm,
                           int64_t *notice_id, bool *was_new, kl_error *err)
{
    NEED(notice_id && was_new, "notice import: missing argument");
    kl_store_import one;
    kl_store_import_init(&one);
    one.name = name;
    one.bytes = bytes;
    one.len = len;
    one.x = x;
    one.json = json;
    one.json_len = json_len;
    one.err = err;
    int rc = kl_store_notice_import_batch(s, &one, 1, confirm, err);
    kl_store_import_fini(&one);
    if (rc == KL_OK)
        rc = one.rc;
    if (rc == KL_OK) {
        *notice_id = one.id;
        *was_new = one.was_new;
    }
    return rc;
}

/* BLAKE2b-256 of bytes, in hex: a notice's identity (import is idempotent by it). */
static void content_hash(const char *bytes, size_t len, char out[65])
{
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, (const unsigned char *)bytes, len, NULL, 0);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* A notice the backend must not see: its rc and err say why. */
static int import_check(kl_store_import *v)
{
    kl_error *err = v->err;
    NEED(v->x, "notice import: missing extraction");
    NEED(v->bytes || v->len == 0, "notice import: no bytes");
    NEED(v->json || v->json_len == 0, "notice import: no JSON");
    if (!v->name)
        v->name = "";
    if (!v->bytes)
        v->bytes = "";
    return check_extraction(v->x, v->len, err);
}

void kl_store_import_init(kl_store_import *v)
{
    memset(v, 0, sizeof *v);
    kl_buf_init(&v->extra, 0);
    kl_buf_init(&v->words, 0);
    kl_buf_init(&v->json_z, 0);
    kl_buf_init(&v->bytes_z, 0);
}

void kl_store_import_reset(kl_store_import *v)
{
    kl_buf extra = v->extra, words = v->words, json_z = v->json_z, bytes_z = v->bytes_z;
    void *pack_ctx = v->pack_ctx;
    memset(v, 0, sizeof *v);
    v->extra = extra;
    v->words = words;
    v->json_z = json_z;
    v->bytes_z = bytes_z;
    v->pack_ctx = pack_ctx;
    kl_buf_reset(&v->extra);
    kl_buf_reset(&v->words);
    kl_buf_reset(&v->json_z);
    kl_buf_reset(&v->bytes_z);
}

void kl_store_import_fini(kl_store_import *v)
{
    kl_buf_fini(&v->extra);
    kl_buf_fini(&v->words);
    kl_buf_fini(&v->json_z);
    kl_buf_fini(&v->bytes_z);
    ZSTD_freeCCtx(v->pack_ctx);
    v->pack_ctx = NULL;
}

/* ---- packed bytes --------------------------------------------------------------------- */

#define PACK_LEVEL 1
#define PACK_MAX ((size_t)1 << 31)

/* The fastest level, with a checksum so that damage is found rather than unpacked. */
void *kl_store_pack_ctx(void)
{
    ZSTD_CCtx *cx = ZSTD_createCCtx();
    if (cx && (ZSTD_isError(ZSTD_CCtx_setParameter(cx, ZSTD_c_compressionLevel, PACK_LEVEL)) ||
               ZSTD_isError(ZSTD_CCtx_setParameter(cx, ZSTD_c_checksumFlag, 1)))) {
        ZSTD_freeCCtx(cx);
        cx = NULL;
    }
    return cx;
}

int kl_store_pack(void *ctx, const void *p, size_t n, kl_buf *out)
{
    size_t cap = ZSTD_compressBound(n);
    if (ZSTD_isError(cap) || cap > PACK_MAX || kl_buf_reserve(out, cap) != KL_OK)
        return KL_ERR_NOMEM;
    ZSTD_CCtx *cx = ctx ? ctx : kl_store_pack_ctx();
    size_t z = cx ? ZSTD_compress2(cx, out->p + out->len, cap, p, n) : 0;
    if (cx != ctx)
        ZSTD_freeCCtx(cx);
    if (!cx || ZSTD_isError(z))
        return KL_ERR_NOMEM;
    out->len += z;
    out->p[out->len] = '\0';
    return KL_OK;
}

int kl_store_packed_size(const void *p, size_t n, size_t *size)
{
    unsigned long long got = p ? ZSTD_getFrameContentSize(p, n) : ZSTD_CONTENTSIZE_ERROR;
    if (got == ZSTD_CONTENTSIZE_ERROR || got == ZSTD_CONTENTSIZE_UNKNOWN || got > PACK_MAX)
        return KL_ERR_FORMAT;
    *size = (size_t)got;
    return KL_OK;
}

int kl_store_unpack_into(const void *p, size_t n, char *dst, size_t size)
{
    size_t got = ZSTD_decompress(dst, size, p, n);
    return !ZSTD_isError(got) && got == size ? KL_OK : KL_ERR_FORMAT;
}

int kl_store_unpack(const void *p, size_t n, kl_arena *a, const char **out, size_t *len)
{
    size_t size = 0;
    int rc = kl_store_packed_size(p, n, &size);
    if (rc != KL_OK)
        return rc;
    char *dst = kl_arena_alloc(a, size + 1);
    if (!dst)
        return KL_ERR_NOMEM;
    rc = kl_store_unpack_into(p, n, dst, size);
    if (rc != KL_OK)
        return rc;
    dst[size] = '\0';
    *out = dst;
    if (len)
        *len = size;
    return KL_OK;
}

int kl_store_json_pack(const char *json, size_t len, kl_buf *out)
{
    return kl_store_pack(NULL, json, len, out);
}

/* Schema 2's record: length, then zlib's deflate. */
static int json_unpack_zlib(const unsigned char *u, size_t n, kl_arena *a, const char **out)
{
    if (n < 4)
        return KL_ERR_FORMAT;
    size_t len = (size_t)u[0] | (size_t)u[1] << 8 | (size_t)u[2] << 16 | (size_t)u[3] << 24;
    char *json = kl_arena_alloc(a, len + 1);
    if (!json)
        return KL_ERR_NOMEM;
    uLongf got = (uLongf)len;
    if (uncompress((Bytef *)json, &got, u + 4, (uLong)(n - 4)) != Z_OK || got != len)
        return KL_ERR_FORMAT;
    json[len] = '\0';
    *out = json;
    return KL_OK;
}

int kl_store_json_unpack(const void *p, size_t n, kl_arena *a, const char **out)
{
    size_t size = 0;
    if (kl_store_packed_size(p, n, &size) == KL_OK)
        return kl_store_unpack(p, n, a, out, NULL);
    return json_unpack_zlib(p, n, a, out);
}

static bool holds(const char *text, size_t len, const char *s, size_t n)
{
    return n == 0 || (len >= n && memmem(text, len, s, n) != NULL);
}

void kl_store_extra_add(kl_buf *extra, const char *body, size_t len, const char *src, size_t n,
                        const char *text, size_t tl)
{
    if (tl == 0 || holds(src, n, text, tl) || holds(body, len, text, tl) ||
        holds(extra->p ? extra->p : "", extra->len, text, tl))
        return;
    kl_buf_append(extra, text, tl);
    kl_buf_appendc(extra, '\n');
}

/* The extra of an extraction: each task's action, requirements and agencies. A name
 * looked up once (most tasks of a notice share a few agencies) is not looked up again. */
static void extra_of(kl_store_import *v, const char *body, size_t len)
{
    const char *seen[64];
    size_t n_seen = 0;
    for (size_t i = 0; i < v->x->n_tasks; i++) {
        const kl_task *t = &v->x->tasks[i];
        size_t s = t->span.start < len ? t->span.start : len;
        size_t e = t->span.end < len ? t->span.end : len;
        e = e < s ? s : e;
        kl_store_extra_add(&v->extra, body, len, body + s, e - s, t->action, strlen(t->action));
        for (size_t k = 0; k < t->n_requirements; k++)
            kl_store_extra_add(&v->extra, body, len, body + s, e - s, t->requirements[k],
                               strlen(t->requirements[k]));
        for (size_t k = 0; k < t->n_lead + t->n_support; k++) {
            const char *name = k < t->n_lead ? t->lead[k].name : t->support[k - t->n_lead].name;
            bool known = false;
            for (size_t m = 0; m < n_seen && !known; m++)
                known = strcmp(seen[m], name) == 0;
            if (known)
                continue;
            if (n_seen < sizeof seen / sizeof seen[0])
                seen[n_seen++] = name;
            kl_store_extra_add(&v->extra, body, len, body + s, e - s, name, strlen(name));
        }
    }
}

int kl_store_import_prepare(const kl_store *s, kl_store_import *v)
{
    kl_error *err = v ? v->err : NULL;
    NEED(s && v, "notice import: missing argument");
    int rc = import_check(v);
    if (rc != KL_OK)
        return rc;
    if (!v->hash[0])
        content_hash(v->bytes, v->len, v->hash);
    v->is_text = kl_store_utf8_valid(v->bytes, v->len) && !memchr(v->bytes, '\0', v->len);
    kl_buf_reset(&v->extra);
    kl_buf_reset(&v->words);
    kl_buf_reset(&v->json_z);
    kl_buf_reset(&v->bytes_z);
    extra_of(v, v->is_text ? v->bytes : "", v->is_text ? v->len : 0);
    if (!v->pack_ctx)
        v->pack_ctx = kl_store_pack_ctx();
    rc = v->pack_ctx ? kl_store_pack(v->pack_ctx, v->json ? v->json : "", v->json_len, &v->json_z)
                     : KL_ERR_NOMEM;
    if (rc == KL_OK)
        rc = kl_store_pack(v->pack_ctx, v->bytes, v->len, &v->bytes_z);
    if (rc == KL_OK && v->bytes_z.len >= v->len)
        kl_buf_reset(&v->bytes_z); /* kept as they are (a DOCX is packed already) */
    if (rc == KL_OK && s->ops->import_prepare)
        rc = s->ops->import_prepare(v);
    if (rc == KL_OK && (v->extra.failed != KL_OK || v->words.failed != KL_OK))
        rc = KL_ERR_NOMEM;
    if (rc != KL_OK)
        return kl_err_set(v->err, rc, KL_NO_OFFSET, "notice import: cannot prepare");
    v->prepared = true;
    return KL_OK;
}

int kl_store_notice_import_batch(kl_store *s, kl_store_import *v, size_t n, bool confirm,
                                 kl_error *err)
{
    NEED(s && (v || n == 0), "notice import: missing argument");
    for (size_t i = 0; i < n; i++) {
        if (v[i].rc != KL_OK || v[i].prepared)
            continue; /* the caller's own failure, or prepared already */
        v[i].rc = kl_store_import_prepare(s, &v[i]);
    }
    return n ? s->ops->notice_import(s, v, n, confirm, err) : KL_OK;
}

int kl_store_notice_get(kl_store *s, int64_t id, kl_arena *a, kl_store_notice **out, kl_error *err)
{
    NEED(s && a && out, "notice get: missing argument");
    return s->ops->notice_get(s, id, a, out, err);
}

int kl_store_notice_list(kl_store *s, int (*cb)(const kl_store_notice *n, void *ctx), void *ctx,
                         kl_error *err)
{
    NEED(s && cb, "notice list: missing argument");
    return s->ops->notice_list(s, cb, ctx, err);
}

int kl_store_notice_confirm(kl_store *s, int64_t id, size_t *n_confirmed, kl_error *err)
{
    NEED(s, "notice confirm: missing argument");
    return s->ops->notice_confirm(s, id, n_confirmed, err);
}

int kl_store_notice_receive(kl_store *s, int64_t id, kl_date received, kl_error *err)
{
    NEED(s, "notice receive: missing argument");
    int rc = need_full_date(received, "received", err);
    return rc != KL_OK ? rc : s->ops->notice_receive(s, id, received, err);
}

int kl_store_notice_text(kl_store *s, int64_t id, kl_arena *a, kl_store_doc **out, kl_error *err)
{
    NEED(s && a && out, "notice text: missing argument");
    return s->ops->notice_text(s, id, a, out, err);
}

/* ---- tasks ---------------------------------------------------------------------------- */

int kl_store_task_get(kl_store *s, int64_t id, kl_arena *a, kl_store_task **out, kl_error *err)
{
    NEED(s && a && out, "task get: missing argument");
    return s->ops->task_get(s, id, a, out, err);
}

int kl_store_task_add(kl_store *s, int64_t notice_id, const kl_task *t, bool is_key, bool confirm,
                      int64_t *task_id, kl_error *err)
{
    NEED(s && t && task_id, "task add: missing argument");
    NEED(t->n_lead > 0, "task add: at least one lead is required");
    NEED(notice_id > 0 || (t->span.end == 0 && t->deadline.span.end == 0),
         "task add: a task on no notice has no span");
    int rc = check_task(t, 0, SIZE_MAX, err);
    if (rc != KL_OK)
        return rc;
    return s->ops->task_add(s, notice_id, t, is_key, confirm, task_id, err);
}

int kl_store_task_edit(kl_store *s, int64_t id, const kl_store_edit *e, kl_error *err)
{
    NEED(s && e, "task edit: missing argument");
    NEED(!e->set_leads || e->n_leads > 0, "task edit: at least one lead is required");
    NEED(!e->action || !blank(e->action), "task edit: empty action");
    NEED(e->is_key >= -1 && e->is_key <= 1, "task edit: is_key is -1, 0 or 1");
    NEED(!e->set_deadline || (size_t)e->deadline.kind <= KL_DUE_ONGOING,
         "task edit: bad deadline kind");
    int rc = KL_OK;
    if (e->set_leads)
        rc = check_orgs(e->leads, e->n_leads, "lead", err);
    if (rc == KL_OK && e->set_supports)
        rc = check_orgs(e->supports, e->n_supports, "support", err);
    return rc != KL_OK ? rc : s->ops->task_edit(s, id, e, err);
}

int kl_store_task_delete(kl_store *s, int64_t id, kl_error *err)
{
    NEED(s, "task delete: missing argument");
    return s->ops->task_delete(s, id, err);
}

int kl_store_task_cancel(kl_store *s, int64_t id, kl_date date, const char *reason, kl_error *err)
{
    NEED(s, "task cancel: missing argument");
    int rc = need_full_date(date, "cancel", err);
    return rc != KL_OK ? rc : s->ops->task_cancel(s, id, date, reason, err);
}

/* ---- lifecycle ------------------------------------------------------------------------ */

int kl_store_progress_add(kl_store *s, int64_t task_id, const char *agency, kl_date date,
                          const char *text, kl_error *err)
{
    NEED(s && !blank(agency), "progress: no agency");
    NEED(!blank(text), "progress: empty report");
    int rc = need_full_date(date, "progress", err);
    return rc != KL_OK ? rc : s->ops->progress_add(s, task_id, agency, date, text, err);
}

int kl_store_assign_done(kl_store *s, int64_t task_id, const char *agency, kl_date date,
                         const char *evidence, const char *note, bool require_evidence,
                         size_t *n_done, kl_error *err)
{
    NEED(s, "done: missing argument");
    NEED(!agency || !blank(agency), "done: empty agency name");
    if (require_evidence && blank(evidence))
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET,
                          "done: evidence (the report's number and date) is required");
    int rc = need_full_date(date, "done", err);
    if (rc != KL_OK)
        return rc;
    return s->ops->assign_done(s, task_id, agency, date, blank(evidence) ? NULL : evidence,
                               blank(note) ? NULL : note, n_done, err);
}

int kl_store_extension_add(kl_store *s, int64_t task_id, kl_date to, const char *reason,
                           const char *approver, int max_extensions, kl_error *err)
{
    NEED(s, "extension: missing argument");
    int rc = need_full_date(to, "extension", err);
    if (rc != KL_OK)
        return rc;
    return s->ops->extension_add(s, task_id, to, blank(reason) ? NULL : reason,
                                 blank(approver) ? NULL : approver, max_extensions, err);
}

int kl_store_assign_reassign(kl_store *s, const char *from, const char *to, int32_t to_dir_id,
                             kl_date date, size_t *n_moved, kl_error *err)
{
    NEED(s && !blank(from) && !blank(to), "reassign: agency names are required");
    NEED(strcmp(from, to) != 0, "reassign: the two agencies are the same");
    int rc = need_full_date(date, "reassign", err);
    if (rc != KL_OK)
        return rc;
    return s->ops->assign_reassign(s, from, to, to_dir_id < 0 ? -1 : to_dir_id, date, n_moved, err);
}

/* ---- lists and search ----------------------------------------------------------------- */

static int check_filter(const kl_store_filter *f, kl_error *err)
{
    static const struct {
        size_t off;
        const char *name;
    } dates[] = {
        {offsetof(kl_store_filter, due_from), "due from"},
        {offsetof(kl_store_filter, due_to), "due to"},
        {offsetof(kl_store_filter, open_due_before), "open due before"},
        {offsetof(kl_store_filter, open_on), "open on"},
    };
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        const kl_date *d = (const kl_date *)(const void *)((const char *)f + dates[i].off);
        if (kl_date_is_set(*d) && !kl_date_valid(d->year, d->month, d->day))
            return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET,
                              "filter %s: a full date is "
                              "required",
                              dates[i].name);
    }
    if (f->review < 0 || f->review > KL_FILTER_CONFIRMED)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "filter: bad review state");
    if ((size_t)f->state > KL_STATE_CANCELLED)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "filter: bad state");
    if (f->text && blank(f->text))
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "filter: empty search text");
    return KL_OK;
}

int kl_store_assign_query(kl_store *s, const kl_store_filter *f,
                          int (*cb)(const kl_store_assign_row *r, void *ctx), void *ctx,
                          kl_error *err)
{
    static const kl_store_filter all;
    NEED(s && cb, "assignment query: missing argument");
    if (!f)
        f = &all;
    int rc = check_filter(f, err);
    return rc != KL_OK ? rc : s->ops->assign_query(s, f, false, cb, ctx, err);
}

int kl_store_assign_facts(kl_store *s, const kl_store_filter *f,
                          int (*cb)(const kl_store_assign_row *r, void *ctx), void *ctx,
                          kl_error *err)
{
    static const kl_store_filter all;
    NEED(s && cb, "assignment facts: missing argument");
    if (!f)
        f = &all;
    NEED(!f->text, "assignment facts: free text is not supported, use the query");
    int rc = check_filter(f, err);
    return rc != KL_OK ? rc : s->ops->assign_query(s, f, true, cb, ctx, err);
}

int kl_store_assign_facts_split(kl_store *s, const kl_store_filter *f, size_t n,
                                int (*cb)(const kl_store_assign_row *r, void *ctx),
                                void *const *ctx, kl_error *err)
{
    NEED(s && cb && ctx && n > 0, "assignment facts: missing argument");
    if (!s->ops->assign_facts_split || n == 1)
        return kl_store_assign_facts(s, f, cb, ctx[0], err);
    kl_store_filter all;
    if (!f) {
        memset(&all, 0, sizeof all);
        f = &all;
    }
    NEED(!f->text, "assignment facts: free text is not supported, use the query");
    int rc = check_filter(f, err);
    return rc != KL_OK ? rc : s->ops->assign_facts_split(s, f, n, cb, ctx, err);
}

int kl_store_search(kl_store *s, const char *query, size_t limit,
                    int (*cb)(const kl_store_hit *h, void *ctx), void *ctx, kl_error *err)
{
    NEED(s && cb, "search: missing argument");
    NEED(!blank(query), "search: no words to search for");
    return s->ops->search(s, query, limit ? limit : 50, cb, ctx, err);
}

/* ---- settings, backup, check ---------------------------------------------------------- */

int kl_store_setting_get(kl_store *s, const char *key, kl_buf *value, kl_error *err)
{
    NEED(s && !blank(key) && value, "setting: missing argument");
    return s->ops->setting_get(s, key, value, err);
}

int kl_store_setting_set(kl_store *s, const char *key, const char *value, kl_error *err)
{
    NEED(s && !blank(key), "setting: missing argument");
    return s->ops->setting_set(s, key, value, err);
}

int kl_store_backup(kl_store *s, const char *path, kl_error *err)
{
    NEED(s && path && *path, "backup: no destination");
    return s->ops->backup(s, path, err);
}

int kl_store_check(kl_store *s, kl_buf *report, kl_error *err)
{
    NEED(s && report, "check: missing argument");
    return s->ops->check(s, report, err);
}
