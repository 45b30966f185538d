/* terminal: readline front end (see terminal.h).
 *
 * Ctrl-C follows the approach CPython uses: readline's callback interface
 * inside a wait loop, readline's own signal handling off, and a SIGINT
 * handler without SA_RESTART that only sets a flag.  Two details make it
 * race-free: SIGINT is blocked except inside pselect(), and readline reads
 * keys through read_key() from a non-blocking stdin.  (A terminal flushes
 * typed-ahead input when ^C arrives; a blocking read could then wait
 * forever with the interrupt already taken.)  When the flag is set while a
 * line is read, the line is discarded and the caller gets READ_INTERRUPTED;
 * while a command runs, the command's long loops see it (interrupt.h). */
#include "terminal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "commands.h"
#include "domain.h"
#include "functions.h"
#include "interrupt.h"
#include "quantity.h"

enum { HISTORY_KEEP = 1000 };

typedef struct {
    char history_path[4096];   /* "" when history is not kept */
    int new_entries;           /* lines added this session */
} TerminalState;

/* readline's callbacks carry no context pointer, so the session whose
 * names Tab completes, and the line being read, live here. */
static Session *completion_session;
static char *received_line;
static bool line_ready, end_of_input;
static sigset_t wait_mask;   /* the signal mask inside pselect(): SIGINT deliverable */

/* Waits until stdin is readable or a signal arrives. */
static void wait_for_input(void)
{
    fd_set readable;
    FD_ZERO(&readable);
    FD_SET(STDIN_FILENO, &readable);
    pselect(STDIN_FILENO + 1, &readable, NULL, NULL, NULL, &wait_mask);
}

/* readline's key reader.  stdin is non-blocking while a line is read, so
 * this never blocks outside pselect(). */
static int read_key(FILE *stream)
{
    for (;;) {
        if (interrupt_requested())
            return 0;   /* C-@ changes nothing visible; terminal_read discards the line */
        unsigned char key;
        ssize_t n = read(fileno(stream), &key, 1);
        if (n == 1)
            return key;
        if (n == 0)
            return EOF;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            wait_for_input();
        else if (errno != EINTR)
            return EOF;
    }
}

static void on_interrupt(int signal_number)
{
    (void)signal_number;
    interrupt_request();
}

static void on_line(char *line)
{
    rl_callback_handler_remove();
    line_ready = true;
    if (line)
        received_line = line;
    else
        end_of_input = true;
}

/* ---- completion ------------------------------------------------------ */

static char **candidates;
static int n_candidates, candidates_capacity;

static void add_candidate(const char *name, void *context)
{
    (void)context;
    if (n_candidates == candidates_capacity) {
        int capacity = candidates_capacity ? candidates_capacity * 2 : 64;
        char **grown = realloc(candidates, (size_t)capacity * sizeof *grown);
        if (!grown)
            return;
        candidates = grown;
        candidates_capacity = capacity;
    }
    char *copy = strdup(name);
    if (copy)
        candidates[n_candidates++] = copy;
}

/* Adds a name when the command being completed takes it. */
static void add_name_for(const char *name, void *context)
{
    const Completion *kind = context;
    Quantity q;
    if (!names_parse(session_names(completion_session), name, &q, NULL))
        return;
    /* a name this derivation has no step for (dL/da with softmax and ce) is not offered */
    if (completion_session->net && quantity_is_computed(q) && !domain_computed(completion_session, q, name, NULL))
        return;
    if (*kind != COMPLETE_NAMES) {
        bool settable = quantity_is_parameter(q) || q.kind == Q_INPUT || q.kind == Q_TARGET ||
                        q.kind == Q_LEARNING_RATE;
        if (settable != (*kind == COMPLETE_SETTABLE))
            return;
        if ((*kind == COMPLETE_COMPUTED || *kind == COMPLETE_CHECKABLE) && quantity_is_whole(q))
            return;
        bool updated = q.kind == Q_NEW_WEIGHT || q.kind == Q_NEW_BIAS;
        if (*kind == COMPLETE_COMPUTED && updated)
            return;
    }
    add_candidate(name, NULL);
}

static void clear_candidates(void)
{
    for (int i = 0; i < n_candidates; i++)
        free(candidates[i]);
    n_candidates = 0;
}

static char *next_candidate(const char *text, int state)
{
    static int index;
    if (state == 0)
        index = 0;
    size_t length = strlen(text);
    while (index < n_candidates) {
        const char *candidate = candidates[index++];
        if (strncmp(candidate, text, length) == 0)
            return strdup(candidate);
    }
    return NULL;
}

/* The command word of the line being completed, and how many arguments
 * come before the word under the cursor. */
