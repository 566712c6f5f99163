/* session.c — the session table and the driver of the stop-status state machine.
 *
 * Calls go one way: reaper -> session_on_status -> stop_classify/stop_decide (pure) ->
 * either a silent resume or a report -> waiters complete (their batch continues later,
 * from the loop). Nothing here blocks on a tracee: every resume returns at once and the
 * next stop arrives through the reaper. */
#include "session.h"

#include "cond.h"
#include "errors.h"
#include "jrpc.h"
#include "loop.h"
#include "methods.h"
#include "program.h"
#include "reaper.h"
#include "emulate.h"
#include "ptrace.h"
#include "regs.h"
#include "rpc.h"
#include "syscalls.h"
#include "sysfmt.h"
#include "task.h"
#include "tracee.h"
#include "x86len.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

struct waiter {
        struct session *s;
        struct call *call;
        struct loop_timer *timer;
        bool events;            /* waits for events after `after`, not for a stop */
        bool output;            /* a stop waiter that output wakes too (wait's output) */
        uint64_t after;
        size_t max;
        struct waiter *next;
};

#define EVENTS_MAX 4096

static struct session *sessions;
static struct session *dead_sessions;
static size_t n_sessions;
static int next_id = 1;
static struct session_limits limits = {
        .max_sessions = 1024,
        .output_bytes = 1 << 20,
        .input_bytes = 4 << 20,
        .max_breakpoints = 4096,
};

void session_set_limits(const struct session_limits *l)
{
        limits = *l;
}

const struct session_limits *session_limits(void)
{
        return &limits;
}

struct session *session_find(int id)
{
        for (struct session *s = sessions; s; s = s->next)
                if (s->id == id)
                        return s;
        return NULL;
}

struct session *session_next(struct session *s)
{
        return s ? s->next : sessions;
}

size_t session_count(void)
{
        return n_sessions;
}

int session_id(const struct session *s)
{
        return s->id;
}

enum session_state session_state(const struct session *s)
{
        return s->state;
}

bool session_alive(const struct session *s)
{
        return s->state != STATE_EXITED && s->state != STATE_KILLED;
}

void session_vfork_begin(struct session *s)
{
        struct bp_mem m = session_bp_mem(s);

        if (s->vforks++ > 0)
                return;
        /* From here bp_arm holds (m.hold): breakpoints set or re-armed meanwhile too. */
        for (struct breakpoint *b = s->bps.list; b; b = b->next)
                if (b->armed && bp_disarm(&m, b) == 0)
                        b->held = true;
}

void session_vfork_end(struct session *s)
{
        struct bp_mem m = session_bp_mem(s);

        if (s->vforks == 0 || --s->vforks > 0)
                return;
        for (struct breakpoint *b = s->bps.list; b; b = b->next)
                if (b->held)
                        bp_arm(&m, b);
}

/* ---- watchpoints ------------------------------------------------------------------
 *
 * x86's debug registers: DR0-3 hold up to four addresses, DR7 enables each with its
 * access (write, or read/write) and length; the CPU traps after the instruction that
 * made the access, and DR6 says which fired. They are per thread: every thread of the
 * process gets the session's (session_debugregs_sync, before it next runs, comparing
 * generations), new threads too (the kernel does not copy them at clone), and exec
 * clears them (so does the kernel). */

static bool armed(const struct watchpoint *w)
{
        return w->used && !w->disabled;
}

/* Any watchpoint enabled? Then every instruction runs on the CPU, whose debug registers
 * see its memory accesses: none is emulated, none run out of line. */
static bool watching(const struct session *s)
{
        for (int i = 0; i < WATCH_MAX; i++)
                if (armed(&s->watches[i]))
                        return true;
        return false;
}

/* DR7 for the session's watchpoints: per slot i, the local enable bit 2i, R/W at bits
 * 16+4i (01 write, 11 read or write) and LEN at 18+4i (00 1 byte, 01 2, 11 4, 10 8). */
static uint64_t dr7_of(const struct session *s)
{
        uint64_t dr7 = 0;

        for (int i = 0; i < WATCH_MAX; i++) {
                const struct watchpoint *w = &s->watches[i];
                uint64_t len = w->len == 1 ? 0 : w->len == 2 ? 1 : w->len == 8 ? 2 : 3;

                if (!armed(w))
                        continue;
                dr7 |= 1ull << (2 * w->slot);
                dr7 |= (uint64_t)(w->rw ? 3 : 1) << (16 + 4 * w->slot);
                dr7 |= len << (18 + 4 * w->slot);
        }
        return dr7;
}

static int debugregs_apply(struct session *s, pid_t tid)
{
        int r = ptrace_set_debugreg(tid, 7, 0); /* off while the addresses change */

        for (int i = 0; i < WATCH_MAX && r == 0; i++)
                if (armed(&s->watches[i]))
                        r = ptrace_set_debugreg(tid, s->watches[i].slot, s->watches[i].addr);
        return r < 0 ? r : ptrace_set_debugreg(tid, 7, dr7_of(s));
}

/* A debug register no enabled watchpoint holds, or -1. */
static int free_slot(const struct session *s)
{
        unsigned taken = 0;

        for (int i = 0; i < WATCH_MAX; i++)
                if (armed(&s->watches[i]))
                        taken |= 1u << s->watches[i].slot;
        for (int slot = 0; slot < WATCH_SLOTS; slot++)
                if (!(taken >> slot & 1))
                        return slot;
        return -1;
}

bool session_watch_full(const struct session *s)
{
        return s->watches[WATCH_MAX - 1].used;
}

void session_debugregs_sync(struct session *s, pid_t tid, unsigned *gen)
{
        if (*gen == s->dr_gen)
                return;
        if (debugregs_apply(s, tid) == 0)
                *gen = s->dr_gen;
}

int session_watch_add(struct session *s, uint64_t addr, unsigned len, bool rw, bool on)
{
        struct watchpoint *w = NULL;
        int i, r, slot = on ? free_slot(s) : 0;
        uint64_t v = 0;

        if ((len != 1 && len != 2 && len != 4 && len != 8) || addr % len)
                return -ERR_INVALID_PARAMS;
        /* The list stays in number order: a new one goes after the last (deleting
         * one moves the later ones down). */
        for (i = 0; i < WATCH_MAX && !w; i++)
                if (!s->watches[i].used)
                        w = &s->watches[i];
        if (!w || slot < 0)
                return -ERR_LIMIT;
        if (tracee_mem_read(session_mem_pid(s), addr, &v, len) != (ssize_t)len)
                return -ERR_MEMORY;
        *w = (struct watchpoint){ .used = true, .id = s->bps.next_id++, .addr = addr,
                                  .len = len, .rw = rw, .disabled = !on, .slot = slot,
                                  .value = v };
        s->watched = true;
        s->dr_gen++;
        r = debugregs_apply(s, s->tid); /* the others get it before they run */
        if (r < 0) {
                w->used = false;
                s->dr_gen++;
                debugregs_apply(s, s->tid);
                return r == -EINVAL ? -ERR_INVALID_PARAMS : r;
        }
        s->focus_dr_gen = s->dr_gen;
        return w->id;
}

static struct watchpoint *watch_find(struct session *s, int id)
{
        for (int i = 0; i < WATCH_MAX; i++)
                if (s->watches[i].used && s->watches[i].id == id)
                        return &s->watches[i];
        return NULL;
}

int session_watch_del(struct session *s, int id)
{
        struct watchpoint *w = watch_find(s, id);

        if (!w)
                return -ERR_NO_BREAKPOINT;
        /* A thread running now keeps it until it next stops: a trap it makes then is
         * ours (session_watch_hit), not the program's. */
        memmove(w, w + 1, (size_t)(s->watches + WATCH_MAX - (w + 1)) * sizeof(*w));
        s->watches[WATCH_MAX - 1].used = false;
        s->dr_gen++;
        if (session_alive(s) && s->state == STATE_STOPPED &&
            debugregs_apply(s, s->tid) == 0)
                s->focus_dr_gen = s->dr_gen;
        return 0;
}

int session_watch_enable(struct session *s, int id, bool on)
{
        struct watchpoint *w = watch_find(s, id);
        uint64_t v = 0;
        int r;

        if (!w)
                return -ERR_NO_BREAKPOINT;
        if (w->disabled == !on)
                return 0;
        if (on) { /* what changed while it was off is no hit */
                int slot = free_slot(s);

                if (slot < 0)
                        return -ERR_LIMIT;
                if (tracee_mem_read(session_mem_pid(s), w->addr, &v, w->len) !=
                    (ssize_t)w->len)
                        return -ERR_MEMORY;
                w->value = v;
                w->slot = slot;
        }
        w->disabled = !on;
        s->dr_gen++;
        r = debugregs_apply(s, s->tid);
        if (r < 0)
                return r;
        s->focus_dr_gen = s->dr_gen;
        return 0;
}

json_t *session_watch_json(struct session *s, int id)
{
        const struct watchpoint *w = watch_find(s, id);

        if (!w)
                return NULL;
        return json_pack("{s:i,s:o,s:i,s:s,s:b,s:I,s:o}", "watchpoint", id, "address",
                         jrpc_addr(w->addr), "length", (int)w->len, "access",
                         w->rw ? "rw" : "write", "enabled", !w->disabled, "hits",
                         (json_int_t)w->hits, "value", jrpc_addr(w->value));
}

int session_watch_hit(struct session *s, pid_t tid, struct watch_hit *ret)
{
        uint64_t dr6;
        int n = 0;

        if (!s->watched || ptrace_get_debugreg(tid, 6, &dr6) < 0)
                return 0;
        ptrace_set_debugreg(tid, 6, 0); /* the kernel keeps it for ptrace: it adds up */
        /* Every watchpoint this access hit is counted (gdb reports them all); the
         * first is the stop's, the others are listed with it. A write watchpoint hits
         * when the value changes, as gdb's `watch`: the CPU traps on any write, also
         * one of the value that was there. */
        for (int i = 0; i < WATCH_MAX; i++) {
                struct watchpoint *w = &s->watches[i];
                uint64_t v = 0, old = w->value;

                if (!armed(w) || !(dr6 >> w->slot & 1))
                        continue;
                if (tracee_mem_read(session_mem_pid(s), w->addr, &v, w->len) == (ssize_t)w->len)
                        w->value = v;
                if (!w->rw && w->value == old)
                        continue;
                if (n == 0) {
                        ret->id = w->id;
                        ret->addr = w->addr;
                        ret->rw = w->rw;
                        ret->old = old;
                        ret->value = w->value;
                } else {
                        ret->also[n - 1] = w->id;
                }
                w->hits++;
                n++;
        }
        if (n)
                return ret->id;
        /* Only slots of no watchpoint now, or writes that changed nothing (bits 0-3),
         * and no single step (BS, bit 14): ours, the program goes on. */
        return (dr6 & 0xf) && !(dr6 & (1u << 14)) ? -1 : 0;
}

/* ---- finish's returned value ------------------------------------------------------ */

static ssize_t returned_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
        return tracee_mem_read(session_mem_pid(ctx), addr, buf, len);
}

static bool returned_symbol(void *ctx, uint64_t addr, char *buf, size_t len)
{
        return program_addr_name(((struct session *)ctx)->program, addr, buf, len);
}

static bool returned_static(void *ctx, const char *linkage, uint64_t *ret)
{
        return program_linkage_addr(((struct session *)ctx)->program, linkage, ret);
}

/* What the finished function returned, {type[, value]}, from where the ABI left it
 * (retval.h). */
static json_t *returned_json(struct session *s, const struct ret_type *t,
                             const struct user_regs_struct *regs)
{
        struct ret_regs r = { .rax = regs->rax, .rdx = regs->rdx };
        struct ret_process proc = { returned_read, returned_symbol, s, returned_static };
        struct user_fpregs_struct fp;
        json_t *o = json_pack("{s:s}", "type", t->name);
        char *value;

        if (ptrace_getfpregs(s->tid, &fp) == 0) {
                memcpy(r.xmm0, &fp.xmm_space[0], sizeof(r.xmm0));
                memcpy(r.xmm1, &fp.xmm_space[4], sizeof(r.xmm1));
                memcpy(r.st0, fp.st_space, sizeof(r.st0));
                memcpy(r.st1, &fp.st_space[4], sizeof(r.st1)); /* 16 bytes a register */
        }
        value = ret_format(t, &r, &proc);
        if (value)
                json_object_set_new(o, "value", json_string(value));
        free(value);
        return o;
}

/* ---- pending breakpoints ---------------------------------------------------------
 *
 * A breakpoint on a symbol of a library not loaded yet waits as a pending breakpoint.
 * The dynamic loader calls _dl_debug_state (its r_debug.r_brk, gdb's "solib event")
 * before and after it maps or unmaps libraries, at start-up and at each dlopen and
 * dlclose: dbgd's own breakpoint there (b->solib, never reported) places the pending
 * breakpoints whose symbols resolve now. It goes when none is left. */

int session_solib_watch(struct session *s)
{
        struct bp_mem m = session_bp_mem(s);
        struct breakpoint *b;
        uint64_t addr;
        char why[256];
        int r;

        for (b = s->bps.list; b; b = b->next)
                if (b->solib)
                        return 0;
        r = program_resolve(s->program, "_dl_debug_state", &addr, why, sizeof(why));
        if (r < 0)
                return r;
        r = bp_insert(&s->bps, &m, addr, false, true, &b);
        if (r < 0)
                return r;
        b->solib = true;
        return 0;
}

void session_solib_event(struct session *s)
{
        struct bp_mem m = session_bp_mem(s);
        struct breakpoint *solib = NULL;
        bool left = false;
        uint64_t addr;
        char why[256];

        program_ran(s->program); /* its module table is stale */
        for (struct breakpoint *b = s->bps.list; b; b = b->next) {
                uint8_t byte;

                if (b->solib)
                        solib = b;
                /* One whose library was unloaded (dlclose) stays listed, disarmed: its
                 * int3 went with the mapping, and whatever is mapped there later is not
                 * ours to patch. */
                if (b->armed &&
                    tracee_mem_read(session_mem_pid(s), b->addr, &byte, 1) != 1)
                        b->armed = false;
                if (!b->pending)
                        continue;
                if (program_resolve_break(s->program, b->spec, &addr, why, sizeof(why)) < 0 ||
                    bp_place_pending(&s->bps, &m, b, addr) < 0)
                        left = true;
        }
        if (!left && solib && solib->internal)
                bp_remove(&s->bps, &m, solib);
}

struct bp_mem session_bp_mem(struct session *s)
{
        return (struct bp_mem){ .pid = session_mem_pid(s), .memfd = &s->memfd, .hold = &s->vforks };
}

void session_set_pc(struct session *s, uint64_t pc)
{
        s->regs_valid = false; /* the registers were written */
        s->sc_nr = -1;         /* maybe orig_rax too */
        s->pc = pc;
        if (s->stop) {
                /* Copied, not changed: the stop event and the crash snapshot share the
                 * stop object as it was reported. */
                json_t *copy = json_deep_copy(s->stop);

                if (copy) {
                        json_decref(s->stop);
                        s->stop = copy;
                }
                json_object_set_new(s->stop, "pc", jrpc_addr(pc));
        }
        program_on_pc_change(s->program, s->stop);
}

int session_check_stopped(struct call *c, struct session *s)
{
        switch (s->state) {
        case STATE_STOPPED:
                return 0;
        case STATE_RUNNING:
        case STATE_STARTING:
                return call_fail(c, -ERR_RUNNING, "session %d is running: pause or wait first",
                                 s->id);
        case STATE_EXITED:
        case STATE_KILLED:
                break;
        }
        return call_fail(c, -ERR_GONE, "session %d has %s", s->id,
                         s->state == STATE_EXITED ? "exited" : "been killed");
}

/* ---- waiters ---------------------------------------------------------------------- */

static void waiter_unlink(struct waiter *w)
{
        for (struct waiter **p = &w->s->waiters; *p; p = &(*p)->next) {
                if (*p == w) {
                        *p = w->next;
                        return;
                }
        }
}

static void waiter_cancel(struct call *c)
{
        struct waiter *w = c->wait;

        waiter_unlink(w);
        loop_timer_cancel(w->timer);
        free(w);
}

static json_t *waiter_result(struct waiter *w)
{
        return w->events ? events_json(&w->s->events, w->after, w->max)
                         : session_status_json(w->s);
}

static void waiter_timeout(void *data)
{
        struct waiter *w = data;
        struct call *c = w->call;
        json_t *result = waiter_result(w);

        w->timer = NULL; /* fired: the loop frees it */
        waiter_unlink(w);
        free(w);
        call_finish(c, 0, result);
}

/* Complete the waiters for a stop (or, with events, those for events) with the current
 * status or the new events; r < 0 completes every waiter with that error. */
static bool shutting_down; /* session_shutdown: calls still waiting are told why */

/* Which waiters a wake completes: those waiting for a stop, those for events, those a
 * stop waiter asked output to wake (wait's `output`). */
enum wake { WAKE_STOP, WAKE_EVENTS, WAKE_OUTPUT };

static bool wakes(const struct waiter *w, enum wake kind)
{
        return kind == WAKE_EVENTS ? w->events : kind == WAKE_OUTPUT ? w->output : !w->events;
}

static void waiters_wake_kind(struct session *s, int r, enum wake kind)
{
        struct waiter *list = NULL, **p = &s->waiters;

        while (*p) { /* take out the matching waiters */
                struct waiter *w = *p;
                if (r < 0 || wakes(w, kind)) {
                        *p = w->next;
                        w->next = list;
                        list = w;
                } else {
                        p = &w->next;
                }
        }
        while (list) {
                struct waiter *w = list;

                list = w->next;
                loop_timer_cancel(w->timer);
                if (r < 0) {
                        call_fail(w->call, r, shutting_down
                                                      ? "session %d was closed: dbgd is "
                                                        "shutting down"
                                                      : "session %d was closed while the "
                                                        "call waited",
                                  s->id);
                        w->call->session = NULL;
                        call_finish(w->call, r, NULL);
                } else {
                        call_finish(w->call, 0, waiter_result(w));
                }
                free(w);
        }
}

static void waiters_wake(struct session *s, int r)
{
        waiters_wake_kind(s, r, WAKE_STOP);
}

/* The program wrote: the stop waiters that asked to be told answer with the status. */
static void waiters_wake_output(struct session *s)
{
        waiters_wake_kind(s, 0, WAKE_OUTPUT);
}

static void (*event_hook)(int session, void *data);
static void *event_hook_data;

void session_set_event_hook(void (*fn)(int session, void *data), void *data)
{
        event_hook = fn;
        event_hook_data = data;
}

/* A new event, not told yet: the caller fills its fields, then event_publish. */
static struct event *event_new(struct session *s, enum event_kind kind, json_t *data)
{
        struct event *e = events_push(&s->events, kind);

        if (e)
                e->data = data;
        else
                json_decref(data);
        return e;
}

/* Wake the event waiters and streams (cheap when there are none): they read the events
 * now, so every field must be set. */
static void event_publish(struct session *s)
{
        if (event_hook)
                event_hook(s->id, event_hook_data);
        for (struct waiter *w = s->waiters; w; w = w->next) {
                if (w->events) {
                        waiters_wake_kind(s, 0, WAKE_EVENTS);
                        break;
                }
        }
}

void session_thread_event(struct session *s, pid_t pid, pid_t tid, bool started)
{
        struct event *e = event_new(s, started ? EV_THREAD_START : EV_THREAD_EXIT, NULL);

        if (e) {
                e->pid = pid;
                e->thread = tid;
        }
        event_publish(s);
}

void session_process_event(struct session *s, pid_t pid, pid_t parent, bool started,
                           int status)
{
        struct event *e = event_new(s, started ? EV_PROCESS_START : EV_PROCESS_EXIT, NULL);

        if (e) {
                e->pid = pid;
                e->parent = parent;
                if (!started && WIFSIGNALED(status)) {
                        e->nr = WTERMSIG(status);
                        e->core_dumped = WCOREDUMP(status);
                } else if (!started) {
                        e->ret = WEXITSTATUS(status);
                }
        }
        event_publish(s);
}

