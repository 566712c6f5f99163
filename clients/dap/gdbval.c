/* gdbval.c — one level of gdb's value text: the parts of "{...}", each with its text.
 *
 * The grammar is gdb's print (valprint.c's, which dbgd follows): an aggregate is
 * "{part, part, ...}", optionally after a pretty printer's "std::vector of length 2 = ";
 * a part is "name = value" (a member; "<Base>" a base class, "[key]" a designated
 * element) or a value (an element, or an anonymous member); an element may end in
 * " <repeats N times>"; the last may end in "..." (print elements' limit, 200). Commas
 * and braces inside quotes ("a, b", '}'), parentheses ("(RED | unknown: 0x8)"), square
 * brackets and angle brackets ("<f(int, int)>", "<std::vector<int, std::allocator<int>
 * >>") are not separators.
 *
 * One case is ambiguous in gdb's own text: a char array prints as pieces joined by ", "
 * ("\"tag\", '\\000' <repeats 28 times>"), so a member's value can hold a top-level
 * comma (so does std::vector's printer: "of length 2, capacity 2"). A quoted piece next to a "'c' <repeats N times>" piece is therefore the same
 * value (gdb never writes two strings side by side in one value). An array of char
 * arrays stays ambiguous ("{\"ab\", '\\000' <repeats 9 times>, \"cd\"}"): its parts then
 * count fewer than its type says, and the bridge reads its elements one by one. */
#include "gdbval.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define DEPTH_MAX 256 /* deeper nesting is not gdb's (nor worth a stack) */

/* Index just past the quoted text that starts at s[i], -1 when it does not end. */
static long quote_end(const char *s, long i, long n)
{
        char q = s[i];

        for (long k = i + 1; k < n; k++) {
                if (s[k] == '\\')
                        k++;
                else if (s[k] == q)
                        return k + 1;
        }
        return -1;
}

static char closer_of(char c)
{
        switch (c) {
        case '{':
                return '}';
        case '(':
                return ')';
        case '[':
                return ']';
        case '<':
                return '>';
        default:
                return 0;
        }
}

/* Index just past the group that starts at s[i] (a quoted text, or a bracket with what
 * it holds and its match), -1 when unbalanced. A '>' that closes nothing is a character
 * (the "->" or ">" of a symbol), and a closing bracket ends the '<'s still open in it. */
static long group_end(const char *s, long i, long n)
{
        char stack[DEPTH_MAX];
        int depth = 0;

        for (long j = i; j < n; j++) {
                char c = s[j];

                if (c == '"' || c == '\'') {
                        long e = quote_end(s, j, n);

                        if (e < 0)
                                return -1;
                        if (!depth)
                                return e;
                        j = e - 1;
                } else if (closer_of(c)) {
                        if (depth == DEPTH_MAX)
                                return -1;
                        stack[depth++] = closer_of(c);
                } else if (c == '>' && depth && stack[depth - 1] == '>') {
                        if (--depth == 0)
                                return j + 1;
                } else if (c == '}' || c == ')' || c == ']') {
                        while (depth && stack[depth - 1] == '>' && c != '>')
                                depth--;
                        if (!depth || stack[depth - 1] != c)
                                return -1;
                        if (--depth == 0)
                                return j + 1;
                }
        }
        return -1;
}

/* The first index in [b, e) at the top level where s has sep (", " or " = "), e when
 * none, -1 when the text is unbalanced. */
static long top_find(const char *s, long b, long e, const char *sep)
{
        size_t seplen = strlen(sep);

        for (long j = b; j < e;) {
                char c = s[j];

                if ((size_t)(e - j) >= seplen && !memcmp(s + j, sep, seplen))
                        return j;
                if (c == '"' || c == '\'' || closer_of(c)) {
                        j = group_end(s, j, e);
                        if (j < 0)
                                return -1;
                } else if (c == '}' || c == ')' || c == ']') {
                        return -1;
                } else {
                        j++;
                }
        }
        return e;
}

/* Where the body of the aggregate in s[0, n) is (inside its braces): 0 with [*b, *e),
 * -1 when s is no aggregate. */
static int body_of(const char *s, long n, long *b, long *e)
{
        long k = 0;

        if (n >= 2 && s[0] == '{') {
                if (group_end(s, 0, n) != n)
                        return -1; /* a function's "{int (int)} 0x401136 <f>" */
                *b = 1;
                *e = n - 1;
                return 0;
        }
        /* a pretty printer's "std::vector of length 2, capacity 2 = {1, 2}" */
        while (k < n) {
                k = top_find(s, k, n, " = ");
                if (k < 0 || k >= n)
                        return -1;
                if (s[k + 3] == '{' && group_end(s, k + 3, n) == n) {
                        *b = k + 4;
                        *e = n - 1;
                        return 0;
                }
                k += 3;
        }
        return -1;
}

