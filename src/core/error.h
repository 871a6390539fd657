/* error.h: how library code reports failure. It never exits: it returns -1 and fills an s2s_error
 * with one message that names the problem; the caller decides what to do with it. */
#ifndef S2S_ERROR_H
#define S2S_ERROR_H

#include <stddef.h>

typedef struct s2s_error {
    char msg[512];
} s2s_error;

/* Formats the message into err (which may be NULL) and returns -1, so `return s2s_fail(...)` reads
 * as the failure path. The message is made safe to print (core/quote.h: control bytes and invalid
 * UTF-8 escaped, cut at a character boundary); a value it echoes should still be quoted with
 * quote_text so that its length is bounded and the rest of the message survives. */
int s2s_fail(s2s_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prefixes an existing message ("model.safetensors: " + msg) and returns -1. */
int s2s_fail_prefix(s2s_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
