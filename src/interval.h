/* interval: closed intervals [lo, hi] of reals, for the range a hand
 * computation can reach.
 *
 * A learner who rounds every intermediate to d significant digits does not
 * get the exact value, but one inside a range.  deriv.c carries an Interval
 * beside every value: each step's function is bounded over its operands'
 * intervals, and interval_hand_round() then widens the result by what
 * rounding or cutting off at d digits can do to it. */
#ifndef BACKSTEP_INTERVAL_H
#define BACKSTEP_INTERVAL_H

#include <stdbool.h>

typedef struct {
    double lo, hi;
} Interval;

Interval interval_point(double value);
Interval interval_add(Interval a, Interval b);
Interval interval_sub(Interval a, Interval b);
Interval interval_mul(Interval a, Interval b);
Interval interval_neg(Interval a);
bool interval_contains(Interval a, double value);

/* The values that writing a value of `a` with `digits` significant digits
 * can give.  Rounding moves a value by at most half a unit u of its last
 * digit, and cutting off moves it toward zero by less than u, so a
 * positive v can become anything in [v − u, v + u/2] (mirrored for
 * negative v).  u is taken at the interval's largest magnitude, which
 * covers values just above a power of ten.  A single value that already
 * has at most `digits` digits stays as it is.  digits <= 0 or >= 15, or a
 * non-finite interval, comes back unchanged. */
Interval interval_hand_round(Interval a, int digits);

#endif
