/* formula_parse: text to formula tree (see formula.h).
 *
 * A recursive-descent parser over a one-token lookahead:
 *
 *   sum     = product (('+' | '−') product)*
 *   product = signed (('*' | '/') signed | implicit power)*
 *   signed  = '−' signed | power
 *   power   = primary ('²' | '³' | '^' signed)?          (so 2^3^2 is 2^9)
 *   primary = number | name | function '(' sum (',' sum)? ')' | '(' sum ')'
 *
 * so −x^2 is −(x²), 2^−1 is a half, and 2x^2 is 2 × x².  A product is
 * implicit when a name or '(' follows a number, a name, a ')' or a
 * superscript: 3x, 2(x + 1), 3sin(x), (x + 1)(x − 1), w x.  Every error is
 * one line naming the column, counted in characters from 1. */
#include "formula.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "numfmt.h"
#include "quantity.h"

typedef enum {
    TOKEN_END,
    TOKEN_NUMBER,
    TOKEN_NAME,
    TOKEN_PLUS,
    TOKEN_MINUS,
    TOKEN_TIMES,
    TOKEN_DIVIDE,
    TOKEN_POWER,         /* ^ or ** */
    TOKEN_SUPERSCRIPT,   /* ² or ³ */
    TOKEN_OPEN,
    TOKEN_CLOSE,
    TOKEN_COMMA,
} TokenKind;

enum { TOKEN_TEXT_MAX = 64 };

typedef struct {
    TokenKind kind;
    size_t start, length;          /* bytes of the text */
    int column;                    /* characters from 1 */
    double number;                 /* TOKEN_NUMBER, TOKEN_SUPERSCRIPT */
    char text[TOKEN_TEXT_MAX];     /* as typed, cut if longer */
} Token;

typedef struct {
    const char *text;
    size_t position;               /* bytes read */
    Token token;                   /* the next token, not yet consumed */
    Token last;                    /* the last token consumed (TOKEN_END before the first) */
    int depth;
    Arena *arena;
    FormulaNames *names;
    Error *error;
} Parser;

/* ---- tokens ------------------------------------------------------------- */

static int column_of(const Parser *p, size_t position)
{
    int column = 1;
    for (size_t i = 0; i < position; i++)
        if (((unsigned char)p->text[i] & 0xC0) != 0x80)
            column++;
    return column;
}

