/* emulate.h — execute a few common instructions in dbgd instead of in the tracee.
 *
 * Resuming from a breakpoint must run the displaced instruction once. Single-stepping it
 * with the trap flag is the dearest part of a hit on virtual machines (FACTS.md: 13x an
 * int3), and running it out of line costs a second stop, so when the instruction under
 * a breakpoint is one of the usual ones at function entries, dbgd performs its effect
 * on the registers (and at most one memory load or store) itself and simply continues.
 * A `step` uses the same emulation where session.c can prove it safe (see
 * step_emulated there): a stepped loop of moves, arithmetic, calls and jumps then
 * costs a few system calls a step instead of two context switches.
 * Pure: the caller does the memory I/O, and falls back to a real step when it fails
 * (so that a fault happens in the tracee, as it would have). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/user.h>

struct emu_effect {
        bool store;             /* write the low store_size bytes of store_value ... */
        uint64_t store_addr;    /* ... at this address */
        uint64_t store_value;
        size_t store_size;      /* 1, 4 or 8 */
        bool store_from_load;   /* a read-modify-write: store_value is set by
                                 * emulate_load_done, the store follows the load */
        bool load;              /* read load_size bytes at load_addr, then call */
        uint64_t load_addr;     /* emulate_load_done with them */
        size_t load_size;       /* 1, 2, 4 or 8 */
        unsigned load_reg;      /* 0-15: rax rcx rdx rbx rsp rbp rsi rdi r8-r15, or
                                 * EMU_RIP (ret); for EMU_LOAD_ALU, -1u for none */
        /* What the loaded value becomes (emulate.c does it in emulate_load_done). */
        enum { EMU_LOAD_MOV, EMU_LOAD_ZX, EMU_LOAD_SX, EMU_LOAD_ALU } load_kind;
        bool load_wide;         /* MOV, ZX, SX: a 64-bit destination (else 32, which
                                 * the CPU zero-extends) */
        int alu_op;             /* ALU: the operation, other operand, width, and */
        uint64_t alu_other;     /* whether the memory operand is the first one */
        unsigned alu_bits;
        bool alu_mem_first;
        bool alu_keep_cf;       /* inc and dec leave CF alone */
        size_t insn_len;        /* the instruction's length */
};

#define EMU_RIP 16
/* Jumps and returns to this address or above are left to the CPU: it faults on them
 * (non-canonical or kernel addresses), and where depends on the CPU model. */
#define EMU_USER_TOP 0x00007ffffffff000ULL

/* insn holds len bytes at regs->rip (the program's bytes, breakpoints shadowed; up to
 * 15 are used). Recognised, in 64-bit mode with an optional REX prefix and no other:
 *   endbr64, nop, push r64, pop r64 (not %rsp);
 *   call rel32, jmp rel8 and rel32, jcc rel8 and rel32 (70-7f, 0f 80-8f), ret (c3, and
 *   f3 c3), to targets below EMU_USER_TOP;
 *   call and jmp through a register or memory (ff /2, ff /4), with an optional REX and
 *   notrack (3e) or bnd (f2) prefixes, to targets below EMU_USER_TOP (a memory target
 *   is a load whose value becomes the pc);
 *   mov r/m,r and mov r,r/m (89, 8b), mov imm,r (b8+r, with REX.W imm64), mov imm,r/m
 *   (c7 /0), lea (8d), movzx/movsx from 8 and 16 bits (0f b6 b7 be bf), movsxd (REX.W
 *   63);
 *   add/or/and/sub/xor/cmp with imm8/imm32 (83, 81) and register-register (01 03 09 0b
 *   21 23 29 2b 31 33 39 3b), test (85), with their flags; from memory into a register
 *   (03 0b 23 2b 33 3b), compares and tests of memory (39 85, 83 /7, 81 /7), and into
 *   memory (01 09 21 29 31, 81 83 /0 /1 /4 /5 /6: a load, then a store);
 *   bytes: compares and tests (38 3a 84, 80 /7, f6 /0, 3c a8) and arithmetic with an
 *   immediate (80 /0 /1 /4 /5 /6), ah..bh included; f7 /0, 3d, a9;
 *   inc and dec (ff /0 /1, fe /0 /1 of memory), CF kept; leave;
 * memory operands of any form: [base + index*scale + disp], [disp32 + index*scale],
 * [rip + disp]. 32-bit forms zero-extend as the CPU does. Nothing is emulated outside
 * 64-bit code (cs 0x33) or while the program's own trap flag or alignment check flag is
 * set. Returns true and updates *regs and *eff when the instruction was emulated (a
 * load is completed by emulate_load_done); false leaves both alone. */
bool emulate_insn(const uint8_t *insn, size_t len, struct user_regs_struct *regs,
                  struct emu_effect *eff);

/* Put the value read for eff's load into its register (or flags), and for a
 * read-modify-write the value to store into eff->store_value. False (regs untouched)
 * for a return to EMU_USER_TOP or above: the caller steps it for real. */
bool emulate_load_done(struct user_regs_struct *regs, struct emu_effect *eff,
                       uint64_t value);
