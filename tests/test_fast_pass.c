/* The fast path computes exactly the narrated derivation's numbers.
 *
 * For random networks of several shapes, every activation (softmax on the
 * output only), every loss whose domain allows it, with and without
 * biases, the exact derivation (round_digits 0) is built and compared with
 * fast_pass_sample: the loss, every a, every dL/dW and dL/db, and one sgd
 * step's new parameters must be equal bit for bit (==), not merely close.
 * Then fast_pass_batch over a batch must equal fast_pass_sample
 * accumulated row by row, bit for bit: the loss total, the last row's
 * activations and every gradient sum. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "deriv.h"
#include "fast_pass.h"
#include "functions.h"
#include "net.h"
#include "tap.h"
#include "test_random.h"


static const char *const SHAPES[] = {"1-1", "2-1", "2-3-1", "3-4-4-2", "2-5-3", "4-8-2"};
enum { N_SHAPES = sizeof SHAPES / sizeof SHAPES[0], MAX_ROWS = 17 };

static void randomise_parameters(Net *net)
{
    for (int l = 1; l <= net->n_layers; l++)
        for (int j = 0; j < net->sizes[l]; j++) {
            *net_bias(net, l, j) = uniform(-0.5, 0.5);
            for (int k = 0; k < net->sizes[l - 1]; k++)
                *net_weight(net, l, j, k) = uniform(-1, 1);
        }
}

/* One row's x and t; a distribution as target every other draw when the
 * loss has softmax's shortcut, so that both backward paths are taken. */
static void randomise_row(const Net *net, const Loss *loss, bool distribution, double *x, double *t)
{
    for (int k = 0; k < net->sizes[0]; k++)
        x[k] = uniform(-1.5, 1.5);
    int n = net_n_outputs(net);
    double total = 0;
    for (int j = 0; j < n; j++) {
        t[j] = loss->logarithmic ? uniform(0, 1) : uniform(-1, 1);
        total += t[j];
    }
    if (distribution)
        for (int j = 0; j < n; j++)
            t[j] /= total;
}

/* The network of `shape` with `activation` on the output and on every
 * hidden layer (tanh under softmax), or NULL when it may not be built. */
static Net *network_for(const char *shape, const Activation *activation)
{
    Error error;
    Net *probe = net_new(shape, (const char *[]){"linear"}, 1, &error);
    int n_layers = probe->n_layers, n_outputs = net_n_outputs(probe);
    net_free(probe);
    if (activation->whole_layer && n_outputs < 2)
        return NULL;
    const char *names[NET_MAX_LAYERS];
    for (int l = 0; l < n_layers; l++)
        names[l] = activation->whole_layer && l < n_layers - 1 ? "tanh" : activation->name;
    return net_new(shape, names, n_layers, &error);
}

static bool loss_allowed(const Activation *output, const Loss *loss)
{
    return !loss->logarithmic || output->whole_layer || strcmp(output->name, "sigmoid") == 0;
}

/* Counts the values of the fast pass that differ from the derivation's. */
static int compare_with_derivation(Net *net, const Loss *loss, bool use_bias, const double *x, const double *t,
                                   FastPass *pass, char *first, size_t size)
{
    const double rate = 0.3;
    DerivationSpec spec = {net, x, t, loss, rate, use_bias, 0, false, NULL, 0, 0, NULL, NULL};
    Derivation *d = deriv_build(&spec);
    fast_pass_clear(pass);
    double value = fast_pass_sample(pass, net, loss, use_bias, x, t, true);
    int differences = 0;
    first[0] = '\0';
#define SAME(fast, q, label, ...)                                                                \
    do {                                                                                         \
        const Step *step = deriv_find(d, (q));                                                   \
        if (!step || step->value != (fast)) {                                                    \
            if (!differences++)                                                                  \
                snprintf(first, size, label " fast %.17g derivation %.17g", __VA_ARGS__, (fast), \
                         step ? step->value : NAN);                                              \
        }                                                                                        \
    } while (0)
    SAME(value, ((Quantity){Q_LOSS, 0, 0, 0, 0}), "%s", "L");
    for (int l = 1; l <= net->n_layers; l++) {
        int n = net->sizes[l], n_in = net->sizes[l - 1];
        const double *a = fast_pass_activations(pass, l);
        const double *gw = fast_pass_weight_gradients(pass, l), *gb = fast_pass_bias_gradients(pass, l);
        for (int j = 0; j < n; j++) {
            SAME(a[j], ((Quantity){Q_A, l, j, 0, 0}), "a%d[%d]", l, j);
            for (int k = 0; k < n_in; k++) {
                SAME(gw[j * n_in + k], ((Quantity){Q_DL_DW, l, j, k, 0}), "dL/dW%d[%d,%d]", l, j, k);
                double updated = net->weights[l][j * n_in + k] - rate * gw[j * n_in + k];
                SAME(updated, ((Quantity){Q_NEW_WEIGHT, l, j, k, 0}), "W%d[%d,%d] new", l, j, k);
            }
            if (use_bias) {
                SAME(gb[j], ((Quantity){Q_DL_DB, l, j, 0, 0}), "dL/db%d[%d]", l, j);
                SAME(net->biases[l][j] - rate * gb[j], ((Quantity){Q_NEW_BIAS, l, j, 0, 0}), "b%d[%d] new", l, j);
            }
        }
    }
#undef SAME
    deriv_free(d);
    return differences;
}

