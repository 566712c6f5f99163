/* m_exec.c — methods that run and stop processes: spawn, sessions, status, step, cont,
 * syscall, pause, wait, kill, close. */
#include "handlers.h"

#include "errors.h"
#include "session.h"
#include "syscalls.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

extern char **environ;

/* Syscall names -> numbers. Returns the count, or -ERR_INVALID_PARAMS naming the first
 * unknown name in c. *ret is malloc'd (NULL when names is NULL). */
static int syscall_numbers(struct call *c, const char *param, json_t *names, int **ret)
{
        size_t n = json_array_size(names), i;
        int *nrs;
        json_t *v;

        *ret = NULL;
        if (!names)
                return 0;
        if (n == 0) /* not "all": leave the parameter out for that */
                return call_fail(c, -ERR_INVALID_PARAMS,
                                 "params.%s: empty; name at least one syscall, or leave it "
                                 "out", param);
        nrs = calloc(n, sizeof(*nrs));
        if (!nrs)
                return -ENOMEM;
        json_array_foreach(names, i, v) {
                long nr = syscalls_request_number(json_string_value(v));
                if (nr < 0) {
                        free(nrs);
                        return call_fail(c, -ERR_INVALID_PARAMS,
                                         "params.%s: unknown syscall \"%s\"", param,
                                         json_string_value(v));
                }
                nrs[i] = (int)nr;
        }
        *ret = nrs;
        return (int)n;
}

#define DEFAULT_WAIT_S 60.0

/* Build the child's environment: dbgd's (unless env_clear), then params.env on top,
 * where a null value unsets. Returns a new NULL-terminated array of malloc'd strings. */
/* Every name of env is one: not empty, without '=' ({"A=B": "1"} would set A to
 * "B=1"). 0, or fails the call. */
static int check_env_names(struct call *c, json_t *env)
{
        const char *key;
        json_t *v;

        json_object_foreach(env, key, v) {
                if (!*key || strchr(key, '='))
                        return call_fail(c, -ERR_INVALID_PARAMS,
                                         "params.env: \"%s\" is no variable name (empty, or "
                                         "with '=')", key);
        }
        return 0;
}

static char **build_env(json_t *env, int clear)
{
        size_t n = 0, cap = 16;
        char **out = malloc(cap * sizeof(*out));
        const char *key;
        json_t *v;

        if (!out)
                return NULL;
        for (char **e = clear ? NULL : environ; e && *e; e++) {
                const char *eq = strchr(*e, '=');
                if (!eq || (env && json_object_getn(env, *e, (size_t)(eq - *e))))
                        continue; /* overridden or unset below */
                if (n + 1 >= cap) {
                        char **nb = realloc(out, (cap *= 2) * sizeof(*out));
                        if (!nb)
                                goto fail;
                        out = nb;
                }
                out[n++] = strdup(*e);
        }
        json_object_foreach(env, key, v) {
                if (json_is_null(v))
                        continue;
                if (n + 1 >= cap) {
                        char **nb = realloc(out, (cap *= 2) * sizeof(*out));
                        if (!nb)
                                goto fail;
                        out = nb;
                }
                if (asprintf(&out[n], "%s=%s", key, json_string_value(v)) < 0)
                        goto fail;
                n++;
        }
        out[n] = NULL;
        return out;
fail:
        out[n] = NULL;
        for (size_t i = 0; i < n; i++)
                free(out[i]);
        free(out);
        return NULL;
}

static void strv_free(char **v)
{
        for (char **p = v; p && *p; p++)
                free(*p);
        free(v);
}

static const char *env_lookup(char **envp, const char *name)
{
        size_t n = strlen(name);

        for (char **e = envp; e && *e; e++)
                if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
                        return *e + n + 1;
        return NULL;
}

static enum spawn_stop parse_stop(const char *s)
{
        if (strcmp(s, "entry") == 0)
                return SPAWN_STOP_ENTRY;
        if (strcmp(s, "main") == 0)
                return SPAWN_STOP_MAIN;
        if (strcmp(s, "none") == 0)
                return SPAWN_STOP_NONE;
        return SPAWN_STOP_EXEC;
}

