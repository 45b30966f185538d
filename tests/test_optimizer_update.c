/* The narrated update against the optimizer table, and against NumPy.
 *
 * `update` narrates one step of the session's optimizer (deriv_update.c),
 * and training moves parameters with the table's step() (optimizer.h).
 * Here the two must agree to the last bit: for networks of one neuron,
 * 2-3-1, with frozen parameters and without biases, under momentum,
 * rmsprop and adam, from state that is not 0, at step 1 and step 5, every
 * new parameter and state value of the derivation is == what step()
 * makes of the same numbers, and `update` writes exactly those into the
 * session's optimizer.
 *
 * Then numbers that backstep did not produce: NumPy's (NumPy 1.24.2,
 * tests/numpy_training_expected.py, section
 * `optimizers`) for one and two steps of each optimizer on lesson 000's
 * neuron, asserted with `expect` to 6 significant digits.  The optimizer
 * is chosen here with optimizer_choose, as the `optimizer` command does. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "deriv.h"
#include "names.h"
#include "numfmt.h"
#include "optimizer.h"
#include "script.h"
#include "session.h"
#include "tap.h"

static FILE *narration;   /* what the commands print; read back where a test needs the words */

static Status run(Session *session, const char *line)
{
    Error error = {0};
    Status status = script_execute(session, line, &error);
    if (status == STATUS_ERROR)
        printf("# %s: %s\n", line, error.message);
    return status;
}

static Session *session_with(const char *const *setup)
{
    Session *session = session_new(narration, narration);
    for (int i = 0; setup[i]; i++)
        if (run(session, setup[i]) != STATUS_OK)
            tap_ok(false, "setup line `%s`", setup[i]);
    return session;
}

static bool choose(Session *session, const char *name, const double *settings, int n_settings)
{
    Error error = {0};
    bool chosen = optimizer_choose(&session->training.optimizer, optimizer_find(name), settings, n_settings, &error);
    session_changed(session, true);
    return tap_ok(chosen, "optimizer_choose %s%s%s", name, chosen ? "" : ": ", chosen ? "" : error.message);
}

/* ---- the derivation against step() ------------------------------------- */

static const char *const LESSON_NEURON[] = {
    "network 2-1 sigmoid", "input 2 3", "target 1", "set w1 0.5", "set w2 -0.2", "set b 1", "lr 0.1",
    "loss half-sse", NULL,
};
static const char *const WIDE[] = {
    "network 2-3-1 sigmoid", "init xavier seed 7", "input 0.5 -1", "target 0.3", "set b1[2] 0.1", "set b2 -0.2",
    "lr 0.5", NULL,
};
static const char *const WIDE_FROZEN[] = {
    "network 2-3-1 tanh", "init xavier seed 9", "input 1 2", "target 0.7", "set b1[1] 0.3", "freeze W1[2,1] b2",
    "freeze W2[1,3]", NULL,
};
static const char *const NO_BIASES[] = {
    "network 3-2-1 sigmoid", "bias off", "init xavier seed 11", "input 1 2 -1", "target 0.5", "lr 0.3", NULL,
};

/* A state value that is not 0: any sign for momentum's v and adam's m,
 * at least 0 for a mean of squares (rmsprop's cache, adam's v). */
static double earlier_state(const char *optimizer, int slot, int layer, int index)
{
    double wave = sin(1.7 * layer + 0.9 * index + 2.3 * slot);
    bool squares = strcmp(optimizer, "rmsprop") == 0 || slot == 1;
    return squares ? 0.002 * (1.5 + wave) : 0.01 * wave;
}

