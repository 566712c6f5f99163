/* main.c — dbgd: arguments, signal mask, init -> loop -> teardown.
 *
 * Every tracee is driven from this one thread (ptrace belongs to the thread that seized
 * the tracee), so the signal mask is set before anything else: SIGCHLD, SIGTERM and
 * SIGINT arrive through signalfds, SIGPIPE is ignored.
 *
 * Under systemd: a socket passed by socket activation (sd_listen_fds) replaces
 * --listen, and READY=1 / STOPPING=1 are reported (Type=notify). Secrets and systemd's
 * variables are removed from the environment, which every tracee inherits. */
#include "handlers.h"
#include "http.h"
#include "loop.h"
#include "reaper.h"
#include "rpc.h"
#include "session.h"
#include "tracee.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef DBGD_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#define MAX_LIST 16

struct options {
        const char *listen;
        const char *state_dir;
        const char *socket_group;
        bool allow_remote;
        bool allow_attach;
        const char *tls_cert, *tls_key;
        const char *allow_origins[MAX_LIST];
        size_t n_allow_origins;
        const char *allow_hosts[MAX_LIST];
        size_t n_allow_hosts;
        size_t max_procs;
        size_t max_body;
        unsigned max_conns;
        unsigned conn_timeout;
        unsigned header_timeout;
        size_t max_batch;
        size_t max_mem;
        struct session_limits limits;
};

static void usage(FILE *f)
{
        fprintf(f,
                "Usage: dbgd [OPTIONS]\n"
                "A debugging daemon: spawns and traces programs with ptrace and serves a\n"
                "JSON-RPC 2.0 API over HTTP (POST /rpc). See docs/api.md.\n\n"
                "  --listen HOST:PORT|unix:PATH|unix\n"
                "                                where to listen (default 127.0.0.1:7777;\n"
                "                                port 0 picks a free port; \"unix\" is\n"
                "                                $XDG_RUNTIME_DIR/dbgd/dbgd.sock). A socket\n"
                "                                passed by systemd replaces it\n"
                "  --socket-group GROUP          Unix socket: mode 0660 and members of GROUP\n"
                "                                may connect (default: 0600, our uid only)\n"
                "  --allow-remote                allow a non-loopback TCP address (needs TLS)\n"
                "  --tls-cert FILE, --tls-key FILE\n"
                "                                serve HTTPS with this PEM certificate and key\n"
                "  --allow-origin ORIGIN         let web pages of ORIGIN call (CORS);\n"
                "                                repeatable; none by default\n"
                "  --allow-host NAME[:PORT]      accept this Host header too (a remote name);\n"
                "                                repeatable\n"
                "  --state-dir DIR               where the url and token files go (default\n"
                "                                $DBGD_STATE_DIR, $XDG_RUNTIME_DIR/dbgd or\n"
                "                                $HOME/.local/state/dbgd)\n"
                "  --max-body BYTES              request body limit (default 4194304)\n"
                "  --max-batch N                 calls per batch (default 1000)\n"
                "  --max-conns N                 simultaneous connections (default 256)\n"
                "  --conn-timeout SECONDS        idle connection timeout, and the time a\n"
                "                                request may take to arrive (default 60)\n"
                "  --header-timeout SECONDS      the same time for a connection that has\n"
                "                                sent no request with the token yet\n"
                "                                (default 10, at most --conn-timeout)\n"
                "  --max-sessions N              sessions at once (default 1024)\n"
                "  --max-mem BYTES               bytes per peek or poke (default 67108864)\n"
                "  --output-bytes BYTES          captured output kept per stream (default 1048576)\n"
                "  --input-bytes BYTES           stdin queued per session by input (default 4194304)\n"
                "  --max-breakpoints N           breakpoints per session (default 4096)\n"
                "  --allow-attach                let `attach` debug running processes of\n"
                "                                dbgd's user (off by default)\n"
                "  --max-procs N                 RLIMIT_NPROC of spawned programs: bounds a\n"
                "                                fork bomb (default 4096; 0 leaves it;\n"
                "                                not enforced by the kernel for root)\n"
                "  --help, --version\n\n"
                "The bearer token for TCP is $DBGD_TOKEN, or a random one written to\n"
                "STATE_DIR/token (mode 0600). See docs/security.md.\n");
}

