/* SQLite backend: agencies by canonical name, with a per-connection cache of their ids.
 * A notice names some twenty agencies, and a province a few hundred in all, so the cache
 * spares most lookups on import. Rows of agency are only ever added, never renamed or
 * removed, so a cached id stays true; what a rolled-back transaction added is forgotten
 * (kl_sq_end). */
#include "sqlite_int.h"

#include <string.h>

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

void kl_sq_agency_forget(kl_sqlite *q)
{
    for (size_t i = 0; i < KL_SQ_ACACHE; i++) {
        kl_free(q->acache[i].name);
        q->acache[i].name = NULL;
    }
    q->n_acache = 0;
}

static kl_sq_agency_slot *slot_of(kl_sqlite *q, const char *name)
{
    size_t i = (size_t)hash_name(name) & (KL_SQ_ACACHE - 1);
    while (q->acache[i].name && strcmp(q->acache[i].name, name) != 0)
        i = (i + 1) & (KL_SQ_ACACHE - 1);
    return &q->acache[i];
}

/* Out of memory or a full table only costs the next lookups a query. */
static void remember(kl_sqlite *q, const char *name, int64_t id, bool has_dir)
{
    if (q->n_acache >= KL_SQ_ACACHE / 2)
        kl_sq_agency_forget(q);
    kl_sq_agency_slot *sl = slot_of(q, name);
    if (!sl->name) {
        sl->name = kl_strndup(name, strlen(name));
        if (!sl->name)
            return;
        q->n_acache++;
    }
    sl->id = id;
    sl->has_dir = has_dir;
}

int kl_sq_agency_find(kl_sqlite *q, const char *name, int64_t *id, bool *has_dir, kl_error *err)
{
    static const char sql[] = "SELECT id, dir_id FROM agency WHERE name = ?1";
    sqlite3_stmt *st = NULL;
    bool row = false;
    int rc = kl_sq_prep(q, ST_AGENCY_FIND, sql, &st, err);
    if (rc == KL_OK)
        rc = kl_sq_bind_text(q, st, 1, name, err);
    if (rc == KL_OK)
        rc = kl_sq_step(q, st, &row, err);
    if (rc == KL_OK) {
        *id = row ? sqlite3_column_int64(st, 0) : 0;
        if (has_dir)
            *has_dir = row && sqlite3_column_type(st, 1) != SQLITE_NULL;
    }
    kl_sq_done(st);
    return rc;
}

static int agency_store(kl_sqlite *q, const char *name, int32_t dir_id, int64_t *id, kl_error *err)
{
    static const char add[] = "INSERT INTO agency (name, dir_id) VALUES (?1, ?2)";
    static const char dir[] = "UPDATE agency SET dir_id = ?2 WHERE id = ?1 AND dir_id IS NULL";
    int64_t found = 0;
    bool has_dir = false;
    int rc = kl_sq_agency_find(q, name, &found, &has_dir, err);
    if (rc != KL_OK || (found && (has_dir || dir_id < 0))) {
        if (rc == KL_OK)
            *id = found;
        return rc;
    }
    sqlite3_stmt *st = NULL;
    rc = found ? kl_sq_prep(q, ST_AGENCY_DIR, dir, &st, err)
               : kl_sq_prep(q, ST_AGENCY_ADD, add, &st, err);
    if (rc != KL_OK)
        return rc;
    kl_sq_args a = kl_sq_args_of(q, st, err);
    if (found)
        kl_sq_a_int(&a, found);
    else
        kl_sq_a_text(&a, name);
    if (dir_id >= 0)
        kl_sq_a_int(&a, dir_id);
    else
        kl_sq_a_null(&a);
    rc = a.rc == KL_OK ? kl_sq_exec(q, st, err) : a.rc;
    if (rc == KL_OK)
        *id = found ? found : sqlite3_last_insert_rowid(q->db);
    return rc;
}

int kl_sq_agency(kl_sqlite *q, const char *name, int32_t dir_id, int64_t *id, kl_error *err)
{
    const kl_sq_agency_slot *sl = slot_of(q, name);
    if (sl->name && (sl->has_dir || dir_id < 0)) {
        *id = sl->id;
        return KL_OK;
    }
    int rc = agency_store(q, name, dir_id, id, err);
    if (rc == KL_OK)
        remember(q, name, *id, (sl->name && sl->has_dir) || dir_id >= 0);
    return rc;
}
