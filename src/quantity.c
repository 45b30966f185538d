/* quantity: naming and parsing of quantities (see quantity.h). */
#include "quantity.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optimizer.h"
#include "quantity_internal.h"

bool quantity_equal(Quantity a, Quantity b)
{
    return a.kind == b.kind && a.layer == b.layer && a.row == b.row && a.col == b.col && a.slot == b.slot;
}

bool quantity_is_whole(Quantity q) { return q.row == QUANTITY_WHOLE; }

bool quantity_is_parameter(Quantity q) { return q.kind == Q_WEIGHT || q.kind == Q_BIAS; }

Quantity quantity_layer_input(int layer, int k)
{
    if (layer == 1)
        return (Quantity){Q_INPUT, 0, k, 0, 0};
    return (Quantity){Q_A, layer - 1, k, 0, 0};
}

Quantity quantity_updated(Quantity parameter)
{
    parameter.kind = parameter.kind == Q_WEIGHT ? Q_NEW_WEIGHT : Q_NEW_BIAS;
    return parameter;
}

bool quantity_is_computed(Quantity q)
{
    return !quantity_is_parameter(q) && q.kind != Q_INPUT && q.kind != Q_TARGET && q.kind != Q_LEARNING_RATE &&
           q.kind != Q_STATE_WEIGHT && q.kind != Q_STATE_BIAS && q.kind != Q_SETTING && q.kind != Q_STEP_NUMBER;
}

static bool is_matrix_kind(QuantityKind kind)
{
    return kind == Q_WEIGHT || kind == Q_DL_DW || kind == Q_NEW_WEIGHT || quantity_is_state_weight(kind);
}

void quantity_shape(const Net *net, Quantity q, int *rows, int *cols)
{
    *rows = *cols = 1;
    if (!quantity_is_whole(q))
        return;
    switch (q.kind) {
    case Q_INPUT: case Q_DL_DX: *rows = net_n_inputs(net); break;
    case Q_TARGET: *rows = net_n_outputs(net); break;
    case Q_LEARNING_RATE: case Q_LOSS: break;
    default:
        *rows = net->sizes[q.layer];
        if (is_matrix_kind(q.kind))
            *cols = net->sizes[q.layer - 1];
    }
}

Quantity quantity_element(Quantity whole, int row, int col)
{
    whole.row = row;
    whole.col = is_matrix_kind(whole.kind) ? col : 0;
    return whole;
}

/* A whole vector or matrix of one element is that element. */
Quantity quantity_collapse_single(const Net *net, Quantity q)
{
    int rows, cols;
    quantity_shape(net, q, &rows, &cols);
    if (quantity_is_whole(q) && rows == 1 && cols == 1)
        q = quantity_element(q, 0, 0);
    return q;
}

/* ---- naming --------------------------------------------------------- */

/* Name of a value-kind quantity (x, t, W, b, z, a) without "dL/d". */
void quantity_base_name(const Net *net, QuantityKind kind, int layer, int row, int col, char *out, size_t size)
{
    bool single = net_is_single_neuron(net);
    bool whole = row == QUANTITY_WHOLE;
    switch (kind) {
    case Q_INPUT: case Q_TARGET: {
        const char *letter = kind == Q_INPUT ? "x" : "t";
        int n = kind == Q_INPUT ? net_n_inputs(net) : net_n_outputs(net);
        if (whole || n == 1)
            snprintf(out, size, "%s", letter);
        else
            snprintf(out, size, "%s%d", letter, row + 1);
        return;
    }
    case Q_WEIGHT:
        if (single)
            snprintf(out, size, whole ? "w" : "w%d", col + 1);
        else if (net->sizes[layer] == 1 && net->sizes[layer - 1] == 1)
            snprintf(out, size, "w%d", layer);
        else if (whole)
            snprintf(out, size, "W%d", layer);
        else
            snprintf(out, size, "W%d[%d,%d]", layer, row + 1, col + 1);
        return;
    default: {
        const char *letter = kind == Q_BIAS ? "b" : kind == Q_Z ? "z" : "a";
        if (single)
            snprintf(out, size, "%s", letter);
        else if (whole || net->sizes[layer] == 1)
            snprintf(out, size, "%s%d", letter, layer);
        else
            snprintf(out, size, "%s%d[%d]", letter, layer, row + 1);
        return;
    }
    }
}

