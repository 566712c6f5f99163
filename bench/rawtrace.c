/* rawtrace — the physical limit: each benchmarked operation done with raw ptrace calls
 * and nothing else in the way. One operation kind per run; the harness times the whole
 * command with N and with 0 operations and keeps the difference, as for every other
 * tool.
 *
 *   rawtrace step N MAIN -- prog args     break at MAIN, then N x (SINGLESTEP, waitpid)
 *   rawtrace break TICK -- prog args      int3 at TICK; every hit: GETREGS, SETREGS
 *                                         (pc-1), restore, SINGLESTEP, re-insert, CONT;
 *                                         until the program exits
 *   rawtrace syscall -- prog args         PTRACE_SYSCALL stops until the program exits
 *   rawtrace syscallinfo -- prog args     the same, with PTRACE_GET_SYSCALL_INFO at each stop
 *   rawtrace seccomp NR -- prog args      seccomp-bpf filter installed before exec
 *                                         (RET_TRACE for syscall NR, ALLOW otherwise);
 *                                         each traced call: seccomp stop, SYSCALL to its
 *                                         exit stop, CONT
 *   rawtrace filteronly -- prog args      no tracer: a seccomp filter that allows every
 *                                         syscall, installed before exec; waits for the
 *                                         exit. The kernel's floor of any seccomp filter
 *   rawtrace spawn N -- prog args         N x (fork, TRACEME, exec, waitpid exec stop,
 *                                         kill, reap)
 *   rawtrace peek K ADDR LEN -- prog args run to the program's own int3, then K x
 *                                         process_vm_readv of LEN bytes at ADDR
 *
 * Prints "ops=<n>" on stdout (hits, stops, steps...) so that the harness can check it. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AUDIT_ARCH_X86_64
#define AUDIT_ARCH_X86_64 0xc000003eu
#endif

static void die(const char *what)
{
        perror(what);
        exit(2);
}

static void xptrace(enum __ptrace_request r, pid_t pid, void *addr, void *data,
                    const char *what)
{
        if (ptrace(r, pid, addr, data) < 0)
                die(what);
}

static int xwait(pid_t pid)
{
        int st;

        while (waitpid(pid, &st, __WALL) < 0)
                if (errno != EINTR)
                        die("waitpid");
        return st;
}

static int install_seccomp(long nr)
{
        struct sock_filter f[] = {
                BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
                BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
                BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
                BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        };
        struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return -1;
        return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* A one-instruction filter that allows everything: what remains is the price of having
 * a filter at all (every syscall takes the kernel's seccomp entry path). */
static int install_allow_all(void)
{
        struct sock_filter f[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
        struct sock_fprog prog = { .len = 1, .filter = f };

        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return -1;
        return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* fork + PTRACE_TRACEME + exec; returns at the exec stop with the options set. */
static pid_t spawn(char **argv, long seccomp_nr)
{
        long opts = PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD;
        pid_t pid = fork();
        int st;

        if (pid < 0)
                die("fork");
        if (pid == 0) {
                if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
                        _exit(126);
                if (seccomp_nr >= 0 && install_seccomp(seccomp_nr) < 0)
                        _exit(125);
                execv(argv[0], argv);
                _exit(127);
        }
        st = xwait(pid);
        if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP) {
                fprintf(stderr, "rawtrace: no exec stop (status 0x%x)\n", st);
                exit(2);
        }
        if (seccomp_nr >= 0)
                opts |= PTRACE_O_TRACESECCOMP;
        xptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)opts, "PTRACE_SETOPTIONS");
        return pid;
}

static void kill_reap(pid_t pid)
{
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, __WALL) < 0 && errno == EINTR)
                ;
}

static long peek_word(pid_t pid, uint64_t addr)
{
        long w;

        errno = 0;
        w = ptrace(PTRACE_PEEKTEXT, pid, (void *)addr, NULL);
        if (errno)
                die("PTRACE_PEEKTEXT");
        return w;
}

