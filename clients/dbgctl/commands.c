/* commands.c — the one-shot subcommands (see commands.h).
 *
 * Dispatch is a table: name -> handler. Arguments are checked here (a bad address or
 * number is a usage error, exit 2) so that the daemon sees well-formed params; what
 * only the daemon can judge (an unknown register, unmapped memory) comes back as a
 * JSON-RPC error, exit 1. */
#include "commands.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format.h"
#include "jrpc.h"
#include "progcmd.h"

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
        va_list ap;

        fputs("dbgctl: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
        return DBGCTL_EXIT_USAGE;
}

int commands_session_arg(const struct dbgctl_args *a, long long *ret)
{
        if (dbgctl_uint_parse(a->pos[0], ret) < 0)
                return usage_error("SESSION must be a number, got '%s'", a->pos[0]);
        return 0;
}

json_t *commands_session_params(long long session)
{
        return json_pack("{s:I}", "session", (json_int_t)session);
}

static json_t *signal_value(const char *s)
{
        long long n;

        if (dbgctl_uint_parse(s, &n) == 0)
                return json_integer(n);
        return json_string(s);
}

/* Print a result: raw JSON with --json, else with the human formatter. Steals result. */
static int print_result(struct dbgctl_client *c, json_t *result,
                        void (*human)(FILE *, json_t *))
{
        if (c->json)
                client_print_json(result);
        else
                human(stdout, result);
        json_decref(result);
        return DBGCTL_EXIT_OK;
}

int commands_call_print(struct dbgctl_client *c, const char *method, json_t *params,
                        void (*human)(FILE *, json_t *))
{
        json_t *result;
        int r = client_call(c, method, params, &result);

        return r ? r : print_result(c, result, human);
}

static char *absolute(const char *path)
{
        char cwd[4096];
        char *s;

        if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
                return strdup(path);
        while (path[0] == '.' && path[1] == '/') /* "./prog" -> "prog" */
                for (path += 2; *path == '/'; path++)
                        ;
        if (strcmp(path, ".") == 0 || !*path)
                return strdup(cwd);
        if (asprintf(&s, "%s/%s", cwd, path) < 0)
                return NULL;
        return s;
}

json_t *commands_spawn_params(const struct dbgctl_args *a, char **argv, int argc)
{
        json_t *p = json_object(), *args = json_array(), *env = NULL;
        char *path = NULL, *cwd = NULL;

        if (!p || !args)
                goto nomem;
        /* A bare name ("ls") is left for the daemon to look up; a path with a slash is
         * relative to where dbgctl runs, not to where dbgd does. */
        path = strchr(argv[0], '/') ? absolute(argv[0]) : strdup(argv[0]);
        cwd = a->cwd ? absolute(a->cwd) : absolute(".");
        if (!path || !cwd)
                goto nomem;
        for (int i = 1; i < argc; i++)
                if (json_array_append_new(args, json_string(argv[i])) < 0)
                        goto nomem;
        if (a->n_envs) {
                env = json_object();
                if (!env)
                        goto nomem;
                for (int i = 0; i < a->n_envs; i++) {
                        const char *eq = strchr(a->envs[i], '=');
                        char *name = strndup(a->envs[i],
                                             eq ? (size_t)(eq - a->envs[i]) : strlen(a->envs[i]));

                        if (!name || json_object_set_new(env, name,
                                                         eq ? json_string(eq + 1)
                                                            : json_null()) < 0) {
                                free(name);
                                goto nomem;
                        }
                        free(name);
                }
        }
        if (json_object_set_new(p, "path", json_string(path)) < 0 ||
            json_object_set(p, "args", args) < 0 ||
            json_object_set_new(p, "cwd", json_string(cwd)) < 0)
                goto nomem;
        if (env && json_object_set(p, "env", env) < 0)
                goto nomem;
        if (a->stop && json_object_set_new(p, "stop", json_string(a->stop)) < 0)
                goto nomem;
        if (a->stdin_text && json_object_set_new(p, "stdin", json_string(a->stdin_text)) < 0)
                goto nomem;
        if (a->stdin_open && json_object_set_new(p, "stdin_open", json_true()) < 0)
                goto nomem;
        if (a->aslr && json_object_set_new(p, "aslr", json_true()) < 0)
                goto nomem;
        if (a->env_clear && json_object_set_new(p, "env_clear", json_true()) < 0)
                goto nomem;
        if (a->follow_forks && json_object_set_new(p, "follow_forks", json_true()) < 0)
                goto nomem;
        json_decref(args);
        json_decref(env);
        free(path);
        free(cwd);
        return p;
nomem:
        fprintf(stderr, "dbgctl: out of memory (or an argument is not UTF-8)\n");
        json_decref(p);
        json_decref(args);
        json_decref(env);
        free(path);
        free(cwd);
        return NULL;
}

