/* fast_pass: forward, loss and backward for one sample, as numbers only (see fast_pass.h).
 *
 * Each sum is formed as deriv_network.c forms it: from 0, term by term in
 * the same order, each term the same product (a × w, dL/dz × w), so that
 * every value is bit for bit the narrated one. */
#include "fast_pass.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct FastPass {
    int n_layers;
    int sizes[NET_MAX_LAYERS + 1];
    double *z[NET_MAX_LAYERS + 1];
    double *a[NET_MAX_LAYERS + 1];       /* a[0] is unused: the input is read in place */
    double *error[NET_MAX_LAYERS + 1];   /* dL/dz */
    double *weight_gradients[NET_MAX_LAYERS + 1];
    double *bias_gradients[NET_MAX_LAYERS + 1];
    double upstream[NET_MAX_WIDTH];      /* dL/da of the layer being worked back through */
    const Activation *sigmoid[NET_MAX_LAYERS + 1];   /* the layer's activation when it is σ: worked inline */
};

void fast_pass_free(FastPass *pass)
{
    if (!pass)
        return;
    for (int l = 1; l <= pass->n_layers; l++) {
        free(pass->z[l]);
        free(pass->a[l]);
        free(pass->error[l]);
        free(pass->weight_gradients[l]);
        free(pass->bias_gradients[l]);
    }
    free(pass);
}

FastPass *fast_pass_new(const Net *net)
{
    FastPass *pass = calloc(1, sizeof *pass);
    if (!pass)
        return NULL;
    pass->n_layers = net->n_layers;
    memcpy(pass->sizes, net->sizes, sizeof pass->sizes);
    for (int l = 1; l <= net->n_layers; l++)
        if (strcmp(net->activation[l]->name, "sigmoid") == 0)
            pass->sigmoid[l] = net->activation[l];
    for (int l = 1; l <= net->n_layers; l++) {
        size_t n = (size_t)net->sizes[l];
        pass->z[l] = calloc(n, sizeof(double));
        pass->a[l] = calloc(n, sizeof(double));
        pass->error[l] = calloc(n, sizeof(double));
        pass->weight_gradients[l] = calloc(n * (size_t)net->sizes[l - 1], sizeof(double));
        pass->bias_gradients[l] = calloc(n, sizeof(double));
        if (!pass->z[l] || !pass->a[l] || !pass->error[l] || !pass->weight_gradients[l] || !pass->bias_gradients[l]) {
            fast_pass_free(pass);
            return NULL;
        }
    }
    return pass;
}

void fast_pass_clear(FastPass *pass)
{
    for (int l = 1; l <= pass->n_layers; l++) {
        memset(pass->weight_gradients[l], 0, (size_t)pass->sizes[l] * (size_t)pass->sizes[l - 1] * sizeof(double));
        memset(pass->bias_gradients[l], 0, (size_t)pass->sizes[l] * sizeof(double));
    }
}

const double *fast_pass_activations(const FastPass *pass, int layer) { return pass->a[layer]; }
const double *fast_pass_sums(const FastPass *pass, int layer) { return pass->z[layer]; }
double *fast_pass_weight_gradients(FastPass *pass, int layer) { return pass->weight_gradients[layer]; }
double *fast_pass_bias_gradients(FastPass *pass, int layer) { return pass->bias_gradients[layer]; }

static void forward(FastPass *pass, const Net *net, bool use_bias, const double *x)
{
    for (int l = 1; l <= net->n_layers; l++) {
        const double *restrict in = l == 1 ? x : pass->a[l - 1];
        const double *restrict w = net->weights[l];
        const double *restrict b = net->biases[l];
        const Activation *activation = net->activation[l];
        int n_in = net->sizes[l - 1], n = net->sizes[l];
        double *restrict z = pass->z[l], *restrict a = pass->a[l];
        for (int j = 0; j < n; j++, w += n_in) {
            double sum = 0;
            for (int k = 0; k < n_in; k++)
                sum += in[k] * w[k];
            if (use_bias)
                sum += b[j];
            z[j] = sum;
        }
        if (activation == pass->sigmoid[l])
            for (int j = 0; j < n; j++)
                a[j] = sigmoid_of(z[j]);
        else if (activation->whole_layer)
            softmax(z, a, n);
        else
            for (int j = 0; j < n; j++)
                a[j] = activation->value(z[j], activation->parameter);
    }
}

