/* view_beam.c: the beam search tree, see view_beam in view.h. */
#include <math.h>
#include <stdio.h>

#include "core/beam.h"
#include "viz/view.h"
#include "core/i18n.h"

/* 1 when node i is on the winner's path. */
static int on_winner_path(const s2s_beam_tree *t, int i) {
    for (int j = t->winner; j >= 0; j = t->nodes[j].parent)
        if (j == i) return 1;
    return 0;
}

/* The selected hypothesis: its cross-attention (last decoder layer, focused head) and the
 * distribution its last token was chosen from. */
static void selected_detail(draw_list *dl, view_ctx *v, draw_rect r, const beam_view_info *b) {
    const s2s_beam_tree *t = b->tree;
    view_ctx *s = b->sel;
    if (!s || b->selected < 0 || b->selected >= t->n) {
        draw_text(dl, _("click a hypothesis: its cross-attention and the distribution it was chosen from"), r.x + r.w * 0.5f,
                  r.y + r.h * 0.5f, v->m.text_body, v->th->text_dim, DRAW_ALIGN_CENTER, 0);
        return;
    }
    int step = t->nodes[b->selected].step, L = s->model->cfg.n_dec - 1;
    draw_rect left = draw_rect_make(r.x, r.y, r.w * 0.5f - v->m.gap * 0.5f, r.h);
    char title[96];
    snprintf(title, sizeof title, _("cross-attention · layer %d · head %d"), L + 1, s->focus.head + 1);
    view_attention_last_layer(dl, s, left, TS_CROSS_ATTN, title);
    view_probs(dl, s, draw_rect_make(r.x + r.w * 0.5f + v->m.gap * 0.5f, r.y, r.w * 0.5f - v->m.gap * 0.5f, r.h), step);
}

void view_beam(draw_list *dl, view_ctx *v, draw_rect r, const beam_view_info *b) {
    const s2s_beam_tree *t = b->tree;
    const theme *th = v->th;
    char title[128];
    snprintf(title, sizeof title, _("Beam search · width %d · step %d of %d"), t->width, b->upto_step + 1, t->n_steps);
    draw_rect in = view_panel(dl, v, r, title);
    if (t->n == 0) {
        draw_text(dl, _("no search yet"), in.x + in.w * 0.5f, in.y + in.h * 0.5f, v->m.text_large, th->text_dim,
                  DRAW_ALIGN_CENTER, 0);
        return;
    }
    float tree_h = b->sel ? in.h * 0.6f : in.h;
    int cols = t->n_steps + 1, most = 1;
    for (int s = 0, i = 0; s < t->n_steps; s++) { /* the tallest column */
        int c = 0;
        for (; i < t->n && t->nodes[i].step == s; i++) c++;
        if (c > most) most = c;
    }
    float fs = v->m.text_label, col_w = in.w / (float)cols, row_h = (tree_h - fs * 1.6f) / (float)most;
    if (row_h > fs * 3.4f) row_h = fs * 3.4f;
    if (fs > row_h * 0.42f) fs = row_h * 0.42f; /* many rows: smaller text, still one line each */
    float box_w = col_w - fs * 1.6f, box_h = row_h * 0.82f, top = in.y + fs * 1.6f;
    /* the root, then each step's column, kept above pruned as the search ranked them */
    float root_y = top + (most * row_h - box_h) * 0.5f;
    draw_rect root = draw_rect_make(in.x, root_y, box_w, box_h);
    draw_fill(dl, root, th->background);
    draw_outline(dl, root, th->grid, 1.0f);
    draw_text(dl, "<begin>", root.x + box_w * 0.5f, root.y + box_h * 0.5f, fs, th->text, DRAW_ALIGN_CENTER, 0);
    float *ny = v->scratch; /* (n) each node's box top, to draw the edges to it */
    for (int i = 0, row = 0, s = -1; i < t->n && (size_t)i < v->scratch_len; i++) {
        const s2s_beam_node *nd = &t->nodes[i];
        if (nd->step != s) s = nd->step, row = 0;
        ny[i] = top + row++ * row_h;
    }
    for (int i = 0; i < t->n && (size_t)i < v->scratch_len; i++) {
        const s2s_beam_node *nd = &t->nodes[i];
        if (nd->step > b->upto_step) break;
        float x = in.x + (nd->step + 1) * col_w, y = ny[i];
        int win = on_winner_path(t, i) && b->upto_step >= t->n_steps - 1, sel = i == b->selected;
        /* the edge from its parent */
        float px = nd->parent < 0 ? root.x + box_w : in.x + nd->step * col_w + box_w;
        float py = (nd->parent < 0 ? root_y : ny[nd->parent]) + box_h * 0.5f;
        draw_line(dl, px, py, x, y + box_h * 0.5f, win ? th->accent : nd->kept ? th->text_dim : th->grid, win ? 3.0f : 1.0f);
        draw_rect box = draw_rect_make(x, y, box_w, box_h);
        draw_fill(dl, box, win ? th->accent : nd->kept ? th->background : th->panel);
        draw_outline(dl, box, sel ? th->text : nd->kept ? th->text_dim : th->grid, sel ? 3.0f : 1.0f);
        char label[96], fit[96];
        double lp = nd->logprob > -0.005f ? 0.0 : (double)nd->logprob; /* no "-0.00" */
        snprintf(label, sizeof label, lp > -10.0 ? "%s %.2f" : "%s %.1f", v->model->tgt.sym[nd->token], lp);
        draw_color c = win ? th->background : nd->kept ? th->text : th->text_dim;
        int two_lines = nd->done && box_h > fs * 2.3f; /* finished: the per-token score below */
        draw_text_fit(dl, label, fs, box_w - 6.0f, fit, sizeof fit);
        draw_text(dl, fit, x + 4.0f, y + box_h * (two_lines ? 0.3f : 0.5f), fs, c, DRAW_ALIGN_LEFT, 0);
        if (nd->done) {
            snprintf(label, sizeof label, _("per token %.2f"), (double)beam_tree_normalised(t, i));
            draw_text_fit(dl, label, fs * 0.85f, box_w - 6.0f, fit, sizeof fit);
            if (two_lines) draw_text(dl, fit, x + 4.0f, y + box_h * 0.74f, fs * 0.85f, c, DRAW_ALIGN_LEFT, 0);
        }
        hit_add(v->hits, box, (hit){.kind = HIT_BEAM_NODE, .index = i});
    }
    draw_text(dl, _("framed: kept in the beam · grey: pruned · Σ log p (finished: / length = per token) · click one"),
              in.x, in.y + fs * 0.6f, fs * 0.9f, th->text_dim, DRAW_ALIGN_LEFT, 0);
    if (b->sel)
        selected_detail(dl, v, draw_rect_make(in.x, in.y + tree_h + v->m.gap, in.w, in.h - tree_h - v->m.gap), b);
}
