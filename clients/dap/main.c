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
 *   setInstructionBreakpoints                       break ADDRESS
 *   logpoints (logMessage)                          break, and at a hit print each
 *                                                   {expression}, log, cont
 *   dataBreakpointInfo, setDataBreakpoints          print &(x), sizeof(x); watch
 *   next, stepIn, stepOut                           step line over / step line / finish
 *     granularity "instruction"                     step over / step
 *   pause                                           pause
 *   threads, stackTrace                             threads, thread + backtrace
 *   scopes, variables                               Arguments and Locals: locals
 *   evaluate                                        print
 *   exceptionInfo                                   the last stop's signal
 *   disassemble                                     disasm (backwards: symbols)
 *   readMemory, writeMemory                         peek, poke (base64); maps
 *   modules                                         maps; module events at stops
 *   attach {processId}                              attach (disconnect: detach)
 *   variables of a variable, setVariable            gdbval.c on print's text; poke
 *   disconnect, terminate                           close (terminateDebuggee false:
 *                                                   delete, handle, cont; left open)
 *   restart                                         close, spawn, breakpoints again
 *   loadedSources, breakpointLocations              sources
 *   source (a file not readable here)               source, 1000 lines a call
 *   completions                                     locals, symbols PREFIX*; after
 *                                                   . or ->: print's value's members
 *   stepInTargets, stepIn {targetId}                disasm of the pc's line, its calls
 *                                                   named by symbols; step over to the
 *                                                   call, then step line
 *   cancel                                          nothing (all answered in order)
 * and it sends the events stopped (breakpoint, instruction breakpoint, step, pause,
 * exception for a signal, entry, data breakpoint), output (the program's stdout and
 * stderr, logpoints' messages), invalidated, module, loadedSource (at the stops whose
 * modules changed), breakpoint (changed: restart's, under the editor's ids), exited and
 * terminated.
 *
 * A stop the editor is not to see (a logpoint's hit, a data breakpoint's hit that its
 * condition or hit count lets go on) resumes at once, in on_status, the one place
 * that reads stops.
 *
 * One thread, one loop: while the program runs, the loop waits for its next stop with
 * `wait` (output: true, at most 0.2 s) between reads of stdin, so that a pause or a
 * disconnect is served within that time. */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "gdbval.h"
#include "logmsg.h"
#include "wire.h"

#define WAIT_S 0.2      /* longest a running program's wait holds the loop */
#define MAX_HANDLES 65536 /* frames, scopes and variables given ids since the last stop */
/* DAP ids of data breakpoints are this plus dbgd's watchpoint id: dbgd numbers its
 * watchpoints apart from its breakpoints, and an editor's ids are one namespace. */
#define DATA_BP_BASE 1000000
#define READ_MAX (4u << 20) /* readMemory's largest count: 5.3 MiB of base64 to send */
#define DISASM_MAX 4096     /* disassemble's largest instructionCount (and |offset|) */

/* A frame, a scope or a variable an id was given for: the thread, the frame's index,
 * the scope; a variable's var says what its children are (see variable()). */
enum handle_kind { H_FRAME, H_ARGS, H_LOCALS, H_VAR };

struct handle {
        long long tid;
        int frame;
        enum handle_kind kind;
        json_t *var;            /* H_VAR: {value, type, expr, hex, names}, owned */
};

