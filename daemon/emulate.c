/* emulate.c — the instructions dbgd steps over without the trap flag. Only instructions
 * whose whole effect is on general registers, the arithmetic flags and at most one
 * memory access, which the caller performs (and which falls back to a real single step
 * when it fails, so that the tracee takes its own fault). */
#include "emulate.h"

#include <string.h>

#define F_CF 0x001ULL
#define F_PF 0x004ULL
#define F_AF 0x010ULL
#define F_ZF 0x040ULL
#define F_SF 0x080ULL
#define F_OF 0x800ULL
#define F_ARITH (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)
#define F_TF 0x100ULL
#define F_RF 0x10000ULL
#define USER_CS_64 0x33 /* Linux's 64-bit user code segment (__USER_CS) */
#define F_AC 0x40000ULL

#define REX_W 8
#define REX_R 4
#define REX_X 2
#define REX_B 1

/* The registers' own type (unsigned long long), not uint64_t (unsigned long): a write
 * through a pointer of the other type is not seen by reads of the field once the
 * optimiser relies on strict aliasing (it was, at -O3). */
typedef __typeof__(((struct user_regs_struct *)0)->rax) reg_t;

/* General register n (0-15), in the encoding's order. */
static reg_t *gpr(struct user_regs_struct *r, unsigned n)
{
        reg_t *const regs[16] = {
                &r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi, &r->rdi,
                &r->r8,  &r->r9,  &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15,
        };
        return regs[n & 15];
}

/* A 32-bit destination is zero-extended into its 64-bit register. */
static void put(struct user_regs_struct *r, unsigned n, uint64_t v, bool wide)
{
        *gpr(r, n) = wide ? v : (uint32_t)v;
}

