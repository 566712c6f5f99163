/* m_break.c — breakpoint methods: break, breakpoints, delete; watchpoints: watch,
 * unwatch, watchpoints. */
#include "handlers.h"

#include "breakpoint.h"
#include "cond.h"
#include "disasm.h"
#include "errors.h"
#include "jrpc.h"
#include "program.h"
#include "regs.h"
#include "session.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

/* A breakpoint as the API shows it; with its place in the source, as gdb's "Breakpoint 1
 * at 0x1180: file f.c, line 9." says where a FILE:LINE without code went. */
static json_t *bp_json(struct session *s, const struct breakpoint *b)
{
        json_t *o = json_pack("{s:i,s:I,s:b}", "breakpoint", b->id, "hits",
                              (json_int_t)b->hits, "temporary", b->temporary);
        struct src_row row;

        if (b->pending) {
                json_object_set_new(o, "pending", json_true());
                json_object_set_new(o, "symbol", json_string(b->spec));
        } else {
                json_object_set_new(o, "address", jrpc_addr(b->addr));
                if (program_line_at(s->program, b->addr, &row) == 0)
                        json_object_set_new(o, "source", json_pack("{s:s,s:i}", "file",
                                                                   row.file, "line",
                                                                   row.line));
        }
        if (b->disabled)
                json_object_set_new(o, "enabled", json_false());
        if (b->cond)
                json_object_set_new(o, "condition", json_string(cond_text(b->cond)));
        if (b->ignore > b->hits) /* the hits still to go on, as gdb's "Will ignore next" */
                json_object_set_new(o, "ignore", json_integer((json_int_t)(b->ignore - b->hits)));
        if (b->log) {
                json_object_set(o, "log", b->log_entries);
                json_object_set_new(o, "log_dropped", json_integer((json_int_t)b->log_dropped));
        }
        return o;
}

static bool is_reg(const char *name)
{
        return regs_find(name) != NULL;
}

/* The condition text of breakpoint b as a cond: over registers and memory when cond.h's
 * grammar takes it and names no variable the code there sees (pc, fs...); otherwise
 * over the program's variables (gdb's `break ... if`),
 * checked as gdb checks one when it is set: an expression print takes, whose names the
 * code at b's address sees (a pending breakpoint's code is not there yet: its hits
 * will tell). Returns 0 and *ret, or fails the call. */
static int parse_condition(struct call *c, struct session *s, const struct breakpoint *b,
                           const char *text, struct cond **ret)
{
        bool checkable = s->state == STATE_STOPPED && s->program && !b->pending, var = false;
        char err[256], why[256];
        int r = cond_parse(text, is_reg, ret, err, sizeof(err));

        /* A variable named like a register (pc, fs, rax) is the variable, as gdb's
         * `break ... if pc == 3`, when the code there sees one. */
        if (r == 0 && checkable) {
                program_cond_check(s->program, b->addr, text, why, sizeof(why), &var);
                if (var) {
                        cond_free(*ret);
                        return cond_source(text, ret);
                }
        }
        if (r != -EINVAL)
                return r;
        r = checkable ? program_cond_check(s->program, b->addr, text, why, sizeof(why), NULL)
                      : 0;
        /* Neither kind's syntax: the register grammar's words ("condition, column 7:
         * expected ...") unless it only stopped at a name, where print's say more. */
        if (r == -2 && strstr(err, "unknown register"))
                return call_fail(c, -ERR_INVALID_PARAMS, "params.condition: %s", why);
        if (r == -2)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.%s", err);
        if (r == -ERR_NO_SYMBOL) {
                call_error_set(c, "address", jrpc_addr(b->addr));
                return call_fail(c, -ERR_INVALID_PARAMS,
                                 "params.condition: %s (for the code at 0x%llx)",
                                 why, (unsigned long long)b->addr);
        }
        return cond_source(text, ret);
}

/* Apply condition / ignore / log params to b (a new or an existing breakpoint). The
 * condition is parsed before anything changes, so a bad one leaves b as it was. */
