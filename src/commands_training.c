/* commands_training: learning over many steps.  `data` and `sample` give
 * the samples, `batch`, `shuffle`, `optimizer`, `schedule` and `clip` say
 * how a step is taken, `train` takes many (through the fast path of
 * training.h, never a narrated derivation), and `predict` shows what the
 * network makes of every sample.  Each handler checks all its arguments
 * before it changes anything. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "command_handlers.h"
#include "domain.h"
#include "escape.h"
#include "interrupt.h"
#include "numfmt.h"
#include "plot.h"
#include "quantity.h"
#include "script.h"
#include "wrap.h"

enum { TABLE_ROWS_SHOWN = 100 };   /* `data` and `predict` show this many rows, then a count of the rest */

static Style style_of(const Session *session) { return session_style(session); }

static void number_text(const Session *session, double value, int digits, char *out, size_t size)
{
    num_format(out, size, value, digits, !session->ascii);
}

/* ---- the data set ----------------------------------------------------- */

static bool need_training_network(const Session *session, const char *command, Error *error)
{
    char instead[160];
    snprintf(instead, sizeof instead, "%s is for networks: an expression has no samples to learn from", command);
    return need_network(session, instead, error);
}

/* Copies row `row` (from 1) into the narrated sample. */
static void narrate_row(Session *session, int row)
{
    const Dataset *data = session->data;
    memcpy(session->input, dataset_inputs(data, row - 1), (size_t)data->n_inputs * sizeof(double));
    memcpy(session->target, dataset_targets(data, row - 1), (size_t)data->n_targets * sizeof(double));
    session->sample_row = row;
    session->has_previous_loss = false;
    session_next_pass(session);
    session_changed(session, true);
}

/* After the data changed: until `sample` or `input` chose otherwise, the
 * narrated sample is row 1. */
static void follow_first_row(Session *session)
{
    bool has_rows = session->data && session->data->n_rows > 0;
    if (session->sample_row > 0 && (!has_rows || session->sample_row > session->data->n_rows))
        session->sample_row = SESSION_SAMPLE_FIRST;
    if (session->sample_row == SESSION_SAMPLE_FIRST && has_rows)
        narrate_row(session, 1);
}

/* True when every row's targets are ones `loss` takes with `net`'s output layer. */
bool data_fits_loss(const Dataset *data, const Loss *loss, const Net *net, Error *error)
{
    for (int r = 0; data && r < data->n_rows; r++) {
        double target[NET_MAX_WIDTH] = {0};
        memcpy(target, dataset_targets(data, r), (size_t)data->n_targets * sizeof(double));
        Error reason;
        if (!domain_loss_fits(loss, net, target, &reason))
            return error_set(error, "row %d of the data: %s", r + 1, reason.message);
    }
    return true;
}

static bool rows_fit_loss(const Session *session, const Dataset *data, Error *error)
{
    return data_fits_loss(data, session->loss, session->net, error);
}

static void replace_data(Session *session, Dataset *data, const char *what)
{
    Style style = style_of(session);
    int before = session->data ? session->data->n_rows : 0;
    dataset_free(session->data);
    session->data = data;
    narr_printf(session->out, &style, "data: %d row%s %s%s.\n", data->n_rows, data->n_rows == 1 ? "" : "s", what,
                before ? " (it replaces the rows there were)" : "");
    follow_first_row(session);
}

static int find_arrow(const Args *args)
{
    for (int i = 0; i < args->count; i++)
        if (strcmp(args->words[i], "->") == 0 || strcmp(args->words[i], "→") == 0)
            return i;
    return -1;
}

