/* graph: the nodes of an expression graph and their names (see graph.h). */
#include "graph.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Graph *graph_new(void) { return calloc(1, sizeof(Graph)); }

void graph_free(Graph *graph)
{
    if (!graph)
        return;
    arena_free(&graph->arena);
    free(graph);
}

int graph_output(const Graph *graph)
{
    for (int i = graph->n_nodes - 1; i >= 0; i--)
        if (!graph->nodes[i].is_input)
            return i;
    return -1;
}

int graph_find(const Graph *graph, const char *name)
{
    for (int i = graph->n_nodes - 1; i >= 0; i--)
        if (strcmp(graph->nodes[i].name, name) == 0)
            return i;
    return -1;
}

void graph_label(const Graph *graph, int node, char *out, size_t size)
{
    const char *name = graph->nodes[node].name;
    if (graph_find(graph, name) == node) {
        snprintf(out, size, "%s", name);
        return;
    }
    int version = 1;
    for (int i = 0; i < node; i++)
        version += strcmp(graph->nodes[i].name, name) == 0;
    snprintf(out, size, "%s_%d", name, version);
}

/* The node a label names (c, or c_1 for the first of several c), or -1. */
static int find_label(const Graph *graph, const char *label)
{
    char text[GRAPH_LABEL_MAX];
    for (int i = graph->n_nodes - 1; i >= 0; i--) {
        graph_label(graph, i, text, sizeof text);
        if (strcmp(text, label) == 0)
            return i;
    }
    return -1;
}

bool graph_feeds(const Graph *graph, int from, int to)
{
    const GraphNode *node = &graph->nodes[to];
    for (int i = 0; i < node->n_operands; i++)
        if (node->operands[i] == from)
            return true;
    return false;
}

bool graph_reaches_output(const Graph *graph, int node)
{
    /* from the output down, once per node: following every path instead
     * takes exponential time in a lattice of nodes the output does not use */
    int output = graph_output(graph);
    if (output < 0 || node > output)
        return false;
    bool reaches[GRAPH_MAX_NODES] = {false};
    reaches[output] = true;
    for (int i = output - 1; i >= node; i--)
        for (int c = i + 1; c <= output && !reaches[i]; c++)
            reaches[i] = reaches[c] && graph_feeds(graph, i, c);
    return reaches[node];
}

int graph_n_paths(const Graph *graph, int node)
{
    int count = 0;
    for (int i = node + 1; i < graph->n_nodes; i++)
        count += graph_feeds(graph, node, i) && graph_reaches_output(graph, i);
    return count;
}

bool graph_local_is_gradient(const Graph *graph, Quantity q)
{
    return q.kind == Q_LOCAL && q.row == graph_output(graph) && graph_n_paths(graph, q.col) == 1;
}

Quantity graph_local(const Graph *graph, int node, int operand)
{
    Quantity local = {Q_LOCAL, 0, node, operand, 0};
    return graph_local_is_gradient(graph, local) ? (Quantity){Q_GRADIENT, 0, operand, 0, 0} : local;
}

/* ---- defining ------------------------------------------------------- */

static bool valid_name(const char *name, Error *error)
{
    bool ok = isalpha((unsigned char)name[0]) || name[0] == '_';
    for (const char *p = name; ok && *p; p++)
        ok = isalnum((unsigned char)*p) || *p == '_';
    if (ok && strlen(name) > GRAPH_NAME_MAX)
        return error_set(error, "the name '%.12s…' is too long: a name has at most %d characters", name,
                         GRAPH_NAME_MAX);
    if (!ok)
        return error_set(error, "'%s' is not a name: a name is a letter followed by letters, digits or _ "
                         "(x, w1, out)", name);
    if (formula_function_row(name))
        return error_set(error, "'%s' is a function; choose another name", name);
    return true;
}

/* True when no two nodes share a label, now that node `made` was added;
 * false with error set, naming the clash, otherwise. */
static bool labels_distinct(const Graph *graph, int made, Error *error)
{
    char label[GRAPH_LABEL_MAX], other[GRAPH_LABEL_MAX];
    for (int i = 0; i < graph->n_nodes; i++) {
        graph_label(graph, i, label, sizeof label);
        for (int j = 0; j < i; j++) {
            graph_label(graph, j, other, sizeof other);
            if (strcmp(label, other) != 0)
                continue;
            const char *name = graph->nodes[made].name;
            int earlier = strcmp(graph->nodes[i].name, name) == 0 ? j : i;
            if (strcmp(label, name) == 0)
                return error_set(error, "%s is already the earlier %s here; choose another name", name,
                                 graph->nodes[earlier].name);
            return error_set(error, "defining %s again would rename the earlier %s to %s, but %s is already a "
                             "name here; choose another name", name, name, label, label);
        }
    }
    return true;
}

