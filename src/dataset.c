/* dataset: rows of samples, from the learner, a truth table or a file (see dataset.h). */
#include "dataset.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "escape.h"
#include "numfmt.h"

enum { DATASET_LINE_MAX = 8192 };

const char *const DATASET_TABLES[] = {"xor", "and", "or", NULL};

Dataset *dataset_new(int n_inputs, int n_targets)
{
    Dataset *data = calloc(1, sizeof *data);
    if (data) {
        data->n_inputs = n_inputs;
        data->n_targets = n_targets;
    }
    return data;
}

void dataset_free(Dataset *data)
{
    if (data)
        free(data->values);
    free(data);
}

static int row_width(const Dataset *data) { return data->n_inputs + data->n_targets; }

bool dataset_add(Dataset *data, const double *inputs, const double *targets, Error *error)
{
    if (data->n_rows == DATASET_MAX_ROWS)
        return error_set(error, "the data set is full: at most %d rows", DATASET_MAX_ROWS);
    if (data->n_rows == data->capacity) {
        int capacity = data->capacity ? data->capacity * 2 : 16;
        if (capacity > DATASET_MAX_ROWS)
            capacity = DATASET_MAX_ROWS;
        double *values = realloc(data->values, (size_t)capacity * (size_t)row_width(data) * sizeof *values);
        if (!values)
            return error_set(error, "out of memory for %d rows", capacity);
        data->values = values;
        data->capacity = capacity;
    }
    double *row = data->values + (size_t)data->n_rows * (size_t)row_width(data);
    memcpy(row, inputs, (size_t)data->n_inputs * sizeof *row);
    memcpy(row + data->n_inputs, targets, (size_t)data->n_targets * sizeof *row);
    data->n_rows++;
    return true;
}

const double *dataset_inputs(const Dataset *data, int row)
{
    return data->values + (size_t)row * (size_t)row_width(data);
}

const double *dataset_targets(const Dataset *data, int row)
{
    return dataset_inputs(data, row) + data->n_inputs;
}

Dataset *dataset_truth_table(const char *name, Error *error)
{
    static const double outputs[][4] = {
        {0, 1, 1, 0},   /* xor */
        {0, 0, 0, 1},   /* and */
        {0, 1, 1, 1},   /* or */
    };
    int which = -1;
    for (int i = 0; DATASET_TABLES[i]; i++)
        if (strcmp(DATASET_TABLES[i], name) == 0)
            which = i;
    if (which < 0)
        return NULL;
    Dataset *data = dataset_new(2, 1);
    for (int r = 0; data && r < 4; r++) {
        double inputs[2] = {r / 2, r % 2};
        if (!dataset_add(data, inputs, &outputs[which][r], error)) {
            dataset_free(data);
            return NULL;
        }
    }
    if (!data)
        error_set(error, "out of memory");
    return data;
}

/* ---- files ------------------------------------------------------------ */

enum { FIELDS_TOO_MANY = -1, FIELDS_EMPTY = -2 };

/* Splits a line into fields at commas, spaces and tabs; returns how many
 * (at most `most`), FIELDS_TOO_MANY for more, or FIELDS_EMPTY when two
 * commas (or a comma and the end) have nothing between them. */
static int split_fields(char *line, char **fields, int most)
{
    int n = 0;
    bool after_comma = false;
    for (char *p = line;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        if (after_comma && (!*p || *p == ','))
            return FIELDS_EMPTY;
        if (!*p)
            return n;
        if (n == most)
            return FIELDS_TOO_MANY;
        fields[n++] = p;
        while (*p && *p != ',' && *p != ' ' && *p != '\t' && *p != '\r')
            p++;
        char *end = p;
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        after_comma = *p == ',';
        if (after_comma)
            p++;
        *end = '\0';
        if (end == p)   /* the field ended the line */
            return n;
    }
}