static Status data_add(Session *session, const Args *args, Error *error)
{
    const Net *net = session->net;
    int n_in = net_n_inputs(net), n_out = net_n_outputs(net), arrow = find_arrow(args);
    if (arrow < 0)
        return error_set(error, "write the inputs, then -> and the targets: data add %s-> %s",
                         n_in == 2 ? "0 1 " : "X... ", n_out == 1 ? "1" : "T..."), STATUS_ERROR;
    int given_in = arrow - 1, given_out = args->count - arrow - 1;
    if (given_in != n_in || given_out != n_out)
        return error_set(error, "a row of this network has %d input%s and %d target%s, not %d and %d", n_in,
                         n_in == 1 ? "" : "s", n_out, n_out == 1 ? "" : "s", given_in, given_out), STATUS_ERROR;
    double x[NET_MAX_WIDTH], t[NET_MAX_WIDTH] = {0};
    for (int i = 0; i < n_in; i++)
        if (!parse_given(args->words[1 + i], &x[i], error))
            return STATUS_ERROR;
    for (int j = 0; j < n_out; j++)
        if (!parse_given(args->words[arrow + 1 + j], &t[j], error))
            return STATUS_ERROR;
    if (!domain_loss_fits(session->loss, net, t, error))
        return STATUS_ERROR;
    Dataset *data = session->data ? session->data : dataset_new(n_in, n_out);
    if (!data)
        return error_set(error, "out of memory"), STATUS_ERROR;
    if (!dataset_add(data, x, t, error)) {
        if (data != session->data)
            dataset_free(data);
        return STATUS_ERROR;
    }
    session->data = data;
    Style style = style_of(session);
    narr_printf(session->out, &style, "data: row %d added (%d row%s).\n", data->n_rows, data->n_rows,
                data->n_rows == 1 ? "" : "s");
    follow_first_row(session);
    return STATUS_OK;
}

static void show_data(Session *session)
{
    Style style = style_of(session);
    const Dataset *data = session->data;
    if (!data || data->n_rows == 0) {
        narr_print(session->out, &style, "data: no rows yet (data add X... -> T..., data xor, data load FILE)\n");
        return;
    }
    narr_printf(session->out, &style, "data: %d row%s of %d input%s and %d target%s; the narrated sample is %s.\n",
                data->n_rows, data->n_rows == 1 ? "" : "s", data->n_inputs, data->n_inputs == 1 ? "" : "s",
                data->n_targets, data->n_targets == 1 ? "" : "s",
                session->sample_row > 0 ? "the row marked *" : "your own (input, target)");
    int shown = data->n_rows <= TABLE_ROWS_SHOWN ? data->n_rows : TABLE_ROWS_SHOWN;
    for (int r = 0; r < shown; r++) {
        char line[2048];
        int used = snprintf(line, sizeof line, "%c%5d ", session->sample_row == r + 1 ? '*' : ' ', r + 1);
        for (int i = 0; i < data->n_inputs + data->n_targets && used < (int)sizeof line - 64; i++) {
            char value[NUM_TEXT_MAX];
            number_text(session, dataset_inputs(data, r)[i], 6, value, sizeof value);
            used += snprintf(line + used, sizeof line - (size_t)used, "%s%s",
                             i == data->n_inputs ? (session->ascii ? " -> " : " → ") : " ", value);
        }
        snprintf(line + used, sizeof line - (size_t)used, "\n");
        narr_print_hanging(session->out, &style, line, 7);
    }
    if (shown < data->n_rows)
        narr_printf(session->out, &style, "  ... and %d more rows\n", data->n_rows - shown);
}

