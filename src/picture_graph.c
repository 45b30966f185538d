/* picture_graph: an expression graph as a Picture (see picture.h).
 *
 * Columns from left to right by depth: the inputs, then each node one
 * column after the deepest of its operands, so the output comes last.  A
 * node's box shows its formula (3x + 2) where that is short, else its
 * top operation.  As for a network, a number appears once narration has
 * reached it: values on the way forward, gradients dy/d(node) on the way
 * back.  Nodes that do not reach the output (an earlier c, once c is
 * defined again and no longer used) are left out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "picture.h"
#include "session.h"

enum { SHORT_FORMULA = 14 };   /* columns of a formula shown whole in its box */

/* The value of the step computing q, if narration has reached it. */
static bool narrated(const Derivation *d, int narrated_steps, Quantity q, double *value)
{
    const Step *step = d ? deriv_find(d, q) : NULL;
    if (!step || deriv_step_index(d, step) >= narrated_steps)
        return false;
    *value = step->value;
    return true;
}

/* Columns a UTF-8 text takes (each character one). */
static size_t columns(const char *text)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

/* What the node's box says it computes. */
static void operation_of(const Graph *graph, int i, char *out, size_t size)
{
    const GraphNode *node = &graph->nodes[i];
    char formula[256];
    graph_formula_text(graph, i, formula, sizeof formula);
    if (columns(formula) <= SHORT_FORMULA && strlen(formula) < size) {
        snprintf(out, size, "%s", formula);
        return;
    }
    static const char *const SYMBOLS[] = {
        [FORMULA_NUMBER] = "", [FORMULA_NAME] = "=", [FORMULA_NEGATE] = "−", [FORMULA_ADD] = "+",
        [FORMULA_SUBTRACT] = "−", [FORMULA_MULTIPLY] = "×", [FORMULA_DIVIDE] = "/", [FORMULA_POWER] = "^",
        [FORMULA_CALL] = "",
    };
    const Formula *f = node->formula;
    snprintf(out, size, "%s", f->kind == FORMULA_CALL ? f->function->written : SYMBOLS[f->kind]);
}

bool picture_of_graph(Session *session, Picture *picture, Error *error)
{
    const Graph *graph = session->graph;
    int output = graph_output(graph);
    if (output < 0)
        return error_set(error, "there is no formula yet: define one, such as `expr y = (3x + 2)^2`");
    /* with an input still unset there are no numbers yet, but the graph can be drawn */
    Error why = {""};
    const Derivation *d = session_derivation(session, &why);
    int steps = d ? session->position : 0;
    char label[GRAPH_LABEL_MAX];
    graph_label(graph, output, label, sizeof label);
    snprintf(picture->title, sizeof picture->title, "expression graph, output %s", label);

    int column[GRAPH_MAX_NODES], index[GRAPH_MAX_NODES];
    bool backward_begun = d && steps > deriv_phase_start(d, PHASE_BACKWARD);
    for (int i = 0; i < graph->n_nodes; i++) {
        const GraphNode *node = &graph->nodes[i];
        index[i] = -1;
        column[i] = 0;
        if (!graph_reaches_output(graph, i))
            continue;
        for (int k = 0; k < node->n_operands; k++)
            if (column[node->operands[k]] + 1 > column[i])
                column[i] = column[node->operands[k]] + 1;
        PictureNode box = {.column = column[i], .is_output = i == output};
        graph_label(graph, i, box.name, sizeof box.name);
        if (node->is_input) {
            box.value = node->value;
            box.has_value = node->has_value;
        } else {
            operation_of(graph, i, box.operation, sizeof box.operation);
            box.has_value = narrated(d, steps, (Quantity){Q_NODE, 0, i, 0, 0}, &box.value);
        }
        if (i == output) {
            box.gradient = 1;
            box.has_gradient = backward_begun;
        } else {
            box.has_gradient = narrated(d, steps, (Quantity){Q_GRADIENT, 0, i, 0, 0}, &box.gradient);
        }
        if ((index[i] = picture_add_node(picture, &box)) < 0)
            return error_set(error, "out of memory while drawing the graph");
    }
    for (int i = 0; i < graph->n_nodes; i++)
        for (int k = 0; k < graph->nodes[i].n_operands && index[i] >= 0; k++)
            if (!picture_add_edge(picture, index[graph->nodes[i].operands[k]], index[i], NULL))
                return error_set(error, "out of memory while drawing the graph");
    const char *note = steps == 0           ? "Nothing computed yet: `forward` fills in the values."
                       : !backward_begun    ? "Values as far as narration has gone; `backward` adds the gradients."
                       : steps < deriv_n_steps(d) ? "Gradients as far as the backward pass has gone."
                                                  : "Every value and gradient of the pass.";
    if (d)
        snprintf(picture->note, sizeof picture->note, "%s", note);
    else   /* why there are no numbers: an input with no value, or a formula undefined at them */
        snprintf(picture->note, sizeof picture->note, "No numbers yet: %s.", why.message);
    return true;
}