/* Symbols other than letters and digits, longest first where one begins another. */
static const struct {
    const char *text;
    TokenKind kind;
    double number;
} SYMBOLS[] = {
    {"**", TOKEN_POWER, 0}, {"+", TOKEN_PLUS, 0}, {"-", TOKEN_MINUS, 0}, {"−", TOKEN_MINUS, 0},
    {"*", TOKEN_TIMES, 0}, {"×", TOKEN_TIMES, 0}, {"·", TOKEN_TIMES, 0}, {"⋅", TOKEN_TIMES, 0},
    {"/", TOKEN_DIVIDE, 0}, {"÷", TOKEN_DIVIDE, 0}, {"^", TOKEN_POWER, 0}, {"²", TOKEN_SUPERSCRIPT, 2},
    {"³", TOKEN_SUPERSCRIPT, 3}, {"(", TOKEN_OPEN, 0}, {")", TOKEN_CLOSE, 0}, {",", TOKEN_COMMA, 0},
};

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool starts_name(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static bool continues_name(char c) { return starts_name(c) || is_digit(c); }

/* Bytes in the number starting at s: digits, a point, digits, and an
 * exponent only when digits follow the e (so 2e is 2 × e). */
static size_t number_length(const char *s)
{
    size_t n = 0;
    while (is_digit(s[n]))
        n++;
    if (s[n] == '.')
        for (n++; is_digit(s[n]);)
            n++;
    if (s[n] == 'e' || s[n] == 'E') {
        size_t sign = s[n + 1] == '+' || s[n + 1] == '-';
        if (is_digit(s[n + 1 + sign]))
            for (n += 1 + sign; is_digit(s[n]);)
                n++;
    }
    return n;
}

/* Bytes in the UTF-8 character at s, or 0 when it is not well formed. */
static size_t character_length(const char *s)
{
    unsigned char lead = (unsigned char)s[0];
    size_t length = lead < 0x80 ? 1 : lead >= 0xF0 && lead < 0xF5 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
    for (size_t i = 1; i < length; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            return 0;
    return length;
}

/* A name typed with a symbol that is not a letter of ASCII: σ for sigmoid. */
static size_t symbol_name_length(const char *s)
{
    for (int i = 0; i < N_FORMULA_FUNCTIONS; i++)
        for (const char *const *alias = FORMULA_FUNCTIONS[i].aliases; *alias; alias++)
            if ((unsigned char)(*alias)[0] >= 0x80 && strncmp(s, *alias, strlen(*alias)) == 0)
                return strlen(*alias);
    return 0;
}

static bool read_token(Parser *p)
{
    const char *text = p->text;
    while (text[p->position] == ' ' || text[p->position] == '\t')
        p->position++;
    Token *t = &p->token;
    *t = (Token){.kind = TOKEN_END, .start = p->position, .column = column_of(p, p->position)};
    const char *s = text + p->position;
    size_t length = 0;
    if (!*s)
        return true;
    if (is_digit(s[0]) || (s[0] == '.' && is_digit(s[1]))) {
        t->kind = TOKEN_NUMBER;
        length = number_length(s);
    } else if (starts_name(s[0])) {
        t->kind = TOKEN_NAME;
        while (continues_name(s[length]))
            length++;
        if (length >= FORMULA_NAME_MAX)
            return error_set(p->error, "the name '%.*s…' at column %d is too long: a name has at most %d characters",
                             12, s, t->column, FORMULA_NAME_MAX - 1);
    } else if ((length = symbol_name_length(s)) > 0) {
        t->kind = TOKEN_NAME;
    } else {
        for (size_t i = 0; i < sizeof SYMBOLS / sizeof SYMBOLS[0] && !length; i++)
            if (strncmp(s, SYMBOLS[i].text, strlen(SYMBOLS[i].text)) == 0) {
                t->kind = SYMBOLS[i].kind;
                t->number = SYMBOLS[i].number;
                length = strlen(SYMBOLS[i].text);
            }
    }
    if (!length) {
        size_t character = character_length(s);
        if (character == 0)
            return error_set(p->error, "column %d holds a byte that is not UTF-8 text", t->column);
        if ((unsigned char)s[0] < 0x20 || s[0] == 0x7F)
            return error_set(p->error, "unexpected control character at column %d", t->column);
        return error_set(p->error, "unexpected '%.*s' at column %d", (int)character, s, t->column);
    }
    t->length = length;
    snprintf(t->text, sizeof t->text, "%.*s", (int)length, s);
    if (t->kind == TOKEN_NUMBER && (length >= TOKEN_TEXT_MAX || !num_parse(t->text, &t->number, NULL)))
        return error_set(p->error, "'%.20s' at column %d is not a number backstep can use", s, t->column);
    p->position += length;
    return true;
}

/* Consumes the current token and reads the next. */
static bool advance(Parser *p)
{
    p->last = p->token;
    return read_token(p);
}

/* ---- errors ------------------------------------------------------------- */

static bool is_operator(TokenKind kind)
{
    return kind == TOKEN_PLUS || kind == TOKEN_MINUS || kind == TOKEN_TIMES || kind == TOKEN_DIVIDE ||
           kind == TOKEN_POWER || kind == TOKEN_COMMA;
}

/* The current token cannot start an operand. */
static Formula *missing_operand(Parser *p)
{
    const Token *t = &p->token, *before = &p->last;
    bool needs_left = t->kind == TOKEN_TIMES || t->kind == TOKEN_DIVIDE || t->kind == TOKEN_POWER ||
                      t->kind == TOKEN_PLUS || t->kind == TOKEN_SUPERSCRIPT;
    if (needs_left && is_operator(before->kind))
        error_set(p->error, "'%s' at column %d follows '%s' at column %d with nothing between them", t->text,
                  t->column, before->text, before->column);
    else if (needs_left)
        error_set(p->error, "'%s' at column %d has nothing before it", t->text, t->column);
    else if (before->kind == TOKEN_OPEN && t->kind == TOKEN_CLOSE)
        error_set(p->error, "nothing between '(' at column %d and ')'", before->column);
    else if (before->kind == TOKEN_OPEN && t->kind == TOKEN_END)
        error_set(p->error, "a '(' at column %d is never closed", before->column);
    else if (is_operator(before->kind))
        error_set(p->error, "'%s' at column %d has nothing after it", before->text, before->column);
    else
        error_set(p->error, "unexpected '%s' at column %d", t->text, t->column);
    return NULL;
}

/* The current token cannot follow what came before it. */
static Formula *unexpected(Parser *p)
{
    const Token *t = &p->token;
    if (t->kind == TOKEN_CLOSE)
        error_set(p->error, "')' at column %d has no '('", t->column);
    else if (t->kind == TOKEN_COMMA)
        error_set(p->error, "',' at column %d is outside a function's parentheses", t->column);
    else if (t->kind == TOKEN_NUMBER)
        error_set(p->error, "unexpected number %s at column %d (to multiply, write *)", t->text, t->column);
    else if (t->kind == TOKEN_POWER && p->last.kind == TOKEN_SUPERSCRIPT)
        error_set(p->error, "'%s' at column %d follows a superscript power; write the power with parentheses",
                  t->text, t->column);
    else
        error_set(p->error, "unexpected '%s' at column %d", t->text, t->column);
    return NULL;
}

static Formula *built(Parser *p, Formula *f)
{
    if (!f)
        error_set(p->error, "not enough memory for this formula");
    return f;
}

/* True when a and b are the same letters in another order. */
static bool same_letters(const char *a, const char *b)
{
    if (strlen(a) != strlen(b))
        return false;
    int count[256] = {0};
    for (const unsigned char *p = (const unsigned char *)a; *p; p++)
        count[*p]++;
    for (const unsigned char *p = (const unsigned char *)b; *p; p++)
        if (--count[*p] < 0)
            return false;
    return true;
}

/* The nearest typable function name to `name` (as suggest.c judges near), or NULL. */
static const char *nearest_function(const char *name)
{
    int best = strlen(name) <= 3 ? 2 : 3;
    const char *nearest = NULL;
    for (int i = 0; i < N_FORMULA_FUNCTIONS; i++) {
        const FormulaFunction *function = &FORMULA_FUNCTIONS[i];
        if (function->derivative_only)
            continue;
        for (int k = -1; k < 0 || function->aliases[k]; k++) {
            const char *spelling = k < 0 ? function->name : function->aliases[k];
            int distance = edit_distance(name, spelling);
            if (distance == 2 && same_letters(name, spelling))   /* sni for sin: two letters swapped */
                distance = 1;
            if (distance < best) {
                best = distance;
                nearest = spelling;
            }
        }
    }
    return nearest;
}

/* ---- grammar ------------------------------------------------------------ */

static Formula *parse_sum(Parser *p);
static Formula *parse_signed(Parser *p);

/* The arguments of a function whose name has been consumed; the current token is '('. */
static Formula *parse_call(Parser *p, const FormulaFunction *function)
{
    Token open = p->token;
    if (!advance(p))
        return NULL;
    Formula *args[2] = {NULL, NULL};
    int n_args = 0;
    for (;;) {
        Formula *arg = parse_sum(p);
        if (!arg)
            return NULL;
        if (n_args < 2)
            args[n_args] = arg;
        n_args++;
        if (p->token.kind != TOKEN_COMMA)
            break;
        if (!advance(p))
            return NULL;
    }
    if (p->token.kind == TOKEN_END)
        return error_set(p->error, "a '(' at column %d is never closed", open.column), NULL;
    if (p->token.kind != TOKEN_CLOSE)
        return unexpected(p);
    if (n_args != function->n_args)
        return error_set(p->error, "%s takes %d argument%s, not %d", function->name, function->n_args,
                         function->n_args == 1 ? "" : "s", n_args), NULL;
    if (!advance(p))
        return NULL;
    return built(p, formula_call(p->arena, function, args[0], args[1]));
}

/* A name that is not a function: its index in p->names, or −1 with the error set. */
static int name_index(Parser *p, const char *name, int column)
{
    for (int i = 0; i < p->names->count; i++)
        if (strcmp(p->names->names[i], name) == 0)
            return i;
    if (p->names->count == FORMULA_MAX_NAMES)
        return error_set(p->error, "too many names: '%s' at column %d would be the %dth, and a formula takes %d", name,
                         column, FORMULA_MAX_NAMES + 1, FORMULA_MAX_NAMES), -1;
    snprintf(p->names->names[p->names->count], FORMULA_NAME_MAX, "%s", name);
    return p->names->count++;
}

static Formula *parse_name(Parser *p)
{
    Token name = p->token;
    const FormulaFunction *function = formula_function(name.text);
    if (!advance(p))
        return NULL;
    if (function) {
        if (p->token.kind != TOKEN_OPEN)
            return error_set(p->error, "%s at column %d is a function: write %s(…)", name.text, name.column,
                             name.text), NULL;
        return parse_call(p, function);
    }
    if (p->token.kind == TOKEN_OPEN) {
        const FormulaFunction *helper = formula_function_row(name.text);
        if (helper)
            return error_set(p->error, "%s at column %d is written in derivatives only; %s", name.text, name.column,
                             helper->help), NULL;
        const char *nearest = nearest_function(name.text);
        if (nearest)
            return error_set(p->error, "no function '%s' at column %d; did you mean %s?", name.text, name.column,
                             nearest), NULL;
        return error_set(p->error, "%s at column %d is not a function; for %s × (…) write %s*(…)", name.text,
                         name.column, name.text, name.text), NULL;
    }
    int index = name_index(p, name.text, name.column);
    return index < 0 ? NULL : built(p, formula_name(p->arena, index));
}

static Formula *parse_primary(Parser *p)
{
    Token t = p->token;
    if (t.kind == TOKEN_NUMBER) {
        if (fabs(t.number) > FORMULA_NUMBER_LIMIT)
            return error_set(p->error, "%s at column %d is too large: backstep takes numbers from −1e6 to 1e6", t.text,
                             t.column), NULL;
        return advance(p) ? built(p, formula_number(p->arena, t.number)) : NULL;
    }
    if (t.kind == TOKEN_NAME)
        return parse_name(p);
    if (t.kind != TOKEN_OPEN)
        return missing_operand(p);
    if (!advance(p))
        return NULL;
    Formula *inner = parse_sum(p);
    if (!inner)
        return NULL;
    if (p->token.kind == TOKEN_END)
        return error_set(p->error, "a '(' at column %d is never closed", t.column), NULL;
    if (p->token.kind != TOKEN_CLOSE)
        return unexpected(p);
    return advance(p) ? inner : NULL;
}

static Formula *parse_power(Parser *p)
{
    Formula *base = parse_primary(p);
    if (!base)
        return NULL;
    Token t = p->token;
    if (t.kind == TOKEN_SUPERSCRIPT) {
        if (!advance(p))
            return NULL;
        return built(p, formula_binary(p->arena, FORMULA_POWER, base, formula_number(p->arena, t.number)));
    }
    if (t.kind != TOKEN_POWER)
        return base;
    if (!advance(p))
        return NULL;
    Formula *exponent = parse_signed(p);
    return exponent ? built(p, formula_binary(p->arena, FORMULA_POWER, base, exponent)) : NULL;
}

/* Every nesting passes through here: parentheses, arguments, signs, exponents. */
static Formula *parse_signed(Parser *p)
{
    if (++p->depth > FORMULA_MAX_DEPTH)
        return error_set(p->error, "the formula nests deeper than %d levels (at column %d)", FORMULA_MAX_DEPTH,
                         p->token.column), NULL;
    Token t = p->token;
    Formula *f;
    if (t.kind == TOKEN_MINUS) {
        if (!advance(p))
            return NULL;
        Formula *operand = parse_signed(p);
        f = operand ? built(p, formula_negate(p->arena, operand)) : NULL;
    } else {
        f = parse_power(p);
    }
    p->depth--;
    return f;
}

/* An implicit product continues: a name or '(' right after a number, a
 * name, a ')' or a superscript.  (A '(' right after a name that is not a
 * function has already been refused by parse_name.) */
static bool implicit_product_follows(const Parser *p)
{
    TokenKind last = p->last.kind, next = p->token.kind;
    return (next == TOKEN_NAME || next == TOKEN_OPEN) &&
           (last == TOKEN_NUMBER || last == TOKEN_NAME || last == TOKEN_CLOSE || last == TOKEN_SUPERSCRIPT);
}

static Formula *parse_product(Parser *p)
{
    Formula *product = parse_signed(p);
    while (product) {
        TokenKind kind = p->token.kind;
        if (kind == TOKEN_TIMES || kind == TOKEN_DIVIDE) {
            if (!advance(p))
                return NULL;
            Formula *operand = parse_signed(p);
            if (!operand)
                return NULL;
            product = built(p, formula_binary(p->arena, kind == TOKEN_TIMES ? FORMULA_MULTIPLY : FORMULA_DIVIDE,
                                              product, operand));
        } else if (implicit_product_follows(p)) {
            Formula *operand = parse_power(p);
            if (!operand)
                return NULL;
            product = built(p, formula_implicit_product(p->arena, product, operand));
        } else {
            break;
        }
    }
    return product;
}

static Formula *parse_sum(Parser *p)
{
    Formula *sum = parse_product(p);
    while (sum && (p->token.kind == TOKEN_PLUS || p->token.kind == TOKEN_MINUS)) {
        FormulaKind kind = p->token.kind == TOKEN_PLUS ? FORMULA_ADD : FORMULA_SUBTRACT;
        if (!advance(p))
            return NULL;
        Formula *operand = parse_product(p);
        if (!operand)
            return NULL;
        sum = built(p, formula_binary(p->arena, kind, sum, operand));
    }
    return sum;
}

Formula *formula_parse(const char *text, Arena *arena, FormulaNames *names, Error *error)
{
    size_t length = strlen(text + strspn(text, " \t"));   /* blanks before it are not the formula's */
    if (length > FORMULA_TEXT_MAX)
        return error_set(error, "the formula is too long: at most %d characters", FORMULA_TEXT_MAX), NULL;
    FormulaNames found = {0};
    Parser p = {.text = text, .arena = arena, .names = &found, .error = error};
    if (!read_token(&p))
        return NULL;
    if (p.token.kind == TOKEN_END)
        return error_set(error, "the formula is empty"), NULL;
    Formula *f = parse_sum(&p);
    if (!f)
        return NULL;
    if (p.token.kind != TOKEN_END)
        return unexpected(&p);
    *names = found;
    return f;
}
