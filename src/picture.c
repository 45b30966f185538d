/* picture: a computation graph as plain data (see picture.h), and the
 * terminal renderer's frame: title, legend, the boxes-and-lines drawing
 * of picture_boxes.c, and the table it falls back to, column by column,
 * when the drawing would not fit the width. */
#include "picture.h"

#include <stdlib.h>
#include <string.h>

#include "picture_boxes.h"
#include "wrap.h"

enum {
    DEFAULT_WIDTH = 80,     /* style->width 0 (never wrapped) still draws within 80 columns */
    TABLE_SHOWN_MAX = 12,   /* a taller column is shown in part in the table */
    TABLE_HEAD = 8,         /* ... as its first nodes */
    TABLE_TAIL = 2,         /* ... and its last */
    TEXT_LINE_MAX = 1024,
};

/* ---- the data ---------------------------------------------------------- */

Picture *picture_new(const char *title)
{
    Picture *picture = calloc(1, sizeof *picture);
    if (picture)
        snprintf(picture->title, sizeof picture->title, "%s", title ? title : "");
    return picture;
}

void picture_free(Picture *picture)
{
    if (!picture)
        return;
    free(picture->nodes);
    free(picture->edges);
    free(picture);
}

int picture_add_node(Picture *picture, const PictureNode *node)
{
    if (picture->n_nodes == picture->nodes_capacity) {
        int capacity = picture->nodes_capacity ? 2 * picture->nodes_capacity : 16;
        PictureNode *grown = realloc(picture->nodes, (size_t)capacity * sizeof *grown);
        if (!grown)
            return -1;
        picture->nodes = grown;
        picture->nodes_capacity = capacity;
    }
    picture->nodes[picture->n_nodes] = *node;
    return picture->n_nodes++;
}

bool picture_add_edge(Picture *picture, int from, int to, const char *label)
{
    if (from < 0 || from >= picture->n_nodes || to < 0 || to >= picture->n_nodes)
        return false;
    if (picture->n_edges == picture->edges_capacity) {
        int capacity = picture->edges_capacity ? 2 * picture->edges_capacity : 16;
        PictureEdge *grown = realloc(picture->edges, (size_t)capacity * sizeof *grown);
        if (!grown)
            return false;
        picture->edges = grown;
        picture->edges_capacity = capacity;
    }
    PictureEdge *edge = &picture->edges[picture->n_edges++];
    edge->from = from;
    edge->to = to;
    snprintf(edge->label, sizeof edge->label, "%s", label ? label : "");
    return true;
}

/* ---- texts ------------------------------------------------------------- */

void picture_value_text(const Style *style, const PictureNode *node, char *out, size_t size)
{
    char number[NUM_TEXT_MAX];
    if (!node->has_value) {
        *out = '\0';
        return;
    }
    bool rounded = narr_number(style, node->value, number, sizeof number);
    snprintf(out, size, "%s %s", rounded ? "≈" : "=", number);
}

/* The mark for a gradient: ∇, or g in ASCII (which has no ∇). */
static const char *gradient_mark(const Style *style) { return style->ascii ? "grad" : "∇"; }

void picture_gradient_text(const Style *style, const PictureNode *node, char *out, size_t size)
{
    char number[NUM_TEXT_MAX];
    if (!node->has_gradient) {
        *out = '\0';
        return;
    }
    bool rounded = narr_number(style, node->gradient, number, sizeof number);
    snprintf(out, size, "%s %s %s", gradient_mark(style), rounded ? "≈" : "=", number);
}

void picture_shown(const Style *style, const char *text, char *out, size_t size)
{
    snprintf(out, size, "%s", text);
    if (!style->ascii)
        return;
    /* narration's own transliteration, written into a buffer */
    char *shown = NULL;
    size_t length = 0;
    FILE *buffer = open_memstream(&shown, &length);
    if (!buffer)
        return;
    Style plain = {.ascii = true};
    narr_print(buffer, &plain, text);
    if (fclose(buffer) == 0)
        snprintf(out, size, "%s", shown);
    free(shown);
}

static int columns_of(const char *text) { return wrap_columns(text, strlen(text)); }

/* text, then spaces to make it `columns` wide */
static void append_padded(char *line, size_t size, const char *text, int columns)
{
    size_t used = strlen(line);
    snprintf(line + used, size - used, "%s%*s", text, columns - columns_of(text) > 0 ? columns - columns_of(text)
                                                                                       : 0, "");
}

/* ---- the table, column by column ---------------------------------------- */

/* What a set of nodes is called in a sentence: "every x" when their names
 * differ only in an index (x1, x2; a1[1], a1[2]), else their names. */
