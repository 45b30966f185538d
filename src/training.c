/* training: the loop of epochs, batches and optimizer steps (see training.h). */
#include "training.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interrupt.h"
#include "quantity.h"

void training_init(Training *training)
{
    memset(training, 0, sizeof *training);
    training->optimizer.optimizer = optimizer_find("sgd");
    numpy_random_seed(&training->shuffler, 0);
}

void training_release(Training *training)
{
    optimizer_reset(&training->optimizer);
}

double training_rate(const Schedule *schedule, double base, long e, long epochs)
{
    switch (schedule->kind) {
    case SCHEDULE_STEP: return base * pow(schedule->factor, (double)(e / schedule->every));
    case SCHEDULE_EXP: return base * exp(-schedule->rate * (double)e);
    case SCHEDULE_COSINE:
        return schedule->least + 0.5 * (base - schedule->least) * (1 + cos((double)e / (double)epochs * acos(-1.0)));
    case SCHEDULE_OFF: break;
    }
    return base;
}

double training_mean_loss(FastPass *pass, const TrainJob *job, bool gradients)
{
    const Dataset *data = job->data;
    double total = 0;
    if (gradients)
        fast_pass_clear(pass);
    for (int r = 0; r < data->n_rows; r++)
        total += fast_pass_sample(pass, job->net, job->loss, job->use_bias, dataset_inputs(data, r),
                                  dataset_targets(data, r), gradients);
    if (gradients)
        for (int l = 1; l <= job->net->n_layers; l++) {
            int n = job->net->sizes[l], n_in = job->net->sizes[l - 1];
            double *w = fast_pass_weight_gradients(pass, l), *b = fast_pass_bias_gradients(pass, l);
            for (int i = 0; i < n * n_in; i++)
                w[i] /= data->n_rows;
            for (int j = 0; j < n; j++)
                b[j] /= data->n_rows;
        }
    return total / data->n_rows;
}

static void history_add(LossHistory *history, long epoch, double loss)
{
    if (history->n == 0) {
        history->first_epoch = epoch;
        history->stride = 1;
    }
    history->last_epoch = epoch;
    history->last_loss = loss;
    if ((epoch - history->first_epoch) % history->stride != 0)
        return;
    if (history->n == TRAINING_HISTORY_MAX) {   /* keep every other point, and take half as many from now */
        for (int i = 0; i < TRAINING_HISTORY_MAX / 2; i++)
            history->loss[i] = history->loss[2 * i];
        history->n = TRAINING_HISTORY_MAX / 2;
        history->stride *= 2;
        if ((epoch - history->first_epoch) % history->stride != 0)
            return;
    }
    history->loss[history->n++] = loss;
}

/* Everything a run works in besides the network.  A step writes every
 * new value here first; when none passes the limit, the arrays trade
 * places with the network's (and the optimizer's), so nothing is copied. */
typedef struct {
    FastPass *pass;
    double *next_weights[NET_MAX_LAYERS + 1];
    double *next_biases[NET_MAX_LAYERS + 1];
    double *next_state[OPTIMIZER_MAX_STATE][NET_MAX_LAYERS + 1];
    int *order;                          /* the rows in the order of this epoch */
    bool any_frozen;
    /* a batch's rows neuron-major, as fast_pass_batch reads them: input k
     * of the batch's row r at inputs[k * m + r], targets likewise */
    double *inputs, *targets;
} Workspace;

static void workspace_free(Workspace *work, int n_layers)
{
    fast_pass_free(work->pass);
    for (int l = 1; l <= n_layers; l++) {
        free(work->next_weights[l]);
        free(work->next_biases[l]);
        for (int s = 0; s < OPTIMIZER_MAX_STATE; s++)
            free(work->next_state[s][l]);
    }
    free(work->order);
    free(work->inputs);
    free(work->targets);
}

static bool workspace_new(Workspace *work, const Net *net, int n_state, const Dataset *data, int batch)
{
    memset(work, 0, sizeof *work);
    int n_rows = data->n_rows;
    work->pass = fast_pass_new(net);
    work->order = malloc((size_t)n_rows * sizeof *work->order);
    work->inputs = malloc((size_t)batch * (size_t)data->n_inputs * sizeof(double));
    work->targets = malloc((size_t)batch * (size_t)data->n_targets * sizeof(double));
    bool ok = work->pass && work->order && work->inputs && work->targets && fast_pass_reserve(work->pass, batch);
    for (int l = 1; ok && l <= net->n_layers; l++) {
        size_t n = (size_t)net->sizes[l], n_weights = n * (size_t)net->sizes[l - 1];
        ok = (work->next_weights[l] = malloc(n_weights * sizeof(double))) != NULL &&
             (work->next_biases[l] = malloc(n * sizeof(double))) != NULL;
        for (int s = 0; ok && s < n_state; s++)
            ok = (work->next_state[s][l] = malloc((n_weights + n) * sizeof(double))) != NULL;
        for (size_t i = 0; i < n_weights; i++)
            work->any_frozen |= net->weight_frozen[l][i];
        for (size_t j = 0; j < n; j++)
            work->any_frozen |= net->bias_frozen[l][j];
    }
    for (int r = 0; ok && r < n_rows; r++)
        work->order[r] = r;
    return ok;
}

