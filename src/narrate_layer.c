/* narrate_layer: the layer view of a pass (`detail layer`).
 *
 * The derivation records one number a step.  This file reads the steps of
 * one layer in one phase together and writes them as the lessons write
 * the pass in matrix form, with the numbers:
 *     z1 = W1 x + b1,  a1 = σ(z1)
 *     δ2 = dL/dz2 = (a2 − t) ⊙ σ'(z2),  δ1 = (W2ᵀ δ2) ⊙ σ'(z1)
 *     dL/dW2 = δ2 a1ᵀ,  dL/db2 = δ2,  dL/dx = W1ᵀ δ1
 *     W2 ← W2 − 0.1 × dL/dW2
 * (δ is dL/dz, ⊙ multiplies element by element, ᵀ transposes).  Every
 * number is an operand or a value of the steps, as carried, so hand
 * rounding and the learner's own values show as they do a step at a time.
 * narrate_matrix.c writes the vectors and matrices within the width. */
#include "narrate.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "narrate_matrix.h"
#include "numfmt.h"
#include "quantity.h"

enum {
    LAYER_WIDTH_MAX = 80,   /* the layer view is a screenful: never wider than this */
    NOTE_NAMES_MAX = 6,     /* names listed in one note before "and N more" */
};

/* ---- a group: the steps of one layer in one phase ----------------------- */

typedef struct {
    FILE *out;
    Style style;        /* the narration's, its width the layer view's */
    const Net *net;
    const Derivation *derivation, *reference;
    int from, to;       /* the group's steps */
    Phase phase;
    int layer;          /* 0 for the loss and for dL/dx */
    Arena arena;        /* what the group's text takes, freed when it is told */
} Group;

typedef enum {
    AS_CARRIED,   /* an operand, as it is carried into a step */
    AS_RESULT,    /* a step's value, as narrated on its own line */
    AS_UPDATED,   /* an updated parameter's new value */
} Writing;

static void put_value(const Group *g, Shown *shown, int row, int col, double value, const Step *step,
                      Writing writing)
{
    char text[NUM_TEXT_MAX];
    bool rounded;
    if (writing == AS_UPDATED) {
        rounded = narr_updated_value(&g->style, step, text, sizeof text);
    } else if (writing == AS_RESULT) {
        narr_number(&g->style, step->overridden ? step->computed : step->value, text, sizeof text);
        rounded = !num_text_is_exact(text, step->computed);
    } else {
        rounded = narr_carried(&g->style, value, text, sizeof text);
    }
    shown_put(shown, row, col, text, rounded);
}

static bool is_kind(const Step *step, QuantityKind kind)
{
    return step->what.kind == kind;
}

static bool group_has(const Group *g, QuantityKind kind)
{
    for (int i = g->from; i < g->to; i++)
        if (is_kind(deriv_step(g->derivation, i), kind))
            return true;
    return false;
}

/* A whole quantity's name in this view: δ for dL/dz, σ'(z) for da/dz, and
 * a one-element vector or matrix by its element's name. */
static void layer_name(const Group *g, Quantity q, char *out, size_t size)
{
    q.row = QUANTITY_WHOLE;
    q.col = 0;
    if (q.kind == Q_DL_DZ) {
        snprintf(out, size, net_is_single_neuron(g->net) ? "δ" : "δ%d", q.layer);
        return;
    }
    if (q.kind == Q_DA_DZ) {
        const Activation *activation = g->net->activation[q.layer];
        char z[NAME_MAX];
        quantity_name(g->net, (Quantity){Q_Z, q.layer, QUANTITY_WHOLE, 0, 0}, z, sizeof z);
        snprintf(out, size, "%s'(%s)", strcmp(activation->name, "sigmoid") == 0 ? "σ" : activation->name, z);
        return;
    }
    int rows, cols;
    quantity_shape(g->net, q, &rows, &cols);
    quantity_name(g->net, rows == 1 && cols == 1 ? quantity_element(q, 0, 0) : q, out, size);
}

