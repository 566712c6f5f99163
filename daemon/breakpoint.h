/* breakpoint.h — software breakpoints (int3) of one session.
 *
 * Invariants (DESIGN.md): one breakpoint per address; the kept byte is the program's;
 * peek shows the program's bytes (bp_shadow), poke updates the kept byte (bp_poke);
 * an armed breakpoint has 0xCC in memory, a disarmed one (during a step-over, or
 * disabled) the original byte. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

struct cond;

struct breakpoint {
        int id;
        uint64_t addr;
        uint8_t orig;
        bool armed;
        bool held;              /* to be armed when the hold is lifted (bp_mem.hold) */
        unsigned overs;         /* threads stepping over it (bp_step_begin): it stays
                                 * out until the last one is done */
        bool temporary;
        bool disabled;          /* by the user (gdb's disable): listed and kept with its
                                 * settings, out of memory (bp_arm), its hits not its own
                                 * (session.c) */
        bool lent;              /* disabled, but armed for the step or finish that stops
                                 * at its address (stepping.c) */
        bool internal;          /* dbgd's own (spawn's stop: "entry"); not listed */
        bool solib;             /* on the dynamic loader's _dl_debug_state: a library was
                                 * mapped or unmapped (session.c, pending breakpoints) */
        char *spec;             /* owned: the symbol it was set on, to place it again in
                                 * the image an exec brings (bp_table_exec); or NULL */
        bool pending;           /* not placed yet: spec's library is not loaded; addr
                                 * is 0 meanwhile */
        int group;              /* a temporary one of a `break` with several places: the
                                 * id of the one that answered (all go at the first hit,
                                 * as gdb's tbreak); else 0 */
        unsigned long hits;     /* hits whose condition held (ignored ones included) */
        /* Server-side filters, so a script never pays a round trip for a hit it does
         * not want: stop only when cond holds and more than `ignore` hits happened;
         * with `log`, record the hit (registers in log_regs) and go on instead. */
        struct cond *cond;      /* owned, or NULL */
        unsigned long ignore;   /* go on while hits <= ignore (set as hits + the next N) */
        bool log;
        json_t *log_regs;       /* owned array of register names */
        json_t *log_entries;    /* owned array, the last BP_LOG_MAX hits */
        unsigned long log_dropped;
        struct breakpoint *next;
};

#define BP_GONE_MAX 16

struct bp_table {
        struct breakpoint *list;
        int next_id;
        size_t count;           /* user-visible breakpoints */
        /* Where the last BP_GONE_MAX removed breakpoints were (a ring): a thread that
         * ran into one's int3 before it was removed reports it after (bp_moribund). */
        uint64_t gone[BP_GONE_MAX];
        unsigned n_gone;
};

#define BP_LOG_MAX 1000

/* Memory access used to arm and disarm: the session's pid and /proc/PID/mem fd. While
 * *hold is not 0 (a vfork child runs on this memory, session.c), bp_arm writes no int3:
 * the breakpoint is `held`, and armed when the holder lifts the hold. */
struct bp_mem {
        pid_t pid;
        int *memfd;
        const unsigned *hold;   /* NULL: never held */
};

void bp_table_init(struct bp_table *t);
/* Frees every breakpoint without touching memory (the process is gone or exec'd). */
void bp_table_clear(struct bp_table *t);

/* An exec replaced the image: breakpoints set on a symbol become pending on it again
 * (to be placed in the new image, as gdb re-sets them), with their ids, settings and
 * hits; the others (by address, dbgd's own) are freed. No memory is touched. Returns
 * true when any is pending. */
bool bp_table_exec(struct bp_table *t);

struct breakpoint *bp_find_addr(const struct bp_table *t, uint64_t addr);
struct breakpoint *bp_find_id(const struct bp_table *t, int id);

/* Insert (or return the existing breakpoint at addr). Returns 0 and *ret, -ERR_MEMORY
 * when addr cannot be read and written, -ENOMEM. */
int bp_insert(struct bp_table *t, const struct bp_mem *m, uint64_t addr, bool temporary,
              bool internal, struct breakpoint **ret);
/* A pending breakpoint on symbol spec, placed later (bp_place_pending). Returns 0 and
 * *ret, or -ENOMEM. */
int bp_insert_pending(struct bp_table *t, const char *spec, bool temporary,
                      struct breakpoint **ret);

/* Place pending breakpoint b at addr, where its symbol now is. Returns 0, -EEXIST when
 * another breakpoint is at addr (b stays pending), -ERR_MEMORY. */
int bp_place_pending(struct bp_table *t, const struct bp_mem *m, struct breakpoint *b,
                     uint64_t addr);

/* Restore the code and free b. Returns 0 or -errno (b is freed either way). */
int bp_remove(struct bp_table *t, const struct bp_mem *m, struct breakpoint *b);

/* A temporary breakpoint b was hit: remove it, and the others of its group (the other
 * places of the same `break`). Returns 0 or -errno of b's removal. */
int bp_remove_hit(struct bp_table *t, const struct bp_mem *m, struct breakpoint *b);

/* Enable or disable b (gdb's enable / disable): a disabled breakpoint is out of memory
 * and stays out (a step-over's end, a vfork's, leave it so) until enabled again.
 * Returns 0, or < 0 when its byte could not be written. */
int bp_set_enabled(const struct bp_mem *m, struct breakpoint *b, bool on);

/* Write the int3 (or, under a hold, mark b held); bp_disarm restores the byte and drops
 * a held mark. */
int bp_arm(const struct bp_mem *m, struct breakpoint *b);
int bp_disarm(const struct bp_mem *m, struct breakpoint *b);

/* A thread steps over b (its original instruction runs once): b comes out at the first
 * bp_step_begin and goes back at the last bp_step_end, so that two threads stepping
 * over it at once cannot re-arm it under each other (the second one would run into the
 * int3 in the middle of its step, and go on from inside the instruction). */
int bp_step_begin(const struct bp_mem *m, struct breakpoint *b);
void bp_step_end(const struct bp_mem *m, struct breakpoint *b);

/* Was there a breakpoint at addr, removed lately (gdb's "moribund locations")? A
 * SIGTRAP of an int3 at addr is then ours: the thread goes back to addr and runs the
 * instruction. */
bool bp_moribund(const struct bp_table *t, uint64_t addr);

/* Was the int3 of b executed: is b armed, or out only for a step-over (a thread ran
 * into it before another thread took it out)? */
bool bp_trapped(const struct breakpoint *b);

/* Is the program's own instruction under b an int3? Stepping over b then runs that
 * int3: its SIGTRAP (SI_KERNEL, the pc after b) is the program's signal, not a hit. */
bool bp_program_int3(const struct breakpoint *b);

/* In buf (len bytes read at addr), put back the program's bytes under armed
 * breakpoints. */
void bp_shadow(const struct bp_table *t, uint64_t addr, uint8_t *buf, size_t len);

/* Before writing buf at addr: update the kept bytes of breakpoints in the range and put
 * 0xCC back in buf where a breakpoint is armed, so the trap stays. */
void bp_poke(const struct bp_table *t, uint64_t addr, uint8_t *buf, size_t len);
