/* heatmap_draw.c: turns a heatmap layout into draw commands. Everything is clipped to the view's
 * bounds, and every piece of text is shortened to the room the layout gave it, so nothing ever
 * spills into a neighbouring panel. */
#include "viz/heatmap.h"
#include "viz/heatmap_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Title, centred over the grid but kept inside the inner rect. */
static void emit_title(draw_list *dl, const heatmap_spec *s, const heatmap_layout *l,
                       const theme *th) {
    if (!s->title) return;
    char buf[256];
    draw_text_fit(dl, s->title, l->title_size, l->inner.w, buf, sizeof buf);
    float w, h;
    draw_measure(dl, buf, l->title_size, &w, &h);
    float cx = l->grid.x + l->grid.w / 2;
    cx = fmaxf(cx, l->inner.x + w / 2);
    cx = fminf(cx, l->inner.x + l->inner.w - w / 2);
    draw_text(dl, buf, cx, l->top_y + h / 2, l->title_size, th->text, DRAW_ALIGN_CENTER, 0);
}

/* Axis titles ("query" rotated on the left, "key" above the column labels), in the dim colour. */
static void emit_axis_titles(draw_list *dl, const heatmap_spec *s, const heatmap_layout *l,
                             const theme *th) {
    float lh = heatmap_line_h(dl, l->label_size);
    char buf[128];
    if (s->col_title) {
        draw_text_fit(dl, s->col_title, l->label_size, l->inner.w, buf, sizeof buf);
        float y = l->grid.y - l->col_label_h - 2 - lh / 2;
        draw_text(dl, buf, l->grid.x + l->grid.w / 2, y, l->label_size, th->text_dim,
                  DRAW_ALIGN_CENTER, 0);
    }
    if (s->row_title) {
        draw_text_fit(dl, s->row_title, l->label_size, l->grid.h, buf, sizeof buf);
        float x = l->grid.x - HEATMAP_GAP - l->row_label_w - 4 - lh / 2;
        draw_text(dl, buf, x, l->grid.y + l->grid.h / 2, l->label_size, th->text_dim,
                  DRAW_ALIGN_CENTER, 1);
    }
}

/* Row labels right-aligned against the grid, column labels above it (rotated when crowded). */
static void emit_labels(draw_list *dl, const heatmap_spec *s, const heatmap_layout *l,
                        const theme *th) {
    char num[16], buf[256];
    const draw_rect g = l->grid;
    float lh = heatmap_line_h(dl, l->label_size);
    float last = -1e9f; /* the centre of the label drawn before: a label closer than a line is left out */
    for (int r = 0; r < s->rows; r += l->row_step) {
        draw_rect c = heatmap_cell_rect(l, r, 0);
        float cy = c.y + c.h / 2;
        if (cy < g.y || cy > g.y + g.h) continue; /* panned out of view */
        /* rows shorter than a label: the first and last labels stay within the grid's height (not
         * into the corner, where the column labels are, or below the heatmap) */
        float half = l->label_size * 0.5f;
        if (g.h >= 2.0f * half) cy = fminf(fmaxf(cy, g.y + half), g.y + g.h - half);
        if (cy - last < lh) continue;
        last = cy;
        draw_text_fit(dl, heatmap_label(s->row_labels, r, num, sizeof num), l->label_size,
                      l->row_label_w, buf, sizeof buf);
        draw_color col = r == s->hover_row ? th->accent : th->text;
        draw_text(dl, buf, g.x - HEATMAP_GAP, cy, l->label_size, col, DRAW_ALIGN_RIGHT, 0);
    }
    last = -1e9f;
    for (int c = 0; c < s->cols; c += l->col_step) {
        draw_rect cr = heatmap_cell_rect(l, 0, c);
        float cx = cr.x + cr.w / 2;
        if (cx < g.x || cx > g.x + g.w) continue;
        const char *text = heatmap_label(s->col_labels, c, num, sizeof num);
        draw_color col = c == s->hover_col ? th->accent : th->text;
        if (l->col_vertical) {
            float half = l->label_size * 0.5f; /* as the rows: the first label keeps out of the corner */
            if (g.w >= 2.0f * half) cx = fminf(fmaxf(cx, g.x + half), g.x + g.w - half);
            if (cx - last < lh) continue;
            last = cx;
            draw_text_fit(dl, text, l->label_size, l->col_label_h - HEATMAP_GAP, buf, sizeof buf);
            draw_text(dl, buf, cx, g.y - HEATMAP_GAP, l->label_size, col, DRAW_ALIGN_LEFT, 1);
        } else {
            draw_text_fit(dl, text, l->label_size, cr.w * (float)l->col_step, buf, sizeof buf);
            draw_text(dl, buf, cx, g.y - HEATMAP_GAP - lh / 2, l->label_size, col,
                      DRAW_ALIGN_CENTER, 0);
        }
    }
}

