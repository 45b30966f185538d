/* error: errors are data.  Below the front end nothing prints; a function
 * that can fail fills an Error and returns false, and the caller decides
 * where the message goes (with FILE:LINE in batch mode). */
#ifndef BACKSTEP_ERROR_H
#define BACKSTEP_ERROR_H

enum { ERROR_MESSAGE_MAX = 600 };

typedef struct {
    char message[ERROR_MESSAGE_MAX];   /* one line, no trailing newline */
} Error;

/* Sets the message (printf-style).  `error` may be NULL.  Always returns false,
 * so a failing function can `return error_set(error, ...);`. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int error_set(Error *error, const char *format, ...);

#endif
