/* client.h — what every dbgctl command shares: finding the daemon (URL and token, the
 * way dbgd publishes them), one kept-alive connection, a second one for `pause` while a
 * call waits, and the mapping of failures to messages on stderr and exit codes. */
#pragma once

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>

#include "args.h"
#include "transport.h"

struct dbgctl_client {
        struct transport *t;  /* the connection every call uses */
        struct transport *t2; /* a second one for pause during a waiting call; lazy */
        char *url;
        char *token;
        char *state_dir;
        bool json;            /* --json: print raw results */
        long long pause_session; /* session to pause on Ctrl-C during a waiting call */
};

/* Set by the SIGINT handler that client_catch_sigint installs. */
extern volatile sig_atomic_t dbgctl_sigint;

/* Catch SIGINT (without SA_RESTART) into dbgctl_sigint. */
void client_catch_sigint(void);

/* Find the URL and the token (--url/--token, DBGD_URL/DBGD_TOKEN, else the files `url`
 * and `token` in the state dir) and open the connection. Returns DBGCTL_EXIT_OK, or an
 * exit code after printing why on stderr. */
int client_open(struct dbgctl_client *c, const struct dbgctl_args *a);
void client_close(struct dbgctl_client *c);

/* Call method with params (stolen; NULL for none). Returns DBGCTL_EXIT_OK with a new
 * reference in *ret_result, or DBGCTL_EXIT_RPC / DBGCTL_EXIT_TRANSPORT after printing
 * the error on stderr. */
int client_call(struct dbgctl_client *c, const char *method, json_t *params,
                json_t **ret_result);

/* As client_call, but an error answer is not printed: DBGCTL_EXIT_RPC with a new
 * reference to the error object in *ret_error, for a caller that says it in its own
 * (gdb's) words (ret_error NULL: printed, client_call). Transport failures are
 * printed, as client_call's. */
int client_call_or_error(struct dbgctl_client *c, const char *method, json_t *params,
                         json_t **ret_result, json_t **ret_error);

/* As client_call, but Ctrl-C meanwhile sends `pause` for session on the second
 * connection instead of interrupting the client; the call then returns the
 * interrupted stop. */
int client_call_pausable(struct dbgctl_client *c, const char *method, json_t *params,
                         long long session, json_t **ret_result);

/* Print a JSON-RPC error object: "dbgctl: no such session (-32001): detail". */
void client_print_rpc_error(json_t *error);

/* Print a value as indented JSON on stdout. */
void client_print_json(json_t *v);
