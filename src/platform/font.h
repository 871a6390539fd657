/* font.h: fonts for every view. fontconfig finds a Latin sans (DejaVu Sans) and a CJK font
 * (WenQuanYi Micro Hei, matched by :lang=zh); SDL_ttf opens them at pixel sizes on demand. A run of
 * text is drawn with the Latin font, and each glyph it lacks comes from the CJK font.
 *
 * Two objects: a font_set (the faces, measuring, rasterizing; no renderer needed) and a font_cache
 * (rendered strings kept in a renderer's texture atlas), so unchanged text is rasterized once, not
 * every frame. */
#ifndef S2S_FONT_H
#define S2S_FONT_H

#include <SDL.h>

#include "core/error.h"
#include "platform/atlas.h"
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
 * CJK fallback per glyph and the runs' baselines aligned. Returns a new ABGR8888 surface (the
 * atlas's format), or NULL with err set. */
SDL_Surface *font_render(font_set *fs, const char *text, int px, s2s_error *err);

/* A cache of rendered strings in the text region of at, for renderer r (both must outlive it). */
font_cache *font_cache_create(font_set *fs, SDL_Renderer *r, atlas *at, s2s_error *err);
/* NULL is fine. */
void font_cache_destroy(font_cache *fc);
/* Where to draw text at px from: *tex, the atlas, and where->at in it; for a string too large for
 * the atlas, a texture of its own (where->shelf -1), valid until the next call. White: tint with
 * colour mod. Renders only on a miss, and marks the entry used this frame (atlas_begin_frame).
 * 0, or -1 with err set when rendering fails. */
int font_cache_get(font_cache *fc, const char *text, int px, SDL_Texture **tex, atlas_place *where,
                   s2s_error *err);
/* Cache statistics (for tests: a second frame must not rasterize anything). */
void font_cache_stats(const font_cache *fc, long *hits, long *misses);

#endif
