/* export_latex: narration's text as LaTeX, for `export md` and `export tex`.
 *
 * Narration writes formulas in UTF-8 (dL/dw1 = dL/dz × x1 = (−0.0313) × 2);
 * a worked solution needs them as math that LaTeX, GitHub, pandoc and
 * Obsidian typeset.  The mapping, chosen once and used everywhere:
 *   - a derivative dA/dB is \frac{\mathrm{d}A}{\mathrm{d}B}, and a partial
 *     ∂A/∂B (an expression's own factor of a node that feeds others too)
 *     \frac{\partial A}{\partial B}, so the two stay apart as narration keeps them;
 *   - a letter's trailing digits are a subscript (w1 → w_{1}, x2 → x_{2}),
 *     but a name with an index in brackets takes its digits as the layer,
 *     a superscript: W1[2,1] → W^{(1)}_{2,1}, a1[2] → a^{(1)}_{2}, x[k] → x_{k};
 *   - an optimizer's state is its symbol with the parameter as subscript,
 *     and _new a superscript: m_W1[1,1]_new → m_{W^{(1)}_{1,1}}^{\mathrm{new}},
 *     m̂_w1 → \hat{m}_{w_{1}};
 *   - an expression's names that are not a letter and digits (c_1, the
 *     earlier c; rate) are written whole in italics, every character
 *     escaped: \mathit{c\_1};
 *   - × \times, − -, ≈ \approx, ← \leftarrow, σ \sigma, Σₖ \sum_{k},
 *     ½ \tfrac{1}{2}, ² ^{2}, √x \sqrt{x}, ⊙ \odot, e^u e^{u}, 1e-8 \mathrm{1e{-}8}.
 * Anything else that LaTeX would read as a command (& % $ # { } ~ ^ \ _)
 * is escaped, and a character with no mapping is written ?, so the output
 * always compiles with amsmath alone.  Prose (headings, remarks) stays
 * text, its symbols set as inline math. */
#include "export.h"

#include <stdbool.h>
#include <string.h>

typedef struct {
    FILE *out;
    bool network;   /* network mode's names (layers, optimizer state); else an expression's */
} Tex;

/* ---- characters -------------------------------------------------------- */

static bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static const struct {
    const char *utf8, *math;
} SYMBOLS[] = {
    {"×", "\\times"}, {"−", "-"}, {"≈", "\\approx"}, {"←", "\\leftarrow"}, {"→", "\\to"},
    {"·", "\\cdot"}, {"⋅", "\\cdot"}, {"⊙", "\\odot"}, {"½", "\\tfrac{1}{2}"}, {"²", "^{2}"},
    {"³", "^{3}"}, {"Σ", "\\sum"}, {"ₖ", "_{k}"}, {"ⱼ", "_{j}"}, {"σ", "\\sigma"}, {"θ", "\\theta"},
    {"β", "\\beta"}, {"ρ", "\\rho"}, {"ε", "\\varepsilon"}, {"η", "\\eta"}, {"δ", "\\delta"},
    {"∂", "\\partial"}, {"…", "\\ldots"}, {"≤", "\\leq"}, {"≥", "\\geq"}, {"≠", "\\neq"},
    {"ᵀ", "^{\\mathsf{T}}"}, {"‖", "\\| "}, {"′", "'"}, {"ŷ", "\\hat{y}"}, {"√", "\\surd"},
    {"∇", "\\nabla"}, {"↳", "\\hookrightarrow"},
};

/* The math for the UTF-8 character at p, or NULL; *length gets its bytes. */
static const char *symbol_at(const char *p, size_t *length)
{
    for (size_t i = 0; i < sizeof SYMBOLS / sizeof SYMBOLS[0]; i++) {
        size_t n = strlen(SYMBOLS[i].utf8);
        if (strncmp(p, SYMBOLS[i].utf8, n) == 0) {
            *length = n;
            return SYMBOLS[i].math;
        }
    }
    return NULL;
}

/* Writes a symbol's math, and a space after a control word that a letter
 * follows (\times x, not \timesx). */
static void put_symbol(FILE *out, const char *symbol, const char *next)
{
    fputs(symbol, out);
    size_t length = strlen(symbol);
    if (length > 0 && is_letter(symbol[length - 1]) && is_letter(*next))
        fputc(' ', out);
}

