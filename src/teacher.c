/* teacher: students' numbers, answer keys and blank sheets (see teacher.h).
 *
 * A sheet's lines run through a session of their own whose output goes
 * nowhere (sheet.c), and the key reads each question's right value from
 * that session as it goes.  gradebook.c grades the filled copies. */
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
#include "sheet.h"

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


/* Runs the sheet's setup for `student` at `attempt` (no student: the
 * sheet's own numbers) and says how degenerate it is; -1 with `error` set
 * when a line fails. */
static int setup_degenerate(const Sheet *sheet, FILE *sink, const char *student, long attempt, Error *error)
{
    Session *session = sheet_session(sink, student, attempt);
    if (!session)
        return error_set(error, "out of memory"), -1;
    bool ok = true;
    for (int i = 0; ok && i < sheet->n; i++)
        if (sheet_is_setup(sheet->lines[i]))
            ok = sheet_run_line(session, sheet, i, sheet->lines[i], error);
    int count = ok ? degenerate(session) : -1;
    session_free(session);
    return count;
}

/* The first attempt whose draws are no more degenerate than the sheet's own
 * numbers (a zero that the teacher's numbers have too is the sheet's). */
bool teacher_attempt(const Sheet *sheet, const char *student, long *attempt, FILE *warn, Error *error)
{
    *attempt = 0;
    if (!student[0] || !sheet_has_vary(sheet))
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
    bool ok = teacher_attempt(&sheet, session->student, &session->vary_attempt, session->err, error);
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
    const char *comment = strchr(rest, '#'), *end = comment ? comment : rest + strlen(rest);
    const char *answer = rest + strspn(rest, " \t=");
    if (answer < end) {   /* the blank, or the answer written there: replaced */
        size_t length = strcspn(answer, " \t#");
        snprintf(out, size, "%.*s%s%s", (int)(answer - line), line, value, answer + length);
    } else {   /* `check NAME` with nothing after it (but a comment): the value goes before the comment */
        size_t kept = (size_t)(end - line);
        while (kept > 0 && (line[kept - 1] == ' ' || line[kept - 1] == '\t'))
            kept--;
        snprintf(out, size, "%.*s %s%s%s", (int)kept, line, value, comment ? "   " : "", comment ? comment : "");
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
    const char *rest = sheet_first_word(line, word, sizeof word);
    if (strcmp(word, "input") == 0 || strcmp(word, "target") == 0)
        return session->net && q.kind == (word[0] == 'i' ? Q_INPUT : Q_TARGET);
    if (strcmp(word, "set") != 0)
        return false;
    sheet_first_word(rest, name, sizeof name);
    if (!session->net)
        return strcmp(name, vary_name) == 0;
    Quantity given;
    if (!names_parse(session_names(session), name, &given, NULL))
        return false;
    if (quantity_is_whole(given))
        return given.kind == q.kind && given.layer == q.layer;
    return quantity_equal(given, q);
}

/* A setting line written again with the values the session holds now,
 * in a new string; NULL when memory runs out or the line would be longer
 * than a sheet's line may be. */
static char *written_again(Session *session, const char *line)
{
    char word[16], name[128], value[NUM_TEXT_MAX];
    const char *rest = sheet_first_word(line, word, sizeof word);
    Quantity q = {word[0] == 'i' ? Q_INPUT : Q_TARGET, 0, QUANTITY_WHOLE, 0, 0};
    if (strcmp(word, "set") == 0) {
        sheet_first_word(rest, name, sizeof name);
        if (!names_parse(session_names(session), name, &q, NULL))
            return NULL;
    }
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out)
        return NULL;
    bool literal = quantity_is_whole(q) && strcmp(word, "set") == 0;
    fprintf(out, "%s%s%s %s", word, word[0] == 's' ? " " : "", word[0] == 's' ? name : "", literal ? "[" : "");
    int rows = 1, cols = 1;
    if (quantity_is_whole(q))
        names_shape(session_names(session), q, &rows, &cols);
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            double *slot = parameter_slot(session, quantity_is_whole(q) ? quantity_element(q, r, c) : q);
            num_format(value, sizeof value, slot ? *slot : 0.0, 15, false);
            fprintf(out, "%s%s", r + c == 0 ? "" : c == 0 && cols > 1 ? "; " : " ", value);
        }
    fprintf(out, "%s", literal ? "]" : "");
    fclose(out);
    if (text && strlen(text) > SCRIPT_LINE_MAX) {
        free(text);
        return NULL;
    }
    return text;
}

