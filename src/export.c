/* export: a derivation written out as a worked solution (see export.h).
 *
 * One walk over the steps, the same for both formats: the setup, then
 * each phase that has steps as a section, and in it each step's heading
 * (narrate_headings.c's words), its line in parts (narr_line) and its
 * notes (narr_notes).  Two small writers, Markdown and LaTeX, say how each
 * of those looks; formulas go through latex_math (export_latex.c) in both. */
#include "export.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deriv.h"
#include "escape.h"
#include "functions.h"
#include "graph.h"
#include "narrate.h"
#include "numfmt.h"
#include "optimizer.h"
#include "quantity.h"
#include "suggest.h"

enum { SENTENCE_MAX_FORMULAS = GRAPH_MAX_NODES + 1, SENTENCE_TEXT_MAX = 2048 };

/* A line of prose followed by formulas: "Forward: one neuron, sigmoid." and
 * z = Σₖ xₖ × wₖ + b, a = σ(z).  Headings and the setup are written so. */
typedef struct {
    char prose[SENTENCE_TEXT_MAX];
    int n_formulas;
    char formulas[SENTENCE_MAX_FORMULAS][SENTENCE_TEXT_MAX];
} Sentence;

typedef struct {
    void (*begin)(FILE *out, const char *title);
    void (*setup)(FILE *out, const Sentence *sentence, bool network);   /* one line of the setup */
    void (*setup_end)(FILE *out);
    void (*phase)(FILE *out, const char *title);
    void (*heading)(FILE *out, const Sentence *sentence, bool network);
    void (*step)(FILE *out, const NarrLine *line, bool network);
    void (*note)(FILE *out, const char *text, bool network);
    void (*end)(FILE *out);
} Writer;

static const char *const PHASE_TITLES[N_PHASES] = {"Forward", "Loss", "Backward", "Update"};

/* ---- formulas as math, trimmed --------------------------------------- */

/* latex_math without spaces at either end: Markdown's $x$ must not be $ x $. */
static void put_math(FILE *out, const char *text, bool network)
{
    char *math = NULL;
    size_t size = 0;
    FILE *buffer = open_memstream(&math, &size);
    if (!buffer) {
        latex_math(out, text, network);
        return;
    }
    latex_math(buffer, text, network);
    if (fclose(buffer) != 0) {
        free(math);
        latex_math(out, text, network);
        return;
    }
    char *start = math, *stop = math + strlen(math);
    while (*start == ' ')
        start++;
    while (stop > start && stop[-1] == ' ')
        stop--;
    fprintf(out, "%.*s", (int)(stop - start), start);
    free(math);
}

/* ---- Markdown ---------------------------------------------------------- */

/* Prose with Markdown's own characters escaped, so a name such as m_w1 or
 * W2[j,k] is shown as it is. */
static void md_text(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (strchr("\\`*_[]<>#$|~", *p))
            fputc('\\', out);
        fputc((unsigned char)*p < 0x20 ? ' ' : *p, out);
    }
}

static void md_begin(FILE *out, const char *title)
{
    fputs("<!-- A worked solution written by backstep's `export md`.\n"
          "     Math is LaTeX between $ and $$, as GitHub, pandoc and Obsidian show it.  Names: dA/dB is\n"
          "     \\frac{\\mathrm{d}A}{\\mathrm{d}B} (an expression's partial ∂A/∂B \\frac{\\partial A}{\\partial B});\n"
          "     a letter's digits are a subscript (w1 is w_1, x2 is x_2), but with an index in brackets they\n"
          "     are the layer: W1[2,1] is W^{(1)}_{2,1}; an optimizer's state m_W1[1,1]_new is\n"
          "     m_{W^{(1)}_{1,1}}^{new}; an expression's other names are written whole, c_1 as \\mathit{c\\_1}. -->\n\n",
          out);
    fputs("# ", out);
    md_text(out, title);
    fputs("\n\n", out);
}