static uint32_t le32(const uint8_t *p)
{
        return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
        return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* v's low bits (8, 16 or 32), sign-extended to 64. */
static uint64_t sext(uint64_t v, unsigned bits)
{
        uint64_t sign = 1ULL << (bits - 1), low = v & ((sign << 1) - 1);

        return (low ^ sign) - sign;
}

/* An immediate of size bytes (1 or 4) at p, sign-extended as the CPU does. */
static uint64_t imm_at(const uint8_t *p, size_t size)
{
        return size == 1 ? sext(p[0], 8) : sext(le32(p), 32);
}

/* A decoded ModRM operand. reg and rm (the base) include REX.R / REX.B. */
struct modrm {
        unsigned mod, reg, rm;
        bool rip;               /* [rip + disp], rip of the next instruction */
        bool base;              /* rm is a base register (false: SIB without base) */
        int index;              /* SIB index register (REX.X included), -1 for none */
        unsigned scale;         /* 1, 2, 4 or 8 */
        int64_t disp;
        size_t len;             /* ModRM, SIB and displacement bytes */
};

/* Decode the ModRM (and SIB) at p; false when too short. */
static bool decode_modrm(const uint8_t *p, size_t avail, unsigned rex, struct modrm *m)
{
        unsigned rm;
        size_t at = 1;

        if (avail < 1)
                return false;
        m->mod = p[0] >> 6;
        m->reg = ((p[0] >> 3) & 7) | (rex & REX_R ? 8 : 0);
        rm = p[0] & 7;
        m->rm = rm | (rex & REX_B ? 8 : 0);
        m->rip = false;
        m->base = true;
        m->index = -1;
        m->scale = 1;
        m->disp = 0;
        m->len = 1;
        if (m->mod == 3)
                return true;
        if (rm == 4) { /* SIB: scale, index (100 without REX.X: none), base */
                unsigned idx;

                if (avail < 2)
                        return false;
                idx = ((p[1] >> 3) & 7) | (rex & REX_X ? 8 : 0);
                m->index = idx == 4 ? -1 : (int)idx;
                m->scale = 1u << (p[1] >> 6);
                m->rm = (p[1] & 7) | (rex & REX_B ? 8 : 0);
                m->base = !((p[1] & 7) == 5 && m->mod == 0); /* else disp32 alone */
                at = 2;
        } else if (m->mod == 0 && rm == 5) {
                m->rip = true;
        }
        if (m->mod == 1) {
                if (avail < at + 1)
                        return false;
                m->disp = (int8_t)p[at];
                at += 1;
        } else if (m->mod == 2 || m->rip || !m->base) {
                if (avail < at + 4)
                        return false;
                m->disp = (int32_t)le32(p + at);
                at += 4;
        }
        m->len = at;
        return true;
}

/* The address of a memory operand, once the instruction's length (next) is known. */
static uint64_t address(const struct modrm *m, struct user_regs_struct *r, uint64_t next)
{
        uint64_t a = m->rip ? next : m->base ? *gpr(r, m->rm) : 0;

        if (m->index >= 0)
                a += *gpr(r, (unsigned)m->index) * m->scale;
        return a + (uint64_t)m->disp;
}

enum alu { ALU_ADD, ALU_OR, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP, ALU_TEST };

/* a op b at 64, 32 or 8 bits: the result, and the arithmetic flags in *eflags. The logic
 * operations clear CF, OF and AF (AF is undefined for them; the CPUs clear it). */
static uint64_t alu_bits(enum alu op, uint64_t a, uint64_t b, unsigned bits,
                         uint64_t *eflags)
{
        uint64_t mask = bits == 64 ? ~0ULL : (1ULL << bits) - 1, msb = 1ULL << (bits - 1);
        uint64_t r, f = 0;

        a &= mask;
        b &= mask;
        switch (op) {
        case ALU_ADD:
                r = (a + b) & mask;
                if (r < a)
                        f |= F_CF;
                if ((a ^ r) & (b ^ r) & msb)
                        f |= F_OF;
                if ((a ^ b ^ r) & 0x10)
                        f |= F_AF;
                break;
        case ALU_SUB:
        case ALU_CMP:
                r = (a - b) & mask;
                if (a < b)
                        f |= F_CF;
                if ((a ^ b) & (a ^ r) & msb)
                        f |= F_OF;
                if ((a ^ b ^ r) & 0x10)
                        f |= F_AF;
                break;
        case ALU_OR:
                r = a | b;
                break;
        case ALU_XOR:
                r = a ^ b;
                break;
        case ALU_AND:
        case ALU_TEST:
        default:
                r = a & b;
                break;
        }
        if (r == 0)
                f |= F_ZF;
        if (r & msb)
                f |= F_SF;
        if (!__builtin_parity((unsigned)(r & 0xff)))
                f |= F_PF;
        *eflags = (*eflags & ~F_ARITH) | f;
        return r;
}

static uint64_t alu(enum alu op, uint64_t a, uint64_t b, bool wide, uint64_t *eflags)
{
        return alu_bits(op, a, b, wide ? 64 : 32, eflags);
}

/* Byte register n: without a REX prefix 4-7 are ah, ch, dh, bh; with one, spl, bpl,
 * sil, dil, and 8-15 r8b-r15b. */
static uint64_t reg8(struct user_regs_struct *r, unsigned n, unsigned rex)
{
        if (!rex && n >= 4 && n < 8)
                return (*gpr(r, n - 4) >> 8) & 0xff;
        return *gpr(r, n) & 0xff;
}

/* The load of a memory operand m: its value goes through emulate_load_done. */
static void load(struct emu_effect *eff, uint64_t addr, size_t size, unsigned reg, int kind)
{
        eff->load = true;
        eff->load_addr = addr;
        eff->load_size = size;
        eff->load_reg = reg;
        eff->load_kind = kind;
}

/* A compare or arithmetic with a memory operand: the flags (and the register result,
 * unless dst is -1u) come when the value has been read. */
static void load_alu(struct emu_effect *eff, uint64_t addr, unsigned bits, enum alu op,
                     uint64_t other, bool mem_first, unsigned dst)
{
        load(eff, addr, bits / 8, dst, EMU_LOAD_ALU);
        eff->alu_op = op;
        eff->alu_other = other;
        eff->alu_bits = bits;
        eff->alu_mem_first = mem_first;
}

/* A read-modify-write of memory: op on the value at addr and other, stored back. */
static void load_alu_store(struct emu_effect *eff, uint64_t addr, unsigned bits, enum alu op,
                           uint64_t other)
{
        load_alu(eff, addr, bits, op, other, true, -1u);
        eff->store = true;
        eff->store_addr = addr;
        eff->store_size = bits / 8;
        eff->store_from_load = true;
}

/* Write byte register n (as reg8 reads it): the other bits of the register stay. */
static void put8(struct user_regs_struct *r, unsigned n, unsigned rex, uint64_t v)
{
        if (!rex && n >= 4 && n < 8)
                *gpr(r, n - 4) = (*gpr(r, n - 4) & ~0xff00ULL) | (v & 0xff) << 8;
        else
                *gpr(r, n) = (*gpr(r, n) & ~0xffULL) | (v & 0xff);
}

/* The ALU operation of a register-register opcode (01 03 09 0b 21 23 29 2b 31 33 39 3b
 * 85), and whether its ModRM reg field is the destination. */
static bool alu_rr(uint8_t op, enum alu *ret_op, bool *ret_to_reg)
{
        static const enum alu ops[8] = { ALU_ADD, ALU_OR, 0, 0, ALU_AND, ALU_SUB, ALU_XOR,
                                         ALU_CMP };
        unsigned row = op >> 3;

        if (op == 0x85) {
                *ret_op = ALU_TEST;
                *ret_to_reg = false;
                return true;
        }
        if (op > 0x3b || (op & 7) > 3 || !(op & 1) || row == 2 || row == 3)
                return false;
        *ret_op = ops[row];
        *ret_to_reg = op & 2;
        return true;
}

static void push_value(struct user_regs_struct *r, uint64_t v, struct emu_effect *eff)
{
        r->rsp -= 8;
        eff->store = true;
        eff->store_addr = r->rsp;
        eff->store_value = v;
        eff->store_size = 8;
}

static void push(struct user_regs_struct *r, unsigned n, size_t insn_len,
                 struct emu_effect *eff)
{
        push_value(r, *gpr(r, n), eff); /* push %rsp pushes the old value */
        r->rip += insn_len;
        eff->insn_len = insn_len;
}

/* pop r64 and ret: 8 bytes from the top of the stack into register n (EMU_RIP: the
 * pc), completed by emulate_load_done. */
static void pop(struct user_regs_struct *r, unsigned n, size_t insn_len,
                struct emu_effect *eff)
{
        eff->load = true;
        eff->load_addr = r->rsp;
        eff->load_size = 8;
        eff->load_reg = n;
        eff->insn_len = insn_len;
        r->rsp += 8;
        if (n != EMU_RIP)
                r->rip += insn_len;
}

/* Whether jcc's condition cc (its opcode's low nibble) holds for these flags. */
static bool cond_holds(unsigned cc, uint64_t f)
{
        bool of = f & F_OF, cf = f & F_CF, zf = f & F_ZF, sf = f & F_SF, pf = f & F_PF;
        bool t;

        switch ((cc & 15) >> 1) {
        case 0:
                t = of;
                break;
        case 1:
                t = cf;
                break;
        case 2:
                t = zf;
                break;
        case 3:
                t = cf || zf;
                break;
        case 4:
                t = sf;
                break;
        case 5:
                t = pf;
                break;
        case 6:
                t = sf != of;
                break;
        default:
                t = zf || sf != of;
                break;
        }
        return cc & 1 ? !t : t;
}

/* A relative jump, call or jcc of insn_len bytes: rip moves to the next instruction,
 * or to next + rel when taken. A target outside user space is left to the CPU. */
static bool branch(struct user_regs_struct *r, size_t insn_len, int64_t rel, bool taken,
                   bool call, struct emu_effect *eff)
{
        uint64_t next = r->rip + insn_len, target = next + (uint64_t)rel;

        if (taken && target >= EMU_USER_TOP)
                return false;
        if (call)
                push_value(r, next, eff);
        r->rip = taken ? target : next;
        eff->insn_len = insn_len;
        return true;
}

/* The control transfers: call, jmp and jcc with relative targets, ret and pop, at
 * insn[0] with no prefix (but ret's old rep). */
static bool emulate_flow(const uint8_t *insn, size_t len, struct user_regs_struct *r,
                         struct emu_effect *eff)
{
        uint8_t op = insn[0];

        if (op == 0xc3)
                return pop(r, EMU_RIP, 1, eff), true;
        if (op == 0xc9) { /* leave: mov %rbp,%rsp; pop %rbp */
                r->rsp = r->rbp;
                return pop(r, 5, 1, eff), true;
        }
        if (op == 0xf3 && len >= 2 && insn[1] == 0xc3) /* rep ret */
                return pop(r, EMU_RIP, 2, eff), true;
        if (op >= 0x58 && op <= 0x5f && op != 0x5c) /* pop r64, not %rsp */
                return pop(r, op - 0x58u, 1, eff), true;
        if (op == 0x41 && len >= 2 && insn[1] >= 0x58 && insn[1] <= 0x5f)
                return pop(r, 8 + insn[1] - 0x58u, 2, eff), true;
        if ((op == 0xe8 || op == 0xe9) && len >= 5)
                return branch(r, 5, (int32_t)le32(insn + 1), true, op == 0xe8, eff);
        if (op == 0xeb && len >= 2)
                return branch(r, 2, (int8_t)insn[1], true, false, eff);
        if (op >= 0x70 && op <= 0x7f && len >= 2)
                return branch(r, 2, (int8_t)insn[1], cond_holds(op, r->eflags), false, eff);
        if (op == 0x0f && len >= 6 && insn[1] >= 0x80 && insn[1] <= 0x8f)
                return branch(r, 6, (int32_t)le32(insn + 2), cond_holds(insn[1], r->eflags),
                              false, eff);
        return false;
}

/* ff /2 and ff /4: call and jmp through a register or memory (a PLT stub's `jmp
 * *GOT(%rip)`, a function pointer's `call *%rax`, a switch table's `jmp *(%rdx,%rax,8)`),
 * with an optional REX (REX.W changes nothing: the operand is 64 bits in 64-bit mode) and
 * the prefixes compilers put there: notrack (3e), which only CET's indirect branch
 * tracking reads, and bnd (f2), which only MPX reads. Linux enables neither for user
 * space (IBT is kernel-only, MPX support was removed in 5.6), so the CPU runs these as if
 * the prefix were absent. 66 (a 16-bit target) and the rest are refused. A call pushes
 * the address after the instruction, computed from where it is; a memory operand is read
 * (emulate_load_done sets the pc) before the push is written, and its address uses %rsp
 * as it was before the push, as the CPU's does. */
static bool emulate_indirect(const uint8_t *insn, size_t len, struct user_regs_struct *r,
                             struct emu_effect *eff)
{
        unsigned rex = 0;
        size_t i = 0;
        struct modrm m;
        uint64_t next, target;
        bool call;

        while (i < len && i < 2 && (insn[i] == 0x3e || insn[i] == 0xf2))
                i++;
        if (i < len && (insn[i] & 0xf0) == 0x40)
                rex = insn[i++];
        if (i >= len || insn[i] != 0xff)
                return false;
        i++;
        if (!decode_modrm(insn + i, len - i, rex, &m) || ((m.reg & 7) != 2 && (m.reg & 7) != 4))
                return false;
        call = (m.reg & 7) == 2;
        next = r->rip + i + m.len;
        if (m.mod == 3) {
                target = *gpr(r, m.rm);
                if (target >= EMU_USER_TOP)
                        return false; /* the CPU's fault, at the CPU's pc */
        } else {
                load(eff, address(&m, r, next), 8, EMU_RIP, EMU_LOAD_MOV);
                target = next; /* until the load is done */
        }
        if (call)
                push_value(r, next, eff);
        r->rip = target;
        eff->insn_len = i + m.len;
        return true;
}

/* 80 /0 /1 /4 /5 /6: add, or, and, sub, xor of a byte register or of memory with imm8
 * (its ModRM, m, ends at insn[i]). */
static bool emulate_byte_alu(struct user_regs_struct *r, struct emu_effect *eff,
                             const struct modrm *m, unsigned rex, size_t i, size_t len,
                             const uint8_t *insn)
{
        static const int ops[8] = { ALU_ADD, ALU_OR, -1, -1, ALU_AND, ALU_SUB, ALU_XOR, -1 };
        int o = ops[m->reg & 7];
        uint64_t next, fl = r->eflags, res;

        if (o < 0 || len < i + 1)
                return false; /* adc, sbb */
        next = r->rip + i + 1;
        if (m->mod != 3) {
                load_alu_store(eff, address(m, r, next), 8, (enum alu)o, insn[i]);
        } else {
                res = alu_bits((enum alu)o, reg8(r, m->rm, rex), insn[i], 8, &fl);
                r->eflags = fl;
                put8(r, m->rm, rex, res);
        }
        r->rip = next;
        return true;
}

/* inc and dec: ff /0 /1 of a register or memory (32 or 64 bits), fe /0 /1 of memory (a
 * byte). Flags as add or sub of 1, CF kept. */
static bool emulate_incdec(const uint8_t *insn, size_t len, size_t i, unsigned rex,
                           struct user_regs_struct *r, struct emu_effect *eff)
{
        bool wide = rex & REX_W, byte = insn[i] == 0xfe;
        unsigned bits = byte ? 8 : wide ? 64 : 32;
        struct modrm m;
        enum alu op;
        uint64_t next, fl = r->eflags, res;

        if (!decode_modrm(insn + i + 1, len - i - 1, rex, &m) || (m.reg & 7) > 1)
                return false; /* ff /2.. are call, jmp, push */
        op = (m.reg & 7) == 0 ? ALU_ADD : ALU_SUB;
        next = r->rip + i + 1 + m.len;
        if (m.mod != 3) {
                load_alu_store(eff, address(&m, r, next), bits, op, 1);
                eff->alu_keep_cf = true;
        } else {
                if (byte)
                        return false;
                res = alu_bits(op, *gpr(r, m.rm), 1, bits, &fl);
                r->eflags = (fl & ~F_CF) | (r->eflags & F_CF);
                put(r, m.rm, res, wide);
        }
        r->rip = next;
        return true;
}

/* Compares and tests of bytes, and of al/eax/rax or r/m with an immediate (3c 3d a8 a9
 * 80 /7, f6 /0, f7 /0, 38 3a 84): flags only. */
static bool emulate_cmp_test(const uint8_t *insn, size_t len, size_t i, unsigned rex,
                             struct user_regs_struct *r, struct emu_effect *eff)
{
        bool wide = rex & REX_W;
        uint8_t op = insn[i++];
        enum alu aop = op == 0xa8 || op == 0xa9 || op == 0xf6 || op == 0xf7 || op == 0x84
                               ? ALU_TEST
                               : ALU_CMP;
        unsigned bits = op == 0x3d || op == 0xa9 || op == 0xf7 ? (wide ? 64 : 32) : 8;
        size_t isz = op == 0x3c || op == 0xa8 || op == 0x80 || op == 0xf6 ? 1
                     : op == 0x3d || op == 0xa9 || op == 0xf7             ? 4
                                                                           : 0;
        uint64_t imm = 0, a, b, fl = r->eflags, next;
        struct modrm m;

        if (op == 0x3c || op == 0x3d || op == 0xa8 || op == 0xa9) { /* al/eax/rax, imm */
                if (len < i + isz)
                        return false;
                imm = imm_at(insn + i, isz);
                alu_bits(aop, r->rax, imm, bits, &fl);
                r->eflags = fl;
                r->rip += i + isz;
                return true;
        }
        if (!decode_modrm(insn + i, len - i, rex, &m))
                return false;
        i += m.len;
        if (op == 0x80 && (m.reg & 7) != 7)
                return emulate_byte_alu(r, eff, &m, rex, i, len, insn);
        if ((op == 0xf6 || op == 0xf7) && (m.reg & 7) != 0)
                return false; /* f6 /0 and f7 /0 are test; not, neg, mul, div... */
        if (len < i + isz)
                return false;
        next = r->rip + i + isz;
        if (isz)
                b = imm_at(insn + i, isz);
        else
                b = bits == 8 ? reg8(r, m.reg, rex) : *gpr(r, m.reg);
        if (m.mod != 3) {
                /* 3a is cmp r8, r/m8: the memory operand second. */
                load_alu(eff, address(&m, r, next), bits, aop, b, op != 0x3a, -1u);
                r->rip = next;
                return true;
        }
        a = bits == 8 ? reg8(r, m.rm, rex) : *gpr(r, m.rm);
        if (op == 0x3a)
                alu_bits(aop, b, a, bits, &fl);
        else
                alu_bits(aop, a, b, bits, &fl);
        r->eflags = fl;
        r->rip = next;
        return true;
}

/* movzx and movsx (0f b6 b7 be bf) from 8 or 16 bits, movsxd (REX.W 63) from 32. */
static bool emulate_extend(const uint8_t *insn, size_t len, size_t i, unsigned rex,
                           struct user_regs_struct *r, struct emu_effect *eff)
{
        bool wide = rex & REX_W, sx;
        size_t size;
        struct modrm m;
        uint64_t v, next;

        if (insn[i] == 0x63) {
                if (!wide)
                        return false;
                size = 4;
                sx = true;
                i++;
        } else {
                uint8_t op2;

                if (len < i + 2)
                        return false;
                op2 = insn[i + 1];
                if (op2 != 0xb6 && op2 != 0xb7 && op2 != 0xbe && op2 != 0xbf)
                        return false;
                size = op2 & 1 ? 2 : 1;
                sx = op2 >= 0xbe;
                i += 2;
        }
        if (!decode_modrm(insn + i, len - i, rex, &m))
                return false;
        next = r->rip + i + m.len;
        if (m.mod != 3) {
                load(eff, address(&m, r, next), size, m.reg, sx ? EMU_LOAD_SX : EMU_LOAD_ZX);
                eff->load_wide = wide;
                r->rip = next;
                return true;
        }
        v = size == 1 ? reg8(r, m.rm, rex) : *gpr(r, m.rm) & (size == 2 ? 0xffff : 0xffffffff);
        put(r, m.reg, sx ? sext(v, (unsigned)size * 8) : v, wide);
        r->rip = next;
        return true;
}

/* The instructions with a REX prefix or none, after it: op at insn[i]. */
static bool emulate_rex(const uint8_t *insn, size_t len, size_t i, unsigned rex,
                        struct user_regs_struct *r, struct emu_effect *eff)
{
        bool wide = rex & REX_W;
        uint8_t op = insn[i++];
        struct modrm m;
        enum alu aop = ALU_ADD;
        bool to_reg = false;
        uint64_t next, imm, fl;

        if (op >= 0xb8 && op <= 0xbf) { /* mov imm, r */
                unsigned n = (op - 0xb8u) | (rex & REX_B ? 8 : 0);
                size_t isz = wide ? 8 : 4;

                if (len < i + isz)
                        return false;
                put(r, n, wide ? le64(insn + i) : le32(insn + i), wide);
                r->rip += i + isz;
                return true;
        }
        switch (op) {
        case 0x3c: case 0x3d: case 0xa8: case 0xa9: case 0x80: case 0xf6: case 0xf7:
        case 0x38: case 0x3a: case 0x84:
                return emulate_cmp_test(insn, len, i - 1, rex, r, eff);
        case 0x0f: case 0x63:
                return emulate_extend(insn, len, i - 1, rex, r, eff);
        case 0xfe: case 0xff:
                return emulate_incdec(insn, len, i - 1, rex, r, eff);
        }
        if (op != 0x89 && op != 0x8b && op != 0x8d && op != 0xc7 && op != 0x81 && op != 0x83 &&
            !alu_rr(op, &aop, &to_reg))
                return false;
        if (!decode_modrm(insn + i, len - i, rex, &m))
                return false;
        i += m.len;
        switch (op) {
        case 0x89: /* mov r, r/m */
        case 0x8b: /* mov r/m, r */
                next = r->rip + i;
                if (m.mod == 3) {
                        if (op == 0x89)
                                put(r, m.rm, *gpr(r, m.reg), wide);
                        else
                                put(r, m.reg, *gpr(r, m.rm), wide);
                } else if (op == 0x89) {
                        eff->store = true;
                        eff->store_addr = address(&m, r, next);
                        eff->store_value = *gpr(r, m.reg);
                        eff->store_size = wide ? 8 : 4;
                } else {
                        load(eff, address(&m, r, next), wide ? 8 : 4, m.reg, EMU_LOAD_MOV);
                }
                r->rip = next;
                return true;
        case 0x8d: /* lea */
                if (m.mod == 3)
                        return false;
                next = r->rip + i;
                put(r, m.reg, address(&m, r, next), wide);
                r->rip = next;
                return true;
        case 0xc7: /* mov imm32 (sign-extended), r/m */
                if ((m.reg & 7) != 0 || len < i + 4)
                        return false;
                imm = imm_at(insn + i, 4);
                next = r->rip + i + 4;
                if (m.mod == 3) {
                        put(r, m.rm, imm, wide);
                } else {
                        eff->store = true;
                        eff->store_addr = address(&m, r, next);
                        eff->store_value = imm;
                        eff->store_size = wide ? 8 : 4;
                }
                r->rip = next;
                return true;
        case 0x81: /* op imm32, r */
        case 0x83: /* op imm8, r */ {
                static const int ops[8] = { ALU_ADD, ALU_OR, -1, -1, ALU_AND, ALU_SUB,
                                            ALU_XOR, ALU_CMP };
                size_t isz = op == 0x83 ? 1 : 4;
                int o = ops[m.reg & 7];
                uint64_t res;

                if (o < 0 || len < i + isz)
                        return false;
                imm = imm_at(insn + i, isz);
                if (m.mod != 3) {
                        next = r->rip + i + isz;
                        if (o == ALU_CMP)
                                load_alu(eff, address(&m, r, next), wide ? 64 : 32, ALU_CMP,
                                         imm, true, -1u);
                        else
                                load_alu_store(eff, address(&m, r, next), wide ? 64 : 32,
                                               (enum alu)o, imm);
                        r->rip = next;
                        return true;
                }
                fl = r->eflags;
                res = alu((enum alu)o, *gpr(r, m.rm), imm, wide, &fl);
                r->eflags = fl;
                if (o != ALU_CMP)
                        put(r, m.rm, res, wide);
                r->rip += i + isz;
                return true;
        }
        default: { /* register-register arithmetic */
                unsigned dst = to_reg ? m.reg : m.rm, src = to_reg ? m.rm : m.reg;
                bool no_write = aop == ALU_CMP || aop == ALU_TEST;
                uint64_t res;

                if (m.mod != 3) {
                        /* From memory into a register, a compare or test of memory, or
                         * into memory (a load, then a store). */
                        next = r->rip + i;
                        if (!to_reg && !no_write)
                                load_alu_store(eff, address(&m, r, next), wide ? 64 : 32, aop,
                                               *gpr(r, m.reg));
                        else
                                load_alu(eff, address(&m, r, next), wide ? 64 : 32, aop,
                                         *gpr(r, m.reg), !to_reg, no_write ? -1u : m.reg);
                        r->rip = next;
                        return true;
                }
                fl = r->eflags;
                res = alu(aop, *gpr(r, dst), *gpr(r, src), wide, &fl);
                r->eflags = fl;
                if (aop != ALU_CMP && aop != ALU_TEST)
                        put(r, dst, res, wide);
                r->rip += i;
                return true;
        }
        }
}

static bool emulate_one(const uint8_t *insn, size_t len, struct user_regs_struct *regs,
                        struct emu_effect *eff)
{
        static const uint8_t endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
        struct user_regs_struct r = *regs;
        unsigned rex = 0;
        size_t i = 0;

        memset(eff, 0, sizeof(*eff));
        /* 64-bit code only (a 32-bit program's 0x40-0x4f are inc and dec, its pushes
         * 4 bytes). The program's own trap flag makes the CPU trap after the
         * instruction, and alignment checking may fault on it: both are the CPU's. */
        if (regs->cs != USER_CS_64 || (regs->eflags & (F_TF | F_AC)))
                return false;
        if (len > 15)
                len = 15;
        if (len >= 1 && emulate_flow(insn, len, &r, eff)) {
                *regs = r;
                return true;
        }
        memset(eff, 0, sizeof(*eff));
        r = *regs;
        if (len >= 2 && emulate_indirect(insn, len, &r, eff)) {
                *regs = r;
                return true;
        }
        memset(eff, 0, sizeof(*eff));
        r = *regs;
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
                eff->insn_len = 1;
                return true;
        }
        if (len >= sizeof(endbr64) && memcmp(insn, endbr64, sizeof(endbr64)) == 0) {
                regs->rip += sizeof(endbr64);
                eff->insn_len = sizeof(endbr64);
                return true;
        }
        if (len >= 1 && (insn[0] & 0xf0) == 0x40) {
                rex = insn[0];
                i = 1;
        }
        if (i >= len || !emulate_rex(insn, len, i, rex, &r, eff)) {
                memset(eff, 0, sizeof(*eff));
                return false;
        }
        eff->insn_len = r.rip - regs->rip;
        *regs = r;
        return true;
}

