/* emulate.h — execute a few common instructions in dbgd instead of in the tracee.
 *
 * Resuming from a breakpoint must run the displaced instruction once. Single-stepping it
 * with the trap flag is the dearest part of a hit on virtual machines (FACTS.md: 13x an
 * int3), so when the instruction under a breakpoint is one of the usual function
 * prologue instructions, dbgd performs its effect on the registers (and the one stack
 * write of a push) itself and simply continues. Pure: the caller does the I/O. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/user.h>

struct emu_effect {
        bool store;             /* write store_value (8 bytes, little-endian) ... */
        uint64_t store_addr;    /* ... at this address */
        uint64_t store_value;
};

/* insn holds len bytes at regs->rip (the program's bytes, breakpoints shadowed).
 * Recognised: endbr64, nop, push r64 (incl. r8-r15), mov %rsp,%rbp. Returns true and
 * updates *regs and *eff when the instruction was emulated; false leaves both alone. */
bool emulate_insn(const uint8_t *insn, size_t len, struct user_regs_struct *regs,
                  struct emu_effect *eff);
