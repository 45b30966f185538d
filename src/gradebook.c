/* gradebook: `backstep --grade SHEET FILE...`: each student's filled copy
 * graded against the teacher's sheet, as one CSV record (see teacher.h).
 * The sheet's setup and questions are run with the copy's student ID and
 * the copy's answers alone. */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "names.h"
#include "script.h"
#include "sheet.h"
#include "teacher.h"



/* The setup lines of a sheet, sheet_normalized, one a line. */
static char *setup_of(const Sheet *sheet)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out)
        return NULL;
    for (int i = 0; i < sheet->n; i++) {
        char line[2 * SCRIPT_LINE_MAX + 64];
        if (!sheet_is_setup(sheet->lines[i]))
            continue;
        sheet_normalized(sheet->lines[i], line, sizeof line);
        fprintf(out, "%s\n", line);
    }
    fclose(out);
    return text;
}

/* The setup lines the student's blank sheet has (see setup_of), or NULL. */
static char *student_setup(const char *sheet_path, const char *student)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size), *sink = fopen("/dev/null", "w");
    Session *session = out && sink ? session_new(out, sink) : NULL;
    char *setup = NULL;
    if (session) {
        snprintf(session->student, sizeof session->student, "%s", student);
        int status = teacher_write_sheet(session, sheet_path, SHEET_BLANK);
        fclose(out);
        out = NULL;
        Sheet sheet = {0};
        if (status == 0 && sheet_from_text(text, sheet_path, &sheet))
            setup = setup_of(&sheet);
        sheet_free(&sheet);
    }
    session_free(session);
    if (out)
        fclose(out);
    if (sink)
        fclose(sink);
    free(text);
    return setup;
}

