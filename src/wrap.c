/* wrap: breaking narration to a terminal's width (see wrap.h).
 *
 * A line may break only at a run of spaces.  Each such place is ranked.
 * In a formula, a gap of two or more spaces outside any brackets is best
 * (between two sentences, or before a note); then after a clause (a word
 * ending in , ; : or .); then before a relation (=, ≈, ←) outside
 * brackets; then before another operator (+, −, ×, ⊙, /) outside brackets;
 * then between two words; then before an operator inside brackets; and
 * last just after an operator.  In prose, between two words (or clauses)
 * is best.  Each line takes the best-ranked place that still fills at
 * least half of it, the latest of that rank; when none does, the latest
 * place that fits. */
#include "wrap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

typedef enum {
    BREAK_GAP,        /* at a gap of two or more spaces outside brackets (between sentences, or a note) */
    BREAK_CLAUSE,     /* after a word ending in , ; : or . outside brackets */
    BREAK_RELATION,   /* before =, ≈, ← outside brackets */
    BREAK_OPERATOR,   /* before +, −, ×, ⊙, / outside brackets */
    BREAK_NESTED,     /* before an operator inside brackets */
    BREAK_WORD,       /* between two words */
    BREAK_AFTER_OPERATOR,
    N_BREAK_KINDS,
} BreakKind;

/* The kinds of break from best to worst, for formulas and for prose. */
static const BreakKind FORMULA_ORDER[N_BREAK_KINDS] = {BREAK_GAP, BREAK_CLAUSE, BREAK_RELATION, BREAK_OPERATOR,
                                                       BREAK_WORD, BREAK_NESTED, BREAK_AFTER_OPERATOR};
static const BreakKind PROSE_ORDER[N_BREAK_KINDS] = {BREAK_WORD, BREAK_GAP, BREAK_CLAUSE, BREAK_RELATION,
                                                     BREAK_OPERATOR, BREAK_NESTED, BREAK_AFTER_OPERATOR};

typedef struct {
    size_t end;       /* the line ends here (the first space of the run) */
    size_t resume;    /* the next line starts here (after the run) */
    int column;       /* the columns the line then takes */
} Break;

/* Operators a formula breaks before; UTF-8 and the ASCII narration writes. */
static const char *const RELATIONS[] = {"=", "≈", "←", "~", "<-"};
static const char *const OPERATORS[] = {"+", "−", "×", "⊙", "/", "-", "*"};

/* The length of an ANSI escape sequence starting at text, or 0. */
static size_t escape_length(const char *text, size_t length)
{
    if (length < 2 || text[0] != '\033' || text[1] != '[')
        return 0;
    size_t i = 2;
    while (i < length && (text[i] < 0x40 || text[i] > 0x7E))
        i++;
    return i < length ? i + 1 : length;
}

int wrap_columns(const char *text, size_t length)
{
    int columns = 0;
    for (size_t i = 0; i < length;) {
        size_t escape = escape_length(text + i, length - i);
        if (escape) {
            i += escape;
            continue;
        }
        if (((unsigned char)text[i] & 0xC0) != 0x80)   /* not a UTF-8 continuation byte */
            columns++;
        i++;
    }
    return columns;
}

/* True when text starts with one of the words, followed by a space or the end. */
static bool starts_with_any(const char *text, const char *const *words, size_t n_words)
{
    for (size_t i = 0; i < n_words; i++) {
        size_t length = strlen(words[i]);
        if (strncmp(text, words[i], length) == 0 && (text[length] == ' ' || text[length] == '\0'))
            return true;
    }
    return false;
}

/* True when the word before line[at] is one of the words. */
static bool ends_with_any(const char *line, size_t at, const char *const *words, size_t n_words)
{
    size_t start = at;
    while (start > 0 && line[start - 1] != ' ')
        start--;
    for (size_t i = 0; i < n_words; i++)
        if (strlen(words[i]) == at - start && strncmp(line + start, words[i], at - start) == 0)
            return true;
    return false;
}

/* What kind of place the run of spaces line[at..resume) is to break at;
 * in prose, a gap and a clause's end are places between words too. */
static BreakKind break_kind(const char *line, size_t at, size_t resume, int depth, bool prose)
{
    const char *next = line + resume;
    size_t n_relations = sizeof RELATIONS / sizeof RELATIONS[0];
    size_t n_operators = sizeof OPERATORS / sizeof OPERATORS[0];
    if (depth == 0 && resume - at >= 2)
        return prose ? BREAK_WORD : BREAK_GAP;
    if (depth == 0 && starts_with_any(next, RELATIONS, n_relations))
        return BREAK_RELATION;
    if (starts_with_any(next, OPERATORS, n_operators) || starts_with_any(next, RELATIONS, n_relations))
        return depth == 0 ? BREAK_OPERATOR : BREAK_NESTED;
    if (ends_with_any(line, at, OPERATORS, n_operators) || ends_with_any(line, at, RELATIONS, n_relations))
        return BREAK_AFTER_OPERATOR;
    if (!prose && depth == 0 && strchr(",;:.", line[at - 1]))
        return BREAK_CLAUSE;
    return BREAK_WORD;
}

