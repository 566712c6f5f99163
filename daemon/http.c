/* http.c — the only file that includes microhttpd.h.
 *
 * libmicrohttpd runs without threads of its own (MHD_USE_EPOLL, its epoll fd inside
 * ours), so every callback runs on the engine thread. POST /rpc bodies are collected
 * (counting bytes ourselves: MHD bounds headers, not bodies), handed to rpc_submit, and
 * when a call waits the connection is suspended until its response is ready. While
 * suspended, MHD does not watch the socket, so we watch it for a hang-up and withdraw
 * the request when the client goes away (a reset, or a Unix peer's close; a TCP FIN
 * alone may be a half-close whose sender still reads: the call goes on, on_hangup).
 *
 * Refused before any JSON is read: other paths (404), other methods (405), a Host that
 * is not ours (403, DNS rebinding), an Origin that is not ours (403, cross-site
 * requests from web pages), a missing Host (400), repeated Host /
 * Content-Length / Authorization headers (400), a missing or wrong bearer token (401),
 * a content type other than application/json (415), a body over the limit (413), a
 * body whose end cannot be found (a Transfer-Encoding other than chunked: 400/501, at
 * once, see check_framing).
 * On a Unix socket the peer's uid (SO_PEERCRED) replaces Host, Origin and token.
 *
 * Connections are accepted here, not by MHD: their first bytes must look like a
 * request line before MHD gets them (on_first_bytes); anything else is answered 400.
 *
 * Transports: loopback TCP (token), a Unix socket (0600, or 0660 for a configured
 * group), an inherited socket (systemd), and non-loopback TCP only when explicitly
 * allowed and then only over TLS. Origins configured with --allow-origin get CORS
 * headers and preflight answers; no other origin ever does.
 *
 * Slow clients: every connection carries a deadline (MHD's own timeout is an idle
 * timeout, which a client trickling one byte at a time never reaches): a request must
 * arrive whole within conn_timeout of the connection opening or of the previous
 * response, and a response must be taken within conn_timeout. Past it, the socket is
 * shut down and MHD closes it. A suspended call (a waiting `cont`) has no deadline.
 * Until a connection has sent an authenticated request the timeout is header_timeout,
 * and when the table is full the oldest such connection is cut to make room
 * (evict_untrusted): connections without the token cannot lock the others out. */
#include "http.h"
#include "web.h"

#include "loop.h"
#include "rpc.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <grp.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

struct conn {
        struct MHD_Connection *mc;
        char *body;
        size_t len, cap;
        bool too_big;
        bool submitted;
        struct rpc_request *req;
        bool resp_ready;
        char *resp;             /* NULL with resp_ready: 204 */
        size_t resp_len;
        bool suspended;
        bool mem;               /* POST /mem: peek answered with the raw bytes */
        unsigned refuse;        /* HTTP status to refuse with once the body is read */
        const char *why;
        bool abandoned;         /* the client hung up while suspended */
        int watch_fd;           /* the socket, watched while suspended */
        struct loop_timer *watch_timer; /* starts the watch if the call waits on */
        char *raw_head;         /* the answer's head, written by us (answer_half_closed) */
        size_t raw_head_len;
        size_t raw_off;         /* bytes of head and body written so far */
};

/* One per accepted socket (then MHD's socket context): the deadline that cuts slow
 * clients. dbgd accepts connections itself and hands them to MHD once their first
 * bytes look like HTTP (on_first_bytes). */
struct sock {
        int fd;
        uint64_t deadline;      /* loop_now_ms() by which the request must be in; 0: none */
        bool cut;               /* shut down: MHD closes it on its next run */
        bool trusted;           /* has sent an authenticated request (token, peer uid) */
        bool ours;              /* not handed to MHD yet: its first bytes are awaited */
        bool handed;            /* passed to MHD_add_connection, not yet started there */
        bool refused;           /* ours, answered 400: drained until the client closes */
        struct sockaddr_storage addr;
        socklen_t addr_len;
        struct sock *prev, *next; /* newest first */
};

#define MAX_HOSTS 32

static struct MHD_Daemon *daemon_;
static const char *allow_method = "POST"; /* of the resource being refused with 405 */
static struct http_config cfg;
static bool is_unix;
static bool is_tls;
static bool own_unix_path;      /* we created the socket file: unlink it at exit */
static char unix_path[108];
static char *allowed_hosts[MAX_HOSTS];
static size_t n_allowed_hosts;
static bool have_group;
static gid_t socket_gid;
static int mhd_epfd = -1;
static bool need_run;
static struct sock *socks;
static size_t n_socks;
static int listen_fd = -1;
static bool accepting;          /* listen_fd is in the loop */
static bool stopping;           /* http_done: accept no more */
static struct loop_timer *accept_timer;

static bool ct_equal(const char *a, const char *b)
{
        size_t la = strlen(a), lb = strlen(b), n = la > lb ? la : lb;
        unsigned char diff = (unsigned char)(la != lb);

        /* Constant time in the secret's content: every byte position is compared. */
        for (size_t i = 0; i < n; i++) {
                unsigned char x = i < la ? (unsigned char)a[i] : 0;
                unsigned char y = i < lb ? (unsigned char)b[i] : 0;
                diff |= x ^ y;
        }
        return diff == 0;
}

/* The request's Origin when it is one of the configured --allow-origin values (which
 * get CORS headers), else NULL. Our own origins need no CORS: they are same-origin. */
static const char *cors_origin(struct MHD_Connection *mc)
{
        const char *o = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_ORIGIN);

        if (!o)
                return NULL;
        for (size_t i = 0; i < cfg.n_allow_origins; i++)
                if (strcasecmp(o, cfg.allow_origins[i]) == 0)
                        return o;
        return NULL;
}

static struct sock *sock_of(struct MHD_Connection *mc)
{
        const union MHD_ConnectionInfo *ci =
                MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

        return ci ? ci->socket_context : NULL;
}

/* The time a request may take to arrive on sk: a connection that has not shown the
 * token yet gets the shorter header_timeout, so that idle or garbage connections (a
 * TLS hello on the plain port waits for a line end that never comes) give their slot
 * back soon. */
static uint64_t sock_timeout_ms(const struct sock *sk)
{
        unsigned t = cfg.conn_timeout;

        if (!sk->trusted && cfg.header_timeout && cfg.header_timeout < t)
                t = cfg.header_timeout;
        return (uint64_t)t * 1000;
}

static void sock_deadline(struct MHD_Connection *mc, bool on)
{
        struct sock *sk = sock_of(mc);

        if (sk)
                sk->deadline = on ? loop_now_ms() + sock_timeout_ms(sk) : 0;
}

