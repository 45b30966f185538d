/* commands_init: `init`, which gives every weight of the network a starting
 * value, drawn as NumPy draws it, and sets every bias to 0.
 *
 * The draws come from numpy_random, NumPy's legacy generator reproduced bit
 * for bit: `init randn 0.5 seed 42` gives the weights a NumPy program gets
 * from np.random.seed(42) and np.random.randn(n_out, n_in) * 0.5, one
 * matrix after another (W1, then W2, ...) from one generator state.  With
 * `order in-out` each matrix is drawn as np.random.randn(n_in, n_out), the
 * layout of programs that compute X @ W, and its transpose is stored, since
 * backstep keeps a row per neuron. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command_handlers.h"
#include "net.h"
#include "numpy_random.h"
#include "suggest.h"

typedef enum { INIT_RANDN, INIT_UNIFORM, INIT_XAVIER, INIT_HE, INIT_ZEROS } InitMethod;

/* Indexed by InitMethod. */
static const struct {
    const char *name;
    int n_numbers;        /* numbers that follow the method's name */
    const char *numbers;  /* what they are, for errors */
} METHODS[] = {
    {"randn", 1, "SCALE"},
    {"uniform", 2, "LO HI"},
    {"xavier", 0, ""},
    {"he", 0, ""},
    {"zeros", 0, ""},
};
enum { N_METHODS = (int)(sizeof METHODS / sizeof METHODS[0]) };

static const uint32_t DEFAULT_SEED = 0;

/* What one `init` asks for, checked whole before any weight changes. */
typedef struct {
    InitMethod method;
    double scale;                /* randn's SCALE */
    double low, high;            /* uniform's LO and HI */
    const char *scale_text;      /* SCALE as it was written, for the closing line */
    const char *low_text, *high_text;
    uint32_t seed;
    bool seed_given;
    bool in_out;                 /* order in-out: draw randn(n_in, n_out) and transpose */
} InitPlan;

const char *init_method_name(int i)
{
    return i >= 0 && i < N_METHODS ? METHODS[i].name : NULL;
}

static bool find_method(const char *word, InitMethod *method, Error *error)
{
    const char *names[N_METHODS];
    for (int i = 0; i < N_METHODS; i++) {
        names[i] = METHODS[i].name;
        if (strcmp(word, names[i]) == 0) {
            *method = (InitMethod)i;
            return true;
        }
    }
    int nearest = suggest_nearest(word, names, N_METHODS);
    if (nearest < 0)
        return error_set(error, "init takes randn, uniform, xavier, he or zeros, not '%s'", word);
    return error_set(error, "init takes randn, uniform, xavier, he or zeros, not '%s'; did you mean '%s'?", word,
                     names[nearest]);
}

/* A seed as NumPy takes one: a whole number from 0 to 2^32 - 1, in decimal digits. */
static bool parse_seed(const char *text, uint32_t *seed, Error *error)
{
    size_t digits = strspn(text, "0123456789");
    unsigned long long value = digits > 0 && digits <= 10 && text[digits] == '\0' ? strtoull(text, NULL, 10) : ~0ULL;
    if (value > 4294967295ULL)
        return error_set(error, "a seed is a whole number from 0 to 4294967295 (2^32 - 1), as NumPy's is, not '%s'",
                         text);
    *seed = (uint32_t)value;
    return true;
}

static bool is_option(const char *word)
{
    return strcmp(word, "seed") == 0 || strcmp(word, "order") == 0;
}

/* Reads `init METHOD [NUMBERS] [seed N] [order in-out|out-in]` into plan. */
static bool parse_plan(const Args *args, InitPlan *plan, Error *error)
{
    *plan = (InitPlan){.seed = DEFAULT_SEED};
    if (!find_method(args->words[0], &plan->method, error))
        return false;
    const char *name = METHODS[plan->method].name;
    int n_numbers = METHODS[plan->method].n_numbers, next = 1;
    for (int i = 0; i < n_numbers; i++)
        if (next + i >= args->count || is_option(args->words[next + i]))
            return error_set(error, "init %s needs %s: %s", name, METHODS[plan->method].numbers,
                             plan->method == INIT_RANDN ? "init randn 0.5" : "init uniform -0.5 0.5");
    if (plan->method == INIT_RANDN) {
        plan->scale_text = args->words[next++];
        if (!parse_given(plan->scale_text, &plan->scale, error))
            return false;
        if (plan->scale <= 0)
            return error_set(error, "randn's SCALE must be positive, not %s", plan->scale_text);
    } else if (plan->method == INIT_UNIFORM) {
        plan->low_text = args->words[next++];
        plan->high_text = args->words[next++];
        if (!parse_given(plan->low_text, &plan->low, error) || !parse_given(plan->high_text, &plan->high, error))
            return false;
        if (!(plan->low < plan->high))
            return error_set(error, "uniform needs LO below HI, not %s and %s", plan->low_text, plan->high_text);
    }
    bool order_given = false;
    while (next < args->count) {
        const char *word = args->words[next];
        if (plan->method == INIT_ZEROS)
            return error_set(error, "init zeros draws nothing, so it takes nothing more, not '%s'", word);
        if (!is_option(word))
            return error_set(error, "after init %s%s%s come seed N and order in-out, not '%s'", name,
                             n_numbers ? " " : "", METHODS[plan->method].numbers, word);
        bool is_seed = strcmp(word, "seed") == 0;
        if ((is_seed && plan->seed_given) || (!is_seed && order_given))
            return error_set(error, "%s is given twice", word);
        if (next + 1 >= args->count)
            return error_set(error, is_seed ? "seed needs a number: seed 42" : "order needs in-out or out-in");
        const char *value = args->words[next + 1];
        if (is_seed) {
            if (!parse_seed(value, &plan->seed, error))
                return false;
            plan->seed_given = true;
        } else {
            if (strcmp(value, "in-out") != 0 && strcmp(value, "out-in") != 0)
                return error_set(error, "order takes in-out or out-in (the default, a row per neuron), not '%s'",
                                 value);
            plan->in_out = strcmp(value, "in-out") == 0;
            order_given = true;
        }
        next += 2;
    }
    return true;
}