Status cmd_data(Session *session, const Args *args, Error *error)
{
    if (!need_training_network(session, "data", error))
        return STATUS_ERROR;
    const Net *net = session->net;
    const char *what = args->count ? args->words[0] : "";
    if (args->count == 0) {
        show_data(session);
        return STATUS_OK;
    }
    if (strcmp(what, "add") == 0)
        return data_add(session, args, error);
    if (strcmp(what, "clear") == 0) {
        if (args->count > 1)
            return error_set(error, "data clear takes nothing more"), STATUS_ERROR;
        int before = session->data ? session->data->n_rows : 0;
        dataset_free(session->data);
        session->data = NULL;
        if (session->sample_row > 0)
            session->sample_row = SESSION_SAMPLE_FIRST;
        Style style = style_of(session);
        narr_printf(session->out, &style, "data: cleared (%d row%s); x and t stay as they are.\n", before,
                    before == 1 ? "" : "s");
        return STATUS_OK;
    }
    if (strcmp(what, "load") == 0) {
        if (args->count != 2)
            return error_set(error, "data load takes one file: data load FILE"), STATUS_ERROR;
        Dataset *data = dataset_load(args->words[1], net_n_inputs(net), net_n_outputs(net), SESSION_INPUT_LIMIT,
                                     error);
        if (!data)
            return STATUS_ERROR;
        if (!rows_fit_loss(session, data, error)) {
            dataset_free(data);
            return STATUS_ERROR;
        }
        char from[600], shown[512];
        escape_controls(args->words[1], shown, sizeof shown);
        snprintf(from, sizeof from, "from %s", shown);
        replace_data(session, data, from);
        return STATUS_OK;
    }
    for (int i = 0; DATASET_TABLES[i]; i++)
        if (strcmp(what, DATASET_TABLES[i]) == 0) {
            if (args->count > 1)
                return error_set(error, "data %s takes nothing more", what), STATUS_ERROR;
            if (net_n_inputs(net) != 2 || net_n_outputs(net) != 1)
                return error_set(error, "the %s table has 2 inputs and 1 target; this network has %d and %d "
                                 "(network 2-4-1 fits it)", what, net_n_inputs(net), net_n_outputs(net)),
                       STATUS_ERROR;
            Dataset *data = dataset_truth_table(what, error);
            if (!data)
                return STATUS_ERROR;
            if (!rows_fit_loss(session, data, error)) {
                dataset_free(data);
                return STATUS_ERROR;
            }
            char table[64];
            snprintf(table, sizeof table, "of the %s truth table", what);
            replace_data(session, data, table);
            return STATUS_OK;
        }
    return error_set(error, "data takes add, xor, and, or, load FILE or clear, not '%s'", what), STATUS_ERROR;
}

/* Parses a whole number from least to most. */
static bool parse_count(const char *text, long least, long most, const char *what, long *value, Error *error)
{
    double number;
    if (!num_parse(text, &number, NULL) || number != floor(number))
        return error_set(error, "%s must be a whole number, not '%s'", what, text);
    if (number < (double)least || number > (double)most)
        return error_set(error, "%s must be from %ld to %ld, not %s", what, least, most, text);
    *value = (long)number;
    return true;
}

Status cmd_sample(Session *session, const Args *args, Error *error)
{
    if (!need_training_network(session, "sample", error))
        return STATUS_ERROR;
    Style style = style_of(session);
    int rows = session->data ? session->data->n_rows : 0;
    if (args->count == 0) {
        if (session->sample_row > 0)
            narr_printf(session->out, &style, "sample: row %d of %d\n", session->sample_row, rows);
        else
            narr_printf(session->out, &style, "sample: your own (input, target)%s\n",
                        rows ? "; `sample K` narrates row K of the data" : "");
        return STATUS_OK;
    }
    if (rows == 0)
        return error_set(error, "there is no data yet: data add X... -> T..., data xor or data load FILE"),
               STATUS_ERROR;
    double number;
    if (!num_parse(args->words[0], &number, NULL) || number != floor(number) || number < 1 || number > rows)
        return error_set(error, "sample takes a row from 1 to %d (the data has %d row%s), not '%s'", rows, rows,
                         rows == 1 ? "" : "s", args->words[0]), STATUS_ERROR;
    long row = (long)number;
    narrate_row(session, (int)row);
    char x[NET_MAX_WIDTH * 16] = "", t[NET_MAX_WIDTH * 16] = "";
    for (int i = 0; i < net_n_inputs(session->net); i++) {
        char value[NUM_TEXT_MAX];
        number_text(session, session->input[i], 6, value, sizeof value);
        snprintf(x + strlen(x), sizeof x - strlen(x), "%s%s", i ? " " : "", value);
    }
    for (int j = 0; j < net_n_outputs(session->net); j++) {
        char value[NUM_TEXT_MAX];
        number_text(session, session->target[j], 6, value, sizeof value);
        snprintf(t + strlen(t), sizeof t - strlen(t), "%s%s", j ? " " : "", value);
    }
    narr_printf(session->out, &style, "sample: row %ld, x = %s, t = %s\n", row, x, t);
    return STATUS_OK;
}