/* An HTTP Date header's value, for the answers dbgd writes itself. */
static void http_date(char *buf, size_t len)
{
        time_t now = time(NULL);
        struct tm tm;

        gmtime_r(&now, &tm);
        strftime(buf, len, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

static void sock_link(struct sock *sk)
{
        sk->prev = NULL;
        sk->next = socks;
        if (socks)
                socks->prev = sk;
        socks = sk;
        n_socks++;
}

static void sock_unlink(struct sock *sk)
{
        if (sk->prev)
                sk->prev->next = sk->next;
        else
                socks = sk->next;
        if (sk->next)
                sk->next->prev = sk->prev;
        n_socks--;
}

static void accept_more(void);

/* A connection MHD never saw: closed and forgotten here. */
static void sock_close_ours(struct sock *sk)
{
        loop_del_fd(sk->fd);
        close(sk->fd);
        sock_unlink(sk);
        free(sk);
        accept_more(); /* a slot is free */
}

static void sock_cut(struct sock *sk)
{
        if (sk->ours) {
                sock_close_ours(sk);
                return;
        }
        /* MHD sees end-of-file and an error on its next run, then closes the socket and
         * calls on_completed / on_connection. */
        shutdown(sk->fd, SHUT_RDWR);
        sk->cut = true;
        need_run = true;
}

/* Queue body (malloc'd, taken; NULL for none) of content type ctype. */
static enum MHD_Result send_typed(struct MHD_Connection *mc, unsigned status, char *body,
                                  size_t len, const char *ctype, const char *address)
{
        struct MHD_Response *resp;
        enum MHD_Result ret;
        const char *origin = cors_origin(mc);

        resp = MHD_create_response_from_buffer(len, body, body ? MHD_RESPMEM_MUST_FREE
                                                               : MHD_RESPMEM_PERSISTENT);
        if (!resp) {
                free(body);
                return MHD_NO;
        }
        if (body)
                MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
        if (address)
                MHD_add_response_header(resp, "X-Dbgd-Address", address);
        if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
                MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow_method);
        if (status == MHD_HTTP_UNAUTHORIZED)
                MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
        if (origin) {
                MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN,
                                        origin);
                MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Origin");
        }
        /* The response must be taken within the timeout too (a slow reader). */
        sock_deadline(mc, true);
        ret = MHD_queue_response(mc, status, resp);
        MHD_destroy_response(resp);
        return ret;
}

static enum MHD_Result send_body(struct MHD_Connection *mc, unsigned status, char *body,
                                 size_t len)
{
        return send_typed(mc, status, body, len, "application/json", NULL);
}

/* An HTTP-level refusal, with a JSON-RPC-shaped body so that scripts can show it. */
static enum MHD_Result refuse(struct MHD_Connection *mc, unsigned status, const char *why)
{
        char *body;

        if (asprintf(&body,
                     "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,"
                     "\"message\":\"invalid request\",\"data\":{\"http_status\":%u,"
                     "\"detail\":\"%s\"}}}",
                     status, why) < 0)
                return MHD_NO;
        return send_body(mc, status, body, strlen(body));
}

struct header_count {
        unsigned host, content_length, authorization;
};

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
        struct header_count *hc = cls;

        if (strcasecmp(key, "Host") == 0)
                hc->host++;
        else if (strcasecmp(key, "Content-Length") == 0)
                hc->content_length++;
        else if (strcasecmp(key, "Authorization") == 0)
                hc->authorization++;
        return MHD_YES;
}

static bool host_allowed(const char *host)
{
        for (size_t i = 0; i < n_allowed_hosts; i++)
                if (strcasecmp(host, allowed_hosts[i]) == 0)
                        return true;
        return false;
}

static void add_allowed_host(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void add_allowed_host(const char *fmt, ...)
{
        va_list ap;
        char *h = NULL;
        int n;

        if (n_allowed_hosts >= MAX_HOSTS)
                return;
        va_start(ap, fmt);
        n = vasprintf(&h, fmt, ap);
        va_end(ap);
        if (n < 0)
                return;
        if (host_allowed(h)) {
                free(h);
                return;
        }
        allowed_hosts[n_allowed_hosts++] = h;
}

/* A browser sends Origin on cross-site requests: our own origins pass, and those the
 * user configured (--allow-origin). The default allow-list of foreign origins is empty. */
static bool origin_allowed(const char *origin)
{
        const char *scheme = is_tls ? "https://" : "http://";
        size_t n = strlen(scheme);

        for (size_t i = 0; i < cfg.n_allow_origins; i++)
                if (strcasecmp(origin, cfg.allow_origins[i]) == 0)
                        return true;
        if (strncasecmp(origin, scheme, n) != 0)
                return false;
        return host_allowed(origin + n);
}

static bool content_type_json(const char *ct)
{
        size_t n = strlen("application/json");

        if (!ct || strncasecmp(ct, "application/json", n) != 0)
                return false;
        return ct[n] == 0 || ct[n] == ';' || ct[n] == ' ';
}

/* Is gid among the supplementary groups of pid? /proc, not NSS: it cannot block. */
static bool pid_in_group(pid_t pid, gid_t gid)
{
        char path[64], line[4096];
        bool found = false;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
        f = fopen(path, "re");
        if (!f)
                return false;
        while (!found && fgets(line, sizeof(line), f)) {
                char *p, *end;

                if (strncmp(line, "Groups:", 7) != 0)
                        continue;
                for (p = line + 7;; p = end) {
                        unsigned long g = strtoul(p, &end, 10);
                        if (end == p)
                                break;
                        if ((gid_t)g == gid) {
                                found = true;
                                break;
                        }
                }
                break;
        }
        fclose(f);
        return found;
}

/* The socket of connection mc, or -1. */
static int mc_fd(struct MHD_Connection *mc)
{
        const union MHD_ConnectionInfo *ci =
                MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);

        return ci ? ci->connect_fd : -1;
}

/* A Unix socket peer must run as our uid, or (with --socket-group) be in that group. */
static bool peer_is_us(struct MHD_Connection *mc)
{
        int fd = mc_fd(mc);
        struct ucred cred;
        socklen_t len = sizeof(cred);

        if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
                return false;
        if (cred.uid == geteuid())
                return true;
        if (have_group)
                return cred.gid == socket_gid || pid_in_group(cred.pid, socket_gid);
        return false;
}

/* The body's framing. libmicrohttpd 0.9.75 decodes only a Transfer-Encoding that is
 * exactly "chunked": any other value ("gzip, chunked", "identity") makes it read the body
 * until the client closes, so the request never ends and the client waits for the
 * connection timeout. Such a body cannot be delimited: refuse it before reading it, as
 * RFC 9112 (6.1, 6.3) says: 400 when chunked is not the last coding (the length is
 * unknown), 501 for a coding we do not implement ("gzip, chunked", or "chunked " with a
 * trailing blank, which MHD keeps in the value and then does not decode). Both headers
 * at once is the shape of request smuggling (RFC 9112 6.3): 400. Returns 0 or the
 * status. */
