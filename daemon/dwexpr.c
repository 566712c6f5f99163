/* dwexpr.c — DWARF location expressions (see dwexpr.h). */
#include "dwexpr.h"

#include <dwarf.h>

#define STACK_MAX 64

static bool reg_of(const struct dw_frame *f, unsigned reg, uint64_t *ret)
{
        if (reg >= DW_FRAME_REGS || !(f->known & (1u << reg)))
                return false;
        *ret = f->regs[reg];
        return true;
}

int dwexpr_eval(const Dwarf_Op *ops, size_t n, const struct dw_frame *f, struct dw_loc *ret,
                const char **why)
{
        uint64_t st[STACK_MAX], v, a, b;
        size_t sp = 0;

#define NEED(k)                                                                        \
        do {                                                                           \
                if (sp < (k)) {                                                        \
                        *why = "malformed location expression";                        \
                        return -1;                                             \
                }                                                                      \
        } while (0)
#define PUSH(x)                                                                        \
        do {                                                                           \
                if (sp == STACK_MAX) {                                                 \
                        *why = "location expression too deep";                         \
                        return -1;                                             \
                }                                                                      \
                uint64_t pushed_ = (x);                                                \
                st[sp++] = pushed_;                                                    \
        } while (0)

        *why = NULL;
        if (n == 0) {
                *why = "optimized out";
                return -1;
        }
        /* A value put together from pieces (some maybe optimized out) is not read: a
         * stack_value before a piece would otherwise end the evaluation with only the
         * first one. */
        for (size_t i = 0; i < n; i++) {
                if (ops[i].atom == DW_OP_piece || ops[i].atom == DW_OP_bit_piece) {
                        *why = "a value in pieces";
                        return -1;
                }
        }
        for (size_t i = 0; i < n; i++) {
                const Dwarf_Op *op = &ops[i];
                uint8_t atom = op->atom;

                if (atom >= DW_OP_lit0 && atom <= DW_OP_lit31) {
                        PUSH((uint64_t)(atom - DW_OP_lit0));
                        continue;
                }
                if (atom >= DW_OP_reg0 && atom <= DW_OP_reg31) {
                        if (n != 1) {
                                *why = "a value in pieces";
                                return -1;
                        }
                        *ret = (struct dw_loc){ .kind = DW_LOC_REGISTER,
                                                .reg = atom - DW_OP_reg0 };
                        if (!reg_of(f, (unsigned)ret->reg, &ret->value)) {
                                *why = "in a register this frame does not know";
                                return -1;
                        }
                        return 0;
                }
                if (atom >= DW_OP_breg0 && atom <= DW_OP_breg31) {
                        if (!reg_of(f, (unsigned)(atom - DW_OP_breg0), &v)) {
                                *why = "relative to a register this frame does not know";
                                return -1;
                        }
                        PUSH(v + op->number);
                        continue;
                }
                switch (atom) {
                case DW_OP_addr:
                        PUSH(op->number + f->bias);
                        break;
                case DW_OP_regx:
                        if (n != 1) {
                                *why = "a value in pieces";
                                return -1;
                        }
                        *ret = (struct dw_loc){ .kind = DW_LOC_REGISTER, .reg = (int)op->number };
                        if (!reg_of(f, (unsigned)op->number, &ret->value)) {
                                *why = "in a register this frame does not know";
                                return -1;
                        }
                        return 0;
                case DW_OP_bregx:
                        if (!reg_of(f, (unsigned)op->number, &v)) {
                                *why = "relative to a register this frame does not know";
                                return -1;
                        }
                        PUSH(v + op->number2);
                        break;
                case DW_OP_fbreg:
                        if (!f->have_frame_base) {
                                *why = "the frame base is not known";
                                return -1;
                        }
                        PUSH(f->frame_base + op->number);
                        break;
                case DW_OP_call_frame_cfa:
                        if (!f->have_cfa) {
                                *why = "the frame's CFA is not known";
                                return -1;
                        }
                        PUSH(f->cfa);
                        break;
                case DW_OP_const1u:
                case DW_OP_const2u:
                case DW_OP_const4u:
                case DW_OP_const8u:
                case DW_OP_constu:
                case DW_OP_const1s:
                case DW_OP_const2s:
                case DW_OP_const4s:
                case DW_OP_const8s:
                case DW_OP_consts:
                        PUSH(op->number);
                        break;
                case DW_OP_dup:
                        NEED(1);
                        PUSH(st[sp - 1]);
                        break;
                case DW_OP_drop:
                        NEED(1);
                        sp--;
                        break;
                case DW_OP_over:
                        NEED(2);
                        PUSH(st[sp - 2]);
                        break;
                case DW_OP_pick:
                        NEED(op->number + 1);
                        PUSH(st[sp - 1 - op->number]);
                        break;
                case DW_OP_swap:
                        NEED(2);
                        v = st[sp - 1];
                        st[sp - 1] = st[sp - 2];
                        st[sp - 2] = v;
                        break;
                case DW_OP_deref:
                case DW_OP_deref_size:
                        NEED(1);
                        if (!f->read8 || f->read8(f->ctx, st[sp - 1], &v) < 0) {
                                *why = "its address cannot be read";
                                return -1;
                        }
                        if (atom == DW_OP_deref_size && op->number < 8)
                                v &= (UINT64_C(1) << (op->number * 8)) - 1;
                        st[sp - 1] = v;
                        break;
                case DW_OP_abs:
                        NEED(1);
                        if ((int64_t)st[sp - 1] < 0)
                                st[sp - 1] = -st[sp - 1];
                        break;
                case DW_OP_eq:
                case DW_OP_ne:
                case DW_OP_lt:
                case DW_OP_gt:
                case DW_OP_le:
                case DW_OP_ge: {
                        int64_t x, y;

                        NEED(2);
                        y = (int64_t)st[--sp];
                        x = (int64_t)st[sp - 1];
                        st[sp - 1] = atom == DW_OP_eq   ? x == y
                                     : atom == DW_OP_ne ? x != y
                                     : atom == DW_OP_lt ? x < y
                                     : atom == DW_OP_gt ? x > y
                                     : atom == DW_OP_le ? x <= y
                                                        : x >= y;
                        break;
                }
                case DW_OP_div:
                case DW_OP_mod:
                        NEED(2);
                        b = st[--sp];
                        a = st[sp - 1];
                        if (b == 0 || (atom == DW_OP_div && (int64_t)b == -1)) {
                                *why = "a division by zero in its location";
                                return -1;
                        }
                        st[sp - 1] = atom == DW_OP_div ? (uint64_t)((int64_t)a / (int64_t)b)
                                                       : a % b;
                        break;
                case DW_OP_skip:
                case DW_OP_bra: {
                        /* to the op at this one's offset + 3 + number */
                        Dwarf_Word to = op->offset + 3 + op->number;
                        size_t k;

                        if (atom == DW_OP_bra) {
                                NEED(1);
                                if (st[--sp] == 0)
                                        break;
                        }
                        for (k = 0; k < n && ops[k].offset != to; k++)
                                ;
                        if (k == n || k <= i) { /* only forward: no loops */
                                *why = "a location expression dbgd does not evaluate";
                                return -1;
                        }
                        i = k - 1;
                        break;
                }
                case DW_OP_implicit_pointer:
                case DW_OP_GNU_implicit_pointer:
                        *why = "a pointer optimized away (gdb's <synthetic pointer>)";
                        return -1;
                case DW_OP_plus_uconst:
                        NEED(1);
                        st[sp - 1] += op->number;
                        break;
                case DW_OP_neg:
                        NEED(1);
                        st[sp - 1] = -st[sp - 1];
                        break;
                case DW_OP_not:
                        NEED(1);
                        st[sp - 1] = ~st[sp - 1];
                        break;
                case DW_OP_plus:
                case DW_OP_minus:
                case DW_OP_mul:
                case DW_OP_and:
                case DW_OP_or:
                case DW_OP_xor:
                case DW_OP_shl:
                case DW_OP_shr:
                case DW_OP_shra:
                        NEED(2);
                        b = st[--sp];
                        a = st[sp - 1];
                        st[sp - 1] = atom == DW_OP_plus    ? a + b
                                     : atom == DW_OP_minus ? a - b
                                     : atom == DW_OP_mul   ? a * b
                                     : atom == DW_OP_and   ? a & b
                                     : atom == DW_OP_or    ? a | b
                                     : atom == DW_OP_xor   ? a ^ b
                                     : b >= 64             ? (atom == DW_OP_shra && (int64_t)a < 0
                                                                  ? UINT64_MAX
                                                                  : 0)
                                     : atom == DW_OP_shl   ? a << b
                                     : atom == DW_OP_shr   ? a >> b
                                                           : (uint64_t)((int64_t)a >> b);
                        break;
                case DW_OP_stack_value:
                        NEED(1);
                        *ret = (struct dw_loc){ .kind = DW_LOC_VALUE, .value = st[sp - 1] };
                        return 0;
                case DW_OP_piece:
                case DW_OP_bit_piece:
                        *why = "a value in pieces";
                        return -1;
                case DW_OP_entry_value:
                case DW_OP_GNU_entry_value: {
                        /* libdw: number is the sub-expression's length, number2 the
                         * block (its ULEB128 length, then its bytes). gcc's is one
                         * register: DW_OP_regN or DW_OP_regx N. */
                        const uint8_t *sub = (const uint8_t *)(uintptr_t)op->number2;
                        unsigned reg = DW_FRAME_REGS;

                        while (sub && op->number < 0x80 && *sub++ & 0x80)
                                ;

                        if (sub && op->number == 1 && sub[0] >= DW_OP_reg0 &&
                            sub[0] <= DW_OP_reg31)
                                reg = sub[0] - DW_OP_reg0;
                        else if (sub && op->number == 2 && sub[0] == DW_OP_regx &&
                                 sub[1] < 0x80)
                                reg = sub[1];
                        if (reg >= DW_FRAME_REGS || !f->entry_value ||
                            f->entry_value(f->ectx, (int)reg, &v) < 0) {
                                *why = "optimized out (its value at the function's entry)";
                                return -1;
                        }
                        PUSH(v);
                        break;
                }
                default:
                        *why = "a location expression dbgd does not evaluate";
                        return -1;
                }
        }
        NEED(1);
        *ret = (struct dw_loc){ .kind = DW_LOC_MEMORY, .addr = st[sp - 1] };
        return 0;
#undef NEED
#undef PUSH
}
