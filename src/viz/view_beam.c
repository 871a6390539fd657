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
    /* the width control at the top right, the legend left of it */
    float lfs = v->m.text_label, bx = in.x + in.w, w;
    char width[48];
    bx = view_button(dl, v, bx, in.y, "+", b->act_wider, 0);
    snprintf(width, sizeof width, _("width %d"), t->width);
    draw_measure(dl, width, lfs, &w, NULL);
    draw_text(dl, width, bx, in.y + lfs * 0.9f, lfs, th->text, DRAW_ALIGN_RIGHT, 0);
    bx = view_button(dl, v, bx - w - v->m.gap, in.y, "−", b->act_narrower, 0);
    view_text_fit(dl, v, _("framed: kept in the beam · grey: pruned · Σ log p · finished: per token = Σ / length · click one"),
                  in.x, in.y + lfs * 0.9f, lfs * 0.9f, th->text_dim, DRAW_ALIGN_LEFT, bx - in.x);
    float top = in.y + lfs * 2.4f, tree_h = (b->sel ? in.h * 0.6f : in.h) - (top - in.y);
    int cols = t->n_steps + 1, most = 1;
    for (int s = 0, i = 0; s < t->n_steps; s++) { /* the tallest column */
        int c = 0;
        for (; i < t->n && t->nodes[i].step == s; i++) c++;
        if (c > most) most = c;
    }
    float fs = lfs, col_w = in.w / (float)cols, row_h = tree_h / (float)most;
    if (row_h > fs * 3.4f) row_h = fs * 3.4f;
    float box_w = col_w - fs * 1.1f, box_h = row_h * 0.82f;
    /* two lines (the token, then its score) while they fit at the label size; else one line, smaller */
    int two_lines = box_h >= fs * 2.15f;
    if (!two_lines && fs > row_h * 0.42f) fs = row_h * 0.42f;
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
        draw_color c = win ? th->background : nd->kept ? th->text : th->text_dim;
        const char *sym = v->model->tgt.sym[nd->token];
        double lp = nd->logprob > -0.005f ? 0.0 : (double)nd->logprob; /* no "-0.00" */
        char line1[96], line2[96];
        if (two_lines && nd->done) { /* finished: Σ log p beside <end>, the per-token score below */
            snprintf(line1, sizeof line1, "%s %.2f", sym, lp);
            snprintf(line2, sizeof line2, _("per token %.2f"), (double)beam_tree_normalised(t, i));
        } else if (two_lines) {
            snprintf(line1, sizeof line1, "%s", sym);
            snprintf(line2, sizeof line2, lp > -10.0 ? "%.2f" : "%.1f", lp);
        } else {
            snprintf(line1, sizeof line1, lp > -10.0 ? "%s %.2f" : "%s %.1f", sym, lp);
        }
        view_text_fit(dl, v, line1, x + 4.0f, y + box_h * (two_lines ? 0.3f : 0.5f), fs, c, DRAW_ALIGN_LEFT, box_w - 6.0f);
        if (two_lines) view_text_fit(dl, v, line2, x + 4.0f, y + box_h * 0.74f, fs * 0.85f, c, DRAW_ALIGN_LEFT, box_w - 6.0f);
        hit_add(v->hits, box, (hit){.kind = HIT_BEAM_NODE, .index = i});
    }
    if (b->sel)
        selected_detail(dl, v, draw_rect_make(in.x, top + tree_h + v->m.gap, in.w, in.y + in.h - top - tree_h - v->m.gap), b);
}
