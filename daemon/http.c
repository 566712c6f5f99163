/* http.c — the only file that includes microhttpd.h.
 *
 * libmicrohttpd runs without threads of its own (MHD_USE_EPOLL, its epoll fd inside
 * ours), so every callback runs on the engine thread. POST /rpc bodies are collected
 * (counting bytes ourselves: MHD bounds headers, not bodies), handed to rpc_submit, and
 * when a call waits the connection is suspended until its response is ready. While
 * suspended, MHD does not watch the socket, so we watch it for a hang-up and withdraw
 * the request when the client goes away.
 *
 * Refused before any JSON is read: other paths (404), other methods (405), a Host that
 * is not ours (403, DNS rebinding), an Origin that is not ours (403, cross-site
 * requests from web pages), a missing Host (400), repeated Host /
 * Content-Length / Authorization headers (400), a missing or wrong bearer token (401),
 * a content type other than application/json (415), a body over the limit (413). */
#include "http.h"

#include "loop.h"
#include "rpc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
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
        bool abandoned;         /* the client hung up while suspended */
        int watch_fd;           /* the socket, watched while suspended */
};

static struct MHD_Daemon *daemon_;
static struct http_config cfg;
static bool is_unix;
static char unix_path[108];
static char allowed_hosts[5][NI_MAXHOST + 300];
static int mhd_epfd = -1;
static bool need_run;

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

static enum MHD_Result send_body(struct MHD_Connection *mc, unsigned status, char *body,
                                 size_t len)
{
        struct MHD_Response *resp;
        enum MHD_Result ret;

        resp = MHD_create_response_from_buffer(len, body, body ? MHD_RESPMEM_MUST_FREE
                                                               : MHD_RESPMEM_PERSISTENT);
        if (!resp) {
                free(body);
                return MHD_NO;
        }
        if (body)
                MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
        if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
                MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "POST");
        if (status == MHD_HTTP_UNAUTHORIZED)
                MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
        ret = MHD_queue_response(mc, status, resp);
        MHD_destroy_response(resp);
        return ret;
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
        for (size_t i = 0; i < sizeof(allowed_hosts) / sizeof(allowed_hosts[0]); i++)
                if (allowed_hosts[i][0] && strcasecmp(host, allowed_hosts[i]) == 0)
                        return true;
        return false;
}

/* A browser sends Origin on cross-site requests: only our own origins pass (an
 * allow-list for web front ends on other origins is a later, explicit option). */
static bool origin_allowed(const char *origin)
{
        if (strncmp(origin, "http://", 7) != 0)
                return false;
        return host_allowed(origin + 7);
}

static bool content_type_json(const char *ct)
{
        size_t n = strlen("application/json");

        if (!ct || strncasecmp(ct, "application/json", n) != 0)
                return false;
        return ct[n] == 0 || ct[n] == ';' || ct[n] == ' ';
}