/* The bracket depth change of one byte. */
static int depth_change(char c)
{
    return c == '(' || c == '[' ? 1 : c == ')' || c == ']' ? -1 : 0;
}

/* Picks where the line that starts at `start` (in column `column`) ends,
 * for at most `width` columns; false when it has no place to break. */
static bool choose_break(const char *line, size_t length, size_t start, int column, int width, bool prose,
                         Break *chosen)
{
    int depth = 0;
    for (size_t i = 0; i < start; i++)
        depth = depth + depth_change(line[i]) < 0 ? 0 : depth + depth_change(line[i]);
    Break latest[N_BREAK_KINDS];
    bool found[N_BREAK_KINDS] = {false};
    Break first_beyond = {0, 0, 0};
    bool any_beyond = false, seen_text = false;
    for (size_t i = start; i < length;) {
        size_t escape = escape_length(line + i, length - i);
        if (escape) {
            i += escape;
            continue;
        }
        if (line[i] != ' ') {
            seen_text = true;
            depth = depth + depth_change(line[i]) < 0 ? 0 : depth + depth_change(line[i]);
            i++;
            continue;
        }
        size_t resume = i;
        while (resume < length && line[resume] == ' ')
            resume++;
        if (seen_text && resume < length) {
            Break here = {i, resume, column + wrap_columns(line + start, i - start)};
            if (here.column <= width) {
                BreakKind kind = break_kind(line, i, resume, depth, prose);
                latest[kind] = here;
                found[kind] = true;
            } else if (!any_beyond) {
                first_beyond = here;
                any_beyond = true;
            }
        }
        i = resume;
    }
    /* the best kind that fills at least half the line, else the latest that fits */
    int half = column + (width - column) / 2;
    const Break *fallback = NULL;
    for (int rank = 0; rank < N_BREAK_KINDS; rank++) {
        BreakKind kind = prose ? PROSE_ORDER[rank] : FORMULA_ORDER[rank];
        if (!found[kind])
            continue;
        if (latest[kind].column >= half) {
            *chosen = latest[kind];
            return true;
        }
        if (!fallback || latest[kind].end > fallback->end)
            fallback = &latest[kind];
    }
    if (fallback) {
        *chosen = *fallback;
        return true;
    }
    /* nothing fits: the line runs over, as little as it can */
    *chosen = first_beyond;
    return any_beyond;
}

/* The columns before the line's first visible character. */
static int indent_of(const char *line, size_t length)
{
    size_t i = 0;
    for (;;) {
        size_t escape = escape_length(line + i, length - i);
        if (escape)
            i += escape;
        else if (i < length && line[i] == ' ')
            i++;
        else
            break;
    }
    return wrap_columns(line, i);
}

/* The column of the line's first = or ← outside brackets, or -1. */
static int first_relation_column(const char *line, size_t length)
{
    static const char *const HANGS_UNDER[] = {"=", "←", "<-"};
    int depth = 0;
    for (size_t i = 0; i + 1 < length; i++) {
        depth = depth + depth_change(line[i]) < 0 ? 0 : depth + depth_change(line[i]);
        if (depth == 0 && line[i] == ' ' && starts_with_any(line + i + 1, HANGS_UNDER, 3))
            return wrap_columns(line, i + 1);
    }
    return -1;
}

void wrap_line(FILE *out, const char *line, int width, int hang, WrapText text)
{
    size_t length = strlen(line);
    if (width <= 0 || wrap_columns(line, length) <= width) {
        fwrite(line, 1, length, out);
        return;
    }
    int indent = indent_of(line, length);
    int relation = first_relation_column(line, length);
    bool prose = text == WRAP_PROSE || (text == WRAP_AUTO && relation < 0);
    if (hang == WRAP_HANG_AUTO && prose) {   /* a note in parentheses hangs inside them */
        hang = indent + (line[strspn(line, " ")] == '(');
    } else if (hang == WRAP_HANG_AUTO) {
        hang = relation >= 0 && relation <= width / 2 ? relation : indent + 4;
    }
    if (hang > width / 2)
        hang = width / 2;
    size_t start = 0;
    int column = 0;
    for (;;) {
        Break chosen;
        if (column + wrap_columns(line + start, length - start) <= width ||
            !choose_break(line, length, start, column, width, prose, &chosen)) {
            fwrite(line + start, 1, length - start, out);
            return;
        }
        fwrite(line + start, 1, chosen.end - start, out);
        fprintf(out, "\n%*s", hang, "");
        start = chosen.resume;
        column = hang;
    }
}

int wrap_terminal_width(int fd)
{
    struct winsize size;
    int columns = 0;
    if (ioctl(fd, TIOCGWINSZ, &size) == 0)
        columns = size.ws_col;
    if (columns <= 0) {
        const char *text = getenv("COLUMNS");
        columns = text ? atoi(text) : 0;
    }
    if (columns <= 0)
        columns = 80;
    return columns < WRAP_MIN_WIDTH ? WRAP_MIN_WIDTH : columns > WRAP_MAX_WIDTH ? WRAP_MAX_WIDTH : columns;
}