/* An event that is whole as it is (a stop, a resume, the end): pushed and told. */
static struct event *event_push(struct session *s, enum event_kind kind, json_t *data)
{
        struct event *e = event_new(s, kind, data);

        event_publish(s);
        return e;
}

/* Park call c on s until woken, or until timeout_ms (UINT64_MAX: no timeout). The waiter
 * starts as a stop waiter; the caller sets the events fields. Returns the waiter, or NULL
 * on ENOMEM. */
static struct waiter *waiter_add(struct session *s, struct call *c, uint64_t timeout_ms)
{
        struct waiter *w = calloc(1, sizeof(*w));

        if (!w)
                return NULL;
        w->s = s;
        w->call = c;
        if (timeout_ms != UINT64_MAX) {
                w->timer = loop_timer_add(timeout_ms, waiter_timeout, w);
                if (!w->timer) {
                        free(w);
                        return NULL;
                }
        }
        w->next = s->waiters;
        s->waiters = w;
        c->session = s;
        c->wait = w;
        c->cancel = waiter_cancel;
        return w;
}

int session_wait_events(struct session *s, struct call *c, uint64_t after, size_t max,
                        uint64_t timeout_ms, json_t **ret)
{
        struct waiter *w;

        if (events_after(&s->events, after) || timeout_ms == 0 || !session_alive(s)) {
                *ret = events_json(&s->events, after, max);
                return 0;
        }
        w = waiter_add(s, c, timeout_ms);
        if (!w)
                return -ENOMEM;
        w->events = true;
        w->after = after;
        w->max = max;
        return CALL_PENDING;
}

/* A run shorter than this predicts that the next one is short too (see reaper.c). */
#define SHORT_RUN_NS 200000

/* Running, and its last run, resume to stop, was short: its next stop is likely a few
 * microseconds away. */
static bool session_runs_short(const struct session *s)
{
        return (s->state == STATE_RUNNING || s->state == STATE_STARTING) &&
               (s->synth || s->last_run_ns < SHORT_RUN_NS);
}

int session_wait(struct session *s, struct call *c, uint64_t timeout_ms, json_t **ret_status)
{
        bool starting = s->state == STATE_STARTING;

        /* A spawn's exec has completed before spawn waits (tracee_spawn): its stop is
         * usually there already, and a quick wait would arm its timer for nothing. */
        if (starting)
                reaper_poll();
        /* Likely to stop within microseconds: answer now rather than suspend the call.
         * If it did not, its run is no longer short: later calls (a client repeating
         * `wait`) must not each hold the loop for a span. */
        if (session_runs_short(s)) {
                reaper_await();
                if (session_runs_short(s))
                        s->last_run_ns = loop_now_ns() - s->resumed_ns;
        }
        /* A spawn with stop "none" whose exec stop was handled just now, before it had
         * a waiter to wake (spawn_continue): it answers that the program runs. */
        if ((starting && s->state == STATE_RUNNING && s->spawn_stop == SPAWN_STOP_EXEC) ||
            (s->state != STATE_RUNNING && s->state != STATE_STARTING)) {
                *ret_status = session_status_json(s);
                return 0;
        }
        return waiter_add(s, c, timeout_ms) ? CALL_PENDING : -ENOMEM;
}

static bool output_unread(struct session *s)
{
        for (int i = 0; i < OUT__COUNT; i++) {
                session_output_pull(s, i);
                if (s->out[i].total > s->out[i].read)
                        return true;
        }
        return false;
}

int session_wait_output(struct session *s, struct call *c, uint64_t timeout_ms, bool output,
                        json_t **ret_status)
{
        int r;

        if (output && output_unread(s)) {
                *ret_status = session_status_json(s);
                return 0;
        }
        r = session_wait(s, c, timeout_ms, ret_status);
        if (r == CALL_PENDING && output)
                ((struct waiter *)c->wait)->output = true;
        return r;
}

/* ---- status --------------------------------------------------------------------- */

json_t *session_status_json(struct session *s)
{
        json_t *o = json_object();

        json_object_set_new(o, "session", json_integer(s->id));
        json_object_set_new(o, "pid", json_integer(s->pid));
        json_object_set_new(o, "path", json_string(s->path));
        json_object_set(o, "args", s->args);
        if (s->attached)
                json_object_set_new(o, "attached", json_true());
        json_object_set_new(o, "state", json_string(session_state_name(
                                                s->state == STATE_STARTING ? STATE_RUNNING
                                                                           : s->state)));
        json_object_set_new(o, "seq", json_integer((json_int_t)s->seq));
        switch (s->state) {
        case STATE_STOPPED:
                json_object_set(o, "stop", s->stop);
                break;
        case STATE_EXITED:
                json_object_set_new(o, "exit_code", json_integer(s->exit_code));
                break;
        case STATE_KILLED: {
                const char *name = jrpc_signal_name(s->term_sig);
                json_object_set_new(o, "signal",
                                    json_pack("{s:i,s:s}", "number", s->term_sig, "name",
                                              name ? name : "unknown"));
                json_object_set_new(o, "core_dumped", json_boolean(s->core_dumped));
                break;
        }
        case STATE_RUNNING:
        case STATE_STARTING:
                break;
        }
        return o;
}

/* ---- output pipes ------------------------------------------------------------------- */

static void close_output(struct session *s, int stream)
{
        if (s->out_fd[stream] < 0)
                return;
        if (!s->out_paused[stream])
                loop_del_fd(s->out_fd[stream]);
        close(s->out_fd[stream]);
        s->out_fd[stream] = -1;
        s->out_paused[stream] = false;
        s->out[stream].eof = true;
}

static void on_output(int fd, uint32_t events, void *data);

/* One read of the program's pipe into the ring, no more than the ring has room for (a
 * lossless ring without room takes the pipe out of the loop: the program blocks in
 * write(2) once the pipe is full, until a reader makes room). Returns the bytes read; 0
 * when there was nothing, no room, or the stream ended. */
static size_t read_output(struct session *s, int stream)
{
        struct output_ring *ring = &s->out[stream];
        size_t room = output_ring_room(ring);
        char buf[65536];
        ssize_t n;

        if (s->out_fd[stream] < 0)
                return 0;
        if (room == 0) {
                if (!s->out_paused[stream]) {
                        loop_del_fd(s->out_fd[stream]);
                        s->out_paused[stream] = true;
                }
                return 0;
        }
        n = read(s->out_fd[stream], buf, room < sizeof(buf) ? room : sizeof(buf));
        if (n > 0) {
                output_ring_append(ring, buf, (size_t)n);
                return (size_t)n;
        }
        if (n == 0 || (errno != EAGAIN && errno != EINTR))
                close_output(s, stream);
        return 0;
}

static void waiters_wake_output(struct session *s);

static void on_output(int fd, uint32_t events, void *data)
{
        struct session *s = data;
        int stream = fd == s->out_fd[OUT_STDOUT] ? OUT_STDOUT : OUT_STDERR;

        (void)events;
        /* One read per wake-up: a flooding tracee cannot starve the loop. */
        if (read_output(s, stream) || s->out_fd[stream] < 0)
                waiters_wake_output(s);
}

/* Read what the program wrote before it stopped or ended, so that `output` right after
 * a reported stop shows it, and `eof` is true once an ended program's pipes are empty
 * (unless a child of it still holds them). */
static void drain_outputs(struct session *s)
{
        for (int i = 0; i < OUT__COUNT; i++)
                for (int rounds = 0; rounds < 64 && read_output(s, i); rounds++)
                        ;
}

void session_output_pull(struct session *s, int stream)
{
        for (int rounds = 0; rounds < 64 && read_output(s, stream); rounds++)
                ;
        if (s->out_paused[stream] && output_ring_room(&s->out[stream]) > 0) {
                s->out_paused[stream] = false;
                if (loop_add_fd(s->out_fd[stream], EPOLLIN, on_output, s) < 0)
                        close_output(s, stream);
        }
}

/* The program's stdin, when it is a pipe. in_buf[in_off, in_len) is queued. The pipe is
 * in the loop (EPOLLOUT) only while something is queued: an empty, writable pipe would
 * wake the loop forever. It is closed once the queue is written and nothing more may
 * come (no stdin_open, or eof asked), when the program closes its end (EPIPE: the rest
 * of the queue is dropped), or when the process ends. */
static void close_stdin(struct session *s)
{
        if (s->in_fd < 0)
                return;
        if (s->in_watched)
                loop_del_fd(s->in_fd);
        close(s->in_fd);
        s->in_fd = -1;
        s->in_watched = s->in_open = false;
        free(s->in_buf);
        s->in_buf = NULL;
        s->in_len = s->in_off = s->in_cap = 0;
}

static void on_stdin(int fd, uint32_t events, void *data);

static void feed_stdin(struct session *s)
{
        while (s->in_off < s->in_len) {
                ssize_t n = write(s->in_fd, s->in_buf + s->in_off, s->in_len - s->in_off);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno != EAGAIN)
                                break; /* EPIPE: the program closed its stdin */
                        if (!s->in_watched &&
                            loop_add_fd(s->in_fd, EPOLLOUT, on_stdin, s) == 0)
                                s->in_watched = true;
                        if (s->in_watched)
                                return; /* EPOLLOUT brings us back */
                        break;
                }
                s->in_off += (size_t)n;
        }
        if (s->in_off < s->in_len || !s->in_open) {
                close_stdin(s);
                return;
        }
        s->in_off = s->in_len = 0;
        if (s->in_watched) {
                loop_del_fd(s->in_fd);
                s->in_watched = false;
        }
}

static void on_stdin(int fd, uint32_t events, void *data)
{
        feed_stdin(data);
}

/* session_input without its checks: spawn's own `stdin` is bounded by the body size. */
static long queue_input(struct session *s, const void *data, size_t len, bool eof)
{
        if (s->in_off) { /* compact: what was written goes */
                memmove(s->in_buf, s->in_buf + s->in_off, s->in_len - s->in_off);
                s->in_len -= s->in_off;
                s->in_off = 0;
        }
        if (s->in_len + len > s->in_cap) {
                size_t cap = s->in_cap ? s->in_cap : 4096;
                char *b;

                while (cap < s->in_len + len)
                        cap *= 2;
                b = realloc(s->in_buf, cap);
                if (!b)
                        return -ENOMEM;
                s->in_buf = b;
                s->in_cap = cap;
        }
        if (len)
                memcpy(s->in_buf + s->in_len, data, len);
        s->in_len += len;
        if (eof)
                s->in_open = false;
        feed_stdin(s);
        return s->in_fd < 0 ? 0 : (long)(s->in_len - s->in_off);
}

long session_input(struct session *s, const void *data, size_t len, bool eof)
{
        if (!session_alive(s))
                return -ERR_GONE;
        if (s->in_fd < 0 || !s->in_open)
                return -ERR_STATE;
        if (len > limits.input_bytes ||
            s->in_len - s->in_off > limits.input_bytes - len)
                return -ERR_LIMIT;
        return queue_input(s, data, len, eof);
}

/* ---- lifecycle ---------------------------------------------------------------------- */

static void sc_text_spawn(struct session *s, const char *exe, char *const *argv,
                          char *const *envp);

int session_spawn(const struct spawn_request *sr, struct session **ret)
{
        struct spawn_opts o = {
                .path = sr->path,
                .argv = sr->argv,
                .envp = sr->envp,
                .cwd = sr->cwd,
                .with_stdin = sr->stdin_data != NULL || sr->stdin_open,
                .aslr = sr->aslr,
                .search_path = sr->search_path,
        };
        struct sock_fprog *filter = NULL;
        struct spawned sp;
        struct session *s;
        int r;

        if (n_sessions >= limits.max_sessions)
                return -ERR_LIMIT;
        s = calloc(1, sizeof(*s));
        if (!s)
                return -ENOMEM;
        if (sr->filter_nrs) {
                r = tracee_seccomp_build(sr->filter_nrs, sr->n_filter_nrs, &filter);
                if (r < 0) {
                        free(s);
                        return r;
                }
                o.seccomp = filter;
                s->kfilter = true;
                /* i386 names: every i386 syscall stops (the filter traps the ABI). */
                for (size_t i = 0; i < sr->n_filter_nrs; i++)
                        if (sr->filter_nrs[i] < SYSCALLS_I386)
                                s->kfilter_nr[sr->filter_nrs[i] / 64] |=
                                        1ULL << (sr->filter_nrs[i] % 64);
        }
        r = tracee_spawn(&o, &sp);
        tracee_seccomp_free(filter);
        if (r < 0) {
                free(s);
                return r;
        }
        s->record_syscalls = sr->record_syscalls;
        s->follow_forks = sr->follow_forks;
        s->sig_quiet = SESSION_SIG_QUIET;
        s->sig_noprint = SESSION_SIG_QUIET;
        events_init(&s->events, EVENTS_MAX);
        s->id = next_id++;
        s->pid = sp.pid;
        s->tid = sp.pid;
        s->path = strdup(sr->path);
        s->args = json_array();
        for (char **a = sr->argv + 1; *a; a++)
                json_array_append_new(s->args, json_string(*a));
        s->state = STATE_STARTING;
        s->resumed_ns = loop_now_ns();
        s->sc_nr = -1;
        s->step_sc_nr = -1;
        s->spawn_stop = sr->stop;
        s->memfd = -1;
        s->program = program_new(s->pid);
        sc_text_spawn(s, sp.exe, o.argv, o.envp); /* before sp.exe is given away */
        program_exec_hint(s->program, sp.exe); /* takes it */
        bp_table_init(&s->bps);
        for (int i = 0; i < OUT__COUNT; i++) {
                output_ring_init(&s->out[i], limits.output_bytes);
                s->out[i].block = sr->output_block;
        }
        s->out_fd[OUT_STDOUT] = sp.stdout_fd;
        s->out_fd[OUT_STDERR] = sp.stderr_fd;
        for (int i = 0; i < OUT__COUNT; i++)
                if (loop_add_fd(s->out_fd[i], EPOLLIN, on_output, s) < 0)
                        close_output(s, i);
        s->in_fd = sp.stdin_fd;
        if (s->in_fd >= 0) {
                s->in_open = true;
                if (queue_input(s, sr->stdin_data, sr->stdin_len, !sr->stdin_open) < 0)
                        close_stdin(s); /* out of memory: end-of-file at once */
        }
        s->next = sessions;
        sessions = s;
        n_sessions++;
        *ret = s;
        return 0;
}

/* Steps done in dbgd whose stops are still to be handled (see "steps in dbgd"). */
static struct session *synth_head, **synth_tail = &synth_head;

static void synth_queue(struct session *s)
{
        s->synth = true;
        s->synth_next = NULL;
        *synth_tail = s;
        synth_tail = &s->synth_next;
        reaper_kick();
}

static void synth_unqueue(struct session *s)
{
        if (!s->synth)
                return;
        s->synth = false;
        for (struct session **p = &synth_head; *p; p = &(*p)->synth_next) {
                if (*p == s) {
                        *p = s->synth_next;
                        if (!*p)
                                synth_tail = p;
                        return;
                }
        }
}

bool session_synth_pending(void)
{
        return synth_head != NULL;
}

/* The arguments of /proc/PID/cmdline (with argv[0] or after it), as strings (one that
 * is not UTF-8 cannot be one in JSON: it is left out). */
static json_t *proc_args(pid_t pid, bool argv0)
{
        json_t *args = json_array();
        size_t len = 0, off;
        char *cmd = NULL;

        if (tracee_cmdline(pid, &cmd, &len) < 0 || !cmd)
                return args;
        off = argv0 ? 0 : strnlen(cmd, len) + 1;
        while (off < len) {
                size_t n = strnlen(cmd + off, len - off);
                json_t *a = json_stringn(cmd + off, n);

                if (a)
                        json_array_append_new(args, a);
                off += n + 1;
        }
        free(cmd);
        return args;
}

int session_attach(pid_t pid, struct session **ret)
{
        /* What spawn seizes with, but EXITKILL: an attached process must outlive us. */
        unsigned long options = ptrace_default_options() & ~(unsigned long)PTRACE_O_EXITKILL;
        struct proc_info pi;
        struct session *s;
        pid_t *tids = NULL, live;
        size_t n = 0;
        bool stopped;
        char *exe;
        int r;

        if (n_sessions >= limits.max_sessions)
                return -ERR_LIMIT;
        stopped = tracee_proc_info(pid, &pi) == 0 && pi.state == 'T';
        live = tracee_live_thread(pid);
        exe = live ? tracee_exe(live) : NULL;
        if (!exe)
                return errno == EACCES ? -EPERM : -ESRCH;
        s = calloc(1, sizeof(*s));
        if (!s) {
                free(exe);
                return -ENOMEM;
        }
        r = tracee_attach(pid, options, &tids, &n);
        if (r < 0) {
                free(exe);
                free(s);
                return r;
        }
        s->attached = true;
        s->sig_quiet = SESSION_SIG_QUIET;
        s->sig_noprint = SESSION_SIG_QUIET;
        /* In a group-stop (SIGSTOP'd): the seize makes each thread trap into it again,
         * a stop besides the interrupt's. It is the attach stop's news, not the next
         * stop's: `cont` runs the process (ptrace overrides the job control stop), and
         * the detach leaves it stopped (the kernel puts it back into its group-stop). */
        s->group_told = stopped;
        events_init(&s->events, EVENTS_MAX);
        s->id = next_id++;
        s->pid = pid;
        /* The main thread first; if it has left (pthread_exit), tracee_attach put
         * another in its place: the process is read through that one (main_left). */
        s->tid = tids[0];
        s->main_left = s->tid != pid;
        s->leader_untraced = s->main_left;
        s->path = exe;
        s->args = proc_args(s->tid, false);
        /* Starting until the first stop, the main thread's interrupt: intent none,
         * so on_stop reports it, as spawn's exec stop; the other threads are held
         * "stopping" (task_attached) and announce_stop waits for them. */
        s->state = STATE_STARTING;
        s->resumed_ns = loop_now_ns();
        s->sc_nr = -1;
        s->step_sc_nr = -1;
        s->memfd = -1;
        s->program = program_new(s->tid);
        bp_table_init(&s->bps);
        for (int i = 0; i < OUT__COUNT; i++) {
                output_ring_init(&s->out[i], 0);
                s->out[i].eof = true;
                s->out_fd[i] = -1;
        }
        s->in_fd = -1;
        s->next = sessions;
        sessions = s;
        n_sessions++;
        session_interrupt(s, s->tid);
        for (size_t i = 1; i < n; i++)
                if (tids[i] > 0) /* < 0: the kernel's, adopted at its parent's clone */
                        task_attached(s, tids[i]);
        free(tids);
        *ret = s;
        return 0;
}

/* How long session_detach waits for a running process to stop. */
#define DETACH_STOP_NS 1000000000ULL