static int bp_configure(struct call *c, struct session *s, struct breakpoint *b,
                        json_t *params)
{
        const char *text = jrpc_param_str(params, "condition", NULL);
        json_t *regs = jrpc_param(params, "log_regs"), *v;
        struct cond *cond = NULL;
        size_t i;

        json_array_foreach(regs, i, v) {
                if (!regs_find(json_string_value(v)))
                        return call_fail(c, -ERR_INVALID_PARAMS,
                                         "params.log_regs: unknown register \"%s\"",
                                         json_string_value(v));
        }
        if (text && *text) {
                int r = parse_condition(c, s, b, text, &cond);
                if (r < 0)
                        return r;
        }
        if (text) {
                cond_free(b->cond);
                b->cond = cond;
        }
        if (jrpc_param(params, "enabled")) {
                struct bp_mem m = session_bp_mem(s);

                if (bp_set_enabled(&m, b, jrpc_param_bool(params, "enabled", 1)) < 0)
                        return call_fail(c, -ERR_MEMORY, "cannot write the breakpoint's byte "
                                                         "at 0x%llx",
                                         (unsigned long long)b->addr);
        }
        if (jrpc_param(params, "ignore")) /* the next N, as gdb's ignore command */
                b->ignore = b->hits + (unsigned long)jrpc_param_int(params, "ignore", 0);
        if (jrpc_param(params, "log"))
                b->log = jrpc_param_bool(params, "log", 0);
        if (regs || (b->log && !b->log_regs)) {
                json_decref(b->log_regs);
                b->log_regs = regs ? json_deep_copy(regs)
                                   : json_pack("[ssssss]", "rdi", "rsi", "rdx", "rcx", "r8", "r9");
        }
        if (b->log && !b->log_entries)
                b->log_entries = json_array();
        return 0;
}

/* `break` on a symbol nothing has yet, with `pending`: placed when a library that has
 * it is loaded (session_solib_event). */
static int break_pending(struct call *c, struct session *s, const char *symbol,
                         json_t *params, json_t **ret_result)
{
        struct bp_mem m = session_bp_mem(s);
        struct breakpoint *b;
        int r;

        /* One pending breakpoint per symbol, as one per address: `break` again updates
         * its settings (a second one would never be placed: where the first is) */
        for (b = s->bps.list; b; b = b->next) {
                if (b->pending && !b->internal && b->spec && strcmp(b->spec, symbol) == 0) {
                        r = bp_configure(c, s, b, params);
                        if (r < 0)
                                return r;
                        *ret_result = bp_json(s, b);
                        return 0;
                }
        }
        if (s->bps.count >= session_limits()->max_breakpoints) {
                call_error_set(c, "limit",
                               json_integer((json_int_t)session_limits()->max_breakpoints));
                return call_fail(c, -ERR_LIMIT, "at most %zu breakpoints per session",
                                 session_limits()->max_breakpoints);
        }
        r = session_solib_watch(s);
        if (r == -ERR_NO_SYMBOL) {
                call_error_set(c, "symbol", json_string(symbol));
                return call_fail(c, r, "no symbol \"%s\", and the program has no dynamic "
                                 "loader to load one later", symbol);
        }
        if (r < 0)
                return call_fail_errno(c, -ERR_SYSTEM, -r, "cannot watch library loads");
        r = bp_insert_pending(&s->bps, symbol, jrpc_param_bool(params, "temporary", 0), &b);
        if (r < 0)
                return r;
        r = bp_configure(c, s, b, params);
        if (r < 0) {
                bp_remove(&s->bps, &m, b);
                return r;
        }
        *ret_result = bp_json(s, b);
        return 0;
}

/* The address that params name: `address`, or `symbol` resolved (the session stopped),
 * as a breakpoint's place (program_resolve_break: a function past its prologue) with
 * code, as the symbol's address without. Returns 0, or fails the call; with pending_ok,
 * a symbol that nothing has yet returns -ERR_NO_SYMBOL without failing it. */
static int where(struct call *c, struct session *s, json_t *params, bool code,
                 bool pending_ok, uint64_t *ret_addr)
{
        json_t *addrv = jrpc_param(params, "address");
        const char *symbol = jrpc_param_str(params, "symbol", NULL);
        char why[512];
        int r;

        if (addrv && symbol)
                return call_fail(c, -ERR_INVALID_PARAMS,
                                 "params: give address or symbol, not both");
        if (addrv) {
                jrpc_addr_parse(addrv, ret_addr);
                return 0;
        }
        if (!symbol)
                return call_fail(c, -ERR_INVALID_PARAMS, "params: address or symbol required");
        if (s->state != STATE_STOPPED)
                return session_check_stopped(c, s);
        r = (code ? program_resolve_break : program_resolve)(s->program, symbol, ret_addr,
                                                             why, sizeof(why));
        if (r == -ERR_NO_SYMBOL && pending_ok)
                return r;
        if (r == -ERR_NO_SYMBOL) {
                call_error_set(c, "symbol", json_string(symbol));
                return call_fail(c, r, "%s", why);
        }
        if (r < 0)
                return call_fail_errno(c, -ERR_SYSTEM, -r, "%s", why);
        return 0;
}

/* The other places a symbol stands for (program_locations: a C++ name's overloads, a
 * line's instances) get a breakpoint each, as gdb's locations, configured alike: listed
 * in the answer's `more`. At most BREAK_MORE_MAX of them. */
