/* picture_boxes: draws a BoxLayout (see picture_boxes.h) into a grid of
 * cells, each holding one character of text or the directions lines leave
 * it in, from which its box-drawing character follows; then writes the
 * grid row by row. */
#include "picture_boxes.h"

#include <stdlib.h>
#include <string.h>

#include "wrap.h"

static int columns_of(const char *text) { return wrap_columns(text, strlen(text)); }

/* ---- drawing ------------------------------------------------------------ */

typedef enum { PLAIN, VALUE_COLOR, GRADIENT_COLOR } CellColor;

typedef struct {
    char text[5];      /* one UTF-8 character of text, or "" for lines */
    int lines;         /* directions lines leave the cell in */
    bool rounded;      /* a corner drawn round: a parameter's box, or a bend in a line */
    bool crossing;     /* a line crossing a track without joining it: drawn as the line alone */
    CellColor color;
} Cell;

typedef struct {
    Cell *cells;
    int width, height;
} Grid;

static Cell *cell_at(const Grid *grid, int row, int x) { return &grid->cells[row * grid->width + x]; }

static void put_text(const Grid *grid, int row, int x, const char *text, CellColor color)
{
    for (const char *p = text; *p && x < grid->width;) {
        size_t length = 1;
        while ((p[length] & 0xC0) == 0x80 && length < 4)
            length++;
        Cell *cell = cell_at(grid, row, x++);
        memcpy(cell->text, p, length);
        cell->text[length] = '\0';
        cell->color = color;
        p += length;
    }
}

static void put_horizontal(const Grid *grid, int row, int x0, int x1, int ends)
{
    for (int x = x0; x <= x1; x++)
        cell_at(grid, row, x)->lines |= (x > x0 || (ends & LINE_LEFT) ? LINE_LEFT : 0) | (x < x1 || (ends & LINE_RIGHT) ? LINE_RIGHT : 0);
}

static void put_vertical(const Grid *grid, int x, int top, int bottom)
{
    for (int row = top; row <= bottom; row++)
        cell_at(grid, row, x)->lines |= (row > top ? LINE_UP : 0) | (row < bottom ? LINE_DOWN : 0);
}

static void draw_box(const BoxLayout *layout, const Grid *grid, const Slot *slot)
{
    int x0 = layout->column_x[slot->column], x1 = x0 + layout->column_width[slot->column] - 1;
    int row = slot->row;
    if (slot->node < 0) {   /* an edge passing through this column */
        put_horizontal(grid, row, x0, x1, LINE_LEFT | LINE_RIGHT);
        return;
    }
    const NodeTexts *texts = &layout->texts[slot->node];
    bool rounded = layout->picture->nodes[slot->node].is_parameter;
    int column_end = x1;
    x1 = x0 + columns_of(texts->content) + 3;   /* "│ " content " │": labels may stand out beyond */
    if (slot->has_out && x1 < column_end)
        put_horizontal(grid, row, x1 + 1, column_end, LINE_LEFT | LINE_RIGHT);
    put_horizontal(grid, row - 1, x0, x1, 0);
    put_horizontal(grid, row + 1, x0, x1, 0);
    put_vertical(grid, x0, row - 1, row + 1);
    put_vertical(grid, x1, row - 1, row + 1);
    for (int y = row - 1; y <= row + 1; y += 2) {
        cell_at(grid, y, x0)->rounded = rounded;
        cell_at(grid, y, x1)->rounded = rounded;
    }
    if (slot->has_in)
        cell_at(grid, row, x0)->lines |= LINE_LEFT;
    if (slot->has_out)
        cell_at(grid, row, x1)->lines |= LINE_RIGHT;
    put_text(grid, row, x0 + 2, texts->content, PLAIN);
    put_text(grid, row - 2, x0 + 1, texts->value, VALUE_COLOR);
    put_text(grid, row + 2, x0 + 1, texts->gradient, GRADIENT_COLOR);
}

