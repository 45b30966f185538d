/* commands_teacher: the two lines a teacher's sheet has beyond a lesson's.
 * `vary NAME LO HI step S` says a given number differs from student to
 * student (drawn for --student ID; see teacher.h), and `student ID` names
 * whose copy a sheet is, for the gradebook. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "command_handlers.h"
#include "numfmt.h"
#include "quantity.h"
#include "teacher.h"

enum { VARY_MAX_VALUES = 1000000 };

Status cmd_vary(Session *session, const Args *args, Error *error)
{
    if (!need_model(session, error))
        return STATUS_ERROR;
    if (args->count != 5 || strcmp(args->words[3], "step") != 0)
        return error_set(error, "vary takes NAME LO HI step S: vary w1 0.1 0.9 step 0.1"), STATUS_ERROR;
    const char *name = args->words[0];
    double lo, hi, step;
    if (!parse_given(args->words[1], &lo, error) || !parse_given(args->words[2], &hi, error) ||
        !parse_given(args->words[4], &step, error))
        return STATUS_ERROR;
    if (!(step > 0))
        return error_set(error, "vary's step must be above 0, not %s", args->words[4]), STATUS_ERROR;
    if (lo > hi)
        return error_set(error, "vary's range %s to %s is empty: LO must not be above HI", args->words[1],
                         args->words[2]), STATUS_ERROR;
    if (step < 1e-9)   /* a student's number is written to the step's decimals, at most 12 */
        return error_set(error, "vary's step must be at least 1e-9, not %s", args->words[4]), STATUS_ERROR;
    if ((hi - lo) / step >= VARY_MAX_VALUES)
        return error_set(error, "vary %s %s %s step %s gives more than %d values: take a larger step", name,
                         args->words[1], args->words[2], args->words[4], VARY_MAX_VALUES), STATUS_ERROR;
    if (teacher_draw_count(lo, hi, step) < 2)
        return error_set(error, "vary %s %s %s step %s gives every student the same number: widen the range or take "
                         "a smaller step", name, args->words[1], args->words[2], args->words[4]), STATUS_ERROR;
    if (session->net) {
        Quantity q;
        if (!names_parse(session_names(session), name, &q, error))
            return STATUS_ERROR;
        if (quantity_is_whole(q))
            return error_set(error, "vary draws one number: name one element, as %s[1,1] or %s[1]", name, name),
                   STATUS_ERROR;
        if (!quantity_is_parameter(q) && q.kind != Q_INPUT && q.kind != Q_TARGET)
            return error_set(error, "vary draws a given number (a weight, a bias, x or t), not %s", name),
                   STATUS_ERROR;
    }
    if (!session->student[0])   /* no student: the sheet's own numbers stand */
        return STATUS_OK;
    char value[NUM_TEXT_MAX];
    num_format(value, sizeof value, teacher_draw(session->student, name, session->vary_attempt, lo, hi, step), 15,
               false);
    Args set = {2, {name, value}, NULL, 0};
    return cmd_set(session, &set, error);
}

Status cmd_student(Session *session, const Args *args, Error *error)
{
    if (!teacher_id_valid(args->words[0], error))
        return STATUS_ERROR;
    if (session->student[0] && strcmp(session->student, args->words[0]) != 0)   /* --student gave another */
        return error_set(error, "this is %s's copy, but --student says %s", args->words[0], session->student),
               STATUS_ERROR;
    return STATUS_OK;
}
