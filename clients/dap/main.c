/* dbgd-dap — a Debug Adapter Protocol bridge: an editor (VS Code, Neovim's nvim-dap,
 * Emacs' dape, ...) starts it as its debug adapter and speaks DAP on its stdin and
 * stdout; it drives one dbgd session through the JSON-RPC API, found as dbgctl finds
 * dbgd (DBGD_URL and DBGD_TOKEN, else the state directory's url and token files).
 *
 * What it maps (docs/dap.md has the table):
 *   launch {program, args, cwd, env, stopOnEntry}   spawn (stop "main" with
 *                                                   stopOnEntry, else "exec")
 *   setBreakpoints, setFunctionBreakpoints          break FILE:LINE / NAME, pending
 *   configurationDone, continue                     cont (wait: false)
 *   next, stepIn, stepOut                           step line over / step line / finish
 *   pause                                           pause
 *   threads, stackTrace                             threads, thread + backtrace
 *   scopes, variables                               Arguments and Locals: locals
 *   evaluate                                        print
 *   disconnect, terminate                           close
 * and it sends the events stopped (breakpoint, step, pause, exception for a signal,
 * entry, data breakpoint), output (the program's stdout and stderr), exited and
 * terminated.
 *
 * One thread, one loop: while the program runs, the loop waits for its next stop with
 * `wait` (output: true, at most 0.2 s) between reads of stdin, so that a pause or a
 * disconnect is served within that time. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "wire.h"

#define WAIT_S 0.2      /* longest a running program's wait holds the loop */
#define MAX_HANDLES 4096 /* frames and scopes given ids since the last stop */

/* A frame or a scope an id was given for: the thread, the frame's index, the scope. */
enum handle_kind { H_FRAME, H_ARGS, H_LOCALS };

struct handle {
        long long tid;
        int frame;
        enum handle_kind kind;
};

struct adapter {
        struct dbgctl_client c;
        long long session;      /* -1 before launch */
        bool running;           /* resumed: waiting for its next stop */
        bool entry_stop;        /* launch with stopOnEntry: report the spawn's stop */
        bool done;              /* disconnect: leave */
        bool ended;             /* exited and terminated were sent */
        long long seq;
        long long out_off[2];
        json_t *source_bps;     /* path -> [breakpoint ids] */
        json_t *function_bps;   /* [breakpoint ids] */
        json_t *bp_places;      /* "id" of a breakpoint in a `more` -> the id the editor
                                 * knows (a line in a template: one place per instance) */
        struct handle handles[MAX_HANDLES];
        size_t n_handles;
        long long selected_tid; /* the thread dbgd has current */
};

/* ---- sending -------------------------------------------------------------------- */

static void send_msg(struct adapter *a, json_t *msg)
{
        json_object_set_new(msg, "seq", json_integer(++a->seq));
        dap_write(stdout, msg);
        json_decref(msg);
}

static void send_event(struct adapter *a, const char *event, json_t *body)
{
        json_t *m = json_pack("{s:s,s:s}", "type", "event", "event", event);

        if (body)
                json_object_set_new(m, "body", body);
        send_msg(a, m);
}

static void respond(struct adapter *a, json_t *req, json_t *body)
{
        json_t *m = json_pack("{s:s,s:O,s:O,s:b}", "type", "response", "request_seq",
                              json_object_get(req, "seq"), "command",
                              json_object_get(req, "command"), "success", 1);

        json_object_set_new(m, "body", body ? body : json_object());
        send_msg(a, m);
}

