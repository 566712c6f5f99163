/* dwexpr.c — DWARF location expressions (see dwexpr.h). */
#include "dwexpr.h"

#include <dwarf.h>

#include <math.h>
#include <string.h>

#define STACK_MAX 64

/* A value on the stack: generic (enc 0, 8 bytes) or of a base type (DW_OP_*_type). */
struct slot {
        uint64_t v;
        uint8_t enc, size;
};

static uint64_t masked(uint64_t v, unsigned size)
{
        return size >= 8 ? v : v & ((UINT64_C(1) << (8 * size)) - 1);
}

static bool signed_enc(unsigned enc)
{
        return enc == DW_ATE_signed || enc == DW_ATE_signed_char;
}

/* The base type op names, into *enc and *size (1..8 bytes). */
static bool op_type(const struct dw_frame *f, const Dwarf_Op *op, unsigned *enc,
                    unsigned *size)
{
        return f->base_type && f->base_type(f->tctx, op, enc, size) == 0 && *size >= 1 &&
               *size <= 8 && *enc != DW_ATE_complex_float && (*enc != DW_ATE_float ||
                                                              *size == 4 || *size == 8);
}

static double to_double(const struct slot *s)
{
        double x;

        if (s->size == 4) {
                float fl;
                uint32_t w = (uint32_t)s->v;

                memcpy(&fl, &w, 4);
                return fl;
        }
        memcpy(&x, &s->v, 8);
        return x;
}

/* *s (a float or double) becomes x, rounded to its type. */
static void from_double(struct slot *s, double x)
{
        if (s->size == 4) {
                float fl = (float)x;
                uint32_t w;

                memcpy(&w, &fl, 4);
                s->v = w;
        } else {
                memcpy(&s->v, &x, 8);
        }
}

/* DW_OP_convert: *s becomes a value of type (enc, size); generic is (0, 8). */
static bool convert(struct slot *s, unsigned enc, unsigned size)
{
        struct slot out = { .enc = (uint8_t)enc, .size = (uint8_t)size };
        uint64_t v = s->v;

        if (s->enc == DW_ATE_float) {
                double x = to_double(s);

                if (enc == DW_ATE_float)
                        from_double(&out, x);
                else if (isnan(x) || x <= -9.3e18 || x >= 1.8e19)
                        return false;
                else
                        out.v = signed_enc(enc) || x < 0 ? (uint64_t)(int64_t)x : (uint64_t)x;
        } else {
                if (signed_enc(s->enc) && s->size < 8 && (v >> (8 * s->size - 1)) & 1)
                        v |= ~masked(UINT64_MAX, s->size); /* sign-extended */
                if (enc == DW_ATE_float)
                        from_double(&out, signed_enc(s->enc) ? (double)(int64_t)v : (double)v);
                else
                        out.v = v;
        }
        out.v = masked(out.v, size);
        *s = out;
        return true;
}

static bool reg_of(const struct dw_frame *f, unsigned reg, uint64_t *ret)
{
        if (reg >= DW_FRAME_REGS || !(f->known & (UINT64_C(1) << reg)))
                return false;
        *ret = f->regs[reg];
        return true;
}

/* Arithmetic on two values of one floating-point type (gcc's location of `double d =
 * argc * 1.5`: argc converted, times a typed constant): *a op= *b, or for a
 * comparison *a becomes 0 or 1. false for an operation not defined on them. */
static bool float_op(uint8_t atom, struct slot *a, const struct slot *b)
{
        double x = to_double(a), y = b ? to_double(b) : 0;

        if (atom >= DW_OP_eq && atom <= DW_OP_ne) {
                bool r = atom == DW_OP_eq   ? x == y
                         : atom == DW_OP_ne ? x != y
                         : atom == DW_OP_lt ? x < y
                         : atom == DW_OP_gt ? x > y
                         : atom == DW_OP_le ? x <= y
                                            : x >= y;

                *a = (struct slot){ .v = r, .size = 8 };
                return true;
        }
        if (atom != DW_OP_plus && atom != DW_OP_minus && atom != DW_OP_mul &&
            atom != DW_OP_div && atom != DW_OP_neg && atom != DW_OP_abs)
                return false;
        from_double(a, atom == DW_OP_plus    ? x + y
                       : atom == DW_OP_minus ? x - y
                       : atom == DW_OP_mul   ? x * y
                       : atom == DW_OP_div   ? x / y
                       : atom == DW_OP_neg   ? -x
                                             : fabs(x));
        return true;
}

