/* atlas.h: one texture holding everything the window copies from: rendered strings and the
 * colours of cell grids (heatmaps, thumbnails, vectors). Why: a software rasterizer (llvmpipe under Xvfb) pays dearly
 * for every change of bound texture (about 35 µs), and a paper-size frame draws some 400
 * strings; with one texture the whole frame binds it once.
 *
 * The texture is split into regions (strings, cells), each packed in shelves: rows of entries of
 * about the same height, filled left to right. When a region has no room, the least recently used
 * shelf of a fitting height that this frame has not used is emptied and reused; only when there is
 * none does its owner clear the whole region. Pixels are ABGR8888: on a little-endian host the
 * bytes r, g, b, a, the layout of draw_color. */
#ifndef S2S_ATLAS_H
#define S2S_ATLAS_H

#include <SDL.h>

#include "core/error.h"

typedef enum atlas_region_id { ATLAS_TEXT, ATLAS_CELLS, ATLAS_REGIONS } atlas_region_id;

typedef struct atlas atlas;

/* An atlas for renderer r (which must outlive it), sized for r's output: 2048 pixels square, or
 * 4096 for outputs beyond 2560x1600 when the renderer allows. Nearest sampling, blended. */
atlas *atlas_create(SDL_Renderer *r, s2s_error *err);
/* NULL is fine. */
void atlas_destroy(atlas *a);
SDL_Texture *atlas_texture(const atlas *a);
/* Where an entry is: its rectangle, and the shelf generation that holds it. */
typedef struct atlas_place {
    SDL_Rect at;
    int shelf;    /* -1: not in the atlas */
    unsigned gen; /* the shelf's generation when the entry was put */
} atlas_place;

/* Starts a frame: what is put or touched from now on is not evicted until the next frame. */
void atlas_begin_frame(atlas *a);
/* Copies w x h pixels (ABGR8888, pitch bytes a row) into region and writes where to *p.
 * Returns 0; 1 when the region has no room left (clear it and try again); 2 when the entry can
 * never fit the region (the caller draws it another way); -1 with err set when the upload fails. */
int atlas_put(atlas *a, atlas_region_id region, const void *pixels, int pitch, int w, int h, atlas_place *p,
              s2s_error *err);
/* Whether the atlas still holds the entry put at *p (its shelf was not emptied since). */
int atlas_holds(const atlas *a, atlas_region_id region, const atlas_place *p);
/* Marks the entry at *p used this frame, so it is not evicted before the next. */
void atlas_touch(atlas *a, atlas_region_id region, const atlas_place *p);
/* Forgets every entry of region: their pixels will be overwritten by the next puts. */
void atlas_clear(atlas *a, atlas_region_id region);

#endif
