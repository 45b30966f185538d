/* literal: reading vector and matrix literals (see literal.h). */
#include "literal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const WRAPPERS[] = {"np.array(", "numpy.array("};

static size_t wrapper_length(const char *text)
{
    for (size_t i = 0; i < sizeof WRAPPERS / sizeof WRAPPERS[0]; i++)
        if (strncmp(text, WRAPPERS[i], strlen(WRAPPERS[i])) == 0)
            return strlen(WRAPPERS[i]);
    return 0;
}

bool literal_is_bracketed(const char *text) { return text[0] == '[' || wrapper_length(text) > 0; }

static char *trim(char *text)
{
    while (isspace((unsigned char)*text))
        text++;
    size_t length = strlen(text);
    while (length > 0 && isspace((unsigned char)text[length - 1]))
        text[--length] = '\0';
    return text;
}

typedef struct {
    const char *text;     /* the literal as typed, for messages */
    const char **words;
    int capacity, count;
    int rows, cols;       /* cols: -1 until the first row is read */
    Error *error;
} Reading;

/* Adds one row: its numbers are separated by spaces or commas. */
static bool read_row(Reading *reading, char *row)
{
    int in_row = 0;
    char *save = NULL;
    for (char *word = strtok_r(row, " \t,", &save); word; word = strtok_r(NULL, " \t,", &save)) {
        if (reading->count == reading->capacity)
            return error_set(reading->error, "too many numbers in '%s' (at most %d)", reading->text,
                             reading->capacity);
        reading->words[reading->count++] = word;
        in_row++;
    }
    if (in_row == 0)
        return error_set(reading->error, "an empty row in '%s'", reading->text);
    if (reading->cols >= 0 && in_row != reading->cols)
        return error_set(reading->error, "the rows of '%s' have different lengths (%d and %d)", reading->text,
                         reading->cols, in_row);
    reading->cols = in_row;
    reading->rows++;
    return true;
}

/* [0.1 0.2; 0.3 0.4] or [0.1, 0.2, 0.3]: rows separated by ';'. */
static bool read_flat(Reading *reading, char *inside)
{
    if (strpbrk(inside, "[]"))
        return error_set(reading->error, "'%s' mixes numbers and bracketed rows: write [[1, 2], [3, 4]] or "
                         "[1 2; 3 4]", reading->text);
    char *save = NULL;
    for (char *row = strtok_r(inside, ";", &save); row; row = strtok_r(NULL, ";", &save))
        if (!read_row(reading, row))
            return false;
    return true;
}

/* [[0.1, 0.2], [0.3, 0.4]]: one bracketed list per row, commas between. */
static bool read_nested(Reading *reading, char *inside)
{
    char *p = inside;
    for (;;) {
        while (isspace((unsigned char)*p) || *p == ',')
            p++;
        if (!*p)
            return true;
        if (*p != '[')
            return error_set(reading->error, "'%s' mixes numbers and bracketed rows: write [[1, 2], [3, 4]] or "
                             "[1 2; 3 4]", reading->text);
        char *close = strchr(p + 1, ']');
        char *open = strchr(p + 1, '[');
        if (!close)
            return error_set(reading->error, "'%s' is missing a closing ']'", reading->text);
        if (open && open < close)
            return error_set(reading->error, "'%s' nests brackets too deeply: a matrix is [[1, 2], [3, 4]]",
                             reading->text);
        *close = '\0';
        if (strchr(p + 1, ';'))
            return error_set(reading->error, "'%s' mixes ';' and bracketed rows: write [[1, 2], [3, 4]] or "
                             "[1 2; 3 4]", reading->text);
        if (!read_row(reading, p + 1))
            return false;
        p = close + 1;
    }
}

bool literal_split(const char *text, char *buffer, size_t size, const char **words, int capacity, int *rows,
                   int *cols, Error *error)
{
    snprintf(buffer, size, "%s", text);
    char *p = trim(buffer);
    size_t wrapper = wrapper_length(p);
    if (wrapper) {
        size_t length = strlen(p);
        if (p[length - 1] != ')')
            return error_set(error, "'%s' is missing its closing ')'", text);
        p[length - 1] = '\0';
        p = trim(p + wrapper);
        if (p[0] != '[')
            return error_set(error, "'%s' holds no list: write np.array([[1, 2], [3, 4]])", text);
    }
    if (p[0] != '[') {
        if (capacity < 1)
            return error_set(error, "too many numbers in '%s' (at most %d)", text, capacity);
        words[0] = p;
        *rows = *cols = 1;
        return true;
    }
    size_t length = strlen(p);
    if (length < 2 || p[length - 1] != ']')
        return error_set(error, "'%s' is missing its closing ']'", text);
    p[length - 1] = '\0';
    char *inside = trim(p + 1);
    Reading reading = {text, words, capacity, 0, 0, -1, error};
    if (!(inside[0] == '[' ? read_nested(&reading, inside) : read_flat(&reading, inside)))
        return false;
    if (reading.count == 0)
        return error_set(error, "'%s' holds no numbers", text);
    *rows = reading.rows;
    *cols = reading.cols;
    return true;
}

bool literal_single(const char *text, char *out, size_t size)
{
    char buffer[1024];
    const char *words[1];
    int rows, cols;
    if (!literal_is_bracketed(text) || strlen(text) >= sizeof buffer)
        return false;
    if (!literal_split(text, buffer, sizeof buffer, words, 1, &rows, &cols, NULL) || rows * cols != 1 ||
        strlen(words[0]) >= size)
        return false;
    snprintf(out, size, "%s", words[0]);
    return true;
}
