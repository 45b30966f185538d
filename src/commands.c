/* commands: the command table and its handlers (see commands.h). */
#include "commands.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "escape.h"
#include "functions.h"
#include "grade.h"
#include "interrupt.h"
#include "literal.h"
#include "numfmt.h"
#include "quantity.h"
#include "script.h"
#include "suggest.h"
#include "wrap.h"

/* ---- shared helpers -------------------------------------------------- */

enum {
    HELP_WIDTH = 80,           /* help never takes more columns than this */
    HELP_USAGE_COLUMNS = 30,   /* the usage column of `help`'s table */
};

static bool need_network(const Session *session, Error *error)
{
    if (session->net)
        return true;
    return error_set(error, "there is no network yet: start with one, such as `network 2-1 sigmoid`");
}

/* Parses any finite number (for expect, which may compare large values).
 * A literal of one number ([0.5], np.array([0.5])) is that number. */
static bool parse_number(const char *text, double *value, NumberWritten *written, Error *error)
{
    char single[NUM_TEXT_MAX];
    if (num_parse(literal_single(text, single, sizeof single) ? single : text, value, written))
        return true;
    return error_set(error, "'%s' is not a number backstep can use: write a finite decimal such as 0.5 or -2e-3",
                     text);
}

/* Parses a number the learner gives to the network (see SESSION_INPUT_LIMIT). */
static bool parse_given(const char *text, double *value, Error *error)
{
    if (!parse_number(text, value, NULL, error))
        return false;
    if (fabs(*value) > SESSION_INPUT_LIMIT)
        return error_set(error, "'%s' is too large: backstep takes numbers from -1e6 to 1e6", text);
    return true;
}

static bool parse_on_off(const char *text, bool *on, Error *error)
{
    if (strcmp(text, "on") == 0 || strcmp(text, "off") == 0) {
        *on = strcmp(text, "on") == 0;
        return true;
    }
    return error_set(error, "expected on or off, not '%s'", text);
}

/* Parses a count of digits from 1 to 15. */
static bool parse_digits(const char *text, int *digits, Error *error)
{
    char *end;
    long value = strtol(text, &end, 10);
    if (*end || end == text || value < 1 || value > 15)
        return error_set(error, "'%s' is not a number of significant digits: choose 1 to 15", text);
    *digits = (int)value;
    return true;
}

/* Prints one line of prose in the session's style. */
static void say_line(Session *session, const char *text)
{
    Style style = session_style(session);
    char line[NARR_LINE_MAX];
    snprintf(line, sizeof line, "%s\n", text);
    narr_print_prose(session->out, &style, line, WRAP_HANG_AUTO);
}

/* Reads a vector or matrix literal (literal.h) into values, checking each
 * number as parse_given does; sets *rows and *cols.  A single number is a
 * 1x1 literal. */
static bool parse_literal(const char *text, double *values, int capacity, int *rows, int *cols, Error *error)
{
    char buffer[SCRIPT_LINE_MAX];
    const char *words[NET_MAX_WIDTH * NET_MAX_WIDTH];
    if (capacity > NET_MAX_WIDTH * NET_MAX_WIDTH)
        capacity = NET_MAX_WIDTH * NET_MAX_WIDTH;
    if (!literal_split(text, buffer, sizeof buffer, words, capacity, rows, cols, error))
        return false;
    for (int i = 0; i < *rows * *cols; i++)
        if (!parse_given(words[i], &values[i], error))
            return false;
    return true;
}

static double *parameter_slot(Session *session, Quantity q)
{
    switch (q.kind) {
    case Q_INPUT: return &session->input[q.row];
    case Q_TARGET: return &session->target[q.row];
    case Q_WEIGHT: return net_weight(session->net, q.layer, q.row, q.col);
    case Q_BIAS: return net_bias(session->net, q.layer, q.row);
    default: return NULL;
    }
}

/* Sets every element of a whole x, t, W or b from a literal, checking its shape first. */
static bool assign_whole(Session *session, Quantity q, const char *name, const char *literal, Error *error)
{
    double values[NET_MAX_WIDTH * NET_MAX_WIDTH];
    int rows, cols, want_rows, want_cols;
    quantity_shape(session->net, q, &want_rows, &want_cols);
    if (!parse_literal(literal, values, NET_MAX_WIDTH * NET_MAX_WIDTH, &rows, &cols, error))
        return false;
    bool is_vector = want_cols == 1;
    bool fits = is_vector ? rows * cols == want_rows && (rows == 1 || cols == 1)
                          : rows == want_rows && cols == want_cols;
    if (!fits) {
        if (!is_vector && rows == want_cols && cols == want_rows)
            return error_set(error, "%s is %dx%d (a row per neuron, a column per input), but this is %dx%d: "
                             "write its transpose", name, want_rows, want_cols, rows, cols);
        if (is_vector)
            return error_set(error, "%s has %d element%s, but %d %s given", name, want_rows,
                             want_rows == 1 ? "" : "s", rows * cols, rows * cols == 1 ? "was" : "were");
        return error_set(error, "%s is %dx%d (a row per neuron, a column per input), but this is %dx%d", name,
                         want_rows, want_cols, rows, cols);
    }
    for (int j = 0; j < want_rows; j++)
        for (int k = 0; k < want_cols; k++)
            *parameter_slot(session, quantity_element(q, j, k)) = values[j * want_cols + k];
    return true;
}

/* ---- setting up ------------------------------------------------------ */

/* After new targets are written: true when the loss takes them; otherwise
 * puts the saved targets back and returns false with `error` set. */
static bool targets_fit(Session *session, const double *saved_target, Error *error)
{
    if (domain_loss_fits(session->loss, session->net, session->target, error))
        return true;
    memcpy(session->target, saved_target, sizeof session->target);
    return false;
}

/* Describes the network's shape, its weight convention and its loss.
 * `parameters` says what just happened to them ("start at 0", "keep
 * their values"); NULL introduces a listing of them instead. */
static void describe_network(Session *session, const char *parameters)
{
    bool fresh = parameters != NULL;
    const Net *net = session->net;
    Style style = session_style(session);
    char shape[64], line[1024], labels[NET_MAX_LAYERS + 1][64];
    net_shape_text(net, shape, sizeof shape);
    for (int l = 1; l <= net->n_layers; l++)
        activation_label(net->activation[l], labels[l], sizeof labels[l]);
    int n_params = net_n_parameters(net, session->use_bias);
    if (net_is_single_neuron(net)) {
        int n = net_n_inputs(net);
        char weights[64];
        if (n == 1)
            snprintf(weights, sizeof weights, "w1");
        else if (n <= 3)
            snprintf(weights, sizeof weights, n == 2 ? "w1, w2" : "w1, w2, w3");
        else
            snprintf(weights, sizeof weights, "w1 to w%d", n);
        if (fresh)
            snprintf(line, sizeof line, "network %s: one neuron with %d input%s, %s.  Its parameters (%s%s) %s.\n",
                     shape, n, n == 1 ? "" : "s", labels[1], weights, session->use_bias ? ", b" : "", parameters);
        else
            snprintf(line, sizeof line, "network %s: one neuron with %d input%s, %s; parameters %s%s:\n", shape, n,
                     n == 1 ? "" : "s", labels[1], weights, session->use_bias ? ", b" : "");
        narr_print(session->out, &style, line);
    } else {
        int used = snprintf(line, sizeof line, "network %s:", shape);
        for (int l = 1; l <= net->n_layers; l++)
            used += snprintf(line + used, sizeof line - (size_t)used, "%s layer %d has %d %s neuron%s", l > 1 ? ";" : "",
                             l, net->sizes[l], labels[l], net->sizes[l] == 1 ? "" : "s");
        if (fresh)
            snprintf(line + used, sizeof line - (size_t)used, ".  Its %d parameters %s.\n", n_params, parameters);
        else
            snprintf(line + used, sizeof line - (size_t)used, "; %d parameters:\n", n_params);
        narr_print(session->out, &style, line);
        if (net->sizes[1] * net->sizes[0] > 1)
            narr_printf(session->out, &style, "  W1 is %dx%d: row j holds the weights of neuron j, column k those "
                        "of input k, so z1[j] = Σₖ W1[j,k] × x[k]%s.\n", net->sizes[1], net->sizes[0],
                        session->use_bias ? " + b1[j]" : "");
    }
    /* an activation with a chosen parameter shows it in its formula */
    for (int l = 1; l <= net->n_layers; l++) {
        bool told = !net->activation[l]->takes;
        for (int earlier = 1; earlier < l && !told; earlier++)
            told = strcmp(labels[earlier], labels[l]) == 0;
        if (!told)
            narr_printf(session->out, &style, "  %s\n", net->activation[l]->definition);
    }
    char definition[256];
    loss_formula(session->loss->definition, net_n_outputs(net), definition, sizeof definition);
    narr_printf(session->out, &style, "  loss %s: %s\n", session->loss->name, definition);
}

