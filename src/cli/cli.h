/* cli: the ketluan command. Private to src/cli/. */
#ifndef KL_CLI_H
#define KL_CLI_H

#include <stdio.h>

#include "../agency/agency.h"
#include "../base/base.h"
#include "../cal/cal.h"
#include "../extract/extract.h"
#include "../store/store.h"
#include "../track/track.h"

/* Exit codes (STYLE.md section 11). */
enum {
    KL_EXIT_OK = 0,
    KL_EXIT_INPUT = 1, /* bad input, not found, conflict */
    KL_EXIT_USAGE = 2,
    KL_EXIT_DB = 3,
    KL_EXIT_SYSTEM = 4
};

typedef struct kl_cli {
    const char *prog;
    const char *data_dir; /* --data DIR or KETLUAN_DATA, or NULL */
    const char *db_path;  /* --db PATH or KETLUAN_DB, or NULL */
} kl_cli;

/* msg_vi.c: the Vietnamese words for an error code, and the exit code it maps to. */
const char *kl_cli_msg_vi(int code);
int kl_cli_exit_code(int code);
/* "ketluan: lỗi: <Vietnamese> — <detail> (byte N)" on stderr. */
void kl_cli_report(const kl_cli *c, const kl_error *err);

/* Commands: argc/argv start at the command's own name. Return an exit code. */
int kl_cmd_extract(const kl_cli *c, int argc, char **argv);

/* Shared: open the directory and calendar the options ask for. */
int kl_cli_open_data(const kl_cli *c, kl_directory **dir, kl_calendar **cal, kl_error *err);

/* Tracking commands (track_*.c). */
int kl_cmd_import(const kl_cli *c, int argc, char **argv);
int kl_cmd_notices(const kl_cli *c, int argc, char **argv);
int kl_cmd_notice(const kl_cli *c, int argc, char **argv);
int kl_cmd_confirm(const kl_cli *c, int argc, char **argv);
int kl_cmd_task(const kl_cli *c, int argc, char **argv);
int kl_cmd_progress(const kl_cli *c, int argc, char **argv);
int kl_cmd_done(const kl_cli *c, int argc, char **argv);
int kl_cmd_extend(const kl_cli *c, int argc, char **argv);
int kl_cmd_cancel(const kl_cli *c, int argc, char **argv);
int kl_cmd_reassign(const kl_cli *c, int argc, char **argv);
int kl_cmd_tasks(const kl_cli *c, int argc, char **argv);
int kl_cmd_stats(const kl_cli *c, int argc, char **argv);
int kl_cmd_remind(const kl_cli *c, int argc, char **argv);
int kl_cmd_search(const kl_cli *c, int argc, char **argv);
int kl_cmd_export(const kl_cli *c, int argc, char **argv);
int kl_cmd_backup(const kl_cli *c, int argc, char **argv);
int kl_cmd_check(const kl_cli *c, int argc, char **argv);
int kl_cmd_setting(const kl_cli *c, int argc, char **argv);

/* ---- util.c ------------------------------------------------------------------------------ */

/* Everything a tracking command opens: the database, the directory, the calendar. */
typedef struct kl_session {
    kl_store *store;
    kl_directory *dir;
    kl_calendar *cal;
} kl_session;

/* Open what the command needs; reports the error itself and returns an exit code. */
int kl_cli_session_open(const kl_cli *c, kl_session *s, bool need_store);
void kl_cli_session_close(kl_session *s);
/* The end of a command: closes the session, then exit 0 or rc reported (kl_cli_fail). */
int kl_cli_finish(const kl_cli *c, kl_session *s, int rc, const kl_error *err);

/* Output formats of lists. */
typedef enum kl_out_format { KL_OUT_TABLE = 0, KL_OUT_CSV, KL_OUT_JSON } kl_out_format;
int kl_cli_parse_format(const char *s, kl_out_format *out);

/* Option values: a date ("2021-09-15" or "15/09/2021"), a positive id, a whole number. */
int kl_cli_date(const kl_cli *c, const char *opt, const char *v, kl_date *out);
int kl_cli_id(const kl_cli *c, const char *what, const char *v, int64_t *out);
int kl_cli_int(const kl_cli *c, const char *opt, const char *v, int min, int max, int *out);
/* Today in the machine's time zone. */
kl_date kl_cli_today(void);
/* An agency as the user wrote it (canonical name or any known abbreviation, blind to case
 * and diacritics; a group "các ..." as written) to its canonical name and directory id.
 * KL_ERR_NOTFOUND with a message naming it. */
int kl_cli_agency(const kl_session *s, const char *name, const char **canon, int32_t *id,
                  kl_error *err);
/* Print an error and return its exit code. */
int kl_cli_fail(const kl_cli *c, const kl_error *err);
/* A usage error: message on stderr, exit 2. */
int kl_cli_usage(const kl_cli *c, const char *cmd, const char *usage);
/* Cell of a fixed-width table, cut or padded to width columns. */
void kl_cli_cell(FILE *f, const char *s, int width);
int kl_cli_term_width(void);
/* Columns a UTF-8 string takes (one per code point). */
size_t kl_cli_width(const char *s);
/* RFC 4180 field (quoted when needed) to f. */
void kl_cli_csv_field(FILE *f, const char *s, bool last);
/* A setting as a number, or def when unset or unreadable. */
int kl_cli_setting_int(kl_store *s, const char *key, int def);

#endif
