/* reaper.c — turns SIGCHLD into waitpid statuses for the sessions.
 *
 * signalfd coalesces signals, so each wake-up drains waitpid(-1, __WALL | WNOHANG) until
 * it is empty and hands every status to session_on_status(). A pidfd would not do: it
 * only becomes readable on death, not on ptrace stops (FACTS.md). */
#include "reaper.h"

#include "loop.h"
#include "session.h"

#include <errno.h>
#include <signal.h>
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

static void drain_again(void *data);

static void drain(void)
{
        for (int n = 0; n < DRAIN_MAX; n++) {
                int status;
                pid_t pid = waitpid(-1, &status, __WALL | WNOHANG);

                if (pid <= 0) {
                        if (pid < 0 && errno == EINTR)
                                continue;
                        return;
                }
                session_on_status(pid, status);
        }
        /* More may be waiting, and their SIGCHLD may already have been read: come back
         * right after the loop has looked at everything else. */
        if (!again)
                again = loop_timer_add(0, drain_again, NULL);
}

static void drain_again(void *data)
{
        again = NULL;
        drain();
}

static void on_sigchld(int fd, uint32_t events, void *data)
{
        struct signalfd_siginfo si[16];

        /* A short read means the signalfd is empty: no second read for its EAGAIN. */
        while (read(fd, si, sizeof(si)) == (ssize_t)sizeof(si))
                ;
        drain();
}

int reaper_init(void)
{
        sigset_t set;
        int r;

        sigemptyset(&set);
        sigaddset(&set, SIGCHLD);
        sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
        if (sfd < 0)
                return -errno;
        r = loop_add_fd(sfd, EPOLLIN, on_sigchld, NULL);
        if (r < 0)
                return r;
        drain(); /* anything that stopped before we watched */
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
