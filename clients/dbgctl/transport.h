/* transport.h — JSON-RPC calls to dbgd over HTTP with libcurl.
 *
 * One transport is one connection, kept alive across calls (one CURL easy handle in
 * one multi handle). URLs: "http://HOST:PORT" (a bearer token is sent when given) and
 * "unix:/path/to/socket" (CURLOPT_UNIX_SOCKET_PATH; no token). A call in flight polls
 * an interrupt flag every 100 ms, so that a SIGINT handler can ask for a `pause` on a
 * second transport while a `cont` waits on the first. */
#pragma once

#include <jansson.h>
#include <signal.h>
#include <stddef.h>

enum {
        TRANSPORT_OK = 0,           /* *ret_result set */
        TRANSPORT_RPC_ERROR = 1,    /* *ret_error set: the JSON-RPC error object */
        TRANSPORT_FAIL = -1,        /* could not connect or no answer (curl's message) */
        TRANSPORT_HTTP = -2,        /* an HTTP error status or a body that is not JSON-RPC */
        TRANSPORT_INTERRUPTED = -3, /* the interrupt flag was set and there is no hook */
};

struct transport;

typedef void (*transport_interrupt_fn)(void *data);

/* Returns a new transport, or NULL with a message in errbuf (bad URL, no memory). */
struct transport *transport_new(const char *url, const char *token, char *errbuf,
                                size_t errlen);
void transport_free(struct transport *t);

/* The URL as given. */
const char *transport_url(const struct transport *t);

/* While a call is in flight and *flag is non-zero: reset it and run hook(data), or fail
 * the call with TRANSPORT_INTERRUPTED when hook is NULL. flag NULL: never interrupted. */
void transport_set_interrupt(struct transport *t, volatile sig_atomic_t *flag,
                             transport_interrupt_fn hook, void *data);

/* Call method with params (borrowed; NULL sends no params). Returns TRANSPORT_OK with a
 * new reference in *ret_result, TRANSPORT_RPC_ERROR with a new reference to the error
 * object in *ret_error, or a negative TRANSPORT_* with a message in errbuf. */
int transport_call(struct transport *t, const char *method, json_t *params,
                   json_t **ret_result, json_t **ret_error, char *errbuf, size_t errlen);