/* The bytes of the UTF-8 character at p (1 for a stray byte). */
static size_t char_length(const char *p)
{
    size_t n = 1;
    if ((unsigned char)*p >= 0xC0)
        while ((p[n] & 0xC0) == 0x80)
            n++;
    return n;
}

static const char HAT[] = "\xCC\x82";   /* a combining circumflex: m̂ */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_name_char(char c) { return is_letter(c) || is_digit(c) || c == '_'; }

/* True for a Greek letter that can be (part of) a name: β1, θ, ŷ. */
static bool greek_at(const char *p, size_t *length)
{
    static const char *const GREEK[] = {"θ", "β", "ρ", "ε", "η", "δ", "σ", "ŷ"};
    for (size_t i = 0; i < sizeof GREEK / sizeof GREEK[0]; i++)
        if (strncmp(p, GREEK[i], strlen(GREEK[i])) == 0) {
            *length = strlen(GREEK[i]);
            return true;
        }
    return false;
}

/* Writes one ASCII character escaped for math mode. */
static void put_math_char(FILE *out, char c)
{
    switch (c) {
    case '&': case '%': case '$': case '#': case '{': case '}': case '_': fprintf(out, "\\%c", c); break;
    case '~': fputs("\\sim{}", out); break;
    case '\\': fputs("\\backslash{}", out); break;
    case '^': fputs("\\hat{}", out); break;
    case '*': fputs("\\ast{}", out); break;
    case '"': fputs("''", out); break;
    default: fputc((unsigned char)c < 0x20 ? ' ' : c, out); break;
    }
}

/* Writes text escaped for \mathit{...} or \mathrm{...}. */
static void put_escaped_word(FILE *out, const char *p, const char *end)
{
    for (; p < end; p++)
        if ((unsigned char)*p >= 0x80) {   /* no narration writes one here; LaTeX must still compile */
            fputc('?', out);
            p += char_length(p) - 1;
        } else {
            put_math_char(out, *p);
        }
}

/* ---- names ------------------------------------------------------------- */

/* The end of the closing bracket matching the one at p, or p when none. */
static const char *group_end(const char *p, const char *end, char open, char close)
{
    int depth = 0;
    for (const char *q = p; q < end; q++) {
        if (*q == open)
            depth++;
        else if (*q == close && --depth == 0)
            return q + 1;
    }
    return p;
}

/* The end of the name that starts at p (W1[2,1], m̂_W1[1,1]_new, xₖ, β1,
 * c_1), or p when no name starts there. */
static const char *name_end(const char *p, const char *end)
{
    const char *q = p;
    size_t length;
    if (q < end && greek_at(q, &length))
        q += length;
    else if (q < end && (is_letter(*q) || *q == '_'))
        q++;
    else
        return p;
    for (;;) {
        if (q < end && is_name_char(*q))
            q++;
        else if (q + 1 < end && strncmp(q, HAT, 2) == 0)
            q += 2;
        else if (q < end && *q == '[' && group_end(q, end, '[', ']') > q)
            q = group_end(q, end, '[', ']');
        else if (q + 2 < end && (strncmp(q, "ₖ", 3) == 0 || strncmp(q, "ⱼ", 3) == 0))
            q += 3;
        else
            return q;
    }
}

static void math_span(const Tex *t, const char *p, const char *end);

/* A name with neither optimizer state nor _new: a letter (or Greek letter,
 * or a letter with a hat), digits, an index in brackets, subscripts. */
