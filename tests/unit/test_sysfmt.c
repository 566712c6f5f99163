/* test_sysfmt.c — syscalls printed as strace 6.1 prints them (sysfmt.c), the tracee's
 * memory a fake one: a few regions at fixed addresses. The expected lines are
 * strace's own output for the same calls (strace -f on Debian 12). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <sys/syscall.h>
#include <time.h>

#include <cmocka.h>

#include "sysfmt.h"

/* The fake memory: regions of bytes at addresses; everything else unmapped. */
struct region {
        uint64_t addr;
        const void *bytes;
        size_t len;
};
static struct region regions[32];
static size_t n_regions;

static void map(uint64_t addr, const void *bytes, size_t len)
{
        assert_true(n_regions < sizeof(regions) / sizeof(regions[0]));
        regions[n_regions++] = (struct region){ addr, bytes, len };
}

static ssize_t fake_read(void *data, uint64_t addr, void *buf, size_t len)
{
        (void)data;
        for (size_t i = 0; i < n_regions; i++) {
                const struct region *r = &regions[i];

                if (addr >= r->addr && addr < r->addr + r->len) {
                        size_t n = r->addr + r->len - addr;

                        if (n > len)
                                n = len;
                        memcpy(buf, (const char *)r->bytes + (addr - r->addr), n);
                        return (ssize_t)n;
                }
        }
        return -EFAULT;
}

static const struct sysfmt_mem mem = { fake_read, NULL };

static int reset(void **state)
{
        (void)state;
        n_regions = 0;
        return 0;
}

/* The entry's text, then the exit's whole line from it. */
static char entry_buf[SYSFMT_MAX], line_buf[SYSFMT_MAX];

static const char *line5(long nr, const char *name, uint64_t a0, uint64_t a1, uint64_t a2,
                         uint64_t a3, uint64_t a4, int64_t ret)
{
        struct sysfmt_call c = { .nr = nr, .name = name, .args = { a0, a1, a2, a3, a4, 0 } };
        size_t keep;
        int from;

        sysfmt_entry(&c, &mem, entry_buf, sizeof(entry_buf), &keep, &from);
        memcpy(line_buf, entry_buf, sizeof(line_buf));
        sysfmt_exit(&c, ret, &mem, line_buf, sizeof(line_buf), keep, from);
        return line_buf;
}

static const char *line(long nr, const char *name, uint64_t a0, uint64_t a1, uint64_t a2,
                        uint64_t a3, int64_t ret)
{
        return line5(nr, name, a0, a1, a2, a3, 0, ret);
}

static void test_sysfmt_open_flags(void **state)
{
        (void)state;
        map(0x1000, "/etc/ld.so.cache", 17);
        assert_string_equal(line(SYS_openat, "openat", (uint64_t)AT_FDCWD, 0x1000,
                                 O_RDONLY | O_CLOEXEC, 0, 3),
                            "openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3");
        assert_string_equal(entry_buf,
                            "openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC)");
        /* the mode only with O_CREAT; O_LARGEFILE left out as strace does */
        assert_string_equal(line(SYS_openat, "openat", 5, 0x1000,
                                 O_WRONLY | O_CREAT | O_TRUNC | O_LARGEFILE, 0644, 4),
                            "openat(5, \"/etc/ld.so.cache\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4");
        assert_string_equal(line(SYS_openat, "openat", (uint64_t)AT_FDCWD, 0x1000,
                                 O_RDONLY | O_NONBLOCK | O_DSYNC | O_DIRECT | O_NOFOLLOW |
                                         O_NOATIME | O_CLOEXEC | O_PATH | O_DIRECTORY | 020000,
                                 0, -ENOTDIR),
                            "openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_NONBLOCK|O_DSYNC|"
                            "O_DIRECT|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_DIRECTORY|FASYNC) "
                            "= -1 ENOTDIR (Not a directory)");
        assert_string_equal(line(SYS_mmap, "mmap", 0, 8192, PROT_READ | PROT_WRITE,
                                 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, 0x7f0000001000),
                            "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, 0, "
                            "0) = 0x7f0000001000");
        assert_string_equal(line(SYS_mmap, "mmap", 0, 4096, 0, 0xf, -EBADF),
                            "mmap(NULL, 4096, PROT_NONE, 0xf /* MAP_??? */, 0, 0) = -1 EBADF "
                            "(Bad file descriptor)");
        /* unknown bits in hex after the names; none known: hex and a comment */
        assert_string_equal(line(SYS_getrandom, "getrandom", 0x1000, 4, 0x13, 0, -EINVAL),
                            "getrandom(0x1000, 4, GRND_NONBLOCK|GRND_RANDOM|0x10) = -1 EINVAL "
                            "(Invalid argument)");
        assert_string_equal(line(SYS_lseek, "lseek", 0, 5, 9, 0, -EINVAL),
                            "lseek(0, 5, 0x9 /* SEEK_??? */) = -1 EINVAL (Invalid argument)");
        assert_string_equal(line(SYS_access, "access", 0x1000, 6, 0, 0, -ENOENT),
                            "access(\"/etc/ld.so.cache\", R_OK|W_OK) = -1 ENOENT (No such file "
                            "or directory)");
}

