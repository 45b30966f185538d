/* numfmt: decimal rounding, number formatting and number parsing.
 *
 * Every number backstep shows passes through num_format(), so transcripts
 * are byte-stable.  Rounding works on the decimal digits of a value (after
 * removing binary noise at 15 significant digits) and rounds half away from
 * zero, as people do on paper: 0.1875 becomes 0.188 at 3 digits. */
#ifndef BACKSTEP_NUMFMT_H
#define BACKSTEP_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>

enum { NUM_TEXT_MAX = 48 };   /* enough for any formatted number */

/* x rounded to `digits` significant digits, half away from zero.
 * Non-finite values and zero come back unchanged; digits >= 15 is a no-op. */
double num_round_sig(double x, int digits);

/* x cut off after `digits` significant digits (toward zero), as a learner
 * who drops the remaining digits writes it.  Same edge cases as above. */
double num_truncate_sig(double x, int digits);

/* x rounded at the 10^-decimals place, half away from zero (decimals may be
 * negative: -2 rounds to hundreds). */
double num_round_decimals(double x, int decimals);

/* Writes x rounded to `digits` significant digits, trailing zeros dropped,
 * in plain notation for 1e-6 <= |x| < 1e9 and scientific otherwise.
 * `unicode` picks U+2212 for the minus sign.  Returns true when the text
 * is not exactly x (so a caller shows "≈" rather than "="). */
bool num_format(char *out, size_t size, double x, int digits, bool unicode);

/* As num_format(), but keeps every one of the `digits` digits, trailing
 * zeros included (0.750 at 3 digits), to show what an answer should have
 * been at its own digits. */
bool num_format_all_digits(char *out, size_t size, double x, int digits, bool unicode);

/* Writes x rounded to `places` decimal places (half away from zero),
 * trailing zeros dropped; returns true when the text is not exactly x. */
bool num_format_places(char *out, size_t size, double x, int places, bool unicode);

/* True when the decimal text `shown` stands for x exactly: for x's digits
 * up to the 15th, the last a double carries reliably (beyond it is binary
 * noise, as in 0.1 + 0.2). */
bool num_text_is_exact(const char *shown, double x);

/* What a number's text says about its precision. */
typedef struct {
    int decimals;            /* position of the last written digit: 2 for 0.79, -1 for 120e1 */
    int significant_digits;  /* written significant digits: 3 for 0.0626, 2 for 2.0 */
} NumberWritten;

/* Parses a whole token as a finite decimal number.  Accepts a leading +, -
 * or U+2212 minus, a fraction and an exponent; rejects nan, inf, hex and
 * trailing junk.  `written` may be NULL.  Returns false on anything else. */
bool num_parse(const char *text, double *value, NumberWritten *written);

#endif