int m_spawn(struct call *c, json_t *params, json_t **ret_result)
{
        const char *path = jrpc_param_str(params, "path", NULL);
        json_t *args = jrpc_param(params, "args");
        struct spawn_request sr = {
                .path = path,
                .cwd = jrpc_param_str(params, "cwd", NULL),
                .aslr = jrpc_param_bool(params, "aslr", 0),
                .stop = parse_stop(jrpc_param_str(params, "stop", "exec")),
        };
        struct session *s;
        size_t nargs = json_array_size(args);
        int *filter = NULL;
        uint8_t *in = NULL;
        size_t in_len = 0;
        int r;

        r = syscall_numbers(c, "syscall_filter", jrpc_param(params, "syscall_filter"), &filter);
        if (r < 0)
                return r;
        sr.filter_nrs = filter;
        sr.n_filter_nrs = (size_t)r;
        sr.record_syscalls = jrpc_param_bool(params, "record_syscalls", 0);
        sr.follow_forks = jrpc_param_bool(params, "follow_forks", 0);
        if (sr.cwd) {
                /* Said of the directory, not of the program (the child's chdir error
                 * would read as the program's). */
                struct stat st;
                int e = stat(sr.cwd, &st) < 0 ? errno : !S_ISDIR(st.st_mode) ? ENOTDIR : 0;

                if (e) {
                        call_error_set(c, "cwd", json_string(sr.cwd));
                        r = call_fail_errno(c, -ERR_SPAWN, e, "cannot run in %s: %s", sr.cwd,
                                            strerror(e));
                        goto out;
                }
        }
        if (!*path) {
                r = call_fail(c, -ERR_INVALID_PARAMS, "params.path: must not be empty");
                goto out;
        }
        if ((r = check_env_names(c, jrpc_param(params, "env"))) < 0)
                goto out;
        sr.argv = calloc(nargs + 2, sizeof(char *));
        sr.envp = build_env(jrpc_param(params, "env"), jrpc_param_bool(params, "env_clear", 0));
        if (!sr.argv || !sr.envp) {
                r = -ENOMEM;
                goto out;
        }
        sr.argv[0] = (char *)path;
        for (size_t i = 0; i < nargs; i++)
                sr.argv[i + 1] = (char *)json_string_value(json_array_get(args, i));
        if (jrpc_param(params, "stdin")) {
                r = m_bytes_param(c, params, "stdin",
                                     jrpc_param_str(params, "stdin_format", "text"), &in,
                                     &in_len);
                if (r < 0)
                        goto out;
                sr.stdin_data = (const char *)in;
                sr.stdin_len = in_len;
        }
        sr.stdin_open = jrpc_param_bool(params, "stdin_open", 0);
        sr.output_block = jrpc_param_bool(params, "output_block", 0);
        sr.search_path = env_lookup(sr.envp, "PATH");
        if (!sr.search_path)
                sr.search_path = getenv("PATH");

        r = session_spawn(&sr, &s);
        if (r == -ERR_LIMIT) {
                call_error_set(c, "limit", json_integer((json_int_t)session_limits()->max_sessions));
                r = call_fail(c, r, "at most %zu sessions at once (--max-sessions)",
                              session_limits()->max_sessions);
                goto out;
        }
        if (r < 0) {
                call_error_set(c, "path", json_string(path));
                r = call_fail_errno(c, -ERR_SPAWN, -r, "cannot execute %s: %s", path,
                                    r == -ECHILD ? "the child died before its exec (a "
                                                   "signal from outside?)"
                                                 : strerror(-r));
                goto out;
        }
        r = session_wait(s, c, 10000, ret_result);
out:
        free(in);
        free(filter);
        free(sr.argv);
        strv_free(sr.envp);
        return r;
}

static int by_id(const void *a, const void *b)
{
        int x = (*(struct session *const *)a)->id, y = (*(struct session *const *)b)->id;

        return (x > y) - (x < y);
}

