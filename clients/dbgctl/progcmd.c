/* progcmd.c — symbols, maps, disasm, backtrace, report and run (see progcmd.h). */
#include "progcmd.h"

#include <errno.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "encode.h"
#include "errors.h"
#include "format.h"
#include "transport.h"

extern char **environ;

#define RUN_POLL_S 0.25 /* longest `run` waits before it looks at its signals again */
#define RUN_STDIN_POLL_S 0.02 /* ... while dbgctl's stdin may still bring input */
#define RUN_STDIN_CHUNK (256u << 10) /* most bytes of stdin per `input` call */

/* `run` stands in for the program: a signal that would have reached it from the
 * terminal or a supervisor (Ctrl-C, timeout(1)'s SIGTERM, a hang-up) is caught here and
 * sent on with `kill` `signal` (the program then stops for it, and the loop's next
 * `cont` delivers it); a reader that has gone away (EPIPE on our stdout or stderr) sends
 * it SIGPIPE, as its own write would have. Without this, dbgctl would die and leave the
 * program running in dbgd. */
static volatile sig_atomic_t run_signal;

static void on_run_signal(int sig)
{
        run_signal = sig;
}

static void catch_run_signals(void)
{
        static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
        struct sigaction sa;

        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_run_signal;
        sigemptyset(&sa.sa_mask);
        for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
                sigaction(sigs[i], &sa, NULL);
        signal(SIGPIPE, SIG_IGN);
}

static void send_signal(struct dbgctl_client *c, long long s, int sig)
{
        json_t *params = json_pack("{s:I,s:i}", "session", (json_int_t)s, "signal", sig);
        json_t *result = NULL, *error = NULL;
        char err[256];

        transport_call(c->t, "kill", params, &result, &error, err, sizeof(err));
        json_decref(params);
        json_decref(result);
        json_decref(error); /* it may have ended meanwhile: nothing to say */
}

/* Forward the program's new output; a stream whose reader has gone is read and dropped
 * (the program, spawned with output_block, would block on it), and the program gets one
 * SIGPIPE. Returns nonzero when dbgd could not be asked. */
static int forward_output(struct dbgctl_client *c, long long s, const char *stream,
                          long long *off, FILE *out, bool *gone, bool *piped)
{
        int r;

        if (*gone)
                return commands_output(c, s, stream, off, NULL);
        r = commands_output(c, s, stream, off, out);
        if (r == 0 && ferror(out)) {
                /* A pipe or socket whose reader has gone polls POLLERR: that is EPIPE
                 * (SIGPIPE is ignored here), which the program would have got. Any other
                 * failure (a closed descriptor, a full disk) only stops the copying. */
                struct pollfd pf = { .fd = fileno(out), .events = POLLOUT };

                *gone = true;
                if (!*piped && poll(&pf, 1, 0) == 1 && (pf.revents & POLLERR)) {
                        send_signal(c, s, SIGPIPE);
                        *piped = true;
                }
        }
        return r;
}

/* `run` streams dbgctl's stdin to the program's (spawned with stdin_open): whatever is
 * ready is sent with `input` between the waits, end-of-file with `eof`. Nothing waits
 * for dbgctl's stdin to end, so a stdin that never does (a pipe nobody closes) is what
 * it would be for the program run directly. */
struct stdin_fwd {
        bool open;        /* still forwarding */
        char *buf;        /* read, not yet accepted by dbgd (its queue was full) */
        size_t len;
        bool eof;         /* dbgctl's stdin has ended: send eof after buf */
};

static int input_call(struct dbgctl_client *c, long long s, const char *b64, bool eof,
                      json_t **ret_error, char *err, size_t errlen)
{
        json_t *params = json_pack("{s:I,s:s,s:s,s:b}", "session", (json_int_t)s, "data", b64,
                                   "format", "base64", "eof", eof), *result = NULL;
        int r = transport_call(c->t, "input", params, &result, ret_error, err, errlen);

        json_decref(params);
        json_decref(result);
        return r;
}

/* One `input` call; false when the session will take no more: its stdin is closed (by
 * our eof or by the program), the process is gone, or the call failed. A failure other
 * than these (a --max-body below our chunk, dbgd gone) is said on stderr, and an eof is
 * tried so that the program does not wait for input that will not come. */
