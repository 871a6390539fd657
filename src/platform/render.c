/* render.c: the SDL executor of draw lists. Offscreen export is in render_export.c. */
#include "platform/render.h"

#include <math.h>
#include <stdlib.h>

enum { RENDER_CLIP_DEPTH = 32, RENDER_TEXT_CACHE = 1024 };

struct render_ctx {
    SDL_Renderer *renderer;
    font_set *fonts;
    font_cache *text;
    SDL_Rect clip[RENDER_CLIP_DEPTH];
    int depth;      /* clip stack depth (pushes past RENDER_CLIP_DEPTH keep the innermost clip) */
    int overflow;   /* pushes that did not fit, so their pops are matched */
};

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

static void set_color(SDL_Renderer *r, draw_color c) { SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a); }

/* A segment of width w (output pixels) as a quad, for the lines SDL2 cannot draw thick. */
static void thick_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, float w,
                       draw_color c) {
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len <= 0) return;
    float nx = -dy / len * w / 2, ny = dx / len * w / 2;
    SDL_Color col = {c.r, c.g, c.b, c.a};
    SDL_Vertex v[4] = {
        {{x0 + nx, y0 + ny}, col, {0, 0}}, {{x1 + nx, y1 + ny}, col, {0, 0}},
        {{x1 - nx, y1 - ny}, col, {0, 0}}, {{x0 - nx, y0 - ny}, col, {0, 0}},
    };
    static const int idx[6] = {0, 1, 2, 0, 2, 3};
    SDL_RenderGeometry(r, NULL, v, 4, idx, 6);
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

static void draw_outline_px(SDL_Renderer *r, SDL_Rect b, int t) {
    if (2 * t >= b.w || 2 * t >= b.h) {
        SDL_RenderFillRect(r, &b);
        return;
    }
    SDL_Rect sides[4] = {
        {b.x, b.y, b.w, t}, {b.x, b.y + b.h - t, b.w, t},
        {b.x, b.y + t, t, b.h - 2 * t}, {b.x + b.w - t, b.y + t, t, b.h - 2 * t},
    };
    SDL_RenderFillRects(r, sides, 4);
}

/* Cells (and ramps): one rect per cell, edges snapped, so the grid is crisp at any scale. */
static void draw_cells_px(SDL_Renderer *r, const draw_list *dl, const draw_cmd *c, float s) {
    const draw_color *col = draw_cmd_cells(dl, c);
    float cw = c->rect.w / (float)c->cols, ch = c->rect.h / (float)c->rows;
    for (int i = 0; i < c->rows; i++) {
        for (int k = 0; k < c->cols; k++) {
            SDL_Rect px = snap(draw_rect_make(c->rect.x + cw * (float)k, c->rect.y + ch * (float)i,
                                              cw, ch), s);
            if (px.w <= 0 || px.h <= 0) continue;
            set_color(r, col[(size_t)i * (size_t)c->cols + (size_t)k]);
            SDL_RenderFillRect(r, &px);
        }
    }
}

/* Masked cell: background, then "/" diagonals x + y = k every spacing, clipped to the cell. */
static void draw_hatch_px(render_ctx *rc, const draw_cmd *c, float s) {
    SDL_Rect px = snap(c->rect, s);
    if (px.w <= 0 || px.h <= 0) return;
    set_color(rc->renderer, c->color2);
    SDL_RenderFillRect(rc->renderer, &px);
    clip_push(rc, px);
    float step = c->width * s * 1.41421356f; /* along x + y for a perpendicular gap of spacing */
    float w = fmaxf(1, c->width * s / 4);
    float x0 = (float)px.x, y0 = (float)px.y, x1 = x0 + (float)px.w, y1 = y0 + (float)px.h;
    for (float k = x0 + y0 + step / 2; k < x1 + y1 + w; k += step)
        thick_line(rc->renderer, k - y0 + w, y0 - w, k - y1 - w, y1 + w, w, c->color);
    clip_pop(rc);
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
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    rc->depth = rc->overflow = 0;
    apply_clip(rc);
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        switch (c->kind) {
        case DRAW_FILL: {
            SDL_Rect px = snap(c->rect, scale);
            set_color(r, c->color);
            SDL_RenderFillRect(r, &px);
            break;
        }
        case DRAW_OUTLINE:
            set_color(r, c->color);
            draw_outline_px(r, snap(c->rect, scale), (int)fmaxf(1, lroundf(c->width * scale)));
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
                set_color(r, c->color);
                SDL_RenderFillRect(r, &px);
            } else {
                thick_line(r, c->x0 * scale, c->y0 * scale, c->x1 * scale, c->y1 * scale, w,
                           c->color);
            }
            break;
        }
        case DRAW_TEXT:
            if (draw_text_px(rc, dl, c, scale, rc_status ? &local : err) != 0) rc_status = -1;
            break;
        case DRAW_CELLS:
        case DRAW_RAMP: draw_cells_px(r, dl, c, scale); break;
        case DRAW_HATCH: draw_hatch_px(rc, c, scale); break;
        case DRAW_CLIP_PUSH: clip_push(rc, snap(c->rect, scale)); break;
        case DRAW_CLIP_POP: clip_pop(rc); break;
        }
    }
    rc->depth = rc->overflow = 0;
    apply_clip(rc);
    return rc_status;
}
