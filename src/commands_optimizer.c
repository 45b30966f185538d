/* commands_optimizer: how `train` (and `update`) take a step: `batch`,
 * `shuffle`, `optimizer`, `schedule` and `clip`.  Given alone, each says
 * what is set; given a setting, it checks every word before it changes
 * anything. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command_handlers.h"
#include "numfmt.h"
#include "suggest.h"

static void say_setting(Session *session, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void say_setting(Session *session, const char *format, ...)
{
    char line[512];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    say_line(session, line);
}

/* A positive number, at most `most`. */
static bool parse_positive(const char *text, double most, const char *what, double *value, Error *error)
{
    if (!parse_number(text, value, NULL, error))
        return false;
    if (!(*value > 0) || *value > most) {
        char shown[NUM_TEXT_MAX];
        num_format(shown, sizeof shown, most, 6, false);
        return error_set(error, "%s must be above 0 and at most %s, not %s", what, shown, text);
    }
    return true;
}

static bool need_training(const Session *session, const char *command, Error *error)
{
    char instead[160];
    snprintf(instead, sizeof instead, "%s is for training networks: an expression has no samples to learn from",
             command);
    return need_network(session, instead, error);
}

Status cmd_batch(Session *session, const Args *args, Error *error)
{
    if (!need_training(session, "batch", error))
        return STATUS_ERROR;
    Training *training = &session->training;
    if (args->count == 1 && strcmp(args->words[0], "full") == 0) {
        training->batch = 0;
    } else if (args->count == 1) {
        double size;
        if (!num_parse(args->words[0], &size, NULL) || size != floor(size) || size < 1 || size > DATASET_MAX_ROWS)
            return error_set(error, "batch takes full or a whole number of samples from 1 to %d, not '%s'",
                             DATASET_MAX_ROWS, args->words[0]), STATUS_ERROR;
        training->batch = (int)size;
    }
    if (training->batch == 0)
        say_setting(session, "batch: full: each step's gradient is the mean over every row of the data");
    else if (training->batch == 1)
        say_setting(session, "batch: 1: a step for each sample (stochastic gradient descent), in %s",
                    training->shuffle ? "a new shuffled order every epoch" : "the data's order");
    else
        say_setting(session, "batch: %d: each step's gradient is the mean over %d rows, taken in %s", training->batch,
                    training->batch, training->shuffle ? "a new shuffled order every epoch" : "the data's order");
    return STATUS_OK;
}

Status cmd_shuffle(Session *session, const Args *args, Error *error)
{
    if (!need_training(session, "shuffle", error))
        return STATUS_ERROR;
    Training *training = &session->training;
    if (args->count > 0) {
        bool on;
        if (!parse_on_off(args->words[0], &on, error))
            return STATUS_ERROR;
        double seed = 0;
        if (args->count == 2 || args->count == 4 || (args->count == 3 && strcmp(args->words[1], "seed") != 0))
            return error_set(error, "shuffle takes on or off, then seed N: shuffle on seed 7"), STATUS_ERROR;
        if (args->count == 3) {
            if (!on)
                return error_set(error, "a seed is for shuffle on"), STATUS_ERROR;
            if (!num_parse(args->words[2], &seed, NULL) || seed != floor(seed) || seed < 0 || seed > 4294967295.0)
                return error_set(error, "a seed is a whole number from 0 to 4294967295, not '%s'", args->words[2]),
                       STATUS_ERROR;
        }
        training->shuffle = on;
        training->shuffle_seed = (uint32_t)seed;
        numpy_random_seed(&training->shuffler, (uint32_t)seed);
    }
    if (training->shuffle)
        say_setting(session, "shuffle: on, seed %lu: each epoch takes the rows in a new random order",
                    (unsigned long)training->shuffle_seed);
    else
        say_setting(session, "shuffle: off: each epoch takes the rows in the data's order");
    return STATUS_OK;
}

Status cmd_optimizer(Session *session, const Args *args, Error *error)
{
    if (!need_training(session, "optimizer", error))
        return STATUS_ERROR;
    OptimizerState *state = &session->training.optimizer;
    if (args->count > 0) {
        const Optimizer *optimizer = optimizer_find(args->words[0]);
        if (!optimizer) {
            const char *names[N_OPTIMIZERS_MAX];
            char known[128];
            for (int i = 0; i < N_OPTIMIZERS; i++)
                names[i] = OPTIMIZERS[i].name;
            suggest_join(names, N_OPTIMIZERS, known, sizeof known);
            int nearest = suggest_nearest(args->words[0], names, N_OPTIMIZERS);
            if (nearest >= 0)
                return error_set(error, "no optimizer '%s'; did you mean '%s'? (%s)", args->words[0], names[nearest],
                                 known), STATUS_ERROR;
            return error_set(error, "no optimizer '%s': %s", args->words[0], known), STATUS_ERROR;
        }
        double given[OPTIMIZER_MAX_SETTINGS];
        int n_given = args->count - 1;
        for (int i = 0; i < n_given && i < OPTIMIZER_MAX_SETTINGS; i++)
            if (!parse_number(args->words[1 + i], &given[i], NULL, error))
                return STATUS_ERROR;
        OptimizerState chosen = {0};
        if (!optimizer_choose(&chosen, optimizer, given, n_given, error))
            return STATUS_ERROR;
        optimizer_reset(state);
        *state = chosen;
        session_next_pass(session);
        session_changed(session, true);   /* its update has other steps: stepping starts the pass again */
    }
    char text[160];
    optimizer_describe(state, session->ascii, text, sizeof text);
    say_setting(session, "optimizer: %s%s", text, state->steps ? "" : "; its state starts at 0");
    say_setting(session, "  %s", state->optimizer->summary);
    return STATUS_OK;
}

