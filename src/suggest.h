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

/* The index of the name in names[0 .. n) nearest `word` by spelling: at
 * most 2 edits away, and fewer edits than the name has letters (so "xx"
 * is not taken for "ce"); -1 when none is that near.  For the choices of
 * one command: losses, optimizers, init's methods, export's formats. */
int suggest_nearest(const char *word, const char *const *names, int n);

/* Writes names[0 .. n) joined by ", " into out. */
void suggest_join(const char *const *names, int n, char *out, size_t size);

#endif
