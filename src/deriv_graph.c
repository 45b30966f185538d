/* deriv_graph: builds the derivation of an expression graph onto the tape
 * (see deriv.h, deriv_builder.h and graph.h).
 *
 * Forward, each defined node is worked out from its operands in the order
 * it was defined.  Backward, from the output down, each node's derivative
 * is the sum over the nodes it feeds (the multivariable chain rule),
 *     dy/dv = Σ_c dy/dc × dc/dv,
 * then each of its local factors dv/du comes from its formula's rule.  A
 * node the output does not use is not worked out at all. */
#include "deriv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deriv_builder.h"
#include "graph.h"
#include "interrupt.h"

/* The quantity a node's value is known by. */
static Quantity node_quantity(const Graph *graph, int node)
{
    return (Quantity){graph->nodes[node].is_input ? Q_INPUT : Q_NODE, 0, node, 0, 0};
}


/* The operands of a node's formula as carried, and their values. */
static void node_operands(Builder *b, const GraphNode *node, Operand *ops, double *values)
{
    for (int k = 0; k < node->n_operands; k++) {
        ops[k] = tape_operand(b, node_quantity(b->spec->graph, node->operands[k]));
        values[k] = ops[k].value;
    }
}

/* The values f takes over the operands' ranges, sampled on a grid that
 * takes in every corner: exact for a formula monotone in each operand,
 * and with a few operands fine enough to catch the turn of one that is
 * not (sin near its peak) within a hand computation's small ranges. */
static Interval corner_range(const Formula *f, const Operand *ops, int n, double value)
{
    Interval range = interval_point(value);
    if (n > 10)
        return range;
    int points = n <= 2 ? 9 : n <= 4 ? 3 : 2;   /* per operand, ends included */
    int total = 1;
    for (int k = 0; k < n; k++)
        total *= points;
    double values[FORMULA_MAX_NAMES];
    for (int corner = 0; corner < total; corner++) {
        for (int k = 0, rest = corner; k < n; k++, rest /= points) {
            double t = (double)(rest % points) / (points - 1);
            values[k] = ops[k].range.lo + t * (ops[k].range.hi - ops[k].range.lo);
        }
        double at;
        if (formula_evaluate(f, values, &at, NULL) && isfinite(at)) {
            range.lo = fmin(range.lo, at);
            range.hi = fmax(range.hi, at);
        }
    }
    return range;
}

/* d f / d (operand k) at the operands' values, by central differences. */
static double slope_at(const Formula *f, const double *values, int n, int k)
{
    double moved[FORMULA_MAX_NAMES], up, down;
    memcpy(moved, values, sizeof values[0] * (size_t)n);
    double h = 1e-6 * fmax(1.0, fabs(values[k]));
    moved[k] = values[k] + h;
    bool ok = formula_evaluate(f, moved, &up, NULL);
    moved[k] = values[k] - h;
    ok = ok && formula_evaluate(f, moved, &down, NULL);
    return ok ? (up - down) / (2 * h) : 0.0;
}

/* Records a step computed by formula f over a node's operands; false with
 * the derivation's problem set when f is undefined there. */
static bool formula_step(Builder *b, const GraphNode *node, const Formula *f, Quantity what, Phase phase,
                         const char *chain, StepKind kind)
{
    Operand ops[FORMULA_MAX_NAMES];
    double values[FORMULA_MAX_NAMES], value;
    node_operands(b, node, ops, values);
    Error error;
    if (!formula_evaluate(f, values, &value, &error)) {
        char name[2 * GRAPH_LABEL_MAX + 8];
        names_name((Names){NULL, false, b->spec->graph, NULL, NULL}, what, name, sizeof name);
        deriv_set_problem(b, "%s: %s", name, error.message);
        return false;
    }
    for (int k = 0; k < node->n_operands; k++)
        ops[k].partial = slope_at(f, values, node->n_operands, k);
    char template[TEMPLATE_MAX];
    formula_template(f, template, sizeof template);
    StepDraft draft = {what, phase, chain, template, node->n_operands, ops, value,
                       corner_range(f, ops, node->n_operands, value), kind};
    tape_add_step(b, &draft);
    return true;
}

static bool forward(Builder *b)
{
    const Graph *graph = b->spec->graph;
    StepKind kind = STEP_GRAPH_FORWARD;
    for (int i = 0; i < graph->n_nodes && !interrupt_requested(); i++) {
        const GraphNode *node = &graph->nodes[i];
        /* a node the output does not use (an earlier y, once y is defined anew) is not worked out */
        if (node->is_input || !graph_reaches_output(graph, i))
            continue;
        if (!formula_step(b, node, node->formula, node_quantity(graph, i), PHASE_FORWARD, NULL, kind))
            return false;
        kind = STEP_PLAIN;
    }
    return true;
}

