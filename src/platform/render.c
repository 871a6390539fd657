/* render.c: the SDL executor of draw lists. Offscreen export is in render_export.c.
 *
 * Why it batches the way it does: under a software rasterizer (llvmpipe under Xvfb) much of a
 * frame's cost is changes of drawing state (binding another texture costs about 35 µs, switching
 * between solid and textured drawing about 6 µs), small triangles, and blending where nothing is
 * translucent (every pixel read back). So strings and the colours of cell grids live in one atlas
 * texture (atlas.h), put there before the frame's first draw (place_all), and a grid is one copy
 * however many cells it has; solid shapes (fills, outlines, lines, hatching) collect in two
 * untextured triangle batches, opaque and translucent, and copies out of the atlas in a list. The
 * three are drawn in that order, only when a command would cover something pending that must stay
 * under it, when the clip changes, and at the end: moving a command ahead of others it does not
 * overlap leaves the picture as the list's order paints it. */
#include "platform/render.h"
#include "core/util.h"

#include <SDL_image.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { RENDER_CLIP_DEPTH = 32, RENDER_CELL_SLOTS = 1024, RENDER_IMAGE_SLOTS = 8 };

typedef struct copy {   /* a pending copy out of the atlas */
    SDL_Rect src, dst;
    draw_color tint;
    int vertical;       /* rotated 90 degrees counter-clockwise about dst's centre */
    int opaque;         /* every texel opaque (most grids): drawn without blending */
} copy;

typedef struct batch {  /* triangles of solid shapes, untextured, waiting for one draw call */
    SDL_Vertex *v;      /* (n) */
    int n;
    size_t cap;
} batch;

typedef struct boxes {  /* pixel boxes of pending commands, and their union */
    SDL_Rect *r;        /* (n) */
    int n;
    size_t cap;
    SDL_Rect all;
} boxes;

struct render_ctx {
    SDL_Renderer *renderer;
    font_set *fonts;
    atlas *atlas;
    font_cache *text;
    SDL_Rect clip[RENDER_CLIP_DEPTH];
    int depth;           /* clip stack depth (pushes past RENDER_CLIP_DEPTH keep the innermost clip) */
    int overflow;        /* pushes that did not fit, so their pops are matched */
    batch opaque;        /* solids drawn unblended: the rasterizer writes pixels without reading them */
    batch blended;       /* translucent solids, drawn after the opaque ones */
    boxes blended_boxes; /* where the pending translucent solids are */
    copy *copies;        /* (n_copies) pending copies, in list order, drawn last */
    int n_copies;
    size_t cap_copies;
    boxes copy_boxes;    /* where the pending copies are */
    struct cell_slot {   /* grids in the atlas's cells region, by the hash of their colours */
        unsigned long long hash; /* 0: empty */
        int rows, cols;
        atlas_place where;
    } cells[RENDER_CELL_SLOTS]; /* open addressing */
    int n_cells;
    atlas_place *placed; /* (cap_placed) where each command of the list is in the atlas */
    size_t cap_placed;
    struct image_slot {  /* images of lesson slides, loaded once (round robin when full) */
        char path[1024];
        SDL_Texture *tex; /* NULL: the file could not be read */
    } images[RENDER_IMAGE_SLOTS];
    int next_image;
};

/* The texture of an image file, loading it the first time. */
static SDL_Texture *image_texture(render_ctx *rc, const char *path) {
    for (int i = 0; i < RENDER_IMAGE_SLOTS; i++)
        if (rc->images[i].path[0] && strcmp(rc->images[i].path, path) == 0) return rc->images[i].tex;
    struct image_slot *slot = &rc->images[rc->next_image];
    rc->next_image = (rc->next_image + 1) % RENDER_IMAGE_SLOTS;
    if (slot->tex) SDL_DestroyTexture(slot->tex);
    SDL_Surface *img = IMG_Load(path);
    slot->tex = img ? SDL_CreateTextureFromSurface(rc->renderer, img) : NULL;
    SDL_FreeSurface(img);
    snprintf(slot->path, sizeof slot->path, "%s", path);
    return slot->tex;
}

/* ---- the three queues ----------------------------------------------------------------------- */

