/* http.h — the HTTP transport: libmicrohttpd in external epoll mode inside our loop. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct http_config {
        const char *listen;     /* "HOST:PORT" (port 0: any free port) or "unix:PATH" */
        int listen_fd;          /* >= 0: an inherited listening socket (systemd socket
                                 * activation); listen is then ignored */
        const char *token;      /* required on TCP; unused on a Unix socket */
        const char *socket_group; /* Unix socket: also let this group's members in (the
                                   * socket becomes 0660), NULL: the owner only (0600) */
        bool allow_remote;      /* a TCP address other than loopback may be used */
        const char *tls_cert;   /* PEM text; both set: HTTPS (required when remote) */
        const char *tls_key;
        const char *const *allow_origins; /* extra Origins allowed, with CORS headers */
        size_t n_allow_origins;
        const char *const *allow_hosts;   /* extra Host header values allowed */
        size_t n_allow_hosts;
        size_t max_body;        /* bytes per request body (413 beyond) */
        unsigned max_conns;     /* simultaneous connections */
        unsigned conn_timeout;  /* seconds: an idle connection is closed, and a request
                                 * (headers and body) must arrive whole within it */
        unsigned header_timeout; /* seconds: the same, shorter, for connections that
                                  * have sent no authenticated request yet */
};

/* Start listening. Writes the URL clients use ("http://127.0.0.1:7777",
 * "https://host:7777" or "unix:/path") into url. Returns 0, -errno, or -EPERM for a
 * remote address without allow_remote, -ENOKEY for a remote address without TLS,
 * -ENOTSUP when libmicrohttpd lacks TLS. */
int http_init(const struct http_config *cfg, char *url, size_t url_len);

/* Run libmicrohttpd's pending work and cut connections past their deadline; returns the
 * time until the next work in ms (-1 for none). Called by the loop before it sleeps. */
int http_before_sleep(void);

/* Connections currently open (for tests and stats). */
size_t http_connection_count(void);

void http_done(void);
