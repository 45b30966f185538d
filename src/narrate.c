/* narrate: step and value formatting (see narrate.h). */
#include "narrate.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "formula.h"
#include "graph.h"
#include "numfmt.h"
#include "quantity.h"
#include "wrap.h"

/* ---- output, transliteration, colour -------------------------------- */

static const struct {
    const char *utf8, *ascii;
} TRANSLITERATIONS[] = {
    {"×", "*"}, {"−", "-"}, {"σ", "sigma"}, {"ŷ", "yhat"}, {"½", "1/2"}, {"²", "^2"},
    {"Σ", "sum"}, {"≈", "~"}, {"→", "->"}, {"←", "<-"}, {"✓", "ok"}, {"✗", "X"},
    {"θ", "theta"}, {"ⱼ", "_j"}, {"ₖ", "_k"}, {"∂", "D"}, {"·", "*"}, {"…", "..."},
    {"ᵀ", "^T"}, {"≠", "!="}, {"↳", "->"}, {"—", "--"}, {"–", "-"}, {"’", "'"},
    {"“", "\""}, {"”", "\""}, {"≤", "<="}, {"≥", ">="}, {"δ", "delta"}, {"η", "eta"},
    {"ε", "eps"}, {"′", "'"}, {"⋅", "*"}, {"³", "^3"}, {"⊙", "*"}, {"β", "beta"}, {"ρ", "rho"},
    {"‖", "||"},
    {"\xCC\x82", "hat"},   /* a combining circumflex: m̂ is mhat */
};

/* Writes text, transliterated to ASCII when `ascii`.  A square root √x,
 * x running to the next space, comma or closing parenthesis, is written
 * sqrt(x); √(x + y), already in parentheses, is sqrt(x + y). */
static void put_text(FILE *out, bool ascii, const char *text)
{
    if (!ascii) {
        fputs(text, out);
        return;
    }
    bool root = false;   /* inside √x */
    int brackets = 0;    /* [ ] inside √x: W1[1,1]'s comma does not end it */
    for (const char *p = text; *p;) {
        if (root && *p == '[')
            brackets++;
        else if (root && *p == ']' && brackets > 0)
            brackets--;
        else if (root && brackets == 0 && (*p == ' ' || *p == ',' || *p == ')' || *p == '\n')) {
            fputc(')', out);
            root = false;
        }
        if (strncmp(p, "√", strlen("√")) == 0) {
            p += strlen("√");
            root = *p != '(';
            fputs(root ? "sqrt(" : "sqrt", out);
            continue;
        }
        if ((unsigned char)*p < 0x80) {
            fputc(*p++, out);
            continue;
        }
        bool replaced = false;
        for (size_t i = 0; i < sizeof TRANSLITERATIONS / sizeof TRANSLITERATIONS[0]; i++) {
            size_t length = strlen(TRANSLITERATIONS[i].utf8);
            if (strncmp(p, TRANSLITERATIONS[i].utf8, length) == 0) {
                fputs(TRANSLITERATIONS[i].ascii, out);
                p += length;
                replaced = true;
                break;
            }
        }
        if (!replaced) {      /* skip one whole UTF-8 sequence */
            fputc('?', out);
            p++;
            while ((*p & 0xC0) == 0x80)
                p++;
        }
    }
    if (root)
        fputc(')', out);
}

/* Writes text, each whole line wrapped to style->width as `kind`. */
static void print_wrapped(FILE *out, const Style *style, const char *text, int hang, WrapText kind)
{
    if (style->width <= 0) {
        put_text(out, style->ascii, text);
        return;
    }
    /* wrap what will be shown, after transliteration (σ is 1 column, sigma 5) */
    char *shown = NULL;
    size_t size = 0;
    FILE *buffer = open_memstream(&shown, &size);
    if (!buffer) {
        put_text(out, style->ascii, text);
        return;
    }
    put_text(buffer, style->ascii, text);
    if (fclose(buffer) != 0) {
        free(shown);
        put_text(out, style->ascii, text);
        return;
    }
    for (char *line = shown; *line;) {
        char *newline = strchr(line, '\n');
        if (!newline) {   /* the start of a line: the rest of it follows */
            fputs(line, out);
            break;
        }
        *newline = '\0';
        wrap_line(out, line, style->width, hang, kind);
        fputc('\n', out);
        line = newline + 1;
    }
    free(shown);
}

