/* narrate_matrix: vectors, matrices and equations laid out to a width
 * (see narrate_matrix.h). */
#include "narrate_matrix.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- growing text ------------------------------------------------------ */

Text text_new(Arena *arena)
{
    Text text = {arena_alloc(arena, NARR_LINE_MAX), 0, NARR_LINE_MAX, false};
    if (text.text)
        text.text[0] = '\0';
    else
        text.overflow = true;
    return text;
}

void text_add(Text *text, const char *format, ...)
{
    if (text->overflow)
        return;
    va_list args;
    va_start(args, format);
    int written = vsnprintf(text->text + text->used, text->size - text->used, format, args);
    va_end(args);
    if (written < 0 || (size_t)written >= text->size - text->used) {
        text->overflow = true;
        text->text[text->used] = '\0';
        return;
    }
    text->used += (size_t)written;
}

void text_clear(Text *text)
{
    text->used = 0;
    text->overflow = text->text == NULL;
    if (text->text)
        text->text[0] = '\0';
}

/* ---- vectors and matrices as they are shown ----------------------------- */

bool shown_is_scalar(const Shown *shown) { return shown->rows == 1 && shown->cols == 1; }
bool shown_is_matrix(const Shown *shown) { return shown->rows > 1 && shown->cols > 1; }
bool shown_is_complete(const Shown *shown) { return shown && shown->n_set == shown->rows * shown->cols; }

Shown *shown_new(Arena *arena, int rows, int cols)
{
    Shown *shown = arena_alloc(arena, sizeof *shown);
    if (!shown)
        return NULL;
    *shown = (Shown){rows, cols, arena_alloc(arena, (size_t)rows * (size_t)cols * NUM_TEXT_MAX), 0, false, ""};
    if (!shown->entry)
        return NULL;
    for (int i = 0; i < rows * cols; i++)
        shown->entry[i][0] = '\0';
    return shown;
}

void shown_put(Shown *shown, int row, int col, const char *text, bool rounded)
{
    if (row < 0 || row >= shown->rows || col < 0 || col >= shown->cols)
        return;
    char *entry = shown->entry[row * shown->cols + col];
    if (!entry[0])
        shown->n_set++;
    snprintf(entry, NUM_TEXT_MAX, "%s", text);
    shown->rounded |= rounded;
}

static bool text_is_negative(const char *text)
{
    return text[0] == '-' || strncmp(text, "−", strlen("−")) == 0;
}

void shown_inline(const Shown *shown, bool parenthesize, Text *out)
{
    if (shown_is_scalar(shown)) {
        bool parens = parenthesize && text_is_negative(shown->entry[0]);
        text_add(out, parens ? "(%s)" : "%s", shown->entry[0]);
        return;
    }
    text_add(out, "[");
    for (int j = 0; j < shown->rows; j++)
        for (int k = 0; k < shown->cols; k++)
            text_add(out, "%s%s", j == 0 && k == 0 ? "" : k == 0 ? "; " : " ", shown->entry[j * shown->cols + k]);
    text_add(out, "]");
}

const char *shown_product(const Shown *a, const Shown *b)
{
    return shown_is_scalar(a) || shown_is_scalar(b) ? " × " : " ";
}

/* Writes row j of the matrix as one line of aligned columns: [ a  b ]. */
static void shown_row(const Style *style, const Shown *shown, int row, Text *out)
{
    text_add(out, "[");
    for (int k = 0; k < shown->cols; k++) {
        int width = 0;
        for (int j = 0; j < shown->rows; j++) {
            int columns = narr_columns(style, shown->entry[j * shown->cols + k]);
            width = columns > width ? columns : width;
        }
        const char *entry = shown->entry[row * shown->cols + k];
        text_add(out, "%s%*s%s", k ? "  " : " ", width - narr_columns(style, entry), "", entry);
    }
    text_add(out, " ]");
}

/* ---- laying out one equation ------------------------------------------- */

/* One layout of an equation, printed or only measured. */
typedef struct {
    FILE *out;
    const Style *style;
    Text line, piece;
    int hang;       /* continuation lines start here, under the first = (or ←) */
    bool print;
    int lines;      /* lines taken so far */
    bool too_wide;  /* a line is wider than the width, and would be broken */
} Layout;

static int columns(const Layout *layout, const char *text)
{
    return narr_columns(layout->style, text);
}

