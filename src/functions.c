/* functions: activation and loss rows (see functions.h). */
#include "functions.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "numfmt.h"

/* ---- activations ------------------------------------------------------ */

static double sigmoid_value(double z, double parameter) { (void)parameter; return sigmoid_of(z); }
static double sigmoid_derivative(double z, double a, double parameter) { (void)z; (void)parameter; return a * (1.0 - a); }

static double tanh_value(double z, double parameter) { (void)parameter; return tanh(z); }
static double tanh_derivative(double z, double a, double parameter) { (void)z; (void)parameter; return 1.0 - a * a; }

static double relu_value(double z, double parameter) { (void)parameter; return z > 0 ? z : 0.0; }
static double relu_derivative(double z, double a, double parameter) { (void)a; (void)parameter; return z > 0 ? 1.0 : 0.0; }

/* The parameter is the negative slope: the slope for z ≤ 0.  From 0 (relu)
 * to 1 (linear), so that the value never falls as z rises. */
static void negative_slope_chosen(double slope, Activation *leaky_relu)
{
    /* da/dz is the slope or 1; a is any number, or none below 0 when the slope is 0 */
    leaky_relu->slopes.low = slope;
    leaky_relu->values.low = slope > 0 ? -INFINITY : 0.0;
    leaky_relu->values.low_included = slope == 0;
}
static const ActivationParameter NEGATIVE_SLOPE = {"negative slope", 0.0, 1.0, negative_slope_chosen};
static double leaky_relu_value(double z, double slope) { return z > 0 ? z : slope * z; }
static double leaky_relu_derivative(double z, double a, double slope) { (void)a; return z > 0 ? 1.0 : slope; }

static double linear_value(double z, double parameter) { (void)parameter; return z; }
static double linear_derivative(double z, double a, double parameter) { (void)z; (void)a; (void)parameter; return 1.0; }

/* σ(z) = 1 / (1 + E) with E = e^(−z) written down: σ falls as E grows, and
 * the writings of E over the range lie between those of its ends. */
static Interval sigmoid_parts_range(Interval z, int digits)
{
    Interval e = interval_hand_round((Interval){exp(-z.hi), exp(-z.lo)}, digits);
    if (!isfinite(e.lo) || !isfinite(e.hi) || e.lo < 0)
        return (Interval){1 / (1 + exp(-z.lo)), 1 / (1 + exp(-z.hi))};
    return (Interval){1 / (1 + e.hi), 1 / (1 + e.lo)};
}

/* tanh(z) = (P − M) / (P + M) with P = e^z and M = e^(−z) written down: it
 * rises with P and falls with M. */
static Interval tanh_parts_range(Interval z, int digits)
{
    Interval p = interval_hand_round((Interval){exp(z.lo), exp(z.hi)}, digits);
    Interval m = interval_hand_round((Interval){exp(-z.hi), exp(-z.lo)}, digits);
    if (!isfinite(p.hi) || !isfinite(m.hi) || p.lo + m.hi <= 0 || p.hi + m.lo <= 0)
        return (Interval){tanh(z.lo), tanh(z.hi)};
    return (Interval){(p.lo - m.hi) / (p.lo + m.hi), (p.hi - m.lo) / (p.hi + m.lo)};
}

const Activation ACTIVATIONS[] = {
    {"sigmoid", "σ(z) = 1 / (1 + e^(−z)),  σ'(z) = σ(z) × (1 − σ(z)) = a × (1 − a)",
     "σ({0})", "{0} × (1 − {0})", DERIVATIVE_READS_A,
     sigmoid_value, sigmoid_derivative, false, true, 0.5,
     {0, 1, false, false, false}, {0, 0.25, false, true, false}, NULL, 0.0, sigmoid_parts_range},
    {"tanh", "tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)),  tanh'(z) = 1 − a²",
     "tanh({0})", "1 − {0}²", DERIVATIVE_READS_A,
     tanh_value, tanh_derivative, false, true, 0.0,
     {-1, 1, false, false, false}, {0, 1, false, true, false}, NULL, 0.0, tanh_parts_range},
    {"relu", "relu(z) = max(0, z),  relu'(z) = 1 if z > 0, else 0",
     "max(0, {0})", "(1 if {0} > 0, else 0)", DERIVATIVE_READS_Z,
     relu_value, relu_derivative, false, false, 0.0,
     {0, INFINITY, true, false, false}, {0, 1, true, true, true}, NULL, 0.0, NULL},
    {"leaky_relu", "leaky_relu(z) = z if z > 0, else {p} × z,  leaky_relu'(z) = 1 if z > 0, else {p}",
     "({0} if {0} > 0, else {p} × {0})", "(1 if {0} > 0, else {p})", DERIVATIVE_READS_Z,
     leaky_relu_value, leaky_relu_derivative, false, false, 0.0,
     {-INFINITY, INFINITY, false, false, false}, {0.01, 1, true, true, true}, &NEGATIVE_SLOPE, 0.01, NULL},
    {"linear", "linear(z) = z,  linear'(z) = 1",
     "{0}", "1", DERIVATIVE_READS_NOTHING,
     linear_value, linear_derivative, false, false, 0.0,
     {-INFINITY, INFINITY, false, false, false}, {1, 1, true, true, false}, NULL, 0.0, NULL},
    {"softmax", "softmax(z)ⱼ = e^zⱼ / Σₖ e^zₖ  (output layer only; with ce, dL/dzⱼ = ŷⱼ − tⱼ)",
     NULL, NULL, DERIVATIVE_READS_NOTHING,
     NULL, NULL, true, false, 0.0,
     {0, 1, false, false, false}, {-0.25, 0.25, true, true, false}, NULL, 0.0, NULL},
};
const int N_ACTIVATIONS = (int)(sizeof ACTIVATIONS / sizeof ACTIVATIONS[0]);

