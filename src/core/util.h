/* util.h: the small helpers every layer uses, in one place: the length of a fixed array, growing a
 * heap array by doubling, and walking UTF-8 text (the program shows and types text in any
 * script, and must never split a character or trust bytes from a file). No SDL, no state. */
#ifndef S2S_UTIL_H
#define S2S_UTIL_H

#include <stddef.h>

/* The number of elements of a fixed-size array (not a pointer). */
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Grows *buf (of *cap elements of elem bytes) so it holds at least need elements: the capacity
 * doubles from first (or from *cap), so appending is amortized O(1) and, once warm, allocation
 * free. Returns 0, or -1 when out of memory (then *buf and *cap are unchanged and still valid). */
int array_grow(void **buf, size_t *cap, size_t need, size_t elem, size_t first);

/* ---- UTF-8 ------------------------------------------------------------------------------------- */

/* The length (1..4) of the well-formed UTF-8 character at s, or 0 when s starts none: a stray
 * continuation byte, an overlong form, a surrogate, a code point above U+10FFFF, a sequence cut by
 * the end of the string, or the end of the string itself. */
int utf8_valid_len(const char *s);
/* Decodes the character at *s and moves *s past it. A byte that starts no valid character decodes
 * as U+FFFD and is skipped alone, so every byte is consumed and a loop always ends. */
unsigned utf8_next(const char **s);
/* Where the character before byte offset i of s starts (0 when i is 0): steps back over
 * continuation bytes, at most three. */
size_t utf8_prev(const char *s, size_t i);
/* The largest n' <= n that does not cut a character of s in two (s holds at least n bytes). */
size_t utf8_cut(const char *s, size_t n);
/* The number of characters in s (invalid bytes count one each). */
size_t utf8_count(const char *s);

#endif
