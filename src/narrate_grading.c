/* narrate_grading: the words for a verdict, the score and `explain` (see
 * narrate.h): the grader returns data, and only this file says it. */
#include "narrate.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "numfmt.h"
#include "quantity.h"
#include "wrap.h"

/* ---- verdicts --------------------------------------------------------- */

/* value to `digits` significant digits, with "= " or "≈ " before it */
static void approximate(double value, int digits, bool all_digits, char *out, size_t size)
{
    char text[NUM_TEXT_MAX];
    bool rounded = all_digits ? num_format_all_digits(text, sizeof text, value, digits, true)
                              : num_format(text, sizeof text, value, digits, true);
    snprintf(out, size, "%s %s", rounded ? "≈" : "=", text);
}

/* "your da/dz = 0.158 (correct: 0.159)" for each slip, joined by "and" */
static void describe_slips(Names names, const Verdict *verdict, char *out, size_t size)
{
    out[0] = '\0';
    for (int i = 0; i < verdict->n_slips; i++) {
        const Slip *slip = &verdict->slips[i];
        char name[NAME_MAX], value[NUM_TEXT_MAX], correct[NUM_TEXT_MAX];
        names_name(names, slip->what, name, sizeof name);
        num_format(value, sizeof value, slip->value, 15, true);
        num_format(correct, sizeof correct, slip->correct, 15, true);
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s = %s (correct: %s)",
                 i == 0 ? "your " : i + 1 == verdict->n_slips ? " and your " : ", your ", name, value, correct);
    }
    if (verdict->more_slips) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, ", among others");
    }
}

/* "(−0.063 to −0.0624)", or "(only −1.538)" when hand rounding reaches one value. */
static void hand_range_text(const Verdict *v, int digits, char *out, size_t size)
{
    char low[NUM_TEXT_MAX], high[NUM_TEXT_MAX];
    num_format(low, sizeof low, v->hand_range.lo, digits + 1, true);
    num_format(high, sizeof high, v->hand_range.hi, digits + 1, true);
    if (strcmp(low, high) == 0)
        snprintf(out, size, "(only %s)", low);
    else
        snprintf(out, size, "(%s to %s)", low, high);
}

/* The words for one mistake; `other` names the quantity it involves. */
static void describe_mistake(Names names, Quantity what, const char *name, Because because, const char *other,
                             char *out, size_t size)
{
    out[0] = '\0';
    switch (because) {
    case MISTAKE_SIGN:
        snprintf(out, size, "the sign is flipped");
        break;
    case MISTAKE_NO_SLOPE:
        snprintf(out, size, "the activation's slope da/dz was left out of the chain");
        break;
    case MISTAKE_SLOPE_OF_Z:
        snprintf(out, size, "σ' was computed as z × (1 − z); it is a × (1 − a), with a = σ(z)");
        break;
    case MISTAKE_NO_INPUT: {
        char input[NAME_MAX];
        names_name(names, quantity_layer_input(what.layer, what.col), input, sizeof input);
        snprintf(out, size, "the factor %s was left out: that is %s", input, other);
        break;
    }
    case MISTAKE_WRONG_INPUT: {
        char input[NAME_MAX];
        names_name(names, quantity_layer_input(what.layer, what.col), input, sizeof input);
        snprintf(out, size, "%s was used in place of %s", other, input);
        break;
    }
    case MISTAKE_DROPPED_TWO:
        snprintf(out, size, "the factor 2 from differentiating the square (ŷ − t)² was dropped");
        break;
    case MISTAKE_FORGOT_HALF:
        snprintf(out, size, "the ½ of half-sse, L = ½ (ŷ − t)², was forgotten");
        break;
    case MISTAKE_UPDATE_ADDED:
        snprintf(out, size, "the step was added; an update subtracts it: θ − lr × dL/dθ");
        break;
    case MISTAKE_NO_LR:
        snprintf(out, size, "lr was left out: the step is lr × dL/dθ");
        break;
    case MISTAKE_UPDATED_WEIGHT:
        snprintf(out, size, "the updated %s was used going backward; the backward pass uses the weights "
                 "from before the update", other);
        break;
    case MISTAKE_ONE_PATH:
        snprintf(out, size, "the hidden error came along one path only (from %s); it arrives along every "
                 "path, summed", other);
        break;
    case MISTAKE_OTHER_QUANTITY:
        snprintf(out, size, "that is the value of %s, not of %s", other, name);
        break;
    case MISTAKE_FACTOR_LEFT_OUT:
        snprintf(out, size, "the factor %s was left out of the chain", other);
        break;
    case MISTAKE_PATH_LEFT_OUT:
        snprintf(out, size, "the term with %s was left out of the sum over paths", other);
        break;
    case MISTAKE_WRONG_POINT:
        snprintf(out, size, "the rule was worked out with %s's value where another value belongs", other);
        break;
    case MISTAKE_INNER_LEFT_OUT:
        snprintf(out, size, "inside %s's formula the chain rule stopped at the outer function: the inner "
                 "part's own derivative was left out", other);
        break;
    case MISTAKE_POWER_FACTOR:
        snprintf(out, size, "the power rule's factor was dropped in %s's formula: d(u^n)/du = n × u^(n − 1)", other);
        break;
        default:
        break;
    }
}

