/* commands_stepping: the commands that narrate and look: forward, backward,
 * update, step, run, restart and back move through the derivation; show, expect
 * and state look at it without moving. */
#include "command_handlers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "escape.h"
#include "functions.h"
#include "hand_range.h"
#include "grade.h"
#include "interrupt.h"
#include "literal.h"
#include "numfmt.h"
#include "quantity.h"
#include "script.h"
#include "suggest.h"
#include "wrap.h"

/* ---- stepping -------------------------------------------------------- */

static const char *const PHASE_NAMES[N_PHASES] = {"forward", "loss", "backward", "update"};

/* After an update, says once per pass how L changed.  When the carried
 * digits hide the change, the exact values show it. */
static void loss_comparison(Session *session, const Derivation *derivation)
{
    if (!session->has_previous_loss || session->loss_change_told)
        return;
    session->loss_change_told = true;
    Style style = session_style(session);
    double loss = deriv_loss(derivation);
    const Derivation *reference = session_reference(session);
    double exact = deriv_loss(reference ? reference : derivation);
    char before[NUM_TEXT_MAX], after[NUM_TEXT_MAX];
    narr_number(&style, session->previous_loss, before, sizeof before);
    narr_number(&style, loss, after, sizeof after);
    if (strcmp(before, after) != 0) {
        char change[NUM_TEXT_MAX];
        narr_number(&style, fabs(loss - session->previous_loss), change, sizeof change);
        narr_printf(session->out, &style, "  After the update, L went %s: %s → %s (by %s).\n",
                    loss < session->previous_loss ? "down" : "up", before, after, change);
        return;
    }
    num_format(before, sizeof before, session->previous_exact_loss, 5, true);
    num_format(after, sizeof after, exact, 5, true);
    const char *verdict = exact < session->previous_exact_loss ? "went down" : exact > session->previous_exact_loss
                                                                              ? "went up" : "did not change";
    narr_printf(session->out, &style, "  After the update, L shows no change at these digits; in exact arithmetic "
                "it %s: %s → %s.\n", verdict, before, after);
}

/* Narrates steps [from, to).  With `detail layer`, each whole group of a
 * layer is narrated at once; a group begun a step at a time (before
 * `detail layer` was given) is finished a step at a time. */
static void narrate_steps(Session *session, const Derivation *derivation, int from, int to)
{
    Style style = session_style(session);
    const Derivation *reference = session_reference(session);
    for (int i = from; i < to && !interrupt_requested();) {
        const Step *step = deriv_step(derivation, i);
        /* in layer detail a layer's group is narrated whole (its end is only sought then: it is a walk) */
        int group_end = session->detail == DETAIL_LAYER && session->net ? narr_layer_group_end(derivation, i) : to + 1;
        if (group_end <= to && narr_layer_group_starts(derivation, i)) {
            narr_layer(session->out, &style, session_names(session), derivation, reference, i);
            if (step->phase == PHASE_LOSS)
                loss_comparison(session, derivation);
            i = group_end;
            continue;
        }
        narr_step(session->out, &style, session_names(session), step, reference ? deriv_step(reference, i) : NULL);
        if (step->what.kind == Q_LOSS && step->phase == PHASE_LOSS)
            loss_comparison(session, derivation);
        i++;
    }
}

/* The position `count` steps on from `from`: with `detail layer`, a step
 * is the rest of a layer's group. */
static int steps_on(const Session *session, const Derivation *derivation, int from, int count)
{
    int total = deriv_n_steps(derivation);
    if (count < 0 || from >= total)
        return total;
    if (session->detail != DETAIL_LAYER || !session->net)   /* an expression has no layers */
        return from + count > total ? total : from + count;
    int end = from;
    for (int i = 0; i < count && end < total; i++)
        end = narr_layer_group_end(derivation, end);
    return end;
}

/* Ctrl-C stopped a narration: the stepping position and what was said of
 * the loss go back to what they were before the command. */
static Status abandon_narration(Session *session, int position, bool loss_change_told, Error *error)
{
    session->position = position;
    session->loss_change_told = loss_change_told;
    return error_set(error, "interrupted"), STATUS_ERROR;
}

