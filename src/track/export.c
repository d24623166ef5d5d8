/* Exports of an assignment list: CSV (RFC 4180, UTF-8 with BOM), XLSX (export_xlsx.c),
 * ICS (export_ics.c) and JSON, plus the row cells and the JSON object they share. Every
 * export writes path.part and renames it over path only when complete, so a failed export
 * never leaves half a file where the user expects one. */
#include "track.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "track_int.h"

int kl_export_format_parse(const char *s, kl_export_format *out)
{
    static const char *const names[] = {"csv", "xlsx", "ics", "json"};
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (kl_export_format)i;
            return KL_OK;
        }
    }
    return KL_ERR_USAGE;
}

/* ---- cells ------------------------------------------------------------------------------- */

const kl_xcol_info kl_xcols[KL_N_XCOL] = {
    {"Mã NV", 8},
    {"Thông báo", 16},
    {"Mục", 8},
    {"Cơ quan", 28},
    {"Nội dung", 60},
    {"Thời hạn", 12},
    {"Loại thời hạn", 16},
    {"Hạn thực tế", 12},
    {"Trạng thái", 20},
    {"Số ngày trễ", 11},
    {"Báo cáo gần nhất", 16},
    {"Hoàn thành", 12},
    {"Văn bản báo cáo", 36},
    {"Số lần gia hạn", 14},
    {"Trọng tâm", 10},
};

void kl_track_notice_label(const kl_store_assign_row *r, kl_buf *out)
{
    const char *num = r->notice_number ? r->notice_number : "";
    const char *sym = r->notice_symbol ? r->notice_symbol : "";
    kl_buf_appends(out, num);
    if (*num && *sym)
        kl_buf_appendc(out, '/');
    kl_buf_appends(out, sym);
}

/* "15/09/2021", "09/2021" or "2021": how a date is written in Vietnamese tables. */
static void date_vi(kl_date d, kl_buf *out)
{
    char buf[11];
    if (d.month == 0) {
        kl_buf_appendf(out, "%04d", d.year);
    } else if (d.day == 0) {
        kl_buf_appendf(out, "%02d/%04d", d.month, d.year);
    } else {
        kl_date_dmy(d, buf);
        kl_buf_appends(out, buf);
    }
}

/* "ngày 15/09/2021", "tháng 09/2021", "năm 2021". */
static void date_words(kl_date d, kl_buf *out)
{
    kl_buf_appends(out, d.month == 0 ? "năm " : d.day == 0 ? "tháng " : "ngày ");
    date_vi(d, out);
}

void kl_track_deadline_text(const kl_store_assign_row *r, kl_buf *out)
{
    static const char *const lead[] = {
        NULL, "trước ", "chậm nhất ", "đến hết ", "khoảng ", "theo sự kiện, ", NULL,
    };
    kl_date due = kl_date_is_set(r->due) ? r->due : r->due_current;
    unsigned k = (unsigned)r->kind;
    if (k >= sizeof lead / sizeof lead[0] || !lead[k] || !kl_date_is_set(due)) {
        kl_buf_appends(out, kl_track_kind_vi(r->kind));
        return;
    }
    kl_buf_appends(out, lead[k]);
    date_words(due, out);
    if (r->n_extensions > 0 && kl_date_is_set(r->due_current) &&
        kl_date_cmp(r->due_current, due) != 0) {
        kl_buf_appends(out, "; gia hạn đến ");
        date_words(r->due_current, out);
    }
}

static bool is_done(const kl_status_info *st)
{
    return st->status == KL_ST_DONE_ON_TIME || st->status == KL_ST_DONE_LATE;
}

static bool is_late(const kl_status_info *st)
{
    return st->status == KL_ST_OVERDUE || st->status == KL_ST_DONE_LATE;
}

static kl_cell_type date_cell(kl_date d, kl_buf *text, kl_date *date)
{
    if (!kl_date_is_set(d))
        return KL_CELL_EMPTY;
    if (kl_date_valid(d.year, d.month, d.day)) {
        *date = d;
        return KL_CELL_DATE;
    }
    date_vi(d, text);
    return KL_CELL_TEXT;
}

static kl_cell_type text_cell(const char *s, kl_buf *text)
{
    if (!s || !*s)
        return KL_CELL_EMPTY;
    kl_buf_appends(text, s);
    return KL_CELL_TEXT;
}

