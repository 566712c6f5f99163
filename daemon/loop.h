/* loop.h — the engine thread's event loop: epoll, one-shot timers, deferred work.
 * Everything in dbgd runs from here, on one thread (ptrace belongs to one thread). */
#pragma once

#include <stdint.h>

typedef void (*loop_fd_fn)(int fd, uint32_t events, void *data);
typedef void (*loop_timer_fn)(void *data);
typedef void (*loop_hook_fn)(void *data);

struct loop_timer;

/* Returns 0 or -errno. */
int loop_init(void);
void loop_done(void);

/* Watch fd for events (EPOLLIN...). One registration per fd. Returns 0 or -errno. */
int loop_add_fd(int fd, uint32_t events, loop_fd_fn fn, void *data);
void loop_del_fd(int fd);

/* A one-shot timer firing after ms milliseconds. Returns NULL on ENOMEM. */
struct loop_timer *loop_timer_add(uint64_t ms, loop_timer_fn fn, void *data);
/* Cancel a timer that has not fired; accepts NULL. */
void loop_timer_cancel(struct loop_timer *t);

/* Called before each sleep, with the time budget the hook wants (ms, -1 none):
 * used by the HTTP layer to run MHD and report its own timeout. */
void loop_set_before_sleep(int (*fn)(void *data), void *data);

/* Run until loop_stop(). Returns 0 or -errno. */
int loop_run(void);
void loop_stop(void);

uint64_t loop_now_ms(void);
uint64_t loop_now_ns(void);