static bool send_input(struct dbgctl_client *c, long long s, struct stdin_fwd *f)
{
        char *b64 = encode_base64((const uint8_t *)f->buf, f->len), err[256] = "";
        json_t *error = NULL;
        long long code;
        int r;

        if (!b64)
                return false;
        r = input_call(c, s, b64, f->eof, &error, err, sizeof(err));
        free(b64);
        code = json_integer_value(json_object_get(error, "code"));
        if (r == TRANSPORT_RPC_ERROR && code == dbgd_err_code(-ERR_LIMIT)) {
                json_decref(error); /* the program has not read enough yet: later */
                return true;
        }
        if (r == TRANSPORT_OK) {
                f->len = 0;
                return !f->eof;
        }
        if (r != TRANSPORT_RPC_ERROR ||
            (code != dbgd_err_code(-ERR_STATE) && code != dbgd_err_code(-ERR_GONE))) {
                json_t *e2 = NULL;

                fprintf(stderr, "dbgctl: run: the program's stdin ends here: %s\n",
                        error ? json_string_value(json_object_get(error, "message")) : err);
                input_call(c, s, "", true, &e2, err, sizeof(err));
                json_decref(e2);
        }
        json_decref(error);
        return false;
}

/* Read what stdin has ready (without blocking) and pass it on. Returns true when
 * something moved, so that the caller does not wait before the next round. */
static bool forward_stdin(struct dbgctl_client *c, long long s, struct stdin_fwd *f)
{
        struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
        bool moved = false;

        while (!f->eof && f->len < RUN_STDIN_CHUNK && poll(&p, 1, 0) > 0) {
                ssize_t n = read(STDIN_FILENO, f->buf + f->len, RUN_STDIN_CHUNK - f->len);

                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0) {
                        f->eof = true; /* end, or an error: the program sees end-of-file */
                        break;
                }
                f->len += (size_t)n;
                moved = true;
        }
        if (f->len || f->eof) {
                size_t before = f->len;

                f->open = send_input(c, s, f);
                moved = moved || f->len < before || !f->open;
        }
        return moved;
}


static const char *str(json_t *o, const char *key)
{
        const char *s = json_string_value(json_object_get(o, key));

        return s ? s : "";
}

static const char *base_name(const char *path)
{
        const char *s = strrchr(path, '/');

        return s ? s + 1 : path;
}

/* "crash_here+0x12 (deep.c:18)" or just the pc. */
static void fmt_where(FILE *out, json_t *o, const char *pc_key)
{
        json_t *src = json_object_get(o, "source");

        if (json_object_get(o, "symbol"))
                fprintf(out, "%s", str(o, "symbol"));
        else
                fprintf(out, "%s", str(o, pc_key));
        if (src)
                fprintf(out, " (%s:%lld)", str(src, "file"),
                        (long long)json_integer_value(json_object_get(src, "line")));
}

void progcmd_fmt_frames(FILE *out, json_t *frames)
{
        size_t i;
        json_t *f;

        json_array_foreach(frames, i, f) {
                json_t *index = json_object_get(f, "index");

                fprintf(out, "  #%-2lld %18s  ",
                        json_is_integer(index) ? (long long)json_integer_value(index)
                                               : (long long)i,
                        str(f, "pc"));
                if (json_is_true(json_object_get(f, "inlined"))) {
                        /* a function inlined into the next frame, at the same pc */
                        json_t *src = json_object_get(f, "source");

                        fprintf(out, "%s", str(f, "function"));
                        if (src)
                                fprintf(out, " (%s:%lld)", str(src, "file"),
                                        (long long)json_integer_value(json_object_get(src, "line")));
                        fputs(" (inlined)", out);
                } else if (json_object_get(f, "symbol")) {
                        fmt_where(out, f, "pc");
                } else {
                        fputs("??", out); /* no symbol: gdb's "in ?? ()" */
                }
                if (!json_object_get(f, "source") && json_object_get(f, "module"))
                        fprintf(out, " [%s]", base_name(str(f, "module")));
                if (json_is_true(json_object_get(f, "tailcall")))
                        fputs(" (tail call)", out); /* it jumped to the frame above */
                if (json_is_true(json_object_get(f, "trampoline")))
                        fputs("  <signal handler called>", out); /* as gdb's bt */
                else if (json_is_true(json_object_get(f, "interrupted")))
                        fputs("  <signal>", out); /* the frame the signal interrupted */
                fputc('\n', out);
        }
}

