/* loop.c — epoll, timers and the before-sleep hook.
 *
 * Owns the epoll fd and the timer list. Timers are few (one per waiting request), so a
 * sorted list is enough. Callbacks may add or cancel timers and fds freely: a fired timer
 * is unlinked before its callback runs, and fd registrations are looked up per event. */
#include "loop.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

struct fd_watch {
        int fd;
        loop_fd_fn fn;
        void *data;
        struct fd_watch *next;
};

struct loop_timer {
        uint64_t due;
        loop_timer_fn fn;
        void *data;
        struct loop_timer *next;
};

#define WATCH_BUCKETS 256

static int epfd = -1;
static bool running;
static struct fd_watch *watches[WATCH_BUCKETS];
static struct loop_timer *timers;
static int (*before_sleep)(void *data);
static void *before_sleep_data;

uint64_t loop_now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t loop_now_ns(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

int loop_init(void)
{
        epfd = epoll_create1(EPOLL_CLOEXEC);
        return epfd < 0 ? -errno : 0;
}

void loop_done(void)
{
        for (int i = 0; i < WATCH_BUCKETS; i++) {
                while (watches[i]) {
                        struct fd_watch *w = watches[i];
                        watches[i] = w->next;
                        free(w);
                }
        }
        while (timers) {
                struct loop_timer *t = timers;
                timers = t->next;
                free(t);
        }
        if (epfd >= 0)
                close(epfd);
        epfd = -1;
}

static struct fd_watch **watch_slot(int fd)
{
        struct fd_watch **p = &watches[(unsigned)fd % WATCH_BUCKETS];

        while (*p && (*p)->fd != fd)
                p = &(*p)->next;
        return p;
}

int loop_add_fd(int fd, uint32_t events, loop_fd_fn fn, void *data)
{
        struct epoll_event ev = { .events = events, .data.fd = fd };
        struct fd_watch *w;

        if (*watch_slot(fd))
                return -EEXIST;
        w = calloc(1, sizeof(*w));
        if (!w)
                return -ENOMEM;
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
                int r = -errno;
                free(w);
                return r;
        }
        w->fd = fd;
        w->fn = fn;
        w->data = data;
        w->next = watches[(unsigned)fd % WATCH_BUCKETS];
        watches[(unsigned)fd % WATCH_BUCKETS] = w;
        return 0;
}

void loop_del_fd(int fd)
{
        struct fd_watch **p = watch_slot(fd);
        struct fd_watch *w = *p;

        if (!w)
                return;
        epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
        *p = w->next;
        free(w);
}

struct loop_timer *loop_timer_add(uint64_t ms, loop_timer_fn fn, void *data)
{
        struct loop_timer *t = calloc(1, sizeof(*t)), **p;

        if (!t)
                return NULL;
        t->due = loop_now_ms() + ms;
        t->fn = fn;
        t->data = data;
        for (p = &timers; *p && (*p)->due <= t->due; p = &(*p)->next)
                ;
        t->next = *p;
        *p = t;
        return t;
}

void loop_timer_cancel(struct loop_timer *t)
{
        struct loop_timer **p;

        if (!t)
                return;
        for (p = &timers; *p; p = &(*p)->next) {
                if (*p == t) {
                        *p = t->next;
                        free(t);
                        return;
                }
        }
}

void loop_set_before_sleep(int (*fn)(void *data), void *data)
{
        before_sleep = fn;
        before_sleep_data = data;
}

static void run_due_timers(void)
{
        uint64_t now = loop_now_ms();

        while (timers && timers->due <= now) {
                struct loop_timer *t = timers;

                timers = t->next;
                t->fn(t->data);
                free(t);
        }
}

static int sleep_budget(void)
{
        int ms = -1;

        if (before_sleep)
                ms = before_sleep(before_sleep_data);
        if (timers) {
                uint64_t now = loop_now_ms();
                int t = timers->due <= now ? 0 : (int)(timers->due - now);
                if (ms < 0 || t < ms)
                        ms = t;
        }
        return ms;
}

int loop_run(void)
{
        struct epoll_event evs[64];

        running = true;
        while (running) {
                int n = epoll_wait(epfd, evs, 64, sleep_budget());

                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                for (int i = 0; i < n && running; i++) {
                        struct fd_watch *w = *watch_slot(evs[i].data.fd);
                        if (w)
                                w->fn(w->fd, evs[i].events, w->data);
                }
                run_due_timers();
        }
        return 0;
}

void loop_stop(void)
{
        running = false;
}