Status cmd_schedule(Session *session, const Args *args, Error *error)
{
    if (!need_training(session, "schedule", error))
        return STATUS_ERROR;
    Schedule *schedule = &session->training.schedule;
    if (args->count > 0) {
        const char *kind = args->words[0];
        Schedule next = {SCHEDULE_OFF, 0, 0, 0, 0};
        if (strcmp(kind, "off") == 0 && args->count == 1) {
            next.kind = SCHEDULE_OFF;
        } else if (strcmp(kind, "step") == 0 && args->count == 3) {
            double every;
            next.kind = SCHEDULE_STEP;
            if (!parse_positive(args->words[1], 1, "step's FACTOR", &next.factor, error))
                return STATUS_ERROR;
            if (!num_parse(args->words[2], &every, NULL) || every != floor(every) || every < 1 || every > 1e8)
                return error_set(error, "step's EVERY is a whole number of epochs from 1 to 100000000, not '%s'",
                                 args->words[2]), STATUS_ERROR;
            next.every = (long)every;
        } else if (strcmp(kind, "exp") == 0 && args->count == 2) {
            next.kind = SCHEDULE_EXP;
            if (!parse_positive(args->words[1], 10, "exp's RATE", &next.rate, error))
                return STATUS_ERROR;
        } else if (strcmp(kind, "cosine") == 0 && args->count == 2) {
            next.kind = SCHEDULE_COSINE;
            if (!parse_number(args->words[1], &next.least, NULL, error))
                return STATUS_ERROR;
            if (next.least < 0 || next.least > SESSION_INPUT_LIMIT)
                return error_set(error, "cosine's MIN is a learning rate from 0 up, not %s", args->words[1]),
                       STATUS_ERROR;
        } else {
            return error_set(error, "schedule takes off, step FACTOR EVERY, exp RATE or cosine MIN "
                             "(schedule step 0.5 100)"), STATUS_ERROR;
        }
        *schedule = next;
    }
    char a[NUM_TEXT_MAX], b[NUM_TEXT_MAX];
    switch (schedule->kind) {
    case SCHEDULE_OFF:
        say_setting(session, "schedule: off: every epoch uses lr as it is");
        break;
    case SCHEDULE_STEP:
        num_format(a, sizeof a, schedule->factor, 6, !session->ascii);
        say_setting(session, "schedule: step: each epoch (from 0) uses lr × %s^(epoch div %ld), lr × %s after "
                    "every %ld epochs", a, schedule->every, a, schedule->every);
        break;
    case SCHEDULE_EXP:
        num_format(a, sizeof a, schedule->rate, 6, !session->ascii);
        say_setting(session, "schedule: exp: each epoch (from 0) uses lr × exp(−%s × epoch)", a);
        break;
    case SCHEDULE_COSINE:
        num_format(b, sizeof b, schedule->least, 6, !session->ascii);
        say_setting(session, "schedule: cosine: each epoch (from 0) of EPOCHS uses %s + ½ (lr − %s)(1 + cos(π × "
                    "epoch / EPOCHS)), from lr down towards %s", b, b, b);
        break;
    }
    return STATUS_OK;
}

Status cmd_clip(Session *session, const Args *args, Error *error)
{
    if (!need_training(session, "clip", error))
        return STATUS_ERROR;
    Clip *clip = &session->training.clip;
    if (args->count > 0) {
        Clip next = {CLIP_OFF, 0};
        if (strcmp(args->words[0], "off") == 0 && args->count == 1) {
            next.kind = CLIP_OFF;
        } else if ((strcmp(args->words[0], "norm") == 0 || strcmp(args->words[0], "value") == 0) &&
                   args->count == 2) {
            next.kind = strcmp(args->words[0], "norm") == 0 ? CLIP_NORM : CLIP_VALUE;
            if (!parse_positive(args->words[1], SESSION_INPUT_LIMIT, "clip's MAX", &next.most, error))
                return STATUS_ERROR;
        } else {
            return error_set(error, "clip takes norm MAX, value MAX or off (clip norm 5)"), STATUS_ERROR;
        }
        *clip = next;
    }
    char most[NUM_TEXT_MAX];
    num_format(most, sizeof most, clip->most, 6, !session->ascii);
    if (clip->kind == CLIP_OFF)
        say_setting(session, "clip: off: each step uses the gradient as it is");
    else if (clip->kind == CLIP_NORM)
        say_setting(session, "clip: norm %s: when ‖g‖, the length of all the gradients together, passes %s, every "
                    "gradient is scaled by %s / ‖g‖", most, most, most);
    else
        say_setting(session, "clip: value %s: each gradient is kept within −%s and %s", most, most, most);
    if (clip->kind != CLIP_OFF && args->count > 0)
        say_setting(session, "  `train` clips each step's gradient; `update` narrates one sample's step as it is");
    return STATUS_OK;
}