static Status finish_update(Session *session, Error *error)
{
    if (!session_apply_update(session, error))
        return STATUS_ERROR;
    say_line(session, "  The parameters now hold their new values; `forward` starts the next pass with them.\n"
                      "  Until then, check, show and explain read the pass just completed.");
    return STATUS_OK;
}

Status narrate_phase(Session *session, Phase phase, Error *error)
{
    if (phase == PHASE_UPDATE && session->graph)
        return error_set(error, "an expression has no parameters to update: `backward` gives its derivatives"),
               STATUS_ERROR;
    if (!need_model(session, error))
        return STATUS_ERROR;
    /* an update that cannot be applied is refused before a line of it is narrated */
    if (phase == PHASE_UPDATE && !session_update_allowed(session, error))
        return STATUS_ERROR;
    session_next_pass(session);
    say_notice(session);
    const Derivation *derivation = session_derivation(session, error);
    if (!derivation)
        return STATUS_ERROR;
    int start = deriv_phase_start(derivation, phase), end = deriv_phase_start(derivation, (Phase)(phase + 1));
    if (session->position < start) {
        char skipped[128] = "";
        for (int p = 0; p < (int)phase; p++)
            if (session->position < deriv_phase_start(derivation, (Phase)(p + 1)) &&
                deriv_phase_start(derivation, (Phase)p) < deriv_phase_start(derivation, (Phase)(p + 1))) {
                size_t used = strlen(skipped);
                snprintf(skipped + used, sizeof skipped - used, "%s`%s`", used ? ", " : "", PHASE_NAMES[p]);
            }
        Style style = session_style(session);
        narr_printf(session->out, &style, "(computed first, without narration: %s)\n", skipped);
    }
    bool loss_change_told = session->loss_change_told;
    narrate_steps(session, derivation, start, end);
    if (interrupt_requested())
        return abandon_narration(session, session->position, loss_change_told, error);
    if (session->position < end)
        session->position = end;
    if (phase == PHASE_FORWARD)
        loss_comparison(session, derivation);
    if (phase == PHASE_UPDATE)
        return finish_update(session, error);
    return STATUS_OK;
}

Status cmd_forward(Session *session, const Args *args, Error *error)
{
    (void)args;
    return narrate_phase(session, PHASE_FORWARD, error);
}

Status cmd_backward(Session *session, const Args *args, Error *error)
{
    (void)args;
    return narrate_phase(session, PHASE_BACKWARD, error);
}

Status cmd_update(Session *session, const Args *args, Error *error)
{
    (void)args;
    return narrate_phase(session, PHASE_UPDATE, error);
}

/* Narrates `count` steps from the current position (all remaining when count < 0). */
static Status advance(Session *session, int count, Error *error)
{
    const Derivation *derivation = session_derivation(session, error);
    if (!derivation)
        return STATUS_ERROR;
    /* a pass just completed gives way to the next, which has as many steps */
    int from = session_pass_completed(session) ? 0 : session->position;
    int total = deriv_n_steps(derivation);
    if (session->graph && from == total) {   /* an expression has no update: its next pass starts over */
        say_line(session, "(every step was narrated: from the first again)");
        from = 0;
    }
    int end = steps_on(session, derivation, from, count);
    /* an update that cannot be applied is refused before a line of it is narrated */
    if (end > deriv_phase_start(derivation, PHASE_UPDATE) && !session_update_allowed(session, error))
        return STATUS_ERROR;
    session_next_pass(session);
    say_notice(session);
    if (!(derivation = session_derivation(session, error)))
        return STATUS_ERROR;
    bool loss_change_told = session->loss_change_told;
    narrate_steps(session, derivation, from, end);
    if (interrupt_requested())
        return abandon_narration(session, from, loss_change_told, error);
    session->position = end;
    if (end == total && session->net)
        return finish_update(session, error);
    return STATUS_OK;
}

Status cmd_step(Session *session, const Args *args, Error *error)
{
    int count = 1;
    if (args->count == 1) {
        char *end;
        long value = strtol(args->words[0], &end, 10);
        if (*end || value < 1 || value > 100000)
            return error_set(error, "step takes a count of steps, such as `step 3`, not '%s'", args->words[0]),
                   STATUS_ERROR;
        count = (int)value;
    }
    return advance(session, count, error);
}

