/* format.c — human-readable output for dbgctl (see format.h).
 *
 * Every function takes the daemon's result as it came off the wire (borrowed) and is
 * tolerant of missing fields: a field the daemon did not send is left out of the line
 * rather than printed as garbage, so that a newer daemon with extra or fewer fields
 * still reads well. */
#include "format.h"

#include <assert.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"
#include "jrpc.h"

static const char *str_or(json_t *o, const char *key, const char *def)
{
        const char *s = json_string_value(json_object_get(o, key));

        return s ? s : def;
}

/* An integer or a string field, as text ("14", "0x401126"); NULL when absent. */
static const char *scalar_text(json_t *v, char *buf, size_t len)
{
        if (json_is_string(v))
                return json_string_value(v);
        if (json_is_integer(v)) {
                snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
                return buf;
        }
        return NULL;
}

/* Syscall arities on x86-64 (man 2 syscalls; unlisted names print all six). */
static const struct {
        const char *name;
        int n;
} syscall_arity[] = {
        { "read", 3 },          { "write", 3 },         { "open", 3 },
        { "close", 1 },         { "stat", 2 },          { "fstat", 2 },
        { "lstat", 2 },         { "poll", 3 },          { "lseek", 3 },
        { "mmap", 6 },          { "mprotect", 3 },      { "munmap", 2 },
        { "brk", 1 },           { "rt_sigaction", 4 },  { "rt_sigprocmask", 4 },
        { "rt_sigreturn", 0 },  { "ioctl", 3 },         { "pread64", 4 },
        { "pwrite64", 4 },      { "readv", 3 },         { "writev", 3 },
        { "access", 2 },        { "pipe", 1 },          { "select", 5 },
        { "sched_yield", 0 },   { "mremap", 5 },        { "msync", 3 },
        { "madvise", 3 },       { "dup", 1 },           { "dup2", 2 },
        { "pause", 0 },         { "nanosleep", 2 },     { "getitimer", 2 },
        { "alarm", 1 },         { "setitimer", 3 },     { "getpid", 0 },
        { "sendfile", 4 },      { "socket", 3 },        { "connect", 3 },
        { "accept", 3 },        { "sendto", 6 },        { "recvfrom", 6 },
        { "sendmsg", 3 },       { "recvmsg", 3 },       { "shutdown", 2 },
        { "bind", 3 },          { "listen", 2 },        { "clone", 5 },
        { "fork", 0 },          { "vfork", 0 },         { "execve", 3 },
        { "exit", 1 },          { "wait4", 4 },         { "kill", 2 },
        { "uname", 1 },         { "fcntl", 3 },         { "flock", 2 },
        { "fsync", 1 },         { "truncate", 2 },      { "ftruncate", 2 },
        { "getdents", 3 },      { "getcwd", 2 },        { "chdir", 1 },
        { "fchdir", 1 },        { "rename", 2 },        { "mkdir", 2 },
        { "rmdir", 1 },         { "creat", 2 },         { "link", 2 },
        { "unlink", 1 },        { "symlink", 2 },       { "readlink", 3 },
        { "chmod", 2 },         { "fchmod", 2 },        { "chown", 3 },
        { "umask", 1 },         { "gettimeofday", 2 },  { "getrlimit", 2 },
        { "getrusage", 2 },     { "sysinfo", 1 },       { "getuid", 0 },
        { "getgid", 0 },        { "geteuid", 0 },       { "getegid", 0 },
        { "setpgid", 2 },       { "getppid", 0 },       { "getpgrp", 0 },
        { "setsid", 0 },        { "sigaltstack", 2 },   { "arch_prctl", 2 },
        { "prctl", 5 },         { "gettid", 0 },        { "tkill", 2 },
        { "time", 1 },          { "futex", 6 },         { "set_tid_address", 1 },
        { "getdents64", 3 },    { "clock_gettime", 2 }, { "clock_nanosleep", 4 },
        { "exit_group", 1 },    { "tgkill", 3 },        { "openat", 4 },
        { "mkdirat", 3 },       { "newfstatat", 4 },    { "unlinkat", 3 },
        { "readlinkat", 4 },    { "faccessat", 3 },     { "pselect6", 6 },
        { "ppoll", 5 },         { "set_robust_list", 2 }, { "get_robust_list", 3 },
        { "epoll_wait", 4 },    { "epoll_ctl", 4 },     { "epoll_create1", 1 },
        { "dup3", 3 },          { "pipe2", 2 },         { "prlimit64", 4 },
        { "getrandom", 3 },     { "memfd_create", 2 },  { "statx", 5 },
        { "rseq", 4 },          { "clone3", 2 },        { "faccessat2", 4 },
        { "execveat", 5 },      { "close_range", 3 },   { "getcpu", 3 },
};

