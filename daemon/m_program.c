/* m_program.c — methods that know the program: symbols, maps, disasm, backtrace and the
 * crash report. The knowledge itself is in program.c (libdwfl) and disasm.c (capstone);
 * this file checks the session's state and shapes the answers. */
#include "handlers.h"

#include "disasm.h"
#include "encode.h"
#include "errors.h"
#include "jrpc.h"
#include "program.h"
#include "session.h"
#include "task.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Threads whose stacks a live report shows besides the current one (as a snapshot). */
#define REPORT_THREADS 16

#define MAX_DISASM 1000
#define MAX_FRAMES 1024
#define OUTPUT_TAIL 4096

static int stopped_session(struct call *c, json_t *params, struct session **ret)
{
        int r = m_session(c, params, ret);

        if (r < 0)
                return r;
        r = session_check_stopped(c, *ret);
        if (r < 0)
                return r;
        if (!(*ret)->program)
                return -ENOMEM;
        return 0;
}

int m_symbols(struct call *c, json_t *params, json_t **ret_result)
{
        const char *name = jrpc_param_str(params, "name", NULL);
        long long limit = jrpc_param_int(params, "limit", 100);
        struct session *s;
        json_t *list, *o;
        uint64_t addr;
        int r;

        r = stopped_session(c, params, &s);
        if (r < 0)
                return r;
        if (name) {
                r = program_symbols_by_name(s->program, name, (size_t)limit, &list);
                if (r < 0)
                        return call_fail_errno(c, -ERR_SYSTEM, -r,
                                               "cannot read the modules of session %d", s->id);
        } else {
                addr = jrpc_param_addr(params, "address", 0);
                r = program_symbol_at(s->program, addr, &o);
                if (r == -ERR_NO_SYMBOL) {
                        call_error_set(c, "address", jrpc_addr(addr));
                        return call_fail(c, r, "0x%llx is in no loaded module",
                                         (unsigned long long)addr);
                }
                if (r < 0)
                        return r;
                list = json_array();
                json_array_append_new(list, o);
        }
        *ret_result = json_pack("{s:o}", "symbols", list);
        return 0;
}

int m_maps(struct call *c, json_t *params, json_t **ret_result)
{
        struct session *s;
        json_t *maps;
        int r;

        r = m_session(c, params, &s);
        if (r < 0)
                return r;
        if (!session_alive(s))
                return session_check_stopped(c, s);
        r = program_maps(session_mem_pid(s), &maps);
        if (r < 0)
                return call_fail_errno(c, -ERR_SYSTEM, -r, "cannot read /proc/%d/maps",
                                       (int)session_mem_pid(s));
        *ret_result = json_pack("{s:o}", "maps", maps);
        return 0;
}

#define SOURCES_SPAN 100000 /* most lines a `sources` range holds */

int m_sources(struct call *c, json_t *params, json_t **ret_result)
{
        const char *file = jrpc_param_str(params, "file", NULL);
        long long from = jrpc_param_int(params, "from", 1);
        long long to = jrpc_param_int(params, "to", from + 10000);
        struct session *s;
        int r;

        r = stopped_session(c, params, &s);
        if (r < 0)
                return r;
        if (from < 1)
                from = 1;
        if (file && (to < from || to - from > SOURCES_SPAN || to > INT32_MAX))
                return call_fail(c, -ERR_INVALID_PARAMS,
                                 "lines %lld to %lld: `to` must be from `from` to `from` + %d",
                                 from, to, SOURCES_SPAN);
        r = program_sources(s->program, file, (int)from, (int)to, ret_result);
        if (r < 0)
                return call_fail_errno(c, -ERR_SYSTEM, -r,
                                       "cannot read the modules of session %d", s->id);
        return 0;
}

int m_disasm(struct call *c, json_t *params, json_t **ret_result)
{
        long long count = jrpc_param_int(params, "count", 10);
        struct session *s;
        struct code_mem m;
        uint64_t addr;
        json_t *list;
        int r;

        r = stopped_session(c, params, &s);
        if (r < 0)
                return r;
        if (count > MAX_DISASM) {
                call_error_set(c, "limit", json_integer(MAX_DISASM));
                return call_fail(c, -ERR_LIMIT, "at most %d instructions per call", MAX_DISASM);
        }
        addr = jrpc_param_addr(params, "address", s->pc);
        m = (struct code_mem){ .pid = session_mem_pid(s), .bps = &s->bps };
        r = disasm_json(&m, s->program, addr, (size_t)count, &list);
        if (r == -ERR_MEMORY) {
                call_error_set(c, "address", jrpc_addr(addr));
                call_error_set(c, "readable", json_integer(0));
                return call_fail(c, r, "no code can be read at 0x%llx",
                                 (unsigned long long)addr);
        }
        if (r < 0)
                return r;
        *ret_result = json_pack("{s:o}", "instructions", list);
        return 0;
}

