/* Grading hand-computed answers: every outcome here was decided by hand.
 *
 * The numbers come from the walkthroughs (lessons 000 and 003), from the
 * grader's specification, and from a hand computation of a 2-2-2
 * network in which each mistake was worked through on its own:
 *   x = (1, 2), W1 = [0.1 0.2; 0.3 0.4], W2 = [0.5 −0.6; 0.7 0.2], no
 *   biases' effect (0), t = (1, 0), sigmoid, sse, lr 0.5, which gives
 *   dL/dW1[1,1] = 0.017291, dL/dW2[1,1] = −0.16561, and with
 *     the updated W2 in the backward pass      dL/dW1[1,1] = 0.0057423
 *     one path only, from dL/dz2[1]             dL/dW1[1,1] = −0.031262
 *     one path only, from dL/dz2[2]             dL/dW1[1,1] = 0.048552
 *     layer 1's slope left out                  dL/dW1[1,1] = 0.073577
 *     the 2 of (ŷ − t)² dropped                 dL/dW2[1,1] = −0.082803
 *     a1[2] in place of a1[1]                   dL/dW2[1,1] = −0.19961
 *     W1[1,1] after the update                  0.091355 */
#include <stdlib.h>

#include "functions.h"
#include "grade.h"
#include "net.h"
#include "quantity.h"
#include "tap.h"

typedef struct {
    Net *net;
    double x[4], t[4];
    DerivationSpec spec;
    LearnerValue learner[16];
    int n_learner;
} World;

static void world_init(World *w, const char *shape, const char *loss, double lr)
{
    memset(w, 0, sizeof *w);
    const char *sigmoid = "sigmoid";
    Error error;
    w->net = net_new(shape, &sigmoid, 1, &error);
    w->spec = (DerivationSpec){w->net, w->x, w->t, loss_find(loss), lr, true, 0, false, NULL, 0, 0, NULL, NULL};
}

static Quantity name(const World *w, const char *text)
{
    Quantity q = {0};
    Error error;
    if (!quantity_parse(w->net, true, NULL, text, &q, &error))
        tap_ok(false, "the name %s parses: %s", text, error.message);
    return q;
}

/* Grades `answer` for `quantity`; with `remember`, keeps it as the learner's. */
static Verdict grade(World *w, const char *quantity, const char *answer, bool remember)
{
    Verdict verdict;
    memset(&verdict, 0, sizeof verdict);
    double value;
    NumberWritten written;
    Error error;
    if (!num_parse(answer, &value, &written) ||
        !grade_answer(&w->spec, w->learner, w->n_learner, name(w, quantity), value, written, &verdict, &error)) {
        tap_ok(false, "%s %s can be graded", quantity, answer);
        return verdict;
    }
    if (remember && w->n_learner < 16)
        w->learner[w->n_learner++] = (LearnerValue){verdict.what, value, written.significant_digits, true,
                                                    verdict.grade == GRADE_WRONG};
    return verdict;
}

static const char *const GRADES[] = {"correct", "carried forward", "wrong", "not answered"};

static void expect_grade(World *w, const char *quantity, const char *answer, Grade grade_wanted, bool remember)
{
    Verdict v = grade(w, quantity, answer, remember);
    tap_ok(v.grade == grade_wanted, "%s = %s is %s (got %s)", quantity, answer, GRADES[grade_wanted], GRADES[v.grade]);
}

static void expect_mistake(World *w, const char *quantity, const char *answer, Because because, const char *other)
{
    Verdict v = grade(w, quantity, answer, false);
    bool other_right = true;
    if (other) {
        char text[NAME_MAX] = "";
        if (v.other_is_set)
            quantity_name(w->net, v.other, text, sizeof text);
        other_right = strcmp(text, other) == 0;
    }
    tap_ok(v.grade == GRADE_WRONG && v.because == because && other_right, "%s = %s is wrong, diagnosed as %d%s%s (got %d)",
           quantity, answer, (int)because, other ? " with " : "", other ? other : "", (int)v.because);
}

