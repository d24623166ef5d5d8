/* Arena: a list of blocks, bump allocation, one free at the end. */
#include "base.h"

#include <stdio.h>
#include <string.h>

struct kl_arena_block {
    kl_arena_block *next;
    size_t size; /* usable bytes in data */
    size_t used;
    max_align_t data[];
};

#define ALIGN (sizeof(max_align_t))
#define MIN_BLOCK ((size_t)64 << 10)

void kl_arena_init(kl_arena *a, size_t cap)
{
    a->head = NULL;
    a->used_total = 0;
    a->cap = cap;
    a->peak = 0;
}

void kl_arena_fini(kl_arena *a)
{
    kl_arena_block *b = a->head;
    while (b) {
        kl_arena_block *next = b->next;
        kl_free(b);
        b = next;
    }
    a->head = NULL;
    a->used_total = 0;
}

void kl_arena_reset(kl_arena *a)
{
    if (!a->head)
        return;
    /* keep the newest block (it is the largest, blocks grow) and free the rest */
    kl_arena_block *keep = a->head;
    kl_arena_block *b = keep->next;
    while (b) {
        kl_arena_block *next = b->next;
        kl_free(b);
        b = next;
    }
    keep->next = NULL;
    keep->used = 0;
    a->used_total = 0;
}

void *kl_arena_alloc(kl_arena *a, size_t n)
{
    size_t need;
    if (!kl_add_ok(n, ALIGN - 1, &need))
        return NULL;
    need &= ~(ALIGN - 1);
    if (need == 0)
        need = ALIGN;
    size_t total;
    if (!kl_add_ok(a->used_total, need, &total) || (a->cap && total > a->cap))
        return NULL;
    kl_arena_block *b = a->head;
    if (!b || b->size - b->used < need) {
        size_t size = MIN_BLOCK;
        if (b && b->size * 2 > size)
            size = b->size * 2;
        if (size < need)
            size = need;
        if (a->cap && size > a->cap && need <= a->cap)
            size = a->cap;
        size_t bytes;
        if (!kl_add_ok(size, sizeof(kl_arena_block), &bytes))
            return NULL;
        kl_arena_block *nb = kl_malloc(bytes);
        if (!nb)
            return NULL;
        nb->size = size;
        nb->used = 0;
        nb->next = b;
        a->head = nb;
        b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += need;
    a->used_total = total;
    if (total > a->peak)
        a->peak = total;
    return p;
}

void *kl_arena_calloc(kl_arena *a, size_t count, size_t size)
{
    size_t n;
    if (!kl_mul_ok(count, size, &n))
        return NULL;
    void *p = kl_arena_alloc(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}

char *kl_arena_strndup(kl_arena *a, const char *p, size_t len)
{
    size_t n;
    if (!kl_add_ok(len, 1, &n))
        return NULL;
    char *s = kl_arena_alloc(a, n);
    if (!s)
        return NULL;
    if (len)
        memcpy(s, p, len);
    s[len] = '\0';
    return s;
}

char *kl_arena_printf(kl_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = kl_arena_alloc(a, (size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

void *kl_arena_grow(kl_arena *a, void *old, size_t n, size_t new_n, size_t elem)
{
    size_t bytes, old_bytes;
    if (!kl_mul_ok(new_n, elem, &bytes) || !kl_mul_ok(n, elem, &old_bytes))
        return NULL;
    void *p = kl_arena_alloc(a, bytes);
    if (p && old && old_bytes)
        memcpy(p, old, old_bytes < bytes ? old_bytes : bytes);
    return p;
}
