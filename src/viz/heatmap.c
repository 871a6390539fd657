/* heatmap.c: heatmap layout (where the title, labels, cells and colorbar go), hit-testing and the
 * value -> colour mapping. Emitting the commands is in heatmap_draw.c. */
#include "viz/heatmap.h"
#include "core/util.h"
#include "viz/heatmap_private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void heatmap_spec_init(heatmap_spec *s) {
    memset(s, 0, sizeof *s);
    s->range = HEATMAP_RANGE_FIXED;
    s->vmin = 0;
    s->vmax = 1;
    s->show_values = 1;
    s->show_colorbar = 1;
    s->hover_row = s->hover_col = -1;
    s->zoom = 1;
}

const char *heatmap_label(const char *const *labels, int i, char *buf, size_t n) {
    if (labels && labels[i]) return labels[i];
    snprintf(buf, n, "%d", i);
    return buf;
}

float heatmap_line_h(const draw_list *dl, float size) {
    float h;
    draw_measure(dl, "Ag", size, NULL, &h);
    return h;
}

/* Widest label of a list at size (index strings when labels is NULL). */
static float labels_max_w(const draw_list *dl, const char *const *labels, int n, float size) {
    float best = 0;
    char buf[16];
    for (int i = 0; i < n; i++) {
        float w;
        draw_measure(dl, heatmap_label(labels, i, buf, sizeof buf), size, &w, NULL);
        if (w > best) best = w;
    }
    return best;
}

int heatmap_ticks(float vmin, float vmax, int max_ticks, float *ticks, int cap, int *decimals) {
    if (max_ticks < 2) max_ticks = 2;
    float span = vmax - vmin;
    if (!(span > 0) || cap < 1) return 0;
    /* "nice numbers": a step of 1, 2 or 5 times a power of ten, as few ticks as fit */
    float mag = powf(10, floorf(log10f(span / (float)(max_ticks - 1))));
    static const float mult[] = {1, 2, 5, 10, 20, 50, 100};
    float step = mag * 100;
    for (size_t i = 0; i < ARRAY_LEN(mult); i++) {
        float st = mag * mult[i];
        if (floorf(vmax / st + 1e-4f) - ceilf(vmin / st - 1e-4f) + 1 <= (float)max_ticks) {
            step = st;
            break;
        }
    }
    int d = (int)ceilf(-log10f(step) - 1e-4f);
    if (decimals) *decimals = d > 0 ? d : 0;
    int n = 0;
    for (float k = ceilf(vmin / step - 1e-4f); k <= floorf(vmax / step + 1e-4f) && n < cap; k++) {
        float v = k * step;
        ticks[n++] = fabsf(v) < step * 1e-4f ? 0.0f : v; /* no "-0.0" */
    }
    return n;
}

/* Decimals used to print cell values: enough to tell weights apart, few enough to fit. */
int heatmap_value_decimals(float vmin, float vmax) {
    float span = fmaxf(fabsf(vmin), fabsf(vmax));
    return span <= 1.5f ? 2 : span < 15 ? 1 : 0;
}

/* Resolves the value range of the spec into *lo, *hi (hi > lo always). */
static void resolve_range(const heatmap_spec *s, float *lo, float *hi) {
    float a = s->vmin, b = s->vmax;
    if (s->range != HEATMAP_RANGE_FIXED) {
        float mn = INFINITY, mx = -INFINITY;
        for (size_t i = 0; i < (size_t)s->rows * (size_t)s->cols; i++) {
            float v = s->values[i];
            if (!isfinite(v)) continue;
            mn = fminf(mn, v);
            mx = fmaxf(mx, v);
        }
        if (mn > mx) mn = 0, mx = 1; /* everything masked */
        if (s->range == HEATMAP_RANGE_DIVERGING) {
            float m = fmaxf(fabsf(mn), fabsf(mx));
            mn = -m, mx = m;
        }
        a = mn, b = mx;
    }
    if (!(b > a)) b = a + 1; /* a constant matrix still gets a usable scale */
    *lo = a, *hi = b;
}

/* The spec's text scale (the window's Ctrl +), 1 when unset. */
static float text_scale(const heatmap_spec *s) { return s->text_scale > 0 ? s->text_scale : 1.0f; }

