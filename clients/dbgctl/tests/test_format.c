/* test_format.c — dbgctl's human output (format.c): stop lines, registers, hex dumps,
 * tables and the byte decoders, fed with result objects as the daemon sends them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"

/* Run fn on the JSON text and return what it printed (free it). */
static char *render(void (*fn)(FILE *, json_t *), const char *json)
{
        json_error_t e;
        json_t *v = json_loads(json, 0, &e);
        char *buf = NULL;
        size_t len = 0;
        FILE *f;

        assert_non_null(v);
        f = open_memstream(&buf, &len);
        assert_non_null(f);
        fn(f, v);
        fclose(f);
        json_decref(v);
        return buf;
}

static void check(void (*fn)(FILE *, json_t *), const char *json, const char *want)
{
        char *got = render(fn, json);

        assert_string_equal(got, want);
        free(got);
}

static void test_format_stop_lines(void **state)
{
        check(fmt_stop_line,
              "{\"session\":1,\"state\":\"stopped\",\"stop\":{\"reason\":\"breakpoint\","
              "\"pc\":\"0x401126\",\"breakpoint\":1}}",
              "breakpoint 1 at 0x401126\n");
        check(fmt_stop_line,
              "{\"state\":\"stopped\",\"stop\":{\"reason\":\"syscall-entry\",\"pc\":\"0x1\","
              "\"syscall\":{\"nr\":1,\"name\":\"write\",\"args\":[\"0x1\",\"0x4020\",\"0xe\","
              "\"0x7\",\"0x0\",\"0x0\"]}}}",
              "syscall-entry write(0x1, 0x4020, 0xe)\n");
        check(fmt_stop_line,
              "{\"state\":\"stopped\",\"stop\":{\"reason\":\"syscall-entry\",\"pc\":\"0x1\","
              "\"syscall\":{\"nr\":39,\"name\":\"getpid\",\"args\":[\"0x1\",\"0x2\",\"0x3\","
              "\"0x4\",\"0x5\",\"0x6\"]}}}",
              "syscall-entry getpid()\n");
        check(fmt_stop_line,
              "{\"state\":\"stopped\",\"stop\":{\"reason\":\"syscall-entry\",\"pc\":\"0x1\","
              "\"syscall\":{\"nr\":999,\"args\":[\"0x1\",\"0x2\",\"0x3\",\"0x4\",\"0x5\","
              "\"0x6\"]}}}",
              "syscall-entry syscall_0x3e7(0x1, 0x2, 0x3, 0x4, 0x5, 0x6)\n");
        check(fmt_stop_line,
              "{\"state\":\"stopped\",\"stop\":{\"reason\":\"syscall-exit\",\"pc\":\"0x1\","
              "\"syscall\":{\"nr\":1,\"name\":\"write\",\"ret\":14}}}",
              "syscall-exit write = 14\n");
        check(fmt_stop_line,
              "{\"state\":\"stopped\",\"stop\":{\"reason\":\"syscall-exit\",\"pc\":\"0x1\","
              "\"syscall\":{\"nr\":257,\"name\":\"openat\",\"ret\":-2,\"error\":\"ENOENT\"}}}",
              "syscall-exit openat = -1 ENOENT (-2)\n");
        /* the daemon's text, when it sends one, in place of the hex */
        check(fmt_stop_line,
              "{\"state\":\"stopped\",\"stop\":{\"reason\":\"syscall-entry\",\"pc\":\"0x1\","
              "\"syscall\":{\"nr\":257,\"name\":\"openat\",\"args\":[\"0xffffff9c\",\"0x1\","
              "\"0x0\",\"0x0\",\"0x0\",\"0x0\"],\"text\":\"openat(AT_FDCWD, \\\"/etc/passwd\\\", "
              "O_RDONLY)\"}}}",
              "syscall-entry openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY)\n");
        check(fmt_stop_line,
              "{\"state\":\"stopped\",\"stop\":{\"reason\":\"syscall-exit\",\"pc\":\"0x1\","
              "\"syscall\":{\"nr\":257,\"name\":\"openat\",\"ret\":-2,\"error\":\"ENOENT\","
              "\"text\":\"openat(AT_FDCWD, \\\"/x\\\", O_RDONLY) = -1 ENOENT (No such file or "
              "directory)\"}}}",
              "syscall-exit openat(AT_FDCWD, \"/x\", O_RDONLY) = -1 ENOENT (No such file or "
              "directory)\n");
        check(fmt_stop_line,
              "{\"state\":\"stopped\",\"stop\":{\"reason\":\"signal\",\"pc\":\"0x401136\","
              "\"signal\":{\"number\":11,\"name\":\"SIGSEGV\",\"code\":1,"
              "\"code_name\":\"SEGV_MAPERR\",\"address\":\"0x0\"}}}",
              "signal SIGSEGV (SEGV_MAPERR) at 0x0, pc 0x401136\n");
        check(fmt_stop_line,
              "{\"state\":\"stopped\",\"stop\":{\"reason\":\"signal\",\"pc\":\"0x40\","
              "\"signal\":{\"number\":19,\"name\":\"SIGSTOP\",\"group_stop\":true}}}",
              "signal SIGSTOP (group stop), pc 0x40\n");
        check(fmt_stop_line, "{\"state\":\"exited\",\"exit_code\":0}", "exited with code 0\n");
        check(fmt_stop_line, "{\"state\":\"exited\",\"exit_code\":3}", "exited with code 3\n");
        check(fmt_stop_line,
              "{\"state\":\"killed\",\"signal\":{\"number\":11,\"name\":\"SIGSEGV\"},"
              "\"core_dumped\":false}",
              "killed by SIGSEGV\n");
        check(fmt_stop_line,
              "{\"state\":\"killed\",\"signal\":{\"number\":6,\"name\":\"SIGABRT\"},"
              "\"core_dumped\":true}",
              "killed by SIGABRT (core dumped)\n");
        check(fmt_stop_line,
              "{\"state\":\"stopped\",\"stop\":{\"reason\":\"step\",\"pc\":\"0x401127\"}}",
              "step at 0x401127\n");
        check(fmt_stop_line,
              "{\"state\":\"stopped\",\"stop\":{\"reason\":\"exec\",\"pc\":\"0x7ffff7fe3290\"}}",
              "exec at 0x7ffff7fe3290\n");
        check(fmt_stop_line,
              "{\"state\":\"stopped\",\"stop\":{\"reason\":\"interrupted\",\"pc\":\"0x5\"}}",
              "interrupted at 0x5\n");
        check(fmt_stop_line, "{\"state\":\"running\"}", "running\n");
        /* tolerant of missing fields */
        check(fmt_stop_line, "{}", "?\n");
        check(fmt_stop_line, "{\"state\":\"stopped\"}", "stopped\n");
}

