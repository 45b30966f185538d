/* quantity: what a name like W1[2,1], dL/dw1 or da/dz refers to.
 *
 * A Quantity identifies one number (or a whole vector or matrix) of a
 * network and its derivation.  This module prints a quantity's preferred
 * name, using the short forms that lessons use where they are unambiguous:
 *   - a network of one neuron: w1..wn, b, z, a, da/dz, dL/dw1;
 *   - a layer of one neuron: z2, a2, b2, dL/dz2;
 *   - a 1x1 weight: w2;
 * and parses every accepted spelling back (full names always work). */
#ifndef BACKSTEP_QUANTITY_H
#define BACKSTEP_QUANTITY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "net.h"

struct Optimizer;   /* optimizer.h: names its state values (v, cache, m) and settings */

typedef enum {
    Q_INPUT,          /* x[k] */
    Q_TARGET,         /* t[j] */
    Q_WEIGHT,         /* W_l[j,k] */
    Q_BIAS,           /* b_l[j] */
    Q_LEARNING_RATE,  /* lr */
    Q_Z,              /* z_l[j] = Σ_k W_l[j,k] a_(l-1)[k] + b_l[j] */
    Q_A,              /* a_l[j] = f(z_l[j]) */
    Q_LOSS,           /* L */
    Q_DL_DA,          /* dL/da_l[j] */
    Q_DA_DZ,          /* da_l[j]/dz_l[j] */
    Q_DL_DZ,          /* dL/dz_l[j] */
    Q_DL_DW,          /* dL/dW_l[j,k] */
    Q_DL_DB,          /* dL/db_l[j] */
    Q_NEW_WEIGHT,     /* W_l[j,k] after this step's update: w1_new */
    Q_NEW_BIAS,       /* b_l[j] after this step's update: b_new */
    Q_DL_DX,          /* dL/dx[k]: how the loss moves with an input (layer 0) */
    /* the optimizer's state (see optimizer.h), `slot` saying which of its
     * values: momentum's v; rmsprop's cache; adam's m (0) and v (1) */
    Q_STATE_WEIGHT,      /* W_l[j,k]'s state before this step, given like W: v_w1, cache_W1[2,1] */
    Q_STATE_BIAS,        /* b_l[j]'s: m_b, v_b2[1] */
    Q_NEW_STATE_WEIGHT,  /* ... after this step, computed: v_w1_new */
    Q_NEW_STATE_BIAS,    /* m_b_new */
    Q_HAT_WEIGHT,        /* adam's state corrected for starting at 0: m̂_w1 (slot 0), v̂_w1 (1) */
    Q_HAT_BIAS,          /* m̂_b */
    Q_SETTING,           /* the optimizer's setting `slot` (β, ρ, β1, β2, ε): an operand only */
    Q_STEP_NUMBER,       /* t, the number of the optimizer's step: an operand only */
    /* expression mode (see graph.h); row and col are node indexes */
    Q_NODE,           /* a node's value: an input (x) or a defined node (g = 3x + 2) */
    Q_GRADIENT,       /* d(output)/d(node row): dy/dx */
    Q_LOCAL,          /* d(node row)/d(node col), col an operand of row: dg/dx */
} QuantityKind;

enum { QUANTITY_WHOLE = -1 };   /* row (and col) of a whole vector or matrix */
enum { NAME_MAX = 64 };

/* kind and layer share one word, so that a Quantity (and every operand a
 * derivation records) stays 16 bytes. */
typedef struct {
    unsigned kind : 8;   /* a QuantityKind */
    int layer : 24;      /* 1..n_layers for per-layer quantities, 0 otherwise */
    int row;     /* 0-based neuron (or input) index, or QUANTITY_WHOLE */
    int col;     /* 0-based input index of a weight, 0 otherwise */
    int slot;    /* which optimizer state value or setting (Q_STATE_WEIGHT ... Q_SETTING), 0 otherwise */
} Quantity;

