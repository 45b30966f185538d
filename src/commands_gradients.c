/* commands_gradients: `gradcheck` and `diagnose`, two looks at the gradient
 * backprop gives for the training objective.
 *
 * The objective is the mean over the data set's rows of the per-sample
 * loss, as `train` with `batch full` minimises it; with no data, the
 * narrated sample (x, t) alone.  gradcheck compares backprop with central
 * differences and says whether they agree; diagnose tabulates each layer's
 * weight gradients and names the seeds' rules of thumb (vanishing and
 * exploding gradients, dead relu units) that apply.  gradient_check.c
 * computes; this file decides the verdicts and the words. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command_handlers.h"
#include "gradient_check.h"
#include "narrate.h"
#include "numfmt.h"

/* gradcheck's step and its verdicts on ‖a − n‖ / (‖a‖ + ‖n‖). */
#define GRADCHECK_EPSILON 1e-5          /* seeds 002 and 004 use it */
#define GRADCHECK_LEAST_EPSILON 1e-10   /* below it, rounding in L swamps the difference */
#define GRADCHECK_MOST_EPSILON 0.1      /* above it, curvature does */
#define GRADCHECK_AGREE 1e-7            /* below: backprop and the differences agree */
#define GRADCHECK_ACCEPTABLE 1e-5       /* seed 004's bar: below it, acceptable */
#define GRADCHECK_NO_SCALE 1e-12        /* ‖a‖ + ‖n‖ below it: nothing to judge */
#define GRADCHECK_NOISE 1e-9            /* with backprop exactly 0, ‖n‖ below it is rounding in L, not a slope */
#define GRADCHECK_TINY 1e-6             /* every gradient below it: absolute slips look small */

/* diagnose's rules of thumb. */
#define VANISHING_RATIO 0.01            /* seed 000's detect_vanishing_gradients: hidden / output */
#define EXPLODING_GRADIENT 10.0         /* any |dL/dW| above it */

enum {
    GRADCHECK_SHOWN = 5,     /* rows of the worst parameters' table */
    DEAD_LISTED = 10,        /* dead units named, the rest counted */
    NAME_COLUMNS = 12,       /* the tables' first column */
    NUMBER_COLUMNS = 19,     /* a number column: −7.693946967e-08 and two spaces */
    TABLE_DIGITS = 10,       /* significant digits of backprop and numeric in the table */
    SUMMARY_DIGITS = 3,      /* of a difference or a relative error */
};

/* ---- the objective ---------------------------------------------------- */

/* What both commands differentiate, and the words that say which it is. */
typedef struct {
    TrainJob job;
    Dataset *own;            /* the one-row data set of the sample, or NULL */
    char description[600];   /* "over the 4 rows of the data" or "for the sample x = 2, t = 1" */
} Objective;

/* Appends " NAME = v" or " NAME = [v1, v2]" for a vector of n numbers. */
static void append_vector(char *out, size_t size, const char *name, const double *values, int n)
{
    size_t used = strlen(out);
    used += (size_t)snprintf(out + used, size - used, "%s = %s", name, n > 1 ? "[" : "");
    int shown = n > 6 ? 4 : n;   /* a long vector: its first values, and how many there are */
    for (int i = 0; i < shown && used < size; i++) {
        char number[NUM_TEXT_MAX];
        num_format(number, sizeof number, values[i], 15, true);
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? ", " : "", number);
    }
    if (used < size && n > shown)
        used += (size_t)snprintf(out + used, size - used, ", … (%d values)", n);
    if (used < size && n > 1)
        snprintf(out + used, size - used, "]");
}

/* Sets up the objective for `command`, or refuses with `error` set: no
 * network, a data set whose rows do not fit it, or no memory.  Close it
 * with objective_close(). */
