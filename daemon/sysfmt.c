/* sysfmt.c — a syscall as strace prints it (see sysfmt.h).
 *
 * One table, by x86-64 number, lists each decoded syscall's arguments as kinds (how
 * to print one) and its return value's kind; everything else prints as strace prints
 * a syscall it has no decoder for: its arguments in hex (the arity from a name table,
 * six for one strace does not know at all, named "syscall_0x1c8"). The words, orders
 * and forms are strace 6.1's (Debian 12), checked against its output line by line
 * (tests/integration/test_sysdecode.py); where strace prints a structure we do not
 * decode, its address shows instead.
 *
 * Cost: no allocation; one read of the tracee's memory per string or structure (a
 * path longer than the first read is read on in a second). Output goes into the
 * caller's buffer, cut (with "...") when full. */
#include "sysfmt.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>

#include "errors.h"

/* ---- output ---------------------------------------------------------------- */

struct out {
        char *p;
        size_t len, cap;        /* cap includes the NUL */
};

static void put(struct out *o, const char *s, size_t n)
{
        size_t room = o->cap ? o->cap - 1 - o->len : 0;

        if (!n || !o->cap)
                return;
        if (n <= room) {
                memcpy(o->p + o->len, s, n);
                o->len += n;
                o->p[o->len] = '\0';
                return;
        }
        /* full: what fits, and "..." over its end */
        memcpy(o->p + o->len, s, room);
        o->len += room;
        o->p[o->len] = '\0';
        if (o->cap > 4)
                memcpy(o->p + o->cap - 4, "...", 3);
}

