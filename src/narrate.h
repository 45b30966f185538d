/* narrate: turns derivation steps and values into text.
 *
 * Each step prints as its symbolic formula, the formula with the numbers
 * put in, and the value, with "≈" only where the shown value is rounded:
 *     dL/dw1 = dL/da × da/dz × dz/dw1 = dL/dz × x1 = (−0.0313) × 2 ≈ −0.0626
 * Text is produced in UTF-8 and transliterated to ASCII (× to *, σ to
 * sigma, ≈ to ~) when the terminal cannot show it. */
#ifndef BACKSTEP_NARRATE_H
#define BACKSTEP_NARRATE_H

#include <stdbool.h>
#include <stdio.h>

#include "deriv.h"
#include "grade.h"
#include "names.h"
#include "net.h"

typedef struct {
    bool ascii;    /* transliterate UTF-8 symbols to ASCII */
    bool color;    /* ANSI colour (only on a terminal, never with NO_COLOR) */
    int digits;    /* significant digits shown, or decimal places when `places` */
    bool places;   /* digits counts decimal places (hand rounding to N places) */
    bool hand;     /* hand mode: short operands are shown exactly as carried */
    int width;     /* columns lines are wrapped to (see wrap.h); 0: never wrapped */
} Style;

enum { NARR_LINE_MAX = 32768 };

/* Writes UTF-8 text, transliterated when style->ascii.  Each whole line
 * (ending in a newline) is wrapped to style->width: a formula before an
 * operator, its continuation hanging under its first =; prose between
 * words (see wrap.h). */
void narr_print(FILE *out, const Style *style, const char *text);

/* The columns text takes as it is shown (after transliteration to ASCII
 * when style->ascii; colour sequences take none). */
int narr_columns(const Style *style, const char *text);

/* narr_print with continuation lines indented `hang` columns (or
 * WRAP_HANG_AUTO), for tables of formulas such as `help loss`'s. */
void narr_print_hanging(FILE *out, const Style *style, const char *text, int hang);

/* Like narr_print_hanging for prose: lines break between words first. */
void narr_print_prose(FILE *out, const Style *style, const char *text, int hang);

/* Prints paragraphs reflowed to style->width: a line indented two spaces
 * continues the paragraph of the line before when that is indented two
 * spaces too; other lines stand alone. */
void narr_print_paragraphs(FILE *out, const Style *style, const char *text);

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void narr_printf(FILE *out, const Style *style, const char *format, ...);

/* Text wrapped in an ANSI colour when style->color ("1" bold, "2" dim,
 * "31" red, "32" green); writes into out. */
const char *narr_colored(const Style *style, const char *code, const char *text, char *out, size_t size);

/* The value as shown (style->digits significant digits, or decimal places);
 * returns true when rounded. */
bool narr_number(const Style *style, double value, char *out, size_t size);

/* A number as it is carried: in hand mode a short value (a parameter such
 * as 0.50626 after an update) is written exactly, as on paper; otherwise
 * as narr_number() shows it.  Returns true when the text is rounded. */
bool narr_carried(const Style *style, double value, char *out, size_t size);

/* The new value of an updated parameter (an update step's value).  In hand
 * mode it is written as carried (1 − 0.1 × (−0.0313) = 1.00313), as on
 * paper and as the next pass uses it.  In exact mode: the shown digits, or
 * as many more as it takes for the change to show (1 → 1.003, not 1 → 1).
 * Returns true when the text is rounded. */
bool narr_updated_value(const Style *style, const Step *step, char *out, size_t size);

/* The heading narration prints before a step (the first of a layer's
 * forward pass, of the loss, ...), or "" when it opens nothing. */
void narr_heading(Names names, const Step *step, char *out, size_t size);

/* The heading of a layer's forward pass in the layer view (detail layer):
 * "Forward, layer 1 (hidden, 3 neurons, sigmoid)". */
void narr_layer_forward_heading(const Net *net, int layer, char *out, size_t size);

/* The remark narration prints after a step (the prediction ŷ, a gate's
 * pattern, a sum over paths, a clamped probability), or "". */
void narr_remark(Names names, const Step *step, char *out, size_t size);

/* Prints one step: its heading if any, its line, and notes on the learner's
 * values and on where exact arithmetic differs.  `reference` is the same
 * step computed exactly with no learner's values, or NULL. */
void narr_step(FILE *out, const Style *style, Names names, const Step *step, const Step *reference);