/* ---- train ------------------------------------------------------------ */

/* The live progress line on a terminal: redrawn at most every 0.1 s. */
typedef struct {
    Session *session;
    long last_drawn;
    double next_time;
} Progress;

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

static void show_progress(long epoch, long epochs, double loss, void *context)
{
    Progress *progress = context;
    if (epoch != epochs && (epoch & 255) != 0 && epoch - progress->last_drawn < 256)
        return;
    double now = seconds_now();
    if (epoch != epochs && now < progress->next_time)
        return;
    progress->next_time = now + 0.1;
    progress->last_drawn = epoch;
    char value[NUM_TEXT_MAX];
    num_format(value, sizeof value, loss, 4, !progress->session->ascii);
    fprintf(progress->session->out, "\r  epoch %ld/%ld  loss %s\033[K", epoch, epochs, value);
    fflush(progress->session->out);
}

/* Checks that the data fits the network and the loss. */
static bool data_ready(const Session *session, Error *error)
{
    const Dataset *data = session->data;
    if (!data || data->n_rows == 0)
        return error_set(error, "the data set is empty: data add X... -> T..., data xor or data load FILE first");
    if (data->n_inputs != net_n_inputs(session->net) || data->n_targets != net_n_outputs(session->net))
        return error_set(error, "the data's rows have %d inputs and %d targets, the network %d and %d: data clear, "
                         "then give rows for this network", data->n_inputs, data->n_targets,
                         net_n_inputs(session->net), net_n_outputs(session->net));
    return rows_fit_loss(session, data, error);
}

static void describe_run(Session *session, long epochs, char *out, size_t size)
{
    const Training *training = &session->training;
    char optimizer[160], rate[NUM_TEXT_MAX], batch[64];
    optimizer_describe(&training->optimizer, session->ascii, optimizer, sizeof optimizer);
    num_format(rate, sizeof rate, session->learning_rate, 6, !session->ascii);
    if (training->batch == 0 || training->batch >= session->data->n_rows)
        snprintf(batch, sizeof batch, "full batch");
    else
        snprintf(batch, sizeof batch, "batch %d%s", training->batch, training->shuffle ? ", shuffled" : "");
    snprintf(out, size, "%ld epoch%s on %d row%s: %s, %s, lr %s%s%s", epochs, epochs == 1 ? "" : "s",
             session->data->n_rows, session->data->n_rows == 1 ? "" : "s", batch, optimizer, rate,
             training->schedule.kind != SCHEDULE_OFF ? " on a schedule" : "",
             training->clip.kind != CLIP_OFF ? ", clipped" : "");
}

static void write_plot(Session *session, bool log_y)
{
    const LossHistory *history = &session->training.history;
    double x[TRAINING_HISTORY_MAX + 1], y[TRAINING_HISTORY_MAX + 1];
    int n = history->n;
    for (int i = 0; i < n; i++) {
        x[i] = (double)(history->first_epoch + (long)i * history->stride);
        y[i] = history->loss[i];
    }
    if (n > 0 && x[n - 1] < (double)history->last_epoch) {   /* the last epoch, which thinning may skip */
        x[n] = (double)history->last_epoch;
        y[n++] = history->last_loss;
    }
    Style style = style_of(session);
    PlotOptions options = {style.width > 0 && style.width < 80 ? style.width : 80, 12,
                           session->ascii ? PLOT_ASCII : PLOT_BRAILLE, log_y, "epoch", "mean loss", !session->ascii};
    plot_write(session->out, x, y, n, &options);
}

