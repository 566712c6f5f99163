/* errors.h — the one table of dbgd's errors and the int -> wire mapping.
 *
 * Convention (STYLE.md): a fallible function returns int, >= 0 on success, -errno for a
 * system failure, -ERR_* for a domain failure. ERR_* values start above every errno, so
 * one int carries both. dbgd_err_code() turns either into a JSON-RPC error code.
 */
#pragma once

/* name, wire code, default message */
#define DBGD_ERRORS(X)                                                                \
        X(PARSE, -32700, "parse error")                                               \
        X(INVALID_REQUEST, -32600, "invalid request")                                 \
        X(METHOD_NOT_FOUND, -32601, "method not found")                               \
        X(INVALID_PARAMS, -32602, "invalid params")                                   \
        X(INTERNAL, -32603, "internal error")                                         \
        X(NO_SESSION, -32001, "no such session")                                      \
        X(RUNNING, -32002, "the process is running")                                  \
        X(GONE, -32003, "the process has exited")                                     \
        X(MEMORY, -32004, "memory not accessible")                                    \
        X(SPAWN, -32005, "spawn failed")                                              \
        X(BAD_ADDRESS, -32006, "invalid address")                                     \
        X(LIMIT, -32007, "limit reached")                                             \
        X(NO_BREAKPOINT, -32008, "no such breakpoint")                                \
        X(STATE, -32009, "wrong state")                                               \
        X(SYSTEM, -32010, "system call failed")                                       \
        X(NO_SYMBOL, -32011, "no such symbol")                                        \
        X(UNSUPPORTED, -32012, "not supported")                                       \
        X(ATTACH, -32013, "cannot attach")

enum {
        ERR__BASE = 4095, /* above every errno */
#define DBGD_ERR_ENUM(name, code, msg) ERR_##name,
        DBGD_ERRORS(DBGD_ERR_ENUM)
#undef DBGD_ERR_ENUM
        ERR__END
};

/* Wire code for r < 0: -ERR_x -> its code; -errno -> SYSTEM's code except
 * ESRCH -> GONE (ptrace's "tracee gone"). */
int dbgd_err_code(int r);

/* Default message for r < 0 (the table's, or strerror for -errno; -ESRCH, which maps to
 * GONE, gets GONE's message). Never NULL. */
const char *dbgd_err_message(int r);

/* Symbolic name: "NO_SESSION" for -ERR_NO_SESSION, "ENOENT" for -ENOENT. Never NULL
 * ("UNKNOWN" when nothing fits). */
const char *dbgd_err_name(int r);

/* True when r is a -errno (a system failure) rather than a -ERR_*. */
int dbgd_err_is_errno(int r);

/* "ENOENT" for ENOENT (glibc's strerrorname_np), NULL when unknown. */
const char *dbgd_errno_name(int e);

/* The table's name for a wire code: "NO_SESSION" for -32001; NULL when not ours. */
const char *dbgd_err_code_name(int code);