static bool objective_open(Session *session, const char *command, const char *instead, Objective *objective,
                           Error *error)
{
    char what[200];
    snprintf(what, sizeof what, "%s is for networks: %s", command, instead);
    if (!need_network(session, what, error))
        return false;
    const Net *net = session->net;
    memset(objective, 0, sizeof *objective);
    objective->job = (TrainJob){.net = session->net, .loss = session->loss, .use_bias = session->use_bias,
                                .data = session->data, .rate = session->learning_rate,
                                .parameter_limit = SESSION_PARAMETER_LIMIT};
    const Dataset *data = session->data;
    if (data && data->n_rows > 0) {
        if (data->n_inputs != net_n_inputs(net) || data->n_targets != net_n_outputs(net))
            return error_set(error, "the data's rows have %d input%s and %d target%s, but the network takes %d "
                             "input%s and gives %d output%s: %s needs them to match", data->n_inputs,
                             data->n_inputs == 1 ? "" : "s", data->n_targets, data->n_targets == 1 ? "" : "s",
                             net_n_inputs(net), net_n_inputs(net) == 1 ? "" : "s", net_n_outputs(net),
                             net_n_outputs(net) == 1 ? "" : "s", command);
        snprintf(objective->description, sizeof objective->description, "over the %d row%s of the data",
                 data->n_rows, data->n_rows == 1 ? "" : "s");
        return true;
    }
    objective->own = dataset_new(net_n_inputs(net), net_n_outputs(net));
    if (!objective->own || !dataset_add(objective->own, session->input, session->target, error)) {
        dataset_free(objective->own);
        return error_set(error, "out of memory");
    }
    objective->job.data = objective->own;
    snprintf(objective->description, sizeof objective->description, "for the sample ");
    append_vector(objective->description, sizeof objective->description, "x", session->input, net_n_inputs(net));
    strncat(objective->description, ", ", sizeof objective->description - strlen(objective->description) - 1);
    append_vector(objective->description, sizeof objective->description, "t", session->target,
                  net_n_outputs(net));
    return true;
}

static void objective_close(Objective *objective)
{
    dataset_free(objective->own);
    objective->own = NULL;
}

/* ---- shared ----------------------------------------------------------- */

static void format_number(double value, int digits, char *out, size_t size)
{
    if (digits >= TABLE_DIGITS && value != 0 && fabs(value) < 1e-3) {
        /* many digits of a small number: 3.813871746e-6, not 0.000003813871746 */
        char text[64];
        snprintf(text, sizeof text, "%.*e", digits - 1, fabs(value));
        char *e = strchr(text, 'e');
        int exponent = atoi(e + 1);
        *e = '\0';
        snprintf(out, size, "%s%se%d", value < 0 ? "−" : "", text, exponent);
        return;
    }
    num_format(out, size, value, digits, true);
}

/* Appends text to a table row, padded to `columns` columns as shown. */
static void append_cell(const Style *style, char *row, size_t size, const char *text, int columns)
{
    size_t used = strlen(row);
    int padding = columns - narr_columns(style, text);
    snprintf(row + used, size - used, "%s%*s", text, padding > 1 ? padding : 1, "");
}

/* Prints one table row: its cells, trailing spaces dropped. */
static void print_row(Session *session, const Style *style, const char *const *cells, const int *columns, int n)
{
    char row[512] = "  ";
    for (int i = 0; i < n; i++)
        append_cell(style, row, sizeof row, cells[i], columns[i]);
    size_t end = strlen(row);
    while (end > 0 && row[end - 1] == ' ')
        row[--end] = '\0';
    narr_printf(session->out, style, "%s\n", row);
}

/* ---- gradcheck -------------------------------------------------------- */

/* Reads gradcheck's EPS; false with `error` set, naming the range. */
static bool parse_epsilon(const Args *args, double *epsilon, Error *error)
{
    *epsilon = GRADCHECK_EPSILON;
    if (args->count == 0)
        return true;
    if (num_parse(args->words[0], epsilon, NULL) && *epsilon >= GRADCHECK_LEAST_EPSILON &&
        *epsilon <= GRADCHECK_MOST_EPSILON)
        return true;
    return error_set(error, "gradcheck's EPS is the step ε, a number from 1e-10 to 0.1 (1e-5 if none is "
                     "given), not '%s'", args->words[0]);
}