static void single_neuron(void)
{
    /* lesson 000: x = (2, 3), w = (0.5, −0.2), b = 1, t = 1, ½(ŷ − t)², lr 0.1 */
    World w;
    world_init(&w, "2-1", "half-sse", 0.1);
    w.x[0] = 2, w.x[1] = 3, w.t[0] = 1;
    *net_weight(w.net, 1, 0, 0) = 0.5;
    *net_weight(w.net, 1, 0, 1) = -0.2;
    *net_bias(w.net, 1, 0) = 1;

    /* rule 1, as its specification gives it: exact dL/dw1 = −0.06278 */
    expect_grade(&w, "dL/dw1", "-0.0628", GRADE_CORRECT, false);
    expect_grade(&w, "dL/dw1", "-0.063", GRADE_CORRECT, false);
    Verdict v = grade(&w, "dL/dw1", "-0.0626", false);
    tap_ok(v.grade == GRADE_CORRECT && v.because == BECAUSE_HAND_RANGE,
           "dL/dw1 = -0.0626 is within the 3-digit hand range (%g to %g)", v.hand_range.lo, v.hand_range.hi);
    expect_grade(&w, "dL/dw1", "-0.0600", GRADE_WRONG, false);
    v = grade(&w, "dL/dw1", "-0.06", false);
    tap_ok(v.few_digits && !grade(&w, "dL/dw1", "-0.063", false).few_digits,
           "one significant digit is warned about; two are not");
    expect_grade(&w, "z", "1.4", GRADE_CORRECT, false);
    expect_grade(&w, "a", "0.802", GRADE_CORRECT, false);
    expect_grade(&w, "L", "0.0196", GRADE_CORRECT, false);
    expect_grade(&w, "w1_new", "0.506", GRADE_CORRECT, false);
    expect_grade(&w, "b_new", "1.003", GRADE_CORRECT, false);

    /* at 1 digit, by hand: z = 1.4 (short, kept) or 1; a = 0.8 or 0.7;
     * dL/da = −0.2 or −0.3; da/dz = 0.16 (kept), 0.2 or 0.1, or 0.21 (kept)
     * or 0.2; dL/dz and dL/dw1 = 2 dL/dz stay negative: −0.04 to −0.12.
     * L = ½ × 0.2² = 0.02 or ½ × 0.3² = 0.045 (kept), 0.05 or 0.04: never
     * 0.01.  The flipped signs are wrong, and named so. */
    expect_mistake(&w, "dL/dw1", "0.06", MISTAKE_SIGN, NULL);
    expect_mistake(&w, "dL/dw2", "0.09", MISTAKE_SIGN, NULL);
    expect_mistake(&w, "dL/dz", "0.03", MISTAKE_SIGN, NULL);
    expect_grade(&w, "L", "0.01", GRADE_WRONG, false);
    expect_grade(&w, "dL/dw1", "-0.08", GRADE_CORRECT, false);   /* 2 × (−0.2 × 0.2) */
    expect_grade(&w, "dL/dw1", "-0.04", GRADE_CORRECT, false);   /* 2 × (−0.2 × 0.1) */
    expect_grade(&w, "dL/dw1", "-0.1", GRADE_CORRECT, false);    /* 2 × (−0.3 × 0.2) = −0.12 */
    expect_grade(&w, "L", "0.05", GRADE_CORRECT, false);

    /* rule 3: each mistake worked by hand from dL/da = −0.19782,
     * da/dz = 0.15869, dL/dz = −0.031392 */
    expect_mistake(&w, "dL/dw1", "0.0628", MISTAKE_SIGN, NULL);
    expect_mistake(&w, "dL/dw1", "-0.0314", MISTAKE_NO_INPUT, "dL/dz");         /* dL/dz itself */
    expect_mistake(&w, "dL/dw1", "-0.0942", MISTAKE_WRONG_INPUT, "x2");         /* −0.031392 × 3 */
    expect_mistake(&w, "dL/dw1", "-0.396", MISTAKE_NO_SLOPE, NULL);             /* −0.19782 × 2 */
    expect_mistake(&w, "dL/dw1", "0.222", MISTAKE_SLOPE_OF_Z, NULL);            /* −0.19782 × 1.4(1 − 1.4) × 2 */
    expect_mistake(&w, "da/dz", "-0.56", MISTAKE_SLOPE_OF_Z, NULL);             /* 1.4 × (1 − 1.4) */
    expect_mistake(&w, "dL/dw1", "-0.126", MISTAKE_FORGOT_HALF, NULL);          /* 2 × −0.06278 */
    expect_mistake(&w, "L", "0.0391", MISTAKE_FORGOT_HALF, NULL);               /* 2 × 0.019563 */
    expect_mistake(&w, "w1_new", "0.494", MISTAKE_UPDATE_ADDED, NULL);          /* 0.5 + 0.1 × −0.06278 */
    expect_mistake(&w, "w1_new", "0.563", MISTAKE_NO_LR, NULL);                 /* 0.5 + 0.06278 */
    expect_mistake(&w, "a", "1.4", MISTAKE_OTHER_QUANTITY, "z");
    expect_mistake(&w, "dL/dz", "-0.198", MISTAKE_NO_SLOPE, NULL);              /* dL/da alone */
    expect_mistake(&w, "dL/db", "0.802", MISTAKE_OTHER_QUANTITY, "a");

    /* the same slips with the step written at 3 digits, as hand mode works
     * it: 0.5 + 0.1 × (−0.0626) = 0.49374 adds the step, 0.5 − (−0.0626) =
     * 0.5626 leaves lr out */
    expect_mistake(&w, "w1_new", "0.49374", MISTAKE_UPDATE_ADDED, NULL);
    expect_mistake(&w, "w1_new", "0.5626", MISTAKE_NO_LR, NULL);
    /* w2_new = −0.2 − 0.1 × (−0.0942) = −0.19058: −0.2 at 1 digit is right,
     * but it is also w2 not updated at all, and the line must say so */
    v = grade(&w, "w2_new", "-0.2", false);
    tap_ok(v.grade == GRADE_CORRECT && v.same_as_before, "w2_new = -0.2 is right, and the same as before the update");
    v = grade(&w, "w2_new", "-0.19", false);
    tap_ok(v.grade == GRADE_CORRECT && !v.same_as_before, "w2_new = -0.19 shows the update");

    /* rule 2: the walkthrough carries da/dz = 0.158 (a `use` value) */
    w.learner[w.n_learner++] = (LearnerValue){name(&w, "da/dz"), 0.158, 3, false, false};
    v = grade(&w, "dL/dw1", "-0.0626", false);
    tap_ok(v.grade == GRADE_CARRIED && v.n_slips == 1 && v.slips[0].value == 0.158 && v.slips[0].correct == 0.159,
           "with da/dz = 0.158 carried, dL/dw1 = -0.0626 is consistent with it (correct: 0.159)");
    expect_grade(&w, "dL/dw1", "-0.0628", GRADE_CORRECT, false);
    /* hand mode subtracts the written step whole: the walkthrough's
     * dL/dw1 = −0.0626 gives 0.5 − 0.1 × (−0.0626) = 0.50626 and
     * dL/db = −0.0313 gives 1.00313; forgetting the update entirely (0.5)
     * or taking 0.00726 as the step (0.50726) is no such writing */
    v = grade(&w, "w1_new", "0.50626", false);
    tap_ok(v.grade != GRADE_WRONG && (v.because == BECAUSE_STEP_WRITTEN || v.because == BECAUSE_CARRIED),
           "w1_new = 0.50626, the written step subtracted whole, is right (because %d)", (int)v.because);
    expect_grade(&w, "b_new", "1.00313", GRADE_CARRIED, false);
    expect_grade(&w, "w1_new", "0.50726", GRADE_WRONG, false);
    net_free(w.net);
}