static void md_sentence(FILE *out, const Sentence *sentence, bool network)
{
    md_text(out, sentence->prose);
    for (int i = 0; i < sentence->n_formulas; i++) {
        fputs(i == 0 ? (sentence->prose[0] ? " $" : "$") : ", $", out);
        put_math(out, sentence->formulas[i], network);
        fputs("$", out);
    }
}

static void md_setup(FILE *out, const Sentence *sentence, bool network)
{
    fputs("- ", out);
    md_sentence(out, sentence, network);
    fputs("\n", out);
}

static void md_setup_end(FILE *out) { (void)out; }

static void md_phase(FILE *out, const char *title) { fprintf(out, "\n## %s\n\n", title); }

static void md_heading(FILE *out, const Sentence *sentence, bool network)
{
    Sentence prose = *sentence;
    prose.n_formulas = 0;
    fputs("**", out);
    md_sentence(out, &prose, network);
    fputs("**", out);
    prose = *sentence;
    prose.prose[0] = '\0';
    if (sentence->n_formulas) {
        fputs(" ", out);
        md_sentence(out, &prose, network);
    }
    fputs("\n\n", out);
}

static void md_step(FILE *out, const NarrLine *line, bool network)
{
    fputs("$$", out);
    put_math(out, line->name, network);
    if (line->frozen) {
        fputs(" = ", out);
        put_math(out, line->before, network);
    }
    for (int i = 0; i < line->n_parts; i++) {
        fprintf(out, " %s ", strcmp(line->relations[i], "=") == 0 ? "=" : strcmp(line->relations[i], "≈") == 0
                                                                                 ? "\\approx" : "\\leftarrow");
        put_math(out, line->parts[i], network);
    }
    fputs("$$\n\n", out);
}

static void md_note(FILE *out, const char *text, bool network)
{
    (void)network;
    fputs("> ", out);
    md_text(out, text);
    fputs("\n\n", out);
}

static void md_end(FILE *out) { (void)out; }

static const Writer MARKDOWN = {md_begin, md_setup, md_setup_end, md_phase, md_heading, md_step, md_note, md_end};

/* ---- LaTeX ------------------------------------------------------------- */

static void tex_begin(FILE *out, const char *title)
{
    fputs("% A worked solution written by backstep's `export tex`; compile it with pdflatex.\n"
          "% It needs amsmath alone.  Names: dA/dB is \\frac{\\mathrm{d}A}{\\mathrm{d}B} (an expression's\n"
          "% partial dA/dB with the round d, \\frac{\\partial A}{\\partial B}); a letter's digits are a\n"
          "% subscript (w1 is w_1, x2 is x_2), but with an index in brackets they are the layer: W1[2,1]\n"
          "% is W^{(1)}_{2,1}; an optimizer's state m_W1[1,1]_new is m_{W^{(1)}_{1,1}}^{new}; an\n"
          "% expression's other names are written whole, c_1 as \\mathit{c\\_1}.\n"
          "\\documentclass[11pt]{article}\n"
          "\\usepackage{amsmath}\n"
          "\\addtolength{\\textwidth}{3cm}\n"
          "\\addtolength{\\oddsidemargin}{-1.5cm}\n"
          "\\addtolength{\\evensidemargin}{-1.5cm}\n"
          "\\setlength{\\parindent}{0pt}\n"
          "\\setlength{\\parskip}{0.5ex}\n"
          "\\title{", out);
    latex_text(out, title);
    fputs("}\n\\date{}\n\\begin{document}\n\\maketitle\n\n\\begin{itemize}\n", out);
}

static void tex_sentence(FILE *out, const Sentence *sentence, bool network)
{
    latex_text(out, sentence->prose);
    for (int i = 0; i < sentence->n_formulas; i++) {
        fputs(i == 0 ? (sentence->prose[0] ? " $" : "$") : ", $", out);
        put_math(out, sentence->formulas[i], network);
        fputs("$", out);
    }
}

static void tex_setup(FILE *out, const Sentence *sentence, bool network)
{
    fputs("\\item ", out);
    tex_sentence(out, sentence, network);
    fputs("\n", out);
}

