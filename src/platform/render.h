/* render.h: executes a draw list on an SDL_Renderer: the window's, or an offscreen software one for
 * PNG export. Everything is multiplied by a scale (HiDPI, export 1..4x) and rounded edge by edge,
 * so adjacent cells share exact pixel boundaries: crisp, gap-free heatmaps at any scale. */
#ifndef S2S_RENDER_H
#define S2S_RENDER_H

#include <SDL.h>

#include "core/error.h"
#include "platform/font.h"
#include "viz/draw.h"

typedef struct render_ctx render_ctx;

/* A context drawing on r with fonts fs (both must outlive it); it owns a text texture cache.
 * Returns NULL with err set. */
render_ctx *render_create(SDL_Renderer *r, font_set *fs, s2s_error *err);
/* NULL is fine. */
void render_destroy(render_ctx *rc);
/* Plays dl back at scale output pixels per logical pixel. Does not clear or present. Returns 0,
 * or -1 with err set (the rest of the list is still drawn; the first error is reported). */
int render_draw_list(render_ctx *rc, const draw_list *dl, float scale, s2s_error *err);
/* Text-cache statistics of this context (hits, misses). */
void render_text_stats(const render_ctx *rc, long *hits, long *misses);

/* Renders dl, laid out for width x height logical pixels, at integer scale 1..4 into a new RGBA32
 * surface with a software renderer: needs no display and no SDL_Init(SDL_INIT_VIDEO). */
SDL_Surface *render_offscreen(const draw_list *dl, font_set *fs, int width, int height, int scale,
                              s2s_error *err);
/* render_offscreen, then writes the PNG to path atomically: a temporary file in the same folder,
 * renamed over path only when complete. On failure nothing is left behind and err says why
 * (folder missing, a path component is a file, folder not writable, disk full). */
int render_export_png(const draw_list *dl, font_set *fs, int width, int height, int scale,
                      const char *path, s2s_error *err);

#endif
