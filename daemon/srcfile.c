/* srcfile.c — which source files a session may read, and reading them (the `source`
 * method, m_source.c). The rule: a file that the DWARF line tables of one of the
 * program's modules name. The names come from each ELF file's own libdwfl handle
 * (offline, local debug info only), read once per file for the daemon and kept in a small
 * cache keyed by device, inode, size and mtime, so a rebuilt program is read again.
 * Everything runs on the engine thread; nothing here touches the process. */
#include "srcfile.h"

#include "dwlocal.h"
#include "errors.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAX 32            /* ELF files whose names are kept */

/* One ELF file's source names: sorted, each once, with their normal forms (glibc's
 * debug info names some thousands of files: no allocation per name and call). */
struct names {
        struct names *next;
        dev_t dev;
        ino_t ino;
        off_t size;
        struct timespec mtime;
        char **v, **norm;
        size_t n;
        bool dwarf;             /* it has DWARF with line tables */
};

static struct names *cache;     /* most recently used first */

/* ---- matching ------------------------------------------------------------------------ */

/* path with "." and "x/.." components and repeated slashes taken out, lexically (no
 * symlink is followed: the debug info's spelling is what is compared), into a new
 * string. A ".." that has nothing before it to undo stays (at the root it goes: "/.."
 * is "/"). */
static char *normalise(const char *path)
{
        size_t len = strlen(path), o = 0;
        bool abs = path[0] == '/';
        char *out = malloc(len + 2);
        const char *s = path;

        if (!out)
                return NULL;
        if (abs)
                out[o++] = '/';
        while (*s) {
                const char *e = strchrnul(s, '/');
                size_t n = (size_t)(e - s);

                if (n == 0 || (n == 1 && s[0] == '.')) {
                        /* nothing */
                } else if (n == 2 && s[0] == '.' && s[1] == '.') {
                        /* undo the last component, unless it is a ".." itself */
                        size_t b = o;

                        while (b > (abs ? 1u : 0u) && out[b - 1] != '/')
                                b--;
                        if (o > (abs ? 1u : 0u) && !(o - b == 2 && out[b] == '.' &&
                                                     out[b + 1] == '.')) {
                                o = b > (abs ? 1u : 0u) ? b - 1 : b;
                        } else if (!abs) {
                                if (o)
                                        out[o++] = '/';
                                memcpy(out + o, "..", 2);
                                o += 2;
                        }
                } else {
                        if (o && out[o - 1] != '/')
                                out[o++] = '/';
                        memcpy(out + o, s, n);
                        o += n;
                }
                s = *e ? e + 1 : e;
        }
        out[o] = '\0';
        return out;
}

/* Is want path itself, or its last components (after a '/')? */
static bool suffix_is(const char *path, const char *want)
{
        size_t pl = strlen(path), wl = strlen(want);

        return wl > 0 && pl >= wl && strcmp(path + pl - wl, want) == 0 &&
               (pl == wl || path[pl - wl - 1] == '/');
}

/* srcfile_matches with path's and an absolute want's normal forms given (np, nw). */
static bool matches_norm(const char *path, const char *np, const char *want, const char *nw)
{
        if (!want[0])
                return false;
        if (want[0] == '/')
                return strcmp(np, nw) == 0;
        return suffix_is(path, want) || suffix_is(np, want);
}

bool srcfile_matches(const char *path, const char *want)
{
        char *np = normalise(path), *nw = normalise(want);
        bool r = np && nw && matches_norm(path, np, want, nw);

        free(np);
        free(nw);
        return r;
}

/* ---- the names of an ELF file's line tables -------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static void names_free(struct names *nm)
{
        if (!nm)
                return;
        for (size_t i = 0; i < nm->n; i++) {
                free(nm->v[i]);
                if (nm->norm)
                        free(nm->norm[i]);
        }
        free(nm->v);
        free(nm->norm);
        free(nm);
}

static bool names_add(struct names *nm, size_t *cap, const char *s)
{
        if (nm->n == *cap) {
                size_t c = *cap ? 2 * *cap : 64;
                char **v = realloc(nm->v, c * sizeof(*v));

                if (!v)
                        return false;
                nm->v = v;
                *cap = c;
        }
        nm->v[nm->n] = strdup(s);
        return nm->v[nm->n++] != NULL;
}

/* Every name of every unit's file table (libdw spells them with their directory, as
 * stops' `source.file` are), sorted and each once. */
