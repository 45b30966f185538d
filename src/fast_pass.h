/* fast_pass: training's numeric path, one sample at a time, with no records.
 *
 * `train`, `predict`, `gradcheck` and `diagnose` need the forward pass,
 * the loss and the gradients for many samples and many steps, far too
 * many to narrate.  This module computes exactly what the narrated
 * derivation of deriv_network.c computes in exact arithmetic, in the same
 * order of operations, so the numbers agree to the last bit
 * (test_fast_pass proves it), and keeps nothing but a few arrays. */
#ifndef BACKSTEP_FAST_PASS_H
#define BACKSTEP_FAST_PASS_H

#include <stdbool.h>

#include "functions.h"
#include "net.h"

typedef struct FastPass FastPass;

/* Working space for networks of net's shape; NULL when memory runs out.
 * Free with fast_pass_free(), which accepts NULL. */
FastPass *fast_pass_new(const Net *net);
void fast_pass_free(FastPass *pass);

/* Sets every gradient sum to 0. */
void fast_pass_clear(FastPass *pass);

/* The forward pass and the loss for one sample; with `accumulate`, the
 * backward pass too, adding the sample's gradient of every parameter to
 * the sums.  Without biases (`use_bias` false) they are left out of z and
 * get no gradient.  Returns the sample's loss. */
double fast_pass_sample(FastPass *pass, const Net *net, const Loss *loss, bool use_bias, const double *x,
                        const double *t, bool accumulate);

enum { FAST_PASS_CHUNK = 256 };   /* rows a batch is worked in at a time */

/* Makes room for fast_pass_batch over batches of up to `rows` rows (at
 * most FAST_PASS_CHUNK of them are held at once); false when memory runs
 * out.  Without it, fast_pass_batch must not be called. */
bool fast_pass_reserve(FastPass *pass, int rows);

/* fast_pass_sample with `accumulate` for each of m rows in turn, bit for
 * bit, but worked a layer at a time over the whole batch, so that the
 * innermost loops run along the rows.  The batch is neuron-major: row r's
 * input k is x[k * m + r] and its target j is t[j * m + r].  Returns
 * `total` with each row's loss added to it in row order.  Afterwards
 * fast_pass_activations and fast_pass_sums are not defined. */
double fast_pass_batch(FastPass *pass, const Net *net, const Loss *loss, bool use_bias, const double *x,
                       const double *t, int m, double total);

/* After fast_pass_sample: layer l's activations a_l (l = n_layers: the outputs). */
const double *fast_pass_activations(const FastPass *pass, int layer);

/* After fast_pass_sample: layer l's weighted sums z_l. */
const double *fast_pass_sums(const FastPass *pass, int layer);

/* Every gradient sum in one block of `count`: layer 1's weights, its
 * biases, layer 2's weights, ... (a bias's sum stays 0 without biases). */
double *fast_pass_gradients(FastPass *pass, int *count);

/* The gradient sums: layer l's weights (same layout as Net.weights) and
 * biases, inside that block. */
double *fast_pass_weight_gradients(FastPass *pass, int layer);
double *fast_pass_bias_gradients(FastPass *pass, int layer);

#endif
