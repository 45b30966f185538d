/* numfmt: decimal rounding, formatting and parsing (see numfmt.h). */
#include "numfmt.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CLEAN_DIGITS = 15 };   /* significant digits a double carries reliably */

/* The decimal digits of |x| to 15 significant digits: digits[0..14] as
 * characters, and the power of ten of the first one. */
typedef struct {
    char digits[CLEAN_DIGITS + 1];
    int exponent;
} DecimalDigits;

static DecimalDigits decimal_digits(double magnitude)
{
    char text[64];
    DecimalDigits d;
    snprintf(text, sizeof text, "%.*e", CLEAN_DIGITS - 1, magnitude);
    d.digits[0] = text[0];
    memcpy(d.digits + 1, text + 2, CLEAN_DIGITS - 1);
    d.digits[CLEAN_DIGITS] = '\0';
    d.exponent = atoi(strchr(text, 'e') + 1);
    return d;
}

/* Keeps the first `keep` digits of d (keep may be 0 or negative, meaning
 * the rounding position lies before the first digit), rounding half away
 * from zero, and returns the resulting magnitude. */
static double round_digits(DecimalDigits d, int keep)
{
    if (keep >= CLEAN_DIGITS)
        return strtod(d.digits, NULL) * pow(10.0, d.exponent - (CLEAN_DIGITS - 1));
    if (keep < 0)
        return 0.0;
    if (keep == 0)   /* rounding position is one place above the first digit */
        return d.digits[0] >= '5' ? pow(10.0, d.exponent + 1) : 0.0;

    char kept[CLEAN_DIGITS + 2];
    memcpy(kept, d.digits, (size_t)keep);
    kept[keep] = '\0';
    int exponent = d.exponent;
    if (d.digits[keep] >= '5') {
        int i = keep - 1;
        while (i >= 0 && kept[i] == '9')
            kept[i--] = '0';
        if (i >= 0) {
            kept[i]++;
        } else {                       /* 999 -> 1000: one more digit */
            memmove(kept + 1, kept, (size_t)keep + 1);
            kept[0] = '1';
            kept[keep + 1] = '\0';
            exponent++;
            keep++;
        }
    }
    char text[64];
    snprintf(text, sizeof text, "%se%d", kept, exponent - (keep - 1));
    return strtod(text, NULL);
}

double num_round_sig(double x, int digits)
{
    if (x == 0.0 || !isfinite(x) || digits >= CLEAN_DIGITS)
        return x;
    if (digits < 1)
        digits = 1;
    double magnitude = round_digits(decimal_digits(fabs(x)), digits);
    return x < 0 ? -magnitude : magnitude;
}

double num_truncate_sig(double x, int digits)
{
    if (x == 0.0 || !isfinite(x) || digits >= CLEAN_DIGITS)
        return x;
    if (digits < 1)
        digits = 1;
    DecimalDigits d = decimal_digits(fabs(x));
    char text[64];
    snprintf(text, sizeof text, "%.*se%d", digits, d.digits, d.exponent - (digits - 1));
    double magnitude = strtod(text, NULL);
    return x < 0 ? -magnitude : magnitude;
}

double num_round_decimals(double x, int decimals)
{
    if (x == 0.0 || !isfinite(x))
        return x;
    DecimalDigits d = decimal_digits(fabs(x));
    double magnitude = round_digits(d, d.exponent + 1 + decimals);
    return x < 0 ? -magnitude : magnitude;
}

bool num_text_is_exact(const char *shown, double x)
{
    char plain[NUM_TEXT_MAX];
    size_t n = 0;
    for (const char *p = shown; *p && n + 1 < sizeof plain; p++) {
        if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x88 &&
            (unsigned char)p[2] == 0x92) {          /* U+2212 minus */
            plain[n++] = '-';
            p += 2;
        } else {
            plain[n++] = *p;
        }
    }
    plain[n] = '\0';
    double back = strtod(plain, NULL);
    if (back == x)
        return true;
    if (!isfinite(x))
        return false;
    /* x's digits to the 15th, the last it carries reliably (0.1 + 0.2 is
     * 0.3 there): the text is exact when it stands for the same decimal */
    char clean[64];
    snprintf(clean, sizeof clean, "%.*e", CLEAN_DIGITS - 1, x);
    return strtod(clean, NULL) == back;
}