static bool peer_is_us(struct MHD_Connection *mc)
{
        const union MHD_ConnectionInfo *ci =
                MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct ucred cred;
        socklen_t len = sizeof(cred);

        if (!ci || getsockopt(ci->connect_fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
                return false;
        return cred.uid == geteuid();
}

/* Checks made once the headers are in. Returns 0 or the HTTP status to refuse with. */
static unsigned check_headers(struct MHD_Connection *mc, const char *url, const char *method,
                              const char **why)
{
        struct header_count hc = { 0 };
        const char *v;

        if (strcmp(url, "/rpc") != 0) {
                *why = "no such resource: POST JSON-RPC to /rpc";
                return MHD_HTTP_NOT_FOUND;
        }
        if (strcmp(method, "POST") != 0) {
                *why = "only POST is allowed on /rpc";
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
                v = MHD_lookup_connection_value(mc, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_AUTHORIZATION);
                if (!v || strncmp(v, "Bearer ", 7) != 0 || !ct_equal(v + 7, cfg.token)) {
                        *why = "a valid bearer token is required (Authorization: Bearer ...)";
                        return MHD_HTTP_UNAUTHORIZED;
                }
        }
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

static void unwatch(struct conn *c)
{
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

        /* Withdraw the waiting calls; MHD sees the closed socket once resumed. */
        rpc_request_cancel(c->req);
        c->req = NULL;
        c->abandoned = true;
        resume(c);
}

static void on_rpc_done(void *userdata, char *body, size_t len)
{
        struct conn *c = userdata;

        c->resp = body;
        c->resp_len = len;
        c->resp_ready = true;
        c->req = NULL;
        if (c->suspended)
                resume(c);
}

static void suspend(struct conn *c)
{
        const union MHD_ConnectionInfo *ci =
                MHD_get_connection_info(c->mc, MHD_CONNECTION_INFO_CONNECTION_FD);

        MHD_suspend_connection(c->mc);
        c->suspended = true;
        if (ci && loop_add_fd(ci->connect_fd, EPOLLRDHUP, on_hangup, c) == 0)
                c->watch_fd = ci->connect_fd;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
        struct conn *c = *con_cls;

        if (!c) {
                const char *why = NULL;
                unsigned status = check_headers(mc, url, method, &why);

                if (status)
                        return refuse(mc, status, why);
                c = calloc(1, sizeof(*c));
                if (!c)
                        return MHD_NO;
                c->mc = mc;
                c->watch_fd = -1;
                *con_cls = c;
                return MHD_YES;
        }
        if (*upload_data_size) {
                size_t n = *upload_data_size;

                *upload_data_size = 0;
                if (c->too_big || c->len + n > cfg.max_body) {
                        c->too_big = true; /* keep reading, answer 413 at the end */
                        return MHD_YES;
                }
                if (c->len + n > c->cap) {
                        size_t cap = c->cap ? c->cap : 4096;
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
        if (c->too_big)
                return refuse(mc, MHD_HTTP_CONTENT_TOO_LARGE,
                              "the body is larger than the limit (--max-body)");
        if (!c->submitted) {
                c->submitted = true;
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

static void on_completed(void *cls, struct MHD_Connection *mc, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
        struct conn *c = *con_cls;

        if (!c)
                return;
        unwatch(c);
        rpc_request_cancel(c->req);
        free(c->resp);
        free(c->body);
        free(c);
        *con_cls = NULL;
}

static void on_mhd(int fd, uint32_t events, void *data)
{
        need_run = true;
}

int http_before_sleep(void)
{
        MHD_UNSIGNED_LONG_LONG t;

        /* MHD's own epoll is edge-triggered: connections it has marked ready (a resumed
         * one, a pipelined request) make progress only in MHD_run, and MHD_get_timeout
         * says 0 while any is pending. So run it whenever it asks. */
        for (int i = 0; i < 64; i++) {
                if (!need_run) {
                        if (MHD_get_timeout(daemon_, &t) != MHD_YES || t > 0)
                                break;
                }
                need_run = false;
                rpc_run_deferred();
                MHD_run(daemon_);
        }
        if (need_run)
                return 0;
        if (MHD_get_timeout(daemon_, &t) == MHD_YES)
                return t > 1000000 ? 1000000 : (int)t;
        return -1;
}

/* "127.0.0.1:7777", "[::1]:7777", "localhost:7777" -> a listening socket. */
static int listen_tcp(const char *spec, int *ret_fd, char *url, size_t url_len)
{
        char host[256];
        const char *colon = strrchr(spec, ':'), *port;
        struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
        struct addrinfo *ai = NULL;
        struct sockaddr_storage ss;
        socklen_t sl = sizeof(ss);
        char hbuf[NI_MAXHOST], pbuf[NI_MAXSERV];
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
        fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) {
                r = -errno;
                freeaddrinfo(ai);
                return r;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 128) < 0 ||
            getsockname(fd, (struct sockaddr *)&ss, &sl) < 0) {
                r = -errno;
                freeaddrinfo(ai);
                close(fd);
                return r;
        }
        freeaddrinfo(ai);
        getnameinfo((struct sockaddr *)&ss, sl, hbuf, sizeof(hbuf), pbuf, sizeof(pbuf),
                    NI_NUMERICHOST | NI_NUMERICSERV);
        if (ss.ss_family == AF_INET6) {
                snprintf(url, url_len, "http://[%s]:%s", hbuf, pbuf);
                snprintf(allowed_hosts[0], sizeof(allowed_hosts[0]), "[%s]:%s", hbuf, pbuf);
        } else {
                snprintf(url, url_len, "http://%s:%s", hbuf, pbuf);
                snprintf(allowed_hosts[0], sizeof(allowed_hosts[0]), "%s:%s", hbuf, pbuf);
        }
        /* The loopback names a local client may use, and the name the user gave. */
        snprintf(allowed_hosts[1], sizeof(allowed_hosts[1]), "localhost:%s", pbuf);
        snprintf(allowed_hosts[2], sizeof(allowed_hosts[2]), "127.0.0.1:%s", pbuf);
        snprintf(allowed_hosts[3], sizeof(allowed_hosts[3]), "[::1]:%s", pbuf);
        snprintf(allowed_hosts[4], sizeof(allowed_hosts[4]), "%s%s%s:%s",
                 strchr(host, ':') ? "[" : "", host, strchr(host, ':') ? "]" : "", pbuf);
        *ret_fd = fd;
        return 0;
}

static int listen_unix(const char *path, int *ret_fd, char *url, size_t url_len)
{
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        mode_t old;
        int fd, r;

        if (strlen(path) >= sizeof(sa.sun_path))
                return -ENAMETOOLONG;
        strcpy(sa.sun_path, path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return -errno;
        unlink(path);
        old = umask(0177); /* the socket is born 0600: no window for other users */
        r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
        umask(old);
        if (r < 0 || listen(fd, 128) < 0) {
                r = -errno;
                close(fd);
                return r;
        }
        snprintf(unix_path, sizeof(unix_path), "%s", path);
        snprintf(url, url_len, "unix:%s", path);
        *ret_fd = fd;
        return 0;
}

int http_init(const struct http_config *c, char *url, size_t url_len)
{
        const union MHD_DaemonInfo *info;
        int fd = -1, r;

        cfg = *c;
        is_unix = strncmp(c->listen, "unix:", 5) == 0;
        r = is_unix ? listen_unix(c->listen + 5, &fd, url, url_len)
                    : listen_tcp(c->listen, &fd, url, url_len);
        if (r < 0)
                return r;
        daemon_ = MHD_start_daemon(
                MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL, on_request, NULL,
                MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                MHD_OPTION_CONNECTION_LIMIT, c->max_conns, MHD_OPTION_CONNECTION_TIMEOUT,
                c->conn_timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
                MHD_OPTION_STRICT_FOR_CLIENT, is_unix ? 0 : 1, MHD_OPTION_END);
        if (!daemon_) {
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
        need_run = true;
        return 0;
}

void http_done(void)
{
        if (!daemon_)
                return;
        loop_del_fd(mhd_epfd);
        MHD_stop_daemon(daemon_);
        daemon_ = NULL;
        if (is_unix && unix_path[0])
                unlink(unix_path);
}