static void respond_error(struct adapter *a, json_t *req, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void respond_error(struct adapter *a, json_t *req, const char *fmt, ...)
{
        char text[1024];
        va_list ap;
        json_t *m;

        va_start(ap, fmt);
        vsnprintf(text, sizeof(text), fmt, ap);
        va_end(ap);
        m = json_pack("{s:s,s:O,s:O,s:b,s:s,s:{s:{s:i,s:s,s:b}}}", "type", "response",
                      "request_seq", json_object_get(req, "seq"), "command",
                      json_object_get(req, "command"), "success", 0, "message", text, "body",
                      "error", "id", 1, "format", text, "showUser", 1);
        send_msg(a, m);
}

/* ---- calling dbgd ---------------------------------------------------------------- */

/* Call method with params (stolen): 0 with *ret (may be NULL), or -1 with why in err. */
static int call(struct adapter *a, const char *method, json_t *params, json_t **ret,
                char *err, size_t errlen)
{
        json_t *result = NULL, *error = NULL;
        int r = transport_call(a->c.t, method, params, &result, &error, err, errlen);

        json_decref(params);
        if (r == TRANSPORT_RPC_ERROR) {
                json_t *data = json_object_get(error, "data");
                const char *detail = json_string_value(json_object_get(data, "detail"));
                const char *msg = json_string_value(json_object_get(error, "message"));

                snprintf(err, errlen, "%s", detail ? detail : msg ? msg : "dbgd error");
                json_decref(error);
                return -1;
        }
        if (r != TRANSPORT_OK)
                return -1;
        if (ret)
                *ret = result;
        else
                json_decref(result);
        return 0;
}

static json_t *sparams(struct adapter *a)
{
        return json_pack("{s:I}", "session", (json_int_t)a->session);
}

/* ---- the program's output and end ---------------------------------------------- */

static void forward_output(struct adapter *a)
{
        static const char *const streams[] = { "stdout", "stderr" };
        char err[256];

        for (int i = 0; i < 2 && a->session >= 0; i++) {
                for (int round = 0; round < 64; round++) {
                        json_t *p = sparams(a), *res;
                        const char *text;

                        json_object_set_new(p, "stream", json_string(streams[i]));
                        json_object_set_new(p, "offset", json_integer(a->out_off[i]));
                        if (call(a, "output", p, &res, err, sizeof(err)) < 0)
                                break;
                        text = json_string_value(json_object_get(res, "text"));
                        a->out_off[i] = json_integer_value(json_object_get(res, "next_offset"));
                        if (!text || !*text) {
                                json_decref(res);
                                break;
                        }
                        send_event(a, "output", json_pack("{s:s,s:s}", "category", streams[i],
                                                          "output", text));
                        json_decref(res);
                }
        }
}

static void reset_handles(struct adapter *a)
{
        a->n_handles = 0;
}

/* The DAP stop reason of a dbgd stop. */
static const char *stop_reason(json_t *stop, bool *ret_exception)
{
        const char *r = json_string_value(json_object_get(stop, "reason"));

        *ret_exception = false;
        if (!r)
                return "pause";
        if (!strcmp(r, "breakpoint"))
                return "breakpoint";
        if (!strcmp(r, "step") || !strcmp(r, "finish"))
                return "step";
        if (!strcmp(r, "watchpoint"))
                return "data breakpoint";
        if (!strcmp(r, "signal")) {
                *ret_exception = true;
                return "exception";
        }
        if (!strcmp(r, "exec") || !strcmp(r, "entry") || !strcmp(r, "main"))
                return "entry";
        return "pause"; /* interrupt (pause), syscalls */
}

/* A status after a resume, a wait or a pause: the matching events. */
static void on_status(struct adapter *a, json_t *st)
{
        const char *state = json_string_value(json_object_get(st, "state"));

        forward_output(a);
        if (!state || !strcmp(state, "running")) {
                a->running = true;
                return;
        }
        a->running = false;
        reset_handles(a);
        if (!strcmp(state, "stopped")) {
                json_t *stop = json_object_get(st, "stop"), *body;
                bool exception;
                const char *reason = stop_reason(stop, &exception);
                json_t *sig = json_object_get(stop, "signal");

                a->selected_tid = json_integer_value(json_object_get(stop, "thread"));
                body = json_pack("{s:s,s:I,s:b}", "reason", reason, "threadId",
                                 (json_int_t)a->selected_tid, "allThreadsStopped", 1);
                if (exception && json_object_get(sig, "name"))
                        json_object_set(body, "text", json_object_get(sig, "name"));
                if (json_is_integer(json_object_get(stop, "breakpoint"))) {
                        json_t *id = json_object_get(stop, "breakpoint"), *known;
                        char key[32];

                        snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT,
                                 json_integer_value(id));
                        known = json_object_get(a->bp_places, key);
                        json_object_set_new(body, "hitBreakpointIds",
                                            json_pack("[O]", known ? known : id));
                }
                send_event(a, "stopped", body);
                return;
        }
        if (!a->ended) { /* exited, killed */
                long long code = json_integer_value(json_object_get(st, "exit_code"));

                if (!strcmp(state, "killed"))
                        code = 128 + json_integer_value(
                                             json_object_get(json_object_get(st, "signal"), "number"));
                send_event(a, "exited", json_pack("{s:I}", "exitCode", (json_int_t)code));
                send_event(a, "terminated", NULL);
                a->ended = true;
        }
}

