/* tracee.c — spawning traced children and touching their memory.
 *
 * The spawn handshake: the child blocks on a sync pipe until the parent has seized it,
 * so that no instruction of the new program runs untraced; exec failure travels back as
 * an errno through a close-on-exec pipe (FACTS.md). Between fork and exec the child uses
 * only async-signal-safe calls. */
#include "tracee.h"

#include "ptrace.h"
#include "syscalls.h"

#include <elf.h>
#include <linux/filter.h>
#include <seccomp.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kcmp.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

char *tracee_which(const char *name, const char *path)
{
        if (strchr(name, '/'))
                return strdup(name);
        if (!path || !*path)
                path = "/usr/local/bin:/usr/bin:/bin";
        for (const char *p = path; *p;) {
                const char *end = strchrnul(p, ':');
                size_t dlen = (size_t)(end - p);
                char *cand;

                if (asprintf(&cand, "%.*s/%s", (int)dlen, dlen ? p : ".", name) < 0) {
                        errno = ENOMEM;
                        return NULL;
                }
                struct stat st;
                if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
                        return cand;
                free(cand);
                p = *end ? end + 1 : end;
        }
        errno = ENOENT;
        return NULL;
}

static struct tracee_limits child_limits;

void tracee_set_limits(const struct tracee_limits *l)
{
        child_limits = *l;
}

/* In the child: lower a soft limit (and the hard one, for max_procs, so the program
 * cannot raise it back). setrlimit is async-signal-safe. */
static int child_rlimits(void)
{
        struct rlimit rl;

        if (child_limits.max_procs) {
                rl.rlim_cur = rl.rlim_max = child_limits.max_procs;
                if (setrlimit(RLIMIT_NPROC, &rl) < 0)
                        return -errno;
        }
        if (child_limits.nofile && getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
            rl.rlim_cur > child_limits.nofile) {
                rl.rlim_cur = child_limits.nofile;
                if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
                        return -errno;
        }
        return 0;
}

static void close_pair(int p[2])
{
        for (int i = 0; i < 2; i++)
                if (p[i] >= 0)
                        close(p[i]);
}

static __attribute__((noreturn)) void child_fail(int errfd, int err)
{
        (void)!write(errfd, &err, sizeof(err));
        _exit(127);
}

/* Signals that dbgd ignores, found at the first spawn: its own SIGPIPE, and whatever it
 * inherited ignored (a `dbgd &` from a script ignores SIGINT and SIGQUIT). SIG_IGN
 * survives execve, so the child resets them: a program runs with the dispositions it
 * would have at a shell prompt, whatever started dbgd. */
static sigset_t ignored;
static bool ignored_known;

static void find_ignored(void)
{
        sigemptyset(&ignored);
        for (int sig = 1; sig < NSIG; sig++) {
                struct sigaction sa;

                if (sig != SIGKILL && sig != SIGSTOP && sigaction(sig, NULL, &sa) == 0 &&
                    !(sa.sa_flags & SA_SIGINFO) && sa.sa_handler == SIG_IGN)
                        sigaddset(&ignored, sig);
        }
        ignored_known = true;
}

/* Runs in the child: async-signal-safe calls only. */
static __attribute__((noreturn)) void child_exec(const struct spawn_opts *o, const char *exe,
                                                 int in_fd, int out_fd, int err_fd,
                                                 int sync_fd, int errpipe)
{
        sigset_t none;
        char c;

        setpgid(0, 0);
        if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
                child_fail(errpipe, errno);
        /* The daemon blocks SIGCHLD/SIGTERM/SIGINT and ignores SIGPIPE (and maybe
         * more, find_ignored): both would survive execve. */
        for (int sig = 1; sig < NSIG; sig++)
                if (sigismember(&ignored, sig) == 1)
                        signal(sig, SIG_DFL);
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        while (read(sync_fd, &c, 1) < 0 && errno == EINTR)
                ;
        if (!o->aslr && personality(ADDR_NO_RANDOMIZE) < 0)
                child_fail(errpipe, errno);
        if (o->cwd && chdir(o->cwd) < 0)
                child_fail(errpipe, errno);
        if (child_rlimits() < 0)
                child_fail(errpipe, errno);
        if (o->seccomp && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
                           prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, o->seccomp) < 0))
                child_fail(errpipe, errno);
        execve(exe, o->argv, o->envp);
        child_fail(errpipe, errno);
}

