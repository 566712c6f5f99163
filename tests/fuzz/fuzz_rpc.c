/* fuzz_rpc — the request pipeline after HTTP: a body through rpc_submit (parse,
 * batch, validation, dispatch, error objects, serialization).
 *
 * Spawning is disabled (the session limit is 0: spawn answers LIMIT before any fork),
 * so random bodies never run programs; every other method runs for real and, with no
 * session, answers its error. Invariants: the done callback runs exactly once, before
 * rpc_submit returns (nothing can wait without a session); its body is NULL (only
 * notifications) or a JSON text jansson parses back, an object or a non-empty array. */
#include "rpc.h"
#include "session.h"
#include "handlers.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct outcome {
        int calls;
        char *body;
        size_t len;
};

static void on_done(void *userdata, char *body, size_t len)
{
        struct outcome *o = userdata;

        o->calls++;
        free(o->body);
        o->body = body;
        o->len = len;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        struct session_limits l = *session_limits();

        l.max_sessions = 0;
        session_set_limits(&l);
        rpc_set_max_batch(1000);
        m_set_max_mem(1 << 16);
        return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct outcome o = { 0 };
        struct rpc_request *req = NULL;
        int r;

        r = rpc_submit((const char *)data, size, on_done, &o, &req);
        rpc_run_deferred();
        session_collect();
        if (r < 0) { /* only -ENOMEM */
                free(o.body);
                return 0;
        }
        if (o.calls != 1 || req) {
                fprintf(stderr, "fuzz_rpc: done called %d times, request %s\n", o.calls,
                        req ? "pending" : "finished");
                abort();
        }
        if (o.body) {
                json_error_t err;
                json_t *v = json_loadb(o.body, o.len, JSON_REJECT_DUPLICATES, &err);

                if (!v || !(json_is_object(v) || (json_is_array(v) && json_array_size(v)))) {
                        fprintf(stderr, "fuzz_rpc: bad response %.*s\n", (int)o.len, o.body);
                        abort();
                }
                json_decref(v);
        }
        if (session_count() != 0 || rpc_pending_count() != 0)
                abort();
        free(o.body);
        return 0;
}
