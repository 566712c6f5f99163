/* x86len.h — the length of an x86-64 instruction that capstone 4 cannot decode.
 *
 * Capstone 4 (Debian 12's) does not know every VEX and EVEX encoded instruction:
 * AVX-512 compares into mask registers and the opmask instructions themselves (kmovd,
 * kortestd...), which glibc's *_evex string functions are made of. An instruction it
 * cannot decode must still have the right length, or every address after it is wrong:
 * the disassembly, the instruction-boundary check of `break`, the code in a crash
 * report. The length needs no opcode table: prefix, map, ModRM, SIB, displacement, and
 * an 8-bit immediate for map 0F3A and a few map 0F opcodes. Pure. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define X86_MAX_INSN 15 /* the longest x86 instruction */

/* The length of the VEX (C4/C5) or EVEX (62) encoded instruction at p (left bytes
 * readable), an optional 67 prefix first, or 0 when p holds none. */
size_t x86_vector_len(const uint8_t *p, size_t left);
