/* deriv: the derivation, an ordered record of one pass.
 *
 * deriv_build() runs a network's forward pass, loss, backward pass and
 * update for one sample, or an expression graph's forward and backward
 * passes, and records every quantity as a Step: its formula
 * (a template over named operands), the operands' values as carried into
 * it, the value computed from them, and the value carried forward.  In
 * hand mode (round_digits > 0) each carried value is rounded to that many
 * significant digits, as on paper; a `use` override replaces a carried
 * value with the learner's own.  The engine never prints: narration,
 * stepping, show and expect all read this one list. */
#ifndef BACKSTEP_DERIV_H
#define BACKSTEP_DERIV_H

#include <stdbool.h>

#include "functions.h"
#include "interval.h"
#include "net.h"
#include "names.h"
#include "quantity.h"

typedef enum {
    PHASE_FORWARD,
    PHASE_LOSS,
    PHASE_BACKWARD,
    PHASE_UPDATE,
} Phase;
enum { N_PHASES = 4 };

/* A learner's own value for an intermediate quantity. */
typedef struct {
    Quantity what;
    double value;
} Override;

typedef struct {
    Quantity what;
    double value;          /* as carried into the step */
    Interval range;        /* what a hand computation may carry instead (see range_digits) */
    double partial;        /* d(the step's value)/d(this operand), for hand ranges */
} Operand;

/* What a step is an instance of, where narration has words for it: a
 * heading before it (the first step of a layer's forward pass, of the
 * loss, ...) or a remark after it.  The engine records what a step is;
 * narration (narrate_headings.c) alone says it. */
typedef enum {
    STEP_PLAIN,
    STEP_NET_FORWARD,          /* the first z of a layer */
    STEP_NET_PREDICTION,       /* the output a of a network with one output: the prediction ŷ */
    STEP_NET_LOSS,             /* the loss */
    STEP_NET_OUTPUT,           /* the first dL/da of the output layer */
    STEP_NET_OUTPUT_SHORTCUT,  /* the first dL/dz of softmax with cross-entropy: a − t */
    STEP_NET_SOFTMAX_SLOPES,   /* the first dL/dz of a softmax layer reached through dL/da */
    STEP_NET_HIDDEN,           /* the first dL/da of a hidden layer */
    STEP_NET_INPUTS,           /* the first dL/dx */
    STEP_NET_UPDATE,           /* the first update */
    STEP_GRAPH_FORWARD,     /* an expression's first forward step */
    STEP_GRAPH_BACKWARD,    /* an expression's first backward step */
    STEP_GATE_ADD,          /* the last local factor of an add of two nodes */
    STEP_GATE_MULTIPLY,     /* ... of a multiply of two nodes */
    STEP_GATE_ROUTE,        /* ... of a max or min of two nodes */
    STEP_PATHS_SUM,         /* a derivative summed over the paths from a node that feeds several */
} StepKind;

typedef struct {
    Quantity what;         /* for update steps: the parameter being updated */
    Phase phase;
    const char *chain;     /* the chain rule in symbols (dL/da × da/dz × dz/dw1), or NULL */
    const char *formula;   /* template: {i} stands for operands[i] */
    int n_operands;
    Operand *operands;
    double computed;       /* exact value from the operands */
    double value;          /* carried forward: hand-rounded, or the learner's value */
    bool overridden;       /* value is the learner's (`use`) */
    bool uses_override;    /* some operand depends on a learner's value */
    Quantity override_source;  /* the first such learner's value, if uses_override */
    Interval range;        /* every value a hand computation at range_digits digits can reach */
    double before;         /* update steps: the parameter's old value */
    bool frozen;           /* update steps: the parameter keeps its value */
    bool writes_change;    /* sgd's update: lr × dL/dθ is written down before it is subtracted */
    Interval written_inside;  /* what writing down on the way (each product of a sum, a function's
                                 parts) can add to the value, at range_digits */
    double inside_variance;   /* the variance of that, as people write (interval_writing_spread) */
    double inside_cut_shift;  /* its mean when every part is cut off */
    StepKind kind;         /* what narration may say of it beyond its line */
    bool clamped;          /* a probability at the edge of (0, 1) was taken 1e-12 inside it */
} Step;

