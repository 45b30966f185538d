/* Unit tests of picture_draw and picture_write_dot on pictures built by
 * hand, as an expression graph will build them: y = (3x + 2)², z = x² + y²,
 * a fork f = (x + y)(x + z), an edge that skips a column, a parameter.
 * Every value and gradient is worked out by hand in the comments.
 *
 * The drawings are read back as a learner reads them: from each box's
 * outgoing line, follow the lines rightwards, turning at junctions and
 * going straight through crossings, and note which boxes they enter.  The
 * edges read must be exactly the picture's edges. */
#include <stdlib.h>

#include "picture.h"
#include "tap.h"
#include "wrap.h"

enum { MAX_ROWS = 200, MAX_COLUMNS = 200 };

static const Style UTF8 = {.digits = 4, .width = 80};
static const Style ASCII = {.ascii = true, .digits = 4, .width = 80};

static int add(Picture *picture, const char *name, const char *operation, int column, double value,
               double gradient)
{
    PictureNode node = {.column = column, .value = value, .has_value = true, .gradient = gradient,
                        .has_gradient = true};
    snprintf(node.name, sizeof node.name, "%s", name);
    snprintf(node.operation, sizeof node.operation, "%s", operation);
    return picture_add_node(picture, &node);
}

static char *drawn(const Style *style, const Picture *picture)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    picture_draw(out, style, picture);
    fclose(out);
    return text;
}

/* ---- reading a drawing back ------------------------------------------- */

typedef struct {
    unsigned grid[MAX_ROWS][MAX_COLUMNS];   /* code points, 0 past a line's end */
    int n_rows;
} Drawing;

static void decode(const char *text, Drawing *drawing)
{
    memset(drawing, 0, sizeof *drawing);
    int row = 0, x = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p && row < MAX_ROWS;) {
        if (*p == '\n') {
            row++, x = 0, p++;
            continue;
        }
        unsigned code = *p;
        int length = code < 0x80 ? 1 : code < 0xE0 ? 2 : code < 0xF0 ? 3 : 4;
        code = length == 1 ? code : code & (0xFF >> (length + 1));
        for (int i = 1; i < length; i++)
            code = (code << 6) | (p[i] & 0x3F);
        if (x < MAX_COLUMNS)
            drawing->grid[row][x++] = code;
        p += length;
    }
    drawing->n_rows = row;
}

enum { UP = 1, DOWN = 2, LEFT = 4, RIGHT = 8 };

/* The directions a box-drawing character joins; 0 for anything else. */
static int joins(unsigned code)
{
    switch (code) {
    case 0x2500: return LEFT | RIGHT;        /* ─ */
    case 0x2502: return UP | DOWN;           /* │ */
    case 0x250C: case 0x256D: return DOWN | RIGHT;   /* ┌ ╭ */
    case 0x2510: case 0x256E: return DOWN | LEFT;    /* ┐ ╮ */
    case 0x2514: case 0x2570: return UP | RIGHT;     /* └ ╰ */
    case 0x2518: case 0x256F: return UP | LEFT;      /* ┘ ╯ */
    case 0x251C: return UP | DOWN | RIGHT;   /* ├ */
    case 0x2524: return UP | DOWN | LEFT;    /* ┤ */
    case 0x252C: return DOWN | LEFT | RIGHT; /* ┬ */
    case 0x2534: return UP | LEFT | RIGHT;   /* ┴ */
    case 0x253C: return UP | DOWN | LEFT | RIGHT;    /* ┼ */
    default: return 0;
    }
}

/* Where the box showing `content` is: its middle row and its borders. */
static bool find_box(const Drawing *drawing, const char *content, int *row, int *left, int *right)
{
    unsigned wanted[64];
    int n = 0;
    Drawing one;
    decode(content, &one);
    for (; n < 64 && one.grid[0][n]; n++)
        wanted[n] = one.grid[0][n];
    for (int r = 0; r < drawing->n_rows; r++)
        for (int x = 2; x + n + 1 < MAX_COLUMNS; x++) {
            int i = 0;
            while (i < n && drawing->grid[r][x + i] == wanted[i])
                i++;
            if (i == n && drawing->grid[r][x - 1] == ' ' && drawing->grid[r][x + n] == ' ' &&
                joins(drawing->grid[r][x - 2]) & (UP | DOWN) && joins(drawing->grid[r][x + n + 1]) & (UP | DOWN)) {
                *row = r, *left = x - 2, *right = x + n + 1;
                return true;
            }
        }
    return false;
}

