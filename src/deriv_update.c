/* deriv_update: one parameter's update by an optimizer that keeps state
 * (momentum, rmsprop, adam; see optimizer.h), written onto the tape as
 * seed 001 writes it, one step per quantity, for a parameter θ with
 * gradient g = dL/dθ at step t:
 *   momentum  v_θ_new = β × v_θ − lr × g;               θ_new = θ + v_θ_new
 *   rmsprop   cache_θ_new = ρ × cache_θ + (1 − ρ) × (g)²;
 *             θ_new = θ − lr × g / (√cache_θ_new + 1e-8)
 *   adam      m_θ_new = β1 × m_θ + (1 − β1) × g;  v_θ_new = β2 × v_θ + (1 − β2) × (g)²;
 *             m̂_θ = m_θ_new / (1 − β1^t);  v̂_θ = v_θ_new / (1 − β2^t);
 *             θ_new = θ − lr × m̂_θ / (√v̂_θ + ε)
 * The state before the step (v_θ) is given, read from the spec's
 * optimizer; what follows is computed.  Each value is worked out in the
 * order of operations of the table's step(), so that exact arithmetic
 * gives its numbers to the last bit (tests/test_optimizer_update.c); in
 * hand mode every step is rounded as any other.  sgd's update, with its
 * own hand rule, stays in deriv_network.c. */
#include <math.h>
#include <string.h>

#include "deriv_builder.h"
#include "optimizer.h"

/* ---- ranges ----------------------------------------------------------- */

static Interval interval_square(Interval a)
{
    double lo = a.lo * a.lo, hi = a.hi * a.hi;
    if (a.lo <= 0 && a.hi >= 0)
        return (Interval){0.0, fmax(lo, hi)};
    return (Interval){fmin(lo, hi), fmax(lo, hi)};
}

/* √a + add, for add > 0: what a step's denominator can be. */
static Interval root_plus(Interval a, double add)
{
    return (Interval){sqrt(fmax(a.lo, 0.0)) + add, sqrt(fmax(a.hi, 0.0)) + add};
}

/* a / d for a denominator d above 0. */
static Interval divided(Interval a, Interval d)
{
    return interval_mul(a, (Interval){1.0 / d.hi, 1.0 / d.lo});
}

/* ---- steps ------------------------------------------------------------ */

typedef struct {
    Builder *b;
    Quantity param, gradient;
    StepKind kind;   /* STEP_NET_UPDATE for the first step of the whole update, then STEP_PLAIN */
} Update;

static Operand setting(const Update *u, int slot)
{
    return tape_operand(u->b, (Quantity){Q_SETTING, 0, 0, 0, slot});
}

static Operand state_before(const Update *u, int slot)
{
    return tape_operand(u->b, quantity_state_of(Q_STATE_WEIGHT, u->param, slot));
}

/* Records a step of the update and returns the value it carries. */
static double add(Update *u, Quantity what, const char *formula, Operand *ops, int n, double computed, Interval range)
{
    StepDraft draft = {what, PHASE_UPDATE, NULL, formula, n, ops, computed, range, u->kind};
    u->kind = STEP_PLAIN;
    return tape_add_step(u->b, &draft);
}

/* The last step: the parameter's new value. */
static void add_parameter(Update *u, const char *formula, Operand *ops, int n, double computed, Interval range)
{
    add(u, u->param, formula, ops, n, computed, range);
    Step *step = &u->b->d->steps[u->b->d->n_steps - 1];
    step->before = ops[0].value;
}

/* β × s + (1 − β) × x, with x = g or (g)²: an average that runs over the
 * steps, as m, v and cache are. */
static void running_mean(Update *u, int setting_slot, int state_slot, bool squared)
{
    Operand ops[3] = {setting(u, setting_slot), state_before(u, state_slot), tape_operand(u->b, u->gradient)};
    double beta = ops[0].value, s = ops[1].value, g = ops[2].value;
    double x = squared ? g * g : g;
    ops[0].partial = s - x;
    ops[1].partial = beta;
    ops[2].partial = (1 - beta) * (squared ? 2 * g : 1.0);
    Interval x_range = squared ? interval_square(ops[2].range) : ops[2].range;
    Interval range = interval_add(interval_mul(ops[0].range, ops[1].range),
                                  interval_mul(interval_point(1 - beta), x_range));
    add(u, quantity_state_of(Q_NEW_STATE_WEIGHT, u->param, state_slot),
        squared ? "{0} × {1} + (1 − {0}) × ({2})²" : "{0} × {1} + (1 − {0}) × {2}", ops, 3,
        beta * s + (1 - beta) * x, range);
}

