/* program.c — symbols, source lines, the memory map and stack unwinding of a traced
 * process, through elfutils' libdwfl (see program.h).
 *
 * The module list comes from /proc/PID/maps (dwfl_linux_proc_report). It is read on the
 * first lookup and again only when the process has run since and a lookup misses, or a
 * name lookup needs every module: a stop annotation in known code costs a module search
 * and a binary search in a sorted symbol table, no file or /proc access. libdwfl keeps
 * the ELF files of modules that are reported again, so a re-read is cheap too.
 *
 * Unwinding attaches libdwfl to the process once per image with
 * assume_ptrace_stopped = true: dbgd is the tracer and the process is stopped, so
 * libdwfl only reads registers (PTRACE_GETREGS) and memory (PTRACE_PEEKDATA) from this,
 * the tracer, thread. */
#include "program.h"

#include "disasm.h"
#include "errors.h"
#include "jrpc.h"
#include "ptrace.h"
#include "regs.h"

#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct program {
        pid_t pid;
        Dwfl *dwfl;             /* NULL until the first lookup, and after invalidate */
        bool attached;          /* dwfl_linux_proc_attach done on this dwfl */
        bool stale;             /* the process ran since the module list was read */
        char exe[PATH_MAX];     /* /proc/PID/exe at the last report ("" unknown) */
        json_t *crash;          /* snapshot at the last fatal signal stop, or NULL */
};

/* Local debug info only (build-id under /usr/lib/debug, .gnu_debuglink): libdwfl's
 * default path. A debuginfod download would block the event loop for seconds, so dbgd's
 * environment should not set DEBUGINFOD_URLS (docs/api.md says so). */
static char *debuginfo_path;

static const Dwfl_Callbacks proc_callbacks = {
        .find_elf = dwfl_linux_proc_find_elf,
        .find_debuginfo = dwfl_standard_find_debuginfo,
        .debuginfo_path = &debuginfo_path,
};

struct program *program_new(pid_t pid)
{
        struct program *p = calloc(1, sizeof(*p));

        if (p)
                p->pid = pid;
        return p;
}

void program_invalidate(struct program *p)
{
        if (!p)
                return;
        if (p->dwfl)
                dwfl_end(p->dwfl);
        p->dwfl = NULL;
        p->attached = false;
        p->stale = false;
        p->exe[0] = '\0';
}

void program_free(struct program *p)
{
        if (!p)
                return;
        program_invalidate(p);
        json_decref(p->crash);
        free(p);
}

void program_ran(struct program *p)
{
        if (p)
                p->stale = true;
}

json_t *program_crash(struct program *p)
{
        return p ? p->crash : NULL;
}

/* ---- the module list -------------------------------------------------------------- */

/* (Re)read the module list from /proc/PID/maps. Returns 0 or -errno. */
static int report(struct program *p)
{
        char link[64];
        ssize_t n;
        int r;

        if (!p->dwfl) {
                p->dwfl = dwfl_begin(&proc_callbacks);
                if (!p->dwfl)
                        return -ENOMEM;
                p->attached = false;
        }
        dwfl_report_begin(p->dwfl);
        r = dwfl_linux_proc_report(p->dwfl, p->pid);
        if (dwfl_report_end(p->dwfl, NULL, NULL) != 0 && r == 0)
                r = -1;
        if (r != 0) {
                /* > 0 an errno (the process is gone: ENOENT), < 0 a libdwfl error */
                program_invalidate(p);
                return r > 0 ? -r : -EIO;
        }
        p->stale = false;
        snprintf(link, sizeof(link), "/proc/%d/exe", (int)p->pid);
        n = readlink(link, p->exe, sizeof(p->exe) - 1);
        p->exe[n > 0 ? n : 0] = '\0';
        return 0;
}

/* A module list that is there (reading it if needed); fresh when `fresh`. */
static int ensure(struct program *p, bool fresh)
{
        if (!p->dwfl || (fresh && p->stale))
                return report(p);
        return 0;
}

/* The module of addr: from the list as it is, then from a fresh one when it has gone
 * stale (a library mapped since). */
