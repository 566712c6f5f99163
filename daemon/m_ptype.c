/* m_ptype.c — the `ptype` method: gdb's ptype and whatis of a type's name, as the
 * program's DWARF has it (program_ptype). The prompt's ptype EXPR asks print for the
 * expression's type, then this for its text. */
#include "handlers.h"

#include <errno.h>

#include "errors.h"
#include "program.h"
#include "session.h"

int m_ptype(struct call *c, json_t *params, json_t **ret_result)
{
        size_t frame = (size_t)jrpc_param_int(params, "frame", 0);
        const char *type = jrpc_param_str(params, "type", "");
        bool whatis = jrpc_param_bool(params, "whatis", 0);
        struct session *s;
        int r;

        r = m_stopped_session(c, params, &s);
        if (r < 0)
                return r;
        if (!s->program)
                return call_fail(c, -ERR_NO_SYMBOL, "session %d has no program's types yet",
                                 s->id);
        r = program_ptype(s->program, frame, type, whatis, ret_result);
        if (r == -ERR_NO_SYMBOL) {
                call_error_set(c, "type", json_string(type));
                return call_fail(c, r, "no type \"%s\" in the program (seen from frame %zu)",
                                 type, frame);
        }
        if (r == -ERANGE)
                return call_fail(c, -ERR_INVALID_PARAMS, "params.frame: no frame %zu", frame);
        if (r < 0)
                return call_fail_errno(c, -ERR_SYSTEM, r > -ERR__BASE ? -r : EIO,
                                       "cannot read the types of session %d", s->id);
        return 0;
}