kl_cell_type kl_xcell(const kl_store_assign_row *r, const kl_status_info *st, kl_xcol c,
                      kl_buf *text, int64_t *num, kl_date *date)
{
    switch (c) {
    case KL_XCOL_TASK_ID:
        *num = r->task_id;
        return KL_CELL_NUMBER;
    case KL_XCOL_NOTICE:
        kl_track_notice_label(r, text);
        return text->len ? KL_CELL_TEXT : KL_CELL_EMPTY;
    case KL_XCOL_ITEM:
        return text_cell(r->item, text);
    case KL_XCOL_AGENCY:
        return text_cell(r->agency, text);
    case KL_XCOL_ACTION:
        return text_cell(r->action, text);
    case KL_XCOL_DUE:
        return date_cell(kl_date_is_set(r->due) ? r->due : r->due_current, text, date);
    case KL_XCOL_KIND:
        return text_cell(kl_track_kind_vi(r->kind), text);
    case KL_XCOL_EFFECTIVE:
        return date_cell(st->effective_due, text, date);
    case KL_XCOL_STATUS:
        return text_cell(kl_status_vi(st->status), text);
    case KL_XCOL_DAYS_LATE:
        *num = st->days_late;
        return is_late(st) ? KL_CELL_NUMBER : KL_CELL_EMPTY;
    case KL_XCOL_LAST_PROGRESS:
        return date_cell(r->last_progress, text, date);
    case KL_XCOL_DONE:
        return is_done(st) ? date_cell(r->done, text, date) : KL_CELL_EMPTY;
    case KL_XCOL_EVIDENCE:
        return is_done(st) ? text_cell(r->done_evidence, text) : KL_CELL_EMPTY;
    case KL_XCOL_N_EXT:
        *num = r->n_extensions;
        return KL_CELL_NUMBER;
    case KL_XCOL_KEY:
        return r->is_key ? text_cell("Có", text) : KL_CELL_EMPTY;
    default:
        return KL_CELL_EMPTY;
    }
}

/* ---- JSON -------------------------------------------------------------------------------- */

/* A row is written key by key with plain appends: lists of thousands of rows spend more in
 * printf's format parsing than in the values. */

static void json_key(kl_buf *out, const char *key)
{
    kl_buf_appends(out, ",\"");
    kl_buf_appends(out, key);
    kl_buf_appends(out, "\":");
}

static void append_int(kl_buf *out, int64_t v)
{
    char digits[24], *p = digits + sizeof digits;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    kl_buf_append(out, p, (size_t)(digits + sizeof digits - p));
}

static void json_int(kl_buf *out, const char *key, int64_t v)
{
    json_key(out, key);
    append_int(out, v);
}

static void json_str(kl_buf *out, const char *key, const char *s)
{
    json_key(out, key);
    if (s)
        kl_buf_append_json(out, s, strlen(s));
    else
        kl_buf_appends(out, "null");
}

static void json_date(kl_buf *out, const char *key, kl_date d)
{
    char iso[13];
    json_key(out, key);
    if (!kl_date_is_set(d)) {
        kl_buf_appends(out, "null");
        return;
    }
    iso[0] = '"';
    kl_date_iso(d, iso + 1);
    size_t n = strlen(iso);
    iso[n] = '"';
    kl_buf_append(out, iso, n + 1);
}

/* The names of EXTRACTION.md, as the CLI and the API print them. */
static const char *kind_name(kl_due_kind k)
{
    static const char *const names[] = {
        "none", "before", "by", "within", "approx", "event", "ongoing",
    };
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "none";
}

int kl_track_row_json(const kl_store_assign_row *r, const kl_status_info *st, kl_buf *out)
{
    static const kl_date none = {0, 0, 0};
    bool done = is_done(st);
    kl_buf_appends(out, "{\"task_id\":");
    append_int(out, r->task_id);
    json_int(out, "assign_id", r->assign_id);
    if (r->notice_id > 0) {
        json_int(out, "notice_id", r->notice_id);
        json_key(out, "notice");
        char label[256];
        const char *num = r->notice_number ? r->notice_number : "";
        const char *sym = r->notice_symbol ? r->notice_symbol : "";
        size_t nl = strlen(num), sl = strlen(sym);
        if (nl + sl + 1 <= sizeof label) {
            memcpy(label, num, nl);
            size_t len = nl;
            if (nl && sl)
                label[len++] = '/';
            memcpy(label + len, sym, sl);
            kl_buf_append_json(out, label, len + sl);
        } else {
            kl_buf long_label;
            kl_buf_init(&long_label, 0);
            kl_track_notice_label(r, &long_label);
            if (long_label.failed != KL_OK)
                out->failed = long_label.failed;
            else
                kl_buf_append_json(out, long_label.len ? long_label.p : "", long_label.len);
            kl_buf_fini(&long_label);
        }
    } else {
        kl_buf_appends(out, ",\"notice_id\":null,\"notice\":null");
    }
    json_str(out, "agency", r->agency);
    json_str(out, "action", r->action);
    json_str(out, "item", r->item ? r->item : "");
    json_date(out, "due", kl_date_is_set(r->due) ? r->due : r->due_current);
    json_date(out, "due_current", r->due_current);
    json_str(out, "kind", kind_name(r->kind));
    json_date(out, "effective_due", st->effective_due);
    json_str(out, "status", kl_status_name(st->status));
    json_int(out, "days_late", st->days_late);
    json_date(out, "last_progress", r->last_progress);
    json_date(out, "done", done ? r->done : none);
    json_str(out, "evidence", done ? r->done_evidence : NULL);
    json_int(out, "n_extensions", r->n_extensions);
    kl_buf_appends(out, r->is_key ? ",\"key\":true}" : ",\"key\":false}");
    return out->failed;
}