static void name_shown(const Group *g, Shown *shown, Quantity q, bool transposed)
{
    layer_name(g, q, shown->name, sizeof shown->name);
    if (transposed && !shown_is_scalar(shown))
        strncat(shown->name, "ᵀ", sizeof shown->name - strlen(shown->name) - 1);
}

/* The values of the group's steps of one kind, each at its own row and
 * column, named after the whole quantity. */
static Shown *results_of(Group *g, QuantityKind kind, int rows, int cols, Writing writing)
{
    Shown *shown = shown_new(&g->arena, rows, cols);
    if (!shown)
        return NULL;
    for (int i = g->from; i < g->to; i++) {
        const Step *step = deriv_step(g->derivation, i);
        if (is_kind(step, kind))
            put_value(g, shown, step->what.row, step->what.col, step->value, step, writing);
    }
    name_shown(g, shown, (Quantity){kind, g->layer, 0, 0, 0}, false);
    return shown_is_complete(shown) ? shown : NULL;
}

/* The operands of kind `what` (of layer `layer`) that the group's steps of
 * kind `kind` read, each at its own row and column (swapped when
 * `transposed`), as carried.  NULL unless every entry is found. */
static Shown *operands_of(Group *g, QuantityKind kind, QuantityKind what, int layer, int rows, int cols,
                          bool transposed)
{
    Shown *shown = shown_new(&g->arena, rows, cols);
    if (!shown)
        return NULL;
    for (int i = g->from; i < g->to; i++) {
        const Step *step = deriv_step(g->derivation, i);
        if (!is_kind(step, kind))
            continue;
        for (int o = 0; o < step->n_operands; o++) {
            Quantity q = step->operands[o].what;
            if (q.kind == what && q.layer == layer)
                put_value(g, shown, transposed ? q.col : q.row, transposed ? q.row : q.col, step->operands[o].value,
                          NULL, AS_CARRIED);
        }
    }
    name_shown(g, shown, (Quantity){what, layer, 0, 0, 0}, transposed);
    return shown_is_complete(shown) ? shown : NULL;
}

/* The input of layer l as a Shown vector (x or a_(l-1)), read from the
 * operands of the group's steps of `kind`. */
static Shown *layer_input_of(Group *g, QuantityKind kind, int layer, bool transposed)
{
    Quantity input = quantity_layer_input(layer, 0);
    int n = g->net->sizes[layer - 1];
    return operands_of(g, kind, input.kind, input.layer, transposed ? 1 : n, transposed ? n : 1, transposed);
}

static void print_heading(const Group *g, const char *text)
{
    char colored[NARR_LINE_MAX];
    narr_printf(g->out, &g->style, "%s\n", narr_colored(&g->style, "1", text, colored, sizeof colored));
}

/* ---- element by element ------------------------------------------------- */

/* A formula over whole vectors: in names, and with the numbers put in. */
typedef struct {
    Text symbolic;
    const char *numbers;    /* NULL where the formula picks a case or reads nothing */
    const Shown *result;
} LayerFormula;

/* The group's steps of `kind`, one per neuron of the layer, when all are
 * computed by one formula from operands of the same kinds: a = σ(z),
 * σ'(z) = a ⊙ (1 − a), δ = dL/da ⊙ σ'(z), dL/da = a − t.  Writes that
 * formula over whole vectors: its names, and its numbers unless it picks
 * a case (relu's "1 if z > 0, else 0").  False when the steps are not
 * such a family. */
