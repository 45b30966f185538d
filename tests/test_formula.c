/* Formulas of expression mode: parsing checked by values worked out by hand,
 * templates written out by hand, every symbolic derivative against central
 * differences at random points, and every error message.  A template is
 * also read back: filled with numbers (negatives in parentheses, as
 * narration writes them) and parsed again, it must give the formula's value. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "functions.h"
#include "tap.h"
#include "test_random.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct {
    Arena arena;
    FormulaNames names;
    Error error;
    Formula *formula;
} Parsed;

static Parsed parse(const char *text)
{
    Parsed p = {0};
    p.formula = formula_parse(text, &p.arena, &p.names, &p.error);
    return p;
}

/* The value of name `name` in names, or NAN when the formula has no such name. */
static int index_of(const FormulaNames *names, const char *name)
{
    for (int i = 0; i < names->count; i++)
        if (strcmp(names->names[i], name) == 0)
            return i;
    return -1;
}

/* Evaluates text with each named value; NAN when it does not parse or evaluate. */
static double value_of(const char *text, const char *const *names, const double *values, int n)
{
    Parsed p = parse(text);
    double result = NAN, at[FORMULA_MAX_NAMES] = {0};
    if (p.formula) {
        for (int i = 0; i < n; i++) {
            int k = index_of(&p.names, names[i]);
            if (k >= 0)
                at[k] = values[i];
        }
        if (!formula_evaluate(p.formula, at, &result, &p.error))
            result = NAN;
    }
    arena_free(&p.arena);
    return result;
}

/* Fills a template as narration does: {i} with names[i] or with values[i]
 * (a negative in parentheses unless the template already encloses it), and
 * {*} with nothing or " × ". */
static void fill(const char *template, const FormulaNames *names, const double *values, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *p = template; *p && used + 1 < size;) {
        char piece[64] = "";
        if (strncmp(p, "{*}", 3) == 0) {
            snprintf(piece, sizeof piece, "%s", values ? " × " : "");
            p += 3;
        } else if (*p == '{') {
            char *end;
            long i = strtol(p + 1, &end, 10);
            bool enclosed = p > template && p[-1] == '(' && end[1] == ')';
            if (!values)
                snprintf(piece, sizeof piece, "%s", names->names[i]);
            else if (values[i] < 0 && !enclosed)
                snprintf(piece, sizeof piece, "(%.17g)", values[i]);
            else
                snprintf(piece, sizeof piece, "%.17g", values[i]);
            p = end + 1;
        } else {
            piece[0] = *p++;
        }
        used += (size_t)snprintf(out + used, size - used, "%s", piece);
    }
}

static bool close_to(double a, double b, double relative)
{
    return fabs(a - b) <= relative * fmax(fabs(a), fabs(b));
}


/* ---- parsing: precedence, associativity, implicit products ------------- */

static void check_value(const char *text, double x, double expected, const char *why)
{
    const char *names[] = {"x"};
    double got = value_of(text, names, &x, 1);
    tap_ok(got == expected, "%s at x = %g is %g (%s); got %.17g", text, x, expected, why, got);
}

