/* session: everything a learner has set up, and the derivation it gives.
 *
 * A Session owns the network, the sample, the settings and the learner's
 * own values (`use`).  The derivation is rebuilt lazily after any change.
 * Changing the network, a parameter, the sample, the loss or the biases
 * starts a fresh derivation: stepping goes back to the first step and the
 * learner's own values are dropped (they belonged to the old numbers).
 *
 * An update ends a pass.  The parameters take their new values at once,
 * but the pass just completed stays on view: check, show, explain and
 * expect read its numbers (w1_new its updated parameters, equal to w1
 * now; v_w1 the optimizer's state it started from, v_w1_new the state
 * now) until the next pass starts (session_next_pass). */
#ifndef BACKSTEP_SESSION_H
#define BACKSTEP_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include "deriv.h"
#include "error.h"
#include "grade.h"
#include "names.h"
#include "dataset.h"
#include "narrate.h"
#include "net.h"
#include "training.h"

enum {
    SESSION_MAX_OVERRIDES = 64,
    SESSION_MAX_ANSWERS = 256,
    SESSION_DEFAULT_DIGITS = 4,
    SESSION_WIDTH_TERMINAL = -1,
    SESSION_SAMPLE_FIRST = -1,
    SESSION_STUDENT_MAX = 64,   /* characters of a student ID */
};

/* Bounds that keep every derivation finite.  A number the learner gives
 * (x, t, a parameter, lr, a `use` value) is at most 1e6 in size, and an
 * update or training may carry a parameter to at most 1e10.  Through 12
 * layers of 64 neurons the largest value a derivation can then reach is
 * about 1e297 (test_bounds), inside double precision, so no inf or nan
 * ever reaches the screen. */
#define SESSION_INPUT_LIMIT 1e6
#define SESSION_PARAMETER_LIMIT 1e10

struct LineSource;

/* How much one narrated step covers (`detail`). */
typedef enum {
    DETAIL_NEURON,   /* one quantity a step: z1[2], then a1[2] (the default) */
    DETAIL_LAYER,    /* a layer's quantities at once, as vectors and matrices */
} Detail;

/* One answer the learner has checked, with its verdict. */
typedef struct {
    Verdict verdict;
    NumberWritten written;
    char text[32];        /* the answer as written */
    bool stale;           /* given for numbers that have since changed */
    bool counts;          /* checked in a file, not typed: wrong, it makes the exit status 1 */
} Answer;

typedef struct Session {
    Net *net;                               /* NULL until `network`, and in expression mode */
    struct Graph *graph;                    /* expression mode's graph (see graph.h), or NULL */
    double input[NET_MAX_WIDTH];            /* x: the narrated sample's */
    double target[NET_MAX_WIDTH];           /* t */
    Dataset *data;                          /* the samples `train` learns from, or NULL */
    int sample_row;                         /* where x and t come from: row K of the data (from 1),
                                               0 for the learner's own (`input`), or
                                               SESSION_SAMPLE_FIRST: row 1 once there is data */
    Training training;                      /* batch, optimizer and its state, schedule, clip */
    char student[SESSION_STUDENT_MAX + 1];  /* the student whose numbers `vary` draws (--student), or "" */
    long vary_attempt;                      /* which of that student's draws (see teacher.h) */
    const Loss *loss;
    double learning_rate;
    bool use_bias;
    int round_digits;                       /* 0: exact; N: hand rounding to N digits */
    bool round_places;                      /* round_digits counts decimal places */
    int show_digits;                        /* digits shown in exact mode */
    Override overrides[SESSION_MAX_OVERRIDES];
    int n_overrides;
    Answer answers[SESSION_MAX_ANSWERS];    /* checked answers, in the order first checked */
    int n_answers;
    int n_checks;                           /* checks made, for the score at the end of a file */
    int n_unreadable;                       /* check lines in files whose name could not be read */

    Derivation *derivation;                 /* current derivation, or NULL when stale */
    Net *completed_net;                     /* the parameters the pass just completed started from;
                                               NULL while a pass is under way */
    OptimizerState completed_optimizer;     /* while completed_net: the optimizer's state that pass
                                               started from (v_w1 still shows it) */
    Derivation *reference;                  /* exact, without the learner's values; NULL if not needed */
    int position;                           /* steps narrated so far in this derivation */
    bool has_previous_loss;                 /* an update happened: previous_loss is L before it */
    double previous_loss;
    double previous_exact_loss;             /* L before it in exact arithmetic, without own values */
    bool loss_change_told;                  /* this pass has said how L changed */

    Detail detail;                          /* stepping narrates a quantity or a layer at a time */
    bool ascii;                             /* output in ASCII */
    bool color;                             /* output in colour */
    int width;                              /* columns narration is wrapped to: 0 never, or
                                               SESSION_WIDTH_TERMINAL, the terminal's as it is now */
    FILE *out;                              /* results */
    FILE *err;                              /* diagnostics */

    /* The driver's part: where input comes from, and how the run is going. */
    struct LineSource *terminal;            /* the learner's terminal, for pauses; NULL if none */
    struct LineSource *current;             /* the source being read */
    int depth;                              /* nesting of `load` */
    bool bail;                              /* stop at the first error */
    bool quit;                              /* `quit` was given */
    bool had_error;                         /* exit status 2 */
    bool had_failure;                       /* an expect failed: exit status 1 (so does a wrong
                                               answer kept, see session_failed) */
    char notice[600];                       /* a remark for the learner, said by the front end (see
                                               session_take_notice), or "" */
    int write_error;                        /* errno of the first failed write of out, 0 if none */
} Session;

