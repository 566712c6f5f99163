/* test_events.c — the event queue and its JSON text, compared with the same objects
 * built with jansson. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "jrpc.h"

/* The events result as text, parsed back. */
static json_t *page(const struct event_queue *q, uint64_t after, size_t max)
{
        json_t *raw = events_json(q, after, max), *v;
        const char *text;
        size_t len;
        char *dumped;
        json_error_t err;

        assert_non_null(raw);
        text = jrpc_raw_text(raw, &len);
        assert_non_null(text);
        dumped = jrpc_dumps(raw, &len); /* jrpc_dumps writes it as it is */
        assert_string_equal(dumped, text);
        v = json_loads(text, 0, &err);
        if (!v)
                fail_msg("not JSON (%s): %s", err.text, text);
        free(dumped);
        json_decref(raw);
        return v;
}

static void expect_json(json_t *got, const char *want_text)
{
        json_t *want = json_loads(want_text, 0, NULL);
        char *g = json_dumps(got, JSON_COMPACT | JSON_SORT_KEYS);
        char *w = json_dumps(want, JSON_COMPACT | JSON_SORT_KEYS);

        assert_non_null(want);
        assert_string_equal(g, w);
        free(g);
        free(w);
        json_decref(want);
}

static void test_events_syscalls_and_stops(void **state)
{
        struct event_queue q;
        struct event *e;
        json_t *v;

        (void)state;
        events_init(&q, 16);
        e = events_push(&q, EV_SYSCALL_ENTRY);
        e->nr = 1;
        e->args[0] = 1;
        e->args[1] = 0x4052a0;
        e->args[2] = 0xe;
        e->args[5] = UINT64_MAX;
        e->pc = 0x7ffff7ecb350;
        e = events_push(&q, EV_SYSCALL_EXIT);
        e->nr = 1;
        e->ret = -9;
        e->pc = 0x7ffff7ecb350;
        e = events_push(&q, EV_SYSCALL_EXIT);
        e->nr = 39;
        e->ret = 4242;
        e = events_push(&q, EV_RESUME);
        e = events_push(&q, EV_STOP);
        e->data = json_pack("{s:i,s:s,s:{s:s}}", "session", 1, "state", "stopped", "stop",
                            "reason", "step \"quoted\"");
        e = events_push(&q, EV_SYSCALL_EXIT);
        e->nr = 100000; /* no name */
        e->ret = INT64_MIN;

        v = page(&q, 0, 100);
        expect_json(v, "{\"events\":["
                       "{\"seq\":1,\"type\":\"syscall-entry\",\"syscall\":{\"nr\":1,\"name\":\"write\","
                       "\"args\":[\"0x1\",\"0x4052a0\",\"0xe\",\"0x0\",\"0x0\",\"0xffffffffffffffff\"]},"
                       "\"pc\":\"0x7ffff7ecb350\"},"
                       "{\"seq\":2,\"type\":\"syscall-exit\",\"syscall\":{\"nr\":1,\"name\":\"write\","
                       "\"ret\":-9,\"error\":\"EBADF\"},\"pc\":\"0x7ffff7ecb350\"},"
                       "{\"seq\":3,\"type\":\"syscall-exit\",\"syscall\":{\"nr\":39,\"name\":\"getpid\","
                       "\"ret\":4242},\"pc\":\"0x0\"},"
                       "{\"seq\":4,\"type\":\"resume\"},"
                       "{\"seq\":5,\"type\":\"stop\",\"status\":{\"session\":1,\"state\":\"stopped\","
                       "\"stop\":{\"reason\":\"step \\\"quoted\\\"\"}}},"
                       "{\"seq\":6,\"type\":\"syscall-exit\",\"syscall\":{\"nr\":100000,"
                       "\"name\":\"syscall_0x186a0\",\"ret\":-9223372036854775808},\"pc\":\"0x0\"}"
                       "],\"next\":6,\"dropped\":0}");
        json_decref(v);

        v = page(&q, 4, 1);
        assert_int_equal(json_array_size(json_object_get(v, "events")), 1);
        assert_int_equal(json_integer_value(json_object_get(v, "next")), 5);
        json_decref(v);

        v = page(&q, 6, 10); /* nothing new */
        expect_json(v, "{\"events\":[],\"next\":6,\"dropped\":0}");
        json_decref(v);
        events_free(&q);
}