static int add_node(Graph *graph, const char *name)
{
    GraphNode *node = &graph->nodes[graph->n_nodes];
    memset(node, 0, sizeof *node);
    snprintf(node->name, sizeof node->name, "%s", name);
    return graph->n_nodes++;
}

bool graph_define(Graph *graph, const char *name, const char *text, Error *error)
{
    if (!valid_name(name, error))
        return false;
    /* parse once aside, so that a bad formula leaves nothing behind */
    Arena scratch = {0};
    FormulaNames names;
    bool parsed = formula_parse(text, &scratch, &names, error) != NULL;
    arena_free(&scratch);
    if (!parsed)
        return false;
    int new_inputs = 0;
    for (int i = 0; i < names.count; i++)
        if (find_label(graph, names.names[i]) < 0) {
            if (!valid_name(names.names[i], error))   /* an input it makes must be a fair name too */
                return false;
            new_inputs++;
        }
    if (graph->n_nodes + new_inputs + 1 > GRAPH_MAX_NODES)
        return error_set(error, "the graph is full: at most %d nodes and inputs", GRAPH_MAX_NODES);

    const Formula *formula = formula_parse(text, &graph->arena, &names, error);
    while (isspace((unsigned char)*text))
        text++;
    char *copy = arena_strdup(&graph->arena, text);   /* as typed, without the spaces around it */
    for (char *end = copy ? copy + strlen(copy) : NULL; end && end > copy && isspace((unsigned char)end[-1]);)
        *--end = '\0';
    const Formula *local[FORMULA_MAX_NAMES];
    for (int i = 0; formula && i < names.count; i++)
        local[i] = formula_derivative(formula, i, &graph->arena);
    if (!formula || !copy || graph->arena.failed)
        return error_set(error, "out of memory");

    int operands[FORMULA_MAX_NAMES], before = graph->n_nodes;
    for (int i = 0; i < names.count; i++) {
        operands[i] = find_label(graph, names.names[i]);
        if (operands[i] < 0)
            operands[i] = add_node(graph, names.names[i]), graph->nodes[operands[i]].is_input = true;
    }
    int made = add_node(graph, name);
    if (!labels_distinct(graph, made, error)) {
        graph->n_nodes = before;
        return false;
    }
    GraphNode *node = &graph->nodes[made];
    node->text = copy;
    node->formula = formula;
    node->n_operands = names.count;
    memcpy(node->operands, operands, sizeof operands[0] * (size_t)names.count);
    memcpy(node->local, local, sizeof local[0] * (size_t)names.count);
    return true;
}

bool graph_set_input(Graph *graph, const char *name, double value, Error *error)
{
    if (!valid_name(name, error))
        return false;
    int i = find_label(graph, name);
    if (i >= 0 && !graph->nodes[i].is_input) {
        char formula[FORMULA_TEXT_MAX];
        graph_formula_text(graph, i, formula, sizeof formula);
        return error_set(error, "%s is defined by a formula (%s = %s); set the inputs it comes from", name, name,
                         formula);
    }
    if (i < 0) {
        if (graph->n_nodes == GRAPH_MAX_NODES)
            return error_set(error, "the graph is full: at most %d nodes and inputs", GRAPH_MAX_NODES);
        i = add_node(graph, name);
        graph->nodes[i].is_input = true;
    }
    graph->nodes[i].value = value;
    graph->nodes[i].has_value = true;
    return true;
}

typedef struct {
    const Graph *graph;
    const GraphNode *node;
} LabelContext;

/* Operand i of a node's formula: its label. */
static void operand_label(void *context, int i, bool enclosed, char *out, size_t size)
{
    (void)enclosed;
    const LabelContext *labels = context;
    graph_label(labels->graph, labels->node->operands[i], out, size);
}

void graph_formula_text(const Graph *graph, int node, char *out, size_t size)
{
    const GraphNode *defined = &graph->nodes[node];
    char template[FORMULA_TEXT_MAX];
    out[0] = '\0';
    if (defined->is_input)
        return;
    formula_template(defined->formula, template, sizeof template);
    LabelContext context = {graph, defined};
    formula_fill(template, defined->n_operands, operand_label, &context, false, out, size);
}

