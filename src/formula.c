/* formula: building, evaluating and differentiating formula trees (see
 * formula.h).  The derivative applies one rule per kind of node
 * and the function table's partial derivatives (the chain rule), then
 * simplifies, so d/dx (3x + 2)² reads 6(3x + 2) rather than
 * 2 × (3x + 2)^1 × (3 × 1 + 0). */
#include "formula.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "numfmt.h"

/* ---- building ---------------------------------------------------------- */

/* A new node.  Operands are stored without const: trees are never changed
 * once built, so a new node may share the operands of another tree. */
static Formula *node(Arena *arena, FormulaKind kind, const Formula *first, const Formula *second, int n_args)
{
    if ((n_args >= 1 && !first) || (n_args >= 2 && !second))
        return NULL;
    Formula *f = arena_alloc(arena, sizeof *f);
    if (!f)
        return NULL;
    *f = (Formula){.kind = kind, .n_args = n_args};
    f->args[0] = (Formula *)first;
    f->args[1] = (Formula *)second;
    return f;
}

Formula *formula_number(Arena *arena, double number)
{
    Formula *f = node(arena, FORMULA_NUMBER, NULL, NULL, 0);
    if (f)
        f->number = number + 0.0;   /* never −0 */
    return f;
}

Formula *formula_name(Arena *arena, int name)
{
    Formula *f = node(arena, FORMULA_NAME, NULL, NULL, 0);
    if (f)
        f->name = name;
    return f;
}

Formula *formula_negate(Arena *arena, const Formula *operand)
{
    return node(arena, FORMULA_NEGATE, operand, NULL, 1);
}

Formula *formula_binary(Arena *arena, FormulaKind kind, const Formula *left, const Formula *right)
{
    return node(arena, kind, left, right, 2);
}

Formula *formula_implicit_product(Arena *arena, const Formula *left, const Formula *right)
{
    Formula *f = node(arena, FORMULA_MULTIPLY, left, right, 2);
    if (f)
        f->implicit = true;
    return f;
}

Formula *formula_call(Arena *arena, const FormulaFunction *function, const Formula *first, const Formula *second)
{
    Formula *f = node(arena, FORMULA_CALL, first, second, function->n_args);
    if (f)
        f->function = function;
    return f;
}

bool formula_uses(const Formula *f, int name)
{
    if (f->kind == FORMULA_NAME)
        return f->name == name;
    for (int k = 0; k < f->n_args; k++)
        if (formula_uses(f->args[k], name))
            return true;
    return false;
}

void formula_number_text(double x, int digits, char *out, size_t size)
{
    num_format(out, size, x, digits, true);
}

/* ---- evaluating -------------------------------------------------------- */

enum { MESSAGE_DIGITS = 6 };

/* x for a message, in parentheses when negative: "(−2)". */
static void operand_text(double x, char *out, size_t size)
{
    char number[NUM_TEXT_MAX];
    formula_number_text(x, MESSAGE_DIGITS, number, sizeof number);
    snprintf(out, size, x < 0 ? "(%s)" : "%s", number);
}

/* The operation with its operands' values, as a message names it: "exp(800)", "2 / 0". */
static void describe(const Formula *f, const double *x, char *out, size_t size)
{
    static const char *const SYMBOLS[] = {
        [FORMULA_ADD] = " + ", [FORMULA_SUBTRACT] = " − ", [FORMULA_MULTIPLY] = " × ",
        [FORMULA_DIVIDE] = " / ", [FORMULA_POWER] = "^",
    };
    char first[NUM_TEXT_MAX + 2], second[NUM_TEXT_MAX + 2];
    operand_text(x[0], first, sizeof first);
    operand_text(f->n_args > 1 ? x[1] : 0, second, sizeof second);
    if (f->kind == FORMULA_CALL) {
        formula_number_text(x[0], MESSAGE_DIGITS, first, sizeof first);
        formula_number_text(f->n_args > 1 ? x[1] : 0, MESSAGE_DIGITS, second, sizeof second);
        snprintf(out, size, f->n_args > 1 ? "%s(%s, %s)" : "%s(%s)", f->function->name, first, second);
    } else if (f->kind == FORMULA_NEGATE) {
        snprintf(out, size, "−%s", first);
    } else {
        snprintf(out, size, "%s%s%s", first, SYMBOLS[f->kind], second);
    }
}

