/* forkbomb — every process forks as fast as it can and never exits; each child does
 * the same. Only a limit stops it (RLIMIT_NPROC from dbgd --max-procs, or the cgroup's
 * pids.max). Prints "bounded\n" once its own fork fails. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
        int said = 0;

        setvbuf(stdout, NULL, _IONBF, 0);
        for (;;) {
                pid_t pid = fork();

                if (pid < 0 && !said) {
                        said = 1;
                        printf("bounded errno=%d\n", errno);
                }
                if (pid < 0)
                        usleep(1000);
        }
}
