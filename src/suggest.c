/* suggest: guesses for a word that is not a command (see suggest.h). */
#include "suggest.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "quantity.h"

/* Words people type for something backstep does under another name.  A row
 * with `meant` NULL has no command behind it: `instead` says what exists. */
typedef struct {
    const char *typed;
    const char *meant;     /* a command of the command table, or NULL */
    const char *instead;   /* for meant NULL: what to do instead */
} Intent;

static const Intent INTENTS[] = {
    {"reset", "restart", NULL},
    {"clear", "restart", NULL},
    {"rewind", "restart", NULL},
    {"next", "step", NULL},
    {"previous", "back", NULL},
    {"prev", "back", NULL},
    {"train", "run", NULL},
    {"backprop", "backward", NULL},
    {"print", "show", NULL},
    {"get", "show", NULL},
    {"assert", "expect", NULL},
    {"grade", "check", NULL},
    {"status", "state", NULL},
    {"info", "state", NULL},
    {"open", "load", NULL},
    {"source", "load", NULL},
    {"bye", "quit", NULL},
    {"q", "quit", NULL},
    {":q", "quit", NULL},
    {"?", "help", NULL},
    {"save", NULL, "backstep saves nothing; a lesson file is a list of commands, `load FILE` replays one, "
                   "and `state` summarises this session"},
    {"write", NULL, "backstep saves nothing; a lesson file is a list of commands, `load FILE` replays one, "
                    "and `state` summarises this session"},
    {"undo", NULL, "backstep has no undo; a command that fails changes nothing, `back` goes back a step of this "
                   "pass, and `restart` to its first"},
};

void suggest_command_by_spelling(const char *word, char *out, size_t size)
{
    /* a unique prefix first ("rest" is restart), then the nearest spelling */
    const char *prefixed = NULL;
    int n_prefixed = 0;
    size_t length = strlen(word);
    for (int i = 0; i < N_COMMANDS && length >= 2; i++)
        if (strncmp(COMMANDS[i].name, word, length) == 0)
            prefixed = COMMANDS[i].name, n_prefixed++;
    if (n_prefixed == 1) {
        snprintf(out, size, "%s", prefixed);
        return;
    }
    int best = length <= 3 ? 2 : 3;
    const char *nearest = "";
    for (int i = 0; i < N_COMMANDS; i++) {
        int distance = edit_distance(word, COMMANDS[i].name);
        if (distance < best) {
            best = distance;
            nearest = COMMANDS[i].name;
        }
    }
    snprintf(out, size, "%s", nearest);
}

void suggest_command(const char *word, const char *pointer, char *out, size_t size)
{
    for (size_t i = 0; i < sizeof INTENTS / sizeof INTENTS[0]; i++) {
        if (strcmp(INTENTS[i].typed, word) != 0)
            continue;
        if (!INTENTS[i].meant) {
            snprintf(out, size, ": %s (%s)", INTENTS[i].instead, pointer);
            return;
        }
        const Command *command = command_find(INTENTS[i].meant);
        if (command) {
            snprintf(out, size, "; did you mean '%s'? (%s: %s; %s)", command->name, command->name, command->summary,
                     pointer);
            return;
        }
    }
    char nearest[32];
    suggest_command_by_spelling(word, nearest, sizeof nearest);
    if (nearest[0])
        snprintf(out, size, "; did you mean '%s'? (%s)", nearest, pointer);
    else
        snprintf(out, size, " (%s)", pointer);
}

int suggest_nearest(const char *word, const char *const *names, int n)
{
    int nearest = -1, best = 3;
    for (int i = 0; i < n; i++) {
        int distance = edit_distance(word, names[i]);
        if (distance < best && distance < (int)strlen(names[i])) {
            best = distance;
            nearest = i;
        }
    }
    return nearest;
}

void suggest_join(const char *const *names, int n, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? ", " : "", names[i]);
}