/* The next weight of a layer with n_in inputs. */
static double draw(const InitPlan *plan, NumpyRandom *random, int n_in)
{
    switch (plan->method) {
    case INIT_RANDN:
        return numpy_random_gauss(random) * plan->scale;
    case INIT_UNIFORM:
        return numpy_random_uniform(random, plan->low, plan->high);
    case INIT_XAVIER:
        return numpy_random_gauss(random) * sqrt(1.0 / n_in);
    case INIT_HE:
        return numpy_random_gauss(random) * sqrt(2.0 / n_in);
    case INIT_ZEROS:
        break;
    }
    return 0.0;
}

/* "W1 … W3", "W1 and W2", "W1"; for one neuron, "w1 … w3" and so on. */
static void weights_text(const Net *net, char *out, size_t size)
{
    bool neuron = net_is_single_neuron(net);
    int last = neuron ? net_n_inputs(net) : net->n_layers;
    char letter = neuron ? 'w' : 'W';
    if (last == 1)
        snprintf(out, size, "%c1", letter);
    else
        snprintf(out, size, "%c1 %s %c%d", letter, last == 2 ? "and" : "…", letter, last);
}

Status cmd_init(Session *session, const Args *args, Error *error)
{
    if (!need_network(session, "init is for networks: an expression has no weights to draw", error))
        return STATUS_ERROR;
    InitPlan plan;
    if (!parse_plan(args, &plan, error))
        return STATUS_ERROR;

    Net *net = session->net;
    NumpyRandom random;
    numpy_random_seed(&random, plan.seed);
    for (int layer = 1; layer <= net->n_layers; layer++) {
        int n_out = net->sizes[layer], n_in = net->sizes[layer - 1];
        /* NumPy fills an array row by row: randn(n_out, n_in) goes neuron by
         * neuron, randn(n_in, n_out) input by input */
        for (int outer = 0; outer < (plan.in_out ? n_in : n_out); outer++)
            for (int inner = 0; inner < (plan.in_out ? n_out : n_in); inner++) {
                int j = plan.in_out ? inner : outer, k = plan.in_out ? outer : inner;
                *net_weight(net, layer, j, k) = draw(&plan, &random, n_in);
            }
        for (int j = 0; j < n_out; j++)
            *net_bias(net, layer, j) = 0.0;
    }
    session->has_previous_loss = false;
    training_network_changed(session);
    session_changed(session, true);

    char weights[64], how[160], seed[64], line[400];
    weights_text(net, weights, sizeof weights);
    const char *biases = net_is_single_neuron(net) ? "b 0" : "biases 0";
    if (plan.method == INIT_ZEROS) {
        snprintf(line, sizeof line, "%s set to 0; %s", weights, biases);
        say_line(session, line);
        return STATUS_OK;
    }
    if (plan.method == INIT_RANDN)
        snprintf(how, sizeof how, "randn × %s", plan.scale_text);
    else if (plan.method == INIT_UNIFORM)
        snprintf(how, sizeof how, "uniform(%s, %s)", plan.low_text, plan.high_text);
    else
        snprintf(how, sizeof how, "randn × sqrt(%d/n_in) (%s)", plan.method == INIT_HE ? 2 : 1,
                 METHODS[plan.method].name);
    snprintf(seed, sizeof seed, "seed %lu%s", (unsigned long)plan.seed, plan.seed_given ? "" : " (the default)");
    snprintf(line, sizeof line, "%s drawn from %s, %s%s; %s", weights, how, seed,
             plan.in_out ? ", order in-out (each drawn as (n_in, n_out) and transposed)" : "", biases);
    say_line(session, line);
    return STATUS_OK;
}
