/* The Vietnamese lunisolar calendar (âm lịch), computed for the meridian of UTC+7.
 *
 * A lunar month starts on the local day of an astronomical new moon. Month 11 is the month
 * that contains the winter solstice; a lunar year (from one month 11 to the next) with 13
 * months repeats the first month after month 11 that contains no major solar term (the sun
 * does not enter a new 30-degree sign of longitude during it). The time zone matters: Vietnam
 * keeps UTC+7 and China UTC+8, so a new moon just before midnight in Hanoi falls on the next
 * day in Beijing, and the two calendars differ in some years (Tết 1985 was 21 January in
 * Vietnam, 20 February in China).
 *
 * New moons come from the mean lunation with the periodic corrections of Meeus's
 * "Astronomical Formulae for Calculators" (good to minutes); the sun's apparent longitude from
 * its mean longitude and the equation of centre: the standard way Vietnamese calendars are
 * computed. Checked against a precise ephemeris (VSOP87/ELP2000) over 1900-2199: every month
 * number and leap month agrees, and every month start but eight new moons that fall less
 * than three minutes before midnight (1944-06-20, then 2072 and later), where the two
 * models' own error and the unknown future Delta T decide. */
#include "cal.h"

#include <math.h>

#define TZ_DAYS (7.0 / 24.0)             /* UTC+7 */
#define SYNODIC_MONTH 29.530588853       /* mean days from one new moon to the next */
#define LUNATION_EPOCH 2415021.076998695 /* JD of the mean new moon of 1900-01-01 */
#define JD_UNIX_EPOCH 2440588            /* Julian day number of 1970-01-01 */
#define DEG (3.14159265358979323846 / 180.0)

static int32_t jdn_of(kl_date d)
{
    return kl_date_to_days(d) + JD_UNIX_EPOCH;
}

/* Julian date (UT) of the k-th new moon after the one of January 1900. */
static double new_moon(int k)
{
    double t = k / 1236.85; /* Julian centuries from 1900 */
    double t2 = t * t;
    double t3 = t2 * t;
    double jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
    double m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;
    double mm = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG;
    double f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;
    double c = (0.1734 - 0.000393 * t) * sin(m) + 0.0021 * sin(2 * m);
    c += -0.4068 * sin(mm) + 0.0161 * sin(2 * mm) - 0.0004 * sin(3 * mm);
    c += 0.0104 * sin(2 * f) - 0.0051 * sin(m + mm) - 0.0074 * sin(m - mm);
    c += 0.0004 * sin(2 * f + m) - 0.0004 * sin(2 * f - m) - 0.0006 * sin(2 * f + mm);
    c += 0.0010 * sin(2 * f - mm) + 0.0005 * sin(m + 2 * mm);
    /* Terrestrial time to universal time (Delta T), in days. */
    double delta_t;
    if (t < -11)
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
    else
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2;
    return jd + c - delta_t;
}

/* Julian day number of the local (UTC+7) day on which the k-th new moon falls. */
static int32_t new_moon_day(int k)
{
    return (int32_t)floor(new_moon(k) + 0.5 + TZ_DAYS);
}

/* Which 30-degree sign (0..11, 0 = vernal equinox) the sun is in at the local midnight that
 * starts day jdn. */
static int sun_sign(int32_t jdn)
{
    double t = (jdn - 0.5 - TZ_DAYS - 2451545.0) / 36525.0; /* centuries from J2000 */
    double t2 = t * t;
    double m = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t2 * t) * DEG;
    double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(m) +
                (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000290 * sin(3 * m);
    double l = fmod(l0 + dl, 360.0);
    if (l < 0)
        l += 360.0;
    int sign = (int)(l / 30.0);
    return sign > 11 ? 11 : sign;
}

/* Julian day number on which month 11 of the lunar year ending in Gregorian year y begins
 * (the month containing the December solstice of year y). */
static int32_t month11_start(int y)
{
    kl_date dec31 = {(int16_t)y, 12, 31};
    int k = (int)floor((jdn_of(dec31) - 2415021) / SYNODIC_MONTH);
    int32_t nm = new_moon_day(k);
    /* A new moon after the solstice (sun in Capricorn, sign 9) begins month 12 instead. */
    if (sun_sign(nm) >= 9)
        nm = new_moon_day(k - 1);
    return nm;
}

