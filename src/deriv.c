/* deriv: the tape of a derivation (see deriv.h): its steps in order, the
 * index from a quantity to its step, and what every step shares: hand
 * rounding, the learner's own values and hand ranges.  deriv_network.c
 * builds the dense network's steps onto it. */
#include "deriv.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "deriv_builder.h"
#include "graph.h"
#include "interrupt.h"
#include "numfmt.h"
#include "optimizer.h"

/* ---- the derivation ---------------------------------------------------- */

/* Appends printf-style text to a template buffer of TEMPLATE_MAX bytes. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void template_append(char *buffer, const char *format, ...)
{
    size_t used = strlen(buffer);
    if (used + 1 >= TEMPLATE_MAX)
        return;
    va_list args;
    va_start(args, format);
    vsnprintf(buffer + used, TEMPLATE_MAX - used, format, args);
    va_end(args);
}

char *tape_name(Builder *b, Quantity q)
{
    char name[NAME_MAX];
    names_name((Names){b->net, b->spec->use_bias, b->spec->graph, b->spec->loss, b->spec->optimizer}, q, name,
               sizeof name);
    return arena_strdup(&b->d->arena, name);
}

static int *index_slot(const Derivation *d, Quantity q)
{
    if ((int)q.kind >= N_INDEXED_KINDS || quantity_is_whole(q))
        return NULL;
    if (q.kind == Q_LOSS)
        return (int *)&d->loss_step;
    int *table = d->index[q.kind][q.layer];
    if (!table)
        return NULL;
    if (q.kind == Q_LOCAL)   /* an expression graph's: node by node */
        return &table[q.row * d->sizes[0] + q.col];
    bool matrix = q.kind == Q_DL_DW || q.kind == Q_NEW_WEIGHT || q.kind == Q_NEW_STATE_WEIGHT || q.kind == Q_HAT_WEIGHT;
    int n = d->sizes[q.layer] * (matrix ? d->sizes[q.layer - 1] : 1);   /* elements of one slot */
    return &table[q.slot * n + (matrix ? q.row * d->sizes[q.layer - 1] + q.col : q.row)];
}

static const Override *find_override(const DerivationSpec *spec, Quantity q)
{
    for (int i = 0; i < spec->n_overrides; i++)
        if (quantity_equal(spec->overrides[i].what, q))
            return &spec->overrides[i];
    return NULL;
}

/* The value of q as carried at this point of the derivation: a parameter,
 * the sample, the learning rate, or an earlier step's carried value. */
Operand tape_operand(const Builder *b, Quantity q)
{
    const DerivationSpec *spec = b->spec;
    Operand op = {q, 0.0, {0.0, 0.0}, 0.0};
    switch (q.kind) {
    case Q_INPUT: op.value = spec->graph ? spec->graph->nodes[q.row].value : spec->input[q.row]; break;
    case Q_TARGET: op.value = spec->target[q.row]; break;
    case Q_WEIGHT: op.value = *net_weight(b->net, q.layer, q.row, q.col); break;
    case Q_BIAS: op.value = *net_bias(b->net, q.layer, q.row); break;
    case Q_LEARNING_RATE: op.value = spec->learning_rate; break;
    case Q_STATE_WEIGHT: case Q_STATE_BIAS: {
        int n_in = b->net->sizes[q.layer - 1];
        int index = q.kind == Q_STATE_WEIGHT ? q.row * n_in + q.col : b->net->sizes[q.layer] * n_in + q.row;
        op.value = spec->optimizer ? optimizer_state_value(spec->optimizer, q.slot, q.layer, index) : 0.0;
        break;
    }
    case Q_SETTING: op.value = spec->optimizer ? spec->optimizer->settings[q.slot] : 0.0; break;
    case Q_STEP_NUMBER: op.value = spec->optimizer ? (double)(spec->optimizer->steps + 1) : 1.0; break;
    default: {
        int *slot = index_slot(b->d, q);
        if (slot && *slot >= 0) {
            op.value = b->d->steps[*slot].value;
            op.range = b->d->steps[*slot].range;
            return op;
        }
    }
    }
    op.range = interval_point(op.value);   /* given numbers are exact */
    return op;
}

static const Step *source_step(const Builder *b, Quantity q)
{
    int *slot = index_slot(b->d, q);
    return slot && *slot >= 0 ? &b->d->steps[*slot] : NULL;
}

