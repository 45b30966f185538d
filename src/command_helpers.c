/* command_helpers: what the command handlers share: parsing a number, a
 * setting or a literal, finding a parameter's slot, and saying a line. */
#include "command_handlers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "escape.h"
#include "functions.h"
#include "grade.h"
#include "interrupt.h"
#include "literal.h"
#include "numfmt.h"
#include "quantity.h"
#include "script.h"
#include "suggest.h"
#include "wrap.h"

bool need_network(const Session *session, const char *instead, Error *error)
{
    if (session->net)
        return true;
    if (session->graph)
        return error_set(error, "%s; `network SHAPE` starts a network again", instead);
    return error_set(error, "there is no network yet: start with one, such as `network 2-1 sigmoid`");
}

void say_notice(Session *session)
{
    char notice[sizeof session->notice];
    if (session_take_notice(session, notice, sizeof notice))
        say_line(session, notice);
}

bool need_model(const Session *session, Error *error)
{
    if (session->net || session->graph)
        return true;
    return error_set(error, "there is no network yet: start with one, such as `network 2-1 sigmoid`, or define "
                     "a formula, such as `expr y = (3x + 2)^2`");
}

/* Parses any finite number (for expect, which may compare large values).
 * A literal of one number ([0.5], np.array([0.5])) is that number. */
bool parse_number(const char *text, double *value, NumberWritten *written, Error *error)
{
    char single[NUM_TEXT_MAX];
    if (num_parse(literal_single(text, single, sizeof single) ? single : text, value, written))
        return true;
    return error_set(error, "'%s' is not a number backstep can use: write a finite decimal such as 0.5 or -2e-3",
                     text);
}

/* Parses a number the learner gives to the network (see SESSION_INPUT_LIMIT). */
bool parse_given(const char *text, double *value, Error *error)
{
    if (!parse_number(text, value, NULL, error))
        return false;
    if (fabs(*value) > SESSION_INPUT_LIMIT)
        return error_set(error, "'%s' is too large: backstep takes numbers from -1e6 to 1e6", text);
    return true;
}

bool parse_on_off(const char *text, bool *on, Error *error)
{
    if (strcmp(text, "on") == 0 || strcmp(text, "off") == 0) {
        *on = strcmp(text, "on") == 0;
        return true;
    }
    return error_set(error, "expected on or off, not '%s'", text);
}

/* Parses a count of digits from 1 to 15. */
bool parse_digits(const char *text, int *digits, Error *error)
{
    char *end;
    long value = strtol(text, &end, 10);
    if (*end || end == text || value < 1 || value > 15)
        return error_set(error, "'%s' is not a number of significant digits: choose 1 to 15", text);
    *digits = (int)value;
    return true;
}

/* Prints one line of prose in the session's style. */
void say_line(Session *session, const char *text)
{
    Style style = session_style(session);
    char line[NARR_LINE_MAX];
    snprintf(line, sizeof line, "%s\n", text);
    narr_print_prose(session->out, &style, line, WRAP_HANG_AUTO);
}

/* Reads a vector or matrix literal (literal.h) into values, checking each
 * number as parse_given does; sets *rows and *cols.  A single number is a
 * 1x1 literal. */
bool parse_literal(const char *text, double *values, int capacity, int *rows, int *cols, Error *error)
{
    char buffer[SCRIPT_LINE_MAX];
    const char *words[NET_MAX_WIDTH * NET_MAX_WIDTH];
    if (capacity > NET_MAX_WIDTH * NET_MAX_WIDTH)
        capacity = NET_MAX_WIDTH * NET_MAX_WIDTH;
    if (!literal_split(text, buffer, sizeof buffer, words, capacity, rows, cols, error))
        return false;
    for (int i = 0; i < *rows * *cols; i++)
        if (!parse_given(words[i], &values[i], error))
            return false;
    return true;
}

double *parameter_slot(Session *session, Quantity q)
{
    switch (q.kind) {
    case Q_INPUT: return &session->input[q.row];
    case Q_TARGET: return &session->target[q.row];
    case Q_WEIGHT: return net_weight(session->net, q.layer, q.row, q.col);
    case Q_BIAS: return net_bias(session->net, q.layer, q.row);
    default: return NULL;
    }
}

/* Sets every element of a whole x, t, W or b from a literal, checking its shape first. */
bool assign_whole(Session *session, Quantity q, const char *name, const char *literal, Error *error)
{
    double values[NET_MAX_WIDTH * NET_MAX_WIDTH];
    int rows, cols, want_rows, want_cols;
    names_shape(session_names(session), q, &want_rows, &want_cols);
    if (!parse_literal(literal, values, NET_MAX_WIDTH * NET_MAX_WIDTH, &rows, &cols, error))
        return false;
    bool is_vector = want_cols == 1;
    bool fits = is_vector ? rows * cols == want_rows && (rows == 1 || cols == 1)
                          : rows == want_rows && cols == want_cols;
    if (!fits) {
        if (!is_vector && rows == want_cols && cols == want_rows)
            return error_set(error, "%s is %dx%d (a row per neuron, a column per input), but this is %dx%d: "
                             "write its transpose", name, want_rows, want_cols, rows, cols);
        if (is_vector)
            return error_set(error, "%s has %d element%s, but %d %s given", name, want_rows,
                             want_rows == 1 ? "" : "s", rows * cols, rows * cols == 1 ? "was" : "were");
        return error_set(error, "%s is %dx%d (a row per neuron, a column per input), but this is %dx%d", name,
                         want_rows, want_cols, rows, cols);
    }
    for (int j = 0; j < want_rows; j++)
        for (int k = 0; k < want_cols; k++)
            *parameter_slot(session, quantity_element(q, j, k)) = values[j * want_cols + k];
    return true;
}
