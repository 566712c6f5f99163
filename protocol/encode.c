/* encode.c — hex, base64 and UTF-8 repair (see encode.h). */
#include "encode.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

char *encode_hex(const uint8_t *buf, size_t len)
{
        static const char digits[] = "0123456789abcdef";
        char *s = malloc(len * 2 + 1);

        if (!s)
                return NULL;
        for (size_t i = 0; i < len; i++) {
                s[2 * i] = digits[buf[i] >> 4];
                s[2 * i + 1] = digits[buf[i] & 15];
        }
        s[len * 2] = 0;
        return s;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *encode_base64(const uint8_t *buf, size_t len)
{
        char *s = malloc((len + 2) / 3 * 4 + 1), *p = s;

        if (!s)
                return NULL;
        for (size_t i = 0; i < len; i += 3) {
                uint32_t v = (uint32_t)buf[i] << 16;
                if (i + 1 < len)
                        v |= (uint32_t)buf[i + 1] << 8;
                if (i + 2 < len)
                        v |= buf[i + 2];
                *p++ = b64[(v >> 18) & 63];
                *p++ = b64[(v >> 12) & 63];
                *p++ = i + 1 < len ? b64[(v >> 6) & 63] : '=';
                *p++ = i + 2 < len ? b64[v & 63] : '=';
        }
        *p = 0;
        return s;
}

static int hexval(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

int decode_hex(const char *s, uint8_t **ret_buf, size_t *ret_len)
{
        size_t n = strlen(s);
        uint8_t *b;

        if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
                s += 2;
                n -= 2;
        }
        if (n % 2)
                return -EINVAL;
        b = malloc(n / 2 + 1);
        if (!b)
                return -ENOMEM;
        for (size_t i = 0; i < n / 2; i++) {
                int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
                if (hi < 0 || lo < 0) {
                        free(b);
                        return -EINVAL;
                }
                b[i] = (uint8_t)(hi << 4 | lo);
        }
        *ret_buf = b;
        *ret_len = n / 2;
        return 0;
}

/* The value of base64 digit c, -1 if c is not one. */
static int b64_value(unsigned char c)
{
        if (c >= 'A' && c <= 'Z')
                return c - 'A';
        if (c >= 'a' && c <= 'z')
                return c - 'a' + 26;
        if (c >= '0' && c <= '9')
                return c - '0' + 52;
        return c == '+' ? 62 : c == '/' ? 63 : -1;
}

int decode_base64(const char *s, uint8_t **ret_buf, size_t *ret_len)
{
        size_t n = strlen(s), out = 0;
        uint32_t acc = 0;
        int bits = 0;
        uint8_t *b = malloc(n / 4 * 3 + 3);

        if (!b)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                int v;

                if (s[i] == '=') {
                        for (size_t j = i; j < n; j++)
                                if (s[j] != '=')
                                        goto bad;
                        break;
                }
                v = b64_value((unsigned char)s[i]);
                if (v < 0)
                        goto bad;
                acc = acc << 6 | (uint32_t)v;
                bits += 6;
                if (bits >= 8) {
                        bits -= 8;
                        b[out++] = (uint8_t)(acc >> bits);
                }
        }
        *ret_buf = b;
        *ret_len = out;
        return 0;
bad:
        free(b);
        return -EINVAL;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t left)
{
        unsigned char c = p[0];
        size_t n;
        uint32_t cp;

        if (c < 0x80)
                return 1;
        if (c >= 0xC2 && c <= 0xDF)
                n = 2, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
                n = 3, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
                n = 4, cp = c & 0x07;
        else
                return 0;
        if (n > left)
                return 0;
        for (size_t i = 1; i < n; i++) {
                if ((p[i] & 0xC0) != 0x80)
                        return 0;
                cp = cp << 6 | (p[i] & 0x3F);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
                return 0;
        return n;
}

char *encode_utf8_repair(const char *buf, size_t len, size_t *ret_len)
{
        const unsigned char *p = (const unsigned char *)buf;
        char *s = malloc(len * 3 + 1), *o = s;

        if (!s)
                return NULL;
        for (size_t i = 0; i < len;) {
                size_t n = utf8_seq(p + i, len - i);

                if (n == 0) { /* U+FFFD REPLACEMENT CHARACTER */
                        memcpy(o, "\xEF\xBF\xBD", 3);
                        o += 3;
                        i++;
                        continue;
                }
                memcpy(o, p + i, n);
                o += n;
                i += n;
        }
        *o = 0;
        *ret_len = (size_t)(o - s);
        return s;
}