int fmt_syscall_arity(const char *name)
{
        if (!name)
                return 6;
        for (size_t i = 0; i < sizeof(syscall_arity) / sizeof(syscall_arity[0]); i++)
                if (strcmp(syscall_arity[i].name, name) == 0)
                        return syscall_arity[i].n;
        return 6;
}

static void syscall_name(FILE *out, json_t *sc)
{
        const char *name = str_or(sc, "name", NULL);

        if (name)
                fputs(name, out);
        else
                fprintf(out, "syscall_%#llx", /* as strace names it */
                        (unsigned long long)json_integer_value(json_object_get(sc, "nr")));
}

/* name(args...), its arity's first args, as strace prints a call. */
static void syscall_call(FILE *out, json_t *sc)
{
        json_t *args = json_object_get(sc, "args");
        int n = fmt_syscall_arity(str_or(sc, "name", NULL));
        char buf[64];

        syscall_name(out, sc);
        fputc('(', out);
        for (int i = 0; i < n && (size_t)i < json_array_size(args); i++) {
                const char *a = scalar_text(json_array_get(args, (size_t)i), buf, sizeof(buf));

                fprintf(out, "%s%s", i ? ", " : "", a ? a : "?");
        }
        fputc(')', out);
}

/* " = RET" as strace prints it: -1 and the errno's name for an error, an address in
 * hex for the calls that return one (brk, mmap...), else decimal. */
static void syscall_ret(FILE *out, json_t *sc)
{
        static const char *const addr_calls[] = { "brk", "mmap", "mremap", "shmat" };
        json_t *ret = json_object_get(sc, "ret");
        const char *err = str_or(sc, "error", NULL), *name = str_or(sc, "name", "");

        if (!json_is_integer(ret)) {
                fputs(" = ?", out);
                return;
        }
        if (err) {
                fprintf(out, " = -1 %s", err);
                return;
        }
        for (size_t i = 0; i < sizeof(addr_calls) / sizeof(addr_calls[0]); i++) {
                if (strcmp(name, addr_calls[i]) == 0) {
                        fprintf(out, " = %#llx", (unsigned long long)json_integer_value(ret));
                        return;
                }
        }
        fprintf(out, " = %lld", (long long)json_integer_value(ret));
}

void fmt_syscall_record(FILE *out, json_t *sc)
{
        const char *text = str_or(sc, "text", NULL);

        if (text) { /* the daemon's, in strace's words: the whole line once it returned */
                fputs(text, out);
                return;
        }
        syscall_call(out, sc);
        if (json_object_get(sc, "ret"))
                syscall_ret(out, sc);
}

/* The stop of process pid (a status's "pid", borrowed; may be NULL). Which thread the
 * stop is about goes last: nothing for the main thread (so that a single-threaded
 * program reads as it always did), " in thread TID" for another one, and for a thread
 * that `thread` selected, the reason without a pc and then that thread and its pc: the
 * stop keeps the reason of the thread that stopped, the pc is the selected one's. */
