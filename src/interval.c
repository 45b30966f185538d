/* interval: interval arithmetic (see interval.h). */
#include "interval.h"

#include <math.h>

#include "numfmt.h"

Interval interval_point(double value) { return (Interval){value, value}; }

Interval interval_add(Interval a, Interval b) { return (Interval){a.lo + b.lo, a.hi + b.hi}; }

Interval interval_sub(Interval a, Interval b) { return (Interval){a.lo - b.hi, a.hi - b.lo}; }

Interval interval_neg(Interval a) { return (Interval){-a.hi, -a.lo}; }

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

bool interval_contains(Interval a, double value) { return a.lo <= value && value <= a.hi; }

/* The ends a value v can be written with at `digits` digits: rounded (half
 * away from zero reaches furthest; half to even lies between), or cut off. */
static void widen_by_writings(double v, int digits, double *lo, double *hi)
{
    double writings[2] = {num_round_sig(v, digits), num_truncate_sig(v, digits)};
    for (int i = 0; i < 2; i++) {
        *lo = fmin(*lo, writings[i]);
        *hi = fmax(*hi, writings[i]);
    }
}

/* The least value of at most `digits` significant digits that is >= v. */
static double short_at_or_above(double v, int digits)
{
    if (v <= 0)
        return -num_truncate_sig(-v, digits) == v ? v : -num_truncate_sig(-v, digits);
    double cut = num_truncate_sig(v, digits);
    if (cut >= v)
        return cut;
    double unit = pow(10.0, floor(log10(cut)) - digits + 1);
    return num_round_sig(cut + unit, digits);
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
     * 1.4 in a one-digit computation.  Below 3 digits, a value with one
     * digit more than the computation keeps may be carried as it is. */
    if (digits < 3) {
        int short_digits = digits + 1;
        double least = short_at_or_above(a.lo, short_digits);
        double most = -short_at_or_above(-a.hi, short_digits);
        if (least <= a.hi) {
            r.lo = fmin(r.lo, least);
            r.hi = fmax(r.hi, most);
        }
    }
    return r;
}
