/* picture_network: a network session as a Picture (see picture.h).
 *
 * Columns from left to right: the inputs x; for each layer its weighted
 * sums z (Σ) and its activations a (σ, relu, ...), or the activations
 * alone with z folded in; the targets t beside the outputs; the loss L.
 * A number appears once narration has reached the step that computes it,
 * so the picture fills in as the learner steps: values on the way
 * forward, gradients (dL/dz, dL/da, dL/dx) on the way back.  Edges into a
 * weighted sum carry the weight, W1[j,k] = 0.5, for `draw dot`. */
#include <stdio.h>
#include <string.h>

#include "picture.h"
#include "session.h"

/* What a network is drawing from: the pass on view and how far it has
 * been narrated. */
typedef struct {
    const Net *net;                 /* the parameters the pass on view uses */
    const Derivation *derivation;
    int narrated;                   /* steps narrated so far */
    Style style;
} Source;

/* The value of the step computing q, if narration has reached it. */
static bool narrated_value(const Source *source, Quantity q, double *value)
{
    const Step *step = deriv_find(source->derivation, q);
    if (!step || deriv_step_index(source->derivation, step) >= source->narrated)
        return false;
    *value = step->value;
    return true;
}

/* The operation an activation is shown as in its box: σ for sigmoid (as
 * narration writes it), else its name, shortened where it is long. */
static void activation_operation(const Activation *activation, char *out, size_t size)
{
    if (strcmp(activation->name, "sigmoid") == 0)
        snprintf(out, size, "σ");
    else if (strcmp(activation->name, "leaky_relu") == 0)
        snprintf(out, size, "lrelu");
    else
        snprintf(out, size, "%s", activation->name);
}

/* Adds the node for q, its value and gradient from the steps computing them. */
static int add_quantity(Picture *picture, const Source *source, Quantity q, Quantity gradient, const char *operation,
                        int column)
{
    PictureNode node = {.column = column};
    quantity_name(source->net, q, node.name, sizeof node.name);
    snprintf(node.operation, sizeof node.operation, "%s", operation);
    node.has_value = narrated_value(source, q, &node.value);
    node.has_gradient = narrated_value(source, gradient, &node.gradient);
    return picture_add_node(picture, &node);
}

static bool add_weighted_edge(Picture *picture, const Source *source, int from, int to, int layer, int row, int col)
{
    char name[NAME_MAX], number[NUM_TEXT_MAX], label[PICTURE_LABEL_MAX];
    quantity_name(source->net, (Quantity){Q_WEIGHT, layer, row, col, 0}, name, sizeof name);
    narr_carried(&source->style, *net_weight(source->net, layer, row, col), number, sizeof number);
    snprintf(label, sizeof label, "%s = %s", name, number);
    return picture_add_edge(picture, from, to, label);
}

static void describe(const Session *session, const Source *source, Picture *picture)
{
    const Net *net = source->net;
    char shape[64], label[64], first[64], activations[256] = "";
    net_shape_text(net, shape, sizeof shape);
    activation_label(net->activation[1], first, sizeof first);
    bool all_same = true;   /* then named once, as `network 2-3-1 sigmoid` names it */
    for (int l = 2; l <= net->n_layers; l++) {
        activation_label(net->activation[l], label, sizeof label);
        all_same = all_same && strcmp(label, first) == 0;
    }
    for (int l = 1; l <= (all_same ? 1 : net->n_layers); l++) {
        activation_label(net->activation[l], label, sizeof label);
        size_t used = strlen(activations);
        snprintf(activations + used, sizeof activations - used, " %s", label);
    }
    snprintf(picture->title, sizeof picture->title, "network %s%s, loss %s", shape, activations, session->loss->name);
    const Derivation *d = source->derivation;
    int at = source->narrated;
    const char *note;
    if (session_pass_completed(session))
        note = "The pass just completed; the parameters have since been updated, and `forward` starts the next.";
    else if (at == 0)
        note = "Nothing computed yet: `forward` fills in the values.";
    else if (at < deriv_phase_start(d, PHASE_LOSS))
        note = "Values as far as the forward pass has gone.";
    else if (at < deriv_phase_start(d, PHASE_BACKWARD))
        note = "After the forward pass: `loss` computes L, `backward` the gradients.";
    else if (at == deriv_phase_start(d, PHASE_BACKWARD))
        note = "After the forward pass and the loss: `backward` adds the gradients.";
    else if (at < deriv_phase_start(d, PHASE_UPDATE))
        note = "Gradients as far as the backward pass has gone.";
    else
        note = "After the backward pass: `update` steps each parameter against its gradient.";
    snprintf(picture->note, sizeof picture->note, "%s", note);
}