static Dwfl_Module *module_at(struct program *p, uint64_t addr)
{
        Dwfl_Module *m;

        if (ensure(p, false) < 0)
                return NULL;
        m = dwfl_addrmodule(p->dwfl, addr);
        if (m || !p->stale)
                return m;
        if (report(p) < 0)
                return NULL;
        return dwfl_addrmodule(p->dwfl, addr);
}

static const char *module_name(Dwfl_Module *m)
{
        const char *name = dwfl_module_info(m, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

        return name ? name : "";
}

static const char *base_name(const char *path)
{
        const char *s = strrchr(path, '/');

        return s ? s + 1 : path;
}

/* "libc.so.6", "libc" and the full path all name /usr/lib/x86_64-linux-gnu/libc.so.6. */
static bool module_matches(Dwfl_Module *m, const char *want, size_t len)
{
        const char *name = module_name(m), *base = base_name(name);

        if (strlen(name) == len && strncmp(name, want, len) == 0)
                return true;
        if (strncmp(base, want, len) != 0)
                return false;
        return base[len] == '\0' || base[len] == '.' || base[len] == '-';
}

static bool module_is_exe(struct program *p, Dwfl_Module *m)
{
        return p->exe[0] && strcmp(module_name(m), p->exe) == 0;
}

struct module_list {
        Dwfl_Module **v;
        size_t n, cap;
};

static int collect_module(Dwfl_Module *m, void **userdata, const char *name, Dwarf_Addr start,
                          void *arg)
{
        struct module_list *l = arg;

        if (l->n == l->cap) {
                size_t cap = l->cap ? l->cap * 2 : 16;
                Dwfl_Module **v = realloc(l->v, cap * sizeof(*v));

                if (!v)
                        return DWARF_CB_ABORT;
                l->v = v;
                l->cap = cap;
        }
        l->v[l->n++] = m;
        return DWARF_CB_OK;
}

/* Every module, the executable first, the others by load address. */
static int modules(struct program *p, struct module_list *l)
{
        int r = ensure(p, true);

        *l = (struct module_list){ 0 };
        if (r < 0)
                return r;
        if (dwfl_getmodules(p->dwfl, collect_module, l, 0) != 0) {
                free(l->v);
                return -ENOMEM;
        }
        for (size_t i = 0; i < l->n; i++) {
                Dwarf_Addr lo_i, lo_j;

                for (size_t j = i + 1; j < l->n; j++) {
                        bool swap;

                        dwfl_module_info(l->v[i], NULL, &lo_i, NULL, NULL, NULL, NULL, NULL);
                        dwfl_module_info(l->v[j], NULL, &lo_j, NULL, NULL, NULL, NULL, NULL);
                        swap = module_is_exe(p, l->v[j]) ||
                               (!module_is_exe(p, l->v[i]) && lo_j < lo_i);
                        if (swap) {
                                Dwfl_Module *t = l->v[i];
                                l->v[i] = l->v[j];
                                l->v[j] = t;
                        }
                }
        }
        return 0;
}

/* ---- symbols ------------------------------------------------------------------------ */

static const char *sym_type(const GElf_Sym *s)
{
        switch (GELF_ST_TYPE(s->st_info)) {
        case STT_FUNC:
                return "func";
        case STT_GNU_IFUNC:
                return "ifunc";
        case STT_OBJECT:
                return "object";
        case STT_TLS:
                return "tls";
        case STT_NOTYPE:
                return "notype";
        default:
                return "other";
        }
}

static const char *sym_binding(const GElf_Sym *s)
{
        switch (GELF_ST_BIND(s->st_info)) {
        case STB_GLOBAL:
                return "global";
        case STB_WEAK:
                return "weak";
        case STB_LOCAL:
                return "local";
        default:
                return "other";
        }
}

static bool sym_is_code(const GElf_Sym *s)
{
        int t = GELF_ST_TYPE(s->st_info);

        return t == STT_FUNC || t == STT_GNU_IFUNC;
}

/* Symbols worth naming: defined, not sections or files. */
static bool sym_useful(const GElf_Sym *s, const char *name)
{
        int t = GELF_ST_TYPE(s->st_info);

        return name && *name && s->st_shndx != SHN_UNDEF && t != STT_SECTION && t != STT_FILE;
}

static void add_source(Dwfl_Module *m, uint64_t addr, json_t *obj)
{
        Dwfl_Line *line = dwfl_module_getsrc(m, addr);
        const char *file;
        int lineno = 0;

        if (!line)
                return;
        file = dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL);
        if (file && lineno > 0)
                json_object_set_new(obj, "source",
                                    json_pack("{s:s,s:i}", "file", file, "line", lineno));
}

