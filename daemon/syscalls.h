/* syscalls.h — syscall names (from libseccomp, no hand-written table). */
#pragma once

#include <stddef.h>

/* Writes the x86-64 name of syscall nr into buf ("write"), or "syscall_NNN" when
 * libseccomp does not know it. Returns buf. */
char *syscalls_name(long nr, char *buf, size_t len);

/* The number of a name, or -1. */
long syscalls_number(const char *name);