/* A new session with no network, writing to out and err.  Free with
 * session_free(), which accepts NULL. */
Session *session_new(FILE *out, FILE *err);
void session_free(Session *session);

/* What the names a learner types mean in this session now: a network's,
 * or an expression graph's. */
Names session_names(const Session *session);

/* The narration style for the session's current settings. */
Style session_style(const Session *session);

/* Marks the derivation stale.  With `fresh`, stepping restarts, and the
 * learner's own values are dropped (with a notice saying so when there
 * were any). */
void session_changed(Session *session, bool fresh);

/* Moves the pending notice (a remark the learner should see, such as own
 * values dropped) into out; false when there is none.  The session never
 * prints: the front end says it. */
bool session_take_notice(Session *session, char *out, size_t size);

/* The up-to-date derivation, or NULL with `error` set (no network yet, or
 * out of memory). */
const Derivation *session_derivation(Session *session, Error *error);

/* Before the model changes kind (a network for an expression, or back):
 * the learner's answers and own values, named by the old model, are
 * cleared, with a notice when there were any. */
void session_switch_modes(Session *session);

/* False with `error` set when an expression's formulas are not defined at
 * its numbers (a log of a negative); true when they are, for a network,
 * and while an input still has no value (nothing is worked out yet). */
bool session_numbers_defined(Session *session, Error *error);

/* The training step as the session describes it (hand rounding and the
 * learner's own values included). */
DerivationSpec session_spec(const Session *session);

/* Grades an answer for q against the current numbers, taking the learner's
 * earlier answers and `use` values into account, and records it (a second
 * answer for the same quantity replaces the first).  False with `error`
 * set when there is no network, or memory runs out. */
bool session_check(Session *session, Quantity q, const char *text, double answer, NumberWritten written,
                   Verdict *verdict, Error *error);

/* True when the run so far makes the exit status 1: an expect failed, or an
 * answer checked in a file and still kept (not cleared) is wrong. */
bool session_failed(const Session *session);

/* Counts of the recorded answers by grade. */
Score session_score(const Session *session);

/* Records q as a question not answered (a blank left in, or text that is
 * not a number); `text` is what was written.  It counts in the score and,
 * in a file, makes the exit status 1.  `verdict` gets its verdict.  False
 * with `error` set when the answers are full. */
bool session_unanswered(Session *session, Quantity q, const char *text, Because because, Verdict *verdict,
                        Error *error);

/* The exact derivation without the learner's values that matches step
 * indexes of the current one, or NULL when the current one is already that. */
const Derivation *session_reference(Session *session);

/* The value of one number (not a whole vector) and, for computed
 * quantities, the step that computed it.  False with `error` set when
 * there is no network or no such step. */
bool session_value(Session *session, Quantity q, double *value, const Step **step, Error *error);

/* True when the update that narration goes on to can be applied: this
 * pass's, or the next pass's when a pass has just been completed.  False
 * with `error` set, changing nothing, when a parameter would pass
 * SESSION_PARAMETER_LIMIT (a learning rate far too large), or when there
 * is no derivation. */
bool session_update_allowed(Session *session, Error *error);

/* Writes the parameters computed by the derivation's update steps into the
 * network, remembering the loss before.  The pass stays on view as the
 * pass just completed (its derivation is kept, and stepping stays at its
 * end) until session_next_pass().  Refuses, changing nothing, as
 * session_update_allowed() does, or when memory runs out. */
bool session_apply_update(Session *session, Error *error);

/* True while the pass just completed is on view (after an update). */
bool session_pass_completed(const Session *session);

/* Starts the next pass when a pass has just been completed: its numbers
 * are put away, stepping goes back to the first step, and the learner's
 * own values are dropped (they belonged to the old numbers).  Does nothing
 * while a pass is under way. */
void session_next_pass(Session *session);

#endif
