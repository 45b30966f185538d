/* graph: the expression graph of expression mode.
 *
 * A learner defines nodes one formula at a time (`expr g = 3x + 2`,
 * `expr y = g^2`).  A name a formula uses that no line defined is an
 * input, given with `set x 2` before or after.  The last node defined is
 * the output.  Defining a name again makes a new node from the old one,
 * as in Python (`expr c = c + 1`): the earlier node keeps its place and is
 * then written c_1 (c_2, ... for later ones), the newest is plain c.
 *
 * Quantities (see quantity.h): an input is Q_INPUT, a defined node Q_NODE,
 * the output's derivative with respect to node i Q_GRADIENT (dy/dx), and
 * the local factor between node i and its operand node k Q_LOCAL (dg/dx);
 * row (and col) are node indexes.  When a local factor's node is the output
 * it is written ∂y/∂g, unless g feeds nothing else on the way to the output:
 * then it is dy/dg itself.
 * Nothing here prints; the derivation (deriv_graph.c) computes. */
#ifndef BACKSTEP_GRAPH_H
#define BACKSTEP_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "formula.h"
#include "quantity.h"

/* A name has at most GRAPH_NAME_MAX characters, so that a derivative's
 * name (∂name_12/∂name_3) fits NAME_MAX and a label a picture's box. */
enum { GRAPH_MAX_NODES = 64, GRAPH_NAME_MAX = 24, GRAPH_LABEL_MAX = FORMULA_NAME_MAX + 8 };

typedef struct {
    char name[FORMULA_NAME_MAX];     /* as typed: c */
    bool is_input;
    bool has_value;                  /* an input that was given a value */
    double value;                    /* an input's value */
    const char *text;                /* a defined node's formula as typed */
    const Formula *formula;          /* a defined node's formula; its names are the operands */
    int n_operands;
    int operands[FORMULA_MAX_NAMES]; /* node index of the formula's name i */
    const Formula *local[FORMULA_MAX_NAMES];   /* d formula / d (name i), simplified */
} GraphNode;

typedef struct Graph {
    GraphNode nodes[GRAPH_MAX_NODES];   /* in the order they were made: operands come first */
    int n_nodes;
    Arena arena;                        /* formulas and texts */
} Graph;

/* A new, empty graph; free with graph_free(), which accepts NULL. */
Graph *graph_new(void);
void graph_free(Graph *graph);

/* Defines NAME by a formula.  Names the formula uses are nodes as labelled
 * (c is the newest c, c_1 the earlier one), or new inputs.  False with
 * error set, and the graph unchanged, on a bad name or formula, when the
 * graph is full, or when two nodes would share a label (`expr c_1 = 5`
 * while c_1 is an earlier c). */
bool graph_define(Graph *graph, const char *name, const char *formula, Error *error);

/* Gives input NAME (a label: x, or x_1 for an input a node x shadows) a
 * value, making the input if no formula uses it yet.  False with error
 * set, changing nothing, when NAME is a defined node. */
bool graph_set_input(Graph *graph, const char *name, double value, Error *error);

/* The output node (the last defined), or -1 when none is defined. */
int graph_output(const Graph *graph);

/* Node i's formula as narration writes it, its operands' names put in
 * ("3x + 2"); "" for an input. */
void graph_formula_text(const Graph *graph, int node, char *out, size_t size);

/* The newest node called name, or -1. */
int graph_find(const Graph *graph, const char *name);

/* Node i as narration writes it: c, or c_1 for an earlier c. */
void graph_label(const Graph *graph, int node, char *out, size_t size);

/* True when node `from` is one of node `to`'s operands. */
bool graph_feeds(const Graph *graph, int from, int to);


/* True when node i is the output or feeds it, directly or not. */
bool graph_reaches_output(const Graph *graph, int node);

/* The number of nodes that use node i and reach the output: the paths
 * its derivative sums over. */
int graph_n_paths(const Graph *graph, int node);

/* True when q's local factor is narrated as the gradient itself: its node
 * is the output and its operand feeds nothing else. */
bool graph_local_is_gradient(const Graph *graph, Quantity q);

/* False with error set saying why q, the derivative or a local factor of a
 * node the output does not use, has no step: "h does not lead to the output
 * y, so dy/dh is 0 and the backward pass skips it". */
bool graph_unused(const Graph *graph, Quantity q, Error *error);

/* The local factor between node i and its operand node k as the
 * derivation files it: Q_LOCAL, or the output's only factor for k,
 * dy/dk itself (Q_GRADIENT). */
Quantity graph_local(const Graph *graph, int node, int operand);

/* Names, as names.h asks them of a graph. */
void graph_quantity_name(const Graph *graph, Quantity q, char *out, size_t size);
bool graph_parse(const Graph *graph, const char *text, bool computed_only, Quantity *q, Error *error);
void graph_each_name(const Graph *graph, void (*visit)(const char *name, void *context), void *context);
void graph_summary(const Graph *graph, bool computed_only, char *out, size_t size);

#endif
