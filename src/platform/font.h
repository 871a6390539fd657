/* font.h: fonts for every view. fontconfig finds a Latin sans (DejaVu Sans) and a CJK font
 * (WenQuanYi Micro Hei, matched by :lang=zh); SDL_ttf opens them at pixel sizes on demand. A run of
 * text is drawn with the Latin font, and each glyph it lacks comes from the CJK font.
 *
 * Two objects: a font_set (the faces, measuring, rasterizing; no renderer needed) and a font_cache
 * (rendered strings as textures for one SDL_Renderer, least recently used evicted), so unchanged
 * text is rasterized once, not every frame. */
#ifndef S2S_FONT_H
#define S2S_FONT_H

#include <SDL.h>

#include "core/error.h"
#include "viz/draw.h"

typedef struct font_set font_set;
typedef struct font_cache font_cache;

/* Finds both fonts and initializes SDL_ttf (no video needed). Returns NULL with err naming the
 * missing font and the Debian package to install (fonts-dejavu-core, fonts-wqy-microhei). */
font_set *font_set_open(s2s_error *err);
/* Closes the faces and releases fontconfig; NULL is fine. */
void font_set_close(font_set *fs);
/* The files found, for --version style diagnostics. */
const char *font_set_latin_path(const font_set *fs);
const char *font_set_cjk_path(const font_set *fs);

/* A draw_measure_fn: user is a font_set*. Width and line height of text at size logical pixels. */
void font_measure(void *user, const char *text, float size, float *w, float *h);
/* Rasterizes text at px pixels, white with alpha coverage (tint it with colour/alpha mod), with
 * CJK fallback per glyph and the runs' baselines aligned. Returns a new ARGB surface, or NULL
 * with err set. */
SDL_Surface *font_render(font_set *fs, const char *text, int px, s2s_error *err);

/* A texture cache of up to capacity strings for renderer r (which must outlive it). */
font_cache *font_cache_create(font_set *fs, SDL_Renderer *r, int capacity, s2s_error *err);
/* Destroys the cached textures; NULL is fine. */
void font_cache_destroy(font_cache *fc);
/* The texture of text at px (white: set colour mod to tint), rendering it only on a miss. The
 * texture stays owned by the cache and valid until the next font_cache_get. NULL with err set when
 * rendering fails. */
SDL_Texture *font_cache_get(font_cache *fc, const char *text, int px, int *w, int *h,
                            s2s_error *err);
/* Cache statistics (for tests: a second frame must not rasterize anything). */
void font_cache_stats(const font_cache *fc, long *hits, long *misses);

#endif