int narr_columns(const Style *style, const char *text)
{
    if (!style->ascii)
        return wrap_columns(text, strlen(text));
    char *shown = NULL;
    size_t size = 0;
    FILE *buffer = open_memstream(&shown, &size);
    if (!buffer)
        return wrap_columns(text, strlen(text));
    put_text(buffer, true, text);
    int columns = fclose(buffer) == 0 ? wrap_columns(shown, strlen(shown)) : wrap_columns(text, strlen(text));
    free(shown);
    return columns;
}

void narr_print(FILE *out, const Style *style, const char *text)
{
    print_wrapped(out, style, text, WRAP_HANG_AUTO, WRAP_AUTO);
}

void narr_print_hanging(FILE *out, const Style *style, const char *text, int hang)
{
    print_wrapped(out, style, text, hang, WRAP_FORMULA);
}

void narr_print_prose(FILE *out, const Style *style, const char *text, int hang)
{
    print_wrapped(out, style, text, hang, WRAP_PROSE);
}

void narr_print_paragraphs(FILE *out, const Style *style, const char *text)
{
    size_t length = strlen(text);
    char *paragraph = malloc(2 * length + 2);   /* room for a second space after each sentence */
    if (!paragraph) {
        narr_print_prose(out, style, text, 2);
        narr_print(out, style, "\n");
        return;
    }
    size_t used = 0;
    bool continuable = false;   /* the paragraph so far is indented two spaces */
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t line_length = end ? (size_t)(end - line) : strlen(line);
        bool two_spaces = line_length > 2 && line[0] == ' ' && line[1] == ' ' && line[2] != ' ';
        if (used > 0 && !(continuable && two_spaces)) {
            paragraph[used++] = '\n';
            paragraph[used] = '\0';
            narr_print_prose(out, style, paragraph, continuable ? 2 : 4);
            used = 0;
        }
        if (used > 0) {   /* joins the line to its paragraph: two spaces after a sentence */
            if (paragraph[used - 1] == '.')
                paragraph[used++] = ' ';
            paragraph[used++] = ' ';
            memcpy(paragraph + used, line + 2, line_length - 2);
            used += line_length - 2;
        } else {
            memcpy(paragraph, line, line_length);
            used = line_length;
            continuable = two_spaces;
        }
        paragraph[used] = '\0';
        line = end ? end + 1 : line + line_length;
    }
    if (used > 0) {
        paragraph[used++] = '\n';
        paragraph[used] = '\0';
        narr_print_prose(out, style, paragraph, continuable ? 2 : 4);
    }
    free(paragraph);
}

void narr_printf(FILE *out, const Style *style, const char *format, ...)
{
    char text[NARR_LINE_MAX];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    narr_print(out, style, text);
}

const char *narr_colored(const Style *style, const char *code, const char *text, char *out, size_t size)
{
    if (style->color)
        snprintf(out, size, "\033[%sm%s\033[0m", code, text);
    else
        snprintf(out, size, "%s", text);
    return out;
}

/* ---- numbers --------------------------------------------------------- */

bool narr_number(const Style *style, double value, char *out, size_t size)
{
    if (style->places)
        return num_format_places(out, size, value, style->digits, true);
    return num_format(out, size, value, style->digits, true);
}

/* The value shown with one more digit (or place) than usual. */
static bool number_more(const Style *style, double value, char *out, size_t size)
{
    Style more = *style;
    more.digits = style->places ? style->digits + 1 : (style->digits + 1 > 4 ? style->digits + 1 : 4);
    return narr_number(&more, value, out, size);
}

