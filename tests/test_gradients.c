/* Every gradient of random small networks against central differences.
 *
 * For each shape, each activation (softmax on the output only) and each
 * loss, the derivation's dL/dW, dL/db and dL/dx are compared with
 * the fourth-order central difference
 *     (−L(θ + 2h) + 8 L(θ + h) − 8 L(θ − h) + L(θ − 2h)) / 12h,
 * computed by rebuilding the derivation with one parameter (or input) moved.  The
 * relative error must stay below 1e-6.  Draws where every z is not at
 * least 1e-3 away from a kink (relu at 0), or where every gradient is
 * zero (dead relu units), are drawn again, so no pass is vacuous. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "deriv.h"
#include "functions.h"
#include "net.h"
#include "tap.h"
#include "test_random.h"


static double loss_of(const DerivationSpec *spec)
{
    Derivation *d = deriv_build(spec);
    double loss = deriv_loss(d);
    deriv_free(d);
    return loss;
}

/* The relative error of an analytic derivative against the fourth-order
 * central difference of L, moving *moved by h. */
static double relative_error(const DerivationSpec *spec, double *moved, double analytic)
{
    double saved = *moved, h = 1e-4, at[4];
    const double offsets[4] = {2, 1, -1, -2};
    for (int i = 0; i < 4; i++) {
        *moved = saved + offsets[i] * h;
        at[i] = loss_of(spec);
    }
    *moved = saved;
    double numeric = (-at[0] + 8 * at[1] - 8 * at[2] + at[3]) / (12 * h);
    /* a dead relu unit's gradient is exactly 0 while the difference
     * quotient carries ~1e-12 of rounding noise: the floor keeps that
     * noise from reading as a relative error */
    double scale = fmax(fabs(analytic) + fabs(numeric), 1e-4);
    return fabs(analytic - numeric) / scale;
}

/* Checks every parameter of `net`, and dL/dx for every input; returns the
 * worst relative error. */
static double check_network(Net *net, const double *x, const double *t, const Loss *loss, bool use_bias,
                            bool *any_nonzero)
{
    double input[NET_MAX_WIDTH];
    memcpy(input, x, sizeof(double) * (size_t)net_n_inputs(net));
    DerivationSpec spec = {net, input, t, loss, 0.1, use_bias, 0, false, NULL, 0, 0, NULL, NULL};
    Derivation *d = deriv_build(&spec);
    double worst = 0;
    *any_nonzero = false;
    for (int k = 0; k < net_n_inputs(net); k++)
        worst = fmax(worst, relative_error(&spec, &input[k], deriv_find(d, (Quantity){Q_DL_DX, 0, k, 0, 0})->value));
    for (int l = 1; l <= net->n_layers; l++)
        for (int j = 0; j < net->sizes[l]; j++)
            for (int k = 0; k <= net->sizes[l - 1]; k++) {
                bool is_bias = k == net->sizes[l - 1];
                if (is_bias && !use_bias)
                    continue;
                double *param = is_bias ? net_bias(net, l, j) : net_weight(net, l, j, k);
                Quantity gradient = is_bias ? (Quantity){Q_DL_DB, l, j, 0, 0} : (Quantity){Q_DL_DW, l, j, k, 0};
                double analytic = deriv_find(d, gradient)->value;
                worst = fmax(worst, relative_error(&spec, param, analytic));
                if (fabs(analytic) > 1e-9)
                    *any_nonzero = true;
            }
    deriv_free(d);
    return worst;
}

/* True when every z of the draw is at least 1e-3 from 0, where relu and
 * leaky relu have their kink. */
static bool clear_of_kinks(Net *net, const double *x, const double *t, const Loss *loss, bool use_bias)
{
    DerivationSpec spec = {net, x, t, loss, 0.1, use_bias, 0, false, NULL, 0, 0, NULL, NULL};
    Derivation *d = deriv_build(&spec);
    bool clear = true;
    for (int l = 1; l <= net->n_layers; l++)
        for (int j = 0; j < net->sizes[l]; j++)
            if (fabs(deriv_find(d, (Quantity){Q_Z, l, j, 0, 0})->value) < 1e-3)
                clear = false;
    deriv_free(d);
    return clear;
}

static void randomise(Net *net, double *x, double *t, const Loss *loss, bool softmax_output)
{
    for (int l = 1; l <= net->n_layers; l++)
        for (int j = 0; j < net->sizes[l]; j++) {
            *net_bias(net, l, j) = uniform(-0.5, 0.5);
            for (int k = 0; k < net->sizes[l - 1]; k++)
                *net_weight(net, l, j, k) = uniform(-1, 1);
        }
    for (int k = 0; k < net->sizes[0]; k++)
        x[k] = uniform(-1.5, 1.5);
    int n = net->sizes[net->n_layers];
    double total = 0;
    for (int j = 0; j < n; j++) {
        t[j] = loss->logarithmic ? uniform(0.05, 0.95) : uniform(-1, 1);
        total += t[j];
    }
    if (softmax_output && loss->softmax_shortcut)
        for (int j = 0; j < n; j++)
            t[j] /= total;   /* a distribution, as ce expects */
}