static void names_read(struct names *nm, const char *path)
{
        Dwfl *dwfl = dwlocal_offline(); /* never a debuginfod server */
        Dwfl_Module *mod;
        Dwarf_Die *cu = NULL;
        Dwarf_Addr bias;
        size_t cap = 0, o = 0;

        if (!dwfl)
                return;
        mod = dwfl_report_offline(dwfl, "", path, -1);
        dwfl_report_end(dwfl, NULL, NULL);
        while (mod && (cu = dwfl_module_nextcu(mod, cu, &bias)) != NULL) {
                Dwarf_Files *files;
                size_t n;

                Dwarf_Attribute at;
                const char *dir;

                if (dwarf_getsrcfiles(cu, &files, &n) != 0)
                        continue;
                nm->dwarf = true;
                dir = dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &at));
                for (size_t i = 0; i < n; i++) {
                        const char *f = dwarf_filesrc(files, i, NULL, NULL);
                        char *joined = NULL;
                        bool ok;

                        /* libdw's placeholder for DWARF 4's unused entry 0 */
                        if (!f || strcmp(f, "???") == 0)
                                continue;
                        /* a name relative to the unit's directory (glibc's "../include/
                         * stdio.h", "./nptl/vars.c"), where gdb's fullname looks */
                        if (f[0] != '/' && dir && dir[0] == '/' &&
                            asprintf(&joined, "%s/%s", dir, f) < 0)
                                joined = NULL;
                        ok = names_add(nm, &cap, joined ? joined : f);
                        free(joined);
                        if (!ok)
                                goto out;
                }
        }
out:
        dwfl_end(dwfl);
        if (nm->n)
                qsort(nm->v, nm->n, sizeof(*nm->v), cmp_str);
        for (size_t i = 0; i < nm->n; i++) {
                if (o && strcmp(nm->v[o - 1], nm->v[i]) == 0)
                        free(nm->v[i]);
                else
                        nm->v[o++] = nm->v[i];
        }
        nm->n = o;
        nm->norm = calloc(o ? o : 1, sizeof(*nm->norm));
        for (size_t i = 0; nm->norm && i < o; i++) {
                if (!(nm->norm[i] = normalise(nm->v[i]))) {
                        for (size_t j = 0; j < i; j++)
                                free(nm->norm[j]);
                        free(nm->norm);
                        nm->norm = NULL;
                }
        }
        if (!nm->norm) { /* out of memory: as if it named nothing */
                for (size_t i = 0; i < o; i++)
                        free(nm->v[i]);
                nm->n = 0;
        }
}

/* The names of the ELF file at path, from the cache or read now; NULL when it cannot be
 * read (not there, out of memory). */
static struct names *names_of(const char *path)
{
        struct names **pp, *nm;
        struct stat st;
        size_t count = 0;

        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
                return NULL;
        for (pp = &cache; *pp; pp = &(*pp)->next, count++) {
                nm = *pp;
                if (nm->dev == st.st_dev && nm->ino == st.st_ino && nm->size == st.st_size &&
                    nm->mtime.tv_sec == st.st_mtim.tv_sec &&
                    nm->mtime.tv_nsec == st.st_mtim.tv_nsec) {
                        *pp = nm->next; /* to the front */
                        nm->next = cache;
                        cache = nm;
                        return nm;
                }
        }
        nm = calloc(1, sizeof(*nm));
        if (!nm)
                return NULL;
        *nm = (struct names){ .dev = st.st_dev, .ino = st.st_ino, .size = st.st_size,
                              .mtime = st.st_mtim };
        names_read(nm, path);
        nm->next = cache;
        cache = nm;
        if (count + 1 > CACHE_MAX) { /* drop the least recently used */
                for (pp = &cache; (*pp)->next; pp = &(*pp)->next)
                        ;
                names_free(*pp);
                *pp = NULL;
        }
        return nm;
}

int srcfile_find(const char *const *modules, size_t n, const char *want, char **ret_path,
                 bool *ret_dwarf)
{
        char *nw = want[0] == '/' ? normalise(want) : NULL;
        bool dwarf = false;

        if (want[0] == '/' && !nw)
                return -ENOMEM;
        /* Names with their directory first: a relative one cannot be read (its unit
         * says no absolute directory: Debian's glibc has "./csu"), an absolute one of a
         * later module can. */
        for (size_t k = 0; k < 2 * n; k++) {
                struct names *nm = names_of(modules[k % n]);

                if (!nm)
                        continue;
                dwarf = dwarf || nm->dwarf;
                for (size_t j = 0; j < nm->n; j++) {
                        if ((nm->v[j][0] == '/') != (k < n) ||
                            !matches_norm(nm->v[j], nm->norm[j], want, nw))
                                continue;
                        free(nw);
                        *ret_path = strdup(nm->v[j]);
                        if (ret_dwarf)
                                *ret_dwarf = true;
                        return *ret_path ? 0 : -ENOMEM;
                }
        }
        free(nw);
        if (ret_dwarf)
                *ret_dwarf = dwarf;
        return -ERR_NO_SYMBOL;
}

