/* rpc.c — dispatch, validation and error objects for JSON-RPC calls (see rpc.h).
 *
 * Lifecycle of a request: rpc_submit parses the body and runs calls in order. A call
 * that returns CALL_PENDING parks the request; call_finish (from the session code, on a
 * stop or a timeout) queues the request on the deferred list, and the loop resumes it
 * before it sleeps, so a batch never re-enters the session code from inside it.
 * A request whose answer cannot change any more (the waiting call and all after it are
 * notifications) is answered at once and runs on detached (answer_early). */
#include "rpc.h"

#include "errors.h"
#include "events.h"
#include "handlers.h"
#include "jrpc.h"
#include "session.h"
#include "stop.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rpc_request {
        json_t *doc;             /* the parsed body, owned */
        bool batch;
        size_t n;
        struct call *calls;
        size_t next;             /* the call to run next */
        struct call *waiting;    /* the pending call, if any */
        rpc_done_fn done;
        void *userdata;
        bool deferred;           /* on the deferred list */
        struct rpc_request *next_deferred;
        struct rpc_request **handle;
        size_t weighed;          /* calls whose answers count in bytes */
        size_t bytes;            /* what the batch's answers weigh so far */
        bool detached;           /* answered already; its notifications run on */
};

static const method_fn handlers[JRPC_M__COUNT] = {
#define HANDLER_ENTRY(id, name) [JRPC_M_##id] = m_##id,
        DBGD_METHODS(HANDLER_ENTRY)
#undef HANDLER_ENTRY
};

static struct rpc_request *deferred_head;
static size_t pending_count;
static size_t max_batch = 1000;
static size_t max_answer = (128u << 20) + (1u << 20);
static size_t n_detached;
static size_t max_detached = 256;

void rpc_set_max_batch(size_t n)
{
        max_batch = n;
}

void rpc_set_max_answer(size_t bytes)
{
        max_answer = bytes;
}

void rpc_set_max_detached(size_t n)
{
        max_detached = n;
}

/* About the size of j serialized: its strings' and keys' lengths, a few bytes for
 * everything else (a hex or base64 read is one string). */
static size_t weight(json_t *j)
{
        size_t n = 0, i;
        const char *key;
        json_t *v;

        if (json_is_string(j))
                return json_string_length(j) + 2;
        if (json_is_object(j)) {
                json_object_foreach(j, key, v)
                        n += strlen(key) + 4 + weight(v);
                return n + 2;
        }
        if (json_is_array(j)) {
                json_array_foreach(j, i, v)
                        n += weight(v) + 1;
                return n + 2;
        }
        return 24;
}

size_t rpc_pending_count(void)
{
        return pending_count;
}

int call_fail(struct call *c, int r, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
        va_end(ap);
        return r;
}

int call_fail_errno(struct call *c, int r, int err, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
        va_end(ap);
        c->err_errno = err;
        return r;
}

void call_error_set(struct call *c, const char *key, json_t *v)
{
        if (!c->err_data)
                c->err_data = json_object();
        json_object_set_new(c->err_data, key, v);
}

/* The only place error objects are built: code and message from the error table, data
 * with the detail, the errno and the session's state. */
static json_t *error_response(struct call *c, json_t *id, int r)
{
        json_t *data = c && c->err_data ? c->err_data : json_object();
        int err = c ? c->err_errno : 0;

        if (c)
                c->err_data = NULL;
        if (dbgd_err_is_errno(r) && !err)
                err = -r;
        json_object_set_new(data, "detail",
                            json_string(c && c->detail[0] ? c->detail : dbgd_err_message(r)));
        if (err && dbgd_errno_name(err))
                json_object_set_new(data, "errno", json_string(dbgd_errno_name(err)));
        if (c && c->session) {
                json_object_set_new(data, "session", json_integer(session_id(c->session)));
                json_object_set_new(data, "state",
                                    json_string(session_state_name(session_state(c->session))));
        }
        return jrpc_response_error(id, dbgd_err_code(r), dbgd_err_message(r), data);
}