int m_sessions(struct call *c, json_t *params, json_t **ret_result)
{
        json_t *list = json_array();
        struct session **v;
        size_t n = 0;

        for (struct session *s = session_next(NULL); s; s = session_next(s))
                n++;
        v = malloc((n ? n : 1) * sizeof(*v));
        if (!v) {
                json_decref(list);
                return -ENOMEM;
        }
        n = 0;
        for (struct session *s = session_next(NULL); s; s = session_next(s))
                v[n++] = s;
        qsort(v, n, sizeof(*v), by_id); /* in order of creation */
        for (size_t i = 0; i < n; i++)
                json_array_append_new(list, session_status_json(v[i]));
        free(v);
        *ret_result = json_pack("{s:o}", "sessions", list);
        return 0;
}

int m_status(struct call *c, json_t *params, json_t **ret_result)
{
        struct session *s;
        int r = m_session(c, params, &s);

        if (r < 0)
                return r;
        *ret_result = session_status_json(s);
        return 0;
}

/* Resume with intent, then wait for the next stop unless params.wait is false. */
static int resume_and_wait(struct call *c, json_t *params, enum intent intent,
                           unsigned long steps, json_t **ret_result)
{
        json_t *sigv = jrpc_param(params, "signal");
        struct session *s;
        int sig = -1, r;

        r = m_stopped_session(c, params, &s);
        if (r < 0)
                return r;
        if (sigv) {
                sig = jrpc_signal_parse(sigv);
                if (sig < 0)
                        return call_fail(c, -ERR_INVALID_PARAMS, "params.signal: unknown signal");
        }
        r = session_resume(s, intent, steps, sig);
        if (r < 0)
                return call_fail_errno(c, -ERR_SYSTEM, -r, "cannot resume session %d", s->id);
        if (!jrpc_param_bool(params, "wait", 1)) {
                *ret_result = session_status_json(s);
                return 0;
        }
        return session_wait_output(s, c, m_timeout_ms(params, "timeout", DEFAULT_WAIT_S),
                                   jrpc_param_bool(params, "output", 0), ret_result);
}

/* A step by line, over calls or out of a function (stepping.c), then wait. */
static int plan_and_wait(struct call *c, json_t *params, enum plan_kind kind,
                         unsigned long count, bool over, json_t **ret_result)
{
        struct session *s;
        int r = m_stopped_session(c, params, &s);

        if (r < 0)
                return r;
        r = plan_begin(s, kind, count, over, -1);
        if (r == -ERR_NO_SYMBOL) /* finish */
                return call_fail(c, r, "no caller to return to from frame %lu: the "
                                       "outermost frame (the program's entry function, "
                                       "or where the stack cannot be unwound)",
                                 kind == PLAN_FINISH ? count : 0);
        if (r == -ERANGE)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.frame: no frame %lu",
                                 count);
        if (r == -EINVAL)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.frame: frame %lu is an "
                                 "inlined call, which returns nowhere of its own: finish "
                                 "the frame it is inlined into, or from frame 0", count);
        if (r < 0)
                return call_fail_errno(c, -ERR_SYSTEM, -r, "cannot resume session %d", s->id);
        return session_wait(s, c, m_timeout_ms(params, "timeout", DEFAULT_WAIT_S), ret_result);
}

int m_step(struct call *c, json_t *params, json_t **ret_result)
{
        long long count = jrpc_param_int(params, "count", 1);
        bool over = jrpc_param_bool(params, "over", 0);

        if (count < 1)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.count: must be at least 1");
        if (jrpc_param_bool(params, "line", 0) && !over) {
                struct session *s;
                int r = m_stopped_session(c, params, &s);
                unsigned long n;

                if (r < 0)
                        return r;
                /* where inlined functions begin, not entered: in, without running */
                n = session_step_inline(s, (unsigned long)count);
                if (n == (unsigned long)count) {
                        *ret_result = session_status_json(s);
                        return *ret_result ? 0 : -ENOMEM;
                }
                count -= (long long)n;
        }
        if (jrpc_param_bool(params, "line", 0))
                return plan_and_wait(c, params, PLAN_LINE, (unsigned long)count, over,
                                     ret_result);
        if (over)
                return plan_and_wait(c, params, PLAN_INSN, (unsigned long)count, true,
                                     ret_result);
        return resume_and_wait(c, params, INTENT_STEP, (unsigned long)count, ret_result);
}

