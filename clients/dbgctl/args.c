/* args.c — dbgctl's command line and value parsers.
 *
 * Global options (--url, --token, --state-dir, --json) may appear anywhere before the
 * first positional of a command whose positionals end the options (spawn, debug: what
 * follows the program is the program's), and anywhere for the other commands. Each
 * command accepts only the options its table entry names, so a typo is a usage error
 * rather than a silently ignored flag. */
#include "args.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SESSION_CMD(n, opts, mn, mx, use, sum) { n, opts, mn, mx, false, use, sum }

const struct dbgctl_command_spec dbgctl_command_specs[] = {
        { "spawn", OPT_SPAWN, 1, -1, true,
          "[--stop WHEN] [--cwd DIR] [--env NAME=VALUE|NAME] [--env-clear] [--stdin TEXT] "
          "[--stdin-open] [--aslr] [--follow-forks] PROG [ARGS...]",
          "start PROG under dbgd; print the session id and the first stop" },
        SESSION_CMD("sessions", 0, 0, 0, "", "list the sessions"),
        SESSION_CMD("status", 0, 1, 1, "SESSION", "show a session's state"),
        SESSION_CMD("step", OPT_COUNT | OPT_TIMEOUT | OPT_STEP, 1, 1,
                    "SESSION [--count N] [--line] [--over] [--timeout S]",
                    "single-step N instructions (1); --line: source lines; --over: "
                    "calls as one"),
        SESSION_CMD("next", OPT_COUNT | OPT_TIMEOUT, 1, 1, "SESSION [--count N]",
                    "step N source lines (1), calls as one (gdb's next)"),
        SESSION_CMD("finish", OPT_TIMEOUT | OPT_FINISH, 1, 1,
                    "SESSION [--frame N] [--timeout S]",
                    "run until the current function (of frame N: gdb's up N, finish) "
                    "returns"),
        SESSION_CMD("cont", OPT_NO_WAIT | OPT_TIMEOUT | OPT_SIGNAL, 1, 1,
                    "SESSION [--no-wait] [--timeout S] [--signal SIG]",
                    "continue to the next stop or the end"),
        SESSION_CMD("syscall", OPT_NO_WAIT | OPT_TIMEOUT | OPT_SIGNAL, 1, 1,
                    "SESSION [--no-wait] [--timeout S] [--signal SIG]",
                    "continue to the next syscall entry or exit"),
        SESSION_CMD("pause", OPT_TIMEOUT, 1, 1, "SESSION", "interrupt a running process"),
        SESSION_CMD("wait", OPT_TIMEOUT, 1, 1, "SESSION [--timeout S]",
                    "wait until the process stops or ends"),
        SESSION_CMD("threads", 0, 1, 1, "SESSION",
                    "list the threads; * marks the current one"),
        SESSION_CMD("thread", 0, 2, 2, "SESSION TID",
                    "make thread TID the current one (regs, step, backtrace act on it)"),
        SESSION_CMD("handle", 0, 1, -1,
                    "SESSION [SIGNAL [stop|nostop] [pass|nopass] [print|noprint]]",
                    "whether a signal stops the process, reaches it, and is an event "
                    "when it does not stop (gdb's handle); "
                    "without SIGNAL: every signal's"),
        SESSION_CMD("regs", OPT_SET, 1, -1, "SESSION [NAME...] [--set NAME=VALUE]",
                    "show (or set) registers"),
        SESSION_CMD("peek", OPT_BASE64, 2, 3, "SESSION ADDR [LEN] [--base64]",
                    "show LEN (8) bytes of memory"),
        SESSION_CMD("poke", 0, 3, 3, "SESSION ADDR HEX", "write bytes to memory"),
        SESSION_CMD("break", OPT_TEMPORARY, 2, 2,
                    "SESSION ADDR|SYMBOL [--temporary] [--pending] [--if COND] [--ignore N]",
                    "set a breakpoint (COND: over the program's variables, as gdb's "
                    "break ... if, or registers)"),
        SESSION_CMD("breakpoints", 0, 1, 1, "SESSION", "list breakpoints"),
        SESSION_CMD("watch", OPT_WATCH, 2, 2, "SESSION ADDR|SYMBOL [--length N] [--rw]",
                    "stop when N (8) bytes are written (--rw: or read)"),
        SESSION_CMD("unwatch", 0, 2, 2, "SESSION WATCHPOINT", "delete a watchpoint"),
        SESSION_CMD("watchpoints", 0, 1, 1, "SESSION", "list watchpoints"),
        SESSION_CMD("delete", 0, 2, 2, "SESSION BREAKPOINT", "delete a breakpoint"),
        SESSION_CMD("disable", 0, 2, 2, "SESSION N",
                    "take breakpoint or watchpoint N out, keeping it (gdb's disable)"),
        SESSION_CMD("enable", 0, 2, 2, "SESSION N",
                    "put a disabled breakpoint or watchpoint back"),
        SESSION_CMD("output", OPT_STREAM | OPT_OFFSET, 1, 1,
                    "SESSION [--stream stdout|stderr] [--offset N]",
                    "print the program's captured output"),
        SESSION_CMD("input", OPT_EOF | OPT_BASE64, 1, 2, "SESSION [DATA] [--eof] [--base64]",
                    "write DATA to the stdin of a program spawned with --stdin-open"),
        SESSION_CMD("kill", OPT_SIGNAL, 1, 1, "SESSION [--signal SIG]",
                    "kill the process (or send it SIG)"),
        SESSION_CMD("close", 0, 1, 1, "SESSION", "kill if alive and forget the session"),
        SESSION_CMD("call", 0, 1, 2, "METHOD [JSON]", "call any method with raw params"),
        SESSION_CMD("detach", 0, 1, 1, "SESSION",
                    "let an attached process go and forget the session"),
        SESSION_CMD("attach", 0, 1, 1, "SESSION|PID",
                    "open the prompt on a session, or attach to process PID"),
        SESSION_CMD("symbols", OPT_LIMIT, 2, 2, "SESSION NAME|ADDR [--limit N]",
                    "look up symbols by name (or glob) or the symbol at ADDR"),
        SESSION_CMD("maps", 0, 1, 1, "SESSION", "show the memory map"),
        SESSION_CMD("disasm", OPT_COUNT, 1, 2, "SESSION [ADDR|SYMBOL] [--count N]",
                    "disassemble N (10) instructions at ADDR (the pc)"),
        SESSION_CMD("backtrace", OPT_LIMIT, 1, 1, "SESSION [--limit N]",
                    "show the call stack"),
        SESSION_CMD("locals", OPT_FRAME, 1, 1, "SESSION [--frame N] [--format F]",
                    "show a frame's arguments and local variables (0: the innermost)"),
        SESSION_CMD("print", OPT_FRAME | OPT_DASH_POS, 2, 2,
                    "SESSION NAME|EXPR [--frame N] [--format F]",
                    "show a variable (a local or argument of the frame, or a global), "
                    "or p->x, a.b[2], *p, &v, -x, $pc; --format x (d, u, o, t, c): "
                    "gdb's print/x"),
        SESSION_CMD("report", 0, 1, 1, "SESSION", "show the crash report of a session"),
        { "run", OPT_RUN, 1, -1, true,
          "[--report FILE] [--record-syscalls] [--follow-forks] [--no-stdin] [--] PROG "
          "[ARGS...]",
          "run PROG to its end under dbgd; report a crash; exit with PROG's status" },
        { "debug", OPT_SPAWN, 1, -1, true,
          "[--stop WHEN] [--cwd DIR] [--env NAME=VALUE|NAME] [--env-clear] [--stdin-open] "
          "PROG [ARGS...]",
          "spawn PROG and open the prompt on it" },
};