void session_detach(struct session *s)
{
        uint64_t until = loop_now_ns() + DETACH_STOP_NS;
        struct bp_mem m = session_bp_mem(s);
        pid_t pgid = getpgid(s->pid), pid;
        int st;

        if (!s->attached || !session_alive(s))
                return;
        /* PTRACE_DETACH wants a stopped thread: stop the process as `pause` does, its
         * stop handled by the state machine (a breakpoint hit met meanwhile has its pc
         * put back on the breakpoint, a signal is kept to be given back). */
        if (s->state == STATE_RUNNING)
                session_pause(s);
        while (session_alive(s) && s->state != STATE_STOPPED && pgid > 0 &&
               loop_now_ns() < until && reaper_wait_for(pgid, &pid, &st, until))
                reaper_poll();
        if (!session_alive(s))
                return; /* it ended meanwhile: nothing to let go */
        task_release_children(s);
        /* The program's code back: no int3 of ours may outlive us. The table goes after
         * the threads: a thread with an int3's SIGTRAP queued is told from the program's
         * own by it (task_detach_thread). */
        for (struct breakpoint *b = s->bps.list; b; b = b->next)
                bp_disarm(&m, b);
        until = task_detach_deadline();
        if (s->state == STATE_STOPPED)
                task_detach_thread(s, s->tid, s->pending_sig, until);
        else /* not stopped within the second: it goes at its stop */
                task_let_go(s->tid);
        task_detach_all(s, until);
        bp_table_clear(&s->bps);
        /* Gone from us, not from the world: as far as the session can tell, it ended. */
        synth_unqueue(s);
        s->displaced.active = false;
        plan_end(s);
        s->state = STATE_EXITED;
        s->exit_code = 0;
        json_decref(s->stop);
        s->stop = NULL;
        if (s->memfd >= 0) {
                close(s->memfd);
                s->memfd = -1;
        }
        program_invalidate(s->program);
        waiters_wake(s, 0);
}

/* Returns how many processes it sent SIGKILL to (the process counts as one, its
 * group's others are not counted). */
static int kill_process(struct session *s)
{
        /* Once the process has ended, its children may live on in its group: followed
         * ones are killed by tid; the group too, as long as it is the process's own.
         * It is while no process has its pid (the kernel reuses no pid that still
         * names a group): one that has it is a new process, whose group is not ours. */
        if (!session_alive(s)) {
                int n = s->follow_forks ? task_kill_children(s) : 0;

                if (kill(s->pid, 0) < 0 && errno == ESRCH && !s->attached)
                        kill(-s->pid, SIGKILL);
                return n;
        }
        /* its process group: children die too; but an attached process's group is
         * not ours (a shell's job, a service's), and nor are its children */
        if (!s->attached)
                kill(-s->pid, SIGKILL);
        kill(s->pid, SIGKILL);
        return 1;
}

bool session_signal_ends_process(const struct session *s, int sig)
{
        return stop_signal_fatal(sig) && !tracee_signal_caught(session_mem_pid(s), sig);
}

int session_signal(struct session *s, int sig)
{
        if (!session_alive(s))
                return -ERR_GONE;
        if (sig == 0)
                return 0;
        /* Its process group, as a terminal signals a foreground job; the program itself
         * when it has left the group it was spawned in. */
        if ((s->attached || kill(-s->pid, sig) < 0) && kill(s->pid, sig) < 0)
                return errno == ESRCH ? -ERR_GONE : -errno;
        return 0;
}

int session_kill(struct session *s)
{
        return kill_process(s) > 0 ? 0 : -ERR_GONE;
}

static void session_free(struct session *s)
{
        synth_unqueue(s);
        for (int i = 0; i < OUT__COUNT; i++) {
                close_output(s, i);
                output_ring_free(&s->out[i]);
        }
        close_stdin(s);
        if (s->memfd >= 0)
                close(s->memfd);
        free(s->plan.file);
        ret_type_free(s->plan.ret_type); /* a finish still under way */
        bp_table_clear(&s->bps);
        program_free(s->program);
        json_decref(s->stop);
        json_decref(s->args);
        json_decref(s->child_crashes);
        for (size_t i = 0; s->sc_log && i < SYSCALL_LOG_MAX; i++)
                free(s->sc_log[i].text);
        for (size_t i = 0; i < s->n_kept; i++)
                free(s->sc_kept[i].text);
        free(s->sc_log);
        free(s->sc_kept);
        for (size_t i = 0; i < s->n_sc_text; i++)
                free(s->sc_text[i]);
        free(s->sc_text);
        free(s->intr);
        events_free(&s->events);
        free(s->path);
        free(s);
}

void session_close(struct session *s)
{
        session_detach(s); /* first: it may need the queued step's stop */
        synth_unqueue(s);
        kill_process(s);
        task_forget(s, true);
        waiters_wake(s, -ERR_NO_SESSION);
        for (struct session **p = &sessions; *p; p = &(*p)->next) {
                if (*p == s) {
                        *p = s->next;
                        break;
                }
        }
        n_sessions--;
        s->dead = true;
        if (event_hook) /* its streams end */
                event_hook(s->id, event_hook_data);
        /* Stop reading its pipes now; the memory goes before the loop sleeps. */
        for (int i = 0; i < OUT__COUNT; i++)
                close_output(s, i);
        close_stdin(s);
        s->next = dead_sessions;
        dead_sessions = s;
}

void session_collect(void)
{
        while (dead_sessions) {
                struct session *s = dead_sessions;
                dead_sessions = s->next;
                session_free(s);
        }
}

void session_shutdown(void)
{
        shutting_down = true;
        /* Attached processes were running before dbgd, and go on after it. */
        for (struct session *s = sessions; s; s = s->next)
                session_detach(s);
        for (struct session *s = sessions; s; s = s->next)
                kill_process(s);
        /* Reap them all: a main thread's end is not reported before its traced
         * threads' are reaped, so reap whatever ends until every process has. */
        for (;;) {
                size_t left = 0;
                pid_t pid;
                int st;

                for (struct session *s = sessions; s; s = s->next)
                        left += session_alive(s);
                if (!left)
                        break;
                pid = waitpid(-1, &st, __WALL);
                if (pid < 0 && errno == EINTR)
                        continue;
                if (pid < 0)
                        break;
                for (struct session *s = sessions; s; s = s->next)
                        if (s->pid == pid && (WIFEXITED(st) || WIFSIGNALED(st)))
                                s->state = STATE_KILLED;
        }
        while (sessions) {
                struct session *s = sessions;
                sessions = s->next;
                waiters_wake(s, -ERR_NO_SESSION);
                session_free(s);
        }
        n_sessions = 0;
        task_shutdown();
        displace_done();
        session_collect();
        program_cache_free(); /* the symbol files every program shared */
}

/* ---- resuming ----------------------------------------------------------------------- */

static bool nr_in(const uint64_t *set, long nr)
{
        return nr >= 0 && nr < 512 && (set[nr / 64] >> (nr % 64)) & 1;
}

/* True when every syscall the pending `syscall` call wants is trapped by the filter. */
static bool kfilter_covers(const struct session *s)
{
        if (!s->names_active)
                return false;
        for (int i = 0; i < 8; i++)
                if (s->want_nr[i] & ~s->kfilter_nr[i])
                        return false;
        return true;
}

int session_syscall_names(struct session *s, const int *nrs, size_t n)
{
        memset(s->want_nr, 0, sizeof(s->want_nr));
        memset(s->want_i386, 0, sizeof(s->want_i386));
        s->names_active = n > 0;
        for (size_t i = 0; i < n; i++) {
                uint64_t *set = nrs[i] < SYSCALLS_I386 ? s->want_nr : s->want_i386;
                int nr = nrs[i] < SYSCALLS_I386 ? nrs[i] : nrs[i] - SYSCALLS_I386;

                if (nr < 0 || nr >= SYSCALLS_I386)
                        return -ERR_INVALID_PARAMS;
                set[nr / 64] |= 1ULL << (nr % 64);
        }
        return 0;
}

/* Has the ring a record of thread tid? */
static bool ring_has(const struct session *s, pid_t tid)
{
        uint64_t n = s->sc_count < SYSCALL_LOG_MAX ? s->sc_count : SYSCALL_LOG_MAX;

        for (uint64_t i = 0; i < n; i++)
                if (s->sc_log[i].tid == tid)
                        return true;
        return false;
}

static int rec_by_seq(const void *a, const void *b)
{
        const struct syscall_rec *x = *(const struct syscall_rec *const *)a;
        const struct syscall_rec *y = *(const struct syscall_rec *const *)b;

        return x->seq < y->seq ? -1 : x->seq > y->seq;
}

json_t *session_syscall_log(struct session *s)
{
        json_t *list = json_array();
        uint64_t n = s->sc_count < SYSCALL_LOG_MAX ? s->sc_count : SYSCALL_LOG_MAX;
        const struct syscall_rec *recs[SYSCALL_KEPT_MAX + SYSCALL_LOG_MAX];
        size_t m = 0;
        char name[64];

        /* The kept last records of threads the ring has none of, then the ring. */
        for (size_t i = 0; i < s->n_kept; i++)
                if (!ring_has(s, s->sc_kept[i].tid))
                        recs[m++] = &s->sc_kept[i];
        qsort(recs, m, sizeof(recs[0]), rec_by_seq);
        for (uint64_t i = s->sc_count - n; i < s->sc_count; i++)
                recs[m++] = &s->sc_log[i % SYSCALL_LOG_MAX];
        for (size_t k = 0; k < m; k++) {
                const struct syscall_rec *r = recs[k];
                json_t *args = json_array();

                for (int a = 0; a < 6; a++)
                        json_array_append_new(args, jrpc_addr(r->args[a]));
                json_t *o = json_pack("{s:I,s:s,s:o}", "nr", (json_int_t)r->nr, "name",
                                      syscalls_name_abi(r->i386, r->nr, name, sizeof(name)),
                                      "args", args);

                if (r->i386)
                        json_object_set_new(o, "abi", json_string("i386"));
                if (r->pid)
                        json_object_set_new(o, "pid", json_integer(r->pid));
                if (r->tid && r->tid != (r->pid ? r->pid : s->pid))
                        json_object_set_new(o, "thread", json_integer(r->tid));
                if (r->text)
                        json_object_set_new(o, "text", json_string(r->text));
                if (r->done) {
                        json_object_set_new(o, "ret", json_integer(r->ret));
                        if (r->ret < 0 && r->ret >= -4095 && dbgd_errno_name((int)-r->ret))
                                json_object_set_new(o, "error",
                                                    json_string(dbgd_errno_name((int)-r->ret)));
                }
                json_array_append_new(list, o);
        }
        return list;
}

/* The 8 bytes at the top of the stack, read with the instruction (read_insn). */
struct stack_top {
        uint64_t addr, value;
        bool valid;
};

/* Carry out an emulated instruction's memory access, then set tid's registers to nr.
 * top may already hold the load (a ret or pop). False when the access fails: nothing
 * was written, the CPU is to run it. */
static bool emulate_commit(struct session *s, pid_t tid, struct user_regs_struct *nr,
                           struct emu_effect *eff, const struct stack_top *top)
{
        uint64_t v = 0;

        /* A memory access that fails here is left to the CPU, in a real step: the
         * program takes its own fault. */
        if (eff->load) {
                if (top->valid && top->addr == eff->load_addr && eff->load_size == 8)
                        v = top->value;
                else if (tracee_mem_read(session_mem_pid(s), eff->load_addr, &v, eff->load_size) !=
                         (ssize_t)eff->load_size)
                        return false;
                if (!emulate_load_done(nr, eff, v))
                        return false;
        }
        if (eff->store && tracee_mem_store(session_mem_pid(s), eff->store_addr, &eff->store_value,
                                           eff->store_size) != (ssize_t)eff->store_size)
                return false;
        return ptrace_setregs(tid, nr) == 0;
}

/* The instruction at regs->rip (the program's bytes, breakpoints shadowed) and, in the
 * same read, the top of the stack, which a ret or pop loads. The read stops at the
 * first byte it cannot read. Returns how many bytes of the instruction it has. */
static size_t read_insn(struct session *s, const struct user_regs_struct *regs,
                        uint8_t insn[X86_MAX_INSN], struct stack_top *top)
{
        struct iovec local[2] = { { insn, X86_MAX_INSN }, { &top->value, 8 } };
        struct iovec remote[2] = { { (void *)(uintptr_t)regs->rip, X86_MAX_INSN },
                                   { (void *)(uintptr_t)regs->rsp, 8 } };
        ssize_t n = process_vm_readv(session_mem_pid(s), local, 2, remote, 2, 0);

        if (n <= 0)
                return 0;
        top->addr = regs->rsp;
        top->valid = n == X86_MAX_INSN + 8;
        if (n > X86_MAX_INSN)
                n = X86_MAX_INSN;
        bp_shadow(&s->bps, regs->rip, insn, (size_t)n);
        return (size_t)n;
}

/* Is a system call that a stop broke off (an interrupt's: `attach`, `pause`, another
 * thread's report) waiting to be restarted: orig_rax a syscall number and rax
 * -ERESTART* (-512..-516)? The kernel restarts it as the thread resumes, moving the pc
 * back onto the syscall instruction: the instruction at the pc is not the next to run,
 * so it must be neither emulated nor run out of line (a real step lets the kernel
 * restart the call, as a plain PTRACE_CONT does). */
static bool syscall_restarts(const struct user_regs_struct *r)
{
        return (int64_t)r->orig_rax >= 0 && (int64_t)r->rax >= -516 && (int64_t)r->rax <= -512;
}

bool session_emulate_over(struct session *s, pid_t tid, struct user_regs_struct *regs)
{
        struct user_regs_struct nr = *regs;
        struct stack_top top;
        struct emu_effect eff;
        uint8_t insn[X86_MAX_INSN];
        size_t n = watching(s) || syscall_restarts(regs) ? 0 : read_insn(s, regs, insn, &top);

        if (!n || !emulate_insn(insn, n, &nr, &eff) || !emulate_commit(s, tid, &nr, &eff, &top))
                return false;
        *regs = nr;
        return true;
}

/* ---- steps in dbgd ---------------------------------------------------------------
 *
 * A `step` whose instruction emulate.c knows is done here, without the trap flag: a
 * stepped loop of moves, arithmetic, calls and jumps then costs a few system calls a
 * step instead of two context switches (docs/performance.md). The stop it makes is
 * queued and handled by on_stop like any other, from the reaper (session_synth_deliver),
 * so counted steps, breakpoints at the new pc, pause and reports work the same.
 *
 * It must be what the CPU would have done, so a step is done here only when
 * - no signal is queued for the program (a real step would deliver it first: the
 *   signal stop gdb shows), nor is one to be delivered by this resume;
 * - the program has no other thread or memory-sharing child running (they could see a
 *   half-done instruction or change the mappings);
 * - the instruction's bytes are on pages the CPU itself has fetched from since the
 *   program last ran freely (xpages): readable is not executable, and a jump to a data
 *   page must fault as it would. A real step from pc proves pc's page; an int3 hit
 *   proves the breakpoint's. Mappings change only by syscalls, so the set is kept
 *   across steps of instructions that are not syscalls, and forgotten after a syscall
 *   (even its own page: mprotect), at any other stop and whenever the program is
 *   continued;
 * - not the first step after an exec (see exec_exit_trap).
 * Otherwise, or when the memory access fails, the CPU steps it. Known limits: the
 * memory access goes through process_vm_readv/writev, which honour page protections but
 * not memory protection keys (pkey_mprotect), and dbgd sets no hardware watchpoints
 * (an emulated store would not trigger one). */

#define PAGE_OF(a) ((a) & ~(uint64_t)4095)

static bool xpage_known(const struct session *s, uint64_t addr)
{
        unsigned n = s->n_xpages < 4 ? s->n_xpages : 4;

        for (unsigned i = 0; i < n; i++)
                if (s->xpages[i] == PAGE_OF(addr))
                        return true;
        return false;
}

static void xpage_add(struct session *s, uint64_t addr)
{
        if (!xpage_known(s, addr))
                s->xpages[s->n_xpages++ % 4] = PAGE_OF(addr);
}

/* Could this instruction change the mappings (a syscall, or an interrupt that becomes
 * a signal)? Legacy and REX prefixes skipped. */
static bool may_change_pages(const uint8_t *insn, size_t n)
{
        size_t i = 0;

        while (i < n && (insn[i] == 0x66 || insn[i] == 0x67 || insn[i] == 0xf2 ||
                         insn[i] == 0xf3 || insn[i] == 0xf0 || insn[i] == 0x2e ||
                         insn[i] == 0x3e || insn[i] == 0x26 || insn[i] == 0x36 ||
                         insn[i] == 0x64 || insn[i] == 0x65 || (insn[i] & 0xf0) == 0x40))
                i++;
        if (i >= n)
                return true;
        if (insn[i] == 0x0f)
                return i + 1 >= n || insn[i + 1] == 0x05 || insn[i + 1] == 0x34 ||
                       insn[i + 1] == 0x07;
        return insn[i] == 0xcc || insn[i] == 0xcd || insn[i] == 0xce || insn[i] == 0xf1;
}

/* Try to step the instruction at the pc here (see above). True when done: the
 * registers are written and s->regs holds them. Otherwise s->step_from and
 * s->step_keeps_pages describe the real step to come. */
static bool step_emulated(struct session *s)
{
        struct user_regs_struct regs, nr;
        struct stack_top top;
        struct emu_effect eff;
        uint8_t insn[X86_MAX_INSN];
        size_t n;

        if (s->resumed_from_exec || s->displaced.active || task_shares_vm(s) || watching(s))
                return false;
        if (s->regs_valid)
                regs = s->regs;
        else if (ptrace_getregs(s->tid, &regs) < 0)
                return false;
        if (syscall_restarts(&regs))
                return false;
        s->step_from = regs.rip;
        /* Read even on a page not yet known: a real step of it teaches its page unless
         * it is a syscall. */
        n = read_insn(s, &regs, insn, &top);
        if (!n)
                return false;
        s->step_keeps_pages = !may_change_pages(insn, n);
        if (!xpage_known(s, regs.rip))
                return false;
        nr = regs;
        if (!emulate_insn(insn, n, &nr, &eff) ||
            !xpage_known(s, regs.rip + eff.insn_len - 1) || ptrace_signal_queued(s->tid) != 0 ||
            !emulate_commit(s, s->tid, &nr, &eff, &top))
                return false;
        s->regs = nr;
        return true;
}

/* ---- `syscall` out of line --------------------------------------------------------
 *
 * A breakpoint on a `syscall` instruction (libc's write(), getppid()...) is stepped over
 * out of line like any other instruction, and put right at the end as the CPU would
 * have left it: the pc, and %rcx, which the CPU sets to the next instruction's address,
 * are moved from the scratch copy to the original instruction (displaced_end). Any stop
 * inside the call ends the out-of-line run the same way: the syscall-entry or seccomp
 * stop of a session that traces syscalls (the call then runs as if from the original
 * place), an exit event, a signal. A call broken off by an interrupt (another thread's
 * report, `pause`) with a restart pending (-ERESTART*) is turned back into "not run
 * yet", as the kernel's restart would (the pc on the breakpoint, %rax the number or
 * restart_syscall, orig_rax -1 so that the kernel does not move the pc again), so that
 * the restart steps over the breakpoint instead of hitting it a second time; only
 * when no signal is queued, since a handler without SA_RESTART would have made it fail
 * with EINTR. At a signal's stop the restart is left to the kernel: if it restarts, the
 * pc comes back onto the breakpoint and the instruction runs again, a second hit, as on
 * the CPU and in gdb.
 * Refused, i.e. stepped for real: the calls whose result is not the pc after them in
 * this process (rt_sigreturn, execve, execveat), and those that make a process or thread
 * (fork, vfork, clone, clone3), whose child would start on the scratch copy. */
static bool syscall_displaceable(long nr)
{
        switch (nr) {
        case SYS_rt_sigreturn:
        case SYS_execve:
        case SYS_execveat:
        case SYS_fork:
        case SYS_vfork:
        case SYS_clone:
#ifdef SYS_clone3
        case SYS_clone3:
#endif
                return false;
        }
        return true;
}

/* Is thread tid asleep in the kernel (state S in /proc/TID/stat: a blocking call)? */
static bool thread_sleeps(pid_t tid)
{
        return tracee_state(tid) == 'S';
}

/* A thread whose step-over needs the out-of-line area finds it taken: should it run
 * into its int3 again and retry (true), or step for real with the int3 out (false)? It
 * retries, except when the area is held by a syscall that has outlasted DISPLACE_SPIN
 * retries and sleeps: a syscall may block for as long as it likes (a read, a futex
 * wait that the retrying thread itself is to end), and the retries would spin, or never
 * end. A call that is still running (a getppid whose thread the scheduler put aside on
 * a loaded machine: 2-4 % of 800 hits were lost to a bound on the count alone) is
 * waited for. */