/* ops[from..to): one location (a piece's, or the whole value's). */
static int eval_one(const Dwarf_Op *ops, size_t from, size_t to, const struct dw_frame *f,
                    struct dw_loc *ret, const char **why)
{
        struct slot st[STACK_MAX];
        uint64_t v, a, b;
        size_t sp = 0;
        unsigned enc, size;

#define NEED(k)                                                                        \
        do {                                                                           \
                if (sp < (k)) {                                                        \
                        *why = "malformed location expression";                        \
                        return -1;                                                     \
                }                                                                      \
        } while (0)
#define PUSHT(x, e, s)                                                                 \
        do {                                                                           \
                if (sp == STACK_MAX) {                                                 \
                        *why = "location expression too deep";                         \
                        return -1;                                                     \
                }                                                                      \
                struct slot pushed_ = { .v = (x), .enc = (e), .size = (s) };           \
                st[sp++] = pushed_;                                                    \
        } while (0)
#define PUSH(x) PUSHT(x, 0, 8)
/* Arithmetic is on integers: a floating-point operand is refused. */
#define INTEGERS(k)                                                                    \
        do {                                                                           \
                NEED(k);                                                               \
                for (size_t k_ = 1; k_ <= (k); k_++) {                                 \
                        if (st[sp - k_].enc == DW_ATE_float) {                         \
                                *why = "floating-point arithmetic in its location";    \
                                return -1;                                             \
                        }                                                              \
                }                                                                      \
        } while (0)
/* A register, a stack value or an implicit value ends its location. */
#define LAST()                                                                         \
        do {                                                                           \
                if (i + 1 != to) {                                                     \
                        *why = "malformed location expression";                        \
                        return -1;                                                     \
                }                                                                      \
        } while (0)

