/* interval: closed intervals [lo, hi] of reals, for the range a hand
 * computation can reach.
 *
 * A learner who rounds every intermediate to d significant digits does not
 * get the exact value, but one inside a range.  deriv.c carries an Interval
 * beside every value: each step's function is bounded over its operands'
 * intervals, and interval_hand_round() then adds what writing the result
 * down at d digits (rounded, or cut off) can make of it. */
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

/* Every value that writing a value of `a` down at `digits` significant
 * digits can give: rounded (half away from zero or half to even), or cut
 * off; below 3 digits, a value exact in one digit more (1.4 or 0.16 at 1
 * digit) may also be carried as it is, since people round only what does
 * not fit.  Each of these never decreases as the value grows, so
 * the writings of [lo, hi] lie between the writings of lo and of hi: the
 * result is exact for a single value, and tight for a range.  digits <= 0
 * or >= 15, or a non-finite interval, comes back unchanged. */
Interval interval_hand_round(Interval a, int digits);

#endif