int commands_spawn(struct dbgctl_client *c, json_t *params, json_t **ret_result)
{
        json_t *args = json_incref(json_object_get(params, "args")), *result;
        int r;

        r = client_call(c, "spawn", params, &result);
        if (r == 0) {
                /* The status of a new session may leave out args; for people, show the
                 * command line as it was asked for. */
                if (!c->json && args && !json_object_get(result, "args"))
                        json_object_set(result, "args", args);
                *ret_result = result;
        }
        json_decref(args);
        return r;
}

static int cmd_spawn(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        json_t *params = commands_spawn_params(a, a->pos, a->n_pos), *result;
        int r;

        if (!params)
                return DBGCTL_EXIT_USAGE;
        r = commands_spawn(c, params, &result);
        if (r)
                return r;
        return print_result(c, result, fmt_status);
}

static int cmd_sessions(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        return commands_call_print(c, "sessions", NULL, fmt_sessions);
}

static int cmd_status(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        long long s;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        return commands_call_print(c, "status", commands_session_params(s), fmt_status);
}

/* step, cont, syscall, pause, wait: a status comes back, one stop line. */
static int cmd_resume(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        long long s;
        json_t *params, *result;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        params = commands_session_params(s);
        if (a->count >= 0)
                json_object_set_new(params, "count", json_integer(a->count));
        if (a->line || strcmp(a->command, "next") == 0)
                json_object_set_new(params, "line", json_true());
        if (a->over || strcmp(a->command, "next") == 0)
                json_object_set_new(params, "over", json_true());
        if (a->timeout >= 0)
                json_object_set_new(params, "timeout", json_real(a->timeout));
        if (a->no_wait)
                json_object_set_new(params, "wait", json_false());
        if (a->signal)
                json_object_set_new(params, "signal", signal_value(a->signal));
        if (a->frame >= 0)
                json_object_set_new(params, "frame", json_integer(a->frame));
        if (strcmp(a->command, "pause") == 0)
                r = client_call(c, a->command, params, &result);
        else
                r = client_call_pausable(c, strcmp(a->command, "next") == 0 ? "step" : a->command,
                                         params, s, &result);
        /* Steps by line and finish say where they went. */
        return r ? r : print_result(c, result, a->line || strcmp(a->command, "next") == 0 ||
                                                       strcmp(a->command, "finish") == 0
                                                   ? fmt_stop_where
                                                   : fmt_stop_line);
}

static int cmd_threads(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        long long s;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        return commands_call_print(c, "threads", commands_session_params(s), fmt_threads);
}

/* thread SESSION TID: the status comes back with the selected thread's stop. */
static int cmd_thread(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        json_t *params;
        long long s, tid;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        if (dbgctl_uint_parse(a->pos[1], &tid) < 0)
                return usage_error("TID must be a number, got '%s'", a->pos[1]);
        params = commands_session_params(s);
        json_object_set_new(params, "tid", json_integer(tid));
        return commands_call_print(c, "thread", params, fmt_stop_line);
}

