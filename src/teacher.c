/* teacher: answer keys, sheets per student and the gradebook (see teacher.h).
 *
 * Everything here runs a sheet's lines through a session of its own whose
 * output goes nowhere, and reads what it needs from the session after
 * each line: the right value of a question, the verdict on an answer. */
#include "teacher.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "command_handlers.h"
#include "escape.h"
#include "names.h"
#include "numfmt.h"
#include "numpy_random.h"
#include "script.h"

/* ---- students and their numbers ---------------------------------------- */

bool teacher_id_valid(const char *id, Error *error)
{
    size_t length = strlen(id);
    bool ok = length >= 1 && length <= SESSION_STUDENT_MAX && isalnum((unsigned char)id[0]);
    for (size_t i = 0; ok && i < length; i++)
        ok = isalnum((unsigned char)id[i]) || id[i] == '.' || id[i] == '-' || id[i] == '_';
    if (ok)
        return true;
    char shown[4 * SESSION_STUDENT_MAX + 16];
    escape_controls(length > SESSION_STUDENT_MAX ? "(too long)" : id, shown, sizeof shown);
    return error_set(error, "a student ID is 1 to %d letters, digits, '.', '-' or '_', starting with a letter or "
                     "digit (s042, anna.k), not '%s'", SESSION_STUDENT_MAX, shown);
}

long teacher_draw_count(double lo, double hi, double step)
{
    return (long)floor((hi - lo) / step + 1e-9) + 1;
}

/* FNV-1a over the ID, the name and the attempt: the same on every machine. */
static uint32_t draw_seed(const char *id, const char *name, long attempt)
{
    uint32_t hash = 2166136261u;
    char text[256];
    snprintf(text, sizeof text, "%s\n%s\n%ld", id, name, attempt);
    for (const char *p = text; *p; p++) {
        hash ^= (unsigned char)*p;
        hash *= 16777619u;
    }
    return hash;
}

/* The decimal places of a step as written: 0.1 has 1, 0.25 has 2, 5 has 0. */
static int step_decimals(double step)
{
    for (int decimals = 0; decimals < 12; decimals++)
        if (fabs(num_round_decimals(step, decimals) - step) <= 1e-12 * fmax(1.0, fabs(step)))
            return decimals;
    return 12;
}

double teacher_draw(const char *id, const char *name, long attempt, double lo, double hi, double step)
{
    NumpyRandom random;
    numpy_random_seed(&random, draw_seed(id, name, attempt));
    long count = teacher_draw_count(lo, hi, step);
    long k = (long)(numpy_random_sample(&random) * (double)count);
    if (k >= count)
        k = count - 1;
    int decimals = step_decimals(step), lo_decimals = step_decimals(lo);
    return num_round_decimals(lo + (double)k * step, decimals > lo_decimals ? decimals : lo_decimals);
}

/* ---- sheets -------------------------------------------------------------- */

typedef struct {
    char **lines;
    int n;
    char *path;   /* as given, for messages */
} Sheet;

static void sheet_free(Sheet *sheet)
{
    for (int i = 0; i < sheet->n; i++)
        free(sheet->lines[i]);
    free(sheet->lines);
    free(sheet->path);
    memset(sheet, 0, sizeof *sheet);
}

/* Reads every line of a file (a path or a lesson's name), as a replay reads it. */
static bool sheet_read(const char *path, Sheet *sheet, Error *error)
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
static bool sheet_from_text(const char *text, const char *path, Sheet *sheet)
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
static const char *first_word(const char *line, char *word, size_t size)
{
    const char *p = line + strspn(line, " \t");
    size_t length = strcspn(p, " \t");
    snprintf(word, size, "%.*s", (int)(length < size ? length : size - 1), p);
    return p + length + strspn(p + length, " \t");
}

/* A question: `check NAME ANSWER` (also `check NAME = ANSWER`, `check NAME=ANSWER`).
 * Fills name and answer ("" when there is none); false for another line. */
