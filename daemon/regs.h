/* regs.h — x86-64 register names <-> struct user_regs_struct fields. Pure. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/user.h>

struct regs_name {
        const char *name;
        size_t offset; /* into struct user_regs_struct */
};

/* The registers in display order, NULL-terminated. */
extern const struct regs_name regs_names[];

/* Returns the entry for name ("rip", alias "pc"), or NULL. */
const struct regs_name *regs_find(const char *name);

uint64_t regs_get(const struct user_regs_struct *r, const struct regs_name *n);
void regs_set(struct user_regs_struct *r, const struct regs_name *n, uint64_t v);