static void fmt_insns(FILE *out, json_t *insns, const char *pc)
{
        size_t i;
        json_t *in;

        json_array_foreach(insns, i, in) {
                const char *sym = str(in, "symbol"), *ops = str(in, "operands");
                const char *target = str(in, "target"), *tsym = str(in, "target_symbol");

                fprintf(out, "  %s %18s  %-22s %-7s %s",
                        strcmp(str(in, "address"), pc) == 0 ? "=>" : "  ", str(in, "address"),
                        str(in, "bytes"), str(in, "mnemonic"), ops);
                /* What the operands refer to, as gdb shows it: a branch's target by
                 * its name, a RIP-relative operand's address and name as a comment. */
                if (*tsym && strcmp(ops, target) == 0)
                        fprintf(out, " <%s>", tsym);
                else if (*target && strcmp(ops, target) != 0)
                        fprintf(out, "  # %s%s%s%s", target, *tsym ? " <" : "", tsym,
                                *tsym ? ">" : "");
                fprintf(out, "%s%s%s\n", *sym ? "  <" : "", sym, *sym ? ">" : "");
        }
}

static void fmt_signal(FILE *out, json_t *sig)
{
        json_t *sender = json_object_get(sig, "sender_pid");
        json_t *seccomp = json_object_get(sig, "seccomp");
        long long code = json_integer_value(json_object_get(sig, "code"));

        /* kill(2) (SI_USER 0), sigqueue(3) (SI_QUEUE -1), tgkill(2) and raise(3)
         * (SI_TKILL -6): si_pid is the sender's; not so for timers and the like */
        if (!json_is_integer(sender) || (code != 0 && code != -1 && code != -6))
                sender = NULL;
        fprintf(out, "%s", str(sig, "name"));
        if (json_object_get(sig, "code_name") || json_object_get(sig, "address") || sender) {
                fputs(" (", out);
                if (json_object_get(sig, "code_name"))
                        fprintf(out, "%s", str(sig, "code_name"));
                if (json_object_get(sig, "address"))
                        fprintf(out, "%sfault address %s",
                                json_object_get(sig, "code_name") ? ", " : "",
                                str(sig, "address"));
                if (sender)
                        fprintf(out, "%ssent by pid %lld",
                                json_object_get(sig, "code_name") ? ", " : "",
                                (long long)json_integer_value(sender));
                fputc(')', out);
        }
        if (json_is_object(seccomp))
                fprintf(out, ": system call %s (%lld) refused by a seccomp filter, data %lld",
                        str(seccomp, "name"),
                        (long long)json_integer_value(json_object_get(seccomp, "nr")),
                        (long long)json_integer_value(json_object_get(seccomp, "data")));
}

/* After a backtrace cut short: how many frames are left out, then the outermost ones
 * (a stack overflow's top-level calls), or that the stack is deeper than dbgd walks.
 * shown: the frames printed before; outer, depth, over: the result's. */
static void fmt_outer(FILE *out, const char *indent, size_t shown, json_t *outer,
                      json_t *depth, json_t *over)
{
        if (json_is_integer(depth)) {
                long long all = json_integer_value(depth);
                long long left = all - (long long)shown - (long long)json_array_size(outer);

                fprintf(out, "%s(%lld frames left out, %lld in all)\n", indent, left, all);
                progcmd_fmt_frames(out, outer);
        } else if (json_is_integer(over)) {
                fprintf(out, "%s(more frames: the stack is deeper than %lld frames)\n", indent,
                        (long long)json_integer_value(over));
        } else {
                fprintf(out, "%s(more frames)\n", indent);
        }
}

const char *progcmd_unreadable(const char *why)
{
        /* gdb's words for the two cases a gdb user meets most: a variable with no
         * location at this pc ("optimized out", also "optimized out (its value at the
         * function's entry)", whose entry value dbgd could not find), and one in a
         * callee-saved register the unwinder did not recover. Other reasons are dbgd's
         * own, more precise than gdb's: kept. */
        if (!strncmp(why, "optimized out", strlen("optimized out")))
                return "optimized out";
        if (strstr(why, "register this frame does not know"))
                return "not saved";
        return why;
}

/* "name = value", as gdb's `info locals` lines; <error> when there is no value. */
static void var_line(FILE *out, json_t *v)
{
        if (json_object_get(v, "value"))
                fprintf(out, "%s = %s\n", str(v, "name"), str(v, "value"));
        else
                fprintf(out, "%s = <%s>\n", str(v, "name"),
                        progcmd_unreadable(str(v, "error")));
}

