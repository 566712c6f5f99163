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

static json_t *syscall_obj(const struct event *e)
{
        char name[64];
        json_t *sc = json_object();

        json_object_set_new_nocheck(sc, "nr", json_integer(e->nr));
        json_object_set_new_nocheck(sc, "name",
                                    json_string(syscalls_name(e->nr, name, sizeof(name))));
        return sc;
}

/* Built without json_pack: its format parsing showed in profiles of syscall tracing. */
static json_t *event_json(const struct event *e)
{
        static const char *const kinds[] = {
                [EV_STOP] = "stop", [EV_RESUME] = "resume", [EV_END] = "end",
                [EV_SYSCALL_ENTRY] = "syscall-entry", [EV_SYSCALL_EXIT] = "syscall-exit",
        };
        json_t *o = json_object(), *sc;

        json_object_set_new_nocheck(o, "seq", json_integer((json_int_t)e->seq));
        json_object_set_new_nocheck(o, "type", json_string_nocheck(kinds[e->kind]));
        switch (e->kind) {
        case EV_STOP:
        case EV_END:
                json_object_set_nocheck(o, "status", e->data);
                break;
        case EV_RESUME:
                break;
        case EV_SYSCALL_ENTRY: {
                json_t *args = json_array();

                for (int i = 0; i < 6; i++)
                        json_array_append_new(args, jrpc_addr(e->args[i]));
                sc = syscall_obj(e);
                json_object_set_new_nocheck(sc, "args", args);
                json_object_set_new_nocheck(o, "syscall", sc);
                json_object_set_new_nocheck(o, "pc", jrpc_addr(e->pc));
                break;
        }
        case EV_SYSCALL_EXIT:
                sc = syscall_obj(e);
                json_object_set_new_nocheck(sc, "ret", json_integer((json_int_t)e->ret));
                if (e->ret < 0 && e->ret >= -4095 && dbgd_errno_name((int)-e->ret))
                        json_object_set_new_nocheck(sc, "error",
                                                    json_string(dbgd_errno_name((int)-e->ret)));
                json_object_set_new_nocheck(o, "syscall", sc);
                json_object_set_new_nocheck(o, "pc", jrpc_addr(e->pc));
                break;
        }
        return o;
}

json_t *events_json(const struct event_queue *q, uint64_t after, size_t max)
{
        uint64_t oldest = q->next_seq - count(q), from = after + 1;
        json_t *list = json_array();
        uint64_t dropped = 0;

        if (from < oldest) {
                dropped = oldest - from;
                from = oldest;
        }
        for (uint64_t seq = from; seq < q->next_seq && json_array_size(list) < max; seq++)
                json_array_append_new(list, event_json(slot(q, seq)));
        return json_pack("{s:o,s:I,s:I}", "events", list, "next",
                         (json_int_t)(from + json_array_size(list) - 1), "dropped",
                         (json_int_t)dropped);
}
