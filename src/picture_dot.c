/* picture_dot: a Picture as a Graphviz digraph, for `draw dot FILE`.
 *
 * Left to right (rankdir=LR), nodes of one column side by side in one
 * rank, each a box labelled with its name and operation, its value, and
 * its gradient written out as dL/dNAME (the output's name for L).  Edges carry their labels (a
 * network's weights).  Labels are DOT strings: quotes and backslashes are
 * escaped, control characters become spaces, UTF-8 passes as it is. */
#include <errno.h>
#include <string.h>

#include "numfmt.h"
#include "picture.h"

enum { DOT_LABEL_MAX = 512 };

/* Writes text as the inside of a DOT string: \" and \\ escaped (a lone
 * backslash would start one of dot's own escapes, such as \N). */
static void put_escaped(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', out);
        fputc((unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p, out);
    }
}

/* The lines of a node's label, joined by \n (dot's line break). */
static void put_node_label(FILE *out, const Style *style, const PictureNode *node, const char *output)
{
    char line[DOT_LABEL_MAX], number[NUM_TEXT_MAX];
    snprintf(line, sizeof line, "%s%s%s", node->name, node->name[0] && node->operation[0] ? ": " : "",
             node->operation);
    put_escaped(out, line);
    if (node->has_value) {
        bool rounded = narr_number(style, node->value, number, sizeof number);
        snprintf(line, sizeof line, "%s %s", rounded ? "≈" : "=", number);
        fputs("\\n", out);
        put_escaped(out, line);
    }
    if (node->has_gradient) {
        bool rounded = narr_number(style, node->gradient, number, sizeof number);
        snprintf(line, sizeof line, "d%s/d%s %s %s", output, node->name[0] ? node->name : "(node)",
                 rounded ? "≈" : "=", number);
        fputs("\\n", out);
        put_escaped(out, line);
    }
}

bool picture_write_dot(FILE *out, const Style *style, const Picture *picture, Error *error)
{
    Style numbers = *style;
    numbers.ascii = false;
    numbers.color = false;
    fputs("digraph backstep {\n  rankdir=LR;\n  labelloc=t;\n  label=\"", out);
    put_escaped(out, picture->title);
    fputs("\";\n  node [shape=box, fontname=\"DejaVu Sans\"];\n  edge [fontname=\"DejaVu Sans\"];\n", out);
    const char *output = "L";   /* the gradients are the output's: dL/dz, or df/dx */
    for (int i = 0; i < picture->n_nodes; i++)
        if (picture->nodes[i].is_output)
            output = picture->nodes[i].name;
    int n_columns = 0;
    for (int i = 0; i < picture->n_nodes; i++) {
        const PictureNode *node = &picture->nodes[i];
        fprintf(out, "  n%d [label=\"", i);
        put_node_label(out, &numbers, node, output);
        fputs("\"", out);
        if (node->is_parameter)
            fputs(", style=rounded", out);
        if (node->is_output)
            fputs(", peripheries=2", out);
        fputs("];\n", out);
        n_columns = node->column + 1 > n_columns ? node->column + 1 : n_columns;
    }
    for (int column = 0; column < n_columns; column++) {   /* one rank a column, as the terminal draws it */
        fputs("  { rank=same;", out);
        for (int i = 0; i < picture->n_nodes; i++)
            if (picture->nodes[i].column == column)
                fprintf(out, " n%d;", i);
        fputs(" }\n", out);
    }
    for (int e = 0; e < picture->n_edges; e++) {
        const PictureEdge *edge = &picture->edges[e];
        fprintf(out, "  n%d -> n%d", edge->from, edge->to);
        if (edge->label[0]) {
            fputs(" [label=\"", out);
            put_escaped(out, edge->label);
            fputs("\"]", out);
        }
        fputs(";\n", out);
    }
    fputs("}\n", out);
    if (fflush(out) != 0 || ferror(out))
        return error_set(error, "%s", strerror(errno ? errno : EIO));
    return true;
}
