/* closestdio — closes its stdin, stdout and stderr, then loops calling tick(), so a
 * session's pipes reach end-of-file while the process lives on. */
#include <unistd.h>

int tick(int i);

__attribute__((noinline)) int tick(int i)
{
        return i + 1;
}

int main(void)
{
        volatile int i = 0;

        close(0);
        close(1);
        close(2);
        for (;;)
                i = tick(i);
}