/* ---- requests -------------------------------------------------------------------- */

static json_t *args_of(json_t *req)
{
        json_t *v = json_object_get(req, "arguments");

        return json_is_object(v) ? v : NULL;
}

static void do_initialize(struct adapter *a, json_t *req)
{
        respond(a, req,
                json_pack("{s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b}",
                          "supportsConfigurationDoneRequest", 1,
                          "supportsFunctionBreakpoints", 1, "supportsEvaluateForHovers", 1,
                          "supportsTerminateRequest", 1, "supportsConditionalBreakpoints", 1,
                          "supportsHitConditionalBreakpoints", 1, "supportsDataBreakpoints", 0,
                          "supportsValueFormattingOptions", 1));
}

static void do_launch(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req), *p, *st;
        const char *program = json_string_value(json_object_get(args, "program"));
        char err[512];

        if (!program) {
                respond_error(a, req, "launch: `program` is required (the path to run)");
                return;
        }
        if (a->session >= 0) {
                respond_error(a, req, "launch: a program is already running");
                return;
        }
        a->entry_stop = json_is_true(json_object_get(args, "stopOnEntry"));
        p = json_pack("{s:s,s:s}", "path", program, "stop", a->entry_stop ? "main" : "exec");
        if (json_is_array(json_object_get(args, "args")))
                json_object_set(p, "args", json_object_get(args, "args"));
        if (json_is_string(json_object_get(args, "cwd")))
                json_object_set(p, "cwd", json_object_get(args, "cwd"));
        if (json_is_object(json_object_get(args, "env")))
                json_object_set(p, "env", json_object_get(args, "env"));
        if (call(a, "spawn", p, &st, err, sizeof(err)) < 0) {
                respond_error(a, req, "cannot launch %s: %s", program, err);
                return;
        }
        a->session = json_integer_value(json_object_get(st, "session"));
        a->selected_tid = json_integer_value(json_object_get(st, "pid"));
        json_decref(st);
        respond(a, req, NULL);
        send_event(a, "process", json_pack("{s:s,s:I,s:b,s:s}", "name", program,
                                           "systemProcessId", (json_int_t)a->selected_tid,
                                           "isLocalProcess", 1, "startMethod", "launch"));
        send_event(a, "initialized", NULL); /* now the breakpoints */
}

/* Set one breakpoint (symbol: FILE:LINE or a function), pending until its library
 * loads, with the DAP breakpoint's condition (dbgd's: the program's variables, as
 * gdb's) and hitCondition (a count N: stop from the Nth hit on, dbgd's ignore N-1, as
 * the gdb-based adapters read it): the DAP Breakpoint. */