/* dL/dz of a layer whose dL/da is in pass->upstream, through its activation. */
static void through_activation(FastPass *pass, const Activation *activation, int layer)
{
    int n = pass->sizes[layer];
    const double *restrict z = pass->z[layer], *restrict a = pass->a[layer], *restrict up = pass->upstream;
    double *restrict error = pass->error[layer];
    if (activation == pass->sigmoid[layer]) {   /* σ'(z) = a × (1 − a), as the sigmoid row writes it */
        for (int j = 0; j < n; j++)
            error[j] = up[j] * (a[j] * (1.0 - a[j]));
        return;
    }
    if (activation->whole_layer) {
        /* dL/dz[i] = a[i] × (dL/da[i] − Σ_j a[j] × dL/da[j]) */
        for (int i = 0; i < n; i++) {
            double weighted = 0;
            for (int j = 0; j < n; j++)
                weighted += a[j] * up[j];
            error[i] = a[i] * (up[i] - weighted);
        }
        return;
    }
    for (int j = 0; j < n; j++)
        error[j] = up[j] * activation->derivative(z[j], a[j], activation->parameter);
}

static void add_parameter_gradients(FastPass *pass, bool use_bias, const double *in, int layer)
{
    int n_in = pass->sizes[layer - 1], n = pass->sizes[layer];
    const double *restrict error = pass->error[layer];
    double *restrict g = pass->weight_gradients[layer];
    for (int j = 0; j < n; j++, g += n_in)
        for (int k = 0; k < n_in; k++)
            g[k] += error[j] * in[k];
    if (use_bias)
        for (int j = 0; j < n; j++)
            pass->bias_gradients[layer][j] += error[j];
}

double fast_pass_sample(FastPass *pass, const Net *net, const Loss *loss, bool use_bias, const double *x,
                        const double *t, bool accumulate)
{
    forward(pass, net, use_bias, x);
    int top = net->n_layers, n = net->sizes[top];
    const double *output = pass->a[top];
    double value = loss->value(output, t, n);
    if (!accumulate)
        return value;

    const Activation *activation = net->activation[top];
    double target_sum = 0;
    for (int j = 0; activation->whole_layer && j < n; j++)
        target_sum += t[j];
    if (activation->whole_layer && loss->softmax_shortcut && fabs(target_sum - 1.0) < 1e-12) {
        for (int j = 0; j < n; j++)
            pass->error[top][j] = output[j] - t[j];
    } else {
        for (int j = 0; j < n; j++)
            pass->upstream[j] = loss->gradient(output, t, n, j);
        through_activation(pass, activation, top);
    }
    for (int l = top; l >= 1; l--) {
        const double *in = l == 1 ? x : pass->a[l - 1];
        add_parameter_gradients(pass, use_bias, in, l);
        if (l == 1)
            break;
        /* dL/da_(l-1)[k] = Σ_j dL/dz_l[j] × W_l[j,k] */
        int n_in = net->sizes[l - 1];
        const double *restrict w = net->weights[l], *restrict error = pass->error[l];
        double *restrict upstream = pass->upstream;
        int n_l = net->sizes[l];
        for (int k = 0; k < n_in; k++) {
            double sum = 0;
            for (int j = 0; j < n_l; j++)
                sum += error[j] * w[j * n_in + k];
            upstream[k] = sum;
        }
        through_activation(pass, net->activation[l - 1], l - 1);
    }
    return value;
}