static void test_format_thread_stop_lines(void **state)
{
        /* the main thread (thread == pid): the line is the single-threaded one */
        check(fmt_stop_line,
              "{\"pid\":4242,\"state\":\"stopped\",\"stop\":{\"reason\":\"breakpoint\","
              "\"pc\":\"0x401136\",\"breakpoint\":1,\"thread\":4242}}",
              "breakpoint 1 at 0x401136\n");
        /* another thread */
        check(fmt_stop_line,
              "{\"pid\":4242,\"state\":\"stopped\",\"stop\":{\"reason\":\"breakpoint\","
              "\"pc\":\"0x401136\",\"breakpoint\":1,\"thread\":4243}}",
              "breakpoint 1 at 0x401136 in thread 4243\n");
        check(fmt_stop_line,
              "{\"pid\":4242,\"state\":\"stopped\",\"stop\":{\"reason\":\"signal\","
              "\"pc\":\"0x401136\",\"thread\":4244,\"signal\":{\"number\":11,"
              "\"name\":\"SIGSEGV\",\"code_name\":\"SEGV_MAPERR\",\"address\":\"0x0\"}}}",
              "signal SIGSEGV (SEGV_MAPERR) at 0x0, pc 0x401136 in thread 4244\n");
        check(fmt_stop_line,
              "{\"pid\":4242,\"state\":\"stopped\",\"stop\":{\"reason\":\"syscall-exit\","
              "\"pc\":\"0x1\",\"thread\":4243,\"syscall\":{\"nr\":1,\"name\":\"write\","
              "\"ret\":14}}}",
              "syscall-exit write = 14 in thread 4243\n");
        check(fmt_stop_line,
              "{\"pid\":4242,\"state\":\"stopped\",\"stop\":{\"reason\":\"step\","
              "\"pc\":\"0x401137\",\"thread\":4243}}",
              "step at 0x401137 in thread 4243\n");
        /* the current thread ended during a step: the main one is current now */
        check(fmt_stop_line,
              "{\"pid\":4242,\"state\":\"stopped\",\"stop\":{\"reason\":\"interrupted\","
              "\"pc\":\"0x7ffff7e8e117\",\"thread\":4242,\"thread_exited\":4243}}",
              "interrupted at 0x7ffff7e8e117 (thread 4243 exited)\n");
        check(fmt_stop_line,
              "{\"pid\":4242,\"state\":\"stopped\",\"stop\":{\"reason\":\"interrupted\","
              "\"pc\":\"0x401140\",\"thread\":4244,\"thread_exited\":4243}}",
              "interrupted at 0x401140 in thread 4244 (thread 4243 exited)\n");
        /* a thread chosen with `thread`: the reason is the stop's, the pc the thread's */
        check(fmt_stop_line,
              "{\"pid\":4242,\"state\":\"stopped\",\"stop\":{\"reason\":\"breakpoint\","
              "\"pc\":\"0x7ffff7e8e117\",\"breakpoint\":1,\"thread\":4242,"
              "\"selected\":true}}",
              "breakpoint 1; thread 4242 selected at 0x7ffff7e8e117\n");
        check(fmt_stop_line,
              "{\"pid\":4242,\"state\":\"stopped\",\"stop\":{\"reason\":\"signal\","
              "\"pc\":\"0x401150\",\"thread\":4245,\"selected\":true,"
              "\"signal\":{\"number\":10,\"name\":\"SIGUSR1\",\"code_name\":\"SI_TKILL\"}}}",
              "signal SIGUSR1 (SI_TKILL); thread 4245 selected at 0x401150\n");
        /* without a pid (or a thread) to compare, nothing is added */
        check(fmt_stop_line,
              "{\"state\":\"stopped\",\"stop\":{\"reason\":\"step\",\"pc\":\"0x5\","
              "\"thread\":4243}}",
              "step at 0x5\n");
        check(fmt_stop_line,
              "{\"pid\":4242,\"state\":\"stopped\",\"stop\":{\"reason\":\"step\","
              "\"pc\":\"0x5\",\"selected\":true}}",
              "step at 0x5\n");
        /* a watchpoint says what changed */
        check(fmt_stop_line,
              "{\"pid\":4242,\"state\":\"stopped\",\"stop\":{\"reason\":\"watchpoint\","
              "\"pc\":\"0x40116c\",\"watchpoint\":1,\"address\":\"0x404040\","
              "\"old\":\"0x3\",\"value\":\"0x6\",\"thread\":4242}}",
              "watchpoint 1 at 0x40116c (0x404040: 0x3 -> 0x6)\n");
        /* the sessions table reads each session's stop the same way */
        check(fmt_sessions,
              "{\"sessions\":[{\"session\":1,\"pid\":4242,\"path\":\"/x/mt\",\"args\":[],"
              "\"state\":\"stopped\",\"stop\":{\"reason\":\"breakpoint\",\"pc\":\"0x10\","
              "\"breakpoint\":2,\"thread\":4250}}]}",
              "SESSION     PID  COMMAND  STATE\n"
              "      1    4242  /x/mt    breakpoint 2 at 0x10 in thread 4250\n");
}

