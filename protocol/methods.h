/* methods.h — the method table: the single source of truth for dispatch (the daemon maps
 * each id to its handler), parameter validation, rpc.discover (OpenRPC) and docs/api.md. */
#pragma once

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* id, wire name */
#define DBGD_METHODS(X)                                                               \
        X(spawn, "spawn")                                                             \
        X(attach, "attach")                                                           \
        X(sessions, "sessions")                                                       \
        X(status, "status")                                                           \
        X(step, "step")                                                               \
        X(finish, "finish")                                                           \
        X(cont, "cont")                                                               \
        X(syscall, "syscall")                                                         \
        X(pause, "pause")                                                             \
        X(threads, "threads")                                                         \
        X(thread, "thread")                                                           \
        X(handle, "handle")                                                           \
        X(wait, "wait")                                                               \
        X(regs, "regs")                                                               \
        X(peek, "peek")                                                               \
        X(poke, "poke")                                                               \
        X(break, "break")                                                             \
        X(breakpoints, "breakpoints")                                                 \
        X(delete, "delete")                                                           \
        X(watch, "watch")                                                             \
        X(unwatch, "unwatch")                                                         \
        X(watchpoints, "watchpoints")                                                 \
        X(output, "output")                                                           \
        X(input, "input")                                                             \
        X(kill, "kill")                                                               \
        X(close, "close")                                                             \
        X(detach, "detach")                                                           \
        X(symbols, "symbols")                                                         \
        X(maps, "maps")                                                               \
        X(sources, "sources")                                                         \
        X(disasm, "disasm")                                                           \
        X(source, "source")                                                           \
        X(backtrace, "backtrace")                                                     \
        X(locals, "locals")                                                           \
        X(print, "print")                                                             \
        X(ptype, "ptype")                                                             \
        X(report, "report")                                                           \
        X(events, "events")                                                           \
        X(discover, "rpc.discover")

enum jrpc_method_id {
#define JRPC_METHOD_ENUM(id, name) JRPC_M_##id,
        DBGD_METHODS(JRPC_METHOD_ENUM)
#undef JRPC_METHOD_ENUM
        JRPC_M__COUNT
};

enum jrpc_type {
        JT_INT,     /* JSON integer */
        JT_UINT,    /* JSON integer >= 0 */
        JT_NUMBER,  /* JSON integer or real (e.g. a timeout in seconds), >= 0 */
        JT_BOOL,
        JT_STRING,
        JT_ADDR,    /* "0x..." string, decimal string or integer >= 0 */
        JT_SIGNAL,  /* integer 0..64 or a name "SIGINT" / "INT" */
        JT_STRINGS, /* array of strings */
        JT_STRMAP,  /* object of string (or null) values */
        JT_ADDRMAP, /* object of JT_ADDR values */
};

struct jrpc_param {
        const char *name;
        enum jrpc_type type;
        int required;
        const char *doc;
        const char *const *choices; /* NULL-terminated allowed strings, or NULL */
        const char *default_doc;    /* the default as shown in docs, or NULL */
};

struct jrpc_method {
        enum jrpc_method_id id;
        const char *name;
        const char *summary;        /* one line */
        const char *doc;            /* a paragraph: behaviour, waiting, errors */
        const struct jrpc_param *params;
        size_t n_params;
        const char *result_doc;
        const char *result_schema;  /* JSON Schema, as JSON text */
        const char *example_params; /* JSON text used in docs' curl example, or NULL */
        const char *example_result; /* JSON text */
        const char *const *one_of;  /* NULL-terminated: at least one of these params is
                                     * required (break: address or symbol), or NULL */
};

extern const struct jrpc_method jrpc_methods[JRPC_M__COUNT];

/* NULL when unknown. */
const struct jrpc_method *jrpc_method_find(const char *name);

/* Shared result shapes (Status, Stop, Signal, ...), referenced from result_schema as
 * {"$ref": "#/components/schemas/<name>"} and served under components.schemas. */
struct jrpc_schema {
        const char *name;
        const char *doc;
        const char *schema; /* JSON Schema, as JSON text */
};

extern const struct jrpc_schema jrpc_schemas[];
extern const size_t jrpc_n_schemas;

/* Short type names for docs ("unsigned integer", "address", "[string]"). Never NULL. */
const char *jrpc_type_name(enum jrpc_type t);

/* The JSON Schema of a param (type, minimum, enum, default when default_doc is JSON).
 * Returns a new reference. */
json_t *jrpc_param_schema(const struct jrpc_param *p);

/* Validate params against m: NULL -> {}, an array is mapped onto the declared order,
 * unknown keys, missing required params, wrong types and values outside choices are
 * refused. Returns 0 with *ret_params a new reference to an object, or
 * -ERR_INVALID_PARAMS with a message naming the param in errbuf
 * ("params.count: expected unsigned integer, got string"). */
int jrpc_params_check(const struct jrpc_method *m, json_t *params, json_t **ret_params,
                      char *errbuf, size_t errlen);

/* Typed getters for validated params: return the default when absent. */
json_t *jrpc_param(json_t *params, const char *name); /* borrowed, NULL when absent */
const char *jrpc_param_str(json_t *params, const char *name, const char *def);
long long jrpc_param_int(json_t *params, const char *name, long long def);
double jrpc_param_num(json_t *params, const char *name, double def);
int jrpc_param_bool(json_t *params, const char *name, int def);
uint64_t jrpc_param_addr(json_t *params, const char *name, uint64_t def); /* JT_ADDR */
int jrpc_param_signal(json_t *params, const char *name, int def);         /* JT_SIGNAL */

/* Signal names: "SIGINT" <-> 2. jrpc_signal_parse accepts a number 0..64 or a name,
 * "SIGINT" or "INT" (any case); returns the number or -ERR_INVALID_PARAMS.
 * jrpc_signal_name returns NULL if unknown. Real-time signals (kernel numbering) are
 * SIGRT0 (32) .. SIGRT32 (64). */
int jrpc_signal_parse(json_t *v);
const char *jrpc_signal_name(int sig);

/* The OpenRPC 1.2.6 document for rpc.discover. Returns a new reference. */
json_t *jrpc_openrpc(const char *version);

/* Write docs/api.md (methods, params, results, errors, curl examples) to out. */
void jrpc_apidoc_markdown(FILE *out);
