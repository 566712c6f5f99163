/* http.h — the HTTP transport: libmicrohttpd in external epoll mode inside our loop. */
#pragma once

#include <stddef.h>

struct http_config {
        const char *listen;     /* "HOST:PORT" (port 0: any free port) or "unix:PATH" */
        const char *token;      /* required on TCP; NULL on a Unix socket */
        size_t max_body;        /* bytes per request body (413 beyond) */
        unsigned max_conns;     /* simultaneous connections */
        unsigned conn_timeout;  /* seconds an idle connection may live */
};

/* Start listening. Writes the URL clients use ("http://127.0.0.1:7777" or
 * "unix:/path") into url. Returns 0 or -errno. */
int http_init(const struct http_config *cfg, char *url, size_t url_len);

/* Run libmicrohttpd's pending work; returns its timeout in ms (-1 for none). Called by
 * the loop before it sleeps. */
int http_before_sleep(void);

void http_done(void);
