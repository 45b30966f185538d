/* narrate_headings: the words narration says around a step (see
 * StepKind in deriv.h): the heading that opens a layer's forward pass,
 * the loss, each part of the backward pass and the update, and the
 * remarks after a step (the prediction ŷ, a gate's pattern, a sum over
 * paths, a clamped probability).  The engine records what a step is; the
 * words are all here. */
#include "narrate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "functions.h"
#include "graph.h"
#include "optimizer.h"

/* Appends printf-style text to out. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void append(char *out, size_t size, const char *format, ...)
{
    size_t used = strlen(out);
    if (used + 1 >= size)
        return;
    va_list args;
    va_start(args, format);
    vsnprintf(out + used, size - used, format, args);
    va_end(args);
}

static const char *activation_symbol(const Activation *activation)
{
    return strcmp(activation->name, "sigmoid") == 0 ? "σ" : activation->name;
}

/* "Forward, layer 2 (output, 1 neuron, sigmoid).  z2[j] = Σₖ a1[k] × W2[j,k] + b2[j],  a2[j] = σ(z2[j])" */
static void forward_heading(Names names, int layer, char *out, size_t size)
{
    const Net *net = names.net;
    const Activation *activation = net->activation[layer];
    const char *bias = names.use_bias ? " + b" : "";
    if (net_is_single_neuron(net)) {
        snprintf(out, size, "Forward: one neuron, %s.  z = Σₖ xₖ × wₖ%s,  a = %s(z)", activation->name, bias,
                 activation_symbol(activation));
        return;
    }
    const char *role = layer == net->n_layers ? "output" : "hidden";
    if (net->sizes[layer] == 1 && net->sizes[layer - 1] == 1 && !activation->whole_layer) {
        /* one neuron fed by one value: its own names say it plainly */
        char z[NAME_MAX], input[NAME_MAX], w[NAME_MAX], b[NAME_MAX], a[NAME_MAX];
        names_name(names, (Quantity){Q_Z, layer, 0, 0, 0}, z, sizeof z);
        names_name(names, quantity_layer_input(layer, 0), input, sizeof input);
        names_name(names, (Quantity){Q_WEIGHT, layer, 0, 0, 0}, w, sizeof w);
        names_name(names, (Quantity){Q_BIAS, layer, 0, 0, 0}, b, sizeof b);
        names_name(names, (Quantity){Q_A, layer, 0, 0, 0}, a, sizeof a);
        snprintf(out, size, "Forward, layer %d (%s, one %s neuron).  %s = %s × %s", layer, role, activation->name,
                 z, input, w);
        if (names.use_bias)
            append(out, size, " + %s", b);
        append(out, size, ",  %s = %s(%s)", a, activation_symbol(activation), z);
        return;
    }
    char input[8];
    snprintf(input, sizeof input, layer == 1 ? "x" : "a%d", layer - 1);
    snprintf(out, size, "Forward, layer %d (%s, %d neuron%s, %s).  z%d[j] = Σₖ %s[k] × W%d[j,k]", layer, role,
             net->sizes[layer], net->sizes[layer] == 1 ? "" : "s", activation->name, layer, input, layer);
    if (names.use_bias)
        append(out, size, " + b%d[j]", layer);
    if (activation->whole_layer)
        append(out, size, ",  a%d[j] = e^z%d[j] / Σₖ e^z%d[k]", layer, layer, layer);
    else
        append(out, size, ",  a%d[j] = %s(z%d[j])", layer, activation_symbol(activation), layer);
}

void narr_layer_forward_heading(const Net *net, int layer, char *out, size_t size)
{
    char label[64];
    activation_label(net->activation[layer], label, sizeof label);
    if (net_is_single_neuron(net))
        snprintf(out, size, "Forward: one neuron, %s", label);
    else
        snprintf(out, size, "Forward, layer %d (%s, %d neuron%s, %s)", layer,
                 layer == net->n_layers ? "output" : "hidden", net->sizes[layer], net->sizes[layer] == 1 ? "" : "s",
                 label);
}

