/* grade: grading hand-computed answers (see grade.h).
 *
 * Two worlds are consulted.  The correct world is the exact derivation.
 * The learner's world is the same derivation with the learner's own
 * earlier values carried in place of the exact ones (error carried
 * forward).  Each is built with hand ranges at the answer's digits, so a
 * mistake's value is judged with the same tolerance as the right one.
 *
 * Most answers are judged on the steps the answered quantity is computed
 * from alone, so each world is first built only that far
 * (deriv_build_part).  A wrong answer is diagnosed on the whole world,
 * and each common mistake is a variant of it: built again only from the
 * first step the mistake changes, and only as far as the quantity. */
#include "grade.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grade_internal.h"
#include "hand_range.h"
#include "numfmt.h"

/* The widest layer whose paths are tried one by one. */
enum { GRADE_MAX_PATHS = 8 };

/* grade_fits() with the answer rounded to its digits already: rounding
 * reads decimal digits, which is slow, and the last resort of a diagnosis
 * compares the answer with every step of the derivation. */
static bool fits_rounded(double answer, double answer_rounded, int digits, double value, Interval range)
{
    /* a range's ends come from floating-point arithmetic: an answer that
     * stands exactly at one (−0.0214) must not fall out by a rounding error */
    double slack = 1e-12 * fmax(fabs(range.lo), fabs(range.hi));
    Interval widened = {range.lo - slack, range.hi + slack};
    if (interval_contains(widened, answer))
        return true;
    /* rounded alike, both lie within half a unit u of the last digit of
     * the rounded answer A, and u <= |A| <= 2 |answer|: a value further
     * than 2 |answer| away need not be rounded to be told apart */
    if (answer != 0 && fabs(value - answer) > 3 * fabs(answer))
        return false;
    return num_round_sig(value, digits) == answer_rounded;
}

bool grade_fits(double answer, int digits, double value, Interval range)
{
    return fits_rounded(answer, num_round_sig(answer, digits), digits, value, range);
}

/* The training step with `extra` values carried (they win over the
 * learner's), and the learner's values too when `learner_world`, in exact
 * arithmetic with hand ranges at the answer's digits.  Free the returned
 * overrides (spec->overrides) with free(); NULL when memory runs out. */
static Override *world_spec(const Grader *g, const Override *extra, int n_extra, bool learner_world,
                            DerivationSpec *spec)
{
    int n = n_extra + (learner_world ? g->n_learner : 0);
    Override *overrides = malloc(sizeof *overrides * (size_t)(n ? n : 1));
    if (!overrides)
        return NULL;
    if (n_extra)
        memcpy(overrides, extra, sizeof *overrides * (size_t)n_extra);
    if (learner_world && g->n_learner)
        memcpy(overrides + n_extra, g->learner, sizeof *overrides * (size_t)g->n_learner);
    *spec = *g->base;
    spec->round_digits = 0;
    spec->round_places = false;
    spec->overrides = overrides;
    spec->n_overrides = n;
    spec->range_digits = g->range_digits;
    return overrides;
}

/* A world as world_spec() describes it: whole, or with `only` what q
 * needs; `reuse` (or NULL) is a world of the same spec but for overrides
 * (deriv_build_part). */
static Derivation *build(const Grader *g, const Override *extra, int n_extra, bool learner_world, bool only,
                         const Derivation *reuse)
{
    DerivationSpec spec;
    Override *overrides = world_spec(g, extra, n_extra, learner_world, &spec);
    Derivation *d = overrides ? deriv_build_part(&spec, only ? &g->q : NULL, reuse) : NULL;
    free(overrides);
    return d;
}

/* q's value and hand range (hand_range.h) in a world as build() makes it,
 * built from the whole world's first step that `extra` changes. */
static bool world_hand_range(const Grader *g, const Override *extra, int n_extra, bool learner_world, double *value,
                             Interval *range)
{
    Derivation *d = build(g, extra, n_extra, learner_world, true, g->whole[learner_world]);
    const Step *step = d ? deriv_find(d, g->q) : NULL;
    bool ok = step && hand_range_in(d, step, g->range_digits, range);
    if (ok)
        *value = step->value;
    deriv_free(d);
    return ok;
}

