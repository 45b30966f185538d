/* Expression mode's derivatives against central differences and hand work.
 *
 * Each graph is built through graph.h as a learner's `expr` and `set` lines
 * would build it, then derived (deriv_build with .graph set).  At random
 * points, every gradient dy/dv the derivation records is compared with the
 * fourth-order central difference of the output y,
 *     (−y(v + 2h) + 8 y(v + h) − 8 y(v − h) + y(v − 2h)) / 12h,
 * an input moved by giving it another value, a defined node moved by a
 * `use` override of its value (which the nodes after it then carry).  A
 * node the output does not use must have no gradient step, and its
 * difference must be 0.  The error |analytic − numeric| / max(|analytic|,
 * |numeric|, 1e-3) must stay below 1e-6, and each graph must have some
 * gradient that is not 0, so no pass is vacuous.  Points are drawn from
 * ranges chosen to keep every kink (relu, abs, max, min) and pole (tan,
 * log, division) well away.
 *
 * The hand-worked numbers: y = (3x + 2)² at x = 2 has dy/dx = 2 × 8 × 3 =
 * 48; z = x² × 3 at x = 2 has dz/dx = 6x = 12; and the chain of exercise 1
 * of "Understanding Backpropagation", x → z = 3x + 1 → a = relu(z) → L = a²
 * at x = 2: z = 7, a = 7, L = 49, dL/da = 2a = 14, da/dz = 1, dz/dx = 3,
 * so dL/dz = 14 and dL/dx = 42. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deriv.h"
#include "graph.h"
#include "tap.h"
#include "test_random.h"


enum { MAX_LINES = 16, MAX_INPUTS = 8 };

typedef struct {
    const char *name;
    double low, high;   /* where its random values are drawn */
} InputRange;

typedef struct {
    const char *title;
    const char *lines[MAX_LINES];    /* "NAME = FORMULA", as after `expr` */
    InputRange inputs[MAX_INPUTS];
} Case;

/* Defines each "NAME = FORMULA" line in turn; NULL after reporting a failure. */
static Graph *build(const char *const *lines)
{
    Graph *graph = graph_new();
    for (int i = 0; graph && i < MAX_LINES && lines[i]; i++) {
        char name[64];
        const char *equals = strchr(lines[i], '=');
        snprintf(name, sizeof name, "%.*s", (int)(equals - lines[i] - 1), lines[i]);
        Error error;
        if (!graph_define(graph, name, equals + 1, &error)) {
            tap_ok(false, "define '%s': %s", lines[i], error.message);
            graph_free(graph);
            return NULL;
        }
    }
    return graph;
}

static bool set_input(Graph *graph, const char *name, double value)
{
    Error error;
    return tap_ok(graph_set_input(graph, name, value, &error), "set %s %g", name, value);
}

/* The output's value, with `what` given `value` when `overriding`. */
static double output_with(const Graph *graph, bool overriding, Quantity what, double value, bool *whole)
{
    Override override = {what, value};
    DerivationSpec spec = {.graph = graph, .overrides = &override, .n_overrides = overriding};
    Derivation *d = deriv_build(&spec);
    const Step *step = d ? deriv_find(d, (Quantity){Q_NODE, 0, graph_output(graph), 0, 0}) : NULL;
    double y = step ? step->value : NAN;
    *whole = d && !deriv_problem(d) && step;
    deriv_free(d);
    return y;
}

static double output_value(const Graph *graph, bool *whole)
{
    return output_with(graph, false, (Quantity){Q_NODE, 0, 0, 0, 0}, 0, whole);
}

/* The fourth-order central difference of the output in node i's value;
 * *flat when the output did not move at all. */
static double numeric_gradient(Graph *graph, int i, bool *whole, bool *flat)
{
    GraphNode *node = &graph->nodes[i];
    bool input = node->is_input, ok = true;
    double at = input ? node->value : NAN;
    if (!input) {   /* the node's own value, to move */
        DerivationSpec spec = {.graph = graph};
        Derivation *d = deriv_build(&spec);
        const Step *step = d ? deriv_find(d, (Quantity){Q_NODE, 0, i, 0, 0}) : NULL;
        at = step ? step->value : NAN;
        deriv_free(d);
    }
    double h = 1e-4 * fmax(1.0, fabs(at)), y[4];
    const double offsets[4] = {2, 1, -1, -2};
    for (int k = 0; k < 4; k++) {
        bool step_whole;
        if (input) {
            node->value = at + offsets[k] * h;
            y[k] = output_value(graph, &step_whole);
        } else {
            y[k] = output_with(graph, true, (Quantity){Q_NODE, 0, i, 0, 0}, at + offsets[k] * h, &step_whole);
        }
        ok = ok && step_whole;
    }
    if (input)
        node->value = at;
    *whole = ok && isfinite(at);
    *flat = y[0] == y[1] && y[1] == y[2] && y[2] == y[3];
    return (-y[0] + 8 * y[1] - 8 * y[2] + y[3]) / (12 * h);
}

