/* optimizer: the rules that turn a gradient into a step, one table row each.
 *
 * Every optimizer is written as seed 001 writes it, for one parameter θ
 * with gradient g and learning rate lr:
 *   sgd       θ ← θ − lr × g
 *   momentum  v ← β × v − lr × g;  θ ← θ + v
 *   rmsprop   cache ← ρ × cache + (1 − ρ) × g²;  θ ← θ − lr × g / (√cache + 1e-8)
 *   adam      m ← β1 × m + (1 − β1) × g;  v ← β2 × v + (1 − β2) × g²;
 *             m̂ = m / (1 − β1^t);  v̂ = v / (1 − β2^t);  θ ← θ − lr × m̂ / (√v̂ + ε)
 * with t the number of the step, from 1.  The state (v, cache, m and v)
 * starts at 0 for every parameter.  Training's fast path calls `step`;
 * the narrated update writes the same arithmetic out, and a test proves
 * the two agree to the last bit. */
#ifndef BACKSTEP_OPTIMIZER_H
#define BACKSTEP_OPTIMIZER_H

#include <stdbool.h>

#include "error.h"
#include "net.h"

enum {
    OPTIMIZER_MAX_SETTINGS = 3,   /* adam's β1, β2, ε */
    OPTIMIZER_MAX_STATE = 2,      /* adam's m and v */
};

/* One number an optimizer is tuned by: momentum's β. */
typedef struct {
    const char *name;         /* as narration writes it: "β1" */
    const char *ascii_name;   /* "beta1" */
    double usual;             /* the value when none is given */
    double least, most;       /* accepted from least to most */
    bool least_included, most_included;
} OptimizerSetting;

typedef struct Optimizer {
    const char *name;                    /* "adam" */
    const char *summary;                 /* for help */
    int n_settings;
    OptimizerSetting settings[OPTIMIZER_MAX_SETTINGS];
    int n_state;                         /* values kept per parameter from step to step */
    const char *state_names[OPTIMIZER_MAX_STATE];   /* "v"; "cache"; "m", "v" */
    /* One step of one parameter: updates its state[0 .. n_state) and
     * returns its new value.  t counts steps from 1. */
    double (*step)(const double *settings, double *state, double parameter, double gradient, double rate, long t);
    bool bias_corrected;   /* adam: its step reads m̂ and v̂, state[s] / (1 − settings[s]^t) */
} Optimizer;

extern const Optimizer OPTIMIZERS[];
extern const int N_OPTIMIZERS;
enum { N_OPTIMIZERS_MAX = 16 };   /* room for every row of OPTIMIZERS */

/* The row named `name`, or NULL. */
const Optimizer *optimizer_find(const char *name);

/* The optimizer as a session chose it, with the state it carries. */
typedef struct OptimizerState {
    const Optimizer *optimizer;
    double settings[OPTIMIZER_MAX_SETTINGS];
    long steps;   /* steps taken so far: the next is step steps + 1 */
    /* state[s][l]: state value s of every weight of layer l (same layout as
     * Net.weights), then of every bias (sizes[l] more values); NULL until
     * the first step, and for optimizers without state */
    double *state[OPTIMIZER_MAX_STATE][NET_MAX_LAYERS + 1];
} OptimizerState;

/* Chooses `optimizer` with its settings (usual ones where `given` is
 * shorter than n_settings), its state at 0.  False with `error` set,
 * changing nothing, when a setting is out of range. */
bool optimizer_choose(OptimizerState *state, const Optimizer *optimizer, const double *given, int n_given,
                      Error *error);

/* Puts the state back to 0 (a new network, new weights): frees it. */
void optimizer_reset(OptimizerState *state);

/* Makes sure the state arrays exist for `net` (zeros); false when memory runs out. */
bool optimizer_prepare(OptimizerState *state, const Net *net);

/* State value s of the parameter at (layer, index): index as in Net.weights,
 * or sizes[l-1] * sizes[l] + j for bias j.  0 before any step. */
double optimizer_state_value(const OptimizerState *state, int s, int layer, int index);

/* A deep copy of the state into `to` (freed first); false when memory runs out. */
bool optimizer_copy(OptimizerState *to, const OptimizerState *from, const Net *net);

/* "adam (β1 = 0.9, β2 = 0.999, ε = 1e-8)" */
void optimizer_describe(const OptimizerState *state, bool ascii, char *out, int size);

#endif
