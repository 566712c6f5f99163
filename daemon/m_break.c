/* m_break.c — breakpoint methods: break, breakpoints, delete. */
#include "handlers.h"

#include "breakpoint.h"
#include "errors.h"
#include "jrpc.h"
#include "session.h"

static json_t *bp_json(const struct breakpoint *b)
{
        return json_pack("{s:i,s:o,s:I,s:b}", "breakpoint", b->id, "address", jrpc_addr(b->addr),
                         "hits", (json_int_t)b->hits, "temporary", b->temporary);
}

int m_break(struct call *c, json_t *params, json_t **ret_result)
{
        json_t *addrv = jrpc_param(params, "address");
        struct breakpoint *b;
        struct session *s;
        struct bp_mem m;
        uint64_t addr;
        int r;

        r = m_session(c, params, &s);
        if (r < 0)
                return r;
        if (!session_alive(s))
                return session_check_stopped(c, s);
        if (s->state == STATE_STARTING)
                return call_fail(c, -ERR_RUNNING, "session %d is starting", s->id);
        if (!addrv) {
                if (jrpc_param(params, "symbol"))
                        return call_fail(c, -ERR_NO_SYMBOL,
                                         "symbol lookup is not available in this build");
                return call_fail(c, -ERR_INVALID_PARAMS, "params: address or symbol required");
        }
        jrpc_addr_parse(addrv, &addr);
        if (!bp_find_addr(&s->bps, addr) && s->bps.count >= session_limits()->max_breakpoints) {
                call_error_set(c, "limit",
                               json_integer((json_int_t)session_limits()->max_breakpoints));
                return call_fail(c, -ERR_LIMIT, "at most %zu breakpoints per session",
                                 session_limits()->max_breakpoints);
        }
        m = session_bp_mem(s);
        r = bp_insert(&s->bps, &m, addr, jrpc_param_bool(params, "temporary", 0), false, &b);
        if (r == -ERR_MEMORY) {
                call_error_set(c, "address", jrpc_addr(addr));
                return call_fail(c, -ERR_BAD_ADDRESS,
                                 "cannot place a breakpoint at 0x%llx: not mapped or not writable",
                                 (unsigned long long)addr);
        }
        if (r < 0)
                return r;
        *ret_result = bp_json(b);
        return 0;
}

int m_breakpoints(struct call *c, json_t *params, json_t **ret_result)
{
        json_t *list = json_array();
        struct session *s;
        int r = m_session(c, params, &s);

        if (r < 0) {
                json_decref(list);
                return r;
        }
        /* Listed in id order; the table keeps the newest first. */
        for (int id = 1; id < s->bps.next_id; id++) {
                struct breakpoint *b = bp_find_id(&s->bps, id);
                if (b)
                        json_array_append_new(list, bp_json(b));
        }
        *ret_result = json_pack("{s:o}", "breakpoints", list);
        return 0;
}

int m_delete(struct call *c, json_t *params, json_t **ret_result)
{
        long long id = jrpc_param_int(params, "breakpoint", 0);
        struct breakpoint *b;
        struct session *s;
        struct bp_mem m;
        int r;

        r = m_session(c, params, &s);
        if (r < 0)
                return r;
        b = id > 0 && id < s->bps.next_id ? bp_find_id(&s->bps, (int)id) : NULL;
        if (!b) {
                call_error_set(c, "breakpoint", json_integer(id));
                return call_fail(c, -ERR_NO_BREAKPOINT, "session %d has no breakpoint %lld",
                                 s->id, id);
        }
        m = session_bp_mem(s);
        bp_remove(&s->bps, &m, b);
        *ret_result = json_object();
        return 0;
}
