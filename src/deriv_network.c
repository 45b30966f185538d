/* deriv_network: builds the derivation of one training step of a dense
 * network onto the tape (see deriv.h and deriv_builder.h).
 *
 * The forward pass computes, for each layer l and neuron j,
 *     z_l[j] = Σ_k W_l[j,k] × a_(l-1)[k] + b_l[j],   a_l[j] = f_l(z_l[j]),
 * with a_0 = x.  The backward pass applies the chain rule from the loss:
 *     dL/dz_l[j]    = dL/da_l[j] × da_l/dz_l[j]
 *     dL/dW_l[j,k]  = dL/dz_l[j] × a_(l-1)[k]
 *     dL/db_l[j]    = dL/dz_l[j] × 1
 *     dL/da_(l-1)[k] = Σ_j dL/dz_l[j] × W_l[j,k]      (every path to k)
 * and the update moves each parameter against its gradient:
 *     θ ← θ − lr × dL/dθ,
 * or, with an optimizer that keeps state, as deriv_update.c writes it. */
#include "deriv.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "deriv_builder.h"
#include "interrupt.h"
#include "numfmt.h"
#include "optimizer.h"

/* ---- partial derivatives of a step, for hand ranges ------------------ */

/* d f / d x by central differences, for table functions whose own
 * derivative the table does not give (the slope of a slope). */
static double numeric_slope(double (*f)(const void *context, double x), const void *context, double x)
{
    double h = 1e-6 * fmax(1.0, fabs(x));
    return (f(context, x + h) - f(context, x - h)) / (2 * h);
}

static double activation_slope_at(const void *context, double x)
{
    /* each derivative reads only the operand its row names (see
     * activation_slope_range), so x may be given as both arguments */
    const Activation *activation = context;
    return activation_derivative(activation, x, x);
}

typedef struct {
    const Loss *loss;
    double *a;
    const double *t;
    int n, j;
} LossGradientAt;

static double loss_gradient_at(const void *context, double x)
{
    const LossGradientAt *at = context;
    double kept = at->a[at->j];
    at->a[at->j] = x;
    double gradient = at->loss->gradient(at->a, at->t, at->n, at->j);
    at->a[at->j] = kept;
    return gradient;
}

/* ---- forward ---------------------------------------------------------- */

/* "{first} × {first+1} + {first+2} × {first+3} + ...", n products: the
 * template of a sum of products, the same for every neuron of a layer. */
static void products_formula(char *out, int n, int first)
{
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        template_append(out, "%s{%d} × {%d}", i ? " + " : "", first + 2 * i, first + 2 * i + 1);
}

/* softmax(z)[j] over ranges of z: it rises with z[j] and falls with every
 * other z[k], so its ends are at the opposite corners. */
static Interval softmax_range(const Operand *z, int n, int j)
{
    double top = -INFINITY;
    for (int k = 0; k < n; k++)
        top = fmax(top, z[k].range.hi);
    double own_lo = exp(z[j].range.lo - top), own_hi = exp(z[j].range.hi - top), others_lo = 0, others_hi = 0;
    for (int k = 0; k < n; k++)
        if (k != j) {
            others_lo += exp(z[k].range.lo - top);
            others_hi += exp(z[k].range.hi - top);
        }
    Interval range = {own_lo / (own_lo + others_hi), own_hi / (own_hi + others_lo)};
    if (!(range.lo <= range.hi))   /* every term underflowed */
        range = (Interval){0.0, 1.0};
    return range;
}

