/* encode.h — bytes <-> text for the wire: hex, base64, and UTF-8 repair for tracee
 * output (jansson refuses invalid UTF-8: FACTS.md). Pure; shared by dbgd and dbgctl. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* New malloc'd NUL-terminated strings, NULL on ENOMEM. */
char *encode_hex(const uint8_t *buf, size_t len);
char *encode_base64(const uint8_t *buf, size_t len);
/* Invalid UTF-8 sequences become U+FFFD (NULs are kept: use json_stringn).
 * *ret_len gets the output length. */
char *encode_utf8_repair(const char *buf, size_t len, size_t *ret_len);

/* Decode into a new malloc'd buffer. Returns 0, -EINVAL on bad input, -ENOMEM. */
int decode_hex(const char *s, uint8_t **ret_buf, size_t *ret_len);
int decode_base64(const char *s, uint8_t **ret_buf, size_t *ret_len);