static void draw_gap(const BoxLayout *layout, const Grid *grid, int column, GapCell *cells)
{
    const Gap *gap = &layout->gaps[column];
    int left = layout->column_x[column] + layout->column_width[column];
    boxes_mark_gap(layout, gap, cells);
    for (int row = 0; row < layout->height; row++)
        for (int x = 0; x < gap->width; x++) {
            Cell *cell = cell_at(grid, row, left + x);
            cell->lines |= cells[row * gap->width + x].lines;
            cell->crossing = cells[row * gap->width + x].crossing;
        }
    for (int g = 0; g < gap->n_groups; g++) {   /* a track bends round at its ends */
        int top, bottom;
        if (gap->groups[g].track < 0)
            continue;
        boxes_group_rows(layout, &gap->groups[g], &top, &bottom);
        cell_at(grid, top, left + gap->groups[g].track)->rounded = true;
        cell_at(grid, bottom, left + gap->groups[g].track)->rounded = true;
    }
}

/* The box-drawing character for lines leaving in `lines`. */
static const char *line_glyph(int lines, bool rounded, bool crossing, bool ascii)
{
    if (crossing)
        return ascii ? "-" : "─";
    if (ascii) {
        bool vertical = lines & (LINE_UP | LINE_DOWN), horizontal = lines & (LINE_LEFT | LINE_RIGHT);
        return vertical && horizontal ? "+" : vertical ? "|" : horizontal ? "-" : " ";
    }
    static const char *const square[16] = {" ", "│", "│", "│", "─", "┘", "┐", "┤",
                                           "─", "└", "┌", "├", "─", "┴", "┬", "┼"};
    if (rounded && lines == (LINE_DOWN | LINE_RIGHT))
        return "╭";
    if (rounded && lines == (LINE_DOWN | LINE_LEFT))
        return "╮";
    if (rounded && lines == (LINE_UP | LINE_RIGHT))
        return "╰";
    if (rounded && lines == (LINE_UP | LINE_LEFT))
        return "╯";
    return square[lines];
}

static bool row_is_blank(const Grid *grid, int row)
{
    for (int x = 0; x < grid->width; x++)
        if (cell_at(grid, row, x)->text[0] || cell_at(grid, row, x)->lines)
            return false;
    return true;
}

static void write_row(FILE *out, const Style *style, const Grid *grid, int row)
{
    int last = grid->width - 1;
    while (last >= 0 && !cell_at(grid, row, last)->text[0] && !cell_at(grid, row, last)->lines)
        last--;
    CellColor current = PLAIN;
    for (int x = 0; x <= last; x++) {
        const Cell *cell = cell_at(grid, row, x);
        CellColor color = cell->text[0] ? cell->color : PLAIN;
        if (style->color && color != current) {
            fputs(color == VALUE_COLOR ? "\033[32m" : color == GRADIENT_COLOR ? "\033[31m" : "\033[0m", out);
            current = color;
        }
        fputs(cell->text[0] ? cell->text : line_glyph(cell->lines, cell->rounded, cell->crossing, style->ascii), out);
    }
    if (current != PLAIN)
        fputs("\033[0m", out);
    fputc('\n', out);
}

void boxes_draw(FILE *out, const Style *style, const BoxLayout *layout)
{
    Grid grid = {calloc((size_t)layout->width * (size_t)layout->height, sizeof(Cell)), layout->width,
                 layout->height};
    if (!grid.cells) {
        fputs("  (out of memory while drawing)\n", out);
        return;
    }
    for (int s = 0; s < layout->n_slots; s++)
        draw_box(layout, &grid, &layout->slots[s]);
    GapCell *cells = calloc((size_t)layout->height * (2 * BOXES_MAX_PER_COLUMN + 3), sizeof *cells);
    for (int c = 0; cells && c + 1 < layout->n_columns; c++)
        draw_gap(layout, &grid, c, cells);
    free(cells);
    int first = 0, last = grid.height - 1;
    while (first < last && row_is_blank(&grid, first))
        first++;
    while (last > first && row_is_blank(&grid, last))
        last--;
    for (int row = first; row <= last; row++)
        write_row(out, style, &grid, row);
    free(grid.cells);
}