static void stop_line(FILE *out, json_t *stop, json_t *pid, bool where)
{
        const char *reason = str_or(stop, "reason", "stopped");
        json_t *thread = json_object_get(stop, "thread");
        json_t *exited = json_object_get(stop, "thread_exited");
        bool selected = json_is_true(json_object_get(stop, "selected")) &&
                        json_is_integer(thread);
        const char *stop_pc = str_or(stop, "pc", NULL);
        const char *pc = selected ? NULL : stop_pc; /* the pc in the reason part */

        if (strcmp(reason, "breakpoint") == 0) {
                json_t *id = json_object_get(stop, "breakpoint");

                fputs("breakpoint", out);
                if (json_is_integer(id))
                        fprintf(out, " %" JSON_INTEGER_FORMAT, json_integer_value(id));
                if (pc)
                        fprintf(out, " at %s", pc);
        } else if (strcmp(reason, "watchpoint") == 0) {
                fprintf(out, "watchpoint %" JSON_INTEGER_FORMAT,
                        json_integer_value(json_object_get(stop, "watchpoint")));
                if (pc)
                        fprintf(out, " at %s", pc);
                fprintf(out, " (%s: %s -> %s)", str_or(stop, "address", "?"),
                        str_or(stop, "old", "?"), str_or(stop, "value", "?"));
        } else if (strcmp(reason, "syscall-entry") == 0) {
                fputs("syscall-entry ", out);
                fmt_syscall_record(out, json_object_get(stop, "syscall"));
        } else if (strcmp(reason, "syscall-exit") == 0 &&
                   str_or(json_object_get(stop, "syscall"), "text", NULL)) {
                /* the call and its result, as strace prints it */
                fputs("syscall-exit ", out);
                fmt_syscall_record(out, json_object_get(stop, "syscall"));
        } else if (strcmp(reason, "syscall-exit") == 0) {
                json_t *sc = json_object_get(stop, "syscall");

                fputs("syscall-exit ", out);
                syscall_name(out, sc);
                syscall_ret(out, sc);
                if (json_object_get(sc, "error")) /* the raw value too: ERESTARTSYS's */
                        fprintf(out, " (%lld)", (long long)json_integer_value(
                                                        json_object_get(sc, "ret")));
        } else if (strcmp(reason, "signal") == 0) {
                json_t *sig = json_object_get(stop, "signal");
                const char *code_name = str_or(sig, "code_name", NULL);
                const char *addr = str_or(sig, "address", NULL);

                fprintf(out, "signal %s", str_or(sig, "name", "?"));
                if (json_is_true(json_object_get(sig, "group_stop")))
                        fputs(" (group stop)", out);
                else if (code_name)
                        fprintf(out, " (%s)", code_name);
                if (addr)
                        fprintf(out, " at %s", addr);
                if (pc)
                        fprintf(out, ", pc %s", pc);
        } else {
                fputs(reason, out);
                if (pc)
                        fprintf(out, " at %s", pc);
        }
        /* Where: after a step by line or a finish, and at every breakpoint hit (gdb's
         * "Breakpoint 1, work (n=6) at hello.c:9"). */
        if ((where || (strcmp(reason, "breakpoint") == 0 && !selected)) &&
            json_object_get(stop, "symbol")) {
                json_t *src = json_object_get(stop, "source");

                fprintf(out, " in %s", str_or(stop, "symbol", "?"));
                if (src)
                        fprintf(out, " (%s:%" JSON_INTEGER_FORMAT ")",
                                str_or(src, "file", "?"),
                                json_integer_value(json_object_get(src, "line")));
        }
        if (!selected && json_is_integer(thread) && json_is_integer(pid) &&
            json_integer_value(thread) != json_integer_value(pid))
                fprintf(out, " in thread %" JSON_INTEGER_FORMAT, json_integer_value(thread));
        if (json_is_integer(exited))
                fprintf(out, " (thread %" JSON_INTEGER_FORMAT " exited)",
                        json_integer_value(exited));
        if (selected) {
                fprintf(out, "; thread %" JSON_INTEGER_FORMAT " selected",
                        json_integer_value(thread));
                if (stop_pc)
                        fprintf(out, " at %s", stop_pc);
        }
        fputc('\n', out);
}