const size_t dbgctl_n_command_specs =
        sizeof(dbgctl_command_specs) / sizeof(dbgctl_command_specs[0]);

const struct dbgctl_command_spec *dbgctl_command_spec_find(const char *name)
{
        for (size_t i = 0; i < dbgctl_n_command_specs; i++)
                if (strcmp(dbgctl_command_specs[i].name, name) == 0)
                        return &dbgctl_command_specs[i];
        return NULL;
}

struct option_def {
        const char *name;
        unsigned bit;     /* 0: global */
        bool has_arg;
};

static const struct option_def option_defs[] = {
        { "url", 0, true },         { "token", 0, true },
        { "state-dir", 0, true },   { "json", 0, false },
        { "help", 0, false },       { "version", 0, false },
        { "count", OPT_COUNT, true }, { "no-wait", OPT_NO_WAIT, false },
        { "timeout", OPT_TIMEOUT, true }, { "signal", OPT_SIGNAL, true },
        { "set", OPT_SET, true },   { "base64", OPT_BASE64, false },
        { "temporary", OPT_TEMPORARY, false }, { "pending", OPT_TEMPORARY, false },
        { "if", OPT_TEMPORARY, true },  { "condition", OPT_TEMPORARY, true },
        { "ignore", OPT_TEMPORARY, true },
        { "stream", OPT_STREAM, true },
        { "offset", OPT_OFFSET, true }, { "stop", OPT_SPAWN, true },
        { "cwd", OPT_SPAWN, true }, { "env", OPT_SPAWN, true },
        { "stdin", OPT_SPAWN, true }, { "stdin-open", OPT_SPAWN, false },
        { "aslr", OPT_SPAWN, false }, { "eof", OPT_EOF, false },
        { "env-clear", OPT_SPAWN, false },
        { "report", OPT_RUN, true }, { "record-syscalls", OPT_RUN, false },
        { "no-stdin", OPT_RUN, false },
        { "follow-forks", OPT_SPAWN | OPT_RUN, false },
        { "limit", OPT_LIMIT, true }, { "frame", OPT_FRAME | OPT_FINISH, true },
        { "format", OPT_FRAME, true },
        { "length", OPT_WATCH, true }, { "rw", OPT_WATCH, false },
        { "line", OPT_STEP, false }, { "over", OPT_STEP, false },
};

