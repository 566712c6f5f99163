/* main.c — dbgd: arguments, signal mask, init -> loop -> teardown.
 *
 * Every tracee is driven from this one thread (ptrace belongs to the thread that seized
 * the tracee), so the signal mask is set before anything else: SIGCHLD, SIGTERM and
 * SIGINT arrive through signalfds, SIGPIPE is ignored. */
#include "handlers.h"
#include "http.h"
#include "loop.h"
#include "reaper.h"
#include "rpc.h"
#include "session.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <unistd.h>

struct options {
        const char *listen;
        const char *state_dir;
        size_t max_body;
        unsigned max_conns;
        unsigned conn_timeout;
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
                "  --listen HOST:PORT|unix:PATH  where to listen (default 127.0.0.1:7777;\n"
                "                                port 0 picks a free port)\n"
                "  --state-dir DIR               where the url and token files go (default\n"
                "                                $DBGD_STATE_DIR, $XDG_RUNTIME_DIR/dbgd or\n"
                "                                $HOME/.local/state/dbgd)\n"
                "  --max-body BYTES              request body limit (default 4194304)\n"
                "  --max-batch N                 calls per batch (default 1000)\n"
                "  --max-conns N                 simultaneous connections (default 256)\n"
                "  --conn-timeout SECONDS        idle connection timeout (default 60)\n"
                "  --max-sessions N              sessions at once (default 1024)\n"
                "  --max-mem BYTES               bytes per peek or poke (default 67108864)\n"
                "  --output-bytes BYTES          captured output kept per stream (default 1048576)\n"
                "  --max-breakpoints N           breakpoints per session (default 4096)\n"
                "  --help, --version\n\n"
                "The bearer token for TCP is $DBGD_TOKEN, or a random one written to\n"
                "STATE_DIR/token (mode 0600).\n");
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
        enum { O_LISTEN = 256, O_STATE, O_BODY, O_BATCH, O_CONNS, O_TIMEOUT, O_SESSIONS,
               O_MEM, O_OUTPUT, O_BPS, O_HELP, O_VERSION };
        static const struct option longopts[] = {
                { "listen", required_argument, NULL, O_LISTEN },
                { "state-dir", required_argument, NULL, O_STATE },
                { "max-body", required_argument, NULL, O_BODY },
                { "max-batch", required_argument, NULL, O_BATCH },
                { "max-conns", required_argument, NULL, O_CONNS },
                { "conn-timeout", required_argument, NULL, O_TIMEOUT },
                { "max-sessions", required_argument, NULL, O_SESSIONS },
                { "max-mem", required_argument, NULL, O_MEM },
                { "output-bytes", required_argument, NULL, O_OUTPUT },
                { "max-breakpoints", required_argument, NULL, O_BPS },
                { "help", no_argument, NULL, O_HELP },
                { "version", no_argument, NULL, O_VERSION },
                { NULL, 0, NULL, 0 },
        };
        int c;

        while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                size_t v = 0;

                if (c >= O_BODY && c <= O_BPS && parse_size(optarg, &v) < 0) {
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
                case O_SESSIONS:
                        o->limits.max_sessions = v;
                        break;
                case O_MEM:
                        o->max_mem = v;
                        break;
                case O_OUTPUT:
                        o->limits.output_bytes = v;
                        break;
                case O_BPS:
                        o->limits.max_breakpoints = v;
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

static int make_token(char *buf, size_t len)
{
        unsigned char raw[24];
        const char *e = getenv("DBGD_TOKEN");

        if (e && *e) {
                snprintf(buf, len, "%s", e);
                return 0;
        }
        if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
                return -errno;
        for (size_t i = 0; i < sizeof(raw) && 2 * i + 2 < len; i++)
                snprintf(buf + 2 * i, 3, "%02x", raw[i]);
        return 0;
}

static void on_term(int fd, uint32_t events, void *data)
{
        struct signalfd_siginfo si;

        while (read(fd, &si, sizeof(si)) > 0)
                ;
        loop_stop();
}

static int before_sleep(void *data)
{
        rpc_run_deferred();
        session_collect();
        return http_before_sleep();
}

int main(int argc, char **argv)
{
        struct options o = {
                .listen = "127.0.0.1:7777",
                .max_body = 4u << 20,
                .max_conns = 256,
                .conn_timeout = 60,
                .max_batch = 1000,
                .max_mem = 64u << 20,
                .limits = { .max_sessions = 1024, .output_bytes = 1u << 20,
                            .max_breakpoints = 4096 },
        };
        struct http_config hc;
        char token[128], url[256], *state_dir = NULL;
        sigset_t mask;
        int tfd = -1, r;

        if (parse_args(argc, argv, &o) < 0)
                return 2;

        sigemptyset(&mask);
        sigaddset(&mask, SIGCHLD);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        sigprocmask(SIG_BLOCK, &mask, NULL);
        signal(SIGPIPE, SIG_IGN);

        session_set_limits(&o.limits);
        m_set_max_mem(o.max_mem);
        rpc_set_max_batch(o.max_batch);

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
                .token = token,
                .max_body = o.max_body,
                .max_conns = o.max_conns,
                .conn_timeout = o.conn_timeout,
        };
        r = http_init(&hc, url, sizeof(url));
        if (r < 0) {
                fprintf(stderr, "dbgd: cannot listen on %s: %s\n", o.listen, strerror(-r));
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

        r = loop_run();

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
        return 1;
}