static void status_line(FILE *out, json_t *status, bool where)
{
        const char *state = str_or(status, "state", "?");

        if (strcmp(state, "stopped") == 0) {
                json_t *ret = json_object_get(json_object_get(status, "stop"), "returned");

                stop_line(out, json_object_get(status, "stop"),
                          json_object_get(status, "pid"), where);
                /* gdb's "Error in testing condition for breakpoint 1:" */
                if (json_is_string(json_object_get(json_object_get(status, "stop"),
                                                   "condition_error")))
                        fprintf(out, "%s\n", str_or(json_object_get(status, "stop"),
                                                   "condition_error", ""));
                /* finish: gdb's line */
                if (json_object_get(ret, "value"))
                        fprintf(out, "Value returned: %s\n", str_or(ret, "value", ""));
                else if (ret)
                        fprintf(out, "Value returned: (%s, not printed)\n",
                                str_or(ret, "type", "?"));
        } else if (strcmp(state, "exited") == 0) {
                fprintf(out, "exited with code %" JSON_INTEGER_FORMAT "\n",
                        json_integer_value(json_object_get(status, "exit_code")));
        } else if (strcmp(state, "killed") == 0) {
                json_t *sig = json_object_get(status, "signal");
                const char *name = str_or(sig, "name", NULL);

                if (name)
                        fprintf(out, "killed by %s", name);
                else
                        fprintf(out, "killed by signal %" JSON_INTEGER_FORMAT,
                                json_integer_value(json_object_get(sig, "number")));
                if (json_is_true(json_object_get(status, "core_dumped")))
                        fputs(" (core dumped)", out);
                fputc('\n', out);
        } else {
                fprintf(out, "%s\n", state);
        }
}

void fmt_stop_line(FILE *out, json_t *status)
{
        status_line(out, status, false);
}

void fmt_stop_where(FILE *out, json_t *status)
{
        status_line(out, status, true);
}

static void command_line(FILE *out, json_t *status)
{
        json_t *args = json_object_get(status, "args");
        size_t i;
        json_t *a;

        fputs(str_or(status, "path", "?"), out);
        json_array_foreach(args, i, a)
        {
                /* The daemon may or may not include argv[0] in args: skip it when it is
                 * the path itself. */
                if (i == 0 && json_is_string(a) &&
                    strcmp(json_string_value(a), str_or(status, "path", "")) == 0)
                        continue;
                fprintf(out, " %s", json_is_string(a) ? json_string_value(a) : "?");
        }
}

void fmt_status(FILE *out, json_t *status)
{
        fprintf(out, "session %" JSON_INTEGER_FORMAT,
                json_integer_value(json_object_get(status, "session")));
        if (json_is_integer(json_object_get(status, "pid")))
                fprintf(out, " (pid %" JSON_INTEGER_FORMAT ")",
                        json_integer_value(json_object_get(status, "pid")));
        if (json_object_get(status, "path")) {
                fputs(": ", out);
                command_line(out, status);
        }
        fputc('\n', out);
        fmt_stop_line(out, status);
}

void fmt_regs(FILE *out, json_t *regs)
{
        const char *key;
        json_t *v;
        int w = 3;
        char buf[32];

        json_object_foreach(regs, key, v)
        {
                if ((int)strlen(key) > w)
                        w = (int)strlen(key);
        }
        json_object_foreach(regs, key, v)
        {
                const char *s = scalar_text(v, buf, sizeof(buf));
                uint64_t n;

                fprintf(out, "%-*s %18s", w, key, s ? s : "?");
                /* A decimal column helps for counters and small values. */
                if (fmt_addr_value(v, &n) == 0 && n < 0x100000)
                        fprintf(out, "  %" PRIu64, n);
                fputc('\n', out);
        }
}

void fmt_hexdump(FILE *out, uint64_t addr, const unsigned char *buf, size_t len)
{
        uint64_t last = len ? addr + len - 1 : addr;
        int w = 1;

        for (uint64_t x = last >> 4; x; x >>= 4)
                w++;
        for (size_t off = 0; off < len; off += 16) {
                size_t n = len - off < 16 ? len - off : 16;

                fprintf(out, "0x%0*" PRIx64 " ", w, addr + off);
                for (size_t i = 0; i < 16; i++) {
                        if (i == 8)
                                fputc(' ', out);
                        if (i < n)
                                fprintf(out, " %02x", buf[off + i]);
                        else
                                fputs("   ", out);
                }
                fputs("  |", out);
                for (size_t i = 0; i < n; i++) {
                        unsigned char c = buf[off + i];

                        fputc(c >= 0x20 && c < 0x7f ? c : '.', out);
                }
                fputs("|\n", out);
        }
}

