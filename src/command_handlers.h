/* command_handlers: the handlers the command table in commands.c calls, and
 * the helpers they share.  Only the commands_*.c files and commands.c use
 * this header.  Every handler validates all its arguments before it changes
 * anything, returns a Status, and never exits. */
#ifndef BACKSTEP_COMMAND_HANDLERS_H
#define BACKSTEP_COMMAND_HANDLERS_H

#include <stdbool.h>

#include "commands.h"
#include "deriv.h"
#include "error.h"
#include "numfmt.h"
#include "quantity.h"
#include "session.h"

/* ---- helpers (command_helpers.c) ---- */

/* False with `error` set when there is no network: none yet, or expression
 * mode, where the error is `instead` (what the command is for, and what to
 * do in expression mode) and how to start a network again. */
bool need_network(const Session *session, const char *instead, Error *error);
/* False with `error` set when there is neither a network nor an expression graph. */
bool need_model(const Session *session, Error *error);
/* A finite number, with how it was written; false with `error` set otherwise. */
bool parse_number(const char *text, double *value, NumberWritten *written, Error *error);
/* A number the learner gives (x, t, a parameter, lr): within SESSION_INPUT_LIMIT. */
bool parse_given(const char *text, double *value, Error *error);
/* `on` or `off`. */
bool parse_on_off(const char *text, bool *on, Error *error);
/* A count of digits for `round` and `digits`. */
bool parse_digits(const char *text, int *digits, Error *error);
/* Writes text as narration prose, wrapped to the session's width. */
void say_line(Session *session, const char *text);
/* A vector or matrix literal ([1 2; 3 4], [[1, 2], [3, 4]]) into values, row by row. */
bool parse_literal(const char *text, double *values, int capacity, int *rows, int *cols, Error *error);
/* Where the value of a parameter, x, t or lr is kept in the session. */
double *parameter_slot(Session *session, Quantity q);
/* Sets a whole matrix or vector from a literal, checking its shape first. */
bool assign_whole(Session *session, Quantity q, const char *name, const char *literal, Error *error);

/* ---- shared by the setup and stepping commands ---- */
/* Says what a new network is, and what happened to its parameters. */
void describe_network(Session *session, const char *parameters);
/* Lists the learner's own values (`use` alone). */
Status list_overrides(Session *session);
/* Narrates one phase of the pass (forward, loss, backward, update). */
Status narrate_phase(Session *session, Phase phase, Error *error);

/* ---- handlers: see the table in commands.c for what each command does ---- */

Status cmd_network(Session *session, const Args *args, Error *error);
Status cmd_set(Session *session, const Args *args, Error *error);
Status cmd_input(Session *session, const Args *args, Error *error);
Status cmd_target(Session *session, const Args *args, Error *error);
Status cmd_loss(Session *session, const Args *args, Error *error);
Status cmd_lr(Session *session, const Args *args, Error *error);
Status cmd_bias(Session *session, const Args *args, Error *error);
Status cmd_freeze(Session *session, const Args *args, Error *error);
Status cmd_unfreeze(Session *session, const Args *args, Error *error);
Status cmd_round(Session *session, const Args *args, Error *error);
Status cmd_digits(Session *session, const Args *args, Error *error);
Status cmd_use(Session *session, const Args *args, Error *error);
Status cmd_ascii(Session *session, const Args *args, Error *error);
Status cmd_detail(Session *session, const Args *args, Error *error);
/* commands_export.c */
Status cmd_export(Session *session, const Args *args, Error *error);
/* commands_init.c */
Status cmd_init(Session *session, const Args *args, Error *error);
/* commands_training.c */
Status cmd_data(Session *session, const Args *args, Error *error);
Status cmd_sample(Session *session, const Args *args, Error *error);
Status cmd_train(Session *session, const Args *args, Error *error);
Status cmd_predict(Session *session, const Args *args, Error *error);
Status cmd_plot(Session *session, const Args *args, Error *error);
/* Lines of `state` on the data, the narrated sample and how training steps. */
void training_state(Session *session);
/* After `network` with another shape or `init`: the optimizer's state starts
 * at 0 and the loss curve is dropped; data of another width is cleared. */
void training_network_changed(Session *session);
/* True when every row of `data` (NULL: none) has targets `loss` takes with net's output layer. */
bool data_fits_loss(const Dataset *data, const Loss *loss, const Net *net, Error *error);
/* commands_teacher.c */
Status cmd_vary(Session *session, const Args *args, Error *error);
Status cmd_student(Session *session, const Args *args, Error *error);
/* commands_optimizer.c */
Status cmd_batch(Session *session, const Args *args, Error *error);
Status cmd_shuffle(Session *session, const Args *args, Error *error);
Status cmd_optimizer(Session *session, const Args *args, Error *error);
Status cmd_schedule(Session *session, const Args *args, Error *error);
Status cmd_clip(Session *session, const Args *args, Error *error);

Status cmd_forward(Session *session, const Args *args, Error *error);
Status cmd_backward(Session *session, const Args *args, Error *error);
Status cmd_update(Session *session, const Args *args, Error *error);
Status cmd_step(Session *session, const Args *args, Error *error);
Status cmd_run(Session *session, const Args *args, Error *error);
Status cmd_restart(Session *session, const Args *args, Error *error);
Status cmd_back(Session *session, const Args *args, Error *error);
Status cmd_show(Session *session, const Args *args, Error *error);
Status cmd_expect(Session *session, const Args *args, Error *error);
Status cmd_state(Session *session, const Args *args, Error *error);

Status cmd_expr(Session *session, const Args *args, Error *error);
/* `set x 2` in expression mode, or before any network or formula. */
Status set_graph_input(Session *session, const char *name, const char *text, Error *error);
/* `state` of an expression graph. */
Status graph_state(Session *session);
/* commands_gradients.c */
Status cmd_gradcheck(Session *session, const Args *args, Error *error);
Status cmd_diagnose(Session *session, const Args *args, Error *error);
/* commands_draw.c */
Status cmd_draw(Session *session, const Args *args, Error *error);

Status cmd_check(Session *session, const Args *args, Error *error);
Status cmd_answers(Session *session, const Args *args, Error *error);
Status cmd_explain(Session *session, const Args *args, Error *error);

Status cmd_say(Session *session, const Args *args, Error *error);
Status cmd_pause(Session *session, const Args *args, Error *error);
Status cmd_load(Session *session, const Args *args, Error *error);
Status cmd_help(Session *session, const Args *args, Error *error);
Status cmd_quit(Session *session, const Args *args, Error *error);

#endif