static void forward_layer(Builder *b, int layer)
{
    const Net *net = b->net;
    const Activation *activation = net->activation[layer];
    int n_in = net->sizes[layer - 1], n = net->sizes[layer];
    Operand ops[2 * NET_MAX_WIDTH + 1];
    char formula[TEMPLATE_MAX];
    products_formula(formula, n_in, 0);
    if (b->spec->use_bias)
        template_append(formula, " + {%d}", 2 * n_in);

    for (int j = 0; j < n; j++) {
        int count = 0;
        double sum = 0;
        Interval range = interval_point(0);
        for (int k = 0; k < n_in; k++) {
            ops[count] = tape_operand(b, quantity_layer_input(layer, k));
            ops[count + 1] = tape_operand(b, (Quantity){Q_WEIGHT, layer, j, k, 0});
            ops[count].partial = ops[count + 1].value;
            ops[count + 1].partial = ops[count].value;
            sum += ops[count].value * ops[count + 1].value;
            range = interval_add(range, written_term(b, interval_mul(ops[count].range, ops[count + 1].range)));
            count += 2;
        }
        if (b->spec->use_bias) {
            ops[count] = tape_operand(b, (Quantity){Q_BIAS, layer, j, 0, 0});
            ops[count].partial = 1;
            sum += ops[count].value;
            range = interval_add(range, ops[count].range);
            count++;
        }
        StepDraft z = {(Quantity){Q_Z, layer, j, 0, 0}, PHASE_FORWARD, NULL,
                       formula, count, ops, sum, range, j == 0 ? STEP_NET_FORWARD : STEP_PLAIN};
        tape_add_step(b, &z);
        mark_products_written(b);

        if (activation->whole_layer)
            continue;
        Operand z_op = tape_operand(b, z.what);
        z_op.partial = activation_derivative(activation, z_op.value, activation_value(activation, z_op.value));
        bool is_prediction = layer == net->n_layers && net_n_outputs(net) == 1 && !net_is_single_neuron(net);
        double value = activation_value(activation, z_op.value);
        Interval a_range = activation_parts(b, activation, z_op.range, activation_value_range(activation, z_op.range));
        StepDraft a = {(Quantity){Q_A, layer, j, 0, 0}, PHASE_FORWARD, NULL, activation->value_template, 1, &z_op, value, a_range, is_prediction ? STEP_NET_PREDICTION : STEP_PLAIN};
        tape_add_step(b, &a);
        /* what working through the parts moves the value by at this z, in
         * either direction: in a hand computation z moves too */
        Interval at_z = activation_parts(b, activation, interval_point(z_op.value), interval_point(value));
        double moved = fmax(value - at_z.lo, at_z.hi - value);
        Step *added = &b->d->steps[b->d->n_steps - 1];
        added->written_inside = (Interval){-moved, moved};
        added->inside_variance = moved * moved / 3;   /* spread evenly over [−moved, moved] */
    }

    if (activation->whole_layer) {
        double z[NET_MAX_WIDTH], a[NET_MAX_WIDTH];
        for (int j = 0; j < n; j++) {
            ops[j + 1] = tape_operand(b, (Quantity){Q_Z, layer, j, 0, 0});
            z[j] = ops[j + 1].value;
        }
        softmax(z, a, n);
        for (int j = 0; j < n; j++) {
            /* da[j]/dz[k] = a[j] × (1 if k = j, else 0) − a[j] × a[k] */
            for (int k = 0; k < n; k++)
                ops[k + 1].partial = -a[j] * a[k];
            ops[0] = ops[j + 1];
            ops[0].partial = a[j];
            snprintf(formula, sizeof formula, "e^{0} / (");
            for (int k = 0; k < n; k++)
                template_append(formula, "%se^{%d}", k ? " + " : "", k + 1);
            template_append(formula, ")");
            StepDraft step = {(Quantity){Q_A, layer, j, 0, 0}, PHASE_FORWARD, NULL, formula,
                              n + 1, ops, a[j], softmax_range(ops + 1, n, j), STEP_PLAIN};
            tape_add_step(b, &step);
        }
    }
}

/* ---- loss ------------------------------------------------------------- */

static void loss_step(Builder *b)
{
    const Net *net = b->net;
    const Loss *loss = b->spec->loss;
    int n = net_n_outputs(net);
    Operand ops[2 * NET_MAX_WIDTH];
    double a[NET_MAX_WIDTH], t[NET_MAX_WIDTH];
    Interval a_range[NET_MAX_WIDTH];
    bool clamped = false;
    for (int j = 0; j < n; j++) {
        ops[2 * j] = tape_operand(b, (Quantity){Q_A, net->n_layers, j, 0, 0});
        ops[2 * j + 1] = tape_operand(b, (Quantity){Q_TARGET, 0, j, 0, 0});
        a[j] = ops[2 * j].value;
        a_range[j] = ops[2 * j].range;
        t[j] = ops[2 * j + 1].value;
        if (loss->logarithmic && (a[j] < LOSS_PROBABILITY_FLOOR || a[j] > 1 - LOSS_PROBABILITY_FLOOR))
            clamped = true;
    }
    char formula[TEMPLATE_MAX];
    loss->value_template(formula, sizeof formula, n);
    for (int j = 0; j < n; j++)
        ops[2 * j].partial = loss->gradient(a, t, n, j);
    StepDraft step = {(Quantity){Q_LOSS, 0, 0, 0, 0}, PHASE_LOSS, NULL, formula,
                      2 * n, ops, loss->value(a, t, n), loss_range(loss, a_range, t, n), STEP_NET_LOSS};
    tape_add_step(b, &step);
    b->d->steps[b->d->n_steps - 1].clamped = clamped;
}