/* Lists in out what the learner had given the old network that a network
 * of another shape starts again without: "the weights, x and t". */
static void list_given(const Session *session, char *out, size_t size)
{
    const Net *net = session->net;
    bool weights = false, biases = false, frozen = false, input = false, target = false;
    for (int l = 1; l <= net->n_layers; l++)
        for (int j = 0; j < net->sizes[l]; j++) {
            for (int k = 0; k < net->sizes[l - 1]; k++) {
                weights |= *net_weight(net, l, j, k) != 0;
                frozen |= *net_weight_frozen(net, l, j, k);
            }
            biases |= *net_bias(net, l, j) != 0;
            frozen |= *net_bias_frozen(net, l, j);
        }
    for (int k = 0; k < net_n_inputs(net); k++)
        input |= session->input[k] != 0;
    for (int j = 0; j < net_n_outputs(net); j++)
        target |= session->target[j] != 0;
    const char *given[6];
    int n = 0;
    if (weights)
        given[n++] = "weights";
    if (biases)
        given[n++] = "biases";
    if (frozen)
        given[n++] = "frozen parameters";
    if (input)
        given[n++] = "x";
    if (target)
        given[n++] = "t";
    if (session->n_overrides)
        given[n++] = "your own values (use)";
    snprintf(out, size, "%s", n ? "the " : "");
    for (int i = 0; i < n; i++) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s", i == 0 ? "" : i == n - 1 ? " and " : ", ", given[i]);
    }
}

/* A network of the shape the session has keeps its parameters, x and t
 * (only the activations change); one of another shape starts from 0, and
 * says what it leaves behind. */
static Status cmd_network(Session *session, const Args *args, Error *error)
{
    const char *fallback[] = {"sigmoid"};
    const char *const *activations = args->count > 1 ? args->words + 1 : fallback;
    Net *net = net_new(args->words[0], activations, args->count > 1 ? args->count - 1 : 1, error);
    if (!net)
        return STATUS_ERROR;
    Net *old = session->net;
    bool same_shape = old && net_same_shape(old, net);
    const double zero_targets[NET_MAX_WIDTH] = {0};   /* a network of a new shape starts with t = 0 */
    if (!domain_loss_fits(session->loss, net, same_shape ? session->target : zero_targets, error)) {
        net_free(net);
        return STATUS_ERROR;
    }
    char left[160] = "", old_shape[64] = "";
    if (same_shape) {
        net_copy_parameters(net, old);
    } else if (old) {
        list_given(session, left, sizeof left);
        net_shape_text(old, old_shape, sizeof old_shape);
        memset(session->input, 0, sizeof session->input);
        memset(session->target, 0, sizeof session->target);
        session->n_overrides = 0;
    }
    net_free(old);
    session->net = net;
    session->has_previous_loss = false;
    Style style = session_style(session);
    describe_network(session, same_shape ? "keep their values" : "start at 0");
    if (same_shape)
        narr_printf(session->out, &style, "  The shape is as before, so the weights%s, x and t keep their "
                    "values.\n", session->use_bias ? ", biases" : "");
    else if (left[0])
        narr_printf(session->out, &style, "  The shape changed (it was %s), so %s start again from 0.\n",
                    old_shape, left);
    session_changed(session, true);
    return STATUS_OK;
}

static Status cmd_set(Session *session, const Args *args, Error *error)
{
    const char *name = args->words[0], *text = args->words[1];
    if (strcmp(name, "lr") == 0) {
        double rate;
        if (!parse_given(text, &rate, error))
            return STATUS_ERROR;
        if (rate <= 0)
            return error_set(error, "the learning rate must be positive, not %s", text), STATUS_ERROR;
        session_next_pass(session);
        session->learning_rate = rate;
        session_changed(session, false);
        return STATUS_OK;
    }
    if (!need_network(session, error))
        return STATUS_ERROR;
    Quantity q;
    if (!quantity_parse(session->net, session->use_bias, name, &q, error))
        return STATUS_ERROR;
    if (!parameter_slot(session, quantity_element(q, 0, 0)))
        return error_set(error, "%s is computed, not set: `use %s VALUE` carries your own value for it instead",
                         name, name), STATUS_ERROR;
    double saved_target[NET_MAX_WIDTH];
    memcpy(saved_target, session->target, sizeof saved_target);
    char single[NUM_TEXT_MAX];
    if (quantity_is_whole(q) || (literal_is_bracketed(text) && !literal_single(text, single, sizeof single))) {
        if (!quantity_is_whole(q))
            return error_set(error, "%s is one number, so give one number, not '%s'", name, text), STATUS_ERROR;
        if (!assign_whole(session, q, name, text, error))
            return STATUS_ERROR;
    } else {
        double value;
        if (!parse_given(text, &value, error))
            return STATUS_ERROR;
        *parameter_slot(session, q) = value;
    }
    if (q.kind == Q_TARGET && !targets_fit(session, saved_target, error))
        return STATUS_ERROR;
    session->has_previous_loss = false;
    session_changed(session, true);
    return STATUS_OK;
}

/* `input 2 3`, `input [2 3]`: the whole of x (or t). */
static Status set_sample(Session *session, const Args *args, QuantityKind kind, Error *error)
{
    if (!need_network(session, error))
        return STATUS_ERROR;
    const char *name = kind == Q_INPUT ? "x" : "t";
    char literal[SCRIPT_LINE_MAX] = "[";
    if (args->count == 1 && literal_is_bracketed(args->words[0])) {
        snprintf(literal, sizeof literal, "%s", args->words[0]);
    } else {
        for (int i = 0; i < args->count; i++) {
            size_t used = strlen(literal);
            snprintf(literal + used, sizeof literal - used, "%s%s", i ? " " : "", args->words[i]);
        }
        strncat(literal, "]", sizeof literal - strlen(literal) - 1);
    }
    Quantity whole = {kind, 0, QUANTITY_WHOLE, 0};
    double saved_target[NET_MAX_WIDTH];
    memcpy(saved_target, session->target, sizeof saved_target);
    if (!assign_whole(session, whole, name, literal, error))
        return STATUS_ERROR;
    if (kind == Q_TARGET && !targets_fit(session, saved_target, error))
        return STATUS_ERROR;
    session->has_previous_loss = false;
    session_changed(session, true);
    return STATUS_OK;
}