static void test_format_threads(void **state)
{
        check(fmt_threads,
              "{\"threads\":[{\"tid\":4243,\"current\":true,\"state\":\"stopped\","
              "\"pc\":\"0x401136\",\"name\":\"worker-0\"}]}",
              "* 4243  stopped  0x401136  worker-0\n");
        /* columns aligned; a running thread has no pc */
        check(fmt_threads,
              "{\"threads\":["
              "{\"tid\":4243,\"current\":true,\"state\":\"stopped\",\"pc\":\"0x401136\","
              "\"name\":\"worker-0\"},"
              "{\"tid\":4242,\"current\":false,\"state\":\"stopped\","
              "\"pc\":\"0x7ffff7e8e117\",\"name\":\"mthreads\"},"
              "{\"tid\":12345,\"current\":false,\"state\":\"stopping\",\"name\":\"worker-1\"},"
              "{\"tid\":4244,\"current\":false,\"state\":\"running\"}]}",
              "*  4243  stopped   0x401136        worker-0\n"
              "   4242  stopped   0x7ffff7e8e117  mthreads\n"
              "  12345  stopping                  worker-1\n"
              "   4244  running\n");
        /* no trailing blanks when the name is missing */
        check(fmt_threads,
              "{\"threads\":[{\"tid\":7,\"current\":true,\"state\":\"stopped\","
              "\"pc\":\"0x10\"},{\"tid\":8,\"current\":false,\"state\":\"running\"}]}",
              "* 7  stopped  0x10\n"
              "  8  running\n");
        /* where it is, when the symbol is known */
        check(fmt_threads,
              "{\"threads\":[{\"tid\":7,\"current\":true,\"state\":\"stopped\","
              "\"pc\":\"0x401136\",\"symbol\":\"work\",\"name\":\"worker-0\"}]}",
              "* 7  stopped  0x401136  worker-0  in work\n");
        /* an ended process has no threads */
        check(fmt_threads, "{\"threads\":[]}", "no threads\n");
        check(fmt_threads, "{}", "no threads\n");
}

