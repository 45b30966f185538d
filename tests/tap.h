/* tap: a minimal Test Anything Protocol reporter for backstep's unit tests.
 * meson runs these with protocol 'tap' and counts each `ok` as a subtest. */
#ifndef BACKSTEP_TAP_H
#define BACKSTEP_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failures;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static bool tap_ok(bool passed, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    printf("%s %d - ", passed ? "ok" : "not ok", ++tap_count);
    vprintf(format, args);
    printf("\n");
    va_end(args);
    if (!passed)
        tap_failures++;
    return passed;
}

/* Ends the run: prints the plan and returns the exit status. */
static int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failures ? 1 : 0;
}

#endif