void fmt_units(FILE *out, uint64_t addr, const unsigned char *buf, size_t len, int unit)
{
        size_t per_line = unit <= 2 ? 8 : (size_t)(16 / unit), n = len / (size_t)unit;

        assert(unit == 1 || unit == 2 || unit == 4 || unit == 8);
        for (size_t i = 0; i < n; i++) {
                uint64_t v = 0;

                for (int b = unit - 1; b >= 0; b--)
                        v = v << 8 | buf[i * (size_t)unit + (size_t)b];
                if (i % per_line == 0)
                        fprintf(out, "%s0x%" PRIx64 ":", i ? "\n" : "", addr + i * (size_t)unit);
                fprintf(out, "\t0x%0*" PRIx64, unit * 2, v);
        }
        if (n)
                fputc('\n', out);
}

void fmt_breakpoint(FILE *out, json_t *bp)
{
        json_t *more;
        size_t i;

        if (json_is_true(json_object_get(bp, "pending")))
                fprintf(out, "breakpoint %" JSON_INTEGER_FORMAT " pending on %s",
                        json_integer_value(json_object_get(bp, "breakpoint")),
                        str_or(bp, "symbol", "?"));
        else
                fprintf(out, "breakpoint %" JSON_INTEGER_FORMAT " at %s",
                        json_integer_value(json_object_get(bp, "breakpoint")),
                        str_or(bp, "address", "?"));
        /* its line, as gdb's "Breakpoint 1 at 0x1180: file f.c, line 9." */
        if (json_is_object(json_object_get(bp, "source")))
                fprintf(out, " (%s:%" JSON_INTEGER_FORMAT ")",
                        str_or(json_object_get(bp, "source"), "file", "?"),
                        json_integer_value(
                                json_object_get(json_object_get(bp, "source"), "line")));
        if (json_is_true(json_object_get(bp, "temporary")))
                fputs(" (temporary)", out);
        if (json_is_false(json_object_get(bp, "enabled")))
                fputs(" (disabled)", out);
        if (json_is_string(json_object_get(bp, "condition")))
                fprintf(out, " if %s", str_or(bp, "condition", "?"));
        if (json_integer_value(json_object_get(bp, "ignore")) > 0)
                fprintf(out, " (ignores %" JSON_INTEGER_FORMAT " hit%s)",
                        json_integer_value(json_object_get(bp, "ignore")),
                        json_integer_value(json_object_get(bp, "ignore")) == 1 ? "" : "s");
        fputc('\n', out);
        /* the other places of the spec (overloads, instances of a line): one each */
        json_array_foreach(json_object_get(bp, "more"), i, more)
                fmt_breakpoint(out, more);
}

static void fmt_signal_row(FILE *out, json_t *r)
{
        fprintf(out, "%-10s %3" JSON_INTEGER_FORMAT "  %-6s %-6s %s\n",
                str_or(r, "signal", "?"), json_integer_value(json_object_get(r, "number")),
                json_is_true(json_object_get(r, "stop")) ? "stop" : "nostop",
                json_is_true(json_object_get(r, "pass")) ? "pass" : "nopass",
                json_is_true(json_object_get(r, "print")) ? "print" : "noprint");
}

/* handle: a signal's row, or every signal's (SIGNAL NUMBER stop|nostop pass|nopass). */
void fmt_handle(FILE *out, json_t *result)
{
        json_t *rows = json_object_get(result, "signals"), *r;
        size_t i;

        if (!rows) {
                fmt_signal_row(out, result);
                return;
        }
        json_array_foreach(rows, i, r)
                fmt_signal_row(out, r);
}

void fmt_watchpoint(FILE *out, json_t *w)
{
        fprintf(out, "watchpoint %" JSON_INTEGER_FORMAT " at %s (%" JSON_INTEGER_FORMAT
                " bytes, %s)%s\n",
                json_integer_value(json_object_get(w, "watchpoint")), str_or(w, "address", "?"),
                json_integer_value(json_object_get(w, "length")), str_or(w, "access", "?"),
                json_is_false(json_object_get(w, "enabled")) ? " (disabled)" : "");
}

