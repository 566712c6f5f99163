/* m_mem.c — methods that read and write a stopped process: regs, peek, poke, and the
 * captured output. */
#include "handlers.h"

#include "encode.h"
#include "errors.h"
#include "jrpc.h"
#include "ptrace.h"
#include "regs.h"
#include "session.h"
#include "tracee.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static int regs_result(struct user_regs_struct *regs, json_t *names, json_t **ret)
{
        json_t *o = json_object();
        size_t i;
        json_t *v;

        if (!names) {
                for (const struct regs_name *n = regs_names; n->name; n++)
                        json_object_set_new(o, n->name, jrpc_addr(regs_get(regs, n)));
        } else {
                json_array_foreach(names, i, v) {
                        const char *name = json_string_value(v);
                        json_object_set_new(o, name, jrpc_addr(regs_get(regs, regs_find(name))));
                }
        }
        *ret = o;
        return 0;
}

int m_regs(struct call *c, json_t *params, json_t **ret_result)
{
        json_t *names = jrpc_param(params, "names"), *set = jrpc_param(params, "set"), *v;
        struct user_regs_struct regs;
        struct session *s;
        const char *key;
        size_t i;
        int r;

        r = m_session(c, params, &s);
        if (r < 0)
                return r;
        json_array_foreach(names, i, v) {
                if (!regs_find(json_string_value(v)))
                        return call_fail(c, -ERR_INVALID_PARAMS, "params.names: unknown register \"%s\"",
                                         json_string_value(v));
        }
        json_object_foreach(set, key, v) {
                if (!regs_find(key))
                        return call_fail(c, -ERR_INVALID_PARAMS, "params.set: unknown register \"%s\"",
                                         key);
        }
        r = session_check_stopped(c, s);
        if (r < 0)
                return r;
        r = ptrace_getregs(s->tid, &regs);
        if (r < 0)
                return call_fail_errno(c, r == -ESRCH ? -ERR_GONE : -ERR_SYSTEM, -r,
                                       "cannot read the registers of session %d", s->id);
        if (set) {
                json_object_foreach(set, key, v) {
                        uint64_t val;
                        jrpc_addr_parse(v, &val); /* validated as JT_ADDRMAP */
                        regs_set(&regs, regs_find(key), val);
                }
                r = ptrace_setregs(s->tid, &regs);
                if (r < 0)
                        return call_fail_errno(c, -ERR_SYSTEM, -r,
                                               "the kernel refused the new registers");
                ptrace_getregs(s->tid, &regs); /* what the kernel kept (e.g. eflags bits) */
                session_set_pc(s, regs.rip);
        }
        return regs_result(&regs, names, ret_result);
}

#define HUGE_PAGE ((size_t)2 << 20)

/* A buffer for len bytes, freed with free(). A large one is backed by transparent huge
 * pages where the kernel allows them (madvise mode): filling 64 MiB of fresh 4 KiB pages
 * took 16,384 page faults, a quarter of a 64 MiB `POST /mem` (perf). */