/* One layout attempt with a given label size; fills everything in out but the label steps. */
static void layout_pass(const draw_list *dl, const heatmap_spec *s, draw_rect b, float label_size,
                        heatmap_layout *out) {
    float pad = fminf(fmaxf(fminf(b.w, b.h) * 0.035f, 4), 20);
    draw_rect in = {b.x + pad, b.y + pad, fmaxf(b.w - 2 * pad, 1), fmaxf(b.h - 2 * pad, 1)};
    out->inner = in;
    out->label_size = label_size;
    float k = text_scale(s);
    out->title_size = fminf(HEATMAP_TITLE_SIZE * k, fmaxf(in.h * 0.06f, HEATMAP_LABEL_MIN * k));
    out->tick_size = fminf(HEATMAP_TICK_SIZE * k, label_size);
    float lh = heatmap_line_h(dl, label_size);

    float top = s->title ? heatmap_line_h(dl, out->title_size) + 10 : 0;
    if (s->col_title) top += lh + 2;
    float left = s->row_title ? lh + 4 : 0;
    out->row_label_w = fminf(labels_max_w(dl, s->layout_row_labels ? s->layout_row_labels : s->row_labels, s->rows, label_size),
                             in.w * (s->row_label_share > 0 ? s->row_label_share : 0.22f));
    left += out->row_label_w + HEATMAP_GAP;

    float right = 0;
    if (s->show_colorbar) {
        float t[16], w = 0;
        int dec, n = heatmap_ticks(out->vmin, out->vmax, 8, t, 16, &dec);
        for (int i = 0; i < n; i++) {
            char buf[32], *p = buf;
            snprintf(buf, sizeof buf, "%.*f", dec, (double)t[i]);
            float tw;
            draw_measure(dl, p, out->tick_size, &tw, NULL);
            w = fmaxf(w, tw);
        }
        right = 3 * HEATMAP_GAP + HEATMAP_BAR_W + 5 + w;
    }
    /* the lowest tick label is centred on the grid's bottom edge: keep room for its lower half */
    float bottom = s->show_colorbar ? heatmap_line_h(dl, out->tick_size) / 2 : 0;

    float col_max_w = labels_max_w(dl, s->layout_col_labels ? s->layout_col_labels : s->col_labels, s->cols, label_size);
    float avail_w = fmaxf(in.w - left - right, 1);
    /* Try horizontal column labels first; rotate them when the widest does not fit its cell. */
    for (int vertical = 0; vertical < 2; vertical++) {
        out->col_vertical = vertical;
        out->col_label_h = vertical ? fminf(col_max_w, in.h * 0.3f) + HEATMAP_GAP : lh + HEATMAP_GAP;
        float avail_h = fmaxf(in.h - top - out->col_label_h - bottom, 1);
        float cell = fminf(avail_w / (float)s->cols, avail_h / (float)s->rows);
        float tall = s->max_aspect > 1 ? fminf(avail_h / (float)s->rows, cell * s->max_aspect) : cell;
        /* whole logical pixels keep every cell the same size after snapping at any export scale */
        if (cell >= 4) cell = floorf(cell);
        if (tall >= 4) tall = floorf(tall);
        out->cell_w = cell;
        out->cell_h = tall;
        if (vertical || col_max_w + 4 <= cell) break;
    }
    float gw = out->cell_w * (float)s->cols, gh = out->cell_h * (float)s->rows;
    /* Centre the whole composition (labels + grid + colorbar) in the inner rect. */
    float x0 = in.x + fmaxf((in.w - (left + gw + right)) / 2, 0);
    float y0 = in.y + fmaxf((in.h - (top + out->col_label_h + gh + bottom)) / 2, 0);
    out->grid = draw_rect_make(x0 + left, y0 + top + out->col_label_h, gw, gh);
    out->colorbar = s->show_colorbar
        ? draw_rect_make(out->grid.x + gw + 3 * HEATMAP_GAP, out->grid.y, HEATMAP_BAR_W, gh)
        : draw_rect_make(out->grid.x + gw, out->grid.y, 0, 0);
    out->top_y = y0;
}

/* Largest label size <= the maximum whose line height fits in `room` pixels, or the minimum
 * (both times the text scale k). */
static float fit_label_size(const draw_list *dl, float room, float k) {
    float lh = heatmap_line_h(dl, HEATMAP_LABEL_MAX * k);
    float size = floorf(HEATMAP_LABEL_MAX * k * room / lh);
    return fminf(fmaxf(size, HEATMAP_LABEL_MIN * k), HEATMAP_LABEL_MAX * k);
}

