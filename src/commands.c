/* commands: the command table, `help`, and the lesson commands (see commands.h).
 * The handlers live in the commands_*.c files (setup, stepping, grading,
 * expression, draw, init); command_handlers.h declares them for the table. */
#include "commands.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command_handlers.h"
#include "domain.h"
#include "escape.h"
#include "functions.h"
#include "grade.h"
#include "interrupt.h"
#include "literal.h"
#include "numfmt.h"
#include "quantity.h"
#include "script.h"
#include "suggest.h"
#include "wrap.h"

enum {
    HELP_WIDTH = 80,           /* help never takes more columns than this */
    HELP_USAGE_COLUMNS = 30,   /* the usage column of `help`'s table */
};

/* ---- lessons ---------------------------------------------------------- */

Status cmd_say(Session *session, const Args *args, Error *error)
{
    (void)error;
    char shown[4 * SCRIPT_LINE_MAX + 1];   /* a lesson's text, with control characters shown as \xHH */
    escape_controls(args->rest ? args->rest : "", shown, sizeof shown);
    say_line(session, shown);
    return STATUS_OK;
}

Status cmd_pause(Session *session, const Args *args, Error *error)
{
    (void)args;
    (void)error;
    return script_pause(session);
}

Status cmd_load(Session *session, const Args *args, Error *error)
{
    if (session->depth >= 8)
        return error_set(error, "lessons load each other too deeply (at most 8 levels)"), STATUS_ERROR;
    LineSource *source = script_open_file(args->words[0], error);
    if (!source)
        return STATUS_ERROR;
    session->depth++;
    Status status = script_run(session, source, NULL);
    session->depth--;
    script_close(source);
    if (status == STATUS_ERROR || status == STATUS_STOPPED)
        return STATUS_STOPPED;   /* reported already; with --bail or Ctrl-C the outer source stops too */
    return status == STATUS_QUIT ? STATUS_QUIT : STATUS_OK;
}