static void test_format_status(void **state)
{
        check(fmt_status,
              "{\"session\":2,\"pid\":4242,\"path\":\"/x/loop\",\"args\":[\"3\"],"
              "\"state\":\"exited\",\"exit_code\":0}",
              "session 2 (pid 4242): /x/loop 3\nexited with code 0\n");
        /* argv[0] in args is not repeated */
        check(fmt_status,
              "{\"session\":2,\"pid\":1,\"path\":\"/x/loop\",\"args\":[\"/x/loop\",\"3\"],"
              "\"state\":\"running\"}",
              "session 2 (pid 1): /x/loop 3\nrunning\n");
        check(fmt_status, "{\"session\":1,\"pid\":7,\"state\":\"running\"}",
              "session 1 (pid 7)\nrunning\n");
}

static void test_format_regs(void **state)
{
        check(fmt_regs, "{\"rip\":\"0x401126\",\"rax\":\"0x1c\",\"fs_base\":\"0x7ffff7d8a740\"}",
              "rip               0x401126\n"
              "rax                   0x1c  28\n"
              "fs_base     0x7ffff7d8a740\n");
}

static void test_format_hexdump(void **state)
{
        const unsigned char bytes[] = "Hello, world!\n\x00\xff" "ABC";
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);

        fmt_hexdump(f, 0x4020, bytes, 19);
        fclose(f);
        assert_string_equal(buf,
                            "0x4020  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 ff  "
                            "|Hello, world!...|\n"
                            "0x4030  41 42 43                                          "
                            "|ABC|\n");
        free(buf);

        /* addresses keep one width when the dump crosses a digit boundary */
        buf = NULL;
        f = open_memstream(&buf, &len);
        fmt_hexdump(f, 0xff8, bytes, 9);
        fclose(f);
        assert_string_equal(buf, "0x0ff8  48 65 6c 6c 6f 2c 20 77  6f                       "
                                 "|Hello, wo|\n");
        free(buf);

        buf = NULL;
        f = open_memstream(&buf, &len);
        fmt_hexdump(f, 0x10, bytes, 0);
        fclose(f);
        assert_string_equal(buf, "");
        free(buf);
}

