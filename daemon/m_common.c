/* m_common.c — helpers shared by the method handlers. */
#include "handlers.h"

#include "encode.h"
#include "errors.h"
#include "session.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static size_t max_mem = 64u << 20;

void m_set_max_mem(size_t n)
{
        max_mem = n;
}

int m_session(struct call *c, json_t *params, struct session **ret)
{
        long long id = jrpc_param_int(params, "session", -1);
        struct session *s = id >= 0 && id <= 0x7fffffff ? session_find((int)id) : NULL;

        if (!s) {
                call_error_set(c, "session", json_integer(id));
                return call_fail(c, -ERR_NO_SESSION, "session %lld does not exist", id);
        }
        c->session = s;
        *ret = s;
        return 0;
}

int m_stopped_session(struct call *c, json_t *params, struct session **ret)
{
        struct session *s = NULL;
        int r = m_session(c, params, &s);

        if (r < 0)
                return r;
        r = session_check_stopped(c, s);
        if (r < 0)
                return r;
        *ret = s;
        return 0;
}

int m_check_mem_limit(struct call *c, uint64_t len, const char *what)
{
        if (len <= max_mem)
                return 0;
        call_error_set(c, "limit", json_integer((json_int_t)max_mem));
        return call_fail(c, -ERR_LIMIT, "at most %zu bytes per %s (--max-mem)", max_mem, what);
}

uint64_t m_timeout_ms(json_t *params, const char *name, double def_s)
{
        double t = jrpc_param_num(params, name, def_s);

        if (t > 86400.0 * 365)
                return UINT64_MAX;
        return (uint64_t)(t * 1000.0);
}

int m_bytes_param(struct call *c, json_t *params, const char *name, const char *format,
                  uint8_t **ret_buf, size_t *ret_len)
{
        json_t *v = jrpc_param(params, name);
        const char *text = json_string_value(v) ? json_string_value(v) : "";
        size_t len = json_string_length(v);
        int r;

        if (strcmp(format, "text") != 0) {
                r = strcmp(format, "base64") == 0 ? decode_base64(text, ret_buf, ret_len)
                                                  : decode_hex(text, ret_buf, ret_len);
                if (r == -EINVAL)
                        return call_fail(c, -ERR_INVALID_PARAMS, "params.%s: not valid %s",
                                         name, format);
                return r;
        }
        *ret_buf = malloc(len ? len : 1);
        if (!*ret_buf)
                return -ENOMEM;
        if (len)
                memcpy(*ret_buf, text, len);
        *ret_len = len;
        return 0;
}