static int cmd_regs(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        json_t *params, *names = NULL, *set = NULL;
        long long s;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        params = commands_session_params(s);
        if (a->n_pos > 1) {
                names = json_array();
                for (int i = 1; i < a->n_pos; i++)
                        json_array_append_new(names, json_string(a->pos[i]));
                json_object_set_new(params, "names", names);
        }
        if (a->n_sets) {
                set = json_object();
                for (int i = 0; i < a->n_sets; i++) {
                        const char *eq = strchr(a->sets[i], '=');
                        char name[64];
                        uint64_t v;

                        if (dbgctl_addr_parse_any(eq + 1, &v) < 0) {
                                json_decref(params);
                                json_decref(set);
                                return usage_error("--set: cannot parse value '%s'", eq + 1);
                        }
                        snprintf(name, sizeof(name), "%.*s", (int)(eq - a->sets[i]), a->sets[i]);
                        json_object_set_new(set, name, jrpc_addr(v));
                }
                json_object_set_new(params, "set", set);
        }
        return commands_call_print(c, "regs", params, fmt_regs);
}

static void print_peek(FILE *out, json_t *result)
{
        const char *bytes = json_string_value(json_object_get(result, "bytes"));
        unsigned char *buf = NULL;
        uint64_t addr = 0;
        size_t len = 0;

        fmt_addr_value(json_object_get(result, "address"), &addr);
        if (bytes)
                buf = fmt_hex_decode(bytes, &len);
        if (!buf) {
                fprintf(stderr, "dbgctl: the answer's bytes are not hex\n");
                return;
        }
        fmt_hexdump(out, addr, buf, len);
        free(buf);
}

static void print_base64(FILE *out, json_t *result)
{
        const char *bytes = json_string_value(json_object_get(result, "bytes"));

        fprintf(out, "%s\n", bytes ? bytes : "");
}

static int cmd_peek(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        json_t *params, *result;
        long long s, len = -1;
        uint64_t addr;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        if (dbgctl_addr_parse_any(a->pos[1], &addr) < 0)
                return usage_error("cannot parse address: %s", a->pos[1]);
        if (a->n_pos > 2 && dbgctl_uint_parse(a->pos[2], &len) < 0)
                return usage_error("LEN must be a number, got '%s'", a->pos[2]);
        params = commands_session_params(s);
        json_object_set_new(params, "address", jrpc_addr(addr));
        if (len >= 0)
                json_object_set_new(params, "length", json_integer(len));
        if (a->base64)
                json_object_set_new(params, "format", json_string("base64"));
        r = client_call(c, "peek", params, &result);
        if (r)
                return r;
        return print_result(c, result, a->base64 ? print_base64 : print_peek);
}

static int cmd_poke(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        json_t *params, *result;
        size_t cap = strlen(a->pos[2]) + 1;
        char *hex = malloc(cap);
        long long s;
        uint64_t addr;
        int r;

        if (!hex)
                return DBGCTL_EXIT_USAGE;
        if ((r = commands_session_arg(a, &s)))
                goto out;
        if (dbgctl_addr_parse_any(a->pos[1], &addr) < 0) {
                r = usage_error("cannot parse address: %s", a->pos[1]);
                goto out;
        }
        if (dbgctl_hex_normalize(a->pos[2], hex, cap) < 0) {
                r = usage_error("HEX must be pairs of hex digits, got '%s'", a->pos[2]);
                goto out;
        }
        params = commands_session_params(s);
        json_object_set_new(params, "address", jrpc_addr(addr));
        json_object_set_new(params, "bytes", json_string(hex));
        r = client_call(c, "poke", params, &result);
        if (r)
                goto out;
        if (c->json)
                client_print_json(result);
        else
                printf("wrote %" JSON_INTEGER_FORMAT " bytes at 0x%" PRIx64 "\n",
                       json_integer_value(json_object_get(result, "written")), addr);
        json_decref(result);
out:
        free(hex);
        return r;
}

/* The session's params with `address` or `symbol` from ADDR|SYMBOL (pos[1]), in
 * *ret_params; or a usage error for something that starts like a number but is not. */