static void put_plain_name(const Tex *t, const char *p, const char *end)
{
    const char *index = memchr(p, '[', (size_t)(end - p));
    const char *base_end = index ? index : end;
    const char *subscript = NULL;   /* ₖ or ⱼ after the base */
    for (const char *q = p; q + 2 < base_end; q++)
        if (strncmp(q, "ₖ", 3) == 0 || strncmp(q, "ⱼ", 3) == 0) {
            subscript = q;
            base_end = q;
            break;
        }
    const char *digits = base_end;
    while (digits > p && is_digit(digits[-1]))
        digits--;
    size_t greek = 0;
    bool hatted = digits - p == 3 && strncmp(p + 1, HAT, 2) == 0;
    bool symbol = greek_at(p, &greek) ? digits - p == (long)greek : (digits - p == 1 && is_letter(*p)) || hatted;
    bool word = true;   /* a name of letters alone: lr, cache */
    for (const char *q = p; q < digits; q++)
        word = word && is_letter(*q);
    if (!symbol && !(t->network && word)) {
        /* an expression's own name, written whole: \mathit{c\_1} */
        fputs("\\mathit{", t->out);
        put_escaped_word(t->out, p, base_end);
        fputs("}", t->out);
        digits = base_end;
    } else if (hatted) {
        fprintf(t->out, "\\hat{%c}", *p);
    } else if (greek) {
        size_t ignored;
        fputs(symbol_at(p, &ignored), t->out);
    } else if (symbol) {
        fputc(*p, t->out);
    } else {
        fputs("\\mathrm{", t->out);
        put_escaped_word(t->out, p, digits);
        fputs("}", t->out);
    }
    bool layer = index && digits < base_end;
    if (layer) {
        fprintf(t->out, "^{(%.*s)}", (int)(base_end - digits), digits);
    }
    if (index || digits < base_end || subscript) {
        fputs("_{", t->out);
        if (index) {
            math_span(t, index + 1, group_end(index, end, '[', ']') - 1);
        } else if (digits < base_end) {
            fprintf(t->out, "%.*s", (int)(base_end - digits), digits);
        }
        if (subscript)
            fputs(strncmp(subscript, "ₖ", 3) == 0 ? "k" : "j", t->out);
        fputs("}", t->out);
    }
}

/* True when a name is written with a subscript or superscript. */
static bool has_scripts(const char *p, const char *end)
{
    for (const char *q = p + char_length(p); q < end; q++)
        if (is_digit(*q) || *q == '[' || *q == '_' || (unsigned char)*q >= 0x80)
            return true;
    return false;
}

/* Writes a name; one with scripts in braces, so that a power after it never
 * meets its own superscript: {W^{(1)}_{2,1}}^{2}. */
static void put_name(const Tex *t, const char *p, const char *end)
{
    static const struct {
        const char *prefix, *symbol;
    } STATES[] = {
        {"m\xCC\x82_", "\\hat{m}"}, {"v\xCC\x82_", "\\hat{v}"}, {"m_", "m"}, {"v_", "v"},
        {"cache_", "\\mathrm{cache}"},
    };
    bool braced = has_scripts(p, end);
    if (braced)
        fputs("{", t->out);
    size_t length = (size_t)(end - p);
    if (t->network && length > 4 && strncmp(end - 4, "_new", 4) == 0) {
        put_name(t, p, end - 4);
        fputs("^{\\mathrm{new}}}", t->out);   /* braced: it has _new */
        return;
    }
    for (size_t i = 0; t->network && i < sizeof STATES / sizeof STATES[0]; i++) {
        size_t n = strlen(STATES[i].prefix);
        if (length > n && strncmp(p, STATES[i].prefix, n) == 0) {
            fprintf(t->out, "%s_{", STATES[i].symbol);
            put_name(t, p + n, end);
            fputs("}}", t->out);
            return;
        }
    }
    put_plain_name(t, p, end);
    if (braced)
        fputs("}", t->out);
}

/* A derivative dA/dB or ∂A/∂B at p (A may be (3x + 2) or " sin(z)"), or
 * false when there is none; *after gets where it ends. */
static bool put_derivative(const Tex *t, const char *p, const char *end, const char **after)
{
    size_t d_length = *p == 'd' ? 1 : strncmp(p, "∂", 3) == 0 ? 3 : 0;
    if (!d_length)
        return false;
    const char *top = p + d_length, *top_end;
    if (top < end && *top == '(') {
        top_end = group_end(top, end, '(', ')');
    } else if (top < end && *top == ' ') {   /* d sin(z)/dz */
        const char *call = name_end(top + 1, end);
        top_end = call > top + 1 && call < end && *call == '(' ? group_end(call, end, '(', ')') : top;
    } else {
        top_end = name_end(top, end);
    }
    if (top_end == top || top_end + d_length >= end || *top_end != '/' || strncmp(top_end + 1, p, d_length) != 0)
        return false;
    const char *bottom = top_end + 1 + d_length, *bottom_end = name_end(bottom, end);
    if (bottom_end == bottom && strncmp(bottom, "…", 3) == 0)
        bottom_end = bottom + 3;
    if (bottom_end == bottom)
        return false;
    const char *d = d_length == 1 ? "\\mathrm{d}" : "\\partial ";
    fprintf(t->out, "\\frac{%s", d);
    math_span(t, top, top_end);
    fprintf(t->out, "}{%s", d);
    if (strncmp(bottom, "…", 3) == 0)
        fputs("\\ldots", t->out);
    else
        put_name(t, bottom, bottom_end);
    fputs("}", t->out);
    *after = bottom_end;
    return true;
}

