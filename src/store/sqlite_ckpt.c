/* SQLite backend: the checkpoints of a bulk import, in a thread of their own.
 *
 * In WAL mode every page is written twice: into the WAL at commit, then into the database
 * by a checkpoint. SQLite runs the checkpoint in the connection that commits, so during a
 * bulk import the writer stopped a fifth of its time to copy pages and wait for fsync
 * (0.24 ms of 1.23 ms per notice at 50,000 notices). While an import runs, a second
 * connection on its own thread checkpoints instead, PASSIVE (never blocking the writer),
 * and the writer goes on. A checkpoint is crash-safe whoever runs it; when the thread
 * falls far behind, the writer checkpoints itself as SQLite would have. */
#include "sqlite_int.h"

#include <pthread.h>

/* Ask the thread for a checkpoint where the writer would have run one (64 MiB of WAL in
 * 4 KiB pages: at 16 MiB the extra syncs cost more than the thread saved); past 256 MiB
 * the writer does it itself. */
#define CKPT_WRITER_FRAMES (4 * KL_SQ_AUTOCHECKPOINT)
#ifdef KL_TESTING
int kl_sq_test_ckpt_frames = KL_SQ_AUTOCHECKPOINT; /* tests see one without 64 MiB */
#define CKPT_FRAMES kl_sq_test_ckpt_frames
#else
#define CKPT_FRAMES KL_SQ_AUTOCHECKPOINT
#endif

struct kl_sq_ckpt {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    sqlite3 *db; /* the thread's own connection */
    bool due, stop;
};

static void *run(void *arg)
{
    kl_sq_ckpt *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (!c->due && !c->stop)
            pthread_cond_wait(&c->cv, &c->mu);
        if (c->stop)
            break;
        c->due = false;
        pthread_mutex_unlock(&c->mu);
        /* SQLITE_BUSY when the writer checkpoints at the same moment: the next one will */
        sqlite3_wal_checkpoint_v2(c->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&c->mu);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

/* After each commit of the writer: frames is the WAL's length in pages. */
static int on_commit(void *arg, sqlite3 *db, const char *name, int frames)
{
    kl_sq_ckpt *c = arg;
    if (frames >= CKPT_WRITER_FRAMES) {
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    } else if (frames >= CKPT_FRAMES) {
        pthread_mutex_lock(&c->mu);
        c->due = true;
        pthread_cond_signal(&c->cv);
        pthread_mutex_unlock(&c->mu);
    }
    return SQLITE_OK;
}

void kl_sq_ckpt_start(kl_sqlite *q)
{
    if (q->ckpt)
        return;
    kl_sq_ckpt *c = kl_malloc(sizeof *c);
    if (!c)
        return; /* checkpoints stay with the writer: slower, not wrong */
    c->due = c->stop = false;
    c->db = NULL;
    bool sync = false;
    /* a connection opens its files at its first statement: until then it has no WAL to
     * checkpoint */
    if (sqlite3_open_v2(q->path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
            SQLITE_OK &&
        sqlite3_exec(c->db, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL, NULL, NULL) == SQLITE_OK &&
        pthread_mutex_init(&c->mu, NULL) == 0) {
        sync = true;
        if (pthread_cond_init(&c->cv, NULL) == 0) {
            if (pthread_create(&c->thread, NULL, run, c) == 0) {
                q->ckpt = c;
                sqlite3_wal_hook(q->db, on_commit, c); /* replaces the autocheckpoint */
                return;
            }
            pthread_cond_destroy(&c->cv);
        }
    }
    if (sync)
        pthread_mutex_destroy(&c->mu);
    sqlite3_close(c->db);
    kl_free(c);
}

void kl_sq_ckpt_stop(kl_sqlite *q)
{
    kl_sq_ckpt *c = q->ckpt;
    if (!c)
        return;
    sqlite3_wal_autocheckpoint(q->db, KL_SQ_AUTOCHECKPOINT); /* the hook goes */
    pthread_mutex_lock(&c->mu);
    c->stop = true;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->thread, NULL);
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
    sqlite3_close(c->db);
    kl_free(c);
    q->ckpt = NULL;
}