static void precedence(void)
{
    check_value("2^3^2", 0, 512, "right-associative: 2^9");
    check_value("2**3**2", 0, 512, "** is ^");
    check_value("-2^2", 0, -4, "−(2²)");
    check_value("−x^2", 3, -9, "−(3²)");
    check_value("2^-1", 0, 0.5, "a signed exponent");
    check_value("2x^2", 3, 18, "2 × 3²");
    check_value("2(x + 1)", 1, 4, "2 × 2");
    check_value("(x+1)(x−1)", 3, 8, "4 × 2");
    check_value("1 - 2 - 3", 0, -4, "left-associative");
    check_value("12 / 3 / 2", 0, 2, "left-associative: 4 / 2");
    check_value("2 + 3 × 4", 0, 14, "× before +");
    check_value("x^2 · 3", 2, 12, "4 × 3");
    check_value("3x²", 2, 12, "a superscript binds to x: 3 × 4");
    check_value("x³ − x", 2, 6, "8 − 2");
    check_value("2 * -x", 3, -6, "a sign after *");
    check_value(".5x + 1e-3 * 1000", 4, 3, "0.5 × 4 + 1");
    check_value("6 ÷ 3 + 2x", 1, 4, "÷ is /");
    check_value("3sin(x)", 0, 0, "3 × sin(0)");
    check_value("2^3x", 1, 8, "(2^3) × x");
    check_value("x^2 y", 3, 0, "x² × y, y = 0");
    check_value("((((x))))", 7, 7, "parentheses alone");
    check_value("2 − −x", 3, 5, "2 − (−3)");
    check_value("max(x, 2) + min(x, 2)", 5, 7, "5 + 2");
    check_value("leaky_relu(x)", -3, -0.03, "the table's slope 0.01, by hand");
    check_value("abs(x) + relu(x)", -2, 2, "2 + 0");
    check_value("σ(x) + sigmoid(-x)", 0.3, 1, "σ(z) + σ(−z) = 1");
    check_value("sigma(x) + σ(-x) + ln(x) - log(x)", 0.3, 1, "aliases: the ASCII sigma and ln");

    const char *wxb[] = {"w", "x", "b"};
    double at[] = {2, 3, 1};
    tap_ok(value_of("(w x + b)^2", wxb, at, 3) == 49, "(w x + b)^2 with w = 2, x = 3, b = 1 is 49");

    Parsed p = parse("b + w*x + b*w + x1");
    tap_ok(p.formula && p.names.count == 4 && strcmp(p.names.names[0], "b") == 0 &&
           strcmp(p.names.names[1], "w") == 0 && strcmp(p.names.names[2], "x") == 0 &&
           strcmp(p.names.names[3], "x1") == 0, "names in order of first appearance, each once");
    arena_free(&p.arena);

    /* the network's sigmoid itself */
    const Activation *sigmoid = activation_find("sigmoid");
    bool same = true;
    for (double z = -8; z <= 8; z += 0.37) {
        const char *names[] = {"z"};
        same = same && value_of("sigmoid(z)", names, &z, 1) == activation_value(sigmoid, z);
    }
    tap_ok(same, "sigmoid gives the activation table's numbers");
}

/* ---- templates, written by hand ---------------------------------------- */

static void check_template(const char *text, const char *expected)
{
    Parsed p = parse(text);
    char out[400] = "(no formula)";
    if (p.formula)
        formula_template(p.formula, out, sizeof out);
    tap_ok(strcmp(out, expected) == 0, "%s is written %s; got %s", text, expected, out);
    arena_free(&p.arena);
}

static void check_derivative_template(const char *text, const char *name, const char *expected)
{
    Parsed p = parse(text);
    char out[400] = "(no formula)";
    int i = p.formula ? index_of(&p.names, name) : -1;
    Formula *d = i >= 0 ? formula_derivative(p.formula, i, &p.arena) : NULL;
    if (d)
        formula_template(d, out, sizeof out);
    tap_ok(strcmp(out, expected) == 0, "d/d%s %s is written %s; got %s", name, text, expected, out);
    arena_free(&p.arena);
}

