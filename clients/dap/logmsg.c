/* logmsg.c — a logpoint's message (see logmsg.h). */
#include "logmsg.h"

#include <stdlib.h>
#include <string.h>

struct out {
        char *buf;
        size_t len;
};

/* Append n bytes, silently cut at LOGMSG_MAX (a message is for reading, not a log
 * of megabytes: a huge array's value would otherwise fill the editor's console). */
static void put(struct out *o, const char *s, size_t n)
{
        if (o->len + n > LOGMSG_MAX)
                n = LOGMSG_MAX - o->len;
        memcpy(o->buf + o->len, s, n);
        o->len += n;
}

/* The "}" that closes the "{" at s[0], braces nesting; NULL when none does. */
static const char *closing(const char *s)
{
        int depth = 0;

        for (; *s; s++) {
                if (*s == '{')
                        depth++;
                else if (*s == '}' && --depth == 0)
                        return s;
        }
        return NULL;
}

char *logmsg_expand(const char *tmpl, logmsg_eval_fn eval, void *data)
{
        struct out o = { malloc(LOGMSG_MAX + 1), 0 };
        const char *s = tmpl;

        if (!o.buf)
                return NULL;
        while (*s && o.len < LOGMSG_MAX) {
                const char *end;

                if (s[0] == '\\' && (s[1] == '{' || s[1] == '}')) {
                        put(&o, s + 1, 1);
                        s += 2;
                        continue;
                }
                if (s[0] != '{' || !(end = closing(s)) || end == s + 1 ||
                    (size_t)(end - s - 1) >= LOGMSG_EXPR_MAX) {
                        put(&o, s, 1);
                        s++;
                        continue;
                }
                {
                        char expr[LOGMSG_EXPR_MAX], value[4096];

                        memcpy(expr, s + 1, (size_t)(end - s - 1));
                        expr[end - s - 1] = 0;
                        value[0] = 0;
                        eval(expr, value, sizeof(value), data);
                        value[sizeof(value) - 1] = 0;
                        put(&o, value, strlen(value));
                }
                s = end + 1;
        }
        o.buf[o.len] = 0;
        return o.buf;
}
