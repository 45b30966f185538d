/* Builds in part against whole builds, on random networks.
 *
 * Grading asks about one quantity in many variants of one training step,
 * and builds each only as far as that quantity needs and only from the
 * first step the variant changes (deriv_build_part).  That is a shortcut
 * beside the whole build: here both are made of the same random networks
 * (every activation, softmax and its loss, biases on and off, frozen
 * parameters), the learner's values (overrides) drawn at random, with and
 * without hand ranges, and must agree bit for bit:
 *   - a part built for q holds q and every step q is computed from, each
 *     with the value, range, operands and hand range the whole build
 *     gives it;
 *   - a part or a whole built reusing a derivation of other overrides (a
 *     whole one, or a part) is the same as one built afresh; a whole one
 *     down to the text of every step.
 * No expected number here comes from backstep: the whole build is the
 * reference, and test_gradients, test_hand_ranges and the lessons check
 * it against central differences, simulated hand computations and
 * walkthroughs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deriv.h"
#include "functions.h"
#include "hand_range.h"
#include "net.h"
#include "quantity.h"
#include "tap.h"
#include "test_random.h"

enum { NETWORKS = 150, QUESTIONS = 12, MAX_OVERRIDES = 6 };

static int below(int n) { return (int)(test_random_next() % (unsigned long long)n); }


static bool same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static bool same_interval(Interval a, Interval b) { return same_bits(a.lo, b.lo) && same_bits(a.hi, b.hi); }

/* Whether two steps carry the same numbers (and, with `text`, the same text). */
static bool same_step(const Step *a, const Step *b, bool text)
{
    bool same = quantity_equal(a->what, b->what) && a->phase == b->phase && a->n_operands == b->n_operands &&
                same_bits(a->computed, b->computed) && same_bits(a->value, b->value) &&
                a->overridden == b->overridden && a->uses_override == b->uses_override &&
                same_interval(a->range, b->range) && same_bits(a->before, b->before) && a->frozen == b->frozen &&
                same_interval(a->written_inside, b->written_inside) &&
                same_bits(a->inside_variance, b->inside_variance) && same_bits(a->inside_cut_shift, b->inside_cut_shift);
    for (int o = 0; same && o < a->n_operands; o++)
        same = quantity_equal(a->operands[o].what, b->operands[o].what) &&
               same_bits(a->operands[o].value, b->operands[o].value) &&
               same_interval(a->operands[o].range, b->operands[o].range) &&
               same_bits(a->operands[o].partial, b->operands[o].partial);
    if (same && text)
        same = strcmp(a->formula, b->formula) == 0 && (a->chain == NULL) == (b->chain == NULL) &&
               (!a->chain || strcmp(a->chain, b->chain) == 0) && a->kind == b->kind && a->clamped == b->clamped;
    return same;
}

/* Whether `part` holds q and every step q is computed from as `whole`
 * does, in the same order, with the same hand range for q.  On a
 * difference, `why` says where. */
static bool agrees_for(const Derivation *whole, const Derivation *part, Quantity q, int digits, char *why,
                       size_t size)
{
    const Step *target = deriv_find(whole, q), *part_target = part ? deriv_find(part, q) : NULL;
    if (!part_target) {
        snprintf(why, size, "the part has no step for the quantity");
        return false;
    }
    bool *reached = calloc((size_t)deriv_n_steps(whole), sizeof *reached);
    if (!reached)
        return false;
    deriv_mark_sources(whole, target, reached);
    bool same = true;
    int last = -1;
    for (int i = 0; i < deriv_n_steps(whole) && same; i++) {
        if (!reached[i])
            continue;
        const Step *step = deriv_step(whole, i), *mine = deriv_find(part, deriv_step_quantity(step));
        if (!mine || !same_step(step, mine, false)) {
            snprintf(why, size, "step %d (kind %d) differs", i, step->what.kind);
            same = false;
        } else if (deriv_step_index(part, mine) <= last) {
            snprintf(why, size, "step %d comes out of order", i);
            same = false;
        } else {
            last = deriv_step_index(part, mine);
        }
    }
    free(reached);
    Interval whole_range, part_range;
    if (same && !(hand_range_in(whole, target, digits, &whole_range) &&
                  hand_range_in(part, part_target, digits, &part_range) && same_interval(whole_range, part_range))) {
        snprintf(why, size, "the hand ranges differ");
        same = false;
    }
    return same;
}

/* Whether two whole derivations are the same step for step, text and all. */
static bool same_whole(const Derivation *a, const Derivation *b, char *why, size_t size)
{
    if (!a || !b || deriv_n_steps(a) != deriv_n_steps(b)) {
        snprintf(why, size, "the numbers of steps differ");
        return false;
    }
    for (int p = 0; p <= N_PHASES; p++)
        if (deriv_phase_start(a, (Phase)p) != deriv_phase_start(b, (Phase)p)) {
            snprintf(why, size, "phase %d starts elsewhere", p);
            return false;
        }
    for (int i = 0; i < deriv_n_steps(a); i++)
        if (!same_step(deriv_step(a, i), deriv_step(b, i), true)) {
            snprintf(why, size, "step %d differs", i);
            return false;
        }
    return true;
}