/* Whether a line leaves the given numbers as the lines before it set them
 * (a `set` of one number, a setting, narration): a drawn number may then be
 * written into an earlier line.  `init`, `data`, `sample`, an update and
 * the like change numbers wholesale. */
static bool keeps_numbers(const char *line)
{
    static const char *const keeping[] = {"set", "input", "target", "vary", "lr", "loss", "round", "digits", "bias",
                                          "freeze", "unfreeze", "say", "pause", "detail", "ascii", "student",
                                          "check", "show", "expect", "explain", "state", "draw", "help",
                                          "optimizer", "batch", "shuffle", "schedule", "clip", "forward", "backward",
                                          "loss", "use", NULL};
    char word[32];
    sheet_first_word(line, word, sizeof word);
    if (!word[0] || word[0] == '#')
        return true;
    for (int i = 0; keeping[i]; i++)
        if (strcmp(word, keeping[i]) == 0)
            return true;
    return false;
}

/* After a `vary` line has drawn the student's number: the line among
 * shown[0 .. i) that set that number is written again with it, and true;
 * false when none did, or it cannot be (the vary line then becomes a
 * `set` line). */
static bool draw_in_place(Session *session, const Sheet *sheet, char **shown, int i)
{
    char word[16], name[128];
    sheet_first_word(sheet_first_word(sheet->lines[i], word, sizeof word), name, sizeof name);
    Quantity q = {Q_NODE, 0, 0, 0, 0};
    if (session->net && !names_parse(session_names(session), name, &q, NULL))
        return false;
    for (int j = i - 1; j >= 0; j--) {
        if (!keeps_numbers(sheet->lines[j]))
            return false;   /* a line such as init or update came between: the vary line says it where it is */
        if (shown[j] && sets_number(session, sheet->lines[j], q, name)) {
            char set[2 * SCRIPT_LINE_MAX + 64];
            char *line = session->net ? written_again(session, sheet->lines[j])
                                      : vary_as_set(session, sheet->lines[i], set, sizeof set) ? strdup(set) : NULL;
            if (!line)
                return false;
            free(shown[j]);
            shown[j] = line;
            return true;
        }
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
    ok = ok && teacher_attempt(&sheet, session->student, &session->vary_attempt, err, &error);
    session->out = session->err = sink;
    int blanks = 0, student_before = -1;
    for (int i = 0; ok && i < sheet.n; i++) {
        const char *line = sheet.lines[i];
        char word[16], name[128], answer[128], written[2 * SCRIPT_LINE_MAX + 64];
        sheet_first_word(line, word, sizeof word);
        snprintf(written, sizeof written, "%s", line);
        if (student_before < 0 && session->student[0] && word[0] && word[0] != '#')
            student_before = i;
        /* every question is filled in a key; in a student's blank sheet a blank
         * stays blank and an answer given as an example becomes theirs */
        bool question = sheet_question(line, name, sizeof name, answer, sizeof answer);
        bool blank = question && sheet_blank_answer(answer);
        blanks += blank;
        bool fill = question && (kind == SHEET_KEY || (!blank && session->student[0]));
        bool drawn = strcmp(word, "vary") == 0 && session->student[0];
        if (drawn && !vary_as_set(session, line, written, sizeof written)) {
            if (sheet_run_line(session, &sheet, i, line, &error))   /* a bad vary line says what is wrong */
                error_set(&error, "%s:%d: vary takes NAME LO HI step S", sheet.path, i + 1);
            ok = false;
        } else if (fill) {
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
            ok = sheet_run_line(session, &sheet, i, check, &error);
        } else if (!(question && blank) && strcmp(word, "pause") != 0) {
            ok = sheet_run_line(session, &sheet, i, line, &error);
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