/* ---- formulas ---------------------------------------------------------- */

/* The end of a number at p: 0.0313, 2, 1e-8, 1e−07. */
static const char *number_end(const char *p, const char *end)
{
    const char *q = p;
    while (q < end && (is_digit(*q) || *q == '.'))
        q++;
    if (q + 1 < end && (*q == 'e' || *q == 'E')) {
        const char *e = q + 1;
        if (e < end && (*e == '-' || *e == '+'))
            e++;
        else if (strncmp(e, "−", 3) == 0)
            e += 3;
        if (e < end && is_digit(*e)) {
            while (e < end && is_digit(*e))
                e++;
            return e;
        }
    }
    return q;
}

static void put_number(FILE *out, const char *p, const char *end)
{
    const char *e = p;
    while (e < end && *e != 'e' && *e != 'E')
        e++;
    if (e == end) {
        fprintf(out, "%.*s", (int)(end - p), p);
        return;
    }
    fprintf(out, "\\mathrm{%.*se", (int)(e - p), p);   /* 1e-8 as narration writes it, upright */
    const char *q = e + 1;
    if (*q == '-' || *q == '+')
        fprintf(out, "{%c}", *q++);
    else if (strncmp(q, "−", 3) == 0) {
        fputs("{-}", out);
        q += 3;
    }
    fprintf(out, "%.*s}", (int)(end - q), q);
}

/* The operand of ^ or √ at p: a group in parentheses (written without
 * them, the braces hold it), a number or a name.  Returns its end. */
static const char *put_argument(const Tex *t, const char *p, const char *end)
{
    if (p < end && *p == '(') {
        const char *close = group_end(p, end, '(', ')');
        if (close > p) {
            math_span(t, p + 1, close - 1);
            return close;
        }
    }
    const char *q = number_end(p, end);
    if (q > p) {
        put_number(t->out, p, q);
        return q;
    }
    q = name_end(p, end);
    if (q > p) {
        put_name(t, p, q);
        return q;
    }
    if (p < end) {
        size_t length;
        const char *symbol = symbol_at(p, &length);
        if (symbol) {
            put_symbol(t->out, symbol, p + length);
            return p + length;
        }
        put_math_char(t->out, *p);
        return p + 1;
    }
    return p;
}

/* Functions as LaTeX has them; any other is an \operatorname. */
static const char *const LATEX_FUNCTIONS[] = {"sin", "cos", "tan", "exp", "log", "ln", "tanh", "max", "min"};

static void put_function(const Tex *t, const char *p, const char *end)
{
    for (size_t i = 0; i < sizeof LATEX_FUNCTIONS / sizeof LATEX_FUNCTIONS[0]; i++)
        if ((size_t)(end - p) == strlen(LATEX_FUNCTIONS[i]) && strncmp(p, LATEX_FUNCTIONS[i], (size_t)(end - p)) == 0) {
            fprintf(t->out, "\\%s", LATEX_FUNCTIONS[i]);
            return;
        }
    fputs("\\operatorname{", t->out);
    put_escaped_word(t->out, p, end);
    fputs("}", t->out);
}