/* The indexes of the `n` probes with the largest |backprop − numeric|,
 * largest first (the first of equals first); returns how many. */
static int worst_probes(const GradientCheck *check, int *worst, int n)
{
    int found = 0;
    for (int i = 0; i < check->n_probed; i++) {
        double difference = fabs(check->probes[i].backprop - check->probes[i].numeric);
        int at = found < n ? found++ : n;
        while (at > 0 && difference > fabs(check->probes[worst[at - 1]].backprop - check->probes[worst[at - 1]].numeric)) {
            if (at < n)
                worst[at] = worst[at - 1];
            at--;
        }
        if (at < n)
            worst[at] = i;
    }
    return found;
}

static void print_worst(Session *session, const Style *style, const GradientCheck *check)
{
    int worst[GRADCHECK_SHOWN];
    int n = worst_probes(check, worst, GRADCHECK_SHOWN);
    char line[200];
    snprintf(line, sizeof line, "The %d largest differences |backprop − numeric| (θ a parameter, frozen or "
             "not):", n);
    say_line(session, line);
    static const int columns[] = {NAME_COLUMNS, NUMBER_COLUMNS, NUMBER_COLUMNS, NUMBER_COLUMNS};
    const char *headings[] = {"θ", "backprop dL/dθ", "numeric", "difference"};
    print_row(session, style, headings, columns, 4);
    for (int i = 0; i < n; i++) {
        const GradientProbe *probe = &check->probes[worst[i]];
        char name[NAME_MAX], backprop[NUM_TEXT_MAX], numeric[NUM_TEXT_MAX], difference[NUM_TEXT_MAX];
        quantity_name(session->net, probe->parameter, name, sizeof name);
        format_number(probe->backprop, TABLE_DIGITS, backprop, sizeof backprop);
        format_number(probe->numeric, TABLE_DIGITS, numeric, sizeof numeric);
        format_number(fabs(probe->backprop - probe->numeric), SUMMARY_DIGITS, difference, sizeof difference);
        const char *cells[] = {name, backprop, numeric, difference};
        print_row(session, style, cells, columns, 4);
    }
}

/* The verdict on the relative error, with what it means. */
static void print_verdict(Session *session, const GradientCheck *check)
{
    double scale = check->backprop_norm + check->numeric_norm;
    char line[1200], number[NUM_TEXT_MAX];
    if (scale < GRADCHECK_NO_SCALE || (check->backprop_norm == 0 && check->numeric_norm < GRADCHECK_NOISE)) {
        format_number(scale, SUMMARY_DIGITS, number, sizeof number);
        snprintf(line, sizeof line, "Cannot judge: every gradient is 0 or nearly (‖a‖ + ‖n‖ = %s), so a relative "
                 "error is meaningless and no pass is given.  Nothing here tests backprop: move the weights or "
                 "the sample so the loss depends on them (a dead relu network has no gradient at all).", number);
        say_line(session, line);
        return;
    }
    double relative = gradient_check_relative_error(check);
    format_number(relative, SUMMARY_DIGITS, number, sizeof number);
    if (relative < GRADCHECK_AGREE)
        snprintf(line, sizeof line, "✓ pass: %s is below 1e-7: backprop and central differences agree.", number);
    else if (relative < GRADCHECK_ACCEPTABLE)
        snprintf(line, sizeof line, "✓ acceptable: %s lies between 1e-7 and 1e-5 (seed 004 accepts below 1e-5).  "
                 "Rounding in L or a corner near some z can leave this much; another ε may bring it lower.",
                 number);
    else
        snprintf(line, sizeof line, "✗ fail: %s is above 1e-5 (seed 004's bar).  That usually means a wrong "
                 "derivative somewhere, or a kink within ε of some z (relu at 0, a clamped probability), where "
                 "the central difference straddles the corner and measures neither side's slope.", number);
    say_line(session, line);
    if (relative >= GRADCHECK_AGREE && check->n_corners > 0) {
        char name[NAME_MAX];
        quantity_name(session->net, check->corner, name, sizeof name);
        format_number(check->corner_z, SUMMARY_DIGITS, number, sizeof number);
        snprintf(line, sizeof line, "Here %d unit%s of relu or leaky_relu ha%s z within ε of the corner at 0 (%s = "
                 "%s%s): moving a parameter by ±ε puts z on both sides, so the difference averages two slopes.",
                 check->n_corners, check->n_corners == 1 ? "" : "s", check->n_corners == 1 ? "s" : "ve", name,
                 number, check->n_corners == 1 ? "" : ", the first");
        say_line(session, line);
    }
    if (check->largest < GRADCHECK_TINY) {
        format_number(check->largest, SUMMARY_DIGITS, number, sizeof number);
        snprintf(line, sizeof line, "Beware: every gradient is below 1e-6 in size (the largest is %s), so even a "
                 "factor-of-2 slip leaves a tiny absolute difference.  That is how seed 002's check passes while "
                 "comparing the slope of mean((y−t)²) with backprop of ½ mean((y−t)²): −1.539e-07 against "
                 "−7.694e-08, a difference of 7.69e-08 < 1e-7.  Judge by the relative error, and trust it only "
                 "as far as rounding in L, about 1e-16 × L / ε, stays far below the gradients.", number);
        say_line(session, line);
    }
}