int main(void)
{
    test_random_seed(0x2545F4914F6CDD1DULL);
    const char *shapes[] = {"2-3-2", "3-2-2-1", "1-1-1", "2-1", "4-3-3"};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int a = 0; a < N_ACTIVATIONS; a++)
            for (int f = 0; f < N_LOSSES; f++) {
                const Activation *activation = &ACTIVATIONS[a];
                const Loss *loss = &LOSSES[f];
                /* softmax is for the output layer: hidden layers take tanh under it */
                const char *names[NET_MAX_LAYERS];
                Error error;
                Net *probe = net_new(shapes[s], (const char *[]){"linear"}, 1, &error);
                int n_layers = probe->n_layers, n_outputs = net_n_outputs(probe);
                net_free(probe);
                if (activation->whole_layer && n_outputs < 2)
                    continue;
                /* bce needs outputs in (0, 1): sigmoid or softmax outputs only */
                bool output_is_probability = activation->whole_layer || a == 0;
                if (loss->logarithmic && !output_is_probability)
                    continue;
                for (int l = 0; l < n_layers; l++)
                    names[l] = activation->whole_layer && l < n_layers - 1 ? "tanh" : activation->name;
                Net *net = net_new(shapes[s], names, n_layers, &error);
                if (!tap_ok(net != NULL, "%s %s %s builds", shapes[s], activation->name, loss->name))
                    continue;
                double x[NET_MAX_WIDTH], t[NET_MAX_WIDTH];
                for (int trial = 0; trial < 3; trial++) {
                    for (int bias = 0; bias < 2; bias++) {
                        bool any_nonzero = false;
                        double worst = 0;
                        for (int draw = 0; draw < 200 && !any_nonzero; draw++) {
                            randomise(net, x, t, loss, activation->whole_layer);
                            if (clear_of_kinks(net, x, t, loss, bias == 1))
                                worst = check_network(net, x, t, loss, bias == 1, &any_nonzero);
                        }
                        tap_ok(worst < 1e-6 && any_nonzero,
                               "%s %s %s, trial %d, biases %s: worst relative error %.2g%s", shapes[s],
                               activation->name, loss->name, trial, bias ? "on" : "off", worst,
                               any_nonzero ? "" : " (all gradients zero)");
                    }
                }
                net_free(net);
            }

    /* leaky_relu with a chosen negative slope, in every layer */
    const char *slopes[] = {"leaky_relu(0.2)", "leaky_relu(0.5)"};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (size_t i = 0; i < sizeof slopes / sizeof slopes[0]; i++) {
            Error error;
            Net *net = net_new(shapes[s], &slopes[i], 1, &error);
            if (!tap_ok(net != NULL, "%s %s builds", shapes[s], slopes[i]))
                continue;
            double x[NET_MAX_WIDTH], t[NET_MAX_WIDTH];
            for (int bias = 0; bias < 2; bias++) {
                bool any_nonzero = false;
                double worst = 0;
                for (int draw = 0; draw < 200 && !any_nonzero; draw++) {
                    randomise(net, x, t, loss_find("half-sse"), false);
                    if (clear_of_kinks(net, x, t, loss_find("half-sse"), bias == 1))
                        worst = check_network(net, x, t, loss_find("half-sse"), bias == 1, &any_nonzero);
                }
                tap_ok(worst < 1e-6 && any_nonzero, "%s %s half-sse, biases %s: worst relative error %.2g%s",
                       shapes[s], slopes[i], bias ? "on" : "off", worst, any_nonzero ? "" : " (all gradients zero)");
            }
            net_free(net);
        }

    /* softmax with a target that is not a distribution takes the general
     * Jacobian path rather than ŷ − t */
    Error error;
    Net *net = net_new("2-3", (const char *[]){"softmax"}, 1, &error);
    double x[2] = {0.4, -0.7}, t[3] = {0.5, 0.9, 0.2};
    randomise(net, (double[2]){0}, (double[3]){0}, loss_find("half-sse"), false);
    bool any_nonzero;
    double worst = check_network(net, x, t, loss_find("ce"), true, &any_nonzero);
    tap_ok(worst < 1e-6 && any_nonzero, "softmax with ce and targets summing to 1.6: worst relative error %.2g", worst);
    net_free(net);
    return tap_done();
}