/* ---- names ---------------------------------------------------------- */

void graph_quantity_name(const Graph *graph, Quantity q, char *out, size_t size)
{
    char top[GRAPH_LABEL_MAX], bottom[GRAPH_LABEL_MAX];
    int output = graph_output(graph);
    switch (q.kind) {
    case Q_INPUT:
    case Q_NODE: graph_label(graph, q.row, out, size); return;
    case Q_GRADIENT:
        graph_label(graph, output < 0 ? q.row : output, top, sizeof top);
        graph_label(graph, q.row, bottom, sizeof bottom);
        snprintf(out, size, "d%s/d%s", top, bottom);
        return;
    case Q_LOCAL:
        graph_label(graph, q.row, top, sizeof top);
        graph_label(graph, q.col, bottom, sizeof bottom);
        if (q.row == output && !graph_local_is_gradient(graph, q))
            snprintf(out, size, "∂%s/∂%s", top, bottom);
        else
            snprintf(out, size, "d%s/d%s", top, bottom);
        return;
    default: snprintf(out, size, "?"); return;
    }
}

void graph_each_name(const Graph *graph, void (*visit)(const char *name, void *context), void *context)
{
    char name[2 * GRAPH_LABEL_MAX + 8];
    int output = graph_output(graph);
    for (int i = 0; i < graph->n_nodes; i++) {
        graph_label(graph, i, name, sizeof name);
        visit(name, context);
    }
    /* derivatives only where the backward pass works them out: of nodes the output uses */
    for (int i = 0; i < graph->n_nodes && output >= 0; i++)
        if (i != output && graph_reaches_output(graph, i)) {
            graph_quantity_name(graph, (Quantity){Q_GRADIENT, 0, i, 0, 0}, name, sizeof name);
            visit(name, context);
        }
    for (int i = 0; i < graph->n_nodes; i++)
        for (int k = 0; k < graph->nodes[i].n_operands && graph_reaches_output(graph, i); k++) {
            Quantity local = {Q_LOCAL, 0, i, graph->nodes[i].operands[k], 0};
            if (graph_local_is_gradient(graph, local))
                continue;
            graph_quantity_name(graph, local, name, sizeof name);
            visit(name, context);
        }
}

typedef struct {
    char *out;
    size_t size;
    int count;
    bool computed_only;
    const Graph *graph;
} Summary;

static void add_to_summary(const char *name, void *context)
{
    Summary *summary = context;
    Quantity q;
    if (summary->computed_only && graph_parse(summary->graph, name, false, &q, NULL) && q.kind == Q_INPUT)
        return;
    size_t used = strlen(summary->out);
    if (summary->count == 12)
        snprintf(summary->out + used, summary->size - used, ", ...");
    else if (summary->count < 12)
        snprintf(summary->out + used, summary->size - used, "%s%s", summary->count ? ", " : "", name);
    summary->count++;
}

void graph_summary(const Graph *graph, bool computed_only, char *out, size_t size)
{
    out[0] = '\0';
    Summary summary = {out, size, 0, computed_only, graph};
    graph_each_name(graph, add_to_summary, &summary);
    if (summary.count == 0)
        snprintf(out, size, "none yet: define a node with expr, such as `expr y = (3x + 2)^2`");
}

typedef struct {
    const char *text;
    char best[2 * GRAPH_LABEL_MAX + 8];
    int distance;
} NearestName;

static void consider(const char *name, void *context)
{
    NearestName *nearest = context;
    int distance = edit_distance(nearest->text, name);
    if (distance < nearest->distance) {
        nearest->distance = distance;
        snprintf(nearest->best, sizeof nearest->best, "%s", name);
    }
}

bool graph_unused(const Graph *graph, Quantity q, Error *error)
{
    char node[GRAPH_LABEL_MAX], output[GRAPH_LABEL_MAX], name[2 * GRAPH_LABEL_MAX + 8];
    graph_label(graph, q.row, node, sizeof node);
    graph_label(graph, graph_output(graph), output, sizeof output);
    graph_quantity_name(graph, q, name, sizeof name);
    if (q.kind == Q_GRADIENT)
        return error_set(error, "%s does not lead to the output %s, so %s is 0 and the backward pass skips it", node,
                         output, name);
    if (q.kind == Q_NODE)
        return error_set(error, "%s does not lead to the output %s, so it is not worked out (only what %s uses is)",
                         node, output, output);
    return error_set(error, "%s does not lead to the output %s, so the backward pass skips %s", node, output, name);
}

