/* retval.c — returned values, printed as gdb prints them (see retval.h). */
#include "retval.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PRINT_ELEMENTS 200 /* gdb's `set print elements` */
#define REPEAT_THRESHOLD 10 /* gdb's `set print repeats`: longer runs are <repeats N> */

#define STRING_READ 201 /* gdb's 200 elements and one more: does the string go on? */

const struct ret_member *ret_pair_first(const struct ret_type *t)
{
        if (t->cls != RET_STRUCT || t->n_members < 2 ||
            strcmp(t->members[t->n_members - 2].name, "first") != 0 ||
            strcmp(t->members[t->n_members - 1].name, "second") != 0)
                return NULL;
        return &t->members[t->n_members - 2];
}

void ret_type_free_members(struct ret_type *t)
{
        for (size_t i = 0; i < t->n_members; i++) {
                free(t->members[i].name);
                free(t->members[i].linkage);
                ret_type_free(t->members[i].type);
        }
        free(t->members);
        free(t->cast);
        t->members = NULL;
        t->n_members = 0;
        t->cast = NULL;
}

void ret_type_free(struct ret_type *t)
{
        if (!t)
                return;
        for (size_t i = 0; i < t->n_enums; i++)
                free(t->enums[i].name);
        free(t->enums);
        ret_type_free_members(t);
        free(t->scope);
        free(t->name);
        free(t);
}

/* A growing string; on ENOMEM it is dropped and stays NULL. */
struct text {
        char *s;
        size_t len, cap;
        bool failed;
        char fmt;               /* gdb's print/FMT: 'x', 'd', 'u', 'o', 't', 'c', or 0 */
        /* The value's bytes and their address in the process, when it is there (for an
         * array of no length, printed as its address) */
        const uint8_t *base;
        size_t base_len;
        uint64_t base_addr;
        /* C++ virtual bases printed so far in the class value being printed (from
         * vb_from on): each is printed once, as gdb's, by its name */
        const char *vb[16];
        size_t n_vb, vb_from;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
        va_list ap;
        int n;

        if (t->failed)
                return;
        for (;;) {
                va_start(ap, fmt);
                n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
                va_end(ap);
                if (n < 0) {
                        t->failed = true;
                        return;
                }
                if (t->s && t->len + (size_t)n < t->cap) {
                        t->len += (size_t)n;
                        return;
                }
                size_t want = (t->cap ? t->cap * 2 : 64) + (size_t)n;
                char *ns = realloc(t->s, want);
                if (!ns) {
                        t->failed = true;
                        return;
                }
                t->s = ns;
                t->cap = want;
        }
}

static char *text_take(struct text *t)
{
        if (t->failed) {
                free(t->s);
                return NULL;
        }
        return t->s ? t->s : strdup("");
}

/* One character inside quotes (q is the quote: ' or "), gdb's escapes. */
static void put_char(struct text *t, uint8_t c, char q)
{
        static const char named[] = { ['\a'] = 'a', ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n',
                                      ['\v'] = 'v', ['\f'] = 'f', ['\r'] = 'r' };

        if (c < sizeof(named) && named[c])
                put(t, "\\%c", named[c]);
        else if (c == '\\' || c == (uint8_t)q)
                put(t, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
                put(t, "\\%03o", c);
        else
                put(t, "%c", c);
}

static void put_utf8(struct text *t, uint32_t c)
{
        if (c < 0x800)
                put(t, "%c%c", 0xc0 | (c >> 6), 0x80 | (c & 0x3f));
        else if (c < 0x10000)
                put(t, "%c%c%c", 0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
        else
                put(t, "%c%c%c%c", 0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f),
                    0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
}

/* A character of size bytes (1, or a wide one's 2 or 4) at p. */
static uint32_t char_at(const uint8_t *p, unsigned size)
{
        uint32_t c = 0;

        memcpy(&c, p, size);
        return c;
}

/* A string's characters as gdb takes them apart on a UTF-8 host (its wchar_iterate over
 * iconv): 1-byte characters are UTF-8, 2-byte ones UTF-16 (a surrogate pair is one
 * character), 4-byte ones UTF-32. A byte (unit) that starts no valid sequence is a
 * character of its own, printed as its escape; a valid start of a sequence cut by the
 * end of the string is gdb's <incomplete sequence \342\202>. */
enum { CH_OK, CH_INVALID, CH_INCOMPLETE };

struct str_char {
        uint32_t cp;            /* CH_OK's code point */
        unsigned units;         /* how many characters of the string's size it takes */
        int kind;
};

static struct str_char next_char(const uint8_t *mem, size_t i, size_t n, unsigned size)
{
        uint32_t c = char_at(mem + i * size, size);
        struct str_char r = { c, 1, CH_OK };

        if (size == 4) {
                if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
                        r.kind = CH_INVALID;
        } else if (size == 2) {
                if (c >= 0xdc00 && c <= 0xdfff) {
                        r.kind = CH_INVALID;
                } else if (c >= 0xd800 && c <= 0xdbff) {
                        uint32_t lo = i + 1 < n ? char_at(mem + (i + 1) * size, size) : 0;

                        if (i + 1 == n)
                                r = (struct str_char){ 0, 1, CH_INCOMPLETE };
                        else if (lo >= 0xdc00 && lo <= 0xdfff)
                                r = (struct str_char){
                                        0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00), 2, CH_OK
                                };
                        else
                                r.kind = CH_INVALID;
                }
        } else if (c >= 0x80) {
                /* UTF-8: the continuation bytes' first one is narrower after E0, ED,
                 * F0 and F4 (no overlong forms, no surrogates, nothing past U+10FFFF) */
                unsigned more = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2
                                : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
                uint8_t lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
                uint8_t hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
                uint32_t cp = c & (0x3f >> more);

                r.kind = CH_INVALID;
                for (unsigned k = 1; more && k <= more; k++) {
                        uint8_t b;

                        if (i + k == n)
                                return (struct str_char){ 0, (unsigned)(n - i), CH_INCOMPLETE };
                        b = mem[i + k];
                        if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xbf))
                                return r;
                        cp = cp << 6 | (b & 0x3f);
                }
                if (more)
                        r = (struct str_char){ cp, more + 1, CH_OK };
        }
        return r;
}

/* Whether gdb (iswprint in glibc's C.UTF-8) shows code point c as itself: not the
 * controls (C0, DEL, C1), the line and paragraph separators, the noncharacters. */
static bool char_printable(uint32_t c)
{
        return c >= 0x20 && !(c >= 0x7f && c < 0xa0) && c != 0x2028 && c != 0x2029 &&
               !(c >= 0xfdd0 && c <= 0xfdef) && (c & 0xfffe) != 0xfffe;
}

/* One character of a string or a char value inside quotes q, as gdb's print_wchar: the
 * named escapes, a printable one as itself (in UTF-8), the others as each unit's
 * escape, octal up to 0777, else \x (after which a hex digit is escaped too: \x2028\143
 * is U+2028 then 'c'). *hex says the last one was a \x. */
static void put_str_char(struct text *t, const uint8_t *mem, struct str_char ch,
                         unsigned size, char q, bool *hex)
{
        static const char named[] = { ['\a'] = 'a', ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n',
                                      ['\v'] = 'v', ['\f'] = 'f', ['\r'] = 'r' };
        bool after_hex = *hex;
        uint32_t c = ch.cp;

        *hex = false;
        if (ch.kind == CH_OK && c < sizeof(named) && named[c]) {
                put(t, "\\%c", named[c]);
        } else if (ch.kind == CH_OK && char_printable(c) &&
                   !(after_hex && c < 0x80 && isxdigit((int)c))) {
                if (c == '\\' || c == (uint8_t)q)
                        put(t, "\\%c", (char)c);
                else if (c < 0x80)
                        put(t, "%c", (char)c);
                else
                        put_utf8(t, c);
        } else {
                for (unsigned k = 0; k < ch.units; k++) {
                        uint32_t u = char_at(mem + k * size, size);

                        if (u <= 0777) {
                                put(t, "\\%03o", u);
                        } else {
                                put(t, "\\x%" PRIx32, u);
                                *hex = true;
                        }
                }
        }
}