static void tex_setup_end(FILE *out) { fputs("\\end{itemize}\n", out); }

static void tex_phase(FILE *out, const char *title)
{
    fprintf(out, "\n\\section{%s}\n\n", title);
}

static void tex_heading(FILE *out, const Sentence *sentence, bool network)
{
    Sentence prose = *sentence;
    prose.n_formulas = 0;
    fputs("\\medskip\n\\textbf{", out);
    tex_sentence(out, &prose, network);
    fputs("}", out);
    prose = *sentence;
    prose.prose[0] = '\0';
    if (sentence->n_formulas) {
        fputs(" ", out);
        tex_sentence(out, &prose, network);
    }
    fputs("\n\n", out);
}

/* One align* a step: the name, then each part on a line of its own under
 * the first =, so long formulas break where narration's would. */
static void tex_step(FILE *out, const NarrLine *line, bool network)
{
    fputs("\\begin{align*}\n", out);
    put_math(out, line->name, network);
    if (line->frozen) {
        fputs(" &= ", out);
        put_math(out, line->before, network);
    }
    for (int i = 0; i < line->n_parts; i++) {
        const char *relation = strcmp(line->relations[i], "=") == 0   ? "="
                               : strcmp(line->relations[i], "≈") == 0 ? "\\approx"
                                                                       : "\\leftarrow";
        fprintf(out, "%s&%s ", i ? " \\\\\n  " : " ", relation);
        put_math(out, line->parts[i], network);
    }
    fputs("\n\\end{align*}\n", out);
}

static void tex_note(FILE *out, const char *text, bool network)
{
    (void)network;
    fputs("\\hspace*{2em}{\\small ", out);
    latex_text(out, text);
    fputs("}\n\n", out);
}

static void tex_end(FILE *out)
{
    fputs("\n\\end{document}\n", out);
}

static const Writer LATEX = {tex_begin, tex_setup, tex_setup_end, tex_phase, tex_heading, tex_step, tex_note, tex_end};

/* ---- sentences --------------------------------------------------------- */

/* True when text reads as a formula: its first word then " = " or " ← ". */
static bool is_formula(const char *text)
{
    const char *space = strchr(text, ' ');
    return space && space > text && (strncmp(space, " = ", 3) == 0 || strncmp(space, " ← ", strlen(" ← ")) == 0);
}

/* Splits a heading as narration writes them, "Words.  formula,  formula" or
 * "Words: formula", into its prose and its formulas. */
static void split_heading(const char *heading, Sentence *sentence)
{
    snprintf(sentence->prose, sizeof sentence->prose, "%s", heading);
    sentence->n_formulas = 0;
    const char *tail = NULL;
    for (const char *p = heading; (p = strstr(p, ".  ")) != NULL; p += 3)
        tail = p + 3;
    size_t cut = tail ? (size_t)(tail - heading) - 2 : 0;   /* keep the full stop */
    if (!tail || !is_formula(tail)) {
        const char *colon = strstr(heading, ": ");
        tail = colon && is_formula(colon + 2) ? colon + 2 : NULL;
        cut = tail ? (size_t)(tail - heading) - 1 : 0;
    }
    if (!tail)
        return;
    /* every piece between ",  " must read as a formula, or the heading stays prose */
    Sentence split = {.n_formulas = 0};
    for (const char *piece = tail; piece && split.n_formulas < SENTENCE_MAX_FORMULAS;) {
        const char *next = strstr(piece, ",  ");
        size_t length = next ? (size_t)(next - piece) : strlen(piece);
        snprintf(split.formulas[split.n_formulas], sizeof split.formulas[0], "%.*s", (int)length, piece);
        if (!is_formula(split.formulas[split.n_formulas]))
            return;
        split.n_formulas++;
        piece = next ? next + 3 : NULL;
    }
    memcpy(sentence->formulas, split.formulas, sizeof split.formulas[0] * (size_t)split.n_formulas);
    sentence->n_formulas = split.n_formulas;
    sentence->prose[cut < sizeof sentence->prose ? cut : sizeof sentence->prose - 1] = '\0';
}