void quantity_name(const Net *net, Quantity q, char *out, size_t size)
{
    char base[NAME_MAX];
    switch (q.kind) {
    case Q_LOSS: snprintf(out, size, "L"); return;
    case Q_LEARNING_RATE: snprintf(out, size, "lr"); return;
    case Q_INPUT: case Q_TARGET: case Q_WEIGHT: case Q_BIAS: case Q_Z: case Q_A:
        quantity_base_name(net, q.kind, q.layer, q.row, q.col, out, size);
        return;
    case Q_DL_DA: quantity_base_name(net, Q_A, q.layer, q.row, 0, base, sizeof base); break;
    case Q_DL_DZ: quantity_base_name(net, Q_Z, q.layer, q.row, 0, base, sizeof base); break;
    case Q_DL_DW: quantity_base_name(net, Q_WEIGHT, q.layer, q.row, q.col, base, sizeof base); break;
    case Q_DL_DB: quantity_base_name(net, Q_BIAS, q.layer, q.row, 0, base, sizeof base); break;
    case Q_DL_DX: quantity_base_name(net, Q_INPUT, 0, q.row, 0, base, sizeof base); break;
    case Q_NEW_WEIGHT: case Q_NEW_BIAS:
        quantity_base_name(net, q.kind == Q_NEW_WEIGHT ? Q_WEIGHT : Q_BIAS, q.layer, q.row, q.col, base, sizeof base);
        snprintf(out, size, "%s_new", base);
        return;
    case Q_DA_DZ:
        if (net_is_single_neuron(net))
            snprintf(out, size, "da/dz");
        else if (q.row == QUANTITY_WHOLE || net->sizes[q.layer] == 1)
            snprintf(out, size, "da%d/dz%d", q.layer, q.layer);
        else
            snprintf(out, size, "da%d/dz%d[%d]", q.layer, q.layer, q.row + 1);
        return;
    case Q_STATE_WEIGHT: case Q_STATE_BIAS: case Q_NEW_STATE_WEIGHT: case Q_NEW_STATE_BIAS: case Q_HAT_WEIGHT:
    case Q_HAT_BIAS: case Q_SETTING: case Q_STEP_NUMBER:
        quantity_optimizer_name(net, NULL, q, out, size);
        return;
    case Q_NODE: case Q_GRADIENT: case Q_LOCAL:   /* an expression graph's: see graph.h */
        snprintf(out, size, "?");
        return;
    }
    snprintf(out, size, "dL/d%s", base);
}

/* ---- parsing -------------------------------------------------------- */

/* Reads a positive decimal integer at *p; returns -1 if there is none. */
static int read_int(const char **p)
{
    if (!isdigit((unsigned char)**p))
        return -1;
    long value = 0;
    while (isdigit((unsigned char)**p)) {
        value = value * 10 + (*(*p)++ - '0');
        if (value > 1000000)
            value = 1000000;
    }
    return (int)value;
}

/* Reads "[j]" or "[j,k]" (1-based); returns the count read (0, 1 or 2), -1 if malformed. */
static int read_index(const char **p, int *first, int *second)
{
    if (**p != '[')
        return 0;
    (*p)++;
    *first = read_int(p);
    if (*first < 0)
        return -1;
    int count = 1;
    if (**p == ',') {
        (*p)++;
        while (**p == ' ')
            (*p)++;
        *second = read_int(p);
        if (*second < 0)
            return -1;
        count = 2;
    }
    if (**p != ']')
        return -1;
    (*p)++;
    return count;
}