/* ---- backward --------------------------------------------------------- */

/* The weight or bias that an update's quantity (w1_new, v_w1_new, m̂_w1)
 * or, with `gradients`, a gradient (dL/dw1) belongs to; false for others. */
static bool parameter_of(Quantity q, bool gradients, Quantity *parameter)
{
    switch (q.kind) {
    case Q_DL_DW: case Q_DL_DB:
        if (!gradients)
            return false;
        *parameter = (Quantity){q.kind == Q_DL_DW ? Q_WEIGHT : Q_BIAS, q.layer, q.row, q.col, 0};
        return true;
    case Q_NEW_WEIGHT: case Q_NEW_BIAS:
        *parameter = (Quantity){q.kind == Q_NEW_WEIGHT ? Q_WEIGHT : Q_BIAS, q.layer, q.row, q.col, 0};
        return true;
    case Q_NEW_STATE_WEIGHT: case Q_NEW_STATE_BIAS: case Q_HAT_WEIGHT: case Q_HAT_BIAS:
        *parameter = quantity_state_parameter(q);
        return true;
    default: return false;
    }
}

/* Whether a build for b->only records q: a parameter's gradient, its
 * update (with the optimizer's state) or dL/dx, which no step reads but
 * the gradient's update. */
static bool leaf_wanted(const Builder *b, Quantity q)
{
    if (!b->only || quantity_equal(*b->only, q))
        return true;
    Quantity asked, own;
    return parameter_of(*b->only, false, &asked) && parameter_of(q, true, &own) && quantity_equal(asked, own);
}

/* Records da/dz and dL/dz = dL/da × da/dz for neuron j of a layer whose
 * dL/da has been recorded. */
static void slope_and_error(Builder *b, int layer, int j)
{
    const Activation *activation = b->net->activation[layer];
    Quantity z = {Q_Z, layer, j, 0, 0}, a = {Q_A, layer, j, 0, 0};
    double z_value = tape_operand(b, z).value, a_value = tape_operand(b, a).value;
    Operand read = tape_operand(b, z);
    int n_read = 0;
    if (activation->derivative_reads == DERIVATIVE_READS_A) {
        read = tape_operand(b, a);
        n_read = 1;
    } else if (activation->derivative_reads == DERIVATIVE_READS_Z) {
        n_read = 1;
    }
    double slope = activation_derivative(activation, z_value, a_value);
    if (n_read)
        read.partial = numeric_slope(activation_slope_at, activation, read.value);
    StepDraft slope_step = {(Quantity){Q_DA_DZ, layer, j, 0, 0}, PHASE_BACKWARD, NULL,
                            activation->derivative_template, n_read, &read, slope,
                            activation_slope_range(activation, read.range), STEP_PLAIN};
    tape_add_step(b, &slope_step);

    Operand ops[2] = {tape_operand(b, (Quantity){Q_DL_DA, layer, j, 0, 0}), tape_operand(b, slope_step.what)};
    ops[0].partial = ops[1].value;
    ops[1].partial = ops[0].value;
    StepDraft error_step = {(Quantity){Q_DL_DZ, layer, j, 0, 0}, PHASE_BACKWARD, NULL, "{0} × {1}",
                            2, ops, ops[0].value * ops[1].value, interval_mul(ops[0].range, ops[1].range), STEP_PLAIN};
    tape_add_step(b, &error_step);
}

