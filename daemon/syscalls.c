/* syscalls.c — syscall number <-> name through libseccomp's tables. */
#include "syscalls.h"

#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libseccomp searches its table and returns a malloc'd copy: for a syscall traced as
 * events that was a good part of each event's cost. The names of the numbers seen are
 * kept (NR_CACHED pointers, each name allocated once, for the daemon's life). */
#define NR_CACHED 512

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

        return nr == __NR_SCMP_ERROR || nr < 0 ? -1 : nr;
}
