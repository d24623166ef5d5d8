/* What the tracking commands share: opening the session, reading option values, agencies,
 * and the plain output formats. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

int kl_cli_fail(const kl_cli *c, const kl_error *err)
{
    kl_cli_report(c, err);
    return kl_cli_exit_code(err->code);
}

int kl_cli_usage(const kl_cli *c, const char *cmd, const char *usage)
{
    fprintf(stderr, "%s %s: sai cú pháp lệnh\n%s", c->prog, cmd, usage);
    return KL_EXIT_USAGE;
}

int kl_cli_session_open(const kl_cli *c, kl_session *s, bool need_store)
{
    kl_error err;
    kl_err_clear(&err);
    memset(s, 0, sizeof *s);
    if (kl_cli_open_data(c, &s->dir, &s->cal, &err) != KL_OK)
        return kl_cli_fail(c, &err);
    if (need_store) {
        const char *path = c->db_path ? c->db_path : KL_STORE_DEFAULT_PATH;
        snprintf(err.input, sizeof err.input, "%s", path);
        if (kl_store_open(&s->store, path, &err) != KL_OK) {
            kl_cli_session_close(s);
            return kl_cli_fail(c, &err);
        }
    }
    return KL_EXIT_OK;
}

int kl_cli_finish(const kl_cli *c, kl_session *s, int rc, const kl_error *err)
{
    kl_cli_session_close(s);
    return rc == KL_OK ? KL_EXIT_OK : kl_cli_fail(c, err);
}

void kl_cli_session_close(kl_session *s)
{
    kl_store_close(s->store);
    kl_directory_free(s->dir);
    kl_calendar_free(s->cal);
    memset(s, 0, sizeof *s);
}

int kl_cli_parse_format(const char *s, kl_out_format *out)
{
    static const char *const names[] = {"table", "csv", "json"};
    for (int i = 0; i < 3; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (kl_out_format)i;
            return KL_OK;
        }
    }
    return KL_ERR_USAGE;
}

int kl_cli_date(const kl_cli *c, const char *opt, const char *v, kl_date *out)
{
    if (kl_date_parse(v, out) == KL_OK)
        return KL_OK;
    fprintf(stderr, "%s: lỗi: ngày không hợp lệ — %s '%s' (dùng YYYY-MM-DD hoặc dd/mm/yyyy)\n",
            c->prog, opt, v);
    return KL_ERR_USAGE;
}

int kl_cli_id(const kl_cli *c, const char *what, const char *v, int64_t *out)
{
    uint32_t x;
    if (v[0] == '#')
        v++;
    if (kl_parse_u32(v, strlen(v), 2000000000u, &x) == strlen(v) && x > 0) {
        *out = x;
        return KL_OK;
    }
    fprintf(stderr, "%s: lỗi: mã %s không hợp lệ — '%s'\n", c->prog, what, v);
    return KL_ERR_USAGE;
}

int kl_cli_int(const kl_cli *c, const char *opt, const char *v, int min, int max, int *out)
{
    uint32_t x;
    bool neg = v[0] == '-';
    const char *d = neg ? v + 1 : v;
    if (kl_parse_u32(d, strlen(d), 1000000u, &x) == strlen(d) && strlen(d) > 0) {
        int val = neg ? -(int)x : (int)x;
        if (val >= min && val <= max) {
            *out = val;
            return KL_OK;
        }
    }
    fprintf(stderr, "%s: lỗi: giá trị không hợp lệ — %s '%s'\n", c->prog, opt, v);
    return KL_ERR_USAGE;
}

kl_date kl_cli_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return (kl_date){(int16_t)(tm.tm_year + 1900), (int8_t)(tm.tm_mon + 1), (int8_t)tm.tm_mday};
}

/* A group named as written: "các sở, ban, ngành", "UBND các huyện, thành phố". */
static bool is_group_name(const char *name)
{
    return strncmp(name, "các ", 5) == 0 || strncmp(name, "Các ", 5) == 0 ||
           strncmp(name, "UBND các ", 10) == 0;
}

int kl_cli_agency(const kl_session *s, const char *name, const char **canon, int32_t *id,
                  kl_error *err)
{
    int32_t found = kl_directory_find(s->dir, name, strlen(name));
    if (found >= 0) {
        *canon = kl_directory_name(s->dir, found);
        *id = found;
        return KL_OK;
    }
    if (is_group_name(name)) {
        *canon = name;
        *id = -1;
        return KL_OK;
    }
    return kl_err_set(err, KL_ERR_NOTFOUND, KL_NO_OFFSET,
                      "unknown agency '%s' (give its name or a known abbreviation)", name);
}

int kl_cli_term_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col;
    const char *c = getenv("COLUMNS");
    uint32_t v;
    if (c && kl_parse_u32(c, strlen(c), 10000, &v) == strlen(c) && v >= 40)
        return (int)v;
    return 120;
}

size_t kl_cli_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

void kl_cli_cell(FILE *f, const char *s, int width)
{
    int w = 0;
    size_t i = 0, len = s ? strlen(s) : 0;
    while (i < len && w < width) {
        size_t k = 1;
        while (i + k < len && ((unsigned char)s[i + k] & 0xC0) == 0x80)
            k++;
        if (w == width - 1 && i + k < len) {
            fputs("…", f);
            w++;
            break;
        }
        fwrite(s + i, 1, k, f);
        i += k;
        w++;
    }
    for (; w < width; w++)
        fputc(' ', f);
}

void kl_cli_csv_field(FILE *f, const char *s, bool last)
{
    s = s ? s : "";
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote) {
        fputc('"', f);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                fputc('"', f);
            fputc(*p, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputs(last ? "\r\n" : ",", f);
}

int kl_cli_setting_int(kl_store *s, const char *key, int def)
{
    kl_buf b;
    kl_buf_init(&b, 64);
    int v = def;
    if (kl_store_setting_get(s, key, &b, NULL) == KL_OK && b.p) {
        uint32_t x;
        bool neg = b.p[0] == '-';
        const char *d = neg ? b.p + 1 : b.p;
        if (kl_parse_u32(d, strlen(d), 1000000u, &x) == strlen(d) && strlen(d) > 0)
            v = neg ? -(int)x : (int)x;
    }
    kl_buf_fini(&b);
    return v;
}
