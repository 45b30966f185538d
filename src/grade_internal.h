/* grade_internal: what the grader's files share (grade.c, the network's
 * mistakes and the common ground; grade_graph.c, an expression's). */
#ifndef BACKSTEP_GRADE_INTERNAL_H
#define BACKSTEP_GRADE_INTERNAL_H

#include "grade.h"

typedef struct {
    const DerivationSpec *base;
    Quantity q;
    double answer;
    double answer_rounded;      /* the answer rounded to its digits */
    int digits;                 /* the answer's significant digits */
    int range_digits;           /* digits the hand ranges are built at (1 to 14) */
    int decimals;               /* the answer's last written decimal place (2 for 0.79) */
    Override *learner;          /* the learner's values, except for q itself */
    int n_learner;
    Verdict *verdict;
    bool looking_for_another;   /* a mistake was found: look for a second that fits too */
    const Derivation *whole[2]; /* the correct world and the learner's, once built whole at
                                   range_digits for a diagnosis; variants reuse them */
} Grader;

/* Takes a mistake whose value (with its hand range) the answer fits as the
 * diagnosis, or as a second one when looking for another; false if it does
 * not fit. */
bool grader_accept(Grader *g, Because because, const Quantity *other, double value, Interval range);

/* Rebuilds the derivation with `extra` carried (and the learner's values
 * when `learner_world`) and tries q's value there. */
bool grader_accept_rebuilt(Grader *g, bool learner_world, Because because, const Quantity *other,
                           const Override *extra, int n_extra);

/* The closest quantity whose value the answer fits. */
typedef struct {
    Quantity what;
    double value, distance;
} Closest;

/* Makes q the closest when the answer fits its value and it is closer. */
void grader_consider(const Grader *g, Closest *closest, Quantity q, double value, Interval range);

/* The common mistakes on an expression graph's derivation w. */
bool grade_graph_diagnose(Grader *g, const Derivation *w, bool learner_world);

#endif
