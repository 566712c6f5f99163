/* errors.c — the int -> JSON-RPC error mapping behind DBGD_ERRORS.
 *
 * Owns nothing but constant tables. An int r < 0 is either a -errno (1..ERR__BASE-1) or a
 * -ERR_* from the X-macro table; every function here accepts any int and never returns
 * NULL, so that an error path can never fail while describing an error. Called by the
 * daemon's rpc.c (the only builder of error objects) and by the clients.
 */
#include "errors.h"

#include <errno.h>
#include <string.h>

struct err_entry {
        const char *name;
        int code;
        const char *message;
};

static const struct err_entry err_table[] = {
#define DBGD_ERR_ENTRY(name, code, msg) [ERR_##name - ERR__BASE - 1] = { #name, code, msg },
        DBGD_ERRORS(DBGD_ERR_ENTRY)
#undef DBGD_ERR_ENTRY
};

/* The table entry for -ERR_x, or NULL. */
static const struct err_entry *err_entry_find(int r)
{
        if (r <= -ERR__END || r >= -ERR__BASE)
                return NULL;
        return &err_table[-r - ERR__BASE - 1];
}

int dbgd_err_is_errno(int r)
{
        return r < 0 && r > -ERR__BASE;
}

int dbgd_err_code(int r)
{
        const struct err_entry *e;

        if (dbgd_err_is_errno(r))
                /* ptrace(2) answers ESRCH when the tracee is gone (or not stopped
                 * for us): to a client that means the process has exited. */
                return r == -ESRCH ? err_table[ERR_GONE - ERR__BASE - 1].code
                                   : err_table[ERR_SYSTEM - ERR__BASE - 1].code;
        e = err_entry_find(r);
        if (e)
                return e->code;
        return err_table[ERR_INTERNAL - ERR__BASE - 1].code;
}

const char *dbgd_err_message(int r)
{
        const struct err_entry *e;
        const char *s;

        if (dbgd_err_is_errno(r)) {
                if (r == -ESRCH)
                        return err_table[ERR_GONE - ERR__BASE - 1].message;
                s = strerrordesc_np(-r); /* glibc 2.32: constant, thread-safe */
                return s ? s : "unknown system error";
        }
        e = err_entry_find(r);
        if (e)
                return e->message;
        return err_table[ERR_INTERNAL - ERR__BASE - 1].message;
}

const char *dbgd_err_name(int r)
{
        const struct err_entry *e;
        const char *s;

        if (dbgd_err_is_errno(r)) {
                s = dbgd_errno_name(-r);
                return s ? s : "UNKNOWN";
        }
        e = err_entry_find(r);
        return e ? e->name : "UNKNOWN";
}

const char *dbgd_errno_name(int e)
{
        /* The kernel's own restart codes, which a tracer sees as a syscall's return
         * when a signal interrupts it (include/linux/errno.h; strace's names). */
        static const char *const restart[] = { "ERESTARTSYS", "ERESTARTNOINTR",
                                               "ERESTARTNOHAND", "ENOIOCTLCMD",
                                               "ERESTART_RESTARTBLOCK" };

        if (e <= 0)
                return NULL;
        if (e >= 512 && e <= 516)
                return restart[e - 512];
        return strerrorname_np(e); /* glibc 2.32; NULL when unknown */
}

const char *dbgd_err_code_name(int code)
{
        for (size_t i = 0; i < sizeof(err_table) / sizeof(err_table[0]); i++)
                if (err_table[i].code == code)
                        return err_table[i].name;
        return NULL;
}