bool value_range_contains(ValueRange range, double value)
{
    if (range.ends_only)
        return value == range.low || value == range.high;
    bool above_low = value > range.low || (range.low_included && value == range.low);
    bool below_high = value < range.high || (range.high_included && value == range.high);
    return above_low && below_high;
}

void softmax(const double *z, double *a, int n)
{
    double top = z[0];
    for (int i = 1; i < n; i++)
        top = fmax(top, z[i]);
    double total = 0;
    for (int i = 0; i < n; i++)
        total += a[i] = exp(z[i] - top);
    for (int i = 0; i < n; i++)
        a[i] /= total;
}

/* ---- losses ------------------------------------------------------------- */

static double floor_probability(double p)
{
    if (p < LOSS_PROBABILITY_FLOOR)
        return LOSS_PROBABILITY_FLOOR;
    if (p > 1.0 - LOSS_PROBABILITY_FLOOR)
        return 1.0 - LOSS_PROBABILITY_FLOOR;
    return p;
}

static double squared_errors(const double *a, const double *t, int n)
{
    double total = 0;
    for (int j = 0; j < n; j++)
        total += (a[j] - t[j]) * (a[j] - t[j]);
    return total;
}

static double half_sse_value(const double *a, const double *t, int n) { return 0.5 * squared_errors(a, t, n); }
static double sse_value(const double *a, const double *t, int n) { return squared_errors(a, t, n); }
static double mse_value(const double *a, const double *t, int n) { return squared_errors(a, t, n) / n; }

static double half_sse_gradient(const double *a, const double *t, int n, int j) { (void)n; return a[j] - t[j]; }
static double sse_gradient(const double *a, const double *t, int n, int j) { (void)n; return 2.0 * (a[j] - t[j]); }
static double mse_gradient(const double *a, const double *t, int n, int j) { return 2.0 / n * (a[j] - t[j]); }

static double bce_value(const double *a, const double *t, int n)
{
    double total = 0;
    for (int j = 0; j < n; j++) {
        double p = floor_probability(a[j]);
        total -= t[j] * log(p) + (1.0 - t[j]) * log(1.0 - p);
    }
    return total;
}
static double bce_gradient(const double *a, const double *t, int n, int j)
{
    (void)n;
    double p = floor_probability(a[j]);
    return (p - t[j]) / (p * (1.0 - p));
}

static double ce_value(const double *a, const double *t, int n)
{
    double total = 0;
    for (int j = 0; j < n; j++)
        total -= t[j] * log(floor_probability(a[j]));
    return total;
}
static double ce_gradient(const double *a, const double *t, int n, int j)
{
    (void)n;
    return -t[j] / floor_probability(a[j]);
}

/* Appends printf-style text to out, which holds `size` bytes. */
static void append(char *out, size_t size, const char *format, int first, int second)
{
    size_t used = strlen(out);
    if (used < size)
        snprintf(out + used, size - used, format, first, second);
}

/* "({0} − {1})² + ({2} − {3})²" */
static void squares_template(char *out, size_t size, int n)
{
    for (int j = 0; j < n; j++)
        append(out, size, j ? " + ({%d} − {%d})²" : "({%d} − {%d})²", 2 * j, 2 * j + 1);
}

