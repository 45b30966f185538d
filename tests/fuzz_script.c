/* libFuzzer target: feeds arbitrary bytes to the command interpreter as if
 * they were a lesson file, line by line.  Build with clang:
 *   CC=clang meson setup build-fuzz -Dfuzz=true -Db_lundef=false
 *   ninja -C build-fuzz fuzz_script && build-fuzz/fuzz_script -max_total_time=60 lessons/
 * Any crash, sanitizer report or leak is a bug, and so is a number that is
 * not finite on screen: each command's output and error are kept in memory
 * and searched for one.  Expression lines are worth seeding the corpus with
 * (tests/cases/expr_*.bs). */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "export.h"
#include "graph.h"
#include "script.h"
#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when text[0..length) holds a number that is not finite, as printf
 * writes it (nan, -nan, inf) or as backstep's formatter would (undefined,
 * infinity): one of those words, in any case, standing alone as a run of
 * letters. */
static bool shows_non_finite(const char *text, size_t length)
{
    static const char *const WORDS[] = {"nan", "inf", "infinity", "undefined"};
    for (size_t i = 0; i < length;) {
        if (!isalpha((unsigned char)text[i])) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < length && isalpha((unsigned char)text[i]))
            i++;
        for (size_t k = 0; k < sizeof WORDS / sizeof WORDS[0]; k++)
            if (strlen(WORDS[k]) == i - start && strncasecmp(text + start, WORDS[k], i - start) == 0)
                return true;
    }
    return false;
}

/* True when an expression graph has a node whose name holds one of those
 * words (`expr inf = 2`): narration then writes it as a name, not a number. */
static bool names_a_word(const Session *session)
{
    const Graph *graph = session->graph;
    for (int i = 0; graph && i < graph->n_nodes; i++)
        if (shows_non_finite(graph->nodes[i].name, strlen(graph->nodes[i].name)))
            return true;
    return false;
}

/* Stops the run, showing the line and what it printed. */
static void report(const char *line, const char *printed, size_t length)
{
    fprintf(stderr, "a number that is not finite reached the screen\n  after: %s\n  it printed: %.*s\n", line,
            (int)length, printed);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *printed = NULL;
    size_t printed_size = 0;
    FILE *screen = open_memstream(&printed, &printed_size);
    if (!screen)
        return 0;
    Session *session = session_new(screen, screen);
    if (!session) {
        fclose(screen);
        free(printed);
        return 0;
    }
    char line[SCRIPT_LINE_MAX + 1];
    size_t start = 0;
    while (start < size && !session->quit) {
        size_t end = start;
        while (end < size && data[end] != '\n')
            end++;
        size_t length = end - start;
        if (length <= SCRIPT_LINE_MAX) {
            memcpy(line, data + start, length);
            line[length] = '\0';
            /* `load` would read the fuzzer's own files; leave it out.  `draw dot`
             * would write files wherever the fuzzer runs: its picture goes to
             * /dev/null, so the DOT writer is still exercised */
            const char *word = line + strspn(line, " \t");
            if (strncmp(word, "draw", 4) == 0 && strstr(word, "dot"))
                length = (size_t)snprintf(line, sizeof line, "draw dot /dev/null");
            /* `train` runs as long as it is asked to: a few epochs exercise it all.
             * `data load`, like `load`, would read whatever file it names */
            if (strncmp(word, "train", 5) == 0)
                length = (size_t)snprintf(line, sizeof line, "train 3%s", strstr(word, "quiet") ? " quiet" : "");
            bool reads_file = strncmp(word, "data", 4) == 0 && strstr(word, "load");
            /* `export` would write files too: its text goes to the screen's stream instead */
            if (strncmp(word, "export", 6) == 0) {
                Error error = {{0}};
                export_stream(session, strstr(word, "tex") ? EXPORT_LATEX : EXPORT_MARKDOWN, screen, &error);
                reads_file = true;
            }
            if (strncmp(line, "load", 4) != 0 && !reads_file) {
                Error error = {{0}};
                fflush(screen);
                size_t before = printed_size;
                script_execute(session, line, &error);
                fflush(screen);
                /* a line that itself says nan (`say nan`) may print it back, and a
                 * node named nan is printed by name */
                if (!shows_non_finite(line, length) && !names_a_word(session)) {
                    if (shows_non_finite(printed + before, printed_size - before))
                        report(line, printed + before, printed_size - before);
                    if (shows_non_finite(error.message, strlen(error.message)))
                        report(line, error.message, strlen(error.message));
                }
            }
        }
        start = end + 1;
    }
    session_free(session);
    fclose(screen);
    free(printed);
    return 0;
}