static bool check_layer(const ParseContext *context, int layer, const char *letter)
{
    const Net *net = context->net;
    if (layer < 1 || layer > net->n_layers) {
        char why[160];
        snprintf(why, sizeof why, "this network has %s1 to %s%d", letter, letter, net->n_layers);
        return quantity_fail_unknown(context, why);
    }
    return true;
}

/* Checks a 1-based index: `what` has n `unit`s ("W1 has 3 rows"). */
static bool check_row(const ParseContext *context, int row, int n, const char *what, const char *unit)
{
    if (row < 1 || row > n) {
        char why[160];
        snprintf(why, sizeof why, "%s has %d %s%s, numbered from 1", what, n, unit, n == 1 ? "" : "s");
        return quantity_fail_unknown(context, why);
    }
    return true;
}

/* Parses a value name (x, t, w/W, b, z, a, yhat) at *p into q. */
bool quantity_parse_base(const ParseContext *context, const char **p, Quantity *q)
{
    const Net *net = context->net;
    bool single = net_is_single_neuron(net);
    const char *s = *p;
    memset(q, 0, sizeof *q);
    q->row = QUANTITY_WHOLE;

    if (strncmp(s, "yhat", 4) == 0) {
        s += 4;
        q->kind = Q_A;
        q->layer = net->n_layers;
        int j = 0, unused = 0;
        int n_index = read_index(&s, &j, &unused);
        if (n_index < 0 || n_index == 2)
            return quantity_fail_unknown(context, "write an output's element as yhat[j]");
        if (n_index == 1) {
            if (!check_row(context, j, net_n_outputs(net), "the output", "neuron"))
                return false;
            q->row = j - 1;
        }
        *p = s;
        return true;
    }

    if (*s == '\0')
        return quantity_fail_unknown(context, NULL);
    char letter = *s++;
    int number = read_int(&s);
    int first = 0, second = 0;
    int n_index = read_index(&s, &first, &second);
    if (n_index < 0)
        return quantity_fail_unknown(context, "an element is written like W1[2,1] or z1[2]");
    *p = s;

    switch (letter) {
    case 'x': case 't': {
        q->kind = letter == 'x' ? Q_INPUT : Q_TARGET;
        int n = letter == 'x' ? net_n_inputs(net) : net_n_outputs(net);
        const char *what = letter == 'x' ? "the input x" : "the target t";
        if (n_index == 2 || (number >= 0 && n_index))
            return quantity_fail_unknown(context, letter == 'x' ? "write x2 or x[2]" : "write t2 or t[2]");
        int element = number >= 0 ? number : n_index ? first : -1;
        if (element >= 0) {
            if (!check_row(context, element, n, what, "element"))
                return false;
            q->row = element - 1;
        }
        return true;
    }
    case 'w': case 'W':
        q->kind = Q_WEIGHT;
        if (letter == 'w' && n_index == 0 && single) {          /* w or w1..wn of one neuron */
            q->layer = 1;
            if (number >= 0) {
                if (!check_row(context, number, net_n_inputs(net), "the neuron", "weight"))
                    return false;
                q->row = 0;
                q->col = number - 1;
            }
            return true;
        }
        if (number < 0) {
            if (single && n_index == 0) {
                q->layer = 1;
                return true;
            }
            return quantity_fail_unknown(context, "a weight matrix needs its layer: W1, W2, ...");
        }
        if (!check_layer(context, number, "W"))
            return false;
        q->layer = number;
        if (n_index == 1)
            return quantity_fail_unknown(context, "a weight has two indices: W1[j,k] is neuron j's weight on input k");
        if (n_index == 2) {
            char what[32];
            snprintf(what, sizeof what, "W%d", number);
            if (!check_row(context, first, net->sizes[number], what, "row") ||
                !check_row(context, second, net->sizes[number - 1], what, "column"))
                return false;
            q->row = first - 1;
            q->col = second - 1;
            return true;
        }
        if (letter == 'w' && !(net->sizes[number] == 1 && net->sizes[number - 1] == 1)) {
            char why[160];
            snprintf(why, sizeof why, "W%d is %dx%d, so name its elements W%d[j,k]", number,
                     net->sizes[number], net->sizes[number - 1], number);
            return quantity_fail_unknown(context, why);
        }
        return true;
    case 'b': case 'z': case 'a':
        q->kind = letter == 'b' ? Q_BIAS : letter == 'z' ? Q_Z : Q_A;
        if (q->kind == Q_BIAS && !context->use_bias)
            return error_set(context->error, "'%s': biases are off in this network (`bias on` brings them back)",
                             context->text);
        if (n_index == 2)
            return quantity_fail_unknown(context, "b, z and a have one index: z1[2]");
        if (number < 0) {
            if (single) {
                q->layer = 1;
                q->row = 0;
                if (n_index == 1 && first != 1)
                    return check_row(context, first, 1, "the network", "neuron");
                return true;
            }
            char why[160];
            snprintf(why, sizeof why, "%c needs its layer here: %c1 to %c%d", letter, letter, letter, net->n_layers);
            return quantity_fail_unknown(context, why);
        }
        if (!check_layer(context, number, (char[]){letter, '\0'}))
            return false;
        q->layer = number;
        if (n_index == 1) {
            char what[32];
            snprintf(what, sizeof what, "layer %d", number);
            if (!check_row(context, first, net->sizes[number], what, "neuron"))
                return false;
            q->row = first - 1;
        }
        return true;
    default:
        return quantity_fail_unknown(context, NULL);
    }
}

