/* ICS export (RFC 5545): one VTODO per assignment, due on its effective due date, so a
 * calendar program lists each agency's deadlines as tasks. */
#include "track.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "track_int.h"

/* RFC 5545 section 3.1: lines of at most 75 octets, excluding the CRLF. */
#define ICS_LINE_MAX 75

int kl_ics_fold(kl_buf *out, const char *line, size_t len)
{
    size_t room = ICS_LINE_MAX;
    while (len > room) {
        /* Back up to the first byte of a UTF-8 sequence: a fold inside one would leave two
         * halves that are not UTF-8. A continuation byte is 10xxxxxx. */
        size_t cut = room;
        while (cut > 1 && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--;
        kl_buf_append(out, line, cut);
        kl_buf_append(out, "\r\n ", 3);
        line += cut;
        len -= cut;
        room = ICS_LINE_MAX - 1; /* the leading space counts */
    }
    kl_buf_append(out, line, len);
    return kl_buf_append(out, "\r\n", 2);
}

int kl_ics_text(kl_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\' || c == ';' || c == ',')
            kl_buf_appendc(out, '\\');
        if (c == '\n') {
            kl_buf_append(out, "\\n", 2);
        } else if (c < 0x20 || c == 0x7F) {
            /* Other control characters are not allowed in TEXT (section 3.3.11); a CR of a
             * CRLF pair is dropped, the LF gives the line break. */
            if (c == '\t')
                kl_buf_appendc(out, ' ');
        } else {
            kl_buf_appendc(out, (char)c);
        }
    }
    return out->failed;
}

static void ics_texts(kl_buf *out, const char *s)
{
    if (s)
        kl_ics_text(out, s, strlen(s));
}

/* Emit the content line in x->cell (unfolded) into x->line, and empty x->cell. */
static void emit(kl_export_ctx *x)
{
    if (x->cell.failed != KL_OK)
        x->line.failed = x->cell.failed;
    else
        kl_ics_fold(&x->line, x->cell.len ? x->cell.p : "", x->cell.len);
    kl_buf_reset(&x->cell);
}

static void emit_date(kl_export_ctx *x, const char *name, kl_date d, const char *suffix)
{
    kl_buf_appendf(&x->cell, "%s%04d%02d%02d%s", name, d.year, d.month, d.day, suffix);
    emit(x);
}

int kl_export_ics_begin(kl_export_ctx *x)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm))
        memset(&tm, 0, sizeof tm);
    int n = snprintf(x->stamp, sizeof x->stamp, "%04d%02d%02dT%02d%02d%02dZ",
                     (tm.tm_year + 1900) % 10000, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec);
    if (n < 0 || (size_t)n >= sizeof x->stamp)
        return kl_err_set(x->err, KL_ERR_IO, KL_NO_OFFSET, "%s: no clock", x->path);
    kl_buf_appends(&x->line, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                             "PRODID:-//ketluan//ketluan task tracking//VI\r\n"
                             "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
    return kl_export_flush_line(x);
}

static void ics_description(kl_export_ctx *x, const kl_store_assign_row *r,
                            const kl_status_info *st)
{
    kl_buf *c = &x->cell;
    kl_buf_appends(c, "DESCRIPTION:");
    if (r->notice_id > 0) {
        kl_buf label;
        kl_buf_init(&label, 0);
        kl_track_notice_label(r, &label);
        kl_buf_appends(c, "Thông báo số ");
        kl_ics_text(c, label.len ? label.p : "", label.len);
        kl_buf_fini(&label);
        if (kl_date_valid(r->notice_issued.year, r->notice_issued.month, r->notice_issued.day)) {
            char dmy[11];
            kl_date_dmy(r->notice_issued, dmy);
            kl_buf_appendf(c, " ngày %s", dmy);
        }
        kl_buf_appends(c, "\\n");
    }
    kl_buf_appends(c, "Thời hạn: ");
    kl_buf dl;
    kl_buf_init(&dl, 0);
    kl_track_deadline_text(r, &dl);
    kl_ics_text(c, dl.len ? dl.p : "", dl.len);
    kl_buf_fini(&dl);
    kl_buf_appends(c, "\\nTrạng thái: ");
    ics_texts(c, kl_status_vi(st->status));
    if (st->days_late > 0)
        kl_buf_appendf(c, " (%d ngày làm việc)", st->days_late);
    if ((st->status == KL_ST_DONE_ON_TIME || st->status == KL_ST_DONE_LATE) && r->done_evidence) {
        kl_buf_appends(c, "\\nVăn bản báo cáo: ");
        ics_texts(c, r->done_evidence);
    }
    emit(x);
}

int kl_export_ics_row(kl_export_ctx *x, const kl_store_assign_row *r, const kl_status_info *st)
{
    kl_buf_appends(&x->line, "BEGIN:VTODO\r\n");
    /* Stable across exports: the same assignment keeps its UID, so a calendar program
     * updates the to-do instead of adding a copy. */
    kl_buf_appendf(&x->cell, "UID:task-%lld-assign-%lld@ketluan", (long long)r->task_id,
                   (long long)r->assign_id);
    emit(x);
    kl_buf_appendf(&x->cell, "DTSTAMP:%s", x->stamp);
    emit(x);
    kl_buf_appends(&x->cell, "SUMMARY:");
    ics_texts(&x->cell, r->agency);
    kl_buf_appends(&x->cell, ": ");
    ics_texts(&x->cell, r->action);
    emit(x);
    ics_description(x, r, st);
    if (kl_date_is_set(st->effective_due))
        emit_date(x, "DUE;VALUE=DATE:", st->effective_due, "");
    if (st->status == KL_ST_DONE_ON_TIME || st->status == KL_ST_DONE_LATE) {
        kl_buf_appends(&x->line, "STATUS:COMPLETED\r\n");
        /* COMPLETED is a UTC DATE-TIME (section 3.8.2.1); midnight UTC is 07:00 in Vietnam,
         * the same calendar day. */
        if (kl_date_valid(r->done.year, r->done.month, r->done.day))
            emit_date(x, "COMPLETED:", r->done, "T000000Z");
    } else if (st->status == KL_ST_CANCELLED) {
        kl_buf_appends(&x->line, "STATUS:CANCELLED\r\n");
    } else {
        kl_buf_appends(&x->line, "STATUS:NEEDS-ACTION\r\n");
    }
    if (r->is_key)
        kl_buf_appends(&x->line, "PRIORITY:1\r\n");
    kl_buf_appends(&x->line, "END:VTODO\r\n");
    return kl_export_flush_line(x);
}

int kl_export_ics_end(kl_export_ctx *x)
{
    kl_buf_appends(&x->line, "END:VCALENDAR\r\n");
    return kl_export_flush_line(x);
}