static uint8_t *peek_buffer(size_t len)
{
        uint8_t *buf;

        if (len < 2 * HUGE_PAGE)
                return malloc(len ? len : 1);
        buf = aligned_alloc(HUGE_PAGE, (len + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
        if (buf)
                madvise(buf, (len + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1), MADV_HUGEPAGE);
        return buf;
}

int m_peek_bytes(struct call *c, json_t *params, uint8_t **ret_buf, size_t *ret_len,
                 uint64_t *ret_addr)
{
        uint64_t addr = 0, len = (uint64_t)jrpc_param_int(params, "length", 8);
        struct session *s;
        uint8_t *buf;
        ssize_t n;
        int r;

        r = m_stopped_session(c, params, &s);
        if (r < 0)
                return r;
        jrpc_addr_parse(jrpc_param(params, "address"), &addr);
        r = m_check_mem_limit(c, len, "peek");
        if (r < 0)
                return r;
        if (addr + len < addr)
                return call_fail(c, -ERR_BAD_ADDRESS, "the range wraps around the address space");
        buf = peek_buffer(len);
        if (!buf)
                return -ENOMEM;
        n = len ? tracee_mem_read(session_mem_pid(s), addr, buf, len) : 0;
        if (n < 0 || (uint64_t)n < len) {
                free(buf);
                call_error_set(c, "address", jrpc_addr(addr));
                call_error_set(c, "readable", json_integer(n < 0 ? 0 : n));
                return call_fail_errno(c, -ERR_MEMORY, n < 0 ? (int)-n : EFAULT,
                                       "only %zd of %llu bytes at 0x%llx could be read",
                                       n < 0 ? 0 : n, (unsigned long long)len,
                                       (unsigned long long)addr);
        }
        bp_shadow(&s->bps, addr, buf, len);
        *ret_buf = buf;
        *ret_len = len;
        *ret_addr = addr;
        return 0;
}

int m_peek(struct call *c, json_t *params, json_t **ret_result)
{
        const char *format = jrpc_param_str(params, "format", "hex");
        uint8_t *buf;
        size_t len;
        uint64_t addr;
        char *text;
        int r;

        r = m_peek_bytes(c, params, &buf, &len, &addr);
        if (r < 0)
                return r;
        text = strcmp(format, "base64") == 0 ? encode_base64(buf, len) : encode_hex(buf, len);
        free(buf);
        if (!text)
                return -ENOMEM;
        /* hex and base64 are ASCII: no UTF-8 check on a string that may be 85 MB. */
        *ret_result = json_pack("{s:o,s:I,s:o}", "address", jrpc_addr(addr), "length",
                                (json_int_t)len, "bytes", json_string_nocheck(text));
        free(text);
        return *ret_result ? 0 : -ENOMEM;
}

int m_poke(struct call *c, json_t *params, json_t **ret_result)
{
        struct session *s;
        uint64_t addr = 0;
        uint8_t *buf = NULL;
        size_t len = 0;
        ssize_t n;
        int r;

        r = m_stopped_session(c, params, &s);
        if (r < 0)
                return r;
        jrpc_addr_parse(jrpc_param(params, "address"), &addr);
        r = m_bytes_param(c, params, "bytes", jrpc_param_str(params, "format", "hex"), &buf,
                          &len);
        if (r < 0)
                return r;
        r = m_check_mem_limit(c, len, "poke");
        if (r < 0) {
                free(buf);
                return r;
        }
        bp_poke(&s->bps, addr, buf, len);
        n = len ? tracee_mem_write(session_mem_pid(s), &s->memfd, addr, buf, len) : 0;
        free(buf);
        if (n < 0 || (size_t)n < len) {
                call_error_set(c, "address", jrpc_addr(addr));
                call_error_set(c, "written", json_integer(n < 0 ? 0 : n));
                return call_fail_errno(c, -ERR_MEMORY, n < 0 ? (int)-n : EIO,
                                       "only %zd of %zu bytes at 0x%llx could be written",
                                       n < 0 ? 0 : n, len, (unsigned long long)addr);
        }
        *ret_result = json_pack("{s:I}", "written", (json_int_t)n);
        return 0;
}

int m_output(struct call *c, json_t *params, json_t **ret_result)
{
        const char *stream = jrpc_param_str(params, "stream", "stdout");
        const char *format = jrpc_param_str(params, "format", "text");
        uint64_t offset = (uint64_t)jrpc_param_int(params, "offset", 0), start;
        int which = strcmp(stream, "stderr") == 0 ? OUT_STDERR : OUT_STDOUT;
        struct session *s;
        char *data, *text;
        size_t len, tlen;
        json_t *o;
        int r;

        r = m_session(c, params, &s);
        if (r < 0)
                return r;
        if (s->attached)
                return m_refuse_attached(c, s, "output");
        session_output_pull(s, which);
        r = output_ring_read(&s->out[which], offset, &data, &len, &start);
        if (r < 0)
                return r;
        output_ring_mark_read(&s->out[which], start + len);
        session_output_pull(s, which); /* the room it made lets the pipe in again */
        if (strcmp(format, "base64") == 0) {
                text = encode_base64((const uint8_t *)data, len);
                tlen = text ? strlen(text) : 0;
        } else {
                text = encode_utf8_repair(data, len, &tlen);
        }
        free(data);
        if (!text)
                return -ENOMEM;
        o = json_pack("{s:s,s:I,s:I,s:I,s:b}", "stream", stream, "offset", (json_int_t)start,
                      "next_offset", (json_int_t)(start + len), "dropped",
                      (json_int_t)(start > offset ? start - offset : 0), "eof",
                      s->out[which].eof && start + len == s->out[which].total);
        json_object_set_new(o, strcmp(format, "base64") == 0 ? "base64" : "text",
                            json_stringn(text, tlen));
        free(text);
        *ret_result = o;
        return 0;
}

int m_input(struct call *c, json_t *params, json_t **ret_result)
{
        uint8_t *buf = NULL;
        struct session *s;
        size_t len = 0;
        long pending;
        int r;

        r = m_session(c, params, &s);
        if (r < 0)
                return r;
        if (s->attached)
                return m_refuse_attached(c, s, "input");
        r = m_bytes_param(c, params, "data", jrpc_param_str(params, "format", "text"), &buf,
                             &len);
        if (r < 0)
                return r;
        pending = session_input(s, buf, len, jrpc_param_bool(params, "eof", 0));
        free(buf);
        if (pending == -ERR_STATE)
                return call_fail(c, -ERR_STATE, "session %d: the program's stdin is not open "
                                 "(spawn with stdin_open; closed after eof or by the program)",
                                 session_id(s));
        if (pending == -ERR_GONE)
                return call_fail(c, -ERR_GONE, "session %d has ended", session_id(s));
        if (pending == -ERR_LIMIT) {
                call_error_set(c, "pending", json_integer((json_int_t)(s->in_len - s->in_off)));
                call_error_set(c, "limit", json_integer((json_int_t)session_limits()->input_bytes));
                return call_fail(c, -ERR_LIMIT, "at most %zu bytes may wait for the program "
                                 "to read them (--input-bytes)", session_limits()->input_bytes);
        }
        if (pending < 0)
                return (int)pending;
        *ret_result = json_pack("{s:I,s:b}", "pending", (json_int_t)pending, "open",
                                s->in_fd >= 0);
        return 0;
}