static bool question_of(const char *line, char *name, size_t name_size, char *answer, size_t answer_size)
{
    char word[16];
    const char *rest = first_word(line, word, sizeof word);
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

static bool is_blank(const char *answer)
{
    return answer[0] == '\0' || strspn(answer, "_") == strlen(answer);
}

/* A session whose output goes nowhere, for running a sheet's lines. */
static Session *quiet_session(FILE *sink, const char *student, long attempt)
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
static bool run_line(Session *session, const Sheet *sheet, int i, const char *line, Error *error)
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
static bool is_setup(const char *line)
{
    char word[32];
    first_word(line, word, sizeof word);
    return word[0] && word[0] != '#' && strcmp(word, "check") != 0 && strcmp(word, "say") != 0 &&
           strcmp(word, "pause") != 0 && strcmp(word, "student") != 0 && strcmp(word, "answers") != 0;
}

/* How degenerate the numbers make the sheet: the gradients of exactly 0,
 * and the relus (or leaky relus) at their kink, z exactly 0. */
static int degenerate(Session *session)
{
    Error error;
    const Derivation *d = session_derivation(session, &error);
    int count = 0;
    for (int i = 0; d && i < deriv_n_steps(d); i++) {
        const Step *step = deriv_step(d, i);
        QuantityKind kind = (QuantityKind)step->what.kind;
        bool gradient = kind == Q_DL_DW || kind == Q_DL_DB || kind == Q_DL_DZ || kind == Q_DL_DA ||
                        kind == Q_GRADIENT || kind == Q_DL_DX;
        if (gradient && step->phase == PHASE_BACKWARD && step->value == 0)
            count++;
        else if (kind == Q_Z && session->net && step->value == 0 &&
                 strstr(session->net->activation[step->what.layer]->name, "relu"))
            count++;
    }
    return count;
}

static bool has_vary(const Sheet *sheet)
{
    for (int i = 0; i < sheet->n; i++) {
        char word[16];
        first_word(sheet->lines[i], word, sizeof word);
        if (strcmp(word, "vary") == 0)
            return true;
    }
    return false;
}

/* Runs the sheet's setup for `student` at `attempt` (no student: the
 * sheet's own numbers) and says how degenerate it is; -1 with `error` set
 * when a line fails. */
static int setup_degenerate(const Sheet *sheet, FILE *sink, const char *student, long attempt, Error *error)
{
    Session *session = quiet_session(sink, student, attempt);
    if (!session)
        return error_set(error, "out of memory"), -1;
    bool ok = true;
    for (int i = 0; ok && i < sheet->n; i++)
        if (is_setup(sheet->lines[i]))
            ok = run_line(session, sheet, i, sheet->lines[i], error);
    int count = ok ? degenerate(session) : -1;
    session_free(session);
    return count;
}

/* The first attempt whose draws are no more degenerate than the sheet's own
 * numbers (a zero that the teacher's numbers have too is the sheet's). */
static bool choose_attempt(const Sheet *sheet, const char *student, long *attempt, FILE *warn, Error *error)
{
    *attempt = 0;
    if (!student[0] || !has_vary(sheet))
        return true;
    FILE *sink = fopen("/dev/null", "w");
    if (!sink)
        return error_set(error, "cannot open /dev/null");
    int own = setup_degenerate(sheet, sink, "", 0, error);
    bool found = false;
    for (long a = 0; own >= 0 && !found && a < TEACHER_MAX_ATTEMPTS; a++) {
        int count = setup_degenerate(sheet, sink, student, a, error);
        if (count < 0)
            own = -1;
        else if ((found = count <= own))
            *attempt = a;
    }
    if (own >= 0 && !found && warn) {
        char shown[1024];
        escape_controls(sheet->path, shown, sizeof shown);
        fprintf(warn, "backstep: warning: every draw of %s's vary lines for %s leaves a gradient of 0 or a relu at "
                "its kink: its ranges hold no better numbers\n", shown, student);
    }
    fclose(sink);
    return own >= 0;
}

bool teacher_choose_attempt(Session *session, const char *path, Error *error)
{
    Sheet sheet;
    if (!sheet_read(path, &sheet, error))
        return false;
    bool ok = choose_attempt(&sheet, session->student, &session->vary_attempt, session->err, error);
    sheet_free(&sheet);
    return ok;
}

/* ---- keys and sheets ------------------------------------------------------ */

/* A question's right value, written as the sheet asks: to its `round N`
 * (the value carried by hand, an updated parameter whole, as on paper),
 * or to 3 significant digits. */
static void key_value(const Session *session, Quantity q, double value, char *out, size_t size)
{
    bool updated = q.kind == Q_NEW_WEIGHT || q.kind == Q_NEW_BIAS;
    if (session->round_digits > 0 && session->round_places)
        num_format_places(out, size, value, session->round_digits, false);
    else if (session->round_digits > 0 && updated)
        num_format(out, size, value, 15, false);
    else
        num_format_all_digits(out, size, value, session->round_digits > 0 ? session->round_digits : 3, false);
}

/* The line with its blank answer replaced by `value`. */
static void fill_blank(const char *line, const char *value, char *out, size_t size)
{
    const char *rest = line + strspn(line, " \t");
    rest += strcspn(rest, " \t=");   /* past "check" */
    rest += strspn(rest, " \t=");
    rest += strcspn(rest, " \t=");   /* past the name */
    const char *blank = strstr(rest, "_");
    if (blank) {
        size_t run = strspn(blank, "_");
        snprintf(out, size, "%.*s%s%s", (int)(blank - line), line, value, blank + run);
    } else {   /* `check NAME` with nothing after it */
        snprintf(out, size, "%s %s", line, value);
    }
}

/* `vary NAME LO HI step S` as `set NAME VALUE` with the student's value. */
static bool vary_as_set(const Session *session, const char *line, char *out, size_t size)
{
    char text[SCRIPT_LINE_MAX + 1], *words[8];
    snprintf(text, sizeof text, "%s", line);
    int n = 0;
    for (char *token = strtok(text, " \t"); token && n < 8; token = strtok(NULL, " \t"))
        words[n++] = token;
    double lo, hi, step;
    if (!session->student[0] || n != 6 || strcmp(words[0], "vary") != 0 || strcmp(words[4], "step") != 0 ||
        !num_parse(words[2], &lo, NULL) || !num_parse(words[3], &hi, NULL) || !num_parse(words[5], &step, NULL))
        return false;
    char value[NUM_TEXT_MAX];
    num_format(value, sizeof value, teacher_draw(session->student, words[1], session->vary_attempt, lo, hi, step),
               15, false);
    snprintf(out, size, "set %s %s", words[1], value);
    return true;
}

/* Whether `line`, run before a `vary` line, gives the number q its value:
 * `input` for x, `target` for t, or `set` of q or of the whole it is part of. */
static bool sets_number(const Session *session, const char *line, Quantity q, const char *vary_name)
{
    char word[16], name[128];
    const char *rest = first_word(line, word, sizeof word);
    if (strcmp(word, "input") == 0 || strcmp(word, "target") == 0)
        return session->net && q.kind == (word[0] == 'i' ? Q_INPUT : Q_TARGET);
    if (strcmp(word, "set") != 0)
        return false;
    first_word(rest, name, sizeof name);
    if (!session->net)
        return strcmp(name, vary_name) == 0;
    Quantity given;
    if (!names_parse(session_names(session), name, &given, NULL))
        return false;
    if (quantity_is_whole(given))
        return given.kind == q.kind && given.layer == q.layer;
    return quantity_equal(given, q);
}

/* A setting line written again with the values the session holds now. */
static void written_again(Session *session, const char *line, char *out, size_t size)
{
    char word[16], name[128], value[NUM_TEXT_MAX];
    const char *rest = first_word(line, word, sizeof word);
    Quantity q = {word[0] == 'i' ? Q_INPUT : Q_TARGET, 0, QUANTITY_WHOLE, 0, 0};
    if (strcmp(word, "set") == 0) {
        first_word(rest, name, sizeof name);
        names_parse(session_names(session), name, &q, NULL);
    }
    int rows = 1, cols = 1, used = snprintf(out, size, "%s%s%s ", word, word[0] == 's' ? " " : "",
                                             word[0] == 's' ? name : "");
    if (quantity_is_whole(q))
        names_shape(session_names(session), q, &rows, &cols);
    bool literal = quantity_is_whole(q) && strcmp(word, "set") == 0;
    used += snprintf(out + used, size - (size_t)used, "%s", literal ? "[" : "");
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            double *slot = parameter_slot(session, quantity_is_whole(q) ? quantity_element(q, r, c) : q);
            num_format(value, sizeof value, slot ? *slot : 0.0, 15, false);
            used += snprintf(out + used, size - (size_t)used, "%s%s", r + c == 0 ? "" : c == 0 && cols > 1 ? "; " : " ",
                             value);
        }
    snprintf(out + used, size - (size_t)used, "%s", literal ? "]" : "");
}