static void walkthrough_003(void)
{
    /* x = 2, w1 = 0.5, b1 = 0.1, w2 = 0.3, b2 = 0.2, t = 1, (ŷ − t)², lr 0.01 */
    World w;
    world_init(&w, "1-1-1", "sse", 0.01);
    w.x[0] = 2, w.t[0] = 1;
    *net_weight(w.net, 1, 0, 0) = 0.5;
    *net_bias(w.net, 1, 0) = 0.1;
    *net_weight(w.net, 2, 0, 0) = 0.3;
    *net_bias(w.net, 2, 0) = 0.2;

    /* before any slip: −0.145 is no honest rounding of dL/dw2 = −0.14179 */
    expect_grade(&w, "dL/dw2", "-0.145", GRADE_WRONG, false);

    /* the walkthrough's own values, in its order */
    expect_grade(&w, "a1", "0.75", GRADE_CORRECT, true);
    expect_grade(&w, "z2", "0.425", GRADE_CORRECT, true);
    expect_grade(&w, "a2", "0.605", GRADE_CORRECT, true);
    expect_grade(&w, "L", "0.156", GRADE_CORRECT, true);
    expect_grade(&w, "dL/da2", "-0.79", GRADE_CORRECT, true);
    Verdict v = grade(&w, "da2/dz2", "0.244", true);
    tap_ok(v.grade == GRADE_WRONG && num_round_sig(v.exact, 3) == 0.239,
           "σ'(0.425) = 0.244 is wrong: it is 0.239");
    tap_ok(v.because == MISTAKE_SLOPE_OF_Z, "0.244 is z2 × (1 − z2) = 0.425 × 0.575, not a2 × (1 − a2)");
    v = grade(&w, "dL/dw2", "-0.145", true);
    tap_ok(v.grade == GRADE_CARRIED && v.n_slips == 1 && v.slips[0].value == 0.244,
           "dL/dw2 = -0.145 is carried forward from da2/dz2 = 0.244");
    expect_grade(&w, "da1/dz1", "0.188", GRADE_CORRECT, true);
    v = grade(&w, "dL/dw1", "-0.022", true);
    tap_ok(v.grade == GRADE_CARRIED && v.n_slips == 1 && v.slips[0].value == 0.244,
           "dL/dw1 = -0.022 is carried forward from da2/dz2 = 0.244, not plainly correct");
    expect_grade(&w, "w2_new", "0.301", GRADE_CORRECT, true);
    /* hand mode's own update, step written at 3 digits and subtracted whole:
     * dL/dw1 by hand is −0.0567 × 0.188 = −0.0107 (cut: −0.0106), × 2 =
     * −0.0214, so w1_new = 0.5 − 0.01 × (−0.0214) = 0.500214 */
    World fresh;
    world_init(&fresh, "1-1-1", "sse", 0.01);
    fresh.x[0] = 2, fresh.t[0] = 1;
    *net_weight(fresh.net, 1, 0, 0) = 0.5;
    *net_bias(fresh.net, 1, 0) = 0.1;
    *net_weight(fresh.net, 2, 0, 0) = 0.3;
    *net_bias(fresh.net, 2, 0) = 0.2;
    v = grade(&fresh, "w1_new", "0.500214", false);
    tap_ok(v.grade == GRADE_CORRECT && v.because == BECAUSE_STEP_WRITTEN && v.step_digits == 3,
           "w1_new = 0.500214 is 0.5 less a 3-digit step (because %d, %d digits)", (int)v.because, v.step_digits);
    net_free(fresh.net);
    /* a mistake on top of the slip: the sign of the carried −0.1447 */
    v = grade(&w, "dL/dw2", "0.145", false);
    tap_ok(v.grade == GRADE_WRONG && v.because == MISTAKE_SIGN && v.on_slips,
           "dL/dw2 = 0.145 flips the sign of the value carried from 0.244");
    net_free(w.net);
}

