/* grade_graph: the common mistakes of the chain rule on an expression
 * graph (see grade.h and graph.h), tried on a derivation as grade.c tries
 * a network's:
 *   - a local factor left out of a chain (taken as 1);
 *   - one path of a fork left out (its local factor taken as 0);
 *   - a local factor's rule applied at another node's value;
 *   - the value of another node or input. */
#include "grade_internal.h"

#include <math.h>
#include <string.h>

#include "graph.h"

/* The node whose derivative q is, or -1. */
static int gradient_node(Quantity q) { return q.kind == Q_GRADIENT ? q.row : -1; }

/* The local factor between node c and its operand u, as the derivation
 * files it (the output's only factor for u is dy/du itself). */
static Quantity local_of(const Graph *graph, int c, int u)
{
    Quantity local = {Q_LOCAL, 0, c, u};
    return graph_local_is_gradient(graph, local) ? (Quantity){Q_GRADIENT, 0, u, 0} : local;
}

/* Marks in `above` node v and every node that uses it, directly or not. */
static void mark_above(const Graph *graph, int v, bool *above)
{
    memset(above, 0, sizeof *above * GRAPH_MAX_NODES);
    above[v] = true;
    for (int c = v + 1; c < graph->n_nodes; c++)
        for (int u = v; u < c && !above[c]; u++)
            if (above[u] && graph_feeds(graph, u, c))
                above[c] = true;
}

/* Every local factor on the way from v up to the output: left out of the
 * chain (taken as 1), or, where a node forks, its path left out (as 0). */
static bool try_factors(Grader *g, const Derivation *w, bool learner_world, int v)
{
    const Graph *graph = g->base->graph;
    bool above[GRAPH_MAX_NODES];
    mark_above(graph, v, above);
    for (int c = graph->n_nodes - 1; c > v; c--)
        for (int u = v; u < c; u++) {
            if (!above[u] || !graph_feeds(graph, u, c))
                continue;
            Quantity local = local_of(graph, c, u);
            const Step *step = deriv_find(w, local);
            if (!step)
                continue;
            Override left_out = {local, 1.0};
            if (step->value != 1.0 &&
                grader_accept_rebuilt(g, learner_world, MISTAKE_FACTOR_LEFT_OUT, &local, &left_out, 1))
                return true;
            Override no_path = {local, 0.0};
            if (graph_n_paths(graph, u) > 1 && step->value != 0.0 &&
                grader_accept_rebuilt(g, learner_world, MISTAKE_PATH_LEFT_OUT, &local, &no_path, 1))
                return true;
        }
    return false;
}

/* The value a node has in w: an input's, or its step's. */
static bool node_value(const Graph *graph, const Derivation *w, int node, double *value)
{
    if (graph->nodes[node].is_input) {
        *value = graph->nodes[node].value;
        return true;
    }
    const Step *step = deriv_find(w, (Quantity){Q_NODE, 0, node, 0});
    if (step)
        *value = step->value;
    return step != NULL;
}

/* A local factor dc/du whose rule reads u, worked out at another node's value. */
static bool try_wrong_point(Grader *g, const Derivation *w)
{
    const Graph *graph = g->base->graph;
    int c = g->q.kind == Q_LOCAL ? g->q.row : gradient_node(g->q) >= 0 ? graph_output(graph) : -1;
    int u = g->q.kind == Q_LOCAL ? g->q.col : g->q.row;
    if (c < 0 || !graph_feeds(graph, u, c) || graph->nodes[c].is_input)
        return false;
    const GraphNode *node = &graph->nodes[c];
    double values[FORMULA_MAX_NAMES];
    int slot = -1;
    for (int k = 0; k < node->n_operands; k++) {
        if (!node_value(graph, w, node->operands[k], &values[k]))
            return false;
        if (node->operands[k] == u)
            slot = k;
    }
    for (int k = 0; k < node->n_operands; k++) {
        double own = values[k];
        for (int m = 0; m < graph->n_nodes; m++) {
            double elsewhere, at;
            if (m == node->operands[k] || !node_value(graph, w, m, &elsewhere) || elsewhere == own)
                continue;
            values[k] = elsewhere;
            Quantity other = {graph->nodes[m].is_input ? Q_INPUT : Q_NODE, 0, m, 0};
            if (formula_evaluate(node->local[slot], values, &at, NULL) &&
                grader_accept(g, MISTAKE_WRONG_POINT, &other, at, interval_point(at)))
                return true;
        }
        values[k] = own;
    }
    return false;
}

/* The value of another node, input or derivative. */
static bool try_other_values(Grader *g, const Derivation *w)
{
    const Graph *graph = g->base->graph;
    Closest closest = {{0}, 0, INFINITY};
    for (int i = 0; i < deriv_n_steps(w); i++) {
        const Step *step = deriv_step(w, i);
        if (!quantity_equal(step->what, g->q))
            grader_consider(g, &closest, step->what, step->value, step->range);
    }
    for (int i = 0; i < graph->n_nodes; i++)
        if (graph->nodes[i].is_input)
            grader_consider(g, &closest, (Quantity){Q_INPUT, 0, i, 0}, graph->nodes[i].value,
                            interval_point(graph->nodes[i].value));
    if (closest.distance == INFINITY)
        return false;
    return grader_accept(g, MISTAKE_OTHER_QUANTITY, &closest.what, closest.value, interval_point(closest.value));
}

bool grade_graph_diagnose(Grader *g, const Derivation *w, bool learner_world)
{
    int v = gradient_node(g->q);
    if (v >= 0 && try_factors(g, w, learner_world, v))
        return true;
    if (try_wrong_point(g, w))
        return true;
    return try_other_values(g, w);
}
