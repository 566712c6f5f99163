/* srcfile.c — which source files a session may read, and reading them (the `source`
 * method, m_source.c). The rule: a file that the DWARF line tables of one of the
 * program's modules name. The names come from the caller (m_source.c takes them from
 * program.c's shared symbol files, where a session's lookups have opened the same debug
 * info already); here they are matched and the file read. Everything runs on the engine
 * thread; nothing here touches the process. */
#include "srcfile.h"

#include "errors.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* ---- finding a file ------------------------------------------------------------------ */

/* Does path hold a component that normalise would change ("." or "..", or an empty one
 * between two slashes)? Most names do not, and are matched as they are. */
static bool needs_normal_form(const char *path)
{
        for (const char *s = path; (s = strchr(s, '/')) != NULL; s++) {
                const char *c = s + 1;

                if (c[0] == '/' || (c[0] == '.' && (c[1] == '/' || c[1] == '\0')) ||
                    (c[0] == '.' && c[1] == '.' && (c[2] == '/' || c[2] == '\0')))
                        return true;
        }
        return strncmp(path, "./", 2) == 0 || strncmp(path, "../", 3) == 0;
}

/* srcfile_matches, with the want's normal form given (nw, for an absolute want). */
static bool matches_want(const char *path, const char *want, const char *nw, bool *oom)
{
        char *np;
        bool r;

        if (!needs_normal_form(path))
                return matches_norm(path, path, want, nw);
        np = normalise(path);
        if (!np) {
                *oom = true;
                return false;
        }
        r = matches_norm(path, np, want, nw);
        free(np);
        return r;
}

int srcfile_find(const char *const *modules, size_t n, const char *want,
                 srcfile_names_fn *names_of, char **ret_path, bool *ret_dwarf)
{
        char *nw = want[0] == '/' ? normalise(want) : NULL;
        bool dwarf = false, oom = false;

        if (want[0] == '/' && !nw)
                return -ENOMEM;
        /* Names with their directory first: a relative one cannot be read (its unit
         * says no absolute directory: Debian's glibc has "./csu"), an absolute one of a
         * later module can. */
        for (size_t k = 0; k < 2 * n && !oom; k++) {
                const char *const *v;
                size_t nv;
                bool dw;

                if (names_of(modules[k % n], &v, &nv, &dw) < 0)
                        continue;
                dwarf = dwarf || dw;
                for (size_t j = 0; j < nv && !oom; j++) {
                        if ((v[j][0] == '/') != (k < n) || !matches_want(v[j], want, nw, &oom))
                                continue;
                        free(nw);
                        *ret_path = strdup(v[j]);
                        if (ret_dwarf)
                                *ret_dwarf = true;
                        return *ret_path ? 0 : -ENOMEM;
                }
        }
        free(nw);
        if (oom)
                return -ENOMEM;
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
