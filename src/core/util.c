/* util.c: see util.h. */
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>

int array_grow(void **buf, size_t *cap, size_t need, size_t elem, size_t first) {
    if (need <= *cap) return 0;
    size_t ncap = *cap ? *cap : first ? first : 1;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elem) return -1;
        ncap *= 2;
    }
    void *p = realloc(*buf, ncap * elem);
    if (!p) return -1;
    *buf = p;
    *cap = ncap;
    return 0;
}

static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

int utf8_valid_len(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    unsigned c = p[0];
    if (c == 0) return 0;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return is_cont(p[1]) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!is_cont(p[1]) || !is_cont(p[2])) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;  /* overlong */
        if (c == 0xED && p[1] >= 0xA0) return 0; /* UTF-16 surrogates */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!is_cont(p[1]) || !is_cont(p[2]) || !is_cont(p[3])) return 0;
        if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90)) return 0; /* overlong, > U+10FFFF */
        return 4;
    }
    return 0; /* a continuation byte, C0/C1 (overlong) or F5..FF */
}

unsigned utf8_next(const char **s) {
    const unsigned char *p = (const unsigned char *)*s;
    int n = utf8_valid_len(*s);
    if (n == 0) {
        if (*p) (*s)++;
        return *p ? 0xFFFDu : 0u;
    }
    static const unsigned lead_mask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    unsigned c = p[0] & lead_mask[n];
    for (int i = 1; i < n; i++) c = (c << 6) | (p[i] & 0x3Fu);
    *s += n;
    return c;
}

size_t utf8_prev(const char *s, size_t i) {
    if (i == 0) return 0;
    size_t j = i - 1;
    for (int k = 0; k < 3 && j > 0 && is_cont((unsigned char)s[j]); k++) j--;
    return j;
}

size_t utf8_cut(const char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        int len = utf8_valid_len(s + i);
        if (len == 0) len = 1; /* an invalid byte stands alone */
        if (i + (size_t)len > n) break;
        i += (size_t)len;
    }
    return i;
}

size_t utf8_count(const char *s) {
    size_t n = 0;
    for (const char *p = s; *p; n++) utf8_next(&p);
    return n;
}
