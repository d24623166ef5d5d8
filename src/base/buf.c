/* Growable buffer with a hard cap; a failed append poisons the buffer so callers can check
 * once at the end. */
#include "base.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_MAX ((size_t)1 << 30)

void kl_buf_init(kl_buf *b, size_t max)
{
    b->p = NULL;
    b->len = 0;
    b->cap_alloc = 0;
    b->max = max ? max : DEFAULT_MAX;
    b->failed = KL_OK;
}

void kl_buf_fini(kl_buf *b)
{
    kl_free(b->p);
    b->p = NULL;
    b->len = 0;
    b->cap_alloc = 0;
}

void kl_buf_reset(kl_buf *b)
{
    b->len = 0;
    b->failed = KL_OK;
    if (b->p)
        b->p[0] = '\0';
}

static int reserve(kl_buf *b, size_t extra)
{
    if (b->failed != KL_OK)
        return b->failed;
    size_t need;
    if (!kl_add_ok(b->len, extra, &need) || need > b->max) {
        b->failed = KL_ERR_TOOBIG;
        return b->failed;
    }
    if (need + 1 <= b->cap_alloc)
        return KL_OK;
    size_t n = b->cap_alloc ? b->cap_alloc : 256;
    while (n < need + 1)
        n = n > ((size_t)-1) / 2 ? need + 1 : n * 2;
    char *p = kl_realloc(b->p, n);
    if (!p) {
        b->failed = KL_ERR_NOMEM;
        return b->failed;
    }
    b->p = p;
    b->cap_alloc = n;
    return KL_OK;
}

int kl_buf_reserve(kl_buf *b, size_t extra)
{
    return b->failed != KL_OK ? b->failed : reserve(b, extra);
}

int kl_buf_append(kl_buf *b, const char *p, size_t len)
{
    int rc = reserve(b, len);
    if (rc != KL_OK)
        return rc;
    if (len)
        memcpy(b->p + b->len, p, len);
    b->len += len;
    b->p[b->len] = '\0';
    return KL_OK;
}

int kl_buf_appendc(kl_buf *b, char c)
{
    return kl_buf_append(b, &c, 1);
}

int kl_buf_appends(kl_buf *b, const char *s)
{
    return kl_buf_append(b, s, strlen(s));
}

int kl_buf_vappendf(kl_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return b->failed = KL_ERR_FORMAT;
    int rc = reserve(b, (size_t)n);
    if (rc != KL_OK)
        return rc;
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return KL_OK;
}

int kl_buf_appendf(kl_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = kl_buf_vappendf(b, fmt, ap);
    va_end(ap);
    return rc;
}

int kl_buf_append_json(kl_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    /* the worst case is six bytes out per byte in: reserve once, then write directly */
    size_t worst;
    if (!kl_mul_ok(len, 6, &worst) || !kl_add_ok(worst, 2, &worst) || reserve(b, worst) != KL_OK)
        return b->failed;
    char *o = b->p + b->len;
    *o++ = '"';
    for (size_t i = 0; i < len; i++) {
        /* copy the run that needs no escape in one go, testing eight bytes at a time for a
         * control byte, '"' or '\\' (bytes of UTF-8 sequences are >= 0x80 and never match) */
        size_t run = i;
        while (run + 8 <= len) {
            uint64_t v;
            memcpy(&v, s + run, 8);
            const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
            uint64_t ctl = (v - 0x20 * ones) & ~v & high;
            uint64_t q = v ^ (0x22 * ones), bs = v ^ (0x5C * ones);
            uint64_t hit = ctl | ((q - ones) & ~q & high) | ((bs - ones) & ~bs & high);
            if (hit)
                break;
            run += 8;
        }
        while (run < len && (unsigned char)s[run] >= 0x20 && s[run] != '"' && s[run] != '\\')
            run++;
        if (run > i) {
            memcpy(o, s + i, run - i);
            o += run - i;
            i = run;
            if (i == len)
                break;
        }
        unsigned char c = (unsigned char)s[i];
        *o++ = '\\';
        switch (c) {
        case '"':
            *o++ = '"';
            break;
        case '\\':
            *o++ = '\\';
            break;
        case '\n':
            *o++ = 'n';
            break;
        case '\t':
            *o++ = 't';
            break;
        case '\r':
            *o++ = 'r';
            break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o++ = '"';
    b->len = (size_t)(o - b->p);
    b->p[b->len] = '\0';
    return KL_OK;
}

char *kl_buf_steal(kl_buf *b, size_t *len)
{
    char *p = b->p;
    if (len)
        *len = b->len;
    b->p = NULL;
    b->len = 0;
    b->cap_alloc = 0;
    return p;
}