bool narr_carried(const Style *style, double value, char *out, size_t size)
{
    bool rounded = narr_number(style, value, out, size);
    for (int digits = 1; style->hand && rounded && digits <= 8; digits++) {
        char longer[NUM_TEXT_MAX];
        if (!num_format(longer, sizeof longer, value, digits, true)) {
            snprintf(out, size, "%s", longer);
            rounded = false;
        }
    }
    return rounded;
}

/* An operand as it stands in a formula: as it is carried (narr_carried);
 * negative values in parentheses unless the formula already puts them
 * there, as in tanh({0}). */
static void operand_text(const Style *style, double value, bool enclosed, char *out, size_t size)
{
    char number[NUM_TEXT_MAX];
    narr_carried(style, value, number, sizeof number);
    if (value < 0 && number[0] != '0' && !enclosed)
        snprintf(out, size, "(%s)", number);
    else
        snprintf(out, size, "%s", number);
}

/* ---- steps ----------------------------------------------------------- */

typedef struct {
    const Style *style;
    Names names;
    const Step *step;
    bool with_values;
} FillContext;

/* Operand i of a step: its name, or its value as carried. */
static void fill_operand(void *context, int i, bool enclosed, char *out, size_t size)
{
    const FillContext *fill = context;
    if (fill->with_values)
        operand_text(fill->style, fill->step->operands[i].value, enclosed, out, size);
    else
        names_name(fill->names, fill->step->operands[i].what, out, size);
}

void narr_fill(const Style *style, Names names, const Step *step, bool with_values, char *out, size_t size)
{
    FillContext context = {style, names, step, with_values};
    formula_fill(step->formula, step->n_operands, fill_operand, &context, with_values, out, size);
}

bool narr_updated_value(const Style *style, const Step *step, char *out, size_t size)
{
    if (style->hand)
        return narr_carried(style, step->value, out, size);
    bool rounded = true;
    for (int digits = style->digits; digits <= 15; digits++) {
        char before[NUM_TEXT_MAX];
        rounded = num_format(out, size, step->value, digits, true);
        num_format(before, sizeof before, step->before, digits, true);
        if (strcmp(out, before) != 0 || step->value == step->before)
            break;
    }
    return rounded;
}

int narr_notes(const Style *style, Names names, const Step *step, const Step *reference, NarrNote *notes)
{
    int n = 0;
    char name[NAME_MAX], text[NUM_TEXT_MAX];
    names_name(names, step->what, name, sizeof name);
    narr_remark(names, step, notes[n].text, sizeof notes[n].text);
    if (notes[n].text[0])
        notes[n++].kind = NOTE_REMARK;
    if (step->overridden) {
        num_format(text, sizeof text, step->value, 15, true);
        snprintf(notes[n].text, sizeof notes[n].text, "carrying your own value from here on: %s = %s", name, text);
        notes[n++].kind = NOTE_OWN_VALUE;
        return n;
    }
    if (!reference || deriv_step_updates_parameter(step))
        return n;
    char shown[NUM_TEXT_MAX], exact[NUM_TEXT_MAX];
    narr_number(style, step->value, shown, sizeof shown);
    narr_number(style, reference->value, exact, sizeof exact);
    if (strcmp(shown, exact) == 0)
        return n;
    bool rounded = number_more(style, reference->value, exact, sizeof exact);
    if (step->uses_override) {
        char source[NAME_MAX];
        names_name(names, step->override_source, source, sizeof source);
        snprintf(notes[n].text, sizeof notes[n].text, "exact arithmetic gives %s %s %s; the difference comes from "
                 "your %s", name, rounded ? "≈" : "=", exact, source);
    } else {
        snprintf(notes[n].text, sizeof notes[n].text, "exact arithmetic gives %s %s %s; the difference comes from "
                 "rounding by hand", name, rounded ? "≈" : "=", exact);
    }
    notes[n++].kind = NOTE_EXACT;
    return n;
}