Status cmd_run(Session *session, const Args *args, Error *error)
{
    (void)args;
    return advance(session, -1, error);
}

Status cmd_restart(Session *session, const Args *args, Error *error)
{
    (void)args;
    if (!need_model(session, error))
        return STATUS_ERROR;
    session_next_pass(session);
    session->position = 0;
    return STATUS_OK;
}

/* Where `back count` takes the stepping position from `position`, or -1
 * when fewer than `count` steps of this pass have been narrated (*narrated
 * says how many).  It counts as `step` does: with `detail layer` (on a
 * network), a step is a layer's group, and a group begun a step at a time
 * counts as one, so going back one from inside it goes to its start. */
static int steps_back(const Session *session, const Derivation *derivation, int position, int count, int *narrated)
{
    if (session->detail != DETAIL_LAYER || !session->net) {
        *narrated = position;
        return position - count >= 0 ? position - count : -1;
    }
    *narrated = 0;
    for (int start = 0; start < position; start = narr_layer_group_end(derivation, start))
        (*narrated)++;
    if (count > *narrated)
        return -1;
    int start = 0;
    for (int group = 0; group < *narrated - count; group++)
        start = narr_layer_group_end(derivation, start);
    return start;
}

/* `back N` moves the stepping position back N steps, so that `step`
 * narrates them again from the same numbers; it computes nothing and
 * changes nothing else.  Going back further than this pass has been
 * narrated is refused rather than stopped at the first step: a learner who
 * typed `back 5` after 3 steps has miscounted, and `restart` goes to the
 * first.  Once the update has been applied the pass is over: its new
 * parameters are in the network, so narrating its update again would
 * apply it twice; back is refused then, and show, check and explain still
 * read that pass. */
Status cmd_back(Session *session, const Args *args, Error *error)
{
    int count = 1;
    if (args->count == 1) {
        char *end;
        long value = strtol(args->words[0], &end, 10);
        if (*end || end == args->words[0] || value < 1 || value > 100000)
            return error_set(error, "back takes a number of steps to go back, a whole number from 1 (`back 2`), "
                             "not '%s'", args->words[0]), STATUS_ERROR;
        count = (int)value;
    }
    if (!need_model(session, error))
        return STATUS_ERROR;
    if (session_pass_completed(session))
        return error_set(error, "the update was applied: the parameters hold their new values, so this pass cannot "
                         "be stepped again (show, check and explain still read it; `forward` starts the next)"),
               STATUS_ERROR;
    const Derivation *derivation = session_derivation(session, error);
    if (!derivation)
        return STATUS_ERROR;
    int total = deriv_n_steps(derivation);
    int position = session->position < total ? session->position : total;
    bool layers = session->detail == DETAIL_LAYER && session->net;
    if (position == 0)
        return error_set(error, "stepping is at the first step of this pass: there is no step to go back to"),
               STATUS_ERROR;
    int narrated;
    int target = steps_back(session, derivation, position, count, &narrated);
    if (target < 0)
        return error_set(error, "only %d %s of this pass %s been narrated: `back %d` (or `restart`) goes back "
                         "to the first", narrated, layers ? (narrated == 1 ? "layer group" : "layer groups")
                                                          : (narrated == 1 ? "step" : "steps"),
                         narrated == 1 ? "has" : "have", narrated), STATUS_ERROR;
    /* the loss step will be narrated again, and with it how L changed since the last update */
    for (int i = target; i < position; i++) {
        const Step *step = deriv_step(derivation, i);
        if (step->phase == PHASE_LOSS && step->what.kind == Q_LOSS)
            session->loss_change_told = false;
    }
    session->position = target;
    const Step *next = deriv_step(derivation, target);
    char name[NAME_MAX], line[NAME_MAX + 160];
    Quantity what = next->what;   /* an update step records the parameter; it computes w1_new */
    if (next->phase == PHASE_UPDATE && (what.kind == Q_WEIGHT || what.kind == Q_BIAS))
        what.kind = what.kind == Q_WEIGHT ? Q_NEW_WEIGHT : Q_NEW_BIAS;
    names_name(session_names(session), what, name, sizeof name);
    if (layers && narr_layer_group_end(derivation, target) > target + 1)
        snprintf(line, sizeof line, "back to step %d of %d (%s): `step` narrates %s and the rest of its group again",
                 target + 1, total, PHASE_NAMES[next->phase], name);
    else
        snprintf(line, sizeof line, "back to step %d of %d (%s): `step` narrates %s again", target + 1, total,
                 PHASE_NAMES[next->phase], name);
    say_line(session, line);
    return STATUS_OK;
}