static const struct option_def *option_find(const char *name, size_t len)
{
        for (size_t i = 0; i < sizeof(option_defs) / sizeof(option_defs[0]); i++)
                if (strlen(option_defs[i].name) == len &&
                    strncmp(option_defs[i].name, name, len) == 0)
                        return &option_defs[i];
        return NULL;
}

static int option_apply(struct dbgctl_args *a, const struct option_def *d, const char *v,
                        char *errbuf, size_t errlen)
{
        const char *n = d->name;

        if (strcmp(n, "url") == 0)
                a->url = v;
        else if (strcmp(n, "token") == 0)
                a->token = v;
        else if (strcmp(n, "state-dir") == 0)
                a->state_dir = v;
        else if (strcmp(n, "json") == 0)
                a->json = true;
        else if (strcmp(n, "help") == 0)
                a->help = true;
        else if (strcmp(n, "version") == 0)
                a->version = true;
        else if (strcmp(n, "count") == 0) {
                if (dbgctl_uint_parse(v, &a->count) < 0) {
                        snprintf(errbuf, errlen, "--count: expected a number, got '%s'", v);
                        return -1;
                }
        } else if (strcmp(n, "no-wait") == 0)
                a->no_wait = true;
        else if (strcmp(n, "timeout") == 0) {
                if (dbgctl_seconds_parse(v, &a->timeout) < 0) {
                        snprintf(errbuf, errlen, "--timeout: expected seconds, got '%s'", v);
                        return -1;
                }
        } else if (strcmp(n, "signal") == 0)
                a->signal = v;
        else if (strcmp(n, "set") == 0) {
                size_t nl;

                if (dbgctl_split_assignment(v, &nl) < 0) {
                        snprintf(errbuf, errlen, "--set: expected NAME=VALUE, got '%s'", v);
                        return -1;
                }
                if (a->n_sets >= DBGCTL_MAX_LIST) {
                        snprintf(errbuf, errlen, "--set: too many");
                        return -1;
                }
                a->sets[a->n_sets++] = v;
        } else if (strcmp(n, "base64") == 0)
                a->base64 = true;
        else if (strcmp(n, "temporary") == 0)
                a->temporary = true;
        else if (strcmp(n, "pending") == 0)
                a->pending = true;
        else if (strcmp(n, "if") == 0 || strcmp(n, "condition") == 0)
                a->condition = v;
        else if (strcmp(n, "ignore") == 0) {
                if (dbgctl_uint_parse(v, &a->ignore) < 0) {
                        snprintf(errbuf, errlen, "--ignore: expected a number, got '%s'", v);
                        return -1;
                }
        }
        else if (strcmp(n, "line") == 0)
                a->line = true;
        else if (strcmp(n, "over") == 0)
                a->over = true;
        else if (strcmp(n, "stream") == 0) {
                if (strcmp(v, "stdout") != 0 && strcmp(v, "stderr") != 0) {
                        snprintf(errbuf, errlen, "--stream: expected stdout or stderr, got '%s'",
                                 v);
                        return -1;
                }
                a->stream = v;
        } else if (strcmp(n, "offset") == 0) {
                if (dbgctl_uint_parse(v, &a->offset) < 0) {
                        snprintf(errbuf, errlen, "--offset: expected a number, got '%s'", v);
                        return -1;
                }
        } else if (strcmp(n, "stop") == 0)
                a->stop = v;
        else if (strcmp(n, "cwd") == 0)
                a->cwd = v;
        else if (strcmp(n, "stdin") == 0)
                a->stdin_text = v;
        else if (strcmp(n, "stdin-open") == 0)
                a->stdin_open = true;
        else if (strcmp(n, "eof") == 0)
                a->eof = true;
        else if (strcmp(n, "env") == 0) {
                if (!*v || *v == '=') {
                        snprintf(errbuf, errlen, "--env: expected NAME=VALUE or NAME, got '%s'",
                                 v);
                        return -1;
                }
                if (a->n_envs >= DBGCTL_MAX_LIST) {
                        snprintf(errbuf, errlen, "--env: too many");
                        return -1;
                }
                a->envs[a->n_envs++] = v;
        } else if (strcmp(n, "aslr") == 0)
                a->aslr = true;
        else if (strcmp(n, "env-clear") == 0)
                a->env_clear = true;
        else if (strcmp(n, "report") == 0)
                a->report_file = v;
        else if (strcmp(n, "record-syscalls") == 0)
                a->record_syscalls = true;
        else if (strcmp(n, "follow-forks") == 0)
                a->follow_forks = true;
        else if (strcmp(n, "no-stdin") == 0)
                a->no_stdin = true;
        else if (strcmp(n, "rw") == 0)
                a->rw = true;
        else if (strcmp(n, "length") == 0) {
                if (dbgctl_uint_parse(v, &a->length) < 0) {
                        snprintf(errbuf, errlen, "--length: expected a number, got '%s'", v);
                        return -1;
                }
        } else if (strcmp(n, "limit") == 0) {
                if (dbgctl_uint_parse(v, &a->limit) < 0) {
                        snprintf(errbuf, errlen, "--limit: expected a number, got '%s'", v);
                        return -1;
                }
        } else if (strcmp(n, "frame") == 0) {
                if (dbgctl_uint_parse(v, &a->frame) < 0) {
                        snprintf(errbuf, errlen, "--frame: expected a number, got '%s'", v);
                        return -1;
                }
        } else if (strcmp(n, "format") == 0) {
                if (strlen(v) != 1 || !strchr("xduotc", v[0])) {
                        snprintf(errbuf, errlen,
                                 "--format: expected one of x, d, u, o, t, c (gdb's print/FMT), "
                                 "got '%s'", v);
                        return -1;
                }
                a->format = v;
        }
        return 0;
}

