/* quantity_internal: what quantity.c and quantity_state.c share: parsing
 * a name's parts and naming a quantity's base.  Only those two include it. */
#ifndef BACKSTEP_QUANTITY_INTERNAL_H
#define BACKSTEP_QUANTITY_INTERNAL_H

#include "optimizer.h"
#include "quantity.h"

typedef struct {
    const Net *net;
    bool use_bias;
    const Optimizer *optimizer;   /* whose state has names; NULL: sgd */
    const char *text;   /* the whole name as typed, for messages */
    Error *error;
    bool computed_only; /* suggest and list only computed quantities */
} ParseContext;

/* A whole vector or matrix of one element is that element. */
Quantity quantity_collapse_single(const Net *net, Quantity q);

/* Name of a value-kind quantity (x, t, W, b, z, a) without "dL/d". */
void quantity_base_name(const Net *net, QuantityKind kind, int layer, int row, int col, char *out, size_t size);

/* Parses a value name (x, t, w/W, b, z, a, yhat) at *p into q. */
bool quantity_parse_base(const ParseContext *context, const char **p, Quantity *q);

/* Fails with an unknown name's message (and `why`, if given): false. */
bool quantity_fail_unknown(const ParseContext *context, const char *why);

/* True for the weight kind of a pair of state kinds (Q_STATE_WEIGHT ...). */
bool quantity_is_state_weight(QuantityKind kind);

/* Parses the optimizer's state (v_w1, cache_W1[2,1]_new, mhat_b); see quantity_state.c. */
bool quantity_parse_state(const ParseContext *context, char *name, Quantity *q, bool *is_state);

/* Visits the names of a kind of layer `layer` (with `slot`): the whole, or each element. */
void quantity_visit_kind(const Net *net, const Optimizer *optimizer, QuantityKind kind, int layer, int slot,
                         bool elements, void (*visit)(const char *, void *), void *context);

/* Visits the names of the optimizer's state: v_w1, v_w1_new, m̂_w1 and their like. */
void quantity_visit_states(const Net *net, bool use_bias, const Optimizer *optimizer, bool elements,
                           void (*visit)(const char *name, void *context), void *context);

#endif