/* A sentence of prose alone, then formulas added with add_formula. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void add_formula(Sentence *sentence, const char *format, ...)
{
    if (sentence->n_formulas >= SENTENCE_MAX_FORMULAS)
        return;
    va_list args;
    va_start(args, format);
    vsnprintf(sentence->formulas[sentence->n_formulas++], sizeof sentence->formulas[0], format, args);
    va_end(args);
}

/* "[1, 2]", or "1" for one value: x and t as given, exactly. */
static void vector_text(const double *values, int n, char *out, size_t size)
{
    size_t used = (size_t)snprintf(out, size, "%s", n > 1 ? "[" : "");
    for (int i = 0; i < n && used < size; i++) {
        char number[NUM_TEXT_MAX];
        num_format(number, sizeof number, values[i], 15, true);
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? ", " : "", number);
    }
    if (n > 1 && used < size)
        snprintf(out + used, size - used, "]");
}

/* The setup lines and the title: what the derivation is of. */
static void write_setup(Session *session, const Writer *writer, FILE *out, Sentence *sentence)
{
    bool network = session->net != NULL;
    Style style = session_style(session);
    char text[SENTENCE_TEXT_MAX];
    if (network) {
        const Net *net = session->net;
        char shape[64], label[64];
        net_shape_text(net, shape, sizeof shape);
        int used = snprintf(text, sizeof text, "One training step of a %s network", shape);
        if (!session->use_bias)
            used += snprintf(text + used, sizeof text - (size_t)used, " without biases");
        writer->begin(out, text);
        used = snprintf(sentence->prose, sizeof sentence->prose, "Network %s:", shape);
        for (int l = 1; l <= net->n_layers; l++) {
            activation_label(net->activation[l], label, sizeof label);
            used += snprintf(sentence->prose + used, sizeof sentence->prose - (size_t)used, "%s layer %d (%s) has %d "
                             "%s neuron%s", l > 1 ? ";" : "", l, l == net->n_layers ? "output" : "hidden",
                             net->sizes[l], label, net->sizes[l] == 1 ? "" : "s");
        }
        snprintf(sentence->prose + used, sizeof sentence->prose - (size_t)used, "; %d input%s%s.", net->sizes[0],
                 net->sizes[0] == 1 ? "" : "s", session->use_bias ? "" : ", no biases");
        sentence->n_formulas = 0;
        writer->setup(out, sentence, network);
        snprintf(sentence->prose, sizeof sentence->prose, "The sample:");
        sentence->n_formulas = 0;
        vector_text(session->input, net_n_inputs(net), text, sizeof text);
        add_formula(sentence, "x = %s", text);
        vector_text(session->target, net_n_outputs(net), text, sizeof text);
        add_formula(sentence, "t = %s", text);
        writer->setup(out, sentence, network);
        snprintf(sentence->prose, sizeof sentence->prose, "Loss %s:", session->loss->name);
        sentence->n_formulas = 0;
        loss_formula(session->loss->definition, net_n_outputs(net), text, sizeof text);
        add_formula(sentence, "%s", text);
        writer->setup(out, sentence, network);
        num_format(text, sizeof text, session->learning_rate, 15, true);
        char optimizer[160];
        optimizer_describe(&session->training.optimizer, false, optimizer, (int)sizeof optimizer);
        snprintf(sentence->prose, sizeof sentence->prose, "Learning rate and optimizer (%s):", optimizer);
        sentence->n_formulas = 0;
        add_formula(sentence, "lr = %s", text);
        writer->setup(out, sentence, network);
    } else {
        const Graph *graph = session->graph;
        char label[GRAPH_LABEL_MAX];
        graph_label(graph, graph_output(graph), label, sizeof label);
        snprintf(text, sizeof text, "The derivatives of %s, by the chain rule", label);
        writer->begin(out, text);
        snprintf(sentence->prose, sizeof sentence->prose, "The expression, one node a line (the last, %s, is the "
                 "output):", label);
        sentence->n_formulas = 0;
        for (int i = 0; i < graph->n_nodes; i++)
            if (!graph->nodes[i].is_input) {
                graph_label(graph, i, label, sizeof label);
                graph_formula_text(graph, i, text, sizeof text);
                add_formula(sentence, "%s = %s", label, text);
            }
        writer->setup(out, sentence, network);
        snprintf(sentence->prose, sizeof sentence->prose, "The inputs:");
        sentence->n_formulas = 0;
        for (int i = 0; i < graph->n_nodes; i++)
            if (graph->nodes[i].is_input) {
                char number[NUM_TEXT_MAX];
                graph_label(graph, i, label, sizeof label);
                num_format(number, sizeof number, graph->nodes[i].value, 15, true);
                add_formula(sentence, "%s = %s", label, number);
            }
        writer->setup(out, sentence, network);
    }
    sentence->n_formulas = 0;
    if (session->round_digits > 0)
        snprintf(sentence->prose, sizeof sentence->prose, "Hand mode: every quantity is rounded to %d %s as it is "
                 "computed, and the rounded value is carried forward.", session->round_digits,
                 session->round_places ? "decimal places" : "significant digits");
    else
        snprintf(sentence->prose, sizeof sentence->prose, "Exact arithmetic, each value shown to %d significant "
                 "digits; ≈ marks a value that is rounded.", style.digits);
    writer->setup(out, sentence, network);
    if (session->n_overrides > 0) {
        snprintf(sentence->prose, sizeof sentence->prose, "Values of your own, carried in place of the computed "
                 "ones:");
        sentence->n_formulas = 0;
        for (int i = 0; i < session->n_overrides; i++) {
            char name[NAME_MAX], number[NUM_TEXT_MAX];
            names_name(session_names(session), session->overrides[i].what, name, sizeof name);
            num_format(number, sizeof number, session->overrides[i].value, 15, true);
            add_formula(sentence, "%s = %s", name, number);
        }
        writer->setup(out, sentence, network);
    }
}

