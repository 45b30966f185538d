/* dataset: the samples a network trains on, one row each (inputs, then targets).
 *
 * Rows are added one at a time (`data add`), from a truth table (`data
 * xor`), or from a file (`data load`): one sample a line, numbers
 * separated by commas or spaces, `#` comments and one header line allowed.
 * A file with a bad row loads nothing. */
#ifndef BACKSTEP_DATASET_H
#define BACKSTEP_DATASET_H

#include <stdbool.h>

#include "error.h"

enum { DATASET_MAX_ROWS = 1000000 };

typedef struct {
    int n_inputs, n_targets;
    int n_rows, capacity;
    double *values;   /* row r: inputs at values[r * width], targets after them */
} Dataset;

/* An empty data set for rows of n_inputs and n_targets; NULL when memory runs out. */
Dataset *dataset_new(int n_inputs, int n_targets);
void dataset_free(Dataset *data);

/* Appends a row; false with `error` set (full, or out of memory), changing nothing. */
bool dataset_add(Dataset *data, const double *inputs, const double *targets, Error *error);

/* Row r's inputs and targets (0-based). */
const double *dataset_inputs(const Dataset *data, int row);
const double *dataset_targets(const Dataset *data, int row);

/* A truth table of two inputs and one target: "xor", "and" or "or"; NULL
 * for another name (or out of memory, with `error` set). */
Dataset *dataset_truth_table(const char *name, Error *error);

/* The names dataset_truth_table() knows, NULL-terminated. */
extern const char *const DATASET_TABLES[];

/* Reads a file of n_inputs + n_targets numbers a row.  Every number must
 * be finite and at most `limit` in size.  NULL with `error` set to
 * "FILE:LINE: ..." at the first bad row (or when the file cannot be read,
 * or holds no rows). */
Dataset *dataset_load(const char *path, int n_inputs, int n_targets, double limit, Error *error);

#endif