/* Replaces ∂ by d, ŷ by yhat and m̂ by mhat, and drops spaces, into out. */
static void normalise_name(const char *text, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = text; *p && n + 5 < size; p++) {
        if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x88 && (unsigned char)p[2] == 0x82) {
            out[n++] = 'd';
            p += 2;
        } else if (isalpha((unsigned char)p[0]) && (unsigned char)p[1] == 0xCC && (unsigned char)p[2] == 0x82) {
            out[n++] = p[0];   /* a letter and a combining circumflex: ŷ, m̂, v̂ */
            memcpy(out + n, "hat", 3);
            n += 3;
            p += 2;
        } else if ((unsigned char)p[0] == 0xC5 && (unsigned char)p[1] == 0xB7) {
            memcpy(out + n, "yhat", 4);   /* ŷ as one code point */
            n += 4;
            p += 1;
        } else if (*p != ' ') {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
}

static bool parse_name(ParseContext context, Quantity *q);

bool quantity_parse(const Net *net, bool use_bias, const Optimizer *optimizer, const char *text, Quantity *q,
                    Error *error)
{
    return parse_name((ParseContext){net, use_bias, optimizer, text, error, false}, q);
}

bool quantity_parse_computed(const Net *net, bool use_bias, const Optimizer *optimizer, const char *text,
                             Quantity *q, Error *error)
{
    return parse_name((ParseContext){net, use_bias, optimizer, text, error, true}, q);
}