/* Room for one more step; false (and the arena marked failed) when
 * memory runs out. */
static bool make_room(Derivation *d)
{
    if (d->n_steps < d->capacity)
        return true;
    int capacity = d->capacity ? d->capacity * 2 : 64;
    Step *steps = realloc(d->steps, (size_t)capacity * sizeof *steps);
    if (!steps) {
        d->arena.failed = true;
        return false;
    }
    d->steps = steps;
    d->capacity = capacity;
    return true;
}

/* Records a step: applies the learner's override or hand rounding, indexes
 * it, and returns the value it carries forward. */
double tape_add_step(Builder *b, const StepDraft *draft)
{
    Derivation *d = b->d;
    if (!make_room(d))
        return draft->computed;
    Step *step = &d->steps[d->n_steps];
    memset(step, 0, sizeof *step);
    step->what = draft->what;
    step->phase = draft->phase;
    step->chain = draft->chain ? arena_strdup(&d->arena, draft->chain) : NULL;
    step->formula = arena_strdup(&d->arena, draft->formula);
    step->n_operands = draft->n_operands;
    step->operands = arena_alloc(&d->arena, sizeof(Operand) * (size_t)(draft->n_operands ? draft->n_operands : 1));
    if (!step->formula || !step->operands)
        return draft->computed;
    memcpy(step->operands, draft->operands, sizeof(Operand) * (size_t)draft->n_operands);
    step->computed = draft->computed;
    step->kind = draft->kind;

    for (int i = 0; i < draft->n_operands && !step->uses_override; i++) {
        const Step *source = source_step(b, draft->operands[i].what);
        if (source && (source->overridden || source->uses_override)) {
            step->uses_override = true;
            step->override_source = source->overridden ? source->what : source->override_source;
        }
    }

    const Override *override = find_override(b->spec, draft->what);
    step->range = interval_hand_round(draft->range, b->spec->range_digits);
    if (!(step->range.lo <= step->range.hi))   /* nan: no range can be given */
        step->range = interval_point(draft->computed);
    if (override && draft->phase != PHASE_UPDATE) {
        step->value = override->value;
        step->overridden = true;
        step->range = interval_point(override->value);
    } else if (b->spec->round_digits > 0 && b->spec->round_places) {
        step->value = num_round_decimals(draft->computed, b->spec->round_digits);
    } else if (b->spec->round_digits > 0) {
        step->value = num_round_sig(draft->computed, b->spec->round_digits);
    } else {
        step->value = draft->computed;
    }

    int *slot = index_slot(d, deriv_step_quantity(step));
    if (slot)
        *slot = d->n_steps;
    if (b->spec->range_digits == 0)
        step->range = interval_point(step->value);
    d->n_steps++;
    return step->value;
}

void deriv_set_problem(Builder *b, const char *format, ...)
{
    char text[ERROR_MESSAGE_MAX];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    if (!b->d->problem)
        b->d->problem = arena_strdup(&b->d->arena, text);
}

void tape_copy_step(Builder *b, const Step *step)
{
    Derivation *d = b->d;
    if (!make_room(d))
        return;
    d->steps[d->n_steps] = *step;
    int *slot = index_slot(d, deriv_step_quantity(step));
    if (slot)
        *slot = d->n_steps;
    d->n_steps++;
}

int tape_steps_unchanged(const Derivation *base, const DerivationSpec *spec)
{
    int unchanged = base->n_steps;
    for (int i = 0; i < spec->n_overrides; i++) {
        const Step *step = deriv_find(base, spec->overrides[i].what);
        if (!step || step->phase == PHASE_UPDATE)   /* an update is never overridden */
            continue;
        /* the first override of a quantity is the one applied; compared bit
         * for bit, as −0 and 0 may carry differently */
        const Override *applied = find_override(spec, step->what);
        if (!step->overridden || memcmp(&applied->value, &step->value, sizeof step->value) != 0) {
            int index = deriv_step_index(base, step);
            unchanged = index < unchanged ? index : unchanged;
        }
    }
    for (int i = 0; i < unchanged; i++)
        if (base->steps[i].overridden && !find_override(spec, base->steps[i].what))
            return i;
    return unchanged;
}

/* ---- what a person writes down inside a step ------------------------- */

