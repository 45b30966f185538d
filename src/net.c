/* net: shape parsing and parameter storage (see net.h). */
#include "net.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

void net_free(Net *net)
{
    if (!net)
        return;
    for (int l = 1; l <= NET_MAX_LAYERS; l++) {
        free(net->weights[l]);
        free(net->biases[l]);
        free(net->weight_frozen[l]);
        free(net->bias_frozen[l]);
    }
    free(net);
}

static bool allocate_layers(Net *net)
{
    for (int l = 1; l <= net->n_layers; l++) {
        size_t n_weights = (size_t)net->sizes[l] * (size_t)net->sizes[l - 1];
        net->weights[l] = calloc(n_weights, sizeof(double));
        net->weight_frozen[l] = calloc(n_weights, sizeof(bool));
        net->biases[l] = calloc((size_t)net->sizes[l], sizeof(double));
        net->bias_frozen[l] = calloc((size_t)net->sizes[l], sizeof(bool));
        if (!net->weights[l] || !net->weight_frozen[l] || !net->biases[l] || !net->bias_frozen[l])
            return false;
    }
    return true;
}

/* Reads "2-3-1" into sizes; returns the number of sizes, or 0 with error set. */
static int parse_shape(const char *shape, int sizes[NET_MAX_LAYERS + 1], Error *error)
{
    int count = 0;
    const char *p = shape;
    for (;;) {
        if (!isdigit((unsigned char)*p))
            return error_set(error, "network shape '%s' is not sizes joined by '-', such as 2-3-1", shape);
        long size = 0;
        while (isdigit((unsigned char)*p)) {
            size = size * 10 + (*p++ - '0');
            if (size > 100000)
                size = 100000;
        }
        if (count == NET_MAX_LAYERS + 1)
            return error_set(error, "network '%s' has too many layers: at most %d layers of neurons after the input",
                             shape, NET_MAX_LAYERS);
        if (size == 0)
            return error_set(error, "network '%s' has a layer of size 0: every layer needs 1 to %d neurons",
                             shape, NET_MAX_WIDTH);
        if (size > NET_MAX_WIDTH)
            return error_set(error, "network '%s' has a layer of %ld: at most %d neurons (or inputs) in a layer",
                             shape, size, NET_MAX_WIDTH);
        sizes[count++] = (int)size;
        if (*p == '\0')
            break;
        if (*p != '-')
            return error_set(error, "network shape '%s' is not sizes joined by '-', such as 2-3-1", shape);
        p++;
    }
    if (count < 2)
        return error_set(error, "network '%s' needs an input size and at least one layer, such as 2-1", shape);
    return count;
}

static void list_activations(char *out, size_t size)
{
    out[0] = '\0';
    for (int i = 0; i < N_ACTIVATIONS; i++) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s", i ? ", " : "", ACTIVATIONS[i].name);
    }
}

/* Reads "tanh" or "leaky_relu(0.2)": the row, and its parameter (the
 * row's default when none is given).  NULL with error set otherwise. */
static const Activation *parse_activation(const char *text, double *parameter, Error *error)
{
    char name[64];
    size_t length = strcspn(text, "(");
    snprintf(name, sizeof name, "%.*s", (int)(length < sizeof name ? length : sizeof name - 1), text);
    const Activation *activation = length < sizeof name ? activation_find(name) : NULL;
    if (!activation) {
        char known[256];
        list_activations(known, sizeof known);
        error_set(error, "unknown activation '%s': choose from %s", text, known);
        return NULL;
    }
    *parameter = activation->parameter;
    if (text[length] == '\0')
        return activation;
    if (!activation->takes) {
        error_set(error, "%s takes no parameter: write %s", name, name);
        return NULL;
    }
    /* "(0.2)": the number between the parentheses, spaces allowed */
    char inside[64];
    const char *open = text + length + 1;
    size_t inside_length = strlen(open);
    bool closed = inside_length > 0 && open[inside_length - 1] == ')';
    snprintf(inside, sizeof inside, "%.*s", (int)(closed ? inside_length - 1 : 0), open);
    char *start = inside;
    while (*start == ' ')
        start++;
    for (size_t end = strlen(start); end > 0 && start[end - 1] == ' ';)
        start[--end] = '\0';
    char least[NUM_TEXT_MAX], most[NUM_TEXT_MAX], usual[NUM_TEXT_MAX];
    num_format(least, sizeof least, activation->takes->least, 15, true);
    num_format(most, sizeof most, activation->takes->most, 15, true);
    num_format(usual, sizeof usual, activation->parameter, 15, true);
    if (!closed || inside_length >= sizeof inside || !num_parse(start, parameter, NULL) ||
        !(*parameter >= activation->takes->least && *parameter <= activation->takes->most)) {
        error_set(error, "%s's %s is a number from %s to %s, such as %s(0.2) (%s when none is given), not '%s'",
                  name, activation->takes->name, least, most, name, usual, text);
        return NULL;
    }
    return activation;
}

