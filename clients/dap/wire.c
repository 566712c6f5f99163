/* wire.c — DAP framing (see wire.h). */
#include "wire.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int dap_feed(struct dap_reader *r, const char *data, size_t n)
{
        if (r->len + n > r->cap) {
                size_t cap = r->cap ? r->cap : 4096;
                char *nb;

                while (cap < r->len + n)
                        cap *= 2;
                nb = realloc(r->buf, cap);
                if (!nb)
                        return -1;
                r->buf = nb;
                r->cap = cap;
        }
        memcpy(r->buf + r->len, data, n);
        r->len += n;
        return 0;
}

/* The end of the header (the blank line), or NULL. */
static const char *header_end(const char *b, size_t len)
{
        for (size_t i = 0; i + 3 < len; i++)
                if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n')
                        return b + i + 4;
        return NULL;
}

int dap_next(struct dap_reader *r, json_t **ret)
{
        const char *body = header_end(r->buf ? r->buf : "", r->len), *line;
        long long length = -1;
        size_t hlen;
        json_t *msg;

        if (!body)
                return r->len > 8192 ? -1 : 0; /* a header is a few lines */
        hlen = (size_t)(body - r->buf);
        for (line = r->buf; line < body - 2;) {
                const char *eol = memchr(line, '\n', (size_t)(body - line));
                static const char key[] = "Content-Length:";

                if (!eol)
                        break;
                if ((size_t)(eol - line) > sizeof(key) - 1 &&
                    strncasecmp(line, key, sizeof(key) - 1) == 0) {
                        char *end;

                        length = strtoll(line + sizeof(key) - 1, &end, 10);
                        if (end == line + sizeof(key) - 1 || length < 0)
                                return -1;
                }
                line = eol + 1;
        }
        if (length < 0 || (unsigned long long)length > DAP_MAX_MESSAGE)
                return -1;
        if (r->len - hlen < (size_t)length)
                return 0;
        msg = json_loadb(body, (size_t)length, 0, NULL);
        memmove(r->buf, body + length, r->len - hlen - (size_t)length);
        r->len -= hlen + (size_t)length;
        if (!json_is_object(msg)) {
                json_decref(msg);
                return -1;
        }
        *ret = msg;
        return 1;
}

void dap_reader_free(struct dap_reader *r)
{
        free(r->buf);
        memset(r, 0, sizeof(*r));
}

int dap_write(FILE *out, json_t *msg)
{
        char *text = json_dumps(msg, JSON_COMPACT);
        int r;

        if (!text)
                return -1;
        r = fprintf(out, "Content-Length: %zu\r\n\r\n%s", strlen(text), text) < 0 ||
                            fflush(out) != 0
                    ? -1
                    : 0;
        free(text);
        return r;
}