static Status cmd_input(Session *session, const Args *args, Error *error)
{
    return set_sample(session, args, Q_INPUT, error);
}

static Status cmd_target(Session *session, const Args *args, Error *error)
{
    return set_sample(session, args, Q_TARGET, error);
}

static Status narrate_phase(Session *session, Phase phase, Error *error);

static Status cmd_loss(Session *session, const Args *args, Error *error)
{
    if (args->count == 0)
        return narrate_phase(session, PHASE_LOSS, error);
    const Loss *loss = loss_find(args->words[0]);
    if (!loss) {
        char known[256] = "";
        const char *nearest = NULL;
        int best = 3;
        for (int i = 0; i < N_LOSSES; i++) {
            size_t used = strlen(known);
            snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", LOSSES[i].name);
            int distance = edit_distance(args->words[0], LOSSES[i].name);
            if (distance < best)
                best = distance, nearest = LOSSES[i].name;
        }
        if (nearest)
            return error_set(error, "unknown loss '%s'; did you mean '%s'? Kinds: %s", args->words[0], nearest,
                             known), STATUS_ERROR;
        return error_set(error, "unknown loss '%s'; kinds: %s", args->words[0], known), STATUS_ERROR;
    }
    if (session->net && !domain_loss_fits(loss, session->net, session->target, error))
        return STATUS_ERROR;
    session->loss = loss;
    session_changed(session, true);
    Style style = session_style(session);
    int n_outputs = session->net ? net_n_outputs(session->net) : 2;
    char definition[256], gradient[256];
    loss_formula(loss->definition, n_outputs, definition, sizeof definition);
    loss_formula(loss->gradient_definition, n_outputs, gradient, sizeof gradient);
    narr_printf(session->out, &style, "loss %s: %s,  %s\n  (%s)\n", loss->name, definition, gradient,
                loss->summary);
    if (session->net) {
        const Activation *output = session->net->activation[session->net->n_layers];
        if (strcmp(loss->name, "ce") == 0 && !output->whole_layer)
            narr_printf(session->out, &style, "  note: ce is meant for a softmax output; the output layer "
                        "is %s\n", output->name);
    }
    return STATUS_OK;
}

static Status cmd_lr(Session *session, const Args *args, Error *error)
{
    if (args->count == 0) {
        char text[NUM_TEXT_MAX];
        num_format(text, sizeof text, session->learning_rate, 15, true);
        Style style = session_style(session);
        narr_printf(session->out, &style, "lr = %s\n", text);
        return STATUS_OK;
    }
    return cmd_set(session, &(Args){2, {"lr", args->words[0]}, NULL}, error);
}

static Status cmd_bias(Session *session, const Args *args, Error *error)
{
    bool on = false;
    if (!parse_on_off(args->words[0], &on, error))
        return STATUS_ERROR;
    if (on == session->use_bias)
        return STATUS_OK;
    session->use_bias = on;
    session->has_previous_loss = false;
    session_changed(session, true);
    say_line(session, on ? "biases on: z = Σ w × input + b" : "biases off: z = Σ w × input (no b)");
    return STATUS_OK;
}

/* freeze / unfreeze: all names are checked before any flag changes. */
static Status set_frozen(Session *session, const Args *args, bool frozen, Error *error)
{
    if (!need_network(session, error))
        return STATUS_ERROR;
    Quantity targets[ARGS_MAX];
    for (int i = 0; i < args->count; i++) {
        if (!quantity_parse(session->net, session->use_bias, args->words[i], &targets[i], error))
            return STATUS_ERROR;
        if (!quantity_is_parameter(targets[i]))
            return error_set(error, "%s is not a weight or a bias; only parameters can be %s", args->words[i],
                             frozen ? "frozen" : "unfrozen"), STATUS_ERROR;
    }
    session_next_pass(session);
    for (int i = 0; i < args->count; i++) {
        int rows, cols;
        quantity_shape(session->net, targets[i], &rows, &cols);
        for (int j = 0; j < rows; j++)
            for (int k = 0; k < cols; k++) {
                Quantity q = quantity_is_whole(targets[i]) ? quantity_element(targets[i], j, k) : targets[i];
                if (q.kind == Q_WEIGHT)
                    *net_weight_frozen(session->net, q.layer, q.row, q.col) = frozen;
                else
                    *net_bias_frozen(session->net, q.layer, q.row) = frozen;
            }
    }
    session_changed(session, false);
    return STATUS_OK;
}

static Status cmd_freeze(Session *session, const Args *args, Error *error)
{
    return set_frozen(session, args, true, error);
}

static Status cmd_unfreeze(Session *session, const Args *args, Error *error)
{
    return set_frozen(session, args, false, error);
}

static Status cmd_round(Session *session, const Args *args, Error *error)
{
    int digits = 0;
    bool places = false;
    if (strcmp(args->words[0], "off") == 0) {
        if (args->count > 1)
            return error_set(error, "usage: %s", command_find("round")->usage), STATUS_ERROR;
    } else {
        if (!parse_digits(args->words[0], &digits, error))
            return STATUS_ERROR;
        if (args->count > 1) {
            places = strcmp(args->words[1], "places") == 0;
            if (!places && strcmp(args->words[1], "digits") != 0)
                return error_set(error, "round %s counts digits or places, not '%s'", args->words[0],
                                 args->words[1]), STATUS_ERROR;
        }
    }
    session_next_pass(session);
    session->round_digits = digits;
    session->round_places = places;
    session_changed(session, false);
    Style style = session_style(session);
    if (digits)
        narr_printf(session->out, &style, "hand mode: every quantity is rounded to %d %s as it is computed, and "
                    "the rounded value is carried forward\n", digits,
                    places ? (digits == 1 ? "decimal place" : "decimal places")
                           : (digits == 1 ? "significant digit" : "significant digits"));
    else
        narr_print(session->out, &style, "exact mode: double-precision arithmetic, nothing rounded along the way\n");
    return STATUS_OK;
}

static Status cmd_digits(Session *session, const Args *args, Error *error)
{
    int digits = 0;
    if (!parse_digits(args->words[0], &digits, error))
        return STATUS_ERROR;
    session->show_digits = digits;
    return STATUS_OK;
}

static Status list_overrides(Session *session)
{
    Style style = session_style(session);
    if (session->n_overrides == 0) {
        narr_print(session->out, &style, "no values of your own are in use\n");
        return STATUS_OK;
    }
    for (int i = 0; i < session->n_overrides; i++) {
        char name[NAME_MAX], text[NUM_TEXT_MAX];
        quantity_name(session->net, session->overrides[i].what, name, sizeof name);
        num_format(text, sizeof text, session->overrides[i].value, 15, true);
        narr_printf(session->out, &style, "use %s %s\n", name, text);
    }
    return STATUS_OK;
}

