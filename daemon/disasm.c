/* disasm.c — capstone disassembly of a traced process's code (see disasm.h). Code is
 * read with tracee_mem_read and shadowed with bp_shadow, the same view `peek` gives. One
 * capstone handle, opened on first use and kept: the daemon is single-threaded. */
#include "disasm.h"

#include "breakpoint.h"
#include "errors.h"
#include "jrpc.h"
#include "program.h"
#include "tracee.h"
#include "x86len.h"

#include <capstone/capstone.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FUNC (1u << 20)      /* decode at most this much of a function from its start */

static csh handle;
static bool handle_open;

static int cs(csh *ret)
{
        if (!handle_open) {
                if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK)
                        return -ENOMEM;
                handle_open = true;
                /* Freed at exit by the OS: one handle for the daemon's lifetime. */
        }
        *ret = handle;
        return 0;
}

ssize_t disasm_read(const struct code_mem *m, uint64_t addr, void *buf, size_t len)
{
        ssize_t n = tracee_mem_read(m->pid, addr, buf, len);

        if (n > 0 && m->bps)
                bp_shadow(m->bps, addr, buf, (size_t)n);
        return n;
}

/* One instruction at *code, as cs_disasm_iter does (advancing code, left and addr). An
 * instruction capstone cannot decode but whose length x86_vector_len knows comes
 * back with its bytes and mnemonic "(vex)" or "(evex)", and no operands; so do
 * rdpkru and wrpkru. Checked against objdump over all of libc's .text: the same
 * instruction starts. */
static bool decode_one(csh h, const uint8_t **code, size_t *left, uint64_t *addr,
                       cs_insn *insn)
{
        const uint8_t *c = *code;
        const char *name;
        size_t n;

        if (cs_disasm_iter(h, code, left, addr, insn))
                return true;
        n = x86_vector_len(c, *left);
        if (n) {
                name = c[c[0] == 0x67] == 0x62 ? "(evex)" : "(vex)";
        } else if (*left >= 3 && c[0] == 0x0f && c[1] == 0x01 && c[2] >= 0xc0) {
                /* Register forms of 0F 01, three bytes; capstone 4 lacks the pkeys
                 * ones glibc's pkey_get and pkey_set use. */
                n = 3;
                name = c[2] == 0xee ? "rdpkru" : c[2] == 0xef ? "wrpkru" : "(0f01)";
        } else {
                return false;
        }
        insn->id = 0;
        insn->address = *addr;
        insn->size = (uint16_t)n;
        memcpy(insn->bytes, c, n);
        snprintf(insn->mnemonic, sizeof(insn->mnemonic), "%s", name);
        insn->op_str[0] = '\0';
        *code += n;
        *left -= n;
        *addr += n;
        return true;
}

/* The address in refers to, as gdb's disassembly names it after the operands: a direct
 * call's or jump's target (`call 0x401030 <puts@plt>`), or a RIP-relative operand's
 * address (`# 0x404028 <counter>`). From capstone's Intel text: "0x..." alone, or
 * "[rip + 0x...]" / "[rip - 0x...]". */
static bool insn_target(const cs_insn *in, uint64_t *ret)
{
        const char *rip = strstr(in->op_str, "[rip ");
        char *end;

        if ((strstr(in->mnemonic, "call") || strchr(in->mnemonic, 'j') ||
             strncmp(in->mnemonic, "loop", 4) == 0) &&
            strncmp(in->op_str, "0x", 2) == 0) {
                *ret = strtoull(in->op_str, &end, 16);
                return *end == '\0';
        }
        if (rip && (rip[5] == '+' || rip[5] == '-') && rip[6] == ' ') {
                uint64_t d = strtoull(rip + 7, &end, 0);

                if (*end != ']')
                        return false;
                *ret = in->address + in->size + (rip[5] == '+' ? d : -d);
                return true;
        }
        return false;
}

static json_t *insn_json(struct program *p, const cs_insn *in)
{
        char hex[2 * X86_MAX_INSN + 1], name[256];
        uint64_t target;
        json_t *o;

        for (size_t i = 0; i < in->size && i < X86_MAX_INSN; i++)
                snprintf(hex + 2 * i, 3, "%02x", in->bytes[i]);
        hex[2 * (in->size < X86_MAX_INSN ? in->size : X86_MAX_INSN)] = '\0';
        o = json_pack("{s:o,s:s,s:s,s:s,s:i}", "address", jrpc_addr(in->address), "bytes", hex,
                      "mnemonic", in->mnemonic, "operands", in->op_str, "size", (int)in->size);
        if (o && p)
                program_annotate(p, in->address, false, o);
        if (o && insn_target(in, &target)) {
                json_object_set_new(o, "target", jrpc_addr(target));
                if (p && program_insn_target_name(p, target, name, sizeof(name)))
                        json_object_set_new(o, "target_symbol", json_string(name));
        }
        return o;
}

/* Decode up to count instructions of buf (len bytes at addr) into list. Returns the
 * address after the last one decoded. */