static void templates(void)
{
    check_template("(3x + 2)^2", "(3{*}{0} + 2)²");
    check_template("sin(z)^2", "sin({0})²");
    check_template("x^2 · 3", "{0}² × 3");
    check_template("(w x + b)^2", "({0} × {1} + {2})²");
    check_template("(x+1)(x-1)", "({0} + 1){*}({0} − 1)");
    check_template("3sin(x) + 2(x + 1)", "3{*}sin({0}) + 2{*}({0} + 1)");
    check_template("x sin(x)", "{0} × sin({0})");
    check_template("-x^2", "−{0}²");
    check_template("x - -y", "{0} − (−{1})");
    check_template("x * -y", "{0} × (−{1})");
    check_template("x + -y", "{0} + (−{1})");
    check_template("2^-1", "2^(−1)");
    check_template("(x^2)^3", "({0}²)³");
    check_template("x^y^z", "{0}^({1}^{2})");   /* a power in an exponent is enclosed */
    check_template("(x^y)^z", "({0}^{1})^{2}");
    check_template("x/(y z)", "{0} / ({1} × {2})");
    check_template("x/y/z", "{0} / {1} / {2}");
    check_template("x - (y - z)", "{0} − ({1} − {2})");
    check_template("(x - y) - z", "{0} − {1} − {2}");
    check_template("-(x + y)", "−({0} + {1})");
    check_template("(-x)^2", "(−{0})²");
    check_template("exp(-x) + exp(x^2) + exp(2x) + exp(x)", "e^(−{0}) + e^({0}²) + e^(2{*}{0}) + e^{0}");
    check_template("exp(x)^2", "(e^{0})²");
    check_template("ln(x) + σ(x) + max(x, y)", "log({0}) + σ({0}) + max({0}, {1})");
    check_template("2^(x+1)", "2^({0} + 1)");
    check_template("x^0.5", "{0}^0.5");

    /* the seed's derivative: 2 × (3x + 2) × 3 → 6(3x + 2) */
    Parsed p = parse("(3x + 2)^2");
    Formula *d = formula_derivative(p.formula, 0, &p.arena);
    char template[200], with_names[200], with_numbers[200];
    formula_template(d, template, sizeof template);
    fill(template, &p.names, NULL, with_names, sizeof with_names);
    fill(template, &p.names, (double[]){2}, with_numbers, sizeof with_numbers);
    tap_ok(strcmp(with_names, "6(3x + 2)") == 0, "d/dx (3x + 2)^2 reads 6(3x + 2); got %s", with_names);
    tap_ok(strcmp(with_numbers, "6 × (3 × 2 + 2)") == 0, "at x = 2 it reads 6 × (3 × 2 + 2); got %s", with_numbers);
    fill(template, &p.names, (double[]){-3}, with_numbers, sizeof with_numbers);
    tap_ok(strcmp(with_numbers, "6 × (3 × (-3) + 2)") == 0, "at x = −3: 6 × (3 × (−3) + 2); got %s", with_numbers);
    arena_free(&p.arena);

    check_derivative_template("sigmoid(x)", "x", "σ({0}){*}(1 − σ({0}))");
    check_derivative_template("x^2 · 3", "x", "6{*}{0}");
    check_derivative_template("sin(x)", "x", "cos({0})");
    check_derivative_template("cos(x)", "x", "−sin({0})");
    check_derivative_template("tan(x)", "x", "1 / cos({0})²");
    check_derivative_template("exp(3x)", "x", "3{*}e^(3{*}{0})");
    check_derivative_template("log(x)", "x", "1 / {0}");
    check_derivative_template("sqrt(x)", "x", "1 / (2{*}sqrt({0}))");
    check_derivative_template("tanh(x)", "x", "1 − tanh({0})²");
    check_derivative_template("relu(x)", "x", "step({0})");
    check_derivative_template("abs(x)", "x", "sign({0})");
    check_derivative_template("leaky_relu(x)", "x", "leaky_step({0})");
    check_derivative_template("max(x, y)", "x", "step({0} − {1})");
    check_derivative_template("max(x, y)", "y", "1 − step({0} − {1})");
    check_derivative_template("min(x, y)", "x", "step({1} − {0})");
    check_derivative_template("log(sigmoid(x))", "x", "σ({0}){*}(1 − σ({0})) / σ({0})");
    check_derivative_template("x/y", "y", "−{0} / {1}²");
    check_derivative_template("x^y", "x", "{1} × {0}^({1} − 1)");
    check_derivative_template("x^y", "y", "{0}^{1} × log({0})");
    check_derivative_template("(w x + b)^2", "w", "2{*}({0} × {1} + {2}) × {1}");
    check_derivative_template("-(-x)", "x", "1");
    check_derivative_template("5 - x", "x", "−1");

    /* simplification */
    const char *simplified[][2] = {
        {"2 * (3x + 2) * 3", "6{*}(3{*}{0} + 2)"}, {"x^1 + y^0", "{0} + 1"}, {"-(-x)", "{0}"},
        {"0 + x*1 - 0", "{0}"}, {"2 + 3 × 4", "14"}, {"x × 0 + 1^x", "1"}, {"-2x * -3", "6{*}{0}"},
        {"x * -2", "−2{*}{0}"}, {"1/2 + 1/3", "0.5 + 1 / 3"}, {"x + -2", "{0} − 2"}, {"x - -2", "{0} + 2"},
        {"x/y * 3", "3{*}{0} / {1}"}, {"0 - x", "−{0}"}, {"(x+1)(x-1) * 2", "2{*}({0} + 1){*}({0} − 1)"},
        {"exp(0) + log(1) + sqrt(4) + sigmoid(0)", "3.5"}, {"sqrt(2)", "sqrt(2)"},
    };
    for (size_t i = 0; i < sizeof simplified / sizeof simplified[0]; i++) {
        Parsed q = parse(simplified[i][0]);
        char out[200] = "(no formula)";
        Formula *s = q.formula ? formula_simplify(q.formula, &q.arena) : NULL;
        if (s)
            formula_template(s, out, sizeof out);
        tap_ok(strcmp(out, simplified[i][1]) == 0, "%s simplifies to %s; got %s", simplified[i][0],
               simplified[i][1], out);
        arena_free(&q.arena);
    }

    /* a template cut short ends between whole pieces, never inside a character */
    Parsed r = parse("-x^2 + sigmoid(y)");
    char small[10];
    bool whole = formula_template(r.formula, small, sizeof small);
    tap_ok(!whole && strcmp(small, "−{0}²") == 0, "a template cut at 10 bytes keeps whole pieces and says so; got %s",
           small);
    char enough[40];
    tap_ok(formula_template(r.formula, enough, sizeof enough), "a template that fits says so: %s", enough);
    arena_free(&r.arena);
}