static Status cmd_use(Session *session, const Args *args, Error *error)
{
    if (args->count == 0)
        return list_overrides(session);
    if (args->count == 1 && strcmp(args->words[0], "off") == 0) {
        session_next_pass(session);
        session->n_overrides = 0;
        session_changed(session, false);
        return STATUS_OK;
    }
    if (args->count != 2)
        return error_set(error, "usage: use NAME VALUE, use NAME off, or use off"), STATUS_ERROR;
    if (!need_network(session, error))
        return STATUS_ERROR;
    Quantity q;
    if (!quantity_parse(session->net, session->use_bias, args->words[0], &q, error))
        return STATUS_ERROR;
    if (quantity_is_parameter(q) || q.kind == Q_INPUT || q.kind == Q_TARGET || q.kind == Q_LEARNING_RATE)
        return error_set(error, "%s is given, not computed: change it with `set %s VALUE`", args->words[0],
                         args->words[0]), STATUS_ERROR;
    if (q.kind == Q_NEW_WEIGHT || q.kind == Q_NEW_BIAS)
        return error_set(error, "%s is the update's result, which nothing else is computed from; "
                         "`use` takes a value the backward pass reads", args->words[0]), STATUS_ERROR;
    if (quantity_is_whole(q))
        return error_set(error, "%s is a whole layer: `use` takes one number, such as %s[1]", args->words[0],
                         args->words[0]), STATUS_ERROR;
    int found = -1;
    for (int i = 0; i < session->n_overrides; i++)
        if (quantity_equal(session->overrides[i].what, q))
            found = i;
    if (strcmp(args->words[1], "off") == 0) {
        if (found < 0)
            return error_set(error, "no value of your own is in use for %s", args->words[0]), STATUS_ERROR;
        if (session_pass_completed(session)) {
            session_next_pass(session);   /* drops every value of the pass just completed */
            return STATUS_OK;
        }
        session->overrides[found] = session->overrides[--session->n_overrides];
        session_changed(session, false);
        return STATUS_OK;
    }
    double value;
    if (!parse_given(args->words[1], &value, error))
        return STATUS_ERROR;
    if (!domain_own_value(session, q, args->words[0], value, error))
        return STATUS_ERROR;
    if (found < 0 && session->n_overrides == SESSION_MAX_OVERRIDES)
        return error_set(error, "at most %d values of your own at once", SESSION_MAX_OVERRIDES), STATUS_ERROR;
    if (session_pass_completed(session)) {
        session_next_pass(session);
        found = -1;
    }
    if (found < 0)
        found = session->n_overrides++;
    session->overrides[found] = (Override){q, value};
    session_changed(session, false);
    return STATUS_OK;
}

static Status cmd_ascii(Session *session, const Args *args, Error *error)
{
    bool on = false;
    if (!parse_on_off(args->words[0], &on, error))
        return STATUS_ERROR;
    session->ascii = on;
    return STATUS_OK;
}

/* ---- stepping -------------------------------------------------------- */

static const char *const PHASE_NAMES[N_PHASES] = {"forward", "loss", "backward", "update"};

/* After an update, says once per pass how L changed.  When the carried
 * digits hide the change, the exact values show it. */
static void loss_comparison(Session *session, const Derivation *derivation)
{
    if (!session->has_previous_loss || session->loss_change_told)
        return;
    session->loss_change_told = true;
    Style style = session_style(session);
    double loss = deriv_loss(derivation);
    const Derivation *reference = session_reference(session);
    double exact = deriv_loss(reference ? reference : derivation);
    char before[NUM_TEXT_MAX], after[NUM_TEXT_MAX];
    narr_number(&style, session->previous_loss, before, sizeof before);
    narr_number(&style, loss, after, sizeof after);
    if (strcmp(before, after) != 0) {
        char change[NUM_TEXT_MAX];
        narr_number(&style, fabs(loss - session->previous_loss), change, sizeof change);
        narr_printf(session->out, &style, "  After the update, L went %s: %s → %s (by %s).\n",
                    loss < session->previous_loss ? "down" : "up", before, after, change);
        return;
    }
    num_format(before, sizeof before, session->previous_exact_loss, 5, true);
    num_format(after, sizeof after, exact, 5, true);
    const char *verdict = exact < session->previous_exact_loss ? "went down" : exact > session->previous_exact_loss
                                                                              ? "went up" : "did not change";
    narr_printf(session->out, &style, "  After the update, L shows no change at these digits; in exact arithmetic "
                "it %s: %s → %s.\n", verdict, before, after);
}

static void narrate_steps(Session *session, const Derivation *derivation, int from, int to)
{
    Style style = session_style(session);
    const Derivation *reference = session_reference(session);
    for (int i = from; i < to && !interrupt_requested(); i++) {
        const Step *step = deriv_step(derivation, i);
        narr_step(session->out, &style, session->net, step, reference ? deriv_step(reference, i) : NULL);
        if (step->what.kind == Q_LOSS && step->phase == PHASE_LOSS)
            loss_comparison(session, derivation);
    }
}

/* Ctrl-C stopped a narration: the stepping position and what was said of
 * the loss go back to what they were before the command. */
static Status abandon_narration(Session *session, int position, bool loss_change_told, Error *error)
{
    session->position = position;
    session->loss_change_told = loss_change_told;
    return error_set(error, "interrupted"), STATUS_ERROR;
}

static Status finish_update(Session *session, Error *error)
{
    if (!session_apply_update(session, error))
        return STATUS_ERROR;
    say_line(session, "  The parameters now hold their new values; `forward` starts the next pass with them.\n"
                      "  Until then, check, show and explain read the pass just completed.");
    return STATUS_OK;
}

static Status narrate_phase(Session *session, Phase phase, Error *error)
{
    if (!need_network(session, error))
        return STATUS_ERROR;
    /* an update that cannot be applied is refused before a line of it is narrated */
    if (phase == PHASE_UPDATE && !session_update_allowed(session, error))
        return STATUS_ERROR;
    session_next_pass(session);
    const Derivation *derivation = session_derivation(session, error);
    if (!derivation)
        return STATUS_ERROR;
    int start = deriv_phase_start(derivation, phase), end = deriv_phase_start(derivation, (Phase)(phase + 1));
    if (session->position < start) {
        char skipped[128] = "";
        for (int p = 0; p < (int)phase; p++)
            if (session->position < deriv_phase_start(derivation, (Phase)(p + 1))) {
                size_t used = strlen(skipped);
                snprintf(skipped + used, sizeof skipped - used, "%s`%s`", used ? ", " : "", PHASE_NAMES[p]);
            }
        Style style = session_style(session);
        narr_printf(session->out, &style, "(computed first, without narration: %s)\n", skipped);
    }
    bool loss_change_told = session->loss_change_told;
    narrate_steps(session, derivation, start, end);
    if (interrupt_requested())
        return abandon_narration(session, session->position, loss_change_told, error);
    if (session->position < end)
        session->position = end;
    if (phase == PHASE_FORWARD)
        loss_comparison(session, derivation);
    if (phase == PHASE_UPDATE)
        return finish_update(session, error);
    return STATUS_OK;
}

static Status cmd_forward(Session *session, const Args *args, Error *error)
{
    (void)args;
    return narrate_phase(session, PHASE_FORWARD, error);
}

static Status cmd_backward(Session *session, const Args *args, Error *error)
{
    (void)args;
    return narrate_phase(session, PHASE_BACKWARD, error);
}

static Status cmd_update(Session *session, const Args *args, Error *error)
{
    (void)args;
    return narrate_phase(session, PHASE_UPDATE, error);
}

