/* interrupt: Ctrl-C while a command runs.
 *
 * On a terminal, the SIGINT handler only calls interrupt_request(), which
 * sets a flag.  The long loops (building a derivation, grading's rebuilds,
 * narrating steps) poll interrupt_requested() and abandon their work; the
 * command then fails with the error "interrupted" and changes nothing.  A
 * lesson being replayed stops at the line it was on.  The flag is cleared
 * when the terminal reads the next line. */
#ifndef BACKSTEP_INTERRUPT_H
#define BACKSTEP_INTERRUPT_H

#include <stdbool.h>

/* Sets the flag; async-signal-safe (it does nothing else). */
void interrupt_request(void);

/* Whether Ctrl-C asked to stop since the flag was last cleared. */
bool interrupt_requested(void);

void interrupt_clear(void);

#endif
