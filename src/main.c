/* main: backstep's command line.
 *
 *   backstep                REPL on a terminal; with stdin not a terminal,
 *                           reads commands from it without a prompt
 *   backstep FILE...        replay lessons in order, then exit (-i: stay)
 *   backstep -e 'CMD' ...   run commands, then exit
 *
 * Exit status: 0 all fine, 1 an expect failed, 2 an error happened (output
 * that could not be written in full is one), 130 Ctrl-C stopped a replay. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "escape.h"
#include "interrupt.h"
#include "export.h"
#include "script.h"
#include "session.h"
#include "teacher.h"
#include "terminal.h"
#include "wrap.h"

enum { EXIT_FINE = 0, EXIT_FAILED = 1, EXIT_TROUBLE = 2, EXIT_INTERRUPTED = 130 /* 128 + SIGINT */ };

static const char USAGE[] =
    "usage: backstep [OPTIONS] [FILE...]\n"
    "Narrates backpropagation step by step: the forward pass, the loss, every\n"
    "chain-rule factor, the gradients and the update, each as formula, numbers\n"
    "and value.\n"
    "\n"
    "  FILE...          replay lesson files (a path, or a lesson's name such as\n"
    "                   000-single-neuron), then exit\n"
    "  -e COMMAND       run COMMAND (may be repeated), then exit\n"
    "  -i               stay in the interactive prompt after FILEs and -e commands\n"
    "  --bail           stop the whole run at the first error, even in a loaded file\n"
    "  --ascii          write ASCII (* for ×, sigma for σ, ~ for ≈)\n"
    "  --color=WHEN     colour: auto (on a terminal, unless NO_COLOR is set),\n"
    "                   always, never\n"
    "  --width N        wrap lines to N columns, 20 to 1000 (0: never); on a\n"
    "                   terminal, its own width\n"
    "\n"
    "For teachers (SHEET: a homework file whose questions are `check NAME ___`):\n"
    "  --key SHEET      print the sheet with every ___ filled with the right value,\n"
    "                   to the sheet's `round N` (or 3 significant digits)\n"
    "  --student ID     the student whose numbers the sheet's `vary` lines draw;\n"
    "                   alone, replay a sheet with them: --student ID SHEET\n"
    "  --sheet SHEET    with --student: print that student's blank sheet\n"
    "  --grade SHEET FILE...\n"
    "                   grade students' filled copies against SHEET: a CSV\n"
    "                   gradebook on stdout, one row per copy\n"
    "  --export md|tex  with --key: print the key as a worked solution instead\n"
    "\n"
    "  --help           show this help and exit\n"
    "  --version        show the version and exit\n"
    "\n"
    "With no FILE and no -e, backstep reads commands: at a terminal with a prompt,\n"
    "line editing, history and Tab completion; otherwise from standard input.\n"
    "Type `help` at the prompt for the commands.\n"
    "\n"
    "On a terminal, Ctrl-C stops a running command and changes nothing.\n"
    "\n"
    "Exit status: 0 all fine, 1 an expect failed or a checked answer was wrong or not\n"
    "answered, 2 an error happened (output that could not be written in full is one),\n"
    "130 Ctrl-C stopped a replay.\n";

typedef struct {
    const char *text;   /* a file name or a command */
    bool is_command;
} Action;

