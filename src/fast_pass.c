/* fast_pass: forward, loss and backward for one sample or a batch, as numbers only (see fast_pass.h).
 *
 * Each sum is formed as deriv_network.c forms it: from 0, term by term in
 * the same order, each term the same product (a × w, dL/dz × w), so that
 * every value is bit for bit the narrated one.  A batch is worked with
 * every per-row value forming exactly as it does for one sample, and each
 * gradient sum taking the rows' terms in row order, as the samples one
 * after another would add them. */
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
    double *gradients;                   /* every sum below, in one block */
    size_t n_gradients;
    double *weight_gradients[NET_MAX_LAYERS + 1];
    double *bias_gradients[NET_MAX_LAYERS + 1];
    double upstream[NET_MAX_WIDTH];      /* dL/da of the layer being worked back through */
    const Activation *sigmoid[NET_MAX_LAYERS + 1];   /* the layer's activation when it is σ: worked inline */
    /* a batch's chunk of rows, neuron-major: neuron j of row r at [j * rows + r] */
    int chunk;                           /* rows the arrays have room for; 0 before fast_pass_reserve */
    double *batch_a[NET_MAX_LAYERS + 1];
    double *batch_z[NET_MAX_LAYERS + 1];
    double *batch_error[NET_MAX_LAYERS + 1];
    double *batch_upstream;
};

void fast_pass_free(FastPass *pass)
{
    if (!pass)
        return;
    for (int l = 1; l <= pass->n_layers; l++) {
        free(pass->z[l]);
        free(pass->a[l]);
        free(pass->error[l]);
        free(pass->batch_a[l]);
        free(pass->batch_z[l]);
        free(pass->batch_error[l]);
    }
    free(pass->batch_upstream);
    free(pass->gradients);
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
        if (!pass->z[l] || !pass->a[l] || !pass->error[l]) {
            fast_pass_free(pass);
            return NULL;
        }
    }
    /* every gradient sum in one block, so that fast_pass_clear is one memset */
    pass->n_gradients = (size_t)net_n_parameters(net, true);
    pass->gradients = calloc(pass->n_gradients, sizeof(double));
    if (!pass->gradients) {
        fast_pass_free(pass);
        return NULL;
    }
    double *next = pass->gradients;
    for (int l = 1; l <= net->n_layers; l++) {
        size_t n = (size_t)net->sizes[l];
        pass->weight_gradients[l] = next;
        pass->bias_gradients[l] = next + n * (size_t)net->sizes[l - 1];
        next = pass->bias_gradients[l] + n;
    }
    return pass;
}

void fast_pass_clear(FastPass *pass)
{
    memset(pass->gradients, 0, pass->n_gradients * sizeof(double));
}

const double *fast_pass_activations(const FastPass *pass, int layer) { return pass->a[layer]; }
const double *fast_pass_sums(const FastPass *pass, int layer) { return pass->z[layer]; }
double *fast_pass_gradients(FastPass *pass, int *count)
{
    *count = (int)pass->n_gradients;
    return pass->gradients;
}
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

/* ---- batches ------------------------------------------------------------ */

bool fast_pass_reserve(FastPass *pass, int rows)
{
    int chunk = rows < FAST_PASS_CHUNK ? rows : FAST_PASS_CHUNK;
    if (chunk <= pass->chunk)
        return true;
    int widest = 0;
    for (int l = 0; l <= pass->n_layers; l++)
        widest = pass->sizes[l] > widest ? pass->sizes[l] : widest;
    double **arrays[] = {pass->batch_a, pass->batch_z, pass->batch_error};
    for (int l = 1; l <= pass->n_layers; l++)
        for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
            double *grown = realloc(arrays[i][l], (size_t)pass->sizes[l] * (size_t)chunk * sizeof(double));
            if (!grown)
                return false;
            arrays[i][l] = grown;
        }
    double *upstream = realloc(pass->batch_upstream, (size_t)widest * (size_t)chunk * sizeof(double));
    if (!upstream)
        return false;
    pass->batch_upstream = upstream;
    pass->chunk = chunk;
    return true;
}

/* Narrow layers are worked by kernels whose width is a constant, so that
 * the compiler unrolls the loop over a neuron's few inputs (or errors)
 * and keeps one loop along the rows; wider ones loop over the inputs
 * outside the rows.  Both form every sum in the same order. */