static void swap(double **a, double **b)
{
    double *kept = *a;
    *a = *b;
    *b = kept;
}

/* Turns the gradient sums of a batch of m samples into their mean, and
 * clips it.  The sums are one block, layer by layer, weights before
 * biases; without biases theirs stay 0 and add nothing to the norm. */
static void batch_gradient(FastPass *pass, int m, const Clip *clip)
{
    int count;
    double *restrict g = fast_pass_gradients(pass, &count), squares = 0;
    for (int i = 0; i < count; i++) {
        g[i] /= m;
        squares += g[i] * g[i];
    }
    if (clip->kind == CLIP_OFF)
        return;
    double norm = sqrt(squares), scale = clip->kind == CLIP_NORM && norm > clip->most ? clip->most / norm : 1;
    if (clip->kind == CLIP_NORM && scale == 1)
        return;
    for (int i = 0; i < count; i++) {
        if (clip->kind == CLIP_NORM)
            g[i] *= scale;
        else
            g[i] = fmin(fmax(g[i], -clip->most), clip->most);
    }
}

/* The new value of the parameter at index i of layer l (weights first,
 * then biases), and its new state in work->next_state. */
static double step_one(const Training *training, const TrainJob *job, Workspace *work, int l, int i, double rate,
                       long t)
{
    const Net *net = job->net;
    const OptimizerState *state = &training->optimizer;
    const Optimizer *optimizer = state->optimizer;
    int n_weights = net->sizes[l] * net->sizes[l - 1];
    bool bias = i >= n_weights;
    double parameter = bias ? net->biases[l][i - n_weights] : net->weights[l][i];
    double gradient = bias ? fast_pass_bias_gradients(work->pass, l)[i - n_weights]
                           : fast_pass_weight_gradients(work->pass, l)[i];
    bool frozen = bias ? !job->use_bias || net->bias_frozen[l][i - n_weights] : net->weight_frozen[l][i];
    double own[OPTIMIZER_MAX_STATE];
    for (int s = 0; s < optimizer->n_state; s++)
        own[s] = state->state[s][l][i];
    double next = frozen ? parameter : optimizer->step(state->settings, own, parameter, gradient, rate, t);
    for (int s = 0; s < optimizer->n_state; s++)
        work->next_state[s][l][i] = own[s];
    return next;
}

/* True when the step gave every parameter and state value a finite value
 * within the limit; otherwise says which went too far. */
static bool step_within(const Training *training, const TrainJob *job, Workspace *work, TrainResult *result)
{
    const Net *net = job->net;
    int n_state = training->optimizer.optimizer->n_state;
    double limit = job->parameter_limit;
    for (int l = 1; l <= net->n_layers; l++) {
        int n = net->sizes[l], n_weights = n * net->sizes[l - 1];
        for (int i = 0; i < n_weights + n; i++) {
            double next = i < n_weights ? work->next_weights[l][i] : work->next_biases[l][i - n_weights];
            bool finite = true;
            for (int s = 0; s < n_state; s++)
                finite = finite && isfinite(work->next_state[s][l][i]);
            if (finite && fabs(next) <= limit)
                continue;
            Quantity q = i >= n_weights ? (Quantity){Q_BIAS, l, i - n_weights, 0, 0}
                                        : (Quantity){Q_WEIGHT, l, i / net->sizes[l - 1], i % net->sizes[l - 1], 0};
            quantity_name(net, q, result->diverged_name, sizeof result->diverged_name);
            result->diverged_value = finite ? next : INFINITY;
            result->diverged = true;
            return false;
        }
    }
    return true;
}

/* The larger of worst and |value|, worked inline rather than by a call
 * into libm; a nan is kept (it is larger than every limit), so a step that
 * makes one is caught like one that passes the limit. */
static inline double larger_magnitude(double worst, double value)
{
    double magnitude = fabs(value);
    return magnitude > worst || magnitude != magnitude ? magnitude : worst;
}

/* One optimizer step from the batch's gradient: every new value is worked
 * out first and taken only when none passes the limit.  False when one
 * would (result says which), changing nothing. */