Status cmd_help(Session *session, const Args *args, Error *error)
{
    /* help fits 80 columns everywhere, and a narrower terminal too */
    Style style = session_style(session);
    style.width = style.width > 0 && style.width < HELP_WIDTH ? style.width : HELP_WIDTH;
    FILE *out = session->out;
    char line[1024];
    if (args->count == 0) {
        narr_print(out, &style, "Commands (`help COMMAND` tells more):\n");
        for (int i = 0; i < N_COMMANDS; i++) {
            snprintf(line, sizeof line, "  %-*s %s\n", HELP_USAGE_COLUMNS, COMMANDS[i].usage, COMMANDS[i].summary);
            narr_print_prose(out, &style, line, HELP_USAGE_COLUMNS + 3);
        }
        narr_print_prose(out, &style, "Names: x, t, W1 (W1[j,k]: neuron j, input k), b1, z1, a1, L, dL/dW1[j,k], "
                           "da1/dz1[j], ..., dL/dx1; one neuron: w1, b, z, a, da/dz, dL/dw1; after the update: "
                           "w1_new.\n", 7);
        narr_print_prose(out, &style, "Expressions: each input and node (x, g), the output's derivative by each "
                         "(dy/dx, dy/dg), and the local factors between neighbours (dg/dx).\n", 13);
        return STATUS_OK;
    }
    const Command *command = command_find(args->words[0]);
    if (!command) {
        char hint[400];
        suggest_command(args->words[0], "`help` lists them all", hint, sizeof hint);
        return error_set(error, "no command '%s'%s", args->words[0], hint), STATUS_ERROR;
    }
    snprintf(line, sizeof line, "%s\n  %s\n", command->usage, command->summary);
    narr_print_paragraphs(out, &style, line);
    if (command->details)
        narr_print_paragraphs(out, &style, command->details);
    if (command->complete == COMPLETE_ACTIVATIONS)
        for (int i = 0; i < N_ACTIVATIONS; i++) {
            const Activation *row = &ACTIVATIONS[i];
            char definition[ACTIVATION_TEXT_MAX], usual[NUM_TEXT_MAX], least[NUM_TEXT_MAX], most[NUM_TEXT_MAX];
            activation_fill(row->definition, "s", definition, sizeof definition);
            snprintf(line, sizeof line, "    %-11s %s\n", row->name, definition);
            narr_print_hanging(out, &style, line, 16);
            if (!row->takes)
                continue;
            num_format(usual, sizeof usual, row->parameter, 15, true);
            num_format(least, sizeof least, row->takes->least, 15, true);
            num_format(most, sizeof most, row->takes->most, 15, true);
            snprintf(line, sizeof line, "    %-11s s is the %s, %s to %s: %s(0.2); %s if none is given\n", "",
                     row->takes->name, least, most, row->name, usual);
            narr_print_hanging(out, &style, line, 16);
        }
    if (command->complete == COMPLETE_COMPUTED)
        for (int i = 0; i < N_ACTIVATIONS; i++) {
            char values[64], slopes[64];
            domain_range_text(ACTIVATIONS[i].values, values, sizeof values);
            domain_range_text(ACTIVATIONS[i].slopes, slopes, sizeof slopes);
            if (ACTIVATIONS[i].whole_layer)
                snprintf(line, sizeof line, "    %-11s a %s; no single da/dz (each a depends on every z)\n",
                         ACTIVATIONS[i].name, values);
            else if (ACTIVATIONS[i].takes)   /* leaky_relu(0.2): its slope is the network's choice */
                snprintf(line, sizeof line, "    %-11s a %s, da/dz its negative slope (%g unless the network "
                         "chose another, as leaky_relu(0.2) does) or 1\n", ACTIVATIONS[i].name, values,
                         ACTIVATIONS[i].parameter);
            else
                snprintf(line, sizeof line, "    %-11s a %s, da/dz %s\n", ACTIVATIONS[i].name, values, slopes);
            narr_print_hanging(out, &style, line, 16);
        }
    if (command->complete == COMPLETE_LOSSES)
        for (int i = 0; i < N_LOSSES; i++) {
            snprintf(line, sizeof line, "    %-9s %s   (%s)\n", LOSSES[i].name, LOSSES[i].definition,
                     LOSSES[i].summary);
            narr_print_hanging(out, &style, line, 14);
        }
    return STATUS_OK;
}

Status cmd_quit(Session *session, const Args *args, Error *error)
{
    (void)args;
    (void)error;
    session->quit = true;
    return STATUS_QUIT;
}

/* ---- the table -------------------------------------------------------- */