static void flush_batch(render_ctx *rc, batch *b, SDL_BlendMode mode) {
    if (b->n == 0) return;
    SDL_SetRenderDrawBlendMode(rc->renderer, mode);
    SDL_RenderGeometry(rc->renderer, NULL, b->v, b->n, NULL, 0);
    b->n = 0;
}

static void flush_copies(render_ctx *rc) {
    SDL_Texture *tex = atlas_texture(rc->atlas);
    for (int i = 0; i < rc->n_copies; i++) {
        const copy *c = &rc->copies[i];
        SDL_SetTextureBlendMode(tex, c->opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
        SDL_SetTextureColorMod(tex, c->tint.r, c->tint.g, c->tint.b);
        SDL_SetTextureAlphaMod(tex, c->tint.a);
        if (c->vertical) SDL_RenderCopyEx(rc->renderer, tex, &c->src, &c->dst, -90.0, NULL, SDL_FLIP_NONE);
        else SDL_RenderCopy(rc->renderer, tex, &c->src, &c->dst);
    }
    rc->n_copies = 0;
}

/* Draws everything pending: opaque solids, translucent solids, copies. */
static void flush(render_ctx *rc) {
    flush_batch(rc, &rc->opaque, SDL_BLENDMODE_NONE);
    flush_batch(rc, &rc->blended, SDL_BLENDMODE_BLEND);
    flush_copies(rc);
    rc->blended_boxes.n = rc->copy_boxes.n = 0;
}

/* Forgets everything pending (a full-frame clear covers it). */
static void discard(render_ctx *rc) {
    rc->opaque.n = rc->blended.n = rc->n_copies = 0;
    rc->blended_boxes.n = rc->copy_boxes.n = 0;
}

static void boxes_add(boxes *b, SDL_Rect r) {
    /* out of memory: the box is not checked, order may suffer, nothing worse */
    if (array_grow((void **)&b->r, &b->cap, (size_t)b->n + 1, sizeof *b->r, 1024)) return;
    b->r[b->n++] = r;
    if (b->n == 1) b->all = r;
    else SDL_UnionRect(&b->all, &r, &b->all);
}

static int boxes_hit(const boxes *b, SDL_Rect r) {
    if (b->n == 0 || !SDL_HasIntersection(&r, &b->all)) return 0;
    for (int i = 0; i < b->n; i++)
        if (SDL_HasIntersection(&r, &b->r[i])) return 1;
    return 0;
}

/* Called before a command's solids, covering box, join the queues. The queues are drawn in the
 * order opaque, translucent, copies; so if an opaque solid would cover a pending translucent
 * one or copy, or a translucent solid a pending copy (each drawn under it by the list),
 * everything pending is drawn first. */
static void solid_over(render_ctx *rc, SDL_Rect box, int any_opaque, int any_translucent) {
    if (boxes_hit(&rc->copy_boxes, box) || (any_opaque && boxes_hit(&rc->blended_boxes, box))) flush(rc);
    if (any_translucent) boxes_add(&rc->blended_boxes, box);
}

/* Appends the quad p[0..3] (in order around it) in colour c to its batch: the opaque one unless c
 * is translucent or blended is set (the quad must follow a translucent one of the same command).
 * Drops it when out of memory. */
static void solid_quad(render_ctx *rc, const SDL_FPoint p[4], draw_color c, int blended) {
    batch *b = c.a == 255 && !blended ? &rc->opaque : &rc->blended;
    if (array_grow((void **)&b->v, &b->cap, (size_t)b->n + 6, sizeof *b->v, 6 * 1024)) return;
    SDL_Color col = {c.r, c.g, c.b, c.a};
    static const int tri[6] = {0, 1, 2, 0, 2, 3};
    for (int t = 0; t < 6; t++) b->v[b->n++] = (SDL_Vertex){p[tri[t]], col, {0, 0}};
}

/* The pixels a copy covers: a vertical one is dst turned about its centre. */
static SDL_Rect copy_box(const copy *c) {
    if (!c->vertical) return c->dst;
    SDL_Rect b = {c->dst.x + (c->dst.w - c->dst.h) / 2 - 1, c->dst.y + (c->dst.h - c->dst.w) / 2 - 1,
                  c->dst.h + 2, c->dst.w + 2};
    return b;
}

/* Queues a copy of src out of the atlas to dst. */
static void copy_from_atlas(render_ctx *rc, SDL_Rect src, SDL_Rect dst, draw_color tint, int vertical, int opaque) {
    if (array_grow((void **)&rc->copies, &rc->cap_copies, (size_t)rc->n_copies + 1, sizeof *rc->copies, 1024)) return;
    copy *c = &rc->copies[rc->n_copies++];
    *c = (copy){src, dst, tint, vertical, opaque};
    boxes_add(&rc->copy_boxes, copy_box(c));
}

/* ---- context --------------------------------------------------------------------------------- */

render_ctx *render_create(SDL_Renderer *r, font_set *fs, s2s_error *err) {
    render_ctx *rc = calloc(1, sizeof *rc);
    if (!rc) {
        s2s_fail(err, "render: out of memory");
        return NULL;
    }
    rc->renderer = r;
    rc->fonts = fs;
    rc->atlas = atlas_create(r, err);
    rc->text = rc->atlas ? font_cache_create(fs, r, rc->atlas, err) : NULL;
    if (!rc->text) {
        render_destroy(rc);
        return NULL;
    }
    return rc;
}

void render_destroy(render_ctx *rc) {
    if (!rc) return;
    for (int i = 0; i < RENDER_IMAGE_SLOTS; i++)
        if (rc->images[i].tex) SDL_DestroyTexture(rc->images[i].tex);
    font_cache_destroy(rc->text);
    atlas_destroy(rc->atlas);
    free(rc->opaque.v);
    free(rc->blended.v);
    free(rc->blended_boxes.r);
    free(rc->copy_boxes.r);
    free(rc->copies);
    free(rc->placed);
    free(rc);
}

void render_text_stats(const render_ctx *rc, long *hits, long *misses) {
    font_cache_stats(rc->text, hits, misses);
}

/* ---- geometry ------------------------------------------------------------------------------- */

/* A logical rect in output pixels, each edge rounded on its own: neighbours share edges exactly. */
static SDL_Rect snap(draw_rect r, float s) {
    int x0 = (int)lroundf(r.x * s), y0 = (int)lroundf(r.y * s);
    int x1 = (int)lroundf((r.x + r.w) * s), y1 = (int)lroundf((r.y + r.h) * s);
    SDL_Rect out = {x0, y0, x1 - x0, y1 - y0};
    return out;
}

/* A segment of width w (output pixels) as a quad, for the lines SDL2 cannot draw thick. */
static void thick_line(render_ctx *rc, float x0, float y0, float x1, float y1, float w, draw_color c, int blended) {
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len <= 0) return;
    float nx = -dy / len * w / 2, ny = dx / len * w / 2;
    SDL_FPoint p[4] = {{x0 + nx, y0 + ny}, {x1 + nx, y1 + ny}, {x1 - nx, y1 - ny}, {x0 - nx, y0 - ny}};
    solid_quad(rc, p, c, blended);
}