/* Single wide character c inside quotes q (a value's: 120 L'x'), as in a string. */
static void put_wide_char(struct text *t, uint64_t c, unsigned size, char q)
{
        uint8_t mem[4] = { 0 };
        struct str_char ch;
        bool hex = false;

        memcpy(mem, &c, size);
        ch = next_char(mem, 0, 1, size);
        if (ch.kind == CH_INCOMPLETE) /* a lone high surrogate */
                ch.kind = CH_INVALID;
        put_str_char(t, mem, ch, size, q, &hex);
}

static bool same_char(const uint8_t *mem, size_t i, struct str_char a, size_t j,
                      struct str_char b, unsigned size)
{
        return a.kind == b.kind && a.units == b.units &&
               memcmp(mem + i * size, mem + j * size, a.units * size) == 0;
}

/* n characters of size bytes each at mem, as gdb prints a string: runs of more than ten
 * equal characters as 'a' <repeats 15 times>, the rest in double quotes, ", " between;
 * at most 200 elements (a run counts as ten); more: the string goes on past them
 * ("..."). A wide string's (size 2 or 4) quotes take its prefix: L"wide", u"", U'x'.
 * Characters as next_char takes them apart: "café" in UTF-8, "\351t" for a byte that
 * is not. gdb drops the character before an incomplete sequence at the end ("a\001\351"
 * prints as "a", <incomplete sequence \351>: its iconv loop converts the two together
 * and keeps neither); dbgd shows it. */
static void put_chars(struct text *t, char prefix, const uint8_t *mem, size_t n, unsigned size,
                      bool more)
{
        const char pre[2] = { prefix, 0 };
        size_t i = 0, elements = 0;
        bool quoted = false, first = true, hex = false;

        while (i < n && elements < PRINT_ELEMENTS) {
                struct str_char c = next_char(mem, i, n, size), d;
                size_t run = 1, j = i + c.units;
                bool repeats;

                if (c.kind == CH_INCOMPLETE) {
                        put(t, "%s%s<incomplete sequence ", quoted ? "\"" : "",
                            first ? "" : ", ");
                        for (size_t k = 0; k < c.units; k++) {
                                uint32_t u = char_at(mem + (i + k) * size, size);

                                put(t, u <= 0777 ? "\\%03" PRIo32 : "\\x%" PRIx32, u);
                        }
                        put(t, ">");
                        quoted = first = false;
                        i = n;
                        break;
                }
                while (j < n && (d = next_char(mem, j, n, size),
                                 same_char(mem, i, c, j, d, size))) {
                        run++;
                        j += d.units;
                }
                repeats = run > REPEAT_THRESHOLD;
                if (quoted && repeats)
                        put(t, "\"");
                if (repeats || !quoted) {
                        put(t, "%s%s%c", first ? "" : ", ", pre, repeats ? '\'' : '"');
                        hex = false;
                }
                put_str_char(t, mem + i * size, c, size, repeats ? '\'' : '"', &hex);
                if (repeats) {
                        put(t, "' <repeats %zu times>", run);
                        hex = false;
                }
                quoted = !repeats;
                i = repeats ? j : i + c.units;
                elements += repeats ? REPEAT_THRESHOLD : 1;
                first = false;
        }
        if (quoted)
                put(t, "\"");
        if (first)
                put(t, "%s\"\"", pre);
        if (i < n || more)
                put(t, "...");
}

/* An array of n characters of size bytes, as gdb prints it (print null-stop off):
 * every one, but a last NUL. */
static void put_char_array(struct text *t, char prefix, const uint8_t *mem, size_t n,
                           unsigned size)
{
        if (n > 0 && char_at(mem + (n - 1) * size, size) == 0)
                n--;
        put_chars(t, prefix, mem, n, size, false);
}

/* The enumerator named for v; for a flag enum without one, the flags it is made of,
 * as gdb: (A | B), (A | unknown: 0x8). Otherwise the number. */
static void put_enum(struct text *t, const struct ret_type *e, uint64_t raw)
{
        int64_t v = (int64_t)raw; /* sign-extended already when the enum is signed */
        uint64_t left;
        bool any = false;

        const char *q = e->scope ? e->scope : "";

        for (size_t i = 0; i < e->n_enums; i++) {
                if (e->enums[i].value == v) {
                        put(t, "%s%s", q, e->enums[i].name);
                        return;
                }
        }
        if (!e->flag_enum || v == 0) {
                if (e->is_signed)
                        put(t, "%" PRId64, v);
                else
                        put(t, "%" PRIu64, raw);
                return;
        }
        left = raw;
        put(t, "(");
        for (size_t i = 0; i < e->n_enums; i++) {
                uint64_t f = (uint64_t)e->enums[i].value;

                if (f && (left & f) == f) {
                        put(t, "%s%s%s", any ? " | " : "", q, e->enums[i].name);
                        left &= ~f;
                        any = true;
                }
        }
        if (left)
                put(t, "%sunknown: 0x%" PRIx64, any ? " | " : "", left);
        put(t, ")");
}

/* gdb's %g with the precision that tells every value apart: 9 digits for a float, 17
 * for a double; a nan with its mantissa, as gdb prints it. */
static void put_float(struct text *t, const uint8_t *x, unsigned size)
{
        if (size == 4) {
                uint32_t b;
                float f;

                memcpy(&f, x, 4);
                memcpy(&b, x, 4);
                if (isnan(f))
                        put(t, "%snan(0x%" PRIx32 ")", b >> 31 ? "-" : "", b & 0x7fffff);
                else
                        put(t, "%.9g", (double)f);
        } else {
                uint64_t b;
                double d;

                memcpy(&d, x, 8);
                memcpy(&b, x, 8);
                if (isnan(d))
                        put(t, "%snan(0x%" PRIx64 ")", b >> 63 ? "-" : "",
                            b & UINT64_C(0xfffffffffffff));
                else
                        put(t, "%.17g", d);
        }
}

static uint64_t sized(const uint8_t *b, unsigned size, bool is_signed)
{
        uint64_t v = 0;

        memcpy(&v, b, size < 8 ? size : 8);
        if (size >= 8)
                return v;
        uint64_t mask = (UINT64_C(1) << (size * 8)) - 1;
        if (is_signed && v >> (size * 8 - 1))
                v |= ~mask;
        return v;
}

/* A bit-field's value, extracted from the struct's bytes b into held (8 bytes, sign-
 * extended when its type is signed), as its type's bytes. */
static const uint8_t *bits(const uint8_t *b, const struct ret_member *m, uint8_t held[8])
{
        unsigned first = m->bit_offset / 8, shift = m->bit_offset % 8;
        unsigned nbytes = (shift + m->bit_size + 7) / 8;
        uint64_t v = 0, mask = m->bit_size >= 64 ? UINT64_MAX : (UINT64_C(1) << m->bit_size) - 1;
        unsigned __int128 w = 0;
        bool sgn = m->type->cls == RET_SIGNED || m->type->cls == RET_CHAR_SIGNED ||
                   (m->type->cls == RET_ENUM && m->type->is_signed);

        for (unsigned i = 0; i < nbytes && i < 16; i++)
                w |= (unsigned __int128)b[first + i] << (8 * i);
        v = (uint64_t)(w >> shift) & mask;
        if (sgn && m->bit_size < 64 && (v >> (m->bit_size - 1)) & 1)
                v |= ~mask;
        memcpy(held, &v, 8);
        return held;
}

/* Can every part of t be printed? */
static bool printable(const struct ret_type *t, int depth)
{
        if (t->cls == RET_OTHER || depth > 8)
                return false;
        for (size_t i = 0; i < t->n_members; i++)
                if (!printable(t->members[i].type, depth + 1))
                        return false;
        return true;
}

/* Has t a long double (which sends a struct to memory), or only floats in bytes
 * [lo, hi) (an SSE eightbyte)? Walks the scalars of t placed at base. */