struct adapter {
        struct dbgctl_client c;
        long long session;      /* -1 before launch */
        bool running;           /* resumed: waiting for its next stop */
        bool entry_stop;        /* launch with stopOnEntry: report the spawn's stop */
        bool attached;          /* attach: a process dbgd did not start (detach lets it go) */
        bool done;              /* disconnect: leave */
        bool ended;             /* exited and terminated were sent */
        long long seq;
        long long out_off[2];
        json_t *source_bps;     /* path -> [breakpoint ids] */
        json_t *function_bps;   /* [breakpoint ids] */
        json_t *bp_places;      /* "id" of a breakpoint in a `more` -> the id the editor
                                 * knows (a line in a template: one place per instance) */
        json_t *instruction_bps; /* [breakpoint ids] of setInstructionBreakpoints */
        json_t *logpoints;      /* "id" -> the logMessage of a logpoint there */
        json_t *data_bps;       /* [{watchpoint, ignore, hits, condition}] */
        json_t *last_stop;      /* the stop the editor was told of (exceptionInfo) */
        json_t *modules;        /* id -> the Module the editor was told of (module events) */
        bool going;             /* resumed by continue (not a step): a logpoint's hit
                                 * and a data breakpoint's unwanted one go on */
        unsigned long long step_sp; /* a next or stepOut: its frame's sp (0: none) */
        char step_kind;         /* 'n' next, 'o' stepOut */
        bool then_next;         /* the finish out of a logpoint's callee ends: next */
        struct handle *handles; /* MAX_HANDLES of them */
        size_t n_handles;
        long long selected_tid; /* the thread dbgd has current */
        json_t *launch_args;    /* launch's arguments, for restart */
        json_t *bp_reqs;        /* "source:PATH", "function", "instruction" -> the
                                 * editor's last breakpoints there, for restart */
        bool columns_from_1;    /* initialize's columnsStartAt1 (completions) */
        json_t *src_refs;       /* path -> its sourceReference (a file not readable here) */
        json_t *src_paths;      /* [path]: sourceReference N is the Nth */
        json_t *dap_ids;        /* "id" of a dbgd breakpoint -> its DAP id: the bridge
                                 * numbers the editor's breakpoints itself, so that an
                                 * id outlives the session a restart replaces */
        long long last_bp_id;   /* the last DAP breakpoint id given */
        json_t *bp_req_ids;     /* as bp_reqs: the DAP ids its breakpoints were given */
        json_t *step_targets;   /* [{address, lo, hi, tid}] of the last stepInTargets:
                                 * targetId N is the Nth, until the next stop */
        json_t *told_sources;   /* path -> true: the loaded sources the editor knows
                                 * (loadedSources' answers, loadedSource events) */
        bool sources_asked;     /* the editor asked loadedSources: it follows them, and
                                 * loadedSource events keep it up to date */
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

/* Call method with params (stolen): 0 with *ret (may be NULL), or -1 with why in err
 * and, when ret_error is given and dbgd answered an error, a new reference to the
 * error object in *ret_error (its code and data: peek's `readable`). */
static int call_error(struct adapter *a, const char *method, json_t *params, json_t **ret,
                      json_t **ret_error, char *err, size_t errlen)
{
        json_t *result = NULL, *error = NULL;
        int r = transport_call(a->c.t, method, params, &result, &error, err, errlen);

        json_decref(params);
        if (r == TRANSPORT_RPC_ERROR) {
                json_t *data = json_object_get(error, "data");
                const char *detail = json_string_value(json_object_get(data, "detail"));
                const char *msg = json_string_value(json_object_get(error, "message"));

                snprintf(err, errlen, "%s", detail ? detail : msg ? msg : "dbgd error");
                if (ret_error)
                        *ret_error = error;
                else
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

static int call(struct adapter *a, const char *method, json_t *params, json_t **ret,
                char *err, size_t errlen)
{
        return call_error(a, method, params, ret, NULL, err, errlen);
}

static json_t *sparams(struct adapter *a)
{
        return json_pack("{s:I}", "session", (json_int_t)a->session);
}

static json_t *hex_address(unsigned long long v)
{
        char s[24];

        snprintf(s, sizeof(s), "0x%llx", v);
        return json_string(s);
}

static unsigned long long hex_value(json_t *v)
{
        const char *s = json_string_value(v);

        return s ? strtoull(s, NULL, 16) : 0;
}

/* ---- the program's output and end ---------------------------------------------- */

static void forward_output(struct adapter *a)
{
        static const char *const streams[] = { "stdout", "stderr" };
        char err[256];

        /* an attached process's output is its own (dbgd captures none) */
        for (int i = 0; i < 2 && a->session >= 0 && !a->attached; i++) {
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
        for (size_t i = 0; i < a->n_handles; i++)
                json_decref(a->handles[i].var);
        a->n_handles = 0;
        json_array_clear(a->step_targets); /* a line's calls are the stop's */
}

/* The DAP id of dbgd breakpoint id (a new reference): the one the bridge gave it, else
 * dbgd's own (a breakpoint the editor did not set). */
static json_t *dap_bp_id(struct adapter *a, json_t *id)
{
        char key[32];
        json_t *d;

        snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT, json_integer_value(id));
        d = json_object_get(a->dap_ids, key);
        return json_incref(d ? d : id);
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

static bool in_list(json_t *list, json_t *id);
static void module_events(struct adapter *a);
static json_t *set_instruction_bps(struct adapter *a, json_t *args, json_t *want);
static bool held_elsewhere(struct adapter *a, json_t *ids, json_t *id);
static json_t *dap_source(struct adapter *a, const char *path);
static const char *source_path(struct adapter *a, json_t *src);

/* dbgd's print of expr in a frame of the current thread: 0 with its value in out, -1
 * with why in out. */
static int print_value(struct adapter *a, const char *expr, int frame, char *out,
                       size_t outlen)
{
        json_t *p = sparams(a), *res;
        const char *v;

        json_object_set_new(p, "name", json_string(expr));
        json_object_set_new(p, "frame", json_integer(frame));
        if (call(a, "print", p, &res, out, outlen) < 0)
                return -1;
        v = json_string_value(json_object_get(res, "value"));
        snprintf(out, outlen, "%s",
                 v ? v : json_string_value(json_object_get(res, "error")) ?: "no value");
        json_decref(res);
        return v ? 0 : -1;
}

static void logpoint_eval(const char *expr, char *out, size_t outlen, void *data)
{
        char why[1024];

        if (print_value(data, expr, 0, out, outlen) < 0) {
                snprintf(why, sizeof(why), "<%s>", out);
                snprintf(out, outlen, "%s", why);
        }
}

/* The DAP id of the dbgd breakpoint a stop is at: the one the editor knows. */
static json_t *known_bp(struct adapter *a, json_t *stop, char *key, size_t keylen)
{
        json_t *id = json_object_get(stop, "breakpoint"), *known;

        snprintf(key, keylen, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
        known = json_object_get(a->bp_places, key);
        if (known)
                snprintf(key, keylen, "%" JSON_INTEGER_FORMAT, json_integer_value(known));
        return known ? known : id;
}

static json_t *find_data_bp(struct adapter *a, json_t *stop)
{
        json_int_t w = json_integer_value(json_object_get(stop, "watchpoint"));
        json_t *d;
        size_t i;

        json_array_foreach(a->data_bps, i, d)
                if (json_integer_value(json_object_get(d, "watchpoint")) == w)
                        return d;
        return NULL;
}

/* The index of the frame of the step (the first whose sp is the step's or above:
 * the stack grows down), -1 when not within the first 64 frames. */
static int step_frame(struct adapter *a)
{
        json_t *p = sparams(a), *res, *f;
        char err[256];
        int k = -1;
        size_t i;

        json_object_set_new(p, "limit", json_integer(64));
        if (call(a, "backtrace", p, &res, err, sizeof(err)) < 0)
                return -1;
        json_array_foreach(json_object_get(res, "frames"), i, f) {
                if (!json_object_get(f, "sp"))
                        continue;
                if (strtoull(json_string_value(json_object_get(f, "sp")), NULL, 16) >= a->step_sp) {
                        k = (int)i;
                        break;
                }
        }
        json_decref(res);
        return k;
}

/* The sp of the current thread's frame 0 (0 when unknown). */
static unsigned long long frame_sp(struct adapter *a)
{
        json_t *p = sparams(a), *res;
        unsigned long long sp = 0;
        char err[256];

        json_object_set_new(p, "limit", json_integer(1));
        if (call(a, "backtrace", p, &res, err, sizeof(err)) < 0)
                return 0;
        sp = hex_value(json_object_get(json_array_get(json_object_get(res, "frames"), 0), "sp"));
        json_decref(res);
        return sp;
}

/* A logpoint's hit during a next or a stepOut: the step goes on, as gdb's dprintf
 * lets it. In a function the next called (deeper than the step's frame): run it to its
 * return into the step's frame, then next again from there; a stepOut: finish the
 * step's frame again. At the step's own frame a next has arrived (a logpoint is at the
 * start of a line): NULL, the stop is the step's. */
static json_t *step_on(struct adapter *a, const char **ret_method)
{
        int k = a->step_sp ? step_frame(a) : -1;
        json_t *p;

        if (k < 0 || (a->step_kind == 'n' && k == 0))
                return NULL;
        p = sparams(a);
        json_object_set_new(p, "timeout", json_real(0.05));
        json_object_set_new(p, "frame", json_integer(a->step_kind == 'n' ? k - 1 : k));
        a->then_next = a->step_kind == 'n';
        *ret_method = "finish";
        return p;
}

/* A stop the editor is not to see, and how the program goes on: the method and its
 * params (a new reference), or NULL: the editor sees the stop. Such stops are a
 * logpoint's hit (its message goes to the console), a data breakpoint's hit that its
 * hit count or condition lets go on (after a continue), and the end of the finish out
 * of a logpoint's callee in a next (the next goes on). */
static json_t *go_on(struct adapter *a, json_t *stop, const char **ret_method)
{
        const char *reason = json_string_value(json_object_get(stop, "reason")) ?: "";
        json_t *p;

        if (!strcmp(reason, "finish") && a->then_next) {
                a->then_next = false;
                p = sparams(a);
                json_object_set_new(p, "timeout", json_real(0.05));
                json_object_set_new(p, "line", json_true());
                json_object_set_new(p, "over", json_true());
                *ret_method = "step";
                return p;
        }
        a->then_next = false; /* a breakpoint ended the finish */
        *ret_method = "cont";
        if (!strcmp(reason, "breakpoint") && json_is_integer(json_object_get(stop, "breakpoint"))) {
                char key[32], *text;
                const char *msg;

                known_bp(a, stop, key, sizeof(key));
                msg = json_string_value(json_object_get(a->logpoints, key));
                if (!msg || json_object_get(stop, "condition_error"))
                        return NULL;
                text = logmsg_expand(msg, logpoint_eval, a);
                if (text) {
                        size_t n = strlen(text);

                        /* one line per hit, as gdb's dprintf with its "\n" */
                        send_event(a, "output",
                                   json_pack("{s:s,s:s+}", "category", "console", "output",
                                             text, n && text[n - 1] == '\n' ? "" : "\n"));
                        free(text);
                }
                if (!a->going)
                        return step_on(a, ret_method);
                p = sparams(a);
                json_object_set_new(p, "wait", json_false());
                return p;
        }
        if (!strcmp(reason, "watchpoint") && a->going) {
                json_t *d = find_data_bp(a, stop);
                const char *cond = json_string_value(json_object_get(d, "condition"));
                json_int_t hits;
                char value[512];

                if (!d)
                        return NULL;
                /* false is 0 (C) or false (C++'s bool); an error stops, as gdb's */
                if (!cond || print_value(a, cond, 0, value, sizeof(value)) < 0 ||
                    (strcmp(value, "0") && strcmp(value, "false"))) {
                        /* the hit count counts the hits whose condition holds, as dbgd's
                         * ignore (and gdb's) does for the other breakpoints */
                        hits = json_integer_value(json_object_get(d, "hits")) + 1;
                        json_object_set_new(d, "hits", json_integer(hits));
                        if (hits > json_integer_value(json_object_get(d, "ignore")))
                                return NULL;
                }
                p = sparams(a);
                json_object_set_new(p, "wait", json_false());
                return p;
        }
        return NULL;
}

/* "SIGSEGV: Segmentation fault at address 0x0 (SEGV_MAPERR)" */
static void signal_text(json_t *sig, char *out, size_t outlen)
{
        const char *name = json_string_value(json_object_get(sig, "name")) ?: "signal";
        const char *addr = json_string_value(json_object_get(sig, "address"));
        const char *code = json_string_value(json_object_get(sig, "code_name"));
        int n = (int)json_integer_value(json_object_get(sig, "number"));
        size_t len;

        len = (size_t)snprintf(out, outlen, "%s: %s", name, strsignal(n));
        if (addr && len < outlen)
                len += (size_t)snprintf(out + len, outlen - len, " at address %s", addr);
        if (code && len < outlen)
                snprintf(out + len, outlen - len, " (%s)", code);
}

/* A stop: the editor's stopped event. */
static void report_stop(struct adapter *a, json_t *stop)
{
        bool exception;
        const char *reason = stop_reason(stop, &exception);
        json_t *sig = json_object_get(stop, "signal"), *body;

        module_events(a); /* before the stop: the editor's list is current when it shows it */
        a->selected_tid = json_integer_value(json_object_get(stop, "thread"));
        a->step_sp = 0; /* the step, if any, is over */
        a->then_next = false;
        json_decref(a->last_stop);
        a->last_stop = json_incref(stop);
        body = json_pack("{s:I,s:b}", "threadId", (json_int_t)a->selected_tid,
                         "allThreadsStopped", 1);
        if (exception && json_object_get(sig, "name")) {
                char text[512];

                json_object_set(body, "text", json_object_get(sig, "name"));
                signal_text(sig, text, sizeof(text));
                json_object_set_new(body, "description", json_string(text));
        }
        if (json_is_integer(json_object_get(stop, "breakpoint"))) {
                char key[32];
                json_t *id = known_bp(a, stop, key, sizeof(key));

                if (json_object_get(a->logpoints, key) &&
                    !json_object_get(stop, "condition_error")) {
                        reason = "step"; /* a step that ended on a logpoint */
                } else {
                        if (in_list(a->instruction_bps, id) &&
                            !held_elsewhere(a, a->instruction_bps, id))
                                reason = "instruction breakpoint";
                        json_object_set_new(body, "hitBreakpointIds",
                                            json_pack("[o]", dap_bp_id(a, id)));
                }
        }
        if (json_is_integer(json_object_get(stop, "watchpoint")))
                json_object_set_new(body, "hitBreakpointIds",
                                    json_pack("[I]", (json_int_t)DATA_BP_BASE +
                                                             json_integer_value(json_object_get(
                                                                     stop, "watchpoint"))));
        if (json_is_string(json_object_get(stop, "condition_error")))
                json_object_set(body, "description", json_object_get(stop, "condition_error"));
        json_object_set_new(body, "reason", json_string(reason));
        send_event(a, "stopped", body);
}

/* A status after a resume, a wait or a pause: the matching events. A stop the editor
 * is not to see resumes at once (cont, wait: false): its next stop comes by `wait`. */
static void on_status(struct adapter *a, json_t *st)
{
        const char *state;

        json_incref(st);
        for (;;) {
                json_t *stop, *p, *next;
                const char *method;
                char err[512];

                forward_output(a);
                state = json_string_value(json_object_get(st, "state"));
                if (!state || !strcmp(state, "running")) {
                        a->running = true;
                        break;
                }
                a->running = false;
                reset_handles(a);
                if (strcmp(state, "stopped"))
                        break;
                stop = json_object_get(st, "stop");
                p = go_on(a, stop, &method);
                if (!p) {
                        report_stop(a, stop);
                        break;
                }
                if (call(a, method, p, &next, err, sizeof(err)) < 0) {
                        fprintf(stderr, "dbgd-dap: %s\n", err);
                        report_stop(a, stop); /* the editor decides */
                        break;
                }
                json_decref(st);
                st = next;
        }
        if (state && strcmp(state, "running") && strcmp(state, "stopped") && !a->ended) {
                /* exited, killed */
                long long code = json_integer_value(json_object_get(st, "exit_code"));

                if (!strcmp(state, "killed"))
                        code = 128 + json_integer_value(
                                             json_object_get(json_object_get(st, "signal"), "number"));
                send_event(a, "exited", json_pack("{s:I}", "exitCode", (json_int_t)code));
                send_event(a, "terminated", NULL);
                a->ended = true;
        }
        json_decref(st);
}

/* ---- requests -------------------------------------------------------------------- */

static json_t *args_of(json_t *req)
{
        json_t *v = json_object_get(req, "arguments");

        return json_is_object(v) ? v : NULL;
}

static void do_initialize(struct adapter *a, json_t *req)
{
        json_t *caps = json_pack("{s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b}",
                                 "supportsConfigurationDoneRequest", 1,
                                 "supportsFunctionBreakpoints", 1, "supportsEvaluateForHovers", 1,
                                 "supportsTerminateRequest", 1,
                                 "supportsConditionalBreakpoints", 1,
                                 "supportsHitConditionalBreakpoints", 1,
                                 "supportsDataBreakpoints", 1, "supportsValueFormattingOptions", 1);
        static const char *const more[] = {
                "supportsDisassembleRequest", "supportsReadMemoryRequest",
                "supportsWriteMemoryRequest", "supportsSteppingGranularity",
                "supportsInstructionBreakpoints", "supportsLogPoints",
                "supportsExceptionInfoRequest", "supportsModulesRequest",
                "supportsDataBreakpointBytes", "supportsSetVariable", "supportsSetExpression",
                "supportTerminateDebuggee", "supportsLoadedSourcesRequest",
                "supportsBreakpointLocationsRequest", "supportsCompletionsRequest",
                "supportsRestartRequest", "supportsCancelRequest",
                "supportsStepInTargetsRequest",
        };
        json_t *c1 = json_object_get(args_of(req), "columnsStartAt1");

        for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
                json_object_set_new(caps, more[i], json_true());
        a->columns_from_1 = !json_is_false(c1); /* true unless said otherwise */
        respond(a, req, caps);
}

/* Spawn the program of launch's args: 0, or -1 with why in err. */
static int spawn_program(struct adapter *a, json_t *args, char *err, size_t errlen)
{
        const char *program = json_string_value(json_object_get(args, "program"));
        json_t *p, *st;

        a->entry_stop = json_is_true(json_object_get(args, "stopOnEntry"));
        p = json_pack("{s:s,s:s}", "path", program, "stop", a->entry_stop ? "main" : "exec");
        if (json_is_array(json_object_get(args, "args")))
                json_object_set(p, "args", json_object_get(args, "args"));
        if (json_is_string(json_object_get(args, "cwd")))
                json_object_set(p, "cwd", json_object_get(args, "cwd"));
        if (json_is_object(json_object_get(args, "env")))
                json_object_set(p, "env", json_object_get(args, "env"));
        if (call(a, "spawn", p, &st, err, errlen) < 0)
                return -1;
        a->session = json_integer_value(json_object_get(st, "session"));
        a->selected_tid = json_integer_value(json_object_get(st, "pid"));
        a->out_off[0] = a->out_off[1] = 0;
        a->ended = false;
        a->running = false;
        json_decref(st);
        return 0;
}

static void launched_events(struct adapter *a)
{
        send_event(a, "process",
                   json_pack("{s:s,s:I,s:b,s:s}", "name",
                             json_string_value(json_object_get(a->launch_args, "program")),
                             "systemProcessId", (json_int_t)a->selected_tid, "isLocalProcess",
                             1, "startMethod", "launch"));
        send_event(a, "initialized", NULL); /* now the breakpoints */
}

static void do_launch(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req);
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
        if (spawn_program(a, args, err, sizeof(err)) < 0) {
                respond_error(a, req, "cannot launch %s: %s", program, err);
                return;
        }
        json_decref(a->launch_args);
        a->launch_args = json_deep_copy(args);
        respond(a, req, NULL);
        launched_events(a);
}

/* DAP's attach {processId, stopOnEntry}: dbgd's attach (dbgd started with
 * --allow-attach). The process stops at the attach; configurationDone lets it run on
 * unless stopOnEntry, as launch does. */
static void do_attach(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req), *pid = json_object_get(args, "processId"), *st;
        long long n = -1;
        char err[512], *end;

        if (json_is_integer(pid))
                n = json_integer_value(pid);
        else if (json_is_string(pid) && *json_string_value(pid)) {
                n = strtoll(json_string_value(pid), &end, 10);
                if (*end)
                        n = -1;
        }
        if (n <= 0 || n > 0x7fffffff) {
                respond_error(a, req, "attach: processId (a process id) is required");
                return;
        }
        if (a->session >= 0) {
                respond_error(a, req, "attach: a program is already being debugged");
                return;
        }
        if (call(a, "attach", json_pack("{s:I}", "pid", (json_int_t)n), &st, err,
                 sizeof(err)) < 0) {
                respond_error(a, req, "cannot attach to %lld: %s", n, err);
                return;
        }
        a->session = json_integer_value(json_object_get(st, "session"));
        a->selected_tid = n;
        a->attached = true;
        a->entry_stop = json_is_true(json_object_get(args, "stopOnEntry"));
        respond(a, req, NULL);
        send_event(a, "process",
                   json_pack("{s:s,s:I,s:b,s:s}", "name",
                             json_string_value(json_object_get(st, "path")) ?: "?",
                             "systemProcessId", (json_int_t)n, "isLocalProcess", 1,
                             "startMethod", "attach"));
        json_decref(st);
        send_event(a, "initialized", NULL);
}

/* Set one breakpoint (symbol: FILE:LINE or a function, pending until its library
 * loads; or at an address), with the DAP breakpoint's condition (dbgd's: the program's
 * variables, as gdb's) and hitCondition (a count N: stop from the Nth hit on, dbgd's
 * ignore N-1, as the gdb-based adapters read it), a logpoint with its logMessage: the
 * DAP Breakpoint. */
static json_t *set_one(struct adapter *a, const char *symbol, const char *address, int line,
                       json_t *req_bp, json_t *ids, json_int_t want)
{
        const char *cond = json_string_value(json_object_get(req_bp, "condition"));
        const char *hit = json_string_value(json_object_get(req_bp, "hitCondition"));
        const char *log = json_string_value(json_object_get(req_bp, "logMessage"));
        json_t *p = sparams(a), *res, *bp, *more, *dap;
        char err[512], *end, key[32];
        size_t i;

        if (address)
                json_object_set_new(p, "address", json_string(address));
        else
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
                if (address || strstr(err, "No line ") || strstr(err, "params.condition")) {
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
        /* The editor's id: the one this dbgd breakpoint has already (dbgd keeps one per
         * address: a line's and a function's there are one), else `want` (restart: the
         * id the editor knows from the old process), else a new one. */
        snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT,
                 json_integer_value(json_object_get(res, "breakpoint")));
        dap = json_object_get(a->dap_ids, key);
        if (!dap) {
                dap = json_integer(want > 0 ? want : ++a->last_bp_id);
                json_object_set_new(a->dap_ids, key, dap);
        }
        bp = json_pack("{s:O,s:b}", "id", dap, "verified",
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
        if (address && json_object_get(res, "source")) {
                json_t *src = dap_source(a, json_string_value(json_object_get(
                                                    json_object_get(res, "source"), "file")));

                if (src)
                        json_object_set_new(bp, "source", src);
        }
        json_array_append(ids, json_object_get(res, "breakpoint"));
        /* A logpoint stops nowhere: the bridge logs its message at each hit and goes on.
         * dbgd has one breakpoint per address: the last set says whether it logs. */
        snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT,
                 json_integer_value(json_object_get(res, "breakpoint")));
        if (log && *log)
                json_object_set_new(a->logpoints, key, json_string(log));
        else
                json_object_del(a->logpoints, key);
        /* The spec's other places are the same DAP breakpoint: a hit on one reports it. */
        json_array_foreach(json_object_get(res, "more"), i, more) {
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
        return (a->function_bps != ids && in_list(a->function_bps, id)) ||
               (a->instruction_bps != ids && in_list(a->instruction_bps, id));
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
                json_object_del(a->logpoints, key);
                json_object_del(a->dap_ids, key);
                json_object_set(p, "breakpoint", id);
                call(a, "delete", p, NULL, err, sizeof(err));
        }
        json_array_clear(ids);
}

/* Remember the editor's breakpoints of kind (args of its request), for restart. */
static void keep_bp_request(struct adapter *a, const char *kind, json_t *args)
{
        json_object_set_new(a->bp_reqs, kind, json_deep_copy(args));
}

/* Remember the DAP ids the Breakpoints out gave (null for one without), for restart:
 * the same breakpoints placed in the new process keep them. */
static void keep_bp_ids(struct adapter *a, const char *kind, json_t *out)
{
        json_t *ids = json_array(), *b, *id;
        size_t i;

        json_array_foreach(out, i, b) {
                id = json_object_get(b, "id");
                json_array_append(ids, id ? id : json_null());
        }
        json_object_set_new(a->bp_req_ids, kind, ids);
}

/* setBreakpoints' work: the Breakpoints of source path, as args asks; want: the DAP
 * ids they are to keep (restart), or NULL. */
static json_t *set_source_bps(struct adapter *a, const char *path, json_t *args, json_t *want)
{
        json_t *list, *ids, *out, *b;
        char kind[4200];
        size_t i;

        snprintf(kind, sizeof(kind), "source:%s", path);
        keep_bp_request(a, kind, args);
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
                json_array_append_new(out, set_one(a, spec, NULL, line, b, ids,
                                                   json_integer_value(json_array_get(want, i))));
        }
        keep_bp_ids(a, kind, out);
        return out;
}

static void do_set_breakpoints(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req);
        const char *path = source_path(a, json_object_get(args, "source"));

        if (a->session < 0 || !path) {
                respond_error(a, req, "setBreakpoints: %s",
                              a->session < 0 ? "launch first"
                                             : "source.path (or a sourceReference the bridge "
                                               "gave) is required");
                return;
        }
        respond(a, req, json_pack("{s:o}", "breakpoints", set_source_bps(a, path, args, NULL)));
}

static json_t *set_function_bps(struct adapter *a, json_t *args, json_t *want)
{
        json_t *list = json_object_get(args, "breakpoints"), *out, *b;
        size_t i;

        keep_bp_request(a, "function", args);
        delete_all(a, a->function_bps);
        out = json_array();
        json_array_foreach(list, i, b) {
                const char *name = json_string_value(json_object_get(b, "name"));

                json_array_append_new(out, name ? set_one(a, name, NULL, 0, b, a->function_bps,
                                                          json_integer_value(
                                                                  json_array_get(want, i)))
                                                : json_pack("{s:b}", "verified", 0));
        }
        keep_bp_ids(a, "function", out);
        return out;
}

static void do_set_function_breakpoints(struct adapter *a, json_t *req)
{
        if (a->session < 0) {
                respond_error(a, req, "setFunctionBreakpoints: launch first");
                return;
        }
        respond(a, req,
                json_pack("{s:o}", "breakpoints", set_function_bps(a, args_of(req), NULL)));
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
        a->going = !strcmp(method, "cont");
        if (a->going)
                a->step_sp = 0;
        a->then_next = false;
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
        a->handles[a->n_handles] = (struct handle){ tid, frame, k, NULL };
        return (long long)++a->n_handles; /* ids start at 1: 0 is "none" in DAP */
}

/* A variable's id (steals var), 0 when there are too many. */
static long long new_var_handle(struct adapter *a, long long tid, int frame, json_t *var)
{
        long long id = new_handle(a, tid, frame, H_VAR);

        if (id)
                a->handles[id - 1].var = var;
        else
                json_decref(var);
        return id;
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
                        json_t *s = dap_source(a, json_string_value(json_object_get(src, "file")));

                        if (s)
                                json_object_set_new(fr, "source", s);
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

/* A pointer's memoryReference: the address it holds (the first hex number of dbgd's
 * "(int *) 0x404028 <counter>"), for an editor's memory view; v is a value of dbgd's
 * locals or print, the member set on o. */
static void pointer_reference(json_t *v, json_t *o)
{
        const char *type = json_string_value(json_object_get(v, "type")) ?: "";
        const char *value = json_string_value(json_object_get(v, "value"));
        const char *hex = value ? strstr(value, "0x") : NULL;
        size_t n = strlen(type);

        while (n && type[n - 1] == ' ')
                n--;
        /* "char *", "int **", "void (*)(int)": a pointer, to data or to code */
        if (!hex || !n || (type[n - 1] != '*' && !strstr(type, "(*)")))
                return;
        json_object_set_new(o, "memoryReference",
                            json_stringn(hex, 2 + strspn(hex + 2, "0123456789abcdef")));
}

/* DAP's ValueFormat {hex: true} (an editor's "hex" view) as dbgd's format "x". */
static void value_format(json_t *args, json_t *params)
{
        if (json_is_true(json_object_get(json_object_get(args, "format"), "hex")))
                json_object_set_new(params, "format", json_string("x"));
}

/* ---- variables as a tree ---------------------------------------------------------
 *
 * dbgd's locals and print answer a value as gdb's print writes it; gdbval.c splits
 * that text into its members or elements, one level at a time, when the editor opens
 * the value. The text is parsed rather than each member printed: one call gives all
 * the values exactly as gdb shows them (also those of C++ base classes and of pretty
 * printers, std::vector's elements, that no expression of dbgd reaches). Only what the
 * text does not have is asked for: the members' types (a print each, when a struct is
 * opened: a pointer among them opens too), what a pointer points to (print *p, when
 * opened) and the elements past gdb's 200 (print a[200]@100, when paged to). */

#define EXPR_MAX 2048     /* the longest evaluateName made */
#define ELEMS_MAX 200     /* elements answered without a count: gdb's limit */
#define ELEMS_PAGE 1000   /* at most this many elements a variables request */
#define MEMBERS_TYPED 64  /* members whose type a struct's opening asks for */

/* Is e a postfix expression (names, ".m", "->m", "[i]") that a member, an index or a
 * dereference can follow without parentheses? */
static bool simple_expr(const char *e)
{
        bool in_index = false;

        if (!*e || isdigit((unsigned char)*e))
                return false;
        for (; *e; e++) {
                if (*e == '[' && !in_index)
                        in_index = true;
                else if (*e == ']' && in_index)
                        in_index = false;
                else if (*e == '-' && e[1] == '>' && !in_index)
                        e++;
                else if (!isalnum((unsigned char)*e) && *e != '_' &&
                         (in_index || (*e != '.' && *e != '$' && *e != ':')))
                        return false;
        }
        return !in_index;
}

/* The evaluateName of part name of e: a member ("x": e.x, or p->x when e is *p),
 * an element ("[2]": e[2]), a base class ("<Base>": (Base)e) or what a pointer points
 * to ("*": *e); "" when too long. */
static void part_expr(const char *e, const char *name, char *out, size_t outlen)
{
        bool simple = simple_expr(e);
        int n;

        if (!strcmp(name, "*"))
                n = snprintf(out, outlen, simple ? "*%s" : "*(%s)", e);
        else if (name[0] == '[')
                n = snprintf(out, outlen, simple ? "%s%s" : "(%s)%s", e, name);
        else if (name[0] == '<')
                n = snprintf(out, outlen, simple ? "(%.*s)%s" : "(%.*s)(%s)",
                             (int)strlen(name) - 2, name + 1, e);
        else if (e[0] == '*' && simple_expr(e + 1))
                n = snprintf(out, outlen, "%s->%s", e + 1, name);
        else
                n = snprintf(out, outlen, simple ? "%s.%s" : "(%s).%s", e, name);
        if (n < 0 || (size_t)n >= outlen)
                out[0] = 0;
}

/* An array type's length ("int [300]": 300; "int [2][3]": 2) with its element type in
 * elem ("int", "int [3]"); -1 when type is no array ("int (*)[4]" is a pointer). */
static long long array_type(const char *type, char *elem, size_t elemlen)
{
        const char *br = type ? strchr(type, '[') : NULL;
        char *end;
        long long n;

        if (!br || br == type || br[-1] != ' ')
                return -1;
        n = strtoll(br + 1, &end, 10);
        if (end == br + 1 || *end != ']' || n < 0)
                return -1;
        if (end[1])
                snprintf(elem, elemlen, "%.*s%s", (int)(br - type), type, end + 1);
        else
                snprintf(elem, elemlen, "%.*s", (int)(br - 1 - type), type);
        return n;
}

/* Does a value of this type point to data an editor can open: not void, not code? */
static bool data_pointer(const char *type)
{
        size_t n = type ? strlen(type) : 0;

        while (n && type[n - 1] == ' ')
                n--;
        if (!n || type[n - 1] != '*' || strstr(type, "(*)"))
                return false;
        return strcmp(type, "void *") && strcmp(type, "const void *") &&
               strcmp(type, "volatile void *");
}

/* The address a pointer's text holds ("(struct pt *) 0x7ffe...", "0x404040 <n1>"). */
static unsigned long long pointer_value(const char *value)
{
        const char *hex = strstr(value, "0x");

        return hex ? strtoull(hex + 2, NULL, 16) : 0;
}

/* A DAP Variable: name, gdb's text of the value, its type (may be NULL) and the
 * expression that reaches it (NULL or "" when none does: a pretty printer's element).
 * An aggregate, or a pointer to data that is not null, opens: its id (a handle whose
 * var remembers the text, the type, the expression and the format) gives its parts.
 * evaluateName is set when show_expr (an anonymous member has its parent's expression
 * for its parts, and none to show). names, when given, maps name to the expression
 * (setVariable's way from a name to what to write). */
static json_t *variable(struct adapter *a, const struct handle *where, const char *name,
                        const char *value, const char *type, const char *expr, bool show_expr,
                        bool hex, json_t *names)
{
        json_t *o = json_pack("{s:s,s:s,s:s,s:i}", "name", name, "value", value, "type",
                              type ?: "", "variablesReference", 0);
        json_t *var = NULL, *v;
        char elem[512];
        long long n;

        if (expr && !*expr)
                expr = NULL;
        if (expr && show_expr)
                json_object_set_new(o, "evaluateName", json_string(expr));
        if (expr && names)
                json_object_set_new(names, name, json_string(expr));
        if (gdbval_is_aggregate(value)) {
                var = json_pack("{s:s,s:s?,s:s?,s:b}", "value", value, "type", type, "expr",
                                expr, "hex", hex);
                n = array_type(type, elem, sizeof(elem));
                if (n >= 0)
                        json_object_set_new(o, "indexedVariables", json_integer(n));
        } else if (expr && data_pointer(type) && pointer_value(value)) {
                var = json_pack("{s:s,s:s,s:b}", "type", type, "expr", expr, "hex", hex);
        }
        if (var) {
                json_object_set_new(var, "names", json_object());
                json_object_set_new(o, "variablesReference",
                                    json_integer(new_var_handle(a, where->tid, where->frame,
                                                                var)));
        }
        v = json_pack("{s:s,s:s}", "type", type ?: "", "value", value);
        pointer_reference(v, o);
        json_decref(v);
        return o;
}

/* dbgd's print of expr in the handle's frame, with format x when hex: the result (a
 * new reference) or NULL with why in err. */
static json_t *print_json(struct adapter *a, const struct handle *h, const char *expr,
                          bool hex, char *err, size_t errlen)
{
        json_t *p = sparams(a), *res;

        json_object_set_new(p, "name", json_string(expr));
        json_object_set_new(p, "frame", json_integer(h->frame));
        if (hex)
                json_object_set_new(p, "format", json_string("x"));
        if (call(a, "print", p, &res, err, errlen) < 0)
                return NULL;
        if (!json_is_string(json_object_get(res, "value"))) {
                snprintf(err, errlen, "%s: %s", expr,
                         json_string_value(json_object_get(res, "error")) ?: "no value");
                json_decref(res);
                return NULL;
        }
        return res;
}

/* Element k of an array: "[k]", its text and the element type. */
static void add_element(struct adapter *a, const struct handle *h, json_t *out,
                        const char *expr, long long k, const char *value, const char *etype,
                        bool hex)
{
        char name[32], e[EXPR_MAX] = "";

        snprintf(name, sizeof(name), "[%lld]", k);
        if (expr)
                part_expr(expr, name, e, sizeof(e));
        json_array_append_new(out, variable(a, h, name, value, etype, e, true, hex,
                                            json_object_get(h->var, "names")));
}

/* The elements [start, start + count) of an array (parsed: its text's parts; total: its
 * type's length, -1 when unknown; expr NULL when no expression reaches them). The text
 * has the first 200 at most: the rest come from print a[200]@N. */
static void elements(struct adapter *a, const struct handle *h, json_t *parsed,
                     const char *expr, const char *type, json_t *args, json_t *out, bool hex)
{
        json_t *items = json_object_get(parsed, "items"), *it;
        long long start = json_integer_value(json_object_get(args, "start"));
        long long count = json_integer_value(json_object_get(args, "count"));
        long long total, known = 0, end, idx = 0, from;
        char etype_buf[512], err[512];
        const char *etype;
        bool ambiguous;
        size_t i;

        total = array_type(type, etype_buf, sizeof(etype_buf));
        etype = total >= 0 ? etype_buf : NULL;
        if (start < 0)
                start = 0;
        if (count <= 0)
                count = ELEMS_MAX;
        if (count > ELEMS_PAGE)
                count = ELEMS_PAGE;
        json_array_foreach(items, i, it) {
                json_t *r = json_object_get(it, "repeats");

                known += r ? json_integer_value(r) : 1;
        }
        end = start + count;
        if (total >= 0 && end > total)
                end = total;
        if (total < 0 && end > known)
                end = known;
        /* the text of an array of char arrays can be read two ways (gdbval.c): then
         * the elements are read one by one */
        ambiguous = total >= 0 && !json_is_true(json_object_get(parsed, "more")) &&
                    known != total;
        if (!ambiguous) {
                json_array_foreach(items, i, it) {
                        json_t *r = json_object_get(it, "repeats");
                        long long n = r ? json_integer_value(r) : 1;
                        const char *v = json_string_value(json_object_get(it, "value"));

                        for (long long k = idx > start ? idx : start; k < idx + n && k < end; k++)
                                add_element(a, h, out, expr, k, v, etype, hex);
                        idx += n;
                        if (idx >= end)
                                break;
                }
        }
        from = ambiguous ? start : known > start ? known : start;
        if (!expr || total < 0)
                return;
        while (from < end) {
                long long n = end - from > ELEMS_MAX ? ELEMS_MAX : end - from;
                char e[EXPR_MAX], slice[EXPR_MAX + 32], name[32];
                json_t *res, *sp;

                snprintf(name, sizeof(name), "[%lld]", from);
                part_expr(expr, name, e, sizeof(e));
                if (ambiguous)
                        n = 1;
                snprintf(slice, sizeof(slice), n == 1 ? "%s" : "%s@%lld", e, n);
                res = print_json(a, h, slice, hex, err, sizeof(err));
                if (!res)
                        break;
                sp = n == 1 ? NULL
                            : gdbval_parse(json_string_value(json_object_get(res, "value")));
                if (n == 1) {
                        add_element(a, h, out, expr, from++,
                                    json_string_value(json_object_get(res, "value")), etype, hex);
                } else {
                        long long k = from;

                        json_array_foreach(json_object_get(sp, "items"), i, it) {
                                json_t *r = json_object_get(it, "repeats");
                                long long m = r ? json_integer_value(r) : 1;

                                for (; m > 0 && k < from + n; m--)
                                        add_element(a, h, out, expr, k++,
                                                    json_string_value(json_object_get(it, "value")),
                                                    etype, hex);
                        }
                        if (k == from) { /* not gdb's text: no more */
                                json_decref(sp);
                                json_decref(res);
                                break;
                        }
                        from = k;
                }
                json_decref(sp);
                json_decref(res);
        }
}

/* The members of a struct, union or class (parsed: its text's parts; expr NULL when no
 * expression reaches them: a pretty printer's). A member's type is print's of it. */
static void members(struct adapter *a, const struct handle *h, json_t *parsed,
                    const char *expr, json_t *out, bool hex)
{
        json_t *it, *names = json_object_get(h->var, "names");
        int typed = 0;
        size_t i;

        json_array_foreach(json_object_get(parsed, "items"), i, it) {
                const char *name = json_string_value(json_object_get(it, "name"));
                const char *v = json_string_value(json_object_get(it, "value"));
                char e[EXPR_MAX] = "", err[512], type[512] = "";
                json_t *res;

                if (!name) { /* an anonymous union or struct: its members are the parent's */
                        json_array_append_new(out, variable(a, h, "<anonymous>", v, NULL, expr,
                                                            false, hex, NULL));
                        continue;
                }
                /* (a designated element "[key]" of a map, a member named
                 * "_vptr.Base": no expression of dbgd reaches them) */
                if (expr && name[0] != '[' && !strchr(name, '.'))
                        part_expr(expr, name, e, sizeof(e));
                if (name[0] == '<' && name[1]) {
                        /* a base class: its name is its type, its members are reached as
                         * the object's own (d.id, not ((Base)d).id) */
                        json_t *o;

                        snprintf(type, sizeof(type), "%.*s", (int)strlen(name) - 2, name + 1);
                        o = variable(a, h, name, v, type, expr, false, hex, NULL);
                        if (*e)
                                json_object_set_new(o, "evaluateName", json_string(e));
                        json_array_append_new(out, o);
                        continue;
                }
                if (*e && typed++ < MEMBERS_TYPED &&
                         (res = print_json(a, h, e, false, err, sizeof(err)))) {
                        snprintf(type, sizeof(type), "%s",
                                 json_string_value(json_object_get(res, "type")) ?: "");
                        json_decref(res);
                }
                json_array_append_new(out, variable(a, h, name, v, *type ? type : NULL, e, true,
                                                    hex, names));
        }
}

/* The parts of variable h: what a pointer points to, a struct's members, an array's
 * elements (args' start and count page them). 0, or -1 with why in err. */
static int var_children(struct adapter *a, const struct handle *h, json_t *args, json_t *out,
                        char *err, size_t errlen)
{
        json_t *var = h->var, *fresh = NULL, *parsed;
        const char *expr = json_string_value(json_object_get(var, "expr"));
        const char *type = json_string_value(json_object_get(var, "type"));
        const char *text = json_string_value(json_object_get(var, "value"));
        const char *filter = json_string_value(json_object_get(args, "filter")) ?: "";
        bool hex = json_is_true(json_object_get(json_object_get(args, "format"), "hex"));
        char deref[EXPR_MAX];

        /* a pointer: what it points to, now; a value asked for in another format:
         * printed again in it */
        if (expr && (!text || hex != json_is_true(json_object_get(var, "hex")))) {
                if (!text) {
                        part_expr(expr, "*", deref, sizeof(deref));
                        expr = deref;
                }
                fresh = print_json(a, h, expr, hex, err, errlen);
                if (!fresh)
                        return -1;
                text = json_string_value(json_object_get(fresh, "value"));
                type = json_string_value(json_object_get(fresh, "type"));
                if (!json_object_get(var, "value") && !gdbval_is_aggregate(text)) {
                        /* a pointer to a scalar (or to a pointer): one part, *p */
                        json_array_append_new(out, variable(a, h, expr, text, type, expr, true,
                                                            hex, json_object_get(var, "names")));
                        json_decref(fresh);
                        return 0;
                }
        }
        parsed = text ? gdbval_parse(text) : NULL;
        /* a pretty printer's parts ("std::vector of length 2 = {...}"): no expression
         * of dbgd reaches them */
        if (text && text[0] != '{')
                expr = NULL;
        if (parsed && json_is_true(json_object_get(parsed, "array"))) {
                if (strcmp(filter, "named"))
                        elements(a, h, parsed, expr, type, args, out, hex);
        } else if (parsed && strcmp(filter, "indexed")) {
                members(a, h, parsed, expr, out, hex);
        }
        json_decref(parsed);
        json_decref(fresh);
        return 0;
}

static void do_variables(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req);
        const struct handle *h = get_handle(a, json_object_get(args, "variablesReference"));
        json_t *p, *res, *out = json_array(), *v;
        bool hex = json_is_true(json_object_get(json_object_get(args, "format"), "hex"));
        char err[512];
        size_t i;

        if (!h || h->kind == H_FRAME) {
                json_decref(out);
                respond_error(a, req, "variables: no such scope or variable (they last until "
                                      "the next resume)");
                return;
        }
        if (select_thread(a, h->tid, err, sizeof(err)) < 0) {
                json_decref(out);
                respond_error(a, req, "%s", err);
                return;
        }
        if (h->kind == H_VAR) {
                if (var_children(a, h, args, out, err, sizeof(err)) < 0) {
                        json_decref(out);
                        respond_error(a, req, "%s", err);
                        return;
                }
                respond(a, req, json_pack("{s:o}", "variables", out));
                return;
        }
        p = sparams(a);
        json_object_set_new(p, "frame", json_integer(h->frame));
        value_format(args, p);
        if (call(a, "locals", p, &res, err, sizeof(err)) < 0) {
                /* a frame without DWARF: no variables rather than an error */
                respond(a, req, json_pack("{s:o}", "variables", out));
                return;
        }
        json_array_foreach(json_object_get(res, h->kind == H_ARGS ? "args" : "locals"), i, v) {
                char text[512];
                const char *value = json_string_value(json_object_get(v, "value"));
                const char *name = json_string_value(json_object_get(v, "name")) ?: "?";

                if (!value) {
                        snprintf(text, sizeof(text), "<%s>",
                                 json_string_value(json_object_get(v, "error")));
                        value = text;
                }
                json_array_append_new(out, variable(a, h, name, value,
                                                    json_string_value(json_object_get(v, "type")),
                                                    name, true, hex, NULL));
        }
        json_decref(res);
        respond(a, req, json_pack("{s:o}", "variables", out));
}

static void do_evaluate(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req), *res, *o;
        const char *expr = json_string_value(json_object_get(args, "expression"));
        const struct handle *h = get_handle(a, json_object_get(args, "frameId"));
        struct handle where = { a->selected_tid, 0, H_FRAME, NULL };
        bool hex = json_is_true(json_object_get(json_object_get(args, "format"), "hex"));
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
        if (h && h->kind == H_FRAME)
                where = (struct handle){ h->tid, h->frame, H_FRAME, NULL };
        res = print_json(a, &where, expr, hex, err, sizeof(err));
        if (!res) {
                respond_error(a, req, "%s", err);
                return;
        }
        /* a watch or a hover opens as a variable does */
        o = variable(a, &where, expr, json_string_value(json_object_get(res, "value")),
                     json_string_value(json_object_get(res, "type")), expr, true, hex, NULL);
        json_object_set(o, "result", json_object_get(o, "value"));
        json_object_del(o, "value");
        json_object_del(o, "name");
        respond(a, req, o);
        json_decref(res);
}