static void describe_nodes(const Picture *picture, const int *nodes, int n, char *out, size_t size, bool *plural)
{
    *plural = false;
    if (n == 1) {
        snprintf(out, size, "%s", picture->nodes[nodes[0]].name);
        return;
    }
    char stem[PICTURE_NAME_MAX] = "";
    for (int strip_digits = 0; strip_digits <= 1 && !stem[0]; strip_digits++) {
        bool same = true;
        char first[PICTURE_NAME_MAX] = "";
        for (int i = 0; i < n && same; i++) {
            char name[PICTURE_NAME_MAX];
            snprintf(name, sizeof name, "%s", picture->nodes[nodes[i]].name);
            char *bracket = strchr(name, '[');
            if (bracket)
                *bracket = '\0';
            for (size_t end = strlen(name); strip_digits && end > 0 && name[end - 1] >= '0' && name[end - 1] <= '9';)
                name[--end] = '\0';
            if (i == 0)
                snprintf(first, sizeof first, "%s", name);
            same = name[0] && strcmp(name, first) == 0;
        }
        if (same)
            snprintf(stem, sizeof stem, "%s", first);
    }
    if (stem[0]) {
        snprintf(out, size, "every %s", stem);
        return;
    }
    *plural = true;
    *out = '\0';
    for (int i = 0; i < n; i++) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ",
                 picture->nodes[nodes[i]].name);
    }
}

/* The nodes feeding nodes of `column`, the nodes of `column` fed, and
 * whether every one of the first feeds every one of the second. */
static bool column_fully_fed(const Picture *picture, int column, int *sources, int *n_sources, int *targets,
                             int *n_targets)
{
    *n_sources = *n_targets = 0;
    int n_links = 0;
    for (int e = 0; e < picture->n_edges; e++) {
        const PictureEdge *edge = &picture->edges[e];
        if (picture->nodes[edge->to].column != column)
            continue;
        n_links++;
        bool seen_source = false, seen_target = false;
        for (int i = 0; i < *n_sources; i++)
            seen_source = seen_source || sources[i] == edge->from;
        for (int i = 0; i < *n_targets; i++)
            seen_target = seen_target || targets[i] == edge->to;
        if (!seen_source)
            sources[(*n_sources)++] = edge->from;
        if (!seen_target)
            targets[(*n_targets)++] = edge->to;
    }
    return n_links > 0 && n_links == *n_sources * *n_targets;
}

static void table_row(FILE *out, const Style *style, const Picture *picture, int node, const int *widths,
                      bool list_inputs)
{
    const PictureNode *picture_node = &picture->nodes[node];
    char line[TEXT_LINE_MAX] = "    ", text[TEXT_LINE_MAX], shown[TEXT_LINE_MAX];
    snprintf(text, sizeof text, "%s%s%s", picture_node->name, picture_node->operation[0] ? " " : "",
             picture_node->operation);
    picture_shown(style, text, shown, sizeof shown);
    append_padded(line, sizeof line, shown, widths[0] + 2);
    picture_value_text(style, picture_node, text, sizeof text);
    picture_shown(style, text, shown, sizeof shown);
    append_padded(line, sizeof line, shown, widths[1] + 2);
    picture_gradient_text(style, picture_node, text, sizeof text);
    picture_shown(style, text, shown, sizeof shown);
    append_padded(line, sizeof line, shown, list_inputs ? widths[2] + 2 : 0);
    if (list_inputs) {
        const char *separator = "← ";
        for (int e = 0; e < picture->n_edges; e++)
            if (picture->edges[e].to == node) {
                size_t used = strlen(line);
                snprintf(line + used, sizeof line - used, "%s%s", separator, picture->nodes[picture->edges[e].from].name);
                separator = ", ";
            }
    }
    size_t end = strlen(line);
    while (end > 0 && line[end - 1] == ' ')
        line[--end] = '\0';
    snprintf(line + end, sizeof line - end, "\n");
    narr_print_prose(out, style, line, widths[0] + widths[1] + widths[2] + 10);
}

/* Every node, column by column: name and operation, value, gradient, and
 * how the column is fed ("every x feeds every a1", or each node's inputs). */