static json_t *sym_json(Dwfl_Module *m, const char *name, const GElf_Sym *s, uint64_t addr)
{
        return json_pack("{s:s,s:o,s:I,s:s,s:s,s:s}", "name", name, "address", jrpc_addr(addr),
                         "size", (json_int_t)s->st_size, "type", sym_type(s), "binding",
                         sym_binding(s), "module", module_name(m));
}

static void format_symbol(char *buf, size_t len, const char *name, uint64_t off)
{
        if (off)
                snprintf(buf, len, "%s+0x%" PRIx64, name, off);
        else
                snprintf(buf, len, "%s", name);
}

void program_annotate(struct program *p, uint64_t addr, bool is_return, json_t *obj)
{
        uint64_t look = is_return && addr ? addr - 1 : addr;
        Dwfl_Module *m = module_at(p, look);
        const char *name;
        GElf_Off off = 0;
        GElf_Sym sym;
        char buf[512];

        if (!m)
                return;
        name = dwfl_module_addrinfo(m, look, &off, &sym, NULL, NULL, NULL);
        if (name && *name) {
                format_symbol(buf, sizeof(buf), name, off + (look != addr));
                json_object_set_new(obj, "symbol", json_string(buf));
        }
        add_source(m, look, obj);
}

int program_symbol_at(struct program *p, uint64_t addr, json_t **ret)
{
        Dwfl_Module *m = module_at(p, addr);
        Dwarf_Addr lo = 0;
        const char *name;
        GElf_Off off = 0;
        GElf_Sym sym;
        json_t *o;
        char buf[512];

        if (!m)
                return -ERR_NO_SYMBOL;
        name = dwfl_module_addrinfo(m, addr, &off, &sym, NULL, NULL, NULL);
        if (!name || !*name) {
                dwfl_module_info(m, NULL, &lo, NULL, NULL, NULL, NULL, NULL);
                o = json_pack("{s:s,s:I}", "module", module_name(m), "offset",
                              (json_int_t)(addr - lo));
        } else {
                o = sym_json(m, name, &sym, addr - off);
                format_symbol(buf, sizeof(buf), name, off);
                json_object_set_new(o, "offset", json_integer((json_int_t)off));
                json_object_set_new(o, "symbol", json_string(buf));
        }
        if (!o)
                return -ENOMEM;
        add_source(m, addr, o);
        *ret = o;
        return 0;
}

int program_function_at(struct program *p, uint64_t addr, uint64_t *ret_start,
                        uint64_t *ret_size, const char **ret_name)
{
        Dwfl_Module *m = module_at(p, addr);
        const char *name;
        GElf_Off off = 0;
        GElf_Sym sym;

        if (!m)
                return -ERR_NO_SYMBOL;
        name = dwfl_module_addrinfo(m, addr, &off, &sym, NULL, NULL, NULL);
        if (!name || !sym_is_code(&sym) || sym.st_size == 0 || off >= sym.st_size)
                return -ERR_NO_SYMBOL;
        *ret_start = addr - off;
        *ret_size = sym.st_size;
        *ret_name = name;
        return 0;
}

/* "module:name": the module part ends at the first ':' that is not part of "::". */
static const char *split_module(const char *spec, size_t *ret_len)
{
        for (const char *c = spec; *c; c++) {
                if (c[0] == ':' && c[1] == ':') {
                        c++;
                        continue;
                }
                if (c[0] == ':' && c > spec) {
                        *ret_len = (size_t)(c - spec);
                        return c + 1;
                }
        }
        return NULL;
}