enum { NARROW_MOST = 8 };

#define NARROW_CASES(kernel, ...)                                                                  \
    case 1: kernel(1, __VA_ARGS__); break;                                                         \
    case 2: kernel(2, __VA_ARGS__); break;                                                         \
    case 3: kernel(3, __VA_ARGS__); break;                                                         \
    case 4: kernel(4, __VA_ARGS__); break;                                                         \
    case 5: kernel(5, __VA_ARGS__); break;                                                         \
    case 6: kernel(6, __VA_ARGS__); break;                                                         \
    case 7: kernel(7, __VA_ARGS__); break;                                                         \
    case 8: kernel(8, __VA_ARGS__); break

/* z[r] = ((0 + in[0][r] × w[0]) + in[1][r] × w[1]) + ... (+ b) for c rows,
 * input k of row r at in[k * stride + r]. */
static inline void narrow_sums(int n_in, double *restrict z, const double *restrict in, size_t stride,
                               const double *restrict w, bool use_bias, double b, int c)
{
    if (use_bias)
        for (int r = 0; r < c; r++) {
            double sum = 0.0;
            for (int k = 0; k < n_in; k++)
                sum += in[(size_t)k * stride + (size_t)r] * w[k];
            z[r] = sum + b;
        }
    else
        for (int r = 0; r < c; r++) {
            double sum = 0.0;
            for (int k = 0; k < n_in; k++)
                sum += in[(size_t)k * stride + (size_t)r] * w[k];
            z[r] = sum;
        }
}

static void wide_sums(int n_in, double *restrict z, const double *restrict in, size_t stride,
                      const double *restrict w, bool use_bias, double b, int c)
{
    for (int r = 0; r < c; r++)
        z[r] = 0.0 + in[r] * w[0];
    for (int k = 1; k < n_in; k++) {
        const double *restrict ink = in + (size_t)k * stride;
        double wk = w[k];
        for (int r = 0; r < c; r++)
            z[r] += ink[r] * wk;
    }
    if (use_bias)
        for (int r = 0; r < c; r++)
            z[r] += b;
}

#define SUMS_OF_LAYER(width, sums)                                                                  \
    for (int j = 0; j < n; j++)                                                                     \
        sums(width, z + (size_t)j * (size_t)c, in, (size_t)stride, net->weights[l] + (size_t)j * (size_t)n_in, \
             use_bias, use_bias ? net->biases[l][j] : 0.0, c)

/* z = W × in (+ b) and a = f(z) for c rows; input k of row r at in[k * stride + r]. */
static void batch_forward_layer(FastPass *pass, const Net *net, bool use_bias, int l, const double *in, int stride,
                                int c)
{
    int n_in = net->sizes[l - 1], n = net->sizes[l];
    double *z = pass->batch_z[l], *a = pass->batch_a[l];
    switch (n_in) {
    NARROW_CASES(SUMS_OF_LAYER, narrow_sums);
    default: SUMS_OF_LAYER(n_in, wide_sums); break;
    }
    const Activation *activation = net->activation[l];
    int count = n * c;
    if (activation == pass->sigmoid[l]) {
        for (int i = 0; i < count; i++)
            a[i] = sigmoid_of(z[i]);
    } else if (activation->whole_layer) {
        double row_z[NET_MAX_WIDTH], row_a[NET_MAX_WIDTH];
        for (int r = 0; r < c; r++) {
            for (int j = 0; j < n; j++)
                row_z[j] = z[j * c + r];
            softmax(row_z, row_a, n);
            for (int j = 0; j < n; j++)
                a[j * c + r] = row_a[j];
        }
    } else {
        for (int i = 0; i < count; i++)
            a[i] = activation->value(z[i], activation->parameter);
    }
}

/* dL/dz[i] = a[i] × (dL/da[i] − Σ_j a[j] × dL/da[j]) for one row's softmax. */
static void softmax_backward(const double *a, const double *up, double *error, int n)
{
    for (int i = 0; i < n; i++) {
        double weighted = 0;
        for (int j = 0; j < n; j++)
            weighted += a[j] * up[j];
        error[i] = a[i] * (up[i] - weighted);
    }
}

