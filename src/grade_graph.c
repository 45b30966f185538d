/* grade_graph: the common mistakes of the chain rule on an expression
 * graph (see grade.h and graph.h), tried on a derivation as grade.c tries
 * a network's:
 *   - a local factor left out of a chain (taken as 1);
 *   - one path of a fork left out (its local factor taken as 0);
 *   - a local factor's rule applied at another node's value;
 *   - inside one formula, the chain rule stopped at the outer function, or
 *     the power rule's factor n dropped;
 *   - the value of another node or input. */
#include "grade_internal.h"

#include <math.h>
#include <string.h>

#include "graph.h"
#include "interrupt.h"

/* The node whose derivative q is, or -1. */
static int gradient_node(Quantity q) { return q.kind == Q_GRADIENT ? q.row : -1; }

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
    for (int c = graph->n_nodes - 1; c > v && !interrupt_requested(); c--)
        for (int u = v; u < c; u++) {
            if (!above[u] || !graph_feeds(graph, u, c))
                continue;
            Quantity local = graph_local(graph, c, u);
            const Step *step = deriv_find(w, local);
            if (!step || quantity_equal(local, g->q))   /* q itself is no factor of its own chain */
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
    const Step *step = deriv_find(w, (Quantity){Q_NODE, 0, node, 0, 0});
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
        for (int m = 0; m < graph->n_nodes && !interrupt_requested(); m++) {
            double elsewhere, at;
            if (m == node->operands[k] || !node_value(graph, w, m, &elsewhere) || elsewhere == own)
                continue;
            values[k] = elsewhere;
            Quantity other = {graph->nodes[m].is_input ? Q_INPUT : Q_NODE, 0, m, 0, 0};
            if (formula_evaluate(node->local[slot], values, &at, NULL) &&
                grader_accept(g, MISTAKE_WRONG_POINT, &other, at, interval_point(at)))
                return true;
        }
        values[k] = own;
    }
    return false;
}

/* A node's local factor for its operand slot k as a slip inside its
 * formula gives it: the chain rule stopped at the outer function (a power
 * or a function of an inner formula), or the power rule's n dropped. */
static bool slip_value(const GraphNode *node, int k, Because slip, const double *values, double *out)
{
    const Formula *f = node->formula;
    double local;
    if (!formula_evaluate(node->local[k], values, &local, NULL))
        return false;
    bool power = f->kind == FORMULA_POWER && f->args[1]->kind == FORMULA_NUMBER;
    double n = power ? f->args[1]->number : 0;
    if (slip == MISTAKE_POWER_FACTOR) {
        if (!power || n == 0 || n == 1)
            return false;
        *out = local / n;
        return true;
    }
    const Formula *inner = power ? f->args[0] : f->kind == FORMULA_CALL && f->n_args == 1 ? f->args[0] : NULL;
    if (!inner || inner->kind == FORMULA_NAME || inner->kind == FORMULA_NUMBER || !formula_uses(inner, k))
        return false;
    double u;
    if (!formula_evaluate(inner, values, &u, NULL))
        return false;
    if (power) {
        *out = n * pow(u, n - 1);
    } else {   /* the function's own slope at the inner value, by central differences */
        double h = 1e-6 * fmax(1.0, fabs(u)), up = u + h, down = u - h;
        *out = (f->function->value(&up) - f->function->value(&down)) / (2 * h);
    }
    return isfinite(*out) && *out != local;
}

/* The operands' values of node c in w, for its formulas. */
static bool operand_values(const Graph *graph, const Derivation *w, int c, double *values)
{
    const GraphNode *node = &graph->nodes[c];
    for (int k = 0; k < node->n_operands; k++)
        if (!node_value(graph, w, node->operands[k], &values[k]))
            return false;
    return true;
}

/* Slips inside one formula: q itself a local factor worked with one, or
 * a derivative whose chain carries one. */
static bool try_formula_slips(Grader *g, const Derivation *w, bool learner_world)
{
    static const Because SLIPS[] = {MISTAKE_INNER_LEFT_OUT, MISTAKE_POWER_FACTOR};
    const Graph *graph = g->base->graph;
    int v = gradient_node(g->q);
    bool above[GRAPH_MAX_NODES] = {false};
    if (v >= 0)
        mark_above(graph, v, above);
    for (int c = graph->n_nodes - 1; c >= 0 && !interrupt_requested(); c--) {
        const GraphNode *node = &graph->nodes[c];
        double values[FORMULA_MAX_NAMES];
        if (node->is_input || !operand_values(graph, w, c, values))
            continue;
        for (int k = 0; k < node->n_operands; k++) {
            int u = node->operands[k];
            Quantity local = graph_local(graph, c, u), other = {Q_NODE, 0, c, 0, 0};
            bool is_q = quantity_equal(local, g->q);
            if (!is_q && !(v >= 0 && above[u] && deriv_find(w, local)))
                continue;
            for (size_t s = 0; s < sizeof SLIPS / sizeof SLIPS[0]; s++) {
                double slipped;
                if (!slip_value(node, k, SLIPS[s], values, &slipped))
                    continue;
                Override with = {local, slipped};
                if (is_q ? grader_accept(g, SLIPS[s], &other, slipped, interval_point(slipped))
                         : grader_accept_rebuilt(g, learner_world, SLIPS[s], &other, &with, 1))
                    return true;
            }
        }
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
            grader_consider(g, &closest, (Quantity){Q_INPUT, 0, i, 0, 0}, graph->nodes[i].value,
                            interval_point(graph->nodes[i].value));
    if (closest.distance == INFINITY)
        return false;
    return grader_accept(g, MISTAKE_OTHER_QUANTITY, &closest.what, closest.value, interval_point(closest.value));
}

bool grade_graph_diagnose(Grader *g, const Derivation *w, bool learner_world)
{
    int v = gradient_node(g->q);
    /* a slip inside a formula is the more telling: dropping the 2 of y²
     * halves dL/dy, as leaving out a factor near 2 would */
    if (try_formula_slips(g, w, learner_world))
        return true;
    if (v >= 0 && try_factors(g, w, learner_world, v))
        return true;
    if (try_wrong_point(g, w))
        return true;
    return try_other_values(g, w);
}