static void complete(struct call *c, int r, json_t *result)
{
        if (r >= 0)
                c->response = jrpc_response_result(c->id, result ? result : json_object());
        else {
                json_decref(result);
                c->response = error_response(c, c->id, r);
        }
}

static void run_call(struct rpc_request *req, struct call *c, json_t *msg)
{
        struct jrpc_request jr;
        char err[256];
        json_t *params = NULL, *result = NULL;
        int r;

        r = jrpc_request_check(msg, &jr, err, sizeof(err));
        if (jr.id)
                c->id = json_incref(jr.id);
        if (r < 0) {
                /* An invalid request is answered even without an id (the spec). */
                if (!c->id)
                        c->id = json_null();
                call_fail(c, r, "%s", err);
                complete(c, r, NULL);
                return;
        }
        c->method = jrpc_method_find(jr.method);
        if (!c->method) {
                call_fail(c, -ERR_METHOD_NOT_FOUND, "unknown method \"%s\"", jr.method);
                call_error_set(c, "method", json_string(jr.method));
                complete(c, -ERR_METHOD_NOT_FOUND, NULL);
                return;
        }
        r = jrpc_params_check(c->method, jr.params, &params, err, sizeof(err));
        if (r < 0) {
                call_fail(c, r, "%s", err);
                complete(c, r, NULL);
                return;
        }
        r = handlers[c->method->id](c, params, &result);
        json_decref(params);
        if (r == CALL_PENDING) {
                req->waiting = c;
                pending_count++;
                return;
        }
        complete(c, r, result);
}

static char *serialize(struct rpc_request *req, size_t *ret_len)
{
        json_t *out;
        char *s;

        if (req->batch) {
                out = json_array();
                for (size_t i = 0; i < req->n; i++)
                        if (req->calls[i].id && req->calls[i].response)
                                json_array_append(out, req->calls[i].response);
                if (json_array_size(out) == 0) {
                        json_decref(out);
                        return NULL;
                }
        } else {
                if (!req->calls[0].id)
                        return NULL;
                out = json_incref(req->calls[0].response);
        }
        s = jrpc_dumps(out, ret_len);
        json_decref(out);
        if (!s) { /* out of memory: never send nothing */
                s = strdup("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,"
                           "\"message\":\"internal error\"}}");
                *ret_len = s ? strlen(s) : 0;
        }
        return s;
}

static void request_free(struct rpc_request *req)
{
        for (size_t i = 0; i < req->n; i++) {
                json_decref(req->calls[i].id);
                json_decref(req->calls[i].response);
                json_decref(req->calls[i].err_data);
        }
        free(req->calls);
        json_decref(req->doc);
        free(req);
}

/* A call of a batch whose answers are already max_answer bytes: answered LIMIT. */
static void refuse_call(struct call *c, json_t *msg)
{
        json_t *id = json_is_object(msg) ? json_object_get(msg, "id") : NULL;

        if (!id)
                return; /* a notification: nothing is answered */
        c->id = json_incref(id);
        call_error_set(c, "limit", json_integer((json_int_t)max_answer));
        call_fail(c, -ERR_LIMIT, "the batch's answers before this call are over %zu bytes: "
                                 "send it in another request", max_answer);
        complete(c, -ERR_LIMIT, NULL);
}

/* Whether a call that has not run yet will be answered: it has an id, or it is invalid
 * (answered with a null id, as the spec says). */
static bool will_answer(json_t *msg)
{
        struct jrpc_request jr;
        char err[8];

        return jrpc_request_check(msg, &jr, err, sizeof(err)) < 0 || jr.id;
}

/* The waiting call is a notification: when no call after it will be answered either,
 * the request's answer is already known (the answers so far, or 204), and holding it
 * until the notification ends (a `cont` until the program stops) would only hold the
 * client. Send it now and let the calls run on, answering nobody. Bounded: past
 * max_detached such requests the answer waits as before, so that notifications cannot
 * pile up more requests than connections could hold. Returns whether it was sent. */
