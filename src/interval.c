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

Interval interval_hand_round(Interval a, int digits)
{
    if (digits <= 0 || digits >= 15 || !isfinite(a.lo) || !isfinite(a.hi) || a.lo > a.hi)
        return a;
    if (a.lo == a.hi && num_round_sig(a.lo, digits) == a.lo)
        return a;
    double largest = fmax(fabs(a.lo), fabs(a.hi));
    if (largest == 0)
        return a;
    double unit = pow(10.0, floor(log10(largest)) - digits + 1);
    /* a value's magnitude can grow by half a unit (rounding up) or shrink
     * by up to a unit (rounding down or cutting off) */
    a.lo -= a.lo > 0 ? unit : unit / 2;
    a.hi += a.hi < 0 ? unit : unit / 2;
    return a;
}
