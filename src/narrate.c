/* narrate: step and value formatting (see narrate.h). */
#include "narrate.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

/* ---- output, transliteration, colour -------------------------------- */

static const struct {
    const char *utf8, *ascii;
} TRANSLITERATIONS[] = {
    {"×", "*"}, {"−", "-"}, {"σ", "sigma"}, {"ŷ", "yhat"}, {"½", "1/2"}, {"²", "^2"},
    {"Σ", "sum"}, {"≈", "~"}, {"→", "->"}, {"←", "<-"}, {"✓", "ok"}, {"✗", "X"},
    {"θ", "theta"}, {"ⱼ", "_j"}, {"ₖ", "_k"}, {"∂", "d"}, {"·", "*"}, {"…", "..."},
    {"ᵀ", "^T"}, {"≠", "!="}, {"↳", "->"}, {"—", "--"}, {"–", "-"}, {"’", "'"},
    {"“", "\""}, {"”", "\""}, {"≤", "<="}, {"≥", ">="}, {"δ", "delta"}, {"η", "eta"},
    {"ε", "eps"}, {"′", "'"}, {"⋅", "*"},
};

void narr_print(FILE *out, const Style *style, const char *text)
{
    if (!style->ascii) {
        fputs(text, out);
        return;
    }
    for (const char *p = text; *p;) {
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

/* An operand as it stands in a formula: in hand mode the carried value
 * exactly when it is short (a parameter such as 0.50626 after an update),
 * otherwise to the shown digits; negative values in parentheses unless
 * the formula already puts them there, as in tanh({0}). */
static void operand_text(const Style *style, double value, bool enclosed, char *out, size_t size)
{
    char number[NUM_TEXT_MAX];
    bool rounded = narr_number(style, value, number, sizeof number);
    for (int digits = 1; style->hand && rounded && digits <= 8; digits++) {
        char longer[NUM_TEXT_MAX];
        if (!num_format(longer, sizeof longer, value, digits, true)) {
            memcpy(number, longer, sizeof number);
            rounded = false;
        }
    }
    if (value < 0 && number[0] != '0' && !enclosed)
        snprintf(out, size, "(%s)", number);
    else
        snprintf(out, size, "%s", number);
}

/* ---- steps ----------------------------------------------------------- */

void narr_fill(const Style *style, const Net *net, const Step *step, bool with_values, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *p = step->formula; *p && used + 1 < size;) {
        if (*p == '{') {
            char *end;
            long i = strtol(p + 1, &end, 10);
            if (*end == '}' && i >= 0 && i < step->n_operands) {
                char text[NAME_MAX + NUM_TEXT_MAX];
                bool enclosed = p > step->formula && p[-1] == '(' && end[1] == ')';
                if (with_values)
                    operand_text(style, step->operands[i].value, enclosed, text, sizeof text);
                else
                    quantity_name(net, step->operands[i].what, text, sizeof text);
                used += (size_t)snprintf(out + used, size - used, "%s", text);
                p = end + 1;
                continue;
            }
        }
        out[used++] = *p++;
        out[used] = '\0';
    }
    if (used >= size)
        out[size - 1] = '\0';
}

/* The new value of an updated parameter: shown digits, or as many more as
 * it takes for the change to show (1 → 1.003, not 1 → 1).  Rounding to
 * decimal places writes it as carried (0.8 + 0.0055 = 0.8055), as on paper. */
static bool update_value_text(const Style *style, const Step *step, char *out, size_t size)
{
    if (style->places)
        return num_format(out, size, step->value, 15, true);
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

static void print_notes(FILE *out, const Style *style, const Net *net, const Step *step, const Step *reference)
{
    char name[NAME_MAX], text[NUM_TEXT_MAX], line[NARR_LINE_MAX], colored[NARR_LINE_MAX];
    quantity_name(net, step->what, name, sizeof name);
    if (step->note) {
        snprintf(line, sizeof line, "    (%s)", step->note);
        narr_printf(out, style, "%s\n", narr_colored(style, "2", line, colored, sizeof colored));
    }
    if (step->overridden) {
        num_format(text, sizeof text, step->value, 15, true);
        snprintf(line, sizeof line, "    ↳ carrying your own value from here on: %s = %s", name, text);
        narr_printf(out, style, "%s\n", narr_colored(style, "1", line, colored, sizeof colored));
        return;
    }
    if (!reference || step->phase == PHASE_UPDATE)
        return;
    char shown[NUM_TEXT_MAX], exact[NUM_TEXT_MAX];
    narr_number(style, step->value, shown, sizeof shown);
    narr_number(style, reference->value, exact, sizeof exact);
    if (strcmp(shown, exact) == 0)
        return;
    bool rounded = number_more(style, reference->value, exact, sizeof exact);
    if (step->uses_override) {
        char source[NAME_MAX];
        quantity_name(net, step->override_source, source, sizeof source);
        snprintf(line, sizeof line, "    (exact arithmetic gives %s %s %s; the difference comes from your %s)",
                 name, rounded ? "≈" : "=", exact, source);
    } else {
        snprintf(line, sizeof line, "    (exact arithmetic gives %s %s %s; the difference comes from rounding "
                 "by hand)", name, rounded ? "≈" : "=", exact);
    }
    narr_printf(out, style, "%s\n", narr_colored(style, "2", line, colored, sizeof colored));
}

void narr_step(FILE *out, const Style *style, const Net *net, const Step *step, const Step *reference)
{
    char name[NAME_MAX], symbolic[NARR_LINE_MAX], numeric[NARR_LINE_MAX], value[NUM_TEXT_MAX];
    char line[NARR_LINE_MAX], colored[NARR_LINE_MAX];
    if (step->heading) {
        narr_printf(out, style, "%s\n", narr_colored(style, "1", step->heading, colored, sizeof colored));
    }
    quantity_name(net, step->what, name, sizeof name);
    narr_fill(style, net, step, false, symbolic, sizeof symbolic);
    narr_fill(style, net, step, true, numeric, sizeof numeric);

    if (step->phase == PHASE_UPDATE) {
        char before[NUM_TEXT_MAX];
        if (style->places)
            num_format(before, sizeof before, step->before, 15, true);
        else
            num_format(before, sizeof before, step->before, style->digits, true);
        if (step->frozen) {
            snprintf(line, sizeof line, "  %s stays %s (frozen)", name, before);
        } else {
            bool rounded = update_value_text(style, step, value, sizeof value);
            snprintf(line, sizeof line, "  %s ← %s = %s %s %s    (%s → %s)", name, symbolic, numeric,
                     rounded ? "≈" : "=", value, before, value);
        }
        narr_printf(out, style, "%s\n", line);
        return;
    }

    double shown_value = step->overridden ? step->computed : step->value;
    narr_number(style, shown_value, value, sizeof value);
    bool rounded = !num_text_is_exact(value, step->computed);
    int used = snprintf(line, sizeof line, "  %s = ", name);
    if (step->chain)
        used += snprintf(line + used, sizeof line - (size_t)used, "%s = ", step->chain);
    used += snprintf(line + used, sizeof line - (size_t)used, "%s", symbolic);
    if (strcmp(symbolic, numeric) != 0)
        used += snprintf(line + used, sizeof line - (size_t)used, " = %s", numeric);
    if (strcmp(numeric, value) != 0)
        snprintf(line + used, sizeof line - (size_t)used, " %s %s", rounded ? "≈" : "=", value);
    narr_printf(out, style, "%s\n", line);
    print_notes(out, style, net, step, reference);
}

void narr_value(FILE *out, const Style *style, const Net *net, const char *name, double value,
                const Step *step, const Step *reference)
{
    char text[NUM_TEXT_MAX];
    bool rounded = narr_number(style, value, text, sizeof text);
    if (step && !step->overridden && step->phase != PHASE_UPDATE)
        rounded = !num_text_is_exact(text, step->computed);
    narr_printf(out, style, "%s %s %s\n", name, rounded ? "≈" : "=", text);
    if (!step)
        return;
    char symbolic[NARR_LINE_MAX], numeric[NARR_LINE_MAX];
    narr_fill(style, net, step, false, symbolic, sizeof symbolic);
    narr_fill(style, net, step, true, numeric, sizeof numeric);
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
        print_notes(out, style, net, step, reference);
    }
}

void narr_matrix(FILE *out, const Style *style, const char *name, const double *values, int rows, int cols,
                 const char *caption)
{
    char text[NUM_TEXT_MAX];
    bool any_rounded = false;
    int width = 1;
    for (int i = 0; i < rows * cols; i++) {
        any_rounded |= narr_number(style, values[i], text, sizeof text);
        int length = (int)strlen(text) - (values[i] < 0 ? 2 : 0);   /* U+2212 takes 3 bytes, shows as 1 */
        if (length > width)
            width = length;
    }
    const char *relation = any_rounded ? "≈" : "=";
    if (rows == 1 || cols == 1) {
        narr_printf(out, style, "%s %s [", name, relation);
        for (int i = 0; i < rows * cols; i++) {
            narr_number(style, values[i], text, sizeof text);
            narr_printf(out, style, "%s%s", i ? "  " : "", text);
        }
        narr_printf(out, style, "]%s%s\n", caption ? "    " : "", caption ? caption : "");
        return;
    }
    narr_printf(out, style, "%s %s%s%s\n", name, relation, caption ? "    " : "", caption ? caption : "");
    for (int j = 0; j < rows; j++) {
        narr_print(out, style, "  [");
        for (int k = 0; k < cols; k++) {
            narr_number(style, values[j * cols + k], text, sizeof text);
            int length = (int)strlen(text) - (values[j * cols + k] < 0 ? 2 : 0);
            narr_printf(out, style, "%s%*s%s", k ? "  " : " ", width - length, "", text);
        }
        narr_print(out, style, " ]\n");
    }
}