Status cmd_train(Session *session, const Args *args, Error *error)
{
    if (!need_training_network(session, "train", error))
        return STATUS_ERROR;
    long epochs = 0;
    if (!parse_count(args->words[0], 1, TRAINING_MAX_EPOCHS, "EPOCHS", &epochs, error))
        return STATUS_ERROR;
    bool quiet = false;
    if (args->count == 2) {
        if (strcmp(args->words[1], "quiet") != 0)
            return error_set(error, "train takes EPOCHS and then quiet, not '%s'", args->words[1]), STATUS_ERROR;
        quiet = true;
    }
    if (!data_ready(session, error))
        return STATUS_ERROR;
    /* kept, so that a run that diverges changes nothing */
    Net *before = net_copy(session->net);
    OptimizerState state_before = {0};
    Training *training = &session->training;
    if (!before || !optimizer_copy(&state_before, &training->optimizer, session->net)) {
        net_free(before);
        optimizer_reset(&state_before);
        return error_set(error, "out of memory"), STATUS_ERROR;
    }
    LossHistory *history_before = malloc(sizeof *history_before);
    if (history_before)
        *history_before = training->history;
    long trained_before = training->epochs_trained;
    NumpyRandom shuffler_before = training->shuffler;

    Style style = style_of(session);
    char run[400];
    describe_run(session, epochs, run, sizeof run);
    if (!quiet)
        narr_printf(session->out, &style, "Training %s.\n", run);
    bool live = !quiet && session->terminal && isatty(fileno(session->out));
    Progress progress = {session, 0, 0};
    TrainJob job = {session->net, session->loss, session->use_bias, session->data, session->learning_rate,
                    SESSION_PARAMETER_LIMIT, live ? show_progress : NULL, &progress};
    TrainResult result;
    bool ran = training_run(training, &job, epochs, &result, error);
    if (live)
        fprintf(session->out, "\r\033[K");
    if (!ran || result.diverged) {
        net_copy_parameters(session->net, before);
        optimizer_reset(&training->optimizer);
        training->optimizer = state_before;
        if (history_before)
            training->history = *history_before;
        training->epochs_trained = trained_before;
        training->shuffler = shuffler_before;
        net_free(before);
        free(history_before);
        if (!ran)
            return STATUS_ERROR;
        char value[NUM_TEXT_MAX];
        num_format(value, sizeof value, result.diverged_value, 3, !session->ascii);
        return error_set(error, "training diverged in epoch %ld: a step would carry %s to %s, beyond ±1e10, so "
                         "nothing changed; try a smaller lr%s", result.epochs + 1, result.diverged_name,
                         isfinite(result.diverged_value) ? value : "a value that is not finite",
                         training->clip.kind == CLIP_OFF ? " or clip norm" : ""), STATUS_ERROR;
    }
    net_free(before);
    optimizer_reset(&state_before);
    free(history_before);
    session->has_previous_loss = false;
    session_next_pass(session);
    session_changed(session, true);

    char loss_before[NUM_TEXT_MAX], loss_after[NUM_TEXT_MAX];
    num_format(loss_before, sizeof loss_before, result.loss_before, 4, !session->ascii);
    num_format(loss_after, sizeof loss_after, result.loss_after, 4, !session->ascii);
    if (result.interrupted)
        narr_printf(session->out, &style, "Stopped by Ctrl-C after epoch %ld of %ld; the weights are those after "
                    "it.\n", result.epochs, epochs);
    narr_printf(session->out, &style, "Trained %ld epoch%s (%ld step%s): mean %s loss %s %s %s.\n", result.epochs,
                result.epochs == 1 ? "" : "s", result.steps, result.steps == 1 ? "" : "s", session->loss->name,
                loss_before, session->ascii ? "->" : "→", loss_after);
    if (!quiet && result.epochs > 1)
        write_plot(session, false);
    if (!quiet && session->round_digits > 0)
        narr_print(session->out, &style, "  (training works in exact arithmetic; round applies to narration)\n");
    return STATUS_OK;
}

