/* png_text.c: see png_text.h. A PNG is an 8-byte signature and chunks: length (4 bytes, big
 * endian), type (4), data (length), CRC-32 of type + data (4). IHDR is always the first chunk. */
#include "core/png_text.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

static uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n) {
    crc = ~crc;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

static uint32_t get_be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* The offset just past IHDR, or 0 when data does not start like a PNG. */
static size_t after_ihdr(const unsigned char *data, size_t len) {
    if (len < 8 + 12 + 13 || memcmp(data, png_signature, 8) != 0 || memcmp(data + 12, "IHDR", 4) != 0) return 0;
    uint32_t n = get_be32(data + 8);
    return n == 13 ? 8 + 12 + 13 : 0;
}

int png_find_text(const unsigned char *data, size_t len, const char *keyword, char *out, size_t cap) {
    size_t at = after_ihdr(data, len), klen = strlen(keyword);
    if (!at || cap == 0) return -1;
    while (at + 12 <= len) {
        uint32_t n = get_be32(data + at);
        if (n > len - at - 12) return -1; /* truncated */
        const unsigned char *body = data + at + 8;
        if (memcmp(data + at + 4, "tEXt", 4) == 0 && n > klen && memcmp(body, keyword, klen) == 0 && body[klen] == 0) {
            size_t tlen = n - klen - 1 < cap - 1 ? n - klen - 1 : cap - 1;
            memcpy(out, body + klen + 1, tlen);
            out[tlen] = 0;
            return 0;
        }
        if (memcmp(data + at + 4, "IEND", 4) == 0) break;
        at += 12 + n;
    }
    return -1;
}

static int read_whole(const char *path, unsigned char **data, size_t *len, s2s_error *err) {
    FILE *f = fopen(path, "rb");
    if (!f) return s2s_fail(err, "cannot read %s: %s", path, strerror(errno));
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            unsigned char *p = realloc(buf, cap);
            if (!p) {
                free(buf);
                fclose(f);
                return s2s_fail(err, "out of memory reading %s", path);
            }
            buf = p;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return s2s_fail(err, "cannot read %s", path);
    }
    *data = buf;
    *len = n;
    return 0;
}

int png_add_text_file(const char *path, const char *keyword, const char *text, s2s_error *err) {
    size_t klen = strlen(keyword), tlen = strlen(text);
    if (klen < 1 || klen > 79) return s2s_fail(err, "PNG text keyword \"%s\" must be 1 to 79 characters", keyword);
    unsigned char *data = NULL;
    size_t len = 0;
    if (read_whole(path, &data, &len, err)) return -1;
    size_t at = after_ihdr(data, len);
    if (!at) {
        free(data);
        return s2s_fail(err, "%s is not a PNG file", path);
    }
    /* the chunk: length, "tEXt", keyword, NUL, text, CRC over type + body */
    size_t body = klen + 1 + tlen, chunk_len = 12 + body;
    unsigned char *chunk = malloc(chunk_len);
    if (!chunk) {
        free(data);
        return s2s_fail(err, "out of memory");
    }
    put_be32(chunk, (uint32_t)body);
    memcpy(chunk + 4, "tEXt", 4);
    memcpy(chunk + 8, keyword, klen + 1);
    memcpy(chunk + 8 + klen + 1, text, tlen);
    put_be32(chunk + 8 + body, crc32_update(0, chunk + 4, 4 + body));

    int rc = 0;
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, at, f) != at || fwrite(chunk, 1, chunk_len, f) != chunk_len ||
        fwrite(data + at, 1, len - at, f) != len - at)
        rc = s2s_fail(err, "cannot write %s: %s", path, strerror(errno));
    if (f && fclose(f) != 0 && rc == 0) rc = s2s_fail(err, "cannot write %s: %s", path, strerror(errno));
    free(chunk);
    free(data);
    return rc;
}
