/* training: learning over many steps, as fast as plain C allows.
 *
 * A Training holds how a session trains (batch size, shuffling, the
 * optimizer and its state, the learning-rate schedule, gradient clipping)
 * and the loss curve of the last run.  training_run() trains a network on
 * a data set for a number of epochs through the fast path (fast_pass.h):
 * each step's gradient is the mean over a batch of the per-sample
 * gradients, clipped if asked, then the optimizer moves every parameter
 * that is not frozen.  Nothing here prints: progress goes to a callback,
 * and the result comes back as numbers. */
#ifndef BACKSTEP_TRAINING_H
#define BACKSTEP_TRAINING_H

#include <stdbool.h>
#include <stdint.h>

#include "dataset.h"
#include "error.h"
#include "fast_pass.h"
#include "net.h"
#include "numpy_random.h"
#include "optimizer.h"

enum {
    TRAINING_HISTORY_MAX = 4096,       /* points kept of a loss curve, however long the run */
};
#define TRAINING_MAX_EPOCHS 100000000L

typedef enum { SCHEDULE_OFF, SCHEDULE_STEP, SCHEDULE_EXP, SCHEDULE_COSINE } ScheduleKind;

/* The learning rate of epoch e (from 0) of a run of E epochs, lr its base:
 *   step FACTOR EVERY   lr × FACTOR^(e div EVERY)
 *   exp RATE            lr × exp(−RATE × e)
 *   cosine MIN          MIN + ½ (lr − MIN)(1 + cos(π e / E))   (seed 001) */
typedef struct {
    ScheduleKind kind;
    double factor;   /* step */
    long every;      /* step */
    double rate;     /* exp */
    double least;    /* cosine's MIN */
} Schedule;

typedef enum { CLIP_OFF, CLIP_NORM, CLIP_VALUE } ClipKind;

/* Gradient clipping, on the batch's gradient before the optimizer's step:
 * by norm, every gradient × MAX / ‖g‖ when the norm of all of them
 * together passes MAX; by value, each gradient into [−MAX, MAX]. */
typedef struct {
    ClipKind kind;
    double most;
} Clip;

/* A loss curve: the mean loss of each epoch, thinned to at most
 * TRAINING_HISTORY_MAX points by keeping every stride-th epoch. */
typedef struct {
    long first_epoch;          /* the epoch number of point 0 (from 1) */
    long stride;               /* epochs between points */
    int n;
    double loss[TRAINING_HISTORY_MAX];
    long last_epoch;           /* the run's last epoch, and its loss, kept even when thinning skips it */
    double last_loss;
} LossHistory;

typedef struct {
    int batch;                 /* samples a step: 0 for the whole data set */
    bool shuffle;              /* batch order shuffled every epoch */
    NumpyRandom shuffler;      /* seeded by `shuffle on [seed N]`; each epoch draws from it */
    uint32_t shuffle_seed;     /* that N */
    OptimizerState optimizer;
    Schedule schedule;
    Clip clip;
    LossHistory history;       /* the last run's curve */
    long epochs_trained;       /* every epoch trained since the network's weights were last set */
} Training;

/* Default settings: full batch, sgd, no schedule, no clipping. */
void training_init(Training *training);
/* Frees the optimizer's state. */
void training_release(Training *training);

/* The learning rate of epoch e (from 0) of a run of `epochs`. */
double training_rate(const Schedule *schedule, double base, long e, long epochs);

/* What a run did. */
typedef struct {
    long epochs;               /* epochs completed */
    long steps;                /* optimizer steps taken */
    double loss_before;        /* mean loss over the data before the first step */
    double loss_after;         /* ... after the last */
    bool interrupted;          /* Ctrl-C: stopped after epoch `epochs` */
    bool diverged;             /* a step would have passed the parameter limit: stopped before it */
    char diverged_name[64];    /* the parameter it would have carried too far */
    double diverged_value;
} TrainResult;

/* Called after every epoch, e from 1, with the epoch's mean loss. */
typedef void (*TrainProgress)(long epoch, long epochs, double loss, void *context);

typedef struct {
    Net *net;
    const Loss *loss;
    bool use_bias;
    const Dataset *data;
    double rate;               /* the base learning rate */
    double parameter_limit;    /* a step that would carry a parameter beyond it stops the run */
    TrainProgress progress;    /* or NULL */
    void *context;
} TrainJob;

/* Trains for `epochs` epochs (stopping early at Ctrl-C or divergence, with
 * the weights of the last whole step).  False with `error` set only when
 * memory runs out, with the network as it was. */
bool training_run(Training *training, const TrainJob *job, long epochs, TrainResult *result, Error *error);

/* The mean over the data of the per-sample loss at the network's weights;
 * with `gradients`, their mean gradient too, left in the pass's sums. */
double training_mean_loss(FastPass *pass, const TrainJob *job, bool gradients);

#endif