static void classify(const struct ret_type *t, uint64_t base, uint64_t lo, uint64_t hi,
                     bool *any, bool *integer, bool *x87)
{
        if (t->cls == RET_STRUCT) {
                for (size_t i = 0; i < t->n_members; i++) {
                        const struct ret_member *m = &t->members[i];

                        if (m->is_static || m->is_virtual) /* not at a fixed place */
                                continue;
                        if (m->bit_size) { /* integer bits: the bytes they are in */
                                uint64_t b0 = base + m->bit_offset / 8;
                                uint64_t b1 = base + (m->bit_offset + m->bit_size + 7) / 8;

                                if (b1 > lo && b0 < hi)
                                        *any = *integer = true;
                                continue;
                        }
                        classify(m->type, base + m->offset, lo, hi, any, integer, x87);
                }
                return;
        }
        if (t->cls == RET_ARRAY) {
                const struct ret_type *e = t->members[0].type;

                for (uint64_t i = 0; e->size && i < t->size / e->size; i++)
                        classify(e, base + i * e->size, lo, hi, any, integer, x87);
                return;
        }
        if (t->cls == RET_COMPLEX) { /* two of its part */
                const struct ret_type *part = t->members[0].type;

                classify(part, base, lo, hi, any, integer, x87);
                classify(part, base + t->size / 2, lo, hi, any, integer, x87);
                return;
        }
        if (t->cls == RET_LONG_DOUBLE)
                *x87 = true;
        if (base + t->size <= lo || base >= hi)
                return;
        *any = true;
        if (t->cls != RET_FLOAT)
                *integer = true;
}

/* The bytes of the returned value, as the SysV AMD64 ABI returns them. */
static bool value_bytes(const struct ret_type *t, const struct ret_regs *r,
                        const struct ret_process *proc, uint8_t *out)
{
        const uint8_t *ints[2] = { (const uint8_t *)&r->rax, (const uint8_t *)&r->rdx };
        const uint8_t *sse[2] = { r->xmm0, r->xmm1 };
        size_t ni = 0, ns = 0;
        bool any = false, integer = false, x87 = false;

        switch (t->cls) {
        case RET_FLOAT:
                memcpy(out, r->xmm0, t->size);
                return true;
        case RET_LONG_DOUBLE:
                memcpy(out, r->st0, sizeof(r->st0));
                return true;
        case RET_SIGNED: /* __int128: rax, then rdx */
        case RET_UNSIGNED:
                if (t->size <= 8)
                        break;
                memcpy(out, &r->rax, 8);
                memcpy(out + 8, &r->rdx, t->size - 8 < 8 ? t->size - 8 : 8);
                return true;
        case RET_COMPLEX: /* a float one's two floats in xmm0; a double one's in xmm0
                           * and xmm1; a long double one's in st(0) and st(1) */
                if (t->members[0].type->cls == RET_LONG_DOUBLE) {
                        memcpy(out, r->st0, sizeof(r->st0));
                        memcpy(out + t->size / 2, r->st1, sizeof(r->st1));
                        return true;
                }
                if (t->size == 8) {
                        memcpy(out, r->xmm0, 8);
                } else {
                        memcpy(out, r->xmm0, 8);
                        memcpy(out + 8, r->xmm1, 8);
                }
                return true;
        case RET_STRUCT:
        case RET_STD_STRING: /* classes of more than 16 bytes: in memory */
        case RET_STD_VECTOR:
        case RET_STD_TREE:
        case RET_STD_POINTER:
        case RET_STD_NODES:
        case RET_STD_TUPLE:
        case RET_STD_VARIANT:
                break;
        default:
                memcpy(out, &r->rax, t->size < 8 ? t->size : 8);
                return true;
        }
        if (t->cls == RET_SIGNED || t->cls == RET_UNSIGNED) {
                memcpy(out, &r->rax, t->size < 8 ? t->size : 8);
                return true;
        }
        if (t->size > RET_STRUCT_MAX)
                return false;
        classify(t, 0, 0, 0, &any, &integer, &x87);
        if (x87 && t->size == 16 && !t->by_reference) {
                /* a struct that is a long double (its two eightbytes X87 and X87UP):
                 * in st(0), as the long double itself */
                memcpy(out, r->st0, sizeof(r->st0));
                return true;
        }
        if (t->size > 16 || x87 || t->by_reference) /* in memory; rax has its address */
                return proc && proc->read(proc->ctx, r->rax, out, t->size) == (ssize_t)t->size;
        for (uint64_t lo = 0; lo < t->size; lo += 8) {
                size_t n = t->size - lo < 8 ? t->size - lo : 8;

                any = integer = false;
                classify(t, 0, lo, lo + 8, &any, &integer, &x87);
                if (integer)
                        memcpy(out + lo, ints[ni++], n);
                else if (any)
                        memcpy(out + lo, sse[ns++], n);
        }
        return true;
}

bool ret_value_bytes(const struct ret_type *t, const struct ret_regs *r,
                     const struct ret_process *proc, uint8_t *out)
{
        return value_bytes(t, r, proc, out);
}

int ret_arg_classes(const struct ret_type *t, char cls[2])
{
        bool any = false, integer = false, x87 = false;

        if (t->size == 0 || t->size > 16 || t->by_reference)
                return 0;
        classify(t, 0, 0, 0, &any, &integer, &x87);
        if (x87)
                return 0;
        for (uint64_t lo = 0; lo < t->size; lo += 8) {
                any = integer = false;
                classify(t, 0, lo, lo + 8, &any, &integer, &x87);
                cls[lo / 8] = integer ? 'i' : 's';
        }
        return (int)((t->size + 7) / 8);
}

/* The string a pointer to characters of size bytes points to, after the pointer: up

 * to its NUL, read at once (201 characters: does it go on past gdb's 200?). */
static void put_pointee_string(struct text *t, uint64_t addr, char prefix, unsigned size,
                               const struct ret_process *proc)
{
        uint8_t mem[STRING_READ * 4];
        ssize_t got = proc ? proc->read(proc->ctx, addr, mem, STRING_READ * size) : -1;
        size_t avail = got > 0 ? (size_t)got / size : 0, n = 0;

        if (avail == 0) {
                put(t, " <error: Cannot access memory at address 0x%" PRIx64 ">", addr);
                return;
        }
        while (n < avail && char_at(mem + n * size, size))
                n++;
        put(t, " ");
        /* gdb's 200 characters read are 200 bytes of UTF-8, however many characters
         * they make */
        put_chars(t, prefix, mem, n < PRINT_ELEMENTS ? n : PRINT_ELEMENTS, size,
                  n > PRINT_ELEMENTS || n == avail);
}

/* How a value is printed: as a member (no pointer type in front), as `print` prints a
 * variable (its declared type, typedef and all), as `finish` prints a return (the
 * type with its typedefs resolved, as gdb's finish); as a field of a struct, a class or
 * a union, which is a member whose reference gdb does not follow ({r = @0x4010, v = 3},
 * where a reference variable is @0x4010: 7). */
enum { AS_MEMBER, AS_PRINT, AS_FINISH, AS_FIELD };

static bool any_na(const uint8_t *na, size_t n);

/* Whether a byte of a scalar, or of the fields a container's printer reads (not its
 * padding), is marked not available in na: a value put together from pieces (-O2). */
static bool std_na(const struct ret_type *ty, const uint8_t *na)
{
        /* [from, to) byte ranges read, by class */
        static const struct { int cls; char kind; unsigned r[3][2]; } fields[] = {
                { RET_STD_STRING, 0, { { 0, 16 } } },
                { RET_STD_VECTOR, 0, { { 0, 24 } } },
                { RET_STD_TREE, 0, { { 24, 32 }, { 40, 48 } } },
                { RET_STD_NODES, 'l', { { 0, 8 }, { 16, 24 } } },
                { RET_STD_NODES, 'f', { { 0, 8 } } },
                { RET_STD_NODES, 'h', { { 16, 32 } } },
                { RET_STD_NODES, 'd', { { 16, 80 } } },
                { RET_STD_NODES, 'b', { { 0, 12 }, { 16, 28 }, { 32, 40 } } },
        };

        if (ty->cls == RET_STD_NODES && ty->char_prefix == 'o') /* the flag first */
                return any_na(na + ty->members[0].type->size, 1);
        if (ty->cls == RET_STD_POINTER)
                return any_na(na, ty->char_prefix == 's' ? 16 : 8);
        for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
                if (fields[i].cls != (int)ty->cls ||
                    (fields[i].kind && fields[i].kind != ty->char_prefix))
                        continue;
                for (size_t k = 0; k < 3 && fields[i].r[k][1]; k++)
                        if (any_na(na + fields[i].r[k][0], fields[i].r[k][1] - fields[i].r[k][0]))
                                return true;
                return false;
        }
        return any_na(na, ty->size);
}

