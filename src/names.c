/* names: the names of either mode (see names.h); network names are
 * quantity.c's, expression names graph.c's. */
#include "names.h"

#include <stdio.h>

#include "graph.h"
#include "optimizer.h"

/* The optimizer row whose state has names, or NULL. */
static const Optimizer *optimizer_of(Names names) { return names.optimizer ? names.optimizer->optimizer : NULL; }

void names_name(Names names, Quantity q, char *out, size_t size)
{
    if (names.graph)
        graph_quantity_name(names.graph, q, out, size);
    else if (names.net)
        quantity_optimizer_name(names.net, optimizer_of(names), q, out, size);
    else
        snprintf(out, size, "?");
}

bool names_parse(Names names, const char *text, Quantity *q, Error *error)
{
    if (names.graph)
        return graph_parse(names.graph, text, false, q, error);
    return quantity_parse(names.net, names.use_bias, optimizer_of(names), text, q, error);
}

bool names_parse_computed(Names names, const char *text, Quantity *q, Error *error)
{
    if (names.graph)
        return graph_parse(names.graph, text, true, q, error);
    return quantity_parse_computed(names.net, names.use_bias, optimizer_of(names), text, q, error);
}

void names_shape(Names names, Quantity q, int *rows, int *cols)
{
    if (names.graph)
        *rows = *cols = 1;
    else
        quantity_shape(names.net, q, rows, cols);
}

void names_each(Names names, void (*visit)(const char *name, void *context), void *context)
{
    if (names.graph)
        graph_each_name(names.graph, visit, context);
    else if (names.net)
        quantity_each_name(names.net, names.use_bias, optimizer_of(names), visit, context);
}

void names_computed_summary(Names names, char *out, size_t size)
{
    if (names.graph)
        graph_summary(names.graph, true, out, size);
    else
        quantity_computed_summary(names.net, names.use_bias, optimizer_of(names), out, size);
}