static bool locale_is_utf8(void)
{
    setlocale(LC_CTYPE, "");
    const char *codeset = nl_langinfo(CODESET);
    return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

static bool color_wanted(const char *when)
{
    if (strcmp(when, "always") == 0)
        return true;
    if (strcmp(when, "never") == 0)
        return false;
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    return isatty(STDOUT_FILENO) && (!no_color || !no_color[0]) && term && strcmp(term, "dumb") != 0;
}

/* Parses --width's value: 0 (never wrap) or WRAP_MIN_WIDTH to
 * WRAP_MAX_WIDTH columns; false after saying why. */
static bool parse_width(const char *text, int *width)
{
    char *end;
    long value = strtol(text, &end, 10);
    if (end == text || *end != '\0') {
        fprintf(stderr, "backstep: --width takes a number of columns, such as --width 80, not '%s'\n", text);
        return false;
    }
    if (value != 0 && value < WRAP_MIN_WIDTH) {
        fprintf(stderr, "backstep: --width %s is too narrow for a formula: use %d or more (0 never wraps)\n",
                text, WRAP_MIN_WIDTH);
        return false;
    }
    if (value > WRAP_MAX_WIDTH) {
        fprintf(stderr, "backstep: --width %s is too wide: use at most %d (0 never wraps)\n", text,
                WRAP_MAX_WIDTH);
        return false;
    }
    *width = (int)value;
    return true;
}

/* Output that could not be written in full (a full disk, a closed file)
 * is trouble: a transcript cut short must not pass for a whole one.  Says
 * so in one line on stderr and returns false.  earlier_error is the errno
 * of a failed write seen before, or 0. */
static bool output_written(int earlier_error)
{
    errno = 0;
    bool flushed = fflush(stdout) == 0;
    int reason = earlier_error ? earlier_error : errno;
    if (flushed && !ferror(stdout))
        return true;
    if (reason != 0)
        fprintf(stderr, "backstep: could not write the output: %s\n", strerror(reason));
    else
        fprintf(stderr, "backstep: could not write all of the output\n");
    return false;
}

static int exit_status(const Session *session)
{
    if (session->had_error)
        return EXIT_TROUBLE;
    return session_failed(session) ? EXIT_FAILED : EXIT_FINE;
}

/* Runs one source; a source that checked answers ends with the score. */
static Status run_source(Session *session, LineSource *source)
{
    int checks_before = session->n_checks;
    session->current = source;
    Status status = script_run(session, source, NULL);
    session->current = NULL;
    if (session->n_checks > checks_before) {
        Style style = session_style(session);
        narr_score(session->out, &style, session_score(session));
        fflush(session->out);
    }
    return status;
}

static void repl(Session *session, LineSource *terminal)
{
    Style style = session_style(session);
    narr_printf(session->out, &style, "backstep %s: backpropagation, narrated step by step.\n"
                "Type `help` for the commands, `load 000-single-neuron` for the first lesson, "
                "Ctrl-D to leave.\n", BACKSTEP_VERSION);
    script_run(session, terminal, "backstep> ");
}

/* Runs the actions in order; stops early on `quit`, on Ctrl-C or, with
 * --bail, an error. */
static void run_actions(Session *session, const Action *actions, int n_actions)
{
    const char *lines[256];   /* the -e commands of one source; outlives the source */
    for (int i = 0; i < n_actions && !session->quit; i++) {
        LineSource *source;
        Error error = {{0}};
        if (actions[i].is_command) {
            /* consecutive -e commands form one source, numbered from 1 */
            int n = 0;
            while (i < n_actions && actions[i].is_command && n < 256)
                lines[n++] = actions[i++].text;
            i--;
            source = script_open_lines("-e", lines, n);
            if (!source) {
                fprintf(stderr, "backstep: out of memory\n");
                session->had_error = true;
                return;
            }
        } else {
            source = script_open_file(actions[i].text, &error);
            if (!source) {
                char shown[4 * ERROR_MESSAGE_MAX];
                escape_controls(error.message, shown, sizeof shown);
                fprintf(stderr, "backstep: %s\n", shown);
                session->had_error = true;
                if (session->bail)
                    return;
                continue;
            }
        }
        Status status = run_source(session, source);
        script_close(source);
        if ((status == STATUS_ERROR && session->bail) || status == STATUS_STOPPED)
            return;   /* --bail, or Ctrl-C: with -i the prompt comes next */
    }
}

typedef enum { TEACH_NONE, TEACH_KEY, TEACH_SHEET, TEACH_GRADE } Teaching;

/* --key, --sheet, --grade, --student and --export: a teacher's runs (see
 * teacher.h).  The files are the actions; -e commands do not mix with them. */
static int teach(Teaching teaching, const char *student, const char *export, const Action *actions, int n_actions,
                 bool ascii)
{
    Error error = {{0}};
    for (int i = 0; i < n_actions; i++) {
        if (actions[i].is_command) {
            fprintf(stderr, "backstep: -e does not go with --key, --sheet, --grade or --student\n");
            return EXIT_TROUBLE;
        }
        if (strcmp(actions[i].text, "-") == 0) {   /* a sheet is read more than once */
            fprintf(stderr, "backstep: --key, --sheet, --grade and --student read files, not standard input\n");
            return EXIT_TROUBLE;
        }
    }
    if (student && !teacher_id_valid(student, &error)) {
        fprintf(stderr, "backstep: --student: %s\n", error.message);
        return EXIT_TROUBLE;
    }
    ExportFormat format = EXPORT_MARKDOWN;
    if (export && !export_format_parse(export, &format, &error)) {
        fprintf(stderr, "backstep: --export takes md or tex, not '%s'\n", export);
        return EXIT_TROUBLE;
    }
    if (export && teaching != TEACH_KEY) {
        fprintf(stderr, "backstep: --export goes with --key: backstep --key --export md SHEET\n");
        return EXIT_TROUBLE;
    }
    if (n_actions == 0) {
        fprintf(stderr, "backstep: give the sheet: backstep %s SHEET\n",
                teaching == TEACH_KEY ? "--key" : teaching == TEACH_SHEET ? "--sheet --student ID"
                : teaching == TEACH_GRADE ? "--grade" : "--student ID");
        return EXIT_TROUBLE;
    }
    if (teaching == TEACH_SHEET && !student) {
        fprintf(stderr, "backstep: --sheet needs --student ID: each student's sheet has that student's numbers\n");
        return EXIT_TROUBLE;
    }
    if (teaching == TEACH_GRADE) {
        if (student) {
            fprintf(stderr, "backstep: --student does not go with --grade: each copy names its student on its "
                    "`student ID` line\n");
            return EXIT_TROUBLE;
        }
        if (n_actions < 2) {
            fprintf(stderr, "backstep: --grade takes the sheet, then the students' copies: "
                    "backstep --grade SHEET FILE...\n");
            return EXIT_TROUBLE;
        }
        char **files = malloc((size_t)n_actions * sizeof *files);
        if (!files)
            return fprintf(stderr, "backstep: out of memory\n"), EXIT_TROUBLE;
        for (int i = 1; i < n_actions; i++)
            files[i - 1] = (char *)actions[i].text;
        int status = teacher_gradebook(actions[0].text, files, n_actions - 1, ascii, stdout, stderr);
        free(files);
        return status;
    }
    if (n_actions != 1 && teaching != TEACH_NONE) {
        fprintf(stderr, "backstep: %s takes one sheet: backstep %s%s SHEET\n",
                teaching == TEACH_KEY ? "--key" : "--sheet", teaching == TEACH_KEY ? "--key" : "--sheet",
                student ? " --student ID" : "");
        return EXIT_TROUBLE;
    }
    FILE *sink = export ? fopen("/dev/null", "w") : stdout;
    Session *session = sink ? session_new(sink, stderr) : NULL;
    if (!session) {
        fprintf(stderr, "backstep: out of memory\n");
        return EXIT_TROUBLE;
    }
    session->ascii = ascii;
    session->width = 0;
    snprintf(session->student, sizeof session->student, "%s", student ? student : "");
    int status;
    if (teaching == TEACH_NONE) {   /* --student ID FILE...: grade copies with that student's numbers */
        /* each file with the attempt its own lines give that student */
        for (int i = 0; i < n_actions && !session->quit; i++) {
            if (!teacher_choose_attempt(session, actions[i].text, &error)) {
                fprintf(stderr, "backstep: %s\n", error.message);
                session->had_error = true;
                continue;
            }
            run_actions(session, &actions[i], 1);
        }
        status = exit_status(session);
    } else {
        status = teacher_write_sheet(session, actions[0].text, teaching == TEACH_KEY ? SHEET_KEY : SHEET_BLANK);
        if (status == EXIT_FINE && export && !export_stream(session, format, stdout, &error)) {
            fprintf(stderr, "backstep: %s\n", error.message);
            status = EXIT_TROUBLE;
        }
    }
    session_free(session);
    if (export)
        fclose(sink);
    return status;
}

int main(int argc, char **argv)
{
    bool utf8 = locale_is_utf8();
    bool ascii = !utf8, stay = false, bail = false;
    const char *color = "auto";
    int width = SESSION_WIDTH_TERMINAL;   /* until --width says otherwise */
    Action *actions = calloc((size_t)argc + 1, sizeof *actions);
    int n_actions = 0;
    if (!actions) {
        fprintf(stderr, "backstep: out of memory\n");
        return EXIT_TROUBLE;
    }
    bool options_done = false;
    Teaching teaching = TEACH_NONE;
    const char *student = NULL, *export = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            actions[n_actions++] = (Action){arg, false};
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(USAGE, stdout);
            free(actions);
            return output_written(0) ? EXIT_FINE : EXIT_TROUBLE;
        } else if (strcmp(arg, "--version") == 0) {
            printf("backstep %s\nCopyright (C) 2026 the backstep authors.\n"
                   "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n",
                   BACKSTEP_VERSION);
            free(actions);
            return output_written(0) ? EXIT_FINE : EXIT_TROUBLE;
        } else if (strcmp(arg, "-e") == 0) {
            if (i + 1 == argc) {
                fprintf(stderr, "backstep: -e needs a command, such as -e 'network 2-1 sigmoid'\n");
                free(actions);
                return EXIT_TROUBLE;
            }
            actions[n_actions++] = (Action){argv[++i], true};
        } else if (strcmp(arg, "-i") == 0) {
            stay = true;
        } else if (strcmp(arg, "--bail") == 0) {
            bail = true;
        } else if (strcmp(arg, "--width") == 0 || strncmp(arg, "--width=", 8) == 0) {
            const char *value = arg[7] == '=' ? arg + 8 : i + 1 < argc ? argv[++i] : NULL;
            if (!value) {
                fprintf(stderr, "backstep: --width needs a number of columns, such as --width 80\n");
                free(actions);
                return EXIT_TROUBLE;
            }
            if (!parse_width(value, &width)) {
                free(actions);
                return EXIT_TROUBLE;
            }
        } else if (strcmp(arg, "--ascii") == 0) {
            ascii = true;
        } else if (strcmp(arg, "--key") == 0 || strcmp(arg, "--sheet") == 0 || strcmp(arg, "--grade") == 0) {
            Teaching asked = arg[2] == 'k' ? TEACH_KEY : arg[2] == 's' ? TEACH_SHEET : TEACH_GRADE;
            if (teaching != TEACH_NONE && teaching != asked) {
                fprintf(stderr, "backstep: --key, --sheet and --grade each do a run of their own: give one\n");
                free(actions);
                return EXIT_TROUBLE;
            }
            teaching = asked;
        } else if (strcmp(arg, "--student") == 0 || strcmp(arg, "--export") == 0) {
            if (i + 1 == argc) {
                fprintf(stderr, "backstep: %s needs a value, such as %s\n", arg,
                        arg[2] == 's' ? "--student s042" : "--export md");
                free(actions);
                return EXIT_TROUBLE;
            }
            *(arg[2] == 's' ? &student : &export) = argv[++i];
        } else if (strncmp(arg, "--color=", 8) == 0 &&
                   (strcmp(arg + 8, "auto") == 0 || strcmp(arg + 8, "always") == 0 || strcmp(arg + 8, "never") == 0)) {
            color = arg + 8;
        } else {
            char shown[4 * 256 + 1];
            escape_controls(arg, shown, sizeof shown);
            fprintf(stderr, "backstep: unknown option '%s' (try --help)\n", shown);
            free(actions);
            return EXIT_TROUBLE;
        }
    }

    if (teaching != TEACH_NONE || student || export) {
        int status = teach(teaching, student, export, actions, n_actions, ascii);
        free(actions);
        return output_written(0) ? status : EXIT_TROUBLE;
    }

    Session *session = session_new(stdout, stderr);
    if (!session) {
        fprintf(stderr, "backstep: out of memory\n");
        free(actions);
        return EXIT_TROUBLE;
    }
    session->ascii = ascii;
    session->color = color_wanted(color);
    session->bail = bail;
    /* off a terminal, lines stay whole unless --width is given, so transcripts stay stable */
    session->width = width != SESSION_WIDTH_TERMINAL ? width : isatty(STDOUT_FILENO) ? SESSION_WIDTH_TERMINAL : 0;

    bool on_terminal = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    LineSource *terminal = on_terminal ? terminal_open(session) : NULL;
    session->terminal = terminal;

    run_actions(session, actions, n_actions);
    bool interrupted = interrupt_requested() && !stay;   /* Ctrl-C ended a replay; with -i the prompt comes */
    if (!session->quit && (n_actions == 0 || stay)) {
        if (terminal) {
            repl(session, terminal);
        } else if (n_actions == 0) {
            Error error;
            LineSource *input = script_open_file("-", &error);
            if (input) {
                run_source(session, input);
                script_close(input);
            }
        }
    }
    int status = interrupted ? EXIT_INTERRUPTED : exit_status(session);
    terminal_close(terminal);
    if (!output_written(session->write_error))
        status = EXIT_TROUBLE;
    session_free(session);
    free(actions);
    return status;
}