static const Command *command_of_line(int start, int *argument_index)
{
    char word[64] = "";
    const char *p = rl_line_buffer;
    while (*p == ' ')
        p++;
    size_t n = 0;
    while (p[n] && p[n] != ' ' && n + 1 < sizeof word) {
        word[n] = p[n];
        n++;
    }
    word[n] = '\0';
    *argument_index = 0;
    bool in_word = false;
    for (const char *q = p + n; q < rl_line_buffer + start; q++) {
        if (*q != ' ' && !in_word)
            (*argument_index)++;
        in_word = *q != ' ';
    }
    return command_find(word);
}

/* True when the line's first argument (the word after the command) is `word`. */
static bool first_argument_is(const char *word)
{
    const char *p = rl_line_buffer + strspn(rl_line_buffer, " ");
    p += strcspn(p, " ");
    p += strspn(p, " ");
    size_t length = strcspn(p, " ");
    return length == strlen(word) && strncmp(p, word, length) == 0;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;
    clear_candidates();
    if (start == 0 || strspn(rl_line_buffer, " ") == (size_t)start) {
        for (int i = 0; i < N_COMMANDS; i++)
            add_candidate(COMMANDS[i].name, NULL);
        return rl_completion_matches(text, next_candidate);
    }
    int argument_index;
    const Command *command = command_of_line(start, &argument_index);
    if (!command)
        return NULL;
    Session *session = completion_session;
    switch (command->complete) {
    case COMPLETE_NAMES:
    case COMPLETE_SETTABLE:
    case COMPLETE_COMPUTED:
    case COMPLETE_CHECKABLE: {
        Completion kind = command->complete;
        if (session->net || session->graph)
            names_each(session_names(session), add_name_for, &kind);
        if (kind == COMPLETE_COMPUTED)
            add_candidate("off", NULL);
        break;
    }
    case COMPLETE_ACTIVATIONS:
        if (argument_index >= 1)
            for (int i = 0; i < N_ACTIVATIONS; i++)
                add_candidate(ACTIVATIONS[i].name, NULL);
        break;
    case COMPLETE_LOSSES:
        for (int i = 0; i < N_LOSSES; i++)
            add_candidate(LOSSES[i].name, NULL);
        break;
    case COMPLETE_ON_OFF:
        add_candidate("on", NULL);
        add_candidate("off", NULL);
        break;
    case COMPLETE_OFF:
        add_candidate(argument_index == 0 ? "off" : "places", NULL);
        break;
    case COMPLETE_DETAIL:
        add_candidate("layer", NULL);
        add_candidate("neuron", NULL);
        break;
    case COMPLETE_INIT:
        if (argument_index == 0)
            for (int i = 0; init_method_name(i); i++)
                add_candidate(init_method_name(i), NULL);
        else {
            add_candidate("seed", NULL);
            add_candidate("order", NULL);
            add_candidate("in-out", NULL);
        }
        break;
    case COMPLETE_WORDS:
        if (argument_index == 1 && first_argument_is("load")) {   /* data load FILE */
            char *file;
            for (int state = 0; (file = rl_filename_completion_function(text, state)); state++) {
                add_candidate(file, NULL);
                free(file);
            }
            break;
        }
        if (argument_index == 0)
            for (const char *w = command->words; w && *w;) {
                size_t length = strcspn(w, " ");
                char word[32];
                snprintf(word, sizeof word, "%.*s", (int)length, w);
                add_candidate(word, NULL);
                w += length + (w[length] == ' ');
            }
        break;
    case COMPLETE_OPTIMIZERS:
        if (argument_index == 0)
            for (int i = 0; i < N_OPTIMIZERS; i++)
                add_candidate(OPTIMIZERS[i].name, NULL);
        break;
    case COMPLETE_COMMANDS:
        for (int i = 0; i < N_COMMANDS; i++)
            add_candidate(COMMANDS[i].name, NULL);
        break;
    case COMPLETE_FILES: {
        /* shipped lessons by name, then files */
        const char *folder = script_lessons_folder();
        DIR *lessons = folder && !strchr(text, '/') ? opendir(folder) : NULL;
        for (struct dirent *entry; lessons && (entry = readdir(lessons));) {
            size_t length = strlen(entry->d_name);
            if (length > 3 && strcmp(entry->d_name + length - 3, ".bs") == 0) {
                char name[256];
                snprintf(name, sizeof name, "%.*s", (int)(length - 3), entry->d_name);
                add_candidate(name, NULL);
            }
        }
        if (lessons)
            closedir(lessons);
        char *file;
        for (int state = 0; (file = rl_filename_completion_function(text, state)); state++) {
            add_candidate(file, NULL);
            free(file);
        }
        break;
    }
    case COMPLETE_WORDS_FILE: {   /* export md FILE */
        char *file;
        for (const char *w = command->words; argument_index == 0 && w && *w;) {
            size_t length = strcspn(w, " ");
            char word[32];
            snprintf(word, sizeof word, "%.*s", (int)length, w);
            add_candidate(word, NULL);
            w += length + (w[length] == ' ');
        }
        for (int state = 0; argument_index == 1 && (file = rl_filename_completion_function(text, state)); state++) {
            add_candidate(file, NULL);
            free(file);
        }
        break;
    }
    case COMPLETE_DRAW:   /* draw dot FILE */
        if (argument_index == 0) {
            add_candidate("dot", NULL);
            break;
        }
        char *file;
        for (int state = 0; argument_index == 1 && (file = rl_filename_completion_function(text, state)); state++) {
            add_candidate(file, NULL);
            free(file);
        }
        break;
    case COMPLETE_NOTHING:
        return NULL;
    }
    return rl_completion_matches(text, next_candidate);
}