/* True when no field of the line is a number: a header such as "x1,x2,t". */
static bool is_header(char **fields, int n)
{
    for (int i = 0; i < n; i++) {
        double value;
        if (num_parse(fields[i], &value, NULL))
            return false;
    }
    return true;
}

Dataset *dataset_load(const char *path, int n_inputs, int n_targets, double limit, Error *error)
{
    char shown[1024];
    escape_controls(path, shown, sizeof shown);
    FILE *file = fopen(path, "r");
    if (!file) {
        error_set(error, "cannot read '%s': %s", shown, strerror(errno));
        return NULL;
    }
    Dataset *data = dataset_new(n_inputs, n_targets);
    int width = n_inputs + n_targets, line_number = 0;
    bool ok = data != NULL, seen_content = false;
    char *line = NULL;
    size_t line_size = 0;
    ssize_t length;
    char *fields[2 * 64 + 2];
    double row[2 * 64];
    if (!data)
        error_set(error, "out of memory");
    while (ok && (length = getline(&line, &line_size, file)) >= 0) {
        line_number++;
        if (length > DATASET_LINE_MAX) {
            ok = error_set(error, "%s:%d: the line is longer than %d characters", shown, line_number,
                           DATASET_LINE_MAX);
            break;
        }
        if (memchr(line, '\0', (size_t)length) != NULL) {
            ok = error_set(error, "%s:%d: not a line of text (it holds a NUL byte)", shown, line_number);
            break;
        }
        char *comment = strchr(line, '#');
        if (comment)
            *comment = '\0';
        line[strcspn(line, "\n")] = '\0';
        int n = split_fields(line, fields, width);
        if (n == 0)
            continue;
        if (!seen_content && n > 0 && is_header(fields, n)) {
            seen_content = true;
            continue;
        }
        seen_content = true;
        if (n == FIELDS_EMPTY) {
            ok = error_set(error, "%s:%d: an empty value between commas (or after the last); a row needs %d "
                           "numbers", shown, line_number, width);
            break;
        }
        if (n != width) {
            char count[32] = "more than that";
            if (n >= 0)
                snprintf(count, sizeof count, "%d value%s", n, n == 1 ? "" : "s");
            bool semicolons = n > 0 && strchr(fields[0], ';');
            ok = error_set(error, "%s:%d: %s, but a row needs %d: %d input%s, then %d target%s%s", shown,
                           line_number, n >= 0 ? count : "too many values", width, n_inputs,
                           n_inputs == 1 ? "" : "s", n_targets, n_targets == 1 ? "" : "s",
                           semicolons ? " (values are separated by commas, spaces or tabs, not ';')" : "");
            break;
        }
        for (int i = 0; ok && i < n; i++) {
            char field[64];
            escape_controls(fields[i], field, sizeof field);
            if (!num_parse(fields[i], &row[i], NULL))
                ok = error_set(error, "%s:%d: '%s' is not a number (value %d of the row)%s", shown, line_number,
                               field, i + 1, strchr(fields[i], ';') ? "; values are separated by commas, spaces or "
                               "tabs, not ';'" : "");
            else if (fabs(row[i]) > limit)
                ok = error_set(error, "%s:%d: %s is too large: values may be from -%g to %g", shown, line_number,
                               field, limit, limit);
        }
        if (ok && !dataset_add(data, row, row + n_inputs, error)) {
            char reason[ERROR_MESSAGE_MAX];
            snprintf(reason, sizeof reason, "%s", error->message);
            ok = error_set(error, "%s:%d: %s", shown, line_number, reason);
        }
    }
    if (ok && ferror(file))
        ok = error_set(error, "cannot read '%s': %s", shown, strerror(errno));
    free(line);
    fclose(file);
    if (ok && data->n_rows == 0)
        ok = error_set(error, "%s holds no rows: one sample a line, %d input%s then %d target%s", shown, n_inputs,
                       n_inputs == 1 ? "" : "s", n_targets, n_targets == 1 ? "" : "s");
    if (!ok) {
        dataset_free(data);
        return NULL;
    }
    return data;
}