static bool answer_early(struct rpc_request *req)
{
        size_t len = 0;
        char *body;

        if (req->detached || req->waiting->id || n_detached >= max_detached)
                return false;
        for (size_t i = req->next; i < req->n; i++)
                if (will_answer(json_array_get(req->doc, i)))
                        return false;
        body = serialize(req, &len);
        if (req->handle)
                *req->handle = NULL;
        req->handle = NULL;
        req->detached = true;
        n_detached++;
        req->done(req->userdata, body, len);
        req->done = NULL;
        req->userdata = NULL;
        return true;
}

size_t rpc_detached_count(void)
{
        return n_detached;
}

/* Run calls until one waits or all are done. */
static void request_continue(struct rpc_request *req)
{
        while (req->next < req->n) {
                struct call *c = &req->calls[req->next];
                json_t *msg = req->batch ? json_array_get(req->doc, req->next) : req->doc;

                for (; req->weighed < req->next; req->weighed++)
                        if (req->calls[req->weighed].response)
                                req->bytes += weight(req->calls[req->weighed].response);
                req->next++;
                if (req->batch && req->bytes > max_answer) {
                        refuse_call(c, msg);
                        continue;
                }
                run_call(req, c, msg);
                if (req->waiting) {
                        answer_early(req);
                        return;
                }
        }
        if (req->detached) {
                n_detached--;
                request_free(req);
                return;
        }

        size_t len = 0;
        char *body = serialize(req, &len);

        if (req->handle)
                *req->handle = NULL;
        req->done(req->userdata, body, len);
        request_free(req);
}

static int submit_single_error(json_t *doc, int r, const char *detail, rpc_done_fn done,
                               void *userdata)
{
        struct call c = { 0 };
        json_t *resp;
        char *s;

        json_decref(doc);
        call_fail(&c, r, "%s", detail);
        resp = error_response(&c, NULL, r);
        s = json_dumps(resp, JSON_COMPACT);
        json_decref(resp);
        if (!s)
                return -ENOMEM;
        done(userdata, s, strlen(s));
        return 0;
}

int rpc_submit(const char *body, size_t len, rpc_done_fn done, void *userdata,
               struct rpc_request **ret_req)
{
        struct rpc_request *req;
        char err[256];
        json_t *doc;

        *ret_req = NULL;
        doc = jrpc_parse(body, len, err, sizeof(err));
        if (!doc)
                return submit_single_error(NULL, -ERR_PARSE, err, done, userdata);
        if (json_is_array(doc) && json_array_size(doc) == 0)
                return submit_single_error(doc, -ERR_INVALID_REQUEST,
                                           "an empty batch is not a request", done, userdata);
        if (json_is_array(doc) && json_array_size(doc) > max_batch) {
                snprintf(err, sizeof(err), "a batch holds at most %zu calls", max_batch);
                return submit_single_error(doc, -ERR_INVALID_REQUEST, err, done, userdata);
        }

        req = calloc(1, sizeof(*req));
        if (!req) {
                json_decref(doc);
                return -ENOMEM;
        }
        req->doc = doc;
        req->batch = json_is_array(doc);
        req->n = req->batch ? json_array_size(doc) : 1;
        req->calls = calloc(req->n, sizeof(*req->calls));
        if (!req->calls) {
                json_decref(doc);
                free(req);
                return -ENOMEM;
        }
        for (size_t i = 0; i < req->n; i++)
                req->calls[i].req = req;
        req->done = done;
        req->userdata = userdata;
        req->handle = ret_req;
        *ret_req = req;
        request_continue(req);
        return 0;
}

static unsigned http_status_for(int r)
{
        switch (dbgd_err_code(r)) {
        case -32700: /* PARSE */
        case -32600: /* INVALID_REQUEST */
        case -32602: /* INVALID_PARAMS */
                return 400;
        case -32001: /* NO_SESSION */
                return 404;
        case -32002: /* RUNNING */
        case -32003: /* GONE */
                return 409;
        case -32007: /* LIMIT */
                return 413;
        case -32004: /* MEMORY */
        case -32006: /* BAD_ADDRESS */
                return 422;
        }
        return 500;
}

