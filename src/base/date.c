/* Civil dates: proleptic Gregorian day numbers (days since 1970-01-01). */
#include "base.h"

#include <string.h>

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int kl_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

bool kl_date_valid(int year, int month, int day)
{
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= kl_days_in_month(year, month);
}

/* Howard Hinnant's days_from_civil. */
int32_t kl_date_to_days(kl_date d)
{
    int y = d.year;
    int m = d.month ? d.month : 1;
    int dd = d.day ? d.day : 1;
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

kl_date kl_date_from_days(int32_t z)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp + (mp < 10 ? 3 : -9);
    kl_date r = {(int16_t)(y + (m <= 2)), (int8_t)m, (int8_t)d};
    return r;
}

int kl_date_weekday(kl_date d)
{
    int32_t z = kl_date_to_days(d);
    /* 1970-01-01 was a Thursday (3 with Monday = 0) */
    int w = (int)((z % 7 + 7 + 3) % 7);
    return w;
}

int kl_date_cmp(kl_date a, kl_date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

/* Write v as exactly width decimal digits (v is clamped to fit). */
static char *put_digits(char *out, int v, int width)
{
    if (v < 0)
        v = 0;
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return out + width;
}

void kl_date_iso(kl_date d, char buf[11])
{
    char *p = buf;
    if (d.year) {
        p = put_digits(p, d.year, 4);
        if (d.month) {
            *p++ = '-';
            p = put_digits(p, d.month, 2);
            if (d.day) {
                *p++ = '-';
                p = put_digits(p, d.day, 2);
            }
        }
    }
    *p = '\0';
}

void kl_date_dmy(kl_date d, char buf[11])
{
    char *p = buf;
    if (d.year) {
        if (d.month) {
            if (d.day) {
                p = put_digits(p, d.day, 2);
                *p++ = '/';
            }
            p = put_digits(p, d.month, 2);
            *p++ = '/';
        }
        p = put_digits(p, d.year, 4);
    }
    *p = '\0';
}

int kl_date_parse(const char *s, kl_date *out)
{
    size_t len = strlen(s);
    uint32_t a, b, c;
    size_t i = kl_parse_u32(s, len, 9999, &a);
    if (i == 4 && i < len && s[i] == '-') {
        size_t j = kl_parse_u32(s + i + 1, len - i - 1, 99, &b);
        size_t k = i + 1 + j;
        if (j == 0 || j > 2 || k >= len || s[k] != '-')
            return KL_ERR_USAGE;
        size_t l = kl_parse_u32(s + k + 1, len - k - 1, 99, &c);
        if (l == 0 || l > 2 || k + 1 + l != len || !kl_date_valid((int)a, (int)b, (int)c))
            return KL_ERR_USAGE;
        *out = (kl_date){(int16_t)a, (int8_t)b, (int8_t)c};
        return KL_OK;
    }
    if (i >= 1 && i <= 2 && i < len && s[i] == '/') {
        size_t j = kl_parse_u32(s + i + 1, len - i - 1, 99, &b);
        size_t k = i + 1 + j;
        if (j == 0 || j > 2 || k >= len || s[k] != '/')
            return KL_ERR_USAGE;
        size_t l = kl_parse_u32(s + k + 1, len - k - 1, 9999, &c);
        if (l != 4 || k + 1 + l != len || !kl_date_valid((int)c, (int)b, (int)a))
            return KL_ERR_USAGE;
        *out = (kl_date){(int16_t)c, (int8_t)b, (int8_t)a};
        return KL_OK;
    }
    return KL_ERR_USAGE;
}

size_t kl_parse_u32(const char *p, size_t len, uint32_t max, uint32_t *v)
{
    uint64_t x = 0;
    size_t i = 0;
    while (i < len && p[i] >= '0' && p[i] <= '9') {
        x = x * 10 + (uint64_t)(p[i] - '0');
        if (x > max)
            return 0;
        i++;
    }
    if (i == 0)
        return 0;
    *v = (uint32_t)x;
    return i;
}
