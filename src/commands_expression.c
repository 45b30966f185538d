/* commands_expression: expression mode's own commands: `expr`, giving an
 * input a value, and `state` of a graph (see the table in commands.c).
 * Everything else (stepping, show, check, use) works on the graph's
 * derivation as on a network's. */
#include "command_handlers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "graph.h"
#include "narrate.h"
#include "numfmt.h"
#include "script.h"

/* Reads "NAME = FORMULA" into the name and the formula's text. */
static bool split_definition(const char *text, char *name, size_t size, const char **formula, Error *error)
{
    while (isspace((unsigned char)*text))
        text++;
    const char *equals = strchr(text, '=');
    if (!equals)
        return error_set(error, "write expr NAME = FORMULA, such as `expr y = (3x + 2)^2`");
    const char *end = equals;
    while (end > text && isspace((unsigned char)end[-1]))
        end--;
    if (end == text)
        return error_set(error, "expr needs a name before '=', such as `expr y = (3x + 2)^2`");
    if ((size_t)(end - text) > GRAPH_NAME_MAX || (size_t)(end - text) >= size)
        return error_set(error, "the name '%.12s…' is too long: a name has at most %d characters", text,
                         GRAPH_NAME_MAX);
    snprintf(name, size, "%.*s", (int)(end - text), text);
    *formula = equals + 1;
    return true;
}

Status cmd_expr(Session *session, const Args *args, Error *error)
{
    char name[FORMULA_NAME_MAX];
    const char *formula = NULL;
    if (!split_definition(args->rest ? args->rest : "", name, sizeof name, &formula, error))
        return STATUS_ERROR;
    /* blanks in front of the formula as wide as the line before it, so the
     * columns a formula's error names are the line's */
    char padded[SCRIPT_LINE_MAX + 1];
    int before = args->rest_column > 0 ? args->rest_column - 1 : 0;
    for (const char *p = args->rest; p && p < formula; p++)
        before += ((unsigned char)*p & 0xC0) != 0x80;
    snprintf(padded, sizeof padded, "%*s%s", before, "", formula);
    Graph *graph = session->graph;
    bool fresh = graph == NULL;
    if (fresh && !(graph = graph_new()))
        return error_set(error, "out of memory"), STATUS_ERROR;
    int earlier = graph_find(graph, name), inputs_before = graph->n_nodes;
    if (!graph_define(graph, name, padded, error)) {
        if (fresh)
            graph_free(graph);
        return STATUS_ERROR;
    }
    Style style = session_style(session);
    if (fresh) {
        if (session->net)
            session_switch_modes(session);
        if (session->net)
            narr_printf(session->out, &style, "(expression mode: the network is dropped; `network SHAPE` "
                        "starts one again)\n");
        net_free(session->net);
        net_free(session->completed_net);
        session->net = session->completed_net = NULL;
        optimizer_reset(&session->training.optimizer);
        optimizer_reset(&session->completed_optimizer);
        session->has_previous_loss = false;
        session->graph = graph;
    }
    int defined = graph->n_nodes - 1;
    bool used_elsewhere = false;
    for (int c = earlier + 1; earlier >= 0 && c < defined; c++)
        used_elsewhere = used_elsewhere || graph_feeds(graph, earlier, c);
    if (earlier >= 0 && !graph->nodes[earlier].is_input) {
        char label[GRAPH_LABEL_MAX];
        graph_label(graph, earlier, label, sizeof label);
        if (graph_feeds(graph, earlier, defined))
            narr_printf(session->out, &style, "(a new %s, made from the one before; the earlier %s is now %s)\n",
                        name, name, label);
        else if (used_elsewhere)   /* formulas written before use the earlier node */
            narr_printf(session->out, &style, "(%s is defined anew and is now the output; formulas written before "
                        "still use the earlier %s, now %s: define them again to use the new one)\n", name, name,
                        label);
        else
            narr_printf(session->out, &style, "(%s is defined anew; the earlier %s, now %s, is left out unless a "
                        "formula uses it)\n", name, name, label);
    }
    for (int i = inputs_before; i < defined; i++)   /* sinx: an input, or sin(x) meant? */
        for (int f = 0; f < N_FORMULA_FUNCTIONS && graph->nodes[i].is_input; f++) {
            const FormulaFunction *row = &FORMULA_FUNCTIONS[f];
            size_t length = strlen(row->name);
            /* only where the rest names a node there already: sinx beside x, but cost is a name */
            const char *rest = graph->nodes[i].name + length;
            if (!row->derivative_only && length >= 3 && strncmp(graph->nodes[i].name, row->name, length) == 0 &&
                rest[0] && graph_find(graph, rest) >= 0) {
                narr_printf(session->out, &style, "(%s is a new input; for %s of %s write %s(%s))\n",
                            graph->nodes[i].name, row->name, graph->nodes[i].name + length, row->name,
                            graph->nodes[i].name + length);
                break;
            }
        }
    int e = graph_find(graph, "e");
    if (e >= 0 && e >= inputs_before && graph->nodes[e].is_input)   /* made by this line */
        narr_printf(session->out, &style, "(e is an input here, not Euler's number: e^x is written exp(x))\n");
    session_changed(session, true);
    return STATUS_OK;
}

