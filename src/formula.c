/* formula: building, evaluating, differentiating and simplifying formula
 * trees (see formula.h).  The derivative applies one rule per kind of node
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
        return error_set(error, "%s is undefined: division by zero", text);
    }
    if (f->kind == FORMULA_POWER && x[0] == 0 && x[1] < 0) {
        describe(f, x, text, sizeof text);
        return error_set(error, "%s is undefined: a negative power of 0 divides by zero", text);
    }
    if (f->kind == FORMULA_POWER && x[0] < 0 && x[1] != floor(x[1])) {
        describe(f, x, text, sizeof text);
        formula_number_text(x[1], MESSAGE_DIGITS, exponent, sizeof exponent);
        return error_set(error, "%s is undefined: a negative number has no real power %s", text, exponent);
    }
    if (f->kind == FORMULA_CALL && f->function->defined && !f->function->defined(x)) {
        describe(f, x, text, sizeof text);
        return error_set(error, "%s is undefined: %s needs %s", text, f->function->name, f->function->domain);
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
    case FORMULA_SUBTRACT: return formula_binary(arena, f->kind, derivative(u, name, arena), derivative(v, name, arena));
    case FORMULA_MULTIPLY:   /* (uv)' = u'v + uv' */
        return formula_binary(arena, FORMULA_ADD, formula_binary(arena, FORMULA_MULTIPLY, derivative(u, name, arena), v),
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

/* ---- simplifying ------------------------------------------------------- */

static bool is_number(const Formula *f, double value)
{
    return f->kind == FORMULA_NUMBER && f->number == value;
}

/* A constant result worth writing in place of its operation: finite, and
 * for / ^ and functions short (1/2 becomes 0.5, 1/3 stays 1 / 3). */
static bool worth_folding(double value, bool needs_short)
{
    if (!isfinite(value))
        return false;
    char text[NUM_TEXT_MAX];
    return !needs_short || !num_format(text, sizeof text, value, 6, false);
}

/* The factors of a simplified product: its numbers multiplied into
 * `coefficient` (a negation counting as −1), the others in order, each with
 * whether it was written right after the factor before it, and the
 * denominators of the quotients among them (1/σ × σ' reads σ' / σ). */
typedef struct {
    double coefficient;
    const Formula **factors;   /* NULL while counting */
    bool *implicit;
    const Formula **denominators;
    int n_factors, n_denominators;
} Product;

static void gather(const Formula *f, bool joined_implicitly, Product *product)
{
    if (f->kind == FORMULA_NUMBER) {
        product->coefficient *= f->number;
    } else if (f->kind == FORMULA_NEGATE) {
        product->coefficient = -product->coefficient;
        gather(f->args[0], joined_implicitly, product);
    } else if (f->kind == FORMULA_MULTIPLY) {
        gather(f->args[0], joined_implicitly, product);
        gather(f->args[1], f->implicit, product);
    } else if (f->kind == FORMULA_DIVIDE) {
        gather(f->args[0], joined_implicitly, product);
        if (product->denominators)
            product->denominators[product->n_denominators] = f->args[1];
        product->n_denominators++;
    } else {
        if (product->factors) {
            product->factors[product->n_factors] = f;
            product->implicit[product->n_factors] = joined_implicitly;
        }
        product->n_factors++;
    }
}

/* factors[0] × factors[1] × ..., or NULL when there are none. */
static const Formula *multiply_all(const Formula **factors, const bool *implicit, int n, Arena *arena)
{
    const Formula *result = n > 0 ? factors[0] : NULL;
    for (int k = 1; k < n && result; k++)
        result = implicit && implicit[k] ? formula_implicit_product(arena, result, factors[k])
                                         : formula_binary(arena, FORMULA_MULTIPLY, result, factors[k]);
    return result;
}

/* The product of simplified a and b: constants gathered in front (−6(3x + 2)),
 * quotients gathered into one (6x / y). */
static Formula *simplify_product(const Formula *a, const Formula *b, bool implicit, Arena *arena)
{
    Formula pair = {.kind = FORMULA_MULTIPLY, .args = {(Formula *)a, (Formula *)b}, .n_args = 2, .implicit = implicit};
    Product count = {.coefficient = 1};
    gather(&pair, false, &count);
    if (!isfinite(count.coefficient))   /* keep an overflow for evaluation to report */
        return formula_binary(arena, FORMULA_MULTIPLY, a, b);
    if (count.coefficient == 0 || count.n_factors + count.n_denominators == 0)
        return formula_number(arena, count.coefficient);
    size_t n_factors = (size_t)count.n_factors + 1, n_denominators = (size_t)count.n_denominators + 1;
    Product product = {1, arena_alloc(arena, n_factors * sizeof *product.factors),
                       arena_alloc(arena, n_factors * sizeof *product.implicit),
                       arena_alloc(arena, n_denominators * sizeof *product.denominators), 0, 0};
    if (!product.factors || !product.implicit || !product.denominators)
        return NULL;
    gather(&pair, false, &product);
    const Formula *result = multiply_all(product.factors, product.implicit, product.n_factors, arena);
    double size = fabs(product.coefficient);
    if (!result)
        result = formula_number(arena, size);
    else if (size != 1)
        result = formula_implicit_product(arena, formula_number(arena, size), result);
    if (product.n_denominators > 0)
        result = formula_binary(arena, FORMULA_DIVIDE, result,
                                multiply_all(product.denominators, NULL, product.n_denominators, arena));
    return product.coefficient < 0 ? formula_negate(arena, result) : (Formula *)result;
}

static Formula *simplify_negation(const Formula *a, Arena *arena)
{
    if (a->kind == FORMULA_NUMBER)
        return formula_number(arena, -a->number);
    if (a->kind == FORMULA_NEGATE)
        return (Formula *)a->args[0];
    return formula_negate(arena, a);
}

/* a + b and a − b: 0 dropped, a + (−b) written a − b. */
static Formula *simplify_sum(FormulaKind kind, const Formula *a, const Formula *b, Arena *arena)
{
    if (a->kind == FORMULA_NUMBER && b->kind == FORMULA_NUMBER) {
        double value = kind == FORMULA_ADD ? a->number + b->number : a->number - b->number;
        if (worth_folding(value, false))
            return formula_number(arena, value);
    }
    if (is_number(b, 0))
        return (Formula *)a;
    if (is_number(a, 0))
        return kind == FORMULA_ADD ? (Formula *)b : simplify_negation(b, arena);
    FormulaKind opposite = kind == FORMULA_ADD ? FORMULA_SUBTRACT : FORMULA_ADD;
    if (b->kind == FORMULA_NEGATE)
        return formula_binary(arena, opposite, a, b->args[0]);
    if (b->kind == FORMULA_NUMBER && b->number < 0)
        return formula_binary(arena, opposite, a, formula_number(arena, -b->number));
    return formula_binary(arena, kind, a, b);
}

/* a / b: a / 1 → a, 0 / b → 0, signs brought in front. */
static Formula *simplify_quotient(const Formula *a, const Formula *b, Arena *arena)
{
    if (a->kind == FORMULA_NUMBER && b->kind == FORMULA_NUMBER && b->number != 0 &&
        worth_folding(a->number / b->number, true))
        return formula_number(arena, a->number / b->number);
    if (is_number(b, 1))
        return (Formula *)a;
    if (is_number(a, 0) && !is_number(b, 0))
        return formula_number(arena, 0);
    if (a->kind == FORMULA_NEGATE)
        return formula_negate(arena, simplify_quotient(a->args[0], b, arena));
    if (b->kind == FORMULA_NEGATE)
        return formula_negate(arena, simplify_quotient(a, b->args[0], arena));
    return formula_binary(arena, FORMULA_DIVIDE, a, b);
}

/* u^v: u^1 → u, u^0 → 1, 1^v → 1, 0^n → 0 for n > 0. */
static Formula *simplify_power(const Formula *u, const Formula *v, Arena *arena)
{
    if (u->kind == FORMULA_NUMBER && v->kind == FORMULA_NUMBER && !(u->number < 0 && v->number != floor(v->number)) &&
        !(u->number == 0 && v->number < 0) && worth_folding(pow(u->number, v->number), true))
        return formula_number(arena, pow(u->number, v->number));
    if (is_number(v, 1))
        return (Formula *)u;
    if (is_number(v, 0) || is_number(u, 1))
        return formula_number(arena, 1);
    if (is_number(u, 0) && v->kind == FORMULA_NUMBER && v->number > 0)
        return formula_number(arena, 0);
    return formula_binary(arena, FORMULA_POWER, u, v);
}

/* f(u, v): folded when every argument is a number and the value is short. */
static Formula *simplify_call(const FormulaFunction *function, const Formula *u, const Formula *v, Arena *arena)
{
    double x[2] = {0, 0};
    bool constant = true;
    const Formula *args[2] = {u, v};
    for (int k = 0; k < function->n_args; k++) {
        constant = constant && args[k]->kind == FORMULA_NUMBER;
        x[k] = constant ? args[k]->number : 0;
    }
    if (constant && (!function->defined || function->defined(x)) && worth_folding(function->value(x), true))
        return formula_number(arena, function->value(x));
    return formula_call(arena, function, u, v);
}

Formula *formula_simplify(const Formula *f, Arena *arena)
{
    if (f->kind == FORMULA_NUMBER)
        return formula_number(arena, f->number);
    if (f->kind == FORMULA_NAME)
        return formula_name(arena, f->name);
    Formula *a = formula_simplify(f->args[0], arena);
    Formula *b = f->n_args > 1 ? formula_simplify(f->args[1], arena) : NULL;
    if (!a || (f->n_args > 1 && !b))
        return NULL;
    switch (f->kind) {
    case FORMULA_NEGATE: return simplify_negation(a, arena);
    case FORMULA_ADD:
    case FORMULA_SUBTRACT: return simplify_sum(f->kind, a, b, arena);
    case FORMULA_MULTIPLY: return simplify_product(a, b, f->implicit, arena);
    case FORMULA_DIVIDE: return simplify_quotient(a, b, arena);
    case FORMULA_POWER: return simplify_power(a, b, arena);
    case FORMULA_CALL: return simplify_call(f->function, a, b, arena);
    case FORMULA_NUMBER:
    case FORMULA_NAME: break;
    }
    return NULL;
}
