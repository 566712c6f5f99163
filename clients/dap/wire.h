/* wire.h — the Debug Adapter Protocol's framing: each message is a JSON object after a
 * header, "Content-Length: N\r\n\r\n" (other header lines are allowed and ignored).
 * Pure: bytes in, messages out, so that it is unit-tested. */
#pragma once

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

/* Bytes received and not yet taken as messages. */
struct dap_reader {
        char *buf;
        size_t len, cap;
};

/* A message body larger than this is refused (the adapter then stops). */
#define DAP_MAX_MESSAGE (16u << 20)

/* Append n received bytes. Returns 0 or -1 (out of memory). */
int dap_feed(struct dap_reader *r, const char *data, size_t n);

/* The next whole message: 1 with a new reference in *ret, 0 when more bytes are
 * needed, -1 on a malformed header or body (too long, no length, not a JSON object). */
int dap_next(struct dap_reader *r, json_t **ret);

void dap_reader_free(struct dap_reader *r);

/* Write msg with its header to out and flush. Returns 0 or -1. */
int dap_write(FILE *out, json_t *msg);