static Net *random_net(char *shape, size_t size)
{
    static const char *const HIDDEN[] = {"sigmoid", "tanh", "relu", "leaky_relu", "linear"};
    int n_layers = 1 + below(4);
    int used = snprintf(shape, size, "%d", 1 + below(4));
    for (int l = 1; l <= n_layers; l++)
        used += snprintf(shape + used, size - (size_t)used, "-%d", 1 + below(4));
    const char *names[NET_MAX_LAYERS];
    for (int l = 0; l < n_layers; l++)
        names[l] = HIDDEN[below(5)];
    if (below(4) == 0)
        names[n_layers - 1] = "softmax";   /* refused below 2 outputs: drawn again */
    Error error;
    Net *net = net_new(shape, names, n_layers, &error);
    if (!net)
        return NULL;
    for (int l = 1; l <= net->n_layers; l++)
        for (int j = 0; j < net->sizes[l]; j++) {
            for (int k = 0; k < net->sizes[l - 1]; k++) {
                *net_weight(net, l, j, k) = uniform(-1, 1);
                *net_weight_frozen(net, l, j, k) = below(10) == 0;
            }
            *net_bias(net, l, j) = uniform(-0.5, 0.5);
            *net_bias_frozen(net, l, j) = below(10) == 0;
        }
    return net;
}

/* Up to MAX_OVERRIDES of the learner's values, for computed steps of d. */
static int random_overrides(const Derivation *d, Override *overrides)
{
    int n = below(MAX_OVERRIDES + 1);
    for (int i = 0; i < n; i++) {
        const Step *step = deriv_step(d, below(deriv_n_steps(d)));
        overrides[i] = (Override){deriv_step_quantity(step), step->value * uniform(0.5, 1.5)};
    }
    return n;
}

static void check_network(int index)
{
    char shape[64];
    Net *net = random_net(shape, sizeof shape);
    while (!net)
        net = random_net(shape, sizeof shape);
    bool softmax = net->activation[net->n_layers]->whole_layer;
    double x[NET_MAX_WIDTH], t[NET_MAX_WIDTH];
    for (int k = 0; k < net_n_inputs(net); k++)
        x[k] = uniform(-2, 2);
    for (int j = 0; j < net_n_outputs(net); j++)
        t[j] = softmax ? 0 : uniform(-1, 1);
    if (softmax)
        t[below(net_n_outputs(net))] = 1;
    const Loss *loss = softmax && below(2) ? loss_find("ce") : loss_find(below(2) ? "sse" : "half-sse");
    int digits = below(5);   /* 0: no hand ranges */
    DerivationSpec plain = {net, x, t, loss, 0.1, below(4) != 0, 0, false, NULL, 0, digits, NULL, NULL};
    Derivation *first = deriv_build(&plain);
    Override overrides[MAX_OVERRIDES], others[MAX_OVERRIDES];
    DerivationSpec spec = plain, other = plain;
    spec.overrides = overrides;
    spec.n_overrides = random_overrides(first, overrides);
    other.overrides = others;
    other.n_overrides = random_overrides(first, others);
    /* some of the other's values are this spec's own, so that a reuse takes steps over */
    for (int i = 0; i < other.n_overrides && i < spec.n_overrides; i++)
        if (below(2))
            others[i] = overrides[i];
    Derivation *whole = deriv_build(&spec), *base = deriv_build(&other);
    bool parts_agree = true, reused_agree = true, reused_parts_agree = true;
    char why[200] = "", shown[300] = "";
    for (int i = 0; i < QUESTIONS && whole && base; i++) {
        Quantity q = deriv_step_quantity(deriv_step(whole, below(deriv_n_steps(whole))));
        Derivation *part = deriv_build_part(&spec, &q, NULL);
        Derivation *reused = deriv_build_part(&spec, &q, base);
        Derivation *base_part = deriv_build_part(&other, &q, NULL);
        Derivation *reused_part = deriv_build_part(&spec, &q, base_part);
        char name[NAME_MAX];
        quantity_name(net, q, name, sizeof name);
        if (parts_agree && !agrees_for(whole, part, q, digits, why, sizeof why)) {
            parts_agree = false;
            snprintf(shown, sizeof shown, " (%s: %s)", name, why);
        }
        if (reused_agree && !agrees_for(whole, reused, q, digits, why, sizeof why)) {
            reused_agree = false;
            snprintf(shown, sizeof shown, " (%s reusing a whole build: %s)", name, why);
        }
        if (reused_parts_agree && !agrees_for(whole, reused_part, q, digits, why, sizeof why)) {
            reused_parts_agree = false;
            snprintf(shown, sizeof shown, " (%s reusing a part: %s)", name, why);
        }
        deriv_free(reused_part);
        deriv_free(base_part);
        deriv_free(reused);
        deriv_free(part);
    }
    Derivation *rebuilt = deriv_build_part(&spec, NULL, base);
    bool whole_agrees = same_whole(whole, rebuilt, why, sizeof why);
    if (!whole_agrees)
        snprintf(shown, sizeof shown, " (a whole build reusing another: %s)", why);
    tap_ok(whole && base && parts_agree && reused_agree && reused_parts_agree && whole_agrees,
           "network %d, %s %s, %d overrides, hand ranges at %d digits: built in part, or reusing a build of "
           "other overrides, every step asked about agrees with the whole build%s",
           index, shape, loss->name, spec.n_overrides, digits, shown);
    deriv_free(rebuilt);
    deriv_free(base);
    deriv_free(whole);
    deriv_free(first);
    net_free(net);
}

int main(void)
{
    for (int i = 0; i < NETWORKS; i++)
        check_network(i);
    return tap_done();
}