void fmt_watchpoints(FILE *out, json_t *result)
{
        json_t *list = json_object_get(result, "watchpoints");
        size_t i;
        json_t *w;

        if (json_array_size(list) == 0) {
                fputs("no watchpoints\n", out);
                return;
        }
        fprintf(out, "%4s  %-18s %6s  %-6s %6s  %s\n", "ID", "ADDRESS", "LENGTH", "ACCESS",
                "HITS", "VALUE");
        json_array_foreach(list, i, w)
        {
                fprintf(out, "%4" JSON_INTEGER_FORMAT "  %-18s %6" JSON_INTEGER_FORMAT
                        "  %-6s %6" JSON_INTEGER_FORMAT "  %s",
                        json_integer_value(json_object_get(w, "watchpoint")),
                        str_or(w, "address", "?"), json_integer_value(json_object_get(w, "length")),
                        str_or(w, "access", "?"), json_integer_value(json_object_get(w, "hits")),
                        str_or(w, "value", "?"));
                if (json_is_false(json_object_get(w, "enabled")))
                        fputs("  (disabled)", out);
                fputc('\n', out);
        }
}

void fmt_breakpoints(FILE *out, json_t *result)
{
        json_t *list = json_object_get(result, "breakpoints");
        size_t i;
        json_t *bp;

        if (json_array_size(list) == 0) {
                fputs("no breakpoints\n", out);
                return;
        }
        fprintf(out, "%4s  %-18s %6s  %-9s  %s\n", "ID", "ADDRESS", "HITS", "TEMPORARY",
                "CONDITION");
        json_array_foreach(list, i, bp)
        {
                long long ignore = json_integer_value(json_object_get(bp, "ignore"));
                const char *cond = str_or(bp, "condition", NULL);
                const char *temporary =
                        json_is_true(json_object_get(bp, "temporary")) ? "yes" : "no";

                fprintf(out, "%4" JSON_INTEGER_FORMAT "  %-18s %6" JSON_INTEGER_FORMAT "  %s",
                        json_integer_value(json_object_get(bp, "breakpoint")),
                        str_or(bp, "address", json_is_true(json_object_get(bp, "pending"))
                                                      ? "(pending)"
                                                      : "?"),
                        json_integer_value(json_object_get(bp, "hits")), temporary);
                if (cond || ignore > 0) /* to the CONDITION column */
                        fprintf(out, "%*s", 11 - (int)strlen(temporary), "");
                if (cond)
                        fputs(cond, out);
                if (ignore > 0)
                        fprintf(out, "%s(ignores %lld hit%s)", cond ? " " : "", ignore,
                                ignore == 1 ? "" : "s");
                if (json_is_false(json_object_get(bp, "enabled")))
                        fputs(cond || ignore > 0 ? " (disabled)" : "  (disabled)", out);
                fputc('\n', out);
        }
}

void fmt_threads(FILE *out, json_t *result)
{
        json_t *list = json_object_get(result, "threads");
        int wtid = 1, wstate = 0, wpc = 0;
        size_t i;
        json_t *t;

        if (json_array_size(list) == 0) {
                fputs("no threads\n", out);
                return;
        }
        /* Columns as wide as their widest value: tids, states and pcs vary in length. */
        json_array_foreach(list, i, t)
        {
                char buf[32];
                int n = snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT,
                                 json_integer_value(json_object_get(t, "tid")));

                if (n > wtid)
                        wtid = n;
                if ((int)strlen(str_or(t, "state", "?")) > wstate)
                        wstate = (int)strlen(str_or(t, "state", "?"));
                if ((int)strlen(str_or(t, "pc", "")) > wpc)
                        wpc = (int)strlen(str_or(t, "pc", ""));
        }
        json_array_foreach(list, i, t)
        {
                const char *pc = str_or(t, "pc", NULL);
                const char *name = str_or(t, "name", NULL);

                /* Padding only where something follows on the line; a running thread
                 * has no pc, its column stays blank. */
                fprintf(out, "%c %*" JSON_INTEGER_FORMAT "  %-*s",
                        json_is_true(json_object_get(t, "current")) ? '*' : ' ', wtid,
                        json_integer_value(json_object_get(t, "tid")),
                        pc || name ? wstate : 0, str_or(t, "state", "?"));
                if (wpc && (pc || name))
                        fprintf(out, "  %-*s", name ? wpc : 0, pc ? pc : "");
                if (name)
                        fprintf(out, "  %s", name);
                if (str_or(t, "symbol", NULL))
                        fprintf(out, "  in %s", str_or(t, "symbol", ""));
                fputc('\n', out);
        }
}