int m_backtrace(struct call *c, json_t *params, json_t **ret_result)
{
        long long limit = jrpc_param_int(params, "limit", 64),
                  outer = jrpc_param_int(params, "outer", 0),
                  start = jrpc_param_int(params, "start", 0);
        struct program_bt bt;
        struct session *s;
        int r;

        r = stopped_session(c, params, &s);
        if (r < 0)
                return r;
        if (limit > MAX_FRAMES || outer > MAX_FRAMES) {
                call_error_set(c, limit > MAX_FRAMES ? "limit" : "outer",
                               json_integer(MAX_FRAMES));
                return call_fail(c, -ERR_LIMIT, "at most %d frames per call", MAX_FRAMES);
        }
        if (limit < 1)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.limit: at least 1 frame");
        if (outer < 0 || start < 0)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.%s: not negative",
                                 outer < 0 ? "outer" : "start");
        r = program_backtrace(s->program, (size_t)start, (size_t)limit, (size_t)outer, &bt);
        if (r < 0)
                return call_fail_errno(c, -ERR_SYSTEM, r > -ERR__BASE ? -r : EIO,
                                       "cannot unwind the stack of session %d", s->id);
        *ret_result = json_pack("{s:o}", "frames", bt.frames);
        if (bt.error)
                json_object_set_new(*ret_result, "error", bt.error);
        if (bt.more)
                json_object_set_new(*ret_result, "truncated", json_true());
        if (bt.outer)
                json_object_set_new(*ret_result, "outer", bt.outer);
        if ((outer || start) && bt.depth >= 0)
                json_object_set_new(*ret_result, "depth", json_integer(bt.depth));
        else if (bt.unended)
                json_object_set_new(*ret_result, "depth_over", json_integer(PROGRAM_BT_WALK));
        return 0;
}

/* How long a function print calls may run, by default and at most (seconds): the
 * daemon's loop waits for it (infcall.c). */
#define PRINT_CALL_TIMEOUT 5.0
#define PRINT_CALL_TIMEOUT_MAX 60

/* locals and print: errors of program_vars, said for the frame. */
static int vars_fail(struct call *c, struct session *s, int r, size_t frame, const char *name)
{
        if (r == -ERANGE) {
                call_error_set(c, "frame", json_integer((json_int_t)frame));
                return call_fail(c, -ERR_INVALID_PARAMS, "params.frame: the stack has no "
                                                         "frame %zu", frame);
        }
        if (r == -EINVAL && name)
                return call_fail(c, -ERR_INVALID_PARAMS,
                                 "params.name: \"%s\" is not a variable, nor NAME followed by "
                                 ".member, ->member or [index], with * or & before, nor an "
                                 "expression of C's operators", name);
        if (r == -ERR_NO_SYMBOL && name) {
                call_error_set(c, "name", json_string(name));
                return call_fail(c, r, "no variable \"%s\" in frame %zu, its file or the "
                                       "program's globals", name, frame);
        }
        if (r == -ERR_NO_SYMBOL)
                return call_fail(c, r, "frame %zu has no debug information (DWARF) for its "
                                       "variables", frame);
        return call_fail_errno(c, -ERR_SYSTEM, r > -ERR__BASE ? -r : EIO,
                               "cannot read the variables of session %d", s->id);
}

/* The format param's letter (the codec checked it is one of format_choices), or 0. */
static char vars_format(json_t *params)
{
        const char *f = jrpc_param_str(params, "format", NULL);

        return f ? f[0] : 0;
}

int m_locals(struct call *c, json_t *params, json_t **ret_result)
{
        size_t frame = (size_t)jrpc_param_int(params, "frame", 0);
        struct session *s;
        int r;

        r = stopped_session(c, params, &s);
        if (r < 0)
                return r;
        r = program_vars(s->program, frame, NULL, vars_format(params), ret_result);
        return r < 0 ? vars_fail(c, s, r, frame, NULL) : 0;
}

/* print's calls: the id of the user's breakpoint at addr, 0 for none (or dbgd's own). */
static int print_break_at(void *ctx, uint64_t addr)
{
        struct session *s = ctx;
        struct breakpoint *b = bp_find_addr(&s->bps, addr);

        return b && !b->internal ? b->id : 0;
}