/* dL/dW_l[j,k] = dL/dz_l[j] × a_(l-1)[k] and dL/db_l[j] = dL/dz_l[j] × 1. */
static void parameter_gradients(Builder *b, int layer)
{
    const Net *net = b->net;
    bool shortcut_layer = net->activation[layer]->whole_layer;
    char chain[TEMPLATE_MAX], factors[TEMPLATE_MAX], param_name[NAME_MAX];
    for (int j = 0; j < net->sizes[layer]; j++) {
        Quantity dz = {Q_DL_DZ, layer, j, 0, 0};
        factors[0] = '\0';
        for (int k = 0; k <= net->sizes[layer - 1]; k++) {
            bool is_bias = k == net->sizes[layer - 1];
            if (is_bias && !b->spec->use_bias)
                break;
            Quantity param = is_bias ? (Quantity){Q_BIAS, layer, j, 0, 0} : (Quantity){Q_WEIGHT, layer, j, k, 0};
            Quantity gradient = is_bias ? (Quantity){Q_DL_DB, layer, j, 0, 0} : (Quantity){Q_DL_DW, layer, j, k, 0};
            if (!leaf_wanted(b, gradient))
                continue;
            /* the chain rule up to the parameter, the same for all of neuron j's */
            if (!factors[0] && shortcut_layer)
                snprintf(factors, sizeof factors, "%s × d%s/d", tape_name(b, dz),
                         tape_name(b, (Quantity){Q_Z, layer, j, 0, 0}));
            else if (!factors[0])
                snprintf(factors, sizeof factors, "%s × %s × d%s/d", tape_name(b, (Quantity){Q_DL_DA, layer, j, 0, 0}),
                         tape_name(b, (Quantity){Q_DA_DZ, layer, j, 0, 0}), tape_name(b, (Quantity){Q_Z, layer, j, 0, 0}));
            quantity_name(net, param, param_name, sizeof param_name);
            snprintf(chain, sizeof chain, "%s%s", factors, param_name);
            Operand ops[2] = {tape_operand(b, dz), is_bias ? (Operand){dz, 1.0, {1.0, 1.0}, 0.0}
                                                      : tape_operand(b, quantity_layer_input(layer, k))};
            ops[0].partial = ops[1].value;
            ops[1].partial = is_bias ? 0.0 : ops[0].value;
            StepDraft step = {gradient, PHASE_BACKWARD, chain, is_bias ? "{0} × 1" : "{0} × {1}",
                              is_bias ? 1 : 2, ops, is_bias ? ops[0].value : ops[0].value * ops[1].value,
                              is_bias ? ops[0].range : interval_mul(ops[0].range, ops[1].range), STEP_PLAIN};
            tape_add_step(b, &step);
        }
    }
}

