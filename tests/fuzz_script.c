/* libFuzzer target: feeds arbitrary bytes to the command interpreter as if
 * they were a lesson file, line by line.  Build with clang:
 *   CC=clang meson setup build-fuzz -Dfuzz=true -Db_lundef=false
 *   ninja -C build-fuzz fuzz_script && build-fuzz/fuzz_script -max_total_time=60 lessons/
 * Any crash, sanitizer report, leak or nan on screen is a bug. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"
#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    Session *session = session_new(sink, sink);
    if (!session)
        return 0;
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
            /* `load` would read the fuzzer's own files; leave it out */
            if (strncmp(line, "load", 4) != 0) {
                Error error;
                script_execute(session, line, &error);
            }
        }
        start = end + 1;
    }
    session_free(session);
    return 0;
}
