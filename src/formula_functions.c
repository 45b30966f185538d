/* formula_functions: the functions a formula may call, one row each (see
 * formula.h): its value, where it is defined, and its partial derivatives
 * as formulas of its arguments.  sigmoid, tanh, relu and leaky_relu use the
 * activation table's own functions (functions.c), so expression mode and
 * network mode give the same numbers, relu'(0) = 0 included.
 *
 * Non-smooth functions differentiate into helpers a learner can read:
 * step(u) is 1 for u > 0, else 0 (relu's slope); sign(u) is abs's slope;
 * leaky_step(u) is leaky_relu's slope.  On a tie, max(a, b) and min(a, b)
 * give the slope to b. */
#include "formula.h"

#include <math.h>
#include <string.h>

#include "functions.h"

/* ---- values ------------------------------------------------------------ */

static double activation(const char *name, double z)
{
    return activation_value(activation_find(name), z);
}
static double activation_slope(const char *name, double z)
{
    const Activation *row = activation_find(name);
    return activation_derivative(row, z, activation_value(row, z));
}

static double sin_value(const double *u) { return sin(u[0]); }
static double cos_value(const double *u) { return cos(u[0]); }
static double tan_value(const double *u) { return tan(u[0]); }
static double exp_value(const double *u) { return exp(u[0]); }
static double log_value(const double *u) { return log(u[0]); }
static double sqrt_value(const double *u) { return sqrt(u[0]); }
static double abs_value(const double *u) { return fabs(u[0]); }
static double sigmoid_value(const double *u) { return activation("sigmoid", u[0]); }
static double tanh_value(const double *u) { return activation("tanh", u[0]); }
static double relu_value(const double *u) { return activation("relu", u[0]); }
static double leaky_relu_value(const double *u) { return activation("leaky_relu", u[0]); }
static double max_value(const double *u) { return u[0] > u[1] ? u[0] : u[1]; }
static double min_value(const double *u) { return u[0] < u[1] ? u[0] : u[1]; }
static double step_value(const double *u) { return activation_slope("relu", u[0]); }
static double leaky_step_value(const double *u) { return activation_slope("leaky_relu", u[0]); }
static double sign_value(const double *u) { return u[0] > 0 ? 1.0 : u[0] < 0 ? -1.0 : 0.0; }

static bool above_zero(const double *u) { return u[0] > 0; }
static bool not_negative(const double *u) { return u[0] >= 0; }

/* ---- partial derivatives ----------------------------------------------- */

static const FormulaFunction *row(const char *name) { return formula_function_row(name); }

static Formula *call(Arena *arena, const char *name, const Formula *u, const Formula *v)
{
    return formula_call(arena, row(name), u, v);
}

static Formula *square(Arena *arena, const Formula *u)
{
    return formula_binary(arena, FORMULA_POWER, u, formula_number(arena, 2));
}

static Formula *one_minus(Arena *arena, const Formula *u)
{
    return formula_binary(arena, FORMULA_SUBTRACT, formula_number(arena, 1), u);
}