/* Narrates `count` steps from the current position (all remaining when count < 0). */
static Status advance(Session *session, int count, Error *error)
{
    const Derivation *derivation = session_derivation(session, error);
    if (!derivation)
        return STATUS_ERROR;
    /* a pass just completed gives way to the next, which has as many steps */
    int from = session_pass_completed(session) ? 0 : session->position;
    int total = deriv_n_steps(derivation);
    int end = count < 0 || from + count > total ? total : from + count;
    /* an update that cannot be applied is refused before a line of it is narrated */
    if (end > deriv_phase_start(derivation, PHASE_UPDATE) && !session_update_allowed(session, error))
        return STATUS_ERROR;
    session_next_pass(session);
    if (!(derivation = session_derivation(session, error)))
        return STATUS_ERROR;
    bool loss_change_told = session->loss_change_told;
    narrate_steps(session, derivation, from, end);
    if (interrupt_requested())
        return abandon_narration(session, from, loss_change_told, error);
    session->position = end;
    if (end == total)
        return finish_update(session, error);
    return STATUS_OK;
}

static Status cmd_step(Session *session, const Args *args, Error *error)
{
    int count = 1;
    if (args->count == 1) {
        char *end;
        long value = strtol(args->words[0], &end, 10);
        if (*end || value < 1 || value > 100000)
            return error_set(error, "step takes a count of steps, such as `step 3`, not '%s'", args->words[0]),
                   STATUS_ERROR;
        count = (int)value;
    }
    return advance(session, count, error);
}

static Status cmd_run(Session *session, const Args *args, Error *error)
{
    (void)args;
    return advance(session, -1, error);
}

static Status cmd_restart(Session *session, const Args *args, Error *error)
{
    (void)args;
    if (!need_network(session, error))
        return STATUS_ERROR;
    session_next_pass(session);
    session->position = 0;
    return STATUS_OK;
}

/* ---- looking ---------------------------------------------------------- */

static Status show_one(Session *session, const char *name, Error *error)
{
    if (strcmp(name, "lr") == 0)
        return cmd_lr(session, &(Args){0, {0}, NULL}, error);
    if (!need_network(session, error))
        return STATUS_ERROR;
    Quantity q;
    if (!quantity_parse(session->net, session->use_bias, name, &q, error))
        return STATUS_ERROR;
    Style style = session_style(session);
    const Derivation *reference = session_reference(session);
    if (!quantity_is_whole(q)) {
        double value;
        const Step *step;
        if (!session_value(session, q, &value, &step, error))
            return STATUS_ERROR;
        const Step *reference_step = reference && step ? deriv_find(reference, q) : NULL;
        narr_value(session->out, &style, session->net, name, value, step, reference_step);
        if (quantity_is_parameter(q) && session_pass_completed(session)) {
            double before = q.kind == Q_WEIGHT ? *net_weight(session->completed_net, q.layer, q.row, q.col)
                                               : *net_bias(session->completed_net, q.layer, q.row);
            char text[NUM_TEXT_MAX];
            narr_carried(&style, before, text, sizeof text);
            if (before != value)
                narr_printf(session->out, &style, "  (its value since the update, %s_new; the pass just completed "
                            "used %s)\n", name, text);
        }
        return STATUS_OK;
    }
    int rows, cols;
    quantity_shape(session->net, q, &rows, &cols);
    double values[NET_MAX_WIDTH * NET_MAX_WIDTH];
    for (int j = 0; j < rows; j++)
        for (int k = 0; k < cols; k++) {
            const Step *step;
            if (!session_value(session, quantity_element(q, j, k), &values[j * cols + k], &step, error))
                return STATUS_ERROR;
        }
    char caption[128] = "";
    if (cols > 1 && net_is_single_neuron(session->net))
        snprintf(caption, sizeof caption, q.kind == Q_WEIGHT ? "(w1 to w%d: the neuron's weight on each input)"
                                                             : "(one for each weight, w1 to w%d)", cols);
    else if (cols > 1)
        snprintf(caption, sizeof caption, "(%dx%d: row j is neuron j of layer %d, column k is its input k)", rows,
                 cols, q.layer);
    narr_matrix(session->out, &style, name, values, rows, cols, caption[0] ? caption : NULL);
    return STATUS_OK;
}

static Status cmd_show(Session *session, const Args *args, Error *error)
{
    /* check every name first, so that a bad name prints nothing */
    if (session->net)
        for (int i = 0; i < args->count; i++) {
            Quantity q;
            if (strcmp(args->words[i], "lr") != 0 &&
                !quantity_parse(session->net, session->use_bias, args->words[i], &q, error))
                return STATUS_ERROR;
        }
    for (int i = 0; i < args->count; i++) {
        Status status = show_one(session, args->words[i], error);
        if (status != STATUS_OK)
            return status;
    }
    return STATUS_OK;
}

static Status cmd_expect(Session *session, const Args *args, Error *error)
{
    if (!need_network(session, error))
        return STATUS_ERROR;
    Quantity q;
    if (!quantity_parse(session->net, session->use_bias, args->words[0], &q, error))
        return STATUS_ERROR;
    if (quantity_is_whole(q)) {
        int rows, cols;
        quantity_shape(session->net, q, &rows, &cols);
        return error_set(error, "expect checks one number: name an element, such as %s[1%s]", args->words[0],
                         cols > 1 ? ",1" : ""), STATUS_ERROR;
    }
    double expected, actual;
    NumberWritten written;
    if (!parse_number(args->words[1], &expected, &written, error))
        return STATUS_ERROR;
    const Step *step;
    if (!session_value(session, q, &actual, &step, error))
        return STATUS_ERROR;
    /* agreement to the digits the expected value is written with; in hand
     * mode, also within what hand rounding at those digits reaches (grade.h) */
    bool agrees = num_round_decimals(actual, written.decimals) == num_round_decimals(expected, written.decimals);
    if (!agrees && step && session->round_digits > 0) {
        DerivationSpec spec = session_spec(session);
        double exact;
        Interval range;
        int digits = written.significant_digits > 14 ? 14 : written.significant_digits;
        if (!deriv_hand_range(&spec, q, digits, &exact, &range))
            return error_set(error, interrupt_requested() ? "interrupted" : "out of memory while checking"),
                   STATUS_ERROR;
        agrees = grade_fits(expected, written.significant_digits, exact, range);
    }
    Style style = session_style(session);
    char shown[NUM_TEXT_MAX];
    int digits = written.significant_digits + 1 > style.digits ? written.significant_digits + 1 : style.digits;
    num_format(shown, sizeof shown, actual, digits, true);
    bool rounded = !num_text_is_exact(shown, actual);
    if (!agrees)
        return error_set(error, "expect %s %s failed: backstep has %s %s %s", args->words[0], args->words[1],
                         args->words[0], rounded ? "≈" : "=", shown), STATUS_FAILED;
    if (session->current && session->current->interactive) {
        char mark[64];
        narr_printf(session->out, &style, "%s %s %s %s\n", narr_colored(&style, "32", "✓", mark, sizeof mark),
                    args->words[0], rounded ? "≈" : "=", shown);
    }
    return STATUS_OK;
}

/* ---- grading ---------------------------------------------------------- */

/* Parses the name of one computed number, for check and explain. */
static bool parse_computed(Session *session, const char *command, const char *text, Quantity *q, Error *error)
{
    if (!session->net)
        return error_set(error, "there is no network yet: define one (`network 2-1 sigmoid`), then %s computed "
                         "values such as z, a, L or dL/dw1", command);
    if (!quantity_parse_computed(session->net, session->use_bias, text, q, error))
        return false;
    char summary[500];
    if (!quantity_is_computed(*q)) {
        quantity_computed_summary(session->net, session->use_bias, summary, sizeof summary);
        if (quantity_is_parameter(*q) && !quantity_is_whole(*q))
            return error_set(error, "%s is given, not computed: its value after the update is %s_new", text, text);
        return error_set(error, "%s is given, not computed; computed here: %s", text, summary);
    }
    if (quantity_is_whole(*q)) {
        int rows, cols;
        quantity_shape(session->net, *q, &rows, &cols);
        return error_set(error, "%s takes one number: name an element, such as %s[1%s]", command, text,
                         cols > 1 ? ",1" : "");
    }
    return domain_computed(session, *q, text, error);
}

