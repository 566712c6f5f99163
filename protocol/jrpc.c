/* jrpc.c — the JSON-RPC 2.0 codec: request bodies in, envelopes checked, responses out,
 * and the value conventions shared by every method (hex addresses).
 *
 * Pure: no I/O, no global state. The daemon's HTTP layer parses each body with
 * jrpc_parse, splits batches itself, checks each element with jrpc_request_check and
 * wraps handler results with jrpc_response_*; the C clients use the same functions to
 * read responses. Every message written to an errbuf is valid UTF-8 (it becomes a JSON
 * string, and jansson refuses invalid UTF-8).
 */
#include "jrpc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "errors.h"

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid or cut short. */
static size_t utf8_seq_len(const unsigned char *s)
{
        unsigned char c = s[0];
        size_t n;
        uint32_t cp;

        if (c < 0x80)
                return 1;
        if (c >= 0xc2 && c <= 0xdf) {
                n = 2;
                cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
                n = 3;
                cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
                n = 4;
                cp = c & 0x07;
        } else
                return 0;
        for (size_t i = 1; i < n; i++) {
                if ((s[i] & 0xc0) != 0x80)
                        return 0; /* also stops at the NUL */
                cp = (cp << 6) | (s[i] & 0x3f);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
                return 0; /* overlong, out of range or a surrogate */
        return n;
}

void jrpc_utf8_sanitize(char *s)
{
        unsigned char *p = (unsigned char *)s;
        size_t n;

        if (!p)
                return;
        while (*p) {
                n = utf8_seq_len(p);
                if (n == 0) {
                        *p++ = '?';
                        continue;
                }
                p += n;
        }
}

void jrpc_errbuf_printf(char *errbuf, size_t errlen, const char *fmt, ...)
{
        va_list ap;

        if (!errbuf || errlen == 0)
                return;
        va_start(ap, fmt);
        vsnprintf(errbuf, errlen, fmt, ap);
        va_end(ap);
        /* Truncation may have cut a multi-byte sequence in two. */
        jrpc_utf8_sanitize(errbuf);
}

const char *jrpc_json_type_name(const json_t *v)
{
        if (!v)
                return "nothing";
        switch (json_typeof(v)) {
        case JSON_OBJECT:
                return "object";
        case JSON_ARRAY:
                return "array";
        case JSON_STRING:
                return "string";
        case JSON_INTEGER:
                return "integer";
        case JSON_REAL:
                return "real";
        case JSON_TRUE:
        case JSON_FALSE:
                return "boolean";
        case JSON_NULL:
                return "null";
        }
        return "unknown";
}

json_t *jrpc_parse(const char *buf, size_t len, char *errbuf, size_t errlen)
{
        json_error_t err;
        json_t *v;

        /* JSON_DECODE_ANY: a body like `1` is valid JSON but an invalid request
         * (-32600, not -32700), which the caller decides. */
        v = json_loadb(buf ? buf : "", buf ? len : 0, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
                       &err);
        if (!v)
                jrpc_errbuf_printf(errbuf, errlen, "%s (line %d, column %d)", err.text,
                                   err.line, err.column);
        return v;
}

int jrpc_request_check(json_t *msg, struct jrpc_request *ret, char *errbuf, size_t errlen)
{
        struct jrpc_request req = { 0 };
        const char *key;
        json_t *v, *version, *method;

        /* Always written, so that a caller may read ret->id after any failure. */
        ret->id = NULL;
        ret->method = NULL;
        ret->params = NULL;
        if (!json_is_object(msg)) {
                jrpc_errbuf_printf(errbuf, errlen, "request: expected object, got %s",
                                   jrpc_json_type_name(msg));
                return -ERR_INVALID_REQUEST;
        }

        /* The id first, so that every later error can echo it. */
        ret->id = json_object_get(msg, "id");

        /* Unknown members are refused, as unknown params are: a typo such as "param"
         * would otherwise call the method without its params. */
        json_object_foreach(msg, key, v) {
                if (strcmp(key, "jsonrpc") != 0 && strcmp(key, "method") != 0 &&
                    strcmp(key, "params") != 0 && strcmp(key, "id") != 0) {
                        jrpc_errbuf_printf(errbuf, errlen, "request.%s: unknown member",
                                           key);
                        return -ERR_INVALID_REQUEST;
                }
        }

        version = json_object_get(msg, "jsonrpc");
        if (!version) {
                jrpc_errbuf_printf(errbuf, errlen, "jsonrpc: required (\"2.0\")");
                return -ERR_INVALID_REQUEST;
        }
        if (!json_is_string(version) || strcmp(json_string_value(version), "2.0") != 0 ||
            json_string_length(version) != 3) {
                jrpc_errbuf_printf(errbuf, errlen, "jsonrpc: must be \"2.0\"");
                return -ERR_INVALID_REQUEST;
        }

        method = json_object_get(msg, "method");
        if (!method) {
                jrpc_errbuf_printf(errbuf, errlen, "method: required");
                return -ERR_INVALID_REQUEST;
        }
        if (!json_is_string(method)) {
                jrpc_errbuf_printf(errbuf, errlen, "method: expected string, got %s",
                                   jrpc_json_type_name(method));
                return -ERR_INVALID_REQUEST;
        }

        req.params = json_object_get(msg, "params");
        if (req.params && !json_is_object(req.params) && !json_is_array(req.params)) {
                jrpc_errbuf_printf(errbuf, errlen,
                                   "params: expected object or array, got %s",
                                   jrpc_json_type_name(req.params));
                return -ERR_INVALID_REQUEST;
        }

        req.id = ret->id;
        req.method = json_string_value(method);
        *ret = req;
        return 0;
}

static json_t *response_new(void)
{
        json_t *o = json_object();

        if (!o)
                return NULL;
        if (json_object_set_new(o, "jsonrpc", json_string("2.0")) < 0) {
                json_decref(o);
                return NULL;
        }
        return o;
}

json_t *jrpc_response_result(json_t *id, json_t *result)
{
        json_t *o = response_new();

        if (!o || json_object_set_new(o, "result", result ? result : json_null()) < 0 ||
            json_object_set_new(o, "id", id ? json_incref(id) : json_null()) < 0) {
                if (!o)
                        json_decref(result); /* stolen even on failure */
                json_decref(o);
                return NULL;
        }
        return o;
}

json_t *jrpc_response_error(json_t *id, int code, const char *message, json_t *data)
{
        json_t *o = response_new(), *err = json_object();

        if (!o || !err ||
            json_object_set_new(err, "code", json_integer(code)) < 0 ||
            json_object_set_new(err, "message", json_string(message ? message : "")) < 0 ||
            (data && json_object_set(err, "data", data) < 0) ||
            json_object_set(o, "error", err) < 0 ||
            json_object_set_new(o, "id", id ? json_incref(id) : json_null()) < 0) {
                json_decref(o);
                json_decref(err);
                json_decref(data); /* stolen even on failure */
                return NULL;
        }
        json_decref(err);
        json_decref(data);
        return o;
}

int jrpc_addr_parse(json_t *v, uint64_t *ret)
{
        const char *s;
        uint64_t x = 0;
        unsigned d;

        if (json_is_integer(v)) {
                if (json_integer_value(v) < 0)
                        return -ERR_INVALID_PARAMS;
                *ret = (uint64_t)json_integer_value(v);
                return 0;
        }
        if (!json_is_string(v))
                return -ERR_INVALID_PARAMS;

        /* Hand-rolled: strtoull accepts blanks, signs ("-1" wraps) and an empty "0x". */
        s = json_string_value(v);
        if (strlen(s) != json_string_length(v) || !*s)
                return -ERR_INVALID_PARAMS; /* an embedded NUL, or empty */
        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
                s += 2;
                if (!*s)
                        return -ERR_INVALID_PARAMS;
                for (; *s; s++) {
                        if (*s >= '0' && *s <= '9')
                                d = (unsigned)(*s - '0');
                        else if (*s >= 'a' && *s <= 'f')
                                d = (unsigned)(*s - 'a' + 10);
                        else if (*s >= 'A' && *s <= 'F')
                                d = (unsigned)(*s - 'A' + 10);
                        else
                                return -ERR_INVALID_PARAMS;
                        if (x > UINT64_MAX >> 4)
                                return -ERR_INVALID_PARAMS;
                        x = x << 4 | d;
                }
        } else {
                for (; *s; s++) {
                        if (*s < '0' || *s > '9')
                                return -ERR_INVALID_PARAMS;
                        d = (unsigned)(*s - '0');
                        if (x > (UINT64_MAX - d) / 10)
                                return -ERR_INVALID_PARAMS;
                        x = x * 10 + d;
                }
        }
        *ret = x;
        return 0;
}