/* The cells as one image, masked cells hatched over it, then the values that fit. */
static void emit_cells(draw_list *dl, const heatmap_spec *s, const heatmap_layout *l,
                       const theme *th) {
    size_t n = (size_t)s->rows * (size_t)s->cols;
    draw_color *colors = malloc(n * sizeof *colors);
    if (!colors) {
        draw_fill(dl, l->grid, th->masked); /* out of memory: show a blank grid, not garbage */
        return;
    }
    for (size_t i = 0; i < n; i++)
        colors[i] = isnan(s->values[i]) ? th->masked : heatmap_value_color(s, l, s->values[i]);
    draw_rect all = heatmap_cell_rect(l, 0, 0);
    all.w *= (float)s->cols;
    all.h *= (float)s->rows;
    draw_clip_push(dl, l->grid);
    draw_cells(dl, all, s->rows, s->cols, colors);

    const draw_rect g = l->grid;
    int dec = heatmap_value_decimals(l->vmin, l->vmax);
    /* one gap for the whole grid (from the layout, not per-cell float rects): one SVG pattern */
    float zoom = s->zoom >= 1 ? s->zoom : 1;
    float hatch_gap = fmaxf(4, fminf(l->cell_w, l->cell_h) * zoom / 4);
    /* Small cells (a 40-token causal mask has 800 masked ones): one hatch per run of masked cells
     * in a row, which still draws the mask's staircase, for a fraction of the strokes. */
    int merge_runs = fminf(l->cell_w, l->cell_h) * zoom < 16.0f;
    for (int r = 0; r < s->rows; r++) {
        for (int c = 0; c < s->cols; c++) {
            draw_rect cr = heatmap_cell_rect(l, r, c);
            if (cr.x >= g.x + g.w || cr.y >= g.y + g.h || cr.x + cr.w <= g.x || cr.y + cr.h <= g.y)
                continue;
            float v = s->values[(size_t)r * (size_t)s->cols + (size_t)c];
            if (isnan(v)) {
                if (merge_runs)
                    while (c + 1 < s->cols && isnan(s->values[(size_t)r * (size_t)s->cols + (size_t)c + 1])) {
                        draw_rect next = heatmap_cell_rect(l, r, ++c);
                        cr.w = next.x + next.w - cr.x;
                    }
                draw_hatch(dl, cr, th->masked, th->masked_line, hatch_gap);
            } else if (l->value_size > 0) {
                char buf[32];
                snprintf(buf, sizeof buf, "%.*f", dec, (double)v);
                draw_text(dl, buf, cr.x + cr.w / 2, cr.y + cr.h / 2, l->value_size,
                          colormap_contrast_text(colors[(size_t)r * (size_t)s->cols + (size_t)c]),
                          DRAW_ALIGN_CENTER, 0);
            }
        }
    }
    if (s->hover_row >= 0 && s->hover_col >= 0 && s->hover_row < s->rows && s->hover_col < s->cols)
        draw_outline(dl, heatmap_cell_rect(l, s->hover_row, s->hover_col), th->accent, 2);
    draw_clip_pop(dl);
    draw_outline(dl, g, th->grid, 1);
    free(colors);
}

void heatmap_colorbar(draw_list *dl, draw_rect b, float vmin, float vmax, const colormap *cm,
                      const theme *th, float tick_size) {
    enum { STEPS = 256 };
    draw_color ramp[STEPS];
    if (!cm) cm = colormap_default();
    for (int i = 0; i < STEPS; i++) ramp[i] = colormap_sample(cm, 1.0f - (float)i / (STEPS - 1));
    draw_ramp(dl, b, STEPS, ramp);
    draw_outline(dl, b, th->grid, 1);

    float lh = heatmap_line_h(dl, tick_size);
    int max_ticks = (int)(b.h / (lh * 1.5f)) + 1;
    float ticks[16];
    int dec, n = heatmap_ticks(vmin, vmax, max_ticks < 8 ? max_ticks : 8, ticks, 16, &dec);
    for (int i = 0; i < n; i++) {
        float y = b.y + b.h * (vmax - ticks[i]) / (vmax - vmin);
        char buf[32];
        snprintf(buf, sizeof buf, "%.*f", dec, (double)ticks[i]);
        draw_line(dl, b.x + b.w, y, b.x + b.w + 4, y, th->text_dim, 1);
        draw_text(dl, buf, b.x + b.w + 6, y, tick_size, th->text_dim, DRAW_ALIGN_LEFT, 0);
    }
}

/* The colour ramp (high values on top), its frame, tick marks and numbers. */
static void emit_colorbar(draw_list *dl, const heatmap_spec *s, const heatmap_layout *l,
                          const theme *th) {
    if (!s->show_colorbar || l->colorbar.h <= 0) return;
    heatmap_colorbar(dl, l->colorbar, l->vmin, l->vmax, s->cmap, th, l->tick_size);
}

void heatmap_emit(draw_list *dl, const heatmap_spec *s, const heatmap_layout *l) {
    const theme *th = s->theme ? s->theme : theme_light();
    if (!s->transparent) draw_fill(dl, l->bounds, th->background);
    draw_clip_push(dl, l->bounds);
    emit_title(dl, s, l, th);
    emit_axis_titles(dl, s, l, th);
    emit_labels(dl, s, l, th);
    emit_cells(dl, s, l, th);
    emit_colorbar(dl, s, l, th);
    draw_clip_pop(dl);
}

int heatmap_draw(draw_list *dl, const heatmap_spec *s, draw_rect bounds, heatmap_layout *out,
                 s2s_error *err) {
    heatmap_layout local;
    heatmap_layout *l = out ? out : &local;
    if (heatmap_layout_compute(dl, s, bounds, l, err)) return -1;
    heatmap_emit(dl, s, l);
    return 0;
}