/* ---- setVariable, setExpression -------------------------------------------------- */

/* Write value (a C expression: 7, 'z', BLUE, &arr[1], 2.5) into the scalar expr in the
 * frame of h, as C's assignment would: dbgd's print of (TYPE)(value) with format x is
 * the bits to write (its /x of a float is its bits, as gdb 13's), little-endian in
 * sizeof(expr) bytes at expr's address, written with poke. Only scalars in memory: a
 * struct or an array, a register variable or a bit-field is refused with why. On
 * success the body of the answer: the new value as print shows it. */
static json_t *set_value(struct adapter *a, const struct handle *h, const char *expr,
                         const char *value, bool hex, char *err, size_t errlen)
{
        json_t *cur = NULL, *bits = NULL, *res = NULL, *body = NULL, *p;
        char buf[EXPR_MAX * 2 + 64], bytes[2 * 16 + 1];
        const char *type, *addr, *x;
        unsigned long long address;
        long long size;
        size_t nx;

        if (strlen(expr) > EXPR_MAX || strlen(value) > EXPR_MAX) {
                snprintf(err, errlen, "too long");
                return NULL;
        }
        cur = print_json(a, h, expr, false, err, errlen);
        if (!cur)
                return NULL;
        type = json_string_value(json_object_get(cur, "type")) ?: "";
        if (gdbval_is_aggregate(json_string_value(json_object_get(cur, "value"))) ||
            array_type(type, buf, sizeof(buf)) >= 0 || !*type) {
                snprintf(err, errlen,
                         "%s is a %s: only a scalar (an integer, a char, a bool, an enum, a "
                         "pointer, a float or a double) can be set; set its members",
                         expr, *type ? type : "value without a type");
                goto out;
        }
        /* where it is: print's address, else &(expr) (a member through a cast) */
        addr = json_string_value(json_object_get(cur, "address"));
        address = addr ? strtoull(addr, NULL, 16) : 0;
        if (!address) {
                snprintf(buf, sizeof(buf), "&(%s)", expr);
                res = print_json(a, h, buf, false, err, errlen);
                address = res ? pointer_value(json_string_value(json_object_get(res, "value")))
                              : 0;
                json_decref(res);
                res = NULL;
        }
        if (!address) {
                snprintf(err, errlen, "%s is not in memory (a register variable, a bit-field "
                                      "or a computed value): it cannot be set", expr);
                goto out;
        }
        snprintf(buf, sizeof(buf), "sizeof(%s)", expr);
        res = print_json(a, h, buf, false, err, errlen);
        size = res ? strtoll(json_string_value(json_object_get(res, "value")), NULL, 10) : 0;
        json_decref(res);
        res = NULL;
        if (size < 1 || size > 16) {
                if (!*err)
                        snprintf(err, errlen, "%s: %lld bytes, not a scalar's", expr, size);
                goto out;
        }
        /* the value converted to the type, as C's assignment does, in bits */
        snprintf(buf, sizeof(buf), "(%s)(%s)", type, value);
        bits = print_json(a, h, buf, true, err, errlen);
        if (!bits)
                goto out;
        x = json_string_value(json_object_get(bits, "value"));
        if (strncmp(x, "0x", 2) || !(nx = strspn(x + 2, "0123456789abcdef")) || x[2 + nx]) {
                snprintf(err, errlen, "%s: %s is not a value of type %s", value, x, type);
                goto out;
        }
        x += 2;
        /* little-endian: the last two hex digits are the first byte; zeros past them */
        for (long long i = 0; i < size; i++) {
                long long hi = (long long)nx - 2 * i - 2, lo = (long long)nx - 2 * i - 1;

                bytes[2 * i] = hi >= 0 ? x[hi] : '0';
                bytes[2 * i + 1] = lo >= 0 ? x[lo] : '0';
        }
        bytes[2 * size] = 0;
        p = sparams(a);
        json_object_set_new(p, "address", hex_address(address));
        json_object_set_new(p, "bytes", json_string(bytes));
        if (call(a, "poke", p, NULL, err, errlen) < 0)
                goto out;
        res = print_json(a, h, expr, hex, err, errlen);
        if (!res)
                goto out;
        body = variable(a, h, expr, json_string_value(json_object_get(res, "value")),
                        json_string_value(json_object_get(res, "type")), expr, true, hex, NULL);
        json_object_del(body, "name");
        json_object_del(body, "evaluateName");
out:
        json_decref(res);
        json_decref(bits);
        json_decref(cur);
        return body;
}

