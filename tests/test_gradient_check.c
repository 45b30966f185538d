/* test_gradient_check: gradcheck's engine and both commands on a data set,
 * against NumPy's numbers (tests/numpy_training_expected.txt, section
 * gradcheck002, written by tests/numpy_training_expected.py): seed 002's XOR network, 2-4-1 sigmoid, np.random.seed(0) weights
 * × 0.01, biases 0, the four rows of XOR, the mean half-sse.
 *
 * It checks the backprop and numeric gradient of W1[1,1], that the check
 * passes over all 17 parameters (NumPy: relative error 2.87e-9), that every
 * parameter comes back bit for bit, that an all-zero gradient gives no
 * relative error to pass on, that Ctrl-C stops before the first probe, and
 * that the commands speak of "the 4 rows of the data" and refuse a data
 * set whose rows do not fit the network. */
#define _GNU_SOURCE   /* open_memstream */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command_handlers.h"
#include "dataset.h"
#include "gradient_check.h"
#include "interrupt.h"
#include "net.h"
#include "tap.h"

/* np.random.seed(0); randn(4, 2) * 0.01, randn(1, 4) * 0.01 (xor.x0.01.init.*) */
static const double W1[8] = {0.017640523459676642, 0.004001572083672233, 0.009787379841057393,
                             0.022408931992014578, 0.018675579901499675, -0.00977277879876411,
                             0.009500884175255894, -0.001513572082976979};
static const double W2[4] = {-0.0010321885179355784, 0.004105985019383723, 0.0014404357116087798,
                             0.014542735069629751};

static Net *xor_network(void)
{
    Error error;
    const char *sigmoid[] = {"sigmoid"};
    Net *net = net_new("2-4-1", sigmoid, 1, &error);
    if (net) {
        memcpy(net->weights[1], W1, sizeof W1);
        memcpy(net->weights[2], W2, sizeof W2);
    }
    return net;
}

static bool same_bits(const double *a, const double *b, int n)
{
    return memcmp(a, b, (size_t)n * sizeof *a) == 0;
}

static void test_xor(void)
{
    Error error;
    Net *net = xor_network();
    Dataset *data = dataset_truth_table("xor", &error);
    TrainJob job = {.net = net, .loss = loss_find("half-sse"), .use_bias = true, .data = data};
    GradientCheck check;
    tap_ok(gradient_check_run(&job, 1e-5, &check, &error), "XOR: the check runs");
    tap_ok(check.n_parameters == 17 && check.n_probed == 17, "XOR: all 17 parameters probed (W1, b1, W2, b2)");
    const GradientProbe *w11 = &check.probes[0];
    tap_ok(w11->parameter.kind == Q_WEIGHT && w11->parameter.layer == 1 && w11->parameter.row == 0 &&
           w11->parameter.col == 0, "XOR: the first probe is W1[1,1]");
    /* NumPy: analytical −7.693946966895018e-08; numerical of the half loss −7.693984338530413e-08 */
    tap_ok(fabs(w11->backprop - -7.693946966895018e-08) < 1e-20, "XOR: backprop dL/dW1[1,1] = %.17g, NumPy's",
           w11->backprop);
    /* a difference quotient of L ≈ 0.125 at ε = 1e-5 carries ~1e-12 of rounding */
    tap_ok(fabs(w11->numeric - -7.693984338530413e-08) < 1e-11, "XOR: numeric dL/dW1[1,1] = %.10g, NumPy's to "
           "its rounding", w11->numeric);
    double relative = gradient_check_relative_error(&check);
    tap_ok(relative < 1e-7, "XOR: relative error %.3g passes below 1e-7 (NumPy: 2.87e-9)", relative);
    const GradientProbe *b2 = &check.probes[16];
    tap_ok(b2->parameter.kind == Q_BIAS && check.largest == fmax(fabs(b2->backprop), fabs(b2->numeric)) &&
           check.largest > 1e-4, "XOR: the largest gradient, %.3g, is db2's (NumPy's dW2 are ~3e-4)", check.largest);
    tap_ok(same_bits(net->weights[1], W1, 8) && same_bits(net->weights[2], W2, 4) && net->biases[1][0] == 0 &&
           net->biases[2][0] == 0, "XOR: every parameter is back to its value, bit for bit");
    gradient_check_release(&check);

    /* a factor-of-2 slip, as seed 002 makes it: backprop of the half loss
     * against the numeric slope of the whole one gives 1/3 */
    TrainJob whole = job;
    whole.loss = loss_find("sse");
    GradientCheck half, full;
    gradient_check_run(&job, 1e-5, &half, &error);
    gradient_check_run(&whole, 1e-5, &full, &error);
    double difference = 0, a = 0, n = 0;
    for (int i = 0; i < 17; i++) {
        double d = half.probes[i].backprop - full.probes[i].numeric;
        difference += d * d;
        a += half.probes[i].backprop * half.probes[i].backprop;
        n += full.probes[i].numeric * full.probes[i].numeric;
    }
    double slip = sqrt(difference) / (sqrt(a) + sqrt(n));
    tap_ok(fabs(slip - 1.0 / 3) < 1e-6, "XOR: the factor-of-2 slip reads %.9f, NumPy's 0.333333333", slip);
    tap_ok(fabs(half.probes[0].backprop - full.probes[0].numeric) < 1e-7,
           "XOR: yet W1[1,1] alone differs by less than seed 002's 1e-7 (why the tiny-gradient warning exists)");
    gradient_check_release(&half);
    gradient_check_release(&full);
    dataset_free(data);
    net_free(net);
}