static int parse_size(const char *s, size_t *ret)
{
        char *end;
        unsigned long long v;

        errno = 0;
        v = strtoull(s, &end, 10);
        if (errno || end == s || *end || s[0] == '-')
                return -EINVAL;
        *ret = (size_t)v;
        return 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
        enum { O_LISTEN = 256, O_STATE, O_BODY, O_BATCH, O_CONNS, O_TIMEOUT, O_HTIMEOUT,
               O_SESSIONS, O_MEM, O_OUTPUT, O_INPUT, O_BPS, O_PROCS, O_GROUP, O_REMOTE, O_ATTACH,
               O_CERT, O_KEY, O_ORIGIN, O_HOST, O_HELP, O_VERSION };
        static const struct option longopts[] = {
                { "listen", required_argument, NULL, O_LISTEN },
                { "state-dir", required_argument, NULL, O_STATE },
                { "max-body", required_argument, NULL, O_BODY },
                { "max-batch", required_argument, NULL, O_BATCH },
                { "max-conns", required_argument, NULL, O_CONNS },
                { "conn-timeout", required_argument, NULL, O_TIMEOUT },
                { "header-timeout", required_argument, NULL, O_HTIMEOUT },
                { "max-sessions", required_argument, NULL, O_SESSIONS },
                { "max-mem", required_argument, NULL, O_MEM },
                { "output-bytes", required_argument, NULL, O_OUTPUT },
                { "input-bytes", required_argument, NULL, O_INPUT },
                { "max-breakpoints", required_argument, NULL, O_BPS },
                { "max-procs", required_argument, NULL, O_PROCS },
                { "socket-group", required_argument, NULL, O_GROUP },
                { "allow-remote", no_argument, NULL, O_REMOTE },
                { "allow-attach", no_argument, NULL, O_ATTACH },
                { "tls-cert", required_argument, NULL, O_CERT },
                { "tls-key", required_argument, NULL, O_KEY },
                { "allow-origin", required_argument, NULL, O_ORIGIN },
                { "allow-host", required_argument, NULL, O_HOST },
                { "help", no_argument, NULL, O_HELP },
                { "version", no_argument, NULL, O_VERSION },
                { NULL, 0, NULL, 0 },
        };
        int c;

        while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                size_t v = 0;

                if (c >= O_BODY && c <= O_PROCS && parse_size(optarg, &v) < 0) {
                        fprintf(stderr, "dbgd: not a number: %s\n", optarg);
                        return -EINVAL;
                }
                switch (c) {
                case O_LISTEN:
                        o->listen = optarg;
                        break;
                case O_STATE:
                        o->state_dir = optarg;
                        break;
                case O_BODY:
                        o->max_body = v;
                        break;
                case O_BATCH:
                        o->max_batch = v;
                        break;
                case O_CONNS:
                        o->max_conns = (unsigned)v;
                        break;
                case O_TIMEOUT:
                        o->conn_timeout = (unsigned)v;
                        break;
                case O_HTIMEOUT:
                        o->header_timeout = (unsigned)v;
                        break;
                case O_SESSIONS:
                        o->limits.max_sessions = v;
                        break;
                case O_MEM:
                        o->max_mem = v;
                        break;
                case O_OUTPUT:
                        o->limits.output_bytes = v;
                        break;
                case O_INPUT:
                        o->limits.input_bytes = v;
                        break;
                case O_BPS:
                        o->limits.max_breakpoints = v;
                        break;
                case O_PROCS:
                        o->max_procs = v;
                        break;
                case O_GROUP:
                        o->socket_group = optarg;
                        break;
                case O_ATTACH:
                        o->allow_attach = true;
                        break;
                case O_REMOTE:
                        o->allow_remote = true;
                        break;
                case O_CERT:
                        o->tls_cert = optarg;
                        break;
                case O_KEY:
                        o->tls_key = optarg;
                        break;
                case O_ORIGIN:
                        if (o->n_allow_origins >= MAX_LIST || strchr(optarg, ',') ||
                            strncmp(optarg, "http", 4) != 0) {
                                fprintf(stderr, "dbgd: --allow-origin wants one origin "
                                                "(e.g. https://ide.example), at most %d\n",
                                        MAX_LIST);
                                return -EINVAL;
                        }
                        o->allow_origins[o->n_allow_origins++] = optarg;
                        break;
                case O_HOST:
                        if (o->n_allow_hosts >= MAX_LIST) {
                                fprintf(stderr, "dbgd: at most %d --allow-host\n", MAX_LIST);
                                return -EINVAL;
                        }
                        o->allow_hosts[o->n_allow_hosts++] = optarg;
                        break;
                case O_HELP:
                        usage(stdout);
                        exit(0);
                case O_VERSION:
                        printf("dbgd %s\n", DBGD_VERSION);
                        exit(0);
                default:
                        usage(stderr);
                        return -EINVAL;
                }
        }
        if (optind < argc) {
                fprintf(stderr, "dbgd: unexpected argument: %s\n", argv[optind]);
                return -EINVAL;
        }
        if (!o->tls_cert != !o->tls_key) {
                fprintf(stderr, "dbgd: --tls-cert and --tls-key go together\n");
                return -EINVAL;
        }
        return 0;
}

