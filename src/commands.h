/* commands: the command table and its handlers.
 *
 * One table drives dispatch, `help`, `help COMMAND` and Tab completion, so
 * help cannot drift from behaviour.  Handlers validate all their arguments
 * before they change anything: a failed command leaves the session exactly
 * as it was.  Handlers return a status and never exit. */
#ifndef BACKSTEP_COMMANDS_H
#define BACKSTEP_COMMANDS_H

#include <stddef.h>

#include "error.h"
#include "session.h"

typedef enum {
    STATUS_OK,
    STATUS_ERROR,    /* the command was refused; error says why */
    STATUS_FAILED,   /* an expect did not hold (exit status 1) */
    STATUS_QUIT,     /* stop reading input */
    STATUS_STOPPED,  /* a loaded file stopped at an error it reported (--bail, Ctrl-C): stop the run */
} Status;

enum { ARGS_MAX = 256 };

typedef struct {
    int count;
    const char *words[ARGS_MAX];  /* arguments after the command word; [..] literals are one word */
    const char *rest;             /* the raw text after the command word (for `say`) */
    int rest_column;              /* where rest starts in the typed line, in characters from 1;
                                     0 when not known */
} Args;

/* What Tab offers for a command's arguments. */
typedef enum {
    COMPLETE_NOTHING,
    COMPLETE_NAMES,        /* every quantity name of the current network */
    COMPLETE_SETTABLE,     /* names `set` and `freeze` take: parameters, x, t, lr */
    COMPLETE_COMPUTED,     /* names `use` takes: computed quantities */
    COMPLETE_CHECKABLE,    /* names `check` takes: computed numbers and updated parameters */
    COMPLETE_ACTIVATIONS,  /* after the shape */
    COMPLETE_LOSSES,
    COMPLETE_ON_OFF,
    COMPLETE_COMMANDS,
    COMPLETE_FILES,
    COMPLETE_OFF,          /* a number, or off */
    COMPLETE_DRAW,         /* dot, then a file */
    COMPLETE_DETAIL,       /* layer or neuron */
    COMPLETE_INIT,         /* init's methods, then seed and order in-out */
    COMPLETE_WORDS,        /* the command's first words (Command.words) */
    COMPLETE_OPTIMIZERS,   /* the optimizer table's names */
    COMPLETE_WORDS_FILE,   /* one of the command's words (Command.words), then a file */
} Completion;

typedef struct Command {
    const char *name;
    const char *usage;      /* "set NAME VALUE" */
    const char *summary;    /* one line for `help` */
    const char *details;    /* more lines for `help COMMAND`, or NULL */
    int min_args, max_args; /* max_args -1: any number */
    Status (*run)(Session *session, const Args *args, Error *error);
    Completion complete;
    const char *words;      /* COMPLETE_WORDS: what the first argument may be, separated by spaces */
} Command;

extern const Command COMMANDS[];
extern const int N_COMMANDS;

/* Says the session's pending notice, if any (see session_take_notice):
 * the driver calls it after each command. */
void say_notice(Session *session);

/* The name of init's method i (randn, uniform, ...), or NULL past the last (commands_init.c). */
const char *init_method_name(int i);

/* The command named `name` (exactly), or NULL. */
const Command *command_find(const char *name);

#endif