static void hidden_layers(void)
{
    World w;
    world_init(&w, "2-2-2", "sse", 0.5);
    w.x[0] = 1, w.x[1] = 2, w.t[0] = 1, w.t[1] = 0;
    const double W1[2][2] = {{0.1, 0.2}, {0.3, 0.4}}, W2[2][2] = {{0.5, -0.6}, {0.7, 0.2}};
    for (int j = 0; j < 2; j++)
        for (int k = 0; k < 2; k++) {
            *net_weight(w.net, 1, j, k) = W1[j][k];
            *net_weight(w.net, 2, j, k) = W2[j][k];
        }
    expect_grade(&w, "dL/dW1[1,1]", "0.0173", GRADE_CORRECT, false);
    expect_grade(&w, "dL/dW2[1,1]", "-0.166", GRADE_CORRECT, false);
    expect_grade(&w, "W1[1,1]_new", "0.0914", GRADE_CORRECT, false);
    expect_mistake(&w, "dL/dW1[1,1]", "0.00574", MISTAKE_UPDATED_WEIGHT, "W2");
    expect_mistake(&w, "dL/dW1[1,1]", "-0.0313", MISTAKE_ONE_PATH, "dL/dz2[1]");
    expect_mistake(&w, "dL/dW1[1,1]", "0.0486", MISTAKE_ONE_PATH, "dL/dz2[2]");
    expect_mistake(&w, "dL/dW1[1,1]", "0.0736", MISTAKE_NO_SLOPE, NULL);
    expect_mistake(&w, "dL/dW2[1,1]", "-0.0828", MISTAKE_DROPPED_TWO, NULL);
    expect_mistake(&w, "dL/dW2[1,1]", "-0.200", MISTAKE_WRONG_INPUT, "a1[2]");
    expect_mistake(&w, "dL/dW1[1,1]", "0.777", BECAUSE_UNKNOWN, NULL);
    net_free(w.net);
}