/* ---- templates read back ------------------------------------------------ */

/* The template of f filled with values, and with names, parsed again: each
 * must evaluate to f's value (e^u reads back as a name e, given e's value). */
static bool reads_back(const Formula *f, const FormulaNames *names, const double *values, char *why, size_t size)
{
    double expected;
    Error error;
    if (!formula_evaluate(f, values, &expected, &error))
        return true;
    char template[2000], filled[4000];
    formula_template(f, template, sizeof template);
    for (int with_values = 0; with_values < 2; with_values++) {
        fill(template, names, with_values ? values : NULL, filled, sizeof filled);
        Parsed p = parse(filled);
        double at[FORMULA_MAX_NAMES] = {0}, got = NAN;
        for (int i = 0; p.formula && i < p.names.count; i++) {
            int k = index_of(names, p.names.names[i]);
            at[i] = k >= 0 ? values[k] : strcmp(p.names.names[i], "e") == 0 ? exp(1.0) : NAN;
        }
        bool same = p.formula && formula_evaluate(p.formula, at, &got, &error) &&
                    (close_to(got, expected, 1e-12) || fabs(got - expected) < 1e-12);
        arena_free(&p.arena);
        if (!same) {
            snprintf(why, size, "%s (from %s) gives %.17g, not %.17g", filled, template, got, expected);
            return false;
        }
    }
    return true;
}

static const char *const COMPOUNDS[] = {
    "sin(x^2)^2", "relu(3x + 1)^2", "x^2 · 3", "x^2 + y^2", "(w x + b)^2", "max(x, y)·z", "log(sigmoid(x))",
    "x/y", "x^y", "(3x + 2)^2", "sqrt(x^2 + 1)", "exp(-x)·sin(2x)", "1/(1 + exp(-x))", "2^x", "x^3 - 2x",
    "(x+1)(x-1)", "abs(x - y)·x", "tanh(w x + b)", "leaky_relu(x - 1)·y", "-x^2 / (1 + y^2)", "x - (y - z)",
    "min(x^2, y) - cos(x y)", "tan(x)/x", "x/(y z)", "(x - y)^3", "sigmoid(w x + b) - y",
};

static void read_back(void)
{
    for (size_t c = 0; c < sizeof COMPOUNDS / sizeof COMPOUNDS[0]; c++) {
        Parsed p = parse(COMPOUNDS[c]);
        bool all = p.formula != NULL;
        char why[5000] = "";
        for (int trial = 0; all && trial < 40; trial++) {
            double values[FORMULA_MAX_NAMES];
            for (int i = 0; i < p.names.count; i++)
                values[i] = uniform(-3, 3);
            all = reads_back(p.formula, &p.names, values, why, sizeof why);
            for (int i = 0; all && i < p.names.count; i++) {
                Formula *d = formula_derivative(p.formula, i, &p.arena);
                /* leaky_step is a derivative's helper that learners do not type */
                char template[2000];
                formula_template(d, template, sizeof template);
                if (!strstr(template, "leaky_step"))
                    all = reads_back(d, &p.names, values, why, sizeof why);
            }
        }
        tap_ok(all, "%s and its derivatives read back from their templates, with names and with numbers %s",
               COMPOUNDS[c], why);
        arena_free(&p.arena);
    }
}

/* ---- derivatives against central differences --------------------------- */

/* Where a formula is smooth: away from kinks (0 for the steps; x = y for
 * max and min) and from domain edges (log and sqrt need more than 0.05). */