static json_t *set_one(struct adapter *a, const char *symbol, int line, json_t *req_bp,
                       json_t *ids)
{
        const char *cond = json_string_value(json_object_get(req_bp, "condition"));
        const char *hit = json_string_value(json_object_get(req_bp, "hitCondition"));
        json_t *p = sparams(a), *res, *bp, *more;
        char err[512], *end;
        size_t i;

        json_object_set_new(p, "symbol", json_string(symbol));
        if (cond && *cond)
                json_object_set_new(p, "condition", json_string(cond));
        if (hit && *hit) {
                long long n = strtoll(hit, &end, 10);

                if (*end || end == hit || n < 1) {
                        json_decref(p);
                        return json_pack("{s:b,s:s}", "verified", 0, "message",
                                         "hitCondition: a number of hits, 1 or more");
                }
                json_object_set_new(p, "ignore", json_integer(n - 1));
        }
        if (call(a, "break", json_incref(p), &res, err, sizeof(err)) < 0) {
                /* A line of a file that has no code there is an error, as gdb's "No line
                 * 36 in file"; a file or function nothing loaded has yet waits for a
                 * library (pending). */
                if (strstr(err, "No line ") || strstr(err, "params.condition")) {
                        json_decref(p);
                        return json_pack("{s:b,s:s}", "verified", 0, "message", err);
                }
                json_object_set_new(p, "pending", json_true());
                if (call(a, "break", json_incref(p), &res, err, sizeof(err)) < 0) {
                        json_decref(p);
                        return json_pack("{s:b,s:s}", "verified", 0, "message", err);
                }
        }
        json_decref(p);
        bp = json_pack("{s:O,s:b}", "id", json_object_get(res, "breakpoint"), "verified",
                       !json_is_true(json_object_get(res, "pending")));
        /* the line it went to, as gdb says it: a line without code moves to the next */
        if (json_is_integer(json_object_get(json_object_get(res, "source"), "line")))
                json_object_set(bp, "line",
                                json_object_get(json_object_get(res, "source"), "line"));
        else if (line > 0)
                json_object_set_new(bp, "line", json_integer(line));
        if (json_is_true(json_object_get(res, "pending")))
                json_object_set_new(bp, "message",
                                    json_string("pending: no loaded module has it yet; "
                                                "placed when a library that has it loads"));
        json_array_append(ids, json_object_get(res, "breakpoint"));
        /* The spec's other places are the same DAP breakpoint: a hit on one reports it. */
        json_array_foreach(json_object_get(res, "more"), i, more) {
                char key[32];

                snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT,
                         json_integer_value(json_object_get(more, "breakpoint")));
                json_object_set(a->bp_places, key, json_object_get(res, "breakpoint"));
                json_array_append(ids, json_object_get(more, "breakpoint"));
        }
        json_decref(res);
        return bp;
}

/* Is dbgd breakpoint id also one of another list's than ids (dbgd keeps one breakpoint
 * per address: a line's and a function's at one place are the same)? */
static bool in_list(json_t *list, json_t *id)
{
        size_t i;
        json_t *v;

        json_array_foreach(list, i, v)
                if (json_equal(v, id))
                        return true;
        return false;
}

static bool held_elsewhere(struct adapter *a, json_t *ids, json_t *id)
{
        const char *path;
        json_t *list;

        json_object_foreach(a->source_bps, path, list)
                if (list != ids && in_list(list, id))
                        return true;
        return a->function_bps != ids && in_list(a->function_bps, id);
}

static void delete_all(struct adapter *a, json_t *ids)
{
        size_t i;
        json_t *id;
        char err[256];

        json_array_foreach(ids, i, id) {
                json_t *p;
                char key[32];

                if (held_elsewhere(a, ids, id))
                        continue; /* the other breakpoint there stays */
                p = sparams(a);
                snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT, json_integer_value(id));
                json_object_del(a->bp_places, key);
                json_object_set(p, "breakpoint", id);
                call(a, "delete", p, NULL, err, sizeof(err));
        }
        json_array_clear(ids);
}

static void do_set_breakpoints(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req), *src = json_object_get(args, "source"), *list, *ids, *out,
               *b;
        const char *path = json_string_value(json_object_get(src, "path"));
        size_t i;

        if (a->session < 0 || !path) {
                respond_error(a, req, "setBreakpoints: %s",
                              a->session < 0 ? "launch first" : "source.path is required");
                return;
        }
        ids = json_object_get(a->source_bps, path);
        if (!ids) {
                ids = json_array();
                json_object_set_new(a->source_bps, path, ids);
        }
        delete_all(a, ids);
        out = json_array();
        list = json_object_get(args, "breakpoints");
        json_array_foreach(list, i, b) {
                int line = (int)json_integer_value(json_object_get(b, "line"));
                char spec[4096];

                snprintf(spec, sizeof(spec), "%s:%d", path, line);
                json_array_append_new(out, set_one(a, spec, line, b, ids));
        }
        respond(a, req, json_pack("{s:o}", "breakpoints", out));
}

static void do_set_function_breakpoints(struct adapter *a, json_t *req)
{
        json_t *list = json_object_get(args_of(req), "breakpoints"), *out, *b;
        size_t i;

        if (a->session < 0) {
                respond_error(a, req, "setFunctionBreakpoints: launch first");
                return;
        }
        delete_all(a, a->function_bps);
        out = json_array();
        json_array_foreach(list, i, b) {
                const char *name = json_string_value(json_object_get(b, "name"));

                json_array_append_new(out, name ? set_one(a, name, 0, b, a->function_bps)
                                                : json_pack("{s:b}", "verified", 0));
        }
        respond(a, req, json_pack("{s:o}", "breakpoints", out));
}

