/* format.h — dbgctl's human-readable output: one line per stop, aligned registers, a
 * hex dump with ASCII, tables of sessions and breakpoints. Pure: every function writes
 * to the FILE it is given and reads the daemon's result objects (borrowed); unit-tested
 * in clients/dbgctl/tests/test_format.c. */
#pragma once

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One line (with '\n') for a status object: "breakpoint 1 at 0x401126",
 * "syscall-entry write(0x1, 0x4020, 0xe)", "syscall-exit write = 14",
 * "signal SIGSEGV (SEGV_MAPERR) at 0x0, pc 0x401136", "exited with code 0",
 * "killed by SIGSEGV", "step at 0x401127", "running".
 * A stop of another thread than the main one (the stop's "thread" is not the status's
 * "pid") ends in " in thread 4243": "breakpoint 1 at 0x401126 in thread 4243"; the main
 * thread's line has no suffix. "thread_exited" adds "(thread 4243 exited)":
 * "interrupted at 0x401130 (thread 4243 exited)". A stop whose thread `thread` selected
 * ("selected": true: the reason is the stop's, the pc the selected thread's) puts the
 * pc after the thread: "breakpoint 1; thread 4242 selected at 0x7ffff7e8e117". */
void fmt_stop_line(FILE *out, json_t *status);

/* The same, with where the stop is in the program when dbgd knows it, after the pc:
 * "step at 0x401171 in main+0xf (loop.c:20)". For steps by line and finish, whose
 * point is the place. */
void fmt_stop_where(FILE *out, json_t *status);

/* "session 1 (pid 4242): ./loop 3\n" then the stop line. */
void fmt_status(FILE *out, json_t *status);

/* All registers of a regs result, one per line, names and values aligned. */
void fmt_regs(FILE *out, json_t *regs);

/* 16 bytes a line: "0x401126  55 48 89 e5 ...  |UH..|", addresses aligned. */
void fmt_hexdump(FILE *out, uint64_t addr, const unsigned char *buf, size_t len);

/* gdb's x/Nx: len bytes as units of unit bytes (1, 2, 4 or 8), little-endian values in
 * hex zero-padded to the unit's width, tab-separated, 8 bytes or halves, 4 words or 2
 * giants a line, each line after its address: "0x401136:\t0xe5894855\t0x8bfc7d89".
 * Bytes past the last whole unit are not shown. */
void fmt_units(FILE *out, uint64_t addr, const unsigned char *buf, size_t len, int unit);

/* "watchpoint 1 at 0x404040 (8 bytes, write)" from a watch result; the list as a
 * table (ID, ADDRESS, LENGTH, ACCESS, HITS, VALUE), or "no watchpoints". */
void fmt_handle(FILE *out, json_t *result);
void fmt_watchpoint(FILE *out, json_t *w);
void fmt_watchpoints(FILE *out, json_t *result);

/* "breakpoint 1 at 0x401126" (+ " (temporary)") from a break result. */
void fmt_breakpoint(FILE *out, json_t *bp);

/* Tables from the breakpoints and sessions results ("no breakpoints" when empty). */
void fmt_breakpoints(FILE *out, json_t *result);
void fmt_sessions(FILE *out, json_t *result);

/* One line per thread of a threads result, columns aligned, the current thread marked
  * '*': "* 4243  stopped  0x401136  worker-0  in work" (no pc for a running thread); "no threads"
 * when the list is empty (an ended process). */
void fmt_threads(FILE *out, json_t *result);

/* Number of arguments the x86-64 syscall `name` takes (6 when unknown). */
int fmt_syscall_arity(const char *name);

/* A syscall record (`report`'s syscalls), as strace prints the call: name(args) = ret,
 * "-1 ENOENT" for an error, the address of brk and mmap in hex; no " = " when it has
 * not returned. */
void fmt_syscall_record(FILE *out, json_t *sc);

/* Decoders for the wire's byte strings (encode.h's, NULL for any failure). Return a
 * malloc'ed buffer (free it) with its size in *ret_len, or NULL when s is malformed. */
unsigned char *fmt_hex_decode(const char *s, size_t *ret_len);
unsigned char *fmt_base64_decode(const char *s, size_t *ret_len);

/* Parse a "0x..." address string from a result. Returns 0, or -1. */
int fmt_addr_value(json_t *v, uint64_t *ret);

/* gdb's eflags text: the set flags' names in brackets, "[ PF ZF IF ]" ("[ ]" for none;
 * bits without a name in gdb's description, as the always-set bit 1, are not shown). */
void fmt_gdb_eflags(char *buf, size_t len, uint64_t v);

/* One line of gdb's `info registers` (x86-64): the name padded to 15, the raw value in
 * hex padded to 35, then the natural one: sym (as "<main+4>", or NULL) after the hex
 * for rip, hex for rsp and rbp, flags for eflags, decimal for the rest (signed for the
 * 64-bit ones). */
void fmt_gdb_reg(FILE *out, const char *name, uint64_t v, const char *sym);
