/* events.c — the per-session event ring (see events.h). Grows as events come, up to
 * cap, so an idle session costs nothing. */
#include "events.h"

#include "errors.h"
#include "jrpc.h"
#include "methods.h"
#include "syscalls.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void events_init(struct event_queue *q, size_t cap)
{
        memset(q, 0, sizeof(*q));
        q->cap = cap;
        q->next_seq = 1;
}

static size_t count(const struct event_queue *q)
{
        uint64_t n = q->next_seq - 1;

        return n < q->cap ? (size_t)n : q->cap;
}

static struct event *slot(const struct event_queue *q, uint64_t seq)
{
        return &q->ring[(seq - 1) % q->alloc];
}

void events_free(struct event_queue *q)
{
        size_t n = count(q);

        for (uint64_t seq = q->next_seq - n; seq < q->next_seq; seq++) {
                json_decref(slot(q, seq)->data);
                free(slot(q, seq)->text);
        }
        free(q->ring);
        q->ring = NULL;
        q->alloc = 0;
}

struct event *events_push(struct event_queue *q, enum event_kind kind)
{
        struct event *e;

        if (q->cap == 0)
                return NULL;
        if (q->alloc < q->cap && q->next_seq - 1 >= q->alloc) {
                /* Linear until full: grow, keeping seq -> slot stable. */
                size_t want = q->alloc ? q->alloc * 2 : 16;
                if (want > q->cap)
                        want = q->cap;
                struct event *nr = realloc(q->ring, want * sizeof(*nr));
                if (!nr)
                        return NULL;
                q->ring = nr;
                q->alloc = want;
        }
        e = slot(q, q->next_seq);
        if (q->next_seq > q->alloc) { /* evicting the oldest */
                json_decref(e->data);
                free(e->text);
        }
        memset(e, 0, sizeof(*e));
        e->seq = q->next_seq++;
        e->kind = kind;
        return e;
}

bool events_after(const struct event_queue *q, uint64_t after)
{
        return q->next_seq - 1 > after;
}

/* ---- events as JSON text ---------------------------------------------------------
 * Written directly, not through jansson objects: a traced syscall loop fetches
 * hundreds of events per answer, and an object per event and per field put malloc,
 * free and jansson's hashing at the top of the daemon's profile. As text, every syscall
 * as events went from 1.42x to 1.27x of raw ptrace (docs/performance.md). The text is
 * what jrpc_dumps would print for the same objects, keys in the same order. */

static const char *const kind_names[] = {
        [EV_STOP] = "stop", [EV_RESUME] = "resume", [EV_END] = "end",
        [EV_SYSCALL_ENTRY] = "syscall-entry", [EV_SYSCALL_EXIT] = "syscall-exit",
        [EV_THREAD_START] = "thread-start", [EV_THREAD_EXIT] = "thread-exit",
        [EV_SIGNAL] = "signal", [EV_PROCESS_START] = "process-start",
        [EV_PROCESS_EXIT] = "process-exit",
};

const char *events_type_name(enum event_kind kind)
{
        return kind_names[kind];
}

/* Names are [a-z0-9_]: nothing to escape. */
static void put_syscall_head(struct jrpc_text *b, const struct event *e)
{
        char name[64];

        jrpc_text_str(b, ",\"syscall\":{\"nr\":");
        jrpc_text_int(b, e->nr);
        jrpc_text_str(b, ",\"name\":\"");
        jrpc_text_str(b, syscalls_name_abi(e->i386, e->nr, name, sizeof(name)));
        jrpc_text_str(b, "\"");
        if (e->i386)
                jrpc_text_str(b, ",\"abi\":\"i386\"");
}

/* A syscall's text: printable ASCII (sysfmt.c escapes everything else), so only
 * quotes and backslashes need a JSON escape; anything else is escaped all the same, so
 * that the answer stays JSON whatever the text. */
static void put_text(struct jrpc_text *b, const struct event *e)
{
        const unsigned char *p = (const unsigned char *)e->text, *q;
        char u[8];

        if (!p)
                return;
        jrpc_text_str(b, ",\"text\":\"");
        for (;;) {
                for (q = p; *q && *q != '"' && *q != '\\' && *q >= 0x20 && *q < 0x7f; q++)
                        ;
                jrpc_text_put(b, (const char *)p, (size_t)(q - p));
                if (!*q)
                        break;
                if (*q == '"' || *q == '\\') {
                        u[0] = '\\';
                        u[1] = (char)*q;
                        jrpc_text_put(b, u, 2);
                } else {
                        snprintf(u, sizeof(u), "\\u%04x", *q);
                        jrpc_text_put(b, u, 6);
                }
                p = q + 1;
        }
        jrpc_text_str(b, "\"");
}

static void put_thread(struct jrpc_text *b, const struct event *e)
{
        if (e->pid) {
                jrpc_text_str(b, ",\"pid\":");
                jrpc_text_int(b, e->pid);
        }
        if (e->thread) {
                jrpc_text_str(b, ",\"thread\":");
                jrpc_text_int(b, e->thread);
        }
}

