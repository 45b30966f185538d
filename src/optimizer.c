/* optimizer: the optimizer table and the state a session keeps for it (see optimizer.h). */
#include "optimizer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

enum { SETTING_BETA, SETTING_BETA2, SETTING_EPSILON };

static double sgd_step(const double *settings, double *state, double parameter, double gradient, double rate, long t)
{
    (void)settings;
    (void)state;
    (void)t;
    return parameter - rate * gradient;
}

static double momentum_step(const double *settings, double *state, double parameter, double gradient, double rate,
                            long t)
{
    (void)t;
    state[0] = settings[0] * state[0] - rate * gradient;
    return parameter + state[0];
}

static double rmsprop_step(const double *settings, double *state, double parameter, double gradient, double rate,
                           long t)
{
    (void)t;
    state[0] = settings[0] * state[0] + (1 - settings[0]) * (gradient * gradient);
    return parameter - rate * gradient / (sqrt(state[0]) + 1e-8);
}

static double adam_step(const double *settings, double *state, double parameter, double gradient, double rate, long t)
{
    state[0] = settings[SETTING_BETA] * state[0] + (1 - settings[SETTING_BETA]) * gradient;
    state[1] = settings[SETTING_BETA2] * state[1] + (1 - settings[SETTING_BETA2]) * (gradient * gradient);
    double m_hat = state[0] / (1 - pow(settings[SETTING_BETA], (double)t));
    double v_hat = state[1] / (1 - pow(settings[SETTING_BETA2], (double)t));
    return parameter - rate * m_hat / (sqrt(v_hat) + settings[SETTING_EPSILON]);
}

#define DECAY(name, ascii, usual) {name, ascii, usual, 0.0, 1.0, true, false}

const Optimizer OPTIMIZERS[] = {
    {"sgd", "θ ← θ − lr × g: plain gradient descent", 0, {{0}}, 0, {NULL}, sgd_step, false},
    {"momentum", "v ← β × v − lr × g, θ ← θ + v: steps gather speed where gradients agree", 1,
     {DECAY("β", "beta", 0.9)}, 1, {"v"}, momentum_step, false},
    {"rmsprop", "cache ← ρ × cache + (1 − ρ) × g², θ ← θ − lr × g / (√cache + 1e-8): each parameter's own step size",
     1, {DECAY("ρ", "rho", 0.9)}, 1, {"cache"}, rmsprop_step, false},
    {"adam", "momentum and rmsprop together, with bias correction m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t)", 3,
     {DECAY("β1", "beta1", 0.9), DECAY("β2", "beta2", 0.999), {"ε", "eps", 1e-8, 0.0, 1.0, false, true}}, 2,
     {"m", "v"}, adam_step, true},
};
const int N_OPTIMIZERS = (int)(sizeof OPTIMIZERS / sizeof OPTIMIZERS[0]);
_Static_assert(sizeof OPTIMIZERS / sizeof OPTIMIZERS[0] <= N_OPTIMIZERS_MAX, "N_OPTIMIZERS_MAX must hold every optimizer");

const Optimizer *optimizer_find(const char *name)
{
    for (int i = 0; i < N_OPTIMIZERS; i++)
        if (strcmp(OPTIMIZERS[i].name, name) == 0)
            return &OPTIMIZERS[i];
    return NULL;
}

static bool setting_accepts(const OptimizerSetting *setting, double value)
{
    return (value > setting->least || (setting->least_included && value == setting->least)) &&
           (value < setting->most || (setting->most_included && value == setting->most));
}

bool optimizer_choose(OptimizerState *state, const Optimizer *optimizer, const double *given, int n_given,
                      Error *error)
{
    if (n_given > optimizer->n_settings)
        return optimizer->n_settings
                   ? error_set(error, "%s takes at most %d number%s", optimizer->name, optimizer->n_settings,
                               optimizer->n_settings == 1 ? "" : "s")
                   : error_set(error, "sgd takes no numbers: optimizer sgd");
    double settings[OPTIMIZER_MAX_SETTINGS] = {0};
    for (int i = 0; i < optimizer->n_settings; i++) {
        const OptimizerSetting *setting = &optimizer->settings[i];
        settings[i] = i < n_given ? given[i] : setting->usual;
        if (!setting_accepts(setting, settings[i])) {
            char value[NUM_TEXT_MAX], least[NUM_TEXT_MAX], most[NUM_TEXT_MAX];
            num_format(value, sizeof value, settings[i], 6, false);
            num_format(least, sizeof least, setting->least, 6, false);
            num_format(most, sizeof most, setting->most, 6, false);
            char usual[NUM_TEXT_MAX];
            num_format(usual, sizeof usual, setting->usual, 6, false);
            return error_set(error, "%s's %s must be %s %s and %s %s, not %s (it is usually %s)", optimizer->name,
                             setting->ascii_name, setting->least_included ? "at least" : "above", least,
                             setting->most_included ? "at most" : "below", most, value, usual);
        }
    }
    optimizer_reset(state);
    state->optimizer = optimizer;
    memcpy(state->settings, settings, sizeof settings);
    return true;
}

void optimizer_reset(OptimizerState *state)
{
    for (int s = 0; s < OPTIMIZER_MAX_STATE; s++)
        for (int l = 0; l <= NET_MAX_LAYERS; l++) {
            free(state->state[s][l]);
            state->state[s][l] = NULL;
        }
    state->steps = 0;
}

static size_t layer_values(const Net *net, int layer)
{
    return (size_t)net->sizes[layer] * (size_t)(net->sizes[layer - 1] + 1);
}

bool optimizer_prepare(OptimizerState *state, const Net *net)
{
    for (int s = 0; s < state->optimizer->n_state; s++)
        for (int l = 1; l <= net->n_layers; l++)
            if (!state->state[s][l] && !(state->state[s][l] = calloc(layer_values(net, l), sizeof(double))))
                return false;
    return true;
}

double optimizer_state_value(const OptimizerState *state, int s, int layer, int index)
{
    return state->state[s][layer] ? state->state[s][layer][index] : 0.0;
}

bool optimizer_copy(OptimizerState *to, const OptimizerState *from, const Net *net)
{
    optimizer_reset(to);
    to->optimizer = from->optimizer;
    memcpy(to->settings, from->settings, sizeof to->settings);
    to->steps = from->steps;
    for (int s = 0; s < OPTIMIZER_MAX_STATE; s++)
        for (int l = 1; l <= net->n_layers; l++) {
            if (!from->state[s][l])
                continue;
            size_t bytes = layer_values(net, l) * sizeof(double);
            if (!(to->state[s][l] = malloc(bytes)))
                return false;
            memcpy(to->state[s][l], from->state[s][l], bytes);
        }
    return true;
}

void optimizer_describe(const OptimizerState *state, bool ascii, char *out, int size)
{
    const Optimizer *optimizer = state->optimizer;
    int used = snprintf(out, (size_t)size, "%s", optimizer->name);
    for (int i = 0; i < optimizer->n_settings && used < size; i++) {
        char value[NUM_TEXT_MAX];
        num_format(value, sizeof value, state->settings[i], 6, !ascii);
        used += snprintf(out + used, (size_t)(size - used), "%s%s = %s%s", i ? ", " : " (",
                         ascii ? optimizer->settings[i].ascii_name : optimizer->settings[i].name, value,
                         i == optimizer->n_settings - 1 ? ")" : "");
    }
}