/* "0x..." of v, written backwards from the end of buf[18]; returns where it starts. */
static char *hex_addr(char *end, uint64_t v)
{
        static const char digits[] = "0123456789abcdef";
        char *p = end;

        do {
                *--p = digits[v & 0xf];
                v >>= 4;
        } while (v);
        *--p = 'x';
        *--p = '0';
        return p;
}

json_t *jrpc_addr(uint64_t v)
{
        char buf[2 + 16];
        char *p = hex_addr(buf + sizeof(buf), v);

        return json_stringn_nocheck(p, (size_t)(buf + sizeof(buf) - p));
}

/* jrpc_dumps ---------------------------------------------------------------------------
 * A compact serializer for the answers dbgd sends. jansson's json_dumps escapes string
 * bytes one at a time; here a run of bytes that need no escape is one memcpy. */

static void db_reserve(struct jrpc_text *b, size_t more)
{
        size_t cap = b->cap ? b->cap : 256;
        char *np;

        if (b->failed || b->len + more + 1 <= b->cap)
                return;
        while (cap < b->len + more + 1)
                cap *= 2;
        np = realloc(b->p, cap);
        if (!np) {
                b->failed = true;
                return;
        }
        b->p = np;
        b->cap = cap;
}

void jrpc_text_put(struct jrpc_text *b, const char *s, size_t n)
{
        db_reserve(b, n);
        if (b->failed)
                return;
        memcpy(b->p + b->len, s, n);
        b->len += n;
}