/* An axis-aligned pixel rect as a quad. */
static void solid_rect(render_ctx *rc, SDL_Rect b, draw_color c) {
    float x0 = (float)b.x, y0 = (float)b.y, x1 = x0 + (float)b.w, y1 = y0 + (float)b.h;
    SDL_FPoint p[4] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
    solid_quad(rc, p, c, 0);
}

/* An outline's width in output pixels: at least one. */
static int outline_px(const draw_cmd *c, float s) { return (int)fmaxf(1, lroundf(c->width * s)); }

static void draw_outline_px(render_ctx *rc, SDL_Rect b, int t, draw_color c) {
    solid_over(rc, b, c.a == 255, c.a < 255);
    if (2 * t >= b.w || 2 * t >= b.h) {
        solid_rect(rc, b, c);
        return;
    }
    SDL_Rect sides[4] = {
        {b.x, b.y, b.w, t}, {b.x, b.y + b.h - t, b.w, t},
        {b.x, b.y + t, t, b.h - 2 * t}, {b.x + b.w - t, b.y + t, t, b.h - 2 * t},
    };
    for (int i = 0; i < 4; i++) solid_rect(rc, sides[i], c);
}

/* A fill followed by an outline of the same rect, both opaque (a button, a token chip): the
 * outline's colour over the whole rect, then the fill's over its inside. The same pixels as a fill
 * and four sides, in two quads instead of five (small quads are what a rasterizer pays most for).
 * Returns 1 when it drew both, 0 when next is not such an outline. */