/* Rank of a match for `break`: code before data, global before weak before local. */
static int sym_rank(const GElf_Sym *s)
{
        int b = GELF_ST_BIND(s->st_info);

        return (sym_is_code(s) ? 0 : 4) + (b == STB_GLOBAL ? 0 : b == STB_WEAK ? 1 : 2);
}

struct sym_match {
        Dwfl_Module *mod;
        GElf_Sym sym;
        uint64_t addr;
        const char *name;
};

/* The best definition of name in the modules matching (mod, modlen) (all when mod is
 * NULL), the executable first. Returns 0 or -ERR_NO_SYMBOL / -errno. */
static int find_symbol(struct program *p, const char *mod, size_t modlen, const char *name,
                       struct sym_match *ret)
{
        struct module_list l;
        bool found = false, any_module = false;
        int best = INT32_MAX, r;

        r = modules(p, &l);
        if (r < 0)
                return r;
        for (size_t i = 0; i < l.n && !found; i++) {
                Dwfl_Module *m = l.v[i];
                int n;

                if (mod && !module_matches(m, mod, modlen))
                        continue;
                any_module = true;
                n = dwfl_module_getsymtab(m);
                for (int k = 1; k < n; k++) {
                        GElf_Sym s;
                        GElf_Addr a;
                        const char *nm = dwfl_module_getsym_info(m, k, &s, &a, NULL, NULL, NULL);

                        if (!sym_useful(&s, nm) || strcmp(nm, name) != 0)
                                continue;
                        if (sym_rank(&s) < best) {
                                best = sym_rank(&s);
                                *ret = (struct sym_match){ m, s, a, nm };
                        }
                }
                /* A definition in an earlier module (the executable) wins. */
                found = best != INT32_MAX;
        }
        free(l.v);
        if (!found)
                return mod && !any_module ? -ENOENT : -ERR_NO_SYMBOL;
        return 0;
}

int program_resolve(struct program *p, const char *spec, uint64_t *ret_addr, char *why,
                    size_t whylen)
{
        char name[512];
        const char *mod = NULL, *sym = spec, *plus;
        size_t modlen = 0, len;
        uint64_t off = 0;
        struct sym_match m;
        int r;

        const char *rest = split_module(spec, &modlen);
        if (rest) {
                mod = spec;
                sym = rest;
        }
        plus = strrchr(sym, '+');
        len = plus && plus > sym ? (size_t)(plus - sym) : strlen(sym);
        if (plus && plus > sym) {
                char *end;

                errno = 0;
                off = strtoull(plus + 1, &end, 0);
                if (errno || end == plus + 1 || *end || plus[1] == '-') {
                        snprintf(why, whylen, "bad offset in \"%s\": expected +0x... or +N",
                                 spec);
                        return -ERR_NO_SYMBOL;
                }
        }
        if (len == 0 || len >= sizeof(name)) {
                snprintf(why, whylen, "bad symbol \"%s\"", spec);
                return -ERR_NO_SYMBOL;
        }
        memcpy(name, sym, len);
        name[len] = '\0';
        r = find_symbol(p, mod, modlen, name, &m);
        if (r == -ENOENT) {
                snprintf(why, whylen, "no loaded module is named \"%.*s\"", (int)modlen, mod);
                return -ERR_NO_SYMBOL;
        }
        if (r == -ERR_NO_SYMBOL) {
                if (mod)
                        snprintf(why, whylen, "no symbol \"%s\" in %.*s", name, (int)modlen,
                                 mod);
                else
                        snprintf(why, whylen, "no symbol \"%s\" in the program or its loaded "
                                              "libraries", name);
                return r;
        }
        if (r < 0) {
                snprintf(why, whylen, "cannot read the program's modules: %s", strerror(-r));
                return r;
        }
        *ret_addr = m.addr + off;
        return 0;
}