/* Whether the answer agrees with a value and its hand range.  Zero has no
 * digits to round at, so a zero answer is never judged by a range. */
static bool fits(const Grader *g, double value, Interval range)
{
    return fits_rounded(g->answer, g->answer_rounded, g->digits, value, g->answer != 0 ? range : interval_point(NAN));
}

static bool diagnose(Grader *g, const Derivation *w, bool learner_world, Interval range);

/* Takes a mistake whose value the answer fits as the diagnosis (or, when
 * one was found already, as a second that fits as well). */
bool grader_accept(Grader *g, Because because, const Quantity *other, double value, Interval range)
{
    if (!fits(g, value, range))
        return false;
    Verdict *v = g->verdict;
    if (g->looking_for_another) {
        /* reading another quantity's value is the last resort, and after a
         * named slip it only restates it (dL/dw1 without x1 is dL/dz) */
        bool same = because == v->because && (other != NULL) == v->other_is_set &&
                    (!other || quantity_equal(*other, v->other));
        if (same || because == MISTAKE_OTHER_QUANTITY)
            return false;
        v->has_also = true;
        v->also = because;
        v->also_other_is_set = other != NULL;
        if (other)
            v->also_other = *other;
        return true;
    }
    v->because = because;
    v->other_is_set = other != NULL;
    if (other)
        v->other = *other;
    v->likely = num_round_sig(value, g->digits) != num_round_sig(g->answer, g->digits);
    return true;
}

/* Diagnoses in world w, then looks for a second mistake that fits too: a
 * value that two slips give is not proof of either. */
static bool diagnose_both(Grader *g, const Derivation *w, bool learner_world, Interval range)
{
    if (!diagnose(g, w, learner_world, range))
        return false;
    g->looking_for_another = true;
    diagnose(g, w, learner_world, range);
    g->looking_for_another = false;
    return true;
}

/* Rebuilds with `extra` carried and tries q's value there. */
bool grader_accept_rebuilt(Grader *g, bool learner_world, Because because, const Quantity *other,
                           const Override *extra, int n_extra)
{
    double value;
    Interval range;
    return world_hand_range(g, extra, n_extra, learner_world, &value, &range) &&
           grader_accept(g, because, other, value, range);
}

/* The quantity feeding input k of layer l, and its value and range in w. */
static Operand layer_input(const Grader *g, const Derivation *w, int layer, int k)
{
    Quantity input = quantity_layer_input(layer, k);
    if (layer == 1)
        return (Operand){input, g->base->input[k], interval_point(g->base->input[k]), 0.0};
    const Step *step = deriv_find(w, input);
    return (Operand){input, step->value, step->range, 0.0};
}

static bool is_backward(Quantity q)
{
    return q.kind == Q_DL_DA || q.kind == Q_DL_DZ || q.kind == Q_DL_DW || q.kind == Q_DL_DB ||
           q.kind == Q_NEW_WEIGHT || q.kind == Q_NEW_BIAS;
}

/* The learner left the input factor out of dL/dW, or used another input. */
static bool try_inputs(Grader *g, const Derivation *w)
{
    Quantity q = g->q;
    if (q.kind != Q_DL_DW)
        return false;
    Quantity error_q = {Q_DL_DZ, q.layer, q.row, 0, 0};
    const Step *error_step = deriv_find(w, error_q);
    if (grader_accept(g, MISTAKE_NO_INPUT, &error_q, error_step->value, error_step->range))
        return true;
    for (int k = 0; k < g->base->net->sizes[q.layer - 1]; k++) {
        if (k == q.col)
            continue;
        Operand input = layer_input(g, w, q.layer, k);
        Interval range = interval_hand_round(interval_mul(error_step->range, input.range), g->range_digits);
        if (grader_accept(g, MISTAKE_WRONG_INPUT, &input.what, error_step->value * input.value, range))
            return true;
    }
    return false;
}