/* Follows the lines leaving (row, x) rightwards and marks each box
 * entered: a ┤ with a box corner above it is a box's left side. */
static void follow(const Drawing *drawing, int row, int x, int going, bool visited[MAX_ROWS][MAX_COLUMNS][9],
                   int *entered_rows, int *entered_x, int *n_entered)
{
    if (row < 0 || row >= drawing->n_rows || x >= MAX_COLUMNS || visited[row][x][going])
        return;
    visited[row][x][going] = true;
    unsigned code = drawing->grid[row][x];
    int lines = joins(code);
    if (going == RIGHT && code == 0x2524 && row > 0 && (drawing->grid[row - 1][x] == 0x250C ||
                                                        drawing->grid[row - 1][x] == 0x256D)) {
        entered_rows[*n_entered] = row;
        entered_x[(*n_entered)++] = x;
        return;
    }
    bool crossing = code == 0x2500 && going != RIGHT;   /* a line broken round another: straight on */
    if (crossing) {
        follow(drawing, row + (going == DOWN ? 1 : -1), x, going, visited, entered_rows, entered_x, n_entered);
        return;
    }
    if ((lines & RIGHT))
        follow(drawing, row, x + 1, RIGHT, visited, entered_rows, entered_x, n_entered);
    if ((lines & UP) && going != DOWN)
        follow(drawing, row - 1, x, UP, visited, entered_rows, entered_x, n_entered);
    if ((lines & DOWN) && going != UP)
        follow(drawing, row + 1, x, DOWN, visited, entered_rows, entered_x, n_entered);
}

/* True when reading the drawing back gives exactly the picture's edges. */
static bool reads_as_edges(const char *text, const Picture *picture, const char *what)
{
    static Drawing drawing;
    static bool visited[MAX_ROWS][MAX_COLUMNS][9];
    decode(text, &drawing);
    int rows[64], lefts[64], rights[64];
    for (int i = 0; i < picture->n_nodes; i++) {
        char content[80];
        snprintf(content, sizeof content, "%s%s%s", picture->nodes[i].name, picture->nodes[i].operation[0] ? " " : "",
                 picture->nodes[i].operation);
        if (!find_box(&drawing, content, &rows[i], &lefts[i], &rights[i]))
            return tap_ok(false, "%s: the box of %s is drawn", what, content);
    }
    bool all = true;
    for (int i = 0; i < picture->n_nodes; i++) {
        int entered_rows[64], entered_x[64], n_entered = 0;
        memset(visited, 0, sizeof visited);
        if (drawing.grid[rows[i]][rights[i]] == 0x251C)   /* ├: lines leave this box */
            follow(&drawing, rows[i], rights[i] + 1, RIGHT, visited, entered_rows, entered_x, &n_entered);
        for (int j = 0; j < picture->n_nodes; j++) {
            bool edge = false, read = false;
            for (int e = 0; e < picture->n_edges; e++)
                edge = edge || (picture->edges[e].from == i && picture->edges[e].to == j);
            for (int k = 0; k < n_entered; k++)
                read = read || (entered_rows[k] == rows[j] && entered_x[k] == lefts[j]);
            if (edge != read) {
                all = false;
                tap_ok(false, "%s: %s %s %s", what, picture->nodes[i].name, edge ? "feeds, but is not drawn feeding"
                       : "does not feed, but is drawn feeding", picture->nodes[j].name);
            }
        }
    }
    return tap_ok(all, "%s: reading the lines gives exactly the graph's edges", what);
}

/* ---- checks ------------------------------------------------------------- */

static void fits(const char *text, int width, const char *what)
{
    int widest = 0;
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        int columns = wrap_columns(line, length);
        widest = columns > widest ? columns : widest;
        line += length + (end != NULL);
    }
    tap_ok(widest <= width, "%s fits %d columns (widest line %d)", what, width, widest);
}