/* In a 13-month year starting at month 11 on day a11: how many months after month 11 the
 * leap month comes (the first month without a major term). */
static int leap_month_offset(int32_t a11)
{
    int k = (int)floor((a11 - LUNATION_EPOCH) / SYNODIC_MONTH + 0.5);
    int i = 1;
    int arc = sun_sign(new_moon_day(k + i));
    int last;
    do {
        last = arc;
        i++;
        arc = sun_sign(new_moon_day(k + i));
    } while (arc != last && i < 14);
    return i - 1;
}

void kl_cal_to_lunar(kl_date d, int *lunar_year, int *month, int *day, bool *leap)
{
    int ly = 0, lm = 0, ld = 0;
    bool is_leap = false;
    if (kl_date_valid(d.year, d.month, d.day)) {
        int32_t jdn = jdn_of(d);
        int k = (int)floor((jdn - LUNATION_EPOCH) / SYNODIC_MONTH);
        /* The true new moon strays up to about 14 hours from the mean one, so the month
         * can start one lunation earlier than the mean suggests (2054-05-07). */
        int32_t month_start = new_moon_day(k + 1);
        for (int back = 0; month_start > jdn && back < 2; back++)
            month_start = new_moon_day(k - back);
        int32_t a11 = month11_start(d.year);
        int32_t b11 = a11;
        if (a11 >= month_start) {
            ly = d.year;
            a11 = month11_start(d.year - 1);
        } else {
            ly = d.year + 1;
            b11 = month11_start(d.year + 1);
        }
        ld = (int)(jdn - month_start + 1);
        int diff = (int)((month_start - a11) / 29);
        lm = diff + 11;
        if (b11 - a11 > 365) {
            int leap_diff = leap_month_offset(a11);
            if (diff >= leap_diff) {
                lm = diff + 10;
                is_leap = diff == leap_diff;
            }
        }
        if (lm > 12)
            lm -= 12;
        if (lm >= 11 && diff < 4)
            ly -= 1;
    }
    if (lunar_year)
        *lunar_year = ly;
    if (month)
        *month = lm;
    if (day)
        *day = ld;
    if (leap)
        *leap = is_leap;
}

/* Julian day number of day 1 of the given lunar month, or 0 when it does not exist. */
static int32_t lunar_month_start(int lunar_year, int month, bool leap)
{
    int32_t a11, b11;
    if (month < 11) {
        a11 = month11_start(lunar_year - 1);
        b11 = month11_start(lunar_year);
    } else {
        a11 = month11_start(lunar_year);
        b11 = month11_start(lunar_year + 1);
    }
    int off = month - 11;
    if (off < 0)
        off += 12;
    if (b11 - a11 > 365) {
        int leap_off = leap_month_offset(a11);
        int leap_month = leap_off - 2;
        if (leap_month <= 0)
            leap_month += 12;
        if (leap && month != leap_month)
            return 0;
        if (leap || off >= leap_off)
            off += 1;
    } else if (leap) {
        return 0;
    }
    int k = (int)floor(0.5 + (a11 - LUNATION_EPOCH) / SYNODIC_MONTH);
    return new_moon_day(k + off);
}

kl_date kl_cal_from_lunar(int lunar_year, int month, int day, bool leap)
{
    kl_date none = {0, 0, 0};
    /* Outside this range the day numbers below would overflow kl_date's int16_t year. */
    if (lunar_year < 1000 || lunar_year > 9000 || month < 1 || month > 12 || day < 1 || day > 30)
        return none;
    int32_t start = lunar_month_start(lunar_year, month, leap);
    if (start == 0)
        return none;
    kl_date r = kl_date_from_days(start + day - 1 - JD_UNIX_EPOCH);
    /* Day 30 of a 29-day month is the next month's first day: no such date. */
    if (day == 30) {
        int y, m, dd;
        bool l;
        kl_cal_to_lunar(r, &y, &m, &dd, &l);
        if (dd != 30)
            return none;
    }
    return r;
}