/* Carries `value_of(w, layer, j)` for every neuron's slope in the layers
 * chosen: each layer alone, then all together. */
static bool try_slopes(Grader *g, const Derivation *w, bool learner_world, Because because,
                       bool (*applies)(const Net *net, int layer), double (*value_of)(const Derivation *w, int layer, int j))
{
    const Net *net = g->base->net;
    Override *extra = malloc(sizeof *extra * (size_t)(NET_MAX_LAYERS * NET_MAX_WIDTH));
    if (!extra)
        return false;
    bool found = false;
    int n_applying = 0;
    for (int l = 1; l <= net->n_layers; l++)
        n_applying += applies(net, l);
    for (int pass = 0; pass < 2 && !found; pass++) {
        /* pass 0: one layer at a time; pass 1: every layer at once */
        if (pass == 1 && n_applying < 2)
            break;
        int n = 0;
        for (int l = 1; l <= net->n_layers && !found; l++) {
            if (!applies(net, l))
                continue;
            if (pass == 0)
                n = 0;
            for (int j = 0; j < net->sizes[l]; j++)
                extra[n++] = (Override){{Q_DA_DZ, l, j, 0, 0}, value_of(w, l, j)};
            if (pass == 0)
                found = grader_accept_rebuilt(g, learner_world, because, NULL, extra, n);
        }
        if (pass == 1)
            found = grader_accept_rebuilt(g, learner_world, because, NULL, extra, n);
    }
    free(extra);
    return found;
}

static bool has_slope(const Net *net, int layer) { return !net->activation[layer]->whole_layer; }

static bool is_sigmoid(const Net *net, int layer) { return strcmp(net->activation[layer]->name, "sigmoid") == 0; }

static double slope_left_out(const Derivation *w, int layer, int j)
{
    (void)w, (void)layer, (void)j;
    return 1.0;
}

static double slope_of_z(const Derivation *w, int layer, int j)
{
    double z = deriv_find(w, (Quantity){Q_Z, layer, j, 0, 0})->value;
    return z * (1 - z);
}

/* The 2 of a squared loss dropped, or the ½ of half-sse forgotten. */
static bool try_loss_factor(Grader *g, const Derivation *w, bool learner_world)
{
    const Net *net = g->base->net;
    const Loss *loss = g->base->loss;
    if (loss->slip == LOSS_SLIP_NONE)
        return false;
    Because because = loss->slip == LOSS_SLIP_FORGOT_HALF ? MISTAKE_FORGOT_HALF : MISTAKE_DROPPED_TWO;
    double factor = loss->slip == LOSS_SLIP_FORGOT_HALF ? 2.0 : 0.5;
    if (g->q.kind == Q_LOSS) {
        if (loss->slip != LOSS_SLIP_FORGOT_HALF)
            return false;
        const Step *step = deriv_find(w, g->q);
        Interval range = interval_mul(step->range, interval_point(factor));
        return grader_accept(g, because, NULL, factor * step->value, range);
    }
    if (!is_backward(g->q))
        return false;
    Override extra[NET_MAX_WIDTH];
    int n = 0;
    for (int j = 0; j < net_n_outputs(net); j++) {
        const Step *step = deriv_find(w, (Quantity){Q_DL_DA, net->n_layers, j, 0, 0});
        if (step)
            extra[n++] = (Override){step->what, factor * step->value};
    }
    return n && grader_accept_rebuilt(g, learner_world, because, NULL, extra, n);
}

static bool fits_written_step(Grader *g, const Derivation *w, bool learner_world, double factor, Interval *range,
                              int *digits);

/* θ + lr × dL/dθ, or θ − dL/dθ, worked exactly, or with the step written
 * down at its own digits as hand mode works it. */
