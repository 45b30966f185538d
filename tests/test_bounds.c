/* The bounds of session.h keep every derivation finite: the largest
 * network accepted (12 layers of 64 neurons after 64 inputs), every
 * parameter at ±1e10 and every input and target at ±1e6, for every
 * activation and loss, in exact and in hand arithmetic, must give only
 * finite values in every step. */
#include <math.h>
#include <string.h>

#include "deriv.h"
#include "functions.h"
#include "net.h"
#include "session.h"
#include "tap.h"

int main(void)
{
    char shape[4 * (NET_MAX_LAYERS + 1)] = "64";
    for (int l = 1; l <= NET_MAX_LAYERS; l++)
        strcat(shape, "-64");
    for (int a = 0; a < N_ACTIVATIONS; a++)
        for (int f = 0; f < N_LOSSES; f++) {
            const Activation *activation = &ACTIVATIONS[a];
            const char *names[NET_MAX_LAYERS];
            for (int l = 0; l < NET_MAX_LAYERS; l++)
                names[l] = activation->whole_layer && l < NET_MAX_LAYERS - 1 ? "linear" : activation->name;
            Error error;
            Net *net = net_new(shape, names, NET_MAX_LAYERS, &error);
            if (!tap_ok(net != NULL, "%s builds", activation->name))
                continue;
            double x[NET_MAX_WIDTH], t[NET_MAX_WIDTH];
            for (int k = 0; k < NET_MAX_WIDTH; k++) {
                x[k] = k % 2 ? SESSION_INPUT_LIMIT : -SESSION_INPUT_LIMIT;
                t[k] = k % 3 ? SESSION_INPUT_LIMIT : -SESSION_INPUT_LIMIT;
            }
            /* same signs along each path: magnitudes grow as fast as they can */
            for (int l = 1; l <= net->n_layers; l++)
                for (int j = 0; j < net->sizes[l]; j++) {
                    *net_bias(net, l, j) = SESSION_PARAMETER_LIMIT;
                    for (int k = 0; k < net->sizes[l - 1]; k++)
                        *net_weight(net, l, j, k) = (l == 1 && k % 2 == 0) ? -SESSION_PARAMETER_LIMIT
                                                                          : SESSION_PARAMETER_LIMIT;
                }
            for (int hand = 0; hand < 2; hand++) {
                DerivationSpec spec = {net, x, t, &LOSSES[f], SESSION_INPUT_LIMIT, true, hand ? 3 : 0, false,
                                       NULL, 0, hand ? 3 : 0, NULL, NULL};
                Derivation *d = deriv_build(&spec);
                bool finite = d != NULL;
                double largest = 0;
                for (int i = 0; d && i < deriv_n_steps(d); i++) {
                    const Step *step = deriv_step(d, i);
                    /* a hand range may be unbounded, but never nan */
                    finite = finite && isfinite(step->value) && isfinite(step->computed) &&
                             step->range.lo <= step->range.hi;
                    largest = fmax(largest, fabs(step->value));
                }
                tap_ok(finite, "%s with %s, %s arithmetic: every step finite (largest %.3g)", activation->name,
                       LOSSES[f].name, hand ? "hand" : "exact", largest);
                deriv_free(d);
            }
            net_free(net);
        }
    return tap_done();
}
