/* atlas.c: the shared texture of strings and cells, see atlas.h. */
#include "platform/atlas.h"

#include <stdlib.h>
#include <string.h>

enum {
    ATLAS_SHELVES = 256, /* per region; a region with more is full */
    ATLAS_BORDER = 1,    /* transparent texels around each entry, put with it: a copy whose corners
                          * land on half pixels (text turned 90 degrees) samples them, never a
                          * neighbour's or an evicted entry's pixels */
};

typedef struct shelf {
    int y, h;           /* its rows: [y, y + h) */
    int x;              /* where the next entry goes */
    unsigned gen;       /* changes whenever the shelf is emptied: older places are gone */
    unsigned long used; /* the last frame that put or touched an entry here */
} shelf;

typedef struct region {
    int y0, y1; /* its rows: [y0, y1) */
    int top;    /* first row not yet given to a shelf */
    shelf shelves[ATLAS_SHELVES];
    int n;
} region;

struct atlas {
    SDL_Texture *tex;
    int side;
    unsigned long frame; /* atlas_begin_frame calls so far */
    unsigned next_gen;   /* shelf generations are unique across regions and clears */
    Uint32 *scratch;     /* (cap_scratch) an entry with its border, on its way to the texture */
    size_t cap_scratch;
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
    free(a->scratch);
    free(a);
}

SDL_Texture *atlas_texture(const atlas *a) { return a->tex; }

void atlas_clear(atlas *a, atlas_region_id id) {
    region *g = &a->regions[id];
    g->top = g->y0;
    g->n = 0;
}

void atlas_begin_frame(atlas *a) { a->frame++; }

int atlas_holds(const atlas *a, atlas_region_id id, const atlas_place *p) {
    const region *g = &a->regions[id];
    return p->shelf >= 0 && p->shelf < g->n && g->shelves[p->shelf].gen == p->gen;
}

void atlas_touch(atlas *a, atlas_region_id id, const atlas_place *p) {
    if (atlas_holds(a, id, p)) a->regions[id].shelves[p->shelf].used = a->frame;
}

/* Whether a shelf of height sh suits entries of height h: tall enough, not wastefully so. */
static int fits(int sh, int h) { return sh >= h && sh <= h + h / 4 + 2; }

/* A place for w x h (border included) in g: on the first fitting shelf with room left; else on a new
 * shelf; else on the least recently used fitting shelf, emptied, if this frame has not used it.
 * 0, or 1 when there is none. */
static int place(atlas *a, region *g, int w, int h, atlas_place *p) {
    int lru = -1;
    for (int i = 0; i < g->n; i++) {
        shelf *s = &g->shelves[i];
        if (!fits(s->h, h)) continue;
        if (s->x + w <= a->side) {
            lru = i;
            break;
        }
        if (s->used != a->frame && (lru < 0 || s->used < g->shelves[lru].used)) lru = i;
    }
    shelf *s;
    if (lru >= 0 && g->shelves[lru].x + w <= a->side) {
        s = &g->shelves[lru]; /* room left */
    } else if (g->n < ATLAS_SHELVES && g->top + h <= g->y1) {
        s = &g->shelves[g->n++];
        *s = (shelf){.y = g->top, .h = h, .gen = a->next_gen++};
        g->top += h;
    } else if (lru >= 0) {
        s = &g->shelves[lru]; /* evicted: its entries' places no longer hold */
        s->x = 0;
        s->gen = a->next_gen++;
    } else {
        return 1;
    }
    *p = (atlas_place){{s->x, s->y, w, h}, (int)(s - g->shelves), s->gen};
    s->x += w;
    s->used = a->frame;
    return 0;
}

int atlas_put(atlas *a, atlas_region_id id, const void *pixels, int pitch, int w, int h, atlas_place *p,
              s2s_error *err) {
    region *g = &a->regions[id];
    int bw = w + 2 * ATLAS_BORDER, bh = h + 2 * ATLAS_BORDER; /* the entry with its border */
    if (w < 1 || h < 1 || bw > a->side || bh > g->y1 - g->y0) return 2;
    if (place(a, g, bw, bh, p)) return 1;
    size_t need = (size_t)bw * (size_t)bh;
    if (need > a->cap_scratch) {
        Uint32 *s = realloc(a->scratch, need * sizeof *s);
        if (!s) return s2s_fail(err, "render: out of memory for a %dx%d atlas entry", w, h);
        a->scratch = s;
        a->cap_scratch = need;
    }
    memset(a->scratch, 0, need * sizeof *a->scratch);
    for (int y = 0; y < h; y++)
        memcpy(a->scratch + (size_t)(y + ATLAS_BORDER) * (size_t)bw + ATLAS_BORDER,
               (const char *)pixels + (size_t)y * (size_t)pitch, (size_t)w * sizeof *a->scratch);
    if (SDL_UpdateTexture(a->tex, &p->at, a->scratch, bw * (int)sizeof *a->scratch) != 0) {
        s2s_fail(err, "render: cannot upload %dx%d pixels to the atlas: %s", w, h, SDL_GetError());
        return -1;
    }
    p->at = (SDL_Rect){p->at.x + ATLAS_BORDER, p->at.y + ATLAS_BORDER, w, h};
    return 0;
}