static void reason(Names names, const Verdict *v, char *out, size_t size)
{
    char name[NAME_MAX], other[NAME_MAX] = "", range[2 * NUM_TEXT_MAX + 16], slips[600];
    names_name(names, v->what, name, sizeof name);
    if (v->other_is_set)
        names_name(names, v->other, other, sizeof other);
    describe_slips(names, v, slips, sizeof slips);
    int digits = v->digits < 1 ? 1 : v->digits;
    switch (v->because) {
    case BECAUSE_ROUNDS_TO:
        if (v->answer == v->exact)
            snprintf(out, size, "the exact value");
        else if (v->answer == 0)   /* zero has no significant digits: its decimals say how close */
            snprintf(out, size, "the exact value, rounded to %d decimal place%s", v->decimals,
                     v->decimals == 1 ? "" : "s");
        else
            snprintf(out, size, "the exact value, rounded to %d digit%s", digits, digits == 1 ? "" : "s");
        return;
    case BECAUSE_HAND_RANGE:
        hand_range_text(v, digits, range, sizeof range);
        snprintf(out, size, "within what rounding by hand to %d digit%s can reach %s", digits,
                 digits == 1 ? "" : "s", range);
        return;
    case BECAUSE_CARRIED:
        snprintf(out, size, "consistent with %s", slips);
        return;
    case BECAUSE_YOUR_VALUES: {
        char yours[600] = "";
        for (int i = 0; i < v->n_built_on; i++) {
            char used_name[NAME_MAX], value[NUM_TEXT_MAX];
            names_name(names, v->built_on[i].what, used_name, sizeof used_name);
            num_format(value, sizeof value, v->built_on[i].value, 15, true);
            size_t used = strlen(yours);
            snprintf(yours + used, sizeof yours - used, "%s%s = %s",
                     i == 0 ? "your " : i + 1 == v->n_built_on ? " and your " : ", your ", used_name, value);
        }
        hand_range_text(v, digits, range, sizeof range);
        snprintf(out, size, "within what rounding by hand to %d digit%s reaches from %s %s", digits,
                 digits == 1 ? "" : "s", yours[0] ? yours : "your earlier values", range);
        return;
    }
    case BECAUSE_STEP_WRITTEN: {
        int step_digits = v->step_digits < 1 ? 1 : v->step_digits;
        hand_range_text(v, digits, range, sizeof range);
        snprintf(out, size, "θ less the step lr × dL/dθ written to %d digit%s, as hand mode works it %s", step_digits,
                 step_digits == 1 ? "" : "s", range);
        return;
    }
    case BECAUSE_UNKNOWN:
        snprintf(out, size, "no common slip gives this; `explain %s` shows every factor", name);
        return;
    default:
        break;
    }
    char first[600], second[600];
    describe_mistake(names, v->what, name, v->because, other, first, sizeof first);
    if (v->has_also) {
        char also_other[NAME_MAX] = "";
        if (v->also_other_is_set)
            names_name(names, v->also_other, also_other, sizeof also_other);
        describe_mistake(names, v->what, name, v->also, also_other, second, sizeof second);
        snprintf(out, size, "either %s, or %s", first, second);
    } else {
        snprintf(out, size, "%s%s", v->likely ? "likely " : "", first);
    }
    if (v->on_slips) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, ", on top of %s", slips);
    }
}