int heatmap_layout_compute(const draw_list *dl, const heatmap_spec *s, draw_rect bounds,
                           heatmap_layout *out, s2s_error *err) {
    if (!s || !s->values) return s2s_fail(err, "heatmap: no values to draw");
    if (s->rows < 1 || s->cols < 1)
        return s2s_fail(err, "heatmap: matrix is %d x %d; it needs at least one row and column",
                        s->rows, s->cols);
    if (!(bounds.w > 0 && bounds.h > 0))
        return s2s_fail(err, "heatmap: empty rect %.0f x %.0f", (double)bounds.w, (double)bounds.h);
    memset(out, 0, sizeof *out);
    out->bounds = bounds;
    out->rows = s->rows;
    out->cols = s->cols;
    resolve_range(s, &out->vmin, &out->vmax);
    float zoom = s->zoom >= 1 ? s->zoom : 1;

    /* Pass 1 at the largest label size; if the cells are shorter than a label line, shrink the
     * labels to fit the cells and lay out again (smaller labels leave more room for cells). */
    float k = text_scale(s);
    layout_pass(dl, s, bounds, HEATMAP_LABEL_MAX * k, out);
    float size = fit_label_size(dl, out->cell_h * zoom * 0.95f, k);
    if (size < HEATMAP_LABEL_MAX * k) layout_pass(dl, s, bounds, size, out);

    /* Still too small at the minimum size: label only every n-th row / column. */
    float lh = heatmap_line_h(dl, out->label_size);
    float cw = out->cell_w * zoom, ch = out->cell_h * zoom;
    out->row_step = ch >= lh ? 1 : (int)ceilf(lh / ch);
    if (out->col_vertical) out->col_step = cw >= lh ? 1 : (int)ceilf(lh / cw);
    else out->col_step = 1;

    /* Values in cells: as large as looks right (about a third of the cell), never below legible. */
    out->value_size = 0;
    if (s->show_values) {
        int dec = heatmap_value_decimals(out->vmin, out->vmax);
        char sample[32]; /* the wider of the ends (a symmetric scale's minus sign counts) */
        float widest = fabsf(out->vmin) > fabsf(out->vmax) ? out->vmin : out->vmax;
        if (out->vmin < 0 && fabsf(out->vmin) >= fabsf(out->vmax) * 0.999f) widest = out->vmin;
        snprintf(sample, sizeof sample, "%.*f", dec, (double)widest);
        for (float vs = fminf(HEATMAP_LABEL_MAX * k, floorf(ch * 0.34f)); vs >= HEATMAP_VALUE_MIN; vs--) {
            float w, h;
            draw_measure(dl, sample, vs, &w, &h);
            if (w + 6 <= cw && h + 2 <= ch) {
                out->value_size = vs;
                break;
            }
        }
    }

    /* cell (col, row) -> pixels: translate to the grid, scale by the zoomed cell, pan. */
    glm_mat3_identity(out->cell_to_px);
    glm_translate2d(out->cell_to_px, (vec2){out->grid.x, out->grid.y});
    glm_scale2d(out->cell_to_px, (vec2){cw, ch});
    glm_translate2d(out->cell_to_px, (vec2){zoom > 1 ? -s->pan_col : 0, zoom > 1 ? -s->pan_row : 0});
    glm_mat3_inv(out->cell_to_px, out->px_to_cell);
    return 0;
}

draw_rect heatmap_cell_rect(const heatmap_layout *l, int row, int col) {
    vec3 a = {(float)col, (float)row, 1}, b = {(float)col + 1, (float)row + 1, 1}, pa, pb;
    glm_mat3_mulv((vec3 *)l->cell_to_px, a, pa);
    glm_mat3_mulv((vec3 *)l->cell_to_px, b, pb);
    return draw_rect_make(pa[0], pa[1], pb[0] - pa[0], pb[1] - pa[1]);
}

int heatmap_hit(const heatmap_layout *l, float x, float y, int *row, int *col) {
    const draw_rect g = l->grid;
    if (x < g.x || y < g.y || x >= g.x + g.w || y >= g.y + g.h) return 0;
    vec3 p = {x, y, 1}, c;
    glm_mat3_mulv((vec3 *)l->px_to_cell, p, c);
    int cc = (int)floorf(c[0]), rr = (int)floorf(c[1]);
    if (rr < 0 || cc < 0 || rr >= l->rows || cc >= l->cols) return 0;
    if (row) *row = rr;
    if (col) *col = cc;
    return 1;
}

draw_color heatmap_value_color(const heatmap_spec *s, const heatmap_layout *l, float v) {
    const colormap *cm = s->cmap ? s->cmap : colormap_default();
    return colormap_sample(cm, (v - l->vmin) / (l->vmax - l->vmin));
}