/* After a `vary` line has drawn the student's number: the line among
 * shown[0 .. i) that set that number is written again with it, and true;
 * false when none did (the vary line then becomes a `set` line). */
static bool draw_in_place(Session *session, const Sheet *sheet, char **shown, int i)
{
    char word[16], name[128];
    first_word(first_word(sheet->lines[i], word, sizeof word), name, sizeof name);
    Quantity q = {Q_NODE, 0, 0, 0, 0};
    if (session->net && !names_parse(session_names(session), name, &q, NULL))
        return false;
    for (int j = i - 1; j >= 0; j--)
        if (shown[j] && sets_number(session, sheet->lines[j], q, name)) {
            char line[2 * SCRIPT_LINE_MAX + 64];
            if (session->net)
                written_again(session, sheet->lines[j], line, sizeof line);
            else if (!vary_as_set(session, sheet->lines[i], line, sizeof line))
                return false;
            char *copy = strdup(line);
            if (!copy)
                return false;
            free(shown[j]);
            shown[j] = copy;
            return true;
        }
    return false;
}

/* A comment for the teacher alone: `#!` at the start of the line. */
static bool teacher_comment(const char *line)
{
    return strncmp(line + strspn(line, " \t"), "#!", 2) == 0;
}

int teacher_write_sheet(Session *session, const char *path, SheetKind kind)
{
    Sheet sheet;
    Error error = {{0}};
    if (!sheet_read(path, &sheet, &error)) {
        fprintf(session->err, "backstep: %s\n", error.message);
        return 2;
    }
    /* each line as it is written, or NULL when it is left out; written
     * only when the whole sheet ran, so that a sheet that fails writes nothing */
    char **shown = calloc((size_t)sheet.n + 1, sizeof *shown);
    FILE *out = session->out, *err = session->err, *sink = fopen("/dev/null", "w");
    bool ok = shown && sink;
    if (!ok)
        error_set(&error, "out of memory");
    ok = ok && choose_attempt(&sheet, session->student, &session->vary_attempt, err, &error);
    session->out = session->err = sink;
    int blanks = 0, student_before = -1;
    for (int i = 0; ok && i < sheet.n; i++) {
        const char *line = sheet.lines[i];
        char word[16], name[128], answer[128], written[2 * SCRIPT_LINE_MAX + 64];
        first_word(line, word, sizeof word);
        snprintf(written, sizeof written, "%s", line);
        if (student_before < 0 && session->student[0] && word[0] && word[0] != '#')
            student_before = i;
        bool question = question_of(line, name, sizeof name, answer, sizeof answer) && is_blank(answer);
        blanks += question;
        bool drawn = strcmp(word, "vary") == 0 && session->student[0];
        if (drawn && !vary_as_set(session, line, written, sizeof written)) {
            if (run_line(session, &sheet, i, line, &error))   /* a bad vary line says what is wrong */
                error_set(&error, "%s:%d: vary takes NAME LO HI step S", sheet.path, i + 1);
            ok = false;
        } else if (question && kind == SHEET_KEY) {
            Quantity q;
            double value;
            const Step *source;
            char number[NUM_TEXT_MAX], check[256];
            ok = names_parse_computed(session_names(session), name, &q, &error) &&
                 session_value(session, q, &value, &source, &error);
            if (!ok) {
                char reason[ERROR_MESSAGE_MAX];
                snprintf(reason, sizeof reason, "%s", error.message);
                error_set(&error, "%s:%d: %s", sheet.path, i + 1, reason);
                break;
            }
            key_value(session, q, value, number, sizeof number);
            fill_blank(line, number, written, sizeof written);
            snprintf(check, sizeof check, "check %s %s", name, number);
            ok = run_line(session, &sheet, i, check, &error);
        } else if (!question && strcmp(word, "pause") != 0) {
            ok = run_line(session, &sheet, i, line, &error);
        }
        bool left_out = (strcmp(word, "student") == 0 && session->student[0]) ||   /* the student's comes first */
                        (kind == SHEET_BLANK && teacher_comment(line)) ||
                        (ok && drawn && draw_in_place(session, &sheet, shown, i));   /* the number where it was given */
        if (ok && !left_out && !(shown[i] = strdup(written)))
            ok = error_set(&error, "out of memory");
    }
    if (ok && kind == SHEET_KEY && blanks == 0)
        ok = error_set(&error, "%s has no ___ to fill: a sheet's questions are lines such as `check z1 ___`",
                       sheet.path);
    session->out = out;
    session->err = err;
    for (int i = 0; ok && i < sheet.n; i++) {
        if (i == student_before)
            fprintf(out, "student %s\n", session->student);
        if (shown[i])
            fprintf(out, "%s\n", shown[i]);
    }
    if (!ok)
        fprintf(err, "backstep: %s\n", error.message);
    for (int i = 0; shown && i < sheet.n; i++)
        free(shown[i]);
    free(shown);
    if (sink)
        fclose(sink);
    sheet_free(&sheet);
    return ok ? 0 : 2;
}