static void derivation_tests(void)
{
    for (int s = 0; s < N_SHAPES; s++)
        for (int a = 0; a < N_ACTIVATIONS; a++)
            for (int f = 0; f < N_LOSSES; f++) {
                const Activation *activation = &ACTIVATIONS[a];
                const Loss *loss = &LOSSES[f];
                if (!loss_allowed(activation, loss))
                    continue;
                Net *net = network_for(SHAPES[s], activation);
                if (!net)
                    continue;
                FastPass *pass = fast_pass_new(net);
                int differences = 0, draws = 0;
                char first[200] = "";
                for (int bias = 0; bias < 2; bias++)
                    for (int draw = 0; draw < 6; draw++, draws++) {
                        double x[NET_MAX_WIDTH], t[NET_MAX_WIDTH];
                        randomise_parameters(net);
                        randomise_row(net, loss, loss->softmax_shortcut && draw % 2, x, t);
                        char here[200];
                        int found = compare_with_derivation(net, loss, bias == 1, x, t, pass, here, sizeof here);
                        if (found && !differences)
                            snprintf(first, sizeof first, "; first: %s (biases %s)", here, bias ? "on" : "off");
                        differences += found;
                    }
                tap_ok(differences == 0, "%s %s %s: %d draws, %d values differ from the derivation%s", SHAPES[s],
                       activation->name, loss->name, draws, differences, first);
                fast_pass_free(pass);
                net_free(net);
            }
}

/* Layers of different activations, and leaky_relu with a chosen slope. */
static void mixed_tests(void)
{
    const char *const mixes[][3] = {{"leaky_relu(0.2)", "tanh", "sigmoid"}, {"relu", "leaky_relu(0.5)", "softmax"},
                                    {"sigmoid", "relu", "linear"}};
    for (size_t i = 0; i < sizeof mixes / sizeof mixes[0]; i++)
        for (int f = 0; f < N_LOSSES; f++) {
            const Loss *loss = &LOSSES[f];
            Error error;
            Net *net = net_new("3-4-4-2", mixes[i], 3, &error);
            if (!loss_allowed(net->activation[3], loss)) {
                net_free(net);
                continue;
            }
            FastPass *pass = fast_pass_new(net);
            int differences = 0;
            char first[200] = "";
            for (int draw = 0; draw < 12; draw++) {
                double x[NET_MAX_WIDTH], t[NET_MAX_WIDTH];
                randomise_parameters(net);
                randomise_row(net, loss, loss->softmax_shortcut && draw % 2, x, t);
                differences += compare_with_derivation(net, loss, draw % 3 != 0, x, t, pass, first, sizeof first);
            }
            tap_ok(differences == 0, "3-4-4-2 %s %s %s %s: %d values differ from the derivation %s", mixes[i][0],
                   mixes[i][1], mixes[i][2], loss->name, differences, first);
            fast_pass_free(pass);
            net_free(net);
        }
}

/* Whether fast_pass_batch over m rows gives, bit for bit, what
 * fast_pass_sample gives row after row: the loss total and every
 * gradient sum (each starting from a sum already holding a row). */