#define DISPLACE_SPIN 256

static bool displace_wait(struct session *s)
{
        if (!s->displaced.syscall || ++s->displaced.waits <= DISPLACE_SPIN)
                return true;
        return !thread_sleeps(s->displaced.tid);
}

bool session_displace_wait(struct session *s)
{
        return displace_wait(s);
}

/* Run thread tid's instruction under the breakpoint at regs->rip out of line
 * (displace.h) at the entry point, leaving the int3 in place. Returns true when the
 * tracee is set up for it; the caller then continues it with `how`. */
static bool displace_start(struct session *s, pid_t tid, const struct user_regs_struct *regs,
                           enum resume_kind how)
{
        uint8_t code[16], out[DISPLACE_MAX];
        size_t out_len, insn_len;
        struct user_regs_struct nr = *regs;
        ssize_t n;
        bool sc;

        if (watching(s) || s->displaced.active || syscall_restarts(regs))
                return false;
        if (!s->scratch && tracee_entry_point(session_mem_pid(s), &s->scratch) < 0)
                return false;
        for (struct breakpoint *b = s->bps.list; b; b = b->next)
                if (b->addr >= s->scratch && b->addr < s->scratch + DISPLACE_MAX)
                        return false; /* e.g. spawn's own stop at the entry */
        n = tracee_mem_read(session_mem_pid(s), regs->rip, code, sizeof(code));
        if (n <= 0)
                return false;
        bp_shadow(&s->bps, regs->rip, code, (size_t)n);
        if (displace_prepare(code, (size_t)n, regs->rip, s->scratch, out, &out_len, &insn_len,
                             &sc) < 0 ||
            (sc && !syscall_displaceable((long)regs->rax)))
                return false;
        if (tracee_mem_read(session_mem_pid(s), s->scratch, s->displaced.saved, out_len) != (ssize_t)out_len ||
            tracee_mem_write(session_mem_pid(s), &s->memfd, s->scratch, out, out_len) != (ssize_t)out_len)
                return false;
        nr.rip = s->scratch;
        if (ptrace_setregs(tid, &nr) < 0) {
                tracee_mem_write(session_mem_pid(s), &s->memfd, s->scratch, s->displaced.saved, out_len);
                return false;
        }
        s->displaced.active = true;
        s->displaced.tid = tid;
        s->displaced.orig = regs->rip;
        s->displaced.scratch = s->scratch;
        s->displaced.insn_len = insn_len;
        s->displaced.out_len = out_len;
        s->displaced.how = how;
        s->displaced.syscall = sc;
        s->displaced.waits = 0;
        return true;
}

/* Any stop while an instruction runs out of line: put the entry point's bytes back and
 * the pc where the program believes it is. Returns true when the stop is the int3 after
 * the displaced instruction, i.e. the step over the breakpoint is done. */
static int displaced_end(struct session *s, int status, struct user_regs_struct *regs,
                         bool have_regs, const siginfo_t *si, bool have_si)
{
        uint64_t scratch = s->displaced.scratch, len = s->displaced.insn_len;
        int done = 0;

        s->displaced.active = false;
        tracee_mem_write(session_mem_pid(s), &s->memfd, scratch, s->displaced.saved, s->displaced.out_len);
        if (!WIFSTOPPED(status) || !have_regs)
                return 0;
        /* A syscall's %rcx holds the next address, the scratch copy's: the original's. */
        if (s->displaced.syscall && regs->rcx == scratch + len &&
            regs->rip >= scratch + len && regs->rip <= scratch + len + 1)
                regs->rcx = s->displaced.orig + len;
        if (WSTOPSIG(status) == SIGTRAP && ((unsigned)status >> 16) == 0 && have_si &&
            si->si_code == SI_KERNEL && regs->rip == scratch + len + 1) {
                regs->rip = s->displaced.orig + len;
                done = 1;
        } else if (s->displaced.syscall && regs->rip == scratch + len && syscall_restarts(regs) &&
                   ((unsigned)status >> 16) == PTRACE_EVENT_STOP &&
                   ptrace_signal_queued(s->displaced.tid) == 0) {
                /* Broken off by an interrupt, to be restarted: as the kernel's restart
                 * does, but onto the breakpoint, as not run yet (see above). */
                regs->rax = (int64_t)regs->rax == -516 ? SYS_restart_syscall : regs->orig_rax;
                regs->orig_rax = -1;
                regs->rip = s->displaced.orig;
                done = -1;
        } else if (regs->rip >= scratch && regs->rip < scratch + len) {
                regs->rip = s->displaced.orig; /* not run yet (a signal came first) */
                done = -1;
        } else if (regs->rip == scratch + len) {
                regs->rip = s->displaced.orig + len; /* run, the int3 not yet */
        } else if (regs->rip == scratch + len + 1) {
                /* Run, and the int3 too, but another stop (an interrupt's) came before
                 * the int3's SIGTRAP: that is still queued, and comes at the next resume,
                 * to be dropped. */
                regs->rip = s->displaced.orig + len;
                for (size_t i = 0; i < sizeof(s->disp_trap) / sizeof(s->disp_trap[0]); i++) {
                        if (!s->disp_trap[i]) {
                                s->disp_trap[i] = s->displaced.tid;
                                break;
                        }
                }
        } else {
                return 0;
        }
        ptrace_setregs(s->displaced.tid, regs);
        return done;
}

bool session_displace_stale_trap(struct session *s, pid_t tid, int si_code)
{
        for (size_t i = 0; i < sizeof(s->disp_trap) / sizeof(s->disp_trap[0]); i++) {
                if (s->disp_trap[i] == tid) {
                        s->disp_trap[i] = 0;
                        return si_code == SI_KERNEL;
                }
        }
        return false;
}

bool session_displace_begin(struct session *s, pid_t tid, const struct user_regs_struct *regs)
{
        return displace_start(s, tid, regs, RESUME_CONT);
}

int session_displace_finish(struct session *s, pid_t tid, int status)
{
        struct user_regs_struct regs;
        siginfo_t si;
        bool have_regs, have_si;

        if (!s->displaced.active || s->displaced.tid != tid)
                return 0;
        have_regs = WIFSTOPPED(status) && ptrace_getregs(tid, &regs) == 0;
        have_si = WIFSTOPPED(status) && ptrace_getsiginfo(tid, &si) == 0;
        return displaced_end(s, status, &regs, have_regs, &si, have_si);
}

/* The marks a thread may carry on a breakpoint's address (session.h: retries): */
enum {
        RETRY_COUNTED = 1,      /* runs into the int3 again, its hit counted */
        RETRY_TO_COME,          /* put back on it, its hit still to come */
        RETRY_PROG_TRAP,        /* the program's int3 under it ran, its SIGTRAP to come */
};

static void retry_mark(struct session *s, pid_t tid, uint64_t addr, int kind)
{
        const size_t n = sizeof(s->retries) / sizeof(s->retries[0]);

        for (size_t i = 0; i < n; i++) {
                if (!s->retries[i].tid || s->retries[i].tid == tid) {
                        s->retries[i].tid = tid;
                        s->retries[i].addr = addr;
                        s->retries[i].kind = kind;
                        return;
                }
        }
}

/* tid's mark, taken when it is of this kind (another kind stays): true when it is at
 * addr. */
static bool retry_unmark(struct session *s, pid_t tid, uint64_t addr, int kind)
{
        for (size_t i = 0; i < sizeof(s->retries) / sizeof(s->retries[0]); i++) {
                if (s->retries[i].tid == tid && s->retries[i].kind == kind) {
                        s->retries[i].tid = 0;
                        return s->retries[i].addr == addr;
                }
        }
        return false;
}

/* Has tid a hit still to come (RETRY_TO_COME), left marked? */
static bool hit_to_come(const struct session *s, pid_t tid)
{
        for (size_t i = 0; i < sizeof(s->retries) / sizeof(s->retries[0]); i++)
                if (s->retries[i].tid == tid && s->retries[i].kind == RETRY_TO_COME)
                        return true;
        return false;
}

void session_retry_set(struct session *s, pid_t tid, uint64_t addr)
{
        retry_mark(s, tid, addr, RETRY_COUNTED);
}

bool session_retry_take(struct session *s, pid_t tid, uint64_t addr)
{
        return retry_unmark(s, tid, addr, RETRY_COUNTED);
}

void session_hit_to_come(struct session *s, pid_t tid, uint64_t addr)
{
        retry_mark(s, tid, addr, RETRY_TO_COME);
}

bool session_hit_to_come_take(struct session *s, pid_t tid, uint64_t addr)
{
        return retry_unmark(s, tid, addr, RETRY_TO_COME);
}

void session_prog_trap(struct session *s, pid_t tid, uint64_t addr)
{
        retry_mark(s, tid, addr, RETRY_PROG_TRAP);
}

bool session_prog_trap_take(struct session *s, pid_t tid, uint64_t addr)
{
        return retry_unmark(s, tid, addr, RETRY_PROG_TRAP);
}

void session_interrupted_at(struct session *s, pid_t tid, uint64_t pc)
{
        struct breakpoint *b = bp_find_addr(&s->bps, pc);

        if (!b || !bp_trapped(b))
                return;
        for (size_t i = 0; i < sizeof(s->retries) / sizeof(s->retries[0]); i++)
                if (s->retries[i].tid == tid)
                        return; /* counted already, or marked: that mark says */
        retry_mark(s, tid, b->addr, RETRY_TO_COME);
}

void session_displace_abandon(struct session *s, pid_t tid)
{
        if (!s->displaced.active || s->displaced.tid != tid)
                return;
        s->displaced.active = false;
        tracee_mem_write(session_mem_pid(s), &s->memfd, s->displaced.scratch, s->displaced.saved,
                         s->displaced.out_len);
}

/* Is rv a syscall's -ERESTART* (-512..-516): the call was broken off, and runs again
 * when the thread resumes? */
static bool restart_code(int64_t rv)
{
        return rv >= -516 && rv <= -512;
}

/* Is the current thread at a system call instruction (syscall, int 0x80, sysenter) of
 * a call that may wait for another thread? exit and exit_group do not: the step of a
 * thread's end keeps the others stopped, so the process is still there to report it. */
static bool at_syscall_insn(struct session *s)
{
        struct user_regs_struct regs;
        uint8_t b[2];

        if (s->regs_valid)
                regs = s->regs;
        else if (ptrace_getregs(s->tid, &regs) < 0)
                return false;
        /* Interrupted in a system call (an interrupt's stop, a thread stopped with the
         * others): it is restarted when the thread resumes (-ERESTART*: -512..-516). */
        if ((int64_t)regs.orig_rax >= 0 && restart_code((int64_t)regs.rax))
                return regs.orig_rax != SYS_exit && regs.orig_rax != SYS_exit_group;
        if (regs.rax == SYS_exit || regs.rax == SYS_exit_group ||
            tracee_mem_read(session_mem_pid(s), regs.rip, b, 2) != 2)
                return false;
        bp_shadow(&s->bps, regs.rip, b, 2);
        return (b[0] == 0x0f && (b[1] == 0x05 || b[1] == 0x34)) || (b[0] == 0xcd && b[1] == 0x80);
}

/* When the status being handled was taken (session_on_status), else 0. A resume in
 * that handling is stamped with it: the microseconds the handling took count as run,
 * which only the short-run guess (session_runs_short) reads, and a stop saves a read
 * of the clock. */
static uint64_t status_ns;

static uint64_t resume_clock(void)
{
        return status_ns ? status_ns : loop_now_ns();
}

/* The ptrace request for how, with no step-over: an armed breakpoint at the pc traps
 * at once. */
static int resume_raw(struct session *s, enum resume_kind how, int sig)
{
        int r;

        program_set_inline_hidden(s->program, 0);

        /* A step runs the current thread alone, except over a system call, which may
         * wait for another thread (a futex, a pipe): the others run during it, as gdb
         * lets them during any step; they stop again at its end (on_stop). */
        if (how == RESUME_STEP && !s->others_run && task_has_threads(s) && at_syscall_insn(s)) {
                task_resume_all(s);
                s->others_run = true;
        }
        s->step_from = 0;
        s->step_keeps_pages = false;
        if (how == RESUME_STEP && sig == 0 && step_emulated(s)) {
                s->resumed_ns = resume_clock();
                s->resumed = how;
                s->state = STATE_RUNNING;
                synth_queue(s);
                return 0;
        }
        if (how != RESUME_STEP)
                s->n_xpages = 0; /* it runs freely: anything may change */
        session_debugregs_sync(s, s->tid, &s->focus_dr_gen);
        s->regs_valid = false;
        s->resumed_ns = resume_clock();
        switch (how) {
        case RESUME_STEP:
                s->step_sc_nr = s->sc_nr;
                r = ptrace_singlestep(s->tid, sig);
                break;
        case RESUME_SYSCALL:
                /* With a seccomp filter covering the names asked for, the kernel stops
                 * us only at those: continue, except to see a reported entry's exit. */
                s->seccomp_entries = s->kfilter && kfilter_covers(s) && !s->want_exit;
                if (s->seccomp_entries)
                        r = ptrace_cont(s->tid, sig);
                else
                        r = ptrace_syscall(s->tid, sig);
                break;
        case RESUME_CONT:
        case RESUME_NONE:
        default:
                /* Tracing or recording syscalls: each one stops, unreported. With a
                 * seccomp filter covering the traced names, only those stop. */
                if (s->trace_syscalls || s->record_syscalls) {
                        s->seccomp_entries = s->kfilter && kfilter_covers(s) && !s->want_exit;
                        r = s->seccomp_entries ? ptrace_cont(s->tid, sig)
                                               : ptrace_syscall(s->tid, sig);
                } else {
                        r = ptrace_cont(s->tid, sig);
                }
                break;
        }
        if (r < 0 && r != -ESRCH)
                return r;
        /* ESRCH: killed from outside; its death is on the way to the reaper. */
        s->resumed = how;
        s->state = STATE_RUNNING;
        /* A pause (or a thread's stop) waits for this thread to stop, but the kernel
         * drops a pending PTRACE_INTERRUPT at its next trap of any kind: the stop just
         * resumed silently (a clone event, a traced syscall, a step-over) may have taken
         * it. Ask again; at worst its stop is a stale interrupt. */
        if (s->pause_requested)
                session_interrupt(s, s->tid);
        return 0;
}

static int do_resume(struct session *s, enum resume_kind how, int sig)
{
        struct breakpoint *b = NULL;
        struct user_regs_struct regs;
        int r;

        if (s->bps.list) {
                if (s->regs_valid) {
                        regs = s->regs;
                } else {
                        r = ptrace_getregs(s->tid, &regs);
                        if (r < 0)
                                return r;
                        s->regs = regs; /* for step_emulated */
                        s->regs_valid = true;
                }
                b = bp_find_addr(&s->bps, regs.rip);
        }
        if (b && how != RESUME_STEP && session_hit_to_come_take(s, s->tid, b->addr))
                b = NULL; /* put back on it uncounted: its hit is to come, into the int3 */
        else if (b)
                session_retry_take(s, s->tid, b->addr); /* stepped over now, or set again */
        if (b && b->armed && how != RESUME_STEP &&
            (session_emulate_over(s, s->tid, &regs) || (sig == 0 && displace_start(s, s->tid, &regs, how)))) {
                b = NULL; /* done or under way: the breakpoint stays armed */
                s->regs_valid = false;
        }
        if (b && b->armed && how != RESUME_STEP && sig == 0 && s->displaced.active &&
            task_has_threads(s) && displace_wait(s)) {
                /* Another thread's instruction runs out of line, and the others run:
                 * taking the int3 out would let them pass it. Run into it again
                 * instead (a retry, not a hit: on_stop) until the area is free. */
                session_retry_set(s, s->tid, b->addr);
                return resume_raw(s, how, 0);
        }
        if (b && bp_trapped(b)) {
                /* Step over it: run the original instruction once, then re-arm. Also
                 * while another thread's step over it has the int3 out: a program's
                 * own int3 under it would trap as if it were ours (a second hit). */
                struct bp_mem m = session_bp_mem(s);

                r = bp_step_begin(&m, b);
                if (r < 0)
                        return r;
                s->stepping_over = true;
                s->stepover_addr = b->addr;
                /* The program's own int3 traps at once: the others wait for it (they
                 * resume with the step's end, on_stop), so that no report of theirs
                 * breaks off a step that has not run yet. */
                s->others_after_over = how != RESUME_STEP && !s->others_run &&
                                       bp_program_int3(b) && task_has_threads(s);
                how = RESUME_STEP;
        }
        return resume_raw(s, how, sig);
}

static void report_reporter(struct session *s);

int session_plan_resume(struct session *s, enum intent intent)
{
        int r;

        s->intent = intent;
        s->steps_left = intent == INTENT_STEP ? 1 : 0;
        if (intent == INTENT_STEP && s->others_run) {
                s->others_run = false; /* a step runs the current thread alone */
                task_stop_all(s);
        }
        r = do_resume(s, intent == INTENT_STEP ? RESUME_STEP : RESUME_CONT, 0);
        if (r == 0 && intent != INTENT_STEP && !s->others_run && !s->others_after_over) {
                task_resume_all(s);
                s->others_run = true;
        }
        return r;
}

int session_resume(struct session *s, enum intent intent, unsigned long steps, int sig)
{
        int r;

        if (s->state == STATE_RUNNING || s->state == STATE_STARTING)
                return -ERR_RUNNING;
        if (!session_alive(s))
                return -ERR_GONE;
        if (sig < 0)
                sig = s->pending_sig;
        s->intent = intent;
        s->steps_left = intent == INTENT_STEP ? steps : 0;
        if ((intent == INTENT_SYSCALL || intent == INTENT_CONT) &&
            (s->reporter = task_pending_report(s, intent == INTENT_SYSCALL)) != 0) {
                /* A thread's stop that lost to the last report (a signal, a breakpoint
                 * hit; for `syscall`, a syscall stop): it is this call's, at once (gdb
                 * reports pending events first). The current thread keeps the signal
                 * this resume would have delivered, for its own next resume, as gdb
                 * keeps it: resumed with the others, a thread whose signal stop was
                 * still to be told would have had it sent again, as a tgkill. */
                s->pending_sig = sig;
                s->state = STATE_RUNNING;
                event_push(s, EV_RESUME, NULL);
                report_reporter(s);
                return 0;
        }
        s->resumed_from_exec = s->reported == STOP_EXEC;
        r = do_resume(s, intent == INTENT_STEP      ? RESUME_STEP
                         : intent == INTENT_SYSCALL ? RESUME_SYSCALL
                                                    : RESUME_CONT,
                      sig);
        if (r < 0)
                return r;
        s->pending_sig = 0;
        if (intent != INTENT_STEP && !s->others_after_over) {
                task_resume_all(s); /* a step runs the current thread alone */
                s->others_run = true;
        }
        json_decref(s->stop);
        s->stop = NULL;
        event_push(s, EV_RESUME, NULL);
        return 0;
}

static void set_current(struct session *s, pid_t tid);
static void current_left(struct session *s);

/* Has the main thread left with pthread_exit (a zombie while the other threads run)?
 * Once it has, the memory is read through the current thread (session_mem_pid). */
static bool main_left(struct session *s)
{
        if (!s->main_left && tracee_is_zombie(s->pid))
                s->main_left = true;
        return s->main_left;
}

int session_pause(struct session *s)
{
        int r;

        if (s->state != STATE_RUNNING)
                return 0;
        if (s->synth) { /* stopped already: its queued stop reports */
                s->pause_requested = true;
                return 0;
        }
        if (s->others_run && main_left(s) && s->tid == s->pid) {
                /* The current thread has left (pthread_exit): interrupt another. */
                current_left(s);
                if (s->state != STATE_RUNNING)
                        return 0;
        }
        r = session_interrupt(s, s->tid);
        if (r < 0 && r != -ESRCH)
                return r;
        s->pause_requested = true;
        return 0;
}

