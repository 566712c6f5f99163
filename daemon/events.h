/* events.h — a session's bounded event queue, for any number of clients watching it.
 *
 * Every stop, resume and end of a session, and each syscall traced while it runs
 * (`cont` with `trace_syscalls`), is an event with a per-session sequence number. The
 * queue keeps the last `cap` events; `events` returns those after a client's last seq
 * and says how many it missed. Syscall events are stored as plain structs and turned
 * into JSON only when fetched, so tracing costs little per syscall. */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum event_kind {
        EV_STOP,          /* data: the status object at the stop */
        EV_RESUME,
        EV_END,           /* data: the final status object */
        EV_SYSCALL_ENTRY,
        EV_SYSCALL_EXIT,
        EV_THREAD_START,  /* thread: the new thread's tid */
        EV_THREAD_EXIT,   /* thread: the tid of a thread that ended (not the process) */
        EV_SIGNAL,        /* data: the Signal object of a signal passed without a stop */
        EV_PROCESS_START, /* follow_forks: pid, a new child process of parent */
        EV_PROCESS_EXIT,  /* follow_forks: pid ended; ret its exit code, or nr the signal
                           * that killed it (core_dumped) */
};

struct event {
        uint64_t seq;
        enum event_kind kind;
        json_t *data;     /* owned, EV_STOP / EV_END / EV_SIGNAL */
        long nr;
        uint64_t args[6]; /* entry */
        int64_t ret;      /* exit */
        uint64_t pc;
        int thread;       /* syscalls of another thread than the main one: its tid */
        int pid;          /* follow_forks: a child process's (0: the session's process) */
        int parent;       /* EV_PROCESS_START: the process that made it */
        bool core_dumped; /* EV_PROCESS_EXIT */
        bool i386;        /* an i386 syscall (int 0x80, a 32-bit program): nr is i386's */
        char *text;       /* owned, syscalls: as strace prints it (ASCII), or NULL */
};

struct event_queue {
        struct event *ring;
        size_t cap, alloc;
        uint64_t next_seq; /* seq of the next event; the first is 1 */
};

void events_init(struct event_queue *q, size_t cap);
void events_free(struct event_queue *q);

/* Append; evicts the oldest when full. Returns the new event (fill the fields) or NULL
 * on ENOMEM. The caller sets data/nr/args/ret/pc. */
struct event *events_push(struct event_queue *q, enum event_kind kind);

/* Events with seq > after, at most max. Returns a new reference to the `events` result,
 * {"events": [...], "next": <seq to pass as after next time>, "dropped": n},
 * pre-serialised (jrpc_raw: for jrpc_dumps only), or NULL on ENOMEM. */
json_t *events_json(const struct event_queue *q, uint64_t after, size_t max);

/* The same events one by one: fn(data, event, its JSON text, length) in seq order.
 * Returns how many were evicted before the first (missed by this reader). */
uint64_t events_each(const struct event_queue *q, uint64_t after, size_t max,
                     void (*fn)(void *data, const struct event *e, const char *json,
                                size_t len),
                     void *data);

/* "stop", "resume", "end", "syscall-entry", "syscall-exit", "thread-start",
 * "thread-exit", "signal", "process-start", "process-exit". */
const char *events_type_name(enum event_kind kind);

/* Whether an event with seq > after exists. */
bool events_after(const struct event_queue *q, uint64_t after);
