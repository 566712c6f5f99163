/* displace.c — decide whether an instruction can run out of line, and relocate it
 * (see displace.h). Capstone decodes it; the only rewriting ever needed is the 32-bit
 * displacement of a rip-relative operand. */
#include "displace.h"

#include <capstone/capstone.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

static csh cs;
static bool cs_ready;

static int decoder(void)
{
        if (cs_ready)
                return 0;
        if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK)
                return -ENOMEM;
        cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
        cs_ready = true;
        return 0;
}

void displace_done(void)
{
        if (cs_ready)
                cs_close(&cs);
        cs_ready = false;
}

/* A string instruction with a rep prefix. Out of line it would run all its iterations
 * at once; stepped with the trap flag it stops after each one and, resumed onto the
 * breakpoint again, hits it once per iteration, which is what gdb reports. */
static bool rep_string(const cs_insn *insn)
{
        const cs_x86 *x = &insn->detail->x86;
        uint8_t op = x->opcode[0];

        if (x->prefix[0] != X86_PREFIX_REP && x->prefix[0] != X86_PREFIX_REPNE)
                return false;
        return (op >= 0xa4 && op <= 0xa7) || (op >= 0xaa && op <= 0xaf) ||
               (op >= 0x6c && op <= 0x6f);
}

static bool position_dependent(const cs_insn *insn)
{
        const cs_detail *d = insn->detail;

        if (rep_string(insn))
                return true;

        for (uint8_t i = 0; i < d->groups_count; i++) {
                switch (d->groups[i]) {
                case X86_GRP_JUMP:
                case X86_GRP_CALL:
                case X86_GRP_RET:
                case X86_GRP_INT:
                case X86_GRP_IRET:
                case X86_GRP_BRANCH_RELATIVE:
                        return true;
                }
        }
        switch (insn->id) {
        case X86_INS_SYSCALL: /* only for a caller that fixes it up: displace_prepare */
        case X86_INS_SYSENTER:
        case X86_INS_INT3:
        case X86_INS_INT:
        case X86_INS_INTO:
        case X86_INS_INT1:
        case X86_INS_UD0:
        case X86_INS_UD2:
        case X86_INS_UD2B:
        case X86_INS_HLT:
        case X86_INS_XBEGIN:
                return true;
        }
        return false;
}

/* `syscall` (0f 05, no prefix: a prefixed one is rare enough to step for real). Its only
 * dependence on where it runs is that the CPU puts the next address in %rcx, and the
 * kernel's restart of an interrupted call moves the pc back 2 bytes: the caller
 * (session.c, displaced_end) puts both right after. */
static bool plain_syscall(const cs_insn *insn)
{
        return insn->id == X86_INS_SYSCALL && insn->size == 2 && insn->bytes[0] == 0x0f &&
               insn->bytes[1] == 0x05;
}

int displace_prepare(const uint8_t *code, size_t code_len, uint64_t orig, uint64_t scratch,
                     uint8_t out[DISPLACE_MAX], size_t *ret_out_len, size_t *ret_insn_len,
                     bool *ret_syscall)
{
        bool sc;
        cs_insn *insn = NULL;
        const cs_x86 *x;
        size_t len;
        int r;

        r = decoder();
        if (r < 0)
                return r;
        if (cs_disasm(cs, code, code_len, orig, 1, &insn) != 1)
                return -EINVAL;
        r = -EINVAL;
        len = insn->size;
        x = &insn->detail->x86;
        sc = ret_syscall && plain_syscall(insn);
        if ((!sc && position_dependent(insn)) || len + 1 > DISPLACE_MAX)
                goto out;
        memcpy(out, code, len);
        for (uint8_t i = 0; i < x->op_count; i++) {
                const cs_x86_op *op = &x->operands[i];
                int64_t disp;

                if (op->type != X86_OP_MEM || op->mem.base != X86_REG_RIP)
                        continue;
                if (x->encoding.disp_size != 4 || (size_t)x->encoding.disp_offset + 4 > len)
                        goto out;
                /* Same target from the new place: disp' = disp + (orig - scratch). */
                disp = x->disp + (int64_t)(orig - scratch);
                if (disp < INT32_MIN || disp > INT32_MAX)
                        goto out;
                int32_t d32 = (int32_t)disp;
                memcpy(out + x->encoding.disp_offset, &d32, 4); /* little-endian */
        }
        out[len] = 0xCC;
        *ret_out_len = len + 1;
        *ret_insn_len = len;
        if (ret_syscall)
                *ret_syscall = sc;
        r = 0;
out:
        cs_free(insn, 1);
        return r;
}