/* The chunk's errors of layer l from its dL/da in pass->batch_upstream. */
static void batch_through_activation(FastPass *pass, const Activation *activation, int l, int c)
{
    int count = pass->sizes[l] * c;
    const double *restrict z = pass->batch_z[l], *restrict a = pass->batch_a[l], *restrict up = pass->batch_upstream;
    double *restrict error = pass->batch_error[l];
    if (activation == pass->sigmoid[l]) {
        for (int i = 0; i < count; i++)
            error[i] = up[i] * (a[i] * (1.0 - a[i]));
    } else if (activation->whole_layer) {
        int n = pass->sizes[l];
        double row_a[NET_MAX_WIDTH] = {0}, row_up[NET_MAX_WIDTH] = {0}, row_error[NET_MAX_WIDTH];
        for (int r = 0; r < c; r++) {
            for (int j = 0; j < n; j++) {
                row_a[j] = a[j * c + r];
                row_up[j] = up[j * c + r];
            }
            softmax_backward(row_a, row_up, row_error, n);
            for (int j = 0; j < n; j++)
                error[j * c + r] = row_error[j];
        }
    } else {
        for (int i = 0; i < count; i++)
            error[i] = up[i] * activation->derivative(z[i], a[i], activation->parameter);
    }
}

/* Each row's loss added to total, and the output layer's errors. */
static double batch_loss(FastPass *pass, const Net *net, const Loss *loss, const double *t, int stride, int c,
                         double total)
{
    int top = net->n_layers, n = net->sizes[top];
    const Activation *activation = net->activation[top];
    const double *a = pass->batch_a[top];
    double *error = pass->batch_error[top], *up = pass->batch_upstream;
    double row_a[NET_MAX_WIDTH], row_t[NET_MAX_WIDTH], row_up[NET_MAX_WIDTH], row_error[NET_MAX_WIDTH];
    if (n == 1 && !activation->whole_layer) {   /* one output: the row's output and target are in place */
        for (int r = 0; r < c; r++) {
            total += loss->value(a + r, t + r, 1);
            up[r] = loss->gradient(a + r, t + r, 1, 0);
        }
        batch_through_activation(pass, activation, top, c);
        return total;
    }
    for (int r = 0; r < c; r++) {
        for (int j = 0; j < n; j++) {
            row_a[j] = a[j * c + r];
            row_t[j] = t[(size_t)j * (size_t)stride + (size_t)r];
        }
        total += loss->value(row_a, row_t, n);
        if (!activation->whole_layer) {
            for (int j = 0; j < n; j++)
                up[j * c + r] = loss->gradient(row_a, row_t, n, j);
            continue;
        }
        double target_sum = 0;
        for (int j = 0; j < n; j++)
            target_sum += row_t[j];
        if (loss->softmax_shortcut && fabs(target_sum - 1.0) < 1e-12) {
            for (int j = 0; j < n; j++)
                row_error[j] = row_a[j] - row_t[j];
        } else {
            for (int j = 0; j < n; j++)
                row_up[j] = loss->gradient(row_a, row_t, n, j);
            softmax_backward(row_a, row_up, row_error, n);
        }
        for (int j = 0; j < n; j++)
            error[j * c + r] = row_error[j];
    }
    if (!activation->whole_layer)
        batch_through_activation(pass, activation, top, c);
    return total;
}

/* Adds the chunk's terms of neuron j's gradients, row by row in order:
 * g[k] += e[r] × in[k][r], and b += e[r]. */
static inline void narrow_gradients(int n_in, double *restrict g, double *restrict gb, const double *restrict e,
                                    const double *restrict in, size_t stride, bool use_bias, int c)
{
    double sums[NARROW_MOST], bias = *gb;
    for (int k = 0; k < n_in; k++)
        sums[k] = g[k];
    for (int r = 0; r < c; r++) {
        for (int k = 0; k < n_in; k++)
            sums[k] += e[r] * in[(size_t)k * stride + (size_t)r];
        bias += e[r];
    }
    for (int k = 0; k < n_in; k++)
        g[k] = sums[k];
    if (use_bias)
        *gb = bias;
}