static bool batch_matches_samples(Net *net, const Loss *loss, bool use_bias, int m, char *why, size_t size)
{
    int n_in = net_n_inputs(net), n_out = net_n_outputs(net);
    double *rows = malloc(sizeof(double) * (size_t)(m + 1) * (size_t)(n_in + n_out));
    double *x = malloc(sizeof(double) * (size_t)m * (size_t)n_in), *t = malloc(sizeof(double) * (size_t)m * (size_t)n_out);
    FastPass *one = fast_pass_new(net), *batch = fast_pass_new(net);
    bool reserved = fast_pass_reserve(batch, m);
    for (int r = 0; r <= m; r++) {
        double *row = rows + (size_t)r * (size_t)(n_in + n_out);
        randomise_row(net, loss, loss->softmax_shortcut && r % 2, row, row + n_in);
    }
    for (int r = 0; r < m; r++)
        for (int k = 0; k < n_in + n_out; k++) {
            double value = rows[(size_t)(r + 1) * (size_t)(n_in + n_out) + (size_t)k];
            if (k < n_in)
                x[k * m + r] = value;
            else
                t[(k - n_in) * m + r] = value;
        }
    /* row 0 goes through both passes first, so the sums do not start at 0 */
    fast_pass_clear(one);
    fast_pass_clear(batch);
    double one_total = fast_pass_sample(one, net, loss, use_bias, rows, rows + n_in, true);
    double batch_total = fast_pass_sample(batch, net, loss, use_bias, rows, rows + n_in, true);
    for (int r = 1; r <= m; r++) {
        const double *row = rows + (size_t)r * (size_t)(n_in + n_out);
        one_total += fast_pass_sample(one, net, loss, use_bias, row, row + n_in, true);
    }
    batch_total = fast_pass_batch(batch, net, loss, use_bias, x, t, m, batch_total);
    bool same = reserved && memcmp(&one_total, &batch_total, sizeof one_total) == 0;
    snprintf(why, size, "%s", !reserved ? "no memory" : same ? "" : "loss totals differ");
    for (int l = 1; same && l <= net->n_layers; l++) {
        size_t n = (size_t)net->sizes[l], n_weights = n * (size_t)net->sizes[l - 1];
        if (memcmp(fast_pass_weight_gradients(one, l), fast_pass_weight_gradients(batch, l),
                   n_weights * sizeof(double)) != 0 ||
            memcmp(fast_pass_bias_gradients(one, l), fast_pass_bias_gradients(batch, l), n * sizeof(double)) != 0) {
            snprintf(why, size, "layer %d's gradient sums differ", l);
            same = false;
        }
    }
    fast_pass_free(one);
    fast_pass_free(batch);
    free(rows);
    free(x);
    free(t);
    return same;
}

static void batch_tests(void)
{
    const int batch_sizes[] = {1, 3, 4, 17};
    for (int s = 0; s < N_SHAPES; s++)
        for (int a = 0; a < N_ACTIVATIONS; a++)
            for (int f = 0; f < N_LOSSES; f++) {
                const Activation *activation = &ACTIVATIONS[a];
                const Loss *loss = &LOSSES[f];
                if (!loss_allowed(activation, loss))
                    continue;
                Net *net = network_for(SHAPES[s], activation);
                if (!net)
                    continue;
                int failures = 0;
                char why[100] = "";
                for (size_t b = 0; b < sizeof batch_sizes / sizeof batch_sizes[0]; b++)
                    for (int bias = 0; bias < 2; bias++) {
                        randomise_parameters(net);
                        char here[100];
                        if (!batch_matches_samples(net, loss, bias == 1, batch_sizes[b], here, sizeof here) &&
                            !failures++)
                            snprintf(why, sizeof why, ": %s at %d rows, biases %s", here, batch_sizes[b],
                                     bias ? "on" : "off");
                    }
                tap_ok(failures == 0, "%s %s %s: fast_pass_batch equals fast_pass_sample row by row%s", SHAPES[s],
                       activation->name, loss->name, why);
                net_free(net);
            }
    /* more rows than a chunk holds: the sums carry on across chunks */
    Error error;
    Net *net = net_new("3-4-4-2", (const char *[]){"leaky_relu(0.2)", "tanh", "softmax"}, 3, &error);
    randomise_parameters(net);
    char why[100];
    int rows = 2 * FAST_PASS_CHUNK + 5;
    tap_ok(batch_matches_samples(net, loss_find("ce"), true, rows, why, sizeof why),
           "3-4-4-2 over %d rows, past two chunks: fast_pass_batch equals fast_pass_sample %s", rows, why);
    net_free(net);
}

int main(void)
{
    derivation_tests();
    mixed_tests();
    batch_tests();
    return tap_done();
}
