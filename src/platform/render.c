/* render.c: the SDL executor of draw lists. Offscreen export is in render_export.c. */
#include "platform/render.h"

#include <math.h>
#include <stdlib.h>

enum { RENDER_CLIP_DEPTH = 32, RENDER_TEXT_CACHE = 1024 };

#define RENDER_CELL_TEXTURES 96

struct render_ctx {
    SDL_Renderer *renderer;
    font_set *fonts;
    font_cache *text;
    SDL_Rect clip[RENDER_CLIP_DEPTH];
    int depth;      /* clip stack depth (pushes past RENDER_CLIP_DEPTH keep the innermost clip) */
    int overflow;   /* pushes that did not fit, so their pops are matched */
    SDL_Vertex *batch; /* (n_batch) triangles of lines and hatching waiting for one draw call */
    int n_batch, cap_batch;
    int batch_blend;   /* the batch holds translucent quads (drawn blended) rather than opaque ones */
    struct cell_tex {  /* streaming textures for grids of tiny cells, reused frame after frame */
        SDL_Texture *tex;
        int rows, cols;
        long last_frame;
        unsigned long long hash; /* of the colours it holds: unchanged grids are not uploaded again */
    } cell_tex[RENDER_CELL_TEXTURES];
    long frame;
};

/* Draws the batched triangles in one call. Called before anything that is not batched, so the
 * drawing order of the list is kept. */
static void batch_flush(render_ctx *rc) {
    if (rc->n_batch == 0) return;
    SDL_SetRenderDrawBlendMode(rc->renderer, rc->batch_blend ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
    SDL_RenderGeometry(rc->renderer, NULL, rc->batch, rc->n_batch, NULL, 0);
    rc->n_batch = 0;
}

/* Appends the quad p[0..3] (in order around it) in colour c. Drops it when out of memory. */
static void batch_quad(render_ctx *rc, const SDL_FPoint p[4], draw_color c) {
    /* opaque runs are drawn unblended (no read-back of pixels); a change of kind ends the run, so
     * the drawing order is kept */
    int blend = c.a < 255;
    if (blend != rc->batch_blend) {
        batch_flush(rc);
        rc->batch_blend = blend;
    }
    if (rc->n_batch + 6 > rc->cap_batch) {
        int cap = rc->cap_batch ? 2 * rc->cap_batch : 6 * 1024;
        SDL_Vertex *v = realloc(rc->batch, sizeof *v * (size_t)cap);
        if (!v) return;
        rc->batch = v;
        rc->cap_batch = cap;
    }
    SDL_Color col = {c.r, c.g, c.b, c.a};
    static const int tri[6] = {0, 1, 2, 0, 2, 3};
    for (int t = 0; t < 6; t++) rc->batch[rc->n_batch++] = (SDL_Vertex){p[tri[t]], col, {0, 0}};
}

render_ctx *render_create(SDL_Renderer *r, font_set *fs, s2s_error *err) {
    render_ctx *rc = calloc(1, sizeof *rc);
    if (!rc) {
        s2s_fail(err, "render: out of memory");
        return NULL;
    }
    rc->renderer = r;
    rc->fonts = fs;
    rc->text = font_cache_create(fs, r, RENDER_TEXT_CACHE, err);
    if (!rc->text) {
        free(rc);
        return NULL;
    }
    return rc;
}

void render_destroy(render_ctx *rc) {
    if (!rc) return;
    font_cache_destroy(rc->text);
    for (int i = 0; i < RENDER_CELL_TEXTURES; i++)
        if (rc->cell_tex[i].tex) SDL_DestroyTexture(rc->cell_tex[i].tex);
    free(rc->batch);
    free(rc);
}

void render_text_stats(const render_ctx *rc, long *hits, long *misses) {
    font_cache_stats(rc->text, hits, misses);
}

/* A logical rect in output pixels, each edge rounded on its own: neighbours share edges exactly. */
static SDL_Rect snap(draw_rect r, float s) {
    int x0 = (int)lroundf(r.x * s), y0 = (int)lroundf(r.y * s);
    int x1 = (int)lroundf((r.x + r.w) * s), y1 = (int)lroundf((r.y + r.h) * s);
    SDL_Rect out = {x0, y0, x1 - x0, y1 - y0};
    return out;
}

/* Opaque colours are drawn without blending: a software rasterizer (llvmpipe under Xvfb, SDL's
 * software renderer) then writes pixels without reading them back, several times faster. */
static void set_color(SDL_Renderer *r, draw_color c) {
    SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
}

/* A segment of width w (output pixels) as a batched quad, for the lines SDL2 cannot draw thick. */
static void thick_line(render_ctx *rc, float x0, float y0, float x1, float y1, float w, draw_color c) {
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len <= 0) return;
    float nx = -dy / len * w / 2, ny = dx / len * w / 2;
    SDL_FPoint p[4] = {{x0 + nx, y0 + ny}, {x1 + nx, y1 + ny}, {x1 - nx, y1 - ny}, {x0 - nx, y0 - ny}};
    batch_quad(rc, p, c);
}

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