struct child_args {
        const struct spawn_opts *o;
        const char *exe;
        int in_fd, out_fd, err_fd, sync_rd, sync_wr, errpipe;
};

static int child_main(void *data)
{
        const struct child_args *a = data;

        close(a->sync_wr);
        child_exec(a->o, a->exe, a->in_fd, a->out_fd, a->err_fd, a->sync_rd, a->errpipe);
}

#define CHILD_STACK ((size_t)64 << 10)

/* Start the child. fork() would copy dbgd's page tables only for execve to throw them
 * away, and that copy is most of a spawn's cost (perf: copy_page_range); so the child
 * shares dbgd's memory until it execs (CLONE_VM) and runs on a stack of its own.
 * Everything it shares is safe: it only makes system calls, on its own fd table,
 * signal handlers and fs state, and reads *a, which outlives it (the parent waits for
 * execve to succeed or fail). Its one write to shared memory is errno, in the parent's
 * thread-local block, and only when one of its calls fails: the parent then learns the
 * failure from the pipe, not from errno, and reads errno itself only right after its
 * own failing calls. AddressSanitizer keeps per-thread state that such a
 * child would share, so sanitizer builds fork. Returns the pid or -errno. */
static pid_t start_child(struct child_args *a)
{
        pid_t pid;

#if defined(__SANITIZE_ADDRESS__)
        pid = fork();
        if (pid == 0)
                child_main(a);
#else
        /* One stack, kept: a child uses it only until it execs or is reaped, before
         * tracee_spawn returns, so spawns never share it. */
        static void *stack;

        if (!stack) {
                stack = mmap(NULL, CHILD_STACK, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
                if (stack == MAP_FAILED) {
                        stack = NULL;
                        return -errno;
                }
        }
        pid = clone(child_main, (char *)stack + CHILD_STACK, CLONE_VM | SIGCHLD, a);
        if (pid < 0)
                return -errno;
#endif
        return pid < 0 ? -errno : pid;
}

void tracee_kill_reap(pid_t pid)
{
        int st;

        kill(pid, SIGKILL);
        while (waitpid(pid, &st, __WALL) < 0 && errno == EINTR)
                ;
}

/* Before its exec, the child's stops are not the session's: the seccomp filter
 * trapping execve stops the spawn's own execve; a signal sent to it (a kill from
 * outside) stops it too. Resume any such stop, so that the daemon never waits for a
 * child that waits for it. The exec stop itself is left for the session. */
static void resume_before_exec(pid_t pid)
{
        siginfo_t si = { 0 };
        int st, event;

        if (waitid(P_PID, pid, &si, WSTOPPED | WNOHANG | WNOWAIT | __WALL) < 0 ||
            si.si_pid != pid || si.si_code != CLD_TRAPPED)
                return;
        event = (si.si_status >> 8) & 0xff;
        if (event == PTRACE_EVENT_EXEC)
                return;
        if (waitpid(pid, &st, __WALL) != pid || !WIFSTOPPED(st))
                return;
        /* A signal is delivered (its default action may end the child: the spawn
         * fails); anything else (seccomp, a group stop) just goes on. */
        ptrace_cont(pid, (unsigned)st >> 16 ? 0 : WSTOPSIG(st));
}

/* Wait until the child has exec'd (the error pipe's write end closes with it) or has
 * failed (it writes its errno there) or died. Returns 0 or -errno. */
static int await_exec(pid_t pid, int fd)
{
        siginfo_t si = { 0 };
        int child_errno = 0;
        ssize_t n;

        for (;;) {
                struct pollfd p = { .fd = fd, .events = POLLIN };
                int r = poll(&p, 1, 10);

                if (r < 0 && errno != EINTR)
                        return -errno;
                if (r <= 0) {
                        resume_before_exec(pid);
                        continue;
                }
                n = read(fd, &child_errno, sizeof(child_errno));
                if (n < 0 && errno == EINTR)
                        continue;
                if (n > 0)
                        return -(child_errno ? child_errno : EIO);
                break;
        }
        /* The pipe closed: by the exec, or by the child's death before it. (A ptrace
         * stop, the exec's, is reported too, whatever the flags say.) */
        if (waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT | __WALL) == 0 &&
            si.si_pid == pid && si.si_code != CLD_TRAPPED && si.si_code != CLD_STOPPED)
                return -ECHILD;
        return 0;
}

/* The stdin of programs spawned without input, opened once. */
static int devnull = -1;