Status cmd_gradcheck(Session *session, const Args *args, Error *error)
{
    Objective objective;
    double epsilon;
    if (!objective_open(session, "gradcheck", "an expression has no parameters to probe", &objective, error))
        return STATUS_ERROR;
    if (!parse_epsilon(args, &epsilon, error)) {
        objective_close(&objective);
        return STATUS_ERROR;
    }
    GradientCheck check;
    bool ran = gradient_check_run(&objective.job, epsilon, &check, error);
    objective_close(&objective);
    if (!ran)
        return STATUS_ERROR;
    if (check.interrupted) {
        error_set(error, "interrupted after %d of %d parameters; every parameter is as it was", check.n_probed,
                  check.n_parameters);
        gradient_check_release(&check);
        return STATUS_ERROR;
    }
    if (!check.finite) {
        gradient_check_release(&check);
        return error_set(error, "the loss or a gradient is not a finite number here, so there is nothing to "
                         "compare"), STATUS_ERROR;
    }

    Style style = session_style(session);
    char line[1200], step[NUM_TEXT_MAX], relative[NUM_TEXT_MAX];
    snprintf(step, sizeof step, "%s", args->count ? args->words[0] : "1e-5");   /* as the learner wrote it */
    snprintf(line, sizeof line, "Gradient check of L %s: each of the %d parameters θ moved by ±ε, ε = %s, "
             "numeric = (L(θ + ε) − L(θ − ε)) / (2ε).", objective.description, check.n_parameters, step);
    say_line(session, line);
    format_number(gradient_check_relative_error(&check), SUMMARY_DIGITS, relative, sizeof relative);
    snprintf(line, sizeof line, "Relative error ‖a − n‖ / (‖a‖ + ‖n‖) over all %d (a: backprop, n: numeric; "
             "seed 004, exercise 3): %s", check.n_parameters, relative);
    say_line(session, line);
    print_verdict(session, &check);
    print_worst(session, &style, &check);
    gradient_check_release(&check);
    return STATUS_OK;
}

/* ---- diagnose --------------------------------------------------------- */

static void print_layers(Session *session, const Style *style, const LayerGradients *layers)
{
    const Net *net = session->net;
    int digits = session->show_digits;
    static const int columns[] = {NAME_COLUMNS + 6, 14, 14, 14};
    const char *headings[] = {"layer", "mean |dL/dW|", "max |dL/dW|", "‖dL/dW‖"};
    print_row(session, style, headings, columns, 4);
    for (int l = 1; l <= net->n_layers; l++) {
        char layer[64], label[40], mean[NUM_TEXT_MAX], most[NUM_TEXT_MAX], norm[NUM_TEXT_MAX];
        activation_label(net->activation[l], label, sizeof label);
        snprintf(layer, sizeof layer, "W%d (%s)", l, label);
        format_number(layers[l].mean_abs, digits, mean, sizeof mean);
        format_number(layers[l].max_abs, digits, most, sizeof most);
        format_number(layers[l].norm, digits, norm, sizeof norm);
        const char *cells[] = {layer, mean, most, norm};
        print_row(session, style, cells, columns, 4);
    }
}