/* command_line() of session s as a new string, or NULL. */
static char *command_string(json_t *s)
{
        char *cmd = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&cmd, &len);

        if (!m)
                return NULL;
        command_line(m, s);
        fclose(m);
        return cmd;
}

void fmt_sessions(FILE *out, json_t *result)
{
        json_t *list = json_object_get(result, "sessions");
        size_t i;
        json_t *s;
        int w = 7;

        if (json_array_size(list) == 0) {
                fputs("no sessions\n", out);
                return;
        }
        /* The command column is as wide as the longest command line, within reason. */
        json_array_foreach(list, i, s)
        {
                char *cmd = command_string(s);
                int len = cmd ? (int)strlen(cmd) : 0;

                if (len > w)
                        w = len > 60 ? 60 : len;
                free(cmd);
        }
        fprintf(out, "%7s %7s  %-*s  %s\n", "SESSION", "PID", w, "COMMAND", "STATE");
        json_array_foreach(list, i, s)
        {
                char *cmd = command_string(s);

                if (!cmd)
                        continue;
                fprintf(out, "%7" JSON_INTEGER_FORMAT " %7" JSON_INTEGER_FORMAT "  %-*s  ",
                        json_integer_value(json_object_get(s, "session")),
                        json_integer_value(json_object_get(s, "pid")), w, cmd);
                fmt_stop_line(out, s);
                free(cmd);
        }
}

unsigned char *fmt_hex_decode(const char *s, size_t *ret_len)
{
        uint8_t *b;

        return decode_hex(s, &b, ret_len) == 0 ? b : NULL;
}

unsigned char *fmt_base64_decode(const char *s, size_t *ret_len)
{
        uint8_t *b;

        return decode_base64(s, &b, ret_len) == 0 ? b : NULL;
}

int fmt_addr_value(json_t *v, uint64_t *ret)
{
        return jrpc_addr_parse(v, ret) == 0 ? 0 : -1;
}

void fmt_gdb_eflags(char *buf, size_t len, uint64_t v)
{
        /* gdb's i386 eflags flags type (features/i386/64bit-core.xml), by bit */
        static const char *const names[22] = {
                [0] = "CF", [2] = "PF", [4] = "AF", [6] = "ZF", [7] = "SF", [8] = "TF",
                [9] = "IF", [10] = "DF", [11] = "OF", [14] = "NT", [16] = "RF",
                [17] = "VM", [18] = "AC", [19] = "VIF", [20] = "VIP", [21] = "ID",
        };
        size_t n = 0;

        n += (size_t)snprintf(buf, len, "[ ");
        for (int bit = 0; bit < 22; bit++)
                if ((v >> bit & 1) && names[bit] && n < len)
                        n += (size_t)snprintf(buf + n, len - n, "%s ", names[bit]);
        if (n < len)
                snprintf(buf + n, len - n, "]");
}

/* gdb's pad_to_column: at least one space, then up to the column. */
static int pad_to(FILE *out, int printed, int col)
{
        int n = printed < col - 1 ? col - printed : 1;

        fprintf(out, "%*s", n, "");
        return printed + n;
}

void fmt_gdb_reg(FILE *out, const char *name, uint64_t v, const char *sym)
{
        static const char *const segs[] = { "cs", "ss", "ds", "es", "fs", "gs" };
        char flags[96];
        int col;

        col = pad_to(out, fprintf(out, "%s", name), 15);
        pad_to(out, col + fprintf(out, "0x%" PRIx64, v), 35);
        if (!strcmp(name, "rip")) {
                fprintf(out, "0x%" PRIx64 "%s%s\n", v, sym ? " " : "", sym ? sym : "");
                return;
        }
        if (!strcmp(name, "rsp") || !strcmp(name, "rbp")) {
                fprintf(out, "0x%" PRIx64 "\n", v);
                return;
        }
        if (!strcmp(name, "eflags")) {
                fmt_gdb_eflags(flags, sizeof(flags), v);
                fprintf(out, "%s\n", flags);
                return;
        }
        for (size_t i = 0; i < sizeof(segs) / sizeof(segs[0]); i++)
                if (!strcmp(name, segs[i])) {
                        fprintf(out, "%" PRId32 "\n", (int32_t)v);
                        return;
                }
        fprintf(out, "%" PRId64 "\n", (int64_t)v);
}
