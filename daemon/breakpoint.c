/* breakpoint.c — int3 breakpoints (see breakpoint.h). A session has few breakpoints
 * (a limit caps them), so a list is enough. */
#include "breakpoint.h"

#include "cond.h"
#include "errors.h"
#include "tracee.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define INT3 0xCC

void bp_table_init(struct bp_table *t)
{
        t->list = NULL;
        t->next_id = 1;
        t->count = 0;
        t->n_gone = 0;
}

static void bp_free(struct breakpoint *b)
{
        free(b->spec);
        cond_free(b->cond);
        json_decref(b->log_regs);
        json_decref(b->log_entries);
        free(b);
}

void bp_table_clear(struct bp_table *t)
{
        while (t->list) {
                struct breakpoint *b = t->list;
                t->list = b->next;
                bp_free(b);
        }
        t->count = 0;
        t->n_gone = 0;
}

bool bp_table_exec(struct bp_table *t)
{
        bool pending = false;

        for (struct breakpoint **p = &t->list; *p;) {
                struct breakpoint *b = *p;

                if (b->internal || !b->spec) {
                        *p = b->next;
                        if (!b->internal)
                                t->count--;
                        bp_free(b);
                        continue;
                }
                b->pending = true;
                b->addr = 0;
                b->armed = b->held = false;
                b->overs = 0;
                pending = true;
                p = &b->next;
        }
        t->n_gone = 0;
        return pending;
}

struct breakpoint *bp_find_addr(const struct bp_table *t, uint64_t addr)
{
        for (struct breakpoint *b = t->list; b; b = b->next)
                if (b->addr == addr && !b->pending)
                        return b;
        return NULL;
}

struct breakpoint *bp_find_id(const struct bp_table *t, int id)
{
        for (struct breakpoint *b = t->list; b; b = b->next)
                if (b->id == id && !b->internal)
                        return b;
        return NULL;
}

static int write_byte(const struct bp_mem *m, uint64_t addr, uint8_t v)
{
        ssize_t n = tracee_mem_write(m->pid, m->memfd, addr, &v, 1);

        if (n == 1)
                return 0;
        return n < 0 ? (int)n : -EIO;
}

int bp_arm(const struct bp_mem *m, struct breakpoint *b)
{
        int r;

        if (b->armed || (b->disabled && !b->lent && !b->solib))
                return 0;
        if (m->hold && *m->hold) {
                b->held = true;
                return 0;
        }
        r = write_byte(m, b->addr, INT3);
        if (r == 0)
                b->armed = true;
        return r;
}

int bp_disarm(const struct bp_mem *m, struct breakpoint *b)
{
        int r;

        b->held = false;
        if (!b->armed)
                return 0;
        r = write_byte(m, b->addr, b->orig);
        if (r == 0)
                b->armed = false;
        return r;
}

int bp_set_enabled(const struct bp_mem *m, struct breakpoint *b, bool on)
{
        b->disabled = !on;
        if (!on) /* (still armed for dbgd's own stop there, if any) */
                return b->lent || b->solib ? 0 : bp_disarm(m, b);
        if (b->pending || b->overs > 0) /* armed when placed, or when the steps end */
                return 0;
        return bp_arm(m, b);
}

int bp_step_begin(const struct bp_mem *m, struct breakpoint *b)
{
        int r = bp_disarm(m, b);

        if (r == 0)
                b->overs++;
        return r;
}

void bp_step_end(const struct bp_mem *m, struct breakpoint *b)
{
        if (b->overs > 0 && --b->overs == 0)
                bp_arm(m, b);
}

bool bp_trapped(const struct breakpoint *b)
{
        return b->armed || b->overs > 0;
}

bool bp_program_int3(const struct breakpoint *b)
{
        return b->orig == INT3;
}