        *why = NULL;
        if (from == to) {
                *why = "optimized out";
                return -1;
        }
        for (size_t i = from; i < to; i++) {
                const Dwarf_Op *op = &ops[i];
                uint8_t atom = op->atom;

                if (atom >= DW_OP_lit0 && atom <= DW_OP_lit31) {
                        PUSH((uint64_t)(atom - DW_OP_lit0));
                        continue;
                }
                if ((atom >= DW_OP_reg0 && atom <= DW_OP_reg31) || atom == DW_OP_regx) {
                        LAST();
                        *ret = (struct dw_loc){ .kind = DW_LOC_REGISTER,
                                                .reg = atom == DW_OP_regx ? (int)op->number
                                                                          : atom - DW_OP_reg0 };
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
                if (sp >= 1 && st[sp - 1].enc == DW_ATE_float &&
                    (atom == DW_OP_neg || atom == DW_OP_abs)) {
                        float_op(atom, &st[sp - 1], NULL);
                        continue;
                }
                if (sp >= 2 &&
                    (st[sp - 1].enc == DW_ATE_float || st[sp - 2].enc == DW_ATE_float) &&
                    ((atom >= DW_OP_eq && atom <= DW_OP_ne) || atom == DW_OP_plus ||
                     atom == DW_OP_minus || atom == DW_OP_mul || atom == DW_OP_div)) {
                        /* both of one floating-point type, as DWARF requires */
                        if (st[sp - 1].enc != st[sp - 2].enc ||
                            st[sp - 1].size != st[sp - 2].size ||
                            !float_op(atom, &st[sp - 2], &st[sp - 1])) {
                                *why = "floating-point arithmetic in its location";
                                return -1;
                        }
                        sp--;
                        continue;
                }
                switch (atom) {
                case DW_OP_addr:
                        PUSH(op->number + f->bias);
                        break;
                case DW_OP_addrx:
                case DW_OP_GNU_addr_index:
                case DW_OP_constx:
                case DW_OP_GNU_const_index:
                        if (!f->indexed || f->indexed(f->tctx, op, &v) < 0) {
                                *why = "an address in .debug_addr dbgd cannot read";
                                return -1;
                        }
                        /* an address is relocated as DW_OP_addr's; a constant is not */
                        PUSH(atom == DW_OP_addrx || atom == DW_OP_GNU_addr_index
                                     ? v + f->bias
                                     : v);
                        break;
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
                        PUSHT(st[sp - 1].v, st[sp - 1].enc, st[sp - 1].size);
                        break;
                case DW_OP_drop:
                        NEED(1);
                        sp--;
                        break;
                case DW_OP_over:
                        NEED(2);
                        PUSHT(st[sp - 2].v, st[sp - 2].enc, st[sp - 2].size);
                        break;
                case DW_OP_pick:
                        NEED(op->number + 1);
                        {
                                struct slot s = st[sp - 1 - op->number];

                                PUSHT(s.v, s.enc, s.size);
                        }
                        break;
                case DW_OP_swap: {
                        struct slot s;

                        NEED(2);
                        s = st[sp - 1];
                        st[sp - 1] = st[sp - 2];
                        st[sp - 2] = s;
                        break;
                }
                case DW_OP_deref:
                case DW_OP_deref_size:
                case DW_OP_deref_type:
                case DW_OP_GNU_deref_type:
                        INTEGERS(1);
                        enc = 0;
                        size = atom == DW_OP_deref ? 8 : (unsigned)op->number;
                        if ((atom == DW_OP_deref_type || atom == DW_OP_GNU_deref_type) &&
                            (!op_type(f, op, &enc, &size) || size != op->number)) {
                                *why = "a typed value dbgd does not read";
                                return -1;
                        }
                        if (!f->read8 || f->read8(f->ctx, st[sp - 1].v, &v) < 0) {
                                *why = "its address cannot be read";
                                return -1;
                        }
                        st[sp - 1] = (struct slot){ .v = masked(v, size), .enc = (uint8_t)enc,
                                                    .size = enc ? (uint8_t)size : 8 };
                        break;
                case DW_OP_regval_type:
                case DW_OP_GNU_regval_type:
                        if (!op_type(f, op, &enc, &size)) {
                                *why = "a typed value dbgd does not read";
                                return -1;
                        }
                        if (!reg_of(f, (unsigned)op->number, &v)) {
                                *why = "in a register this frame does not know";
                                return -1;
                        }
                        PUSHT(masked(v, size), (uint8_t)enc, (uint8_t)size);
                        break;
                case DW_OP_const_type:
                case DW_OP_GNU_const_type: {
                        /* libdw: number is the type, number2 the block: its size, then
                         * its bytes */
                        const uint8_t *blk = (const uint8_t *)(uintptr_t)op->number2;

                        if (!blk || !op_type(f, op, &enc, &size) || blk[0] != size) {
                                *why = "a typed value dbgd does not read";
                                return -1;
                        }
                        v = 0;
                        memcpy(&v, blk + 1, size); /* little-endian */
                        PUSHT(v, (uint8_t)enc, (uint8_t)size);
                        break;
                }
                case DW_OP_convert:
                case DW_OP_GNU_convert:
                case DW_OP_reinterpret:
                case DW_OP_GNU_reinterpret:
                        NEED(1);
                        enc = 0;
                        size = 8;
                        if (op->number != 0 && !op_type(f, op, &enc, &size)) {
                                *why = "a typed value dbgd does not read";
                                return -1;
                        }
                        if (atom == DW_OP_reinterpret || atom == DW_OP_GNU_reinterpret) {
                                st[sp - 1] = (struct slot){ .v = masked(st[sp - 1].v, size),
                                                            .enc = (uint8_t)enc,
                                                            .size = (uint8_t)size };
                        } else if (!convert(&st[sp - 1], enc, size)) {
                                *why = "a conversion out of range in its location";
                                return -1;
                        }
                        break;
                case DW_OP_abs:
                        INTEGERS(1);
                        if ((int64_t)st[sp - 1].v < 0)
                                st[sp - 1].v = -st[sp - 1].v;
                        st[sp - 1].enc = 0, st[sp - 1].size = 8;
                        break;
                case DW_OP_eq:
                case DW_OP_ne:
                case DW_OP_lt:
                case DW_OP_gt:
                case DW_OP_le:
                case DW_OP_ge: {
                        int64_t x, y;

                        INTEGERS(2);
                        y = (int64_t)st[--sp].v;
                        x = (int64_t)st[sp - 1].v;
                        st[sp - 1] = (struct slot){ .v = atom == DW_OP_eq   ? x == y
                                                         : atom == DW_OP_ne ? x != y
                                                         : atom == DW_OP_lt ? x < y
                                                         : atom == DW_OP_gt ? x > y
                                                         : atom == DW_OP_le ? x <= y
                                                                            : x >= y,
                                                    .size = 8 };
                        break;
                }
                case DW_OP_div:
                case DW_OP_mod:
                        INTEGERS(2);
                        b = st[--sp].v;
                        a = st[sp - 1].v;
                        if (b == 0 || (atom == DW_OP_div && (int64_t)b == -1)) {
                                *why = "a division by zero in its location";
                                return -1;
                        }
                        st[sp - 1] = (struct slot){ .v = atom == DW_OP_div
                                                                 ? (uint64_t)((int64_t)a / (int64_t)b)
                                                                 : a % b,
                                                    .size = 8 };
                        break;
                case DW_OP_skip:
                case DW_OP_bra: {
                        /* to the op at this one's offset + 3 + number */
                        Dwarf_Word dest = op->offset + 3 + op->number;
                        size_t k;

                        if (atom == DW_OP_bra) {
                                NEED(1);
                                if (st[--sp].v == 0)
                                        break;
                        }
                        for (k = from; k < to && ops[k].offset != dest; k++)
                                ;
                        if (k == to || k <= i) { /* only forward: no loops */
                                *why = "a location expression dbgd does not evaluate";
                                return -1;
                        }
                        i = k - 1;
                        break;
                }
                case DW_OP_implicit_pointer:
                case DW_OP_GNU_implicit_pointer:
                        /* libdw: number is the DIE's offset, number2 the byte offset */
                        LAST();
                        *ret = (struct dw_loc){ .kind = DW_LOC_IMPLICIT_POINTER,
                                                .addr = op->number, .value = op->number2 };
                        return 0;
                case DW_OP_plus_uconst:
                        INTEGERS(1);
                        st[sp - 1] = (struct slot){ .v = st[sp - 1].v + op->number, .size = 8 };
                        break;
                case DW_OP_neg:
                        INTEGERS(1);
                        st[sp - 1] = (struct slot){ .v = -st[sp - 1].v, .size = 8 };
                        break;
                case DW_OP_not:
                        INTEGERS(1);
                        st[sp - 1] = (struct slot){ .v = ~st[sp - 1].v, .size = 8 };
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
                        INTEGERS(2);
                        b = st[--sp].v;
                        a = st[sp - 1].v;
                        v = atom == DW_OP_plus    ? a + b
                            : atom == DW_OP_minus ? a - b
                            : atom == DW_OP_mul   ? a * b
                            : atom == DW_OP_and   ? a & b
                            : atom == DW_OP_or    ? a | b
                            : atom == DW_OP_xor   ? a ^ b
                            : b >= 64 ? (atom == DW_OP_shra && (int64_t)a < 0 ? UINT64_MAX : 0)
                            : atom == DW_OP_shl ? a << b
                            : atom == DW_OP_shr ? a >> b
                                                : (uint64_t)((int64_t)a >> b);
                        st[sp - 1] = (struct slot){ .v = v, .size = 8 };
                        break;
                case DW_OP_stack_value:
                        LAST();
                        NEED(1);
                        *ret = (struct dw_loc){ .kind = DW_LOC_VALUE, .value = st[sp - 1].v };
                        return 0;
                case DW_OP_implicit_value:
                        /* libdw: number is the length, number2 the block (the
                         * length as ULEB128, then the bytes) */
                        LAST();
                        *ret = (struct dw_loc){ .kind = DW_LOC_IMPLICIT,
                                                .bytes = (const uint8_t *)(uintptr_t)op->number2,
                                                .len = op->number };
                        if (!ret->bytes) {
                                *why = "malformed location expression";
                                return -1;
                        }
                        while (*ret->bytes++ & 0x80)
                                ;
                        memcpy(&ret->value, ret->bytes, ret->len < 8 ? ret->len : 8);
                        return 0;
                case DW_OP_entry_value:
                case DW_OP_GNU_entry_value: {
                        /* libdw: number is the sub-expression's length, number2 the
                         * block (its ULEB128 length, then its bytes). gcc's is one
                         * register: DW_OP_regN, DW_OP_regx N, or DW_OP_regval_type N T
                         * (a float's, of type T). */
                        const uint8_t *sub = (const uint8_t *)(uintptr_t)op->number2;
                        unsigned reg = DW_FRAME_REGS;

                        enc = 0;
                        size = 8;
                        while (sub && op->number < 0x80 && *sub++ & 0x80)
                                ;

                        if (sub && op->number == 1 && sub[0] >= DW_OP_reg0 &&
                            sub[0] <= DW_OP_reg31) {
                                reg = sub[0] - DW_OP_reg0;
                        } else if (sub && op->number == 2 && sub[0] == DW_OP_regx &&
                                   sub[1] < 0x80) {
                                reg = sub[1];
                        } else if (sub && op->number >= 3 && op->number <= 6 &&
                                   (sub[0] == DW_OP_regval_type ||
                                    sub[0] == DW_OP_GNU_regval_type) &&
                                   sub[1] < 0x80) {
                                /* the type: a ULEB128 after the register */
                                Dwarf_Op t = { .atom = sub[0], .number = sub[1] };
                                size_t k = 2;
                                unsigned shift = 0;

                                for (; k < op->number && shift < 28; k++, shift += 7) {
                                        t.number2 |= (Dwarf_Word)(sub[k] & 0x7f) << shift;
                                        if (!(sub[k] & 0x80))
                                                break;
                                }
                                if (k + 1 == op->number && op_type(f, &t, &enc, &size))
                                        reg = sub[1];
                        }
                        if (reg >= DW_FRAME_REGS || !f->entry_value ||
                            f->entry_value(f->ectx, (int)reg, &v) < 0) {
                                *why = "optimized out (its value at the function's entry)";
                                return -1;
                        }
                        PUSHT(masked(v, size), (uint8_t)enc, (uint8_t)size);
                        break;
                }
                case DW_OP_form_tls_address:
                case DW_OP_GNU_push_tls_address: /* an offset into the module's TLS block */
                        INTEGERS(1);
                        if (!f->tls_addr) {
                                *why = "a thread-local variable, not read here";
                                return -1;
                        }
                        if (f->tls_addr(f->ectx, st[sp - 1].v, &v, why) < 0)
                                return -1;
                        st[sp - 1] = (struct slot){ .v = v, .size = 8 };
                        break;
                default:
                        *why = "a location expression dbgd does not evaluate";
                        return -1;
                }
        }
        NEED(1);
        if (st[sp - 1].enc) { /* a typed value is a value (DW_AT_call_value's) */
                *ret = (struct dw_loc){ .kind = DW_LOC_VALUE, .value = st[sp - 1].v };
                return 0;
        }
        *ret = (struct dw_loc){ .kind = DW_LOC_MEMORY, .addr = st[sp - 1].v };
        return 0;
#undef NEED
#undef PUSHT
#undef PUSH
#undef INTEGERS
#undef LAST
}

static bool is_piece(uint8_t atom)
{
        return atom == DW_OP_piece || atom == DW_OP_bit_piece;
}

int dwexpr_eval(const Dwarf_Op *ops, size_t n, const struct dw_frame *f, struct dw_loc *ret,
                const char **why)
{
        for (size_t i = 0; i < n; i++) {
                if (is_piece(ops[i].atom)) {
                        *why = "a value in pieces";
                        return -1;
                }
        }
        if (eval_one(ops, 0, n, f, ret, why) < 0)
                return -1;
        if (ret->kind == DW_LOC_IMPLICIT_POINTER) {
                *why = "a pointer optimized away (gdb's <synthetic pointer>)";
                return -1;
        }
        return 0;
}

int dwexpr_eval_pieces(const Dwarf_Op *ops, size_t n, const struct dw_frame *f,
                       struct dw_loc *ret, size_t *n_ret, const char **why)
{
        size_t from = 0, count = 0, had = 0;
        const char *first_why = NULL;