static int where_params(const struct dbgctl_args *a, json_t **ret_params)
{
        const char *where = a->pos[1];
        json_t *params;
        long long s;
        uint64_t addr;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        if (dbgctl_addr_parse_any(where, &addr) < 0 && isdigit((unsigned char)where[0]))
                return usage_error("cannot parse address: %s", where);
        params = commands_session_params(s);
        if (dbgctl_addr_parse_any(where, &addr) == 0)
                json_object_set_new(params, "address", jrpc_addr(addr));
        else
                json_object_set_new(params, "symbol", json_string(where));
        *ret_params = params;
        return 0;
}

/* delete / unwatch: the id in pos[1], an empty answer, "deleted NOUN ID". */
static int delete_by_id(struct dbgctl_client *c, const struct dbgctl_args *a,
                        const char *method, const char *noun)
{
        json_t *params, *result;
        long long s, id;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        if (dbgctl_uint_parse(a->pos[1], &id) < 0)
                return usage_error("%s must be a number, got '%s'",
                                   strcmp(noun, "breakpoint") == 0 ? "BREAKPOINT"
                                                                  : "WATCHPOINT",
                                   a->pos[1]);
        params = commands_session_params(s);
        json_object_set_new(params, noun, json_integer(id));
        r = client_call(c, method, params, &result);
        if (r)
                return r;
        if (c->json)
                client_print_json(result);
        else
                printf("deleted %s %lld\n", noun, id);
        json_decref(result);
        return DBGCTL_EXIT_OK;
}

static int cmd_break(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        json_t *params = NULL;
        int r;

        if ((r = where_params(a, &params)))
                return r;
        if (a->temporary)
                json_object_set_new(params, "temporary", json_true());
        if (a->pending)
                json_object_set_new(params, "pending", json_true());
        if (a->condition)
                json_object_set_new(params, "condition", json_string(a->condition));
        if (a->ignore >= 0)
                json_object_set_new(params, "ignore", json_integer(a->ignore));
        return commands_call_print(c, "break", params, fmt_breakpoint);
}

static int cmd_breakpoints(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        long long s;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        return commands_call_print(c, "breakpoints", commands_session_params(s), fmt_breakpoints);
}

static int cmd_delete(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        return delete_by_id(c, a, "delete", "breakpoint");
}

void commands_bp_again(json_t *params, json_t *bp)
{
        if (json_is_true(json_object_get(bp, "pending"))) {
                json_object_set(params, "symbol", json_object_get(bp, "symbol"));
                json_object_set_new(params, "pending", json_true());
        } else {
                json_object_set(params, "address", json_object_get(bp, "address"));
        }
}

/* disable / enable SESSION N: breakpoint N `break` again with `enabled`; a watchpoint's
 * number (the two share one count, as gdb's): `watch` with it and `enabled`. */
static int cmd_enable(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        bool on = !strcmp(a->command, "enable");
        json_t *params, *result, *bp;
        long long s, id;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        if (dbgctl_uint_parse(a->pos[1], &id) < 0)
                return usage_error("BREAKPOINT must be a number, got '%s'", a->pos[1]);
        params = commands_session_params(s);
        json_object_set_new(params, "breakpoint", json_integer(id));
        if ((r = client_call(c, "breakpoints", params, &result)))
                return r;
        bp = json_array_get(json_object_get(result, "breakpoints"), 0);
        params = commands_session_params(s);
        if (!bp) { /* a watchpoint, or the daemon says there is none */
                json_decref(result);
                json_object_set_new(params, "watchpoint", json_integer(id));
                json_object_set_new(params, "enabled", json_boolean(on));
                return commands_call_print(c, "watch", params, fmt_watchpoint);
        }
        commands_bp_again(params, bp);
        json_decref(result);
        json_object_set_new(params, "enabled", json_boolean(on));
        return commands_call_print(c, "break", params, fmt_breakpoint);
}

