/* dwexpr.h — where a variable is: DWARF location expressions evaluated over one frame's
 * registers (x86-64 DWARF numbering: 0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi, 5 rdi, 6 rbp,
 * 7 rsp, 8-15 r8-r15, 16 the return address / rip, 17-32 xmm0-xmm15: their low 8 bytes,
 * which hold a float or a double).
 *
 * Covered: what gcc and clang emit for variables of code at any -O level: DW_OP_addr,
 * fbreg, breg/bregx, reg/regx, call_frame_cfa, the literals and constants, stack
 * arithmetic (dup, drop, swap, over, pick, plus, plus_uconst, minus, mul, div, mod, abs,
 * neg, and, or, xor, shl, shr, shra, not), comparisons, forward skip and bra, deref,
 * deref_size and stack_value, implicit_value, an entry value (DW_OP_entry_value of a
 * register: what it held when the function was entered) through a callback that finds
 * it (program.c: at the caller's call site, as gdb), the typed operations gcc uses for
 * floating-point values (regval_type, deref_type, const_type, convert, reinterpret:
 * values of base types up to 8 bytes, through a callback that tells a type's encoding
 * and size), and values in pieces (DW_OP_piece, byte-sized DW_OP_bit_piece: a struct
 * held in registers, some of it maybe optimized out) through dwexpr_eval_pieces.
 * An implicit pointer (a pointer optimized away, to a variable that was not) is told
 * by dwexpr_eval_pieces, as the whole value. A thread-local variable's address
 * (DW_OP_form_tls_address, DW_OP_GNU_push_tls_address) comes through a callback.
 * Arithmetic on a floating-point value and
 * the rest are not: the
 * variable is then reported as not available, with the reason. Pure: memory, entry
 * values and types come through callbacks. */
#pragma once

#include <elfutils/libdw.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DW_FRAME_REGS 33
#define DW_REG_XMM0 17

struct dw_frame {
        uint64_t regs[DW_FRAME_REGS];
        uint64_t known;         /* bit n: regs[n] is known in this frame (an outer frame
                                 * knows the callee-saved ones, rsp and rip; only frame
                                 * 0 knows the xmm registers, all caller-saved) */
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
        /* The address of thread-local storage offset off of the expression's module, in
         * the frame's thread (DW_OP_form_tls_address): 0, or < 0 with *why. NULL:
         * thread-local variables are not read. Takes ectx. */
        int (*tls_addr)(void *ectx, uint64_t off, uint64_t *ret, const char **why);
        /* The base type a typed operation names (DW_OP_regval_type, deref_type,
         * const_type, convert, reinterpret): its DW_ATE_ encoding and byte size. 0, or
         * < 0 when not known. NULL: typed operations are refused. */
        int (*base_type)(void *tctx, const Dwarf_Op *op, unsigned *enc, unsigned *size);
        /* The value an indexed operation names in .debug_addr (DW_OP_addrx, constx:
         * clang's DWARF 5), unrelocated: 0, or < 0. NULL: they are refused. Takes
         * tctx. */
        int (*indexed)(void *tctx, const Dwarf_Op *op, uint64_t *ret);
        void *tctx;
};

enum dw_loc_kind {
        DW_LOC_MEMORY,          /* the value is in memory at addr */
        DW_LOC_REGISTER,        /* in register reg (value: its contents, if known) */
        DW_LOC_VALUE,           /* no location: the value itself (stack_value) */
        DW_LOC_IMPLICIT,        /* no location: the value's bytes (implicit_value) */
        DW_LOC_EMPTY,           /* a piece that is not available (optimized out, or in a
                                 * register this frame does not know: why) */
        DW_LOC_IMPLICIT_POINTER, /* a pointer optimized away, to value bytes into the
                                 * variable at DIE offset addr (DW_OP_implicit_pointer;
                                 * dwexpr_eval_pieces only) */
};

struct dw_loc {
        enum dw_loc_kind kind;
        uint64_t addr;          /* MEMORY */
        uint64_t value;         /* REGISTER (its contents), VALUE */
        int reg;                /* REGISTER */
        const uint8_t *bytes;   /* IMPLICIT: len bytes (libdw's, as long as the Dwarf) */
        size_t len;
        uint64_t piece;         /* dwexpr_eval_pieces: the piece's size in bytes */
        const char *why;        /* EMPTY: why it is not available */
};

/* Evaluate ops[0..n), a single location. Returns 0 with *ret; or -1 with *why (a
 * static string) when the value is not available: an operation not covered, a
 * register this frame does not know, an unreadable word, a value in pieces. */
int dwexpr_eval(const Dwarf_Op *ops, size_t n, const struct dw_frame *f, struct dw_loc *ret,
                const char **why);

#define DW_PIECES_MAX 32

/* Evaluate ops[0..n), which may describe a value in pieces: ret[0..*n_ret) are its
 * pieces in order, each with its size (piece); a piece that cannot be had is
 * DW_LOC_EMPTY with its reason. An expression without pieces gives one, of size 0
 * (the whole value). Returns 0; or -1 with *why when no piece can be had or the
 * expression is not covered (a bit piece that is not whole bytes, more than
 * DW_PIECES_MAX pieces). */
int dwexpr_eval_pieces(const Dwarf_Op *ops, size_t n, const struct dw_frame *f,
                       struct dw_loc *ret, size_t *n_ret, const char **why);