static bool smooth_at(const FormulaNames *names, const double *values)
{
    for (int i = 0; i < names->count; i++)
        if (fabs(values[i]) < 0.02)
            return false;
    int x = index_of(names, "x"), y = index_of(names, "y");
    return x < 0 || y < 0 || fabs(values[x] - values[y]) > 0.02;
}

/* Checks d f/d (each name) at `points` random points in [low, high);
 * `kink` (may be NULL) says where else the formula is not smooth. */
static void check_gradients(const char *label, const Formula *f, const FormulaNames *names, Arena *arena, double low,
                            double high, bool (*kink)(const double *values), bool may_be_flat)
{
    for (int i = 0; i < names->count; i++) {
        Formula *d = formula_derivative(f, i, arena);
        int accepted = 0, nonzero = 0, attempts = 0;
        double worst = 0;
        bool agree = d != NULL;
        while (agree && accepted < 60 && attempts++ < 20000) {
            double values[FORMULA_MAX_NAMES], plus[FORMULA_MAX_NAMES], minus[FORMULA_MAX_NAMES];
            for (int k = 0; k < names->count; k++)
                values[k] = plus[k] = minus[k] = uniform(low, high);
            if (!smooth_at(names, values) || (kink && kink(values)))
                continue;
            double h = 1e-5 * fmax(1, fabs(values[i])), f_plus, f_minus, f_here, analytic;
            plus[i] += h;
            minus[i] -= h;
            Error error;
            if (!formula_evaluate(f, plus, &f_plus, &error) || !formula_evaluate(f, minus, &f_minus, &error) ||
                !formula_evaluate(f, values, &f_here, &error))
                continue;   /* outside the domain */
            if (!formula_evaluate(d, values, &analytic, &error)) {
                agree = false;
                break;
            }
            double numeric = (f_plus - f_minus) / (2 * h);
            /* central differences are good to about 1e-10 of f's size */
            double error_size = fabs(analytic - numeric);
            double allowed = 1e-6 * fmax(fabs(analytic), fabs(numeric)) + 1e-9 * fmax(1, fabs(f_here));
            worst = fmax(worst, error_size / fmax(fabs(numeric), 1e-300));
            agree = error_size <= allowed;
            accepted++;
            nonzero += fabs(analytic) > 1e-6 && fabs(numeric) > 1e-6;
        }
        tap_ok(agree && accepted == 60 && (may_be_flat || nonzero >= 15),
               "d/d%s %s agrees with central differences at %d points, %d with a slope (worst relative error %.2g)",
               names->names[i], label, accepted, nonzero, worst);
    }
}

static bool tan_pole(const double *v) { return fabs(cos(v[0])) < 0.2; }
static bool relu_kink(const double *v) { return fabs(3 * v[0] + 1) < 0.02; }
static bool shifted_kink(const double *v) { return fabs(v[0] - 1) < 0.02; }
static bool min_kink(const double *v) { return fabs(v[0] * v[0] - v[1]) < 0.02; }
static bool absolute_kink(const double *v) { return fabs(v[0] - v[1]) < 0.02; }