static void backward_output(Builder *b)
{
    const Net *net = b->net;
    const Loss *loss = b->spec->loss;
    int layer = net->n_layers, n = net->sizes[layer];
    const Activation *activation = net->activation[layer];
    char formula[TEMPLATE_MAX];
    Operand ops[2 * NET_MAX_WIDTH + 2];

    double target_sum = 0;
    for (int j = 0; j < n; j++)
        target_sum += tape_operand(b, (Quantity){Q_TARGET, 0, j, 0, 0}).value;
    bool shortcut = activation->whole_layer && loss->softmax_shortcut && fabs(target_sum - 1.0) < 1e-12;

    if (shortcut) {
        for (int j = 0; j < n; j++) {
            ops[0] = tape_operand(b, (Quantity){Q_A, layer, j, 0, 0});
            ops[1] = tape_operand(b, (Quantity){Q_TARGET, 0, j, 0, 0});
            ops[0].partial = 1;
            StepDraft step = {(Quantity){Q_DL_DZ, layer, j, 0, 0}, PHASE_BACKWARD, NULL,
                              "{0} − {1}", 2, ops, ops[0].value - ops[1].value,
                              interval_sub(ops[0].range, ops[1].range), j ? STEP_PLAIN : STEP_NET_OUTPUT_SHORTCUT};
            tape_add_step(b, &step);
        }
        parameter_gradients(b, layer);
        return;
    }

    double a[NET_MAX_WIDTH], t[NET_MAX_WIDTH];
    Interval a_range[NET_MAX_WIDTH];
    for (int j = 0; j < n; j++) {
        a[j] = tape_operand(b, (Quantity){Q_A, layer, j, 0, 0}).value;
        a_range[j] = tape_operand(b, (Quantity){Q_A, layer, j, 0, 0}).range;
        t[j] = tape_operand(b, (Quantity){Q_TARGET, 0, j, 0, 0}).value;
    }
    loss->gradient_template(formula, sizeof formula, n);
    for (int j = 0; j < n; j++) {
        ops[0] = tape_operand(b, (Quantity){Q_A, layer, j, 0, 0});
        ops[1] = tape_operand(b, (Quantity){Q_TARGET, 0, j, 0, 0});
        LossGradientAt at = {loss, a, t, n, j};
        ops[0].partial = numeric_slope(loss_gradient_at, &at, a[j]);
        bool clamped = loss->logarithmic && (a[j] < LOSS_PROBABILITY_FLOOR || a[j] > 1 - LOSS_PROBABILITY_FLOOR);
        StepDraft step = {(Quantity){Q_DL_DA, layer, j, 0, 0}, PHASE_BACKWARD, NULL, formula, 2, ops,
                          loss->gradient(a, t, n, j), loss_gradient_range(loss, a_range, t, n, j),
                          j ? STEP_PLAIN : STEP_NET_OUTPUT};
        tape_add_step(b, &step);
        b->d->steps[b->d->n_steps - 1].clamped = clamped;
        if (!activation->whole_layer)
            slope_and_error(b, layer, j);
    }

    if (activation->whole_layer) {
        /* dL/dz[i] = a[i] × (dL/da[i] − Σ_j a[j] × dL/da[j]) */
        for (int i = 0; i < n; i++) {
            ops[0] = tape_operand(b, (Quantity){Q_A, layer, i, 0, 0});
            ops[1] = tape_operand(b, (Quantity){Q_DL_DA, layer, i, 0, 0});
            ops[1].partial = ops[0].value;
            snprintf(formula, sizeof formula, "{0} × ({1} − (");
            double weighted = 0;
            Interval weighted_range = interval_point(0);
            for (int j = 0; j < n; j++) {
                ops[2 + 2 * j] = tape_operand(b, (Quantity){Q_A, layer, j, 0, 0});
                ops[3 + 2 * j] = tape_operand(b, (Quantity){Q_DL_DA, layer, j, 0, 0});
                weighted += ops[2 + 2 * j].value * ops[3 + 2 * j].value;
                ops[2 + 2 * j].partial = -ops[0].value * ops[3 + 2 * j].value;
                ops[3 + 2 * j].partial = -ops[0].value * ops[2 + 2 * j].value;
                weighted_range = interval_add(weighted_range, interval_mul(ops[2 + 2 * j].range, ops[3 + 2 * j].range));
                template_append(formula, "%s{%d} × {%d}", j ? " + " : "", 2 + 2 * j, 3 + 2 * j);
            }
            template_append(formula, "))");
            ops[0].partial = ops[1].value - weighted;
            StepDraft step = {(Quantity){Q_DL_DZ, layer, i, 0, 0}, PHASE_BACKWARD,
                              NULL, formula, 2 + 2 * n, ops, ops[0].value * (ops[1].value - weighted),
                              interval_mul(ops[0].range, interval_sub(ops[1].range, weighted_range)), i ? STEP_PLAIN : STEP_NET_SOFTMAX_SLOPES};
            tape_add_step(b, &step);
        }
    }
    parameter_gradients(b, layer);
}

/* Whether a build for b->only records hidden neuron k's error: in the
 * layer of a neuron's own error, gradient or update, no other neuron's
 * error is needed (hidden layers are never coupled, as softmax is). */
static bool neuron_wanted(const Builder *b, int layer, int k)
{
    if (!b->only || b->only->layer != layer)
        return true;
    switch (b->only->kind) {
    case Q_DL_DA: case Q_DA_DZ: case Q_DL_DZ: case Q_DL_DW: case Q_DL_DB: case Q_NEW_WEIGHT: case Q_NEW_BIAS:
    case Q_NEW_STATE_WEIGHT: case Q_NEW_STATE_BIAS: case Q_HAT_WEIGHT: case Q_HAT_BIAS:
        return b->only->row == k;
    default:
        return true;
    }
}