static bool try_update(Grader *g, const Derivation *w, bool learner_world)
{
    if (g->q.kind != Q_NEW_WEIGHT && g->q.kind != Q_NEW_BIAS)
        return false;
    const Step *step = deriv_find(w, g->q);
    if (step->frozen || step->n_operands != 3)
        return false;
    const Operand *theta = &step->operands[0], *lr = &step->operands[1], *gradient = &step->operands[2];
    int d = g->range_digits;
    Interval change = interval_hand_round(interval_mul(lr->range, gradient->range), d);
    Interval added = interval_hand_round(interval_add(theta->range, change), d);
    if (grader_accept(g, MISTAKE_UPDATE_ADDED, NULL, theta->value + lr->value * gradient->value, added))
        return true;
    Interval no_lr = interval_hand_round(interval_sub(theta->range, gradient->range), d);
    if (grader_accept(g, MISTAKE_NO_LR, NULL, theta->value - gradient->value, no_lr))
        return true;
    Interval range;
    int digits;
    if (fits_written_step(g, w, learner_world, -lr->value, &range, &digits))
        return grader_accept(g, MISTAKE_UPDATE_ADDED, NULL, g->answer, interval_point(g->answer));
    if (fits_written_step(g, w, learner_world, 1.0, &range, &digits))
        return grader_accept(g, MISTAKE_NO_LR, NULL, g->answer, interval_point(g->answer));
    return false;
}

/* A hidden layer's dL/da built from the layer above: with the updated
 * weights (path < 0 and updated), or along one path only (path >= 0). */
static bool try_hidden_errors(Grader *g, const Derivation *w, bool learner_world)
{
    const Net *net = g->base->net;
    if (!is_backward(g->q) || net->n_layers < 2)
        return false;
    Override extra[NET_MAX_WIDTH];
    for (int l = net->n_layers - 1; l >= 1; l--) {
        int above = l + 1;
        /* the updated weights */
        for (int k = 0; k < net->sizes[l]; k++) {
            double sum = 0;
            for (int j = 0; j < net->sizes[above]; j++)
                sum += deriv_find(w, (Quantity){Q_DL_DZ, above, j, 0, 0})->value *
                       deriv_find(w, (Quantity){Q_NEW_WEIGHT, above, j, k, 0})->value;
            extra[k] = (Override){{Q_DL_DA, l, k, 0, 0}, sum};
        }
        Quantity weights = {Q_WEIGHT, above, QUANTITY_WHOLE, 0, 0};
        if (grader_accept_rebuilt(g, learner_world, MISTAKE_UPDATED_WEIGHT, &weights, extra, net->sizes[l]))
            return true;
        /* one path: every neuron of layer l hears only from neuron j above.
         * Each path is a rebuild, so only layers narrow enough to work by
         * hand are tried (a 64-wide layer would take seconds). */
        if (net->sizes[above] < 2 || net->sizes[above] > GRADE_MAX_PATHS)
            continue;
        for (int j = 0; j < net->sizes[above]; j++) {
            double error_above = deriv_find(w, (Quantity){Q_DL_DZ, above, j, 0, 0})->value;
            for (int k = 0; k < net->sizes[l]; k++)
                extra[k] = (Override){{Q_DL_DA, l, k, 0, 0}, error_above * *net_weight(net, above, j, k)};
            Quantity path = {Q_DL_DZ, above, j, 0, 0};
            if (grader_accept_rebuilt(g, learner_world, MISTAKE_ONE_PATH, &path, extra, net->sizes[l]))
                return true;
        }
    }
    return false;
}

/* An updated parameter as hand mode works it: the step lr × dL/dθ written
 * down at its own digits and subtracted from θ whole, so that a small step
 * never vanishes (1 − 0.1 × (−0.0313) = 1.00313, which has 6 digits though
 * the step has 3).  True when the answer is θ less such a step in world w,
 * the step being factor × dL/dθ: lr as it should, −lr for a step added,
 * 1 for lr left out.  `range` then gets the parameter's range and
 * `digits` the step's. */
