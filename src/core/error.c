/* error.c: formatting of s2s_error messages. */
#define _POSIX_C_SOURCE 200809L
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/quote.h"

int s2s_fail(s2s_error *err, const char *fmt, ...) {
    if (!err) return -1;
    char raw[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    /* whatever the message echoes (a path, a name from a file) reaches a terminal safely */
    size_t len = n < 0 ? 0 : (size_t)n < sizeof raw ? (size_t)n : sizeof raw - 1;
    text_escape(err->msg, sizeof err->msg, raw, len);
    return -1;
}

int s2s_fail_prefix(s2s_error *err, const char *fmt, ...) {
    if (!err) return -1;
    char prefix[256];
    va_list ap;
    va_start(ap, fmt);
    char raw[sizeof prefix];
    int n = vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    text_escape(prefix, sizeof prefix, raw, n < 0 ? 0 : (size_t)n < sizeof raw ? (size_t)n : sizeof raw - 1);
    /* shift the old message right by the prefix, truncating its end if it no longer fits */
    size_t cap = sizeof err->msg, plen = strlen(prefix), olen = strnlen(err->msg, cap - 1);
    if (plen > cap - 1) plen = cap - 1;
    if (plen + olen > cap - 1) {
        olen = cap - 1 - plen;
        while (olen > 0 && ((unsigned char)err->msg[olen] & 0xC0) == 0x80) olen--; /* not inside a character */
    }
    memmove(err->msg + plen, err->msg, olen);
    memcpy(err->msg, prefix, plen);
    err->msg[plen + olen] = '\0';
    return -1;
}