/* Where a report's process stopped and its machine state: the stop's place, the
 * backtrace, the other threads' stacks, gdb's `bt full`, the code and the registers. */
static void fmt_machine(FILE *out, json_t *rep)
{
        json_t *stop = json_object_get(rep, "stop"), *v;
        const char *key;
        size_t i, n = 0;

        if (stop) {
                json_t *tid = json_object_get(stop, "thread");

                fputs("at ", out);
                fmt_where(out, stop, "pc");
                fprintf(out, ", pc %s", str(stop, "pc"));
                /* Another thread than the main one (the process's pid) took it. */
                if (json_is_integer(tid) &&
                    json_integer_value(tid) != json_integer_value(json_object_get(rep, "pid")))
                        fprintf(out, ", in thread %lld", (long long)json_integer_value(tid));
                fputc('\n', out);
        }
        if (json_object_get(rep, "backtrace")) {
                fputs("\nbacktrace:\n", out);
                progcmd_fmt_frames(out, json_object_get(rep, "backtrace"));
                if (json_object_get(rep, "backtrace_error"))
                        fprintf(out, "  (unwinding stopped: %s)\n", str(rep, "backtrace_error"));
                if (json_is_true(json_object_get(rep, "backtrace_truncated")))
                        fmt_outer(out, "  ", json_array_size(json_object_get(rep, "backtrace")),
                                  json_object_get(rep, "backtrace_outer"),
                                  json_object_get(rep, "backtrace_depth"),
                                  json_object_get(rep, "backtrace_depth_over"));
        }
        json_array_foreach(json_object_get(rep, "threads"), i, v) {
                /* The other threads, as gdb's `thread apply all bt` */
                fprintf(out, "\nthread %lld",
                        (long long)json_integer_value(json_object_get(v, "tid")));
                if (json_object_get(v, "name"))
                        fprintf(out, " (%s)", str(v, "name"));
                fputs(":\n", out);
                progcmd_fmt_frames(out, json_object_get(v, "backtrace"));
                if (json_object_get(v, "backtrace_error"))
                        fprintf(out, "  (unwinding stopped: %s)\n", str(v, "backtrace_error"));
                if (json_is_true(json_object_get(v, "backtrace_truncated")))
                        fprintf(out, "  (more frames)\n");
        }
        if (json_object_get(rep, "variables")) {
                /* gdb's `bt full`: #N FUNCTION (ARGS), then its locals */
                size_t k, j;
                json_t *f, *var;

                fputs("\nvariables:\n", out);
                json_array_foreach(json_object_get(rep, "variables"), k, f) {
                        fprintf(out, "  #%-2lld %s (",
                                (long long)json_integer_value(json_object_get(f, "frame")),
                                str(f, "function"));
                        json_array_foreach(json_object_get(f, "args"), j, var)
                                if (json_object_get(var, "value"))
                                        fprintf(out, "%s%s=%s", j ? ", " : "",
                                                str(var, "name"), str(var, "value"));
                                else
                                        fprintf(out, "%s%s=<%s>", j ? ", " : "",
                                                str(var, "name"),
                                                progcmd_unreadable(str(var, "error")));
                        fputs(")\n", out);
                        json_array_foreach(json_object_get(f, "locals"), j, var) {
                                fputs("        ", out);
                                var_line(out, var);
                        }
                }
        }
        if (json_object_get(rep, "disassembly")) {
                fputs("\ncode:\n", out);
                fmt_insns(out, json_object_get(rep, "disassembly"), str(stop, "pc"));
        }
        if (json_object_get(rep, "registers")) {
                fputs("\nregisters:", out);
                json_object_foreach(json_object_get(rep, "registers"), key, v) {
                        fprintf(out, "%s%-8s %-18s", n % 4 ? "  " : "\n  ", key,
                                json_string_value(v));
                        n++;
                }
                fputc('\n', out);
        }
}