void narr_verdict(FILE *out, const Style *style, Names names, const char *text, const Verdict *verdict)
{
    char name[NAME_MAX], mark[64], ours[NUM_TEXT_MAX + 8], why[1200], answer[NUM_TEXT_MAX];
    names_name(names, verdict->what, name, sizeof name);
    if (verdict->grade == GRADE_UNANSWERED) {
        char shown[NUM_TEXT_MAX * 2];
        narr_colored(style, "31", "✗", mark, sizeof mark);
        escape_controls(text, shown, sizeof shown);
        if (verdict->because == BECAUSE_BLANK)
            narr_printf(out, style, "%s %s: not answered: the blank is still empty\n", mark, name);
        else if (verdict->because == BECAUSE_NO_VALUE)
            narr_printf(out, style, "%s %s: not answered: no value is written\n", mark, name);
        else if (verdict->because == BECAUSE_SEVERAL_VALUES)
            narr_printf(out, style, "%s %s: not answered: '%s' is more than one value\n", mark, name, shown);
        else
            narr_printf(out, style, "%s %s: not answered: '%s' is not a number\n", mark, name, shown);
        return;
    }
    bool right = verdict->grade != GRADE_WRONG;
    narr_colored(style, right ? "32" : "31", right ? "✓" : "✗", mark, sizeof mark);
    /* a wrong answer is shown what it should have been, at its own digits;
     * a right one sees more digits, to show how close it is */
    int digits = verdict->digits < 1 ? 1 : verdict->digits;
    /* what a wrong answer should have been, at its own digits, zeros kept
     * (0.750, not 0.75); but a value short enough to write whole is written
     * whole (48 for an answer of 8, not ≈ 50), and never at under 2 digits */
    int wrong_digits = digits;
    for (int d = digits; !right && d <= 4; d++) {
        char whole[NUM_TEXT_MAX];
        num_format_all_digits(whole, sizeof whole, verdict->exact, d, true);
        if (num_text_is_exact(whole, verdict->exact)) {
            wrong_digits = d;
            break;
        }
        if (d == digits && d < 2)
            wrong_digits = 2;
    }
    approximate(verdict->exact, right ? (digits + 2 > 4 ? digits + 2 : 4) : wrong_digits, !right, ours, sizeof ours);
    reason(names, verdict, why, sizeof why);
    /* the answer as written, with a proper minus sign */
    snprintf(answer, sizeof answer, "%s%s", text[0] == '-' ? "−" : "", text + (text[0] == '-' || text[0] == '+'));
    narr_printf(out, style, "%s %s = %s  (backstep %s): %s%s%s\n", mark, name, answer, ours, why,
                verdict->same_as_before ? "; it is the value before the update too: at these digits the step "
                                          "does not show" : "",
                verdict->few_digits ? "; with under 2 significant digits too little is left to judge" : "");
}

void narr_score(FILE *out, const Style *style, Score score)
{
    int total = score.correct + score.carried + score.wrong + score.unanswered + score.unreadable;
    char carried[64] = "", unanswered[64] = "";
    if (score.carried)
        snprintf(carried, sizeof carried, " (%d with error carried forward)", score.carried);
    if (score.unanswered)
        snprintf(unanswered, sizeof unanswered, "; %d not answered", score.unanswered);
    char unreadable[96] = "";
    if (score.unreadable)
        snprintf(unreadable, sizeof unreadable, "; %d check line%s could not be read (see the errors)",
                 score.unreadable, score.unreadable == 1 ? "" : "s");
    narr_printf(out, style, "score: %d/%d correct%s%s%s\n", score.correct + score.carried, total, carried, unanswered,
                unreadable);
}

/* ---- explain ---------------------------------------------------------- */

typedef struct {
    char name[2 * NAME_MAX + 4];
    double value;
} Factor;