static bool elementwise_formula(Group *g, QuantityKind kind, LayerFormula *out)
{
    int n = g->net->sizes[g->layer];
    const Step *steps[NET_MAX_WIDTH] = {NULL};
    for (int i = g->from; i < g->to; i++) {
        const Step *step = deriv_step(g->derivation, i);
        if (is_kind(step, kind) && step->what.row >= 0 && step->what.row < n)
            steps[step->what.row] = step;
    }
    for (int j = 0; j < n; j++)
        if (!steps[j] || strcmp(steps[j]->formula, steps[0]->formula) != 0 ||
            steps[j]->n_operands != steps[0]->n_operands)
            return false;
    int n_operands = steps[0]->n_operands;
    Shown *operands[2 * NET_MAX_WIDTH + 2] = {NULL};
    if (n_operands > (int)(sizeof operands / sizeof operands[0]))
        return false;
    for (int o = 0; o < n_operands; o++) {
        bool same = true;   /* one number for every neuron, such as lr */
        for (int j = 1; j < n; j++)
            same &= quantity_equal(steps[j]->operands[o].what, steps[0]->operands[o].what);
        operands[o] = shown_new(&g->arena, same ? 1 : n, 1);
        if (!operands[o])
            return false;
        for (int j = 0; j < (same ? 1 : n); j++)
            put_value(g, operands[o], j, 0, steps[j]->operands[o].value, NULL, AS_CARRIED);
        if (same && n > 1)
            quantity_name(g->net, steps[0]->operands[o].what, operands[o]->name, sizeof operands[o]->name);
        else
            name_shown(g, operands[o], steps[0]->operands[o].what, false);
    }
    Text symbolic = text_new(&g->arena), numbers = text_new(&g->arena);
    const char *formula = steps[0]->formula;
    for (const char *p = formula; *p;) {
        char *end;
        long o = *p == '{' ? strtol(p + 1, &end, 10) : -1;
        if (o >= 0 && o < n_operands && *end == '}') {
            bool enclosed = p > formula && p[-1] == '(' && end[1] == ')';
            text_add(&symbolic, "%s", operands[o]->name);
            shown_inline(operands[o], !enclosed, &numbers);
            p = end + 1;
            /* a product of two vectors is taken element by element */
            if (strncmp(p, " × ", strlen(" × ")) == 0 && !shown_is_scalar(operands[o])) {
                text_add(&symbolic, " ⊙ ");
                text_add(&numbers, " ⊙ ");
                p += strlen(" × ");
            }
            continue;
        }
        size_t length = 1;
        while ((p[length] & 0xC0) == 0x80)
            length++;
        text_add(&symbolic, "%.*s", (int)length, p);
        text_add(&numbers, "%.*s", (int)length, p);
        p += length;
    }
    bool picks_a_case = strstr(formula, " if ") != NULL;
    *out = (LayerFormula){symbolic, numbers.overflow || picks_a_case || n_operands == 0 ? NULL : numbers.text,
                     results_of(g, kind, n, 1, AS_RESULT)};
    return !symbolic.overflow;
}

/* Prints the group's steps of `kind` as one formula over whole vectors
 * (see elementwise_formula). */
static void elementwise(Group *g, QuantityKind kind, const char *lhs)
{
    LayerFormula formula;
    if (!elementwise_formula(g, kind, &formula))
        return;
    Equation e = {lhs, formula.symbolic.text, formula.numbers, NULL, formula.result, 1};
    equation_print(g->out, &g->style, &g->arena, &e);
}

/* "NAME =" or "NAME = OTHER NAME =" for the left-hand side of a line. */
static const char *left_side(Group *g, const char *first, Quantity q)
{
    Text lhs = text_new(&g->arena);
    char name[NAME_MAX];
    quantity_name(g->net, q, name, sizeof name);
    if (first && strcmp(first, name) != 0)
        text_add(&lhs, "%s = %s =", first, name);
    else
        text_add(&lhs, "%s =", name);
    return lhs.overflow ? "" : lhs.text;
}

/* A quantity's whole name in the layer: z1, or z2 for a layer of one. */
static Quantity whole(const Group *g, QuantityKind kind, int layer)
{
    int rows, cols;
    Quantity q = {kind, layer, QUANTITY_WHOLE, 0, 0};
    quantity_shape(g->net, q, &rows, &cols);
    return rows == 1 && cols == 1 ? quantity_element(q, 0, 0) : q;
}

/* ---- forward ------------------------------------------------------------ */

/* z = W input + b: W from the weights the sums read, the input and b as
 * carried. */
/* LEFT = M v (+ b): a matrix times a vector, a bias added, as written,
 * with the numbers, and with M named and v's numbers where M is too wide. */