void progcmd_fmt_children(FILE *out, json_t *rep)
{
        json_t *child, *v;
        size_t k, i;

        json_array_foreach(json_object_get(rep, "children"), k, child) {
                fprintf(out, "==== dbgd crash report: child process %lld of %lld ====\n"
                             "command:",
                        (long long)json_integer_value(json_object_get(child, "pid")),
                        (long long)json_integer_value(json_object_get(rep, "pid")));
                json_array_foreach(json_object_get(child, "command_line"), i, v)
                        fprintf(out, " %s", json_string_value(v));
                fputs("\nkilled by ", out);
                fmt_signal(out, json_object_get(child, "signal"));
                fprintf(out, ", exit status %lld\n",
                        (long long)json_integer_value(json_object_get(child, "exit_status")));
                fmt_machine(out, child);
                fputs("==== end of report ====\n", out);
        }
        if (json_integer_value(json_object_get(rep, "children_omitted")) > 0)
                fprintf(out, "(%lld more child processes killed by a signal: "
                             "their reports were not kept)\n",
                        (long long)json_integer_value(json_object_get(rep, "children_omitted")));
}

void progcmd_fmt_report(FILE *out, json_t *rep)
{
        json_t *cmd = json_object_get(rep, "command_line"), *v, *stop;
        const char *state = str(rep, "state");
        size_t i;

        fputs("==== dbgd crash report ====\ncommand:", out);
        json_array_foreach(cmd, i, v)
                fprintf(out, " %s", json_string_value(v));
        fputc('\n', out);
        if (strcmp(state, "killed") == 0) {
                fprintf(out, "killed by ");
                fmt_signal(out, json_object_get(rep, "signal"));
                fprintf(out, ", exit status %lld%s\n",
                        (long long)json_integer_value(json_object_get(rep, "exit_status")),
                        json_is_true(json_object_get(rep, "core_dumped")) ? ", core dumped" : "");
        } else if (strcmp(state, "exited") == 0) {
                fprintf(out, "exited with code %lld\n",
                        (long long)json_integer_value(json_object_get(rep, "exit_code")));
        } else {
                fprintf(out, "state: %s\n", state);
        }
        stop = json_object_get(rep, "stop");
        if (stop && strcmp(state, "stopped") == 0 && json_object_get(stop, "signal")) {
                fputs("stopped by ", out); /* live: the signal is still to be delivered */
                fmt_signal(out, json_object_get(stop, "signal"));
                fputc('\n', out);
        }
        fmt_machine(out, rep);
        if (json_array_size(json_object_get(rep, "syscalls"))) {
                fputs("\nlast syscalls:\n", out);
                json_array_foreach(json_object_get(rep, "syscalls"), i, v) {
                        json_t *sc = json_object_get(v, "syscall");

                        if (!sc)
                                sc = v;
                        json_t *who = json_object_get(sc, "thread");

                        if (!json_is_integer(who))
                                who = json_object_get(sc, "pid"); /* a followed child */
                        fputs("  ", out);
                        if (json_is_integer(who))
                                fprintf(out, "[pid %lld] ", /* as strace -f */
                                        (long long)json_integer_value(who));
                        fmt_syscall_record(out, sc);
                        fputc('\n', out);
                }
        }
        for (int k = 0; k < 2; k++) {
                json_t *o = json_object_get(rep, k ? "stderr" : "stdout");
                const char *t = str(o, "text");

                if (!*t)
                        continue;
                fprintf(out, "\n%s (%s):\n%s%s", k ? "stderr" : "stdout",
                        json_is_true(json_object_get(o, "truncated")) ? "last bytes" : "all",
                        t, t[strlen(t) - 1] == '\n' ? "" : "\n");
        }
        fputs("==== end of report ====\n", out);
        progcmd_fmt_children(out, rep);
}

/* ---- run ---------------------------------------------------------------------------- */

static int write_json_file(const char *path, json_t *v)
{
        if (json_dump_file(v, path, JSON_INDENT(2)) < 0) {
                fprintf(stderr, "dbgctl: cannot write the report to %s: %s\n", path,
                        strerror(errno));
                return -1;
        }
        return 0;
}

/* A dbgctl killed with SIGKILL (a CI job cancelled, an OOM kill) catches nothing, and
 * its program would run on in dbgd. So `run` leaves a guard: a child in a process group
 * of its own (a kill of dbgctl's group misses it; both sides set it, so it holds
 * before the child has even run), with nothing of dbgctl's open but one end of a
 * pipe. dbgctl says "done" on the pipe when it has finished; if the
 * pipe ends without it, dbgctl died, and the guard closes the session, which kills the
 * program. Returns the write end (-1: no guard; run goes on without one). */