static void shows(const char *text, const char *wanted, const char *what)
{
    tap_ok(strstr(text, wanted) != NULL, "%s shows \"%s\"", what, wanted);
}

static void plain_ascii(const char *text, const char *what)
{
    bool ascii = true;
    for (const char *p = text; *p; p++)
        ascii = ascii && (unsigned char)*p < 0x80;
    tap_ok(ascii, "%s in ASCII has no byte above 127", what);
}

/* Draws the picture in UTF-8 and ASCII and checks both. */
static char *check_drawing(const Picture *picture, const char *what, bool as_boxes)
{
    char *text = drawn(&UTF8, picture);
    fits(text, 80, what);
    tap_ok(picture_fits(&UTF8, picture) == as_boxes, "%s is drawn %s", what, as_boxes ? "as boxes" : "as a table");
    if (as_boxes)
        reads_as_edges(text, picture, what);
    char *ascii = drawn(&ASCII, picture);
    fits(ascii, 80, what);
    plain_ascii(ascii, what);
    free(ascii);
    return text;
}

int main(void)
{
    /* y = (3x + 2)² at x = 2: g = 3·2 + 2 = 8, y = 8² = 64; dy/dg = 2g = 16,
     * dy/dx = dy/dg · 3 = 48. */
    Picture *square = picture_new("y = (3x + 2)²");
    int x = add(square, "x", "", 0, 2, 48), g = add(square, "g", "3x + 2", 1, 8, 16);
    int y = add(square, "y", "^2", 2, 64, 1);
    square->nodes[y].is_output = true;
    picture_add_edge(square, x, g, NULL);
    picture_add_edge(square, g, y, NULL);
    char *text = check_drawing(square, "y = (3x + 2)²", true);
    shows(text, "= 64", "y = (3x + 2)²");
    shows(text, "∇ = 48", "y = (3x + 2)²");
    shows(text, "∇ = 16", "y = (3x + 2)²");
    shows(text, "y = (3x + 2)²", "its title");
    free(text);

    /* z = x² + y² at x = 3, y = 4: 9 + 16 = 25; dz/dx = 2x = 6, dz/dy = 2y = 8. */
    Picture *squares = picture_new("z = x² + y²");
    int px = add(squares, "x", "", 0, 3, 6), py = add(squares, "y", "", 0, 4, 8);
    int x2 = add(squares, "p", "x²", 1, 9, 1), y2 = add(squares, "q", "y²", 1, 16, 1);
    int z = add(squares, "z", "+", 2, 25, 1);
    picture_add_edge(squares, px, x2, NULL);
    picture_add_edge(squares, py, y2, NULL);
    picture_add_edge(squares, x2, z, NULL);
    picture_add_edge(squares, y2, z, NULL);
    text = check_drawing(squares, "z = x² + y²", true);
    shows(text, "= 25", "z = x² + y²");
    shows(text, "∇ = 8", "z = x² + y²");
    free(text);

    /* The fork f = (x + y)(x + z) at x = 1, y = 2, z = 3: s = 3, r = 4,
     * f = 12; df/ds = r = 4, df/dr = s = 3, df/dx = 4 + 3 = 7 (x feeds
     * both), df/dy = 4, df/dz = 3. */
    Picture *fork = picture_new("f = (x + y)(x + z)");
    int fx = add(fork, "x", "", 0, 1, 7), fy = add(fork, "y", "", 0, 2, 4), fz = add(fork, "z", "", 0, 3, 3);
    int s = add(fork, "s", "+", 1, 3, 4), r = add(fork, "r", "+", 1, 4, 3), f = add(fork, "f", "×", 2, 12, 1);
    picture_add_edge(fork, fx, s, NULL);
    picture_add_edge(fork, fy, s, NULL);
    picture_add_edge(fork, fx, r, NULL);
    picture_add_edge(fork, fz, r, NULL);
    picture_add_edge(fork, s, f, NULL);
    picture_add_edge(fork, r, f, NULL);
    text = check_drawing(fork, "the fork f = (x + y)(x + z)", true);
    shows(text, "∇ = 7", "the fork");
    shows(text, "= 12", "the fork");
    free(text);

    /* An edge that skips a column: h = x · g with g = x + 1, at x = 2:
     * g = 3, h = 6; dh/dg = x = 2, dh/dx = g + dh/dg · 1 = 3 + 2 = 5. */
    Picture *skip = picture_new("h = x · (x + 1)");
    int sx = add(skip, "x", "", 0, 2, 5), sg = add(skip, "g", "+1", 1, 3, 2), sh = add(skip, "h", "×", 2, 6, 1);
    picture_add_edge(skip, sx, sg, NULL);
    picture_add_edge(skip, sg, sh, NULL);
    picture_add_edge(skip, sx, sh, NULL);
    text = check_drawing(skip, "an edge skipping a column", true);
    shows(text, "∇ = 5", "an edge skipping a column");
    free(text);

    /* A parameter: p = w · x with w = 0.5, x = 4: p = 2; dp/dw = x = 4,
     * dp/dx = w = 0.5.  Its box has round corners. */
    Picture *weighted = picture_new("p = w · x");
    int w = add(weighted, "w", "", 0, 0.5, 4), wx = add(weighted, "x", "", 0, 4, 0.5);
    int p = add(weighted, "p", "×", 1, 2, 1);
    weighted->nodes[w].is_parameter = true;
    picture_add_edge(weighted, w, p, NULL);
    picture_add_edge(weighted, wx, p, NULL);
    text = check_drawing(weighted, "a parameter", true);
    shows(text, "╭───╮", "a parameter's box");
    shows(text, "Round corners: a parameter", "the legend");
    free(text);

    /* Too wide: a chain of 12 nodes falls back to the table, each node
     * with its value: n_k = k, so n11 shows "= 11". */
    Picture *chain = picture_new("a long chain");
    for (int k = 0; k < 12; k++) {
        char name[8];
        snprintf(name, sizeof name, "n%d", k);
        add(chain, name, k ? "+1" : "", k, k, 1);
        if (k)
            picture_add_edge(chain, k - 1, k, NULL);
    }
    text = check_drawing(chain, "a chain of 12", false);
    shows(text, "n11 +1", "the table");
    shows(text, "= 11", "the table");
    shows(text, "n10 feeds n11", "the table");
    free(text);

    /* An edge that runs leftwards cannot be drawn left to right: the table. */
    Picture *backwards = picture_new("backwards");
    int b0 = add(backwards, "u", "", 0, 1, 1), b1 = add(backwards, "v", "+", 1, 2, 1);
    picture_add_edge(backwards, b1, b0, NULL);
    text = check_drawing(backwards, "a leftward edge", false);
    shows(text, "u ", "a leftward edge");
    free(text);

    /* Before the forward pass nothing but the boxes: no value, no gradient. */
    for (int i = 0; i < fork->n_nodes; i++)
        fork->nodes[i].has_value = fork->nodes[i].has_gradient = false;
    text = drawn(&UTF8, fork);
    tap_ok(!strstr(text, "= 1") && !strstr(text, "= 3") && !strstr(text, "∇ ="), "with nothing computed no number is "
           "shown");
    free(text);

    /* DOT: a digraph, names, values and gradients written out, quotes escaped. */
    snprintf(fork->title, sizeof fork->title, "say \"f\"\\");
    fork->nodes[fx].has_value = fork->nodes[fx].has_gradient = true;
    char *dot = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&dot, &size);
    Error error;
    bool written = picture_write_dot(out, &UTF8, fork, &error);
    fclose(out);
    tap_ok(written && strncmp(dot, "digraph", 7) == 0 && strstr(dot, "rankdir=LR"), "DOT is a digraph, left to right");
    shows(dot, "label=\"say \\\"f\\\"\\\\\"", "DOT's title, escaped");
    shows(dot, "x\\n= 1\\ndL/dx = 7", "DOT's label of x");
    shows(dot, "n0 -> n3", "DOT's edge x -> s");
    free(dot);

    picture_free(square);
    picture_free(squares);
    picture_free(fork);
    picture_free(skip);
    picture_free(weighted);
    picture_free(chain);
    picture_free(backwards);
    return tap_done();
}