/* The heading of the backward pass's last part: dL/dx. */
static void inputs_heading(Names names, char *out, size_t size)
{
    const Net *net = names.net;
    const char *intro = "Back to the input, which is given, not trained: how L moves with it";
    if (net->sizes[1] == 1 && net->sizes[0] == 1) {
        char dx[NAME_MAX], dz[NAME_MAX], w[NAME_MAX];
        names_name(names, (Quantity){Q_DL_DX, 0, 0, 0, 0}, dx, sizeof dx);
        names_name(names, (Quantity){Q_DL_DZ, 1, 0, 0, 0}, dz, sizeof dz);
        names_name(names, (Quantity){Q_WEIGHT, 1, 0, 0, 0}, w, sizeof w);
        snprintf(out, size, "%s.  %s = %s × %s", intro, dx, dz, w);
    } else if (net_is_single_neuron(net)) {
        snprintf(out, size, "%s.  dL/dxₖ = dL/dz × wₖ", intro);
    } else if (net->sizes[1] == 1) {
        snprintf(out, size, "%s.  dL/dx[k] = dL/dz1 × W1[1,k]", intro);
    } else {
        snprintf(out, size, "%s, along every path from layer 1.  dL/dx[k] = Σⱼ dL/dz1[j] × W1[j,k]", intro);
    }
}

/* What each optimizer that keeps state keeps, said once as its update
 * starts, and its rule. */
static const struct {
    const char *name;
    const char *state;
    const char *rule;
} OPTIMIZER_WORDS[] = {
    {"momentum", "each parameter keeps a velocity v, a running sum of its past steps",
     "v_new = β × v − lr × dL/dθ,  θ ← θ + v_new"},
    {"rmsprop", "each parameter keeps a cache, a running mean of its squared gradients, that sizes its step",
     "cache_new = ρ × cache + (1 − ρ) × (dL/dθ)²,  θ ← θ − lr × dL/dθ / (√cache_new + 1e-8)"},
    {"adam", "each parameter keeps m and v, running means of its gradient g and of g²; m̂ and v̂ correct them "
     "for starting at 0", "θ ← θ − lr × m̂ / (√v̂ + ε)"},
};

/* "Update by adam (β1 = 0.9, ...): each parameter keeps ...  θ ← ..." */
static void update_heading(Names names, char *out, size_t size)
{
    const OptimizerState *state = names.optimizer;
    if (state && state->optimizer && state->optimizer->n_state > 0) {
        char described[160];
        optimizer_describe(state, false, described, sizeof described);
        for (size_t i = 0; i < sizeof OPTIMIZER_WORDS / sizeof OPTIMIZER_WORDS[0]; i++)
            if (strcmp(OPTIMIZER_WORDS[i].name, state->optimizer->name) == 0) {
                snprintf(out, size, "Update by %s: %s.  %s", described, OPTIMIZER_WORDS[i].state,
                         OPTIMIZER_WORDS[i].rule);
                return;
            }
        snprintf(out, size, "Update by %s", described);
        return;
    }
    snprintf(out, size, "Update: each parameter steps against its gradient, θ ← θ − lr × dL/dθ");
}

