/* commands_export: `export md FILE` and `export tex FILE`, the current
 * derivation written as a worked solution (export.c writes it). */
#include "command_handlers.h"

#include <string.h>

#include "escape.h"
#include "export.h"

Status cmd_export(Session *session, const Args *args, Error *error)
{
    const char *word = args->words[0];
    if (args->count == 1) {   /* the format left out: export x.md */
        size_t length = strlen(word);
        bool tex = length > 4 && strcmp(word + length - 4, ".tex") == 0;
        bool md = length > 3 && strcmp(word + length - 3, ".md") == 0;
        char shown[4 * 256 + 1];
        escape_controls(word, shown, sizeof shown);
        ExportFormat format;
        if (export_format_parse(word, &format, error))
            return error_set(error, "export %s needs a file to write: export %s %s", word, word,
                             format == EXPORT_LATEX ? "solution.tex" : "solution.md"), STATUS_ERROR;
        if (tex || md)
            return error_set(error, "export needs the format before the file: export %s %s", tex ? "tex" : "md",
                             shown), STATUS_ERROR;
        return error_set(error, "export needs a format and a file: export md FILE, or export tex FILE"), STATUS_ERROR;
    }
    ExportFormat format;
    if (!export_format_parse(word, &format, error))
        return STATUS_ERROR;
    if (!need_model(session, error))
        return STATUS_ERROR;
    if (!export_write(session, format, args->words[1], error))
        return STATUS_ERROR;
    const Derivation *derivation = session_derivation(session, error);
    char shown[4 * 1024 + 1], line[8192];
    escape_controls(args->words[1], shown, sizeof shown);
    int n_steps = derivation ? deriv_n_steps(derivation) : 0;
    snprintf(line, sizeof line, "wrote %s: the whole pass, %d step%s, as %s%s", shown, n_steps,
             n_steps == 1 ? "" : "s", export_format_title(format),
             format == EXPORT_LATEX ? "; compile it with pdflatex" : "");
    say_line(session, line);
    return STATUS_OK;
}