const Command COMMANDS[] = {
    {"network", "network SHAPE [ACTIVATION...]", "define the network, e.g. network 2-3-1 sigmoid",
     "  SHAPE is layer sizes joined by '-', the inputs first (at most 12 layers after the input and 64\n"
     "  neurons a layer).  Give one activation for every layer, or one per layer (network 2-4-1 relu\n"
     "  sigmoid); sigmoid if none.  Every weight and bias starts at 0.  W1 has a row per neuron and a\n"
     "  column per input: z1[j] = sum over k of W1[j,k] × x[k] + b1[j].\n"
     "  Given again with the same shape, to change activations, the network keeps its\n"
     "  weights, biases, x and t.  Activations:",
     1, NET_MAX_LAYERS + 1, cmd_network, COMPLETE_ACTIVATIONS, NULL},
    {"expr", "expr NAME = FORMULA", "define a node of an expression: expr g = 3x + 2, expr y = g^2",
     "  Expression mode narrates the chain rule on any formula.  A name a formula uses that no\n"
     "  expr line defines is an input: give it a value with set (set x 2), before or after.  The\n"
     "  last node defined is the output (y, say), and backward gives dy/dNAME for every node and\n"
     "  input, and each local factor between neighbours (dg/dx).  Defining a name again makes a new node\n"
     "  from the old one (expr c = c + 1); the earlier one is then c_1.  Formulas take numbers,\n"
     "  names, + - * / ^ (or **), parentheses, 3x and 2(x + 1) for products, and the functions\n"
     "  sin cos tan exp log (ln) sqrt abs sigmoid (σ) tanh relu leaky_relu max(a, b) min(a, b).\n"
     "  `network SHAPE` goes back to network mode.",
     1, -1, cmd_expr, COMPLETE_NOTHING, NULL},
    {"set", "set NAME VALUE", "set a weight, a bias, x or t: set w1 0.5, set W1 [0.1 0.2; 0.3 0.4]",
     "  A matrix literal lists rows separated by ';', or as NumPy writes it:\n"
     "  [[0.1, 0.2], [0.3, 0.4]], with np.array(...) around it or not.  A one-element\n"
     "  literal, [0.5], is that number.  W1[2,1] is neuron 2's weight on input 1.\n"
     "  Numbers may be from -1e6 to 1e6.  Changing a parameter or the sample starts a fresh derivation.\n"
     "  In expression mode, set gives an input its value (set x 2); before any network or formula,\n"
     "  it starts expression mode with that input.",
     2, 2, cmd_set, COMPLETE_SETTABLE, NULL},
    {"init", "init METHOD [NUMBERS] [seed N]", "start every weight as NumPy would draw it: init randn 0.5 seed 42",
     "  Every method sets every bias to 0, and draws W1, then W2 and so on, from one generator:\n"
     "    init randn SCALE [seed N]   np.random.randn(n_out, n_in) × SCALE, SCALE > 0\n"
     "    init uniform LO HI [seed N] np.random.uniform(LO, HI, (n_out, n_in)); LO<HI\n"
     "    init xavier [seed N]        randn × sqrt(1/n_in), n_in the layer's inputs\n"
     "    init he [seed N]            randn × sqrt(2/n_in), for relu layers\n"
     "    init zeros                  every weight 0\n"
     "  The values are NumPy's bit for bit: its legacy generator after np.random.seed(N).  Without\n"
     "  a seed the seed is 0, so a lesson always replays the same; a seed is a whole number from\n"
     "  0 to 4294967295, as NumPy's is.  Each matrix is drawn a row per neuron, (n_out, n_in);\n"
     "  `order in-out` draws it as (n_in, n_out), the layout of programs that compute X @ W, and\n"
     "  keeps its transpose, so the network is that program's.  init sets every weight, frozen\n"
     "  or not, and a frozen parameter stays frozen.  It starts a fresh derivation, as `set` does.",
     1, 6, cmd_init, COMPLETE_INIT, NULL},
    {"data", "data [add|xor|load|clear]", "the samples to train on: data add 2 3 -> 1, data xor, data load FILE",
     "  `data` alone lists the rows.  `data add 2 3 -> 1` appends a row: as many inputs as the\n"
     "  network has, ->, then its targets.  `data xor`, `data and` and `data or` give the four rows\n"
     "  of a truth table (xor: 0 0 -> 0, 0 1 -> 1, 1 0 -> 1, 1 1 -> 0) in place of the rows there were.\n"
     "  `data load FILE` reads one sample a line, the inputs then the targets, separated by commas\n"
     "  or spaces; # starts a comment, and a first line of names is skipped.  A bad row is reported\n"
     "  with its line, and then nothing is loaded.  Up to 1000000 rows.  Until `sample` or `input`\n"
     "  says otherwise, narration uses row 1.  `data clear` empties the data set.",
     0, -1, cmd_data, COMPLETE_WORDS, "add xor and or load clear"},
    {"sample", "sample [K]", "narrate with row K of the data (from 1): sample 2",
     "  forward, backward, show, check and the rest then work on that row's x and t.  `input`\n"
     "  and `target` set a sample of your own instead.",
     0, 1, cmd_sample, COMPLETE_NOTHING, NULL},
    {"input", "input X...", "set the sample's input x: input 2 3", NULL, 1, NET_MAX_WIDTH, cmd_input,
     COMPLETE_NOTHING, NULL},
    {"target", "target T...", "set the sample's target t: target 1", NULL, 1, NET_MAX_WIDTH, cmd_target,
     COMPLETE_NOTHING, NULL},
    {"loss", "loss [KIND]", "narrate the loss; with KIND, choose the loss and print its formula",
     "  Lessons disagree on what \"MSE\" means, so backstep names each kind and prints its formula.\n"
     "  bce and ce take logarithms of probabilities: the output layer must give values in [0, 1]\n"
     "  (sigmoid, softmax) and the targets must lie in [0, 1].",
     0, 1, cmd_loss, COMPLETE_LOSSES, NULL},
    {"lr", "lr [RATE]", "show or set the learning rate (0.1 to start)", NULL, 0, 1, cmd_lr, COMPLETE_NOTHING, NULL},
    {"bias", "bias on|off", "drop the biases (z = Σ w × input) or bring them back", NULL, 1, 1, cmd_bias,
     COMPLETE_ON_OFF, NULL},
    {"freeze", "freeze NAME...", "keep parameters fixed in updates: freeze b1 b2", NULL, 1, -1, cmd_freeze,
     COMPLETE_SETTABLE, NULL},
    {"unfreeze", "unfreeze NAME...", "let frozen parameters train again", NULL, 1, -1, cmd_unfreeze,
     COMPLETE_SETTABLE, NULL},
    {"round", "round N [places]|off", "hand mode: round every quantity to N significant digits (or places)",
     "  Each quantity is rounded as it is computed and the rounded value carried forward, as on\n"
     "  paper; rounding is half away from zero (0.1875 becomes 0.188 at 3 digits).  `round 3 places`\n"
     "  rounds to 3 decimal places instead (0.0712 becomes 0.071).  An update's step lr × gradient\n"
     "  is rounded to N significant digits and subtracted whole, so small steps never vanish, and\n"
     "  a parameter is written as it is carried (1 − 0.1 × (−0.0313) = 1.00313), everywhere.\n"
     "  Narration says where exact arithmetic would give other digits.  `round off` is exact.",
     1, 2, cmd_round, COMPLETE_OFF, NULL},
    {"digits", "digits N", "significant digits shown in exact mode (4 to start)", NULL, 1, 1, cmd_digits,
     COMPLETE_NOTHING, NULL},
    {"use", "use NAME VALUE|off", "carry your own value for a computed quantity: use da/dz 0.158",
     "  Everything after it is recomputed from your value, and narration says where that makes a\n"
     "  difference.  `use NAME off` drops one, `use off` drops all, `use` lists them.  Changing a\n"
     "  parameter or the sample drops them too.  NAME must be a step of this derivation, and the\n"
     "  value one it can take.  Each activation's output a and slope da/dz lie in:",
     0, 2, cmd_use, COMPLETE_COMPUTED, NULL},
    {"forward", "forward", "narrate the forward pass", NULL, 0, 0, cmd_forward, COMPLETE_NOTHING, NULL},
    {"backward", "backward", "narrate the backward pass: every chain-rule factor and gradient", NULL, 0, 0,
     cmd_backward, COMPLETE_NOTHING, NULL},
    {"update", "update", "apply one step of the optimizer to every parameter, showing before → after",
     "  With sgd each parameter takes θ ← θ − lr × dL/dθ.  momentum, rmsprop and adam first work\n"
     "  out the state they keep for it (v_w1_new; cache_w1_new; m_w1_new, v_w1_new, m̂_w1, v̂_w1)\n"
     "  from the state before this step (v_w1), then its new value.  The gradient is the narrated\n"
     "  sample's, as it is: batches, schedules and clipping are `train`'s.\n"
     "  The parameters take their new values at once (w1 is then w1_new), but check, show,\n"
     "  explain and expect go on reading the pass just completed until `forward`, `step` or `run`\n"
     "  starts the next.  An update that would carry a parameter or the optimizer's state beyond\n"
     "  ±1e10 is refused before it is narrated and changes nothing: the learning rate is too\n"
     "  large for the numbers.",
     0, 0, cmd_update, COMPLETE_NOTHING, NULL},
    {"batch", "batch [full|N]", "how many samples one step averages its gradient over: batch 1, batch full",
     "  A step's gradient is the mean of the per-sample gradients of its batch (the 1/m of the\n"
     "  seeds' programs).  `batch full` (the default) takes every row; `batch 1` is a step per\n"
     "  sample, stochastic gradient descent; batch N takes N rows at a time, the last batch\n"
     "  of an epoch smaller if need be.  Rows come in the data's order unless `shuffle on`.",
     0, 1, cmd_batch, COMPLETE_WORDS, "full"},
    {"shuffle", "shuffle [on|off] [seed N]", "take the rows in a new random order every epoch",
     "  The order comes from NumPy's legacy generator, seeded by seed N (0 if none), so a\n"
     "  lesson replays the same.", 0, 3, cmd_shuffle, COMPLETE_ON_OFF, NULL},
    {"optimizer", "optimizer [NAME [NUMBERS]]", "sgd, momentum [β], rmsprop [ρ] or adam [β1 β2 ε]",
     "  As seed 001 writes them, for each parameter θ with gradient g:\n"
     "    sgd        θ ← θ − lr × g\n"
     "    momentum   v ← β × v − lr × g; θ ← θ + v                       (β 0.9)\n"
     "    rmsprop    cache ← ρ × cache + (1 − ρ) × g²;\n"
     "               θ ← θ − lr × g / (√cache + 1e-8)                   (ρ 0.9)\n"
     "    adam       m ← β1 × m + (1 − β1) × g; v ← β2 × v + (1 − β2) × g²;\n"
     "               m̂ = m / (1 − β1^t); v̂ = v / (1 − β2^t);\n"
     "               θ ← θ − lr × m̂ / (√v̂ + ε)             (0.9, 0.999, 1e-8)\n"
     "  t counts the steps from 1.  Choosing an optimizer starts its state (v, cache, m, v) at 0;\n"
     "  `update` narrates one step of it, and `train` takes many.",
     0, 4, cmd_optimizer, COMPLETE_OPTIMIZERS, NULL},
    {"schedule", "schedule [off|step|exp|cosine]", "change lr from epoch to epoch while training: schedule step 0.5 100",
     "  Each epoch of a `train` run of EPOCHS epochs (epoch counted from 0) uses, with lr the\n"
     "  rate set by `lr`:\n"
     "    step FACTOR EVERY   lr × FACTOR^(epoch div EVERY)\n"
     "    exp RATE            lr × exp(−RATE × epoch)\n"
     "    cosine MIN          MIN + ½ (lr − MIN)(1 + cos(π × epoch / EPOCHS))\n"
     "  `update` always uses lr itself.",
     0, 3, cmd_schedule, COMPLETE_WORDS, "off step exp cosine"},
    {"clip", "clip [norm MAX|value MAX|off]", "clip gradients before each step: clip norm 5",
     "  norm MAX: when ‖g‖, the square root of the sum of every parameter's squared gradient,\n"
     "  passes MAX, every gradient is multiplied by MAX / ‖g‖.  value MAX: each gradient is kept\n"
     "  within −MAX and MAX.  The seeds use it against exploding gradients.",
     0, 2, cmd_clip, COMPLETE_WORDS, "norm value off"},
    {"train", "train EPOCHS [quiet]", "train on the data for EPOCHS passes over it, then plot the loss",
     "  Each epoch goes once through the data, a batch at a time (`batch`), and takes a step of\n"
     "  the optimizer after each batch.  On a terminal a line shows the epoch and its loss as it\n"
     "  goes; at the end come the mean loss before and after, and the loss curve (`plot`).  The\n"
     "  loss of an epoch is the mean of its samples' losses, worked out before each one's step.\n"
     "  Ctrl-C stops after the epoch under way, keeping its weights.  `quiet` prints only the last\n"
     "  line.  Training works in exact arithmetic, and never narrates.  Afterwards forward, show,\n"
     "  check and the rest narrate the current sample with the trained weights.  A run that would\n"
     "  carry a parameter beyond ±1e10 stops and changes nothing.  EPOCHS is from 1 to 100000000.",
     1, 2, cmd_train, COMPLETE_NOTHING, NULL},
    {"predict", "predict [all]", "every sample's x, t, prediction ŷ and loss, and the mean loss",
     "  The first 100 rows are listed; `predict all` lists every one.",
     0, 1, cmd_predict, COMPLETE_WORDS, "all"},
    {"plot", "plot [log]", "the loss curve of the last `train`; log: a logarithmic loss axis",
     "  Drawn within 80 columns in braille dots (in ASCII with `ascii on`).  A long run keeps\n"
     "  at most 4096 of its epochs' losses, evenly spaced.",
     0, 1, cmd_plot, COMPLETE_WORDS, "log"},
    {"step", "step [N]", "narrate the next step (one quantity or chain-rule factor), or the next N",
     "  With `detail layer`, a step is a layer's group: its forward pass, its backward pass or its\n"
     "  update, all at once.",
     0, 1, cmd_step, COMPLETE_NOTHING, NULL},
    {"run", "run", "narrate all remaining steps, through the update",
     "  After the update, check, show, explain and expect read the pass just completed until the\n"
     "  next starts; after an update, `run` and `step` start the next pass.\n"
     "  On a large network this takes a while: Ctrl-C stops it (or any other command) where it is,\n"
     "  and nothing changes.",
     0, 0, cmd_run, COMPLETE_NOTHING, NULL},
    {"restart", "restart", "go back to the first step of this pass", NULL, 0, 0, cmd_restart, COMPLETE_NOTHING, NULL},
    {"back", "back [N]", "go back N steps (1 if none is given), so `step` narrates them again",
     "  Only the stepping position moves: nothing is computed again and no value changes, and\n"
     "  one line says which step `step` narrates next.  With `detail layer`, N counts layer\n"
     "  groups, as `step` does.  Going back further than this pass has been narrated is refused\n"
     "  (`restart` goes to the first step).  Once the update has been applied, the parameters hold\n"
     "  their new values and the pass cannot be stepped again, so back is refused; show, check\n"
     "  and explain still read that pass, and `forward` starts the next.",
     0, 1, cmd_back, COMPLETE_NOTHING, NULL},
    {"show", "show NAME...", "print values: show a, show W1, show dL/dw1",
     "  The first line is NAME = VALUE, or NAME ≈ VALUE when the digits shown are rounded; a\n"
     "  computed quantity's formula follows.  show never moves the stepping position.",
     1, -1, cmd_show, COMPLETE_NAMES, NULL},
    {"expect", "expect NAME VALUE", "assert a value, to the digits VALUE is written with",
     "  expect dL/dw1 -0.0626 passes when dL/dw1 rounds to -0.0626.  In hand mode (`round N`) it\n"
     "  passes too when rounding every step by hand to 3 digits (as many as -0.0626 has) can reach\n"
     "  it, as `check` judges.  A failure is reported with its place in the lesson and makes the\n"
     "  exit status 1.",
     2, 2, cmd_expect, COMPLETE_NAMES, NULL},
    {"check", "check NAME VALUE", "grade your hand-computed value: check dL/dw1 -0.0626",
     "  One line: ✓ or ✗, your value, backstep's, and why.  A value written with d significant\n"
     "  digits is right when it is the exact value rounded to d digits, or when rounding (or cutting\n"
     "  off) every step at d digits by hand can reach it.  A value that follows correctly from an\n"
     "  earlier slip of yours (a checked answer or a `use` value) is credited as carried forward.\n"
     "  A wrong one is matched against the common mistakes: a flipped sign, a missing factor, the\n"
     "  wrong input, z(1 − z) for σ', a dropped 2 or ½, an update added, and more; when two fit,\n"
     "  both are named, and a fit only within hand rounding is called likely.  A parameter's\n"
     "  value after the update is NAME_new (w1_new).  In a file, a wrong answer makes the exit\n"
     "  status 1 and the file ends with a score; a blank ___ left in, or a value that is not a\n"
     "  number, is a question not answered, and counts in the score as not answered.  A sheet\n"
     "  may write `check L = 0.156` or `check L=0.156`, and a remark after `#`.",
     1, -1, cmd_check, COMPLETE_CHECKABLE, NULL},
    {"explain", "explain NAME", "show every step a value is computed from, with your values beside",
     "  Lists, in order, each quantity NAME depends on: its formula, its numbers and its exact\n"
     "  value.  Where you have checked or used a value, yours stands beside it.",
     1, 1, cmd_explain, COMPLETE_CHECKABLE, NULL},
    {"vary", "vary NAME LO HI step S", "on a teacher's sheet: a given number that differs per student",
     "  vary w1 0.1 0.9 step 0.1 gives each student one of 0.1, 0.2, ..., 0.9 as w1, drawn from\n"
     "  the student's ID alone (backstep --student ID), the same on every machine.  Draws that\n"
     "  would make the sheet degenerate (a gradient of exactly 0, a relu at its kink) are drawn\n"
     "  again, and a student's blank sheet shows the drawn number where the sheet gives it.\n"
     "  Without a student the sheet's own numbers stand.  NAME is a weight, a bias,\n"
     "  x or t (one element), or an expression's input.  See `backstep --help` for --key,\n"
     "  --sheet, --student and --grade.",
     5, 5, cmd_vary, COMPLETE_SETTABLE, NULL},
    {"student", "student ID", "on a student's sheet: whose copy it is, for the gradebook",
     "  `backstep --sheet --student ID SHEET` writes it at the top of the student's copy, and\n"
     "  `backstep --grade` reads it to draw that student's numbers.  An ID is 1 to 64 letters,\n"
     "  digits, '.', '-' or '_'.",
     1, 1, cmd_student, COMPLETE_NOTHING, NULL},
    {"answers", "answers [clear]", "list the values you have checked, with verdicts and the score; clear forgets them",
     "  In a file, a wrong answer makes the exit status 1 until `answers clear` forgets it; a failed\n"
     "  expect is not forgotten.",
     0, 1, cmd_answers, COMPLETE_NOTHING, NULL},
    {"draw", "draw [dot FILE]", "draw the graph: each node with its value, and its gradient after backward",
     "  A picture of the computation, left to right as in circuit diagrams: for a network the\n"
     "  inputs x, each neuron's weighted sum z (Σ) and activation a, the targets t and the loss L;\n"
     "  for an expression each input and node, its formula in its box.  Above each box its value,\n"
     "  below it ∇, the output's gradient d(output)/d(box); numbers appear as narration reaches\n"
     "  them, so the picture fills in as you step.  Where z and a do not both fit, each neuron is\n"
     "  one box; where even that does not fit the width, the nodes are listed column by column.\n"
     "  `draw dot FILE` writes the whole graph as Graphviz DOT, its edges labelled with the\n"
     "  weights; render it with dot -Tsvg FILE -o graph.svg.",
     0, 2, cmd_draw, COMPLETE_DRAW, NULL},
    {"export", "export md|tex FILE", "write the whole pass as a worked solution: Markdown or a LaTeX document",
     "  Every step of the current derivation (a network's forward pass, loss, backward pass and\n"
     "  update, or an expression's forward and backward passes), however far stepping has got:\n"
     "  each step's formula, the formula with its numbers, and its value, a section a phase, with\n"
     "  narration's headings and remarks, after a paragraph on the setup.  In hand mode the numbers\n"
     "  are the carried, rounded ones narration shows.  md writes Markdown with $...$ math (GitHub,\n"
     "  pandoc and Obsidian show it); tex writes a LaTeX document for pdflatex (amsmath only).  A\n"
     "  file that exists is overwritten; the file is written whole or not at all.",
     1, 2, cmd_export, COMPLETE_WORDS_FILE, "md tex"},
    {"gradcheck", "gradcheck [EPS]", "check backprop's gradient of every parameter against central differences",
     "  For every weight and bias (frozen ones too), the numeric slope (L(θ + ε) − L(θ − ε)) / (2ε),\n"
     "  with ε = EPS (1e-5 if none is given, as seeds 002 and 004 use; 1e-10 to 0.1), beside\n"
     "  backprop's dL/dθ.  L is the mean loss over the rows of the data when there is data, as\n"
     "  `train` with `batch full` uses it, or else the loss of the sample x, t.  The verdict reads\n"
     "  the relative error ‖a − n‖ / (‖a‖ + ‖n‖) over all parameters (seed 004, exercise 3):\n"
     "  below 1e-7 pass, up to 1e-5 acceptable (seed 004's bar), above it fail.  When every\n"
     "  gradient is 0 or nearly, it says it cannot judge, never pass.  A table lists the five\n"
     "  parameters with the largest |backprop − numeric|.  Every parameter is put back to its\n"
     "  saved value after probing; Ctrl-C stops between parameters.",
     0, 1, cmd_gradcheck, COMPLETE_NOTHING, NULL},
    {"diagnose", "diagnose", "each layer's weight gradients, and the warning signs they show",
     "  A table of mean |dL/dW|, max |dL/dW| and the norm ‖dL/dW‖ for each layer, L as gradcheck\n"
     "  takes it, then each rule of thumb that applies: vanishing gradients (mean |dL/dW1| below\n"
     "  0.01 of the last layer's, seed 000's test), exploding gradients (some |dL/dW| above 10),\n"
     "  dead relu units (a hidden relu unit whose output is 0 on every sample).",
     0, 0, cmd_diagnose, COMPLETE_NOTHING, NULL},
    {"state", "state", "summarise the network, the sample and the settings", NULL, 0, 0, cmd_state,
     COMPLETE_NOTHING, NULL},
    {"say", "say TEXT", "print a line of a lesson's narration",
     "  Control characters in TEXT are shown as \\xHH (ESC as \\x1b), never sent to the terminal.",
     0, -1, cmd_say, COMPLETE_NOTHING, NULL},
    {"pause", "pause", "in a lesson on a terminal: wait (type commands; an empty line goes on)", NULL, 0, 0,
     cmd_pause, COMPLETE_NOTHING, NULL},
    {"load", "load FILE", "replay a lesson file here",
     "  FILE is a path or a shipped lesson's name.  A lesson is plain text: a line holding a NUL\n"
     "  byte is skipped as an error, and a device or a binary file ends in one error.",
     1, 1, cmd_load, COMPLETE_FILES, NULL},
    {"detail", "detail [layer|neuron]", "narrate a layer at a time in matrix form, or a number at a time",
     "  `detail layer` writes each layer's part of the pass as the lessons write it in matrix form:\n"
     "  z1 = W1 x + b1, δ2 = (a2 − t) ⊙ σ'(z2), δ1 = (W2ᵀ δ2) ⊙ σ'(z1), dL/dW1 = δ1 xᵀ, where δ\n"
     "  is dL/dz, ⊙ multiplies element by element and ᵀ transposes; [a; b] is a column, [a b] a\n"
     "  row.  The\n"
     "  numbers are the same steps `detail neuron` (the default) narrates one at a time, and\n"
     "  show, expect, check and use still name single quantities.  `detail` alone says which\n"
     "  is on.",
     0, 1, cmd_detail, COMPLETE_DETAIL, NULL},
    {"ascii", "ascii on|off", "write * for ×, sigma for σ, ~ for ≈ (for terminals without UTF-8)", NULL, 1, 1,
     cmd_ascii, COMPLETE_ON_OFF, NULL},
    {"help", "help [COMMAND]", "list the commands, or explain one", NULL, 0, 1, cmd_help, COMPLETE_COMMANDS, NULL},
    {"quit", "quit", "leave backstep (so does exit, or Ctrl-D)", NULL, 0, 0, cmd_quit, COMPLETE_NOTHING, NULL},
    {"exit", "exit", "leave backstep", NULL, 0, 0, cmd_quit, COMPLETE_NOTHING, NULL},
};
const int N_COMMANDS = (int)(sizeof COMMANDS / sizeof COMMANDS[0]);

const Command *command_find(const char *name)
{
    for (int i = 0; i < N_COMMANDS; i++)
        if (strcmp(COMMANDS[i].name, name) == 0)
            return &COMMANDS[i];
    return NULL;
}
