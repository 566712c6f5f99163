/* displace.h — run the instruction under a breakpoint out of line, without the trap flag.
 *
 * The general form of emulate.c: the displaced instruction is copied to a scratch area
 * in the tracee (the executable's entry point, as gdb's displaced stepping uses), its
 * rip-relative displacement adjusted, an int3 placed after it, and the tracee
 * continued from there; when that int3 traps, dbgd puts the pc after the original
 * instruction. Two int3 stops cost far less than one trap-flag step on a virtual
 * machine. Instructions whose effect depends on where they run (branches, calls,
 * returns) or that enter the kernel are refused: the caller steps those for real. The
 * one exception is `syscall`, for a caller that puts %rcx and the pc right after it
 * and handles the stops that can come inside the call (session.c: displaced_end). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DISPLACE_MAX 16 /* the longest x86 instruction, 15 bytes, and an int3 */

/* code holds code_len bytes of the program at orig (breakpoints shadowed). On success
 * returns 0, with out holding the relocated instruction and an int3, *ret_out_len its
 * length and *ret_insn_len the instruction's. -EINVAL: not displaceable (branch, call,
 * return, interrupt, syscall, undecodable, or a rip-relative target out of reach of
 * scratch); -ENOMEM. With ret_syscall, a plain `syscall` (0f 05) is accepted too, and
 * *ret_syscall says whether the instruction is one; NULL refuses it. */
int displace_prepare(const uint8_t *code, size_t code_len, uint64_t orig, uint64_t scratch,
                     uint8_t out[DISPLACE_MAX], size_t *ret_out_len, size_t *ret_insn_len,
                     bool *ret_syscall);

/* Release the decoder (at shutdown). */
void displace_done(void);