/* ---- the walk ---------------------------------------------------------- */

bool export_stream(Session *session, ExportFormat format, FILE *out, Error *error)
{
    const Derivation *derivation = session_derivation(session, error);
    if (!derivation)
        return false;
    const Derivation *reference = session_reference(session);
    Sentence *sentence = malloc(sizeof *sentence);
    NarrLine *line = malloc(sizeof *line);
    NarrNote *notes = malloc(sizeof *notes * NARR_MAX_NOTES);
    if (!sentence || !line || !notes) {
        free(sentence);
        free(line);
        free(notes);
        return error_set(error, "out of memory while writing the derivation");
    }
    const Writer *writer = format == EXPORT_LATEX ? &LATEX : &MARKDOWN;
    Style style = session_style(session);
    style.ascii = false;
    style.color = false;
    style.width = 0;
    Names names = session_names(session);
    bool network = session->net != NULL;
    write_setup(session, writer, out, sentence);
    writer->setup_end(out);
    for (int p = 0; p < N_PHASES; p++) {
        int start = deriv_phase_start(derivation, (Phase)p), end = deriv_phase_start(derivation, (Phase)(p + 1));
        if (start == end)
            continue;
        writer->phase(out, PHASE_TITLES[p]);
        for (int i = start; i < end; i++) {
            const Step *step = deriv_step(derivation, i);
            char heading[SENTENCE_TEXT_MAX];
            narr_heading(names, step, heading, sizeof heading);
            if (heading[0]) {
                split_heading(heading, sentence);
                writer->heading(out, sentence, network);
            }
            narr_line(&style, names, step, line);
            writer->step(out, line, network);
            if (line->updates) {
                char change[2 * NUM_TEXT_MAX + 32];
                if (line->frozen)
                    snprintf(change, sizeof change, "(frozen: %s stays %s)", line->name, line->before);
                else
                    snprintf(change, sizeof change, "(%s → %s)", line->before, line->parts[2]);
                writer->note(out, change, network);
                continue;
            }
            int n = narr_notes(&style, names, step, reference ? deriv_step(reference, i) : NULL, notes);
            for (int k = 0; k < n; k++) {   /* as narration writes them: (remark), ↳ own value */
                char note[NARR_NOTE_MAX + 8];
                snprintf(note, sizeof note, notes[k].kind == NOTE_OWN_VALUE ? "↳ %s" : "(%s)", notes[k].text);
                writer->note(out, note, network);
            }
        }
    }
    writer->end(out);
    free(sentence);
    free(line);
    free(notes);
    return true;
}