static void test_all_zero(void)
{
    Error error;
    const char *sigmoid[] = {"sigmoid"};
    Net *net = net_new("2-2-1", sigmoid, 1, &error);
    Dataset *data = dataset_new(2, 1);
    double x[2] = {1, 2}, t[1] = {0.5};   /* every weight 0: ŷ = σ(0) = 0.5 = t */
    dataset_add(data, x, t, &error);
    TrainJob job = {.net = net, .loss = loss_find("half-sse"), .use_bias = true, .data = data};
    GradientCheck check;
    gradient_check_run(&job, 1e-5, &check, &error);
    tap_ok(check.backprop_norm + check.numeric_norm < 1e-12 && check.largest < 1e-12,
           "all-zero gradient: ‖a‖ + ‖n‖ = %g, nothing to judge", check.backprop_norm + check.numeric_norm);
    gradient_check_release(&check);

    interrupt_request();
    gradient_check_run(&job, 1e-5, &check, &error);
    interrupt_clear();
    tap_ok(check.interrupted && check.n_probed == 0, "Ctrl-C: stopped before the first probe");
    gradient_check_release(&check);
    dataset_free(data);
    net_free(net);
}

/* Runs a command on a session with the XOR network and `data`; its output into `out`. */
static Status run_command(const char *name, Dataset *data, char *out, size_t size, Error *error)
{
    char *text = NULL;
    size_t length = 0;
    FILE *stream = open_memstream(&text, &length);
    Session *session = session_new(stream, stream);
    session->net = xor_network();
    session->data = data;
    session->loss = loss_find("half-sse");
    Args args = {0};
    Status status = command_find(name)->run(session, &args, error);
    session->data = NULL;   /* the caller's */
    session_free(session);
    fclose(stream);
    snprintf(out, size, "%s", text ? text : "");
    free(text);
    return status;
}

static void test_commands_on_data(void)
{
    Error error;
    static char out[20000];
    Dataset *data = dataset_truth_table("xor", &error);
    Status status = run_command("gradcheck", data, out, sizeof out, &error);
    tap_ok(status == STATUS_OK && strstr(out, "over the 4 rows of the data"), "gradcheck speaks of the 4 rows");
    tap_ok(strstr(out, "pass:") != NULL, "gradcheck passes on XOR");
    status = run_command("diagnose", data, out, sizeof out, &error);
    /* NumPy: dW1 mean 3.932292312520079e-07, dW2 mean 0.0003000086328164464 */
    tap_ok(status == STATUS_OK && strstr(out, "over the 4 rows of the data") &&
           strstr(out, "3.932e-7 ") && strstr(out, "0.0003 "),
           "diagnose: the batch-mean gradient's means, NumPy's to 4 digits");
    tap_ok(strstr(out, "Vanishing gradients") != NULL, "diagnose: XOR at ×0.01, dW1 / dW2 = 0.0013, vanishes");
    dataset_free(data);

    Dataset *wide = dataset_new(3, 1);
    double x[3] = {1, 2, 3}, t[1] = {1};
    dataset_add(wide, x, t, &error);
    status = run_command("diagnose", wide, out, sizeof out, &error);
    tap_ok(status == STATUS_ERROR && strstr(error.message, "3 inputs") && out[0] == '\0',
           "rows of 3 inputs for a 2-input network: refused, nothing printed (%s)", error.message);
    dataset_free(wide);
}

int main(void)
{
    test_xor();
    test_all_zero();
    test_commands_on_data();
    return tap_done();
}