static bool optimizer_step(Training *training, const TrainJob *job, Workspace *work, double rate,
                           TrainResult *result)
{
    Net *net = job->net;
    OptimizerState *state = &training->optimizer;
    int n_state = state->optimizer->n_state;
    long t = state->steps + 1;
    bool plain = n_state == 0 && !work->any_frozen && job->use_bias;   /* sgd: the loop the compiler can tighten */
    double limit = job->parameter_limit, worst = 0;
    for (int l = 1; l <= net->n_layers; l++) {
        int n = net->sizes[l], n_weights = n * net->sizes[l - 1];
        if (plain) {
            const double *restrict w = net->weights[l], *restrict b = net->biases[l];
            const double *restrict gw = fast_pass_weight_gradients(work->pass, l);
            const double *restrict gb = fast_pass_bias_gradients(work->pass, l);
            double *restrict nw = work->next_weights[l], *restrict nb = work->next_biases[l];
            for (int i = 0; i < n_weights; i++) {
                nw[i] = w[i] - rate * gw[i];
                worst = larger_magnitude(worst, nw[i]);
            }
            for (int j = 0; j < n; j++) {
                nb[j] = b[j] - rate * gb[j];
                worst = larger_magnitude(worst, nb[j]);
            }
            continue;
        }
        for (int i = 0; i < n_weights; i++)
            work->next_weights[l][i] = step_one(training, job, work, l, i, rate, t);
        for (int j = 0; j < n; j++)
            work->next_biases[l][j] = step_one(training, job, work, l, n_weights + j, rate, t);
    }
    /* a nan makes worst nan, and then the step is looked at value by value */
    if (!(plain && worst <= limit) && !step_within(training, job, work, result))
        return false;
    for (int l = 1; l <= net->n_layers; l++) {
        swap(&net->weights[l], &work->next_weights[l]);
        swap(&net->biases[l], &work->next_biases[l]);
        for (int s = 0; s < n_state; s++)
            swap(&state->state[s][l], &work->next_state[s][l]);
    }
    state->steps = t;
    return true;
}

/* Copies rows order[start .. start + m) into work's neuron-major batch. */
static void gather_batch(Workspace *work, const Dataset *data, int start, int m)
{
    for (int r = 0; r < m; r++) {
        const double *inputs = dataset_inputs(data, work->order[start + r]), *targets = inputs + data->n_inputs;
        for (int k = 0; k < data->n_inputs; k++)
            work->inputs[k * m + r] = inputs[k];
        for (int j = 0; j < data->n_targets; j++)
            work->targets[j * m + r] = targets[j];
    }
}

/* Fisher and Yates's shuffle, from the session's generator. */
static void shuffle_rows(int *order, int n, NumpyRandom *random)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(numpy_random_sample(random) * (i + 1));
        int kept = order[i];
        order[i] = order[j];
        order[j] = kept;
    }
}

bool training_run(Training *training, const TrainJob *job, long epochs, TrainResult *result, Error *error)
{
    memset(result, 0, sizeof *result);
    const Dataset *data = job->data;
    Workspace work = {0};
    int batch = training->batch > 0 && training->batch < data->n_rows ? training->batch : data->n_rows;
    if (!optimizer_prepare(&training->optimizer, job->net) ||
        !workspace_new(&work, job->net, training->optimizer.optimizer->n_state, data, batch)) {
        workspace_free(&work, job->net->n_layers);
        return error_set(error, "out of memory for training");
    }
    /* one batch of every row in order: gathered once for the whole run */
    bool gathered_once = batch == data->n_rows && !training->shuffle;
    if (gathered_once)
        gather_batch(&work, data, 0, batch);
    result->loss_before = training_mean_loss(work.pass, job, false);
    memset(&training->history, 0, sizeof training->history);
    for (long e = 0; e < epochs && !result->diverged; e++) {
        double rate = training_rate(&training->schedule, job->rate, e, epochs), total = 0;
        if (training->shuffle)
            shuffle_rows(work.order, data->n_rows, &training->shuffler);
        for (int start = 0; start < data->n_rows; start += batch) {
            int end = start + batch < data->n_rows ? start + batch : data->n_rows;
            fast_pass_clear(work.pass);
            if (!gathered_once)
                gather_batch(&work, data, start, end - start);
            total = fast_pass_batch(work.pass, job->net, job->loss, job->use_bias, work.inputs, work.targets,
                                    end - start, total);
            batch_gradient(work.pass, end - start, &training->clip);
            if (!optimizer_step(training, job, &work, rate, result))
                break;
            result->steps++;
        }
        if (result->diverged)
            break;
        result->epochs = e + 1;
        training->epochs_trained++;
        history_add(&training->history, e + 1, total / data->n_rows);
        if (job->progress)
            job->progress(e + 1, epochs, total / data->n_rows, job->context);
        if (interrupt_requested() && e + 1 < epochs) {
            result->interrupted = true;
            break;
        }
    }
    result->loss_after = training_mean_loss(work.pass, job, false);
    workspace_free(&work, job->net->n_layers);
    return true;
}