/* m̂ = m_new / (1 − β1^t), v̂ likewise: the state corrected for starting at 0. */
static void corrected(Update *u, int slot)
{
    Operand ops[3] = {tape_operand(u->b, quantity_state_of(Q_NEW_STATE_WEIGHT, u->param, slot)), setting(u, slot),
                      tape_operand(u->b, (Quantity){Q_STEP_NUMBER, 0, 0, 0, 0})};
    double denominator = 1 - pow(ops[1].value, ops[2].value);
    ops[0].partial = 1 / denominator;
    add(u, quantity_state_of(Q_HAT_WEIGHT, u->param, slot), "{0} / (1 − {1}^{2})", ops, 3,
        ops[0].value / denominator, divided(ops[0].range, interval_point(denominator)));
}

/* θ − lr × x / (√s + ε): rmsprop's and adam's step, x the gradient or m̂,
 * s the cache or v̂; with `epsilon` NULL, ε is rmsprop's 1e-8. */
static void scaled_step(Update *u, Quantity x, Quantity s, const Operand *epsilon)
{
    Operand ops[5] = {tape_operand(u->b, u->param), tape_operand(u->b, (Quantity){Q_LEARNING_RATE, 0, 0, 0, 0}),
                      tape_operand(u->b, x), tape_operand(u->b, s)};
    double eps = epsilon ? epsilon->value : 1e-8;
    if (epsilon)
        ops[4] = *epsilon;
    double rate = ops[1].value, top = ops[2].value, root = sqrt(ops[3].value), denominator = root + eps;
    ops[0].partial = 1;
    ops[1].partial = -top / denominator;
    ops[2].partial = -rate / denominator;
    ops[3].partial = root > 0 ? rate * top / (denominator * denominator) / (2 * root) : 0.0;
    Interval change = divided(interval_mul(ops[1].range, ops[2].range), root_plus(ops[3].range, eps));
    add_parameter(u, epsilon ? "{0} − {1} × {2} / (√{3} + {4})" : "{0} − {1} × {2} / (√{3} + 1e-8)", ops,
                  epsilon ? 5 : 4, ops[0].value - rate * top / denominator, interval_sub(ops[0].range, change));
}

/* ---- the optimizers ----------------------------------------------------- */

static void momentum(Update *u)
{
    Operand ops[4] = {setting(u, 0), state_before(u, 0), tape_operand(u->b, (Quantity){Q_LEARNING_RATE, 0, 0, 0, 0}),
                      tape_operand(u->b, u->gradient)};
    ops[0].partial = ops[1].value;
    ops[1].partial = ops[0].value;
    ops[2].partial = -ops[3].value;
    ops[3].partial = -ops[2].value;
    Quantity velocity = quantity_state_of(Q_NEW_STATE_WEIGHT, u->param, 0);
    add(u, velocity, "{0} × {1} − {2} × {3}", ops, 4, ops[0].value * ops[1].value - ops[2].value * ops[3].value,
        interval_sub(interval_mul(ops[0].range, ops[1].range), interval_mul(ops[2].range, ops[3].range)));

    Operand moved[2] = {tape_operand(u->b, u->param), tape_operand(u->b, velocity)};
    moved[0].partial = moved[1].partial = 1;
    add_parameter(u, "{0} + {1}", moved, 2, moved[0].value + moved[1].value,
                  interval_add(moved[0].range, moved[1].range));
}

static void rmsprop(Update *u)
{
    running_mean(u, 0, 0, true);
    scaled_step(u, u->gradient, quantity_state_of(Q_NEW_STATE_WEIGHT, u->param, 0), NULL);
}

static void adam(Update *u)
{
    running_mean(u, 0, 0, false);
    running_mean(u, 1, 1, true);
    corrected(u, 0);
    corrected(u, 1);
    Operand epsilon = setting(u, 2);
    scaled_step(u, quantity_state_of(Q_HAT_WEIGHT, u->param, 0), quantity_state_of(Q_HAT_WEIGHT, u->param, 1),
                &epsilon);
}

static const struct {
    const char *name;   /* the optimizer's row (optimizer.h) */
    void (*write)(Update *u);
} WRITERS[] = {
    {"momentum", momentum},
    {"rmsprop", rmsprop},
    {"adam", adam},
};

bool update_has_state(const DerivationSpec *spec)
{
    return spec->optimizer && spec->optimizer->optimizer && spec->optimizer->optimizer->n_state > 0;
}

void update_with_optimizer(Builder *b, Quantity param, Quantity gradient, bool first)
{
    Update u = {b, param, gradient, first ? STEP_NET_UPDATE : STEP_PLAIN};
    for (size_t i = 0; i < sizeof WRITERS / sizeof WRITERS[0]; i++)
        if (strcmp(WRITERS[i].name, b->spec->optimizer->optimizer->name) == 0) {
            WRITERS[i].write(&u);
            return;
        }
    deriv_set_problem(b, "backstep cannot narrate %s's update yet", b->spec->optimizer->optimizer->name);
}