Status cmd_plot(Session *session, const Args *args, Error *error)
{
    if (!need_training_network(session, "plot", error))
        return STATUS_ERROR;
    bool log_y = false;
    if (args->count == 1) {
        if (strcmp(args->words[0], "log") != 0)
            return error_set(error, "plot takes nothing, or log for a logarithmic loss axis, not '%s'",
                             args->words[0]), STATUS_ERROR;
        log_y = true;
    }
    const LossHistory *history = &session->training.history;
    if (history->n == 0)
        return error_set(error, "nothing to plot yet: `train EPOCHS` draws its loss curve"), STATUS_ERROR;
    for (int i = 0; log_y && i < history->n; i++)
        if (!(history->loss[i] > 0))
            return error_set(error, "a loss of 0 has no logarithm: `plot` without log draws this curve"),
                   STATUS_ERROR;
    write_plot(session, log_y);
    return STATUS_OK;
}

/* ---- predict ---------------------------------------------------------- */

/* Writes the numbers of a table cell, in brackets when there are several
 * ([0 1]); when they take more than `room` columns, as many as fit and
 * then … ([1 2 3 …]). */
static void cell_numbers(const Session *session, const double *values, int n, int room, char *out, size_t size)
{
    const char *more = session->ascii ? " ...]" : " …]";
    int more_columns = session->ascii ? 5 : 3, columns = n > 1 ? 1 : 0;
    snprintf(out, size, "%s", n > 1 ? "[" : "");
    for (int i = 0; i < n; i++) {
        char value[NUM_TEXT_MAX];
        number_text(session, values[i], 4, value, sizeof value);
        int width = (int)strlen(value) + (i ? 1 : 0);
        int closing = i == n - 1 ? (n > 1 ? 1 : 0) : more_columns;   /* what must still fit after it */
        if (i > 0 && columns + width + closing > room) {
            snprintf(out + strlen(out), size - strlen(out), "%s", more);
            return;
        }
        snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "", value);
        columns += width;
    }
    snprintf(out + strlen(out), size - strlen(out), "%s", n > 1 ? "]" : "");
}

