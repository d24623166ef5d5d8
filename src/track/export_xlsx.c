/* XLSX export through libxlsxwriter: the Vietnamese header row in bold, frozen and with an
 * autofilter, real date cells shown dd/mm/yyyy, a width per column. Constant-memory mode
 * streams rows to a temporary file, so a million rows do not sit in memory, and writes
 * strings inline in the sheet (no shared-string table to build). */
#include "track.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "track_int.h"

/* Excel's limits: 32,767 characters in a cell (bytes are a safe bound), 1,048,576 rows. */
#define XLSX_CELL_MAX 32767
#define XLSX_SHEET_NAME "Nhiệm vụ"

typedef struct xlsx_state {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *head, *date, *wrap;
    lxw_row_t row; /* last row written; 0 = the header */
} xlsx_state;

static int lxw_fail(kl_export_ctx *x, lxw_error e, const char *what)
{
    int code = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? KL_ERR_NOMEM : KL_ERR_IO;
    return kl_err_set(x->err, code, KL_NO_OFFSET, "%s: %s: %s", x->path, what, lxw_strerror(e));
}

static void set_columns(xlsx_state *st)
{
    for (int c = 0; c < KL_N_XCOL; c++) {
        lxw_format *f = c == KL_XCOL_ACTION || c == KL_XCOL_EVIDENCE ? st->wrap : NULL;
        worksheet_set_column(st->ws, (lxw_col_t)c, (lxw_col_t)c, kl_xcols[c].width, f);
    }
}

int kl_export_xlsx_begin(kl_export_ctx *x)
{
    xlsx_state *st = kl_calloc(1, sizeof *st);
    if (!st)
        return kl_err_set(x->err, KL_ERR_NOMEM, KL_NO_OFFSET, "%s: out of memory", x->path);
    x->xlsx = st;
    /* libxlsxwriter reports a file it cannot create on stderr, and only at close: create the
     * file first, so that the error is ours, with its errno, and nothing is printed. */
    FILE *probe = fopen(x->part, "wb");
    if (!probe)
        return kl_err_errno(x->err, KL_ERR_IO, errno, "%s: cannot create", x->part);
    fclose(probe);
    lxw_workbook_options opt;
    memset(&opt, 0, sizeof opt);
    opt.constant_memory = LXW_TRUE;
    /* libxlsxwriter opens the file itself, at close: it gets the .part name. */
    st->wb = workbook_new_opt(x->part, &opt);
    st->ws = st->wb ? workbook_add_worksheet(st->wb, XLSX_SHEET_NAME) : NULL;
    st->head = st->wb ? workbook_add_format(st->wb) : NULL;
    st->date = st->wb ? workbook_add_format(st->wb) : NULL;
    st->wrap = st->wb ? workbook_add_format(st->wb) : NULL;
    if (!st->ws || !st->head || !st->date || !st->wrap)
        return kl_err_set(x->err, KL_ERR_NOMEM, KL_NO_OFFSET, "%s: cannot start the workbook",
                          x->path);
    format_set_bold(st->head);
    format_set_text_wrap(st->head);
    format_set_bg_color(st->head, 0xDDEBF7);
    format_set_border(st->head, LXW_BORDER_THIN);
    format_set_num_format(st->date, "dd/mm/yyyy");
    format_set_text_wrap(st->wrap);
    format_set_align(st->wrap, LXW_ALIGN_VERTICAL_TOP);
    set_columns(st);
    for (int c = 0; c < KL_N_XCOL; c++) {
        lxw_error e = worksheet_write_string(st->ws, 0, (lxw_col_t)c, kl_xcols[c].header, st->head);
        if (e != LXW_NO_ERROR)
            return lxw_fail(x, e, "header");
    }
    worksheet_freeze_panes(st->ws, 1, 0);
    return KL_OK;
}

/* A cell's text, cut at a character boundary at Excel's limit (the full text is in the
 * database; a 32k-byte action is not a real one). */
static lxw_error write_text(xlsx_state *st, lxw_col_t c, kl_buf *t)
{
    if (t->failed != KL_OK)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (t->len > XLSX_CELL_MAX) {
        size_t cut = XLSX_CELL_MAX;
        while (cut > 0 && ((unsigned char)t->p[cut] & 0xC0) == 0x80)
            cut--;
        t->p[cut] = '\0';
    }
    return worksheet_write_string(st->ws, st->row, c, t->p, NULL);
}

static lxw_error write_cell(kl_export_ctx *x, xlsx_state *st, const kl_store_assign_row *r,
                            const kl_status_info *info, int c)
{
    int64_t num = 0;
    kl_date d = {0, 0, 0};
    kl_buf_reset(&x->cell);
    switch (kl_xcell(r, info, (kl_xcol)c, &x->cell, &num, &d)) {
    case KL_CELL_TEXT:
        return write_text(st, (lxw_col_t)c, &x->cell);
    case KL_CELL_NUMBER:
        return worksheet_write_number(st->ws, st->row, (lxw_col_t)c, (double)num, NULL);
    case KL_CELL_DATE:
        if (d.year < 1900) {
            /* Excel's dates start in 1900: an older date stays text. */
            char dmy[11];
            kl_date_dmy(d, dmy);
            return worksheet_write_string(st->ws, st->row, (lxw_col_t)c, dmy, NULL);
        } else {
            lxw_datetime dt = {d.year, d.month, d.day, 0, 0, 0};
            return worksheet_write_datetime(st->ws, st->row, (lxw_col_t)c, &dt, st->date);
        }
    case KL_CELL_EMPTY:
        break;
    }
    return LXW_NO_ERROR;
}

int kl_export_xlsx_row(kl_export_ctx *x, const kl_store_assign_row *r, const kl_status_info *info)
{
    xlsx_state *st = x->xlsx;
    if (st->row + 1 >= LXW_ROW_MAX)
        return kl_err_set(x->err, KL_ERR_TOOBIG, KL_NO_OFFSET,
                          "%s: an XLSX sheet holds at most %d rows; export CSV instead", x->path,
                          LXW_ROW_MAX - 1);
    st->row++;
    for (int c = 0; c < KL_N_XCOL; c++) {
        lxw_error e = write_cell(x, st, r, info, c);
        if (e != LXW_NO_ERROR)
            return lxw_fail(x, e, "row");
    }
    return KL_OK;
}

int kl_export_xlsx_end(kl_export_ctx *x, bool ok)
{
    xlsx_state *st = x->xlsx;
    int rc = KL_OK;
    if (ok) {
        lxw_error e = worksheet_autofilter(st->ws, 0, 0, st->row, KL_N_XCOL - 1);
        if (e != LXW_NO_ERROR)
            rc = lxw_fail(x, e, "autofilter");
    }
    /* workbook_close frees the workbook whatever happens; after a failure the file it
     * writes is removed by the caller. */
    if (st->wb) {
        lxw_error e = workbook_close(st->wb);
        if (ok && rc == KL_OK && e != LXW_NO_ERROR)
            rc = lxw_fail(x, e, "cannot write the workbook");
    }
    kl_free(st);
    x->xlsx = NULL;
    return rc;
}
