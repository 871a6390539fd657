/* view_compare.c: one side of compare mode (AT or NAT): the tally, the output with NAT's repeats and
 * <end> positions marked, the top candidates at every position (where a NAT's distribution splits
 * between two phrasings, multi-modality shows), and the decoder self-attention and cross-attention
 * of the last layer as far as the shared clock has run. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz/heatmap.h"
#include "viz/view.h"
#include "viz/view_compare.h"
#include "core/i18n.h"

/* Output chips; NAT: a token equal to its left neighbour is framed as a repeat, <end> is marked,
 * and positions after the first <end> (cut in the <end> mode) are dimmed. */
static float output_chips(draw_list *dl, const view_ctx *v, draw_rect r, int nat) {
    const theme *th = v->th;
    float fs = v->m.text_heading, h = fs * 1.8f, x = r.x, pad = fs * 0.4f;
    int n = view_emitted(v), ended = 0;
    draw_color warn = {214, 39, 40, 255};
    float ell_w;
    draw_measure(dl, "…", fs, &ell_w, NULL);
    for (int i = 0; i < n; i++) {
        int id = v->res->out[i];
        const char *lab = v->out_labels[i];
        float w;
        draw_measure(dl, lab, fs, &w, NULL);
        w += 2 * pad;
        if (w < h) w = h;
        if (x + w + (i < n - 1 ? ell_w : 0.0f) > r.x + r.w) { /* every chip leaves room for the "…" after it */
            draw_text(dl, "…", x, r.y + h * 0.5f, fs, th->text_dim, DRAW_ALIGN_LEFT, 0);
            break;
        }
        draw_rect c = draw_rect_make(x, r.y, w, h);
        int repeat = nat && i > 0 && id == v->res->out[i - 1] && id != S2S_END;
        draw_fill(dl, c, id == S2S_END ? th->grid : th->background);
        draw_outline(dl, c, repeat ? warn : th->grid, repeat ? 3.0f : 1.0f);
        draw_text(dl, lab, x + w * 0.5f, r.y + h * 0.5f, fs, ended ? th->text_dim : th->text, DRAW_ALIGN_CENTER, 0);
        if (repeat)
            draw_text(dl, _("repeat"), x + w * 0.5f, r.y + h + fs * 0.5f, fmaxf(fs * 0.6f, v->m.text_least), warn, DRAW_ALIGN_CENTER, 0);
        if (id == S2S_END) ended = 1;
        x += w + 4.0f;
    }
    return h + fs * 1.0f;
}

/* For every position, its three most probable symbols as bars; a position whose second candidate
 * has at least 0.2 is framed: the model is split between two continuations. */
static void candidates(draw_list *dl, view_ctx *v, draw_rect r) {
    const theme *th = v->th;
    int n = view_emitted(v), V = v->model->cfg.tgt_vocab;
    if (n == 0) return;
    int cols = v->res->n_out > n ? v->res->n_out : n; /* the whole decode's width: columns keep their place */
    float fs = v->m.text_tiny, colw = r.w / (float)(cols < 6 ? 6 : cols), rowh = (r.h - fs * 1.4f) / 3.0f;
    int shown = 3; /* candidates a column shows: fewer when the rows would be shorter than a line */
    while (shown > 1 && (r.h - fs * 1.4f) / (float)shown < fs * 1.15f) shown--;
    if ((r.h - fs * 1.4f) / (float)shown < fs * 1.15f) return;
    rowh = (r.h - fs * 1.4f) / (float)shown;
    view_text_fit(dl, v, _("top candidates at each position (framed: split between two)"), r.x, r.y + fs * 0.6f, fs,
                  th->text_dim, DRAW_ALIGN_LEFT, r.w);
    for (int i = 0; i < n; i++) {
        const float *p = view_probs_at(v, i);
        if (!p) continue;
        int top[3] = {-1, -1, -1};
        for (int k = 0; k < 3; k++)
            for (int s = 0; s < V; s++) {
                if (s == top[0] || s == top[1]) continue;
                if (top[k] < 0 || p[s] > p[top[k]]) top[k] = s;
            }
        float x = r.x + i * colw, y0 = r.y + fs * 1.4f;
        int split = p[top[1]] >= 0.2f;
        for (int k = 0; k < shown; k++) {
            float y = y0 + k * rowh;
            draw_color bar = colormap_sample(v->cm, 0.3f + 0.6f * p[top[k]]);
            draw_fill(dl, draw_rect_make(x + 2.0f, y + 1.0f, (colw - 4.0f) * p[top[k]], rowh - 2.0f), bar);
            char lab[48];
            snprintf(lab, sizeof lab, "%s %.2f", v->model->tgt.sym[top[k]], (double)p[top[k]]);
            view_text_fit(dl, v, lab, x + 4.0f, y + rowh * 0.5f, fs * 0.95f, th->text, DRAW_ALIGN_LEFT, colw - 6.0f);
        }
        if (split) draw_outline(dl, draw_rect_make(x + 1.0f, y0, colw - 2.0f, (float)shown * rowh), th->accent, 2.5f);
    }
}