static void db_string(struct jrpc_text *b, const char *s, size_t n)
{
        static const char hex[] = "0123456789ABCDEF"; /* as jansson */
        size_t run = 0;

        db_reserve(b, n + 2);
        jrpc_text_put(b, "\"", 1);
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)s[i];
                char esc[7];
                size_t el = 2;

                if (c >= 0x20 && c != '"' && c != '\\')
                        continue;
                jrpc_text_put(b, s + run, i - run);
                run = i + 1;
                esc[0] = '\\';
                switch (c) {
                case '"': esc[1] = '"'; break;
                case '\\': esc[1] = '\\'; break;
                case '\b': esc[1] = 'b'; break;
                case '\f': esc[1] = 'f'; break;
                case '\n': esc[1] = 'n'; break;
                case '\r': esc[1] = 'r'; break;
                case '\t': esc[1] = 't'; break;
                default:
                        esc[1] = 'u';
                        esc[2] = '0';
                        esc[3] = '0';
                        esc[4] = hex[c >> 4];
                        esc[5] = hex[c & 15];
                        el = 6;
                }
                jrpc_text_put(b, esc, el);
        }
        jrpc_text_put(b, s + run, n - run);
        jrpc_text_put(b, "\"", 1);
}

static const char RAW_KEY[] = "\0raw"; /* sizeof - 1 = 4 bytes, the first NUL */

json_t *jrpc_raw(const char *text, size_t len)
{
        json_t *o = json_object(), *t = json_stringn_nocheck(text, len);

        if (!o || !t || json_object_setn_new_nocheck(o, RAW_KEY, sizeof(RAW_KEY) - 1, t) < 0) {
                json_decref(o);
                return NULL;
        }
        return o;
}

