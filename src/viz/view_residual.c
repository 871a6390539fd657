/* view_residual.c: the residual stream through one layer. For each token and each sublayer: how
 * big the residual input is, how big the sublayer's update is, their sum, and the LayerNorm output,
 * so a viewer sees what every Add & Norm does; below, the four vectors of the focused token as
 * colour strips. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz/heatmap.h"
#include "viz/view.h"
#include "core/i18n.h"

static float l2(const float *x, int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += (double)x[i] * x[i];
    return (float)sqrt(s);
}

/* The four stages of a sublayer, in order. */
static void stage_ops(trace_sublayer sub, trace_op ops[4]) {
    ops[0] = TO_INPUT;
    ops[1] = sub == TS_FFN ? TO_FFN_OUT : TO_ATTN_OUT;
    ops[2] = TO_ADD;
    ops[3] = TO_NORM;
}

static const char *const stage_label[4] = {N_("residual in"), N_("update"), N_("sum"), N_("LayerNorm")};

/* Gathers one (rows, D) stage into out; returns rows (0 when absent). */
static int gather_rows(const view_ctx *v, trace_block b, int layer, trace_sublayer sub, trace_op op, float *out) {
    const s2s_config *c = &v->model->cfg;
    int rows, cols;
    if (trace_gather(v->trace, b, layer, sub, op, -1, v->cursor, out, c->max_len + 1, c->d_model, &rows, &cols))
        return 0;
    return rows;
}

static void embed_view(draw_list *dl, view_ctx *v, draw_rect r) {
    const view_focus *f = &v->focus;
    const s2s_config *c = &v->model->cfg;
    int rows = 0, cols = 0;
    trace_gather(v->trace, f->block, -1, TS_NONE, f->op, -1, v->cursor, v->scratch, c->max_len + 1, c->d_model, &rows,
                 &cols);
    char title[128];
    snprintf(title, sizeof title, "%s · %s", f->block == TB_ENCODER ? _("Encoder") : _("Decoder"), view_op_title(f->op));
    draw_rect in = view_panel(dl, v, r, title);
    if (rows < 1) return;
    heatmap_spec s;
    view_heatmap_spec(v, &s);
    s.values = v->scratch;
    s.rows = rows;
    s.cols = c->d_model;
    s.row_labels = f->block == TB_ENCODER ? v->src_labels : v->dec_labels;
    in = view_heatmap_title(dl, v, in, f->op == TO_EMBED ? _("each token's vector: embedding × √d_model + sinusoidal position")
                                                         : _("each token's vector after the stack's final LayerNorm"));
    s.row_title = _("token");
    s.col_title = _("feature");
    s.range = HEATMAP_RANGE_DIVERGING;
    s.show_values = 0;
    s.max_aspect = 6.0f; /* a few tokens of many features: tall rows keep the token labels readable */
    s2s_error err;
    heatmap_draw(dl, &s, in, NULL, &err);
}