static void fits(void)
{
    /* rule 1 by itself: rounding to the digits written, or a range */
    tap_ok(grade_fits(0.239, 3, 0.239038, interval_point(0.239038)), "0.239 fits 0.239038 at 3 digits");
    tap_ok(!grade_fits(0.244, 3, 0.239038, (Interval){0.2379, 0.2398}), "0.244 fits neither 0.239038 nor its range");
    tap_ok(grade_fits(0.158, 3, 0.158685, (Interval){0.1574, 0.1598}), "0.158 lies in the range");
    /* writing down at 3 digits: 0.802184 rounds and cuts off to 0.802;
     * -0.031392 rounds to -0.0314 and cuts off to -0.0313 */
    Interval r = interval_hand_round(interval_point(0.802184), 3);
    tap_ok(r.lo == 0.802 && r.hi == 0.802,
           "0.802184 at 3 digits is written 0.802 (got %.9g to %.9g)", r.lo, r.hi);
    r = interval_hand_round(interval_point(-0.0313), 3);
    tap_ok(r.lo == -0.0313 && r.hi == -0.0313,
           "-0.0313 is kept: it already has 3 digits (got %.9g to %.9g)", r.lo, r.hi);
    r = interval_hand_round(interval_point(-0.031392), 3);
    tap_ok(r.lo == -0.0314 && r.hi == -0.0313,
           "-0.031392 at 3 digits reaches -0.0314 to -0.0313 (got %.9g to %.9g)", r.lo, r.hi);
    /* 1.4 at 1 digit is 1, rounded or cut off, or kept: it is short;
     * 0.96 is 1
     * rounded, 0.9 cut off; 0.15 is 0.2 rounded half away, 0.1 cut off */
    r = interval_hand_round(interval_point(1.4), 1);
    tap_ok(r.lo == 1 && r.hi == 1.4, "1.4 at 1 digit is written 1 or 1.4 (got %.9g to %.9g)", r.lo, r.hi);
    r = interval_hand_round(interval_point(0.802184), 1);
    tap_ok(r.lo == 0.8 && r.hi == 0.8, "0.802184 at 1 digit is written 0.8 (got %.9g to %.9g)", r.lo, r.hi);
    r = interval_hand_round((Interval){0.15, 0.96}, 1);
    tap_ok(r.lo == 0.1 && r.hi == 1, "[0.15, 0.96] at 1 digit reaches 0.1 to 1 (got %.9g to %.9g)", r.lo, r.hi);
    r = interval_hand_round((Interval){-0.96, 0.15}, 1);
    tap_ok(r.lo == -1 && r.hi == 0.2, "[-0.96, 0.15] at 1 digit reaches -1 to 0.2 (got %.9g to %.9g)", r.lo, r.hi);
}

