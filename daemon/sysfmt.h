/* sysfmt.h — a syscall as strace prints it (strace 6.1, default options, -s 32).
 *
 * Pure formatting: the tracee's memory comes through a callback, so the unit tests
 * feed it from a buffer. Like strace, a call is decoded in two halves: at the entry
 * the arguments the kernel reads (paths, the bytes written, flags), up to the first
 * one it writes (read's buffer, fstat's struct); at the exit the rest and " = ret".
 * The entry's text is kept by the caller and the exit appends to its first `keep`
 * bytes, so the arguments read at the entry are read once, at the entry (execve's
 * argv is gone at its exit). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The tracee's memory: read up to len bytes at addr into buf. Returns the number of
 * bytes read (fewer when the range runs into unmapped memory), or -errno. */
struct sysfmt_mem {
        ssize_t (*read)(void *data, uint64_t addr, void *buf, size_t len);
        void *data;
        /* Optional (NULL: not known). The netlink protocol of the tracee's fd
         * (NETLINK_ROUTE is 0), -2 for a netlink socket of a protocol not known (as
         * strace, which cannot tell an unbound one's), -1 when it is no netlink
         * socket: sendto/recvfrom and sendmsg/recvmsg on a NETLINK_ROUTE socket show
         * its messages decoded, on one of a protocol not known their headers. */
        int (*nl_proto)(void *data, int fd);
        /* Optional. The name of network interface idx, as strace names it (its own
         * network namespace's): false when there is none. NULL: only 1 is "lo". */
        bool (*ifname)(unsigned idx, char *buf, size_t len);
};

/* strace's -s: the bytes of a string or buffer shown before "...". */
#define SYSFMT_STRLEN 32

/* The size of a text buffer that holds every line but pathological ones (a path of
 * PATH_MAX bytes, all escaped; a recvmsg of many netlink messages, 32 attributes each:
 * `ip addr`'s longest line is 5.5 KB); a longer line is cut and ends with "...". */
#define SYSFMT_MAX 8192

struct sysfmt_call {
        long nr;                /* x86-64's number (i386: printed raw) */
        bool i386;
        const char *name;       /* its name (syscalls_name_abi) */
        uint64_t args[6];
        uint64_t sp;            /* the stack pointer at the entry (rt_sigreturn's frame) */
        /* What the exit needs of memory the kernel overwrites, read by sysfmt_entry:
         * recvfrom's address length as given (strace's [28 => 16]), recvmmsg's timeout */
        uint32_t len_in;
        bool have_len_in;
        int64_t ts_in[2];       /* recvmmsg's timeout as given, which the kernel overwrites */
        bool have_ts_in;
        int64_t off_in;         /* sendfile's offset as given ([2] => [8]) */
        bool have_off_in;
};

/* The entry: "name(arg, arg, ...)" into buf (cap bytes, NUL-terminated), the
 * arguments the kernel writes shown as their address. *ret_keep: how many bytes of
 * it the exit keeps ("read(3, "); *ret_from: the argument the exit goes on with. Notes
 * in c what the exit will need of the entry's memory (len_in).
 * Returns the text's length. */
size_t sysfmt_entry(struct sysfmt_call *c, const struct sysfmt_mem *m, char *buf,
                    size_t cap, size_t *ret_keep, int *ret_from);

/* The exit: buf holds the entry's text, of which the first keep bytes stay; appends
 * the arguments from `from` on, read now, then ") = " and the return value as strace
 * shows it ("-1 ENOENT (No such file or directory)", "0x7f... " for mmap). Returns
 * the text's length. */
size_t sysfmt_exit(const struct sysfmt_call *c, int64_t ret, const struct sysfmt_mem *m,
                   char *buf, size_t cap, size_t keep, int from);

/* s (len bytes) quoted as strace quotes it, into buf: "\"a\\tb\"", octal for bytes
 * that are not printable, the shortest form unless a digit follows. more: append
 * "..." after the closing quote. Returns the text's length. (For the tests.) */
size_t sysfmt_quote(const unsigned char *s, size_t len, bool more, char *buf, size_t cap);
