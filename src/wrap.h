/* wrap: fits lines of narration to the width of a terminal.
 *
 * A long formula is broken before an operator, and its continuation lines
 * hang under its first = (or ←), so formula, numbers and value line up:
 *     dL/dW2[1,1] = dL/da2[1] × da2/dz2[1] × dz2[1]/dW2[1,1] = dL/dz2[1] × a1[1]
 *                 = (−0.005672) × 0.7109 ≈ −0.004033
 * Prose is broken between words (WRAP_PROSE).  A line is only ever broken where it has
 * a space, so a number or a name is never split.  Widths are display
 * columns: one for each UTF-8 character (σ, ×, −, ŷ), none for an ANSI
 * colour sequence. */
#ifndef BACKSTEP_WRAP_H
#define BACKSTEP_WRAP_H

#include <stddef.h>
#include <stdio.h>

enum {
    WRAP_HANG_AUTO = -1,   /* continuation lines hang under the first = or ← */
    WRAP_MIN_WIDTH = 20,   /* narrower widths are refused: a formula could not hang */
    WRAP_MAX_WIDTH = 1000,
};

typedef enum {
    WRAP_AUTO,      /* a formula when the line has an = or ← outside brackets, else prose */
    WRAP_FORMULA,   /* break before operators first */
    WRAP_PROSE,     /* break between words first */
} WrapText;

/* The display columns of text[0..length): code points, colour sequences left out. */
int wrap_columns(const char *text, size_t length);

/* Writes `line` (one line, without its newline) to out, broken into lines
 * of at most `width` columns wherever its spaces allow, with no newline
 * after the last.  Continuation lines are indented `hang` columns, or with
 * WRAP_HANG_AUTO: in a formula, under its first = or ← when that lies in
 * the first half of the width (else 4 columns deeper than the line); in
 * prose, as deep as the line (inside a note's parenthesis).  A width of 0
 * writes the line as it is. */
void wrap_line(FILE *out, const char *line, int width, int hang, WrapText text);

/* The width of the terminal that fd writes to: its size as the terminal
 * reports it, else $COLUMNS, else 80. */
int wrap_terminal_width(int fd);

#endif