static void gradients(void)
{
    /* every row of the function table, called on x (and y) */
    for (int r = 0; r < N_FORMULA_FUNCTIONS; r++) {
        const FormulaFunction *row = &FORMULA_FUNCTIONS[r];
        Arena arena = {0};
        FormulaNames names = {.count = row->n_args, .names = {"x", "y"}};
        Formula *f = formula_call(&arena, row, formula_name(&arena, 0), formula_name(&arena, 1));
        bool flat = strcmp(row->name, "step") == 0 || strcmp(row->name, "sign") == 0 ||
                    strcmp(row->name, "leaky_step") == 0;
        check_gradients(row->name, f, &names, &arena, -3, 3, strcmp(row->name, "tan") == 0 ? tan_pole : NULL, flat);
        arena_free(&arena);
    }

    static const struct {
        const char *text;
        double low, high;
        bool (*kink)(const double *values);
    } CASES[] = {
        {"sin(x^2)^2", -2, 2, NULL}, {"relu(3x + 1)^2", -2, 2, relu_kink}, {"x^2 · 3", -3, 3, NULL},
        {"x^2 + y^2", -3, 3, NULL}, {"(w x + b)^2", -2, 2, NULL}, {"max(x, y)·z", -3, 3, NULL},
        {"log(sigmoid(x))", -5, 5, NULL}, {"x/y", 0.2, 4, NULL}, {"x^y", 0.2, 3, NULL}, {"x/y", -4, -0.2, NULL},
        {"(3x + 2)^2", -2, 2, NULL}, {"sqrt(x^2 + 1)", -3, 3, NULL}, {"exp(-x)·sin(2x)", -2, 2, NULL},
        {"2^x", -3, 3, NULL}, {"(x+1)(x-1)", -3, 3, NULL}, {"abs(x - y)·x", -3, 3, absolute_kink},
        {"tanh(w x + b)", -2, 2, NULL}, {"leaky_relu(x - 1)·y", -3, 3, shifted_kink},
        {"-x^2 / (1 + y^2)", -3, 3, NULL}, {"min(x^2, y) - cos(x y)", -2, 2, min_kink},
        {"sigmoid(w x + b) - y", -3, 3, NULL}, {"(x - y)^3 + log(x^2)", -3, 3, NULL}, {"x^x", 0.2, 3, NULL},
        {"exp(sin(x) y) / (2 + cos(x))", -2, 2, NULL},
    };
    for (size_t c = 0; c < sizeof CASES / sizeof CASES[0]; c++) {
        Parsed p = parse(CASES[c].text);
        if (!tap_ok(p.formula != NULL, "%s parses", CASES[c].text))
            continue;
        check_gradients(CASES[c].text, p.formula, &p.names, &p.arena, CASES[c].low, CASES[c].high, CASES[c].kink,
                        false);
        arena_free(&p.arena);
    }
}

/* Derivatives worked out by hand, and the conventions at the kinks. */
static void check_slope(const char *text, const char *name, const double *values, double expected, const char *why)
{
    Parsed p = parse(text);
    double got = NAN;
    int i = p.formula ? index_of(&p.names, name) : -1;
    Formula *d = i >= 0 ? formula_derivative(p.formula, i, &p.arena) : NULL;
    Error error;
    if (d && !formula_evaluate(d, values, &got, &error))
        got = NAN;
    tap_ok(close_to(got, expected, 1e-12) || got == expected, "d/d%s %s is %.17g (%s); got %.17g", name, text,
           expected, why, got);
    arena_free(&p.arena);
}

static void known_slopes(void)
{
    check_slope("x^2 · 3", "x", (double[]){2}, 12, "2 × 2 × 3");
    /* python3: 2 * math.sin(2.25) * math.cos(2.25) * 3 */
    check_slope("sin(x^2)^2", "x", (double[]){1.5}, -2.9325903529952915, "2 sin(2.25) cos(2.25) × 3");
    /* python3: 1 - 1 / (1 + math.exp(-0.7)) */
    check_slope("log(sigmoid(x))", "x", (double[]){0.7}, 0.33181222783183384, "1 − σ(0.7)");
    check_slope("(3x + 2)^2", "x", (double[]){2}, 48, "6 × 8");
    check_slope("relu(x)", "x", (double[]){0}, 0, "relu'(0) = 0, as the network's relu");
    check_slope("leaky_relu(x)", "x", (double[]){0}, 0.01, "the network's slope at 0");
    check_slope("leaky_relu(x)", "x", (double[]){-4}, 0.01, "the slope below 0");
    check_slope("abs(x)", "x", (double[]){0}, 0, "sign(0) = 0");
    check_slope("max(x, y)", "x", (double[]){1, 1}, 0, "on a tie the slope goes to y");
    check_slope("max(x, y)", "y", (double[]){1, 1}, 1, "on a tie the slope goes to y");
    check_slope("min(x, y)", "x", (double[]){1, 1}, 0, "on a tie the slope goes to y");
    check_slope("min(x, y)", "y", (double[]){1, 1}, 1, "on a tie the slope goes to y");
    check_slope("x^y", "y", (double[]){2, 3}, 8 * log(2), "2³ ln 2");
}

/* ---- errors ------------------------------------------------------------- */

static void check_error(const char *text, const char *expected)
{
    Parsed p = parse(text);
    tap_ok(!p.formula && strcmp(p.error.message, expected) == 0, "'%s' is refused: %s; got %s", text, expected,
           p.formula ? "(no error)" : p.error.message);
    arena_free(&p.arena);
}

static void check_domain(const char *text, double x, const char *expected)
{
    Parsed p = parse(text);
    double result;
    bool failed = p.formula && !formula_evaluate(p.formula, &x, &result, &p.error);
    tap_ok(failed && strcmp(p.error.message, expected) == 0, "%s at x = %g: %s; got %s", text, x, expected,
           failed ? p.error.message : "(no error)");
    arena_free(&p.arena);
}