static int guard_start(struct dbgctl_client *c, long long session, pid_t *ret_pid)
{
        int fds[2], null;
        pid_t pid;

        if (pipe2(fds, O_CLOEXEC) < 0)
                return -1;
        pid = fork();
        if (pid < 0) {
                close(fds[0]);
                close(fds[1]);
                return -1;
        }
        if (pid == 0) {
                struct transport *t;
                json_t *result = NULL, *error = NULL;
                char b = 0, err[256];
                ssize_t n;

                close(fds[1]);
                setpgid(0, 0);
                signal(SIGINT, SIG_IGN);
                signal(SIGTERM, SIG_IGN);
                signal(SIGHUP, SIG_IGN);
                signal(SIGPIPE, SIG_IGN);
                null = open("/dev/null", O_RDWR | O_CLOEXEC);
                for (int fd = 0; fd < 3 && null >= 0; fd++)
                        dup2(null, fd); /* no pipe of dbgctl's is kept open here */
                do
                        n = read(fds[0], &b, 1);
                while (n < 0 && errno == EINTR);
                if (n == 1 && b == 'd')
                        _exit(0);
                t = transport_new(c->url, c->token, err, sizeof(err));
                if (t && transport_call(t, "close", commands_session_params(session), &result,
                                        &error, err, sizeof(err)) >= 0) {
                        json_decref(result);
                        json_decref(error);
                }
                _exit(0);
        }
        setpgid(pid, pid);
        close(fds[0]);
        *ret_pid = pid;
        return fds[1];
}

static void guard_done(int fd, pid_t pid)
{
        if (fd < 0)
                return;
        if (write(fd, "d", 1) < 0) {
                /* the guard is gone: nothing to tell it */
        }
        close(fd);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
                ;
}

static int cmd_run(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        json_t *params = commands_spawn_params(a, a->pos, a->n_pos), *env, *st = NULL;
        long long s, out_off = 0, err_off = 0;
        int r, status = DBGCTL_EXIT_RPC;
        struct stdin_fwd fwd = { 0 };
        bool out_gone = false, err_gone = false, piped = false;
        pid_t guard_pid = 0;
        int guard;

        if (!params)
                return DBGCTL_EXIT_USAGE;
        /* The program gets dbgctl's environment, as the command it stands in front of
         * would, not the daemon's. */
        env = json_object();
        for (char **e = environ; *e; e++) {
                const char *eq = strchr(*e, '=');
                char *name = eq ? strndup(*e, (size_t)(eq - *e)) : NULL;

                if (name)
                        json_object_set_new(env, name, json_string(eq + 1));
                free(name);
        }
        json_object_set_new(params, "env", env);
        json_object_set_new(params, "env_clear", json_true());
        json_object_set_new(params, "stop", json_string("none"));
        /* Every byte reaches dbgctl's stdout, as without dbgctl: the program waits for
         * us rather than lose output (`wait` with `output` answers as soon as there is
         * some to forward). */
        json_object_set_new(params, "output_block", json_true());
        /* A terminal stays dbgctl's: interactive programs are for `dbgctl debug`. */
        fwd.open = !a->no_stdin && !isatty(STDIN_FILENO);
        if (fwd.open) {
                fwd.buf = malloc(RUN_STDIN_CHUNK);
                if (!fwd.buf) {
                        json_decref(params);
                        return DBGCTL_EXIT_RPC;
                }
                json_object_set_new(params, "stdin_open", json_true());
        }
        if (a->record_syscalls)
                json_object_set_new(params, "record_syscalls", json_true());
        catch_run_signals();
        r = client_call(c, "spawn", params, &st);
        if (r) {
                free(fwd.buf);
                return r == DBGCTL_EXIT_RPC ? 127 : r; /* as a shell: cannot execute */
        }
        s = json_integer_value(json_object_get(st, "session"));
        guard = guard_start(c, s, &guard_pid);

        for (;;) {
                const char *state = str(st, "state");

                if (run_signal) {
                        int sig = run_signal;

                        run_signal = 0;
                        send_signal(c, s, sig);
                }
                if (forward_output(c, s, "stdout", &out_off, stdout, &out_gone, &piped) ||
                    forward_output(c, s, "stderr", &err_off, stderr, &err_gone, &piped))
                        break;
                if (strcmp(state, "exited") == 0) {
                        json_t *rep;

                        status = (int)json_integer_value(json_object_get(st, "exit_code"));
                        /* A child a signal killed (a test runner's test) has a report
                         * though the program exited. */
                        if (a->follow_forks &&
                            client_call(c, "report", commands_session_params(s), &rep) == 0) {
                                if (json_array_size(json_object_get(rep, "children"))) {
                                        fflush(stdout);
                                        progcmd_fmt_children(stderr, rep);
                                        if (a->report_file &&
                                            write_json_file(a->report_file, rep) < 0)
                                                status = DBGCTL_EXIT_RPC;
                                }
                                json_decref(rep);
                        }
                        break;
                }
                if (strcmp(state, "killed") == 0) {
                        json_t *rep;
                        int sig = (int)json_integer_value(
                                json_object_get(json_object_get(st, "signal"), "number"));

                        status = 128 + sig;
                        if (client_call(c, "report", commands_session_params(s), &rep) == 0) {
                                fflush(stdout);
                                /* The SIGPIPE our reader's going gave it is no crash: it
                                 * ends as it would without dbgctl (`run prog | head`). */
                                if (!(sig == SIGPIPE && piped))
                                        progcmd_fmt_report(stderr, rep);
                                if (a->report_file && write_json_file(a->report_file, rep) < 0)
                                        status = DBGCTL_EXIT_RPC;
                                json_decref(rep);
                        }
                        break;
                }
                /* Stopped (a signal on its way, a job-control stop): resume, delivering
                 * what is pending; dbgd has taken its crash snapshot at the stop. */
                const char *method = strcmp(state, "stopped") == 0 ? "cont" : "wait";
                double wait_s = RUN_POLL_S;

                if (fwd.open)
                        wait_s = forward_stdin(c, s, &fwd) ? 0 : RUN_STDIN_POLL_S;
                json_decref(st);
                st = NULL;
                r = client_call(c, method,
                                json_pack("{s:I,s:f,s:b}", "session", (json_int_t)s,
                                          "timeout", wait_s, "output", 1),
                                &st);
                if (r) {
                        status = r;
                        break;
                }
        }
        json_decref(st);
        free(fwd.buf);
        fflush(stdout);
        fflush(stderr);
        if (client_call(c, "close", commands_session_params(s), &st) == 0)
                json_decref(st);
        guard_done(guard, guard_pid);
        return status;
}

