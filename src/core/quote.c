/* quote.c: see quote.h. */
#include "core/quote.h"

#include <stdio.h>
#include <string.h>

#include "core/util.h"

/* The length of the valid UTF-8 character at s (n bytes left; never read past them), or 0, with
 * its code point in *cp: core/util.h's reader on a terminated copy of at most four bytes. */
static int utf8_valid(const unsigned char *s, size_t n, unsigned *cp) {
    char win[5] = {0};
    memcpy(win, s, n < 4 ? n : 4);
    int len = utf8_valid_len(win);
    const char *p = win;
    *cp = utf8_next(&p);
    return len;
}

/* Code points that move the cursor, change direction or break lines although they are valid. */
static int invisible_control(unsigned c) {
    return (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
           c == 0x2028 || c == 0x2029 || c == 0x200E || c == 0x200F || c == 0x061C;
}

/* Escapes s (n bytes) into out (cap bytes), at most max_chars characters; quote: inside "..." (and
 * escape " and \). Stops at a character boundary when the next one would not fit, ending with "…". */
static void escape(char *out, size_t cap, const char *str, size_t n, int quote, int max_chars) {
    static const char ellipsis[] = "\xE2\x80\xA6"; /* … */
    const unsigned char *s = (const unsigned char *)str;
    size_t o = 0, room = cap - 1 - (quote ? 1 : 0) - (sizeof ellipsis - 1); /* always room to close */
    if (quote) out[o++] = '"';
    int chars = 0;
    size_t i = 0;
    while (i < n) {
        char unit[16];
        size_t ulen, step = 1;
        unsigned cp = 0;
        int len = s[i] >= 0x80 ? utf8_valid(s + i, n - i, &cp) : 0;
        if (len > 0 && !invisible_control(cp)) {
            memcpy(unit, s + i, (size_t)len);
            ulen = (size_t)len;
            step = (size_t)len;
        } else if (len > 0) { /* a valid but invisible control: each of its bytes */
            ulen = 0;
            for (int k = 0; k < len; k++) ulen += (size_t)snprintf(unit + ulen, sizeof unit - ulen, "\\x%02X", s[i + k]);
            step = (size_t)len;
        } else if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
            unit[0] = '\\';
            unit[1] = s[i] == '\n' ? 'n' : s[i] == '\r' ? 'r' : 't';
            ulen = 2;
        } else if (quote && (s[i] == '"' || s[i] == '\\')) {
            unit[0] = '\\';
            unit[1] = (char)s[i];
            ulen = 2;
        } else if (s[i] >= 0x20 && s[i] < 0x7F) {
            unit[0] = (char)s[i];
            ulen = 1;
        } else { /* a control byte or a byte that starts no valid UTF-8 */
            ulen = (size_t)snprintf(unit, sizeof unit, "\\x%02X", s[i]);
        }
        if (chars == max_chars || o + ulen > room) {
            memcpy(out + o, ellipsis, sizeof ellipsis - 1);
            o += sizeof ellipsis - 1;
            break;
        }
        memcpy(out + o, unit, ulen);
        o += ulen;
        i += step;
        chars++;
    }
    if (quote) out[o++] = '"';
    out[o] = '\0';
}

quoted quote_bytes(const char *s, size_t n) {
    quoted q;
    escape(q.s, sizeof q.s, s, n, 1, QUOTE_MAX_CHARS);
    return q;
}

quoted quote_text(const char *s) {
    if (!s) {
        quoted q = {"(none)"};
        return q;
    }
    return quote_bytes(s, strlen(s));
}

quoted text_safe(const char *s) {
    quoted q;
    escape(q.s, sizeof q.s, s ? s : "", s ? strlen(s) : 0, 0, QUOTE_MAX_CHARS);
    return q;
}

char *text_escape(char *out, size_t cap, const char *s, size_t n) {
    escape(out, cap, s, n, 0, 0x7fffffff);
    return out;
}
