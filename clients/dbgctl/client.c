/* client.c — finding dbgd, calling it, and reporting failures (see client.h).
 *
 * The lookup mirrors what dbgd publishes at start: DIR/url and DIR/token in the state
 * dir (--state-dir, $DBGD_STATE_DIR, $XDG_RUNTIME_DIR/dbgd, ~/.local/state/dbgd), so
 * that on one machine `dbgctl` needs no options after the README's run command. */
#include "client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

volatile sig_atomic_t dbgctl_sigint;

static void on_sigint(int sig)
{
        (void)sig;
        dbgctl_sigint = 1;
}

void client_catch_sigint(void)
{
        struct sigaction sa;

        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_sigint;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = 0; /* no SA_RESTART: a blocking read returns EINTR */
        sigaction(SIGINT, &sa, NULL);
}

/* The first line of DIR/NAME with surrounding whitespace removed; NULL when the file
 * cannot be read or is empty. */
static char *read_state_file(const char *dir, const char *name)
{
        char *path = NULL, *line = NULL, *s, *e;
        size_t cap = 0;
        FILE *f;

        if (!dir || asprintf(&path, "%s/%s", dir, name) < 0)
                return NULL;
        f = fopen(path, "re");
        free(path);
        if (!f)
                return NULL;
        if (getline(&line, &cap, f) < 0) {
                free(line);
                fclose(f);
                return NULL;
        }
        fclose(f);
        for (s = line; *s == ' ' || *s == '\t'; s++)
                ;
        e = s + strlen(s);
        while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
                e--;
        *e = '\0';
        if (!*s) {
                free(line);
                return NULL;
        }
        s = strdup(s);
        free(line);
        return s;
}

static char *dup_nonempty(const char *s)
{
        return s && *s ? strdup(s) : NULL;
}

int client_open(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        char err[512];

        memset(c, 0, sizeof(*c));
        c->json = a->json;
        c->pause_session = -1;
        c->state_dir = dbgctl_state_dir(a->state_dir, getenv("DBGD_STATE_DIR"),
                                        getenv("XDG_RUNTIME_DIR"), getenv("HOME"));
        c->url = dup_nonempty(a->url);
        if (!c->url)
                c->url = dup_nonempty(getenv("DBGD_URL"));
        if (!c->url)
                c->url = read_state_file(c->state_dir, "url");
        if (!c->url) {
                fprintf(stderr,
                        "dbgctl: cannot find dbgd: no --url, no DBGD_URL and no %s/url; "
                        "start it with the README's run command\n",
                        c->state_dir ? c->state_dir : "(no state dir)");
                return DBGCTL_EXIT_TRANSPORT;
        }
        c->token = dup_nonempty(a->token);
        if (!c->token)
                c->token = dup_nonempty(getenv("DBGD_TOKEN"));
        if (!c->token)
                c->token = read_state_file(c->state_dir, "token");
        c->t = transport_new(c->url, c->token, err, sizeof(err));
        if (!c->t) {
                fprintf(stderr, "dbgctl: %s\n", err);
                return DBGCTL_EXIT_USAGE;
        }
        return DBGCTL_EXIT_OK;
}

void client_close(struct dbgctl_client *c)
{
        transport_free(c->t);
        transport_free(c->t2);
        free(c->url);
        free(c->token);
        free(c->state_dir);
        memset(c, 0, sizeof(*c));
}

void client_print_rpc_error(json_t *error)
{
        json_t *data = json_object_get(error, "data");
        const char *msg = json_string_value(json_object_get(error, "message"));
        const char *detail = json_string_value(json_object_get(data, "detail"));

        fprintf(stderr, "dbgctl: %s (%" JSON_INTEGER_FORMAT ")", msg ? msg : "error",
                json_integer_value(json_object_get(error, "code")));
        if (detail && (!msg || strcmp(detail, msg) != 0))
                fprintf(stderr, ": %s", detail);
        fputc('\n', stderr);
}

