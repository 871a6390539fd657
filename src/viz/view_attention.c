/* view_attention.c: one head of one attention sublayer, stage by stage (Q.K scores, mask, softmax
 * weights, weighted sum of V), with token labels on both axes, hover values, head tabs, and for
 * cross-attention a two-column lines view beside the heatmap. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz/heatmap.h"
#include "core/util.h"
#include "viz/view.h"
#include "core/i18n.h"

int view_attention_matrix(const view_ctx *v, trace_block b, int layer, trace_sublayer sub, trace_op op, int head,
                          float *out, int *rows, int *cols) {
    int upto = v->cursor;
    const s2s_config *c = &v->model->cfg;
    /* rows are queries or keys (at most M+1); columns are keys, or a head's Dh features */
    int per_head_vectors = op == TO_Q || op == TO_K || op == TO_V || op == TO_HEAD_OUT;
    int cap = c->max_len + 1, wide = per_head_vectors ? c->d_model / c->n_heads : cap;
    if ((size_t)cap * wide * 2 > v->scratch_len) return -1;
    trace_op src_op = op == TO_MASK ? TO_MASK : op;
    int h = op == TO_MASK ? -1 : head;
    if (trace_gather(v->trace, b, layer, sub, src_op, h, upto, out, cap, wide, rows, cols)) return -1;
    /* repack from stride `wide` to stride *cols */
    for (int r = 0; r < *rows; r++) memmove(out + (size_t)r * *cols, out + (size_t)r * wide, sizeof(float) * (size_t)*cols);
    if (op == TO_WEIGHTS || op == TO_MASK) {
        float *mask = v->scratch + v->scratch_len / 2; /* the upper half is ours */
        int mr, mc;
        if (trace_gather(v->trace, b, layer, sub, TO_MASK, -1, upto, mask, cap, wide, &mr, &mc) == 0)
            for (int r = 0; r < *rows; r++)
                for (int k = 0; k < *cols; k++) {
                    float m = (r < mr && k < mc) ? mask[(size_t)r * wide + k] : NAN;
                    float *cell = &out[(size_t)r * *cols + k];
                    if (isnan(m) || isinf(m)) *cell = NAN; /* masked, or not computed yet: blocked */
                    else if (op == TO_MASK) *cell = 1.0f;
                }
    }
    return 0;
}

/* Labels of the rows (queries or keys) and columns of a stage. */
static void stage_labels(const view_ctx *v, trace_block b, trace_sublayer sub, trace_op op, const char *const **rl,
                         const char *const **cl) {
    const char *const *q = b == TB_ENCODER ? v->src_labels : v->dec_labels;
    const char *const *k = (b == TB_ENCODER || sub == TS_CROSS_ATTN) ? v->src_labels : v->dec_labels;
    switch (op) {
    case TO_K:
    case TO_V: *rl = k; *cl = NULL; break;
    case TO_Q:
    case TO_HEAD_OUT: *rl = q; *cl = NULL; break;
    default: *rl = q; *cl = k; break;
    }
}

static const trace_op stages[] = {TO_Q, TO_K, TO_V, TO_SCORES, TO_MASK, TO_WEIGHTS, TO_HEAD_OUT};
static const char *const stage_names[] = {N_("Q"), N_("K"), N_("V"), N_("Q·K scores"), N_("mask"), N_("softmax"),
                                           N_("weighted sum of V")};
enum { N_STAGES = ARRAY_LEN(stages), STAGE_WEIGHTS = 5 }; /* stages[STAGE_WEIGHTS] == TO_WEIGHTS */

/* A row of n tabs, tab `current` lit; returns its height. Tab i clicks as targets[i]. */
static float tabs(draw_list *dl, view_ctx *v, float x, float y, float max_w, const char *const *names,
                  const hit *targets, int n, int current, const char *lead) {
    float fs = v->m.text_label, h = fs * 1.9f, pad = fs * 0.7f;
    if (lead) {
        float w;
        draw_measure(dl, lead, fs, &w, NULL);
        draw_text(dl, lead, x, y + h * 0.5f, fs, v->th->text_dim, DRAW_ALIGN_LEFT, 0);
        x += w + pad;
    }
    float x0 = x;
    for (int i = 0; i < n; i++) {
        float w;
        draw_measure(dl, names[i], fs, &w, NULL);
        w += 2 * pad;
        if (x + w > x0 + max_w) break; /* never overflow: the rest are reachable by keys */
        draw_rect tr = draw_rect_make(x, y, w, h);
        int on = i == current;
        draw_fill(dl, tr, on ? v->th->accent : v->th->background);
        draw_outline(dl, tr, v->th->grid, 1.0f);
        draw_text(dl, names[i], x + w * 0.5f, y + h * 0.5f, fs, on ? v->th->background : v->th->text, DRAW_ALIGN_CENTER, 0);
        hit_add(v->hits, tr, targets[i]);
        x += w + 4.0f;
    }
    return h;
}