static int mkdir_p(const char *path)
{
        char buf[4096];

        if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
                return -ENAMETOOLONG;
        for (char *p = buf + 1; *p; p++) {
                if (*p != '/')
                        continue;
                *p = 0;
                if (mkdir(buf, 0700) < 0 && errno != EEXIST)
                        return -errno;
                *p = '/';
        }
        if (mkdir(buf, 0700) < 0 && errno != EEXIST)
                return -errno;
        return 0;
}

static char *default_state_dir(void)
{
        const char *e = getenv("DBGD_STATE_DIR");
        char *p = NULL;

        if (e && *e)
                return strdup(e);
        if ((e = getenv("XDG_RUNTIME_DIR")) && *e) {
                if (asprintf(&p, "%s/dbgd", e) < 0)
                        return NULL;
                return p;
        }
        if ((e = getenv("HOME")) && *e) {
                if (asprintf(&p, "%s/.local/state/dbgd", e) < 0)
                        return NULL;
                return p;
        }
        if (asprintf(&p, "/tmp/dbgd-%u", (unsigned)getuid()) < 0)
                return NULL;
        return p;
}

/* Write a small file atomically with the given mode. */
static int write_file(const char *dir, const char *name, const char *text, mode_t mode)
{
        char path[4096], tmp[4200];
        int fd, r = 0;
        size_t len = strlen(text);

        snprintf(path, sizeof(path), "%s/%s", dir, name);
        snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
        if (fd < 0)
                return -errno;
        if (fchmod(fd, mode) < 0 || write(fd, text, len) != (ssize_t)len)
                r = -errno;
        close(fd);
        if (r == 0 && rename(tmp, path) < 0)
                r = -errno;
        if (r < 0)
                unlink(tmp);
        return r;
}

/* A whole small file (a PEM certificate or key) as a string. */
static char *read_text(const char *path, size_t max)
{
        char *buf = malloc(max + 1);
        size_t len = 0;
        ssize_t n;
        int fd;

        if (!buf)
                return NULL;
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
                free(buf);
                return NULL;
        }
        while (len < max && (n = read(fd, buf + len, max - len)) > 0)
                len += (size_t)n;
        close(fd);
        buf[len] = 0;
        return buf;
}

static int make_token(char *buf, size_t len)
{
        unsigned char raw[24];
        const char *e = getenv("DBGD_TOKEN");

        if (e && *e) {
                snprintf(buf, len, "%s", e);
                /* Every tracee inherits dbgd's environment: the secret stays here. */
                unsetenv("DBGD_TOKEN");
                return 0;
        }
        if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
                return -errno;
        for (size_t i = 0; i < sizeof(raw) && 2 * i + 2 < len; i++)
                snprintf(buf + 2 * i, 3, "%02x", raw[i]);
        return 0;
}

/* systemd's notification socket, kept out of the environment tracees inherit. */
static char *notify_socket;

static void notify(const char *state)
{
#ifdef DBGD_HAVE_SYSTEMD
        if (!notify_socket)
                return;
        setenv("NOTIFY_SOCKET", notify_socket, 1);
        sd_notify(0, state);
        unsetenv("NOTIFY_SOCKET");
#else
        (void)state;
#endif
}

/* A listening socket passed by systemd (socket activation), or -1. */
static int inherited_socket(void)
{
#ifdef DBGD_HAVE_SYSTEMD
        int n = sd_listen_fds(1); /* unsets LISTEN_PID, LISTEN_FDS, LISTEN_FDNAMES */

        if (n > 1)
                fprintf(stderr, "dbgd: %d sockets passed, using the first\n", n);
        if (n >= 1)
                return SD_LISTEN_FDS_START;
#endif
        return -1;
}

/* "unix" alone: $XDG_RUNTIME_DIR/dbgd/dbgd.sock, else STATE_DIR/dbgd.sock. */
static char *default_socket(const char *state_dir)
{
        const char *rt = getenv("XDG_RUNTIME_DIR");
        char *dir = NULL, *p = NULL;

        if (rt && *rt) {
                if (asprintf(&dir, "%s/dbgd", rt) < 0)
                        return NULL;
        } else if (!(dir = strdup(state_dir))) {
                return NULL;
        }
        if (mkdir_p(dir) < 0 || asprintf(&p, "unix:%s/dbgd.sock", dir) < 0)
                p = NULL;
        free(dir);
        return p;
}

