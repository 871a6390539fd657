/* view_output.c: the output distribution at a decoder position (every symbol, <end> included, the
 * chosen one highlighted), the NAT length distribution, and the what-if picker. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sample.h"
#include "viz/view.h"
#include "core/i18n.h"

typedef struct ranked {
    int id;
    float p;
} ranked;

static int by_prob(const void *a, const void *b) {
    float x = ((const ranked *)a)->p, y = ((const ranked *)b)->p;
    return x < y ? 1 : x > y ? -1 : ((const ranked *)a)->id - ((const ranked *)b)->id;
}

/* Horizontal bars, most probable first, as many as fit; the chosen id highlighted. */
static void bars(draw_list *dl, view_ctx *v, draw_rect r, const float *p, int n, const char *const *names, int chosen,
                 int hit_index) {
    const theme *th = v->th;
    ranked *rk = malloc(sizeof(ranked) * (size_t)n);
    if (!rk) return;
    int m = 0;
    for (int i = 0; i < n; i++)
        if (p[i] > 0.0f) rk[m++] = (ranked){i, p[i]}; /* a symbol cut away by sampling is not drawn */
    qsort(rk, (size_t)m, sizeof *rk, by_prob);
    float fs = v->m.text_body, line_h;
    draw_measure(dl, "Ag中", fs, NULL, &line_h); /* the font's real line height (CJK rows must not touch) */
    float rh = fs * 1.55f > line_h * 1.15f ? fs * 1.55f : line_h * 1.15f, least = line_h * 1.02f;
    int fit = (int)(r.h / rh);
    if (fit < m) {
        rh = r.h / (float)m;
        if (rh < least) rh = least;
        fit = (int)(r.h / rh);
    }
    int shown = m < fit ? m : fit - (m > fit ? 1 : 0);
    if (shown < 0) shown = 0;
    /* the names' column as wide as the widest name shown, at most a third of the panel */
    float label_w = fs * 2.0f, num_w, w;
    for (int k = 0; k < shown; k++) {
        draw_measure(dl, names ? names[rk[k].id] : "0000", fs, &w, NULL);
        if (w + fs > label_w) label_w = w + fs;
    }
    if (label_w > r.w / 3.0f) label_w = r.w / 3.0f;
    draw_measure(dl, "0.000", fs * 0.9f, &num_w, NULL);
    num_w += fs * 0.6f;
    float bw = r.w - label_w - num_w;
    for (int k = 0; k < shown; k++) {
        float y = r.y + k * rh;
        int id = rk[k].id, on = id == chosen;
        char name[64], num[24];
        if (names) snprintf(name, sizeof name, "%s", names[id]);
        else snprintf(name, sizeof name, "%d", id);
        view_text_fit(dl, v, name, r.x + label_w - fs * 0.5f, y + rh * 0.5f, fs, on ? th->accent : th->text, DRAW_ALIGN_RIGHT,
                      label_w - fs * 0.5f);
        draw_fill(dl, draw_rect_make(r.x + label_w, y + rh * 0.15f, bw, rh * 0.7f), th->background);
        draw_fill(dl, draw_rect_make(r.x + label_w, y + rh * 0.15f, bw * rk[k].p, rh * 0.7f),
                  on ? th->accent : colormap_sample(v->cm, 0.35f + 0.5f * rk[k].p));
        snprintf(num, sizeof num, rk[k].p >= 0.001f ? "%.3f" : "%.0e", (double)rk[k].p);
        draw_text(dl, num, r.x + r.w, y + rh * 0.5f, fs * 0.9f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
        if (hit_index >= 0) hit_add(v->hits, draw_rect_make(r.x, y, r.w, rh), (hit){.kind = HIT_PICK_TOKEN, .index = hit_index, .token = id});
    }
    if (shown < m && shown * rh + rh <= r.h + 0.5f) {
        char more[64];
        if (r.w < fs * 22.0f) snprintf(more, sizeof more, _("+%d more"), m - shown); /* half a panel */
        else snprintf(more, sizeof more, _("+%d more, each below %.3f"), m - shown, (double)rk[shown].p + 0.0005);
        view_text_fit(dl, v, more, r.x + r.w, r.y + shown * rh + rh * 0.5f, fs * 0.9f, th->text_dim, DRAW_ALIGN_RIGHT, r.w);
    }
    free(rk);
}

void view_probs(draw_list *dl, view_ctx *v, draw_rect r, int row) {
    const s2s_decode_result *res = v->res;
    char title[96];
    /* the position under focus, or while it is still being computed, the latest one decoded */
    const float *p = view_probs_at(v, row);
    int shown = row;
    while (!p && shown > 0) p = view_probs_at(v, --shown);
    int chosen = shown < res->n_out ? res->out[shown] : -1;
    snprintf(title, sizeof title, _("Output distribution · position %d%s"), shown + 1, shown < row ? _(" (latest)") : "");
    draw_rect in = view_panel(dl, v, r, title);
    if (!p) {
        draw_text(dl, _("not decoded yet"), in.x + in.w * 0.5f, in.y + in.h * 0.5f, v->m.text_large, v->th->text_dim,
                  DRAW_ALIGN_CENTER, 0);
        return;
    }
    int V = v->model->cfg.tgt_vocab;
    const char *const *names = (const char *const *)v->model->tgt.sym;
    float *logp = v->sampling ? malloc(sizeof(float) * 2 * (size_t)V) : NULL;
    if (!logp) {
        bars(dl, v, in, p, V, names, chosen, -1);
        return;
    }
    /* sampling: the raw distribution beside the one drawn from; log p serves as the logits (softmax
     * of log p is p), and a symbol of probability 0 stays at 0 (log 0 = -inf) */
    float *cut = logp + V;
    for (int i = 0; i < V; i++) logp[i] = logf(p[i]);
    sample_distribution(v->sampling, logp, V, cut);
    float fs = v->m.text_label, half = (in.w - v->m.gap) * 0.5f, sub_h = fs * 1.8f;
    char what[96];
    snprintf(what, sizeof what, _("after T %.2g, top-k %d, top-p %.2g"), (double)v->sampling->temperature,
             v->sampling->top_k, (double)v->sampling->top_p);
    draw_text(dl, _("raw"), in.x, in.y + sub_h * 0.5f, fs, v->th->text_dim, DRAW_ALIGN_LEFT, 0);
    char fit[96];
    draw_text_fit(dl, what, fs, half, fit, sizeof fit); /* a narrow panel: the settings shortened */
    draw_text(dl, fit, in.x + half + v->m.gap, in.y + sub_h * 0.5f, fs, v->th->text_dim, DRAW_ALIGN_LEFT, 0);
    bars(dl, v, draw_rect_make(in.x, in.y + sub_h, half, in.h - sub_h), p, V, names, chosen, -1);
    bars(dl, v, draw_rect_make(in.x + half + v->m.gap, in.y + sub_h, half, in.h - sub_h), cut, V, names, chosen, -1);
    free(logp);
}

void view_length(draw_list *dl, view_ctx *v, draw_rect r) {
    const s2s_config *c = &v->model->cfg;
    int i = trace_find(v->trace, TB_LENGTH, -1, TS_NONE, TO_LENGTH_PROBS, -1, 0);
    draw_rect in = view_panel(dl, v, r, _("NAT length classifier · P(length)"));
    if (i < 0 || i > v->cursor) {
        draw_text(dl, _("runs after the encoder"), in.x + in.w * 0.5f, in.y + in.h * 0.5f, v->m.text_body,
                  v->th->text_dim, DRAW_ALIGN_CENTER, 0);
        return;
    }
    const float *p = trace_data(v->trace, &v->trace->steps[i]);
    const theme *th = v->th;
    int n = c->max_len + 1;
    float fs = v->m.text_label, base = in.y + in.h - fs * 1.6f, bw = in.w / (float)n, top = in.y + fs * 1.3f;
    char s[96];
    snprintf(s, sizeof s, _("predicted length %d (p = %.3f)"), v->res->nat_predicted, (double)p[v->res->nat_predicted]);
    view_text_fit(dl, v, s, in.x + in.w, in.y + fs * 0.6f, fs, th->text, DRAW_ALIGN_RIGHT, in.w);
    if (base - top < fs) return; /* no room for the bars: the sentence above says it */
    /* a label every `every` lengths, as many as their width allows */
    static const int steps[] = {1, 2, 5, 10, 20, 50};
    float lw;
    char lab[16];
    snprintf(lab, sizeof lab, "%d", n - 1);
    draw_measure(dl, lab, fs * 0.85f, &lw, NULL);
    int every = steps[0];
    for (size_t k = 0; k < sizeof steps / sizeof steps[0] && bw * (float)steps[k] < lw + fs * 0.5f; k++)
        every = k + 1 < sizeof steps / sizeof steps[0] ? steps[k + 1] : steps[k];
    for (int k = 0; k < n; k++) {
        float h = (base - top) * p[k];
        int on = k == v->res->nat_predicted;
        draw_fill(dl, draw_rect_make(in.x + k * bw + 1.0f, base - h, bw - 2.0f, h), on ? th->accent : colormap_sample(v->cm, 0.4f));
        if (k % every == 0) {
            snprintf(lab, sizeof lab, "%d", k);
            draw_text(dl, lab, in.x + (k + 0.5f) * bw, base + fs * 0.8f, fs * 0.85f, on ? th->accent : th->text_dim,
                      DRAW_ALIGN_CENTER, 0);
        }
    }
}

void view_what_if(draw_list *dl, view_ctx *v, float x, float y) {
    int idx = v->what_if_index;
    if (idx < 0 || idx >= v->res->n_out) return;
    const float *p = view_probs_at(v, idx);
    if (!p) return;
    float fs = v->m.text_body, w = fs * 18.0f, h = fs * 1.55f * 9.0f + fs * 2.4f;
    draw_rect box = draw_rect_make(x, y - h - 8.0f, w, h);
    if (box.y < 0) box.y = y + 8.0f;
    draw_fill(dl, box, v->th->panel);
    draw_outline(dl, box, v->th->accent, 2.0f);
    char t[96];
    snprintf(t, sizeof t, _("what if position %d were…"), idx + 1);
    draw_text(dl, t, box.x + 10.0f, box.y + fs * 1.0f, fs, v->th->text, DRAW_ALIGN_LEFT, 0);
    hit_add(v->hits, box, (hit){.kind = HIT_NONE}); /* clicks inside the box do not fall through */
    bars(dl, v, draw_rect_make(box.x + 8.0f, box.y + fs * 2.0f, w - 16.0f, h - fs * 2.4f), p, v->model->cfg.tgt_vocab,
         (const char *const *)v->model->tgt.sym, v->res->out[idx], idx);
}