/* Sets error when the operation f is undefined at operands x. */
static bool check_defined(const Formula *f, const double *x, Error *error)
{
    char text[3 * NUM_TEXT_MAX + 40], exponent[NUM_TEXT_MAX];
    if (f->kind == FORMULA_DIVIDE && x[1] == 0) {
        describe(f, x, text, sizeof text);
        return error_set(error, "%s is not defined: division by zero", text);
    }
    if (f->kind == FORMULA_POWER && x[0] == 0 && x[1] < 0) {
        describe(f, x, text, sizeof text);
        return error_set(error, "%s is not defined: a negative power of 0 divides by zero", text);
    }
    if (f->kind == FORMULA_POWER && x[0] < 0 && x[1] != floor(x[1])) {
        describe(f, x, text, sizeof text);
        formula_number_text(x[1], MESSAGE_DIGITS, exponent, sizeof exponent);
        return error_set(error, "%s is not defined: a negative number has no real power %s", text, exponent);
    }
    if (f->kind == FORMULA_CALL && f->function->defined && !f->function->defined(x)) {
        describe(f, x, text, sizeof text);
        return error_set(error, "%s is not defined: %s needs %s", text, f->function->name, f->function->domain);
    }
    return true;
}

static double operate(const Formula *f, const double *x)
{
    switch (f->kind) {
    case FORMULA_NEGATE: return -x[0];
    case FORMULA_ADD: return x[0] + x[1];
    case FORMULA_SUBTRACT: return x[0] - x[1];
    case FORMULA_MULTIPLY: return x[0] * x[1];
    case FORMULA_DIVIDE: return x[0] / x[1];
    case FORMULA_POWER: return pow(x[0], x[1]);
    case FORMULA_CALL: return f->function->value(x);
    case FORMULA_NUMBER:
    case FORMULA_NAME: break;
    }
    return 0;
}

bool formula_evaluate(const Formula *f, const double *values, double *result, Error *error)
{
    if (f->kind == FORMULA_NUMBER) {
        *result = f->number;
        return true;
    }
    if (f->kind == FORMULA_NAME) {
        *result = values[f->name];
        return true;
    }
    double x[2] = {0, 0};
    for (int k = 0; k < f->n_args; k++)
        if (!formula_evaluate(f->args[k], values, &x[k], error))
            return false;
    if (!check_defined(f, x, error))
        return false;
    double value = operate(f, x);
    if (!isfinite(value)) {
        char text[3 * NUM_TEXT_MAX + 40];
        describe(f, x, text, sizeof text);
        return error_set(error, "%s is too large to compute: it overflows", text);
    }
    *result = value + 0.0;
    return true;
}

/* ---- differentiating --------------------------------------------------- */

static Formula *derivative(const Formula *f, int name, Arena *arena);

/* d(u^v) by the power rule when v does not depend on the name (n u^(n−1) u'),
 * by the exponential rule when u does not (u^v ln(u) v'), and in general
 * u^v (v' ln(u) + v u'/u). */