static void backward_hidden(Builder *b, int layer)
{
    const Net *net = b->net;
    int above = layer + 1;
    char formula[TEMPLATE_MAX];
    Operand ops[2 * NET_MAX_WIDTH];
    products_formula(formula, net->sizes[above], 0);
    for (int k = 0; k < net->sizes[layer]; k++) {
        if (!neuron_wanted(b, layer, k))
            continue;
        double sum = 0;
        Interval range = interval_point(0);
        for (int j = 0; j < net->sizes[above]; j++) {
            ops[2 * j] = tape_operand(b, (Quantity){Q_DL_DZ, above, j, 0, 0});
            ops[2 * j + 1] = tape_operand(b, (Quantity){Q_WEIGHT, above, j, k, 0});
            ops[2 * j].partial = ops[2 * j + 1].value;
            ops[2 * j + 1].partial = ops[2 * j].value;
            sum += ops[2 * j].value * ops[2 * j + 1].value;
            range = interval_add(range, written_term(b, interval_mul(ops[2 * j].range, ops[2 * j + 1].range)));
        }
        StepDraft step = {(Quantity){Q_DL_DA, layer, k, 0, 0}, PHASE_BACKWARD, NULL, formula, 2 * net->sizes[above], ops, sum, range, k ? STEP_PLAIN : STEP_NET_HIDDEN};
        tape_add_step(b, &step);
        mark_products_written(b);
        slope_and_error(b, layer, k);
    }
    parameter_gradients(b, layer);
}

/* dL/dx[k] = Σ_j dL/dz1[j] × W1[j,k]: how the loss moves with each input.
 * Nothing is updated from it (x is given, not trained), so it closes the
 * backward pass, after the first layer's errors. */
static void backward_input(Builder *b)
{
    const Net *net = b->net;
    char formula[TEMPLATE_MAX], chain[TEMPLATE_MAX];
    Operand ops[2 * NET_MAX_WIDTH];
    bool one_path = net->sizes[1] == 1 && !net->activation[1]->whole_layer;
    products_formula(formula, net->sizes[1], 0);
    for (int k = 0; k < net->sizes[0]; k++) {
        if (!leaf_wanted(b, (Quantity){Q_DL_DX, 0, k, 0, 0}))
            continue;
        double sum = 0;
        Interval range = interval_point(0);
        for (int j = 0; j < net->sizes[1]; j++) {
            ops[2 * j] = tape_operand(b, (Quantity){Q_DL_DZ, 1, j, 0, 0});
            ops[2 * j + 1] = tape_operand(b, (Quantity){Q_WEIGHT, 1, j, k, 0});
            ops[2 * j].partial = ops[2 * j + 1].value;
            ops[2 * j + 1].partial = ops[2 * j].value;
            sum += ops[2 * j].value * ops[2 * j + 1].value;
            range = interval_add(range, written_term(b, interval_mul(ops[2 * j].range, ops[2 * j + 1].range)));
        }
        if (one_path)
            snprintf(chain, sizeof chain, "%s × %s × d%s/d%s", tape_name(b, (Quantity){Q_DL_DA, 1, 0, 0, 0}),
                     tape_name(b, (Quantity){Q_DA_DZ, 1, 0, 0, 0}), tape_name(b, (Quantity){Q_Z, 1, 0, 0, 0}),
                     tape_name(b, (Quantity){Q_INPUT, 0, k, 0, 0}));
        StepDraft step = {(Quantity){Q_DL_DX, 0, k, 0, 0}, PHASE_BACKWARD, one_path ? chain : NULL,
                          formula, 2 * net->sizes[1], ops, sum, range, k ? STEP_PLAIN : STEP_NET_INPUTS};
        tape_add_step(b, &step);
        mark_products_written(b);
    }
}

/* ---- update ----------------------------------------------------------- */

/* θ ← θ − lr × dL/dθ.  In hand mode the step lr × dL/dθ is rounded and
 * subtracted from θ as it is, so that a small step never vanishes.  An
 * optimizer that keeps state writes its own steps (deriv_update.c); a
 * frozen parameter keeps its value and its state under any. */