static void do_set_variable(struct adapter *a, json_t *req, bool expression)
{
        json_t *args = args_of(req), *body;
        const struct handle *h = get_handle(a, json_object_get(args, expression ? "frameId"
                                                                              : "variablesReference"));
        const char *name = json_string_value(json_object_get(args, expression ? "expression"
                                                                               : "name"));
        const char *value = json_string_value(json_object_get(args, "value"));
        bool hex = json_is_true(json_object_get(json_object_get(args, "format"), "hex"));
        struct handle where = { a->selected_tid, 0, H_FRAME, NULL };
        const char *cmd = expression ? "setExpression" : "setVariable";
        char err[1024] = "", deref[EXPR_MAX], part[EXPR_MAX];

        if (a->session < 0 || a->running || !name || !value) {
                respond_error(a, req, "%s: %s", cmd,
                              !name || !value ? "name (expression) and value are required"
                                              : "the program is not stopped");
                return;
        }
        if (!expression) {
                json_t *names = h && h->kind == H_VAR ? json_object_get(h->var, "names") : NULL;

                if (!h || h->kind == H_FRAME) {
                        respond_error(a, req, "setVariable: no such scope or variable");
                        return;
                }
                if (names && !json_object_get(names, name)) {
                        /* a part not shown yet: its expression as it would be */
                        const char *e = json_string_value(json_object_get(h->var, "expr"));
                        const char *text = json_string_value(json_object_get(h->var, "value"));

                        if (e && (!text || text[0] == '{') && name[0] != '<') {
                                if (!text) {
                                        part_expr(e, "*", deref, sizeof(deref));
                                        e = deref;
                                }
                                part_expr(e, name, part, sizeof(part));
                                if (*part)
                                        json_object_set_new(names, name, json_string(part));
                        }
                }
                if (names) {
                        name = json_string_value(json_object_get(names, name));
                        if (!name) {
                                respond_error(a, req, "setVariable: %s has no expression that "
                                                      "dbgd can write (a pretty printer's part)",
                                              json_string_value(json_object_get(args, "name")));
                                return;
                        }
                }
        }
        if (h)
                where = (struct handle){ h->tid, h->frame, H_FRAME, NULL };
        if (select_thread(a, where.tid, err, sizeof(err)) < 0) {
                respond_error(a, req, "%s", err);
                return;
        }
        body = set_value(a, &where, name, value, hex, err, sizeof(err));
        if (!body) {
                respond_error(a, req, "%s: %s", cmd, err);
                return;
        }
        respond(a, req, body);
        /* what else the editor shows may be this memory too (a pointer's target) */
        send_event(a, "invalidated", json_pack("{s:[s]}", "areas", "variables"));
}

/* ---- stepInTargets -------------------------------------------------------------- */

#define LINE_SCAN 512 /* instructions of the current line scanned for its calls */
#define TARGET_STEPS 4096 /* instructions a stepIn to a target steps at most to reach it */

/* Is instruction insn of file:line (its `source`, as dbgd's line tables say)? */
static bool insn_on_line(json_t *insn, const char *file, json_int_t line)
{
        json_t *src = json_object_get(insn, "source");

        return src && json_integer_value(json_object_get(src, "line")) == line &&
               !strcmp(json_string_value(json_object_get(src, "file")) ?: "", file);
}

/* The label of a call's target: the function dbgd's `symbols` names at the address
 * (demangled for C++), "printf" for "printf@plt"; else what `disasm` named it. */
static void call_label(struct adapter *a, json_t *insn, char *out, size_t outlen)
{
        json_t *target = json_object_get(insn, "target"), *p, *res, *sym;
        const char *name = json_string_value(json_object_get(insn, "target_symbol")), *at;
        char err[256];

        snprintf(out, outlen, "%s", name ? name : "");
        if (target) {
                p = sparams(a);
                json_object_set(p, "address", target);
                if (call(a, "symbols", p, &res, err, sizeof(err)) == 0) {
                        sym = json_array_get(json_object_get(res, "symbols"), 0);
                        name = json_string_value(json_object_get(sym, "demangled"));
                        if (!name)
                                name = json_string_value(json_object_get(sym, "name"));
                        if (!name)
                                name = json_string_value(json_object_get(sym, "symbol"));
                        if (name && *name)
                                snprintf(out, outlen, "%s", name);
                        json_decref(res);
                }
        }
        if (!*out) /* an indirect call: through what */
                snprintf(out, outlen, "*%s",
                         json_string_value(json_object_get(insn, "operands")) ?: "?");
        at = strstr(out, "@plt");
        if (at && !at[4])
                out[at - out] = '\0';
}

/* stepInTargets {frameId}: the calls of the current line from the pc on, in the order
 * of their addresses (the order they run in when the line runs straight), each a target
 * labelled with its function's name. The line is the pc's (dbgd's `disasm` gives each
 * instruction's line): its instructions from the pc to the first of another line. The
 * calls already made on the line are behind the pc: not offered. Only the innermost
 * frame steps: another frame's line is refused. The ids last until the next stop. */
static void do_step_in_targets(struct adapter *a, json_t *req)
{
        const struct handle *h = get_handle(a, json_object_get(args_of(req), "frameId"));
        json_t *p, *res, *insns, *insn, *first, *out;
        const char *file;
        json_int_t line;
        unsigned long long lo, hi;
        char err[512];
        size_t i;

        if (a->session < 0 || a->running) {
                respond_error(a, req, "stepInTargets: %s",
                              a->session < 0 ? "launch first" : "the program is running");
                return;
        }
        if (!h || h->kind != H_FRAME) {
                respond_error(a, req, "stepInTargets: frameId is not a frame of this stop");
                return;
        }
        if (h->frame != 0) {
                respond_error(a, req, "stepInTargets: only the innermost frame (0) steps; "
                                      "frame %d is a caller", h->frame);
                return;
        }
        if (select_thread(a, h->tid, err, sizeof(err)) < 0) {
                respond_error(a, req, "stepInTargets: %s", err);
                return;
        }
        p = sparams(a);
        json_object_set_new(p, "count", json_integer(LINE_SCAN));
        if (call(a, "disasm", p, &res, err, sizeof(err)) < 0) {
                respond_error(a, req, "stepInTargets: %s", err);
                return;
        }
        json_array_clear(a->step_targets);
        out = json_array();
        insns = json_object_get(res, "instructions");
        first = json_array_get(insns, 0);
        file = json_string_value(json_object_get(json_object_get(first, "source"), "file"));
        line = json_integer_value(json_object_get(json_object_get(first, "source"), "line"));
        lo = hex_value(json_object_get(first, "address"));
        hi = lo;
        json_array_foreach(insns, i, insn) {
                char label[512];

                if (!file || !insn_on_line(insn, file, line))
                        break; /* no line here, or the next line's code */
                hi = hex_value(json_object_get(insn, "address")) +
                     (unsigned long long)json_integer_value(json_object_get(insn, "size"));
                if (strcmp(json_string_value(json_object_get(insn, "mnemonic")) ?: "", "call"))
                        continue;
                call_label(a, insn, label, sizeof(label));
                json_array_append_new(a->step_targets,
                                      json_pack("{s:O,s:I,s:I}", "address",
                                                json_object_get(insn, "address"), "tid",
                                                (json_int_t)h->tid, "lo", (json_int_t)lo));
                json_array_append_new(out, json_pack("{s:I,s:s,s:I}", "id",
                                                     (json_int_t)json_array_size(a->step_targets),
                                                     "label", label, "line", line));
        }
        /* the line's end, for the step to a target: leaving [lo, hi) is leaving the line */
        json_array_foreach(a->step_targets, i, insn)
                json_object_set_new(insn, "hi", json_integer((json_int_t)hi));
        json_decref(res);
        respond(a, req, json_pack("{s:o}", "targets", out));
}

/* stepIn {targetId}: into the call of that target, as gdb's step reaches it: the
 * line's instructions before it are stepped one by one, a call among them run whole
 * (`step` over: the calls before it run as ones), and at the call a line step (`step`
 * line) enters the function and stops at its opening line (the end of its prologue) —
 * or runs it whole, as gdb's step, when it has no line table. When the line is left
 * before the call (a branch skips it) the stop is there, a "step"; a breakpoint or a
 * signal on the way stops as it would. */
