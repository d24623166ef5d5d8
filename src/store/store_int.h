/* store internals shared by the dispatch layer (store.c) and the backends (sqlite*.c, and
 * pg.c later). Only files in src/store/ and the store's unit test include this. */
#ifndef KL_STORE_INT_H
#define KL_STORE_INT_H

#include "store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"

/* The table a backend fills. Every entry gets arguments that store.c has already checked
 * (non-NULL where required, full dates where required), so backends check only what needs
 * the data. Each backend's connection struct starts with a kl_store. */
struct kl_store_ops {
    const char *name;
    int (*open)(kl_store **out, const char *path, kl_error *err);
    void (*close)(kl_store *s);

    int (*notice_import)(kl_store *s, kl_store_import *v, size_t n, bool confirm, kl_error *err);
    /* kl_store_import_prepare's backend half: no connection, any thread. */
    int (*import_prepare)(kl_store_import *v);
    int (*notice_get)(kl_store *s, int64_t id, kl_arena *a, kl_store_notice **out, kl_error *err);
    int (*notice_list)(kl_store *s, int (*cb)(const kl_store_notice *n, void *ctx), void *ctx,
                       kl_error *err);
    int (*notice_confirm)(kl_store *s, int64_t id, size_t *n_confirmed, kl_error *err);
    int (*notice_receive)(kl_store *s, int64_t id, kl_date received, kl_error *err);
    int (*notice_text)(kl_store *s, int64_t id, kl_arena *a, kl_store_doc **out, kl_error *err);

    int (*task_get)(kl_store *s, int64_t id, kl_arena *a, kl_store_task **out, kl_error *err);
    int (*task_add)(kl_store *s, int64_t notice_id, const kl_task *t, bool is_key, bool confirm,
                    int64_t *task_id, kl_error *err);
    int (*task_edit)(kl_store *s, int64_t id, const kl_store_edit *e, kl_error *err);
    int (*task_delete)(kl_store *s, int64_t id, kl_error *err);
    int (*task_cancel)(kl_store *s, int64_t id, kl_date date, const char *reason, kl_error *err);

    int (*progress_add)(kl_store *s, int64_t task_id, const char *agency, kl_date date,
                        const char *text, kl_error *err);
    int (*assign_done)(kl_store *s, int64_t task_id, const char *agency, kl_date date,
                       const char *evidence, const char *note, size_t *n_done, kl_error *err);
    int (*extension_add)(kl_store *s, int64_t task_id, kl_date to, const char *reason,
                         const char *approver, int max_extensions, kl_error *err);
    int (*assign_reassign)(kl_store *s, const char *from, const char *to, int32_t to_dir_id,
                           kl_date date, size_t *n_moved, kl_error *err);

    int (*assign_query)(kl_store *s, const kl_store_filter *f, bool facts_only,
                        int (*cb)(const kl_store_assign_row *r, void *ctx), void *ctx,
                        kl_error *err);
    /* Optional: the facts pass in parts run at once (kl_store_assign_facts_split). */
    int (*assign_facts_split)(kl_store *s, const kl_store_filter *f, size_t n,
                              int (*cb)(const kl_store_assign_row *r, void *ctx), void *const *ctx,
                              kl_error *err);
    int (*search)(kl_store *s, const char *query, size_t limit,
                  int (*cb)(const kl_store_hit *h, void *ctx), void *ctx, kl_error *err);

    int (*setting_get)(kl_store *s, const char *key, kl_buf *value, kl_error *err);
    int (*setting_set)(kl_store *s, const char *key, const char *value, kl_error *err);
    int (*backup)(kl_store *s, const char *path, kl_error *err);
    int (*check)(kl_store *s, kl_buf *report, kl_error *err);

    /* Test hook (may be NULL): make the n-th statement step from now fail with KL_ERR_DB,
     * to prove that a failed write leaves nothing behind. n = 0 turns it off. */
    void (*fail_after)(kl_store *s, long n);
};

/* The head of every backend's connection struct. */
struct kl_store {
    const kl_store_ops *ops;
    int schema_version;
};

extern const kl_store_ops kl_store_sqlite_ops;

/* Due kinds by their EXTRACTION.md names ("before" ...), as the database stores them;
 * kept here so the store reads and writes them without linking extract. */
const char *kl_store_kind_name(kl_due_kind k);
kl_due_kind kl_store_kind_parse(const char *s, size_t len);

/* "2021-09", "2021-09-15", "2021" to a (partial) date; year 0 when s is not one. */
kl_date kl_store_date_from_iso(const char *s, size_t len);
/* Days since 1970 of a full date; false for a partial or no date. */
bool kl_store_date_days(kl_date d, int32_t *days);
/* UTC now as "2024-05-01T08:30:00Z" into buf. */
void kl_store_timestamp(char buf[21]);
/* True when p[0..len) is well-formed UTF-8 (stored bytes are indexed for search only then). */
bool kl_store_utf8_valid(const char *p, size_t len);
/* The day number a deadline is kept under (the *_due_day columns, the facts pass): the date
 * itself; for a month or a year, its first day when the kind is "before" (the work ends the
 * day before it) and its last day otherwise, so that "before: the day before" holds for all.
 * KL_NO_DAY when there is no date. */
int32_t kl_store_due_day(kl_date due, kl_due_kind kind);
/* Packed bytes: one zstd frame at its fastest level, its content size in its header
 * (a third of a notice's text, in a twentieth of the time zlib takes). kl_store_pack
 * appends the frame to out, through ctx when given (kl_store_pack_ctx, kept between calls);
 * KL_ERR_NOMEM. kl_store_packed_size reads the content size, KL_ERR_FORMAT when p is not
 * a frame or holds more than 2 GiB; kl_store_unpack_into fills dst[0..size) exactly. */
void *kl_store_pack_ctx(void); /* NULL when out of memory */
int kl_store_pack(void *ctx, const void *p, size_t n, kl_buf *out);
int kl_store_packed_size(const void *p, size_t n, size_t *size);
int kl_store_unpack_into(const void *p, size_t n, char *dst, size_t size);
/* A NUL-terminated copy of packed p[0..n) in a; its length in *len. */
int kl_store_unpack(const void *p, size_t n, kl_arena *a, const char **out, size_t *len);
/* The extraction JSON as stored: a packed frame (kl_store_pack). Schema 2 wrote its length
 * (4 bytes, little-endian) then zlib's deflate; unpack reads both, giving a NUL-terminated
 * copy in a, or KL_ERR_FORMAT when p is neither. */
int kl_store_json_pack(const char *json, size_t len, kl_buf *out);
int kl_store_json_unpack(const void *p, size_t n, kl_arena *a, const char **out);
/* Append text[0..tl) to extra as a line of its own unless the notice's text body[0..len)
 * or extra already holds it; the task's own source src[0..n) is looked at first. What a
 * task says that its notice's text does not (names as the directory writes them, texts
 * changed in review), indexed with the notice. */
void kl_store_extra_add(kl_buf *extra, const char *body, size_t len, const char *src, size_t n,
                        const char *text, size_t tl);

#ifdef KL_TESTING
/* See kl_store_ops.fail_after. */
void kl_store_test_fail_after(kl_store *s, long n);
#endif

#endif