static unsigned check_framing(struct MHD_Connection *mc, const char **why)
{
        const char *te = MHD_lookup_connection_value(mc, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_TRANSFER_ENCODING);
        const char *last;
        size_t n;

        if (!te)
                return 0;
        if (MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
                *why = "both Transfer-Encoding and Content-Length";
                return MHD_HTTP_BAD_REQUEST;
        }
        /* What MHD decodes: "chunked" in any case, without trailing blanks. */
        while (*te == ' ' || *te == '\t')
                te++;
        if (strcasecmp(te, "chunked") == 0)
                return 0;
        n = strlen(te);
        while (n && (te[n - 1] == ' ' || te[n - 1] == '\t'))
                n--;
        last = te + n;
        while (last > te && last[-1] != ',')
                last--;
        while (*last == ' ' || *last == '\t')
                last++;
        if ((size_t)(te + n - last) == 7 && strncasecmp(last, "chunked", 7) == 0) {
                *why = "only the chunked transfer coding is implemented";
                return MHD_HTTP_NOT_IMPLEMENTED;
        }
        *why = "Transfer-Encoding without chunked last: the body's length is unknown";
        return MHD_HTTP_BAD_REQUEST;
}

/* Checks made once the headers are in. Returns 0 or the HTTP status to refuse with. */
static unsigned check_headers(struct MHD_Connection *mc, const char *url, const char *method,
                              const char **why)
{
        struct header_count hc = { 0 };
        const char *v;

        bool events = strcmp(url, "/events") == 0, web = web_find(url) != NULL;

        if (strcmp(url, "/rpc") != 0 && strcmp(url, "/mem") != 0 && !events && !web) {
                *why = "no such resource: POST JSON-RPC to /rpc (peek params to /mem, "
                       "GET /events?session=N for a stream, GET / for the page)";
                return MHD_HTTP_NOT_FOUND;
        }
        if (web && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
                *why = "only GET is allowed on the page";
                return MHD_HTTP_METHOD_NOT_ALLOWED;
        }
        if (!web && (events ? strcmp(method, "GET") != 0
                            : strcmp(method, "POST") != 0 && strcmp(method, "OPTIONS") != 0)) {
                *why = events ? "only GET is allowed on /events" : "only POST is allowed on /rpc";
                return MHD_HTTP_METHOD_NOT_ALLOWED;
        }
        MHD_get_connection_values(mc, MHD_HEADER_KIND, count_header, &hc);
        if (hc.host > 1 || hc.content_length > 1 || hc.authorization > 1) {
                *why = "repeated Host, Content-Length or Authorization header";
                return MHD_HTTP_BAD_REQUEST;
        }
        if (is_unix) {
                if (!peer_is_us(mc)) {
                        *why = "the peer is not dbgd's user";
                        return MHD_HTTP_FORBIDDEN;
                }
                if (strcmp(method, "OPTIONS") == 0) {
                        *why = "only POST is allowed on /rpc";
                        return MHD_HTTP_METHOD_NOT_ALLOWED;
                }
        } else {
                v = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
                if (!v) {
                        *why = "a Host header is required";
                        return MHD_HTTP_BAD_REQUEST;
                }
                if (!host_allowed(v)) {
                        *why = "Host is not this daemon's address (DNS rebinding defence)";
                        return MHD_HTTP_FORBIDDEN;
                }
                v = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_ORIGIN);
                if (v && !origin_allowed(v)) {
                        *why = "Origin is not this daemon's (cross-site request)";
                        return MHD_HTTP_FORBIDDEN;
                }
                if (web)
                        return 0; /* the page holds no secret: no token for it */
                if (strcmp(method, "OPTIONS") == 0) {
                        /* A CORS preflight carries no token: it is answered only for a
                         * configured origin, and says nothing else. */
                        if (!cors_origin(mc)) {
                                *why = "only POST is allowed on /rpc";
                                return MHD_HTTP_METHOD_NOT_ALLOWED;
                        }
                        return MHD_HTTP_NO_CONTENT;
                }
                v = MHD_lookup_connection_value(mc, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_AUTHORIZATION);
                if (!v || strncmp(v, "Bearer ", 7) != 0 || !ct_equal(v + 7, cfg.token)) {
                        *why = "a valid bearer token is required (Authorization: Bearer ...)";
                        return MHD_HTTP_UNAUTHORIZED;
                }
        }
        if (events || web)
                return 0; /* a GET: no body, no content type */
        v = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (!content_type_json(v)) {
                *why = "Content-Type must be application/json";
                return MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
        }
        v = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (v && strtoull(v, NULL, 10) > cfg.max_body) {
                *why = "the body is larger than the limit (--max-body)";
                return MHD_HTTP_CONTENT_TOO_LARGE;
        }
        return 0;
}