Status cmd_predict(Session *session, const Args *args, Error *error)
{
    if (!need_training_network(session, "predict", error))
        return STATUS_ERROR;
    bool all = false;
    if (args->count == 1) {
        if (strcmp(args->words[0], "all") != 0)
            return error_set(error, "predict takes nothing, or all for every row, not '%s'", args->words[0]),
                   STATUS_ERROR;
        all = true;
    }
    if (!data_ready(session, error))
        return STATUS_ERROR;
    const Net *net = session->net;
    const Dataset *data = session->data;
    FastPass *pass = fast_pass_new(net);
    if (!pass)
        return error_set(error, "out of memory"), STATUS_ERROR;
    Style style = style_of(session);
    int n_out = net_n_outputs(net), shown = all || data->n_rows <= TABLE_ROWS_SHOWN ? data->n_rows : TABLE_ROWS_SHOWN;
    narr_printf(session->out, &style, "%6s  %-20s  %-12s  %-16s  %s\n", "row", "x", "t",
                session->ascii ? "y^" : "ŷ", "loss");
    double total = 0;
    for (int r = 0; r < data->n_rows && !interrupt_requested(); r++) {
        double loss = fast_pass_sample(pass, net, session->loss, session->use_bias, dataset_inputs(data, r),
                                       dataset_targets(data, r), false);
        total += loss;
        if (r >= shown)
            continue;
        char x[256], t[256], y[256], value[NUM_TEXT_MAX];
        cell_numbers(session, dataset_inputs(data, r), data->n_inputs, 20, x, sizeof x);
        cell_numbers(session, dataset_targets(data, r), n_out, 12, t, sizeof t);
        cell_numbers(session, fast_pass_activations(pass, net->n_layers), n_out, 16, y, sizeof y);
        number_text(session, loss, 4, value, sizeof value);
        /* pad by columns, not bytes: − and … are wider in bytes */
        char line[1024];
        snprintf(line, sizeof line, "%6d  %s%*s  %s%*s  %s%*s  %s\n", r + 1, x, 20 - wrap_columns(x, strlen(x)), "", t,
                 12 - wrap_columns(t, strlen(t)), "", y, 16 - wrap_columns(y, strlen(y)), "", value);
        narr_print(session->out, &style, line);
    }
    fast_pass_free(pass);
    if (interrupt_requested())
        return error_set(error, "interrupted"), STATUS_ERROR;
    if (shown < data->n_rows)
        narr_printf(session->out, &style, "  ... %d more rows (predict all shows every one)\n", data->n_rows - shown);
    char mean[NUM_TEXT_MAX];
    number_text(session, total / data->n_rows, 4, mean, sizeof mean);
    narr_printf(session->out, &style, "mean %s loss over %d row%s: %s\n", session->loss->name, data->n_rows,
                data->n_rows == 1 ? "" : "s", mean);
    return STATUS_OK;
}

/* ---- state ------------------------------------------------------------ */

void training_network_changed(Session *session)
{
    Training *training = &session->training;
    optimizer_reset(&training->optimizer);
    training->history.n = 0;
    training->epochs_trained = 0;
    const Dataset *data = session->data;
    if (data && (data->n_inputs != net_n_inputs(session->net) || data->n_targets != net_n_outputs(session->net))) {
        char line[200];
        snprintf(line, sizeof line, "(the data's %d row%s of %d input%s and %d target%s do not fit this network: "
                 "cleared)", data->n_rows, data->n_rows == 1 ? "" : "s", data->n_inputs,
                 data->n_inputs == 1 ? "" : "s", data->n_targets, data->n_targets == 1 ? "" : "s");
        dataset_free(session->data);
        session->data = NULL;
        say_line(session, line);
    }
    if (session->sample_row > 0 && !session->data)
        session->sample_row = SESSION_SAMPLE_FIRST;
}

void training_state(Session *session)
{
    Style style = style_of(session);
    const Training *training = &session->training;
    int rows = session->data ? session->data->n_rows : 0;
    if (rows == 0 && training->optimizer.optimizer == optimizer_find("sgd") && training->optimizer.steps == 0)
        return;
    char optimizer[160];
    optimizer_describe(&training->optimizer, session->ascii, optimizer, sizeof optimizer);
    if (rows)
        narr_printf(session->out, &style, "  data: %d row%s; the narrated sample is %s\n", rows, rows == 1 ? "" : "s",
                    session->sample_row > 0 ? "a row of it (sample)" : "your own (input, target)");
    if (session->sample_row > 0)
        narr_printf(session->out, &style, "  sample: row %d\n", session->sample_row);
    char batch[32];
    snprintf(batch, sizeof batch, training->batch ? "%d" : "full", training->batch);
    narr_printf(session->out, &style, "  training: batch %s%s; optimizer %s, %ld step%s taken; schedule %s; clip %s; "
                "%ld epoch%s trained\n", batch, training->shuffle ? " (shuffled)" : "", optimizer,
                training->optimizer.steps, training->optimizer.steps == 1 ? "" : "s",
                training->schedule.kind == SCHEDULE_OFF ? "off" : "on",
                training->clip.kind == CLIP_OFF ? "off" : training->clip.kind == CLIP_NORM ? "by norm" : "by value",
                training->epochs_trained, training->epochs_trained == 1 ? "" : "s");
}