/* Drops trailing zeros of a fraction, and a dangling decimal point. */
static void strip_fraction_zeros(char *text)
{
    char *dot = strchr(text, '.');
    if (!dot)
        return;
    char *end = text + strlen(text);
    while (end > dot + 1 && end[-1] == '0')
        end--;
    if (end == dot + 1)
        end = dot;
    *end = '\0';
}

/* Copies the plain decimal text to out (with U+2212 for a minus sign when
 * `unicode`), and returns true when the text is not exactly x. */
static bool finish_text(const char *text, double x, bool unicode, char *out, size_t size)
{
    bool exact = num_text_is_exact(text, x);
    if (unicode && text[0] == '-')
        snprintf(out, size, "\xE2\x88\x92%s", text + 1);
    else
        snprintf(out, size, "%s", text);
    return !exact;
}

static bool format_significant(char *out, size_t size, double x, int digits, bool unicode, bool keep_zeros)
{
    char text[80];
    if (!isfinite(x)) {
        snprintf(out, size, "%s", isnan(x) ? "undefined" : x > 0 ? "infinity" : "-infinity");
        return true;
    }
    if (digits < 1)
        digits = 1;
    if (digits > CLEAN_DIGITS)
        digits = CLEAN_DIGITS;
    double rounded = num_round_sig(x, digits);
    if (rounded == 0.0) {
        snprintf(text, sizeof text, "0");
    } else {
        int exponent = (int)floor(log10(fabs(rounded)));
        if (exponent < -6 || exponent >= 9) {
            char mantissa[40];
            snprintf(mantissa, sizeof mantissa, "%.*e", digits - 1, rounded);
            char *e = strchr(mantissa, 'e');
            int power = atoi(e + 1);
            *e = '\0';
            if (!keep_zeros)
                strip_fraction_zeros(mantissa);
            snprintf(text, sizeof text, "%se%d", mantissa, power);
        } else {
            int decimals = digits - 1 - exponent;
            snprintf(text, sizeof text, "%.*f", decimals > 0 ? decimals : 0, rounded);
            if (!keep_zeros)
                strip_fraction_zeros(text);
        }
    }
    return finish_text(text, x, unicode, out, size);
}

bool num_format(char *out, size_t size, double x, int digits, bool unicode)
{
    return format_significant(out, size, x, digits, unicode, false);
}

bool num_format_all_digits(char *out, size_t size, double x, int digits, bool unicode)
{
    return format_significant(out, size, x, digits, unicode, true);
}

bool num_parse(const char *text, double *value, NumberWritten *written)
{
    char plain[128];
    const char *p = text;
    size_t n = 0;

    if (*p == '+' || *p == '-') {
        plain[n++] = *p++;
    } else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x88 &&
               (unsigned char)p[2] == 0x92) {
        plain[n++] = '-';
        p += 3;
    }
    const char *mantissa_start = p;
    int fraction_digits = 0, significant = 0;
    bool any_digit = false, seen_dot = false, leading = true;
    for (; *p && (isdigit((unsigned char)*p) || *p == '.'); p++) {
        if (n + 1 >= sizeof plain)
            return false;
        if (*p == '.') {
            if (seen_dot)
                return false;
            seen_dot = true;
        } else {
            any_digit = true;
            if (seen_dot)
                fraction_digits++;
            if (*p != '0')
                leading = false;
            if (!leading)
                significant++;
        }
        plain[n++] = *p;
    }
    if (!any_digit || p == mantissa_start)
        return false;
    long exponent = 0;
    if (*p == 'e' || *p == 'E') {
        char *end;
        exponent = strtol(p + 1, &end, 10);
        if (end == p + 1 || !isdigit((unsigned char)end[-1]) || exponent > 400 || exponent < -400)
            return false;
        p = end;
    }
    if (*p != '\0')
        return false;
    plain[n] = '\0';
    char full[160];
    snprintf(full, sizeof full, "%se%ld", plain, exponent);
    double parsed = strtod(full, NULL);
    if (!isfinite(parsed))
        return false;
    *value = parsed;
    if (written) {
        written->decimals = fraction_digits - (int)exponent;
        written->significant_digits = significant > 0 ? significant : 1;
    }
    return true;
}

bool num_format_places(char *out, size_t size, double x, int places, bool unicode)
{
    if (!isfinite(x) || fabs(x) >= 1e9)
        return num_format(out, size, x, 15, unicode);
    char text[80];
    double rounded = num_round_decimals(x, places);
    snprintf(text, sizeof text, "%.*f", places, rounded == 0.0 ? 0.0 : rounded);
    strip_fraction_zeros(text);
    return finish_text(text, x, unicode, out, size);
}
