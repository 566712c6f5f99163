/* syscalls.c — syscall number <-> name through libseccomp's tables. */
#include "syscalls.h"

#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>

char *syscalls_name(long nr, char *buf, size_t len)
{
        char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, (int)nr);

        if (name)
                snprintf(buf, len, "%s", name);
        else
                snprintf(buf, len, "syscall_%ld", nr);
        free(name);
        return buf;
}

long syscalls_number(const char *name)
{
        int nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name);

        return nr == __NR_SCMP_ERROR || nr < 0 ? -1 : nr;
}