static bool fits_written_step(Grader *g, const Derivation *w, bool learner_world, double factor, Interval *range,
                              int *digits)
{
    if (g->q.kind != Q_NEW_WEIGHT && g->q.kind != Q_NEW_BIAS)
        return false;
    const Step *step = deriv_find(w, g->q);
    if (!step || step->frozen || step->n_operands != 3)
        return false;
    double theta = step->operands[0].value, lr = factor;
    /* the step the learner subtracted, to the decimals θ and the answer
     * are written with, so that binary noise adds no digits to it */
    char text[NUM_TEXT_MAX];
    double parsed;
    NumberWritten written, theta_written;
    num_format(text, sizeof text, theta, 15, false);
    if (!num_parse(text, &parsed, &theta_written))
        return false;
    int decimals = g->decimals > theta_written.decimals ? g->decimals : theta_written.decimals;
    num_format_places(text, sizeof text, theta - g->answer, decimals, false);
    if (!num_parse(text, &parsed, &written) || parsed == 0)
        return false;
    *digits = written.significant_digits < 1 ? 1 : written.significant_digits > 14 ? 14 : written.significant_digits;
    Grader at_gradient = *g;
    at_gradient.q = step->operands[2].what;
    at_gradient.range_digits = *digits;
    at_gradient.whole[0] = at_gradient.whole[1] = NULL;   /* built at other digits */
    double gradient;
    Interval gradient_range;
    if (!world_hand_range(&at_gradient, NULL, 0, learner_world, &gradient, &gradient_range))
        return false;
    Interval step_range = interval_hand_round(interval_mul(interval_point(lr), gradient_range), *digits);
    if (num_round_sig(lr * gradient, *digits) != num_round_sig(parsed, *digits) &&
        !grade_fits(parsed, *digits, lr * gradient, step_range))
        return false;
    *range = interval_sub(interval_point(theta), step_range);
    return true;
}

void grader_consider(const Grader *g, Closest *closest, Quantity q, double value, Interval range)
{
    if (fits(g, value, range) && fabs(value - g->answer) < closest->distance)
        *closest = (Closest){q, value, fabs(value - g->answer)};
}

/* The value of another quantity: a computed one, or a given number
 * (a weight, a bias, x, t). */
static bool try_other_quantities(Grader *g, const Derivation *w)
{
    const Net *net = g->base->net;
    Closest closest = {{0}, 0, INFINITY};
    for (int i = 0; i < deriv_n_steps(w); i++) {
        const Step *step = deriv_step(w, i);
        Quantity q = deriv_step_quantity(step);
        if (!quantity_equal(q, g->q))
            grader_consider(g, &closest, q, step->value, step->range);
    }
    for (int l = 1; l <= net->n_layers; l++)
        for (int j = 0; j < net->sizes[l]; j++) {
            for (int k = 0; k < net->sizes[l - 1]; k++)
                grader_consider(g, &closest, (Quantity){Q_WEIGHT, l, j, k, 0}, *net_weight(net, l, j, k),
                         interval_point(*net_weight(net, l, j, k)));
            if (g->base->use_bias)
                grader_consider(g, &closest, (Quantity){Q_BIAS, l, j, 0, 0}, *net_bias(net, l, j),
                         interval_point(*net_bias(net, l, j)));
        }
    for (int k = 0; k < net_n_inputs(net); k++)
        grader_consider(g, &closest, (Quantity){Q_INPUT, 0, k, 0, 0}, g->base->input[k], interval_point(g->base->input[k]));
    for (int j = 0; j < net_n_outputs(net); j++)
        grader_consider(g, &closest, (Quantity){Q_TARGET, 0, j, 0, 0}, g->base->target[j], interval_point(g->base->target[j]));
    if (closest.distance == INFINITY)
        return false;
    return grader_accept(g, MISTAKE_OTHER_QUANTITY, &closest.what, closest.value, interval_point(closest.value));
}

/* Tries the common mistakes in world w, the most specific first; q's
 * value there has the hand range `range`. */
