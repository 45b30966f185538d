/* gradient_check: central differences against backprop, and each layer's
 * gradient statistics (see gradient_check.h).
 *
 * Both read the objective through training_mean_loss(), the function
 * `train` with a full batch minimises, so what they judge is what training
 * follows.  Nothing here prints. */
#include "gradient_check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fast_pass.h"
#include "interrupt.h"

/* The parameters in the order the check visits them: W1, b1, W2, b2, ...
 * (the biases only when they are used). */
static int list_parameters(const Net *net, bool use_bias, GradientProbe *probes)
{
    int n = 0;
    for (int l = 1; l <= net->n_layers; l++) {
        for (int j = 0; j < net->sizes[l]; j++)
            for (int k = 0; k < net->sizes[l - 1]; k++)
                probes[n++].parameter = (Quantity){Q_WEIGHT, l, j, k, 0};
        if (use_bias)
            for (int j = 0; j < net->sizes[l]; j++)
                probes[n++].parameter = (Quantity){Q_BIAS, l, j, 0, 0};
    }
    return n;
}

static double *parameter_value(const Net *net, Quantity q)
{
    return q.kind == Q_WEIGHT ? net_weight(net, q.layer, q.row, q.col) : net_bias(net, q.layer, q.row);
}

/* The backward pass's gradient of q, left in the pass's sums. */
static double backprop_gradient(FastPass *pass, const Net *net, Quantity q)
{
    if (q.kind == Q_WEIGHT)
        return fast_pass_weight_gradients(pass, q.layer)[q.row * net->sizes[q.layer - 1] + q.col];
    return fast_pass_bias_gradients(pass, q.layer)[q.row];
}

/* Counts the units of an activation with a corner (its slope jumps at
 * z = 0: relu, leaky_relu) whose z lies within ε of 0 on some row: there
 * θ ± ε can put z on both sides, and the central difference averages two
 * slopes rather than measuring one. */
static void find_corners(FastPass *pass, const TrainJob *job, double epsilon, GradientCheck *check)
{
    const Net *net = job->net;
    bool near[NET_MAX_LAYERS + 1][NET_MAX_WIDTH] = {{false}};
    for (int r = 0; r < job->data->n_rows; r++) {
        fast_pass_sample(pass, net, job->loss, job->use_bias, dataset_inputs(job->data, r),
                         dataset_targets(job->data, r), false);
        for (int l = 1; l <= net->n_layers; l++) {
            const Activation *activation = net->activation[l];
            if (!activation->slopes.ends_only || activation->slopes.low == activation->slopes.high)
                continue;
            const double *z = fast_pass_sums(pass, l);
            for (int j = 0; j < net->sizes[l]; j++)
                if (fabs(z[j]) < epsilon && !near[l][j]) {
                    near[l][j] = true;
                    if (check->n_corners++ == 0) {
                        check->corner = (Quantity){Q_Z, l, j, 0, 0};
                        check->corner_z = z[j];
                    }
                }
        }
    }
}