bool quantity_equal(Quantity a, Quantity b);

/* True for a whole vector or matrix (W1, z1, x) rather than one number. */
bool quantity_is_whole(Quantity q);

/* Rows and columns of a whole quantity (1 and 1 for a single number). */
void quantity_shape(const Net *net, Quantity q, int *rows, int *cols);

/* Element (row, col) of a whole quantity. */
Quantity quantity_element(Quantity whole, int row, int col);

/* True for parameters (weights and biases), which `set` changes and `use` cannot. */
bool quantity_is_parameter(Quantity q);

/* The quantity feeding input k of layer l: x[k] for layer 1, else a_(l-1)[k]. */
Quantity quantity_layer_input(int layer, int k);

/* A weight's or bias's value after the update (w1 -> w1_new). */
Quantity quantity_updated(Quantity parameter);

/* True for the optimizer's state and what is worked out from it (v_w1,
 * v_w1_new, m̂_w1); quantity_state_parameter gives the weight or bias it
 * belongs to (v_w1 -> w1). */
bool quantity_is_state(Quantity q);
Quantity quantity_state_parameter(Quantity state);

/* The state value `slot` of `parameter` (a weight or bias): before this
 * step, after it, or adam's corrected one (kind Q_STATE_WEIGHT,
 * Q_NEW_STATE_WEIGHT or Q_HAT_WEIGHT; the bias kind follows the parameter). */
Quantity quantity_state_of(QuantityKind kind, Quantity parameter, int slot);

/* True for what the derivation computes (z, a, L, derivatives, updated
 * parameters), as opposed to what the learner gives (x, t, W, b, lr). */
bool quantity_is_computed(Quantity q);

/* The preferred name, e.g. "dL/dw1" or "W1[2,1]"; the optimizer's state
 * and settings are named by quantity_optimizer_name. */
void quantity_name(const Net *net, Quantity q, char *out, size_t size);

/* The preferred name of any quantity under `optimizer` (NULL: sgd):
 * "v_w1", "cache_W1[2,1]_new", "m̂_b", "β1", "t", or quantity_name's. */
void quantity_optimizer_name(const Net *net, const struct Optimizer *optimizer, Quantity q, char *out, size_t size);

/* Parses any accepted name; the state's names are those of `optimizer`
 * (NULL: sgd, which keeps none).  With `use_bias` false, bias names are
 * refused.  On failure sets `error` to one line that lists valid names,
 * with the nearest one where a name is close. */
bool quantity_parse(const Net *net, bool use_bias, const struct Optimizer *optimizer, const char *text, Quantity *q,
                    Error *error);

/* Like quantity_parse, for commands that take only computed quantities
 * (check, explain): an unknown name is answered with the computed names. */
bool quantity_parse_computed(const Net *net, bool use_bias, const struct Optimizer *optimizer, const char *text,
                             Quantity *q, Error *error);

/* A one-line summary of the computed quantities, for error messages. */
void quantity_computed_summary(const Net *net, bool use_bias, const struct Optimizer *optimizer, char *out,
                               size_t size);

/* Calls visit(name) for every preferred name of this network (and of its
 * optimizer's state), whole objects first, then elements.  Used by Tab
 * completion and by suggestions. */
void quantity_each_name(const Net *net, bool use_bias, const struct Optimizer *optimizer,
                        void (*visit)(const char *name, void *context), void *context);

/* The closest preferred name to `text` (edit distance), or "" if none is close. */
void quantity_nearest(const Net *net, bool use_bias, const struct Optimizer *optimizer, const char *text, char *out,
                      size_t size);

/* A one-line summary of the names this network has, for error messages. */
void quantity_summary(const Net *net, bool use_bias, char *out, size_t size);

/* Edit distance between two strings (used for command suggestions too). */
int edit_distance(const char *a, const char *b);

#endif
