/* jrpc.h — the JSON-RPC 2.0 codec: parse bodies, check request envelopes, build
 * responses, and the value conventions (hex addresses). Pure: no I/O. */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse a request body of len bytes (no NUL needed) with duplicate keys refused.
 * Returns a new reference, or NULL with a message in errbuf. */
json_t *jrpc_parse(const char *buf, size_t len, char *errbuf, size_t errlen);

struct jrpc_request {
        json_t *id;             /* borrowed; NULL when absent (a notification) */
        const char *method;     /* borrowed */
        json_t *params;         /* borrowed; NULL when absent */
};

/* Check one request object's envelope (jsonrpc "2.0", method a string, params an object
 * or array when present; any id type is accepted and echoed). Returns 0 and fills *ret,
 * or -ERR_INVALID_REQUEST with a message in errbuf; ret->id is filled whenever msg is an
 * object with an id, so that the error can echo it (and is NULL otherwise: *ret is always
 * written). */
int jrpc_request_check(json_t *msg, struct jrpc_request *ret, char *errbuf, size_t errlen);

/* Build a response. id is borrowed (NULL -> null); result and data are stolen. */
json_t *jrpc_response_result(json_t *id, json_t *result);
json_t *jrpc_response_error(json_t *id, int code, const char *message, json_t *data);

/* Addresses: "0x..." hex strings, decimal strings, or non-negative integers.
 * Returns 0, or -ERR_INVALID_PARAMS when v is none of those or overflows 64 bits. */
int jrpc_addr_parse(json_t *v, uint64_t *ret);

/* New reference to "0x%" PRIx64. */
json_t *jrpc_addr(uint64_t v);

/* Helpers for messages that end up in JSON strings. */

/* "object", "array", "string", "integer", "real", "boolean", "null" ("nothing" for NULL). */
const char *jrpc_json_type_name(const json_t *v);

/* Make s valid UTF-8 in place: each byte of an invalid or cut-short sequence becomes '?'.
 * (jansson refuses invalid UTF-8 in strings, and a truncating snprintf can cut a
 * multi-byte character in two.) */
void jrpc_utf8_sanitize(char *s);

/* snprintf into errbuf (NULL or errlen 0: nothing), then jrpc_utf8_sanitize. */
void jrpc_errbuf_printf(char *errbuf, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Serialize v as compact JSON (as json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY), in the
 * objects' insertion order), much faster on long strings: runs without escapes are
 * copied whole, which is what a 64 MiB peek answer needs. Returns a malloc'd
 * NUL-terminated string and its length, or NULL on ENOMEM. */
char *jrpc_dumps(json_t *v, size_t *ret_len);

/* JSON written by hand, for large results (see jrpc_raw): a growing buffer. Start it
 * zeroed; after an allocation failure (failed) writes are ignored. p holds len bytes,
 * not NUL-terminated; the caller frees it. */
struct jrpc_text {
        char *p;
        size_t len, cap;
        bool failed;
};

void jrpc_text_put(struct jrpc_text *t, const char *s, size_t n);
/* s as it is: for text that needs no escape (fixed keys, syscall and errno names). */
void jrpc_text_str(struct jrpc_text *t, const char *s);
void jrpc_text_int(struct jrpc_text *t, int64_t v);
/* "0x..." with its quotes, as jrpc_addr. */
void jrpc_text_addr(struct jrpc_text *t, uint64_t v);
/* v as jrpc_dumps writes it. */
void jrpc_text_value(struct jrpc_text *t, json_t *v);

/* A value that is already JSON text, written by dbgd (never text from outside): a large
 * result built without a jansson object per element. jrpc_dumps writes the text as it
 * is; no other serialiser knows it, so such a value may only be part of what goes
 * through jrpc_dumps. It is an object whose one key holds a NUL byte, which no parsed
 * input can have (jansson refuses NUL in keys), so it cannot be forged. Returns a new
 * reference holding a copy of the len bytes of text, or NULL. */
json_t *jrpc_raw(const char *text, size_t len);

/* The text of a jrpc_raw value, or NULL for any other value. */
const char *jrpc_raw_text(json_t *v, size_t *ret_len);