Status set_graph_input(Session *session, const char *name, const char *text, Error *error)
{
    double value;
    if (!parse_given(text, &value, error))
        return STATUS_ERROR;
    Graph *graph = session->graph;
    bool fresh = graph == NULL;
    if (fresh && !(graph = graph_new()))
        return error_set(error, "out of memory"), STATUS_ERROR;
    int nodes_before = graph->n_nodes;
    if (!graph_set_input(graph, name, value, error)) {
        if (fresh)
            graph_free(graph);
        return STATUS_ERROR;
    }
    Style style = session_style(session);
    if (graph->n_nodes > nodes_before)   /* a new input: perhaps a slip for a name that exists */
        for (int i = 0; i < nodes_before; i++) {
            char label[GRAPH_LABEL_MAX];
            graph_label(graph, i, label, sizeof label);
            if (strcasecmp(label, name) == 0) {   /* x1 beside x2 is no slip; X beside x may be */
                narr_printf(session->out, &style, "(%s is a new input, beside %s: did you mean set %s?)\n", name,
                            label, label);
                break;
            }
        }
    if (fresh) {
        session->graph = graph;
        narr_printf(session->out, &style, "(expression mode: %s is an input; define a formula with expr, such "
                    "as `expr y = (3%s + 2)^2`)\n", name, name);
    }
    session_changed(session, true);
    return STATUS_OK;
}

Status graph_state(Session *session)
{
    const Graph *graph = session->graph;
    Style style = session_style(session);
    char label[GRAPH_LABEL_MAX], text[NARR_LINE_MAX], value[NUM_TEXT_MAX];
    int output = graph_output(graph);
    narr_printf(session->out, &style, "expression graph: %d node%s%s\n", graph->n_nodes,
                graph->n_nodes == 1 ? "" : "s", output < 0 ? ", no formula yet" : "");
    for (int i = 0; i < graph->n_nodes; i++) {
        const GraphNode *node = &graph->nodes[i];
        graph_label(graph, i, label, sizeof label);
        if (node->is_input) {
            if (node->has_value)
                narr_carried(&style, node->value, value, sizeof value);
            snprintf(text, sizeof text, "  %s = %s    (input)\n", label, node->has_value ? value : "no value yet");
        } else {
            char formula[NARR_LINE_MAX];
            graph_formula_text(graph, i, formula, sizeof formula);   /* with today's names: c_1, not c */
            snprintf(text, sizeof text, "  %s = %s%s\n", label, formula,
                     i == output ? "    (the output)" : "");
        }
        narr_print(session->out, &style, text);
    }
    if (session->round_digits > 0)
        narr_printf(session->out, &style, "  hand mode: rounding to %d %s\n", session->round_digits,
                    session->round_places ? "decimal places" : "significant digits");
    return STATUS_OK;
}
