/* session: the learner's setup and its cached derivation (see session.h). */
#include "session.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "functions.h"
#include "graph.h"
#include "interrupt.h"
#include "numfmt.h"
#include "quantity.h"
#include "wrap.h"

Session *session_new(FILE *out, FILE *err)
{
    Session *session = calloc(1, sizeof *session);
    if (!session)
        return NULL;
    session->loss = loss_find("half-sse");
    session->learning_rate = 0.1;
    session->use_bias = true;
    session->show_digits = SESSION_DEFAULT_DIGITS;
    session->sample_row = SESSION_SAMPLE_FIRST;
    training_init(&session->training);
    session->out = out;
    session->err = err;
    return session;
}

void session_free(Session *session)
{
    if (!session)
        return;
    deriv_free(session->derivation);
    deriv_free(session->reference);
    net_free(session->completed_net);
    optimizer_reset(&session->completed_optimizer);
    net_free(session->net);
    graph_free(session->graph);
    dataset_free(session->data);
    training_release(&session->training);
    free(session);
}

Names session_names(const Session *session)
{
    return (Names){session->net, session->use_bias, session->graph, session->loss, &session->training.optimizer};
}

Style session_style(const Session *session)
{
    Style style = {session->ascii, session->color,
                   session->round_digits > 0 ? session->round_digits : session->show_digits,
                   session->round_digits > 0 && session->round_places, session->round_digits > 0,
                   session->width == SESSION_WIDTH_TERMINAL ? wrap_terminal_width(fileno(session->out))
                                                            : session->width};
    return style;
}

void session_changed(Session *session, bool fresh)
{
    deriv_free(session->derivation);
    deriv_free(session->reference);
    session->derivation = session->reference = NULL;
    if (!fresh)
        return;
    /* the numbers changed, so the pass just completed is no longer on view */
    net_free(session->completed_net);
    session->completed_net = NULL;
    optimizer_reset(&session->completed_optimizer);
    session->position = 0;
    session->loss_change_told = false;
    /* checked answers belong to the old numbers: keep them for the score,
     * but carry none of them forward */
    for (int i = 0; i < session->n_answers; i++)
        session->answers[i].stale = true;
    if (session->n_overrides > 0) {
        char names[512] = "";
        for (int i = 0; i < session->n_overrides; i++) {
            char name[NAME_MAX];
            size_t used = strlen(names);
            names_name(session_names(session), session->overrides[i].what, name, sizeof name);
            snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", name);
        }
        snprintf(session->notice, sizeof session->notice, "(your own value%s for %s no longer appl%s: the numbers "
                 "changed)", session->n_overrides == 1 ? "" : "s", names, session->n_overrides == 1 ? "ies" : "y");
        session->n_overrides = 0;
    }
}

bool session_take_notice(Session *session, char *out, size_t size)
{
    if (!session->notice[0])
        return false;
    snprintf(out, size, "%s", session->notice);
    session->notice[0] = '\0';
    return true;
}

/* The digits a value is written with when only the number is known. */
static int digits_of(double value)
{
    char text[NUM_TEXT_MAX];
    NumberWritten written;
    num_format(text, sizeof text, value, 15, false);
    return num_parse(text, &value, &written) ? written.significant_digits : 15;
}

/* Keeps a verdict; a second answer for the same quantity replaces the first. */
static bool record_answer(Session *session, const Verdict *verdict, NumberWritten written, const char *text,
                          Error *error)
{
    int slot = session->n_answers;
    for (int i = 0; i < session->n_answers; i++)
        if (quantity_equal(session->answers[i].verdict.what, verdict->what))
            slot = i;
    if (slot == SESSION_MAX_ANSWERS)
        return error_set(error, "at most %d answers are kept: `answers clear` forgets them", SESSION_MAX_ANSWERS);
    Answer *recorded = &session->answers[slot];
    recorded->verdict = *verdict;
    recorded->written = written;
    snprintf(recorded->text, sizeof recorded->text, "%s", text);
    recorded->stale = false;
    if (slot == session->n_answers)
        session->n_answers++;
    session->n_checks++;
    return true;
}

