/* atlas.c: the shared texture of strings and cells, see atlas.h. */
#include "platform/atlas.h"

#include <stdlib.h>

enum {
    ATLAS_SHELVES = 256, /* per region; a region with more is full */
    ATLAS_GAP = 1,       /* empty texels between entries, so nearest sampling never bleeds */
};

typedef struct shelf {
    int y, h; /* its rows: [y, y + h) */
    int x;    /* where the next entry goes */
} shelf;

typedef struct region {
    int y0, y1; /* its rows: [y0, y1) */
    int top;    /* first row not yet given to a shelf */
    shelf shelves[ATLAS_SHELVES];
    int n;
    unsigned epoch; /* clears so far */
} region;

struct atlas {
    SDL_Texture *tex;
    int side;
    region regions[ATLAS_REGIONS];
};

atlas *atlas_create(SDL_Renderer *r, s2s_error *err) {
    SDL_RendererInfo info;
    int ow = 0, oh = 0, side = 2048;
    if (SDL_GetRendererInfo(r, &info) == 0 && SDL_GetRendererOutputSize(r, &ow, &oh) == 0 &&
        (long)ow * oh > 2560L * 1600 && (info.max_texture_width == 0 || info.max_texture_width >= 4096) &&
        (info.max_texture_height == 0 || info.max_texture_height >= 4096))
        side = 4096; /* a HiDPI window's strings take four times the texels */
    atlas *a = calloc(1, sizeof *a);
    if (!a) {
        s2s_fail(err, "render: out of memory for the texture atlas");
        return NULL;
    }
    a->side = side;
    a->tex = SDL_CreateTexture(r, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, side, side);
    if (!a->tex) {
        s2s_fail(err, "render: cannot create a %dx%d texture atlas: %s", side, side, SDL_GetError());
        atlas_destroy(a);
        return NULL;
    }
    SDL_SetTextureBlendMode(a->tex, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(a->tex, SDL_ScaleModeNearest); /* cells are stretched texel by texel */
    /* strings get three quarters, cells the last quarter */
    a->regions[ATLAS_TEXT] = (region){.y0 = 0, .y1 = side * 3 / 4};
    a->regions[ATLAS_CELLS] = (region){.y0 = side * 3 / 4, .y1 = side};
    for (int i = 0; i < ATLAS_REGIONS; i++) atlas_clear(a, (atlas_region_id)i);
    return a;
}

void atlas_destroy(atlas *a) {
    if (!a) return;
    if (a->tex) SDL_DestroyTexture(a->tex);
    free(a);
}

SDL_Texture *atlas_texture(const atlas *a) { return a->tex; }

void atlas_clear(atlas *a, atlas_region_id id) {
    region *g = &a->regions[id];
    g->top = g->y0;
    g->n = 0;
    g->epoch++;
}

unsigned atlas_epoch(const atlas *a, atlas_region_id id) { return a->regions[id].epoch; }

/* A place for w x h (gap included) in g: the first shelf tall enough but not wastefully so, with
 * room left; else a new shelf. 0, or 1 when there is none. */
static int place(region *g, int side, int w, int h, SDL_Rect *at) {
    for (int i = 0; i < g->n; i++) {
        shelf *s = &g->shelves[i];
        if (s->h >= h && s->h <= h + h / 4 + 2 && s->x + w <= side) {
            *at = (SDL_Rect){s->x, s->y, w, h};
            s->x += w;
            return 0;
        }
    }
    if (g->n == ATLAS_SHELVES || g->top + h > g->y1 || w > side) return 1;
    g->shelves[g->n++] = (shelf){g->top, h, w};
    *at = (SDL_Rect){0, g->top, w, h};
    g->top += h;
    return 0;
}

int atlas_put(atlas *a, atlas_region_id id, const void *pixels, int pitch, int w, int h, SDL_Rect *at,
              s2s_error *err) {
    if (w < 1 || h < 1 || place(&a->regions[id], a->side, w + ATLAS_GAP, h + ATLAS_GAP, at)) return 1;
    at->w = w;
    at->h = h;
    if (SDL_UpdateTexture(a->tex, at, pixels, pitch) != 0) {
        s2s_fail(err, "render: cannot upload %dx%d pixels to the atlas: %s", w, h, SDL_GetError());
        return -1;
    }
    return 0;
}