void narr_heading(Names names, const Step *step, char *out, size_t size)
{
    out[0] = '\0';
    const Net *net = names.net;
    const Loss *loss = names.loss;
    int layer = step->what.layer, n_outputs = net ? net_n_outputs(net) : 1;
    char definition[256] = "";
    switch (step->kind) {
    case STEP_GRAPH_FORWARD:
        snprintf(out, size, "Forward: each node from its operands, in the order they were defined");
        break;
    case STEP_GRAPH_BACKWARD: {
        char label[GRAPH_LABEL_MAX] = "y";
        if (names.graph && graph_output(names.graph) >= 0)
            graph_label(names.graph, graph_output(names.graph), label, sizeof label);
        snprintf(out, size, "Backward from %s: each local factor by its formula's rule, then each d%s/d… by the "
                 "chain rule", label, label);
        break;
    }
    case STEP_NET_FORWARD:
        if (net)
            forward_heading(names, layer, out, size);
        break;
    case STEP_NET_LOSS:
        if (loss)
            loss_formula(loss->definition, n_outputs, definition, sizeof definition);
        snprintf(out, size, "Loss (%s): %s", loss ? loss->name : "?", definition);
        break;
    case STEP_NET_OUTPUT:
        if (loss)
            loss_formula(loss->gradient_definition, n_outputs, definition, sizeof definition);
        snprintf(out, size, "Backward, output layer: start at the loss.  %s", definition);
        break;
    case STEP_NET_OUTPUT_SHORTCUT:
        snprintf(out, size, "Backward, output layer: softmax and cross-entropy together give dL/dz%d[j] = a%d[j] − "
                 "t[j]", layer, layer);
        break;
    case STEP_NET_SOFTMAX_SLOPES:
        snprintf(out, size, "softmax couples the outputs: dL/dz[i] = a[i] × (dL/da[i] − Σⱼ a[j] × dL/da[j])");
        break;
    case STEP_NET_HIDDEN:
        if (!net)
            break;
        if (net->sizes[layer + 1] == 1 && net->sizes[layer] == 1)
            snprintf(out, size, "Backward, hidden layer %d: the error comes back through w%d.  dL/da%d = dL/dz%d × "
                     "w%d", layer, layer + 1, layer, layer + 1, layer + 1);
        else
            snprintf(out, size, "Backward, hidden layer %d: each neuron's error arrives along every path from layer "
                     "%d.  dL/da%d[k] = Σⱼ dL/dz%d[j] × W%d[j,k]", layer, layer + 1, layer, layer + 1, layer + 1);
        break;
    case STEP_NET_INPUTS:
        if (net)
            inputs_heading(names, out, size);
        break;
    case STEP_NET_UPDATE:
        update_heading(names, out, size);
        break;
    default: break;
    }
}

/* A slope written with a helper the learner never typed says what it is. */
static void helper_meaning(const Step *step, char *out, size_t size)
{
    static const struct {
        const char *name, *meaning;
    } HELPERS[] = {
        {"leaky_step", "leaky_step(u) is 1 where u > 0, else leaky_relu's negative slope 0.01"},
        {"step", "step(u) is 1 where u > 0, else 0: the slope of relu, and of max and min"},
        {"sign", "sign(u) is 1 where u > 0, −1 where u < 0, and 0 at 0: the slope of abs"},
    };
    for (size_t i = 0; i < sizeof HELPERS / sizeof HELPERS[0]; i++) {
        const char *at = strstr(step->formula, HELPERS[i].name);
        if (at && (at == step->formula || at[-1] != '_') && at[strlen(HELPERS[i].name)] == '(') {
            snprintf(out, size, "%s", HELPERS[i].meaning);
            return;
        }
    }
}

void narr_remark(Names names, const Step *step, char *out, size_t size)
{
    out[0] = '\0';
    if (step->clamped) {
        snprintf(out, size, step->phase == PHASE_LOSS
                                ? "an output is 0 or 1 to double precision; ln is taken at 1e-12 from the edge so "
                                  "that L stays finite"
                                : "the output is at the edge of (0, 1); it is taken 1e-12 inside so the slope "
                                  "stays finite");
        return;
    }
    switch (step->kind) {
    case STEP_NET_PREDICTION: snprintf(out, size, "the prediction ŷ"); break;
    case STEP_GATE_ADD: snprintf(out, size, "an add passes the derivative on unchanged to each input"); break;
    case STEP_GATE_MULTIPLY:
        snprintf(out, size, "a multiply's local factor for one input is the other input's value");
        break;
    case STEP_GATE_ROUTE:
        snprintf(out, size, "max and min route the whole derivative to the input they chose");
        break;
    case STEP_PATHS_SUM: {
        char label[GRAPH_LABEL_MAX] = "";
        if (names.graph)
            graph_label(names.graph, step->what.row, label, sizeof label);
        int paths = 1;
        for (const char *p = step->formula; (p = strstr(p, " + ")) != NULL; p += 3)
            paths++;
        snprintf(out, size, "%s feeds %d nodes: its derivative adds up the %d paths", label, paths, paths);
        break;
    }
    default:
        if (names.graph)
            helper_meaning(step, out, size);
        break;
    }
}
