/* x86len.c — instruction lengths that capstone 4 does not know (see x86len.h). */
#include "x86len.h"

size_t x86_vector_len(const uint8_t *p, size_t left)
{
        size_t i = left > 0 && p[0] == 0x67 ? 1 : 0, n; /* address size may come first */
        unsigned map;
        uint8_t op;

        if (i >= left)
                return 0;
        switch (p[i]) {
        case 0xc5: /* 2-byte VEX: map 0F */
                map = 1;
                n = i + 2;
                break;
        case 0xc4: /* 3-byte VEX: map in mmmmm */
                if (i + 1 >= left)
                        return 0;
                map = p[i + 1] & 0x1f;
                n = i + 3;
                break;
        case 0x62: /* EVEX (in 64-bit mode 62 is never BOUND): map in P0's low bits */
                if (i + 1 >= left)
                        return 0;
                map = p[i + 1] & 0x07;
                n = i + 4;
                break;
        default:
                return 0;
        }
        if (map == 0 || map == 4 || map == 7 || (p[i] != 0x62 && map > 3) || n >= left)
                return 0;
        op = p[n++];
        /* vzeroupper and vzeroall (VEX 0F 77) are the only ones without a ModRM byte. */
        if (!(p[i] != 0x62 && map == 1 && op == 0x77)) {
                uint8_t modrm, mod, rm;

                if (n >= left)
                        return 0;
                modrm = p[n++];
                mod = modrm >> 6;
                rm = modrm & 7;
                if (mod != 3 && rm == 4) { /* SIB */
                        if (n >= left)
                                return 0;
                        if (mod == 0 && (p[n] & 7) == 5)
                                n += 4; /* no base: disp32 */
                        n++;
                } else if (mod == 0 && rm == 5) {
                        n += 4; /* rip-relative disp32 */
                }
                n += mod == 1 ? 1 : mod == 2 ? 4 : 0;
        }
        /* An 8-bit immediate: every instruction of map 0F3A; in map 0F the shifts by an
         * immediate (70-73), compares (C2) and inserts, extracts and shuffles (C4-C6). */
        if (map == 3 || (map == 1 && ((op >= 0x70 && op <= 0x73) || op == 0xc2 ||
                                      (op >= 0xc4 && op <= 0xc6))))
                n++;
        return n <= left && n <= X86_MAX_INSN ? n : 0;
}
