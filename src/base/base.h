/* base: errors, the one allocator, arenas, growable buffers, spans, dates, file reading.
 * Everything in libketluan builds on these; nothing here knows Vietnamese. */
#ifndef KL_BASE_H
#define KL_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- errors ------------------------------------------------------------ */

enum {
    KL_OK = 0,
    KL_ERR_NOMEM,
    KL_ERR_IO,
    KL_ERR_FORMAT,
    KL_ERR_TOOBIG,
    KL_ERR_NOTFOUND,
    KL_ERR_CONFLICT,
    KL_ERR_DB,
    KL_ERR_USAGE,
    KL_ERR_AUTH
};

#define KL_NO_OFFSET ((size_t)-1)

typedef struct kl_error {
    int code;        /* KL_OK or KL_ERR_* */
    size_t offset;   /* byte in the original input, or KL_NO_OFFSET */
    char input[128]; /* file name as the user gave it */
    char msg[256];   /* English; front ends show the code in Vietnamese */
} kl_error;

/* Reset err to "no error" (err may be NULL). */
void kl_err_clear(kl_error *err);
/* Fill err only if it holds no error yet; returns code either way. err may be NULL. */
int kl_err_set(kl_error *err, int code, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Like kl_err_set with the text of errno value e appended ("...: No such file"). */
int kl_err_errno(kl_error *err, int code, int e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Short English name of a code ("format", "nomem"), for JSON and logs. */
const char *kl_err_name(int code);

/* Defensive checks: assert in test builds (KL_TESTING), recover in release. */
#ifdef KL_TESTING
#include <assert.h>
#define KL_ALWAYS(x) (assert(x), 1)
#define KL_NEVER(x) (assert(!(x)), 0)
#else
#define KL_ALWAYS(x) (!!(x))
#define KL_NEVER(x) (!!(x))
#endif

/* ---- the one allocator ------------------------------------------------- */
/* All heap memory goes through these so tests can fail the Nth allocation:
 * KL_FAIL_ALLOC=N in the environment makes the Nth call (1-based) and every later one
 * return NULL. kl_free(NULL) is a no-op. */
void *kl_malloc(size_t n);
void *kl_calloc(size_t count, size_t size);
void *kl_realloc(void *p, size_t n);
void kl_free(void *p);
/* Owned copy of p[0..len) plus a NUL; NULL on failure. */
char *kl_strndup(const char *p, size_t len);
/* a*b or a+b without overflow: returns false on overflow. */
bool kl_mul_ok(size_t a, size_t b, size_t *out);
bool kl_add_ok(size_t a, size_t b, size_t *out);

/* ---- arena ------------------------------------------------------------- */
/* One arena per notice: input, text, notice and extract allocate from it and never
 * free pieces; kl_arena_fini drops it all. The cap bounds the total so a hostile file
 * cannot eat the machine. Fields are the module's own. */
typedef struct kl_arena_block kl_arena_block;
typedef struct kl_arena {
    kl_arena_block *head;
    size_t used_total; /* bytes handed out, for the cap */
    size_t cap;        /* 0 = no cap */
    size_t peak;       /* largest used_total seen */
} kl_arena;

void kl_arena_init(kl_arena *a, size_t cap); /* cannot fail: memory comes on first use */
void kl_arena_fini(kl_arena *a);
/* Drop everything but keep one block for reuse (for loops over many notices). */
void kl_arena_reset(kl_arena *a);
/* n bytes aligned for any type; NULL when out of memory or over the cap. */
void *kl_arena_alloc(kl_arena *a, size_t n);
void *kl_arena_calloc(kl_arena *a, size_t count, size_t size);
/* Arena copy of p[0..len) plus a NUL. */
char *kl_arena_strndup(kl_arena *a, const char *p, size_t len);
/* Arena printf; NULL on failure. */
char *kl_arena_printf(kl_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Grow an arena array: returns a new array of new_n elements holding the old n
 * (old memory is not freed; arenas never free). */
void *kl_arena_grow(kl_arena *a, void *old, size_t n, size_t new_n, size_t elem);

/* ---- growable buffer --------------------------------------------------- */
/* Heap buffer with a hard cap. After a failed append, the buffer is marked failed and
 * further appends are no-ops; kl_buf_fini frees it. p is always NUL-terminated when
 * len > 0 and not failed. */
typedef struct kl_buf {
    char *p;
    size_t len;
    size_t cap_alloc; /* bytes allocated */
    size_t max;       /* hard cap on len (0 = 1 GiB) */
    int failed;       /* KL_OK or the error code of the first failed append */
} kl_buf;

void kl_buf_init(kl_buf *b, size_t max);
void kl_buf_fini(kl_buf *b);
void kl_buf_reset(kl_buf *b); /* len = 0, keeps memory */
int kl_buf_append(kl_buf *b, const char *p, size_t len);
int kl_buf_appendc(kl_buf *b, char c);
int kl_buf_appends(kl_buf *b, const char *s); /* NUL-terminated */
int kl_buf_appendf(kl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int kl_buf_vappendf(kl_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Append s[0..len) as a JSON string literal with quotes (UTF-8 passed through). */
int kl_buf_append_json(kl_buf *b, const char *s, size_t len);
/* Room for extra more bytes after len (for a writer that fills p + len itself, then sets
 * len and the NUL); KL_ERR_NOMEM / KL_ERR_TOOBIG as an append would fail. */
int kl_buf_reserve(kl_buf *b, size_t extra);
/* Take ownership of the bytes (caller kl_free's them); the buffer is reset. */
char *kl_buf_steal(kl_buf *b, size_t *len);

/* ---- spans ------------------------------------------------------------- */
/* [start, end) in the ORIGINAL input bytes. Cleaned-text positions are kl_cspan so
 * that mixing the two does not compile; only text/ maps one to the other. */
typedef struct kl_span {
    size_t start, end;
} kl_span;
typedef struct kl_cspan {
    size_t start, end;
} kl_cspan;

/* ---- dates ------------------------------------------------------------- */
/* A calendar date, possibly partial: month 0 = year only, day 0 = year and month.
 * year 0 = no date. */
typedef struct kl_date {
    int16_t year;
    int8_t month;
    int8_t day;
} kl_date;

static inline bool kl_date_is_set(kl_date d)
{
    return d.year != 0;
}
bool kl_date_valid(int year, int month, int day);
int kl_days_in_month(int year, int month);
/* Days since 1970-01-01 for a full date (proleptic Gregorian). */
int32_t kl_date_to_days(kl_date d);
kl_date kl_date_from_days(int32_t days);
/* 0 = Monday ... 6 = Sunday. */
int kl_date_weekday(kl_date d);
int kl_date_cmp(kl_date a, kl_date b);
/* ISO text: "2021-09-15", "2021-09", "2021"; buf must hold 11 bytes. */
void kl_date_iso(kl_date d, char buf[11]);
/* "15/09/2021" (full dates only); buf must hold 11 bytes. */
void kl_date_dmy(kl_date d, char buf[11]);
/* Parse "YYYY-MM-DD" or "d/m/yyyy" (whole string); KL_OK or KL_ERR_USAGE. */
int kl_date_parse(const char *s, kl_date *out);

/* ---- numbers ----------------------------------------------------------- */
/* Parse ASCII decimal digits at p[0..len) (no sign, no spaces) into *v; returns the number
 * of bytes consumed (0 if none or overflow past max). */
size_t kl_parse_u32(const char *p, size_t len, uint32_t max, uint32_t *v);

/* ---- files ------------------------------------------------------------- */
#define KL_DEFAULT_MAX_INPUT ((size_t)32 << 20)
/* Read a whole file (path "-" = stdin) into an owned buffer (kl_free). Errors: KL_ERR_IO
 * (missing, a directory, unreadable), KL_ERR_TOOBIG (over max bytes). */
int kl_read_file(const char *path, size_t max, char **out, size_t *out_len, kl_error *err);

/* ---- embedded data ----------------------------------------------------- */
/* The data/ *.tsv tables, compiled into the binary by tools/embed.c so that ketluan runs
 * with nothing installed beside it. */
typedef struct kl_embedded_file {
    const char *name; /* base name: "agencies.tsv" */
    const char *data;
    size_t len;
} kl_embedded_file;

extern const kl_embedded_file kl_embedded_files[];
extern const size_t kl_embedded_count;
/* The embedded file with that base name, or NULL. */
const kl_embedded_file *kl_embedded_find(const char *name);

#endif
