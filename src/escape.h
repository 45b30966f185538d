/* escape: text that came from input, made safe to put on a terminal.
 *
 * A lesson line, a file name or a mistyped name may hold control
 * characters, and echoed raw an escape sequence can set the terminal's
 * title or clear its screen.  Wherever backstep echoes such text (errors,
 * `say`, names and paths in messages) it shows every control character in
 * one style, \xHH: ESC is shown as \x1b. */
#ifndef BACKSTEP_ESCAPE_H
#define BACKSTEP_ESCAPE_H

#include <stddef.h>

/* Copies text into out (size bytes, always terminated, cut at a whole
 * character when short) with C0 controls other than tab, DEL, the C1
 * controls U+0080 to U+009F, and bytes that are not part of well-formed
 * UTF-8 each written as \xHH.  Needs at most 4 × strlen(text) + 1 bytes. */
void escape_controls(const char *text, char *out, size_t size);

#endif