bool picture_of_network(Session *session, PictureDetail detail, Picture *picture, Error *error)
{
    const Derivation *derivation = session_derivation(session, error);
    if (!derivation)
        return false;
    bool completed = session_pass_completed(session);
    Source source = {completed ? session->completed_net : session->net, derivation,
                     completed ? deriv_n_steps(derivation) : session->position, session_style(session)};
    const Net *net = source.net;
    bool sums = detail == PICTURE_SUMS_AND_ACTIVATIONS;
    int layers = net->n_layers, columns_per_layer = sums ? 2 : 1;
    describe(session, &source, picture);

    int previous[NET_MAX_WIDTH], sum[NET_MAX_WIDTH], activation[NET_MAX_WIDTH];
    bool ok = true;
    for (int k = 0; k < net->sizes[0] && ok; k++) {
        Quantity x = {Q_INPUT, 0, k, 0, 0};
        PictureNode node = {.value = session->input[k], .has_value = true, .column = 0};
        quantity_name(net, x, node.name, sizeof node.name);
        node.has_gradient = narrated_value(&source, (Quantity){Q_DL_DX, 0, k, 0, 0}, &node.gradient);
        ok = (previous[k] = picture_add_node(picture, &node)) >= 0;
    }
    for (int l = 1; l <= layers && ok; l++) {
        char operation[PICTURE_OPERATION_MAX];
        activation_operation(net->activation[l], operation, sizeof operation);
        int column = l * columns_per_layer;
        for (int j = 0; j < net->sizes[l] && ok; j++) {
            if (sums)
                ok = (sum[j] = add_quantity(picture, &source, (Quantity){Q_Z, l, j, 0, 0}, (Quantity){Q_DL_DZ, l, j, 0, 0},
                                            "Σ", column - 1)) >= 0;
            ok = ok && (activation[j] = add_quantity(picture, &source, (Quantity){Q_A, l, j, 0, 0},
                                                     (Quantity){Q_DL_DA, l, j, 0, 0}, operation, column)) >= 0;
        }
        for (int j = 0; j < net->sizes[l] && ok; j++) {
            int into = sums ? sum[j] : activation[j];
            for (int k = 0; k < net->sizes[l - 1] && ok; k++)
                ok = add_weighted_edge(picture, &source, previous[k], into, l, j, k);
            /* softmax: each a depends on every z */
            for (int i = 0; sums && i < net->sizes[l] && ok; i++)
                if (i == j || net->activation[l]->whole_layer)
                    ok = picture_add_edge(picture, sum[i], activation[j], NULL);
        }
        memcpy(previous, activation, sizeof previous);
    }
    int outputs = net->sizes[layers], column = layers * columns_per_layer;
    PictureNode loss = {.name = "L", .column = column + 1, .is_output = true};
    snprintf(loss.operation, sizeof loss.operation, "%s", session->loss->name);
    loss.has_value = narrated_value(&source, (Quantity){Q_LOSS, 0, 0, 0, 0}, &loss.value);
    loss.gradient = 1;   /* dL/dL: where the backward pass starts */
    loss.has_gradient = source.narrated > deriv_phase_start(derivation, PHASE_BACKWARD);
    int targets[NET_MAX_WIDTH];
    for (int j = 0; j < outputs && ok; j++) {
        PictureNode target = {.value = session->target[j], .has_value = true, .column = column};
        quantity_name(net, (Quantity){Q_TARGET, 0, j, 0, 0}, target.name, sizeof target.name);
        ok = (targets[j] = picture_add_node(picture, &target)) >= 0;
    }
    int loss_node = ok ? picture_add_node(picture, &loss) : -1;
    ok = loss_node >= 0;
    for (int j = 0; j < outputs && ok; j++)
        ok = picture_add_edge(picture, previous[j], loss_node, NULL) &&
             picture_add_edge(picture, targets[j], loss_node, NULL);
    if (!ok)
        return error_set(error, "out of memory while drawing the network");
    return true;
}
