/* figure_draw.c: lays figures out: a header (title, subtitle), then one heatmap drawn by the
 * window's heatmap view, or a grid of them under one shared colorbar. Sizes follow the matrix, so
 * a 3-token figure is small and a 60-token one still fits an 8192-pixel PNG at 4x. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/figure.h"
#include "viz/heatmap.h"
#include "viz/figure_private.h"
#include "core/i18n.h"

float fig_line_h(const draw_list *dl, float size) {
    float h;
    draw_measure(dl, "Ag", size, NULL, &h);
    return h;
}

float fig_text_w(const draw_list *dl, const char *text, float size) {
    float w;
    draw_measure(dl, text, size, &w, NULL);
    return w;
}

float fig_labels_w(const draw_list *dl, const char *const *labels, int n, float size) {
    float best = 0;
    for (int i = 0; i < n; i++) best = fmaxf(best, fig_text_w(dl, labels[i], size));
    return best;
}

/* "input abc → output cba" (the output as far as the step), and a note on hatching. */
void fig_subtitle(const figure_src *src, const figure_spec *s, char *out, size_t cap) {
    const s2s_model *m = src->model;
    const s2s_decode_result *r = src->res;
    char in[4 * S2S_MAX_LEN + 1], o[8 * S2S_MAX_LEN + 1];
    vocab_join(&m->src, r->src, r->n_src, in, sizeof in);
    int n = r->n_out;
    if (figure_steps(src) && s->step > 0 && s->step < n) n = s->step;
    if (n > 0 && r->out[n - 1] == S2S_END) n--;
    vocab_join(&m->tgt, r->out, n, o, sizeof o);
    const char *note = s->kind == FIGURE_ENCODER ? "" : _("  ·  hatched: masked or not yet computed");
    snprintf(out, cap, _("input “%.120s” → output “%.120s”%s"), in, o, note);
}

float fig_header_h(const draw_list *dl) { return FIG_MARGIN + fig_line_h(dl, FIG_TITLE) + 4 + fig_line_h(dl, FIG_SUBTITLE) + 8; }

/* Title and subtitle centred over a figure of width w, in fig_header_h(). */
void fig_header(draw_list *dl, const char *title, const char *sub, float w, const theme *th) {
    float th_h = fig_line_h(dl, FIG_TITLE), sh = fig_line_h(dl, FIG_SUBTITLE);
    draw_text(dl, title, w / 2, FIG_MARGIN + th_h / 2, FIG_TITLE, th->text, DRAW_ALIGN_CENTER, 0);
    draw_text(dl, sub, w / 2, FIG_MARGIN + th_h + 4 + sh / 2, FIG_SUBTITLE, th->text_dim, DRAW_ALIGN_CENTER, 0);
}

float fig_header_w(const draw_list *dl, const figure_src *src, const figure_spec *s, int grid) {
    /* the whole decode's title and subtitle are the widest ("step 9 of 9", the whole output): an
     * animation's frames all get that width */
    float w = 0;
    for (int k = 0; k < 2; k++) {
        figure_spec t = *s;
        if (k) t.step = 0;
        char title[256], sub[600];
        figure_title(src, &t, grid, title, sizeof title);
        fig_subtitle(src, &t, sub, sizeof sub);
        w = fmaxf(w, fmaxf(fig_text_w(dl, title, FIG_TITLE), fig_text_w(dl, sub, FIG_SUBTITLE)));
    }
    return w + 2 * FIG_MARGIN;
}

/* The value range of a figure: weights 0..1, scores symmetric about 0 over every matrix given. */
void fig_value_range(const figure_spec *s, const figure_matrix *ms, int n, float *lo, float *hi) {
    *lo = 0;
    *hi = 1;
    if (s->op != TO_SCORES) return;
    float m = 0;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < ms[k].rows * ms[k].cols; i++)
            if (isfinite(ms[k].values[i])) m = fmaxf(m, fabsf(ms[k].values[i]));
    *lo = m > 0 ? -m : -1;
    *hi = m > 0 ? m : 1;
}

void fig_heatmap_spec(heatmap_spec *h, const figure_spec *s, const figure_matrix *m, const char *const *layout_rows,
                     const char *const *layout_cols, float lo, float hi) {
    heatmap_spec_init(h);
    h->values = m->values;
    h->rows = m->rows;
    h->cols = m->cols;
    h->row_labels = m->row_labels;
    h->col_labels = m->col_labels;
    h->layout_row_labels = layout_rows;
    h->layout_col_labels = layout_cols;
    h->range = HEATMAP_RANGE_FIXED;
    h->vmin = lo;
    h->vmax = hi;
    h->cmap = s->cmap;
    h->theme = s->theme;
    h->row_label_share = 1; /* the figure is sized for its labels: never shorten them */
    if (s->op == TO_MASK) h->show_colorbar = h->show_values = 0;
}