static void poke_word(pid_t pid, uint64_t addr, long w)
{
        xptrace(PTRACE_POKETEXT, pid, (void *)addr, (void *)w, "PTRACE_POKETEXT");
}

static long with_int3(long w)
{
        return (long)(((unsigned long)w & ~0xfful) | 0xcc);
}

/* Continue to the int3 at addr (already inserted), rewind the pc. */
static void run_to(pid_t pid, uint64_t addr, long orig)
{
        struct user_regs_struct regs;
        int st;

        xptrace(PTRACE_CONT, pid, NULL, NULL, "PTRACE_CONT");
        st = xwait(pid);
        if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP) {
                fprintf(stderr, "rawtrace: breakpoint not reached (status 0x%x)\n", st);
                exit(2);
        }
        xptrace(PTRACE_GETREGS, pid, NULL, &regs, "PTRACE_GETREGS");
        regs.rip = addr;
        xptrace(PTRACE_SETREGS, pid, NULL, &regs, "PTRACE_SETREGS");
        poke_word(pid, addr, orig);
}

static unsigned long do_step(unsigned long n, uint64_t main_addr, char **argv)
{
        pid_t pid = spawn(argv, -1);
        long orig = peek_word(pid, main_addr);
        unsigned long i;

        poke_word(pid, main_addr, with_int3(orig));
        run_to(pid, main_addr, orig);
        for (i = 0; i < n; i++) {
                xptrace(PTRACE_SINGLESTEP, pid, NULL, NULL, "PTRACE_SINGLESTEP");
                int st = xwait(pid);
                if (!WIFSTOPPED(st))
                        break;
        }
        kill_reap(pid);
        return i;
}

static unsigned long do_break(uint64_t addr, char **argv)
{
        pid_t pid = spawn(argv, -1);
        long orig = peek_word(pid, addr);
        struct user_regs_struct regs;
        unsigned long hits = 0;

        poke_word(pid, addr, with_int3(orig));
        for (;;) {
                xptrace(PTRACE_CONT, pid, NULL, NULL, "PTRACE_CONT");
                int st = xwait(pid);
                if (WIFEXITED(st) || WIFSIGNALED(st))
                        break;
                if (WSTOPSIG(st) != SIGTRAP) {
                        fprintf(stderr, "rawtrace: unexpected stop 0x%x\n", st);
                        exit(2);
                }
                hits++;
                xptrace(PTRACE_GETREGS, pid, NULL, &regs, "PTRACE_GETREGS");
                regs.rip -= 1;
                xptrace(PTRACE_SETREGS, pid, NULL, &regs, "PTRACE_SETREGS");
                poke_word(pid, addr, orig);
                xptrace(PTRACE_SINGLESTEP, pid, NULL, NULL, "PTRACE_SINGLESTEP");
                xwait(pid);
                poke_word(pid, addr, with_int3(orig));
        }
        return hits;
}

/* PTRACE_SYSCALL pairs; with info, PTRACE_GET_SYSCALL_INFO at each stop too (what
 * any tracer that says which syscall ran must read). */
static unsigned long do_syscall(char **argv, int info)
{
        pid_t pid = spawn(argv, -1);
        unsigned long stops = 0;
        struct __ptrace_syscall_info si;

        for (;;) {
                xptrace(PTRACE_SYSCALL, pid, NULL, NULL, "PTRACE_SYSCALL");
                int st = xwait(pid);
                if (WIFEXITED(st) || WIFSIGNALED(st))
                        break;
                if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
                        stops++;
                        if (info)
                                xptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(si), &si,
                                        "PTRACE_GET_SYSCALL_INFO");
                }
        }
        return stops;
}