/* Resume with method and params (stolen); the status answers at once or soon. */
static void resume(struct adapter *a, json_t *req, const char *method, json_t *params,
                   json_t *body)
{
        char err[512];
        json_t *st;

        if (a->session < 0 || a->running) {
                json_decref(params);
                json_decref(body);
                respond_error(a, req, "%s: %s", method,
                              a->session < 0 ? "launch first" : "the program is running");
                return;
        }
        if (call(a, method, params, &st, err, sizeof(err)) < 0) {
                json_decref(body);
                respond_error(a, req, "%s", err);
                return;
        }
        respond(a, req, body);
        on_status(a, st);
        json_decref(st);
}

static void do_configuration_done(struct adapter *a, json_t *req)
{
        json_t *p;

        if (a->session < 0) {
                respond_error(a, req, "configurationDone: launch first");
                return;
        }
        if (a->entry_stop) { /* stopped at main: say so, and wait for the user */
                json_t *st;
                char err[256];

                respond(a, req, NULL);
                if (call(a, "status", sparams(a), &st, err, sizeof(err)) == 0) {
                        on_status(a, st);
                        json_decref(st);
                }
                return;
        }
        p = sparams(a);
        json_object_set_new(p, "wait", json_false());
        resume(a, req, "cont", p, NULL);
}

/* Make tid dbgd's current thread (for backtrace and locals). */
static int select_thread(struct adapter *a, long long tid, char *err, size_t errlen)
{
        json_t *p;

        if (tid <= 0 || tid == a->selected_tid)
                return 0;
        p = sparams(a);
        json_object_set_new(p, "tid", json_integer(tid));
        if (call(a, "thread", p, NULL, err, errlen) < 0)
                return -1;
        a->selected_tid = tid;
        return 0;
}

static long long new_handle(struct adapter *a, long long tid, int frame, enum handle_kind k)
{
        if (a->n_handles == MAX_HANDLES)
                return 0;
        a->handles[a->n_handles] = (struct handle){ tid, frame, k };
        return (long long)++a->n_handles; /* ids start at 1: 0 is "none" in DAP */
}

static const struct handle *get_handle(struct adapter *a, json_t *id)
{
        long long i = json_integer_value(id);

        return i >= 1 && (size_t)i <= a->n_handles ? &a->handles[i - 1] : NULL;
}

static void do_threads(struct adapter *a, json_t *req)
{
        json_t *res, *out = json_array(), *t;
        char err[512];
        size_t i;

        if (a->session < 0 || call(a, "threads", sparams(a), &res, err, sizeof(err)) < 0) {
                respond(a, req, json_pack("{s:o}", "threads", out)); /* none yet */
                return;
        }
        json_array_foreach(json_object_get(res, "threads"), i, t) {
                char name[256];
                const char *n = json_string_value(json_object_get(t, "name"));

                snprintf(name, sizeof(name), "%s (%lld)", n ? n : "thread",
                         (long long)json_integer_value(json_object_get(t, "tid")));
                json_array_append_new(out, json_pack("{s:O,s:s}", "id", json_object_get(t, "tid"),
                                                     "name", name));
        }
        json_decref(res);
        respond(a, req, json_pack("{s:o}", "threads", out));
}

