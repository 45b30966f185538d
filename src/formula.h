/* formula: the formulas of expression mode.
 *
 * A learner types a formula (`(3x + 2)^2`, `sin(z)^2`); this module parses
 * it into a tree, evaluates it, differentiates it symbolically (the chain
 * rule, one table row per function) and writes it back as a template that
 * narration fills in.  Trees live in an Arena and are never changed once
 * built, so a tree may share subtrees with another.  Nothing here prints.
 *
 * Files: formula.c (building, evaluating, differentiating),
 * formula_simplify.c, formula_parse.c, formula_print.c (templates) and
 * formula_functions.c (the function table). */
#ifndef BACKSTEP_FORMULA_H
#define BACKSTEP_FORMULA_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"

typedef enum {
    FORMULA_NUMBER,
    FORMULA_NAME,
    FORMULA_NEGATE,
    FORMULA_ADD,
    FORMULA_SUBTRACT,
    FORMULA_MULTIPLY,
    FORMULA_DIVIDE,
    FORMULA_POWER,
    FORMULA_CALL,
} FormulaKind;

typedef struct FormulaFunction FormulaFunction;

typedef struct Formula {
    FormulaKind kind;
    double number;                    /* FORMULA_NUMBER */
    int name;                         /* FORMULA_NAME: index into FormulaNames */
    const FormulaFunction *function;  /* FORMULA_CALL */
    struct Formula *args[2];          /* operands (1 for NEGATE and one-argument calls) */
    int n_args;
    bool implicit;                    /* MULTIPLY written by juxtaposition (3x, 2(x + 1)) */
} Formula;

enum {
    FORMULA_MAX_NAMES = 32,    /* distinct names in one formula */
    FORMULA_NAME_MAX = 32,     /* bytes of a name, with its terminating 0 */
    FORMULA_TEXT_MAX = 1000,   /* bytes of a formula's text */
    FORMULA_MAX_DEPTH = 200,   /* nested levels: parentheses, calls, signs, powers */
};

/* Magnitudes a formula's numbers may have, as for every number a learner
 * gives backstep (SESSION_INPUT_LIMIT). */
#define FORMULA_NUMBER_LIMIT 1e6

typedef struct {
    int count;
    char names[FORMULA_MAX_NAMES][FORMULA_NAME_MAX];
} FormulaNames;

/* One function a formula may call, as one table row.  The partial
 * derivative is built from the argument formulas, so narration can write
 * it: d sin(u)/du = cos(u). */
struct FormulaFunction {
    const char *name;          /* "sigmoid" */
    const char *aliases[3];    /* up to two other names it is typed as ("σ", "sigma"), then NULL */
    const char *written;       /* how a template writes it: "σ" */
    int n_args;                /* 1 or 2 */
    double (*value)(const double *args);
    /* NULL when defined for every argument; otherwise false where it is not */
    bool (*defined)(const double *args);
    const char *domain;        /* what `defined` asks for: "a number above 0" */
    /* ∂f/∂(argument i) as a formula of the argument formulas, in arena; NULL
     * when memory runs out.  The new tree may share the arguments. */
    Formula *(*partial)(Formula *const *args, int i, Arena *arena);
    const char *rule;          /* "d sin(u)/du = cos(u)", for narration */
    const char *help;          /* one line for `help` */
    bool derivative_only;      /* appears in derivatives only; not offered to learners */
    bool power_of_e;           /* written e^u rather than exp(u) */
};

extern const FormulaFunction FORMULA_FUNCTIONS[];
extern const int N_FORMULA_FUNCTIONS;

/* Parses text into a tree allocated in arena; names gets the distinct names the formula
 * uses, in order of first appearance, and FORMULA_NAME nodes refer to them by index.
 * NULL with error set (one line, with the column where it helps) on bad input. */
Formula *formula_parse(const char *text, Arena *arena, FormulaNames *names, Error *error);

/* The value at values[i] for name i; false with error set on a domain error
 * (log of a number ≤ 0, sqrt of a negative, division by zero, a result that overflows):
 * the message names the function and the number, e.g. "log(−2) is not defined: log needs a number above 0". */
bool formula_evaluate(const Formula *f, const double *values, double *result, Error *error);

/* d f / d (name i), simplified; a new tree in arena (NULL only when memory runs out). */
Formula *formula_derivative(const Formula *f, int name, Arena *arena);

/* f simplified: constants folded, 0 and 1 identities, constant factors of a product gathered
 * in front (2 × (3x + 2) × 3 → 6(3x + 2)), u^1 → u, u^0 → 1, −(−u) → u.  A new tree in
 * arena that shares nothing with f (NULL only when memory runs out). */
Formula *formula_simplify(const Formula *f, Arena *arena);

/* f as narration writes it: a UTF-8 template in which {i} stands for name i and {*} marks an
 * implicit multiplication (a number or factor written right before a name, a function or a
 * parenthesis).  Filled with names {*} shows as nothing ("6(3x + 2)"), filled with numbers as
 * " × " ("6 × (3 × 2 + 2)"); either way it reads right, a negative number filled in being
 * written in parentheses.  A template too long for `size` is cut between two whole pieces,
 * and then the result is false. */
bool formula_template(const Formula *f, char *out, size_t size);

/* Writes operand i of a template into out: `enclosed` says the template
 * already puts it in parentheses of its own (tanh({0}), max({0}, {1}), or
 * the whole template), so a negative number needs none. */
typedef void (*FormulaOperand)(void *context, int i, bool enclosed, char *out, size_t size);

/* Fills a template (formula_template's, or any with {i} and {*}): {i}
 * with operand(i) for 0 ≤ i < n, and {*} with " × " when `products` (the
 * numbers are filled in), else with nothing, except before an operand
 * whose text starts with e after a digit (2 × e3: 2e3 would read as a
 * number).  Text too long for `size` is cut. */
void formula_fill(const char *template, int n, FormulaOperand operand, void *context, bool products, char *out,
                  size_t size);

/* The table row of a function learners may type, by name or alias ("ln" → log,
 * "σ" or "sigma" → sigmoid), or NULL. */
const FormulaFunction *formula_function(const char *name);

/* Any table row by name, derivative-only helpers (step, leaky_step) included, or NULL. */
const FormulaFunction *formula_function_row(const char *name);

/* Writes x as formulas and their messages write a number: at most `digits` significant
 * digits, U+2212 for minus. */
void formula_number_text(double x, int digits, char *out, size_t size);

/* True when f's value changes with name i (f mentions it). */
bool formula_uses(const Formula *f, int name);

/* ---- building trees: each returns a new node in arena, or NULL when memory runs out or
 * when an operand is NULL (so a failure carries through a whole expression) ---- */

Formula *formula_number(Arena *arena, double number);
Formula *formula_name(Arena *arena, int name);
Formula *formula_negate(Arena *arena, const Formula *operand);
/* kind is ADD, SUBTRACT, MULTIPLY, DIVIDE or POWER. */
Formula *formula_binary(Arena *arena, FormulaKind kind, const Formula *left, const Formula *right);
/* A MULTIPLY written by juxtaposition: 3x, 2(x + 1). */
Formula *formula_implicit_product(Arena *arena, const Formula *left, const Formula *right);
/* `second` is ignored (may be NULL) for a one-argument function. */
Formula *formula_call(Arena *arena, const FormulaFunction *function, const Formula *first, const Formula *second);

#endif