/* gdb's x/Nx layout: little-endian units, zero-padded, 8 bytes or halves, 4 words, 2
 * giants a line; bytes past the last whole unit left out, as gdb reads only whole ones */
static void test_format_units(void **state)
{
        const unsigned char bytes[] = { 0x55, 0x48, 0x89, 0xe5, 0x89, 0x7d, 0xfc, 0x8b,
                                        0x45, 0xfc, 0x01, 0xc0, 0x5d, 0xc3, 0x55, 0x48,
                                        0x89, 0xe5 };
        static const struct {
                size_t len;
                int unit;
                const char *want;
        } cases[] = {
                { 16, 4, "0x401136:\t0xe5894855\t0x8bfc7d89\t0xc001fc45\t0x4855c35d\n" },
                { 18, 4, "0x401136:\t0xe5894855\t0x8bfc7d89\t0xc001fc45\t0x4855c35d\n" },
                { 10, 1, "0x401136:\t0x55\t0x48\t0x89\t0xe5\t0x89\t0x7d\t0xfc\t0x8b\n"
                         "0x40113e:\t0x45\t0xfc\n" },
                { 18, 2, "0x401136:\t0x4855\t0xe589\t0x7d89\t0x8bfc\t0xfc45\t0xc001"
                         "\t0xc35d\t0x4855\n0x401146:\t0xe589\n" },
                { 16, 8, "0x401136:\t0x8bfc7d89e5894855\t0x4855c35dc001fc45\n" },
                { 1, 1, "0x401136:\t0x55\n" },
                { 3, 4, "" },
                { 0, 1, "" },
        };

        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                char *buf = NULL;
                size_t len = 0;
                FILE *f = open_memstream(&buf, &len);

                fmt_units(f, 0x401136, bytes, cases[i].len, cases[i].unit);
                fclose(f);
                assert_string_equal(buf, cases[i].want);
                free(buf);
        }
}