void view_tooltip(draw_list *dl, const view_ctx *v, const char *text, float x, float y, draw_rect bounds) {
    float fs = v->m.text_large, w, h;
    draw_measure(dl, text, fs, &w, &h);
    draw_rect box = draw_rect_make(x + 16.0f, y + 18.0f, w + 20.0f, h + 12.0f);
    if (box.x + box.w > bounds.x + bounds.w) box.x = x - box.w - 8.0f;
    if (box.y + box.h > bounds.y + bounds.h) box.y = y - box.h - 8.0f;
    draw_fill(dl, box, v->th->text);
    draw_text(dl, text, box.x + 10.0f, box.y + box.h * 0.5f, fs, v->th->background, DRAW_ALIGN_LEFT, 0);
}

/* At most this many lines leave each decoder token: with 40 source tokens a line for every pair is
 * a grey mesh that hides what matters (and 1,600 long lines are most of a frame's drawing). */
enum { LINES_PER_TOKEN = 8 };

/* The k-th largest of the n values of v (NaN counts as smallest); -inf when n < k. */
static float kth_largest(const float *v, int n, int k) {
    float top[LINES_PER_TOKEN]; /* (k) descending */
    int m = 0;
    if (k > LINES_PER_TOKEN) k = LINES_PER_TOKEN;
    for (int i = 0; i < n; i++) {
        float x = v[i];
        if (isnan(x) || (m == k && x <= top[k - 1])) continue;
        int p = m < k ? m++ : k - 1;
        while (p > 0 && top[p - 1] < x) {
            top[p] = top[p - 1];
            p--;
        }
        top[p] = x;
    }
    return m == k ? top[k - 1] : -INFINITY;
}

/* Decoder tokens on the left, source tokens on the right, a line per (query, key) whose width and
 * opacity are the weight, for each token's strongest keys; the newest query row is drawn in the
 * accent colour. */
static float widest(const draw_list *dl, const char *const *labels, int n, float size) {
    float most = 0, w;
    for (int i = 0; i < n; i++) {
        draw_measure(dl, labels[i], size, &w, NULL);
        if (w > most) most = w;
    }
    return most;
}

/* The width the lines view needs beside the heatmap: both label columns and room for the lines. */
static float lines_width(const draw_list *dl, const view_ctx *v, int rows, int cols) {
    float fs = v->m.text_body;
    return widest(dl, v->dec_labels, rows, fs) + widest(dl, v->src_labels, cols, fs) + fs * 6.0f;
}

static void lines_view(draw_list *dl, view_ctx *v, draw_rect r, const float *w, int rows, int cols, int current) {
    const theme *th = v->th;
    float fs = v->m.text_body;
    draw_text(dl, _("decoder"), r.x + 4.0f, r.y + fs * 0.6f, fs, th->text_dim, DRAW_ALIGN_LEFT, 0);
    draw_text(dl, _("source"), r.x + r.w - 4.0f, r.y + fs * 0.6f, fs, th->text_dim, DRAW_ALIGN_RIGHT, 0);
    float top = r.y + fs * 2.0f, hgt = r.h - fs * 2.0f;
    int n = rows > cols ? rows : cols;
    float step = n > 0 ? hgt / (float)n : hgt, lfs = fs;
    if (step < lfs * 1.3f) lfs = step / 1.3f;
    if (lfs < 9.0f) lfs = 9.0f;
    /* each label column as wide as its widest label, at most 40 % of the view; the lines between */
    float dec_w = fminf(widest(dl, v->dec_labels, rows, lfs) + 8.0f, r.w * 0.4f);
    float src_w = fminf(widest(dl, v->src_labels, cols, lfs) + 8.0f, r.w * 0.4f);
    float lx = r.x + dec_w, rx = r.x + r.w - src_w;
    for (int i = 0; i < rows; i++) {
        float floor_w = kth_largest(w + (size_t)i * cols, cols, LINES_PER_TOKEN);
        for (int j = 0; j < cols; j++) {
            float a = w[(size_t)i * cols + j];
            if (isnan(a) || a < 0.02f || a < floor_w) continue;
            draw_color c = i == current ? th->accent : th->text_dim;
            c.a = (uint8_t)(40 + 215 * (a > 1.0f ? 1.0f : a) * (i == current ? 1.0f : 0.5f));
            draw_line(dl, lx + 6.0f, top + (i + 0.5f) * step, rx - 6.0f, top + (j + 0.5f) * step, c, 1.0f + 7.0f * a);
        }
    }
    if (cols > LINES_PER_TOKEN)
        view_text_fit(dl, v, _("8 strongest each"), r.x + r.w * 0.5f, r.y + fs * 1.5f, fs * 0.75f, th->text_dim,
                      DRAW_ALIGN_CENTER, rx - lx);
    for (int i = 0; i < rows; i++)
        view_text_fit(dl, v, v->dec_labels[i], lx - 4.0f, top + (i + 0.5f) * step, lfs, i == current ? th->accent : th->text,
                      DRAW_ALIGN_RIGHT, dec_w - 4.0f);
    for (int j = 0; j < cols; j++)
        view_text_fit(dl, v, v->src_labels[j], rx + 4.0f, top + (j + 0.5f) * step, lfs, th->text, DRAW_ALIGN_LEFT,
                      src_w - 4.0f);
}

