/* reaper.c — turns SIGCHLD into waitpid statuses for the sessions.
 *
 * signalfd coalesces signals, so each wake-up drains waitpid(-1, __WALL | WNOHANG) until
 * it is empty and hands every status to session_on_status(). A pidfd would not do: it
 * only becomes readable on death, not on ptrace stops (FACTS.md).
 *
 * Quick waits. A counted step, an unwanted breakpoint hit or a traced syscall resumes
 * the tracee without a report, and its next stop is often microseconds away. Through
 * the loop that stop costs an empty waitpid, an epoll_wait, a signalfd read and the
 * waitpid that fetches it; here it costs one blocking waitpid, as in a plain tracer.
 * The same wait lets a `step` or `cont` request answer at once, without suspending its
 * connection (reaper_await).
 *
 * It is bounded. It happens only after a session's last run was short
 * (session_runs_short), and for at most QUICK_SPAN_NS (2 ms) before the loop looks at
 * HTTP again. A blocking waitpid has no timeout, so ITIMER_REAL guards it: its SIGALRM,
 * caught without SA_RESTART, ends the waitpid with EINTR. The timer is set to go off
 * ALARM_NS (3 ms) after a span begins, and then to tick every TICK_US: a tick that
 * comes between the time check and the waitpid is followed by another one TICK_US
 * later, so no wait outlives its span by more than ALARM_NS - QUICK_SPAN_NS plus a
 * tick. A span that begins with less than a span left before the alarm sets it again
 * (setitimer, 0.4 us here), so while stops come often, spans end by the time check
 * and the alarm never goes off; the first one after the last span disarms the timer
 * from the handler. Other calls it may interrupt in that last millisecond
 * (epoll_wait, the blocking waitpids of spawn and shutdown) retry on EINTR.
 *
 * Measured and dropped: a timer that ticked every TICK_US through every span. Each
 * tick woke dbgd from its waitpid (a timer interrupt, a signal, two context switches
 * on a pinned CPU), about 1,800 a second while a tracee made syscalls: tracing every
 * syscall took 3.4% longer than with the alarm set once per span
 * (docs/performance.md).
 *
 * Steps that dbgd does itself (session.c, "steps in dbgd") make no waitpid status:
 * their stops are queued, and each drain hands them over (session_synth_deliver) before
 * it looks at waitpid, with the same bound, and looks at waitpid (without blocking)
 * after every SYNTH_BURST of them, so that a counted step done in dbgd, which queues
 * step after step, cannot keep other sessions' statuses waiting. A wait that only
 * delivered them returns without a waitpid, and the timer is armed only when a drain
 * is about to block.
 *
 * Measured and dropped: sigtimedwait with a timeout per stop. Arming a timer costs a VM
 * exit on a virtual machine, and counted steps became slower than through the loop
 * (29.8 against 22.6 us a step); the alarm is set at most once per span. */
#include "reaper.h"

#include "loop.h"
#include "session.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static int sfd = -1;
static struct loop_timer *again;
static bool again_statuses; /* again is for statuses left, not only for queued steps */

/* Statuses handled per wake-up. A tracee pinned to our CPU often stops again before
 * waitpid comes back empty (a logging breakpoint in a loop), so without a bound this
 * drain could keep the loop from HTTP forever. */
#define DRAIN_MAX 64

#define QUICK_SPAN_NS 2000000ULL
#define SYNTH_BURST 16 /* queued steps handed over between two looks at waitpid */
#define ALARM_NS 3000000ULL
#define TICK_US 1000

static volatile sig_atomic_t in_span, ticking;
static uint64_t alarm_due; /* when the alarm goes off, if ticking; not the handler's */

static void drain_again(void *data);


/* SIGALRM: interrupt the quick wait (no SA_RESTART); after the span, disarm.
 * Runs on the only thread, between two instructions of the code below. */
static void on_tick(int sig)
{
        static const struct itimerval off = { { 0, 0 }, { 0, 0 } };
        int saved = errno;

        (void)sig;
        if (!in_span) {
                setitimer(ITIMER_REAL, &off, NULL); /* async-signal-safe */
                ticking = 0;
        }
        errno = saved;
}

/* A span begins at now: the alarm must go off before its end is long past. */
static bool span_begin(uint64_t now)
{
        static const struct itimerval alarm = {
                { 0, TICK_US }, { ALARM_NS / 1000000000, ALARM_NS % 1000000000 / 1000 }
        };

        in_span = 1; /* first: an alarm seen from here on keeps the timer */
        if (ticking && alarm_due >= now + QUICK_SPAN_NS)
                return true;
        if (setitimer(ITIMER_REAL, &alarm, NULL) < 0) {
                in_span = 0;
                return false;
        }
        alarm_due = now + ALARM_NS;
        ticking = 1;
        return true;
}

/* Take SIGCHLDs that the blocking waitpids left pending: each would wake the loop for
 * nothing. The waitpid after this catches any stop they stood for. */
static void clear_sigchld(void)
{
        struct signalfd_siginfo si[16];

        while (read(sfd, si, sizeof(si)) == (ssize_t)sizeof(si))
                ;
}

/* Hand every waitable status to the sessions, and every stop of a step done in dbgd
 * (session_synth_deliver) before them. With quick, block in waitpid for the next
 * status first, and again after each one that left a short-running tracee running,
 * until the span is over. */