/* d sin(u)/du = cos(u) */
static Formula *sin_partial(Formula *const *u, int i, Arena *arena) { (void)i; return call(arena, "cos", u[0], NULL); }
/* d cos(u)/du = −sin(u) */
static Formula *cos_partial(Formula *const *u, int i, Arena *arena)
{
    (void)i;
    return formula_negate(arena, call(arena, "sin", u[0], NULL));
}
/* d tan(u)/du = 1 / cos(u)² */
static Formula *tan_partial(Formula *const *u, int i, Arena *arena)
{
    (void)i;
    Formula *cos_u = call(arena, "cos", u[0], NULL);
    return formula_binary(arena, FORMULA_DIVIDE, formula_number(arena, 1), square(arena, cos_u));
}
/* d e^u/du = e^u */
static Formula *exp_partial(Formula *const *u, int i, Arena *arena) { (void)i; return call(arena, "exp", u[0], NULL); }
/* d log(u)/du = 1/u */
static Formula *log_partial(Formula *const *u, int i, Arena *arena)
{
    (void)i;
    return formula_binary(arena, FORMULA_DIVIDE, formula_number(arena, 1), u[0]);
}
/* d sqrt(u)/du = 1 / (2 sqrt(u)) */
static Formula *sqrt_partial(Formula *const *u, int i, Arena *arena)
{
    (void)i;
    return formula_binary(arena, FORMULA_DIVIDE, formula_number(arena, 1),
                          formula_implicit_product(arena, formula_number(arena, 2), call(arena, "sqrt", u[0], NULL)));
}
/* d abs(u)/du = sign(u) */
static Formula *abs_partial(Formula *const *u, int i, Arena *arena) { (void)i; return call(arena, "sign", u[0], NULL); }
/* d σ(u)/du = σ(u)(1 − σ(u)) */
static Formula *sigmoid_partial(Formula *const *u, int i, Arena *arena)
{
    (void)i;
    return formula_implicit_product(arena, call(arena, "sigmoid", u[0], NULL),
                                    one_minus(arena, call(arena, "sigmoid", u[0], NULL)));
}
/* d tanh(u)/du = 1 − tanh(u)² */
static Formula *tanh_partial(Formula *const *u, int i, Arena *arena)
{
    (void)i;
    return one_minus(arena, square(arena, call(arena, "tanh", u[0], NULL)));
}
/* d relu(u)/du = step(u) */
static Formula *relu_partial(Formula *const *u, int i, Arena *arena)
{
    (void)i;
    return call(arena, "step", u[0], NULL);
}
/* d leaky_relu(u)/du = leaky_step(u) */
static Formula *leaky_relu_partial(Formula *const *u, int i, Arena *arena)
{
    (void)i;
    return call(arena, "leaky_step", u[0], NULL);
}
/* ∂ max(a, b)/∂a = step(a − b), ∂/∂b = 1 − step(a − b): b gets the slope on a tie */
static Formula *max_partial(Formula *const *u, int i, Arena *arena)
{
    Formula *a_wins = call(arena, "step", formula_binary(arena, FORMULA_SUBTRACT, u[0], u[1]), NULL);
    return i == 0 ? a_wins : one_minus(arena, a_wins);
}
/* ∂ min(a, b)/∂a = step(b − a), ∂/∂b = 1 − step(b − a): b gets the slope on a tie */
static Formula *min_partial(Formula *const *u, int i, Arena *arena)
{
    Formula *a_wins = call(arena, "step", formula_binary(arena, FORMULA_SUBTRACT, u[1], u[0]), NULL);
    return i == 0 ? a_wins : one_minus(arena, a_wins);
}
/* steps are flat wherever they have a slope */
static Formula *flat_partial(Formula *const *u, int i, Arena *arena)
{
    (void)u;
    (void)i;
    return formula_number(arena, 0);
}

/* ---- the table --------------------------------------------------------- */

