/* interval: writing values down at some digits, and what that can do to
 * a range (see interval.h; the sums are inline there). */
#include "interval.h"

#include <math.h>
#include <stdlib.h>

#include "numfmt.h"

Interval interval_mul(Interval a, Interval b)
{
    double p[4] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
    Interval r = {p[0], p[0]};
    for (int i = 1; i < 4; i++) {
        r.lo = fmin(r.lo, p[i]);
        r.hi = fmax(r.hi, p[i]);
    }
    return r;
}

/* v at `digits` significant digits, rounded half away from zero and cut
 * off.  It scales by a power of ten rather than reading the decimal digits
 * as num_round_sig() does: a derivation bounds thousands of values, and
 * this is many times faster.  A nudge of 1e-13 of the scaled value, the
 * binary noise below 15 significant digits, makes 0.1865 a tie as on paper
 * and keeps 0.16 from cutting off to 0.15. */
static void written(double v, int digits, double *rounded, double *cut)
{
    if (v == 0 || !isfinite(v)) {
        *rounded = *cut = v;
        return;
    }
    int shift = digits - 1 - (int)floor(log10(fabs(v)));
    if (shift > 290 || shift < -290) {
        *rounded = num_round_sig(v, digits);
        *cut = num_truncate_sig(v, digits);
        return;
    }
    static const double POWERS[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    double scale = abs(shift) <= 22 ? POWERS[abs(shift)] : pow(10.0, abs(shift));   /* exact up to 1e22 */
    double scaled = shift >= 0 ? v * scale : v / scale;
    scaled += copysign(fabs(scaled) * 1e-13, scaled);
    *rounded = shift >= 0 ? round(scaled) / scale : round(scaled) * scale;
    *cut = shift >= 0 ? trunc(scaled) / scale : trunc(scaled) * scale;
}

/* The ends a value v can be written with at `digits` digits: rounded (half
 * away from zero reaches furthest; half to even lies between), or cut off. */
static void widen_by_writings(double v, int digits, double *lo, double *hi)
{
    double writings[2];
    written(v, digits, &writings[0], &writings[1]);
    for (int i = 0; i < 2; i++) {
        *lo = fmin(*lo, writings[i]);
        *hi = fmax(*hi, writings[i]);
    }
}

/* True when v is exact with `digits` significant digits (1.4 with 2). */
static bool is_short(double v, int digits)
{
    /* cut off at `digits`, a short value loses only binary noise */
    double rounded, cut;
    written(v, digits, &rounded, &cut);
    return fabs(cut - v) <= 1e-13 * fabs(v);
}

Interval interval_hand_round(Interval a, int digits)
{
    if (digits <= 0 || digits >= 15 || !isfinite(a.lo) || !isfinite(a.hi) || a.lo > a.hi)
        return a;
    /* rounding and cutting off never decrease, so the writings of every
     * value in [lo, hi] lie between those of lo and those of hi */
    Interval r = {INFINITY, -INFINITY};
    widen_by_writings(a.lo, digits, &r.lo, &r.hi);
    widen_by_writings(a.hi, digits, &r.lo, &r.hi);
    /* People round what does not fit, not a short exact number: 1.4 stays
     * 1.4 in a one-digit computation, and 0.8 × 0.2 = 0.16 stays 0.16.
     * Below 3 digits, an end exact with one digit more may be carried as it
     * is.  (A short value strictly inside comes from no computation in
     * particular: the ends are what the written numbers give.) */
    if (digits < 3) {
        for (int end = 0; end < 2; end++) {
            double v = end ? a.hi : a.lo;
            if (is_short(v, digits + 1)) {
                r.lo = fmin(r.lo, v);
                r.hi = fmax(r.hi, v);
            }
        }
    }
    return r;
}

/* 10^e for a whole e, as pow() gives it: a table filled by the first call
 * serves the rest, since a unit is wanted for every product of every sum. */
static double power_of_ten(int e)
{
    enum { LOWEST = -360, HIGHEST = 320 };
    static double table[HIGHEST - LOWEST + 1];
    static bool filled;
    if (e < LOWEST || e > HIGHEST)
        return pow(10.0, e);
    if (!filled) {
        for (int i = LOWEST; i <= HIGHEST; i++)
            table[i - LOWEST] = pow(10.0, i);
        filled = true;
    }
    return table[e - LOWEST];
}

/* A unit of the last of `digits` digits at the size v has, or may reach by
 * rounding up. */
static double unit_at(double v, int digits)
{
    return power_of_ten((int)floor(log10(fabs(v) * (1 + 1e-9))) - digits + 1);
}

Interval interval_writing_error(double v, int digits, bool fixed)
{
    if (v == 0 || !isfinite(v) || digits <= 0 || digits >= 15)
        return interval_point(0);
    if (fixed) {   /* rounded or cut off, and below 3 digits kept when short */
        double rounded, cut;
        written(v, digits, &rounded, &cut);
        rounded -= v;
        cut -= v;
        Interval change = {fmin(rounded, cut), fmax(rounded, cut)};
        if (digits < 3 && is_short(v, digits + 1))
            change = (Interval){fmin(change.lo, 0), fmax(change.hi, 0)};
        return change;
    }
    double unit = unit_at(v, digits);
    return v > 0 ? (Interval){-unit, unit / 2} : (Interval){-unit / 2, unit};
}

void interval_writing_spread(double v, int digits, double *variance, double *cut_shift)
{
    *variance = *cut_shift = 0;
    if (v == 0 || !isfinite(v) || digits <= 0 || digits >= 15)
        return;
    double unit = unit_at(v, digits);
    *variance = unit * unit / 12;
    *cut_shift = v > 0 ? -unit / 2 : unit / 2;
}
