/* bench_loop — calls a tiny noinline function N times (argv[1], default 1e9) and exits 0.
 * The benchmarks put a breakpoint on bench_tick (the hit benchmark) or single-step from
 * main (the step benchmark). With argv[2] "tock" it calls bench_tock instead, whose
 * first instruction (imul) dbgd does not emulate: a hit there is stepped over out of
 * line. With argv[2] "plt" it calls strtol through its PLT stub, whose `jmp *GOT(%rip)`
 * is where the benchmarks put the breakpoint then. With argv[2] "thread" the loop of bench_tick runs in a second thread while main
 * waits for it in pthread_join: a hit there stops both threads (dbgd's all-stop, as
 * gdb's). Built non-PIE so that nm gives the run-time addresses. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

volatile unsigned long bench_counter;
const char *volatile one = "1"; /* strtol's argument, read anew at each call */

__attribute__((noinline)) void bench_tick(void)
{
        bench_counter++;
}

unsigned long bench_tock(unsigned long x);

__asm__(".text\n"
        ".globl bench_tock\n"
        ".type bench_tock, @function\n"
        "bench_tock:\n"
        "        imul $3, %rdi, %rax\n"
        "        ret\n"
        ".size bench_tock, .-bench_tock\n");

static void *ticker(void *arg)
{
        unsigned long n = *(unsigned long *)arg;

        for (unsigned long i = 0; i < n; i++)
                bench_tick();
        return NULL;
}

int main(int argc, char **argv)
{
        unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000000ul;

        if (argc > 2 && strcmp(argv[2], "thread") == 0) {
                pthread_t t;

                if (pthread_create(&t, NULL, ticker, &n) != 0)
                        return 1;
                pthread_join(t, NULL);
                return 0;
        }

        if (argc > 2 && strcmp(argv[2], "plt") == 0) {
                for (unsigned long i = 0; i < n; i++)
                        bench_counter += (unsigned long)strtol(one, NULL, 10);
                return 0;
        }
        if (argc > 2 && strcmp(argv[2], "tock") == 0) {
                for (unsigned long i = 0; i < n; i++)
                        bench_counter += bench_tock(i);
                return 0;
        }
        for (unsigned long i = 0; i < n; i++)
                bench_tick();
        return 0;
}
