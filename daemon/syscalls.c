/* syscalls.c — syscall number <-> name through libseccomp's tables. */
#include "syscalls.h"

#include <net/if.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

/* libseccomp searches its table and returns a malloc'd copy: for a syscall traced as
 * events that was a good part of each event's cost. The names of the numbers seen are
 * kept (NR_CACHED pointers, each name allocated once, for the daemon's life). */
#define NR_CACHED 512

/* Syscalls newer than the libseccomp we build with (Debian 12's 2.5.4 stops at 450): the
 * kernel numbers them alike in every ABI from 403 on (arch/x86/entry/syscalls), and the
 * kernels that run here have them. */
static const char *const newer[] = {
        [451 - 451] = "cachestat",         [452 - 451] = "fchmodat2",
        [453 - 451] = "map_shadow_stack",  [454 - 451] = "futex_wake",
        [455 - 451] = "futex_wait",        [456 - 451] = "futex_requeue",
        [457 - 451] = "statmount",         [458 - 451] = "listmount",
        [459 - 451] = "lsm_get_self_attr", [460 - 451] = "lsm_set_self_attr",
        [461 - 451] = "lsm_list_modules",  [462 - 451] = "mseal",
        [463 - 451] = "setxattrat",        [464 - 451] = "getxattrat",
        [465 - 451] = "listxattrat",       [466 - 451] = "removexattrat",
        [467 - 451] = "open_tree_attr",    [468 - 451] = "file_getattr",
        [469 - 451] = "file_setattr",
};
#define NEWER_FIRST 451
#define NEWER_COUNT (sizeof(newer) / sizeof(newer[0]))

static const char *newer_name(long nr)
{
        return nr >= NEWER_FIRST && nr < NEWER_FIRST + (long)NEWER_COUNT
                       ? newer[nr - NEWER_FIRST]
                       : NULL;
}

static long newer_number(const char *name)
{
        for (size_t i = 0; i < NEWER_COUNT; i++)
                if (strcmp(newer[i], name) == 0)
                        return NEWER_FIRST + (long)i;
        return -1;
}

char *syscalls_name(long nr, char *buf, size_t len)
{
        return syscalls_name_abi(false, nr, buf, len);
}

char *syscalls_name_abi(bool i386, long nr, char *buf, size_t len)
{
        static char *caches[2][NR_CACHED];
        char **cache = caches[i386];
        char *name;

        if (nr >= 0 && nr < NR_CACHED && cache[nr]) {
                size_t n = strlen(cache[nr]);

                if (n >= len)
                        n = len - 1;
                memcpy(buf, cache[nr], n);
                buf[n] = 0;
                return buf;
        }
        name = seccomp_syscall_resolve_num_arch(i386 ? SCMP_ARCH_X86 : SCMP_ARCH_X86_64,
                                                (int)nr);
        if (name)
                snprintf(buf, len, "%s", name);
        else if (newer_name(nr))
                snprintf(buf, len, "%s", newer_name(nr));
        else if (nr >= 0) /* as strace names a number nobody knows */
                snprintf(buf, len, "syscall_%#lx", (unsigned long)nr);
        else
                snprintf(buf, len, "syscall_%ld", nr);
        if (name && nr >= 0 && nr < NR_CACHED)
                cache[nr] = name;
        else
                free(name);
        return buf;
}

long syscalls_x86_64_of_i386(long nr)
{
        char name[64];

        if (strncmp(syscalls_name_abi(true, nr, name, sizeof(name)), "syscall_", 8) == 0)
                return -1;
        return syscalls_number(name);
}

long syscalls_request_number(const char *name)
{
        long nr = syscalls_number(name);
        int nr32;

        if (nr >= 0)
                return nr < SYSCALLS_I386 ? nr : -1;
        nr32 = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, name);
        return nr32 == __NR_SCMP_ERROR || nr32 < 0 || nr32 >= SYSCALLS_I386
                       ? -1
                       : SYSCALLS_I386 + nr32;
}

long syscalls_number(const char *name)
{
        int nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name);

        if (nr == __NR_SCMP_ERROR || nr < 0)
                return newer_number(name);
        return nr;
}

/* ---- the protocol of a tracee's netlink socket (sysfmt's nl_proto) ----
 * strace asks the kernel (NETLINK_SOCK_DIAG) by the socket's inode; dbgd reads
 * /proc/TID/fd/FD (socket:[INODE]) and, for an inode it has not seen, the tracee's
 * /proc/TID/net/netlink, whose Eth column is the protocol. Asked only for the buffers
 * of the socket I/O calls sysfmt decodes, never for other syscalls. A cache keyed by
 * the fd alone and forgotten at close/dup2/exec would go wrong whenever those calls
 * are not seen (a `syscall` with `names` skips them, a seccomp filter does not even
 * stop at them): the inode tells whether the fd still holds the same socket, for one
 * readlink. */
#define NL_CACHED 64

struct nl_sock {
        pid_t tid;
        int fd;
        unsigned long ino;
        int proto;              /* -1: not a netlink socket */
};

static int netlink_scan(pid_t tid, unsigned long ino)
{
        char path[64], line[256];
        int proto = -1;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%d/net/netlink", (int)tid);
        f = fopen(path, "re");
        if (!f)
                return -1;
        while (fgets(line, sizeof(line), f)) {
                unsigned long sk, inode;
                int eth;

                /* sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode */
                if (sscanf(line, "%lx %d %*u %*x %*d %*d %*d %*d %*u %lu", &sk, &eth,
                           &inode) == 3 &&
                    inode == ino) {
                        proto = eth;
                        break;
                }
        }
        fclose(f);
        return proto;
}

int syscalls_netlink_protocol(pid_t tid, int fd)
{
        static struct nl_sock cache[NL_CACHED];
        char path[64], link[64], fam[16];
        unsigned long ino;
        struct nl_sock *c;
        ssize_t n;

        if (fd < 0)
                return -1;
        snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)tid, fd);
        n = readlink(path, link, sizeof(link) - 1);
        if (n <= 0)
                return -1;
        link[n] = '\0';
        if (sscanf(link, "socket:[%lu]", &ino) != 1)
                return -1;
        c = &cache[((unsigned)tid * 31u + (unsigned)fd) % NL_CACHED];
        if (c->ino == ino && c->tid == tid && c->fd == fd)
                return c->proto;
        /* the socket's family, as strace asks it (getfdproto) */
        n = getxattr(path, "system.sockprotoname", fam, sizeof(fam) - 1);
        if (n <= 0)
                return -1;
        fam[n] = '\0';
        if (strcmp(fam, "NETLINK") != 0) {
                *c = (struct nl_sock){ .tid = tid, .fd = fd, .ino = ino, .proto = -1 };
                return -1;
        }
        /* a netlink socket that is not bound yet (no bind, no send: the kernel binds
         * it at its first) is in no table: not in /proc/net/netlink, and strace's
         * NETLINK_SOCK_DIAG does not find it either, so strace shows its first message
         * as a netlink message of an unknown protocol. Asked again next time, then. */
        n = netlink_scan(tid, ino);
        if (n < 0)
                return -2;
        *c = (struct nl_sock){ .tid = tid, .fd = fd, .ino = ino, .proto = (int)n };
        return c->proto;
}

bool syscalls_ifname(unsigned idx, char *buf, size_t len)
{
        char name[IF_NAMESIZE];

        if (!if_indextoname(idx, name))
                return false;
        snprintf(buf, len, "%s", name);
        return true;
}