static void step_to_target(struct adapter *a, json_t *req, json_t *target_id)
{
        json_int_t n = json_integer_value(target_id);
        json_t *t, *p, *st = NULL;
        unsigned long long want, lo, hi, pc;
        char err[512];

        if (a->session < 0 || a->running) {
                respond_error(a, req, "stepIn: %s",
                              a->session < 0 ? "launch first" : "the program is running");
                return;
        }
        if (!json_is_integer(target_id) || n < 1 ||
            (size_t)n > json_array_size(a->step_targets)) {
                respond_error(a, req,
                              "stepIn: unknown targetId (stepInTargets of this stop gave %zu)",
                              json_array_size(a->step_targets));
                return;
        }
        t = json_array_get(a->step_targets, (size_t)n - 1);
        want = hex_value(json_object_get(t, "address"));
        lo = (unsigned long long)json_integer_value(json_object_get(t, "lo"));
        hi = (unsigned long long)json_integer_value(json_object_get(t, "hi"));
        if (select_thread(a, json_integer_value(json_object_get(t, "tid")), err, sizeof(err)) < 0) {
                respond_error(a, req, "stepIn: %s", err);
                return;
        }
        a->going = a->then_next = false;
        a->step_sp = 0;
        pc = lo;
        for (int k = 0; k < TARGET_STEPS && pc != want && pc >= lo && pc < hi; k++) {
                json_t *stop;

                p = sparams(a);
                json_object_set_new(p, "over", json_true());
                json_object_set_new(p, "timeout", json_real(1));
                json_decref(st);
                st = NULL;
                if (call(a, "step", p, &st, err, sizeof(err)) < 0) {
                        respond_error(a, req, "stepIn: %s", err);
                        return;
                }
                stop = json_object_get(st, "stop");
                if (strcmp(json_string_value(json_object_get(st, "state")) ?: "", "stopped") ||
                    strcmp(json_string_value(json_object_get(stop, "reason")) ?: "", "step"))
                        break; /* a breakpoint, a signal, the end, a long call: as it is */
                pc = hex_value(json_object_get(stop, "pc"));
        }
        if (pc == want) { /* at the call (a stop of another kind broke the loop before) */
                json_decref(st);
                p = sparams(a);
                json_object_set_new(p, "timeout", json_real(0.05));
                json_object_set_new(p, "line", json_true());
                resume(a, req, "step", p, NULL);
                return;
        }
        respond(a, req, NULL);
        if (st)
                on_status(a, st);
        json_decref(st);
}

static void do_step(struct adapter *a, json_t *req, const char *command)
{
        json_t *args = args_of(req), *p;
        long long tid = json_integer_value(json_object_get(args, "threadId"));
        char err[512];

        if (!strcmp(command, "stepIn") && json_object_get(args, "targetId")) {
                step_to_target(a, req, json_object_get(args, "targetId"));
                return;
        }
        if (a->session >= 0 && !a->running && select_thread(a, tid, err, sizeof(err)) < 0) {
                respond_error(a, req, "%s", err);
                return;
        }
        p = sparams(a);
        json_object_set_new(p, "timeout", json_real(0.05));
        /* a logpoint the step may meet goes on with it: the step's frame, to know it */
        a->step_sp = 0;
        if (a->session >= 0 && !a->running && json_object_size(a->logpoints) &&
            (!strcmp(command, "stepOut") ||
             (!strcmp(command, "next") &&
              strcmp(json_string_value(json_object_get(args, "granularity")) ?: "",
                     "instruction")))) {
                a->step_sp = frame_sp(a);
                a->step_kind = strcmp(command, "next") ? 'o' : 'n';
        }
        if (!strcmp(command, "stepOut")) { /* any granularity: to the caller */
                resume(a, req, "finish", p, NULL);
                return;
        }
        /* granularity "instruction": one instruction, a call whole with next (gdb's
         * stepi and nexti); "line" and "statement" (C has one per line to dbgd): lines */
        if (strcmp(json_string_value(json_object_get(args, "granularity")) ?: "",
                   "instruction"))
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

/* Every item the list method names (breakpoints: each one's "breakpoint") deleted with
 * method (delete), in the session. 0, or -1 with why in err. */
static int delete_listed(struct adapter *a, const char *list, const char *key,
                        const char *method, char *err, size_t errlen)
{
        json_t *res, *v, *p;
        size_t i;

        if (call(a, list, sparams(a), &res, err, errlen) < 0)
                return -1;
        json_array_foreach(json_object_get(res, list), i, v) {
                p = sparams(a);
                json_object_set(p, key, json_object_get(v, key));
                if (call(a, method, p, NULL, err, errlen) < 0) {
                        json_decref(res);
                        return -1;
                }
        }
        json_decref(res);
        return 0;
}

/* disconnect {terminateDebuggee: false} of a launched program: it runs on without the
 * debugger. dbgd detaches only what it attached to (a spawned program's stdout and
 * stderr are pipes of dbgd's, which close with its session), so the program is let go
 * inside dbgd: stopped first if it runs (`pause`), every breakpoint and watchpoint
 * deleted, every signal passed without a stop nor an event (`handle`, gdb's `handle
 * SIG nostop noprint pass`: SIGKILL, SIGSTOP and SIGTRAP keep theirs), resumed
 * (`cont`, its pending signal delivered), and its session left open: the program runs as it would without a
 * debugger, its output kept by dbgd (`dbgctl output`), until it ends or dbgd's `close`
 * or `kill` ends it. Returns 0, or -1 with why in err (the caller then closes it). */
static int let_run(struct adapter *a, char *err, size_t errlen)
{
        json_t *p, *st = NULL;
        const char *state;

        if (a->running) {
                if (call(a, "pause", sparams(a), &st, err, errlen) < 0)
                        return -1;
                a->running = false;
        } else if (call(a, "status", sparams(a), &st, err, errlen) < 0) {
                return -1;
        }
        state = json_string_value(json_object_get(st, "state")) ?: "";
        if (strcmp(state, "stopped")) {
                snprintf(err, errlen, "it has ended: %s", state); /* nothing to let go */
                json_decref(st);
                return -1;
        }
        json_decref(st);
        if (delete_listed(a, "breakpoints", "breakpoint", "delete", err, errlen) < 0 ||
            delete_listed(a, "watchpoints", "watchpoint", "unwatch", err, errlen) < 0)
                return -1;
        for (int sig = 1; sig <= 64; sig++) {
                if (sig == SIGKILL || sig == SIGSTOP || sig == SIGTRAP || (sig > 31 && sig < 34))
                        continue; /* their own; 32 and 33 are glibc's, no program's */
                p = sparams(a);
                json_object_set_new(p, "signal", json_integer(sig));
                json_object_set_new(p, "stop", json_false());
                json_object_set_new(p, "print", json_false()); /* no one reads its events */
                json_object_set_new(p, "pass", json_true());
                if (call(a, "handle", p, NULL, err, errlen) < 0)
                        return -1;
        }
        p = sparams(a);
        json_object_set_new(p, "wait", json_false());
        return call(a, "cont", p, NULL, err, errlen);
}

/* disconnect, terminate: the session ends. An attached process is let go (detach)
 * unless terminateDebuggee (or terminate) says to kill it. A launched one is killed
 * (close), unless disconnect's terminateDebuggee is false: then it runs on in dbgd
 * (let_run). */
static void do_end(struct adapter *a, json_t *req, bool disconnect)
{
        json_t *term = json_object_get(args_of(req), "terminateDebuggee");
        bool kill = !disconnect || (a->attached ? json_is_true(term) : !json_is_false(term));
        char err[256], text[512];

        if (a->session >= 0) {
                forward_output(a);
                if (a->attached && kill)
                        call(a, "kill", sparams(a), NULL, err, sizeof(err));
                if (!a->attached && !kill && !a->ended) {
                        if (let_run(a, err, sizeof(err)) == 0) {
                                snprintf(text, sizeof(text),
                                         "dbgd-dap: the program runs on without the debugger, "
                                         "in dbgd's session %lld (its output: dbgctl output "
                                         "%lld; dbgctl close %lld ends it)\n",
                                         a->session, a->session, a->session);
                                a->session = -1; /* left open */
                        } else {
                                snprintf(text, sizeof(text),
                                         "dbgd-dap: the program cannot run on (%s): killed\n",
                                         err);
                        }
                        send_event(a, "output", json_pack("{s:s,s:s}", "category", "console",
                                                          "output", text));
                }
                if (a->session >= 0 && (!a->attached || kill ||
                                        call(a, "detach", sparams(a), NULL, err, sizeof(err)) < 0))
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

/* restart: the launched program anew, with launch's arguments (or restart's
 * `arguments`, the editor's configuration again, when it has a program): the old
 * process is killed and its session closed without an exited or terminated event (the
 * debug session goes on), the new one spawned, every source, function and instruction
 * breakpoint the editor set placed again in it (data breakpoints are of the old
 * process's memory: they go), then "process" and "initialized" as after launch. The
 * editor answers initialized as at launch: its breakpoints again (they replace the
 * ones placed here, whose ids are the new session's) and configurationDone, which
 * runs the program. An attached process is not restarted: attach again. */
static void do_restart(struct adapter *a, json_t *req)
{
        json_t *args = json_object_get(args_of(req), "arguments"), *reqs, *old_ids, *v;
        const char *kind;
        char err[512];

        if (a->attached || !a->launch_args) {
                respond_error(a, req, "restart: %s",
                              a->attached ? "an attached process is not restarted: attach "
                                            "again"
                                          : "launch first");
                return;
        }
        if (json_is_object(args) && json_is_string(json_object_get(args, "program"))) {
                json_decref(a->launch_args);
                a->launch_args = json_deep_copy(args);
        }
        if (a->session >= 0) {
                forward_output(a);
                call(a, "close", sparams(a), NULL, err, sizeof(err));
                a->session = -1;
        }
        /* what the old process had went with its session */
        reset_handles(a);
        json_object_clear(a->source_bps);
        json_array_clear(a->function_bps);
        json_array_clear(a->instruction_bps);
        json_object_clear(a->bp_places);
        json_object_clear(a->logpoints);
        json_object_clear(a->dap_ids); /* the new session numbers its own */
        json_array_clear(a->data_bps);
        json_object_clear(a->modules);
        json_decref(a->last_stop);
        a->last_stop = NULL;
        a->step_sp = 0;
        a->going = a->then_next = false;
        if (spawn_program(a, a->launch_args, err, sizeof(err)) < 0) {
                respond_error(a, req, "cannot restart %s: %s",
                              json_string_value(json_object_get(a->launch_args, "program")),
                              err);
                if (!a->ended) { /* nothing runs any more */
                        send_event(a, "terminated", NULL);
                        a->ended = true;
                }
                return;
        }
        respond(a, req, NULL);
        /* set_*_bps keep their requests and ids anew */
        reqs = json_deep_copy(a->bp_reqs);
        old_ids = json_deep_copy(a->bp_req_ids);
        json_object_foreach(reqs, kind, v) {
                json_t *want = json_object_get(old_ids, kind), *out, *b;
                size_t i;

                if (!strncmp(kind, "source:", 7))
                        out = set_source_bps(a, kind + 7, v, want);
                else if (!strcmp(kind, "function"))
                        out = set_function_bps(a, v, want);
                else
                        out = set_instruction_bps(a, v, want);
                /* the editor's breakpoints, under the ids it knows, where the new process
                 * has them: as a library's breakpoint that becomes verified, "changed" */
                json_array_foreach(out, i, b) {
                        json_t *id = json_array_get(want, i);

                        if (!json_is_integer(id))
                                continue;
                        json_object_set(b, "id", id);
                        send_event(a, "breakpoint", json_pack("{s:s,s:O}", "reason", "changed",
                                                              "breakpoint", b));
                }
                json_decref(out);
        }
        json_decref(reqs);
        json_decref(old_ids);
        launched_events(a);
}

/* ---- sources, completions ------------------------------------------------------- */

/* The DAP Source of path (NULL for none). A file the bridge cannot read where it runs
 * (dbgd may be another machine's, or the program built elsewhere) gets a
 * sourceReference, the same one for the path all the session long, and origin "dbgd":
 * the editor then asks for its text with a `source` request, which dbgd's `source`
 * answers. A file readable here keeps its path alone, and the editor opens it; so does
 * a path without its directory (a library's, relative to its build directory), which
 * dbgd refuses too: a reference would only fail. */
static json_t *dap_source(struct adapter *a, const char *path)
{
        const char *base;
        json_t *o, *ref;

        if (!path)
                return NULL;
        base = strrchr(path, '/');
        o = json_pack("{s:s,s:s}", "name", base ? base + 1 : path, "path", path);
        if (!o || path[0] != '/' || access(path, R_OK) == 0)
                return o;
        ref = json_object_get(a->src_refs, path);
        if (!ref) {
                json_array_append_new(a->src_paths, json_string(path));
                ref = json_integer((json_int_t)json_array_size(a->src_paths));
                json_object_set_new(a->src_refs, path, ref);
        }
        json_object_set(o, "sourceReference", ref);
        json_object_set_new(o, "origin", json_string("dbgd"));
        return o;
}

/* The path of a DAP Source the editor sends: its path, else the path of a
 * sourceReference the bridge gave (an editor may send the reference alone); NULL for
 * neither. Borrowed from src or from src_paths. */
static const char *source_path(struct adapter *a, json_t *src)
{
        const char *path = json_string_value(json_object_get(src, "path"));
        json_int_t ref = json_integer_value(json_object_get(src, "sourceReference"));

        if (path && *path)
                return path;
        if (ref > 0 && (size_t)ref <= json_array_size(a->src_paths))
                return json_string_value(json_array_get(a->src_paths, (size_t)ref - 1));
        return NULL;
}

/* loadedSources: dbgd's `sources`, the files of the loaded modules' line tables (the
 * program's, its libraries' that have DWARF, headers with inline code). */
static void do_loaded_sources(struct adapter *a, json_t *req)
{
        json_t *res, *out = json_array(), *f;
        char err[512];
        size_t i;

        a->sources_asked = true;
        if (a->session < 0) { /* nothing loaded yet */
                respond(a, req, json_pack("{s:o}", "sources", out));
                return;
        }
        if (call(a, "sources", sparams(a), &res, err, sizeof(err)) < 0) {
                json_decref(out);
                respond_error(a, req, "loadedSources: %s", err);
                return;
        }
        json_array_foreach(json_object_get(res, "sources"), i, f) {
                const char *path = json_string_value(json_object_get(f, "file"));
                json_t *s = dap_source(a, path);

                if (!s)
                        continue;
                /* told: no loadedSource event will say it again */
                json_object_set_new(a->told_sources, path, json_true());
                json_array_append_new(out, s);
        }
        json_decref(res);
        respond(a, req, json_pack("{s:o}", "sources", out));
}

/* breakpointLocations: the lines from `line` to `endLine` (the one line without it) of
 * source.path where a line breakpoint stays on its line: those with a statement row in
 * the line tables (dbgd's `sources` with `file`), as gdb's DAP answers from its line
 * table. Columns are not told (dbgd places a breakpoint at a line's lowest address). */
static void do_breakpoint_locations(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req), *p, *res, *out, *l;
        const char *path = source_path(a, json_object_get(args, "source"));
        json_t *line = json_object_get(args, "line"), *end = json_object_get(args, "endLine");
        long long from = json_integer_value(line), to;
        char err[512];
        size_t i;

        to = json_is_integer(end) ? json_integer_value(end) : from;
        if (!path || !json_is_integer(line) || from < 1 || to < from) {
                respond_error(a, req, "breakpointLocations: %s",
                              !path ? "source.path is required"
                                    : "line (1 or more) is required, and endLine not before it");
                return;
        }
        if (a->session < 0) {
                respond_error(a, req, "breakpointLocations: launch first");
                return;
        }
        p = sparams(a);
        json_object_set_new(p, "file", json_string(path));
        json_object_set_new(p, "from", json_integer(from));
        json_object_set_new(p, "to", json_integer(to));
        if (call(a, "sources", p, &res, err, sizeof(err)) < 0) {
                respond_error(a, req, "breakpointLocations: %s", err);
                return;
        }
        out = json_array();
        json_array_foreach(json_object_get(res, "lines"), i, l)
                json_array_append_new(out, json_pack("{s:O}", "line", l));
        json_decref(res);
        respond(a, req, json_pack("{s:o}", "breakpoints", out));
}

/* The editor's mimeType of a C or C++ file, by its extension (NULL: neither, none sent).
 * A .h is C's: a header's language is not in its name. */
static const char *source_mime(const char *path)
{
        static const char *const cxx[] = { "cc", "cpp", "cxx", "c++", "C", "hh", "hpp",
                                           "hxx", "h++", "H", "tcc", "ipp", "inl" };
        const char *base = strrchr(path, '/'), *dot;

        dot = strrchr(base ? base : path, '.');
        if (!dot)
                return NULL;
        dot++;
        if (!strcmp(dot, "c") || !strcmp(dot, "h"))
                return "text/x-c";
        for (size_t i = 0; i < sizeof(cxx) / sizeof(cxx[0]); i++)
                if (!strcmp(dot, cxx[i]))
                        return "text/x-c++";
        return NULL;
}

/* source: the whole text of a file, as dbgd's machine has it (`source`, SOURCE_PAGE
 * lines a call until `total`). Asked by sourceReference (the one dap_source gave), or
 * by source.path: dbgd serves only the files its line tables name. Nothing is cached:
 * the editor keeps what it was given for the session (VS Code, nvim-dap do), and a
 * file edited on dbgd's machine reads anew. */
#define SOURCE_PAGE 1000 /* dbgd's `source` count limit */

static void do_source(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req), *src = json_object_get(args, "source"), *v;
        json_t *jref = json_object_get(src, "sourceReference");
        const char *path = NULL, *mime;
        long long line = 1, total;
        json_int_t ref;
        char err[512], *text = NULL;
        size_t len = 0, cap = 0, i;

        /* source.sourceReference wins over the older arguments.sourceReference */
        if (!json_is_integer(jref) || json_integer_value(jref) <= 0)
                jref = json_object_get(args, "sourceReference");
        ref = json_integer_value(jref);
        if (ref > 0) {
                if ((size_t)ref > json_array_size(a->src_paths)) {
                        respond_error(a, req,
                                      "source: unknown sourceReference %" JSON_INTEGER_FORMAT
                                      " (the bridge gave %zu)",
                                      ref, json_array_size(a->src_paths));
                        return;
                }
                path = json_string_value(json_array_get(a->src_paths, (size_t)ref - 1));
        } else {
                path = json_string_value(json_object_get(src, "path"));
        }
        if (!path || !*path) {
                respond_error(a, req, "source: a sourceReference or source.path is required");
                return;
        }
        if (a->session < 0) {
                respond_error(a, req, "source: no program (launch first)");
                return;
        }
        do {
                json_t *p = sparams(a), *res;
                size_t n;

                json_object_set_new(p, "file", json_string(path));
                json_object_set_new(p, "line", json_integer(line));
                json_object_set_new(p, "count", json_integer(SOURCE_PAGE));
                if (call(a, "source", p, &res, err, sizeof(err)) < 0) {
                        respond_error(a, req, "source: cannot show %s: %s", path, err);
                        free(text);
                        return;
                }
                total = json_integer_value(json_object_get(res, "total"));
                n = json_array_size(json_object_get(res, "lines"));
                json_array_foreach(json_object_get(res, "lines"), i, v) {
                        size_t l = json_string_length(v);

                        if (len + l + 2 > cap) {
                                char *t;

                                cap = (len + l + 2) * 2;
                                t = realloc(text, cap);
                                if (!t) {
                                        json_decref(res);
                                        free(text);
                                        respond_error(a, req, "source: out of memory");
                                        return;
                                }
                                text = t;
                        }
                        memcpy(text + len, json_string_value(v), l);
                        len += l;
                        text[len++] = '\n'; /* dbgd's lines lose theirs */
                }
                json_decref(res);
                /* n == 0: the file shrank under us; what was read is all there is */
                line += (long long)n;
                if (!n)
                        break;
        } while (line <= total);
        v = json_pack("{s:s%}", "content", text ? text : "", len);
        free(text);
        mime = source_mime(path);
        if (v && mime)
                json_object_set_new(v, "mimeType", json_string(mime));
        respond(a, req, v);
}

#define COMPLETIONS_MAX 200 /* items a completions answer holds, as gdb's max-completions */

static bool ident_char(char c)
{
        return isalnum((unsigned char)c) || c == '_';
}

/* Add name as an item of type when it starts with prefix and is not there yet. */
static void add_completion(json_t *items, json_t *seen, const char *name, const char *prefix,
                           const char *type, long long start)
{
        size_t n = strlen(prefix);

        if (!name || strncmp(name, prefix, n) || json_object_get(seen, name) ||
            json_array_size(items) >= COMPLETIONS_MAX)
                return;
        for (const char *c = name; *c; c++)
                if (!ident_char(*c))
                        return; /* puts@plt, operator names: not what one types */
        if (name[0] == '_' && prefix[0] != '_')
                return; /* the implementation's names, unless asked for */
        json_object_set_new(seen, name, json_true());
        json_array_append_new(items, json_pack("{s:s,s:s,s:I,s:I}", "label", name, "type", type,
                                               "start", (json_int_t)start, "length",
                                               (json_int_t)n));
}

/* The start of the expression before a member's `.` or `->` that starts at op: back
 * over names, `.`, `->` and balanced brackets and parentheses (`pts[1].`, `(*pp).`,
 * `((struct pt *)q)->`); -1 when there is none, or when it calls a function (a name or
 * a bracket before a parenthesis): completing must run none of the program's code. */
static long long member_base(const char *text, long long op)
{
        long long i = op;

        while (i > 0) {
                char c = text[i - 1];

                if (ident_char(c) || c == '.') {
                        i--;
                } else if (c == '>' && i > 1 && text[i - 2] == '-') {
                        i -= 2;
                } else if (c == ']' || c == ')') {
                        char open = c == ']' ? '[' : '(';
                        int depth = 0;

                        while (i > 0) {
                                i--;
                                if (text[i] == c)
                                        depth++;
                                else if (text[i] == open && --depth == 0)
                                        break;
                        }
                        if (depth)
                                return -1;
                } else {
                        break;
                }
        }
        for (long long k = i + 1; k < op; k++) {
                long long j = k;

                if (text[k] != '(')
                        continue;
                while (j > i && text[j - 1] == ' ')
                        j--;
                if (j > i && (ident_char(text[j - 1]) || text[j - 1] == ')' ||
                              text[j - 1] == ']'))
                        return -1; /* f(...), fp(...)(...), table[1](...) */
        }
        return i < op ? i : -1;
}

/* The members of a struct or union value (gdb's text), as completions: an anonymous
 * member's and a C++ base class's members are the object's own (`t.lo`, `d.id`). */
static void add_members(json_t *items, json_t *seen, const char *value, const char *prefix,
                        long long start, int depth)
{
        json_t *parsed = value && depth < 8 ? gdbval_parse(value) : NULL, *it;
        size_t i;

        if (!parsed || json_is_true(json_object_get(parsed, "array"))) {
                json_decref(parsed);
                return; /* a scalar, or an array: no members */
        }
        json_array_foreach(json_object_get(parsed, "items"), i, it) {
                const char *name = json_string_value(json_object_get(it, "name"));
                const char *v = json_string_value(json_object_get(it, "value"));

                if (!name || name[0] == '<')
                        add_members(items, seen, v, prefix, start, depth + 1);
                else
                        add_completion(items, seen, name, prefix, "field", start);
        }
        json_decref(parsed);
}

/* completions after `EXPR.` or `EXPR->`: the members of EXPR's struct, read off its
 * value as `print` answers it (gdb's text, split by gdbval), or off `*(EXPR)`'s when
 * EXPR is a pointer. Either operator takes either, as gdb's completer does. */
static void member_completions(struct adapter *a, const struct handle *h, const char *text,
                               long long op, const char *prefix, long long start,
                               json_t *items, json_t *seen)
{
        long long b = member_base(text, op);
        char expr[1024], err[512];
        struct handle at = { h ? h->tid : 0, h ? h->frame : 0, H_FRAME, NULL };
        json_t *res;
        const char *v;

        if (b < 0 || op - b >= (long long)sizeof(expr) - 8)
                return;
        if (h && select_thread(a, h->tid, err, sizeof(err)) < 0)
                return;
        snprintf(expr, sizeof(expr), "%.*s", (int)(op - b), text + b);
        res = print_json(a, &at, expr, false, err, sizeof(err));
        v = json_string_value(json_object_get(res, "value"));
        if (v && !gdbval_is_aggregate(v)) { /* a pointer: what it points to */
                char deref[1100];

                snprintf(deref, sizeof(deref), "*(%s)", expr);
                json_decref(res);
                res = print_json(a, &at, deref, false, err, sizeof(err));
                v = json_string_value(json_object_get(res, "value"));
        }
        add_members(items, seen, v, prefix, start, 0);
        json_decref(res);
}

/* Is the name that starts at begin a cast's type: 1 after `(` (a type, or a
 * parenthesized expression's first name), 2 after `(struct `, `(union ` or `(enum `
 * (a tag of that kind, in tag), 0 elsewhere. */
static int cast_context(const char *text, long long begin, char *tag, size_t taglen)
{
        static const char *const kinds[] = { "struct", "union", "enum" };
        long long i = begin;

        while (i > 0 && text[i - 1] == ' ')
                i--;
        if (i > 0 && text[i - 1] == '(')
                return 1;
        for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]) && i < begin; k++) {
                long long j = i - (long long)strlen(kinds[k]);

                if (j < 0 || strncmp(text + j, kinds[k], strlen(kinds[k])))
                        continue;
                while (j > 0 && text[j - 1] == ' ')
                        j--;
                if (j > 0 && text[j - 1] == '(') {
                        snprintf(tag, taglen, "%s", kinds[k]);
                        return 2;
                }
        }
        return 0;
}