bool session_check(Session *session, Quantity q, const char *text, double answer, NumberWritten written,
                   Verdict *verdict, Error *error)
{
    if (!session->net && !session->graph)
        return error_set(error, "there is no network yet: start with one, such as `network 2-1 sigmoid`");
    /* an expression is graded as a network is, once its inputs have values */
    if (session->graph && !session_derivation(session, error))
        return false;
    /* the learner's values: `use` values first (they are what is carried),
     * then answers checked for the current numbers */
    LearnerValue learner[SESSION_MAX_OVERRIDES + SESSION_MAX_ANSWERS];
    int n = 0;
    for (int i = 0; i < session->n_overrides; i++)
        learner[n++] = (LearnerValue){session->overrides[i].what, session->overrides[i].value,
                                      digits_of(session->overrides[i].value), false, false};
    for (int i = 0; i < session->n_answers; i++)
        if (!session->answers[i].stale && session->answers[i].verdict.grade != GRADE_UNANSWERED)
            learner[n++] = (LearnerValue){session->answers[i].verdict.what, session->answers[i].verdict.answer,
                                          session->answers[i].written.significant_digits, true,
                                          session->answers[i].verdict.grade == GRADE_WRONG};
    DerivationSpec spec = session_spec(session);
    bool graded = grade_answer(&spec, learner, n, q, answer, written, verdict, error);
    if (interrupt_requested())
        return error_set(error, "interrupted");   /* grading was abandoned: nothing is recorded */
    if (!graded)
        return false;
    return record_answer(session, verdict, written, text, error);
}

bool session_unanswered(Session *session, Quantity q, const char *text, Because because, Verdict *verdict,
                        Error *error)
{
    memset(verdict, 0, sizeof *verdict);
    verdict->what = q;
    verdict->grade = GRADE_UNANSWERED;
    verdict->because = because;
    NumberWritten written = {0, 0};
    return record_answer(session, verdict, written, text, error);
}

bool session_failed(const Session *session)
{
    for (int i = 0; i < session->n_answers; i++)
        if (session->answers[i].counts && (session->answers[i].verdict.grade == GRADE_WRONG ||
                                           session->answers[i].verdict.grade == GRADE_UNANSWERED))
            return true;
    return session->had_failure;
}

Score session_score(const Session *session)
{
    Score score = {0, 0, 0, 0, session->n_unreadable};
    for (int i = 0; i < session->n_answers; i++) {
        switch (session->answers[i].verdict.grade) {
        case GRADE_CORRECT: score.correct++; break;
        case GRADE_CARRIED: score.carried++; break;
        case GRADE_WRONG: score.wrong++; break;
        case GRADE_UNANSWERED: score.unanswered++; break;
        }
    }
    return score;
}

static DerivationSpec spec_of(const Session *session, bool reference)
{
    /* the pass just completed started from the parameters before its update */
    DerivationSpec spec = {
        session->completed_net ? session->completed_net : session->net, session->input, session->target, session->loss, session->learning_rate,
        session->use_bias, reference ? 0 : session->round_digits, session->round_places,
        reference ? NULL : session->overrides, reference ? 0 : session->n_overrides, 0, session->graph,
        session->completed_net ? &session->completed_optimizer : &session->training.optimizer,
    };
    return spec;
}

DerivationSpec session_spec(const Session *session) { return spec_of(session, false); }

/* True when the graph can be worked out: it has a formula, and every
 * input it uses has a value. */
static bool graph_ready(const Graph *graph, Error *error)
{
    int output = graph_output(graph);
    if (output < 0)
        return error_set(error, "there is no formula yet: define one, such as `expr y = (3x + 2)^2`");
    for (int i = 0; i < output; i++) {
        const GraphNode *node = &graph->nodes[i];
        if (node->is_input && !node->has_value && graph_reaches_output(graph, i)) {
            char label[GRAPH_LABEL_MAX];
            graph_label(graph, i, label, sizeof label);
            return error_set(error, "%s has no value yet: give it one, such as `set %s 2`", label, label);
        }
    }
    return true;
}