/* Whether the request announces a body (Content-Length > 0 or chunked). */
static bool has_body(struct MHD_Connection *mc)
{
        const char *cl = MHD_lookup_connection_value(mc, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        const char *te = MHD_lookup_connection_value(mc, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_TRANSFER_ENCODING);

        return (cl && strtoull(cl, NULL, 10) > 0) || te;
}

static void unwatch(struct conn *c)
{
        loop_timer_cancel(c->watch_timer);
        c->watch_timer = NULL;
        if (c->watch_fd >= 0) {
                loop_del_fd(c->watch_fd);
                c->watch_fd = -1;
        }
}

static void resume(struct conn *c)
{
        unwatch(c);
        c->suspended = false;
        MHD_resume_connection(c->mc);
        need_run = true;
}

static void on_hangup(int fd, uint32_t events, void *data)
{
        struct conn *c = data;

        /* A FIN alone (EPOLLRDHUP) is a half-close as much as a hang-up: a client may
         * shut its sending side once its request is out (nc -N, some HTTP clients) and
         * still read the answer, which MHD sends (docs/security.md). On TCP the two look
         * the same until something is written, so keep the call and watch only for what
         * is sure: a reset (EPOLLERR) or both directions shut (EPOLLHUP; a Unix socket
         * reports it when its peer closes). Level-triggered, EPOLLRDHUP would fire again
         * at once: it is no longer asked for. */
        if (!(events & (EPOLLHUP | EPOLLERR))) {
                loop_del_fd(fd);
                if (loop_add_fd(fd, 0, on_hangup, c) < 0)
                        c->watch_fd = -1;
                return;
        }
        /* Withdraw the waiting calls; MHD sees the closed socket once resumed. */
        rpc_request_cancel(c->req);
        c->req = NULL;
        c->abandoned = true;
        resume(c);
}

/* ---- Answers to half-closed clients ------------------------------------------------
 * A client may shut its sending side once its request is out (shutdown(SHUT_WR): nc -N,
 * some HTTP clients) and still read the answer. libmicrohttpd 0.9.75 answers it when the
 * answer is ready at once, but a resumed connection whose end-of-file is pending may be
 * read first, and MHD takes the end-of-file for an abort and closes the connection
 * without the answer queued for it (seen with strace: recvfrom() = 0, shutdown, close,
 * no sendmsg; every time another connection was open). So when a waiting call's answer
 * is ready and the client has half-closed, dbgd writes the answer itself, while MHD
 * still keeps the connection suspended and away from the socket, then hands it back to
 * be closed. Not over TLS (the bytes would have to go through GnuTLS's session): there
 * the loss remains (docs/security.md). */

static bool peer_half_closed(struct conn *c)
{
        int fd = mc_fd(c->mc);
        char b;

        /* End-of-file pending, nothing before it (a pipelined request is left to MHD). */
        return fd >= 0 && recv(fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

static void raw_end(struct conn *c)
{
        int fd = mc_fd(c->mc);

        /* The answer is in the kernel's hands (or the client is gone): MHD must write
         * nothing more. The connection goes back to MHD, which closes it (on_request
         * says no to an abandoned one, or MHD reads the end-of-file first). */
        if (fd >= 0)
                shutdown(fd, SHUT_WR);
        c->abandoned = true;
        resume(c);
}

static void raw_write(struct conn *c, int fd)
{
        while (c->raw_off < c->raw_head_len + c->resp_len) {
                struct iovec iov[2];
                int n = 0;
                ssize_t w;

                if (c->raw_off < c->raw_head_len)
                        iov[n++] = (struct iovec){ c->raw_head + c->raw_off,
                                                   c->raw_head_len - c->raw_off };
                if (c->resp_len) {
                        size_t at = c->raw_off > c->raw_head_len ? c->raw_off - c->raw_head_len
                                                                 : 0;
                        iov[n++] = (struct iovec){ c->resp + at, c->resp_len - at };
                }
                w = writev(fd, iov, n);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                        return; /* on_raw_writable goes on */
                if (w <= 0)
                        break; /* the client is gone (reset, or cut by its deadline) */
                c->raw_off += (size_t)w;
        }
        raw_end(c);
}

static void on_raw_writable(int fd, uint32_t events, void *data)
{
        raw_write(data, fd);
}

/* The head MHD would have sent, with Connection: close (the client sends no more). */
static int raw_head(struct conn *c, char **ret)
{
        const char *origin = cors_origin(c->mc);
        char date[64], *h = NULL, len[96] = "", cors[512] = "";
        int n;

        http_date(date, sizeof(date));
        if (c->resp)
                snprintf(len, sizeof(len),
                         "Content-Type: application/json\r\nContent-Length: %zu\r\n",
                         c->resp_len);
        if (origin)
                snprintf(cors, sizeof(cors), "Access-Control-Allow-Origin: %.400s\r\n"
                                             "Vary: Origin\r\n", origin);
        n = asprintf(&h, "HTTP/1.1 %s\r\nDate: %s\r\nConnection: close\r\n%s%s\r\n",
                     c->resp ? "200 OK" : "204 No Content", date, len, cors);
        if (n < 0)
                return -ENOMEM;
        *ret = h;
        return n;
}

/* Returns whether dbgd took the answer over (else MHD sends it as usual). */
static bool answer_half_closed(struct conn *c)
{
        int fd, n;

        if (is_tls || !peer_half_closed(c))
                return false;
        fd = mc_fd(c->mc);
        n = raw_head(c, &c->raw_head);
        if (fd < 0 || n < 0)
                return false;
        c->raw_head_len = (size_t)n;
        unwatch(c);
        sock_deadline(c->mc, true); /* the answer must be taken in time, as MHD's */
        if (loop_add_fd(fd, EPOLLOUT, on_raw_writable, c) == 0)
                c->watch_fd = fd;
        raw_write(c, fd);
        return true;
}

static void on_rpc_done(void *userdata, char *body, size_t len)
{
        struct conn *c = userdata;

        c->resp = body;
        c->resp_len = len;
        c->resp_ready = true;
        c->req = NULL;
        if (c->suspended && !answer_half_closed(c))
                resume(c);
}

static void watch(void *data)
{
        struct conn *c = data;
        int fd = mc_fd(c->mc);

        c->watch_timer = NULL; /* fired */
        if (fd >= 0 && loop_add_fd(fd, EPOLLRDHUP, on_hangup, c) == 0)
                c->watch_fd = fd;
}

/* Most waits (a step, a breakpoint a few instructions away) end within microseconds:
 * the socket is watched for a hang-up only once the call has waited WATCH_AFTER_MS,
 * which spares two epoll_ctl calls per request. */
#define WATCH_AFTER_MS 20

static void suspend(struct conn *c)
{
        MHD_suspend_connection(c->mc);
        c->suspended = true;
        c->watch_timer = loop_timer_add(WATCH_AFTER_MS, watch, c);
        if (!c->watch_timer)
                watch(c); /* no memory for a timer: watch at once */
}

static enum MHD_Result preflight(struct MHD_Connection *mc)
{
        struct MHD_Response *resp;
        enum MHD_Result ret;

        resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        if (!resp)
                return MHD_NO;
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN,
                                cors_origin(mc));
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_METHODS, "POST");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_HEADERS,
                                "Authorization, Content-Type");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCESS_CONTROL_MAX_AGE, "600");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Origin");
        sock_deadline(mc, true);
        ret = MHD_queue_response(mc, MHD_HTTP_NO_CONTENT, resp);
        MHD_destroy_response(resp);
        return ret;
}

/* ---- Server-Sent Events: GET /events?session=N ------------------------------------
 * The session's event queue (events.h) as a text/event-stream: each event is
 * "id: SEQ", "event: TYPE", "data: JSON". A client resumes after a reconnection with
 * Last-Event-ID (or ?after=SEQ). The response is read from a callback; when nothing is
 * queued the connection is suspended, and the session's next event resumes it. The
 * stream ends once the session has ended and every event was sent. */

struct sse {
        struct MHD_Connection *mc;
        int session;
        uint64_t after;
        char *buf;
        size_t len, off;
        bool suspended;
        bool hung_up;           /* the client hung up: the stream ends (sse_read) */
        int watch_fd;
        struct sse *next;
};

static struct sse *streams;

static void sse_unwatch(struct sse *x)
{
        if (x->watch_fd >= 0) {
                loop_del_fd(x->watch_fd);
                x->watch_fd = -1;
        }
}

static void sse_resume(struct sse *x)
{
        sse_unwatch(x);
        x->suspended = false;
        MHD_resume_connection(x->mc);
        need_run = true;
}

static void sse_on_hangup(int fd, uint32_t events, void *data)
{
        struct sse *x = data;

        /* The stream ends at once (sse_read), and MHD frees it. Resumed only, it would
         * find nothing to send, suspend again and watch the socket that hung up, whose
         * EPOLLRDHUP fires again at once: a loop spinning until the next event. */
        x->hung_up = true;
        sse_resume(x);
}

static void sse_on_events(int session, void *data)
{
        for (struct sse *x = streams; x; x = x->next)
                if (x->session == session && x->suspended)
                        sse_resume(x);
}

static ssize_t sse_read(void *cls, uint64_t pos, char *out, size_t max)
{
        struct sse *x = cls;
        size_t n;

        if (x->hung_up)
                return MHD_CONTENT_READER_END_WITH_ERROR;
        if (x->off == x->len) {
                char *text = NULL;
                long r = rpc_sse_next(x->session, &x->after, &text);

                if (r < 0)
                        return MHD_CONTENT_READER_END_OF_STREAM;
                if (r == 0) {
                        int fd = mc_fd(x->mc);

                        MHD_suspend_connection(x->mc);
                        x->suspended = true;
                        if (fd >= 0 && loop_add_fd(fd, EPOLLRDHUP, sse_on_hangup, x) == 0)
                                x->watch_fd = fd;
                        return 0;
                }
                free(x->buf);
                x->buf = text;
                x->len = (size_t)r;
                x->off = 0;
        }
        n = x->len - x->off < max ? x->len - x->off : max;
        memcpy(out, x->buf + x->off, n);
        x->off += n;
        return (ssize_t)n;
}

