/* script: the input loop, tokeniser and error reporting (see script.h). */
#include "script.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "escape.h"
#include "interrupt.h"
#include "literal.h"
#include "suggest.h"

/* ---- tokenising and dispatch ----------------------------------------- */

/* The end of the word at p when brackets and parentheses hold it together
 * ("[0.1 0.2; 0.3 0.4]", "W1[1, 1]", "np.array([[1, 2], [3, 4]])"), or
 * NULL when they do not pair up; *mismatch then says what went wrong, and
 * *crossed whether a bracket was closed by the wrong kind.  A word that
 * starts with '[' ends where that bracket closes. */
static char *bracketed_word_end(char *p, char mismatch[64], bool *crossed)
{
    *crossed = false;
    char open[64];    /* the brackets still open, innermost last */
    int depth = 0;
    bool literal = *p == '[';
    for (; *p && (depth > 0 || !isspace((unsigned char)*p)); p++) {
        if (literal && depth == 0 && p[-1] == ']')
            return p;
        if (*p == '[' || *p == '(') {
            if (depth == (int)sizeof open)
                return snprintf(mismatch, 64, "brackets nest too deeply"), NULL;
            open[depth++] = *p;
        } else if ((*p == ']' || *p == ')') && depth > 0) {
            char expected = open[depth - 1] == '[' ? ']' : ')';
            if (*p != expected) {
                *crossed = true;
                return snprintf(mismatch, 64, "'%c' closes '%c': expected '%c'", *p, open[depth - 1], expected), NULL;
            }
            depth--;
        }
    }
    if (depth > 0)
        return snprintf(mismatch, 64, "'%c' without a closing '%c'", open[depth - 1],
                        open[depth - 1] == '[' ? ']' : ')'), NULL;
    return p;
}

/* Splits `line` (modified in place) into words.  Brackets and parentheses
 * that pair up hold a word together, spaces inside and all:
 * "[0.1 0.2; 0.3 0.4]", "W1[1, 1]", "np.array([[1, 2], [3, 4]])" and
 * "leaky_relu( 0.2 )" are one word each.  A literal ([...], np.array(...))
 * must pair up, and so must every word whose brackets cross ("[1 2)"); in
 * other words a lone bracket is an ordinary character (a file name may hold
 * one).  Returns the count, or -1 with error set. */
static int tokenise(char *line, const char **words, int capacity, Error *error)
{
    int count = 0;
    char *p = line;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            return count;
        if (count == capacity)
            return error_set(error, "too many words on one line (at most %d)", capacity), -1;
        words[count++] = p;
        char mismatch[64];
        bool crossed;
        char *end = bracketed_word_end(p, mismatch, &crossed);
        if (!end && (crossed || literal_is_bracketed(p)))
            return error_set(error, "%s", mismatch), -1;
        if (end && *p == '[' && *end && !isspace((unsigned char)*end))
            return error_set(error, "put a space after ']'"), -1;
        if (!end)
            for (end = p; *end && !isspace((unsigned char)*end);)
                end++;
        p = end;
        if (*p)
            *p++ = '\0';
    }
}

Status script_execute(Session *session, const char *line, Error *error)
{
    char buffer[SCRIPT_LINE_MAX + 1];
    const char *start = line;
    while (isspace((unsigned char)*start))
        start++;
    if (*start == '\0' || *start == '#')
        return STATUS_OK;
    snprintf(buffer, sizeof buffer, "%s", start);
    size_t length = strlen(buffer);
    while (length > 0 && isspace((unsigned char)buffer[length - 1]))
        buffer[--length] = '\0';

    char *name = buffer;
    char *rest = buffer;
    while (*rest && !isspace((unsigned char)*rest))
        rest++;
    if (*rest)
        *rest++ = '\0';
    while (isspace((unsigned char)*rest))
        rest++;

    const Command *command = command_find(name);
    if (!command) {
        char hint[400];
        if (rest[0] == '=' || strchr(name, '='))   /* y = (3x + 2)^2, written as on paper */
            return error_set(error, "unknown command '%s': to define a node, write expr %s%s%s", name, name,
                             rest[0] ? " " : "", rest), STATUS_ERROR;
        suggest_command(name, "`help` lists all", hint, sizeof hint);
        return error_set(error, "unknown command '%s'%s", name, hint), STATUS_ERROR;
    }

    Args args = {0, {0}, NULL, 1};
    char raw_rest[SCRIPT_LINE_MAX + 1];
    snprintf(raw_rest, sizeof raw_rest, "%s", rest);
    args.rest = raw_rest;
    /* the column of rest in the line as typed, so a formula's errors can point into it */
    for (const char *p = line; p < start; p++)
        args.rest_column += ((unsigned char)*p & 0xC0) != 0x80;
    for (const char *p = buffer; p < rest; p++)
        args.rest_column += ((unsigned char)*p & 0xC0) != 0x80;
    if (command->run != NULL && strcmp(command->name, "say") != 0) {
        args.count = tokenise(rest, args.words, ARGS_MAX, error);
        if (args.count < 0)
            return STATUS_ERROR;
        if (args.count < command->min_args || (command->max_args >= 0 && args.count > command->max_args))
            return error_set(error, "usage: %s", command->usage), STATUS_ERROR;
    }
    Status status = command->run(session, &args, error);
    say_notice(session);
    return status;
}

