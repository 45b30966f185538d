/* libFuzzer target: feeds arbitrary bytes to the formula parser, and every
 * formula it accepts to evaluation, differentiation and templates.  Build
 * with clang:
 *   CC=clang meson setup build-fuzz -Dfuzz=true -Db_lundef=false
 *   ninja -C build-fuzz fuzz_formula && build-fuzz/fuzz_formula -max_total_time=60
 * Any crash or sanitizer report is a bug, and so is a value reported as
 * computed that is not finite, or a template with unbalanced parentheses
 * or a character cut in half. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run when a template is not whole: every '(' closed, every
 * UTF-8 character complete. */
static void check_template(const char *template, bool whole)
{
    int open = 0;
    for (const unsigned char *p = (const unsigned char *)template; *p; p++) {
        open += *p == '(' ? 1 : *p == ')' ? -1 : 0;
        if (open < 0)
            abort();
    }
    size_t length = strlen(template), last = length;
    while (last > 0 && ((unsigned char)template[last - 1] & 0xC0) == 0x80)
        last--;
    /* the final character's lead byte says how long it is */
    if (last > 0 && (unsigned char)template[last - 1] >= 0xC0) {
        unsigned char lead = (unsigned char)template[last - 1];
        size_t expected = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (length - (last - 1) != expected)
            abort();
    }
    if (open != 0 && whole)
        abort();
}

static void exercise(const Formula *f, const double *values)
{
    double value;
    Error error;
    if (formula_evaluate(f, values, &value, &error) && !isfinite(value))
        abort();
    char template[4096];
    bool whole = formula_template(f, template, sizeof template);
    check_template(template, whole);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[FORMULA_TEXT_MAX + 2];
    if (size > FORMULA_TEXT_MAX + 1)
        size = FORMULA_TEXT_MAX + 1;
    memcpy(text, data, size);
    text[size] = '\0';
    Arena arena = {0};
    FormulaNames names;
    Error error;
    Formula *f = formula_parse(text, &arena, &names, &error);
    if (f) {
        double values[FORMULA_MAX_NAMES];
        for (int i = 0; i < FORMULA_MAX_NAMES; i++)
            values[i] = i % 3 == 0 ? 0 : i % 3 == 1 ? 1.5 : -0.75;
        exercise(f, values);
        Formula *simplified = formula_simplify(f, &arena);
        if (simplified)
            exercise(simplified, values);
        for (int i = 0; i < names.count; i++) {
            Formula *d = formula_derivative(f, i, &arena);
            if (d)
                exercise(d, values);
        }
    }
    arena_free(&arena);
    return 0;
}
