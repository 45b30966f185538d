/* formula_print: a formula as the template narration fills in (see
 * formula.h).
 *
 * Parentheses are minimal, judged by binding levels: a sum inside a
 * product, a product or a sign inside a power, anything but a single
 * factor as a base.  An operand that would start with a minus right after
 * an operator is parenthesised (a − (−b), a × (−b)), and so is a power in
 * an exponent (e^(x²), never e^x²).  A multiplication written by
 * juxtaposition keeps its {*} only where both fillings read right: after a
 * plain number before a name, a function or '(' (3x, 2sin(x), 6(x + 1)),
 * and after ')' before '(' ((x + 1)(x − 1)).  Between two names it is
 * written ×, since "wx" would read as one name. */
#include "formula.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

enum { TEMPLATE_DIGITS = 15 };

/* How tightly a formula's written form holds together, loosest first. */
typedef enum {
    LEVEL_SUM = 1,
    LEVEL_PRODUCT,
    LEVEL_SIGNED,    /* −u, a negative number */
    LEVEL_POWER,     /* u², e^u */
    LEVEL_ATOM,      /* a name, a plain number, f(u) */
} Level;

typedef struct {
    char *out;
    size_t size, used;
    bool full;       /* a piece did not fit: nothing more is written */
} Writer;

static void put(Writer *w, const char *text)
{
    size_t length = strlen(text);
    if (w->full || w->used + length + 1 > w->size) {
        w->full = true;
        return;
    }
    memcpy(w->out + w->used, text, length + 1);
    w->used += length;
}

static void number_text(double x, char *out, size_t size)
{
    formula_number_text(x, TEMPLATE_DIGITS, out, size);
}

/* True when a number is written with digits and a point only (not 1e−07). */
static bool plain_number(double x)
{
    char text[NUM_TEXT_MAX];
    number_text(x, text, sizeof text);
    return strspn(text, "0123456789.") == strlen(text);
}

static Level level(const Formula *f)
{
    switch (f->kind) {
    case FORMULA_NUMBER: return f->number < 0 ? LEVEL_SIGNED : plain_number(f->number) ? LEVEL_ATOM : LEVEL_PRODUCT;
    case FORMULA_NAME: return LEVEL_ATOM;
    case FORMULA_NEGATE: return LEVEL_SIGNED;
    case FORMULA_ADD:
    case FORMULA_SUBTRACT: return LEVEL_SUM;
    case FORMULA_MULTIPLY:
    case FORMULA_DIVIDE: return LEVEL_PRODUCT;
    case FORMULA_POWER: return LEVEL_POWER;
    case FORMULA_CALL: return f->function->power_of_e ? LEVEL_POWER : LEVEL_ATOM;
    }
    return LEVEL_ATOM;
}

/* Whether each operand of f is written in parentheses. */
static bool parenthesized(const Formula *f, int operand);

/* True when f's written form starts with a minus sign. */
static bool starts_with_minus(const Formula *f)
{
    switch (f->kind) {
    case FORMULA_NUMBER: return f->number < 0;
    case FORMULA_NEGATE: return true;
    case FORMULA_ADD:
    case FORMULA_SUBTRACT:
    case FORMULA_MULTIPLY:
    case FORMULA_DIVIDE: return !parenthesized(f, 0) && starts_with_minus(f->args[0]);
    case FORMULA_NAME:
    case FORMULA_POWER:
    case FORMULA_CALL: break;
    }
    return false;
}

static bool parenthesized(const Formula *f, int operand)
{
    const Formula *a = f->args[operand];
    Level inner = level(a);
    bool signed_right = operand == 1 && starts_with_minus(a);
    switch (f->kind) {
    case FORMULA_NEGATE: return inner < LEVEL_PRODUCT || starts_with_minus(a);
    case FORMULA_ADD: return signed_right;
    case FORMULA_SUBTRACT: return (operand == 1 && inner <= LEVEL_SUM) || signed_right;
    case FORMULA_MULTIPLY: return inner < LEVEL_PRODUCT || signed_right;
    case FORMULA_DIVIDE: return inner < LEVEL_PRODUCT || (operand == 1 && inner == LEVEL_PRODUCT) || signed_right;
    case FORMULA_POWER: return operand == 0 ? inner < LEVEL_ATOM : inner < LEVEL_ATOM || starts_with_minus(a);
    case FORMULA_CALL: return f->function->power_of_e && (inner < LEVEL_ATOM || starts_with_minus(a));
    case FORMULA_NUMBER:
    case FORMULA_NAME: break;
    }
    return false;
}

/* What f's written form starts with. */
typedef enum { STARTS_DIGIT, STARTS_MINUS, STARTS_NAME, STARTS_LETTER, STARTS_PARENTHESIS } Start;

static Start start_of(const Formula *f)
{
    switch (f->kind) {
    case FORMULA_NUMBER: return f->number < 0 ? STARTS_MINUS : STARTS_DIGIT;
    case FORMULA_NAME: return STARTS_NAME;
    case FORMULA_NEGATE: return STARTS_MINUS;
    case FORMULA_CALL: return STARTS_LETTER;
    case FORMULA_ADD:
    case FORMULA_SUBTRACT:
    case FORMULA_MULTIPLY:
    case FORMULA_DIVIDE:
    case FORMULA_POWER: break;
    }
    return parenthesized(f, 0) ? STARTS_PARENTHESIS : start_of(f->args[0]);
}