typedef struct {
    const Net *net;
    const double *input;        /* x, net_n_inputs values */
    const double *target;       /* t, net_n_outputs values */
    const Loss *loss;
    double learning_rate;
    bool use_bias;
    int round_digits;           /* 0: exact arithmetic; N: hand rounding to N digits */
    bool round_places;          /* round_digits counts decimal places, not significant digits */
    const Override *overrides;
    int n_overrides;
    /* With N > 0, each step's range holds every value a learner can reach
     * who rounds (or cuts off) every intermediate at N significant digits;
     * the learner's own values count as exact.  With 0, the range is the
     * carried value alone. */
    int range_digits;
    /* Expression mode: the graph, whose inputs carry their values; then
     * net, input, target and loss are not used. */
    const struct Graph *graph;
    /* The optimizer whose step the update narrates, with its state before
     * this step (steps taken so far: this is step steps + 1); NULL or sgd:
     * θ ← θ − lr × dL/dθ. */
    const struct OptimizerState *optimizer;
} DerivationSpec;

typedef struct Derivation Derivation;

/* Builds the whole derivation.  Returns NULL only when memory runs out, or
 * when Ctrl-C asked to stop (interrupt_requested()).
 * Free with deriv_free(), which accepts NULL.  The derivation keeps no
 * pointer into spec. */
Derivation *deriv_build(const DerivationSpec *spec);
void deriv_free(Derivation *derivation);

/* Why the derivation stops short (a formula undefined at its numbers:
 * "y: log(−2) is not defined ..."), or NULL when it is whole. */
const char *deriv_problem(const Derivation *derivation);

/* Builds what a question about one quantity needs, as grading does when
 * it asks about one quantity in many variants of one training step:
 *   - with `only`, steps that *only is not computed from may be left out
 *     (other parameters' gradients and updates, dL/dx), and building stops
 *     once *only is recorded.  *only and every step it is computed from
 *     come out as a whole build gives them, in the same order;
 *   - with `reuse`, a derivation built from the same spec but for its
 *     overrides, the steps it recorded before the first one spec's
 *     overrides change are taken from it rather than worked again.  They
 *     share its memory: free the result before `reuse`.
 * Either may be NULL; with both NULL it is deriv_build(). */
Derivation *deriv_build_part(const DerivationSpec *spec, const Quantity *only, const Derivation *reuse);

int deriv_n_steps(const Derivation *derivation);
const Step *deriv_step(const Derivation *derivation, int index);

/* Index of the first step of `phase`; deriv_phase_start(d, N_PHASES) is the
 * number of steps. */
int deriv_phase_start(const Derivation *derivation, Phase phase);

/* The step that computes q (an element of z, a, L, a derivative, or an
 * updated parameter w1_new), or NULL. */
const Step *deriv_find(const Derivation *derivation, Quantity q);

/* The quantity a step computes, as it is asked for: an update step's is
 * the updated parameter (w1_new), or the optimizer's state (v_w1_new, m̂_w1). */
Quantity deriv_step_quantity(const Step *step);

/* True for an update step that gives a parameter its new value (w1_new),
 * as opposed to one of the optimizer's state (v_w1_new, m̂_w1). */
bool deriv_step_updates_parameter(const Step *step);

/* The position of a step in the derivation. */
int deriv_step_index(const Derivation *derivation, const Step *step);

/* Marks in reached[0 .. deriv_n_steps) every step that `step` is computed
 * from, directly or through other steps, and `step` itself. */
void deriv_mark_sources(const Derivation *derivation, const Step *step, bool *reached);


/* The loss L as carried. */
double deriv_loss(const Derivation *derivation);

#endif