int session_select_thread(struct session *s, pid_t tid)
{
        struct user_regs_struct regs;
        bool running, reporting, step_trap = s->step_trap;
        int sig;

        if (!session_alive(s))
                return -ERR_GONE;
        if (s->state != STATE_STOPPED)
                return -ERR_RUNNING;
        if (tid == s->tid)
                return 0;
        if (!task_is_thread(s, tid, &running))
                return -ERR_INVALID_PARAMS;
        if (running)
                return -ERR_RUNNING; /* interrupted, its stop not seen yet */
        if (ptrace_getregs(tid, &regs) < 0 || task_take(s, tid, &sig, NULL, &reporting) < 0)
                return -ERR_GONE;
        /* Its resume steps over a breakpoint at its pc, as it would have. (task_take
         * gave s->step_trap the new thread's: the old one's was kept before.) */
        task_put(s, s->tid, s->pending_sig, !hit_to_come(s, s->tid), step_trap, s->sc_nr);
        set_current(s, tid);
        s->pending_sig = sig;
        /* The stop keeps its reason (why the process stopped); pc and thread are the
         * selected thread's, in the copy session_set_pc makes (the stop event holds the
         * one reported). */
        session_set_pc(s, regs.rip);
        if (s->stop) {
                json_object_set_new(s->stop, "thread", json_integer(tid));
                json_object_set_new(s->stop, "selected", json_true());
        }
        s->regs = regs;
        s->regs_valid = true;
        return 0;
}

json_t *session_threads_json(struct session *s)
{
        json_t *list = json_array(), *o;
        bool stopped = s->state == STATE_STOPPED;
        size_t i;

        if (!session_alive(s))
                return list;
        o = json_pack("{s:i,s:b,s:s}", "tid", (int)s->tid, "current", 1, "state",
                      stopped ? "stopped" : "running");
        if (stopped)
                json_object_set_new(o, "pc", jrpc_addr(s->pc));
        json_array_append_new(list, o);
        task_threads_json(s, list);
        json_array_foreach(list, i, o) {
                char name[64];
                uint64_t pc;

                if (tracee_thread_name((pid_t)json_integer_value(json_object_get(o, "tid")),
                                       name, sizeof(name)) == 0)
                        json_object_set_new(o, "name", json_string(name));
                /* Where it is, as gdb's `info threads` says: function and line. */
                if (jrpc_addr_parse(json_object_get(o, "pc"), &pc) == 0)
                        program_annotate_stop(s->program, pc, o);
        }
        return list;
}

/* ---- stops ------------------------------------------------------------------------ */

/* Signals passed to the program without stopping (`handle`; gdb's defaults). */
static bool pass_silently(const struct session *s, int sig);

static void inline_source(struct session *s);
static void announce_stop(struct session *s, bool drain);

unsigned long session_step_inline(struct session *s, unsigned long count)
{
        size_t hidden = program_inline_hidden(s->program);
        unsigned long n = count < hidden ? count : hidden;
        json_t *stop;

        if (s->state != STATE_STOPPED || n == 0)
                return 0;
        if (n < count) { /* the rest runs (plan_begin), from inside */
                program_set_inline_hidden(s->program, hidden - n);
                return n;
        }
        stop = json_deep_copy(s->stop);
        if (!stop)
                return 0;
        program_set_inline_hidden(s->program, hidden - n);
        json_object_set_new(stop, "reason", json_string("step"));
        json_decref(s->stop);
        s->stop = stop;
        s->reported = STOP_STEP;
        inline_source(s);
        announce_stop(s, false);
        return n;
}

void session_signal_seen(struct session *s, int sig)
{
        /* A new group-stop to come, or the end of the last one. */
        if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU ||
            sig == SIGCONT)
                s->group_told = false;
}

bool session_signal_reported(const struct session *s, int sig)
{
        return !pass_silently(s, sig);
}

bool session_signal_passes(const struct session *s, int sig)
{
        return sig < 1 || sig > 64 || !(s->sig_held >> (sig - 1) & 1);
}

bool session_signal_prints(const struct session *s, int sig)
{
        return sig >= 1 && sig <= 64 && !(s->sig_noprint >> (sig - 1) & 1);
}

bool session_signal_evented(const struct session *s, int sig)
{
        return s->trace_syscalls || session_signal_prints(s, sig);
}

/* gdb's `handle SIG [no]stop [no]pass [no]print`: one < 0 leaves that one as it is. The
 * handling of SIGKILL and SIGSTOP (the program cannot catch them) and SIGTRAP (breakpoints
 * and steps stop with it) is fixed: -EPERM, and ret_why says why. */
int session_signal_handle(struct session *s, int sig, int stop, int pass, int print,
                          const char **ret_why)
{
        uint64_t bit;

        if (sig < 1 || sig > 64)
                return -EINVAL;
        if (stop < 0 && pass < 0 && print < 0)
                return 0;
        if (sig == SIGKILL || sig == SIGSTOP || sig == SIGTRAP) {
                *ret_why = sig == SIGTRAP ? "breakpoints and steps stop with it"
                                          : "the program cannot catch it";
                return -EPERM;
        }
        bit = 1ull << (sig - 1);
        if (stop > 0) /* gdb: what stops is said */
                print = 1;
        if (print == 0)
                stop = 0;
        if (print >= 0)
                s->sig_noprint = print ? s->sig_noprint & ~bit : s->sig_noprint | bit;
        if (stop >= 0)
                s->sig_quiet = stop ? s->sig_quiet & ~bit : s->sig_quiet | bit;
        if (pass >= 0)
                s->sig_held = pass ? s->sig_held & ~bit : s->sig_held | bit;
        return 0;
}

static bool pass_silently(const struct session *s, int sig)
{
        return sig >= 1 && sig <= 64 && (s->sig_quiet >> (sig - 1) & 1);
}

static const char *si_code_name(int sig, int code)
{
        static const char *const segv[] = { NULL, "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR",
                                            "SEGV_PKUERR" };
        static const char *const bus[] = { NULL, "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR",
                                           "BUS_MCEERR_AR", "BUS_MCEERR_AO" };
        static const char *const ill[] = { NULL, "ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR",
                                           "ILL_ILLTRP", "ILL_PRVOPC", "ILL_PRVREG",
                                           "ILL_COPROC", "ILL_BADSTK" };
        static const char *const fpe[] = { NULL, "FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV",
                                           "FPE_FLTOVF", "FPE_FLTUND", "FPE_FLTRES",
                                           "FPE_FLTINV", "FPE_FLTSUB" };
        static const char *const trap[] = { NULL, "TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH",
                                            "TRAP_HWBKPT" };
        static const char *const sys[] = { NULL, "SYS_SECCOMP", "SYS_USER_DISPATCH" };
#define PICK(t) (code > 0 && (size_t)code < sizeof(t) / sizeof(t[0]) ? t[code] : NULL)
        switch (code) {
        case SI_USER:
                return "SI_USER";
        case SI_KERNEL:
                return "SI_KERNEL";
        case SI_QUEUE:
                return "SI_QUEUE";
        case SI_TKILL:
                return "SI_TKILL";
        case SI_TIMER:
                return "SI_TIMER";
        case SI_MESGQ:
                return "SI_MESGQ";
        case SI_ASYNCIO:
                return "SI_ASYNCIO";
        }
        switch (sig) {
        case SIGSEGV:
                return PICK(segv);
        case SIGBUS:
                return PICK(bus);
        case SIGILL:
                return PICK(ill);
        case SIGFPE:
                return PICK(fpe);
        case SIGTRAP:
                return PICK(trap);
        case SIGSYS:
                return PICK(sys);
        case SIGCHLD:
                return NULL;
        }
#undef PICK
        return NULL;
}

static bool has_fault_address(int sig)
{
        return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
               sig == SIGTRAP;
}

/* What a stop is known by. The registers are read only when something needs them
 * (stop_regs): a syscall stop's PTRACE_GET_SYSCALL_INFO has the pc, and the number at an
 * exit comes from its entry (see on_stop). */
struct stop_facts {
        long exit_nr;                   /* at a syscall exit, -1 if unknown */
        struct user_regs_struct regs;
        bool regs_read;                 /* GETREGS was tried */
        bool have_regs;
        siginfo_t si;
        bool have_si;
        struct __ptrace_syscall_info sc;
        bool have_sc;
        struct watch_hit watch;         /* STOP_WATCHPOINT */
        const char *text;               /* a syscall stop's, as strace prints it (sc_text) */
};

/* An i386 syscall: a 32-bit program's, or an `int 0x80` of a 64-bit one. */
static bool sc_i386(const struct __ptrace_syscall_info *sc)
{
        return sc->arch == AUDIT_ARCH_I386;
}

static json_t *syscall_json(const struct stop_facts *f, enum stop_kind kind)
{
        char name[64];
        json_t *o = json_object();
        bool i386 = f->have_sc && sc_i386(&f->sc);
        long nr;

        if (!f->have_sc)
                return o;
        if (i386)
                json_object_set_new(o, "abi", json_string("i386"));
        if (kind == STOP_SYSCALL_ENTRY) {
                json_t *args = json_array();
                bool sec = f->sc.op == PTRACE_SYSCALL_INFO_SECCOMP;

                nr = (long)(sec ? f->sc.seccomp.nr : f->sc.entry.nr);
                for (int i = 0; i < 6; i++)
                        json_array_append_new(args, jrpc_addr(sec ? f->sc.seccomp.args[i]
                                                                  : f->sc.entry.args[i]));
                json_object_set_new(o, "nr", json_integer(nr));
                json_object_set_new(o, "name",
                                    json_string(syscalls_name_abi(i386, nr, name, sizeof(name))));
                json_object_set_new(o, "args", args);
        } else {
                int64_t ret = f->sc.exit.rval;

                nr = f->exit_nr;
                json_object_set_new(o, "nr", json_integer(nr));
                json_object_set_new(o, "name",
                                    json_string(syscalls_name_abi(i386, nr, name, sizeof(name))));
                json_object_set_new(o, "ret", json_integer(ret));
                if (f->sc.exit.is_error && ret < 0 && dbgd_errno_name((int)-ret))
                        json_object_set_new(o, "error", json_string(dbgd_errno_name((int)-ret)));
        }
        if (f->text)
                json_object_set_new(o, "text", json_string(f->text));
        return o;
}

/* A SIGSYS of a seccomp filter's SECCOMP_RET_TRAP: the syscall it refused (number,
 * name, ABI), the address after its syscall instruction and the filter's data (the
 * low 16 bits of its return value, in si_errno), as gdb's $_siginfo._sifields._sigsys shows. */
static json_t *seccomp_json(const siginfo_t *si)
{
        bool i386 = si->si_arch == AUDIT_ARCH_I386;
        char name[64];
        json_t *o = json_pack("{s:i,s:s,s:o,s:i}", "nr", si->si_syscall, "name",
                              syscalls_name_abi(i386, si->si_syscall, name, sizeof(name)),
                              "call_address", jrpc_addr((uint64_t)(uintptr_t)si->si_call_addr),
                              "data", si->si_errno);

        if (i386)
                json_object_set_new(o, "abi", json_string("i386"));
        return o;
}

static json_t *signal_json(const struct stop_facts *f, int sig, bool group)
{
        const char *name = jrpc_signal_name(sig);
        json_t *o = json_pack("{s:i,s:s}", "number", sig, "name", name ? name : "unknown");

        if (group) {
                json_object_set_new(o, "group_stop", json_true());
                return o;
        }
        if (f->have_si) {
                const char *cn = si_code_name(sig, f->si.si_code);

                json_object_set_new(o, "code", json_integer(f->si.si_code));
                if (cn)
                        json_object_set_new(o, "code_name", json_string(cn));
                if (has_fault_address(sig) && f->si.si_code > 0 && f->si.si_code != SI_KERNEL)
                        json_object_set_new(o, "address",
                                            jrpc_addr((uint64_t)(uintptr_t)f->si.si_addr));
                if (f->si.si_code <= 0) /* sent by a process */
                        json_object_set_new(o, "sender_pid", json_integer(f->si.si_pid));
                if (sig == SIGSYS && f->si.si_code == 1) /* SYS_SECCOMP */
                        json_object_set_new(o, "seccomp", seccomp_json(&f->si));
        }
        return o;
}

static json_t *stop_json(uint64_t pc, enum stop_kind kind, const struct stop_facts *f,
                         const struct stop_out *out, int bp_id, bool entry)
{
        json_t *o = json_object();

        json_object_set_new(o, "reason", json_string(entry ? "entry" : stop_kind_name(kind)));
        json_object_set_new(o, "pc", jrpc_addr(pc));
        switch (kind) {
        case STOP_BREAKPOINT:
                if (!entry)
                        json_object_set_new(o, "breakpoint", json_integer(bp_id));
                break;
        case STOP_SYSCALL_ENTRY:
        case STOP_SYSCALL_EXIT:
                json_object_set_new(o, "syscall", syscall_json(f, kind));
                break;
        case STOP_SIGNAL:
        case STOP_GROUP:
                json_object_set_new(o, "signal", signal_json(f, out->sig, kind == STOP_GROUP));
                break;
        case STOP_EVENT:
                json_object_set_new(o, "event", json_integer(out->event));
                break;
        case STOP_WATCHPOINT:
                json_object_set_new(o, "watchpoint", json_integer(f->watch.id));
                if (f->watch.also[0]) {
                        /* the same access hit these too (each one's hits count it) */
                        json_t *all = json_array();

                        json_array_append_new(all, json_integer(f->watch.id));
                        for (int i = 0; i < WATCH_SLOTS - 1 && f->watch.also[i]; i++)
                                json_array_append_new(all, json_integer(f->watch.also[i]));
                        json_object_set_new(o, "watchpoints", all);
                }
                json_object_set_new(o, "address", jrpc_addr(f->watch.addr));
                json_object_set_new(o, "old", jrpc_addr(f->watch.old));
                json_object_set_new(o, "value", jrpc_addr(f->watch.value));
                break;
        default:
                break;
        }
        return o;
}

void session_thread_signal(struct session *s, pid_t tid, int sig, const siginfo_t *si,
                           uint64_t pc)
{
        struct stop_facts f = { .si = *si, .have_si = true };
        struct stop_out out = { .kind = STOP_SIGNAL, .sig = sig };
        json_t *stop = stop_json(pc, STOP_SIGNAL, &f, &out, 0, false);

        if (!stop)
                return;
        json_object_set_new(stop, "thread", json_integer(tid));
        program_on_thread_signal(s->program, tid, stop, &s->bps);
        program_crash_threads(s->program, NULL, 0); /* passed on: the others run on */
        json_decref(stop);
}

void session_child_crash(struct session *s, pid_t pid, pid_t tid, int sig,
                         const siginfo_t *si, uint64_t pc)
{
        struct stop_facts f = { .si = *si, .have_si = true };
        struct stop_out out = { .kind = STOP_SIGNAL, .sig = sig };
        json_t *stop, *rep;
        char path[64], exe[PATH_MAX];
        ssize_t n;

        if (!s->child_crashes && !(s->child_crashes = json_array()))
                return;
        if (json_array_size(s->child_crashes) >= CHILD_CRASHES_MAX) {
                s->child_crashes_omitted++;
                return;
        }
        stop = stop_json(pc, STOP_SIGNAL, &f, &out, 0, false);
        if (!stop)
                return;
        json_object_set_new(stop, "thread", json_integer(tid));
        rep = program_child_snapshot(pid, tid, stop);
        if (rep) {
                snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
                n = readlink(path, exe, sizeof(exe) - 1);
                json_object_set_new(rep, "pid", json_integer(pid));
                if (n > 0)
                        json_object_set_new(rep, "path", json_stringn(exe, (size_t)n));
                json_object_set_new(rep, "command_line", proc_args(pid, true));
                json_object_set(rep, "signal", json_object_get(stop, "signal"));
                json_object_set_new(rep, "exit_status", json_integer(128 + sig));
                json_array_append_new(s->child_crashes, rep);
        }
        json_decref(stop);
}

void session_signal_passed(struct session *s, pid_t pid, pid_t tid, int sig,
                           const siginfo_t *si, uint64_t pc)
{
        struct stop_facts f = { .have_si = si != NULL };
        struct event *e;

        if (!session_signal_evented(s, sig))
                return;
        if (si)
                f.si = *si;
        e = event_new(s, EV_SIGNAL, NULL);
        if (!e)
                return;
        e->data = signal_json(&f, sig, false);
        if (e->data && !session_signal_passes(s, sig)) /* handle nopass */
                json_object_set_new(e->data, "passed", json_false());
        e->pc = pc;
        e->pid = pid;
        e->thread = tid == (pid ? pid : s->pid) ? 0 : tid;
        event_publish(s);
}

static long syscall_nr(const struct stop_facts *f, enum stop_kind kind)
{
        if (kind == STOP_SYSCALL_EXIT)
                return f->exit_nr;
        if (!f->have_sc)
                return -1;
        return (long)(f->sc.op == PTRACE_SYSCALL_INFO_SECCOMP ? f->sc.seccomp.nr : f->sc.entry.nr);
}

/* ---- Syscalls in strace's words (sysfmt.h) ----
 * Each thread's last syscall stop has its text in a slot: at the entry the call, read
 * then (strings, structures the kernel reads), kept for the exit, which completes it
 * with what the kernel wrote and the result. Memory is read at the stop (the program
 * changes it afterwards), with process_vm_readv on the thread's tid. */
#define SC_TEXT_MAX 64

struct sc_text {
        pid_t tid;
        uint64_t used;                  /* sc_text_clock at its last use */
        struct sysfmt_call call;
        char name[64];
        size_t keep;                    /* sysfmt_entry's keep and from */
        int from;
        bool entered;                   /* buf has its entry's text */
        bool spawned;                   /* ... the spawn's execve's (sc_text_spawn) */
        char buf[SYSFMT_MAX];
};

static ssize_t sc_text_read(void *data, uint64_t addr, void *buf, size_t len)
{
        return tracee_mem_read(*(const pid_t *)data, addr, buf, len);
}

static int sc_text_nl_proto(void *data, int fd)
{
        return syscalls_netlink_protocol(*(const pid_t *)data, fd);
}

static struct sc_text *sc_text_slot(struct session *s, pid_t tid, bool add)
{
        struct sc_text *t = NULL, **v;

        for (size_t i = 0; i < s->n_sc_text; i++)
                if (s->sc_text[i]->tid == tid)
                        return s->sc_text[i];
        if (!add)
                return NULL;
        if (s->n_sc_text < SC_TEXT_MAX) {
                t = calloc(1, sizeof(*t));
                v = t ? realloc(s->sc_text, (s->n_sc_text + 1) * sizeof(*v)) : NULL;
                if (!v) {
                        free(t);
                        return NULL;
                }
                s->sc_text = v;
                s->sc_text[s->n_sc_text++] = t;
        } else { /* the thread that made no syscall for the longest time */
                t = s->sc_text[0];
                for (size_t i = 1; i < s->n_sc_text; i++)
                        if (s->sc_text[i]->used < t->used)
                                t = s->sc_text[i];
        }
        t->tid = tid;
        t->entered = false;
        t->spawned = false;
        t->buf[0] = '\0';
        return t;
}

/* The text of thread tid's syscall stop: the call at an entry, the whole line at an
 * exit. NULL for an exit whose entry was not seen. Valid until tid's next stop. */