/* The type names a cast can start with: C's own (keywords) when tag is NULL, and the
 * names in the frame's variables' types (locals' `type`): a typedef's name ("size_t"),
 * or with tag the tags of that kind ("struct pt *" gives "pt"). dbgd has no method
 * that lists the program's types: the frame's are the ones at hand. */
static void add_type_names(json_t *items, json_t *seen, json_t *locals, const char *tag,
                           const char *prefix, long long start)
{
        static const char *const c_types[] = { "char",   "short",    "int",    "long",
                                               "signed", "unsigned", "float",  "double",
                                               "void",   "_Bool",    "struct", "union",
                                               "enum",   "const",    "volatile" };
        static const char *const parts[] = { "args", "locals" };
        json_t *v;
        size_t i;

        if (!tag)
                for (size_t k = 0; k < sizeof(c_types) / sizeof(c_types[0]); k++)
                        add_completion(items, seen, c_types[k], prefix, "keyword", start);
        for (size_t k = 0; k < 2; k++) {
                json_array_foreach(json_object_get(locals, parts[k]), i, v) {
                        const char *t = json_string_value(json_object_get(v, "type")) ?: "";
                        char word[256];
                        size_t n;

                        while (!strncmp(t, "const ", 6) || !strncmp(t, "volatile ", 9))
                                t = strchr(t, ' ') + 1;
                        if (tag) {
                                n = strlen(tag);
                                if (strncmp(t, tag, n) || t[n] != ' ')
                                        continue;
                                t += n + 1;
                        }
                        for (n = 0; ident_char(t[n]) && n < sizeof(word) - 1; n++)
                                word[n] = t[n];
                        word[n] = '\0';
                        if (tag || !json_object_get(seen, word)) {
                                bool keyword = false;

                                for (size_t k2 = 0; k2 < sizeof(c_types) / sizeof(c_types[0]);
                                     k2++)
                                        keyword |= !strcmp(word, c_types[k2]);
                                if (tag || !keyword)
                                        add_completion(items, seen, word, prefix, "class",
                                                       start);
                        }
                }
        }
}

/* completions: the identifier before the cursor (`column` in `text`) completed with
 * the names the debug console's expressions can use: the frame's arguments and locals
 * (frameId's frame, else the innermost), then the program's and its libraries'
 * functions and variables (dbgd's `symbols` with PREFIX*, the executable's first),
 * each once, at most COMPLETIONS_MAX. A member after `.` or `->` is not completed. */
static void do_completions(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req), *p, *res, *items, *seen, *v;
        const char *text = json_string_value(json_object_get(args, "text"));
        json_t *col = json_object_get(args, "column");
        const struct handle *h = get_handle(a, json_object_get(args, "frameId"));
        long long cursor = json_integer_value(col) - (a->columns_from_1 ? 1 : 0), begin;
        char prefix[256], pattern[300], err[512], tag[8];
        static const char *const parts[] = { "args", "locals" };
        size_t i;
        int cast;

        if (!text || !json_is_integer(col) || cursor < 0 || cursor > (long long)strlen(text)) {
                respond_error(a, req, "completions: %s",
                              !text ? "text is required" : "column is not in text");
                return;
        }
        if (a->session < 0 || a->running) {
                respond_error(a, req, "completions: %s",
                              a->session < 0 ? "launch first" : "the program is running");
                return;
        }
        for (begin = cursor; begin > 0 && ident_char(text[begin - 1]); begin--)
                ;
        if (cursor - begin >= (long long)sizeof(prefix)) {
                respond(a, req, json_pack("{s:[]}", "targets"));
                return;
        }
        memcpy(prefix, text + begin, (size_t)(cursor - begin));
        prefix[cursor - begin] = '\0';
        items = json_array();
        seen = json_object();
        if (begin > 0 && text[begin - 1] == '.') {
                member_completions(a, h, text, begin - 1, prefix,
                                   begin + (a->columns_from_1 ? 1 : 0), items, seen);
                goto done;
        }
        if (begin > 1 && text[begin - 1] == '>' && text[begin - 2] == '-') {
                member_completions(a, h, text, begin - 2, prefix,
                                   begin + (a->columns_from_1 ? 1 : 0), items, seen);
                goto done;
        }
        if (prefix[0] && isdigit((unsigned char)prefix[0]))
                goto done; /* a number: nothing to offer */
        cast = cast_context(text, begin, tag, sizeof(tag));
        if (!h || select_thread(a, h->tid, err, sizeof(err)) == 0) {
                p = sparams(a);
                json_object_set_new(p, "frame", json_integer(h ? h->frame : 0));
                if (call(a, "locals", p, &res, err, sizeof(err)) == 0) {
                        if (cast)
                                add_type_names(items, seen, res, cast == 2 ? tag : NULL,
                                               prefix, begin + (a->columns_from_1 ? 1 : 0));
                        if (cast == 2) { /* `(struct `: a tag, nothing else */
                                json_decref(res);
                                goto done;
                        }
                        for (size_t k = 0; k < 2; k++)
                                json_array_foreach(json_object_get(res, parts[k]), i, v)
                                        add_completion(items, seen,
                                                       json_string_value(json_object_get(v, "name")),
                                                       prefix, "variable",
                                                       begin + (a->columns_from_1 ? 1 : 0));
                        json_decref(res);
                }
        }
        if (cast == 2)
                goto done;
        snprintf(pattern, sizeof(pattern), "%s*", prefix);
        p = sparams(a);
        json_object_set_new(p, "name", json_string(pattern));
        json_object_set_new(p, "limit", json_integer(1000));
        if (call(a, "symbols", p, &res, err, sizeof(err)) == 0) {
                json_array_foreach(json_object_get(res, "symbols"), i, v) {
                        const char *type = json_string_value(json_object_get(v, "type")) ?: "";
                        const char *mod = json_string_value(json_object_get(v, "module")) ?: "";
                        const char *bind = json_string_value(json_object_get(v, "binding")) ?: "";

                        /* a library's static names are its own business (its debug
                         * symbols have thousands): only the program's are offered */
                        if (!strcmp(bind, "local") && strstr(strrchr(mod, '/') ?: mod, ".so"))
                                continue;
                        if (!strcmp(type, "func") || !strcmp(type, "ifunc") ||
                            !strcmp(type, "object") || !strcmp(type, "tls"))
                                add_completion(items, seen,
                                               json_string_value(json_object_get(v, "name")),
                                               prefix, strcmp(type, "object") &&
                                                               strcmp(type, "tls")
                                                       ? "function"
                                                       : "variable",
                                               begin + (a->columns_from_1 ? 1 : 0));
                }
                json_decref(res);
        }
done:
        json_decref(seen);
        respond(a, req, json_pack("{s:o}", "targets", items));
}

/* ---- memory, instructions, modules ---------------------------------------------- */

/* A DAP memoryReference ("0x..." hex, else decimal, as the spec reads them; the bridge
 * gives hex) plus the request's byte `offset`: 0 with the address, -1 when it is none. */