/* Vanishing gradients: the first layer's mean |dL/dW| far below the last's.
 * Returns true when the rule applies. */
static bool rule_vanishing(Session *session, const LayerGradients *layers)
{
    const Net *net = session->net;
    int last = net->n_layers;
    if (last < 2 || layers[last].mean_abs == 0)
        return false;
    double ratio = layers[1].mean_abs / layers[last].mean_abs;
    if (ratio >= VANISHING_RATIO)
        return false;
    char line[1200], shown[NUM_TEXT_MAX];
    format_number(ratio, session->show_digits, shown, sizeof shown);
    bool sigmoid = false, tanh_layer = false;
    for (int l = 1; l < last; l++) {
        sigmoid = sigmoid || strcmp(net->activation[l]->name, "sigmoid") == 0;
        tanh_layer = tanh_layer || strcmp(net->activation[l]->name, "tanh") == 0;
    }
    int used = snprintf(line, sizeof line, "Vanishing gradients: mean |dL/dW1| / mean |dL/dW%d| = %s, below 0.01 "
                        "(seed 000's detect_vanishing_gradients): the first layer learns far more slowly than the "
                        "last.  On the way back each layer multiplies the gradient by its activation's slope and "
                        "its weights", last, shown);
    if (sigmoid)
        used += snprintf(line + used, sizeof line - (size_t)used, ": sigmoid's slope is at most 0.25, so each sigmoid "
                         "layer can shrink it fourfold or more (ten layers: 0.25^10 ≈ 1e-6)");
    if (tanh_layer)
        used += snprintf(line + used, sizeof line - (size_t)used, "%s tanh's slope 1 − a² is near 0 wherever a unit "
                         "saturates (a near ±1)", sigmoid ? ";" : ":");
    snprintf(line + used, sizeof line - (size_t)used, "%s small weights shrink it further.",
             sigmoid || tanh_layer ? ", and" : ";");
    say_line(session, line);
    return true;
}

/* Exploding gradients: some |dL/dW| above 10.  Returns true when it applies. */
static bool rule_exploding(Session *session, const LayerGradients *layers)
{
    const Net *net = session->net;
    int worst = 1;
    for (int l = 2; l <= net->n_layers; l++)
        if (layers[l].max_abs > layers[worst].max_abs)
            worst = l;
    if (layers[worst].max_abs <= EXPLODING_GRADIENT)
        return false;
    char line[1200], shown[NUM_TEXT_MAX];
    format_number(layers[worst].max_abs, session->show_digits, shown, sizeof shown);
    snprintf(line, sizeof line, "Exploding gradients: max |dL/dW%d| = %s, above 10.  On the way back each "
             "layer multiplies the gradient by its weights, and weights large for their number of inputs make "
             "the products grow layer by layer; a step lr × gradient this large throws the weights far off.  "
             "Smaller starting weights (init xavier, init he) or gradient clipping keep it in check.", worst, shown);
    say_line(session, line);
    return true;
}

/* Dead relu units: silent on every sample.  Returns true when there are
 * any.  With one sample, a unit that is off is only inactive: about half
 * of a layer usually is, so that is said plainly and fires no rule. */
