/* Unit tests of hand rounding, number formatting and parsing.  Every
 * expected value here is worked out by hand, digit by digit. */
#include "numfmt.h"
#include "tap.h"

static void round_sig(double x, int digits, double expected)
{
    double got = num_round_sig(x, digits);
    tap_ok(got == expected, "round %.17g to %d digits gives %.17g (got %.17g)", x, digits, expected, got);
}

static void round_decimals(double x, int decimals, double expected)
{
    double got = num_round_decimals(x, decimals);
    tap_ok(got == expected, "round %.17g at 1e-%d gives %.17g (got %.17g)", x, decimals, expected, got);
}

static void format(double x, int digits, const char *expected, bool expected_rounded)
{
    char text[NUM_TEXT_MAX];
    bool rounded = num_format(text, sizeof text, x, digits, false);
    tap_ok(strcmp(text, expected) == 0 && rounded == expected_rounded, "format %.17g at %d digits is %s%s (got %s%s)",
           x, digits, expected_rounded ? "~" : "=", expected, rounded ? "~" : "=", text);
}

static void places(double x, int n, const char *expected, bool expected_rounded)
{
    char text[NUM_TEXT_MAX];
    bool rounded = num_format_places(text, sizeof text, x, n, false);
    tap_ok(strcmp(text, expected) == 0 && rounded == expected_rounded, "%.17g to %d places is %s%s (got %s%s)", x, n,
           expected_rounded ? "~" : "=", expected, rounded ? "~" : "=", text);
}

static void parse(const char *text, bool valid, double value, int decimals, int significant)
{
    double got = 0;
    NumberWritten written = {0, 0};
    bool ok = num_parse(text, &got, &written);
    if (!valid) {
        tap_ok(!ok, "'%s' is refused", text);
        return;
    }
    tap_ok(ok && got == value && written.decimals == decimals && written.significant_digits == significant,
           "'%s' reads as %g with %d decimals and %d significant digits (got %d: %g, %d, %d)", text, value,
           decimals, significant, ok, got, written.decimals, written.significant_digits);
}

static void cut_sig(double x, int digits, double want)
{
    double got = num_truncate_sig(x, digits);
    tap_ok(got == want, "%.17g cut off after %d digits is %.17g (got %.17g)", x, digits, want, got);
}

int main(void)
{
    /* cutting off: the digits after the last kept one are dropped, toward
     * zero, on the decimal digits (0.16 is 0.16000000000000000333 in binary,
     * 0.29 is 0.28999999999999998002: neither loses its last digit) */
    cut_sig(0.158796, 3, 0.158);
    cut_sig(-0.0313920, 3, -0.0313);
    cut_sig(0.999, 1, 0.9);
    cut_sig(0.29, 2, 0.29);
    cut_sig(0.16, 1, 0.1);
    cut_sig(123456.0, 2, 120000.0);
    cut_sig(0.0, 3, 0.0);

    /* half away from zero, on the decimal digits */
    round_sig(0.1875, 3, 0.188);          /* a tie: up, not to even */
    round_sig(-0.1875, 3, -0.188);        /* away from zero on the negative side too */
    round_sig(0.1885, 3, 0.189);          /* 0.1885 is 0.18849999... in binary; people round it up */
    round_sig(2.675, 3, 2.68);            /* likewise 2.67499999... */
    round_sig(0.158796, 3, 0.159);        /* 0.802 × 0.198 */
    round_sig(0.802183888558582, 3, 0.802);
    round_sig(-0.062568, 3, -0.0626);
    round_sig(0.0196020, 3, 0.0196);
    round_sig(999.5, 3, 1000);            /* carry into a new digit */
    round_sig(0.099951, 3, 0.1);
    round_sig(1.4000000000000001, 3, 1.4);
    round_sig(123456, 2, 120000);
    round_sig(0.0, 3, 0.0);
    round_sig(5e-300, 1, 5e-300);

    round_decimals(-0.7906045, 2, -0.79);
    round_decimals(0.500214, 3, 0.5);
    round_decimals(0.0006, 3, 0.001);     /* the rounding place lies above the first digit */
    round_decimals(0.0004, 3, 0.0);
    round_decimals(0.805532411, 4, 0.8055);
    round_decimals(-0.0625, 3, -0.063);
    round_decimals(1234.5, -2, 1200);

    format(1.4000000000000001, 3, "1.4", false);
    format(0.8021838885585817, 3, "0.802", true);
    format(0.5, 4, "0.5", false);
    format(2.0, 4, "2", false);
    format(-0.0313, 3, "-0.0313", false);
    format(0.0043575525, 4, "0.004358", true);
    format(0.0, 4, "0", false);
    format(-0.0, 4, "0", false);
    format(1.5e-9, 3, "1.5e-9", false);
    format(12345678901.0, 3, "1.23e10", true);
    /* "≈" at every number of digits exactly when digits were dropped: a
     * double carries 15 significant digits, and only beyond them is noise */
    format(1.0000000000001, 10, "1", true);                        /* 1e-13 dropped */
    format(1.0000000000001, 14, "1.0000000000001", false);
    format(0.8021838885585817, 12, "0.802183888559", true);       /* σ(1.4) */
    format(0.8021838885585817, 14, "0.80218388855858", true);
    format(2.0 / 3.0, 13, "0.6666666666667", true);
    format(123456.7890123, 12, "123456.789012", true);          /* 3e-7 dropped */
    format(123456.7890123, 13, "123456.7890123", false);
    format(0.1 + 0.2, 10, "0.3", false);                          /* binary noise, not a digit */
    format(0.1 + 0.2, 15, "0.3", false);
    format(2 * 0.5 + 3 * -0.2 + 1, 12, "1.4", false);
    format(-0.50000000000049, 11, "-0.5", true);               /* 4.9e-13 dropped */

    places(0.0712, 3, "0.071", true);
    places(-0.08883, 3, "-0.089", true);
    places(0.5, 3, "0.5", false);
    places(0.0005, 3, "0.001", true);      /* half away from zero */
    places(-0.0004, 3, "0", true);
    places(0.8055, 4, "0.8055", false);

    char text[NUM_TEXT_MAX];
    num_format(text, sizeof text, -0.198, 3, true);
    tap_ok(strcmp(text, "\xE2\x88\x92" "0.198") == 0, "a negative number takes the minus sign U+2212 in UTF-8");

    parse("0.5", true, 0.5, 1, 1);
    parse("-0.0626", true, -0.0626, 4, 3);
    parse("\xE2\x88\x92" "0.2", true, -0.2, 1, 1);   /* copied from narration */
    parse("+3", true, 3, 0, 1);
    parse("2.0", true, 2.0, 1, 2);
    parse("0.8055", true, 0.8055, 4, 4);
    parse("1e-3", true, 0.001, 3, 1);
    parse(".5", true, 0.5, 1, 1);
    parse("nan", false, 0, 0, 0);
    parse("inf", false, 0, 0, 0);
    parse("-inf", false, 0, 0, 0);
    parse("1e999", false, 0, 0, 0);
    parse("0x10", false, 0, 0, 0);
    parse("1.2.3", false, 0, 0, 0);
    parse("", false, 0, 0, 0);
    parse("-", false, 0, 0, 0);
    parse("1e", false, 0, 0, 0);
    parse("0.5abc", false, 0, 0, 0);
    return tap_done();
}