/* Compares every update of the derivation with step(), then applies it. */
static void compare_with_table(const char *label, const char *const *setup, const char *name, const double *settings,
                               int n_settings, long t)
{
    Session *session = session_with(setup);
    if (!choose(session, name, settings, n_settings)) {
        session_free(session);
        return;
    }
    OptimizerState *state = &session->training.optimizer;
    const Optimizer *optimizer = state->optimizer;
    const Net *net = session->net;
    optimizer_prepare(state, net);
    for (int s = 0; s < optimizer->n_state; s++)
        for (int l = 1; l <= net->n_layers; l++)
            for (int i = 0; i < net->sizes[l] * (net->sizes[l - 1] + 1); i++)
                state->state[s][l][i] = earlier_state(name, s, l, i);
    state->steps = t - 1;
    session_changed(session, true);
    Error error = {0};
    const Derivation *d = session_derivation(session, &error);
    if (!tap_ok(d != NULL, "%s, %s, t = %ld: the derivation builds", label, name, t)) {
        session_free(session);
        return;
    }
    /* what step() makes of each parameter: its new value and state */
    double expected_value[NET_MAX_LAYERS + 1][NET_MAX_WIDTH * (NET_MAX_WIDTH + 1)];
    double expected_state[OPTIMIZER_MAX_STATE][NET_MAX_LAYERS + 1][NET_MAX_WIDTH * (NET_MAX_WIDTH + 1)];
    int compared = 0, differ = 0;
    for (int l = 1; l <= net->n_layers; l++) {
        int n_in = net->sizes[l - 1], n = net->sizes[l];
        for (int i = 0; i < n * (n_in + 1); i++) {
            bool bias = i >= n * n_in;
            if (bias && !session->use_bias)
                continue;
            int row = bias ? i - n * n_in : i / n_in, col = bias ? 0 : i % n_in;
            Quantity param = bias ? (Quantity){Q_BIAS, l, row, 0, 0} : (Quantity){Q_WEIGHT, l, row, col, 0};
            Quantity gradient = bias ? (Quantity){Q_DL_DB, l, row, 0, 0} : (Quantity){Q_DL_DW, l, row, col, 0};
            double value = bias ? *net_bias(net, l, row) : *net_weight(net, l, row, col);
            bool frozen = bias ? *net_bias_frozen(net, l, row) : *net_weight_frozen(net, l, row, col);
            double kept[OPTIMIZER_MAX_STATE] = {0};
            for (int s = 0; s < optimizer->n_state; s++)
                kept[s] = state->state[s][l][i];
            double before[OPTIMIZER_MAX_STATE];
            memcpy(before, kept, sizeof before);
            expected_value[l][i] = frozen ? value
                                          : optimizer->step(state->settings, kept, value,
                                                            deriv_find(d, gradient)->value, session->learning_rate, t);
            for (int s = 0; s < optimizer->n_state; s++)
                expected_state[s][l][i] = kept[s];
            const Step *updated = deriv_find(d, quantity_updated(param));
            compared++;
            if (!updated || updated->value != expected_value[l][i]) {
                if (!differ++)
                    printf("# %s: parameter %d of layer %d: %.17g, step() %.17g\n", label, i, l,
                           updated ? updated->value : NAN, expected_value[l][i]);
            }
            for (int s = 0; s < optimizer->n_state; s++) {
                const Step *step = deriv_find(d, quantity_state_of(Q_NEW_STATE_WEIGHT, param, s));
                compared++;
                bool same = frozen ? step == NULL && kept[s] == before[s] : step && step->value == kept[s];
                if (!same && !differ++)
                    printf("# %s: state %d of parameter %d of layer %d: %.17g, step() %.17g\n", label, s, i, l,
                           step ? step->value : NAN, kept[s]);
            }
            if (optimizer->bias_corrected && !frozen)
                for (int s = 0; s < 2; s++) {
                    /* m̂ and v̂ as step() works them out inside */
                    double hat = kept[s] / (1 - pow(state->settings[s], (double)t));
                    const Step *step = deriv_find(d, quantity_state_of(Q_HAT_WEIGHT, param, s));
                    compared++;
                    if (!(step && step->value == hat) && !differ++)
                        printf("# %s: corrected state %d of parameter %d of layer %d\n", label, s, i, l);
                }
        }
    }
    tap_ok(differ == 0 && compared > 0, "%s, %s, t = %ld: %d values of the derivation == step()'s", label, name, t,
           compared);

    /* `update` writes them: the parameters, the state, the step count */
    tap_ok(run(session, "update") == STATUS_OK, "%s, %s, t = %ld: update", label, name, t);
    differ = 0;
    for (int l = 1; l <= net->n_layers; l++) {
        int n_in = net->sizes[l - 1], n = net->sizes[l];
        for (int i = 0; i < n * (n_in + 1); i++) {
            bool bias = i >= n * n_in;
            if (bias && !session->use_bias)
                continue;
            double value = bias ? *net_bias(net, l, i - n * n_in) : net->weights[l][i];
            differ += value != expected_value[l][i];
            for (int s = 0; s < optimizer->n_state; s++)
                differ += state->state[s][l][i] != expected_state[s][l][i];
        }
    }
    tap_ok(differ == 0 && state->steps == t, "%s, %s, t = %ld: update wrote step()'s parameters and state, steps %ld",
           label, name, t, state->steps);
    session_free(session);
}