/* True when the product f may be written by juxtaposition, with {*}. */
static bool juxtaposed(const Formula *f)
{
    if (!f->implicit)
        return false;
    const Formula *left = f->args[0];
    Start next = parenthesized(f, 1) ? STARTS_PARENTHESIS : start_of(f->args[1]);
    if (left->kind == FORMULA_NUMBER && level(left) == LEVEL_ATOM)
        return next == STARTS_NAME || next == STARTS_LETTER || next == STARTS_PARENTHESIS;
    bool left_closes = parenthesized(f, 0) || (left->kind == FORMULA_CALL && !left->function->power_of_e);
    return left_closes && next == STARTS_PARENTHESIS;
}

static void write_formula(Writer *w, const Formula *f);

static void write_operand(Writer *w, const Formula *f, int operand)
{
    bool enclose = parenthesized(f, operand);
    if (enclose)
        put(w, "(");
    write_formula(w, f->args[operand]);
    if (enclose)
        put(w, ")");
}

static void write_power(Writer *w, const Formula *f)
{
    write_operand(w, f, 0);
    const Formula *exponent = f->args[1];
    bool small = exponent->kind == FORMULA_NUMBER && (exponent->number == 2 || exponent->number == 3);
    if (small) {
        put(w, exponent->number == 2 ? "²" : "³");
        return;
    }
    put(w, "^");
    write_operand(w, f, 1);
}

static void write_call(Writer *w, const Formula *f)
{
    if (f->function->power_of_e) {
        put(w, "e^");
        write_operand(w, f, 0);
        return;
    }
    put(w, f->function->written);
    put(w, "(");
    for (int k = 0; k < f->n_args; k++) {
        if (k > 0)
            put(w, ", ");
        write_formula(w, f->args[k]);
    }
    put(w, ")");
}

static void write_formula(Writer *w, const Formula *f)
{
    static const char *const SYMBOLS[] = {
        [FORMULA_ADD] = " + ", [FORMULA_SUBTRACT] = " − ", [FORMULA_MULTIPLY] = " × ", [FORMULA_DIVIDE] = " / ",
    };
    char text[NUM_TEXT_MAX];
    switch (f->kind) {
    case FORMULA_NUMBER:
        number_text(f->number, text, sizeof text);
        put(w, text);
        break;
    case FORMULA_NAME:
        snprintf(text, sizeof text, "{%d}", f->name);
        put(w, text);
        break;
    case FORMULA_NEGATE:
        put(w, "−");
        write_operand(w, f, 0);
        break;
    case FORMULA_ADD:
    case FORMULA_SUBTRACT:
    case FORMULA_MULTIPLY:
    case FORMULA_DIVIDE:
        write_operand(w, f, 0);
        put(w, f->kind == FORMULA_MULTIPLY && juxtaposed(f) ? "{*}" : SYMBOLS[f->kind]);
        write_operand(w, f, 1);
        break;
    case FORMULA_POWER:
        write_power(w, f);
        break;
    case FORMULA_CALL:
        write_call(w, f);
        break;
    }
}

void formula_fill(const char *template, int n, FormulaOperand operand, void *context, bool products, char *out,
                  size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *p = template; *p && used + 1 < size;) {
        char *end;
        if (strncmp(p, "{*}", 3) == 0) {   /* a product written by juxtaposition: 3x, but 3 × 2 */
            long next = p[3] == '{' ? strtol(p + 4, &end, 10) : -1;
            char text[FORMULA_TEXT_MAX] = "";
            if (!products && next >= 0 && next < n && *end == '}')
                operand(context, (int)next, false, text, sizeof text);
            bool after_digit = used > 0 && out[used - 1] >= '0' && out[used - 1] <= '9';
            bool exponent_like = after_digit && (text[0] == 'e' || text[0] == 'E');
            used += (size_t)snprintf(out + used, size - used, "%s", products || exponent_like ? " × " : "");
            p += 3;
            continue;
        }
        long i = *p == '{' ? strtol(p + 1, &end, 10) : -1;
        if (i >= 0 && i < n && *end == '}') {
            bool whole = p == template && end[1] == '\0';   /* the template is this operand */
            /* an argument of its own, as in tanh({0}) or max({0}, {1}), needs no parentheses */
            bool opened = (p > template && p[-1] == '(') || (p - template >= 2 && p[-2] == ',' && p[-1] == ' ');
            bool enclosed = whole || (opened && (end[1] == ')' || end[1] == ','));
            char text[FORMULA_TEXT_MAX];
            operand(context, (int)i, enclosed, text, sizeof text);
            used += (size_t)snprintf(out + used, size - used, "%s", text);
            p = end + 1;
            continue;
        }
        out[used++] = *p++;
        out[used] = '\0';
    }
    if (used >= size)
        out[size - 1] = '\0';
}

bool formula_template(const Formula *f, char *out, size_t size)
{
    if (size == 0)
        return false;
    out[0] = '\0';
    Writer w = {out, size, 0, false};
    write_formula(&w, f);
    return !w.full;
}