static const char *sc_text(struct session *s, pid_t tid, enum stop_kind kind,
                           const struct stop_facts *f)
{
        struct sysfmt_mem m = { sc_text_read, &tid, sc_text_nl_proto, syscalls_ifname };
        long nr = syscall_nr(f, kind);
        struct sc_text *t;

        if (!f->have_sc || nr < 0)
                return NULL;
        t = sc_text_slot(s, tid, kind != STOP_SYSCALL_EXIT);
        if (!t)
                return NULL;
        t->used = ++s->sc_text_clock;
        if (kind == STOP_SYSCALL_EXIT) {
                if (!t->entered || t->call.nr != nr) {
                        t->buf[0] = '\0';
                        return NULL;
                }
                t->entered = false;
                sysfmt_exit(&t->call, f->sc.exit.rval, &m, t->buf, sizeof(t->buf), t->keep,
                            t->from);
                return t->buf;
        }
        /* a seccomp stop after the entry stop of the same call: the same entry */
        if (kind == STOP_SECCOMP && t->entered && t->call.nr == nr)
                return t->buf;
        t->call.nr = nr;
        t->call.i386 = sc_i386(&f->sc);
        t->call.name = syscalls_name_abi(t->call.i386, nr, t->name, sizeof(t->name));
        for (int a = 0; a < 6; a++)
                t->call.args[a] = f->sc.op == PTRACE_SYSCALL_INFO_SECCOMP ? f->sc.seccomp.args[a]
                                                                          : f->sc.entry.args[a];
        t->call.sp = f->sc.stack_pointer;
        sysfmt_entry(&t->call, &m, t->buf, sizeof(t->buf), &t->keep, &t->from);
        t->entered = true;
        return t->buf;
}

/* The spawn's own execve entered before dbgd's first stop, so no entry stop read its
 * arguments; dbgd gave them (exe, argv, envp), and the child passed execve the very
 * pointers dbgd holds: it shared dbgd's memory, or had a copy of it, until the exec
 * (tracee.c's start_child). So the entry's text is made here, from dbgd's own memory
 * (process_vm_readv on itself: the same reads as a tracee's, the envp pointer the one
 * the child passed), in the main thread's slot, the first one. Its exit, if `syscall`
 * or a syscall trace from the exec stop shows it, ends it as strace's first line. */
static void sc_text_spawn(struct session *s, const char *exe, char *const *argv,
                          char *const *envp)
{
        pid_t self = getpid();
        struct sysfmt_mem m = { sc_text_read, &self, NULL, syscalls_ifname };
        struct sc_text *t = sc_text_slot(s, s->pid, true);

        if (!t)
                return; /* out of memory: no text at that exit, as for any other */
        t->call = (struct sysfmt_call){
                .nr = SYS_execve,
                .args = { (uintptr_t)exe, (uintptr_t)argv, (uintptr_t)envp },
        };
        t->call.name = syscalls_name_abi(false, SYS_execve, t->name, sizeof(t->name));
        sysfmt_entry(&t->call, &m, t->buf, sizeof(t->buf), &t->keep, &t->from);
        t->entered = true;
        t->spawned = true;
}

/* The text sc_text made at thread tid's last syscall stop, or NULL. */
static const char *sc_text_last(struct session *s, pid_t tid)
{
        struct sc_text *t = sc_text_slot(s, tid, false);

        return t && t->buf[0] ? t->buf : NULL;
}

/* Record r, about to be overwritten in the ring: when it is its thread's last one
 * there, keep it in sc_kept (in place of that thread's older one). Returns whether it
 * did (r's text is the kept one's then). */
static bool keep_pushed_out(struct session *s, const struct syscall_rec *r)
{
        struct syscall_rec *slot = NULL;
        uint64_t oldest = UINT64_MAX;

        for (uint64_t i = 0; i < SYSCALL_LOG_MAX; i++)
                if (&s->sc_log[i] != r && s->sc_log[i].tid == r->tid)
                        return false;
        for (size_t k = 0; k < s->n_kept && !slot; k++)
                if (s->sc_kept[k].tid == r->tid)
                        slot = &s->sc_kept[k];
        if (!slot && !s->sc_kept &&
            !(s->sc_kept = calloc(SYSCALL_KEPT_MAX, sizeof(*s->sc_kept))))
                return false;
        if (!slot && s->n_kept < SYSCALL_KEPT_MAX)
                slot = &s->sc_kept[s->n_kept++];
        if (!slot) { /* full: the oldest goes */
                for (size_t k = 0; k < s->n_kept; k++) {
                        if (s->sc_kept[k].seq < oldest) {
                                oldest = s->sc_kept[k].seq;
                                slot = &s->sc_kept[k];
                        }
                }
        }
        free(slot->text);
        *slot = *r;
        return true;
}

/* Keep the last SYSCALL_LOG_MAX syscalls: an entry adds a record, its exit completes it
 * (the latest open record of the same thread: threads interleave). A seccomp stop that
 * follows the entry stop of the same syscall adds nothing. */
static void log_syscall(struct session *s, pid_t pid, pid_t tid, enum stop_kind kind,
                        const struct stop_facts *f)
{
        struct syscall_rec *open = NULL, *r;
        long nr = syscall_nr(f, kind);
        bool in_ring = false;

        for (uint64_t i = s->sc_count; i > 0 && s->sc_count - i < SYSCALL_LOG_MAX; i--) {
                r = &s->sc_log[(i - 1) % SYSCALL_LOG_MAX];
                if (r->tid == tid) {
                        in_ring = true;
                        if (!r->done && r->nr == nr)
                                open = r;
                        break;
                }
        }
        /* None in the ring: its kept one, pushed out while it waited in the syscall. */
        for (size_t k = 0; !in_ring && k < s->n_kept; k++)
                if (s->sc_kept[k].tid == tid && !s->sc_kept[k].done && s->sc_kept[k].nr == nr)
                        open = &s->sc_kept[k];
        if (kind == STOP_SYSCALL_EXIT) {
                if (open && f->have_sc) {
                        open->ret = f->sc.exit.rval;
                        open->done = true;
                        if (f->text) {
                                free(open->text);
                                open->text = strdup(f->text);
                        }
                }
                return;
        }
        if (kind == STOP_SECCOMP && open)
                return;
        if (!s->sc_log && !(s->sc_log = calloc(SYSCALL_LOG_MAX, sizeof(*s->sc_log))))
                return;
        r = &s->sc_log[s->sc_count % SYSCALL_LOG_MAX];
        if (!(s->sc_count >= SYSCALL_LOG_MAX && r->tid != tid && keep_pushed_out(s, r)))
                free(r->text);
        memset(r, 0, sizeof(*r));
        r->text = f->text ? strdup(f->text) : NULL;
        r->seq = s->sc_count++;
        r->nr = nr;
        r->tid = tid;
        r->pid = pid;
        r->i386 = f->have_sc && sc_i386(&f->sc);
        if (f->have_sc)
                for (int a = 0; a < 6; a++)
                        r->args[a] = f->sc.op == PTRACE_SYSCALL_INFO_SECCOMP ? f->sc.seccomp.args[a]
                                                                             : f->sc.entry.args[a];
}

/* A stop after the spawn's exec stop: the execve's exit is the first one or never
 * comes (a `cont` or a step from the exec stop runs past it), and the entry made
 * there must not complete a later execve's exit whose entry dbgd did not see (the
 * program's own exec, resumed from its exec event with `syscall`). At its exit, the
 * record (record_syscalls) gets the entry it missed, so that it starts as strace's
 * log does; an exec stop run past leaves no record, as it leaves no text. */
static void sc_text_spawn_end(struct session *s, enum stop_kind kind,
                              const struct stop_facts *f)
{
        struct sc_text *t = s->n_sc_text ? s->sc_text[0] : NULL;
        struct stop_facts e = { .exit_nr = -1, .have_sc = true };

        if (!t || !t->spawned)
                return;
        t->spawned = false;
        if (kind != STOP_SYSCALL_EXIT || syscall_nr(f, kind) != SYS_execve) {
                t->entered = false;
                return;
        }
        if (!s->record_syscalls)
                return;
        e.sc.op = PTRACE_SYSCALL_INFO_ENTRY;
        e.sc.entry.nr = SYS_execve;
        memcpy(e.sc.entry.args, t->call.args, sizeof(e.sc.entry.args));
        e.text = t->buf;
        log_syscall(s, 0, s->pid, STOP_SYSCALL_ENTRY, &e);
}

/* `cont` with trace_syscalls: each wanted syscall entry and exit becomes an event. A
 * seccomp stop is the entry only when it stands in for the entry stop. */
static void trace_event(struct session *s, pid_t pid, pid_t tid, enum stop_kind kind,
                        const struct stop_facts *f, uint64_t pc)
{
        struct event *e;

        if (kind == STOP_SECCOMP && !s->seccomp_entries)
                return;
        if (kind != STOP_SYSCALL_ENTRY && kind != STOP_SYSCALL_EXIT && kind != STOP_SECCOMP)
                return;
        /* Filled before it is told: a long-poll it wakes reads it at once. */
        e = event_new(s, kind == STOP_SYSCALL_EXIT ? EV_SYSCALL_EXIT : EV_SYSCALL_ENTRY, NULL);
        if (!e)
                return;
        e->nr = syscall_nr(f, kind);
        e->pc = pc;
        e->i386 = f->have_sc && sc_i386(&f->sc);
        e->pid = pid;
        e->thread = tid == (pid ? pid : s->pid) ? 0 : tid;
        e->text = f->text ? strdup(f->text) : NULL;
        if (kind == STOP_SYSCALL_EXIT) {
                e->ret = f->have_sc ? f->sc.exit.rval : 0;
        } else if (f->have_sc) {
                for (int i = 0; i < 6; i++)
                        e->args[i] = f->sc.op == PTRACE_SYSCALL_INFO_SECCOMP ? f->sc.seccomp.args[i]
                                                                             : f->sc.entry.args[i];
        }
        event_publish(s);
}

bool session_traces_syscalls(const struct session *s)
{
        return s->intent == INTENT_SYSCALL || s->trace_syscalls || s->record_syscalls;
}

/* Is syscall nr (its ABI from sc) in the names of the pending `syscall` call? The names
 * are x86-64 numbers: an i386 syscall is looked up by its name. */
static bool names_in(const struct session *s, bool active,
                     const struct __ptrace_syscall_info *sc, long nr)
{
        if (!active)
                return true;
        if (sc_i386(sc)) {
                if (nr_in(s->want_i386, nr))
                        return true; /* named by its i386 name (waitpid) */
                nr = syscalls_x86_64_of_i386(nr);
        }
        return nr_in(s->want_nr, nr);
}

static bool names_want(const struct session *s, const struct __ptrace_syscall_info *sc,
                       long nr)
{
        return names_in(s, s->names_active, sc, nr);
}

bool session_syscall_wanted(const struct session *s, const struct __ptrace_syscall_info *sc,
                            long exit_nr)
{
        return names_want(s, sc, sc->op == PTRACE_SYSCALL_INFO_EXIT ? exit_nr
                                                                    : (long)sc->entry.nr);
}

int session_interrupt(struct session *s, pid_t tid)
{
        size_t i;

        for (i = 0; i < s->n_intr && s->intr[i] != tid; i++)
                ;
        if (i == s->n_intr) {
                if (s->n_intr == s->cap_intr) {
                        size_t cap = s->cap_intr ? 2 * s->cap_intr : 8;
                        pid_t *v = realloc(s->intr, cap * sizeof(*v));

                        if (v) {
                                s->intr = v;
                                s->cap_intr = cap;
                        }
                }
                if (s->n_intr < s->cap_intr)
                        s->intr[s->n_intr++] = tid;
        }
        return ptrace_interrupt(tid);
}

void session_interrupt_seen(struct session *s, pid_t tid)
{
        for (size_t i = 0; i < s->n_intr; i++) {
                if (s->intr[i] == tid) {
                        s->intr[i] = s->intr[--s->n_intr];
                        return;
                }
        }
}

static bool interrupt_pending(const struct session *s, pid_t tid)
{
        for (size_t i = 0; i < s->n_intr; i++)
                if (s->intr[i] == tid)
                        return true;
        return false;
}

bool session_syscall_ours(struct session *s, pid_t tid, const struct __ptrace_syscall_info *sc,
                          long exit_nr, bool stopping, long *ret_nr)
{
        const size_t n = sizeof(s->restarts) / sizeof(s->restarts[0]);

        stopping = stopping || interrupt_pending(s, tid);
        if (sc->op == PTRACE_SYSCALL_INFO_EXIT) {
                if (!stopping || exit_nr < 0 || !restart_code(sc->exit.rval))
                        return false;
                for (size_t i = 0; i < n; i++) {
                        if (!s->restarts[i].tid || s->restarts[i].tid == tid) {
                                s->restarts[i].tid = tid;
                                s->restarts[i].nr = exit_nr;
                                return true;
                        }
                }
                return false; /* more than n at once: shown as they are */
        }
        if (sc->op != PTRACE_SYSCALL_INFO_ENTRY && sc->op != PTRACE_SYSCALL_INFO_SECCOMP)
                return false;
        for (size_t i = 0; i < n; i++) {
                if (s->restarts[i].tid == tid) {
                        long nr = sc->op == PTRACE_SYSCALL_INFO_ENTRY ? (long)sc->entry.nr
                                                                      : (long)sc->seccomp.nr;

                        s->restarts[i].tid = 0;
                        if (nr != s->restarts[i].nr && nr != SYS_restart_syscall)
                                return false;
                        *ret_nr = s->restarts[i].nr;
                        return true;
                }
        }
        return false;
}

bool session_thread_syscall(struct session *s, pid_t tid,
                            const struct __ptrace_syscall_info *sc, long exit_nr, bool late)
{
        struct stop_facts f = { .exit_nr = exit_nr, .sc = *sc, .have_sc = true };
        enum stop_kind kind = sc->op == PTRACE_SYSCALL_INFO_EXIT ? STOP_SYSCALL_EXIT
                                                                 : STOP_SYSCALL_ENTRY;
        bool wanted;

        /* An exit without its entry (a new thread's return from clone3) is not one. */
        if ((sc->op != PTRACE_SYSCALL_INFO_ENTRY && sc->op != PTRACE_SYSCALL_INFO_EXIT) ||
            (kind == STOP_SYSCALL_EXIT && exit_nr < 0))
                return false;
        /* A thread still stopping after the process stopped: its stop is the ended
         * run's, traced as that one wanted (or it would be lost, an entry then with no
         * exit or an exit with no entry). */
        late = late && s->state == STATE_STOPPED;
        wanted = late ? names_in(s, s->names_late, sc, syscall_nr(&f, kind))
                      : names_want(s, sc, syscall_nr(&f, kind));
        if (wanted || s->record_syscalls)
                f.text = sc_text(s, tid, kind, &f);
        log_syscall(s, 0, tid, kind, &f);
        if ((late ? s->trace_late : s->trace_syscalls) && wanted)
                trace_event(s, 0, tid, kind, &f, sc->instruction_pointer);
        return true;
}

bool session_child_traces(const struct session *s)
{
        return s->trace_syscalls || s->record_syscalls;
}

bool session_child_syscall(struct session *s, pid_t pid, pid_t tid,
                           const struct __ptrace_syscall_info *sc, long exit_nr)
{
        struct stop_facts f = { .exit_nr = exit_nr, .sc = *sc, .have_sc = true };
        enum stop_kind kind = sc->op == PTRACE_SYSCALL_INFO_EXIT ? STOP_SYSCALL_EXIT
                                                                 : STOP_SYSCALL_ENTRY;

        /* A new child's first stop is the exit of the fork that made it: no entry. */
        if ((sc->op != PTRACE_SYSCALL_INFO_ENTRY && sc->op != PTRACE_SYSCALL_INFO_EXIT) ||
            (kind == STOP_SYSCALL_EXIT && exit_nr < 0))
                return false;
        if (s->record_syscalls || names_want(s, sc, syscall_nr(&f, kind)))
                f.text = sc_text(s, tid, kind, &f);
        log_syscall(s, pid, tid, kind, &f);
        if (s->trace_syscalls && names_want(s, sc, syscall_nr(&f, kind)))
                trace_event(s, pid, tid, kind, &f, sc->instruction_pointer);
        return true;
}

struct cond_facts {
        struct session *s;
        pid_t tid;
        const struct user_regs_struct *regs;
};

static int cond_reg(void *data, const char *name, uint64_t *ret)
{
        const struct cond_facts *cf = data;
        const struct regs_name *n = regs_find(name);

        if (!n)
                return -EINVAL;
        *ret = regs_get(cf->regs, n);
        return 0;
}

static int cond_mem(void *data, uint64_t addr, void *buf, size_t len)
{
        const struct cond_facts *cf = data;

        if (tracee_mem_read(session_mem_pid(cf->s), addr, buf, len) != (ssize_t)len)
                return -EFAULT;
        bp_shadow(&cf->s->bps, addr, buf, len);
        return 0;
}

/* A condition over the program's variables: the thread's frame 0 is where it is
 * evaluated (program_cond); its error is what the stop's condition_error says. */
static int cond_source_eval(void *data, const char *text)
{
        const struct cond_facts *cf = data;
        int r;

        /* The module table stays as the last stop left it (no program_ran): the hit is
         * in a module it has, where the breakpoint was placed; re-reading the maps at
         * each hit would double its cost. */
        if (!cf->s->program)
                return -ENOMEM;
        r = program_cond(cf->s->program, cf->tid, cf->regs, text, cf->s->cond_why,
                         sizeof(cf->s->cond_why));
        return r < 0 ? -EINVAL : r;
}

/* A condition that cannot be evaluated stops (*ret_cond_error), so the user sees why. A
 * logged hit of another thread than the main one says which. */
static bool user_wants_stop(struct session *s, pid_t tid, struct breakpoint *b,
                            const struct user_regs_struct *regs, bool *ret_cond_error);

bool session_bp_wants_stop(struct session *s, pid_t tid, struct breakpoint *b,
                           const struct user_regs_struct *regs, bool *ret_cond_error)
{
        bool plan = plan_wants_hit(s, tid, b, regs);

        *ret_cond_error = false;
        if (s->plan.bp && s->plan.bp_owned && b->addr == s->plan.bp_addr)
                return plan; /* the step's own breakpoint: only its hit counts */
        if (plan_return_from_signal(s))
                return true; /* back where the signal came: no new hit of b */
        if (user_wants_stop(s, tid, b, regs, ret_cond_error)) {
                s->plan.hit = false; /* the user's breakpoint wins, as in gdb */
                return true;
        }
        return plan;
}

/* The hit of breakpoint b by thread tid: does its condition hold, its ignore count run
 * out, and is it not a log-only one? Counts the hit, logs it. */
static bool user_wants_stop(struct session *s, pid_t tid, struct breakpoint *b,
                            const struct user_regs_struct *regs, bool *ret_cond_error)
{
        struct cond_facts cf = { .s = s, .tid = tid, .regs = regs };
        struct cond_env env = { .reg = cond_reg, .mem = cond_mem, .source = cond_source_eval,
                                .data = &cf };

        *ret_cond_error = false;
        if (b->disabled) /* armed for a step or finish there: not a hit of the user's */
                return false;
        if (b->cond) {
                int r = cond_eval(b->cond, &env);

                if (r < 0) {
                        /* (a condition over variables said why in cond_why) */
                        if (!cond_is_source(b->cond))
                                snprintf(s->cond_why, sizeof(s->cond_why),
                                         "unreadable memory");
                        /* as gdb: a hit like one whose condition held, the ignore count
                         * used up first */
                        b->hits++;
                        if (b->hits <= b->ignore)
                                return false;
                        *ret_cond_error = true;
                        return true;
                }
                if (r == 0)
                        return false;
        }
        b->hits++;
        if (b->hits <= b->ignore)
                return false;
        if (b->log) {
                json_t *e = json_pack("{s:I,s:o}", "hit", (json_int_t)b->hits, "pc",
                                      jrpc_addr(regs->rip));
                json_t *rv = json_object(), *v;
                size_t i;

                json_array_foreach(b->log_regs, i, v) {
                        const struct regs_name *n = regs_find(json_string_value(v));
                        if (n)
                                json_object_set_new(rv, json_string_value(v),
                                                    jrpc_addr(regs_get(regs, n)));
                }
                json_object_set_new(e, "regs", rv);
                if (tid != s->pid)
                        json_object_set_new(e, "thread", json_integer(tid));
                if (json_array_size(b->log_entries) >= BP_LOG_MAX) {
                        json_array_remove(b->log_entries, 0);
                        b->log_dropped++;
                }
                json_array_append_new(b->log_entries, e);
                return false;
        }
        return true;
}

