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
 * at `digits` significant digits, each writing every intermediate down as
 * they please (rounded half away from zero or half to even, or cut off).
 * The step's interval bound (Step.range, see interval.h) is sound but treats every use of
 * a value as independent; this narrows it.  The sensitivity of q to every
 * step, found backward through the operands' partial derivatives, says
 * which way each written value pushes q, and two real hand computations
 * are then built that push q as far up and as far down as writing can.
 * What lies between them, with a margin for the curvature the
 * sensitivities do not see, and within the interval bound, is the range.
 * Under 2 digits rounding moves values too far for that account, and the
 * interval bound is the range.  The learner's own values (spec's
 * overrides) count as exact.  `value` gets q's value in exact arithmetic.
 * False only when memory runs out or q is not computed. */
bool hand_range(const DerivationSpec *spec, Quantity q, int digits, double *value, Interval *range);

#endif