/* Heatmap pad as heatmap.c computes it, for a bounds of w x h. */
static float heatmap_pad(float w, float h) { return fminf(fmaxf(fminf(w, h) * 0.035f, 4), 20); }

/* Width and height a heatmap needs around cells of side cell: label bands, axis titles, colorbar.
 * Mirrors heatmap.c's layout at the first label size, so the heatmap lands on that cell size. */
void fig_heatmap_extent(const draw_list *dl, const figure_matrix *m, const char *const *lr,
                           const char *const *lc, int axis_titles, int colorbar, float cell, float *w, float *h,
                           float *pad_out) {
    float lh = fig_line_h(dl, FIG_LABEL);
    float row_w = fig_labels_w(dl, lr, m->rows, FIG_LABEL), col_w = fig_labels_w(dl, lc, m->cols, FIG_LABEL);
    float col_h = col_w + 4 <= cell ? lh + 6 : col_w + 6;
    float left = (axis_titles ? lh + 4 : 0) + row_w + 6;
    float right = colorbar ? 3 * 6 + 14 + 5 + fig_text_w(dl, "-0.00", FIG_TICK) : 0;
    float top = axis_titles ? lh + 2 : 0, bottom = colorbar ? fig_line_h(dl, FIG_TICK) / 2 : 0;
    float gw = cell * (float)m->cols, gh = cell * (float)m->rows;
    float cw = left + gw + right + 2, ch = top + col_h + gh + bottom + 2, pad = 20;
    for (int i = 0; i < 2; i++) pad = heatmap_pad(cw + 2 * pad, ch + 2 * pad);
    *w = cw + 2 * pad;
    *h = ch + 2 * pad;
    if (pad_out) *pad_out = pad;
}

int figure_heatmap(const figure_src *src, const figure_spec *s, draw_list *dl, float *w, float *h, s2s_error *err) {
    if (figure_check(src, s, err)) return -1;
    figure_matrix m, full;
    if (figure_matrix_get(src, s, 0, &m, err)) return -1;
    /* the labels of the whole decode size the label bands, so every step has one layout */
    figure_spec whole = *s;
    whole.step = 0;
    whole.upto = -1;
    if (figure_matrix_get(src, &whole, 0, &full, err)) {
        figure_matrix_free(&m);
        return -1;
    }
    const theme *th = s->theme ? s->theme : theme_light();
    char title[256], sub[600];
    figure_title(src, s, 0, title, sizeof title);
    fig_subtitle(src, s, sub, sizeof sub);

    int n = m.rows > m.cols ? m.rows : m.cols;
    float cell = fminf(56, fmaxf(floorf(560.0f / (float)n), fminf(18, floorf(1600.0f / (float)n))));
    /* wide enough for upright column labels when the figure stays reasonable */
    float col_w = fig_labels_w(dl, full.col_labels, full.cols, FIG_LABEL) + 6;
    if (col_w > cell && col_w * (float)n <= 720) cell = ceilf(col_w);
    float hw, hh, pad;
    fig_heatmap_extent(dl, &full, full.row_labels, full.col_labels, 1, s->op != TO_MASK, cell, &hw, &hh, &pad);
    float extra = fmaxf(FIG_MARGIN - pad, 0); /* the heatmap's own padding is most of the margin */
    float W = ceilf(fmaxf(hw + 2 * extra, fig_header_w(dl, src, s, 0)));
    float top = fig_header_h(dl), H = ceilf(top + hh + extra);
    draw_fill(dl, draw_rect_make(0, 0, W, H), th->background);
    fig_header(dl, title, sub, W, th);
    heatmap_spec hs;
    float lo, hi;
    fig_value_range(s, &m, 1, &lo, &hi);
    fig_heatmap_spec(&hs, s, &m, full.row_labels, full.col_labels, lo, hi);
    hs.row_title = s->kind == FIGURE_ENCODER ? _("query (source)") : _("query (decoder input)");
    hs.col_title = s->kind == FIGURE_DECODER ? _("key (decoder input)") : _("key (source)");
    float hx = (W - hw) / 2;
    int rc = heatmap_draw(dl, &hs, draw_rect_make(hx, top, hw, hh), NULL, err);
    figure_matrix_free(&m);
    figure_matrix_free(&full);
    *w = W;
    *h = H;
    return rc;
}
