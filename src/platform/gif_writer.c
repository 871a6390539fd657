/* gif_writer.c: see gif_writer.h. */
#include "platform/gif_writer.h"

#include <gif_lib.h>
#include <stdlib.h>
#include <string.h>

#include "core/atomic_file.h"

/* Colours are looked up at 6 bits per channel: nearest palette index + 1, 0 = not computed yet. */
#define GIF_LUT_BITS 6
#define GIF_LUT_SIZE (1 << (3 * GIF_LUT_BITS))

struct gif_writer {
    atomic_file af;
    GifFileType *gif;
    int width, height;
    int write_failed;
    SDL_Color pal[256];
    int n_pal;
    unsigned char *prev; /* (width * height) the last frame's palette indices, NULL before the first */
    unsigned char lut[GIF_LUT_SIZE];
};

static unsigned char nearest(gif_writer *g, const Uint8 *p) {
    int key = ((p[0] >> 2) << 12) | ((p[1] >> 2) << 6) | (p[2] >> 2);
    if (g->lut[key]) return (unsigned char)(g->lut[key] - 1);
    int best = 0;
    long best_d = -1;
    for (int i = 0; i < g->n_pal; i++) {
        long dr = p[0] - g->pal[i].r, dg = p[1] - g->pal[i].g, db = p[2] - g->pal[i].b;
        long d = 3 * dr * dr + 4 * dg * dg + 2 * db * db; /* rough perceptual weights */
        if (best_d < 0 || d < best_d) best_d = d, best = i;
    }
    g->lut[key] = (unsigned char)(best + 1);
    return (unsigned char)best;
}

/* giflib's output callback: into the atomic file's temporary. */
static int write_out(GifFileType *gif, const GifByteType *buf, int n) {
    gif_writer *g = gif->UserData;
    if (fwrite(buf, 1, (size_t)n, g->af.fp) != (size_t)n) {
        g->write_failed = 1;
        return 0;
    }
    return n;
}

static int gif_fail(gif_writer *g, s2s_error *err, const char *what, int code) {
    return s2s_fail(err, "cannot write %s: %s (%s)", g->af.path, what,
                    g->write_failed ? "disk full or write error" : GifErrorString(code));
}

gif_writer *gif_begin(const char *path, int width, int height, const SDL_Color *palette, int n_pal, s2s_error *err) {
    if (n_pal < 2 || n_pal > 256) {
        s2s_fail(err, "a GIF palette has 2 to 256 colours, not %d", n_pal);
        return NULL;
    }
    gif_writer *g = calloc(1, sizeof *g);
    if (!g) {
        s2s_fail(err, "out of memory");
        return NULL;
    }
    memcpy(g->pal, palette, sizeof *palette * (size_t)n_pal);
    g->n_pal = n_pal;
    if (atomic_begin(&g->af, path, err)) {
        free(g);
        return NULL;
    }
    int code = 0;
    g->gif = EGifOpen(g, write_out, &code);
    g->width = width;
    g->height = height;
    if (!g->gif) {
        gif_fail(g, err, "giflib", code);
        gif_abort(g);
        return NULL;
    }
    EGifSetGifVersion(g->gif, true);
    GifColorType pal[256] = {{0, 0, 0}};
    for (int i = 0; i < n_pal; i++) pal[i] = (GifColorType){palette[i].r, palette[i].g, palette[i].b};
    ColorMapObject *map = GifMakeMapObject(256, pal);
    /* loop forever: the NETSCAPE2.0 application extension, loop count 0 */
    static const GifByteType loop[] = {1, 0, 0};
    int bad = !map || EGifPutScreenDesc(g->gif, width, height, 8, 0, map) == GIF_ERROR;
    GifFreeMapObject(map);
    if (bad ||
        EGifPutExtensionLeader(g->gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(g->gif, 11, "NETSCAPE2.0") == GIF_ERROR ||
        EGifPutExtensionBlock(g->gif, 3, loop) == GIF_ERROR || EGifPutExtensionTrailer(g->gif) == GIF_ERROR) {
        gif_fail(g, err, "header", g->gif->Error);
        gif_abort(g);
        return NULL;
    }
    return g;
}

int gif_frame(gif_writer *g, SDL_Surface *rgba, int delay_ms, s2s_error *err) {
    if (rgba->w != g->width || rgba->h != g->height || rgba->format->format != SDL_PIXELFORMAT_RGBA32)
        return s2s_fail(err, "GIF frame is %dx%d, the animation %dx%d", rgba->w, rgba->h, g->width, g->height);
    size_t n = (size_t)g->width * (size_t)g->height;
    unsigned char *idx = malloc(n);
    if (!idx) return s2s_fail(err, "out of memory for a GIF frame");
    SDL_LockSurface(rgba);
    for (int y = 0; y < g->height; y++) {
        const Uint8 *p = (const Uint8 *)rgba->pixels + (size_t)y * (size_t)rgba->pitch;
        for (int x = 0; x < g->width; x++, p += 4) idx[(size_t)y * g->width + x] = nearest(g, p);
    }
    SDL_UnlockSurface(rgba);
    /* only the rectangle that changed since the last frame is stored (the rest stays on screen):
     * a decode changes a row or two per step, so the file stays small */
    int x0 = 0, y0 = 0, x1 = g->width - 1, y1 = g->height - 1;
    if (g->prev) {
        x0 = g->width, y0 = g->height, x1 = -1, y1 = -1;
        for (int y = 0; y < g->height; y++)
            for (int x = 0; x < g->width; x++)
                if (idx[(size_t)y * g->width + x] != g->prev[(size_t)y * g->width + x]) {
                    if (x < x0) x0 = x;
                    if (x > x1) x1 = x;
                    if (y < y0) y0 = y;
                    if (y > y1) y1 = y;
                }
        if (x1 < 0) x0 = y0 = x1 = y1 = 0; /* nothing changed: a 1-pixel frame keeps the delay */
    }
    int cs = (delay_ms + 5) / 10; /* GIF delays are in hundredths of a second */
    /* disposal 1: leave the frame in place for the next one to draw over */
    GifByteType gce[4] = {1 << 2, (GifByteType)(cs & 0xff), (GifByteType)((cs >> 8) & 0xff), 0};
    int rc = 0;
    if (EGifPutExtension(g->gif, GRAPHICS_EXT_FUNC_CODE, 4, gce) == GIF_ERROR ||
        EGifPutImageDesc(g->gif, x0, y0, x1 - x0 + 1, y1 - y0 + 1, false, NULL) == GIF_ERROR)
        rc = gif_fail(g, err, "frame", g->gif->Error);
    for (int y = y0; rc == 0 && y <= y1; y++)
        if (EGifPutLine(g->gif, idx + (size_t)y * g->width + x0, x1 - x0 + 1) == GIF_ERROR)
            rc = gif_fail(g, err, "frame", g->gif->Error);
    free(g->prev);
    g->prev = idx;
    return rc;
}

int gif_end(gif_writer *g, s2s_error *err) {
    int code = 0;
    int bad = EGifCloseFile(g->gif, &code) == GIF_ERROR || g->write_failed;
    g->gif = NULL;
    int rc = bad ? gif_fail(g, err, "trailer", code) : atomic_commit(&g->af, err);
    if (bad) atomic_abort(&g->af);
    free(g->prev);
    free(g);
    return rc;
}

void gif_abort(gif_writer *g) {
    if (!g) return;
    if (g->gif) EGifCloseFile(g->gif, NULL);
    atomic_abort(&g->af);
    free(g->prev);
    free(g);
}