static Status cmd_check(Session *session, const Args *args, Error *error)
{
    Quantity q;
    if (!parse_computed(session, "check", args->words[0], &q, error))
        return STATUS_ERROR;
    double answer;
    NumberWritten written;
    bool typed = session->current && session->current->interactive;
    bool blank = strspn(args->words[1], "_") == strlen(args->words[1]);
    Verdict verdict;
    if (blank || !num_parse(args->words[1], &answer, &written)) {
        /* at the prompt it is a slip to correct; on a sheet, a question
         * left unanswered, which counts against the score */
        if (typed && blank)
            return error_set(error, "check %s: fill the blank in with your value", args->words[0]), STATUS_ERROR;
        if (typed) {
            parse_number(args->words[1], &answer, &written, error);   /* says why it is not a number */
            return STATUS_ERROR;
        }
        if (!session_unanswered(session, q, args->words[1], &verdict, error))
            return STATUS_ERROR;
    } else if (!session_check(session, q, args->words[1], answer, written, &verdict, error)) {
        return STATUS_ERROR;
    }
    Style style = session_style(session);
    narr_verdict(session->out, &style, session->net, args->words[1], &verdict);
    /* a homework file with a wrong answer exits 1 (session_failed); an
     * answer typed at the prompt is the learner's own business */
    for (int i = 0; i < session->n_answers; i++)
        if (quantity_equal(session->answers[i].verdict.what, q))
            session->answers[i].counts = !(session->current && session->current->interactive);
    return STATUS_OK;
}

static Status cmd_answers(Session *session, const Args *args, Error *error)
{
    if (args->count == 1) {
        if (strcmp(args->words[0], "clear") != 0)
            return error_set(error, "answers takes nothing or `clear`, not '%s'", args->words[0]), STATUS_ERROR;
        session->n_answers = 0;
        return STATUS_OK;
    }
    Style style = session_style(session);
    if (session->n_answers == 0) {
        narr_print(session->out, &style, "no answers checked yet: `check NAME VALUE` grades one\n");
        return STATUS_OK;
    }
    bool stale_told = false;
    for (int i = 0; i < session->n_answers; i++) {
        const Answer *answer = &session->answers[i];
        if (answer->stale && !stale_told) {
            narr_print(session->out, &style, "(for numbers that have since changed:)\n");
            stale_told = true;
        }
        narr_verdict(session->out, &style, session->net, answer->text, &answer->verdict);
    }
    narr_score(session->out, &style, session_score(session));
    return STATUS_OK;
}

static Status cmd_explain(Session *session, const Args *args, Error *error)
{
    Quantity q;
    if (!parse_computed(session, "explain", args->words[0], &q, error))
        return STATUS_ERROR;
    /* the exact values, without the learner's: the session's derivation when
     * it is already that, else its reference */
    const Derivation *exact = session_reference(session);
    if (!exact && !(exact = session_derivation(session, error)))
        return STATUS_ERROR;
    const Step *target = deriv_find(exact, q);
    bool *reached = target ? calloc((size_t)deriv_n_steps(exact), sizeof *reached) : NULL;
    if (!reached)
        return error_set(error, "out of memory while building the derivation"), STATUS_ERROR;
    deriv_mark_sources(exact, target, reached);
    /* the learner's values: `use` values, then answers for these numbers */
    LearnerValue learner[SESSION_MAX_OVERRIDES + SESSION_MAX_ANSWERS];
    const char *texts[SESSION_MAX_OVERRIDES + SESSION_MAX_ANSWERS];
    const Verdict *verdicts[SESSION_MAX_OVERRIDES + SESSION_MAX_ANSWERS];
    int n = 0;
    for (int i = 0; i < session->n_answers; i++)
        if (!session->answers[i].stale && session->answers[i].verdict.grade != GRADE_UNANSWERED) {
            learner[n] = (LearnerValue){session->answers[i].verdict.what, session->answers[i].verdict.answer, 0,
                                        true, session->answers[i].verdict.grade == GRADE_WRONG};
            texts[n] = session->answers[i].text;
            verdicts[n++] = &session->answers[i].verdict;
        }
    for (int i = 0; i < session->n_overrides; i++) {
        learner[n] = (LearnerValue){session->overrides[i].what, session->overrides[i].value, 0, false, false};
        texts[n] = NULL;
        verdicts[n++] = NULL;
    }
    Style style = session_style(session);
    narr_explain(session->out, &style, session->net, exact, target, reached, learner, texts, verdicts, n);
    free(reached);
    return STATUS_OK;
}

static Status cmd_state(Session *session, const Args *args, Error *error)
{
    (void)args;
    (void)error;
    Style style = session_style(session);
    FILE *out = session->out;
    if (!session->net) {
        narr_print(out, &style, "no network yet: start with one, such as `network 2-1 sigmoid`\n");
        return STATUS_OK;
    }
    describe_network(session, NULL);
    if (net_n_parameters(session->net, session->use_bias) <= 64) {
        for (int l = 1; l <= session->net->n_layers; l++) {
            char name[NAME_MAX];
            quantity_name(session->net, (Quantity){Q_WEIGHT, l, QUANTITY_WHOLE, 0}, name, sizeof name);
            show_one(session, name, error);
            if (session->use_bias) {
                quantity_name(session->net, (Quantity){Q_BIAS, l, net_is_single_neuron(session->net) ? 0
                                                                                                     : QUANTITY_WHOLE, 0},
                              name, sizeof name);
                show_one(session, name, error);
            }
        }
    } else {
        narr_print(out, &style, "  (show W1, b1, ... prints the parameters)\n");
    }
    char text[NUM_TEXT_MAX];
    num_format(text, sizeof text, session->learning_rate, 15, true);
    narr_printf(out, &style, "  lr %s; biases %s; ", text, session->use_bias ? "on" : "off");
    if (session->round_digits)
        narr_printf(out, &style, "hand rounding to %d %s\n", session->round_digits,
                    session->round_places ? "decimal places" : "significant digits");
    else
        narr_printf(out, &style, "exact arithmetic, shown to %d digits\n", session->show_digits);
    show_one(session, "x", error);
    show_one(session, "t", error);
    if (session->n_overrides)
        list_overrides(session);
    const Derivation *derivation = session_derivation(session, error);
    if (derivation && (session_pass_completed(session) || session->position >= deriv_n_steps(derivation))) {
        narr_print(out, &style, "  the pass is complete: check, show and explain read its numbers; `forward` "
                   "starts the next\n");
    } else if (derivation) {
        int position = session->position;
        Phase phase = PHASE_FORWARD;
        for (int p = 0; p < N_PHASES; p++)
            if (position >= deriv_phase_start(derivation, (Phase)p))
                phase = (Phase)p;
        narr_printf(out, &style, "  next: step %d of %d (%s)\n", position + 1, deriv_n_steps(derivation),
                    PHASE_NAMES[phase]);
    }
    return STATUS_OK;
}

/* ---- lessons ---------------------------------------------------------- */

