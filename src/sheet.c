/* sheet: a homework file's lines, read whole, and what teacher.c and
 * gradebook.c ask of them: a line's first word, a question's name and
 * answer, whether a line is setup, and a quiet session to run them in. */
#include "sheet.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "script.h"


/* Frees the lines; the sheet is then empty. */
void sheet_free(Sheet *sheet)
{
    for (int i = 0; i < sheet->n; i++)
        free(sheet->lines[i]);
    free(sheet->lines);
    free(sheet->path);
    memset(sheet, 0, sizeof *sheet);
}

/* Reads every line of a file (a path or a lesson's name), as a replay reads it. */
bool sheet_read(const char *path, Sheet *sheet, Error *error)
{
    memset(sheet, 0, sizeof *sheet);
    LineSource *source = script_open_file(path, error);
    if (!source)
        return false;
    int capacity = 0;
    bool ok = (sheet->path = strdup(path)) != NULL;
    for (char *line = NULL; ok;) {
        ReadResult result = source->read(source, NULL, &line);
        if (result == READ_END)
            break;
        if (result != READ_LINE) {
            char shown[1024];
            escape_controls(path, shown, sizeof shown);
            ok = error_set(error, "%s:%d: %s", shown, source->line_number,
                           result == READ_NOT_TEXT ? "not a text file" : "a line that is too long or holds a NUL byte");
            break;
        }
        if (sheet->n == capacity) {
            capacity = capacity ? 2 * capacity : 64;
            char **lines = realloc(sheet->lines, (size_t)capacity * sizeof *lines);
            if (!lines) {
                free(line);
                ok = error_set(error, "out of memory");
                break;
            }
            sheet->lines = lines;
        }
        sheet->lines[sheet->n++] = line;
        line = NULL;
    }
    script_close(source);
    if (!ok)
        sheet_free(sheet);
    return ok;
}

/* Splits text into the lines of a sheet (which then owns them). */
bool sheet_from_text(const char *text, const char *path, Sheet *sheet)
{
    memset(sheet, 0, sizeof *sheet);
    int capacity = 1;
    for (const char *p = text; *p; p++)
        capacity += *p == '\n';
    sheet->lines = calloc((size_t)capacity, sizeof *sheet->lines);
    sheet->path = strdup(path);
    if (!sheet->lines || !sheet->path)
        return false;
    for (const char *p = text; *p;) {
        size_t length = strcspn(p, "\n");
        if (!(sheet->lines[sheet->n] = strndup(p, length)))
            return false;
        sheet->n++;
        p += length + (p[length] == '\n');
    }
    return true;
}

/* The first word of a line and where the rest starts. */
const char *sheet_first_word(const char *line, char *word, size_t size)
{
    const char *p = line + strspn(line, " \t");
    size_t length = strcspn(p, " \t");
    snprintf(word, size, "%.*s", (int)(length < size ? length : size - 1), p);
    return p + length + strspn(p + length, " \t");
}

/* A question: `check NAME ANSWER` (also `check NAME = ANSWER`, `check NAME=ANSWER`).
 * Fills name and answer ("" when there is none); false for another line. */
bool sheet_question(const char *line, char *name, size_t name_size, char *answer, size_t answer_size)
{
    char word[16];
    const char *rest = sheet_first_word(line, word, sizeof word);
    if (strcmp(word, "check") != 0)
        return false;
    char text[SCRIPT_LINE_MAX + 1];
    snprintf(text, sizeof text, "%s", rest);
    char *comment = strchr(text, '#');
    if (comment)
        *comment = '\0';
    for (char *p = text; *p; p++)
        if (*p == '=' || *p == '\t')
            *p = ' ';
    char *token = strtok(text, " ");
    snprintf(name, name_size, "%s", token ? token : "");
    token = strtok(NULL, " ");
    snprintf(answer, answer_size, "%s", token ? token : "");
    return true;
}

/* An answer still blank: nothing, or only underscores (___). */
bool sheet_blank_answer(const char *answer)
{
    return answer[0] == '\0' || strspn(answer, "_") == strlen(answer);
}

/* A session whose output goes nowhere, for running a sheet's lines. */
Session *sheet_session(FILE *sink, const char *student, long attempt)
{
    Session *session = session_new(sink, sink);
    if (session) {
        snprintf(session->student, sizeof session->student, "%s", student);
        session->vary_attempt = attempt;
        session->width = 0;
    }
    return session;
}

/* Runs one line of a sheet; false with `error` set to "SHEET:LINE: ..." when it fails. */
bool sheet_run_line(Session *session, const Sheet *sheet, int i, const char *line, Error *error)
{
    Error reason = {{0}};
    Status status = script_execute(session, line, &reason);
    if (status != STATUS_ERROR)
        return true;
    char shown[1024];
    escape_controls(sheet->path, shown, sizeof shown);
    return error_set(error, "%s:%d: %s", shown, i + 1, reason.message);
}

/* Whether a line is setup that decides the numbers (not a question, narration or a pause). */
bool sheet_is_setup(const char *line)
{
    char word[32];
    sheet_first_word(line, word, sizeof word);
    return word[0] && word[0] != '#' && strcmp(word, "check") != 0 && strcmp(word, "say") != 0 &&
           strcmp(word, "pause") != 0 && strcmp(word, "student") != 0 && strcmp(word, "answers") != 0;
}

/* Whether the sheet has `vary` lines. */
bool sheet_has_vary(const Sheet *sheet)
{
    for (int i = 0; i < sheet->n; i++) {
        char word[16];
        sheet_first_word(sheet->lines[i], word, sizeof word);
        if (strcmp(word, "vary") == 0)
            return true;
    }
    return false;
}

/* A setup line as compared between a sheet and a copy: comments, spaces
 * and `say` text do not matter. */
void sheet_normalized(const char *line, char *out, size_t size)
{
    size_t used = 0;
    bool space = false;
    for (const char *p = line + strspn(line, " \t"); *p && *p != '#' && used + 2 < size; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\r') {
            space = true;
            continue;
        }
        if (space && used)
            out[used++] = ' ';
        space = false;
        out[used++] = *p;
    }
    out[used] = '\0';
}
