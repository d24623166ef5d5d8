/* The announcements table (data/holidays.tsv and files in the same format):
 *
 *     # comment
 *     2021-02-10<TAB>off<TAB>Tết Nguyên đán
 *     2023-05-06<TAB>work<TAB>Làm bù cho thứ Tư 03/5/2023
 *
 * One day per line: an ISO date, "off" (announced day off) or "work" (announced make-up
 * working day), and a name; fields separated by one tab; blank lines and lines starting with
 * '#' are ignored; CRLF is accepted. Entries are kept sorted by day for binary search. */
#include "cal_int.h"

#include <string.h>

#define MAX_NAME_LEN 200

/* Parse exactly "YYYY-MM-DD" at p[0..len) into a day number. */
static bool parse_iso(const char *p, size_t len, int32_t *day)
{
    uint32_t y, m, d;
    if (len != 10 || p[4] != '-' || p[7] != '-')
        return false;
    if (kl_parse_u32(p, 4, 9999, &y) != 4 || kl_parse_u32(p + 5, 2, 12, &m) != 2 ||
        kl_parse_u32(p + 8, 2, 31, &d) != 2)
        return false;
    if (!kl_date_valid((int)y, (int)m, (int)d))
        return false;
    kl_date date = {(int16_t)y, (int8_t)m, (int8_t)d};
    *day = kl_date_to_days(date);
    return true;
}

/* Index of the first entry with day >= day. */
static size_t lower_bound(const kl_calendar *c, int32_t day)
{
    size_t lo = 0, hi = c->n_entries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->entries[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const cal_entry *cal_table_find(const kl_calendar *c, int32_t day)
{
    if (!c || c->n_entries == 0)
        return NULL;
    size_t i = lower_bound(c, day);
    return i < c->n_entries && c->entries[i].day == day ? &c->entries[i] : NULL;
}

bool cal_table_has_off(const kl_calendar *c, int32_t from, int32_t to)
{
    if (!c)
        return false;
    for (size_t i = lower_bound(c, from); i < c->n_entries && c->entries[i].day <= to; i++)
        if (c->entries[i].is_off)
            return true;
    return false;
}

/* Insert e, or replace the entry of its day when that came from an earlier table. A second
 * line for one day in the same table (same generation) is an error: KL_ERR_FORMAT. */
static int insert_entry(kl_calendar *c, cal_entry e)
{
    size_t i = lower_bound(c, e.day);
    if (i < c->n_entries && c->entries[i].day == e.day) {
        if (c->entries[i].gen == e.gen)
            return KL_ERR_FORMAT;
        c->entries[i] = e;
        return KL_OK;
    }
    if (c->n_entries == c->cap_entries) {
        size_t cap = c->cap_entries ? c->cap_entries * 2 : 64;
        size_t bytes;
        if (!kl_mul_ok(cap, sizeof(cal_entry), &bytes))
            return KL_ERR_NOMEM;
        cal_entry *n = kl_realloc(c->entries, bytes);
        if (!n)
            return KL_ERR_NOMEM;
        c->entries = n;
        c->cap_entries = cap;
    }
    memmove(&c->entries[i + 1], &c->entries[i], (c->n_entries - i) * sizeof(cal_entry));
    c->entries[i] = e;
    c->n_entries++;
    return KL_OK;
}

/* Split line[0..len) at tabs into exactly three fields. */
static bool split3(const char *line, size_t len, const char *f[3], size_t flen[3])
{
    size_t start = 0;
    int n = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || line[i] == '\t') {
            if (n == 3)
                return false;
            f[n] = line + start;
            flen[n] = i - start;
            n++;
            start = i + 1;
        }
    }
    return n == 3;
}

/* Parse one non-comment line into e; on a format error, *what says why. */
static int parse_line(kl_calendar *c, const char *line, size_t len, cal_entry *e, const char **what)
{
    const char *f[3];
    size_t flen[3];
    if (!split3(line, len, f, flen)) {
        *what = "expected date<TAB>off|work<TAB>name";
        return KL_ERR_FORMAT;
    }
    if (!parse_iso(f[0], flen[0], &e->day)) {
        *what = "bad date (want YYYY-MM-DD)";
        return KL_ERR_FORMAT;
    }
    if (flen[1] == 3 && memcmp(f[1], "off", 3) == 0) {
        e->is_off = true;
    } else if (flen[1] == 4 && memcmp(f[1], "work", 4) == 0) {
        e->is_off = false;
    } else {
        *what = "second field must be off or work";
        return KL_ERR_FORMAT;
    }
    if (flen[2] == 0 || flen[2] > MAX_NAME_LEN || memchr(f[2], '\0', flen[2])) {
        *what = "missing or bad name";
        return KL_ERR_FORMAT;
    }
    if (c->names.len > UINT32_MAX - MAX_NAME_LEN - 2) {
        *what = "too many names";
        return KL_ERR_FORMAT;
    }
    e->name = (uint32_t)c->names.len;
    kl_buf_append(&c->names, f[2], flen[2]);
    kl_buf_appendc(&c->names, '\0');
    return c->names.failed ? KL_ERR_NOMEM : KL_OK;
}

int cal_table_parse(kl_calendar *c, const char *file, const char *text, size_t len, kl_error *err)
{
    int rc = KL_OK;
    size_t line_no = 0;
    uint8_t gen = c->n_tables < 255 ? (uint8_t)c->n_tables : 255;
    c->n_tables++;
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a byte order mark, as editors on Windows write */
    while (pos < len && rc == KL_OK) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t line_len = end - pos;
        const char *line = text + pos;
        line_no++;
        if (line_len > 0 && line[line_len - 1] == '\r')
            line_len--;
        size_t blank = 0;
        while (blank < line_len && (line[blank] == ' ' || line[blank] == '\t'))
            blank++;
        if (blank < line_len && line[0] != '#') {
            cal_entry e = {0, false, gen, 0};
            const char *what = "a second line for the same day";
            rc = parse_line(c, line, line_len, &e, &what);
            if (rc == KL_OK)
                rc = insert_entry(c, e);
            if (rc == KL_ERR_FORMAT)
                kl_err_set(err, rc, pos, "%s:%zu: %s", file, line_no, what);
            else if (rc == KL_ERR_NOMEM)
                kl_err_set(err, rc, KL_NO_OFFSET, "%s: out of memory", file);
        }
        pos = end + 1;
    }
    return rc;
}