static void update_parameter(Builder *b, Quantity param, Quantity gradient, bool frozen, bool first)
{
    if (!frozen && update_has_state(b->spec)) {
        update_with_optimizer(b, param, gradient, first);
        return;
    }
    Operand ops[3] = {tape_operand(b, param), tape_operand(b, (Quantity){Q_LEARNING_RATE, 0, 0, 0, 0}), tape_operand(b, gradient)};
    ops[0].partial = 1;
    ops[1].partial = -ops[2].value;
    ops[2].partial = -ops[1].value;
    double change = ops[1].value * ops[2].value;
    double exact = ops[0].value - change;
    if (b->spec->round_digits > 0)
        change = num_round_sig(change, b->spec->round_digits);
    /* on paper the step lr × dL/dθ is written down too before it is subtracted */
    Interval change_range = interval_hand_round(interval_mul(ops[1].range, ops[2].range), b->spec->range_digits);
    StepDraft draft = {param, PHASE_UPDATE, NULL, frozen ? "{0}" : "{0} − {1} × {2}", frozen ? 1 : 3, ops,
                       frozen ? ops[0].value : exact,
                       frozen ? ops[0].range : interval_sub(ops[0].range, change_range), first ? STEP_NET_UPDATE : STEP_PLAIN};
    tape_add_step(b, &draft);
    Step *step = &b->d->steps[b->d->n_steps - 1];
    step->before = ops[0].value;
    step->frozen = frozen;
    step->writes_change = !frozen;
    step->value = frozen ? ops[0].value : ops[0].value - change;
}

static void update_all(Builder *b)
{
    const Net *net = b->net;
    bool first = true;
    for (int l = 1; l <= net->n_layers; l++) {
        for (int j = 0; j < net->sizes[l]; j++)
            for (int k = 0; k < net->sizes[l - 1]; k++) {
                if (leaf_wanted(b, (Quantity){Q_NEW_WEIGHT, l, j, k, 0}))
                    update_parameter(b, (Quantity){Q_WEIGHT, l, j, k, 0}, (Quantity){Q_DL_DW, l, j, k, 0},
                                     *net_weight_frozen(net, l, j, k), first);
                first = false;
            }
        if (b->spec->use_bias)
            for (int j = 0; j < net->sizes[l]; j++)
                if (leaf_wanted(b, (Quantity){Q_NEW_BIAS, l, j, 0, 0}))
                    update_parameter(b, (Quantity){Q_BIAS, l, j, 0, 0}, (Quantity){Q_DL_DB, l, j, 0, 0},
                                     *net_bias_frozen(net, l, j), false);
    }
}

static bool allocate_index(Derivation *d, const Net *net)
{
    static const QuantityKind kinds[] = {Q_Z, Q_A, Q_DL_DA, Q_DA_DZ, Q_DL_DZ, Q_DL_DW, Q_DL_DB,
                                         Q_NEW_WEIGHT, Q_NEW_BIAS, Q_NEW_STATE_WEIGHT, Q_NEW_STATE_BIAS,
                                         Q_HAT_WEIGHT, Q_HAT_BIAS};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        for (int l = 1; l <= net->n_layers; l++) {
            QuantityKind kind = kinds[i];
            bool matrix = kind == Q_DL_DW || kind == Q_NEW_WEIGHT || kind == Q_NEW_STATE_WEIGHT || kind == Q_HAT_WEIGHT;
            bool state = kind == Q_NEW_STATE_WEIGHT || kind == Q_NEW_STATE_BIAS || kind == Q_HAT_WEIGHT ||
                         kind == Q_HAT_BIAS;
            /* the optimizer's state: one table per state value, one after another */
            size_t n = (size_t)net->sizes[l] * (matrix ? (size_t)net->sizes[l - 1] : 1) *
                       (state ? OPTIMIZER_MAX_STATE : 1);
            int *table = arena_alloc(&d->arena, n * sizeof(int));
            if (!table)
                return false;
            for (size_t e = 0; e < n; e++)
                table[e] = -1;
            d->index[kinds[i]][l] = table;
        }
    /* dL/dx: one per input, filed under layer 0 */
    int *inputs = arena_alloc(&d->arena, (size_t)net->sizes[0] * sizeof(int));
    if (!inputs)
        return false;
    for (int k = 0; k < net->sizes[0]; k++)
        inputs[k] = -1;
    d->index[Q_DL_DX][0] = inputs;
    d->loss_step = -1;
    return true;
}

