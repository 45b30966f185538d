/* domain: which values make sense, checked before anything changes.
 *
 * A learner's own value (`use`) must name a step of this derivation and
 * lie where that quantity can: a sigmoid output in (0, 1), relu's slope 0
 * or 1 (each activation row gives its ranges, see functions.h).  A loss
 * that takes logarithms (bce, ce) needs outputs and targets that are
 * probabilities, in [0, 1], so it is refused with an output activation
 * that can leave [0, 1] (tanh, relu, linear), and so is a target outside
 * [0, 1].  Each function fills `error` with one line that says why and
 * what would work, and changes nothing. */
#ifndef BACKSTEP_DOMAIN_H
#define BACKSTEP_DOMAIN_H

#include <stdbool.h>

#include "error.h"
#include "functions.h"
#include "net.h"
#include "quantity.h"

struct Session;

/* A range as a learner reads it: "in (0, 0.25]", "≥ 0", "0 or 1", "of any size". */
void domain_range_text(ValueRange range, char *out, size_t size);

/* True when `loss` applies to net's output activation and to the targets
 * t[0 .. net_n_outputs); false with `error` set otherwise. */
bool domain_loss_fits(const Loss *loss, const Net *net, const double *target, Error *error);

/* True when the session's derivation computes q (one number, or every
 * number of a whole layer); false with `error` set otherwise. */
bool domain_computed(struct Session *session, Quantity q, const char *name, Error *error);

/* True when `value` can stand for the computed quantity q as the
 * learner's own (`use`): q is part of the derivation and value lies where
 * q can; false with `error` set otherwise. */
bool domain_own_value(struct Session *session, Quantity q, const char *name, double value, Error *error);

#endif
