/* formula_simplify: a formula written the way a person would (see
 * formula.h): constants folded, 0 and 1 dropped, signs brought to the
 * front, and each chain of products and quotients gathered into one
 * coefficient, its other factors in order, and one denominator:
 * 2 × (3x + 2) × 3 → 6(3x + 2), 1/σ(x) × σ(x)(1 − σ(x)) → σ(x)(1 − σ(x)) / σ(x).
 *
 * A chain is gathered in one walk, its factors simplified on the way, so
 * simplifying costs time in proportion to the size of the tree even for a
 * product of hundreds of factors. */
#include "formula.h"

#include <math.h>
#include <string.h>

#include "numfmt.h"

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

/* ---- chains of products and quotients ---------------------------------- */

/* Simplified formulas in order, each with whether it was written right
 * after the one before it (3x: x was). */
typedef struct {
    const Formula **items;
    bool *implicit;
    int count, capacity;
} FactorList;

typedef struct {
    double coefficient;        /* the numbers multiplied, a negation counting as −1 */
    FactorList factors;        /* what multiplies */
    FactorList denominators;   /* what divides */
    Arena *arena;
    bool failed;               /* memory ran out */
} Chain;

static void add(Chain *chain, FactorList *list, const Formula *f, bool implicit)
{
    if (list->count == list->capacity) {
        int capacity = list->capacity ? 2 * list->capacity : 8;
        const Formula **items = arena_alloc(chain->arena, (size_t)capacity * sizeof *items);
        bool *flags = arena_alloc(chain->arena, (size_t)capacity * sizeof *flags);
        if (!items || !flags) {
            chain->failed = true;
            return;
        }
        if (list->count) {
            memcpy(items, list->items, (size_t)list->count * sizeof *items);
            memcpy(flags, list->implicit, (size_t)list->count * sizeof *flags);
        }
        list->items = items;
        list->implicit = flags;
        list->capacity = capacity;
    }
    list->items[list->count] = f;
    list->implicit[list->count++] = implicit;
}

static void gather_denominator(const Formula *f, bool simplified, Chain *chain);

/* Adds f to the chain as a factor; `simplified` says f is already simplified. */
static void gather(const Formula *f, bool joined_implicitly, bool simplified, Chain *chain)
{
    switch (f->kind) {
    case FORMULA_NUMBER:
        if (isfinite(chain->coefficient * f->number))
            chain->coefficient *= f->number;
        else   /* keep the overflow for evaluation to report */
            add(chain, &chain->factors, formula_number(chain->arena, f->number), false);
        return;
    case FORMULA_NEGATE:
        chain->coefficient = -chain->coefficient;
        gather(f->args[0], joined_implicitly, simplified, chain);
        return;
    case FORMULA_MULTIPLY:
        gather(f->args[0], joined_implicitly, simplified, chain);
        gather(f->args[1], f->implicit, simplified, chain);
        return;
    case FORMULA_DIVIDE:
        gather(f->args[0], joined_implicitly, simplified, chain);
        gather_denominator(f->args[1], simplified, chain);
        return;
    case FORMULA_NAME:
    case FORMULA_ADD:
    case FORMULA_SUBTRACT:
    case FORMULA_POWER:
    case FORMULA_CALL:
        break;
    }
    if (simplified) {
        add(chain, &chain->factors, f, joined_implicitly);
        return;
    }
    const Formula *s = formula_simplify(f, chain->arena);
    if (!s)
        chain->failed = true;
    else
        gather(s, joined_implicitly, true, chain);
}

/* Adds f to the chain as a divisor, its sign brought to the front. */
static void gather_denominator(const Formula *f, bool simplified, Chain *chain)
{
    const Formula *s = simplified ? f : formula_simplify(f, chain->arena);
    if (!s) {
        chain->failed = true;
    } else if (s->kind == FORMULA_NEGATE) {
        chain->coefficient = -chain->coefficient;
        gather_denominator(s->args[0], true, chain);
    } else if (s->kind == FORMULA_NUMBER && s->number < 0) {
        chain->coefficient = -chain->coefficient;
        add(chain, &chain->denominators, formula_number(chain->arena, -s->number), false);
    } else if (!is_number(s, 1)) {
        add(chain, &chain->denominators, s, false);
    }
}

/* items[0] × items[1] × ..., or NULL when there are none. */
static const Formula *multiply_all(const FactorList *list, Arena *arena)
{
    const Formula *result = list->count > 0 ? list->items[0] : NULL;
    for (int k = 1; k < list->count && result; k++)
        result = list->implicit[k] ? formula_implicit_product(arena, result, list->items[k])
                                   : formula_binary(arena, FORMULA_MULTIPLY, result, list->items[k]);
    return result;
}

/* A chain of products and quotients (f is MULTIPLY or DIVIDE), gathered:
 * −c × factors / denominators. */
static Formula *simplify_chain(const Formula *f, Arena *arena)
{
    Chain chain = {.coefficient = 1, .arena = arena};
    gather(f, false, false, &chain);
    if (chain.failed)
        return NULL;
    bool divides_by_zero = false;
    for (int k = 0; k < chain.denominators.count; k++)
        divides_by_zero = divides_by_zero || is_number(chain.denominators.items[k], 0);
    if (chain.coefficient == 0 && !divides_by_zero)
        return formula_number(arena, 0);
    /* a number divides the coefficient when it leaves a whole number (6x / 2 → 3x),
     * or a short one when nothing else is left (1 / 2 → 0.5, 1 / 3 stays) */
    int kept = 0;
    for (int k = 0; k < chain.denominators.count; k++) {
        const Formula *d = chain.denominators.items[k];
        double quotient = d->kind == FORMULA_NUMBER && d->number != 0 ? chain.coefficient / d->number : NAN;
        bool folds = chain.factors.count == 0 ? worth_folding(quotient, true)
                                              : isfinite(quotient) && quotient == floor(quotient);
        if (folds)
            chain.coefficient = quotient;
        else
            chain.denominators.items[kept++] = d;
    }
    chain.denominators.count = kept;

    double size = fabs(chain.coefficient);
    const Formula *result = multiply_all(&chain.factors, arena);
    if (!result)
        result = formula_number(arena, size);
    else if (size != 1)
        result = formula_implicit_product(arena, formula_number(arena, size), result);
    if (chain.denominators.count > 0)
        result = formula_binary(arena, FORMULA_DIVIDE, result, multiply_all(&chain.denominators, arena));
    return chain.coefficient < 0 ? formula_negate(arena, result) : (Formula *)result;
}

/* ---- the other operations ---------------------------------------------- */

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
    if (f->kind == FORMULA_MULTIPLY || f->kind == FORMULA_DIVIDE)
        return simplify_chain(f, arena);
    Formula *a = formula_simplify(f->args[0], arena);
    Formula *b = f->n_args > 1 ? formula_simplify(f->args[1], arena) : NULL;
    if (!a || (f->n_args > 1 && !b))
        return NULL;
    switch (f->kind) {
    case FORMULA_NEGATE: return simplify_negation(a, arena);
    case FORMULA_ADD:
    case FORMULA_SUBTRACT: return simplify_sum(f->kind, a, b, arena);
    case FORMULA_POWER: return simplify_power(a, b, arena);
    case FORMULA_CALL: return simplify_call(f->function, a, b, arena);
    case FORMULA_NUMBER:
    case FORMULA_NAME:
    case FORMULA_MULTIPLY:
    case FORMULA_DIVIDE: break;
    }
    return NULL;
}