/* ---- reading a file ------------------------------------------------------------------ */

/* The length of the valid UTF-8 sequence at s (n bytes left), as jansson checks it (no
 * overlong forms, surrogates or code points above U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
        size_t len;
        uint32_t cp;

        if (s[0] < 0x80)
                return 1;
        if (s[0] >= 0xc2 && s[0] <= 0xdf)
                len = 2, cp = s[0] & 0x1f;
        else if (s[0] >= 0xe0 && s[0] <= 0xef)
                len = 3, cp = s[0] & 0x0f;
        else if (s[0] >= 0xf0 && s[0] <= 0xf4)
                len = 4, cp = s[0] & 0x07;
        else
                return 0;
        if (n < len)
                return 0;
        for (size_t i = 1; i < len; i++) {
                if ((s[i] & 0xc0) != 0x80)
                        return 0;
                cp = (cp << 6) | (s[i] & 0x3f);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
                return 0;
        return len;
}

/* A JSON string of the line's n bytes, each byte of no valid sequence as U+FFFD. */
static json_t *line_json(const char *s, size_t n)
{
        const unsigned char *u = (const unsigned char *)s;
        char *buf = malloc(3 * n + 1);
        size_t o = 0;
        json_t *j;

        if (!buf)
                return NULL;
        for (size_t i = 0; i < n;) {
                size_t l = utf8_len(u + i, n - i);

                if (l) {
                        memcpy(buf + o, s + i, l);
                        o += l;
                        i += l;
                } else {
                        memcpy(buf + o, "\xef\xbf\xbd", 3);
                        o += 3;
                        i++;
                }
        }
        j = json_stringn(buf, o);
        free(buf);
        return j;
}

static int read_all(const char *path, char **ret_buf, size_t *ret_len)
{
        struct stat st;
        size_t len = 0;
        char *buf = NULL;
        int fd, r = 0;

        /* O_NONBLOCK: a FIFO the debug info might name must not hang the loop in open */
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) != 0) {
                r = -errno;
                goto out;
        }
        if (!S_ISREG(st.st_mode)) {
                r = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
                goto out;
        }
        if ((uint64_t)st.st_size > SRCFILE_MAX_BYTES) {
                r = -EFBIG;
                goto out;
        }
        buf = malloc((size_t)st.st_size + 1);
        if (!buf) {
                r = -ENOMEM;
                goto out;
        }
        /* up to the size fstat said: a file that grows meanwhile is read as it was */
        while (len < (size_t)st.st_size) {
                ssize_t k = read(fd, buf + len, (size_t)st.st_size - len);

                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0) {
                        r = -errno;
                        goto out;
                }
                if (k == 0)
                        break;
                len += (size_t)k;
        }
        *ret_buf = buf;
        *ret_len = len;
        buf = NULL;
out:
        free(buf);
        close(fd);
        return r;
}

int srcfile_lines(const char *path, size_t first, size_t count, json_t **ret_lines,
                  size_t *ret_total, json_t **ret_cut)
{
        json_t *lines = NULL, *cut = NULL;
        size_t len = 0, total = 0;
        char *buf = NULL;
        int r;

        r = read_all(path, &buf, &len);
        if (r < 0)
                return r;
        lines = json_array();
        cut = json_array();
        if (!lines || !cut) {
                r = -ENOMEM;
                goto out;
        }
        for (size_t at = 0; at < len; total++) {
                const char *nl = memchr(buf + at, '\n', len - at);
                size_t end = nl ? (size_t)(nl - buf) : len, n = end - at;

                if (total + 1 >= first && total + 1 < first + count) {
                        json_t *s;

                        if (n && buf[at + n - 1] == '\r')
                                n--;
                        if (n > SRCFILE_MAX_LINE_BYTES) {
                                n = SRCFILE_MAX_LINE_BYTES;
                                json_array_append_new(cut, json_integer((json_int_t)total + 1));
                        }
                        s = line_json(buf + at, n);
                        if (!s || json_array_append_new(lines, s) != 0) {
                                r = -ENOMEM;
                                goto out;
                        }
                }
                at = end + 1;
        }
        if (first > (total ? total : 1)) {
                r = -ERANGE;
                *ret_total = total;
                goto out;
        }
        *ret_lines = lines;
        *ret_cut = cut;
        *ret_total = total;
        lines = cut = NULL;
out:
        json_decref(lines);
        json_decref(cut);
        free(buf);
        return r;
}
