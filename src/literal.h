/* literal: vectors and matrices as learners write them.
 *
 * backstep's own form lists rows separated by ';' ([0.1 0.2; 0.3 0.4]).
 * Learners who copy from Python write NumPy's form instead, with commas
 * and a bracketed list per row ([[0.1, 0.2], [0.3, 0.4]]), sometimes
 * inside np.array(...).  Both are read here into rows of number texts;
 * the caller parses and range-checks each number, so every number given to
 * backstep is read by one parser. */
#ifndef BACKSTEP_LITERAL_H
#define BACKSTEP_LITERAL_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* True when text is written as a literal: it starts with '[' or with
 * np.array( (or numpy.array(). */
bool literal_is_bracketed(const char *text);

/* Splits a literal (or a lone number, a 1x1 literal) into the texts of its
 * numbers, row after row: words[i] points into buffer, which holds `size`
 * bytes.  Sets *rows and *cols.  A ragged literal, an empty row, brackets
 * nested more than two deep, or more than `capacity` numbers are refused
 * with one line in `error`. */
bool literal_split(const char *text, char *buffer, size_t size, const char **words, int capacity, int *rows,
                   int *cols, Error *error);

/* For a literal holding exactly one number ([0.5], [[0.5]],
 * np.array([0.5])): writes that number's text into out and returns true.
 * Returns false for anything else. */
bool literal_single(const char *text, char *out, size_t size);

#endif
