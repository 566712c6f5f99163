/* m_attach.c — attach and detach: debugging a process that dbgd did not start.
 *
 * Attaching is a privilege beyond spawn's: spawn runs a program as dbgd's user, attach
 * reads and changes one that is already running, with its secrets (docs/security.md).
 * So it is off unless dbgd was started with --allow-attach, and even then it refuses
 * what would hurt dbgd or the system: dbgd itself and its ancestors (stopping one
 * could stop dbgd or whoever waits for it), pid 1, a process traced already (by
 * another debugger or by one of our sessions), zombies and kernel threads. A process
 * whose main thread has left (pthread_exit) reads as a zombie too, but its other
 * threads run: it is attached through them (session_attach). The kernel's own checks
 * (ptrace_scope, uids, CAP_SYS_PTRACE) apply after ours. */
#include "handlers.h"

#include "errors.h"
#include "session.h"
#include "tracee.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool allow_attach;

void m_set_allow_attach(bool on)
{
        allow_attach = on;
}

int m_refuse_attached(struct call *c, struct session *s, const char *what)
{
        call_error_set(c, "pid", json_integer(s->pid));
        return call_fail(c, -ERR_STATE,
                         "session %d is attached to process %d, whose stdin, stdout and "
                         "stderr are its own: dbgd captures nothing (`%s` is for spawned "
                         "sessions)",
                         s->id, (int)s->pid, what);
}

/* Is pid one of dbgd's ancestors (its parent, the parent's parent, ... up to 1)? */
static bool is_ancestor(pid_t pid)
{
        pid_t p = getppid();

        for (int depth = 0; p > 1 && depth < 4096; depth++) {
                struct proc_info pi;

                if (p == pid)
                        return true;
                if (tracee_proc_info(p, &pi) < 0)
                        break;
                p = pi.ppid;
        }
        return false;
}

/* /proc/sys/kernel/yama/ptrace_scope, or -1 without Yama. */
static int ptrace_scope(void)
{
        char buf[16] = "";
        int fd = open("/proc/sys/kernel/yama/ptrace_scope", O_RDONLY | O_CLOEXEC);
        ssize_t n;

        if (fd < 0)
                return -1;
        n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        return n > 0 ? atoi(buf) : -1;
}

static int refuse(struct call *c, pid_t pid, const char *reason)
{
        call_error_set(c, "reason", json_string(reason));
        call_error_set(c, "pid", json_integer(pid));
        return -ERR_ATTACH;
}

/* The session (of this dbgd) whose process is pid, or NULL. */
static struct session *session_of_pid(pid_t pid)
{
        for (struct session *s = session_next(NULL); s; s = session_next(s))
                if (s->pid == pid && session_alive(s))
                        return s;
        return NULL;
}

static int attach_failed(struct call *c, pid_t pid, int r)
{
        int scope = ptrace_scope();

        if (r == -ERR_LIMIT) {
                call_error_set(c, "limit",
                               json_integer((json_int_t)session_limits()->max_sessions));
                return call_fail(c, r, "at most %zu sessions at once (--max-sessions)",
                                 session_limits()->max_sessions);
        }
        if (r == -ESRCH) {
                call_error_set(c, "pid", json_integer(pid));
                return call_fail_errno(c, -ERR_INVALID_PARAMS, ESRCH,
                                       "params.pid: no process %d", (int)pid);
        }
        refuse(c, pid, "ptrace");
        if (scope >= 0)
                call_error_set(c, "ptrace_scope", json_integer(scope));
        if (r == -EPERM || r == -EACCES)
                return call_fail_errno(
                        c, -ERR_ATTACH, -r,
                        "the kernel refused to let dbgd trace process %d: %s. It must be "
                        "dbgd's user's (or dbgd must have CAP_SYS_PTRACE), and "
                        "/proc/sys/kernel/yama/ptrace_scope must allow it (it is %d: 0 "
                        "lets a process trace any of its user's, 1 only its descendants, "
                        "2 needs CAP_SYS_PTRACE, 3 forbids attaching)",
                        (int)pid, strerror(-r), scope);
        return call_fail_errno(c, -ERR_ATTACH, -r < ERR__BASE ? -r : 0,
                               "cannot attach to process %d: %s", (int)pid,
                               -r < ERR__BASE ? strerror(-r) : "internal error");
}