static void choose_activation(Net *net, int layer, const Activation *row, double parameter)
{
    activation_choose(row, parameter, &net->chosen[layer]);
    net->activation[layer] = &net->chosen[layer].activation;
}

Net *net_new(const char *shape, const char *const *activation_names, int n_activations, Error *error)
{
    int sizes[NET_MAX_LAYERS + 1];
    int n_sizes = parse_shape(shape, sizes, error);
    if (n_sizes == 0)
        return NULL;
    int n_layers = n_sizes - 1;
    if (n_activations != 1 && n_activations != n_layers) {
        if (n_layers == 1)
            error_set(error, "network %s has 1 layer after its inputs: give it one activation", shape);
        else
            error_set(error, "network %s has %d layers: give one activation for all of them, or %d (one per layer)",
                      shape, n_layers, n_layers);
        return NULL;
    }
    const Activation *chosen[NET_MAX_LAYERS + 1] = {0};
    double parameters[NET_MAX_LAYERS + 1] = {0};
    for (int l = 1; l <= n_layers; l++) {
        const char *name = activation_names[n_activations == 1 ? 0 : l - 1];
        const Activation *activation = parse_activation(name, &parameters[l], error);
        if (!activation)
            return NULL;
        if (activation->whole_layer && l != n_layers) {
            error_set(error, "softmax can only be the output layer's activation (layer %d of %d here)", l, n_layers);
            return NULL;
        }
        if (activation->whole_layer && sizes[l] < 2) {
            error_set(error, "softmax needs at least 2 output neurons (one output would always be 1)");
            return NULL;
        }
        chosen[l] = activation;
    }

    Net *net = calloc(1, sizeof *net);
    if (!net) {
        error_set(error, "out of memory");
        return NULL;
    }
    net->n_layers = n_layers;
    memcpy(net->sizes, sizes, sizeof(int) * (size_t)n_sizes);
    for (int l = 1; l <= n_layers; l++)
        choose_activation(net, l, chosen[l], parameters[l]);
    if (!allocate_layers(net)) {
        net_free(net);
        error_set(error, "out of memory");
        return NULL;
    }
    return net;
}

bool net_same_shape(const Net *a, const Net *b)
{
    if (a->n_layers != b->n_layers)
        return false;
    for (int l = 0; l <= a->n_layers; l++)
        if (a->sizes[l] != b->sizes[l])
            return false;
    return true;
}

void net_copy_parameters(Net *to, const Net *from)
{
    for (int l = 1; l <= from->n_layers; l++) {
        size_t n_weights = (size_t)from->sizes[l] * (size_t)from->sizes[l - 1];
        memcpy(to->weights[l], from->weights[l], n_weights * sizeof(double));
        memcpy(to->weight_frozen[l], from->weight_frozen[l], n_weights * sizeof(bool));
        memcpy(to->biases[l], from->biases[l], (size_t)from->sizes[l] * sizeof(double));
        memcpy(to->bias_frozen[l], from->bias_frozen[l], (size_t)from->sizes[l] * sizeof(bool));
    }
}

Net *net_copy(const Net *net)
{
    Net *copy = calloc(1, sizeof *copy);
    if (!copy)
        return NULL;
    copy->n_layers = net->n_layers;
    memcpy(copy->sizes, net->sizes, sizeof net->sizes);
    for (int l = 1; l <= net->n_layers; l++)
        choose_activation(copy, l, activation_find(net->activation[l]->name), net->activation[l]->parameter);
    if (!allocate_layers(copy)) {
        net_free(copy);
        return NULL;
    }
    net_copy_parameters(copy, net);
    return copy;
}

double *net_weight(const Net *net, int layer, int row, int col)
{
    return &net->weights[layer][row * net->sizes[layer - 1] + col];
}

double *net_bias(const Net *net, int layer, int row) { return &net->biases[layer][row]; }

bool *net_weight_frozen(const Net *net, int layer, int row, int col)
{
    return &net->weight_frozen[layer][row * net->sizes[layer - 1] + col];
}

bool *net_bias_frozen(const Net *net, int layer, int row) { return &net->bias_frozen[layer][row]; }

int net_n_inputs(const Net *net) { return net->sizes[0]; }
int net_n_outputs(const Net *net) { return net->sizes[net->n_layers]; }

int net_n_parameters(const Net *net, bool with_biases)
{
    int total = 0;
    for (int l = 1; l <= net->n_layers; l++)
        total += net->sizes[l] * (net->sizes[l - 1] + (with_biases ? 1 : 0));
    return total;
}

bool net_is_single_neuron(const Net *net)
{
    return net->n_layers == 1 && net->sizes[1] == 1;
}

void net_shape_text(const Net *net, char *out, int size)
{
    int used = 0;
    for (int l = 0; l <= net->n_layers && used < size; l++)
        used += snprintf(out + used, (size_t)(size - used), l ? "-%d" : "%d", net->sizes[l]);
}
