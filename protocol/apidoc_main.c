/* apidoc_main.c — dbgd-apidoc: writes docs/api.md to stdout.
 * Usage: build/bin/dbgd-apidoc > docs/api.md */
#include <stdio.h>

#include "methods.h"

int main(void)
{
        jrpc_apidoc_markdown(stdout);
        if (fflush(stdout) != 0 || ferror(stdout)) {
                perror("dbgd-apidoc: stdout");
                return 1;
        }
        return 0;
}