/* The value of t in bytes b, printed as top says. */
static void put_value(struct text *t, const struct ret_type *ty, const uint8_t *b,
                      const uint8_t *na, int top, const struct ret_process *proc);
static void put_static(struct text *t, const struct ret_member *m,
                       const struct ret_process *proc);
static bool put_element(struct text *t, const struct ret_type *e, uint64_t addr, size_t i,
                        int style, const struct ret_process *proc);
static bool read_u64(const struct ret_process *proc, uint64_t addr, uint64_t *ret);
static void put_std_nodes(struct text *t, const struct ret_type *ty, const uint8_t *b,
                          const uint8_t *na, const struct ret_process *proc);

#define STD_STRING_MAX 4096 /* bytes of a std::string read: more than 200 elements' */

/* libstdc++'s std::string (its pointer, then its length), as gdb's pretty printer
 * shows it: "hello", 'x' <repeats 40 times>. */
static void put_std_string(struct text *t, const struct ret_type *ty, const uint8_t *b,
                           const struct ret_process *proc)
{
        /* a wide one's (std::wstring, u16string, u32string): its characters' type */
        const struct ret_type *c = ty->n_members ? ty->members[0].type : NULL;
        unsigned size = c && c->cls == RET_WIDE_CHAR ? c->size : 1;
        /* a std::string_view's ('v') length comes first */
        bool view = ty->char_prefix == 'v';
        uint64_t p = sized(b + (view ? 8 : 0), 8, false), n = sized(b + (view ? 0 : 8), 8, false);
        size_t want = n < STD_STRING_MAX ? n : STD_STRING_MAX;
        uint8_t *mem = calloc(1, want * size + 1);

        if (mem && want &&
            (!proc || proc->read(proc->ctx, p, mem, want * size) != (ssize_t)(want * size)))
                put(t, "<error: Cannot access memory at address 0x%" PRIx64 ">", p);
        else if (mem)
                put_chars(t, size > 1 ? c->char_prefix : 0, mem, want, size, n > want);
        free(mem);
}

/* libstdc++'s std::vector (start, finish, end of storage), as gdb's pretty printer
 * shows it: std::vector of length 2, capacity 4 = {1, 2}; its first 200 elements,
 * each in full (the printer's children are not folded into <repeats>). */
static void put_std_vector(struct text *t, const struct ret_type *ty, const uint8_t *b,
                           const struct ret_process *proc)
{
        const struct ret_type *e = ty->members[0].type;
        uint64_t start = sized(b, 8, false), fin = sized(b + 8, 8, false);
        uint64_t end = sized(b + 16, 8, false), len, cap;
        size_t shown;
        uint8_t *mem;

        if (e->size == 0 || fin < start || end < fin) {
                put(t, "<error: a std::vector that is not well-formed>");
                return;
        }
        len = (fin - start) / e->size;
        cap = (end - start) / e->size;
        put(t, "std::vector of length %" PRIu64 ", capacity %" PRIu64, len, cap);
        if (len == 0)
                return;
        shown = len < PRINT_ELEMENTS ? (size_t)len : PRINT_ELEMENTS;
        mem = e->size <= RET_STRUCT_MAX ? calloc(shown, e->size + 16) : NULL;
        if (!mem || !proc ||
            proc->read(proc->ctx, start, mem, shown * e->size) != (ssize_t)(shown * e->size)) {
                put(t, " = <error: Cannot access memory at address 0x%" PRIx64 ">", start);
                free(mem);
                return;
        }
        put(t, " = {");
        for (size_t i = 0; i < shown; i++) {
                put(t, "%s", i ? ", " : "");
                put_value(t, e, mem + i * e->size, NULL, AS_MEMBER, proc);
        }
        put(t, "%s}", len > shown ? "..." : "");
        free(mem);
}

/* libstdc++'s red-black tree (std::map, std::set): its header node at 8 (color,
 * parent, leftmost, rightmost), its size at 40; each node's value 32 bytes in. As gdb's
 * pretty printers show them, in order: {["ann"] = 31} for a map, {[0] = 2} for a set;
 * 200 elements at most. */
static void put_std_tree(struct text *t, const struct ret_type *ty, const uint8_t *b,
                         const struct ret_process *proc)
{
        const struct ret_type *e = ty->members[0].type;
        uint64_t node = sized(b + 24, 8, false), count = sized(b + 40, 8, false);
        uint64_t next, up, link;
        size_t shown = count < PRINT_ELEMENTS ? (size_t)count : PRINT_ELEMENTS;

        put(t, "%s with %" PRIu64 " element%s", ty->cast ? ty->cast : "std::map", count,
            count == 1 ? "" : "s");
        if (count == 0)
                return;
        put(t, " = {");
        for (size_t i = 0; i < shown; i++) {
                if (!put_element(t, e, node + 32, i, ret_pair_first(e) ? 'k' : 'i', proc) ||
                    i + 1 == shown)
                        break;
                /* the next in order: the leftmost of the right subtree, else up to the
                 * first parent reached from its left (a node: color, parent, left,
                 * right) */
                if (read_u64(proc, node + 24, &next) && next) {
                        for (int guard = 0; guard < 128 && read_u64(proc, next + 16, &link) &&
                                            link;
                             guard++)
                                next = link;
                } else if (read_u64(proc, node + 8, &next)) {
                        up = node;
                        for (int guard = 0; guard < 128 && read_u64(proc, next + 24, &link) &&
                                            link == up;
                             guard++) {
                                up = next;
                                if (!read_u64(proc, next + 8, &next))
                                        break;
                        }
                } else {
                        break;
                }
                node = next;
        }
        put(t, "%s}", count > shown ? "..." : "");
}

/* std::unique_ptr (its pointer) and std::shared_ptr (its pointer, then its control
 * block: a vtable pointer, the use count, the weak count), as gdb's printers show them.
 */
static void put_std_pointer(struct text *t, const struct ret_type *ty, const uint8_t *b,
                            const struct ret_process *proc)
{
        uint64_t ptr = sized(b, 8, false), block;
        int32_t counts[2];

        put(t, "%s", ty->cast ? ty->cast : "std::unique_ptr");
        if (ty->char_prefix == 's') {
                block = sized(b + 8, 8, false);
                if (!block)
                        put(t, " (empty)");
                else if (!proc || proc->read(proc->ctx, block + 8, counts, 8) != 8)
                        put(t, " (<error: Cannot access memory at address 0x%" PRIx64 ">)",
                            block + 8);
                else if (counts[0] == 0)
                        put(t, " (expired, weak count %d)", counts[1]);
                else
                        put(t, " (use count %d, weak count %d)", counts[0], counts[1] - 1);
        }
        put(t, " = {get() = 0x%" PRIx64 "}", ptr);
}

/* The size bytes at b (little-endian, at most 32) as one number, as gdb 13's print/FMT
 * shows a value wider than 8 bytes (an __int128, a long double's 80 bits, a complex's
 * bytes): x hex, d signed, u unsigned, o octal, t binary. */
static void put_wide_as(struct text *t, const uint8_t *b, unsigned size)
{
        uint8_t n[32] = { 0 };
        char digits[260];
        size_t nd = 0, top;
        bool neg = false;

        if (size > sizeof(n))
                size = sizeof(n);
        memcpy(n, b, size);
        if (t->fmt == 'd' && size && (n[size - 1] & 0x80)) { /* its magnitude */
                unsigned carry = 1;

                neg = true;
                for (unsigned i = 0; i < size; i++) {
                        unsigned v = (uint8_t)~n[i] + carry;

                        n[i] = (uint8_t)v;
                        carry = v >> 8;
                }
        }
        for (top = size; top > 0 && n[top - 1] == 0; top--)
                ;
        switch (t->fmt) {
        case 'x':
                if (top == 0) {
                        put(t, "0x0");
                        break;
                }
                put(t, "0x%x", n[top - 1]);
                for (size_t i = top - 1; i-- > 0;)
                        put(t, "%02x", n[i]);
                break;
        case 'o':
        case 't': {
                unsigned w = t->fmt == 'o' ? 3 : 1;

                for (unsigned bit = 0; bit < 8 * top; bit += w) {
                        unsigned v = 0;

                        for (unsigned k = 0; k < w; k++)
                                if (bit + k < 8 * size && (n[(bit + k) / 8] >> ((bit + k) % 8)) & 1)
                                        v |= 1u << k;
                        digits[nd++] = (char)('0' + v);
                }
                while (nd > 1 && digits[nd - 1] == '0')
                        nd--;
                if (nd == 0)
                        digits[nd++] = '0';
                else if (t->fmt == 'o')
                        digits[nd++] = '0';
                while (nd > 0)
                        put(t, "%c", digits[--nd]);
                break;
        }
        default: /* d, u: by repeated division by ten */
                do {
                        unsigned rem = 0;

                        for (size_t i = top; i-- > 0;) {
                                unsigned cur = rem * 256 + n[i];

                                n[i] = (uint8_t)(cur / 10);
                                rem = cur % 10;
                        }
                        digits[nd++] = (char)('0' + rem);
                        while (top > 0 && n[top - 1] == 0)
                                top--;
                } while (top > 0 && nd < sizeof(digits));
                if (neg)
                        put(t, "-");
                while (nd > 0)
                        put(t, "%c", digits[--nd]);
                break;
        }
}