static void report_end(struct session *s, const struct stop_out *out)
{
        synth_unqueue(s);
        s->displaced.active = false;
        plan_end(s);
        task_forget(s, false);
        s->state = out->state;
        s->exit_code = out->exit_code;
        s->term_sig = out->sig;
        s->core_dumped = out->core_dumped;
        s->seq++;
        json_decref(s->stop);
        s->stop = NULL;
        /* The breakpoints stay listed with their hits; there is no code left to patch. */
        for (struct breakpoint *b = s->bps.list; b; b = b->next)
                b->armed = false;
        if (s->memfd >= 0) {
                close(s->memfd);
                s->memfd = -1;
        }
        close_stdin(s);
        program_invalidate(s->program); /* keeps the crash snapshot for `report` */
        drain_outputs(s);
        event_push(s, EV_END, session_status_json(s));
        waiters_wake(s, 0);
}

/* After the first exec stop: carry out spawn's `stop` option. Returns true when the
 * stop is to be reported now. */
static bool spawn_continue(struct session *s)
{
        struct breakpoint *b;
        struct bp_mem m = session_bp_mem(s);
        uint64_t entry;
        char why[256];

        switch (s->spawn_stop) {
        case SPAWN_STOP_NONE:
                s->spawn_stop = SPAWN_STOP_EXEC;
                if (session_resume(s, INTENT_CONT, 0, 0) < 0)
                        return true;
                waiters_wake(s, 0); /* spawn answers: running */
                return false;
        case SPAWN_STOP_ENTRY:
        case SPAWN_STOP_MAIN:
                /* main: the executable is mapped at its final base at the exec stop; a
                 * program without a `main` symbol stops at its entry point instead. */
                if ((s->spawn_stop != SPAWN_STOP_MAIN ||
                     program_resolve_break(s->program, "main", &entry, why, sizeof(why)) < 0) &&
                    tracee_entry_point(s->pid, &entry) < 0)
                        return true;
                if (entry == s->pc) {
                        /* A static program's exec stop is at its entry point already: a
                         * breakpoint there would be stepped over, never hit. */
                        json_object_set_new(s->stop, "reason", json_string("entry"));
                        return true;
                }
                if (bp_insert(&s->bps, &m, entry, true, true, &b) < 0)
                        return true; /* report the exec stop rather than run away */
                return session_resume(s, INTENT_CONT, 0, 0) < 0;
        case SPAWN_STOP_EXEC:
                break;
        }
        return true;
}

/* The registers at this stop, read once, on first need. */
static bool stop_regs(struct session *s, struct stop_facts *f)
{
        if (!f->regs_read) {
                f->regs_read = true;
                f->have_regs = ptrace_getregs(s->tid, &f->regs) == 0;
        }
        return f->have_regs;
}

/* Where the stop is: from the syscall info when there is one, else the registers. */
static uint64_t stop_pc(struct session *s, struct stop_facts *f)
{
        if (f->have_regs)
                return f->regs.rip;
        if (f->have_sc && f->sc.op != PTRACE_SYSCALL_INFO_NONE)
                return f->sc.instruction_pointer;
        return stop_regs(s, f) ? f->regs.rip : s->pc;
}

/* A signal passed on without a report (pass_silently: SIGALRM, SIGPROF...) that will end
 * the process, having no handler: the crash snapshot a reported one would get, so that
 * a program killed by its own watchdog alarm() still says where it was. */
static void snapshot_passed_signal(struct session *s, struct stop_facts *f,
                                   const struct stop_out *out)
{
        json_t *stop;

        if (!session_signal_ends_process(s, out->sig))
                return;
        /* Not s->pc: a silent resume leaves the last report's pc there. */
        stop = stop_json(stop_pc(s, f), STOP_SIGNAL, f, out, 0, false);
        program_on_stop(s->program, stop, &s->bps, f->have_regs ? f->regs.rsp : 0);
        program_crash_threads(s->program, NULL, 0); /* the others run on */
        json_decref(stop);
}

/* ---- threads: the current one, and the stops of the others ---------------------- */

/* A line step stopped where inlined functions begin, program_inline_hidden of them not
 * entered: the stop is shown at the line the outermost of those was called from, as
 * gdb shows it; with none hidden, at the line table's line. */
static void inline_source(struct session *s)
{
        size_t hidden = program_inline_hidden(s->program);
        const char *file = NULL;
        int line = 0;
        struct src_row row;

        if (hidden > 0) {
                program_inline_starting(s->program, s->pc, hidden, &file, &line);
        } else if (program_line_at(s->program, s->pc, &row) == 0) {
                file = row.file;
                line = row.line;
        }
        if (file && line > 0)
                json_object_set_new(s->stop, "source", json_pack("{s:s,s:i}", "file", file,
                                                                 "line", line));
}

/* The current thread stopped, or a thread ended: the state becomes "stopped" for the
 * clients (announce_stop tells them), and every other thread stops too. */
static void set_stopped(struct session *s, enum stop_kind report, struct stop_facts *f,
                        const struct stop_out *out, int bp_id, bool entry, bool cond_error)
{
        plan_end(s);
        if (report == STOP_GROUP)
                s->group_told = true;
        s->trace_late = s->trace_syscalls;
        s->names_late = s->names_active;
        s->names_active = false;
        s->trace_syscalls = false;
        s->state = STATE_STOPPED;
        s->reported = report;
        s->intent = INTENT_NONE;
        s->steps_left = 0;
        s->pause_requested = false;
        /* (a `handle nopass` signal waits for `cont`'s `signal` to deliver it) */
        s->pending_sig = out->kind == STOP_SIGNAL && session_signal_passes(s, out->sig)
                                 ? out->sig : 0;
        s->others_run = false;
        task_stop_all(s);
        json_decref(s->stop);
        s->stop = stop_json(s->pc, report, f, out, bp_id, entry);
        json_object_set_new(s->stop, "thread", json_integer(s->tid));
        if (s->thread_exited) {
                json_object_set_new(s->stop, "thread_exited", json_integer(s->thread_exited));
                s->thread_exited = 0;
        }
        program_on_stop(s->program, s->stop, &s->bps, f->have_regs ? f->regs.rsp : 0);
        if (program_inline_hidden(s->program) > 0)
                inline_source(s);
        if (cond_error)
                json_object_set_new(s->stop, "condition_error",
                                    json_sprintf("the condition could not be evaluated: %s",
                                                 s->cond_why));
}

/* How long a stop waits to be told for the other threads' stops (task_await_stopped):
 * microseconds as a rule, but on 2 busy CPUs a sweep saw 76 ms for 6 spinning
 * threads, which must be given a CPU to stop. dbgd serves nothing meanwhile. */
#define STOP_ALL_NS 200000000ULL

/* Threads whose stacks a crash report shows besides the current one's. */
#define REPORT_THREADS 16

static void announce_stop(struct session *s, bool drain)
{
        pid_t tids[REPORT_THREADS];

        if (task_await_stopped(s, loop_now_ns() + STOP_ALL_NS)) {
                program_crash_threads(s->program, NULL, 0);
                /* The process exec'd or ended as its threads stopped: that is the news,
                 * not a stop of a thread that is gone. Until the reaper tells it (next),
                 * the process runs, as far as anyone asking can tell. */
                s->state = STATE_RUNNING;
                s->pending_sig = 0;
                reaper_kick();
                return;
        }
        /* A crash snapshot taken at this stop gets the other threads' stacks, now
         * that they have stopped (gdb's `thread apply all bt`). */
        program_crash_threads(s->program, tids, task_stopped_threads(s, tids, REPORT_THREADS));
        s->seq++;
        /* Output written before the stop is read before it is reported. */
        if (drain)
                drain_outputs(s);
        /* The stop object is never changed once reported (session_set_pc copies it),
         * so the event shares it. */
        event_push(s, EV_STOP, session_status_json(s));
        waiters_wake(s, 0);
}

/* Thread tid becomes the current thread: what the state machine knew of the last one
 * goes with it. */
static void set_current(struct session *s, pid_t tid)
{
        s->tid = tid;
        /* A thread task.c handed over in a syscall (its exit to come) keeps its number. */
        s->sc_nr = s->handed_tid == tid ? s->handed_sc_nr : -1;
        s->handed_tid = 0;
        s->focus_dr_gen = 0; /* its debug registers are not known: set them again */
        s->regs_valid = false;
        s->stepping_over = false;
        s->n_xpages = 0;
        program_set_thread(s->program, tid);
}

/* The reporter (session_thread_report) becomes the current thread, and its stop is the
 * one reported: *f, *out, *report, *bp_id, *entry and *cond_error are set to it. The
 * current thread joins the others, stopped; as the state machine would, it steps over a
 * breakpoint at its pc when it resumes (one it hit, or was stepping over, or was about
 * to run out of line). */
static void take_reporter(struct session *s, struct stop_facts *f,
                          struct stop_out *out, enum stop_kind *report, int *bp_id,
                          bool *entry, bool *cond_error)
{
        pid_t tid = s->reporter;
        bool step_trap = s->step_trap;
        /* A signal this thread met while stopping, passed without a report: it goes
         * with the thread, delivered when it resumes. */
        int held = out->kind == STOP_SIGNAL ? out->sig : 0;
        struct task_report r;
        struct breakpoint *b;
        bool reporting;
        int sig;

        s->reporter = 0;
        if (task_take(s, tid, &sig, &r, &reporting) < 0)
                return; /* gone meanwhile: the interrupt is the report */
        if (!reporting) { /* no stop to report after all: it stays one of the others */
                task_put(s, tid, sig, false, s->step_trap, -1);
                s->step_trap = step_trap;
                return;
        }
        /* A syscall stop's report carries no registers (task.c reads only the syscall
         * info at each stop): they are read now, for its pc and its `regs`. */
        if (r.syscall && ptrace_getregs(tid, &r.regs) < 0)
                r.regs.rip = r.sc.instruction_pointer;
        /* task_take gave s->step_trap the reporter's: the old thread's was kept. */
        /* The old current thread steps over a breakpoint at its pc when it resumes,
         * unless it is there uncounted (its hit still to come: it runs into it) */
        if (s->tid != s->pid || !main_left(s))
                task_put(s, s->tid, held, !hit_to_come(s, s->tid),
                         step_trap || s->resumed == RESUME_STEP, s->sc_nr);
        set_current(s, tid);
        *f = (struct stop_facts){ .exit_nr = -1, .regs = r.regs, .regs_read = true,
                                  .have_regs = true, .si = r.si, .have_si = r.have_si };
        *out = (struct stop_out){ .state = STATE_STOPPED };
        *bp_id = 0;
        *entry = false;
        *cond_error = r.cond_error;
        if (r.watch.id) {
                f->watch = r.watch;
                out->kind = *report = STOP_WATCHPOINT;
        } else if (r.syscall) {
                bool entry_stop = r.sc.op == PTRACE_SYSCALL_INFO_ENTRY;

                f->sc = r.sc;
                f->have_sc = true;
                f->exit_nr = r.exit_nr;
                f->text = sc_text_last(s, tid); /* made when it stopped */
                out->kind = *report = entry_stop ? STOP_SYSCALL_ENTRY : STOP_SYSCALL_EXIT;
                /* Its exit, when the state machine sees it, has this number. */
                s->sc_nr = entry_stop ? (long)r.sc.entry.nr : -1;
                /* It stopped at the entry under PTRACE_SYSCALL: its seccomp stop, if the
                 * filter traps it, is still to come and is no second entry; resume it
                 * with PTRACE_SYSCALL for its exit. */
                s->want_exit = entry_stop;
        } else if (r.sig) {
                out->kind = *report = STOP_SIGNAL;
                out->sig = r.sig;
        } else {
                out->kind = *report = STOP_BREAKPOINT;
                b = bp_find_addr(&s->bps, r.regs.rip);
                if (b) {
                        struct bp_mem m = session_bp_mem(s);

                        *bp_id = b->id;
                        if (b->temporary)
                                bp_remove_hit(&s->bps, &m, b);
                }
        }
        s->pc = r.regs.rip;
        s->regs = r.regs;
        s->regs_valid = true;
}

/* Report the reporter's stop now: the current thread cannot be stopped (it has left). */
static void report_reporter(struct session *s)
{
        struct stop_facts f = { 0 };
        /* No stop of the current thread's: it holds only the signal its next resume
         * was to deliver. */
        struct stop_out out = { .kind = s->pending_sig ? STOP_SIGNAL : STOP_INTERRUPT,
                                .sig = s->pending_sig };
        enum stop_kind report = STOP_INTERRUPT;
        int bp_id = 0;
        bool entry = false, cond_error = false;

        synth_unqueue(s);
        take_reporter(s, &f, &out, &report, &bp_id, &entry, &cond_error);
        if (report == STOP_INTERRUPT)
                return; /* the reporter went too: nothing to report */
        set_stopped(s, report, &f, &out, bp_id, entry, cond_error);
        announce_stop(s, true);
}

bool session_thread_report(struct session *s, pid_t tid)
{
        int r;

        if (s->state != STATE_RUNNING || !s->others_run || s->reporter)
                return false;
        s->reporter = tid;
        task_stop_all(s);
        r = s->tid == s->pid && main_left(s) ? -ESRCH : session_interrupt(s, s->tid);
        if (r < 0) {
                report_reporter(s);
                return true;
        }
        s->pause_requested = true;
        return true;
}

/* The current thread has ended, or has left (a main thread's pthread_exit), while the
 * process goes on: another thread becomes the current one. A stopped one is reported
 * (the step was of the thread that ended); a running one is taken over as it runs, and
 * interrupted so that its next resume is the state machine's. */
static void current_left(struct session *s)
{
        pid_t tid = 0, left = s->tid;
        uint64_t stepover;
        bool running;
        int sig;

        session_displace_abandon(s, left); /* it ended running out of line */
        if (s->stepping_over) {
                struct breakpoint *b = bp_find_addr(&s->bps, s->stepover_addr);
                struct bp_mem m = session_bp_mem(s);

                if (b)
                        bp_step_end(&m, b);
                s->stepping_over = false;
        }
        synth_unqueue(s);
        if (s->reporter && !s->dying) {
                report_reporter(s);
                return;
        }
        if (left != s->pid && task_is_thread(s, s->pid, &running) && !main_left(s))
                tid = s->pid;
        else
                tid = task_any_thread(s, left);
        if (!tid)
                return; /* the process is ending: its exit comes */
        if (task_take_running(s, tid, &running, &sig, &stepover) < 0)
                return;
        set_current(s, tid);
        if (s->state != STATE_RUNNING || s->dying) {
                /* Killed: the process goes, its end comes. */
                s->pending_sig = sig;
                return;
        }
        if (!running) {
                struct stop_facts f = { .exit_nr = -1 };
                struct stop_out out = { .kind = STOP_INTERRUPT, .state = STATE_STOPPED };

                stop_regs(s, &f);
                s->pc = f.have_regs ? f.regs.rip : s->pc;
                s->regs = f.regs;
                s->regs_valid = f.have_regs;
                s->thread_exited = left;
                set_stopped(s, STOP_INTERRUPT, &f, &out, 0, false, false);
                s->pending_sig = sig;
                announce_stop(s, true);
                return;
        }
        /* A step of the thread that ended (over its exit syscall, the others running)
         * ends here too: the interrupt's stop is reported. */
        if (s->intent == INTENT_STEP) {
                s->pause_requested = true;
                s->thread_exited = left;
        }
        /* It was resumed by task.c with PTRACE_CONT (or a step over a breakpoint); its
         * interrupt's stop resumes it as the intent asks (a stale interrupt), unless a
         * pause is pending. */
        s->resumed = stepover ? RESUME_STEP : RESUME_CONT;
        s->stepping_over = stepover != 0;
        s->stepover_addr = stepover;
        session_interrupt(s, tid);
}

/* A syscall exit that our interrupt made (the call will be restarted, -ERESTART*): for
 * a thread waiting in a syscall under PTRACE_SYSCALL, that is its interrupt's stop. */
static bool interrupted_syscall(const struct stop_facts *f, enum stop_kind report)
{
        return report == STOP_SYSCALL_EXIT && f->have_sc && restart_code(f->sc.exit.rval);
}

/* ---- the state machine's driver --------------------------------------------------- */

