/* disasm.h — x86-64 disassembly of a stopped process's code with capstone, reading
 * through the breakpoint shadow: dbgd's own int3s never show, the program's bytes do. */
#pragma once

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct bp_table;
struct program;

/* Where code is read from: the process, with its breakpoints shadowed. */
struct code_mem {
        pid_t pid;
        const struct bp_table *bps;
};

/* Read len bytes at addr as the program sees them (breakpoints shadowed). Returns the
 * bytes read (< len when the range runs into unmapped memory) or -errno. */
ssize_t disasm_read(const struct code_mem *m, uint64_t addr, void *buf, size_t len);

/* Disassemble count instructions from addr: a new array of {address, bytes, mnemonic,
 * operands, size[, symbol]} (symbol, "func+0x1a", when p knows one). Stops early at
 * unmapped memory or bytes that do not decode. Returns 0, -ERR_MEMORY when nothing at
 * addr can be read, or -errno. */
int disasm_json(const struct code_mem *m, struct program *p, uint64_t addr, size_t count,
                json_t **ret_list);

/* Instructions around pc: up to `before` instructions that end at pc, decoded from the
 * start of pc's function when it is known (x86 cannot be decoded backwards), then pc's
 * and `after` more. Returns as disasm_json. */
int disasm_around(const struct code_mem *m, struct program *p, uint64_t pc, size_t before,
                  size_t after, json_t **ret_list);

/* Is addr the first byte of an instruction? Only decidable inside a function whose
 * symbol has a size: decoded from its start. Returns 0 when it is, or when it cannot be
 * told (no such function, unreadable or undecodable code); -ERR_BAD_ADDRESS with a
 * sentence in why when it is not. */
int disasm_check_boundary(const struct code_mem *m, struct program *p, uint64_t addr,
                          char *why, size_t whylen);