/* ---- CSV and JSON files ------------------------------------------------------------------ */

int kl_export_flush_line(kl_export_ctx *x)
{
    if (x->line.failed != KL_OK)
        return kl_err_set(x->err, x->line.failed, KL_NO_OFFSET,
                          "%s: row too large or out of memory", x->path);
    if (x->line.len > 0 && fwrite(x->line.p, 1, x->line.len, x->f) != x->line.len)
        return kl_err_errno(x->err, KL_ERR_IO, errno, "%s: cannot write", x->part);
    kl_buf_reset(&x->line);
    return KL_OK;
}

/* RFC 4180: a field holding a comma, a quote or a line break is quoted, quotes doubled. */
static void csv_field(kl_buf *out, const char *s, size_t len)
{
    if (!memchr(s, ',', len) && !memchr(s, '"', len) && !memchr(s, '\n', len) &&
        !memchr(s, '\r', len)) {
        kl_buf_append(out, s, len);
        return;
    }
    kl_buf_appendc(out, '"');
    for (size_t i = 0; i < len; i++) {
        const char *q = memchr(s + i, '"', len - i);
        size_t run = q ? (size_t)(q - (s + i)) : len - i;
        kl_buf_append(out, s + i, run);
        i += run;
        if (i < len)
            kl_buf_append(out, "\"\"", 2);
    }
    kl_buf_appendc(out, '"');
}

static int csv_begin(kl_export_ctx *x)
{
    /* The BOM is what makes Excel read the file as UTF-8 rather than the ANSI code page. */
    kl_buf_append(&x->line, "\xEF\xBB\xBF", 3);
    for (int c = 0; c < KL_N_XCOL; c++) {
        if (c > 0)
            kl_buf_appendc(&x->line, ',');
        csv_field(&x->line, kl_xcols[c].header, strlen(kl_xcols[c].header));
    }
    kl_buf_append(&x->line, "\r\n", 2);
    return kl_export_flush_line(x);
}

static int csv_row(kl_export_ctx *x, const kl_store_assign_row *r, const kl_status_info *st)
{
    for (int c = 0; c < KL_N_XCOL; c++) {
        int64_t num = 0;
        kl_date date = {0, 0, 0};
        char dmy[11];
        kl_buf_reset(&x->cell);
        if (c > 0)
            kl_buf_appendc(&x->line, ',');
        switch (kl_xcell(r, st, (kl_xcol)c, &x->cell, &num, &date)) {
        case KL_CELL_TEXT:
            if (x->cell.failed != KL_OK)
                x->line.failed = x->cell.failed;
            else
                csv_field(&x->line, x->cell.p, x->cell.len);
            break;
        case KL_CELL_NUMBER:
            kl_buf_appendf(&x->line, "%lld", (long long)num);
            break;
        case KL_CELL_DATE:
            kl_date_dmy(date, dmy);
            kl_buf_appends(&x->line, dmy);
            break;
        case KL_CELL_EMPTY:
            break;
        }
    }
    kl_buf_append(&x->line, "\r\n", 2);
    return kl_export_flush_line(x);
}

static int json_row(kl_export_ctx *x, const kl_store_assign_row *r, const kl_status_info *st)
{
    kl_buf_appends(&x->line, x->n == 0 ? "[\n" : ",\n");
    kl_track_row_json(r, st, &x->line);
    return kl_export_flush_line(x);
}

static int json_end(kl_export_ctx *x)
{
    kl_buf_appends(&x->line, x->n == 0 ? "[]\n" : "\n]\n");
    return kl_export_flush_line(x);
}

/* ---- the export -------------------------------------------------------------------------- */

typedef struct export_run {
    kl_export_ctx x;
    kl_export_format format;
} export_run;

