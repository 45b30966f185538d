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

/* The sums are inline: a derivation bounds every product of every sum,
 * and a call apiece costs more than the sums. */
static inline Interval interval_point(double value) { return (Interval){value, value}; }

static inline Interval interval_add(Interval a, Interval b) { return (Interval){a.lo + b.lo, a.hi + b.hi}; }

static inline Interval interval_sub(Interval a, Interval b) { return (Interval){a.lo - b.hi, a.hi - b.lo}; }

static inline Interval interval_neg(Interval a) { return (Interval){-a.hi, -a.lo}; }

/* Out of line: fmin and fmax, inlined, may treat −0 and 0 otherwise than
 * the library does, and the ranges must not depend on where they are
 * worked out. */
Interval interval_mul(Interval a, Interval b);

static inline bool interval_contains(Interval a, double value) { return a.lo <= value && value <= a.hi; }

/* Every value that writing a value of `a` down at `digits` significant
 * digits can give: rounded (half away from zero or half to even), or cut
 * off.  Each of these never decreases as the value grows, so the writings
 * of [lo, hi] lie between the writings of lo and of hi: the result is
 * exact for a single value, and tight for a range.  Below 3 digits an end
 * exact in one digit more (1.4 or 0.16 at 1 digit) may also be carried as
 * it is, since people round only what does not fit.  digits <= 0 or >= 15,
 * or a non-finite interval, comes back unchanged. */
Interval interval_hand_round(Interval a, int digits);

/* The change writing v down at `digits` significant digits can make:
 * exactly its writings when v is `fixed` (it comes from given numbers
 * alone), else anything rounding or cutting off can do to a value of its
 * size: less than a unit u of its last digit toward zero, at most u/2 away.
 * {0, 0} for v = 0, or digits outside 1 to 14. */
Interval interval_writing_error(double v, int digits, bool fixed);

/* How writing a value of v's size down at `digits` digits moves it, as a
 * person writes: by a change of variance u²/12 (u a unit of its last
 * digit), whether rounded or cut off, and on average by 0 when rounded and
 * by u/2 toward zero when cut off (`cut_shift`, signed).  Both 0 for v = 0
 * or digits outside 1 to 14. */
void interval_writing_spread(double v, int digits, double *variance, double *cut_shift);

#endif