/* A syscall's text (strace's line) is the event's to free, and comes out as JSON
 * whatever it holds; evicting its event frees it (the sanitizer build sees a leak). */
static void test_events_syscall_text(void **state)
{
        struct event_queue q;
        struct event *e;
        json_t *v;

        (void)state;
        events_init(&q, 2);
        e = events_push(&q, EV_SYSCALL_ENTRY);
        e->nr = 2;
        e->text = strdup("open(\"/x\\y\", O_RDONLY)");
        e = events_push(&q, EV_SYSCALL_EXIT);
        e->nr = 2;
        e->ret = -2;
        e->text = strdup("open(\"/x\\y\", O_RDONLY) = -1 ENOENT (\001\n)");
        v = page(&q, 0, 100);
        expect_json(v, "{\"events\":["
                       "{\"seq\":1,\"type\":\"syscall-entry\",\"syscall\":{\"nr\":2,\"name\":\"open\","
                       "\"args\":[\"0x0\",\"0x0\",\"0x0\",\"0x0\",\"0x0\",\"0x0\"],"
                       "\"text\":\"open(\\\"/x\\\\y\\\", O_RDONLY)\"},\"pc\":\"0x0\"},"
                       "{\"seq\":2,\"type\":\"syscall-exit\",\"syscall\":{\"nr\":2,\"name\":\"open\","
                       "\"ret\":-2,\"error\":\"ENOENT\",\"text\":\"open(\\\"/x\\\\y\\\", O_RDONLY) = "
                       "-1 ENOENT (\\u0001\\n)\"},\"pc\":\"0x0\"}"
                       "],\"next\":2,\"dropped\":0}");
        json_decref(v);
        events_push(&q, EV_RESUME); /* evicts the entry and its text */
        events_free(&q);
}

/* A syscall of another thread names it; an i386 one is named from the i386 table. */
static void test_events_thread_and_abi(void **state)
{
        struct event_queue q;
        struct event *e;
        json_t *v;

        (void)state;
        events_init(&q, 16);
        e = events_push(&q, EV_SYSCALL_EXIT);
        e->nr = 20; /* getpid in i386's table, writev in x86-64's */
        e->ret = 42;
        e->i386 = true;
        e->thread = 4243;
        e = events_push(&q, EV_SYSCALL_EXIT);
        e->nr = 20;
        e->ret = 0;
        events_push(&q, EV_THREAD_START)->thread = 4244;
        events_push(&q, EV_THREAD_EXIT)->thread = 4244;
        v = page(&q, 0, 100);
        expect_json(v, "{\"events\":["
                       "{\"seq\":1,\"type\":\"syscall-exit\",\"syscall\":{\"nr\":20,"
                       "\"name\":\"getpid\",\"abi\":\"i386\",\"ret\":42},\"pc\":\"0x0\","
                       "\"thread\":4243},"
                       "{\"seq\":2,\"type\":\"syscall-exit\",\"syscall\":{\"nr\":20,"
                       "\"name\":\"writev\",\"ret\":0},\"pc\":\"0x0\"},"
                       "{\"seq\":3,\"type\":\"thread-start\",\"thread\":4244},"
                       "{\"seq\":4,\"type\":\"thread-exit\",\"thread\":4244}"
                       "],\"next\":4,\"dropped\":0}");
        json_decref(v);
        events_free(&q);
}

static void test_events_dropped(void **state)
{
        struct event_queue q;
        json_t *v;

        (void)state;
        events_init(&q, 4);
        for (int i = 0; i < 10; i++)
                events_push(&q, EV_RESUME)->nr = i;
        v = page(&q, 0, 100); /* 1..6 evicted */
        assert_int_equal(json_integer_value(json_object_get(v, "dropped")), 6);
        assert_int_equal(json_integer_value(json_object_get(v, "next")), 10);
        assert_int_equal(json_integer_value(json_object_get(
                                 json_array_get(json_object_get(v, "events"), 0), "seq")),
                         7);
        json_decref(v);
        v = page(&q, 2, 0); /* max 0 after evicted events: skip them */
        expect_json(v, "{\"events\":[],\"next\":6,\"dropped\":4}");
        json_decref(v);
        events_free(&q);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_events_syscalls_and_stops),
                cmocka_unit_test(test_events_thread_and_abi),
                cmocka_unit_test(test_events_syscall_text),
                cmocka_unit_test(test_events_dropped),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
