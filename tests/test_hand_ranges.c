/* Hand ranges against simulated hand computations.
 *
 * tests/hand_simulation.py, written apart from backstep in plain Python
 * decimal arithmetic, works one training step of three networks (a 3-4-4-2
 * sigmoid, a deep 4-4-4-4-4-1 tanh and a wide 16-16-16-16-16-1 tanh)
 * hundreds to thousands of times as people do on paper at 1, 2 and 3
 * significant digits: every intermediate rounded half away from zero,
 * half to even, or cut off, the habit changing from step to step, and each
 * product of a sum and e^(−z) on the way to σ written down too, as the
 * person's habit is.  tests/hand_simulation.h keeps what they reached.
 *
 * For each quantity, backstep's hand range must
 *   - hold every value the simulated computations reached, at every number
 *     of digits (an honest hand computation is never marked wrong);
 *   - from 2 digits on, refuse the exact value with its sign flipped when
 *     no simulated computation changed the sign;
 *   - from 2 digits on, stay close to what was reached: no wider than the
 *     reached span, plus two units of the last digit each side, times a
 *     small factor.  The simulation samples mixtures of habits (and on the
 *     two small networks searches locally for the extremes), so it does not
 *     reach every corner a bound must cover; here the ranges come out at
 *     most about 3.5 times the simulated span, more only where that span
 *     is a unit or two of the last digit. */
#include <math.h>
#include <stdlib.h>

#include "deriv.h"
#include "functions.h"
#include "hand_range.h"
#include "net.h"
#include "numfmt.h"
#include "quantity.h"
#include "tap.h"

typedef struct {
    const char *shape, *activation, *loss;
    double lr;
    double weights[1100], biases[96], x[16], t[16];   /* weights row by row, layer by layer */
} SimulatedNetwork;

typedef struct {
    int network, digits;
    const char *name;
    double exact, least, most;
    bool sign_flips;          /* some simulated computation had the other sign */
} SimulatedRange;

#include "hand_simulation.h"

/* How much wider than the simulated span (plus two units each side) a
 * range may be.  The simulation samples mixtures of habits, so it does not
 * reach every corner that a bound must cover. */
enum { SLACK_FACTOR = 3 };

static Net *build_net(const SimulatedNetwork *s)
{
    Error error;
    const char *activation = s->activation;
    Net *net = net_new(s->shape, &activation, 1, &error);
    if (!net)
        return NULL;
    int w = 0, b = 0;
    for (int l = 1; l <= net->n_layers; l++) {
        for (int j = 0; j < net->sizes[l]; j++)
            for (int k = 0; k < net->sizes[l - 1]; k++)
                *net_weight(net, l, j, k) = s->weights[w++];
        for (int j = 0; j < net->sizes[l]; j++)
            *net_bias(net, l, j) = s->biases[b++];
    }
    return net;
}

static void check_range(const SimulatedRange *r)
{
    const SimulatedNetwork *s = &NETWORKS[r->network];
    Net *net = build_net(s);
    if (!net) {
        tap_ok(false, "network %s builds", s->shape);
        return;
    }
    DerivationSpec spec = {net, s->x, s->t, loss_find(s->loss), s->lr, true, 0, false, NULL, 0, r->digits, NULL, NULL};
    Derivation *d = deriv_build(&spec);
    Quantity q;
    Error error;
    const Step *step = d && quantity_parse(net, true, NULL, r->name, &q, &error) ? deriv_find(d, q) : NULL;
    if (!step) {
        tap_ok(false, "%s of %s is computed", r->name, s->shape);
    } else {
        Interval range;
        double value;
        if (!hand_range(&spec, q, r->digits, &value, &range))
            range = (Interval){-INFINITY, INFINITY};
        tap_ok(fabs(step->value - r->exact) <= 1e-9 * fabs(r->exact) + 1e-15,
               "%s %s: exact value %.10g (simulated %.10g)", s->shape, r->name, step->value, r->exact);
        tap_ok(range.lo <= r->least && r->most <= range.hi,
               "%s %s at %d digits: the range %.4g to %.4g holds every simulated value (%.4g to %.4g)",
               s->shape, r->name, r->digits, range.lo, range.hi, r->least, r->most);
        double flipped = -num_round_sig(r->exact, r->digits);
        /* under 2 digits only the interval bound is used, sure but loose on
         * deep or wide networks, and backstep warns that too few digits are
         * left to judge; the single neuron's one-digit verdicts are in
         * test_grade */
        bool sign_is_clear = r->digits >= 2;
        if (!r->sign_flips && r->exact != 0 && sign_is_clear)
            tap_ok(!interval_contains(range, flipped),
                   "%s %s at %d digits: no hand computation flips the sign, and the range %.4g to %.4g "
                   "refuses the flipped %.4g", s->shape, r->name, r->digits, range.lo, range.hi, flipped);
        double largest = fmax(fabs(r->least), fabs(r->most));
        double unit = pow(10.0, floor(log10(largest)) - r->digits + 1);
        double allowed = SLACK_FACTOR * (r->most - r->least + 4 * unit);
        if (r->digits >= 2)   /* under 2 digits only the interval bound is used, and backstep warns */
            tap_ok(range.hi - range.lo <= allowed,
               "%s %s at %d digits: the range is %.3g wide, within %.3g (%.1f times the simulated span)",
               s->shape, r->name, r->digits, range.hi - range.lo, allowed,
               (range.hi - range.lo) / fmax(r->most - r->least, 1e-300));
    }
    deriv_free(d);
    net_free(net);
}

int main(void)
{
    for (size_t i = 0; i < sizeof RANGES / sizeof RANGES[0]; i++)
        check_range(&RANGES[i]);
    return tap_done();
}