static int framed_fill(render_ctx *rc, const draw_cmd *fill, const draw_cmd *next, float s) {
    if (next->kind != DRAW_OUTLINE || fill->color.a < 255 || next->color.a < 255 ||
        memcmp(&fill->rect, &next->rect, sizeof fill->rect) != 0)
        return 0;
    SDL_Rect px = snap(fill->rect, s);
    int t = outline_px(next, s);
    solid_over(rc, px, 1, 0);
    solid_rect(rc, px, next->color);
    if (2 * t < px.w && 2 * t < px.h) solid_rect(rc, (SDL_Rect){px.x + t, px.y + t, px.w - 2 * t, px.h - 2 * t}, fill->color);
    return 1;
}

static void draw_line_px(render_ctx *rc, const draw_cmd *c, float s) {
    float w = fmaxf(1, roundf(c->width * s));
    if (c->x0 == c->x1 || c->y0 == c->y1) { /* axis-aligned: a snapped rect, crisp */
        float hw = w / 2 / s;
        draw_rect lr = c->x0 == c->x1
            ? draw_rect_make(c->x0 - hw, fminf(c->y0, c->y1), 2 * hw, fabsf(c->y1 - c->y0))
            : draw_rect_make(fminf(c->x0, c->x1), c->y0 - hw, fabsf(c->x1 - c->x0), 2 * hw);
        SDL_Rect px = snap(lr, s);
        if (px.w < 1) px.w = 1;
        if (px.h < 1) px.h = 1;
        solid_over(rc, px, c->color.a == 255, c->color.a < 255);
        solid_rect(rc, px, c->color);
        return;
    }
    float x0 = c->x0 * s, y0 = c->y0 * s, x1 = c->x1 * s, y1 = c->y1 * s;
    SDL_Rect box = {(int)floorf(fminf(x0, x1) - w), (int)floorf(fminf(y0, y1) - w),
                    (int)ceilf(fabsf(x1 - x0) + 2 * w) + 1, (int)ceilf(fabsf(y1 - y0) + 2 * w) + 1};
    solid_over(rc, box, c->color.a == 255, c->color.a < 255);
    thick_line(rc, x0, y0, x1, y1, w, c->color, 0);
}

/* Masked cell: background, then "/" diagonals x + y = k every spacing, each cut to the cell
 * (inset by half the line width) so no clip change is needed and every hatched cell of a heatmap
 * goes into the same batch. */
static void draw_hatch_px(render_ctx *rc, const draw_cmd *c, float s) {
    SDL_Rect px = snap(c->rect, s);
    if (px.w <= 0 || px.h <= 0) return;
    solid_over(rc, px, c->color.a == 255 || c->color2.a == 255, c->color.a < 255 || c->color2.a < 255);
    float x0 = (float)px.x, y0 = (float)px.y, x1 = x0 + (float)px.w, y1 = y0 + (float)px.h;
    SDL_FPoint bg[4] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
    solid_quad(rc, bg, c->color2, 0);
    float step = c->width * s * 1.41421356f; /* along x + y for a perpendicular gap of spacing */
    float w = fmaxf(1, c->width * s / 4), in = w / 2;
    float ax = x0 + in, ay = y0 + in, bx = x1 - in, by = y1 - in;
    if (bx <= ax || by <= ay) return;
    for (float k = x0 + y0 + step / 2; k < bx + by; k += step) { /* same phase as before the inset */
        /* the segment of x + y = k inside [ax, bx] x [ay, by] */
        float sx = fmaxf(ax, k - by), ex = fminf(bx, k - ay);
        if (ex <= sx) continue;
        /* on a translucent background the lines must be drawn after it: its batch, whatever theirs */
        thick_line(rc, sx, k - sx, ex, k - ex, w, c->color, c->color2.a < 255);
    }
}

/* ---- clipping ------------------------------------------------------------------------------- */

static void apply_clip(render_ctx *rc) {
    SDL_RenderSetClipRect(rc->renderer, rc->depth > 0 ? &rc->clip[rc->depth - 1] : NULL);
}