/* handle SESSION [SIGNAL [stop|nostop] [pass|nopass] [print|noprint]] (gdb's handle). */
static int cmd_handle(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        json_t *params;
        long long s;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        params = commands_session_params(s);
        if (a->n_pos > 1) { /* a name, or its number */
                long long n;
                json_t *sig = dbgctl_uint_parse(a->pos[1], &n) == 0 ? json_integer(n)
                                                                    : json_string(a->pos[1]);

                json_object_set_new(params, "signal", sig);
        }
        for (int i = 2; i < a->n_pos; i++) {
                const char *w = a->pos[i];
                bool no = !strncmp(w, "no", 2);

                if (strcmp(w + 2 * no, "stop") && strcmp(w + 2 * no, "pass") &&
                    strcmp(w + 2 * no, "print")) {
                        json_decref(params);
                        return usage_error("expected stop, nostop, pass, nopass, print or "
                                           "noprint, got '%s'", w);
                }
                json_object_set_new(params, w + 2 * no, json_boolean(!no));
        }
        return commands_call_print(c, "handle", params, fmt_handle);
}

static int cmd_watch(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        json_t *params = NULL;
        int r;

        if ((r = where_params(a, &params)))
                return r;
        if (a->length >= 0)
                json_object_set_new(params, "length", json_integer(a->length));
        if (a->rw)
                json_object_set_new(params, "access", json_string("rw"));
        return commands_call_print(c, "watch", params, fmt_watchpoint);
}

static int cmd_unwatch(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        return delete_by_id(c, a, "unwatch", "watchpoint");
}

static int cmd_watchpoints(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        long long s;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        return commands_call_print(c, "watchpoints", commands_session_params(s),
                                   fmt_watchpoints);
}

int commands_output(struct dbgctl_client *c, long long session, const char *stream,
                    long long *offset, FILE *out)
{
        /* Bounded: the daemon's buffers are bounded, so a few rounds drain them. */
        for (int round = 0; round < 1024; round++) {
                json_t *params, *result;
                const char *b64;
                unsigned char *buf;
                size_t len = 0;
                long long dropped;
                int r;

                params = json_pack("{s:I, s:s, s:I, s:s}", "session", (json_int_t)session,
                                   "stream", stream, "offset", (json_int_t)*offset, "format",
                                   "base64");
                r = client_call(c, "output", params, &result);
                if (r)
                        return r;
                b64 = json_string_value(json_object_get(result, "base64"));
                buf = b64 ? fmt_base64_decode(b64, &len) : NULL;
                if (buf && len && out)
                        fwrite(buf, 1, len, out);
                free(buf);
                dropped = json_integer_value(json_object_get(result, "dropped"));
                if (dropped > 0)
                        fprintf(stderr, "dbgctl: %lld bytes of %s were dropped (buffer full)\n",
                                dropped, stream);
                if (json_is_integer(json_object_get(result, "next_offset")))
                        *offset = json_integer_value(json_object_get(result, "next_offset"));
                else
                        *offset += (long long)len;
                json_decref(result);
                if (len == 0 || (out && ferror(out))) /* drained, or no one reads us */
                        break;
        }
        if (out)
                fflush(out);
        return DBGCTL_EXIT_OK;
}

static int cmd_output(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        long long s, offset = a->offset >= 0 ? a->offset : 0;
        const char *stream = a->stream ? a->stream : "stdout";
        json_t *params, *result;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        if (!c->json)
                return commands_output(c, s, stream, &offset, stdout);
        params = commands_session_params(s);
        if (a->stream)
                json_object_set_new(params, "stream", json_string(a->stream));
        if (a->offset >= 0)
                json_object_set_new(params, "offset", json_integer(a->offset));
        r = client_call(c, "output", params, &result);
        if (r)
                return r;
        client_print_json(result);
        json_decref(result);
        return DBGCTL_EXIT_OK;
}