/* ---- looking ---------------------------------------------------------- */

static Status show_one(Session *session, const char *name, Error *error)
{
    if (strcmp(name, "lr") == 0 && !session->graph)
        return cmd_lr(session, &(Args){0, {0}, NULL, 0}, error);
    if (!need_model(session, error))
        return STATUS_ERROR;
    Quantity q;
    if (!names_parse(session_names(session), name, &q, error))
        return STATUS_ERROR;
    Style style = session_style(session);
    const Derivation *reference = session_reference(session);
    if (!quantity_is_whole(q)) {
        double value;
        const Step *step;
        if (!session_value(session, q, &value, &step, error))
            return STATUS_ERROR;
        const Step *reference_step = reference && step ? deriv_find(reference, q) : NULL;
        narr_value(session->out, &style, session_names(session), name, value, step, reference_step);
        if (quantity_is_parameter(q) && session_pass_completed(session)) {
            double before = q.kind == Q_WEIGHT ? *net_weight(session->completed_net, q.layer, q.row, q.col)
                                               : *net_bias(session->completed_net, q.layer, q.row);
            char text[NUM_TEXT_MAX];
            narr_carried(&style, before, text, sizeof text);
            if (before != value)
                narr_printf(session->out, &style, "  (its value since the update, %s_new; the pass just completed "
                            "used %s)\n", name, text);
        }
        return STATUS_OK;
    }
    int rows, cols;
    names_shape(session_names(session), q, &rows, &cols);
    double values[NET_MAX_WIDTH * NET_MAX_WIDTH];
    for (int j = 0; j < rows; j++)
        for (int k = 0; k < cols; k++) {
            const Step *step;
            if (!session_value(session, quantity_element(q, j, k), &values[j * cols + k], &step, error))
                return STATUS_ERROR;
        }
    char caption[128] = "";
    if (cols > 1 && net_is_single_neuron(session->net))
        snprintf(caption, sizeof caption, q.kind == Q_WEIGHT ? "(w1 to w%d: the neuron's weight on each input)"
                                                             : "(one for each weight, w1 to w%d)", cols);
    else if (cols > 1)
        snprintf(caption, sizeof caption, "(%dx%d: row j is neuron j of layer %d, column k is its input k)", rows,
                 cols, q.layer);
    narr_matrix(session->out, &style, name, values, rows, cols, caption[0] ? caption : NULL);
    return STATUS_OK;
}

Status cmd_show(Session *session, const Args *args, Error *error)
{
    /* check every name first, so that a bad name prints nothing */
    if (session->net || session->graph)
        for (int i = 0; i < args->count; i++) {
            Quantity q;
            if (strcmp(args->words[i], "lr") != 0 &&
                !names_parse(session_names(session), args->words[i], &q, error))
                return STATUS_ERROR;
        }
    for (int i = 0; i < args->count; i++) {
        Status status = show_one(session, args->words[i], error);
        if (status != STATUS_OK)
            return status;
    }
    return STATUS_OK;
}