int tracee_spawn(const struct spawn_opts *o, struct spawned *ret)
{
        int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
        int sync[2] = { -1, -1 }, ep[2] = { -1, -1 };
        char *exe = NULL;
        pid_t pid;
        int r = 0;

        if (!ignored_known)
                find_ignored();
        exe = tracee_which(o->path, o->search_path);
        if (!exe)
                return -errno;
        if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 ||
            pipe2(sync, O_CLOEXEC) < 0 || pipe2(ep, O_CLOEXEC) < 0) {
                r = -errno;
                goto out;
        }
        if (o->with_stdin) {
                if (pipe2(in, O_CLOEXEC) < 0) {
                        r = -errno;
                        goto out;
                }
        } else if (devnull < 0) {
                devnull = open("/dev/null", O_RDONLY | O_CLOEXEC); /* kept open */
                if (devnull < 0) {
                        r = -errno;
                        goto out;
                }
        }

        struct child_args args = {
                .o = o, .exe = exe, .in_fd = o->with_stdin ? in[0] : devnull,
                .out_fd = out[1], .err_fd = err[1],
                .sync_rd = sync[0], .sync_wr = sync[1], .errpipe = ep[1],
        };
        pid = start_child(&args);
        if (pid < 0) {
                r = pid;
                goto out;
        }

        close(ep[1]);
        ep[1] = -1;
        r = ptrace_seize(pid, ptrace_default_options());
        if (r < 0) {
                tracee_kill_reap(pid);
                goto out;
        }
        close(sync[1]); /* let the child exec */
        sync[1] = -1;
        r = await_exec(pid, ep[0]);
        if (r < 0) {
                tracee_kill_reap(pid);
                goto out;
        }

        fcntl(out[0], F_SETFL, O_NONBLOCK);
        fcntl(err[0], F_SETFL, O_NONBLOCK);
        ret->pid = pid;
        ret->exe = exe;
        exe = NULL;
        ret->stdout_fd = out[0];
        ret->stderr_fd = err[0];
        ret->stdin_fd = -1;
        out[0] = err[0] = -1;
        if (o->with_stdin) {
                fcntl(in[1], F_SETFL, O_NONBLOCK);
                ret->stdin_fd = in[1];
                in[1] = -1;
        }
out:
        /* The child has exec'd (its memory is its own now) or has been reaped: its
         * stack is free for the next spawn. */
        free(exe);
        close_pair(in);
        close_pair(out);
        close_pair(err);
        close_pair(sync);
        close_pair(ep);
        return r;
}

ssize_t tracee_mem_read(pid_t pid, uint64_t addr, void *buf, size_t len)
{
        size_t done = 0;

        /* process_vm_readv stops at the first unmapped page and says how far it got. */
        while (done < len) {
                struct iovec local = { (char *)buf + done, len - done };
                struct iovec remote = { (void *)(uintptr_t)(addr + done), len - done };
                ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);

                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        if (done == 0)
                                return -errno;
                        break;
                }
                if (n == 0)
                        break;
                done += (size_t)n;
        }
        return (ssize_t)done;
}

ssize_t tracee_mem_store(pid_t pid, uint64_t addr, const void *buf, size_t len)
{
        struct iovec local = { (void *)buf, len };
        struct iovec remote = { (void *)(uintptr_t)addr, len };
        ssize_t n;

        do
                n = process_vm_writev(pid, &local, 1, &remote, 1, 0);
        while (n < 0 && errno == EINTR);
        return n < 0 ? -errno : n;
}

ssize_t tracee_mem_write(pid_t pid, int *memfd, uint64_t addr, const void *buf, size_t len)
{
        size_t done = 0;

        if (*memfd < 0) {
                char p[64];

                snprintf(p, sizeof(p), "/proc/%d/mem", (int)pid);
                *memfd = open(p, O_RDWR | O_CLOEXEC);
                if (*memfd < 0)
                        return -errno;
        }
        while (done < len) {
                ssize_t n = pwrite(*memfd, (const char *)buf + done, len - done,
                                   (off_t)(addr + done));
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        if (done == 0)
                                return -errno;
                        break;
                }
                if (n == 0)
                        break;
                done += (size_t)n;
        }
        return (ssize_t)done;
}