static void product_equation(Group *g, Shown *matrix, Shown *vector, Shown *bias, QuantityKind kind, int layer,
                             int rows)
{
    Text symbolic = text_new(&g->arena), numbers = text_new(&g->arena), named = text_new(&g->arena);
    const char *times = shown_product(matrix, vector);
    text_add(&symbolic, "%s%s%s", matrix->name, times, vector->name);
    shown_inline(matrix, true, &numbers);
    text_add(&numbers, "%s", times);
    shown_inline(vector, true, &numbers);
    text_add(&named, "%s%s", matrix->name, times);
    shown_inline(vector, true, &named);
    if (bias) {
        text_add(&symbolic, " + %s", bias->name);
        text_add(&numbers, " + ");
        shown_inline(bias, true, &numbers);
        text_add(&named, " + ");
        shown_inline(bias, true, &named);
    }
    Equation e = {left_side(g, NULL, whole(g, kind, layer)), symbolic.text, numbers.overflow ? NULL : numbers.text,
                  shown_is_matrix(matrix) && !named.overflow ? named.text : NULL,
                  results_of(g, kind, rows, 1, AS_RESULT), 1};
    if (!symbolic.overflow)
        equation_print(g->out, &g->style, &g->arena, &e);
}

static void forward_sums(Group *g)
{
    int l = g->layer, n = g->net->sizes[l], n_in = g->net->sizes[l - 1];
    Shown *weights = operands_of(g, Q_Z, Q_WEIGHT, l, n, n_in, false);
    Shown *input = layer_input_of(g, Q_Z, l, false);
    Shown *bias = operands_of(g, Q_Z, Q_BIAS, l, n, 1, false);
    if (weights && input)
        product_equation(g, weights, input, bias, Q_Z, l, n);
}

/* softmax, which gives each output from every z of the layer. */
static void forward_softmax(Group *g)
{
    int l = g->layer, n = g->net->sizes[l];
    Shown *z = operands_of(g, Q_A, Q_Z, l, n, 1, false);
    if (!z)
        return;
    Text symbolic = text_new(&g->arena), numbers = text_new(&g->arena);
    text_add(&symbolic, "softmax(%s)", z->name);
    text_add(&numbers, "softmax(");
    shown_inline(z, false, &numbers);
    text_add(&numbers, ")");
    Equation e = {left_side(g, NULL, whole(g, Q_A, l)), symbolic.text, numbers.overflow ? NULL : numbers.text, NULL,
                  results_of(g, Q_A, n, 1, AS_RESULT), 1};
    if (!symbolic.overflow)
        equation_print(g->out, &g->style, &g->arena, &e);
}

static void forward_layer(Group *g)
{
    const Net *net = g->net;
    int l = g->layer;
    char heading[256];
    narr_layer_forward_heading(net, l, heading, sizeof heading);
    print_heading(g, heading);
    forward_sums(g);
    if (net->activation[l]->whole_layer)
        forward_softmax(g);
    else
        elementwise(g, Q_A, left_side(g, NULL, whole(g, Q_A, l)));
}

/* ---- backward ----------------------------------------------------------- */

/* dL/da_l = W_(l+1)ᵀ δ_(l+1) (or dL/dx = W1ᵀ δ1): each input's error
 * gathered along every weight it feeds. */
static void back_through_weights(Group *g, QuantityKind kind)
{
    int l = g->layer, above = l + 1, n = g->net->sizes[l], n_above = g->net->sizes[above];
    Shown *weights = operands_of(g, kind, Q_WEIGHT, above, n, n_above, true);
    Shown *errors = operands_of(g, kind, Q_DL_DZ, above, n_above, 1, false);
    if (weights && errors)
        product_equation(g, weights, errors, NULL, kind, l, n);
}

/* δ = a ⊙ (dL/da − aᵀ dL/da): softmax's outputs move together, so each
 * error takes every output's slope. */
