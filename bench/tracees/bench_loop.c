/* bench_loop — calls a tiny noinline function N times (argv[1], default 1e9) and exits 0.
 * The benchmarks put a breakpoint on bench_tick (the hit benchmark) or single-step from
 * main (the step benchmark). Built non-PIE so that nm gives the run-time addresses. */
#include <stdlib.h>

volatile unsigned long bench_counter;

__attribute__((noinline)) void bench_tick(void)
{
        bench_counter++;
}

int main(int argc, char **argv)
{
        unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000000ul;

        for (unsigned long i = 0; i < n; i++)
                bench_tick();
        return 0;
}