static bool parse_name(ParseContext context, Quantity *q)
{
    const Net *net = context.net;
    const char *text = context.text;
    Error *error = context.error;
    char name[256];
    normalise_name(text, name, sizeof name);
    memset(q, 0, sizeof *q);

    if (strcmp(name, "L") == 0) {
        q->kind = Q_LOSS;
        return true;
    }
    if (strcmp(name, "lr") == 0) {
        q->kind = Q_LEARNING_RATE;
        return true;
    }
    bool is_state;
    bool parsed = quantity_parse_state(&context, name, q, &is_state);
    if (is_state)
        return parsed;
    const char *p = name;
    size_t length = strlen(name);
    if (length > 4 && strcmp(name + length - 4, "_new") == 0) {
        /* a parameter after this step's update: w1_new, W1[2,1]_new, b_new */
        name[length - 4] = '\0';
        if (!quantity_parse_base(&context, &p, q))
            return false;
        if (*p)
            return quantity_fail_unknown(&context, NULL);
        if (!quantity_is_parameter(*q))
            return error_set(error, "'%s': only a weight or a bias has an updated value (w1_new, b_new)", text);
        *q = quantity_collapse_single(net, quantity_updated(*q));
        return true;
    }
    if (strncmp(p, "dL/d", 4) == 0) {
        p += 4;
        Quantity base;
        if (!quantity_parse_base(&context, &p, &base))
            return false;
        if (*p)
            return quantity_fail_unknown(&context, NULL);
        switch (base.kind) {
        case Q_WEIGHT: base.kind = Q_DL_DW; break;
        case Q_BIAS: base.kind = Q_DL_DB; break;
        case Q_Z: base.kind = Q_DL_DZ; break;
        case Q_A: base.kind = Q_DL_DA; break;
        case Q_INPUT: base.kind = Q_DL_DX; break;
        default:
            return error_set(error, "'%s': backstep follows the loss back to weights, biases, z, a and x, not to t",
                             text);
        }
        *q = quantity_collapse_single(net, base);
        return true;
    }
    if (p[0] == 'd' && (p[1] == 'a' || strncmp(p + 1, "yhat", 4) == 0)) {
        p++;
        Quantity top, bottom;
        if (!quantity_parse_base(&context, &p, &top))
            return false;
        if (strncmp(p, "/dz", 3) != 0)
            return quantity_fail_unknown(&context, NULL);
        p += 2;
        if (!quantity_parse_base(&context, &p, &bottom))
            return false;
        if (*p || top.kind != Q_A || bottom.kind != Q_Z || top.layer != bottom.layer)
            return quantity_fail_unknown(&context, "an activation's slope is written da1/dz1[j]: a and z of one layer");
        if (!quantity_is_whole(top) && !quantity_is_whole(bottom) && top.row != bottom.row)
            return error_set(error, "'%s': each a depends only on its own z, so da1[j]/dz1[k] is 0 for j ≠ k", text);
        q->kind = Q_DA_DZ;
        q->layer = top.layer;
        q->row = quantity_is_whole(bottom) ? top.row : bottom.row;
        if (net->activation[q->layer]->whole_layer)
            return error_set(error, "'%s': with softmax each a%d[j] depends on every z%d[k]; "
                             "backstep goes straight to dL/dz%d", text, q->layer, q->layer, q->layer);
        *q = quantity_collapse_single(net, *q);
        return true;
    }
    if (!quantity_parse_base(&context, &p, q))
        return false;
    if (*p)
        return quantity_fail_unknown(&context, NULL);
    *q = quantity_collapse_single(net, *q);
    return true;
}

/* ---- listing, suggestions ------------------------------------------- */

static void visit_layer_kind(const Net *net, QuantityKind kind, int layer, bool elements,
                             void (*visit)(const char *, void *), void *context)
{
    quantity_visit_kind(net, NULL, kind, layer, 0, elements, visit, context);
}

void quantity_each_name(const Net *net, bool use_bias, const Optimizer *optimizer,
                        void (*visit)(const char *name, void *context), void *context)
{
    static const QuantityKind per_layer[] = {Q_WEIGHT, Q_BIAS, Q_Z, Q_A, Q_DL_DW, Q_DL_DB, Q_DL_DZ, Q_DL_DA, Q_DA_DZ,
                                             Q_NEW_WEIGHT, Q_NEW_BIAS};
    for (int pass = 0; pass < 2; pass++) {
        bool elements = pass == 1;
        visit_layer_kind(net, Q_INPUT, 0, elements, visit, context);
        visit_layer_kind(net, Q_TARGET, 0, elements, visit, context);
        for (size_t i = 0; i < sizeof per_layer / sizeof per_layer[0]; i++)
            for (int l = 1; l <= net->n_layers; l++) {
                QuantityKind kind = per_layer[i];
                if (!use_bias && (kind == Q_BIAS || kind == Q_DL_DB || kind == Q_NEW_BIAS))
                    continue;
                if (kind == Q_DA_DZ && net->activation[l]->whole_layer)
                    continue;
                if (net_is_single_neuron(net) && elements &&
                    (kind == Q_BIAS || kind == Q_Z || kind == Q_A || kind == Q_NEW_BIAS))
                    continue;
                visit_layer_kind(net, kind, l, elements, visit, context);
            }
        visit_layer_kind(net, Q_DL_DX, 0, elements, visit, context);
        quantity_visit_states(net, use_bias, optimizer, elements, visit, context);
        if (!elements) {
            visit("L", context);
            visit("lr", context);
        }
    }
}

int edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return 99;
    int row[65];
    for (size_t j = 0; j <= m; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        int diagonal = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int above = row[j];
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int best = diagonal + cost;
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[m];
}

typedef struct {
    const char *text;
    char best[NAME_MAX];
    int best_distance;
    const Net *net;
    bool use_bias, computed_only;
    const Optimizer *optimizer;
} Nearest;

static void consider_nearest(const char *name, void *context)
{
    Nearest *nearest = context;
    Quantity q;
    if (nearest->computed_only &&
        (!quantity_parse(nearest->net, nearest->use_bias, nearest->optimizer, name, &q, NULL) ||
         !quantity_is_computed(q)))
        return;
    int distance = edit_distance(nearest->text, name);
    if (distance < nearest->best_distance) {
        nearest->best_distance = distance;
        snprintf(nearest->best, sizeof nearest->best, "%s", name);
    }
}

static void nearest_name(const Net *net, bool use_bias, const Optimizer *optimizer, bool computed_only,
                         const char *text, char *out, size_t size)
{
    Nearest nearest = {text, "", 99, net, use_bias, computed_only, optimizer};
    quantity_each_name(net, use_bias, optimizer, consider_nearest, &nearest);
    /* close means at most one edit in two characters: "w3" suggests "w2",
     * but a lone "q" suggests nothing */
    int allowed = (int)strlen(text) / 2 < 2 ? (int)strlen(text) / 2 : 2;
    snprintf(out, size, "%s", nearest.best_distance <= allowed ? nearest.best : "");
}

void quantity_nearest(const Net *net, bool use_bias, const Optimizer *optimizer, const char *text, char *out,
                      size_t size)
{
    nearest_name(net, use_bias, optimizer, false, text, out, size);
}

/* Appends a name to a space-separated list held in out[size]. */
static void append_name(char *out, size_t size, const char *name)
{
    size_t used = strlen(out);
    snprintf(out + used, size - used, "%s%s", used ? " " : "", name);
}

void quantity_summary(const Net *net, bool use_bias, char *out, size_t size)
{
    char values[400] = "", name[NAME_MAX];
    bool single = net_is_single_neuron(net);
    /* one neuron: its inputs and weights one by one; otherwise whole layers */
    if (single && net_n_inputs(net) > 1)
        for (int k = 0; k < net_n_inputs(net); k++) {
            quantity_name(net, (Quantity){Q_INPUT, 0, k, 0, 0}, name, sizeof name);
            append_name(values, sizeof values, name);
        }
    else
        append_name(values, sizeof values, "x");
    append_name(values, sizeof values, "t");
    static const QuantityKind kinds[] = {Q_WEIGHT, Q_BIAS, Q_Z, Q_A};
    for (int l = 1; l <= net->n_layers; l++)
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
            if (kinds[i] == Q_BIAS && !use_bias)
                continue;
            int n = single && kinds[i] == Q_WEIGHT ? net_n_inputs(net) : 1;
            for (int k = 0; k < n; k++) {
                Quantity q = single && kinds[i] == Q_WEIGHT ? (Quantity){Q_WEIGHT, 1, 0, k, 0}
                                                            : quantity_collapse_single(net, (Quantity){kinds[i], l, QUANTITY_WHOLE, 0, 0});
                quantity_name(net, q, name, sizeof name);
                append_name(values, sizeof values, name);
            }
        }
    append_name(values, sizeof values, "L lr");
    if (single)
        snprintf(out, size, "%s; derivatives dL/dw1, %sdL/dz, dL/da and da/dz", values, use_bias ? "dL/db, " : "");
    else
        snprintf(out, size, "%s; elements as W1[j,k] or z1[j]; derivatives dL/dW1, dL/dz1[j], da1/dz1, ...", values);
}

