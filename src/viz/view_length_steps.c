/* view_length_steps.c: the NAT length classifier's first two operations in the centre panel (the
 * third, the length distribution, is view_length): the mean of the memory over the source
 * positions, a vector of d_model numbers, and the length logits, one per length 0..max_len. Both
 * are drawn as signed bars about a zero line, with the axis's ends written, so the panel shows the
 * numbers that run there rather than a blank. */
#include <math.h>
#include <stdio.h>

#include "core/i18n.h"
#include "viz/view.h"

/* n signed bars in r, zero line marked, labels every `every` (index + first), the bar `on` (or -1)
 * in the accent colour, the others coloured by value through the colormap (so the bars read as the
 * colour strips of the other views), the scale's ends written at the left. */
static void signed_bars(draw_list *dl, const view_ctx *v, draw_rect r, const float *x, int n, int on, int every,
                        int first) {
    const theme *th = v->th;
    float fs = v->m.text_label, lo = 0, hi = 0;
    for (int k = 0; k < n; k++) {
        lo = fminf(lo, x[k]);
        hi = fmaxf(hi, x[k]);
    }
    float span = hi - lo > 1e-12f ? hi - lo : 1.0f;
    char lab[32];
    float axis_w = 0, tw;
    snprintf(lab, sizeof lab, "%+.2f", (double)lo);
    draw_measure(dl, lab, fs * 0.85f, &axis_w, NULL);
    snprintf(lab, sizeof lab, "%+.2f", (double)hi);
    draw_measure(dl, lab, fs * 0.85f, &tw, NULL);
    axis_w = fmaxf(axis_w, tw) + v->m.pad;
    draw_rect plot = draw_rect_make(r.x + axis_w, r.y + fs * 0.6f, r.w - axis_w, r.h - fs * 2.4f);
    float zero = plot.y + plot.h * hi / span, bw = plot.w / (float)n;
    /* the axis: the largest and smallest value at their heights, 0 at the zero line */
    snprintf(lab, sizeof lab, "%+.2f", (double)hi);
    draw_text(dl, lab, plot.x - v->m.pad * 0.5f, plot.y, fs * 0.85f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
    snprintf(lab, sizeof lab, "%+.2f", (double)lo);
    draw_text(dl, lab, plot.x - v->m.pad * 0.5f, plot.y + plot.h, fs * 0.85f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
    if (hi > 0 && lo < 0) draw_text(dl, "0", plot.x - v->m.pad * 0.5f, zero, fs * 0.85f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
    for (int k = 0; k < n; k++) {
        float top = plot.y + plot.h * (hi - fmaxf(x[k], 0)) / span, bottom = plot.y + plot.h * (hi - fminf(x[k], 0)) / span;
        draw_color c = k == on ? th->accent : colormap_sample(v->cm, (x[k] - lo) / span);
        draw_fill(dl, draw_rect_make(plot.x + k * bw + (bw > 4 ? 1.0f : 0), top, bw > 4 ? bw - 2.0f : bw, fmaxf(bottom - top, 1.0f)), c);
        if (k % every == 0 || k == on) {
            snprintf(lab, sizeof lab, "%d", k + first);
            draw_text(dl, lab, plot.x + (k + 0.5f) * bw, plot.y + plot.h + fs * 0.8f, fs * 0.85f,
                      k == on ? th->accent : th->text_dim, DRAW_ALIGN_CENTER, 0);
        }
    }
    draw_line(dl, plot.x, zero, plot.x + plot.w, zero, th->text_dim, 1.0f);
}

void view_length_step(draw_list *dl, view_ctx *v, draw_rect r) {
    const view_focus *f = &v->focus;
    int pool = f->op == TO_LENGTH_POOL;
    draw_rect in = view_panel(dl, v, r, pool ? _("NAT length classifier · mean of the memory")
                                             : _("NAT length classifier · length logits"));
    int i = trace_find(v->trace, TB_LENGTH, -1, TS_NONE, f->op, -1, 0);
    if (i < 0 || i > v->cursor) {
        draw_text(dl, _("runs after the encoder"), in.x + in.w * 0.5f, in.y + in.h * 0.5f, v->m.text_body,
                  v->th->text_dim, DRAW_ALIGN_CENTER, 0);
        return;
    }
    const trace_step *st = &v->trace->steps[i];
    const float *x = trace_data(v->trace, st); /* pool: (1, d_model); logits: (1, max_len + 1) */
    int n = st->cols, best = 0;
    for (int k = 1; k < n; k++)
        if (x[k] > x[best]) best = k;
    float fs = v->m.text_body;
    char what[200];
    if (pool)
        snprintf(what, sizeof what, _("the encoder's %d output vectors averaged: one vector of %d numbers (feature 1 … %d)"),
                 v->res->n_src, n, n);
    else
        snprintf(what, sizeof what, _("a linear layer on that vector: one score per length 0 … %d; the largest, %d, wins"), n - 1,
                 best);
    view_text_fit(dl, v, what, in.x, in.y + fs * 0.8f, fs, v->th->text, DRAW_ALIGN_LEFT, in.w);
    draw_rect plot = draw_rect_make(in.x, in.y + fs * 2.2f, in.w, in.h - fs * 2.2f);
    int every = n <= 24 ? 1 : n <= 64 ? 8 : 16;
    signed_bars(dl, v, plot, x, n, pool ? -1 : best, every, pool ? 1 : 0);
}