/* ---- NumPy's numbers ------------------------------------------------------ */

/* From numpy_training_expected.txt, section optimizers, to 6 significant
 * digits: after step 1, then after step 2, with the loss after each. */
static const char *const NUMPY_STEPS[][2][20] = {
    {{"sgd", "w1 0.506278", "w2 -0.190583", "b 1.00314", NULL},
     {"L 0.0182281", "w1 0.512177", "w2 -0.181734", "b 1.00609", NULL}},
    {{"momentum", "v_w1_new 0.00627809", "v_w2_new 0.00941713", "v_b_new 0.00313904", "w1 0.506278",
      "w2 -0.190583", "b 1.00314", NULL},
     {"L 0.0182281", "v_w1 0.00627809", "v_w1_new 0.0115494", "v_w2_new 0.0173240", "v_b_new 0.00577468",
      "w1 0.517827", "w2 -0.173259", "b 1.00891", NULL}},
    {{"rmsprop", "cache_w1_new 0.000394144", "cache_w2_new 0.000886823", "cache_b_new 0.0000985359",
      "w1 0.816228", "w2 0.116228", "b 1.31623", NULL},
     {"L 0.000635877", "cache_w1 0.000394144", "cache_w1_new 0.000355331", "cache_w2_new 0.000799494",
      "cache_b_new 0.0000888327", "w1 0.829240", "w2 0.129240", "b 1.32924", NULL}},
    {{"adam", "m_w1_new -0.00627809", "m_w2_new -0.00941713", "m_b_new -0.00313904", "v_w1_new 0.00000394144",
      "v_w2_new 0.00000886823", "v_b_new 9.85359e-7", "m̂_w1 -0.0627809", "mhat_w2 -0.0941713", "mhat_b -0.0313904",
      "v̂_w1 0.00394144", "vhat_w2 0.00886823", "vhat_b 0.000985359", "w1 0.600000", "w2 -0.100000", "b 1.10000"},
     {"L 0.00710467", "m_w1_new -0.00815339", "m_w2_new -0.0122301", "m_b_new -0.00407669",
      "v_w1_new 4.56405e-6", "v_w2_new 1.02691e-5", "v_b_new 1.14101e-6", "mhat_w1 -0.0429126",
      "mhat_w2 -0.0643688", "mhat_b -0.0214563", "vhat_w1 0.00228317", "vhat_w2 0.00513713",
      "vhat_b 0.000570792", "w1 0.689808", "w2 -0.0101919", "b 1.18981"}},
};

