/* syscalls.h — syscall names (from libseccomp, no hand-written table). */
#pragma once

#include <stddef.h>

#include <stdbool.h>
#include <sys/types.h>

/* Writes the x86-64 name of syscall nr into buf ("write"), or "syscall_NNN" when
 * libseccomp does not know it. Returns buf. */
char *syscalls_name(long nr, char *buf, size_t len);

/* The same for either ABI: i386 for a 32-bit program's syscalls, or a 64-bit one's made
 * with `int 0x80` (PTRACE_GET_SYSCALL_INFO's arch is AUDIT_ARCH_I386 then: 20 is
 * getpid there, writev in x86-64's table). */
char *syscalls_name_abi(bool i386, long nr, char *buf, size_t len);

/* The x86-64 number of the i386 syscall nr (the same call by name), or -1. */
long syscalls_x86_64_of_i386(long nr);

/* The number of a name, or -1. */
long syscalls_number(const char *name);

/* A syscall named in a request: its x86-64 number (0..511), or, for a name only the
 * i386 table has (waitpid, socketcall...), SYSCALLS_I386 + its i386 number; -1 when
 * neither table knows it. */
#define SYSCALLS_I386 512
long syscalls_request_number(const char *name);

/* The netlink protocol of thread tid's fd (NETLINK_ROUTE is 0), -2 for a netlink
 * socket whose protocol cannot be told (one not bound yet), -1 when it is no netlink
 * socket or cannot be told. One readlink of /proc/TID/fd/FD a call; the
 * tracee's /proc/TID/net/netlink is read once per socket (cached by inode). */
int syscalls_netlink_protocol(pid_t tid, int fd);

/* The name of network interface idx in dbgd's network namespace (if_indextoname), as
 * strace names it: false when there is none. */
bool syscalls_ifname(unsigned idx, char *buf, size_t len);