/* Whether arg is one of spec's options (or a global one): -h, -j, --NAME[=V]. */
static bool is_option(const struct dbgctl_command_spec *spec, const char *arg)
{
        const struct option_def *d;
        const char *name, *eq;

        if (strcmp(arg, "-h") == 0 || strcmp(arg, "-j") == 0)
                return true;
        if (arg[1] != '-')
                return false;
        name = arg + 2;
        eq = strchr(name, '=');
        d = option_find(name, eq ? (size_t)(eq - name) : strlen(name));
        return d && (!d->bit || (spec->options & d->bit));
}

int dbgctl_args_parse(int argc, char **argv, struct dbgctl_args *ret, char *errbuf,
                      size_t errlen)
{
        struct dbgctl_args a = { .count = -1, .timeout = -1, .offset = -1, .limit = -1,
                                 .ignore = -1,
                                 .length = -1, .frame = -1 };
        const struct dbgctl_command_spec *spec = NULL;
        bool options_done = false;
        int i;

        a.pos = calloc((size_t)argc + 1, sizeof(char *));
        if (!a.pos) {
                snprintf(errbuf, errlen, "out of memory");
                return -1;
        }
        for (i = 1; i < argc; i++) {
                char *arg = argv[i];

                if (!options_done && strcmp(arg, "--") == 0) {
                        options_done = true;
                        continue;
                }
                if (!options_done && arg[0] == '-' && arg[1] != '\0' &&
                    !(spec && (spec->options & OPT_DASH_POS) && a.n_pos > 0 &&
                      !is_option(spec, arg))) {
                        const struct option_def *d;
                        const char *name, *eq, *v = NULL;
                        size_t len;

                        if (strcmp(arg, "-h") == 0) {
                                a.help = true;
                                continue;
                        }
                        if (strcmp(arg, "-j") == 0) {
                                a.json = true;
                                continue;
                        }
                        if (arg[1] != '-') {
                                snprintf(errbuf, errlen, "unknown option '%s'", arg);
                                goto fail;
                        }
                        name = arg + 2;
                        eq = strchr(name, '=');
                        len = eq ? (size_t)(eq - name) : strlen(name);
                        d = option_find(name, len);
                        if (!d || (d->bit && (!spec || !(spec->options & d->bit)))) {
                                snprintf(errbuf, errlen, "unknown option '--%.*s'%s%s",
                                         (int)len, name, spec ? " for " : "",
                                         spec ? spec->name : "");
                                goto fail;
                        }
                        if (d->has_arg) {
                                if (eq)
                                        v = eq + 1;
                                else if (i + 1 < argc)
                                        v = argv[++i];
                                else {
                                        snprintf(errbuf, errlen, "option '--%s' needs a value",
                                                 d->name);
                                        goto fail;
                                }
                        } else if (eq) {
                                snprintf(errbuf, errlen, "option '--%s' takes no value",
                                         d->name);
                                goto fail;
                        }
                        if (option_apply(&a, d, v, errbuf, errlen) < 0)
                                goto fail;
                        continue;
                }
                if (!a.command) {
                        a.command = arg;
                        spec = dbgctl_command_spec_find(arg);
                        if (!spec && strcmp(arg, "help") != 0) {
                                snprintf(errbuf, errlen, "unknown command '%s'", arg);
                                goto fail;
                        }
                        continue;
                }
                a.pos[a.n_pos++] = arg;
                if (spec && spec->pos_stops_options)
                        options_done = true;
        }
        if (a.command && strcmp(a.command, "help") == 0) {
                a.help = true;
                a.command = a.n_pos > 0 ? a.pos[0] : NULL;
                a.n_pos = 0;
                spec = a.command ? dbgctl_command_spec_find(a.command) : NULL;
                if (a.command && !spec) {
                        snprintf(errbuf, errlen, "unknown command '%s'", a.command);
                        goto fail;
                }
        }
        if (spec && !a.help && !a.version) {
                if (a.n_pos < spec->min_pos ||
                    (spec->max_pos >= 0 && a.n_pos > spec->max_pos)) {
                        snprintf(errbuf, errlen, "usage: dbgctl %s %s", spec->name,
                                 spec->usage);
                        goto fail;
                }
        }
        *ret = a;
        return 0;
fail:
        free(a.pos);
        return -1;
}