static void draw_table(FILE *out, const Style *style, const Picture *picture)
{
    int widths[3] = {0, 0, 0}, n_columns = 0;
    for (int i = 0; i < picture->n_nodes; i++) {
        const PictureNode *node = &picture->nodes[i];
        char text[TEXT_LINE_MAX], shown[TEXT_LINE_MAX];
        snprintf(text, sizeof text, "%s%s%s", node->name, node->operation[0] ? " " : "", node->operation);
        picture_shown(style, text, shown, sizeof shown);
        widths[0] = columns_of(shown) > widths[0] ? columns_of(shown) : widths[0];
        picture_value_text(style, node, text, sizeof text);
        picture_shown(style, text, shown, sizeof shown);
        widths[1] = columns_of(shown) > widths[1] ? columns_of(shown) : widths[1];
        picture_gradient_text(style, node, text, sizeof text);
        picture_shown(style, text, shown, sizeof shown);
        widths[2] = columns_of(shown) > widths[2] ? columns_of(shown) : widths[2];
        n_columns = node->column + 1 > n_columns ? node->column + 1 : n_columns;
    }
    int *sources = malloc(2 * ((size_t)picture->n_nodes + 1) * sizeof *sources);
    if (!sources)
        return;
    int *targets = sources + picture->n_nodes + 1;
    for (int column = 0; column < n_columns; column++) {
        int n_sources, n_targets, n_members = 0, shown_members = 0;
        bool fully_fed = column_fully_fed(picture, column, sources, &n_sources, targets, &n_targets);
        if (fully_fed) {
            char from[TEXT_LINE_MAX], to[TEXT_LINE_MAX], line[3 * TEXT_LINE_MAX];
            bool plural, to_plural;
            describe_nodes(picture, sources, n_sources, from, sizeof from, &plural);
            describe_nodes(picture, targets, n_targets, to, sizeof to, &to_plural);
            snprintf(line, sizeof line, "  %s %s %s\n", from, plural ? "feed" : "feeds", to);
            narr_print_prose(out, style, line, 4);
        } else if (column > 0) {
            narr_print(out, style, "\n");
        }
        for (int i = 0; i < picture->n_nodes; i++)
            n_members += picture->nodes[i].column == column;
        for (int i = 0; i < picture->n_nodes; i++) {
            if (picture->nodes[i].column != column)
                continue;
            shown_members++;
            bool in_middle = n_members > TABLE_SHOWN_MAX && shown_members > TABLE_HEAD &&
                             shown_members <= n_members - TABLE_TAIL;
            if (in_middle && shown_members == TABLE_HEAD + 1)
                narr_printf(out, style, "    … %d more …\n", n_members - TABLE_HEAD - TABLE_TAIL);
            if (!in_middle)
                table_row(out, style, picture, i, widths, !fully_fed);
        }
    }
    free(sources);
}

/* ---- drawing ------------------------------------------------------------- */

static Style drawing_style(const Style *style)
{
    Style drawing = *style;
    if (drawing.width <= 0)
        drawing.width = DEFAULT_WIDTH;
    return drawing;
}

bool picture_fits(const Style *style, const Picture *picture)
{
    Style drawing = drawing_style(style);
    BoxLayout *layout = boxes_layout(&drawing, picture);
    bool fits = layout && boxes_width(layout) <= drawing.width;
    boxes_free(layout);
    return fits;
}

void picture_draw(FILE *out, const Style *style, const Picture *picture)
{
    Style drawing = drawing_style(style);
    char line[TEXT_LINE_MAX];
    if (picture->title[0]) {
        snprintf(line, sizeof line, "%s\n", picture->title);
        narr_print_prose(out, &drawing, line, 2);
    }
    BoxLayout *layout = boxes_layout(&drawing, picture);
    bool parameters = false;
    const char *output = "L";   /* the gradients are the output's: dL/d(box), or dy/d(box) */
    for (int i = 0; i < picture->n_nodes; i++) {
        parameters = parameters || picture->nodes[i].is_parameter;
        if (picture->nodes[i].is_output)
            output = picture->nodes[i].name;
    }
    if (layout && boxes_width(layout) <= drawing.width) {
        snprintf(line, sizeof line, "  Above each box its value; below it %s, the gradient d%s/d(box), once the "
                 "backward pass reaches it.%s\n", gradient_mark(&drawing), output,
                 parameters ? "  Round corners: a parameter." : "");
        narr_print_prose(out, &drawing, line, 2);
        boxes_draw(out, &drawing, layout);
    } else {
        snprintf(line, sizeof line, "  Too wide to draw in %d columns, so column by column: each node, its "
                 "value, and %s, the gradient d%s/d(node), once the backward pass reaches it.\n", drawing.width,
                 gradient_mark(&drawing), output);
        narr_print_prose(out, &drawing, line, 2);
        draw_table(out, &drawing, picture);
    }
    boxes_free(layout);
    if (picture->note[0]) {
        snprintf(line, sizeof line, "  %s\n", picture->note);
        narr_print_prose(out, &drawing, line, 2);
    }
}
