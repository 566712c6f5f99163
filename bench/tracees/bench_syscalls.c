/* bench_syscalls — N getppid system calls (argv[1]), then M openat of /dev/null
 * (argv[2], default 0), then exits 0. getppid is about the cheapest system call there is,
 * so the cost of a syscall stop dominates. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 0;
        unsigned long m = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;

        for (unsigned long i = 0; i < n; i++)
                syscall(SYS_getppid); /* not the glibc wrapper: nothing is cached */
        for (unsigned long i = 0; i < m; i++) {
                int fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
                if (fd >= 0)
                        syscall(SYS_close, fd);
        }
        return 0;
}
