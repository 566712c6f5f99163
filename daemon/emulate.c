/* emulate.c — the handful of instructions dbgd steps over without the trap flag. Only
 * instructions whose whole effect is on general registers and one stack slot, and that
 * cannot fault except on that stack write (which the caller performs and which falls
 * back to a real single step when it fails). */
#include "emulate.h"

#include <string.h>

static uint64_t *push_source(struct user_regs_struct *r, unsigned n)
{
        uint64_t *const low[8] = {
                (uint64_t *)&r->rax, (uint64_t *)&r->rcx, (uint64_t *)&r->rdx,
                (uint64_t *)&r->rbx, (uint64_t *)&r->rsp, (uint64_t *)&r->rbp,
                (uint64_t *)&r->rsi, (uint64_t *)&r->rdi,
        };
        uint64_t *const high[8] = {
                (uint64_t *)&r->r8,  (uint64_t *)&r->r9,  (uint64_t *)&r->r10,
                (uint64_t *)&r->r11, (uint64_t *)&r->r12, (uint64_t *)&r->r13,
                (uint64_t *)&r->r14, (uint64_t *)&r->r15,
        };
        return n < 8 ? low[n] : high[n - 8];
}

static void push(struct user_regs_struct *r, unsigned n, size_t insn_len,
                 struct emu_effect *eff)
{
        uint64_t v = *push_source(r, n); /* push %rsp pushes the old value */

        r->rsp -= 8;
        eff->store = true;
        eff->store_addr = r->rsp;
        eff->store_value = v;
        r->rip += insn_len;
}

bool emulate_insn(const uint8_t *insn, size_t len, struct user_regs_struct *regs,
                  struct emu_effect *eff)
{
        static const uint8_t endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
        static const uint8_t mov_rsp_rbp[] = { 0x48, 0x89, 0xe5 };

        memset(eff, 0, sizeof(*eff));
        if (len >= 1 && insn[0] >= 0x50 && insn[0] <= 0x57) {
                push(regs, insn[0] - 0x50u, 1, eff);
                return true;
        }
        if (len >= 2 && insn[0] == 0x41 && insn[1] >= 0x50 && insn[1] <= 0x57) {
                push(regs, 8 + insn[1] - 0x50u, 2, eff);
                return true;
        }
        if (len >= 1 && insn[0] == 0x90) {
                regs->rip += 1;
                return true;
        }
        if (len >= sizeof(endbr64) && memcmp(insn, endbr64, sizeof(endbr64)) == 0) {
                regs->rip += sizeof(endbr64);
                return true;
        }
        if (len >= sizeof(mov_rsp_rbp) && memcmp(insn, mov_rsp_rbp, sizeof(mov_rsp_rbp)) == 0) {
                regs->rbp = regs->rsp;
                regs->rip += sizeof(mov_rsp_rbp);
                return true;
        }
        return false;
}
