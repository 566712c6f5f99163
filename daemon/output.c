/* output.c — the rings behind `output` (see output.h). The ring is linear until it
 * reaches cap: hello world costs a few bytes, a flood costs cap. */
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void output_ring_init(struct output_ring *r, size_t cap)
{
        memset(r, 0, sizeof(*r));
        r->cap = cap;
}

void output_ring_free(struct output_ring *r)
{
        free(r->buf);
        r->buf = NULL;
        r->alloc = 0;
}

static size_t kept(const struct output_ring *r)
{
        return r->total < r->cap ? (size_t)r->total : r->cap;
}

int output_ring_append(struct output_ring *r, const char *data, size_t len)
{
        if (r->cap == 0)
                goto count;
        if (len > r->cap) { /* only the tail survives */
                r->total += len - r->cap;
                data += len - r->cap;
                len = r->cap;
        }
        if (r->alloc < r->cap && r->total + len > r->alloc) {
                size_t want = r->alloc ? r->alloc : 4096;
                while (want < r->total + len && want < r->cap)
                        want *= 2;
                if (want > r->cap)
                        want = r->cap;
                char *nb = realloc(r->buf, want);
                if (!nb)
                        return -ENOMEM;
                r->buf = nb;
                r->alloc = want;
        }
        /* Until the buffer is full the ring is linear, so position = total % alloc
         * holds in both phases (alloc == cap once it wraps). */
        for (size_t done = 0; done < len;) {
                size_t pos = (size_t)(r->total % r->alloc);
                size_t n = r->alloc - pos;
                if (n > len - done)
                        n = len - done;
                memcpy(r->buf + pos, data + done, n);
                done += n;
                r->total += n;
        }
        return 0;
count:
        r->total += len;
        return 0;
}

size_t output_ring_room(const struct output_ring *r)
{
        uint64_t unread = r->total - r->read;

        if (!r->block)
                return SIZE_MAX;
        return unread >= r->cap ? 0 : r->cap - (size_t)unread;
}

void output_ring_mark_read(struct output_ring *r, uint64_t upto)
{
        if (upto > r->total)
                upto = r->total;
        if (upto > r->read)
                r->read = upto;
}

int output_ring_read(const struct output_ring *r, uint64_t from, char **ret_buf,
                     size_t *ret_len, uint64_t *ret_start)
{
        uint64_t oldest = r->total - kept(r);
        size_t len;
        char *b;

        if (from < oldest)
                from = oldest;
        if (from > r->total)
                from = r->total;
        len = (size_t)(r->total - from);
        b = malloc(len + 1);
        if (!b)
                return -ENOMEM;
        for (size_t done = 0; done < len;) {
                size_t pos = (size_t)((from + done) % r->alloc);
                size_t n = r->alloc - pos;
                if (n > len - done)
                        n = len - done;
                memcpy(b + done, r->buf + pos, n);
                done += n;
        }
        b[len] = 0;
        *ret_buf = b;
        *ret_len = len;
        *ret_start = from;
        return 0;
}