/* A step's line in parts, as narr_step writes it:
 *     NAME = parts[0] = parts[1] ≈ parts[2]
 * each part after its relation ("=", "≈", or "←" for an update's first).
 * The parts are the chain rule in symbols (when the step has one), the
 * formula, the formula with its numbers, and the value, each left out
 * where it would repeat the one before.  An update of a frozen parameter
 * has no parts: "NAME stays BEFORE (frozen)". */
enum { NARR_MAX_PARTS = 4 };
typedef struct {
    char name[NAME_MAX];                         /* the quantity, as narration names it */
    bool updates;                                /* an update: NAME ← ..., with before → parts[2] */
    bool frozen;                                 /* an update of a frozen parameter: no parts */
    char before[NUM_TEXT_MAX];                   /* an update's old value, as narration shows it */
    int n_parts;
    const char *relations[NARR_MAX_PARTS];       /* "=", "≈" or "←" before each part */
    char parts[NARR_MAX_PARTS][NARR_LINE_MAX];
} NarrLine;

/* Fills `line` with step's parts in `style` (hand mode's carried numbers included). */
void narr_line(const Style *style, Names names, const Step *step, NarrLine *line);

/* The notes narration prints below a step, in order: its remark (see
 * narr_remark), then either the learner's own value carried from it, or
 * where exact arithmetic (`reference`, or NULL) gives other digits. */
enum { NARR_NOTE_MAX = 2048, NARR_MAX_NOTES = 2 };
typedef enum { NOTE_REMARK, NOTE_OWN_VALUE, NOTE_EXACT } NoteKind;
typedef struct {
    NoteKind kind;
    char text[NARR_NOTE_MAX];   /* without parentheses: "the prediction ŷ" */
} NarrNote;

/* Fills notes[0 .. NARR_MAX_NOTES) and returns how many there are. */
int narr_notes(const Style *style, Names names, const Step *step, const Step *reference, NarrNote *notes);

/* The step's formula filled with names (with_values false) or numbers. */
void narr_fill(const Style *style, Names names, const Step *step, bool with_values, char *out, size_t size);

/* Prints "NAME = VALUE" or "NAME ≈ VALUE" and, for a computed quantity,
 * the formula it came from.  `step` may be NULL for parameters and the sample. */
void narr_value(FILE *out, const Style *style, Names names, const char *name, double value,
                const Step *step, const Step *reference);

/* Prints a vector (one line) or a matrix (one row a line); `values` is
 * row-major with `rows` × `cols` entries. */
void narr_matrix(FILE *out, const Style *style, const char *name, const double *values, int rows, int cols,
                 const char *caption);

/* ---- the layer view (narrate_layer.c) ---- */

/* Steps come in groups, one layer's part of one phase: its forward pass,
 * the loss, its backward pass (dL/dx is layer 0's), its update.  Returns
 * the index just past the group that holds step `index`. */
int narr_layer_group_end(const Derivation *derivation, int index);

/* True when step `index` is the first of its group. */
bool narr_layer_group_starts(const Derivation *derivation, int index);

/* Prints the group that starts at step `from` as vectors and matrices
 * (z1 = W1 x + b1, δ2 = dL/da2 ⊙ σ'(z2), dL/dW2 = δ2 a1ᵀ), within
 * style->width and 80 columns, then one line each for remarks, frozen
 * parameters, the learner's values and where exact arithmetic differs.
 * `reference` is as for narr_step(). */
void narr_layer(FILE *out, const Style *style, Names names, const Derivation *derivation,
                const Derivation *reference, int from);

/* Prints a verdict as one line: ✓ or ✗, the learner's value, backstep's
 * value and the reason.  `text` is the answer as the learner wrote it. */
void narr_verdict(FILE *out, const Style *style, Names names, const char *text, const Verdict *verdict);

/* Prints "score: 7/9 correct (1 with error carried forward)". */
void narr_score(FILE *out, const Style *style, Score score);

/* Prints the chain for target: where the path back to the loss is a
 * single one, the whole product of factors; then every step in `reached`
 * (the steps target is computed from) with its formula and exact value.
 * The learner's values stand beside the steps they are for: texts[i] is
 * an answer as written (or NULL for a `use` value) and verdicts[i] its
 * verdict (or NULL). */
void narr_explain(FILE *out, const Style *style, Names names, const Derivation *exact, const Step *target,
                  const bool *reached, const LearnerValue *learner, const char *const *texts,
                  const Verdict *const *verdicts, int n_learner);

#endif
