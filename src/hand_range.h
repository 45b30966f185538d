/* hand_range: how far a hand computation can land from the exact value.
 *
 * deriv.c carries beside every value an interval that surely holds what
 * hand computations reach, but loosely.  This narrows one quantity's range
 * with what the derivation knows: every step's partial derivatives, and so
 * q's sensitivity to every intermediate a person writes down. */
#ifndef BACKSTEP_HAND_RANGE_H
#define BACKSTEP_HAND_RANGE_H

#include <stdbool.h>

#include "deriv.h"
#include "interval.h"
#include "quantity.h"

/* The range of q's value that people reach who compute the step by hand
 * at `digits` significant digits, writing every intermediate down as they
 * please (rounded half away from zero or half to even, or cut off), and
 * the products of a sum and the parts of σ or tanh on the way.  It is what
 * three bounds all allow:
 *   - the step's interval bound (Step.range, see interval.h): sure to hold
 *     every such computation, but loose, since it treats every use of a
 *     value as independent;
 *   - a linear one: q's sensitivity to every step, found backward through
 *     the operands' partial derivatives, times how far writing that step
 *     down can move it, every change at its worst at once, plus a tenth of
 *     the width for the curvature the sensitivities do not see;
 *   - a statistical one: written independently, the changes add up with
 *     variance Σ (sensitivity × u)² / 12 around the exact value, or around
 *     where cutting off throughout takes it; 6 standard deviations.
 * Under 2 digits rounding moves values too far for a linear account, and
 * the interval bound is the range.  The learner's own values (overrides)
 * count as exact. */

/* The hand range of `step` in `d`, a derivation built in exact arithmetic
 * with range_digits = digits (deriv.h).  False only when memory runs out. */
bool hand_range_in(const Derivation *d, const Step *step, int digits, Interval *range);

/* Builds the derivation `spec` describes, in exact arithmetic with hand
 * ranges at `digits`, and gives q's exact value and hand range.  False only
 * when memory runs out or q is not computed. */
bool hand_range(const DerivationSpec *spec, Quantity q, int digits, double *value, Interval *range);

#endif