bool gradient_check_run(const TrainJob *job, double epsilon, GradientCheck *check, Error *error)
{
    Net *net = job->net;
    memset(check, 0, sizeof *check);
    check->finite = true;
    check->n_parameters = net_n_parameters(net, job->use_bias);
    check->probes = calloc((size_t)check->n_parameters, sizeof *check->probes);
    FastPass *pass = fast_pass_new(net);
    if (!check->probes || !pass) {
        fast_pass_free(pass);
        gradient_check_release(check);
        return error_set(error, "out of memory while checking the gradients");
    }
    list_parameters(net, job->use_bias, check->probes);
    find_corners(pass, job, epsilon, check);

    double loss = training_mean_loss(pass, job, true);
    check->finite = isfinite(loss);
    for (int i = 0; i < check->n_parameters; i++)
        check->probes[i].backprop = backprop_gradient(pass, net, check->probes[i].parameter);

    double difference_sum = 0, backprop_sum = 0, numeric_sum = 0;
    for (int i = 0; i < check->n_parameters; i++) {
        if (interrupt_requested()) {
            check->interrupted = true;
            break;
        }
        GradientProbe *probe = &check->probes[i];
        double *value = parameter_value(net, probe->parameter);
        double saved = *value;
        *value = saved + epsilon;
        double above = training_mean_loss(pass, job, false);
        *value = saved - epsilon;
        double below = training_mean_loss(pass, job, false);
        *value = saved;   /* the saved value itself: adding and subtracting ε could leave a trace */
        probe->numeric = (above - below) / (2 * epsilon);
        if (!isfinite(probe->numeric) || !isfinite(probe->backprop))
            check->finite = false;
        double difference = probe->backprop - probe->numeric;
        difference_sum += difference * difference;
        backprop_sum += probe->backprop * probe->backprop;
        numeric_sum += probe->numeric * probe->numeric;
        check->largest = fmax(check->largest, fmax(fabs(probe->backprop), fabs(probe->numeric)));
        check->n_probed++;
    }
    check->difference_norm = sqrt(difference_sum);
    check->backprop_norm = sqrt(backprop_sum);
    check->numeric_norm = sqrt(numeric_sum);
    fast_pass_free(pass);
    return true;
}

void gradient_check_release(GradientCheck *check)
{
    free(check->probes);
    check->probes = NULL;
}

double gradient_check_relative_error(const GradientCheck *check)
{
    double scale = check->backprop_norm + check->numeric_norm;
    return scale > 0 ? check->difference_norm / scale : 0;
}

/* Marks the hidden relu units of `layers` whose activation is 0 on every
 * row of the data. */
static void find_dead_units(FastPass *pass, const TrainJob *job, LayerGradients *layers)
{
    const Net *net = job->net;
    bool live[NET_MAX_LAYERS + 1][NET_MAX_WIDTH] = {{false}};
    for (int r = 0; r < job->data->n_rows; r++) {
        fast_pass_sample(pass, net, job->loss, job->use_bias, dataset_inputs(job->data, r),
                         dataset_targets(job->data, r), false);
        for (int l = 1; l < net->n_layers; l++) {
            const double *a = fast_pass_activations(pass, l);
            for (int j = 0; j < net->sizes[l]; j++)
                live[l][j] = live[l][j] || a[j] != 0;
        }
    }
    for (int l = 1; l < net->n_layers; l++) {
        /* relu alone: its slope is exactly 0 wherever its output is 0, so a
         * unit silent on every row passes no gradient back at all */
        if (strcmp(net->activation[l]->name, "relu") != 0)
            continue;
        for (int j = 0; j < net->sizes[l]; j++) {
            layers[l].dead[j] = !live[l][j];
            layers[l].n_dead += !live[l][j];
        }
    }
}

bool gradient_layers(const TrainJob *job, LayerGradients *layers, bool *finite, Error *error)
{
    const Net *net = job->net;
    FastPass *pass = fast_pass_new(net);
    if (!pass)
        return error_set(error, "out of memory while working out the gradients");
    *finite = isfinite(training_mean_loss(pass, job, true));
    for (int l = 1; l <= net->n_layers; l++) {
        LayerGradients *layer = &layers[l];
        memset(layer, 0, sizeof *layer);
        const double *g = fast_pass_weight_gradients(pass, l);
        int n = net->sizes[l] * net->sizes[l - 1];
        double sum = 0, squares = 0;
        for (int i = 0; i < n; i++) {
            sum += fabs(g[i]);
            squares += g[i] * g[i];
            layer->max_abs = fmax(layer->max_abs, fabs(g[i]));
            if (!isfinite(g[i]))
                *finite = false;
        }
        layer->mean_abs = sum / n;
        layer->norm = sqrt(squares);
    }
    find_dead_units(pass, job, layers);
    fast_pass_free(pass);
    return true;
}