/* Raise our fd limit (sessions and connections hold several each); tracees get the
 * original soft limit back (select(2) users break above 1024). */
static rlim_t raise_nofile(void)
{
        struct rlimit rl;
        rlim_t orig;

        if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
                return 0;
        orig = rl.rlim_cur;
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
                return 0;
        return orig;
}

/* RLIMIT_NPROC for tracees, never above our own hard limit (setrlimit would fail). */
static rlim_t clamp_nproc(size_t want)
{
        struct rlimit rl;

        if (!want || getrlimit(RLIMIT_NPROC, &rl) < 0)
                return 0;
        if (rl.rlim_max != RLIM_INFINITY && want > rl.rlim_max)
                return rl.rlim_max;
        return want;
}

static void on_term(int fd, uint32_t events, void *data)
{
        struct signalfd_siginfo si;

        while (read(fd, &si, sizeof(si)) > 0)
                ;
        loop_stop();
}

/* glibc keeps freed heap in the middle of the arena mapped (only its top is trimmed
 * on free): after many sessions lived at once, RSS would stay at its peak. Give it back
 * when TRIM_SESSIONS have gone since the high-water mark. Not for a few: a script that
 * spawns and closes one session at a time paid a trim, and the page faults that refill
 * the heap, on every close (spawn + close went from 1.48x to 1.44x raw without them). */
#define TRIM_SESSIONS 64

static void trim_heap(void)
{
        static size_t high;
        size_t n = session_count();

        if (n > high)
                high = n;
        if (high - n >= TRIM_SESSIONS) {
                malloc_trim(0);
                high = n;
        }
}

static int before_sleep(void *data)
{
        rpc_run_deferred();
        session_collect();
        trim_heap();
        return http_before_sleep();
}