static void half_sse_template(char *out, size_t size, int n)
{
    snprintf(out, size, n > 1 ? "½ × (" : "½ × ");
    squares_template(out, size, n);
    if (n > 1)
        append(out, size, ")", 0, 0);
}
static void sse_template(char *out, size_t size, int n)
{
    out[0] = '\0';
    squares_template(out, size, n);
}
static void mse_template(char *out, size_t size, int n)
{
    out[0] = '\0';
    if (n > 1)
        append(out, size, "(1/%d) × (", n, 0);
    squares_template(out, size, n);
    if (n > 1)
        append(out, size, ")", 0, 0);
}
static void bce_template(char *out, size_t size, int n)
{
    out[0] = '\0';
    for (int j = 0; j < n; j++) {
        append(out, size, j ? " − " : "−", 0, 0);
        append(out, size, "({%d} × ln({%d})", 2 * j + 1, 2 * j);
        append(out, size, " + (1 − {%d}) × ln(1 − {%d}))", 2 * j + 1, 2 * j);
    }
}
static void ce_template(char *out, size_t size, int n)
{
    snprintf(out, size, "−(");
    for (int j = 0; j < n; j++)
        append(out, size, j ? " + {%d} × ln({%d})" : "{%d} × ln({%d})", 2 * j + 1, 2 * j);
    append(out, size, ")", 0, 0);
}

static void half_sse_gradient_template(char *out, size_t size, int n) { (void)n; snprintf(out, size, "{0} − {1}"); }
static void sse_gradient_template(char *out, size_t size, int n) { (void)n; snprintf(out, size, "2 × ({0} − {1})"); }
static void mse_gradient_template(char *out, size_t size, int n)
{
    if (n > 1)
        snprintf(out, size, "(2/%d) × ({0} − {1})", n);
    else
        snprintf(out, size, "2 × ({0} − {1})");
}
static void bce_gradient_template(char *out, size_t size, int n) { (void)n; snprintf(out, size, "({0} − {1}) / ({0} × (1 − {0}))"); }
static void ce_gradient_template(char *out, size_t size, int n) { (void)n; snprintf(out, size, "−{1} / {0}"); }

const Loss LOSSES[] = {
    {"half-sse", "L = ½ Σⱼ (ŷⱼ − tⱼ)²", "dL/dŷⱼ = ŷⱼ − tⱼ",
     "half the sum of squared errors, which many lessons call MSE",
     half_sse_value, half_sse_gradient, half_sse_template, half_sse_gradient_template, false, false,
     LOSS_SLIP_FORGOT_HALF},
    {"sse", "L = Σⱼ (ŷⱼ − tⱼ)²", "dL/dŷⱼ = 2 × (ŷⱼ − tⱼ)",
     "the sum of squared errors, with no ½: its derivative keeps the factor 2",
     sse_value, sse_gradient, sse_template, sse_gradient_template, false, false, LOSS_SLIP_DROPPED_TWO},
    {"mse", "L = (1/n) Σⱼ (ŷⱼ − tⱼ)²", "dL/dŷⱼ = (2/n) × (ŷⱼ − tⱼ)",
     "the mean of squared errors over the n outputs",
     mse_value, mse_gradient, mse_template, mse_gradient_template, false, false, LOSS_SLIP_DROPPED_TWO},
    {"bce", "L = −Σⱼ (tⱼ ln ŷⱼ + (1 − tⱼ) ln(1 − ŷⱼ))", "dL/dŷⱼ = (ŷⱼ − tⱼ) / (ŷⱼ (1 − ŷⱼ))",
     "binary cross-entropy, for outputs between 0 and 1 (sigmoid)",
     bce_value, bce_gradient, bce_template, bce_gradient_template, true, false, LOSS_SLIP_NONE},
    {"ce", "L = −Σⱼ tⱼ ln ŷⱼ", "dL/dŷⱼ = −tⱼ / ŷⱼ",
     "cross-entropy, for a softmax output and a target distribution",
     ce_value, ce_gradient, ce_template, ce_gradient_template, true, true, LOSS_SLIP_NONE},
};
const int N_LOSSES = (int)(sizeof LOSSES / sizeof LOSSES[0]);
_Static_assert(sizeof LOSSES / sizeof LOSSES[0] <= N_LOSSES_MAX, "N_LOSSES_MAX must hold every loss");

/* ---- bounds over ranges ---------------------------------------------- */

static Interval ordered(double x, double y) { return (Interval){fmin(x, y), fmax(x, y)}; }

Interval activation_value_range(const Activation *activation, Interval z)
{
    return ordered(activation_value(activation, z.lo), activation_value(activation, z.hi));
}

Interval activation_slope_range(const Activation *activation, Interval operand)
{
    /* each derivative reads only the operand its row names, so it may be
     * given as both arguments */
    Interval r = ordered(activation_derivative(activation, operand.lo, operand.lo),
                         activation_derivative(activation, operand.hi, operand.hi));
    if (activation->slope_peaks && interval_contains(operand, activation->slope_peak_at)) {
        double peak = activation_derivative(activation, activation->slope_peak_at, activation->slope_peak_at);
        r.lo = fmin(r.lo, peak);
        r.hi = fmax(r.hi, peak);
    }
    return r;
}