static void softmax_errors(Group *g)
{
    int l = g->layer, n = g->net->sizes[l];
    Shown *a = operands_of(g, Q_DL_DZ, Q_A, l, n, 1, false);
    Shown *a_row = operands_of(g, Q_DL_DZ, Q_A, l, 1, n, true);
    Shown *slopes = operands_of(g, Q_DL_DZ, Q_DL_DA, l, n, 1, false);
    if (!a || !a_row || !slopes)
        return;
    Text symbolic = text_new(&g->arena), numbers = text_new(&g->arena);
    text_add(&symbolic, "%s ⊙ (%s − %s %s)", a->name, slopes->name, a_row->name, slopes->name);
    shown_inline(a, true, &numbers);
    text_add(&numbers, " ⊙ (");
    shown_inline(slopes, true, &numbers);
    text_add(&numbers, " − ");
    shown_inline(a_row, true, &numbers);
    text_add(&numbers, " ");
    shown_inline(slopes, true, &numbers);
    text_add(&numbers, ")");
    char delta[NAME_MAX];
    layer_name(g, (Quantity){Q_DL_DZ, l, 0, 0, 0}, delta, sizeof delta);
    Equation e = {left_side(g, delta, whole(g, Q_DL_DZ, l)), symbolic.text, numbers.overflow ? NULL : numbers.text,
                  NULL, results_of(g, Q_DL_DZ, n, 1, AS_RESULT), 1};
    if (!symbolic.overflow)
        equation_print(g->out, &g->style, &g->arena, &e);
}

/* dL/dW = δ inputᵀ, the outer product, and dL/db = δ. */
static void parameter_gradients(Group *g)
{
    int l = g->layer, n = g->net->sizes[l], n_in = g->net->sizes[l - 1];
    Shown *errors = operands_of(g, Q_DL_DW, Q_DL_DZ, l, n, 1, false);
    Shown *input = layer_input_of(g, Q_DL_DW, l, true);
    if (errors && input) {
        Text symbolic = text_new(&g->arena), numbers = text_new(&g->arena);
        const char *times = shown_product(errors, input);
        text_add(&symbolic, "%s%s%s", errors->name, times, input->name);
        shown_inline(errors, true, &numbers);
        text_add(&numbers, "%s", times);
        shown_inline(input, true, &numbers);
        Equation e = {left_side(g, NULL, whole(g, Q_DL_DW, l)), symbolic.text,
                      numbers.overflow ? NULL : numbers.text, NULL, results_of(g, Q_DL_DW, n, n_in, AS_RESULT), 1};
        if (!symbolic.overflow)
            equation_print(g->out, &g->style, &g->arena, &e);
    }
    if (group_has(g, Q_DL_DB)) {
        char delta[NAME_MAX];
        layer_name(g, (Quantity){Q_DL_DZ, l, 0, 0, 0}, delta, sizeof delta);
        Equation e = {left_side(g, NULL, whole(g, Q_DL_DB, l)), delta, NULL, NULL,
                      results_of(g, Q_DL_DB, n, 1, AS_RESULT), 1};
        equation_print(g->out, &g->style, &g->arena, &e);
    }
}

/* δ = dL/dz = (dL/da) ⊙ σ'(z), with dL/da as the loss gives it (a − t)
 * or as it comes back through the weights above (W_(l+1)ᵀ δ_(l+1)); the
 * numbers are the two factors as carried. */
static void layer_errors(Group *g)
{
    const Net *net = g->net;
    int l = g->layer, n = net->sizes[l];
    LayerFormula errors;
    if (!elementwise_formula(g, Q_DL_DZ, &errors))
        return;
    Text symbolic = text_new(&g->arena);
    char slope[NAME_MAX];
    layer_name(g, (Quantity){Q_DA_DZ, l, 0, 0, 0}, slope, sizeof slope);
    if (l == net->n_layers) {
        LayerFormula loss_slope;
        if (!elementwise_formula(g, Q_DL_DA, &loss_slope))
            return;
        bool sum = strchr(loss_slope.symbolic.text, ' ') != NULL;
        text_add(&symbolic, sum ? "(%s)" : "%s", loss_slope.symbolic.text);
    } else {
        char weights[NAME_MAX], above[NAME_MAX];
        int n_above = net->sizes[l + 1];
        layer_name(g, (Quantity){Q_WEIGHT, l + 1, 0, 0, 0}, weights, sizeof weights);
        layer_name(g, (Quantity){Q_DL_DZ, l + 1, 0, 0, 0}, above, sizeof above);
        bool one_weight = n == 1 && n_above == 1;
        text_add(&symbolic, "(%s%s%s%s)", weights, one_weight ? "" : "ᵀ", n_above == 1 ? " × " : " ", above);
    }
    text_add(&symbolic, " %s %s", n > 1 ? "⊙" : "×", slope);
    char delta[NAME_MAX];
    layer_name(g, (Quantity){Q_DL_DZ, l, 0, 0, 0}, delta, sizeof delta);
    /* the heart of the backward pass: its two factors are worth two more lines */
    Equation e = {left_side(g, delta, whole(g, Q_DL_DZ, l)), symbolic.text, errors.numbers, NULL, errors.result, 2};
    if (!symbolic.overflow)
        equation_print(g->out, &g->style, &g->arena, &e);
}

