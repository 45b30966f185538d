/* Activations and losses: each derivative against central differences of
 * its own function, and the numerical edge cases (sigmoid(±800), ln 0). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "functions.h"
#include "tap.h"

static double central_difference(const Activation *activation, double z)
{
    const double h = 1e-6;
    return (activation_value(activation, z + h) - activation_value(activation, z - h)) / (2 * h);
}

/* The worst difference between f' and central differences of f. */
static double worst_slope_error(const Activation *activation)
{
    const double points[] = {-3.0, -1.2, -0.4, 0.3, 0.9, 2.5};   /* away from relu's kink at 0 */
    double worst = 0;
    for (size_t p = 0; p < sizeof points / sizeof points[0]; p++) {
        double z = points[p];
        double analytic = activation_derivative(activation, z, activation_value(activation, z));
        worst = fmax(worst, fabs(analytic - central_difference(activation, z)));
    }
    return worst;
}

/* leaky_relu with a chosen negative slope, as in network 2-1 leaky_relu(0.2). */
static void leaky_slopes(void)
{
    const double slopes[] = {0.2, 0.5};
    for (size_t i = 0; i < sizeof slopes / sizeof slopes[0]; i++) {
        ActivationChoice choice;
        activation_choose(activation_find("leaky_relu"), slopes[i], &choice);
        double worst = worst_slope_error(&choice.activation);
        tap_ok(worst < 1e-8, "leaky_relu(%g)' matches central differences (worst error %.2g)", slopes[i], worst);
    }
    /* by hand: with slope 0.2, f(-2) = 0.2 × (-2) = -0.4 and f'(-2) = 0.2; f(3) = 3 and f'(3) = 1 */
    ActivationChoice leaky;
    activation_choose(activation_find("leaky_relu"), 0.2, &leaky);
    const Activation *f = &leaky.activation;
    tap_ok(fabs(activation_value(f, -2) - -0.4) < 1e-15 && activation_derivative(f, -2, -0.4) == 0.2,
           "leaky_relu(0.2): f(-2) = -0.4, f'(-2) = 0.2");
    tap_ok(activation_value(f, 3) == 3 && activation_derivative(f, 3, 3) == 1, "leaky_relu(0.2): f(3) = 3, f'(3) = 1");
    tap_ok(f->slopes.low == 0.2 && f->slopes.high == 1 && f->slopes.ends_only && f->values.low == -INFINITY,
           "leaky_relu(0.2): da/dz is 0.2 or 1, and a is any number");
    ActivationChoice flat;
    activation_choose(activation_find("leaky_relu"), 0, &flat);
    tap_ok(flat.activation.values.low == 0 && flat.activation.values.low_included && flat.activation.slopes.low == 0,
           "leaky_relu(0): a is never below 0, and da/dz is 0 or 1");
    tap_ok(strcmp(f->value_template, "({0} if {0} > 0, else 0.2 × {0})") == 0 &&
           strcmp(f->derivative_template, "(1 if {0} > 0, else 0.2)") == 0,
           "leaky_relu(0.2) shows its slope in its formulas");
    /* the table's default is PyTorch's: 0.01 */
    const Activation *usual = activation_find("leaky_relu");
    tap_ok(fabs(activation_value(usual, -3) - -0.03) < 1e-15 && activation_derivative(usual, -3, -0.03) == 0.01,
           "leaky_relu without a slope: f(-3) = -0.03, f'(-3) = 0.01");
}

static void activations(void)
{
    for (int i = 0; i < N_ACTIVATIONS; i++) {
        const Activation *activation = &ACTIVATIONS[i];
        if (activation->whole_layer)
            continue;
        double worst = worst_slope_error(activation);
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
            double a = activation_value(activation, z), slope = activation_derivative(activation, z, a);
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
    double high = activation_value(sigmoid, 800), low = activation_value(sigmoid, -800);
    tap_ok(high == 1.0 && low >= 0.0 && low < 1e-300 && isfinite(low), "sigmoid(±800) is 1 and a tiny positive number");
    tap_ok(activation_derivative(sigmoid, 800, high) == 0.0 && isfinite(activation_derivative(sigmoid, -800, low)),
           "sigmoid'(±800) is finite");
    tap_ok(fabs(activation_value(sigmoid, 1.4) - 0.8021838885585817) < 1e-15, "sigmoid(1.4) = 0.80218388855858");

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
    leaky_slopes();
    losses();
    return tap_done();
}