enum { MAX_FACTORS = 4 * NET_MAX_LAYERS + 4 };

static void add_factor(Factor *factors, int *n, const char *name, double value)
{
    if (*n == MAX_FACTORS)
        return;
    snprintf(factors[*n].name, sizeof factors[*n].name, "%s", name);
    factors[(*n)++].value = value;
}

/* d(top)/d(bottom) as a factor's name, e.g. dz2/da1 */
static void partial(Names names, Quantity top, Quantity bottom, char *out, size_t size)
{
    char a[NAME_MAX], b[NAME_MAX];
    names_name(names, top, a, sizeof a);
    names_name(names, bottom, b, sizeof b);
    snprintf(out, size, "d%s/d%s", a, b);
}

static double value_of(const Derivation *d, Quantity q)
{
    const Step *step = deriv_find(d, q);
    return step ? step->value : 0.0;
}

/* The factors of dL/dz_l[j] back to the loss, while each layer above has
 * one neuron; false when the path branches (then dL/da stays one factor). */
static void error_factors(Names names, const Derivation *d, int layer, int j, Factor *factors, int *n)
{
    const Net *net = names.net;
    char name[2 * NAME_MAX + 4];
    for (;;) {
        Quantity dz = {Q_DL_DZ, layer, j, 0, 0};
        if (net->activation[layer]->whole_layer) {
            names_name(names, dz, name, sizeof name);
            add_factor(factors, n, name, value_of(d, dz));
            return;
        }
        Quantity slope = {Q_DA_DZ, layer, j, 0, 0}, da = {Q_DL_DA, layer, j, 0, 0};
        names_name(names, slope, name, sizeof name);
        add_factor(factors, n, name, value_of(d, slope));
        if (layer == net->n_layers || net->sizes[layer + 1] != 1) {
            names_name(names, da, name, sizeof name);
            add_factor(factors, n, name, value_of(d, da));
            return;
        }
        partial(names, (Quantity){Q_Z, layer + 1, 0, 0, 0}, (Quantity){Q_A, layer, j, 0, 0}, name, sizeof name);
        add_factor(factors, n, name, *net_weight(net, layer + 1, 0, j));
        layer++;
        j = 0;
    }
}

static void print_chain(FILE *out, const Style *style, Names names, const Derivation *d, const Step *target)
{
    const Net *net = names.net;
    Quantity q = target->what;
    Factor factors[MAX_FACTORS];
    int n = 0;
    char name[2 * NAME_MAX + 4];
    if (!net)   /* an expression's steps carry their own chain */
        return;
    if (target->phase == PHASE_UPDATE || (q.kind != Q_DL_DW && q.kind != Q_DL_DB && q.kind != Q_DL_DZ &&
                                          !(q.kind == Q_DL_DA && q.layer < net->n_layers)))
        return;
    if (q.kind == Q_DL_DW || q.kind == Q_DL_DB) {
        Quantity z = {Q_Z, q.layer, q.row, 0, 0};
        Quantity param = q.kind == Q_DL_DW ? (Quantity){Q_WEIGHT, q.layer, q.row, q.col, 0}
                                           : (Quantity){Q_BIAS, q.layer, q.row, 0, 0};
        partial(names, z, param, name, sizeof name);
        double input = q.kind == Q_DL_DB ? 1.0
                       : q.layer == 1    ? target->operands[1].value
                                         : value_of(d, (Quantity){Q_A, q.layer - 1, q.col, 0, 0});
        add_factor(factors, &n, name, input);
        error_factors(names, d, q.layer, q.row, factors, &n);
    } else if (q.kind == Q_DL_DZ) {
        error_factors(names, d, q.layer, q.row, factors, &n);
    } else {
        if (net->sizes[q.layer + 1] != 1)
            return;
        partial(names, (Quantity){Q_Z, q.layer + 1, 0, 0, 0}, (Quantity){Q_A, q.layer, q.row, 0, 0}, name, sizeof name);
        add_factor(factors, &n, name, *net_weight(net, q.layer + 1, 0, q.row));
        error_factors(names, d, q.layer + 1, 0, factors, &n);
    }
    if (n < 2)
        return;
    char symbols[NARR_LINE_MAX] = "", numbers[NARR_LINE_MAX] = "", text[NUM_TEXT_MAX], result[NUM_TEXT_MAX];
    names_name(names, q, name, sizeof name);
    for (int i = n - 1; i >= 0; i--) {   /* from the loss back to the quantity */
        size_t used = strlen(symbols);
        snprintf(symbols + used, sizeof symbols - used, "%s%s", i == n - 1 ? "" : " × ", factors[i].name);
        narr_number(style, factors[i].value, text, sizeof text);
        used = strlen(numbers);
        snprintf(numbers + used, sizeof numbers - used, factors[i].value < 0 ? "%s(%s)" : "%s%s",
                 i == n - 1 ? "" : " × ", text);
    }
    bool rounded = narr_number(style, target->value, result, sizeof result);
    narr_printf(out, style, "%s = %s\n  = %s %s %s\n", name, symbols, numbers, rounded ? "≈" : "=", result);
}