static void do_stack_trace(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req), *p, *res, *out, *f;
        long long tid = json_integer_value(json_object_get(args, "threadId"));
        long long start = json_integer_value(json_object_get(args, "startFrame"));
        long long levels = json_integer_value(json_object_get(args, "levels")), total;
        char err[512];
        size_t i;

        if (a->session < 0 || a->running) {
                respond_error(a, req, "stackTrace: the program is not stopped");
                return;
        }
        if (select_thread(a, tid, err, sizeof(err)) < 0) {
                respond_error(a, req, "%s", err);
                return;
        }
        p = sparams(a);
        /* dbgd walks and counts the frames before startFrame: a client pages through a
         * stack overflow's 30,000 frames */
        if (start < 0)
                start = 0;
        json_object_set_new(p, "start", json_integer(start));
        json_object_set_new(p, "limit", json_integer(levels > 0 && levels <= 1024 ? levels
                                                                                   : 64));
        if (call(a, "backtrace", p, &res, err, sizeof(err)) < 0) {
                respond_error(a, req, "%s", err);
                return;
        }
        out = json_array();
        json_array_foreach(json_object_get(res, "frames"), i, f) {
                json_t *src = json_object_get(f, "source"), *fr;
                const char *fn = json_string_value(json_object_get(f, "function"));
                const char *sym = json_string_value(json_object_get(f, "symbol"));
                bool trampoline = json_is_true(json_object_get(f, "trampoline"));

                if (trampoline) /* the signal's return path, as gdb shows it */
                        fn = "<signal handler called>";

                fr = json_pack("{s:I,s:s,s:I,s:I,s:O}", "id",
                               (json_int_t)new_handle(a, tid ? tid : a->selected_tid,
                                                      (int)(start + (long long)i), H_FRAME),
                               "name", fn ? fn : sym ? sym : json_string_value(json_object_get(f, "pc")),
                               "line", (json_int_t)json_integer_value(json_object_get(src, "line")),
                               "column", (json_int_t)(src ? 1 : 0), "instructionPointerReference",
                               json_object_get(f, "pc"));
                if (src) {
                        const char *file = json_string_value(json_object_get(src, "file"));
                        const char *base = file ? strrchr(file, '/') : NULL;

                        json_object_set_new(fr, "source",
                                            json_pack("{s:s,s:s}", "name", base ? base + 1 : file,
                                                      "path", file));
                }
                if (trampoline) /* a separator, not a place to show */
                        json_object_set_new(fr, "presentationHint", json_string("label"));
                else if (!src)
                        json_object_set_new(fr, "presentationHint", json_string("subtle"));
                json_array_append_new(out, fr);
        }
        /* The whole stack's when dbgd knows it; else as many as there are known to be
         * (one more when truncated, so that a client asks for more). */
        total = start + (long long)json_array_size(json_object_get(res, "frames")) +
                json_is_true(json_object_get(res, "truncated"));
        if (json_is_integer(json_object_get(res, "depth")))
                total = json_integer_value(json_object_get(res, "depth"));
        respond(a, req, json_pack("{s:o,s:I}", "stackFrames", out, "totalFrames",
                                  (json_int_t)total));
        json_decref(res);
}

static void do_scopes(struct adapter *a, json_t *req)
{
        const struct handle *h = get_handle(a, json_object_get(args_of(req), "frameId"));
        long long tid, args_ref, locals_ref;
        int frame;

        if (!h || h->kind != H_FRAME) {
                respond_error(a, req, "scopes: no such frame (frames last until the next "
                                      "resume)");
                return;
        }
        tid = h->tid;
        frame = h->frame;
        args_ref = new_handle(a, tid, frame, H_ARGS);
        locals_ref = new_handle(a, tid, frame, H_LOCALS);
        respond(a, req,
                json_pack("{s:[{s:s,s:s,s:I,s:b},{s:s,s:s,s:I,s:b}]}", "scopes", "name",
                          "Arguments", "presentationHint", "arguments", "variablesReference",
                          (json_int_t)args_ref, "expensive", 0, "name", "Locals",
                          "presentationHint", "locals", "variablesReference",
                          (json_int_t)locals_ref, "expensive", 0));
}

/* DAP's ValueFormat {hex: true} (an editor's "hex" view) as dbgd's format "x". */
static void value_format(json_t *args, json_t *params)
{
        if (json_is_true(json_object_get(json_object_get(args, "format"), "hex")))
                json_object_set_new(params, "format", json_string("x"));
}

