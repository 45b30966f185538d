/* sheet: a homework file's lines, read whole (see sheet.c). */
#ifndef BACKSTEP_SHEET_H
#define BACKSTEP_SHEET_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "session.h"

/* A file's lines, without their line ends. */
typedef struct {
    char **lines;
    int n;
    char *path;   /* as given, for messages */
} Sheet;

/* Frees the lines; the sheet is then empty. */
void sheet_free(Sheet *sheet);

/* Reads every line of a file (a path or a lesson's name), as a replay reads it. */
bool sheet_read(const char *path, Sheet *sheet, Error *error);

/* Splits text into the lines of a sheet (which then owns them). */
bool sheet_from_text(const char *text, const char *path, Sheet *sheet);

/* The first word of a line and where the rest starts. */
const char *sheet_first_word(const char *line, char *word, size_t size);

/* A question: `check NAME ANSWER` (also `check NAME = ANSWER`, `check NAME=ANSWER`).
 * Fills name and answer ("" when there is none); false for another line. */
bool sheet_question(const char *line, char *name, size_t name_size, char *answer, size_t answer_size);

/* An answer still blank: nothing, or only underscores (___). */
bool sheet_blank_answer(const char *answer);

/* A session whose output goes nowhere, for running a sheet's lines. */
Session *sheet_session(FILE *sink, const char *student, long attempt);

/* Runs one line of a sheet; false with `error` set to "SHEET:LINE: ..." when it fails. */
bool sheet_run_line(Session *session, const Sheet *sheet, int i, const char *line, Error *error);

/* Whether a line is setup that decides the numbers (not a question, narration or a pause). */
bool sheet_is_setup(const char *line);

/* Whether the sheet has `vary` lines. */
bool sheet_has_vary(const Sheet *sheet);

/* A setup line as compared between a sheet and a copy: comments, spaces
 * and `say` text do not matter. */
void sheet_normalized(const char *line, char *out, size_t size);

#endif