/* Reads "dA/dB" (or "∂A/∂B") into its two labels. */
static bool split_derivative(const char *text, char *top, char *bottom, bool *partial)
{
    const char *slash = strchr(text, '/');
    if (!slash)
        return false;
    const char *d1 = text, *d2 = slash + 1;
    /* ∂f/∂x is typed Df/Dx too, as ASCII writes it */
    size_t skip1 = strncmp(d1, "∂", strlen("∂")) == 0 ? strlen("∂") : (*d1 == 'd' || *d1 == 'D' ? 1 : 0);
    size_t skip2 = strncmp(d2, "∂", strlen("∂")) == 0 ? strlen("∂") : (*d2 == 'd' || *d2 == 'D' ? 1 : 0);
    if (!skip1 || !skip2 || (size_t)(slash - d1) <= skip1 || (size_t)(slash - d1) - skip1 >= GRAPH_LABEL_MAX ||
        strlen(d2 + skip2) >= GRAPH_LABEL_MAX)
        return false;
    *partial = skip1 > 1 || *d1 == 'D';
    snprintf(top, GRAPH_LABEL_MAX, "%.*s", (int)((size_t)(slash - d1) - skip1), d1 + skip1);
    snprintf(bottom, GRAPH_LABEL_MAX, "%s", d2 + skip2);
    return true;
}

static bool unknown(const Graph *graph, const char *text, bool computed_only, Error *error)
{
    NearestName nearest = {text, "", 3};
    graph_each_name(graph, consider, &nearest);
    char valid[400];
    graph_summary(graph, computed_only, valid, sizeof valid);
    if (nearest.best[0])
        return error_set(error, "unknown name '%s'; did you mean '%s'? Names here: %s", text, nearest.best, valid);
    return error_set(error, "unknown name '%s'; names here: %s", text, valid);
}

bool graph_parse(const Graph *graph, const char *text, bool computed_only, Quantity *q, Error *error)
{
    char top[GRAPH_LABEL_MAX], bottom[GRAPH_LABEL_MAX];
    bool partial = false;
    int output = graph_output(graph);
    if (split_derivative(text, top, bottom, &partial)) {
        int a = find_label(graph, top), b = find_label(graph, bottom);
        if (a < 0 || b < 0)
            return unknown(graph, text, computed_only, error);
        if (a == output && b == output)
            return error_set(error, "d%s/d%s is 1: the output moves one for one with itself", top, bottom);
        if (a == output && !partial) {
            *q = (Quantity){Q_GRADIENT, 0, b, 0, 0};
            return true;
        }
        if (b == output)
            return error_set(error, "%s is the output: its derivatives are d%s/dNAME, such as d%s/d%s", bottom,
                             bottom, bottom, top);
        if (!graph_feeds(graph, b, a)) {
            /* the derivative perhaps meant: the output's with respect to B */
            char name[2 * GRAPH_LABEL_MAX + 8], hint[3 * GRAPH_LABEL_MAX + 64];
            graph_quantity_name(graph, (Quantity){Q_GRADIENT, 0, b, 0, 0}, name, sizeof name);
            if (a == output)
                snprintf(hint, sizeof hint, "; the whole derivative is %s", name);
            else
                snprintf(hint, sizeof hint, "; the output's derivative with respect to %s is %s", bottom, name);
            if (graph->nodes[a].is_input)
                return error_set(error, "%s is an input: it has no formula, so no local factors%s", top, hint);
            return error_set(error, "%s is not in %s's formula, so %s has no local factor for it%s", bottom, top,
                             top, hint);
        }
        *q = (Quantity){Q_LOCAL, 0, a, b, 0};
        if (partial && graph_local_is_gradient(graph, *q))
            *q = (Quantity){Q_GRADIENT, 0, b, 0, 0};
        return true;
    }
    int node = find_label(graph, text);
    if (node < 0)
        return unknown(graph, text, computed_only, error);
    if (graph->nodes[node].is_input && computed_only) {
        char computed[400];
        graph_summary(graph, true, computed, sizeof computed);
        return error_set(error, "%s is an input: it is given, not computed; computed here: %s", text, computed);
    }
    *q = (Quantity){graph->nodes[node].is_input ? Q_INPUT : Q_NODE, 0, node, 0, 0};
    return true;
}
