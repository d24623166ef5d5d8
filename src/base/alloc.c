/* The one allocator. KL_FAIL_ALLOC=N makes the Nth allocation and all after it fail, so the
 * tests can walk every out-of-memory path (STYLE.md section 2). */
#include "base.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long fail_at = -1; /* -1: not read yet; 0: never fail */
static atomic_long n_calls;

static bool should_fail(void)
{
    long at = atomic_load(&fail_at);
    if (at < 0) {
        const char *s = getenv("KL_FAIL_ALLOC");
        long v = 0;
        if (s) {
            uint32_t u = 0;
            if (kl_parse_u32(s, strlen(s), 2000000000u, &u) == strlen(s))
                v = (long)u;
        }
        atomic_store(&fail_at, v);
        at = v;
    }
    if (at == 0)
        return false;
    return atomic_fetch_add(&n_calls, 1) + 1 >= at;
}

void *kl_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *kl_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *kl_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void kl_free(void *p)
{
    free(p);
}

char *kl_strndup(const char *p, size_t len)
{
    size_t n;
    if (!kl_add_ok(len, 1, &n))
        return NULL;
    char *s = kl_malloc(n);
    if (!s)
        return NULL;
    if (len)
        memcpy(s, p, len);
    s[len] = '\0';
    return s;
}

bool kl_mul_ok(size_t a, size_t b, size_t *out)
{
    return !__builtin_mul_overflow(a, b, out);
}

bool kl_add_ok(size_t a, size_t b, size_t *out)
{
    return !__builtin_add_overflow(a, b, out);
}