/* ---- sources ------------------------------------------------------------ */

LineSource *script_new_source(const char *name, void *state,
                              ReadResult (*read)(LineSource *, const char *, char **),
                              void (*close)(LineSource *))
{
    LineSource *source = calloc(1, sizeof *source);
    if (!source) {
        LineSource orphan = {.state = state};
        close(&orphan);
        return NULL;
    }
    source->name = name;
    source->read = read;
    source->close = close;
    source->state = state;
    return source;
}

typedef struct {
    FILE *file;
    char *path;
    int nul_lines;   /* lines skipped so far for holding a NUL byte */
} FileState;

/* Reads one line byte by byte into a bounded buffer, so a file without
 * line breaks never makes memory grow.  An overlong line is skipped whole,
 * but only up to SCRIPT_SKIP_MAX bytes: a stream that never breaks its
 * lines (/dev/zero) is not text.  A NUL byte never belongs in a lesson: on
 * the first line it means the file is binary, and reading stops; later, the
 * line alone is skipped and the line count stays right, unless it keeps
 * happening (random bytes). */
static ReadResult read_file_line(LineSource *source, const char *prompt, char **line)
{
    (void)prompt;
    FileState *state = source->state;
    char buffer[SCRIPT_LINE_MAX + 2];
    size_t length = 0;     /* bytes of the line so far, newline excluded */
    size_t nul_at = 0;     /* 1-based column of the first NUL byte, 0 for none */
    bool any = false;
    int c;
    while ((c = getc(state->file)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        if (length < sizeof buffer - 1)
            buffer[length] = (char)c;
        length++;
        if (c == '\0' && nul_at == 0) {
            nul_at = length;
            if (source->line_number == 0) {
                source->line_number = 1;
                source->problem = "a NUL byte on its first line";
                return READ_NOT_TEXT;
            }
        }
        if (length > SCRIPT_SKIP_MAX) {
            source->line_number++;
            source->problem = "no line break within a mebibyte";
            return READ_NOT_TEXT;
        }
    }
    if (!any)
        return READ_END;
    source->line_number++;
    if (nul_at > 0) {
        if (++state->nul_lines > SCRIPT_NUL_LINES_MAX) {
            source->problem = "NUL bytes on line after line";
            return READ_NOT_TEXT;
        }
        source->column = (int)nul_at;
        return READ_NUL;
    }
    if (length >= sizeof buffer)
        return READ_TOO_LONG;
    buffer[length] = '\0';
    while (length > 0 && buffer[length - 1] == '\r')
        buffer[--length] = '\0';
    if (length > SCRIPT_LINE_MAX)
        return READ_TOO_LONG;
    const char *start = buffer;
    if (source->line_number == 1 && strncmp(buffer, "\xEF\xBB\xBF", 3) == 0)
        start += 3;   /* the byte-order mark some editors put first */
    *line = strdup(start);
    return *line ? READ_LINE : READ_END;
}

static void close_file(LineSource *source)
{
    FileState *state = source->state;
    if (state->file && state->file != stdin)
        fclose(state->file);
    free(state->path);
    free(state);
}

static bool is_folder(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

/* The lessons folder of the installed tree the running program is part
 * of: BACKSTEP_LESSONS_FROM_BINDIR (../share/backstep/lessons, worked out
 * by meson.build from bindir and datadir) from the program's own folder,
 * or NULL when there is none.  The compiled-in folder does not exist in
 * a tree installed with `meson install --destdir`, or moved after
 * installing; this one goes along with the program. */
static const char *lessons_beside_program(void)
{
    /* the answer outlives the call; it is worked out again each time, and
     * the program does not move while it runs, so it is always the same */
    static char folder[PATH_MAX];
    char program[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", program, sizeof program - 1);
    if (length <= 0)
        return NULL;
    program[length] = '\0';
    /* the program's folder, then one folder up for each leading ../, so
     * that error messages name a plain path (no bin/../share) */
    const char *rest = BACKSTEP_LESSONS_FROM_BINDIR;
    char *slash = strrchr(program, '/');
    for (; slash && strncmp(rest, "../", 3) == 0; rest += 3) {
        *slash = '\0';
        slash = strrchr(program, '/');
    }
    if (!slash)
        return NULL;
    *slash = '\0';
    snprintf(folder, sizeof folder, "%s/%s", program, rest);
    return is_folder(folder) ? folder : NULL;
}

const char *script_lessons_folder(void)
{
    const char *folder = getenv("BACKSTEP_LESSONS");
    if (folder && folder[0])
        return folder;
    if ((folder = lessons_beside_program()))
        return folder;
    if (is_folder(BACKSTEP_LESSONS_DIR))
        return BACKSTEP_LESSONS_DIR;
    /* BACKSTEP_NO_SOURCE_LESSONS=1 hides the source tree's lessons, so that
     * tests/install_test.sh proves an installed program finds its own; it
     * is for that test, and changes nothing else */
    const char *no_source = getenv("BACKSTEP_NO_SOURCE_LESSONS");
    if (no_source && strcmp(no_source, "1") == 0)
        return NULL;
    return is_folder(BACKSTEP_SOURCE_LESSONS_DIR) ? BACKSTEP_SOURCE_LESSONS_DIR : NULL;
}

/* Tries `path`, then the lessons folders, with and without ".bs". */
static FILE *open_lesson(const char *path, char **found)
{
    const char *folders[3] = {NULL, script_lessons_folder(), BACKSTEP_LESSONS_DIR};
    if (folders[1] && strcmp(folders[1], BACKSTEP_LESSONS_DIR) == 0)
        folders[2] = NULL;
    const char *suffixes[2] = {"", ".bs"};
    for (int f = 0; f < 3; f++) {
        if (f > 0 && (!folders[f] || !folders[f][0] || strchr(path, '/')))
            continue;
        for (int s = 0; s < 2; s++) {
            char candidate[4096];
            if (f == 0)
                snprintf(candidate, sizeof candidate, "%s%s", path, suffixes[s]);
            else
                snprintf(candidate, sizeof candidate, "%s/%s%s", folders[f], path, suffixes[s]);
            struct stat info;
            if (stat(candidate, &info) != 0 || !S_ISREG(info.st_mode))
                continue;
            FILE *file = fopen(candidate, "r");
            if (file) {
                *found = strdup(candidate);
                if (!*found) {
                    fclose(file);
                    return NULL;
                }
                return file;
            }
        }
    }
    return NULL;
}

LineSource *script_open_file(const char *path, Error *error)
{
    char *found = NULL;
    FILE *file;
    struct stat info;
    if (strcmp(path, "-") == 0) {
        file = stdin;
        found = strdup("<stdin>");
    } else if (stat(path, &info) == 0) {
        /* the path names a file: it is the one meant, so its own error is the one to report */
        if (S_ISDIR(info.st_mode))
            return error_set(error, "cannot read '%s': it is a folder", path), NULL;
        if (!S_ISREG(info.st_mode) && !S_ISFIFO(info.st_mode))
            return error_set(error, "cannot read '%s': it is not a regular file, and a lesson is a text file", path),
                   NULL;
        file = fopen(path, "r");
        if (!file)
            return error_set(error, "cannot read '%s': %s", path, strerror(errno)), NULL;
        found = strdup(path);
    } else {
        file = open_lesson(path, &found);
        if (!file)
            return error_set(error, "cannot open '%s': no such file (nor a lesson of that name)", path), NULL;
    }
    FileState *state = calloc(1, sizeof *state);
    if (!state || !found) {
        free(state);
        free(found);
        if (file != stdin)
            fclose(file);
        return error_set(error, "out of memory"), NULL;
    }
    state->file = file;
    state->path = found;
    LineSource *source = script_new_source(found, state, read_file_line, close_file);
    if (!source)
        error_set(error, "out of memory");
    return source;
}

typedef struct {
    const char *const *lines;
    int n_lines, next;
} LinesState;

static ReadResult read_from_lines(LineSource *source, const char *prompt, char **line)
{
    (void)prompt;
    LinesState *state = source->state;
    if (state->next == state->n_lines)
        return READ_END;
    source->line_number++;
    const char *text = state->lines[state->next++];
    if (strlen(text) > SCRIPT_LINE_MAX)
        return READ_TOO_LONG;
    *line = strdup(text);
    return *line ? READ_LINE : READ_END;
}

static void close_lines(LineSource *source) { free(source->state); }

LineSource *script_open_lines(const char *name, const char *const *lines, int n_lines)
{
    LinesState *state = calloc(1, sizeof *state);
    if (!state)
        return NULL;
    state->lines = lines;
    state->n_lines = n_lines;
    return script_new_source(name, state, read_from_lines, close_lines);
}

void script_close(LineSource *source)
{
    if (!source)
        return;
    if (source->close)
        source->close(source);
    free(source);
}

/* ---- the loop ----------------------------------------------------------- */

void script_report(Session *session, const LineSource *source, const char *message)
{
    Style style = session_style(session);
    char located[ERROR_MESSAGE_MAX + 4200];
    if (!source || source->interactive)
        snprintf(located, sizeof located, "%s", message);
    else
        snprintf(located, sizeof located, "%s:%d: %s", source->name, source->line_number, message);
    /* the message may quote a line, a name or a path: no raw control characters */
    char shown[4 * sizeof located];
    escape_controls(located, shown, sizeof shown);
    char colored[sizeof shown + 16];
    if (!source || source->interactive)
        narr_printf(session->err, &style, "%s %s\n", narr_colored(&style, "31", "error:", colored, sizeof colored),
                    shown);
    else
        narr_printf(session->err, &style, "%s\n", narr_colored(&style, "31", shown, colored, sizeof colored));
    fflush(session->err);
}

/* Runs one line read from source and reports what went wrong.  Only
 * batch input sets the exit status: a slip typed at the prompt (or at a
 * lesson's pause) is answered on the spot and forgotten, and so is a
 * command stopped by Ctrl-C (main says how an interrupted run ends). */
static Status run_line(Session *session, LineSource *source, const char *line)
{
    Error error = {{0}};
    LineSource *outer = session->current;
    session->current = source;
    Status status = script_execute(session, line, &error);
    session->current = outer;
    bool flushed = fflush(session->out) == 0;
    if (ferror(session->out)) {
        if (interrupt_requested())
            clearerr(session->out);   /* Ctrl-C cut a write to the terminal short: nothing failed */
        else if (session->write_error == 0)
            session->write_error = flushed ? EIO : errno;   /* kept for the message at exit */
    }
    if (status == STATUS_ERROR || status == STATUS_FAILED) {
        if (!source->interactive && !interrupt_requested())
            *(status == STATUS_ERROR ? &session->had_error : &session->had_failure) = true;
        script_report(session, source, error.message);
    }
    return status;
}

Status script_run(Session *session, LineSource *source, const char *prompt)
{
    for (;;) {
        char *line = NULL;
        ReadResult result = source->read(source, prompt, &line);
        if (result == READ_END)
            return STATUS_OK;
        if (result == READ_INTERRUPTED)
            continue;
        if (result == READ_TOO_LONG || result == READ_NUL || result == READ_NOT_TEXT) {
            char message[160];
            if (result == READ_TOO_LONG)
                snprintf(message, sizeof message, "line too long: at most %d characters", SCRIPT_LINE_MAX);
            else if (result == READ_NUL)
                snprintf(message, sizeof message, "a NUL byte at column %d: a lesson is plain text, so this "
                         "line is skipped", source->column);
            else
                snprintf(message, sizeof message, "not a text file (%s): nothing more is read from it",
                         source->problem);
            session->had_error = true;
            script_report(session, source, message);
            if (session->bail && !source->interactive)
                return STATUS_ERROR;
            if (result == READ_NOT_TEXT)
                return STATUS_OK;
            continue;
        }
        Status status = run_line(session, source, line);
        free(line);
        if (status == STATUS_QUIT || session->quit)
            return STATUS_QUIT;
        if (interrupt_requested() && !source->interactive) {
            /* Ctrl-C: a replay stops where it is, and the terminal reads on */
            if (status != STATUS_ERROR && status != STATUS_STOPPED)
                script_report(session, source, "interrupted after this line: the rest is skipped");
            return STATUS_STOPPED;
        }
        if ((status == STATUS_ERROR || status == STATUS_STOPPED) && session->bail && !source->interactive)
            return STATUS_ERROR;
    }
}

Status script_pause(Session *session)
{
    LineSource *terminal = session->terminal;
    if (!terminal || session->current == terminal || (session->current && session->current->interactive))
        return STATUS_OK;
    Style style = session_style(session);
    char colored[256];
    narr_printf(session->out, &style, "%s\n",
                narr_colored(&style, "2", "(paused: press Enter to go on, or type commands)", colored,
                             sizeof colored));
    fflush(session->out);
    LineSource *lesson = session->current;
    for (;;) {
        char *line = NULL;
        ReadResult result = terminal->read(terminal, "(pause) ", &line);
        if (result == READ_END) {
            session->quit = true;
            session->current = lesson;
            return STATUS_QUIT;
        }
        if (result != READ_LINE)
            continue;
        bool empty = true;
        for (const char *p = line; *p; p++)
            if (!isspace((unsigned char)*p))
                empty = false;
        if (empty) {
            free(line);
            break;
        }
        Status status = run_line(session, terminal, line);
        free(line);
        if (status == STATUS_QUIT) {
            session->current = lesson;
            return STATUS_QUIT;
        }
    }
    session->current = lesson;
    return STATUS_OK;
}
