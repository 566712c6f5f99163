/* output.h — bounded capture of a tracee's stdout/stderr. A ring keeps the last `cap`
 * bytes of a stream; offsets count every byte ever written, so a reader that falls
 * behind learns how much it missed. Memory grows only as output arrives. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct output_ring {
        char *buf;
        size_t cap;       /* limit */
        size_t alloc;     /* allocated bytes, <= cap */
        uint64_t total;   /* bytes ever appended */
        bool eof;
};

void output_ring_init(struct output_ring *r, size_t cap);
void output_ring_free(struct output_ring *r);
/* Append, dropping the oldest bytes beyond cap. Returns 0 or -ENOMEM. */
int output_ring_append(struct output_ring *r, const char *data, size_t len);
/* Copy bytes from absolute offset `from` (clamped to the oldest kept) into a new malloc'd
 * buffer. *ret_start is the offset actually used. Returns 0 or -ENOMEM. */
int output_ring_read(const struct output_ring *r, uint64_t from, char **ret_buf,
                     size_t *ret_len, uint64_t *ret_start);