#define BREAK_MORE_MAX 64
static void break_locations(struct call *c, struct session *s, const char *symbol,
                            struct breakpoint *first_bp, json_t *params, json_t *result)
{
        uint64_t first = first_bp->addr;
        bool temporary = jrpc_param_bool(params, "temporary", 0);
        struct bp_mem m = session_bp_mem(s);
        uint64_t addrs[BREAK_MORE_MAX + 1];
        size_t n = program_locations(s->program, symbol, addrs, BREAK_MORE_MAX + 1);
        json_t *more = json_array();

        for (size_t i = 0; i < n; i++) {
                struct breakpoint *b = bp_find_addr(&s->bps, addrs[i]);

                if (addrs[i] == first)
                        continue;
                if (b && !b->internal) { /* the same breakpoint, as at the first place */
                        if (bp_configure(c, s, b, params) == 0)
                                json_array_append_new(more, bp_json(s, b));
                        continue;
                }
                if (s->bps.count >= session_limits()->max_breakpoints ||
                    bp_insert(&s->bps, &m, addrs[i], jrpc_param_bool(params, "temporary", 0),
                              false, &b) < 0)
                        continue;
                if (bp_configure(c, s, b, params) < 0) {
                        bp_remove(&s->bps, &m, b);
                        continue;
                }
                if (temporary && b->temporary && first_bp->temporary)
                        b->group = first_bp->group = first_bp->id; /* one tbreak */
                json_array_append_new(more, bp_json(s, b));
        }
        if (json_array_size(more))
                json_object_set_new(result, "more", more);
        else
                json_decref(more);
}