void dbgctl_args_free(struct dbgctl_args *a)
{
        free(a->pos);
        a->pos = NULL;
        a->n_pos = 0;
}

int dbgctl_addr_parse(const char *s, uint64_t *ret)
{
        uint64_t v = 0;
        size_t n;

        if (strncmp(s, "0x", 2) != 0 && strncmp(s, "0X", 2) != 0)
                return DBGCTL_ADDR_NO_PREFIX;
        s += 2;
        n = strlen(s);
        if (n == 0 || n > 16)
                return DBGCTL_ADDR_BAD;
        for (size_t i = 0; i < n; i++) {
                int c = (unsigned char)s[i];

                if (!isxdigit(c))
                        return DBGCTL_ADDR_BAD;
                v = v << 4 | (uint64_t)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
        }
        *ret = v;
        return 0;
}

int dbgctl_addr_parse_any(const char *s, uint64_t *ret)
{
        unsigned long long v;
        char *end;

        if (dbgctl_addr_parse(s, ret) == 0)
                return 0;
        if (!isdigit((unsigned char)s[0]))
                return -1;
        errno = 0;
        v = strtoull(s, &end, 10);
        if (errno || *end)
                return -1;
        *ret = v;
        return 0;
}

int dbgctl_uint_parse(const char *s, long long *ret)
{
        long long v;
        char *end;

        if (!isdigit((unsigned char)s[0]))
                return -1;
        errno = 0;
        v = strtoll(s, &end, 10);
        if (errno || *end)
                return -1;
        *ret = v;
        return 0;
}