/* Builds spec's derivation, or NULL with error set. */
static Derivation *build(const DerivationSpec *spec, Error *error)
{
    Derivation *derivation = deriv_build(spec);
    if (!derivation) {
        error_set(error, interrupt_requested() ? "interrupted" : "out of memory while building the derivation");
        return NULL;
    }
    if (deriv_problem(derivation)) {
        error_set(error, "%s", deriv_problem(derivation));
        deriv_free(derivation);
        return NULL;
    }
    return derivation;
}

const Derivation *session_derivation(Session *session, Error *error)
{
    if (!session->net && !session->graph) {
        error_set(error, "there is no network yet: start with one, such as `network 2-1 sigmoid`, or define "
                  "a formula, such as `expr y = (3x + 2)^2`");
        return NULL;
    }
    if (session->graph && !graph_ready(session->graph, error))
        return NULL;
    if (!session->derivation) {
        DerivationSpec spec = spec_of(session, false);
        session->derivation = build(&spec, error);
    }
    return session->derivation;
}

void session_switch_modes(Session *session)
{
    bool had = session->n_overrides > 0 || session->n_answers > 0;
    session->n_overrides = 0;
    session->n_answers = 0;
    session->n_checks = 0;
    if (had)
        snprintf(session->notice, sizeof session->notice, "(your checked answers and own values belonged to the "
                 "other mode's numbers: they are cleared)");
}

bool session_numbers_defined(Session *session, Error *error)
{
    if (!session->graph || !graph_ready(session->graph, NULL))
        return true;
    return session_derivation(session, error) != NULL;
}

const Derivation *session_reference(Session *session)
{
    if ((!session->net && !session->graph) || (session->round_digits == 0 && session->n_overrides == 0))
        return NULL;
    if (!session->reference) {
        DerivationSpec spec = spec_of(session, true);
        session->reference = build(&spec, NULL);
    }
    return session->reference;
}

bool session_value(Session *session, Quantity q, double *value, const Step **step, Error *error)
{
    *step = NULL;
    switch (q.kind) {
    case Q_INPUT:
        if (session->graph && !session->graph->nodes[q.row].has_value) {
            const char *name = session->graph->nodes[q.row].name;
            return error_set(error, "%s has no value yet: give it one, such as `set %s 2`", name, name);
        }
        *value = session->graph ? session->graph->nodes[q.row].value : session->input[q.row];
        return true;
    case Q_TARGET: *value = session->target[q.row]; return true;
    case Q_WEIGHT: *value = *net_weight(session->net, q.layer, q.row, q.col); return true;
    case Q_BIAS: *value = *net_bias(session->net, q.layer, q.row); return true;
    case Q_LEARNING_RATE: *value = session->learning_rate; return true;
    case Q_STATE_WEIGHT: case Q_STATE_BIAS: {
        /* the state the pass on view started from, as its derivation reads it */
        const OptimizerState *state = session->completed_net ? &session->completed_optimizer
                                                             : &session->training.optimizer;
        int n_in = session->net->sizes[q.layer - 1];
        int index = q.kind == Q_STATE_WEIGHT ? q.row * n_in + q.col : session->net->sizes[q.layer] * n_in + q.row;
        *value = optimizer_state_value(state, q.slot, q.layer, index);
        return true;
    }
    default: break;
    }
    const Derivation *derivation = session_derivation(session, error);
    if (!derivation)
        return false;
    *step = deriv_find(derivation, q);
    if (!*step && session->graph)
        return graph_unused(session->graph, q, error);
    if (!*step) {
        char name[NAME_MAX], parameter[NAME_MAX];
        names_name(session_names(session), q, name, sizeof name);
        if (quantity_is_state(q) && !quantity_is_whole(q)) {
            Quantity of = quantity_state_parameter(q);
            bool frozen = of.kind == Q_WEIGHT ? *net_weight_frozen(session->net, of.layer, of.row, of.col)
                                              : *net_bias_frozen(session->net, of.layer, of.row);
            names_name(session_names(session), of, parameter, sizeof parameter);
            if (frozen)
                return error_set(error, "%s is frozen, so the update leaves it and its state as they are: "
                                 "there is no %s", parameter, name);
        }
        return error_set(error, "%s is not part of this derivation", name);
    }
    *value = (*step)->value;
    return true;
}