/* ---- formats and files ------------------------------------------------- */

static const struct {
    const char *word;
    ExportFormat format;
} FORMAT_WORDS[] = {
    {"md", EXPORT_MARKDOWN}, {"tex", EXPORT_LATEX}, {"markdown", EXPORT_MARKDOWN}, {"latex", EXPORT_LATEX},
};

bool export_format_parse(const char *word, ExportFormat *format, Error *error)
{
    enum { N_WORDS = (int)(sizeof FORMAT_WORDS / sizeof FORMAT_WORDS[0]) };
    const char *names[N_WORDS];
    for (int i = 0; i < N_WORDS; i++) {
        names[i] = FORMAT_WORDS[i].word;
        if (strcmp(word, names[i]) == 0) {
            *format = FORMAT_WORDS[i].format;
            return true;
        }
    }
    int nearest = suggest_nearest(word, names, N_WORDS);
    char shown[4 * 64 + 1];
    escape_controls(word, shown, sizeof shown);
    if (nearest >= 0)
        return error_set(error, "export writes md or tex, not '%s'; did you mean %s?", shown,
                         FORMAT_WORDS[nearest].format == EXPORT_LATEX ? "tex" : "md");
    return error_set(error, "export writes md or tex, not '%s': export md FILE, or export tex FILE", shown);
}

const char *export_format_title(ExportFormat format) { return format == EXPORT_LATEX ? "LaTeX" : "Markdown"; }

bool export_write(Session *session, ExportFormat format, const char *path, Error *error)
{
    char shown[4 * 1024 + 1];
    escape_controls(path, shown, sizeof shown);
    if (!session_derivation(session, error))   /* nothing is made before there is something to write */
        return false;
    /* the new file goes beside the old, so the rename stays within one file system */
    size_t length = strlen(path);
    char *temporary = malloc(length + 16);
    if (!temporary)
        return error_set(error, "out of memory while writing %s", shown);
    const char *slash = strrchr(path, '/');
    size_t folder = slash ? (size_t)(slash - path) + 1 : 0;
    snprintf(temporary, length + 16, "%.*s.%s.XXXXXX", (int)folder, path, path + folder);
    int fd = mkstemp(temporary);
    if (fd < 0) {
        int why = errno;
        free(temporary);
        return error_set(error, "cannot write %s: %s", shown, strerror(why));
    }
    mode_t mask = umask(0);   /* mkstemp makes the file private; a handout is as readable as any new file */
    umask(mask);
    FILE *out = fdopen(fd, "w");
    int why = 0;
    if (!out) {
        why = errno;
        close(fd);
    } else {
        errno = 0;
        bool written = export_stream(session, format, out, error);
        if (fflush(out) != 0 || ferror(out))
            why = errno ? errno : EIO;
        if (!written && !why)
            why = -1;   /* error is set already */
        if (!why && fchmod(fileno(out), 0666 & ~mask) != 0)
            why = errno;
        if (fclose(out) != 0 && !why)
            why = errno ? errno : EIO;
        if (!why && rename(temporary, path) != 0)
            why = errno;
    }
    if (why) {
        unlink(temporary);
        free(temporary);
        if (why > 0)
            error_set(error, "cannot write %s: %s", shown, strerror(why));
        return false;
    }
    free(temporary);
    return true;
}
