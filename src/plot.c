/* plot: a curve drawn in the terminal (see plot.h).
 *
 * The plotting area is a grid of dots: 2×4 per character in braille, one
 * per character in ASCII, and eight stacked eighths per character for the
 * block bars.  Each dot column covers an interval of x; the curve (the
 * line segments between consecutive points) takes some smallest and some
 * largest value over that interval, and the column's dots from the one to
 * the other are set.  Neighbouring columns share their boundary x, so the
 * runs of dots touch and a steep drop is drawn as one continuous line;
 * a column covering many points spans all of them, so spikes stay.
 *
 * Row k of the plotting area (0 at the top, `height` rows) stands for the
 * value top - k × (top - bottom) / (height - 1), in braille at a point
 * inside its character; that is the number its tick label shows.  A log
 * axis does all of this on log10(y). */
#include "plot.h"

#include <math.h>
#include <string.h>

#include "numfmt.h"

enum {
    CELL_BYTES = 5,                         /* one UTF-8 code point and its NUL */
    MAX_DOT_COLUMNS = 2 * PLOT_MAX_WIDTH,
    LABEL_DIGITS = 4,                       /* significant digits of tick labels, more when needed to tell them apart */
    MAX_LABEL_DIGITS = 15,
    MAX_Y_TICKS = 5,
    MAX_X_TICKS = 3,
    NO_RUN = -1,
};

/* The curve as the caller gave it, and how y is put on the axis. */
typedef struct {
    const double *x, *y;
    int n;
    bool log_y;
} Curve;

/* What is drawn where: the edges of the axes in plot space (log10 y on a
 * log axis), and the grid of dots. */
typedef struct {
    double left, right;       /* x at the first and last dot column */
    double top, bottom;       /* plot-space y at the top and bottom dot row */
    int columns, rows;        /* characters of the plotting area */
    int dot_columns_per_cell, dot_rows_per_cell;
    int dot_columns, dot_rows;
} Frame;

/* One line of output as cells of one display column each. */
typedef struct {
    char cells[PLOT_MAX_WIDTH][CELL_BYTES];
    int width;
} Line;

/* ---- the curve ---------------------------------------------------------- */

static double plot_space_y(const Curve *curve, int i)
{
    return curve->log_y ? log10(curve->y[i]) : curve->y[i];
}