static double gradient_error(double analytic, double numeric)
{
    return fabs(analytic - numeric) / fmax(fmax(fabs(analytic), fabs(numeric)), 1e-3);
}

/* Every gradient of graph against central differences at its current
 * inputs; the worst error, or INFINITY when something is missing. */
static double check_gradients(Graph *graph, const char *title, bool *any_nonzero)
{
    DerivationSpec spec = {.graph = graph};
    Derivation *d = deriv_build(&spec);
    if (!d || deriv_problem(d)) {
        tap_ok(false, "%s: derivation: %s", title, d ? deriv_problem(d) : "NULL");
        deriv_free(d);
        return INFINITY;
    }
    int output = graph_output(graph);
    double worst = 0;
    for (int i = 0; i < graph->n_nodes; i++) {
        if (i == output)
            continue;
        const Step *step = deriv_find(d, (Quantity){Q_GRADIENT, 0, i, 0, 0});
        if (!graph_reaches_output(graph, i)) {   /* the output does not use it: nothing to move */
            if (step)
                tap_ok(false, "%s: node %d does not reach the output, yet has a gradient step", title, i);
            worst = step ? INFINITY : worst;
            continue;
        }
        bool whole, flat;
        double numeric = numeric_gradient(graph, i, &whole, &flat);
        char label[GRAPH_LABEL_MAX];
        graph_label(graph, i, label, sizeof label);
        if (!whole) {
            tap_ok(false, "%s: the output at %s ± 2h", title, label);
            worst = INFINITY;
            continue;
        }
        if (!step) {   /* only a node the output does not use has no gradient: moving it moves nothing */
            if (!flat)
                tap_ok(false, "%s: no step for d/d%s, but its difference is %g", title, label, numeric);
            worst = flat ? worst : INFINITY;
            continue;
        }
        double error = gradient_error(step->value, numeric);
        if (!(error < 1e-6))
            printf("# %s: d/d%s = %.12g, central difference %.12g\n", title, label, step->value, numeric);
        worst = fmax(worst, isnan(error) ? INFINITY : error);
        *any_nonzero = *any_nonzero || step->value != 0;
    }
    deriv_free(d);
    return worst;
}

static void check_case(const Case *c, int draws)
{
    Graph *graph = build(c->lines);
    if (!graph)
        return;
    double worst = 0;
    bool any_nonzero = false;
    for (int draw = 0; draw < draws; draw++) {
        for (int k = 0; k < MAX_INPUTS && c->inputs[k].name; k++) {
            Error error;
            if (!graph_set_input(graph, c->inputs[k].name, uniform(c->inputs[k].low, c->inputs[k].high), &error))
                tap_ok(false, "%s: set %s: %s", c->title, c->inputs[k].name, error.message);
        }
        worst = fmax(worst, check_gradients(graph, c->title, &any_nonzero));
    }
    /* a name such as c_1 in a formula or a set is the earlier c, never a new
     * input: every input is given a value, and no two nodes share a label */
    for (int i = 0; i < graph->n_nodes; i++) {
        char label[GRAPH_LABEL_MAX], other[GRAPH_LABEL_MAX];
        graph_label(graph, i, label, sizeof label);
        for (int j = 0; j < i; j++) {
            graph_label(graph, j, other, sizeof other);
            if (strcmp(label, other) == 0)
                worst = INFINITY, tap_ok(false, "%s: nodes %d and %d are both %s", c->title, j, i, label);
        }
        bool given = false;
        for (int k = 0; k < MAX_INPUTS && c->inputs[k].name; k++)
            given = given || strcmp(c->inputs[k].name, label) == 0;
        if (graph->nodes[i].is_input && !(given && graph->nodes[i].has_value))
            worst = INFINITY, tap_ok(false, "%s: an input %s that no line gives", c->title, label);
    }
    tap_ok(worst < 1e-6 && any_nonzero, "%s: every gradient within 1e-6 of central differences (worst %.2g)%s",
           c->title, worst, any_nonzero ? "" : ", but every gradient was 0");
    graph_free(graph);
}