int m_attach(struct call *c, json_t *params, json_t **ret_result)
{
        json_int_t want = json_integer_value(jrpc_param(params, "pid"));
        struct proc_info pi;
        struct session *s;
        char *exe, name[64] = "?";
        pid_t pid, live;
        int r, e;

        if (!allow_attach) {
                call_error_set(c, "reason", json_string("disabled"));
                return call_fail(c, -ERR_ATTACH,
                                 "this dbgd was started without --allow-attach: it debugs "
                                 "only the programs it spawns (see docs/security.md)");
        }
        if (want <= 0 || want > INT_MAX)
                return call_fail(c, -ERR_INVALID_PARAMS,
                                 "params.pid: %" JSON_INTEGER_FORMAT " is not a process id",
                                 want);
        pid = (pid_t)want;
        if (tracee_proc_info(pid, &pi) < 0) {
                call_error_set(c, "pid", json_integer(pid));
                return call_fail_errno(c, -ERR_INVALID_PARAMS, ESRCH,
                                       "params.pid: no process %d", (int)pid);
        }
        if (pi.tgid == getpid())
                return call_fail(c, refuse(c, pid, "self"),
                                 "process %d is dbgd itself: it cannot debug itself",
                                 (int)pid);
        if (pi.tgid != pid) {
                call_error_set(c, "process", json_integer(pi.tgid));
                return call_fail(c, refuse(c, pid, "thread"),
                                 "%d is a thread of process %d: attach to %d (every "
                                 "thread is attached with it)",
                                 (int)pid, (int)pi.tgid, (int)pi.tgid);
        }
        if (pid == 1)
                return call_fail(c, refuse(c, pid, "init"),
                                 "process 1 (init) is not to be stopped: refused");
        if (is_ancestor(pid))
                return call_fail(c, refuse(c, pid, "ancestor"),
                                 "process %d is an ancestor of dbgd (it started dbgd, or "
                                 "started what did): stopping it could stop dbgd",
                                 (int)pid);
        live = tracee_live_thread(pid);
        if ((pi.state == 'Z' || pi.state == 'X') && !live)
                return call_fail(c, refuse(c, pid, "zombie"),
                                 "process %d has ended (a zombie, waiting for its parent "
                                 "to reap it): nothing runs there to debug",
                                 (int)pid);
        if (pi.tracer) {
                s = session_of_pid(pid);
                tracee_thread_name(pi.tracer, name, sizeof(name));
                call_error_set(c, "tracer", json_integer(pi.tracer));
                if (s) {
                        call_error_set(c, "session", json_integer(s->id));
                        return call_fail(c, refuse(c, pid, "traced"),
                                         "process %d is traced already, by this dbgd: "
                                         "session %d",
                                         (int)pid, s->id);
                }
                return call_fail(c, refuse(c, pid, "traced"),
                                 "process %d is traced already, by process %d (%s): a "
                                 "process has one tracer at a time",
                                 (int)pid, (int)pi.tracer, name);
        }
        exe = live ? tracee_exe(live) : NULL;
        e = exe ? 0 : live ? errno : ESRCH;
        if (e && e != ENOENT) /* EACCES: not dbgd's to see, nor to trace */
                return attach_failed(c, pid, tracee_proc_info(pid, &pi) < 0 ? -ESRCH
                                             : e == EACCES ? -EPERM : -e);
        if (!exe) {
                if (tracee_proc_info(pid, &pi) < 0)
                        return attach_failed(c, pid, -ESRCH);
                return call_fail(c, refuse(c, pid, "kernel-thread"),
                                 "process %d has no executable (/proc/%d/exe): a kernel "
                                 "thread, or one whose executable dbgd may not see",
                                 (int)pid, (int)pid);
        }
        free(exe);
        r = session_attach(pid, &s);
        if (r < 0)
                return attach_failed(c, pid, r);
        return session_wait(s, c, 10000, ret_result);
}

int m_detach(struct call *c, json_t *params, json_t **ret_result)
{
        struct session *s;
        bool alive;
        pid_t pid;
        int r = m_session(c, params, &s);

        if (r < 0)
                return r;
        if (!s->attached)
                return call_fail(c, -ERR_STATE,
                                 "session %d was spawned by dbgd, not attached: `kill` or "
                                 "`close` it",
                                 s->id);
        alive = session_alive(s);
        pid = s->pid;
        c->session = NULL;
        session_close(s); /* detaches it */
        *ret_result = json_pack("{s:i,s:b}", "pid", (int)pid, "detached", alive);
        return 0;
}
