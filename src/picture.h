/* picture: a computation graph as plain data, and its renderers.
 *
 * A Picture is what `draw` shows: nodes (an input, a parameter, or what
 * an operation computes, with its value and, after the backward pass, its
 * gradient dL/d(node)) and the edges between them.  Each kind of model
 * fills one (picture_of_network for a network); the renderers never ask
 * which kind it was.  Builders only fill data: nothing here prints except
 * the two renderers, picture_draw (boxes and lines in a terminal, in the
 * manner of CS231n's circuit diagrams) and picture_write_dot (Graphviz). */
#ifndef BACKSTEP_PICTURE_H
#define BACKSTEP_PICTURE_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "narrate.h"

enum {
    PICTURE_NAME_MAX = 32,
    PICTURE_OPERATION_MAX = 24,
    PICTURE_LABEL_MAX = 48,
    PICTURE_TEXT_MAX = 160,
};

typedef struct {
    char name[PICTURE_NAME_MAX];           /* as narration writes it: x1, z1[2], a, L, g */
    char operation[PICTURE_OPERATION_MAX]; /* what it computes, shown in its box: "×", "+", "σ", "^2";
                                              "" for inputs and parameters */
    double value;
    bool has_value;                        /* the forward pass has reached it */
    double gradient;                       /* dL/d(this node) */
    bool has_gradient;                     /* the backward pass has reached it */
    int column;                            /* layout column: 0 leftmost (inputs); edges go rightwards */
    bool is_output;                        /* what the graph computes (L, or y) */
    bool is_parameter;                     /* a weight, a bias: drawn with rounded corners */
} PictureNode;

typedef struct {
    int from, to;                          /* node indexes; from's column < to's column */
    char label[PICTURE_LABEL_MAX];         /* optional ("w1 = 0.5"); written in DOT only */
} PictureEdge;

typedef struct {
    PictureNode *nodes;
    int n_nodes;
    PictureEdge *edges;
    int n_edges;
    int nodes_capacity, edges_capacity;    /* allocated; only the picture_ functions use these */
    char title[PICTURE_TEXT_MAX];          /* first line: what is drawn ("network 2-1, sigmoid") */
    char note[PICTURE_TEXT_MAX];           /* a line after the picture, or "" */
} Picture;

/* A new, empty picture with `title`.  Returns NULL when memory runs out.
 * Free with picture_free(), which accepts NULL. */
Picture *picture_new(const char *title);
void picture_free(Picture *picture);

/* Appends a copy of `node`; returns its index, or -1 when memory runs out. */
int picture_add_node(Picture *picture, const PictureNode *node);

/* Appends an edge from node `from` to node `to` with an optional label
 * (NULL or ""); false when memory runs out or an index is out of range. */
bool picture_add_edge(Picture *picture, int from, int to, const char *label);

/* The text of a node's value ("= 1.4", "≈ 0.8022") or gradient ("∇ ≈ −0.1978"),
 * numbers through narr_number, so they read as narration writes them. */
void picture_value_text(const Style *style, const PictureNode *node, char *out, size_t size);
void picture_gradient_text(const Style *style, const PictureNode *node, char *out, size_t size);

/* True when picture_draw can draw the picture as boxes and lines within
 * style->width columns (80 when the width is 0); otherwise it falls back
 * to a table, column by column. */
bool picture_fits(const Style *style, const Picture *picture);

/* Draws the picture on out: the title, a legend, then boxes and lines
 * left to right, or a table column by column when they do not fit, then
 * the note.  Never wider than style->width (80 when 0).  UTF-8 box
 * drawing, or + - | with style->ascii; colour with style->color. */
void picture_draw(FILE *out, const Style *style, const Picture *picture);

/* Writes the picture as a Graphviz digraph (rankdir=LR), each node
 * labelled with its name, operation, value and gradient, for `dot -Tsvg`.
 * Numbers are written as style says (its ascii and color are ignored: DOT
 * is UTF-8).  False with `error` set when a write fails. */
bool picture_write_dot(FILE *out, const Style *style, const Picture *picture, Error *error);

struct Session;

/* What a network's picture shows of each neuron. */
typedef enum {
    PICTURE_SUMS_AND_ACTIVATIONS,   /* z and a as two nodes: x → z (Σ) → a (σ) → L */
    PICTURE_NEURONS,                /* one node a neuron, z folded in: x → a (σ) → L */
} PictureDetail;

/* Fills the empty `picture` with the session's network as far as the pass
 * has been narrated: inputs x, each neuron's z (with `detail` so) and a,
 * the targets t and the loss L; values once the forward pass has reached
 * them, gradients dL/dz, dL/da (and dL/dx) once the backward pass has;
 * weights label the edges.  After an update it shows the pass just
 * completed.  False with `error` set when there is no network, or memory
 * runs out. */
bool picture_of_network(struct Session *session, PictureDetail detail, Picture *picture, Error *error);

/* Fills the empty `picture` with the session's expression graph: each
 * input and each node that reaches the output, left to right by depth,
 * with values and gradients dy/d(node) as far as narration has gone.
 * False with `error` set when there is no formula yet. */
bool picture_of_graph(struct Session *session, Picture *picture, Error *error);

#endif