static void test_sysfmt_escapes(void **state)
{
        static const char bytes[] = "tab\there \"quoted\" back\\slash\n\001\177\377end";
        static const unsigned char elf[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 3, 0, 0, 0, 0,
                                             0, 0, 0, 0, 3, 0, '>', 0, 1, 0, 0, 0, 0, 0,
                                             0, 0, 0, 0, 0, 0, 0, 0 };
        static const unsigned char digits[] = { 0, 0, 0, '0', 'x', '"', 033, '[', 'm', 0 };
        char q[64];

        (void)state;
        map(0x1000, bytes, sizeof(bytes) - 1);
        map(0x2000, elf, sizeof(elf));
        map(0x3000, digits, sizeof(digits));
        assert_string_equal(line(SYS_write, "write", 3, 0x1000, 35, 0, 35),
                            "write(3, \"tab\\there \\\"quoted\\\" back\\\\slash\\n\\1\\177\\377\"..., "
                            "35) = 35");
        /* the entry has everything already */
        assert_string_equal(entry_buf,
                            "write(3, \"tab\\there \\\"quoted\\\" back\\\\slash\\n\\1\\177\\377\"..., 35)");
        assert_string_equal(line(SYS_read, "read", 3, 0x2000, 832, 0, 832),
                            "read(3, \"\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0"
                            "\\0\\0\\0\\0\\0\\0\\0\\0\"..., 832) = 832");
        /* the buffer read is unknown at the entry */
        assert_string_equal(entry_buf, "read(3, 0x2000, 832)");
        /* three digits when an octal digit follows */
        assert_string_equal(line(SYS_write, "write", 1000, 0x3000, 10, 0, -EBADF),
                            "write(1000, \"\\0\\0\\0000x\\\"\\33[m\\0\", 10) = -1 EBADF (Bad file "
                            "descriptor)");
        sysfmt_quote((const unsigned char *)"\r\v\f", 3, false, q, sizeof(q));
        assert_string_equal(q, "\"\\r\\v\\f\"");
}