int tracee_seccomp_build(const int *nrs, size_t n, struct sock_fprog **ret)
{
        scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
        struct sock_fprog *p = NULL;
        int fd = -1, r = 0;
        off_t len;

        if (!ctx)
                return -ENOMEM;
        /* A syscall of another ABI (`int 0x80` in a 64-bit program: arch i386) would kill
         * the process by libseccomp's default; it is trapped instead, and the tracer
         * names it in the right table (syscalls_name_abi). */
        r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRACE(0));
        for (size_t i = 0; i < n && r == 0; i++)
                if (nrs[i] < SYSCALLS_I386) /* an i386 one is trapped with its ABI */
                        r = seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), nrs[i], 0);
        if (r < 0)
                goto out;
        /* libseccomp 2.5 exports the program only to an fd; the child must not
         * allocate, so it is built here, in the parent. */
        fd = memfd_create("dbgd-seccomp", MFD_CLOEXEC);
        if (fd < 0) {
                r = -errno;
                goto out;
        }
        r = seccomp_export_bpf(ctx, fd);
        if (r < 0)
                goto out;
        len = lseek(fd, 0, SEEK_END);
        p = calloc(1, sizeof(*p) + (size_t)len);
        if (!p || len <= 0 || len % (off_t)sizeof(struct sock_filter)) {
                r = p ? -EIO : -ENOMEM;
                goto out;
        }
        p->len = (unsigned short)(len / (off_t)sizeof(struct sock_filter));
        p->filter = (struct sock_filter *)(p + 1);
        if (pread(fd, p->filter, (size_t)len, 0) != len) {
                r = -EIO;
                goto out;
        }
        *ret = p;
        p = NULL;
out:
        free(p);
        if (fd >= 0)
                close(fd);
        seccomp_release(ctx);
        return r;
}

void tracee_seccomp_free(struct sock_fprog *p)
{
        free(p);
}

/* The values after keys[0..n) (with their colons) on their lines of /proc/PID/status,
 * leading blanks skipped, the file read once; a key whose line is not there leaves
 * its out[] empty. False when the file cannot be read. */
static bool status_fields(pid_t pid, const char *const *keys, char (*out)[64], size_t n)
{
        char p[64], line[128];
        FILE *f;

        snprintf(p, sizeof(p), "/proc/%d/status", (int)pid);
        f = fopen(p, "re");
        if (!f)
                return false;
        for (size_t k = 0; k < n; k++)
                out[k][0] = '\0';
        while (fgets(line, sizeof(line), f)) {
                for (size_t k = 0; k < n; k++) {
                        size_t klen = strlen(keys[k]);

                        if (strncmp(line, keys[k], klen) == 0 && line[klen] == ':')
                                snprintf(out[k], sizeof(out[k]), "%s",
                                         line + klen + 1 + strspn(line + klen + 1, " \t"));
                }
        }
        fclose(f);
        return true;
}

/* One key's value (status_fields); false when the file or the line is not there. */
static bool status_field(pid_t pid, const char *key, char *out, size_t len)
{
        char v[1][64];
        size_t n;

        if (!status_fields(pid, &key, v, 1) || !v[0][0] || !len)
                return false;
        n = strnlen(v[0], len - 1); /* (the values asked for are short numbers) */
        memcpy(out, v[0], n);
        out[n] = '\0';
        return true;
}

bool tracee_same_thread_group(pid_t pid, pid_t tid)
{
        char v[32];

        return status_field(tid, "Tgid", v, sizeof(v)) && atoi(v) == pid;
}

bool tracee_signal_caught(pid_t pid, int sig)
{
        char v[32];

        return sig >= 1 && sig <= 64 && status_field(pid, "SigCgt", v, sizeof(v)) &&
               (strtoull(v, NULL, 16) >> (sig - 1) & 1);
}

bool tracee_same_vm(pid_t a, pid_t b)
{
        return syscall(SYS_kcmp, a, b, KCMP_VM, 0, 0) == 0;
}