Interval loss_range(const Loss *loss, const Interval *a_range, const double *t, int n)
{
    /* The loss is a sum of one convex term per output, so each a[j] can be
     * chosen on its own: the largest term lies at an end of a[j]'s range,
     * the smallest at an end or at a = t, where the squared losses and bce
     * are least (ce only falls, so its least is at an end). */
    enum { MAX_OUTPUTS = 64 };
    double low[MAX_OUTPUTS], high[MAX_OUTPUTS];
    if (n > MAX_OUTPUTS)
        return (Interval){-INFINITY, INFINITY};
    for (int j = 0; j < n; j++)
        low[j] = high[j] = a_range[j].lo;
    for (int j = 0; j < n; j++) {
        double candidates[3] = {a_range[j].lo, a_range[j].hi, fmin(fmax(t[j], a_range[j].lo), a_range[j].hi)};
        double least = INFINITY, most = -INFINITY, least_at = candidates[0], most_at = candidates[0];
        for (int c = 0; c < 3; c++) {
            low[j] = high[j] = candidates[c];
            double at_low = loss->value(low, t, n), at_high = loss->value(high, t, n);
            if (at_low < least)
                least = at_low, least_at = candidates[c];
            if (at_high > most)
                most = at_high, most_at = candidates[c];
        }
        low[j] = least_at;
        high[j] = most_at;
    }
    return ordered(loss->value(low, t, n), loss->value(high, t, n));
}

Interval loss_gradient_range(const Loss *loss, const Interval *a_range, const double *t, int n, int j)
{
    enum { MAX_OUTPUTS = 64 };
    double a[MAX_OUTPUTS];
    if (n > MAX_OUTPUTS)
        return (Interval){-INFINITY, INFINITY};
    for (int k = 0; k < n; k++)
        a[k] = a_range[k].lo;
    double at_low = loss->gradient(a, t, n, j);
    a[j] = a_range[j].hi;
    return ordered(at_low, loss->gradient(a, t, n, j));
}

const Activation *activation_find(const char *name)
{
    for (int i = 0; i < N_ACTIVATIONS; i++)
        if (strcmp(ACTIVATIONS[i].name, name) == 0)
            return &ACTIVATIONS[i];
    return NULL;
}

double activation_value(const Activation *activation, double z)
{
    return activation->value(z, activation->parameter);
}

double activation_derivative(const Activation *activation, double z, double a)
{
    return activation->derivative(z, a, activation->parameter);
}

void activation_fill(const char *text, const char *parameter_text, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *p = text; *p && used + 1 < size;) {
        if (strncmp(p, "{p}", 3) == 0) {
            used += (size_t)snprintf(out + used, size - used, "%s", parameter_text);
            if (used >= size)
                used = size - 1;
            p += 3;
        } else {
            out[used++] = *p++;
            out[used] = '\0';
        }
    }
}

void activation_choose(const Activation *row, double parameter, ActivationChoice *choice)
{
    choice->activation = *row;
    if (!row->takes)
        return;
    choice->activation.parameter = parameter;
    row->takes->chosen(parameter, &choice->activation);
    char number[NUM_TEXT_MAX];
    num_format(number, sizeof number, parameter, 15, true);
    activation_fill(row->definition, number, choice->definition, sizeof choice->definition);
    activation_fill(row->value_template, number, choice->value_template, sizeof choice->value_template);
    activation_fill(row->derivative_template, number, choice->derivative_template,
                    sizeof choice->derivative_template);
    choice->activation.definition = choice->definition;
    choice->activation.value_template = choice->value_template;
    choice->activation.derivative_template = choice->derivative_template;
}

void activation_label(const Activation *activation, char *out, size_t size)
{
    char number[NUM_TEXT_MAX];
    if (!activation->takes) {
        snprintf(out, size, "%s", activation->name);
        return;
    }
    num_format(number, sizeof number, activation->parameter, 15, true);
    snprintf(out, size, "%s(%s)", activation->name, number);
}

const Loss *loss_find(const char *name)
{
    for (int i = 0; i < N_LOSSES; i++)
        if (strcmp(LOSSES[i].name, name) == 0)
            return &LOSSES[i];
    return NULL;
}

void loss_formula(const char *formula, int n_outputs, char *out, size_t size)
{
    static const char sum[] = "Σⱼ ", subscript[] = "ⱼ";
    size_t used = 0;
    for (const char *p = formula; *p && used + 1 < size;) {
        if (n_outputs == 1 && strncmp(p, sum, strlen(sum)) == 0) {
            p += strlen(sum);
        } else if (n_outputs == 1 && strncmp(p, subscript, strlen(subscript)) == 0) {
            p += strlen(subscript);
        } else {
            out[used++] = *p++;
        }
    }
    out[used] = '\0';
}