static void clip_push(render_ctx *rc, SDL_Rect r) {
    if (rc->depth == RENDER_CLIP_DEPTH) {
        rc->overflow++;
        return;
    }
    if (rc->depth > 0) {
        SDL_Rect out;
        if (!SDL_IntersectRect(&r, &rc->clip[rc->depth - 1], &out)) out = (SDL_Rect){r.x, r.y, 0, 0};
        r = out;
    }
    rc->clip[rc->depth++] = r;
    apply_clip(rc);
}

static void clip_pop(render_ctx *rc) {
    if (rc->overflow > 0) rc->overflow--;
    else if (rc->depth > 0) rc->depth--;
    apply_clip(rc);
}

/* ---- cells ---------------------------------------------------------------------------------- */

/* FNV-1a over the colours a colour at a time, never 0 (0 marks an empty slot). */
static unsigned long long hash_colors(const draw_color *c, size_t n) {
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t word;
        memcpy(&word, &c[i], sizeof word);
        h = (h ^ word) * 1099511628211ULL;
    }
    return h ? h : 1;
}

/* Keeps the grids the atlas still holds (none when clear is 1, which also clears the atlas's
 * cells region), rehashed: open addressing cannot delete in place. */
static void sweep_cells(render_ctx *rc, int clear) {
    if (clear) atlas_clear(rc->atlas, ATLAS_CELLS);
    struct cell_slot *old = malloc(sizeof rc->cells);
    if (old) memcpy(old, rc->cells, sizeof rc->cells);
    memset(rc->cells, 0, sizeof rc->cells);
    rc->n_cells = 0;
    for (int i = 0; old && i < RENDER_CELL_SLOTS; i++) {
        if (!old[i].hash || !atlas_holds(rc->atlas, ATLAS_CELLS, &old[i].where)) continue;
        unsigned slot = (unsigned)(old[i].hash % RENDER_CELL_SLOTS);
        while (rc->cells[slot].hash) slot = (slot + 1) % RENDER_CELL_SLOTS;
        rc->cells[slot] = old[i];
        rc->n_cells++;
    }
    free(old);
}

/* Where the grid's colours are in the atlas, one texel a cell: found by hash, so an unchanged
 * grid is not uploaded again; else put there. 0, or -1 when the grid cannot go in the atlas. */
static int cells_in_atlas(render_ctx *rc, const draw_color *colors, int rows, int cols, atlas_place *where) {
    unsigned long long h = hash_colors(colors, (size_t)rows * (size_t)cols);
    unsigned slot = (unsigned)(h % RENDER_CELL_SLOTS);
    struct cell_slot *e;
    for (; (e = &rc->cells[slot])->hash; slot = (slot + 1) % RENDER_CELL_SLOTS)
        if (e->hash == h && e->rows == rows && e->cols == cols) break;
    if (e->hash && atlas_holds(rc->atlas, ATLAS_CELLS, &e->where)) {
        atlas_touch(rc->atlas, ATLAS_CELLS, &e->where);
        *where = e->where;
        return 0;
    }
    s2s_error ignored;
    int pitch = cols * (int)sizeof(draw_color);
    int put = atlas_put(rc->atlas, ATLAS_CELLS, colors, pitch, cols, rows, where, &ignored);
    if (put == 1) { /* no room even after evicting: start the region afresh */
        sweep_cells(rc, 1);
        put = atlas_put(rc->atlas, ATLAS_CELLS, colors, pitch, cols, rows, where, &ignored);
    }
    if (put != 0) return -1; /* 2: this grid never fits (drawn as quads), the others stay */
    if (!e->hash || e->rows != rows || e->cols != cols) { /* not the stale entry itself: a new one */
        if (rc->n_cells >= RENDER_CELL_SLOTS / 2) sweep_cells(rc, 0);
        if (rc->n_cells >= RENDER_CELL_SLOTS / 2) sweep_cells(rc, 1); /* all still held */
        slot = (unsigned)(h % RENDER_CELL_SLOTS);
        while (rc->cells[slot].hash) slot = (slot + 1) % RENDER_CELL_SLOTS; /* the first empty slot */
        e = &rc->cells[slot];
        rc->n_cells++;
    }
    *e = (struct cell_slot){h, rows, cols, *where};
    return 0;
}

/* A grid too large for the atlas: a quad a cell. Edges are rounded once per grid line, so
 * neighbouring cells share exact pixel boundaries, as nearest sampling of the atlas gives. */