/* v, a value of size bytes, as gdb's print/FMT shows a scalar: x hex, d signed, u
 * unsigned, o octal, t binary, c a character (an unsigned char's for a value of an
 * unsigned type: 255 '\377', as gdb's). */
static void put_scalar_as(struct text *t, uint64_t v, unsigned size, bool is_unsigned)
{
        uint64_t u = size >= 8 ? v : v & ((UINT64_C(1) << (8 * size)) - 1);
        int64_t d = size >= 8 || !((u >> (8 * size - 1)) & 1) ? (int64_t)u
                                                               : (int64_t)(u | ~((UINT64_C(1) << (8 * size)) - 1));
        char bin[65];
        int n = 0;

        switch (t->fmt) {
        case 'x':
                put(t, "0x%" PRIx64, u);
                break;
        case 'd':
                put(t, "%" PRId64, d);
                break;
        case 'u':
                put(t, "%" PRIu64, u);
                break;
        case 'o':
                put(t, u ? "0%" PRIo64 : "%" PRIo64, u);
                break;
        case 't':
                do {
                        bin[n++] = (char)('0' + (u & 1));
                        u >>= 1;
                } while (u);
                while (n > 0)
                        put(t, "%c", bin[--n]);
                break;
        case 'c':
                if (is_unsigned)
                        put(t, "%" PRIu64 " '", (uint64_t)(uint8_t)u);
                else
                        put(t, "%" PRId64 " '", (int64_t)(int8_t)u);
                put_char(t, (uint8_t)u, '\'');
                put(t, "'");
                break;
        }
}

/* A scalar of type ty in b as print/FMT shows it (a float by its bits, as gdb 13's
 * /x does; a pointer by its address alone): true, or false for a type printed as
 * without a format (structs and arrays, whose members take it). */
static bool put_formatted(struct text *t, const struct ret_type *ty, const uint8_t *b)
{
        switch (ty->cls) {
        case RET_SIGNED:
        case RET_UNSIGNED:
                if (ty->size > 8) { /* __int128: gdb has no /c for it */
                        if (t->fmt == 'c')
                                put(t, "<That operation is not available on integers of more "
                                       "than 8 bytes.>");
                        else
                                put_wide_as(t, b, ty->size);
                        return true;
                }
                put_scalar_as(t, sized(b, ty->size, false), ty->size, ty->cls == RET_UNSIGNED);
                return true;
        case RET_BOOL:
        case RET_CHAR_SIGNED:
        case RET_CHAR_UNSIGNED:
        case RET_WIDE_CHAR:
        case RET_ENUM:
        case RET_POINTER:
        case RET_STRING:
                put_scalar_as(t, sized(b, ty->size, false), ty->size,
                              ty->cls == RET_CHAR_SIGNED ? false
                              : ty->cls == RET_WIDE_CHAR || ty->cls == RET_ENUM
                                      ? !ty->is_signed
                                      : true);
                return true;
        case RET_FLOAT: /* its bits, as gdb 13 shows them; /c: the character of its
                         * value */
        case RET_LONG_DOUBLE:
                if (t->fmt == 'c') {
                        long double x = 0;

                        if (ty->size == 4) {
                                float f;

                                memcpy(&f, b, 4);
                                x = f;
                        } else if (ty->size == 8) {
                                double d;

                                memcpy(&d, b, 8);
                                x = d;
                        } else {
                                memcpy(&x, b, 10);
                        }
                        if (isnan(x) || x >= 9.2e18L || x <= -9.2e18L)
                                return false;
                        put_scalar_as(t, (uint64_t)(int64_t)x, 1, false);
                        return true;
                }
                if (ty->cls == RET_LONG_DOUBLE) /* its 16 bytes, as gdb 13: the 80 bits
                                                 * and the padding (whatever the stack
                                                 * had there) above them */
                        put_wide_as(t, b, ty->size);
                else
                        put_scalar_as(t, sized(b, ty->size, false), ty->size, false);
                return true;
        case RET_COMPLEX: /* gdb 13: its bytes as one number; no /c */
                if (t->fmt == 'c')
                        put(t, "<Value can't be converted to integer.>");
                else
                        put_wide_as(t, b, ty->size);
                return true;
        default:
                return false;
        }
}

/* One element of a container at addr, as its printer shows it: "[i] = v", "[k] = v"
 * (a map's pair), or "v". false when it cannot be read. */
static bool put_element(struct text *t, const struct ret_type *e, uint64_t addr, size_t i,
                        int style, const struct ret_process *proc)
{
        uint8_t *mem = e->size <= RET_STRUCT_MAX ? calloc(1, e->size + 16) : NULL;
        bool ok = mem && proc && proc->read(proc->ctx, addr, mem, e->size) == (ssize_t)e->size;

        if (!ok) {
                put(t, "%s<error: Cannot access memory at address 0x%" PRIx64 ">", i ? ", " : "",
                    addr);
        } else if (style == 'k') { /* a pair: [first] = second */
                const struct ret_member *first = ret_pair_first(e);

                put(t, "%s[", i ? ", " : "");
                put_value(t, first[0].type, mem + first[0].offset, NULL, AS_MEMBER, proc);
                put(t, "] = ");
                put_value(t, first[1].type, mem + first[1].offset, NULL, AS_MEMBER, proc);
        } else {
                put(t, style == 'i' ? "%s[%zu] = " : "%s", i ? ", " : "", i);
                put_value(t, e, mem, NULL, AS_MEMBER, proc);
        }
        free(mem);
        return ok;
}

static bool read_u64(const struct ret_process *proc, uint64_t addr, uint64_t *ret)
{
        return proc && proc->read(proc->ctx, addr, ret, 8) == 8;
}

/* libstdc++'s node-based containers and std::optional, as gdb's printers show them:
 *  - list (its header: next, prev, size; a node's value 16 bytes in):
 *    std::__cxx11::list = {[0] = 3, [1] = 1}, or empty std::__cxx11::list;
 *  - unordered_map and _set (the hashtable's first node at 16, its count at 24; a
 *    node's value 8 bytes in): std::unordered_map with 2 elements = {[2] = "two"};
 *  - deque (start and finish iterators: cur, first, last, node; buffers of 512 bytes):
 *    std::deque with 3 elements = {9, 8, 7};
 *  - optional (the value, then whether there is one):
 *    std::optional<int> = {[contained value] = 5}, or [no contained value].
 * 200 elements at most. */