int program_symbols_by_name(struct program *p, const char *pattern, size_t limit,
                            json_t **ret_list)
{
        const char *mod = NULL, *pat = pattern;
        size_t modlen = 0;
        struct module_list l;
        bool glob;
        json_t *list;
        int r;

        const char *rest = split_module(pattern, &modlen);
        if (rest) {
                mod = pattern;
                pat = rest;
        }
        glob = strpbrk(pat, "*?[") != NULL;
        r = modules(p, &l);
        if (r < 0)
                return r;
        list = json_array();
        for (size_t i = 0; i < l.n && json_array_size(list) < limit; i++) {
                Dwfl_Module *m = l.v[i];
                int n;

                if (mod && !module_matches(m, mod, modlen))
                        continue;
                n = dwfl_module_getsymtab(m);
                for (int k = 1; k < n && json_array_size(list) < limit; k++) {
                        GElf_Sym s;
                        GElf_Addr a;
                        const char *nm = dwfl_module_getsym_info(m, k, &s, &a, NULL, NULL, NULL);
                        json_t *o;

                        if (!sym_useful(&s, nm))
                                continue;
                        if (glob ? fnmatch(pat, nm, 0) != 0 : strcmp(pat, nm) != 0)
                                continue;
                        o = sym_json(m, nm, &s, a);
                        if (sym_is_code(&s))
                                add_source(m, a, o);
                        json_array_append_new(list, o);
                }
        }
        free(l.v);
        *ret_list = list;
        return 0;
}

/* ---- unwinding ---------------------------------------------------------------------- */

struct unwind {
        struct program *p;
        json_t *frames;
        size_t max;
};

static int frame_cb(Dwfl_Frame *state, void *arg)
{
        struct unwind *u = arg;
        Dwarf_Addr pc;
        bool activation = false;
        size_t i = json_array_size(u->frames);
        Dwfl_Module *m;
        json_t *f;

        if (!dwfl_frame_pc(state, &pc, &activation))
                return DWARF_CB_ABORT;
        f = json_pack("{s:I,s:o}", "index", (json_int_t)i, "pc", jrpc_addr(pc));
        if (!f)
                return DWARF_CB_ABORT;
        /* A caller's pc is a return address: name and place the call, at pc - 1. */
        program_annotate(u->p, pc, !activation, f);
        m = dwfl_addrmodule(u->p->dwfl, activation ? pc : pc - 1);
        if (m) {
                GElf_Off off;
                GElf_Sym sym;
                const char *fn = dwfl_module_addrinfo(m, activation ? pc : pc - 1, &off, &sym,
                                                      NULL, NULL, NULL);
                if (fn && *fn)
                        json_object_set_new(f, "function", json_string(fn));
                json_object_set_new(f, "module", json_string(module_name(m)));
        }
        if (activation && i > 0)
                json_object_set_new(f, "interrupted", json_true());
        json_array_append_new(u->frames, f);
        return json_array_size(u->frames) >= u->max ? DWARF_CB_ABORT : DWARF_CB_OK;
}

int program_backtrace(struct program *p, size_t max_frames, json_t **ret_frames,
                      json_t **ret_error)
{
        struct unwind u = { .p = p, .max = max_frames };
        int r;

        r = ensure(p, true);
        if (r < 0)
                return r;
        if (!p->attached) {
                r = dwfl_linux_proc_attach(p->dwfl, p->pid, true);
                if (r != 0)
                        return r > 0 ? -r : -EIO;
                p->attached = true;
        }
        u.frames = json_array();
        if (!u.frames)
                return -ENOMEM;
        *ret_error = NULL;
        r = dwfl_getthread_frames(p->dwfl, p->pid, frame_cb, &u);
        if (r != 0 && json_array_size(u.frames) < max_frames) {
                int e = dwfl_errno();

                /* The outermost frame ends the walk with an error too (no CFI beyond
                 * _start): only an early stop is worth saying. */
                if (e && json_array_size(u.frames) <= 1)
                        *ret_error = json_string(dwfl_errmsg(e));
        }
        *ret_frames = u.frames;
        return 0;
}

/* ---- the memory map ----------------------------------------------------------------- */

