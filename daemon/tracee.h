/* tracee.h — process control below the state machine: spawning a traced child, and
 * reading and writing its memory. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct spawn_opts {
        const char *path;      /* as given: searched in PATH when it has no slash */
        char *const *argv;     /* argv[0] included, NULL-terminated */
        char *const *envp;     /* NULL-terminated */
        const char *cwd;       /* NULL: dbgd's */
        bool with_stdin;       /* give the child a pipe for stdin (else /dev/null) */
        bool aslr;             /* false: personality(ADDR_NO_RANDOMIZE) */
        const char *search_path; /* PATH used for a bare name */
};

struct spawned {
        pid_t pid;
        int stdin_fd;  /* write end, or -1 */
        int stdout_fd; /* read ends, non-blocking */
        int stderr_fd;
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

/* Kill the process (and its process group) with SIGKILL and reap it, bounded. */
void tracee_kill_reap(pid_t pid);

/* AT_ENTRY from /proc/PID/auxv. Returns 0 or -errno. */
int tracee_entry_point(pid_t pid, uint64_t *ret);