/* A row or column label under the mouse, in full (the heatmap may have shortened it). */
static void label_tip(view_ctx *v, const heatmap_layout *lay, const char *const *rl, const char *const *cl) {
    const draw_rect g = lay->grid;
    int row, col;
    float x = v->mouse_x, y = v->mouse_y;
    if (rl && x < g.x && x >= g.x - lay->row_label_w - 12.0f && heatmap_hit(lay, g.x + 0.5f, y, &row, &col))
        snprintf(v->tip, sizeof v->tip, "%s", rl[row]);
    if (cl && y < g.y && y >= g.y - lay->col_label_h - 12.0f && heatmap_hit(lay, x, g.y + 0.5f, &row, &col))
        snprintf(v->tip, sizeof v->tip, "%s", cl[col]);
}

void view_attention(draw_list *dl, view_ctx *v, draw_rect r) {
    const view_focus *f = &v->focus;
    const s2s_config *c = &v->model->cfg;
    char title[160];
    snprintf(title, sizeof title, _("%s layer %d · %s · head %d of %d"), f->block == TB_ENCODER ? _("Encoder") : _("Decoder"),
             f->layer + 1, view_sub_name(v->model, f->block, f->sub), f->head + 1, c->n_heads);
    draw_rect in = view_panel(dl, v, r, title);
    /* head tabs, then stage tabs */
    char names[S2S_MAX_HEADS][16];
    const char *np[S2S_MAX_HEADS];
    hit head_tabs[S2S_MAX_HEADS];
    for (int h = 0; h < c->n_heads; h++) {
        snprintf(names[h], sizeof names[h], "%d", h + 1);
        np[h] = names[h];
        head_tabs[h] = (hit){.kind = HIT_HEAD_TAB, .head = h};
    }
    float y = in.y;
    y += tabs(dl, v, in.x, y, in.w, np, head_tabs, c->n_heads, f->head, _("head")) + 6.0f;
    hit stage_tabs[N_STAGES];
    int shown_tab = STAGE_WEIGHTS; /* when the step is no attention stage */
    for (int i = 0; i < N_STAGES; i++) {
        stage_tabs[i] = (hit){.kind = HIT_STAGE_TAB, .op = stages[i]};
        if (stages[i] == f->op) shown_tab = i;
    }
    trace_op shown = stages[shown_tab];
    const char *stage_shown[N_STAGES];
    for (int i = 0; i < N_STAGES; i++) stage_shown[i] = _(stage_names[i]);
    y += tabs(dl, v, in.x, y, in.w, stage_shown, stage_tabs, N_STAGES, shown_tab, _("stage")) + 10.0f;
    draw_rect body = draw_rect_make(in.x, y, in.w, in.y + in.h - y);

    float *m = v->scratch;
    int rows = 0, cols = 0;
    if (view_attention_matrix(v, f->block, f->layer, f->sub, shown, f->head, m, &rows, &cols) || rows < 1 ||
        cols < 1) {
        draw_text(dl, _("not computed yet at this step"), body.x + body.w * 0.5f, body.y + body.h * 0.5f,
                  v->m.text_title, v->th->text_dim, DRAW_ALIGN_CENTER, 0);
        return;
    }
    const char *const *rl, *const *cl;
    stage_labels(v, f->block, f->sub, shown, &rl, &cl);
    heatmap_spec s;
    view_heatmap_spec(v, &s);
    s.values = m;
    s.rows = rows;
    s.cols = cols;
    s.row_labels = rl;
    s.col_labels = cl;
    s.row_title = (shown == TO_K || shown == TO_V) ? _("key") : _("query");
    s.col_title = cl ? _("key") : _("dimension");
    char sub_title[96];
    snprintf(sub_title, sizeof sub_title, "%s%s", view_op_title(shown),
             shown == TO_MASK ? _(" (hatched: blocked, -inf before softmax)") : "");
    s.title = sub_title;
    if (shown == TO_WEIGHTS) {
        s.range = HEATMAP_RANGE_FIXED;
    } else if (shown == TO_MASK) {
        s.range = HEATMAP_RANGE_FIXED;
        s.show_values = 0;
        s.show_colorbar = 0;
    } else {
        s.range = HEATMAP_RANGE_DIVERGING;
        if (!cl) s.max_aspect = 4.0f; /* Q, K, V, weighted sum: tokens x features, tall rows */
    }
    if (cols > 24 || rows > 24) s.show_values = 0;
    int cross = f->sub == TS_CROSS_ATTN && shown == TO_WEIGHTS;
    draw_rect hm_r = body, lines_r = body;
    if (cross) { /* the lines view as wide as its labels need, between 38 and 45 % of the panel */
        float lw = fminf(fmaxf(lines_width(dl, v, rows, cols), body.w * 0.38f), body.w * 0.45f);
        hm_r.w = body.w - lw - 10.0f;
        lines_r.x = body.x + hm_r.w + 10.0f;
        lines_r.w = body.w - hm_r.w - 10.0f;
    }
    heatmap_layout lay;
    s2s_error err;
    /* hover: highlight the cell under the mouse and say its exact value */
    v->hover[0] = '\0';
    s.hover_row = s.hover_col = -1;
    if (heatmap_layout_compute(dl, &s, hm_r, &lay, &err) == 0) {
        int hr, hc;
        if (heatmap_hit(&lay, v->mouse_x, v->mouse_y, &hr, &hc)) {
            s.hover_row = hr;
            s.hover_col = hc;
        }
        heatmap_emit(dl, &s, &lay);
        hit_add(v->hits, lay.grid, (hit){.kind = HIT_HEATMAP, .rows = rows, .cols = cols});
        label_tip(v, &lay, rl, cl);
        if (s.hover_row >= 0) {
            float val = m[(size_t)s.hover_row * cols + s.hover_col];
            char colname[24];
            snprintf(colname, sizeof colname, _("dim %d"), s.hover_col);
            const char *qn = rl[s.hover_row], *kn = cl ? cl[s.hover_col] : colname;
            if (isnan(val))
                snprintf(v->hover, sizeof v->hover, _("%s %s -> %s %s: blocked"), s.row_title, qn, s.col_title, kn);
            else
                snprintf(v->hover, sizeof v->hover, _("%s %s -> %s %s: %.6f"), s.row_title, qn, s.col_title, kn, (double)val);
            view_tooltip(dl, v, v->hover, v->mouse_x, v->mouse_y, r);
        }
    }
    if (cross) lines_view(dl, v, lines_r, m, rows, cols, f->row);
}

void view_attention_last_layer(draw_list *dl, view_ctx *v, draw_rect r, trace_sublayer sub, const char *title) {
    r = view_heatmap_title(dl, v, r, title);
    int L = v->model->cfg.n_dec - 1, rows, cols;
    float *m = v->scratch;
    if (view_attention_matrix(v, TB_DECODER, L, sub, TO_WEIGHTS, v->focus.head, m, &rows, &cols) || rows < 1) {
        draw_text(dl, _("(not run yet)"), r.x + r.w * 0.5f, r.y + r.h * 0.5f, v->m.text_label, v->th->text_dim,
                  DRAW_ALIGN_CENTER, 0);
        return;
    }
    heatmap_spec s;
    view_heatmap_spec(v, &s);
    s.values = m;
    s.rows = rows;
    s.cols = cols;
    s.row_labels = v->dec_labels;
    s.col_labels = sub == TS_CROSS_ATTN ? v->src_labels : v->dec_labels;
    s.show_values = rows <= 8 && cols <= 8;
    s.show_colorbar = 0;
    s2s_error err;
    heatmap_draw(dl, &s, r, NULL, &err);
}