static void do_variables(struct adapter *a, json_t *req)
{
        const struct handle *h = get_handle(a, json_object_get(args_of(req), "variablesReference"));
        json_t *p, *res, *out = json_array(), *v;
        char err[512];
        size_t i;

        if (!h || h->kind == H_FRAME) {
                json_decref(out);
                respond_error(a, req, "variables: no such scope");
                return;
        }
        if (select_thread(a, h->tid, err, sizeof(err)) < 0) {
                json_decref(out);
                respond_error(a, req, "%s", err);
                return;
        }
        p = sparams(a);
        json_object_set_new(p, "frame", json_integer(h->frame));
        value_format(args_of(req), p);
        if (call(a, "locals", p, &res, err, sizeof(err)) < 0) {
                /* a frame without DWARF: no variables rather than an error */
                respond(a, req, json_pack("{s:o}", "variables", out));
                return;
        }
        json_array_foreach(json_object_get(res, h->kind == H_ARGS ? "args" : "locals"), i, v) {
                char text[512];
                const char *value = json_string_value(json_object_get(v, "value"));

                if (!value) {
                        snprintf(text, sizeof(text), "<%s>",
                                 json_string_value(json_object_get(v, "error")));
                        value = text;
                }
                json_array_append_new(out, json_pack("{s:O,s:s,s:s,s:i}", "name",
                                                     json_object_get(v, "name"), "value", value,
                                                     "type",
                                                     json_string_value(json_object_get(v, "type"))
                                                             ?: "",
                                                     "variablesReference", 0));
        }
        json_decref(res);
        respond(a, req, json_pack("{s:o}", "variables", out));
}

static void do_evaluate(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req), *p, *res;
        const char *expr = json_string_value(json_object_get(args, "expression"));
        const struct handle *h = get_handle(a, json_object_get(args, "frameId"));
        char err[512];

        if (a->session < 0 || a->running || !expr) {
                respond_error(a, req, "evaluate: %s",
                              !expr ? "expression is required" : "the program is not stopped");
                return;
        }
        if (h && select_thread(a, h->tid, err, sizeof(err)) < 0) {
                respond_error(a, req, "%s", err);
                return;
        }
        p = sparams(a);
        json_object_set_new(p, "name", json_string(expr));
        json_object_set_new(p, "frame", json_integer(h && h->kind == H_FRAME ? h->frame : 0));
        value_format(args, p);
        if (call(a, "print", p, &res, err, sizeof(err)) < 0) {
                respond_error(a, req, "%s", err);
                return;
        }
        if (!json_object_get(res, "value")) {
                respond_error(a, req, "%s: %s", expr,
                              json_string_value(json_object_get(res, "error")));
        } else {
                respond(a, req, json_pack("{s:O,s:s,s:i}", "result", json_object_get(res, "value"),
                                          "type",
                                          json_string_value(json_object_get(res, "type")) ?: "",
                                          "variablesReference", 0));
        }
        json_decref(res);
}

static void do_step(struct adapter *a, json_t *req, const char *command)
{
        json_t *args = args_of(req), *p;
        long long tid = json_integer_value(json_object_get(args, "threadId"));
        char err[512];

        if (a->session >= 0 && !a->running && select_thread(a, tid, err, sizeof(err)) < 0) {
                respond_error(a, req, "%s", err);
                return;
        }
        p = sparams(a);
        json_object_set_new(p, "timeout", json_real(0.05));
        if (!strcmp(command, "stepOut")) {
                resume(a, req, "finish", p, NULL);
                return;
        }
        json_object_set_new(p, "line", json_true());
        if (!strcmp(command, "next"))
                json_object_set_new(p, "over", json_true());
        resume(a, req, "step", p, NULL);
}

static void do_pause(struct adapter *a, json_t *req)
{
        char err[512];
        json_t *st;

        if (a->session < 0 || !a->running) {
                respond(a, req, NULL); /* nothing runs: nothing to do */
                return;
        }
        if (call(a, "pause", sparams(a), &st, err, sizeof(err)) < 0) {
                respond_error(a, req, "%s", err);
                return;
        }
        respond(a, req, NULL);
        on_status(a, st);
        json_decref(st);
}

static void do_end(struct adapter *a, json_t *req, bool disconnect)
{
        char err[256];

        if (a->session >= 0) {
                forward_output(a);
                call(a, "close", sparams(a), NULL, err, sizeof(err));
                a->session = -1;
        }
        a->running = false;
        respond(a, req, NULL);
        if (!a->ended) {
                send_event(a, "terminated", NULL);
                a->ended = true;
        }
        if (disconnect)
                a->done = true;
}