char tracee_state(pid_t tid)
{
        char p[64], buf[512], *end;
        ssize_t n;
        int fd;

        snprintf(p, sizeof(p), "/proc/%d/stat", (int)tid);
        fd = open(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return 0;
        n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (n <= 0)
                return 0;
        buf[n] = '\0';
        /* "tid (comm) S ...": comm may hold anything, ')' included */
        end = strrchr(buf, ')');
        return end && end[1] == ' ' ? end[2] : 0;
}

bool tracee_is_zombie(pid_t tid)
{
        char state = tracee_state(tid);

        return state == 'Z' || state == 'X';
}

int tracee_thread_name(pid_t tid, char *buf, size_t len)
{
        char p[64];
        ssize_t n;
        int fd;

        snprintf(p, sizeof(p), "/proc/%d/comm", (int)tid);
        fd = open(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        n = read(fd, buf, len - 1);
        close(fd);
        if (n < 0)
                return -errno;
        buf[n] = '\0';
        buf[strcspn(buf, "\n")] = '\0';
        return 0;
}

int tracee_entry_point(pid_t pid, uint64_t *ret)
{
        char p[64];
        Elf64_auxv_t av;
        int fd, r = -ENOENT;

        snprintf(p, sizeof(p), "/proc/%d/auxv", (int)pid);
        fd = open(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        while (read(fd, &av, sizeof(av)) == (ssize_t)sizeof(av) && av.a_type != AT_NULL) {
                if (av.a_type == AT_ENTRY) {
                        *ret = av.a_un.a_val;
                        r = 0;
                        break;
                }
        }
        close(fd);
        return r;
}

bool tracee_sig_pending(pid_t tid, int sig)
{
        static const char *const keys[] = { "SigPnd" };
        char v[1][64];

        /* SigPnd: the thread's own pending set (ShdPnd is the process's), in hex */
        return status_fields(tid, keys, v, 1) && sig >= 1 && sig <= 64 &&
               (strtoull(v[0], NULL, 16) >> (sig - 1) & 1);
}

int tracee_proc_info(pid_t pid, struct proc_info *ret)
{
        static const char *const keys[] = { "Tgid", "PPid", "TracerPid", "State" };
        char v[4][64];

        if (!status_fields(pid, keys, v, 4) || !v[0][0])
                return -ESRCH;
        *ret = (struct proc_info){ .tgid = atoi(v[0]), .ppid = atoi(v[1]),
                                   .tracer = atoi(v[2]), .state = v[3][0] ? v[3][0] : '?' };
        return 0;
}

char *tracee_exe(pid_t pid)
{
        char p[64], buf[PATH_MAX];
        ssize_t n;

        snprintf(p, sizeof(p), "/proc/%d/exe", (int)pid);
        n = readlink(p, buf, sizeof(buf) - 1);
        if (n <= 0)
                return NULL;
        buf[n] = '\0';
        return strdup(buf);
}

int tracee_cmdline(pid_t pid, char **ret_buf, size_t *ret_len)
{
        char p[64], *buf = NULL;
        size_t len = 0, cap = 0;
        ssize_t n;
        int fd;

        snprintf(p, sizeof(p), "/proc/%d/cmdline", (int)pid);
        fd = open(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        for (;;) {
                if (len == cap) {
                        char *nb = cap < (1u << 20) ? realloc(buf, cap ? cap * 2 : 4096) : NULL;

                        if (!nb)
                                break; /* a megabyte of arguments is enough to show */
                        buf = nb;
                        cap = cap ? cap * 2 : 4096;
                }
                n = read(fd, buf + len, cap - len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        break;
                len += (size_t)n;
        }
        close(fd);
        *ret_buf = buf;
        *ret_len = len;
        return 0;
}

/* Has tid a tracer, and is it us? */
static bool traced_by_us(pid_t tid)
{
        struct proc_info pi;

        return tracee_proc_info(tid, &pi) == 0 && pi.tracer == getpid();
}

static bool in_list(const pid_t *v, size_t n, pid_t tid)
{
        for (size_t i = 0; i < n; i++)
                if (v[i] == tid)
                        return true;
        return false;
}

/* Give back threads seized by tracee_attach (tids < 0 were the kernel's: their
 * parent's detach leaves them to us, stopped at their first stop). A seized thread
 * runs, and PTRACE_DETACH wants a stop: interrupt it and wait for that, a second at
 * most (a thread in uninterruptible sleep may not stop; it is left to the reaper). */
static void undo_seize(const pid_t *tids, size_t n)
{
        struct timespec ms = { 0, 1000000 };

        for (size_t i = 0; i < n; i++)
                ptrace_interrupt(tids[i] < 0 ? -tids[i] : tids[i]);
        for (size_t i = 0; i < n; i++) {
                pid_t tid = tids[i] < 0 ? -tids[i] : tids[i];
                int st;

                for (int tries = 0; tries < 1000; tries++) {
                        pid_t w = waitpid(tid, &st, __WALL | WNOHANG);

                        if (w == tid && WIFSTOPPED(st)) {
                                ptrace_detach(tid, 0);
                                break;
                        }
                        if (w < 0 || (w == tid && !WIFSTOPPED(st)))
                                break; /* gone */
                        nanosleep(&ms, NULL);
                }
        }
}

/* One pass over /proc/PID/task: seize each thread not seized yet. *grew: a thread was
 * added. Returns 0 or -errno. */
static int seize_pass(pid_t pid, unsigned long options, pid_t **tids, size_t *n, size_t *cap,
                      bool *grew)
{
        char p[64];
        struct dirent *de;
        DIR *d;
        int r = 0;

        snprintf(p, sizeof(p), "/proc/%d/task", (int)pid);
        d = opendir(p);
        if (!d)
                return errno == ENOENT ? -ESRCH : -errno;
        *grew = false;
        while ((de = readdir(d))) {
                pid_t tid = (pid_t)atoi(de->d_name);
                bool ours = false;

                if (tid <= 0 || in_list(*tids, *n, tid) || in_list(*tids, *n, -tid))
                        continue;
                if (*n == *cap) {
                        pid_t *nv = realloc(*tids, *cap * 2 * sizeof(**tids));

                        if (!nv) {
                                r = -ENOMEM;
                                break;
                        }
                        *tids = nv;
                        *cap *= 2;
                }
                r = ptrace_seize(tid, options);
                /* It ended meanwhile; or it is ending: the kernel refuses to seize a
                 * thread past its exit (EPERM), which is then a zombie or gone. */
                if (r == -ESRCH || (r == -EPERM && (tracee_is_zombie(tid) ||
                                                    syscall(SYS_tgkill, pid, tid, 0) < 0))) {
                        r = 0;
                        continue;
                }
                if (r == -EPERM && traced_by_us(tid)) {
                        /* Made by a thread seized already, after its seize: the kernel
                         * attached it (TRACECLONE), and its parent's clone event adopts
                         * it. Listed (negative), so that it is not tried again. */
                        r = 0;
                        ours = true;
                }
                if (r < 0)
                        break;
                (*tids)[(*n)++] = ours ? -tid : tid;
                *grew = true;
        }
        closedir(d);
        return r;
}

pid_t tracee_live_thread(pid_t pid)
{
        char p[64];
        struct dirent *de;
        pid_t live = 0;
        DIR *d;

        if (!tracee_is_zombie(pid))
                return pid;
        snprintf(p, sizeof(p), "/proc/%d/task", (int)pid);
        d = opendir(p);
        if (!d)
                return 0;
        while (!live && (de = readdir(d))) {
                pid_t tid = (pid_t)atoi(de->d_name);

                if (tid > 0 && tid != pid && !tracee_is_zombie(tid))
                        live = tid;
        }
        closedir(d);
        return live;
}

int tracee_attach(pid_t pid, unsigned long options, pid_t **ret_tids, size_t *ret_n)
{
        size_t n = 0, cap = 16;
        pid_t *tids = malloc(cap * sizeof(*tids));
        bool grew = true;
        int r;

        if (!tids)
                return -ENOMEM;
        r = ptrace_seize(pid, options);
        /* A main thread that has left (pthread_exit) is a zombie, which the kernel does
         * not let anyone seize (EPERM): the process is its other threads, as gdb sees
         * it when given one of them. Listed negated, so that no pass tries it again. */
        if (r == -EPERM && tracee_is_zombie(pid)) {
                r = 0;
                tids[n++] = -pid;
        } else if (r < 0) {
                free(tids);
                return r;
        } else {
                tids[n++] = pid;
        }
        /* Threads made while we list them are either listed by the next pass, or made
         * by a thread seized already (and so traced by the kernel): a pass that finds
         * nothing new means every thread is ours. */
        while (grew && r == 0)
                r = seize_pass(pid, options, &tids, &n, &cap, &grew);
        if (r == 0 && tids[0] < 0) { /* the main thread has left: another comes first */
                r = -ESRCH; /* unless none is left either */
                for (size_t i = 1; i < n; i++) {
                        if (tids[i] > 0) {
                                tids[0] = tids[i];
                                tids[i] = -pid;
                                r = 0;
                                break;
                        }
                }
        }
        if (r < 0) {
                undo_seize(tids, n);
                free(tids);
                return r;
        }
        *ret_tids = tids;
        *ret_n = n;
        return 0;
}
