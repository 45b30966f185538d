/* terminal: the learner's terminal as a LineSource, through GNU readline.
 *
 * Line editing, history (saved under $XDG_STATE_HOME/backstep/history),
 * Tab completion of commands and names from the command table, Ctrl-C to
 * discard the line or to stop a running command (interrupt.h), Ctrl-D to
 * leave.  Used only when stdin and stdout are both terminals. */
#ifndef BACKSTEP_TERMINAL_H
#define BACKSTEP_TERMINAL_H

#include "script.h"
#include "session.h"

/* Opens the terminal source for `session` (completion reads its network).
 * Returns NULL when memory runs out.  Close with terminal_close(), which
 * saves the history. */
LineSource *terminal_open(Session *session);
void terminal_close(LineSource *source);

#endif
