/* rpc.h — JSON-RPC requests in flight: dispatch through the method table, validation,
 * error objects, and calls that complete later (a `cont` that waits for a stop).
 *
 * A body (one call or a batch) becomes a struct rpc_request whose calls run in order;
 * a call that waits suspends the ones after it. When the last call completes the
 * request's done callback gets the serialized response. rpc.c is the only builder of
 * error objects. */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "methods.h"

struct session;
struct rpc_request;

/* Returned by a handler that will complete its call later with call_finish(). */
#define CALL_PENDING 1

struct call {
        struct rpc_request *req;
        json_t *id;                      /* owned; NULL for a notification */
        const struct jrpc_method *method;
        struct session *session;         /* set by handlers: adds state to errors */
        char detail[256];                /* error detail (call_fail) */
        int err_errno;                   /* errno behind the error, 0 if none */
        json_t *err_data;                /* extra error data (owned), or NULL */
        json_t *response;                /* owned, once complete */
        /* While pending: how to withdraw the call if its client goes away. */
        void (*cancel)(struct call *c);
        void *wait;
};

typedef int (*method_fn)(struct call *c, json_t *params, json_t **ret_result);

/* Called once with the serialized response (malloc'd, owned by the callee), or with
 * body NULL when there is nothing to send (only notifications: HTTP 204). */
typedef void (*rpc_done_fn)(void *userdata, char *body, size_t len);

/* Start executing a body. done may be called before this returns. *ret_req is the
 * handle for rpc_request_cancel (NULL once done has been called). Returns 0 or -ENOMEM. */
int rpc_submit(const char *body, size_t len, rpc_done_fn done, void *userdata,
               struct rpc_request **ret_req);

/* The client went away: withdraw pending calls; done is never called. */
void rpc_request_cancel(struct rpc_request *req);

/* Complete a pending call: r >= 0 with result (stolen), or r < 0 an error. The rest of
 * its batch continues from the loop, not from inside the caller. */
void call_finish(struct call *c, int r, json_t *result);

/* Record why a call fails and return r: `return call_fail(c, -ERR_NO_SESSION, "...")`. */
int call_fail(struct call *c, int r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same, naming the errno behind it (data.errno). */
int call_fail_errno(struct call *c, int r, int err, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
/* Add a key to the error's data (steals v). */
void call_error_set(struct call *c, const char *key, json_t *v);

/* The binary form of `peek` (POST /mem): body is a JSON object of peek's params. Returns
 * 200 with the raw bytes in *ret_buf (malloc'd), or an HTTP status with a JSON-RPC
 * error response (id null) in *ret_buf: 400 invalid JSON or params, 404 no session,
 * 409 running or gone, 413 over the limit, 422 memory not readable, 500 otherwise.
 * *ret_addr is the address read. */
unsigned rpc_peek_binary(const char *body, size_t len, char **ret_buf, size_t *ret_len,
                         uint64_t *ret_addr);

/* Server-Sent Events (GET /events): the events of session after *after, as
 * "id: SEQ\nevent: TYPE\ndata: JSON\n\n" records in a new malloc'd *ret_text. Returns
 * its length (> 0), 0 when there is nothing new yet, or -1 when the stream is over (no
 * such session, or it has ended and every event was sent). *after advances. */
long rpc_sse_next(int session, uint64_t *after, char **ret_text);

bool rpc_session_exists(int session);

/* fn(session, data) after every event of any session. */
void rpc_on_events(void (*fn)(int session, void *data), void *data);

/* Requests in flight (for shutdown accounting and stats). */
size_t rpc_pending_count(void);

/* Run continuations queued by call_finish. Called by the loop before it sleeps. */
void rpc_run_deferred(void);

/* True while continuations are queued: a call completed inside a handler (a stop that
 * a `pause` or `step` handled at once woke other waiters) must not wait for the loop's
 * next wake-up. */
bool rpc_has_deferred(void);

/* Limits: calls per batch; the size of a batch's answers (about: the weight of its
 * strings), past which its next calls are answered LIMIT instead of run, so that one
 * small batch of large reads cannot hold gigabytes (nor the engine for long). */
void rpc_set_max_batch(size_t n);
void rpc_set_max_answer(size_t bytes);

/* A request whose waiting calls are all notifications is answered at once and runs on
 * (a `cont` notification's 204 does not wait for the stop); at most n such requests at
 * a time, past which their answers wait as before. */
void rpc_set_max_detached(size_t n);
size_t rpc_detached_count(void);
