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
        /* Lossless (spawn's output_block): nothing is dropped; instead the ring has no
         * room once cap bytes are not yet read (offsets below `read` are). */
        bool block;
        uint64_t read;
};

void output_ring_init(struct output_ring *r, size_t cap);
void output_ring_free(struct output_ring *r);
/* Append, dropping the oldest bytes beyond cap. Returns 0 or -ENOMEM. */
int output_ring_append(struct output_ring *r, const char *data, size_t len);
/* How many bytes may be appended without dropping unread ones: SIZE_MAX for a ring that
 * drops (it always has room). */
size_t output_ring_room(const struct output_ring *r);
/* A reader has had every byte before `upto`. */
void output_ring_mark_read(struct output_ring *r, uint64_t upto);
/* Copy bytes from absolute offset `from` (clamped to the oldest kept) into a new malloc'd
 * buffer. *ret_start is the offset actually used. Returns 0 or -ENOMEM. */
int output_ring_read(const struct output_ring *r, uint64_t from, char **ret_buf,
                     size_t *ret_len, uint64_t *ret_start);