/* The index of the first point with x > t (n when there is none). */
static int first_point_after(const Curve *curve, double t)
{
    int low = 0, high = curve->n;
    while (low < high) {
        int middle = low + (high - low) / 2;
        if (curve->x[middle] <= t)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

/* The curve's plot-space y at x = t, x[0] <= t <= x[n-1]: on the segment
 * between the points either side, linearly. */
static double curve_at(const Curve *curve, double t)
{
    int after = first_point_after(curve, t);
    if (after == 0)
        return plot_space_y(curve, 0);
    if (after >= curve->n)
        return plot_space_y(curve, curve->n - 1);
    int before = after - 1;
    double fraction = (t - curve->x[before]) / (curve->x[after] - curve->x[before]);
    double y_before = plot_space_y(curve, before), y_after = plot_space_y(curve, after);
    return y_before + fraction * (y_after - y_before);
}

/* The smallest and largest plot-space y of the curve for x in [a, b];
 * false when the interval misses the curve's x range. */
static bool curve_extent(const Curve *curve, double a, double b, double *lowest, double *highest)
{
    if (a < curve->x[0])
        a = curve->x[0];
    if (b > curve->x[curve->n - 1])
        b = curve->x[curve->n - 1];
    if (a > b)
        return false;
    double at_a = curve_at(curve, a), at_b = curve_at(curve, b);
    *lowest = fmin(at_a, at_b);
    *highest = fmax(at_a, at_b);
    for (int i = first_point_after(curve, a); i < curve->n && curve->x[i] < b; i++) {
        double value = plot_space_y(curve, i);
        *lowest = fmin(*lowest, value);
        *highest = fmax(*highest, value);
    }
    return true;
}

/* What is wrong with the curve, or NULL when it can be drawn. */
static const char *curve_problem(const Curve *curve, int *at)
{
    if (curve->n < 1 || !curve->x || !curve->y)
        return "there are no points to plot";
    for (int i = 0; i < curve->n; i++) {
        *at = i;
        if (!isfinite(curve->x[i]) || !isfinite(curve->y[i]))
            return "a value is not finite";
        if (i > 0 && !(curve->x[i] > curve->x[i - 1]))
            return "x does not increase";
        if (curve->log_y && !(curve->y[i] > 0))
            return "a log scale needs every y > 0";
    }
    return NULL;
}

static bool all_x_integers(const Curve *curve)
{
    for (int i = 0; i < curve->n; i++)
        if (curve->x[i] != floor(curve->x[i]) || fabs(curve->x[i]) >= 1e15)
            return false;
    return true;
}

/* ---- the frame ---------------------------------------------------------- */

/* The smallest of 1, 2, 5 times a power of ten that is at least t > 0. */
static double nice_step(double t)
{
    double power = pow(10.0, floor(log10(t)));
    double fraction = t / power;
    double nice = fraction <= 1.0 + 1e-9 ? 1.0 : fraction <= 2.0 + 1e-9 ? 2.0 : fraction <= 5.0 + 1e-9 ? 5.0 : 10.0;
    return nice * power;
}

/* The row of the middle y tick; also where a flat curve is drawn. */
static int middle_row(int rows)
{
    return rows / 2;
}

/* Top and bottom of the y axis: the curve's largest and smallest value.
 * A flat curve gets a range around its value in round steps per row (0.1
 * per row around 1), with the value on the middle tick row. */
static void frame_y_range(const Curve *curve, int rows, double *top, double *bottom)
{
    double highest = plot_space_y(curve, 0), lowest = highest;
    for (int i = 1; i < curve->n; i++) {
        highest = fmax(highest, plot_space_y(curve, i));
        lowest = fmin(lowest, plot_space_y(curve, i));
    }
    double magnitude = fmax(fabs(highest), fabs(lowest));
    if (highest - lowest > 1e-9 * magnitude && highest > lowest) {
        *top = highest;
        *bottom = lowest;
        return;
    }
    double value = (highest + lowest) / 2;
    /* a span of half the value (1 around 0), so a positive value keeps a
     * positive axis, or of two decades when logarithmic */
    double span = curve->log_y ? 2.0 : value != 0 ? fabs(value) / 2 : 1.0;
    double step = nice_step(span / (rows - 1));
    int above = middle_row(rows);
    *top = value + above * step;
    *bottom = value - (rows - 1 - above) * step;
}

/* Left and right of the x axis: the first and last x; a single point gets
 * half its size either side (1 around 0; whole for integer x). */
static void frame_x_range(const Curve *curve, bool integers, double *left, double *right)
{
    if (curve->n > 1) {
        *left = curve->x[0];
        *right = curve->x[curve->n - 1];
        return;
    }
    double x = curve->x[0];
    double pad = x != 0 ? fabs(x) / 2 : 1.0;
    if (integers)
        pad = ceil(pad);
    *left = x - pad;
    *right = x + pad;
}

static Frame frame_new(const Curve *curve, PlotCharset charset, int columns, int rows, bool integers)
{
    Frame frame = {.columns = columns, .rows = rows};
    frame.dot_columns_per_cell = charset == PLOT_BRAILLE ? 2 : 1;
    frame.dot_rows_per_cell = charset == PLOT_BRAILLE ? 4 : charset == PLOT_BLOCK ? 8 : 1;
    frame.dot_columns = columns * frame.dot_columns_per_cell;
    frame.dot_rows = rows * frame.dot_rows_per_cell;
    frame_x_range(curve, integers, &frame.left, &frame.right);
    frame_y_range(curve, rows, &frame.top, &frame.bottom);
    return frame;
}

/* The x at dot column `column` (fractions allowed). */
static double frame_x(const Frame *frame, double column)
{
    return frame->left + column / (frame->dot_columns - 1) * (frame->right - frame->left);
}

/* The character column of the plotting area where x lies. */
static int frame_character_column(const Frame *frame, double x)
{
    double dot = (x - frame->left) / (frame->right - frame->left) * (frame->dot_columns - 1);
    int column = (int)floor(dot + 0.5) / frame->dot_columns_per_cell;
    return column < 0 ? 0 : column >= frame->columns ? frame->columns - 1 : column;
}

/* The dot row (0 at the top) of a plot-space y, clamped to the area. */
static int frame_dot_row(const Frame *frame, double y)
{
    double row = (frame->top - y) / (frame->top - frame->bottom) * (frame->dot_rows - 1);
    int rounded = (int)floor(row + 0.5);
    return rounded < 0 ? 0 : rounded >= frame->dot_rows ? frame->dot_rows - 1 : rounded;
}

/* The value (as the caller gave it, not in plot space) of character row
 * k; rounding noise around 0 (1.1e-16 on 0.6 - 6/11 × 1.1) is 0. */
static double frame_row_value(const Frame *frame, bool log_y, int k)
{
    double range = frame->top - frame->bottom;
    double value = frame->top - (double)k / (frame->rows - 1) * range;
    if (fabs(value) < 1e-9 * range)
        value = 0;
    return log_y ? pow(10.0, value) : value;
}

/* For every dot column, the run of dots set: from run_top to run_bottom
 * (rows, inclusive), or NO_RUN in both.  Block bars reach the bottom. */
static void frame_runs(const Frame *frame, const Curve *curve, PlotCharset charset, int *run_top,
                       int *run_bottom)
{
    for (int column = 0; column < frame->dot_columns; column++)
        run_top[column] = run_bottom[column] = NO_RUN;
    if (curve->n == 1) {   /* one dot, even where it lies on the boundary of two columns */
        double dot = (curve->x[0] - frame->left) / (frame->right - frame->left) * (frame->dot_columns - 1);
        int column = (int)floor(dot + 0.5);
        run_top[column] = frame_dot_row(frame, plot_space_y(curve, 0));
        run_bottom[column] = charset == PLOT_BLOCK ? frame->dot_rows - 1 : run_top[column];
        return;
    }
    for (int column = 0; column < frame->dot_columns; column++) {
        double lowest, highest;
        if (!curve_extent(curve, frame_x(frame, column - 0.5), frame_x(frame, column + 0.5), &lowest, &highest))
            continue;
        run_top[column] = frame_dot_row(frame, highest);
        run_bottom[column] = charset == PLOT_BLOCK ? frame->dot_rows - 1 : frame_dot_row(frame, lowest);
    }
}

/* ---- lines of cells ------------------------------------------------------ */

static int text_columns(const char *text)
{
    int columns = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if ((*p & 0xC0) != 0x80)
            columns++;
    return columns;
}

static void line_clear(Line *line, int width)
{
    line->width = width;
    for (int i = 0; i < width; i++)
        strcpy(line->cells[i], " ");
}

static void line_put_code_point(Line *line, int column, unsigned code)
{
    if (column < 0 || column >= line->width)
        return;
    char *cell = line->cells[column];
    if (code < 0x80) {
        cell[0] = (char)code;
        cell[1] = '\0';
    } else if (code < 0x800) {
        cell[0] = (char)(0xC0 | code >> 6);
        cell[1] = (char)(0x80 | (code & 0x3F));
        cell[2] = '\0';
    } else {
        cell[0] = (char)(0xE0 | code >> 12);
        cell[1] = (char)(0x80 | (code >> 6 & 0x3F));
        cell[2] = (char)(0x80 | (code & 0x3F));
        cell[3] = '\0';
    }
}

/* Writes UTF-8 text from `column` on, a code point per cell; what lies
 * past the line's width is cut. */
static void line_put_text(Line *line, int column, const char *text)
{
    const char *p = text;
    while (*p && column < line->width) {
        size_t length = 1;
        while (p[length] && ((unsigned char)p[length] & 0xC0) == 0x80 && length < CELL_BYTES - 1)
            length++;
        if (column >= 0) {
            memcpy(line->cells[column], p, length);
            line->cells[column][length] = '\0';
        }
        p += length;
        column++;
    }
}

/* Writes the line without its trailing spaces, and a newline. */
static void line_write(FILE *out, const Line *line)
{
    int end = line->width;
    while (end > 0 && strcmp(line->cells[end - 1], " ") == 0)
        end--;
    for (int i = 0; i < end; i++)
        fputs(line->cells[i], out);
    fputc('\n', out);
}

/* ---- the plotting area --------------------------------------------------- */

/* The code point of character (row, column) of the plotting area. */
static unsigned plot_cell(const Frame *frame, PlotCharset charset, const int *run_top, const int *run_bottom,
                          int row, int column)
{
    static const unsigned char braille_bits[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
    unsigned bits = 0;
    int filled = 0;
    for (int dx = 0; dx < frame->dot_columns_per_cell; dx++) {
        int dot_column = column * frame->dot_columns_per_cell + dx;
        if (run_top[dot_column] == NO_RUN)
            continue;
        for (int dy = 0; dy < frame->dot_rows_per_cell; dy++) {
            int dot_row = row * frame->dot_rows_per_cell + dy;
            if (dot_row < run_top[dot_column] || dot_row > run_bottom[dot_column])
                continue;
            filled++;
            if (charset == PLOT_BRAILLE)
                bits |= braille_bits[dx][dy];
        }
    }
    if (filled == 0)
        return ' ';
    switch (charset) {
    case PLOT_BRAILLE:
        return 0x2800 + bits;
    case PLOT_BLOCK:
        return 0x2580 + (unsigned)filled;   /* ▁ (one eighth) .. █ (eight) */
    case PLOT_ASCII:
        break;
    }
    return '*';
}

/* ---- labels -------------------------------------------------------------- */

/* The rows that carry a y tick label: top, middle and bottom, and the
 * quarters when there are 9 rows or more.  Returns how many. */
static int y_tick_rows(int rows, int *tick_rows)
{
    if (rows < 9) {
        tick_rows[0] = 0;
        tick_rows[1] = middle_row(rows);
        tick_rows[2] = rows - 1;
        return 3;
    }
    for (int j = 0; j < MAX_Y_TICKS; j++)
        tick_rows[j] = (int)floor((double)j * (rows - 1) / (MAX_Y_TICKS - 1) + 0.5);
    tick_rows[(MAX_Y_TICKS - 1) / 2] = middle_row(rows);
    return MAX_Y_TICKS;
}

/* Formats the tick labels at LABEL_DIGITS significant digits, or more
 * when two neighbours would read the same. */
static void format_labels(char labels[][NUM_TEXT_MAX], const double *values, int count, bool unicode_minus)
{
    for (int digits = LABEL_DIGITS; digits <= MAX_LABEL_DIGITS; digits++) {
        bool distinct = true;
        for (int i = 0; i < count; i++) {
            num_format(labels[i], NUM_TEXT_MAX, values[i], digits, unicode_minus);
            if (i > 0 && strcmp(labels[i], labels[i - 1]) == 0)
                distinct = false;
        }
        if (distinct)
            return;
    }
}

/* Formats an x tick label: integers in full when every x is one. */
static void format_x_label(char *label, double x, bool integers, bool unicode_minus)
{
    num_format(label, NUM_TEXT_MAX, x, integers ? MAX_LABEL_DIGITS : LABEL_DIGITS, unicode_minus);
}

/* The x values that get a tick: the axis's ends, and a middle one: the
 * single point itself, or the middle rounded to a round step of about a
 * tenth of the axis (50 on 1..100; a whole number for integer x).
 * Returns how many. */
static int x_tick_values(const Frame *frame, const Curve *curve, bool integers, double *values)
{
    double middle = (frame->left + frame->right) / 2;
    double step = nice_step((frame->right - frame->left) / 10);
    if (integers && step < 1)
        step = 1;
    values[0] = frame->left;
    values[1] = frame->right;
    values[2] = curve->n == 1 ? curve->x[0] : floor(middle / step + 0.5) * step;
    return MAX_X_TICKS;
}

/* ---- writing --------------------------------------------------------- */

static void write_problem(FILE *out, const Curve *curve, const char *problem, int at, bool unicode_minus)
{
    if (curve->n < 1 || !curve->x || !curve->y) {
        fprintf(out, "(no plot: %s)\n", problem);
        return;
    }
    char x_text[NUM_TEXT_MAX], y_text[NUM_TEXT_MAX];
    num_format(x_text, sizeof x_text, curve->x[at], LABEL_DIGITS, unicode_minus);
    num_format(y_text, sizeof y_text, curve->y[at], LABEL_DIGITS, unicode_minus);
    fprintf(out, "(no plot: %s at point %d, x = %s, y = %s)\n", problem, at + 1, x_text, y_text);
}

static int clamp(int value, int low, int high)
{
    return value < low ? low : value > high ? high : value;
}

void plot_write(FILE *out, const double *x, const double *y, int n, const PlotOptions *options)
{
    static const PlotOptions defaults = {.width = 80, .height = 12, .charset = PLOT_BRAILLE};
    if (!options)
        options = &defaults;
    PlotCharset charset = options->charset;
    bool ascii = charset == PLOT_ASCII;
    bool unicode_minus = options->unicode_minus && !ascii;
    Curve curve = {.x = x, .y = y, .n = n, .log_y = options->log_y};
    int at = 0;
    const char *problem = curve_problem(&curve, &at);
    if (problem) {
        write_problem(out, &curve, problem, at, unicode_minus);
        return;
    }
    int width = clamp(options->width, PLOT_MIN_WIDTH, PLOT_MAX_WIDTH);
    int rows = clamp(options->height, PLOT_MIN_HEIGHT, PLOT_MAX_HEIGHT);
    bool integers = all_x_integers(&curve);

    /* the y tick labels decide the gutter, and so the plot's width */
    Frame frame = frame_new(&curve, charset, 1, rows, integers);
    int tick_rows[MAX_Y_TICKS];
    double tick_values[MAX_Y_TICKS];
    char y_labels[MAX_Y_TICKS][NUM_TEXT_MAX];
    int n_y_ticks = y_tick_rows(rows, tick_rows);
    for (int j = 0; j < n_y_ticks; j++)
        tick_values[j] = frame_row_value(&frame, curve.log_y, tick_rows[j]);
    format_labels(y_labels, tick_values, n_y_ticks, unicode_minus);
    int label_width = 0;
    for (int j = 0; j < n_y_ticks; j++)
        if (text_columns(y_labels[j]) > label_width)
            label_width = text_columns(y_labels[j]);
    int axis_column = label_width + 1;
    int columns = width - axis_column - 1;
    frame = frame_new(&curve, charset, columns, rows, integers);

    int run_top[MAX_DOT_COLUMNS], run_bottom[MAX_DOT_COLUMNS];
    frame_runs(&frame, &curve, charset, run_top, run_bottom);

    Line line;
    const char *y_name = options->y_label ? options->y_label : "";
    char y_title[256];
    snprintf(y_title, sizeof y_title, "%s%s%s", y_name, options->log_y && *y_name ? " " : "",
             options->log_y ? "(log scale)" : "");
    if (*y_title) {
        line_clear(&line, width);
        line_put_text(&line, text_columns(y_title) <= width - axis_column ? axis_column : 0, y_title);
        line_write(out, &line);
    }

    for (int row = 0; row < rows; row++) {
        line_clear(&line, width);
        bool is_tick = false;
        for (int j = 0; j < n_y_ticks; j++) {
            if (tick_rows[j] != row)
                continue;
            is_tick = true;
            line_put_text(&line, label_width - text_columns(y_labels[j]), y_labels[j]);
        }
        line_put_code_point(&line, axis_column, ascii ? (is_tick ? '+' : '|') : is_tick ? 0x2524 : 0x2502);
        for (int column = 0; column < columns; column++)
            line_put_code_point(&line, axis_column + 1 + column,
                                plot_cell(&frame, charset, run_top, run_bottom, row, column));
        line_write(out, &line);
    }

    /* the x axis: tick labels placed first, last, middle, each only where
     * it leaves a space to those already placed; the axis gets a tick
     * mark under every label placed */
    double x_values[MAX_X_TICKS];
    int n_x_ticks = x_tick_values(&frame, &curve, integers, x_values);
    Line labels;
    line_clear(&labels, width);
    line_clear(&line, width);
    line_put_code_point(&line, axis_column, ascii ? '+' : 0x2514);
    for (int column = 0; column < columns; column++)
        line_put_code_point(&line, axis_column + 1 + column, ascii ? '-' : 0x2500);
    int placed_start[MAX_X_TICKS], placed_end[MAX_X_TICKS], n_placed = 0;
    for (int j = 0; j < n_x_ticks; j++) {
        char label[NUM_TEXT_MAX];
        format_x_label(label, x_values[j], integers, unicode_minus);
        int length = text_columns(label);
        int tick_column = axis_column + 1 + frame_character_column(&frame, x_values[j]);
        int start = clamp(tick_column - (length - 1) / 2, 0, width - length);
        bool fits = start >= 0;
        for (int k = 0; k < n_placed && fits; k++)
            if (start <= placed_end[k] + 1 && start + length - 1 >= placed_start[k] - 1)
                fits = false;
        if (!fits)
            continue;
        line_put_text(&labels, start, label);
        line_put_code_point(&line, tick_column, ascii ? '+' : 0x252C);
        placed_start[n_placed] = start;
        placed_end[n_placed++] = start + length - 1;
    }
    line_write(out, &line);
    line_write(out, &labels);

    if (options->x_label && *options->x_label) {
        int length = text_columns(options->x_label);
        line_clear(&line, width);
        line_put_text(&line, clamp(axis_column + 1 + (columns - length) / 2, 0, width), options->x_label);
        line_write(out, &line);
    }
}