/* An axis-aligned pixel rect as a batched quad. */
static void batch_rect(render_ctx *rc, SDL_Rect b, draw_color c) {
    float x0 = (float)b.x, y0 = (float)b.y, x1 = x0 + (float)b.w, y1 = y0 + (float)b.h;
    SDL_FPoint p[4] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
    batch_quad(rc, p, c);
}

static void draw_outline_px(render_ctx *rc, SDL_Rect b, int t, draw_color c) {
    if (2 * t >= b.w || 2 * t >= b.h) {
        batch_rect(rc, b, c);
        return;
    }
    SDL_Rect sides[4] = {
        {b.x, b.y, b.w, t}, {b.x, b.y + b.h - t, b.w, t},
        {b.x, b.y + t, t, b.h - 2 * t}, {b.x + b.w - t, b.y + t, t, b.h - 2 * t},
    };
    for (int i = 0; i < 4; i++) batch_rect(rc, sides[i], c);
}

/* Cells (and ramps): one rect per cell, edges snapped, so the grid is crisp at any scale. */
/* FNV-1a over the colours. */
static unsigned long long hash_colors(const draw_color *c, size_t n) {
    unsigned long long h = 1469598103934665603ULL;
    const unsigned char *p = (const unsigned char *)c;
    for (size_t i = 0; i < n * sizeof *c; i++) h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

/* A texture of rows x cols pixels not yet used this frame: one already holding these colours (hash)
 * when there is one, so nothing is uploaded; else one of that size; else the least recently used
 * slot is replaced. *fresh says whether the caller must upload the colours. NULL when all are used. */
static SDL_Texture *cell_texture(render_ctx *rc, int rows, int cols, unsigned long long hash, int *fresh) {
    struct cell_tex *best = &rc->cell_tex[0], *same_size = NULL;
    for (int i = 0; i < RENDER_CELL_TEXTURES; i++) {
        struct cell_tex *t = &rc->cell_tex[i];
        int free_now = t->tex && t->rows == rows && t->cols == cols && t->last_frame != rc->frame;
        if (free_now && t->hash == hash) {
            t->last_frame = rc->frame;
            *fresh = 0;
            return t->tex;
        }
        if (free_now && (!same_size || t->last_frame < same_size->last_frame)) same_size = t;
        if (t->last_frame < best->last_frame) best = t;
    }
    *fresh = 1;
    if (same_size) {
        same_size->last_frame = rc->frame;
        same_size->hash = hash;
        return same_size->tex;
    }
    if (best->last_frame == rc->frame) return NULL; /* all in use this frame */
    if (best->tex) SDL_DestroyTexture(best->tex);
    best->tex = SDL_CreateTexture(rc->renderer, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STREAMING, cols, rows);
    if (!best->tex) return NULL;
    SDL_SetTextureScaleMode(best->tex, SDL_ScaleModeNearest);
    SDL_SetTextureBlendMode(best->tex, SDL_BLENDMODE_NONE);
    best->rows = rows;
    best->cols = cols;
    best->last_frame = rc->frame;
    best->hash = hash;
    return best->tex;
}

/* Grids whose cells are a few pixels (thumbnails, 512-wide vectors): one texel a cell, stretched
 * with nearest sampling: one quad instead of rows*cols. Returns 0, or -1 to fall back. */
static int draw_cells_tex(render_ctx *rc, const draw_list *dl, const draw_cmd *c, float s) {
    const draw_color *colors = draw_cmd_cells(dl, c);
    int fresh;
    SDL_Texture *tex = cell_texture(rc, c->rows, c->cols, hash_colors(colors, (size_t)c->rows * (size_t)c->cols), &fresh);
    if (!tex) return -1;
    /* draw_color is r,g,b,a bytes: ABGR8888 on a little-endian host is that byte order */
    if (fresh && SDL_UpdateTexture(tex, NULL, colors, c->cols * (int)sizeof(draw_color)) != 0) return -1;
    SDL_Rect px = snap(c->rect, s);
    return SDL_RenderCopy(rc->renderer, tex, NULL, &px);
}

/* All cells of a grid in one SDL_RenderGeometry call (one draw call, however many cells): two
 * triangles a cell with the cell's colour on its four vertices. Edges are rounded once per grid
 * line, so neighbouring cells share exact pixel boundaries. */
static void draw_cells_px(SDL_Renderer *r, const draw_list *dl, const draw_cmd *c, float s) {
    const draw_color *col = draw_cmd_cells(dl, c);
    int R = c->rows, C = c->cols;
    if (R <= 0 || C <= 0) return;
    float *xs = malloc(sizeof(float) * (size_t)(C + 1)), *ys = malloc(sizeof(float) * (size_t)(R + 1));
    SDL_Vertex *v = malloc(sizeof(SDL_Vertex) * (size_t)R * (size_t)C * 6);
    if (!xs || !ys || !v) {
        free(xs);
        free(ys);
        free(v);
        return;
    }
    for (int k = 0; k <= C; k++) xs[k] = roundf((c->rect.x + c->rect.w * (float)k / (float)C) * s);
    for (int i = 0; i <= R; i++) ys[i] = roundf((c->rect.y + c->rect.h * (float)i / (float)R) * s);
    int n = 0;
    for (int i = 0; i < R; i++)
        for (int k = 0; k < C; k++) {
            draw_color dc = col[(size_t)i * (size_t)C + (size_t)k];
            SDL_Color sc = {dc.r, dc.g, dc.b, dc.a};
            SDL_FPoint p[4] = {{xs[k], ys[i]}, {xs[k + 1], ys[i]}, {xs[k + 1], ys[i + 1]}, {xs[k], ys[i + 1]}};
            static const int tri[6] = {0, 1, 2, 0, 2, 3};
            for (int t = 0; t < 6; t++) v[n++] = (SDL_Vertex){p[tri[t]], sc, {0, 0}};
        }
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
    SDL_RenderGeometry(r, NULL, v, n, NULL, 0);
    free(xs);
    free(ys);
    free(v);
}

/* Masked cell: background, then "/" diagonals x + y = k every spacing, each cut to the cell
 * (inset by half the line width) so no clip change is needed and every hatched cell of a heatmap
 * goes into the same batch. */
static void draw_hatch_px(render_ctx *rc, const draw_cmd *c, float s) {
    SDL_Rect px = snap(c->rect, s);
    if (px.w <= 0 || px.h <= 0) return;
    float x0 = (float)px.x, y0 = (float)px.y, x1 = x0 + (float)px.w, y1 = y0 + (float)px.h;
    SDL_FPoint bg[4] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
    batch_quad(rc, bg, c->color2);
    float step = c->width * s * 1.41421356f; /* along x + y for a perpendicular gap of spacing */
    float w = fmaxf(1, c->width * s / 4), in = w / 2;
    float ax = x0 + in, ay = y0 + in, bx = x1 - in, by = y1 - in;
    if (bx <= ax || by <= ay) return;
    for (float k = x0 + y0 + step / 2; k < bx + by; k += step) { /* same phase as before the inset */
        /* the segment of x + y = k inside [ax, bx] x [ay, by] */
        float sx = fmaxf(ax, k - by), ex = fminf(bx, k - ay);
        if (ex <= sx) continue;
        thick_line(rc, sx, k - sx, ex, k - ex, w, c->color);
    }
}

static int draw_text_px(render_ctx *rc, const draw_list *dl, const draw_cmd *c, float s,
                        s2s_error *err) {
    int px = (int)lroundf(c->size * s), w, h;
    SDL_Texture *tex = font_cache_get(rc->text, draw_cmd_text(dl, c), px, &w, &h, err);
    if (!tex) return -1;
    SDL_SetTextureColorMod(tex, c->color.r, c->color.g, c->color.b);
    SDL_SetTextureAlphaMod(tex, c->color.a);
    float ax = c->x0 * s, ay = c->y0 * s;
    float start = c->align == DRAW_ALIGN_LEFT ? 0 : c->align == DRAW_ALIGN_CENTER ? -(float)w / 2
                                                                                    : -(float)w;
    if (!c->vertical) {
        SDL_Rect dst = {(int)lroundf(ax + start), (int)lroundf(ay - (float)h / 2), w, h};
        SDL_RenderCopy(rc->renderer, tex, NULL, &dst);
    } else {
        /* The rotated box is centred at (ax, ay - start - w/2); rotating the unrotated dst about
         * its own centre by -90 degrees (counter-clockwise) lands it there. */
        float cx = ax, cy = ay - start - (float)w / 2;
        SDL_Rect dst = {(int)lroundf(cx - (float)w / 2), (int)lroundf(cy - (float)h / 2), w, h};
        SDL_RenderCopyEx(rc->renderer, tex, NULL, &dst, -90.0, NULL, SDL_FLIP_NONE);
    }
    return 0;
}

int render_draw_list(render_ctx *rc, const draw_list *dl, float scale, s2s_error *err) {
    SDL_Renderer *r = rc->renderer;
    int rc_status = 0;
    s2s_error local;
    rc->frame++;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    rc->depth = rc->overflow = 0;
    apply_clip(rc);
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        /* Lines, outlines, hatching and small fills go into one geometry batch: a software
         * rasterizer pays per draw call, and a frame has hundreds of them. Large opaque fills are
         * drawn on their own, unblended, which is cheaper per pixel. */
        SDL_Rect fill_px = snap(c->rect, scale);
        int small_fill = c->kind == DRAW_FILL && (c->color.a < 255 || (long)fill_px.w * fill_px.h < 64 * 64);
        int batched = c->kind == DRAW_HATCH || c->kind == DRAW_LINE || c->kind == DRAW_OUTLINE || small_fill;
        if (!batched) batch_flush(rc);
        switch (c->kind) {
        case DRAW_FILL: {
            SDL_Rect px = fill_px;
            if (small_fill) {
                batch_rect(rc, px, c->color);
                break;
            }
            set_color(r, c->color);
            int ow, oh;
            if (c->color.a == 255 && px.x <= 0 && px.y <= 0 && SDL_GetRendererOutputSize(r, &ow, &oh) == 0 &&
                px.x + px.w >= ow && px.y + px.h >= oh && rc->depth == 0)
                SDL_RenderClear(r); /* a full-frame background: a clear is far cheaper than a quad */
            else
                SDL_RenderFillRect(r, &px);
            break;
        }
        case DRAW_OUTLINE:
            draw_outline_px(rc, snap(c->rect, scale), (int)fmaxf(1, lroundf(c->width * scale)), c->color);
            break;
        case DRAW_LINE: {
            float w = fmaxf(1, roundf(c->width * scale));
            if (c->x0 == c->x1 || c->y0 == c->y1) { /* axis-aligned: a snapped rect, crisp */
                float hw = w / 2 / scale;
                draw_rect lr = c->x0 == c->x1
                    ? draw_rect_make(c->x0 - hw, fminf(c->y0, c->y1), 2 * hw, fabsf(c->y1 - c->y0))
                    : draw_rect_make(fminf(c->x0, c->x1), c->y0 - hw, fabsf(c->x1 - c->x0), 2 * hw);
                SDL_Rect px = snap(lr, scale);
                if (px.w < 1) px.w = 1;
                if (px.h < 1) px.h = 1;
                batch_rect(rc, px, c->color);
            } else {
                thick_line(rc, c->x0 * scale, c->y0 * scale, c->x1 * scale, c->y1 * scale, w,
                           c->color);
            }
            break;
        }
        case DRAW_TEXT:
            if (draw_text_px(rc, dl, c, scale, rc_status ? &local : err) != 0) rc_status = -1;
            break;
        case DRAW_CELLS:
        case DRAW_RAMP:
            if (c->rect.w * scale / (float)c->cols >= 4.0f || c->rect.h * scale / (float)c->rows >= 4.0f ||
                draw_cells_tex(rc, dl, c, scale) != 0)
                draw_cells_px(r, dl, c, scale);
            break;
        case DRAW_HATCH: draw_hatch_px(rc, c, scale); break;
        case DRAW_CLIP_PUSH: clip_push(rc, snap(c->rect, scale)); break;
        case DRAW_CLIP_POP: clip_pop(rc); break;
        }
    }
    batch_flush(rc);
    rc->depth = rc->overflow = 0;
    apply_clip(rc);
    return rc_status;
}