static void test_sysfmt_truncation(void **state)
{
        static const char longer[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEF\n";
        char cut[24];

        (void)state;
        map(0x1000, longer, sizeof(longer));
        /* 32 bytes exactly: no "..." */
        assert_string_equal(line(SYS_write, "write", 1, 0x1000, 32, 0, 32),
                            "write(1, \"0123456789abcdefghijklmnopqrstuv\", 32) = 32");
        assert_string_equal(line(SYS_write, "write", 1, 0x1000, 33, 0, 33),
                            "write(1, \"0123456789abcdefghijklmnopqrstuv\"..., 33) = 33");
        /* read: as many as it returned */
        assert_string_equal(line(SYS_read, "read", 4, 0x1000, 64, 0, 5),
                            "read(4, \"01234\", 64) = 5");
        /* a path is never cut at 32 */
        assert_string_equal(line(SYS_unlink, "unlink", 0x1000, 0, 0, 0, 0),
                            "unlink(\"0123456789abcdefghijklmnopqrstuvwxyzABCDEF\\n\") = 0");
        /* a buffer too small for the line: cut, and says so */
        {
                struct sysfmt_call c = { .nr = SYS_unlink, .name = "unlink", .args = { 0x1000 } };
                size_t keep;
                int from;

                sysfmt_entry(&c, &mem, cut, sizeof(cut), &keep, &from);
                assert_int_equal(strlen(cut), sizeof(cut) - 1);
                assert_string_equal(cut + sizeof(cut) - 4, "...");
                sysfmt_exit(&c, 0, &mem, cut, sizeof(cut), keep, from);
                assert_int_equal(strlen(cut), sizeof(cut) - 1);
        }
}

static void test_sysfmt_errors(void **state)
{
        (void)state;
        assert_string_equal(line(SYS_close, "close", 99, 0, 0, 0, -EBADF),
                            "close(99) = -1 EBADF (Bad file descriptor)");
        /* unreadable pointers print as their address, NULL as NULL */
        assert_string_equal(line(SYS_openat, "openat", (uint64_t)AT_FDCWD, 1, 0, 0, -EFAULT),
                            "openat(AT_FDCWD, 0x1, O_RDONLY) = -1 EFAULT (Bad address)");
        assert_string_equal(line(SYS_read, "read", 3, 1, 4, 0, -EFAULT),
                            "read(3, 0x1, 4) = -1 EFAULT (Bad address)");
        assert_string_equal(line(SYS_write, "write", 1000, 0, 33, 0, -EBADF),
                            "write(1000, NULL, 33) = -1 EBADF (Bad file descriptor)");
        assert_string_equal(line(SYS_fstat, "fstat", 1, 8, 0, 0, -EFAULT),
                            "fstat(1, 0x8) = -1 EFAULT (Bad address)");
        /* the kernel's restart codes, as strace shows them */
        assert_string_equal(line(SYS_read, "read", 0, 0x5000, 10, 0, -512),
                            "read(0, 0x5000, 10) = ? ERESTARTSYS (To be restarted if SA_RESTART "
                            "is set)");
        assert_string_equal(line(SYS_read, "read", 0, 0x5000, 10, 0, -4000),
                            "read(0, 0x5000, 10) = -1 (errno 4000)");
}

static void test_sysfmt_unknown(void **state)
{
        struct sysfmt_call c = { .nr = 456, .name = "syscall_456",
                                 .args = { 1, 2, 3, 0, 5, 0x7fff } };
        char buf[128];
        size_t keep;
        int from;

        (void)state;
        sysfmt_entry(&c, &mem, buf, sizeof(buf), &keep, &from);
        assert_string_equal(buf, "syscall_0x1c8(0x1, 0x2, 0x3, 0, 0x5, 0x7fff)");
        sysfmt_exit(&c, -ENOSYS, &mem, buf, sizeof(buf), keep, from);
        assert_string_equal(buf, "syscall_0x1c8(0x1, 0x2, 0x3, 0, 0x5, 0x7fff) = -1 ENOSYS "
                                 "(Function not implemented)");
        /* known to strace, not decoded here: its arity in hex */
        c = (struct sysfmt_call){ .nr = SYS_sendfile, .name = "sendfile",
                                  .args = { 4, 0x81, 1, 0 } };
        sysfmt_entry(&c, &mem, buf, sizeof(buf), &keep, &from);
        assert_string_equal(buf, "sendfile(0x4, 0x81, 0x1, 0)");
        c = (struct sysfmt_call){ .nr = SYS_shutdown, .name = "shutdown", .args = { 0x10, 1, 5 } };
        sysfmt_entry(&c, &mem, buf, sizeof(buf), &keep, &from);
        assert_string_equal(buf, "shutdown(0x10, 0x1)");
        /* an i386 syscall: its own table's name, raw */
        c = (struct sysfmt_call){ .nr = 20, .i386 = true, .name = "getpid" };
        sysfmt_entry(&c, &mem, buf, sizeof(buf), &keep, &from);
        assert_string_equal(buf, "getpid(0, 0, 0, 0, 0, 0)");
        /* no arguments */
        assert_string_equal(line(SYS_getpid, "getpid", 0, 0, 0, 0, 42), "getpid() = 42");
}

static void test_sysfmt_signals(void **state)
{
        static const uint64_t int_term = (1ULL << (SIGINT - 1)) | (1ULL << (SIGTERM - 1));
        static const uint64_t all_but_rt01 = ~((1ULL << 31) | (1ULL << 32));
        static const uint64_t rt = (1ULL << 16) | (1ULL << 33) | (1ULL << 36) | (1ULL << 63);
        static const uint64_t act[4] = { 0x4012e6, 0x14000000, 0x7f0000050, 1ULL << 11 };
        static const uint64_t dfl[4] = { 0, 0, 0, 0 };

        (void)state;
        map(0x1000, &int_term, 8);
        map(0x2000, &all_but_rt01, 8);
        map(0x3000, &rt, 8);
        map(0x4000, act, sizeof(act));
        map(0x5000, dfl, sizeof(dfl));
        assert_string_equal(line(SYS_rt_sigprocmask, "rt_sigprocmask", SIG_BLOCK, 0x1000, 0, 8, 0),
                            "rt_sigprocmask(SIG_BLOCK, [INT TERM], NULL, 8) = 0");
        assert_string_equal(line(SYS_rt_sigprocmask, "rt_sigprocmask", SIG_SETMASK, 0x2000,
                                 0x3000, 8, 0),
                            "rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], [CHLD RT_2 RT_5 RT_32], "
                            "8) = 0");
        assert_string_equal(entry_buf,
                            "rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], 0x3000, 8)");
        assert_string_equal(line(SYS_rt_sigprocmask, "rt_sigprocmask", 7, 0, 0, 8, 0),
                            "rt_sigprocmask(0x7 /* SIG_??? */, NULL, NULL, 8) = 0");
        assert_string_equal(line(SYS_rt_sigaction, "rt_sigaction", SIGUSR1, 0x4000, 0x5000, 8, 0),
                            "rt_sigaction(SIGUSR1, {sa_handler=0x4012e6, sa_mask=[USR2], "
                            "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f0000050}, "
                            "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0");
        assert_string_equal(line(SYS_rt_sigaction, "rt_sigaction", 36, 0, 0, 8, 0),
                            "rt_sigaction(SIGRT_4, NULL, NULL, 8) = 0");
        assert_string_equal(line(SYS_kill, "kill", 99, 0, 0, 0, 0), "kill(99, 0) = 0");
        assert_string_equal(line(SYS_kill, "kill", (uint64_t)-1, SIGCONT, 0, 0, 0),
                            "kill(-1, SIGCONT) = 0");
}

static void test_sysfmt_tty_ioctls(void **state)
{
        /* a pty's termios as stty -a left it, and its window size */
        static const uint32_t tio[4] = { 02400, 05, 0277, 0105073 };
        static const uint16_t ws[4] = { 24, 80, 0, 0 };

        (void)state;
        map(0x1000, tio, sizeof(tio));
        map(0x2000, ws, sizeof(ws));
        assert_string_equal(line(SYS_ioctl, "ioctl", 0, 0x5401, 0x1000, 0, 0),
                            "ioctl(0, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|"
                            "FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|"
                            "ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}) = 0");
        assert_string_equal(entry_buf, "ioctl(0, TCGETS, 0x1000)");
        assert_string_equal(line(SYS_ioctl, "ioctl", 1, 0x5413, 0x2000, 0, 0),
                            "ioctl(1, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, "
                            "ws_ypixel=0}) = 0");
        assert_string_equal(line(SYS_ioctl, "ioctl", 4, 0x5401, 0x3000, 0, -ENOTTY),
                            "ioctl(4, TCGETS, 0x3000) = -1 ENOTTY (Inappropriate ioctl for "
                            "device)");
        assert_string_equal(line(SYS_ioctl, "ioctl", 4, 0x5421, 0, 0, 0),
                            "ioctl(4, FIONBIO, 0) = 0");
}

static void test_sysfmt_threads(void **state)
{
        /* pthread_create's clone3: flags, pidfd, child_tid, parent_tid, exit_signal,
         * stack, stack_size, tls; the kernel stores the new tid at parent_tid */
        static const uint64_t ca[8] = { 0x3d0f00, 0, 0x7000, 0x7000, 0, 0x6000, 0x7fff00,
                                        0x8000 };
        static const int tid = 4243;
        static const int64_t ts[2] = { 1, 5 };

        (void)state;
        map(0x1000, ca, sizeof(ca));
        map(0x7000, &tid, sizeof(tid));
        map(0x2000, ts, sizeof(ts));
        assert_string_equal(line(SYS_clone3, "clone3", 0x1000, 88, 0, 0, 4243),
                            "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|"
                            "CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|"
                            "CLONE_CHILD_CLEARTID, child_tid=0x7000, parent_tid=0x7000, "
                            "exit_signal=0, stack=0x6000, stack_size=0x7fff00, tls=0x8000} => "
                            "{parent_tid=[4243]}, 88) = 4243");
        assert_string_equal(entry_buf,
                            "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|"
                            "CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|"
                            "CLONE_CHILD_CLEARTID, child_tid=0x7000, parent_tid=0x7000, "
                            "exit_signal=0, stack=0x6000, stack_size=0x7fff00, tls=0x8000}, 88)");
        assert_string_equal(line(SYS_clone3, "clone3", 0x1000, 88, 0, 0, -EAGAIN),
                            "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|"
                            "CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|"
                            "CLONE_CHILD_CLEARTID, child_tid=0x7000, parent_tid=0x7000, "
                            "exit_signal=0, stack=0x6000, stack_size=0x7fff00, tls=0x8000}, 88) "
                            "= -1 EAGAIN (Resource temporarily unavailable)");
        {
                struct sysfmt_call c = { .nr = SYS_futex, .name = "futex",
                                         .args = { 0x7000, 0x189, 4243, 0, 0, UINT32_MAX } };
                char buf[256];
                size_t keep;
                int from;

                sysfmt_entry(&c, &mem, buf, sizeof(buf), &keep, &from);
                sysfmt_exit(&c, 0, &mem, buf, sizeof(buf), keep, from);
                assert_string_equal(buf, "futex(0x7000, FUTEX_WAIT_BITSET_PRIVATE|"
                                         "FUTEX_CLOCK_REALTIME, 4243, NULL, "
                                         "FUTEX_BITSET_MATCH_ANY) = 0");
        }
        assert_string_equal(line(SYS_futex, "futex", 0x7000, 0x81, 1, 0, 1),
                            "futex(0x7000, FUTEX_WAKE_PRIVATE, 1) = 1");
        assert_string_equal(line(SYS_futex, "futex", 0x7000, 0, 2, 0x2000, -ETIMEDOUT),
                            "futex(0x7000, FUTEX_WAIT, 2, {tv_sec=1, tv_nsec=5}) = -1 ETIMEDOUT "
                            "(Connection timed out)");
}

static void test_sysfmt_long_argv(void **state)
{
        static uint64_t argv[41];
        char want[512] = "execve(\"x\", [";

        (void)state;
        for (int i = 0; i < 40; i++)
                argv[i] = 0x2000;
        map(0x1000, argv, sizeof(argv));
        map(0x2000, "x", 2);
        /* 32 strings, then "..." as strace cuts an array */
        for (int i = 0; i < 32; i++)
                strcat(want, i ? ", \"x\"" : "\"x\"");
        strcat(want, ", ...], NULL) = 0");
        assert_string_equal(line(SYS_execve, "execve", 0x2000, 0x1000, 0, 0, 0), want);
}

static void test_sysfmt_structs(void **state)
{
        static struct stat st;
        static const uint64_t lim[2] = { 8192 * 1024, UINT64_MAX };
        static const int fds[2] = { 4, 5 };
        static const int64_t ts[2] = { 0, 1000000 };
        static const char *argv_strs = "prog\0a b\0";
        uint64_t argv[3] = { 0x7000, 0x7005, 0 };
        static uint64_t envp[3] = { 0x7000, 0x7005, 0 };

        (void)state;
        st.st_mode = S_IFREG | 0644;
        st.st_size = 1234;
        map(0x1000, &st, sizeof(st));
        map(0x2000, lim, sizeof(lim));
        map(0x3000, fds, sizeof(fds));
        map(0x4000, ts, sizeof(ts));
        map(0x5000, argv, sizeof(argv));
        map(0x6000, envp, sizeof(envp));
        map(0x7000, argv_strs, 10);
        assert_string_equal(line(SYS_fstat, "fstat", 3, 0x1000, 0, 0, 0),
                            "fstat(3, {st_mode=S_IFREG|0644, st_size=1234, ...}) = 0");
        assert_string_equal(entry_buf, "fstat(3, 0x1000)");
        st.st_mode = S_IFCHR | 0666;
        st.st_rdev = 0x103; /* makedev(1, 3) */
        assert_string_equal(line(SYS_fstat, "fstat", 0, 0x1000, 0, 0, 0),
                            "fstat(0, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0");
        assert_string_equal(line(SYS_prlimit64, "prlimit64", 0, RLIMIT_STACK, 0, 0x2000, 0),
                            "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, "
                            "rlim_max=RLIM64_INFINITY}) = 0");
        assert_string_equal(line(SYS_pipe2, "pipe2", 0x3000, O_CLOEXEC | O_NONBLOCK, 0, 0, 0),
                            "pipe2([4, 5], O_NONBLOCK|O_CLOEXEC) = 0");
        assert_string_equal(line(SYS_clock_nanosleep, "clock_nanosleep", CLOCK_REALTIME, 0,
                                 0x4000, 0, 0),
                            "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=1000000}, "
                            "NULL) = 0");
        assert_string_equal(line(SYS_execve, "execve", 0x7000, 0x5000, 0x6000, 0, 0),
                            "execve(\"prog\", [\"prog\", \"a b\"], 0x6000 /* 2 vars */) = 0");
        /* envp unreadable: its address only */
        assert_string_equal(line(SYS_execve, "execve", 0x7000, 0x5000, 1, 0, -EFAULT),
                            "execve(\"prog\", [\"prog\", \"a b\"], 0x1) = -1 EFAULT (Bad "
                            "address)");
        assert_string_equal(line(SYS_fcntl, "fcntl", 1, F_GETFL, 0, 0, 0x8001),
                            "fcntl(1, F_GETFL) = 0x8001 (flags O_WRONLY|O_LARGEFILE)");
        assert_string_equal(line(SYS_fcntl, "fcntl", 1, 9999, 3, 0, -EINVAL),
                            "fcntl(1, 0x270f /* F_??? */, 0x3) = -1 EINVAL (Invalid argument)");
        assert_string_equal(line(SYS_ioctl, "ioctl", 1, 0x1234, 7, 0, -ENOTTY),
                            "ioctl(1, _IOC(_IOC_NONE, 0x12, 0x34, 0), 0x7) = -1 ENOTTY "
                            "(Inappropriate ioctl for device)");
        assert_string_equal(line(SYS_brk, "brk", 0, 0, 0, 0, 0x556e2c08b000),
                            "brk(NULL) = 0x556e2c08b000");
}

/* uname's two fields, getdents64's count of records, readlink's bytes (as strace). */
static void test_sysfmt_names_and_entries(void **state)
{
        static struct utsname u = { .sysname = "Linux", .nodename = "box\"1" };
        static uint8_t dents[64];
        static const char link[] = "/tmp/xyz";
        uint16_t reclen = 24;

        (void)state;
        memcpy(dents + 16, &reclen, 2); /* two records of 24 bytes */
        memcpy(dents + 24 + 16, &reclen, 2);
        map(0x1000, &u, sizeof(u));
        map(0x2000, dents, sizeof(dents));
        map(0x3000, link, sizeof(link));
        map(0x4000, "/proc/self/exe", 15);
        assert_string_equal(line(SYS_uname, "uname", 0x1000, 0, 0, 0, 0),
                            "uname({sysname=\"Linux\", nodename=\"box\\\"1\", ...}) = 0");
        assert_string_equal(entry_buf, "uname(0x1000)");
        assert_string_equal(line(SYS_uname, "uname", 1, 0, 0, 0, -EFAULT),
                            "uname(0x1) = -1 EFAULT (Bad address)");
        assert_string_equal(line(SYS_getdents64, "getdents64", 3, 0x2000, 4096, 0, 48),
                            "getdents64(3, 0x2000 /* 2 entries */, 4096) = 48");
        assert_string_equal(line(SYS_getdents64, "getdents64", 3, 0x2000, 4096, 0, 0),
                            "getdents64(3, 0x2000 /* 0 entries */, 4096) = 0");
        assert_string_equal(line(SYS_getdents64, "getdents64", 99, 0x2000, 4096, 0, -EBADF),
                            "getdents64(99, 0x2000, 4096) = -1 EBADF (Bad file descriptor)");
        {
                static uint8_t stx[48];
                uint32_t mask = 0x17ff; /* STATX_BASIC_STATS|STATX_MNT_ID */
                uint16_t mode = S_IFDIR | S_ISVTX | 0777;
                uint64_t size = 4096;

                memcpy(stx, &mask, 4);
                memcpy(stx + 28, &mode, 2);
                memcpy(stx + 40, &size, 8);
                map(0x5000, stx, sizeof(stx));
                assert_string_equal(line5(SYS_statx, "statx", (uint64_t)AT_FDCWD, 0x4000,
                                         0x900, 0x2, 0x5000, 0),
                                    "statx(AT_FDCWD, \"/proc/self/exe\", AT_STATX_SYNC_AS_STAT|"
                                    "AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT, STATX_MODE, "
                                    "{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, "
                                    "stx_attributes=0, stx_mode=S_IFDIR|S_ISVTX|0777, "
                                    "stx_size=4096, ...}) = 0");
                assert_string_equal(line5(SYS_statx, "statx", (uint64_t)AT_FDCWD, 0x4000,
                                         0x4000, 0xfff, 0x5000, -ENOENT),
                                    "statx(AT_FDCWD, \"/proc/self/exe\", AT_STATX_DONT_SYNC, "
                                    "STATX_ALL, 0x5000) = -1 ENOENT (No such file or "
                                    "directory)");
        }
        {
                static struct statfs f = { .f_type = 0xef53, .f_bsize = 4096, .f_blocks = 10,
                                           .f_bfree = 5, .f_bavail = 4, .f_files = 3,
                                           .f_ffree = 2, .f_namelen = 255, .f_frsize = 4096,
                                           .f_flags = 0x1020 };

                f.f_fsid.__val[0] = 0x12;
                map(0x6000, &f, sizeof(f));
                assert_string_equal(line(SYS_statfs, "statfs", 0x4000, 0x6000, 0, 0, 0),
                                    "statfs(\"/proc/self/exe\", {f_type=EXT2_SUPER_MAGIC, "
                                    "f_bsize=4096, f_blocks=10, f_bfree=5, f_bavail=4, "
                                    "f_files=3, f_ffree=2, f_fsid={val=[0x12, 0]}, "
                                    "f_namelen=255, f_frsize=4096, "
                                    "f_flags=ST_VALID|ST_RELATIME}) = 0");
                f.f_type = 0x1234;
                /* big counts: the whole line (it was cut at 127 bytes a piece) */
                f.f_blocks = f.f_bfree = f.f_bavail = f.f_files = f.f_ffree = UINT64_MAX;
                assert_non_null(strstr(line(SYS_statfs, "statfs", 0x4000, 0x6000, 0, 0, 0),
                                       "f_ffree=18446744073709551615, f_fsid={val=[0x12, 0]}, "
                                       "f_namelen=255, f_frsize=4096, "
                                       "f_flags=ST_VALID|ST_RELATIME}) = 0"));
                f.f_blocks = 10, f.f_bfree = 5, f.f_bavail = 4, f.f_files = 3, f.f_ffree = 2;
                /* a magic strace has no name for: hex */
                assert_string_equal(line(SYS_fstatfs, "fstatfs", 3, 0x6000, 0, 0, 0),
                                    "fstatfs(3, {f_type=0x1234, f_bsize=4096, f_blocks=10, f_bfree=5, f_bavail=4, "
                                    "f_files=3, f_ffree=2, f_fsid={val=[0x12, 0]}, "
                                    "f_namelen=255, f_frsize=4096, "
                                    "f_flags=ST_VALID|ST_RELATIME}) = 0");
        }
        {
                static const uint8_t cpus[8] = { 0x05, 0x00, 0x01 }; /* 0, 2 and 16 */
                static struct sysinfo si = { .uptime = 5, .loads = { 1, 2, 3 },
                                             .totalram = 100, .procs = 9, .mem_unit = 1 };

                map(0x7000, cpus, sizeof(cpus));
                map(0x8000, &si, sizeof(si));
                assert_string_equal(line(SYS_sched_getaffinity, "sched_getaffinity", 0, 128,
                                         0x7000, 0, 8),
                                    "sched_getaffinity(0, 128, [0 2 16]) = 8");
                assert_string_equal(line(SYS_sched_setaffinity, "sched_setaffinity", 7, 1,
                                         0x7000, 0, 0),
                                    "sched_setaffinity(7, 1, [0 2]) = 0");
                assert_string_equal(line(SYS_sysinfo, "sysinfo", 0x8000, 0, 0, 0, 0),
                                    "sysinfo({uptime=5, loads=[1, 2, 3], totalram=100, "
                                    "freeram=0, sharedram=0, bufferram=0, totalswap=0, "
                                    "freeswap=0, procs=9, totalhigh=0, freehigh=0, "
                                    "mem_unit=1}) = 0");
        }
        {
                /* poll: the events asked, then the ones that came after the return */
                static struct { int32_t fd; int16_t events, revents; } pfd[2] = {
                        { 3, POLLIN | POLLPRI, POLLIN }, { 4, POLLOUT, 0 },
                };

                map(0x9000, pfd, sizeof(pfd));
                assert_string_equal(line(SYS_poll, "poll", 0x9000, 2, 5000, 0, 1),
                                    "poll([{fd=3, events=POLLIN|POLLPRI}, {fd=4, "
                                    "events=POLLOUT}], 2, 5000) = 1 ([{fd=3, "
                                    "revents=POLLIN}])");
                assert_string_equal(line(SYS_poll, "poll", 0x9000, 2, 0, 0, 0),
                                    "poll([{fd=3, events=POLLIN|POLLPRI}, {fd=4, "
                                    "events=POLLOUT}], 2, 0) = 0 (Timeout)");
        }
        {
                static struct __attribute__((packed)) { uint32_t e; uint64_t d; } ev[2] = {
                        { 0x80000001u, 0x100000004ULL }, { 0x4, 7 },
                };

                map(0xa000, ev, sizeof(ev));
                assert_string_equal(line(SYS_epoll_ctl, "epoll_ctl", 5, 1, 3, 0xa000, 0),
                                    "epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN|EPOLLET, "
                                    "data={u32=4, u64=4294967300}}) = 0");
                assert_string_equal(line(SYS_epoll_ctl, "epoll_ctl", 5, 2, 3, 0, 0),
                                    "epoll_ctl(5, EPOLL_CTL_DEL, 3, NULL) = 0");
                assert_string_equal(line(SYS_epoll_wait, "epoll_wait", 5, 0xa000, 4,
                                         (uint64_t)-1, 2),
                                    "epoll_wait(5, [{events=EPOLLIN|EPOLLET, data={u32=4, "
                                    "u64=4294967300}}, {events=EPOLLOUT, data={u32=7, "
                                    "u64=7}}], 4, -1) = 2");
                assert_string_equal(line(SYS_epoll_wait, "epoll_wait", 5, 0xa000, 4, 0, 0),
                                    "epoll_wait(5, [], 4, 0) = 0");
                assert_string_equal(line(SYS_epoll_create1, "epoll_create1", 0x80000, 0, 0, 0,
                                         5),
                                    "epoll_create1(EPOLL_CLOEXEC) = 5");
        }
        assert_string_equal(line(SYS_madvise, "madvise", 0x7f0000001000, 8192, 4, 0, 0),
                            "madvise(0x7f0000001000, 8192, MADV_DONTNEED) = 0");
        assert_string_equal(line(SYS_madvise, "madvise", 0x7f0000001000, 4096, 999, 0,
                                 -EINVAL),
                            "madvise(0x7f0000001000, 4096, 0x3e7 /* MADV_??? */) = -1 EINVAL "
                            "(Invalid argument)");
        assert_string_equal(line(SYS_mremap, "mremap", 0x7f0000001000, 8192, 16384, 1,
                                 0x7f0000009000),
                            "mremap(0x7f0000001000, 8192, 16384, MREMAP_MAYMOVE) = "
                            "0x7f0000009000");
        map(0xb000, "user.k", 7);
        map(0xb100, "val1", 4);
        assert_string_equal(line5(SYS_setxattr, "setxattr", 0x4000, 0xb000, 0xb100, 4, 1, 0),
                            "setxattr(\"/proc/self/exe\", \"user.k\", \"val1\", 4, "
                            "XATTR_CREATE) = 0");
        assert_string_equal(line(SYS_getxattr, "getxattr", 0x4000, 0xb000, 0, 0, 4),
                            "getxattr(\"/proc/self/exe\", \"user.k\", NULL, 0) = 4");
        map(0xb200, "worker-1", 9);
        assert_string_equal(line(SYS_prctl, "prctl", 15, 0xb200, 0, 0, 0),
                            "prctl(PR_SET_NAME, \"worker-1\") = 0");
        assert_string_equal(line(SYS_prctl, "prctl", 1, SIGTERM, 0, 0, 0),
                            "prctl(PR_SET_PDEATHSIG, SIGTERM) = 0");
        assert_string_equal(line(SYS_prctl, "prctl", 3, 0, 0, 0, 1),
                            "prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)");
        assert_string_equal(line(SYS_prctl, "prctl", 38, 1, 0, 0, 0),
                            "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0");
        assert_string_equal(line5(SYS_prctl, "prctl", 9999, 1, 0, 0x7f0000000010, 0,
                                  -EINVAL),
                            "prctl(0x270f /* PR_??? */, 0x1, 0, 0x7f0000000010, 0) = -1 "
                            "EINVAL (Invalid argument)");
        assert_string_equal(line(SYS_msync, "msync", 0x7f0000001000, 4096, 4, 0, 0),
                            "msync(0x7f0000001000, 4096, MS_SYNC) = 0");
        assert_string_equal(line(SYS_readlink, "readlink", 0x4000, 0x3000, 4096, 0, 8),
                            "readlink(\"/proc/self/exe\", \"/tmp/xyz\", 4096) = 8");
        assert_string_equal(line(SYS_readlinkat, "readlinkat", (uint64_t)AT_FDCWD, 0x4000,
                                 0x3000, 4, 4),
                            "readlinkat(AT_FDCWD, \"/proc/self/exe\", \"/tmp\", 4) = 4");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup(test_sysfmt_open_flags, reset),
                cmocka_unit_test_setup(test_sysfmt_escapes, reset),
                cmocka_unit_test_setup(test_sysfmt_truncation, reset),
                cmocka_unit_test_setup(test_sysfmt_errors, reset),
                cmocka_unit_test_setup(test_sysfmt_unknown, reset),
                cmocka_unit_test_setup(test_sysfmt_signals, reset),
                cmocka_unit_test_setup(test_sysfmt_structs, reset),
                cmocka_unit_test_setup(test_sysfmt_long_argv, reset),
                cmocka_unit_test_setup(test_sysfmt_tty_ioctls, reset),
                cmocka_unit_test_setup(test_sysfmt_threads, reset),
                cmocka_unit_test_setup(test_sysfmt_names_and_entries, reset),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