static Status cmd_say(Session *session, const Args *args, Error *error)
{
    (void)error;
    char shown[4 * SCRIPT_LINE_MAX + 1];   /* a lesson's text, with control characters shown as \xHH */
    escape_controls(args->rest ? args->rest : "", shown, sizeof shown);
    say_line(session, shown);
    return STATUS_OK;
}

static Status cmd_pause(Session *session, const Args *args, Error *error)
{
    (void)args;
    (void)error;
    return script_pause(session);
}

static Status cmd_load(Session *session, const Args *args, Error *error)
{
    if (session->depth >= 8)
        return error_set(error, "lessons load each other too deeply (at most 8 levels)"), STATUS_ERROR;
    LineSource *source = script_open_file(args->words[0], error);
    if (!source)
        return STATUS_ERROR;
    session->depth++;
    Status status = script_run(session, source, NULL);
    session->depth--;
    script_close(source);
    if (status == STATUS_ERROR || status == STATUS_STOPPED)
        return STATUS_STOPPED;   /* reported already; with --bail or Ctrl-C the outer source stops too */
    return status == STATUS_QUIT ? STATUS_QUIT : STATUS_OK;
}

static Status cmd_help(Session *session, const Args *args, Error *error)
{
    /* help fits 80 columns everywhere, and a narrower terminal too */
    Style style = session_style(session);
    style.width = style.width > 0 && style.width < HELP_WIDTH ? style.width : HELP_WIDTH;
    FILE *out = session->out;
    char line[1024];
    if (args->count == 0) {
        narr_print(out, &style, "Commands (`help COMMAND` tells more):\n");
        for (int i = 0; i < N_COMMANDS; i++) {
            snprintf(line, sizeof line, "  %-*s %s\n", HELP_USAGE_COLUMNS, COMMANDS[i].usage, COMMANDS[i].summary);
            narr_print_prose(out, &style, line, HELP_USAGE_COLUMNS + 3);
        }
        narr_print_prose(out, &style, "Names: x, t, W1 (W1[j,k]: neuron j, input k), b1, z1, a1, L, dL/dW1[j,k], "
                           "da1/dz1[j], ..., dL/dx1; one neuron: w1, b, z, a, da/dz, dL/dw1; after the update: "
                           "w1_new.\n", 7);
        return STATUS_OK;
    }
    const Command *command = command_find(args->words[0]);
    if (!command) {
        char hint[400];
        suggest_command(args->words[0], "`help` lists them all", hint, sizeof hint);
        return error_set(error, "no command '%s'%s", args->words[0], hint), STATUS_ERROR;
    }
    snprintf(line, sizeof line, "%s\n  %s\n", command->usage, command->summary);
    narr_print_paragraphs(out, &style, line);
    if (command->details)
        narr_print_paragraphs(out, &style, command->details);
    if (command->complete == COMPLETE_ACTIVATIONS)
        for (int i = 0; i < N_ACTIVATIONS; i++) {
            const Activation *row = &ACTIVATIONS[i];
            char definition[ACTIVATION_TEXT_MAX], usual[NUM_TEXT_MAX], least[NUM_TEXT_MAX], most[NUM_TEXT_MAX];
            activation_fill(row->definition, "s", definition, sizeof definition);
            snprintf(line, sizeof line, "    %-11s %s\n", row->name, definition);
            narr_print_hanging(out, &style, line, 16);
            if (!row->takes)
                continue;
            num_format(usual, sizeof usual, row->parameter, 15, true);
            num_format(least, sizeof least, row->takes->least, 15, true);
            num_format(most, sizeof most, row->takes->most, 15, true);
            snprintf(line, sizeof line, "    %-11s s is the %s, %s to %s: %s(0.2); %s if none is given\n", "",
                     row->takes->name, least, most, row->name, usual);
            narr_print_hanging(out, &style, line, 16);
        }
    if (command->complete == COMPLETE_COMPUTED)
        for (int i = 0; i < N_ACTIVATIONS; i++) {
            char values[64], slopes[64];
            domain_range_text(ACTIVATIONS[i].values, values, sizeof values);
            domain_range_text(ACTIVATIONS[i].slopes, slopes, sizeof slopes);
            if (ACTIVATIONS[i].whole_layer)
                snprintf(line, sizeof line, "    %-11s a %s; no single da/dz (each a depends on every z)\n",
                         ACTIVATIONS[i].name, values);
            else
                snprintf(line, sizeof line, "    %-11s a %s, da/dz %s\n", ACTIVATIONS[i].name, values, slopes);
            narr_print_hanging(out, &style, line, 16);
        }
    if (command->complete == COMPLETE_LOSSES)
        for (int i = 0; i < N_LOSSES; i++) {
            snprintf(line, sizeof line, "    %-9s %s   (%s)\n", LOSSES[i].name, LOSSES[i].definition,
                     LOSSES[i].summary);
            narr_print_hanging(out, &style, line, 14);
        }
    return STATUS_OK;
}

static Status cmd_quit(Session *session, const Args *args, Error *error)
{
    (void)args;
    (void)error;
    session->quit = true;
    return STATUS_QUIT;
}

/* ---- the table -------------------------------------------------------- */