static void sse_free(void *cls)
{
        struct sse *x = cls;

        sse_unwatch(x);
        for (struct sse **p = &streams; *p; p = &(*p)->next) {
                if (*p == x) {
                        *p = x->next;
                        break;
                }
        }
        free(x->buf);
        free(x);
}

static enum MHD_Result sse_start(struct MHD_Connection *mc)
{
        const char *sid = MHD_lookup_connection_value(mc, MHD_GET_ARGUMENT_KIND, "session");
        const char *after = MHD_lookup_connection_value(mc, MHD_GET_ARGUMENT_KIND, "after");
        const char *last = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "Last-Event-ID");
        struct MHD_Response *resp;
        enum MHD_Result ret;
        unsigned long long seq = 0;
        struct sse *x;
        char *end;
        long id;

        id = sid ? strtol(sid, &end, 10) : -1;
        if (!sid || *end || id <= 0 || id > 0x7fffffff)
                return refuse(mc, MHD_HTTP_BAD_REQUEST, "GET /events?session=N");
        if (!rpc_session_exists((int)id))
                return refuse(mc, MHD_HTTP_NOT_FOUND, "no such session");
        if (last || after) {
                const char *v = last ? last : after;

                errno = 0;
                seq = strtoull(v, &end, 10);
                if (!isdigit((unsigned char)*v) || *end || errno)
                        return refuse(mc, MHD_HTTP_BAD_REQUEST,
                                      "Last-Event-ID or after: an event's seq, 0 or more");
        }
        x = calloc(1, sizeof(*x));
        if (!x)
                return MHD_NO;
        x->mc = mc;
        x->session = (int)id;
        x->watch_fd = -1;
        x->after = seq;
        resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 << 10, sse_read, x,
                                                 sse_free);
        if (!resp) {
                free(x);
                return MHD_NO;
        }
        x->next = streams;
        streams = x;
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
        sock_deadline(mc, false); /* a stream lives as long as its session */
        ret = MHD_queue_response(mc, MHD_HTTP_OK, resp);
        MHD_destroy_response(resp);
        return ret;
}

/* The page (web.h): its bytes, with headers that keep it to itself: its own scripts
 * and connections only, no framing, no referrer. */
static enum MHD_Result serve_page(struct MHD_Connection *mc, const struct web_asset *w)
{
        struct MHD_Response *resp = MHD_create_response_from_buffer(
                w->len, (void *)w->data, MHD_RESPMEM_PERSISTENT);
        enum MHD_Result ret;

        if (!resp)
                return MHD_NO;
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, w->content_type);
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'none'; script-src 'self'; connect-src 'self'; "
                                "style-src 'unsafe-inline'; base-uri 'none'; form-action "
                                "'none'; frame-ancestors 'none'");
        MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
        MHD_add_response_header(resp, "X-Frame-Options", "DENY");
        MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
        ret = MHD_queue_response(mc, MHD_HTTP_OK, resp);
        MHD_destroy_response(resp);
        return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
        struct conn *c = *con_cls;

        if (!c) {
                const char *why = NULL, *fwhy = NULL;
                unsigned status = check_headers(mc, url, method, &why);
                unsigned framing = check_framing(mc, &fwhy);

                /* A body whose end cannot be found is never read: refused at once,
                 * whatever else is wrong, with the other refusal's reason if any. */
                if (framing)
                        return refuse(mc, status && status != MHD_HTTP_NO_CONTENT ? status
                                                                                  : framing,
                                      status && status != MHD_HTTP_NO_CONTENT ? why : fwhy);

                if (status == MHD_HTTP_NO_CONTENT)
                        return preflight(mc);
                if (!status && !web_find(url)) {
                        struct sock *sk = sock_of(mc);

                        if (sk)
                                sk->trusted = true; /* the token (or our uid) was shown */
                }
                allow_method = strcmp(url, "/events") == 0 || web_find(url) ? "GET" : "POST";
                if (!status && strcmp(url, "/events") == 0)
                        return sse_start(mc);
                if (!status && web_find(url))
                        return serve_page(mc, web_find(url));
                /* Refuse at once when there is no body to wait for, or when it is too
                 * big to read; otherwise read (and drop) the body first: a client that
                 * sends its body after the headers would find the connection closed
                 * (EPIPE on a Unix socket) before it could read our answer. */
                if (status && (status == MHD_HTTP_CONTENT_TOO_LARGE || !has_body(mc)))
                        return refuse(mc, status, why);
                c = calloc(1, sizeof(*c));
                if (!c)
                        return MHD_NO;
                c->refuse = status;
                c->why = why;
                c->mc = mc;
                c->watch_fd = -1;
                c->mem = strcmp(url, "/mem") == 0;
                *con_cls = c;
                return MHD_YES;
        }
        if (*upload_data_size) {
                size_t n = *upload_data_size;

                *upload_data_size = 0;
                if (c->refuse)
                        return MHD_YES; /* dropped: it will be refused */
                if (c->too_big || c->len + n > cfg.max_body) {
                        c->too_big = true; /* keep reading, answer 413 at the end */
                        return MHD_YES;
                }
                if (c->len + n > c->cap) {
                        size_t cap = c->cap ? c->cap : 512; /* small: no heap consolidation */
                        while (cap < c->len + n)
                                cap *= 2;
                        char *nb = realloc(c->body, cap);
                        if (!nb)
                                return MHD_NO;
                        c->body = nb;
                        c->cap = cap;
                }
                memcpy(c->body + c->len, upload_data, n);
                c->len += n;
                return MHD_YES;
        }
        if (c->abandoned)
                return MHD_NO;
        if (c->refuse)
                return refuse(mc, c->refuse, c->why);
        if (c->too_big)
                return refuse(mc, MHD_HTTP_CONTENT_TOO_LARGE,
                              "the body is larger than the limit (--max-body)");
        if (c->mem) {
                /* Memory as bytes, not text: what a 64 MiB read needs to be fast. */
                char *out = NULL, hex[32];
                size_t len = 0;
                uint64_t addr = 0;
                unsigned status = rpc_peek_binary(c->body ? c->body : "", c->len, &out, &len,
                                                  &addr);

                if (!out)
                        return MHD_NO;
                snprintf(hex, sizeof(hex), "0x%" PRIx64, addr);
                return send_typed(mc, status, out, len,
                                  status == MHD_HTTP_OK ? "application/octet-stream"
                                                        : "application/json",
                                  status == MHD_HTTP_OK ? hex : NULL);
        }
        if (!c->submitted) {
                c->submitted = true;
                sock_deadline(mc, false); /* the request is in: no deadline while it runs */
                if (rpc_submit(c->body ? c->body : "", c->len, on_rpc_done, c, &c->req) < 0)
                        return MHD_NO;
        }
        if (!c->resp_ready) {
                suspend(c);
                return MHD_YES;
        }
        if (!c->resp)
                return send_body(mc, MHD_HTTP_NO_CONTENT, NULL, 0);
        char *body = c->resp;
        c->resp = NULL;
        return send_body(mc, MHD_HTTP_OK, body, c->resp_len);
}