static void expect_lines(Session *session, const char *optimizer, int step, const char *const *lines, int most)
{
    for (int i = 0; i < most && lines[i]; i++) {
        char line[160];
        snprintf(line, sizeof line, "expect %s", lines[i]);
        tap_ok(run(session, line) == STATUS_OK, "NumPy, %s, after step %d: %s", optimizer, step, line);
    }
}

static void compare_with_numpy(void)
{
    for (size_t o = 0; o < sizeof NUMPY_STEPS / sizeof NUMPY_STEPS[0]; o++) {
        const char *name = NUMPY_STEPS[o][0][0];
        Session *session = session_with(LESSON_NEURON);
        choose(session, name, NULL, 0);
        tap_ok(run(session, "update") == STATUS_OK, "NumPy, %s: update 1", name);
        expect_lines(session, name, 1, NUMPY_STEPS[o][0] + 1, 20);
        tap_ok(run(session, "forward") == STATUS_OK && run(session, "loss") == STATUS_OK, "NumPy, %s: next pass",
               name);
        expect_lines(session, name, 2, NUMPY_STEPS[o][1], 1);   /* L: the loss after step 1 */
        tap_ok(run(session, "update") == STATUS_OK, "NumPy, %s: update 2", name);
        expect_lines(session, name, 2, NUMPY_STEPS[o][1] + 1, 20);
        tap_ok(session->training.optimizer.steps == 2, "NumPy, %s: two steps counted", name);
        if (o == 1)   /* an expect that must fail does: a digit off */
            tap_ok(run(session, "expect v_w1_new 0.0115495") == STATUS_FAILED,
                   "NumPy, momentum: expect with a digit off fails");
        session_free(session);
    }
}

/* ---- names, words, hand mode, limits ---------------------------------- */

static char *narrated(void)
{
    fflush(narration);
    long size = ftell(narration);
    char *text = calloc((size_t)size + 1, 1);
    rewind(narration);
    if (text && fread(text, 1, (size_t)size, narration) != (size_t)size)
        text[0] = '\0';
    rewind(narration);
    return text;
}

static void names_and_words(void)
{
    Session *session = session_with(LESSON_NEURON);
    Quantity q, hat;
    Error error = {0};
    bool parsed = names_parse(session_names(session), "v_w1", &q, &error);
    tap_ok(!parsed && strstr(error.message, "sgd keeps no v; momentum and adam do"),
           "under sgd, v_w1 says which optimizers keep v: %s", error.message);
    choose(session, "adam", NULL, 0);
    tap_ok(names_parse(session_names(session), "mhat_w1", &q, &error) &&
               names_parse(session_names(session), "m̂_w1", &hat, &error) && quantity_equal(q, hat) &&
               q.kind == Q_HAT_WEIGHT && q.slot == 0,
           "mhat_w1 and m̂_w1 are adam's m̂ of w1");
    char name[NAME_MAX];
    names_name(session_names(session), (Quantity){Q_NEW_STATE_BIAS, 1, 0, 0, 1}, name, sizeof name);
    tap_ok(strcmp(name, "v_b_new") == 0, "adam's second state of b after the step is v_b_new: %s", name);
    parsed = names_parse(session_names(session), "cache_w1", &q, &error);
    tap_ok(!parsed && strstr(error.message, "adam keeps no cache; rmsprop does"), "under adam: %s", error.message);

    /* ASCII: mhat, sqrt(...), beta */
    run(session, "ascii on");
    rewind(narration);
    run(session, "update");
    char *text = narrated();
    bool ascii = text != NULL;
    for (const char *p = text; p && *p; p++)
        ascii = ascii && (unsigned char)*p < 0x80;
    tap_ok(ascii && strstr(text, "mhat_w1 = m_w1_new / (1 - beta1^t)") &&
               strstr(text, "w1 - lr * mhat_w1 / (sqrt(vhat_w1) + eps)") && strstr(text, "(1 - 0.9^1)"),
           "adam's update in ASCII");
    free(text);

    /* check grades the new names by value */
    tap_ok(run(session, "check mhat_w1 -0.0628") == STATUS_OK && run(session, "check v_w1_new 0.5") == STATUS_OK &&
               session_score(session).correct == 1 && session_score(session).wrong == 1,
           "check: m̂_w1 right, v_w1_new wrong");
    session_free(session);
}