/* The heading, with the slope σ'(z) the errors are multiplied by. */
static void backward_heading(Group *g)
{
    const Net *net = g->net;
    int l = g->layer;
    Text heading = text_new(&g->arena);
    if (net_is_single_neuron(net))
        text_add(&heading, "Backward: one neuron");
    else
        text_add(&heading, "Backward, layer %d (%s", l, l == net->n_layers ? "output" : "hidden");
    LayerFormula slope;
    if (net->activation[l]->whole_layer) {
        text_add(&heading, group_has(g, Q_DL_DA) ? ", softmax: each output moves with every z)"
                                                 : ", softmax with ce)");
    } else if (elementwise_formula(g, Q_DA_DZ, &slope)) {
        char name[NAME_MAX];
        layer_name(g, (Quantity){Q_DA_DZ, l, 0, 0, 0}, name, sizeof name);
        text_add(&heading, "%s, where %s = %s", net_is_single_neuron(net) ? "" : ")", name, slope.symbolic.text);
    } else if (!net_is_single_neuron(net)) {
        text_add(&heading, ")");
    }
    if (!heading.overflow)
        print_heading(g, heading.text);
}

static void backward_layer(Group *g)
{
    int l = g->layer;
    if (l == 0) {
        print_heading(g, "Back to the input, which is given, not trained: how L moves with it");
        back_through_weights(g, Q_DL_DX);
        return;
    }
    backward_heading(g);
    bool softmax = g->net->activation[l]->whole_layer;
    if (softmax && group_has(g, Q_DL_DA)) {
        elementwise(g, Q_DL_DA, left_side(g, NULL, whole(g, Q_DL_DA, l)));
        softmax_errors(g);
    } else if (softmax) {
        char delta[NAME_MAX];
        layer_name(g, (Quantity){Q_DL_DZ, l, 0, 0, 0}, delta, sizeof delta);
        elementwise(g, Q_DL_DZ, left_side(g, delta, whole(g, Q_DL_DZ, l)));
    } else {
        layer_errors(g);
    }
    parameter_gradients(g);
}

/* ---- update ------------------------------------------------------------- */

/* θ ← θ − lr × dL/dθ for the layer's weights (or biases) at once.  The
 * gradients were just shown, so only lr is put in: W1 ← W1 − 0.1 × dL/dW1. */
static void update_parameters(Group *g, QuantityKind kind)
{
    int l = g->layer, rows = g->net->sizes[l], cols = kind == Q_WEIGHT ? g->net->sizes[l - 1] : 1;
    Shown *rate = shown_new(&g->arena, 1, 1);
    if (!rate)
        return;
    for (int i = g->from; i < g->to && !shown_is_complete(rate); i++) {
        const Step *step = deriv_step(g->derivation, i);
        if (is_kind(step, kind) && !step->frozen && step->n_operands == 3)
            put_value(g, rate, 0, 0, step->operands[1].value, NULL, AS_CARRIED);
    }
    char name[NAME_MAX], gradient_name[NAME_MAX];
    layer_name(g, (Quantity){kind, l, 0, 0, 0}, name, sizeof name);
    layer_name(g, (Quantity){kind == Q_WEIGHT ? Q_DL_DW : Q_DL_DB, l, 0, 0, 0}, gradient_name, sizeof gradient_name);
    Text lhs = text_new(&g->arena), symbolic = text_new(&g->arena);
    text_add(&lhs, "%s ←", name);
    text_add(&symbolic, "%s − ", name);
    if (shown_is_complete(rate))   /* else every parameter is frozen, and lr is read nowhere */
        shown_inline(rate, true, &symbolic);
    else
        text_add(&symbolic, "lr");
    text_add(&symbolic, " × %s", gradient_name);
    Equation e = {lhs.text, symbolic.text, NULL, NULL, results_of(g, kind, rows, cols, AS_UPDATED), 1};
    if (!lhs.overflow && !symbolic.overflow)
        equation_print(g->out, &g->style, &g->arena, &e);
}