/* A value that follows from an earlier right answer, by hand rounding
 * from it rather than from the exact value, is credited with its name.
 * 2-2-2 sigmoid, bce, all weights 0 but b2[1] = 0.6177: a2[1] = σ(0.6177)
 * = 0.64970, so 0.650 is right at 3 digits.  dL/da2[1] = −1/a2[1]
 * = −1.5392, and from the exact a2[1] hand rounding at 4 digits gives
 * −1/0.6497 = −1.5392 or so, never −1.538; from the learner's 0.650 it is
 * −1/0.650 = −1.5385, written −1.538. */
static void from_earlier_answers(void)
{
    World w;
    world_init(&w, "2-2-2", "bce", 0.1);
    w.x[0] = 1, w.x[1] = 0.5, w.t[0] = 1, w.t[1] = 0;
    *net_bias(w.net, 2, 0) = 0.6177;
    expect_grade(&w, "dL/da2[1]", "-1.538", GRADE_WRONG, false);
    expect_grade(&w, "a2[1]", "0.650", GRADE_CORRECT, true);
    Verdict v = grade(&w, "dL/da2[1]", "-1.538", false);
    tap_ok(v.grade == GRADE_CORRECT && v.because == BECAUSE_YOUR_VALUES && v.n_built_on == 1 &&
               v.built_on[0].value == 0.650 && interval_contains(v.hand_range, -1.538),
           "after a2[1] = 0.650, dL/da2[1] = -1.538 is right from it, and its range holds it "
           "(%d, %d values, %g to %g)", (int)v.because, v.n_built_on, v.hand_range.lo, v.hand_range.hi);
    net_free(w.net);
}

/* Two slips, one value: with x = (1, 2) the neuron of lesson 000 has
 * z = 0.5 − 0.4 + 1 = 1.1, a = σ(1.1) = 0.75026, dL/dz = (a − 1) × a × (1 − a)
 * = −0.046794 = dL/dw1.  Twice that, −0.0936, is both x2 in place of x1 and
 * the ½ forgotten: both are named.  With x = (2, 3), x2 in place of x1
 * gives 3 × −0.031392 = −0.094176: −0.0942 is that slip, −0.0941 only
 * within hand rounding of it, so "likely". */
static void uncertain_diagnoses(void)
{
    World w;
    world_init(&w, "2-1", "half-sse", 0.1);
    w.x[0] = 1, w.x[1] = 2, w.t[0] = 1;
    *net_weight(w.net, 1, 0, 0) = 0.5;
    *net_weight(w.net, 1, 0, 1) = -0.2;
    *net_bias(w.net, 1, 0) = 1;
    Verdict v = grade(&w, "dL/dw1", "-0.0936", false);
    bool both = v.has_also && ((v.because == MISTAKE_WRONG_INPUT && v.also == MISTAKE_FORGOT_HALF) ||
                               (v.because == MISTAKE_FORGOT_HALF && v.also == MISTAKE_WRONG_INPUT));
    tap_ok(v.grade == GRADE_WRONG && both, "dL/dw1 = -0.0936 names both slips that give it (%d and %d)",
           (int)v.because, v.has_also ? (int)v.also : -1);
    w.x[0] = 2, w.x[1] = 3;
    v = grade(&w, "dL/dw1", "-0.0942", false);
    tap_ok(v.because == MISTAKE_WRONG_INPUT && !v.likely && !v.has_also, "dL/dw1 = -0.0942 is x2 in place of x1");
    v = grade(&w, "dL/dw1", "-0.0941", false);
    tap_ok(v.because == MISTAKE_WRONG_INPUT && v.likely && !v.has_also,
           "dL/dw1 = -0.0941 is likely x2 in place of x1, not surely");
    net_free(w.net);
}

int main(void)
{
    fits();
    single_neuron();
    walkthrough_003();
    hidden_layers();
    from_earlier_answers();
    uncertain_diagnoses();
    return tap_done();
}