static int export_row(const kl_store_assign_row *r, const kl_status_info *st, void *ctx)
{
    export_run *e = ctx;
    int rc = KL_OK;
    switch (e->format) {
    case KL_EXPORT_CSV:
        rc = csv_row(&e->x, r, st);
        break;
    case KL_EXPORT_XLSX:
        rc = kl_export_xlsx_row(&e->x, r, st);
        break;
    case KL_EXPORT_ICS:
        rc = kl_export_ics_row(&e->x, r, st);
        break;
    case KL_EXPORT_JSON:
        rc = json_row(&e->x, r, st);
        break;
    }
    if (rc == KL_OK)
        e->x.n++;
    return rc;
}

static int open_part(kl_export_ctx *x)
{
    x->f = fopen(x->part, "wb");
    if (!x->f)
        return kl_err_errno(x->err, KL_ERR_IO, errno, "%s: cannot create", x->part);
    return KL_OK;
}

static int export_begin(export_run *e)
{
    switch (e->format) {
    case KL_EXPORT_XLSX:
        return kl_export_xlsx_begin(&e->x);
    case KL_EXPORT_CSV:
        return open_part(&e->x) == KL_OK ? csv_begin(&e->x) : KL_ERR_IO;
    case KL_EXPORT_ICS:
        return open_part(&e->x) == KL_OK ? kl_export_ics_begin(&e->x) : KL_ERR_IO;
    case KL_EXPORT_JSON:
        return open_part(&e->x);
    }
    return KL_ERR_USAGE;
}

/* Finish the file (rc says whether everything before went well) and close it. */
static int export_end(export_run *e, int rc)
{
    kl_export_ctx *x = &e->x;
    if (e->format == KL_EXPORT_XLSX) {
        int end = x->xlsx ? kl_export_xlsx_end(x, rc == KL_OK) : KL_OK;
        return rc == KL_OK ? end : rc;
    }
    if (rc == KL_OK && e->format == KL_EXPORT_JSON)
        rc = json_end(x);
    if (rc == KL_OK && e->format == KL_EXPORT_ICS)
        rc = kl_export_ics_end(x);
    if (x->f) {
        if (rc == KL_OK && fflush(x->f) != 0)
            rc = kl_err_errno(x->err, KL_ERR_IO, errno, "%s: cannot write", x->part);
        if (fclose(x->f) != 0 && rc == KL_OK)
            rc = kl_err_errno(x->err, KL_ERR_IO, errno, "%s: cannot write", x->part);
        x->f = NULL;
    }
    return rc;
}

/* The bytes on disk before the rename, so that a crash cannot leave an empty file under the
 * final name. */
static int commit(kl_export_ctx *x)
{
    int fd = open(x->part, O_RDONLY);
    if (fd < 0)
        return kl_err_errno(x->err, KL_ERR_IO, errno, "%s: cannot open", x->part);
    int rc =
        fsync(fd) == 0 ? KL_OK : kl_err_errno(x->err, KL_ERR_IO, errno, "%s: cannot sync", x->part);
    close(fd);
    if (rc == KL_OK && rename(x->part, x->path) != 0)
        rc = kl_err_errno(x->err, KL_ERR_IO, errno, "%s: cannot rename to %s", x->part, x->path);
    return rc;
}

int kl_track_export(kl_store *s, const kl_calendar *cal, const kl_track_query *q,
                    kl_export_format f, const char *path, size_t *n_rows, kl_error *err)
{
    if (!s || !q || !path || !*path)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "export: missing argument");
    if ((unsigned)f > KL_EXPORT_JSON)
        return kl_err_set(err, KL_ERR_USAGE, KL_NO_OFFSET, "%s: unknown export format %d", path,
                          (int)f);
    export_run e;
    memset(&e, 0, sizeof e);
    e.format = f;
    e.x.path = path;
    e.x.err = err;
    kl_buf_init(&e.x.line, 0);
    kl_buf_init(&e.x.cell, 0);
    kl_buf part;
    kl_buf_init(&part, 0);
    kl_buf_appends(&part, path);
    kl_buf_appends(&part, ".part");
    int rc = part.failed == KL_OK
                 ? KL_OK
                 : kl_err_set(err, KL_ERR_NOMEM, KL_NO_OFFSET, "%s: out of memory", path);
    e.x.part = part.p;
    bool begun = false;
    if (rc == KL_OK) {
        rc = export_begin(&e);
        begun = true;
    }
    if (rc == KL_OK)
        rc = kl_track_list(s, cal, q, export_row, &e, err);
    if (begun)
        rc = export_end(&e, rc);
    if (rc == KL_OK)
        rc = commit(&e.x);
    if (rc != KL_OK && begun)
        unlink(part.p);
    if (rc == KL_OK && n_rows)
        *n_rows = e.x.n;
    kl_buf_fini(&part);
    kl_buf_fini(&e.x.line);
    kl_buf_fini(&e.x.cell);
    return rc;
}