static void put_std_nodes(struct text *t, const struct ret_type *ty, const uint8_t *b,
                          const uint8_t *na, const struct ret_process *proc)
{
        const struct ret_type *e = ty->members[0].type;
        bool pairs = ret_pair_first(e) != NULL;
        const char *name = ty->cast ? ty->cast : "std::list";
        uint64_t node, count = 0;
        size_t shown, i;

        switch (ty->char_prefix) {
        case 'b': { /* vector<bool>: words of 64 bits; start {p, offset}, finish, end */
                uint64_t sp = sized(b, 8, false), so = sized(b + 8, 4, false);
                uint64_t fp = sized(b + 16, 8, false), fo = sized(b + 24, 4, false);
                uint64_t end = sized(b + 32, 8, false), word = 0, at;

                if (fp < sp || end < sp || so > 63 || fo > 63) {
                        put(t, "<error: a std::vector<bool> that is not well-formed>");
                        return;
                }
                count = (fp - sp) * 8 + fo - so;
                put(t, "std::vector<bool> of length %" PRIu64 ", capacity %" PRIu64, count,
                    (end - sp) * 8);
                if (count == 0)
                        return;
                put(t, " = {");
                shown = count < PRINT_ELEMENTS ? (size_t)count : PRINT_ELEMENTS;
                for (i = 0; i < shown; i++) {
                        at = so + i;
                        if ((i == 0 || at % 64 == 0) &&
                            !read_u64(proc, sp + at / 64 * 8, &word)) {
                                put(t, "%s<error: Cannot access memory at address 0x%" PRIx64
                                       ">", i ? ", " : "", sp + at / 64 * 8);
                                break;
                        }
                        put(t, "%s%s", i ? ", " : "", (word >> (at % 64)) & 1 ? "true" : "false");
                }
                put(t, "%s}", count > shown ? "..." : "");
                return;
        }
        case 'o':
                if (!b[e->size]) {
                        put(t, "%s [no contained value]", name);
                        return;
                }
                if (e->cls == RET_STD_VECTOR || e->cls == RET_STD_TREE ||
                    e->cls == RET_STD_NODES || e->cls == RET_STD_TUPLE ||
                    e->cls == RET_STD_POINTER || e->cls == RET_STD_VARIANT) {
                        /* a value gdb shows through a printer with children: the
                         * printer's text and the value's children are the optional's,
                         * std::optional<std::vector<int>> containing std::vector of
                         * length 1, capacity 1 = {1} */
                        put(t, "%s containing ", name);
                        put_value(t, e, b, na, AS_MEMBER, proc);
                        return;
                }
                put(t, "%s = {[contained value] = ", name);
                put_value(t, e, b, na, AS_MEMBER, proc);
                put(t, "}");
                return;
        case 'l':
                node = sized(b, 8, false);
                count = sized(b + 16, 8, false);
                if (count == 0) {
                        put(t, "empty %s", name);
                        return;
                }
                put(t, "%s = {", name);
                shown = count < PRINT_ELEMENTS ? (size_t)count : PRINT_ELEMENTS;
                for (i = 0; i < shown; i++) {
                        if (!put_element(t, e, node + 16, i, 'i', proc) ||
                            !read_u64(proc, node, &node))
                                break;
                }
                put(t, "%s}", count > shown ? "..." : "");
                return;
        case 'f': /* forward_list: its head's next; a node's value 8 bytes in; no count */
                node = sized(b, 8, false);
                if (!node) {
                        put(t, "empty %s", name);
                        return;
                }
                put(t, "%s = {", name);
                for (i = 0; i < PRINT_ELEMENTS && node; i++) {
                        if (!put_element(t, e, node + 8, i, 'i', proc) ||
                            !read_u64(proc, node, &node))
                                break;
                }
                put(t, "%s}", node && i == PRINT_ELEMENTS ? "..." : "");
                return;
        case 'h':
                node = sized(b + 16, 8, false);
                count = sized(b + 24, 8, false);
                put(t, "%s with %" PRIu64 " element%s", name, count, count == 1 ? "" : "s");
                if (count == 0)
                        return;
                put(t, " = {");
                shown = count < PRINT_ELEMENTS ? (size_t)count : PRINT_ELEMENTS;
                for (i = 0; i < shown && node; i++) {
                        if (!put_element(t, e, node + 8, i, pairs ? 'k' : 'i', proc) ||
                            !read_u64(proc, node, &node))
                                break;
                }
                put(t, "%s}", count > shown ? "..." : "");
                return;
        case 'd': {
                uint64_t cur = sized(b + 16, 8, false), last = sized(b + 32, 8, false);
                uint64_t snode = sized(b + 40, 8, false), fcur = sized(b + 48, 8, false);
                uint64_t ffirst = sized(b + 56, 8, false), fnode = sized(b + 72, 8, false);
                uint64_t per = e->size && e->size < 512 ? 512 / e->size : 1;

                if (e->size == 0 || fnode < snode || last < cur || fcur < ffirst) {
                        put(t, "<error: a std::deque that is not well-formed>");
                        return;
                }
                count = fnode > snode ? (fnode - snode) / 8 - 1 : 0;
                count = count * per + (fcur - ffirst) / e->size +
                        (fnode > snode ? (last - cur) / e->size : 0) -
                        (fnode > snode ? 0 : (cur - ffirst) / e->size);
                put(t, "%s with %" PRIu64 " element%s", name, count, count == 1 ? "" : "s");
                if (count == 0)
                        return;
                put(t, " = {");
                shown = count < PRINT_ELEMENTS ? (size_t)count : PRINT_ELEMENTS;
                for (i = 0; i < shown; i++) {
                        if (!put_element(t, e, cur, i, 'v', proc))
                                break;
                        cur += e->size;
                        if (cur == last && i + 1 < shown) { /* the next buffer */
                                snode += 8;
                                if (!read_u64(proc, snode, &cur))
                                        break;
                                last = cur + per * e->size;
                        }
                }
                put(t, "%s}", count > shown ? "..." : "");
                return;
        }
        }
}

/* A C++ static member's value, as gdb prints it in its class's value: its constant, or
 * its variable read through the process; <optimized out> when neither is there. */
static void put_static(struct text *t, const struct ret_member *m,
                       const struct ret_process *proc)
{
        uint64_t addr;
        uint8_t *mem;

        if (m->has_konst) {
                put_value(t, m->type, m->konst, NULL, AS_FIELD, proc);
                return;
        }
        if (!proc || !proc->static_addr || !m->linkage ||
            !proc->static_addr(proc->ctx, m->linkage, &addr)) {
                put(t, "<optimized out>");
                return;
        }
        mem = m->type->size <= RET_STRUCT_MAX ? calloc(1, m->type->size + 16) : NULL;
        if (mem && proc->read(proc->ctx, addr, mem, m->type->size) == (ssize_t)m->type->size)
                put_value(t, m->type, mem, NULL, AS_FIELD, proc);
        else
                put(t, "<error: Cannot access memory at address 0x%" PRIx64 ">", addr);
        free(mem);
}

/* Whether any of bytes [0, n) is marked not available in na (NULL: all are). */
static bool any_na(const uint8_t *na, size_t n)
{
        for (size_t i = 0; na && i < n; i++)
                if (na[i])
                        return true;
        return false;
}

/* The value of type ty in b. na, if not NULL, marks the bytes of b that are not
 * available (pieces of a value optimized out): a scalar with any such byte, or an
 * aggregate with all of them, prints as gdb's <optimized out>. */
/* A C++ pointer to a member, as gdb prints one: &K::m1 (a data member, by its offset),
 * NULL, or a member function's (int (K::*)(const K * const)) 0x401638 <K::get()
 * const>, &virtual KV::vf() const for a virtual one (the Itanium ABI's pointer: odd,
 * 1 + the offset in the vtable; enums: the class's virtual methods by it), with ", this
 * adjustment N" when it has one. */
static void put_member_pointer(struct text *t, const struct ret_type *ty, const uint8_t *b,
                               const struct ret_process *proc)
{
        uint64_t v = sized(b, 8, false), adj;
        char sym[300];

        if (ty->size == 8) {
                if ((int64_t)v == -1) {
                        put(t, "NULL");
                        return;
                }
                for (size_t i = 0; i < ty->n_enums; i++) {
                        if ((uint64_t)ty->enums[i].value == v) {
                                put(t, "%s", ty->enums[i].name);
                                return;
                        }
                }
                put(t, "%" PRId64, (int64_t)v);
                return;
        }
        adj = sized(b + 8, 8, false);
        if (v & 1) {
                for (size_t i = 0; i < ty->n_enums; i++) {
                        if ((uint64_t)ty->enums[i].value == v) {
                                put(t, "%s", ty->enums[i].name);
                                v = 0;
                                break;
                        }
                }
                if (v)
                        put(t, "&virtual table offset %" PRIu64, v - 1);
        } else if (v == 0 && adj == 0) {
                put(t, "NULL");
                return;
        } else {
                put(t, "(%s) 0x%" PRIx64, ty->name, v);
                if (v && proc && proc->symbol(proc->ctx, v, sym, sizeof(sym)))
                        put(t, " <%s>", sym);
        }
        if (adj)
                put(t, ", this adjustment %" PRId64, (int64_t)adj);
}

