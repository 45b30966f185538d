/* commands_grading: check, answers and explain: grading a learner's
 * hand-computed values and showing how a value was reached. */
#include "command_handlers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "escape.h"
#include "functions.h"
#include "grade.h"
#include "interrupt.h"
#include "literal.h"
#include "numfmt.h"
#include "quantity.h"
#include "script.h"
#include "suggest.h"
#include "wrap.h"

/* Parses the name of one computed number, for check and explain. */
static bool parse_computed(Session *session, const char *command, const char *text, Quantity *q, Error *error)
{
    if (!session->net && !session->graph)
        return error_set(error, "there is no network yet: define one (`network 2-1 sigmoid`), then %s computed "
                         "values such as z, a, L or dL/dw1", command);
    if (!names_parse_computed(session_names(session), text, q, error))
        return false;
    char summary[500];
    if (!quantity_is_computed(*q)) {
        names_computed_summary(session_names(session), summary, sizeof summary);
        if (quantity_is_parameter(*q) && !quantity_is_whole(*q))
            return error_set(error, "%s is given, not computed: its value after the update is %s_new", text, text);
        return error_set(error, "%s is given, not computed; computed here: %s", text, summary);
    }
    if (quantity_is_whole(*q)) {
        int rows, cols;
        names_shape(session_names(session), *q, &rows, &cols);
        return error_set(error, "%s takes one number: name an element, such as %s[1%s]", command, text,
                         cols > 1 ? ",1" : "");
    }
    return domain_computed(session, *q, text, error);
}

/* The value a check line gives, as a sheet may write it: `check L 0.156`,
 * `check L = 0.156`, either with a remark after `#`.  NULL when none is
 * written; *several set when more than one is. */
static const char *answer_word(const Args *args, bool *several)
{
    int count = args->count;
    for (int i = 1; i < args->count; i++)
        if (args->words[i][0] == '#') {
            count = i;
            break;
        }
    int first = count >= 2 && strcmp(args->words[1], "=") == 0 ? 2 : 1;
    *several = count > first + 1;
    return count > first ? args->words[first] : NULL;
}

Status cmd_check(Session *session, const Args *args, Error *error)
{
    /* `check L=0.156`, written without spaces: the name and the value */
    char name[64], value[64];
    const char *equals = strchr(args->words[0], '=');
    if (args->count == 1 && equals && equals > args->words[0] &&
        (size_t)(equals - args->words[0]) < sizeof name && strlen(equals + 1) < sizeof value) {
        Args split = {2, {name, value}, args->rest, 0};
        snprintf(name, sizeof name, "%.*s", (int)(equals - args->words[0]), args->words[0]);
        snprintf(value, sizeof value, "%s", equals + 1);
        if (value[0] == '\0')
            split.count = 1;
        return cmd_check(session, &split, error);
    }
    bool typed = session->current && session->current->interactive;
    Quantity q;
    if (!parse_computed(session, "check", args->words[0], &q, error)) {
        if (!typed) {   /* on a sheet, the score says a line could not be read */
            session->n_unreadable++;
            session->n_checks++;
        }
        return STATUS_ERROR;
    }
    bool several;
    const char *text = answer_word(args, &several);
    double answer;
    NumberWritten written;
    Because missing = !text ? BECAUSE_NO_VALUE : several ? BECAUSE_SEVERAL_VALUES
                    : strspn(text, "_") == strlen(text) ? BECAUSE_BLANK
                    : !num_parse(text, &answer, &written) ? BECAUSE_NOT_A_NUMBER : BECAUSE_ROUNDS_TO;
    Verdict verdict;
    char shown[sizeof session->answers[0].text] = "";   /* an unanswered line's words, for the report */
    if (missing != BECAUSE_ROUNDS_TO) {
        /* at the prompt it is a slip to correct; on a sheet, a question
         * left unanswered, which counts against the score */
        if (typed && missing == BECAUSE_NOT_A_NUMBER) {
            parse_number(text, &answer, &written, error);   /* says why it is not a number */
            return STATUS_ERROR;
        }
        if (typed)
            return error_set(error, "check %s takes your value, one number: check %s 0.5", args->words[0],
                             args->words[0]), STATUS_ERROR;
        for (int i = 1; i < args->count && args->words[i][0] != '#'; i++) {
            size_t used = strlen(shown);
            snprintf(shown + used, sizeof shown - used, "%s%s", used ? " " : "", args->words[i]);
        }
        if (!session_unanswered(session, q, shown, missing, &verdict, error))
            return STATUS_ERROR;
        text = shown;
    } else if (!session_check(session, q, text, answer, written, &verdict, error)) {
        return STATUS_ERROR;
    }
    Style style = session_style(session);
    narr_verdict(session->out, &style, session_names(session), text, &verdict);
    /* a homework file with a wrong answer exits 1 (session_failed); an
     * answer typed at the prompt is the learner's own business */
    for (int i = 0; i < session->n_answers; i++)
        if (quantity_equal(session->answers[i].verdict.what, q))
            session->answers[i].counts = !typed;
    return STATUS_OK;
}