static void math_span(const Tex *t, const char *p, const char *end)
{
    while (p < end) {
        bool word_start = true;   /* not inside a word: a d here may start dA/dB */
        const char *after;
        if (*p == ' ') {
            fputc(' ', t->out);
            while (p < end && *p == ' ')
                p++;
            continue;
        }
        if (word_start && put_derivative(t, p, end, &after)) {
            p = after;
            continue;
        }
        if (is_digit(*p)) {
            const char *q = number_end(p, end);
            put_number(t->out, p, q);
            p = q;
            continue;
        }
        const char *q = name_end(p, end);
        if (q > p && q < end && *q == '(' && strncmp(p, "σ", strlen("σ")) != 0) {   /* a function: tanh(z) */
            if (q - p == 4 && strncmp(p, "sqrt", 4) == 0) {
                fputs("\\sqrt{", t->out);
                p = put_argument(t, q, end);
                fputs("}", t->out);
                continue;
            }
            put_function(t, p, q);
            p = q;
            continue;
        }
        if (q > p && ((q - p == 2 && strncmp(p, "if", 2) == 0) || (q - p == 4 && strncmp(p, "else", 4) == 0))) {
            fprintf(t->out, "\\text{ %.*s }", (int)(q - p), p);   /* relu's slope: (1 if z > 0, else 0) */
            p = q;
            continue;
        }
        if (q > p) {
            put_name(t, p, q);
            p = q;
            /* a letter right after a name would run into it (no narration writes one) */
            continue;
        }
        if (*p == '^') {
            fputs("^{", t->out);
            p = put_argument(t, p + 1, end);
            fputs("}", t->out);
            continue;
        }
        if (strncmp(p, "√", strlen("√")) == 0) {
            fputs("\\sqrt{", t->out);
            p = put_argument(t, p + strlen("√"), end);
            fputs("}", t->out);
            continue;
        }
        size_t length;
        const char *symbol = symbol_at(p, &length);
        if (symbol) {
            put_symbol(t->out, symbol, p + length);
            p += length;
            continue;
        }
        if ((unsigned char)*p >= 0x80) {   /* a character with no mapping */
            fputc('?', t->out);
            p += char_length(p);
            continue;
        }
        put_math_char(t->out, *p++);
    }
}

void latex_math(FILE *out, const char *text, bool network)
{
    Tex t = {out, network};
    math_span(&t, text, text + strlen(text));
}

/* ---- prose ------------------------------------------------------------- */

/* Opens inline math in prose when it is not open yet: two symbols in a
 * row share one $...$ (a $$ would start display math). */
static void open_math(FILE *out, bool *in_math)
{
    if (!*in_math)
        fputc('$', out);
    *in_math = true;
}

static void close_math(FILE *out, bool *in_math)
{
    if (*in_math)
        fputc('$', out);
    *in_math = false;
}

void latex_text(FILE *out, const char *text)
{
    static const struct {
        const char *utf8, *text;
    } PROSE[] = {
        {"—", "---"}, {"–", "--"}, {"’", "'"}, {"‘", "`"}, {"“", "``"}, {"”", "''"}, {"…", "\\ldots{}"},
    };
    bool in_math = false;
    for (const char *p = text; *p;) {
        if (is_letter(*p) && strncmp(p + 1, HAT, 2) == 0) {   /* m̂ */
            open_math(out, &in_math);
            fprintf(out, "\\hat{%c}", *p);
            p += 3;
            continue;
        }
        if ((unsigned char)*p < 0x80) {
            if (*p == '<' || *p == '>' || *p == '|') {
                open_math(out, &in_math);
                fputc(*p++, out);
                continue;
            }
            close_math(out, &in_math);
            switch (*p) {
            case '&': case '%': case '$': case '#': case '_': case '{': case '}': fprintf(out, "\\%c", *p); break;
            case '~': fputs("\\textasciitilde{}", out); break;
            case '^': fputs("\\textasciicircum{}", out); break;
            case '\\': fputs("\\textbackslash{}", out); break;
            case '"': fputs("''", out); break;
            default: fputc((unsigned char)*p < 0x20 ? ' ' : *p, out); break;
            }
            p++;
            continue;
        }
        bool done = false;
        for (size_t i = 0; i < sizeof PROSE / sizeof PROSE[0] && !done; i++)
            if (strncmp(p, PROSE[i].utf8, strlen(PROSE[i].utf8)) == 0) {
                close_math(out, &in_math);
                fputs(PROSE[i].text, out);
                p += strlen(PROSE[i].utf8);
                done = true;
            }
        if (done)
            continue;
        size_t length;
        const char *symbol = symbol_at(p, &length);
        if (symbol) {
            open_math(out, &in_math);
            put_symbol(out, symbol, p + length);
            p += length;
        } else {
            close_math(out, &in_math);
            fputc('?', out);
            p += char_length(p);
        }
    }
    close_math(out, &in_math);
}