/* known: the facts of a step done in dbgd (session_synth_deliver), else NULL. */
static void on_stop(struct session *s, int status, const struct stop_facts *known)
{
        struct stop_facts f = known ? *known : (struct stop_facts){ 0 };
        struct stop_in in = { .resumed = s->resumed, .status = status,
                              .group_told = s->group_told };
        struct stop_out out;
        struct stop_ctx ctx;
        struct stop_decision d;
        struct breakpoint *b = NULL;
        struct bp_mem m = session_bp_mem(s);
        int sig = WSTOPSIG(status), event = (unsigned)status >> 16;
        bool was_starting = s->state == STATE_STARTING, entry = false, cond_error = false;
        bool repend = false, finished = false;
        struct ret_type *returned = NULL; /* finish: the type of what was returned */
        long ours_nr = -1;
        bool at_int3 = false; /* the pc is on an armed int3 that has not run */
        int bp_id = 0;

        if (s->others_run && s->intent == INTENT_STEP) {
                /* The step over a system call is done (at_syscall_insn). */
                s->others_run = false;
                task_stop_all(s);
        }
        if (event == PTRACE_EVENT_STOP && !known) {
                in.interrupted = interrupt_pending(s, s->tid);
                session_interrupt_seen(s, s->tid);
        }
        if (known) {
                in.have_siginfo = f.have_si;
                in.si_code = f.si.si_code;
        } else if (sig == (SIGTRAP | 0x80)) {
                f.have_sc = ptrace_syscall_info(s->tid, &f.sc) == 0;
                in.syscall_op = f.have_sc ? f.sc.op : PTRACE_SYSCALL_INFO_NONE;
        } else if (event == PTRACE_EVENT_SECCOMP) {
                f.have_sc = ptrace_syscall_info(s->tid, &f.sc) == 0;
        } else if (event == 0) {
                f.have_si = ptrace_getsiginfo(s->tid, &f.si) == 0;
                in.have_siginfo = f.have_si;
                in.si_code = f.si.si_code;
        }
        if (sig == SIGTRAP && event == 0 && !known) {
                /* A deleted watchpoint's trap (this thread ran with it): ours. */
                if (session_watch_hit(s, s->tid, &f.watch) < 0 &&
                    resume_raw(s, s->resumed, 0) == 0)
                        return;
                in.watch_hit = f.watch.id > 0;
        }
        if (!known && sig == SIGTRAP && event == 0 && f.have_si &&
            session_displace_stale_trap(s, s->tid, f.si.si_code) &&
            resume_raw(s, s->resumed, 0) == 0)
                return;
        if (s->step_trap && !known && event == 0) {
                /* This thread was swapped out in a step over a syscall (task_put): the
                 * SIGTRAP its end queued is the step's, not the program's. */
                s->step_trap = false;
                if (sig == SIGTRAP && s->resumed != RESUME_STEP && f.have_si &&
                    (f.si.si_code == TRAP_BRKPT || f.si.si_code == TRAP_TRACE) &&
                    resume_raw(s, s->resumed, 0) == 0)
                        return;
        }
        /* The registers only when something needs them (stop_regs): an out-of-line run,
         * a breakpoint that could be involved, the step after an exec, a report. So a
         * traced syscall, a step in the middle of a counted step without breakpoints or
         * a signal passed on costs no GETREGS. The number at a syscall exit is the one
         * its entry stop had (orig_rax keeps it) unless someone wrote the registers in
         * between (sc_nr is then -1). */
        if (s->displaced.active && s->displaced.tid == s->tid && stop_regs(s, &f)) {
                int ran = displaced_end(s, status, &f.regs, f.have_regs, &f.si, f.have_si);

                /* The breakpoint's instruction ran out of line: go on as asked. */
                if (ran > 0 && resume_raw(s, s->displaced.how, 0) == 0)
                        return;
                /* Stopped before it ran: the pc is back on the breakpoint, which a
                 * silent resume must step over again (not run into: a second hit). */
                at_int3 = ran < 0;
        }
        f.exit_nr = s->sc_nr >= 0                                 ? s->sc_nr
                    : in.syscall_op == PTRACE_SYSCALL_INFO_EXIT && stop_regs(s, &f)
                            ? (long)f.regs.orig_rax
                            : -1;
        if (s->bps.list && stop_regs(s, &f)) {
                b = bp_find_addr(&s->bps, f.regs.rip - 1);
                in.pc_after_bp = b && bp_trapped(b);
                /* The step over a breakpoint on the program's own int3 ran that int3:
                 * the program's SIGTRAP, reported as a signal (as without ours). */
                if (in.pc_after_bp && s->stepping_over && s->stepover_addr == b->addr &&
                    bp_program_int3(b))
                        in.pc_after_bp = false;
                /* ... or did, and was interrupted before the SIGTRAP came: this is it */
                if (in.pc_after_bp && sig == SIGTRAP && event == 0 &&
                    session_prog_trap_take(s, s->tid, b->addr))
                        in.pc_after_bp = false;
                /* A hit put back uncounted (task.c) happens now, if it is one */
                if (in.pc_after_bp)
                        session_hit_to_come_take(s, s->tid, b->addr);
        }
        if (!in.pc_after_bp && sig == SIGTRAP && f.have_si && f.si.si_code == SI_KERNEL &&
            event == 0 && !known && stop_regs(s, &f) && !b &&
            bp_moribund(&s->bps, f.regs.rip - 1)) {
                /* An int3 of a breakpoint deleted since this thread ran into it (it was
                 * not the current thread then): run the instruction, go on as asked. */
                f.regs.rip -= 1;
                if (ptrace_setregs(s->tid, &f.regs) == 0) {
                        s->regs_valid = false;
                        if (resume_raw(s, s->resumed, 0) == 0)
                                return;
                }
        }
        stop_classify(&in, &out);
        if (!(was_starting && out.kind == STOP_EXEC))
                sc_text_spawn_end(s, out.kind, &f);
        if (out.kind == STOP_SIGNAL)
                session_signal_seen(s, out.sig);
        /* The pages the CPU has fetched from (see "steps in dbgd"). */
        if (out.kind == STOP_STEP && s->step_from && s->step_keeps_pages) {
                xpage_add(s, s->step_from);
        } else if (out.kind == STOP_BREAKPOINT && f.have_regs) {
                xpage_add(s, f.regs.rip - 1);
        } else {
                /* Any other stop, or a step of a syscall (it may have changed even the
                 * protection of its own page) or of an instruction not read. */
                s->n_xpages = 0;
        }
        s->step_from = 0;
        if (out.kind == STOP_EVENT && (out.event == PTRACE_EVENT_CLONE ||
                                       out.event == PTRACE_EVENT_FORK ||
                                       out.event == PTRACE_EVENT_VFORK))
                task_adopt(s, s->tid, out.event);
        if (out.kind == STOP_EVENT && out.event == PTRACE_EVENT_VFORK_DONE)
                session_vfork_end(s);

        ctx = (struct stop_ctx){
                .intent = s->intent,
                .steps_left = s->steps_left,
                .stepping_over = s->stepping_over,
                .pause_requested = s->pause_requested,
                .pass_silently = out.kind == STOP_SIGNAL && pass_silently(s, out.sig),
        };
        if (out.kind == STOP_SYSCALL_ENTRY || out.kind == STOP_SECCOMP)
                s->sc_nr = syscall_nr(&f, out.kind);
        else
                s->sc_nr = -1;
        if ((out.kind == STOP_SYSCALL_ENTRY || out.kind == STOP_SYSCALL_EXIT ||
             out.kind == STOP_SECCOMP) && f.have_sc &&
            session_syscall_ours(s, s->tid, &f.sc, f.exit_nr,
                                 s->pause_requested || s->reporter, &ours_nr)) {
                /* Our interrupt's, not the program's: resumed as unwanted, unrecorded
                 * (the interrupt, asked again, stops the thread next). */
                if (out.kind != STOP_SYSCALL_EXIT)
                        s->sc_nr = ours_nr;
                ctx.syscall_unwanted = true;
                ctx.seccomp_entries = s->seccomp_entries;
        } else if (out.kind == STOP_SYSCALL_ENTRY || out.kind == STOP_SYSCALL_EXIT ||
                   out.kind == STOP_SECCOMP) {
                ctx.syscall_unwanted = s->names_active &&
                                       (!f.have_sc ||
                                        !names_want(s, &f.sc, syscall_nr(&f, out.kind)));
                if (!ctx.syscall_unwanted || s->record_syscalls)
                        f.text = sc_text(s, s->tid, out.kind, &f);
                log_syscall(s, 0, s->tid, out.kind, &f);
                ctx.seccomp_entries = s->seccomp_entries;
        }
        /* A step from a syscall's entry stop ran the syscall, whose exit no syscall
         * stop shows: the record takes its result from rax (unless our interrupt broke
         * the call off, a restart code: it runs again). */
        if (s->step_sc_nr >= 0 && s->resumed == RESUME_STEP && out.kind == STOP_STEP &&
            stop_regs(s, &f) && !restart_code((int64_t)f.regs.rax)) {
                struct stop_facts ex = { .exit_nr = s->step_sc_nr, .have_sc = true };

                ex.sc.op = PTRACE_SYSCALL_INFO_EXIT;
                ex.sc.exit.rval = (int64_t)f.regs.rax;
                ex.text = sc_text(s, s->tid, STOP_SYSCALL_EXIT, &ex);
                log_syscall(s, 0, s->tid, STOP_SYSCALL_EXIT, &ex);
        }
        s->step_sc_nr = -1;
        /* A syscall under way has its exit seen with PTRACE_SYSCALL, also past the
         * other stops it makes on the way (clone's event, a signal, the filter's
         * seccomp stop after a ptrace entry stop): after an entry stop, or a seccomp
         * stop standing for the entry of a wanted syscall, or of the restart of one
         * our interrupt broke off (its exit is to be seen, maybe broken off again);
         * not after its exit. */
        if (out.kind == STOP_SYSCALL_ENTRY)
                s->want_exit = true;
        else if (out.kind == STOP_SYSCALL_EXIT)
                s->want_exit = false;
        else if (out.kind == STOP_SECCOMP && s->seccomp_entries)
                s->want_exit = !ctx.syscall_unwanted || ours_nr >= 0;
        if (s->trace_syscalls && !ctx.syscall_unwanted)
                trace_event(s, 0, s->tid, out.kind, &f, stop_pc(s, &f));
        if (out.kind == STOP_STEP && (s->bps.list || s->resumed_from_exec) &&
            stop_regs(s, &f)) {
                ctx.at_breakpoint = bp_find_addr(&s->bps, f.regs.rip) != NULL;
                ctx.exec_exit_trap = s->resumed_from_exec && f.regs.rip == s->pc &&
                                     f.have_si && f.si.si_code == TRAP_BRKPT;
        }
        s->resumed_from_exec = false;
        stop_decide(&ctx, &out, &d);

        if (d.reinsert) {
                struct breakpoint *o = bp_find_addr(&s->bps, s->stepover_addr);
                if (o)
                        bp_step_end(&m, o);
                s->stepping_over = false;
                /* Interrupted before the step over it ran (another thread's report, a
                 * pause): a silent resume steps over it again, not into its int3 (a
                 * second hit of one call). */
                /* Interrupted after it ran the program's own int3 under o, before the
                 * SIGTRAP came: that one, when it comes, is the program's. */
                if (o && out.kind == STOP_INTERRUPT && bp_program_int3(o) &&
                    stop_regs(s, &f) && f.regs.rip == o->addr + 1)
                        session_prog_trap(s, s->tid, o->addr);
                if (o && out.kind == STOP_INTERRUPT && stop_regs(s, &f) &&
                    f.regs.rip == o->addr) {
                        at_int3 = true;
                        /* and should another thread's stop be reported instead, this
                         * thread, no longer the current one, runs into the int3 again
                         * when resumed: a retry, its hit told already */
                        session_retry_set(s, s->tid, o->addr);
                }
        }
        /* s->pc is where the last report was: a silent resume leaves it. */
        if (d.action == ACT_REPORT || d.hit || d.rewind_pc)
                s->pc = stop_pc(s, &f);
        if (d.rewind_pc && f.have_regs) {
                f.regs.rip -= 1;
                ptrace_setregs(s->tid, &f.regs);
                s->pc = f.regs.rip;
        }
        /* Valid until the next resume or register write: spares do_resume a GETREGS. */
        s->regs = f.regs;
        s->regs_valid = f.have_regs;
        if (d.step_done && s->steps_left)
                s->steps_left--;
        if (d.hit && d.action == ACT_REPORT && session_retry_take(s, s->tid, s->pc)) {
                /* do_resume's retry: counted already; step over it now if we can. */
                d.hit = false;
                if (!s->pause_requested) {
                        d.action = ACT_RESUME;
                        d.resume = stop_resume_for(s->intent);
                        d.deliver = 0;
                        at_int3 = true;
                } else {
                        d.report = STOP_INTERRUPT;
                }
        }
        if (d.hit && d.action == ACT_REPORT) {
                bool solib_only;

                b = bp_find_addr(&s->bps, s->pc);
                solib_only = b && b->solib && b->internal;
                if (b && b->solib) {
                        session_solib_event(s); /* may remove b */
                        b = solib_only ? NULL : b;
                }
                if (solib_only ||
                    (b && !session_bp_wants_stop(s, s->tid, b, &f.regs, &cond_error))) {
                        /* Not wanted: go on as asked, without a round trip. */
                        d.hit = false;
                        at_int3 = true;
                        if (s->intent != INTENT_STEP) {
                                d.action = ACT_RESUME;
                                d.resume = stop_resume_for(s->intent);
                                d.deliver = 0;
                        } else if (s->steps_left > 0 && !s->pause_requested) {
                                d.action = ACT_RESUME;
                                d.resume = RESUME_STEP;
                                d.deliver = 0;
                        } else {
                                d.report = STOP_STEP;
                        }
                }
        }
        if (d.action == ACT_RESUME && ctx.pass_silently && d.deliver == out.sig) {
                if (session_signal_passes(s, out.sig))
                        snapshot_passed_signal(s, &f, &out);
                else
                        d.deliver = 0; /* handle nostop nopass: dropped */
                session_signal_passed(s, 0, s->tid, out.sig, f.have_si ? &f.si : NULL,
                                      stop_pc(s, &f));
        }
        if (d.action == ACT_RESUME && d.deliver && d.resume == RESUME_STEP &&
            stop_regs(s, &f)) {
                if (!s->plan.kind && s->intent == INTENT_STEP && ctx.pass_silently) {
                        plan_adopt_steps(s, s->steps_left, &f.regs);
                        s->steps_left = 1; /* each step's stop is the plan's now */
                }
                plan_signal_passed(s, f.regs.rip, f.regs.rsp);
        }
        if (s->others_after_over) {
                /* The step over the program's int3 is done: the others go on with this
                 * thread, or stay stopped for its report. */
                s->others_after_over = false;
                if (d.action == ACT_RESUME && s->intent != INTENT_STEP && !s->others_run) {
                        task_resume_all(s);
                        s->others_run = true;
                }
        }
        if (d.action == ACT_RESUME) {
                /* Only a breakpoint hit that nobody wanted (the pc on its int3, which has
                 * not run) needs a step over it; anywhere else an int3 at the pc must trap. */
                if ((at_int3 ? do_resume(s, d.resume, d.deliver)
                              : resume_raw(s, d.resume, d.deliver)) == 0)
                        return;
                /* Could not resume: report what we have rather than hang. */
                d.report = out.kind;
                s->pc = stop_pc(s, &f);
        }

        if (d.hit) {
                b = bp_find_addr(&s->bps, s->pc);
                if (b) {
                        bp_id = b->id;
                        entry = b->internal;
                        if (b->temporary)
                                bp_remove_hit(&s->bps, &m, b);
                }
        }
        if (s->plan.kind && s->reporter &&
            (d.report == STOP_STEP || (d.report == STOP_BREAKPOINT && s->plan.hit)) &&
            !(s->plan.hit && s->plan.kind == PLAN_FINISH)) {
                /* A thread stopped the process in the middle of the plan: its stop is
                 * reported (this one was only a step of the plan), and ends the plan,
                 * as another thread's breakpoint ends gdb's next. */
                s->plan.hit = false;
                d.report = STOP_INTERRUPT;
                bp_id = 0;
                entry = false;
        } else if (s->plan.kind) {
                /* A step by line, over a call or out of a function goes on, or ends
                 * here: reported as a step ("finish" for finish), not as its internal
                 * breakpoint. */
                bool plan_hit = d.report == STOP_BREAKPOINT && s->plan.hit;

                bool inline_finish = s->plan.kind == PLAN_FINISH && s->plan.out_of_inline;

                finished = plan_hit && s->plan.kind == PLAN_FINISH;
                if (finished) {
                        returned = s->plan.ret_type;
                        s->plan.ret_type = NULL;
                }
                if (!s->reporter &&
                    plan_next(s, d.report, stop_regs(s, &f) ? &f.regs : NULL))
                        return;
                /* out of an inlined function: its last step is the finish */
                finished = finished || (inline_finish && !s->reporter &&
                                        (d.report == STOP_STEP || plan_hit));
                if (plan_hit) {
                        d.report = STOP_STEP;
                        bp_id = 0;
                        entry = false;
                }
        }
        if (out.kind == STOP_EXEC) {
                s->scratch = 0; /* a new entry point */
                /* A thread the exec ended in the middle of an out-of-line syscall: its
                 * scratch bytes went with the old image, not to be written in the new. */
                s->displaced.active = false;
                /* A new program image: our int3s went with the old one, and so did a
                 * vfork of a thread that the exec ended before its VFORK_DONE. */
                /* Breakpoints set on symbols wait to be placed in the new image. */
                repend = bp_table_exec(&s->bps);
                s->vforks = 0;
                task_tell_exec_ended(s, s->pid);
                task_forget(s, false); /* exec ended every other thread */
                memset(s->watches, 0, sizeof(s->watches)); /* so did the kernel's */
                memset(s->disp_trap, 0, sizeof(s->disp_trap));
                s->n_intr = 0; /* every other thread is gone */
                s->dr_gen++;
                if (s->memfd >= 0)
                        close(s->memfd);
                s->memfd = -1;
        }
        if (s->reporter) {
                /* A thread stopped the process: our interrupt's stop is reported as its
                 * stop; any other stop of this thread wins, and the thread's is put back. */
                if (d.report == STOP_INTERRUPT || interrupted_syscall(&f, d.report)) {
                        /* Interrupted on a breakpoint before its int3 ran (not in a
                         * step over it: at_int3), this thread has its hit to come. */
                        if (out.kind == STOP_INTERRUPT && !at_int3 && s->bps.list &&
                            stop_regs(s, &f))
                                session_interrupted_at(s, s->tid, f.regs.rip);
                        take_reporter(s, &f, &out, &d.report, &bp_id, &entry, &cond_error);
                } else {
                        task_put_back(s, s->reporter);
                        s->reporter = 0;
                }
        } else if (d.report == STOP_INTERRUPT && s->resumed == RESUME_STEP) {
                /* A pause broke a step off (one over a syscall that blocked): its
                 * SIGTRAP may still come when the syscall ends, and is dbgd's. */
                s->step_trap = true;
        }
        set_stopped(s, d.report, &f, &out, bp_id, entry, cond_error);
        if (finished) {
                json_object_set_new(s->stop, "reason", json_string("finish"));
                if (returned && stop_regs(s, &f))
                        json_object_set_new(s->stop, "returned",
                                            returned_json(s, returned, &f.regs));
        }
        ret_type_free(returned);
        if (repend) {
                session_solib_watch(s); /* for the libraries, to come */
                session_solib_event(s); /* the executable's own symbols: now */
        }
        if (was_starting && out.kind == STOP_EXEC && !spawn_continue(s))
                return;
        /* The first stop of an attached process (its interrupt's, or whatever came
         * first: a signal keeps its `signal`) is the attach. */
        if (was_starting && s->attached)
                json_object_set_new(s->stop, "reason", json_string("attach"));
        /* Neither a step done in dbgd nor the spawn's exec (no code of the program has
         * run) wrote any output. */
        announce_stop(s, !known && !(was_starting && out.kind == STOP_EXEC));
}

static bool on_status(pid_t pid, int status, uint64_t now_ns);

bool session_on_status(pid_t pid, int status, uint64_t now_ns)
{
        bool quick;

        status_ns = now_ns;
        quick = on_status(pid, status, now_ns);
        status_ns = 0;
        return quick;
}

static bool on_status(pid_t pid, int status, uint64_t now_ns)
{
        bool ended = WIFEXITED(status) || WIFSIGNALED(status);
        bool exec = WIFSTOPPED(status) && (unsigned)status >> 16 == PTRACE_EVENT_EXEC;
        struct session *s;

        /* The current thread's statuses; the main thread's end (the process's) and exec
         * (any thread's: it takes the pid) when it is not the current thread. */
        for (s = sessions; s; s = s->next)
                if (session_alive(s) && (s->tid == pid || (s->pid == pid && (ended || exec))))
                        break;
        if (!s) {
                /* One of our processes' threads or new children; else a closed
                 * session's process, reaped: nothing to tell. */
                task_on_status(pid, status);
                return false;
        }
        if (ended && pid != s->pid && s->leader_untraced && !task_any_thread(s, pid)) {
                /* The last thread of a process attached after its main thread had
                 * left: its end is the process's (the main thread, not ours, tells
                 * only its parent). */
                struct stop_in in = { .resumed = s->resumed, .status = status };
                struct stop_out out;

                if (s->tid != pid)
                        set_current(s, pid);
                stop_classify(&in, &out);
                report_end(s, &out);
                return false;
        }
        if (ended && pid != s->pid) {
                /* A thread, not the process; one killed by a signal takes the process
                 * with it: its end comes. */
                if (WIFSIGNALED(status))
                        s->dying = true;
                else
                        session_thread_event(s, 0, pid, false);
                current_left(s);
                return false;
        }
        if (pid != s->tid) {
                /* exec: every other thread is gone (the current one too); or the end of
                 * the process */
                if (!ended) {
                        task_tell_exec_ended(s, pid);
                        if (s->tid != s->pid)
                                session_thread_event(s, 0, s->tid, false);
                }
                task_forget(s, false);
                s->reporter = 0;
                set_current(s, pid);
        }
        s->last_run_ns = now_ns - s->resumed_ns;
        if (ended) {
                struct stop_in in = { .resumed = s->resumed, .status = status };
                struct stop_out out;

                stop_classify(&in, &out);
                report_end(s, &out);
                return false;
        }
        on_stop(s, status, NULL);
        /* Resumed without a report (a counted step, an unwanted hit, a traced syscall)? */
        return session_runs_short(s);
}

bool session_synth_deliver(void)
{
        struct session *s = synth_head;
        struct stop_facts f = { 0 };

        if (!s)
                return false;
        synth_unqueue(s);
        s->last_run_ns = 0;
        /* What the kernel reports after a trap-flag step: SIGTRAP, TRAP_TRACE. */
        f.regs = s->regs;
        f.regs_read = f.have_regs = true;
        f.si.si_signo = SIGTRAP;
        f.si.si_code = TRAP_TRACE;
        f.have_si = true;
        on_stop(s, W_STOPCODE(SIGTRAP), &f);
        return session_runs_short(s);
}