void view_compare_side(draw_list *dl, view_ctx *v, draw_rect r, const compare_side_info *info) {
    const theme *th = v->th;
    int nat = v->model->cfg.decoder == S2S_DECODER_NAT;
    draw_rect in = view_panel(dl, v, r, info->title);
    float fs = v->m.text_heading, y = in.y;
    view_text_fit(dl, v, info->tally, in.x, y + fs * 0.7f, fs * 1.1f, th->text, DRAW_ALIGN_LEFT, in.w);
    y += fs * 2.0f;
    if (info->subtally[0]) {
        view_text_fit(dl, v, info->subtally, in.x, y + fs * 0.5f, fs * 0.85f, th->text_dim, DRAW_ALIGN_LEFT, in.w);
        y += fs * 1.6f;
    }
    y += output_chips(dl, v, draw_rect_make(in.x, y, in.w, fs * 2.0f), nat);
    if (info->verdict && info->verdict[0]) {
        draw_color red = {214, 39, 40, 255}, green = {44, 160, 44, 255};
        view_text_fit(dl, v, info->verdict, in.x, y + fs * 0.6f, fs, info->wrong ? red : green, DRAW_ALIGN_LEFT, in.w);
    }
    y += fs * 1.5f;
    float cand_h = (in.y + in.h - y) * 0.32f;
    candidates(dl, v, draw_rect_make(in.x, y, in.w, cand_h));
    y += cand_h + 8.0f;
    float hw = (in.w - 12.0f) * 0.5f, hh = in.y + in.h - y;
    if (hh < fs * 4.0f) return; /* no room left for the two heatmaps (three columns, large text): leave them out */
    char t1[96], t2[96];
    int L = v->model->cfg.n_dec;
    snprintf(t1, sizeof t1, nat ? _("unmasked self-attention · layer %d · head %d") : _("masked self-attention · layer %d · head %d"),
             L, v->focus.head + 1);
    snprintf(t2, sizeof t2, _("cross-attention · layer %d · head %d"), L, v->focus.head + 1);
    view_attention_last_layer(dl, v, draw_rect_make(in.x, y, hw, hh), TS_SELF_ATTN, t1);
    view_attention_last_layer(dl, v, draw_rect_make(in.x + hw + 12.0f, y, hw, hh), TS_CROSS_ATTN, t2);
}

void view_compare_batch(draw_list *dl, view_ctx *v, draw_rect r, const compare_batch_info *b) {
    const theme *th = v->th;
    draw_rect in = view_panel(dl, v, r, b->title);
    float fs = v->m.text_body, rh = fs * 1.7f;
    if (!b->ready) {
        view_text_fit(dl, v, b->hint, in.x, in.y + rh * 0.5f, fs, th->text_dim, DRAW_ALIGN_LEFT, in.w);
        if (b->running && in.h >= rh * 2.2f) { /* a batch running: a bar a class can see from the back */
            draw_rect bar = draw_rect_make(in.x, in.y + rh * 1.1f, in.w * 0.6f, fs * 1.2f);
            draw_outline(dl, bar, th->grid, 1.0f);
            draw_fill(dl, draw_rect_make(bar.x, bar.y, bar.w * (b->progress < 1.0f ? b->progress : 1.0f), bar.h), th->accent);
        }
        return;
    }
    static const char *const head[] = {N_("model"), N_("exact match"), N_("repeated tokens"), N_("wrong length"), N_("total time")};
    float colx[5] = {0.0f, 0.30f, 0.46f, 0.62f, 0.78f};
    float tw = in.w * 0.55f;
    for (int k = 0; k < 5; k++) /* each column's heading no wider than its column */
        view_text_fit(dl, v, _(head[k]), in.x + colx[k] * tw / 0.9f, in.y + rh * 0.5f, fs, th->text_dim, DRAW_ALIGN_LEFT,
                      ((k < 4 ? colx[k + 1] : 0.96f) - colx[k]) * tw / 0.9f - fs * 0.4f);
    for (int i = 0; i < b->n_rows && (float)(i + 2) * rh <= in.h; i++) { /* the rows that fit */
        float y = in.y + (i + 1) * rh + rh * 0.5f;
        char cells[5][48];
        snprintf(cells[0], 48, "%s", b->names[i]);
        snprintf(cells[1], 48, "%.1f%%", 100.0 * b->exact[i]);
        snprintf(cells[2], 48, "%.1f%%", 100.0 * b->repeat[i]);
        snprintf(cells[3], 48, "%.1f%%", 100.0 * b->length_err[i]);
        snprintf(cells[4], 48, _("%.1f ms"), b->total_us[i] / 1000.0);
        for (int k = 0; k < 5; k++)
            view_text_fit(dl, v, cells[k], in.x + colx[k] * tw / 0.9f, y, fs, th->text, DRAW_ALIGN_LEFT,
                          ((k < 4 ? colx[k + 1] : 0.96f) - colx[k]) * tw / 0.9f - fs * 0.4f);
    }
    /* the inputs on which the models disagree; a click loads one */
    float dx = in.x + in.w * 0.66f, dw = in.w * 0.34f;
    char t[96];
    snprintf(t, sizeof t, _("%d inputs where they disagree%s (click one to load it):"), b->n_disagree_total,
             b->n_disagree < b->n_disagree_total ? _(", the first listed") : "");
    view_text_fit(dl, v, t, dx, in.y + rh * 0.5f, fs * 0.9f, th->text_dim, DRAW_ALIGN_LEFT, dw);
    int per = (int)((in.h - rh) / (fs * 1.4f));
    for (int i = 0; i < b->n_disagree && i < per * 2; i++) {
        float x = dx + (i / per) * dw * 0.5f, y = in.y + rh + (i % per) * fs * 1.4f;
        draw_rect cell = draw_rect_make(x, y, dw * 0.5f - 6.0f, fs * 1.3f);
        if (rect_contains(cell, v->mouse_x, v->mouse_y)) draw_fill(dl, cell, th->background);
        char fit[64];
        draw_text_fit(dl, b->disagree[i], fs * 0.9f, cell.w - 8.0f, fit, sizeof fit);
        draw_text(dl, fit, x + 4.0f, y + cell.h * 0.5f, fs * 0.9f, th->accent, DRAW_ALIGN_LEFT, 0);
        hit_add(v->hits, cell, (hit){.kind = HIT_DISAGREE_ROW, .index = i});
    }
}
