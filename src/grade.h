/* grade: judging a hand-computed answer as a careful tutor would.
 *
 * An answer written with d significant digits is correct when it is the
 * exact value rounded to d digits, or when it lies in the range a hand
 * computation reaches by rounding (or cutting off) every intermediate at
 * d digits (see interval.h).  An answer that is right given the learner's
 * own earlier values (checked answers and `use` values) that were off is
 * credited as carried forward, and named so.  A wrong answer is matched
 * against the common mistakes, each judged with the same tolerance.
 *
 * The grader never prints: it returns a Verdict that narration formats. */
#ifndef BACKSTEP_GRADE_H
#define BACKSTEP_GRADE_H

#include <stdbool.h>

#include "deriv.h"
#include "error.h"
#include "interval.h"
#include "numfmt.h"

typedef enum {
    GRADE_CORRECT,
    GRADE_CARRIED,   /* right given the learner's earlier slips */
    GRADE_WRONG,
    GRADE_UNANSWERED,   /* left blank, or not a number: a question not answered */
} Grade;

/* How a set of answers did. */
typedef struct {
    int correct, carried, wrong, unanswered;
    int unreadable;   /* check lines whose name could not be read (each reported as an error) */
} Score;

typedef enum {
    BECAUSE_ROUNDS_TO,        /* the exact value rounded to the answer's digits */
    BECAUSE_HAND_RANGE,       /* reachable by hand rounding at the answer's digits */
    BECAUSE_CARRIED,          /* follows from the learner's slips */
    BECAUSE_YOUR_VALUES,      /* reachable by hand rounding from the learner's earlier (right) values */
    BECAUSE_STEP_WRITTEN,     /* an updated parameter: θ less the step lr × dL/dθ written at its own digits */
    BECAUSE_UNKNOWN,          /* wrong, and no common mistake reproduces it */
    BECAUSE_BLANK,            /* not answered: the blank ___ is still there */
    BECAUSE_NOT_A_NUMBER,     /* not answered: what is written is not a number */
    BECAUSE_NO_VALUE,         /* not answered: nothing is written after the name */
    BECAUSE_SEVERAL_VALUES,   /* not answered: more than one value is written */
    MISTAKE_SIGN,             /* the sign is flipped */
    MISTAKE_NO_SLOPE,         /* the activation's slope da/dz left out */
    MISTAKE_SLOPE_OF_Z,       /* σ'(z) taken as z(1 − z) instead of a(1 − a) */
    MISTAKE_NO_INPUT,         /* dL/dw without its input factor: it is dL/dz */
    MISTAKE_WRONG_INPUT,      /* another input in place of the weight's own */
    MISTAKE_DROPPED_TWO,      /* the factor 2 of a squared loss dropped */
    MISTAKE_FORGOT_HALF,      /* the ½ of half-sse forgotten */
    MISTAKE_UPDATE_ADDED,     /* θ + lr × dL/dθ */
    MISTAKE_NO_LR,            /* θ − dL/dθ */
    MISTAKE_UPDATED_WEIGHT,   /* the updated weights used in the backward pass */
    MISTAKE_ONE_PATH,         /* a hidden neuron's error along one path only */
    MISTAKE_OTHER_QUANTITY,   /* the value of another quantity */
    MISTAKE_FACTOR_LEFT_OUT,  /* an expression's chain without one local factor (other: the factor) */
    MISTAKE_PATH_LEFT_OUT,    /* an expression's sum over paths without one (other: its local factor) */
    MISTAKE_WRONG_POINT,      /* a local factor's rule applied at another node's value (other: that node) */
    MISTAKE_INNER_LEFT_OUT,   /* inside one formula, the chain rule stopped at the outer function:
                                 (3x + 2)² gives 2(3x + 2), not 2(3x + 2) × 3 (other: the node) */
    MISTAKE_POWER_FACTOR,     /* the power rule's factor n of d(uⁿ)/du dropped (other: the node) */
} Because;

/* A value the learner gave: a checked answer or a `use` value. */
typedef struct {
    Quantity what;
    double value;
    int digits;               /* significant digits it was written with */
    bool judged;              /* a checked answer (else a `use` value) */
    bool wrong;               /* judged, and graded wrong */
} LearnerValue;

/* An earlier value of the learner's that the answer is built on and that
 * is off: a checked answer graded wrong, or a `use` value that is not the
 * exact value rounded to its digits. */
typedef struct {
    Quantity what;
    double value;
    double correct;           /* the exact value, rounded to the slip's digits */
} Slip;

enum { VERDICT_MAX_SLIPS = 3 };

typedef struct {
    Quantity what;
    double answer;
    int digits;               /* significant digits of the answer */
    int decimals;             /* its last written decimal place (2 for 0.00) */
    bool few_digits;          /* under 2: too few to judge closely */
    Grade grade;
    Because because;
    double exact;             /* backstep's value */
    Interval hand_range;      /* what hand rounding at `digits` reaches */
    Quantity other;           /* the quantity a mistake involves: the input used,
                                 the quantity read, the path's weight, dL/dz */
    bool other_is_set;
    int n_slips;              /* slips the answer is built on (carried, or a mistake on top) */
    Slip slips[VERDICT_MAX_SLIPS];
    bool more_slips;          /* there were more than VERDICT_MAX_SLIPS */
    bool on_slips;            /* the verdict builds on the slips (carried, or a mistake on top of them) */
    bool likely;              /* a mistake that fits only within hand rounding, not to every digit */
    bool same_as_before;      /* an updated parameter's right answer that is also its old value */
    bool has_also;            /* a second mistake fits as well: */
    Because also;             /*   which, */
    Quantity also_other;      /*   and the quantity it involves, */
    bool also_other_is_set;   /*   if any */
    int step_digits;          /* BECAUSE_STEP_WRITTEN: the digits the step was written with */
    int n_built_on;           /* BECAUSE_YOUR_VALUES: the learner's values it follows from */
    Slip built_on[VERDICT_MAX_SLIPS];
} Verdict;

/* The least number of significant digits an answer needs to be judged closely. */
enum { GRADE_FEW_DIGITS = 2 };

/* Grades `answer` (written as `written` says) for the computed quantity q.
 * `spec` describes the training step; its overrides and rounding are
 * ignored: backstep's value is exact.  `learner` holds the learner's own
 * earlier values.  False with `error` set only when memory runs out or q
 * is not computed by this derivation. */
bool grade_answer(const DerivationSpec *spec, const LearnerValue *learner, int n_learner, Quantity q,
                  double answer, NumberWritten written, Verdict *verdict, Error *error);

/* True when `answer`, written with `digits` significant digits, agrees with
 * a value: it is the value rounded to those digits, or lies in `range`. */
bool grade_fits(double answer, int digits, double value, Interval range);

#endif
