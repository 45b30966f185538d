/* escape: control characters shown as \xHH (see escape.h). */
#include "escape.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The length of the well-formed UTF-8 character at s (1 to 4), or 0 when
 * the bytes there are not one.  Overlong forms and surrogates are not. */
static size_t utf8_length(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t length;
    unsigned int lowest;   /* the smallest code point this length may encode */
    unsigned int code;
    if ((s[0] & 0xE0) == 0xC0)
        length = 2, lowest = 0x80, code = s[0] & 0x1Fu;
    else if ((s[0] & 0xF0) == 0xE0)
        length = 3, lowest = 0x800, code = s[0] & 0x0Fu;
    else if ((s[0] & 0xF8) == 0xF0)
        length = 4, lowest = 0x10000, code = s[0] & 0x07u;
    else
        return 0;
    for (size_t i = 1; i < length; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (s[i] & 0x3Fu);
    }
    if (code < lowest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    return length;
}

static bool is_control(const unsigned char *s, size_t length)
{
    if (length == 1)
        return (s[0] < 0x20 && s[0] != '\t') || s[0] == 0x7F;
    return length == 2 && s[0] == 0xC2 && s[1] < 0xA0;   /* U+0080 to U+009F */
}

void escape_controls(const char *text, char *out, size_t size)
{
    if (size == 0)
        return;
    const unsigned char *s = (const unsigned char *)text;
    size_t used = 0;
    while (*s) {
        size_t length = utf8_length(s);
        bool escaped = length == 0 || is_control(s, length);
        size_t n_bytes = length == 0 ? 1 : length;
        size_t needed = escaped ? 4 * n_bytes : n_bytes;
        if (used + needed >= size)
            break;
        for (size_t i = 0; i < n_bytes; i++) {
            if (escaped) {
                snprintf(out + used, size - used, "\\x%02x", s[i]);
                used += 4;
            } else {
                out[used++] = (char)s[i];
            }
        }
        s += n_bytes;
    }
    out[used] = '\0';
}