static void print_notes(FILE *out, const Style *style, Names names, const Step *step, const Step *reference)
{
    NarrNote notes[NARR_MAX_NOTES];
    int n = narr_notes(style, names, step, reference, notes);
    for (int i = 0; i < n; i++) {
        char line[NARR_NOTE_MAX + 16], colored[NARR_NOTE_MAX + 32];
        bool own = notes[i].kind == NOTE_OWN_VALUE;
        snprintf(line, sizeof line, own ? "    ↳ %s" : "    (%s)", notes[i].text);
        narr_printf(out, style, "%s\n", narr_colored(style, own ? "1" : "2", line, colored, sizeof colored));
    }
}

void narr_line(const Style *style, Names names, const Step *step, NarrLine *line)
{
    names_name(names, step->what, line->name, sizeof line->name);
    line->updates = deriv_step_updates_parameter(step);
    line->frozen = line->updates && step->frozen;
    line->n_parts = 0;
    line->before[0] = '\0';
    char symbolic[NARR_LINE_MAX], numeric[NARR_LINE_MAX], value[NUM_TEXT_MAX];
    narr_fill(style, names, step, false, symbolic, sizeof symbolic);
    narr_fill(style, names, step, true, numeric, sizeof numeric);
    if (line->updates) {
        if (style->hand)
            narr_carried(style, step->before, line->before, sizeof line->before);
        else
            num_format(line->before, sizeof line->before, step->before, style->digits, true);
        if (line->frozen)
            return;
        bool rounded = narr_updated_value(style, step, value, sizeof value);
        /* w1 ← w1 − lr × dL/dw1 = 0.5 − 0.1 × (−0.0626) = 0.50626: every part is written */
        snprintf(line->parts[0], sizeof line->parts[0], "%s", symbolic);
        snprintf(line->parts[1], sizeof line->parts[1], "%s", numeric);
        snprintf(line->parts[2], sizeof line->parts[2], "%s", value);
        line->relations[0] = "←";
        line->relations[1] = "=";
        line->relations[2] = rounded ? "≈" : "=";
        line->n_parts = 3;
        return;
    }
    double shown_value = step->overridden ? step->computed : step->value;
    narr_number(style, shown_value, value, sizeof value);
    bool rounded = !num_text_is_exact(value, step->computed);
    if (step->chain) {
        snprintf(line->parts[line->n_parts], sizeof line->parts[0], "%s", step->chain);
        line->relations[line->n_parts++] = "=";
    }
    snprintf(line->parts[line->n_parts], sizeof line->parts[0], "%s", symbolic);
    line->relations[line->n_parts++] = "=";
    if (strcmp(symbolic, numeric) != 0) {
        snprintf(line->parts[line->n_parts], sizeof line->parts[0], "%s", numeric);
        line->relations[line->n_parts++] = "=";
    }
    if (strcmp(numeric, value) != 0) {
        snprintf(line->parts[line->n_parts], sizeof line->parts[0], "%s", value);
        line->relations[line->n_parts++] = rounded ? "≈" : "=";
    }
}

void narr_step(FILE *out, const Style *style, Names names, const Step *step, const Step *reference)
{
    char line[NARR_LINE_MAX], colored[NARR_LINE_MAX];
    char heading[NARR_LINE_MAX];
    narr_heading(names, step, heading, sizeof heading);
    if (heading[0])
        narr_printf(out, style, "%s\n", narr_colored(style, "1", heading, colored, sizeof colored));
    static NarrLine parts;   /* large: kept off the stack; narration is single-threaded */
    narr_line(style, names, step, &parts);
    if (parts.frozen) {
        narr_printf(out, style, "  %s stays %s (frozen)\n", parts.name, parts.before);
        return;
    }
    int used = snprintf(line, sizeof line, "  %s", parts.name);
    for (int i = 0; i < parts.n_parts && used < (int)sizeof line; i++)
        used += snprintf(line + used, sizeof line - (size_t)used, " %s %s", parts.relations[i], parts.parts[i]);
    if (parts.updates && used < (int)sizeof line)
        snprintf(line + used, sizeof line - (size_t)used, "    (%s → %s)", parts.before, parts.parts[2]);
    narr_printf(out, style, "%s\n", line);
    if (!parts.updates)
        print_notes(out, style, names, step, reference);
}