/* A product inside a sum, as it may be written down before it is added. */
Interval written_term(const Builder *b, Interval term)
{
    return interval_hand_round(term, b->spec->range_digits);
}

/* Records on the step just added what writing down inside it can add to
 * its value: each product of a sum of products, its operands taken in
 * pairs (a last odd one, the bias, is added whole). */
void mark_products_written(Builder *b)
{
    int digits = b->spec->range_digits;
    if (b->d->n_steps == 0 || digits <= 0 || digits >= 15)
        return;
    Step *step = &b->d->steps[b->d->n_steps - 1];
    Interval inside = interval_point(0);
    for (int o = 0; o + 1 < step->n_operands; o += 2) {
        const Operand *x = &step->operands[o], *y = &step->operands[o + 1];
        bool fixed = source_step(b, x->what) == NULL && source_step(b, y->what) == NULL;
        inside = interval_add(inside, interval_writing_error(x->value * y->value, digits, fixed));
        double variance, cut_shift;
        interval_writing_spread(x->value * y->value, digits, &variance, &cut_shift);
        step->inside_variance += variance;
        step->inside_cut_shift += cut_shift;
    }
    step->written_inside = inside;
}

/* The values a person reaches working an activation out through its
 * parts (σ through e^(−z)) for z in the range, or `value` when it has
 * none or there are no hand ranges. */
Interval activation_parts(const Builder *b, const Activation *activation, Interval z, Interval value)
{
    int digits = b->spec->range_digits;
    if (!activation->parts_range || digits <= 0 || digits >= 15)
        return value;
    Interval parts = activation->parts_range(z, digits);
    if (!(parts.lo <= parts.hi))
        return value;
    return (Interval){fmin(value.lo, parts.lo), fmax(value.hi, parts.hi)};
}

/* ---- public ----------------------------------------------------------- */

Derivation *deriv_build(const DerivationSpec *spec) { return deriv_build_part(spec, NULL, NULL); }

Derivation *deriv_build_part(const DerivationSpec *spec, const Quantity *only, const Derivation *reuse)
{
    /* an expression's graph is small: it is built whole */
    return spec->graph ? deriv_build_graph(spec) : deriv_build_network(spec, only, reuse);
}

const char *deriv_problem(const Derivation *derivation) { return derivation->problem; }

void deriv_free(Derivation *derivation)
{
    if (!derivation)
        return;
    free(derivation->steps);
    arena_free(&derivation->arena);
    free(derivation);
}

int deriv_n_steps(const Derivation *derivation) { return derivation->n_steps; }

const Step *deriv_step(const Derivation *derivation, int index) { return &derivation->steps[index]; }

int deriv_phase_start(const Derivation *derivation, Phase phase) { return derivation->phase_start[phase]; }

const Step *deriv_find(const Derivation *derivation, Quantity q)
{
    if (q.kind == Q_LOSS)
        return derivation->loss_step >= 0 ? &derivation->steps[derivation->loss_step] : NULL;
    int *slot = index_slot(derivation, q);
    return slot && *slot >= 0 ? &derivation->steps[*slot] : NULL;
}

Quantity deriv_step_quantity(const Step *step)
{
    return deriv_step_updates_parameter(step) ? quantity_updated(step->what) : step->what;
}

bool deriv_step_updates_parameter(const Step *step)
{
    return step->phase == PHASE_UPDATE && quantity_is_parameter(step->what);
}

int deriv_step_index(const Derivation *derivation, const Step *step) { return (int)(step - derivation->steps); }

void deriv_mark_sources(const Derivation *derivation, const Step *step, bool *reached)
{
    int target = deriv_step_index(derivation, step);
    memset(reached, 0, sizeof *reached * (size_t)derivation->n_steps);
    reached[target] = true;
    /* a step reads only earlier steps, so one sweep downward reaches all */
    for (int i = target; i >= 0; i--) {
        if (!reached[i])
            continue;
        const Step *s = &derivation->steps[i];
        for (int o = 0; o < s->n_operands; o++) {
            const Step *from = deriv_find(derivation, s->operands[o].what);
            if (from && deriv_step_index(derivation, from) < i)
                reached[deriv_step_index(derivation, from)] = true;
        }
    }
}

double deriv_loss(const Derivation *derivation)
{
    return derivation->loss_step >= 0 ? derivation->steps[derivation->loss_step].value : 0.0;
}
