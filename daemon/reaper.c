/* reaper.c — turns SIGCHLD into waitpid statuses for the sessions.
 *
 * signalfd coalesces signals, so each wake-up drains waitpid(-1, __WALL | WNOHANG) until
 * it is empty and hands every status to session_on_status(). A pidfd would not do: it
 * only becomes readable on death, not on ptrace stops (FACTS.md).
 *
 * Quick waits. A counted step, an unwanted breakpoint hit or a traced syscall resumes
 * the tracee without a report, and its next stop is often microseconds away. Through
 * the loop that stop costs an empty waitpid, an epoll_wait and a signalfd read; waiting
 * for it here costs one sigtimedwait for SIGCHLD (blocked in every thread, so it is
 * dequeued here or read from the signalfd, never both) and the waitpid that fetches it.
 * The same wait lets a `step` or `cont` request answer at once, without suspending its
 * connection (reaper_await).
 *
 * It is bounded: only after a session's last run was short (session_runs_short), and
 * at most QUICK_SPAN_NS (2 ms) in all before the loop looks at HTTP again. A wait that ends
 * without a SIGCHLD still drains waitpid, so a status whose SIGCHLD was dequeued with
 * another is never left behind. */
#include "reaper.h"

#include "loop.h"
#include "session.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

static int sfd = -1;
static struct loop_timer *again;

/* Statuses handled per wake-up. A tracee pinned to our CPU often stops again before
 * waitpid comes back empty (a logging breakpoint in a loop), so without a bound this
 * drain could keep the loop from HTTP forever. */
#define DRAIN_MAX 64

#define QUICK_SPAN_NS 2000000ULL

static sigset_t chld, quick_set; /* SIGCHLD; SIGCHLD and SIGALRM */
static uint64_t alarm_due;       /* when ITIMER_REAL fires (loop_now_ns), 0: not armed */

static void drain_again(void *data);

/* The span's bound is ITIMER_REAL, whose SIGALRM is blocked like SIGCHLD. Arming a
 * timer costs a VM exit on a virtual machine: a sigtimedwait with a timeout per stop made
 * counted steps slower than the loop (29.8 against 22.6 us a step), and arming and
 * disarming per request cost 4 us a `step`. So the timer is armed only when it is not
 * already due within the span, and never disarmed: it fires at most once after the last
 * span, leaving a stale SIGALRM pending that the next wait takes and ignores. */
static bool alarm_by(uint64_t now, uint64_t end)
{
        struct itimerval it = { 0 };
        uint64_t ns = end - now;

        if (alarm_due > now && alarm_due <= end)
                return true;
        it.it_value.tv_sec = (time_t)(ns / 1000000000);
        it.it_value.tv_usec = (suseconds_t)(ns % 1000000000 / 1000 + 1);
        if (setitimer(ITIMER_REAL, &it, NULL) < 0)
                return false;
        alarm_due = now + ns;
        return true;
}

/* Wait for a SIGCHLD until end; false when end came first. */
static bool await_sigchld(uint64_t end)
{
        for (;;) {
                uint64_t now = loop_now_ns();
                int sig;

                if (now >= end || !alarm_by(now, end))
                        return false;
                sig = sigwaitinfo(&quick_set, NULL);
                if (sig == SIGCHLD)
                        return true;
                if (sig == SIGALRM && loop_now_ns() >= alarm_due)
                        alarm_due = 0; /* ours fired (else a stale one) */
        }
}

/* Hand every waitable status to the sessions. With quick, wait for the next SIGCHLD
 * first, and again after each status that left a short-running tracee running, for at
 * most QUICK_SPAN_NS from the first wait. */
static void drain(bool quick)
{
        uint64_t end = 0;

        for (int n = 0; n < DRAIN_MAX || quick; n++) {
                int status;
                pid_t pid;

                if (quick) {
                        if (!end)
                                end = loop_now_ns() + QUICK_SPAN_NS;
                        quick = await_sigchld(end); /* on false, still take what is there */
                }
                pid = waitpid(-1, &status, __WALL | WNOHANG);
                if (pid < 0 && errno == EINTR)
                        continue;
                if (pid <= 0)
                        return;
                quick = session_on_status(pid, status) && (!end || loop_now_ns() < end);
        }
        /* More may be waiting, and their SIGCHLD may already have been read: come back
         * right after the loop has looked at everything else. */
        if (!again)
                again = loop_timer_add(0, drain_again, NULL);
}

static void drain_again(void *data)
{
        again = NULL;
        drain(false);
}

void reaper_await(void)
{
        drain(true);
}

static void on_sigchld(int fd, uint32_t events, void *data)
{
        struct signalfd_siginfo si[16];

        /* A short read means the signalfd is empty: no second read for its EAGAIN. */
        while (read(fd, si, sizeof(si)) == (ssize_t)sizeof(si))
                ;
        drain(false);
}

int reaper_init(void)
{
        int r;

        sigemptyset(&chld);
        sigaddset(&chld, SIGCHLD);
        quick_set = chld;
        sigaddset(&quick_set, SIGALRM);
        sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
        if (sfd < 0)
                return -errno;
        r = loop_add_fd(sfd, EPOLLIN, on_sigchld, NULL);
        if (r < 0)
                return r;
        drain(false); /* anything that stopped before we watched */
        return 0;
}

void reaper_done(void)
{
        loop_timer_cancel(again);
        again = NULL;
        if (sfd < 0)
                return;
        loop_del_fd(sfd);
        close(sfd);
        sfd = -1;
}