/* The answer is out, and the client has half-closed (an end-of-file pending, nothing
 * before it): it sends no more requests, so the connection is done. libmicrohttpd 0.9.75
 * does not always see that: when the FIN came in with the request (the client's
 * shutdown(SHUT_WR) right after it, the answer given at once), its edge-triggered read
 * event was spent on the request, and the connection sat idle until its deadline, a
 * client that reads to the end (nc -N) waiting with it (seen 2 times in 5 with an
 * immediate answer; test_half_closed_immediate_call_answered). Our own shutdown wakes
 * MHD's epoll, which then reads the end-of-file and closes. */
static void close_if_half_closed(struct MHD_Connection *mc)
{
        int fd = mc_fd(mc);
        char b;

        if (fd >= 0 && recv(fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
                shutdown(fd, SHUT_WR);
}

/* Bodies or responses from this size on return the heap to the system when done. */
#define TRIM_AFTER ((size_t)256 << 10)

static void on_completed(void *cls, struct MHD_Connection *mc, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
        struct conn *c = *con_cls;
        bool big;

        /* The next request on this connection (or its idle end) has the usual deadline. */
        sock_deadline(mc, true);
        if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
                close_if_half_closed(mc);
        if (!c)
                return;
        unwatch(c);
        rpc_request_cancel(c->req);
        big = c->cap >= TRIM_AFTER || c->resp_len >= TRIM_AFTER;
        free(c->resp);
        free(c->raw_head);
        free(c->body);
        free(c);
        *con_cls = NULL;
        /* A large body or answer leaves the heap grown (its parsed JSON too): give the
         * memory back now, so that one big request does not hold RSS for good. */
        if (big)
                malloc_trim(0);
}

static void on_mhd(int fd, uint32_t events, void *data)
{
        need_run = true;
}

/* The table is full: MHD accepts no more until one closes, and idle connections that
 * never send a request (no token needed for that) would lock every client out until
 * their deadline. Make room by cutting the oldest connection that has not sent an
 * authenticated request; those that have are never cut for room, so a flood of
 * connections without the token cannot push out a client that has it (it waits in the
 * backlog only when the table is full of such clients). */
static void evict_untrusted(struct sock *newest)
{
        struct sock *oldest = NULL;

        /* Not the newcomer itself: it holds the last slot, and the next ones wait. */
        for (struct sock *sk = newest->next; sk; sk = sk->next)
                if (!sk->trusted && !sk->cut && !sk->handed && sk->fd >= 0)
                        oldest = sk;
        if (oldest)
                sock_cut(oldest);
}

/* ---- Accepting ----------------------------------------------------------------------
 * libmicrohttpd 0.9.75 closes a request line it cannot parse ("GARBAGE", a TLS hello
 * with a CR or LF in it) without an answer and without a callback, and waits for the
 * line end of one that has none (a TLS hello): the client learns nothing, or waits for
 * the deadline. So dbgd accepts connections itself, looks at their first bytes without
 * taking them (MSG_PEEK), and hands a connection to MHD (MHD_add_connection) once they
 * start like a request line: a method token (RFC 9110 tchar) and a space, after any
 * empty lines. Anything else is answered 400 and closed. Over TLS the first bytes are
 * the handshake, which GnuTLS reads: handed over at once. */

enum first_bytes { FB_MORE, FB_HTTP, FB_GARBAGE };

static bool is_tchar(unsigned char ch)
{
        return isalnum(ch) || (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

static enum first_bytes classify_first_bytes(const unsigned char *b, size_t n, size_t cap)
{
        size_t i = 0, start;

        while (i < n && (b[i] == '\r' || b[i] == '\n'))
                i++;
        for (start = i; i < n; i++) {
                if (b[i] == ' ')
                        return i > start ? FB_HTTP : FB_GARBAGE;
                if (!is_tchar(b[i]))
                        return FB_GARBAGE;
        }
        return n < cap ? FB_MORE : FB_GARBAGE; /* no method is that long */
}

static void on_first_bytes(int fd, uint32_t events, void *data);

/* Not HTTP: a 400 with a JSON-RPC-shaped body, then end-of-file; what the client still
 * sends is read and dropped until it closes (closing with unread bytes would reset the
 * connection, and the reset could destroy the answer before it is read). */
static void refuse_garbage(struct sock *sk)
{
        static const char body[] =
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":"
                "\"invalid request\",\"data\":{\"http_status\":400,\"detail\":\"not an HTTP "
                "request line (TLS sent to a plain HTTP port?)\"}}}";
        char head[256], date[64];
        struct iovec iov[2];
        int n;

        http_date(date, sizeof(date));
        n = snprintf(head, sizeof(head),
                     "HTTP/1.1 400 Bad Request\r\nDate: %s\r\nConnection: close\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     date, sizeof(body) - 1);
        iov[0] = (struct iovec){ head, (size_t)n };
        iov[1] = (struct iovec){ (void *)body, sizeof(body) - 1 };
        /* A fresh socket's buffer takes these 300 bytes whole. */
        if (writev(sk->fd, iov, 2) < 0)
                sk->deadline = loop_now_ms(); /* gone: closed on the next sweep */
        shutdown(sk->fd, SHUT_WR);
        sk->refused = true;
        if (sk->deadline > loop_now_ms() + 2000)
                sk->deadline = loop_now_ms() + 2000; /* time to read the answer */
        on_first_bytes(sk->fd, EPOLLIN, sk);
}

static void hand_over(struct sock *sk)
{
        loop_del_fd(sk->fd);
        sk->ours = false;
        sk->handed = true;
        need_run = true;
        /* on_connection takes sk over (by its fd); on failure MHD closes the socket. */
        if (MHD_add_connection(daemon_, sk->fd, (struct sockaddr *)&sk->addr,
                               sk->addr_len) != MHD_YES &&
            sk->handed) {
                sock_unlink(sk);
                free(sk);
                accept_more();
        }
}

static void on_first_bytes(int fd, uint32_t events, void *data)
{
        struct sock *sk = data;
        unsigned char b[16];
        ssize_t n;

        if (sk->refused) {
                char drop[4096];

                while ((n = recv(fd, drop, sizeof(drop), 0)) > 0)
                        ;
                if (n == 0 || (errno != EAGAIN && errno != EINTR))
                        sock_close_ours(sk);
                return;
        }
        n = recv(fd, b, sizeof(b), MSG_PEEK);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
                return;
        if (n <= 0) {
                sock_close_ours(sk); /* closed before a byte, or an error */
                return;
        }
        switch (classify_first_bytes(b, (size_t)n, sizeof(b))) {
        case FB_MORE:
                return; /* edge-triggered: the next bytes wake us */
        case FB_HTTP:
                hand_over(sk);
                return;
        case FB_GARBAGE:
                refuse_garbage(sk);
                return;
        }
}

static void on_accept(int fd, uint32_t events, void *data);

static void accept_later(void *data)
{
        accept_timer = NULL;
        accept_more();
}

static void accept_more(void)
{
        if (stopping || accepting || listen_fd < 0 || n_socks >= cfg.max_conns ||
            accept_timer)
                return;
        if (loop_add_fd(listen_fd, EPOLLIN, on_accept, NULL) == 0)
                accepting = true;
}

static void accept_stop(void)
{
        if (accepting)
                loop_del_fd(listen_fd);
        accepting = false;
}

static void on_accept(int lfd, uint32_t events, void *data)
{
        while (n_socks < cfg.max_conns) {
                struct sock *sk = calloc(1, sizeof(*sk));
                int fd;

                if (!sk)
                        break;
                sk->addr_len = sizeof(sk->addr);
                fd = accept4(lfd, (struct sockaddr *)&sk->addr, &sk->addr_len,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
                if (fd < 0) {
                        int e = errno;

                        free(sk);
                        if (e == EINTR || e == ECONNABORTED)
                                continue;
                        if (e == EAGAIN || e == EWOULDBLOCK)
                                return;
                        /* Out of fds or memory: the listener would wake us in a loop. */
                        accept_stop();
                        accept_timer = loop_timer_add(100, accept_later, NULL);
                        return;
                }
                sk->fd = fd;
                sk->ours = true;
                sk->deadline = loop_now_ms() + sock_timeout_ms(sk);
                sock_link(sk);
                if (n_socks >= cfg.max_conns)
                        evict_untrusted(sk);
                if (is_tls) {
                        hand_over(sk);
                        continue;
                }
                /* Edge-triggered: the bytes are peeked, not read, so a level-triggered
                 * watch would fire again at once. Registering reports bytes already in. */
                if (loop_add_fd(fd, EPOLLIN | EPOLLRDHUP | EPOLLET, on_first_bytes, sk) < 0)
                        sock_close_ours(sk);
        }
        accept_stop(); /* the table is full: the next ones wait in the backlog */
}

static void on_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
        struct sock *sk = *socket_context;

        if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
                int fd = mc_fd(mc);

                for (sk = socks; sk; sk = sk->next)
                        if (sk->handed && sk->fd == fd)
                                break;
                if (sk) {
                        sk->handed = false;
                        *socket_context = sk;
                }
                return;
        }
        need_run = true;
        if (!sk)
                return;
        sock_unlink(sk);
        free(sk);
        *socket_context = NULL;
        accept_more(); /* a slot is free */
}

size_t http_connection_count(void)
{
        return n_socks;
}

/* Cut the connections past their deadline; returns ms until the next one, or -1. */
static int cut_slow_clients(void)
{
        uint64_t now = loop_now_ms(), next = 0;

        if (!cfg.conn_timeout)
                return -1;
        for (struct sock *sk = socks, *after; sk; sk = after) {
                after = sk->next; /* sock_cut frees a connection MHD never saw */
                if (!sk->deadline || sk->cut || sk->handed || sk->fd < 0)
                        continue;
                if (sk->deadline <= now)
                        sock_cut(sk);
                else if (!next || sk->deadline < next) {
                        next = sk->deadline;
                }
        }
        return next ? (int)(next - now) : -1;
}

int http_before_sleep(void)
{
        MHD_UNSIGNED_LONG_LONG t;
        int cut_ms;

        cut_ms = cut_slow_clients();
        /* MHD's own epoll is edge-triggered: connections it has marked ready (a resumed
         * one, a pipelined request) make progress only in MHD_run, and MHD_get_timeout
         * says 0 while any is pending. So run it whenever it asks. */
        for (int i = 0; i < 64; i++) {
                if (!need_run && !rpc_has_deferred()) {
                        if (MHD_get_timeout(daemon_, &t) != MHD_YES || t > 0)
                                break;
                }
                need_run = false;
                rpc_run_deferred();
                MHD_run(daemon_);
        }
        /* Again: MHD_run may have accepted connections, whose deadlines (header_timeout)
         * can come before MHD's own timeout. */
        cut_ms = cut_slow_clients();
        if (need_run || rpc_has_deferred())
                return 0;
        if (MHD_get_timeout(daemon_, &t) == MHD_YES) {
                int ms = t > 1000000 ? 1000000 : (int)t;
                return cut_ms >= 0 && cut_ms < ms ? cut_ms : ms;
        }
        return cut_ms;
}

static bool addr_is_loopback(const struct sockaddr *sa)
{
        if (sa->sa_family == AF_INET) {
                const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
                return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
        }
        if (sa->sa_family == AF_INET6) {
                const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
                if (IN6_IS_ADDR_LOOPBACK(a))
                        return true;
                return IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127;
        }
        return false;
}

/* The Host values a client of this socket may send, and the URL it uses. `name` is the
 * host the user gave (NULL for an inherited socket). */
static void tcp_names(int fd, const char *name, char *url, size_t url_len)
{
        struct sockaddr_storage ss;
        socklen_t sl = sizeof(ss);
        char hbuf[NI_MAXHOST] = "", pbuf[NI_MAXSERV] = "";
        const char *scheme = is_tls ? "https" : "http";
        bool v6;

        if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
                getnameinfo((struct sockaddr *)&ss, sl, hbuf, sizeof(hbuf), pbuf, sizeof(pbuf),
                            NI_NUMERICHOST | NI_NUMERICSERV);
        v6 = ss.ss_family == AF_INET6;
        snprintf(url, url_len, "%s://%s%s%s:%s", scheme, v6 ? "[" : "", hbuf, v6 ? "]" : "",
                 pbuf);
        add_allowed_host("%s%s%s:%s", v6 ? "[" : "", hbuf, v6 ? "]" : "", pbuf);
        /* The loopback names a local client may use, and the name the user gave. */
        add_allowed_host("localhost:%s", pbuf);
        add_allowed_host("127.0.0.1:%s", pbuf);
        add_allowed_host("[::1]:%s", pbuf);
        if (name)
                add_allowed_host("%s%s%s:%s", strchr(name, ':') ? "[" : "", name,
                                 strchr(name, ':') ? "]" : "", pbuf);
        /* --allow-host: a name without a port means this port. */
        for (size_t i = 0; i < cfg.n_allow_hosts; i++) {
                const char *h = cfg.allow_hosts[i];
                const char *rb = strrchr(h, ']'), *colon = strrchr(h, ':');
                bool has_port = colon && (!rb || colon > rb) && (h[0] == '[' || !strchr(h, ':') ||
                                                                 colon == strchr(h, ':'));
                if (has_port)
                        add_allowed_host("%s", h);
                else
                        add_allowed_host("%s:%s", h, pbuf);
        }
}

/* Refuse a TCP socket that is not loopback unless remote access was allowed, and then
 * only with TLS (the token must not cross a network in clear). */
static int check_remote(int fd)
{
        struct sockaddr_storage ss;
        socklen_t sl = sizeof(ss);

        if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0)
                return -errno;
        if (addr_is_loopback((struct sockaddr *)&ss))
                return 0;
        if (!cfg.allow_remote)
                return -EPERM;
        if (!is_tls)
                return -ENOKEY;
        return 0;
}

/* "127.0.0.1:7777", "[::1]:7777", "localhost:7777" -> a listening socket. */
static int listen_tcp(const char *spec, int *ret_fd, char *url, size_t url_len)
{
        char host[256];
        const char *colon = strrchr(spec, ':'), *port;
        struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
        struct addrinfo *ai = NULL;
        int fd, one = 1, r;

        if (!colon || (size_t)(colon - spec) >= sizeof(host))
                return -EINVAL;
        memcpy(host, spec, (size_t)(colon - spec));
        host[colon - spec] = 0;
        port = colon + 1;
        if (host[0] == '[') { /* [::1] */
                size_t n = strlen(host);
                if (n < 2 || host[n - 1] != ']')
                        return -EINVAL;
                memmove(host, host + 1, n - 2);
                host[n - 2] = 0;
        }
        r = getaddrinfo(host, port, &hints, &ai);
        if (r != 0)
                return -EADDRNOTAVAIL;
        /* Refuse before binding: a remote address is never listened on unless allowed. */
        if (!addr_is_loopback(ai->ai_addr) && (!cfg.allow_remote || !is_tls)) {
                freeaddrinfo(ai);
                return !cfg.allow_remote ? -EPERM : -ENOKEY;
        }
        fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) {
                r = -errno;
                freeaddrinfo(ai);
                return r;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 128) < 0) {
                r = -errno;
                freeaddrinfo(ai);
                close(fd);
                return r;
        }
        freeaddrinfo(ai);
        tcp_names(fd, host, url, url_len);
        *ret_fd = fd;
        return 0;
}

static int listen_unix(const char *path, int *ret_fd, char *url, size_t url_len)
{
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct stat st;
        mode_t old;
        int fd, r;

        if (strlen(path) >= sizeof(sa.sun_path))
                return -ENAMETOOLONG;
        strcpy(sa.sun_path, path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return -errno;
        /* Replace a stale socket, never another kind of file. */
        if (lstat(path, &st) == 0) {
                if (!S_ISSOCK(st.st_mode)) {
                        close(fd);
                        return -EEXIST;
                }
                unlink(path);
        }
        old = umask(0177); /* the socket is born 0600: no window for other users */
        r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
        umask(old);
        if (r < 0 || listen(fd, 128) < 0) {
                r = -errno;
                close(fd);
                return r;
        }
        own_unix_path = true;
        snprintf(unix_path, sizeof(unix_path), "%s", path);
        if (have_group && (chown(path, (uid_t)-1, socket_gid) < 0 || chmod(path, 0660) < 0)) {
                r = -errno;
                close(fd);
                unlink(path);
                return r;
        }
        snprintf(url, url_len, "unix:%s", path);
        *ret_fd = fd;
        return 0;
}

/* An inherited socket (systemd): Unix or TCP, already bound and listening. */
static int adopt_socket(int fd, char *url, size_t url_len)
{
        struct sockaddr_storage ss;
        socklen_t sl = sizeof(ss);
        int r;

        if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0)
                return -errno;
        if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0 ||
            fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
                return -errno;
        if (ss.ss_family == AF_UNIX) {
                const struct sockaddr_un *su = (const struct sockaddr_un *)&ss;
                is_unix = true;
                int n = (int)sizeof(unix_path) - 1;
                snprintf(unix_path, sizeof(unix_path), "%.*s", n, su->sun_path);
                snprintf(url, url_len, "unix:%s", unix_path);
                return 0;
        }
        if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6)
                return -EAFNOSUPPORT;
        is_unix = false;
        r = check_remote(fd);
        if (r < 0)
                return r;
        tcp_names(fd, NULL, url, url_len);
        return 0;
}