/* ---- the stages of a build ------------------------------------------ */

/* A build records its steps in stages, one after another: each layer
 * forward, the loss, the output layer backward, each hidden layer
 * backward, dL/dx, the update. */
typedef enum { STAGE_FORWARD, STAGE_LOSS, STAGE_OUTPUT, STAGE_HIDDEN, STAGE_INPUT, STAGE_UPDATE } StageKind;

typedef struct {
    StageKind kind;
    int layer;
} Stage;

static const Phase STAGE_PHASE[] = {PHASE_FORWARD, PHASE_LOSS, PHASE_BACKWARD, PHASE_BACKWARD, PHASE_BACKWARD,
                                    PHASE_UPDATE};

static int list_stages(const Net *net, Stage *stages)
{
    int n = 0;
    for (int l = 1; l <= net->n_layers; l++)
        stages[n++] = (Stage){STAGE_FORWARD, l};
    stages[n++] = (Stage){STAGE_LOSS, 0};
    stages[n++] = (Stage){STAGE_OUTPUT, net->n_layers};
    for (int l = net->n_layers - 1; l >= 1; l--)
        stages[n++] = (Stage){STAGE_HIDDEN, l};
    stages[n++] = (Stage){STAGE_INPUT, 0};
    stages[n++] = (Stage){STAGE_UPDATE, 0};
    return n;
}

static void run_stage(Builder *b, Stage stage)
{
    switch (stage.kind) {
    case STAGE_FORWARD: forward_layer(b, stage.layer); break;
    case STAGE_LOSS: loss_step(b); break;
    case STAGE_OUTPUT: backward_output(b); break;
    case STAGE_HIDDEN: backward_hidden(b, stage.layer); break;
    case STAGE_INPUT: backward_input(b); break;
    case STAGE_UPDATE: update_all(b); break;
    }
}

/* Takes stage s over from `reuse`, leaving out what b->only does not need. */
static void copy_stage(Builder *b, const Derivation *reuse, int s)
{
    for (int i = s ? reuse->stage_end[s - 1] : 0; i < reuse->stage_end[s]; i++) {
        const Step *step = &reuse->steps[i];
        Quantity q = deriv_step_quantity(step);
        bool leaf = q.kind == Q_DL_DW || q.kind == Q_DL_DB || q.kind == Q_DL_DX || step->phase == PHASE_UPDATE;
        if (!leaf || leaf_wanted(b, q))
            tape_copy_step(b, step);
    }
}

Derivation *deriv_build_network(const DerivationSpec *spec, const Quantity *only, const Derivation *reuse)
{
    Derivation *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    memcpy(d->sizes, spec->net->sizes, sizeof d->sizes);
    Builder b = {spec, spec->net, d, only};
    if (!allocate_index(d, spec->net)) {
        deriv_free(d);
        return NULL;
    }
    Stage stages[DERIV_MAX_STAGES];
    int n_stages = list_stages(spec->net, stages);
    /* a stage is taken over while it and every one before it is as this
     * spec would record it */
    int unchanged = reuse ? tape_steps_unchanged(reuse, spec) : 0;
    bool copying = reuse != NULL;
    int phase = -1;
    for (int s = 0; s < n_stages; s++) {
        if (interrupt_requested()) {   /* Ctrl-C: abandon the build between stages */
            deriv_free(d);
            return NULL;
        }
        for (; phase < (int)STAGE_PHASE[stages[s].kind]; phase++)
            d->phase_start[phase + 1] = d->n_steps;
        copying = copying && s < reuse->n_stages && reuse->stage_whole[s] && reuse->stage_end[s] <= unchanged;
        if (copying)
            copy_stage(&b, reuse, s);
        else
            run_stage(&b, stages[s]);
        d->stage_end[s] = d->n_steps;
        /* forward stages leave nothing out; backward ones leave out what
         * `only` is not computed from */
        d->stage_whole[s] = !only || STAGE_PHASE[stages[s].kind] < PHASE_BACKWARD;
        d->n_stages = s + 1;
        if (only && deriv_find(d, *only))
            break;
    }
    for (; phase < N_PHASES; phase++)
        d->phase_start[phase + 1] = d->n_steps;
    if (d->arena.failed) {
        deriv_free(d);
        return NULL;
    }
    return d;
}