int main(int argc, char **argv)
{
        struct options o = {
                .listen = "127.0.0.1:7777",
                .max_body = 4u << 20,
                .max_conns = 256,
                .conn_timeout = 60,
                .header_timeout = 10,
                .max_batch = 1000,
                .max_mem = 64u << 20,
                .limits = { .max_sessions = 1024, .output_bytes = 1u << 20,
                            .input_bytes = 4u << 20,
                            .max_breakpoints = 4096 },
                .max_procs = 4096,
        };
        struct http_config hc;
        struct tracee_limits tl;
        char token[128], url[256], *state_dir = NULL, *sock_spec = NULL;
        char *tls_cert = NULL, *tls_key = NULL;
        const char *e;
        sigset_t mask;
        int tfd = -1, listen_fd, r;

        if (parse_args(argc, argv, &o) < 0)
                return 2;
        /* Per-session buffers (output rings, big peeks) are large and short-lived: keep
         * them in their own mappings, returned to the system when freed, instead of
         * letting glibc's adaptive threshold move them into a heap that never shrinks. */
        mallopt(M_MMAP_THRESHOLD, 64 * 1024);
        mallopt(M_TRIM_THRESHOLD, 256 * 1024);
        if ((e = getenv("NOTIFY_SOCKET")) && *e)
                notify_socket = strdup(e);
        unsetenv("NOTIFY_SOCKET");
        listen_fd = inherited_socket();
        if (o.tls_cert) {
                tls_cert = read_text(o.tls_cert, 1u << 20);
                tls_key = read_text(o.tls_key, 1u << 20);
                if (!tls_cert || !tls_key) {
                        fprintf(stderr, "dbgd: cannot read %s: %s\n",
                                tls_cert ? o.tls_key : o.tls_cert, strerror(errno));
                        free(tls_cert);
                        free(tls_key);
                        return 1;
                }
        }
        tl = (struct tracee_limits){ .nofile = raise_nofile(),
                                     .max_procs = clamp_nproc(o.max_procs) };
        tracee_set_limits(&tl);

        sigemptyset(&mask);
        sigaddset(&mask, SIGCHLD);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        sigprocmask(SIG_BLOCK, &mask, NULL);
        signal(SIGPIPE, SIG_IGN);

        session_set_limits(&o.limits);
        m_set_max_mem(o.max_mem);
        m_set_allow_attach(o.allow_attach);
        rpc_set_max_batch(o.max_batch);
        /* Detached notifications (rpc.h) are bounded as the connections they free. */
        rpc_set_max_detached(o.max_conns);
        /* a batch answers as much as one largest read in hex, and a little more */
        rpc_set_max_answer(2 * o.max_mem + (1u << 20));

        state_dir = o.state_dir ? strdup(o.state_dir) : default_state_dir();
        if (!state_dir || (r = mkdir_p(state_dir)) < 0) {
                fprintf(stderr, "dbgd: cannot create the state directory %s: %s\n",
                        state_dir ? state_dir : "?", state_dir ? strerror(-r) : "no memory");
                return 1;
        }
        r = make_token(token, sizeof(token));
        if (r < 0) {
                fprintf(stderr, "dbgd: cannot make a token: %s\n", strerror(-r));
                return 1;
        }
        if (listen_fd < 0 && strcmp(o.listen, "unix") == 0) {
                sock_spec = default_socket(state_dir);
                if (!sock_spec) {
                        fprintf(stderr, "dbgd: cannot create the socket directory\n");
                        return 1;
                }
                o.listen = sock_spec;
        }

        r = loop_init();
        if (r < 0)
                goto fail;
        loop_set_before_sleep(before_sleep, NULL);
        r = reaper_init();
        if (r < 0)
                goto fail;
        sigemptyset(&mask);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        tfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
        if (tfd < 0 || (r = loop_add_fd(tfd, EPOLLIN, on_term, NULL)) < 0) {
                r = tfd < 0 ? -errno : r;
                goto fail;
        }

        hc = (struct http_config){
                .listen = o.listen,
                .listen_fd = listen_fd,
                .token = token,
                .socket_group = o.socket_group,
                .allow_remote = o.allow_remote,
                .tls_cert = tls_cert,
                .tls_key = tls_key,
                .allow_origins = o.allow_origins,
                .n_allow_origins = o.n_allow_origins,
                .allow_hosts = o.allow_hosts,
                .n_allow_hosts = o.n_allow_hosts,
                .max_body = o.max_body,
                .max_conns = o.max_conns,
                .conn_timeout = o.conn_timeout,
                .header_timeout = o.header_timeout,
        };
        r = http_init(&hc, url, sizeof(url));
        if (r < 0) {
                const char *where = listen_fd >= 0 ? "the socket passed by systemd" : o.listen;

                if (r == -EPERM)
                        fprintf(stderr, "dbgd: refusing to listen on %s: not a loopback "
                                        "address (use --allow-remote with --tls-cert and "
                                        "--tls-key)\n", where);
                else if (r == -ENOKEY)
                        fprintf(stderr, "dbgd: refusing to listen on %s without TLS: a remote "
                                        "listener needs --tls-cert and --tls-key\n", where);
                else if (r == -ENOTSUP)
                        fprintf(stderr, "dbgd: this libmicrohttpd has no TLS support\n");
                else if (r == -ESRCH)
                        fprintf(stderr, "dbgd: no such group: %s\n", o.socket_group);
                else
                        fprintf(stderr, "dbgd: cannot listen on %s: %s\n", where,
                                strerror(-r));
                r = 0; /* reported */
                goto fail;
        }
        if ((r = write_file(state_dir, "token", token, 0600)) < 0 ||
            (r = write_file(state_dir, "url", url, 0600)) < 0) {
                fprintf(stderr, "dbgd: cannot write to %s: %s\n", state_dir, strerror(-r));
                goto fail;
        }
        if (strncmp(url, "unix:", 5) == 0)
                fprintf(stderr, "dbgd listening on %s (no token needed: peers must be uid %u)\n",
                        url, (unsigned)geteuid());
        else
                fprintf(stderr, "dbgd listening on %s (token in %s/token)\n", url, state_dir);
        {
                size_t fds = o.max_conns + 4 * o.limits.max_sessions + 64;
                struct rlimit rl;

                if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
                    fds > rl.rlim_cur)
                        fprintf(stderr, "dbgd: warning: --max-conns and --max-sessions may "
                                        "need %zu descriptors, the limit is %llu\n",
                                fds, (unsigned long long)rl.rlim_cur);
        }
        notify("READY=1");

        r = loop_run();
        notify("STOPPING=1");

        /* Teardown: no tracee outlives us, pending calls are answered, then HTTP stops. */
        session_shutdown();
        rpc_run_deferred();
        http_before_sleep();
        http_done();
        reaper_done();
        loop_del_fd(tfd);
        close(tfd);
        loop_done();
        free(state_dir);
        free(sock_spec);
        free(tls_cert);
        free(tls_key);
        free(notify_socket);
        return r < 0 ? 1 : 0;
fail:
        if (r < 0)
                fprintf(stderr, "dbgd: %s\n", strerror(-r));
        session_shutdown();
        http_done();
        reaper_done();
        if (tfd >= 0)
                close(tfd);
        loop_done();
        free(state_dir);
        free(sock_spec);
        free(tls_cert);
        free(tls_key);
        free(notify_socket);
        return 1;
}
