/* hand_range: the range hand computations reach (see hand_range.h). */
#include "hand_range.h"

#include <math.h>
#include <stdlib.h>

#include "numfmt.h"

/* Curvature: the share of a linear range's width added on each side for
 * what the sensitivities, taken at the exact values, do not see. */
#define HAND_RANGE_CURVATURE 0.1

/* Standard deviations of the statistical bound (see hand_range.h). */
#define HAND_RANGE_SPREAD 6.0

/* Below this many digits rounding moves values too far for a linear
 * account; the interval bound alone is used. */
enum { HAND_RANGE_LINEAR_DIGITS = 2 };

/* The change writing step i's value down can make, with what is written
 * down inside the step on the way (each product of a sum, the parts of a
 * function worked through them). */
static Interval writing_change(const Derivation *d, const Step *step, int digits)
{
    bool from_given = true;
    for (int o = 0; o < step->n_operands && from_given; o++)
        from_given = deriv_find(d, step->operands[o].what) == NULL;
    return interval_add(interval_writing_error(step->value, digits, from_given), step->written_inside);
}

bool hand_range_in(const Derivation *d, const Step *step, int digits, Interval *range)
{
    *range = step->range;
    if (digits < HAND_RANGE_LINEAR_DIGITS || digits >= 15 || step->overridden)
        return true;
    int target = deriv_step_index(d, step);
    /* sensitivity[i] = dq / d(step i's carried value), backward from q
     * through every operand's partial derivative; a learner's own value
     * is fixed, so nothing flows through it */
    double *sensitivity = calloc((size_t)target + 1, sizeof *sensitivity);
    if (!sensitivity)
        return false;
    sensitivity[target] = 1;
    for (int i = target; i >= 0; i--) {
        const Step *s = deriv_step(d, i);
        if (sensitivity[i] == 0 || s->overridden)
            continue;
        for (int o = 0; o < s->n_operands; o++) {
            const Step *from = deriv_find(d, s->operands[o].what);
            if (from && deriv_step_index(d, from) < i)
                sensitivity[deriv_step_index(d, from)] += sensitivity[i] * s->operands[o].partial;
        }
    }
    /* q moves by Σ sensitivity × change: at its worst each change on its
     * own (the linear bound); as people write, independent changes of
     * variance u²/12 with a mean of 0 when rounded and of u/2 toward zero
     * when cut off (the statistical bound) */
    double lo = 0, hi = 0, cut_shift = 0, variance = 0;
    for (int i = 0; i <= target; i++) {
        const Step *s = deriv_step(d, i);
        if (sensitivity[i] == 0 || s->overridden)
            continue;
        Interval change = writing_change(d, s, digits);
        double spread, toward_zero;
        interval_writing_spread(s->value, digits, &spread, &toward_zero);
        spread += s->inside_variance;
        toward_zero += s->inside_cut_shift;
        if (s->writes_change) {
            /* the step lr × dL/dθ is written down too before it is subtracted */
            double step_size = s->operands[1].value * s->operands[2].value, step_spread, step_toward_zero;
            change = interval_sub(change, interval_writing_error(step_size, digits, false));
            interval_writing_spread(step_size, digits, &step_spread, &step_toward_zero);
            spread += step_spread;
            toward_zero -= step_toward_zero;
        }
        Interval moved = interval_mul(interval_point(sensitivity[i]), change);
        lo += moved.lo;
        hi += moved.hi;
        cut_shift += sensitivity[i] * toward_zero;
        variance += sensitivity[i] * sensitivity[i] * spread;
    }
    free(sensitivity);
    double curvature = HAND_RANGE_CURVATURE * (hi - lo);
    Interval linear = {step->value + lo - curvature, step->value + hi + curvature};
    double deviations = HAND_RANGE_SPREAD * sqrt(variance);
    Interval likely = {step->value + fmin(0, cut_shift) - deviations, step->value + fmax(0, cut_shift) + deviations};
    likely = interval_hand_round(likely, digits);   /* q itself is written down too */
    Interval narrowed = {fmax(range->lo, fmax(linear.lo, likely.lo)), fmin(range->hi, fmin(linear.hi, likely.hi))};
    if (narrowed.lo <= narrowed.hi)
        *range = narrowed;
    return true;
}

bool hand_range(const DerivationSpec *spec, Quantity q, int digits, double *value, Interval *range)
{
    DerivationSpec exact = *spec;
    exact.round_digits = 0;
    exact.round_places = false;
    exact.range_digits = digits;
    Derivation *d = deriv_build_part(&exact, &q, NULL);   /* what q is computed from is enough */
    const Step *step = d ? deriv_find(d, q) : NULL;
    bool ok = step && hand_range_in(d, step, digits, range);
    if (ok)
        *value = step->value;
    deriv_free(d);
    return ok;
}
