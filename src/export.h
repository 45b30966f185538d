/* export: the session's derivation written out as a worked solution a
 * teacher can hand out, in Markdown (math as $...$ and $$...$$, which
 * GitHub, pandoc and Obsidian typeset) or as a LaTeX document pdflatex
 * compiles with amsmath alone.
 *
 * The whole pass is written, however far stepping has got: a setup
 * paragraph (the network or the expression, the sample, the loss, lr,
 * the rounding), then one section per phase, and in each the headings
 * narration says and every step as narration prints it, its formula,
 * the formula with its numbers and its value, with narration's remarks
 * and notes below it.  The numbers are narration's own (narrate.h), the
 * carried, rounded ones in hand mode.  export.c walks the steps and holds
 * the two small writers; export_latex.c turns narration's text into LaTeX. */
#ifndef BACKSTEP_EXPORT_H
#define BACKSTEP_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "session.h"

typedef enum {
    EXPORT_MARKDOWN,   /* md (or markdown) */
    EXPORT_LATEX,      /* tex (or latex) */
} ExportFormat;

/* The format a word names: md, markdown, tex or latex.  False with `error`
 * set, naming the nearest choice when one is close, otherwise. */
bool export_format_parse(const char *word, ExportFormat *format, Error *error);

/* "Markdown" or "LaTeX". */
const char *export_format_title(ExportFormat format);

/* Writes the session's current derivation to `path` in `format`: into a
 * new file in the same folder, renamed over `path` once it is whole, so a
 * file that exists is replaced and a failed write leaves nothing behind.
 * False with `error` set (no model, numbers not defined, a path that
 * cannot be written, and why) and nothing written. */
bool export_write(Session *session, ExportFormat format, const char *path, Error *error);

/* Writes the same to a stream; false with `error` set when there is no
 * derivation.  Whether the stream's writes succeeded is the caller's to check. */
bool export_stream(Session *session, ExportFormat format, FILE *out, Error *error);

/* ---- narration's text as LaTeX (export_latex.c) ---- */

/* Writes a formula as narration writes it (dL/dw1 = (−0.0313) × 2) as
 * LaTeX math, without delimiters; `network` for a network's names, false
 * for an expression's. */
void latex_math(FILE *out, const char *text, bool network);

/* Writes prose for LaTeX's text mode: special characters escaped, symbols
 * (σ, ×, ²) as inline math. */
void latex_text(FILE *out, const char *text);

#endif