/* ---- one-shot commands -------------------------------------------------------------- */

static void human_symbols(FILE *out, json_t *res)
{
        size_t i;
        json_t *sym;

        json_array_foreach(json_object_get(res, "symbols"), i, sym) {
                fprintf(out, "%18s  ", json_object_get(sym, "address") ? str(sym, "address")
                                                                       : "");
                if (json_object_get(sym, "name"))
                        fprintf(out, "%-6s %-6s %6lld  ", str(sym, "type"), str(sym, "binding"),
                                (long long)json_integer_value(json_object_get(sym, "size")));
                fmt_where(out, sym, json_object_get(sym, "demangled") ? "demangled" : "name");
                fprintf(out, "  [%s]\n", base_name(str(sym, "module")));
        }
}

static void human_maps(FILE *out, json_t *res)
{
        size_t i;
        json_t *m;

        json_array_foreach(json_object_get(res, "maps"), i, m)
                fprintf(out, "%18s-%-18s %s %10s  %s\n", str(m, "start"), str(m, "end"),
                        str(m, "perms"), str(m, "offset"), str(m, "path"));
}

static void human_disasm(FILE *out, json_t *res)
{
        fmt_insns(out, json_object_get(res, "instructions"), "");
}

static void human_backtrace(FILE *out, json_t *res)
{
        progcmd_fmt_frames(out, json_object_get(res, "frames"));
        if (json_object_get(res, "error"))
                fprintf(out, "(unwinding stopped: %s)\n", str(res, "error"));
        if (json_is_true(json_object_get(res, "truncated")) && json_object_get(res, "outer"))
                fmt_outer(out, "", json_array_size(json_object_get(res, "frames")),
                          json_object_get(res, "outer"), json_object_get(res, "depth"),
                          json_object_get(res, "depth_over"));
        else if (json_is_true(json_object_get(res, "truncated")))
                fprintf(out, "(more frames: --limit N shows more)\n");
}