static void errors(void)
{
    check_error("", "the formula is empty");
    check_error("   ", "the formula is empty");
    check_error("(3x + 2", "a '(' at column 1 is never closed");
    check_error("2 * (x + (y - 1)", "a '(' at column 5 is never closed");
    check_error("max(x, 2", "a '(' at column 4 is never closed");
    check_error("x + 1) * 2", "')' at column 6 has no '('");
    check_error("sine(x)", "no function 'sine' at column 1; did you mean sin?");
    check_error("sigmod(x)", "no function 'sigmod' at column 1; did you mean sigmoid?");
    check_error("x(2)", "x at column 1 is not a function; for x × (…) write x*(…)");
    check_error("w1 (x + 1)", "w1 at column 1 is not a function; for w1 × (…) write w1*(…)");
    check_error("2 * * 3", "'*' at column 5 follows '*' at column 3 with nothing between them");
    check_error("*x", "'*' at column 1 has nothing before it");
    check_error("x +", "'+' at column 3 has nothing after it");
    check_error("x ^", "'^' at column 3 has nothing after it");
    check_error("(x −)", "'−' at column 4 has nothing after it");
    check_error("max(x, )", "',' at column 6 has nothing after it");
    check_error("x + ()", "nothing between '(' at column 5 and ')'");
    check_error("max(x)", "max takes 2 arguments, not 1");
    check_error("sin(x, y)", "sin takes 1 argument, not 2");
    check_error("sin + 1", "sin at column 1 is a function: write sin(…)");
    check_error("x = 2", "unexpected '=' at column 3");
    check_error("x ≤ 2", "unexpected '≤' at column 3");
    check_error("x\x01", "unexpected control character at column 2");
    check_error("x \xff", "column 3 holds a byte that is not UTF-8 text");
    check_error("2 3", "unexpected number 3 at column 3 (to multiply, write *)");
    check_error("x, y", "',' at column 2 is outside a function's parentheses");
    check_error("2000000x", "2000000 at column 1 is too large: backstep takes numbers from −1e6 to 1e6");
    check_error("x + 1e7", "1e7 at column 5 is too large: backstep takes numbers from −1e6 to 1e6");
    check_error("leaky_step(x)", "leaky_step at column 1 is written in derivatives only; "
                                 "leaky_step(u): 1 if u > 0, else 0.01, the slope of leaky_relu");
    check_error("x²^2", "'^' at column 3 follows a superscript power; write the power with parentheses");
    check_error("a_name_that_is_far_too_long_to_use + 1",
                "the name 'a_name_that_…' at column 1 is too long: a name has at most 31 characters");

    char names[400] = "";
    for (int i = 0; i <= FORMULA_MAX_NAMES; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%sv%d", i ? " + " : "", i);
    check_error(names, "too many names: 'v32' at column 183 would be the 33th, and a formula takes 32");

    /* nesting and length are bounded, so no input can exhaust the stack */
    char deep[1200];
    for (int depth = 0; depth < 2; depth++) {
        int levels = depth ? 201 : 190;
        size_t n = 0;
        for (int i = 0; i < levels; i++)
            deep[n++] = '(';
        deep[n++] = 'x';
        for (int i = 0; i < levels; i++)
            deep[n++] = ')';
        deep[n] = '\0';
        Parsed p = parse(deep);
        tap_ok(depth ? !p.formula && strcmp(p.error.message, "the formula nests deeper than 200 levels (at column 201)") == 0
                     : p.formula != NULL,
               "%d nested parentheses %s; got %s", levels, depth ? "are refused" : "are accepted",
               p.formula ? "a formula" : p.error.message);
        arena_free(&p.arena);
    }
    memset(deep, '-', 600);
    strcpy(deep + 600, "x");
    check_error(deep, "the formula nests deeper than 200 levels (at column 201)");
    memset(deep, 'x', 1001);
    for (int i = 1; i < 1001; i += 2)
        deep[i] = '+';
    deep[1001] = '\0';
    check_error(deep, "the formula is too long: at most 1000 characters");

    check_domain("log(x)", -2, "log(−2) is not defined: log needs a number above 0");
    check_domain("ln(x - 2)", 2, "log(0) is not defined: log needs a number above 0");
    check_domain("sqrt(x)", -4, "sqrt(−4) is not defined: sqrt needs a number of at least 0");
    check_domain("1 / (x - 2)", 2, "1 / 0 is not defined: division by zero");
    check_domain("exp(x)", 800, "exp(800) is too large to compute: it overflows");
    check_domain("x^0.5", -2, "(−2)^0.5 is not defined: a negative number has no real power 0.5");
    check_domain("x^-1", 0, "0^(−1) is not defined: a negative power of 0 divides by zero");
    check_domain("(x^100)^100", 1000, "1e300^100 is too large to compute: it overflows");
    check_domain("1 + log(x)^2", 0, "log(0) is not defined: log needs a number above 0");

    /* a derivative's own domain: d/dx sqrt(x) = 1 / (2 sqrt(x)) at 0 */
    Parsed p = parse("sqrt(x)");
    Formula *d = formula_derivative(p.formula, 0, &p.arena);
    double result;
    tap_ok(!formula_evaluate(d, (double[]){0}, &result, &p.error) &&
           strcmp(p.error.message, "1 / 0 is not defined: division by zero") == 0,
           "d/dx sqrt(x) at 0 is undefined: %s", p.error.message);
    arena_free(&p.arena);

    tap_ok(formula_function("ln") == formula_function("log") && formula_function("σ") == formula_function("sigmoid") &&
           formula_function("sigma") == formula_function("sigmoid") &&
           formula_function("sigmoid") && !formula_function("leaky_step") && !formula_function("nothing") &&
           formula_function_row("leaky_step"), "aliases find their rows; derivative helpers are not typed");
    bool rows_complete = true;
    for (int r = 0; r < N_FORMULA_FUNCTIONS; r++) {
        const FormulaFunction *row = &FORMULA_FUNCTIONS[r];
        rows_complete = rows_complete && row->name && row->written && row->value && row->partial && row->rule &&
                        row->help && (row->n_args == 1 || row->n_args == 2) && (!row->defined || row->domain);
    }
    tap_ok(rows_complete, "every function row has its value, partials, rule and help");
    tap_ok(activation_find("leaky_relu")->parameter == 0.01 &&
           strstr(formula_function_row("leaky_step")->help, "0.01") != NULL,
           "leaky_step's help names the network's negative slope, 0.01");
}

/* formula_fill's operand: the words of `context`, an array of texts. */
static void fill_with_words(void *context, int i, bool enclosed, char *out, size_t size)
{
    const char *const *words = context;
    snprintf(out, size, enclosed ? "[%s]" : "%s", words[i]);
}

/* formula_fill, on templates and texts written by hand. */
static void filling(void)
{
    const char *names[] = {"x", "e3"}, *numbers[] = {"2", "(−1)"};
    char out[128];
    formula_fill("3{*}{0}", 1, fill_with_words, (void *)names, false, out, sizeof out);
    tap_ok(strcmp(out, "3x") == 0, "3{*}{0} with x reads 3x (got %s)", out);
    formula_fill("2{*}{1}", 2, fill_with_words, (void *)names, false, out, sizeof out);
    tap_ok(strcmp(out, "2 × e3") == 0, "2{*}{1} with e3 reads 2 × e3, not 2e3 (got %s)", out);
    formula_fill("3{*}{0} + {1}", 2, fill_with_words, (void *)numbers, true, out, sizeof out);
    tap_ok(strcmp(out, "3 × 2 + (−1)") == 0, "with numbers {*} is × (got %s)", out);
    formula_fill("max({0}, {1})", 2, fill_with_words, (void *)names, false, out, sizeof out);
    tap_ok(strcmp(out, "max([x], [e3])") == 0, "a function's arguments are enclosed (got %s)", out);
    formula_fill("{0}", 1, fill_with_words, (void *)names, false, out, sizeof out);
    tap_ok(strcmp(out, "[x]") == 0, "a template that is one operand is enclosed (got %s)", out);
    formula_fill("({0} + 1)²", 1, fill_with_words, (void *)names, false, out, sizeof out);
    tap_ok(strcmp(out, "(x + 1)²") == 0, "an operand inside a sum is not (got %s)", out);
}

int main(void)
{
    test_random_seed(88172645463325252ULL);
    filling();
    precedence();
    templates();
    read_back();
    gradients();
    known_slopes();
    errors();
    return tap_done();
}
