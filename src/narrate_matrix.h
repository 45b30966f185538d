/* narrate_matrix: vectors and matrices in a line of narration, and
 * equations over them laid out to a width.  The layer view
 * (narrate_layer.c) builds its lines from these; nothing else uses them.
 *
 * A vector is written on one line: [a; b] is a column, [a b] a row, and a
 * vector of one element is just its number.  A matrix is written
 * [a b; c d] where the line has room, and otherwise, as a result, one row
 * a line with its columns aligned:
 *     dL/dW1 = δ1 xᵀ ≈ [ −0.001265  −0.002531 ]
 *                      [ −0.001064  −0.002128 ]
 * Every allocation comes from an Arena the caller frees. */
#ifndef BACKSTEP_NARRATE_MATRIX_H
#define BACKSTEP_NARRATE_MATRIX_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "narrate.h"
#include "numfmt.h"
#include "quantity.h"

/* Text that grows up to NARR_LINE_MAX bytes; past that it overflows, and
 * overflowing text is never shown. */
typedef struct {
    char *text;
    size_t used, size;
    bool overflow;
} Text;

/* Empty text in the arena (overflowed already when memory runs out). */
Text text_new(Arena *arena);

/* Appends printf-style text. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void text_add(Text *text, const char *format, ...);

/* Empties the text (and forgets an overflow). */
void text_clear(Text *text);

/* A vector or matrix as it is shown: each entry's text, and its name. */
typedef struct {
    int rows, cols;
    char (*entry)[NUM_TEXT_MAX];   /* row-major; "" where nothing was put */
    int n_set;                     /* entries put so far */
    bool rounded;                  /* some entry is shown rounded */
    char name[NAME_MAX + 8];       /* its name in a formula: W1, x, δ2, a1ᵀ */
} Shown;

/* A rows × cols Shown with no entries and no name, or NULL when memory runs out. */
Shown *shown_new(Arena *arena, int rows, int cols);

/* Puts the text of entry (row, col); `rounded` says it is not exact.
 * Entries outside the shape are ignored. */
void shown_put(Shown *shown, int row, int col, const char *text, bool rounded);

bool shown_is_scalar(const Shown *shown);    /* 1 × 1: written as a number */
bool shown_is_matrix(const Shown *shown);    /* more than one row and column */
bool shown_is_complete(const Shown *shown);  /* not NULL, and every entry put */

/* Appends the one-line form: a number, [a b], [a; b] or [a b; c d].  With
 * `parenthesize`, a negative number goes in parentheses, as an operand
 * inside a formula does. */
void shown_inline(const Shown *shown, bool parenthesize, Text *out);

/* How two factors are written multiplied: " × " when either is a number,
 * else side by side (a matrix times a vector, a column times a row). */
const char *shown_product(const Shown *a, const Shown *b);

/* One line of narration: LHS SYMBOLIC = NUMBERS ≈ RESULT. */
typedef struct {
    const char *lhs;            /* "z1 =", "δ1 = dL/dz1 =", "W1 ←" */
    const char *symbolic;       /* the formula in names */
    const char *numbers;        /* with the numbers put in, or NULL */
    const char *numbers_named;  /* the same with each matrix kept as its name, or NULL */
    const Shown *result;
    int extra_lines;            /* lines the numbers may add to the fewest the equation takes */
} Equation;

/* Prints the equation within style->width, broken after a whole part
 * where the width asks, each continuation under its first = (or ←).  The
 * numbers are put in where they cost at most e->extra_lines more lines
 * than the result takes; else the numbers with each matrix kept as its
 * name; else none.  A matrix result with no room on one line is written a
 * row a line. */
void equation_print(FILE *out, const Style *style, Arena *arena, const Equation *e);

#endif