static void draw_cells_px(render_ctx *rc, const draw_list *dl, const draw_cmd *c, float s) {
    const draw_color *col = draw_cmd_cells(dl, c);
    int R = c->rows, C = c->cols;
    int any_opaque = 0, any_translucent = 0;
    for (size_t i = 0; i < (size_t)R * (size_t)C; i++) {
        if (col[i].a == 255) any_opaque = 1;
        else any_translucent = 1;
    }
    solid_over(rc, snap(c->rect, s), any_opaque, any_translucent);
    float y0 = roundf(c->rect.y * s);
    for (int i = 0; i < R; i++) {
        float y1 = roundf((c->rect.y + c->rect.h * (float)(i + 1) / (float)R) * s);
        float x0 = roundf(c->rect.x * s);
        for (int k = 0; k < C; k++) {
            float x1 = roundf((c->rect.x + c->rect.w * (float)(k + 1) / (float)C) * s);
            SDL_FPoint p[4] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
            solid_quad(rc, p, col[(size_t)i * (size_t)C + (size_t)k], 0);
            x0 = x1;
        }
        y0 = y1;
    }
}

/* A grid: copied out of the atlas, one texel a cell stretched with nearest sampling (one quad,
 * however many cells), else quads. */
static void draw_grid(render_ctx *rc, const draw_list *dl, const draw_cmd *c, const atlas_place *p, float s) {
    atlas_place where = *p;
    int stale = !atlas_holds(rc->atlas, ATLAS_CELLS, p);
    if (stale) flush(rc); /* pending copies may sample what a put overwrites */
    if (!stale || cells_in_atlas(rc, draw_cmd_cells(dl, c), c->rows, c->cols, &where) == 0) {
        const draw_color *col = draw_cmd_cells(dl, c);
        int opaque = 1;
        for (size_t i = 0; i < (size_t)c->rows * (size_t)c->cols && opaque; i++) opaque = col[i].a == 255;
        copy_from_atlas(rc, where.at, snap(c->rect, s), (draw_color){255, 255, 255, 255}, 0, opaque);
        return;
    }
    draw_cells_px(rc, dl, c, s);
}

/* ---- text ----------------------------------------------------------------------------------- */

static int draw_text_px(render_ctx *rc, const draw_list *dl, const draw_cmd *c, const atlas_place *p,
                        float s, s2s_error *err) {
    SDL_Texture *tex = atlas_texture(rc->atlas);
    atlas_place where = *p;
    if (!atlas_holds(rc->atlas, ATLAS_TEXT, p)) {
        flush(rc); /* pending copies may sample what a put overwrites */
        if (font_cache_get(rc->text, draw_cmd_text(dl, c), (int)lroundf(c->size * s), &tex, &where, err) != 0)
            return -1;
    }
    SDL_Rect src = where.at;
    int w = src.w, h = src.h;
    float ax = c->x0 * s, ay = c->y0 * s;
    float start = c->align == DRAW_ALIGN_LEFT ? 0 : c->align == DRAW_ALIGN_CENTER ? -(float)w / 2
                                                                                    : -(float)w;
    SDL_Rect dst = {(int)lroundf(ax + start), (int)lroundf(ay - (float)h / 2), w, h};
    if (c->vertical) {
        /* The rotated box is centred at (ax, ay - start - w/2); rotating the unrotated dst about
         * its own centre by -90 degrees (counter-clockwise) lands it there. */
        float cx = ax, cy = ay - start - (float)w / 2;
        dst = (SDL_Rect){(int)lroundf(cx - (float)w / 2), (int)lroundf(cy - (float)h / 2), w, h};
    }
    if (tex == atlas_texture(rc->atlas)) {
        copy_from_atlas(rc, src, dst, c->color, c->vertical, 0);
        return 0;
    }
    /* a string too large for the atlas has a texture of its own, valid until the next string */
    flush(rc);
    SDL_SetTextureColorMod(tex, c->color.r, c->color.g, c->color.b);
    SDL_SetTextureAlphaMod(tex, c->color.a);
    if (c->vertical) SDL_RenderCopyEx(rc->renderer, tex, &src, &dst, -90.0, NULL, SDL_FLIP_NONE);
    else SDL_RenderCopy(rc->renderer, tex, &src, &dst);
    return 0;
}