static const Case CASES[] = {
    {"a node feeding three others and the output",
     {"a = x * w + 0.5", "b = sin(a)", "c = a^2", "d = exp(a / 4)", "L = b * c + d + a"},
     {{"x", -2, 2}, {"w", -1.5, 1.5}}},
    {"an input feeding every node and the output",
     {"p = x + 1", "q = x * x", "r = exp(x / 3)", "L = p * q + r + x"},
     {{"x", -3, 3}}},
    {"two forks meeting again (a diamond of diamonds)",
     {"s = u * v", "t = s + u", "m = s * t", "n = t - s / 3", "out = m * n + s"},
     {{"u", 0.2, 1.5}, {"v", -1.5, 1.5}}},
    {"reassigned names: c, c = c·c + 1, d = c + c_1",
     {"c = a + b", "c = c * c + 1", "d = c + c_1"},
     {{"a", -2, 2}, {"b", -2, 2}}},
    {"a name reassigned three times, each using the one before",
     {"h = 2x", "h = sin(h) + x", "h = h * h_1", "y = h + h_1 * h_2"},
     {{"x", -2, 2}}},
    {"an input shadowed by a node of its name (x = x^2)",
     {"x = x^2 + 1", "y = 3x"},
     {{"x_1", -2, 2}}},
    {"sin cos tan", {"a = sin(x)", "b = cos(a * 2)", "y = tan(b / 2)"}, {{"x", -3, 3}}},
    {"exp log sqrt", {"a = exp(x)", "b = log(a + x^2)", "y = sqrt(b + 2)"}, {{"x", -1, 1.5}}},
    {"ln and σ as typed", {"y = ln(1 + σ(x))"}, {{"x", -4, 4}}},
    {"abs of a positive and of a negative value", {"p = abs(x + 3)", "n = abs(x - 3)", "y = p * n"},
     {{"x", -2, 2}}},
    {"sigmoid tanh", {"s = sigmoid(2x)", "y = tanh(s * x)"}, {{"x", -3, 3}}},
    {"relu, active", {"z = 3x + 1", "y = relu(z)^2"}, {{"x", 0.5, 3}}},
    {"relu, inactive beside an active path", {"z = 3x + 1", "y = relu(z) + x^2"}, {{"x", -3, -0.5}}},
    {"leaky_relu on both sides", {"p = leaky_relu(x + 5)", "n = leaky_relu(x - 5)", "y = p * n"},
     {{"x", -3, 3}}},
    {"max and min, each argument winning", {"m = max(x, 2y)", "n = min(x, 2y)", "y2 = m * n + max(y, -5)"},
     {{"x", 1, 2}, {"y", -2, 0}}},
    {"max and min with the second argument winning", {"m = max(x, y)", "n = min(y, x)", "o = m^3 - n"},
     {{"x", -2, -1}, {"y", 0, 1}}},
    {"powers: squares, cubes, a fractional and a variable power",
     {"a = x^2 + x^3", "b = (a + 1)^0.5", "y = b^x"},
     {{"x", 0.2, 1.8}}},
    {"superscript powers", {"y = x² + 2x³"}, {{"x", -2, 2}}},
    {"division, both sides moving", {"q = x / (y^2 + 1)", "r = 1 / q", "out = q - r / y"},
     {{"x", 0.5, 2}, {"y", 0.5, 2}}},
    {"negation and subtraction", {"a = -x", "b = -(a - 3y)", "c = 2 - b * -a"}, {{"x", -2, 2}, {"y", -2, 2}}},
    {"a constants-only node feeding a product", {"k = 2^3 + 1", "y = k * x + k^2"}, {{"x", -2, 2}}},
    {"nodes with no inputs at all", {"a = 2", "b = a * a + 3", "y = sin(b) * a"}, {{NULL, 0, 0}}},
    {"unused nodes and an unused input beside a chain",
     {"g = 3x + 2", "h = 5x + u", "k = h^2", "y = g^2"},
     {{"x", -2, 2}, {"u", -2, 2}, {"spare", -1, 1}}},
    {"every function in one chain",
     {"a = sin(x) + cos(x)", "b = tan(a / 4)", "c = exp(b) + log(2 + a)", "d = sqrt(c) + abs(b - 5)",
      "e = sigmoid(d) * tanh(c)", "f = relu(e + 3) + leaky_relu(e - 3)", "y = max(f, 3x) * min(f, 2 + x)"},
     {{"x", -1, 1}}},
};