int program_maps(pid_t pid, json_t **ret_maps)
{
        char path[64], *line = NULL;
        size_t cap = 0;
        json_t *list;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
        f = fopen(path, "re");
        if (!f)
                return -errno;
        list = json_array();
        while (getline(&line, &cap, f) > 0) {
                unsigned long long start, end, offset, inode;
                char perms[8], dev[16];
                int name_at = 0;
                json_t *o;

                if (sscanf(line, "%llx-%llx %7s %llx %15s %llu %n", &start, &end, perms, &offset,
                           dev, &inode, &name_at) < 6)
                        continue;
                line[strcspn(line, "\n")] = '\0';
                o = json_pack("{s:o,s:o,s:s,s:o,s:s,s:I,s:s}", "start", jrpc_addr(start), "end",
                              jrpc_addr(end), "perms", perms, "offset", jrpc_addr(offset), "dev",
                              dev, "inode", (json_int_t)inode, "path",
                              name_at > 0 ? line + name_at : "");
                /* A path with invalid UTF-8 makes json_pack fail: keep the range. */
                if (!o)
                        o = json_pack("{s:o,s:o,s:s,s:o,s:s,s:I,s:s}", "start",
                                      jrpc_addr(start), "end", jrpc_addr(end), "perms", perms,
                                      "offset", jrpc_addr(offset), "dev", dev, "inode",
                                      (json_int_t)inode, "path", "(not UTF-8)");
                json_array_append_new(list, o);
        }
        free(line);
        fclose(f);
        *ret_maps = list;
        return 0;
}

/* ---- stops and snapshots ------------------------------------------------------------ */

#define SNAPSHOT_FRAMES 64
#define SNAPSHOT_INSN_BEFORE 8
#define SNAPSHOT_INSN_AFTER 8

static void annotate_stop(struct program *p, json_t *stop)
{
        uint64_t pc;

        json_object_del(stop, "symbol");
        json_object_del(stop, "source");
        if (jrpc_addr_parse(json_object_get(stop, "pc"), &pc) == 0)
                program_annotate(p, pc, false, stop);
}

/* Signals whose default action ends the process (signal(7): Term and Core). */
static bool fatal_by_default(int sig)
{
        switch (sig) {
        case SIGCHLD:
        case SIGCONT:
        case SIGURG:
        case SIGWINCH:
        case SIGSTOP:
        case SIGTSTP:
        case SIGTTIN:
        case SIGTTOU:
                return false;
        }
        return sig > 0 && sig < 65;
}

void program_on_stop(struct program *p, json_t *stop, const struct bp_table *bps)
{
        const char *reason = json_string_value(json_object_get(stop, "reason"));
        json_t *sig = json_object_get(stop, "signal");

        if (!p || !stop)
                return;
        if (reason && strcmp(reason, "exec") == 0)
                program_invalidate(p);
        else
                program_ran(p);
        annotate_stop(p, stop);
        if (reason && strcmp(reason, "signal") == 0 && !json_object_get(sig, "group_stop") &&
            fatal_by_default((int)json_integer_value(json_object_get(sig, "number")))) {
                json_decref(p->crash);
                p->crash = program_snapshot(p, stop, bps);
        }
}

void program_on_pc_change(struct program *p, json_t *stop)
{
        if (p && stop)
                annotate_stop(p, stop);
}

json_t *program_snapshot(struct program *p, json_t *stop, const struct bp_table *bps)
{
        struct code_mem m = { .pid = p->pid, .bps = bps };
        struct user_regs_struct regs;
        json_t *o = json_object(), *v = NULL, *err = NULL;

        if (!o)
                return NULL;
        json_object_set(o, "stop", stop);
        if (ptrace_getregs(p->pid, &regs) == 0) {
                json_t *r = json_object();

                for (const struct regs_name *n = regs_names; n->name; n++)
                        json_object_set_new(r, n->name, jrpc_addr(regs_get(&regs, n)));
                json_object_set_new(o, "registers", r);
                if (disasm_around(&m, p, regs.rip, SNAPSHOT_INSN_BEFORE, SNAPSHOT_INSN_AFTER,
                                  &v) == 0)
                        json_object_set_new(o, "disassembly", v);
        }
        if (program_backtrace(p, SNAPSHOT_FRAMES, &v, &err) == 0) {
                json_object_set_new(o, "backtrace", v);
                if (err)
                        json_object_set_new(o, "backtrace_error", err);
        }
        if (program_maps(p->pid, &v) == 0)
                json_object_set_new(o, "maps", v);
        return o;
}
