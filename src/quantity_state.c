/* quantity_state: the names of an optimizer's state (see quantity.h):
 * v_w1 before this step, v_w1_new after it, adam's m̂_w1 and v̂_w1, and the
 * settings (β1) and step number (t) its formulas read.  Only the state
 * names of the session's optimizer parse; asking for another's says which
 * optimizers keep it. */
#include <stdio.h>
#include <string.h>

#include "quantity_internal.h"

bool quantity_is_state(Quantity q) { return q.kind >= Q_STATE_WEIGHT && q.kind <= Q_HAT_BIAS; }

/* The weight kinds of the state come first of each pair. */
bool quantity_is_state_weight(QuantityKind kind)
{
    return kind == Q_STATE_WEIGHT || kind == Q_NEW_STATE_WEIGHT || kind == Q_HAT_WEIGHT;
}

Quantity quantity_state_parameter(Quantity state)
{
    return (Quantity){quantity_is_state_weight(state.kind) ? Q_WEIGHT : Q_BIAS, state.layer, state.row, state.col, 0};
}

Quantity quantity_state_of(QuantityKind kind, Quantity parameter, int slot)
{
    /* kind is the weight kind of its pair; a bias's is the next one */
    return (Quantity){parameter.kind == Q_WEIGHT ? kind : (QuantityKind)(kind + 1), parameter.layer, parameter.row,
                      parameter.col, slot};
}

/* The name of state value `slot` ("v", "cache"; "state1" when the
 * optimizer is not known). */
static void state_name(const Optimizer *optimizer, int slot, char *out, size_t size)
{
    if (optimizer && slot < optimizer->n_state)
        snprintf(out, size, "%s", optimizer->state_names[slot]);
    else
        snprintf(out, size, "state%d", slot + 1);
}

void quantity_optimizer_name(const Net *net, const Optimizer *optimizer, Quantity q, char *out, size_t size)
{
    char state[NAME_MAX], parameter[NAME_MAX];
    switch (q.kind) {
    case Q_SETTING:
        snprintf(out, size, "%s", optimizer && q.slot < optimizer->n_settings ? optimizer->settings[q.slot].name : "?");
        return;
    case Q_STEP_NUMBER: snprintf(out, size, "t"); return;
    case Q_STATE_WEIGHT: case Q_STATE_BIAS: case Q_NEW_STATE_WEIGHT: case Q_NEW_STATE_BIAS: case Q_HAT_WEIGHT:
    case Q_HAT_BIAS: {
        state_name(optimizer, q.slot, state, sizeof state);
        Quantity of = quantity_state_parameter(q);
        quantity_base_name(net, of.kind, of.layer, of.row, of.col, parameter, sizeof parameter);
        bool hat = q.kind == Q_HAT_WEIGHT || q.kind == Q_HAT_BIAS;
        bool after = q.kind == Q_NEW_STATE_WEIGHT || q.kind == Q_NEW_STATE_BIAS;
        /* m̂: m and a combining circumflex */
        snprintf(out, size, "%s%s_%s%s", state, hat ? "\xCC\x82" : "", parameter, after ? "_new" : "");
        return;
    }
    default: quantity_name(net, q, out, size); return;
    }
}

/* Whether `optimizer` keeps a state value named name[0 .. length), as m̂
 * and v̂ too when `hat`; its slot in *slot. */
static bool keeps_state(const Optimizer *optimizer, const char *name, size_t length, bool hat, int *slot)
{
    for (int s = 0; s < optimizer->n_state; s++)
        if (strlen(optimizer->state_names[s]) == length && strncmp(optimizer->state_names[s], name, length) == 0 &&
            (!hat || optimizer->bias_corrected)) {
            *slot = s;
            return true;
        }
    return false;
}

/* Parses the optimizer's state, "STATE_PARAMETER" with STATE one of the
 * table's state names (v, cache, m, or mhat and vhat) and PARAMETER a
 * weight or bias, perhaps with _new.  *is_state is false (and nothing
 * else done) when `name` does not start that way. */