const Command COMMANDS[] = {
    {"network", "network SHAPE [ACTIVATION...]", "define the network, e.g. network 2-3-1 sigmoid",
     "  SHAPE is layer sizes joined by '-', the inputs first (at most 8 layers after the input and 64\n"
     "  neurons a layer).  Give one activation for every layer, or one per layer (network 2-4-1 relu\n"
     "  sigmoid); sigmoid if none.  Every weight and bias starts at 0.  W1 has a row per neuron and a\n"
     "  column per input: z1[j] = sum over k of W1[j,k] × x[k] + b1[j].\n"
     "  Given again with the same shape, to change activations, the network keeps its\n"
     "  weights, biases, x and t.  Activations:",
     1, NET_MAX_LAYERS + 1, cmd_network, COMPLETE_ACTIVATIONS},
    {"set", "set NAME VALUE", "set a weight, a bias, x or t: set w1 0.5, set W1 [0.1 0.2; 0.3 0.4]",
     "  A matrix literal lists rows separated by ';', or as NumPy writes it:\n"
     "  [[0.1, 0.2], [0.3, 0.4]], with np.array(...) around it or not.  A one-element\n"
     "  literal, [0.5], is that number.  W1[2,1] is neuron 2's weight on input 1.\n"
     "  Numbers may be from -1e6 to 1e6.  Changing a parameter or the sample starts a fresh derivation.",
     2, 2, cmd_set, COMPLETE_SETTABLE},
    {"input", "input X...", "set the sample's input x: input 2 3", NULL, 1, NET_MAX_WIDTH, cmd_input,
     COMPLETE_NOTHING},
    {"target", "target T...", "set the sample's target t: target 1", NULL, 1, NET_MAX_WIDTH, cmd_target,
     COMPLETE_NOTHING},
    {"loss", "loss [KIND]", "narrate the loss; with KIND, choose the loss and print its formula",
     "  Lessons disagree on what \"MSE\" means, so backstep names each kind and prints its formula.\n"
     "  bce and ce take logarithms of probabilities: the output layer must give values in [0, 1]\n"
     "  (sigmoid, softmax) and the targets must lie in [0, 1].",
     0, 1, cmd_loss, COMPLETE_LOSSES},
    {"lr", "lr [RATE]", "show or set the learning rate (0.1 to start)", NULL, 0, 1, cmd_lr, COMPLETE_NOTHING},
    {"bias", "bias on|off", "drop the biases (z = Σ w × input) or bring them back", NULL, 1, 1, cmd_bias,
     COMPLETE_ON_OFF},
    {"freeze", "freeze NAME...", "keep parameters fixed in updates: freeze b1 b2", NULL, 1, -1, cmd_freeze,
     COMPLETE_SETTABLE},
    {"unfreeze", "unfreeze NAME...", "let frozen parameters train again", NULL, 1, -1, cmd_unfreeze,
     COMPLETE_SETTABLE},
    {"round", "round N [places]|off", "hand mode: round every quantity to N significant digits (or places)",
     "  Each quantity is rounded as it is computed and the rounded value carried forward, as on\n"
     "  paper; rounding is half away from zero (0.1875 becomes 0.188 at 3 digits).  `round 3 places`\n"
     "  rounds to 3 decimal places instead (0.0712 becomes 0.071).  An update's step lr × gradient\n"
     "  is rounded to N significant digits and subtracted whole, so small steps never vanish, and\n"
     "  a parameter is written as it is carried (1 − 0.1 × (−0.0313) = 1.00313), everywhere.\n"
     "  Narration says where exact arithmetic would give other digits.  `round off` is exact.",
     1, 2, cmd_round, COMPLETE_OFF},
    {"digits", "digits N", "significant digits shown in exact mode (4 to start)", NULL, 1, 1, cmd_digits,
     COMPLETE_NOTHING},
    {"use", "use NAME VALUE|off", "carry your own value for a computed quantity: use da/dz 0.158",
     "  Everything after it is recomputed from your value, and narration says where that makes a\n"
     "  difference.  `use NAME off` drops one, `use off` drops all, `use` lists them.  Changing a\n"
     "  parameter or the sample drops them too.  NAME must be a step of this derivation, and the\n"
     "  value one it can take.  Each activation's output a and slope da/dz lie in:",
     0, 2, cmd_use, COMPLETE_COMPUTED},
    {"forward", "forward", "narrate the forward pass", NULL, 0, 0, cmd_forward, COMPLETE_NOTHING},
    {"backward", "backward", "narrate the backward pass: every chain-rule factor and gradient", NULL, 0, 0,
     cmd_backward, COMPLETE_NOTHING},
    {"update", "update", "apply θ ← θ − lr × dL/dθ to every parameter, showing before → after",
     "  The parameters take their new values at once (w1 is then w1_new), but check, show,\n"
     "  explain and expect go on reading the pass just completed until `forward`, `step` or `run`\n"
     "  starts the next.  An update that would carry a parameter beyond ±1e12 is refused before\n"
     "  it is narrated and changes nothing: the learning rate is too large for the numbers.",
     0, 0, cmd_update, COMPLETE_NOTHING},
    {"step", "step [N]", "narrate the next step (one quantity or chain-rule factor), or the next N", NULL, 0, 1,
     cmd_step, COMPLETE_NOTHING},
    {"run", "run", "narrate all remaining steps, through the update",
     "  After the update, check, show, explain and expect read the pass just completed until the\n"
     "  next starts; after an update, `run` and `step` start the next pass.\n"
     "  On a large network this takes a while: Ctrl-C stops it (or any other command) where it is,\n"
     "  and nothing changes.",
     0, 0, cmd_run, COMPLETE_NOTHING},
    {"restart", "restart", "go back to the first step of this pass", NULL, 0, 0, cmd_restart, COMPLETE_NOTHING},
    {"show", "show NAME...", "print values: show a, show W1, show dL/dw1",
     "  The first line is NAME = VALUE, or NAME ≈ VALUE when the digits shown are rounded; a\n"
     "  computed quantity's formula follows.  show never moves the stepping position.",
     1, -1, cmd_show, COMPLETE_NAMES},
    {"expect", "expect NAME VALUE", "assert a value, to the digits VALUE is written with",
     "  expect dL/dw1 -0.0626 passes when dL/dw1 rounds to -0.0626.  In hand mode (`round N`) it\n"
     "  passes too when rounding every step by hand to 3 digits (as many as -0.0626 has) can reach\n"
     "  it, as `check` judges.  A failure is reported with its place in the lesson and makes the\n"
     "  exit status 1.",
     2, 2, cmd_expect, COMPLETE_NAMES},
    {"check", "check NAME VALUE", "grade your hand-computed value: check dL/dw1 -0.0626",
     "  One line: ✓ or ✗, your value, backstep's, and why.  A value written with d significant\n"
     "  digits is right when it is the exact value rounded to d digits, or when rounding (or cutting\n"
     "  off) every step at d digits by hand can reach it.  A value that follows correctly from an\n"
     "  earlier slip of yours (a checked answer or a `use` value) is credited as carried forward.\n"
     "  A wrong one is matched against the common mistakes: a flipped sign, a missing factor, the\n"
     "  wrong input, z(1 − z) for σ', a dropped 2 or ½, an update added, and more.  A parameter's\n"
     "  value after the update is NAME_new (w1_new).  In a file, a wrong answer makes the exit\n"
     "  status 1 and the file ends with a score; a blank ___ left in, or a value that is not a\n"
     "  number, is a question not answered, and counts in the score as not answered.",
     2, 2, cmd_check, COMPLETE_CHECKABLE},
    {"explain", "explain NAME", "show every step a value is computed from, with your values beside",
     "  Lists, in order, each quantity NAME depends on: its formula, its numbers and its exact\n"
     "  value.  Where you have checked or used a value, yours stands beside it.",
     1, 1, cmd_explain, COMPLETE_CHECKABLE},
    {"answers", "answers [clear]", "list the values you have checked, with verdicts and the score; clear forgets them",
     "  In a file, a wrong answer makes the exit status 1 until `answers clear` forgets it; a failed\n"
     "  expect is not forgotten.",
     0, 1, cmd_answers, COMPLETE_NOTHING},
    {"state", "state", "summarise the network, the sample and the settings", NULL, 0, 0, cmd_state,
     COMPLETE_NOTHING},
    {"say", "say TEXT", "print a line of a lesson's narration",
     "  Control characters in TEXT are shown as \\xHH (ESC as \\x1b), never sent to the terminal.",
     0, -1, cmd_say, COMPLETE_NOTHING},
    {"pause", "pause", "in a lesson on a terminal: wait (type commands; an empty line goes on)", NULL, 0, 0,
     cmd_pause, COMPLETE_NOTHING},
    {"load", "load FILE", "replay a lesson file here",
     "  FILE is a path or a shipped lesson's name.  A lesson is plain text: a line holding a NUL\n"
     "  byte is skipped as an error, and a device or a binary file ends in one error.",
     1, 1, cmd_load, COMPLETE_FILES},
    {"ascii", "ascii on|off", "write * for ×, sigma for σ, ~ for ≈ (for terminals without UTF-8)", NULL, 1, 1,
     cmd_ascii, COMPLETE_ON_OFF},
    {"help", "help [COMMAND]", "list the commands, or explain one", NULL, 0, 1, cmd_help, COMPLETE_COMMANDS},
    {"quit", "quit", "leave backstep (so does exit, or Ctrl-D)", NULL, 0, 0, cmd_quit, COMPLETE_NOTHING},
    {"exit", "exit", "leave backstep", NULL, 0, 0, cmd_quit, COMPLETE_NOTHING},
};
const int N_COMMANDS = (int)(sizeof COMMANDS / sizeof COMMANDS[0]);

const Command *command_find(const char *name)
{
    for (int i = 0; i < N_COMMANDS; i++)
        if (strcmp(COMMANDS[i].name, name) == 0)
            return &COMMANDS[i];
    return NULL;
}