static int cmd_simple(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        long long s;
        json_t *p;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        p = commands_session_params(s);
        if (strcmp(a->command, "maps") == 0)
                return commands_call_print(c, "maps", p, human_maps);
        if (strcmp(a->command, "report") == 0)
                return commands_call_print(c, "report", p, progcmd_fmt_report);
        if (a->limit >= 0)
                json_object_set_new(p, "limit", json_integer(a->limit));
        if (strcmp(a->command, "backtrace") == 0) {
                /* and the outermost frames of a stack cut short, as the report has */
                json_object_set_new(p, "outer", json_integer(8));
                return commands_call_print(c, "backtrace", p, human_backtrace);
        }
        /* symbols NAME|ADDR */
        if (strncmp(a->pos[1], "0x", 2) == 0)
                json_object_set_new(p, "address", json_string(a->pos[1]));
        else
                json_object_set_new(p, "name", json_string(a->pos[1]));
        return commands_call_print(c, "symbols", p, human_symbols);
}

/* "title:" and the variables under it, or "(none)". */
static void var_list(FILE *out, const char *title, json_t *vars)
{
        size_t i;
        json_t *v;

        fprintf(out, "%s:\n", title);
        json_array_foreach(vars, i, v) {
                fputs("  ", out);
                var_line(out, v);
        }
        if (!json_array_size(vars))
                fputs("  (none)\n", out);
}

void progcmd_fmt_locals(FILE *out, json_t *res)
{
        fprintf(out, "frame %lld, in %s\n",
                (long long)json_integer_value(json_object_get(res, "frame")),
                str(res, "function"));
        var_list(out, "arguments", json_object_get(res, "args"));
        var_list(out, "locals", json_object_get(res, "locals"));
}

void progcmd_fmt_print(FILE *out, json_t *res)
{
        var_line(out, res);
}

void progcmd_fmt_vars(FILE *out, json_t *res, bool args)
{
        json_t *vars = json_object_get(res, args ? "args" : "locals"), *v;
        size_t i;

        json_array_foreach(vars, i, v)
                var_line(out, v);
        if (!json_array_size(vars))
                fputs(args ? "No arguments.\n" : "No locals.\n", out);
}

static int cmd_vars(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        long long s;
        json_t *p;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        p = commands_session_params(s);
        if (a->frame >= 0)
                json_object_set_new(p, "frame", json_integer(a->frame));
        if (a->format)
                json_object_set_new(p, "format", json_string(a->format));
        if (strcmp(a->command, "locals") == 0)
                return commands_call_print(c, "locals", p, progcmd_fmt_locals);
        json_object_set_new(p, "name", json_string(a->pos[1]));
        return commands_call_print(c, "print", p, progcmd_fmt_print);
}

static int cmd_disasm(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        long long s;
        json_t *p, *res;
        int r;

        if ((r = commands_session_arg(a, &s)))
                return r;
        p = commands_session_params(s);
        if (a->count >= 0)
                json_object_set_new(p, "count", json_integer(a->count));
        if (a->n_pos > 1 && strncmp(a->pos[1], "0x", 2) == 0) {
                json_object_set_new(p, "address", json_string(a->pos[1]));
        } else if (a->n_pos > 1) {
                /* A symbol: its address first. */
                r = client_call(c, "symbols",
                                json_pack("{s:I,s:s,s:i}", "session", (json_int_t)s, "name",
                                          a->pos[1], "limit", 1),
                                &res);
                if (r) {
                        json_decref(p);
                        return r;
                }
                json_t *sym = json_array_get(json_object_get(res, "symbols"), 0);
                if (!sym) {
                        json_decref(res);
                        json_decref(p);
                        fprintf(stderr, "dbgctl: no symbol '%s'\n", a->pos[1]);
                        return DBGCTL_EXIT_RPC;
                }
                json_object_set(p, "address", json_object_get(sym, "address"));
                json_decref(res);
        }
        return commands_call_print(c, "disasm", p, human_disasm);
}

int progcmd_run(struct dbgctl_client *c, const struct dbgctl_args *a)
{
        if (strcmp(a->command, "run") == 0)
                return cmd_run(c, a);
        if (strcmp(a->command, "disasm") == 0)
                return cmd_disasm(c, a);
        if (strcmp(a->command, "locals") == 0 || strcmp(a->command, "print") == 0)
                return cmd_vars(c, a);
        if (strcmp(a->command, "symbols") == 0 || strcmp(a->command, "maps") == 0 ||
            strcmp(a->command, "backtrace") == 0 || strcmp(a->command, "report") == 0)
                return cmd_simple(c, a);
        return -1;
}
