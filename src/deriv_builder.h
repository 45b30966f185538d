/* deriv_builder: what a builder of derivations shares with the tape.
 *
 * deriv.c keeps the tape: the ordered steps, the index from a quantity to
 * its step, and the policies every step shares (hand rounding, the
 * learner's own values, hand ranges).  A builder (deriv_network.c, the
 * dense network; deriv_graph.c, an expression graph) writes steps onto it
 * through tape_add_step().  Only the tape and the builders include this
 * header. */
#ifndef BACKSTEP_DERIV_BUILDER_H
#define BACKSTEP_DERIV_BUILDER_H

#include "arena.h"
#include "deriv.h"

/* Kinds whose steps are indexed for lookup by quantity. */
enum { N_INDEXED_KINDS = Q_LOCAL + 1 };

/* The most stages a build records (deriv_network.c): each layer forward,
 * the loss, each layer backward, dL/dx, the update. */
enum { DERIV_MAX_STAGES = 2 * NET_MAX_LAYERS + 3 };

struct Derivation {
    Step *steps;
    int n_steps, capacity;
    int phase_start[N_PHASES + 1];
    int *index[N_INDEXED_KINDS][NET_MAX_LAYERS + 1];  /* step index per element, -1: none */
    int loss_step;
    int sizes[NET_MAX_LAYERS + 1];   /* the network's shape, for index lookups; an
                                        expression graph's node count in sizes[0] */
    char *problem;                   /* see deriv_problem() */
    Arena arena;
    /* the stages recorded, in order: stage s ends before step stage_end[s],
     * and stage_whole[s] when none of its steps was left out */
    int n_stages;
    int stage_end[DERIV_MAX_STAGES];
    bool stage_whole[DERIV_MAX_STAGES];
};

typedef struct {
    const DerivationSpec *spec;
    const Net *net;
    Derivation *d;
    const Quantity *only;   /* deriv_build_part: the quantity asked for, or NULL for every step */
} Builder;

enum { TEMPLATE_MAX = 16384 };

typedef struct {
    Quantity what;
    Phase phase;
    const char *chain;     /* copied into the arena */
    const char *formula;   /* copied */
    int n_operands;
    const Operand *operands;
    double computed;
    Interval range;        /* the step's function over its operands' ranges */
    StepKind kind;
} StepDraft;

/* The builders: a dense network's (deriv_network.c), an expression graph's
 * (deriv_graph.c).  deriv_build_part() calls the one the spec asks for; the
 * network's takes its `only` and `reuse`. */
Derivation *deriv_build_network(const DerivationSpec *spec, const Quantity *only, const Derivation *reuse);
Derivation *deriv_build_graph(const DerivationSpec *spec);

/* Whether the spec's optimizer keeps state (momentum, rmsprop, adam):
 * then its update is update_with_optimizer's (deriv_update.c), else
 * sgd's θ ← θ − lr × dL/dθ. */
bool update_has_state(const DerivationSpec *spec);

/* Records one parameter's update by the spec's optimizer: the new state,
 * adam's corrected state, then the new value of `param` (a weight or bias,
 * not frozen) from its `gradient`.  `first` marks the update's first step. */
void update_with_optimizer(Builder *b, Quantity param, Quantity gradient, bool first);

/* Records why the derivation stops short (see deriv_problem()). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void deriv_set_problem(Builder *b, const char *format, ...);

/* Appends printf-style text to a template buffer of TEMPLATE_MAX bytes. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void template_append(char *buffer, const char *format, ...);

/* q's name, as narration writes it, copied into the derivation's arena. */
char *tape_name(Builder *b, Quantity q);

/* The value of q as carried at this point of the derivation: a parameter,
 * the sample, the learning rate, or an earlier step's carried value. */
Operand tape_operand(const Builder *b, Quantity q);

/* Records a step: applies the learner's value or hand rounding, bounds
 * its hand range, indexes it, and returns the value it carries forward. */
double tape_add_step(Builder *b, const StepDraft *draft);

/* Records a step as another derivation of the same spec recorded it
 * (deriv_build_part's reuse); its text and operands stay that one's. */
void tape_copy_step(Builder *b, const Step *step);

/* How many of `base`'s steps come before the first one that spec's
 * overrides would change: one they override differently, or one that
 * base overrides and they do not. */
int tape_steps_unchanged(const Derivation *base, const DerivationSpec *spec);

/* A product inside a sum, as it may be written down before it is added. */
Interval written_term(const Builder *b, Interval term);

/* Records on the step just added what writing each product of its sum
 * down can add to its value. */
void mark_products_written(Builder *b);

/* The values reached working an activation out through its parts (σ
 * through e^(−z)) for z in the range, or `value` when it has none. */
Interval activation_parts(const Builder *b, const Activation *activation, Interval z, Interval value);

#endif