static bool diagnose(Grader *g, const Derivation *w, bool learner_world, Interval range)
{
    const Step *step = deriv_find(w, g->q);
    if (step->value != 0 && grader_accept(g, MISTAKE_SIGN, NULL, -step->value, interval_neg(range)))
        return true;
    if (g->base->graph)
        return grade_graph_diagnose(g, w, learner_world);
    if (try_inputs(g, w))
        return true;
    if (is_backward(g->q) && try_slopes(g, w, learner_world, MISTAKE_NO_SLOPE, has_slope, slope_left_out))
        return true;
    if ((is_backward(g->q) || g->q.kind == Q_DA_DZ) &&
        try_slopes(g, w, learner_world, MISTAKE_SLOPE_OF_Z, is_sigmoid, slope_of_z))
        return true;
    if (try_loss_factor(g, w, learner_world) || try_update(g, w, learner_world) || try_hidden_errors(g, w, learner_world))
        return true;
    return try_other_quantities(g, w);
}

/* Notes the learner's values that the answer is built on: those that are
 * off (`only_off`, as slips), or all of them. */
static void find_learner_values(const Derivation *correct, const Step *step, const LearnerValue *learner,
                                int n_learner, bool only_off, Slip *found, int *n_found, bool *more)
{
    bool *reached = malloc(sizeof *reached * (size_t)deriv_n_steps(correct));
    if (!reached)
        return;
    deriv_mark_sources(correct, step, reached);
    for (int i = 0; i < n_learner; i++) {
        const Step *source = deriv_find(correct, learner[i].what);
        if (!source || source == step || !reached[deriv_step_index(correct, source)])
            continue;
        int digits = learner[i].digits > 0 ? learner[i].digits : 1;
        double correct_value = num_round_sig(source->value, digits);
        bool off = learner[i].judged ? learner[i].wrong : num_round_sig(learner[i].value, digits) != correct_value;
        if (only_off && !off)
            continue;
        bool seen = false;
        for (int k = 0; k < *n_found; k++)
            seen = seen || quantity_equal(found[k].what, learner[i].what);
        if (seen)
            continue;
        if (*n_found == VERDICT_MAX_SLIPS) {
            if (more)
                *more = true;
            continue;
        }
        found[(*n_found)++] = (Slip){learner[i].what, learner[i].value, correct_value};
    }
    free(reached);
}

