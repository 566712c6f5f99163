/* m_meta.c — self-description: rpc.discover serves the OpenRPC document generated from
 * the method table in protocol/. */
#include "handlers.h"

#include "jrpc.h"

#include <errno.h>

int m_discover(struct call *c, json_t *params, json_t **ret_result)
{
        *ret_result = jrpc_openrpc(DBGD_VERSION);
        return *ret_result ? 0 : -ENOMEM;
}
