/* cli: the ketluan command. Private to src/cli/. */
#ifndef KL_CLI_H
#define KL_CLI_H

#include <stdio.h>

#include "../agency/agency.h"
#include "../base/base.h"
#include "../cal/cal.h"
#include "../extract/extract.h"

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

#endif