int m_break(struct call *c, json_t *params, json_t **ret_result)
{
        bool pending = jrpc_param_bool(params, "pending", 0);
        struct breakpoint *b;
        struct session *s;
        struct bp_mem m;
        struct code_mem cm;
        uint64_t addr;
        char why[512];
        int r;

        r = m_session(c, params, &s);
        if (r < 0)
                return r;
        if (!session_alive(s))
                return session_check_stopped(c, s);
        if (s->state == STATE_STARTING)
                return call_fail(c, -ERR_RUNNING, "session %d is starting", s->id);
        r = where(c, s, params, true, pending, &addr);
        if (r == -ERR_NO_SYMBOL && pending)
                return break_pending(c, s, jrpc_param_str(params, "symbol", ""), params,
                                     ret_result);
        if (r < 0)
                return r;
        /* Not in the middle of an instruction, where the function's bounds tell. */
        cm = (struct code_mem){ .pid = session_mem_pid(s), .bps = &s->bps };
        if (s->state == STATE_STOPPED && s->program &&
            disasm_check_boundary(&cm, s->program, addr, why, sizeof(why)) < 0) {
                call_error_set(c, "address", jrpc_addr(addr));
                return call_fail(c, -ERR_BAD_ADDRESS, "%s", why);
        }
        if (!bp_find_addr(&s->bps, addr) && s->bps.count >= session_limits()->max_breakpoints) {
                call_error_set(c, "limit",
                               json_integer((json_int_t)session_limits()->max_breakpoints));
                return call_fail(c, -ERR_LIMIT, "at most %zu breakpoints per session",
                                 session_limits()->max_breakpoints);
        }
        m = session_bp_mem(s);
        b = bp_find_addr(&s->bps, addr);
        if (b && !b->internal) { /* the same breakpoint: update its settings */
                r = bp_configure(c, s, b, params);
                if (r < 0)
                        return r;
                *ret_result = bp_json(s, b);
                if (jrpc_param_str(params, "symbol", NULL))
                        break_locations(c, s, jrpc_param_str(params, "symbol", NULL), b,
                                        params, *ret_result);
                return 0;
        }
        r = bp_insert(&s->bps, &m, addr, jrpc_param_bool(params, "temporary", 0), false, &b);
        if (r == -ERR_MEMORY) {
                call_error_set(c, "address", jrpc_addr(addr));
                return call_fail(c, -ERR_BAD_ADDRESS,
                                 "cannot place a breakpoint at 0x%llx: not mapped or not writable",
                                 (unsigned long long)addr);
        }
        if (r < 0)
                return r;
        r = bp_configure(c, s, b, params);
        if (r < 0) {
                bp_remove(&s->bps, &m, b);
                return r;
        }
        if (jrpc_param_str(params, "symbol", NULL) && !b->spec)
                b->spec = strdup(jrpc_param_str(params, "symbol", NULL)); /* for an exec */
        *ret_result = bp_json(s, b);
        if (jrpc_param_str(params, "symbol", NULL))
                break_locations(c, s, jrpc_param_str(params, "symbol", NULL), b, params,
                                *ret_result);
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
        long long only = jrpc_param_int(params, "breakpoint", 0);
        for (int id = 1; id < s->bps.next_id; id++) {
                struct breakpoint *b = bp_find_id(&s->bps, id);
                if (b && (!only || only == id))
                        json_array_append_new(list, bp_json(s, b));
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

/* watch {watchpoint, enabled}: gdb's disable and enable of watchpoint id. */
static int watch_enable(struct call *c, struct session *s, long long id, json_t *params,
                        json_t **ret_result)
{
        int r;

        if (jrpc_param(params, "address") || jrpc_param(params, "symbol"))
                return call_fail(c, -ERR_INVALID_PARAMS, "params: give watchpoint to change "
                                 "one, or address or symbol to watch, not both");
        r = id > 0 && id <= INT_MAX ? session_watch_enable(s, (int)id,
                                                           jrpc_param_bool(params, "enabled",
                                                                           1))
                                    : -ERR_NO_BREAKPOINT;
        switch (r) {
        case 0:
                *ret_result = session_watch_json(s, (int)id);
                return 0;
        case -ERR_NO_BREAKPOINT:
                call_error_set(c, "watchpoint", json_integer(id));
                return call_fail(c, r, "session %d has no watchpoint %lld", s->id, id);
        case -ERR_MEMORY:
                return call_fail(c, -ERR_BAD_ADDRESS, "cannot read the watched memory");
        case -ERR_LIMIT:
                call_error_set(c, "limit", json_integer(WATCH_SLOTS));
                return call_fail(c, r, "all %d debug registers are held by enabled "
                                 "watchpoints: disable or unwatch one", WATCH_SLOTS);
        default:
                return call_fail_errno(c, -ERR_SYSTEM, -r, "cannot set the debug registers");
        }
}

int m_watch(struct call *c, json_t *params, json_t **ret_result)
{
        unsigned len = (unsigned)jrpc_param_int(params, "length", 8);
        const char *access = jrpc_param_str(params, "access", "write");
        struct session *s;
        uint64_t addr;
        int r;

        r = m_stopped_session(c, params, &s);
        if (r < 0)
                return r;
        if (jrpc_param(params, "watchpoint"))
                return watch_enable(c, s, jrpc_param_int(params, "watchpoint", 0), params,
                                    ret_result);
        r = where(c, s, params, false, false, &addr);
        if (r < 0)
                return r;
        r = session_watch_add(s, addr, len, strcmp(access, "rw") == 0,
                              jrpc_param_bool(params, "enabled", 1));
        switch (r) {
        case -ERR_INVALID_PARAMS:
                return call_fail(c, r, "params: the CPU watches 1, 2, 4 or 8 bytes at an "
                                 "address aligned to their length (0x%llx, %u)",
                                 (unsigned long long)addr, len);
        case -ERR_LIMIT:
                if (session_watch_full(s)) {
                        call_error_set(c, "limit", json_integer(WATCH_MAX));
                        return call_fail(c, r, "a session keeps at most %d watchpoints: "
                                         "unwatch one", WATCH_MAX);
                }
                call_error_set(c, "limit", json_integer(WATCH_SLOTS));
                return call_fail(c, r, "all %d debug registers are held by enabled "
                                 "watchpoints: disable or unwatch one", WATCH_SLOTS);
        case -ERR_MEMORY:
                call_error_set(c, "address", jrpc_addr(addr));
                return call_fail(c, -ERR_BAD_ADDRESS, "cannot read 0x%llx",
                                 (unsigned long long)addr);
        default:
                if (r < 0)
                        return call_fail_errno(c, -ERR_SYSTEM, -r,
                                               "cannot set the debug registers");
        }
        *ret_result = session_watch_json(s, r);
        return 0;
}

int m_unwatch(struct call *c, json_t *params, json_t **ret_result)
{
        long long id = jrpc_param_int(params, "watchpoint", 0);
        struct session *s;
        int r = m_session(c, params, &s);

        if (r < 0)
                return r;
        if (session_watch_del(s, id > 0 && id <= INT_MAX ? (int)id : 0) < 0) {
                call_error_set(c, "watchpoint", json_integer(id));
                return call_fail(c, -ERR_NO_BREAKPOINT, "session %d has no watchpoint %lld",
                                 s->id, id);
        }
        *ret_result = json_object();
        return 0;
}

int m_watchpoints(struct call *c, json_t *params, json_t **ret_result)
{
        json_t *list = json_array();
        struct session *s;
        int r = m_session(c, params, &s);

        if (r < 0) {
                json_decref(list);
                return r;
        }
        for (int i = 0; i < WATCH_MAX; i++) {
                json_t *w = s->watches[i].used ? session_watch_json(s, s->watches[i].id) : NULL;

                if (w)
                        json_array_append_new(list, w);
        }
        *ret_result = json_pack("{s:o}", "watchpoints", list);
        return 0;
}