Status cmd_answers(Session *session, const Args *args, Error *error)
{
    if (args->count == 1) {
        if (strcmp(args->words[0], "clear") != 0)
            return error_set(error, "answers takes nothing or `clear`, not '%s'", args->words[0]), STATUS_ERROR;
        session->n_answers = 0;
        session->n_unreadable = 0;
        return STATUS_OK;
    }
    Style style = session_style(session);
    if (session->n_answers == 0) {
        narr_print(session->out, &style, "no answers checked yet: `check NAME VALUE` grades one\n");
        return STATUS_OK;
    }
    bool stale_told = false;
    for (int i = 0; i < session->n_answers; i++) {
        const Answer *answer = &session->answers[i];
        if (answer->stale && !stale_told) {
            narr_print(session->out, &style, "(for numbers that have since changed:)\n");
            stale_told = true;
        }
        narr_verdict(session->out, &style, session_names(session), answer->text, &answer->verdict);
    }
    narr_score(session->out, &style, session_score(session));
    return STATUS_OK;
}

Status cmd_explain(Session *session, const Args *args, Error *error)
{
    Quantity q;
    if (!parse_computed(session, "explain", args->words[0], &q, error))
        return STATUS_ERROR;
    /* the exact values, without the learner's: the session's derivation when
     * it is already that, else its reference */
    const Derivation *exact = session_reference(session);
    if (!exact && !(exact = session_derivation(session, error)))
        return STATUS_ERROR;
    const Step *target = deriv_find(exact, q);
    bool *reached = target ? calloc((size_t)deriv_n_steps(exact), sizeof *reached) : NULL;
    if (!reached)
        return error_set(error, "out of memory while building the derivation"), STATUS_ERROR;
    deriv_mark_sources(exact, target, reached);
    /* the learner's values: `use` values, then answers for these numbers */
    LearnerValue learner[SESSION_MAX_OVERRIDES + SESSION_MAX_ANSWERS];
    const char *texts[SESSION_MAX_OVERRIDES + SESSION_MAX_ANSWERS];
    const Verdict *verdicts[SESSION_MAX_OVERRIDES + SESSION_MAX_ANSWERS];
    int n = 0;
    for (int i = 0; i < session->n_answers; i++)
        if (!session->answers[i].stale && session->answers[i].verdict.grade != GRADE_UNANSWERED) {
            learner[n] = (LearnerValue){session->answers[i].verdict.what, session->answers[i].verdict.answer, 0,
                                        true, session->answers[i].verdict.grade == GRADE_WRONG};
            texts[n] = session->answers[i].text;
            verdicts[n++] = &session->answers[i].verdict;
        }
    for (int i = 0; i < session->n_overrides; i++) {
        learner[n] = (LearnerValue){session->overrides[i].what, session->overrides[i].value, 0, false, false};
        texts[n] = NULL;
        verdicts[n++] = NULL;
    }
    /* the steps are the exact ones: in hand mode they are shown with more
     * digits than are carried, so that their numbers multiply out */
    Style style = session_style(session);
    if (session->round_digits > 0) {
        style.digits = session->show_digits > session->round_digits + 1 ? session->show_digits
                                                                         : session->round_digits + 1;
        style.places = false;
        style.hand = false;
    }
    narr_explain(session->out, &style, session_names(session), exact, target, reached, learner, texts, verdicts, n);
    free(reached);
    return STATUS_OK;
}