static void handle(struct adapter *a, json_t *req)
{
        const char *cmd = json_string_value(json_object_get(req, "command"));
        json_t *p;

        if (!cmd || strcmp(json_string_value(json_object_get(req, "type")) ?: "", "request"))
                return; /* responses to reverse requests, or junk: nothing to answer */
        if (!strcmp(cmd, "initialize"))
                do_initialize(a, req);
        else if (!strcmp(cmd, "launch"))
                do_launch(a, req);
        else if (!strcmp(cmd, "setBreakpoints"))
                do_set_breakpoints(a, req);
        else if (!strcmp(cmd, "setFunctionBreakpoints"))
                do_set_function_breakpoints(a, req);
        else if (!strcmp(cmd, "setExceptionBreakpoints"))
                respond(a, req, NULL); /* signals always stop */
        else if (!strcmp(cmd, "configurationDone"))
                do_configuration_done(a, req);
        else if (!strcmp(cmd, "threads"))
                do_threads(a, req);
        else if (!strcmp(cmd, "stackTrace"))
                do_stack_trace(a, req);
        else if (!strcmp(cmd, "scopes"))
                do_scopes(a, req);
        else if (!strcmp(cmd, "variables"))
                do_variables(a, req);
        else if (!strcmp(cmd, "evaluate"))
                do_evaluate(a, req);
        else if (!strcmp(cmd, "continue")) {
                p = sparams(a);
                json_object_set_new(p, "wait", json_false());
                resume(a, req, "cont", p, json_pack("{s:b}", "allThreadsContinued", 1));
        } else if (!strcmp(cmd, "next") || !strcmp(cmd, "stepIn") || !strcmp(cmd, "stepOut"))
                do_step(a, req, cmd);
        else if (!strcmp(cmd, "pause"))
                do_pause(a, req);
        else if (!strcmp(cmd, "disconnect"))
                do_end(a, req, true);
        else if (!strcmp(cmd, "terminate"))
                do_end(a, req, false);
        else
                respond_error(a, req, "%s is not supported by dbgd-dap", cmd);
}

/* ---- the loop -------------------------------------------------------------------- */

/* While the program runs: its next stop, end or output, waiting at most WAIT_S. */
static void poll_program(struct adapter *a)
{
        json_t *p = sparams(a), *st;
        char err[256];

        json_object_set_new(p, "timeout", json_real(WAIT_S));
        json_object_set_new(p, "output", json_true());
        if (call(a, "wait", p, &st, err, sizeof(err)) < 0) {
                fprintf(stderr, "dbgd-dap: %s\n", err);
                a->running = false;
                return;
        }
        on_status(a, st);
        json_decref(st);
}

int main(void)
{
        struct adapter a = { .session = -1 };
        struct dbgctl_args args = { .count = -1, .timeout = -1, .offset = -1, .limit = -1,
                                    .length = -1, .frame = -1 };
        struct dap_reader rd = { 0 };
        int rc = 0;

        if (client_open(&a.c, &args) != DBGCTL_EXIT_OK)
                return 1;
        a.source_bps = json_object();
        a.function_bps = json_array();
        a.bp_places = json_object();
        while (!a.done) {
                struct pollfd pf = { .fd = STDIN_FILENO, .events = POLLIN };
                json_t *msg;
                int r;

                r = poll(&pf, 1, a.running ? 0 : -1);
                if (r < 0 && errno != EINTR)
                        break;
                if (r > 0) {
                        char buf[65536];
                        ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

                        if (n <= 0)
                                break; /* the editor went: close the session below */
                        if (dap_feed(&rd, buf, (size_t)n) < 0)
                                break;
                        while ((r = dap_next(&rd, &msg)) > 0) {
                                handle(&a, msg);
                                json_decref(msg);
                                if (a.done)
                                        break;
                        }
                        if (r < 0) {
                                fprintf(stderr, "dbgd-dap: malformed DAP message\n");
                                rc = 1;
                                break;
                        }
                        continue;
                }
                if (a.running)
                        poll_program(&a);
        }
        if (a.session >= 0) {
                char err[256];

                call(&a, "close", sparams(&a), NULL, err, sizeof(err));
        }
        dap_reader_free(&rd);
        json_decref(a.source_bps);
        json_decref(a.function_bps);
        json_decref(a.bp_places);
        client_close(&a.c);
        return rc;
}