int m_print(struct call *c, json_t *params, json_t **ret_result)
{
        size_t frame = (size_t)jrpc_param_int(params, "frame", 0);
        const char *name = jrpc_param_str(params, "name", "");
        uint64_t timeout = m_timeout_ms(params, "timeout", PRINT_CALL_TIMEOUT);
        const char *reason;
        struct program_calls calls = { .break_at = print_break_at };
        struct session *s;
        int r;

        r = stopped_session(c, params, &s);
        if (r < 0)
                return r;
        if (timeout > PRINT_CALL_TIMEOUT_MAX * 1000)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.timeout: at most %d seconds "
                                                         "(the daemon waits for the call)",
                                 PRINT_CALL_TIMEOUT_MAX);
        calls.timeout_ms = (unsigned)timeout;
        calls.ctx = s;
        reason = json_string_value(json_object_get(s->stop, "reason"));
        if (reason && !strcmp(reason, "syscall-entry"))
                calls.refuse = "calls of the program's functions are refused at a "
                               "syscall-entry stop (the system call would not run as it "
                               "should): step it to its exit first";
        *ret_result = NULL;
        program_set_calls(s->program, &calls);
        r = program_vars(s->program, frame, name, vars_format(params), ret_result);
        program_set_calls(s->program, NULL);
        if (r < 0 && calls.fail && json_is_string(*ret_result)) { /* a call's failure */
                if (calls.ran && r == -ERR_STATE)
                        call_error_set(c, "call", json_string("abandoned"));
                r = call_fail(c, r, "params.name: \"%s\": %s", name,
                              json_string_value(*ret_result));
                json_decref(*ret_result);
                *ret_result = NULL;
                return r;
        }
        if (r == -ERR_NO_SYMBOL && json_is_string(*ret_result)) {
                /* a qualified name whose scope has no such member, in gdb's words */
                call_error_set(c, "name", json_string(name));
                r = call_fail(c, r, "params.name: \"%s\": %s", name,
                              json_string_value(*ret_result));
                json_decref(*ret_result);
                *ret_result = NULL;
                return r;
        }
        if (r == -EINVAL && json_is_string(*ret_result)) { /* why it is no expression */
                r = call_fail(c, -ERR_INVALID_PARAMS, "params.name: \"%s\": %s", name,
                              json_string_value(*ret_result));
                json_decref(*ret_result);
                *ret_result = NULL;
                return r;
        }
        return r < 0 ? vars_fail(c, s, r, frame, name) : 0;
}

/* The last OUTPUT_TAIL bytes of a stream: {text, bytes (ever written), truncated}. */
static json_t *output_tail(struct session *s, int stream)
{
        const struct output_ring *ring = &s->out[stream];
        uint64_t from = ring->total > OUTPUT_TAIL ? ring->total - OUTPUT_TAIL : 0, start;
        char *data = NULL, *text;
        size_t len = 0, tlen = 0;
        json_t *o;

        if (output_ring_read(ring, from, &data, &len, &start) < 0)
                return NULL;
        text = encode_utf8_repair(data, len, &tlen);
        free(data);
        if (!text)
                return NULL;
        o = json_pack("{s:s%,s:I,s:b}", "text", text, tlen, "bytes", (json_int_t)ring->total,
                      "truncated", start > 0);
        free(text);
        return o;
}

int m_report(struct call *c, json_t *params, json_t **ret_result)
{
        struct session *s;
        json_t *o, *status, *snap = NULL, *cmd, *v;
        const char *key;
        int r;

        r = m_session(c, params, &s);
        if (r < 0)
                return r;
        status = session_status_json(s);
        if (!status)
                return -ENOMEM;
        o = json_object();
        cmd = json_array();
        json_array_append_new(cmd, json_string(s->path));
        json_array_extend(cmd, s->args);
        json_object_set_new(o, "command_line", cmd);
        /* session, pid, path, args, state, seq, stop / exit_code / signal, core_dumped */
        json_object_foreach(status, key, v)
                json_object_set(o, key, v);
        json_decref(status);

        if (s->state == STATE_EXITED)
                json_object_set_new(o, "exit_status", json_integer(s->exit_code));
        if (s->state == STATE_KILLED)
                json_object_set_new(o, "exit_status", json_integer(128 + s->term_sig));

        if (s->state == STATE_STOPPED && s->program) {
                pid_t tids[REPORT_THREADS];
                json_t *threads;

                snap = program_snapshot(s->program, s->stop, &s->bps);
                threads = program_thread_stacks(s->program, tids,
                                                task_stopped_threads(s, tids, REPORT_THREADS));
                if (snap && threads)
                        json_object_set_new(snap, "threads", threads);
                else
                        json_decref(threads);
                json_object_set_new(o, "live", json_true());
        } else if (s->state == STATE_KILLED && program_crash(s->program)) {
                json_t *sig = json_object_get(json_object_get(program_crash(s->program), "stop"),
                                              "signal");

                /* Only the snapshot of the signal the process died of. */
                if (json_integer_value(json_object_get(sig, "number")) == s->term_sig) {
                        snap = json_incref(program_crash(s->program));
                        /* The death's signal, with the stop's si_code and address. */
                        json_object_set(o, "signal", sig);
                }
                json_object_set_new(o, "live", json_false());
        } else {
                json_object_set_new(o, "live", json_false());
        }
        if (snap) {
                json_object_foreach(snap, key, v)
                        if (!json_object_get(o, key))
                                json_object_set(o, key, v);
                if (s->state == STATE_STOPPED && json_object_get(s->stop, "signal"))
                        json_object_set(o, "signal", json_object_get(s->stop, "signal"));
                json_decref(snap);
        }
        json_object_set_new(o, "syscalls", session_syscall_log(s));
        if (!json_is_array(json_object_get(o, "syscalls")))
                json_object_set_new(o, "syscalls", json_array());
        json_object_set_new(o, "stdout", output_tail(s, OUT_STDOUT));
        json_object_set_new(o, "stderr", output_tail(s, OUT_STDERR));
        if (s->child_crashes)
                json_object_set(o, "children", s->child_crashes);
        if (s->child_crashes_omitted)
                json_object_set_new(o, "children_omitted",
                                    json_integer(s->child_crashes_omitted));
        *ret_result = o;
        return 0;
}