void narr_value(FILE *out, const Style *style, Names names, const char *name, double value,
                const Step *step, const Step *reference)
{
    char text[NUM_TEXT_MAX];
    bool rounded = narr_carried(style, value, text, sizeof text);
    if (step && !step->overridden && !deriv_step_updates_parameter(step))
        rounded = !num_text_is_exact(text, step->computed);
    narr_printf(out, style, "%s %s %s\n", name, rounded ? "≈" : "=", text);
    if (!step)
        return;
    char symbolic[NARR_LINE_MAX], numeric[NARR_LINE_MAX];
    narr_fill(style, names, step, false, symbolic, sizeof symbolic);
    narr_fill(style, names, step, true, numeric, sizeof numeric);
    if (step->chain)
        narr_printf(out, style, "  = %s\n", step->chain);
    if (strcmp(symbolic, numeric) != 0)
        narr_printf(out, style, "  = %s = %s\n", symbolic, numeric);
    else
        narr_printf(out, style, "  = %s\n", symbolic);
    if (step->overridden) {
        char computed[NUM_TEXT_MAX];
        bool computed_rounded = narr_number(style, step->computed, computed, sizeof computed);
        narr_printf(out, style, "  (your own value; backstep computes %s %s)\n", computed_rounded ? "≈" : "=",
                    computed);
    } else {
        print_notes(out, style, names, step, reference);
    }
}

void narr_matrix(FILE *out, const Style *style, const char *name, const double *values, int rows, int cols,
                 const char *caption)
{
    char text[NUM_TEXT_MAX];
    bool any_rounded = false;
    int width = 1;
    for (int i = 0; i < rows * cols; i++) {
        any_rounded |= narr_carried(style, values[i], text, sizeof text);
        int length = (int)strlen(text) - (values[i] < 0 ? 2 : 0);   /* U+2212 takes 3 bytes, shows as 1 */
        if (length > width)
            width = length;
    }
    const char *relation = any_rounded ? "≈" : "=";
    /* each line is built whole, so that it wraps as one */
    char line[NARR_LINE_MAX];
    size_t used = 0;
    if (rows == 1 || cols == 1) {
        used += (size_t)snprintf(line, sizeof line, "%s %s [", name, relation);
        for (int i = 0; i < rows * cols && used < sizeof line; i++) {
            narr_carried(style, values[i], text, sizeof text);
            used += (size_t)snprintf(line + used, sizeof line - used, "%s%s", i ? "  " : "", text);
        }
        if (used < sizeof line)
            snprintf(line + used, sizeof line - used, "]%s%s\n", caption ? "    " : "", caption ? caption : "");
        narr_print(out, style, line);
        return;
    }
    narr_printf(out, style, "%s %s%s%s\n", name, relation, caption ? "    " : "", caption ? caption : "");
    for (int j = 0; j < rows; j++) {
        used = (size_t)snprintf(line, sizeof line, "  [");
        for (int k = 0; k < cols && used < sizeof line; k++) {
            narr_carried(style, values[j * cols + k], text, sizeof text);
            int length = (int)strlen(text) - (values[j * cols + k] < 0 ? 2 : 0);
            used += (size_t)snprintf(line + used, sizeof line - used, "%s%*s%s", k ? "  " : " ", width - length, "",
                                     text);
        }
        if (used < sizeof line)
            snprintf(line + used, sizeof line - used, " ]\n");
        narr_print(out, style, line);
    }
}