int m_finish(struct call *c, json_t *params, json_t **ret_result)
{
        long long frame = jrpc_param_int(params, "frame", 0);

        if (frame < 0 || frame > 63)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.frame: must be 0..63");
        return plan_and_wait(c, params, PLAN_FINISH, (unsigned long)frame, false,
                             ret_result);
}

int m_cont(struct call *c, json_t *params, json_t **ret_result)
{
        json_t *names = jrpc_param(params, "names");
        struct session *s;
        int *nrs = NULL, n, r;

        if (!jrpc_param_bool(params, "trace_syscalls", 0)) {
                if (names)
                        return call_fail(c, -ERR_INVALID_PARAMS,
                                         "params.names: only with trace_syscalls");
                return resume_and_wait(c, params, INTENT_CONT, 0, ret_result);
        }
        r = m_session(c, params, &s);
        if (r < 0)
                return r;
        n = syscall_numbers(c, "names", names, &nrs);
        if (n < 0)
                return n;
        if (s->state == STATE_STOPPED) {
                session_syscall_names(s, nrs, (size_t)n);
                s->trace_syscalls = true;
        }
        free(nrs);
        r = resume_and_wait(c, params, INTENT_CONT, 0, ret_result);
        if (r < 0 && s->state == STATE_STOPPED) {
                s->trace_syscalls = false; /* the resume was refused */
                s->names_active = false;
        }
        return r;
}

int m_events(struct call *c, json_t *params, json_t **ret_result)
{
        struct session *s;
        int r = m_session(c, params, &s);

        if (r < 0)
                return r;
        return session_wait_events(s, c, (uint64_t)jrpc_param_int(params, "after", 0),
                                   (size_t)jrpc_param_int(params, "max", 1000),
                                   m_timeout_ms(params, "timeout", 0), ret_result);
}

int m_syscall(struct call *c, json_t *params, json_t **ret_result)
{
        struct session *s;
        int *nrs = NULL, n, r;

        r = m_session(c, params, &s);
        if (r < 0)
                return r;
        n = syscall_numbers(c, "names", jrpc_param(params, "names"), &nrs);
        if (n < 0)
                return n;
        if (s->state == STATE_STOPPED)
                session_syscall_names(s, nrs, (size_t)n);
        free(nrs);
        return resume_and_wait(c, params, INTENT_SYSCALL, 0, ret_result);
}

int m_pause(struct call *c, json_t *params, json_t **ret_result)
{
        struct session *s;
        int r = m_session(c, params, &s);

        if (r < 0)
                return r;
        r = session_pause(s);
        if (r < 0)
                return call_fail_errno(c, -ERR_SYSTEM, -r, "cannot interrupt session %d", s->id);
        return session_wait(s, c, m_timeout_ms(params, "timeout", 10.0), ret_result);
}

int m_wait(struct call *c, json_t *params, json_t **ret_result)
{
        struct session *s;
        int r = m_session(c, params, &s);

        if (r < 0)
                return r;
        return session_wait_output(s, c, m_timeout_ms(params, "timeout", DEFAULT_WAIT_S),
                                   jrpc_param_bool(params, "output", 0), ret_result);
}

int m_kill(struct call *c, json_t *params, json_t **ret_result)
{
        json_t *sigv = jrpc_param(params, "signal");
        int sig = sigv ? jrpc_signal_parse(sigv) : SIGKILL;
        struct session *s;
        bool was_alive;
        int r = m_session(c, params, &s);

        if (r < 0)
                return r;
        if (sig < 0)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.signal: unknown signal");
        if (sig != SIGKILL) {
                r = session_signal(s, sig);
                if (r == -ERR_GONE)
                        return call_fail(c, r, "session %d has ended", s->id);
                if (r < 0)
                        return call_fail_errno(c, -ERR_SYSTEM, -r, "cannot signal session %d",
                                               s->id);
                *ret_result = session_status_json(s);
                return 0;
        }
        was_alive = session_alive(s);
        session_kill(s); /* also followed children left in its process group */
        if (was_alive && s->state == STATE_STOPPED)
                s->state = STATE_RUNNING; /* until the reaper sees the death */
        return session_wait(s, c, 10000, ret_result);
}