int http_init(const struct http_config *c, char *url, size_t url_len)
{
        const union MHD_DaemonInfo *info;
        unsigned flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_NO_LISTEN_SOCKET;
        struct MHD_OptionItem tls_opts[3] = {
                { MHD_OPTION_END, 0, NULL }, { MHD_OPTION_END, 0, NULL },
                { MHD_OPTION_END, 0, NULL },
        };
        int fd = -1, r;

        cfg = *c;
        is_tls = c->tls_cert && c->tls_key;
        if (is_tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
                return -ENOTSUP;
        if (c->socket_group) {
                struct group *g = getgrnam(c->socket_group);
                if (!g)
                        return -ESRCH;
                socket_gid = g->gr_gid;
                have_group = true;
        }
        if (c->listen_fd >= 0) {
                fd = c->listen_fd;
                r = adopt_socket(fd, url, url_len);
        } else {
                is_unix = strncmp(c->listen, "unix:", 5) == 0;
                r = is_unix ? listen_unix(c->listen + 5, &fd, url, url_len)
                            : listen_tcp(c->listen, &fd, url, url_len);
        }
        if (r < 0)
                return r;
        if (is_unix)
                is_tls = false; /* a Unix socket never leaves the machine */
        if (is_tls) {
                flags |= MHD_USE_TLS;
                tls_opts[0] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0,
                                                       (void *)c->tls_key };
                tls_opts[1] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0,
                                                       (void *)c->tls_cert };
        }
        rpc_on_events(sse_on_events, NULL);
        daemon_ = MHD_start_daemon(
                flags, 0, NULL, NULL, on_request, NULL,
                MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
                MHD_OPTION_CONNECTION_LIMIT, c->max_conns, MHD_OPTION_CONNECTION_TIMEOUT,
                c->conn_timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
                MHD_OPTION_STRICT_FOR_CLIENT, is_unix ? 0 : 1,
                MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
        if (!daemon_) {
                if (c->listen_fd < 0)
                        close(fd);
                return -EIO;
        }
        info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_EPOLL_FD);
        if (!info)
                return -EIO;
        mhd_epfd = info->epoll_fd;
        r = loop_add_fd(mhd_epfd, EPOLLIN, on_mhd, NULL);
        if (r < 0)
                return r;
        listen_fd = fd;
        stopping = false;
        accept_more();
        if (!accepting)
                return -ENOMEM;
        need_run = true;
        return 0;
}

void http_done(void)
{
        rpc_on_events(NULL, NULL);
        stopping = true;
        accept_stop();
        loop_timer_cancel(accept_timer);
        accept_timer = NULL;
        for (struct sock *sk = socks, *after; sk; sk = after) {
                after = sk->next;
                if (sk->ours)
                        sock_close_ours(sk);
        }
        if (daemon_) {
                /* Streams end (their sessions are gone): let MHD finish them first. */
                for (struct sse *x = streams; x; x = x->next)
                        if (x->suspended)
                                sse_resume(x);
                for (int i = 0; i < 8 && streams; i++)
                        MHD_run(daemon_);
                loop_del_fd(mhd_epfd);
                MHD_stop_daemon(daemon_);
                daemon_ = NULL;
        }
        if (listen_fd >= 0)
                close(listen_fd); /* ours: MHD was started without a listening socket */
        listen_fd = -1;
        if (is_unix && own_unix_path && unix_path[0])
                unlink(unix_path);
        unix_path[0] = 0;
        for (size_t i = 0; i < n_allowed_hosts; i++)
                free(allowed_hosts[i]);
        n_allowed_hosts = 0;
}