/* False with `error` set when an update step of `derivation` would carry
 * its parameter, or the optimizer's state, beyond SESSION_PARAMETER_LIMIT
 * or to a number that is not finite. */
static bool update_within_limits(const Session *session, const Derivation *derivation, Error *error)
{
    for (int i = deriv_phase_start(derivation, PHASE_UPDATE); i < deriv_n_steps(derivation); i++) {
        const Step *step = deriv_step(derivation, i);
        if (!(fabs(step->value) <= SESSION_PARAMETER_LIMIT)) {
            char name[NAME_MAX], value[NUM_TEXT_MAX];
            names_name(session_names(session), step->what, name, sizeof name);
            if (isfinite(step->value))
                num_format(value, sizeof value, step->value, 3, false);
            else
                snprintf(value, sizeof value, "a number too large to hold");
            return error_set(error, "the update would carry %s to %s, beyond ±1e10, so it was not applied: "
                             "the learning rate is too large for these numbers (try a smaller lr)", name, value);
        }
    }
    return true;
}

bool session_update_allowed(Session *session, Error *error)
{
    if (!session->completed_net) {
        const Derivation *derivation = session_derivation(session, error);
        return derivation && update_within_limits(session, derivation, error);
    }
    /* the next pass: the parameters and the optimizer's state as they are
     * now, without the learner's values, which belonged to the pass just
     * completed */
    DerivationSpec spec = spec_of(session, false);
    spec.net = session->net;
    spec.optimizer = &session->training.optimizer;
    spec.overrides = NULL;
    spec.n_overrides = 0;
    Derivation *next = deriv_build(&spec);
    if (!next)
        return error_set(error, "out of memory while building the derivation");
    bool allowed = update_within_limits(session, next, error);
    deriv_free(next);
    return allowed;
}

bool session_apply_update(Session *session, Error *error)
{
    if (session->completed_net)
        return error_set(error, "this pass has been applied already: `forward` starts the next");
    if (!session_update_allowed(session, error))
        return false;
    OptimizerState *optimizer = &session->training.optimizer;
    Net *before = net_copy(session->net);
    OptimizerState state_before = {0};
    if (!before || !optimizer_prepare(optimizer, session->net) ||
        !optimizer_copy(&state_before, optimizer, session->net)) {
        net_free(before);
        optimizer_reset(&state_before);
        return error_set(error, "out of memory while applying the update");
    }
    const Derivation *derivation = session->derivation;
    const Derivation *reference = session_reference(session);   /* built before the parameters change */
    session->previous_loss = deriv_loss(derivation);
    session->previous_exact_loss = deriv_loss(reference ? reference : derivation);
    session->has_previous_loss = true;
    for (int i = deriv_phase_start(derivation, PHASE_UPDATE); i < deriv_n_steps(derivation); i++) {
        const Step *step = deriv_step(derivation, i);
        Quantity q = step->what;
        if (q.kind == Q_NEW_STATE_WEIGHT || q.kind == Q_NEW_STATE_BIAS) {
            /* state values in Net.weights' layout, then the biases' */
            int n_in = session->net->sizes[q.layer - 1];
            int index = q.kind == Q_NEW_STATE_WEIGHT ? q.row * n_in + q.col : session->net->sizes[q.layer] * n_in + q.row;
            optimizer->state[q.slot][q.layer][index] = step->value;
            continue;
        }
        if (!deriv_step_updates_parameter(step))
            continue;   /* adam's m̂ and v̂ are worked out within the step, not kept */
        double *param = q.kind == Q_WEIGHT ? net_weight(session->net, q.layer, q.row, q.col)
                                           : net_bias(session->net, q.layer, q.row);
        *param = step->value;
    }
    optimizer->steps++;
    /* the derivation and its reference were built from the parameters and
     * state now in `before` and `state_before`, so they stay valid as the
     * pass just completed */
    net_free(session->completed_net);
    session->completed_net = before;
    optimizer_reset(&session->completed_optimizer);
    session->completed_optimizer = state_before;
    session->position = deriv_n_steps(derivation);
    return true;
}

bool session_pass_completed(const Session *session) { return session->completed_net != NULL; }

void session_next_pass(Session *session)
{
    if (session->completed_net)
        session_changed(session, true);
}
