/* net: a small dense network's shape and parameters.
 *
 * Layer 0 is the input; layers 1..n_layers hold neurons.  W_l has one row
 * per neuron of layer l and one column per input to it (a neuron of layer
 * l-1), so z_l[j] = Σ_k W_l[j,k] × a_(l-1)[k] + b_l[j].  Indices in this
 * API are 0-based; names shown to people are 1-based (W1[2,1]). */
#ifndef BACKSTEP_NET_H
#define BACKSTEP_NET_H

#include <stdbool.h>

#include "error.h"
#include "functions.h"

enum {
    NET_MAX_LAYERS = 12,   /* layers of neurons, the input not counted */
    NET_MAX_WIDTH = 64,    /* neurons (or inputs) in one layer */
};

typedef struct Net {
    int n_layers;                                     /* layers of neurons */
    int sizes[NET_MAX_LAYERS + 1];                    /* sizes[0] = number of inputs */
    const Activation *activation[NET_MAX_LAYERS + 1]; /* [1..n_layers], pointing into chosen */
    ActivationChoice chosen[NET_MAX_LAYERS + 1];      /* each layer's activation, parameter chosen */
    double *weights[NET_MAX_LAYERS + 1];              /* [l][j * sizes[l-1] + k] */
    double *biases[NET_MAX_LAYERS + 1];               /* [l][j] */
    bool *weight_frozen[NET_MAX_LAYERS + 1];          /* same layout as weights */
    bool *bias_frozen[NET_MAX_LAYERS + 1];
} Net;

/* Parses "2-3-1" and one activation for all layers or one per layer; an
 * activation that takes a parameter may be given one, leaky_relu(0.2).
 * Returns a new Net with every parameter 0 and nothing frozen, or NULL with
 * `error` set.  Free with net_free(). */
Net *net_new(const char *shape, const char *const *activation_names, int n_activations, Error *error);

/* A deep copy, or NULL when memory runs out.  Free with net_free(). */
Net *net_copy(const Net *net);

/* True when both networks have the same layer sizes. */
bool net_same_shape(const Net *a, const Net *b);

/* Copies every weight and bias, and whether each is frozen, from `from`
 * into `to`, which has the same shape (net_same_shape). */
void net_copy_parameters(Net *to, const Net *from);

/* Frees a Net; accepts NULL. */
void net_free(Net *net);

/* W_l[j,k] and b_l[j] as lvalues (0-based j, k; 1-based l). */
double *net_weight(const Net *net, int layer, int row, int col);
double *net_bias(const Net *net, int layer, int row);
bool *net_weight_frozen(const Net *net, int layer, int row, int col);
bool *net_bias_frozen(const Net *net, int layer, int row);

int net_n_inputs(const Net *net);
int net_n_outputs(const Net *net);
int net_n_parameters(const Net *net, bool with_biases);

/* True for a network of one layer with one neuron: names are w1..wn, b, z, a. */
bool net_is_single_neuron(const Net *net);

/* Writes "2-3-1" into out. */
void net_shape_text(const Net *net, char *out, int size);

#endif