/* Ends the line: prints it when the layout is printed, and counts it. */
static void flush(Layout *layout)
{
    if (columns(layout, layout->line.text) > layout->style->width)
        layout->too_wide = true;
    if (layout->print && !layout->line.overflow) {
        text_add(&layout->line, "\n");
        narr_print(layout->out, layout->style, layout->line.text);
    }
    layout->lines++;
    text_clear(&layout->line);
}

/* Puts `piece` after the line when it fits there, else on a new line
 * hanging under the first relation. */
static void place(Layout *layout, const char *piece)
{
    if (columns(layout, layout->line.text) + 1 + columns(layout, piece) <= layout->style->width) {
        text_add(&layout->line, " %s", piece);
        return;
    }
    flush(layout);
    text_add(&layout->line, "%*s%s", layout->hang, "", piece);
}

static bool fits_somewhere(const Layout *layout, const char *piece)
{
    int width = layout->style->width, piece_columns = columns(layout, piece);
    return columns(layout, layout->line.text) + 1 + piece_columns <= width || layout->hang + piece_columns <= width;
}

/* Lays out "LHS SYMBOLIC = NUMBERS ≈ RESULT" (NUMBERS may be NULL),
 * broken after a whole part where the width asks; a matrix result with no
 * room on one line is written a row a line.  Prints it when `print`, and
 * returns the lines it takes. */
static int lay_out(Layout *layout, const Equation *e, const char *numbers, bool print)
{
    layout->print = print;
    layout->lines = 0;
    layout->too_wide = false;
    text_clear(&layout->line);
    text_add(&layout->line, "  %s", e->lhs);
    /* continuations hang under the first relation: the = of "δ1 = dL/dz1 =", or ← */
    const char *relation_at = strstr(layout->line.text, " =");
    const char *arrow_at = strstr(layout->line.text, " ←");
    if (!relation_at || (arrow_at && arrow_at < relation_at))
        relation_at = arrow_at;
    char before[2 * NAME_MAX + 8];
    snprintf(before, sizeof before, "%.*s", relation_at ? (int)(relation_at - layout->line.text) + 1 : 2,
             layout->line.text);
    layout->hang = columns(layout, before);
    text_add(&layout->line, " %s", e->symbolic);
    if (numbers) {
        text_clear(&layout->piece);
        text_add(&layout->piece, "= %s", numbers);
        place(layout, layout->piece.text);
    }

    const char *relation = e->result->rounded ? "≈" : "=";
    text_clear(&layout->piece);
    text_add(&layout->piece, "%s ", relation);
    shown_inline(e->result, false, &layout->piece);
    if (!shown_is_matrix(e->result) || (!layout->piece.overflow && fits_somewhere(layout, layout->piece.text))) {
        place(layout, layout->piece.text);
        flush(layout);
        return layout->lines;
    }
    /* one row a line, the rows aligned under the first */
    text_clear(&layout->piece);
    shown_row(layout->style, e->result, 0, &layout->piece);
    int relation_columns = columns(layout, relation) + 1, start;
    if (columns(layout, layout->line.text) + 1 + relation_columns + columns(layout, layout->piece.text) <=
        layout->style->width) {
        start = columns(layout, layout->line.text) + 1 + relation_columns;
        text_add(&layout->line, " %s %s", relation, layout->piece.text);
    } else {
        flush(layout);
        start = layout->hang + relation_columns;
        text_add(&layout->line, "%*s%s %s", layout->hang, "", relation, layout->piece.text);
    }
    for (int j = 1; j < e->result->rows; j++) {
        flush(layout);
        text_clear(&layout->piece);
        shown_row(layout->style, e->result, j, &layout->piece);
        text_add(&layout->line, "%*s%s", start, "", layout->piece.text);
    }
    flush(layout);
    return layout->lines;
}

void equation_print(FILE *out, const Style *style, Arena *arena, const Equation *e)
{
    Layout layout = {out, style, text_new(arena), text_new(arena), 0, false, 0, false};
    if (layout.line.overflow || layout.piece.overflow || !e->result)
        return;
    int budget = (e->extra_lines > 0 ? e->extra_lines : 1) + (shown_is_matrix(e->result) ? e->result->rows : 1);
    const char *candidates[] = {e->numbers, e->numbers_named};
    for (int i = 0; i < 2; i++)
        if (candidates[i] && strcmp(candidates[i], e->symbolic) != 0 &&
            lay_out(&layout, e, candidates[i], false) <= budget && !layout.too_wide) {
            lay_out(&layout, e, candidates[i], true);
            return;
        }
    lay_out(&layout, e, NULL, true);
}

