/* functions: the activation and loss tables.
 *
 * Each activation and each loss is one row: its name, its function, its
 * derivative, and formula templates that narration fills in.  A template
 * is UTF-8 text in which {0}, {1}, ... stand for operands; narration fills
 * it once with operand names and once with their values.  Adding an
 * activation is one row here plus its tests, never an `if` in the engine. */
#ifndef BACKSTEP_FUNCTIONS_H
#define BACKSTEP_FUNCTIONS_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "interval.h"

/* Which value the derivative template reads. */
typedef enum {
    DERIVATIVE_READS_A,        /* σ'(z) written with a = σ(z) */
    DERIVATIVE_READS_Z,        /* relu'(z) needs z itself */
    DERIVATIVE_READS_NOTHING,  /* a constant */
} DerivativeOperand;

struct Activation;

/* A number a network may choose for its activation, as leaky_relu(0.2)
 * chooses the negative slope (PyTorch's negative_slope). */
typedef struct {
    const char *name;        /* "negative slope" */
    double least, most;      /* the values accepted */
    /* Sets what depends on the parameter in an activation's copy of its
     * row: its ranges of values and slopes. */
    void (*chosen)(double parameter, struct Activation *activation);
} ActivationParameter;

/* The values a quantity can take: from low to high, each end included or
 * not; -INFINITY or INFINITY where there is no bound.  With `ends_only`,
 * only the two ends themselves (relu's slope is 0 or 1). */
typedef struct {
    double low, high;
    bool low_included, high_included;
    bool ends_only;
} ValueRange;

/* True when value lies in range. */
bool value_range_contains(ValueRange range, double value);

/* The texts of an activation, and its functions, may use its parameter:
 * {p} in a text stands for it, and the functions receive it. */
typedef struct Activation {
    const char *name;
    const char *definition;            /* shown by `help network` and `network` */
    const char *value_template;        /* {0} is z */
    const char *derivative_template;   /* {0} is a or z, as derivative_reads says */
    DerivativeOperand derivative_reads;
    double (*value)(double z, double parameter);                  /* NULL for softmax */
    double (*derivative)(double z, double a, double parameter);   /* NULL for softmax */
    bool whole_layer;                  /* softmax: each a depends on every z */
    /* The slope, as a function of the operand it reads, rises to one peak
     * here and falls after it (σ' = a(1 − a) peaks at a = 0.5, tanh' at
     * a = 0); without a peak it is monotone.  Used to bound it over a range. */
    bool slope_peaks;
    double slope_peak_at;
    ValueRange values;                 /* what a can be: σ(z) in (0, 1) */
    ValueRange slopes;                 /* what da/dz can be: σ'(z) in (0, 0.25] */
    const ActivationParameter *takes;  /* the parameter it takes, or NULL */
    double parameter;                  /* its value: the table's default, or a network's choice */
    /* For a function people work out through parts (σ through e^(−z),
     * tanh through e^z and e^(−z)): the values it can take for z in the
     * range when each part is written down at `digits` digits (rounded or
     * cut off); NULL when it has no parts. */
    Interval (*parts_range)(Interval z, int digits);
} Activation;

enum { ACTIVATION_TEXT_MAX = 200 };

/* An activation as one network layer uses it: the table row with its
 * parameter chosen, and texts that show that parameter.  The row's text
 * pointers point into this struct, so never copy it: choose again. */
typedef struct {
    Activation activation;
    char definition[ACTIVATION_TEXT_MAX];
    char value_template[ACTIVATION_TEXT_MAX];
    char derivative_template[ACTIVATION_TEXT_MAX];
} ActivationChoice;

/* The slip a loss invites when it is worked by hand. */
typedef enum {
    LOSS_SLIP_NONE,
    LOSS_SLIP_DROPPED_TWO,   /* (ŷ − t)² differentiated without its factor 2 */
    LOSS_SLIP_FORGOT_HALF,   /* ½ (ŷ − t)² computed without its ½ */
} LossSlip;

/* Smallest probability the logarithmic losses take, so that ln(0) stays finite. */
#define LOSS_PROBABILITY_FLOOR 1e-12

typedef struct Loss {
    const char *name;
    const char *definition;        /* "L = ½ Σⱼ (ŷⱼ − tⱼ)²" */
    const char *gradient_definition;
    const char *summary;
    /* L from outputs a[0..n) and targets t[0..n). */
    double (*value)(const double *a, const double *t, int n);
    /* dL/da[j]. */
    double (*gradient)(const double *a, const double *t, int n, int j);
    /* Writes L's template; operands are a[0], t[0], a[1], t[1], ... */
    void (*value_template)(char *out, size_t size, int n);
    /* Writes dL/da[j]'s template; operands are a[j], t[j]. */
    void (*gradient_template)(char *out, size_t size, int n);
    bool logarithmic;              /* takes ln of outputs: clamps at the floor; outputs and targets
                                      must be probabilities, in [0, 1] */
    bool softmax_shortcut;         /* with softmax, dL/dz = ŷ − t */
    LossSlip slip;
} Loss;

extern const Activation ACTIVATIONS[];
extern const int N_ACTIVATIONS;
extern const Loss LOSSES[];
extern const int N_LOSSES;
enum { N_LOSSES_MAX = 16 };   /* room for every row of LOSSES */

/* The row named `name`, or NULL. */
const Activation *activation_find(const char *name);

/* Fills `choice` with `row` taking `parameter` (ignored for a row that
 * takes none), with {p} in its texts replaced by the number. */
void activation_choose(const Activation *row, double parameter, ActivationChoice *choice);

/* f(z) and f'(z) (given a = f(z)) with the activation's own parameter. */
double activation_value(const Activation *activation, double z);

/* σ(z), written in two halves so that e^(−z) never overflows: σ(±800) is 1
 * or a tiny positive number, never nan.  The sigmoid row and training's
 * fast path both call it, so their values agree to the last bit. */
static inline double sigmoid_of(double z)
{
    if (z >= 0)
        return 1.0 / (1.0 + exp(-z));
    double e = exp(z);
    return e / (1.0 + e);
}
double activation_derivative(const Activation *activation, double z, double a);

/* The activation as a network names it: "sigmoid", "leaky_relu(0.2)". */
void activation_label(const Activation *activation, char *out, size_t size);

/* Writes `text` with {p} replaced by `parameter_text` into out. */
void activation_fill(const char *text, const char *parameter_text, char *out, size_t size);
const Loss *loss_find(const char *name);

/* A loss formula (definition or gradient_definition) as it reads for a
 * network with n_outputs outputs: with one output, "Σⱼ " and the
 * subscript ⱼ are dropped (L = ½ (ŷ − t)²). */
void loss_formula(const char *formula, int n_outputs, char *out, size_t size);

/* Bounds over ranges, for the range a hand computation can reach (see
 * interval.h).  Every activation's value is non-decreasing in z, every
 * loss is a sum of one convex term per output, and every loss gradient
 * dL/da[j] is non-decreasing in a[j]: test_functions checks all three, and
 * these bounds rely on them. */
Interval activation_value_range(const Activation *activation, Interval z);
Interval activation_slope_range(const Activation *activation, Interval operand);
/* a[j] lies in a_range[j]; t is exact. */
Interval loss_range(const Loss *loss, const Interval *a_range, const double *t, int n);
Interval loss_gradient_range(const Loss *loss, const Interval *a_range, const double *t, int n, int j);

/* softmax over z[0..n) into a[0..n), shifted by max(z) so it never overflows. */
void softmax(const double *z, double *a, int n);

#endif