static int report(struct dbgctl_client *c, int r, json_t *error, const char *err)
{
        switch (r) {
        case TRANSPORT_OK:
                return DBGCTL_EXIT_OK;
        case TRANSPORT_RPC_ERROR:
                client_print_rpc_error(error);
                json_decref(error);
                return DBGCTL_EXIT_RPC;
        case TRANSPORT_HTTP:
                fprintf(stderr, "dbgctl: dbgd at %s refused the request: %s%s\n", c->url, err,
                        strstr(err, "HTTP 401") ? "; check --token, DBGD_TOKEN or the "
                                                  "token file in the state dir"
                                                : "");
                return DBGCTL_EXIT_TRANSPORT;
        case TRANSPORT_INTERRUPTED:
                fprintf(stderr, "dbgctl: interrupted\n");
                return DBGCTL_EXIT_TRANSPORT;
        default:
                fprintf(stderr,
                        "dbgctl: cannot reach dbgd at %s: %s; start it with the README's "
                        "run command\n",
                        c->url, err);
                return DBGCTL_EXIT_TRANSPORT;
        }
}

int client_call(struct dbgctl_client *c, const char *method, json_t *params,
                json_t **ret_result)
{
        return client_call_or_error(c, method, params, ret_result, NULL);
}

int client_call_or_error(struct dbgctl_client *c, const char *method, json_t *params,
                         json_t **ret_result, json_t **ret_error)
{
        json_t *error = NULL, *result = NULL;
        char err[512] = "";
        int r;

        transport_set_interrupt(c->t, NULL, NULL, NULL);
        r = transport_call(c->t, method, params, &result, &error, err, sizeof(err));
        json_decref(params);
        if (r == TRANSPORT_RPC_ERROR && ret_error) {
                *ret_error = error;
                return DBGCTL_EXIT_RPC;
        }
        r = report(c, r, error, err);
        if (r == DBGCTL_EXIT_OK)
                *ret_result = result;
        return r;
}

/* Runs inside the waiting call's poll loop (not in a signal handler, not in a curl
 * callback): a plain blocking call on the second connection. */
static void pause_hook(void *data)
{
        struct dbgctl_client *c = data;
        json_t *error = NULL, *result = NULL;
        char err[512] = "";
        int r;

        if (!c->t2) {
                c->t2 = transport_new(c->url, c->token, err, sizeof(err));
                if (!c->t2) {
                        fprintf(stderr, "dbgctl: cannot pause: %s\n", err);
                        return;
                }
        }
        json_t *params = json_pack("{s:I}", "session", (json_int_t)c->pause_session);
        r = transport_call(c->t2, "pause", params, &result, &error, err, sizeof(err));
        json_decref(params);
        if (r == TRANSPORT_RPC_ERROR) {
                /* Already stopped or ended: the waiting call answers by itself. */
                json_decref(error);
        } else if (r != TRANSPORT_OK) {
                fprintf(stderr, "dbgctl: cannot pause: %s\n", err);
        }
        json_decref(result);
}

int client_call_pausable(struct dbgctl_client *c, const char *method, json_t *params,
                         long long session, json_t **ret_result)
{
        json_t *error = NULL, *result = NULL;
        char err[512] = "";
        int r;

        c->pause_session = session;
        transport_set_interrupt(c->t, &dbgctl_sigint, pause_hook, c);
        r = transport_call(c->t, method, params, &result, &error, err, sizeof(err));
        transport_set_interrupt(c->t, NULL, NULL, NULL);
        json_decref(params);
        r = report(c, r, error, err);
        if (r == DBGCTL_EXIT_OK)
                *ret_result = result;
        return r;
}

void client_print_json(json_t *v)
{
        char *s = json_dumps(v, JSON_INDENT(2) | JSON_ENCODE_ANY);

        if (s) {
                puts(s);
                free(s);
        }
        fflush(stdout);
}
