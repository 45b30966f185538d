/* plot: a curve drawn in the terminal, such as a training loss curve.
 *
 * plot_write draws y[i] over x[i] as connected line segments inside
 * labelled axes: y tick labels and a vertical axis on the left, the x axis
 * underneath with the first, last and (room permitting) a middle x, and
 * the axis names.  Three character sets: braille (each character holds
 * 2×4 dots, so the curve is drawn at twice the columns and four times the
 * rows), block elements (a bar per column, ▁ to █, in eighths of a row)
 * and 7-bit ASCII ('*' on '|', '-', '+' axes).
 *
 * Every line fits `width` display columns.  When several points fall in
 * one dot column the column is drawn from their smallest to their largest
 * value, so a spike among thousands of points is never lost.  Numbers pass
 * through num_format().  The module allocates nothing. */
#ifndef BACKSTEP_PLOT_H
#define BACKSTEP_PLOT_H

#include <stdbool.h>
#include <stdio.h>

enum {
    PLOT_MIN_WIDTH = 40,    /* narrower widths are drawn at this width */
    PLOT_MAX_WIDTH = 1000,  /* wider ones at this */
    PLOT_MIN_HEIGHT = 4,
    PLOT_MAX_HEIGHT = 200,
};

typedef enum {
    PLOT_BRAILLE,   /* U+2800..U+28FF, 2×4 dots per character */
    PLOT_BLOCK,     /* lower block elements U+2581..U+2588, a bar per column */
    PLOT_ASCII,     /* '*' marks, '|', '-', '+' axes: 7-bit output (if the labels are) */
} PlotCharset;

typedef struct {
    int width;              /* total columns of every line, labels included (clamped to 40..1000) */
    int height;             /* rows of the plotting area (clamped to 4..200) */
    PlotCharset charset;
    bool log_y;             /* logarithmic y axis: every y must be > 0 */
    const char *x_label;    /* written centred under the x axis ("epoch"); NULL or "" for none */
    const char *y_label;    /* written above the y axis ("loss"); NULL or "" for none */
    bool unicode_minus;     /* U+2212 for a minus sign in numbers (never with PLOT_ASCII) */
} PlotOptions;

/* Writes the curve y[i] over x[i], i < n, to out: a line with y_label
 * (and "(log scale)"), `height` rows of plot, the x axis, its tick labels
 * and a line with x_label; `height` + 4 lines at most, each ending in a
 * newline.  Expects n >= 1, x strictly increasing and every value finite
 * (and y > 0 with log_y); otherwise writes one line, "(no plot: ...)",
 * saying what is wrong.  When all y are equal (n == 1 included) the y axis
 * spans a round range around them with their value on the middle tick;
 * a single x gets a range around it with it in the middle. */
void plot_write(FILE *out, const double *x, const double *y, int n, const PlotOptions *options);

#endif
