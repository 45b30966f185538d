/* Unit tests of plot_write.  Where each point must land, which rows carry
 * which tick labels and where the x ticks go are worked out by hand in
 * the comments, from the layout plot.h promises:
 *
 *     line 0           y label, starting above the axis
 *     lines 1..H       plot rows; row k stands for top - k (top - bottom) / (H - 1);
 *                      tick labels right-aligned before a space and the axis
 *     line H + 1       the x axis
 *     line H + 2       x tick labels, centred under their ticks
 *     line H + 3       x label, centred under the plotting area
 *
 * The gutter is as wide as the longest y tick label plus one space, so
 * with labels of L columns the axis is column L + 1 and the plotting area
 * starts at column L + 2. */
#include <math.h>
#include <stdlib.h>

#include "plot.h"
#include "tap.h"

enum { MAX_LINES = 64, MAX_COLUMNS = 1100, BRAILLE = 0x2800 };

/* The output read back as code points, a line per row. */
typedef struct {
    unsigned grid[MAX_LINES][MAX_COLUMNS];   /* code points, 0 past a line's end */
    int columns[MAX_LINES];                  /* display columns of each line */
    int n_lines;
    bool seven_bit;                          /* every byte below 0x80 */
} Drawing;

static void decode(const char *text, Drawing *drawing)
{
    memset(drawing, 0, sizeof *drawing);
    drawing->seven_bit = true;
    int line = 0, x = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p && line < MAX_LINES;) {
        if (*p == '\n') {
            drawing->columns[line] = x;
            line++, x = 0, p++;
            continue;
        }
        if (*p >= 0x80)
            drawing->seven_bit = false;
        unsigned code = *p;
        int length = code < 0x80 ? 1 : code < 0xE0 ? 2 : code < 0xF0 ? 3 : 4;
        code = length == 1 ? code : code & (0xFF >> (length + 1));
        for (int i = 1; i < length && p[i]; i++)
            code = (code << 6) | (p[i] & 0x3F);
        if (x < MAX_COLUMNS)
            drawing->grid[line][x] = code;
        x++;
        p += length;
    }
    drawing->n_lines = line;
}

static Drawing *plotted(const double *x, const double *y, int n, const PlotOptions *options)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    plot_write(out, x, y, n, options);
    fclose(out);
    Drawing *drawing = malloc(sizeof *drawing);
    decode(text, drawing);
    free(text);
    return drawing;
}

/* True when `text` (ASCII) stands at column x of the line. */
static bool text_at(const Drawing *drawing, int line, int x, const char *text)
{
    for (int i = 0; text[i]; i++)
        if (x + i >= MAX_COLUMNS || drawing->grid[line][x + i] != (unsigned char)text[i])
            return false;
    return true;
}

/* The number a line starts with (its y tick label, if any) into word;
 * "" when it starts with the axis. */
static void first_word(const Drawing *drawing, int line, char *word, int size)
{
    int x = 0, n = 0;
    while (x < MAX_COLUMNS && drawing->grid[line][x] == ' ')
        x++;
    while (x < MAX_COLUMNS && n + 1 < size && drawing->grid[line][x] < 0x80 &&
           strchr("0123456789.e-", (int)drawing->grid[line][x]) && drawing->grid[line][x])
        word[n++] = (char)drawing->grid[line][x++];
    word[n] = '\0';
}

/* The braille dots as a grid: dot row 4k + dy, dot column 2c + dx for the
 * character at plot row k and plot column c (plot columns from `left`). */