int dbgctl_seconds_parse(const char *s, double *ret)
{
        double v;
        char *end;

        if (!isdigit((unsigned char)s[0]) && s[0] != '.')
                return -1;
        errno = 0;
        v = strtod(s, &end);
        if (errno || *end || !isfinite(v) || v < 0)
                return -1;
        *ret = v;
        return 0;
}

long dbgctl_hex_normalize(const char *s, char *out, size_t outlen)
{
        size_t n = 0;

        while (isspace((unsigned char)*s))
                s++;
        if (strncmp(s, "0x", 2) == 0 || strncmp(s, "0X", 2) == 0)
                s += 2;
        for (; *s; s++) {
                int c = (unsigned char)*s;

                if (isspace(c))
                        continue;
                if (!isxdigit(c) || n + 1 >= outlen)
                        return -1;
                out[n++] = (char)tolower(c);
        }
        if (n == 0 || n % 2)
                return -1;
        out[n] = '\0';
        return (long)(n / 2);
}

static char *join(const char *a, const char *b)
{
        size_t la = strlen(a), lb = strlen(b);
        char *s = malloc(la + lb + 1);

        if (!s)
                return NULL;
        memcpy(s, a, la);
        memcpy(s + la, b, lb + 1);
        return s;
}

char *dbgctl_state_dir(const char *opt, const char *env_state, const char *xdg,
                       const char *home)
{
        if (opt && *opt)
                return strdup(opt);
        if (env_state && *env_state)
                return strdup(env_state);
        if (xdg && *xdg)
                return join(xdg, "/dbgd");
        if (home && *home)
                return join(home, "/.local/state/dbgd");
        return NULL;
}

int dbgctl_split_assignment(const char *s, size_t *ret_name_len)
{
        const char *eq = strchr(s, '=');

        if (!eq || eq == s)
                return -1;
        *ret_name_len = (size_t)(eq - s);
        return 0;
}