static bool rule_dead(Session *session, const LayerGradients *layers, const char *on_what, bool one_sample)
{
    const Net *net = session->net;
    int dead = 0, relu_units = 0;
    for (int l = 1; l < net->n_layers; l++) {
        dead += layers[l].n_dead;
        if (strcmp(net->activation[l]->name, "relu") == 0)
            relu_units += net->sizes[l];
    }
    if (dead == 0)
        return false;
    char line[2400];
    size_t used = (size_t)snprintf(line, sizeof line, "%s: %d of the %d hidden relu units output%s 0 %s (",
                                   one_sample ? "Inactive relu units" : "Dead ReLU units", dead, relu_units,
                                   dead == 1 ? "s" : "", on_what);
    const char *separator = "";
    for (int l = 1; l < net->n_layers; l++)
        if (layers[l].n_dead > 0) {
            used += (size_t)snprintf(line + used, sizeof line - used, "%s%d in layer %d", separator,
                                     layers[l].n_dead, l);
            separator = ", ";
        }
    used += (size_t)snprintf(line + used, sizeof line - used, "): ");
    int listed = 0;
    for (int l = 1; l < net->n_layers && listed < DEAD_LISTED; l++)
        for (int j = 0; j < net->sizes[l] && listed < DEAD_LISTED; j++)
            if (layers[l].dead[j]) {
                char name[NAME_MAX];
                quantity_name(net, (Quantity){Q_A, l, j, 0, 0}, name, sizeof name);
                used += (size_t)snprintf(line + used, sizeof line - used, "%s%s", listed ? ", " : "", name);
                listed++;
            }
    if (dead > listed)
        used += (size_t)snprintf(line + used, sizeof line - used, " and %d more", dead - listed);
    if (one_sample)
        snprintf(line + used, sizeof line - used, ".  No gradient flows back through them for this sample.  That "
                 "alone is normal (a unit is off for some inputs); a unit is dead when it is off for every "
                 "sample of the data, which `data` and diagnose over the data can tell.");
    else
        snprintf(line + used, sizeof line - used, ".  relu's slope is 0 wherever its output is 0, so no gradient "
                 "flows back through a dead unit and the weights into it never change.");
    say_line(session, line);
    return !one_sample;
}

Status cmd_diagnose(Session *session, const Args *args, Error *error)
{
    (void)args;
    Objective objective;
    if (!objective_open(session, "diagnose", "an expression has no layers to diagnose", &objective, error))
        return STATUS_ERROR;
    LayerGradients layers[NET_MAX_LAYERS + 1];
    bool finite;
    bool ran = gradient_layers(&objective.job, layers, &finite, error);
    const char *on_what = objective.own ? "for the sample" : "on every row of the data";
    bool objective_one_sample = objective.job.data->n_rows == 1;
    char line[1200];
    snprintf(line, sizeof line, "Gradients of L %s, layer by layer (weights only):", objective.description);
    objective_close(&objective);
    if (!ran)
        return STATUS_ERROR;
    if (!finite)
        return error_set(error, "a gradient is not a finite number here, so there is nothing to diagnose"),
               STATUS_ERROR;

    Style style = session_style(session);
    say_line(session, line);
    print_layers(session, &style, layers);
    bool any = false, all_zero = true;
    for (int l = 1; l <= session->net->n_layers; l++)
        all_zero = all_zero && layers[l].max_abs == 0;
    if (all_zero) {
        say_line(session, "No gradient at all: every dL/dW is 0, so nothing learns from this objective (and the "
                 "vanishing rule has no last layer to compare with).");
        any = true;
    }
    any = rule_vanishing(session, layers) || any;
    any = rule_exploding(session, layers) || any;
    any = rule_dead(session, layers, on_what, objective_one_sample) || any;
    bool has_relu = false;
    for (int l = 1; l < session->net->n_layers; l++)
        has_relu = has_relu || strcmp(session->net->activation[l]->name, "relu") == 0;
    if (!any && !has_relu)
        say_line(session, "The gradients look healthy by these rules: the first layer's are not below 0.01 of the "
                 "last's (vanishing), and none is above 10 (exploding).");
    else if (!any)
        say_line(session, objective_one_sample
                 ? "The gradients look healthy by these rules: the first layer's are not below 0.01 of the "
                   "last's (vanishing), and none is above 10 (exploding).  Dead units show only over many "
                   "samples: give data to tell."
                 : "The gradients look healthy by these rules: the first layer's are not below 0.01 of the "
                   "last's (vanishing), none is above 10 (exploding), and no relu unit is silent on every sample "
                   "(dead).");
    return STATUS_OK;
}