static void puts_(struct out *o, const char *s)
{
        put(o, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void putf(struct out *o, const char *fmt, ...)
{
        char tmp[512]; /* (the longest use: a statfs's counts, under 300) */
        va_list ap;
        int n;

        va_start(ap, fmt);
        n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
        va_end(ap);
        if (n > 0)
                put(o, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* strace's %#lx: "0" for zero, else "0x..." */
static void put_hex(struct out *o, uint64_t v)
{
        if (v)
                putf(o, "%#" PRIx64, v);
        else
                puts_(o, "0");
}

static void put_ptr(struct out *o, uint64_t v)
{
        if (v)
                putf(o, "%#" PRIx64, v);
        else
                puts_(o, "NULL");
}

/* ---- strings --------------------------------------------------------------- */

size_t sysfmt_quote(const unsigned char *s, size_t len, bool more, char *buf, size_t cap)
{
        struct out o = { buf, 0, cap };
        char e[5];

        if (cap)
                buf[0] = '\0';
        put(&o, "\"", 1);
        for (size_t i = 0; i < len; i++) {
                unsigned c = s[i];
                size_t n = 0;

                switch (c) {
                case '"':  put(&o, "\\\"", 2); continue;
                case '\\': put(&o, "\\\\", 2); continue;
                case '\f': put(&o, "\\f", 2); continue;
                case '\n': put(&o, "\\n", 2); continue;
                case '\r': put(&o, "\\r", 2); continue;
                case '\t': put(&o, "\\t", 2); continue;
                case '\v': put(&o, "\\v", 2); continue;
                default:   break;
                }
                if (c >= ' ' && c < 0x7f) {
                        e[0] = (char)c;
                        put(&o, e, 1);
                        continue;
                }
                /* octal, the shortest form unless an octal digit follows */
                e[n++] = '\\';
                if (i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '7') {
                        e[n++] = (char)('0' + (c >> 6));
                        e[n++] = (char)('0' + ((c >> 3) & 7));
                } else {
                        if (c >> 6)
                                e[n++] = (char)('0' + (c >> 6));
                        if (c >> 3)
                                e[n++] = (char)('0' + ((c >> 3) & 7));
                }
                e[n++] = (char)('0' + (c & 7));
                put(&o, e, n);
        }
        put(&o, "\"", 1);
        if (more)
                put(&o, "...", 3);
        return o.len;
}

static void put_quoted(struct out *o, const unsigned char *s, size_t len, bool more)
{
        if (o->len + 1 < o->cap)
                o->len += sysfmt_quote(s, len, more, o->p + o->len, o->cap - o->len);
}

/* getrandom's bytes: strace shows them all in hex */
static void put_quoted_hex(struct out *o, const unsigned char *s, size_t len, bool more)
{
        put(o, "\"", 1);
        for (size_t i = 0; i < len; i++)
                putf(o, "\\x%02x", s[i]);
        put(o, "\"", 1);
        if (more)
                put(o, "...", 3);
}

/* ---- the call being printed ------------------------------------------------ */

struct ctx {
        const struct sysfmt_call *c;
        const struct sysfmt_mem *m;
        struct out o;
        bool exiting;
        int64_t ret;
        bool nl_asked;          /* nl_proto asked of the caller (on_nl_route) */
        int nl_proto;
};

static bool failed(const struct ctx *x)
{
        return x->ret < 0 && x->ret >= -4095;
}

/* All of [addr, addr + len) or nothing. */
static bool mem_get(const struct ctx *x, uint64_t addr, void *buf, size_t len)
{
        if (!addr || !x->m || !x->m->read)
                return false;
        return x->m->read(x->m->data, addr, buf, len) == (ssize_t)len;
}

/* A NUL-terminated string of at most max bytes into buf (max + 1 bytes). Returns its
 * length; *ret_more when no NUL came within max bytes; -1 when unreadable before its
 * end. Read in two goes: most strings fit the first, short, read. */
static ssize_t mem_str(const struct ctx *x, uint64_t addr, char *buf, size_t max, bool *ret_more)
{
        size_t have = 0, want = max < 256 ? max + 1 : 256;

        if (!addr || !x->m || !x->m->read)
                return -1;
        while (have < max + 1) {
                ssize_t n = x->m->read(x->m->data, addr + have, buf + have, want - have);
                char *z;

                if (n <= 0)
                        return -1;
                z = memchr(buf + have, '\0', (size_t)n);
                if (z) {
                        *ret_more = false;
                        return z - buf;
                }
                have += (size_t)n;
                want = max + 1;
        }
        *ret_more = true;
        return (ssize_t)max;
}

/* strace's printstr: up to SYSFMT_STRLEN bytes, "..." when longer */
static void put_cstr(struct ctx *x, uint64_t addr, size_t max)
{
        char buf[PATH_MAX + 1];
        bool more;
        ssize_t n;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        n = mem_str(x, addr, buf, max, &more);
        if (n < 0)
                put_ptr(&x->o, addr);
        else
                put_quoted(&x->o, (unsigned char *)buf, (size_t)n, more);
}

/* len bytes at addr, SYSFMT_STRLEN of them shown (write's, read's buffer) */
static void put_buf(struct ctx *x, uint64_t addr, uint64_t len, bool hex)
{
        unsigned char buf[SYSFMT_STRLEN];
        size_t n = len < SYSFMT_STRLEN ? (size_t)len : SYSFMT_STRLEN;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (!mem_get(x, addr, buf, n)) {
                put_ptr(&x->o, addr);
                return;
        }
        if (hex)
                put_quoted_hex(&x->o, buf, n, len > n);
        else
                put_quoted(&x->o, buf, n, len > n);
}

/* ---- named values ---------------------------------------------------------- */

struct xname {
        uint64_t v;
        const char *name;
};

#define N(x) { x, #x }
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Bits by name, in strace's order; the rest in hex. None known: the value in hex and
 * strace's comment, PREFIX_??? in C comment marks. */
static void put_flags(struct out *o, uint64_t v, const struct xname *t, size_t n,
                      const char *prefix)
{
        bool any = false;
        uint64_t left = v;

        for (size_t i = 0; i < n; i++) {
                if (t[i].v && (left & t[i].v) == t[i].v) {
                        if (any)
                                put(o, "|", 1);
                        puts_(o, t[i].name);
                        left &= ~t[i].v;
                        any = true;
                }
        }
        if (!any) {
                if (!v) {
                        puts_(o, "0");
                } else {
                        putf(o, "%#" PRIx64, v);
                        if (prefix)
                                putf(o, " /* %s??? */", prefix);
                }
        } else if (left) {
                putf(o, "|%#" PRIx64, left);
        }
}

static const char *xlookup(uint64_t v, const struct xname *t, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (t[i].v == v)
                        return t[i].name;
        return NULL;
}

static void put_enum(struct out *o, uint64_t v, const struct xname *t, size_t n,
                     const char *prefix)
{
        const char *s = xlookup(v, t, n);

        if (s)
                puts_(o, s);
        else
                putf(o, "%#" PRIx64 " /* %s??? */", v, prefix);
}

static const char *const signames[] = {
        NULL,     "HUP",  "INT",    "QUIT", "ILL",    "TRAP", "ABRT", "BUS",
        "FPE",    "KILL", "USR1",   "SEGV", "USR2",   "PIPE", "ALRM", "TERM",
        "STKFLT", "CHLD", "CONT",   "STOP", "TSTP",   "TTIN", "TTOU", "URG",
        "XCPU",   "XFSZ", "VTALRM", "PROF", "WINCH",  "IO",   "PWR",  "SYS",
};

/* "INT" / "RTMIN" / "RT_3" for signals 1..64 (the kernel's numbering: 32 is RTMIN,
 * glibc's SIGRTMIN is RT_2), NULL otherwise */
static const char *sig_short(unsigned sig, char *buf, size_t len)
{
        if (sig >= 1 && sig < 32)
                return signames[sig];
        if (sig == 32)
                return "RTMIN";
        if (sig > 32 && sig <= 64) {
                snprintf(buf, len, "RT_%u", sig - 32);
                return buf;
        }
        return NULL;
}

static void put_signal(struct out *o, int64_t sig)
{
        char buf[16];
        const char *s = sig > 0 && sig <= 64 ? sig_short((unsigned)sig, buf, sizeof(buf)) : NULL;

        if (s)
                putf(o, "SIG%s", s);
        else
                putf(o, "%" PRId64, sig);
}

/* A signal set of bytes bytes: "[INT TERM]", or "~[...]" of the signals not in it
 * when it holds half of them or more, as strace prints it. */
static void put_sigset_bits(struct out *o, const uint64_t *words, size_t bytes)
{
        size_t nsig = bytes * 8, count = 0;
        bool neg, sep = false;
        char buf[16];

        for (size_t i = 0; i < nsig; i++)
                count += (words[i / 64] >> (i % 64)) & 1;
        neg = count >= nsig / 2;
        if (neg)
                put(o, "~", 1);
        put(o, "[", 1);
        for (size_t i = 0; i < nsig; i++) {
                bool bit = (words[i / 64] >> (i % 64)) & 1;
                const char *s;

                if (bit == neg)
                        continue;
                if (sep)
                        put(o, " ", 1);
                sep = true;
                s = sig_short((unsigned)i + 1, buf, sizeof(buf));
                if (s)
                        puts_(o, s);
                else
                        putf(o, "%zu", i + 1);
        }
        put(o, "]", 1);
}

static void put_sigset(struct ctx *x, uint64_t addr, uint64_t size)
{
        uint64_t words[2] = { 0, 0 };

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        /* the kernel takes exactly 8 on x86-64; strace prints others as an address */
        if (size != 8 || !mem_get(x, addr, words, 8)) {
                put_ptr(&x->o, addr);
                return;
        }
        put_sigset_bits(&x->o, words, 8);
}

static const struct xname open_access[] = {
        N(O_RDONLY), N(O_WRONLY), N(O_RDWR), { 3, "O_ACCMODE" },
};

/* strace's order; O_SYNC before the O_DSYNC it contains, O_TMPFILE before O_DIRECTORY */
static const struct xname open_flags[] = {
        N(O_CREAT),     N(O_EXCL),      N(O_NOCTTY),   N(O_TRUNC),     N(O_APPEND),
        N(O_NONBLOCK),  N(O_SYNC),      N(O_DSYNC),    N(O_DIRECT),    { 0100000, "O_LARGEFILE" },
        N(O_NOFOLLOW),  N(O_NOATIME),   N(O_CLOEXEC),  N(O_PATH),      N(O_TMPFILE),
        N(O_DIRECTORY), { 020000, "FASYNC" },
};

/* open's flags: the access mode, then the rest (O_LARGEFILE is 0 in x86-64's
 * <fcntl.h>: the kernel's value here) */
static void put_open_flags(struct out *o, uint64_t v)
{
        uint32_t f = (uint32_t)v;

        puts_(o, xlookup(f & 3, open_access, COUNT(open_access)));
        f &= ~3u;
        if (f) {
                put(o, "|", 1);
                put_flags(o, f, open_flags, COUNT(open_flags), NULL);
        }
}

static void put_mode(struct out *o, uint64_t v)
{
        putf(o, "%#03o", (unsigned)v);
}

static const struct xname at_flags[] = {
        { 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_REMOVEDIR" },
        { 0x400, "AT_SYMLINK_FOLLOW" },   { 0x800, "AT_NO_AUTOMOUNT" },
        { 0x1000, "AT_EMPTY_PATH" },      { 0x8000, "AT_RECURSIVE" },
};

/* A file's mode as strace shows st_mode and stx_mode: S_IFDIR|0755, with the set-id
 * and sticky bits by name (S_IFDIR|S_ISVTX|0777), where a mode argument is octal. */
static void put_file_mode(struct out *o, unsigned mode)
{
        static const struct xname types[] = {
                N(S_IFREG), N(S_IFDIR), N(S_IFCHR), N(S_IFBLK),
                N(S_IFIFO), N(S_IFLNK), N(S_IFSOCK),
        };
        const char *t = xlookup(mode & S_IFMT, types, COUNT(types));

        if (t)
                putf(o, "%s|", t);
        else if (mode & S_IFMT)
                putf(o, "%#o|", mode & S_IFMT);
        if (mode & S_ISUID)
                puts_(o, "S_ISUID|");
        if (mode & S_ISGID)
                puts_(o, "S_ISGID|");
        if (mode & S_ISVTX)
                puts_(o, "S_ISVTX|");
        put_mode(o, mode & 0777);
}

static void put_stat(struct ctx *x, uint64_t addr)
{
        struct stat st;

        if (!mem_get(x, addr, &st, sizeof(st))) {
                put_ptr(&x->o, addr);
                return;
        }
        puts_(&x->o, "{st_mode=");
        put_file_mode(&x->o, st.st_mode);
        if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
                uint64_t d = st.st_rdev;
                unsigned maj = (unsigned)(((d >> 8) & 0xfff) | ((d >> 32) & ~0xfffULL));
                unsigned min = (unsigned)((d & 0xff) | ((d >> 12) & ~0xffULL));

                puts_(&x->o, ", st_rdev=makedev(");
                put_hex(&x->o, maj);
                puts_(&x->o, ", ");
                put_hex(&x->o, min);
                put(&x->o, ")", 1);
        } else {
                putf(&x->o, ", st_size=%lld", (long long)st.st_size);
        }
        puts_(&x->o, ", ...}");
}

/* statx's mask (the one asked and stx_mask): the sets first, as strace names them */
static const struct xname statx_masks[] = {
        { 0xfff, "STATX_ALL" },         { 0x7ff, "STATX_BASIC_STATS" },
        { 0x1, "STATX_TYPE" },          { 0x2, "STATX_MODE" },
        { 0x4, "STATX_NLINK" },         { 0x8, "STATX_UID" },
        { 0x10, "STATX_GID" },          { 0x20, "STATX_ATIME" },
        { 0x40, "STATX_MTIME" },        { 0x80, "STATX_CTIME" },
        { 0x100, "STATX_INO" },         { 0x200, "STATX_SIZE" },
        { 0x400, "STATX_BLOCKS" },      { 0x800, "STATX_BTIME" },
        { 0x1000, "STATX_MNT_ID" },     { 0x2000, "STATX_DIOALIGN" },
};

/* statx's flags: the sync type, always named (0 is AT_STATX_SYNC_AS_STAT), then the
 * AT_ flags. */
static void put_statx_flags(struct out *o, uint64_t v)
{
        static const char *const sync[] = { "AT_STATX_SYNC_AS_STAT", "AT_STATX_FORCE_SYNC",
                                            "AT_STATX_DONT_SYNC" };
        unsigned s = (unsigned)(v >> 13) & 3;

        if (s < 3)
                puts_(o, sync[s]);
        else
                put_hex(o, v & 0x6000);
        if (v & ~(uint64_t)0x6000) {
                put(o, "|", 1);
                put_flags(o, v & ~(uint64_t)0x6000, at_flags, COUNT(at_flags), "AT_");
        }
}

/* struct statx as strace abbreviates it: {stx_mask=..., stx_attributes=0,
 * stx_mode=S_IFDIR|0755, stx_size=4096, ...} */
static void put_statx(struct ctx *x, uint64_t addr)
{
        static const struct xname attrs[] = {
                { 0x4, "STATX_ATTR_COMPRESSED" }, { 0x10, "STATX_ATTR_IMMUTABLE" },
                { 0x20, "STATX_ATTR_APPEND" },    { 0x40, "STATX_ATTR_NODUMP" },
                { 0x800, "STATX_ATTR_ENCRYPTED" }, { 0x1000, "STATX_ATTR_AUTOMOUNT" },
                { 0x2000, "STATX_ATTR_MOUNT_ROOT" }, { 0x100000, "STATX_ATTR_VERITY" },
                { 0x200000, "STATX_ATTR_DAX" },
        };
        uint8_t b[48]; /* up to stx_size: mask, blksize, attributes, nlink, uid, gid,
                        * mode, ino, size */
        uint32_t mask;
        uint16_t mode;
        uint64_t attributes, size;

        if (!mem_get(x, addr, b, sizeof(b))) {
                put_ptr(&x->o, addr);
                return;
        }
        memcpy(&mask, b, 4);
        memcpy(&attributes, b + 8, 8);
        memcpy(&mode, b + 28, 2);
        memcpy(&size, b + 40, 8);
        puts_(&x->o, "{stx_mask=");
        put_flags(&x->o, mask, statx_masks, COUNT(statx_masks), "STATX_");
        puts_(&x->o, ", stx_attributes=");
        put_flags(&x->o, attributes, attrs, COUNT(attrs), "STATX_ATTR_");
        puts_(&x->o, ", stx_mode=");
        put_file_mode(&x->o, mode);
        putf(&x->o, ", stx_size=%" PRIu64 ", ...}", size);
}

/* struct statfs as strace prints it (all of it, even without -v): the file system's
 * magic by linux/magic.h's name, f_fsid's two words, f_flags as ST_ names. */
static void put_statfs(struct ctx *x, uint64_t addr)
{
        static const struct xname magics[] = {
                { 0xef53, "EXT2_SUPER_MAGIC" },         { 0x01021994, "TMPFS_MAGIC" },
                { 0x9fa0, "PROC_SUPER_MAGIC" },         { 0x62656572, "SYSFS_MAGIC" },
                { 0x1cd1, "DEVPTS_SUPER_MAGIC" },       { 0x794c7630, "OVERLAYFS_SUPER_MAGIC" },
                { 0x9123683e, "BTRFS_SUPER_MAGIC" },    { 0x58465342, "XFS_SUPER_MAGIC" },
                { 0x63677270, "CGROUP2_SUPER_MAGIC" },  { 0x27e0eb, "CGROUP_SUPER_MAGIC" },
                { 0x6969, "NFS_SUPER_MAGIC" },          { 0x73717368, "SQUASHFS_MAGIC" },
                { 0x858458f6, "RAMFS_MAGIC" },          { 0x73636673, "SECURITYFS_MAGIC" },
                { 0xf97cff8c, "SELINUX_MAGIC" },        { 0x64626720, "DEBUGFS_MAGIC" },
                { 0x65735546, "FUSE_SUPER_MAGIC" },     { 0x01021997, "V9FS_MAGIC" },
                { 0xcafe4a11, "BPF_FS_MAGIC" },         { 0x74726163, "TRACEFS_MAGIC" },
                { 0x958458f6, "HUGETLBFS_MAGIC" },      { 0x19800202, "MQUEUE_MAGIC" },
                { 0x4d44, "MSDOS_SUPER_MAGIC" },        { 0x9660, "ISOFS_SUPER_MAGIC" },
                { 0x6e736673, "NSFS_MAGIC" },           { 0x42494e4d, "BINFMTFS_MAGIC" },
        };
        /* strace's order, ST_VALID first (df's read-only mounts showed it), and its
         * names: glibc's ST_WRITE, ST_APPEND and ST_IMMUTABLE are no kernel flags */
        static const struct xname st_flags[] = {
                { 0x20, "ST_VALID" },      { 0x1, "ST_RDONLY" },     { 0x2, "ST_NOSUID" },
                { 0x4, "ST_NODEV" },       { 0x8, "ST_NOEXEC" },     { 0x10, "ST_SYNCHRONOUS" },
                { 0x40, "ST_MANDLOCK" },   { 0x400, "ST_NOATIME" },  { 0x800, "ST_NODIRATIME" },
                { 0x1000, "ST_RELATIME" }, { 0x2000, "ST_NOSYMFOLLOW" },
        };
        struct statfs f;
        const char *magic;
        struct out *o = &x->o;

        if (!mem_get(x, addr, &f, sizeof(f))) {
                put_ptr(o, addr);
                return;
        }
        magic = xlookup((uint64_t)f.f_type, magics, COUNT(magics));
        puts_(o, "{f_type=");
        if (magic)
                puts_(o, magic);
        else
                put_hex(o, (uint64_t)f.f_type);
        putf(o, ", f_bsize=%ld, f_blocks=%llu, f_bfree=%llu, f_bavail=%llu, f_files=%llu, "
                "f_ffree=%llu, f_fsid={val=[",
             (long)f.f_bsize, (unsigned long long)f.f_blocks, (unsigned long long)f.f_bfree,
             (unsigned long long)f.f_bavail, (unsigned long long)f.f_files,
             (unsigned long long)f.f_ffree);
        put_hex(o, (uint32_t)f.f_fsid.__val[0]);
        puts_(o, ", ");
        put_hex(o, (uint32_t)f.f_fsid.__val[1]);
        putf(o, "]}, f_namelen=%ld, f_frsize=%ld, f_flags=", (long)f.f_namelen,
             (long)f.f_frsize);
        put_flags(o, (uint64_t)f.f_flags, st_flags, COUNT(st_flags), "ST_");
        put(o, "}", 1);
}

/* A CPU set of len bytes at addr as strace prints it: the CPUs in it, [0 1]. */
static void put_cpuset(struct ctx *x, uint64_t addr, uint64_t len)
{
        uint8_t set[1024];
        bool first = true;

        if (len > sizeof(set) || !mem_get(x, addr, set, (size_t)len)) {
                put_ptr(&x->o, addr);
                return;
        }
        put(&x->o, "[", 1);
        for (uint64_t cpu = 0; cpu < len * 8; cpu++) {
                if (set[cpu / 8] & (1u << (cpu % 8))) {
                        putf(&x->o, first ? "%" PRIu64 : " %" PRIu64, cpu);
                        first = false;
                }
        }
        put(&x->o, "]", 1);
}

/* struct sysinfo, all of it, as strace prints it. */
static void put_sysinfo(struct ctx *x, uint64_t addr)
{
        struct sysinfo si;

        if (!mem_get(x, addr, &si, sizeof(si))) {
                put_ptr(&x->o, addr);
                return;
        }
        putf(&x->o, "{uptime=%ld, loads=[%lu, %lu, %lu], totalram=%lu, freeram=%lu, ",
             si.uptime, si.loads[0], si.loads[1], si.loads[2], si.totalram, si.freeram);
        putf(&x->o, "sharedram=%lu, bufferram=%lu, totalswap=%lu, freeswap=%lu, procs=%u, ",
             si.sharedram, si.bufferram, si.totalswap, si.freeswap, (unsigned)si.procs);
        putf(&x->o, "totalhigh=%lu, freehigh=%lu, mem_unit=%u}", si.totalhigh, si.freehigh,
             si.mem_unit);
}

static const struct xname poll_events[] = {
        { 0x1, "POLLIN" },       { 0x2, "POLLPRI" },      { 0x4, "POLLOUT" },
        { 0x8, "POLLERR" },      { 0x10, "POLLHUP" },     { 0x20, "POLLNVAL" },
        { 0x40, "POLLRDNORM" },  { 0x80, "POLLRDBAND" },  { 0x100, "POLLWRNORM" },
        { 0x200, "POLLWRBAND" }, { 0x400, "POLLMSG" },    { 0x2000, "POLLRDHUP" },
};

/* poll's n struct pollfd at addr: [{fd=3, events=POLLIN}]; with revents (the exit),
 * only those with some, as strace lists them after the return value. */
static void put_pollfds(struct ctx *x, uint64_t addr, uint64_t n, bool revents)
{
        struct { int32_t fd; int16_t events, revents; } p[32];
        bool first = true;

        if (n > 32 || !mem_get(x, addr, p, (size_t)n * sizeof(p[0]))) {
                put_ptr(&x->o, addr);
                return;
        }
        put(&x->o, "[", 1);
        for (uint64_t i = 0; i < n; i++) {
                uint16_t ev = (uint16_t)(revents ? p[i].revents : p[i].events);

                if (revents && !ev)
                        continue;
                putf(&x->o, "%s{fd=%d, %s=", first ? "" : ", ", p[i].fd,
                     revents ? "revents" : "events");
                put_flags(&x->o, ev, poll_events, COUNT(poll_events), "POLL");
                put(&x->o, "}", 1);
                first = false;
        }
        put(&x->o, "]", 1);
}

/* A socket option's name by its level (the common ones; others as strace prints an
 * unknown one: the number). */
static void put_sockopt_name(struct out *o, uint32_t level, uint32_t opt)
{
        static const struct xname sock[] = {
                { 1, "SO_DEBUG" },     { 2, "SO_REUSEADDR" }, { 3, "SO_TYPE" },
                { 4, "SO_ERROR" },     { 5, "SO_DONTROUTE" }, { 6, "SO_BROADCAST" },
                { 7, "SO_SNDBUF" },    { 8, "SO_RCVBUF" },    { 9, "SO_KEEPALIVE" },
                { 10, "SO_OOBINLINE" }, { 13, "SO_LINGER" },  { 15, "SO_REUSEPORT" },
                { 16, "SO_PASSCRED" }, { 17, "SO_PEERCRED" }, { 20, "SO_RCVTIMEO_OLD" },
                { 21, "SO_SNDTIMEO_OLD" }, { 29, "SO_TIMESTAMP_OLD" },
                { 35, "SO_TIMESTAMPNS_OLD" }, { 37, "SO_TIMESTAMPING_OLD" },
                { 38, "SO_PROTOCOL" }, { 39, "SO_DOMAIN" },
        };
        static const struct xname ip[] = {
                { 1, "IP_TOS" },       { 2, "IP_TTL" },       { 3, "IP_HDRINCL" },
                { 4, "IP_OPTIONS" },   { 6, "IP_RECVOPTS" },  { 7, "IP_RETOPTS" },
                { 8, "IP_PKTINFO" },   { 10, "IP_MTU_DISCOVER" }, { 11, "IP_RECVERR" },
                { 12, "IP_RECVTTL" },  { 13, "IP_RECVTOS" },  { 14, "IP_MTU" },
                { 15, "IP_FREEBIND" }, { 20, "IP_ORIGDSTADDR" },
        };
        static const struct xname tcp[] = {
                { 1, "TCP_NODELAY" },  { 2, "TCP_MAXSEG" },   { 3, "TCP_CORK" },
                { 4, "TCP_KEEPIDLE" }, { 5, "TCP_KEEPINTVL" }, { 6, "TCP_KEEPCNT" },
                { 9, "TCP_DEFER_ACCEPT" }, { 11, "TCP_INFO" }, { 12, "TCP_QUICKACK" },
                { 23, "TCP_FASTOPEN" },
        };
        static const struct xname ip6[] = {
                { 25, "IPV6_RECVERR" }, { 26, "IPV6_V6ONLY" },
        };
        static const struct xname nl[] = {
                { 1, "NETLINK_ADD_MEMBERSHIP" }, { 2, "NETLINK_DROP_MEMBERSHIP" },
                { 3, "NETLINK_PKTINFO" },        { 5, "NETLINK_NO_ENOBUFS" },
                { 8, "NETLINK_CAP_ACK" },        { 11, "NETLINK_EXT_ACK" },
                { 12, "NETLINK_GET_STRICT_CHK" },
        };
        const char *s = level == 1   ? xlookup(opt, sock, COUNT(sock))
                        : level == 0 ? xlookup(opt, ip, COUNT(ip))
                        : level == 6 ? xlookup(opt, tcp, COUNT(tcp))
                        : level == 41 ? xlookup(opt, ip6, COUNT(ip6))
                        : level == 270 ? xlookup(opt, nl, COUNT(nl))
                                      : NULL;

        static const char *const unknown[] = { "IP_???", "SO_???", NULL, NULL, NULL, NULL,
                                               "TCP_???" };
        const char *what = level < 7 ? unknown[level] : level == 41 ? "IPV6_???"
                           : level == 270 ? "NETLINK_???" : NULL;

        if (s)
                puts_(o, s);
        else if (what)
                putf(o, "%#x /* %s */", opt, what);
        else
                putf(o, "%u", opt);
}

/* A socket option's value of len bytes at addr: [1] for an int, else its address. */
static void put_sockopt_int(struct ctx *x, uint64_t addr, uint64_t len)
{
        int32_t n;

        if (len == sizeof(n) && mem_get(x, addr, &n, sizeof(n)))
                putf(&x->o, "[%d]", n);
        else
                put_ptr(&x->o, addr);
}

/* n struct epoll_event at addr as strace prints them: {events=EPOLLIN, data={u32=4,
 * u64=4}}, in brackets when list. */
static void put_epoll_events(struct ctx *x, uint64_t addr, uint64_t n, bool list)
{
        static const struct xname evs[] = {
                { 0x1, "EPOLLIN" },         { 0x2, "EPOLLPRI" },       { 0x4, "EPOLLOUT" },
                { 0x8, "EPOLLERR" },        { 0x10, "EPOLLHUP" },      { 0x20, "EPOLLNVAL" },
                { 0x40, "EPOLLRDNORM" },    { 0x80, "EPOLLRDBAND" },   { 0x100, "EPOLLWRNORM" },
                { 0x200, "EPOLLWRBAND" },   { 0x400, "EPOLLMSG" },     { 0x2000, "EPOLLRDHUP" },
                { 1u << 28, "EPOLLEXCLUSIVE" }, { 1u << 29, "EPOLLWAKEUP" },
                { 1u << 30, "EPOLLONESHOT" }, { 1u << 31, "EPOLLET" },
        };
        struct __attribute__((packed)) { uint32_t events; uint64_t data; } e[32];

        if (!addr && !list) {
                puts_(&x->o, "NULL");
                return;
        }
        if (n > 32 || !mem_get(x, addr, e, (size_t)n * sizeof(e[0]))) {
                put_ptr(&x->o, addr);
                return;
        }
        if (list)
                put(&x->o, "[", 1);
        for (uint64_t i = 0; i < n; i++) {
                puts_(&x->o, i ? ", {events=" : "{events=");
                put_flags(&x->o, e[i].events, evs, COUNT(evs), "EPOLL");
                putf(&x->o, ", data={u32=%u, u64=%" PRIu64 "}}", (uint32_t)e[i].data,
                     e[i].data);
        }
        if (list)
                put(&x->o, "]", 1);
}

static const struct xname suid_dump[] = {
        { 0, "SUID_DUMP_DISABLE" }, { 1, "SUID_DUMP_USER" }, { 2, "SUID_DUMP_ROOT" },
};

static const char *const cap_names[] = {
        "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID",
        "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
        "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO",
        "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
        "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE",
        "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
        "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
};

static void put_cap(struct out *o, uint64_t cap)
{
        if (cap < COUNT(cap_names))
                putf(o, "CAP_%s", cap_names[cap]);
        else
                putf(o, "%#" PRIx64 " /* CAP_??? */", cap);
}

/* prctl's options, each with the shape of what follows it */
enum prctl_shape {
        PS_NONE,        /* nothing: PR_GET_DUMPABLE */
        PS_INT,         /* one number: PR_SET_KEEPCAPS, 1 */
        PS_FOUR,        /* four numbers: PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0 */
        PS_SIG,
        PS_DUMP,
        PS_NAME,
        PS_CAP,         /* a capability: PR_CAPBSET_READ, CAP_SYS_ADMIN */
        PS_AMBIENT,
        PS_SPEC,
        PS_OUT,         /* written by the kernel: [0], a name, at the exit */
        PS_VMA,         /* PR_SET_VMA_ANON_NAME, 0x7f..., 8192, "name" */
        PS_MM,          /* PR_SET_MM_START_BRK, 0x1000, 0, 0 */
};

static const struct {
        uint32_t opt;
        const char *name;
        uint8_t shape;
} prctl_opts[] = {
        { 1, "PR_SET_PDEATHSIG", PS_SIG },      { 2, "PR_GET_PDEATHSIG", PS_OUT },
        { 3, "PR_GET_DUMPABLE", PS_NONE },      { 4, "PR_SET_DUMPABLE", PS_DUMP },
        { 7, "PR_GET_KEEPCAPS", PS_NONE },      { 8, "PR_SET_KEEPCAPS", PS_INT },
        { 13, "PR_GET_TIMING", PS_NONE },       { 14, "PR_SET_TIMING", PS_INT },
        { 15, "PR_SET_NAME", PS_NAME },         { 16, "PR_GET_NAME", PS_OUT },
        { 21, "PR_GET_SECCOMP", PS_NONE },      { 23, "PR_CAPBSET_READ", PS_CAP },
        { 24, "PR_CAPBSET_DROP", PS_CAP },      { 27, "PR_GET_SECUREBITS", PS_NONE },
        { 29, "PR_SET_TIMERSLACK", PS_INT },    { 30, "PR_GET_TIMERSLACK", PS_NONE },
        { 34, "PR_MCE_KILL_GET", PS_FOUR },     { 36, "PR_SET_CHILD_SUBREAPER", PS_INT },
        { 37, "PR_GET_CHILD_SUBREAPER", PS_OUT }, { 38, "PR_SET_NO_NEW_PRIVS", PS_FOUR },
        { 39, "PR_GET_NO_NEW_PRIVS", PS_FOUR }, { 40, "PR_GET_TID_ADDRESS", PS_OUT },
        { 41, "PR_SET_THP_DISABLE", PS_FOUR },  { 42, "PR_GET_THP_DISABLE", PS_FOUR },
        { 46, "PR_GET_FP_MODE", PS_NONE },      { 47, "PR_CAP_AMBIENT", PS_AMBIENT },
        { 52, "PR_GET_SPECULATION_CTRL", PS_SPEC }, { 0x59616d61, "PR_SET_PTRACER", PS_INT },
        { 35, "PR_SET_MM", PS_MM },             { 0x53564d41, "PR_SET_VMA", PS_VMA },
};

static int prctl_find(uint64_t opt)
{
        for (size_t i = 0; i < COUNT(prctl_opts); i++)
                if (prctl_opts[i].opt == (uint32_t)opt)
                        return (int)i;
        return -1;
}

/* prctl's option and what follows it that the kernel reads, as strace prints them; an
 * option it does not know in hex with strace's PR_??? comment, and four hex
 * arguments. What the kernel writes (PR_GET_NAME's name) is K_PRCTL_OUT's. */
static void put_prctl(struct ctx *x, const uint64_t *a)
{
        static const struct xname ambient[] = {
                { 1, "PR_CAP_AMBIENT_IS_SET" }, { 2, "PR_CAP_AMBIENT_RAISE" },
                { 3, "PR_CAP_AMBIENT_LOWER" },  { 4, "PR_CAP_AMBIENT_CLEAR_ALL" },
        };
        static const struct xname spec[] = {
                { 0, "PR_SPEC_STORE_BYPASS" }, { 1, "PR_SPEC_INDIRECT_BRANCH" },
                { 2, "PR_SPEC_L1D_FLUSH" },
        };
        static const struct xname mm[] = {
                { 1, "PR_SET_MM_START_CODE" },  { 2, "PR_SET_MM_END_CODE" },
                { 3, "PR_SET_MM_START_DATA" },  { 4, "PR_SET_MM_END_DATA" },
                { 5, "PR_SET_MM_START_STACK" }, { 6, "PR_SET_MM_START_BRK" },
                { 7, "PR_SET_MM_BRK" },         { 8, "PR_SET_MM_ARG_START" },
                { 9, "PR_SET_MM_ARG_END" },     { 10, "PR_SET_MM_ENV_START" },
                { 11, "PR_SET_MM_ENV_END" },    { 12, "PR_SET_MM_AUXV" },
                { 13, "PR_SET_MM_EXE_FILE" },   { 14, "PR_SET_MM_MAP" },
                { 15, "PR_SET_MM_MAP_SIZE" },
        };
        struct out *o = &x->o;
        int k = prctl_find(a[0]);

        if (k < 0) {
                putf(o, "%#x /* PR_??? */", (unsigned)a[0]);
                for (int i = 1; i < 5; i++) {
                        puts_(o, ", ");
                        put_hex(o, a[i]);
                }
                return;
        }
        puts_(o, prctl_opts[k].name);
        switch (prctl_opts[k].shape) {
        case PS_SIG: puts_(o, ", "); put_signal(o, (int)a[1]); break;
        case PS_DUMP:
                puts_(o, ", ");
                put_enum(o, (uint32_t)a[1], suid_dump, COUNT(suid_dump), "SUID_DUMP_");
                break;
        case PS_NAME: puts_(o, ", "); put_cstr(x, a[1], 15); break;
        case PS_INT: putf(o, ", %" PRIu64, a[1]); break;
        case PS_CAP: puts_(o, ", "); put_cap(o, a[1]); break;
        case PS_FOUR:
                putf(o, ", %" PRIu64 ", %" PRIu64 ", %" PRIu64 ", %" PRIu64, a[1], a[2], a[3],
                     a[4]);
                break;
        case PS_AMBIENT:
                puts_(o, ", ");
                put_enum(o, (uint32_t)a[1], ambient, COUNT(ambient), "PR_CAP_AMBIENT_");
                if (a[1] >= 1 && a[1] <= 3) {
                        puts_(o, ", ");
                        put_cap(o, a[2]);
                } else {
                        putf(o, ", %" PRIu64, a[2]);
                }
                putf(o, ", %" PRIu64 ", %" PRIu64, a[3], a[4]);
                break;
        case PS_SPEC:
                puts_(o, ", ");
                put_enum(o, (uint32_t)a[1], spec, COUNT(spec), "PR_SPEC_");
                break;
        case PS_VMA: /* the one sub-option: an address, a length, a name */
                if (a[1] == 0) {
                        puts_(o, ", PR_SET_VMA_ANON_NAME, ");
                        put_hex(o, a[2]);
                        putf(o, ", %" PRIu64 ", ", a[3]);
                        put_cstr(x, a[4], SYSFMT_STRLEN);
                } else {
                        putf(o, ", %#x /* PR_SET_VMA_??? */", (unsigned)a[1]);
                        for (int i = 2; i < 5; i++) {
                                puts_(o, ", ");
                                put_hex(o, a[i]);
                        }
                }
                break;
        case PS_MM:
                puts_(o, ", ");
                put_enum(o, (uint32_t)a[1], mm, COUNT(mm), "PR_SET_MM_");
                for (int i = 2; i < 5; i++) {
                        puts_(o, ", ");
                        put_hex(o, a[i]);
                }
                break;
        default:
                break;
        }
}

/* what prctl's option has the kernel write at a[1]: [0], [SIGTERM], the name,
 * [0x7f...] */
static void put_prctl_out(struct ctx *x, const uint64_t *a)
{
        uint64_t v = 0;

        if (a[0] == 16) {
                put_cstr(x, a[1], 15);
        } else if (!mem_get(x, a[1], &v, a[0] == 40 ? 8 : 4)) {
                put_ptr(&x->o, a[1]);
        } else {
                put(&x->o, "[", 1);
                if (a[0] == 40)
                        put_ptr(&x->o, v);
                else if (a[0] == 2) /* PR_GET_PDEATHSIG's signal, by name */
                        put_signal(&x->o, (int)v);
                else
                        putf(&x->o, "%d", (int)v);
                put(&x->o, "]", 1);
        }
}

static const struct xname prot_flags[] = {
        { 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" }, { 8, "PROT_SEM" },
        { 0x01000000, "PROT_GROWSDOWN" }, { 0x02000000, "PROT_GROWSUP" },
};

static const struct xname map_flags[] = {
        { 0x10, "MAP_FIXED" },        { 0x20, "MAP_ANONYMOUS" },   { 0x40, "MAP_32BIT" },
        { 0x4000, "MAP_NORESERVE" },  { 0x8000, "MAP_POPULATE" },  { 0x10000, "MAP_NONBLOCK" },
        { 0x100, "MAP_GROWSDOWN" },   { 0x800, "MAP_DENYWRITE" },  { 0x1000, "MAP_EXECUTABLE" },
        { 0x2000, "MAP_LOCKED" },     { 0x20000, "MAP_STACK" },    { 0x40000, "MAP_HUGETLB" },
        { 0x80000, "MAP_SYNC" },      { 0x100000, "MAP_FIXED_NOREPLACE" },
};

static void put_map_flags(struct out *o, uint64_t v)
{
        static const char *const types[] = { NULL, "MAP_SHARED", "MAP_PRIVATE",
                                             "MAP_SHARED_VALIDATE" };
        uint32_t f = (uint32_t)v, type = f & 0xf, huge = f >> 26;
        bool any = false;

        if (type > 3) {
                putf(o, "%#x /* MAP_??? */", f);
                return;
        }
        if (!f) {
                puts_(o, "MAP_FILE");
                return;
        }
        if (types[type]) {
                puts_(o, types[type]);
                any = true;
        }
        f &= ~0xfu & ~(0x3fu << 26);
        if (f) {
                if (any)
                        put(o, "|", 1);
                put_flags(o, f, map_flags, COUNT(map_flags), NULL);
                any = true;
        }
        if (huge)
                putf(o, "%s%u<<MAP_HUGE_SHIFT", any ? "|" : "", huge);
}

static const struct xname clone_flags[] = {
        { 0x100, "CLONE_VM" },            { 0x200, "CLONE_FS" },
        { 0x400, "CLONE_FILES" },         { 0x800, "CLONE_SIGHAND" },
        { 0x1000, "CLONE_PIDFD" },        { 0x2000, "CLONE_PTRACE" },
        { 0x4000, "CLONE_VFORK" },        { 0x8000, "CLONE_PARENT" },
        { 0x10000, "CLONE_THREAD" },      { 0x20000, "CLONE_NEWNS" },
        { 0x40000, "CLONE_SYSVSEM" },     { 0x80000, "CLONE_SETTLS" },
        { 0x100000, "CLONE_PARENT_SETTID" }, { 0x200000, "CLONE_CHILD_CLEARTID" },
        { 0x800000, "CLONE_UNTRACED" },   { 0x1000000, "CLONE_CHILD_SETTID" },
        { 0x2000000, "CLONE_NEWCGROUP" }, { 0x4000000, "CLONE_NEWUTS" },
        { 0x8000000, "CLONE_NEWIPC" },    { 0x10000000, "CLONE_NEWUSER" },
        { 0x20000000, "CLONE_NEWPID" },   { 0x40000000, "CLONE_NEWNET" },
        { 0x80000000, "CLONE_IO" },
};

/* clone's flags: the named ones, then the exit signal (its low byte) by name */
static void put_clone_flags(struct out *o, uint64_t v, bool with_sig)
{
        uint64_t f = with_sig ? v & ~0xffULL : v;
        unsigned sig = with_sig ? (unsigned)(v & 0xff) : 0;

        if (f || !sig)
                put_flags(o, f, clone_flags, COUNT(clone_flags), NULL);
        if (sig) {
                if (f)
                        put(o, "|", 1);
                put_signal(o, sig);
        }
}

/* ---- argument kinds -------------------------------------------------------- */

enum kind {
        K_END = 0,
        K_INT,          /* int, decimal (fds, pids) */
        K_UINT,
        K_LONG,         /* off_t, decimal */
        K_ULONG,        /* size_t, decimal */
        K_HEX,
        K_PTR,          /* an address: NULL or hex */
        K_DIRFD,
        K_PATH,
        K_STR,          /* a string shown up to SYSFMT_STRLEN bytes */
        K_BUF_IN,       /* bytes written, their count the next argument */
        K_BUF_OUT,      /* bytes read, as many as the call returns */
        K_IOV_IN,       /* writev's */
        K_IOV_OUT,      /* readv's */
        K_OPEN_FLAGS,
        K_OPEN_MODE,    /* only with O_CREAT or O_TMPFILE in the argument before */
        K_MODE,
        K_STAT_OUT,
        K_AT_FLAGS,
        K_WHENCE,
        K_PROT,
        K_MAP_FLAGS,
        K_ACCESS,
        K_FDS_OUT,      /* pipe's int[2] */
        K_O_FLAGS,      /* pipe2, dup3: O_ flags without the access mode */
        K_SIG,
        K_SIGSET_IN,    /* its size is args[3] */
        K_SIGSET_OUT,
        K_SIGHOW,
        K_SIGACT_IN,
        K_SIGACT_OUT,
        K_TS_IN,
        K_TS_OUT,       /* nanosleep's remainder */
        K_CLOCK,
        K_TIMER_FLAGS,
        K_ARCH_CODE,
        K_ARCH_ADDR,
        K_RLIM_RES,
        K_RLIM_IN,
        K_RLIM_OUT,
        K_GRND_OUT,
        K_GRND_FLAGS,
        K_IOCTL_REQ,
        K_IOCTL_ARG,
        K_FCNTL_CMD,
        K_FCNTL_ARG,
        K_UNLINK_FLAGS,
        K_CWD_OUT,
        K_WSTATUS_OUT,
        K_WOPTIONS,
        K_CLONE_STACK,
        K_CLONE_FLAGS,
        K_CLONE_PTID,
        K_CLONE_TLS,
        K_CLONE_CTID,
        K_CLONE3,
        K_CLONE3_OUT,   /* " => {parent_tid=[N]}" after clone3's struct, no comma */
        K_FUTEX_OP,
        K_FUTEX_REST,   /* what follows the op, by the op (all of args 2..5) */
        K_ARGV,
        K_ENVP,
        K_DOMAIN,
        K_SOCKTYPE,
        K_PROTO,
        K_SOCKADDR,     /* its length the next argument */
        K_UTS_OUT,      /* uname's: {sysname="Linux", nodename="host", ...} */
        K_STATX_FLAGS,
        K_STATX_MASK,
        K_STATX_OUT,
        K_STATFS_OUT,
        K_FADVICE,
        K_GIDS_OUT,     /* getgroups': as many gid_t as it returns */
        K_CPUSET_IN,    /* sched_setaffinity's: its size the argument before */
        K_CPUSET_OUT,   /* sched_getaffinity's: as many bytes as it returns */
        K_SYSINFO_OUT,
        K_POLLFDS,      /* poll's array, its count the next argument */
        K_MSG_FLAGS,
        K_SOCKADDR_OUT, /* recvfrom's: its length at the address the next argument has */
        K_SOCKLEN_INOUT, /* [28 => 16] */
        K_SOCKLEVEL,
        K_SOCKOPT,      /* by the level before it */
        K_SOCKOPT_VAL,  /* setsockopt's: an int ([1]) when its length (next) is 4 */
        K_SOCKOPT_OUT,  /* getsockopt's: the same, its length at the next's address */
        K_SOCKLEN_OUT,  /* getsockopt's: [4] */
        K_EPOLL_FLAGS,  /* epoll_create1's */
        K_MADVICE,
        K_PRCTL,        /* the option and the arguments it takes (all five) */
        K_XATTR_FLAGS,
        K_MREMAP_FLAGS,
        K_MSYNC_FLAGS,
        K_EPOLL_OP,
        K_EPOLL_EVENT,  /* epoll_ctl's one event, or NULL */
        K_EPOLL_OUT,    /* epoll_wait's events: as many as it returns */
        K_DIRENTS_OUT,  /* getdents64's: its address and a count of its entries */
        K_PRCTL_OUT,    /* what PR_GET_NAME and the like write at a[1] */
        K_FDSET,        /* select's sets, nfds the first argument */
        K_TV_IN,        /* a struct timeval */
        K_PSELECT_SIG,  /* pselect6's {sigmask=[...], sigsetsize=8} */
        K_SIGSET_NEXT,  /* a signal set, its size the next argument */
        K_MSGHDR_IN,
        K_MSGHDR_OUT,
        K_RUSAGE_WHO,
        K_RUSAGE_OUT,
        K_STACK_IN,     /* sigaltstack's stack_t */
        K_STACK_OUT,
        K_SIGRETURN,    /* rt_sigreturn's {mask=[...]}, from its frame */
        K_TFD_FLAGS,    /* timerfd_create's */
        K_TFD_SET_FLAGS,
        K_ITS_IN,       /* struct itimerspec */
        K_ITS_OUT,
        K_EFD_FLAGS,
        K_SFD_FLAGS,
        K_IN_FLAGS,     /* inotify_init1's */
        K_IN_MASK,
        K_SOCK_FLAGS,   /* accept4's */
        K_LOCK_OP,
        K_RENAME_FLAGS,
        K_FILE_MODE,    /* mknod's: S_IFIFO|0644 */
        K_DEV,          /* mknod's: makedev(0x1, 0x3), for a device only */
        K_UTIMES,
        K_LOFF_PTR,     /* copy_file_range's offsets: [N] or NULL */
        K_XATTR_LIST,   /* listxattr's names, as many bytes as it returns */
        K_ACCESS_FLAGS, /* faccessat2's: AT_EACCESS where unlinkat's is AT_REMOVEDIR */
        K_CAP_HEADER,
        K_CAP_DATA_IN,
        K_CAP_DATA_OUT,
        K_SIGEVENT,     /* timer_create's struct sigevent, or NULL */
        K_TIMERID_OUT,  /* timer_create's [0] */
        K_MPOL_MODE,    /* MPOL_BIND|MPOL_F_STATIC_NODES */
        K_NODEMASK_IN,  /* set_mempolicy's and mbind's: [0x00000000000001], its maxnode next */
        K_MPOL_OUT,     /* get_mempolicy's mode: [MPOL_DEFAULT] */
        K_NODEMASK_OUT, /* get_mempolicy's nodemask */
        K_MPOL_GFLAGS,  /* get_mempolicy's MPOL_F_ flags */
        K_MBIND_FLAGS,
        K_MMSG_IN,      /* sendmmsg's vector, its count next (written: msg_len) */
        K_MMSG_OUT,     /* recvmmsg's, as many as it returns */
        K_MMSG_TIMEOUT, /* recvmmsg's timeout as it was at the entry */
        K_PRIO_WHICH,   /* PRIO_PROCESS */
        K_UNSHARE_FLAGS, /* unshare's CLONE_ set: no CLONE_IO, which strace's lacks */
        K_SETNS_TYPE,   /* one CLONE_NEW*, or 0 */
        K_TV_OUT,       /* a struct timeval the kernel writes */
        K_TZ_IN,        /* struct timezone */
        K_TZ_OUT,
        K_TS_GOT,       /* a struct timespec the kernel writes (clock_gettime's) */
        K_TIME_OUT,     /* time's: the seconds and their date */
        K_TMS_OUT,      /* struct tms */
        K_ITIMER_WHICH,
        K_ITV_IN,       /* struct itimerval */
        K_ITV_OUT,
        K_MFD_FLAGS,
        K_FALLOC_FLAGS,
        K_SFR_FLAGS,    /* sync_file_range's */
        K_RWF_FLAGS,
        K_LOFF_INOUT,   /* sendfile's offset: [2] => [8], read at the entry and the exit */
        K_SPLICE_FLAGS,
        K_SHUT_HOW,
        K_CLOSE_RANGE_FLAGS,
        K_TV2,          /* utimes' two timevals, each with its date */
        K_UTIMBUF,      /* utime's {actime=..., modtime=...} */
        K_OPEN_HOW,     /* openat2's struct open_how, its size the next argument */
        K_MS_FLAGS,     /* mount's, with the old magic */
        K_MOUNT_TYPE,   /* a string, or its address when the flags make it ignored */
        K_MOUNT_DATA,
        K_UMOUNT_FLAGS,
        K_IDTYPE,       /* waitid's P_ */
        K_WAITID_OPTIONS,
        K_SIGINFO_IN,
        K_SIGINFO_OUT,
        K_PIDFD_FLAGS,
        K_KCMP,         /* the type and the arguments it takes (args 2..4) */
        K_UID,          /* a uid or gid: -1 for (uid_t)-1 */
        K_UID_OUT,      /* [0] */
        K_GIDS_IN,      /* setgroups' list, its count the argument before */
        K_SIGSET_OUT_NEXT, /* a signal set the kernel writes, its size next */
        K_MLOCK_FLAGS,
        K_MCL_FLAGS,
        K_MINCORE_OUT,  /* a byte per page of the length before: [1, 0] */
        K_PTR_OUT,      /* a pointer the kernel writes: [0x7f...] */
        K_ULONG_OUT,    /* [24] */
        K_UINT_OUT,
        K_MEMBARRIER_CMD,
        K_MEMBARRIER_FLAGS, /* and the cpu with MEMBARRIER_CMD_FLAG_CPU */
        K_PKEY_ACCESS,
        K_SCHED_PARAM_IN, /* [0]: its sched_priority */
        K_SCHED_PARAM_OUT,
        K_SCHED_POLICY,
        K_IOPRIO_WHICH,
        K_IOPRIO,       /* IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4) */
        K_SYSLOG_TYPE,  /* the number and its name in a comment */
        K_SYSLOG_BUF,   /* what the read types read; not shown for the types that take none */
        K_SYSLOG_LEN,
        K_PERSONA,
        K_PVM_LOCAL,    /* process_vm_readv's iovecs: the bytes read, or their addresses */
        K_IOV_REMOTE,   /* the other process's iovecs: addresses */
        K_IPC_KEY,
        K_IPC_FLAGS,    /* msgget's, semget's: IPC_CREAT|IPC_EXCL|0600 */
        K_SHM_FLAGS,    /* shmget's */
        K_SHMAT_FLAGS,
        K_IPC_CMD,      /* msgctl's, semctl's and shmctl's command, by the call */
        K_MQ_ATTR,      /* with O_CREAT only */
        K_SECCOMP_OP,
        K_SECCOMP_FLAGS,
        K_SECCOMP_ARGS,
        K_LANDLOCK_FLAGS,
        K_IOU_PARAMS,   /* io_uring_setup's: what it is given, and at the exit what it got */
        K_RESTART,      /* restart_syscall's <... resuming interrupted system call ...> */
        K_SKIP,         /* not printed */
};

/* Kinds whose value the kernel writes: decoded at the exit. */
static bool kind_is_out(enum kind k)
{
        switch (k) {
        case K_BUF_OUT: case K_IOV_OUT: case K_STAT_OUT: case K_FDS_OUT: case K_SIGSET_OUT:
        case K_SIGACT_OUT: case K_TS_OUT: case K_RLIM_OUT: case K_GRND_OUT: case K_CWD_OUT:
        case K_WSTATUS_OUT: case K_CLONE3_OUT: case K_UTS_OUT: case K_DIRENTS_OUT:
        case K_STATX_OUT: case K_STATFS_OUT: case K_GIDS_OUT: case K_CPUSET_OUT:
        case K_SYSINFO_OUT: case K_SOCKADDR_OUT: case K_SOCKLEN_INOUT: case K_SOCKOPT_OUT:
        case K_SOCKLEN_OUT: case K_EPOLL_OUT: case K_PRCTL_OUT: case K_MSGHDR_OUT:
        case K_RUSAGE_OUT: case K_STACK_OUT: case K_ITS_OUT: case K_XATTR_LIST:
        case K_CAP_DATA_OUT: case K_TIMERID_OUT: case K_MPOL_OUT: case K_NODEMASK_OUT:
        case K_MMSG_IN: case K_MMSG_OUT:
        case K_TV_OUT: case K_TZ_OUT: case K_TS_GOT: case K_TIME_OUT: case K_TMS_OUT:
        case K_ITV_OUT: case K_LOFF_INOUT: case K_SIGINFO_OUT: case K_UID_OUT:
        case K_SIGSET_OUT_NEXT: case K_MINCORE_OUT: case K_PTR_OUT: case K_ULONG_OUT:
        case K_UINT_OUT: case K_SCHED_PARAM_OUT: case K_SYSLOG_BUF: case K_PVM_LOCAL:
        case K_IOU_PARAMS:
        case K_IOCTL_ARG: /* TCGETS's termios, TIOCGWINSZ's winsize */
                return true;
        default:
                return false;
        }
}

enum rkind {
        R_DEC = 0,
        R_HEX,          /* an address (mmap, brk) */
        R_FCNTL,        /* F_GETFL's and F_GETFD's flags */
        R_POLL,         /* poll's: the fds with events, or (Timeout) */
        R_PRCTL,        /* PR_GET_DUMPABLE's: (SUID_DUMP_...), and the like */
        R_SELECT,       /* select's: (in [3], left {...}), or (Timeout) */
        R_PSELECT,      /* the same with a timespec */
        R_PPOLL,        /* poll's, and the time left */
        R_OCTAL,        /* umask's */
        R_MMSG,         /* recvmmsg's: the time left, (left {...}) */
        R_SIG,          /* rt_sigtimedwait's: 10 (SIGUSR1) */
        R_TIME,         /* time's: N (date) */
        R_MEMBARRIER,   /* MEMBARRIER_CMD_QUERY's commands */
        R_SCHED_POLICY,
        R_IOPRIO,
        R_PERSONA,
};

struct desc {
        bool known;
        uint8_t kind[6];
        uint8_t arg[6];         /* which argument each kind prints (clone's order) */
        uint8_t ret;
        bool ordered;           /* arg[] is given; else kind i prints argument i */
};

#define D(...) { .known = true, .kind = { __VA_ARGS__ } }
#define DR(r, ...) { .known = true, .kind = { __VA_ARGS__ }, .ret = r }

static const struct desc descs[] = {
        [SYS_read] = D(K_INT, K_BUF_OUT, K_ULONG),
        [SYS_write] = D(K_INT, K_BUF_IN, K_ULONG),
        [SYS_pread64] = D(K_INT, K_BUF_OUT, K_ULONG, K_LONG),
        [SYS_pwrite64] = D(K_INT, K_BUF_IN, K_ULONG, K_LONG),
        [SYS_readv] = D(K_INT, K_IOV_OUT, K_INT),
        [SYS_writev] = D(K_INT, K_IOV_IN, K_INT),
        [SYS_open] = D(K_PATH, K_OPEN_FLAGS, K_OPEN_MODE),
        [SYS_openat] = D(K_DIRFD, K_PATH, K_OPEN_FLAGS, K_OPEN_MODE),
        [SYS_creat] = D(K_PATH, K_MODE),
        [SYS_close] = D(K_INT),
        [SYS_stat] = D(K_PATH, K_STAT_OUT),
        [SYS_lstat] = D(K_PATH, K_STAT_OUT),
        [SYS_fstat] = D(K_INT, K_STAT_OUT),
        [SYS_newfstatat] = D(K_DIRFD, K_PATH, K_STAT_OUT, K_AT_FLAGS),
        [SYS_lseek] = D(K_INT, K_LONG, K_WHENCE),
        [SYS_mmap] = DR(R_HEX, K_PTR, K_ULONG, K_PROT, K_MAP_FLAGS, K_INT, K_HEX),
        [SYS_mprotect] = D(K_PTR, K_ULONG, K_PROT),
        [SYS_munmap] = D(K_PTR, K_ULONG),
        [SYS_brk] = DR(R_HEX, K_PTR),
        [SYS_access] = D(K_PATH, K_ACCESS),
        [SYS_faccessat] = D(K_DIRFD, K_PATH, K_ACCESS),
        [SYS_faccessat2] = D(K_DIRFD, K_PATH, K_ACCESS, K_ACCESS_FLAGS),
        [SYS_pipe] = D(K_FDS_OUT),
        [SYS_pipe2] = D(K_FDS_OUT, K_O_FLAGS),
        [SYS_dup] = D(K_INT),
        [SYS_dup2] = D(K_INT, K_INT),
        [SYS_dup3] = D(K_INT, K_INT, K_O_FLAGS),
        [SYS_getpid] = D(K_END), [SYS_getppid] = D(K_END), [SYS_gettid] = D(K_END),
        [SYS_getuid] = D(K_END), [SYS_geteuid] = D(K_END), [SYS_getgid] = D(K_END),
        [SYS_getegid] = D(K_END), [SYS_getpgrp] = D(K_END), [SYS_setsid] = D(K_END),
        [SYS_sched_yield] = D(K_END), [SYS_pause] = D(K_END), [SYS_fork] = D(K_END),
        [SYS_vfork] = D(K_END), [SYS_rt_sigreturn] = D(K_SIGRETURN),
        [SYS_inotify_init] = D(K_END),
        [SYS_exit] = D(K_INT),
        [SYS_exit_group] = D(K_INT),
        [SYS_kill] = D(K_INT, K_SIG),
        [SYS_tkill] = D(K_INT, K_SIG),
        [SYS_tgkill] = D(K_INT, K_INT, K_SIG),
        [SYS_rt_sigaction] = D(K_SIG, K_SIGACT_IN, K_SIGACT_OUT, K_ULONG),
        [SYS_rt_sigprocmask] = D(K_SIGHOW, K_SIGSET_IN, K_SIGSET_OUT, K_ULONG),
        [SYS_nanosleep] = D(K_TS_IN, K_TS_OUT),
        [SYS_clock_nanosleep] = D(K_CLOCK, K_TIMER_FLAGS, K_TS_IN, K_TS_OUT),
        [SYS_arch_prctl] = D(K_ARCH_CODE, K_ARCH_ADDR),
        [SYS_set_tid_address] = D(K_HEX),
        [SYS_set_robust_list] = D(K_PTR, K_ULONG),
        [SYS_rseq] = D(K_PTR, K_HEX, K_INT, K_HEX),
        [SYS_prlimit64] = D(K_INT, K_RLIM_RES, K_RLIM_IN, K_RLIM_OUT),
        [SYS_getrandom] = D(K_GRND_OUT, K_ULONG, K_GRND_FLAGS),
        [SYS_ioctl] = D(K_INT, K_IOCTL_REQ, K_IOCTL_ARG),
        [SYS_fcntl] = DR(R_FCNTL, K_INT, K_FCNTL_CMD, K_FCNTL_ARG),
        [SYS_unlink] = D(K_PATH),
        [SYS_unlinkat] = D(K_DIRFD, K_PATH, K_UNLINK_FLAGS),
        [SYS_rmdir] = D(K_PATH),
        [SYS_mkdir] = D(K_PATH, K_MODE),
        [SYS_mkdirat] = D(K_DIRFD, K_PATH, K_MODE),
        [SYS_chdir] = D(K_PATH),
        [SYS_fchdir] = D(K_INT),
        [SYS_getcwd] = D(K_CWD_OUT, K_ULONG),
        [SYS_wait4] = D(K_INT, K_WSTATUS_OUT, K_WOPTIONS, K_RUSAGE_OUT),
        [SYS_clone] = { .kind = { K_CLONE_STACK, K_CLONE_FLAGS, K_CLONE_PTID, K_CLONE_TLS,
                                  K_CLONE_CTID },
                        .arg = { 1, 0, 2, 4, 3 }, .ordered = true, .known = true },
        [SYS_clone3] = { .kind = { K_CLONE3, K_CLONE3_OUT, K_ULONG }, .arg = { 0, 0, 1 },
                         .ordered = true, .known = true },
        [SYS_futex] = D(K_PTR, K_FUTEX_OP, K_FUTEX_REST),
        [SYS_execve] = D(K_PATH, K_ARGV, K_ENVP),
        [SYS_socket] = D(K_DOMAIN, K_SOCKTYPE, K_PROTO),
        [SYS_connect] = D(K_INT, K_SOCKADDR, K_UINT),
        [SYS_bind] = D(K_INT, K_SOCKADDR, K_UINT),
        [SYS_listen] = D(K_INT, K_INT),
        [SYS_umask] = DR(R_OCTAL, K_MODE),
        [SYS_chmod] = D(K_PATH, K_MODE),
        [SYS_fchmod] = D(K_INT, K_MODE),
        [SYS_fsync] = D(K_INT),
        [SYS_alarm] = D(K_UINT),
        [SYS_ftruncate] = D(K_INT, K_LONG),
        [SYS_truncate] = D(K_PATH, K_LONG),
        [SYS_rename] = D(K_PATH, K_PATH),
        [SYS_symlink] = D(K_PATH, K_PATH),
        [SYS_link] = D(K_PATH, K_PATH),
        [SYS_setpgid] = D(K_INT, K_INT),
        [SYS_getpgid] = D(K_INT),
        [SYS_getsid] = D(K_INT),
        [SYS_readlink] = D(K_PATH, K_BUF_OUT, K_ULONG),
        [SYS_readlinkat] = D(K_DIRFD, K_PATH, K_BUF_OUT, K_ULONG),
        [SYS_uname] = D(K_UTS_OUT),
        [SYS_statfs] = D(K_PATH, K_STATFS_OUT),
        [SYS_fadvise64] = D(K_INT, K_LONG, K_LONG, K_FADVICE),
        [SYS_getgroups] = D(K_INT, K_GIDS_OUT),
        [SYS_sched_getaffinity] = D(K_INT, K_UINT, K_CPUSET_OUT),
        [SYS_sched_setaffinity] = D(K_INT, K_UINT, K_CPUSET_IN),
        [SYS_sysinfo] = D(K_SYSINFO_OUT),
        [SYS_poll] = DR(R_POLL, K_POLLFDS, K_UINT, K_INT),
        [SYS_socketpair] = D(K_DOMAIN, K_SOCKTYPE, K_PROTO, K_FDS_OUT),
        [SYS_madvise] = D(K_PTR, K_ULONG, K_MADVICE),
        [SYS_prctl] = DR(R_PRCTL, K_PRCTL, K_PRCTL_OUT),
        [SYS_getxattr] = D(K_PATH, K_PATH, K_BUF_OUT, K_ULONG),
        [SYS_lgetxattr] = D(K_PATH, K_PATH, K_BUF_OUT, K_ULONG),
        [SYS_fgetxattr] = D(K_INT, K_PATH, K_BUF_OUT, K_ULONG),
        [SYS_setxattr] = D(K_PATH, K_PATH, K_BUF_IN, K_ULONG, K_XATTR_FLAGS),
        [SYS_lsetxattr] = D(K_PATH, K_PATH, K_BUF_IN, K_ULONG, K_XATTR_FLAGS),
        [SYS_fsetxattr] = D(K_INT, K_PATH, K_BUF_IN, K_ULONG, K_XATTR_FLAGS),
        [SYS_mremap] = DR(R_HEX, K_PTR, K_ULONG, K_ULONG, K_MREMAP_FLAGS),
        [SYS_msync] = D(K_PTR, K_ULONG, K_MSYNC_FLAGS),
        [SYS_epoll_create] = D(K_INT),
        [SYS_epoll_create1] = D(K_EPOLL_FLAGS),
        [SYS_epoll_ctl] = D(K_INT, K_EPOLL_OP, K_INT, K_EPOLL_EVENT),
        [SYS_epoll_wait] = D(K_INT, K_EPOLL_OUT, K_INT, K_INT),
        [SYS_epoll_pwait] = D(K_INT, K_EPOLL_OUT, K_INT, K_INT, K_PTR, K_ULONG),
        [SYS_setsockopt] = D(K_INT, K_SOCKLEVEL, K_SOCKOPT, K_SOCKOPT_VAL, K_UINT),
        [SYS_getsockopt] = D(K_INT, K_SOCKLEVEL, K_SOCKOPT, K_SOCKOPT_OUT, K_SOCKLEN_OUT),
        [SYS_sendto] = D(K_INT, K_BUF_IN, K_ULONG, K_MSG_FLAGS, K_SOCKADDR, K_UINT),
        [SYS_recvfrom] = D(K_INT, K_BUF_OUT, K_ULONG, K_MSG_FLAGS, K_SOCKADDR_OUT,
                           K_SOCKLEN_INOUT),
        [SYS_fstatfs] = D(K_INT, K_STATFS_OUT),
        [SYS_statx] = D(K_DIRFD, K_PATH, K_STATX_FLAGS, K_STATX_MASK, K_STATX_OUT),
        [SYS_getdents64] = D(K_INT, K_DIRENTS_OUT, K_UINT),
        [SYS_select] = DR(R_SELECT, K_INT, K_FDSET, K_FDSET, K_FDSET, K_TV_IN),
        [SYS_pselect6] = DR(R_PSELECT, K_INT, K_FDSET, K_FDSET, K_FDSET, K_TS_IN, K_PSELECT_SIG),
        [SYS_ppoll] = DR(R_PPOLL, K_POLLFDS, K_UINT, K_TS_IN, K_SIGSET_NEXT, K_ULONG),
        [SYS_sendmsg] = D(K_INT, K_MSGHDR_IN, K_MSG_FLAGS),
        [SYS_recvmsg] = D(K_INT, K_MSGHDR_OUT, K_MSG_FLAGS),
        [SYS_getrusage] = D(K_RUSAGE_WHO, K_RUSAGE_OUT),
        [SYS_sigaltstack] = D(K_STACK_IN, K_STACK_OUT),
        [SYS_timerfd_create] = D(K_CLOCK, K_TFD_FLAGS),
        [SYS_timerfd_settime] = D(K_INT, K_TFD_SET_FLAGS, K_ITS_IN, K_ITS_OUT),
        [SYS_timerfd_gettime] = D(K_INT, K_ITS_OUT),
        [SYS_eventfd] = D(K_UINT),
        [SYS_eventfd2] = D(K_UINT, K_EFD_FLAGS),
        [SYS_signalfd] = D(K_INT, K_SIGSET_NEXT, K_ULONG),
        [SYS_signalfd4] = D(K_INT, K_SIGSET_NEXT, K_ULONG, K_SFD_FLAGS),
        [SYS_inotify_init1] = D(K_IN_FLAGS),
        [SYS_inotify_add_watch] = D(K_INT, K_PATH, K_IN_MASK),
        [SYS_inotify_rm_watch] = D(K_INT, K_INT),
        [SYS_accept] = D(K_INT, K_SOCKADDR_OUT, K_SOCKLEN_INOUT),
        [SYS_accept4] = D(K_INT, K_SOCKADDR_OUT, K_SOCKLEN_INOUT, K_SOCK_FLAGS),
        [SYS_getsockname] = D(K_INT, K_SOCKADDR_OUT, K_SOCKLEN_INOUT),
        [SYS_getpeername] = D(K_INT, K_SOCKADDR_OUT, K_SOCKLEN_INOUT),
        [SYS_fchmodat] = D(K_DIRFD, K_PATH, K_MODE),
        [SYS_chown] = D(K_PATH, K_INT, K_INT),
        [SYS_lchown] = D(K_PATH, K_INT, K_INT),
        [SYS_fchown] = D(K_INT, K_INT, K_INT),
        [SYS_fchownat] = D(K_DIRFD, K_PATH, K_INT, K_INT, K_AT_FLAGS),
        [SYS_flock] = D(K_INT, K_LOCK_OP),
        [SYS_renameat] = D(K_DIRFD, K_PATH, K_DIRFD, K_PATH),
        [SYS_renameat2] = D(K_DIRFD, K_PATH, K_DIRFD, K_PATH, K_RENAME_FLAGS),
        [SYS_symlinkat] = D(K_PATH, K_DIRFD, K_PATH),
        [SYS_linkat] = D(K_DIRFD, K_PATH, K_DIRFD, K_PATH, K_AT_FLAGS),
        [SYS_mknod] = D(K_PATH, K_FILE_MODE, K_DEV),
        [SYS_mknodat] = D(K_DIRFD, K_PATH, K_FILE_MODE, K_DEV),
        [SYS_utimensat] = D(K_DIRFD, K_PATH, K_UTIMES, K_AT_FLAGS),
        [SYS_copy_file_range] = D(K_INT, K_LOFF_PTR, K_INT, K_LOFF_PTR, K_ULONG, K_UINT),
        [SYS_listxattr] = D(K_PATH, K_XATTR_LIST, K_ULONG),
        [SYS_llistxattr] = D(K_PATH, K_XATTR_LIST, K_ULONG),
        [SYS_flistxattr] = D(K_INT, K_XATTR_LIST, K_ULONG),
        [SYS_removexattr] = D(K_PATH, K_PATH),
        [SYS_lremovexattr] = D(K_PATH, K_PATH),
        [SYS_fremovexattr] = D(K_INT, K_PATH),
        [SYS_capget] = D(K_CAP_HEADER, K_CAP_DATA_OUT),
        [SYS_capset] = D(K_CAP_HEADER, K_CAP_DATA_IN),
        [SYS_timer_create] = D(K_CLOCK, K_SIGEVENT, K_TIMERID_OUT),
        [SYS_timer_settime] = D(K_INT, K_TIMER_FLAGS, K_ITS_IN, K_ITS_OUT),
        [SYS_timer_gettime] = D(K_INT, K_ITS_OUT),
        [SYS_timer_getoverrun] = D(K_INT),
        [SYS_timer_delete] = D(K_INT),
        [SYS_set_mempolicy] = D(K_MPOL_MODE, K_NODEMASK_IN, K_ULONG),
        [SYS_get_mempolicy] = D(K_MPOL_OUT, K_NODEMASK_OUT, K_ULONG, K_PTR, K_MPOL_GFLAGS),
        [SYS_rt_sigsuspend] = D(K_SIGSET_NEXT, K_ULONG),
        [SYS_sendmmsg] = D(K_INT, K_MMSG_IN, K_UINT, K_MSG_FLAGS),
        [SYS_recvmmsg] = DR(R_MMSG, K_INT, K_MMSG_OUT, K_UINT, K_MSG_FLAGS, K_MMSG_TIMEOUT),
        [SYS_mbind] = D(K_PTR, K_ULONG, K_MPOL_MODE, K_NODEMASK_IN, K_ULONG, K_MBIND_FLAGS),
        [SYS_getpriority] = D(K_PRIO_WHICH, K_INT),
        [SYS_setpriority] = D(K_PRIO_WHICH, K_INT, K_INT),
        [SYS_unshare] = D(K_UNSHARE_FLAGS),
        [SYS_setns] = D(K_INT, K_SETNS_TYPE),
        [SYS_getrlimit] = D(K_RLIM_RES, K_RLIM_OUT),
        [SYS_setrlimit] = D(K_RLIM_RES, K_RLIM_IN),
        [SYS_gettimeofday] = D(K_TV_OUT, K_TZ_OUT),
        [SYS_settimeofday] = D(K_TV_IN, K_TZ_IN),
        [SYS_clock_gettime] = D(K_CLOCK, K_TS_GOT),
        [SYS_clock_getres] = D(K_CLOCK, K_TS_GOT),
        [SYS_clock_settime] = D(K_CLOCK, K_TS_IN),
        [SYS_time] = DR(R_TIME, K_TIME_OUT),
        [SYS_times] = D(K_TMS_OUT),
        [SYS_getitimer] = D(K_ITIMER_WHICH, K_ITV_OUT),
        [SYS_setitimer] = D(K_ITIMER_WHICH, K_ITV_IN, K_ITV_OUT),
        [SYS_sendfile] = D(K_INT, K_INT, K_LOFF_INOUT, K_ULONG),
        [SYS_shutdown] = D(K_INT, K_SHUT_HOW),
        [SYS_getdents] = D(K_INT, K_DIRENTS_OUT, K_UINT),
        [SYS_fdatasync] = D(K_INT),
        [SYS_sync] = D(K_END),
        [SYS_syncfs] = D(K_INT),
        [SYS_chroot] = D(K_PATH),
        [SYS_personality] = DR(R_PERSONA, K_PERSONA),
        [SYS_memfd_create] = D(K_STR, K_MFD_FLAGS),
        [SYS_close_range] = D(K_UINT, K_UINT, K_CLOSE_RANGE_FLAGS),
        [SYS_fallocate] = D(K_INT, K_FALLOC_FLAGS, K_LONG, K_LONG),
        [SYS_waitid] = D(K_IDTYPE, K_INT, K_SIGINFO_OUT, K_WAITID_OPTIONS, K_RUSAGE_OUT),
        [SYS_pidfd_open] = D(K_INT, K_PIDFD_FLAGS),
        [SYS_pidfd_send_signal] = D(K_INT, K_SIG, K_SIGINFO_IN, K_HEX),
        [SYS_pidfd_getfd] = D(K_INT, K_INT, K_HEX),
        [SYS_setuid] = D(K_UID), [SYS_setgid] = D(K_UID),
        [SYS_setfsuid] = D(K_UID), [SYS_setfsgid] = D(K_UID),
        [SYS_setreuid] = D(K_UID, K_UID), [SYS_setregid] = D(K_UID, K_UID),
        [SYS_setresuid] = D(K_UID, K_UID, K_UID), [SYS_setresgid] = D(K_UID, K_UID, K_UID),
        [SYS_getresuid] = D(K_UID_OUT, K_UID_OUT, K_UID_OUT),
        [SYS_getresgid] = D(K_UID_OUT, K_UID_OUT, K_UID_OUT),
        [SYS_setgroups] = D(K_INT, K_GIDS_IN),
        [SYS_rt_sigtimedwait] = DR(R_SIG, K_SIGSET_IN, K_SIGINFO_OUT, K_TS_IN, K_ULONG),
        [SYS_rt_sigpending] = D(K_SIGSET_OUT_NEXT, K_ULONG),
        [SYS_rt_sigqueueinfo] = D(K_INT, K_SIG, K_SIGINFO_IN),
        [SYS_rt_tgsigqueueinfo] = D(K_INT, K_INT, K_SIG, K_SIGINFO_IN),
        [SYS_mlock] = D(K_PTR, K_ULONG),
        [SYS_munlock] = D(K_PTR, K_ULONG),
        [SYS_mlock2] = D(K_PTR, K_ULONG, K_MLOCK_FLAGS),
        [SYS_mlockall] = D(K_MCL_FLAGS),
        [SYS_munlockall] = D(K_END),
        [SYS_mincore] = D(K_PTR, K_ULONG, K_MINCORE_OUT),
        [SYS_get_robust_list] = D(K_INT, K_PTR_OUT, K_ULONG_OUT),
        [SYS_getcpu] = D(K_UINT_OUT, K_UINT_OUT, K_PTR),
        [SYS_preadv] = D(K_INT, K_IOV_OUT, K_INT, K_LONG),
        [SYS_pwritev] = D(K_INT, K_IOV_IN, K_INT, K_LONG),
        [SYS_preadv2] = D(K_INT, K_IOV_OUT, K_INT, K_LONG, K_SKIP, K_RWF_FLAGS),
        [SYS_pwritev2] = D(K_INT, K_IOV_IN, K_INT, K_LONG, K_SKIP, K_RWF_FLAGS),
        [SYS_execveat] = D(K_DIRFD, K_PATH, K_ARGV, K_ENVP, K_AT_FLAGS),
        [SYS_membarrier] = DR(R_MEMBARRIER, K_MEMBARRIER_CMD, K_MEMBARRIER_FLAGS),
        [SYS_splice] = D(K_INT, K_LOFF_PTR, K_INT, K_LOFF_PTR, K_ULONG, K_SPLICE_FLAGS),
        [SYS_tee] = D(K_INT, K_INT, K_ULONG, K_SPLICE_FLAGS),
        [SYS_vmsplice] = D(K_INT, K_IOV_IN, K_ULONG, K_SPLICE_FLAGS),
        [SYS_readahead] = D(K_INT, K_LONG, K_ULONG),
        [SYS_sync_file_range] = D(K_INT, K_LONG, K_LONG, K_SFR_FLAGS),
        [SYS_sched_getparam] = D(K_INT, K_SCHED_PARAM_OUT),
        [SYS_sched_setparam] = D(K_INT, K_SCHED_PARAM_IN),
        [SYS_sched_getscheduler] = DR(R_SCHED_POLICY, K_INT),
        [SYS_sched_setscheduler] = D(K_INT, K_SCHED_POLICY, K_SCHED_PARAM_IN),
        [SYS_sched_get_priority_max] = D(K_SCHED_POLICY),
        [SYS_sched_get_priority_min] = D(K_SCHED_POLICY),
        [SYS_sched_rr_get_interval] = D(K_INT, K_TS_GOT),
        [SYS_mount] = D(K_PATH, K_PATH, K_MOUNT_TYPE, K_MS_FLAGS, K_MOUNT_DATA),
        [SYS_umount2] = D(K_PATH, K_UMOUNT_FLAGS),
        [SYS_syslog] = D(K_SYSLOG_TYPE, K_SYSLOG_BUF, K_SYSLOG_LEN),
        [SYS_ioprio_get] = DR(R_IOPRIO, K_IOPRIO_WHICH, K_INT),
        [SYS_ioprio_set] = D(K_IOPRIO_WHICH, K_INT, K_IOPRIO),
        [SYS_kcmp] = D(K_INT, K_INT, K_KCMP),
        [SYS_process_vm_readv] = D(K_INT, K_PVM_LOCAL, K_ULONG, K_IOV_REMOTE, K_ULONG, K_ULONG),
        [SYS_process_vm_writev] = D(K_INT, K_IOV_IN, K_ULONG, K_IOV_REMOTE, K_ULONG, K_ULONG),
        [SYS_utimes] = D(K_PATH, K_TV2),
        [SYS_futimesat] = D(K_DIRFD, K_PATH, K_TV2),
        [SYS_utime] = D(K_PATH, K_UTIMBUF),
        [SYS_epoll_pwait2] = D(K_INT, K_EPOLL_OUT, K_INT, K_TS_IN, K_SIGSET_NEXT, K_ULONG),
        [SYS_msgget] = D(K_IPC_KEY, K_IPC_FLAGS),
        [SYS_semget] = D(K_IPC_KEY, K_INT, K_IPC_FLAGS),
        [SYS_shmget] = D(K_IPC_KEY, K_ULONG, K_SHM_FLAGS),
        [SYS_shmat] = DR(R_HEX, K_INT, K_PTR, K_SHMAT_FLAGS),
        [SYS_shmdt] = D(K_PTR),
        [SYS_shmctl] = D(K_INT, K_IPC_CMD, K_PTR),
        [SYS_msgctl] = D(K_INT, K_IPC_CMD, K_PTR),
        [SYS_semctl] = D(K_INT, K_INT, K_IPC_CMD, K_PTR),
        [SYS_mq_open] = D(K_PATH, K_OPEN_FLAGS, K_OPEN_MODE, K_MQ_ATTR),
        [SYS_mq_unlink] = D(K_PATH),
        [SYS_seccomp] = D(K_SECCOMP_OP, K_SECCOMP_FLAGS, K_SECCOMP_ARGS),
        [SYS_landlock_create_ruleset] = D(K_PTR, K_ULONG, K_LANDLOCK_FLAGS),
        [SYS_openat2] = D(K_DIRFD, K_PATH, K_OPEN_HOW, K_ULONG),
        [SYS_pkey_alloc] = D(K_HEX, K_PKEY_ACCESS),
        [SYS_pkey_free] = D(K_INT),
        [SYS_pkey_mprotect] = D(K_PTR, K_ULONG, K_PROT, K_INT),
        [SYS_restart_syscall] = D(K_RESTART),
        [SYS_vhangup] = D(K_END),
        [SYS_io_uring_setup] = D(K_UINT, K_IOU_PARAMS),
};

/* Arities of the syscalls strace knows but we do not decode (man 2 syscalls), for
 * their hex arguments: the ones a C program commonly makes; others print six. */
static const struct {
        const char *name;
        uint8_t n;
} arity[] = {
        { "io_uring_enter", 6 }, { "io_uring_register", 4 },
};

static int raw_arity(const char *name)
{
        for (size_t i = 0; i < COUNT(arity); i++)
                if (strcmp(arity[i].name, name) == 0)
                        return arity[i].n;
        return 6;
}

static const struct desc *desc_of(const struct sysfmt_call *c)
{
        if (c->i386 || c->nr < 0 || (size_t)c->nr >= COUNT(descs) || !descs[c->nr].known)
                return NULL;
        return &descs[c->nr];
}

/* ---- the kinds ------------------------------------------------------------- */

static bool on_nl_route(struct ctx *x);
static void put_ifindex(struct ctx *x, uint32_t idx);
static void put_netlink(struct ctx *x, uint64_t addr, uint64_t len);

static void put_iov(struct ctx *x, uint64_t addr, uint64_t cnt, bool out)
{
        struct {
                uint64_t base, len;
        } iov[SYSFMT_STRLEN];
        size_t n = cnt < SYSFMT_STRLEN ? (size_t)cnt : SYSFMT_STRLEN;
        /* readv: the bytes the call returned, spread over the vectors in order */
        uint64_t data = out ? (uint64_t)x->ret : UINT64_MAX;

        if (!mem_get(x, addr, iov, n * sizeof(iov[0]))) {
                put_ptr(&x->o, addr);
                return;
        }
        put(&x->o, "[", 1);
        for (size_t i = 0; i < n; i++) {
                uint64_t show = iov[i].len < data ? iov[i].len : data;

                if (i)
                        puts_(&x->o, ", ");
                puts_(&x->o, "{iov_base=");
                if (on_nl_route(x))
                        put_netlink(x, iov[i].base, show);
                else
                        put_buf(x, iov[i].base, show, false);
                putf(&x->o, ", iov_len=%" PRIu64 "}", iov[i].len);
                data -= show;
        }
        if (cnt > n)
                puts_(&x->o, ", ...");
        put(&x->o, "]", 1);
}

static void put_sigaction(struct ctx *x, uint64_t addr, bool out)
{
        static const struct xname sa_flags[] = {
                { 0x04000000, "SA_RESTORER" }, { 0x08000000, "SA_ONSTACK" },
                { 0x10000000, "SA_RESTART" },  { 0x40000000, "SA_NODEFER" },
                { 0x80000000, "SA_RESETHAND" }, { 4, "SA_SIGINFO" },
                { 1, "SA_NOCLDSTOP" },         { 2, "SA_NOCLDWAIT" },
        };
        struct {
                uint64_t handler, flags, restorer, mask;
        } sa;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (!mem_get(x, addr, &sa, sizeof(sa))) {
                put_ptr(&x->o, addr);
                return;
        }
        puts_(&x->o, "{sa_handler=");
        if (sa.handler == 0)
                puts_(&x->o, "SIG_DFL");
        else if (sa.handler == 1)
                puts_(&x->o, "SIG_IGN");
        else
                put_hex(&x->o, sa.handler);
        puts_(&x->o, ", sa_mask=");
        put_sigset_bits(&x->o, &sa.mask, 8);
        puts_(&x->o, ", sa_flags=");
        put_flags(&x->o, sa.flags, sa_flags, COUNT(sa_flags), "SA_");
        if (sa.flags & 0x04000000) {
                puts_(&x->o, ", sa_restorer=");
                put_hex(&x->o, sa.restorer);
        }
        put(&x->o, "}", 1);
}

static void put_timespec(struct ctx *x, uint64_t addr)
{
        struct {
                int64_t sec, nsec;
        } ts;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (!mem_get(x, addr, &ts, sizeof(ts))) {
                put_ptr(&x->o, addr);
                return;
        }
        putf(&x->o, "{tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}", ts.sec, ts.nsec);
}

static void put_rlim_value(struct out *o, uint64_t v)
{
        if (v == UINT64_MAX)
                puts_(o, "RLIM64_INFINITY");
        else if (v > 1024 && v % 1024 == 0)
                putf(o, "%" PRIu64 "*1024", v / 1024);
        else
                putf(o, "%" PRIu64, v);
}

static void put_rlimit(struct ctx *x, uint64_t addr, bool out)
{
        uint64_t r[2];

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (!mem_get(x, addr, r, sizeof(r))) {
                put_ptr(&x->o, addr);
                return;
        }
        puts_(&x->o, "{rlim_cur=");
        put_rlim_value(&x->o, r[0]);
        puts_(&x->o, ", rlim_max=");
        put_rlim_value(&x->o, r[1]);
        put(&x->o, "}", 1);
}

static void put_ioctl_req(struct out *o, uint64_t v)
{
        static const struct xname reqs[] = {
                { 0x5401, "TCGETS" },     { 0x5402, "TCSETS" },      { 0x5403, "TCSETSW" },
                { 0x5404, "TCSETSF" },    { 0x540b, "TCFLSH" },      { 0x540e, "TIOCSCTTY" },
                { 0x540f, "TIOCGPGRP" },  { 0x5410, "TIOCSPGRP" },   { 0x5413, "TIOCGWINSZ" },
                { 0x5414, "TIOCSWINSZ" }, { 0x541b, "FIONREAD" },    { 0x5421, "FIONBIO" },
                { 0x5450, "FIONCLEX" },   { 0x5451, "FIOCLEX" },     { 0x5452, "FIOASYNC" },
                { 0x80045430, "TIOCGPTN" }, { 0x40045431, "TIOCSPTLCK" },
                { 0x40049409, "BTRFS_IOC_CLONE or FICLONE" }, /* cp's: strace's words */
        };
        static const char *const dirs[] = { "_IOC_NONE", "_IOC_WRITE", "_IOC_READ",
                                            "_IOC_READ|_IOC_WRITE" };
        uint32_t r = (uint32_t)v;
        const char *s = xlookup(r, reqs, COUNT(reqs));

        if (s) {
                puts_(o, s);
                return;
        }
        putf(o, "_IOC(%s, %#x, %#x, %#x)", dirs[r >> 30], (r >> 8) & 0xff, r & 0xff,
             (r >> 16) & 0x3fff);
        /* %#x of 0 is "0", as strace prints it */
}

/* termios as strace abbreviates it: the four flag words, "..." for the rest */
static void put_termios(struct ctx *x, uint64_t addr)
{
        static const struct xname iflags[] = {
                N(IGNBRK), N(BRKINT), N(IGNPAR), N(PARMRK), N(INPCK), N(ISTRIP), N(INLCR),
                N(IGNCR), N(ICRNL), N(IUCLC), N(IXON), N(IXANY), N(IXOFF), N(IMAXBEL),
                N(IUTF8),
        };
        static const struct xname oflags[] = {
                N(OPOST), N(OLCUC), N(ONLCR), N(OCRNL), N(ONOCR), N(ONLRET), N(OFILL),
                N(OFDEL),
        };
        static const struct xname cflags[] = {
                N(CSTOPB), N(CREAD), N(PARENB), N(PARODD), N(HUPCL), N(CLOCAL),
                N(CMSPAR), N(CRTSCTS),
        };
        /* strace's order, not the values' */
        static const struct xname lflags[] = {
                N(ISIG), N(ICANON), N(XCASE), N(ECHO), N(ECHOE), N(ECHOK), N(ECHONL),
                N(NOFLSH), N(IEXTEN), N(ECHOCTL), N(ECHOPRT), N(ECHOKE), N(FLUSHO),
                N(PENDIN), N(TOSTOP), N(EXTPROC),
        };
        static const struct xname bauds[] = {
                N(B0), N(B50), N(B75), N(B110), N(B134), N(B150), N(B200), N(B300),
                N(B600), N(B1200), N(B1800), N(B2400), N(B4800), N(B9600), N(B19200),
                N(B38400), N(B57600), N(B115200), N(B230400), N(B460800), N(B500000),
                N(B576000), N(B921600), N(B1000000), N(B1152000), N(B1500000),
                N(B2000000), N(B2500000), N(B3000000), N(B3500000), N(B4000000),
                { 010000, "BOTHER" },
        };
        /* the delay fields, each a value of its mask */
        static const struct {
                uint32_t mask;
                const char *names[4];
        } delays[] = {
                { NLDLY, { "NL0", "NL1" } },      { CRDLY, { "CR0", "CR1", "CR2", "CR3" } },
                { TABDLY, { "TAB0", "TAB1", "TAB2", "TAB3" } }, { BSDLY, { "BS0", "BS1" } },
                { VTDLY, { "VT0", "VT1" } },      { FFDLY, { "FF0", "FF1" } },
        };
        static const char *const sizes[] = { "CS5", "CS6", "CS7", "CS8" };
        uint32_t t[4], f;
        const char *b;

        if (!mem_get(x, addr, t, sizeof(t))) {
                put_hex(&x->o, addr);
                return;
        }
        puts_(&x->o, "{c_iflag=");
        put_flags(&x->o, t[0], iflags, COUNT(iflags), NULL);
        puts_(&x->o, ", c_oflag=");
        f = t[1];
        for (size_t i = 0; i < COUNT(delays); i++) {
                uint32_t v = f & delays[i].mask, shift = (uint32_t)__builtin_ctz(delays[i].mask);

                putf(&x->o, "%s|", delays[i].names[v >> shift]);
                f &= ~delays[i].mask;
        }
        put_flags(&x->o, f, oflags, COUNT(oflags), NULL);
        puts_(&x->o, ", c_cflag=");
        f = t[2];
        b = xlookup(f & CBAUD, bauds, COUNT(bauds));
        if (b)
                putf(&x->o, "%s|", b);
        else
                putf(&x->o, "%#x|", f & CBAUD);
        putf(&x->o, "%s", sizes[(f & CSIZE) >> 4]);
        f &= ~(uint32_t)(CBAUD | CSIZE);
        if (f) {
                put(&x->o, "|", 1);
                put_flags(&x->o, f, cflags, COUNT(cflags), NULL);
        }
        puts_(&x->o, ", c_lflag=");
        put_flags(&x->o, t[3], lflags, COUNT(lflags), NULL);
        puts_(&x->o, ", ...}");
}

/* ioctl's third argument: the structures strace prints for the common tty requests
 * (read at the exit: those the kernel writes; the others' bytes are the same then),
 * else in hex */
static void put_ioctl_arg(struct ctx *x, uint32_t req, uint64_t v)
{
        uint16_t ws[4];

        switch (req) {
        case TCGETS: case TCSETS: case TCSETSW: case TCSETSF:
                put_termios(x, v);
                return;
        case FIONREAD: case FIONBIO: case TIOCGPGRP: case TIOCSPGRP: case TIOCGPTN:
        case TIOCSPTLCK: { /* an int, in or out: [27] */
                int32_t n;

                if (mem_get(x, v, &n, sizeof(n))) {
                        putf(&x->o, req == TIOCGPTN ? "[%u]" : "[%d]", n);
                        return;
                }
                break;
        }
        case 0x40049409: /* FICLONE: the source fd */
                putf(&x->o, "%d", (int)v);
                return;
        case TIOCGWINSZ: case TIOCSWINSZ:
                if (mem_get(x, v, ws, sizeof(ws))) {
                        putf(&x->o, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}",
                             ws[0], ws[1], ws[2], ws[3]);
                        return;
                }
                break;
        default:
                break;
        }
        put_hex(&x->o, v);
}

static const struct xname fcntl_cmds[] = {
        { 0, "F_DUPFD" },   { 1, "F_GETFD" },  { 2, "F_SETFD" },   { 3, "F_GETFL" },
        { 4, "F_SETFL" },   { 5, "F_GETLK" },  { 6, "F_SETLK" },   { 7, "F_SETLKW" },
        { 8, "F_SETOWN" },  { 9, "F_GETOWN" }, { 10, "F_SETSIG" }, { 11, "F_GETSIG" },
        { 1024, "F_SETLEASE" }, { 1025, "F_GETLEASE" }, { 1030, "F_DUPFD_CLOEXEC" },
        { 1031, "F_SETPIPE_SZ" }, { 1032, "F_GETPIPE_SZ" }, { 1033, "F_ADD_SEALS" },
        { 1034, "F_GET_SEALS" },
};

static const struct xname fd_flags[] = { { 1, "FD_CLOEXEC" } };

static void put_wstatus(struct ctx *x, uint64_t addr)
{
        int st;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (x->ret == 0 || !mem_get(x, addr, &st, sizeof(st))) { /* WNOHANG: none */
                put_ptr(&x->o, addr);
                return;
        }
        puts_(&x->o, "[{");
        if (WIFEXITED(st)) {
                putf(&x->o, "WIFEXITED(s) && WEXITSTATUS(s) == %d", WEXITSTATUS(st));
        } else if (WIFSIGNALED(st)) {
                puts_(&x->o, "WIFSIGNALED(s) && WTERMSIG(s) == ");
                put_signal(&x->o, WTERMSIG(st));
                if (WCOREDUMP(st))
                        puts_(&x->o, " && WCOREDUMP(s)");
        } else if (WIFSTOPPED(st)) {
                puts_(&x->o, "WIFSTOPPED(s) && WSTOPSIG(s) == ");
                put_signal(&x->o, WSTOPSIG(st));
                if (st >> 16)
                        putf(&x->o, " && s >> 16 == %d", st >> 16);
        } else if (WIFCONTINUED(st)) {
                puts_(&x->o, "WIFCONTINUED(s)");
        } else {
                putf(&x->o, "%#x", st);
        }
        puts_(&x->o, "}]");
}

/* A NULL-terminated array of pointers at addr: up to max of them into p, read in one
 * go (one by one near the end of a mapping). Returns how many come before its NULL
 * (max when it goes on), or -1 when it is unreadable before that. */
static ssize_t mem_ptrs(const struct ctx *x, uint64_t addr, uint64_t *p, size_t max)
{
        bool whole = mem_get(x, addr, p, max * 8);

        for (size_t k = 0; k < max; k++) {
                if (!whole && !mem_get(x, addr + k * 8, &p[k], 8))
                        return -1;
                if (!p[k])
                        return (ssize_t)k;
        }
        return (ssize_t)max;
}

/* execve's argv: ["a", "b"], SYSFMT_STRLEN strings at most, then "..." */
static void put_argv(struct ctx *x, uint64_t addr)
{
        uint64_t p[SYSFMT_STRLEN + 1];
        ssize_t n;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        n = mem_ptrs(x, addr, p, COUNT(p));
        if (n < 0) {
                put_ptr(&x->o, addr);
                return;
        }
        put(&x->o, "[", 1);
        for (ssize_t k = 0; k < n && k < SYSFMT_STRLEN; k++) {
                if (k)
                        puts_(&x->o, ", ");
                put_cstr(x, p[k], SYSFMT_STRLEN);
        }
        if (n > SYSFMT_STRLEN)
                puts_(&x->o, ", ...");
        put(&x->o, "]", 1);
}

/* execve's envp: its address and how many strings it has */
static void put_envp(struct ctx *x, uint64_t addr)
{
        uint64_t p[64];
        size_t n = 0;
        ssize_t k;

        put_ptr(&x->o, addr);
        if (!addr)
                return;
        do {
                k = mem_ptrs(x, addr + n * 8, p, COUNT(p));
                if (k < 0)
                        return; /* unreadable: strace shows the address only */
                n += (size_t)k;
        } while (k == (ssize_t)COUNT(p));
        putf(&x->o, " /* %zu var%s */", n, n == 1 ? "" : "s");
}

static const struct xname domains[] = {
        { 0, "AF_UNSPEC" }, { 1, "AF_UNIX" }, { 2, "AF_INET" }, { 10, "AF_INET6" },
        { 16, "AF_NETLINK" }, { 17, "AF_PACKET" },
};

static void put_sockaddr(struct ctx *x, uint64_t addr, uint64_t len)
{
        unsigned char sa[128];
        uint16_t fam;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (len < 2 || len > sizeof(sa) || !mem_get(x, addr, sa, (size_t)len)) {
                put_ptr(&x->o, addr);
                return;
        }
        memcpy(&fam, sa, 2);
        puts_(&x->o, "{sa_family=");
        if (fam == 2 && len >= 8) {
                putf(&x->o, "AF_INET, sin_port=htons(%u), sin_addr=inet_addr(\"%u.%u.%u.%u\")}",
                     (unsigned)(sa[2] << 8 | sa[3]), sa[4], sa[5], sa[6], sa[7]);
        } else if (fam == 10 && len >= 28) {
                char ip[INET6_ADDRSTRLEN];
                uint32_t flow, scope;

                memcpy(&flow, sa + 4, 4);
                memcpy(&scope, sa + 24, 4);
                if (!inet_ntop(AF_INET6, sa + 8, ip, sizeof(ip)))
                        ip[0] = '\0';
                putf(&x->o, "AF_INET6, sin6_port=htons(%u), sin6_flowinfo=htonl(%u), "
                            "inet_pton(AF_INET6, \"%s\", &sin6_addr), sin6_scope_id=%u}",
                     (unsigned)(sa[2] << 8 | sa[3]), ntohl(flow), ip, scope);
        } else if (fam == 1 && len == 2) { /* unnamed */
                puts_(&x->o, "AF_UNIX}");
        } else if (fam == 1 && sa[2] == 0) { /* abstract: its bytes, all of them */
                puts_(&x->o, "AF_UNIX, sun_path=@");
                put_quoted(&x->o, sa + 3, (size_t)len - 3, false);
                put(&x->o, "}", 1);
        } else if (fam == 1) {
                size_t n = strnlen((char *)sa + 2, (size_t)len - 2);

                puts_(&x->o, "AF_UNIX, sun_path=");
                put_quoted(&x->o, sa + 2, n, false);
                put(&x->o, "}", 1);
        } else if (fam == 16 && len >= 12) {
                uint32_t pid, groups;

                memcpy(&pid, sa + 4, 4);
                memcpy(&groups, sa + 8, 4);
                putf(&x->o, "AF_NETLINK, nl_pid=%d, nl_groups=%08x}", (int32_t)pid, groups);
        } else {
                const char *s = xlookup(fam, domains, COUNT(domains));

                if (s)
                        puts_(&x->o, s);
                else
                        putf(&x->o, "%u", fam);
                puts_(&x->o, ", ...}");
        }
}

/* ---- netlink messages (NETLINK_ROUTE) ----------------------------------------
 * What strace 6.1 prints for the bytes sendto/recvfrom and sendmsg/recvmsg's iovecs
 * carry on a NETLINK_ROUTE socket: the nlmsghdrs, one `[{hdr}, payload]` each (a
 * list of them when more than one fits), the payload ifinfomsg, ifaddrmsg or rtmsg
 * and its rtattr list, an nlmsgerr, NLMSG_DONE's int; what strace has no decoder for,
 * in hex. At most SYSFMT_STRLEN messages and attributes a list, then "...", as
 * strace's -s. The socket's protocol comes from the caller (sysfmt_mem.nl_proto). */

#define NL_HDRLEN 16u
#define NL_ALIGN(n) (((n) + 3u) & ~3u)

struct nlhdr {
        uint32_t len;
        uint16_t type, flags;
        uint32_t seq, pid;
};

/* An attribute's payload printer: false when it cannot (too short), and the bytes
 * are then shown in hex, as strace's decoders fall back. aux: the message's family
 * (rtm_family, ifa_family) for the address attributes. */
typedef bool (*nla_put_fn)(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux);

struct nla_desc {
        const char *name;
        nla_put_fn put;
};

static const struct xname nl_base_types[] = {
        { 1, "NLMSG_NOOP" }, { 2, "NLMSG_ERROR" }, { 3, "NLMSG_DONE" }, { 4, "NLMSG_OVERRUN" },
};

static const struct xname sock_diag_types[] = {
        { 18, "TCPDIAG_GETSOCK" }, { 19, "DCCPDIAG_GETSOCK" },
        { 20, "SOCK_DIAG_BY_FAMILY" }, { 21, "SOCK_DESTROY" },
};

static const char *const rtm_names[] = {
        [16 - 16] = "RTM_NEWLINK",     "RTM_DELLINK",     "RTM_GETLINK",    "RTM_SETLINK",
        [20 - 16] = "RTM_NEWADDR",     "RTM_DELADDR",     "RTM_GETADDR",
        [24 - 16] = "RTM_NEWROUTE",    "RTM_DELROUTE",    "RTM_GETROUTE",
        [28 - 16] = "RTM_NEWNEIGH",    "RTM_DELNEIGH",    "RTM_GETNEIGH",
        [32 - 16] = "RTM_NEWRULE",     "RTM_DELRULE",     "RTM_GETRULE",
        [36 - 16] = "RTM_NEWQDISC",    "RTM_DELQDISC",    "RTM_GETQDISC",
        [40 - 16] = "RTM_NEWTCLASS",   "RTM_DELTCLASS",   "RTM_GETTCLASS",
        [44 - 16] = "RTM_NEWTFILTER",  "RTM_DELTFILTER",  "RTM_GETTFILTER",
        [48 - 16] = "RTM_NEWACTION",   "RTM_DELACTION",   "RTM_GETACTION",
        [52 - 16] = "RTM_NEWPREFIX",
        [58 - 16] = "RTM_GETMULTICAST",
        [62 - 16] = "RTM_GETANYCAST",
        [64 - 16] = "RTM_NEWNEIGHTBL", [66 - 16] = "RTM_GETNEIGHTBL", "RTM_SETNEIGHTBL",
        [68 - 16] = "RTM_NEWNDUSEROPT",
        [72 - 16] = "RTM_NEWADDRLABEL", "RTM_DELADDRLABEL", "RTM_GETADDRLABEL",
        [78 - 16] = "RTM_GETDCB",      "RTM_SETDCB",
        [80 - 16] = "RTM_NEWNETCONF",  "RTM_DELNETCONF",  "RTM_GETNETCONF",
        [84 - 16] = "RTM_NEWMDB",      "RTM_DELMDB",      "RTM_GETMDB",
        [88 - 16] = "RTM_NEWNSID",     "RTM_DELNSID",     "RTM_GETNSID",
        [92 - 16] = "RTM_NEWSTATS",    [94 - 16] = "RTM_GETSTATS",
        [96 - 16] = "RTM_NEWCACHEREPORT",
        [100 - 16] = "RTM_NEWCHAIN",   "RTM_DELCHAIN",    "RTM_GETCHAIN",
        [104 - 16] = "RTM_NEWNEXTHOP", "RTM_DELNEXTHOP",  "RTM_GETNEXTHOP",
        [108 - 16] = "RTM_NEWLINKPROP", "RTM_DELLINKPROP", "RTM_GETLINKPROP",
        [112 - 16] = "RTM_NEWVLAN",    "RTM_DELVLAN",     "RTM_GETVLAN",
        [116 - 16] = "RTM_NEWNEXTHOPBUCKET", "RTM_DELNEXTHOPBUCKET", "RTM_GETNEXTHOPBUCKET",
        [120 - 16] = "RTM_NEWTUNNEL",  "RTM_DELTUNNEL",   "RTM_GETTUNNEL",
};

/* proto: the socket's netlink protocol (NETLINK_ROUTE 0, NETLINK_SOCK_DIAG 4), < 0
 * when not known */
static void put_nl_type(struct out *o, uint16_t type, int proto)
{
        if (type < 16 || (proto != 0 && proto != 4))
                put_enum(o, type, nl_base_types, COUNT(nl_base_types), "NLMSG_");
        else if (proto == 4)
                put_enum(o, type, sock_diag_types, COUNT(sock_diag_types), "SOCK_DIAG_");
        else if (type - 16u < COUNT(rtm_names) && rtm_names[type - 16])
                puts_(o, rtm_names[type - 16]);
        else
                putf(o, "%#x /* RTM_??? */", type);
}

/* The common flags, then those of the message's kind (a request's NLM_F_DUMP, a
 * new object's NLM_F_CREATE, an ack's NLM_F_CAPPED), in strace's order. Every
 * NETLINK_SOCK_DIAG message takes a request's. */
static void put_nl_flags(struct out *o, const struct nlhdr *h, int proto)
{
        static const struct xname common[] = {
                { 0x01, "NLM_F_REQUEST" }, { 0x02, "NLM_F_MULTI" },
                { 0x04, "NLM_F_ACK" },     { 0x08, "NLM_F_ECHO" },
                { 0x10, "NLM_F_DUMP_INTR" }, { 0x20, "NLM_F_DUMP_FILTERED" },
        };
        static const struct xname get[] = { { 0x300, "NLM_F_DUMP" }, { 0x100, "NLM_F_ROOT" },
                                            { 0x200, "NLM_F_MATCH" }, { 0x400, "NLM_F_ATOMIC" } };
        static const struct xname new[] = { { 0x100, "NLM_F_REPLACE" }, { 0x200, "NLM_F_EXCL" },
                                            { 0x400, "NLM_F_CREATE" }, { 0x800, "NLM_F_APPEND" } };
        static const struct xname del[] = { { 0x100, "NLM_F_NONREC" }, { 0x200, "NLM_F_BULK" } };
        static const struct xname ack[] = { { 0x100, "NLM_F_CAPPED" }, { 0x200, "NLM_F_ACK_TLVS" } };
        struct xname t[COUNT(common) + 4];
        const struct xname *k = NULL;
        size_t n = COUNT(common), nk = 0;

        if (h->type == 2) {
                k = ack, nk = COUNT(ack);
        } else if (h->type >= 16 && proto == 4) {
                k = get, nk = COUNT(get);
        } else if (h->type >= 16 && proto == 0) {
                /* RTM_DELACTION takes NLM_F_ROOT as the requests do */
                unsigned kind = h->type == 49 ? 2 : h->type & 3;

                if (kind == 0)
                        k = new, nk = COUNT(new);
                else if (kind == 1)
                        k = del, nk = COUNT(del);
                else if (kind == 2)
                        k = get, nk = COUNT(get);
        }
        memcpy(t, common, sizeof(common));
        if (nk)
                memcpy(t + n, k, nk * sizeof(*k));
        put_flags(o, h->flags, t, n + nk, "NLM_F_");
}

/* len bytes at addr in hex, SYSFMT_STRLEN of them (strace's QUOTE_FORCE_HEX) */
static void put_hexbytes(struct ctx *x, uint64_t addr, uint64_t len)
{
        put_buf(x, addr, len, true);
}

/* An interface index as strace names it: by the name it has in the tracer's own
 * network namespace (strace's if_indextoname), asked of the caller (sysfmt_mem.ifname);
 * without one, loopback's 1 only */
static void put_ifindex(struct ctx *x, uint32_t idx)
{
        char name[64];

        if (idx && x->m && x->m->ifname && x->m->ifname(idx, name, sizeof(name)))
                putf(&x->o, "if_nametoindex(\"%s\")", name);
        else if (idx == 1 && !(x->m && x->m->ifname))
                puts_(&x->o, "if_nametoindex(\"lo\")");
        else
                putf(&x->o, "%u", idx);
}

/* An attribute's first size bytes (1, 4 or 8) as a number: unsigned, or an int32_t
 * (sgn); false when it is shorter or cannot be read. */
static bool nla_num(struct ctx *x, uint64_t addr, uint32_t len, unsigned size, bool sgn)
{
        uint64_t v = 0;

        if (len < size || !mem_get(x, addr, &v, size))
                return false;
        if (sgn)
                putf(&x->o, "%d", (int32_t)v); /* little-endian: the low bytes */
        else
                putf(&x->o, "%" PRIu64, v);
        return true;
}

static bool nla_u8(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        (void)aux;
        return nla_num(x, addr, len, 1, false);
}

static bool nla_u32(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        (void)aux;
        return nla_num(x, addr, len, 4, false);
}

static bool nla_s32(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        (void)aux;
        return nla_num(x, addr, len, 4, true);
}

static bool nla_u64(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        (void)aux;
        return nla_num(x, addr, len, 8, false);
}

static bool nla_ifindex(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        uint32_t v;

        (void)aux;
        if (len < 4 || !mem_get(x, addr, &v, 4))
                return false;
        put_ifindex(x, v);
        return true;
}

/* A NUL-terminated string of at most len bytes; "..." after one with no NUL */
static bool nla_str(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        unsigned char b[SYSFMT_STRLEN];
        size_t n = len < sizeof(b) ? len : sizeof(b), z;

        (void)aux;
        if (!mem_get(x, addr, b, n))
                return false;
        z = strnlen((char *)b, n);
        put_quoted(&x->o, b, z, z == n && len);
        return true;
}

static bool nla_hwaddr(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        uint8_t b[32];

        (void)aux;
        if (len > sizeof(b) || !mem_get(x, addr, b, len))
                return false;
        for (uint32_t i = 0; i < len; i++)
                putf(&x->o, i ? ":%02x" : "%02x", b[i]);
        return true;
}

/* an address of the message's family: inet_addr("127.0.0.1"), inet_pton(AF_INET6, "::1") */
static bool nla_inaddr(struct ctx *x, uint64_t addr, uint32_t len, unsigned family)
{
        uint8_t b[16];
        char s[INET6_ADDRSTRLEN];

        if (family == AF_INET && len >= 4 && mem_get(x, addr, b, 4) &&
            inet_ntop(AF_INET, b, s, sizeof(s))) {
                putf(&x->o, "inet_addr(\"%s\")", s);
                return true;
        }
        if (family == AF_INET6 && len >= 16 && mem_get(x, addr, b, 16) &&
            inet_ntop(AF_INET6, b, s, sizeof(s))) {
                putf(&x->o, "inet_pton(AF_INET6, \"%s\")", s);
                return true;
        }
        return false;
}

static bool nla_rtext(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        static const struct xname f[] = {
                { 1, "RTEXT_FILTER_VF" },         { 2, "RTEXT_FILTER_BRVLAN" },
                { 4, "RTEXT_FILTER_BRVLAN_COMPRESSED" }, { 8, "RTEXT_FILTER_SKIP_STATS" },
                { 16, "RTEXT_FILTER_MRP" },       { 32, "RTEXT_FILTER_CFM_CONFIG" },
                { 64, "RTEXT_FILTER_CFM_STATUS" }, { 128, "RTEXT_FILTER_MST" },
        };
        uint32_t v;

        (void)aux;
        if (len < 4 || !mem_get(x, addr, &v, 4))
                return false;
        put_flags(&x->o, v, f, COUNT(f), "RTEXT_FILTER_");
        return true;
}

static const char *const link_stats_names[] = {
        "rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors",
        "rx_dropped", "tx_dropped", "multicast", "collisions", "rx_length_errors",
        "rx_over_errors", "rx_crc_errors", "rx_frame_errors", "rx_fifo_errors",
        "rx_missed_errors", "tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors",
        "tx_heartbeat_errors", "tx_window_errors", "rx_compressed", "tx_compressed",
        "rx_nohandler", "rx_otherhost_dropped",
};

/* struct rtnl_link_stats (u32s) or rtnl_link_stats64: the fields the kernel's length
 * holds, from 23 (the oldest struct) to all 25 */
static bool put_link_stats(struct ctx *x, uint64_t addr, uint32_t len, size_t width)
{
        uint8_t b[COUNT(link_stats_names) * 8];
        size_t n = len / width;

        if (n < 23)
                return false;
        if (n > COUNT(link_stats_names) - (width == 4))
                n = COUNT(link_stats_names) - (width == 4);
        if (!mem_get(x, addr, b, n * width))
                return false;
        put(&x->o, "{", 1);
        for (size_t i = 0; i < n; i++) {
                uint64_t v = 0;
                uint32_t v32;

                if (width == 8) {
                        memcpy(&v, b + 8 * i, 8);
                } else {
                        memcpy(&v32, b + 4 * i, 4);
                        v = v32;
                }
                putf(&x->o, "%s%s=%" PRIu64, i ? ", " : "", link_stats_names[i], v);
        }
        put(&x->o, "}", 1);
        return true;
}

static bool nla_stats(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        (void)aux;
        return put_link_stats(x, addr, len, 4);
}

static bool nla_stats64(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        (void)aux;
        return put_link_stats(x, addr, len, 8);
}

/* IFLA_*: strace 6.1 names them up to IFLA_ALLMULTI (61) */
static const struct nla_desc ifla[] = {
        [0] = { "IFLA_UNSPEC", NULL },          [1] = { "IFLA_ADDRESS", nla_hwaddr },
        [2] = { "IFLA_BROADCAST", nla_hwaddr }, [3] = { "IFLA_IFNAME", nla_str },
        [4] = { "IFLA_MTU", nla_u32 },          [5] = { "IFLA_LINK", nla_u32 },
        [6] = { "IFLA_QDISC", nla_str },        [7] = { "IFLA_STATS", nla_stats },
        [8] = { "IFLA_COST", NULL },            [9] = { "IFLA_PRIORITY", NULL },
        [10] = { "IFLA_MASTER", nla_u32 },      [11] = { "IFLA_WIRELESS", NULL },
        [12] = { "IFLA_PROTINFO", NULL },       [13] = { "IFLA_TXQLEN", nla_u32 },
        [14] = { "IFLA_MAP", NULL },            [15] = { "IFLA_WEIGHT", nla_u32 },
        [16] = { "IFLA_OPERSTATE", nla_u8 },    [17] = { "IFLA_LINKMODE", nla_u8 },
        [18] = { "IFLA_LINKINFO", NULL },       [19] = { "IFLA_NET_NS_PID", nla_u32 },
        [20] = { "IFLA_IFALIAS", nla_str },     [21] = { "IFLA_NUM_VF", nla_u32 },
        [22] = { "IFLA_VFINFO_LIST", NULL },    [23] = { "IFLA_STATS64", nla_stats64 },
        [24] = { "IFLA_VF_PORTS", NULL },       [25] = { "IFLA_PORT_SELF", NULL },
        [26] = { "IFLA_AF_SPEC", NULL },        [27] = { "IFLA_GROUP", nla_u32 },
        [28] = { "IFLA_NET_NS_FD", nla_u32 },   [29] = { "IFLA_EXT_MASK", nla_rtext },
        [30] = { "IFLA_PROMISCUITY", nla_u32 }, [31] = { "IFLA_NUM_TX_QUEUES", nla_u32 },
        [32] = { "IFLA_NUM_RX_QUEUES", nla_u32 }, [33] = { "IFLA_CARRIER", nla_u8 },
        [34] = { "IFLA_PHYS_PORT_ID", NULL },   [35] = { "IFLA_CARRIER_CHANGES", nla_u32 },
        [36] = { "IFLA_PHYS_SWITCH_ID", NULL }, [37] = { "IFLA_LINK_NETNSID", nla_s32 },
        [38] = { "IFLA_PHYS_PORT_NAME", nla_str }, [39] = { "IFLA_PROTO_DOWN", nla_u8 },
        [40] = { "IFLA_GSO_MAX_SEGS", nla_u32 }, [41] = { "IFLA_GSO_MAX_SIZE", nla_u32 },
        [42] = { "IFLA_PAD", NULL },            [43] = { "IFLA_XDP", NULL },
        [44] = { "IFLA_EVENT", nla_u32 },       [45] = { "IFLA_NEW_NETNSID", nla_s32 },
        [46] = { "IFLA_TARGET_NETNSID", nla_s32 }, [47] = { "IFLA_CARRIER_UP_COUNT", nla_u32 },
        [48] = { "IFLA_CARRIER_DOWN_COUNT", nla_u32 }, [49] = { "IFLA_NEW_IFINDEX", nla_s32 },
        [50] = { "IFLA_MIN_MTU", nla_u32 },     [51] = { "IFLA_MAX_MTU", nla_u32 },
        [52] = { "IFLA_PROP_LIST", NULL },      [53] = { "IFLA_ALT_IFNAME", nla_str },
        [54] = { "IFLA_PERM_ADDRESS", nla_hwaddr }, [55] = { "IFLA_PROTO_DOWN_REASON", NULL },
        [56] = { "IFLA_PARENT_DEV_NAME", nla_str }, [57] = { "IFLA_PARENT_DEV_BUS_NAME", nla_str },
        [58] = { "IFLA_GRO_MAX_SIZE", nla_u32 }, [59] = { "IFLA_TSO_MAX_SIZE", nla_u32 },
        [60] = { "IFLA_TSO_MAX_SEGS", nla_u32 }, [61] = { "IFLA_ALLMULTI", nla_u32 },
};

static const struct xname ifa_flag_names[] = {
        { 0x01, "IFA_F_SECONDARY" },   { 0x02, "IFA_F_NODAD" },
        { 0x04, "IFA_F_OPTIMISTIC" },  { 0x08, "IFA_F_DADFAILED" },
        { 0x10, "IFA_F_HOMEADDRESS" }, { 0x20, "IFA_F_DEPRECATED" },
        { 0x40, "IFA_F_TENTATIVE" },   { 0x80, "IFA_F_PERMANENT" },
        { 0x100, "IFA_F_MANAGETEMPADDR" }, { 0x200, "IFA_F_NOPREFIXROUTE" },
        { 0x400, "IFA_F_MCAUTOJOIN" }, { 0x800, "IFA_F_STABLE_PRIVACY" },
};

static bool nla_ifa_flags(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        uint32_t v;

        (void)aux;
        if (len < 4 || !mem_get(x, addr, &v, 4))
                return false;
        put_flags(&x->o, v, ifa_flag_names, COUNT(ifa_flag_names), "IFA_F_");
        return true;
}

static bool nla_ifa_cacheinfo(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        uint32_t v[4];

        (void)aux;
        if (len < sizeof(v) || !mem_get(x, addr, v, sizeof(v)))
                return false;
        putf(&x->o, "{ifa_prefered=%u, ifa_valid=%u, cstamp=%u, tstamp=%u}", v[0], v[1], v[2],
             v[3]);
        return true;
}

static const struct nla_desc ifa[] = {
        [0] = { "IFA_UNSPEC", NULL },         [1] = { "IFA_ADDRESS", nla_inaddr },
        [2] = { "IFA_LOCAL", nla_inaddr },    [3] = { "IFA_LABEL", nla_str },
        [4] = { "IFA_BROADCAST", nla_inaddr }, [5] = { "IFA_ANYCAST", nla_inaddr },
        [6] = { "IFA_CACHEINFO", nla_ifa_cacheinfo }, [7] = { "IFA_MULTICAST", nla_inaddr },
        [8] = { "IFA_FLAGS", nla_ifa_flags }, [9] = { "IFA_RT_PRIORITY", nla_u32 },
        [10] = { "IFA_TARGET_NETNSID", nla_s32 }, [11] = { "IFA_PROTO", NULL },
};

static const struct xname rt_tables[] = {
        { 0, "RT_TABLE_UNSPEC" }, { 252, "RT_TABLE_COMPAT" }, { 253, "RT_TABLE_DEFAULT" },
        { 254, "RT_TABLE_MAIN" }, { 255, "RT_TABLE_LOCAL" },
};

static void put_rt_table(struct out *o, uint32_t v)
{
        const char *s = xlookup(v, rt_tables, COUNT(rt_tables));

        if (s)
                puts_(o, s);
        else
                putf(o, "%u", v);
}

static bool nla_rt_table(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        uint32_t v;

        (void)aux;
        if (len < 4 || !mem_get(x, addr, &v, 4))
                return false;
        put_rt_table(&x->o, v);
        return true;
}

static bool nla_rta_cacheinfo(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        uint32_t v[8];
        int32_t err;

        (void)aux;
        if (len < sizeof(v) || !mem_get(x, addr, v, sizeof(v)))
                return false;
        memcpy(&err, &v[3], 4);
        putf(&x->o, "{rta_clntref=%u, rta_lastuse=%u, rta_expires=%u, rta_error=%d, "
                    "rta_used=%u, rta_id=%u, rta_ts=%u, rta_tsage=%u}",
             v[0], v[1], v[2], err, v[4], v[5], v[6], v[7]);
        return true;
}

static const struct nla_desc rta[] = {
        [0] = { "RTA_UNSPEC", NULL },       [1] = { "RTA_DST", nla_inaddr },
        [2] = { "RTA_SRC", nla_inaddr },    [3] = { "RTA_IIF", nla_ifindex },
        [4] = { "RTA_OIF", nla_ifindex },   [5] = { "RTA_GATEWAY", nla_inaddr },
        [6] = { "RTA_PRIORITY", nla_u32 },  [7] = { "RTA_PREFSRC", nla_inaddr },
        [8] = { "RTA_METRICS", NULL },      [9] = { "RTA_MULTIPATH", NULL },
        [10] = { "RTA_PROTOINFO", NULL },   [11] = { "RTA_FLOW", nla_u32 },
        [12] = { "RTA_CACHEINFO", nla_rta_cacheinfo }, [13] = { "RTA_SESSION", NULL },
        [14] = { "RTA_MP_ALGO", NULL },     [15] = { "RTA_TABLE", nla_rt_table },
        [16] = { "RTA_MARK", nla_u32 },     [17] = { "RTA_MFC_STATS", NULL },
        [18] = { "RTA_VIA", NULL },         [19] = { "RTA_NEWDST", nla_inaddr },
        [20] = { "RTA_PREF", nla_u8 },      [21] = { "RTA_ENCAP_TYPE", NULL },
        [22] = { "RTA_ENCAP", NULL },       [23] = { "RTA_EXPIRES", nla_u64 },
        [24] = { "RTA_PAD", NULL },         [25] = { "RTA_UID", nla_u32 },
        [26] = { "RTA_TTL_PROPAGATE", nla_u8 }, [27] = { "RTA_IP_PROTO", NULL },
        [28] = { "RTA_SPORT", NULL },       [29] = { "RTA_DPORT", NULL },
        [30] = { "RTA_NH_ID", nla_u32 },
};

/* nlmsgerr's extended ack (NETLINK_EXT_ACK) */
static const struct nla_desc nlmsgerr_attrs[] = {
        [0] = { "NLMSGERR_ATTR_UNUSED", NULL }, [1] = { "NLMSGERR_ATTR_MSG", nla_str },
        [2] = { "NLMSGERR_ATTR_OFFS", nla_u32 }, [3] = { "NLMSGERR_ATTR_COOKIE", NULL },
        [4] = { "NLMSGERR_ATTR_POLICY", NULL }, [5] = { "NLMSGERR_ATTR_MISS_TYPE", nla_u32 },
        [6] = { "NLMSGERR_ATTR_MISS_NEST", nla_u32 },
};

/* strace's decode_nlattr: [{nla_len=8, nla_type=IFLA_MTU}, 65536], a list of them when
 * more than one fits, "..." after SYSFMT_STRLEN; prefix names an unknown type */
static void put_nlattrs(struct ctx *x, uint64_t addr, uint64_t len, const struct nla_desc *t,
                        size_t nt, const char *prefix, unsigned aux)
{
        bool list = false;

        for (unsigned elt = 0;; elt++) {
                struct {
                        uint16_t len, type;
                } a;
                uint64_t next = 0, next_len = 0;
                uint32_t alen, dlen;
                uint16_t type;

                if (len < sizeof(a)) {
                        put_hexbytes(x, addr, len);
                        break;
                }
                if (!mem_get(x, addr, &a, sizeof(a))) {
                        if (list)
                                puts_(&x->o, "...");
                        else
                                put_ptr(&x->o, addr);
                        break;
                }
                if (elt == SYSFMT_STRLEN) {
                        puts_(&x->o, "...");
                        break;
                }
                if (a.len >= sizeof(a)) {
                        uint32_t al = NL_ALIGN((uint32_t)a.len);

                        next_len = len >= al ? len - al : 0;
                        if (next_len)
                                next = addr + al;
                }
                if (!list && next) {
                        put(&x->o, "[", 1);
                        list = true;
                }
                alen = a.len < len ? a.len : (uint32_t)len;
                type = a.type & 0x3fff;
                if (alen > sizeof(a))
                        put(&x->o, "[", 1);
                putf(&x->o, "{nla_len=%u, nla_type=", a.len);
                if (a.type & 0x8000)
                        puts_(&x->o, "NLA_F_NESTED|");
                if (a.type & 0x4000)
                        puts_(&x->o, "NLA_F_NET_BYTEORDER|");
                if (type < nt && t[type].name)
                        puts_(&x->o, t[type].name);
                else
                        putf(&x->o, "%#x /* %s??? */", type, prefix);
                put(&x->o, "}", 1);
                if (alen > sizeof(a)) {
                        dlen = alen - sizeof(a);
                        puts_(&x->o, ", ");
                        if (type >= nt || !t[type].put ||
                            !t[type].put(x, addr + sizeof(a), dlen, aux))
                                put_hexbytes(x, addr + sizeof(a), dlen);
                        put(&x->o, "]", 1);
                }
                if (!next)
                        break;
                puts_(&x->o, ", ");
                addr = next;
                len = next_len;
        }
        if (list)
                put(&x->o, "]", 1);
}

static const struct xname arphrd[] = {
        { 0, "ARPHRD_NETROM" },   { 1, "ARPHRD_ETHER" },     { 2, "ARPHRD_EETHER" },
        { 3, "ARPHRD_AX25" },     { 4, "ARPHRD_PRONET" },    { 5, "ARPHRD_CHAOS" },
        { 6, "ARPHRD_IEEE802" },  { 7, "ARPHRD_ARCNET" },    { 8, "ARPHRD_APPLETLK" },
        { 15, "ARPHRD_DLCI" },    { 19, "ARPHRD_ATM" },      { 23, "ARPHRD_METRICOM" },
        { 24, "ARPHRD_IEEE1394" }, { 27, "ARPHRD_EUI64" },   { 32, "ARPHRD_INFINIBAND" },
        { 256, "ARPHRD_SLIP" },   { 257, "ARPHRD_CSLIP" },   { 258, "ARPHRD_SLIP6" },
        { 259, "ARPHRD_CSLIP6" }, { 260, "ARPHRD_RSRVD" },   { 264, "ARPHRD_ADAPT" },
        { 270, "ARPHRD_ROSE" },   { 271, "ARPHRD_X25" },     { 272, "ARPHRD_HWX25" },
        { 280, "ARPHRD_CAN" },    { 290, "ARPHRD_MCTP" },    { 512, "ARPHRD_PPP" },
        { 513, "ARPHRD_CISCO" },  { 516, "ARPHRD_LAPB" },    { 517, "ARPHRD_DDCMP" },
        { 518, "ARPHRD_RAWHDLC" }, { 519, "ARPHRD_RAWIP" },  { 768, "ARPHRD_TUNNEL" },
        { 769, "ARPHRD_TUNNEL6" }, { 770, "ARPHRD_FRAD" },   { 771, "ARPHRD_SKIP" },
        { 772, "ARPHRD_LOOPBACK" }, { 773, "ARPHRD_LOCALTLK" }, { 774, "ARPHRD_FDDI" },
        { 775, "ARPHRD_BIF" },    { 776, "ARPHRD_SIT" },     { 777, "ARPHRD_IPDDP" },
        { 778, "ARPHRD_IPGRE" },  { 779, "ARPHRD_PIMREG" },  { 780, "ARPHRD_HIPPI" },
        { 781, "ARPHRD_ASH" },    { 782, "ARPHRD_ECONET" },  { 783, "ARPHRD_IRDA" },
        { 784, "ARPHRD_FCPP" },   { 785, "ARPHRD_FCAL" },    { 786, "ARPHRD_FCPL" },
        { 787, "ARPHRD_FCFABRIC" }, { 800, "ARPHRD_IEEE802_TR" }, { 801, "ARPHRD_IEEE80211" },
        { 802, "ARPHRD_IEEE80211_PRISM" }, { 803, "ARPHRD_IEEE80211_RADIOTAP" },
        { 804, "ARPHRD_IEEE802154" }, { 805, "ARPHRD_IEEE802154_MONITOR" },
        { 820, "ARPHRD_PHONET" }, { 821, "ARPHRD_PHONET_PIPE" }, { 822, "ARPHRD_CAIF" },
        { 823, "ARPHRD_IP6GRE" }, { 824, "ARPHRD_NETLINK" }, { 825, "ARPHRD_6LOWPAN" },
        { 826, "ARPHRD_VSOCKMON" }, { 0xfffe, "ARPHRD_NONE" }, { 0xffff, "ARPHRD_VOID" },
};

static const struct xname iff_names[] = {
        { 0x1, "IFF_UP" },            { 0x2, "IFF_BROADCAST" },   { 0x4, "IFF_DEBUG" },
        { 0x8, "IFF_LOOPBACK" },      { 0x10, "IFF_POINTOPOINT" }, { 0x20, "IFF_NOTRAILERS" },
        { 0x40, "IFF_RUNNING" },      { 0x80, "IFF_NOARP" },      { 0x100, "IFF_PROMISC" },
        { 0x200, "IFF_ALLMULTI" },    { 0x400, "IFF_MASTER" },    { 0x800, "IFF_SLAVE" },
        { 0x1000, "IFF_MULTICAST" },  { 0x2000, "IFF_PORTSEL" },  { 0x4000, "IFF_AUTOMEDIA" },
        { 0x8000, "IFF_DYNAMIC" },    { 0x10000, "IFF_LOWER_UP" }, { 0x20000, "IFF_DORMANT" },
        { 0x40000, "IFF_ECHO" },
};

static const struct xname rt_scopes[] = {
        { 0, "RT_SCOPE_UNIVERSE" }, { 200, "RT_SCOPE_SITE" }, { 253, "RT_SCOPE_LINK" },
        { 254, "RT_SCOPE_HOST" },   { 255, "RT_SCOPE_NOWHERE" },
};

static void put_rt_scope(struct out *o, uint8_t v)
{
        const char *s = xlookup(v, rt_scopes, COUNT(rt_scopes));

        if (s)
                puts_(o, s);
        else
                putf(o, "%u", v);
}

static void put_family(struct out *o, uint8_t fam)
{
        static const struct xname more[] = {
                { 3, "AF_AX25" }, { 4, "AF_IPX" }, { 5, "AF_APPLETALK" }, { 7, "AF_BRIDGE" },
                { 28, "AF_MPLS" }, { 129, "RTNL_FAMILY_IPMR" }, { 130, "RTNL_FAMILY_IP6MR" },
        };
        const char *s = xlookup(fam, domains, COUNT(domains));

        if (!s)
                s = xlookup(fam, more, COUNT(more));
        if (s)
                puts_(o, s);
        else
                putf(o, "%#x /* AF_??? */", fam);
}

static void put_ifinfomsg(struct ctx *x, uint64_t addr, uint64_t len, uint8_t fam)
{
        struct {
                uint8_t family, pad;
                uint16_t type;
                int32_t index;
                uint32_t flags, change;
        } m;

        puts_(&x->o, "{ifi_family=");
        put_family(&x->o, fam);
        if (len < sizeof(m)) {
                puts_(&x->o, ", ...}");
                return;
        }
        if (!mem_get(x, addr, &m, sizeof(m))) {
                puts_(&x->o, ", ");
                put_ptr(&x->o, addr + 1);
                put(&x->o, "}", 1);
                return;
        }
        puts_(&x->o, ", ifi_type=");
        put_enum(&x->o, m.type, arphrd, COUNT(arphrd), "ARPHRD_");
        puts_(&x->o, ", ifi_index=");
        put_ifindex(x, (uint32_t)m.index);
        puts_(&x->o, ", ifi_flags=");
        put_flags(&x->o, m.flags, iff_names, COUNT(iff_names), "IFF_");
        puts_(&x->o, ", ifi_change=");
        put_hex(&x->o, m.change);
        put(&x->o, "}", 1);
        if (len > sizeof(m)) {
                puts_(&x->o, ", ");
                put_nlattrs(x, addr + sizeof(m), len - sizeof(m), ifla, COUNT(ifla), "IFLA_", 0);
        }
}

static void put_ifaddrmsg(struct ctx *x, uint64_t addr, uint64_t len, uint8_t fam)
{
        struct {
                uint8_t family, prefixlen, flags, scope;
                uint32_t index;
        } m;

        puts_(&x->o, "{ifa_family=");
        put_family(&x->o, fam);
        if (len < sizeof(m)) {
                puts_(&x->o, ", ...}");
                return;
        }
        if (!mem_get(x, addr, &m, sizeof(m))) {
                puts_(&x->o, ", ");
                put_ptr(&x->o, addr + 1);
                put(&x->o, "}", 1);
                return;
        }
        putf(&x->o, ", ifa_prefixlen=%u, ifa_flags=", m.prefixlen);
        put_flags(&x->o, m.flags, ifa_flag_names, COUNT(ifa_flag_names), "IFA_F_");
        puts_(&x->o, ", ifa_scope=");
        put_rt_scope(&x->o, m.scope);
        puts_(&x->o, ", ifa_index=");
        put_ifindex(x, m.index);
        put(&x->o, "}", 1);
        if (len > sizeof(m)) {
                puts_(&x->o, ", ");
                put_nlattrs(x, addr + sizeof(m), len - sizeof(m), ifa, COUNT(ifa), "IFA_", fam);
        }
}

static void put_rtmsg(struct ctx *x, uint64_t addr, uint64_t len, uint8_t fam)
{
        static const struct xname protos[] = {
                { 0, "RTPROT_UNSPEC" },  { 1, "RTPROT_REDIRECT" }, { 2, "RTPROT_KERNEL" },
                { 3, "RTPROT_BOOT" },    { 4, "RTPROT_STATIC" },   { 8, "RTPROT_GATED" },
                { 9, "RTPROT_RA" },      { 10, "RTPROT_MRT" },     { 11, "RTPROT_ZEBRA" },
                { 12, "RTPROT_BIRD" },   { 13, "RTPROT_DNROUTED" }, { 14, "RTPROT_XORP" },
                { 15, "RTPROT_NTK" },    { 16, "RTPROT_DHCP" },    { 17, "RTPROT_MROUTED" },
                { 18, "RTPROT_KEEPALIVED" }, { 42, "RTPROT_BABEL" }, { 99, "RTPROT_OPENR" },
                { 186, "RTPROT_BGP" },   { 187, "RTPROT_ISIS" },   { 188, "RTPROT_OSPF" },
                { 189, "RTPROT_RIP" },   { 192, "RTPROT_EIGRP" },
        };
        static const struct xname types[] = {
                { 0, "RTN_UNSPEC" },    { 1, "RTN_UNICAST" },     { 2, "RTN_LOCAL" },
                { 3, "RTN_BROADCAST" }, { 4, "RTN_ANYCAST" },     { 5, "RTN_MULTICAST" },
                { 6, "RTN_BLACKHOLE" }, { 7, "RTN_UNREACHABLE" }, { 8, "RTN_PROHIBIT" },
                { 9, "RTN_THROW" },     { 10, "RTN_NAT" },        { 11, "RTN_XRESOLVE" },
        };
        static const struct xname flags[] = {
                { 0x100, "RTM_F_NOTIFY" },       { 0x200, "RTM_F_CLONED" },
                { 0x400, "RTM_F_EQUALIZE" },     { 0x800, "RTM_F_PREFIX" },
                { 0x1000, "RTM_F_LOOKUP_TABLE" }, { 0x2000, "RTM_F_FIB_MATCH" },
                { 0x4000, "RTM_F_OFFLOAD" },     { 0x8000, "RTM_F_TRAP" },
                { 0x20000000, "RTM_F_OFFLOAD_FAILED" },
        };
        struct {
                uint8_t family, dst_len, src_len, tos, table, protocol, scope, type;
                uint32_t flags;
        } m;

        puts_(&x->o, "{rtm_family=");
        put_family(&x->o, fam);
        if (len < sizeof(m)) {
                puts_(&x->o, ", ...}");
                return;
        }
        if (!mem_get(x, addr, &m, sizeof(m))) {
                puts_(&x->o, ", ");
                put_ptr(&x->o, addr + 1);
                put(&x->o, "}", 1);
                return;
        }
        putf(&x->o, ", rtm_dst_len=%u, rtm_src_len=%u, rtm_tos=", m.dst_len, m.src_len);
        if (m.tos)
                putf(&x->o, "%#x", m.tos);
        else
                put(&x->o, "0", 1);
        puts_(&x->o, ", rtm_table=");
        put_rt_table(&x->o, m.table);
        puts_(&x->o, ", rtm_protocol=");
        put_enum(&x->o, m.protocol, protos, COUNT(protos), "RTPROT_");
        puts_(&x->o, ", rtm_scope=");
        put_rt_scope(&x->o, m.scope);
        puts_(&x->o, ", rtm_type=");
        put_enum(&x->o, m.type, types, COUNT(types), "RTN_");
        puts_(&x->o, ", rtm_flags=");
        put_flags(&x->o, m.flags, flags, COUNT(flags), "RTM_F_");
        put(&x->o, "}", 1);
        if (len > sizeof(m)) {
                puts_(&x->o, ", ");
                put_nlattrs(x, addr + sizeof(m), len - sizeof(m), rta, COUNT(rta), "RTA_", fam);
        }
}

/* ---- NETLINK_SOCK_DIAG (ss) ---------------------------------------------------
 * strace's decode_netlink_sock_diag for AF_INET and AF_INET6: a request's
 * inet_diag_req_v2 (inet_diag_req for the old TCPDIAG_GETSOCK and DCCPDIAG_GETSOCK), a
 * reply's inet_diag_msg and its INET_DIAG_* attributes. Which one by NLM_F_REQUEST, as
 * strace. The other families' payloads (unix_diag, netlink_diag, packet_diag...) in
 * strace's decode_family form, which strace itself uses only for families it has no
 * decoder for: those lines differ. */

static const struct xname tcp_states[] = {
        { 1, "TCP_ESTABLISHED" }, { 2, "TCP_SYN_SENT" },  { 3, "TCP_SYN_RECV" },
        { 4, "TCP_FIN_WAIT1" },   { 5, "TCP_FIN_WAIT2" }, { 6, "TCP_TIME_WAIT" },
        { 7, "TCP_CLOSE" },       { 8, "TCP_CLOSE_WAIT" }, { 9, "TCP_LAST_ACK" },
        { 10, "TCP_LISTEN" },     { 11, "TCP_CLOSING" },  { 12, "TCP_NEW_SYN_RECV" },
};

/* idiag_states: 1<<TCP_ESTABLISHED|...; bit 0 is no state, left in hex (`|0x1`) */
static void put_tcp_state_flags(struct out *o, uint32_t v)
{
        static const struct xname f[] = {
                { 1u << 1, "1<<TCP_ESTABLISHED" }, { 1u << 2, "1<<TCP_SYN_SENT" },
                { 1u << 3, "1<<TCP_SYN_RECV" },    { 1u << 4, "1<<TCP_FIN_WAIT1" },
                { 1u << 5, "1<<TCP_FIN_WAIT2" },   { 1u << 6, "1<<TCP_TIME_WAIT" },
                { 1u << 7, "1<<TCP_CLOSE" },       { 1u << 8, "1<<TCP_CLOSE_WAIT" },
                { 1u << 9, "1<<TCP_LAST_ACK" },    { 1u << 10, "1<<TCP_LISTEN" },
                { 1u << 11, "1<<TCP_CLOSING" },    { 1u << 12, "1<<TCP_NEW_SYN_RECV" },
        };

        put_flags(o, v, f, COUNT(f), "1<<TCP_");
}

/* idiag_ext: the attributes asked for, bit N-1 for INET_DIAG_N */
static void put_inet_diag_ext(struct out *o, uint8_t v)
{
        static const struct xname f[] = {
                { 1u << 0, "1<<(INET_DIAG_MEMINFO-1)" }, { 1u << 1, "1<<(INET_DIAG_INFO-1)" },
                { 1u << 2, "1<<(INET_DIAG_VEGASINFO-1)" }, { 1u << 3, "1<<(INET_DIAG_CONG-1)" },
                { 1u << 4, "1<<(INET_DIAG_TOS-1)" },     { 1u << 5, "1<<(INET_DIAG_TCLASS-1)" },
                { 1u << 6, "1<<(INET_DIAG_SKMEMINFO-1)" }, { 1u << 7, "1<<(INET_DIAG_SHUTDOWN-1)" },
        };

        put_flags(o, v, f, COUNT(f), "1<<INET_DIAG_");
}

static void put_inet_proto(struct out *o, uint8_t v)
{
        static const struct xname ip[] = {
                N(IPPROTO_IP),   N(IPPROTO_ICMP), N(IPPROTO_IGMP), N(IPPROTO_IPIP),
                N(IPPROTO_TCP),  N(IPPROTO_EGP),  N(IPPROTO_PUP),  N(IPPROTO_UDP),
                N(IPPROTO_IDP),  N(IPPROTO_TP),   N(IPPROTO_DCCP), N(IPPROTO_IPV6),
                N(IPPROTO_RSVP), N(IPPROTO_GRE),  N(IPPROTO_ESP),  N(IPPROTO_AH),
                N(IPPROTO_ICMPV6), N(IPPROTO_MTP), N(IPPROTO_BEETPH), N(IPPROTO_ENCAP),
                N(IPPROTO_PIM),  N(IPPROTO_COMP), N(IPPROTO_SCTP), N(IPPROTO_UDPLITE),
                N(IPPROTO_MPLS), N(IPPROTO_RAW),
        };

        put_enum(o, v, ip, COUNT(ip), "IPPROTO_");
}

struct inet_diag_id {
        uint16_t sport, dport;          /* network order */
        uint8_t src[16], dst[16];
        uint32_t ifindex, cookie[2];
};

/* strace's PRINT_FIELD_INET_ADDR: an AF_INET address as a field, an AF_INET6 one as
 * the call that would fill it */
static void put_diag_addr(struct out *o, const char *name, const uint8_t *a, uint8_t fam)
{
        char s[INET6_ADDRSTRLEN];

        if (fam == AF_INET && inet_ntop(AF_INET, a, s, sizeof(s)))
                putf(o, "%s=inet_addr(\"%s\")", name, s);
        else if (inet_ntop(AF_INET6, a, s, sizeof(s)))
                putf(o, "inet_pton(AF_INET6, \"%s\", &%s)", s, name);
}

static void put_inet_diag_id(struct ctx *x, const struct inet_diag_id *id, uint8_t fam)
{
        putf(&x->o, "id={idiag_sport=htons(%u), idiag_dport=htons(%u), ", ntohs(id->sport),
             ntohs(id->dport));
        put_diag_addr(&x->o, "idiag_src", id->src, fam);
        puts_(&x->o, ", ");
        put_diag_addr(&x->o, "idiag_dst", id->dst, fam);
        puts_(&x->o, ", idiag_if=");
        put_ifindex(x, id->ifindex);
        putf(&x->o, ", idiag_cookie=[%u, %u]}", id->cookie[0], id->cookie[1]);
}

/* INET_DIAG_REQ_BYTECODE is not decoded (ss sends it in an iovec of its own, where
 * strace does not look for it either) */
static const struct nla_desc inet_diag_req_attrs[] = {
        [0] = { "INET_DIAG_REQ_NONE", NULL },     [1] = { "INET_DIAG_REQ_BYTECODE", NULL },
        [2] = { "INET_DIAG_REQ_SK_BPF_STORAGES", NULL }, [3] = { "INET_DIAG_REQ_PROTOCOL", NULL },
};

/* A request: inet_diag_req_v2, or the old inet_diag_req (compat) */
static void put_inet_diag_req(struct ctx *x, uint64_t addr, uint64_t len, uint8_t fam,
                              bool compat)
{
        struct {
                uint8_t family, protocol, ext, pad;
                uint32_t states;
                struct inet_diag_id id;
        } r;
        struct {
                uint8_t family, src_len, dst_len, ext;
                struct inet_diag_id id;
                uint32_t states, dbs;
        } c;
        size_t size = compat ? sizeof(c) : sizeof(r);

        putf(&x->o, "{%s=", compat ? "idiag_family" : "sdiag_family");
        put_family(&x->o, fam);
        puts_(&x->o, ", ");
        if (len < size) {
                puts_(&x->o, "...}");
                return;
        }
        if (!mem_get(x, addr, compat ? (void *)&c : (void *)&r, size)) {
                put_ptr(&x->o, addr + 1);
                put(&x->o, "}", 1);
                return;
        }
        if (compat) {
                putf(&x->o, "idiag_src_len=%u, idiag_dst_len=%u, idiag_ext=", c.src_len,
                     c.dst_len);
                put_inet_diag_ext(&x->o, c.ext);
                puts_(&x->o, ", ");
                put_inet_diag_id(x, &c.id, fam);
                puts_(&x->o, ", idiag_states=");
                put_tcp_state_flags(&x->o, c.states);
                putf(&x->o, ", idiag_dbs=%u}", c.dbs);
        } else {
                puts_(&x->o, "sdiag_protocol=");
                put_inet_proto(&x->o, r.protocol);
                puts_(&x->o, ", idiag_ext=");
                put_inet_diag_ext(&x->o, r.ext);
                puts_(&x->o, ", idiag_states=");
                put_tcp_state_flags(&x->o, r.states);
                puts_(&x->o, ", ");
                put_inet_diag_id(x, &r.id, fam);
                put(&x->o, "}", 1);
        }
        if (len > NL_ALIGN(size)) {
                puts_(&x->o, ", ");
                put_nlattrs(x, addr + NL_ALIGN(size), len - NL_ALIGN(size), inet_diag_req_attrs,
                            COUNT(inet_diag_req_attrs), "INET_DIAG_REQ_", 0);
        }
}

/* the u32 fields of a struct, names given, as {a=1, b=2}; hex marks those in %#x */
static bool nla_u32s(struct ctx *x, uint64_t addr, uint32_t len, const char *const *names,
                     size_t n, uint32_t hex)
{
        uint32_t v[8];

        if (len < n * 4 || n > COUNT(v) || !mem_get(x, addr, v, n * 4))
                return false;
        put(&x->o, "{", 1);
        for (size_t i = 0; i < n; i++) {
                putf(&x->o, "%s%s=", i ? ", " : "", names[i]);
                if (hex & (1u << i))
                        put_hex(&x->o, v[i]);
                else
                        putf(&x->o, "%u", v[i]);
        }
        put(&x->o, "}", 1);
        return true;
}

static bool nla_diag_meminfo(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        static const char *const f[] = { "idiag_rmem", "idiag_wmem", "idiag_fmem", "idiag_tmem" };

        (void)aux;
        return nla_u32s(x, addr, len, f, COUNT(f), 0);
}

static bool nla_diag_vegas(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        static const char *const f[] = { "tcpv_enabled", "tcpv_rttcnt", "tcpv_rtt",
                                         "tcpv_minrtt" };

        (void)aux;
        return nla_u32s(x, addr, len, f, COUNT(f), 0);
}

static bool nla_diag_bbr(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        static const char *const f[] = { "bbr_bw_lo", "bbr_bw_hi", "bbr_min_rtt",
                                         "bbr_pacing_gain", "bbr_cwnd_gain" };

        (void)aux;
        return nla_u32s(x, addr, len, f, COUNT(f), 0x3); /* the bandwidth in hex */
}

static bool nla_diag_dctcp(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        struct {
                uint16_t enabled, ce_state;
                uint32_t alpha, ab_ecn, ab_tot;
        } d;

        (void)aux;
        if (len < sizeof(d) || !mem_get(x, addr, &d, sizeof(d)))
                return false;
        putf(&x->o, "{dctcp_enabled=%u, dctcp_ce_state=%u, dctcp_alpha=%u, dctcp_ab_ecn=%u, "
                    "dctcp_ab_tot=%u}", d.enabled, d.ce_state, d.alpha, d.ab_ecn, d.ab_tot);
        return true;
}

/* INET_DIAG_SKMEMINFO: sk_meminfo's u32 array, each by its index's name */
static bool nla_diag_skmeminfo(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        static const char *const f[] = {
                "RMEM_ALLOC", "RCVBUF", "WMEM_ALLOC", "SNDBUF", "FWD_ALLOC",
                "WMEM_QUEUED", "OPTMEM", "BACKLOG", "DROPS",
        };
        uint32_t v[SYSFMT_STRLEN];
        size_t n = len / 4;

        (void)aux;
        if (!n)
                return false;
        if (n > COUNT(v))
                n = COUNT(v);
        if (!mem_get(x, addr, v, n * 4))
                return false;
        put(&x->o, "[", 1);
        for (size_t i = 0; i < n; i++) {
                if (i < COUNT(f))
                        putf(&x->o, "%s[SK_MEMINFO_%s]=%u", i ? ", " : "", f[i], v[i]);
                else
                        putf(&x->o, ", [%#zx /* SK_MEMINFO_??? */]=%u", i, v[i]);
        }
        if (len / 4 > n)
                puts_(&x->o, ", ...");
        put(&x->o, "]", 1);
        return true;
}

/* INET_DIAG_SHUTDOWN: the kernel's RCV_SHUTDOWN/SEND_SHUTDOWN bits, which are no
 * UAPI: strace shows the number, then the names in a C comment */
static bool nla_diag_shutdown(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        uint8_t v;

        (void)aux;
        if (len < 1 || !mem_get(x, addr, &v, 1))
                return false;
        if (!v) {
                put(&x->o, "0", 1);
                return true;
        }
        putf(&x->o, "%#x /* ", v);
        if (v & 3) {
                static const struct xname f[] = { { 1, "RCV_SHUTDOWN" }, { 2, "SEND_SHUTDOWN" } };

                put_flags(&x->o, v, f, COUNT(f), NULL);
        } else {
                puts_(&x->o, "???_SHUTDOWN");
        }
        puts_(&x->o, " */");
        return true;
}

/* INET_DIAG_SOCKOPT: struct inet_diag_sockopt's one-bit fields, those set only ({}
 * when none), the unused bits as a number, bytes beyond the struct if not zero */
static bool nla_diag_sockopt(struct ctx *x, uint64_t addr, uint32_t len, unsigned aux)
{
        static const char *const bits[] = {
                "recverr", "is_icsk", "freebind", "hdrincl", "mc_loop", "transparent",
                "mc_all", "nodefrag", "bind_address_no_port", "recverr_rfc4884",
                "defer_connect",
        };
        uint8_t b[SYSFMT_STRLEN + 2];
        size_t n = len < sizeof(b) ? len : sizeof(b);
        bool any = false, rest = false;
        uint16_t v;

        (void)aux;
        if (len < 2 || !mem_get(x, addr, b, n))
                return false;
        v = (uint16_t)(b[0] | b[1] << 8);
        put(&x->o, "{", 1);
        for (size_t i = 0; i < COUNT(bits); i++) {
                if (v & (1u << i)) {
                        putf(&x->o, "%s%s=1", any ? ", " : "", bits[i]);
                        any = true;
                }
        }
        if (b[1] >> 3)
                putf(&x->o, "%sunused=%#x /* bits 3..8 */", any ? ", " : "", b[1] >> 3);
        put(&x->o, "}", 1);
        for (size_t i = 2; i < n; i++)
                rest |= b[i] != 0;
        if (rest || (len > n)) {
                putf(&x->o, ", /* bytes 2..%u */ ", len - 1);
                put_hexbytes(x, addr + 2, len - 2);
        }
        return true;
}

/* INET_DIAG_*: MD5SIG, ULP_INFO, LOCALS and PEERS (SCTP) and INFO (tcp_info, which
 * strace does not decode either) in hex */
static const struct nla_desc inet_diag_attrs[] = {
        [0] = { "INET_DIAG_NONE", NULL },        [1] = { "INET_DIAG_MEMINFO", nla_diag_meminfo },
        [2] = { "INET_DIAG_INFO", NULL },        [3] = { "INET_DIAG_VEGASINFO", nla_diag_vegas },
        [4] = { "INET_DIAG_CONG", nla_str },     [5] = { "INET_DIAG_TOS", nla_u8 },
        [6] = { "INET_DIAG_TCLASS", nla_u8 },    [7] = { "INET_DIAG_SKMEMINFO", nla_diag_skmeminfo },
        [8] = { "INET_DIAG_SHUTDOWN", nla_diag_shutdown },
        [9] = { "INET_DIAG_DCTCPINFO", nla_diag_dctcp },
        [10] = { "INET_DIAG_PROTOCOL", nla_u8 }, [11] = { "INET_DIAG_SKV6ONLY", nla_u8 },
        [12] = { "INET_DIAG_LOCALS", NULL },     [13] = { "INET_DIAG_PEERS", NULL },
        [14] = { "INET_DIAG_PAD", NULL },        [15] = { "INET_DIAG_MARK", nla_u32 },
        [16] = { "INET_DIAG_BBRINFO", nla_diag_bbr }, [17] = { "INET_DIAG_CLASS_ID", nla_u32 },
        [18] = { "INET_DIAG_MD5SIG", NULL },     [19] = { "INET_DIAG_ULP_INFO", NULL },
        [20] = { "INET_DIAG_SK_BPF_STORAGES", NULL }, [21] = { "INET_DIAG_CGROUP_ID", nla_u64 },
        [22] = { "INET_DIAG_SOCKOPT", nla_diag_sockopt },
};

/* A reply: inet_diag_msg and its attributes */
static void put_inet_diag_msg(struct ctx *x, uint64_t addr, uint64_t len, uint8_t fam)
{
        struct {
                uint8_t family, state, timer, retrans;
                struct inet_diag_id id;
                uint32_t expires, rqueue, wqueue, uid, inode;
        } m;

        puts_(&x->o, "{idiag_family=");
        put_family(&x->o, fam);
        puts_(&x->o, ", ");
        if (len < sizeof(m)) {
                puts_(&x->o, "...}");
                return;
        }
        if (!mem_get(x, addr, &m, sizeof(m))) {
                put_ptr(&x->o, addr + 1);
                put(&x->o, "}", 1);
                return;
        }
        puts_(&x->o, "idiag_state=");
        put_enum(&x->o, m.state, tcp_states, COUNT(tcp_states), "TCP_");
        putf(&x->o, ", idiag_timer=%u, idiag_retrans=%u, ", m.timer, m.retrans);
        put_inet_diag_id(x, &m.id, fam);
        putf(&x->o, ", idiag_expires=%u, idiag_rqueue=%u, idiag_wqueue=%u, idiag_uid=%u, "
                    "idiag_inode=%u}", m.expires, m.rqueue, m.wqueue, m.uid, m.inode);
        if (len > sizeof(m)) {
                puts_(&x->o, ", ");
                put_nlattrs(x, addr + sizeof(m), len - sizeof(m), inet_diag_attrs,
                            COUNT(inet_diag_attrs), "INET_DIAG_", 0);
        }
}

/* strace's decode_family: a payload of a family no decoder knows */
static void put_nl_family_bytes(struct ctx *x, uint64_t addr, uint64_t len, uint8_t fam)
{
        puts_(&x->o, "{family=");
        put_family(&x->o, fam);
        if (len > 1) {
                puts_(&x->o, ", ");
                put_hexbytes(x, addr + 1, len - 1);
        }
        put(&x->o, "}", 1);
}

static void put_sock_diag(struct ctx *x, const struct nlhdr *h, uint64_t addr, uint64_t len,
                          uint8_t fam)
{
        if ((fam != AF_INET && fam != AF_INET6) || len <= 1)
                put_nl_family_bytes(x, addr, len, fam);
        else if (h->flags & 0x1) /* NLM_F_REQUEST */
                put_inet_diag_req(x, addr, len, fam, h->type == 18 || h->type == 19);
        else
                put_inet_diag_msg(x, addr, len, fam);
}

static void put_nlmsg(struct ctx *x, const struct nlhdr *h, uint64_t addr, uint64_t len);

/* NLMSG_ERROR's struct nlmsgerr: the error, the message it answers (its header only
 * when NLM_F_CAPPED), then the extended ack's attributes */
static void put_nlmsgerr(struct ctx *x, const struct nlhdr *eh, uint64_t addr, uint64_t len)
{
        int32_t err;
        struct nlhdr h;
        uint64_t payload;

        if (len < 4) {
                put_hexbytes(x, addr, len);
                return;
        }
        if (!mem_get(x, addr, &err, 4)) {
                put_ptr(&x->o, addr);
                return;
        }
        puts_(&x->o, "{error=");
        if (err < 0 && -err < 4096 && dbgd_errno_name(-err))
                putf(&x->o, "-%s", dbgd_errno_name(-err));
        else
                putf(&x->o, "%d", err);
        addr += 4;
        len -= 4;
        if (len) {
                puts_(&x->o, ", msg=");
                if (len < sizeof(h)) {
                        put_hexbytes(x, addr, len);
                } else if (!mem_get(x, addr, &h, sizeof(h))) {
                        put_ptr(&x->o, addr);
                } else {
                        payload = eh->flags & 0x100 ? sizeof(h) : h.len;
                        if (payload > len)
                                payload = len;
                        put_nlmsg(x, &h, addr, payload);
                        if (len > payload) {
                                puts_(&x->o, ", ");
                                put_nlattrs(x, addr + payload, len - payload, nlmsgerr_attrs,
                                            COUNT(nlmsgerr_attrs), "NLMSGERR_ATTR_", 0);
                        }
                }
        }
        put(&x->o, "}", 1);
}

static void put_nl_payload(struct ctx *x, const struct nlhdr *h, uint64_t addr, uint64_t len)
{
        uint8_t fam;
        unsigned op = (h->type - 16u) / 4;

        if (h->type == 2) {
                put_nlmsgerr(x, h, addr, len);
                return;
        }
        if (h->type == 3 && len == 4) {
                int32_t v;

                if (mem_get(x, addr, &v, 4))
                        putf(&x->o, "%d", v);
                else
                        put_ptr(&x->o, addr);
                return;
        }
        if (h->type < 16 || (x->nl_proto != 0 && x->nl_proto != 4)) {
                put_hexbytes(x, addr, len);
                return;
        }
        if (!mem_get(x, addr, &fam, 1)) {
                put_ptr(&x->o, addr);
                return;
        }
        if (x->nl_proto == 4)
                put_sock_diag(x, h, addr, len, fam);
        else if (op == 0) /* links */
                put_ifinfomsg(x, addr, len, fam);
        else if (op == 1) /* addresses */
                put_ifaddrmsg(x, addr, len, fam);
        else if (op == 2) /* routes */
                put_rtmsg(x, addr, len, fam);
        else /* what dbgd does not decode: strace's decode_family's form */
                put_nl_family_bytes(x, addr, len, fam);
}

/* One message, len bytes of it: [{header}, payload], or the header alone */
static void put_nlmsg(struct ctx *x, const struct nlhdr *h, uint64_t addr, uint64_t len)
{
        uint64_t n = h->len < len ? h->len : len;

        if (n > NL_HDRLEN)
                put(&x->o, "[", 1);
        putf(&x->o, "{nlmsg_len=%u, nlmsg_type=", h->len);
        put_nl_type(&x->o, h->type, x->nl_proto);
        puts_(&x->o, ", nlmsg_flags=");
        put_nl_flags(&x->o, h, x->nl_proto);
        putf(&x->o, ", nlmsg_seq=%u, nlmsg_pid=%d}", h->seq, (int32_t)h->pid);
        if (n > NL_HDRLEN) {
                puts_(&x->o, ", ");
                put_nl_payload(x, h, addr + NL_HDRLEN, n - NL_HDRLEN);
                put(&x->o, "]", 1);
        }
}

/* strace's decode_netlink: the messages in len bytes at addr */
static void put_netlink(struct ctx *x, uint64_t addr, uint64_t len)
{
        bool list = false;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        for (unsigned elt = 0;; elt++) {
                struct nlhdr h;
                uint64_t next = 0, next_len = 0;

                if (len < sizeof(h)) {
                        put_hexbytes(x, addr, len);
                        break;
                }
                if (!mem_get(x, addr, &h, sizeof(h))) {
                        if (list)
                                puts_(&x->o, "...");
                        else
                                put_ptr(&x->o, addr);
                        break;
                }
                if (elt == SYSFMT_STRLEN) {
                        puts_(&x->o, "...");
                        break;
                }
                if (h.len >= sizeof(h)) {
                        uint64_t al = NL_ALIGN((uint64_t)h.len);

                        next_len = len >= al ? len - al : 0;
                        if (next_len)
                                next = addr + al;
                }
                if (!list && next) {
                        put(&x->o, "[", 1);
                        list = true;
                }
                put_nlmsg(x, &h, addr, len);
                if (!next)
                        break;
                puts_(&x->o, ", ");
                addr = next;
                len = next_len;
        }
        if (list)
                put(&x->o, "]", 1);
}

/* The buffer of a sendto/recvfrom or the iovecs of a sendmsg/recvmsg (and the mmsg
 * calls) on fd args[0]: is it a NETLINK_ROUTE or NETLINK_SOCK_DIAG socket, or a
 * netlink one of a protocol not known? Asked once a call. Other protocols' messages
 * (NETLINK_GENERIC's, NETLINK_AUDIT's...) stay bytes: their payloads are not decoded
 * here, and a half-decoded message would match strace no better. */
static bool on_nl_route(struct ctx *x)
{
        long nr = x->c->nr;

        if (x->c->i386 || (nr != SYS_sendto && nr != SYS_recvfrom && nr != SYS_sendmsg &&
                           nr != SYS_recvmsg && nr != SYS_sendmmsg && nr != SYS_recvmmsg))
                return false;
        if (!x->nl_asked) {
                x->nl_asked = true;
                x->nl_proto = x->m && x->m->nl_proto
                                      ? x->m->nl_proto(x->m->data, (int)x->c->args[0])
                                      : -1;
        }
        /* NETLINK_ROUTE, NETLINK_SOCK_DIAG, or one strace cannot tell either (headers
         * only) */
        return x->nl_proto == 0 || x->nl_proto == 4 || x->nl_proto == -2;
}

static void put_clone3(struct ctx *x, uint64_t addr)
{
        struct {
                uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
                        stack_size, tls;
        } ca;

        if (!mem_get(x, addr, &ca, sizeof(ca))) {
                put_ptr(&x->o, addr);
                return;
        }
        puts_(&x->o, "{flags=");
        put_clone_flags(&x->o, ca.flags, false);
        if (ca.flags & 0x1000) {
                puts_(&x->o, ", pidfd=");
                put_hex(&x->o, ca.pidfd);
        }
        if (ca.flags & (0x200000 | 0x1000000)) {
                puts_(&x->o, ", child_tid=");
                put_hex(&x->o, ca.child_tid);
        }
        if (ca.flags & 0x100000) {
                puts_(&x->o, ", parent_tid=");
                put_hex(&x->o, ca.parent_tid);
        }
        puts_(&x->o, ", exit_signal=");
        put_signal(&x->o, (int64_t)ca.exit_signal);
        puts_(&x->o, ", stack=");
        put_ptr(&x->o, ca.stack);
        puts_(&x->o, ", stack_size=");
        put_hex(&x->o, ca.stack_size);
        if (ca.flags & 0x80000) {
                puts_(&x->o, ", tls=");
                put_hex(&x->o, ca.tls);
        }
        put(&x->o, "}", 1);
}

/* ---- select, msghdr, the rarer structures ------------------------------------ */

/* An fd set of nfds bits at addr, as strace prints select's: [3 4], [] when empty. */
static void put_fdset(struct ctx *x, uint64_t addr, int64_t nfds)
{
        uint64_t set[16] = { 0 }; /* FD_SETSIZE bits */
        size_t n = nfds > 0 ? ((size_t)(nfds > 1024 ? 1024 : nfds) + 63) / 64 : 0;
        bool first = true;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (n && !mem_get(x, addr, set, n * 8)) {
                put_ptr(&x->o, addr);
                return;
        }
        put(&x->o, "[", 1);
        for (int64_t fd = 0; fd < nfds && fd < 1024; fd++) {
                if (set[fd / 64] >> (fd % 64) & 1) {
                        putf(&x->o, first ? "%" PRId64 : " %" PRId64, fd);
                        first = false;
                }
        }
        put(&x->o, "]", 1);
}

static void put_timeval(struct ctx *x, uint64_t addr)
{
        int64_t tv[2];

        if (!addr)
                puts_(&x->o, "NULL");
        else if (!mem_get(x, addr, tv, sizeof(tv)))
                put_ptr(&x->o, addr);
        else
                putf(&x->o, "{tv_sec=%" PRId64 ", tv_usec=%" PRId64 "}", tv[0], tv[1]);
}

/* select's and pselect6's result: "(in [3], out [4], left {...})", or "(Timeout)" */
static void put_select_ret(struct ctx *x, bool pselect)
{
        static const char *const what[] = { "in", "out", "except" };
        const uint64_t *a = x->c->args;
        bool first = true;

        if (x->ret == 0) {
                puts_(&x->o, " (Timeout)");
                return;
        }
        puts_(&x->o, " (");
        for (int i = 0; i < 3; i++) {
                uint64_t set[16] = { 0 };
                int64_t nfds = (int)a[0] > 1024 ? 1024 : (int)a[0];
                bool any = false;

                if (!a[i + 1] || nfds <= 0 ||
                    !mem_get(x, a[i + 1], set, ((size_t)nfds + 63) / 64 * 8))
                        continue;
                for (int64_t fd = 0; fd < nfds; fd++) {
                        if (!(set[fd / 64] >> (fd % 64) & 1))
                                continue;
                        if (!any)
                                putf(&x->o, "%s%s [", first ? "" : ", ", what[i]);
                        putf(&x->o, any ? " %" PRId64 : "%" PRId64, fd);
                        any = true;
                        first = false;
                }
                if (any)
                        put(&x->o, "]", 1);
        }
        if (a[4]) {
                puts_(&x->o, first ? "left " : ", left ");
                if (pselect)
                        put_timespec(x, a[4]);
                else
                        put_timeval(x, a[4]);
        }
        put(&x->o, ")", 1);
}

/* one control message's data (n bytes at d) by its level and type, as strace prints
 * it; false for one strace prints otherwise (its address shows) */
static bool put_cmsg_data(struct ctx *x, int32_t level, int32_t type, const uint8_t *d,
                          size_t n)
{
        struct out *o = &x->o;

        if (level == SOL_SOCKET && type == SCM_RIGHTS) {
                puts_(o, "SCM_RIGHTS, cmsg_data=[");
                for (size_t k = 0; k + 4 <= n; k += 4) {
                        int32_t fd;

                        memcpy(&fd, d + k, 4);
                        putf(o, k ? ", %d" : "%d", fd);
                }
                put(o, "]", 1);
        } else if (level == SOL_SOCKET && type == SCM_CREDENTIALS && n >= 12) {
                int32_t c[3];

                memcpy(c, d, sizeof(c));
                putf(o, "SCM_CREDENTIALS, cmsg_data={pid=%d, uid=%u, gid=%u}", c[0],
                     (unsigned)c[1], (unsigned)c[2]);
        } else if (level == SOL_SOCKET && (type == 29 || type == 35) && n >= 16) {
                int64_t t[2]; /* SO_TIMESTAMP_OLD's timeval, SO_TIMESTAMPNS_OLD's timespec */

                memcpy(t, d, sizeof(t));
                putf(o, "%s, cmsg_data={tv_sec=%" PRId64 ", %s=%" PRId64 "}",
                     type == 29 ? "SO_TIMESTAMP_OLD" : "SO_TIMESTAMPNS_OLD", t[0],
                     type == 29 ? "tv_usec" : "tv_nsec", t[1]);
        } else if (level == SOL_SOCKET && type == 37 && n >= 48) {
                int64_t t[6]; /* SO_TIMESTAMPING_OLD's three timespecs */

                memcpy(t, d, sizeof(t));
                puts_(o, "SO_TIMESTAMPING_OLD, cmsg_data=[");
                for (int k = 0; k < 3; k++)
                        putf(o, "%s{tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}", k ? ", " : "",
                             t[2 * k], t[2 * k + 1]);
                put(o, "]", 1);
        } else if (level == IPPROTO_IP && type == IP_PKTINFO && n >= 12) {
                struct in_pktinfo pi;
                char a1[INET_ADDRSTRLEN], a2[INET_ADDRSTRLEN];

                memcpy(&pi, d, sizeof(pi));
                inet_ntop(AF_INET, &pi.ipi_spec_dst, a1, sizeof(a1));
                inet_ntop(AF_INET, &pi.ipi_addr, a2, sizeof(a2));
                puts_(o, "IP_PKTINFO, cmsg_data={ipi_ifindex=");
                put_ifindex(x, (uint32_t)pi.ipi_ifindex);
                putf(o, ", ipi_spec_dst=inet_addr(\"%s\"), ipi_addr=inet_addr(\"%s\")}", a1,
                     a2);
        } else if (level == IPPROTO_IP && (type == IP_TTL || type == IP_TOS) && n >= 1) {
                int32_t v = 0;

                /* IP_TTL's is an int, IP_TOS's one byte */
                if (type == IP_TTL && n >= 4)
                        memcpy(&v, d, 4);
                else
                        v = d[0];
                putf(o, "%s, cmsg_data=[%d]", type == IP_TTL ? "IP_TTL" : "IP_TOS", v);
        } else {
                return false;
        }
        return true;
}

/* a msghdr's control messages: those put_cmsg_data knows by name, others with their
 * data's address (strace prints more of some) */
static void put_cmsgs(struct ctx *x, uint64_t addr, uint64_t len)
{
        uint8_t b[512];
        size_t at = 0, n = len < sizeof(b) ? (size_t)len : sizeof(b);

        if (!mem_get(x, addr, b, n)) {
                put_ptr(&x->o, addr);
                return;
        }
        put(&x->o, "[", 1);
        while (at + 16 <= n) {
                uint64_t clen;
                int32_t level, type;

                memcpy(&clen, b + at, 8);
                memcpy(&level, b + at + 8, 4);
                memcpy(&type, b + at + 12, 4);
                if (clen < 16 || at + clen > n)
                        break;
                putf(&x->o, "%s{cmsg_len=%" PRIu64 ", cmsg_level=", at ? ", " : "", clen);
                if (level == SOL_SOCKET)
                        puts_(&x->o, "SOL_SOCKET");
                else if (level == IPPROTO_IP)
                        puts_(&x->o, "SOL_IP");
                else
                        putf(&x->o, "%d", level);
                puts_(&x->o, ", cmsg_type=");
                if (level == IPPROTO_IP && type == 20) { /* IP_ORIGDSTADDR's address */
                        puts_(&x->o, "IP_ORIGDSTADDR, cmsg_data=");
                        put_sockaddr(x, addr + at + 16, clen - 16);
                } else if (!put_cmsg_data(x, level, type, b + at + 16, (size_t)clen - 16)) {
                        putf(&x->o, "%#x, cmsg_data=", (unsigned)type);
                        put_ptr(&x->o, addr + at + 16);
                }
                put(&x->o, "}", 1);
                at += (clen + 7) & ~(uint64_t)7;
        }
        put(&x->o, "]", 1);
}

static const struct xname msg_flags[] = {
        { 0x1, "MSG_OOB" },         { 0x2, "MSG_PEEK" },
        { 0x4, "MSG_DONTROUTE" },   { 0x8, "MSG_CTRUNC" },
        { 0x20, "MSG_TRUNC" },      { 0x40, "MSG_DONTWAIT" },
        { 0x80, "MSG_EOR" },        { 0x100, "MSG_WAITALL" },
        { 0x2000, "MSG_ERRQUEUE" }, { 0x4000, "MSG_NOSIGNAL" },
        { 0x8000, "MSG_MORE" },     { 0x10000, "MSG_WAITFORONE" },
        { 0x40000000, "MSG_CMSG_CLOEXEC" },
};


/* struct msghdr as strace prints sendmsg's (out false) and recvmsg's at its exit */
static void put_msghdr(struct ctx *x, uint64_t addr, bool out)
{
        struct {
                uint64_t name;
                uint32_t namelen, pad;
                uint64_t iov, iovlen, control, controllen;
                int32_t flags;
        } m;

        if (!mem_get(x, addr, &m, sizeof(m))) {
                put_ptr(&x->o, addr);
                return;
        }
        if (out && failed(x)) { /* what strace keeps of it: the length given */
                putf(&x->o, "{msg_namelen=%u}", m.namelen);
                return;
        }
        puts_(&x->o, "{msg_name=");
        if (m.name)
                put_sockaddr(x, m.name, m.namelen);
        else
                puts_(&x->o, "NULL");
        putf(&x->o, ", msg_namelen=%u, msg_iov=", m.namelen);
        put_iov(x, m.iov, m.iovlen, out);
        putf(&x->o, ", msg_iovlen=%" PRIu64, m.iovlen);
        if (m.controllen) {
                puts_(&x->o, ", msg_control=");
                put_cmsgs(x, m.control, m.controllen);
        }
        putf(&x->o, ", msg_controllen=%" PRIu64 ", msg_flags=", m.controllen);
        put_flags(&x->o, (uint32_t)m.flags, msg_flags, COUNT(msg_flags), "MSG_");
        put(&x->o, "}", 1);
}

/* sendmmsg's and recvmmsg's struct mmsghdr array: n of them, each {msg_hdr={...},
 * msg_len=N}, msg_len for the first `lens` (those the call sent or received) */
static void put_mmsgs(struct ctx *x, uint64_t addr, uint64_t n, uint64_t lens, bool out)
{
        int64_t ret = x->ret;
        uint64_t k, shown = n < SYSFMT_STRLEN ? n : SYSFMT_STRLEN;
        uint32_t len;

        if (!n || !mem_get(x, addr + 56, &len, sizeof(len))) { /* as strace: the address */
                put_ptr(&x->o, addr);
                return;
        }
        put(&x->o, "[", 1);
        for (k = 0; k < shown; k++) {
                uint64_t at = addr + k * 64; /* struct msghdr (56), msg_len, padding */

                if (!mem_get(x, at + 56, &len, sizeof(len))) {
                        puts_(&x->o, ", ...");
                        break;
                }
                /* a received message's iovecs hold its own msg_len bytes, which
                 * put_iov takes from the call's return value */
                x->ret = k < lens ? len : 0;
                puts_(&x->o, k ? ", {msg_hdr=" : "{msg_hdr=");
                put_msghdr(x, at, out);
                if (k < lens)
                        putf(&x->o, ", msg_len=%u", len);
                put(&x->o, "}", 1);
        }
        x->ret = ret;
        if (k == shown && n > shown)
                puts_(&x->o, ", ...");
        put(&x->o, "]", 1);
}

/* struct rusage: the two times, the rest "..." as strace abbreviates it */
static void put_rusage(struct ctx *x, uint64_t addr)
{
        int64_t t[4];

        if (!mem_get(x, addr, t, sizeof(t))) {
                put_ptr(&x->o, addr);
                return;
        }
        putf(&x->o, "{ru_utime={tv_sec=%" PRId64 ", tv_usec=%" PRId64 "}, ru_stime={tv_sec=%"
                    PRId64 ", tv_usec=%" PRId64 "}, ...}", t[0], t[1], t[2], t[3]);
}

static void put_stack_t(struct ctx *x, uint64_t addr)
{
        static const struct xname ssf[] = { { 1, "SS_ONSTACK" }, { 2, "SS_DISABLE" },
                                             { 1u << 31, "SS_AUTODISARM" } };
        struct {
                uint64_t sp;
                int32_t flags, pad;
                uint64_t size;
        } ss;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (!mem_get(x, addr, &ss, sizeof(ss))) {
                put_ptr(&x->o, addr);
                return;
        }
        puts_(&x->o, "{ss_sp=");
        put_ptr(&x->o, ss.sp);
        puts_(&x->o, ", ss_flags=");
        put_flags(&x->o, (uint32_t)ss.flags, ssf, COUNT(ssf), "SS_");
        putf(&x->o, ", ss_size=%" PRIu64 "}", ss.size);
}

/* rt_sigreturn's frame: the handler's ret popped pretcode, so the stack pointer at
 * the call is the frame's struct ucontext, whose uc_sigmask (the mask to restore)
 * follows uc_flags, uc_link, uc_stack (24) and uc_mcontext (256) */
static void put_sigreturn(struct ctx *x)
{
        uint64_t mask;

        if (!mem_get(x, x->c->sp + 296, &mask, sizeof(mask))) {
                put_ptr(&x->o, x->c->sp);
                return;
        }
        puts_(&x->o, "{mask=");
        put_sigset_bits(&x->o, &mask, 8);
        put(&x->o, "}", 1);
}

static void put_itimerspec(struct ctx *x, uint64_t addr)
{
        int64_t t[4];

        if (!addr)
                puts_(&x->o, "NULL");
        else if (!mem_get(x, addr, t, sizeof(t)))
                put_ptr(&x->o, addr);
        else
                putf(&x->o, "{it_interval={tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}, "
                            "it_value={tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}}",
                     t[0], t[1], t[2], t[3]);
}

/* a timestamp as strace writes it, 1970-01-01T00:00:01.000000002+0000 (part: the
 * fraction's digits, digits wide; none when 0), in the local time zone as strace's
 * (the daemon's and strace's are the machine's) */
static bool fmt_date(char *buf, size_t len, int64_t sec, int64_t part, int digits)
{
        time_t t = (time_t)sec;
        struct tm tm;
        char date[64], zone[16];

        if (!localtime_r(&t, &tm) || !strftime(date, sizeof(date), "%FT%T", &tm) ||
            !strftime(zone, sizeof(zone), "%z", &tm))
                return false;
        if (part)
                snprintf(buf, len, "%s.%0*" PRId64 "%s", date, digits, part, zone);
        else
                snprintf(buf, len, "%s%s", date, zone);
        return true;
}

/* the date in a comment after a time, as strace's: none for the epoch itself (0, 0)
 * nor for a fraction out of its range */
static void put_date_comment(struct out *o, int64_t sec, int64_t part, int digits)
{
        int64_t max = digits == 6 ? 1000000 : 1000000000;
        char date[96];

        if ((sec == 0 && part == 0) || part < 0 || part >= max)
                return;
        if (fmt_date(date, sizeof(date), sec, part, digits))
                putf(o, " /* %s */", date);
}

static void put_ts_comment(struct out *o, int64_t sec, int64_t nsec)
{
        put_date_comment(o, sec, nsec, 9);
}

/* utimensat's two times: [{...} with the date in a comment, UTIME_NOW], or NULL */
static void put_utimes(struct ctx *x, uint64_t addr)
{
        int64_t t[4];

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (!mem_get(x, addr, t, sizeof(t))) {
                put_ptr(&x->o, addr);
                return;
        }
        put(&x->o, "[", 1);
        for (int i = 0; i < 2; i++) {
                int64_t sec = t[2 * i], nsec = t[2 * i + 1];

                if (i)
                        puts_(&x->o, ", ");
                if (nsec == (1 << 30) - 1) {
                        puts_(&x->o, "UTIME_NOW");
                } else if (nsec == (1 << 30) - 2) {
                        puts_(&x->o, "UTIME_OMIT");
                } else {
                        putf(&x->o, "{tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}", sec, nsec);
                        put_ts_comment(&x->o, sec, nsec);
                }
        }
        put(&x->o, "]", 1);
}

/* a capability set as strace prints it: 1<<CAP_CHOWN|1<<CAP_KILL, 0 when empty */
static void put_capset_bits(struct out *o, uint64_t v)
{
        bool first = true;

        for (unsigned i = 0; i < 64; i++) {
                if (!(v >> i & 1))
                        continue;
                puts_(o, first ? "1<<" : "|1<<");
                if (i < COUNT(cap_names))
                        putf(o, "CAP_%s", cap_names[i]);
                else
                        putf(o, "%u", i);
                first = false;
        }
        if (first)
                put(o, "0", 1);
}

static const struct xname cap_versions[] = {
        { 0x19980330, "_LINUX_CAPABILITY_VERSION_1" },
        { 0x20071026, "_LINUX_CAPABILITY_VERSION_2" },
        { 0x20080522, "_LINUX_CAPABILITY_VERSION_3" },
};

static void put_cap_header(struct ctx *x, uint64_t addr)
{
        uint32_t h[2];

        if (!mem_get(x, addr, h, sizeof(h))) {
                put_ptr(&x->o, addr);
                return;
        }
        puts_(&x->o, "{version=");
        put_enum(&x->o, h[0], cap_versions, COUNT(cap_versions), "_LINUX_CAPABILITY_VERSION_");
        putf(&x->o, ", pid=%d}", (int)h[1]);
}

/* capget's and capset's data: one struct for version 1, two (the high words) after */
static void put_cap_data(struct ctx *x, uint64_t addr)
{
        uint32_t h[2], d[6] = { 0 };
        size_t n;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        n = mem_get(x, x->c->args[0], h, sizeof(h)) && h[0] != 0x19980330 ? 2 : 1;
        if (!mem_get(x, addr, d, n * 12)) {
                put_ptr(&x->o, addr);
                return;
        }
        puts_(&x->o, "{effective=");
        put_capset_bits(&x->o, d[0] | (uint64_t)d[3] << 32);
        puts_(&x->o, ", permitted=");
        put_capset_bits(&x->o, d[1] | (uint64_t)d[4] << 32);
        puts_(&x->o, ", inheritable=");
        put_capset_bits(&x->o, d[2] | (uint64_t)d[5] << 32);
        put(&x->o, "}", 1);
}

/* futex's arguments after the op, by the op: what each takes, as strace prints it */
static void put_futex_rest(struct ctx *x, const uint64_t *a)
{
        static const char *const wake_ops[] = { "FUTEX_OP_SET", "FUTEX_OP_ADD", "FUTEX_OP_OR",
                                                "FUTEX_OP_ANDN", "FUTEX_OP_XOR" };
        static const char *const cmps[] = { "FUTEX_OP_CMP_EQ", "FUTEX_OP_CMP_NE",
                                             "FUTEX_OP_CMP_LT", "FUTEX_OP_CMP_LE",
                                             "FUTEX_OP_CMP_GT", "FUTEX_OP_CMP_GE" };
        struct out *o = &x->o;
        unsigned cmd = (unsigned)a[1] & 127;
        uint32_t v3 = (uint32_t)a[5];

        putf(o, "%u", (unsigned)a[2]);
        switch (cmd) {
        case 1: /* FUTEX_WAKE */
                break;
        case 3: /* FUTEX_REQUEUE: how many to requeue, and where */
        case 4: /* FUTEX_CMP_REQUEUE: and the value to compare */
        case 5: /* FUTEX_WAKE_OP: how many to wake at uaddr2, and the op */
                putf(o, ", %u, ", (unsigned)a[3]);
                put_ptr(o, a[4]);
                if (cmd == 4) {
                        putf(o, ", %u", v3);
                } else if (cmd == 5) {
                        unsigned op = v3 >> 28 & 7, cmp = v3 >> 24 & 15;

                        puts_(o, ", ");
                        if (v3 >> 31)
                                puts_(o, "FUTEX_OP_OPARG_SHIFT<<28|");
                        if (op < COUNT(wake_ops))
                                putf(o, "%s<<28", wake_ops[op]);
                        else
                                putf(o, "%#x<<28", op);
                        putf(o, "|%#x<<12|", v3 >> 12 & 0xfff);
                        if (cmp < COUNT(cmps))
                                putf(o, "%s<<24", cmps[cmp]);
                        else
                                putf(o, "%#x<<24", cmp);
                        putf(o, "|%#x", v3 & 0xfff);
                }
                break;
        case 10: /* FUTEX_WAKE_BITSET */
        case 0: case 9: /* FUTEX_WAIT, FUTEX_WAIT_BITSET: the timeout */
        default:
                if (cmd != 10) {
                        if (cmd != 0 && cmd != 9 && cmd <= 13)
                                break;
                        puts_(o, ", ");
                        put_timespec(x, a[3]);
                }
                if (cmd == 9 || cmd == 10) {
                        if (v3 == UINT32_MAX)
                                puts_(o, ", FUTEX_BITSET_MATCH_ANY");
                        else
                                putf(o, ", %#x", v3);
                }
                break;
        }
}

/* struct sigevent as strace prints timer_create's: the value only when it is not 0,
 * the signal by name when the timer sends one, then what the notify kind takes */
static void put_sigevent(struct ctx *x, uint64_t addr)
{
        static const struct xname notify[] = {
                { 0, "SIGEV_SIGNAL" }, { 1, "SIGEV_NONE" }, { 2, "SIGEV_THREAD" },
                { 4, "SIGEV_THREAD_ID" },
        };
        struct {
                uint64_t value;
                int32_t signo, notify;
                uint64_t fn, attr;      /* or the tid, in fn's first 4 bytes */
        } ev;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (!mem_get(x, addr, &ev, sizeof(ev))) {
                put_ptr(&x->o, addr);
                return;
        }
        put(&x->o, "{", 1);
        if (ev.value)
                putf(&x->o, "sigev_value={sival_int=%d, sival_ptr=%#" PRIx64 "}, ",
                     (int32_t)ev.value, ev.value);
        puts_(&x->o, "sigev_signo=");
        if (ev.notify == 0 || ev.notify == 2 || ev.notify == 4)
                put_signal(&x->o, ev.signo);
        else
                putf(&x->o, "%d", ev.signo);
        puts_(&x->o, ", sigev_notify=");
        put_enum(&x->o, (uint32_t)ev.notify, notify, COUNT(notify), "SIGEV_");
        if (ev.notify == 4) {
                putf(&x->o, ", sigev_notify_thread_id=%d", (int32_t)ev.fn);
        } else if (ev.notify == 2) {
                puts_(&x->o, ", sigev_notify_function=");
                put_ptr(&x->o, ev.fn);
                puts_(&x->o, ", sigev_notify_attributes=");
                put_ptr(&x->o, ev.attr);
        }
        put(&x->o, "}", 1);
}

/* A nodemask of maxnode - 1 bits (the kernel's count, mm/mempolicy.c), each long as
 * "%#016lx" ([0x00000000000001], 0 as 0000000000000000); strace shows "[]" for
 * maxnode 0 and the address for 1 (no bits) */
static void put_nodemask(struct ctx *x, uint64_t addr, uint64_t maxnode)
{
        uint64_t w[SYSFMT_STRLEN];
        uint64_t n = maxnode ? (maxnode - 1 + 63) / 64 : 0;
        size_t k = n < COUNT(w) ? (size_t)n : COUNT(w);

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (maxnode == 1 || !mem_get(x, addr, w, k * sizeof(w[0]))) {
                put_ptr(&x->o, addr);
                return;
        }
        put(&x->o, "[", 1);
        for (size_t i = 0; i < k; i++)
                putf(&x->o, "%s%#016" PRIx64, i ? ", " : "", w[i]);
        if (n > k)
                puts_(&x->o, ", ...");
        put(&x->o, "]", 1);
}

static const struct xname mpol_modes[] = {
        { 0, "MPOL_DEFAULT" }, { 1, "MPOL_PREFERRED" }, { 2, "MPOL_BIND" },
        { 3, "MPOL_INTERLEAVE" }, { 4, "MPOL_LOCAL" }, { 5, "MPOL_PREFERRED_MANY" },
};

/* a policy and its mode flags (the high bits): MPOL_BIND|MPOL_F_STATIC_NODES */
static void put_mpol_mode(struct out *o, uint32_t v)
{
        static const struct xname mf[] = { { 1u << 15, "MPOL_F_STATIC_NODES" },
                                           { 1u << 14, "MPOL_F_RELATIVE_NODES" },
                                           { 1u << 13, "MPOL_F_NUMA_BALANCING" } };
        uint32_t flags = v & (7u << 13), mode = v & ~(7u << 13);

        put_enum(o, mode, mpol_modes, COUNT(mpol_modes), "MPOL_");
        if (flags) {
                put(o, "|", 1);
                put_flags(o, flags, mf, COUNT(mf), NULL);
        }
}

/* ---- the last ones: ids, clocks, signals queued, IPC, scheduling ------------- */

static const struct xname unshare_flags[] = { /* strace's order */
        { 0x80, "CLONE_NEWTIME" },        { 0x100, "CLONE_VM" },
        { 0x200, "CLONE_FS" },            { 0x400, "CLONE_FILES" },
        { 0x800, "CLONE_SIGHAND" },       { 0x10000, "CLONE_THREAD" },
        { 0x20000, "CLONE_NEWNS" },       { 0x40000, "CLONE_SYSVSEM" },
        { 0x2000000, "CLONE_NEWCGROUP" }, { 0x4000000, "CLONE_NEWUTS" },
        { 0x8000000, "CLONE_NEWIPC" },    { 0x10000000, "CLONE_NEWUSER" },
        { 0x20000000, "CLONE_NEWPID" },   { 0x40000000, "CLONE_NEWNET" },
};

/* An array of n 32-bit ids at addr, as strace's print_array: [0, 27], "..." after
 * SYSFMT_STRLEN of them */
static void put_u32_array(struct ctx *x, uint64_t addr, uint64_t n)
{
        uint32_t v[SYSFMT_STRLEN];
        size_t k = n < SYSFMT_STRLEN ? (size_t)n : SYSFMT_STRLEN;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (!mem_get(x, addr, v, k * sizeof(v[0]))) {
                put_ptr(&x->o, addr);
                return;
        }
        put(&x->o, "[", 1);
        for (size_t i = 0; i < k; i++)
                putf(&x->o, "%s%u", i ? ", " : "", v[i]);
        if (n > k)
                puts_(&x->o, ", ...");
        put(&x->o, "]", 1);
}

/* struct itimerval: {it_interval={tv_sec=0, tv_usec=0}, it_value={...}} */
static void put_itimerval(struct ctx *x, uint64_t addr)
{
        int64_t t[4];

        if (!addr)
                puts_(&x->o, "NULL");
        else if (!mem_get(x, addr, t, sizeof(t)))
                put_ptr(&x->o, addr);
        else
                putf(&x->o, "{it_interval={tv_sec=%" PRId64 ", tv_usec=%" PRId64 "}, "
                            "it_value={tv_sec=%" PRId64 ", tv_usec=%" PRId64 "}}",
                     t[0], t[1], t[2], t[3]);
}

static void put_timezone(struct ctx *x, uint64_t addr)
{
        int32_t tz[2];

        if (!addr)
                puts_(&x->o, "NULL");
        else if (!mem_get(x, addr, tz, sizeof(tz)))
                put_ptr(&x->o, addr);
        else
                putf(&x->o, "{tz_minuteswest=%d, tz_dsttime=%d}", tz[0], tz[1]);
}

/* utimes' and futimesat's two timevals, each with its date as strace comments it */
static void put_timevals2(struct ctx *x, uint64_t addr)
{
        int64_t t[4];

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (!mem_get(x, addr, t, sizeof(t))) {
                put_ptr(&x->o, addr);
                return;
        }
        for (int i = 0; i < 2; i++) {
                putf(&x->o, "%s{tv_sec=%" PRId64 ", tv_usec=%" PRId64 "}", i ? ", " : "[",
                     t[2 * i], t[2 * i + 1]);
                put_date_comment(&x->o, t[2 * i], t[2 * i + 1], 6);
        }
        put(&x->o, "]", 1);
}

static void put_utimbuf(struct ctx *x, uint64_t addr)
{
        int64_t t[2];

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (!mem_get(x, addr, t, sizeof(t))) {
                put_ptr(&x->o, addr);
                return;
        }
        putf(&x->o, "{actime=%" PRId64, t[0]);
        put_date_comment(&x->o, t[0], 0, 6);
        putf(&x->o, ", modtime=%" PRId64, t[1]);
        put_date_comment(&x->o, t[1], 0, 6);
        put(&x->o, "}", 1);
}

/* openat2's struct open_how {flags, mode, resolve}: the mode when O_CREAT or
 * O_TMPFILE asks for one or it is set; one of another size shows as its address */
static void put_open_how(struct ctx *x, uint64_t addr, uint64_t size)
{
        static const struct xname rf[] = {
                { 0x01, "RESOLVE_NO_XDEV" },    { 0x02, "RESOLVE_NO_MAGICLINKS" },
                { 0x04, "RESOLVE_NO_SYMLINKS" }, { 0x08, "RESOLVE_BENEATH" },
                { 0x10, "RESOLVE_IN_ROOT" },    { 0x20, "RESOLVE_CACHED" },
        };
        uint64_t h[3];

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (size < sizeof(h) || !mem_get(x, addr, h, sizeof(h))) {
                put_ptr(&x->o, addr);
                return;
        }
        puts_(&x->o, "{flags=");
        put_open_flags(&x->o, h[0]);
        if ((h[0] & 0100) || (h[0] & 020200000) == 020200000 || h[1]) {
                puts_(&x->o, ", mode=");
                put_mode(&x->o, h[1]);
        }
        puts_(&x->o, ", resolve=");
        put_flags(&x->o, h[2], rf, COUNT(rf), "RESOLVE_");
        put(&x->o, "}", 1);
}

static const struct xname siginfo_codes[] = {
        { 0, "SI_USER" },             { 0x80, "SI_KERNEL" },  { (uint32_t)-1, "SI_QUEUE" },
        { (uint32_t)-2, "SI_TIMER" }, { (uint32_t)-3, "SI_MESGQ" },
        { (uint32_t)-4, "SI_ASYNCIO" }, { (uint32_t)-5, "SI_SIGIO" },
        { (uint32_t)-6, "SI_TKILL" }, { (uint32_t)-7, "SI_DETHREAD" },
        { (uint32_t)-60, "SI_ASYNCNL" },
};

/* clock ticks as strace shows them, the seconds in a comment (3 as 0.03 s): at
 * USER_HZ, 100 on x86-64 */
static void put_clock_t(struct out *o, uint64_t v)
{
        putf(o, "%" PRIu64, v);
        if (v)
                putf(o, " /* %" PRIu64 ".%02" PRIu64 " s */", v / 100, v % 100);
}

/* a si_code by the signal's own codes (SIGCHLD's CLD_EXITED, SIGSEGV's SEGV_MAPERR) */
static const char *si_code_of(int sig, int code)
{
        static const char *const chld[] = { "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED",
                                            "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED" };
        static const char *const segv[] = { "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR",
                                            "SEGV_PKUERR", "SEGV_ACCADI", "SEGV_ADIDERR",
                                            "SEGV_ADIPERR", "SEGV_MTEAERR", "SEGV_MTESERR" };
        static const char *const trap[] = { "TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH",
                                            "TRAP_HWBKPT", "TRAP_UNK", "TRAP_PERF" };
        static const char *const bus[] = { "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR",
                                           "BUS_MCEERR_AR", "BUS_MCEERR_AO" };
        static const char *const ill[] = { "ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR",
                                           "ILL_ILLTRP", "ILL_PRVOPC", "ILL_PRVREG",
                                           "ILL_COPROC", "ILL_BADSTK", "ILL_BADIADDR" };
        static const char *const fpe[] = { "FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV",
                                           "FPE_FLTOVF", "FPE_FLTUND", "FPE_FLTRES",
                                           "FPE_FLTINV", "FPE_FLTSUB", "FPE_FLTUNK",
                                           "FPE_CONDTRAP" };
        static const struct {
                int sig;
                const char *const *names;
                int n;
        } t[] = {
                { SIGCHLD, chld, COUNT(chld) }, { SIGSEGV, segv, COUNT(segv) },
                { SIGTRAP, trap, COUNT(trap) }, { SIGBUS, bus, COUNT(bus) },
                { SIGILL, ill, COUNT(ill) },    { SIGFPE, fpe, COUNT(fpe) },
        };
        const char *s = xlookup((uint32_t)code, siginfo_codes, COUNT(siginfo_codes));

        if (s)
                return s;
        for (size_t i = 0; i < COUNT(t); i++)
                if (t[i].sig == sig && code >= 1 && code <= t[i].n)
                        return t[i].names[code - 1];
        return NULL;
}

/* siginfo_t as strace's printsiginfo: the signal and code, then the fields the code
 * (sent by a process: its pid and uid, and the value queued with it) or the signal
 * (SIGCHLD's status and times, a fault's address) fills; {} for none */
static void put_siginfo(struct ctx *x, uint64_t addr)
{
        struct {
                int32_t signo, err, code, pad;
                union {
                        struct { int32_t pid; uint32_t uid; uint64_t val; } kill;
                        struct { int32_t pid; uint32_t uid; int32_t status, pad;
                                 int64_t utime, stime; } chld;
                        struct { int32_t tid, overrun; uint64_t val; } timer;
                        struct { int64_t band; int32_t fd; } poll;
                        uint64_t addr;
                } u;
                uint8_t rest[128 - 48];
        } si;
        struct out *o = &x->o;
        const char *code;

        if (!addr) {
                puts_(o, "NULL");
                return;
        }
        if (!mem_get(x, addr, &si, sizeof(si))) {
                put_ptr(o, addr);
                return;
        }
        put(o, "{", 1);
        if (!si.signo) {
                put(o, "}", 1);
                return;
        }
        puts_(o, "si_signo=");
        put_signal(o, si.signo);
        code = si_code_of(si.signo, si.code);
        if (code)
                putf(o, ", si_code=%s", code);
        else
                putf(o, ", si_code=%#x", (unsigned)si.code);
        if (si.err) {
                const char *e = dbgd_errno_name(si.err);

                if (e)
                        putf(o, ", si_errno=%s", e);
                else
                        putf(o, ", si_errno=%d", si.err);
        }
        if (si.code <= 0) { /* sent by a process */
                switch (si.code) {
                case -2: /* SI_TIMER */
                        putf(o, ", si_timerid=%#x, si_overrun=%d, si_int=%d, si_ptr=",
                             (unsigned)si.u.timer.tid, si.u.timer.overrun,
                             (int32_t)si.u.timer.val);
                        put_ptr(o, si.u.timer.val);
                        break;
                case -5: /* SI_SIGIO */
                        putf(o, ", si_band=%" PRId64 ", si_fd=%d", si.u.poll.band,
                             si.u.poll.fd);
                        break;
                default:
                        putf(o, ", si_pid=%d, si_uid=%u", si.u.kill.pid, si.u.kill.uid);
                        if (si.code != 0 && si.code != -6 && si.u.kill.val) {
                                putf(o, ", si_int=%d, si_ptr=", (int32_t)si.u.kill.val);
                                put_ptr(o, si.u.kill.val);
                        }
                        break;
                }
        } else {
                switch (si.signo) {
                case SIGCHLD:
                        putf(o, ", si_pid=%d, si_uid=%u, si_status=", si.u.chld.pid,
                             si.u.chld.uid);
                        if (si.code == 1) /* CLD_EXITED: a code, else a signal */
                                putf(o, "%d", si.u.chld.status);
                        else
                                put_signal(o, si.u.chld.status);
                        puts_(o, ", si_utime=");
                        put_clock_t(o, (uint64_t)si.u.chld.utime);
                        puts_(o, ", si_stime=");
                        put_clock_t(o, (uint64_t)si.u.chld.stime);
                        break;
                case SIGILL: case SIGFPE: case SIGBUS: case SIGSEGV: case SIGTRAP:
                        puts_(o, ", si_addr=");
                        put_ptr(o, si.u.addr);
                        break;
                case SIGIO:
                        if (si.code >= 1 && si.code <= 3) /* POLL_IN, POLL_OUT, POLL_MSG */
                                putf(o, ", si_band=%" PRId64 ", si_fd=%d", si.u.poll.band,
                                     si.u.poll.fd);
                        break;
                default:
                        if (si.u.kill.pid || si.u.kill.uid)
                                putf(o, ", si_pid=%d, si_uid=%u", si.u.kill.pid,
                                     si.u.kill.uid);
                        if (si.u.kill.val) {
                                putf(o, ", si_int=%d, si_ptr=", (int32_t)si.u.kill.val);
                                put_ptr(o, si.u.kill.val);
                        }
                        break;
                }
        }
        put(o, "}", 1);
}

/* kcmp's type and what it compares: two fds for KCMP_FILE, an fd and the target's
 * epoll slot for KCMP_EPOLL_TFD, nothing for the others */
static void put_kcmp(struct ctx *x, const uint64_t *a)
{
        static const struct xname types[] = {
                { 0, "KCMP_FILE" }, { 1, "KCMP_VM" }, { 2, "KCMP_FILES" }, { 3, "KCMP_FS" },
                { 4, "KCMP_SIGHAND" }, { 5, "KCMP_IO" }, { 6, "KCMP_SYSVSEM" },
                { 7, "KCMP_EPOLL_TFD" },
        };
        struct out *o = &x->o;
        uint32_t type = (uint32_t)a[2];

        put_enum(o, type, types, COUNT(types), "KCMP_");
        switch (type) {
        case 0:
                putf(o, ", %d, %d", (int)a[3], (int)a[4]);
                break;
        case 1: case 2: case 3: case 4: case 5: case 6:
                break;
        case 7: {
                uint32_t slot[3]; /* struct kcmp_epoll_slot: efd, tfd, toff */

                putf(o, ", %d, ", (int)a[3]);
                if (a[4] && mem_get(x, a[4], slot, sizeof(slot)))
                        putf(o, "{efd=%d, tfd=%d, toff=%u}", (int)slot[0], (int)slot[1],
                             slot[2]);
                else
                        put_ptr(o, a[4]);
                break;
        }
        default:
                puts_(o, ", ");
                put_hex(o, a[3]);
                puts_(o, ", ");
                put_hex(o, a[4]);
                break;
        }
}

/* process_vm_readv's and _writev's iovecs of the other process (and the local ones
 * after a failure): their addresses */
static void put_iov_addrs(struct ctx *x, uint64_t addr, uint64_t cnt)
{
        uint64_t iov[2];
        size_t n = cnt < SYSFMT_STRLEN ? (size_t)cnt : SYSFMT_STRLEN;

        if (!addr) {
                puts_(&x->o, "NULL");
                return;
        }
        if (!mem_get(x, addr, iov, sizeof(iov))) {
                put_ptr(&x->o, addr);
                return;
        }
        put(&x->o, "[", 1);
        for (size_t i = 0; i < n; i++) {
                if (i && !mem_get(x, addr + i * sizeof(iov), iov, sizeof(iov))) {
                        puts_(&x->o, ", ...");
                        break;
                }
                puts_(&x->o, i ? ", {iov_base=" : "{iov_base=");
                put_ptr(&x->o, iov[0]);
                putf(&x->o, ", iov_len=%" PRIu64 "}", iov[1]);
        }
        if (cnt > n)
                puts_(&x->o, ", ...");
        put(&x->o, "]", 1);
}

static const struct xname sched_policies[] = {
        { 0, "SCHED_OTHER" }, { 1, "SCHED_FIFO" }, { 2, "SCHED_RR" }, { 3, "SCHED_BATCH" },
        { 4, "SCHED_ISO" },   { 5, "SCHED_IDLE" }, { 6, "SCHED_DEADLINE" },
};

/* IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4): the class in the top 3 bits of 16 */
static void put_ioprio(struct out *o, uint64_t v)
{
        static const struct xname cl[] = { { 0, "IOPRIO_CLASS_NONE" }, { 1, "IOPRIO_CLASS_RT" },
                                           { 2, "IOPRIO_CLASS_BE" }, { 3, "IOPRIO_CLASS_IDLE" } };

        puts_(o, "IOPRIO_PRIO_VALUE(");
        put_enum(o, (uint32_t)v >> 13, cl, COUNT(cl), "IOPRIO_CLASS_");
        putf(o, ", %u)", (unsigned)v & 0x1fff);
}

/* a persona as strace's personality: the type (the low byte), then the flags */
static void put_persona(struct out *o, uint64_t v)
{
        static const struct xname types[] = {
                { 0, "PER_LINUX" }, { 6, "PER_BSD" }, { 8, "PER_LINUX32" },
                { 0xc, "PER_RISCOS" }, { 0xf, "PER_OSF4" }, { 0x10, "PER_HPUX" },
        };
        static const struct xname pf[] = {
                { 0x0020000, "UNAME26" },         { 0x0040000, "ADDR_NO_RANDOMIZE" },
                { 0x0080000, "FDPIC_FUNCPTRS" },  { 0x0100000, "MMAP_PAGE_ZERO" },
                { 0x0200000, "ADDR_COMPAT_LAYOUT" }, { 0x0400000, "READ_IMPLIES_EXEC" },
                { 0x0800000, "ADDR_LIMIT_32BIT" }, { 0x1000000, "SHORT_INODE" },
                { 0x2000000, "WHOLE_SECONDS" },   { 0x4000000, "STICKY_TIMEOUTS" },
                { 0x8000000, "ADDR_LIMIT_3GB" },
        };
        uint32_t type = (uint32_t)v & 0xff, flags = (uint32_t)v & ~0xffu;
        const char *s = xlookup(type, types, COUNT(types));

        if (s)
                puts_(o, s);
        else
                putf(o, "%#x /* PER_??? */", type);
        if (flags) {
                put(o, "|", 1);
                put_flags(o, flags, pf, COUNT(pf), NULL);
        }
}

static const struct xname membarrier_cmds[] = {
        { 0, "MEMBARRIER_CMD_QUERY" },
        { 1 << 0, "MEMBARRIER_CMD_GLOBAL" },
        { 1 << 1, "MEMBARRIER_CMD_GLOBAL_EXPEDITED" },
        { 1 << 2, "MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED" },
        { 1 << 3, "MEMBARRIER_CMD_PRIVATE_EXPEDITED" },
        { 1 << 4, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED" },
        { 1 << 5, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE" },
        { 1 << 6, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE" },
        { 1 << 7, "MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ" },
        { 1 << 8, "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ" },
        /* (1 << 9, MEMBARRIER_CMD_GET_REGISTRATIONS, came after strace 6.1) */
};

/* msgctl's, semctl's and shmctl's commands: IPC_ ones, then the call's own */
static void put_ipc_cmd(struct out *o, long nr, uint32_t v)
{
        static const struct xname ipc[] = { { 0, "IPC_RMID" }, { 1, "IPC_SET" },
                                             { 2, "IPC_STAT" }, { 3, "IPC_INFO" } };
        static const struct xname shm[] = { { 11, "SHM_LOCK" }, { 12, "SHM_UNLOCK" },
                                             { 13, "SHM_STAT" }, { 14, "SHM_INFO" },
                                             { 15, "SHM_STAT_ANY" } };
        static const struct xname msg[] = { { 11, "MSG_STAT" }, { 12, "MSG_INFO" },
                                             { 13, "MSG_STAT_ANY" } };
        static const struct xname sem[] = {
                { 11, "GETPID" }, { 12, "GETVAL" }, { 13, "GETALL" }, { 14, "GETNCNT" },
                { 15, "GETZCNT" }, { 16, "SETVAL" }, { 17, "SETALL" }, { 18, "SEM_STAT" },
                { 19, "SEM_INFO" }, { 20, "SEM_STAT_ANY" },
        };
        const char *prefix = nr == SYS_shmctl ? "SHM_" : nr == SYS_msgctl ? "MSG_" : "SEM_";
        uint32_t cmd = v & ~0x100u; /* IPC_64 */
        const char *s = xlookup(cmd, ipc, COUNT(ipc));

        if (!s && nr == SYS_shmctl)
                s = xlookup(cmd, shm, COUNT(shm));
        else if (!s && nr == SYS_msgctl)
                s = xlookup(cmd, msg, COUNT(msg));
        else if (!s)
                s = xlookup(cmd, sem, COUNT(sem));
        if (v & 0x100)
                puts_(o, "IPC_64|");
        if (s)
                puts_(o, s);
        else
                putf(o, "%#x /* %s??? */", cmd, prefix);
}

/* msgget's, semget's and shmget's flags and the permissions: IPC_CREAT|0600 */
static void put_ipc_flags(struct out *o, uint32_t v, bool shm)
{
        static const struct xname ipc[] = { { 01000, "IPC_CREAT" }, { 02000, "IPC_EXCL" },
                                            { 04000, "IPC_NOWAIT" } };
        static const struct xname shmf[] = { { 01000, "IPC_CREAT" }, { 02000, "IPC_EXCL" },
                                             { 04000, "SHM_HUGETLB" },
                                             { 010000, "SHM_NORESERVE" } };
        uint32_t flags = v & ~0777u;

        if (flags) {
                if (shm)
                        put_flags(o, flags, shmf, COUNT(shmf), NULL);
                else
                        put_flags(o, flags, ipc, COUNT(ipc), NULL);
                put(o, "|", 1);
        }
        putf(o, "%#03o", v & 0777);
}

static const struct xname seccomp_ret_actions[] = {
        { 0x80000000, "SECCOMP_RET_KILL_PROCESS" }, { 0, "SECCOMP_RET_KILL_THREAD" },
        { 0x00030000, "SECCOMP_RET_TRAP" },         { 0x00050000, "SECCOMP_RET_ERRNO" },
        { 0x7fc00000, "SECCOMP_RET_USER_NOTIF" },   { 0x7ff00000, "SECCOMP_RET_TRACE" },
        { 0x7ffc0000, "SECCOMP_RET_LOG" },          { 0x7fff0000, "SECCOMP_RET_ALLOW" },
};

/* seccomp's third argument by the operation: a filter program's length and address,
 * an action asked about ([SECCOMP_RET_LOG]), else an address */
static void put_seccomp_args(struct ctx *x, const uint64_t *a)
{
        struct out *o = &x->o;

        if (!a[2]) {
                puts_(o, "NULL");
        } else if (a[0] == 1) { /* SECCOMP_SET_MODE_FILTER: struct sock_fprog */
                uint64_t prog[2];

                if (!mem_get(x, a[2], prog, sizeof(prog)))
                        put_ptr(o, a[2]);
                else
                        putf(o, "{len=%u, filter=%#" PRIx64 "}", (unsigned)(uint16_t)prog[0],
                             prog[1]);
        } else if (a[0] == 2) { /* SECCOMP_GET_ACTION_AVAIL */
                uint32_t act;

                if (!mem_get(x, a[2], &act, sizeof(act))) {
                        put_ptr(o, a[2]);
                } else {
                        put(o, "[", 1);
                        put_enum(o, act, seccomp_ret_actions, COUNT(seccomp_ret_actions),
                                 "SECCOMP_RET_");
                        put(o, "]", 1);
                }
        } else {
                put_ptr(o, a[2]);
        }
}

/* struct io_uring_params as strace prints it: what the program sets (flags, the SQ
 * thread's cpu and idle time, wq_fd with IORING_SETUP_ATTACH_WQ, resv when not 0),
 * then after a success what the kernel wrote (the sizes, features, ring offsets) */
static void put_io_uring_params(struct ctx *x, uint64_t addr)
{
        static const struct xname setup[] = {
                { 1 << 0, "IORING_SETUP_IOPOLL" },      { 1 << 1, "IORING_SETUP_SQPOLL" },
                { 1 << 2, "IORING_SETUP_SQ_AFF" },      { 1 << 3, "IORING_SETUP_CQSIZE" },
                { 1 << 4, "IORING_SETUP_CLAMP" },       { 1 << 5, "IORING_SETUP_ATTACH_WQ" },
                { 1 << 6, "IORING_SETUP_R_DISABLED" },  { 1 << 7, "IORING_SETUP_SUBMIT_ALL" },
                { 1 << 8, "IORING_SETUP_COOP_TASKRUN" }, { 1 << 9, "IORING_SETUP_TASKRUN_FLAG" },
                { 1 << 10, "IORING_SETUP_SQE128" },     { 1 << 11, "IORING_SETUP_CQE32" },
        };
        static const struct xname feat[] = {
                { 1 << 0, "IORING_FEAT_SINGLE_MMAP" },   { 1 << 1, "IORING_FEAT_NODROP" },
                { 1 << 2, "IORING_FEAT_SUBMIT_STABLE" }, { 1 << 3, "IORING_FEAT_RW_CUR_POS" },
                { 1 << 4, "IORING_FEAT_CUR_PERSONALITY" }, { 1 << 5, "IORING_FEAT_FAST_POLL" },
                { 1 << 6, "IORING_FEAT_POLL_32BITS" },   { 1 << 7, "IORING_FEAT_SQPOLL_NONFIXED" },
                { 1 << 8, "IORING_FEAT_EXT_ARG" },       { 1 << 9, "IORING_FEAT_NATIVE_WORKERS" },
                { 1 << 10, "IORING_FEAT_RSRC_TAGS" },    { 1 << 11, "IORING_FEAT_CQE_SKIP" },
                { 1 << 12, "IORING_FEAT_LINKED_FILE" },
        };
        struct {
                uint32_t sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle,
                         features, wq_fd, resv[3];
                uint32_t sq_off[8];     /* head, tail, ring_mask, ring_entries, flags,
                                         * dropped, array, resv1; then a u64 */
                uint64_t sq_resv2;
                uint32_t cq_off[8];     /* head, tail, ring_mask, ring_entries, overflow,
                                         * cqes, flags, resv1; then a u64 */
                uint64_t cq_resv2;
        } p;
        struct out *o = &x->o;

        if (!addr) {
                puts_(o, "NULL");
                return;
        }
        if (!mem_get(x, addr, &p, sizeof(p))) {
                put_ptr(o, addr);
                return;
        }
        puts_(o, "{flags=");
        put_flags(o, p.flags, setup, COUNT(setup), "IORING_SETUP_");
        putf(o, ", sq_thread_cpu=%u, sq_thread_idle=%u", p.sq_thread_cpu, p.sq_thread_idle);
        if (p.flags & (1 << 5))
                putf(o, ", wq_fd=%d", (int)p.wq_fd);
        if (p.resv[0] || p.resv[1] || p.resv[2]) {
                puts_(o, ", resv=[");
                for (int i = 0; i < 3; i++) {
                        if (i)
                                puts_(o, ", ");
                        put_hex(o, p.resv[i]);
                }
                put(o, "]", 1);
        }
        if (x->exiting && !failed(x)) {
                putf(o, ", sq_entries=%u, cq_entries=%u, features=", p.sq_entries,
                     p.cq_entries);
                put_flags(o, p.features, feat, COUNT(feat), "IORING_FEAT_");
                putf(o, ", sq_off={head=%u, tail=%u, ring_mask=%u, ring_entries=%u, flags=%u, "
                        "dropped=%u, array=%u}, cq_off={head=%u, tail=%u, ring_mask=%u, "
                        "ring_entries=%u, overflow=%u, cqes=%u, flags=%u}",
                     p.sq_off[0], p.sq_off[1], p.sq_off[2], p.sq_off[3], p.sq_off[4],
                     p.sq_off[5], p.sq_off[6], p.cq_off[0], p.cq_off[1], p.cq_off[2],
                     p.cq_off[3], p.cq_off[4], p.cq_off[5], p.cq_off[6]);
        }
        put(o, "}", 1);
}

/* syslog's types that take no buffer: neither it nor its length shows */
static bool syslog_no_buf(uint64_t type)
{
        switch ((int)type) {
        case 0: case 1: case 5: case 6: case 7: case 9: case 10:
                return true;
        default:
                return false;
        }
}

/* Is kind k of argument i printed at all? */
static bool shown(const struct ctx *x, enum kind k, int i)
{
        const uint64_t *a = x->c->args;

        switch (k) {
        case K_SKIP:
                return false;
        case K_OPEN_MODE:
                /* O_CREAT, or all of O_TMPFILE (which has O_DIRECTORY in it) */
                return (a[i - 1] & 0100) || (a[i - 1] & 020200000) == 020200000;
        case K_FCNTL_ARG:
                switch (a[1]) {
                case F_GETFD: case F_GETFL: case F_GETOWN: case F_GETSIG: case F_GETLEASE:
                case 1032 /* F_GETPIPE_SZ */: case 1034 /* F_GET_SEALS */:
                        return false;
                default:
                        return true;
                }
        case K_CLONE_PTID:
                return a[0] & (0x100000 | 0x1000);
        case K_CLONE_TLS:
                return a[0] & 0x80000;
        case K_CLONE_CTID:
                return a[0] & (0x200000 | 0x1000000);
        case K_CLONE3_OUT:
                return x->exiting && !failed(x);
        case K_PRCTL_OUT: {
                int opt = prctl_find(a[0]);

                return opt >= 0 && prctl_opts[opt].shape == PS_OUT;
        }
        case K_MQ_ATTR: /* as the mode: only with O_CREAT */
                return a[1] & 0100;
        case K_SYSLOG_BUF:
        case K_SYSLOG_LEN:
                return !syslog_no_buf(a[0]);
        case K_DEV: /* only a device's */
                return (a[i - 1] & S_IFMT) == S_IFCHR || (a[i - 1] & S_IFMT) == S_IFBLK;
        default:
                return true;
        }
}

/* The struct linux_dirent64 records in the len bytes at addr (getdents64's), as strace
 * counts them; 0 when they cannot be read. */
static size_t dirents_count(const struct ctx *x, uint64_t addr, uint64_t len)
{
        static uint8_t buf[65536]; /* (the engine thread's; glibc asks 32 KiB) */
        size_t n = 0, at = 0;

        if (len > sizeof(buf) || !mem_get(x, addr, buf, (size_t)len))
                return 0;
        while (at + 19 <= len) { /* d_ino, d_off, d_reclen (at 16), d_type, d_name */
                uint16_t reclen;

                memcpy(&reclen, buf + at + 16, sizeof(reclen));
                if (reclen == 0)
                        break;
                at += reclen;
                n++;
        }
        return n;
}

static void put_arg(struct ctx *x, enum kind k, int i)
{
        const uint64_t *a = x->c->args;
        uint64_t v = a[i];
        struct out *o = &x->o;

        /* what the kernel writes is unknown at the entry, and not written after a
         * failure: its address, as strace shows it (getsockopt's length, which the
         * program wrote, is shown after a failure too, and so are recvmsg's msg_namelen,
         * accept's and getsockname's length, a sleep's time left (written when it is
         * cut short) and sendmmsg's vector, without msg_len; FICLONE's argument is an
         * fd, read) */
        bool out = kind_is_out(k) && !(k == K_IOCTL_ARG && (uint32_t)a[1] == 0x40049409) &&
                   k != K_LOFF_INOUT && k != K_IOU_PARAMS; /* (their own cases) */
        bool shown_failed = k == K_SOCKLEN_OUT || k == K_MSGHDR_OUT || k == K_TS_OUT ||
                            k == K_LOFF_INOUT || k == K_PVM_LOCAL || k == K_IOU_PARAMS ||
                            k == K_MMSG_IN || /* sendmmsg's, what was to be sent */
                            (k == K_SOCKLEN_INOUT && x->c->nr != SYS_recvfrom);

        if (out && (!x->exiting || (failed(x) && !shown_failed))) {
                if (k == K_IOCTL_ARG)
                        put_hex(o, v);
                else
                        put_ptr(o, v);
                return;
        }
        switch (k) {
        case K_INT: putf(o, "%d", (int)v); break;
        case K_UINT: putf(o, "%u", (unsigned)v); break;
        case K_LONG: putf(o, "%" PRId64, (int64_t)v); break;
        case K_ULONG: putf(o, "%" PRIu64, v); break;
        case K_HEX: put_hex(o, v); break;
        case K_PTR: put_ptr(o, v); break;
        case K_DIRFD:
                if ((int)v == AT_FDCWD)
                        puts_(o, "AT_FDCWD");
                else
                        putf(o, "%d", (int)v);
                break;
        case K_PATH: put_cstr(x, v, PATH_MAX - 1); break;
        case K_STR: put_cstr(x, v, SYSFMT_STRLEN); break;
        case K_BUF_IN:
        case K_BUF_OUT: {
                uint64_t len = k == K_BUF_IN ? a[i + 1] : (uint64_t)x->ret;

                if (on_nl_route(x))
                        put_netlink(x, v, len);
                else
                        put_buf(x, v, len, false);
                break;
        }
        case K_IOV_IN: put_iov(x, v, a[i + 1], false); break;
        case K_IOV_OUT: put_iov(x, v, a[i + 1], true); break;
        case K_OPEN_FLAGS: put_open_flags(o, v); break;
        case K_OPEN_MODE:
        case K_MODE: put_mode(o, v); break;
        case K_STAT_OUT: put_stat(x, v); break;
        case K_STATX_FLAGS: put_statx_flags(o, v); break;
        case K_STATX_MASK:
                put_flags(o, (uint32_t)v, statx_masks, COUNT(statx_masks), "STATX_");
                break;
        case K_STATX_OUT: put_statx(x, v); break;
        case K_STATFS_OUT: put_statfs(x, v); break;
        case K_CPUSET_IN:
                put_cpuset(x, v, a[i - 1]);
                break;
        case K_CPUSET_OUT: put_cpuset(x, v, (uint64_t)x->ret); break;
        case K_SYSINFO_OUT: put_sysinfo(x, v); break;
        case K_POLLFDS: put_pollfds(x, v, a[i + 1], false); break;
        case K_MADVICE: {
                static const struct xname ma[] = {
                        { 0, "MADV_NORMAL" },      { 1, "MADV_RANDOM" },
                        { 2, "MADV_SEQUENTIAL" },  { 3, "MADV_WILLNEED" },
                        { 4, "MADV_DONTNEED" },    { 8, "MADV_FREE" },
                        { 9, "MADV_REMOVE" },      { 10, "MADV_DONTFORK" },
                        { 11, "MADV_DOFORK" },     { 12, "MADV_MERGEABLE" },
                        { 13, "MADV_UNMERGEABLE" }, { 14, "MADV_HUGEPAGE" },
                        { 15, "MADV_NOHUGEPAGE" }, { 16, "MADV_DONTDUMP" },
                        { 17, "MADV_DODUMP" },     { 18, "MADV_WIPEONFORK" },
                        { 19, "MADV_KEEPONFORK" }, { 20, "MADV_COLD" },
                        { 21, "MADV_PAGEOUT" },    { 22, "MADV_POPULATE_READ" },
                        { 23, "MADV_POPULATE_WRITE" }, { 100, "MADV_HWPOISON" },
                        { 101, "MADV_SOFT_OFFLINE" },
                };
                put_enum(o, (uint32_t)v, ma, COUNT(ma), "MADV_");
                break;
        }
        case K_XATTR_FLAGS: {
                static const struct xname xf[] = { { 1, "XATTR_CREATE" },
                                                   { 2, "XATTR_REPLACE" } };
                put_flags(o, (uint32_t)v, xf, COUNT(xf), "XATTR_");
                break;
        }
        case K_PRCTL: put_prctl(x, a); break;
        case K_MREMAP_FLAGS: {
                static const struct xname mf[] = { { 1, "MREMAP_MAYMOVE" },
                                                   { 2, "MREMAP_FIXED" },
                                                   { 4, "MREMAP_DONTUNMAP" } };
                put_flags(o, (uint32_t)v, mf, COUNT(mf), "MREMAP_");
                break;
        }
        case K_MSYNC_FLAGS: {
                static const struct xname mf[] = { { 1, "MS_ASYNC" }, { 2, "MS_INVALIDATE" },
                                                   { 4, "MS_SYNC" } };
                put_flags(o, (uint32_t)v, mf, COUNT(mf), "MS_");
                break;
        }
        case K_EPOLL_FLAGS: {
                static const struct xname ef[] = { { 0x80000, "EPOLL_CLOEXEC" } };

                put_flags(o, (uint32_t)v, ef, COUNT(ef), "EPOLL_");
                break;
        }
        case K_EPOLL_OP: {
                static const struct xname ops[] = { { 1, "EPOLL_CTL_ADD" },
                                                    { 2, "EPOLL_CTL_DEL" },
                                                    { 3, "EPOLL_CTL_MOD" } };

                put_enum(o, (uint32_t)v, ops, COUNT(ops), "EPOLL_CTL_");
                break;
        }
        case K_EPOLL_EVENT: /* EPOLL_CTL_DEL's is not read: its address, as strace's */
                if ((uint32_t)a[1] == 2)
                        put_ptr(o, v);
                else
                        put_epoll_events(x, v, 1, false);
                break;
        case K_EPOLL_OUT: put_epoll_events(x, v, (uint64_t)x->ret, true); break;
        case K_SOCKLEVEL: {
                static const struct xname lv[] = { { 0, "SOL_IP" }, { 1, "SOL_SOCKET" },
                                                   { 6, "SOL_TCP" }, { 17, "SOL_UDP" },
                                                   { 41, "SOL_IPV6" },
                                                   { 270, "SOL_NETLINK" } };
                const char *s = xlookup((uint32_t)v, lv, COUNT(lv));

                if (s)
                        puts_(o, s);
                else
                        putf(o, "%#x /* SOL_??? */", (unsigned)v);
                break;
        }
        case K_SOCKOPT: put_sockopt_name(o, (uint32_t)a[1], (uint32_t)v); break;
        case K_SOCKOPT_VAL: put_sockopt_int(x, v, a[i + 1]); break;
        case K_SOCKOPT_OUT: {
                uint32_t len;

                if (!mem_get(x, a[i + 1], &len, sizeof(len)))
                        put_ptr(o, v);
                else
                        put_sockopt_int(x, v, len);
                break;
        }
        case K_SOCKLEN_OUT: { /* (strace shows it after a failure too) */
                uint32_t len;

                if (!mem_get(x, v, &len, sizeof(len)))
                        put_ptr(o, v);
                else
                        putf(o, "[%u]", len);
                break;
        }
        case K_MSG_FLAGS: {
                static const struct xname mf[] = {
                        { 0x1, "MSG_OOB" },         { 0x2, "MSG_PEEK" },
                        { 0x4, "MSG_DONTROUTE" },   { 0x8, "MSG_CTRUNC" },
                        { 0x20, "MSG_TRUNC" },      { 0x40, "MSG_DONTWAIT" },
                        { 0x80, "MSG_EOR" },        { 0x100, "MSG_WAITALL" },
                        { 0x4000, "MSG_NOSIGNAL" }, { 0x8000, "MSG_MORE" },
                        { 0x40000000, "MSG_CMSG_CLOEXEC" },
                };
                put_flags(o, (uint32_t)v, mf, COUNT(mf), "MSG_");
                break;
        }
        case K_SOCKADDR_OUT: { /* its length is at a[i + 1] (the kernel's, at the exit) */
                uint32_t len;

                if (!v || !mem_get(x, a[i + 1], &len, sizeof(len)))
                        put_ptr(o, v);
                else
                        put_sockaddr(x, v, len);
                break;
        }
        case K_SOCKLEN_INOUT: { /* [28 => 16]: the length given, then the kernel's */
                uint32_t len;

                if (!mem_get(x, v, &len, sizeof(len)))
                        put_ptr(o, v);
                else if (x->c->have_len_in && x->c->len_in != len)
                        putf(o, "[%u => %u]", x->c->len_in, len);
                else
                        putf(o, "[%u]", len);
                break;
        }
        case K_FADVICE: {
                static const struct xname fa[] = {
                        N(POSIX_FADV_NORMAL), N(POSIX_FADV_RANDOM), N(POSIX_FADV_SEQUENTIAL),
                        N(POSIX_FADV_WILLNEED), N(POSIX_FADV_DONTNEED), N(POSIX_FADV_NOREUSE),
                };
                put_enum(o, (uint32_t)v, fa, COUNT(fa), "POSIX_FADV_");
                break;
        }
        case K_GIDS_OUT: /* [0, 27]; NULL; [] when it returned none */
                if (!v || x->ret > 64) {
                        put_ptr(o, v);
                } else {
                        uint32_t gids[64];

                        if (!mem_get(x, v, gids, (size_t)x->ret * sizeof(gids[0]))) {
                                put_ptr(o, v);
                                break;
                        }
                        put(o, "[", 1);
                        for (int64_t g = 0; g < x->ret; g++)
                                putf(o, "%s%u", g ? ", " : "", gids[g]);
                        put(o, "]", 1);
                }
                break;
        case K_AT_FLAGS:
        case K_UNLINK_FLAGS: put_flags(o, v, at_flags, COUNT(at_flags), "AT_"); break;
        case K_WHENCE: {
                static const struct xname w[] = { N(SEEK_SET), N(SEEK_CUR), N(SEEK_END),
                                                  N(SEEK_DATA), N(SEEK_HOLE) };
                put_enum(o, (uint32_t)v, w, COUNT(w), "SEEK_");
                break;
        }
        case K_PROT:
                if ((uint32_t)v == 0)
                        puts_(o, "PROT_NONE");
                else
                        put_flags(o, (uint32_t)v, prot_flags, COUNT(prot_flags), "PROT_");
                break;
        case K_MAP_FLAGS: put_map_flags(o, v); break;
        case K_ACCESS: {
                static const struct xname am[] = { N(R_OK), N(W_OK), N(X_OK) };

                if ((uint32_t)v == 0)
                        puts_(o, "F_OK");
                else
                        put_flags(o, (uint32_t)v, am, COUNT(am), "?_OK");
                break;
        }
        case K_FDS_OUT: {
                int fds[2];

                if (!mem_get(x, v, fds, sizeof(fds)))
                        put_ptr(o, v);
                else
                        putf(o, "[%d, %d]", fds[0], fds[1]);
                break;
        }
        case K_O_FLAGS:
                put_flags(o, (uint32_t)v, open_flags, COUNT(open_flags), "O_");
                break;
        case K_SIG: put_signal(o, (int)v); break;
        case K_SIGSET_IN: put_sigset(x, v, a[3]); break;
        case K_SIGSET_OUT: put_sigset(x, v, a[3]); break;
        case K_SIGHOW: {
                static const struct xname h[] = { N(SIG_BLOCK), N(SIG_UNBLOCK),
                                                  N(SIG_SETMASK) };
                put_enum(o, (uint32_t)v, h, COUNT(h), "SIG_");
                break;
        }
        case K_SIGACT_IN: put_sigaction(x, v, false); break;
        case K_SIGACT_OUT: put_sigaction(x, v, true); break;
        case K_TS_IN: put_timespec(x, v); break;
        case K_TS_OUT:
                /* the time left, written when a signal cut the sleep short (EINTR, or
                 * ERESTART_RESTARTBLOCK when the program is to resume the sleep) */
                if (v && x->exiting && (x->ret == -EINTR || (x->ret <= -512 && x->ret >= -516)))
                        put_timespec(x, v);
                else
                        put_ptr(o, v);
                break;
        case K_CLOCK: {
                static const struct xname cl[] = {
                        N(CLOCK_REALTIME), N(CLOCK_MONOTONIC), N(CLOCK_PROCESS_CPUTIME_ID),
                        N(CLOCK_THREAD_CPUTIME_ID), N(CLOCK_MONOTONIC_RAW),
                        N(CLOCK_REALTIME_COARSE), N(CLOCK_MONOTONIC_COARSE),
                        N(CLOCK_BOOTTIME), N(CLOCK_REALTIME_ALARM), N(CLOCK_BOOTTIME_ALARM),
                        N(CLOCK_TAI),
                };
                put_enum(o, (uint32_t)v, cl, COUNT(cl), "CLOCK_");
                break;
        }
        case K_TIMER_FLAGS: {
                static const struct xname tf[] = { N(TIMER_ABSTIME) };
                put_flags(o, (uint32_t)v, tf, COUNT(tf), "TIMER_");
                break;
        }
        case K_ARCH_CODE: {
                static const struct xname ac[] = {
                        { 0x1001, "ARCH_SET_GS" }, { 0x1002, "ARCH_SET_FS" },
                        { 0x1003, "ARCH_GET_FS" }, { 0x1004, "ARCH_GET_GS" },
                        { 0x1011, "ARCH_GET_CPUID" }, { 0x1012, "ARCH_SET_CPUID" },
                };
                put_enum(o, (uint32_t)v, ac, COUNT(ac), "ARCH_");
                break;
        }
        case K_ARCH_ADDR: put_hex(o, v); break;
        case K_RLIM_RES: {
                static const struct xname rl[] = {
                        N(RLIMIT_CPU), N(RLIMIT_FSIZE), N(RLIMIT_DATA), N(RLIMIT_STACK),
                        N(RLIMIT_CORE), N(RLIMIT_RSS), N(RLIMIT_NPROC), N(RLIMIT_NOFILE),
                        N(RLIMIT_MEMLOCK), N(RLIMIT_AS), N(RLIMIT_LOCKS),
                        N(RLIMIT_SIGPENDING), N(RLIMIT_MSGQUEUE), N(RLIMIT_NICE),
                        N(RLIMIT_RTPRIO), N(RLIMIT_RTTIME),
                };
                put_enum(o, (uint32_t)v, rl, COUNT(rl), "RLIMIT_");
                break;
        }
        case K_RLIM_IN: put_rlimit(x, v, false); break;
        case K_RLIM_OUT: put_rlimit(x, v, true); break;
        case K_GRND_OUT: put_buf(x, v, (uint64_t)x->ret, true); break;
        case K_GRND_FLAGS: {
                static const struct xname gf[] = { { 1, "GRND_NONBLOCK" },
                                                   { 2, "GRND_RANDOM" },
                                                   { 4, "GRND_INSECURE" } };
                put_flags(o, (uint32_t)v, gf, COUNT(gf), "GRND_");
                break;
        }
        case K_IOCTL_REQ: put_ioctl_req(o, v); break;
        case K_IOCTL_ARG: put_ioctl_arg(x, (uint32_t)a[1], v); break;
        case K_FCNTL_CMD: put_enum(o, (uint32_t)v, fcntl_cmds, COUNT(fcntl_cmds), "F_"); break;
        case K_FCNTL_ARG:
                switch (a[1]) {
                case F_SETFD: put_flags(o, (uint32_t)v, fd_flags, COUNT(fd_flags), "FD_"); break;
                case F_SETFL: put_open_flags(o, v); break;
                case F_DUPFD: case F_DUPFD_CLOEXEC: case F_SETOWN: case F_SETSIG:
                case 1031 /* F_SETPIPE_SZ */:
                        putf(o, "%d", (int)v);
                        break;
                case F_SETLEASE: {
                        static const struct xname l[] = { N(F_RDLCK), N(F_WRLCK), N(F_UNLCK) };
                        put_enum(o, (uint32_t)v, l, COUNT(l), "F_");
                        break;
                }
                default: put_hex(o, v); break;
                }
                break;
        case K_CWD_OUT:
                if (x->ret <= 0)
                        put_ptr(o, v);
                else
                        put_cstr(x, v, (size_t)x->ret < PATH_MAX ? (size_t)x->ret : PATH_MAX - 1);
                break;
        case K_WSTATUS_OUT: put_wstatus(x, v); break;
        case K_UTS_OUT: /* the two fields strace shows without -v */
                puts_(o, "{sysname=");
                put_cstr(x, v, 64);
                puts_(o, ", nodename=");
                put_cstr(x, v + 65, 64); /* (struct utsname's fields are 65 bytes) */
                puts_(o, ", ...}");
                break;
        case K_DIRENTS_OUT:
                put_ptr(o, v);
                putf(o, " /* %zu entries */", dirents_count(x, v, (uint64_t)x->ret));
                break;
        case K_WOPTIONS: {
                static const struct xname wo[] = {
                        { 1, "WNOHANG" }, { 2, "WSTOPPED" }, { 4, "WEXITED" },
                        { 8, "WCONTINUED" }, { 0x1000000, "WNOWAIT" },
                        { 0x20000000, "__WNOTHREAD" }, { 0x40000000, "__WALL" },
                        { 0x80000000, "__WCLONE" },
                };
                put_flags(o, (uint32_t)v, wo, COUNT(wo), "W");
                break;
        }
        case K_CLONE_STACK: puts_(o, "child_stack="); put_ptr(o, v); break;
        case K_CLONE_FLAGS: puts_(o, "flags="); put_clone_flags(o, v, true); break;
        case K_CLONE_PTID: puts_(o, "parent_tid="); put_ptr(o, v); break;
        case K_CLONE_TLS: puts_(o, "tls="); put_hex(o, v); break;
        case K_CLONE_CTID: puts_(o, "child_tidptr="); put_ptr(o, v); break;
        case K_CLONE3: put_clone3(x, v); break;
        case K_CLONE3_OUT: {
                uint64_t ca[4];
                int tid;

                /* clone3's flags and parent_tid, and the tid the kernel stored there */
                if (mem_get(x, v, ca, sizeof(ca)) && (ca[0] & 0x100000) &&
                    mem_get(x, ca[3], &tid, sizeof(tid)))
                        putf(o, " => {parent_tid=[%d]}", tid);
                break;
        }
        case K_FUTEX_OP: {
                static const char *const ops[] = {
                        "FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE",
                        "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP", "FUTEX_LOCK_PI",
                        "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI", "FUTEX_WAIT_BITSET",
                        "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI", "FUTEX_CMP_REQUEUE_PI",
                        "FUTEX_LOCK_PI2",
                };
                uint32_t op = (uint32_t)v, cmd = op & 127;

                if (cmd < COUNT(ops) && !(op & ~(127u | 128u | 256u)))
                        putf(o, "%s%s%s", ops[cmd], op & 128 ? "_PRIVATE" : "",
                             op & 256 ? "|FUTEX_CLOCK_REALTIME" : "");
                else
                        putf(o, "%#x /* FUTEX_??? */", op);
                break;
        }
        case K_FUTEX_REST: put_futex_rest(x, a); break;
        case K_PRCTL_OUT: put_prctl_out(x, a); break;
        case K_FDSET: put_fdset(x, v, (int)a[0]); break;
        case K_TV_IN: put_timeval(x, v); break;
        case K_PSELECT_SIG: { /* {const sigset_t *ss; size_t ss_len} */
                uint64_t sg[2];

                if (!v) {
                        puts_(o, "NULL");
                } else if (!mem_get(x, v, sg, sizeof(sg))) {
                        put_ptr(o, v);
                } else {
                        puts_(o, "{sigmask=");
                        put_sigset(x, sg[0], sg[1]);
                        putf(o, ", sigsetsize=%" PRIu64 "}", sg[1]);
                }
                break;
        }
        case K_SIGSET_NEXT: put_sigset(x, v, a[i + 1]); break;
        case K_MSGHDR_IN: put_msghdr(x, v, false); break;
        case K_MSGHDR_OUT: put_msghdr(x, v, true); break;
        case K_RUSAGE_WHO: {
                static const struct xname rw[] = { { 0, "RUSAGE_SELF" }, { 1, "RUSAGE_THREAD" },
                                                   { (uint32_t)-1, "RUSAGE_CHILDREN" } };

                put_enum(o, (uint32_t)v, rw, COUNT(rw), "RUSAGE_");
                break;
        }
        case K_RUSAGE_OUT: put_rusage(x, v); break;
        case K_STACK_IN:
        case K_STACK_OUT: put_stack_t(x, v); break;
        case K_SIGRETURN: put_sigreturn(x); break;
        case K_TFD_FLAGS:
        case K_IN_FLAGS:
        case K_SOCK_FLAGS: { /* O_CLOEXEC and O_NONBLOCK by the call's names */
                static const struct xname tf[] = { { O_CLOEXEC, "TFD_CLOEXEC" },
                                                   { O_NONBLOCK, "TFD_NONBLOCK" } };
                static const struct xname inf[] = { { O_CLOEXEC, "IN_CLOEXEC" },
                                                    { O_NONBLOCK, "IN_NONBLOCK" } };
                static const struct xname sf[] = { N(SOCK_CLOEXEC), N(SOCK_NONBLOCK) };

                if (k == K_TFD_FLAGS)
                        put_flags(o, (uint32_t)v, tf, COUNT(tf), "TFD_");
                else if (k == K_IN_FLAGS)
                        put_flags(o, (uint32_t)v, inf, COUNT(inf), "IN_");
                else
                        put_flags(o, (uint32_t)v, sf, COUNT(sf), "SOCK_");
                break;
        }
        case K_TFD_SET_FLAGS: {
                static const struct xname tf[] = { { 1, "TFD_TIMER_ABSTIME" },
                                                   { 2, "TFD_TIMER_CANCEL_ON_SET" } };

                put_flags(o, (uint32_t)v, tf, COUNT(tf), "TFD_");
                break;
        }
        case K_ITS_IN:
        case K_ITS_OUT: put_itimerspec(x, v); break;
        case K_EFD_FLAGS: {
                static const struct xname ef[] = { { 1, "EFD_SEMAPHORE" },
                                                   { O_CLOEXEC, "EFD_CLOEXEC" },
                                                   { O_NONBLOCK, "EFD_NONBLOCK" } };

                put_flags(o, (uint32_t)v, ef, COUNT(ef), "EFD_");
                break;
        }
        case K_SFD_FLAGS: {
                static const struct xname sf[] = { { O_CLOEXEC, "SFD_CLOEXEC" },
                                                   { O_NONBLOCK, "SFD_NONBLOCK" } };

                put_flags(o, (uint32_t)v, sf, COUNT(sf), "SFD_");
                break;
        }
        case K_IN_MASK: {
                static const struct xname im[] = {
                        { 0x1, "IN_ACCESS" },        { 0x2, "IN_MODIFY" },
                        { 0x4, "IN_ATTRIB" },        { 0x8, "IN_CLOSE_WRITE" },
                        { 0x10, "IN_CLOSE_NOWRITE" }, { 0x20, "IN_OPEN" },
                        { 0x40, "IN_MOVED_FROM" },   { 0x80, "IN_MOVED_TO" },
                        { 0x100, "IN_CREATE" },      { 0x200, "IN_DELETE" },
                        { 0x400, "IN_DELETE_SELF" }, { 0x800, "IN_MOVE_SELF" },
                        { 0x2000, "IN_UNMOUNT" },    { 0x4000, "IN_Q_OVERFLOW" },
                        { 0x8000, "IN_IGNORED" },    { 0x1000000, "IN_ONLYDIR" },
                        { 0x2000000, "IN_DONT_FOLLOW" }, { 0x4000000, "IN_EXCL_UNLINK" },
                        { 0x10000000, "IN_MASK_CREATE" }, { 0x20000000, "IN_MASK_ADD" },
                        { 0x40000000, "IN_ISDIR" },  { 0x80000000, "IN_ONESHOT" },
                };

                put_flags(o, (uint32_t)v, im, COUNT(im), "IN_");
                break;
        }
        case K_LOCK_OP: {
                static const struct xname lo[] = { { 1, "LOCK_SH" }, { 2, "LOCK_EX" },
                                                   { 4, "LOCK_NB" }, { 8, "LOCK_UN" } };

                put_flags(o, (uint32_t)v, lo, COUNT(lo), "LOCK_");
                break;
        }
        case K_RENAME_FLAGS: {
                static const struct xname rf[] = { { 1, "RENAME_NOREPLACE" },
                                                   { 2, "RENAME_EXCHANGE" },
                                                   { 4, "RENAME_WHITEOUT" } };

                put_flags(o, (uint32_t)v, rf, COUNT(rf), "RENAME_");
                break;
        }
        case K_FILE_MODE: put_file_mode(o, (unsigned)v); break;
        case K_DEV: /* the kernel's encoding: 12 bits of major, 20 of minor */
                putf(o, "makedev(%#x, %#x)", (unsigned)((v >> 8) & 0xfff),
                     (unsigned)((v & 0xff) | ((v >> 12) & 0xfff00)));
                break;
        case K_UTIMES: put_utimes(x, v); break;
        case K_LOFF_PTR: {
                int64_t off;

                if (!v)
                        puts_(o, "NULL");
                else if (!mem_get(x, v, &off, sizeof(off)))
                        put_ptr(o, v);
                else
                        putf(o, "[%" PRId64 "]", off);
                break;
        }
        case K_XATTR_LIST: /* the names, each with its NUL; the address when none */
                if (!v || !a[i + 1] || x->ret <= 0)
                        put_ptr(o, v);
                else
                        put_buf(x, v, (uint64_t)x->ret, false);
                break;
        case K_ACCESS_FLAGS: {
                static const struct xname af[] = { { 0x100, "AT_SYMLINK_NOFOLLOW" },
                                                   { 0x200, "AT_EACCESS" },
                                                   { 0x1000, "AT_EMPTY_PATH" } };

                put_flags(o, (uint32_t)v, af, COUNT(af), "AT_");
                break;
        }
        case K_CAP_HEADER: put_cap_header(x, v); break;
        case K_CAP_DATA_IN:
        case K_CAP_DATA_OUT: put_cap_data(x, v); break;
        case K_SIGEVENT: put_sigevent(x, v); break;
        case K_TIMERID_OUT: {
                int32_t id;

                if (!mem_get(x, v, &id, sizeof(id)))
                        put_ptr(o, v);
                else
                        putf(o, "[%d]", id);
                break;
        }
        case K_MPOL_MODE: put_mpol_mode(o, (uint32_t)v); break;
        case K_NODEMASK_IN: put_nodemask(x, v, a[i + 1]); break;
        case K_NODEMASK_OUT: put_nodemask(x, v, a[2]); break;
        case K_MPOL_OUT: {
                int32_t mode;

                if (!v)
                        puts_(o, "NULL");
                else if (!mem_get(x, v, &mode, sizeof(mode)))
                        put_ptr(o, v);
                else {
                        put(o, "[", 1);
                        put_mpol_mode(o, (uint32_t)mode);
                        put(o, "]", 1);
                }
                break;
        }
        case K_MPOL_GFLAGS: {
                static const struct xname gf[] = { { 1, "MPOL_F_NODE" }, { 2, "MPOL_F_ADDR" },
                                                   { 4, "MPOL_F_MEMS_ALLOWED" } };

                put_flags(o, (uint32_t)v, gf, COUNT(gf), "MPOL_F_");
                break;
        }
        case K_MBIND_FLAGS: {
                static const struct xname mf[] = { { 1, "MPOL_MF_STRICT" },
                                                   { 2, "MPOL_MF_MOVE" },
                                                   { 4, "MPOL_MF_MOVE_ALL" } };

                put_flags(o, (uint32_t)v, mf, COUNT(mf), "MPOL_MF_");
                break;
        }
        case K_MMSG_IN: /* all of them; msg_len of those sent */
                put_mmsgs(x, v, a[i + 1], failed(x) ? 0 : (uint64_t)x->ret, false);
                break;
        case K_MMSG_OUT: put_mmsgs(x, v, (uint64_t)x->ret, (uint64_t)x->ret, true); break;
        case K_MMSG_TIMEOUT:
                if (!v)
                        puts_(o, "NULL");
                else if (!x->c->have_ts_in)
                        put_ptr(o, v);
                else
                        putf(o, "{tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}", x->c->ts_in[0],
                             x->c->ts_in[1]);
                break;
        case K_PRIO_WHICH: {
                static const struct xname pw[] = { N(PRIO_PROCESS), N(PRIO_PGRP),
                                                   N(PRIO_USER) };
                put_enum(o, (uint32_t)v, pw, COUNT(pw), "PRIO_");
                break;
        }
        case K_UNSHARE_FLAGS:
                put_flags(o, (uint32_t)v, unshare_flags, COUNT(unshare_flags), "CLONE_");
                break;
        case K_SETNS_TYPE: {
                static const struct xname nt[] = { /* strace's order */
                        { 0x80, "CLONE_NEWTIME" },        { 0x20000, "CLONE_NEWNS" },
                        { 0x2000000, "CLONE_NEWCGROUP" }, { 0x4000000, "CLONE_NEWUTS" },
                        { 0x8000000, "CLONE_NEWIPC" },    { 0x10000000, "CLONE_NEWUSER" },
                        { 0x20000000, "CLONE_NEWPID" },   { 0x40000000, "CLONE_NEWNET" },
                };
                put_flags(o, (uint32_t)v, nt, COUNT(nt), "CLONE_NEW");
                break;
        }
        case K_TV_OUT: put_timeval(x, v); break;
        case K_TZ_IN:
        case K_TZ_OUT: put_timezone(x, v); break;
        case K_TS_GOT: put_timespec(x, v); break;
        case K_TIME_OUT: {
                int64_t t;

                if (!v) {
                        puts_(o, "NULL");
                } else if (!mem_get(x, v, &t, sizeof(t))) {
                        put_ptr(o, v);
                } else {
                        putf(o, "[%" PRId64, t);
                        put_date_comment(o, t, 0, 0);
                        put(o, "]", 1);
                }
                break;
        }
        case K_TMS_OUT: { /* four clock_t, each with its seconds */
                static const char *const names[] = { "{tms_utime=", ", tms_stime=",
                                                     ", tms_cutime=", ", tms_cstime=" };
                int64_t t[4];

                if (!mem_get(x, v, t, sizeof(t))) {
                        put_ptr(o, v);
                        break;
                }
                for (int f = 0; f < 4; f++) {
                        puts_(o, names[f]);
                        put_clock_t(o, (uint64_t)t[f]);
                }
                put(o, "}", 1);
                break;
        }
        case K_ITIMER_WHICH: {
                static const struct xname iw[] = { N(ITIMER_REAL), N(ITIMER_VIRTUAL),
                                                   N(ITIMER_PROF) };
                put_enum(o, (uint32_t)v, iw, COUNT(iw), "ITIMER_");
                break;
        }
        case K_ITV_IN:
        case K_ITV_OUT: put_itimerval(x, v); break;
        case K_MFD_FLAGS: {
                static const struct xname mf[] = { { 1, "MFD_CLOEXEC" },
                                                   { 2, "MFD_ALLOW_SEALING" },
                                                   { 4, "MFD_HUGETLB" } };
                put_flags(o, (uint32_t)v, mf, COUNT(mf), "MFD_");
                break;
        }
        case K_FALLOC_FLAGS: {
                static const struct xname ff[] = {
                        { 0x01, "FALLOC_FL_KEEP_SIZE" },      { 0x02, "FALLOC_FL_PUNCH_HOLE" },
                        { 0x04, "FALLOC_FL_NO_HIDE_STALE" },  { 0x08, "FALLOC_FL_COLLAPSE_RANGE" },
                        { 0x10, "FALLOC_FL_ZERO_RANGE" },     { 0x20, "FALLOC_FL_INSERT_RANGE" },
                        { 0x40, "FALLOC_FL_UNSHARE_RANGE" },
                };
                put_flags(o, (uint32_t)v, ff, COUNT(ff), "FALLOC_FL_");
                break;
        }
        case K_SFR_FLAGS: {
                static const struct xname sf[] = { { 1, "SYNC_FILE_RANGE_WAIT_BEFORE" },
                                                   { 2, "SYNC_FILE_RANGE_WRITE" },
                                                   { 4, "SYNC_FILE_RANGE_WAIT_AFTER" } };
                put_flags(o, (uint32_t)v, sf, COUNT(sf), "SYNC_FILE_RANGE_");
                break;
        }
        case K_RWF_FLAGS: {
                static const struct xname rf[] = { { 1, "RWF_HIPRI" }, { 2, "RWF_DSYNC" },
                                                   { 4, "RWF_SYNC" }, { 8, "RWF_NOWAIT" },
                                                   { 0x10, "RWF_APPEND" } };
                put_flags(o, (uint32_t)v, rf, COUNT(rf), "RWF_");
                break;
        }
        case K_LOFF_INOUT: /* [as given], and " => [as left]" after a transfer */
                if (!v) {
                        puts_(o, "NULL");
                        break;
                }
                if (!x->c->have_off_in) {
                        put_ptr(o, v);
                        break;
                }
                putf(o, "[%" PRId64 "]", x->c->off_in);
                if (x->exiting && x->ret > 0) {
                        int64_t off;

                        if (mem_get(x, v, &off, sizeof(off)))
                                putf(o, " => [%" PRId64 "]", off);
                }
                break;
        case K_SPLICE_FLAGS: {
                static const struct xname sf[] = { { 1, "SPLICE_F_MOVE" },
                                                   { 2, "SPLICE_F_NONBLOCK" },
                                                   { 4, "SPLICE_F_MORE" },
                                                   { 8, "SPLICE_F_GIFT" } };
                put_flags(o, (uint32_t)v, sf, COUNT(sf), "SPLICE_F_");
                break;
        }
        case K_SHUT_HOW: {
                static const struct xname sh[] = { N(SHUT_RD), N(SHUT_WR), N(SHUT_RDWR) };
                put_enum(o, (uint32_t)v, sh, COUNT(sh), "SHUT_");
                break;
        }
        case K_CLOSE_RANGE_FLAGS: {
                static const struct xname cf[] = { { 2, "CLOSE_RANGE_UNSHARE" },
                                                   { 4, "CLOSE_RANGE_CLOEXEC" } };
                put_flags(o, (uint32_t)v, cf, COUNT(cf), "CLOSE_RANGE_");
                break;
        }
        case K_TV2: put_timevals2(x, v); break;
        case K_UTIMBUF: put_utimbuf(x, v); break;
        case K_OPEN_HOW: put_open_how(x, v, a[i + 1]); break;
        case K_MS_FLAGS: {
                static const char *const ms[] = {
                        "MS_RDONLY", "MS_NOSUID", "MS_NODEV", "MS_NOEXEC", "MS_SYNCHRONOUS",
                        "MS_REMOUNT", "MS_MANDLOCK", "MS_DIRSYNC", "MS_NOSYMFOLLOW", NULL,
                        "MS_NOATIME", "MS_NODIRATIME", "MS_BIND", "MS_MOVE", "MS_REC",
                        "MS_SILENT", "MS_POSIXACL", "MS_UNBINDABLE", "MS_PRIVATE",
                        "MS_SLAVE", "MS_SHARED", "MS_RELATIME", "MS_KERNMOUNT",
                        "MS_I_VERSION", "MS_STRICTATIME", "MS_LAZYTIME", "MS_SUBMOUNT",
                        "MS_NOREMOTELOCK", "MS_NOSEC", "MS_BORN", "MS_ACTIVE", "MS_NOUSER",
                };
                struct xname mf[COUNT(ms)];
                size_t n = 0;
                bool magic = (v & 0xffff0000) == 0xc0ed0000;
                uint64_t f = magic ? v & ~0xffff0000ULL : v;

                for (size_t b = 0; b < COUNT(ms); b++)
                        if (ms[b])
                                mf[n++] = (struct xname){ 1ULL << b, ms[b] };
                if (magic)
                        puts_(o, f ? "MS_MGC_VAL|" : "MS_MGC_VAL");
                if (f || !magic)
                        put_flags(o, f, mf, n, "MS_");
                break;
        }
        case K_MOUNT_TYPE:
        case K_MOUNT_DATA: {
                /* the type means nothing to a remount, bind, move or propagation
                 * change, and the data nothing to the last three */
                uint64_t f = (a[3] & 0xffff0000) == 0xc0ed0000 ? a[3] & 0xffff : a[3];
                bool other = f & (MS_BIND | MS_MOVE | MS_SHARED | MS_PRIVATE | MS_SLAVE |
                                  MS_UNBINDABLE);

                if (other || (k == K_MOUNT_TYPE && (f & MS_REMOUNT)))
                        put_ptr(o, v);
                else
                        put_cstr(x, v, SYSFMT_STRLEN);
                break;
        }
        case K_UMOUNT_FLAGS: {
                static const struct xname uf[] = { { 1, "MNT_FORCE" }, { 2, "MNT_DETACH" },
                                                   { 4, "MNT_EXPIRE" },
                                                   { 8, "UMOUNT_NOFOLLOW" } };
                put_flags(o, (uint32_t)v, uf, COUNT(uf), "MNT_");
                break;
        }
        case K_IDTYPE: {
                static const struct xname it[] = { { 0, "P_ALL" }, { 1, "P_PID" },
                                                   { 2, "P_PGID" }, { 3, "P_PIDFD" } };
                put_enum(o, (uint32_t)v, it, COUNT(it), "P_");
                break;
        }
        case K_WAITID_OPTIONS: { /* strace's order, not wait4's */
                static const struct xname wo[] = {
                        { 1, "WNOHANG" }, { 4, "WEXITED" }, { 2, "WSTOPPED" },
                        { 8, "WCONTINUED" }, { 0x1000000, "WNOWAIT" },
                        { 0x20000000, "__WNOTHREAD" }, { 0x40000000, "__WALL" },
                        { 0x80000000, "__WCLONE" },
                };
                put_flags(o, (uint32_t)v, wo, COUNT(wo), "W");
                break;
        }
        case K_SIGINFO_IN:
        case K_SIGINFO_OUT: put_siginfo(x, v); break;
        case K_PIDFD_FLAGS: {
                static const struct xname pf[] = { { O_NONBLOCK, "PIDFD_NONBLOCK" } };
                put_flags(o, (uint32_t)v, pf, COUNT(pf), "PIDFD_");
                break;
        }
        case K_KCMP: put_kcmp(x, a); break;
        case K_UID:
                if ((uint32_t)v == UINT32_MAX)
                        puts_(o, "-1");
                else
                        putf(o, "%u", (uint32_t)v);
                break;
        case K_UID_OUT: {
                uint32_t id;

                if (!v)
                        puts_(o, "NULL");
                else if (!mem_get(x, v, &id, sizeof(id)))
                        put_ptr(o, v);
                else
                        putf(o, "[%u]", id);
                break;
        }
        case K_GIDS_IN: /* a count the kernel refuses: the address */
                if (v && ((int)a[i - 1] < 0 || (int)a[i - 1] > 65536))
                        put_ptr(o, v);
                else
                        put_u32_array(x, v, (uint64_t)(int)a[i - 1]);
                break;
        case K_SIGSET_OUT_NEXT: put_sigset(x, v, a[i + 1]); break;
        case K_MLOCK_FLAGS: {
                static const struct xname mf[] = { { 1, "MLOCK_ONFAULT" } };
                put_flags(o, (uint32_t)v, mf, COUNT(mf), "MLOCK_");
                break;
        }
        case K_MCL_FLAGS: {
                static const struct xname mf[] = { { 1, "MCL_CURRENT" }, { 2, "MCL_FUTURE" },
                                                   { 4, "MCL_ONFAULT" } };
                put_flags(o, (uint32_t)v, mf, COUNT(mf), "MCL_");
                break;
        }
        case K_MINCORE_OUT: { /* a byte a page, its low bit: resident */
                uint8_t vec[SYSFMT_STRLEN];
                uint64_t pages = a[1] / 4096 + (a[1] % 4096 != 0);
                size_t n = pages < SYSFMT_STRLEN ? (size_t)pages : SYSFMT_STRLEN;

                if (!mem_get(x, v, vec, n)) {
                        put_ptr(o, v);
                        break;
                }
                put(o, "[", 1);
                for (size_t p = 0; p < n; p++)
                        putf(o, "%s%u", p ? ", " : "", vec[p] & 1u);
                if (pages > n)
                        puts_(o, ", ...");
                put(o, "]", 1);
                break;
        }
        case K_PTR_OUT:
        case K_ULONG_OUT: {
                uint64_t w;

                if (!v) {
                        puts_(o, "NULL");
                } else if (!mem_get(x, v, &w, sizeof(w))) {
                        put_ptr(o, v);
                } else {
                        put(o, "[", 1);
                        if (k == K_PTR_OUT)
                                put_ptr(o, w);
                        else
                                putf(o, "%" PRIu64, w);
                        put(o, "]", 1);
                }
                break;
        }
        case K_UINT_OUT: {
                uint32_t u;

                if (!v)
                        puts_(o, "NULL");
                else if (!mem_get(x, v, &u, sizeof(u)))
                        put_ptr(o, v);
                else
                        putf(o, "[%u]", u);
                break;
        }
        case K_MEMBARRIER_CMD:
                put_enum(o, (uint32_t)v, membarrier_cmds, COUNT(membarrier_cmds),
                         "MEMBARRIER_CMD_");
                break;
        case K_MEMBARRIER_FLAGS: {
                static const struct xname mf[] = { { 1, "MEMBARRIER_CMD_FLAG_CPU" } };

                put_flags(o, (uint32_t)v, mf, COUNT(mf), "MEMBARRIER_CMD_FLAG_");
                if ((uint32_t)v & 1)
                        putf(o, ", %d", (int)a[2]);
                break;
        }
        case K_PKEY_ACCESS: {
                static const struct xname pa[] = { { 1, "PKEY_DISABLE_ACCESS" },
                                                   { 2, "PKEY_DISABLE_WRITE" } };
                put_flags(o, (uint32_t)v, pa, COUNT(pa), "PKEY_");
                break;
        }
        case K_SCHED_PARAM_IN:
        case K_SCHED_PARAM_OUT: {
                int32_t prio;

                if (!v)
                        puts_(o, "NULL");
                else if (!mem_get(x, v, &prio, sizeof(prio)))
                        put_ptr(o, v);
                else
                        putf(o, "[%d]", prio);
                break;
        }
        case K_SCHED_POLICY:
                put_enum(o, (uint32_t)v, sched_policies, COUNT(sched_policies), "SCHED_");
                break;
        case K_IOPRIO_WHICH: {
                static const struct xname iw[] = { { 1, "IOPRIO_WHO_PROCESS" },
                                                   { 2, "IOPRIO_WHO_PGRP" },
                                                   { 3, "IOPRIO_WHO_USER" } };
                put_enum(o, (uint32_t)v, iw, COUNT(iw), "IOPRIO_WHO_");
                break;
        }
        case K_IOPRIO: put_ioprio(o, v); break;
        case K_SYSLOG_TYPE: {
                static const char *const st[] = {
                        "CLOSE", "OPEN", "READ", "READ_ALL", "READ_CLEAR", "CLEAR",
                        "CONSOLE_OFF", "CONSOLE_ON", "CONSOLE_LEVEL", "SIZE_UNREAD",
                        "SIZE_BUFFER",
                };
                int t = (int)v;

                putf(o, "%d /* SYSLOG_ACTION_%s */", t,
                     t >= 0 && t < (int)COUNT(st) ? st[t] : "???");
                break;
        }
        case K_SYSLOG_BUF: /* the read types': as many bytes as it returns */
                if (a[0] >= 2 && a[0] <= 4)
                        put_buf(x, v, (uint64_t)x->ret, false);
                else
                        put_ptr(o, v);
                break;
        case K_SYSLOG_LEN:
                putf(o, "%d", (int)v);
                if (a[0] == 8) { /* SYSLOG_ACTION_CONSOLE_LEVEL: a log level */
                        static const char *const lv[] = { "EMERG", "ALERT", "CRIT", "ERR",
                                                          "WARNING", "NOTICE", "INFO",
                                                          "DEBUG" };

                        putf(o, " /* LOGLEVEL_%s */",
                             (int)v >= 0 && (int)v < (int)COUNT(lv) ? lv[(int)v] : "???");
                }
                break;
        case K_PERSONA:
                if ((uint32_t)v == UINT32_MAX)
                        puts_(o, "0xffffffff"); /* (a query) */
                else
                        put_persona(o, (uint32_t)v);
                break;
        case K_PVM_LOCAL:
                if (failed(x))
                        put_iov_addrs(x, v, a[i + 1]);
                else
                        put_iov(x, v, a[i + 1], true);
                break;
        case K_IOV_REMOTE: put_iov_addrs(x, v, a[i + 1]); break;
        case K_IPC_KEY:
                if ((uint32_t)v == 0)
                        puts_(o, "IPC_PRIVATE");
                else
                        putf(o, "%#x", (uint32_t)v);
                break;
        case K_IPC_FLAGS: put_ipc_flags(o, (uint32_t)v, false); break;
        case K_SHM_FLAGS: put_ipc_flags(o, (uint32_t)v, true); break;
        case K_SHMAT_FLAGS: {
                static const struct xname sf[] = { { 010000, "SHM_RDONLY" },
                                                   { 020000, "SHM_RND" },
                                                   { 040000, "SHM_REMAP" },
                                                   { 0100000, "SHM_EXEC" } };
                put_flags(o, (uint32_t)v, sf, COUNT(sf), "SHM_");
                break;
        }
        case K_IPC_CMD: put_ipc_cmd(o, x->c->nr, (uint32_t)v); break;
        case K_MQ_ATTR: {
                int64_t at[4];

                if (!v) {
                        puts_(o, "NULL");
                } else if (!mem_get(x, v, at, sizeof(at))) {
                        put_ptr(o, v);
                } else {
                        puts_(o, "{mq_flags=");
                        puts_(o, at[0] & O_NONBLOCK ? "O_NONBLOCK" : "0");
                        putf(o, ", mq_maxmsg=%" PRId64 ", mq_msgsize=%" PRId64
                                ", mq_curmsgs=%" PRId64 "}", at[1], at[2], at[3]);
                }
                break;
        }
        case K_SECCOMP_OP: {
                static const struct xname so[] = { { 0, "SECCOMP_SET_MODE_STRICT" },
                                                   { 1, "SECCOMP_SET_MODE_FILTER" },
                                                   { 2, "SECCOMP_GET_ACTION_AVAIL" },
                                                   { 3, "SECCOMP_GET_NOTIF_SIZES" } };
                put_enum(o, (uint32_t)v, so, COUNT(so), "SECCOMP_SET_MODE_");
                break;
        }
        case K_SECCOMP_FLAGS:
                if (a[0] == 1) {
                        static const struct xname sf[] = {
                                { 1, "SECCOMP_FILTER_FLAG_TSYNC" },
                                { 2, "SECCOMP_FILTER_FLAG_LOG" },
                                { 4, "SECCOMP_FILTER_FLAG_SPEC_ALLOW" },
                                { 8, "SECCOMP_FILTER_FLAG_NEW_LISTENER" },
                                { 16, "SECCOMP_FILTER_FLAG_TSYNC_ESRCH" },
                                { 32, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" },
                        };
                        put_flags(o, (uint32_t)v, sf, COUNT(sf), "SECCOMP_FILTER_FLAG_");
                } else {
                        put_hex(o, (uint32_t)v);
                }
                break;
        case K_SECCOMP_ARGS: put_seccomp_args(x, a); break;
        case K_LANDLOCK_FLAGS: {
                static const struct xname lf[] = { { 1, "LANDLOCK_CREATE_RULESET_VERSION" } };
                put_flags(o, (uint32_t)v, lf, COUNT(lf), "LANDLOCK_CREATE_RULESET_");
                break;
        }
        case K_IOU_PARAMS: put_io_uring_params(x, v); break;
        case K_RESTART: /* strace names the call it resumes, which dbgd's slot forgot */
                puts_(o, "<... resuming interrupted system call ...>");
                break;
        case K_ARGV: put_argv(x, v); break;
        case K_ENVP: put_envp(x, v); break;
        case K_DOMAIN: put_enum(o, (uint32_t)v, domains, COUNT(domains), "AF_"); break;
        case K_SOCKTYPE: {
                static const struct xname ty[] = {
                        { 1, "SOCK_STREAM" }, { 2, "SOCK_DGRAM" }, { 3, "SOCK_RAW" },
                        { 4, "SOCK_RDM" }, { 5, "SOCK_SEQPACKET" }, { 6, "SOCK_DCCP" },
                        { 10, "SOCK_PACKET" },
                };
                static const struct xname tf[] = { N(SOCK_CLOEXEC), N(SOCK_NONBLOCK) };
                uint32_t t = (uint32_t)v & 0xf, f = (uint32_t)v & ~0xfu;

                put_enum(o, t, ty, COUNT(ty), "SOCK_");
                if (f) {
                        put(o, "|", 1);
                        put_flags(o, f, tf, COUNT(tf), NULL);
                }
                break;
        }
        case K_PROTO:
                if (a[0] == 2 || a[0] == 10) {
                        static const struct xname ip[] = {
                                N(IPPROTO_IP), N(IPPROTO_ICMP), N(IPPROTO_TCP),
                                N(IPPROTO_UDP), N(IPPROTO_IPV6), N(IPPROTO_ICMPV6),
                                N(IPPROTO_SCTP), N(IPPROTO_RAW),
                        };
                        put_enum(o, (uint32_t)v, ip, COUNT(ip), "IPPROTO_");
                } else if (a[0] == 16) {
                        static const struct xname nl[] = {
                                { 0, "NETLINK_ROUTE" },     { 2, "NETLINK_USERSOCK" },
                                { 4, "NETLINK_SOCK_DIAG" }, { 9, "NETLINK_AUDIT" },
                                { 15, "NETLINK_KOBJECT_UEVENT" }, { 16, "NETLINK_GENERIC" },
                        };
                        put_enum(o, (uint32_t)v, nl, COUNT(nl), "NETLINK_");
                } else {
                        putf(o, "%d", (int)v);
                }
                break;
        case K_SOCKADDR: put_sockaddr(x, v, a[i + 1]); break;
        case K_SKIP:
        case K_END:
                break;
        }
}

static void put_name(struct ctx *x)
{
        const char *n = x->c->name;

        /* libseccomp's name for one it does not know, and strace's */
        if (!n || strncmp(n, "syscall_", 8) == 0)
                putf(&x->o, "syscall_%#lx", (unsigned long)x->c->nr);
        else
                puts_(&x->o, n);
        put(&x->o, "(", 1);
}

size_t sysfmt_entry(struct sysfmt_call *c, const struct sysfmt_mem *m, char *buf,
                    size_t cap, size_t *ret_keep, int *ret_from)
{
        struct ctx x = { .c = c, .m = m, .o = { buf, 0, cap } };
        const struct desc *d = desc_of(c);
        size_t keep = SIZE_MAX;
        int from = 6;

        if (cap)
                buf[0] = '\0';
        c->have_len_in = false;
        for (int i = 0; d && i < 6; i++) /* the length the kernel overwrites */
                if (d->kind[i] == K_SOCKLEN_INOUT)
                        c->have_len_in = mem_get(&x, c->args[i], &c->len_in,
                                                 sizeof(c->len_in));
        c->have_off_in = false;
        for (int i = 0; d && i < 6; i++) /* sendfile's offset: the kernel moves it */
                if (d->kind[i] == K_LOFF_INOUT && c->args[i])
                        c->have_off_in = mem_get(&x, c->args[i], &c->off_in,
                                                 sizeof(c->off_in));
        /* recvmmsg's timeout: the kernel writes the time left over it */
        c->have_ts_in = d && c->nr == SYS_recvmmsg && c->args[4] &&
                        mem_get(&x, c->args[4], c->ts_in, sizeof(c->ts_in));
        put_name(&x);
        if (d) {
                size_t start = x.o.len;
                int i, first_out = -1;

                for (i = 0; i < 6 && d->kind[i] != K_END; i++)
                        if (kind_is_out(d->kind[i]) && first_out < 0)
                                first_out = i;
                /* each argument after "(": "a, b"; the exit goes on from first_out */
                for (i = 0; i < 6 && d->kind[i] != K_END; i++) {
                        enum kind k = d->kind[i];
                        int arg = d->ordered ? d->arg[i] : i;

                        if (i == first_out)
                                keep = x.o.len;
                        if (!shown(&x, k, arg))
                                continue;
                        if (x.o.len > start && k != K_CLONE3_OUT)
                                puts_(&x.o, ", ");
                        if (i == first_out)
                                keep = x.o.len;
                        put_arg(&x, k, arg);
                }
                from = first_out >= 0 ? first_out : i;
                if (first_out < 0)
                        keep = x.o.len;
        } else {
                int n = c->i386 ? 6 : raw_arity(c->name ? c->name : "");

                for (int i = 0; i < n; i++) {
                        if (i)
                                puts_(&x.o, ", ");
                        put_hex(&x.o, c->args[i]);
                }
                keep = x.o.len;
        }
        put(&x.o, ")", 1);
        *ret_keep = keep < x.o.len ? keep : x.o.len;
        *ret_from = from;
        return x.o.len;
}

/* the value some prctl options return, as strace explains it: 1 (SUID_DUMP_USER) */
static void put_prctl_ret(struct out *o, const uint64_t *a, int64_t r)
{
        static const struct xname secbits[] = {
                { 0x1, "SECBIT_NOROOT" },               { 0x2, "SECBIT_NOROOT_LOCKED" },
                { 0x4, "SECBIT_NO_SETUID_FIXUP" },      { 0x8, "SECBIT_NO_SETUID_FIXUP_LOCKED" },
                { 0x10, "SECBIT_KEEP_CAPS" },           { 0x20, "SECBIT_KEEP_CAPS_LOCKED" },
                { 0x40, "SECBIT_NO_CAP_AMBIENT_RAISE" },
                { 0x80, "SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED" },
        };
        static const struct xname mce[] = { { 0, "PR_MCE_KILL_LATE" }, { 1, "PR_MCE_KILL_EARLY" },
                                            { 2, "PR_MCE_KILL_DEFAULT" } };
        static const struct xname spec[] = { { 1, "PR_SPEC_PRCTL" }, { 2, "PR_SPEC_ENABLE" },
                                             { 4, "PR_SPEC_DISABLE" },
                                             { 8, "PR_SPEC_FORCE_DISABLE" },
                                             { 16, "PR_SPEC_DISABLE_NOEXEC" } };
        const char *s = NULL;

        switch (a[0]) {
        case 3: /* PR_GET_DUMPABLE */
                s = xlookup((uint64_t)r, suid_dump, COUNT(suid_dump));
                break;
        case 34: /* PR_MCE_KILL_GET */
                s = xlookup((uint64_t)r, mce, COUNT(mce));
                break;
        case 27: /* PR_GET_SECUREBITS */
        case 52: /* PR_GET_SPECULATION_CTRL */
                if (!r)
                        break;
                putf(o, "%#" PRIx64 " (", (uint64_t)r);
                if (a[0] == 27)
                        put_flags(o, (uint64_t)r, secbits, COUNT(secbits), NULL);
                else
                        put_flags(o, (uint64_t)r, spec, COUNT(spec), NULL);
                put(o, ")", 1);
                return;
        default:
                break;
        }
        putf(o, "%" PRId64, r);
        if (s)
                putf(o, " (%s)", s);
}

static void put_ret(struct ctx *x, const struct desc *d)
{
        int64_t r = x->ret;
        const char *name;

        puts_(&x->o, " = ");
        if (failed(x)) {
                int e = (int)-r;

                name = dbgd_errno_name(e);
                if (e >= 512 && e <= 516) {
                        static const char *const why[] = {
                                "To be restarted if SA_RESTART is set", "To be restarted",
                                "To be restarted if no handler", "No ioctl command",
                                "Interrupted by signal",
                        };
                        putf(&x->o, "? %s (%s)", name, why[e - 512]);
                } else if (name) {
                        const char *desc = strerrordesc_np(e);

                        putf(&x->o, "-1 %s (%s)", name, desc ? desc : "Unknown error");
                } else {
                        putf(&x->o, "-1 (errno %d)", e);
                }
                return;
        }
        if (d && d->ret == R_HEX) {
                put_hex(&x->o, (uint64_t)r);
        } else if (d && d->ret == R_POLL) {
                putf(&x->o, "%" PRId64, r);
                if (r == 0) {
                        puts_(&x->o, " (Timeout)");
                } else {
                        puts_(&x->o, " (");
                        put_pollfds(x, x->c->args[0], x->c->args[1], true);
                        put(&x->o, ")", 1);
                }
        } else if (d && (d->ret == R_SELECT || d->ret == R_PSELECT)) {
                putf(&x->o, "%" PRId64, r);
                put_select_ret(x, d->ret == R_PSELECT);
        } else if (d && d->ret == R_PPOLL && r > 0) {
                putf(&x->o, "%" PRId64 " (", r);
                put_pollfds(x, x->c->args[0], x->c->args[1], true);
                if (x->c->args[2]) {
                        puts_(&x->o, ", left ");
                        put_timespec(x, x->c->args[2]);
                }
                put(&x->o, ")", 1);
        } else if (d && d->ret == R_PPOLL) {
                putf(&x->o, "%" PRId64 " (Timeout)", r);
        } else if (d && d->ret == R_MMSG && x->c->args[4]) {
                putf(&x->o, "%" PRId64 " (left ", r);
                put_timespec(x, x->c->args[4]);
                put(&x->o, ")", 1);
        } else if (d && d->ret == R_SIG) {
                putf(&x->o, "%" PRId64 " (", r);
                put_signal(&x->o, r);
                put(&x->o, ")", 1);
        } else if (d && d->ret == R_TIME) {
                char date[96];

                putf(&x->o, "%" PRId64, r);
                if (fmt_date(date, sizeof(date), r, 0, 0))
                        putf(&x->o, " (%s)", date);
        } else if (d && d->ret == R_MEMBARRIER && x->c->args[0] == 0 && r) {
                putf(&x->o, "%#" PRIx64 " (", (uint64_t)r);
                put_flags(&x->o, (uint64_t)r, membarrier_cmds, COUNT(membarrier_cmds), NULL);
                put(&x->o, ")", 1);
        } else if (d && d->ret == R_SCHED_POLICY) {
                const char *s = xlookup((uint64_t)r, sched_policies, COUNT(sched_policies));

                putf(&x->o, "%" PRId64, r);
                if (s)
                        putf(&x->o, " (%s)", s);
        } else if (d && d->ret == R_IOPRIO) {
                putf(&x->o, "%" PRId64 " (", r);
                put_ioprio(&x->o, (uint64_t)r);
                put(&x->o, ")", 1);
        } else if (d && d->ret == R_PERSONA) {
                putf(&x->o, "%#" PRIx64 " (", (uint64_t)r);
                put_persona(&x->o, (uint64_t)r);
                put(&x->o, ")", 1);
        } else if (d && d->ret == R_OCTAL) {
                put_mode(&x->o, (uint64_t)r);
        } else if (d && d->ret == R_PRCTL) {
                put_prctl_ret(&x->o, x->c->args, r);
        } else if (d && d->ret == R_FCNTL && r != 0 &&
                   (x->c->args[1] == F_GETFL || x->c->args[1] == F_GETFD)) {
                putf(&x->o, "%#" PRIx64 " (flags ", (uint64_t)r);
                if (x->c->args[1] == F_GETFL)
                        put_open_flags(&x->o, (uint64_t)r);
                else
                        put_flags(&x->o, (uint64_t)r, fd_flags, COUNT(fd_flags), "FD_");
                put(&x->o, ")", 1);
        } else {
                putf(&x->o, "%" PRId64, r);
        }
}

size_t sysfmt_exit(const struct sysfmt_call *c, int64_t ret, const struct sysfmt_mem *m,
                   char *buf, size_t cap, size_t keep, int from)
{
        struct ctx x = { .c = c, .m = m, .o = { buf, keep, cap }, .exiting = true, .ret = ret };
        const struct desc *d = desc_of(c);

        if (!cap)
                return 0;
        if (keep >= cap)
                x.o.len = keep = cap - 1;
        buf[keep] = '\0';
        if (d && from < 6) {
                /* the kept text ends with "(" or ", " unless an argument ends it
                 * (clone3's struct, which " => {...}" follows) */
                bool comma = keep && buf[keep - 1] != '(' && buf[keep - 1] != ' ';

                for (int i = from; i < 6 && d->kind[i] != K_END; i++) {
                        enum kind k = d->kind[i];
                        int arg = d->ordered ? d->arg[i] : i;

                        if (!shown(&x, k, arg))
                                continue;
                        if (comma && k != K_CLONE3_OUT)
                                puts_(&x.o, ", ");
                        put_arg(&x, k, arg);
                        comma = true;
                }
        }
        put(&x.o, ")", 1);
        put_ret(&x, d);
        return x.o.len;
}