static void put_event(struct jrpc_text *b, const struct event *e)
{
        jrpc_text_str(b, "{\"seq\":");
        jrpc_text_int(b, (int64_t)e->seq);
        jrpc_text_str(b, ",\"type\":\"");
        jrpc_text_str(b, kind_names[e->kind]);
        jrpc_text_str(b, "\"");
        switch (e->kind) {
        case EV_STOP:
        case EV_END:
                if (e->data) {
                        jrpc_text_str(b, ",\"status\":");
                        jrpc_text_value(b, e->data);
                }
                break;
        case EV_RESUME:
                break;
        case EV_SIGNAL:
                if (e->data) {
                        jrpc_text_str(b, ",\"signal\":");
                        jrpc_text_value(b, e->data);
                }
                if (e->pc) {
                        jrpc_text_str(b, ",\"pc\":");
                        jrpc_text_addr(b, e->pc);
                }
                put_thread(b, e);
                break;
        case EV_THREAD_START:
        case EV_THREAD_EXIT:
                put_thread(b, e);
                break;
        case EV_PROCESS_START:
                put_thread(b, e);
                jrpc_text_str(b, ",\"parent\":");
                jrpc_text_int(b, e->parent);
                break;
        case EV_PROCESS_EXIT:
                put_thread(b, e);
                if (e->nr) {
                        const char *name = jrpc_signal_name((int)e->nr);

                        jrpc_text_str(b, ",\"signal\":{\"number\":");
                        jrpc_text_int(b, e->nr);
                        if (name) {
                                jrpc_text_str(b, ",\"name\":\"");
                                jrpc_text_str(b, name);
                                jrpc_text_str(b, "\"");
                        }
                        jrpc_text_str(b, e->core_dumped ? "},\"core_dumped\":true"
                                                        : "},\"core_dumped\":false");
                } else {
                        jrpc_text_str(b, ",\"exit_code\":");
                        jrpc_text_int(b, e->ret);
                }
                break;
        case EV_SYSCALL_ENTRY:
                put_syscall_head(b, e);
                jrpc_text_str(b, ",\"args\":[");
                for (int i = 0; i < 6; i++) {
                        if (i)
                                jrpc_text_put(b, ",", 1);
                        jrpc_text_addr(b, e->args[i]);
                }
                jrpc_text_str(b, "]");
                put_text(b, e);
                jrpc_text_str(b, "},\"pc\":");
                jrpc_text_addr(b, e->pc);
                put_thread(b, e);
                break;
        case EV_SYSCALL_EXIT: {
                const char *err = e->ret < 0 && e->ret >= -4095 ? dbgd_errno_name((int)-e->ret)
                                                                : NULL;

                put_syscall_head(b, e);
                jrpc_text_str(b, ",\"ret\":");
                jrpc_text_int(b, e->ret);
                if (err) {
                        jrpc_text_str(b, ",\"error\":\"");
                        jrpc_text_str(b, err);
                        jrpc_text_str(b, "\"");
                }
                put_text(b, e);
                jrpc_text_str(b, "},\"pc\":");
                jrpc_text_addr(b, e->pc);
                put_thread(b, e);
                break;
        }
        }
        jrpc_text_put(b, "}", 1);
}

uint64_t events_each(const struct event_queue *q, uint64_t after, size_t max,
                     void (*fn)(void *data, const struct event *e, const char *json,
                                size_t len),
                     void *data)
{
        uint64_t oldest = q->next_seq - count(q), from = after + 1, dropped = 0;
        struct jrpc_text b = { 0 };
        size_t n = 0;

        if (from < oldest) {
                dropped = oldest - from;
                from = oldest;
        }
        for (uint64_t seq = from; seq < q->next_seq && n < max; seq++, n++) {
                b.len = 0;
                put_event(&b, slot(q, seq));
                if (b.failed)
                        break;
                fn(data, slot(q, seq), b.p, b.len);
        }
        free(b.p);
        return dropped;
}

struct page {
        struct jrpc_text b;
        size_t n;
        uint64_t last;
};

static void page_add(void *data, const struct event *e, const char *json, size_t len)
{
        struct page *pg = data;

        if (pg->n++)
                jrpc_text_put(&pg->b, ",", 1);
        jrpc_text_put(&pg->b, json, len);
        pg->last = e->seq;
}

json_t *events_json(const struct event_queue *q, uint64_t after, size_t max)
{
        struct page pg = { .last = after };
        uint64_t dropped;
        json_t *r;

        jrpc_text_str(&pg.b, "{\"events\":[");
        dropped = events_each(q, after, max, page_add, &pg);
        if (!pg.n && dropped)
                pg.last = after + dropped; /* nothing left: skip what was evicted */
        jrpc_text_str(&pg.b, "],\"next\":");
        jrpc_text_int(&pg.b, (int64_t)pg.last);
        jrpc_text_str(&pg.b, ",\"dropped\":");
        jrpc_text_int(&pg.b, (int64_t)dropped);
        jrpc_text_put(&pg.b, "}", 1);
        r = pg.b.failed ? NULL : jrpc_raw(pg.b.p, pg.b.len);
        free(pg.b.p);
        return r;
}
