/* quote.h: bytes from a file or a command line made safe to print. A model file's tensor name,
 * dtype or metadata value, a vocabulary symbol or an argument may hold terminal escapes (ESC [2J
 * clears the screen), a carriage return that forges a line, or invalid UTF-8; echoed as they are,
 * they reach the terminal. Every message that echoes such text goes through here:
 *   - printable ASCII and valid, printable UTF-8 are kept;
 *   - newline, carriage return and tab become \n, \r, \t;
 *   - other control bytes, C1 controls, bidirectional overrides, line separators and invalid UTF-8
 *     become \xNN, one per byte;
 *   - the text is cut at a character boundary (never inside a UTF-8 sequence or an escape), with
 *     "…" where it was cut. */
#ifndef S2S_QUOTE_H
#define S2S_QUOTE_H

#include <stddef.h>

#define QUOTE_MAX_CHARS 80 /* characters of a quoted value shown before "…" */

/* Big enough for QUOTE_MAX_CHARS characters of four bytes each (\xNN), the quotes and "…". */
typedef struct quoted {
    char s[QUOTE_MAX_CHARS * 4 + 8];
} quoted;

/* s in double quotes, escaped as above, with " and \ escaped too, at most QUOTE_MAX_CHARS
 * characters: printf("unknown dtype %s", quote_text(d).s). (The temporary lives until the end of
 * the full expression, so it can be used inside a call.) s NULL gives (none). */
quoted quote_text(const char *s);
/* The same for n bytes that may hold NUL bytes (a JSON string with \u0000 in it). */
quoted quote_bytes(const char *s, size_t n);

/* s escaped as above without the quotes (keeping " and \), at most QUOTE_MAX_CHARS characters:
 * a vocabulary symbol or a path in normal output. s NULL gives "". */
quoted text_safe(const char *s);

/* s (n bytes) escaped as above into out (cap > 4 bytes, always terminated), without quotes and
 * keeping " and \ (for a whole message that may already hold quoted values, and for token text in
 * normal output); cut to fit cap. Returns out. */
char *text_escape(char *out, size_t cap, const char *s, size_t n);

#endif