static void update_layer(Group *g)
{
    char heading[256];
    narr_heading((Names){g->net, true, NULL, NULL, NULL}, deriv_step(g->derivation, g->from), heading, sizeof heading);
    if (heading[0])   /* the first update's: θ ← θ − lr × dL/dθ */
        print_heading(g, heading);
    update_parameters(g, Q_WEIGHT);
    if (group_has(g, Q_BIAS))
        update_parameters(g, Q_BIAS);
}

/* ---- what the numbers alone do not say ---------------------------------- */

/* Appends a name to a list of at most NOTE_NAMES_MAX, counting the rest. */
static void list_name(Text *list, int *count, const char *name)
{
    if (*count < NOTE_NAMES_MAX)
        text_add(list, "%s%s", *count ? ", " : "", name);
    (*count)++;
}

static void finish_list(Text *list, int count)
{
    if (count > NOTE_NAMES_MAX)
        text_add(list, " and %d more", count - NOTE_NAMES_MAX);
}

static void print_note(Group *g, const char *code, const char *text)
{
    char colored[NARR_LINE_MAX];
    narr_printf(g->out, &g->style, "%s\n", narr_colored(&g->style, code, text, colored, sizeof colored));
}

/* Prints "(exact arithmetic gives other digits for NAMES; the difference
 * comes from CAUSE)" when there are names. */
static void difference_note(Group *g, Text *names, int count, const char *cause)
{
    if (!count)
        return;
    finish_list(names, count);
    Text line = text_new(&g->arena);
    text_add(&line, "    (exact arithmetic gives other digits for %s; the difference comes from %s)", names->text,
             cause);
    if (!line.overflow)
        print_note(g, "2", line.text);
}

/* Each remark the steps carry (once), the parameters kept frozen, the
 * learner's own values, and where exact arithmetic would show other
 * digits: one line each. */