Status cmd_expect(Session *session, const Args *args, Error *error)
{
    if (!need_model(session, error))
        return STATUS_ERROR;
    Quantity q;
    if (!names_parse(session_names(session), args->words[0], &q, error))
        return STATUS_ERROR;
    if (quantity_is_whole(q)) {
        int rows, cols;
        names_shape(session_names(session), q, &rows, &cols);
        return error_set(error, "expect checks one number: name an element, such as %s[1%s]", args->words[0],
                         cols > 1 ? ",1" : ""), STATUS_ERROR;
    }
    double expected, actual;
    NumberWritten written;
    if (!parse_number(args->words[1], &expected, &written, error))
        return STATUS_ERROR;
    const Step *step;
    if (!session_value(session, q, &actual, &step, error))
        return STATUS_ERROR;
    /* agreement to the digits the expected value is written with; in hand
     * mode, also within what hand rounding at those digits reaches (grade.h) */
    bool agrees = num_round_decimals(actual, written.decimals) == num_round_decimals(expected, written.decimals);
    if (!agrees && step && session->round_digits > 0) {
        DerivationSpec spec = session_spec(session);
        double exact;
        Interval range;
        int digits = written.significant_digits > 14 ? 14 : written.significant_digits;
        if (!hand_range(&spec, q, digits, &exact, &range))
            return error_set(error, interrupt_requested() ? "interrupted" : "out of memory while checking"),
                   STATUS_ERROR;
        agrees = grade_fits(expected, written.significant_digits, exact, range);
    }
    Style style = session_style(session);
    char shown[NUM_TEXT_MAX];
    int digits = written.significant_digits + 1 > style.digits ? written.significant_digits + 1 : style.digits;
    num_format(shown, sizeof shown, actual, digits, true);
    bool rounded = !num_text_is_exact(shown, actual);
    if (!agrees)
        return error_set(error, "expect %s %s failed: backstep has %s %s %s", args->words[0], args->words[1],
                         args->words[0], rounded ? "≈" : "=", shown), STATUS_FAILED;
    if (session->current && session->current->interactive) {
        char mark[64];
        narr_printf(session->out, &style, "%s %s %s %s\n", narr_colored(&style, "32", "✓", mark, sizeof mark),
                    args->words[0], rounded ? "≈" : "=", shown);
    }
    return STATUS_OK;
}

Status cmd_state(Session *session, const Args *args, Error *error)
{
    (void)args;
    (void)error;
    Style style = session_style(session);
    FILE *out = session->out;
    if (session->graph)
        return graph_state(session);
    if (!session->net) {
        narr_print(out, &style, "no network yet: start with one, such as `network 2-1 sigmoid`\n");
        return STATUS_OK;
    }
    describe_network(session, NULL);
    if (net_n_parameters(session->net, session->use_bias) <= 64) {
        for (int l = 1; l <= session->net->n_layers; l++) {
            char name[NAME_MAX];
            names_name(session_names(session), (Quantity){Q_WEIGHT, l, QUANTITY_WHOLE, 0, 0}, name, sizeof name);
            show_one(session, name, error);
            if (session->use_bias) {
                names_name(session_names(session), (Quantity){Q_BIAS, l, net_is_single_neuron(session->net) ? 0
                                                                                                     : QUANTITY_WHOLE, 0, 0},
                              name, sizeof name);
                show_one(session, name, error);
            }
        }
    } else {
        narr_print(out, &style, "  (show W1, b1, ... prints the parameters)\n");
    }
    char text[NUM_TEXT_MAX];
    num_format(text, sizeof text, session->learning_rate, 15, true);
    narr_printf(out, &style, "  lr %s; biases %s; ", text, session->use_bias ? "on" : "off");
    if (session->round_digits)
        narr_printf(out, &style, "hand rounding to %d %s\n", session->round_digits,
                    session->round_places ? "decimal places" : "significant digits");
    else
        narr_printf(out, &style, "exact arithmetic, shown to %d digits\n", session->show_digits);
    if (session->detail == DETAIL_LAYER)
        narr_print(out, &style, "  stepping narrates a layer at a time (detail layer)\n");
    show_one(session, "x", error);
    show_one(session, "t", error);
    training_state(session);
    if (session->n_overrides)
        list_overrides(session);
    const Derivation *derivation = session_derivation(session, error);
    if (derivation && (session_pass_completed(session) || session->position >= deriv_n_steps(derivation))) {
        narr_print(out, &style, "  the pass is complete: check, show and explain read its numbers; `forward` "
                   "starts the next\n");
    } else if (derivation) {
        int position = session->position;
        Phase phase = PHASE_FORWARD;
        for (int p = 0; p < N_PHASES; p++)
            if (position >= deriv_phase_start(derivation, (Phase)p))
                phase = (Phase)p;
        narr_printf(out, &style, "  next: step %d of %d (%s)\n", position + 1, deriv_n_steps(derivation),
                    PHASE_NAMES[phase]);
    }
    return STATUS_OK;
}
