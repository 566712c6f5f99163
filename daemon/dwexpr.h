/* dwexpr.h — where a variable is: DWARF location expressions evaluated over one frame's
 * registers (x86-64 DWARF numbering: 0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi, 5 rdi, 6 rbp,
 * 7 rsp, 8-15 r8-r15, 16 the return address / rip).
 *
 * Covered: what gcc and clang emit for variables of code at any -O level that has a
 * single location: DW_OP_addr, fbreg, breg/bregx, reg/regx, call_frame_cfa, the
 * literals and constants, stack arithmetic (dup, drop, swap, over, pick, plus,
 * plus_uconst, minus, mul, div, mod, abs, neg, and, or, xor, shl, shr, shra, not),
 * comparisons, forward skip and bra, deref, deref_size and stack_value, and an entry
 * value (DW_OP_entry_value of a register: what it held when the function was entered),
 * through a callback that finds it (program.c: at the caller's call site, as gdb). A
 * piece-wise location (DW_OP_piece), an implicit value and the rest are not: the
 * variable is then reported as not available, with the reason. Pure: memory and entry
 * values come through callbacks. */
#pragma once

#include <elfutils/libdw.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DW_FRAME_REGS 17

struct dw_frame {
        uint64_t regs[DW_FRAME_REGS];
        uint32_t known;         /* bit n: regs[n] is known in this frame (an outer frame
                                 * knows the callee-saved ones, rsp and rip) */
        uint64_t cfa;           /* the canonical frame address (the caller's rsp after
                                 * the return), if have_cfa */
        bool have_cfa;
        uint64_t frame_base;    /* the function's DW_AT_frame_base, if have_frame_base */
        bool have_frame_base;
        uint64_t bias;          /* DW_OP_addr's addresses + bias: process addresses */
        /* Reads 8 bytes at addr (DW_OP_deref): 0, or < 0. */
        int (*read8)(void *ctx, uint64_t addr, uint64_t *ret);
        void *ctx;
        /* The value DWARF register reg had when the function was entered: 0, or < 0
         * when not known. NULL: never known. */
        int (*entry_value)(void *ectx, int reg, uint64_t *ret);
        void *ectx;
};

enum dw_loc_kind {
        DW_LOC_MEMORY,          /* the value is in memory at addr */
        DW_LOC_REGISTER,        /* in register reg (value: its contents, if known) */
        DW_LOC_VALUE,           /* no location: the value itself (stack_value) */
};

struct dw_loc {
        enum dw_loc_kind kind;
        uint64_t addr;          /* MEMORY */
        uint64_t value;         /* REGISTER (its contents), VALUE */
        int reg;                /* REGISTER */
};

/* Evaluate ops[0..n). Returns 0 with *ret; or -1 with *why (a static string) when the
 * value is not available: an operation not covered, a register this frame does not
 * know, an unreadable word. */
int dwexpr_eval(const Dwarf_Op *ops, size_t n, const struct dw_frame *f, struct dw_loc *ret,
                const char **why);