static void test_format_breakpoints(void **state)
{
        check(fmt_breakpoint,
              "{\"breakpoint\":1,\"address\":\"0x401126\",\"hits\":0,\"temporary\":false}",
              "breakpoint 1 at 0x401126\n");
        check(fmt_breakpoint,
              "{\"breakpoint\":2,\"address\":\"0x401130\",\"hits\":0,\"temporary\":true}",
              "breakpoint 2 at 0x401130 (temporary)\n");
        check(fmt_breakpoint,
              "{\"breakpoint\":4,\"address\":\"0x401200\",\"hits\":0,\"temporary\":false,"
              "\"more\":[{\"breakpoint\":5,\"address\":\"0x401220\",\"hits\":0,"
              "\"temporary\":false}]}",
              "breakpoint 4 at 0x401200\nbreakpoint 5 at 0x401220\n");
        check(fmt_breakpoints, "{\"breakpoints\":[]}", "no breakpoints\n");
        check(fmt_breakpoints,
              "{\"breakpoints\":[{\"breakpoint\":1,\"address\":\"0x401126\",\"hits\":3,"
              "\"temporary\":false}]}",
              "  ID  ADDRESS              HITS  TEMPORARY  CONDITION\n"
              "   1  0x401126                3  no\n");
        check(fmt_breakpoints,
              "{\"breakpoints\":[{\"breakpoint\":1,\"address\":\"0x401126\",\"hits\":3,"
              "\"temporary\":false,\"condition\":\"r->id == 5\",\"ignore\":2},"
              "{\"breakpoint\":2,\"address\":\"0x401130\",\"hits\":0,"
              "\"temporary\":true,\"ignore\":1}]}",
              "  ID  ADDRESS              HITS  TEMPORARY  CONDITION\n"
              "   1  0x401126                3  no         r->id == 5 (ignores 2 hits)\n"
              "   2  0x401130                0  yes        (ignores 1 hit)\n");
        check(fmt_breakpoint,
              "{\"breakpoint\":6,\"address\":\"0x401151\",\"hits\":0,\"temporary\":false,"
              "\"condition\":\"depth > 1\",\"source\":{\"file\":\"c.c\",\"line\":20}}",
              "breakpoint 6 at 0x401151 (c.c:20) if depth > 1\n");
        check(fmt_breakpoint,
              "{\"breakpoint\":3,\"pending\":true,\"symbol\":\"cbrt\",\"hits\":0,"
              "\"temporary\":false}",
              "breakpoint 3 pending on cbrt\n");
        check(fmt_breakpoint,
              "{\"breakpoint\":7,\"address\":\"0x401126\",\"hits\":2,\"temporary\":false,"
              "\"enabled\":false}",
              "breakpoint 7 at 0x401126 (disabled)\n");
        check(fmt_breakpoints,
              "{\"breakpoints\":[{\"breakpoint\":7,\"address\":\"0x401126\",\"hits\":2,"
              "\"temporary\":false,\"enabled\":false},{\"breakpoint\":8,\"address\":"
              "\"0x401130\",\"hits\":0,\"temporary\":false,\"condition\":\"x\","
              "\"enabled\":false}]}",
              "  ID  ADDRESS              HITS  TEMPORARY  CONDITION\n"
              "   7  0x401126                2  no  (disabled)\n"
              "   8  0x401130                0  no         x (disabled)\n");
        check(fmt_breakpoints,
              "{\"breakpoints\":[{\"breakpoint\":3,\"pending\":true,\"symbol\":\"cbrt\","
              "\"hits\":0,\"temporary\":true}]}",
              "  ID  ADDRESS              HITS  TEMPORARY  CONDITION\n"
              "   3  (pending)               0  yes\n");
}

static void test_format_sessions(void **state)
{
        check(fmt_sessions, "{\"sessions\":[]}", "no sessions\n");
        check(fmt_sessions,
              "{\"sessions\":[{\"session\":1,\"pid\":4242,\"path\":\"/x/hello\",\"args\":[],"
              "\"state\":\"stopped\",\"stop\":{\"reason\":\"exec\",\"pc\":\"0x10\"}}]}",
              "SESSION     PID  COMMAND   STATE\n"
              "      1    4242  /x/hello  exec at 0x10\n");
        check(fmt_sessions,
              "{\"sessions\":[{\"session\":1,\"pid\":4242,\"path\":\"/x/hello\",\"args\":[],"
              "\"state\":\"exited\",\"exit_code\":0},{\"session\":12,\"pid\":5,"
              "\"path\":\"/bin/prog\",\"args\":[\"a\",\"bb\"],\"state\":\"running\"}]}",
              "SESSION     PID  COMMAND         STATE\n"
              "      1    4242  /x/hello        exited with code 0\n"
              "     12       5  /bin/prog a bb  running\n");
}

