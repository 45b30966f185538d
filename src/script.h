/* script: one input loop for every source.
 *
 * A typed line at the terminal, a pipe, a lesson file, an -e argument and
 * a line typed at a lesson's pause all go through script_run() and
 * script_execute().  Errors are reported here, the only place that knows
 * where a line came from: "FILE:LINE: message" in batch mode, "error:
 * message" when typed.  In batch mode an error does not stop the run
 * unless the session bails. */
#ifndef BACKSTEP_SCRIPT_H
#define BACKSTEP_SCRIPT_H

#include <stdbool.h>

#include "commands.h"
#include "error.h"
#include "session.h"

enum {
    SCRIPT_LINE_MAX = 4096,        /* longest accepted line, in bytes */
    SCRIPT_SKIP_MAX = 1 << 20,     /* an overlong line without a line break in this many bytes ends the file */
    SCRIPT_NUL_LINES_MAX = 3,      /* lines with NUL bytes skipped before a file counts as not text */
};

typedef enum {
    READ_LINE,       /* a line (malloc'd) */
    READ_END,        /* end of input */
    READ_TOO_LONG,   /* a line over SCRIPT_LINE_MAX was skipped */
    READ_INTERRUPTED,/* Ctrl-C at a terminal: the line was discarded */
    READ_NUL,        /* a line holding a NUL byte (at source->column) was skipped */
    READ_NOT_TEXT,   /* the source is not text (source->problem says why): nothing more is read */
} ReadResult;

typedef struct LineSource {
    const char *name;        /* file name, "<stdin>" or "-e": used in messages */
    int line_number;         /* of the line last read */
    bool interactive;        /* typed at a terminal: no FILE:LINE, results of expect shown */
    int column;              /* READ_NUL: the column of the first NUL byte */
    const char *problem;     /* READ_NOT_TEXT: why the source is not text */
    /* Reads the next line without its newline into *line. */
    ReadResult (*read)(struct LineSource *source, const char *prompt, char **line);
    void (*close)(struct LineSource *source);   /* may be NULL */
    void *state;
} LineSource;

/* Tokenises and runs one line.  Blank lines and # comments do nothing. */
Status script_execute(Session *session, const char *line, Error *error);

/* Runs every line of source until its end or `quit`; reports errors.
 * Returns STATUS_QUIT when a `quit` ended it, STATUS_ERROR when it stopped
 * at an error because the session bails (an error of its own, or one in a
 * file it loaded), STATUS_STOPPED when Ctrl-C stopped a replay (the
 * terminal itself reads on), STATUS_OK otherwise. */
Status script_run(Session *session, LineSource *source, const char *prompt);

/* Opens a lesson: the path as given, or else NAME or NAME.bs in the
 * lessons folder (see script_lessons_folder).  Returns a
 * source to free with script_close(), or NULL with error set. */
LineSource *script_open_file(const char *path, Error *error);

/* A new source named `name` around `state`, which it owns from then on:
 * script_close() calls `close` to release it.  NULL when memory runs out
 * (`state` is then released at once). */
LineSource *script_new_source(const char *name, void *state,
                              ReadResult (*read)(LineSource *source, const char *prompt, char **line),
                              void (*close)(LineSource *source));

/* The folder of shipped lessons, the first that exists of:
 * $BACKSTEP_LESSONS; the installed one beside the program
 * (BINDIR/../share/backstep/lessons, found from /proc/self/exe, so a tree
 * installed with --destdir or moved finds its own); the installed one the
 * build was configured for (PREFIX/share/backstep/lessons); the source
 * tree's (an uninstalled build; not with BACKSTEP_NO_SOURCE_LESSONS=1).
 * NULL when none exists.  The string stays valid until the next call. */
const char *script_lessons_folder(void);

/* A source over a fixed list of lines (for -e); lines are not copied. */
LineSource *script_open_lines(const char *name, const char *const *lines, int n_lines);

/* Frees a source; accepts NULL. */
void script_close(LineSource *source);

/* Reports an error for the line just read from source, to session->err. */
void script_report(Session *session, const LineSource *source, const char *message);

/* Runs a lesson's pause: on a terminal, reads and runs typed commands until
 * an empty line; does nothing elsewhere.  Returns STATUS_QUIT on `quit` or
 * end of input at the pause. */
Status script_pause(Session *session);

#endif