static void wide_gradients(int n_in, double *restrict g, double *restrict gb, const double *restrict e,
                           const double *restrict in, size_t stride, bool use_bias, int c)
{
    for (int k = 0; k < n_in; k++) {
        const double *restrict ink = in + (size_t)k * stride;
        double sum = g[k];
        for (int r = 0; r < c; r++)
            sum += e[r] * ink[r];
        g[k] = sum;
    }
    if (use_bias) {
        double sum = *gb;
        for (int r = 0; r < c; r++)
            sum += e[r];
        *gb = sum;
    }
}

#define GRADIENTS_OF_LAYER(width, gradients)                                                        \
    for (int j = 0; j < n; j++)                                                                     \
        gradients(width, pass->weight_gradients[l] + (size_t)j * (size_t)n_in, pass->bias_gradients[l] + j, \
                  pass->batch_error[l] + (size_t)j * (size_t)c, in, (size_t)stride, use_bias, c)

/* Adds the chunk's terms of every gradient of layer l; input k of row r at in[k * stride + r]. */
static void batch_parameter_gradients(FastPass *pass, bool use_bias, int l, const double *in, int stride, int c)
{
    int n_in = pass->sizes[l - 1], n = pass->sizes[l];
    switch (n_in) {
    NARROW_CASES(GRADIENTS_OF_LAYER, narrow_gradients);
    default: GRADIENTS_OF_LAYER(n_in, wide_gradients); break;
    }
}

/* up[r] = ((0 + e[0][r] × w[0]) + e[1][r] × w[1]) + ... over n neurons,
 * neuron j's error of row r at e[j * c + r] and its weight at w[j * n_in]. */
static inline void narrow_upstream(int n, double *restrict up, const double *restrict e, const double *restrict w,
                                   int n_in, int c)
{
    for (int r = 0; r < c; r++) {
        double sum = 0.0;
        for (int j = 0; j < n; j++)
            sum += e[(size_t)j * (size_t)c + (size_t)r] * w[(size_t)j * (size_t)n_in];
        up[r] = sum;
    }
}

static void wide_upstream(int n, double *restrict up, const double *restrict e, const double *restrict w, int n_in,
                          int c)
{
    for (int r = 0; r < c; r++)
        up[r] = 0.0 + e[r] * w[0];
    for (int j = 1; j < n; j++) {
        const double *restrict ej = e + (size_t)j * (size_t)c;
        double wj = w[(size_t)j * (size_t)n_in];
        for (int r = 0; r < c; r++)
            up[r] += ej[r] * wj;
    }
}

#define UPSTREAM_OF_LAYER(width, upstream)                                                          \
    for (int k = 0; k < n_in; k++)                                                                  \
        upstream(width, pass->batch_upstream + (size_t)k * (size_t)c, pass->batch_error[l], net->weights[l] + k, n_in, c)

/* dL/da_(l-1)[k] = Σ_j dL/dz_l[j] × W_l[j,k] for every row, into pass->batch_upstream. */
static void batch_upstream(FastPass *pass, const Net *net, int l, int c)
{
    int n_in = net->sizes[l - 1], n = net->sizes[l];
    switch (n) {
    NARROW_CASES(UPSTREAM_OF_LAYER, narrow_upstream);
    default: UPSTREAM_OF_LAYER(n, wide_upstream); break;
    }
}

double fast_pass_batch(FastPass *pass, const Net *net, const Loss *loss, bool use_bias, const double *x,
                       const double *t, int m, double total)
{
    for (int start = 0; start < m; start += pass->chunk) {
        int c = m - start < pass->chunk ? m - start : pass->chunk;
        for (int l = 1; l <= net->n_layers; l++) {
            bool first = l == 1;
            batch_forward_layer(pass, net, use_bias, l, first ? x + start : pass->batch_a[l - 1], first ? m : c, c);
        }
        total = batch_loss(pass, net, loss, t + start, m, c, total);
        for (int l = net->n_layers; l >= 1; l--) {
            bool first = l == 1;
            batch_parameter_gradients(pass, use_bias, l, first ? x + start : pass->batch_a[l - 1], first ? m : c, c);
            if (first)
                break;
            batch_upstream(pass, net, l, c);
            batch_through_activation(pass, net->activation[l - 1], l - 1, c);
        }
    }
    return total;
}