/* A field of a CSV record, quoted when it must be (RFC 4180). */
static void csv_field(FILE *out, const char *text, bool first)
{
    if (!first)
        fputc(',', out);
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

typedef struct {
    char name[128];   /* as the sheet's check line writes it */
    int occurrence;   /* how many questions with this name come before it */
    bool last;        /* no question of this name comes after it */
} Question;

/* The answer a copy gives to a question: its occurrence-th check line of
 * that name, or for the sheet's last question of a name the copy's last
 * (a later answer replaces an earlier one, as a replay takes it). */
static void answer_in(const Sheet *copy, const Question *question, char *answer, size_t size)
{
    snprintf(answer, size, "___");
    int seen = 0;
    for (int i = 0; i < copy->n; i++) {
        char name[128], given[128];
        if (!sheet_question(copy->lines[i], name, sizeof name, given, sizeof given) || strcmp(name, question->name) != 0)
            continue;
        if (seen++ == question->occurrence || (question->last && seen > question->occurrence))
            snprintf(answer, size, "%s", given[0] ? given : "___");
    }
}

/* The copy's `student ID` line: true with the ID in `student` ("" when
 * there is none); false with `error` set when it is not one valid ID. */
static bool student_of(const Sheet *copy, char *student, size_t size, Error *error)
{
    student[0] = '\0';
    for (int i = 0; i < copy->n; i++) {
        char word[16], id[128], more[16];
        const char *rest = sheet_first_word(copy->lines[i], word, sizeof word);
        if (strcmp(word, "student") != 0)
            continue;
        rest = sheet_first_word(rest, id, sizeof id);
        sheet_first_word(rest, more, sizeof more);
        if (more[0] && more[0] != '#')
            return error_set(error, "line %d: `student` takes one ID, not '%s'", i + 1, copy->lines[i]);
        snprintf(student, size, "%s", id);
        return teacher_id_valid(id, error);
    }
    return true;
}

/* Grades one copy and writes its record; returns 0, 1 (a wrong or missing
 * answer) or 2 (it could not be graded, said on err). */
static int grade_copy(const Sheet *sheet, const Question *questions, int n_questions, const char *path, bool ascii,
                      FILE *out, FILE *err, FILE *sink)
{
    Sheet copy;
    Error error = {{0}};
    char student[SESSION_STUDENT_MAX + 64];
    if (!sheet_read(path, &copy, &error)) {
        fprintf(err, "backstep: %s\n", error.message);
        csv_field(out, path, true);
        for (int k = 0; k < 3; k++)
            csv_field(out, "", false);
        csv_field(out, "could not be read", false);
        fputs("\r\n", out);
        return 2;
    }
    long attempt = 0;
    Session *session = NULL;
    bool ok = student_of(&copy, student, sizeof student, &error) && teacher_attempt(sheet, student, &attempt, err, &error) &&
              (session = sheet_session(sink, student, attempt)) != NULL;
    int asked = 0;
    Grade *grades = calloc((size_t)n_questions + 1, sizeof *grades);   /* each question's, as it is asked */
    ok = ok && grades;
    for (int i = 0; ok && i < sheet->n; i++) {
        char name[128], answer[128], line[SCRIPT_LINE_MAX + 1];
        if (sheet_question(sheet->lines[i], name, sizeof name, answer, sizeof answer)) {
            answer_in(&copy, &questions[asked], answer, sizeof answer);
            snprintf(line, sizeof line, "check %s %s", name, answer);
            script_execute(session, line, &error);   /* a verdict, or an unreadable answer: both count */
            /* read now: a later question of the same quantity replaces its answer */
            Quantity q;
            grades[asked] = GRADE_UNANSWERED;
            if (names_parse_computed(session_names(session), name, &q, NULL))
                for (int a = 0; a < session->n_answers; a++)
                    if (quantity_equal(session->answers[a].verdict.what, q))
                        grades[asked] = session->answers[a].verdict.grade;
            asked++;
        } else if (sheet_is_setup(sheet->lines[i])) {
            ok = sheet_run_line(session, sheet, i, sheet->lines[i], &error);
        }
    }
    if (!ok) {
        char shown[1024];
        escape_controls(path, shown, sizeof shown);
        fprintf(err, "backstep: %s: %s\n", shown, session || error.message[0] ? error.message : "out of memory");
        csv_field(out, path, true);
        for (int k = 0; k < 3; k++)
            csv_field(out, "", false);
        csv_field(out, "could not be graded", false);
        fputs("\r\n", out);
        session_free(session);
        sheet_free(&copy);
        free(grades);
        return 2;
    }
    char *expected = student_setup(sheet->path, student), *given = setup_of(&copy);
    /* the sheet's questions the copy has a check line for, and those it lacks (deleted) */
    int matched = 0, lacking = 0;
    for (int k = 0; k < n_questions; k++) {
        int lines = 0;
        for (int i = 0; i < copy.n; i++) {
            char name[128], answer[128];
            lines += sheet_question(copy.lines[i], name, sizeof name, answer, sizeof answer) &&
                     strcmp(name, questions[k].name) == 0;
        }
        matched += lines > 0;
        lacking += lines <= questions[k].occurrence;
    }
    char shown_path[1024];
    escape_controls(path, shown_path, sizeof shown_path);
    if (!student[0] && sheet_has_vary(sheet))
        fprintf(err, "backstep: %s names no student (a `student ID` line): graded with the sheet's own numbers\n",
                shown_path);
    if (matched == 0)
        fprintf(err, "backstep: %s answers none of the sheet's questions: is it a copy of another sheet?\n",
                shown_path);
    bool differs = !expected || !given || strcmp(expected, given) != 0 || lacking > 0;
    int correct = 0, carried = 0, status = 0;
    const char *cells[4] = {ascii ? "ok" : "✓", ascii ? "okcf" : "✓cf", ascii ? "x" : "✗", ""};
    char record[64];
    csv_field(out, path, true);
    csv_field(out, student, false);
    for (int k = 0; k < n_questions; k++) {
        Grade grade = grades[k];
        correct += grade == GRADE_CORRECT || grade == GRADE_CARRIED;
        carried += grade == GRADE_CARRIED;
        if (grade == GRADE_WRONG || grade == GRADE_UNANSWERED)
            status = 1;
    }
    snprintf(record, sizeof record, "%d", correct);   /* not "14/14", which a spreadsheet may take for a date */
    csv_field(out, record, false);
    snprintf(record, sizeof record, "%d", carried);
    csv_field(out, record, false);
    csv_field(out, differs ? "yes" : "", false);
    for (int k = 0; k < n_questions; k++)
        csv_field(out, cells[grades[k]], false);
    fputs("\r\n", out);
    free(grades);
    free(expected);
    free(given);
    session_free(session);
    sheet_free(&copy);
    return status;
}

int teacher_gradebook(const char *path, char *const *files, int n_files, bool ascii, FILE *out, FILE *err)
{
    Sheet sheet;
    Error error = {{0}};
    if (!sheet_read(path, &sheet, &error)) {
        fprintf(err, "backstep: %s\n", error.message);
        return 2;
    }
    Question *questions = calloc((size_t)sheet.n + 1, sizeof *questions);
    FILE *sink = fopen("/dev/null", "w");
    /* a sheet that fails is said once, not as every copy's failure */
    Session *check = sink ? session_new(sink, err) : NULL;
    int sheet_status = check ? teacher_write_sheet(check, path, SHEET_BLANK) : 2;
    session_free(check);
    if (sheet_status != 0) {
        free(questions);
        if (sink)
            fclose(sink);
        sheet_free(&sheet);
        return 2;
    }
    if (!questions || !sink) {
        fprintf(err, "backstep: out of memory\n");
        free(questions);
        if (sink)
            fclose(sink);
        sheet_free(&sheet);
        return 2;
    }
    int n_questions = 0;
    for (int i = 0; i < sheet.n; i++) {
        char name[128], answer[128];
        if (!sheet_question(sheet.lines[i], name, sizeof name, answer, sizeof answer))
            continue;
        Question *question = &questions[n_questions++];
        snprintf(question->name, sizeof question->name, "%s", name);
        question->last = true;
        for (int k = 0; k < n_questions - 1; k++)
            if (strcmp(questions[k].name, name) == 0) {
                question->occurrence++;
                questions[k].last = false;
            }
    }
    csv_field(out, "file", true);
    csv_field(out, "student", false);
    char score[64];
    snprintf(score, sizeof score, "score (of %d)", n_questions);
    csv_field(out, score, false);
    csv_field(out, "carried forward", false);
    csv_field(out, "differs from the sheet", false);
    for (int k = 0; k < n_questions; k++) {
        char header[160];
        snprintf(header, sizeof header, questions[k].occurrence ? "%s (%d)" : "%s", questions[k].name,
                 questions[k].occurrence + 1);
        csv_field(out, header, false);
    }
    fputs("\r\n", out);
    int status = n_questions ? 0 : 2;
    if (!n_questions)
        fprintf(err, "backstep: %s has no questions: a sheet's questions are lines such as `check z1 ___`\n", path);
    for (int f = 0; n_questions && f < n_files; f++) {
        int result = grade_copy(&sheet, questions, n_questions, files[f], ascii, out, err, sink);
        status = result > status ? result : status;
    }
    free(questions);
    fclose(sink);
    sheet_free(&sheet);
    return status;
}