static unsigned long do_seccomp(long nr, char **argv)
{
        pid_t pid = spawn(argv, nr);
        unsigned long stops = 0;

        for (;;) {
                xptrace(PTRACE_CONT, pid, NULL, NULL, "PTRACE_CONT");
                int st = xwait(pid);
                if (WIFEXITED(st) || WIFSIGNALED(st))
                        break;
                if ((st >> 8) == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) {
                        /* The entry (seccomp) stop; take the exit stop as strace does. */
                        stops++;
                        xptrace(PTRACE_SYSCALL, pid, NULL, NULL, "PTRACE_SYSCALL");
                        st = xwait(pid);
                        if (WIFEXITED(st) || WIFSIGNALED(st))
                                break;
                        stops++;
                }
        }
        return stops;
}

static unsigned long do_filter_only(char **argv)
{
        pid_t pid = fork();
        int st;

        if (pid < 0)
                die("fork");
        if (pid == 0) {
                if (install_allow_all() < 0)
                        _exit(125);
                execv(argv[0], argv);
                _exit(127);
        }
        st = xwait(pid);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
                fprintf(stderr, "rawtrace: the program failed (status 0x%x)\n", st);
                exit(2);
        }
        return 0;
}

static unsigned long do_spawn(unsigned long n, char **argv)
{
        for (unsigned long i = 0; i < n; i++)
                kill_reap(spawn(argv, -1));
        return n;
}

static unsigned long do_peek(unsigned long k, uint64_t addr, size_t len, char **argv)
{
        pid_t pid = spawn(argv, -1);
        char *buf = malloc(len);
        int st;

        if (!buf)
                die("malloc");
        xptrace(PTRACE_CONT, pid, NULL, NULL, "PTRACE_CONT");
        st = xwait(pid);
        if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP) {
                fprintf(stderr, "rawtrace: the program did not stop itself (0x%x)\n", st);
                exit(2);
        }
        for (unsigned long i = 0; i < k; i++) {
                struct iovec l = { buf, len }, r = { (void *)addr, len };
                ssize_t got = process_vm_readv(pid, &l, 1, &r, 1, 0);
                if (got != (ssize_t)len)
                        die("process_vm_readv");
        }
        kill_reap(pid);
        free(buf);
        return k;
}

static void usage(void)
{
        fprintf(stderr, "usage: rawtrace step N MAIN | break TICK | syscall | seccomp NR | filteronly |"
                        " spawn N | peek K ADDR LEN  -- prog [args]\n");
        exit(2);
}

int main(int argc, char **argv)
{
        int dd = 0;
        unsigned long ops = 0;

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--") == 0) {
                        dd = i;
                        break;
                }
        }
        if (argc < 3 || !dd || dd + 1 >= argc)
                usage();
        char **prog = argv + dd + 1;
        const char *op = argv[1];
        int na = dd - 2; /* operands between the op and -- */
#define ARG(i) strtoull(argv[2 + (i)], NULL, 0)
        if (strcmp(op, "step") == 0 && na == 2)
                ops = do_step(ARG(0), ARG(1), prog);
        else if (strcmp(op, "break") == 0 && na == 1)
                ops = do_break(ARG(0), prog);
        else if (strcmp(op, "syscall") == 0 && na == 0)
                ops = do_syscall(prog, 0);
        else if (strcmp(op, "syscallinfo") == 0 && na == 0)
                ops = do_syscall(prog, 1);
        else if (strcmp(op, "seccomp") == 0 && na == 1)
                ops = do_seccomp((long)ARG(0), prog);
        else if (strcmp(op, "filteronly") == 0 && na == 0)
                ops = do_filter_only(prog);
        else if (strcmp(op, "spawn") == 0 && na == 1)
                ops = do_spawn(ARG(0), prog);
        else if (strcmp(op, "peek") == 0 && na == 3)
                ops = do_peek(ARG(0), ARG(1), ARG(2), prog);
        else
                usage();
#undef ARG
        printf("ops=%lu\n", ops);
        return 0;
}
