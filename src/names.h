/* names: what the names a learner types mean, in either mode.
 *
 * In network mode a name is a part of the network or of its derivation
 * (W1[2,1], z, dL/dw1; see quantity.h); in expression mode it is a node of
 * the expression graph or a derivative between nodes (x, g, dy/dx, dg/dx;
 * see graph.h).  Narration, completion, `show`, `check` and the "did you
 * mean" lists all ask here, so they cannot drift apart. */
#ifndef BACKSTEP_NAMES_H
#define BACKSTEP_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "net.h"
#include "quantity.h"

struct Graph;

struct Loss;
struct OptimizerState;

typedef struct {
    const Net *net;              /* network mode: the network (NULL before `network`) */
    bool use_bias;               /* network mode: the network has biases */
    const struct Graph *graph;   /* expression mode: the graph; net is then NULL */
    const struct Loss *loss;     /* network mode: the loss, for narration's words; may be NULL */
    const struct OptimizerState *optimizer;   /* network mode: whose state has names (v_w1); NULL: sgd */
} Names;

/* q's preferred name, as narration writes it. */
void names_name(Names names, Quantity q, char *out, size_t size);

/* Parses any accepted name; on failure `error` gets one line listing valid
 * names, with the nearest one where a name is close. */
bool names_parse(Names names, const char *text, Quantity *q, Error *error);

/* Like names_parse, for what the derivation computes (check, explain). */
bool names_parse_computed(Names names, const char *text, Quantity *q, Error *error);

/* Rows and columns of q (1 and 1 for one number). */
void names_shape(Names names, Quantity q, int *rows, int *cols);

/* Calls visit(name) for every preferred name, for completion and suggestions. */
void names_each(Names names, void (*visit)(const char *name, void *context), void *context);

/* A one-line summary of the computed names, for error messages. */
void names_computed_summary(Names names, char *out, size_t size);

#endif