static int mem_ref(json_t *args, const char *key, unsigned long long *ret)
{
        const char *s = json_string_value(json_object_get(args, key));
        json_t *off = json_object_get(args, "offset");
        unsigned long long v;
        char *end;
        bool hex;

        if (!s || !*s || *s == '-' || (off && !json_is_integer(off)))
                return -1;
        hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
        errno = 0;
        v = strtoull(hex ? s + 2 : s, &end, hex ? 16 : 10);
        if (errno || *end || end == (hex ? s + 2 : s))
                return -1;
        /* an offset before address 0 or past the top wraps: dbgd then finds nothing */
        *ret = v + (unsigned long long)json_integer_value(off);
        return 0;
}

/* How many of the n bytes from addr are unreadable before the next readable mapping
 * (/proc/PID/maps by dbgd's `maps`), n when it cannot tell. */
static unsigned long long unreadable_run(struct adapter *a, unsigned long long addr,
                                         unsigned long long n)
{
        json_t *res, *m;
        char err[256];
        size_t i;

        if (call(a, "maps", sparams(a), &res, err, sizeof(err)) < 0)
                return n;
        json_array_foreach(json_object_get(res, "maps"), i, m) {
                unsigned long long start = hex_value(json_object_get(m, "start"));
                unsigned long long end = hex_value(json_object_get(m, "end"));
                const char *perms = json_string_value(json_object_get(m, "perms")) ?: "";

                if (perms[0] != 'r' || end <= addr)
                        continue;
                if (start <= addr) /* mapped and readable, yet not read: say all of it */
                        break;
                if (start - addr < n)
                        n = start - addr;
                break;
        }
        json_decref(res);
        return n;
}

static void do_read_memory(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req), *p, *res = NULL, *error = NULL, *c;
        unsigned long long addr, readable, skip;
        long long count;
        char err[512];

        c = json_object_get(args, "count");
        count = json_integer_value(c);
        if (a->session < 0 || a->running || mem_ref(args, "memoryReference", &addr) < 0 ||
            !json_is_integer(c) || count < 0 || count > READ_MAX) {
                respond_error(a, req, "readMemory: %s",
                              a->session < 0 || a->running ? "the program is not stopped"
                              : !json_is_integer(c) || count < 0
                                      ? "count: a number of bytes is required"
                              : count > READ_MAX ? "count: at most 4 MiB at a time"
                                                 : "memoryReference: not an address");
                return;
        }
        if (count == 0) {
                respond(a, req, json_pack("{s:o,s:s}", "address", hex_address(addr), "data", ""));
                return;
        }
        p = sparams(a);
        json_object_set_new(p, "address", hex_address(addr));
        json_object_set_new(p, "length", json_integer(count));
        json_object_set_new(p, "format", json_string("base64"));
        if (call_error(a, "peek", json_incref(p), &res, &error, err, sizeof(err)) == 0) {
                json_decref(p);
                respond(a, req, json_pack("{s:o,s:O}", "address", hex_address(addr), "data",
                                          json_object_get(res, "bytes")));
                json_decref(res);
                return;
        }
        /* Part of it unmapped: dbgd says how much from the start is readable; the bytes
         * after it are DAP's unreadableBytes, up to the next readable mapping. */
        c = json_object_get(json_object_get(error, "data"), "readable");
        if (json_integer_value(json_object_get(error, "code")) != -32004 || !json_is_integer(c)) {
                json_decref(p);
                json_decref(error);
                respond_error(a, req, "readMemory: %s", err);
                return;
        }
        readable = (unsigned long long)json_integer_value(c);
        json_decref(error);
        res = NULL;
        if (readable > 0) {
                json_object_set_new(p, "length", json_integer((json_int_t)readable));
                if (call(a, "peek", json_incref(p), &res, err, sizeof(err)) < 0) {
                        json_decref(p);
                        respond_error(a, req, "readMemory: %s", err);
                        return;
                }
        }
        json_decref(p);
        skip = unreadable_run(a, addr + readable, (unsigned long long)count - readable);
        respond(a, req, json_pack("{s:o,s:s,s:I}", "address", hex_address(addr), "data",
                                  json_string_value(json_object_get(res, "bytes")) ?: "",
                                  "unreadableBytes", (json_int_t)skip));
        json_decref(res);
}

static void do_write_memory(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req), *p, *res;
        const char *data = json_string_value(json_object_get(args, "data"));
        unsigned long long addr;
        char err[512];

        if (a->session < 0 || a->running || mem_ref(args, "memoryReference", &addr) < 0 || !data) {
                respond_error(a, req, "writeMemory: %s",
                              a->session < 0 || a->running ? "the program is not stopped"
                              : !data ? "data (base64) is required"
                                      : "memoryReference: not an address");
                return;
        }
        if (!*data) {
                respond(a, req, json_pack("{s:i}", "bytesWritten", 0));
                return;
        }
        /* all or nothing: dbgd's poke writes the whole range or fails (allowPartial is
         * not honoured) */
        p = sparams(a);
        json_object_set_new(p, "address", hex_address(addr));
        json_object_set_new(p, "bytes", json_string(data));
        json_object_set_new(p, "format", json_string("base64"));
        if (call(a, "poke", p, &res, err, sizeof(err)) < 0) {
                respond_error(a, req, "writeMemory: %s", err);
                return;
        }
        respond(a, req, json_pack("{s:O}", "bytesWritten", json_object_get(res, "written")));
        json_decref(res);
        /* what the editor shows may have changed: variables, the stack, memory */
        send_event(a, "invalidated", json_pack("{s:[s,s]}", "areas", "variables", "stacks"));
}

/* The address after dbgd's Instruction insn. */
static unsigned long long insn_end(json_t *insn)
{
        return hex_value(json_object_get(insn, "address")) +
               (unsigned long long)json_integer_value(json_object_get(insn, "size"));
}

/* dbgd's disasm of up to count instructions from addr (empty where nothing decodes),
 * or fewer: those that start before until (0: no such end). */
static json_t *disasm_at(struct adapter *a, unsigned long long addr, long long count,
                         unsigned long long until)
{
        json_t *out = json_array(), *p, *res, *insn;
        char err[256];
        size_t i;

        while (count > 0) {
                long long n = count > 1000 ? 1000 : count; /* dbgd's limit */
                size_t got;

                /* x86-64 code averages under 4 bytes an instruction: a decoding that
                 * is to end at until asks in pieces of about that size */
                if (until && until > addr && (until - addr) / 4 + 1 < (unsigned long long)n)
                        n = (long long)((until - addr) / 4 + 1);
                p = sparams(a);
                json_object_set_new(p, "address", hex_address(addr));
                json_object_set_new(p, "count", json_integer(n));
                if (call(a, "disasm", p, &res, err, sizeof(err)) < 0)
                        break;
                got = json_array_size(json_object_get(res, "instructions"));
                json_array_foreach(json_object_get(res, "instructions"), i, insn) {
                        addr = insn_end(insn);
                        json_array_append(out, insn);
                }
                json_decref(res);
                if ((long long)got < n)
                        break; /* unmapped memory, or bytes that do not decode */
                if (until && addr >= until)
                        break;
                count -= n;
        }
        return out;
}

/* Does a decoding of insns line up with addr: an instruction starts there, or the
 * last ends there? Then the ones before addr are the first *ret_n. */
static bool lines_up(json_t *insns, unsigned long long addr, size_t *ret_n)
{
        size_t i;
        json_t *insn, *last;

        json_array_foreach(insns, i, insn) {
                unsigned long long at = hex_value(json_object_get(insn, "address"));

                if (at == addr) {
                        *ret_n = i;
                        return true;
                }
                if (at > addr)
                        return false;
        }
        last = json_array_get(insns, json_array_size(insns) - 1);
        if (!last || insn_end(last) != addr)
                return false;
        *ret_n = json_array_size(insns);
        return true;
}

/* The (up to) n instructions that end at addr, found backwards: x86 code cannot be
 * decoded backwards, so from a start that lines up with addr. First the function's
 * start (the symbol that holds addr - 1), else each of the 16 bytes around 15*n back
 * (an instruction is at most 15 bytes) until a decoding lines up; x86 decoding falls
 * into step with the real one within a few instructions, as other adapters count on. */
static json_t *insns_before(struct adapter *a, unsigned long long addr, long long n)
{
        json_t *out = json_array();

        while (n > 0 && addr > 0) {
                json_t *p = sparams(a), *res, *got = NULL;
                unsigned long long start = 0;
                size_t k = 0, i;
                char err[256];

                json_object_set_new(p, "address", hex_address(addr - 1));
                if (call(a, "symbols", p, &res, err, sizeof(err)) == 0) {
                        json_t *sym = json_array_get(json_object_get(res, "symbols"), 0);

                        if (json_object_get(sym, "address") && json_object_get(sym, "name"))
                                start = hex_value(json_object_get(sym, "address"));
                        json_decref(res);
                }
                if (start && start < addr && addr - start <= 65536) {
                        got = disasm_at(a, start, (long long)(addr - start), addr);
                        if (!lines_up(got, addr, &k) || k == 0) {
                                json_decref(got);
                                got = NULL;
                        }
                }
                for (int j = 0; !got && j < 16; j++) {
                        unsigned long long back = 15ull * (unsigned long long)n + (unsigned)j;

                        start = back < addr ? addr - back : 0;
                        got = disasm_at(a, start, (long long)(addr - start), addr);
                        if (!lines_up(got, addr, &k) || k == 0) {
                                json_decref(got);
                                got = NULL;
                        }
                }
                if (!got)
                        break;
                /* the last min(k, n) before addr, in front of those found already */
                for (i = k; i > 0 && n > 0; i--, n--)
                        json_array_insert(out, 0, json_array_get(got, i - 1));
                addr = hex_value(json_object_get(json_array_get(out, 0), "address"));
                json_decref(got);
        }
        return out;
}

/* The function's name of dbgd's "main+0x1a": what VS Code shows above a function. */
static json_t *function_of(json_t *insn)
{
        const char *sym = json_string_value(json_object_get(insn, "symbol"));
        const char *plus = sym ? strrchr(sym, '+') : NULL;

        if (!sym)
                return NULL;
        return plus ? json_stringn(sym, (size_t)(plus - sym)) : json_string(sym);
}

/* dbgd's Instruction as DAP's DisassembledInstruction. */
static json_t *dap_instruction(struct adapter *a, json_t *insn)
{
        const char *hex = json_string_value(json_object_get(insn, "bytes")) ?: "";
        const char *ops = json_string_value(json_object_get(insn, "operands")) ?: "";
        const char *target = json_string_value(json_object_get(insn, "target_symbol"));
        json_t *src = json_object_get(insn, "source"), *fn, *o;
        char bytes[64], text[512];
        size_t n = 0;

        /* "48 89 e5", as objdump and VS Code show bytes */
        for (size_t i = 0; hex[i] && hex[i + 1] && n + 4 < sizeof(bytes); i += 2) {
                if (n)
                        bytes[n++] = ' ';
                bytes[n++] = hex[i];
                bytes[n++] = hex[i + 1];
        }
        bytes[n] = 0;
        snprintf(text, sizeof(text), "%s%s%s%s%s%s",
                 json_string_value(json_object_get(insn, "mnemonic")) ?: "", *ops ? " " : "", ops,
                 target ? " <" : "", target ? target : "", target ? ">" : "");
        o = json_pack("{s:O,s:s,s:s}", "address", json_object_get(insn, "address"),
                      "instructionBytes", bytes, "instruction", text);
        fn = function_of(insn);
        if (fn)
                json_object_set_new(o, "symbol", fn);
        if (src) {
                json_t *loc = dap_source(a, json_string_value(json_object_get(src, "file")));

                if (loc)
                        json_object_set_new(o, "location", loc);
                json_object_set(o, "line", json_object_get(src, "line"));
        }
        return o;
}

/* Where nothing decodes: DAP wants exactly instructionCount instructions. */
static json_t *invalid_instruction(unsigned long long addr)
{
        return json_pack("{s:o,s:s,s:s}", "address", hex_address(addr), "instruction", "??",
                         "presentationHint", "invalid");
}

static void do_disassemble(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req), *before = NULL, *after = NULL, *out, *insn;
        json_t *c = json_object_get(args, "instructionCount");
        long long count = json_integer_value(c), ioff;
        unsigned long long addr, next;
        size_t i;

        ioff = json_integer_value(json_object_get(args, "instructionOffset"));
        if (a->session < 0 || a->running || mem_ref(args, "memoryReference", &addr) < 0 ||
            !json_is_integer(c) || count < 0 || count > DISASM_MAX || ioff < -DISASM_MAX ||
            ioff > DISASM_MAX) {
                respond_error(a, req, "disassemble: %s",
                              a->session < 0 || a->running ? "the program is not stopped"
                              : mem_ref(args, "memoryReference", &addr) < 0
                                      ? "memoryReference: not an address"
                                      : "instructionCount and instructionOffset: at most 4096");
                return;
        }
        out = json_array();
        if (ioff < 0) {
                /* -ioff instructions before addr; the first ones missing are "invalid",
                 * one byte each, so that the rest keep their places */
                before = insns_before(a, addr, -ioff);
                next = json_array_size(before)
                               ? hex_value(json_object_get(json_array_get(before, 0), "address"))
                               : addr;
                for (long long k = (long long)json_array_size(before); k < -ioff; k++)
                        json_array_append_new(out, invalid_instruction(
                                                           next - (unsigned long long)(-ioff - k)));
                json_array_foreach(before, i, insn)
                        json_array_append_new(out, dap_instruction(a, insn));
                json_decref(before);
        }
        /* from addr (the first ioff skipped), as many as are still wanted */
        if ((long long)json_array_size(out) < count) {
                long long skip = ioff > 0 ? ioff : 0;

                after = disasm_at(a, addr, count + ioff, 0);
                next = addr;
                json_array_foreach(after, i, insn) {
                        next = insn_end(insn);
                        if ((long long)i >= skip)
                                json_array_append_new(out, dap_instruction(a, insn));
                }
                json_decref(after);
        } else {
                next = addr;
        }
        /* the window asked: from instruction ioff for count */
        if (ioff < 0) {
                json_t *w = json_array();

                for (i = 0; i < json_array_size(out) && (long long)i < count; i++)
                        json_array_append(w, json_array_get(out, i));
                json_decref(out);
                out = w;
        }
        while ((long long)json_array_size(out) < count)
                json_array_append_new(out, invalid_instruction(next++));
        respond(a, req, json_pack("{s:o}", "instructions", out));
}

/* The modules of the process (dbgd's maps): a mapped file, [vdso] too (gdb's
 * linux-vdso.so.1), from the start of its first mapping to the end of its last, in
 * load order, as DAP Modules {id, name, path, addressRange}; a new reference, NULL when
 * dbgd cannot tell. */
static json_t *module_list(struct adapter *a)
{
        json_t *res, *m, *mods, *by_path;
        char err[512];
        size_t i;

        if (a->session < 0 || call(a, "maps", sparams(a), &res, err, sizeof(err)) < 0)
                return NULL;
        mods = json_array();
        by_path = json_object();
        json_array_foreach(json_object_get(res, "maps"), i, m) {
                const char *path = json_string_value(json_object_get(m, "path")) ?: "";
                const char *base = strrchr(path, '/');
                json_t *mod;
                char range[64];

                if (!*path || (path[0] == '[' && strcmp(path, "[vdso]")))
                        continue;
                mod = json_object_get(by_path, path);
                if (!mod) {
                        mod = json_pack("{s:s,s:s,s:s,s:O}", "id", path, "name",
                                        base ? base + 1 : path, "path", path, "start",
                                        json_object_get(m, "start"));
                        json_object_set_new(by_path, path, mod);
                        json_array_append(mods, mod);
                }
                snprintf(range, sizeof(range), "%s-%s",
                         json_string_value(json_object_get(mod, "start")),
                         json_string_value(json_object_get(m, "end")));
                json_object_set_new(mod, "addressRange", json_string(range));
        }
        json_array_foreach(mods, i, m)
                json_object_del(m, "start");
        json_decref(res);
        json_decref(by_path);
        return mods;
}

