/* terminal: the learner's terminal as a LineSource, through GNU readline.
 *
 * Line editing, history (saved under $XDG_STATE_HOME/backstep/history),
 * Tab completion of commands and names from the command table, Ctrl-C to
 * discard the line, Ctrl-D to leave.  Used only when stdin and stdout are
 * both terminals. */
#ifndef BACKSTEP_TERMINAL_H
#define BACKSTEP_TERMINAL_H

#include <signal.h>

#include "script.h"
#include "session.h"

/* Opens the terminal source for `session` (completion reads its network).
 * Returns NULL when memory runs out.  Close with terminal_close(), which
 * saves the history. */
LineSource *terminal_open(Session *session);
void terminal_close(LineSource *source);

/* Set by Ctrl-C; a replay on the terminal checks it between lines. */
extern volatile sig_atomic_t terminal_interrupted;

#endif
