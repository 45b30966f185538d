/* gradient_check: backprop's gradient put to the test, as numbers only.
 *
 * `gradcheck` and `diagnose` examine the gradient of one objective: the
 * mean over a data set's rows of the per-sample loss, exactly as `train`
 * with `batch full` computes it (training_mean_loss).  A single narrated
 * sample is a data set of one row.  This module computes; the commands
 * (commands_gradients.c) decide the words and the verdicts. */
#ifndef BACKSTEP_GRADIENT_CHECK_H
#define BACKSTEP_GRADIENT_CHECK_H

#include <stdbool.h>

#include "error.h"
#include "net.h"
#include "quantity.h"
#include "training.h"

/* One parameter's gradient, by backprop and by central differences. */
typedef struct {
    Quantity parameter;   /* W_l[j,k] (Q_WEIGHT) or b_l[j] (Q_BIAS) */
    double backprop;      /* dL/dθ from the backward pass */
    double numeric;       /* (L(θ + ε) − L(θ − ε)) / (2ε) */
} GradientProbe;

typedef struct {
    int n_parameters;        /* weights, and biases when they are used */
    int n_probed;            /* parameters probed: all of them unless interrupted */
    GradientProbe *probes;   /* n_parameters entries: W1, b1, W2, b2, ... */
    double difference_norm;  /* ‖a − n‖ over the probed parameters */
    double backprop_norm;    /* ‖a‖ */
    double numeric_norm;     /* ‖n‖ */
    double largest;          /* the largest |a| or |n| */
    int n_corners;           /* units whose z lies within ε of a corner (relu's at 0) on some row */
    Quantity corner;         /* the first of them (Q_Z) */
    double corner_z;         /* its z there */
    bool interrupted;        /* Ctrl-C stopped it after n_probed parameters */
    bool finite;             /* every loss and gradient was a finite number */
} GradientCheck;

/* Compares every parameter's backprop gradient (frozen ones too) of job's
 * mean loss with the central difference at step epsilon, restoring each
 * parameter to its saved value after probing it, so the network ends
 * exactly as it began.  Stops between parameters at Ctrl-C (interrupted).
 * False with `error` set when memory runs out.  Free the probes with
 * gradient_check_release(). */
bool gradient_check_run(const TrainJob *job, double epsilon, GradientCheck *check, Error *error);
void gradient_check_release(GradientCheck *check);

/* ‖a − n‖ / (‖a‖ + ‖n‖), seed 004's relative error; 0 when both norms are 0. */
double gradient_check_relative_error(const GradientCheck *check);

/* One layer's weight gradients, and its dead relu units. */
typedef struct {
    double mean_abs;             /* mean |dL/dW_l[j,k]| */
    double max_abs;              /* max |dL/dW_l[j,k]| */
    double norm;                 /* ‖dL/dW_l‖, the Frobenius norm */
    int n_dead;                  /* relu units whose activation is 0 on every row (hidden layers only) */
    bool dead[NET_MAX_WIDTH];    /* which */
} LayerGradients;

/* Fills layers[1..n_layers] for job's mean loss.  A unit is dead when its
 * layer is a hidden relu layer and its activation is exactly 0 on every
 * row: then its slope is 0 on every row and nothing below it learns
 * through it.  False with `error` set when memory runs out; *finite is
 * false when a gradient is not a finite number. */
bool gradient_layers(const TrainJob *job, LayerGradients *layers, bool *finite, Error *error);

#endif
