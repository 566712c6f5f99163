/* infcall.h — a call of one of the program's functions in a stopped thread, for print's
 * `f(3)` (gdb's inferior calls), with the SysV AMD64 ABI's registers: the caller
 * (program.c) has put the arguments in their classes; this file sets the registers
 * and the stack, runs the thread alone until the function returns to an int3 at the
 * program's entry point (gdb's AT_ENTRY_POINT), and puts every register back. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "retval.h"

/* The ABI's argument registers. */
#define INFCALL_INT_REGS 6
#define INFCALL_SSE_REGS 8
/* The most bytes of arguments past the registers, on the stack. */
#define INFCALL_STACK_BYTES 512

struct infcall {
        pid_t tid;              /* the stopped thread that runs it; the others stay stopped */
        uint64_t func;          /* the function's address */
        uint64_t ints[INFCALL_INT_REGS];        /* rdi, rsi, rdx, rcx, r8, r9 */
        size_t n_ints;
        uint64_t sse[INFCALL_SSE_REGS];         /* the low 8 bytes of xmm0..7 */
        size_t n_sse;
        /* The arguments passed in memory (integers past r9, long doubles, structs of
         * more than 16 bytes), in order, each at its alignment from the first: at the
         * stack pointer of the call. */
        uint8_t stack[INFCALL_STACK_BYTES];
        size_t stack_len;
        bool set_al;            /* variadic or unprototyped: al = n_sse, as gdb sets it */
        /* Bytes of stack reserved below the red zone for the value returned (a struct):
         * its address in the result's scratch; with hidden, it is passed in rdi first
         * (a struct returned in memory) and ints[] go after it. */
        size_t scratch;
        bool hidden;
        unsigned timeout_ms;    /* how long the function may run */
        /* The id of the breakpoint at addr (an int3 of the session's), or 0. */
        int (*break_at)(void *ctx, uint64_t addr);
        void *ctx;
};

struct infcall_result {
        struct ret_regs regs;   /* where the value returned is */
        uint64_t scratch;       /* the address of the reserved bytes */
};

/* Where the bytes reserved for c (c->scratch of them) will be, for a thread whose
 * stack pointer is rsp: below the red zone, 16-byte aligned. */
uint64_t infcall_scratch(uint64_t rsp, size_t len);

/* Run c. Returns 0 with *ret; or < 0 with why ("the called function hit breakpoint 2 at
 * 0x401196"): -ERR_STATE when it did not return (a breakpoint, a signal, the time
 * limit: the thread was stopped there and its registers restored, the session as it
 * was), -ERR_GONE when the process exited or was killed in it (its status is left to
 * the reaper), -errno when the thread could not be set up. */
int infcall_run(const struct infcall *c, struct infcall_result *ret, char *why, size_t whylen);
