/* Activations and losses: each derivative against central differences of
 * its own function, and the numerical edge cases (sigmoid(±800), ln 0). */
#include <math.h>
#include <stdlib.h>

#include "functions.h"
#include "tap.h"

static double central_difference(double (*f)(double), double z)
{
    const double h = 1e-6;
    return (f(z + h) - f(z - h)) / (2 * h);
}

static void activations(void)
{
    const double points[] = {-3.0, -1.2, -0.4, 0.3, 0.9, 2.5};   /* away from relu's kink at 0 */
    for (int i = 0; i < N_ACTIVATIONS; i++) {
        const Activation *activation = &ACTIVATIONS[i];
        if (activation->whole_layer)
            continue;
        double worst = 0;
        for (size_t p = 0; p < sizeof points / sizeof points[0]; p++) {
            double z = points[p];
            double analytic = activation->derivative(z, activation->value(z));
            double numeric = central_difference(activation->value, z);
            worst = fmax(worst, fabs(analytic - numeric));
        }
        tap_ok(worst < 1e-8, "%s' matches central differences (worst error %.2g)", activation->name, worst);
    }

    /* each row's ranges, worked out by hand (σ in (0, 1) with σ' in (0, 0.25], tanh in (−1, 1) with
     * tanh' in (0, 1], relu ≥ 0 with slope 0 or 1, ...), hold the function and its slope everywhere
     * on a grid, and the closed ends are reached: σ'(0) = 0.25, tanh'(0) = 1, relu'(±1) = 1 and 0 */
    for (int i = 0; i < N_ACTIVATIONS; i++) {
        const Activation *activation = &ACTIVATIONS[i];
        if (activation->whole_layer)
            continue;
        bool inside = true, high_reached = !activation->slopes.high_included,
             low_reached = !activation->slopes.low_included;
        for (double z = -15; z <= 15; z += 0.125) {
            double a = activation->value(z), slope = activation->derivative(z, a);
            inside = inside && value_range_contains(activation->values, a) &&
                     value_range_contains(activation->slopes, slope);
            high_reached = high_reached || slope == activation->slopes.high;
            low_reached = low_reached || slope == activation->slopes.low;
        }
        tap_ok(inside, "%s: a and da/dz stay in the row's ranges from z = −15 to 15", activation->name);
        tap_ok(high_reached && low_reached, "%s: the slope reaches the ends its range includes", activation->name);
    }
    const Activation *sigmoid_row = activation_find("sigmoid");
    tap_ok(!value_range_contains(sigmoid_row->values, 1.0) && !value_range_contains(sigmoid_row->values, 0.0) &&
           value_range_contains(sigmoid_row->slopes, 0.25) && !value_range_contains(sigmoid_row->slopes, 0.2501),
           "sigmoid's ranges: a in (0, 1), da/dz in (0, 0.25]");
    const Activation *relu_row = activation_find("relu");
    tap_ok(value_range_contains(relu_row->slopes, 0) && value_range_contains(relu_row->slopes, 1) &&
           !value_range_contains(relu_row->slopes, 0.5) && value_range_contains(relu_row->values, 0) &&
           !value_range_contains(relu_row->values, -1e-9), "relu's ranges: a ≥ 0, da/dz is 0 or 1");
    double softmax_z[3] = {4, -2, 0.5}, softmax_a[3];
    softmax(softmax_z, softmax_a, 3);
    const Activation *softmax_row = activation_find("softmax");
    tap_ok(value_range_contains(softmax_row->values, softmax_a[0]) &&
           value_range_contains(softmax_row->values, softmax_a[1]), "softmax's outputs lie in its row's (0, 1)");

    const Activation *sigmoid = activation_find("sigmoid");
    double high = sigmoid->value(800), low = sigmoid->value(-800);
    tap_ok(high == 1.0 && low >= 0.0 && low < 1e-300 && isfinite(low), "sigmoid(±800) is 1 and a tiny positive number");
    tap_ok(sigmoid->derivative(800, high) == 0.0 && isfinite(sigmoid->derivative(-800, low)),
           "sigmoid'(±800) is finite");
    tap_ok(fabs(sigmoid->value(1.4) - 0.8021838885585817) < 1e-15, "sigmoid(1.4) = 0.80218388855858");

    double z[3] = {1000, 0, -1000}, a[3];
    softmax(z, a, 3);
    tap_ok(isfinite(a[0]) && a[0] == 1.0 && a[2] >= 0, "softmax of large logits is finite");
    double z2[3] = {1, 2, 3};
    softmax(z2, a, 3);
    /* e^1 : e^2 : e^3 normalised, by hand: 0.0900306, 0.2447285, 0.6652410 */
    tap_ok(fabs(a[0] - 0.0900306) < 1e-7 && fabs(a[1] - 0.2447285) < 1e-7 && fabs(a[2] - 0.6652410) < 1e-7,
           "softmax(1, 2, 3) = (0.0900, 0.2447, 0.6652)");
}

static void losses(void)
{
    const double a[3] = {0.3, 0.6, 0.1}, t[3] = {0.0, 1.0, 0.0};
    for (int i = 0; i < N_LOSSES; i++) {
        const Loss *loss = &LOSSES[i];
        double worst = 0;
        for (int j = 0; j < 3; j++) {
            double plus[3] = {a[0], a[1], a[2]}, minus[3] = {a[0], a[1], a[2]};
            const double h = 1e-6;
            plus[j] += h;
            minus[j] -= h;
            double numeric = (loss->value(plus, t, 3) - loss->value(minus, t, 3)) / (2 * h);
            worst = fmax(worst, fabs(loss->gradient(a, t, 3, j) - numeric));
        }
        tap_ok(worst < 1e-7, "dL/dŷ of %s matches central differences (worst error %.2g)", loss->name, worst);
    }
    /* by hand: ½((0.3)² + (−0.4)² + (0.1)²) = ½ × 0.26 = 0.13 */
    tap_ok(fabs(loss_find("half-sse")->value(a, t, 3) - 0.13) < 1e-15, "half-sse of the example is 0.13");
    tap_ok(fabs(loss_find("sse")->value(a, t, 3) - 0.26) < 1e-15, "sse of the example is 0.26");
    tap_ok(fabs(loss_find("mse")->value(a, t, 3) - 0.26 / 3) < 1e-15, "mse of the example is 0.26/3");
    tap_ok(fabs(loss_find("ce")->value(a, t, 3) - -log(0.6)) < 1e-15, "ce of the example is -ln 0.6");

    const double edge[1] = {0.0}, one[1] = {1.0}, target_one[1] = {1.0}, target_zero[1] = {0.0};
    for (int i = 0; i < N_LOSSES; i++) {
        const Loss *loss = &LOSSES[i];
        double values[4] = {loss->value(edge, target_one, 1), loss->value(one, target_zero, 1),
                            loss->gradient(edge, target_one, 1, 0), loss->gradient(one, target_zero, 1, 0)};
        bool finite = true;
        for (int v = 0; v < 4; v++)
            finite = finite && isfinite(values[v]);
        /* ce ignores outputs whose target is 0, so its last slope is 0 */
        tap_ok(finite && values[0] >= 0 && values[1] >= 0 && values[2] < 0 && values[3] >= 0,
               "%s is finite and correctly signed when the output is exactly 0 or 1", loss->name);
    }
}

int main(void)
{
    activations();
    losses();
    return tap_done();
}
