/* events.c — the per-session event ring (see events.h). Grows as events come, up to
 * cap, so an idle session costs nothing. */
#include "events.h"

#include "errors.h"
#include "jrpc.h"
#include "syscalls.h"

#include <errno.h>
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

        for (uint64_t seq = q->next_seq - n; seq < q->next_seq; seq++)
                json_decref(slot(q, seq)->data);
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
        if (q->next_seq > q->alloc) /* evicting the oldest */
                json_decref(e->data);
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
 * hundreds of events per answer, and an object per event and per field made the
 * answer cost more than the syscalls (perf: malloc/free and hashing in jansson). The
 * text is what jrpc_dumps would print for the same objects, keys in the same order. */

struct tbuf {
        char *p;
        size_t len, cap;
        bool failed;
};

static void put(struct tbuf *b, const char *s, size_t n)
{
        if (b->failed)
                return;
        if (b->len + n + 1 > b->cap) {
                size_t cap = b->cap ? b->cap : 1024;
                char *p;

                while (cap < b->len + n + 1)
                        cap *= 2;
                p = realloc(b->p, cap);
                if (!p) {
                        b->failed = true;
                        return;
                }
                b->p = p;
                b->cap = cap;
        }
        memcpy(b->p + b->len, s, n);
        b->len += n;
        b->p[b->len] = 0;
}

static void put_str(struct tbuf *b, const char *s)
{
        put(b, s, strlen(s));
}

static void put_int(struct tbuf *b, int64_t v)
{
        char tmp[24], *p = tmp + sizeof(tmp);
        uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

        do {
                *--p = (char)('0' + u % 10);
                u /= 10;
        } while (u);
        if (v < 0)
                *--p = '-';
        put(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* "0x..." with its quotes, as jrpc_addr. */
static void put_addr(struct tbuf *b, uint64_t v)
{
        static const char digits[] = "0123456789abcdef";
        char tmp[2 + 16 + 2], *p = tmp + sizeof(tmp);

        *--p = '"';
        do {
                *--p = digits[v & 0xf];
                v >>= 4;
        } while (v);
        *--p = 'x';
        *--p = '0';
        *--p = '"';
        put(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

static const char *const kind_names[] = {
        [EV_STOP] = "stop", [EV_RESUME] = "resume", [EV_END] = "end",
        [EV_SYSCALL_ENTRY] = "syscall-entry", [EV_SYSCALL_EXIT] = "syscall-exit",
};

const char *events_type_name(enum event_kind kind)
{
        return kind_names[kind];
}

/* Names are [a-z0-9_]: nothing to escape. */
static void put_syscall_head(struct tbuf *b, const struct event *e)
{
        char name[64];

        put_str(b, ",\"syscall\":{\"nr\":");
        put_int(b, e->nr);
        put_str(b, ",\"name\":\"");
        put_str(b, syscalls_name(e->nr, name, sizeof(name)));
        put_str(b, "\"");
}

static void put_event(struct tbuf *b, const struct event *e)
{
        put_str(b, "{\"seq\":");
        put_int(b, (int64_t)e->seq);
        put_str(b, ",\"type\":\"");
        put_str(b, kind_names[e->kind]);
        put_str(b, "\"");
        switch (e->kind) {
        case EV_STOP:
        case EV_END: {
                size_t n;
                char *status = e->data ? jrpc_dumps(e->data, &n) : NULL;

                if (!status) {
                        b->failed = b->failed || e->data;
                        break;
                }
                put_str(b, ",\"status\":");
                put(b, status, n);
                free(status);
                break;
        }
        case EV_RESUME:
                break;
        case EV_SYSCALL_ENTRY:
                put_syscall_head(b, e);
                put_str(b, ",\"args\":[");
                for (int i = 0; i < 6; i++) {
                        if (i)
                                put(b, ",", 1);
                        put_addr(b, e->args[i]);
                }
                put_str(b, "]},\"pc\":");
                put_addr(b, e->pc);
                break;
        case EV_SYSCALL_EXIT: {
                const char *err = e->ret < 0 && e->ret >= -4095 ? dbgd_errno_name((int)-e->ret)
                                                                : NULL;

                put_syscall_head(b, e);
                put_str(b, ",\"ret\":");
                put_int(b, e->ret);
                if (err) {
                        put_str(b, ",\"error\":\"");
                        put_str(b, err);
                        put_str(b, "\"");
                }
                put_str(b, "},\"pc\":");
                put_addr(b, e->pc);
                break;
        }
        }
        put(b, "}", 1);
}

uint64_t events_each(const struct event_queue *q, uint64_t after, size_t max,
                     void (*fn)(void *data, const struct event *e, const char *json,
                                size_t len),
                     void *data)
{
        uint64_t oldest = q->next_seq - count(q), from = after + 1, dropped = 0;
        struct tbuf b = { 0 };
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
        struct tbuf b;
        size_t n;
        uint64_t last;
};

static void page_add(void *data, const struct event *e, const char *json, size_t len)
{
        struct page *pg = data;

        if (pg->n++)
                put(&pg->b, ",", 1);
        put(&pg->b, json, len);
        pg->last = e->seq;
}

json_t *events_json(const struct event_queue *q, uint64_t after, size_t max)
{
        struct page pg = { .last = after };
        uint64_t dropped;
        json_t *r;

        put_str(&pg.b, "{\"events\":[");
        dropped = events_each(q, after, max, page_add, &pg);
        if (!pg.n && dropped)
                pg.last = after + dropped; /* nothing left: skip what was evicted */
        put_str(&pg.b, "],\"next\":");
        put_int(&pg.b, (int64_t)pg.last);
        put_str(&pg.b, ",\"dropped\":");
        put_int(&pg.b, (int64_t)dropped);
        put(&pg.b, "}", 1);
        r = pg.b.failed ? NULL : jrpc_raw(pg.b.p, pg.b.len);
        free(pg.b.p);
        return r;
}
