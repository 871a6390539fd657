/* layout_check.c: where a frame's text does not fit (layout_check.h). */
#include "viz/layout_check.h"

#include <stdio.h>

/* A text's box for overlaps: its measured width, one em tall about its centre line (the measured
 * box includes the line gap, which neighbouring rows may share). Sides of a box within TOLERANCE of
 * each other still count as apart: rounding, not a layout fault. */
#define TOLERANCE 0.75f

static draw_rect em_box(const draw_cmd *c) {
    draw_rect r = c->rect;
    if (c->vertical) {
        float cx = r.x + r.w * 0.5f;
        return draw_rect_make(cx - c->size * 0.5f, r.y, c->size, r.h);
    }
    float cy = r.y + r.h * 0.5f;
    return draw_rect_make(r.x, cy - c->size * 0.5f, r.w, c->size);
}

static int inside(draw_rect in, draw_rect out) {
    return in.x >= out.x - TOLERANCE && in.y >= out.y - TOLERANCE && in.x + in.w <= out.x + out.w + TOLERANCE &&
           in.y + in.h <= out.y + out.h + TOLERANCE;
}

static int overlap(draw_rect a, draw_rect b) {
    draw_rect i = draw_rect_intersect(a, b);
    return i.w > TOLERANCE && i.h > TOLERANCE;
}

static int contains(draw_rect r, float x, float y) { return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h; }

static void add(layout_report *r, layout_problem_kind k, size_t a, size_t b) {
    if (r->n < (int)(sizeof r->items / sizeof r->items[0])) r->items[r->n] = (layout_problem){k, a, b};
    r->n++;
}

#define CLIP_DEPTH 16

layout_report layout_check(const draw_list *dl, float w, float h, const draw_rect *panels, int n_panels, size_t from) {
    layout_report rep = {0};
    draw_rect screen = draw_rect_make(0, 0, w, h), clips[CLIP_DEPTH];
    int depth = 0;
    size_t n = draw_list_count(dl);
    for (size_t i = 0; i < n; i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind == DRAW_CLIP_PUSH) {
            draw_rect top = depth ? clips[depth - 1] : screen;
            if (depth < CLIP_DEPTH) clips[depth] = draw_rect_intersect(top, c->rect);
            depth++;
            continue;
        }
        if (c->kind == DRAW_CLIP_POP) {
            if (depth) depth--;
            continue;
        }
        if (c->kind != DRAW_TEXT || i < from || !draw_cmd_text(dl, c)[0]) continue;
        rep.texts++;
        if (rep.smallest_text == 0 || c->size < rep.smallest_text) rep.smallest_text = c->size;
        draw_rect box = em_box(c);
        if (depth && depth <= CLIP_DEPTH && !inside(box, clips[depth - 1])) add(&rep, LAYOUT_CLIPPED, i, i);
        if (!inside(box, screen)) add(&rep, LAYOUT_OFF_SCREEN, i, i);
        int home = -1;
        for (int p = 0; p < n_panels; p++)
            if (contains(panels[p], c->x0, c->y0) &&
                (home < 0 || panels[p].w * panels[p].h < panels[home].w * panels[home].h))
                home = p;
        if (home >= 0 && !inside(box, panels[home])) add(&rep, LAYOUT_OUT_OF_PANEL, i, i);
        for (size_t j = from; j < i; j++) {
            const draw_cmd *d = draw_list_at(dl, j);
            if (d->kind == DRAW_TEXT && draw_cmd_text(dl, d)[0] && overlap(box, em_box(d))) add(&rep, LAYOUT_OVERLAP, j, i);
        }
    }
    return rep;
}

void layout_problem_describe(const draw_list *dl, const layout_problem *p, char *out, size_t cap) {
    static const char *names[LAYOUT_KIND_COUNT] = {"clipped", "out of its panel", "off screen", "overlap"};
    const draw_cmd *a = draw_list_at(dl, p->a), *b = draw_list_at(dl, p->b);
    int n = snprintf(out, cap, "%s: \"%s\" at %.0f,%.0f %.0fx%.0f size %.1f", names[p->kind], draw_cmd_text(dl, a), a->rect.x,
                     a->rect.y, a->rect.w, a->rect.h, a->size);
    if (p->kind == LAYOUT_OVERLAP && n > 0 && (size_t)n < cap)
        snprintf(out + n, cap - (size_t)n, " and \"%s\" at %.0f,%.0f %.0fx%.0f", draw_cmd_text(dl, b), b->rect.x, b->rect.y,
                 b->rect.w, b->rect.h);
}