static Formula *power_derivative(const Formula *f, int name, Arena *arena)
{
    const Formula *u = f->args[0], *v = f->args[1];
    const FormulaFunction *log_row = formula_function_row("log");
    if (!formula_uses(v, name)) {
        Formula *lowered = formula_binary(arena, FORMULA_SUBTRACT, v, formula_number(arena, 1));
        Formula *outer = formula_binary(arena, FORMULA_MULTIPLY, v, formula_binary(arena, FORMULA_POWER, u, lowered));
        return formula_binary(arena, FORMULA_MULTIPLY, outer, derivative(u, name, arena));
    }
    Formula *log_u = formula_call(arena, log_row, u, NULL);
    if (!formula_uses(u, name))
        return formula_binary(arena, FORMULA_MULTIPLY, formula_binary(arena, FORMULA_MULTIPLY, f, log_u),
                              derivative(v, name, arena));
    Formula *through_v = formula_binary(arena, FORMULA_MULTIPLY, derivative(v, name, arena), log_u);
    Formula *through_u = formula_binary(arena, FORMULA_DIVIDE,
                                        formula_binary(arena, FORMULA_MULTIPLY, v, derivative(u, name, arena)), u);
    return formula_binary(arena, FORMULA_MULTIPLY, f, formula_binary(arena, FORMULA_ADD, through_v, through_u));
}

/* d(u/v) = u'/v when v does not depend on the name, −u v'/v² when u does
 * not, and (u'v − uv')/v² in general. */
static Formula *quotient_derivative(const Formula *f, int name, Arena *arena)
{
    const Formula *u = f->args[0], *v = f->args[1];
    if (!formula_uses(v, name))
        return formula_binary(arena, FORMULA_DIVIDE, derivative(u, name, arena), v);
    Formula *v_squared = formula_binary(arena, FORMULA_POWER, v, formula_number(arena, 2));
    Formula *through_v = formula_binary(arena, FORMULA_MULTIPLY, u, derivative(v, name, arena));
    if (!formula_uses(u, name))
        return formula_negate(arena, formula_binary(arena, FORMULA_DIVIDE, through_v, v_squared));
    Formula *through_u = formula_binary(arena, FORMULA_MULTIPLY, derivative(u, name, arena), v);
    return formula_binary(arena, FORMULA_DIVIDE, formula_binary(arena, FORMULA_SUBTRACT, through_u, through_v),
                          v_squared);
}

/* d f(u, v) = ∂f/∂u × u' + ∂f/∂v × v', leaving out the arguments that do
 * not depend on the name. */
static Formula *call_derivative(const Formula *f, int name, Arena *arena)
{
    Formula *sum = NULL;
    for (int k = 0; k < f->n_args; k++) {
        if (!formula_uses(f->args[k], name))
            continue;
        Formula *term = formula_binary(arena, FORMULA_MULTIPLY, f->function->partial(f->args, k, arena),
                                       derivative(f->args[k], name, arena));
        sum = sum ? formula_binary(arena, FORMULA_ADD, sum, term) : term;
        if (!sum)
            return NULL;
    }
    return sum ? sum : formula_number(arena, 0);
}

/* The derivative before simplifying; it shares f's nodes. */
static Formula *derivative(const Formula *f, int name, Arena *arena)
{
    if (!formula_uses(f, name))
        return formula_number(arena, 0);
    const Formula *u = f->args[0], *v = f->args[1];
    switch (f->kind) {
    case FORMULA_NUMBER: return formula_number(arena, 0);
    case FORMULA_NAME: return formula_number(arena, 1);
    case FORMULA_NEGATE: return formula_negate(arena, derivative(u, name, arena));
    case FORMULA_ADD:
    case FORMULA_SUBTRACT:
        return formula_binary(arena, f->kind, derivative(u, name, arena), derivative(v, name, arena));
    case FORMULA_MULTIPLY:   /* (uv)' = u'v + uv' */
        return formula_binary(arena, FORMULA_ADD,
                              formula_binary(arena, FORMULA_MULTIPLY, derivative(u, name, arena), v),
                              formula_binary(arena, FORMULA_MULTIPLY, u, derivative(v, name, arena)));
    case FORMULA_DIVIDE: return quotient_derivative(f, name, arena);
    case FORMULA_POWER: return power_derivative(f, name, arena);
    case FORMULA_CALL: return call_derivative(f, name, arena);
    }
    return NULL;
}

Formula *formula_derivative(const Formula *f, int name, Arena *arena)
{
    Formula *raw = derivative(f, name, arena);
    return raw ? formula_simplify(raw, arena) : NULL;
}