/* Member m of a struct held in b (na: its bytes not available), printed after its
 * name. */
static void put_member(struct text *t, const struct ret_member *m, const uint8_t *b,
                       const uint8_t *na, uint8_t held[8], const struct ret_process *proc)
{
        if (m->is_static) {
                put_static(t, m, proc);
                return;
        }
        if (m->bit_size) {
                unsigned first = m->bit_offset / 8;

                if (any_na(na ? na + first : NULL, (m->bit_offset % 8 + m->bit_size + 7) / 8))
                        put(t, "<optimized out>");
                else
                        put_value(t, m->type, bits(b, m, held), NULL, AS_FIELD, proc);
                return;
        }
        put_value(t, m->type, b + m->offset, na ? na + m->offset : NULL, AS_FIELD, proc);
}

/* Was C++ virtual base name printed already in this class value? If not, it is now. */
static bool vbase_printed(struct text *t, const char *name)
{
        for (size_t i = t->vb_from; i < t->n_vb; i++)
                if (!strcmp(t->vb[i], name))
                        return true;
        if (t->n_vb < sizeof(t->vb) / sizeof(t->vb[0]))
                t->vb[t->n_vb++] = name;
        return false;
}

/* Virtual base m of the object held in b, as gdb prints it: found through the object's
 * vtable (the offset at m->vbase_slot bytes before where its vtable pointer, its first
 * 8 bytes, points), read where it is (in the value's bytes, or the process's). */
static void put_vbase(struct text *t, const struct ret_member *m, const uint8_t *b,
                      const struct ret_process *proc)
{
        const uint8_t *base = t->base;
        size_t base_len = t->base_len;
        uint64_t base_addr = t->base_addr, obj, vptr, off, at;
        uint8_t *mem;

        if (!base || b < base || b + 8 > base + base_len) {
                put(t, "<error: the object's address is not known>");
                return;
        }
        obj = base_addr + (uint64_t)(b - base);
        memcpy(&vptr, b, 8);
        if (!read_u64(proc, vptr - m->vbase_slot, &off)) {
                put(t, "<error: Cannot access memory at address 0x%" PRIx64 ">",
                    vptr - m->vbase_slot);
                return;
        }
        at = obj + off;
        if (at >= base_addr && at - base_addr <= base_len &&
            m->type->size <= base_len - (at - base_addr)) {
                put_value(t, m->type, base + (at - base_addr), NULL, AS_FIELD, proc);
                return;
        }
        mem = m->type->size <= RET_STRUCT_MAX ? calloc(1, m->type->size + 16) : NULL;
        if (!mem || proc->read(proc->ctx, at, mem, m->type->size) != (ssize_t)m->type->size) {
                put(t, "<error: Cannot access memory at address 0x%" PRIx64 ">", at);
                free(mem);
                return;
        }
        t->base = mem; /* its own virtual bases are found from there */
        t->base_len = m->type->size;
        t->base_addr = at;
        put_value(t, m->type, mem, NULL, AS_FIELD, proc);
        t->base = base;
        t->base_len = base_len;
        t->base_addr = base_addr;
        free(mem);
}