static void group_notes(Group *g)
{
    Text line = text_new(&g->arena), own = text_new(&g->arena), frozen = text_new(&g->arena);
    Text by_hand = text_new(&g->arena), by_own = text_new(&g->arena);
    int n_own = 0, n_frozen = 0, n_by_hand = 0, n_by_own = 0;
    Quantity source = {Q_LOSS, 0, 0, 0, 0};   /* the learner's value the first difference comes from */
    for (int i = g->from; i < g->to; i++) {
        const Step *step = deriv_step(g->derivation, i);
        char name[NAME_MAX];
        quantity_name(g->net, step->what, name, sizeof name);
        if (step->frozen) {
            list_name(&frozen, &n_frozen, name);
            continue;
        }
        char remark[NARR_LINE_MAX], earlier_remark[NARR_LINE_MAX];
        narr_remark((Names){g->net, true, NULL, NULL, NULL}, step, remark, sizeof remark);
        if (remark[0] && step->phase != PHASE_UPDATE) {
            bool told = false;
            for (int earlier = g->from; earlier < i && !told; earlier++) {
                narr_remark((Names){g->net, true, NULL, NULL, NULL}, deriv_step(g->derivation, earlier), earlier_remark,
                            sizeof earlier_remark);
                told = strcmp(earlier_remark, remark) == 0;
            }
            if (!told) {
                text_clear(&line);
                text_add(&line, "    (%s)", remark);
                print_note(g, "2", line.text);
            }
        }
        if (step->overridden) {
            char value[NUM_TEXT_MAX], entry[NAME_MAX + NUM_TEXT_MAX + 4];
            num_format(value, sizeof value, step->value, 15, true);
            snprintf(entry, sizeof entry, "%s = %s", name, value);
            list_name(&own, &n_own, entry);
            continue;
        }
        const Step *reference = g->reference ? deriv_step(g->reference, i) : NULL;
        if (!reference || step->phase == PHASE_UPDATE)
            continue;
        char shown[NUM_TEXT_MAX], exact[NUM_TEXT_MAX];
        narr_number(&g->style, step->value, shown, sizeof shown);
        narr_number(&g->style, reference->value, exact, sizeof exact);
        if (strcmp(shown, exact) == 0)
            continue;
        if (!step->uses_override) {
            list_name(&by_hand, &n_by_hand, name);
        } else {
            if (!n_by_own)
                source = step->override_source;
            list_name(&by_own, &n_by_own, name);
        }
    }
    if (n_frozen) {
        finish_list(&frozen, n_frozen);
        text_clear(&line);
        text_add(&line, "    (frozen, so unchanged: %s)", frozen.text);
        print_note(g, "2", line.text);
    }
    if (n_own) {
        finish_list(&own, n_own);
        text_clear(&line);
        text_add(&line, "    ↳ carrying your own value%s from here on: %s", n_own == 1 ? "" : "s", own.text);
        print_note(g, "1", line.text);
    }
    difference_note(g, &by_hand, n_by_hand, "rounding by hand");
    char cause[NAME_MAX + 8];
    quantity_name(g->net, source, cause + 5, sizeof cause - 5);
    memcpy(cause, "your ", 5);
    difference_note(g, &by_own, n_by_own, cause);
}

/* ---- groups ------------------------------------------------------------- */

int narr_layer_group_end(const Derivation *derivation, int index)
{
    int n = deriv_n_steps(derivation);
    if (index < 0 || index >= n)
        return n;
    const Step *first = deriv_step(derivation, index);
    int end = index + 1;
    while (end < n && deriv_step(derivation, end)->phase == first->phase &&
           deriv_step(derivation, end)->what.layer == first->what.layer)
        end++;
    return end;
}

bool narr_layer_group_starts(const Derivation *derivation, int index)
{
    if (index <= 0 || index >= deriv_n_steps(derivation))
        return index == 0;
    const Step *step = deriv_step(derivation, index), *before = deriv_step(derivation, index - 1);
    return step->phase != before->phase || step->what.layer != before->what.layer;
}

void narr_layer(FILE *out, const Style *style, Names names, const Derivation *derivation,
                const Derivation *reference, int from)
{
    Group g = {out, *style, names.net, derivation, reference, from, narr_layer_group_end(derivation, from),
               PHASE_FORWARD, 0, {NULL, false}};
    if (g.style.width <= 0 || g.style.width > LAYER_WIDTH_MAX)
        g.style.width = LAYER_WIDTH_MAX;
    if (from < 0 || from >= g.to)
        return;
    const Step *first = deriv_step(derivation, from);
    g.phase = first->phase;
    g.layer = first->what.layer;
    /* the loss, and an optimizer's state, are narrated a step at a time */
    bool step_by_step = g.phase == PHASE_LOSS;
    for (int i = from; i < g.to && g.phase == PHASE_UPDATE; i++)
        step_by_step = step_by_step || !deriv_step_updates_parameter(deriv_step(derivation, i));
    if (step_by_step) {
        for (int i = from; i < g.to; i++)
            narr_step(out, &g.style, names, deriv_step(derivation, i), reference ? deriv_step(reference, i) : NULL);
    } else {
        if (g.phase == PHASE_FORWARD)
            forward_layer(&g);
        else
            (g.phase == PHASE_BACKWARD ? backward_layer : update_layer)(&g);
        group_notes(&g);
    }
    if (g.arena.failed)
        print_note(&g, "2", "    (out of memory: some of this layer's lines are left out)");
    arena_free(&g.arena);
}
