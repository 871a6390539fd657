/* figure_grid.c: layers x heads of one attention kind as small heatmaps (the window's heatmap view
 * at thumbnail size, token labels on every panel), "head k" over the columns, "layer l" beside the
 * rows, and one colorbar for all of them, since every panel shares one scale. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/figure_private.h"
#include "core/i18n.h"

/* Widest a grid may get in logical pixels: 4x export stays under the 8192-pixel image limit. */
#define GRID_MAX_W 2000.0f
#define GRID_GAP 10.0f

int figure_grid(const figure_src *src, const figure_spec *s, draw_list *dl, float *w, float *h, s2s_error *err) {
    if (figure_check(src, s, err)) return -1;
    const s2s_config *c = &src->model->cfg;
    int L = s->kind == FIGURE_ENCODER ? c->n_enc : c->n_dec;
    int nl = s->n_layers ? s->n_layers : L - s->layer, nh = s->n_heads ? s->n_heads : c->n_heads - s->head;
    figure_matrix *ms = calloc((size_t)(nl * nh + 1), sizeof *ms);
    if (!ms) return s2s_fail(err, "out of memory for %d matrices", nl * nh);
    int got = 0, rc = -1;
    for (int l = 0; l < nl; l++)
        for (int k = 0; k < nh; k++, got++) {
            figure_spec one = *s;
            one.layer = s->layer + l;
            one.head = s->head + k;
            if (figure_matrix_get(src, &one, 0, &ms[got], err)) goto done;
        }
    figure_spec whole = *s; /* the whole decode's labels size the label bands: one layout per step */
    whole.step = 0;
    whole.upto = -1;
    if (figure_matrix_get(src, &whole, 0, &ms[got], err)) goto done;
    const figure_matrix *full = &ms[got++];
    const theme *th = s->theme ? s->theme : theme_light();

    char title[256], sub[600];
    figure_title(src, s, 1, title, sizeof title);
    fig_subtitle(src, s, sub, sizeof sub);
    float lh = fig_line_h(dl, FIG_LABEL);
    char widest[32]; /* the row header's room: a two-digit layer */
    snprintf(widest, sizeof widest, _("layer %d"), 88);
    float row_hdr = fig_text_w(dl, widest, FIG_LABEL) + GRID_GAP, col_hdr = lh + 4;
    float bar_w = 14, caption = lh + 6;
    float bar_room = 16 + bar_w + 6 + fig_text_w(dl, "-0.00", FIG_TICK) + caption;
    /* cells as large as 180-pixel panels allow, smaller when there are many heads */
    int n = full->rows > full->cols ? full->rows : full->cols;
    float label_room = fig_labels_w(dl, full->row_labels, full->rows, FIG_LABEL) + 30;
    float per_panel = (GRID_MAX_W - 2 * FIG_MARGIN - row_hdr - bar_room) / (float)nh - GRID_GAP - label_room;
    float cell = floorf(fminf(180.0f, per_panel) / (float)n);
    cell = fmaxf(2, fminf(cell, 28));
    float pw, ph;
    fig_heatmap_extent(dl, full, full->row_labels, full->col_labels, 0, 0, cell, &pw, &ph, NULL);

    float grid_w = (float)nh * pw + (float)(nh - 1) * GRID_GAP, grid_h = (float)nl * ph + (float)(nl - 1) * GRID_GAP;
    float W = ceilf(fmaxf(2 * FIG_MARGIN + row_hdr + grid_w + bar_room, fig_header_w(dl, src, s, 1)));
    float top = fig_header_h(dl), H = ceilf(top + col_hdr + grid_h + FIG_MARGIN);
    draw_fill(dl, draw_rect_make(0, 0, W, H), th->background);
    fig_header(dl, title, sub, W, th);
    float x0 = (W - (row_hdr + grid_w + bar_room)) / 2 + row_hdr, y0 = top + col_hdr;

    float lo, hi;
    fig_value_range(s, ms, nl * nh, &lo, &hi);
    char buf[32];
    for (int k = 0; k < nh; k++) {
        snprintf(buf, sizeof buf, _("head %d"), s->head + k + 1);
        draw_text(dl, buf, x0 + (float)k * (pw + GRID_GAP) + pw / 2, top + lh / 2, FIG_LABEL, th->text,
                  DRAW_ALIGN_CENTER, 0);
    }
    rc = 0;
    for (int l = 0; l < nl && rc == 0; l++) {
        float y = y0 + (float)l * (ph + GRID_GAP);
        snprintf(buf, sizeof buf, _("layer %d"), s->layer + l + 1);
        draw_text(dl, buf, x0 - GRID_GAP, y + ph / 2, FIG_LABEL, th->text, DRAW_ALIGN_RIGHT, 0);
        for (int k = 0; k < nh && rc == 0; k++) {
            heatmap_spec hs;
            fig_heatmap_spec(&hs, s, &ms[l * nh + k], full->row_labels, full->col_labels, lo, hi);
            hs.show_colorbar = 0;
            hs.show_values = 0; /* thumbnails: the colour is the message, the single figure has numbers */
            rc = heatmap_draw(dl, &hs, draw_rect_make(x0 + (float)k * (pw + GRID_GAP), y, pw, ph), NULL, err);
        }
    }
    if (s->op != TO_MASK) { /* one colorbar for every panel, at most 360 pixels tall, centred on them */
        float bh = fminf(grid_h - 16, 360), bx = x0 + grid_w + 16, by = y0 + (grid_h - bh) / 2;
        heatmap_colorbar(dl, draw_rect_make(bx, by, bar_w, bh), lo, hi, s->cmap, th, FIG_TICK);
        const char *what = s->op == TO_SCORES ? _("score") : _("attention weight");
        draw_text(dl, what, x0 + grid_w + bar_room - caption / 2, by + bh / 2, FIG_LABEL, th->text_dim,
                  DRAW_ALIGN_CENTER, 1);
    }
    *w = W;
    *h = H;
done:
    for (int i = 0; i < got; i++) figure_matrix_free(&ms[i]);
    free(ms);
    return rc;
}