static void put_value(struct text *t, const struct ret_type *ty, const uint8_t *b,
                      const uint8_t *na, int top, const struct ret_process *proc)
{
        uint64_t v;
        char sym[300];

        if (na && (ty->cls == RET_STRUCT || ty->cls == RET_ARRAY || ty->cls == RET_STD_TUPLE
                           ? !memchr(na, 0, ty->size)
                           : std_na(ty, na))) {
                put(t, "<optimized out>");
                return;
        }
        if (t->fmt && put_formatted(t, ty, b))
                return;
        switch (ty->cls) {
        case RET_SIGNED:
                if (ty->size > 8) { /* __int128 */
                        char fmt = t->fmt;

                        t->fmt = 'd';
                        put_wide_as(t, b, ty->size);
                        t->fmt = fmt;
                        break;
                }
                put(t, "%" PRId64, (int64_t)sized(b, ty->size, true));
                break;
        case RET_UNSIGNED:
                if (ty->size > 8) {
                        char fmt = t->fmt;

                        t->fmt = 'u';
                        put_wide_as(t, b, ty->size);
                        t->fmt = fmt;
                        break;
                }
                put(t, "%" PRIu64, sized(b, ty->size, false));
                break;
        case RET_COMPLEX: { /* gdb's: 1.5 + 2.5i, 3 + -4i */
                const struct ret_type *part = ty->members[0].type;

                put_value(t, part, b, NULL, AS_MEMBER, proc);
                put(t, " + ");
                put_value(t, part, b + ty->size / 2, NULL, AS_MEMBER, proc);
                put(t, "i");
                break;
        }
        case RET_BOOL:
                v = sized(b, ty->size, false);
                if (v <= 1)
                        put(t, "%s", v ? "true" : "false");
                else
                        put(t, "%" PRIu64, v);
                break;
        case RET_CHAR_SIGNED:
        case RET_CHAR_UNSIGNED: {
                bool sgn = ty->cls == RET_CHAR_SIGNED;

                v = sized(b, 1, sgn);
                put(t, sgn ? "%" PRId64 " '" : "%" PRIu64 " '", v);
                put_char(t, b[0], '\'');
                put(t, "'");
                break;
        }
        case RET_WIDE_CHAR:
                v = sized(b, ty->size, ty->is_signed);
                put(t, ty->is_signed ? "%" PRId64 " %c'" : "%" PRIu64 " %c'", v,
                    ty->char_prefix);
                put_wide_char(t, v, ty->size, '\'');
                put(t, "'");
                break;
        case RET_ENUM:
                put_enum(t, ty, sized(b, ty->size, ty->is_signed));
                break;
        case RET_REFERENCE: {
                const struct ret_type *to = ty->members[0].type;
                size_t start = t->len; /* 0: the reference is the whole value */
                const uint8_t *base = t->base;
                size_t base_len = t->base_len;
                uint64_t base_addr = t->base_addr;
                uint8_t *mem;

                v = sized(b, 8, false);
                if (top == AS_FIELD) {
                        put(t, "@0x%" PRIx64, v);
                        break;
                }
                if (top != AS_MEMBER) /* gdb's print; info locals and members show no type */
                        put(t, "(%s) ", ty->name);
                put(t, "@0x%" PRIx64 ": ", v);
                mem = to->size <= RET_STRUCT_MAX ? calloc(1, to->size + 16) : NULL;
                if (mem && proc && proc->read(proc->ctx, v, mem, to->size) == (ssize_t)to->size) {
                        if (to->cls == RET_STD_STRING || to->cls == RET_STD_VECTOR ||
                            to->cls == RET_STD_TREE || to->cls == RET_STD_POINTER ||
                            to->cls == RET_STD_NODES || to->cls == RET_STD_TUPLE ||
                            to->cls == RET_STD_VARIANT) {
                                /* gdb shows a pretty-printed value alone */
                                t->len = start;
                                if (t->s)
                                        t->s[start] = 0;
                        }
                        t->base = mem; /* where it is, for its virtual bases */
                        t->base_len = to->size;
                        t->base_addr = v;
                        put_value(t, to, mem, NULL, AS_MEMBER, proc);
                        t->base = base;
                        t->base_len = base_len;
                        t->base_addr = base_addr;
                } else if (start == 0) { /* the whole value: as gdb says it */
                        t->len = start;
                        if (t->s)
                                t->s[start] = 0;
                        put(t, "<error reading variable: Cannot access memory at address 0x%"
                               PRIx64 ">", v);
                } else {
                        put(t, "<error: Cannot access memory at address 0x%" PRIx64 ">", v);
                }
                free(mem);
                break;
        }
        case RET_POINTER:
        case RET_STRING:
                v = sized(b, 8, false);
                if (top != AS_MEMBER && top != AS_FIELD && ty->cast)
                        put(t, "(%s) ", top == AS_PRINT ? ty->name : ty->cast);
                put(t, "0x%" PRIx64, v);
                if (v && proc && proc->symbol(proc->ctx, v, sym, sizeof(sym)))
                        put(t, " <%s>", sym);
                if (ty->cls == RET_STRING && v) /* a wide one's prefix gives its size */
                        put_pointee_string(t, v, ty->char_prefix,
                                           !ty->char_prefix ? 1 : ty->char_prefix == 'u' ? 2 : 4,
                                           proc);
                break;
        case RET_FLOAT:
                put_float(t, b, ty->size);
                break;
        case RET_LONG_DOUBLE: {
                long double ld = 0;

                memcpy(&ld, b, 10);
                if (isnan(ld)) {
                        uint64_t m;

                        memcpy(&m, b, 8);
                        put(t, "%snan(0x%" PRIx64 ")", b[9] >> 7 ? "-" : "",
                            m); /* gdb's: all 64 bits, the integer bit too */
                } else {
                        put(t, "%.21Lg", ld);
                }
                break;
        }
        case RET_STRUCT: {
                uint8_t held[8];
                bool first = true, fields = false;

                if (ty->n_members == 0) {
                        put(t, "{<No data fields>}");
                        break;
                }
                put(t, "{");
                for (size_t i = 0; i < ty->n_members; i++) {
                        const struct ret_member *m = &ty->members[i];
                        bool base = m->name[0] == '<';

                        if (m->is_virtual && vbase_printed(t, m->name))
                                continue;
                        fields |= !base;
                        put(t, "%s%s%s%s", first ? "" : ", ", m->is_static ? "static " : "",
                            m->name, m->name[0] ? " = " : ""); /* an anonymous union: no name */
                        first = false;
                        if (m->is_virtual) {
                                put_vbase(t, m, b, proc);
                                continue;
                        }
                        if (!base) { /* a member's virtual bases are its own */
                                size_t from = t->vb_from, n = t->n_vb;

                                t->vb_from = n;
                                put_member(t, m, b, na, held, proc);
                                t->n_vb = n;
                                t->vb_from = from;
                                continue;
                        }
                        put_member(t, m, b, na, held, proc);
                }
                if (!fields) /* bases only, as gdb says it */
                        put(t, ", <No data fields>");
                put(t, "}");
                break;
        }
        case RET_ARRAY: {
                const struct ret_type *e = ty->members[0].type;
                size_t n = e->size ? ty->size / e->size : 0, i = 0, elements = 0;

                if (ty->size == 0) { /* a flexible array member: its address, as gdb */
                        uintptr_t at = (uintptr_t)b, lo = (uintptr_t)t->base;

                        if (t->base && at >= lo && at <= lo + t->base_len)
                                put(t, "0x%" PRIx64, t->base_addr + (uint64_t)(at - lo));
                        else
                                put(t, "<address unknown>");
                        break;
                }

                if ((e->cls == RET_CHAR_SIGNED || e->cls == RET_CHAR_UNSIGNED ||
                     (e->cls == RET_WIDE_CHAR && (e->size == 2 || e->size == 4))) &&
                    !any_na(na, ty->size) && !t->fmt) { /* "bob", L"arr" */
                        put_char_array(t, e->cls == RET_WIDE_CHAR ? e->char_prefix : 0, b, n,
                                       e->size);
                        break;
                }
                /* gdb's: runs of more than ten equal elements as <repeats N times>,
                 * 200 elements at most */
                put(t, "{");
                while (i < n && elements < PRINT_ELEMENTS) {
                        size_t run = 1;

                        while (i + run < n &&
                               memcmp(b + (i + run) * e->size, b + i * e->size, e->size) == 0 &&
                               (!na || memcmp(na + (i + run) * e->size, na + i * e->size,
                                              e->size) == 0))
                                run++;
                        put(t, "%s", i ? ", " : "");
                        put_value(t, e, b + i * e->size, na ? na + i * e->size : NULL,
                                  AS_MEMBER, proc);
                        if (run > REPEAT_THRESHOLD) {
                                put(t, " <repeats %zu times>", run);
                                i += run;
                                elements += REPEAT_THRESHOLD;
                        } else {
                                i++;
                                elements++;
                        }
                }
                put(t, "%s}", i < n ? "..." : "");
                break;
        }
        case RET_STD_STRING:
                put_std_string(t, ty, b, proc);
                break;
        case RET_STD_VECTOR:
                put_std_vector(t, ty, b, proc);
                break;
        case RET_STD_TREE:
                put_std_tree(t, ty, b, proc);
                break;
        case RET_STD_POINTER:
                put_std_pointer(t, ty, b, proc);
                break;
        case RET_STD_NODES:
                put_std_nodes(t, ty, b, na, proc);
                break;
        case RET_STD_TUPLE:
                if (ty->n_members == 0) {
                        put(t, "empty std::tuple");
                        break;
                }
                put(t, "std::tuple containing = {");
                for (size_t i = 0; i < ty->n_members; i++) {
                        put(t, "%s[%zu] = ", i ? ", " : "", i + 1);
                        put_value(t, ty->members[i].type, b + ty->members[i].offset,
                                  na ? na + ty->members[i].offset : NULL, AS_FIELD, proc);
                }
                put(t, "}");
                break;
        case RET_STD_VARIANT: {
                /* the alternatives, then the index */
                size_t n = ty->n_members - 1;
                const struct ret_member *ix = &ty->members[n];
                uint64_t k = sized(b + ix->offset, ix->type->size, false);
                const struct ret_type *e;

                if (k >= n) { /* valueless by exception: variant_npos */
                        put(t, "%s [no contained value]", ty->cast);
                        break;
                }
                e = ty->members[k].type;
                if (e->cls == RET_STD_VECTOR || e->cls == RET_STD_TREE ||
                    e->cls == RET_STD_NODES || e->cls == RET_STD_TUPLE ||
                    e->cls == RET_STD_POINTER || e->cls == RET_STD_VARIANT) {
                        /* as an optional's: the printer's children are the value's */
                        put(t, "%s [index %" PRIu64 "] containing ", ty->cast, k);
                        put_value(t, e, b, na, AS_MEMBER, proc);
                        break;
                }
                put(t, "%s [index %" PRIu64 "] = {", ty->cast, k);
                put_value(t, e, b, na, AS_FIELD, proc);
                put(t, "}");
                break;
        }
        case RET_MEMBER_POINTER:
                put_member_pointer(t, ty, b, proc);
                break;
        case RET_INCOMPLETE:
                put(t, "<incomplete type>");
                break;
        case RET_OTHER:
                break;
        }
}

char *ret_format(const struct ret_type *t, const struct ret_regs *r,
                 const struct ret_process *proc)
{
        struct text out = { 0 };
        uint8_t *b;

        if (!printable(t, 0) || t->size > RET_STRUCT_MAX)
                return NULL;
        b = calloc(1, t->size > 16 ? t->size : 16);
        if (!b)
                return NULL;
        if (!value_bytes(t, r, proc, b)) {
                free(b);
                return NULL;
        }
        if (t->by_reference) { /* in memory at rax: for its virtual bases */
                out.base = b;
                out.base_len = t->size;
                out.base_addr = r->rax;
        }
        put_value(&out, t, b, NULL, AS_FINISH, proc);
        free(b);
        return text_take(&out);
}

char *ret_format_bytes(const struct ret_type *t, const uint8_t *bytes, bool top,
                       const struct ret_process *proc)
{
        return ret_format_partial(t, bytes, NULL, top, proc);
}

char *ret_format_partial(const struct ret_type *t, const uint8_t *bytes, const uint8_t *na,
                         bool top, const struct ret_process *proc)
{
        return ret_format_as(t, bytes, na, top, 0, proc);
}

char *ret_format_as(const struct ret_type *t, const uint8_t *bytes, const uint8_t *na,
                    bool top, char fmt, const struct ret_process *proc)
{
        return ret_format_at(t, bytes, na, top, fmt, NULL, proc);
}

char *ret_format_at(const struct ret_type *t, const uint8_t *bytes, const uint8_t *na,
                    bool top, char fmt, const uint64_t *addr, const struct ret_process *proc)
{
        struct text out = { .fmt = fmt };

        if (addr) {
                out.base = bytes;
                out.base_len = t->size;
                out.base_addr = *addr;
        }

        if (!printable(t, 0))
                return NULL;
        put_value(&out, t, bytes, na, top ? AS_PRINT : AS_MEMBER, proc);
        return text_take(&out);
}