int bp_insert(struct bp_table *t, const struct bp_mem *m, uint64_t addr, bool temporary,
              bool internal, struct breakpoint **ret)
{
        struct breakpoint *b = bp_find_addr(t, addr);
        uint8_t orig;
        int r;

        if (b) {
                if (b->internal && !internal) { /* a user's breakpoint takes it over */
                        b->internal = false;
                        b->temporary = temporary;
                        b->id = t->next_id++;
                        t->count++;
                }
                *ret = b;
                return 0;
        }
        if (tracee_mem_read(m->pid, addr, &orig, 1) != 1)
                return -ERR_MEMORY;
        b = calloc(1, sizeof(*b));
        if (!b)
                return -ENOMEM;
        b->addr = addr;
        b->orig = orig;
        b->temporary = temporary;
        b->internal = internal;
        r = bp_arm(m, b);
        if (r < 0) {
                free(b);
                return -ERR_MEMORY;
        }
        b->id = internal ? 0 : t->next_id++;
        b->next = t->list;
        t->list = b;
        if (!internal)
                t->count++;
        *ret = b;
        return 0;
}

int bp_insert_pending(struct bp_table *t, const char *spec, bool temporary,
                      struct breakpoint **ret)
{
        struct breakpoint *b = calloc(1, sizeof(*b));

        if (!b || !(b->spec = strdup(spec))) {
                free(b);
                return -ENOMEM;
        }
        b->pending = true;
        b->temporary = temporary;
        b->id = t->next_id++;
        b->next = t->list;
        t->list = b;
        t->count++;
        *ret = b;
        return 0;
}

int bp_place_pending(struct bp_table *t, const struct bp_mem *m, struct breakpoint *b,
                     uint64_t addr)
{
        uint8_t orig;

        if (bp_find_addr(t, addr))
                return -EEXIST;
        if (tracee_mem_read(m->pid, addr, &orig, 1) != 1)
                return -ERR_MEMORY;
        b->addr = addr;
        b->orig = orig;
        if (bp_arm(m, b) < 0) {
                b->addr = 0;
                return -ERR_MEMORY;
        }
        b->pending = false;
        return 0;
}

int bp_remove(struct bp_table *t, const struct bp_mem *m, struct breakpoint *b)
{
        int r = bp_disarm(m, b);

        for (struct breakpoint **p = &t->list; *p; p = &(*p)->next) {
                if (*p == b) {
                        *p = b->next;
                        break;
                }
        }
        if (!b->internal)
                t->count--;
        if (!b->pending)
                t->gone[t->n_gone++ % BP_GONE_MAX] = b->addr;
        bp_free(b);
        return r;
}

int bp_remove_hit(struct bp_table *t, const struct bp_mem *m, struct breakpoint *b)
{
        int group = b->group;
        int r = bp_remove(t, m, b);
        struct breakpoint *o = t->list;

        while (group && o) {
                struct breakpoint *next = o->next;

                if (o->group == group && o->temporary && !o->internal)
                        bp_remove(t, m, o); /* (o's own error: o is gone either way) */
                o = next;
        }
        return r;
}

bool bp_moribund(const struct bp_table *t, uint64_t addr)
{
        for (unsigned i = 0; i < BP_GONE_MAX && i < t->n_gone; i++)
                if (t->gone[i] == addr)
                        return true;
        return false;
}

void bp_shadow(const struct bp_table *t, uint64_t addr, uint8_t *buf, size_t len)
{
        for (struct breakpoint *b = t->list; b; b = b->next)
                if (b->armed && b->addr >= addr && b->addr - addr < len)
                        buf[b->addr - addr] = b->orig;
}

void bp_poke(const struct bp_table *t, uint64_t addr, uint8_t *buf, size_t len)
{
        for (struct breakpoint *b = t->list; b; b = b->next) {
                if (b->addr >= addr && b->addr - addr < len) {
                        b->orig = buf[b->addr - addr];
                        if (b->armed)
                                buf[b->addr - addr] = INT3;
                }
        }
}