/* ---- history ----------------------------------------------------------- */

static void history_location(char *out, size_t size)
{
    const char *explicit_path = getenv("BACKSTEP_HISTORY");
    if (explicit_path && explicit_path[0]) {
        snprintf(out, size, "%s", explicit_path);
        return;
    }
    char folder[4096];
    const char *state_home = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    if (state_home && state_home[0] == '/')
        snprintf(folder, sizeof folder, "%s/backstep", state_home);
    else if (home && home[0])
        snprintf(folder, sizeof folder, "%s/.local/state/backstep", home);
    else {
        out[0] = '\0';
        return;
    }
    /* create each missing folder of the path, the last one private */
    for (char *p = folder + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(folder, 0700);
            *p = '/';
        }
    mkdir(folder, 0700);
    snprintf(out, size, "%s/history", folder);
}

static void add_to_history(TerminalState *state, const char *line)
{
    if (line[strspn(line, " \t")] == '\0')
        return;
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    if (last && strcmp(last->line, line) == 0)
        return;
    add_history(line);
    state->new_entries++;
}

static void save_history(LineSource *source, const TerminalState *state)
{
    if (!state->history_path[0] || state->new_entries == 0)
        return;
    int fd = open(state->history_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0)
        close(fd);
    if (fd < 0 || append_history(state->new_entries, state->history_path) != 0) {
        fprintf(stderr, "backstep: warning: could not save history to %s\n", state->history_path);
        return;
    }
    history_truncate_file(state->history_path, HISTORY_KEEP);
    (void)source;
}

/* ---- the source -------------------------------------------------------- */

static ReadResult terminal_read(LineSource *source, const char *prompt, char **line)
{
    TerminalState *state = source->state;
    line_ready = end_of_input = false;
    received_line = NULL;
    interrupt_clear();   /* a Ctrl-C that came after the last command ended is spent */

    /* SIGINT stays blocked except inside pselect(), so a Ctrl-C that comes
     * while readline handles a key is seen at the next wait, never lost. */
    sigset_t blocked, original;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGINT);
    sigprocmask(SIG_BLOCK, &blocked, &original);
    wait_mask = original;
    int flags = fcntl(STDIN_FILENO, F_GETFL);
    if (flags >= 0)
        fcntl(STDIN_FILENO, F_SETFL, flags | O_NONBLOCK);
    ReadResult result = READ_LINE;

    rl_callback_handler_install(prompt ? prompt : "backstep> ", on_line);
    while (!line_ready) {
        if (interrupt_requested()) {
            interrupt_clear();
            rl_replace_line("", 0);
            rl_free_line_state();
            rl_callback_sigcleanup();
            rl_cleanup_after_signal();
            rl_callback_handler_remove();
            fputs("\n", stdout);
            fflush(stdout);
            result = READ_INTERRUPTED;
            break;
        }
        wait_for_input();
        if (!interrupt_requested())
            rl_callback_read_char();
    }
    if (flags >= 0)
        fcntl(STDIN_FILENO, F_SETFL, flags);
    sigprocmask(SIG_SETMASK, &original, NULL);
    if (result != READ_LINE)
        return result;
    if (end_of_input) {
        fputs("\n", stdout);
        return READ_END;
    }
    source->line_number++;
    add_to_history(state, received_line);
    *line = received_line;
    return READ_LINE;
}

static void terminal_close_source(LineSource *source)
{
    TerminalState *state = source->state;
    save_history(source, state);
    clear_candidates();
    free(candidates);
    candidates = NULL;
    candidates_capacity = 0;
    free(state);
}

LineSource *terminal_open(Session *session)
{
    TerminalState *state = calloc(1, sizeof *state);
    if (!state)
        return NULL;
    LineSource *source = script_new_source("<terminal>", state, terminal_read, terminal_close_source);
    if (!source)
        return NULL;
    source->interactive = true;
    completion_session = session;
    rl_readline_name = "backstep";
    rl_catch_signals = 0;
    rl_attempted_completion_function = complete;
    rl_getc_function = read_key;
    rl_completer_word_break_characters = " \t\n";

    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;   /* no SA_RESTART: pselect() must return EINTR */
    sigaction(SIGINT, &action, NULL);

    history_location(state->history_path, sizeof state->history_path);
    if (state->history_path[0])
        read_history(state->history_path);
    return source;
}

void terminal_close(LineSource *source)
{
    script_close(source);
}