void narr_explain(FILE *out, const Style *style, Names names, const Derivation *exact, const Step *target,
                  const bool *reached, const LearnerValue *learner, const char *const *texts,
                  const Verdict *const *verdicts, int n_learner)
{
    print_chain(out, style, names, exact, target);
    char name[NAME_MAX];
    names_name(names, deriv_step_quantity(target), name, sizeof name);
    narr_printf(out, style, "%s is computed from these steps (exact values):\n", name);
    for (int i = 0; i <= deriv_step_index(exact, target); i++) {
        if (!reached[i])
            continue;
        const Step *step = deriv_step(exact, i);
        char symbolic[NARR_LINE_MAX], numeric[NARR_LINE_MAX], value[NUM_TEXT_MAX], beside[200] = "";
        Quantity q = deriv_step_quantity(step);
        names_name(names, q, name, sizeof name);
        narr_fill(style, names, step, false, symbolic, sizeof symbolic);
        narr_fill(style, names, step, true, numeric, sizeof numeric);
        bool rounded = narr_number(style, step->value, value, sizeof value);
        for (int k = 0; k < n_learner; k++) {
            if (!quantity_equal(learner[k].what, q))
                continue;
            char mark[64] = "", yours[NUM_TEXT_MAX];
            if (texts[k])   /* as written, with a proper minus sign */
                snprintf(yours, sizeof yours, "%s%s", texts[k][0] == '-' ? "−" : "",
                         texts[k] + (texts[k][0] == '-' || texts[k][0] == '+'));
            else
                num_format(yours, sizeof yours, learner[k].value, 15, true);
            if (verdicts[k]) {
                const Verdict *v = verdicts[k];
                char colored[64];
                snprintf(mark, sizeof mark, " %s%s", narr_colored(style, v->grade == GRADE_WRONG ? "31" : "32",
                                                                  v->grade == GRADE_WRONG ? "✗" : "✓", colored,
                                                                  sizeof colored),
                         v->grade == GRADE_CARRIED ? " (carried forward)" : "");
            } else {
                snprintf(mark, sizeof mark, " (your `use` value)");
            }
            snprintf(beside, sizeof beside, "    yours: %s%s", yours, mark);
            break;
        }
        /* an expression's steps carry their own chain and rule (dy/dg = d(g²)/dg = 2g) */
        char chain[NARR_LINE_MAX] = "";
        if (names.graph && step->chain)
            snprintf(chain, sizeof chain, "%s = ", step->chain);
        if (names.graph && strcmp(symbolic, value) == 0)   /* a constant factor: dq/dx = 1 */
            narr_printf(out, style, "  %s = %s%s%s\n", name, chain, value, beside);
        else if (strcmp(symbolic, numeric) == 0 || (names.graph && strcmp(numeric, value) == 0))
            narr_printf(out, style, "  %s = %s%s %s %s%s\n", name, chain, symbolic, rounded ? "≈" : "=", value,
                        beside);
        else
            narr_printf(out, style, "  %s = %s%s = %s %s %s%s\n", name, chain, symbolic, numeric,
                        rounded ? "≈" : "=", value, beside);
    }
}