static uint64_t decode(csh h, struct program *p, const uint8_t *buf, size_t len, uint64_t addr,
                       size_t count, json_t *list)
{
        cs_insn *insn = cs_malloc(h);
        const uint8_t *code = buf;
        size_t left = len;
        uint64_t a = addr;

        if (!insn)
                return addr;
        while (count-- > 0 && left > 0) {
                if (!decode_one(h, &code, &left, &a, insn)) {
                        /* Not code (or an instruction neither capstone 4 nor
                         * decode_one knows): one byte as "(bad)", as objdump shows it,
                         * then go on. */
                        if (left < X86_MAX_INSN && list != NULL && json_array_size(list) > 0)
                                break; /* probably an instruction cut by the read */
                        insn->address = a;
                        insn->size = 1;
                        insn->bytes[0] = *code;
                        strcpy(insn->mnemonic, "(bad)");
                        insn->op_str[0] = '\0';
                        code++;
                        left--;
                        a++;
                }
                json_array_append_new(list, insn_json(p, insn));
        }
        cs_free(insn, 1);
        return a;
}

int disasm_json(const struct code_mem *m, struct program *p, uint64_t addr, size_t count,
                json_t **ret_list)
{
        size_t len = count * X86_MAX_INSN;
        uint8_t *buf;
        ssize_t n;
        json_t *list;
        csh h;
        int r;

        r = cs(&h);
        if (r < 0)
                return r;
        if (count == 0) {
                *ret_list = json_array();
                return 0;
        }
        buf = malloc(len);
        if (!buf)
                return -ENOMEM;
        n = disasm_read(m, addr, buf, len);
        if (n <= 0) {
                free(buf);
                return n == 0 || n == -EFAULT || n == -EIO ? -ERR_MEMORY : (int)n;
        }
        list = json_array();
        decode(h, p, buf, (size_t)n, addr, count, list);
        free(buf);
        *ret_list = list;
        return 0;
}

int disasm_around(const struct code_mem *m, struct program *p, uint64_t pc, size_t before,
                  size_t after, json_t **ret_list)
{
        uint64_t start, size;
        const char *name;
        json_t *list = NULL, *tail = NULL;
        uint8_t *buf = NULL;
        ssize_t n;
        csh h;
        int r;

        r = cs(&h);
        if (r < 0)
                return r;
        list = json_array();
        if (before && p && program_function_at(p, pc, &start, &size, &name) == 0 &&
            pc - start <= MAX_FUNC) {
                size_t len = (size_t)(pc - start);

                buf = malloc(len ? len : 1);
                n = buf ? disasm_read(m, start, buf, len) : -ENOMEM;
                if (n == (ssize_t)len) {
                        json_t *all = json_array();

                        decode(h, NULL, buf, len, start, SIZE_MAX, all);
                        /* Keep the last `before` that end exactly at pc. */
                        size_t total = json_array_size(all);
                        json_t *last = json_array_get(all, total ? total - 1 : 0);
                        uint64_t end = 0;

                        if (last) {
                                jrpc_addr_parse(json_object_get(last, "address"), &end);
                                end += (uint64_t)json_integer_value(json_object_get(last, "size"));
                        }
                        if (end == pc) {
                                for (size_t i = total > before ? total - before : 0; i < total;
                                     i++) {
                                        json_t *in = json_array_get(all, i);
                                        uint64_t a = 0, t;
                                        char tn[256];

                                        /* decoded without the program (every one
                                         * since the function's start): named now */
                                        jrpc_addr_parse(json_object_get(in, "address"), &a);
                                        program_annotate(p, a, false, in);
                                        if (jrpc_addr_parse(json_object_get(in, "target"),
                                                            &t) == 0 &&
                                            program_insn_target_name(p, t, tn, sizeof(tn)))
                                                json_object_set_new(in, "target_symbol",
                                                                    json_string(tn));
                                        json_array_append(list, in);
                                }
                        }
                        json_decref(all);
                }
                free(buf);
        }
        r = disasm_json(m, p, pc, after + 1, &tail);
        if (r < 0) {
                json_decref(list);
                return r;
        }
        json_array_extend(list, tail);
        json_decref(tail);
        *ret_list = list;
        return 0;
}

int disasm_check_boundary(const struct code_mem *m, struct program *p, uint64_t addr,
                          char *why, size_t whylen)
{
        uint64_t start, size, a;
        const char *name;
        const uint8_t *code;
        uint8_t *buf;
        cs_insn *insn;
        size_t left;
        ssize_t n;
        csh h;
        int r = 0;

        if (program_function_at(p, addr, &start, &size, &name) < 0 || addr == start ||
            addr - start > MAX_FUNC || cs(&h) < 0)
                return 0;
        left = (size_t)(addr - start) + X86_MAX_INSN;
        buf = malloc(left);
        insn = cs_malloc(h);
        if (!buf || !insn)
                goto out;
        n = disasm_read(m, start, buf, left);
        if (n < (ssize_t)(addr - start))
                goto out;
        code = buf;
        left = (size_t)n;
        a = start;
        while (a < addr && decode_one(h, &code, &left, &a, insn)) {
                if (a > addr) {
                        snprintf(why, whylen,
                                 "0x%" PRIx64 " (%s+0x%" PRIx64 ") is not the start of an "
                                 "instruction: it is inside %s %s at 0x%" PRIx64
                                 " (%s+0x%" PRIx64 ")",
                                 addr, name, addr - start, insn->mnemonic, insn->op_str,
                                 (uint64_t)insn->address, name,
                                 (uint64_t)insn->address - start);
                        r = -ERR_BAD_ADDRESS;
                        break;
                }
        }
out:
        if (insn)
                cs_free(insn, 1);
        free(buf);
        return r;
}
