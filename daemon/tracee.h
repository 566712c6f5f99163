/* tracee.h — process control below the state machine: spawning a traced child, and
 * reading and writing its memory. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct sock_fprog;

struct spawn_opts {
        const char *path;      /* as given: searched in PATH when it has no slash */
        char *const *argv;     /* argv[0] included, NULL-terminated */
        char *const *envp;     /* NULL-terminated */
        const char *cwd;       /* NULL: dbgd's */
        bool with_stdin;       /* give the child a pipe for stdin (else /dev/null) */
        bool aslr;             /* false: personality(ADDR_NO_RANDOMIZE) */
        const char *search_path; /* PATH used for a bare name */
        /* A seccomp-bpf program installed just before execve (NULL: none). Its
         * SECCOMP_RET_TRACE syscalls stop the tracee (PTRACE_EVENT_SECCOMP); the others
         * run at full speed. Installing it sets no_new_privs. */
        const struct sock_fprog *seccomp;
};

/* Resource limits given to every spawned program, between fork and exec; 0 leaves a
 * limit as dbgd has it. max_procs is RLIMIT_NPROC (a fork bomb's bound: it counts all
 * processes of the uid, and the kernel does not apply it to root); nofile restores the
 * soft RLIMIT_NOFILE dbgd raised for itself. Set once by main. */
struct tracee_limits {
        unsigned long max_procs;
        unsigned long nofile;
};
void tracee_set_limits(const struct tracee_limits *l);

struct spawned {
        pid_t pid;
        int stdin_fd;  /* write end, or -1 */
        int stdout_fd; /* read ends, non-blocking */
        int stderr_fd;
        char *exe;     /* the file exec'd, as execve was given it (malloc'd) */
};

/* Fork, seize (PTRACE_O_EXITKILL...), exec. Exec failure comes back through a
 * close-on-exec pipe as -errno, with the child killed and reaped. On success the child
 * has exec'd and its PTRACE_EVENT_EXEC stop is on its way to the reaper. The only wait
 * here is for execve(2) itself to succeed or fail. */
int tracee_spawn(const struct spawn_opts *o, struct spawned *ret);

/* Resolve a bare program name against a PATH string. Returns a new malloc'd path, or
 * NULL with errno ENOENT/ENOMEM. Names with a slash are returned as a copy. */
char *tracee_which(const char *name, const char *path);

/* Read len bytes at addr. Returns the number of bytes read (< len when the range runs
 * into unmapped memory), or -errno when nothing could be read. */
ssize_t tracee_mem_read(pid_t pid, uint64_t addr, void *buf, size_t len);

/* Write through /proc/PID/mem, which may write read-only text (FOLL_FORCE). *memfd is
 * opened on first use (and must be reset to -1 after an exec). Returns the bytes written
 * or -errno when nothing could be. */
ssize_t tracee_mem_write(pid_t pid, int *memfd, uint64_t addr, const void *buf, size_t len);

/* Write len bytes as the program's own store would: with process_vm_writev, which
 * honours page protections (unlike /proc/PID/mem), so a read-only page fails here as
 * the store would fault there. Returns the bytes written or -errno. */
ssize_t tracee_mem_store(pid_t pid, uint64_t addr, const void *buf, size_t len);

/* Kill the process (and its process group) with SIGKILL and reap it, bounded. */
void tracee_kill_reap(pid_t pid);

/* Build a seccomp-bpf program that traps the syscalls numbered in nrs (n of them) and
 * allows the rest. Returns 0 with *ret (free with tracee_seccomp_free) or -errno. */
int tracee_seccomp_build(const int *nrs, size_t n, struct sock_fprog **ret);
void tracee_seccomp_free(struct sock_fprog *p);

/* Whether tid belongs to the thread group pid (its /proc status Tgid). */
bool tracee_same_thread_group(pid_t pid, pid_t tid);
/* Whether two processes share their memory (kcmp KCMP_VM). */
bool tracee_same_vm(pid_t a, pid_t b);

/* Thread tid's state letter in /proc/TID/stat (R, S, D, T, t, Z, X...), or 0 when it
 * cannot be read (gone). */
char tracee_state(pid_t tid);

/* Has task tid left, waiting to be reaped (state Z or X in /proc/TID/stat)? A main
 * thread that called pthread_exit stays so while the other threads run. False when it
 * cannot be told. */
bool tracee_is_zombie(pid_t tid);
/* The thread's name (/proc/TID/comm, at most 15 bytes), NUL-terminated in buf. Returns
 * 0 or -errno. */
int tracee_thread_name(pid_t tid, char *buf, size_t len);

/* Has process pid a handler for sig (SigCgt of /proc/PID/status)? False when it cannot
 * be told. */
bool tracee_signal_caught(pid_t pid, int sig);

/* AT_ENTRY from /proc/PID/auxv. Returns 0 or -errno. */
int tracee_entry_point(pid_t pid, uint64_t *ret);

/* From /proc/PID/status: what `attach` checks before it seizes a process. */
struct proc_info {
        pid_t tgid;     /* the process pid belongs to (pid itself for a process) */
        pid_t ppid;
        pid_t tracer;   /* TracerPid: 0 when untraced */
        char state;     /* 'R', 'S', 'D', 'T', 't', 'Z', 'X'... */
};
/* Returns 0, or -ESRCH when there is no such task. */
int tracee_proc_info(pid_t pid, struct proc_info *ret);

/* Is sig pending for thread tid itself (its SigPnd, not the process's shared set)? */
bool tracee_sig_pending(pid_t tid, int sig);

/* The executable of pid (/proc/PID/exe), a new malloc'd string, or NULL with errno:
 * ENOENT when it has none (a kernel thread), EACCES when dbgd may not look (the
 * process is not one it may trace). */
char *tracee_exe(pid_t pid);

/* pid itself, or, when its main thread has left (pthread_exit: a zombie while the
 * others run), one of its threads that has not: the task whose /proc files (exe,
 * cmdline, maps) still show the process. 0 when none is left. */
pid_t tracee_live_thread(pid_t pid);

/* The process's arguments (/proc/PID/cmdline, NUL-separated, at most about a megabyte):
 * *ret_buf malloc'd (NULL when empty). Returns 0 or -errno. */
int tracee_cmdline(pid_t pid, char **ret_buf, size_t *ret_len);

/* Attach to a running process: PTRACE_SEIZE its main thread, then every thread of
 * /proc/PID/task, listed again until a pass finds none new (a thread made meanwhile by
 * a thread seized already is traced by the kernel: it is listed negated, -tid, to be
 * adopted through its parent's clone event). Nothing is interrupted here. Returns 0 with
 * *ret_tids (malloc'd, the main thread first) and *ret_n, or -errno from the main
 * thread's seize (EPERM...) or a thread's, with every seized thread let go again. A
 * main thread that has left (pthread_exit, a zombie) cannot be seized: the other threads
 * are, the first of them in its place, and the main thread is listed as -pid. */
int tracee_attach(pid_t pid, unsigned long options, pid_t **ret_tids, size_t *ret_n);
