/* program.c — symbols, source lines, the memory map and stack unwinding of a traced
 * process, through elfutils' libdwfl (see program.h).
 *
 * Two levels, so that a session costs almost nothing until it is asked something:
 *
 * - A process-wide cache of symbol files: one offline Dwfl per ELF file, its module
 *   reported at bias 0 (link-time addresses), keyed by the file's (st_dev, st_ino,
 *   mtime, size). Every session that maps the same file (ld.so, libc, the same
 *   executable) shares it; libdwfl loads its symbol table and line tables on the first
 *   lookup, once for the daemon. A file is held by the sessions that map it (refs); an
 *   unreferenced one stays cached, least recently released first out, up to
 *   CACHE_IDLE_MAX, and everything is freed by program_cache_free.
 * - Per session, only the table of its file mappings (name, range, load bias, the
 *   shared file) read from /proc/PID/maps: on the first lookup, again when an address
 *   falls outside every known module or a name lookup needs every module and the
 *   process has run since (a library may have been loaded), and from scratch after an
 *   exec. An address is looked up as (file, addr - bias).
 *
 * Unwinding needs libdwfl attached to the process (dwfl_linux_proc_attach with
 * assume_ptrace_stopped = true: dbgd is the tracer and the process is stopped, so libdwfl
 * only reads registers and memory with ptrace from this, the tracer, thread). That Dwfl
 * is built for one backtrace and ended right after it, so no idle session holds one.
 *
 * Debug info is found locally only: DEBUGINFOD_URLS is hidden from libdwfl while it
 * looks, since a download would block the engine thread. */
#include "program.h"

#include "cexpr.h"
#include "disasm.h"
#include "dwexpr.h"
#include "dwlocal.h"
#include "errors.h"
#include "infcall.h"
#include "jrpc.h"
#include "ptrace.h"
#include "regs.h"
#include "stop.h"
#include "tracee.h"

#include <assert.h>
#include <ctype.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <unistd.h>

#define CACHE_IDLE_MAX 32       /* symbol files kept while no session maps them */
#define MEMO_SLOTS 64           /* remembered address lookups per symbol file */

/* One dwfl_module_addrinfo answer: libdwfl scans the whole symbol table for each
 * address, and stops come back to the same pcs (the exec stop at ld.so's entry, the
 * breakpoints), so each file remembers its last answers. */
struct addr_memo {
        uint64_t addr;                  /* link-time address asked */
        const char *name;               /* the answer (libdwfl's string), or NULL */
        GElf_Off off;
        GElf_Sym sym;
        bool valid;
};

/* One ELF file's symbols and lines, shared by every session that maps it. */
struct symfile {
        struct symfile *next, *prev;    /* the cache, most recently used first */
        dev_t dev;
        ino_t ino;
        struct timespec mtime;
        off_t size;
        Dwfl *dwfl;                     /* NULL: not an ELF file (a locale archive...) */
        Dwfl_Module *mod;               /* its one module, at bias 0 */
        uint64_t vaddr;                 /* first PT_LOAD's page: maps' low - vaddr = bias */
        unsigned refs;                  /* session modules using it */
        struct addr_memo *memo;         /* MEMO_SLOTS, allocated on the first lookup */
        /* Its DWARF's units, for a file without .debug_aranges (module_addrdie) */
        Dwarf_Die *cus;
        size_t n_cus;
        bool cus_read;
        /* The names its line tables' file tables give (program_file_source_names) */
        char **srcnames;
        size_t n_srcnames;
        bool srcnames_read, srcnames_dwarf;
};

/* One module of a session: a file mapped at [low, high), the vDSO included. */
struct module {
        uint64_t low, high, bias;
        dev_t map_dev;                  /* as /proc/PID/maps says, to reuse on re-read */
        ino_t map_ino;
        struct symfile *file;           /* a reference, or NULL: nothing known */
        char *name;                     /* the path, or "[vdso: PID]" */
};

struct program {
        pid_t pid;
        struct module *mods;            /* by address */
        size_t n_mods;
        bool loaded;                    /* mods read since the last exec */
        uint64_t entry_lo, entry_hi;    /* the entry point's function (entry_fn) */
        bool entry_known;
        bool stale;                     /* the process ran since mods were read */
        json_t *crash;                  /* snapshot at the last fatal signal stop, or NULL */
        bool crash_threads_due;         /* crash was just taken: the other threads' stacks
                                         * are added once they have stopped */
        char *exec_hint;                /* program_exec_hint, for the next exec stop */
        size_t inline_hidden;           /* program_set_inline_hidden */
        struct program_calls *calls;    /* program_set_calls: print's calls, or NULL */
};

static struct symfile *cache;           /* every file, most recently used first */
static size_t cache_idle;               /* of them with refs == 0 */
static struct symfile *vdso_file;       /* dbgd's own vDSO: the kernel's, as the tracee's */

/* ---- debug info, locally ------------------------------------------------------------ */

static const Dwfl_Callbacks proc_callbacks = {
        .find_elf = dwfl_linux_proc_find_elf,
        .find_debuginfo = dwlocal_find_debuginfo, /* never a debuginfod server */
        .debuginfo_path = &dwlocal_debuginfo_path,
};

/* ---- the shared symbol files -------------------------------------------------------- */

static void cache_unlink(struct symfile *f)
{
        if (f->prev)
                f->prev->next = f->next;
        else
                cache = f->next;
        if (f->next)
                f->next->prev = f->prev;
        f->next = f->prev = NULL;
}

static void cache_push(struct symfile *f)
{
        f->prev = NULL;
        f->next = cache;
        if (cache)
                cache->prev = f;
        cache = f;
}

static void scope_memo_clear(void);

static void symfile_free(struct symfile *f)
{
        if (!f)
                return;
        if (f->dwfl) {
                scope_memo_clear(); /* its Dwarf's address may be a new file's next */
                dwfl_end(f->dwfl); /* closes the module's file descriptors */
        }
        free(f->memo);
        free(f->cus);
        for (size_t i = 0; i < f->n_srcnames; i++)
                free(f->srcnames[i]);
        free(f->srcnames);
        free(f);
}

/* The first program header of type `type` in f's ELF file. */
static bool symfile_phdr(const struct symfile *f, uint32_t type, GElf_Phdr *ret)
{
        Dwarf_Addr bias;
        Elf *elf = dwfl_module_getelf(f->mod, &bias);
        size_t phnum = 0;

        if (!elf || elf_getphdrnum(elf, &phnum) != 0)
                return false;
        for (size_t i = 0; i < phnum; i++)
                if (gelf_getphdr(elf, (int)i, ret) && ret->p_type == type)
                        return true;
        return false;
}

/* Report the ELF file open as fd (stolen) at bias 0. Leaves f->dwfl NULL when the file
 * is not ELF or libdwfl cannot read it. */
static void symfile_open(struct symfile *f, const char *name, int fd)
{
        GElf_Phdr ph;

        f->dwfl = dwlocal_offline();
        if (!f->dwfl) {
                close(fd);
                return;
        }
        dwfl_report_begin(f->dwfl);
        f->mod = dwfl_report_elf(f->dwfl, name, name, fd, 0, true);
        dwfl_report_end(f->dwfl, NULL, NULL);
        if (!f->mod) {
                close(fd); /* libdwfl owns fd only when it reported the module */
                goto fail;
        }
        if (symfile_phdr(f, PT_LOAD, &ph)) {
                /* As libdwfl places a process's module: low - this = bias. */
                f->vaddr = ph.p_vaddr & -(ph.p_align ? ph.p_align : 1);
                return;
        }
fail:
        dwfl_end(f->dwfl);
        f->dwfl = NULL;
        f->mod = NULL;
}

/* Drop the least recently released files beyond CACHE_IDLE_MAX. */
static void cache_trim(void)
{
        struct symfile *f = cache, *last = NULL;

        while (f) {
                last = f;
                f = f->next;
        }
        for (f = last; f && cache_idle > CACHE_IDLE_MAX;) {
                struct symfile *prev = f->prev;

                if (f->refs == 0) {
                        cache_unlink(f);
                        symfile_free(f);
                        cache_idle--;
                }
                f = prev;
        }
}

static struct symfile *symfile_ref(struct symfile *f)
{
        if (f && f->refs++ == 0 && f != vdso_file)
                cache_idle--;
        return f;
}

static void symfile_unref(struct symfile *f)
{
        if (!f || --f->refs > 0 || f == vdso_file)
                return;
        /* Most recently released first: the last to go. */
        cache_unlink(f);
        cache_push(f);
        cache_idle++;
        cache_trim();
}

/* The shared file at path, opened on first use: a new reference, or NULL when the file
 * cannot be opened (gone, replaced by a directory...) or memory is short. */
static struct symfile *symfile_get(const char *path)
{
        struct symfile *f;
        struct stat st;
        int fd;

        if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
                return NULL;
        for (f = cache; f; f = f->next)
                if (f->dev == st.st_dev && f->ino == st.st_ino && f->size == st.st_size &&
                    f->mtime.tv_sec == st.st_mtim.tv_sec &&
                    f->mtime.tv_nsec == st.st_mtim.tv_nsec)
                        return symfile_ref(f);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return NULL;
        f = calloc(1, sizeof(*f));
        if (!f) {
                close(fd);
                return NULL;
        }
        f->dev = st.st_dev;
        f->ino = st.st_ino;
        f->size = st.st_size;
        f->mtime = st.st_mtim;
        symfile_open(f, path, fd);
        cache_push(f);
        cache_idle++;
        return symfile_ref(f);
}

/* The vDSO is the kernel's, the same in every x86-64 process: symbolize the tracee's
 * with dbgd's own image (copied to a memfd, since libdwfl reads files). */
static struct symfile *vdso_get(void)
{
        const Elf64_Ehdr *eh = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
        size_t len;
        int fd;

        if (vdso_file)
                return symfile_ref(vdso_file);
        if (!eh)
                return NULL;
        len = eh->e_shoff + (size_t)eh->e_shnum * eh->e_shentsize;
        fd = memfd_create("dbgd-vdso", MFD_CLOEXEC);
        if (fd < 0)
                return NULL;
        if (write(fd, eh, len) != (ssize_t)len) {
                close(fd);
                return NULL;
        }
        vdso_file = calloc(1, sizeof(*vdso_file));
        if (!vdso_file) {
                close(fd);
                return NULL;
        }
        symfile_open(vdso_file, "[vdso]", fd);
        return symfile_ref(vdso_file);
}

void program_cache_free(void)
{
        while (cache) {
                struct symfile *f = cache;

                cache_unlink(f);
                symfile_free(f);
        }
        cache_idle = 0;
        symfile_free(vdso_file);
        vdso_file = NULL;
        scope_memo_clear();
}

/* ---- a session's modules ------------------------------------------------------------ */

static void mods_clear(struct module *mods, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                symfile_unref(mods[i].file);
                free(mods[i].name);
        }
        free(mods);
}

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
        mods_clear(p->mods, p->n_mods);
        p->mods = NULL;
        p->n_mods = 0;
        p->loaded = false;
        p->stale = false;
        p->entry_known = false;
}

void program_exec_hint(struct program *p, char *path)
{
        if (!p) {
                free(path);
                return;
        }
        free(p->exec_hint);
        p->exec_hint = path && path[0] == '/' ? path : NULL;
        if (!p->exec_hint)
                free(path);
}

void program_free(struct program *p)
{
        if (!p)
                return;
        free(p->exec_hint);
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

/* The module of the old table that is the same mapping, to keep its file reference
 * without a stat. */
static struct module *old_module(struct module *old, size_t n, const struct module *m)
{
        for (size_t i = 0; i < n; i++)
                if (old[i].low == m->low && old[i].map_dev == m->map_dev &&
                    old[i].map_ino == m->map_ino && old[i].name &&
                    strcmp(old[i].name, m->name) == 0)
                        return &old[i];
        return NULL;
}

static int mods_append(struct module **v, size_t *n, size_t *cap, const struct module *m)
{
        if (*n == *cap) {
                size_t c = *cap ? *cap * 2 : 8;
                struct module *nv = realloc(*v, c * sizeof(*nv));

                if (!nv)
                        return -ENOMEM;
                *v = nv;
                *cap = c;
        }
        (*v)[(*n)++] = *m;
        return 0;
}

/* Give module m (the last of v) its file and bias. */
static void module_bind(struct module *m, struct module *old, size_t n_old)
{
        struct module *o = old_module(old, n_old, m);

        if (o) {
                m->file = o->file; /* moved: the old table lets go of it */
                o->file = NULL;
        } else if (m->map_ino == 0) {
                m->file = vdso_get();
        } else {
                m->file = symfile_get(m->name);
        }
        m->bias = m->file && m->file->dwfl ? m->low - m->file->vaddr : 0;
}

/* One line of /proc/PID/maps, "start-end perms offset major:minor inode   name", parsed
 * in place (sscanf costs a microsecond a line, and the exec stop reads them all). */
struct maps_line {
        uint64_t start, end, inode;
        dev_t dev;
        const char *name;
};

static bool parse_maps_line(char *line, struct maps_line *ret)
{
        unsigned long major, minor;
        char *s = line, *e;

        ret->start = strtoull(s, &e, 16);
        if (e == s || *e != '-')
                return false;
        ret->end = strtoull(s = e + 1, &e, 16);
        if (e == s || *e != ' ' || !(s = strchr(e + 1, ' ')))   /* perms */
                return false;
        strtoull(s + 1, &e, 16);                                  /* offset */
        if (*e != ' ')
                return false;
        major = strtoul(s = e + 1, &e, 16);
        if (e == s || *e != ':')
                return false;
        minor = strtoul(s = e + 1, &e, 16);
        if (e == s || *e != ' ')
                return false;
        ret->inode = strtoull(s = e + 1, &e, 10);
        if (e == s)
                return false;
        ret->dev = makedev(major, minor);
        while (*e == ' ')
                e++;
        e[strcspn(e, "\n")] = '\0';
        ret->name = e;
        return true;
}

/* (Re)read the module table from /proc/PID/maps: every file-backed mapping, the
 * consecutive mappings of one file as one module, and the vDSO. Returns 0 or -errno
 * (ENOENT: the process is gone). */
static int report(struct program *p)
{
        char path[64], *line = NULL;
        struct module *v = NULL, cur = { 0 };
        size_t n = 0, cap = 0, lcap = 0;
        bool have = false;
        FILE *f;
        int r = 0;

        snprintf(path, sizeof(path), "/proc/%d/maps", (int)p->pid);
        f = fopen(path, "re");
        if (!f)
                return -errno;
        while (r == 0 && getline(&line, &lcap, f) > 0) {
                struct maps_line l;

                if (!parse_maps_line(line, &l))
                        continue;
                if (l.inode == 0 && strcmp(l.name, "[vdso]") != 0)
                        continue; /* anonymous, [stack], [heap], [vvar]... */
                if (have && l.inode == cur.map_ino && l.dev == cur.map_dev &&
                    strcmp(l.name, cur.name) == 0) {
                        cur.high = l.end; /* the same file's next segment */
                        continue;
                }
                if (have) {
                        r = mods_append(&v, &n, &cap, &cur);
                        if (r < 0)
                                break;
                        have = false;
                }
                cur = (struct module){ .low = l.start, .high = l.end, .map_dev = l.dev,
                                       .map_ino = l.inode };
                if (l.inode == 0) {
                        char vname[32];

                        snprintf(vname, sizeof(vname), "[vdso: %d]", (int)p->pid);
                        cur.name = strdup(vname);
                } else {
                        cur.name = strdup(l.name);
                }
                if (!cur.name)
                        r = -ENOMEM;
                else
                        have = true;
        }
        if (have && r == 0)
                r = mods_append(&v, &n, &cap, &cur);
        else if (have)
                free(cur.name);
        free(line);
        fclose(f);
        if (r == 0 && n == 0)
                r = -ENOENT; /* a process always maps its executable: it is gone */
        if (r < 0) {
                mods_clear(v, n);
                return r;
        }
        for (size_t i = 0; i < n; i++)
                module_bind(&v[i], p->mods, p->n_mods);
        mods_clear(p->mods, p->n_mods);
        p->mods = v;
        p->n_mods = n;
        p->loaded = true;
        p->stale = false;
        return 0;
}

/* A module table that is there (reading it if needed); fresh when `fresh`. */
static int ensure(struct program *p, bool fresh)
{
        if (!p->loaded || (fresh && p->stale))
                return report(p);
        return 0;
}

static struct module *find_module(struct program *p, uint64_t addr)
{
        for (size_t i = 0; i < p->n_mods; i++)
                if (addr >= p->mods[i].low && addr < p->mods[i].high)
                        return &p->mods[i];
        return NULL;
}

/* The module of addr: from the table as it is, then from a fresh one when it has gone
 * stale (a library mapped since). */
static struct module *module_at(struct program *p, uint64_t addr)
{
        struct module *m;

        if (ensure(p, false) < 0)
                return NULL;
        m = find_module(p, addr);
        if (m || !p->stale)
                return m;
        if (report(p) < 0)
                return NULL;
        return find_module(p, addr);
}

/* The shared libdwfl module of m, or NULL when nothing is known of its file. */
static Dwfl_Module *module_dwfl(const struct module *m)
{
        return m->file && m->file->dwfl ? m->file->mod : NULL;
}

/* The units of the DWARF of f's module, read once, when it has no .debug_aranges (clang
 * writes none): libdwfl's address lookups then find no unit, as elfutils 0.188 reads no
 * unit's own ranges. Empty when it has aranges, or no DWARF. */
static void symfile_read_cus(struct symfile *f)
{
        Dwarf_Aranges *ar;
        Dwarf_Off off = 0, next;
        Dwarf_Addr bias;
        size_t hsize, n_ar = 0, cap = 0;
        Dwarf *dw;

        f->cus_read = true;
        dw = dwfl_module_getdwarf(f->mod, &bias);
        if (!dw || (dwarf_getaranges(dw, &ar, &n_ar) == 0 && n_ar > 0))
                return;
        while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
                if (f->n_cus == cap) {
                        size_t c = cap ? 2 * cap : 16;
                        Dwarf_Die *v = realloc(f->cus, c * sizeof(*v));

                        if (!v)
                                return;
                        f->cus = v;
                        cap = c;
                }
                if (dwarf_offdie(dw, off + hsize, &f->cus[f->n_cus]))
                        f->n_cus++;
                off = next;
        }
}

/* dwfl_module_addrdie, also in a file without .debug_aranges: the unit whose own ranges
 * (DW_AT_low_pc/high_pc, DW_AT_ranges) hold addr, as gdb finds it. */
static Dwarf_Die *module_addrdie(Dwfl_Module *dm, Dwarf_Addr addr, Dwarf_Addr *bias)
{
        Dwarf_Die *cu = dwfl_module_addrdie(dm, addr, bias);
        struct symfile *f = vdso_file && vdso_file->mod == dm ? vdso_file : NULL;

        if (cu)
                return cu;
        for (struct symfile *c = cache; c && !f; c = c->next)
                if (c->mod == dm)
                        f = c;
        if (!f || !dwfl_module_getdwarf(dm, bias))
                return NULL;
        if (!f->cus_read)
                symfile_read_cus(f);
        for (size_t i = 0; i < f->n_cus; i++)
                if (dwarf_haspc(&f->cus[i], addr - *bias) > 0)
                        return &f->cus[i];
        return NULL;
}

static const char *base_name(const char *path)
{
        const char *s = strrchr(path, '/');

        return s ? s + 1 : path;
}

/* "libc.so.6", "libc" and the full path all name /usr/lib/x86_64-linux-gnu/libc.so.6. */
static bool module_matches(const struct module *m, const char *want, size_t len)
{
        const char *name = m->name, *base = base_name(name);

        if (strlen(name) == len && strncmp(name, want, len) == 0)
                return true;
        if (strncmp(base, want, len) != 0)
                return false;
        return base[len] == '\0' || base[len] == '.' || base[len] == '-';
}

/* Every module, the executable first, the others by load address: a new array of
 * pointers into p's table (valid until the next program call). */
static int modules(struct program *p, struct module ***ret, size_t *ret_n)
{
        char link[64], exe[PATH_MAX];
        struct module **v;
        size_t n = 0, first = SIZE_MAX;
        ssize_t len;
        int r = ensure(p, true);

        if (r < 0)
                return r;
        v = malloc((p->n_mods ? p->n_mods : 1) * sizeof(*v));
        if (!v)
                return -ENOMEM;
        snprintf(link, sizeof(link), "/proc/%d/exe", (int)p->pid);
        len = readlink(link, exe, sizeof(exe) - 1);
        exe[len > 0 ? len : 0] = '\0';
        for (size_t i = 0; i < p->n_mods && first == SIZE_MAX; i++)
                if (exe[0] && strcmp(p->mods[i].name, exe) == 0)
                        first = i;
        if (first != SIZE_MAX)
                v[n++] = &p->mods[first];
        for (size_t i = 0; i < p->n_mods; i++)
                if (i != first)
                        v[n++] = &p->mods[i];
        *ret = v;
        *ret_n = n;
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

/* The process address of a symbol of m's file whose link-time value is a: biased as
 * libdwfl biases it, that is unless it is absolute (libc's GLIBC_2.x version symbols)
 * or in a section not loaded in memory (libc's .gnu.warning symbols). */
static uint64_t sym_address(const struct module *m, GElf_Addr a, const GElf_Sym *s,
                            GElf_Word xshndx, Elf *elf)
{
        GElf_Word shndx = s->st_shndx == SHN_XINDEX ? xshndx : s->st_shndx;
        GElf_Shdr mem, *sh = NULL;

        if (shndx == SHN_ABS)
                return a;
        if (elf && shndx != SHN_UNDEF && shndx < SHN_LORESERVE)
                sh = gelf_getshdr(elf_getscn(elf, shndx), &mem);
        return sh && !(sh->sh_flags & SHF_ALLOC) ? a : a + m->bias;
}

/* The symbol of m's file containing the process address addr, as
 * dwfl_module_addrinfo gives it (ret_off: addr's offset in it), or NULL. */
static const char *module_addrinfo(const struct module *m, uint64_t addr, GElf_Off *ret_off,
                                   GElf_Sym *ret_sym)
{
        Dwfl_Module *mod = module_dwfl(m);
        uint64_t a = addr - m->bias;
        struct addr_memo *e;
        const char *name;

        if (!mod)
                return NULL;
        if (!m->file->memo)
                m->file->memo = calloc(MEMO_SLOTS, sizeof(*m->file->memo));
        e = m->file->memo ? &m->file->memo[(a ^ (a >> 6) ^ (a >> 12)) % MEMO_SLOTS] : NULL;
        if (e && e->valid && e->addr == a) {
                *ret_off = e->off;
                *ret_sym = e->sym;
                return e->name;
        }
        name = dwfl_module_addrinfo(mod, a, ret_off, ret_sym, NULL, NULL, NULL);
        if (name && !*name)
                name = NULL;
        if (e)
                *e = (struct addr_memo){ .addr = a, .name = name, .off = name ? *ret_off : 0,
                                         .sym = name ? *ret_sym : (GElf_Sym){ 0 },
                                         .valid = true };
        return name;
}

/* The line table of module m's compilation unit covering process address addr: its
 * rows, and what to add to a row's address for the process's. False when none does. */
static bool module_cu_lines(const struct module *m, uint64_t addr, Dwarf_Lines **ret_lines,
                            size_t *ret_n, uint64_t *ret_bias)
{
        Dwfl_Module *dm = module_dwfl(m);
        Dwarf_Addr bias;
        Dwarf_Die *cu = dm ? module_addrdie(dm, addr - m->bias, &bias) : NULL;

        if (!cu || dwarf_getsrclines(cu, ret_lines, ret_n) != 0 || *ret_n == 0)
                return false;
        *ret_bias = m->bias + bias;
        return true;
}

static uint64_t row_addr(Dwarf_Lines *lines, size_t i)
{
        Dwarf_Addr a = 0;

        dwarf_lineaddr(dwarf_onesrcline(lines, i), &a);
        return a;
}

static bool row_flag(Dwarf_Lines *lines, size_t i, int (*get)(Dwarf_Line *, bool *))
{
        bool v = false;

        get(dwarf_onesrcline(lines, i), &v);
        return v;
}

static int row_line(Dwarf_Lines *lines, size_t i)
{
        int l = 0;

        dwarf_lineno(dwarf_onesrcline(lines, i), &l);
        return l;
}

static const char *row_file(Dwarf_Lines *lines, size_t i)
{
        const char *f = dwarf_linesrc(dwarf_onesrcline(lines, i), NULL, NULL);

        return f ? f : "";
}

/* Does gdb's reader ignore row k (lnp_state_machine::record_line)? A row of line 0
 * (code of no line: clang's), and a row that is no statement, where the file changes at
 * the address of the row before (an inlined function's file, at the call's address). */
static bool row_ignored(Dwarf_Lines *lines, size_t k)
{
        if (row_flag(lines, k, dwarf_lineendsequence))
                return false;
        if (row_line(lines, k) == 0)
                return true;
        return k > 0 && !row_flag(lines, k - 1, dwarf_lineendsequence) &&
               !row_flag(lines, k, dwarf_linebeginstatement) &&
               row_addr(lines, k - 1) == row_addr(lines, k) &&
               strcmp(row_file(lines, k - 1), row_file(lines, k)) != 0;
}

/* The row before k in its sequence that gdb's reader keeps, or SIZE_MAX. */
static size_t prev_kept(Dwarf_Lines *lines, size_t k)
{
        while (k > 0 && !row_flag(lines, k - 1, dwarf_lineendsequence)) {
                if (!row_ignored(lines, --k))
                        return k;
        }
        return SIZE_MAX;
}

/* Does row j continue the line of the row before it that gdb keeps (same sequence,
 * file and line)? */
static bool same_line(Dwarf_Lines *lines, size_t j)
{
        size_t p = prev_kept(lines, j);

        return p != SIZE_MAX && row_line(lines, p) == row_line(lines, j) &&
               strcmp(row_file(lines, p), row_file(lines, j)) == 0;
}

/* Is row k an entry of gdb's line table (dwarf_record_line_p)? Not one gdb's reader
 * ignores (row_ignored); and a row that continues its line is not, once that line has
 * had a non-zero discriminator: GCC marks the blocks of one line (a loop's condition,
 * each operand of && and ||) with discriminators, and gdb takes them as one range. */
static bool row_recorded(Dwarf_Lines *lines, size_t k)
{
        bool nz = false;
        size_t j = k;

        if (row_ignored(lines, k))
                return false;
        for (;;) {
                unsigned d = 0;

                dwarf_linediscriminator(dwarf_onesrcline(lines, j), &d);
                nz = nz || d != 0;
                if (!same_line(lines, j))
                        break;
                j = prev_kept(lines, j);
        }
        return j == k || !nz;
}

/* The line table entry that covers CU address a, as gdb's find_pc_line picks it: the
 * last entry at or below a (of those at one address, the last statement), to the next
 * entry at a higher address. */
static bool line_entry(Dwarf_Lines *lines, size_t n, uint64_t a, size_t *ret_e,
                       uint64_t *ret_end)
{
        size_t lo = 0, hi = n, e, j;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;

                if (row_addr(lines, mid) <= a)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        if (lo == 0)
                return false;
        for (e = lo - 1; e > 0 && !row_recorded(lines, e); e--)
                ;
        if (row_flag(lines, e, dwarf_lineendsequence))
                return false; /* a gap between sequences */
        if (!row_flag(lines, e, dwarf_linebeginstatement)) {
                for (j = e; j > 0 && row_addr(lines, j - 1) == row_addr(lines, e); j--) {
                        if (row_recorded(lines, j - 1) &&
                            row_flag(lines, j - 1, dwarf_linebeginstatement)) {
                                e = j - 1;
                                break;
                        }
                }
        }
        for (j = lo; j < n; j++) {
                if (row_addr(lines, j) > row_addr(lines, e) &&
                    (row_flag(lines, j, dwarf_lineendsequence) || row_recorded(lines, j))) {
                        *ret_e = e;
                        *ret_end = row_addr(lines, j);
                        return true;
                }
        }
        return false;
}

/* gdb's name of the file of line l, where it differs from libdw's path: the unit's
 * own source file, of the compilation directory, is named as the compiler was given it
 * (`gcc prog.c` in /home/me: "prog.c", where libdw joins "/home/me/prog.c"; gdb takes
 * DW_AT_name, DWARF 5's file 0); NULL where they are the same (a path given whole, a
 * unit whose directory is not absolute: glibc's) and for every other file (a header
 * of that directory is its whole path in gdb too). A DWARF 4 table has no file 0: its
 * units keep their paths. */
static const char *line_gdb_name(Dwarf_Line *l, const char *file)
{
        Dwarf_Files *files;
        const char *const *dirs;
        const char *primary;
        size_t idx, ndirs, len;

        if (!l || !file || dwarf_line_file(l, &files, &idx) != 0 ||
            dwarf_getsrcdirs(files, &dirs, &ndirs) != 0 || ndirs < 1 || !dirs[0] ||
            dirs[0][0] != '/')
                return NULL;
        primary = dwarf_filesrc(files, 0, NULL, NULL);
        if (!primary || strcmp(primary, file) != 0)
                return NULL;
        len = strlen(dirs[0]);
        while (len > 1 && dirs[0][len - 1] == '/')
                len--;
        if (strncmp(file, dirs[0], len) != 0 || file[len] != '/' || !file[len + 1])
                return NULL;
        return file + len + 1;
}

/* Source object {file, line[, name]} of line l (l may be NULL: no name). */
static json_t *source_obj(Dwarf_Line *l, const char *file, int lineno)
{
        json_t *o = json_pack("{s:s,s:i}", "file", file, "line", lineno);
        const char *name = line_gdb_name(l, file);

        if (o && name)
                json_object_set_new(o, "name", json_string(name));
        return o;
}

/* "source" {file, line} of addr, for an address a unit's code covers. As gdb's
 * find_pc_line picks it (line_entry: of the rows at one address, the last statement,
 * rows gdb's reader ignores left out) for frames, the same as a stop's place
 * (program_annotate_stop); with addr2line, as elfutils says it (dwfl_module_getsrc:
 * eu-addr2line), for the symbols method: it may be another of the rows at that address
 * (a function's first line where gdb says its second). */
static void source_at(const struct module *m, uint64_t addr, bool addr2line, json_t *obj)
{
        Dwfl_Module *mod = module_dwfl(m);
        Dwarf_Addr bias;
        Dwarf_Die *cu = mod ? module_addrdie(mod, addr - m->bias, &bias) : NULL;
        Dwfl_Line *line = NULL;
        Dwarf_Line *dl = NULL;
        Dwarf_Lines *lines;
        const char *file;
        uint64_t end, a;
        size_t n, e;
        int lineno = 0;

        /* Only inside the unit's code: libdwfl takes a unit to go on to the next one's
         * start, so that code after it (_start after an -O2 program's last function)
         * got its last row, where gdb has no line. */
        if (!cu || dwarf_haspc(cu, (a = addr - m->bias - bias)) == 0)
                return;
        if (addr2line && (line = dwfl_module_getsrc(mod, addr - m->bias))) {
                file = dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL);
        } else if (addr2line) {
                /* a unit libdwfl does not find (module_addrdie): its own line table */
                dl = dwarf_getsrc_die(cu, a);
                if (!dl || dwarf_lineno(dl, &lineno) != 0)
                        return;
                file = dwarf_linesrc(dl, NULL, NULL);
        } else {
                if (dwarf_getsrclines(cu, &lines, &n) != 0 || !line_entry(lines, n, a, &e, &end))
                        return;
                dl = dwarf_onesrcline(lines, e);
                file = dwarf_linesrc(dl, NULL, NULL);
                lineno = row_line(lines, e);
        }
        if (!file || lineno < 1)
                return;
        json_object_set_new(obj, "source", source_obj(dl, file, lineno));
        /* In the middle of its row (gdb's pc != sal.pc) or in a row that does not begin
         * a statement (!sal.is_stmt): where that row starts, so that a client prints
         * gdb's "0x... in f () at ..." form (frame_show_address); absent otherwise. */
        if (!addr2line && (row_addr(lines, e) != a ||
                           !row_flag(lines, e, dwarf_linebeginstatement))) {
                char row[32];

                snprintf(row, sizeof(row), "0x%" PRIx64, row_addr(lines, e) + m->bias + bias);
                json_object_set_new(json_object_get(obj, "source"), "row", json_string(row));
        }
}

/* libstdc++'s demangler (the C++ ABI's), as eu-stack and gdb use it. */
extern char *__cxa_demangle(const char *mangled, char *out, size_t *len, int *status);

/* A C++ (Itanium ABI) name as people read it: "ns::Klass::method(int) const". NULL when
 * name is not one (a C name stays as it is); free() the result. */
static char *demangle(const char *name)
{
        int status = -1;
        char *d;

        if (!name || strncmp(name, "_Z", 2) != 0)
                return NULL;
        d = __cxa_demangle(name, NULL, NULL, &status);
        if (status == 0)
                return d;
        free(d);
        return NULL;
}

static json_t *sym_json(const struct module *m, const char *name, const GElf_Sym *s,
                        uint64_t addr)
{
        json_t *o = json_pack("{s:s,s:o,s:I,s:s,s:s,s:s}", "name", name, "address",
                              jrpc_addr(addr), "size", (json_int_t)s->st_size, "type",
                              sym_type(s), "binding", sym_binding(s), "module", m->name);
        char *d = demangle(name);

        if (o && d)
                json_object_set_new(o, "demangled", json_string(d));
        free(d);
        return o;
}

/* "name+0x1a" (just "name" at offset 0), the name demangled, without a symbol version
 * (pthread_kill@@GLIBC_2.34: pthread_kill). */
static void format_symbol(char *buf, size_t len, const char *name, uint64_t off)
{
        int n = (int)strcspn(name, "@");
        char *base = strndup(name, (size_t)n), *d = demangle(base);

        free(base);
        if (d) {
                name = d;
                n = (int)strlen(d);
        }
        if (off)
                snprintf(buf, len, "%.*s+0x%" PRIx64, n, name, off);
        else
                snprintf(buf, len, "%.*s", n, name);
        free(d);
}

/* "symbol" and "source" of addr, looked up at look (addr - 1 for a return address), in
 * module m. */
static void annotate_in(const struct module *m, uint64_t look, uint64_t addr, json_t *obj)
{
        const char *name;
        GElf_Off off = 0;
        GElf_Sym sym;
        char buf[512];

        name = module_addrinfo(m, look, &off, &sym);
        if (name) {
                format_symbol(buf, sizeof(buf), name, off + (look != addr));
                json_object_set_new(obj, "symbol", json_string(buf));
        }
        source_at(m, look, false, obj);
}

void program_annotate(struct program *p, uint64_t addr, bool is_return, json_t *obj)
{
        uint64_t look = is_return && addr ? addr - 1 : addr;
        struct module *m = module_at(p, look);

        if (m)
                annotate_in(m, look, addr, obj);
}

static bool plt_name(const struct module *m, uint64_t addr, char *buf, size_t len,
                     uint64_t *ret_off);

int program_symbol_at(struct program *p, uint64_t addr, json_t **ret)
{
        struct module *m = module_at(p, addr);
        const char *name;
        GElf_Off off = 0;
        GElf_Sym sym;
        json_t *o;
        char buf[512];

        if (!m)
                return -ERR_NO_SYMBOL;
        name = module_addrinfo(m, addr, &off, &sym);
        if (plt_name(m, addr, buf, sizeof(buf), &off)) {
                /* A PLT entry: no ELF symbol, objdump's and gdb's synthetic name. */
                o = json_pack("{s:s,s:o,s:i,s:s,s:s,s:s,s:I}", "name", buf, "address",
                              jrpc_addr(addr - off), "size", 16, "type", "func", "binding",
                              "local", "module", m->name, "offset", (json_int_t)off);
                if (o && off) {
                        size_t n = strlen(buf);

                        snprintf(buf + n, sizeof(buf) - n, "+%#llx", (unsigned long long)off);
                }
                if (o)
                        json_object_set_new(o, "symbol", json_string(buf));
        } else if (!name) {
                o = json_pack("{s:s,s:I}", "module", m->name, "offset",
                              (json_int_t)(addr - m->low));
        } else {
                o = sym_json(m, name, &sym, addr - off);
                format_symbol(buf, sizeof(buf), name, off);
                json_object_set_new(o, "offset", json_integer((json_int_t)off));
                json_object_set_new(o, "symbol", json_string(buf));
        }
        if (!o)
                return -ENOMEM;
        source_at(m, addr, true, o);
        *ret = o;
        return 0;
}

int program_function_at(struct program *p, uint64_t addr, uint64_t *ret_start,
                        uint64_t *ret_size, const char **ret_name)
{
        struct module *m = module_at(p, addr);
        const char *name;
        GElf_Off off = 0;
        GElf_Sym sym;

        if (!m)
                return -ERR_NO_SYMBOL;
        name = module_addrinfo(m, addr, &off, &sym);
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
                if (*c == '[' || *c == '(' || *c == '<')
                        return NULL; /* a C++ name's ABI tag, parameters or template */
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

/* Does ELF symbol nm stand for name: the same, or name with a symbol version
 * ("pthread_mutex_lock@@GLIBC_2.2.5", as glibc's .symtab has them; people and gdb write
 * the bare name)? Returns -1 for no, else a rank, lower is better: the name itself 0,
 * the default version ("@@") 1, another version 2. */
static int elf_name_matches(const char *nm, const char *name)
{
        size_t len = strlen(name);

        if (strncmp(nm, name, len) != 0)
                return -1;
        if (nm[len] == '\0')
                return 0;
        if (nm[len] != '@' || strchr(name, '@'))
                return -1;
        return nm[len + 1] == '@' ? 1 : 2;
}

/* Where a C++ name's parameter list starts: its first '(' that is not operator()'s
 * own; NULL when it has none. */
static const char *params_of(const char *name)
{
        int braces = 0;

        for (const char *c = name; (c = strpbrk(c, "({}")); c++) {
                braces += *c == '{' ? 1 : *c == '}' ? -1 : 0;
                if (*c != '(' || braces > 0)
                        continue; /* a lambda's "{lambda(int)#1}" is a scope */
                if (c - name >= 8 && strncmp(c - 8, "operator", 8) == 0 && c[1] == ')') {
                        c++; /* operator()'s "()" is its name */
                        continue;
                }
                if (strncmp(c, "(anonymous namespace)", 21) == 0) {
                        c += 20; /* a scope of the name */
                        continue;
                }
                return c;
        }
        return NULL;
}

/* Drop every ABI tag ("[abi:cxx11]") from s, in place: gdb matches names without them
 * (Counter::name for Counter::name[abi:cxx11]() const). */
static void drop_abi_tags(char *s)
{
        char *w = s;

        for (const char *r = s; *r;) {
                if (strncmp(r, "[abi:", 5) == 0 && strchr(r, ']')) {
                        r = strchr(r, ']') + 1;
                        continue;
                }
                *w++ = *r++;
        }
        *w = '\0';
}

/* The last "operator" in [d, end) that starts a name's component ("ns::operator<"), or
 * NULL: what follows it is the operator's name, whatever characters it has. */
static const char *operator_at(const char *d, const char *end)
{
        const char *op = NULL;

        for (const char *c = d; (c = strstr(c, "operator")) && c < end; c++)
                if ((c == d || c[-1] == ':' || c[-1] == ' ') &&
                    !isalnum((unsigned char)c[8]) && c[8] != '_')
                        op = c;
        return op;
}

/* Where the qualified name that ends at end (where its parameters start) starts in the
 * demangled name d: past a template function's return type ("int ns::g<int>(int*)").
 * A special name that quotes one ("non-virtual thunk to Impl::fb()", "guard variable
 * for x") is all name, as gdb takes it: `break Impl::fb` is not its thunk, `break fb`
 * (wild, after a "::") is. */
static const char *cxx_qname_start(const char *d, const char *end)
{
        const char *op = operator_at(d, end), *c = op ? op : end;
        int depth = 0;

        for (; c > d; c--) {
                if (c[-1] == '>' || c[-1] == ')')
                        depth++;
                else if (c[-1] == '<' || c[-1] == '(')
                        depth--;
                else if (c[-1] == ' ' && depth == 0)
                        break;
        }
        if (c > d && ((c - d >= 3 && strncmp(c - 3, "to ", 3) == 0) ||
                      (c - d >= 4 && strncmp(c - 4, "for ", 4) == 0)))
                return d;
        return c;
}

/* The length of the operator's own name at op ("operator<<" in "operator<< <char>"). */
static size_t operator_len(const char *op)
{
        static const char *const tokens[] = {
                "<<=", ">>=", "<=>", "->*", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
                "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "->", "()", "[]",
                "<", ">", "+", "-", "*", "/", "%", "^", "&", "|", "~", "!", "=", ",",
        };

        for (size_t i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++)
                if (strncmp(op + 8, tokens[i], strlen(tokens[i])) == 0)
                        return 8 + strlen(tokens[i]);
        return strlen(op); /* "operator new[]", a conversion: all name */
}

/* Is the component [qc, qc + qlen) of a demangled name the component [nc, nc + nlen) of
 * a name as written: the same, or (wild) the same without its template arguments when
 * the written one has none ("Box" for "Box<int>", "operator+" for "operator+<char>"). */
static bool cxx_component_matches(const char *qc, size_t qlen, const char *nc, size_t nlen,
                                  bool wild)
{
        char buf[1024];
        size_t w = 0, skip = 0;
        int depth = 0;

        if (qlen == nlen && memcmp(qc, nc, nlen) == 0)
                return true;
        if (!wild || memchr(nc, '<', nlen) || qlen >= sizeof(buf))
                return false;
        if (qlen >= 8 && strncmp(qc, "operator", 8) == 0) {
                skip = operator_len(qc);
                if (skip > qlen)
                        skip = qlen;
        }
        memcpy(buf, qc, skip);
        w = skip;
        for (size_t i = skip; i < qlen; i++) {
                if (qc[i] == '<')
                        depth++;
                else if (qc[i] == '>' && depth > 0)
                        depth--;
                else if (depth == 0 && !(qc[i] == ' ' && i + 1 < qlen && qc[i + 1] == '<'))
                        buf[w++] = qc[i];
        }
        return w == nlen && memcmp(buf, nc, nlen) == 0;
}

/* Where the last "::" of [s, end) at template depth 0 is (before an operator's name),
 * or NULL. */
static const char *last_scope_sep(const char *s, const char *end)
{
        const char *op = operator_at(s, end), *stop = op ? op : end, *sep = NULL;
        int depth = 0;

        for (const char *c = s; c + 1 < stop; c++) {
                if (*c == '<')
                        depth++;
                else if (*c == '>' && depth > 0)
                        depth--;
                else if (depth == 0 && c[0] == ':' && c[1] == ':')
                        sep = c++;
        }
        return sep;
}

/* Does the qualified name [q, qend) match the written one [n, nend), component by
 * component from the last (cxx_component_matches)? wild: it may have more scopes. */
static bool cxx_qname_matches(const char *q, const char *qend, const char *n,
                              const char *nend, bool wild)
{
        for (;;) {
                const char *qs = last_scope_sep(q, qend), *ns = last_scope_sep(n, nend);
                const char *qc = qs ? qs + 2 : q, *nc = ns ? ns + 2 : n;

                if (!cxx_component_matches(qc, (size_t)(qend - qc), nc, (size_t)(nend - nc),
                                           wild))
                        return false;
                if (!ns)
                        return !qs || wild;
                if (!qs)
                        return false;
                qend = qs;
                nend = ns;
        }
}

/* Does the C++ symbol nm (mangled) stand for name as people write it: its demangled
 * form ("ns::f(int)"), or that without the parameters ("ns::f", gdb's `break ns::f`)?
 * A template function's demangled name starts with its return type ("int
 * ns::g<int>(int*)"): name may leave that out. wild: gdb's wild matching (`break`'s):
 * name may also be the end of the qualified name after a "::" ("Vec::dot" for
 * "outer::inner::Vec::dot"), and without any '<' it matches every template instance
 * ("Box::get" for "Box<int>::get()", "maxof" for "int maxof<int>(int, int)"). */
static bool cxx_name_matches_as(const char *nm, const char *name, bool wild)
{
        char *d = demangle(nm);
        const char *params, *q, *nparams = params_of(name);
        size_t nlen = nparams ? (size_t)(nparams - name) : strlen(name);
        bool match = false;

        if (!d)
                return false;
        if (!strstr(name, "[abi:"))
                drop_abi_tags(d);
        params = params_of(d);
        if (!params)
                params = d + strlen(d);
        q = cxx_qname_start(d, params);
        if (strcmp(d, name) == 0) {
                match = true;
        } else if (!nparams || strcmp(params, nparams) == 0) {
                match = cxx_qname_matches(q, params, name, name + nlen, wild);
        }
        free(d);
        return match;
}

static bool cxx_name_matches(const char *nm, const char *name)
{
        return cxx_name_matches_as(nm, name, false);
}

/* One 8-byte word of the process at addr. */
static bool read_word(pid_t pid, uint64_t addr, uint64_t *ret)
{
        struct iovec local = { ret, 8 }, remote = { (void *)(uintptr_t)addr, 8 };

        return process_vm_readv(pid, &local, 1, &remote, 1, 0) == 8;
}

/* The name of the symbol relocation r of the SHT_RELA section sh (of elf) refers to,
 * or NULL. */
static const char *rela_sym_name(Elf *elf, const GElf_Shdr *sh, const GElf_Rela *r)
{
        Elf_Scn *symscn = elf_getscn(elf, sh->sh_link);
        GElf_Shdr symsh;
        GElf_Sym sym;
        Elf_Data *d = symscn ? elf_getdata(symscn, NULL) : NULL;

        if (!d || !gelf_getshdr(symscn, &symsh) ||
            !gelf_getsym(d, (int)GELF_R_SYM(r->r_info), &sym))
                return NULL;
        return elf_strptr(elf, symsh.sh_link, sym.st_name);
}

/* Does relocation r of the SHT_RELA section sh (of elf) name symbol name? */
static bool rela_names(Elf *elf, const GElf_Shdr *sh, const GElf_Rela *r, const char *name)
{
        const char *nm = rela_sym_name(elf, sh, r);

        return nm && strcmp(nm, name) == 0;
}

/* A GOT slot of module g that the dynamic loader has filled with an address inside
 * module def: the R_X86_64_IRELATIVE one whose addend is resolver (name NULL: def's
 * own calls), or a JUMP_SLOT / GLOB_DAT one for symbol name. Its value, or 0. */
static uint64_t got_lookup(struct program *p, const struct module *g, const char *name,
                           GElf_Addr resolver, const struct module *def)
{
        Dwfl_Module *dm = module_dwfl(g);
        GElf_Addr bias;
        Elf *elf = dm ? dwfl_module_getelf(dm, &bias) : NULL;
        Elf_Scn *scn = NULL;

        while (elf && (scn = elf_nextscn(elf, scn))) {
                GElf_Shdr sh;
                Elf_Data *d;

                if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA || !sh.sh_entsize ||
                    !(d = elf_getdata(scn, NULL)))
                        continue;
                for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
                        GElf_Rela r;
                        uint64_t v;
                        unsigned type;

                        if (!gelf_getrela(d, (int)i, &r))
                                break;
                        type = GELF_R_TYPE(r.r_info);
                        if (name ? (type != R_X86_64_JUMP_SLOT && type != R_X86_64_GLOB_DAT) ||
                                           !rela_names(elf, &sh, &r, name)
                                 : type != R_X86_64_IRELATIVE || (GElf_Addr)r.r_addend != resolver)
                                continue;
                        if (read_word(p->pid, g->bias + r.r_offset, &v) && v >= def->low &&
                            v < def->high && v != def->bias + resolver)
                                return v;
                }
        }
        return 0;
}

/* The implementation that the IFUNC symbol name of module m (its resolver at link-time
 * address resolver) was resolved to, as gdb finds it: in a GOT slot the dynamic loader
 * has filled, m's own IRELATIVE one (libc calls its strlen through one), else a bound
 * JUMP_SLOT or GLOB_DAT of another module. 0 when none is filled (yet). */
static uint64_t ifunc_target(struct program *p, struct module **v, size_t n,
                             const struct module *m, const char *name, GElf_Addr resolver)
{
        uint64_t t = got_lookup(p, m, NULL, resolver, m);

        for (size_t i = 0; !t && i < n; i++)
                if (v[i] != m)
                        t = got_lookup(p, v[i], name, 0, m);
        return t;
}

/* The best definition of name in the modules matching (mod, modlen) (all when mod is
 * NULL), the executable first: its process address in *ret_addr; for an IFUNC, the
 * implementation it resolved to when that is known (ifunc_target). cxx: match C++
 * symbols by their demangled names (cxx_name_matches) instead of ELF names. Returns 0
 * or -ERR_NO_SYMBOL / -ENOENT (no such module) / -errno. */
static int find_symbol_as(struct program *p, const char *mod, size_t modlen,
                          const char *name, bool cxx, uint64_t *ret_addr)
{
        struct module **v, *best_mod = NULL;
        size_t n;
        bool found = false, any_module = false, best_ifunc = false;
        int best = INT32_MAX, r;
        GElf_Addr best_link = 0;
        const char *best_name = NULL;

        r = modules(p, &v, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n && !found; i++) {
                Dwfl_Module *dm = module_dwfl(v[i]);
                int count;

                if (mod && !module_matches(v[i], mod, modlen))
                        continue;
                any_module = true;
                count = dm ? dwfl_module_getsymtab(dm) : 0;
                for (int k = 1; k < count; k++) {
                        GElf_Sym s;
                        GElf_Addr a;
                        GElf_Word shndx;
                        Elf *elf;
                        const char *nm = dwfl_module_getsym_info(dm, k, &s, &a, &shndx, &elf,
                                                                 NULL);
                        int version = 0;

                        if (!sym_useful(&s, nm) ||
                            (cxx ? strncmp(nm, "_Z", 2) != 0 || !cxx_name_matches(nm, name)
                                 : (version = elf_name_matches(nm, name)) < 0))
                                continue;
                        if (sym_rank(&s) * 3 + version < best) {
                                best = sym_rank(&s) * 3 + version;
                                *ret_addr = sym_address(v[i], a, &s, shndx, elf);
                                best_mod = v[i];
                                best_link = a;
                                best_name = nm;
                                best_ifunc = GELF_ST_TYPE(s.st_info) == STT_GNU_IFUNC;
                        }
                }
                /* A definition in an earlier module (the executable) wins. */
                found = best != INT32_MAX;
        }
        if (found && best_ifunc) {
                /* The relocations name it without its version. */
                char bare[256];
                uint64_t t;

                snprintf(bare, sizeof(bare), "%.*s", (int)strcspn(best_name, "@"), best_name);
                t = ifunc_target(p, v, n, best_mod, bare, best_link);

                if (t)
                        *ret_addr = t;
        }
        free(v);
        if (!found)
                return mod && !any_module ? -ENOENT : -ERR_NO_SYMBOL;
        return 0;
}

/* find_symbol_as by ELF name, then, when nothing has it, by C++ name: only a miss pays
 * for demangling. */
static int find_symbol(struct program *p, const char *mod, size_t modlen, const char *name,
                       uint64_t *ret_addr)
{
        int r = find_symbol_as(p, mod, modlen, name, false, ret_addr);

        return r == -ERR_NO_SYMBOL ? find_symbol_as(p, mod, modlen, name, true, ret_addr) : r;
}

/* A dynamically linked program before the dynamic loader has mapped its libraries (the
 * exec stop): the loader is there, no other shared object is. */
static bool libraries_pending(struct program *p)
{
        bool loader = false, other = false;

        if (ensure(p, true) < 0)
                return false;
        for (size_t i = 0; i < p->n_mods; i++) {
                const char *base = strrchr(p->mods[i].name, '/');

                base = base ? base + 1 : p->mods[i].name;
                if (strncmp(base, "ld-linux", 8) == 0 || strncmp(base, "ld64.so", 7) == 0)
                        loader = true;
                else if (strstr(base, ".so"))
                        other = true;
        }
        return loader && !other;
}

/* Does the line table's path name file as written: the same, or ending in "/" file? */
static bool path_is(const char *path, const char *file)
{
        size_t pl = strlen(path), fl = strlen(file);

        return pl >= fl && strcmp(path + pl - fl, file) == 0 &&
               (pl == fl || path[pl - fl - 1] == '/');
}

/* Is row i of lines one that gdb's line table drops? gdb ends a file's rows where
 * another file's row begins, and drops the rows of the first file at that same address
 * (a row of code inlined from a header, at the call's first instruction, takes the
 * caller's row's place); a row that is no statement and changes file at the same
 * address does not count, nor does the end of a sequence there. */
static bool row_dropped(Dwarf_Lines *lines, size_t n, size_t i)
{
        Dwarf_Line *ln = dwarf_onesrcline(lines, i);
        const char *path = dwarf_linesrc(ln, NULL, NULL);
        Dwarf_Addr addr, a;

        if (dwarf_lineaddr(ln, &addr) != 0)
                return true;
        for (size_t j = i + 1; j < n; j++) {
                Dwarf_Line *next = dwarf_onesrcline(lines, j);
                const char *p = next ? dwarf_linesrc(next, NULL, NULL) : NULL;
                bool stmt = false, end = false;

                if (!next || dwarf_lineaddr(next, &a) != 0 || a != addr)
                        return false;
                dwarf_lineendsequence(next, &end);
                if (end)
                        return true;
                dwarf_linebeginstatement(next, &stmt);
                if (stmt && p && path && strcmp(p, path) != 0)
                        return true;
        }
        return false;
}

/* Each statement row of module dm's line tables, as gdb keeps them (row_recorded,
 * row_dropped; the end-of-sequence rows left out), with its address in dm's address space: fn(data,
 * path, line, addr). */
/* Has the unit's file table a file that file names (path_is)? Its line rows name files
 * of that table only: a unit without it has no row of it. */
static bool cu_has_file(Dwarf_Die *cu, const char *file)
{
        Dwarf_Files *files;
        size_t n;

        if (dwarf_getsrcfiles(cu, &files, &n) != 0)
                return true; /* cannot tell: its rows will */
        for (size_t i = 0; i < n; i++) {
                const char *f = dwarf_filesrc(files, i, NULL, NULL);

                if (f && path_is(f, file))
                        return true;
        }
        return false;
}

/* fn for every row of the module's line tables that is a statement gdb's table has;
 * with file, only the units whose file table has it (the others cannot have a row of
 * it: libc's tables are walked no more for a FILE:LINE of the program's). */
static void each_line(Dwfl_Module *dm, const char *file,
                      void (*fn)(void *data, const char *path, int line, uint64_t addr),
                      void *data)
{
        Dwarf_Die *cu = NULL;
        Dwarf_Addr bias;

        while ((cu = dwfl_module_nextcu(dm, cu, &bias)) != NULL) {
                Dwarf_Lines *lines;
                size_t nlines;

                if ((file && !cu_has_file(cu, file)) ||
                    dwarf_getsrclines(cu, &lines, &nlines) != 0)
                        continue;
                for (size_t i = 0; i < nlines; i++) {
                        Dwarf_Line *ln = dwarf_onesrcline(lines, i);
                        const char *path = ln ? dwarf_linesrc(ln, NULL, NULL) : NULL;
                        bool stmt = false, end = true;
                        Dwarf_Addr a;
                        int l;

                        if (!path || dwarf_lineno(ln, &l) != 0 || dwarf_lineaddr(ln, &a) != 0 ||
                            dwarf_linebeginstatement(ln, &stmt) != 0 ||
                            dwarf_lineendsequence(ln, &end) != 0 || !stmt || end ||
                            !row_recorded(lines, i) || row_dropped(lines, nlines, i))
                                continue;
                        fn(data, path, l, a + bias);
                }
        }
}

/* len bytes of module m's code at process address addr, from its ELF file (so never
 * one of our int3s). */
static bool file_code(const struct module *m, uint64_t addr, uint8_t *buf, size_t len)
{
        Dwfl_Module *dm = module_dwfl(m);
        Dwarf_Addr a = addr - m->bias, bias;
        Elf_Scn *scn = dm ? dwfl_module_address_section(dm, &a, &bias) : NULL;
        Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;

        if (!d || !d->d_buf || a + len > d->d_size)
                return false;
        memcpy(buf, (const uint8_t *)d->d_buf + a, len);
        return true;
}

/* Is the CU's producer GCC 4.5 or later ("GNU C17 12.2.0 ...")? */
static bool producer_gcc_4_5(Dwarf_Die *cu)
{
        Dwarf_Attribute a;
        const char *prod = dwarf_formstring(dwarf_attr(cu, DW_AT_producer, &a));
        int major = 0, minor = 0;

        if (!prod || strncmp(prod, "GNU ", 4) != 0)
                return false;
        /* The version is the first word that starts with a digit: "C17" is the
         * language. */
        for (prod += 4; *prod && !isdigit((unsigned char)*prod); prod += strspn(prod, " "))
                prod += strcspn(prod, " ");
        if (sscanf(prod, "%d.%d", &major, &minor) != 2)
                return false;
        return major > 4 || (major == 4 && minor >= 5);
}

/* Has a DIE under die (itself included) a location list for DW_AT_location? */
static bool has_loclist(Dwarf_Die *die)
{
        Dwarf_Attribute a;
        Dwarf_Die child;

        if (dwarf_attr(die, DW_AT_location, &a)) {
                unsigned form = dwarf_whatform(&a);

                if (form == DW_FORM_sec_offset || form == DW_FORM_loclistx ||
                    form == DW_FORM_data4 || form == DW_FORM_data8)
                        return true;
        }
        if (dwarf_child(die, &child) != 0)
                return false;
        do {
                if (has_loclist(&child))
                        return true;
        } while (dwarf_siblingof(&child, &child) == 0);
        return false;
}

/* Does gdb take the variable locations of the CU at addr as valid from a function's
 * first byte? It does for GCC 4.5 on, once the CU has a location list (optimised code:
 * its "locations_valid"), and its `break FUNC` then goes to the entry itself. */
static bool cu_locations_valid(struct program *p, uint64_t addr)
{
        struct module *m = module_at(p, addr);
        Dwfl_Module *dm = m ? module_dwfl(m) : NULL;
        Dwarf_Addr bias;
        Dwarf_Die *cu = dm ? module_addrdie(dm, addr - m->bias, &bias) : NULL;

        return cu && producer_gcc_4_5(cu) && has_loclist(cu);
}

/* The first row of the function [start, end) that the compiler marked as the end of its
 * prologue (DW_LNS_set_prologue_end: clang's; gcc 12 marks none), as gdb 13 takes it:
 * in the line table of the function's own file (that of its entry's row), not a row of
 * a header's code inlined there. */
static bool marked_prologue_end(struct program *p, uint64_t start, uint64_t end,
                                uint64_t *ret)
{
        struct module *m = module_at(p, start);
        const char *file = NULL;
        Dwarf_Lines *lines;
        uint64_t bias;
        size_t n;

        if (!m || !module_cu_lines(m, start, &lines, &n, &bias))
                return false;
        for (size_t i = 0; i < n; i++) {
                uint64_t a = row_addr(lines, i) + bias;

                if (a < start || a >= end)
                        continue;
                if (!file && a == start)
                        file = row_file(lines, i);
                if (file && row_flag(lines, i, dwarf_lineprologueend) &&
                    strcmp(row_file(lines, i), file) == 0) {
                        *ret = a;
                        return true;
                }
        }
        return false;
}

uint64_t program_after_prologue(struct program *p, uint64_t entry)
{
        uint64_t start, size, marked;
        const char *name;

        if (program_function_at(p, entry, &start, &size, &name) == 0 && start == entry &&
            marked_prologue_end(p, start, start + size, &marked))
                return marked;
        return cu_locations_valid(p, entry) ? entry : program_prologue_end(p, entry);
}

uint64_t program_prologue_end(struct program *p, uint64_t entry)
{
        static const uint8_t endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
        struct module *m = module_at(p, entry);
        uint64_t start, size, pc;
        const char *name;
        struct src_row row;
        uint8_t b[8];
        size_t i = 0;

        if (!m || !file_code(m, entry, b, sizeof(b)) ||
            program_function_at(p, entry, &start, &size, &name) < 0 || start != entry)
                return entry;
        if (memcmp(b, endbr64, sizeof(endbr64)) == 0)
                i = sizeof(endbr64);
        if (b[i] != 0x55 || b[i + 1] != 0x48 ||
            !((b[i + 2] == 0x89 && b[i + 3] == 0xe5) || (b[i + 2] == 0x8b && b[i + 3] == 0xec)))
                return entry; /* no frame pointer set up: gdb takes the entry */
        pc = entry + i + 4;
        if (program_line_at(p, pc, &row) == 0 && row.lo != pc && row.hi < start + size)
                pc = row.hi; /* the rest of that line: gdb's skip_prologue_sal */
        return pc;
}

/* ---- source lines as places: FILE:LINE ---------------------------------------------- */

/* The rows a FILE:LINE search keeps: those of the first line at or after LINE that has
 * code, in any module (gdb's best entry); a row of a smaller line drops the rest. */
struct line_rows {
        const char *file;
        int line;
        bool file_seen;         /* some row is of file */
        int best;               /* the line of rows[]; 0: none yet */
        struct line_row { uint64_t addr; size_t mod; } *rows;
        size_t n, cap;
        bool oom;
};

static void line_rows_add(struct line_rows *lr, size_t mod, int line, uint64_t addr)
{
        if (lr->best && line > lr->best)
                return;
        if (line != lr->best) {
                lr->best = line;
                lr->n = 0;
        }
        if (lr->n == lr->cap) {
                size_t cap = lr->cap ? 2 * lr->cap : 16;
                struct line_row *v = realloc(lr->rows, cap * sizeof(*v));

                if (!v) {
                        lr->oom = true;
                        return;
                }
                lr->rows = v;
                lr->cap = cap;
        }
        lr->rows[lr->n++] = (struct line_row){ .addr = addr, .mod = mod };
}

/* each_line's callback gets no module: the search sets this one. */
struct line_scan {
        struct line_rows *lr;
        size_t mod;
        uint64_t bias;          /* the module's process address minus its Dwfl address */
};

static void scan_line(void *data, const char *path, int line, uint64_t addr)
{
        struct line_scan *ls = data;

        if (!path_is(path, ls->lr->file))
                return;
        ls->lr->file_seen = true;
        if (line >= ls->lr->line)
                line_rows_add(ls->lr, ls->mod, line, addr + ls->bias);
}

static void scan_file(void *data, const char *path, int line, uint64_t addr)
{
        struct line_rows *lr = data;

        (void)line;
        (void)addr;
        lr->file_seen = lr->file_seen || path_is(path, lr->file);
}

/* Is file in the line table of some module (for the error of a FILE:LINE without code:
 * gdb's "No line 36 in file" when it is, "No source file named" when not)? */
static bool file_in_line_tables(struct program *p, const char *file)
{
        struct line_rows lr = { .file = file };
        struct module **v;
        size_t n;

        if (modules(p, &v, &n) < 0)
                return false;
        for (size_t i = 0; i < n && !lr.file_seen; i++) {
                Dwfl_Module *dm = module_dwfl(v[i]);

                if (dm)
                        each_line(dm, file, scan_file, &lr);
        }
        free(v);
        return lr.file_seen;
}

/* program_sources' walk: the files of the rows seen, and with want the lines of it
 * in [from, to] that have a statement row (a bit each in seen). */
struct src_scan {
        const char *want;       /* NULL: every file */
        const char *module;     /* the module being walked */
        int from, to;
        json_t *files;          /* path -> {file, module} */
        uint8_t *seen;
};

static void scan_source(void *data, const char *path, int line, uint64_t addr)
{
        struct src_scan *ss = data;

        (void)addr;
        if (ss->want && !path_is(path, ss->want))
                return;
        /* a path that is no UTF-8 cannot be a JSON key: it is left out */
        if (!json_object_get(ss->files, path))
                json_object_set_new(ss->files, path,
                                    json_pack("{s:s,s:s}", "file", path, "module", ss->module));
        if (ss->seen && line >= ss->from && line <= ss->to)
                ss->seen[line - ss->from] = 1;
}

int program_sources(struct program *p, const char *file, int from, int to, json_t **ret)
{
        struct src_scan ss = { .want = file, .from = from, .to = to };
        struct module **v;
        json_t *o, *f, *lines = NULL, *list;
        const char *key;
        size_t n;
        int r = modules(p, &v, &n);

        if (r < 0)
                return r;
        ss.files = json_object();
        if (file) {
                ss.seen = calloc((size_t)(to - from) + 1, 1);
                lines = json_array();
        }
        if (!ss.files || (file && (!ss.seen || !lines))) {
                r = -ENOMEM;
                goto out;
        }
        for (size_t i = 0; i < n; i++) {
                Dwfl_Module *dm = module_dwfl(v[i]);

                ss.module = v[i]->name;
                if (dm)
                        each_line(dm, file, scan_source, &ss);
        }
        list = json_array();
        json_object_foreach(ss.files, key, f)
                json_array_append(list, f);
        o = json_pack("{s:o}", "sources", list);
        for (int l = from; file && l <= to; l++)
                if (ss.seen[l - from])
                        json_array_append_new(lines, json_integer(l));
        if (file) {
                json_object_set_new(o, "lines", lines);
                lines = NULL;
        }
        *ret = o;
out:
        json_decref(lines);
        json_decref(ss.files);
        free(ss.seen);
        free(v);
        return r;
}

static int cmp_name(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool srcname_add(struct symfile *f, size_t *cap, const char *s)
{
        if (f->n_srcnames == *cap) {
                size_t c = *cap ? 2 * *cap : 64;
                char **v = realloc(f->srcnames, c * sizeof(*v));

                if (!v)
                        return false;
                f->srcnames = v;
                *cap = c;
        }
        f->srcnames[f->n_srcnames] = strdup(s);
        return f->srcnames[f->n_srcnames++] != NULL;
}

/* f's source names, read now: every name of every unit's file table (libdw spells them
 * with their directory, as stops' `source.file` are; a name relative to the unit's
 * directory, glibc's "../include/stdio.h", joined to it, where gdb's fullname looks),
 * sorted and each once. Out of memory: as if it named nothing. */
static void symfile_read_srcnames(struct symfile *f)
{
        Dwarf_Die *cu = NULL;
        Dwarf_Addr bias;
        size_t cap = 0, o = 0;

        f->srcnames_read = true;
        while (f->mod && (cu = dwfl_module_nextcu(f->mod, cu, &bias)) != NULL) {
                Dwarf_Attribute at;
                Dwarf_Files *files;
                const char *dir;
                size_t n;

                if (dwarf_getsrcfiles(cu, &files, &n) != 0)
                        continue;
                f->srcnames_dwarf = true;
                dir = dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &at));
                for (size_t i = 0; i < n; i++) {
                        const char *name = dwarf_filesrc(files, i, NULL, NULL);
                        char *joined = NULL;
                        bool ok;

                        /* libdw's placeholder for DWARF 4's unused entry 0 */
                        if (!name || strcmp(name, "???") == 0)
                                continue;
                        if (name[0] != '/' && dir && dir[0] == '/' &&
                            asprintf(&joined, "%s/%s", dir, name) < 0)
                                joined = NULL;
                        ok = srcname_add(f, &cap, joined ? joined : name);
                        free(joined);
                        if (!ok) {
                                for (size_t j = 0; j < f->n_srcnames; j++)
                                        free(f->srcnames[j]);
                                f->n_srcnames = 0;
                                return;
                        }
                }
        }
        if (f->n_srcnames)
                qsort(f->srcnames, f->n_srcnames, sizeof(*f->srcnames), cmp_name);
        for (size_t i = 0; i < f->n_srcnames; i++) {
                if (o && strcmp(f->srcnames[o - 1], f->srcnames[i]) == 0)
                        free(f->srcnames[i]);
                else
                        f->srcnames[o++] = f->srcnames[i];
        }
        f->n_srcnames = o;
}

int program_file_source_names(const char *path, const char *const **ret_names,
                              size_t *ret_n, bool *ret_dwarf)
{
        struct symfile *f = symfile_get(path);

        if (!f)
                return -ENOENT;
        if (!f->srcnames_read)
                symfile_read_srcnames(f);
        *ret_names = (const char *const *)f->srcnames;
        *ret_n = f->n_srcnames;
        *ret_dwarf = f->srcnames_dwarf;
        /* Released at once: a file no session maps stays among the idle ones, the
         * most recently released, so the names live until the next program call. */
        symfile_unref(f);
        return 0;
}

/* Does a lexical block hold names of its own? gdb makes a block only of those (the
 * others' code belongs to the enclosing one). */
static bool block_has_names(Dwarf_Die *block)
{
        Dwarf_Die child;

        if (dwarf_child(block, &child) != 0)
                return false;
        do {
                switch (dwarf_tag(&child)) {
                case DW_TAG_variable:
                case DW_TAG_label:
                case DW_TAG_typedef:
                case DW_TAG_structure_type:
                case DW_TAG_union_type:
                case DW_TAG_enumeration_type:
                case DW_TAG_class_type:
                case DW_TAG_imported_module:
                case DW_TAG_imported_declaration:
                        return true;
                default:
                        break;
                }
        } while (dwarf_siblingof(&child, &child) == 0);
        return false;
}

static int scopes_at(Dwarf_Die *cu, Dwarf_Addr rel, Dwarf_Die **ret);

/* The innermost block, as gdb counts blocks, holding process address addr of module m:
 * a function, an inlined call or a lexical block with names; its DIE offset (0: none). */
static Dwarf_Off block_at(const struct module *m, uint64_t addr)
{
        Dwfl_Module *dm = module_dwfl(m);
        Dwarf_Addr bias;
        Dwarf_Die *cu = dm ? module_addrdie(dm, addr - m->bias, &bias) : NULL;
        Dwarf_Die *scopes = NULL;
        Dwarf_Off off = 0;
        int ns;

        if (!cu || (ns = scopes_at(cu, addr - m->bias - bias, &scopes)) <= 0)
                return 0;
        for (int i = 0; i < ns && !off; i++) {
                int tag = dwarf_tag(&scopes[i]);

                if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine ||
                    (tag == DW_TAG_lexical_block && block_has_names(&scopes[i])))
                        off = dwarf_dieoffset(&scopes[i]);
        }
        free(scopes);
        return off;
}

static int cmp_u64(const void *a, const void *b)
{
        uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

        return x < y ? -1 : x > y;
}

/* "FILE:LINE" (gdb's linespec): FILE is a whole path or its last components as
 * written, in every module's line tables. A line without code takes the next line
 * that has some. Its places, as gdb's breakpoint locations: one per block its code is
 * in (the lowest address there), so a line of a template or of an inlined or static
 * function in a header has one in each instance, while a line split across one
 * function (a for loop's test and step) has one; a place at a function's entry (its
 * opening line) moves to the end of the prologue. At most max, sorted by address, in
 * addrs; *ret_n is how many there are in all. Returns 0, -ERR_NO_SYMBOL or -errno. */
static int resolve_line(struct program *p, const char *file, int line, uint64_t *addrs,
                        size_t max, size_t *ret_n)
{
        struct line_rows lr = { .file = file, .line = line };
        struct block_key { size_t mod; Dwarf_Off die; } *keys = NULL;
        struct module **v;
        uint64_t *out = NULL;
        size_t n, kept = 0;
        int r = modules(p, &v, &n);

        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++) {
                Dwfl_Module *dm = module_dwfl(v[i]);
                struct line_scan ls = { .lr = &lr, .mod = i, .bias = v[i]->bias };

                if (dm)
                        each_line(dm, file, scan_line, &ls);
        }
        r = lr.oom ? -ENOMEM : lr.n ? 0 : -ERR_NO_SYMBOL;
        if (r == 0) {
                keys = calloc(lr.n, sizeof(*keys));
                out = calloc(lr.n, sizeof(*out));
                if (!keys || !out)
                        r = -ENOMEM;
        }
        /* One place per block: its lowest row. */
        for (size_t i = 0; r == 0 && i < lr.n; i++) {
                const struct line_row *row = &lr.rows[i];
                struct block_key key = { .mod = row->mod,
                                         .die = block_at(v[row->mod], row->addr) };
                size_t k;

                for (k = 0; k < kept; k++)
                        if (key.die && keys[k].die == key.die && keys[k].mod == key.mod)
                                break;
                if (k < kept) {
                        if (row->addr < out[k])
                                out[k] = row->addr;
                        continue;
                }
                keys[kept] = key;
                out[kept++] = row->addr;
        }
        for (size_t k = 0; k < kept; k++) {
                uint64_t start, size;
                const char *fn;

                if (program_function_at(p, out[k], &start, &size, &fn) == 0 && start == out[k])
                        out[k] = program_after_prologue(p, start);
        }
        if (kept)
                qsort(out, kept, sizeof(*out), cmp_u64);
        *ret_n = 0;
        for (size_t k = 0; k < kept; k++) {
                if (k && out[k] == out[k - 1])
                        continue;
                if (*ret_n < max)
                        addrs[*ret_n] = out[k];
                ++*ret_n;
        }
        free(keys);
        free(out);
        free(lr.rows);
        free(v);
        return r;
}

/* The line table of the compilation unit covering pc. */
static bool cu_lines(struct program *p, uint64_t pc, Dwarf_Lines **ret_lines,
                     size_t *ret_n, uint64_t *ret_bias)
{
        struct module *m = module_at(p, pc);

        return m && module_cu_lines(m, pc, ret_lines, ret_n, ret_bias);
}

int program_line_at(struct program *p, uint64_t pc, struct src_row *ret)
{
        Dwarf_Lines *lines;
        size_t n, e;
        uint64_t bias, end;

        if (!cu_lines(p, pc, &lines, &n, &bias) || !line_entry(lines, n, pc - bias, &e, &end))
                return -ERR_NO_SYMBOL;
        ret->file = dwarf_linesrc(dwarf_onesrcline(lines, e), NULL, NULL);
        ret->name = line_gdb_name(dwarf_onesrcline(lines, e), ret->file);
        ret->line = row_line(lines, e);
        if (!ret->file || ret->line <= 0)
                return -ERR_NO_SYMBOL;
        ret->lo = row_addr(lines, e) + bias;
        ret->hi = end + bias;
        ret->stmt = row_flag(lines, e, dwarf_linebeginstatement);
        return 0;
}

/* The name of the section of module m that holds process address addr, its header in
 * *ret_sh and the ELF file in *ret_elf; NULL if none. */
static const char *section_name_at(const struct module *m, uint64_t addr, Elf **ret_elf,
                                   GElf_Shdr *ret_sh)
{
        Dwfl_Module *dm = module_dwfl(m);
        Dwarf_Addr a = addr - m->bias, bias;
        Elf_Scn *scn = dm ? dwfl_module_address_section(dm, &a, &bias) : NULL;
        Elf *elf = dm ? dwfl_module_getelf(dm, &bias) : NULL;
        size_t shstrndx;

        if (!scn || !elf || elf_getshdrstrndx(elf, &shstrndx) != 0 ||
            !gelf_getshdr(scn, ret_sh))
                return NULL;
        *ret_elf = elf;
        return elf_strptr(elf, shstrndx, ret_sh->sh_name);
}

bool program_in_trampoline(struct program *p, uint64_t pc)
{
        struct module *m = module_at(p, pc);
        const char *name;
        GElf_Shdr sh;
        Elf *elf;

        if (!m)
                return false;
        if (strncmp(base_name(m->name), "ld-linux", 8) == 0 ||
            strncmp(base_name(m->name), "ld-", 3) == 0)
                return true;
        name = section_name_at(m, pc, &elf, &sh);
        return name && strncmp(name, ".plt", 4) == 0;
}

/* A spec that reads FILE:LINE (digits after the last ':', which is not a C++ "::"):
 * FILE in file (filelen bytes at most), LINE in *ret_line (0 when out of range). */
static bool linespec(const char *spec, char *file, size_t filelen, int *ret_line)
{
        const char *colon = strrchr(spec, ':');
        unsigned long line;

        if (!colon || colon == spec || colon[-1] == ':' || !colon[1] ||
            strspn(colon + 1, "0123456789") != strlen(colon + 1) ||
            (size_t)(colon - spec) >= filelen)
                return false;
        memcpy(file, spec, (size_t)(colon - spec));
        file[colon - spec] = '\0';
        errno = 0;
        line = strtoul(colon + 1, NULL, 10);
        *ret_line = errno || line > INT_MAX ? 0 : (int)line;
        return true;
}

/* ---- a function's inlined copies ---------------------------------------------------- */

static const char *die_name(Dwarf_Die *d);

struct inline_find {
        const char *name;
        const char *last;       /* a qualified C++ name's last component, else NULL */
        uint64_t bias;          /* process address = DWARF address + bias */
        uint64_t *addrs;
        size_t n, max;
};

/* A C++ name without parameters and with scopes ("outer::Vec::Vec"): what inlined
 * copies are also looked up by. Its last component, or NULL. */
static const char *qualified_last(const char *s)
{
        const char *sep = last_scope_sep(s, s + strlen(s));

        return sep && !params_of(s) && !strchr(s, '*') ? sep + 2 : NULL;
}

/* Is the subprogram origin (an inlined copy's abstract origin) the qualified C++ name
 * f->name, as gdb's wild matching takes it (cxx_qname_matches)? Its scopes are those
 * of its declaration (DW_AT_specification) in its class and namespaces. */
static bool inline_qname_matches(Dwarf_Die *origin, const char *n, const struct inline_find *f)
{
        Dwarf_Attribute a;
        Dwarf_Die decl, *scopes = NULL;
        char q[1024];
        size_t w = 0;
        int ns;

        if (!cxx_component_matches(n, strlen(n), f->last, strlen(f->last), true))
                return false;
        if (!dwarf_formref_die(dwarf_attr_integrate(origin, DW_AT_specification, &a), &decl))
                decl = *origin;
        ns = dwarf_getscopes_die(&decl, &scopes); /* decl, then its parents */
        for (int i = ns - 1; i >= 1; i--) {
                int tag = dwarf_tag(&scopes[i]);
                const char *sn = die_name(&scopes[i]);

                if (tag != DW_TAG_namespace && tag != DW_TAG_structure_type &&
                    tag != DW_TAG_class_type && tag != DW_TAG_union_type)
                        continue;
                w += (size_t)snprintf(q + w, sizeof(q) - w, "%s::",
                                      sn ? sn : "(anonymous namespace)");
                if (w >= sizeof(q))
                        break;
        }
        free(scopes);
        if (w >= sizeof(q) || (size_t)snprintf(q + w, sizeof(q) - w, "%s", n) >= sizeof(q) - w)
                return false;
        return cxx_qname_matches(q, q + strlen(q), f->name, f->name + strlen(f->name), true);
}

/* Where gdb 13 puts a breakpoint on an inlined copy: the start of its code (low_pc, or
 * its first range that is not empty), not DW_AT_entry_pc. */
static bool inline_start(Dwarf_Die *d, Dwarf_Addr *ret)
{
        Dwarf_Addr base, start, end;
        ptrdiff_t off = 0;

        if (dwarf_lowpc(d, ret) == 0)
                return true;
        while ((off = dwarf_ranges(d, off, &base, &start, &end)) > 0) {
                if (start < end) {
                        *ret = start;
                        return true;
                }
        }
        return false;
}

/* Does a DIE's name n stand for name? The same, or a template instance of it when name
 * gives no arguments ("addall" for clang's "addall<int>"), as gdb's break matches. */
static bool inline_name_is(const char *n, const char *name)
{
        size_t len = strlen(name);

        return strcmp(n, name) == 0 ||
               (!strchr(name, '<') && strncmp(n, name, len) == 0 && n[len] == '<');
}

static void find_inlined(Dwarf_Die *parent, struct inline_find *f, int depth)
{
        Dwarf_Die child;

        if (depth > 64 || dwarf_child(parent, &child) != 0)
                return;
        do {
                int tag = dwarf_tag(&child);
                Dwarf_Attribute a;
                Dwarf_Die origin;
                Dwarf_Addr at;
                const char *n;

                if (tag == DW_TAG_inlined_subroutine &&
                    dwarf_formref_die(dwarf_attr(&child, DW_AT_abstract_origin, &a), &origin) &&
                    (n = die_name(&origin)) &&
                    (f->last ? inline_qname_matches(&origin, n, f) : inline_name_is(n, f->name)) &&
                    inline_start(&child, &at)) {
                        bool dup = false;

                        for (size_t k = 0; k < f->n && k < f->max && !dup; k++)
                                dup = f->addrs[k] == at + f->bias;
                        if (!dup && f->n < f->max)
                                f->addrs[f->n] = at + f->bias;
                        f->n += !dup;
                }
                if (tag == DW_TAG_subprogram || tag == DW_TAG_lexical_block ||
                    tag == DW_TAG_inlined_subroutine || tag == DW_TAG_namespace ||
                    tag == DW_TAG_structure_type || tag == DW_TAG_class_type)
                        find_inlined(&child, f, depth + 1);
        } while (dwarf_siblingof(&child, &child) == 0);
}

/* The copies of function name inlined into module m's code, as gdb's `break NAME` finds
 * them: their process addresses, at most max, after the n already in addrs. Returns the
 * new count. */
static size_t inlined_copies(const struct module *m, const char *name, uint64_t *addrs,
                             size_t n, size_t max)
{
        Dwfl_Module *dm = module_dwfl(m);
        Dwarf_Addr bias;
        Dwarf *dw = dm ? dwfl_module_getdwarf(dm, &bias) : NULL;
        struct inline_find f = { .name = name, .last = qualified_last(name), .addrs = addrs,
                                 .n = n, .max = max };
        Dwarf_Off off = 0, next;
        size_t hsize;

        if (!dw)
                return n;
        f.bias = m->bias + bias;
        while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
                Dwarf_Die cu;

                if (dwarf_offdie(dw, off + hsize, &cu))
                        find_inlined(&cu, &f, 0);
                off = next;
        }
        return f.n < max ? f.n : max;
}

/* Has the function at process address at (of module m) been inlined anywhere? gcc then
 * gives its own copy an abstract origin (the inline instance its copies share); else
 * there is nothing to look for, and the walk of the module's DWARF (tens of ms in
 * libc, on the engine thread) is skipped. */
static bool inlined_somewhere(const struct module *m, uint64_t at)
{
        Dwfl_Module *dm = module_dwfl(m);
        Dwarf_Addr bias;
        Dwarf_Die *cu = dm ? module_addrdie(dm, at - m->bias, &bias) : NULL;
        Dwarf_Die *scopes = NULL;
        bool inlined = false;
        int ns;

        if (!cu || (ns = scopes_at(cu, at - m->bias - bias, &scopes)) <= 0)
                return false;
        for (int i = 0; i < ns; i++) {
                if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram) {
                        inlined = dwarf_hasattr(&scopes[i], DW_AT_abstract_origin);
                        break;
                }
        }
        free(scopes);
        return inlined;
}

/* A plain C identifier (what inlined copies are looked up by)? */
static bool plain_name(const char *s)
{
        if (!*s || isdigit((unsigned char)*s))
                return false;
        for (; *s; s++)
                if (!isalnum((unsigned char)*s) && *s != '_')
                        return false;
        return true;
}

static int addr_cmp(const void *a, const void *b)
{
        uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

        return x < y ? -1 : x > y;
}

/* A function that no ELF symbol names, inlined wherever it is called (a static one gcc
 * always inlined): its inlined copies in the executable, as gdb's `break` finds them in
 * the DWARF. How many (at most max) in addrs, lowest first. */
static size_t inlined_only(struct program *p, const char *name, uint64_t *addrs, size_t max)
{
        struct module **v;
        size_t n = 0, k = 0;

        /* a C name, a qualified C++ one, or a template instance ("addall<int>") */
        if ((!plain_name(name) && !qualified_last(name) &&
             !(strchr(name, '<') && !strpbrk(name, "( :"))) ||
            modules(p, &v, &n) < 0)
                return 0;
        if (n > 0)
                k = inlined_copies(v[0], name, addrs, 0, max);
        free(v);
        qsort(addrs, k, sizeof(*addrs), addr_cmp);
        return k;
}

/* Where `break` puts an inlined copy that starts at addr: there, but past the prologue
 * of the function it is inlined into when it starts at that function's first byte, as
 * gdb's skip_prologue_sal does for any place at a function's start. */
static uint64_t inline_site_break(struct program *p, uint64_t addr)
{
        uint64_t start, size;
        const char *fn;

        if (program_function_at(p, addr, &start, &size, &fn) == 0 && start == addr)
                return program_after_prologue(p, addr);
        return addr;
}

/* The '+' of sym's "+OFFSET", or NULL: "operator+", "operator++" and "operator+=" are
 * C++ names, not offsets. */
static const char *offset_plus(const char *sym)
{
        const char *plus = strrchr(sym, '+');

        if (plus && plus > sym && (plus[1] == '+' || plus[1] == '=' || plus[1] == '(' ||
                                   plus[-1] == '+' ||
                                   (plus - sym >= 8 && strncmp(plus - 8, "operator", 8) == 0)))
                return NULL;
        return plus && plus > sym ? plus : NULL;
}

/* Whether spec names a function itself: no source line, no offset, no '*'. */
static bool function_spec(const char *spec)
{
        char file[512];
        int line;

        return spec[0] != '*' && !linespec(spec, file, sizeof(file), &line) &&
               !offset_plus(spec);
}

/* Add at to the n places in addrs (at most max) unless it is there. The new count. */
static size_t add_place(uint64_t *addrs, size_t n, size_t max, uint64_t at)
{
        for (size_t i = 0; i < n; i++)
                if (addrs[i] == at)
                        return n;
        if (n < max)
                addrs[n++] = at;
        return n;
}

/* Does the program's executable have C++ symbols (defined or not)? gdb then matches
 * `break` names against C++ names too, even when an ELF name is the same ("write":
 * libc's and std::ostream::write). */
static bool program_is_cxx(struct program *p)
{
        struct module **v;
        size_t n;
        bool cxx = false;

        if (modules(p, &v, &n) < 0)
                return false;
        Dwfl_Module *dm = n > 0 ? module_dwfl(v[0]) : NULL;
        int count = dm ? dwfl_module_getsymtab(dm) : 0;

        for (int k = 1; k < count && !cxx; k++) {
                GElf_Sym s;
                const char *nm = dwfl_module_getsym(dm, k, &s, NULL);

                cxx = nm && strncmp(nm, "_Z", 2) == 0;
        }
        free(v);
        return cxx;
}

/* What a mangled name that demangles to one ending in name's last component must
 * contain ("3dot" for "Vec::dot", "4Impl" for "Impl::~Impl"), in buf: saves demangling
 * the rest. Empty when the component is not a plain identifier (an operator). */
static void mangled_hint(const char *name, char *buf, size_t len)
{
        const char *params = params_of(name), *end = params ? params : name + strlen(name);
        const char *last = name, *lt;

        for (const char *c = name; c + 1 < end; c++)
                if (c[0] == ':' && c[1] == ':')
                        last = c + 2;
        if (*last == '~')
                last++;
        lt = memchr(last, '<', (size_t)(end - last));
        if (lt)
                end = lt;
        buf[0] = '\0';
        for (const char *c = last; c < end; c++)
                if (!isalnum((unsigned char)*c) && *c != '_')
                        return;
        if (end > last)
                snprintf(buf, len, "%zu%.*s", (size_t)(end - last), (int)(end - last), last);
}

/* The functions the C++ name name stands for in gdb's wild matching
 * (cxx_name_matches_as): every overload, template instance, constructor and destructor
 * copy, in every module, after the n already in addrs. The new count. wild false: the
 * name as written only (a call's overloads: `f` is not `ns::f`). */
static size_t cxx_places(struct program *p, const char *name, uint64_t *addrs, size_t n,
                         size_t max, bool wild)
{
        struct module **v;
        size_t nv;
        char hint[256];

        if (modules(p, &v, &nv) < 0)
                return n;
        mangled_hint(name, hint, sizeof(hint));
        for (size_t i = 0; i < nv && n < max; i++) {
                Dwfl_Module *dm = module_dwfl(v[i]);
                int count = dm ? dwfl_module_getsymtab(dm) : 0;

                for (int k = 1; k < count && n < max; k++) {
                        GElf_Sym s;
                        GElf_Addr a;
                        GElf_Word shndx;
                        Elf *elf;
                        const char *nm = dwfl_module_getsym_info(dm, k, &s, &a, &shndx, &elf,
                                                                 NULL);

                        if (!sym_useful(&s, nm) || !sym_is_code(&s) || strncmp(nm, "_Z", 2) != 0 ||
                            (hint[0] && !strstr(nm, hint)) ||
                            !cxx_name_matches_as(nm, name, wild))
                                continue;
                        n = add_place(addrs, n, max, sym_address(v[i], a, &s, shndx, elf));
                }
        }
        free(v);
        return n;
}

/* The functions of ELF name name, after the n already in addrs: find_symbol_as's best
 * (an IFUNC's implementation), and in its module every other function of that very
 * name (static functions of other files: gdb's locations). None when the best is data.
 * The new count. */
static size_t elf_places(struct program *p, const char *name, uint64_t *addrs, size_t n,
                         size_t max)
{
        size_t before = n;
        uint64_t at;
        struct module *m;
        Dwfl_Module *dm;
        int count;
        bool code = false;

        if (find_symbol_as(p, NULL, 0, name, false, &at) < 0 || !(m = module_at(p, at)) ||
            !(dm = module_dwfl(m)))
                return n;
        n = add_place(addrs, n, max, at); /* the best first, taken back if no code */
        count = dwfl_module_getsymtab(dm);
        for (int k = 1; k < count; k++) {
                GElf_Sym s;
                GElf_Addr a;
                GElf_Word shndx;
                Elf *elf;
                const char *nm = dwfl_module_getsym_info(dm, k, &s, &a, &shndx, &elf, NULL);
                int version;

                if (!sym_useful(&s, nm) || !sym_is_code(&s) ||
                    (version = elf_name_matches(nm, name)) < 0)
                        continue;
                code = true;
                if (version == 0 && GELF_ST_TYPE(s.st_info) != STT_GNU_IFUNC)
                        n = add_place(addrs, n, max, sym_address(m, a, &s, shndx, elf));
        }
        return code ? n : before;
}

/* Every place `break NAME` (a function's name, no module, no offset) stands for, as
 * gdb's locations: the functions of that ELF name, and (when none has it, or in a C++
 * program) those whose C++ name it matches, each past its prologue; then the copies
 * inlined into their modules (a plain name); else the copies of a function that is only
 * inlined. Lowest first; how many, at most max. */
static size_t function_places(struct program *p, const char *name, uint64_t *addrs,
                              size_t max)
{
        size_t n = elf_places(p, name, addrs, 0, max), funcs;

        if (n == 0 || program_is_cxx(p))
                n = cxx_places(p, name, addrs, n, max, true);
        for (size_t i = 0; i < n; i++)
                addrs[i] = program_after_prologue(p, addrs[i]);
        funcs = n;
        if (plain_name(name) || qualified_last(name)) {
                for (size_t i = 0; i < funcs; i++) {
                        struct module *m = module_at(p, addrs[i]);
                        bool seen = false;

                        for (size_t j = 0; j < i && !seen; j++)
                                seen = module_at(p, addrs[j]) == m;
                        if (m && !seen && inlined_somewhere(m, addrs[i]))
                                n = inlined_copies(m, name, addrs, n, max);
                }
        }
        if (n == 0)
                n = inlined_only(p, name, addrs, max);
        for (size_t i = funcs < n ? funcs : n; i < n; i++)
                addrs[i] = inline_site_break(p, addrs[i]);
        qsort(addrs, n, sizeof(*addrs), addr_cmp);
        return n;
}

size_t program_locations(struct program *p, const char *spec, uint64_t *addrs, size_t max)
{
        char file[512];
        size_t n = 0, modlen;
        int line;

        if (linespec(spec, file, sizeof(file), &line)) {
                if (line <= 0 || resolve_line(p, file, line, addrs, max, &n) < 0)
                        return 0;
                return n < max ? n : max;
        }
        if (spec[0] == '*' || offset_plus(spec) || split_module(spec, &modlen) || max == 0)
                return 0; /* an address, an offset, a module's symbol: one place */
        return function_places(p, spec, addrs, max);
}

int program_resolve_break(struct program *p, const char *spec, uint64_t *ret_addr,
                          char *why, size_t whylen)
{
        uint64_t places[65];
        int r;

        /* A function's name: the lowest of its places (program_locations) */
        if (function_spec(spec) && program_locations(p, spec, places, 65) > 0) {
                *ret_addr = places[0];
                return 0;
        }
        r = program_resolve(p, spec[0] == '*' ? spec + 1 : spec, ret_addr, why, whylen);
        if (r == 0 && function_spec(spec))
                *ret_addr = program_after_prologue(p, *ret_addr);
        return r;
}

int program_resolve(struct program *p, const char *spec, uint64_t *ret_addr, char *why,
                    size_t whylen)
{
        char name[512];
        const char *mod = NULL, *sym = spec, *plus;
        size_t modlen = 0, len;
        uint64_t off = 0, addr = 0;
        int r;

        int line;
        if (linespec(spec, name, sizeof(name), &line)) {
                size_t n;

                r = line > 0 ? resolve_line(p, name, line, ret_addr, 1, &n) : -ERR_NO_SYMBOL;
                /* gdb's two answers */
                if (r == -ERR_NO_SYMBOL && file_in_line_tables(p, name))
                        snprintf(why, whylen, "No line %d in file \"%s\": it has no code "
                                              "at or after that line", line, name);
                else if (r == -ERR_NO_SYMBOL)
                        snprintf(why, whylen, "No source file named %s: no line table of "
                                              "the program or its loaded libraries has it",
                                 name);
                else if (r < 0)
                        snprintf(why, whylen, "cannot read the program's modules: %s",
                                 strerror(-r));
                return r;
        }
        const char *rest = split_module(spec, &modlen);
        if (rest) {
                mod = spec;
                sym = rest;
        }
        plus = offset_plus(sym);
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
        r = find_symbol(p, mod, modlen, name, &addr);
        if (r == -ENOENT && mod) {
                snprintf(why, whylen, "no loaded module is named \"%.*s\"", (int)modlen, mod);
                return -ERR_NO_SYMBOL;
        }
        if (r == -ERR_NO_SYMBOL) {
                if (mod)
                        snprintf(why, whylen, "no symbol \"%s\" in %.*s", name, (int)modlen,
                                 mod);
                else
                        snprintf(why, whylen, "no symbol \"%s\" in the program or its loaded "
                                              "libraries%s", name,
                                 libraries_pending(p) ? " (its shared libraries are not "
                                                        "loaded yet: set the breakpoint "
                                                        "pending (pending: true, dbgctl "
                                                        "--pending), or stop at main first "
                                                        "(stop: \"main\", --stop main))"
                                                      : "");
                return r;
        }
        if (r < 0) {
                snprintf(why, whylen, "cannot read the program's modules: %s", strerror(-r));
                return r;
        }
        if (addr + off < addr) {
                snprintf(why, whylen, "\"%s\": the offset goes past the end of the address "
                         "space", spec);
                return -ERR_NO_SYMBOL;
        }
        *ret_addr = addr + off;
        return 0;
}

/* One pass of program_symbols_by_name over the modules v: by ELF name, or (cxx) by the
 * demangled names of C++ symbols (cxx_name_matches, or the glob against them). */
static void symbols_pass(struct program *p, struct module **v, size_t n, const char *mod,
                         size_t modlen, const char *pat, bool glob, bool cxx, size_t limit,
                         json_t *list)
{
        for (size_t i = 0; i < n && json_array_size(list) < limit; i++) {
                Dwfl_Module *dm = module_dwfl(v[i]);
                int count;

                if (mod && !module_matches(v[i], mod, modlen))
                        continue;
                count = dm ? dwfl_module_getsymtab(dm) : 0;
                for (int k = 1; k < count && json_array_size(list) < limit; k++) {
                        GElf_Sym s;
                        GElf_Addr a;
                        GElf_Word shndx;
                        Elf *elf;
                        const char *nm = dwfl_module_getsym_info(dm, k, &s, &a, &shndx, &elf,
                                                                 NULL);
                        bool match;
                        json_t *o;

                        if (!sym_useful(&s, nm))
                                continue;
                        if (!cxx) {
                                match = glob ? fnmatch(pat, nm, 0) == 0
                                             : elf_name_matches(nm, pat) >= 0;
                        } else if (strncmp(nm, "_Z", 2) != 0) {
                                match = false;
                        } else if (glob) {
                                char *d = demangle(nm);

                                match = d && fnmatch(pat, d, 0) == 0;
                                free(d);
                        } else {
                                match = cxx_name_matches(nm, pat);
                        }
                        if (!match)
                                continue;
                        GElf_Addr link = a;
                        uint64_t t;

                        a = sym_address(v[i], a, &s, shndx, elf);
                        o = sym_json(v[i], nm, &s, a);
                        if (sym_is_code(&s))
                                source_at(v[i], a, true, o);
                        char bare[256];

                        snprintf(bare, sizeof(bare), "%.*s", (int)strcspn(nm, "@"), nm);
                        if (GELF_ST_TYPE(s.st_info) == STT_GNU_IFUNC &&
                            (t = ifunc_target(p, v, n, v[i], bare, link)) != 0)
                                json_object_set_new(o, "target", jrpc_addr(t));
                        json_array_append_new(list, o);
                }
        }
}

int program_symbols_by_name(struct program *p, const char *pattern, size_t limit,
                            json_t **ret_list)
{
        const char *mod = NULL, *pat = pattern;
        size_t modlen = 0, n;
        struct module **v;
        bool glob;
        json_t *list;
        int r;

        const char *rest = split_module(pattern, &modlen);
        if (rest) {
                mod = pattern;
                pat = rest;
        }
        glob = strpbrk(pat, "*?[") != NULL;
        r = modules(p, &v, &n);
        if (r < 0)
                return r;
        list = json_array();
        symbols_pass(p, v, n, mod, modlen, pat, glob, false, limit, list);
        /* Nothing by ELF name: C++ names, as for `break` (only a miss demangles). */
        if (json_array_size(list) == 0)
                symbols_pass(p, v, n, mod, modlen, pat, glob, true, limit, list);
        free(v);
        *ret_list = list;
        return 0;
}

/* ---- unwinding ---------------------------------------------------------------------- */

/* A function inlined at a pc (DW_TAG_inlined_subroutine): its name, and where it was
 * called from in the function it is inlined into. */
struct inlined {
        char *name;             /* owned */
        const char *call_file;  /* libdw's, or NULL */
        int call_line;
        uint64_t entry;         /* where the inlined code begins (its entry pc), or 0 */
};

#define INLINE_MAX 16

/* The scopes at CU address rel, innermost first, as dwarf_getscopes gives them, but
 * outward from an inlined call through the code it is inlined in (its blocks, the
 * calling function), where dwarf_getscopes goes on with the inlined function's abstract
 * definition instead. Returns how many, with a malloc'd *ret, or <= 0. */
/* A function defined inside another whose code is elsewhere (a C++ lambda's
 * operator(), a GNU C nested function): dwarf_getscopes looks only inside DIEs whose
 * code holds rel, so it finds nothing there. The subprogram holding rel, searched
 * through the whole unit, and the blocks in it that hold rel: innermost first, then
 * its parents as dwarf_getscopes_die gives them. Returns how many, or <= 0. */
static bool find_subprogram(Dwarf_Die *parent, Dwarf_Addr rel, Dwarf_Die *ret, int depth)
{
        Dwarf_Die child;

        if (depth > 32 || dwarf_child(parent, &child) != 0)
                return false;
        do {
                int tag = dwarf_tag(&child);

                if (tag == DW_TAG_subprogram && dwarf_haspc(&child, rel) == 1) {
                        *ret = child;
                        return true;
                }
                if ((tag == DW_TAG_subprogram || tag == DW_TAG_lexical_block ||
                     tag == DW_TAG_structure_type || tag == DW_TAG_class_type ||
                     tag == DW_TAG_union_type || tag == DW_TAG_namespace) &&
                    find_subprogram(&child, rel, ret, depth + 1))
                        return true;
        } while (dwarf_siblingof(&child, &child) == 0);
        return false;
}

static int nested_scopes(Dwarf_Die *cu, Dwarf_Addr rel, Dwarf_Die **ret)
{
        Dwarf_Die fn, inner[16], *outer = NULL, *all, *cur;
        int n_inner = 0, no;

        if (!find_subprogram(cu, rel, &fn, 0))
                return 0;
        /* Down from fn through the blocks and inlined calls that hold rel. */
        inner[n_inner++] = fn;
        cur = &fn;
        for (bool deeper = true; deeper && n_inner < 16;) {
                Dwarf_Die child;

                deeper = false;
                if (dwarf_child(cur, &child) != 0)
                        break;
                do {
                        int tag = dwarf_tag(&child);

                        if ((tag == DW_TAG_lexical_block || tag == DW_TAG_inlined_subroutine) &&
                            dwarf_haspc(&child, rel) == 1) {
                                inner[n_inner++] = child;
                                cur = &inner[n_inner - 1];
                                deeper = true;
                                break;
                        }
                } while (dwarf_siblingof(&child, &child) == 0);
        }
        no = dwarf_getscopes_die(&fn, &outer); /* fn, then its parents */
        all = no > 0 ? malloc((size_t)(n_inner - 1 + no) * sizeof(*all)) : NULL;
        if (!all) {
                free(outer);
                return -1;
        }
        for (int k = 0; k < n_inner - 1; k++)
                all[k] = inner[n_inner - 1 - k]; /* innermost first */
        memcpy(all + n_inner - 1, outer, (size_t)no * sizeof(*all));
        free(outer);
        *ret = all;
        return n_inner - 1 + no;
}

/* scopes_at's last answers, direct-mapped by address: a breakpoint's condition over
 * variables asks for the same address at every hit (twice: for its frame and for each
 * name), which cost a quarter of a hit in libdw's walks of the unit. Dropped with
 * scope_memo, whenever a symbol file is freed (a new file's Dwarf may come at a freed
 * one's address). */
#define SCOPES_MEMO 16

static struct {
        Dwarf *dbg;     /* NULL: empty */
        Dwarf_Off cu;
        Dwarf_Addr rel;
        Dwarf_Die *scopes;
        int ns;
} scopes_memo[SCOPES_MEMO];

static void scopes_memo_clear(void)
{
        for (size_t i = 0; i < SCOPES_MEMO; i++) {
                free(scopes_memo[i].scopes);
                scopes_memo[i].scopes = NULL;
                scopes_memo[i].dbg = NULL;
        }
}

static int scopes_find(Dwarf_Die *cu, Dwarf_Addr rel, Dwarf_Die **ret);

/* The scopes at DWARF address rel of unit cu, innermost first (an inlined call's
 * parents: the outer calls and the function): their number, with *ret the caller's to
 * free; <= 0 when none. */
static int scopes_at(Dwarf_Die *cu, Dwarf_Addr rel, Dwarf_Die **ret)
{
        Dwarf *dbg = cu->cu ? dwarf_cu_getdwarf(cu->cu) : NULL;
        Dwarf_Off off = dwarf_dieoffset(cu);
        size_t i = (size_t)((rel * 0x9e3779b97f4a7c15ULL) >> 60) % SCOPES_MEMO;
        int ns;

        if (dbg && scopes_memo[i].dbg == dbg && scopes_memo[i].cu == off &&
            scopes_memo[i].rel == rel) {
                ns = scopes_memo[i].ns;
                *ret = malloc((size_t)ns * sizeof(**ret));
                if (!*ret)
                        return -1;
                memcpy(*ret, scopes_memo[i].scopes, (size_t)ns * sizeof(**ret));
                return ns;
        }
        ns = scopes_find(cu, rel, ret);
        if (dbg && ns > 0) {
                Dwarf_Die *copy = malloc((size_t)ns * sizeof(*copy));

                if (copy) {
                        memcpy(copy, *ret, (size_t)ns * sizeof(*copy));
                        free(scopes_memo[i].scopes);
                        scopes_memo[i].dbg = dbg;
                        scopes_memo[i].cu = off;
                        scopes_memo[i].rel = rel;
                        scopes_memo[i].scopes = copy;
                        scopes_memo[i].ns = ns;
                }
        }
        return ns;
}

static int scopes_find(Dwarf_Die *cu, Dwarf_Addr rel, Dwarf_Die **ret)
{
        Dwarf_Die *scopes = NULL, *outer = NULL, *all;
        int ns = dwarf_getscopes(cu, rel, &scopes), i, no;

        if (ns <= 0 || (ns == 1 && dwarf_tag(&scopes[0]) == DW_TAG_compile_unit)) {
                int nn = nested_scopes(cu, rel, &all);

                if (nn > 0) {
                        free(scopes);
                        scopes = all;
                        ns = nn;
                }
        }

        for (i = 0; i < ns && dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine; i++)
                ;
        if (i == ns) {
                *ret = scopes;
                return ns;
        }
        /* The innermost inlined call's own parents: the outer calls and the function. */
        no = dwarf_getscopes_die(&scopes[i], &outer);
        all = no > 0 ? malloc((size_t)(i + no) * sizeof(*all)) : NULL;
        if (!all) {
                free(scopes);
                free(outer);
                return -1;
        }
        memcpy(all, scopes, (size_t)i * sizeof(*all));
        memcpy(all + i, outer, (size_t)no * sizeof(*all)); /* outer[0] is scopes[i] */
        free(scopes);
        free(outer);
        *ret = all;
        return i + no;
}

/* Does one of d's ranges begin at DWARF address rel, the address before it in none of
 * them? gdb 13 takes that as an entry into the inlined call too (block_starting_point_at:
 * code of the call moved apart, entered again). */
static bool enters_again_at(Dwarf_Die *d, Dwarf_Addr rel)
{
        Dwarf_Addr base, lo, hi;
        bool starts = false, inside = false;
        ptrdiff_t off = 0;

        while ((off = dwarf_ranges(d, off, &base, &lo, &hi)) > 0) {
                starts = starts || (lo == rel && lo < hi);
                inside = inside || (rel > lo && rel - 1 < hi);
        }
        return starts && !inside;
}

/* Where an inlined call begins, as gdb 13 takes it for a pc at DWARF address rel: rel
 * itself where the call's code is entered again (enters_again_at), else the start of
 * its code (inline_start, where `break` puts it too). Where it begins is where a `step`
 * stops "at the call" and `next` steps over it. */
static bool block_entry(Dwarf_Die *d, Dwarf_Addr rel, Dwarf_Addr *ret)
{
        if (!inline_start(d, ret))
                return false;
        if (*ret != rel && enters_again_at(d, rel))
                *ret = rel;
        return true;
}

/* The DWARF scopes at a process address, innermost first (scopes_at), with what they
 * are read with: an unwinder frame's are looked at more than once. */
struct scope_set {
        struct module *m;
        Dwarf_Die *cu;
        Dwarf_Addr bias; /* DWARF address + bias + m->bias = process address */
        Dwarf_Addr rel;  /* the address, in the DWARF's terms */
        Dwarf_Die *scopes; /* ns of them (free()), or NULL */
        int ns;
};

static void scope_set_at(struct program *p, uint64_t look, struct scope_set *ss)
{
        Dwfl_Module *dm;

        *ss = (struct scope_set){ .m = module_at(p, look) };
        dm = ss->m ? module_dwfl(ss->m) : NULL;
        ss->cu = dm ? module_addrdie(dm, look - ss->m->bias, &ss->bias) : NULL;
        if (ss->cu)
                ss->rel = look - ss->m->bias - ss->bias;
        if (ss->cu && (ss->ns = scopes_at(ss->cu, ss->rel, &ss->scopes)) <= 0) {
                ss->scopes = NULL;
                ss->ns = 0;
        }
}

static void cxx_scope(Dwarf_Die *die, char *buf, size_t cap);
static bool is_cxx(Dwarf_Die *cu);
static const char *elf_name_of(Dwarf_Die *fn);

/* The name gdb's bt gives function (or inlined call) fn of unit cu, into buf: for C
 * and the like its linkage name where it has one (glibc's __GI___pthread_kill, an asm
 * label) or its name. For C++ gdb names a function's symbol by its demangled linkage
 * name where DWARF gives one (dwarf2_physname), and bt drops the parameters
 * (cp_remove_params): "shapes::Circle::area", "tpl<int const*>" (the demangler's
 * spelling, without a template function's return type, whatever the DWARF name says:
 * clang's is tpl<const int *>), clang's lambda "main::$_0::operator()". A name
 * gdb's parser cannot take keeps its parameters as gdb's bt shows them
 * ("Counter::name[abi:cxx11]() const"). Without a linkage name (gcc's lambdas' operator
 * (), main), the qualified name from DWARF as gdb's dwarf2_compute_name makes it: an
 * unnamed class, struct or union (a lambda's closure) has no prefix and hides those
 * around it ("operator()"). */
static bool fn_die_name(Dwarf_Die *cu, Dwarf_Die *fn, char *buf, size_t cap)
{
        Dwarf_Attribute a;
        Dwarf_Die decl = *fn, *scopes = NULL;
        const char *name;
        size_t len = 0;
        int ns;

        if (!is_cxx(cu)) {
                name = elf_name_of(fn);
                if (!name)
                        return false;
                snprintf(buf, cap, "%s", name);
                return true;
        }
        name = dwarf_formstring(dwarf_attr_integrate(fn, DW_AT_linkage_name, &a));
        if (!name)
                name = dwarf_formstring(dwarf_attr_integrate(fn, DW_AT_MIPS_linkage_name, &a));
        if (name) {
                char *d = demangle(name);
                const char *params = d ? params_of(d) : NULL;

                if (params) {
                        const char *q = cxx_qname_start(d, params);

                        if (strstr(d, "[abi:")) /* cp_remove_params fails: all of it */
                                snprintf(buf, cap, "%s", q);
                        else
                                snprintf(buf, cap, "%.*s", (int)(params - q), q);
                        free(d);
                        return true;
                }
                free(d);
        }
        /* The declaration (in its class or namespace) an out-of-line definition or a
         * concrete instance refers to says where it is declared. */
        for (int k = 0; k < 8; k++) {
                if (!(dwarf_attr(&decl, DW_AT_abstract_origin, &a) ||
                      dwarf_attr(&decl, DW_AT_specification, &a)) ||
                    !dwarf_formref_die(&a, &decl))
                        break;
        }
        name = dwarf_diename(&decl);
        if (!name)
                return false;
        buf[0] = 0;
        ns = dwarf_getscopes_die(&decl, &scopes); /* decl, then its parents */
        for (int i = ns - 1; i >= 1 && len < cap; i--) {
                int tag = dwarf_tag(&scopes[i]);
                const char *sn = dwarf_diename(&scopes[i]);

                if (tag != DW_TAG_namespace && tag != DW_TAG_structure_type &&
                    tag != DW_TAG_class_type && tag != DW_TAG_union_type)
                        continue;
                if (!sn && tag != DW_TAG_namespace) { /* gdb's determine_prefix: "" */
                        len = 0;
                        buf[0] = 0;
                        continue;
                }
                len += (size_t)snprintf(buf + len, cap - len, "%s::",
                                        sn ? sn : "(anonymous namespace)");
        }
        free(scopes);
        if (len < cap)
                snprintf(buf + len, cap - len, "%s", name);
        return true;
}

/* gdb's name of the function of scopes ss (the first subprogram of them, the one whose
 * code it is): fn_die_name. False without a DWARF subprogram (no debug info). */
static bool dwarf_fn_name(const struct scope_set *ss, char *buf, size_t cap)
{
        Dwarf_Die fn;
        int i;

        for (i = 0; i < ss->ns && dwarf_tag(&ss->scopes[i]) != DW_TAG_subprogram; i++)
                ;
        if (!ss->cu || i == ss->ns)
                return false;
        fn = ss->scopes[i];
        if (dwarf_srclang(ss->cu) == DW_LANG_Mips_Assembler) {
                /* gas gives each alias of an assembly function a subprogram of the same
                 * code (glibc's kill: __kill, __GI___kill, kill, __GI_kill); gdb's block
                 * is the last one. */
                Dwarf_Die next = fn;

                while (dwarf_siblingof(&next, &next) == 0)
                        if (dwarf_tag(&next) == DW_TAG_subprogram && dwarf_haspc(&next, ss->rel) == 1)
                                fn = next;
        }
        return fn_die_name(ss->cu, &fn, buf, cap);
}

/* The functions inlined at the address of ss, innermost first (at most max): 0 when
 * none, or no DWARF says. free() each name. Takes ss's scopes. */
static size_t inlined_in(struct scope_set *ss, struct inlined *out, size_t max)
{
        struct module *m = ss->m;
        Dwarf_Addr bias = ss->bias;
        Dwarf_Die *cu = ss->cu;
        Dwarf_Die *scopes = ss->scopes;
        Dwarf_Files *files = NULL;
        size_t n = 0, nfiles = 0;
        int ns = ss->ns;

        ss->scopes = NULL;
        ss->ns = 0;
        if (!cu || ns <= 0) {
                free(scopes);
                return 0;
        }
        if (dwarf_getsrcfiles(cu, &files, &nfiles) != 0)
                files = NULL;
        for (int i = 0; i < ns && n < max; i++) {
                Dwarf_Attribute a;
                Dwarf_Word file = 0, line = 0;
                char gdb_name[512];
                Dwarf_Die *outer;
                int no;

                if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram)
                        break;
                if (dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine)
                        continue;
                /* as gdb names it (fn_die_name) */
                out[n].name = strdup(fn_die_name(cu, &scopes[i], gdb_name, sizeof(gdb_name))
                                             ? gdb_name
                                             : "??");
                dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_file, &a), &file);
                dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_line, &a), &line);
                {
                        Dwarf_Addr e;

                        out[n].entry = block_entry(&scopes[i], ss->rel, &e)
                                               ? e + m->bias + bias
                                               : 0;
                }
                out[n].call_file = files && file < nfiles ? dwarf_filesrc(files, file, NULL, NULL)
                                                          : NULL;
                out[n].call_line = (int)line;
                n++;
                /* dwarf_getscopes goes on with the inlined function's abstract
                 * definition: go on outward from where this instance is instead. */
                no = dwarf_getscopes_die(&scopes[i], &outer);
                free(scopes);
                scopes = no > 0 ? outer : NULL;
                ns = no;
                i = 0; /* outer[0] is this instance again: the loop's i++ skips it */
        }
        free(scopes);
        return n;
}

/* The functions inlined at process address look: inlined_in. */
static size_t inlined_at(struct program *p, uint64_t look, struct inlined *out, size_t max)
{
        struct scope_set ss;

        scope_set_at(p, look, &ss);
        return inlined_in(&ss, out, max);
}

static bool is_call_site(Dwarf_Die *d)
{
        int tag = dwarf_tag(d);

        return tag == DW_TAG_call_site || tag == DW_TAG_GNU_call_site;
}

/* The DIE of the function call site `site` names, when it names one (a direct call). */
static bool call_origin(Dwarf_Die *site, Dwarf_Die *ret)
{
        Dwarf_Attribute a;

        return (dwarf_attr(site, DW_AT_call_origin, &a) ||
                dwarf_attr(site, DW_AT_abstract_origin, &a)) &&
               dwarf_formref_die(&a, ret);
}

/* The ELF name of function fn: its linkage name, or (C) its name. */
static const char *elf_name_of(Dwarf_Die *fn)
{
        Dwarf_Attribute a;
        const char *name = dwarf_formstring(dwarf_attr_integrate(fn, DW_AT_linkage_name, &a));

        return name ? name : dwarf_formstring(dwarf_attr_integrate(fn, DW_AT_name, &a));
}

/* The call site in scopes[0..ns) (up to the function) whose call returns to DWARF
 * address ret: DW_AT_call_return_pc, or a GNU call site's low_pc. */
static bool find_call_site(Dwarf_Die *scopes, int ns, Dwarf_Addr ret, Dwarf_Die *site)
{
        for (int i = 0; i < ns && dwarf_tag(&scopes[i]) != DW_TAG_compile_unit; i++) {
                Dwarf_Die child;

                if (dwarf_child(&scopes[i], &child) != 0)
                        continue;
                do {
                        Dwarf_Attribute a;
                        Dwarf_Addr at;

                        if (!is_call_site(&child))
                                continue;
                        if ((dwarf_attr(&child, DW_AT_call_return_pc, &a) &&
                             dwarf_formaddr(&a, &at) == 0 && at == ret) ||
                            (dwarf_tag(&child) == DW_TAG_GNU_call_site &&
                             dwarf_lowpc(&child, &at) == 0 && at == ret)) {
                                *site = child;
                                return true;
                        }
                } while (dwarf_siblingof(&child, &child) == 0);
                if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram)
                        break;
        }
        return false;
}

/* What variables need of a frame of the walk (program_vars). */
struct frame_info {
        struct dw_frame regs;   /* the registers this frame knows */
        uint64_t look;          /* its pc, or a caller's pc - 1 (in the call) */
        bool caller;            /* look is pc - 1: the frame below is its callee's */
        bool tail;              /* a tail call's frame (add_tail_calls) */
        size_t level;           /* 0 the innermost function inlined at look, ... */
        size_t real;            /* which frame of the unwinder: inlined ones share it */
};

struct unwind {
        struct program *p;
        pid_t tid;              /* the thread whose stack it is */
        struct dw_frame prev;   /* with capture: the registers of the frame before */
        json_t *frames;
        size_t max;
        bool called_from;       /* the walk's first frame is a caller's (after a wild pc) */
        struct frame_info *info; /* with capture: one per frame of `frames` */
        bool capture;
        size_t n_real, n_info;
        uint64_t entry_lo, entry_hi; /* the function of the program's entry point */
        uint64_t callee_entry;  /* the last frame's function's entry, 0 if unknown */
        const char *callee_name; /* and its ELF name */
        size_t tail_lo, tail_hi; /* with capture: tail call frames added before the next
                                  * frame, whose registers they take (add_tail_calls) */
        size_t hide0;           /* frame 0's inlined calls left out (add_inlined) */
        /* The outermost frames (unwind_outer): past `max` frames, the walk goes on
         * counting them until the end, keeping the last `outer` unwinder frames. */
        size_t outer;           /* 0: stop at max */
        bool counting;          /* past max, or before start */
        /* With start > 0, the frames before it are counted, not kept (skipping), and
         * u->frames begins at level base. */
        size_t start, base;
        bool skipping;
        bool unended;           /* PROGRAM_BT_WALK frames walked, the end not reached */
        size_t walked;          /* unwinder frames so far */
        size_t depth;           /* frames so far, each inlined or tail call one too */
        struct raw_frame *ring; /* the last `outer` unwinder frames counted */
        size_t n_ring;          /* pushed in all */
        struct count_memo *memo; /* frames per (pc, callee), BT_MEMO of them */
        /* A frame without CFI (no_cfi_caller): the walk stops there, and goes on from
         * its caller, whose registers are resume_regs (from the thread's, orig). */
        struct user_regs_struct orig, resume_regs;
        bool have_orig;
        bool resume;            /* the walk stopped to go on from resume_regs */
        bool resumed;           /* the next frame is the first of a walk gone on: a caller */
        uint64_t bad_addr;      /* the walk stopped on memory it could not read there */
        bool bad_mem;
        /* The last frame the walk reached: its pc and registers (walk_cut): rbp and
         * rsp, what a CFA is computed from. */
        uint64_t last_pc, last_regs[17];
        uint32_t last_known;
        bool last_activation;
        struct cfi_memo { uint64_t look; bool valid, has; } cfi_memo[16]; /* has_cfi's */
};

size_t program_inline_depth(struct program *p, uint64_t pc, size_t outer, const char **ret_file,
                            int *ret_line, bool skip_starting)
{
        struct inlined inl[INLINE_MAX];
        size_t n = inlined_at(p, pc, inl, INLINE_MAX), skipped = 0;

        /* gdb's skip_inline_frames: inlined code that begins at pc has not been entered
         * yet (the frame shown is its caller's, at the call). */
        while (skip_starting && skipped < n && inl[skipped].entry == pc)
                skipped++;
        if (skipped) { /* the frame shown is at the outermost skipped one's call */
                *ret_file = inl[skipped - 1].call_file;
                *ret_line = inl[skipped - 1].call_line;
        } else if (n > outer) {
                /* inl is innermost first: the outermost of the deeper ones */
                *ret_file = inl[n - outer - 1].call_file;
                *ret_line = inl[n - outer - 1].call_line;
        }
        for (size_t k = 0; k < n; k++)
                free(inl[k].name);
        return n - skipped;
}

void program_inline_here(struct program *p, uint64_t pc, struct inline_here *ret)
{
        struct inlined inl[INLINE_MAX];
        size_t n = inlined_at(p, pc, inl, INLINE_MAX), k = 0;

        while (k < n && inl[k].entry == pc)
                k++;
        *ret = (struct inline_here){ .all = n, .starting = k,
                                     .file = k ? inl[k - 1].call_file : NULL,
                                     .line = k ? inl[k - 1].call_line : 0 };
        for (size_t j = 0; j < n; j++)
                free(inl[j].name);
}

size_t program_inline_starting(struct program *p, uint64_t pc, size_t level,
                               const char **ret_file, int *ret_line)
{
        struct inlined inl[INLINE_MAX];
        size_t n = inlined_at(p, pc, inl, INLINE_MAX), k = 0;

        while (k < n && inl[k].entry == pc)
                k++;
        if (level == 0)
                level = k;
        if (level > 0 && level <= k) {
                *ret_file = inl[level - 1].call_file;
                *ret_line = inl[level - 1].call_line;
        }
        for (size_t j = 0; j < n; j++)
                free(inl[j].name);
        return k;
}

/* A frame for inlined function `name`, at frame f's pc, at line src (taken); the
 * first one takes f's `interrupted`. */
static void append_inlined(struct unwind *u, json_t *f, const char *name, json_t *src,
                           bool first)
{
        json_t *g = json_pack("{s:I,s:O,s:s,s:b}", "index",
                              (json_int_t)json_array_size(u->frames), "pc",
                              json_object_get(f, "pc"), "function", name, "inlined", 1);

        if (!g) {
                json_decref(src);
                return;
        }
        if (json_object_get(f, "symbol"))
                json_object_set(g, "symbol", json_object_get(f, "symbol"));
        if (json_object_get(f, "module"))
                json_object_set(g, "module", json_object_get(f, "module"));
        if (json_object_get(f, "sp"))
                json_object_set(g, "sp", json_object_get(f, "sp"));
        if (src)
                json_object_set_new(g, "source", src);
        if (first && json_object_get(f, "interrupted")) {
                json_object_set(g, "interrupted", json_true());
                json_object_del(f, "interrupted");
        }
        json_array_append_new(u->frames, g);
}

/* Frame f (not appended yet) is at a pc where functions are inlined: each becomes a
 * frame of its own before f, at the same pc, as gdb and eu-stack -i show them. The
 * innermost has f's source line; each outer one, f included, the line its inlined
 * callee was called from. The `hide` innermost ones are left out: a step stopped at
 * their call, not entered yet (gdb's skipped inline frames; program_set_inline_hidden). */
static void add_inlined(struct unwind *u, json_t *f, struct scope_set *ss, size_t hide)
{
        struct inlined inl[INLINE_MAX];
        size_t n = inlined_in(ss, inl, INLINE_MAX);
        json_t *src = json_incref(json_object_get(f, "source")); /* the pc's line */

        for (size_t k = 0; k < n; k++) {
                if (k >= hide)
                        append_inlined(u, f, inl[k].name, src, k == hide);
                else
                        json_decref(src);
                /* The next one out is at the line this one was called from. */
                src = inl[k].call_file && inl[k].call_line > 0
                              ? json_pack("{s:s,s:i}", "file", inl[k].call_file, "line",
                                          inl[k].call_line)
                              : NULL;
                free(inl[k].name);
        }
        if (n && src)
                json_object_set_new(f, "source", src);
        else if (n)
                json_object_del(f, "source");
        else
                json_decref(src);
}

/* Tail calls, as gdb shows them (its "tailcall" frames). A function that ends with a
 * jump to another leaves no frame: the stack says that top called leaf, where top
 * called middle and middle jumped to leaf. The DWARF says it: the call site at top's
 * return address names middle (DW_AT_call_origin), and middle has a call site flagged
 * DW_AT_call_tail_call that names leaf. So when the call site at a caller's return
 * address names another function than the one its callee frame is in, the chains of
 * tail calls from that function to the callee are searched: direct calls only, within
 * the caller's module but for the last jump, which may go to a library's function
 * through the PLT (named by a declaration, looked up by name: site_target),
 * TAIL_DEPTH functions long at most, TAIL_VISITS functions looked at in all. Each function of the chain becomes a frame between the callee and the
 * caller, at the address after its tail call, marked "tailcall". When several chains
 * lead there, only the ends they share become frames, as in gdb. A call site that
 * names the callee by name is no tail call, also when the callee is a clone of the
 * function named (gcc's foo.constprop.0: another entry). A frame of a tail call has
 * no registers of its own (nothing of it is left on the stack): it has the
 * callee-saved ones at its jump (tail_registers) and the entry values its caller's
 * call site gives. */
#define TAIL_DEPTH 8
#define TAIL_VISITS 64

struct tail_step {
        Dwarf_Addr fn;  /* the function's entry (DWARF address) */
        Dwarf_Addr ret; /* the address after its tail call */
};

struct tail_search {
        struct program *p;
        struct module *m;
        Dwfl_Module *dm;
        Dwarf_Addr bias;  /* DWARF address + bias + m->bias = process address */
        Dwarf_Addr callee; /* the entry the chains must reach, in the module (or -1) */
        uint64_t callee_addr; /* and in the process */
        struct tail_step path[TAIL_DEPTH], first[TAIL_DEPTH];
        size_t n_path, n_first, n_prefix, n_suffix;
        unsigned chains, visits;
};

/* What call site `site` calls, when it names it (a direct call): a function of the
 * module (TARGET_HERE, *ret its DWARF entry: its DIE's, or for a declaration its
 * definition's by name), or of another (TARGET_ELSEWHERE, *ret its process address:
 * a library function called through the PLT, found by name as the dynamic linker
 * binds it, the executable first, then the libraries in load order). */
enum { TARGET_NONE, TARGET_HERE, TARGET_ELSEWHERE };

static int site_target(struct tail_search *ts, Dwarf_Die *site, Dwarf_Addr *ret)
{
        Dwarf_Die origin;
        const char *name;
        uint64_t addr;

        if (!call_origin(site, &origin))
                return TARGET_NONE;
        if (dwarf_entrypc(&origin, ret) == 0)
                return TARGET_HERE;
        name = elf_name_of(&origin);
        if (!name || !program_linkage_addr(ts->p, name, &addr))
                return TARGET_NONE;
        if (module_at(ts->p, addr) != ts->m) {
                *ret = addr;
                return TARGET_ELSEWHERE;
        }
        if (addr < ts->m->bias + ts->bias)
                return TARGET_NONE;
        *ret = addr - ts->m->bias - ts->bias;
        return TARGET_HERE;
}

/* ts->path leads to the callee: keep it, or of it and the chains found before, the
 * ends they share. */
static void tail_chain(struct tail_search *ts)
{
        size_t k = 0, n = ts->n_path;

        if (ts->chains++ == 0) {
                memcpy(ts->first, ts->path, n * sizeof(ts->path[0]));
                ts->n_first = ts->n_prefix = ts->n_suffix = n;
                return;
        }
        while (k < ts->n_prefix && k < n && ts->first[k].fn == ts->path[k].fn &&
               ts->first[k].ret == ts->path[k].ret)
                k++;
        ts->n_prefix = k;
        for (k = 0; k < ts->n_suffix && k < n &&
                    ts->first[ts->n_first - 1 - k].fn == ts->path[n - 1 - k].fn &&
                    ts->first[ts->n_first - 1 - k].ret == ts->path[n - 1 - k].ret;
             k++)
                ;
        ts->n_suffix = k;
}

static void tail_walk(struct tail_search *ts, Dwarf_Addr fn);

/* The tail calls in scope (a function, or a block or inlined body in it), and in the
 * scopes it holds. */
static void tail_sites(struct tail_search *ts, Dwarf_Die *scope, Dwarf_Addr fn)
{
        Dwarf_Die child;

        if (dwarf_child(scope, &child) != 0)
                return;
        do {
                Dwarf_Attribute a;
                Dwarf_Addr ret, target;
                bool tail = false;
                int tag = dwarf_tag(&child), kind;

                if (tag == DW_TAG_lexical_block || tag == DW_TAG_inlined_subroutine) {
                        tail_sites(ts, &child, fn);
                        continue;
                }
                if (!is_call_site(&child) ||
                    (dwarf_formflag(dwarf_attr(&child, DW_AT_call_tail_call, &a), &tail) != 0 &&
                     dwarf_formflag(dwarf_attr(&child, DW_AT_GNU_tail_call, &a), &tail) != 0) ||
                    !tail)
                        continue;
                if (!((dwarf_attr(&child, DW_AT_call_return_pc, &a) &&
                       dwarf_formaddr(&a, &ret) == 0) ||
                      (tag == DW_TAG_GNU_call_site && dwarf_lowpc(&child, &ret) == 0)))
                        continue;
                kind = site_target(ts, &child, &target);
                if (kind == TARGET_NONE ||
                    (kind == TARGET_ELSEWHERE && target != ts->callee_addr))
                        continue; /* (no chain is looked for in another module) */
                ts->path[ts->n_path++] = (struct tail_step){ fn, ret };
                if (kind == TARGET_HERE && target != ts->callee)
                        tail_walk(ts, target);
                else
                        tail_chain(ts);
                ts->n_path--;
        } while (dwarf_siblingof(&child, &child) == 0);
}

/* Follow the tail calls of the function entered at fn. */
static void tail_walk(struct tail_search *ts, Dwarf_Addr fn)
{
        Dwarf_Die *cu, *scopes = NULL;
        Dwarf_Addr cu_bias;
        int ns;

        if (ts->n_path >= TAIL_DEPTH || ++ts->visits > TAIL_VISITS)
                return;
        for (size_t k = 0; k < ts->n_path; k++)
                if (ts->path[k].fn == fn)
                        return; /* around in a circle */
        cu = module_addrdie(ts->dm, fn + ts->bias, &cu_bias);
        if (!cu || cu_bias != ts->bias || (ns = scopes_at(cu, fn, &scopes)) <= 0)
                return;
        for (int i = 0; i < ns; i++) {
                Dwarf_Addr entry;

                if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram) {
                        if (dwarf_entrypc(&scopes[i], &entry) == 0 && entry == fn)
                                tail_sites(ts, &scopes[i], fn);
                        break;
                }
        }
        free(scopes);
}

static const char *name_frame(struct unwind *u, json_t *f, uint64_t look,
                              const struct scope_set *ss, uint64_t *ret_entry);

/* Keep what program_vars needs of the frames of one tail call (itself and what is
 * inlined at its call), [u->n_info, now), at look. They go with the unwinder frame of
 * their callee (real), for entry values (their caller's call site calls them) and the
 * CFA; their registers come with the caller's (tail_registers). */
static bool capture_tail(struct unwind *u, uint64_t look)
{
        size_t n = json_array_size(u->frames), first = u->n_info;
        struct frame_info *fi = realloc(u->info, n * sizeof(*fi));

        if (!fi)
                return false;
        u->info = fi;
        for (size_t k = first; k < n; k++)
                fi[k] = (struct frame_info){ .look = look, .caller = true, .tail = true,
                                             .level = k - first,
                                             .real = u->n_real ? u->n_real - 1 : SIZE_MAX };
        if (u->tail_hi == 0)
                u->tail_lo = first;
        u->tail_hi = u->n_info = n;
        return true;
}

/* A function that jumped to another left its callee-saved registers as they were at
 * the jump: as its callee found them, and as the unwinder restores them for the
 * caller. rsp is the caller's after its call pushed the return address. */
static void tail_registers(struct unwind *u, const struct dw_frame *caller)
{
        static const int saved[] = { 3, 6, 12, 13, 14, 15 }; /* rbx rbp r12-r15 */

        for (size_t k = u->tail_lo; k < u->tail_hi; k++) {
                struct dw_frame *r = &u->info[k].regs;

                for (size_t j = 0; j < sizeof(saved) / sizeof(saved[0]); j++) {
                        uint64_t bit = UINT64_C(1) << saved[j];

                        if (caller->known & bit) {
                                r->regs[saved[j]] = caller->regs[saved[j]];
                                r->known |= bit;
                        }
                }
                if (caller->known & (UINT64_C(1) << 7)) {
                        r->regs[7] = caller->regs[7] - 8;
                        r->known |= UINT64_C(1) << 7;
                }
        }
        u->tail_lo = u->tail_hi = 0;
}

/* The length of the function's own name in ELF name fn: gcc names the copies it makes
 * of a function (constant arguments propagated, parameters dropped, a part split off,
 * its rarely run code) after it, with a suffix: foo.constprop.0, foo.isra.0,
 * foo.part.0, foo.cold. gdb shows such a frame as the function's (its DWARF name),
 * eu-stack by the ELF name, which `symbol` keeps. */
static size_t clone_base(const char *fn)
{
        static const char *const kinds[] = { "constprop", "isra", "part", "cold",
                                             "lto_priv", "localalias", "specialized" };
        size_t len = strcspn(fn, "@"); /* without a version: memcpy@@GLIBC_2.14 */
        const char *dot = memchr(fn, '.', len);

        if (!dot || dot == fn)
                return len;
        for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
                size_t n = strlen(kinds[k]);

                if (strncmp(dot + 1, kinds[k], n) == 0 &&
                    (dot[1 + n] == '.' || !dot[1 + n] || dot[1 + n] == '@'))
                        return (size_t)(dot - fn);
        }
        return len;
}

/* Does call site `site` name the function whose ELF name is elf? A clone of it too
 * (gcc's foo.constprop.0, foo.isra.0, foo.part.0), whose entry is not the named
 * function's. */
static bool site_names(Dwarf_Die *site, const char *elf)
{
        Dwarf_Die origin;
        const char *name;
        size_t len;

        if (!elf || !call_origin(site, &origin) || !(name = elf_name_of(&origin)))
                return false;
        len = clone_base(elf);
        return strlen(name) == len && strncmp(name, elf, len) == 0;
}

/* Frame f of a tail call is one frame, also where functions are inlined at its jump:
 * gdb tries its tail call unwinder before its inline one, so a tail call frame is never
 * split into inlined frames, and gdb names it after the innermost block's function at
 * its pc, with that pc's line (glibc's pthread_kill, __pthread_kill_internal inlined
 * into it, jumps to __pthread_kill_implementation: gdb's frame is
 * "__pthread_kill_internal", at pthread_kill.c:78). */
static void tail_inlined(json_t *f, struct scope_set *ss)
{
        struct inlined inl[INLINE_MAX];
        size_t n = inlined_in(ss, inl, INLINE_MAX);

        if (n) {
                json_object_set_new(f, "function", json_string(inl[0].name));
                json_object_del(f, "linkage_name");
        }
        for (size_t k = 0; k < n; k++)
                free(inl[k].name);
}

/* The caller frame at return address pc (its stack pointer sp) comes next, after a
 * frame whose function was entered at u->callee_entry: first the frames of the tail
 * calls between them, if any (see above). */
static void add_tail_calls(struct unwind *u, uint64_t pc, uint64_t sp,
                           const struct scope_set *caller)
{
        struct tail_search ts = { .p = u->p, .m = caller->m, .bias = caller->bias };
        Dwarf_Die site;
        Dwarf_Addr target;

        ts.dm = ts.m ? module_dwfl(ts.m) : NULL;
        if (!u->callee_entry || !ts.dm || caller->ns <= 0 ||
            !find_call_site(caller->scopes, caller->ns, pc - ts.m->bias - ts.bias, &site) ||
            site_names(&site, u->callee_name) ||
            site_target(&ts, &site, &target) != TARGET_HERE ||
            target + ts.bias + ts.m->bias == u->callee_entry)
                return;
        /* The callee may be another module's: a chain's last jump went through the PLT
         * (`jmp free@plt`), its call site naming a function of a library. */
        ts.callee_addr = u->callee_entry;
        ts.callee = module_at(u->p, u->callee_entry) == ts.m &&
                                    u->callee_entry >= ts.m->bias + ts.bias
                            ? u->callee_entry - ts.m->bias - ts.bias
                            : (Dwarf_Addr)-1;
        tail_walk(&ts, target);
        if (ts.chains == 0)
                return;
        if (ts.n_prefix + ts.n_suffix > ts.n_first)
                ts.n_suffix = ts.n_first - ts.n_prefix;
        /* Innermost first: the chain's last function (it jumped to the callee) first. */
        for (size_t k = ts.n_first; k-- > 0;) {
                uint64_t ret = ts.first[k].ret + ts.bias + ts.m->bias;
                struct scope_set ss;
                json_t *f;

                if (k >= ts.n_prefix && k < ts.n_first - ts.n_suffix)
                        continue; /* where the chains differ */
                f = json_pack("{s:I,s:o,s:b}", "index", (json_int_t)json_array_size(u->frames),
                              "pc", jrpc_addr(ret), "tailcall", 1);
                if (!f)
                        return;
                program_annotate(u->p, ret, true, f);
                scope_set_at(u->p, ret - 1, &ss);
                name_frame(u, f, ret - 1, &ss, NULL);
                /* It jumped with the stack as its caller's call left it. */
                json_object_set_new(f, "sp", jrpc_addr(sp - 8));
                tail_inlined(f, &ss);
                json_object_set_new(f, "index",
                                    json_integer((json_int_t)json_array_size(u->frames)));
                json_array_append_new(u->frames, f);
                if (u->capture && !capture_tail(u, ret - 1))
                        return;
        }
}

/* gdb's name for the function whose ELF symbol fn (of size size) starts at addr (in
 * module m's libdwfl addresses), where the frame has no DWARF: of the function symbols
 * at that address (aliases: free, __free, __libc_free, cfree; clone3 and __clone3),
 * gdb's minimal symbol lookup takes the last in its table, which sorts them by name
 * (strcmp), those with a size first. libdwfl's choice (fn, a global one), which
 * eu-stack shows, stays in `symbol`. Returns fn when no other name wins. Linear in
 * the module's symbols: only frames without DWARF come here. */
static const char *msym_name(const struct module *m, const char *fn, GElf_Addr addr,
                             uint64_t size)
{
        Dwfl_Module *mod = module_dwfl(m);
        const char *best = fn;
        size_t best_len = strcspn(fn, "@");
        int n = mod ? dwfl_module_getsymtab(mod) : -1;

        for (int i = 1; i < n; i++) {
                GElf_Sym sym;
                GElf_Addr a;
                const char *name = dwfl_module_getsym_info(mod, i, &sym, &a, NULL, NULL,
                                                           NULL);
                size_t len;
                int c;

                if (!name || !*name || a != addr ||
                    (GELF_ST_TYPE(sym.st_info) != STT_FUNC &&
                     GELF_ST_TYPE(sym.st_info) != STT_GNU_IFUNC) ||
                    (size && !sym.st_size))
                        continue;
                len = strcspn(name, "@"); /* a default version: gdb drops it */
                c = strncmp(name, best, len < best_len ? len : best_len);
                if (c > 0 || (c == 0 && len > best_len)) {
                        best = name;
                        best_len = len;
                }
        }
        return best;
}

/* function, linkage_name and module of frame f, whose code is at look (its scopes ss,
 * or NULL). function is gdb's: the DWARF subprogram's (dwarf_fn_name), which names a
 * clone (foo.constprop.0) as the function, else the ELF symbol's without its version
 * (__libc_start_main@@GLIBC_2.34), demangled: without DWARF gdb's bt shows its
 * minimal symbol, clone suffix and all (a static libc's
 * __pthread_kill_implementation.constprop.0, C++'s "f(int) [clone .cold]", which is
 * how __cxa_demangle spells _Z1fi.cold); linkage_name the ELF symbol's, without its
 * version, when it differs.
 * Returns the ELF name of its function, and its entry in *ret_entry (when not NULL),
 * or NULL. */
static const char *name_frame(struct unwind *u, json_t *f, uint64_t look,
                              const struct scope_set *ss, uint64_t *ret_entry)
{
        struct module *m = module_at(u->p, look);
        GElf_Off off;
        GElf_Sym sym;
        const char *fn, *gn;
        char *base, *d, dw[512];
        uint64_t plt_off;
        size_t n, len;
        bool have_dw;

        if (!m)
                return NULL;
        fn = module_addrinfo(m, look, &off, &sym);
        if (fn && ret_entry)
                *ret_entry = look - off;
        have_dw = ss && ss->m == m && dwarf_fn_name(ss, dw, sizeof(dw));
        gn = fn && !have_dw ? msym_name(m, fn, look - m->bias - off, sym.st_size) : fn;
        len = fn ? strcspn(fn, "@") : 0;
        n = gn ? (have_dw ? clone_base(gn) : strcspn(gn, "@")) : 0;
        base = gn ? strndup(gn, n) : NULL;
        d = demangle(base);
        if (have_dw) {
                json_object_set_new(f, "function", json_string(dw));
        } else if (base) {
                json_object_set_new(f, "function", json_string(d ? d : base));
        } else if (!fn && plt_name(m, look, dw, sizeof(dw), &plt_off)) {
                /* A PLT entry (puts@plt): no ELF symbol, gdb's synthetic name. */
                json_object_set_new(f, "function", json_string(dw));
                if (ret_entry)
                        *ret_entry = look - plt_off;
        }
        if (fn && (d || gn != fn || n != len ||
                   (have_dw && (strlen(dw) != len || strncmp(dw, fn, len)))))
                json_object_set_new(f, "linkage_name", json_stringn(fn, len));
        free(d);
        free(base);
        json_object_set_new(f, "module", json_string(m->name));
        return fn;
}

/* Keep what program_vars needs of the frames [first, now) that one unwinder frame
 * gave (its inlined functions and itself). */
static bool capture_frame(struct unwind *u, Dwfl_Frame *state, uint64_t look, bool caller,
                          size_t first)
{
        size_t n = json_array_size(u->frames);
        struct frame_info *fi = realloc(u->info, n * sizeof(*fi)),
                          one = { .look = look, .caller = caller };

        if (!fi)
                return false;
        u->info = fi;
        for (size_t k = u->n_info; k < first; k++) /* a wild pc's frame: nothing known */
                fi[k] = (struct frame_info){ .real = SIZE_MAX };
        u->n_info = n;
        for (unsigned r = 0; r < DW_REG_XMM0; r++) {
                Dwarf_Word v;

                if (dwfl_frame_reg(state, r, &v) == 0) {
                        one.regs.regs[r] = v;
                        one.regs.known |= UINT64_C(1) << r;
                }
        }
        if (caller && u->n_real > 0 && (one.regs.known & UINT64_C(1))) {
                /* libdw's default rules for registers the CFI does not mention (elfutils
                 * 0.188 backends/x86_64_cfi.c) say "same value" of DWARF register 0,
                 * meant as rbx but rax, and leave rbx undefined. A callee that writes
                 * rbx saves it and its CFI says where; one that does not leaves it as
                 * it was. So: rax is not known in a frame that called (caller-saved),
                 * and rbx is the callee frame's when the CFI says nothing of it. Only
                 * where libdw claims rax (the frame was unwound by CFI with those
                 * rules; a libdw that has them right does not). */
                const uint64_t rax = UINT64_C(1), rbx = UINT64_C(1) << 3;

                one.regs.known &= ~rax;
                if (!(one.regs.known & rbx) && (u->prev.known & rbx)) {
                        one.regs.regs[3] = u->prev.regs[3];
                        one.regs.known |= rbx;
                }
        }
        if (u->n_real == 0 && !u->called_from) {
                /* Frame 0 has the xmm registers too (libdwfl unwinds the integer ones
                 * only): a float or double variable is often in one at -O1 and above. */
                struct user_fpregs_struct fp;

                if (ptrace_getfpregs(u->tid, &fp) == 0) {
                        for (unsigned x = 0; x < 16; x++) {
                                memcpy(&one.regs.regs[DW_REG_XMM0 + x], &fp.xmm_space[4 * x], 8);
                                one.regs.known |= UINT64_C(1) << (DW_REG_XMM0 + x);
                        }
                }
        }
        u->prev = one.regs;
        one.real = u->n_real++;
        for (size_t k = first; k < n; k++) {
                fi[k] = one;
                /* (the scopes of left-out inlined calls are still the innermost) */
                fi[k].level = k - first + (one.real == 0 ? u->hide0 : 0);
        }
        return true;
}

/* Is the code at pc a signal trampoline (glibc's __restore_rt), the frame the kernel
 * made for a handler to return to? Its CFI says so (the CIE's "S" augmentation).
 * libdwfl's isactivation is true for it as well as for the frame the signal
 * interrupted (the pc of both is not a return address): only the latter is
 * `interrupted`; gdb shows the former as "<signal handler called>". */
static bool signal_trampoline(Dwfl_Frame *state, uint64_t pc)
{
        Dwfl_Module *mod = dwfl_addrmodule(dwfl_thread_dwfl(dwfl_frame_thread(state)), pc);
        Dwarf_CFI *cfis[2];
        Dwarf_Addr bias[2];
        bool sig = false;

        if (!mod)
                return false;
        cfis[0] = dwfl_module_eh_cfi(mod, &bias[0]);
        cfis[1] = dwfl_module_dwarf_cfi(mod, &bias[1]);
        for (int k = 0; k < 2 && !sig; k++) {
                Dwarf_Frame *fr;

                if (!cfis[k] || dwarf_cfi_addrframe(cfis[k], pc - bias[k], &fr) != 0)
                        continue;
                if (dwarf_frame_info(fr, NULL, NULL, &sig) < 0)
                        sig = false;
                free(fr);
        }
        return sig;
}

/* The frames one unwinder frame gives, appended to u->frames: the tail calls between
 * it and the frame before (whose function u->callee_entry and u->callee_name say), the
 * functions inlined at its pc and itself. first: it is frame 0. Sets u->callee_entry
 * and u->callee_name to its function. Returns the index of its own frame in
 * u->frames (after the tail calls, before the inlined), or SIZE_MAX without memory. */
static size_t build_frame(struct unwind *u, uint64_t pc, bool activation, bool first,
                          bool have_sp, uint64_t sp, bool trampoline)
{
        uint64_t look = activation ? pc : pc - 1;
        struct scope_set ss;
        size_t i;
        json_t *f;

        scope_set_at(u->p, look, &ss);
        if (!activation && !first && have_sp)
                add_tail_calls(u, pc, sp, &ss);
        i = json_array_size(u->frames);
        f = json_pack("{s:I,s:o}", "index", (json_int_t)i, "pc", jrpc_addr(pc));
        if (!f) {
                free(ss.scopes);
                return SIZE_MAX;
        }
        /* A caller's pc is a return address: name and place the call, at pc - 1. Names
         * come from the shared symbol files; the process's Dwfl only unwinds. */
        program_annotate(u->p, pc, !activation, f);
        u->callee_entry = 0;
        u->callee_name = name_frame(u, f, look, &ss, &u->callee_entry);
        if (activation && !first)
                json_object_set_new(f, trampoline ? "trampoline" : "interrupted", json_true());
        if (have_sp)
                json_object_set_new(f, "sp", jrpc_addr(sp));
        /* Frame 0's inlined calls that a step stopped at, not entered: no frames. */
        u->hide0 = first && activation && u->tid == u->p->pid ? u->p->inline_hidden : 0;
        add_inlined(u, f, &ss, u->hide0);
        json_object_set_new(f, "index", json_integer((json_int_t)json_array_size(u->frames)));
        json_array_append_new(u->frames, f);
        return i;
}

/* Past the frames asked for, the walk only counts frames, up to the end of the stack
 * (the outermost ones are wanted, with their levels) but PROGRAM_BT_WALK unwinder
 * frames at most: a recursion that overflowed the stack is some 30,000 deep, each
 * frame at one pc of a few. How many frames one gives (its inlined and tail call ones too) depends
 * on its pc and its callee's function only: build_frame runs once per such pair, its
 * frames thrown away, and the count is remembered (BT_MEMO pairs, the last one kept
 * where two meet). The last `outer` unwinder frames are kept to be built at the end. */
#define BT_MEMO 64

struct raw_frame {
        uint64_t pc, sp;
        uint64_t callee_entry;   /* the frame before's function, for its tail calls */
        const char *callee_name;
        size_t count;            /* its frames */
        bool activation, have_sp, trampoline;
};

struct count_memo {
        uint64_t pc, callee_entry; /* the key, with the flags */
        bool activation, have_sp, trampoline, used;
        size_t count;
        uint64_t entry;          /* what build_frame left in u->callee_entry/_name */
        const char *name;
};

static bool count_frame(struct unwind *u, const struct raw_frame *rf, size_t *ret_count)
{
        struct count_memo *m = &u->memo[((rf->pc * 31) ^ rf->callee_entry) % BT_MEMO];
        json_t *keep;

        if (m->used && m->pc == rf->pc && m->callee_entry == rf->callee_entry &&
            m->activation == rf->activation && m->have_sp == rf->have_sp &&
            m->trampoline == rf->trampoline) {
                u->callee_entry = m->entry;
                u->callee_name = m->name;
                *ret_count = m->count;
                return true;
        }
        keep = u->frames;
        u->frames = json_array();
        if (!u->frames || build_frame(u, rf->pc, rf->activation, false, rf->have_sp, rf->sp,
                                      rf->trampoline) == SIZE_MAX) {
                json_decref(u->frames);
                u->frames = keep;
                return false;
        }
        *m = (struct count_memo){ .pc = rf->pc, .callee_entry = rf->callee_entry,
                                  .activation = rf->activation, .have_sp = rf->have_sp,
                                  .trampoline = rf->trampoline, .used = true,
                                  .count = json_array_size(u->frames),
                                  .entry = u->callee_entry, .name = u->callee_name };
        json_decref(u->frames);
        u->frames = keep;
        *ret_count = m->count;
        return true;
}

/* The unwinder frame rf, counted while skipping, reaches level u->start: the frames
 * kept begin with those of its frames that are at start or past it. */
static bool window_begin(struct unwind *u, const struct raw_frame *rf)
{
        json_array_clear(u->frames);
        u->callee_entry = rf->callee_entry;
        u->callee_name = rf->callee_name;
        if (build_frame(u, rf->pc, rf->activation, false, rf->have_sp, rf->sp,
                        rf->trampoline) == SIZE_MAX)
                return false;
        for (size_t k = u->depth; k < u->start; k++)
                json_array_remove(u->frames, 0);
        u->base = u->start;
        u->skipping = u->counting = false;
        return true;
}

/* Does a module's CFI (.eh_frame or .debug_frame) cover look? Remembered for the
 * walk: a deep recursion comes back to a few pcs. */
static bool has_cfi(struct unwind *u, Dwfl_Frame *state, uint64_t look)
{
        Dwfl_Module *mod;
        Dwarf_CFI *cfis[2];
        Dwarf_Addr bias[2];
        struct cfi_memo *m = &u->cfi_memo[(look ^ (look >> 4)) % 16];

        if (m->valid && m->look == look)
                return m->has;
        *m = (struct cfi_memo){ .look = look, .valid = true };
        mod = dwfl_addrmodule(dwfl_thread_dwfl(dwfl_frame_thread(state)), look);
        if (!mod)
                return false;
        for (int k = 0; k < 2 && !m->has; k++) {
                Dwarf_Frame *fr;

                /* .debug_frame only when .eh_frame has none: reading it decompresses
                 * it from the debug file, for each walk (libc's: most of its time) */
                cfis[k] = k == 0 ? dwfl_module_eh_cfi(mod, &bias[k])
                                 : dwfl_module_dwarf_cfi(mod, &bias[k]);
                if (cfis[k] && dwarf_cfi_addrframe(cfis[k], look - bias[k], &fr) == 0) {
                        free(fr);
                        m->has = true;
                }
        }
        return m->has;
}

static bool unwind_read(struct unwind *u, uint64_t addr, uint64_t *ret)
{
        if (tracee_mem_read(u->p->pid, addr, ret, sizeof(*ret)) == sizeof(*ret))
                return true;
        u->bad_addr = addr;
        u->bad_mem = true;
        return false;
}

/* Where DWARF registers 0-16 (rax rdx rcx rbx rsi rdi rbp rsp r8-r15 rip) are in
 * user_regs_struct. */
static const size_t dw_user_off[17] = {
        offsetof(struct user_regs_struct, rax), offsetof(struct user_regs_struct, rdx),
        offsetof(struct user_regs_struct, rcx), offsetof(struct user_regs_struct, rbx),
        offsetof(struct user_regs_struct, rsi), offsetof(struct user_regs_struct, rdi),
        offsetof(struct user_regs_struct, rbp), offsetof(struct user_regs_struct, rsp),
        offsetof(struct user_regs_struct, r8), offsetof(struct user_regs_struct, r9),
        offsetof(struct user_regs_struct, r10), offsetof(struct user_regs_struct, r11),
        offsetof(struct user_regs_struct, r12), offsetof(struct user_regs_struct, r13),
        offsetof(struct user_regs_struct, r14), offsetof(struct user_regs_struct, r15),
        offsetof(struct user_regs_struct, rip),
};

/* The CFA rule of fr when it is one of a general register and an offset (what
 * compilers write): true with the register (DWARF's number, below 17) and the offset. */
static bool cfa_reg_offset(Dwarf_Frame *fr, int *ret_reg, int64_t *ret_off)
{
        Dwarf_Op *ops;
        size_t nops;
        int reg;

        if (dwarf_frame_cfa(fr, &ops, &nops) != 0 || nops != 1)
                return false;
        if (ops[0].atom == DW_OP_bregx)
                reg = (int)ops[0].number;
        else if (ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31)
                reg = ops[0].atom - DW_OP_breg0;
        else
                return false;
        if (reg >= 17)
                return false;
        *ret_reg = reg;
        *ret_off = (int64_t)(ops[0].atom == DW_OP_bregx ? ops[0].number2 : ops[0].number);
        return true;
}

/* Code without CFI (built -fno-asynchronous-unwind-tables): libdwfl's fallback takes
 * rbp as a frame pointer, wrong in a function that has not pushed it (a frame is
 * lost) or that has none (the walk ends). gdb's amd64 prologue analysis instead: the
 * function (its ELF symbol) begins with `push %rbp; mov %rsp,%rbp` (after an
 * endbr64)? With the pc past both, the return address is at rbp+8, the caller's rbp
 * at rbp, its rsp rbp+16; past the push only, at rsp+8 and rsp; else (no such
 * prologue, or not run yet) the frame is frameless, the return address at rsp. main
 * and _start end the walk, as gdb's main (what called them is not found so), and so
 * does a return address outside every module. Returns true when the walk stops at
 * this frame: to go on from resume_regs (u->resume), or at its end. */
static bool no_cfi_caller(struct unwind *u, Dwfl_Frame *state, uint64_t pc, bool activation)
{
        uint64_t look = activation ? pc : pc - 1, start, at, rsp, rbp, ret, saved;
        struct user_regs_struct regs;
        struct module *m;
        const char *fn;
        GElf_Off off;
        GElf_Sym sym;
        uint8_t code[8];
        bool push = false, mov = false;

        if (!u->have_orig || has_cfi(u, state, look) || !(m = module_at(u->p, look)) ||
            !(fn = module_addrinfo(m, look, &off, &sym)))
                return false; /* libdwfl's own way */
        if ((strcspn(fn, "@") == 4 && strncmp(fn, "main", 4) == 0) ||
            (strcspn(fn, "@") == 6 && strncmp(fn, "_start", 6) == 0))
                return true; /* (an entry point: the loader's at the exec stop) */
        regs = u->orig;
        for (int r = 0; r < 17; r++) {
                Dwarf_Word v;

                if (dwfl_frame_reg(state, (unsigned)r, &v) == 0)
                        memcpy((char *)&regs + dw_user_off[r], &v, sizeof(v));
        }
        rsp = regs.rsp;
        rbp = regs.rbp;
        start = look - off;
        at = start;
        if (tracee_mem_read(u->p->pid, start, code, sizeof(code)) == sizeof(code)) {
                if (memcmp(code, "\xf3\x0f\x1e\xfa", 4) == 0) /* endbr64 */
                        at += 4;
                push = code[at - start] == 0x55;
                mov = push && at - start + 4 <= sizeof(code) &&
                      (memcmp(code + (at - start) + 1, "\x48\x89\xe5", 3) == 0 ||
                       memcmp(code + (at - start) + 1, "\x48\x8b\xec", 3) == 0);
        }
        if (push && mov && pc >= at + 4) {
                if (!unwind_read(u, rbp + 8, &ret) || !unwind_read(u, rbp, &saved))
                        return true;
                regs.rbp = saved;
                regs.rsp = rbp + 16;
        } else if (push && pc > at) {
                if (!unwind_read(u, rsp + 8, &ret) || !unwind_read(u, rsp, &saved))
                        return true;
                regs.rbp = saved;
                regs.rsp = rsp + 16;
        } else {
                if (!unwind_read(u, rsp, &ret))
                        return true;
                regs.rsp = rsp + 8;
        }
        if (!module_at(u->p, ret))
                return true; /* no code there: not a return address (0: the end) */
        regs.rip = ret;
        u->resume_regs = regs;
        u->resume = true;
        return true;
}

static int frame_cb(Dwfl_Frame *state, void *arg)
{
        struct unwind *u = arg;
        Dwarf_Word sp = 0;
        Dwarf_Addr pc;
        bool activation = false, have_sp, trampoline = false;
        size_t i = json_array_size(u->frames);

        if (!dwfl_frame_pc(state, &pc, &activation))
                return DWARF_CB_ABORT;
        if ((u->called_from && i == 1) || u->resumed)
                activation = false; /* a return address, taken from the stack */
        u->resumed = false;
        u->last_pc = pc;
        u->last_activation = activation;
        u->last_known = 0;
        for (unsigned r = 6; r <= 7; r++)
                if (dwfl_frame_reg(state, r, &u->last_regs[r]) == 0)
                        u->last_known |= UINT32_C(1) << r;
        /* The stack pointer in this frame (x86-64 DWARF register 7): for a caller, its
         * value once the callee returns (the callee's CFA). */
        have_sp = dwfl_frame_reg(state, 7, &sp) == 0;
        if (activation && (i > 0 || u->counting || u->base > 0))
                trampoline = signal_trampoline(state, pc);
        u->walked++;
        if (u->counting) {
                struct raw_frame rf = { .pc = pc, .sp = sp, .callee_entry = u->callee_entry,
                                        .callee_name = u->callee_name,
                                        .activation = activation, .have_sp = have_sp,
                                        .trampoline = trampoline };

                if (!count_frame(u, &rf, &rf.count))
                        return DWARF_CB_ABORT;
                if (u->skipping && u->depth + rf.count > u->start) {
                        if (!window_begin(u, &rf))
                                return DWARF_CB_ABORT;
                } else {
                        u->depth += rf.count;
                        if (!u->skipping)
                                u->ring[u->n_ring++ % u->outer] = rf;
                }
        } else {
                i = build_frame(u, pc, activation, i == 0 && u->base == 0, have_sp, sp,
                                trampoline);
                if (i == SIZE_MAX)
                        return DWARF_CB_ABORT;
                if (u->capture &&
                    !capture_frame(u, state, activation ? pc : pc - 1, !activation, i))
                        return DWARF_CB_ABORT;
                if (u->capture && u->tail_hi)
                        tail_registers(u, &u->info[i].regs);
        }
        /* The program's entry function is the outermost frame, as gdb's (backtrace
         * past-entry off): glibc's _start says so in its CFI, a -nostdlib program's
         * does not, and its "caller" would be argc read as a return address. */
        if (activation ? pc >= u->entry_lo && pc < u->entry_hi
                       : pc > u->entry_lo && pc <= u->entry_hi)
                return DWARF_CB_ABORT;
        if (u->counting && u->walked >= PROGRAM_BT_WALK) {
                u->unended = true;
                return DWARF_CB_ABORT;
        }
        if (u->start && u->base == 0 && !u->skipping) {
                /* After frame 0 (and what is inlined there): count up to start. */
                size_t n = json_array_size(u->frames);

                if (n > u->start) {
                        for (size_t k = 0; k < u->start; k++)
                                json_array_remove(u->frames, 0);
                        u->base = u->start;
                } else {
                        json_array_clear(u->frames);
                        u->skipping = u->counting = true;
                        u->depth = n;
                }
        }
        if (!u->counting && json_array_size(u->frames) >= u->max) {
                if (!u->outer)
                        return DWARF_CB_ABORT;
                u->counting = true;
                u->depth = u->base + json_array_size(u->frames);
        }
        if (no_cfi_caller(u, state, pc, activation))
                return DWARF_CB_ABORT;
        return DWARF_CB_OK;
}

/* libdwfl ends a walk as at the outermost frame when the last frame's return address
 * cannot be found: its CFI says it is undefined (_start's, a thread's clone), or a value
 * it needs could not be read (a smashed stack: the CFA at a garbage rbp). gdb says
 * the latter: "Cannot access memory at address ...". The CFI's simple rules (CFA =
 * register + offset, the return address at CFA + offset) are evaluated again: true
 * when the walk was cut, with u->bad_addr set where they read what could not be read,
 * or when they give a return address other than 0 that libdwfl did not take; false
 * at the outermost frame, or where the rules are not simple ones (nothing to say). */
static bool walk_cut(struct unwind *u, Dwfl *dwfl)
{
        uint64_t look = u->last_activation ? u->last_pc : u->last_pc - 1;
        Dwfl_Module *mod = dwfl_addrmodule(dwfl, look);
        Dwarf_CFI *cfis[2];
        Dwarf_Addr bias[2];

        if (!mod)
                return false;
        for (int k = 0; k < 2; k++) {
                Dwarf_Op mem[3], *ops;
                Dwarf_Frame *fr;
                size_t nops;
                uint64_t cfa, ra, v;
                bool cut = false;
                int64_t off;
                int reg;

                cfis[k] = k == 0 ? dwfl_module_eh_cfi(mod, &bias[k])
                                 : dwfl_module_dwarf_cfi(mod, &bias[k]);
                if (!cfis[k] || dwarf_cfi_addrframe(cfis[k], look - bias[k], &fr) != 0)
                        continue;
                if (dwarf_frame_register(fr, 16, mem, &ops, &nops) != 0 ||
                    (nops == 0 && ops == mem)) {
                        free(fr);
                        return false; /* undefined: the outermost frame */
                }
                if (dwarf_frame_register(fr, 16, mem, &ops, &nops) == 0 && nops >= 1 &&
                    nops <= 2 && ops[0].atom == DW_OP_call_frame_cfa &&
                    (nops == 1 || ops[1].atom == DW_OP_plus_uconst)) {
                        ra = nops == 2 ? ops[1].number : 0;
                        if (cfa_reg_offset(fr, &reg, &off) &&
                            (u->last_known & (UINT32_C(1) << reg))) {
                                cfa = u->last_regs[reg] + (uint64_t)off;
                                cut = !unwind_read(u, cfa + ra, &v) || v != 0;
                        }
                }
                free(fr);
                return cut;
        }
        return false;
}

/* Is addr in an executable mapping of process pid? */
static bool executable(pid_t pid, uint64_t addr)
{
        char path[64], line[512];
        bool x = false;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
        f = fopen(path, "re");
        if (!f)
                return true; /* cannot tell: as if it were */
        while (fgets(line, sizeof(line), f)) {
                unsigned long lo, hi;
                char perms[5];

                if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && addr >= lo && addr < hi) {
                        x = perms[2] == 'x';
                        break;
                }
        }
        fclose(f);
        return x;
}

/* Does code end with a call instruction at ret (the 7 bytes before it in b)? call rel32
 * (E8), and the indirect calls FF /2 of 2 to 7 bytes (register, memory, rip-relative). */
static bool follows_call(const uint8_t b[7])
{
        if (b[2] == 0xe8)
                return true;
        for (int len = 2; len <= 7; len++)
                if (b[7 - len] == 0xff && ((b[8 - len] >> 3) & 7) == 2)
                        return true;
        return false;
}

/* A pc where no code is (a call through a null or wild pointer, a jump into data), or
 * code of no module (generated at run time into an mmap'ed page: a JIT's): there is no
 * CFI to unwind it, and libdwfl's frame-pointer fallback reads garbage (in code that
 * set up no frame, rbp is its caller's). As gdb does (its amd64 prologue analysis of
 * code without a symbol: frameless), take the frame as just entered by a call: the
 * return address at rsp, when what is there is one (an address in a module, after a
 * call instruction); else (generated code that pushed rbp, say) libdwfl's fallback
 * goes on from rbp, where gdb shows what it found at rsp as a frame (0x11 in ?? ()).
 * Returns true with *regs set to the caller's (pc from the stack, rsp past it). */
static bool wild_pc_caller(struct program *p, pid_t tid, struct user_regs_struct *orig,
                           struct user_regs_struct *regs)
{
        uint8_t b[7];
        uint64_t ret;

        if (ptrace_getregs(tid, orig) < 0 ||
            (executable(p->pid, orig->rip) && module_at(p, orig->rip)) ||
            tracee_mem_read(p->pid, orig->rsp, &ret, sizeof(ret)) != sizeof(ret) ||
            !module_at(p, ret) || !executable(p->pid, ret) ||
            tracee_mem_read(p->pid, ret - sizeof(b), b, sizeof(b)) != sizeof(b) ||
            !follows_call(b))
                return false;
        *regs = *orig;
        regs->rip = ret;
        regs->rsp += 8;
        return true;
}

/* The stack of task tid of the process (the main thread or one of its threads); tid
 * must be in a ptrace stop. */
/* The function that holds the program's entry point (AT_ENTRY): [*lo, *hi), or empty;
 * read once per image. */
static void entry_fn(struct program *p, uint64_t *lo, uint64_t *hi)
{
        if (!p->entry_known) {
                uint64_t entry, size;
                const char *name;

                p->entry_lo = p->entry_hi = 0;
                if (tracee_entry_point(p->pid, &entry) == 0 &&
                    program_function_at(p, entry, &p->entry_lo, &size, &name) == 0)
                        p->entry_hi = p->entry_lo + size;
                p->entry_known = true;
        }
        *lo = p->entry_lo;
        *hi = p->entry_hi;
}

/* The outermost frames of a walk that went on counting (u->counting): the last
 * u->outer frames of the stack that are not among the first max_frames, each with its
 * level. The kept unwinder frames are built again, as they would have been in one walk
 * (each with the function of the frame before it, for its tail calls); the frames past
 * max_frames that the walk built first (tail calls and inlined ones come in groups)
 * make up a stack shorter than that. Returns a new array, or NULL. */
static json_t *unwind_outer(struct unwind *u, size_t max_frames)
{
        size_t kept = u->n_ring < u->outer ? u->n_ring : u->outer, counted = 0, level;
        json_t *built = u->frames, *all = json_array();

        if (!all)
                return NULL;
        for (size_t k = max_frames; k < json_array_size(built); k++)
                json_array_append(all, json_array_get(built, k));
        u->frames = all;
        for (size_t k = u->n_ring - kept; k < u->n_ring; k++) {
                const struct raw_frame *rf = &u->ring[k % u->outer];

                u->callee_entry = rf->callee_entry;
                u->callee_name = rf->callee_name;
                if (build_frame(u, rf->pc, rf->activation, false, rf->have_sp, rf->sp,
                                rf->trampoline) == SIZE_MAX)
                        break;
                counted += rf->count;
        }
        u->frames = built;
        /* Number them from the end: the last is depth - 1. */
        level = u->depth - json_array_size(all);
        if (json_array_size(all) != json_array_size(built) - max_frames + counted) {
                json_decref(all); /* (out of memory on the way) */
                return NULL;
        }
        for (size_t k = 0; k < json_array_size(all); k++)
                json_object_set_new(json_array_get(all, k), "index",
                                    json_integer((json_int_t)(level + k)));
        while (json_array_size(all) > u->outer)
                json_array_remove(all, 0);
        return all;
}

static int unwind_walk(struct program *p, pid_t tid, size_t start, size_t max_frames,
                       size_t outer, struct program_bt *ret, struct frame_info **ret_info)
{
        /* One frame more than asked: whether the stack goes on past the limit. */
        struct unwind u = { .p = p, .tid = tid, .max = max_frames + 1,
                            .capture = ret_info != NULL, .outer = outer, .start = start };
        struct user_regs_struct orig, caller;
        Dwfl *dwfl;
        int r;

        assert(!(outer || start) || !ret_info);
        *ret = (struct program_bt){ .depth = -1 };
        r = ensure(p, true);
        if (r < 0)
                return r;
        entry_fn(p, &u.entry_lo, &u.entry_hi);
        if (outer || start) {
                u.ring = calloc(outer ? outer : 1, sizeof(*u.ring));
                u.memo = calloc(BT_MEMO, sizeof(*u.memo));
                if (!u.ring || !u.memo) {
                        free(u.ring);
                        free(u.memo);
                        return -ENOMEM;
                }
        }
        /* A Dwfl of the process for this walk only: its modules' CFI, and libdwfl
         * attached with assume_ptrace_stopped. Ended below, so idle sessions hold none. */
        dwfl = dwfl_begin(&proc_callbacks);
        if (!dwfl) {
                r = -ENOMEM;
                goto out;
        }
        dwfl_report_begin(dwfl);
        r = dwfl_linux_proc_report(dwfl, p->pid);
        if (dwfl_report_end(dwfl, NULL, NULL) != 0 && r == 0)
                r = -1;
        if (r == 0)
                r = dwfl_linux_proc_attach(dwfl, p->pid, true);
        if (r != 0) {
                /* > 0 an errno (the process is gone: ENOENT), < 0 a libdwfl error */
                dwfl_end(dwfl);
                r = r > 0 ? -r : -EIO;
                goto out;
        }
        u.frames = json_array();
        if (!u.frames) {
                dwfl_end(dwfl);
                r = -ENOMEM;
                goto out;
        }
        u.have_orig = ptrace_getregs(tid, &u.orig) == 0;
        if (wild_pc_caller(p, tid, &orig, &caller) && ptrace_setregs(tid, &caller) == 0) {
                /* Frame 0 is the wild pc; the walk starts at its caller, from registers
                 * set for it (libdwfl reads them with ptrace), put back right after. */
                json_array_append_new(u.frames, json_pack("{s:i,s:o,s:o}", "index", 0, "pc",
                                                          jrpc_addr(orig.rip), "sp",
                                                          jrpc_addr(orig.rsp)));
                u.called_from = true;
                r = dwfl_getthread_frames(dwfl, tid, frame_cb, &u);
                ptrace_setregs(tid, &orig);
        } else {
                r = dwfl_getthread_frames(dwfl, tid, frame_cb, &u);
        }
        /* A frame without CFI stopped the walk to go on from its caller (no_cfi_caller),
         * the same way: registers set for it, put back after. */
        for (size_t k = 0; u.resume && k < PROGRAM_BT_WALK; k++) {
                u.resume = false;
                if (ptrace_setregs(tid, &u.resume_regs) < 0)
                        break;
                u.resumed = true;
                r = dwfl_getthread_frames(dwfl, tid, frame_cb, &u);
                ptrace_setregs(tid, &u.orig);
        }
        if (json_array_size(u.frames) <= max_frames && !u.unended) {
                /* Why the walk ended, when not at the outermost frame (gdb's "Backtrace
                 * stopped: ..."): memory it could not read, libdwfl's error (-1; its
                 * errno is only meaningful then), or a return address not found. The
                 * walk's own stops (1: the entry function, main without CFI) and
                 * libdwfl's normal end (0) at a frame whose CFI says it is the
                 * outermost are none. */
                int e = r < 0 ? dwfl_errno() : 0;
                char msg[96];

                if (r == 0 && !u.bad_mem && walk_cut(&u, dwfl) && !u.bad_mem)
                        ret->error = json_string("the caller's frame could not be found");
                if (u.bad_mem) {
                        snprintf(msg, sizeof(msg), "Cannot access memory at address %#" PRIx64,
                                 u.bad_addr);
                        ret->error = json_string(msg);
                } else if (r < 0 && e) {
                        ret->error = json_string(dwfl_errmsg(e));
                }
        }
        for (size_t k = 0; u.base && k < json_array_size(u.frames); k++)
                json_object_set_new(json_array_get(u.frames, k), "index",
                                    json_integer((json_int_t)(u.base + k)));
        ret->more = json_array_size(u.frames) > max_frames;
        if (u.counting && !u.unended) {
                ret->depth = (json_int_t)u.depth;
                if (!u.skipping)
                        ret->outer = unwind_outer(&u, max_frames);
        } else if (!u.counting && !ret->more) {
                ret->depth = (json_int_t)(u.base + json_array_size(u.frames));
        }
        ret->unended = u.unended;
        dwfl_end(dwfl); /* (after unwind_outer: the names are the symbol files') */
        /* (the frames of tail calls come in before their caller's: more than one may
         * be past the limit) */
        while (!ret_info && json_array_size(u.frames) > max_frames)
                json_array_remove(u.frames, max_frames);
        ret->frames = u.frames;
        if (ret_info)
                *ret_info = u.info;
        r = 0;
out:
        free(u.ring);
        free(u.memo);
        return r;
}

static int backtrace_of(struct program *p, pid_t tid, size_t max_frames, size_t outer,
                        struct program_bt *ret)
{
        return unwind_walk(p, tid, 0, max_frames, outer, ret, NULL);
}

int program_backtrace(struct program *p, size_t start, size_t max_frames, size_t outer,
                      struct program_bt *ret)
{
        return unwind_walk(p, p->pid, start, max_frames, outer, ret, NULL);
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
#define SNAPSHOT_THREADS 16             /* other threads whose stacks a report shows */
#define SNAPSHOT_THREAD_FRAMES 64       /* frames of each */
#define SNAPSHOT_OUTER_FRAMES 8         /* the outermost, when the backtrace is cut */

void program_annotate_stop(struct program *p, uint64_t pc, json_t *obj)
{
        struct src_row row;

        program_annotate(p, pc, false, obj);
        if (program_line_at(p, pc, &row) == 0) {
                json_object_set_new(obj, "source", json_pack("{s:s,s:i}", "file", row.file,
                                                             "line", row.line));
                if (row.name)
                        json_object_set_new(json_object_get(obj, "source"), "name",
                                            json_string(row.name));
                if (row.lo != pc || !row.stmt) /* the Source's row (source_at) */
                        json_object_set_new(json_object_get(obj, "source"), "row",
                                            jrpc_addr(row.lo));
        }
}

static void annotate_stop(struct program *p, json_t *stop)
{
        uint64_t pc;

        json_object_del(stop, "symbol");
        json_object_del(stop, "source");
        if (jrpc_addr_parse(json_object_get(stop, "pc"), &pc) == 0)
                program_annotate_stop(p, pc, stop);
}


static bool symfile_entry(const struct symfile *f, uint64_t *ret)
{
        Dwarf_Addr bias;
        Elf *elf = dwfl_module_getelf(f->mod, &bias);
        GElf_Ehdr eh;

        if (!elf || !gelf_getehdr(elf, &eh))
                return false;
        *ret = eh.e_entry;
        return true;
}

/* PT_INTERP's path in f, into buf. */
static bool symfile_interp(const struct symfile *f, char *buf, size_t size)
{
        Dwarf_Addr bias;
        Elf *elf = dwfl_module_getelf(f->mod, &bias);
        GElf_Phdr ph;
        size_t len = 0;
        const char *raw = elf ? elf_rawfile(elf, &len) : NULL;

        if (!raw || !symfile_phdr(f, PT_INTERP, &ph) || ph.p_filesz == 0 ||
            ph.p_filesz >= size || ph.p_offset > len || ph.p_filesz > len - ph.p_offset)
                return false;
        memcpy(buf, raw + ph.p_offset, ph.p_filesz);
        buf[ph.p_filesz] = '\0';
        /* Absolute: the kernel would resolve a relative one from the program's cwd. */
        return buf[0] == '/' && strlen(buf) == ph.p_filesz - 1;
}

/* AT_BASE, AT_ENTRY and AT_PHDR from the aux vector on the stack of a process at its exec stop:
 * argc, argv[], NULL, envp[], NULL, then (type, value) pairs up to AT_NULL. */
static bool exec_auxv(pid_t pid, uint64_t sp, uint64_t *ret_base, uint64_t *ret_entry,
                      uint64_t *ret_phdr)
{
        uint64_t w[1024];
        /* To the end of sp's page, and the next one when that is little: one read that
         * does not run past the top of the stack. */
        size_t want = 4096 - (sp & 4095), words, i;
        struct iovec local = { w, want < 1024 ? want + 4096 : want };
        struct iovec remote = { (void *)(uintptr_t)sp, local.iov_len };
        ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);

        words = n > 0 ? (size_t)n / 8 : 0;

        if (words < 1 || w[0] >= words)
                return false;
        i = 1 + w[0] + 1; /* past argv and its NULL */
        while (i < words && w[i])
                i++;
        *ret_base = *ret_entry = *ret_phdr = 0;
        for (i++; i + 1 < words; i += 2) {
                if (w[i] == AT_NULL)
                        return *ret_entry != 0 && *ret_phdr != 0;
                if (w[i] == AT_BASE)
                        *ret_base = w[i + 1];
                else if (w[i] == AT_ENTRY)
                        *ret_entry = w[i + 1];
                else if (w[i] == AT_PHDR)
                        *ret_phdr = w[i + 1];
        }
        return false;
}

/* Annotate an exec stop without /proc/PID/maps, whose reading was a third of dbgd's
 * part of a spawn: at an exec stop the pc is the entry point of the interpreter (at
 * AT_BASE) or, for a static program, of the executable (AT_ENTRY), so the file and its
 * load bias follow from the aux vector, the executable's path (the spawn's, else
 * /proc/PID/exe) and its PT_INTERP. The module table itself stays unread until
 * something needs it. False when any of it does not add up (a script, a file replaced,
 * an unreadable stack): the caller then reads the table. */
static bool annotate_exec(struct program *p, uint64_t pc, uint64_t sp, json_t *stop)
{
        char link[64], path[PATH_MAX];
        struct symfile *exe = NULL, *interp = NULL;
        struct module m = { 0 };
        uint64_t base, entry, phdr, e_entry, exe_bias;
        GElf_Phdr ph;
        bool ok = false;
        ssize_t len;

        if (!exec_auxv(p->pid, sp, &base, &entry, &phdr))
                return false;
        if (p->exec_hint) { /* the spawn's own exec: the kernel's path walk is dear */
                snprintf(path, sizeof(path), "%s", p->exec_hint);
        } else {
                snprintf(link, sizeof(link), "/proc/%d/exe", (int)p->pid);
                len = readlink(link, path, sizeof(path) - 1);
                if (len <= 0)
                        return false;
                path[len] = '\0';
        }
        exe = symfile_get(path);
        if (!exe || !exe->dwfl || !symfile_entry(exe, &e_entry))
                goto out;
        /* The file is the one the kernel loaded, as far as its layout tells. */
        exe_bias = entry - e_entry;
        if (symfile_phdr(exe, PT_PHDR, &ph) && ph.p_vaddr + exe_bias != phdr)
                goto out;
        if (base) {
                if (!symfile_interp(exe, path, sizeof(path)))
                        goto out;
                interp = symfile_get(path);
                if (!interp || !interp->dwfl)
                        goto out;
                m.file = interp;
                m.bias = base - interp->vaddr;
        } else {
                m.file = exe;
                m.bias = exe_bias;
        }
        if (!symfile_entry(m.file, &e_entry) || pc - m.bias != e_entry)
                goto out; /* not at its entry point: let the table say where */
        ok = true;
        annotate_in(&m, pc, pc, stop);
out:
        symfile_unref(interp);
        symfile_unref(exe);
        return ok;
}

static json_t *snapshot_of(struct program *p, pid_t tid, json_t *stop,
                           const struct bp_table *bps);
static json_t *frames_vars(struct program *p, pid_t tid, size_t max_frames);

/* Frames whose variables a crash report shows (gdb's `bt full`, cut short). */
#define SNAPSHOT_VAR_FRAMES 8

void program_on_stop(struct program *p, json_t *stop, const struct bp_table *bps,
                     uint64_t sp)
{
        const char *reason = json_string_value(json_object_get(stop, "reason"));
        json_t *sig = json_object_get(stop, "signal");
        uint64_t pc;

        if (!p || !stop)
                return;
        if (reason && strcmp(reason, "exec") == 0) {
                bool done;

                program_invalidate(p);
                json_object_del(stop, "symbol");
                json_object_del(stop, "source");
                done = sp && jrpc_addr_parse(json_object_get(stop, "pc"), &pc) == 0 &&
                       annotate_exec(p, pc, sp, stop);
                program_exec_hint(p, NULL); /* for the first exec only */
                if (done)
                        return;
        } else {
                program_ran(p);
        }
        annotate_stop(p, stop);
        /* gdb's skip_inline_frames at a signal stop: a pc at the first instruction of
         * inlined code is shown in its caller, at the inlined call's line (the code is
         * not entered yet), as a step there shows it. The session shows the stop's
         * source so (program_inline_hidden); the next step enters it without running. */
        if (reason && strcmp(reason, "signal") == 0 &&
            jrpc_addr_parse(json_object_get(stop, "pc"), &pc) == 0) {
                const char *file;
                int line;

                p->inline_hidden = program_inline_starting(p, pc, 0, &file, &line);
        }
        if (reason && strcmp(reason, "signal") == 0 && !json_object_get(sig, "group_stop") &&
            stop_signal_fatal((int)json_integer_value(json_object_get(sig, "number")))) {
                json_decref(p->crash);
                p->crash = program_snapshot(p, stop, bps);
                p->crash_threads_due = p->crash != NULL;
        }
}

void program_on_pc_change(struct program *p, json_t *stop)
{
        if (p && stop)
                annotate_stop(p, stop);
}

void program_on_thread_signal(struct program *p, pid_t tid, json_t *stop,
                              const struct bp_table *bps)
{
        pid_t leader = p ? p->pid : 0;

        if (!p || !stop)
                return;
        /* Everything through the thread: its /proc/TID/maps and memory are the
         * process's, and they stay readable when the main thread has already left with
         * pthread_exit (a zombie leader has neither). */
        p->pid = tid;
        program_ran(p);
        annotate_stop(p, stop);
        json_decref(p->crash);
        p->crash = snapshot_of(p, tid, stop, bps);
        p->crash_threads_due = p->crash != NULL;
        p->pid = leader;
        program_ran(p); /* the table read through tid is the process's, but say so */
}

json_t *program_child_snapshot(pid_t pid, pid_t tid, json_t *stop)
{
        struct program *p = program_new(pid);
        json_t *o;

        if (!p)
                return NULL;
        p->pid = tid; /* everything through the thread, as program_on_thread_signal */
        annotate_stop(p, stop);
        o = snapshot_of(p, tid, stop, NULL);
        program_free(p);
        return o;
}

void program_set_inline_hidden(struct program *p, size_t n)
{
        if (p)
                p->inline_hidden = n;
}

size_t program_inline_hidden(const struct program *p)
{
        return p ? p->inline_hidden : 0;
}

void program_set_calls(struct program *p, struct program_calls *calls)
{
        p->calls = calls;
}

void program_set_thread(struct program *p, pid_t tid)
{
        if (!p || p->pid == tid)
                return;
        p->pid = tid;
        p->inline_hidden = 0; /* another thread's stop */
        program_ran(p); /* the same process, but what was read through the other is gone */
}

json_t *program_snapshot(struct program *p, json_t *stop, const struct bp_table *bps)
{
        return snapshot_of(p, p->pid, stop, bps);
}

static json_t *snapshot_of(struct program *p, pid_t tid, json_t *stop,
                           const struct bp_table *bps)
{
        struct code_mem m = { .pid = p->pid, .bps = bps };
        struct user_regs_struct regs;
        struct program_bt bt;
        json_t *o = json_object(), *v = NULL;

        if (!o)
                return NULL;
        json_object_set(o, "stop", stop);
        if (ptrace_getregs(tid, &regs) == 0) {
                json_t *r = json_object();

                for (const struct regs_name *n = regs_names; n->name; n++)
                        json_object_set_new(r, n->name, jrpc_addr(regs_get(&regs, n)));
                json_object_set_new(o, "registers", r);
                if (disasm_around(&m, p, regs.rip, SNAPSHOT_INSN_BEFORE, SNAPSHOT_INSN_AFTER,
                                  &v) == 0)
                        json_object_set_new(o, "disassembly", v);
        }
        if (backtrace_of(p, tid, SNAPSHOT_FRAMES, SNAPSHOT_OUTER_FRAMES, &bt) == 0) {
                json_object_set_new(o, "backtrace", bt.frames);
                if (bt.more) {
                        json_object_set_new(o, "backtrace_truncated", json_true());
                        if (bt.outer)
                                json_object_set_new(o, "backtrace_outer", bt.outer);
                        if (bt.depth >= 0)
                                json_object_set_new(o, "backtrace_depth",
                                                    json_integer(bt.depth));
                        else if (bt.unended)
                                json_object_set_new(o, "backtrace_depth_over",
                                                    json_integer(PROGRAM_BT_WALK));
                }
                if (bt.error)
                        json_object_set_new(o, "backtrace_error", bt.error);
        }
        if ((v = frames_vars(p, tid, SNAPSHOT_VAR_FRAMES)))
                json_object_set_new(o, "variables", v);
        if (program_maps(p->pid, &v) == 0)
                json_object_set_new(o, "maps", v);
        return o;
}

/* The name of thread tid (/proc/PID/task/TID/comm), or NULL. */
static json_t *thread_name(pid_t pid, pid_t tid)
{
        char path[64], buf[64];
        size_t n;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", (int)pid, (int)tid);
        f = fopen(path, "re");
        if (!f)
                return NULL;
        n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[n] = '\0';
        buf[strcspn(buf, "\n")] = '\0';
        return json_string(buf); /* NULL when not UTF-8 */
}

static int cmp_tid(const void *a, const void *b)
{
        pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

        return (x > y) - (x < y);
}

json_t *program_thread_stacks(struct program *p, const pid_t *tids, size_t n)
{
        pid_t sorted[SNAPSHOT_THREADS];
        size_t k = 0;
        json_t *list;

        for (size_t i = 0; i < n && k < SNAPSHOT_THREADS; i++)
                if (tids[i] != p->pid)
                        sorted[k++] = tids[i];
        if (k == 0 || !(list = json_array()))
                return NULL;
        qsort(sorted, k, sizeof(sorted[0]), cmp_tid);
        for (size_t i = 0; i < k; i++) {
                json_t *t = json_pack("{s:i}", "tid", (int)sorted[i]), *frames, *f0;
                json_t *name = thread_name(p->pid, sorted[i]);
                struct program_bt bt;

                if (!t) {
                        json_decref(name);
                        break;
                }
                if (name)
                        json_object_set_new(t, "name", name);
                if (backtrace_of(p, sorted[i], SNAPSHOT_THREAD_FRAMES, 0, &bt) == 0) {
                        frames = bt.frames;
                        if ((f0 = json_array_get(frames, 0))) {
                                json_object_set(t, "pc", json_object_get(f0, "pc"));
                                if (json_object_get(f0, "symbol"))
                                        json_object_set(t, "symbol",
                                                        json_object_get(f0, "symbol"));
                                if (json_object_get(f0, "source"))
                                        json_object_set(t, "source",
                                                        json_object_get(f0, "source"));
                        }
                        json_object_set_new(t, "backtrace", frames);
                        if (bt.more)
                                json_object_set_new(t, "backtrace_truncated", json_true());
                        if (bt.error)
                                json_object_set_new(t, "backtrace_error", bt.error);
                }
                json_array_append_new(list, t);
        }
        return list;
}

void program_crash_threads(struct program *p, const pid_t *tids, size_t n)
{
        json_t *list;

        if (!p || !p->crash_threads_due)
                return;
        p->crash_threads_due = false;
        if ((list = program_thread_stacks(p, tids, n)))
                json_object_set_new(p->crash, "threads", list);
}

/* ---- return types (finish) -------------------------------------------------------- */

static bool type_of(Dwarf_Die *die, Dwarf_Die *ret)
{
        Dwarf_Attribute a;

        return dwarf_attr_integrate(die, DW_AT_type, &a) && dwarf_formref_die(&a, ret);
}

/* A bit-field's offset in bits from its struct's start: DWARF 4 and 5's data_bit_offset
 * (gcc's), or DWARF 2's bit_offset, big-endian within its storage unit of byte_size
 * bytes at data_member_location (clang 14's). */
static bool bitfield_offset(Dwarf_Die *mem, Dwarf_Word bit_size, Dwarf_Word *ret)
{
        Dwarf_Attribute a;
        Dwarf_Word loc = 0, bo, bytes;
        Dwarf_Die t;

        if (dwarf_formudata(dwarf_attr(mem, DW_AT_data_bit_offset, &a), ret) == 0)
                return true;
        if (dwarf_formudata(dwarf_attr(mem, DW_AT_bit_offset, &a), &bo) != 0 ||
            (dwarf_hasattr(mem, DW_AT_data_member_location) &&
             dwarf_formudata(dwarf_attr(mem, DW_AT_data_member_location, &a), &loc) != 0))
                return false;
        if (dwarf_formudata(dwarf_attr(mem, DW_AT_byte_size, &a), &bytes) != 0 &&
            (!type_of(mem, &t) || dwarf_aggregate_size(&t, &bytes) != 0))
                return false;
        if (bo + bit_size > bytes * 8)
                return false;
        *ret = loc * 8 + bytes * 8 - bo - bit_size;
        return true;
}

/* Past typedefs and qualifiers (only qualifiers with cv_only): false at void. */
static bool type_strip(Dwarf_Die *t, Dwarf_Die *ret, bool cv_only)
{
        Dwarf_Die cur = *t;

        for (int depth = 0; depth < 32; depth++) {
                int tag = dwarf_tag(&cur);

                if (tag != DW_TAG_const_type && tag != DW_TAG_volatile_type &&
                    tag != DW_TAG_restrict_type && tag != DW_TAG_atomic_type &&
                    (cv_only || tag != DW_TAG_typedef)) {
                        *ret = cur;
                        return true;
                }
                if (!type_of(&cur, &cur))
                        return false;
        }
        return false;
}

#define ARRAY_DIMS_MAX 8

/* The dimensions of array type arr (its subranges' element counts, 0 when unknown):
 * how many, at most ARRAY_DIMS_MAX. */
static int array_dims(Dwarf_Die *arr, uint64_t *dims)
{
        Dwarf_Die sub;
        int n = 0;

        if (dwarf_child(arr, &sub) != 0)
                return 0;
        do {
                Dwarf_Attribute a;
                Dwarf_Word count = 0, upper = 0;

                if (dwarf_tag(&sub) != DW_TAG_subrange_type)
                        continue;
                if (n == ARRAY_DIMS_MAX)
                        return n;
                if (dwarf_formudata(dwarf_attr(&sub, DW_AT_count, &a), &count) != 0 &&
                    dwarf_formudata(dwarf_attr(&sub, DW_AT_upper_bound, &a), &upper) == 0)
                        count = upper + 1;
                dims[n++] = count;
        } while (dwarf_siblingof(&sub, &sub) == 0);
        return n;
}

/* lead, then "[3][4]": dims[skip..n) */
static void spell_dims(const uint64_t *dims, int n, int skip, const char *lead, char *buf,
                       size_t cap, size_t *len)
{
        if (*len < cap && skip < n)
                *len += (size_t)snprintf(buf + *len, cap - *len, "%s", lead);
        for (int i = skip; i < n && *len < cap; i++)
                *len += (size_t)(dims[i] ? snprintf(buf + *len, cap - *len, "[%" PRIu64 "]",
                                                    dims[i])
                                         : snprintf(buf + *len, cap - *len, "[]"));
}

/* The C++ scopes die is declared in, "ns::Outer::" (or "" when none, or not found),
 * into buf. */
/* cxx_scope's answers by DIE. Finding a DIE's scopes walks its unit from the start
 * (dwarf_getscopes_die), and spelling a C++ type does it for every class it names: a
 * frame of containers asked it thousands of times, most of `locals`' time there. The
 * memo is an open-addressed table keyed by the Dwarf and the DIE's offset, dropped
 * whole when a symbol file is freed (a new file's Dwarf may come at a freed one's
 * address) or when it would pass SCOPE_MEMO_MAX entries. */
struct scope_memo {
        Dwarf *dbg; /* NULL: a free slot */
        Dwarf_Off off;
        char *scope;
};

#define SCOPE_MEMO_MAX 65536

static struct scope_memo *scope_memo;
static size_t scope_memo_cap, scope_memo_n;

static void scope_memo_clear(void)
{
        scopes_memo_clear();
        for (size_t i = 0; i < scope_memo_cap; i++)
                free(scope_memo[i].scope);
        free(scope_memo);
        scope_memo = NULL;
        scope_memo_cap = scope_memo_n = 0;
}

static struct scope_memo *scope_memo_slot(struct scope_memo *t, size_t cap, Dwarf *dbg,
                                          Dwarf_Off off)
{
        size_t i = (size_t)((off * 0x9e3779b97f4a7c15ULL) ^ (uintptr_t)dbg) & (cap - 1);

        while (t[i].dbg && (t[i].dbg != dbg || t[i].off != off))
                i = (i + 1) & (cap - 1);
        return &t[i];
}

/* Keep scope as the answer for (dbg, off); nothing when out of memory. */
static void scope_memo_put(Dwarf *dbg, Dwarf_Off off, const char *scope)
{
        struct scope_memo *slot;

        if (scope_memo_n + 1 > scope_memo_cap / 2) {
                size_t cap = scope_memo_cap ? scope_memo_cap * 2 : 256;
                struct scope_memo *t;

                if (cap > 2 * SCOPE_MEMO_MAX) {
                        scope_memo_clear();
                        cap = 256;
                }
                t = calloc(cap, sizeof(*t));
                if (!t)
                        return;
                for (size_t i = 0; i < scope_memo_cap; i++)
                        if (scope_memo[i].dbg)
                                *scope_memo_slot(t, cap, scope_memo[i].dbg,
                                                 scope_memo[i].off) = scope_memo[i];
                free(scope_memo);
                scope_memo = t;
                scope_memo_cap = cap;
        }
        slot = scope_memo_slot(scope_memo, scope_memo_cap, dbg, off);
        slot->scope = strdup(scope);
        if (!slot->scope)
                return;
        slot->dbg = dbg;
        slot->off = off;
        scope_memo_n++;
}

static void cxx_scope(Dwarf_Die *die, char *buf, size_t cap)
{
        Dwarf *dbg = die->cu ? dwarf_cu_getdwarf(die->cu) : NULL;
        Dwarf_Off off = dwarf_dieoffset(die);
        Dwarf_Die *scopes = NULL;
        size_t len = 0;
        int n;

        buf[0] = 0;
        if (dbg && scope_memo_cap) {
                struct scope_memo *m = scope_memo_slot(scope_memo, scope_memo_cap, dbg, off);

                if (m->dbg) {
                        snprintf(buf, cap, "%s", m->scope);
                        return;
                }
        }
        n = dwarf_getscopes_die(die, &scopes);
        for (int i = n - 1; i >= 1 && len < cap; i--) {
                int tag = dwarf_tag(&scopes[i]);
                const char *name = dwarf_diename(&scopes[i]);

                if (tag != DW_TAG_namespace && tag != DW_TAG_structure_type &&
                    tag != DW_TAG_class_type && tag != DW_TAG_union_type)
                        continue;
                len += (size_t)snprintf(buf + len, cap - len, "%s::",
                                        name ? name : "(anonymous namespace)");
        }
        free(scopes);
        if (dbg && n > 0 && len < cap) /* (a cut one would be cut for all callers) */
                scope_memo_put(dbg, off, buf);
}

static void type_spell(Dwarf_Die *t, bool cxx, char *buf, size_t cap, size_t *len, int depth);

/* A function (or function type) fn as C spells its type, with mid between the return
 * type and the parameters: "int (*)(int, char **)" for mid " (*)", "int (int)" for
 * " ". */
static void spell_call(Dwarf_Die *fn, bool cxx, const char *mid, char *buf, size_t cap,
                       size_t *len, int depth)
{
        Dwarf_Die rt, child;
        bool any = false;

        type_spell(type_of(fn, &rt) ? &rt : NULL, cxx, buf, cap, len, depth + 1);
        if (*len < cap)
                *len += (size_t)snprintf(buf + *len, cap - *len, "%s(", mid);
        if (dwarf_child(fn, &child) == 0) {
                do {
                        Dwarf_Die pt;
                        int tag = dwarf_tag(&child);

                        if (tag != DW_TAG_formal_parameter && tag != DW_TAG_unspecified_parameters)
                                continue;
                        if (any && *len < cap)
                                *len += (size_t)snprintf(buf + *len, cap - *len, ", ");
                        if (tag == DW_TAG_unspecified_parameters) {
                                if (*len < cap)
                                        *len += (size_t)snprintf(buf + *len, cap - *len, "...");
                        } else {
                                size_t at = *len;

                                type_spell(type_of(&child, &pt) ? &pt : NULL, cxx, buf, cap, len,
                                           depth + 1);
                                /* a method's this is a constant pointer, as gdb says */
                                if (cxx && dwarf_hasattr(&child, DW_AT_artificial) &&
                                    *len > at && *len < cap && buf[*len - 1] == '*')
                                        *len += (size_t)snprintf(buf + *len, cap - *len,
                                                                 " const");
                        }
                        any = true;
                } while (dwarf_siblingof(&child, &child) == 0);
        }
        if (*len < cap)
                *len += (size_t)snprintf(buf + *len, cap - *len, "%s)", any ? "" : "void");
}

/* The type as C (or C++, without the struct/enum/union keyword) spells it, appended
 * to buf[*len..cap). t NULL is void. */
/* The base type name just spelled at the end of buf as gdb spells it in C++ (its
 * canonical form): gcc's "long int" is "long", "long unsigned int" "unsigned long",
 * "short int" "short", "long long unsigned int" "unsigned long long". */
/* Every base type name in s (a class's name, its template arguments: vector<long int,
 * std::allocator<long int> >) in the canonical form gdb shows (cxx_base_name's), in
 * place: they only get shorter. */
/* A template argument "const T" as gdb's canonical names have it, "T const" (gcc
 * names a map's pair `pair<const std::__cxx11::basic_string<...>, int>`, gdb
 * `pair<std::__cxx11::basic_string<...> const, int>`). Arguments with a pointer or a
 * reference at their top level are left alone. */
static void cxx_const_last(char *s)
{
        char *at = s;

        while ((at = strstr(at, "const ")) != NULL) {
                char *arg = at + 6, *end = arg;
                int depth = 0;
                bool plain = true;

                if (at == s || !(at[-1] == '<' || (at - s >= 2 && at[-2] == ',' &&
                                                    at[-1] == ' '))) {
                        at += 6;
                        continue;
                }
                for (; *end; end++) {
                        if (*end == '<' || *end == '(')
                                depth++;
                        else if ((*end == '>' || *end == ')') && depth-- == 0)
                                break;
                        else if (*end == ',' && depth == 0)
                                break;
                        else if ((*end == '*' || *end == '&') && depth == 0)
                                plain = false;
                }
                if (!plain || !*end || end == arg) {
                        at += 6;
                        continue;
                }
                /* "const T" -> "T const": the same length */
                size_t n = (size_t)(end - arg);

                memmove(at, arg, n);
                memcpy(at + n, " const", 6);
                at = end;
        }
}

static void cxx_canon(char *s)
{
        static const char *const names[][2] = {
                { "long long unsigned int", "unsigned long long" },
                { "long long int", "long long" },
                { "long unsigned int", "unsigned long" },
                { "short unsigned int", "unsigned short" },
                { "long int", "long" },
                { "short int", "short" },
        };

        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
                size_t n = strlen(names[i][0]), m = strlen(names[i][1]);
                char *at = s;

                while ((at = strstr(at, names[i][0])) != NULL) {
                        bool starts = at == s || strchr(" <(,", at[-1]);
                        bool ends = !at[n] || strchr(" >),*&", at[n]);

                        if (!starts || !ends) {
                                at += n;
                                continue;
                        }
                        memcpy(at, names[i][1], m);
                        memmove(at + m, at + n, strlen(at + n) + 1);
                        at += m;
                }
        }
        cxx_const_last(s);
}

static void cxx_base_name(char *buf, size_t cap, size_t *len)
{
        static const char *const names[][2] = {
                { "long int", "long" },
                { "long unsigned int", "unsigned long" },
                { "short int", "short" },
                { "short unsigned int", "unsigned short" },
                { "long long int", "long long" },
                { "long long unsigned int", "unsigned long long" },
        };

        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && *len < cap; i++) {
                size_t n = strlen(names[i][0]);

                if (*len >= n && strcmp(buf + *len - n, names[i][0]) == 0 &&
                    (*len == n || buf[*len - n - 1] == ' ' || buf[*len - n - 1] == '<' ||
                     buf[*len - n - 1] == '(' || buf[*len - n - 1] == ',')) {
                        *len -= n;
                        *len += (size_t)sprintf(buf + *len, "%s", names[i][1]);
                        return;
                }
        }
}

static void type_spell(Dwarf_Die *t, bool cxx, char *buf, size_t cap, size_t *len, int depth)
{
#define SPELL(...)                                                                     \
        do {                                                                           \
                if (*len < cap)                                                        \
                        *len += (size_t)snprintf(buf + *len, cap - *len, __VA_ARGS__); \
        } while (0)
        Dwarf_Die in, *inp;
        const char *name = t ? dwarf_diename(t) : "void";
        int tag = t ? dwarf_tag(t) : DW_TAG_base_type;

        if (depth > 16) {
                SPELL("?");
                return;
        }
        inp = t && type_of(t, &in) ? &in : NULL;
        switch (tag) {
        case DW_TAG_structure_type:
        case DW_TAG_class_type:
        case DW_TAG_union_type:
        case DW_TAG_enumeration_type:
                if (cxx) {
                        char scope[256];
                        size_t at = *len;

                        cxx_scope(t, scope, sizeof(scope));
                        SPELL("%s%s", scope, name ? name : "{...}");
                        if (*len < cap) { /* vector<long int>: vector<long> */
                                cxx_canon(buf + at);
                                *len = at + strlen(buf + at);
                        }
                        break;
                }
                SPELL("%s%s", tag == DW_TAG_union_type           ? "union "
                              : tag == DW_TAG_enumeration_type ? "enum "
                                                               : "struct ",
                      name ? name : "{...}");
                break;
        case DW_TAG_const_type:
        case DW_TAG_volatile_type:
        case DW_TAG_restrict_type: { /* int * restrict, as gdb */
                const char *q = tag == DW_TAG_const_type      ? "const"
                                : tag == DW_TAG_volatile_type ? "volatile"
                                                              : "restrict";
                size_t at = *len;

                type_spell(inp, cxx, buf, cap, len, depth + 1);
                if (*len > at && *len < cap && buf[*len - 1] == '*') {
                        SPELL(" %s", q);
                } else if (*len < cap) { /* "const int": the qualifier goes first */
                        size_t ql = strlen(q) + 1, n = *len - at;

                        /* const int [6] whose elements are const already: said once */
                        if (n >= ql && strncmp(buf + at, q, ql - 1) == 0 && buf[at + ql - 1] == ' ')
                                break;
                        if (*len + ql < cap) {
                                memmove(buf + at + ql, buf + at, n + 1);
                                memcpy(buf + at, q, ql - 1);
                                buf[at + ql - 1] = ' ';
                                *len += ql;
                        }
                }
                break;
        }
        case DW_TAG_pointer_type:
        case DW_TAG_reference_type:
        case DW_TAG_rvalue_reference_type: {
                const char *mark = tag == DW_TAG_pointer_type ? "*"
                                   : tag == DW_TAG_reference_type ? "&" : "&&";

                if (inp && dwarf_tag(inp) == DW_TAG_subroutine_type) {
                        /* A pointer to a function: RET (*)(ARGS) */
                        char mid[8];

                        snprintf(mid, sizeof(mid), " (%s)", mark);
                        spell_call(inp, cxx, mid, buf, cap, len, depth + 1);
                        break;
                }
                if (inp && dwarf_tag(inp) == DW_TAG_pointer_type) {
                        /* to a pointer (to a pointer...) to a function: the marks
                         * inside the parentheses, innermost first, int (**)(int),
                         * int (*&)(int) */
                        char marks[24];
                        Dwarf_Die cur = *inp;
                        int ctag = DW_TAG_pointer_type;
                        size_t n = 0;

                        while (n + 3 < sizeof(marks) - strlen(mark) &&
                               ctag == DW_TAG_pointer_type) {
                                marks[n++] = '*';
                                if (!type_of(&cur, &cur))
                                        break;
                                ctag = dwarf_tag(&cur);
                        }
                        if (ctag == DW_TAG_subroutine_type) {
                                char mid[32];

                                marks[n] = 0;
                                snprintf(mid, sizeof(mid), " (%s%s)", marks, mark);
                                spell_call(&cur, cxx, mid, buf, cap, len, depth + 1);
                                break;
                        }
                }
                if (inp && dwarf_tag(inp) == DW_TAG_array_type) { /* int (*)[4] */
                        Dwarf_Die elem;
                        uint64_t dims[ARRAY_DIMS_MAX];
                        int nd = array_dims(inp, dims);

                        type_spell(type_of(inp, &elem) ? &elem : NULL, cxx, buf, cap, len,
                                   depth + 1);
                        SPELL(" (%s)", mark);
                        spell_dims(dims, nd, 0, "", buf, cap, len);
                        break;
                }
                type_spell(inp, cxx, buf, cap, len, depth + 1);
                SPELL("%s%s", *len > 0 && *len < cap && buf[*len - 1] == '*' ? "" : " ", mark);
                break;
        }
        case DW_TAG_ptr_to_member_type: { /* int K::*, int (K::*)(const K * const) */
                Dwarf_Attribute a;
                Dwarf_Die cls;
                char mid[300];
                size_t ml = 0;

                if (!dwarf_formref_die(dwarf_attr(t, DW_AT_containing_type, &a), &cls)) {
                        SPELL("?");
                        break;
                }
                if (inp && dwarf_tag(inp) == DW_TAG_subroutine_type) {
                        mid[ml++] = ' ';
                        mid[ml++] = '(';
                        type_spell(&cls, cxx, mid, sizeof(mid) - 4, &ml, depth + 1);
                        snprintf(mid + ml, sizeof(mid) - ml, "::*)");
                        spell_call(inp, cxx, mid, buf, cap, len, depth + 1);
                        break;
                }
                type_spell(inp, cxx, buf, cap, len, depth + 1);
                SPELL(" ");
                type_spell(&cls, cxx, buf, cap, len, depth + 1);
                SPELL("::*");
                break;
        }
        case DW_TAG_array_type: {
                uint64_t dims[ARRAY_DIMS_MAX];
                int nd = array_dims(t, dims);
                Dwarf_Die fn;

                if (nd && inp && dwarf_tag(inp) == DW_TAG_pointer_type && type_of(inp, &fn) &&
                    dwarf_tag(&fn) == DW_TAG_subroutine_type) {
                        /* of pointers to functions: int (*[2])(int), as gdb */
                        char mid[96] = " (*";
                        size_t ml = 3;

                        spell_dims(dims, nd, 0, "", mid, sizeof(mid) - 2, &ml);
                        if (ml < sizeof(mid) - 2) {
                                mid[ml++] = ')';
                                mid[ml] = 0;
                                spell_call(&fn, cxx, mid, buf, cap, len, depth + 1);
                                break;
                        }
                }
                type_spell(inp, cxx, buf, cap, len, depth + 1);
                if (nd)
                        spell_dims(dims, nd, 0, " ", buf, cap, len);
                else
                        SPELL(" []");
                break;
        }
        case DW_TAG_typedef:
                if (cxx) {
                        char scope[256];

                        cxx_scope(t, scope, sizeof(scope));
                        SPELL("%s%s", scope, name ? name : "?");
                        break;
                }
                SPELL("%s", name ? name : "?");
                break;
        default:
                SPELL("%s", name ? name : "?");
                if (cxx && tag == DW_TAG_base_type && name)
                        cxx_base_name(buf, cap, len); /* long int: long, as gdb's */
                break;
        }
#undef SPELL
}

static bool is_cxx(Dwarf_Die *cu)
{
        int lang = dwarf_srclang(cu);

        return lang == DW_LANG_C_plus_plus || lang == DW_LANG_C_plus_plus_03 ||
               lang == DW_LANG_C_plus_plus_11 || lang == DW_LANG_C_plus_plus_14;
}

static bool struct_read(Dwarf_Die *st, struct ret_type *rt, bool cxx, int depth);
static bool by_reference(Dwarf_Die *cls, int depth);

static void enum_read(Dwarf_Die *e, struct ret_type *rt)
{
        Dwarf_Die child, under;
        Dwarf_Word enc = 0;
        Dwarf_Attribute a;
        size_t cap = 0;

        if (type_of(e, &under) && type_strip(&under, &under, false))
                dwarf_formudata(dwarf_attr(&under, DW_AT_encoding, &a), &enc);
        rt->is_signed = enc == DW_ATE_signed || enc == DW_ATE_signed_char;
        rt->flag_enum = true;
        if (dwarf_child(e, &child) != 0)
                return;
        do {
                Dwarf_Sword v = 0;
                const char *name = dwarf_diename(&child);

                if (dwarf_tag(&child) != DW_TAG_enumerator || !name ||
                    dwarf_formsdata(dwarf_attr(&child, DW_AT_const_value, &a), &v) != 0)
                        continue;
                if (rt->n_enums == cap) {
                        size_t nc = cap ? cap * 2 : 8;
                        struct ret_enumerator *ne = realloc(rt->enums, nc * sizeof(*ne));

                        if (!ne)
                                return;
                        rt->enums = ne;
                        cap = nc;
                }
                rt->enums[rt->n_enums].value = v;
                rt->enums[rt->n_enums].name = strdup(name);
                if (!rt->enums[rt->n_enums].name)
                        return;
                rt->n_enums++;
                /* gdb's rule: every value 0 or a single bit (duplicates allowed) */
                if (v < 0 || __builtin_popcountll((uint64_t)v) > 1)
                        rt->flag_enum = false;
        } while (dwarf_siblingof(&child, &child) == 0);
}

static struct ret_type *type_read(Dwarf_Die *t, bool cxx, int depth);
static char *type_spell_dup(Dwarf_Die *t, bool cxx);

/* Array type arr with its first skip dimensions gone (what arr[i]... of that many
 * indexes is): nested RET_ARRAYs, named "int [4]"; RET_OTHER when a dimension or the
 * element type is not known. NULL on ENOMEM. */
static struct ret_type *array_read(Dwarf_Die *arr, int skip, bool cxx, int depth)
{
        uint64_t dims[ARRAY_DIMS_MAX];
        int nd = array_dims(arr, dims);
        struct ret_type *inner = NULL;
        Dwarf_Die elem;
        char *ename = type_of(arr, &elem) ? type_spell_dup(&elem, cxx) : strdup("?");
        size_t elen = ename ? strlen(ename) : 0;

        if (!ename)
                return NULL;
        if (type_of(arr, &elem))
                inner = depth < 8 ? type_read(&elem, cxx, depth + 1) : NULL;
        if (!inner) {
                inner = calloc(1, sizeof(*inner));
                if (!inner || !(inner->name = strdup("?"))) {
                        ret_type_free(inner);
                        free(ename);
                        return NULL;
                }
                inner->cls = RET_OTHER;
        }
        if (nd == 0) { /* int []: not printed */
                struct ret_type *rt = calloc(1, sizeof(*rt));

                if (!rt) {
                        ret_type_free(inner);
                        free(ename);
                        return NULL;
                }
                rt->cls = RET_OTHER;
                rt->members = calloc(1, sizeof(*rt->members));
                if (rt->members) {
                        rt->members[0].type = inner;
                        rt->n_members = 1;
                } else {
                        ret_type_free(inner);
                }
                rt->name = malloc(elen + 4);
                if (rt->name)
                        snprintf(rt->name, elen + 4, "%s []", ename);
                free(ename);
                if (!rt->members || !rt->name) {
                        ret_type_free(rt);
                        return NULL;
                }
                return rt;
        }
        for (int i = nd - 1; i >= skip; i--) {
                struct ret_type *rt = calloc(1, sizeof(*rt));
                size_t cap = elen + 2 + 24 * ARRAY_DIMS_MAX, len = 0;
                char *name = malloc(cap);

                if (!rt || !name || !(rt->members = calloc(1, sizeof(*rt->members)))) {
                        free(rt);
                        free(name);
                        free(ename);
                        ret_type_free(inner);
                        return NULL;
                }
                rt->members[0].type = inner;
                rt->n_members = 1;
                rt->size = (unsigned)(dims[i] * inner->size);
                rt->cls = inner->cls != RET_OTHER && inner->size &&
                                          (dims[i] || i == 0) &&
                                          dims[i] * inner->size <= RET_STRUCT_MAX
                                  ? RET_ARRAY /* of size 0: a flexible array member */
                                  : RET_OTHER;
                len = (size_t)snprintf(name, cap, "%s", ename);
                spell_dims(dims, nd, i, " ", name, cap, &len);
                rt->name = name;
                inner = rt;
        }
        free(ename);
        return inner;
}

/* The ret_type of DWARF type t (see retval.h), or NULL on ENOMEM. */
static bool add_member(struct ret_type *rt, size_t *cap, const char *name, uint64_t off,
                       struct ret_type *m, unsigned bit_size, unsigned bit_off);

/* Data member name of class cls, into *ret. */
static bool member_die(Dwarf_Die *cls, const char *name, Dwarf_Die *ret)
{
        if (dwarf_child(cls, ret) != 0)
                return false;
        do {
                const char *n = dwarf_diename(ret);

                if (dwarf_tag(ret) == DW_TAG_member && n && strcmp(n, name) == 0)
                        return true;
        } while (dwarf_siblingof(ret, ret) == 0);
        return false;
}

/* The offset of data member name of class cls, or -1. */
static int64_t member_offset(Dwarf_Die *cls, const char *name)
{
        Dwarf_Attribute a;
        Dwarf_Word off = 0;
        Dwarf_Die m;

        if (!member_die(cls, name, &m) ||
            dwarf_formudata(dwarf_attr(&m, DW_AT_data_member_location, &a), &off) != 0)
                return -1;
        return (int64_t)off;
}

/* The type of the nth (from 1) template type parameter of class die, into *ret. */
static bool template_arg(Dwarf_Die *die, int nth, Dwarf_Die *ret)
{
        Dwarf_Die child;

        if (dwarf_child(die, &child) != 0)
                return false;
        do {
                if (dwarf_tag(&child) == DW_TAG_template_type_parameter && --nth == 0)
                        return type_of(&child, ret);
        } while (dwarf_siblingof(&child, &child) == 0);
        return false;
}

/* The elements of a std::tuple under _Tuple_impl (or the tuple itself) impl at byte
 * base: each _Head_base<K, T>'s _M_head_impl, into at[K] (offset, type DIE). false
 * when the layout is not libstdc++'s (an empty element, optimized into a base). */
struct tuple_at {
        uint64_t off;
        Dwarf_Die type;
        bool have;
};

static bool tuple_elements(Dwarf_Die *impl, uint64_t base, struct tuple_at *at, size_t max,
                           int depth)
{
        Dwarf_Die child, bt, m;

        if (depth > 64 || dwarf_child(impl, &child) != 0)
                return true; /* nothing under it: std::tuple<> */
        do {
                Dwarf_Attribute a;
                Dwarf_Word off = 0;
                const char *n;
                unsigned long k;
                int64_t moff;

                if (dwarf_tag(&child) != DW_TAG_inheritance)
                        continue;
                if (dwarf_formudata(dwarf_attr(&child, DW_AT_data_member_location, &a), &off) != 0 ||
                    !type_of(&child, &bt) || !type_strip(&bt, &bt, false) ||
                    !(n = dwarf_diename(&bt)))
                        return false;
                if (strncmp(n, "_Tuple_impl<", 12) == 0) {
                        if (!tuple_elements(&bt, base + off, at, max, depth + 1))
                                return false;
                        continue;
                }
                if (strncmp(n, "_Head_base<", 11) != 0)
                        continue;
                k = strtoul(n + 11, NULL, 10);
                moff = member_offset(&bt, "_M_head_impl");
                if (k >= max || moff < 0 || !member_die(&bt, "_M_head_impl", &m) ||
                    !type_of(&m, &at[k].type))
                        return false;
                at[k].off = base + off + (uint64_t)moff;
                at[k].have = true;
        } while (dwarf_siblingof(&child, &child) == 0);
        return true;
}


/* A std::pair is its first and second alone, as gdb's printer shows it: {first = 1,
 * second = 2.5}, without its empty base (libstdc++'s __pair_base). */
static void pair_bases_drop(struct ret_type *rt)
{
        size_t keep = 0;

        for (size_t i = 0; i < rt->n_members; i++) {
                struct ret_member *m = &rt->members[i];

                if (m->name[0] == '<' && i + 2 < rt->n_members) {
                        free(m->name);
                        free(m->linkage);
                        ret_type_free(m->type);
                        continue;
                }
                rt->members[keep++] = *m;
        }
        rt->n_members = keep;
}

/* Is there a typedef named name in namespace std of the unit of die whose type is die?
 * (gdb's type printers for std::string and its kin look the typedef up: without it,
 * the class keeps its name.) */
static bool std_typedef_of(Dwarf_Die *die, const char *name)
{
        Dwarf_Die cu, ns, child, t;

        if (!dwarf_diecu(die, &cu, NULL, NULL) || dwarf_child(&cu, &ns) != 0)
                return false;
        do {
                if (dwarf_tag(&ns) != DW_TAG_namespace || !dwarf_diename(&ns) ||
                    strcmp(dwarf_diename(&ns), "std") != 0 || dwarf_child(&ns, &child) != 0)
                        continue;
                do {
                        if (dwarf_tag(&child) == DW_TAG_typedef && dwarf_diename(&child) &&
                            strcmp(dwarf_diename(&child), name) == 0 && type_of(&child, &t) &&
                            dwarf_dieoffset(&t) == dwarf_dieoffset(die))
                                return true;
                } while (dwarf_siblingof(&child, &child) == 0);
        } while (dwarf_siblingof(&ns, &ns) == 0);
        return false;
}

/* s without the spaces before a '>' (DWARF's "a<b<c> >" against gdb's "a<b<c>>"). */
static void squeeze_angles(char *s)
{
        char *o = s;

        for (; *s; s++)
                if (!(*s == ' ' && s[1] == '>'))
                        *o++ = *s;
        *o = 0;
}

/* Type t as gdb's libstdc++ type printers name it where a printer spells a template
 * argument (std::optional's, std::variant's alternatives): std::string for
 * basic_string<char> (and its wide kin) where the program has the typedef, a container
 * without its default arguments (std::vector<int>, std::map<int, long>), in those
 * arguments pointers and references to such as `std::string*`; else as type_spell
 * spells it. depth: 0 for a printer's argument. malloc'd, or NULL on ENOMEM. */
static char *std_recognize(Dwarf_Die *t, int depth)
{
        static const struct { const char *name; const char *dflt[3]; } tmpl[] = {
                { "unique_ptr", { "std::default_delete<{0}>" } },
                { "deque", { "std::allocator<{0}>" } },
                { "forward_list", { "std::allocator<{0}>" } },
                { "list", { "std::allocator<{0}>" } },
                { "vector", { "std::allocator<{0}>" } },
                { "map", { "std::less<{0}>", "std::allocator<std::pair<{0} const, {1}>>" } },
                { "multimap", { "std::less<{0}>", "std::allocator<std::pair<{0} const, {1}>>" } },
                { "set", { "std::less<{0}>", "std::allocator<{0}>" } },
                { "multiset", { "std::less<{0}>", "std::allocator<{0}>" } },
                { "unordered_map", { "std::hash<{0}>", "std::equal_to<{0}>",
                                     "std::allocator<std::pair<{0} const, {1}>>" } },
                { "unordered_multimap", { "std::hash<{0}>", "std::equal_to<{0}>",
                                          "std::allocator<std::pair<{0} const, {1}>>" } },
                { "unordered_set", { "std::hash<{0}>", "std::equal_to<{0}>",
                                     "std::allocator<{0}>" } },
                { "unordered_multiset", { "std::hash<{0}>", "std::equal_to<{0}>",
                                          "std::allocator<{0}>" } },
        };
        static const char *const strings[] = { "string", "wstring", "u8string", "u16string",
                                                "u32string" };
        int tag = dwarf_tag(t);
        const char *n = dwarf_diename(t);
        Dwarf_Die inner;

        /* (a pointer itself is no class: the printers' own argument is spelled
         * plainly; inside a container's, gdb's printer spells it `std::string*`) */
        if (depth > 0 && depth < 8 &&
            (tag == DW_TAG_pointer_type || tag == DW_TAG_reference_type ||
             tag == DW_TAG_rvalue_reference_type) && type_of(t, &inner)) {
                char *in = std_recognize(&inner, depth + 1), *r;
                const char *suffix = tag == DW_TAG_pointer_type ? "*"
                                     : tag == DW_TAG_reference_type ? "&" : "&&";

                if (!in || !(r = malloc(strlen(in) + 3))) {
                        free(in);
                        return NULL;
                }
                sprintf(r, "%s%s", in, suffix);
                free(in);
                return r;
        }
        if ((tag != DW_TAG_structure_type && tag != DW_TAG_class_type) || !n || depth > 8)
                return type_spell_dup(t, true);
        if (strncmp(n, "basic_string<", 13) == 0) {
                for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
                        char *r;

                        if (!std_typedef_of(t, strings[i]))
                                continue;
                        if ((r = malloc(strlen(strings[i]) + 6)))
                                sprintf(r, "std::%s", strings[i]);
                        return r;
                }
                return type_spell_dup(t, true);
        }
        for (size_t i = 0; i < sizeof(tmpl) / sizeof(tmpl[0]); i++) {
                size_t k = strlen(tmpl[i].name), nkeep, len = 0;
                char *args[2] = { NULL, NULL }, *shown[2] = { NULL, NULL }, *r = NULL;
                bool ok = true;
                Dwarf_Die a;

                if (strncmp(n, tmpl[i].name, k) != 0 || n[k] != '<')
                        continue;
                /* the arguments shown: those the defaults are made of */
                nkeep = 1;
                for (size_t d = 0; d < 3 && tmpl[i].dflt[d]; d++)
                        if (strstr(tmpl[i].dflt[d], "{1}"))
                                nkeep = 2;
                for (size_t j = 0; j < nkeep && ok; j++) {
                        ok = template_arg(t, (int)j + 1, &a) &&
                             (args[j] = type_spell_dup(&a, true)) &&
                             (shown[j] = std_recognize(&a, depth + 1));
                        if (ok)
                                squeeze_angles(args[j]);
                }
                /* each default argument as the class has it */
                for (size_t d = 0; d < 3 && tmpl[i].dflt[d] && ok; d++) {
                        char want[1024], *have;
                        const char *f = tmpl[i].dflt[d];
                        size_t w = 0;

                        for (; *f && w + 1 < sizeof(want); f++) {
                                if (f[0] == '{' && (f[1] == '0' || f[1] == '1') && f[2] == '}') {
                                        w += (size_t)snprintf(want + w, sizeof(want) - w, "%s",
                                                              args[f[1] - '0']);
                                        f += 2;
                                } else {
                                        want[w++] = *f;
                                }
                        }
                        want[w < sizeof(want) ? w : sizeof(want) - 1] = 0;
                        ok = template_arg(t, (int)(nkeep + d + 1), &a) &&
                             (have = type_spell_dup(&a, true));
                        if (ok) {
                                squeeze_angles(have);
                                ok = strcmp(have, want) == 0;
                                free(have);
                        }
                }
                if (ok) {
                        len = k + 8 + strlen(shown[0]) + (shown[1] ? strlen(shown[1]) + 2 : 0);
                        if ((r = malloc(len)))
                                sprintf(r, "std::%s<%s%s%s>", tmpl[i].name, shown[0],
                                        shown[1] ? ", " : "", shown[1] ? shown[1] : "");
                }
                for (size_t j = 0; j < 2; j++) {
                        free(args[j]);
                        free(shown[j]);
                }
                return ok ? r : type_spell_dup(t, true);
        }
        return type_spell_dup(t, true);
}

/* Member name of class cls or of one of its (non-virtual) bases, at any depth: its
 * offset into cls, into *ret_off, and its DIE. */
static bool deep_member(Dwarf_Die *cls, const char *name, uint64_t *ret_off, Dwarf_Die *ret_m,
                        int depth)
{
        Dwarf_Die child, bt;
        int64_t off = member_offset(cls, name);

        if (off >= 0 && member_die(cls, name, ret_m)) {
                *ret_off = (uint64_t)off;
                return true;
        }
        if (depth > 16 || dwarf_child(cls, &child) != 0)
                return false;
        do {
                Dwarf_Attribute a;
                Dwarf_Word boff = 0;
                uint64_t inner;

                if (dwarf_tag(&child) != DW_TAG_inheritance ||
                    dwarf_hasattr(&child, DW_AT_virtuality) ||
                    dwarf_formudata(dwarf_attr(&child, DW_AT_data_member_location, &a),
                                    &boff) != 0 ||
                    !type_of(&child, &bt) || !type_strip(&bt, &bt, false))
                        continue;
                if (deep_member(&bt, name, &inner, ret_m, depth + 1)) {
                        *ret_off = boff + inner;
                        return true;
                }
        } while (dwarf_siblingof(&child, &child) == 0);
        return false;
}

/* libstdc++'s std::variant<Ts...> (cls): rt becomes RET_STD_VARIANT, named as gdb's
 * printer names it (std::variant<int, double>), its alternatives the types of the
 * template's parameter pack, all at offset 0 of its storage, then its _M_index. */
static bool std_variant(Dwarf_Die *cls, struct ret_type *rt, int depth)
{
        Dwarf_Die child, pack, t, m;
        struct ret_type *idx;
        uint64_t ioff = 0, uoff = 0;
        size_t cap = 0, len;
        bool found = false;
        char *name;

        if (dwarf_child(cls, &child) != 0)
                return false;
        do {
                found = dwarf_tag(&child) == DW_TAG_GNU_template_parameter_pack;
        } while (!found && dwarf_siblingof(&child, &child) == 0);
        if (!found || !deep_member(cls, "_M_u", &uoff, &m, 0) || uoff != 0 ||
            !deep_member(cls, "_M_index", &ioff, &m, 0) || !type_of(&m, &t) ||
            !(name = strdup("std::variant<")))
                return false;
        pack = child;
        if (dwarf_child(&pack, &child) == 0) {
                do {
                        struct ret_type *e;
                        char *spelled, *nn;

                        if (dwarf_tag(&child) != DW_TAG_template_type_parameter)
                                continue;
                        e = type_of(&child, &t) ? type_read(&t, true, depth + 1) : NULL;
                        spelled = e ? std_recognize(&t, 0) : NULL;
                        len = strlen(name);
                        /* ", ", the name, and the ">" or NUL after it */
                        nn = spelled ? realloc(name, len + strlen(spelled) + 4) : NULL;
                        if (nn)
                                name = nn;
                        if (!nn || e->cls == RET_OTHER || e->size > ioff) {
                                ret_type_free(e);
                                free(spelled);
                                goto fail;
                        }
                        sprintf(name + len, "%s%s", rt->n_members ? ", " : "", spelled);
                        free(spelled);
                        /* add_member frees e when it fails */
                        if (!add_member(rt, &cap, "", 0, e, 0, 0))
                                goto fail;
                } while (dwarf_siblingof(&child, &child) == 0);
        }
        if (!deep_member(cls, "_M_index", &ioff, &m, 0) || !type_of(&m, &t) ||
            !(idx = type_read(&t, true, depth + 1)))
                goto fail;
        if ((idx->cls != RET_UNSIGNED && idx->cls != RET_CHAR_UNSIGNED) || idx->size > 8 ||
            ioff + idx->size > rt->size) {
                ret_type_free(idx);
                goto fail;
        }
        if (!add_member(rt, &cap, "", ioff, idx, 0, 0) || rt->n_members < 2)
                goto fail; /* (no alternative: name has no room for its ">") */
        strcat(name, ">");
        free(rt->cast);
        rt->cast = name;
        rt->cls = RET_STD_VARIANT;
        return true;
fail:   /* the struct as it is, read by the caller */
        for (size_t i = 0; i < rt->n_members; i++) {
                free(rt->members[i].name);
                ret_type_free(rt->members[i].type);
        }
        free(rt->members);
        rt->members = NULL;
        rt->n_members = 0;
        free(name);
        return false;
}

/* libstdc++'s std::string and std::vector (not vector<bool>), which gdb shows through
 * its pretty printers: rt becomes RET_STD_STRING or RET_STD_VECTOR when class cls is
 * one, laid out as this libstdc++ lays them out (a pointer and a length; start, finish,
 * end of storage). */
static bool std_class(Dwarf_Die *cls, struct ret_type *rt, int depth)
{
        const char *n = dwarf_diename(cls);
        Dwarf_Die param, bare;
        Dwarf_Attribute a;
        Dwarf_Word enc = 0;

        if (n && strncmp(n, "variant<", 8) == 0)
                return std_variant(cls, rt, depth);
        if (n && strncmp(n, "tuple<", 6) == 0) {
                /* std::tuple: its elements, in order, at their offsets */
                struct tuple_at at[32] = { 0 };
                size_t cap = 0, count = 0;

                if (!tuple_elements(cls, 0, at, 32, 0))
                        return false;
                while (count < 32 && at[count].have)
                        count++;
                for (size_t k = count; k < 32; k++)
                        if (at[k].have)
                                return false; /* a gap: not the layout expected */
                for (size_t k = 0; k < count; k++) {
                        struct ret_type *e = type_read(&at[k].type, true, depth + 1);

                        if (e && (e->cls == RET_OTHER || at[k].off + e->size > rt->size)) {
                                ret_type_free(e);
                                e = NULL;
                        }
                        /* add_member frees e when it fails */
                        if (!e || !add_member(rt, &cap, "", at[k].off, e, 0, 0)) {
                                rt->cls = RET_OTHER; /* the type alone */
                                return true;
                        }
                }
                rt->cls = RET_STD_TUPLE;
                return true;
        }
        /* the first template parameter: the characters, the elements */
        if (!n || !template_arg(cls, 1, &param) || !type_strip(&param, &bare, false))
                return false;
        if (dwarf_tag(&bare) == DW_TAG_base_type)
                dwarf_formudata(dwarf_attr(&bare, DW_AT_encoding, &a), &enc);
        if (strncmp(n, "basic_string<", 13) == 0 && rt->size == 32 &&
            dwarf_tag(&bare) == DW_TAG_base_type && dwarf_bytesize(&bare) == 1 &&
            member_offset(cls, "_M_dataplus") == 0 && member_offset(cls, "_M_string_length") == 8) {
                rt->cls = RET_STD_STRING;
                return true;
        }
        if (strncmp(n, "basic_string<", 13) == 0 && rt->size == 32 &&
            member_offset(cls, "_M_dataplus") == 0 && member_offset(cls, "_M_string_length") == 8) {
                /* std::wstring, u16string, u32string: its characters' type along */
                struct ret_type *c = type_read(&param, true, depth + 1);

                if (!c || c->cls != RET_WIDE_CHAR) {
                        ret_type_free(c);
                        return false;
                }
                rt->cls = add_member(rt, &(size_t){ 0 }, "", 0, c, 0, 0) ? RET_STD_STRING
                                                                      : RET_OTHER;
                return true;
        }
        if (strncmp(n, "basic_string_view<", 18) == 0 && rt->size == 16 &&
            member_offset(cls, "_M_len") == 0 && member_offset(cls, "_M_str") == 8) {
                /* std::string_view and its wide kin: "view", as gdb's printer shows
                 * them (char_prefix 'v': the length first; its characters' type) */
                struct ret_type *c = type_read(&param, true, depth + 1);

                if (!c || (c->cls != RET_CHAR_SIGNED && c->cls != RET_CHAR_UNSIGNED &&
                           c->cls != RET_WIDE_CHAR)) {
                        ret_type_free(c);
                        return false;
                }
                rt->char_prefix = 'v';
                rt->cls = add_member(rt, &(size_t){ 0 }, "", 0, c, 0, 0) ? RET_STD_STRING
                                                                      : RET_OTHER;
                return true;
        }
        if (strncmp(n, "vector<", 7) == 0 && rt->size == 40 && enc == DW_ATE_boolean) {
                /* vector<bool>: bits, printed by put_std_nodes ('b') */
                struct ret_type *e = type_read(&param, true, depth + 1);

                if (!e)
                        return false;
                rt->char_prefix = 'b';
                rt->cls = add_member(rt, &(size_t){ 0 }, "", 0, e, 0, 0) ? RET_STD_NODES
                                                                      : RET_OTHER;
                return true;
        }
        bool tree = (strncmp(n, "map<", 4) == 0 || strncmp(n, "multimap<", 9) == 0 ||
                     strncmp(n, "set<", 4) == 0 || strncmp(n, "multiset<", 9) == 0) &&
                    rt->size == 48;
        bool hash = strncmp(n, "unordered_", 10) == 0 && rt->size == 56;

        if (tree || hash || (strncmp(n, "list<", 5) == 0 && rt->size == 24) ||
            (strncmp(n, "forward_list<", 13) == 0 && rt->size == 8) ||
            (strncmp(n, "deque<", 6) == 0 && rt->size == 80) ||
            strncmp(n, "optional<", 9) == 0) {
                /* the element: the first template parameter; a tree's or a hashtable's
                 * value, the second of its _M_t's (an _Rb_tree<K, Val, ...>) or _M_h's,
                 * is a map's pair<const K, V> */
                char scope[200], arg[240];
                size_t len = 0, k = (size_t)(strchr(n, '<') - n);
                Dwarf_Die vt = param, inner, m;
                struct ret_type *e;

                if ((tree || hash) &&
                    (!member_die(cls, tree ? "_M_t" : "_M_h", &m) || !type_of(&m, &inner) ||
                     !type_strip(&inner, &inner, false) || !template_arg(&inner, 2, &vt)))
                        return false;
                e = type_read(&vt, true, depth + 1);
                if (!e || e->size == 0 || (n[0] == 'o' && rt->size <= e->size) ||
                    (tree && strstr(n, "map<") && !ret_pair_first(e))) {
                        ret_type_free(e);
                        return false;
                }
                /* the printer's name: list's with its namespaces (std::__cxx11::list),
                 * optional's with its argument, the others' std::NAME */
                scope[0] = arg[0] = 0;
                if (n[0] == 'l' || n[0] == 'f') /* a walk of the unit: only when used */
                        cxx_scope(cls, scope, sizeof(scope));
                if (n[0] == 'o') { /* as gdb's printer: its type printers applied */
                        char *r = std_recognize(&param, 0);

                        if (r && strlen(r) < sizeof(arg))
                                strcpy(arg, r);
                        else
                                type_spell(&param, true, arg, sizeof(arg), &len, 0);
                        free(r);
                }
                rt->cast = malloc(strlen(scope) + k + strlen(arg) + 8);
                if (!rt->cast) {
                        ret_type_free(e);
                        return false;
                }
                if (n[0] == 'o')
                        sprintf(rt->cast, "std::optional<%s>", arg);
                else if (n[0] == 'l' || n[0] == 'f')
                        sprintf(rt->cast, "%s%.*s", scope, (int)k, n);
                else
                        sprintf(rt->cast, "std::%.*s", (int)k, n);
                rt->char_prefix = tree ? 0 : n[0] == 'l' ? 'l' : n[0] == 'f' ? 'f'
                                  : n[0] == 'd' ? 'd' : hash ? 'h' : 'o';
                /* on ENOMEM, the type alone */
                rt->cls = !add_member(rt, &(size_t){ 0 }, "", 0, e, 0, 0) ? RET_OTHER
                          : tree                                            ? RET_STD_TREE
                                                                            : RET_STD_NODES;
                return true;
        }
        if ((strncmp(n, "unique_ptr<", 11) == 0 && rt->size == 8) ||
            (strncmp(n, "shared_ptr<", 11) == 0 && rt->size == 16) ||
            (strncmp(n, "weak_ptr<", 9) == 0 && rt->size == 16)) {
                /* the printer's name: the class's with its first template argument
                 * alone, as gdb spells the argument */
                char arg[240];
                size_t len = 0, k = (size_t)(strchr(n, '<') - n);

                arg[0] = 0;
                type_spell(&param, true, arg, sizeof(arg), &len, 0);
                rt->cast = malloc(k + strlen(arg) + 8);
                if (!rt->cast)
                        return false;
                sprintf(rt->cast, "std::%.*s<%s>", (int)k, n, arg);
                rt->char_prefix = n[0] == 'u' ? 'u' : 's'; /* weak_ptr's as shared_ptr's */
                rt->cls = RET_STD_POINTER;
                return true;
        }
        if (strncmp(n, "vector<", 7) == 0 && rt->size == 24 && enc != DW_ATE_boolean) {
                struct ret_type *e = type_read(&param, true, depth + 1);
                size_t cap = 0;

                if (!e || e->size == 0) {
                        ret_type_free(e);
                        return false;
                }
                /* on ENOMEM, the type alone */
                rt->cls = add_member(rt, &cap, "", 0, e, 0, 0) ? RET_STD_VECTOR : RET_OTHER;
                return true;
        }
        return false;
}

/* t spelled as type_spell spells it, malloc'd, however long (a C++ template's name
 * runs to thousands of characters); NULL on ENOMEM. */
static char *type_spell_dup(Dwarf_Die *t, bool cxx)
{
        for (size_t cap = 256; cap <= ((size_t)1 << 22); cap *= 4) {
                char *buf = malloc(cap);
                size_t len = 0;

                if (!buf)
                        return NULL;
                buf[0] = 0;
                type_spell(t, cxx, buf, cap, &len, 0);
                /* a margin: a qualifier that did not fit is left out, not counted */
                if (len + 64 < cap)
                        return buf;
                free(buf);
        }
        return strdup("?");
}

/* The DW_AT_encoding of base type die, C++20's char8_t's (gcc's DW_ATE_unsigned, of
 * size 1) taken as unsigned char's: gdb prints it as a character, 113 'q', and a
 * pointer to it or an array of it as a string. */
static Dwarf_Word char_encoding(Dwarf_Die *die)
{
        Dwarf_Attribute a;
        Dwarf_Word enc = 0;
        const char *n = dwarf_diename(die);

        dwarf_formudata(dwarf_attr(die, DW_AT_encoding, &a), &enc);
        if (n && strcmp(n, "char8_t") == 0 && dwarf_bytesize(die) == 1)
                return DW_ATE_unsigned_char;
        return enc;
}

/* C's wide characters are typedefs (wchar_t of int, char16_t of uint_least16_t...):
 * as gdb, a type named so on its way to its base type is one. Its prefix, L, u or U,
 * or 0. */
static char wide_typedef(Dwarf_Die *t)
{
        Dwarf_Die cur = *t;

        for (int depth = 0; depth < 16; depth++) {
                int tag = dwarf_tag(&cur);
                const char *n = dwarf_diename(&cur);

                if (tag == DW_TAG_typedef && n) {
                        if (strcmp(n, "wchar_t") == 0)
                                return 'L';
                        if (strcmp(n, "char16_t") == 0)
                                return 'u';
                        if (strcmp(n, "char32_t") == 0)
                                return 'U';
                }
                if ((tag != DW_TAG_typedef && tag != DW_TAG_const_type &&
                     tag != DW_TAG_volatile_type) || !type_of(&cur, &cur))
                        return 0;
        }
        return 0;
}

/* A C++ pointer to a member, pm (DW_TAG_ptr_to_member_type), into rt: to a data member,
 * the offset of the member in its class (8 bytes; -1 none), with the class's data
 * members as enumerators named as gdb prints them ("&K::m1"); to a member function,
 * the Itanium ABI's function pointer and this adjustment (16 bytes). false on ENOMEM. */
static bool member_pointer_read(Dwarf_Die *pm, struct ret_type *rt, bool cxx)
{
        Dwarf_Attribute a;
        Dwarf_Die cls, target, child;
        char cname[256];
        size_t cl = 0, cap = 0;

        if (!dwarf_formref_die(dwarf_attr(pm, DW_AT_containing_type, &a), &cls) ||
            !type_of(pm, &target))
                return true; /* RET_OTHER */
        rt->cls = RET_MEMBER_POINTER;
        rt->size = type_strip(&target, &target, false) &&
                                   dwarf_tag(&target) == DW_TAG_subroutine_type
                           ? 16
                           : 8;
        type_spell(&cls, cxx, cname, sizeof(cname), &cl, 0);
        if (!type_strip(&cls, &cls, false) || dwarf_child(&cls, &child) != 0)
                return true;
        do {
                const char *n = dwarf_diename(&child);
                Dwarf_Word off = 0;
                struct ret_enumerator *ne;
                char *name, *d = NULL;

                if (rt->size == 16) {
                        /* a virtual method, by its place in the vtable: the Itanium
                         * ABI's 1 + its offset there, "&virtual KV::vf() const" */
                        Dwarf_Op *ops;
                        size_t nops;
                        const char *link;

                        if (dwarf_tag(&child) != DW_TAG_subprogram ||
                            dwarf_getlocation(dwarf_attr(&child, DW_AT_vtable_elem_location, &a),
                                              &ops, &nops) != 0 ||
                            nops != 1 || ops[0].atom != DW_OP_constu)
                                continue;
                        link = dwarf_formstring(dwarf_attr(&child, DW_AT_linkage_name, &a));
                        if (!link || !(d = demangle(link)))
                                continue;
                        off = ops[0].number * 8 + 1;
                        n = d;
                } else if (dwarf_tag(&child) != DW_TAG_member || !n ||
                    dwarf_hasattr(&child, DW_AT_external) ||
                    dwarf_hasattr(&child, DW_AT_declaration) ||
                    dwarf_hasattr(&child, DW_AT_bit_size) ||
                    (dwarf_hasattr(&child, DW_AT_data_member_location) &&
                     dwarf_formudata(dwarf_attr(&child, DW_AT_data_member_location, &a),
                                     &off) != 0))
                        continue;
                if (rt->n_enums == cap) {
                        cap = cap ? cap * 2 : 8;
                        ne = realloc(rt->enums, cap * sizeof(*ne));
                        if (!ne) {
                                free(d);
                                return false;
                        }
                        rt->enums = ne;
                }
                if (d ? asprintf(&name, "&virtual %s", d) < 0
                      : asprintf(&name, "&%s::%s", cname, n) < 0) {
                        free(d);
                        return false;
                }
                free(d);
                rt->enums[rt->n_enums++] = (struct ret_enumerator){ .value = (int64_t)off,
                                                                    .name = name };
        } while (dwarf_siblingof(&child, &child) == 0);
        return true;
}

static struct ret_type *type_read(Dwarf_Die *t, bool cxx, int depth)
{
        struct ret_type *rt = calloc(1, sizeof(*rt));
        Dwarf_Die s;

        if (!rt)
                return NULL;
        rt->name = type_spell_dup(t, cxx);
        rt->cls = RET_OTHER;
        if (!rt->name) {
                ret_type_free(rt);
                return NULL;
        }
        if (!type_strip(t, &s, false))
                return rt;
        rt->size = (unsigned)(dwarf_bytesize(&s) > 0 ? dwarf_bytesize(&s) : 0);
        switch (dwarf_tag(&s)) {
        case DW_TAG_base_type: {
                Dwarf_Word enc = 0;
                const char *bn = dwarf_diename(&s);

                enc = char_encoding(&s);
                if (rt->size == 0)
                        break;
                if (rt->size == 16 && (enc == DW_ATE_signed || enc == DW_ATE_unsigned)) {
                        rt->cls = enc == DW_ATE_signed ? RET_SIGNED : RET_UNSIGNED; /* __int128 */
                        break;
                }
                if (enc == DW_ATE_complex_float) { /* 1.5 + 2.5i */
                        struct ret_type *part = calloc(1, sizeof(*part));

                        rt->members = calloc(1, sizeof(*rt->members));
                        if (!part || !rt->members || !(part->name = strdup(""))) {
                                ret_type_free(part);
                                ret_type_free(rt);
                                return NULL;
                        }
                        part->size = rt->size / 2;
                        part->cls = part->size == 4 || part->size == 8 ? RET_FLOAT
                                    : part->size == 16                  ? RET_LONG_DOUBLE
                                                                        : RET_OTHER;
                        rt->members[0].type = part;
                        rt->n_members = 1;
                        if (part->cls != RET_OTHER)
                                rt->cls = RET_COMPLEX;
                        break;
                }
                if (rt->size > 8 && enc != DW_ATE_float)
                        break;
                if ((bn && strcmp(bn, "wchar_t") == 0 && rt->size == 4) ||
                    (enc == DW_ATE_UTF && (rt->size == 2 || rt->size == 4)) ||
                    ((rt->size == 2 || rt->size == 4) && wide_typedef(t))) {
                        rt->cls = RET_WIDE_CHAR;
                        rt->is_signed = enc == DW_ATE_signed;
                        rt->char_prefix = enc == DW_ATE_UTF ? (rt->size == 2 ? 'u' : 'U')
                                          : wide_typedef(t) ? wide_typedef(t)
                                                            : 'L';
                } else if (enc == DW_ATE_boolean)
                        rt->cls = RET_BOOL;
                else if (enc == DW_ATE_signed_char && rt->size == 1)
                        rt->cls = RET_CHAR_SIGNED;
                else if ((enc == DW_ATE_unsigned_char || enc == DW_ATE_UTF) && rt->size == 1)
                        rt->cls = RET_CHAR_UNSIGNED; /* (C++20's char8_t: 113 'q', as gdb) */
                else if (enc == DW_ATE_signed || enc == DW_ATE_signed_char)
                        rt->cls = RET_SIGNED;
                else if (enc == DW_ATE_unsigned || enc == DW_ATE_unsigned_char ||
                         enc == DW_ATE_UTF)
                        rt->cls = RET_UNSIGNED;
                else if (enc == DW_ATE_float && (rt->size == 4 || rt->size == 8))
                        rt->cls = RET_FLOAT;
                else if (enc == DW_ATE_float && rt->size == 16 && bn &&
                         strcmp(bn, "long double") == 0)
                        rt->cls = RET_LONG_DOUBLE;
                break;
        }
        case DW_TAG_enumeration_type:
                if (rt->size == 0 || rt->size > 8)
                        break;
                rt->cls = RET_ENUM;
                enum_read(&s, rt);
                if (cxx) { /* gdb's qualified enumerators: ns::E::A (a scoped enum) */
                        char scope[256];
                        const char *en = dwarf_diename(&s);
                        size_t n;

                        cxx_scope(&s, scope, sizeof(scope));
                        n = strlen(scope);
                        if (dwarf_hasattr(&s, DW_AT_enum_class) && en)
                                snprintf(scope + n, sizeof(scope) - n, "%s::", en);
                        if (scope[0] && !(rt->scope = strdup(scope))) {
                                ret_type_free(rt);
                                return NULL;
                        }
                }
                break;
        case DW_TAG_reference_type:
        case DW_TAG_rvalue_reference_type: {
                Dwarf_Die target;

                rt->size = 8;
                if (depth >= 8 || !type_of(&s, &target))
                        break;
                rt->members = calloc(1, sizeof(*rt->members));
                if (!rt->members) {
                        ret_type_free(rt);
                        return NULL;
                }
                rt->members[0].type = type_read(&target, cxx, depth + 1);
                if (!rt->members[0].type) {
                        ret_type_free(rt);
                        return NULL;
                }
                rt->n_members = 1;
                if (rt->members[0].type->cls != RET_OTHER &&
                    rt->members[0].type->cls != RET_REFERENCE)
                        rt->cls = RET_REFERENCE;
                break;
        }
        case DW_TAG_pointer_type: {
                Dwarf_Die target, bare;
                Dwarf_Word enc = 0;

                char *cast;
                bool plain_char;

                rt->cls = RET_POINTER;
                rt->size = 8;
                cast = type_spell_dup(&s, cxx);
                if (!cast) {
                        ret_type_free(rt);
                        return NULL;
                }
                plain_char = type_of(&s, &target) && type_strip(&target, &bare, true) &&
                             dwarf_tag(&bare) == DW_TAG_base_type && dwarf_diename(&bare) &&
                             strcmp(dwarf_diename(&bare), "char") == 0;
                if (!plain_char)
                        rt->cast = cast;
                else
                        free(cast);
                if (type_of(&s, &target) && type_strip(&target, &bare, false) &&
                    dwarf_tag(&bare) == DW_TAG_base_type &&
                    (dwarf_bytesize(&bare) == 2 || dwarf_bytesize(&bare) == 4)) {
                        /* to wide characters: gdb prints their string, 0x... L"ptr" */
                        struct ret_type *c = type_read(&target, cxx, depth + 1);

                        if (c && c->cls == RET_WIDE_CHAR) {
                                rt->cls = RET_STRING;
                                rt->char_prefix = c->char_prefix;
                                free(rt->cast); /* gdb gives no type to text */
                                rt->cast = NULL;
                        }
                        ret_type_free(c);
                        break;
                }
                if (!type_of(&s, &target) || !type_strip(&target, &bare, false) ||
                    dwarf_tag(&bare) != DW_TAG_base_type || dwarf_bytesize(&bare) != 1)
                        break;
                enc = char_encoding(&bare);
                if (enc != DW_ATE_signed_char && enc != DW_ATE_unsigned_char)
                        break;
                /* gdb prints the string of any pointer to 1-byte characters, and the
                 * type of each but a (const) char *. */
                rt->cls = RET_STRING;
                break;
        }
        case DW_TAG_array_type: {
                /* by dimension: int [3][4] is 3 of int [4] */
                struct ret_type *arr = array_read(&s, 0, cxx, depth);

                if (!arr) {
                        ret_type_free(rt);
                        return NULL;
                }
                free(arr->name); /* the name it was declared with (a typedef's) */
                arr->name = rt->name;
                rt->name = NULL;
                ret_type_free(rt);
                return arr;
        }
        case DW_TAG_ptr_to_member_type:
                if (!member_pointer_read(&s, rt, cxx)) {
                        ret_type_free(rt);
                        return NULL;
                }
                break;
        case DW_TAG_structure_type:
        case DW_TAG_class_type:
        case DW_TAG_union_type:
                if (rt->size == 0 && dwarf_hasattr(&s, DW_AT_declaration)) {
                        rt->cls = RET_INCOMPLETE;
                        break;
                }
                rt->by_reference = cxx && by_reference(&s, 0);
                if (cxx && depth < 8 && std_class(&s, rt, depth))
                        break;
                if (depth < 8 && rt->size > 0 && rt->size <= RET_STRUCT_MAX &&
                    struct_read(&s, rt, cxx, depth))
                        rt->cls = RET_STRUCT;
                if (rt->cls == RET_STRUCT && cxx && dwarf_diename(&s) &&
                    strncmp(dwarf_diename(&s), "pair<", 5) == 0 && ret_pair_first(rt))
                        pair_bases_drop(rt);
                break;
        default:
                break;
        }
        return rt;
}

/* Is method fn of class cls (named cname) a copy or move constructor: named as the
 * class (without template arguments), taking this and a reference to the class, any
 * further parameters defaulted? */
static bool copy_ctor(Dwarf_Die *fn, Dwarf_Die *cls, const char *cname)
{
        const char *n = dwarf_diename(fn);
        size_t cl = strcspn(cname, "<");
        Dwarf_Die par, t;
        int np = 0;
        bool ref = false;

        if (!n || strlen(n) != cl || strncmp(n, cname, cl) != 0 || dwarf_child(fn, &par) != 0)
                return false;
        do {
                if (dwarf_tag(&par) != DW_TAG_formal_parameter)
                        continue;
                if (np++ == 0) /* this */
                        continue;
                if (np == 2) {
                        ref = type_of(&par, &t) &&
                              (dwarf_tag(&t) == DW_TAG_reference_type ||
                               dwarf_tag(&t) == DW_TAG_rvalue_reference_type) &&
                              type_of(&t, &t) && type_strip(&t, &t, false) &&
                              (dwarf_dieoffset(&t) == dwarf_dieoffset(cls) ||
                               (dwarf_diename(&t) && strcmp(dwarf_diename(&t), cname) == 0));
                } else if (!dwarf_hasattr(&par, DW_AT_default_value)) {
                        return false;
                }
        } while (dwarf_siblingof(&par, &par) == 0);
        return ref;
}

/* Is a C++ class returned through memory (a hidden pointer, its address back in rax),
 * as the Itanium C++ ABI returns one that is not trivial for the purposes of calls?
 * DWARF 5 may say so (DW_AT_calling_convention; gcc does not write it); else, as gdb
 * decides: a dynamic class (a vtable pointer: virtual methods or virtual bases), a
 * user-provided copy or move constructor or destructor (one defaulted in the class is
 * not), all copy and move constructors deleted, or such a base or member (arrays of
 * them too), at any depth. */
static bool by_reference(Dwarf_Die *cls, int depth)
{
        Dwarf_Attribute a;
        Dwarf_Word cc = 0, dflt;
        Dwarf_Die child, t;
        const char *cname = dwarf_diename(cls);
        int copies = 0, deleted = 0;

        if (dwarf_formudata(dwarf_attr(cls, DW_AT_calling_convention, &a), &cc) == 0)
                return cc == DW_CC_pass_by_reference;
        if (depth > 8 || dwarf_child(cls, &child) != 0)
                return false;
        do {
                const char *n = dwarf_diename(&child);
                int tag = dwarf_tag(&child);

                if (tag == DW_TAG_inheritance || (tag == DW_TAG_member &&
                                                  !dwarf_hasattr(&child, DW_AT_external) &&
                                                  !dwarf_hasattr(&child, DW_AT_declaration))) {
                        if (tag == DW_TAG_inheritance &&
                            dwarf_hasattr(&child, DW_AT_virtuality))
                                return true; /* a virtual base: a vtable pointer */
                        if (!type_of(&child, &t) || !type_strip(&t, &t, false))
                                continue;
                        while (dwarf_tag(&t) == DW_TAG_array_type && type_of(&t, &t) &&
                               type_strip(&t, &t, false))
                                ;
                        if ((dwarf_tag(&t) == DW_TAG_structure_type ||
                             dwarf_tag(&t) == DW_TAG_class_type ||
                             dwarf_tag(&t) == DW_TAG_union_type) &&
                            by_reference(&t, depth + 1))
                                return true;
                        continue;
                }
                if (tag != DW_TAG_subprogram)
                        continue;
                if (dwarf_hasattr(&child, DW_AT_virtuality))
                        return true; /* a virtual method: a vtable pointer */
                if (dwarf_formudata(dwarf_attr(&child, DW_AT_defaulted, &a), &dflt) != 0)
                        dflt = DW_DEFAULTED_no;
                if (n && n[0] == '~') {
                        if (!dwarf_hasattr(&child, DW_AT_artificial) &&
                            dflt != DW_DEFAULTED_in_class)
                                return true;
                } else if (cname && copy_ctor(&child, cls, cname)) {
                        copies++;
                        if (dwarf_hasattr(&child, DW_AT_deleted))
                                deleted++;
                        else if (!dwarf_hasattr(&child, DW_AT_artificial) &&
                                 dflt != DW_DEFAULTED_in_class)
                                return true;
                }
        } while (dwarf_siblingof(&child, &child) == 0);
        return copies > 0 && copies == deleted;
}

/* A struct's data members, each a printable type within the struct; false when one is
 * not (a bit-field, an inherited base, a member at no constant offset) or on ENOMEM. */
/* Append member name (copied) of type m (taken, freed on failure) to rt. */
static bool add_member(struct ret_type *rt, size_t *cap, const char *name, uint64_t off,
                       struct ret_type *m, unsigned bit_size, unsigned bit_off)
{
        if (rt->n_members >= 64) {
                ret_type_free(m);
                return false;
        }
        if (rt->n_members == *cap) {
                size_t nc = *cap ? *cap * 2 : 8;
                struct ret_member *nm = realloc(rt->members, nc * sizeof(*nm));

                if (!nm) {
                        ret_type_free(m);
                        return false;
                }
                rt->members = nm;
                *cap = nc;
        }
        rt->members[rt->n_members] = (struct ret_member){ .name = strdup(name), .offset = off,
                                                          .type = m, .bit_size = bit_size,
                                                          .bit_offset = bit_off };
        return rt->members[rt->n_members++].name != NULL;
}

/* Append static member var (named name) of a class to rt: its type, and its constant
 * or its variable's ELF name. false when it is not (a type dbgd does not print). */
/* Under die (a unit or a namespace), the variable defining the declaration at offset
 * decl (its DW_AT_specification). */
static bool find_definition(Dwarf_Die *die, Dwarf_Off decl, int depth, Dwarf_Die *ret)
{
        Dwarf_Attribute a;
        Dwarf_Die child, spec;

        if (depth > 16 || dwarf_child(die, &child) != 0)
                return false;
        do {
                int tag = dwarf_tag(&child);

                if (tag == DW_TAG_variable && dwarf_attr(&child, DW_AT_specification, &a) &&
                    dwarf_formref_die(&a, &spec) && dwarf_dieoffset(&spec) == decl) {
                        *ret = child;
                        return true;
                }
                if (tag == DW_TAG_namespace && find_definition(&child, decl, depth + 1, ret))
                        return true;
        } while (dwarf_siblingof(&child, &child) == 0);
        return false;
}

/* The ELF name of a declared variable (a C++ static member): its own, or (clang's) that
 * of the variable defining it elsewhere in the unit. NULL when none says it. */
static const char *decl_linkage(Dwarf_Die *decl)
{
        Dwarf_Attribute a;
        Dwarf_Die cu, def;
        const char *l = dwarf_formstring(dwarf_attr_integrate(decl, DW_AT_linkage_name, &a));

        if (!l)
                l = dwarf_formstring(dwarf_attr_integrate(decl, DW_AT_MIPS_linkage_name, &a));
        if (!l && dwarf_diecu(decl, &cu, NULL, NULL) &&
            find_definition(&cu, dwarf_dieoffset(decl), 0, &def))
                l = dwarf_formstring(dwarf_attr(&def, DW_AT_linkage_name, &a));
        return l;
}

static bool static_member(struct ret_type *rt, size_t *cap, Dwarf_Die *var, const char *name,
                          bool cxx, int depth)
{
        Dwarf_Attribute a;
        Dwarf_Die mt;
        struct ret_type *m;
        struct ret_member *sm;
        const char *linkage;
        Dwarf_Block blk;
        Dwarf_Sword sv;

        if (!type_of(var, &mt) || !(m = type_read(&mt, cxx, depth + 1)))
                return false;
        if (m->cls == RET_OTHER || m->size == 0 || !add_member(rt, cap, name, 0, m, 0, 0))
                return m->cls == RET_OTHER || m->size == 0 ? (ret_type_free(m), false) : false;
        sm = &rt->members[rt->n_members - 1];
        sm->is_static = true;
        if (dwarf_attr_integrate(var, DW_AT_const_value, &a)) {
                if (dwarf_formblock(&a, &blk) == 0 && blk.length <= sizeof(sm->konst)) {
                        memcpy(sm->konst, blk.data, blk.length);
                        sm->has_konst = true;
                } else if (dwarf_formsdata(&a, &sv) == 0) {
                        memcpy(sm->konst, &sv, sizeof(sv));
                        sm->has_konst = true;
                }
        }
        linkage = decl_linkage(var);
        if (linkage)
                sm->linkage = strdup(linkage);
        return true;
}

/* A virtual base's DW_AT_data_member_location a, as gcc and clang write it for the
 * Itanium C++ ABI: the object's address plus the offset at *ret_slot bytes before
 * what its vtable pointer points to (dup, deref, constant, minus, deref, plus). */
static bool vbase_slot(Dwarf_Attribute *a, uint64_t *ret_slot)
{
        Dwarf_Op *ops;
        size_t n;
        uint64_t k;

        if (dwarf_getlocation(a, &ops, &n) != 0 || n != 6 || ops[0].atom != DW_OP_dup ||
            ops[1].atom != DW_OP_deref || ops[3].atom != DW_OP_minus ||
            ops[4].atom != DW_OP_deref || ops[5].atom != DW_OP_plus)
                return false;
        if (ops[2].atom >= DW_OP_lit0 && ops[2].atom <= DW_OP_lit31)
                k = ops[2].atom - DW_OP_lit0;
        else if (ops[2].atom == DW_OP_constu || ops[2].atom == DW_OP_const1u ||
                 ops[2].atom == DW_OP_const2u || ops[2].atom == DW_OP_const4u ||
                 ops[2].atom == DW_OP_const8u)
                k = ops[2].number;
        else
                return false;
        *ret_slot = k;
        return true;
}

static bool struct_read(Dwarf_Die *st, struct ret_type *rt, bool cxx, int depth)
{
        Dwarf_Die child, mt;
        size_t cap = 0;

        if (dwarf_child(st, &child) != 0)
                return rt->size > 0; /* an empty struct: {} */
        do {
                Dwarf_Attribute a;
                Dwarf_Word off = 0;
                const char *name = dwarf_diename(&child);
                struct ret_type *m;

                if (dwarf_tag(&child) == DW_TAG_inheritance) {
                        /* a base class: gdb's <Base> = {...}, at its (constant) offset;
                         * a virtual base's is read from the vtable when printed */
                        char bname[256];
                        size_t bl = 1;
                        uint64_t slot = 0;
                        bool virt = false;

                        if (!dwarf_hasattr(&child, DW_AT_data_member_location) ||
                            !type_of(&child, &mt))
                                return false;
                        if (dwarf_formudata(dwarf_attr(&child, DW_AT_data_member_location, &a),
                                            &off) != 0) {
                                if (!vbase_slot(&a, &slot))
                                        return false;
                                virt = true;
                                off = 0;
                        }
                        bname[0] = '<';
                        type_spell(&mt, cxx, bname, sizeof(bname) - 2, &bl, 0);
                        snprintf(bname + bl, sizeof(bname) - bl, ">");
                        name = bname;
                        m = type_read(&mt, cxx, depth + 1);
                        if (!m || m->cls == RET_OTHER || (!virt && off + m->size > rt->size)) {
                                ret_type_free(m);
                                return false;
                        }
                        if (!add_member(rt, &cap, name, off, m, 0, 0))
                                return false;
                        rt->members[rt->n_members - 1].is_virtual = virt;
                        rt->members[rt->n_members - 1].vbase_slot = slot;
                        continue;
                }
                if (name && (dwarf_tag(&child) == DW_TAG_variable ||
                             (dwarf_tag(&child) == DW_TAG_member &&
                              (dwarf_attr(&child, DW_AT_external, &a) ||
                               dwarf_hasattr(&child, DW_AT_declaration))))) {
                        /* a C++ static member (DWARF 5's variable, 4's member): gdb's
                         * "static count = 7", read apart from the struct's bytes; one
                         * dbgd cannot describe is left out */
                        static_member(rt, &cap, &child, name, cxx, depth);
                        continue;
                }
                if (dwarf_tag(&child) != DW_TAG_member)
                        continue;
                Dwarf_Word bit_size = 0, bit_off = 0;
                Dwarf_Die bare;

                /* An anonymous struct or union member ({int kind; union {int i;};}, as in
                 * std::string): its members are the struct's, printed as gdb does,
                 * {kind = 4, {i = 40, f = ...}}, under the name "". */
                if (!name && type_of(&child, &mt) && type_strip(&mt, &bare, false) &&
                    (dwarf_tag(&bare) == DW_TAG_union_type ||
                     dwarf_tag(&bare) == DW_TAG_structure_type ||
                     dwarf_tag(&bare) == DW_TAG_class_type))
                        name = "";
                if (!name || (dwarf_hasattr(&child, DW_AT_data_member_location) &&
                              dwarf_formudata(dwarf_attr(&child, DW_AT_data_member_location, &a),
                                              &off) != 0) ||
                    !type_of(&child, &mt) || rt->n_members >= 64)
                        return false;
                if (dwarf_hasattr(&child, DW_AT_bit_size)) {
                        /* A bit-field, from the struct's start (bitfield_offset). */
                        if (dwarf_formudata(dwarf_attr(&child, DW_AT_bit_size, &a),
                                            &bit_size) != 0 ||
                            !bitfield_offset(&child, bit_size, &bit_off) ||
                            bit_size == 0 || bit_size > 64 ||
                            bit_off + bit_size > (Dwarf_Word)rt->size * 8)
                                return false;
                }
                m = type_read(&mt, cxx, depth + 1);
                if (!m || m->cls == RET_OTHER || (!bit_size && off + m->size > rt->size) ||
                    (bit_size && m->size > 8)) {
                        ret_type_free(m);
                        return false;
                }
                if (!add_member(rt, &cap, name, off, m, (unsigned)bit_size, (unsigned)bit_off))
                        return false;
        } while (dwarf_siblingof(&child, &child) == 0);
        return true;
}

struct ret_type *program_return_type(struct program *p, uint64_t pc)
{
        struct module *m = module_at(p, pc);
        Dwfl_Module *dm = m ? module_dwfl(m) : NULL;
        Dwarf_Addr bias;
        Dwarf_Die *cu = dm ? module_addrdie(dm, pc - m->bias, &bias) : NULL;
        Dwarf_Die *scopes = NULL, fn, t;
        bool found = false;
        int ns;

        if (!cu || (ns = scopes_at(cu, pc - m->bias - bias, &scopes)) <= 0)
                return NULL;
        for (int i = 0; i < ns && !found; i++) {
                if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram) {
                        fn = scopes[i];
                        found = true;
                }
        }
        free(scopes);
        if (!found || !type_of(&fn, &t)) /* void, or not known */
                return NULL;
        return type_read(&t, is_cxx(cu), 0);
}

/* ---- variables (locals, print) ----------------------------------------------------- */

/* dw_frame.base_type: the base type a typed operation of the location attribute tctx
 * names. */
/* dw_frame.indexed: the value an indexed operation of the location attribute tctx
 * names in .debug_addr. */
static int op_indexed(void *tctx, const Dwarf_Op *op, uint64_t *ret)
{
        Dwarf_Attribute r;
        Dwarf_Addr a;

        if (!tctx || dwarf_getlocation_attr(tctx, op, &r) != 0 || dwarf_formaddr(&r, &a) != 0)
                return -1;
        *ret = a;
        return 0;
}

static int op_base_type(void *tctx, const Dwarf_Op *op, unsigned *enc, unsigned *size)
{
        Dwarf_Die t;
        Dwarf_Attribute a;
        Dwarf_Word e;
        int n;

        if (!tctx || dwarf_getlocation_die(tctx, op, &t) != 0 ||
            dwarf_tag(&t) != DW_TAG_base_type ||
            dwarf_formudata(dwarf_attr(&t, DW_AT_encoding, &a), &e) != 0 ||
            (n = dwarf_bytesize(&t)) <= 0)
                return -1;
        *enc = (unsigned)e;
        *size = (unsigned)n;
        return 0;
}

static int vars_read8(void *ctx, uint64_t addr, uint64_t *ret)
{
        struct program *p = ctx;

        return tracee_mem_read(p->pid, addr, ret, 8) == 8 ? 0 : -1;
}

static ssize_t vars_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
        struct program *p = ctx;

        return tracee_mem_read(p->pid, addr, buf, len);
}

/* The section of elf named name, with its header in *sh; NULL if none. */
static Elf_Scn *section_named(Elf *elf, const char *name, GElf_Shdr *sh)
{
        size_t shstrndx;
        Elf_Scn *scn = NULL;

        if (elf_getshdrstrndx(elf, &shstrndx) != 0)
                return NULL;
        while ((scn = elf_nextscn(elf, scn))) {
                const char *nm;

                if (gelf_getshdr(scn, sh) && (nm = elf_strptr(elf, shstrndx, sh->sh_name)) &&
                    strcmp(nm, name) == 0)
                        return scn;
        }
        return NULL;
}

/* "puts@plt" for an address in entry i of module m's PLT (.plt.sec where the linker
 * made one, for IBT; else .plt past its first entry, the lazy binder's), as objdump
 * and gdb name them: the i-th R_X86_64_JUMP_SLOT of .rela.plt is its symbol. *ret_off
 * is addr's offset in the entry. False elsewhere. */
static bool plt_name(const struct module *m, uint64_t addr, char *buf, size_t len,
                     uint64_t *ret_off)
{
        GElf_Shdr plt, rel, other;
        Elf_Scn *rscn;
        Elf_Data *rd;
        GElf_Rela r;
        Elf *elf = NULL;
        const char *nm = section_name_at(m, addr, &elf, &plt);
        uint64_t a = addr - m->bias, i; /* dbgd's bias: libdwfl's are file addresses */
        bool sec = nm && strcmp(nm, ".plt.sec") == 0;

        /* Most addresses are in no PLT: only their section is looked up. */
        if (!nm || (!sec && strcmp(nm, ".plt") != 0))
                return false;
        if (!sec && section_named(elf, ".plt.sec", &other))
                return false; /* with IBT's .plt.sec, the .plt entries are not named */
        if (!(rscn = section_named(elf, ".rela.plt", &rel)) || !rel.sh_entsize ||
            !(rd = elf_getdata(rscn, NULL)))
                return false;
        i = (a - plt.sh_addr) / 16;
        if (!sec && i-- == 0)
                return false; /* the lazy binder's entry */
        if (i >= rel.sh_size / rel.sh_entsize || !gelf_getrela(rd, (int)i, &r) ||
            GELF_R_TYPE(r.r_info) != R_X86_64_JUMP_SLOT ||
            !(nm = rela_sym_name(elf, &rel, &r)) || !*nm)
                return false;
        snprintf(buf, len, "%s@plt", nm);
        *ret_off = (a - plt.sh_addr) % 16;
        return true;
}

bool program_insn_target_name(struct program *p, uint64_t addr, char *buf, size_t len)
{
        struct module *m = module_at(p, addr);
        GElf_Off off = 0;
        GElf_Sym sym;
        const char *name;

        if (m && plt_name(m, addr, buf, len, &off)) {
                size_t n = strlen(buf);

                if (off && n < len)
                        snprintf(buf + n, len - n, "+%llu", (unsigned long long)off);
                return true;
        }
        name = m ? module_addrinfo(m, addr, &off, &sym) : NULL;
        if (!name)
                return false;
        snprintf(buf, len, off ? "%s+%llu" : "%s", name, (unsigned long long)off);
        return true;
}

/* A data symbol's name as gdb prints it after an address (`<calls>`): gdb takes the ELF
 * symbol of an address that is not a function's and, when no C++ demangling applies,
 * lets Ada's decoder try it (its language sniffer runs on every minimal symbol), so a
 * C name that reads as GNAT's encoding is decoded: gcc's static local calls.1 is
 * <calls>, a global tot__all <tot.all>, but Hits.1 (an upper-case letter) and
 * __PRETTY_FUNCTION__.0 (a leading underscore) stay as they are. The part of GNAT's
 * encoding C names can hit, as gdb 13 was seen to decode it (program.md): a trailing
 * .N, __N or $N; a ___X... suffix (___ followed by anything else: no decoding);
 * trailing TKB, TB, B, X[bn]* and N (after a lower-case letter or digit); __ inside
 * the name becomes '.'. A name that still has an upper-case letter is left alone, as
 * are Ada's operator names (Oadd for "+"), which C does not make. malloc'd, or NULL
 * when the name is left as it is. */
static char *gnat_decode(const char *name)
{
        size_t len = strlen(name), i, j;
        const char *p;
        char *out;

        if (!len || name[0] == '_' || name[0] == '<')
                return NULL;
        i = len;
        while (i > 0 && isdigit((unsigned char)name[i - 1]))
                i--;
        if (i < len && i > 1 && name[i - 1] == '.') /* gcc's calls.1 */
                len = i - 1;
        p = strstr(name, "___");
        if (p && (size_t)(p - name) + 3 < len) {
                if (p[3] != 'X')
                        return NULL;
                len = p - name;
        }
        if (len > 3 && !strncmp(name + len - 3, "TKB", 3))
                len -= 3;
        if (len > 2 && !strncmp(name + len - 2, "TB", 2))
                len -= 2;
        if (len > 1 && name[len - 1] == 'B')
                len--;
        for (i = len; i > 1 && (name[i - 1] == 'b' || name[i - 1] == 'n'); i--)
                ;
        if (i > 1 && name[i - 1] == 'X')
                len = i - 1;
        if (len > 1 && name[len - 1] == 'N' &&
            (islower((unsigned char)name[len - 2]) || isdigit((unsigned char)name[len - 2])))
                len--;
        if (len > 1 && isdigit((unsigned char)name[len - 1])) { /* __N, $N */
                i = len;
                while (i > 0 && isdigit((unsigned char)name[i - 1]))
                        i--;
                if (i > 2 && name[i - 1] == '_' && name[i - 2] == '_')
                        len = i - 2;
                else if (i > 1 && name[i - 1] == '$')
                        len = i - 1;
        }
        out = malloc(len + 1);
        if (!out)
                return NULL;
        for (i = j = 0; i < len;) {
                if (i + 2 < len && name[i] == '_' && name[i + 1] == '_') {
                        out[j++] = '.';
                        i += 2;
                        continue;
                }
                out[j++] = name[i++];
        }
        out[j] = '\0';
        for (i = 0; i < j; i++)
                if (isupper((unsigned char)out[i]) || !(isalnum((unsigned char)out[i]) ||
                                                         out[i] == '_' || out[i] == '.')) {
                        free(out);
                        return NULL;
                }
        if (!strcmp(out, name)) { /* nothing to decode */
                free(out);
                return NULL;
        }
        return out;
}

bool program_addr_name(struct program *p, uint64_t addr, char *buf, size_t len)
{
        struct module *m = module_at(p, addr);
        GElf_Off off = 0;
        GElf_Sym sym;
        const char *name = m ? module_addrinfo(m, addr, &off, &sym) : NULL;
        char *d;
        int n;

        if (!name)
                return false;
        d = demangle(name);
        if (!d && GELF_ST_TYPE(sym.st_info) == STT_OBJECT)
                d = gnat_decode(name);
        n = (int)strlen(d ? d : name);
        snprintf(buf, len, off ? "%.*s+%llu" : "%.*s", n, d ? d : name,
                 (unsigned long long)off);
        free(d);
        return true;
}

static bool vars_symbol(void *ctx, uint64_t addr, char *buf, size_t len)
{
        return program_addr_name(ctx, addr, buf, len);
}

bool program_linkage_addr(struct program *p, const char *linkage, uint64_t *ret)
{
        /* by ELF name alone: a linkage name is one, and a miss would demangle every
         * symbol of every module (find_symbol's second pass) for nothing */
        return find_symbol_as(p, NULL, 0, linkage, false, ret) == 0;
}

/* ret_process.static_addr: a static member's variable, by its ELF name. */
static bool vars_static(void *ctx, const char *linkage, uint64_t *ret)
{
        return program_linkage_addr(ctx, linkage, ret);
}

/* Where a variable of one frame is, and what DWARF says of it. */
struct vars_ctx {
        struct program *p;
        struct dw_frame frame;  /* the frame's registers, CFA and frame base */
        /* A frame that called: frame with its caller-saved registers as its callees
         * left them (see var_place), if have_kept. */
        struct dw_frame kept;
        bool have_kept;
        /* Values put together from pieces while one variable is read: freed with it
         * (var_value). */
        uint8_t *made[8];
        size_t n_made;
        char fmt;               /* print/FMT's letter, or 0 (retval.h ret_format_as) */
        struct cnum *num;       /* print's arithmetic: the value as a number too */
        char why[160];          /* an index's error, for as long as the value's */
        Dwarf_Addr rel;         /* the frame's pc, as the module's DWARF addresses it */
        bool cxx;
        /* For entry values (entry_value): the stack, this frame in it, its function. */
        const struct frame_info *info;
        size_t n, index;
        Dwarf_Die fn;
        bool have_fn;
        int depth;              /* callers asked for entry values on the way here */
};

static const char *die_name(Dwarf_Die *d)
{
        Dwarf_Attribute a;

        return dwarf_formstring(dwarf_attr_integrate(d, DW_AT_name, &a));
}

/* A value being looked at: in memory at addr, or held in bytes (a register's, a
 * computed one, a constant), of DWARF type type. */
struct place {
        Dwarf_Die type;
        int skip;               /* an array type's dimensions indexed already: grid[1]
                                 * is grid's type with skip 1 */
        bool in_memory;
        uint64_t addr;
        uint8_t held[16];
        const uint8_t *block;   /* a constant longer than held (libdw's bytes), a value
                                 * put together from pieces (var_place's), or NULL */
        size_t block_len;
        const uint8_t *na;      /* with block: na[i] != 0 if block[i] is not available
                                 * (a piece optimized out); NULL when all are */
        bool synthetic;         /* a pointer optimized away (DW_OP_implicit_pointer):
                                 * it pointed target_off bytes into variable target */
        Dwarf_Die target;
        int64_t target_off;
};

/* The bytes a place not in memory holds, and how many. */
static const uint8_t *place_held(const struct place *pl, size_t *len)
{
        if (pl->block) {
                *len = pl->block_len;
                return pl->block;
        }
        *len = sizeof(pl->held);
        return pl->held;
}

/* Whether bytes [off, off + n) of a place not in memory are available. */
static bool place_avail(const struct place *pl, size_t off, size_t n)
{
        for (size_t i = 0; pl->na && i < n; i++)
                if (pl->na[off + i])
                        return false;
        return true;
}

/* pl (not in memory) moves off bytes into its value. NULL, or why not. */
static const char *place_skip(struct place *pl, uint64_t off, uint64_t size)
{
        if (pl->block) {
                if (off + size > pl->block_len)
                        return "past the end of a constant";
                pl->block += off;
                pl->block_len -= off;
                if (pl->na)
                        pl->na += off;
                return NULL;
        }
        if (off + size > sizeof(pl->held))
                return "in a register dbgd does not read";
        memmove(pl->held, pl->held + off, sizeof(pl->held) - off);
        return NULL;
}

static uint64_t type_size(Dwarf_Die *t)
{
        Dwarf_Word n = 0;
        Dwarf_Die s;

        if (type_strip(t, &s, false) && dwarf_tag(&s) == DW_TAG_pointer_type)
                return 8;
        return dwarf_aggregate_size(t, &n) == 0 ? n : 0;
}

/* The registers a location expression names (DWARF numbers 0-63), as bits. */
static uint64_t ops_regs(const Dwarf_Op *ops, size_t n)
{
        uint64_t regs = 0;

        for (size_t i = 0; i < n; i++) {
                uint8_t a = ops[i].atom;
                Dwarf_Word r = 64;

                if (a >= DW_OP_reg0 && a <= DW_OP_reg31)
                        r = a - DW_OP_reg0;
                else if (a >= DW_OP_breg0 && a <= DW_OP_breg31)
                        r = a - DW_OP_breg0;
                else if (a == DW_OP_regx || a == DW_OP_bregx || a == DW_OP_regval_type ||
                         a == DW_OP_GNU_regval_type)
                        r = ops[i].number;
                if (r < 64)
                        regs |= UINT64_C(1) << r;
        }
        return regs;
}

/* Whether the location at the call (a, na) names registers, and every one of them is
 * named by the one at the return address (b, nb) too: the code after the call counts
 * on what they held before it. A location that names none (a global's DW_OP_addr, a
 * DW_OP_fbreg) has nothing the callees kept: the frame's own evaluation reads it, with
 * the bias of the module it belongs to (frame_vars sets it for another module's
 * global). */
static bool regs_named(const Dwarf_Op *a, size_t na, const Dwarf_Op *b, size_t nb)
{
        uint64_t ra = ops_regs(a, na);

        return ra && (ra & ops_regs(b, nb)) == ra;
}

/* pl becomes the value put together from pieces[0..n) (a struct in registers, some
 * of it maybe optimized out), as gdb does. NULL, or why not. */
static const char *place_pieces(struct vars_ctx *vc, struct place *pl,
                                const struct dw_loc *pieces, size_t n)
{
        uint64_t total = 0, off = 0;
        uint8_t *buf, *na;

        for (size_t i = 0; i < n; i++)
                total += pieces[i].piece;
        if (total > RET_STRUCT_MAX || vc->n_made + 2 > sizeof(vc->made) / sizeof(vc->made[0]))
                return "a value in pieces dbgd does not read";
        buf = calloc(1, total + 16);
        na = calloc(1, total + 16);
        if (!buf || !na) {
                free(buf);
                free(na);
                return "out of memory";
        }
        vc->made[vc->n_made++] = buf;
        vc->made[vc->n_made++] = na;
        for (size_t i = 0; i < n; off += pieces[i].piece, i++) {
                const struct dw_loc *pc = &pieces[i];
                uint64_t sz = pc->piece, have = 0;

                switch (pc->kind) {
                case DW_LOC_MEMORY:
                        if (tracee_mem_read(vc->p->pid, pc->addr, buf + off, sz) == (ssize_t)sz)
                                have = sz;
                        break;
                case DW_LOC_REGISTER:
                case DW_LOC_VALUE:
                        have = sz < 8 ? sz : 8; /* a register's low bytes */
                        memcpy(buf + off, &pc->value, have);
                        break;
                case DW_LOC_IMPLICIT:
                        have = sz < pc->len ? sz : pc->len;
                        memcpy(buf + off, pc->bytes, have);
                        break;
                case DW_LOC_EMPTY:
                case DW_LOC_IMPLICIT_POINTER: /* not among pieces (dwexpr.c) */
                        break;
                }
                memset(na + off + have, 1, sz - have);
        }
        /* the rest of the type, if the pieces are fewer: not available either */
        memset(na + total, 1, 16);
        pl->block = buf;
        pl->block_len = total;
        pl->na = na;
        return NULL;
}

/* Where variable v is, into *pl. NULL, or why it cannot be read. */
static const char *var_place(struct vars_ctx *vc, Dwarf_Die *v, struct place *pl)
{
        Dwarf_Attribute a;
        Dwarf_Op *ops = NULL, *ops2 = NULL;
        size_t nops = 0, nops2 = 0, n_pieces = 0;
        struct dw_loc loc, pieces[DW_PIECES_MAX];
        struct dw_frame *frame;
        const char *why = NULL;
        int r;

        memset(pl, 0, sizeof(*pl));
        if (!type_of(v, &pl->type))
                return "its type is not known";
        if (dwarf_attr_integrate(v, DW_AT_const_value, &a)) {
                Dwarf_Sword sv;
                Dwarf_Block blk;

                if (dwarf_formblock(&a, &blk) == 0 && blk.length <= sizeof(pl->held)) {
                        memcpy(pl->held, blk.data, blk.length);
                } else if (dwarf_formblock(&a, &blk) == 0) { /* a const table */
                        pl->block = blk.data;
                        pl->block_len = blk.length;
                } else if (dwarf_whatform(&a) == DW_FORM_string ||
                           dwarf_whatform(&a) == DW_FORM_strp ||
                           dwarf_whatform(&a) == DW_FORM_line_strp ||
                           dwarf_whatform(&a) == DW_FORM_strx) { /* a char array: "other" */
                        const char *str = dwarf_formstring(&a);

                        if (!str)
                                return "a constant dbgd does not read";
                        pl->block = (const uint8_t *)str;
                        pl->block_len = strlen(str) + 1;
                } else if (dwarf_formsdata(&a, &sv) == 0)
                        memcpy(pl->held, &sv, sizeof(sv));
                else
                        return "a constant dbgd does not read";
                return NULL;
        }
        if (!dwarf_attr_integrate(v, DW_AT_location, &a) && dwarf_hasattr(v, DW_AT_declaration)) {
                /* a declaration (a C++ static member's): its definition, by ELF name */
                const char *linkage = decl_linkage(v);
                uint64_t addr;

                if (!linkage || !program_linkage_addr(vc->p, linkage, &addr))
                        return "optimized out";
                pl->in_memory = true;
                pl->addr = addr;
                return NULL;
        }
        if (!dwarf_attr_integrate(v, DW_AT_location, &a) ||
            dwarf_getlocation_addr(&a, vc->rel, &ops, &nops, 1) <= 0)
                return "optimized out";
        /* A frame that called knows its callee-saved registers only. But where the
         * registers a variable's location names at the call are named at the return
         * address too, the code after the call counts on the callee leaving them alone
         * (gcc's -fipa-ra keeps values in caller-saved registers across calls to
         * functions it knows do not write them): they hold what the callees left
         * there (kept). A location that ends at the call (an argument passed in rdi)
         * is not taken, nor a register a value is returned in (see frame_setup). */
        frame = &vc->frame;
        if (vc->have_kept && dwarf_getlocation_addr(&a, vc->rel + 1, &ops2, &nops2, 1) > 0 &&
            regs_named(ops, nops, ops2, nops2))
                frame = &vc->kept;
        frame->tctx = &a;
        r = dwexpr_eval_pieces(ops, nops, frame, pieces, &n_pieces, &why);
        frame->tctx = NULL;
        if (r < 0)
                return why;
        if (pieces[0].piece)
                return place_pieces(vc, pl, pieces, n_pieces);
        loc = pieces[0];
        if (loc.kind == DW_LOC_IMPLICIT_POINTER) {
                /* the implicit pointer operation names the variable pointed to */
                for (size_t i = 0; i < nops; i++) {
                        if ((ops[i].atom == DW_OP_implicit_pointer ||
                             ops[i].atom == DW_OP_GNU_implicit_pointer) &&
                            dwarf_getlocation_die(&a, &ops[i], &pl->target) == 0) {
                                pl->synthetic = true;
                                pl->target_off = (int64_t)loc.value;
                                return NULL;
                        }
                }
                return "a pointer optimized away (gdb's <synthetic pointer>)";
        }
        if (loc.kind == DW_LOC_MEMORY) {
                pl->in_memory = true;
                pl->addr = loc.addr;
                return NULL;
        }
        if (loc.kind == DW_LOC_IMPLICIT && loc.len > sizeof(pl->held)) {
                pl->block = loc.bytes;
                pl->block_len = loc.len;
                return NULL;
        }
        if (loc.kind == DW_LOC_IMPLICIT) {
                memcpy(pl->held, loc.bytes, loc.len);
                return NULL;
        }
        /* A register's (or a computed) value: its low bytes (an xmm register's low 8
         * bytes: a float or a double). */
        if (type_size(&pl->type) > 8)
                return "in a register dbgd does not read";
        memcpy(pl->held, &loc.value, 8);
        return NULL;
}

/* The pointer value held at pl (a pointer type). */
static bool place_pointer(struct vars_ctx *vc, const struct place *pl, uint64_t *ret)
{
        if (!pl->in_memory) {
                size_t len;
                const uint8_t *b = place_held(pl, &len);

                if (len < 8 || !place_avail(pl, 0, 8))
                        return false;
                memcpy(ret, b, 8);
                return true;
        }
        return tracee_mem_read(vc->p->pid, pl->addr, ret, 8) == 8;
}

/* pl (a pointer or a C++ reference, of stripped type ptype) becomes what it points to,
 * off bytes on. A synthetic pointer leads to the variable it pointed into, as gdb
 * follows one. NULL, or why not (unreadable: the pointer cannot be read). */
static const char *place_follow(struct vars_ctx *vc, struct place *pl, Dwarf_Die *ptype,
                                int64_t off, const char *unreadable)
{
        Dwarf_Die to;
        uint64_t ptr;

        if (!type_of(ptype, &to))
                return unreadable;
        if (pl->synthetic) {
                Dwarf_Die target = pl->target;
                int64_t at = pl->target_off + off;
                const char *why = var_place(vc, &target, pl);

                if (why)
                        return why;
                if (pl->in_memory)
                        pl->addr += (uint64_t)at;
                else if (at < 0)
                        return "before the start of a value held in registers";
                else if ((why = place_skip(pl, (uint64_t)at, type_size(&to))))
                        return why;
                pl->type = to;
                pl->skip = 0;
                return NULL;
        }
        if (!place_pointer(vc, pl, &ptr))
                return unreadable;
        pl->in_memory = true;
        pl->addr = ptr + (uint64_t)off;
        pl->type = to;
        return NULL;
}

/* Whether type t is a std::unique_ptr or std::shared_ptr (as libstdc++ lays them out:
 * the pointer first), and what it points to: into *target. */
static bool smart_pointer(Dwarf_Die *t, Dwarf_Die *target)
{
        Dwarf_Die st;
        const char *n;
        uint64_t size;

        if (!type_strip(t, &st, false) ||
            (dwarf_tag(&st) != DW_TAG_class_type && dwarf_tag(&st) != DW_TAG_structure_type) ||
            !(n = dwarf_diename(&st)))
                return false;
        size = type_size(&st);
        if (!(strncmp(n, "unique_ptr<", 11) == 0 && size == 8) &&
            !(strncmp(n, "shared_ptr<", 11) == 0 && size == 16))
                return false;
        return template_arg(&st, 1, target);
}

/* pl, a smart pointer to target, becomes what it points to (gdb's xmethods for * and
 * ->). NULL, or why not. */
static const char *place_smart(struct vars_ctx *vc, struct place *pl, Dwarf_Die *target)
{
        uint64_t ptr;

        if (!place_pointer(vc, pl, &ptr))
                return "the pointer cannot be read";
        *pl = (struct place){ .type = *target, .in_memory = true, .addr = ptr };
        return NULL;
}

/* A C++ reference stands for what it refers to: pl becomes that. */
static const char *place_unref(struct vars_ctx *vc, struct place *pl)
{
        Dwarf_Die st;

        if (!type_strip(&pl->type, &st, false) || (dwarf_tag(&st) != DW_TAG_reference_type &&
                                                   dwarf_tag(&st) != DW_TAG_rvalue_reference_type))
                return NULL;
        return place_follow(vc, pl, &st, 0, "the reference cannot be read");
}

/* pl becomes the value of bit-field member mem of it (held, sign-extended by its
 * type). */
static const char *place_bits(struct vars_ctx *vc, struct place *pl, Dwarf_Die *mem)
{
        Dwarf_Attribute a;
        Dwarf_Word size = 0, off = 0;
        uint8_t b[16] = { 0 };
        unsigned __int128 w = 0;
        uint64_t v, mask;
        Dwarf_Die t, st;
        Dwarf_Word enc = 0;
        unsigned nbytes;

        if (dwarf_formudata(dwarf_attr(mem, DW_AT_bit_size, &a), &size) != 0 ||
            !bitfield_offset(mem, size, &off) || size == 0 || size > 64 ||
            !type_of(mem, &t))
                return "a bit-field dbgd does not read";
        st = t;
        nbytes = (unsigned)((off % 8 + size + 7) / 8);
        if (pl->in_memory) {
                if (tracee_mem_read(vc->p->pid, pl->addr + off / 8, b, nbytes) != nbytes)
                        return "its memory cannot be read";
        } else {
                size_t len;
                const uint8_t *held = place_held(pl, &len);

                if (off / 8 + nbytes > len)
                        return "in a register dbgd does not read";
                if (!place_avail(pl, off / 8, nbytes))
                        return "optimized out";
                memcpy(b, held + off / 8, nbytes);
        }
        for (unsigned i = 0; i < nbytes; i++)
                w |= (unsigned __int128)b[i] << (8 * i);
        mask = size >= 64 ? UINT64_MAX : (UINT64_C(1) << size) - 1;
        v = (uint64_t)(w >> (off % 8)) & mask;
        if (type_strip(&t, &st, false) && dwarf_tag(&st) == DW_TAG_enumeration_type &&
            type_of(&st, &st))
                type_strip(&st, &st, false);
        dwarf_formudata(dwarf_attr(&st, DW_AT_encoding, &a), &enc);
        if ((enc == DW_ATE_signed || enc == DW_ATE_signed_char) && size < 64 &&
            (v >> (size - 1)) & 1)
                v |= ~mask;
        pl->type = t;
        pl->in_memory = false;
        pl->block = pl->na = NULL;
        memset(pl->held, 0, sizeof(pl->held));
        memcpy(pl->held, &v, 8);
        return NULL;
}

static const char *inherit_offset(struct vars_ctx *vc, Dwarf_Die *inh, uint64_t addr,
                                  int64_t *ret_off);

/* One step of a path: pl becomes the member `field` of it (arrow: of what it points
 * to), or its element `index` (an array's, or through a pointer), or (star) what it
 * points to. NULL, or why not. */
static const char *place_member(struct vars_ctx *vc, struct place *pl, const char *field,
                                size_t flen, bool arrow)
{
        Dwarf_Die st, child;

        if (arrow) {
                const char *why;
                Dwarf_Die target;

                if (smart_pointer(&pl->type, &target))
                        why = place_smart(vc, pl, &target);
                else if (!type_strip(&pl->type, &st, false) ||
                         dwarf_tag(&st) != DW_TAG_pointer_type)
                        return "-> of something that is not a pointer";
                else
                        why = place_follow(vc, pl, &st, 0, "the pointer cannot be read");
                if (why)
                        return why;
        }
        if (!type_strip(&pl->type, &st, false) ||
            (dwarf_tag(&st) != DW_TAG_structure_type && dwarf_tag(&st) != DW_TAG_class_type &&
             dwarf_tag(&st) != DW_TAG_union_type))
                return "a member of something that is not a struct or union";
        if (dwarf_child(&st, &child) != 0)
                return "no such member";
        do {
                const char *n = die_name(&child);
                Dwarf_Attribute a;
                Dwarf_Word off = 0;

                if ((dwarf_tag(&child) != DW_TAG_member && dwarf_tag(&child) != DW_TAG_variable) ||
                    !n || strlen(n) != flen || strncmp(n, field, flen) != 0)
                        continue;
                if (dwarf_tag(&child) == DW_TAG_variable || dwarf_attr(&child, DW_AT_external, &a) ||
                    dwarf_hasattr(&child, DW_AT_declaration))
                        return var_place(vc, &child, pl); /* a static member: rc.made */
                if (dwarf_hasattr(&child, DW_AT_bit_size))
                        return place_bits(vc, pl, &child);
                if (dwarf_hasattr(&child, DW_AT_data_member_location) &&
                    dwarf_formudata(dwarf_attr(&child, DW_AT_data_member_location, &a), &off) != 0)
                        return "a member at no constant offset";
                if (!type_of(&child, &pl->type))
                        return "its type is not known";
                if (pl->in_memory)
                        pl->addr += off;
                else
                        return place_skip(pl, off, type_size(&pl->type));
                return NULL;
        } while (dwarf_siblingof(&child, &child) == 0);
        /* a member of a base class (C++) or of an anonymous struct or union member,
         * at its offset */
        if (dwarf_child(&st, &child) != 0)
                return "no such member";
        do {
                Dwarf_Attribute a;
                Dwarf_Word off = 0;
                struct place inner = *pl;
                int tag = dwarf_tag(&child);

                if (tag == DW_TAG_inheritance && inner.in_memory &&
                    dwarf_hasattr(&child, DW_AT_virtuality)) {
                        /* a virtual base: where the object's vtable says it is */
                        int64_t voff;

                        if (inherit_offset(vc, &child, inner.addr, &voff) ||
                            !type_of(&child, &inner.type))
                                continue;
                        inner.addr += (uint64_t)voff;
                        if (!place_member(vc, &inner, field, flen, false)) {
                                *pl = inner;
                                return NULL;
                        }
                        continue;
                }
                if ((tag != DW_TAG_inheritance &&
                     (tag != DW_TAG_member || die_name(&child))) ||
                    (dwarf_hasattr(&child, DW_AT_data_member_location) &&
                     dwarf_formudata(dwarf_attr(&child, DW_AT_data_member_location, &a),
                                     &off) != 0) ||
                    !type_of(&child, &inner.type))
                        continue;
                if (inner.in_memory)
                        inner.addr += off;
                else if (place_skip(&inner, off, type_size(&inner.type)))
                        continue;
                if (!place_member(vc, &inner, field, flen, false)) {
                        *pl = inner;
                        return NULL;
                }
        } while (dwarf_siblingof(&child, &child) == 0);
        return "no such member";
}

static const char *place_index(struct vars_ctx *vc, struct place *pl, int64_t index)
{
        Dwarf_Die st, elem;
        uint64_t size, dims[ARRAY_DIMS_MAX];
        int nd;

        if (type_strip(&pl->type, &st, false) &&
            (dwarf_tag(&st) == DW_TAG_class_type || dwarf_tag(&st) == DW_TAG_structure_type) &&
            dwarf_diename(&st) && strncmp(dwarf_diename(&st), "vector<", 7) == 0) {
                /* a std::vector's element, as gdb's xmethod for operator[] reads it:
                 * its storage's, through _M_impl._M_start (not range-checked, as
                 * operator[] is not) */
                const char *why = place_member(vc, pl, "_M_impl", 7, false);

                if (!why)
                        why = place_member(vc, pl, "_M_start", 8, false);
                return why ? "[] of a std::vector dbgd does not read" : place_index(vc, pl, index);
        }
        if (!type_strip(&pl->type, &st, false) || !type_of(&st, &elem))
                return "[] of something that is not an array or pointer";
        size = type_size(&elem);
        if (size == 0)
                return "its elements have no size";
        if (dwarf_tag(&st) == DW_TAG_array_type && (nd = array_dims(&st, dims)) > 1) {
                /* int grid[3][4]: grid[1] is the second int [4] */
                const char *why;

                for (int i = pl->skip + 1; i < nd; i++)
                        size *= dims[i];
                if (pl->in_memory)
                        pl->addr += (uint64_t)index * size;
                else if (index < 0 || (why = place_skip(pl, (uint64_t)index * size, size)))
                        return index < 0 ? "a negative index of a constant" : why;
                pl->type = st;
                if (++pl->skip == nd) {
                        pl->type = elem;
                        pl->skip = 0;
                }
                return NULL;
        }
        if (dwarf_tag(&st) == DW_TAG_pointer_type) {
                return place_follow(vc, pl, &st, index * (int64_t)size,
                                    "the pointer cannot be read");
        } else if (dwarf_tag(&st) == DW_TAG_array_type && pl->in_memory) {
                pl->addr += (uint64_t)index * size;
        } else if (dwarf_tag(&st) == DW_TAG_array_type && index >= 0) {
                const char *why = place_skip(pl, (uint64_t)index * size, size);

                if (why)
                        return why;
        } else {
                return "[] of something that is not an array or pointer";
        }
        pl->type = elem;
        return NULL;
}

static const char *index_expr(struct vars_ctx *vc, const char *text, long long *ret);

/* The scalar of type t held in bytes as a number for print's arithmetic: false for a
 * pointer, a struct, an array. */
static bool cnum_of(const struct ret_type *t, const uint8_t *bytes, struct cnum *ret)
{
        uint64_t v = 0;
        bool sgn;

        switch (t->cls) {
        case RET_SIGNED:
        case RET_UNSIGNED:
        case RET_BOOL:
        case RET_CHAR_SIGNED:
        case RET_CHAR_UNSIGNED:
        case RET_WIDE_CHAR:
        case RET_ENUM:
                if ((t->cls == RET_SIGNED || t->cls == RET_UNSIGNED) && t->size == 16) {
                        /* __int128: printed, not computed with (cexpr.h) */
                        *ret = (struct cnum){ .size = 16, .is_unsigned = t->cls == RET_UNSIGNED };
                        memcpy(&ret->i, bytes, 8);
                        memcpy(&ret->hi, bytes + 8, 8);
                        return true;
                }
                if (t->size == 0 || t->size > 8)
                        return false;
                memcpy(&v, bytes, t->size);
                sgn = t->cls == RET_SIGNED || t->cls == RET_CHAR_SIGNED ||
                      ((t->cls == RET_ENUM || t->cls == RET_WIDE_CHAR) && t->is_signed);
                if (sgn && t->size < 8 && (v >> (8 * t->size - 1)) & 1)
                        v |= ~((UINT64_C(1) << (8 * t->size)) - 1);
                *ret = (struct cnum){ .size = t->size, .is_unsigned = !sgn, .i = v,
                                      .is_bool = t->cls == RET_BOOL };
                return true;
        case RET_FLOAT:
                if (t->size == 4) {
                        float f;

                        memcpy(&f, bytes, 4);
                        *ret = (struct cnum){ .is_float = true, .size = 4, .f = f };
                } else {
                        double d;

                        memcpy(&d, bytes, 8);
                        *ret = (struct cnum){ .is_float = true, .size = 8, .f = d };
                }
                return true;
        case RET_COMPLEX: { /* its two parts, each as a number of the part's type */
                const struct ret_type *part = t->members[0].type;
                struct cnum re, im;

                if (part->cls == RET_LONG_DOUBLE) {
                        long double x = 0, y = 0;

                        memcpy(&x, bytes, 10);
                        memcpy(&y, bytes + t->size / 2, 10);
                        re = (struct cnum){ .size = 16, .f = x };
                        im = (struct cnum){ .f = y };
                } else if (!cnum_of(part, bytes, &re) ||
                           !cnum_of(part, bytes + t->size / 2, &im)) {
                        return false;
                }
                *ret = (struct cnum){ .is_float = true, .is_complex = true, .size = re.size,
                                      .f = re.f, .im = im.f };
                return true;
        }
        default:
                return false;
        }
}

static void vars_unmake(struct vars_ctx *vc)
{
        while (vc->n_made)
                free(vc->made[--vc->n_made]);
}

/* ---- values of the program's types for print's expressions (cexpr_eval_host) ---- */

/* A type as cexpr carries it: the DIE's unit and offset, ptrs pointers on top. */
static struct cexpr_type th_make(Dwarf_Die *d, int ptrs)
{
        return (struct cexpr_type){ .unit = dwarf_cu_getdwarf(d->cu), .off = dwarf_dieoffset(d),
                                    .ptrs = ptrs };
}

static bool th_die(const struct cexpr_type *t, Dwarf_Die *ret)
{
        return t->unit && dwarf_offdie((Dwarf *)(uintptr_t)t->unit, t->off, ret) != NULL;
}

/* The size of a row of array type d, its first skip dimensions indexed away (d's own
 * with skip 0); 0 when not known. */
static uint64_t row_size(Dwarf_Die *d, int skip)
{
        uint64_t dims[ARRAY_DIMS_MAX], size;
        Dwarf_Die st, elem;
        int nd;

        if (skip == 0)
                return type_size(d);
        if (!type_strip(d, &st, false) || dwarf_tag(&st) != DW_TAG_array_type ||
            !type_of(&st, &elem))
                return 0;
        nd = array_dims(&st, dims);
        size = type_size(&elem);
        for (int i = skip; i < nd; i++)
                size *= dims[i];
        return size;
}

/* The size of what a pointer of type d (a row of it with skip, row_size; with ptrs more
 * on top) points to; 0: void. */
static uint64_t pointee_size(Dwarf_Die *d, int skip, int ptrs)
{
        Dwarf_Die st, to;

        if (ptrs > 1)
                return 8;
        if (ptrs == 1)
                return row_size(d, skip);
        if (type_strip(d, &st, false) && dwarf_tag(&st) == DW_TAG_pointer_type &&
            type_of(&st, &to))
                return type_size(&to);
        return 0;
}

/* Is d, a DW_TAG_ptr_to_member_type, a pointer to a member function (the ABI's pair
 * of 16 bytes) rather than to a data member (an offset of 8)? */
static bool member_function_pointer(Dwarf_Die *d)
{
        Dwarf_Die to;

        return !type_of(d, &to) || !type_strip(&to, &to, false) ||
               dwarf_tag(&to) == DW_TAG_subroutine_type;
}

/* The value at pl (its type with ptrs pointers on top) as cexpr takes it: a number, a
 * typed pointer, or an object in memory (a struct, union or array). NULL, or why not. */
static const char *place_cnum(struct vars_ctx *vc, const struct place *pl, int ptrs,
                              struct cnum *ret)
{
        struct cexpr_type th;
        struct ret_type *t;
        struct place un;
        uint8_t b[32] = { 0 };
        const char *why;
        Dwarf_Die st;
        int tag = 0;

        if (ptrs == 0) { /* a C++ reference's value is what it refers to, as gdb's */
                un = *pl;
                why = place_unref(vc, &un);
                if (why)
                        return why;
                pl = &un;
        }
        th = th_make((Dwarf_Die *)&pl->type, ptrs);
        th.skip = pl->skip; /* a row of a multi-dimensional array: an array object */
        if (pl->synthetic)
                return "a pointer optimized away (gdb's <synthetic pointer>)";
        if (ptrs == 0 && type_strip((Dwarf_Die *)&pl->type, &st, false))
                tag = dwarf_tag(&st);
        if (tag == DW_TAG_structure_type || tag == DW_TAG_class_type ||
            tag == DW_TAG_union_type || tag == DW_TAG_array_type) {
                if (!pl->in_memory)
                        return "a struct or array held in registers (print it by name)";
                *ret = (struct cnum){ .object = true, .lval = true, .addr = pl->addr,
                                      .size = (unsigned)row_size((Dwarf_Die *)&pl->type,
                                                                 pl->skip),
                                      .type = th };
                return NULL;
        }
        if (ptrs > 0 || tag == DW_TAG_pointer_type) {
                uint64_t v;

                if (!place_pointer(vc, pl, &v))
                        return pl->in_memory ? "its memory cannot be read"
                                             : "the pointer cannot be read";
                *ret = (struct cnum){ .ptr = 'p', .size = 8, .i = v, .type = th,
                                      .elem = pointee_size((Dwarf_Die *)&pl->type, pl->skip,
                                                           ptrs),
                                      .lval = pl->in_memory, .addr = pl->addr };
                return NULL;
        }
        if (tag == DW_TAG_ptr_to_member_type && !member_function_pointer(&st)) {
                /* a pointer to data member: its offset, for .* and ->* (one to a member
                 * function is the ABI's pair of 16 bytes: not a number) */
                uint64_t v;

                if (!place_pointer(vc, pl, &v))
                        return "its memory cannot be read";
                *ret = (struct cnum){ .size = 8, .i = v, .type = th, .lval = pl->in_memory,
                                      .addr = pl->addr };
                return NULL;
        }
        t = type_read((Dwarf_Die *)&pl->type, vc->cxx, 0);
        if (!t || t->size == 0 || t->size > (t->cls == RET_COMPLEX ? 32 : 16)) {
                ret_type_free(t);
                return "not a number (print's arithmetic takes integers, characters, bools, "
                       "enums, floats and pointers)";
        }
        if (pl->in_memory) {
                if (tracee_mem_read(vc->p->pid, pl->addr, b, t->size) != (ssize_t)t->size) {
                        ret_type_free(t);
                        return "its memory cannot be read";
                }
        } else {
                size_t len;
                const uint8_t *h = place_held(pl, &len);

                if (!place_avail(pl, 0, t->size)) {
                        ret_type_free(t);
                        return "optimized out";
                }
                memcpy(b, h, t->size < len ? t->size : len);
        }
        if (t->cls == RET_LONG_DOUBLE) {
                long double ld = 0;

                memcpy(&ld, b, 10);
                *ret = (struct cnum){ .is_float = true, .size = 16, .f = ld };
        } else if (!cnum_of(t, b, ret)) {
                ret_type_free(t);
                return "not a number (print's arithmetic takes integers, characters, bools, "
                       "enums, floats and pointers)";
        }
        ret_type_free(t);
        ret->type = th;
        ret->lval = pl->in_memory;
        ret->addr = pl->addr;
        return NULL;
}

/* A pointer to pl's type (extra more stars on top: char **) holding addr, printed as
 * gdb prints one into o: (int *) 0x404028 <counter>, a char * with its string. NULL,
 * or why not. */
static const char *pointer_print(struct vars_ctx *vc, json_t *o, struct place *pl,
                                 int extra, uint64_t addr)
{
        struct ret_process proc = { vars_read, vars_symbol, vc->p, vars_static };

        /* &x: a pointer to it, as gdb prints one: (int *) 0x404028 <counter> */
        char *name, *tname, *fnp;
        size_t len;

        if (pl->skip) { /* &grid[1]: int (*)[4] */
                struct ret_type *rt = array_read(&pl->type, pl->skip, vc->cxx, 0);

                tname = strdup(rt ? rt->name : "?");
                ret_type_free(rt);
        } else {
                tname = type_spell_dup(&pl->type, vc->cxx);
        }
        len = tname ? strlen(tname) : 0;
        name = tname ? malloc(len + 8 + (size_t)extra) : NULL;
        if (!name) {
                free(tname);
                return "out of memory";
        }
        snprintf(name, len + 8 + (size_t)extra, len && tname[len - 1] == '*' ? "%s*" : "%s *", tname);
        if (strchr(tname, '[')) { /* char [32] -> char (*)[32] */
                char *br = strchr(tname, '[');

                snprintf(name, len + 8 + (size_t)extra, "%.*s(*)%s", (int)(br - tname), tname, br);
        } else if ((fnp = strstr(tname, "(*")) || (fnp = strstr(tname, "(&"))) {
                /* a pointer to a function's: one more star inside, int (**)(int) */
                int at = (int)(fnp - tname) + 1;

                snprintf(name, len + 8 + (size_t)extra, "%.*s%.*s%s", at, tname,
                         extra + 1, "********", tname + at);
                extra = 0;
        }
        free(tname);
        for (int k = 0; k < extra; k++) /* char ** */
                strcat(name, "*");
        json_object_set_new(o, "type", json_string(name));
        {
                /* printed as a pointer of that type: &buf[1] is a char * with
                 * its string, as in gdb */
                struct ret_type pt = { .cls = RET_POINTER, .size = 8, .name = name,
                                       .cast = name };
                Dwarf_Die bare;
                Dwarf_Word enc = 0;
                uint8_t ptr[8];
                char *val;

                if (!pl->skip && !extra && type_strip(&pl->type, &bare, false) &&
                    dwarf_tag(&bare) == DW_TAG_base_type && dwarf_bytesize(&bare) == 1 &&
                    ((enc = char_encoding(&bare)) == DW_ATE_signed_char ||
                     enc == DW_ATE_unsigned_char)) {
                        pt.cls = RET_STRING;
                        if (type_strip(&pl->type, &bare, true) &&
                            dwarf_tag(&bare) == DW_TAG_base_type && dwarf_diename(&bare) &&
                            strcmp(dwarf_diename(&bare), "char") == 0)
                                pt.cast = NULL;
                }
                memcpy(ptr, &addr, 8);
                val = ret_format_as(&pt, ptr, NULL, true, vc->fmt, &proc);
                if (val)
                        json_object_set_new(o, "value", json_string(val));
                free(val);
        }
        free(name);
        return NULL;
}

/* pl's value, printed as gdb prints it, into o's type, address and value. NULL, or
 * why not. */
static const char *place_print(struct vars_ctx *vc, struct place *pl, json_t *o, bool top)
{
        struct ret_process proc = { vars_read, vars_symbol, vc->p, vars_static };
        const char *why = NULL;
        struct ret_type *t;
        uint8_t *bytes = NULL;
        char *value = NULL;

        t = pl->skip ? array_read(&pl->type, pl->skip, vc->cxx, 0) : type_read(&pl->type, vc->cxx, 0);
        if (t)
                json_object_set_new(o, "type", json_string(t->name));
        if (t && t->cls == RET_INCOMPLETE) { /* only declared here: gdb's words */
                json_object_set_new(o, "value", json_string("<incomplete type>"));
                goto done;
        }
        if (!t || (t->size == 0 && !(t->cls == RET_ARRAY && pl->in_memory)) ||
            t->size > RET_STRUCT_MAX) {
                why = "its type is not known";
                goto done;
        }
        bytes = calloc(1, t->size + 16);
        if (!bytes) {
                why = "out of memory";
                goto done;
        }
        if (pl->in_memory) {
                json_object_set_new(o, "address", jrpc_addr(pl->addr));
                if (tracee_mem_read(vc->p->pid, pl->addr, bytes, t->size) != (ssize_t)t->size) {
                        why = "its memory cannot be read";
                        goto done;
                }
        } else if (pl->block) {
                memcpy(bytes, pl->block, t->size < pl->block_len ? t->size : pl->block_len);
        } else {
                memcpy(bytes, pl->held, t->size < sizeof(pl->held) ? t->size : sizeof(pl->held));
        }
        if (pl->na && !pl->in_memory && !memchr(pl->na, 0, t->size)) {
                why = "optimized out"; /* every piece of it */
                goto done;
        }
        value = ret_format_at(t, bytes, pl->in_memory ? NULL : pl->na, top, vc->fmt,
                              pl->in_memory ? &pl->addr : NULL, &proc);
        if (value)
                json_object_set_new(o, "value", json_string(value));
        else
                why = "a value of a type dbgd does not print";
done:
        free(value);
        free(bytes);
        ret_type_free(t);
        return why;
}

static void format_number(char *buf, size_t cap, uint64_t v, int size, bool is_signed,
                          char fmt);

/* The value of a variable or parameter, or of path applied to it (".x", "->next[2]"),
 * stars times dereferenced and, with amp, its address taken: {name, type, value,
 * address} or, when it cannot be read, {name, type, error}. */
/* Is variable v, at the frame's pc, in one register (DW_OP_reg0..31, DW_OP_regx)? Its
 * name as gdb spells it into name ("rbx", "xmm0"). */
static bool var_in_register(struct vars_ctx *vc, Dwarf_Die *v, char *name, size_t len)
{
        static const char *const gpr[17] = { "rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp",
                                             "rsp", "r8", "r9", "r10", "r11", "r12", "r13",
                                             "r14", "r15", "rip" };
        Dwarf_Attribute a;
        Dwarf_Op *ops = NULL;
        size_t nops = 0;
        uint64_t reg;

        if (!dwarf_attr_integrate(v, DW_AT_location, &a) ||
            dwarf_getlocation_addr(&a, vc->rel, &ops, &nops, 1) <= 0 || nops != 1)
                return false;
        if (ops[0].atom >= DW_OP_reg0 && ops[0].atom <= DW_OP_reg31)
                reg = ops[0].atom - DW_OP_reg0;
        else if (ops[0].atom == DW_OP_regx)
                reg = ops[0].number;
        else
                return false;
        if (reg < 17)
                snprintf(name, len, "%s", gpr[reg]);
        else if (reg < 33)
                snprintf(name, len, "xmm%u", (unsigned)(reg - 17));
        else if (reg < 41)
                snprintf(name, len, "st%u", (unsigned)(reg - 33));
        else
                return false;
        return true;
}

static json_t *var_value(struct vars_ctx *vc, Dwarf_Die *v, const char *label,
                         const char *path, int stars, bool amp, bool top)
{
        json_t *o = json_pack("{s:s}", "name", label);
        struct place pl;
        const char *why, *q = path;
        char *value = NULL;
        char regname[8], regwhy[256];

        if (!o)
                return NULL;
        why = var_place(vc, v, &pl);
        while (!why && *q) {
                why = place_unref(vc, &pl);
                if (why)
                        break;
                if (*q == '.' || (q[0] == '-' && q[1] == '>')) {
                        bool arrow = *q == '-';
                        const char *f = q + (arrow ? 2 : 1);
                        size_t fl = strspn(f, "abcdefghijklmnopqrstuvwxyz"
                                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

                        why = fl ? place_member(vc, &pl, f, fl, arrow) : "a member name is missing";
                        q = f + fl;
                } else if (*q == '[') {
                        char *end;
                        long long i = strtoll(q + 1, &end, 0);

                        if (end == q + 1 || *end != ']') {
                                /* a variable, an expression: arr[i], arr[i + 1] */
                                int depth = 0;

                                why = index_expr(vc, q + 1, &i);
                                for (end = (char *)q; *end; end++) {
                                        depth += *end == '[' ? 1 : *end == ']' ? -1 : 0;
                                        if (depth == 0)
                                                break;
                                }
                        }
                        if (!why)
                                why = place_index(vc, &pl, i);
                        q = *end == ']' ? end + 1 : end;
                } else {
                        why = "only .member, ->member and [index] follow a name";
                }
        }
        for (; !why && stars > 0; stars--) {
                Dwarf_Die st, target;

                if (!(why = place_unref(vc, &pl)) && smart_pointer(&pl.type, &target)) {
                        why = place_smart(vc, &pl, &target);
                        continue;
                }
                if (!why &&
                    !(type_strip(&pl.type, &st, false) &&
                      (dwarf_tag(&st) == DW_TAG_pointer_type ||
                       dwarf_tag(&st) == DW_TAG_array_type)))
                        why = "* of something that is not a pointer";
                if (!why && stars == 1 && !amp && !vc->num &&
                    dwarf_tag(&st) == DW_TAG_pointer_type && type_of(&st, &target) &&
                    type_strip(&target, &target, false) &&
                    dwarf_tag(&target) == DW_TAG_subroutine_type) {
                        /* *fp: the function, as gdb shows one, {int (int)} 0x401136
                         * <twice> */
                        char tn[512], sym[300], *val = NULL;
                        size_t len = 0;
                        uint64_t fn;

                        uint8_t byte;

                        if (!place_pointer(vc, &pl, &fn)) {
                                why = "the pointer cannot be read";
                                break;
                        }
                        if (tracee_mem_read(vc->p->pid, fn, &byte, 1) != 1) {
                                /* gdb reads the function's code: *nfp is an error */
                                snprintf(sym, sizeof(sym), "Cannot access memory at "
                                         "address 0x%" PRIx64, fn);
                                json_object_set_new(o, "error", json_string(sym));
                                vars_unmake(vc);
                                return o;
                        }
                        tn[0] = 0;
                        spell_call(&target, vc->cxx, " ", tn, sizeof(tn), &len, 0);
                        if (asprintf(&val, program_addr_name(vc->p, fn, sym, sizeof(sym))
                                                   ? "{%s} 0x%" PRIx64 " <%s>"
                                                   : "{%s} 0x%" PRIx64 "%.0s",
                                     tn, fn, sym) < 0)
                                val = NULL;
                        if (vc->fmt) /* print/x *fp: the address alone */
                                format_number(sym, sizeof(sym), fn, 8, false, vc->fmt);
                        json_object_set_new(o, "type", json_string(tn));
                        json_object_set_new(o, "value",
                                            json_string(vc->fmt ? sym : val ? val : "?"));
                        json_object_set_new(o, "address", jrpc_addr(fn));
                        free(val);
                        vars_unmake(vc);
                        return o;
                }
                if (!why)
                        why = place_index(vc, &pl, 0);
        }
        if (!why && amp && !pl.in_memory && !*path && !stars &&
            var_in_register(vc, v, regname, sizeof(regname))) {
                /* gdb's words for &x of a variable that lives in a register */
                snprintf(regwhy, sizeof(regwhy), "Address requested for identifier \"%s\" "
                         "which is in register $%s", dwarf_diename(v) ? dwarf_diename(v) : "?",
                         regname);
                why = regwhy;
        }
        if (!why && amp)
                why = place_unref(vc, &pl); /* &r: the address of what r refers to */
        if (!why && amp && vc->num) { /* &x in an expression: a pointer to x */
                if (!pl.in_memory)
                        why = "Attempt to take address of value not located in memory.";
                else
                        *vc->num = (struct cnum){ .ptr = 'p', .size = 8, .i = pl.addr,
                                                  .type = th_make(&pl.type, 1),
                                                  .elem = row_size(&pl.type, pl.skip) };
                if (!why)
                        vc->num->type.skip = pl.skip; /* &grid[1]: int (*)[4] */
                if (!why)
                        json_object_set_new(o, "value", json_string(""));
                goto out;
        }
        if (!why && amp) {
                why = pointer_print(vc, o, &pl, 0, pl.addr);
                vars_unmake(vc);
                if (why)
                        json_object_set_new(o, "error", json_string(why));
                return o;
        }
        if (!why && vc->num) { /* an operand of an expression: its value for cexpr */
                why = place_cnum(vc, &pl, 0, vc->num);
                if (!why)
                        json_object_set_new(o, "value", json_string(""));
                else if (pl.in_memory) /* where it could not be read */
                        json_object_set_new(o, "address", jrpc_addr(pl.addr));
                goto out;
        }
        if (why)
                goto out;
        if (pl.synthetic) { /* the pointer itself: gdb's words for it */
                char tn[256];
                size_t len = 0;

                tn[0] = 0;
                type_spell(&pl.type, vc->cxx, tn, sizeof(tn), &len, 0);
                json_object_set_new(o, "type", json_string(tn));
                value = malloc(sizeof(tn) + 32);
                if (value)
                        snprintf(value, sizeof(tn) + 32,
                                 top ? "(%s) <synthetic pointer>" : "<synthetic pointer>", tn);
                json_object_set_new(o, "value", json_string(value ? value : "?"));
                goto out;
        }
        why = place_print(vc, &pl, o, top);
out:
        if (why) {
                Dwarf_Die td;

                if (!json_object_get(o, "type") && type_of(v, &td) && !*path && !stars) {
                        char *tn = type_spell_dup(&td, vc->cxx);

                        if (tn)
                                json_object_set_new(o, "type", json_string(tn));
                        free(tn);
                }
                json_object_set_new(o, "error", json_string(why));
        }
        free(value);
        vars_unmake(vc);
        return o;
}

static json_t *var_json(struct vars_ctx *vc, Dwarf_Die *v, bool top)
{
        const char *name = die_name(v);

        return var_value(vc, v, name ? name : "?", "", 0, false, top);
}

/* The frame's scopes: scopes[lo, hi) are those of inline level `level` (its blocks, then
 * its function: an inlined_subroutine or the subprogram), fn the subprogram. */
static bool level_scopes(Dwarf_Die *scopes, int ns, size_t level, int *lo, int *hi, int *fn)
{
        size_t l = 0;
        int start = 0;

        *fn = -1;
        for (int i = 0; i < ns; i++) {
                int tag = dwarf_tag(&scopes[i]);

                if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram)
                        continue;
                if (l == level) {
                        *lo = start;
                        *hi = i + 1;
                }
                if (tag == DW_TAG_subprogram) {
                        *fn = i;
                        return l >= level;
                }
                l++;
                start = i + 1;
        }
        return false;
}

/* Has class cls (or a base of it, to depth levels) a member called name: data, static
 * or a function's? */
static bool class_has_member(Dwarf_Die *cls, const char *name, int depth)
{
        Dwarf_Die child, t, st;

        if (depth < 0 || dwarf_child(cls, &child) != 0)
                return false;
        do {
                int tag = dwarf_tag(&child);
                const char *n = dwarf_diename(&child);

                if ((tag == DW_TAG_member || tag == DW_TAG_variable ||
                     tag == DW_TAG_subprogram) && n && strcmp(n, name) == 0)
                        return true;
                if (tag == DW_TAG_inheritance && type_of(&child, &t) &&
                    type_strip(&t, &st, false) && class_has_member(&st, name, depth - 1))
                        return true;
        } while (dwarf_siblingof(&child, &child) == 0);
        return false;
}

/* Has the class that parameter `this` points to a member called name? */
static bool this_has_member(Dwarf_Die *this_param, const char *name)
{
        Dwarf_Die t, st, cls;

        if (!type_of(this_param, &t) || !type_strip(&t, &st, false) ||
            dwarf_tag(&st) != DW_TAG_pointer_type || !type_of(&st, &t) ||
            !type_strip(&t, &cls, false))
                return true; /* cannot tell: as before */
        return class_has_member(&cls, name, 16);
}

/* Is die declared inside a namespace or class (its DW_AT_specification's declaration,
 * if it has one)? Such a unit-level definition (g++'s of a namespace's variable, of a
 * class's static member) is not a global of its bare name. */
static bool declared_in_scope(Dwarf_Die *die)
{
        Dwarf_Attribute a;
        Dwarf_Die decl, *sc = NULL;
        bool in = false;
        int n;

        if (!dwarf_attr(die, DW_AT_specification, &a) || !dwarf_formref_die(&a, &decl))
                return false;
        n = dwarf_getscopes_die(&decl, &sc); /* decl, then its parents */
        if (n > 1) {
                int tag = dwarf_tag(&sc[1]);

                in = tag == DW_TAG_namespace || tag == DW_TAG_class_type ||
                     tag == DW_TAG_structure_type || tag == DW_TAG_union_type;
        }
        free(sc);
        return in;
}

/* The C++ scopes function fn is declared in, outermost first, as "geo::Shape" (a
 * method's class and its namespaces; an out-of-line definition's, through its
 * DW_AT_specification), into buf; "" when none. */
static void function_scope(Dwarf_Die *fn, char *buf, size_t len)
{
        Dwarf_Attribute a;
        Dwarf_Die decl = *fn, *sc = NULL;
        size_t used = 0;
        int n;

        buf[0] = 0;
        if (dwarf_attr(fn, DW_AT_specification, &a))
                dwarf_formref_die(&a, &decl);
        n = dwarf_getscopes_die(&decl, &sc);
        for (int i = n - 1; i > 0; i--) { /* the parents, outermost first */
                int tag = dwarf_tag(&sc[i]);
                const char *nm = die_name(&sc[i]);
                int w;

                if ((tag != DW_TAG_namespace && tag != DW_TAG_class_type &&
                     tag != DW_TAG_structure_type && tag != DW_TAG_union_type) || !nm)
                        continue;
                w = snprintf(buf + used, len - used, "%s%s", used ? "::" : "", nm);
                if (w < 0 || (size_t)w >= len - used) {
                        buf[0] = 0;
                        break;
                }
                used += (size_t)w;
        }
        free(sc);
}

static bool is_definition(Dwarf_Die *v)
{
        return !dwarf_hasattr(v, DW_AT_declaration) &&
               (dwarf_hasattr_integrate(v, DW_AT_location) ||
                dwarf_hasattr_integrate(v, DW_AT_const_value));
}

/* Is die the definition of something declared in another scope than scope (clang
 * defines geo::Shape::count inside namespace geo, named by its DW_AT_specification:
 * no geo::count)? */
static bool declared_elsewhere(Dwarf_Die *die, Dwarf_Die *scope)
{
        Dwarf_Attribute a;
        Dwarf_Die decl, *sc = NULL;
        bool other;
        int n;

        if (!dwarf_attr(die, DW_AT_specification, &a) || !dwarf_formref_die(&a, &decl))
                return false;
        n = dwarf_getscopes_die(&decl, &sc); /* decl, then its parents */
        other = n > 1 && dwarf_dieoffset(&sc[1]) != dwarf_dieoffset(scope);
        free(sc);
        return other;
}

/* The variable of C++ qualified name (geo::made, geo::Rect::made) under scope die (a
 * unit, a namespace, a class): its definition, or a static member's declaration. */
static bool qualified_die(Dwarf_Die *scope, const char *name, Dwarf_Die *ret)
{
        const char *sep = strstr(name, "::");
        size_t len = sep ? (size_t)(sep - name) : strlen(name);
        Dwarf_Die child;

        if (dwarf_child(scope, &child) != 0)
                return false;
        do {
                const char *n = die_name(&child);
                int tag = dwarf_tag(&child);
                Dwarf_Attribute a;

                if (!n || strlen(n) != len || strncmp(n, name, len) != 0)
                        continue;
                if (sep && (tag == DW_TAG_namespace || tag == DW_TAG_class_type ||
                            tag == DW_TAG_structure_type || tag == DW_TAG_union_type) &&
                    qualified_die(&child, sep + 2, ret))
                        return true;
                if (!sep && (tag == DW_TAG_variable ||
                             (tag == DW_TAG_member && dwarf_attr(&child, DW_AT_external, &a))) &&
                    !declared_elsewhere(&child, scope)) {
                        *ret = child;
                        return true;
                }
        } while (dwarf_siblingof(&child, &child) == 0);
        return false;
}

/* A variable named name defined at the top of one of the module's compilation units (a
 * global, or a file's static), or of C++ qualified name (in a namespace, a class's
 * static member), into *ret, with its unit's language. */
static bool global_die(Dwfl_Module *dm, const char *name, Dwarf_Die *ret, bool *ret_cxx)
{
        Dwarf_Addr bias;
        Dwarf *dw = dm ? dwfl_module_getdwarf(dm, &bias) : NULL;
        Dwarf_Off off = 0, next;
        size_t hsize;

        while (dw && dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
                Dwarf_Die cu, child;

                if (strstr(name, "::") && dwarf_offdie(dw, off + hsize, &cu) && is_cxx(&cu) &&
                    qualified_die(&cu, name, ret)) {
                        *ret_cxx = true;
                        return true;
                }
                if (dwarf_offdie(dw, off + hsize, &cu) && dwarf_child(&cu, &child) == 0) {
                        do {
                                const char *n = die_name(&child);

                                if (dwarf_tag(&child) == DW_TAG_variable && n &&
                                    strcmp(n, name) == 0 && is_definition(&child) &&
                                    !declared_in_scope(&child)) {
                                        *ret = child;
                                        *ret_cxx = is_cxx(&cu);
                                        return true;
                                }
                        } while (dwarf_siblingof(&child, &child) == 0);
                }
                off = next;
        }
        return false;
}

/* An expression of `print`: [*...|&] NAME [.member|->member|[index]]..., spaces
 * dropped. Returns false when it is not one. */
struct var_expr {
        char text[256];         /* the expression, without spaces */
        char ident[128];
        const char *path;       /* in text: what follows the name */
        int stars;
        bool amp;
        bool global;            /* ::name, gdb's global scope: no local, member or
                                 * namespace of the frame's function hides it */
};

static bool expr_parse(const char *in, struct var_expr *e)
{
        size_t n = 0, il;
        const char *q;

        memset(e, 0, sizeof(*e));
        for (; *in && n + 1 < sizeof(e->text); in++)
                if (*in != ' ' && *in != '\t')
                        e->text[n++] = *in;
        if (*in)
                return false;
        q = e->text;
        for (; *q == '*'; q++)
                e->stars++;
        if (*q == '&' && !e->stars) {
                e->amp = true;
                q++;
        }
        if (q[0] == ':' && q[1] == ':') {
                e->global = true;
                q += 2;
        }
        /* a name, or a C++ qualified one: geo::Rect::made */
        for (il = 0;;) {
                size_t w = strspn(q + il, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789_");

                il += w;
                if (w == 0 || q[il] != ':' || q[il + 1] != ':')
                        break;
                il += 2;
        }
        if (il == 0 || il >= sizeof(e->ident) || (*q >= '0' && *q <= '9') ||
            q[il - 1] == ':')
                return false;
        memcpy(e->ident, q, il);
        e->path = q + il;
        for (q = e->path; *q;) { /* (.NAME | ->NAME | [NUMBER])* */
                const char *f;
                char *end;

                if (*q == '.' || (q[0] == '-' && q[1] == '>')) {
                        f = q + (*q == '.' ? 1 : 2);
                        il = strspn(f, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                       "0123456789_");
                        if (il == 0)
                                return false;
                        q = f + il;
                } else if (*q == '[') {
                        /* a number, or a variable or an expression: arr[i], arr[i+1] */
                        int depth = 0;
                        const char *b = q;

                        il = strspn(q + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789_");
                        if (!(il && q[1] >= '0' && q[1] <= '9' && q[1 + il] == ']')) {
                                for (; *b; b++) {
                                        depth += *b == '[' ? 1 : *b == ']' ? -1 : 0;
                                        if (depth == 0)
                                                break;
                                }
                                if (!*b || b == q + 1)
                                        return false;
                                q = b + 1;
                                continue;
                        }
                        errno = 0;
                        strtoll(q + 1, &end, 0);
                        if (end == q + 1 || *end != ']' || errno == ERANGE)
                                return false; /* as gdb: a numeric constant too large */
                        q = end + 1;
                } else {
                        return false;
                }
        }
        return true;
}

static int frame_vars(struct program *p, const struct frame_info *info, size_t n, size_t frame,
                      const struct var_expr *ex, char fmt, struct cnum *num, json_t **ret);

/* cexpr's operands: a variable (with its path) of the frame, read as a number. */
struct operand_ctx {
        struct program *p;
        const struct frame_info *info;
        size_t n, frame;
        bool cxx;
        /* For the program's types (arith_op): the frame's, NULL when it has no DWARF;
         * its unit and module, where type names are looked up first. */
        struct vars_ctx *vc;
        Dwarf_Die cu;
        bool have_cu;
        struct module *m;
        bool unknown_name;      /* an operand named no variable the frame can see */
        bool known_name;        /* an operand named one it can */
        bool unknown_type;      /* a cast named a type the program has not */
};

/* ---- registers in print: gdb's $pc, $sp, $fp, $rax, $eax, $al, $eflags... ---------- */

/* The 64-bit registers: DWARF number (-1: not in the unwinder's), where in
 * user_regs_struct, and the names of their low 32, 16 and 8 bits and of bits 8-15. */
static const struct reg_gp {
        const char *name;
        int dw;
        size_t off;
        const char *d, *w, *l, *h;
} reg_gps[] = {
#define R(n, dw, d, w, l, h) { #n, dw, offsetof(struct user_regs_struct, n), d, w, l, h }
        R(rax, 0, "eax", "ax", "al", "ah"),     R(rbx, 3, "ebx", "bx", "bl", "bh"),
        R(rcx, 2, "ecx", "cx", "cl", "ch"),     R(rdx, 1, "edx", "dx", "dl", "dh"),
        R(rsi, 4, "esi", "si", "sil", NULL),    R(rdi, 5, "edi", "di", "dil", NULL),
        R(rbp, 6, "ebp", "bp", "bpl", NULL),    R(rsp, 7, "esp", NULL, "spl", NULL),
        R(r8, 8, "r8d", "r8w", "r8l", NULL),    R(r9, 9, "r9d", "r9w", "r9l", NULL),
        R(r10, 10, "r10d", "r10w", "r10l", NULL), R(r11, 11, "r11d", "r11w", "r11l", NULL),
        R(r12, 12, "r12d", "r12w", "r12l", NULL), R(r13, 13, "r13d", "r13w", "r13l", NULL),
        R(r14, 14, "r14d", "r14w", "r14l", NULL), R(r15, 15, "r15d", "r15w", "r15l", NULL),
        R(rip, 16, NULL, NULL, NULL, NULL),     R(eflags, -1, NULL, NULL, NULL, NULL),
        R(cs, -1, NULL, NULL, NULL, NULL),      R(ss, -1, NULL, NULL, NULL, NULL),
        R(ds, -1, NULL, NULL, NULL, NULL),      R(es, -1, NULL, NULL, NULL, NULL),
        R(fs, -1, NULL, NULL, NULL, NULL),      R(gs, -1, NULL, NULL, NULL, NULL),
        R(fs_base, -1, NULL, NULL, NULL, NULL), R(gs_base, -1, NULL, NULL, NULL, NULL),
        R(orig_rax, -1, NULL, NULL, NULL, NULL),
#undef R
};

/* A register print names, as gdb types it. */
struct reg_desc {
        const struct reg_gp *gp;
        unsigned size, shift;   /* the bits of gp's value: size bytes from bit shift */
        char kind;              /* 'n' a number, 'v' void *, 'c' void (*)(), 'e' eflags,
                                 * 'f' gdb's $fp */
        const char *type;       /* gdb's name of its type */
};

static bool reg_find(const char *name, struct reg_desc *ret)
{
        if (!strcmp(name, "pc"))
                name = "rip";
        else if (!strcmp(name, "sp"))
                name = "rsp";
        if (!strcmp(name, "fp")) {
                *ret = (struct reg_desc){ &reg_gps[6], 8, 0, 'f', "void *" };
                return true;
        }
        for (size_t k = 0; k < sizeof(reg_gps) / sizeof(reg_gps[0]); k++) {
                const struct reg_gp *g = &reg_gps[k];

                if (!strcmp(name, g->name)) {
                        bool seg = g->dw < 0 && strlen(name) == 2; /* cs, ss, ds... */

                        *ret = (struct reg_desc){ g, seg ? 4 : 8, 0, 'n',
                                                  seg ? "int32_t" : "int64_t" };
                        if (g->dw == 6 || g->dw == 7)
                                *ret = (struct reg_desc){ g, 8, 0, 'v', "void *" };
                        else if (g->dw == 16)
                                *ret = (struct reg_desc){ g, 8, 0, 'c', "void (*)()" };
                        else if (!strcmp(name, "eflags"))
                                *ret = (struct reg_desc){ g, 4, 0, 'e', "i386_eflags" };
                        else if (g->dw < 0 && !seg)
                                ret->type = "long"; /* fs_base, gs_base, orig_rax */
                        return true;
                }
                if (g->d && !strcmp(name, g->d))
                        *ret = (struct reg_desc){ g, 4, 0, 'n', "int32_t" };
                else if (g->w && !strcmp(name, g->w))
                        *ret = (struct reg_desc){ g, 2, 0, 'n', "int16_t" };
                else if (g->l && !strcmp(name, g->l))
                        *ret = (struct reg_desc){ g, 1, 0, 'n', "int8_t" };
                else if (g->h && !strcmp(name, g->h))
                        *ret = (struct reg_desc){ g, 1, 8, 'n', "int8_t" };
                else
                        continue;
                return true;
        }
        return false;
}

/* gdb's $fp, the frame's base as its amd64 prologue analyzer finds it: rbp once the
 * function's `push %rbp; mov %rsp,%rbp` has run, rsp between the two, rsp - 8 in a
 * function that sets up no frame pointer (or before its push). */
static bool frame_fp(struct program *p, uint64_t pc, const struct dw_frame *f, uint64_t *ret)
{
        static const uint8_t endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
        const uint64_t rbp = UINT64_C(1) << 6, rsp = UINT64_C(1) << 7;
        struct module *m = module_at(p, pc);
        uint64_t start = 0, size;
        const char *name;
        uint8_t b[8];
        size_t i = 0;
        int stage = 0; /* 1: past the push; 2: past the mov */

        if (!(f->known & rsp))
                return false;
        if (m && program_function_at(p, pc, &start, &size, &name) == 0 &&
            file_code(m, start, b, sizeof(b))) {
                if (memcmp(b, endbr64, sizeof(endbr64)) == 0)
                        i = sizeof(endbr64);
                if (b[i] == 0x55 && pc > start + i)
                        stage = 1;
                if (stage && b[i + 1] == 0x48 &&
                    ((b[i + 2] == 0x89 && b[i + 3] == 0xe5) ||
                     (b[i + 2] == 0x8b && b[i + 3] == 0xec)) &&
                    pc >= start + i + 4)
                        stage = 2;
        }
        if (stage == 2) {
                if (!(f->known & rbp))
                        return false;
                *ret = f->regs[6];
        } else {
                *ret = f->regs[7] - (stage ? 0 : 8);
        }
        return true;
}

/* Register name (without its '$') in frame `frame`: frame 0's from the thread, an outer
 * frame's as the unwinder recovered them (rip, rsp, the callee-saved ones). 0 with
 * *ret and *ret_desc; -1 with why. */
static int reg_operand(struct program *p, const struct frame_info *info, size_t frame,
                       const char *name, struct cnum *ret, struct reg_desc *ret_desc,
                       char *why, size_t whylen)
{
        const struct frame_info *fi = &info[frame];
        struct reg_desc d;
        uint64_t v;

        if (!reg_find(name, &d)) {
                snprintf(why, whylen, "no register $%s (print reads the registers, not "
                                      "gdb's convenience variables)", name);
                return -1;
        }
        if (d.kind == 'f') {
                if (!frame_fp(p, fi->look + fi->caller, &fi->regs, &v)) {
                        snprintf(why, whylen, "$fp: this frame's registers are not known");
                        return -1;
                }
        } else if (fi->real == 0 && !fi->caller) {
                struct user_regs_struct ur;

                if (ptrace_getregs(p->pid, &ur) < 0) {
                        snprintf(why, whylen, "$%s: the registers cannot be read", name);
                        return -1;
                }
                memcpy(&v, (const uint8_t *)&ur + d.gp->off, 8);
        } else if (d.gp->dw >= 0 && (fi->regs.known & (UINT64_C(1) << d.gp->dw))) {
                v = fi->regs.regs[d.gp->dw];
        } else {
                snprintf(why, whylen, "$%s is not known in frame %zu (an outer frame has "
                                      "rip, rsp and the registers its callees saved)",
                         name, frame);
                return -1;
        }
        v >>= d.shift;
        *ret = (struct cnum){ .size = d.size, .i = v };
        if (d.kind == 'v' || d.kind == 'f' || d.kind == 'c')
                ret->ptr = d.kind == 'c' ? 'f' : 'v';
        else if (d.size < 8 && ((v >> (8 * d.size - 1)) & 1)) /* signed: extended */
                ret->i |= ~((UINT64_C(1) << (8 * d.size)) - 1);
        else if (d.size < 8)
                ret->i &= (UINT64_C(1) << (8 * d.size)) - 1;
        *ret_desc = d;
        return 0;
}

/* cexpr's reads of the program's memory (gdb's string functions), in the frame's
 * thread. */
static long arith_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
        struct operand_ctx *oc = ctx;

        return tracee_mem_read(oc->p->pid, addr, buf, len);
}

static int operand_path(void *ctx, const char *text, size_t len, struct cnum *ret, char *why,
                        size_t whylen);

/* cexpr's operands: a register, or a variable's name and path (operand_path); *fp of a
 * pointer to a function is the function, which is the pointer again as a value (C's:
 * (*fp)(3) calls it), where the path's * finds nothing of a size to read. */
static int arith_operand(void *ctx, const char *text, size_t len, struct cnum *ret, char *why,
                         size_t whylen)
{
        size_t k = 0;
        struct cnum fp;
        char fwhy[64];
        Dwarf_Die d, st, to;

        if (operand_path(ctx, text, len, ret, why, whylen) == 0)
                return 0;
        while (k < len && (text[k] == '*' || text[k] == ' '))
                k++;
        if (k == 0 || !memchr(text, '*', k) ||
            operand_path(ctx, text + k, len - k, &fp, fwhy, sizeof(fwhy)) < 0 ||
            fp.ptr != 'p' || fp.type.ptrs || fp.type.count || !th_die(&fp.type, &d) ||
            !type_strip(&d, &st, false) || dwarf_tag(&st) != DW_TAG_pointer_type ||
            !type_of(&st, &to) || !type_strip(&to, &to, false) ||
            dwarf_tag(&to) != DW_TAG_subroutine_type)
                return -1;
        why[0] = 0;
        *ret = fp;
        ret->lval = false;
        return 0;
}

static int operand_path(void *ctx, const char *text, size_t len, struct cnum *ret, char *why,
                        size_t whylen)
{
        struct operand_ctx *oc = ctx;
        char buf[sizeof(((struct var_expr *)0)->text)];
        struct var_expr ex;
        json_t *v = NULL;
        const char *err, *val;
        int r;

        if (len >= sizeof(buf))
                return -1;
        memcpy(buf, text, len);
        buf[len] = 0;
        if (buf[0] == '$') {
                struct reg_desc d;

                return reg_operand(oc->p, oc->info, oc->frame, buf + 1, ret, &d, why, whylen);
        }
        if (!expr_parse(buf, &ex)) {
                snprintf(why, whylen, "\"%s\" is not a variable's name and path", buf);
                return -1;
        }
        r = frame_vars(oc->p, oc->info, oc->n, oc->frame, &ex, 0, ret, &v);
        if (r == 0 && json_object_get(v, "scope") &&
            strcmp(json_string_value(json_object_get(v, "scope")), "enumerator") == 0) {
                /* an enumerator: its value, an int */
                json_decref(v);
                v = NULL;
                r = frame_vars(oc->p, oc->info, oc->n, oc->frame, &ex, 'd', NULL, &v);
                val = r == 0 ? json_string_value(json_object_get(v, "value")) : NULL;
                if (!val) {
                        json_decref(v);
                        return -1;
                }
                *ret = (struct cnum){ .size = 4, .i = (uint64_t)strtoll(val, NULL, 10) };
                json_decref(v);
                return 0;
        }
        if (r < 0) {
                snprintf(why, whylen, "no variable \"%s\" in the frame, its file or the "
                                      "program's globals", ex.ident);
                oc->unknown_name = true;
                return -1;
        }
        err = json_string_value(json_object_get(v, "error"));
        if (err && !strcmp(err, "its memory cannot be read") &&
            json_is_string(json_object_get(v, "address"))) { /* gdb's words */
                snprintf(why, whylen, "Cannot access memory at address %s",
                         json_string_value(json_object_get(v, "address")));
                json_decref(v);
                return -1;
        }
        if (err && !strncmp(err, "Address requested for identifier ", 33)) {
                snprintf(why, whylen, "%s", err); /* gdb's words, whole */
                json_decref(v);
                return -1;
        }
        if (err || !json_object_get(v, "value")) {
                snprintf(why, whylen, "%s: %s", buf, err ? err : "it cannot be read");
                json_decref(v);
                return -1;
        }
        json_decref(v);
        return 0;
}

static int arith_op(void *ctx, enum cexpr_op op, const struct cnum *v, const char *name,
                    size_t len, struct cnum *ret, char *why, size_t whylen);

/* The index at text (up to its ']'): a variable's name or an expression of C's
 * (arr[i], arr[i + 1]), evaluated in the frame as print evaluates one, an integer.
 * NULL, or why not. */
static const char *index_expr(struct vars_ctx *vc, const char *text, long long *ret)
{
        struct operand_ctx oc = { .p = vc->p, .info = vc->info, .n = vc->n,
                                  .frame = vc->index, .cxx = vc->cxx, .vc = vc };
        struct cexpr_host host = { .operand = arith_operand, .op = arith_op,
                                  .read = arith_read };
        const char *end = text;
        char buf[128];
        struct cnum v;
        int depth = 1;
        size_t len;

        for (; *end && depth; end++) /* to the matching ']' */
                depth += *end == '[' ? 1 : *end == ']' ? -1 : 0;
        len = (size_t)(end - text) - (depth == 0);
        if (len == 0 || len >= sizeof(buf) || depth)
                return "an index must be a number, a variable or an expression";
        memcpy(buf, text, len);
        buf[len] = 0;
        if (cexpr_eval_host(buf, vc->cxx, &host, &oc, &v, vc->why, sizeof(vc->why)) < 0)
                return vc->why;
        if (v.is_float || v.ptr || v.object)
                return "the index is not an integer";
        if (v.size > 8) /* an __int128: gdb 13 indexes with no such integer */
                return "That operation is not available on integers of more than 8 bytes.";
        *ret = v.is_unsigned ? (long long)v.i : (long long)(int64_t)v.i;
        return NULL;
}


/* A type named name under unit cu (at its top): tag 0 for a typedef or base type
 * (and, in C++, a class, struct, union or enum), else that tag's. */
static bool type_in_unit(Dwarf_Die *cu, const char *name, int tag, bool cxx, Dwarf_Die *ret)
{
        const char *sep = cxx ? strstr(name, "::") : NULL;
        Dwarf_Die child;

        if (dwarf_child(cu, &child) != 0)
                return false;
        if (sep && sep > name) { /* C++'s ns::Dir, K::Inner: in that scope */
                size_t len = (size_t)(sep - name);

                do {
                        int t = dwarf_tag(&child);
                        const char *n = dwarf_diename(&child);

                        if ((t == DW_TAG_namespace || t == DW_TAG_structure_type ||
                             t == DW_TAG_class_type || t == DW_TAG_union_type) && n &&
                            strlen(n) == len && !strncmp(n, name, len) &&
                            type_in_unit(&child, sep + 2, tag, cxx, ret))
                                return true;
                } while (dwarf_siblingof(&child, &child) == 0);
                return false;
        }
        do {
                int t = dwarf_tag(&child);
                const char *n = dwarf_diename(&child);
                bool agg = t == DW_TAG_structure_type || t == DW_TAG_class_type ||
                           t == DW_TAG_union_type || t == DW_TAG_enumeration_type;

                if (!n || strcmp(n, name) != 0 || (agg && dwarf_hasattr(&child, DW_AT_declaration)))
                        continue;
                if (tag ? t == tag || (tag == DW_TAG_structure_type && t == DW_TAG_class_type)
                        : t == DW_TAG_typedef || t == DW_TAG_base_type || (cxx && agg)) {
                        *ret = child;
                        return true;
                }
        } while (dwarf_siblingof(&child, &child) == 0);
        return false;
}

/* The program's type named spec ("struct pt", "point_t", "long unsigned int"): the
 * frame's unit first, then every unit of its module. */
static bool type_find(struct operand_ctx *oc, const char *spec, Dwarf_Die *ret)
{
        static const struct { const char *kw; int tag; } tags[] = {
                { "struct ", DW_TAG_structure_type }, { "union ", DW_TAG_union_type },
                { "enum ", DW_TAG_enumeration_type }, { "class ", DW_TAG_class_type },
        };
        Dwfl_Module *dm = oc->m ? module_dwfl(oc->m) : NULL;
        Dwarf_Addr bias;
        Dwarf *dw = dm ? dwfl_module_getdwarf(dm, &bias) : NULL;
        Dwarf_Off off = 0, next;
        size_t hsize;
        int tag = 0;

        for (size_t k = 0; k < sizeof(tags) / sizeof(tags[0]); k++) {
                if (!strncmp(spec, tags[k].kw, strlen(tags[k].kw))) {
                        tag = tags[k].tag;
                        spec += strlen(tags[k].kw);
                        spec += strspn(spec, " \t");
                }
        }
        if (oc->have_cu && type_in_unit(&oc->cu, spec, tag, oc->cxx, ret))
                return true;
        while (dw && dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
                Dwarf_Die cu;

                if (dwarf_offdie(dw, off + hsize, &cu) && type_in_unit(&cu, spec, tag, oc->cxx, ret))
                        return true;
                off = next;
        }
        return false;
}

/* Are class types a and b (past typedefs and qualifiers) the same class: one DIE, or
 * the same name (the definitions of two units)? */
static bool same_class(Dwarf_Die *a, Dwarf_Die *b)
{
        const char *na, *nb;

        if (dwarf_dieoffset(a) == dwarf_dieoffset(b) && a->cu == b->cu)
                return true;
        na = dwarf_diename(a);
        nb = dwarf_diename(b);
        return na && nb && dwarf_tag(a) == dwarf_tag(b) && !strcmp(na, nb);
}

/* The offset of the base class an inheritance DIE inh names in an object at addr: its
 * DW_AT_data_member_location, a constant or (a virtual base's) an expression of the
 * object's address, which reads the offset from the object's vtable. NULL, or why
 * not. */
static const char *inherit_offset(struct vars_ctx *vc, Dwarf_Die *inh, uint64_t addr,
                                  int64_t *ret_off)
{
        Dwarf_Attribute a;
        Dwarf_Word off;
        Dwarf_Op *ops, *all;
        size_t nops;
        struct dw_frame f = { 0 };
        struct dw_loc loc;
        const char *why = NULL;

        if (!dwarf_attr(inh, DW_AT_data_member_location, &a)) {
                *ret_off = 0;
                return NULL;
        }
        if (dwarf_formudata(&a, &off) == 0) {
                *ret_off = (int64_t)off;
                return NULL;
        }
        if (!vc) /* a cast down from a virtual base: the object's vtable is not known */
                return "Invalid cast.";
        if (dwarf_getlocation(&a, &ops, &nops) != 0 || nops == 0 || nops > 64)
                return "a base at an offset not known";
        all = calloc(nops + 1, sizeof(*all));
        if (!all)
                return "out of memory";
        f.read8 = vc->frame.read8;
        f.ctx = vc->frame.ctx;
        /* DWARF: the object's address is pushed before the expression is evaluated */
        all[0] = (Dwarf_Op){ .atom = DW_OP_constu, .number = addr };
        memcpy(all + 1, ops, nops * sizeof(*ops));
        if (dwexpr_eval(all, nops + 1, &f, &loc, &why) == 0 && loc.kind != DW_LOC_MEMORY)
                why = "a base at an offset not known";
        free(all);
        if (why)
                return why;
        *ret_off = (int64_t)(loc.addr - addr);
        return NULL;
}

/* The offset of base class base within class cls, an object at addr (through bases of
 * bases: the sum): 1 with *ret_off, 0 when base is no base of cls, -1 with *why. */
static int base_offset(struct vars_ctx *vc, Dwarf_Die *cls, Dwarf_Die *base, uint64_t addr,
                       int depth, int64_t *ret_off, const char **why)
{
        Dwarf_Die child, t;

        if (depth > 16 || dwarf_child(cls, &child) != 0)
                return 0;
        do {
                int64_t off, deeper;
                int r;

                if (dwarf_tag(&child) != DW_TAG_inheritance || !type_of(&child, &t) ||
                    !type_strip(&t, &t, false))
                        continue;
                if (same_class(&t, base)) {
                        *why = inherit_offset(vc, &child, addr, &off);
                        if (*why)
                                return -1;
                        *ret_off = off;
                        return 1;
                }
                if (base_offset(vc, &t, base, addr, depth + 1, &deeper, why) == 0)
                        continue;
                /* base is in this one: where this one is, then base in it */
                *why = inherit_offset(vc, &child, addr, &off);
                if (*why)
                        return -1;
                r = base_offset(vc, &t, base, addr + (uint64_t)off, depth + 1, &deeper, why);
                if (r < 0)
                        return -1;
                *ret_off = off + deeper;
                return 1;
        } while (dwarf_siblingof(&child, &child) == 0);
        return 0;
}

/* The class a value of cexpr type th is (an object) or points to (a pointer to one, ptrs
 * 1 or a pointer type): false when it is no class. */
static bool th_class(const struct cexpr_type *th, bool object, Dwarf_Die *ret)
{
        Dwarf_Die d, st;

        if (th->count || th->skip || !th_die(th, &d))
                return false;
        if (!object && th->ptrs == 0) {
                if (!type_strip(&d, &st, false) || dwarf_tag(&st) != DW_TAG_pointer_type ||
                    !type_of(&st, &d))
                        return false;
        } else if ((object && th->ptrs != 0) || (!object && th->ptrs != 1)) {
                return false;
        }
        if (!type_strip(&d, ret, false))
                return false;
        return dwarf_tag(ret) == DW_TAG_structure_type || dwarf_tag(ret) == DW_TAG_class_type;
}

/* CEXPR_BASE: v (a pointer to a class, or an object of one) cast to *to (of a base of
 * it, or of a class it is a base of), as C++ casts: the pointer moved by the base's
 * offset, the object's base part. 1: no such classes. */
static int base_cast(struct vars_ctx *vc, const struct cnum *v, struct cnum *to, char *why,
                     size_t whylen)
{
        Dwarf_Die from, dest;
        const char *err = NULL;
        int64_t off;
        int r;

        if (!th_class(&v->type, v->object, &from) || !th_class(&to->type, to->object, &dest) ||
            same_class(&from, &dest))
                return 1;
        if (v->object) { /* (Base)derived: the base's part, sliced */
                r = base_offset(vc, &from, &dest, v->addr, 0, &off, &err);
                if (r == 0)
                        return 1;
                if (r > 0) {
                        to->lval = v->lval;
                        to->addr = v->addr + (uint64_t)off;
                        return 0;
                }
        } else if (v->i == 0) { /* a null pointer stays one */
                return 1;
        } else if ((r = base_offset(vc, &from, &dest, v->i, 0, &off, &err)) > 0) {
                to->i = v->i + (uint64_t)off; /* up: to the base in it */
                return 0;
        } else if (r == 0) {
                /* down: from the base to the object it is in, at the base's constant
                 * offset in it (a virtual base's is in the vtable of an object not
                 * found yet: refused, as C++'s static_cast refuses it) */
                r = base_offset(NULL, &dest, &from, v->i, 0, &off, &err);
                if (r == 0)
                        return 1;
                if (r > 0) {
                        to->i = v->i - (uint64_t)off;
                        return 0;
                }
        }
        snprintf(why, whylen, "%s", err ? err : "Invalid cast.");
        return -1;
}

/* cexpr's CEXPR_STRING: v, an object of type d, as libstdc++'s std::string (the layout
 * print's pretty printer knows, std_class): ret->i the address of its characters,
 * ret->size their number; 1 when it is no such string. */
static int std_string_chars(struct vars_ctx *vc, Dwarf_Die *d, const struct cnum *v,
                            struct cnum *ret, char *why, size_t whylen)
{
        struct ret_type rt = { .size = v->size };
        uint64_t word[2];
        Dwarf_Die st;

        if (v->ptr || v->type.count || !v->lval || !type_strip(d, &st, false) ||
            (dwarf_tag(&st) != DW_TAG_structure_type && dwarf_tag(&st) != DW_TAG_class_type) ||
            !std_class(&st, &rt, 0) || rt.cls != RET_STD_STRING || rt.char_prefix == 'v') {
                ret_type_free_members(&rt);
                return 1;
        }
        ret_type_free_members(&rt);
        /* _M_dataplus._M_p, then _M_string_length */
        if (tracee_mem_read(vc->p->pid, v->addr, word, sizeof(word)) != sizeof(word)) {
                snprintf(why, whylen, "Cannot access memory at address 0x%" PRIx64, v->addr);
                return -1;
        }
        if (word[1] > UINT32_MAX) {
                snprintf(why, whylen, "a std::string of %" PRIu64 " characters", word[1]);
                return -1;
        }
        *ret = (struct cnum){ .ptr = 'p', .elem = 1, .i = word[0], .size = (unsigned)word[1] };
        return 0;
}

/* cexpr's operations on the program's values (cexpr.h, struct cexpr_host). */
static int arith_op(void *ctx, enum cexpr_op op, const struct cnum *v, const char *name,
                    size_t len, struct cnum *ret, char *why, size_t whylen)
{
        struct operand_ctx *oc = ctx;
        struct vars_ctx *vc = oc->vc;
        struct place pl = { 0 };
        const char *err = NULL;
        Dwarf_Die d, st;
        char spec[160];
        int ptrs;

        if (!vc) {
                snprintf(why, whylen, "the frame has no debug information for the program's "
                                      "types");
                return -1;
        }
        if (op == CEXPR_TYPE) {
                ptrs = (int)v->i;
                if (len >= sizeof(spec))
                        return 1;
                memcpy(spec, name, len);
                spec[len] = 0;
                if (!type_find(oc, spec, &d)) {
                        oc->unknown_type = true;
                        return 1;
                }
                pl.type = d;
                if (ptrs > 0 || (type_strip(&d, &st, false) &&
                                 dwarf_tag(&st) == DW_TAG_pointer_type)) {
                        *ret = (struct cnum){ .ptr = 'p', .size = 8, .type = th_make(&d, ptrs),
                                              .elem = pointee_size(&d, 0, ptrs) };
                        return 0;
                }
                if (type_strip(&d, &st, false) && (dwarf_tag(&st) == DW_TAG_structure_type ||
                                                   dwarf_tag(&st) == DW_TAG_class_type ||
                                                   dwarf_tag(&st) == DW_TAG_union_type ||
                                                   dwarf_tag(&st) == DW_TAG_array_type)) {
                        *ret = (struct cnum){ .object = true, .size = (unsigned)type_size(&d),
                                              .type = th_make(&d, 0) };
                        return 0;
                }
                err = place_cnum(vc, &pl, 0, ret); /* a value 0 of it: its kind */
                if (!err) {
                        ret->lval = false;
                        if (ret->object)
                                ret->size = (unsigned)type_size(&d);
                        return 0;
                }
                snprintf(why, whylen, "%s: a type print does not cast to", spec);
                return -1;
        }
        if (!th_die(&v->type, &d)) {
                snprintf(why, whylen, "a value of no type of the program's (a register's or "
                                      "a number's)");
                return -1;
        }
        ptrs = v->type.ptrs;
        switch (op) {
        case CEXPR_DEREF:
                if (v->type.count)
                        err = "* of an artificial array";
                else if (ptrs > 0)
                        ptrs--, pl.type = d, pl.skip = v->type.skip;
                else if (!type_strip(&d, &st, false) || dwarf_tag(&st) != DW_TAG_pointer_type ||
                         !type_of(&st, &pl.type))
                        err = "Attempt to take contents of a non-pointer value.";
                if (err)
                        break;
                if (ptrs == 0 && type_strip(&pl.type, &st, false) &&
                    dwarf_tag(&st) == DW_TAG_subroutine_type) {
                        /* *fp is the function, which is its pointer again as a value:
                         * (*fp)(3) calls it, as C's */
                        *ret = *v;
                        ret->lval = false;
                        break;
                }
                pl.in_memory = true;
                pl.addr = v->i;
                err = place_cnum(vc, &pl, ptrs, ret);
                if (err && !strcmp(err, "its memory cannot be read")) {
                        snprintf(why, whylen, "Cannot access memory at address 0x%" PRIx64, v->i);
                        return -1;
                }
                break;
        case CEXPR_ADDR:
                if (v->type.count) {
                        err = "& of an artificial array";
                        break;
                }
                *ret = (struct cnum){ .ptr = 'p', .size = 8, .i = v->addr,
                                      .type = v->type, .elem = v->ptr ? 8 : v->size };
                ret->type.ptrs++;
                break;
        case CEXPR_MEMBER:
                if (v->type.count) {
                        err = "a member of an artificial array";
                        break;
                }
                pl = (struct place){ .type = d, .in_memory = true, .addr = v->addr };
                err = place_member(vc, &pl, name, len, false);
                if (!err)
                        err = place_cnum(vc, &pl, 0, ret);
                if (err && pl.in_memory && !strcmp(err, "its memory cannot be read")) {
                        snprintf(why, whylen, "Cannot access memory at address 0x%" PRIx64,
                                 pl.addr);
                        return -1;
                }
                break;
        case CEXPR_DECAY: {
                uint64_t dims[ARRAY_DIMS_MAX];
                Dwarf_Die elem;

                if (v->type.count) { /* *p@3 + 1: a pointer to its first */
                        *ret = (struct cnum){ .ptr = 'p', .size = 8, .i = v->addr,
                                              .type = v->type, .elem = v->size / v->type.count };
                        ret->type.count = 0;
                        ret->type.ptrs++;
                        break;
                }
                if (!type_strip(&d, &st, false) || dwarf_tag(&st) != DW_TAG_array_type) {
                        *ret = *v; /* not an array */
                        break;
                }
                if (v->type.skip + 1 < array_dims(&st, dims)) {
                        /* int grid[3][4] (or a row of a deeper one): a pointer to its
                         * first row, int (*)[4] */
                        *ret = (struct cnum){ .ptr = 'p', .size = 8, .i = v->addr,
                                              .type = th_make(&st, 1),
                                              .elem = row_size(&st, v->type.skip + 1) };
                        ret->type.skip = v->type.skip + 1;
                        break;
                }
                if (!type_of(&st, &elem)) {
                        err = "its type is not known";
                        break;
                }
                *ret = (struct cnum){ .ptr = 'p', .size = 8, .i = v->addr,
                                      .type = th_make(&elem, 1), .elem = type_size(&elem) };
                break;
        }
        case CEXPR_ARRAY: {
                uint64_t one = v->ptr ? 8 : v->size;

                if (v->type.count) {
                        err = "@ of an artificial array";
                        break;
                }
                if (one == 0 || len > RET_STRUCT_MAX / one) {
                        snprintf(why, whylen, "an artificial array of more than %u bytes",
                                 (unsigned)RET_STRUCT_MAX);
                        return -1;
                }
                *ret = (struct cnum){ .object = true, .lval = true, .addr = v->addr,
                                      .size = (unsigned)(one * len), .type = v->type };
                ret->type.count = len;
                break;
        }
        case CEXPR_TYPE:
                break;
        case CEXPR_BASE:
                return base_cast(vc, v, ret, why, whylen);
        case CEXPR_STRING:
                return std_string_chars(vc, &d, v, ret, why, whylen);
        case CEXPR_MEMPTR: {
                /* v.*pm: pm (in *ret) a pointer to data member, the member's offset in
                 * its class (the Itanium ABI's; -1 is null), of the member's type */
                Dwarf_Die pt, mt;
                int64_t moff = (int64_t)ret->i;

                if (!th_die(&ret->type, &pt) || ret->type.ptrs || ret->type.count ||
                    !type_strip(&pt, &pt, false) ||
                    dwarf_tag(&pt) != DW_TAG_ptr_to_member_type || !type_of(&pt, &mt)) {
                        err = "non-pointer-to-member value used in pointer-to-member "
                              "construct";
                        break;
                }
                if (v->type.count || ptrs || moff < 0 || (uint64_t)moff >= v->size) {
                        err = moff == -1 ? "the pointer to member is null"
                                         : "the pointer to member is out of the object";
                        break;
                }
                pl = (struct place){ .type = mt, .in_memory = true,
                                     .addr = v->addr + (uint64_t)moff };
                err = place_cnum(vc, &pl, 0, ret);
                if (err && !strcmp(err, "its memory cannot be read")) {
                        snprintf(why, whylen, "Cannot access memory at address 0x%" PRIx64,
                                 pl.addr);
                        return -1;
                }
                break;
        }
        }
        if (err) {
                snprintf(why, whylen, "%s", err);
                return -1;
        }
        return 0;
}

/* v, a number of size bytes, as print/FMT shows it (ret_format_as), into buf. */
static void format_number(char *buf, size_t cap, uint64_t v, int size, bool is_signed,
                          char fmt)
{
        struct ret_type rt = { .cls = is_signed ? RET_SIGNED : RET_UNSIGNED,
                               .size = (unsigned)size, .name = "" };
        char *s = ret_format_as(&rt, (const uint8_t *)&v, NULL, true, fmt, NULL);

        if (s)
                snprintf(buf, cap, "%s", s);
        free(s);
}

/* die (a CU's child) as code_name's answer, if it is the function or holds the
 * enumerator ex names; bias: DWARF addresses to the process's. */
static json_t *code_die(struct program *p, Dwarf_Die *die, bool cxx, uint64_t bias,
                        const struct var_expr *ex, char fmt)
{
        const char *n = die_name(die);
        char type[512], value[800], sym[300];
        size_t len = 0;
        Dwarf_Addr lo;
        Dwarf_Die e;

        type[0] = 0;
        /* (an out-of-line definition of a method or of a namespace's function, at the
         * unit's top through DW_AT_specification, is not found by its bare name: gdb's
         * `twice` is no K::twice) */
        if (dwarf_tag(die) == DW_TAG_subprogram && n && strcmp(n, ex->ident) == 0 &&
            dwarf_lowpc(die, &lo) == 0 && !declared_in_scope(die)) {
                uint64_t addr = lo + bias;

                if (*ex->path || ex->stars > 1)
                        return json_pack("{s:s,s:s,s:s}", "name", ex->text, "error",
                                         "a function has no members or elements", "scope",
                                         "function");
                /* *f is the function again, as in C */
                spell_call(die, cxx, ex->amp ? " (*)" : " ", type, sizeof(type), &len, 0);
                if (!program_addr_name(p, addr, sym, sizeof(sym)))
                        snprintf(sym, sizeof(sym), "%s", n);
                snprintf(value, sizeof(value), ex->amp ? "(%s) 0x%" PRIx64 " <%s>"
                                                       : "{%s} 0x%" PRIx64 " <%s>",
                         type, addr, sym);
                if (fmt) /* print/x main: the address alone */
                        format_number(value, sizeof(value), addr, 8, false, fmt);
                return json_pack("{s:s,s:s,s:s,s:o,s:s}", "name", ex->text, "type", type,
                                 "value", value, "address", jrpc_addr(addr), "scope",
                                 "function");
        }
        if (dwarf_tag(die) != DW_TAG_enumeration_type || dwarf_child(die, &e) != 0)
                return NULL;
        do {
                const char *en = die_name(&e);
                char scope[256] = "";

                if (dwarf_tag(&e) != DW_TAG_enumerator || !en || strcmp(en, ex->ident) != 0)
                        continue;
                if (*ex->path || ex->stars || ex->amp)
                        return json_pack("{s:s,s:s,s:s}", "name", ex->text, "error",
                                         "an enumerator is a constant: no address, no "
                                         "members", "scope", "enumerator");
                type_spell(die, cxx, type, sizeof(type), &len, 0);
                if (cxx) {
                        size_t sl;

                        cxx_scope(die, scope, sizeof(scope));
                        sl = strlen(scope);
                        if (dwarf_hasattr(die, DW_AT_enum_class) && die_name(die))
                                snprintf(scope + sl, sizeof(scope) - sl, "%s::", die_name(die));
                }
                snprintf(value, sizeof(value), "%s%s", scope, en);
                if (fmt) { /* print/x RED: its value */
                        Dwarf_Attribute a;
                        Dwarf_Sword v = 0;
                        int size = dwarf_bytesize(die);

                        dwarf_formsdata(dwarf_attr(&e, DW_AT_const_value, &a), &v);
                        format_number(value, sizeof(value), (uint64_t)v, size > 0 ? size : 4,
                                      true, fmt);
                }
                return json_pack("{s:s,s:s,s:s,s:s}", "name", ex->text, "type", type, "value",
                                 value, "scope", "enumerator");
        } while (dwarf_siblingof(&e, &e) == 0);
        return NULL;
}

/* A C++ enumerator by its qualified name q, from die (a CU's child or deeper) down:
 * q's first component names a namespace (ns::High, of an enum in it), or an enum, of
 * either kind, whose enumerator is the rest (Mode::On, ns::Dir::Down), as gdb's print
 * finds them. Not in a class's scope (K::I1): gdb 13 says "There is no field named I1".
 * code_die's answer, or NULL. */
static json_t *scoped_enumerator(struct program *p, Dwarf_Die *die, uint64_t bias,
                                 const char *q, const struct var_expr *ex, char fmt,
                                 int depth)
{
        const char *sep = strstr(q, "::"), *n = die_name(die);
        int tag = dwarf_tag(die);
        struct var_expr last;
        Dwarf_Die child;

        if (depth > 16)
                return NULL;
        if (!sep) { /* an unscoped enum's enumerator in the namespace */
                if (tag != DW_TAG_enumeration_type || dwarf_hasattr(die, DW_AT_enum_class))
                        return NULL;
                last = *ex;
                snprintf(last.ident, sizeof(last.ident), "%s", q);
                return code_die(p, die, true, bias, &last, fmt);
        }
        if (!n || strlen(n) != (size_t)(sep - q) || strncmp(n, q, (size_t)(sep - q)) != 0)
                return NULL;
        if (tag == DW_TAG_enumeration_type) {
                if (strstr(sep + 2, "::"))
                        return NULL;
                last = *ex;
                snprintf(last.ident, sizeof(last.ident), "%s", sep + 2);
                return code_die(p, die, true, bias, &last, fmt);
        }
        if (tag != DW_TAG_namespace || dwarf_child(die, &child) != 0)
                return NULL;
        do {
                json_t *o = scoped_enumerator(p, &child, bias, sep + 2, ex, fmt, depth + 1);

                if (o)
                        return o;
        } while (dwarf_siblingof(&child, &child) == 0);
        return NULL;
}

/* A function or an enumerator named ex->ident in the loaded modules' DWARF, as gdb's
 * print shows it: {int (int, int)} 0x401136 <add> (its pointer with &: (int (*)(int,
 * int)) 0x401136 <add>), RED; in C++ an enumerator by its qualified name too
 * (scoped_enumerator). NULL when there is none. */
static json_t *code_name(struct program *p, const struct var_expr *ex, char fmt)
{
        for (size_t k = 0; k < p->n_mods; k++) {
                Dwfl_Module *dm = module_dwfl(&p->mods[k]);
                Dwarf_Addr bias;
                Dwarf *dw = dm ? dwfl_module_getdwarf(dm, &bias) : NULL;
                Dwarf_Off off = 0, next;
                size_t hsize;

                for (; dw && dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0;
                     off = next) {
                        Dwarf_Die cu, child;

                        if (!dwarf_offdie(dw, off + hsize, &cu) || dwarf_child(&cu, &child) != 0)
                                continue;
                        do {
                                bool cxx = is_cxx(&cu);
                                json_t *o = cxx && strstr(ex->ident, "::")
                                                    ? scoped_enumerator(p, &child,
                                                                        p->mods[k].bias + bias,
                                                                        ex->ident, ex, fmt, 0)
                                                    : code_die(p, &child, cxx,
                                                               p->mods[k].bias + bias, ex,
                                                               fmt);

                                if (o)
                                        return o;
                        } while (dwarf_siblingof(&child, &child) == 0);
                }
        }
        return NULL;
}

/* Variables of frame `frame` of an unwound stack (info[0..n)): see program_vars; ex
 * NULL for all of them. */
static int entry_value(void *ectx, int reg, uint64_t *ret);
static int tls_addr(void *ectx, uint64_t off, uint64_t *ret, const char **why);

/* Frame `frame` of info[0..n), ready to read its variables: *vc with its registers, CFA,
 * frame base and entry values; the scopes at its pc (*ret_scopes, malloc'd, *ret_ns of
 * them) and, as level_scopes gives them, lo, hi and fn; its module. Returns 0, or
 * -ERR_NO_SYMBOL when no DWARF has its scopes (*ret_scopes NULL). */
#define OUT_INT ((UINT64_C(1) << 0) | (UINT64_C(1) << 1)) /* rax, rdx */
#define OUT_SSE ((UINT64_C(1) << DW_REG_XMM0) | (UINT64_C(1) << (DW_REG_XMM0 + 1)))

/* The registers the function frame `frame` called (the real frame below it) may
 * return its value in, as bits: rax and rdx for an integer or pointer, xmm0 and xmm1
 * for a float or double, none for void, all four when not known (a struct, or no
 * DWARF). */
static uint64_t callee_outputs(struct program *p, const struct frame_info *info, size_t frame)
{
        const struct frame_info *c = frame > 0 ? &info[frame - 1] : NULL;
        struct module *m = c && c->real != SIZE_MAX ? module_at(p, c->look) : NULL;
        Dwfl_Module *dm = m ? module_dwfl(m) : NULL;
        Dwarf_Die *cu, *scopes = NULL, t, st;
        Dwarf_Addr bias;
        uint64_t out = OUT_INT | OUT_SSE;
        int ns;

        if (!dm || c->real + 1 != info[frame].real)
                return out;
        cu = module_addrdie(dm, c->look - m->bias, &bias);
        ns = cu ? scopes_at(cu, c->look - m->bias - bias, &scopes) : 0;
        for (int i = ns - 1; i >= 0; i--) { /* the outermost function: the one called */
                Dwarf_Attribute a;
                Dwarf_Word enc = 0;

                if (dwarf_tag(&scopes[i]) != DW_TAG_subprogram)
                        continue;
                if (!dwarf_hasattr_integrate(&scopes[i], DW_AT_type))
                        out = 0; /* void */
                else if (type_of(&scopes[i], &t) && type_strip(&t, &st, false) &&
                         dwarf_tag(&st) == DW_TAG_base_type &&
                         dwarf_formudata(dwarf_attr(&st, DW_AT_encoding, &a), &enc) == 0)
                        out = enc == DW_ATE_float ? OUT_SSE
                              : enc == DW_ATE_complex_float ? OUT_INT | OUT_SSE
                                                            : OUT_INT;
                else if (type_of(&scopes[i], &t) && type_strip(&t, &st, false) &&
                         (dwarf_tag(&st) == DW_TAG_pointer_type ||
                          dwarf_tag(&st) == DW_TAG_enumeration_type ||
                          dwarf_tag(&st) == DW_TAG_reference_type ||
                          dwarf_tag(&st) == DW_TAG_rvalue_reference_type))
                        out = OUT_INT;
                break;
        }
        free(scopes);
        return out;
}

static int frame_setup(struct program *p, const struct frame_info *info, size_t n, size_t frame,
                       struct vars_ctx *vc, Dwarf_Die **ret_scopes, int *ret_ns, int *lo,
                       int *hi, int *fn, struct module **ret_m)
{
        const struct frame_info *fi = &info[frame];
        Dwarf_Die *scopes = NULL, *cu;
        Dwarf_Attribute a;
        Dwfl_Module *dm;
        struct module *m;
        Dwarf_Addr bias;
        int ns = 0;

        *vc = (struct vars_ctx){ .p = p, .info = info, .n = n, .index = frame };
        vc->frame = fi->regs;
        for (size_t k = frame + 1; k < n && fi->real != SIZE_MAX; k++) {
                if (info[k].real == fi->real + 1 && (info[k].regs.known & (UINT64_C(1) << 7))) {
                        vc->frame.cfa = info[k].regs.regs[7]; /* the caller's rsp */
                        vc->frame.have_cfa = true;
                        break;
                }
        }
        vc->frame.read8 = vars_read8;
        vc->frame.ctx = p;
        vc->frame.entry_value = entry_value;
        vc->frame.tls_addr = tls_addr;
        vc->frame.ectx = vc;
        vc->frame.base_type = op_base_type;
        vc->frame.indexed = op_indexed;
        m = fi->real != SIZE_MAX ? module_at(p, fi->look) : NULL;
        *ret_m = m;
        dm = m ? module_dwfl(m) : NULL;
        cu = dm ? module_addrdie(dm, fi->look - m->bias, &bias) : NULL;
        if (cu) {
                vc->rel = fi->look - m->bias - bias;
                vc->frame.bias = m->bias + bias;
                vc->cxx = is_cxx(cu);
                ns = scopes_at(cu, vc->rel, &scopes);
        }
        *lo = *hi = 0;
        *fn = -1;
        if (ns <= 0 || !level_scopes(scopes, ns, fi->level, lo, hi, fn)) {
                free(scopes);
                *ret_scopes = NULL;
                *ret_ns = 0;
                *lo = *hi = 0;
                *fn = -1;
                return -ERR_NO_SYMBOL;
        }
        *ret_scopes = scopes;
        *ret_ns = ns;
        if (*fn >= 0) {
                vc->fn = scopes[*fn];
                vc->have_fn = true;
        }
        if (*fn >= 0 && dwarf_attr_integrate(&scopes[*fn], DW_AT_frame_base, &a)) {
                Dwarf_Op *ops;
                size_t nops;
                struct dw_loc loc;
                const char *why;

                vc->frame.tctx = &a;
                if (dwarf_getlocation_addr(&a, vc->rel, &ops, &nops, 1) > 0 &&
                    dwexpr_eval(ops, nops, &vc->frame, &loc, &why) == 0) {
                        vc->frame.frame_base = loc.kind == DW_LOC_MEMORY ? loc.addr : loc.value;
                        vc->frame.have_frame_base = true;
                }
                vc->frame.tctx = NULL;
        }
        if (fi->caller && fi->real != SIZE_MAX) {
                /* caller-saved: rax, rdx, rcx, rsi, rdi, r8-r11, xmm0-15; from the
                 * nearest frame below that knows each. Not the registers the callee
                 * returns its value in (callee_outputs): a variable there after the
                 * call may be the value returned, not the one before. */
                static const unsigned gp[] = { 0, 1, 2, 4, 5, 8, 9, 10, 11 };
                uint64_t outputs = callee_outputs(p, info, frame);

                vc->kept = vc->frame;
                for (unsigned r = 0; r < 9 + 16; r++) {
                        unsigned reg = r < 9 ? gp[r] : DW_REG_XMM0 + (r - 9);
                        uint64_t bit = UINT64_C(1) << reg;

                        if (outputs & bit)
                                continue;

                        for (size_t k = frame; k-- > 0 && !(vc->kept.known & bit);) {
                                if (info[k].real == SIZE_MAX || info[k].real >= fi->real ||
                                    !(info[k].regs.known & bit))
                                        continue;
                                vc->kept.regs[reg] = info[k].regs.regs[reg];
                                vc->kept.known |= bit;
                        }
                }
                vc->have_kept = true;
        }
        return 0;
}

/* The TLS module id glibc gave the library mapped at bias: its struct link_map (found
 * in the r_debug list by l_addr) holds it in l_tls_modid, a private member whose place
 * libc tells libthread_db in _thread_db_link_map_l_tls_modid: three 32-bit words, its
 * size in bits, a count and its offset (64, 1, 1152 in glibc 2.36). Returns 0, or -1
 * with *why. */
static int library_tls_modid(struct program *p, uint64_t bias, uint64_t *ret, const char **why)
{
        uint32_t desc[3];
        uint64_t rdebug, lm, l_addr, modid = 0;

        if (find_symbol(p, NULL, 0, "_thread_db_link_map_l_tls_modid", &lm) < 0 ||
            tracee_mem_read(p->pid, lm, desc, sizeof(desc)) != (ssize_t)sizeof(desc) ||
            desc[0] != 64 || desc[1] != 1) {
                *why = "a library's thread-local variable: its TLS module id cannot be found "
                       "(no _thread_db_link_map_l_tls_modid in libc)";
                return -1;
        }
        if (find_symbol(p, NULL, 0, "_r_debug", &rdebug) < 0 ||
            vars_read8(p, rdebug + 8, &lm) < 0) { /* r_map */
                *why = "a library's thread-local variable: the dynamic loader's list of "
                       "libraries (_r_debug) cannot be read";
                return -1;
        }
        for (unsigned k = 0; lm && k < 4096; k++) {
                if (vars_read8(p, lm, &l_addr) < 0)
                        break;
                if (l_addr == bias) {
                        if (vars_read8(p, lm + desc[2], &modid) < 0)
                                break;
                        if (modid == 0) {
                                *why = "the library has no TLS module id";
                                return -1;
                        }
                        *ret = modid;
                        return 0;
                }
                if (vars_read8(p, lm + 24, &lm) < 0) /* l_next */
                        break;
        }
        *why = "a library's thread-local variable: its library is not in the dynamic "
               "loader's list";
        return -1;
}

/* dw_frame.tls_addr: thread-local storage, through glibc's dynamic thread vector. The
 * thread's TCB is at its fs_base; the TCB's second word is the DTV, an array of {void
 * *val; void *to_free} whose entry -1 holds its length and entry N the TLS block of
 * module N in this thread: the executable's is 1, a library's is numbered as it loads
 * (library_tls_modid; gdb asks libthread_db). The variable's module is the one whose
 * bias the frame evaluates it with. */
static int tls_addr(void *ectx, uint64_t off, uint64_t *ret, const char **why)
{
        struct vars_ctx *vc = ectx;
        struct program *p = vc->p;
        struct user_regs_struct ur;
        struct module *m = NULL;
        uint64_t entry, dtv, len, block, modid = 1;
        Dwarf_Addr b2 = 0;

        if (tracee_entry_point(p->pid, &entry) < 0 || !(m = module_at(p, entry)) ||
            !module_dwfl(m) || !dwfl_module_getdwarf(module_dwfl(m), &b2) ||
            m->bias + b2 != vc->frame.bias) {
                m = NULL;
                for (size_t k = 0; k < p->n_mods && !m; k++) {
                        Dwfl_Module *dm = module_dwfl(&p->mods[k]);

                        if (dm && dwfl_module_getdwarf(dm, &b2) &&
                            p->mods[k].bias + b2 == vc->frame.bias)
                                m = &p->mods[k];
                }
                if (!m) {
                        *why = "a thread-local variable of a module dbgd does not know";
                        return -1;
                }
                if (library_tls_modid(p, m->bias, &modid, why) < 0)
                        return -1;
        }
        if (ptrace_getregs(p->pid, &ur) < 0 || vars_read8(p, ur.fs_base + 8, &dtv) < 0 ||
            vars_read8(p, dtv - 16, &len) < 0) {
                *why = "the thread's TLS cannot be read";
                return -1;
        }
        /* A library dlopen'ed after the thread last used its DTV is past its end, or
         * its entry is TLS_DTV_UNALLOCATED (-1) until the thread first touches it. */
        if (modid > len || vars_read8(p, dtv + 16 * modid, &block) < 0 ||
            block == UINT64_MAX || block == 0) {
                *why = "the thread's TLS block of this module is not allocated yet (a "
                       "dlopen'ed library's is allocated when the thread first uses it)";
                return -1;
        }
        *ret = block + off;
        return 0;
}

/* The function whose entry DW_OP_entry_value in frame vc's code means: the one its
 * code is in, also in code inlined into it (gdb skips inline frames first). */
static bool entry_function(struct vars_ctx *vc, Dwarf_Die *ret)
{
        struct vars_ctx sc;
        Dwarf_Die *scopes = NULL;
        struct module *m;
        int ns, lo, hi, fn;
        bool found = false;

        if (dwarf_tag(&vc->fn) == DW_TAG_subprogram) {
                *ret = vc->fn;
                return true;
        }
        if (frame_setup(vc->p, vc->info, vc->n, vc->index, &sc, &scopes, &ns, &lo, &hi, &fn,
                        &m) < 0)
                return false;
        for (int i = fn < 0 ? 0 : fn; i < ns && !found; i++) {
                if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram) {
                        *ret = scopes[i];
                        found = true;
                }
        }
        free(scopes);
        return found;
}

/* dw_frame.entry_value, as gdb finds it: what DWARF register reg held when the frame's
 * function was entered is what its caller's call site says it passed there
 * (DW_AT_call_value of the call site parameter in reg), evaluated in the caller's frame.
 * A call site that calls another function (this one was reached by a tail call) says
 * nothing of this one. The caller is the next frame out that is not the same function's
 * (inlined into it): a tail call's frame when the function was reached by a jump (its
 * call site is the jump, flagged as a tail call, that names the function), else the
 * next unwinder frame's. */
static int entry_value(void *ectx, int reg, uint64_t *ret)
{
        struct vars_ctx *vc = ectx, cc;
        const struct frame_info *info = vc->info;
        size_t k, real = info[vc->index].real;
        Dwarf_Die *scopes = NULL, site, param, origin, self;
        Dwarf_Attribute a;
        struct module *m;
        int ns, lo, hi, fn, r = -1;

        if (!vc->have_fn || vc->depth >= 4 || real == SIZE_MAX || !entry_function(vc, &self))
                return -1;
        for (k = vc->index + 1;
             k < vc->n && info[k].real != real + 1 && !(info[k].tail && info[k].real == real);
             k++)
                ;
        if (k == vc->n || frame_setup(vc->p, info, vc->n, k, &cc, &scopes, &ns, &lo, &hi, &fn,
                                      &m) < 0)
                return -1;
        cc.depth = vc->depth + 1;
        if (!find_call_site(scopes, ns, cc.rel + 1, &site))
                goto out;
        /* The call must be to this function (gdb checks the same): a direct one names
         * it, an indirect one's target must be known and be its entry. */
        if (call_origin(&site, &origin)) {
                const char *callee = die_name(&origin), *name = die_name(&self);

                if (!callee || !name || strcmp(callee, name) != 0)
                        goto out;
        } else {
                Dwarf_Op *ops;
                size_t nops;
                struct dw_loc loc;
                const char *why;
                Dwarf_Addr entry;

                cc.frame.tctx = &a;
                if ((!dwarf_attr(&site, DW_AT_call_target, &a) &&
                     !dwarf_attr(&site, DW_AT_GNU_call_site_target, &a)) ||
                    dwarf_getlocation(&a, &ops, &nops) != 0 ||
                    dwexpr_eval(ops, nops, &cc.frame, &loc, &why) < 0 ||
                    dwarf_entrypc(&self, &entry) != 0 ||
                    (loc.kind == DW_LOC_MEMORY ? loc.addr : loc.value) !=
                            entry + vc->frame.bias)
                        goto out;
        }
        if (dwarf_child(&site, &param) != 0)
                goto out;
        do {
                Dwarf_Op *ops;
                size_t nops;
                struct dw_loc loc;
                const char *why;
                int t = dwarf_tag(&param);

                if ((t != DW_TAG_call_site_parameter && t != DW_TAG_GNU_call_site_parameter) ||
                    !dwarf_attr(&param, DW_AT_location, &a) ||
                    dwarf_getlocation(&a, &ops, &nops) != 0 || nops != 1 ||
                    !((reg < 32 && ops[0].atom == DW_OP_reg0 + reg) ||
                      (ops[0].atom == DW_OP_regx && ops[0].number == (Dwarf_Word)reg)))
                        continue;
                cc.frame.tctx = &a;
                if ((!dwarf_attr(&param, DW_AT_call_value, &a) &&
                     !dwarf_attr(&param, DW_AT_GNU_call_site_value, &a)) ||
                    dwarf_getlocation(&a, &ops, &nops) != 0 ||
                    dwexpr_eval(ops, nops, &cc.frame, &loc, &why) < 0)
                        break;
                *ret = loc.kind == DW_LOC_MEMORY ? loc.addr : loc.value;
                r = 0;
                break;
        } while (dwarf_siblingof(&param, &param) == 0);
out:
        free(scopes);
        return r;
}

/* Variables of frame `frame` of an unwound stack (info[0..n)): see program_vars; ex
 * NULL for all of them. */

/* The parameters of an inlined function's abstract instance that its concrete one has
 * no DIE for (clang leaves out those it optimised away): gdb lists them, "optimized
 * out", after the others (its inherit_abstract_dies). Into args (as `locals` lists
 * them), or the one named name (as `print` finds it). */
static json_t *abstract_only_params(struct vars_ctx *vc, Dwarf_Die *scope, const char *name,
                                    const struct var_expr *ex, json_t *args)
{
        Dwarf_Attribute a;
        Dwarf_Die origin, ap, cc, ref;

        if (!dwarf_attr(scope, DW_AT_abstract_origin, &a) || !dwarf_formref_die(&a, &origin) ||
            dwarf_child(&origin, &ap) != 0)
                return NULL;
        do {
                const char *an = die_name(&ap);
                bool concrete = false;

                if (dwarf_tag(&ap) != DW_TAG_formal_parameter || !an)
                        continue;
                if (dwarf_child(scope, &cc) == 0) {
                        do {
                                concrete = dwarf_attr(&cc, DW_AT_abstract_origin, &a) &&
                                           dwarf_formref_die(&a, &ref) &&
                                           dwarf_dieoffset(&ref) == dwarf_dieoffset(&ap);
                        } while (!concrete && dwarf_siblingof(&cc, &cc) == 0);
                }
                if (concrete)
                        continue;
                if (!name) {
                        json_array_append_new(args, var_json(vc, &ap, false));
                } else if (strcmp(an, name) == 0) {
                        json_t *v = var_value(vc, &ap, ex->text, ex->path, ex->stars, ex->amp,
                                              true);

                        json_object_set_new(v, "scope", json_string("argument"));
                        return v;
                }
        } while (dwarf_siblingof(&ap, &ap) == 0);
        return NULL;
}

static int frame_vars(struct program *p, const struct frame_info *info, size_t n, size_t frame,
                      const struct var_expr *ex, char fmt, struct cnum *num, json_t **ret)
{
        const char *name = ex ? ex->ident : NULL;
        json_t *args = NULL, *locals = NULL, *found = NULL;
        struct vars_ctx vc;
        Dwarf_Die *scopes = NULL;
        struct module *m;
        int lo = 0, hi = 0, fn = -1, ns = 0;

        if (frame >= n)
                return -ERANGE;
        if (frame_setup(p, info, n, frame, &vc, &scopes, &ns, &lo, &hi, &fn, &m) < 0 && !name)
                return -ERR_NO_SYMBOL; /* no DWARF for this frame */
        vc.fmt = fmt;
        vc.num = num;
        if (!name) {
                args = json_array();
                locals = json_array();
        }
        /* Innermost block first, as gdb's `info locals`; the function's parameters
         * (not for ::name, whose scope is the file's and the program's). */
        for (int i = lo; i < hi && !found && !(ex && ex->global); i++) {
                Dwarf_Die child;

                if (dwarf_child(&scopes[i], &child) != 0)
                        continue;
                do {
                        int tag = dwarf_tag(&child);
                        const char *cn;

                        if (!(tag == DW_TAG_variable && !dwarf_hasattr(&child, DW_AT_declaration)) &&
                            !(tag == DW_TAG_formal_parameter && i == hi - 1))
                                continue;
                        cn = die_name(&child);
                        if (name) {
                                if (cn && strcmp(cn, name) == 0) {
                                        found = var_value(&vc, &child, ex->text, ex->path,
                                                          ex->stars, ex->amp, true);
                                        json_object_set_new(found, "scope",
                                                            json_string(tag == DW_TAG_variable
                                                                                ? "local"
                                                                                : "argument"));
                                        break;
                                }
                                continue;
                        }
                        json_array_append_new(tag == DW_TAG_variable ? locals : args,
                                              var_json(&vc, &child, false));
                } while (dwarf_siblingof(&child, &child) == 0);
                if (i == hi - 1 && !found)
                        found = abstract_only_params(&vc, &scopes[i], name, ex, args);
        }
        if (name && !found && hi > lo && !ex->global) {
                /* In a C++ member function, a member of *this (gdb's implicit this->). */
                Dwarf_Die child;

                if (dwarf_child(&scopes[hi - 1], &child) == 0) {
                        do {
                                const char *cn = die_name(&child);
                                char path[300];
                                json_t *mv;

                                if (dwarf_tag(&child) != DW_TAG_formal_parameter || !cn ||
                                    strcmp(cn, "this") != 0)
                                        continue;
                                snprintf(path, sizeof(path), "->%s%s", ex->ident, ex->path);
                                mv = var_value(&vc, &child, ex->text, path, ex->stars, ex->amp,
                                               true);
                                const char *err = json_string_value(json_object_get(mv, "error"));

                                /* found, if a member of that name is there (unreadable too:
                                 * its class says so) */
                                if (mv && (json_object_get(mv, "value") ||
                                           (err && strcmp(err, "no such member") != 0 &&
                                            this_has_member(&child, ex->ident)))) {
                                        json_object_set_new(mv, "scope", json_string("member"));
                                        found = mv;
                                } else {
                                        json_decref(mv); /* no such member: on to globals */
                                }
                                break;
                        } while (dwarf_siblingof(&child, &child) == 0);
                }
        }
        if (name && !found) {
                /* a global or static of the frame's file, then of the module's others */
                Dwarf_Die g;
                bool gcxx = vc.cxx, have = false;

                if (vc.cxx && fn >= 0 && ns > 0 && !ex->global &&
                    dwarf_tag(&scopes[ns - 1]) == DW_TAG_compile_unit) {
                        /* C++: in the function's namespaces and classes first, the
                         * innermost first (geo::Shape::made, geo::made), as gdb's */
                        char scope[256], qual[512];

                        function_scope(&scopes[fn], scope, sizeof(scope));
                        while (scope[0] && !have) {
                                char *sep;

                                snprintf(qual, sizeof(qual), "%s::%s", scope, name);
                                /* (g++ declares it there and defines it at the unit's
                                 * top: the declaration leads to it, as for qualified
                                 * names) */
                                have = qualified_die(&scopes[ns - 1], qual, &g);
                                sep = strrchr(scope, ':');
                                if (sep && sep > scope + 1 && sep[-1] == ':')
                                        sep[-1] = 0;
                                else
                                        scope[0] = 0;
                        }
                }
                if (!have && ns > 0 && dwarf_tag(&scopes[ns - 1]) == DW_TAG_compile_unit) {
                        Dwarf_Die child;

                        if (dwarf_child(&scopes[ns - 1], &child) == 0) {
                                do {
                                        const char *cn = die_name(&child);

                                        if (dwarf_tag(&child) == DW_TAG_variable && cn &&
                                            strcmp(cn, name) == 0 && is_definition(&child) &&
                                            !declared_in_scope(&child)) {
                                                g = child;
                                                have = true;
                                                break;
                                        }
                                } while (dwarf_siblingof(&child, &child) == 0);
                        }
                }
                if (!have && p->n_mods) {
                        /* the frame's module first, then every other one */
                        struct module *mm = m ? m : &p->mods[0];

                        have = global_die(module_dwfl(mm), name, &g, &gcxx);
                        for (size_t k = 0; !have && k < p->n_mods; k++)
                                if (&p->mods[k] != mm)
                                        have = global_die(module_dwfl(&p->mods[k]), name, &g,
                                                          &gcxx);
                        if (have) {
                                /* its module's bias, for DW_OP_addr */
                                for (size_t k = 0; k < p->n_mods; k++) {
                                        Dwarf_Addr b2;
                                        Dwfl_Module *d2 = module_dwfl(&p->mods[k]);
                                        Dwarf *dw = d2 ? dwfl_module_getdwarf(d2, &b2) : NULL;

                                        if (dw && dw == dwarf_cu_getdwarf(g.cu)) {
                                                /* (the kept registers' view too) */
                                                vc.frame.bias = p->mods[k].bias + b2;
                                                vc.kept.bias = vc.frame.bias;
                                                break;
                                        }
                                }
                        }
                }
                if (!have && ns > 0 && dwarf_tag(&scopes[ns - 1]) == DW_TAG_compile_unit) {
                        /* Last, one of the frame's file that the compiler kept no place
                         * for (an optimised-away static): gdb's <optimized out>. */
                        Dwarf_Die child;

                        if (dwarf_child(&scopes[ns - 1], &child) == 0) {
                                do {
                                        const char *cn = die_name(&child);

                                        have = dwarf_tag(&child) == DW_TAG_variable && cn &&
                                               strcmp(cn, name) == 0 &&
                                               !dwarf_hasattr(&child, DW_AT_declaration) &&
                                               !declared_in_scope(&child);
                                        if (have)
                                                g = child;
                                } while (!have && dwarf_siblingof(&child, &child) == 0);
                        }
                }
                if (have) {
                        vc.cxx = gcxx;
                        found = var_value(&vc, &g, ex->text, ex->path, ex->stars, ex->amp, true);
                        json_object_set_new(found, "scope", json_string("global"));
                } else {
                        found = code_name(p, ex, fmt); /* a function, an enumerator */
                }
        }
        if (name) {
                free(scopes);
                if (!found)
                        return -ERR_NO_SYMBOL;
                *ret = found;
                return 0;
        }
        *ret = json_pack("{s:I,s:s,s:o,s:o}", "frame", (json_int_t)frame, "function",
                         fn >= 0 && die_name(&scopes[hi - 1]) ? die_name(&scopes[hi - 1]) : "??",
                         "args", args, "locals", locals);
        free(scopes);
        return *ret ? 0 : -ENOMEM;
}

/* gdb's i386_eflags: the names of the flags set, "[ PF ZF IF ]". */
static void eflags_text(uint64_t v, char *buf, size_t cap)
{
        static const char *const names[22] = {
                [0] = "CF",  [2] = "PF",  [4] = "AF",  [6] = "ZF",   [7] = "SF",
                [8] = "TF",  [9] = "IF",  [10] = "DF", [11] = "OF",  [14] = "NT",
                [16] = "RF", [17] = "VM", [18] = "AC", [19] = "VIF", [20] = "VIP",
                [21] = "ID",
        };
        size_t len = (size_t)snprintf(buf, cap, "[");

        for (unsigned b = 0; b < 22 && len < cap; b++)
                if ((v >> b) & 1 && names[b])
                        len += (size_t)snprintf(buf + len, cap - len, " %s", names[b]);
        if (len < cap)
                snprintf(buf + len, cap - len, " ]");
}

/* gdb's artificial array v (*p@3: count elements of d from v's address), printed into
 * o as gdb prints an array of that type: {1, 2, 3}. NULL, or why not. */
static const char *artificial_print(struct vars_ctx *vc, Dwarf_Die *d, const struct cnum *v,
                                    json_t *o)
{
        struct ret_process proc = { vars_read, vars_symbol, vc->p, vars_static };
        struct ret_type *rt = NULL, *elem = NULL;
        const char *why = NULL;
        uint8_t *bytes = NULL;
        char *value = NULL;
        size_t nlen;

        if (v->type.ptrs > 0)
                return "an artificial array of pointers a cast made (print does not print "
                       "it yet)";
        elem = v->type.skip ? array_read(d, v->type.skip, vc->cxx, 0) : type_read(d, vc->cxx, 0);
        rt = calloc(1, sizeof(*rt));
        if (!elem || !rt || !(rt->members = calloc(1, sizeof(*rt->members)))) {
                why = "out of memory";
                goto out;
        }
        nlen = strlen(elem->name) + 32;
        rt->cls = RET_ARRAY;
        rt->size = v->size;
        rt->members[0].type = elem;
        rt->n_members = 1;
        elem = NULL;
        rt->name = malloc(nlen);
        bytes = calloc(1, v->size + 16);
        if (!rt->name || !bytes) {
                why = "out of memory";
                goto out;
        }
        if (strchr(rt->members[0].type->name, '[')) { /* rows: int [2][4] */
                const char *br = strchr(rt->members[0].type->name, '[');

                snprintf(rt->name, nlen, "%.*s[%" PRIu64 "]%s",
                         (int)(br - rt->members[0].type->name), rt->members[0].type->name,
                         v->type.count, br);
        } else {
                snprintf(rt->name, nlen, "%s [%" PRIu64 "]", rt->members[0].type->name,
                         v->type.count);
        }
        json_object_set_new(o, "type", json_string(rt->name));
        if (tracee_mem_read(vc->p->pid, v->addr, bytes, v->size) != (ssize_t)v->size) {
                why = "its memory cannot be read";
                goto out;
        }
        json_object_set_new(o, "address", jrpc_addr(v->addr));
        value = ret_format_at(rt, bytes, NULL, true, vc->fmt, &v->addr, &proc);
        if (value)
                json_object_set_new(o, "value", json_string(value));
        else
                why = "a value of a type dbgd does not print";
out:
        free(value);
        free(bytes);
        ret_type_free(elem);
        ret_type_free(rt);
        return why;
}

/* print of an expression's value v of the program's types: as its variables print. */
/* The bytes of a complex (its parts of v->size bytes each, the real first, a long
 * double's 80 bits in 16) or of an __int128 (16) as the program holds them, into b
 * (32 bytes, zeroed by the caller). */
static void cnum_wide_bytes(const struct cnum *v, uint8_t *b)
{
        if (!v->is_complex) {
                memcpy(b, &v->i, 8);
                memcpy(b + 8, &v->hi, 8);
        } else if (v->size == 16) {
                long double x = v->f, y = v->im;

                memcpy(b, &x, 10);
                memcpy(b + 16, &y, 10);
        } else if (v->size == 4) {
                float x = (float)v->f, y = (float)v->im;

                memcpy(b, &x, 4);
                memcpy(b + 4, &y, 4);
        } else {
                double x = (double)v->f, y = (double)v->im;

                memcpy(b, &x, 8);
                memcpy(b + 8, &y, 8);
        }
}

static int typed_print(struct operand_ctx *oc, const struct cnum *v, const char *expr,
                       char fmt, json_t **ret)
{
        struct vars_ctx *vc = oc->vc;
        struct place pl = { .in_memory = v->object, .addr = v->addr };
        json_t *o = json_pack("{s:s,s:s}", "name", expr, "scope", "expression");
        const char *why = NULL;
        uint8_t wide[32] = { 0 };
        Dwarf_Die d;

        if (!o)
                return -ENOMEM;
        vc->fmt = fmt;
        vc->num = NULL;
        if (!th_die(&v->type, &d)) {
                why = "its type is not known";
        } else if (v->type.count) { /* gdb's artificial array: int [3] */
                why = artificial_print(vc, &d, v, o);
        } else if (v->type.ptrs > 0) {
                pl.type = d;
                pl.skip = v->type.skip;
                pl.in_memory = true;
                why = pointer_print(vc, o, &pl, v->type.ptrs - 1, v->i);
        } else {
                pl.type = d;
                pl.skip = v->type.skip;
                if (!v->object && (v->is_complex || (v->size == 16 && !v->is_float))) {
                        /* a complex, an __int128 (cnum_wide_bytes) */
                        cnum_wide_bytes(v, wide);
                        pl.block = wide;
                        pl.block_len = v->is_complex ? 2 * v->size : 16;
                } else if (!v->object) {
                        if (v->is_float && v->size == 16) {
                                long double ld = v->f;

                                memcpy(pl.held, &ld, 10);
                        } else if (v->is_float && v->size == 4) {
                                float f = (float)v->f;

                                memcpy(pl.held, &f, 4);
                        } else if (v->is_float) {
                                double f = (double)v->f;

                                memcpy(pl.held, &f, 8);
                        } else {
                                memcpy(pl.held, &v->i, 8);
                        }
                }
                why = place_print(vc, &pl, o, true);
                if (!v->object || !v->lval) /* a call's struct: in no variable */
                        json_object_del(o, "address");
        }
        if (why)
                json_object_set_new(o, "error", json_string(why));
        *ret = o;
        return 0;
}

/* oc for print's expressions in frame `frame` of info (n frames): the frame's
 * language, its variables' context (vc; none without DWARF) and its unit, where type
 * names are looked up first. */
static void operand_setup(struct program *p, const struct frame_info *info, size_t n,
                          size_t frame, struct vars_ctx *vc, struct operand_ctx *oc)
{
        Dwarf_Die *scopes = NULL;
        struct module *m;
        int lo, hi, fn, ns;

        *oc = (struct operand_ctx){ .p = p, .info = info, .n = n, .frame = frame };
        if (frame_setup(p, info, n, frame, vc, &scopes, &ns, &lo, &hi, &fn, &m) == 0) {
                oc->cxx = vc->cxx;
                oc->vc = vc;
                oc->m = m;
                if (ns > 0 && dwarf_tag(&scopes[ns - 1]) == DW_TAG_compile_unit) {
                        oc->cu = scopes[ns - 1];
                        oc->have_cu = true;
                }
        }
        free(scopes);
}

/* ---- calls of the program's functions in print: f(3) (infcall.h) ------------------ */

/* The subprogram DIE whose code starts at addr, from DWARF: false when none says. */
static bool function_die(struct program *p, uint64_t addr, Dwarf_Die *ret, bool *ret_cxx)
{
        struct module *m = module_at(p, addr);
        Dwfl_Module *dm = m ? module_dwfl(m) : NULL;
        Dwarf_Addr bias;
        Dwarf_Die *cu = dm ? module_addrdie(dm, addr - m->bias, &bias) : NULL;
        Dwarf_Die *scopes = NULL;
        bool found = false;
        int ns;

        if (!cu || (ns = scopes_at(cu, addr - m->bias - bias, &scopes)) <= 0)
                return false;
        for (int i = 0; i < ns && !found; i++) {
                Dwarf_Addr entry;

                /* the function that starts there, not one whose range holds assembly
                 * without DWARF of its own (libc's __strlen_avx2) */
                if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram &&
                    dwarf_entrypc(&scopes[i], &entry) == 0 &&
                    entry == addr - m->bias - bias) {
                        *ret = scopes[i];
                        found = true;
                }
        }
        free(scopes);
        *ret_cxx = is_cxx(cu);
        return found;
}

/* What a call's argument is passed as. */
struct call_args {
        struct infcall ic;
        uint64_t scratch;       /* where the string literals go (at scratch + lit) */
        size_t lit;
        uint8_t lits[512];
};

/* An argument passed in memory: len bytes at the next place aligned to align (8 or 16)
 * in the call's stack arguments; NULL, or why not. */
static const char *stack_push(struct call_args *c, const void *bytes, size_t len,
                              size_t align)
{
        size_t at = (c->ic.stack_len + align - 1) & ~(align - 1);
        size_t end = at + ((len + 7) & ~(size_t)7);

        if (end > sizeof(c->ic.stack))
                return "more than 512 bytes of arguments on the stack";
        memset(c->ic.stack + c->ic.stack_len, 0, end - c->ic.stack_len);
        memcpy(c->ic.stack + at, bytes, len);
        c->ic.stack_len = end;
        return NULL;
}

/* Has t a long double in it (which makes its alignment 16)? */
static bool has_x87(const struct ret_type *t, int depth)
{
        if (t->cls == RET_LONG_DOUBLE)
                return true;
        for (size_t i = 0; depth < 8 && i < t->n_members; i++)
                if (!t->members[i].is_static && t->members[i].type &&
                    has_x87(t->members[i].type, depth + 1))
                        return true;
        return false;
}

/* One argument of cexpr (a) for a parameter of type pt (NULL: none known, C's default
 * promotions): into c's registers; NULL, or why not. */
static const char *call_arg(struct operand_ctx *oc, struct call_args *c, const struct cnum *a,
                            const struct ret_type *pt, char *why, size_t whylen)
{
        struct program *p = oc->p;
        struct cnum v = *a;
        uint64_t bits;

        if (v.object && !v.lval && !v.str && pt && pt->cls == RET_POINTER) {
                /* a method's this of an object no variable holds (a call's value,
                 * arith_call_method): a copy in the reserved stack, this v.i bytes into
                 * it, as gdb copies such a value to the program's memory */
                size_t room = sizeof(c->lits) - c->lit;
                uint64_t at = c->scratch + c->lit;

                if (v.size > room || v.i >= v.size)
                        return "an object of more than 512 bytes for a method's this";
                if (tracee_mem_read(p->pid, v.addr, c->lits + c->lit, v.size) != (ssize_t)v.size)
                        return "the object cannot be read";
                c->lit += (v.size + 7) & ~(size_t)7;
                bits = at + v.i;
                if (c->ic.n_ints + (c->ic.hidden ? 1 : 0) < INFCALL_INT_REGS) {
                        c->ic.ints[c->ic.n_ints++] = bits;
                        return NULL;
                }
                return stack_push(c, &bits, 8, 8);
        }
        if (v.str) { /* a string literal: its bytes in the reserved stack, as gdb's */
                size_t room = sizeof(c->lits) - c->lit;

                if (v.size > room)
                        return "string literals of more than 512 bytes in all";
                cexpr_string(&v, (char *)c->lits + c->lit, v.size);
                v = (struct cnum){ .ptr = 'v', .size = 8, .i = c->scratch + c->lit };
                c->lit += v.size ? (a->size + 7) & ~(size_t)7 : 0;
        } else if (v.object && pt && pt->cls == RET_STRUCT) { /* a struct by value */
                uint8_t b[16];
                char cls[2];
                int n = ret_arg_classes(pt, cls);

                if (v.size != pt->size)
                        return "an argument's struct is not the parameter's";
                if (n == 0) { /* in memory: a copy on the stack, as the ABI says */
                        uint8_t *copy;
                        const char *no;

                        if (pt->by_reference)
                                return "passing a C++ class that is passed by reference is "
                                       "not supported";
                        copy = malloc(v.size);
                        if (!copy)
                                return "out of memory";
                        if (tracee_mem_read(p->pid, v.addr, copy, v.size) != (ssize_t)v.size) {
                                free(copy);
                                return "the struct argument cannot be read";
                        }
                        no = stack_push(c, copy, v.size, has_x87(pt, 0) ? 16 : 8);
                        free(copy);
                        return no;
                }
                if (tracee_mem_read(p->pid, v.addr, b, v.size) != (ssize_t)v.size)
                        return "the struct argument cannot be read";
                memset(b + v.size, 0, sizeof(b) - v.size);
                for (int k = 0; k < n; k++) {
                        memcpy(&bits, b + 8 * k, 8);
                        if (cls[k] == 'i' && c->ic.n_ints < INFCALL_INT_REGS)
                                c->ic.ints[c->ic.n_ints++] = bits;
                        else if (cls[k] == 's' && c->ic.n_sse < INFCALL_SSE_REGS)
                                c->ic.sse[c->ic.n_sse++] = bits;
                        else
                                return "passing arguments on the stack beyond the "
                                       "registers is supported for integers only";
                }
                return NULL;
        } else if (v.object) { /* an array: a pointer to its first element, as C's */
                struct cnum d;

                if (arith_op(oc, CEXPR_DECAY, &v, NULL, 0, &d, why, whylen) < 0)
                        return "a struct or union is passed only to a parameter of its type";
                v = d;
        }
        if (pt && pt->cls == RET_STRUCT)
                return "the parameter is a struct: it takes a struct of its type";
        if (pt ? pt->cls == RET_LONG_DOUBLE : v.is_float && v.size == 16) {
                /* x87's 80 bits in 16 bytes of the stack, aligned to 16 */
                long double x = v.is_float ? v.f
                                : v.is_unsigned ? (long double)v.i : (long double)(int64_t)v.i;
                uint8_t b[16] = { 0 };

                if (v.ptr)
                        return "a pointer for a long double parameter";
                memcpy(b, &x, 10);
                return stack_push(c, b, 16, 16);
        }
        if (pt && (pt->cls == RET_LONG_DOUBLE || pt->cls == RET_COMPLEX ||
                   pt->cls == RET_STRUCT || pt->size > 8 || pt->cls == RET_OTHER ||
                   pt->cls >= RET_STD_STRING)) {
                snprintf(why, whylen, "passing a parameter of type %s is not supported",
                         pt->name ? pt->name : "?");
                return why;
        }
        if (pt ? pt->cls == RET_FLOAT : v.is_float) {
                unsigned size = pt ? pt->size : 8; /* float promoted to double */
                long double x = v.is_float ? v.f
                                : v.is_unsigned ? (long double)v.i : (long double)(int64_t)v.i;

                if (v.ptr || (v.object && !v.is_float))
                        return "a pointer for a floating-point parameter";
                if (size == 4) {
                        float f = (float)x;

                        bits = 0;
                        memcpy(&bits, &f, 4);
                } else {
                        double d = (double)x;

                        memcpy(&bits, &d, 8);
                }
                if (c->ic.n_sse == INFCALL_SSE_REGS)
                        return "more than 8 floating-point arguments";
                c->ic.sse[c->ic.n_sse++] = bits;
                return NULL;
        }
        if (v.is_float) {
                bits = (uint64_t)(int64_t)v.f;
        } else {
                bits = v.i; /* sign- or zero-extended already */
        }
        if (pt && pt->size < 8 && pt->size > 0 && pt->cls != RET_POINTER &&
            pt->cls != RET_STRING) { /* the parameter's width, extended as its type */
                bool sgn = pt->cls == RET_SIGNED || pt->cls == RET_CHAR_SIGNED ||
                           ((pt->cls == RET_ENUM || pt->cls == RET_WIDE_CHAR) &&
                            pt->is_signed);
                uint64_t mask = (UINT64_C(1) << (8 * pt->size)) - 1;

                if (pt->cls == RET_BOOL)
                        bits = v.is_float ? v.f != 0 : bits != 0;
                bits &= mask;
                if (sgn && (bits >> (8 * pt->size - 1)) & 1)
                        bits |= ~mask;
        }
        if (c->ic.n_ints + (c->ic.hidden ? 1 : 0) < INFCALL_INT_REGS) {
                c->ic.ints[c->ic.n_ints++] = bits;
                return NULL;
        }
        return stack_push(c, &bits, 8, 8);
}

/* cexpr's call hook (cexpr.h): the function name[0..len) found as `break` finds it,
 * its prototype and return type from DWARF (without: C's default promotions, and the
 * type of the cast before the call, gdb's rule), run in the current thread
 * (infcall_run); its value as cexpr takes it, a struct in the stack space the call
 * reserved. */
static int call_at(struct operand_ctx *oc, uint64_t addr, const char *fname,
                   const Dwarf_Die *proto, bool cxx, bool by_value, const struct cnum *args,
                   size_t nargs, const struct cnum *cast, struct cnum *ret, char *why,
                   size_t whylen);
static int arith_call_value(void *ctx, const struct cnum *fnv, const struct cnum *args,
                            size_t nargs, const struct cnum *cast, struct cnum *ret, char *why,
                            size_t whylen);

/* May the program's functions be called now? NULL, or why not (pc->fail set). */
static const char *calls_refused(struct program_calls *pc)
{
        if (!pc)
                return "calls of the program's functions are not evaluated here";
        if (pc->refuse) {
                pc->fail = -ERR_STATE;
                return pc->refuse;
        }
        return NULL;
}

static int overload_pick(Dwarf_Die *fns, size_t n, bool cxx, const struct cnum *args,
                         size_t nargs, const char *kind, const char *fname, size_t *ret_pick,
                         char *why, size_t whylen);

static int arith_call(void *ctx, const char *name, size_t len, const struct cnum *args,
                      size_t nargs, const struct cnum *cast, struct cnum *ret, char *why,
                      size_t whylen)
{
        struct operand_ctx *oc = ctx;
        struct program *p = oc->p;
        struct program_calls *pc = p->calls;
        const char *no = calls_refused(pc);
        Dwarf_Die fn;
        bool have_fn, cxx = false;
        char fname[128], rwhy[256];
        uint64_t addr;

        if (no) {
                snprintf(why, whylen, "%s", no);
                return -1;
        }
        if (len >= sizeof(fname))
                return -1;
        memcpy(fname, name, len);
        fname[len] = 0;
        if (program_resolve(p, fname, &addr, rwhy, sizeof(rwhy)) < 0) {
                struct cnum v;

                /* no function of that name: a variable's, called through its value
                 * (fp(3), as gdb calls through it; gdb's words for one that is no
                 * pointer to a function) */
                const char *q = strrchr(fname, ':');
                struct cnum zero = { 0 }, ty;

                if (arith_operand(oc, name, len, &v, rwhy, sizeof(rwhy)) == 0)
                        return arith_call_value(ctx, &v, args, nargs, cast, ret, why, whylen);
                /* K::nosuch(1) of a class K: gdb's words for a method */
                if (q && q > fname + 1 && q[-1] == ':' &&
                    arith_op(oc, CEXPR_TYPE, &zero, fname, (size_t)(q - 1 - fname), &ty, rwhy,
                             sizeof(rwhy)) == 0) {
                        snprintf(why, whylen, "Couldn't find method %s", fname);
                        pc->fail = -ERR_NO_SYMBOL;
                        return -1;
                }
                snprintf(why, whylen, "No symbol \"%s\" in current context.", fname);
                pc->fail = -ERR_NO_SYMBOL;
                return -1;
        }
        have_fn = function_die(p, addr, &fn, &cxx);
        if (have_fn && cxx) { /* C++: the overload gdb picks (overload_pick) */
                uint64_t addrs[8];
                Dwarf_Die fns[8];
                size_t n = cxx_places(p, fname, addrs, 0, 8, false), nf = 0, pick = 0;
                const char *q = strrchr(fname, ':');
                struct cnum zero = { 0 }, ty;
                bool method = false, fcxx;

                /* gdb says "method" of a class's static function (K::twice) */
                if (q && q > fname + 1 &&
                    arith_op(oc, CEXPR_TYPE, &zero, fname, (size_t)(q - 1 - fname), &ty, rwhy,
                             sizeof(rwhy)) == 0)
                        method = true;
                for (size_t i = 0; i < n; i++) {
                        bool seen = false;

                        for (size_t j = 0; j < i; j++)
                                seen |= addrs[j] == addrs[i];
                        if (!seen && function_die(p, addrs[i], &fns[nf], &fcxx) && fcxx)
                                addrs[nf++] = addrs[i];
                }
                if (nf == 0) {
                        fns[0] = fn;
                        addrs[0] = addr;
                        nf = 1;
                }
                if (overload_pick(fns, nf, true, args, nargs, method ? "method" : "function",
                                  fname, &pick, why, whylen) < 0) {
                        pc->fail = -ERR_INVALID_PARAMS;
                        return -1;
                }
                fn = fns[pick];
                addr = addrs[pick];
        }
        if (!have_fn) {
                uint64_t start, size;
                const char *sym;
                struct cnum v;

                /* a symbol of data, not of a function (table(1)): its variable's value
                 * called, refused in gdb's words */
                if (program_function_at(p, addr, &start, &size, &sym) < 0 &&
                    arith_operand(oc, name, len, &v, rwhy, sizeof(rwhy)) == 0)
                        return arith_call_value(ctx, &v, args, nargs, cast, ret, why, whylen);
        }
        return call_at(oc, addr, fname, have_fn ? &fn : NULL, cxx, false, args, nargs, cast,
                       ret, why, whylen);
}

/* cexpr's call_value hook: a call through fnv, a pointer to a function (fp(3), (*fp)(3),
 * table[1](2)), its prototype and return type those of the pointer's DWARF type (a
 * DW_TAG_subroutine_type), as gdb's. Anything else is gdb's "Invalid data type for
 * function to be called.". */
static int arith_call_value(void *ctx, const struct cnum *fnv, const struct cnum *args,
                            size_t nargs, const struct cnum *cast, struct cnum *ret, char *why,
                            size_t whylen)
{
        struct operand_ctx *oc = ctx;
        struct program *p = oc->p;
        const char *no = calls_refused(p->calls);
        Dwarf_Die d, st, sub, cu;
        char fname[160];
        const char *sym = NULL;
        uint64_t addr = fnv->i, start = 0, size = 0;

        if (no) {
                snprintf(why, whylen, "%s", no);
                return -1;
        }
        if (fnv->ptr != 'p' || fnv->type.ptrs || fnv->type.count || !th_die(&fnv->type, &d) ||
            !type_strip(&d, &st, false) || dwarf_tag(&st) != DW_TAG_pointer_type ||
            !type_of(&st, &sub) || !type_strip(&sub, &sub, false) ||
            dwarf_tag(&sub) != DW_TAG_subroutine_type) {
                snprintf(why, whylen, "Invalid data type for function to be called.");
                p->calls->fail = -ERR_INVALID_PARAMS;
                return -1;
        }
        /* the messages name the function it points to, else its address (gdb's "at
         * 0x...") */
        if (program_function_at(p, addr, &start, &size, &sym) == 0 && start == addr)
                snprintf(fname, sizeof(fname), "%s", sym);
        else
                snprintf(fname, sizeof(fname), "at 0x%" PRIx64, addr);
        if (!dwarf_diecu(&sub, &cu, NULL, NULL))
                return -1;
        return call_at(oc, addr, fname, &sub, is_cxx(&cu), true, args, nargs, cast, ret, why,
                       whylen);
}

/* ---- C++ calls: overloads (gdb's ranking), methods of bases, virtual dispatch ---- */

/* How well an argument fits a parameter, as gdb's rank_one_type ranks it: an exact
 * match, a promotion (gdb's: an integer to a wider one, float to double, bool to an
 * integer), a conversion (narrower, signedness, integer and float, a pointer to a base
 * class or to void, 0 to a pointer, anything to bool), or none (gdb's "non-standard"
 * ones too: dbgd refuses what gdb warns of and calls with a value from nowhere). */
enum { RANK_EXACT = 0, RANK_PROMOTION = 1, RANK_CONVERSION = 2, RANK_NONE = 100 };

/* The type a 'p' value points to, stripped: false for a pointer to a pointer. */
static bool cnum_pointee(const struct cnum *v, Dwarf_Die *ret)
{
        Dwarf_Die d;

        if (v->ptr != 'p' || v->type.count || v->type.ptrs > 1 || !th_die(&v->type, &d))
                return false;
        if (v->type.ptrs == 0 && (!type_strip(&d, &d, false) ||
                                  dwarf_tag(&d) != DW_TAG_pointer_type || !type_of(&d, &d)))
                return false;
        return type_strip(&d, ret, false);
}

static bool base_named(Dwarf_Die *d, const char *name)
{
        const char *n = dwarf_diename(d);

        return dwarf_tag(d) == DW_TAG_base_type && n && !strcmp(n, name);
}

static int rank_arg(const struct cnum *a, Dwarf_Die *ptype, bool cxx)
{
        struct ret_type *t;
        Dwarf_Die st, pointee, ap;
        int r = RANK_NONE;

        if (!type_strip(ptype, &st, false))
                return RANK_NONE;
        if (dwarf_tag(&st) == DW_TAG_reference_type ||
            dwarf_tag(&st) == DW_TAG_rvalue_reference_type) {
                /* a reference binds to the value: ranked as its type (call_arg says
                 * whether it can be passed) */
                if (!type_of(&st, &st) || !type_strip(&st, &st, false))
                        return RANK_NONE;
        }
        if (dwarf_tag(&st) == DW_TAG_pointer_type) {
                bool to_void = !type_of(&st, &pointee) || !type_strip(&pointee, &pointee, false);

                if (a->str) /* a literal: a char array, to const char * */
                        return !to_void && base_named(&pointee, "char") ? RANK_EXACT
                               : to_void ? RANK_CONVERSION : RANK_NONE;
                if (a->ptr == 'v' || a->ptr == 'f')
                        return RANK_CONVERSION;
                if (a->ptr != 'p')
                        return !a->object && !a->is_float && !a->is_bool && a->i == 0
                                       ? RANK_CONVERSION /* 0: the null pointer */
                                       : RANK_NONE;
                if (to_void)
                        return RANK_CONVERSION;
                if (!cnum_pointee(a, &ap))
                        return RANK_NONE;
                if (same_class(&ap, &pointee))
                        return RANK_EXACT;
                if (dwarf_tag(&ap) == DW_TAG_structure_type ||
                    dwarf_tag(&ap) == DW_TAG_class_type) {
                        int64_t off;
                        const char *why = NULL;

                        if (base_offset(NULL, &ap, &pointee, 0, 0, &off, &why) != 0)
                                return RANK_CONVERSION; /* to a base class */
                }
                return RANK_NONE;
        }
        if (dwarf_tag(&st) == DW_TAG_structure_type || dwarf_tag(&st) == DW_TAG_class_type ||
            dwarf_tag(&st) == DW_TAG_union_type) {
                Dwarf_Die ad;

                return a->object && th_die(&a->type, &ad) && type_strip(&ad, &ad, false) &&
                                       same_class(&ad, &st)
                               ? RANK_EXACT
                               : RANK_NONE;
        }
        t = type_read(&st, cxx, 0);
        if (!t)
                return RANK_NONE;
        if (a->object || a->str || a->is_complex || (a->size == 16 && !a->is_float)) {
                r = RANK_NONE;
        } else if (t->cls == RET_BOOL) {
                r = a->is_bool ? RANK_EXACT : RANK_CONVERSION;
        } else if (a->ptr) {
                r = RANK_NONE;
        } else if (t->cls == RET_FLOAT || t->cls == RET_LONG_DOUBLE) {
                r = !a->is_float ? RANK_CONVERSION
                    : a->size == t->size ? RANK_EXACT
                    : a->size < t->size ? RANK_PROMOTION : RANK_CONVERSION;
        } else if (t->cls == RET_SIGNED || t->cls == RET_UNSIGNED || t->cls == RET_CHAR_SIGNED ||
                   t->cls == RET_CHAR_UNSIGNED || t->cls == RET_WIDE_CHAR || t->cls == RET_ENUM) {
                bool psigned = t->cls == RET_SIGNED || t->cls == RET_CHAR_SIGNED ||
                               ((t->cls == RET_ENUM || t->cls == RET_WIDE_CHAR) && t->is_signed);

                if (a->is_float)
                        r = RANK_CONVERSION;
                else if (a->is_bool)
                        r = RANK_PROMOTION;
                else if (t->cls == RET_ENUM)
                        r = RANK_CONVERSION;
                else if (a->size == t->size)
                        r = a->is_unsigned == !psigned ? RANK_EXACT : RANK_CONVERSION;
                else
                        r = a->size < t->size ? RANK_PROMOTION : RANK_CONVERSION;
        }
        ret_type_free(t);
        return r;
}

/* The parameters of function DIE fn (a definition, a declaration or a subroutine type),
 * the artificial `this` apart: their types in ptypes (at most CEXPR_CALL_ARGS), their
 * number; *variadic if it ends in `...`, *has_this if it has a `this`. */
static size_t fn_params(Dwarf_Die *fn, Dwarf_Die *ptypes, bool *variadic, bool *has_this)
{
        Dwarf_Die child;
        size_t n = 0;

        *variadic = *has_this = false;
        if (dwarf_child(fn, &child) != 0)
                return 0;
        do {
                if (dwarf_tag(&child) == DW_TAG_unspecified_parameters)
                        *variadic = true;
                if (dwarf_tag(&child) != DW_TAG_formal_parameter)
                        continue;
                if (dwarf_hasattr_integrate(&child, DW_AT_artificial) && n == 0 && !*has_this) {
                        *has_this = true;
                        continue;
                }
                if (n < CEXPR_CALL_ARGS && !type_of(&child, &ptypes[n]))
                        return n; /* no type: stops the count, refused by the ranking */
                n++;
        } while (dwarf_siblingof(&child, &child) == 0);
        return n;
}

/* gdb's overload resolution (find_overload_match) over the n candidates fns: each
 * ranked by its arguments' ranks, the champion the one at least as good in each
 * argument as every other and better in one. *ret_pick, or -1 with why in gdb's words
 * ("Too few arguments in function call." when every candidate takes more; "Cannot
 * resolve function f to any overloaded instance" when none fits) and, where gdb
 * picks one of equals by the order of the DWARF (g++ and clang++ differ), dbgd's
 * refusal that names them. kind: "function" or "method". */
static int overload_pick(Dwarf_Die *fns, size_t n, bool cxx, const struct cnum *args,
                         size_t nargs, const char *kind, const char *fname, size_t *ret_pick,
                         char *why, size_t whylen)
{
        int ranks[8][CEXPR_CALL_ARGS];
        bool fits[8], too_few = true;
        size_t best = SIZE_MAX, ties = 0;

        if (n > 8)
                n = 8;
        for (size_t i = 0; i < n; i++) {
                Dwarf_Die pt[CEXPR_CALL_ARGS];
                bool variadic, has_this;
                size_t np = fn_params(&fns[i], pt, &variadic, &has_this);

                if (nargs >= np)
                        too_few = false;
                fits[i] = nargs >= np && (nargs == np || variadic) && nargs <= CEXPR_CALL_ARGS;
                for (size_t k = 0; fits[i] && k < nargs; k++) {
                        ranks[i][k] = k < np ? rank_arg(&args[k], &pt[k], cxx) : RANK_CONVERSION;
                        if (ranks[i][k] >= RANK_NONE)
                                fits[i] = false;
                }
        }
        for (size_t i = 0; i < n; i++) {
                bool better = false, worse = false;

                if (!fits[i])
                        continue;
                if (best == SIZE_MAX) {
                        best = i;
                        continue;
                }
                for (size_t k = 0; k < nargs; k++) {
                        better |= ranks[i][k] < ranks[best][k];
                        worse |= ranks[i][k] > ranks[best][k];
                }
                if (better && !worse)
                        best = i;
        }
        if (best == SIZE_MAX) {
                if (too_few)
                        snprintf(why, whylen, "Too few arguments in function call.");
                else
                        snprintf(why, whylen, "Cannot resolve %s %s to any overloaded instance",
                                 kind, fname);
                return -1;
        }
        /* the champion must beat every other candidate that fits, not only those it
         * met in the walk */
        for (size_t i = 0, k; best != SIZE_MAX && i < n; i++) {
                bool better = false, worse = false;

                if (!fits[i] || i == best)
                        continue;
                for (k = 0; k < nargs; k++) {
                        better |= ranks[i][k] < ranks[best][k];
                        worse |= ranks[i][k] > ranks[best][k];
                }
                if (!worse || better)
                        ties++;
        }
        if (ties) {
                snprintf(why, whylen, "the call of %s is ambiguous: %zu of its overloads fit "
                                      "the arguments as well (gdb takes the first the DWARF "
                                      "lists)", fname, ties + 1);
                return -1;
        }
        *ret_pick = best;
        return 0;
}

/* A method of a class for a call: its declaration and the offset of the class part
 * that declares it in the object. */
struct method_cand {
        Dwarf_Die decl;
        int64_t off;
};

/* The methods named name[0..len) that obj.name(...) can mean, as C++'s lookup finds
 * them: those of class cls, else (none there) those of its bases (DW_TAG_inheritance,
 * this moved by the base's offset in the object at addr; a virtual base's read from
 * the object's vtable). The number found (at most max); *member when cls has a data
 * member of that name instead; -1 with *why when a base's offset cannot be read. */
static int method_lookup(struct vars_ctx *vc, Dwarf_Die *cls, const char *name, size_t len,
                         uint64_t addr, int64_t off, int depth, struct method_cand *out,
                         size_t max, bool *member, const char **why)
{
        Dwarf_Die child, t;
        int n = 0;

        if (depth > 16 || dwarf_child(cls, &child) != 0)
                return 0;
        do {
                const char *nm = dwarf_diename(&child);

                if (!nm || strlen(nm) != len || strncmp(nm, name, len))
                        continue;
                if (dwarf_tag(&child) == DW_TAG_member && depth == 0)
                        *member = true;
                if (dwarf_tag(&child) == DW_TAG_subprogram && (size_t)n < max)
                        out[n++] = (struct method_cand){ .decl = child, .off = off };
        } while (dwarf_siblingof(&child, &child) == 0);
        if (n || *member || dwarf_child(cls, &child) != 0)
                return n;
        do {
                int64_t boff;
                int r;

                if (dwarf_tag(&child) != DW_TAG_inheritance || !type_of(&child, &t) ||
                    !type_strip(&t, &t, false))
                        continue;
                *why = inherit_offset(vc, &child, addr + (uint64_t)off, &boff);
                if (*why)
                        return -1;
                r = method_lookup(vc, &t, name, len, addr, off + boff, depth + 1, out + n,
                                  max - (size_t)n, member, why);
                if (r < 0)
                        return -1;
                n += r;
        } while (dwarf_siblingof(&child, &child) == 0 && (size_t)n < max);
        return n;
}

/* The address a virtual method's call goes to: the slot DW_AT_vtable_elem_location of
 * decl says, in the vtable whose address is at this (the Itanium ABI's vptr at the
 * start of the class part that declares it). For a second base's part the slot holds a
 * thunk that moves this to the derived object, as compiled code's calls go. NULL, or
 * why not (gdb's words for memory that cannot be read). */
static const char *virtual_target(struct program *p, Dwarf_Die *decl, uint64_t this,
                                  uint64_t *ret_addr, char *buf, size_t buflen)
{
        Dwarf_Attribute a;
        Dwarf_Op *ops;
        size_t nops;
        uint64_t vptr, fn;

        if (dwarf_getlocation(dwarf_attr(decl, DW_AT_vtable_elem_location, &a), &ops,
                              &nops) != 0 ||
            nops != 1 || ops[0].atom != DW_OP_constu)
                return "a virtual method whose vtable slot the DWARF does not give as a "
                       "constant";
        if (tracee_mem_read(p->pid, this, &vptr, 8) != 8) {
                snprintf(buf, buflen, "Cannot access memory at address 0x%" PRIx64, this);
                return buf;
        }
        if (tracee_mem_read(p->pid, vptr + 8 * ops[0].number, &fn, 8) != 8) {
                snprintf(buf, buflen, "Cannot access memory at address 0x%" PRIx64,
                         vptr + 8 * ops[0].number);
                return buf;
        }
        *ret_addr = fn;
        return NULL;
}

/* cexpr's call_method hook: obj.name(args), a method of obj's class or (none there) of
 * its bases (method_lookup), the overload gdb picks (overload_pick), called with this =
 * the address of the class part that declares it (a static one without this). A
 * virtual method goes through the vtable of the object (virtual_target), as gdb
 * dispatches it: the dynamic type's, a pure virtual one's too; another is found by its
 * declaration's ELF name (the definition's DIE its prototype). One the compiler did not
 * emit (inlined or unused) is gdb's "Cannot evaluate function -- may be inlined". An
 * object that is no variable's (a call's value: K::make(3).get()) is copied to the
 * call's stack space first (call_arg), as gdb puts it in the program's memory. 1 when
 * the class has a data member of that name and no method. */
static int arith_call_method(void *ctx, const struct cnum *obj, const char *name, size_t len,
                             const struct cnum *args, size_t nargs, const struct cnum *cast,
                             struct cnum *ret, char *why, size_t whylen)
{
        struct operand_ctx *oc = ctx;
        struct program *p = oc->p;
        const char *no = calls_refused(p->calls), *cls, *linkage, *err = NULL;
        struct cnum all[CEXPR_CALL_ARGS];
        struct method_cand cands[8];
        Dwarf_Die d, st, decls[8], def, pt[CEXPR_CALL_ARGS];
        char fname[160], rwhy[256];
        bool member = false, cxx = true, variadic, has_this;
        Dwarf_Attribute a;
        Dwarf_Word virt = 0;
        uint64_t addr, this;
        size_t pick = 0;
        int n;

        if (no) {
                snprintf(why, whylen, "%s", no);
                return -1;
        }
        if (obj->type.ptrs || obj->type.count || !th_die(&obj->type, &d) ||
            !type_strip(&d, &st, false) || (dwarf_tag(&st) != DW_TAG_class_type &&
                                            dwarf_tag(&st) != DW_TAG_structure_type &&
                                            dwarf_tag(&st) != DW_TAG_union_type)) {
                snprintf(why, whylen, "a method of something that is not a class object");
                p->calls->fail = -ERR_INVALID_PARAMS;
                return -1;
        }
        cls = dwarf_diename(&st) ? dwarf_diename(&st) : "?";
        snprintf(fname, sizeof(fname), "%s::%.*s", cls, (int)len, name);
        n = method_lookup(oc->vc, &st, name, len, obj->addr, 0, 0, cands, 8, &member, &err);
        if (n < 0) {
                snprintf(why, whylen, "%s", err);
                return -1;
        }
        if (n == 0 && member)
                return 1; /* a member's value: cexpr calls through it (s.fp(1)) */
        if (n == 0) {
                snprintf(why, whylen, "Couldn't find method %s", fname);
                p->calls->fail = -ERR_NO_SYMBOL;
                return -1;
        }
        for (int i = 0; i < n; i++)
                decls[i] = cands[i].decl;
        if (overload_pick(decls, (size_t)n, true, args, nargs, "method", fname, &pick, why,
                          whylen) < 0) {
                p->calls->fail = -ERR_INVALID_PARAMS;
                return -1;
        }
        fn_params(&cands[pick].decl, pt, &variadic, &has_this);
        this = obj->addr + (uint64_t)cands[pick].off;
        if (has_this && dwarf_formudata(dwarf_attr(&cands[pick].decl, DW_AT_virtuality, &a),
                                        &virt) == 0 && virt) {
                no = virtual_target(p, &cands[pick].decl, this, &addr, rwhy, sizeof(rwhy));
                if (no) { /* memory gdb cannot read either: print's value-with-error */
                        snprintf(why, whylen, "%s", no);
                        if (no != rwhy)
                                p->calls->fail = -ERR_UNSUPPORTED;
                        return -1;
                }
                def = cands[pick].decl; /* the slot's function may be a thunk */
        } else {
                linkage = decl_linkage(&cands[pick].decl);
                if (!linkage || program_resolve(p, linkage, &addr, rwhy, sizeof(rwhy)) < 0 ||
                    !function_die(p, addr, &def, &cxx)) {
                        snprintf(why, whylen, "Cannot evaluate function -- may be inlined");
                        p->calls->fail = -ERR_UNSUPPORTED;
                        return -1;
                }
        }
        if (nargs + 1 > CEXPR_CALL_ARGS) {
                snprintf(why, whylen, "a call of more than 16 arguments");
                p->calls->fail = -ERR_INVALID_PARAMS;
                return -1;
        }
        if (!has_this) /* a static method through an object: k.make(2) */
                return call_at(oc, addr, fname, &def, cxx, false, args, nargs, cast, ret, why,
                               whylen);
        if (obj->lval)
                all[0] = (struct cnum){ .ptr = 'v', .size = 8, .i = this };
        else /* a temporary: copied by call_arg, this at i bytes into the copy */
                all[0] = (struct cnum){ .object = true, .addr = obj->addr, .size = obj->size,
                                        .i = (uint64_t)cands[pick].off };
        memcpy(all + 1, args, nargs * sizeof(*args));
        return call_at(oc, addr, fname, &def, cxx, false, all, nargs + 1, cast, ret, why,
                       whylen);
}

/* The call of the function at addr (fname in messages), its prototype from proto (its
 * DW_TAG_subprogram, or the DW_TAG_subroutine_type of a pointer to it; NULL: none
 * known), cxx its unit's language. by_value: through a pointer, where gdb passes extra
 * arguments without a word. */
static int call_at(struct operand_ctx *oc, uint64_t addr, const char *fname,
                   const Dwarf_Die *proto, bool cxx, bool by_value, const struct cnum *args,
                   size_t nargs, const struct cnum *cast, struct cnum *ret, char *why,
                   size_t whylen)
{
        struct program *p = oc->p;
        struct program_calls *pc = p->calls;
        struct ret_process proc = { vars_read, vars_symbol, p, vars_static };
        struct ret_type *rt = NULL, *pts[CEXPR_CALL_ARGS] = { NULL };
        struct user_regs_struct regs;
        struct infcall_result res;
        struct call_args *c = NULL;
        Dwarf_Die fn, rdie, child;
        size_t nparams = 0;
        bool have_fn = proto != NULL, variadic = false, prototyped = false, have_ret = false;
        uint8_t bytes[RET_STRUCT_MAX];
        char rwhy[256];
        int r = -1;

        if (proto)
                fn = *proto;
        if (have_fn) {
                Dwarf_Attribute at;
                bool flag = false;

                prototyped = dwarf_formflag(dwarf_attr(&fn, DW_AT_prototyped, &at), &flag) == 0 &&
                             flag;
                have_ret = type_of(&fn, &rdie);
                if (dwarf_child(&fn, &child) == 0) {
                        do {
                                Dwarf_Die t;

                                if (dwarf_tag(&child) == DW_TAG_unspecified_parameters)
                                        variadic = true;
                                if (dwarf_tag(&child) != DW_TAG_formal_parameter)
                                        continue;
                                if (nparams < CEXPR_CALL_ARGS && type_of(&child, &t))
                                        pts[nparams] = type_read(&t, cxx, 0);
                                nparams++;
                        } while (dwarf_siblingof(&child, &child) == 0);
                }
                if (have_ret) {
                        rt = type_read(&rdie, cxx, 0);
                        /* a DIE whose type is none we read (an assembler's, libc's
                         * getpid from syscall-template.S): as without DWARF, as gdb
                         * has no type for it either */
                        if (!rt || (rt->cls == RET_OTHER && rt->name &&
                                    !strcmp(rt->name, "?"))) {
                                ret_type_free(rt);
                                rt = NULL;
                                have_fn = have_ret = prototyped = variadic = false;
                                for (size_t k = 0; k < CEXPR_CALL_ARGS; k++) {
                                        ret_type_free(pts[k]);
                                        pts[k] = NULL;
                                }
                                nparams = 0;
                        }
                }
        }
        if (!have_fn && !cast) {
                snprintf(why, whylen, "'%s' has unknown return type; cast the call to its "
                                      "declared return type", fname);
                pc->fail = -ERR_INVALID_PARAMS;
                return -1;
        }
        if (have_fn && (prototyped || nparams) && nargs < nparams) {
                snprintf(why, whylen, "Too few arguments in function call.");
                pc->fail = -ERR_INVALID_PARAMS;
                goto out;
        }
        if (have_fn && prototyped && !variadic && !by_value && nargs > nparams) {
                snprintf(why, whylen, "Too many arguments in function call: '%s' takes %zu",
                         fname, nparams);
                pc->fail = -ERR_INVALID_PARAMS;
                goto out;
        }
        for (size_t k = 0; k < nparams && k < CEXPR_CALL_ARGS; k++)
                if (!pts[k]) {
                        snprintf(why, whylen, "the type of parameter %zu of '%s' is not "
                                              "supported", k + 1, fname);
                        pc->fail = -ERR_UNSUPPORTED;
                        goto out;
                }
        c = calloc(1, sizeof(*c));
        if (!c)
                goto out;
        if (have_ret) {
                if (!rt || rt->cls == RET_COMPLEX || rt->cls == RET_OTHER ||
                    ((rt->cls == RET_SIGNED || rt->cls == RET_UNSIGNED) && rt->size > 8) ||
                    rt->size > RET_STRUCT_MAX) {
                        snprintf(why, whylen, "'%s' returns %s, which print's calls do not "
                                              "support", fname,
                                 rt && rt->name ? rt->name : "a type not known");
                        pc->fail = -ERR_UNSUPPORTED;
                        goto out;
                }
                if (rt->cls == RET_STRUCT || rt->cls >= RET_STD_STRING) {
                        char cls[2];

                        c->ic.scratch = rt->size;
                        c->ic.hidden = rt->size > 16 || ret_arg_classes(rt, cls) == 0;
                        /* a struct that is a long double is returned in st(0): fine */
                }
        } else if (cast && (cast->object || (cast->is_float && cast->size == 16))) {
                snprintf(why, whylen, "a call cast to a struct or a long double is not "
                                      "supported");
                pc->fail = -ERR_UNSUPPORTED;
                goto out;
        }
        c->ic.scratch += sizeof(c->lits);
        if (ptrace_getregs(p->pid, &regs) < 0)
                goto out;
        c->scratch = infcall_scratch(regs.rsp, c->ic.scratch) + (c->ic.scratch - sizeof(c->lits));
        for (size_t k = 0; k < nargs; k++) {
                const char *no = call_arg(oc, c, &args[k], k < nparams ? pts[k] : NULL, rwhy,
                                          sizeof(rwhy));

                if (no) {
                        snprintf(why, whylen, "argument %zu of '%s': %s", k + 1, fname, no);
                        pc->fail = -ERR_UNSUPPORTED;
                        goto out;
                }
        }
        if (c->lit && tracee_mem_store(p->pid, c->scratch, c->lits, c->lit) != (ssize_t)c->lit) {
                snprintf(why, whylen, "the stack cannot be written for the string literals");
                goto out;
        }
        c->ic.tid = p->pid;
        c->ic.func = addr;
        c->ic.set_al = !have_fn || !prototyped || variadic;
        c->ic.timeout_ms = pc->timeout_ms;
        c->ic.break_at = pc->break_at;
        c->ic.ctx = pc->ctx;
        pc->ran = true;
        r = infcall_run(&c->ic, &res, why, whylen);
        if (r < 0) {
                pc->fail = r == -ERR_STATE || r == -ERR_GONE ? r : -ERR_SYSTEM;
                if (r != -ERR_STATE && r != -ERR_GONE && !why[0])
                        snprintf(why, whylen, "the call failed: %s", strerror(-r));
                r = -1;
                goto out;
        }
        r = -1;
        if (!have_ret && !cast) { /* void: gdb's call prints nothing */
                *ret = (struct cnum){ .size = 0 };
                pc->void_result = true;
                r = 0;
                goto out;
        }
        if (!have_ret) { /* the cast's type, from the registers */
                *ret = *cast;
                if (cast->is_float && cast->size == 4) {
                        float f;

                        memcpy(&f, res.regs.xmm0, 4);
                        ret->f = f;
                } else if (cast->is_float) {
                        double d;

                        memcpy(&d, res.regs.xmm0, 8);
                        ret->f = d;
                } else {
                        ret->i = res.regs.rax;
                        if (!cast->ptr && cast->size < 8) {
                                uint64_t mask = (UINT64_C(1) << (8 * cast->size)) - 1;

                                ret->i &= mask;
                                if (!cast->is_unsigned && (ret->i >> (8 * cast->size - 1)) & 1)
                                        ret->i |= ~mask;
                        }
                }
                ret->lval = false;
                r = 0;
                goto out;
        }
        if (!ret_value_bytes(rt, &res.regs, &proc, bytes)) {
                snprintf(why, whylen, "the value '%s' returned cannot be read", fname);
                goto out;
        }
        if (rt->cls == RET_STRUCT || rt->cls >= RET_STD_STRING) {
                /* in the reserved stack, where print reads it (a struct in memory is
                 * there already) */
                if (tracee_mem_store(p->pid, res.scratch, bytes, rt->size) != (ssize_t)rt->size)
                        goto out;
                *ret = (struct cnum){ .object = true, .addr = res.scratch, .size = rt->size,
                                      .type = th_make(&rdie, 0) };
        } else if (rt->cls == RET_POINTER || rt->cls == RET_STRING) {
                uint64_t v;

                memcpy(&v, bytes, 8);
                *ret = (struct cnum){ .ptr = 'p', .size = 8, .i = v, .type = th_make(&rdie, 0),
                                      .elem = pointee_size(&rdie, 0, 0) };
        } else if (rt->cls == RET_LONG_DOUBLE) {
                long double ld = 0;

                memcpy(&ld, bytes, 10);
                *ret = (struct cnum){ .is_float = true, .size = 16, .f = ld,
                                      .type = th_make(&rdie, 0) };
        } else if (cnum_of(rt, bytes, ret)) {
                ret->type = th_make(&rdie, 0);
        } else {
                snprintf(why, whylen, "'%s' returns %s, which print's calls do not support",
                         fname, rt->name ? rt->name : "?");
                pc->fail = -ERR_UNSUPPORTED;
                goto out;
        }
        r = 0;
out:
        for (size_t k = 0; k < CEXPR_CALL_ARGS; k++)
                ret_type_free(pts[k]);
        ret_type_free(rt);
        free(c);
        return r;
}

/* print of a string literal: {name, type "char [4]", value "\"abc\""}, as gdb's. */
static int literal_print(const struct cnum *v, const char *expr, char fmt,
                         const struct ret_process *proc, json_t **ret)
{
        struct ret_type ch = { .cls = RET_CHAR_SIGNED, .size = 1, .name = "char" };
        struct ret_member m = { .type = &ch };
        struct ret_type arr = { .cls = RET_ARRAY, .size = v->size, .members = &m,
                                .n_members = 1 };
        char *buf = malloc(v->size), *text = NULL, type[32];

        if (buf) {
                cexpr_string(v, buf, v->size);
                text = ret_format_as(&arr, (const uint8_t *)buf, NULL, true, fmt, proc);
        }
        free(buf);
        snprintf(type, sizeof(type), "char [%u]", v->size);
        *ret = text ? json_pack("{s:s,s:s,s:s,s:s}", "name", expr, "type", type, "value", text,
                                "scope", "expression")
                    : NULL;
        free(text);
        return *ret ? 0 : -ENOMEM;
}

/* print of an expression with C's operators (cexpr.h), or of a register alone:
 * {name, type, value}. */
static int print_arith(struct program *p, const struct frame_info *info, size_t n,
                       size_t frame, const char *expr, char fmt, json_t **ret)
{
        struct ret_process proc = { vars_read, vars_symbol, p, vars_static };
        struct ret_type rt = { .name = "" };
        struct reg_desc reg = { 0 };
        struct operand_ctx oc;
        struct vars_ctx vc;
        int r;
        const char *type;
        struct cnum v;
        char why[256], flags[128];
        uint8_t b[32];
        char *text;
        struct ret_type part = { .name = "", .cls = RET_FLOAT };
        struct ret_member parts[1] = { { .type = &part } };

        if (frame >= n)
                return -ERANGE;
        operand_setup(p, info, n, frame, &vc, &oc);
        if (!cexpr_is_arith(expr)) { /* a register alone, typed as gdb types it */
                const char *at = expr + strspn(expr, " \t");
                size_t len = strcspn(at, " \t");
                char name[32];

                if (at[0] != '$' || len >= sizeof(name)) {
                        *ret = json_string("not a register's name");
                        return -EINVAL;
                }
                memcpy(name, at + 1, len - 1);
                name[len - 1] = 0;
                why[0] = 0;
                r = reg_operand(p, info, frame, name, &v, &reg, why, sizeof(why)) < 0 ? -1 : 0;
        } else {
                struct cexpr_host host = { .operand = arith_operand, .op = arith_op,
                                  .read = arith_read, .call = arith_call,
                                  .call_value = arith_call_value,
                                  .call_method = arith_call_method };

                r = cexpr_eval_host(expr, oc.cxx, &host, &oc, &v, why, sizeof(why));
        }
        if (r < 0 && p->calls && p->calls->fail) { /* a call's: a JSON-RPC error */
                *ret = json_string(why);
                return p->calls->fail;
        }
        if (r == 0 && p->calls && p->calls->void_result && !v.size && !v.object) {
                /* a call of a void function alone: gdb's `print` says void, `call`
                 * nothing (the client's) */
                *ret = json_pack("{s:s,s:s,s:s,s:s}", "name", expr, "type", "void", "value",
                                 "void", "scope", "expression");
                return *ret ? 0 : -ENOMEM;
        }
        if (r == -2) { /* not an expression: program_vars' -EINVAL, with why */
                *ret = json_string(why);
                return -EINVAL;
        }
        if (r < 0) {
                *ret = json_pack("{s:s,s:s}", "name", expr, "error", why);
                return *ret ? 0 : -ENOMEM;
        }
        if (v.type.unit) /* of the program's types: printed as its variables are */
                return typed_print(&oc, &v, expr, fmt, ret);
        if (v.str)
                return literal_print(&v, expr, fmt, &proc, ret);
        rt.size = v.size;
        rt.cls = v.ptr          ? RET_POINTER
                 : v.is_float   ? RET_FLOAT
                 : v.is_bool    ? RET_BOOL
                 : v.size == 1 && !reg.type ? (v.is_unsigned ? RET_CHAR_UNSIGNED
                                                             : RET_CHAR_SIGNED)
                 : v.is_unsigned ? RET_UNSIGNED
                                 : RET_SIGNED;
        type = reg.type ? reg.type : cexpr_type_name(&v);
        if (v.ptr) { /* (void *) 0x7ffe..., (void (*)()) 0x401136 <main+4> */
                rt.name = (char *)type;
                rt.cast = (char *)type;
        }
        memset(b, 0, sizeof(b));
        if (v.is_complex || (v.size == 16 && !v.is_float)) {
                if (v.is_complex) { /* 1.5 + -2i */
                        part.size = v.size;
                        part.cls = v.size == 16 ? RET_LONG_DOUBLE : RET_FLOAT;
                        rt.cls = RET_COMPLEX;
                        rt.size = 2 * v.size;
                        rt.members = parts;
                        rt.n_members = 1;
                }
                cnum_wide_bytes(&v, b);
        } else if (v.is_float && v.size == 16) { /* (long double)d */
                long double ld = v.f;

                memcpy(b, &ld, 10);
                rt.cls = RET_LONG_DOUBLE;
        } else if (v.is_float && v.size == 4) {
                float f = (float)v.f;

                memcpy(b, &f, 4);
        } else if (v.is_float) {
                double f = (double)v.f;

                memcpy(b, &f, 8);
        } else {
                memcpy(b, &v.i, 8);
        }
        if (reg.kind == 'e' && !fmt) {
                eflags_text(v.i, flags, sizeof(flags));
                text = strdup(flags);
        } else {
                text = ret_format_as(&rt, b, NULL, true, fmt, &proc);
        }
        *ret = json_pack("{s:s,s:s,s:s,s:s}", "name", expr, "type", type,
                         "value", text ? text : "?", "scope", reg.type ? "register"
                                                                       : "expression");
        free(text);
        return *ret ? 0 : -ENOMEM;
}

/* print's error for a value whose memory cannot be read, in gdb's words, with the
 * address of the value, as gdb reads it whole ("Cannot access memory at address 0x1");
 * locals keep dbgd's shorter words beside each name. */
static void memory_error_as_gdb(json_t *o)
{
        const char *err = json_string_value(json_object_get(o, "error"));
        const char *addr = json_string_value(json_object_get(o, "address"));
        char buf[96];

        if (!err || !addr || strcmp(err, "its memory cannot be read"))
                return;
        snprintf(buf, sizeof(buf), "Cannot access memory at address %s", addr);
        json_object_set_new(o, "error", json_string(buf));
}

/* Is there a namespace of qualified name ns[0..len) in a C++ unit of the module? */
static bool namespace_in(Dwarf_Die *scope, const char *ns, size_t len, int depth)
{
        const char *sep = memmem(ns, len, "::", 2);
        size_t first = sep ? (size_t)(sep - ns) : len;
        Dwarf_Die child;

        if (depth > 8 || dwarf_child(scope, &child) != 0)
                return false;
        do {
                const char *n = dwarf_diename(&child);

                if (dwarf_tag(&child) != DW_TAG_namespace || !n || strlen(n) != first ||
                    strncmp(n, ns, first))
                        continue;
                if (!sep || namespace_in(&child, sep + 2, len - first - 2, depth + 1))
                        return true;
        } while (dwarf_siblingof(&child, &child) == 0);
        return false;
}

/* Why print of a qualified name found nothing, in gdb 13's words: "There is no field
 * named I1" when the scope is a class (an enumerator of a class's enum is no field to
 * gdb 13 either), `no constant named "x" in enum "Color"` for an enum, `No symbol "x"
 * in namespace "ns".` for a namespace. false when the scope is none of them. */
static bool qualified_missing(struct program *p, const struct frame_info *info, size_t n,
                              size_t frame, const char *name, char *why, size_t whylen)
{
        const char *last = NULL;
        struct operand_ctx oc;
        struct vars_ctx vc;
        struct cnum zero = { 0 }, ty;
        Dwarf_Die d, st;
        char rwhy[128];
        bool found = false;
        uint64_t fn;

        for (const char *c = name; (c = strstr(c, "::")); c += 2)
                last = c;
        if (!last || last == name || !last[2])
                return false;
        operand_setup(p, info, n, frame, &vc, &oc);
        if (arith_op(&oc, CEXPR_TYPE, &zero, name, (size_t)(last - name), &ty, rwhy,
                     sizeof(rwhy)) == 0 && th_die(&ty.type, &d) && type_strip(&d, &st, false)) {
                if (dwarf_tag(&st) == DW_TAG_enumeration_type) {
                        snprintf(why, whylen, "no constant named \"%s\" in enum \"%.*s\"",
                                 last + 2, (int)(last - name), name);
                        found = true;
                } else if (dwarf_tag(&st) == DW_TAG_structure_type ||
                           dwarf_tag(&st) == DW_TAG_class_type ||
                           dwarf_tag(&st) == DW_TAG_union_type) {
                        Dwarf_Die child;
                        bool has = false;

                        /* a member of that name print does not read (a method: K::twice)
                         * is not said to be missing */
                        if (dwarf_child(&st, &child) == 0) {
                                do {
                                        const char *cn = dwarf_diename(&child);

                                        has |= cn && dwarf_tag(&child) != DW_TAG_enumeration_type &&
                                               !strcmp(cn, last + 2);
                                } while (dwarf_siblingof(&child, &child) == 0);
                        }
                        if (!has) {
                                snprintf(why, whylen, "There is no field named %s", last + 2);
                                found = true;
                        }
                }
        } else if (oc.have_cu && is_cxx(&oc.cu) &&
                   namespace_in(&oc.cu, name, (size_t)(last - name), 0) &&
                   cxx_places(p, name, &fn, 0, 1, false) == 0) { /* no function either */
                snprintf(why, whylen, "No symbol \"%s\" in namespace \"%.*s\".", last + 2,
                         (int)(last - name), name);
                found = true;
        }
        if (oc.vc)
                vars_unmake(oc.vc);
        return found;
}

int program_vars(struct program *p, size_t frame, const char *expr, char fmt, json_t **ret)
{
        struct frame_info *info = NULL;
        json_t *frames = NULL, *err = NULL;
        struct program_bt bt;
        struct var_expr ex;
        bool arith = expr && (cexpr_is_arith(expr) || expr[strspn(expr, " \t")] == '$');
        int r;

        if (expr && !arith && !expr_parse(expr, &ex))
                return -EINVAL;
        r = unwind_walk(p, p->pid, 0, frame + 1 + INLINE_MAX, 0, &bt, &info);
        if (r < 0)
                return r;
        frames = bt.frames;
        err = bt.error;
        if (arith)
                r = print_arith(p, info, json_array_size(frames), frame, expr, fmt, ret);
        else
                r = frame_vars(p, info, json_array_size(frames), frame, expr ? &ex : NULL, fmt,
                               NULL, ret);
        if (r == 0 && expr)
                memory_error_as_gdb(*ret);
        if (r == -ERR_NO_SYMBOL && expr && !arith && !ex.stars && !ex.amp && !ex.path[0]) {
                char why[256];

                if (qualified_missing(p, info, json_array_size(frames), frame, ex.ident, why,
                                      sizeof(why))) {
                        json_decref(*ret);
                        *ret = json_string(why);
                }
        }
        json_decref(frames);
        json_decref(err);
        free(info);
        return r;
}

/* Frame 0 of thread tid without a walk, which costs libdwfl a read of the maps and an
 * attach (ten times the rest of a condition's hit): its registers r (at a hit: with
 * the pc on the breakpoint, not past its int3), the xmm ones from ptrace, and its CFA,
 * where DW_OP_call_frame_cfa finds it, from the CFI at its pc when that is a register
 * plus an offset (what compilers write). */
static void frame0_info(struct program *p, pid_t tid, const struct user_regs_struct *r,
                        struct frame_info *fi)
{
        struct user_fpregs_struct fp;
        struct module *m;
        Dwfl_Module *dm;

        *fi = (struct frame_info){ .look = r->rip };
        for (unsigned k = 0; k < 17; k++) {
                memcpy(&fi->regs.regs[k], (const char *)r + dw_user_off[k], 8);
                fi->regs.known |= UINT64_C(1) << k;
        }
        if (ptrace_getfpregs(tid, &fp) == 0) {
                for (unsigned x = 0; x < 16; x++) {
                        memcpy(&fi->regs.regs[DW_REG_XMM0 + x], &fp.xmm_space[4 * x], 8);
                        fi->regs.known |= UINT64_C(1) << (DW_REG_XMM0 + x);
                }
        }
        m = module_at(p, r->rip);
        dm = m ? module_dwfl(m) : NULL;
        for (int k = 0; dm && k < 2 && !fi->regs.have_cfa; k++) {
                Dwarf_Addr bias;
                Dwarf_CFI *cfi = k == 0 ? dwfl_module_eh_cfi(dm, &bias)
                                        : dwfl_module_dwarf_cfi(dm, &bias);
                Dwarf_Frame *fr;
                int64_t off;
                int reg;

                if (!cfi || dwarf_cfi_addrframe(cfi, r->rip - m->bias - bias, &fr) != 0)
                        continue;
                if (cfa_reg_offset(fr, &reg, &off)) {
                        fi->regs.cfa = fi->regs.regs[reg] + (uint64_t)off;
                        fi->regs.have_cfa = true;
                }
                free(fr);
        }
}

/* A breakpoint's condition in the program's terms, at a hit of thread tid: frame 0, its
 * innermost block (an inlined function's, at its code: where gdb binds a condition),
 * evaluated as print evaluates an expression. */
int program_cond(struct program *p, pid_t tid, const struct user_regs_struct *regs,
                 const char *expr, char *why, size_t whylen)
{
        struct cexpr_host host = { .operand = arith_operand, .op = arith_op,
                                  .read = arith_read };
        struct frame_info fi;
        struct operand_ctx oc;
        struct vars_ctx vc;
        pid_t was = p->pid;
        struct cnum v;
        int r;

        p->pid = tid; /* memory and registers through the thread that hit it */
        frame0_info(p, tid, regs, &fi);
        operand_setup(p, &fi, 1, 0, &vc, &oc);
        r = cexpr_eval_host(expr, oc.cxx, &host, &oc, &v, why, whylen);
        if (r == 0 && (v.object || v.str)) {
                snprintf(why, whylen, "the condition is a %s, not a number or a pointer",
                         v.str ? "string literal" : "struct, union or array");
                r = -1;
        }
        if (r == 0)
                r = v.is_float ? v.f != 0 : v.i != 0;
        p->pid = was;
        return r;
}

/* cexpr's name hook for program_cond_check: is the variable an operand names (its path
 * left to the hits) one the frame sees? Registers ($rdi) are always there. */
static int known_operand(void *ctx, const char *text, size_t len, char *why, size_t whylen)
{
        struct operand_ctx *oc = ctx;
        char buf[sizeof(((struct var_expr *)0)->text)];
        struct var_expr ex;
        json_t *v = NULL;

        if (len >= sizeof(buf) || text[0] == '$')
                return 0;
        memcpy(buf, text, len);
        buf[len] = 0;
        if (!expr_parse(buf, &ex))
                return 0; /* the evaluation says what it is */
        if (frame_vars(oc->p, oc->info, oc->n, oc->frame, &ex, 0, NULL, &v) < 0) {
                snprintf(why, whylen, "no variable \"%s\" in the frame, its file or the "
                                      "program's globals", ex.ident);
                oc->unknown_name = true;
                return -1;
        }
        oc->known_name = true;
        json_decref(v);
        return 0;
}

/* Does expr name only variables that code at addr sees (gdb checks a condition in the
 * breakpoint's scope when it is set)? Evaluated in a frame made up for addr, with no
 * register known: its values cannot be read, but its names are looked up as at a hit.
 * Returns 0, -2 when it is no expression, -ERR_NO_SYMBOL when a name is unknown there;
 * why says which. *ret_var (if not NULL): whether a name is a variable there. */
int program_cond_check(struct program *p, uint64_t addr, const char *expr, char *why,
                       size_t whylen, bool *ret_var)
{
        struct frame_info fi = { .look = addr };
        struct cexpr_host host = { .operand = arith_operand, .op = arith_op,
                                  .name = known_operand, .read = arith_read };
        struct operand_ctx oc;
        struct vars_ctx vc;
        struct cnum v;
        int r;

        fi.regs.regs[16] = addr; /* DWARF's register 16: the return address, rip */
        fi.regs.known = UINT64_C(1) << 16;
        r = ensure(p, true);
        if (r < 0)
                return 0; /* nothing to look in: the hits will say */
        operand_setup(p, &fi, 1, 0, &vc, &oc);
        /* the text first (its syntax error is what to say; a cast to a type the program
         * has not fails its parsing pass: gdb's "No struct type named x."), then its
         * names */
        host.name = NULL;
        r = cexpr_eval_host(expr, oc.cxx, &host, &oc, &v, why, whylen);
        if (r == -2)
                return -2;
        if (r == -1 && oc.unknown_type && strncmp(why, "no type ", 8) == 0)
                return -ERR_NO_SYMBOL;
        host.name = known_operand;
        cexpr_eval_host(expr, oc.cxx, &host, &oc, &v, why, whylen);
        if (ret_var)
                *ret_var = oc.known_name;
        return oc.unknown_name ? -ERR_NO_SYMBOL : 0;
}

/* gdb's `bt full` for a crash report: the variables of the first frames that have
 * DWARF, [{frame, function, args, locals}]. NULL when none has. */
static json_t *frames_vars(struct program *p, pid_t tid, size_t max_frames)
{
        struct frame_info *info = NULL;
        json_t *frames = NULL, *err = NULL, *list = json_array();
        struct program_bt bt;
        pid_t was = p->pid;
        size_t n;

        p->pid = tid; /* memory and registers through the thread that crashed */
        if (!list || unwind_walk(p, tid, 0, max_frames + INLINE_MAX, 0, &bt, &info) < 0) {
                p->pid = was;
                json_decref(list);
                return NULL;
        }
        frames = bt.frames;
        err = bt.error;
        n = json_array_size(frames);
        for (size_t f = 0; f < n && f < max_frames; f++) {
                json_t *one;

                if (frame_vars(p, info, n, f, NULL, 0, NULL, &one) == 0)
                        json_array_append_new(list, one);
        }
        p->pid = was;
        json_decref(frames);
        json_decref(err);
        free(info);
        if (!json_array_size(list)) {
                json_decref(list);
                return NULL;
        }
        return list;
}

/* ---- ptype and whatis: gdb's text of a type (m_ptype.c) --------------------------- */

static void ptype_agg(FILE *f, Dwarf_Die *agg, bool cxx, int indent, int show);

/* Declare name (may be "") of type t as gdb's ptype shows a member: "char name[8]",
 * "struct node *next", "int (*fp)(int, int)", base types by gdb's names ("short",
 * "unsigned long"); an anonymous struct or union's body is shown in place while show
 * (gdb's: 1 at the top, one less a level in) is 0 or more, as gdb's. */
static void ptype_decl(FILE *f, Dwarf_Die *t, bool cxx, const char *name, int indent, int show)
{
        Dwarf_Die s;
        char *text, *at;

        if (t && type_strip(t, &s, true) && !dwarf_diename(&s) &&
            (dwarf_tag(&s) == DW_TAG_structure_type || dwarf_tag(&s) == DW_TAG_union_type ||
             dwarf_tag(&s) == DW_TAG_class_type || dwarf_tag(&s) == DW_TAG_enumeration_type) &&
            show >= 0) {
                ptype_agg(f, &s, cxx, indent, show);
                fprintf(f, "%s%s", *name ? " " : "", name);
                return;
        }
        text = type_spell_dup(t, cxx);
        if (!text) {
                fprintf(f, "? %s", name);
                return;
        }
        cxx_canon(text);
        if (!*name) {
                fputs(text, f);
        } else if ((at = strstr(text, "(*")) || (at = strstr(text, "(&"))) {
                /* a pointer to a function or an array: the name inside the parens */
                char *close = strchr(at, ')');

                if (close)
                        fprintf(f, "%.*s%s%s", (int)(close - text), text, name, close);
                else
                        fprintf(f, "%s %s", text, name);
        } else if ((at = strstr(text, " ["))) {
                fprintf(f, "%.*s %s%s", (int)(at - text), text, name, at + 1);
        } else if (text[0] && strchr("*&", text[strlen(text) - 1])) {
                fprintf(f, "%s%s", text, name);
        } else {
                fprintf(f, "%s %s", text, name);
        }
        free(text);
}

/* An enum's body as gdb's: "enum color {RED, GREEN = 5, BLUE}" (a value said when it
 * is not the one after the previous). */
static void ptype_enum(FILE *f, Dwarf_Die *e, bool cxx)
{
        const char *name = dwarf_diename(e);
        bool scoped = cxx && dwarf_hasattr(e, DW_AT_enum_class);
        Dwarf_Die child, under;
        char scope[256] = "";
        int64_t next = 0;
        bool any = false;

        if (cxx)
                cxx_scope(e, scope, sizeof(scope));
        fprintf(f, "enum %s%s%s%s", scoped ? "class " : "", scope, name ? name : "",
                name ? " " : "");
        /* C++: the underlying type when DWARF names one, as gdb ("too much rather than
         * too little") */
        if (cxx && type_of(e, &under)) {
                char *u = type_spell_dup(&under, cxx);

                if (u) {
                        cxx_canon(u);
                        fprintf(f, ": %s ", u);
                        free(u);
                }
        }
        fputc('{', f);
        if (dwarf_child(e, &child) == 0) {
                do {
                        Dwarf_Attribute a;
                        Dwarf_Sword v = 0;

                        if (dwarf_tag(&child) != DW_TAG_enumerator)
                                continue;
                        dwarf_formsdata(dwarf_attr(&child, DW_AT_const_value, &a), &v);
                        /* an enum class's enumerators by qualified name, as gdb's */
                        fprintf(f, "%s%s%s%s%s", any ? ", " : "", scoped ? scope : "",
                                scoped && name ? name : "", scoped && name ? "::" : "",
                                dwarf_diename(&child));
                        if (v != next)
                                fprintf(f, " = %lld", (long long)v);
                        next = v + 1;
                        any = true;
                } while (dwarf_siblingof(&child, &child) == 0);
        }
        fputc('}', f);
}

/* C++ access: 1 public, 2 protected, 3 private; DWARF's default when the DIE does not
 * say (a class's members private, a struct's public); an artificial data member (the
 * vtable pointer) private, as gdb's reader makes it. */
static int ptype_access(Dwarf_Die *d, bool is_class)
{
        Dwarf_Attribute a;
        Dwarf_Word acc;

        if (dwarf_formudata(dwarf_attr(d, DW_AT_accessibility, &a), &acc) == 0)
                return (int)acc;
        if (dwarf_tag(d) == DW_TAG_member && dwarf_hasattr(d, DW_AT_artificial))
                return DW_ACCESS_private;
        return is_class ? DW_ACCESS_private : DW_ACCESS_public;
}

static bool ptype_is_field(Dwarf_Die *d)
{
        return dwarf_tag(d) == DW_TAG_member || dwarf_tag(d) == DW_TAG_variable;
}

/* gdb's need_access_label_p: a class with a member that is not private, a struct with
 * one that is not public, needs labels before its fields. */
static bool ptype_need_labels(Dwarf_Die *agg, bool is_class)
{
        Dwarf_Die c;

        if (dwarf_child(agg, &c) != 0)
                return false;
        do {
                if (!ptype_is_field(&c) && dwarf_tag(&c) != DW_TAG_subprogram)
                        continue;
                if (is_class ? ptype_access(&c, true) != DW_ACCESS_private
                             : ptype_access(&c, false) != DW_ACCESS_public)
                        return true;
        } while (dwarf_siblingof(&c, &c) == 0);
        return false;
}

/* gdb's output_access_specifier: the label when the section changes. */
static int ptype_label(FILE *f, int section, int acc, int indent)
{
        static const char *const words[] = { "", "public", "protected", "private" };

        if (acc != section && acc >= 1 && acc <= 3)
                fprintf(f, "%*s%s:\n", indent + 2, "", words[acc]);
        return acc;
}

/* A method as gdb's ptype shows it: "virtual int f(void) const", "~Base(void)",
 * "static int count(void)", the parameters without this. */
static void ptype_method(FILE *f, Dwarf_Die *m, const char *cls)
{
        const char *name = dwarf_diename(m);
        Dwarf_Die c, t, pt;
        bool is_static = !dwarf_hasattr(m, DW_AT_object_pointer), any = false;
        bool is_const = false;

        if (dwarf_hasattr(m, DW_AT_virtuality) && name[0] != '~') /* (gdb's: not said) */
                fputs("virtual ", f);
        else if (is_static)
                fputs("static ", f);
        if (name[0] != '~' && !(cls && !strcmp(name, cls))) {
                char *rt = type_spell_dup(type_of(m, &t) ? &t : NULL, true);

                if (rt) {
                        cxx_canon(rt);
                        fprintf(f, "%s ", rt);
                        free(rt);
                }
        }
        fprintf(f, "%s(", name);
        if (dwarf_child(m, &c) == 0) {
                do {
                        if (dwarf_tag(&c) == DW_TAG_unspecified_parameters) {
                                fprintf(f, "%s...", any ? ", " : "");
                                any = true;
                                continue;
                        }
                        if (dwarf_tag(&c) != DW_TAG_formal_parameter)
                                continue;
                        if (dwarf_hasattr(&c, DW_AT_artificial)) { /* this: const T *? */
                                if (type_of(&c, &t) && type_of(&t, &pt) &&
                                    dwarf_tag(&pt) == DW_TAG_const_type)
                                        is_const = true;
                                continue;
                        }
                        char *ps = type_spell_dup(type_of(&c, &t) ? &t : NULL, true);

                        if (ps) {
                                cxx_canon(ps);
                                fprintf(f, "%s%s", any ? ", " : "", ps);
                                free(ps);
                        }
                        any = true;
                } while (dwarf_siblingof(&c, &c) == 0);
        }
        fprintf(f, "%s)%s", any ? "" : "void", is_const ? " const" : "");
}

/* A C++ class's (struct's) body as gdb's ptype: its bases after the name
 * (" : public Base, public virtual VA"), the data members (static ones too) under
 * access labels when gdb's need_access_label_p says so, a blank line, the methods
 * (not the compiler's artificial ones), each under its label when it changes;
 * "<no data fields>" when there is nothing to show. */
static void ptype_class(FILE *f, Dwarf_Die *agg, int indent, int show)
{
        int tag = dwarf_tag(agg), section = 0;
        bool is_class = tag == DW_TAG_class_type, labels = ptype_need_labels(agg, is_class);
        const char *name = dwarf_diename(agg);
        bool any_base = false, any = false;
        char scope[256] = "";
        Dwarf_Die c, t;

        cxx_scope(agg, scope, sizeof(scope));
        fprintf(f, "%s%s%s", tag == DW_TAG_union_type ? "union " : is_class ? "class " :
                                                                      "struct ",
                name ? scope : "", name ? name : "");
        if (dwarf_child(agg, &c) == 0) {
                do {
                        static const char *const words[] = { "", "public", "protected",
                                                             "private" };
                        int acc;
                        char *bn;

                        if (dwarf_tag(&c) != DW_TAG_inheritance || !type_of(&c, &t))
                                continue;
                        acc = ptype_access(&c, is_class);
                        bn = type_spell_dup(&t, true);
                        fprintf(f, "%s%s %s%s", any_base ? ", " : " : ", words[acc & 3],
                                dwarf_hasattr(&c, DW_AT_virtuality) ? "virtual " : "",
                                bn ? bn : "?");
                        free(bn);
                        any_base = true;
                } while (dwarf_siblingof(&c, &c) == 0);
        }
        fprintf(f, "%s{\n", name ? " " : "");
        if (show > -8 && dwarf_child(agg, &c) == 0) {
                do {
                        Dwarf_Attribute a;
                        Dwarf_Word bits;
                        const char *mn = dwarf_diename(&c);
                        bool is_static = dwarf_tag(&c) == DW_TAG_variable ||
                                         dwarf_hasattr(&c, DW_AT_external) ||
                                         (dwarf_tag(&c) == DW_TAG_member &&
                                          dwarf_hasattr(&c, DW_AT_declaration));

                        if (!ptype_is_field(&c) || dwarf_hasattr(&c, DW_AT_artificial))
                                continue;
                        if (labels)
                                section = ptype_label(f, section,
                                                      ptype_access(&c, is_class), indent);
                        fprintf(f, "%*s%s", indent + 4, "", is_static ? "static " : "");
                        ptype_decl(f, type_of(&c, &t) ? &t : NULL, true, mn ? mn : "",
                                   indent + 4, show - 1);
                        if (dwarf_formudata(dwarf_attr(&c, DW_AT_bit_size, &a), &bits) == 0)
                                fprintf(f, " : %llu", (unsigned long long)bits);
                        fputs(";\n", f);
                        any = true;
                } while (dwarf_siblingof(&c, &c) == 0);
        }
        if (show > -8 && dwarf_child(agg, &c) == 0) {
                bool first = true;

                do {
                        if (dwarf_tag(&c) != DW_TAG_subprogram ||
                            dwarf_hasattr(&c, DW_AT_artificial) || !dwarf_diename(&c))
                                continue;
                        if (first && section)
                                fputc('\n', f);
                        first = false;
                        section = ptype_label(f, section, ptype_access(&c, is_class),
                                              indent);
                        fprintf(f, "%*s", indent + 4, "");
                        ptype_method(f, &c, name);
                        fputs(";\n", f);
                        any = true;
                } while (dwarf_siblingof(&c, &c) == 0);
        }
        if (!any)
                fprintf(f, "%*s<no data fields>\n", indent + 4, "");
        fprintf(f, "%*s}", indent, "");
}

/* A struct or union (C) body as gdb's ptype: "struct node {", a member a line at
 * indent + 4 (shown with show - 1), "}" at indent (no newline after). */
static void ptype_agg(FILE *f, Dwarf_Die *agg, bool cxx, int indent, int show)
{
        int tag = dwarf_tag(agg);
        const char *name = dwarf_diename(agg);
        Dwarf_Die child;

        if (tag == DW_TAG_enumeration_type) {
                ptype_enum(f, agg, cxx);
                return;
        }
        if (cxx) {
                ptype_class(f, agg, indent, show);
                return;
        }
        fprintf(f, "%s%s%s{\n", tag == DW_TAG_union_type ? "union " :
                                tag == DW_TAG_class_type ? "class " : "struct ",
                name ? name : "", name ? " " : "");
        if (show > -8 && dwarf_child(agg, &child) == 0) {
                do {
                        Dwarf_Die mt;
                        Dwarf_Attribute a;
                        Dwarf_Word bits;
                        const char *mn = dwarf_diename(&child);

                        if (dwarf_tag(&child) != DW_TAG_member)
                                continue;
                        fprintf(f, "%*s", indent + 4, "");
                        ptype_decl(f, type_of(&child, &mt) ? &mt : NULL, cxx, mn ? mn : "",
                                   indent + 4, show - 1);
                        if (dwarf_formudata(dwarf_attr(&child, DW_AT_bit_size, &a), &bits) == 0)
                                fprintf(f, " : %llu", (unsigned long long)bits);
                        fputs(";\n", f);
                } while (dwarf_siblingof(&child, &child) == 0);
        }
        fprintf(f, "%*s}", indent, "");
}

static const char *const ptype_aliases[][2] = {
        { "long", "long int" }, { "unsigned long", "long unsigned int" },
        { "unsigned", "unsigned int" }, { "short", "short int" },
        { "unsigned short", "short unsigned int" }, { "long long", "long long int" },
        { "unsigned long long", "long long unsigned int" }, { "signed", "int" },
        { "signed int", "int" }, { "long unsigned", "long unsigned int" },
};

/* The type spec names ("struct node *", "vec", "int [3]", "int (*)(int, int)"): its
 * base type found in the program, and the declarator after it. */
static bool ptype_split(struct operand_ctx *oc, const char *spec, Dwarf_Die *ret_base,
                        char *quals, size_t qcap, const char **ret_rest)
{
        char base[256];
        size_t n = strcspn(spec, "*&[(");
        const char *b = spec;

        quals[0] = 0;
        while (!strncmp(b, "const ", 6) || !strncmp(b, "volatile ", 9)) {
                size_t k = b[0] == 'c' ? 6 : 9;

                if (strlen(quals) + k < qcap)
                        strncat(quals, b, k);
                b += k;
                n -= k;
        }
        while (n > 0 && b[n - 1] == ' ')
                n--;
        if (n == 0 || n >= sizeof(base))
                return false;
        memcpy(base, b, n);
        base[n] = 0;
        *ret_rest = b + n + strspn(b + n, " ");
        if (type_find(oc, base, ret_base))
                return true;
        /* C's other spellings of a base type, gdb's among them, for DWARF's (gcc's) */
        for (size_t i = 0; i < sizeof(ptype_aliases) / sizeof(ptype_aliases[0]); i++)
                if (!strcmp(base, ptype_aliases[i][0]))
                        return type_find(oc, ptype_aliases[i][1], ret_base);
        return false;
}

int program_ptype(struct program *p, size_t frame, const char *spec, bool whatis, json_t **ret)
{
        struct frame_info *info = NULL;
        struct program_bt bt;
        struct operand_ctx oc;
        struct vars_ctx vc;
        Dwarf_Die base, t;
        const char *rest;
        char quals[64], *text = NULL;
        size_t len = 0;
        FILE *f;
        int r;

        r = unwind_walk(p, p->pid, 0, frame + 1 + INLINE_MAX, 0, &bt, &info);
        if (r < 0)
                return r;
        operand_setup(p, info, json_array_size(bt.frames), frame, &vc, &oc);
        if (!ptype_split(&oc, spec, &base, quals, sizeof(quals), &rest)) {
                r = -ERR_NO_SYMBOL;
                goto out;
        }
        f = open_memstream(&text, &len);
        if (!f) {
                r = -ENOMEM;
                goto out;
        }
        t = base;
        if (whatis) {
                /* gdb's whatis of a type name: one typedef unrolled, nothing expanded */
                char *one;

                if (dwarf_tag(&t) == DW_TAG_typedef && !*rest && type_of(&base, &t))
                        one = type_spell_dup(&t, oc.cxx);
                else
                        one = strdup(spec);
                if (one) { /* "long unsigned int" as gdb names it: "unsigned long" */
                        cxx_canon(one);
                        fputs(one, f);
                        free(one);
                }
        } else {
                /* gdb's ptype: typedefs at the top resolved, the struct, union or enum
                 * at the base of the declarator shown whole */
                while (dwarf_tag(&t) == DW_TAG_typedef && type_of(&t, &t))
                        ;
                fputs(quals, f);
                switch (dwarf_tag(&t)) {
                case DW_TAG_structure_type:
                case DW_TAG_class_type:
                case DW_TAG_union_type:
                case DW_TAG_enumeration_type:
                        ptype_agg(f, &t, oc.cxx, 0, 1);
                        break;
                default:
                        if (dwarf_tag(&t) == DW_TAG_typedef) /* void's */
                                fputs("void", f);
                        else
                                ptype_decl(f, &t, oc.cxx, "", 0, 1);
                }
                if (*rest)
                        fprintf(f, " %s", rest);
        }
        fclose(f);
        *ret = json_pack("{s:s, s:s}", "type", spec, "text", text ? text : "");
        r = *ret ? 0 : -ENOMEM;
out:
        free(text);
        json_decref(bt.frames);
        json_decref(bt.error);
        free(info);
        return r;
}
