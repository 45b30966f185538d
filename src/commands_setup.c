/* commands_setup: the commands that set a session up: the network, its
 * parameters, the sample, the loss, the learning rate, the biases, frozen
 * parameters, hand rounding, digits, the learner's own values, ASCII and
 * how much a narrated step covers. */
#include "command_handlers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "graph.h"
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
void describe_network(Session *session, const char *parameters)
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
Status cmd_network(Session *session, const Args *args, Error *error)
{
    const char *fallback[] = {"sigmoid"};
    const char *const *activations = args->count > 1 ? args->words + 1 : fallback;
    Net *net = net_new(args->words[0], activations, args->count > 1 ? args->count - 1 : 1, error);
    if (!net)
        return STATUS_ERROR;
    Net *old = session->net;
    bool same_shape = old && net_same_shape(old, net);
    const double zero_targets[NET_MAX_WIDTH] = {0};   /* a network of a new shape starts with t = 0 */
    if (!domain_loss_fits(session->loss, net, same_shape ? session->target : zero_targets, error) ||
        (same_shape && !data_fits_loss(session->data, session->loss, net, error))) {
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
    if (session->graph)
        session_switch_modes(session);
    net_free(old);
    session->net = net;
    if (!same_shape)
        training_network_changed(session);
    if (session->graph) {
        graph_free(session->graph);
        session->graph = NULL;
        say_line(session, "(network mode: the expression graph is dropped; `expr` starts a new one)");
    }
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

Status cmd_set(Session *session, const Args *args, Error *error)
{
    const char *name = args->words[0], *text = args->words[1];
    if (strcmp(name, "lr") == 0 && !session->graph) {   /* in an expression, lr is a name like any other */
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
    if (!session->net)   /* an expression's input, or the first of a new expression */
        return set_graph_input(session, name, text, error);
    Quantity q;
    if (!names_parse(session_names(session), name, &q, error))
        return STATUS_ERROR;
    if (quantity_is_state(q))
        return error_set(error, "%s is the optimizer's state, which its steps keep: choosing the optimizer again "
                         "starts it at 0", name), STATUS_ERROR;
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
    if ((q.kind == Q_INPUT || q.kind == Q_TARGET) && session->sample_row > 0) {
        session->sample_row = 0;
        say_line(session, "(the sample is now your own, no longer a row of the data: `sample K` goes back)");
    }
    session->has_previous_loss = false;
    session_changed(session, true);
    return STATUS_OK;
}

/* `input 2 3`, `input [2 3]`: the whole of x (or t). */
static Status set_sample(Session *session, const Args *args, QuantityKind kind, Error *error)
{
    if (!need_network(session, kind == Q_INPUT ? "input is for networks: in expression mode each input is given "
                      "with set (`set x 2`)" : "target is for networks: an expression has no target or loss, "
                      "and its derivatives are its last node's", error))
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
    Quantity whole = {kind, 0, QUANTITY_WHOLE, 0, 0};
    double saved_target[NET_MAX_WIDTH];
    memcpy(saved_target, session->target, sizeof saved_target);
    if (!assign_whole(session, whole, name, literal, error))
        return STATUS_ERROR;
    if (kind == Q_TARGET && !targets_fit(session, saved_target, error))
        return STATUS_ERROR;
    if (session->sample_row > 0)   /* the row's other half becomes the learner's own too */
        say_line(session, "(the sample is now your own, no longer a row of the data: `sample K` goes back)");
    session->sample_row = 0;
    session->has_previous_loss = false;
    session_changed(session, true);
    return STATUS_OK;
}

Status cmd_input(Session *session, const Args *args, Error *error)
{
    return set_sample(session, args, Q_INPUT, error);
}

Status cmd_target(Session *session, const Args *args, Error *error)
{
    return set_sample(session, args, Q_TARGET, error);
}

Status cmd_loss(Session *session, const Args *args, Error *error)
{
    if (session->graph)   /* an expression's output is what it is: no loss is added */
        return need_network(session, "an expression has no loss: its output is the last node defined, and "
                            "backward differentiates it", error), STATUS_ERROR;
    if (args->count == 0)
        return narrate_phase(session, PHASE_LOSS, error);
    const Loss *loss = loss_find(args->words[0]);
    if (!loss) {
        const char *names[N_LOSSES_MAX];
        char known[256];
        for (int i = 0; i < N_LOSSES; i++)
            names[i] = LOSSES[i].name;
        suggest_join(names, N_LOSSES, known, sizeof known);
        int nearest = suggest_nearest(args->words[0], names, N_LOSSES);
        if (nearest >= 0)
            return error_set(error, "unknown loss '%s'; did you mean '%s'? Kinds: %s", args->words[0], names[nearest],
                             known), STATUS_ERROR;
        return error_set(error, "unknown loss '%s'; kinds: %s", args->words[0], known), STATUS_ERROR;
    }
    if (session->net && !domain_loss_fits(loss, session->net, session->target, error))
        return STATUS_ERROR;
    if (session->net && !data_fits_loss(session->data, loss, session->net, error))
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

Status cmd_lr(Session *session, const Args *args, Error *error)
{
    if (session->graph)
        return need_network(session, "an expression has no learning rate: nothing is updated", error),
               STATUS_ERROR;
    if (args->count == 0) {
        char text[NUM_TEXT_MAX];
        num_format(text, sizeof text, session->learning_rate, 15, true);
        Style style = session_style(session);
        narr_printf(session->out, &style, "lr = %s\n", text);
        return STATUS_OK;
    }
    return cmd_set(session, &(Args){2, {"lr", args->words[0]}, NULL, 0}, error);
}

Status cmd_bias(Session *session, const Args *args, Error *error)
{
    if (session->graph)
        return need_network(session, "an expression has no biases: its formulas say what is added", error),
               STATUS_ERROR;
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
    if (!need_network(session, frozen ? "freeze is for networks: an expression has no parameters to keep fixed"
                      : "unfreeze is for networks: an expression has no parameters to free", error))
        return STATUS_ERROR;
    Quantity targets[ARGS_MAX];
    for (int i = 0; i < args->count; i++) {
        if (!names_parse(session_names(session), args->words[i], &targets[i], error))
            return STATUS_ERROR;
        if (!quantity_is_parameter(targets[i]))
            return error_set(error, "%s is not a weight or a bias; only parameters can be %s", args->words[i],
                             frozen ? "frozen" : "unfrozen"), STATUS_ERROR;
    }
    session_next_pass(session);
    for (int i = 0; i < args->count; i++) {
        int rows, cols;
        names_shape(session_names(session), targets[i], &rows, &cols);
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

Status cmd_freeze(Session *session, const Args *args, Error *error)
{
    return set_frozen(session, args, true, error);
}

Status cmd_unfreeze(Session *session, const Args *args, Error *error)
{
    return set_frozen(session, args, false, error);
}

Status cmd_round(Session *session, const Args *args, Error *error)
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
    int kept_digits = session->round_digits;
    bool kept_places = session->round_places;
    session->round_digits = digits;
    session->round_places = places;
    session_changed(session, false);
    /* rounding may carry an expression outside its formulas' domain (1e-4 to 0 under a log) */
    if (!session_numbers_defined(session, error)) {
        Error why = *error;
        session->round_digits = kept_digits;
        session->round_places = kept_places;
        session_changed(session, false);
        return error_set(error, "not at that rounding: %s", why.message), STATUS_ERROR;
    }
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

Status cmd_digits(Session *session, const Args *args, Error *error)
{
    int digits = 0;
    if (!parse_digits(args->words[0], &digits, error))
        return STATUS_ERROR;
    session->show_digits = digits;
    return STATUS_OK;
}

Status list_overrides(Session *session)
{
    Style style = session_style(session);
    if (session->n_overrides == 0) {
        narr_print(session->out, &style, "no values of your own are in use\n");
        return STATUS_OK;
    }
    for (int i = 0; i < session->n_overrides; i++) {
        char name[NAME_MAX], text[NUM_TEXT_MAX];
        names_name(session_names(session), session->overrides[i].what, name, sizeof name);
        num_format(text, sizeof text, session->overrides[i].value, 15, true);
        narr_printf(session->out, &style, "use %s %s\n", name, text);
    }
    return STATUS_OK;
}

Status cmd_use(Session *session, const Args *args, Error *error)
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
    if (!need_model(session, error))
        return STATUS_ERROR;
    Quantity q;
    if (!names_parse(session_names(session), args->words[0], &q, error))
        return STATUS_ERROR;
    if (quantity_is_parameter(q) || q.kind == Q_INPUT || q.kind == Q_TARGET || q.kind == Q_LEARNING_RATE)
        return error_set(error, "%s is given, not computed: change it with `set %s VALUE`", args->words[0],
                         args->words[0]), STATUS_ERROR;
    if (quantity_is_state(q))
        return error_set(error, "%s is part of the optimizer's update, which takes no values of your own; "
                         "`use` takes a value the forward or backward pass reads", args->words[0]), STATUS_ERROR;
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
    Override kept = found >= 0 ? session->overrides[found] : (Override){q, 0};
    bool added = found < 0;
    if (added)
        found = session->n_overrides++;
    session->overrides[found] = (Override){q, value};
    session_changed(session, false);
    /* an expression's formula may not be defined at the numbers a value of
     * the learner's leads to (log of a negative): then it is refused */
    if (!session_numbers_defined(session, error)) {
        if (added)
            session->n_overrides--;
        else
            session->overrides[found] = kept;
        session_changed(session, false);
        return STATUS_ERROR;
    }
    return STATUS_OK;
}

Status cmd_ascii(Session *session, const Args *args, Error *error)
{
    bool on = false;
    if (!parse_on_off(args->words[0], &on, error))
        return STATUS_ERROR;
    session->ascii = on;
    return STATUS_OK;
}

/* The words `detail` takes, in the order of the Detail enum. */
static const char *const DETAIL_WORDS[] = {"neuron", "layer"};

Status cmd_detail(Session *session, const Args *args, Error *error)
{
    if (args->count == 0) {
        say_line(session, session->detail == DETAIL_LAYER
                              ? "detail layer: stepping narrates a layer at a time, in vectors and matrices"
                              : "detail neuron: stepping narrates one quantity at a time");
        return STATUS_OK;
    }
    for (int i = 0; i < (int)(sizeof DETAIL_WORDS / sizeof DETAIL_WORDS[0]); i++)
        if (strcmp(args->words[0], DETAIL_WORDS[i]) == 0) {
            session->detail = (Detail)i;
            if (session->graph && session->detail == DETAIL_LAYER)
                say_line(session, "(an expression has no layers: it is narrated node by node; detail layer "
                         "applies to networks)");
            return STATUS_OK;
        }
    int to_layer = edit_distance(args->words[0], "layer"), to_neuron = edit_distance(args->words[0], "neuron");
    const char *nearest = to_layer <= to_neuron ? "layer" : "neuron";
    if ((to_layer < to_neuron ? to_layer : to_neuron) > 2)
        return error_set(error, "detail takes layer or neuron, not '%s'", args->words[0]), STATUS_ERROR;
    return error_set(error, "detail takes layer or neuron, not '%s'; did you mean '%s'?", args->words[0],
                     nearest), STATUS_ERROR;
}