/* At a stop the editor sees: "module" events for what changed since the last one
 * (new: a library loaded, dlopen; removed: dlclose; changed: its range grew, as the
 * dynamic loader maps a library's segments), so that an editor's module list follows
 * the program without asking. The first stop reports every module as new. */
/* After a module change: "loadedSource" events for the files of the line tables that
 * the editor was not told of yet ("new": a library dlopen loaded that has DWARF) and
 * for those told of that no module has any more ("removed": dlclose). One `sources`
 * call, made only at the stops whose module list changed (module_events): a file comes
 * and goes with a module's line tables. Only once the editor has asked loadedSources
 * (VS Code does when its Loaded Scripts view is open): before, nobody follows them, and
 * the first stop of a program whose glibc has its debug info sent some 1,800 events,
 * the stop shown 1.4 s late. */
static void loaded_source_events(struct adapter *a)
{
        json_t *res, *now, *f, *v, *told;
        const char *path;
        char err[512];
        size_t i;
        void *tmp;

        if (!a->sources_asked ||
            call(a, "sources", sparams(a), &res, err, sizeof(err)) < 0)
                return;
        now = json_object();
        json_array_foreach(json_object_get(res, "sources"), i, f) {
                path = json_string_value(json_object_get(f, "file"));
                if (!path || json_object_get(now, path))
                        continue;
                json_object_set_new(now, path, json_true());
                if (!json_object_get(a->told_sources, path) && (v = dap_source(a, path)))
                        send_event(a, "loadedSource",
                                   json_pack("{s:s,s:o}", "reason", "new", "source", v));
        }
        json_object_foreach_safe(a->told_sources, tmp, path, told) {
                if (!json_object_get(now, path) && (v = dap_source(a, path)))
                        send_event(a, "loadedSource",
                                   json_pack("{s:s,s:o}", "reason", "removed", "source", v));
        }
        json_decref(a->told_sources);
        a->told_sources = now;
        json_decref(res);
}

static void module_events(struct adapter *a)
{
        json_t *mods = module_list(a), *now, *m;
        const char *id;
        bool changed = false;
        size_t i;
        void *tmp;

        if (!mods)
                return;
        now = json_object();
        json_array_foreach(mods, i, m) {
                json_t *old = json_object_get(a->modules, json_string_value(json_object_get(m, "id")));

                json_object_set(now, json_string_value(json_object_get(m, "id")), m);
                if (!old || !json_equal(old, m)) {
                        send_event(a, "module", json_pack("{s:s,s:O}", "reason",
                                                          old ? "changed" : "new", "module", m));
                        changed = true;
                }
        }
        json_object_foreach_safe(a->modules, tmp, id, m) {
                if (!json_object_get(now, id)) {
                        send_event(a, "module",
                                   json_pack("{s:s,s:{s:s,s:O}}", "reason", "removed", "module",
                                             "id", id, "name", json_object_get(m, "name")));
                        changed = true;
                }
        }
        json_decref(a->modules);
        a->modules = now;
        json_decref(mods);
        if (changed)
                loaded_source_events(a);
}

static void do_modules(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req), *m, *mods = module_list(a), *page = json_array();
        long long start = json_integer_value(json_object_get(args, "startModule"));
        long long n = json_integer_value(json_object_get(args, "moduleCount"));
        size_t i;

        if (!mods)
                mods = json_array();
        json_array_foreach(mods, i, m) {
                if ((long long)i < start || (n > 0 && (long long)i >= start + n))
                        continue;
                json_array_append(page, m);
        }
        respond(a, req, json_pack("{s:o,s:I}", "modules", page, "totalModules",
                                  (json_int_t)json_array_size(mods)));
        json_decref(mods);
}

static void do_exception_info(struct adapter *a, json_t *req)
{
        json_t *stop = a->last_stop, *sig = json_object_get(stop, "signal");
        const char *reason = json_string_value(json_object_get(stop, "reason")) ?: "";
        char text[512];

        if (a->session < 0 || a->running || strcmp(reason, "signal") || !sig) {
                respond_error(a, req, "exceptionInfo: the program did not stop for a signal");
                return;
        }
        signal_text(sig, text, sizeof(text));
        /* every signal stops, as in gdb: "always" */
        respond(a, req,
                json_pack("{s:O,s:s,s:s,s:{s:s,s:s,s:O*}}", "exceptionId",
                          json_object_get(sig, "name"), "description", text, "breakMode",
                          "always", "details", "message", text, "typeName", "signal",
                          "evaluateName", json_object_get(stop, "symbol")));
}

static json_t *set_instruction_bps(struct adapter *a, json_t *args, json_t *want)
{
        json_t *list = json_object_get(args, "breakpoints"), *out, *b;
        size_t i;

        keep_bp_request(a, "instruction", args);
        delete_all(a, a->instruction_bps);
        out = json_array();
        json_array_foreach(list, i, b) {
                unsigned long long addr;
                char spec[24];
                json_t *bp;

                if (mem_ref(b, "instructionReference", &addr) < 0) {
                        json_array_append_new(out, json_pack("{s:b,s:s}", "verified", 0,
                                                             "message",
                                                             "instructionReference: not an "
                                                             "address"));
                        continue;
                }
                snprintf(spec, sizeof(spec), "0x%llx", addr);
                bp = set_one(a, NULL, spec, 0, b, a->instruction_bps,
                             json_integer_value(json_array_get(want, i)));
                if (json_is_true(json_object_get(bp, "verified")))
                        json_object_set_new(bp, "instructionReference", json_string(spec));
                json_array_append_new(out, bp);
        }
        keep_bp_ids(a, "instruction", out);
        return out;
}

static void do_set_instruction_breakpoints(struct adapter *a, json_t *req)
{
        if (a->session < 0) {
                respond_error(a, req, "setInstructionBreakpoints: launch first");
                return;
        }
        respond(a, req,
                json_pack("{s:o}", "breakpoints", set_instruction_bps(a, args_of(req), NULL)));
}

/* "0x404028/8": where and how many bytes a data breakpoint watches. */
static int data_id_parse(const char *id, unsigned long long *ret_addr, long long *ret_len)
{
        char *end;

        if (!id || strncmp(id, "0x", 2))
                return -1;
        errno = 0;
        *ret_addr = strtoull(id + 2, &end, 16);
        if (errno || end == id + 2 || *end != '/')
                return -1;
        *ret_len = strtoll(end + 1, &end, 10);
        return *end ? -1 : 0;
}

static void do_data_breakpoint_info(struct adapter *a, json_t *req)
{
        json_t *args = args_of(req);
        const char *name = json_string_value(json_object_get(args, "name"));
        const struct handle *h = get_handle(a, json_object_get(args, "variablesReference"));
        unsigned long long addr;
        long long size;
        int frame = 0;
        char buf[512], why[600], id[64], expr[1100];
        const char *hex;

        if (!h)
                h = get_handle(a, json_object_get(args, "frameId"));
        if (a->session < 0 || a->running || !name || strlen(name) > 1000) {
                respond_error(a, req, "dataBreakpointInfo: %s",
                              !name ? "name is required" : strlen(name) > 1000 ? "name: too long"
                                                         : "the program is not stopped");
                return;
        }
        if (json_is_true(json_object_get(args, "asAddress"))) {
                /* name is an address, `bytes` its length */
                json_t *q = json_pack("{s:s}", "a", name);
                int r = mem_ref(q, "a", &addr);

                json_decref(q);
                size = json_integer_value(json_object_get(args, "bytes"));
                if (r < 0) {
                        respond(a, req, json_pack("{s:n,s:s}", "dataId", "description",
                                                  "not an address"));
                        return;
                }
                snprintf(buf, sizeof(buf), "0x%llx", addr);
        } else {
                if (h && select_thread(a, h->tid, why, sizeof(why)) < 0) {
                        respond_error(a, req, "%s", why);
                        return;
                }
                frame = h ? h->frame : 0;
                /* a member or an element of an opened variable: its expression */
                if (h && h->kind == H_VAR &&
                    json_is_string(json_object_get(json_object_get(h->var, "names"), name)))
                        name = json_string_value(
                                json_object_get(json_object_get(h->var, "names"), name));
                snprintf(expr, sizeof(expr), "&(%s)", name);
                if (print_value(a, expr, frame, buf, sizeof(buf)) < 0 ||
                    !(hex = strstr(buf, "0x"))) {
                        snprintf(why, sizeof(why), "%s has no address: %s", name, buf);
                        respond(a, req, json_pack("{s:n,s:s}", "dataId", "description", why));
                        return;
                }
                addr = strtoull(hex + 2, NULL, 16);
                snprintf(expr, sizeof(expr), "sizeof(%s)", name);
                if (print_value(a, expr, frame, buf, sizeof(buf)) < 0) {
                        respond(a, req, json_pack("{s:n,s:s}", "dataId", "description", buf));
                        return;
                }
                size = strtoll(buf, NULL, 10);
        }
        /* the CPU's debug registers watch 1, 2, 4 or 8 bytes, aligned */
        if ((size != 1 && size != 2 && size != 4 && size != 8) || addr % (unsigned long long)size) {
                snprintf(why, sizeof(why),
                         "%s: %lld bytes at 0x%llx; the CPU watches 1, 2, 4 or 8 bytes, aligned",
                         name, size, addr);
                respond(a, req, json_pack("{s:n,s:s}", "dataId", "description", why));
                return;
        }
        snprintf(id, sizeof(id), "0x%llx/%lld", addr, size);
        snprintf(why, sizeof(why), "%s (%lld bytes at 0x%llx)", name, size, addr);
        /* no "read": x86 debug registers watch writes, or reads and writes */
        respond(a, req, json_pack("{s:s,s:s,s:[s,s],s:b}", "dataId", id, "description", why,
                                  "accessTypes", "write", "readWrite", "canPersist", 0));
}

static void do_set_data_breakpoints(struct adapter *a, json_t *req)
{
        json_t *list = json_object_get(args_of(req), "breakpoints"), *out, *b, *d;
        char err[512];
        size_t i;

        if (a->session < 0 || a->running) {
                respond_error(a, req, "setDataBreakpoints: %s",
                              a->session < 0 ? "launch first" : "the program is running");
                return;
        }
        json_array_foreach(a->data_bps, i, d) {
                json_t *p = sparams(a);

                json_object_set(p, "watchpoint", json_object_get(d, "watchpoint"));
                call(a, "unwatch", p, NULL, err, sizeof(err));
        }
        json_array_clear(a->data_bps);
        out = json_array();
        json_array_foreach(list, i, b) {
                const char *type = json_string_value(json_object_get(b, "accessType")) ?: "write";
                const char *cond = json_string_value(json_object_get(b, "condition"));
                const char *hit = json_string_value(json_object_get(b, "hitCondition"));
                unsigned long long addr;
                long long len, ignore = 0;
                json_t *p, *res;
                char *end;

                if (data_id_parse(json_string_value(json_object_get(b, "dataId")), &addr,
                                  &len) < 0) {
                        json_array_append_new(out, json_pack("{s:b,s:s}", "verified", 0, "message",
                                                             "dataId: not one of "
                                                             "dataBreakpointInfo's"));
                        continue;
                }
                if (strcmp(type, "write") && strcmp(type, "readWrite")) {
                        json_array_append_new(out, json_pack("{s:b,s:s}", "verified", 0, "message",
                                                             "accessType: write or readWrite (the "
                                                             "CPU has no read-only watchpoint)"));
                        continue;
                }
                if (hit && *hit) {
                        ignore = strtoll(hit, &end, 10) - 1;
                        if (*end || end == hit || ignore < 0) {
                                json_array_append_new(out, json_pack("{s:b,s:s}", "verified", 0,
                                                                     "message",
                                                                     "hitCondition: a number of "
                                                                     "hits, 1 or more"));
                                continue;
                        }
                }
                p = sparams(a);
                json_object_set_new(p, "address", hex_address(addr));
                json_object_set_new(p, "length", json_integer(len));
                json_object_set_new(p, "access",
                                    json_string(strcmp(type, "write") ? "rw" : "write"));
                if (call(a, "watch", p, &res, err, sizeof(err)) < 0) {
                        json_array_append_new(out, json_pack("{s:b,s:s}", "verified", 0, "message",
                                                             err));
                        continue;
                }
                json_array_append_new(a->data_bps,
                                      json_pack("{s:O,s:I,s:i,s:s?}", "watchpoint",
                                                json_object_get(res, "watchpoint"), "ignore",
                                                (json_int_t)ignore, "hits", 0, "condition",
                                                cond && *cond ? cond : NULL));
                json_array_append_new(out, json_pack("{s:I,s:b}", "id",
                                                     (json_int_t)DATA_BP_BASE +
                                                             json_integer_value(json_object_get(
                                                                     res, "watchpoint")),
                                                     "verified", 1));
                json_decref(res);
        }
        respond(a, req, json_pack("{s:o}", "breakpoints", out));
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
        else if (!strcmp(cmd, "attach"))
                do_attach(a, req);
        else if (!strcmp(cmd, "setBreakpoints"))
                do_set_breakpoints(a, req);
        else if (!strcmp(cmd, "setFunctionBreakpoints"))
                do_set_function_breakpoints(a, req);
        else if (!strcmp(cmd, "setInstructionBreakpoints"))
                do_set_instruction_breakpoints(a, req);
        else if (!strcmp(cmd, "dataBreakpointInfo"))
                do_data_breakpoint_info(a, req);
        else if (!strcmp(cmd, "setDataBreakpoints"))
                do_set_data_breakpoints(a, req);
        else if (!strcmp(cmd, "exceptionInfo"))
                do_exception_info(a, req);
        else if (!strcmp(cmd, "disassemble"))
                do_disassemble(a, req);
        else if (!strcmp(cmd, "readMemory"))
                do_read_memory(a, req);
        else if (!strcmp(cmd, "writeMemory"))
                do_write_memory(a, req);
        else if (!strcmp(cmd, "modules"))
                do_modules(a, req);
        else if (!strcmp(cmd, "loadedSources"))
                do_loaded_sources(a, req);
        else if (!strcmp(cmd, "breakpointLocations"))
                do_breakpoint_locations(a, req);
        else if (!strcmp(cmd, "source"))
                do_source(a, req);
        else if (!strcmp(cmd, "stepInTargets"))
                do_step_in_targets(a, req);
        else if (!strcmp(cmd, "completions"))
                do_completions(a, req);
        else if (!strcmp(cmd, "restart"))
                do_restart(a, req);
        else if (!strcmp(cmd, "cancel"))
                respond(a, req, NULL); /* each request is answered before the next is
                                        * read: nothing is ever left to cancel */
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
        else if (!strcmp(cmd, "setVariable"))
                do_set_variable(a, req, false);
        else if (!strcmp(cmd, "setExpression"))
                do_set_variable(a, req, true);
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
        a.instruction_bps = json_array();
        a.logpoints = json_object();
        a.data_bps = json_array();
        a.modules = json_object();
        a.bp_reqs = json_object();
        a.src_refs = json_object();
        a.src_paths = json_array();
        a.dap_ids = json_object();
        a.bp_req_ids = json_object();
        a.step_targets = json_array();
        a.told_sources = json_object();
        a.columns_from_1 = true;
        a.handles = calloc(MAX_HANDLES, sizeof(*a.handles));
        if (!a.handles)
                return 1;
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
        json_decref(a.instruction_bps);
        json_decref(a.logpoints);
        json_decref(a.data_bps);
        json_decref(a.last_stop);
        json_decref(a.modules);
        json_decref(a.bp_reqs);
        json_decref(a.src_refs);
        json_decref(a.src_paths);
        json_decref(a.dap_ids);
        json_decref(a.bp_req_ids);
        json_decref(a.step_targets);
        json_decref(a.told_sources);
        json_decref(a.launch_args);
        reset_handles(&a);
        free(a.handles);
        client_close(&a.c);
        return rc;
}
