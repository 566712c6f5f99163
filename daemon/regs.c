/* regs.c — the register table: one row per user_regs_struct field, in gdb's order. */
#include "regs.h"

#include <string.h>

#define R(field) { #field, offsetof(struct user_regs_struct, field) }

const struct regs_name regs_names[] = {
        R(rax), R(rbx), R(rcx), R(rdx), R(rsi), R(rdi), R(rbp), R(rsp),
        R(r8),  R(r9),  R(r10), R(r11), R(r12), R(r13), R(r14), R(r15),
        R(rip), R(eflags), R(cs), R(ss), R(ds), R(es), R(fs), R(gs),
        R(fs_base), R(gs_base), R(orig_rax),
        { NULL, 0 },
};

const struct regs_name *regs_find(const char *name)
{
        if (strcmp(name, "pc") == 0)
                name = "rip";
        for (const struct regs_name *n = regs_names; n->name; n++)
                if (strcmp(n->name, name) == 0)
                        return n;
        return NULL;
}

uint64_t regs_get(const struct user_regs_struct *r, const struct regs_name *n)
{
        uint64_t v;

        memcpy(&v, (const char *)r + n->offset, sizeof(v));
        return v;
}

void regs_set(struct user_regs_struct *r, const struct regs_name *n, uint64_t v)
{
        memcpy((char *)r + n->offset, &v, sizeof(v));
}