/* ---- the gradebook ---------------------------------------------------- */

/* A setup line as compared between a sheet and a copy: comments, spaces
 * and `say` text do not matter. */
static void normalized(const char *line, char *out, size_t size)
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

/* The setup lines of a sheet, normalized, one a line. */
static char *setup_of(const Sheet *sheet)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out)
        return NULL;
    for (int i = 0; i < sheet->n; i++) {
        char line[2 * SCRIPT_LINE_MAX + 64];
        if (!is_setup(sheet->lines[i]))
            continue;
        normalized(sheet->lines[i], line, sizeof line);
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
        if (!question_of(copy->lines[i], name, sizeof name, given, sizeof given) || strcmp(name, question->name) != 0)
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
        const char *rest = first_word(copy->lines[i], word, sizeof word);
        if (strcmp(word, "student") != 0)
            continue;
        rest = first_word(rest, id, sizeof id);
        first_word(rest, more, sizeof more);
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
    bool ok = student_of(&copy, student, sizeof student, &error) && choose_attempt(sheet, student, &attempt, err, &error) &&
              (session = quiet_session(sink, student, attempt)) != NULL;
    int asked = 0;
    for (int i = 0; ok && i < sheet->n; i++) {
        char name[128], answer[128], line[SCRIPT_LINE_MAX + 1];
        if (question_of(sheet->lines[i], name, sizeof name, answer, sizeof answer)) {
            answer_in(&copy, &questions[asked++], answer, sizeof answer);
            snprintf(line, sizeof line, "check %s %s", name, answer);
            script_execute(session, line, &error);   /* a verdict, or an unreadable answer: both count */
        } else if (is_setup(sheet->lines[i])) {
            ok = run_line(session, sheet, i, sheet->lines[i], &error);
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
        return 2;
    }
    char *expected = student_setup(sheet->path, student), *given = setup_of(&copy);
    int copy_questions = 0, matched = 0;   /* the copy's check lines, and those the sheet asks */
    for (int i = 0; i < copy.n; i++) {
        char name[128], answer[128];
        if (!question_of(copy.lines[i], name, sizeof name, answer, sizeof answer))
            continue;
        copy_questions++;
        for (int k = 0; k < n_questions; k++)
            if (strcmp(questions[k].name, name) == 0) {
                matched++;
                break;
            }
    }
    char shown_path[1024];
    escape_controls(path, shown_path, sizeof shown_path);
    if (!student[0] && has_vary(sheet))
        fprintf(err, "backstep: %s names no student (a `student ID` line): graded with the sheet's own numbers\n",
                shown_path);
    if (matched == 0)
        fprintf(err, "backstep: %s answers none of the sheet's questions: is it a copy of another sheet?\n",
                shown_path);
    bool differs = !expected || !given || strcmp(expected, given) != 0 || copy_questions != n_questions;
    int correct = 0, carried = 0, status = 0;
    const char *cells[4] = {ascii ? "ok" : "✓", ascii ? "okcf" : "✓cf", ascii ? "x" : "✗", ""};
    char record[64];
    csv_field(out, path, true);
    csv_field(out, student, false);
    for (int k = 0; k < n_questions; k++) {
        Quantity q;
        Grade grade = GRADE_UNANSWERED;
        if (names_parse_computed(session_names(session), questions[k].name, &q, NULL))
            for (int a = 0; a < session->n_answers; a++)
                if (quantity_equal(session->answers[a].verdict.what, q))
                    grade = session->answers[a].verdict.grade;
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
    for (int k = 0; k < n_questions; k++) {
        Quantity q;
        int cell = 3;
        if (names_parse_computed(session_names(session), questions[k].name, &q, NULL))
            for (int a = 0; a < session->n_answers; a++)
                if (quantity_equal(session->answers[a].verdict.what, q))
                    cell = (int)session->answers[a].verdict.grade;
        csv_field(out, cells[cell], false);
    }
    fputs("\r\n", out);
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
        if (!question_of(sheet.lines[i], name, sizeof name, answer, sizeof answer))
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
