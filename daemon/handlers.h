/* handlers.h — one handler per method, named after it (`break` -> m_break). Each
 * returns 0 with *ret_result set (a new reference), CALL_PENDING when it will complete
 * later through call_finish(), or < 0 after call_fail(). params are validated. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rpc.h"

#define HANDLER_DECL(id, name) int m_##id(struct call *c, json_t *params, json_t **ret_result);
DBGD_METHODS(HANDLER_DECL)
#undef HANDLER_DECL

struct session;

/* Shared by the handlers (m_common.c). */

/* Look up params.session; fails with -ERR_NO_SESSION. Sets c->session. */
int m_session(struct call *c, json_t *params, struct session **ret);

/* m_session, then session_check_stopped: the session, which must be stopped. */
int m_stopped_session(struct call *c, json_t *params, struct session **ret);

/* Refuse len bytes over --max-mem for `what` ("peek", "poke") with -ERR_LIMIT. */
int m_check_mem_limit(struct call *c, uint64_t len, const char *what);

/* params.<name> in seconds -> milliseconds (def_s when absent). */
uint64_t m_timeout_ms(json_t *params, const char *name, double def_s);

/* The bytes `peek` reads (the breakpoint shadow applied), for the JSON answer and for
 * the binary one (POST /mem). *ret_buf is malloc'd. */
int m_peek_bytes(struct call *c, json_t *params, uint8_t **ret_buf, size_t *ret_len,
                 uint64_t *ret_addr);

/* The bytes of string param name (absent: none) in format "text" (as is), "hex" or
 * "base64"; *ret_buf is malloc'd. Bad hex or base64 fails with -ERR_INVALID_PARAMS. */
int m_bytes_param(struct call *c, json_t *params, const char *name, const char *format,
                  uint8_t **ret_buf, size_t *ret_len);

/* Most bytes one peek or poke may move. */
void m_set_max_mem(size_t n);

/* --allow-attach (m_attach.c): may `attach` seize running processes? Off by default. */
void m_set_allow_attach(bool on);

/* `output` and `input` of an attached session (s->attached): fails with -ERR_STATE,
 * saying why (the process's stdio is its own). */
int m_refuse_attached(struct call *c, struct session *s, const char *what);