/* The step that computes q, or NULL after saying so. */
static const Step *find(const Derivation *d, Quantity q, const char *what)
{
    const Step *step = d ? deriv_find(d, q) : NULL;
    if (!step)
        tap_ok(false, "%s: no step", what);
    return step;
}

static void check_value(const Derivation *d, Quantity q, double expected, const char *what)
{
    const Step *step = find(d, q, what);
    if (step)
        tap_ok(fabs(step->value - expected) <= 1e-12 * fmax(1, fabs(expected)), "%s = %g (got %.15g)", what,
               expected, step->value);
}

static void hand_worked(void)
{
    /* y = (3x + 2)² at x = 2, as one formula and as two */
    const char *one[MAX_LINES] = {"y = (3x + 2)^2"};
    const char *two[MAX_LINES] = {"g = 3x + 2", "y = g^2"};
    const char *const *forms[] = {one, two};
    for (int f = 0; f < 2; f++) {
        Graph *graph = build(forms[f]);
        if (!graph || !set_input(graph, "x", 2)) {
            graph_free(graph);
            continue;
        }
        Derivation *d = deriv_build(&(DerivationSpec){.graph = graph});
        int x = graph_find(graph, "x"), y = graph_find(graph, "y");
        check_value(d, (Quantity){Q_NODE, 0, y, 0, 0}, 64, f ? "g, y = g²: y" : "y = (3x + 2)²: y");
        check_value(d, (Quantity){Q_GRADIENT, 0, x, 0, 0}, 48, f ? "g, y = g²: dy/dx" : "y = (3x + 2)²: dy/dx");
        if (f) {
            check_value(d, (Quantity){Q_GRADIENT, 0, graph_find(graph, "g"), 0, 0}, 16, "g, y = g²: dy/dg = 2g");
            check_value(d, (Quantity){Q_LOCAL, 0, graph_find(graph, "g"), x, 0}, 3, "g, y = g²: dg/dx");
        }
        deriv_free(d);
        graph_free(graph);
    }

    /* z = x² × 3 at x = 2: dz/dx = 6x = 12, dz/dy = 3 */
    const char *power[MAX_LINES] = {"y = x^2", "z = y * 3"};
    Graph *graph = build(power);
    if (graph && set_input(graph, "x", 2)) {
        Derivation *d = deriv_build(&(DerivationSpec){.graph = graph});
        check_value(d, (Quantity){Q_NODE, 0, graph_find(graph, "z"), 0, 0}, 12, "z = x² × 3: z");
        check_value(d, (Quantity){Q_GRADIENT, 0, graph_find(graph, "y"), 0, 0}, 3, "z = x² × 3: dz/dy");
        check_value(d, (Quantity){Q_GRADIENT, 0, graph_find(graph, "x"), 0, 0}, 12, "z = x² × 3: dz/dx");
        deriv_free(d);
    }
    graph_free(graph);

    /* exercise 1: x → z = 3x + 1 → a = relu(z) → L = a², at x = 2 */
    const char *exercise[MAX_LINES] = {"z = 3x + 1", "a = relu(z)", "L = a^2"};
    graph = build(exercise);
    if (graph && set_input(graph, "x", 2)) {
        Derivation *d = deriv_build(&(DerivationSpec){.graph = graph});
        int x = graph_find(graph, "x"), z = graph_find(graph, "z"), a = graph_find(graph, "a");
        check_value(d, (Quantity){Q_NODE, 0, z, 0, 0}, 7, "exercise 1: z");
        check_value(d, (Quantity){Q_NODE, 0, a, 0, 0}, 7, "exercise 1: a");
        check_value(d, (Quantity){Q_NODE, 0, graph_find(graph, "L"), 0, 0}, 49, "exercise 1: L");
        check_value(d, (Quantity){Q_GRADIENT, 0, a, 0, 0}, 14, "exercise 1: dL/da");
        check_value(d, (Quantity){Q_LOCAL, 0, a, z, 0}, 1, "exercise 1: da/dz");
        check_value(d, (Quantity){Q_LOCAL, 0, z, x, 0}, 3, "exercise 1: dz/dx");
        check_value(d, (Quantity){Q_GRADIENT, 0, z, 0, 0}, 14, "exercise 1: dL/dz");
        check_value(d, (Quantity){Q_GRADIENT, 0, x, 0, 0}, 42, "exercise 1: dL/dx");
        deriv_free(d);
    }
    graph_free(graph);
}