int m_close(struct call *c, json_t *params, json_t **ret_result)
{
        struct session *s;
        int r = m_session(c, params, &s);

        if (r < 0)
                return r;
        c->session = NULL;
        session_close(s);
        *ret_result = json_object();
        return 0;
}

int m_threads(struct call *c, json_t *params, json_t **ret_result)
{
        struct session *s;
        int r = m_session(c, params, &s);

        if (r < 0)
                return r;
        *ret_result = json_pack("{s:o}", "threads", session_threads_json(s));
        return 0;
}

int m_thread(struct call *c, json_t *params, json_t **ret_result)
{
        json_int_t want = json_integer_value(jrpc_param(params, "tid"));
        pid_t tid = (pid_t)want;
        struct session *s;
        int r = m_stopped_session(c, params, &s);

        if (r < 0)
                return r;
        if (want <= 0 || want > INT_MAX)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.tid: %" JSON_INTEGER_FORMAT
                                 " is not a thread", want);
        r = session_select_thread(s, tid);
        switch (r) {
        case 0:
                *ret_result = session_status_json(s);
                return 0;
        case -ERR_INVALID_PARAMS:
                return call_fail(c, r, "params.tid: %d is not a thread of session %d",
                                 (int)tid, s->id);
        case -ERR_RUNNING:
                return call_fail(c, r, "thread %d is still stopping: try again", (int)tid);
        default:
                return call_fail(c, -ERR_GONE, "thread %d has ended", (int)tid);
        }
}

/* One signal's row of `handle`: {signal, number, stop, pass}. */
static json_t *handle_row(const struct session *s, int sig)
{
        const char *name = jrpc_signal_name(sig);

        return json_pack("{s:s,s:i,s:b,s:b,s:b}", "signal", name ? name : "?", "number", sig,
                         "stop", session_signal_reported(s, sig), "print",
                         session_signal_prints(s, sig), "pass", session_signal_passes(s, sig));
}

/* gdb's `handle SIG [no]stop [no]pass` and `info signals`. SIGKILL and SIGSTOP cannot
 * be caught, and SIGTRAP is how breakpoints and steps stop: those three keep theirs. */
int m_handle(struct call *c, json_t *params, json_t **ret_result)
{
        json_t *sigv = jrpc_param(params, "signal"), *stop = jrpc_param(params, "stop");
        json_t *pass = jrpc_param(params, "pass"), *print = jrpc_param(params, "print");
        json_t *rows;
        const char *why = NULL;
        struct session *s;
        int r = m_session(c, params, &s), sig;

        if (r < 0)
                return r;
        if (!sigv) {
                if (stop || pass || print)
                        return call_fail(c, -ERR_INVALID_PARAMS,
                                         "params: stop, pass and print need a signal");
                rows = json_array();
                for (sig = 1; sig <= 64; sig++)
                        if (jrpc_signal_name(sig))
                                json_array_append_new(rows, handle_row(s, sig));
                *ret_result = json_pack("{s:o}", "signals", rows);
                return 0;
        }
        sig = jrpc_signal_parse(sigv);
        if (sig < 1)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.signal: not a signal");
        r = session_signal_handle(s, sig, stop ? json_is_true(stop) : -1,
                                  pass ? json_is_true(pass) : -1,
                                  print ? json_is_true(print) : -1, &why);
        if (r == -EPERM)
                return call_fail(c, -ERR_INVALID_PARAMS,
                                 "params.signal: %s keeps its handling (%s)",
                                 jrpc_signal_name(sig), why);
        if (r < 0)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.signal: not a signal");
        *ret_result = handle_row(s, sig);
        return 0;
}