void view_residual(draw_list *dl, view_ctx *v, draw_rect r) {
    const view_focus *f = &v->focus;
    if (f->layer < 0) {
        embed_view(dl, v, r);
        return;
    }
    const s2s_config *c = &v->model->cfg;
    const theme *th = v->th;
    int D = c->d_model, R = c->max_len + 1;
    char title[128];
    snprintf(title, sizeof title, _("%s layer %d · residual stream through every Add & Norm"),
             f->block == TB_ENCODER ? _("Encoder") : _("Decoder"), f->layer + 1);
    draw_rect in = view_panel(dl, v, r, title);
    trace_sublayer subs[3];
    int n_sub = 0;
    subs[n_sub++] = TS_SELF_ATTN;
    if (f->block == TB_DECODER) subs[n_sub++] = TS_CROSS_ATTN;
    subs[n_sub++] = TS_FFN;

    /* norms[s][k][row]: |x| of stage k of sublayer s for each row */
    static const int MAXR = S2S_MAX_LEN + 1;
    float *buf = v->scratch;
    float norms[3][4][64];
    int rows = 0;
    float mx = 1e-6f;
    for (int s = 0; s < n_sub; s++) {
        trace_op ops[4];
        stage_ops(subs[s], ops);
        for (int k = 0; k < 4; k++) {
            int n = gather_rows(v, f->block, f->layer, subs[s], ops[k], buf);
            if (n > rows) rows = n;
            for (int i = 0; i < n && i < 64; i++) {
                norms[s][k][i] = isnan(buf[(size_t)i * D]) ? NAN : l2(buf + (size_t)i * D, D);
                if (norms[s][k][i] > mx) mx = norms[s][k][i];
            }
            for (int i = n; i < 64; i++) norms[s][k][i] = NAN;
        }
    }
    (void)MAXR;
    if (rows > 64) rows = 64;
    if (rows < 1) {
        draw_text(dl, _("not computed yet at this step"), in.x + in.w * 0.5f, in.y + in.h * 0.5f, v->m.text_title,
                  th->text_dim, DRAW_ALIGN_CENTER, 0);
        return;
    }
    const char *const *labels = f->block == TB_ENCODER ? v->src_labels : v->dec_labels;
    float fs = v->m.text_label, w;
    /* the label column: as wide as the widest token or stage name, at most 30 % of the panel */
    float label_w = fs * 3.0f;
    for (int i = 0; i < rows; i++) {
        draw_measure(dl, labels[i], fs, &w, NULL);
        if (w + fs > label_w) label_w = w + fs;
    }
    for (int k = 0; k < 4; k++) {
        draw_measure(dl, _(stage_label[k]), fs * 0.9f, &w, NULL);
        if (w + fs > label_w) label_w = w + fs;
    }
    if (label_w > in.w * 0.3f) label_w = in.w * 0.3f;
    float strip_h = in.h * 0.26f, strip_least = fs * 1.6f + 4.0f * fs * 1.15f; /* the vector strips, at the bottom */
    if (strip_h < strip_least) strip_h = strip_least;
    float table_h = in.h - strip_h - 10.0f;
    draw_color colors[4] = {th->text_dim, th->accent, colormap_sample(v->cm, 0.55f), colormap_sample(v->cm, 0.9f)};
    if (th->background.r < 128) colors[3] = colormap_sample(v->cm, 0.95f);
    /* legend: flows onto a second row when the panel is narrow */
    float lx = in.x + label_w, ly = in.y + fs * 0.7f;
    for (int k = 0; k < 4; k++) {
        draw_measure(dl, _(stage_label[k]), fs, &w, NULL);
        if (lx + fs * 1.3f + w > in.x + in.w && lx > in.x + label_w) lx = in.x + label_w, ly += fs * 1.3f;
        draw_fill(dl, draw_rect_make(lx, ly - fs * 0.4f, fs, fs * 0.8f), colors[k]);
        draw_text(dl, _(stage_label[k]), lx + fs * 1.3f, ly, fs, th->text, DRAW_ALIGN_LEFT, 0);
        lx += w + fs * 3.0f;
    }
    float title_y = ly + fs * 1.9f, head_h = title_y - in.y + fs * 0.8f;
    float gw = (in.w - label_w) / (float)n_sub;
    float rh = (table_h - head_h) / (float)rows;
    if (rh > fs * 4.0f) rh = fs * 4.0f;
    float bar_h = (rh - 4.0f) / 4.0f;
    int label_every = rh >= fs * 1.15f ? 1 : (int)ceilf(fs * 1.15f / rh); /* short rows: a label on every k-th */
    for (int i = 0; i < rows; i++) /* where a lesson's highlight points; before the columns, so clicks reach them */
        hit_add(v->hits, draw_rect_make(in.x, in.y + head_h + i * rh, in.w, rh), (hit){.kind = HIT_VIEW_ROW, .index = i});
    for (int s = 0; s < n_sub; s++) {
        float gx = in.x + label_w + s * gw;
        int on = subs[s] == f->sub;
        if (on) draw_fill(dl, draw_rect_make(gx, title_y - fs, gw - 8.0f, in.y + table_h - (title_y - fs)), th->background);
        view_text_fit(dl, v, view_sub_name(v->model, f->block, subs[s]), gx + 4.0f, title_y, fs * 1.05f,
                      on ? th->accent : th->text, DRAW_ALIGN_LEFT, gw - 12.0f);
        hit_add(v->hits, draw_rect_make(gx, title_y - fs, gw - 8.0f, in.y + table_h - (title_y - fs)),
                (hit){.kind = HIT_PLACE, .place = {f->block, f->layer, subs[s], TO_INPUT, -1}});
        float pct_w;
        draw_measure(dl, "Δ 100%", fs * 0.9f, &pct_w, NULL);
        int show_pct = rh >= fs * 1.1f && gw > pct_w * 2.5f;
        float maxw = gw - 12.0f - (show_pct ? pct_w + fs * 0.5f : 0.0f);
        for (int i = 0; i < rows; i++) {
            float y = in.y + head_h + i * rh;
            if (s == 0 && i % label_every == 0) {
                view_text_fit(dl, v, labels[i], in.x + label_w - 8.0f, y + rh * 0.5f, fs, i == f->row ? th->accent : th->text,
                              DRAW_ALIGN_RIGHT, label_w - 8.0f);
            }
            for (int k = 0; k < 4; k++) {
                float n = norms[s][k][i];
                if (isnan(n)) continue;
                draw_fill(dl, draw_rect_make(gx + 4.0f, y + 2.0f + k * bar_h, maxw * n / mx, bar_h - 1.0f), colors[k]);
            }
            float in_n = norms[s][0][i], up = norms[s][1][i];
            if (show_pct && !isnan(in_n) && !isnan(up) && in_n > 0) {
                char pct[32];
                snprintf(pct, sizeof pct, "Δ %.0f%%", 100.0 * up / in_n);
                draw_text(dl, pct, gx + gw - 12.0f, y + rh * 0.5f, fs * 0.9f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
            }
        }
    }
    /* the focused token's four vectors in the focused sublayer */
    int row = f->row < rows ? f->row : rows - 1, si = 0;
    for (int s = 0; s < n_sub; s++)
        if (subs[s] == f->sub) si = s;
    trace_op ops[4];
    stage_ops(subs[si], ops);
    float *strip = buf + (size_t)4 * R * D; /* after the gathers' space */
    float sy = in.y + table_h + 10.0f;
    char cap[128];
    snprintf(cap, sizeof cap, _("token %s in %s: the %d features of each stage"), labels[row],
             view_sub_name(v->model, f->block, subs[si]), D);
    view_text_fit(dl, v, cap, in.x, sy + fs * 0.6f, fs, th->text_dim, DRAW_ALIGN_LEFT, in.w);
    float sh = (strip_h - fs * 1.6f) / 4.0f;
    for (int k = 0; k < 4; k++) {
        int n = gather_rows(v, f->block, f->layer, subs[si], ops[k], buf);
        if (row >= n) continue;
        memcpy(strip, buf + (size_t)row * D, sizeof(float) * (size_t)D);
        float am = 1e-6f;
        for (int e = 0; e < D; e++)
            if (fabsf(strip[e]) > am) am = fabsf(strip[e]);
        draw_color cells[S2S_MAX_D_MODEL];
        for (int e = 0; e < D; e++) cells[e] = colormap_sample(v->cm, 0.5f + 0.5f * strip[e] / am);
        float y = sy + fs * 1.4f + k * sh;
        view_text_fit(dl, v, _(stage_label[k]), in.x + label_w - 8.0f, y + sh * 0.5f, fs * 0.9f, th->text, DRAW_ALIGN_RIGHT,
                      label_w - 8.0f);
        draw_cells(dl, draw_rect_make(in.x + label_w, y + 2.0f, in.w - label_w, sh - 4.0f), 1, D, cells);
    }
}