unsigned rpc_peek_binary(const char *body, size_t len, char **ret_buf, size_t *ret_len,
                         uint64_t *ret_addr)
{
        const struct jrpc_method *m = &jrpc_methods[JRPC_M_peek];
        struct call c = { 0 };
        json_t *doc, *params = NULL, *resp;
        uint8_t *bytes;
        char err[256];
        int r;

        doc = jrpc_parse(body, len, err, sizeof(err));
        if (!doc) {
                r = call_fail(&c, -ERR_PARSE, "%s", err);
        } else if (!json_is_object(doc)) {
                r = call_fail(&c, -ERR_INVALID_PARAMS, "the body must be peek's params object");
        } else {
                r = jrpc_params_check(m, doc, &params, err, sizeof(err));
                if (r < 0)
                        call_fail(&c, r, "%s", err);
        }
        json_decref(doc);
        if (r >= 0) {
                r = m_peek_bytes(&c, params, &bytes, ret_len, ret_addr);
                json_decref(params);
                if (r >= 0) {
                        *ret_buf = (char *)bytes;
                        return 200;
                }
        }
        resp = error_response(&c, NULL, r);
        *ret_buf = jrpc_dumps(resp, ret_len);
        json_decref(resp);
        return http_status_for(r);
}

struct sse_page {
        FILE *f;
        uint64_t *after;
};

static void sse_add(void *data, const struct event *e, const char *json, size_t len)
{
        struct sse_page *p = data;

        fprintf(p->f, "id: %" PRIu64 "\nevent: %s\ndata: %.*s\n\n", e->seq,
                events_type_name(e->kind), (int)len, json);
        *p->after = e->seq;
}

long rpc_sse_next(int session, uint64_t *after, char **ret_text)
{
        struct session *s = session_find(session);
        char *text = NULL;
        size_t len = 0;
        struct sse_page p = { .after = after };

        if (!s)
                return -1;
        if (!events_after(&s->events, *after))
                return session_alive(s) ? 0 : -1;
        p.f = open_memstream(&text, &len);
        if (!p.f)
                return 0;
        events_each(&s->events, *after, 256, sse_add, &p);
        fclose(p.f);
        if (!len) { /* nothing written (out of memory) */
                free(text);
                return 0;
        }
        *ret_text = text;
        return (long)len;
}

bool rpc_session_exists(int session)
{
        return session_find(session) != NULL;
}

void rpc_on_events(void (*fn)(int session, void *data), void *data)
{
        session_set_event_hook(fn, data);
}

void call_finish(struct call *c, int r, json_t *result)
{
        struct rpc_request *req = c->req;

        if (req->waiting != c) {
                json_decref(result);
                return;
        }
        req->waiting = NULL;
        c->cancel = NULL;
        c->wait = NULL;
        pending_count--;
        complete(c, r, result);
        if (!req->deferred) {
                req->deferred = true;
                req->next_deferred = deferred_head;
                deferred_head = req;
        }
}

void rpc_run_deferred(void)
{
        while (deferred_head) {
                struct rpc_request *req = deferred_head;

                deferred_head = req->next_deferred;
                req->deferred = false;
                request_continue(req);
        }
}

bool rpc_has_deferred(void)
{
        return deferred_head != NULL;
}

void rpc_request_cancel(struct rpc_request *req)
{
        if (!req)
                return;
        if (req->waiting) {
                struct call *c = req->waiting;

                if (c->cancel)
                        c->cancel(c);
                req->waiting = NULL;
                pending_count--;
        }
        if (req->deferred) {
                for (struct rpc_request **p = &deferred_head; *p; p = &(*p)->next_deferred) {
                        if (*p == req) {
                                *p = req->next_deferred;
                                break;
                        }
                }
        }
        request_free(req);
}