const char *jrpc_raw_text(json_t *v, size_t *ret_len)
{
        json_t *t;

        if (!json_is_object(v) || json_object_size(v) != 1)
                return NULL;
        t = json_object_getn(v, RAW_KEY, sizeof(RAW_KEY) - 1);
        if (!json_is_string(t))
                return NULL;
        *ret_len = json_string_length(t);
        return json_string_value(t);
}

static void db_value(struct jrpc_text *b, json_t *v, int depth)
{
        char num[64];
        int n;

        if (depth > 2048) { /* jansson's own parser depth bound: never reached here */
                b->failed = true;
                return;
        }
        switch (json_typeof(v)) {
        case JSON_OBJECT: {
                const char *key, *raw;
                json_t *x;
                bool first = true;
                size_t rawlen;

                if ((raw = jrpc_raw_text(v, &rawlen))) {
                        jrpc_text_put(b, raw, rawlen);
                        return;
                }

                jrpc_text_put(b, "{", 1);
                json_object_foreach(v, key, x) {
                        if (!first)
                                jrpc_text_put(b, ",", 1);
                        first = false;
                        db_string(b, key, strlen(key));
                        jrpc_text_put(b, ":", 1);
                        db_value(b, x, depth + 1);
                }
                jrpc_text_put(b, "}", 1);
                return;
        }
        case JSON_ARRAY: {
                size_t i;
                json_t *x;

                jrpc_text_put(b, "[", 1);
                json_array_foreach(v, i, x) {
                        if (i)
                                jrpc_text_put(b, ",", 1);
                        db_value(b, x, depth + 1);
                }
                jrpc_text_put(b, "]", 1);
                return;
        }
        case JSON_STRING:
                db_string(b, json_string_value(v), json_string_length(v));
                return;
        case JSON_INTEGER:
                n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
                jrpc_text_put(b, num, (size_t)n);
                return;
        case JSON_REAL: {
                char *s = json_dumps(v, JSON_ENCODE_ANY); /* rare: jansson's exact format */
                if (!s) {
                        b->failed = true;
                        return;
                }
                jrpc_text_put(b, s, strlen(s));
                free(s);
                return;
        }
        case JSON_TRUE:
                jrpc_text_put(b, "true", 4);
                return;
        case JSON_FALSE:
                jrpc_text_put(b, "false", 5);
                return;
        case JSON_NULL:
                jrpc_text_put(b, "null", 4);
                return;
        }
}

void jrpc_text_str(struct jrpc_text *t, const char *s)
{
        jrpc_text_put(t, s, strlen(s));
}

void jrpc_text_int(struct jrpc_text *t, int64_t v)
{
        char buf[24], *p = buf + sizeof(buf);
        uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

        do {
                *--p = (char)('0' + u % 10);
                u /= 10;
        } while (u);
        if (v < 0)
                *--p = '-';
        jrpc_text_put(t, p, (size_t)(buf + sizeof(buf) - p));
}

void jrpc_text_addr(struct jrpc_text *t, uint64_t v)
{
        char buf[1 + 2 + 16 + 1];
        char *p;

        buf[sizeof(buf) - 1] = '"';
        p = hex_addr(buf + sizeof(buf) - 1, v);
        *--p = '"';
        jrpc_text_put(t, p, (size_t)(buf + sizeof(buf) - p));
}

void jrpc_text_value(struct jrpc_text *t, json_t *v)
{
        db_value(t, v, 0);
}

char *jrpc_dumps(json_t *v, size_t *ret_len)
{
        struct jrpc_text b = { 0 };

        db_value(&b, v, 0);
        db_reserve(&b, 1);
        if (b.failed) {
                free(b.p);
                return NULL;
        }
        b.p[b.len] = 0;
        *ret_len = b.len;
        return b.p;
}