/* The gates whose pattern narration has a word for: an add, a multiply,
 * a max or a min of two nodes. */
static StepKind gate_kind(const GraphNode *node)
{
    const Formula *f = node->formula;
    bool two_names = f->n_args == 2 && f->args[0]->kind == FORMULA_NAME && f->args[1]->kind == FORMULA_NAME &&
                     node->n_operands == 2;
    if (!two_names)
        return STEP_PLAIN;
    if (f->kind == FORMULA_ADD)
        return STEP_GATE_ADD;
    if (f->kind == FORMULA_MULTIPLY)
        return STEP_GATE_MULTIPLY;
    if (f->kind == FORMULA_CALL && (strcmp(f->function->name, "max") == 0 || strcmp(f->function->name, "min") == 0))
        return STEP_GATE_ROUTE;
    return STEP_PLAIN;
}

static bool local_factors(Builder *b, int i, bool *first)
{
    const Graph *graph = b->spec->graph;
    const GraphNode *node = &graph->nodes[i];
    char rule[TEMPLATE_MAX], formula[TEMPLATE_MAX];
    graph_formula_text(graph, i, formula, sizeof formula);
    StepKind gate = gate_kind(node);
    for (int k = 0; k < node->n_operands; k++) {
        char label[GRAPH_LABEL_MAX];
        graph_label(graph, node->operands[k], label, sizeof label);
        FormulaKind top = node->formula->kind;
        bool plain = top == FORMULA_NAME || top == FORMULA_NUMBER;
        Quantity what = graph_local(graph, i, node->operands[k]);
        /* the output's own factor for a node that feeds others too is a partial: ∂(q × x)/∂x */
        const char *d = what.kind == Q_LOCAL && i == graph_output(graph) ? "∂" : "d";
        /* d(3x + 2)/dx, but d sin(z)/dz, as the function rules are written */
        snprintf(rule, sizeof rule, plain ? "%s%s/%s%s" : top == FORMULA_CALL ? "%s %s/%s%s" : "%s(%s)/%s%s", d,
                 formula, d, label);
        StepKind kind = *first ? STEP_GRAPH_BACKWARD : k == node->n_operands - 1 ? gate : STEP_PLAIN;
        if (!formula_step(b, node, node->local[k], what, PHASE_BACKWARD, rule, kind))
            return false;
        *first = false;
    }
    return true;
}

/* The chain of local factors from the output down to node i, when there
 * is one path only and it has three factors or more: dL/dy × dy/dz × dz/dx. */
static void single_chain(const Graph *graph, int i, char *out, size_t size)
{
    int output = graph_output(graph), factors = 0;
    char names[TEMPLATE_MAX] = "";
    for (int node = i; node != output;) {
        int consumer = -1;
        for (int c = node + 1; c < graph->n_nodes; c++)
            if (graph_feeds(graph, node, c) && graph_reaches_output(graph, c))
                consumer = c;
        if (graph_n_paths(graph, node) != 1 || consumer < 0) {
            out[0] = '\0';
            return;
        }
        char name[2 * GRAPH_LABEL_MAX + 8], joined[TEMPLATE_MAX];
        graph_quantity_name(graph, (Quantity){Q_LOCAL, 0, consumer, node, 0}, name, sizeof name);
        snprintf(joined, sizeof joined, factors ? "%s × %s" : "%s%s", name, names);
        snprintf(names, sizeof names, "%s", joined);
        factors++;
        node = consumer;
    }
    snprintf(out, size, "%s", factors >= 3 ? names : "");
}

/* True when node i reaches the output. */
static bool reaches_output(const Graph *graph, int i, const bool *reaches)
{
    for (int c = i + 1; c < graph->n_nodes; c++)
        if (reaches[c] && graph_feeds(graph, i, c))
            return true;
    return false;
}

/* Records dy/d(node i), the sum over the paths from it; false with the
 * derivation's problem set when the sum is too large to be a number. */