bool grade_answer(const DerivationSpec *spec, const LearnerValue *learner, int n_learner, Quantity q,
                  double answer, NumberWritten written, Verdict *verdict, Error *error)
{
    memset(verdict, 0, sizeof *verdict);
    verdict->what = q;
    verdict->answer = answer;
    verdict->digits = written.significant_digits;
    verdict->decimals = written.decimals;
    int range_digits = written.significant_digits < 1 ? 1 : written.significant_digits > 14 ? 14
                                                                                           : written.significant_digits;
    Grader g = {.base = spec, .q = q, .answer = answer,
                .answer_rounded = num_round_sig(answer, written.significant_digits),
                .digits = written.significant_digits, .range_digits = range_digits, .decimals = written.decimals,
                .verdict = verdict};

    Derivation *correct = build(&g, NULL, 0, false, true, NULL);
    if (!correct)
        return error_set(error, "out of memory while grading");
    const Step *step = deriv_find(correct, q);
    if (!step) {
        deriv_free(correct);
        return error_set(error, "that quantity is not computed in this derivation");
    }
    if (!hand_range_in(correct, step, g.range_digits, &verdict->hand_range)) {
        deriv_free(correct);
        return error_set(error, "out of memory while grading");
    }
    verdict->exact = step->value;
    /* a short answer that is the exact value (0, or 3 for dg/dx = 3) leaves nothing to judge */
    verdict->few_digits = written.significant_digits < GRADE_FEW_DIGITS && answer != step->value &&
                          !(floor(answer) == answer && floor(step->value) == step->value);   /* −6 for 6 */

    if (answer == 0) {
        /* zero has no significant digits: it is right when the exact value
         * is zero, or rounds to zero at the decimals written (0.00) */
        bool zero = step->value == 0 ||
                    (written.decimals > 0 && num_round_decimals(step->value, written.decimals) == 0);
        if (zero) {
            verdict->grade = GRADE_CORRECT;
            verdict->because = BECAUSE_ROUNDS_TO;
            deriv_free(correct);
            return true;
        }
    } else if (num_round_sig(step->value, g.digits) == num_round_sig(answer, g.digits)) {
        verdict->grade = GRADE_CORRECT;
        verdict->because = BECAUSE_ROUNDS_TO;
        /* right, but at these digits the update does not show: say so, as
         * forgetting the update gives the same answer */
        verdict->same_as_before = step->phase == PHASE_UPDATE && !step->frozen && step->n_operands == 3 &&
                                  answer == step->operands[0].value && step->value != answer;
        deriv_free(correct);
        return true;
    }

    /* the learner's world: their values, except any for q itself */
    Override *own = malloc(sizeof *own * (size_t)(n_learner ? n_learner : 1));
    if (!own) {
        deriv_free(correct);
        return error_set(error, "out of memory while grading");
    }
    for (int i = 0; i < n_learner; i++)
        if (!quantity_equal(learner[i].what, q) && quantity_is_computed(learner[i].what))
            own[g.n_learner++] = (Override){learner[i].what, learner[i].value};
    g.learner = own;
    find_learner_values(correct, step, learner, n_learner, true, verdict->slips, &verdict->n_slips,
                        &verdict->more_slips);
    Derivation *theirs = g.n_learner ? build(&g, NULL, 0, true, true, correct) : NULL;
    const Step *their_step = theirs ? deriv_find(theirs, q) : NULL;
    Interval their_range = {0, 0};
    bool has_theirs = their_step && hand_range_in(theirs, their_step, g.range_digits, &their_range);
    bool fits_theirs = has_theirs && fits(&g, their_step->value, their_range);
    double lr = step->n_operands > 1 ? step->operands[1].value : 0.0;   /* an update's learning rate */

    if (verdict->n_slips && fits_theirs) {
        verdict->grade = GRADE_CARRIED;
        verdict->because = BECAUSE_CARRIED;
    } else if (answer != 0 && grade_fits(answer, g.digits, NAN, verdict->hand_range)) {
        verdict->grade = GRADE_CORRECT;
        verdict->because = BECAUSE_HAND_RANGE;
    } else if (fits_written_step(&g, correct, false, lr, &verdict->hand_range, &verdict->step_digits)) {
        verdict->grade = GRADE_CORRECT;
        verdict->because = BECAUSE_STEP_WRITTEN;
    } else if (verdict->n_slips && has_theirs &&
               fits_written_step(&g, theirs, true, lr, &their_range, &verdict->step_digits)) {
        verdict->grade = GRADE_CARRIED;
        verdict->because = BECAUSE_CARRIED;
    } else if (fits_theirs) {
        /* within hand rounding from their own earlier values, which were
         * right to the digits they wrote: the line names them and quotes
         * the range from them */
        verdict->grade = GRADE_CORRECT;
        verdict->because = BECAUSE_YOUR_VALUES;
        verdict->hand_range = their_range;
        find_learner_values(correct, step, learner, n_learner, false, verdict->built_on, &verdict->n_built_on,
                            NULL);
    } else {
        verdict->grade = GRADE_WRONG;
        verdict->because = BECAUSE_UNKNOWN;
        /* the mistakes read every step: the worlds are built whole, from
         * where the part built so far leaves off being the same */
        Derivation *whole = build(&g, NULL, 0, false, false, correct), *their_whole = NULL;
        g.whole[0] = whole;
        bool built = whole != NULL;
        if (built && !diagnose_both(&g, whole, false, verdict->hand_range) && verdict->n_slips && has_theirs) {
            their_whole = build(&g, NULL, 0, true, false, whole);
            g.whole[1] = their_whole;
            built = their_whole != NULL;
            if (built)
                verdict->on_slips = diagnose_both(&g, their_whole, true, their_range);
        }
        deriv_free(their_whole);
        deriv_free(whole);
        if (!built) {
            deriv_free(theirs);
            deriv_free(correct);
            free(own);
            return error_set(error, "out of memory while grading");
        }
    }
    if (verdict->grade == GRADE_CARRIED)
        verdict->on_slips = true;
    deriv_free(theirs);
    deriv_free(correct);
    free(own);
    return true;
}