        *n_ret = 0;
        *why = NULL;
        for (size_t i = 0; i < n; i++) {
                const Dwarf_Op *op = &ops[i];
                struct dw_loc *pc = &ret[count];
                const char *pwhy;

                if (!is_piece(op->atom))
                        continue;
                if (count == DW_PIECES_MAX ||
                    (op->atom == DW_OP_bit_piece && (op->number % 8 || op->number2 != 0)) ||
                    op->number == 0) {
                        *why = "a value in pieces dbgd does not read";
                        return -1;
                }
                if (eval_one(ops, from, i, f, pc, &pwhy) < 0 ||
                    (pc->kind == DW_LOC_IMPLICIT_POINTER &&
                     (pwhy = "a pointer optimized away (gdb's <synthetic pointer>)"))) {
                        *pc = (struct dw_loc){ .kind = DW_LOC_EMPTY, .why = pwhy };
                        if (!first_why)
                                first_why = pwhy;
                } else {
                        had++;
                }
                pc->piece = op->atom == DW_OP_piece ? op->number : op->number / 8;
                count++;
                from = i + 1;
        }
        if (count == 0) { /* one location for the whole value */
                if (eval_one(ops, 0, n, f, &ret[0], why) < 0)
                        return -1;
                ret[0].piece = 0;
                *n_ret = 1;
                return 0;
        }
        if (from != n) {
                *why = "malformed location expression";
                return -1;
        }
        if (had == 0) {
                *why = first_why;
                return -1;
        }
        *n_ret = count;
        return 0;
}