static bool gradient(Builder *b, int i)
{
    const Graph *graph = b->spec->graph;
    int output = graph_output(graph);
    Quantity what = {Q_GRADIENT, 0, i, 0, 0};
    if (deriv_find(b->d, what))   /* the output's own local factor: recorded already */
        return true;
    Operand ops[2 * GRAPH_MAX_NODES];
    char formula[TEMPLATE_MAX] = "", chain[TEMPLATE_MAX];
    int n = 0, paths = 0;
    double sum = 0;
    Interval range = interval_point(0);
    Operand direct = {0};
    bool has_direct = false;
    for (int c = i + 1; c < graph->n_nodes; c++) {
        if (!graph_feeds(graph, i, c))
            continue;
        Operand local = tape_operand(b, graph_local(graph, c, i));
        if (c == output) {   /* the output's own factor: a term of its own, written last */
            direct = local;
            direct.partial = 1;
            has_direct = true;
            continue;
        }
        if (!deriv_find(b->d, (Quantity){Q_GRADIENT, 0, c, 0, 0}))
            continue;   /* c does not reach the output */
        ops[n] = tape_operand(b, (Quantity){Q_GRADIENT, 0, c, 0, 0});
        ops[n + 1] = local;
        ops[n].partial = local.value;
        ops[n + 1].partial = ops[n].value;
        sum += ops[n].value * local.value;
        range = interval_add(range, written_term(b, interval_mul(ops[n].range, local.range)));
        template_append(formula, "%s{%d} × {%d}", n ? " + " : "", n, n + 1);
        n += 2;
        paths++;
    }
    if (has_direct) {
        ops[n] = direct;
        sum += direct.value;
        range = interval_add(range, direct.range);
        template_append(formula, "%s{%d}", n ? " + " : "", n);
        n++;
        paths++;
    }
    if (n == 0)
        return true;
    if (!isfinite(sum)) {   /* each factor is a number, their product is not */
        char name[2 * GRAPH_LABEL_MAX + 8];
        graph_quantity_name(graph, what, name, sizeof name);
        deriv_set_problem(b, "%s is too large to work out: its factors multiply beyond 1e308", name);
        return false;
    }
    single_chain(graph, i, chain, sizeof chain);
    StepDraft draft = {what, PHASE_BACKWARD, chain[0] ? chain : NULL, formula, n, ops, sum, range,
                       paths > 1 ? STEP_PATHS_SUM : STEP_PLAIN};
    tape_add_step(b, &draft);
    mark_products_written(b);
    return true;
}

static bool backward(Builder *b)
{
    const Graph *graph = b->spec->graph;
    int output = graph_output(graph);
    bool reaches[GRAPH_MAX_NODES] = {false};
    reaches[output] = true;
    for (int i = output - 1; i >= 0; i--)
        reaches[i] = reaches_output(graph, i, reaches);
    bool first = true;
    /* each node once every node it feeds is done, then the inputs in the order they first appeared */
    for (int i = output; i >= 0 && !interrupt_requested(); i--) {
        if (!reaches[i] || graph->nodes[i].is_input)
            continue;
        if ((i != output && !gradient(b, i)) || !local_factors(b, i, &first))
            return false;
    }
    for (int i = 0; i < output && !interrupt_requested(); i++)
        if (reaches[i] && graph->nodes[i].is_input && !gradient(b, i))
            return false;
    return true;
}

static bool allocate_index(Derivation *d, int n_nodes)
{
    static const QuantityKind kinds[] = {Q_NODE, Q_GRADIENT, Q_LOCAL};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t n = (size_t)n_nodes * (kinds[i] == Q_LOCAL ? (size_t)n_nodes : 1);
        int *table = arena_alloc(&d->arena, (n ? n : 1) * sizeof(int));
        if (!table)
            return false;
        for (size_t e = 0; e < n; e++)
            table[e] = -1;
        d->index[kinds[i]][0] = table;
    }
    d->loss_step = -1;
    return true;
}

Derivation *deriv_build_graph(const DerivationSpec *spec)
{
    Derivation *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->sizes[0] = spec->graph->n_nodes;
    Builder b = {spec, NULL, d, NULL};
    if (!allocate_index(d, spec->graph->n_nodes)) {
        deriv_free(d);
        return NULL;
    }
    d->phase_start[PHASE_FORWARD] = 0;
    bool ok = graph_output(spec->graph) >= 0 && forward(&b);
    d->phase_start[PHASE_LOSS] = d->phase_start[PHASE_BACKWARD] = d->n_steps;
    ok = ok && backward(&b);
    d->phase_start[PHASE_UPDATE] = d->phase_start[N_PHASES] = d->n_steps;
    if (d->arena.failed || interrupt_requested()) {
        deriv_free(d);
        return NULL;
    }
    return d;
}