static int cmd_input(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        json_t *params, *result;
        long long s;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        if (a->n_pos < 2 && !a->eof) {
                fprintf(stderr, "dbgctl: input: give DATA, --eof, or both\n");
                return DBGCTL_EXIT_USAGE;
        }
        params = commands_session_params(s);
        if (a->n_pos >= 2)
                json_object_set_new(params, "data", json_string(a->pos[1]));
        if (a->base64)
                json_object_set_new(params, "format", json_string("base64"));
        if (a->eof)
                json_object_set_new(params, "eof", json_true());
        r = client_call(c, "input", params, &result);
        if (r)
                return r;
        if (c->json)
                client_print_json(result);
        else
                printf("%lld bytes pending, stdin %s\n",
                       (long long)json_integer_value(json_object_get(result, "pending")),
                       json_is_true(json_object_get(result, "open")) ? "open" : "closed");
        json_decref(result);
        return DBGCTL_EXIT_OK;
}

static int cmd_kill(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        long long s;
        int r;

        json_t *params;

        if ((r = commands_session_arg(a, &s)))
                return r;
        params = commands_session_params(s);
        if (a->signal)
                json_object_set_new(params, "signal", signal_value(a->signal));
        return commands_call_print(c, "kill", params, fmt_stop_line);
}

static int cmd_close(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        json_t *result;
        long long s;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        r = client_call(c, "close", commands_session_params(s), &result);
        if (r)
                return r;
        if (c->json)
                client_print_json(result);
        else
                printf("closed session %lld\n", s);
        json_decref(result);
        return DBGCTL_EXIT_OK;
}

/* detach SESSION: an attached process goes on without us (gdb's detach). */
static int cmd_detach(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        json_t *result;
        long long s;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        r = client_call(c, "detach", commands_session_params(s), &result);
        if (r)
                return r;
        if (c->json)
                client_print_json(result);
        else
                printf("detached from process %lld, session %lld closed\n",
                       (long long)json_integer_value(json_object_get(result, "pid")), s);
        json_decref(result);
        return DBGCTL_EXIT_OK;
}

static int cmd_call(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        json_t *params = NULL, *result;
        json_error_t e;
        int r;

        if (a->n_pos > 1) {
                params = json_loads(a->pos[1], JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
                if (!params) {
                        fprintf(stderr, "dbgctl: params are not JSON: %s\n", e.text);
                        return DBGCTL_EXIT_USAGE;
                }
                if (!json_is_object(params) && !json_is_array(params)) {
                        json_decref(params);
                        return usage_error("params must be a JSON object or array");
                }
        }
        r = client_call(c, a->pos[0], params, &result);
        if (r)
                return r;
        client_print_json(result);
        json_decref(result);
        return DBGCTL_EXIT_OK;
}

static const struct {
        const char *name;
        int (*run)(struct dbgctl_client *c, const struct dbgctl_args *a);
} command_table[] = {
        { "spawn", cmd_spawn },       { "sessions", cmd_sessions },
        { "status", cmd_status },     { "step", cmd_resume },
        { "next", cmd_resume },       { "finish", cmd_resume },
        { "cont", cmd_resume },       { "syscall", cmd_resume },
        { "pause", cmd_resume },      { "wait", cmd_resume },
        { "threads", cmd_threads },   { "thread", cmd_thread },
        { "regs", cmd_regs },         { "peek", cmd_peek },
        { "poke", cmd_poke },         { "break", cmd_break },
        { "breakpoints", cmd_breakpoints }, { "delete", cmd_delete },
        { "disable", cmd_enable },    { "enable", cmd_enable },
        { "handle", cmd_handle },
        { "watch", cmd_watch },       { "unwatch", cmd_unwatch },
        { "watchpoints", cmd_watchpoints },
        { "output", cmd_output },     { "kill", cmd_kill },
        { "input", cmd_input },
        { "close", cmd_close },       { "call", cmd_call },
        { "detach", cmd_detach },
};

int commands_run(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        int r;

        for (size_t i = 0; i < sizeof(command_table) / sizeof(command_table[0]); i++)
                if (strcmp(command_table[i].name, a->command) == 0)
                        return command_table[i].run(c, a);
        r = progcmd_run(c, a); /* symbols, maps, disasm, backtrace, report, run */
        if (r >= 0)
                return r;
        fprintf(stderr, "dbgctl: unknown command '%s'\n", a->command);
        return DBGCTL_EXIT_USAGE;
}