bool emulate_insn(const uint8_t *insn, size_t len, struct user_regs_struct *regs,
                  struct emu_effect *eff)
{
        if (!emulate_one(insn, len, regs, eff))
                return false;
        regs->eflags &= ~F_RF; /* the CPU clears it after each instruction it completes */
        return true;
}

bool emulate_load_done(struct user_regs_struct *regs, struct emu_effect *eff,
                       uint64_t value)
{
        unsigned bits = (unsigned)eff->load_size * 8;
        uint64_t v = bits >= 64 ? value : value & ((1ULL << bits) - 1), fl, res, a, b;

        if (eff->load_reg == EMU_RIP) {
                if (v >= EMU_USER_TOP)
                        return false; /* a return to nowhere: the CPU's fault */
                regs->rip = v;
                return true;
        }
        switch (eff->load_kind) {
        case EMU_LOAD_MOV:
                put(regs, eff->load_reg, v, bits == 64);
                break;
        case EMU_LOAD_SX:
        case EMU_LOAD_ZX:
                if (eff->load_kind == EMU_LOAD_SX)
                        v = sext(v, bits); /* loads to sign-extend are 1, 2 or 4 bytes */
                put(regs, eff->load_reg, v, eff->load_wide);
                break;
        case EMU_LOAD_ALU:
                fl = regs->eflags;
                a = eff->alu_mem_first ? v : eff->alu_other;
                b = eff->alu_mem_first ? eff->alu_other : v;
                res = alu_bits((enum alu)eff->alu_op, a, b, eff->alu_bits, &fl);
                if (eff->alu_keep_cf)
                        fl = (fl & ~F_CF) | (regs->eflags & F_CF);
                regs->eflags = fl;
                if (eff->store_from_load)
                        eff->store_value = res;
                else if (eff->load_reg != -1u)
                        put(regs, eff->load_reg, res, eff->alu_bits == 64);
                break;
        }
        return true;
}