/* A member's name as gdb writes it before " = ": x, _vptr.Shape, get(), <Base>, [2]. */
static bool is_name(const char *s, long n)
{
        if (n < 1)
                return false;
        if ((s[0] == '<' && s[n - 1] == '>') || (s[0] == '[' && s[n - 1] == ']'))
                return true;
        if (!(s[0] == '_' || s[0] == '$' || (s[0] >= 'a' && s[0] <= 'z') ||
              (s[0] >= 'A' && s[0] <= 'Z')))
                return false;
        for (long i = 1; i < n; i++) {
                char c = s[i];

                if (!(c == '_' || c == '$' || c == '.' || c == ':' || c == '(' || c == ')' ||
                      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
                        return false;
        }
        return true;
}

/* "'c' <repeats N times>" (a run of one character inside a char array's text)? */
static bool char_run(const char *s, long n)
{
        long q;

        if (n < 1 || s[0] != '\'')
                return false;
        q = quote_end(s, 0, n);
        return q > 0 && n - q > 10 && !strncmp(s + q, " <repeats ", 10) && s[n - 1] == '>';
}

/* A quoted piece of a char array's text: "text", "text"... (cut short), or a run. */
static bool string_piece(const char *s, long n)
{
        if (char_run(s, n))
                return true;
        if (n < 2 || s[0] != '"')
                return false;
        return s[n - 1] == '"' || (n >= 5 && !strncmp(s + n - 4, "\"...", 4));
}

struct part {
        long b, e;      /* the part's text */
        long vb;        /* where its value starts (b when it has no name) */
};

/* Where the value of the part [b, e) starts: past "name = ", or b. */
static long value_start(const char *s, long b, long e)
{
        long k = top_find(s, b, e, " = ");

        return k > b && k < e && is_name(s + b, k - b) ? k + 3 : b;
}

json_t *gdbval_parse(const char *text)
{
        long n = (long)strlen(text), b, e, j, np = 0;
        struct part *parts = NULL;
        json_t *out = NULL, *items;
        bool named = false, more = false;

        if (body_of(text, n, &b, &e) < 0)
                return NULL;
        /* split the body at its top-level ", " */
        parts = calloc((size_t)(e - b) / 2 + 2, sizeof(*parts));
        if (!parts)
                return NULL;
        for (j = b; j < e;) {
                long k = top_find(text, j, e, ", ");

                if (k < 0)
                        goto out;
                parts[np].b = j;
                parts[np].e = k;
                parts[np].vb = value_start(text, j, k);
                /* std::vector's printer says "of length 2, capacity 2 = {...}" */
                if (np > 0 && parts[np].vb == j && k - j > 9 && !strncmp(text + j, "capacity ", 9)) {
                        parts[np - 1].e = k;
                        j = k < e ? k + 2 : e;
                        continue;
                }
                /* a char array's pieces are one value: join this one to the last */
                if (np > 0 && parts[np].vb == j) {
                        struct part *last = &parts[np - 1];
                        /* the last piece of the previous part */
                        long lb = last->vb, tail = top_find(text, lb, last->e, ", ");

                        while (tail >= 0 && tail < last->e) {
                                lb = tail + 2;
                                tail = top_find(text, lb, last->e, ", ");
                        }
                        if (string_piece(text + j, k - j) &&
                            string_piece(text + lb, last->e - lb) &&
                            (char_run(text + j, k - j) || char_run(text + lb, last->e - lb))) {
                                last->e = k;
                                j = k < e ? k + 2 : e;
                                continue;
                        }
                }
                np++;
                j = k < e ? k + 2 : e;
        }
        if (np > 0) { /* "199...": gdb printed its limit of elements */
                struct part *last = &parts[np - 1];

                if (last->e - last->vb >= 3 && !strncmp(text + last->e - 3, "...", 3) &&
                    (last->e - last->vb == 3 || text[last->e - 4] != '"')) {
                        last->e -= 3;
                        more = true;
                        if (last->e == last->b)
                                np--;
                }
        }
        items = json_array();
        out = json_pack("{s:b,s:b,s:o}", "array", 0, "more", more, "items", items);
        if (!out)
                goto out;
        for (j = 0; j < np; j++) {
                struct part *p = &parts[j];
                const char *v = text + p->vb;
                long vn = p->e - p->vb;
                json_t *item;

                if (vn == 16 && !strncmp(v, "<No data fields>", 16))
                        continue;
                item = json_object();
                if (p->vb > p->b) {
                        named = true;
                        json_object_set_new(item, "name",
                                            json_stringn(text + p->b, (size_t)(p->vb - 3 - p->b)));
                } else if (vn > 10 && v[0] != '\'' && v[vn - 1] == '>') {
                        /* "0 <repeats 18 times>": an element n times over */
                        const char *r = NULL;

                        for (long k = vn - 1; k > 0; k--) {
                                if (!strncmp(v + k, " <repeats ", 10)) {
                                        r = v + k;
                                        break;
                                }
                        }
                        if (r && group_end(text, p->vb + (r - v) + 1, p->e) == p->e) {
                                char *end;
                                long long times = strtoll(r + 10, &end, 10);

                                if (times > 0 && !strncmp(end, " times>", 7) && end + 7 == v + vn) {
                                        json_object_set_new(item, "repeats", json_integer(times));
                                        vn = r - v;
                                }
                        }
                }
                json_object_set_new(item, "value", json_stringn(v, (size_t)vn));
                json_array_append_new(items, item);
                /* (splits are at ASCII bytes: valid UTF-8 stays valid; else not gdb's) */
                if (!json_is_string(json_object_get(item, "value"))) {
                        json_decref(out);
                        out = NULL;
                        goto out;
                }
        }
        json_object_set_new(out, "array", json_boolean(!named));
out:
        free(parts);
        return out;
}

int gdbval_is_aggregate(const char *text)
{
        /* the whole parse: a text whose braces balance may still not split ("{<a, b}") */
        json_t *v = text ? gdbval_parse(text) : NULL;

        json_decref(v);
        return v != NULL;
}