/* ---- the list ------------------------------------------------------------------------------- */

/* Puts every string and grid of the list into the atlas before anything is drawn, and notes
 * where: uploading into a texture that queued draws already sample makes the rasterizer finish
 * those draws first, so uploads between draws would stall the frame again and again. What this
 * frame puts is not evicted by its later puts; only when a region must be cleared midway do some
 * places no longer hold, and those commands are put again as they are drawn. Failures are left
 * for the drawing pass to report. */
static int place_all(render_ctx *rc, const draw_list *dl, float s) {
    size_t n = draw_list_count(dl);
    if (n > rc->cap_placed) {
        atlas_place *p = realloc(rc->placed, n * sizeof *p);
        if (!p) return -1;
        rc->placed = p;
        rc->cap_placed = n;
    }
    atlas_begin_frame(rc->atlas);
    s2s_error ignored;
    for (size_t i = 0; i < n; i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        atlas_place *p = &rc->placed[i];
        SDL_Texture *tex;
        if (c->kind == DRAW_TEXT) {
            if (font_cache_get(rc->text, draw_cmd_text(dl, c), (int)lroundf(c->size * s), &tex, p, &ignored) != 0)
                p->shelf = -1;
        } else if (c->kind == DRAW_CELLS || c->kind == DRAW_RAMP) {
            if (cells_in_atlas(rc, draw_cmd_cells(dl, c), c->rows, c->cols, p) != 0) p->shelf = -1;
        } else {
            p->shelf = -1;
        }
    }
    return 0;
}

int render_draw_list(render_ctx *rc, const draw_list *dl, float scale, s2s_error *err) {
    SDL_Renderer *r = rc->renderer;
    int status = 0, ow = 0, oh = 0;
    s2s_error later; /* errors after the first are not reported */
    if (place_all(rc, dl, scale) != 0) {
        s2s_fail(err, "render: out of memory");
        return -1;
    }
    SDL_GetRendererOutputSize(r, &ow, &oh);
    rc->depth = rc->overflow = 0;
    apply_clip(rc);
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        switch (c->kind) {
        case DRAW_FILL: {
            SDL_Rect px = snap(c->rect, scale);
            if (c->color.a == 255 && px.x <= 0 && px.y <= 0 && px.x + px.w >= ow && px.y + px.h >= oh &&
                rc->depth == 0) { /* a full-frame background: a clear is far cheaper than a quad */
                discard(rc); /* everything pending is under it */
                SDL_SetRenderDrawColor(r, c->color.r, c->color.g, c->color.b, 255);
                SDL_RenderClear(r);
            } else if (i + 1 < draw_list_count(dl) && framed_fill(rc, c, draw_list_at(dl, i + 1), scale)) {
                i++; /* the outline was drawn with it */
            } else {
                solid_over(rc, px, c->color.a == 255, c->color.a < 255);
                solid_rect(rc, px, c->color);
            }
            break;
        }
        case DRAW_OUTLINE:
            draw_outline_px(rc, snap(c->rect, scale), outline_px(c, scale), c->color);
            break;
        case DRAW_LINE: draw_line_px(rc, c, scale); break;
        case DRAW_TEXT:
            if (draw_text_px(rc, dl, c, &rc->placed[i], scale, status ? &later : err) != 0) status = -1;
            break;
        case DRAW_CELLS:
        case DRAW_RAMP: draw_grid(rc, dl, c, &rc->placed[i], scale); break;
        case DRAW_HATCH: draw_hatch_px(rc, c, scale); break;
        case DRAW_IMAGE: {
            flush(rc); /* in list order: over what came before, under what follows */
            SDL_Texture *tex = image_texture(rc, draw_cmd_text(dl, c));
            SDL_Rect px = snap(c->rect, scale);
            if (tex) SDL_RenderCopy(r, tex, NULL, &px);
            break;
        }
        case DRAW_CLIP_PUSH:
            flush(rc);
            clip_push(rc, snap(c->rect, scale));
            break;
        case DRAW_CLIP_POP:
            flush(rc);
            clip_pop(rc);
            break;
        }
    }
    flush(rc);
    rc->depth = rc->overflow = 0;
    apply_clip(rc);
    return status;
}
