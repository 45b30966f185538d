/* domain: which values make sense (see domain.h). */
#include "domain.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "deriv.h"
#include "graph.h"
#include "numfmt.h"
#include "session.h"

void domain_range_text(ValueRange range, char *out, size_t size)
{
    char low[NUM_TEXT_MAX], high[NUM_TEXT_MAX];
    num_format(low, sizeof low, range.low, 15, true);
    num_format(high, sizeof high, range.high, 15, true);
    if (range.ends_only)
        snprintf(out, size, "%s or %s", low, high);
    else if (!isfinite(range.low) && !isfinite(range.high))
        snprintf(out, size, "of any size");
    else if (range.low == range.high)
        snprintf(out, size, "always %s", low);
    else if (isfinite(range.low) && isfinite(range.high))
        snprintf(out, size, "in %s%s, %s%s", range.low_included ? "[" : "(", low, high,
                 range.high_included ? "]" : ")");
    else if (isfinite(range.low))
        snprintf(out, size, "%s %s", range.low_included ? "≥" : ">", low);
    else
        snprintf(out, size, "%s %s", range.high_included ? "≤" : "<", high);
}

/* Whether an activation's outputs are probabilities, as ln needs them. */
static bool gives_probabilities(const Activation *activation)
{
    return activation->values.low >= 0 && activation->values.high <= 1;
}

bool domain_loss_fits(const Loss *loss, const Net *net, const double *target, Error *error)
{
    if (!loss->logarithmic)
        return true;
    const Activation *output = net->activation[net->n_layers];
    if (!gives_probabilities(output)) {
        char range[64], fitting[128] = "";
        domain_range_text(output->values, range, sizeof range);
        for (int i = 0, n = 0; i < N_ACTIVATIONS; i++)
            if (gives_probabilities(&ACTIVATIONS[i])) {
                size_t used = strlen(fitting);
                snprintf(fitting + used, sizeof fitting - used, "%s%s", n++ ? " or " : "", ACTIVATIONS[i].name);
            }
        return error_set(error, "loss %s cannot follow a %s output: %s gives values %s, but %s takes the "
                         "logarithm of probabilities, in [0, 1]; end the network with %s, or choose half-sse, "
                         "sse or mse", loss->name, output->name, output->name, range, loss->name, fitting);
    }
    for (int j = 0; j < net_n_outputs(net); j++)
        if (!(target[j] >= 0 && target[j] <= 1)) {
            char value[NUM_TEXT_MAX], nearest[NUM_TEXT_MAX], name[NAME_MAX];
            num_format(value, sizeof value, target[j], 15, true);
            num_format(nearest, sizeof nearest, target[j] < 0 ? 0 : 1, 15, true);
            quantity_name(net, (Quantity){Q_TARGET, 0, j, 0, 0}, name, sizeof name);
            return error_set(error, "%s = %s is not a probability, and loss %s takes targets in [0, 1] "
                             "(the nearest is %s)", name, value, loss->name, nearest);
        }
    return true;
}

bool domain_computed(Session *session, Quantity q, const char *name, Error *error)
{
    const Derivation *derivation = session_derivation(session, error);
    if (!derivation)
        return false;
    Quantity first = quantity_is_whole(q) ? quantity_element(q, 0, 0) : q;
    if (deriv_find(derivation, first))
        return true;
    if (session->graph)   /* an expression graph's node the output does not use */
        return graph_unused(session->graph, first, error);
    const Activation *output = session->net->activation[session->net->n_layers];
    if (q.kind == Q_DL_DA && q.layer == session->net->n_layers && output->whole_layer &&
        session->loss->softmax_shortcut)
        return error_set(error, "%s is not part of this derivation: with %s and %s, the backward pass goes "
                         "straight to dL/dz = ŷ − t", name, output->name, session->loss->name);
    return error_set(error, "%s is not part of this derivation", name);
}

bool domain_own_value(Session *session, Quantity q, const char *name, double value, Error *error)
{
    if (!domain_computed(session, q, name, error))
        return false;
    if (q.kind == Q_LOSS && value < 0) {   /* every loss here is a sum of squares or of −ln p */
        char text[NUM_TEXT_MAX];
        num_format(text, sizeof text, value, 15, true);
        return error_set(error, "%s is a loss, never negative, so it cannot be %s (the nearest possible is 0)",
                         name, text);
    }
    if ((q.kind != Q_A && q.kind != Q_DA_DZ) || !session->net)
        return true;
    const Activation *activation = session->net->activation[q.layer];
    ValueRange range = q.kind == Q_A ? activation->values : activation->slopes;
    if (value_range_contains(range, value))
        return true;
    char where[64], kind[64], text[NUM_TEXT_MAX], nearest_text[NUM_TEXT_MAX + 32] = "";
    domain_range_text(range, where, sizeof where);
    num_format(text, sizeof text, value, 15, true);
    snprintf(kind, sizeof kind, q.kind == Q_A ? "a %s output" : "%s's slope", activation->name);
    /* the nearest possible value, where the range has one: an end it includes */
    double nearest = fabs(value - range.low) <= fabs(value - range.high) ? range.low : range.high;
    bool included = range.ends_only || (nearest == range.low ? range.low_included : range.high_included);
    if (included && isfinite(nearest)) {
        char number[NUM_TEXT_MAX];
        num_format(number, sizeof number, nearest, 15, true);
        snprintf(nearest_text, sizeof nearest_text, " (the nearest possible is %s)", number);
    }
    return error_set(error, "%s is %s, %s, so it cannot be %s%s", name, kind, where, text, nearest_text);
}