bool quantity_parse_state(const ParseContext *context, char *name, Quantity *q, bool *is_state)
{
    *is_state = false;
    char *underscore = strchr(name, '_');
    if (!underscore)
        return false;
    size_t length = (size_t)(underscore - name);
    bool hat = length > 3 && strncmp(underscore - 3, "hat", 3) == 0;
    size_t letters = hat ? length - 3 : length;
    char keepers[160] = "";
    int n_keepers = 0, slot = 0;
    for (int i = 0; i < N_OPTIMIZERS; i++)
        if (keeps_state(&OPTIMIZERS[i], name, letters, hat, &slot)) {
            size_t used = strlen(keepers);
            snprintf(keepers + used, sizeof keepers - used, "%s%s", n_keepers ? " and " : "", OPTIMIZERS[i].name);
            n_keepers++;
        }
    if (!n_keepers)
        return false;
    *is_state = true;
    char *rest = underscore + 1;
    size_t rest_length = strlen(rest);
    bool after = rest_length > 4 && strcmp(rest + rest_length - 4, "_new") == 0;
    char state[16];
    snprintf(state, sizeof state, "%.*s%s", (int)letters, name, hat ? "\xCC\x82" : "");
    if (after && hat)
        return error_set(context->error, "'%s': %s is worked out within the step from %.*s_new, so it has no _new",
                         context->text, state, (int)letters, name);
    if (after)
        rest[rest_length - 4] = '\0';
    Quantity parameter;
    const char *p = rest;
    if (!quantity_parse_base(context, &p, &parameter)) {
        /* the parameter's own error, then how a state is named after it */
        if (!context->error)
            return false;
        size_t used = strlen(context->error->message);
        snprintf(context->error->message + used, sizeof context->error->message - used,
                 "; a state is named after its parameter, as %s_W1[1,1]%s", state, after ? "_new" : "");
        return false;
    }
    if (*p)
        return quantity_fail_unknown(context, NULL);
    if (!quantity_is_parameter(parameter))
        return error_set(context->error, "'%s': an optimizer keeps its state for weights and biases only, as %s_w1",
                         context->text, state);
    const Optimizer *optimizer = context->optimizer ? context->optimizer : optimizer_find("sgd");
    if (!keeps_state(optimizer, name, letters, hat, &slot))
        return error_set(context->error, "'%s': %s keeps no %s; %s do%s", context->text, optimizer->name, state,
                         keepers, n_keepers == 1 ? "es" : "");
    QuantityKind kind = hat ? Q_HAT_WEIGHT : after ? Q_NEW_STATE_WEIGHT : Q_STATE_WEIGHT;
    *q = quantity_collapse_single(context->net, quantity_state_of(kind, parameter, slot));
    return true;
}

void quantity_visit_kind(const Net *net, const Optimizer *optimizer, QuantityKind kind, int layer, int slot,
                             bool elements, void (*visit)(const char *, void *), void *context)
{
    char name[NAME_MAX];
    Quantity q = {kind, layer, QUANTITY_WHOLE, 0, slot};
    int rows, cols;
    quantity_shape(net, q, &rows, &cols);
    if (!elements) {
        quantity_optimizer_name(net, optimizer, quantity_collapse_single(net, q), name, sizeof name);
        visit(name, context);
        return;
    }
    if (rows * cols == 1)
        return;
    for (int j = 0; j < rows; j++)
        for (int k = 0; k < cols; k++) {
            quantity_optimizer_name(net, optimizer, quantity_element(q, j, k), name, sizeof name);
            visit(name, context);
        }
}

/* The optimizer's state: v_w1, v_w1_new, m̂_w1 and their like. */
void quantity_visit_states(const Net *net, bool use_bias, const Optimizer *optimizer, bool elements,
                         void (*visit)(const char *name, void *context), void *context)
{
    static const QuantityKind kinds[] = {Q_STATE_WEIGHT, Q_STATE_BIAS, Q_NEW_STATE_WEIGHT, Q_NEW_STATE_BIAS,
                                         Q_HAT_WEIGHT, Q_HAT_BIAS};
    if (!optimizer)
        return;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        for (int slot = 0; slot < optimizer->n_state; slot++)
            for (int l = 1; l <= net->n_layers; l++) {
                bool bias = !quantity_is_state_weight(kinds[i]);
                if ((bias && !use_bias) || ((kinds[i] == Q_HAT_WEIGHT || kinds[i] == Q_HAT_BIAS) &&
                                            !optimizer->bias_corrected))
                    continue;
                if (net_is_single_neuron(net) && elements && bias)
                    continue;
                quantity_visit_kind(net, optimizer, kinds[i], l, slot, elements, visit, context);
            }
}