static void drain(bool quick, bool to_empty)
{
        uint64_t now = loop_now_ns(), end = now + QUICK_SPAN_NS;
        bool spanned = false, blocked = false, cleared = false, empty = false, synth;
        int synth_run = 0;

        for (int n = 0; n < DRAIN_MAX || quick; n++) {
                int status, flags = __WALL | WNOHANG;
                pid_t pid;

                /* now: when the last status came (the clock is read once per stop:
                 * 20 ns a read on this VM's vDSO, three reads a stop before). */
                if (quick && now >= end) {
                        quick = false;
                        if (n >= DRAIN_MAX)
                                break;
                }
                synth = session_synth_pending();
                if (synth && synth_run < SYNTH_BURST) {
                        synth_run++;
                        quick = session_synth_deliver();
                        now = loop_now_ns();
                        /* reaper_await with nothing in waitpid's way: done, without a
                         * waitpid; any status is still announced by its SIGCHLD, and
                         * any left by an earlier drain is drain_again's. */
                        if (!quick && !to_empty && !cleared && !session_synth_pending()) {
                                empty = !again_statuses;
                                break;
                        }
                        continue;
                }
                synth_run = 0;
                if (synth) {
                        /* A look at the real statuses between bursts of queued steps,
                         * which never end while a counted step runs in dbgd. */
                        pid = waitpid(-1, &status, __WALL | WNOHANG);
                        now = loop_now_ns();
                        if (pid > 0)
                                quick = session_on_status(pid, status, now);
                        continue;
                }
                if (quick && !spanned) {
                        /* The timer only when about to block: steps done in dbgd
                         * never are. */
                        spanned = true;
                        quick = span_begin(end - QUICK_SPAN_NS);
                }
                if (quick) {
                        flags = __WALL;
                        blocked = true;
                } else if (blocked) {
                        clear_sigchld();
                        blocked = false;
                        cleared = true;
                }
                pid = waitpid(-1, &status, flags);
                now = loop_now_ns();
                if (pid < 0 && errno == EINTR)
                        continue; /* a tick: the time check above decides */
                if (pid <= 0) {
                        empty = true;
                        break;
                }
                quick = session_on_status(pid, status, now);
        }
        if (spanned)
                in_span = 0; /* the alarm, if it goes off, disarms the timer */
        if (empty && !session_synth_pending()) {
                /* All handled: a drain_again still to come would find nothing. */
                loop_timer_cancel(again);
                again = NULL;
                again_statuses = false;
                return;
        }
        /* More may be waiting, and their SIGCHLD may already have been read: come back
         * right after the loop has looked at everything else. */
        again_statuses = true;
        reaper_kick();
}

/* The status waitpid would give for what waitid saw. */
static int wait_status(const siginfo_t *si)
{
        switch (si->si_code) {
        case CLD_EXITED:
                return (si->si_status & 0xff) << 8;
        case CLD_KILLED:
                return si->si_status & 0x7f;
        case CLD_DUMPED:
                return (si->si_status & 0x7f) | 0x80;
        default: /* CLD_TRAPPED, CLD_STOPPED: the signal and the ptrace event */
                return (si->si_status & 0xffff) << 8 | 0x7f;
        }
}

bool reaper_wait_for(pid_t pgid, pid_t *pid, int *status, uint64_t until_ns)
{
        const int how = WEXITED | WSTOPPED | __WALL | WNOWAIT;
        sig_atomic_t outer = in_span;
        uint64_t now = loop_now_ns();
        siginfo_t si;
        bool got = false;

        if (now < until_ns && span_begin(now)) {
                while (now < until_ns) {
                        si.si_pid = 0;
                        if (waitid(P_PGID, (id_t)pgid, &si, how) == 0) {
                                got = si.si_pid > 0;
                                break;
                        }
                        if (errno != EINTR)
                                break; /* not ours (any more) */
                        now = loop_now_ns();
                }
                in_span = outer;
        } else {
                si.si_pid = 0;
                got = waitid(P_PGID, (id_t)pgid, &si, how | WNOHANG) == 0 && si.si_pid > 0;
        }
        if (got) {
                *pid = si.si_pid;
                *status = wait_status(&si);
        }
        return got;
}

void reaper_kick(void)
{
        if (!again)
                again = loop_timer_add(0, drain_again, NULL);
}

static void drain_again(void *data)
{
        again = NULL;
        again_statuses = false;
        drain(false, true);
}

void reaper_await(void)
{
        drain(true, false);
}

void reaper_poll(void)
{
        drain(false, true);
}

static void on_sigchld(int fd, uint32_t events, void *data)
{
        clear_sigchld();
        drain(false, true);
}

int reaper_init(void)
{
        struct sigaction sa = { 0 };
        sigset_t set;
        int r;

        sa.sa_handler = on_tick; /* no SA_RESTART: the tick must end a blocking waitpid */
        sigemptyset(&sa.sa_mask);
        if (sigaction(SIGALRM, &sa, NULL) < 0)
                return -errno;
        sigemptyset(&set);
        sigaddset(&set, SIGCHLD);
        sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
        if (sfd < 0)
                return -errno;
        r = loop_add_fd(sfd, EPOLLIN, on_sigchld, NULL);
        if (r < 0)
                return r;
        drain(false, true); /* anything that stopped before we watched */
        return 0;
}

void reaper_done(void)
{
        static const struct itimerval off = { { 0, 0 }, { 0, 0 } };

        setitimer(ITIMER_REAL, &off, NULL);
        ticking = 0;
        loop_timer_cancel(again);
        again = NULL;
        if (sfd < 0)
                return;
        loop_del_fd(sfd);
        close(sfd);
        sfd = -1;
}
