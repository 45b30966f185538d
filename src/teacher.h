/* teacher: what a teacher does with a sheet (a homework file whose
 * questions are `check NAME ___` lines).
 *
 *   backstep --key SHEET            the sheet with every blank filled
 *   backstep --sheet --student ID   the blank sheet with that student's numbers
 *   backstep --key --student ID     that student's key
 *   backstep --grade SHEET FILE...  a gradebook of filled copies, as CSV
 *
 * A sheet says which given numbers vary from student to student with
 * `vary NAME LO HI step S`.  A student's numbers are drawn from the ID
 * alone (a hash of the ID and NAME seeds NumPy's generator), so the same
 * ID gets the same numbers on every machine.  Draws that make the sheet
 * degenerate (a gradient of exactly 0, a relu exactly at its kink) are
 * drawn again: attempt 1, 2, ... until one is not. */
#ifndef BACKSTEP_TEACHER_H
#define BACKSTEP_TEACHER_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "session.h"
#include "sheet.h"

enum { TEACHER_MAX_ATTEMPTS = 64 };

/* True for an ID of 1 to 64 letters, digits, '.', '-' and '_', starting
 * with a letter or digit; false with `error` set. */
bool teacher_id_valid(const char *id, Error *error);

/* The value `vary NAME LO HI step S` gives student `id` at `attempt`: one
 * of LO, LO + S, ..., at most HI, written to S's decimals. */
double teacher_draw(const char *id, const char *name, long attempt, double lo, double hi, double step);

/* How many values LO, LO + S, ... up to HI there are. */
long teacher_draw_count(double lo, double hi, double step);

/* Chooses the attempt that gives student `id` a sheet that is not
 * degenerate (session->vary_attempt); false with `error` set ("SHEET:LINE:
 * ...") when a line of the sheet fails. */
bool teacher_choose_attempt(Session *session, const char *sheet, Error *error);

/* The sheet's attempt for `student` (see above): the first whose draws
 * are no more degenerate than the sheet's own numbers, with a warning on
 * `warn` (may be NULL) when none is; false with `error` set when a line fails. */
bool teacher_attempt(const Sheet *sheet, const char *student, long *attempt, FILE *warn, Error *error);

typedef enum {
    SHEET_KEY,     /* every ___ filled with the right value */
    SHEET_BLANK,   /* the questions left blank */
} SheetKind;

/* Writes the sheet at `path` to session->out as `kind` asks, for the
 * student in session->student ("" for none): `vary` lines become `set`
 * lines with that student's numbers and a `student ID` line comes first.
 * Returns an exit status (0, or 2 after saying why on session->err).  The
 * session is left as the filled sheet leaves it (for export). */
int teacher_write_sheet(Session *session, const char *path, SheetKind kind);

/* Grades each filled copy in files against the sheet at `sheet` and writes
 * the gradebook as CSV (RFC 4180) to out; problems go to err.  Returns 0
 * when every answer is right, 1 when one is wrong or missing, 2 when a
 * file could not be graded. */
int teacher_gradebook(const char *sheet, char *const *files, int n_files, bool ascii, FILE *out, FILE *err);

#endif