static void hand_mode(void)
{
    Session *session = session_with(LESSON_NEURON);
    choose(session, "momentum", NULL, 0);
    run(session, "round 3");
    Error error = {0};
    const Derivation *d = session_derivation(session, &error);
    bool rounded = d != NULL;
    for (int i = d ? deriv_phase_start(d, PHASE_UPDATE) : 0; d && i < deriv_n_steps(d); i++) {
        const Step *step = deriv_step(d, i);
        rounded = rounded && step->value == num_round_sig(step->computed, 3) && !step->writes_change;
    }
    tap_ok(rounded, "round 3: every step of momentum's update is rounded as it is carried");
    session_free(session);
}

static void limits(void)
{
    Session *session = session_with(LESSON_NEURON);
    choose(session, "momentum", NULL, 0);
    OptimizerState *state = &session->training.optimizer;
    optimizer_prepare(state, session->net);
    state->state[0][1][0] = 2e10;   /* v_w1: 0.9 × v_w1 passes 1e10 */
    session_changed(session, true);
    Error error = {0};
    bool allowed = session_update_allowed(session, &error);
    tap_ok(!allowed && strstr(error.message, "v_w1_new") && run(session, "update") == STATUS_ERROR &&
               *net_weight(session->net, 1, 0, 0) == 0.5 && state->steps == 0 && state->state[0][1][0] == 2e10,
           "an update carrying v_w1 past 1e10 is refused, changing nothing: %s", error.message);
    session_free(session);
}

/* A new network starts the optimizer's state at 0, sized for its shape. */
static void new_network(void)
{
    Session *session = session_with(LESSON_NEURON);
    choose(session, "adam", NULL, 0);
    run(session, "update");
    bool reset = run(session, "network 2-3-1 sigmoid") == STATUS_OK && session->training.optimizer.steps == 0 &&
                 session->training.optimizer.state[0][1] == NULL;
    tap_ok(reset && run(session, "init xavier seed 2") == STATUS_OK && run(session, "update") == STATUS_OK &&
               run(session, "expect m_W1[3,2] 0") == STATUS_OK && session->training.optimizer.steps == 1,
           "a new network starts adam's state at 0 and steps it at its own shape");
    session_free(session);
}

int main(void)
{
    narration = tmpfile();
    if (!narration)
        return 99;
    static const double MOMENTUM[] = {0.8}, RMSPROP[] = {0.95}, ADAM[] = {0.85, 0.99, 1e-7};
    const struct {
        const char *label;
        const char *const *setup;
    } NETWORKS[] = {{"one neuron", LESSON_NEURON}, {"2-3-1", WIDE}, {"2-3-1 frozen", WIDE_FROZEN},
                    {"3-2-1 without biases", NO_BIASES}};
    for (size_t n = 0; n < sizeof NETWORKS / sizeof NETWORKS[0]; n++)
        for (long t = 1; t <= 5; t += 4) {
            compare_with_table(NETWORKS[n].label, NETWORKS[n].setup, "momentum", MOMENTUM, 1, t);
            compare_with_table(NETWORKS[n].label, NETWORKS[n].setup, "rmsprop", RMSPROP, 1, t);
            compare_with_table(NETWORKS[n].label, NETWORKS[n].setup, "adam", ADAM, 3, t);
            compare_with_table(NETWORKS[n].label, NETWORKS[n].setup, "adam", NULL, 0, t);
        }
    compare_with_numpy();
    names_and_words();
    hand_mode();
    limits();
    new_network();
    fclose(narration);
    return tap_done();
}