static bool dot(const Drawing *drawing, int left, int dot_row, int dot_column)
{
    static const unsigned bits[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
    unsigned code = drawing->grid[1 + dot_row / 4][left + dot_column / 2];
    if (code < BRAILLE || code > BRAILLE + 0xFF)
        return false;
    return (code - BRAILLE) & bits[dot_column % 2][dot_row % 4];
}

/* ---- an ASCII plot worked out point by point ----------------------------- */

/* y = 10, 8, 6, 4, 2, 0 over x = 1..6, width 40, height 6.
 * y ticks on rows 0, 6/2 = 3 and 5: 10, 10 - 3 × 10/5 = 4, and 0.  The
 * labels are 2 columns, so the axis is column 3 and the plot's 36 columns
 * are 4..39.  x = 1..6 spreads over plot columns 0..35, 7 per step, and y
 * falls one row per step: point i (x = i + 1) lands on plot row i, column
 * 7i, text line 1 + i, text column 4 + 7i.  The middle x tick is 3.5
 * rounded to a whole number, 4: plot column 21, text column 25. */
static void test_ascii_points(void)
{
    const double x[] = {1, 2, 3, 4, 5, 6}, y[] = {10, 8, 6, 4, 2, 0};
    PlotOptions options = {.width = 40, .height = 6, .charset = PLOT_ASCII, .x_label = "epoch", .y_label = "loss"};
    Drawing *drawing = plotted(x, y, 6, &options);

    tap_ok(drawing->n_lines == 10, "ascii: 1 + 6 + 3 lines (got %d)", drawing->n_lines);
    tap_ok(text_at(drawing, 0, 3, "loss"), "ascii: 'loss' above the axis at column 3");
    for (int i = 0; i < 6; i++) {
        int others = 0;
        for (int row = 0; row < 6; row++)
            others += row != i && drawing->grid[1 + row][4 + 7 * i] == '*';
        tap_ok(drawing->grid[1 + i][4 + 7 * i] == '*' && others == 0,
               "ascii: point (%g, %g) is the only '*' of column %d, on line %d", x[i], y[i], 4 + 7 * i, 1 + i);
    }
    /* between points the line: plot column c covers x = 1 + (c ± 0.5)/7,
     * where the line is at row (c ± 0.5)/7, rounded; every column has a '*' */
    bool on_line = true, every_column = true;
    for (int c = 0; c < 36; c++) {
        int marks = 0;
        for (int row = 0; row < 6; row++) {
            if (drawing->grid[1 + row][4 + c] != '*')
                continue;
            marks++;
            if (fabs(row - c / 7.0) > 0.5 + 0.5 / 7 + 1e-9)
                on_line = false;
        }
        if (marks == 0)
            every_column = false;
    }
    tap_ok(on_line, "ascii: every '*' lies within half a row of the line");
    tap_ok(every_column, "ascii: the line is continuous (a '*' in every column)");

    tap_ok(text_at(drawing, 1, 0, "10 +") && text_at(drawing, 4, 0, " 4 +") && text_at(drawing, 6, 0, " 0 +"),
           "ascii: y ticks 10, 4, 0 on rows 0, 3, 5");
    tap_ok(text_at(drawing, 2, 0, "   |") && text_at(drawing, 3, 0, "   |") && text_at(drawing, 5, 0, "   |"),
           "ascii: the axis is '|' on the other rows");
    bool axis = text_at(drawing, 7, 3, "++");
    for (int c = 1; c < 36; c++)
        axis = axis && drawing->grid[7][4 + c] == (c == 21 || c == 35 ? '+' : '-');
    tap_ok(axis, "ascii: x axis '+' at the corner, ticks '+' at plot columns 0, 21, 35, '-' between");
    tap_ok(text_at(drawing, 8, 4, "1") && text_at(drawing, 8, 25, "4") && text_at(drawing, 8, 39, "6"),
           "ascii: x labels 1, 4, 6 at columns 4, 25, 39");
    /* 'epoch' centred: 4 + (36 - 5) / 2 = 19 */
    tap_ok(text_at(drawing, 9, 19, "epoch"), "ascii: 'epoch' centred at column 19");
    tap_ok(drawing->seven_bit, "ascii: 7-bit output");
    free(drawing);
}

/* ---- widths -------------------------------------------------------------- */

static void test_widths(void)
{
    enum { N = 200 };
    static double x[N], decay[N], huge[N], tiny[N], spanning[N], waves[N];
    for (int i = 0; i < N; i++) {
        x[i] = i + 1;
        decay[i] = 0.25 * exp(-x[i] / 20);
        huge[i] = 1e12 * exp(-x[i] / 3);
        tiny[i] = -1e-12 * (1 + sin(x[i] / 7));
        spanning[i] = pow(10.0, -8.0 * i / (N - 1));
        waves[i] = 1e5 * sin(x[i] / 9) - 1e-3;
    }
    const double *curves[] = {decay, huge, tiny, spanning, waves};
    const char *names[] = {"decay", "1e12 down to 0", "-1e-12", "log 1..1e-8", "sine 1e5"};
    const int widths[] = {40, 60, 80};
    const char *charsets[] = {"braille", "block", "ascii"};
    for (int charset = 0; charset < 3; charset++)
        for (int w = 0; w < 3; w++) {
            int widest = 0, lines = 0;
            bool seven_bit = true, expected_lines = true;
            for (int c = 0; c < 5; c++) {
                PlotOptions options = {.width = widths[w], .height = 12, .charset = (PlotCharset)charset,
                                       .log_y = c == 3, .x_label = "epoch", .y_label = "loss",
                                       .unicode_minus = true};
                Drawing *drawing = plotted(x, curves[c], N, &options);
                for (int line = 0; line < drawing->n_lines; line++)
                    if (drawing->columns[line] > widest)
                        widest = drawing->columns[line];
                lines += drawing->n_lines;
                seven_bit = seven_bit && drawing->seven_bit;
                if (drawing->n_lines != 16)
                    expected_lines = tap_ok(false, "%s at %d: 16 lines (got %d)", names[c], widths[w],
                                            drawing->n_lines);
                free(drawing);
            }
            tap_ok(widest <= widths[w] && expected_lines, "%s at width %d: %d lines, the widest %d columns",
                   charsets[charset], widths[w], lines, widest);
            if (charset == PLOT_ASCII)
                tap_ok(seven_bit, "ascii at width %d: 7-bit even with unicode_minus asked for", widths[w]);
        }
}

/* ---- labels -------------------------------------------------------------- */

/* y = 11 - x over x = 0..11 at height 12: row k stands for 11 - k.  Tick
 * rows 0, 3 (2.75 rounded), 6 (the middle), 8 (8.25) and 11: labels 11,
 * 8, 5, 3, 0.  x ticks: 0, 11, and 5.5 rounded to a whole number, 6. */
static void test_labels(void)
{
    double x[12], y[12];
    for (int i = 0; i < 12; i++)
        x[i] = i, y[i] = 11 - i;
    PlotOptions options = {.width = 80, .height = 12, .charset = PLOT_BRAILLE, .x_label = "epoch", .y_label = "loss"};
    Drawing *drawing = plotted(x, y, 12, &options);
    const char *expected[12] = {"11", "", "", "8", "", "", "5", "", "3", "", "", "0"};
    bool all = true;
    for (int row = 0; row < 12; row++) {
        char word[32];
        first_word(drawing, 1 + row, word, sizeof word);
        if (strcmp(word, expected[row]) != 0)
            all = tap_ok(false, "labels: row %d reads '%s', expected '%s'", row, word, expected[row]);
    }
    tap_ok(all, "labels: y ticks 11, 8, 5, 3, 0 on rows 0, 3, 6, 8, 11");
    /* labels 2 wide: axis at column 3, plot columns 4..79 (76, so 152 dot
     * columns); x = 6 is dot column 6/11 × 151 = 82.4, plot column 41 */
    tap_ok(text_at(drawing, 14, 4, "0") && text_at(drawing, 14, 45, "6") && text_at(drawing, 14, 78, "11"),
           "labels: x ticks 0, 6, 11 at columns 4, 45, 78..79");
    tap_ok(drawing->grid[13][4] == 0x252C && drawing->grid[13][45] == 0x252C && drawing->grid[13][79] == 0x252C &&
               drawing->grid[13][3] == 0x2514 && drawing->grid[1][3] == 0x2524 && drawing->grid[2][3] == 0x2502,
           "labels: axis drawn with └ ┬ ┤ │");
    free(drawing);

    /* the extremes of other curves: 0.75 down to 0.0625 over epochs 1..100;
     * 1 down to 1e-8 on a log axis; 3e-12 down to 1e-12; up to 1e12 */
    double xs[100], linear[100], logarithmic[100], tiny[100], huge[100];
    for (int i = 0; i < 100; i++) {
        xs[i] = i + 1;
        linear[i] = 0.75 - (0.75 - 0.0625) * i / 99;
        logarithmic[i] = pow(10.0, -8.0 * i / 99);
        tiny[i] = 3e-12 - 2e-12 * i / 99;
        huge[i] = 1e12 * i / 99;
    }
    const double *curves[] = {linear, logarithmic, tiny, huge};
    const char *top[] = {"0.75", "1", "3e-12", "1e12"}, *bottom[] = {"0.0625", "1e-8", "1e-12", "0"};
    for (int c = 0; c < 4; c++) {
        PlotOptions with = {.width = 60, .height = 8, .charset = PLOT_ASCII, .log_y = c == 1};
        Drawing *d = plotted(xs, curves[c], 100, &with);
        char first[32], last[32], x_first[32];
        first_word(d, 0, first, sizeof first);
        first_word(d, 7, last, sizeof last);
        first_word(d, 9, x_first, sizeof x_first);
        /* no y label with log_y: line 0 says "(log scale)" and the rows start at line 1 */
        if (c == 1) {
            first_word(d, 1, first, sizeof first);
            first_word(d, 8, last, sizeof last);
            first_word(d, 10, x_first, sizeof x_first);
        }
        int tick_line = c == 1 ? 10 : 9;
        bool last_x = d->columns[tick_line] == 60 && text_at(d, tick_line, 57, "100");
        tap_ok(strcmp(first, top[c]) == 0 && strcmp(last, bottom[c]) == 0 && strcmp(x_first, "1") == 0 && last_x,
               "labels: y from %s (got %s) to %s (got %s), x from 1 (got %s) to 100 at the right edge", top[c],
               first, bottom[c], last, x_first);
        free(d);
    }
}

/* ---- braille ------------------------------------------------------------- */

/* 0.25 e^(-x/20), x = 1..100, width 80, height 12: reading the dot
 * columns left to right, the highest and the lowest dot never rise; the
 * first column reaches the top dot, the last the bottom one. */
static void test_braille_monotone(void)
{
    double x[100], y[100];
    for (int i = 0; i < 100; i++)
        x[i] = i + 1, y[i] = 0.25 * exp(-x[i] / 20);
    PlotOptions options = {.width = 80, .height = 12, .charset = PLOT_BRAILLE, .y_label = "loss"};
    Drawing *drawing = plotted(x, y, 100, &options);
    int axis = 0;
    while (axis < 80 && drawing->grid[1][axis] != 0x2524)
        axis++;
    int left = axis + 1, dot_columns = 2 * (80 - left);
    int previous_top = 0, previous_bottom = 0;
    bool monotone = true, continuous = true;
    for (int column = 0; column < dot_columns; column++) {
        int top = -1, bottom = -1;
        for (int row = 0; row < 48; row++)
            if (dot(drawing, left, row, column)) {
                if (top < 0)
                    top = row;
                bottom = row;
            }
        if (top < 0) {
            continuous = false;
            continue;
        }
        if (top < previous_top || bottom < previous_bottom)
            monotone = false;
        if (top > previous_bottom + 1)   /* a gap between neighbouring columns */
            continuous = false;
        previous_top = top, previous_bottom = bottom;
    }
    tap_ok(axis < 80, "braille: the axis found at column %d", axis);
    tap_ok(monotone, "braille: highest and lowest dots never rise left to right");
    tap_ok(continuous, "braille: every dot column has dots, touching its left neighbour's");
    tap_ok(dot(drawing, left, 0, 0) && dot(drawing, left, 47, dot_columns - 1),
           "braille: first column at the top dot, last at the bottom dot");
    free(drawing);
}

/* y = 1 for x = 0..999 but y(500) = 10.  Labels 10, 7.545, 5.091, 3.455
 * and 1 are 5 columns wide: the axis is column 6, the plot's 73 columns
 * (146 dot columns) start at 7.  Dot column d covers x = (d ± 0.5) × 999
 * / 145: only d = 73 (499.5..506.4) holds x = 500, so the top dot row has
 * one dot, in column 73: the right half of plot column 36.  In ASCII plot
 * column 36 covers x = (36 ± 0.5) × 999 / 72 = 492.6..506.4. */
static void test_spike(void)
{
    enum { N = 1000 };
    static double x[N], y[N];
    for (int i = 0; i < N; i++)
        x[i] = i, y[i] = 1;
    y[500] = 10;
    PlotOptions options = {.width = 80, .height = 12, .charset = PLOT_BRAILLE, .y_label = "loss"};
    Drawing *drawing = plotted(x, y, N, &options);
    int top_dots = 0, where = -1;
    for (int column = 0; column < 146; column++)
        if (dot(drawing, 7, 0, column))
            top_dots++, where = column;
    tap_ok(drawing->grid[1][6] == 0x2524 && top_dots == 1 && where == 73,
           "braille: the spike is the one dot on the top row, dot column 73 (got %d dots, at %d)", top_dots, where);
    free(drawing);

    for (int charset = PLOT_BLOCK; charset <= PLOT_ASCII; charset++) {
        options.charset = (PlotCharset)charset;
        drawing = plotted(x, y, N, &options);
        int marks = 0;
        where = -1;
        for (int column = 7; column < 80; column++)
            if (drawing->grid[1][column] != ' ' && drawing->grid[1][column] != 0)
                marks++, where = column;
        tap_ok(marks == 1 && where == 7 + 36, "%s: the spike is the one mark on the top row, at column 43 (got %d, at %d)",
               charset == PLOT_BLOCK ? "block" : "ascii", marks, where);
        free(drawing);
    }
}

/* ---- flat curves and single points --------------------------------------- */

/* y = 1 for x = 1..100, height 12: a round step of 0.5/11 rounded up to
 * 0.05 per row with 1 on the middle row 6: top 1 + 6 × 0.05 = 1.3, bottom
 * 1 - 5 × 0.05 = 0.75; ticks on rows 0, 3, 6, 8, 11: 1.3, 1.15, 1, 0.9,
 * 0.75.  Labels 4 wide: plot columns 6..79. */
static void test_flat(void)
{
    double x[100], y[100];
    for (int i = 0; i < 100; i++)
        x[i] = i + 1, y[i] = 1;
    PlotOptions options = {.width = 80, .height = 12, .charset = PLOT_ASCII};
    Drawing *drawing = plotted(x, y, 100, &options);
    const char *expected[12] = {"1.3", "", "", "1.15", "", "", "1", "", "0.9", "", "", "0.75"};
    bool labels = true, line = true;
    for (int row = 0; row < 12; row++) {
        char word[32];
        first_word(drawing, row, word, sizeof word);
        labels = labels && strcmp(word, expected[row]) == 0;
        for (int column = 6; column < 80; column++)
            line = line && (drawing->grid[row][column] == '*') == (row == 6);
    }
    tap_ok(labels, "flat: y ticks 1.3, 1.15, 1, 0.9, 0.75");
    tap_ok(line, "flat: '*' all along row 6 and nowhere else");
    free(drawing);

    /* 0, -3, 1e-12 and 1e12 flat: ranges around them, labels distinct */
    const double values[] = {0, -3, 1e-12, 1e12};
    const char *middle[] = {"0", "-3", "1e-12", "1e12"};
    for (int v = 0; v < 4; v++) {
        for (int i = 0; i < 100; i++)
            y[i] = values[v];
        for (int charset = 0; charset < 3; charset++) {
            options.charset = (PlotCharset)charset;
            drawing = plotted(x, y, 100, &options);
            bool distinct = true, fits = drawing->n_lines == 14;
            char words[5][32];
            const int tick_rows[5] = {0, 3, 6, 8, 11};
            for (int j = 0; j < 5; j++) {
                first_word(drawing, tick_rows[j], words[j], sizeof words[j]);
                distinct = distinct && *words[j] && (j == 0 || strcmp(words[j], words[j - 1]) != 0);
            }
            for (int i = 0; i < drawing->n_lines; i++)
                fits = fits && drawing->columns[i] <= 80;
            tap_ok(distinct && fits && strcmp(words[2], middle[v]) == 0,
                   "flat at %g (charset %d): 14 lines within 80 columns, ticks %s %s %s %s %s, %s in the middle",
                   values[v], charset, words[0], words[1], words[2], words[3], words[4], middle[v]);
            free(drawing);
        }
    }
}

/* One point (7, 0.5): x spreads half of 7, rounded up to 4, either side:
 * 3..11, ticks 3, 11 and 7.  y steps 0.25/11 rounded up to 0.05 per row,
 * 0.5 on row 6: ticks 0.8, 0.65, 0.5, 0.4, 0.25, 4 wide, so the plot's 74
 * columns start at 6.  x = 7 is plot column (7 - 3)/8 × 73 = 36.5, rounded
 * 37: text column 43. */
static void test_single_point(void)
{
    const double x[] = {7}, y[] = {0.5};
    PlotOptions options = {.width = 80, .height = 12, .charset = PLOT_ASCII, .x_label = "epoch"};
    Drawing *drawing = plotted(x, y, 1, &options);
    int marks = 0, mark_row = -1, mark_column = -1;
    for (int row = 0; row < 12; row++)
        for (int column = 6; column < 80; column++)
            if (drawing->grid[row][column] == '*')
                marks++, mark_row = row, mark_column = column;
    tap_ok(marks == 1 && mark_row == 6 && mark_column == 43, "one point: one '*', row 6, column 43 (got %d at %d, %d)",
           marks, mark_row, mark_column);
    char word[32];
    first_word(drawing, 6, word, sizeof word);
    tap_ok(strcmp(word, "0.5") == 0, "one point: its row is labelled 0.5 (got %s)", word);
    tap_ok(text_at(drawing, 13, 6, "3") && text_at(drawing, 13, 43, "7") && text_at(drawing, 13, 78, "11"),
           "one point: x ticks 3, 7, 11 at columns 6, 43, 78..79");
    free(drawing);

    for (int charset = PLOT_BRAILLE; charset <= PLOT_BLOCK; charset++) {
        options.charset = (PlotCharset)charset;
        drawing = plotted(x, y, 1, &options);
        int cells = 0;
        bool fits = true;
        for (int row = 0; row < 12; row++)
            for (int column = 6; column < 80; column++)
                cells += drawing->grid[row][column] != ' ' && drawing->grid[row][column] != 0;
        for (int i = 0; i < drawing->n_lines; i++)
            fits = fits && drawing->columns[i] <= 80;
        /* braille: one dot; block: a bar from row 6 down to row 11 */
        int expected = charset == PLOT_BRAILLE ? 1 : 6;
        tap_ok(cells == expected && fits, "one point, %s: %d cells drawn (got %d), within 80 columns",
               charset == PLOT_BRAILLE ? "braille" : "block", expected, cells);
        free(drawing);
    }
}

/* What cannot be drawn is said in one line. */
static void test_refused(void)
{
    const double x[] = {1, 3, 2}, y[] = {1, 2, 0};
    PlotOptions options = {.width = 80, .height = 12, .charset = PLOT_ASCII, .log_y = true};
    Drawing *drawing = plotted(x, y, 3, &options);
    tap_ok(drawing->n_lines == 1 && text_at(drawing, 0, 0, "(no plot: x does not increase at point 3"),
           "x going back: one line saying so");
    free(drawing);
    const double increasing[] = {1, 2, 3};
    drawing = plotted(increasing, y, 3, &options);
    tap_ok(drawing->n_lines == 1 && text_at(drawing, 0, 0, "(no plot: a log scale needs every y > 0 at point 3"),
           "y = 0 on a log axis: one line saying so");
    free(drawing);
    drawing = plotted(increasing, y, 0, &options);
    tap_ok(drawing->n_lines == 1 && text_at(drawing, 0, 0, "(no plot: there are no points"), "no points: one line");
    free(drawing);
}

int main(void)
{
    test_ascii_points();
    test_widths();
    test_labels();
    test_braille_monotone();
    test_spike();
    test_flat();
    test_single_point();
    test_refused();
    return tap_done();
}