void quantity_computed_summary(const Net *net, bool use_bias, const Optimizer *optimizer, char *out, size_t size)
{
    char names[500] = "", name[NAME_MAX];
    bool single = net_is_single_neuron(net);
    for (int l = 1; l <= net->n_layers; l++) {
        quantity_name(net, quantity_collapse_single(net, (Quantity){Q_Z, l, QUANTITY_WHOLE, 0, 0}), name, sizeof name);
        append_name(names, sizeof names, name);
        quantity_name(net, quantity_collapse_single(net, (Quantity){Q_A, l, QUANTITY_WHOLE, 0, 0}), name, sizeof name);
        append_name(names, sizeof names, name);
    }
    append_name(names, sizeof names, "L");
    static const QuantityKind kinds[] = {Q_DL_DA, Q_DA_DZ, Q_DL_DZ, Q_DL_DW, Q_DL_DB};
    for (int l = net->n_layers; l >= 1; l--)
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
            if ((kinds[i] == Q_DL_DB && !use_bias) || (kinds[i] == Q_DA_DZ && net->activation[l]->whole_layer))
                continue;
            Quantity q = quantity_collapse_single(net, (Quantity){kinds[i], l, QUANTITY_WHOLE, 0, 0});
            if (single && kinds[i] == Q_DL_DW)
                q = (Quantity){Q_DL_DW, 1, 0, 0, 0};
            quantity_name(net, q, name, sizeof name);
            append_name(names, sizeof names, name);
        }
    quantity_name(net, quantity_collapse_single(net, (Quantity){Q_DL_DX, 0, QUANTITY_WHOLE, 0, 0}), name, sizeof name);
    append_name(names, sizeof names, name);
    Quantity first_weight = single ? (Quantity){Q_NEW_WEIGHT, 1, 0, 0, 0}
                                   : quantity_collapse_single(net, (Quantity){Q_NEW_WEIGHT, 1, QUANTITY_WHOLE, 0, 0});
    quantity_name(net, first_weight, name, sizeof name);
    int used = snprintf(out, size, "%s, and updated parameters such as %s", names, name);
    if (optimizer && optimizer->n_state > 0 && used >= 0 && (size_t)used < size) {
        /* and the optimizer's state after the step: v_w1_new */
        Quantity state = quantity_state_of(Q_NEW_STATE_WEIGHT, (Quantity){Q_WEIGHT, 1, 0, 0, 0}, 0);
        quantity_optimizer_name(net, optimizer, state, name, sizeof name);
        used += snprintf(out + used, size - (size_t)used, " and %s", name);
    }
    if (!single && used >= 0 && (size_t)used < size)
        snprintf(out + used, size - (size_t)used, "; one number at a time, as z1[j] or dL/dW1[j,k]");
}

bool quantity_fail_unknown(const ParseContext *context, const char *why)
{
    char nearest[NAME_MAX];
    char valid[500];
    nearest_name(context->net, context->use_bias, context->optimizer, context->computed_only, context->text, nearest,
                 sizeof nearest);
    if (why)
        return error_set(context->error, "unknown name '%s': %s", context->text, why);
    if (context->computed_only) {
        quantity_computed_summary(context->net, context->use_bias, context->optimizer, valid, sizeof valid);
        if (nearest[0])
            return error_set(context->error, "unknown name '%s'; did you mean '%s'? Computed here: %s",
                             context->text, nearest, valid);
        return error_set(context->error, "unknown name '%s'; computed here: %s", context->text, valid);
    }
    quantity_summary(context->net, context->use_bias, valid, sizeof valid);
    if (nearest[0])
        return error_set(context->error, "unknown name '%s'; did you mean '%s'? Names here: %s",
                         context->text, nearest, valid);
    return error_set(context->error, "unknown name '%s'; names here: %s", context->text, valid);
}