const FormulaFunction FORMULA_FUNCTIONS[] = {
    {"sin", {NULL}, "sin", 1, sin_value, NULL, NULL, sin_partial, "d sin(u)/du = cos(u)",
     "sin(u): the sine of u (radians)", false, false},
    {"cos", {NULL}, "cos", 1, cos_value, NULL, NULL, cos_partial, "d cos(u)/du = −sin(u)",
     "cos(u): the cosine of u (radians)", false, false},
    {"tan", {NULL}, "tan", 1, tan_value, NULL, NULL, tan_partial, "d tan(u)/du = 1 / cos(u)²",
     "tan(u): the tangent of u (radians)", false, false},
    {"exp", {NULL}, "exp", 1, exp_value, NULL, NULL, exp_partial, "d e^u/du = e^u",
     "exp(u): e^u, e = 2.71828…", false, true},
    {"log", {"ln", NULL}, "log", 1, log_value, above_zero, "a number above 0", log_partial, "d log(u)/du = 1 / u",
     "log(u) or ln(u): the natural logarithm of u, for u > 0", false, false},
    {"sqrt", {NULL}, "sqrt", 1, sqrt_value, not_negative, "a number of at least 0", sqrt_partial,
     "d sqrt(u)/du = 1 / (2 sqrt(u))", "sqrt(u): the square root of u, for u ≥ 0", false, false},
    {"abs", {NULL}, "abs", 1, abs_value, NULL, NULL, abs_partial, "d abs(u)/du = sign(u): 1, −1, or 0 at u = 0",
     "abs(u): u without its sign", false, false},
    {"sigmoid", {"σ", "sigma", NULL}, "σ", 1, sigmoid_value, NULL, NULL, sigmoid_partial, "d σ(u)/du = σ(u)(1 − σ(u))",
     "sigmoid(u), σ(u) or sigma(u): 1 / (1 + e^(−u))", false, false},
    {"tanh", {NULL}, "tanh", 1, tanh_value, NULL, NULL, tanh_partial, "d tanh(u)/du = 1 − tanh(u)²",
     "tanh(u): (e^u − e^(−u)) / (e^u + e^(−u))", false, false},
    {"relu", {NULL}, "relu", 1, relu_value, NULL, NULL, relu_partial, "d relu(u)/du = step(u): 1 if u > 0, else 0",
     "relu(u): max(0, u)", false, false},
    {"leaky_relu", {NULL}, "leaky_relu", 1, leaky_relu_value, NULL, NULL, leaky_relu_partial,
     "d leaky_relu(u)/du = leaky_step(u): 1 if u > 0, else 0.01",
     "leaky_relu(u): u if u > 0, else 0.01u", false, false},
    {"max", {NULL}, "max", 2, max_value, NULL, NULL, max_partial,
     "d max(a, b)/da = step(a − b), d max(a, b)/db = 1 − step(a − b): b gets the slope when a = b",
     "max(a, b): the larger of a and b", false, false},
    {"min", {NULL}, "min", 2, min_value, NULL, NULL, min_partial,
     "d min(a, b)/da = step(b − a), d min(a, b)/db = 1 − step(b − a): b gets the slope when a = b",
     "min(a, b): the smaller of a and b", false, false},
    {"step", {NULL}, "step", 1, step_value, NULL, NULL, flat_partial, "d step(u)/du = 0 (except at u = 0)",
     "step(u): 1 if u > 0, else 0 (the slope of relu)", false, false},
    {"sign", {NULL}, "sign", 1, sign_value, NULL, NULL, flat_partial, "d sign(u)/du = 0 (except at u = 0)",
     "sign(u): 1 if u > 0, −1 if u < 0, 0 at 0 (the slope of abs)", false, false},
    {"leaky_step", {NULL}, "leaky_step", 1, leaky_step_value, NULL, NULL, flat_partial,
     "d leaky_step(u)/du = 0 (except at u = 0)", "leaky_step(u): 1 if u > 0, else 0.01, the slope of leaky_relu",
     true, false},
};
const int N_FORMULA_FUNCTIONS = (int)(sizeof FORMULA_FUNCTIONS / sizeof FORMULA_FUNCTIONS[0]);

const FormulaFunction *formula_function_row(const char *name)
{
    for (int i = 0; i < N_FORMULA_FUNCTIONS; i++)
        if (strcmp(FORMULA_FUNCTIONS[i].name, name) == 0)
            return &FORMULA_FUNCTIONS[i];
    return NULL;
}

const FormulaFunction *formula_function(const char *name)
{
    for (int i = 0; i < N_FORMULA_FUNCTIONS; i++) {
        const FormulaFunction *function = &FORMULA_FUNCTIONS[i];
        bool named = strcmp(function->name, name) == 0;
        for (int k = 0; function->aliases[k] && !named; k++)
            named = strcmp(function->aliases[k], name) == 0;
        if (named && !function->derivative_only)
            return function;
    }
    return NULL;
}
