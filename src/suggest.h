/* suggest: what a learner probably meant by a word that is not a command.
 *
 * Two kinds of guesses.  A word that names a wish backstep fulfils under
 * another name (reset, clear, next, print, bye) is answered from a small
 * table of intents, which names a command of the command table and quotes
 * that command's own summary.  A word with no command behind it (save,
 * undo) is answered with what exists instead.  Anything else is matched
 * by spelling: a unique prefix, then the nearest name by edit distance. */
#ifndef BACKSTEP_SUGGEST_H
#define BACKSTEP_SUGGEST_H

#include <stddef.h>

/* Writes what follows "unknown command 'WORD'" into out, ending with
 * `pointer` (such as "`help` lists all") in parentheses: a guess by
 * meaning, "; did you mean 'restart'? (restart: go back to the first step
 * of this pass; POINTER)"; what exists instead, ": backstep has no save:
 * ... (POINTER)"; a guess by spelling, "; did you mean 'forward'?
 * (POINTER)"; or " (POINTER)" alone. */
void suggest_command(const char *word, const char *pointer, char *out, size_t size);

/* The closest command name by spelling, or "" when none is close. */
void suggest_command_by_spelling(const char *word, char *out, size_t size);

#endif