static void test_format_decoders(void **state)
{
        unsigned char *b;
        size_t n;

        b = fmt_hex_decode("48656c6C6f", &n);
        assert_non_null(b);
        assert_int_equal(n, 5);
        assert_memory_equal(b, "Hello", 5);
        free(b);
        b = fmt_hex_decode("", &n);
        assert_non_null(b);
        assert_int_equal(n, 0);
        free(b);
        assert_null(fmt_hex_decode("486", &n));
        assert_null(fmt_hex_decode("4g", &n));

        b = fmt_base64_decode("SGVsbG8sIHdvcmxkIQo=", &n);
        assert_non_null(b);
        assert_int_equal(n, 14);
        assert_memory_equal(b, "Hello, world!\n", 14);
        free(b);
        b = fmt_base64_decode("AP8=", &n);
        assert_non_null(b);
        assert_int_equal(n, 2);
        assert_int_equal(b[0], 0);
        assert_int_equal(b[1], 0xff);
        free(b);
        assert_null(fmt_base64_decode("A*==", &n));
        assert_null(fmt_base64_decode("AA=A", &n));
}

static void test_format_syscall_arity(void **state)
{
        assert_int_equal(fmt_syscall_arity("write"), 3);
        assert_int_equal(fmt_syscall_arity("exit_group"), 1);
        assert_int_equal(fmt_syscall_arity("mmap"), 6);
        assert_int_equal(fmt_syscall_arity("no_such_call"), 6);
        assert_int_equal(fmt_syscall_arity(NULL), 6);
}

static void test_format_addr_value(void **state)
{
        json_t *v = json_string("0x401126");
        uint64_t a = 0;

        assert_int_equal(fmt_addr_value(v, &a), 0);
        assert_int_equal(a, 0x401126);
        json_decref(v);
        v = json_string("nope");
        assert_int_equal(fmt_addr_value(v, &a), -1);
        json_decref(v);
}

static void test_format_gdb_regs(void **state)
{
        char buf[128];
        FILE *f;
        size_t len = 0;
        char *text = NULL;

        (void)state;
        fmt_gdb_eflags(buf, sizeof(buf), 0x206);
        assert_string_equal(buf, "[ PF IF ]");
        fmt_gdb_eflags(buf, sizeof(buf), 0x2);
        assert_string_equal(buf, "[ ]");
        fmt_gdb_eflags(buf, sizeof(buf), 0x3f4fd5);
        assert_string_equal(buf, "[ CF PF AF ZF SF TF IF DF OF NT RF VM AC VIF VIP ID ]");
        fmt_gdb_eflags(buf, 8, 0x3f4fd5); /* cut, still terminated */
        assert_int_equal(strlen(buf), 7);

        f = open_memstream(&text, &len);
        fmt_gdb_reg(f, "rip", 0x401172, "<sum_keys+8>");
        fmt_gdb_reg(f, "rsp", 0x7fffffffe600, NULL);
        fmt_gdb_reg(f, "cs", 0x33, NULL);
        fmt_gdb_reg(f, "orig_rax", UINT64_MAX, NULL);
        fmt_gdb_reg(f, "r12", 0x3ff8000000000000, NULL);
        fclose(f);
        assert_string_equal(text,
                            "rip            0x401172            0x401172 <sum_keys+8>\n"
                            "rsp            0x7fffffffe600      0x7fffffffe600\n"
                            "cs             0x33                51\n"
                            "orig_rax       0xffffffffffffffff  -1\n"
                            "r12            0x3ff8000000000000  4609434218613702656\n");
        free(text);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_format_stop_lines),
                cmocka_unit_test(test_format_thread_stop_lines),
                cmocka_unit_test(test_format_threads),
                cmocka_unit_test(test_format_status),
                cmocka_unit_test(test_format_regs),
                cmocka_unit_test(test_format_hexdump),
                cmocka_unit_test(test_format_units),
                cmocka_unit_test(test_format_breakpoints),
                cmocka_unit_test(test_format_sessions),
                cmocka_unit_test(test_format_decoders),
                cmocka_unit_test(test_format_syscall_arity),
                cmocka_unit_test(test_format_addr_value),
                cmocka_unit_test(test_format_gdb_regs),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