/* Nodes the output does not use get no step at all, forward values aside. */
static void unused_nodes(void)
{
    const char *lines[MAX_LINES] = {"g = 3x + 2", "h = 5x", "y = g^2"};
    Graph *graph = build(lines);
    if (!graph || !set_input(graph, "x", 2) || !set_input(graph, "spare", 1)) {
        graph_free(graph);
        return;
    }
    Derivation *d = deriv_build(&(DerivationSpec){.graph = graph});
    int x = graph_find(graph, "x"), h = graph_find(graph, "h"), spare = graph_find(graph, "spare");
    tap_ok(d && !deriv_find(d, (Quantity){Q_NODE, 0, h, 0, 0}), "unused h is not worked out forward either");
    tap_ok(d && !deriv_find(d, (Quantity){Q_GRADIENT, 0, h, 0, 0}), "unused h: no dy/dh step");
    tap_ok(d && !deriv_find(d, (Quantity){Q_LOCAL, 0, h, x, 0}), "unused h: no dh/dx step");
    tap_ok(d && !deriv_find(d, (Quantity){Q_GRADIENT, 0, spare, 0, 0}), "unused input: no dy/dspare step");
    int backward = 0;
    for (int i = 0; d && i < deriv_n_steps(d); i++)
        backward += deriv_step(d, i)->phase == PHASE_BACKWARD;
    /* dy/dg, dg/dx, dy/dx: nothing of h */
    tap_ok(backward == 3, "unused h: 3 backward steps (got %d)", backward);
    deriv_free(d);
    graph_free(graph);
}

/* A formula of constants alone: its value, and no backward steps. */
static void constants_only(void)
{
    const char *lines[MAX_LINES] = {"y = (2^3 + 1) / 4 - sqrt(16)"};
    Graph *graph = build(lines);
    if (!graph)
        return;
    Derivation *d = deriv_build(&(DerivationSpec){.graph = graph});
    check_value(d, (Quantity){Q_NODE, 0, graph_output(graph), 0, 0}, -1.75, "constants only: y = 9/4 - 4");
    tap_ok(d && !deriv_problem(d) && deriv_phase_start(d, PHASE_BACKWARD) == deriv_n_steps(d),
           "constants only: no backward steps");
    deriv_free(d);
    graph_free(graph);
}

/* A lattice of 61 nodes the output does not use, each feeding the next
 * two (a_k = a_(k-1) + a_(k-2)), beside y = x + 1: dy/dx = 1 by hand, and
 * asking which nodes reach y must not follow the lattice's paths one by one
 * (there are some 10^12 of them; meson's time limit fails the test). */
static void unused_lattice(void)
{
    Graph *graph = graph_new();
    Error error;
    bool ok = graph && graph_define(graph, "a1", "x", &error) && graph_define(graph, "a2", "a1 + x", &error);
    for (int k = 3; ok && k < 62; k++) {
        char name[16], formula[32];
        snprintf(name, sizeof name, "a%d", k);
        snprintf(formula, sizeof formula, "a%d + a%d", k - 1, k - 2);
        ok = graph_define(graph, name, formula, &error);
    }
    ok = ok && graph_define(graph, "y", "x + 1", &error) && set_input(graph, "x", 3);
    if (tap_ok(ok, "a lattice of 61 unused nodes: built")) {
        int x = graph_find(graph, "x");
        tap_ok(!graph_reaches_output(graph, graph_find(graph, "a1")) && graph_n_paths(graph, x) == 1,
               "a lattice of 61 unused nodes: only y is a path from x to y");
        Derivation *d = deriv_build(&(DerivationSpec){.graph = graph});
        check_value(d, (Quantity){Q_GRADIENT, 0, x, 0, 0}, 1, "a lattice of 61 unused nodes: dy/dx");
        deriv_free(d);
    }
    graph_free(graph);
}

int main(void)
{
    hand_worked();
    unused_nodes();
    unused_lattice();
    constants_only();
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
        check_case(&CASES[i], 6);
    return tap_done();
}
