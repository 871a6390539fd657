/* view_norm.c: see view_norm.h. Left: the batch, one (position × feature) heatmap per sentence,
 * padding hatched. Right: LayerNorm's mean and variance per token (batch × position), BatchNorm's
 * per feature (without and with padding), and sentence 1 normalized both ways. Colours run over a
 * range symmetric about 0 for values, from 0 for variances. */
#include "viz/view_norm.h"
#include "core/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A heatmap of rows x cols values (row stride `stride`) over r, in [lo, hi]; rows from pad_from on
 * hatched as padding (pad_from >= rows: none). Returns 1 and the cell under the mouse in *hr, *hc. */
static int block(draw_list *dl, const view_ctx *v, draw_rect r, const float *x, int rows, int cols, int stride,
                 float lo, float hi, int pad_from, int *hr, int *hc) {
    draw_color *c = malloc(sizeof *c * (size_t)rows * (size_t)cols);
    if (!c) return 0;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            c[i * cols + j] = colormap_sample(v->cm, (x[(size_t)i * stride + j] - lo) / (hi - lo));
    draw_cells(dl, r, rows, cols, c);
    free(c);
    if (pad_from < rows) {
        float ch = r.h / rows;
        draw_hatch(dl, draw_rect_make(r.x, r.y + ch * pad_from, r.w, ch * (rows - pad_from)), v->th->masked,
                   v->th->masked_line, 6.0f * v->m.scale);
    }
    draw_outline(dl, r, v->th->grid, 1.0f);
    if (!rect_contains(r, v->mouse_x, v->mouse_y)) return 0;
    *hr = (int)((v->mouse_y - r.y) / r.h * rows);
    *hc = (int)((v->mouse_x - r.x) / r.w * cols);
    if (*hr >= rows) *hr = rows - 1;
    if (*hc >= cols) *hc = cols - 1;
    draw_outline(dl, draw_rect_make(r.x + r.w * *hc / cols, r.y + r.h * *hr / rows, r.w / cols, r.h / rows), v->th->accent, 2.0f);
    return 1;
}

/* The largest |value| over n, at least a small floor (a symmetric colour range). */
static float range_of(const float *x, size_t n) {
    float m = 1e-3f;
    for (size_t i = 0; i < n; i++) m = fmaxf(m, fabsf(x[i]));
    return m;
}

static const char *tok(const view_ctx *v, const norm_batch *nb, int b, int t) {
    if (t >= nb->len[b]) return "<pad>";
    const s2s_vocab *voc = nb->target_vocab ? &v->model->tgt : &v->model->src;
    const char *s = voc->sym[nb->ids[b][t]];
    return strcmp(s, " ") == 0 ? "␣" : s;
}

void view_norm(draw_list *dl, view_ctx *v, draw_rect r, const view_norm_info *in) {
    const norm_batch *nb = in->nb;
    const theme *th = v->th;
    char s[256];
    snprintf(s, sizeof s, _("LayerNorm vs BatchNorm · %s · Add & Norm · batch of %d (Shift+B: close)"), in->place, nb->B);
    draw_rect c = view_panel(dl, v, r, s);
    float fs = v->m.text_label, lh = fs * 1.5f;
    int B = nb->B, T = nb->T, D = nb->D, hr, hc;
    char hover[192] = "";
    float hx = v->mouse_x, hy = v->mouse_y;
    /* buttons: swap the last sentence, batch size; then the headings */
    float full_w[2];
    const char *swap = _("S: swap the last sentence"), *size = _("Shift+S: batch 8 / 4 / 2 / 1");
    draw_measure(dl, swap, fs, &full_w[0], NULL);
    draw_measure(dl, size, fs, &full_w[1], NULL);
    if (full_w[0] + full_w[1] + 2.0f * v->m.button_pad > c.w * 0.6f) swap = _("S"), size = _("Shift+S"); /* a narrow view: the keys */
    float buttons_x = view_button(dl, v, view_button(dl, v, c.x + c.w, c.y, swap, in->act_swap, 0), c.y, size, in->act_size, 0);
    char fit[160];
    view_text_fit(dl, v, _("Held-out inputs of different lengths · hover a cell for its number"), c.x, c.y + fs * 0.9f, fs,
                  th->text_dim, DRAW_ALIGN_LEFT, buttons_x - v->m.gap - c.x);
    c.y += fs * 2.4f;
    c.h -= fs * 2.4f;
    /* ---- left: the batch ---- */
    float left_w = c.w * 0.44f, label_w = fs * 8.5f, top = c.y + lh * 1.2f;
    view_text_fit(dl, v, _("Sums x = residual + sublayer (sentence × position × feature)"), c.x, c.y + lh * 0.5f, fs, th->text,
                  DRAW_ALIGN_LEFT, left_w);
    float xr = range_of(nb->x, (size_t)B * T * D);
    float band = (c.y + c.h - top) / B, gap = band > lh * 2 ? fs * 0.4f : 1.0f;
    for (int b = 0; b < B; b++) {
        draw_rect hb = draw_rect_make(c.x + label_w, top + band * b, left_w - label_w, band - gap);
        draw_text_fit(dl, in->sentences[b], fs, label_w - fs * 0.5f, fit, sizeof fit);
        draw_text(dl, fit, c.x, hb.y + fs * 0.7f, fs, b == 0 ? th->accent : th->text, DRAW_ALIGN_LEFT, 0);
        snprintf(s, sizeof s, _("%d + %d pad"), nb->len[b], T - nb->len[b]);
        if (band > lh * 2.2f) view_text_fit(dl, v, s, c.x, hb.y + fs * 2.0f, fs * 0.85f, th->text_dim, DRAW_ALIGN_LEFT, label_w - fs * 0.5f);
        if (block(dl, v, hb, nb->x + (size_t)b * T * D, T, D, D, -xr, xr, nb->len[b], &hr, &hc))
            snprintf(hover, sizeof hover, _("sentence %d, %s (position %d), feature %d: x = %.4f"), b + 1,
                     tok(v, nb, b, hr), hr + 1, hc + 1, (double)nb->x[((size_t)b * T + hr) * D + hc]);
    }
    /* ---- right: statistics ---- */
    float rx = c.x + left_w + v->m.gap * 2.0f, rw = c.x + c.w - rx, y = top;
    float sec = (c.y + c.h - top) / 3.0f; /* three sections: heading above, caption below each */
    /* LayerNorm: (B, T) means and variances */
    view_text_fit(dl, v, _("LayerNorm: one mean and variance per token, over its features"), rx, y - lh * 0.7f, fs, th->text,
                  DRAW_ALIGN_LEFT, rw);
    float half = (rw - v->m.gap) * 0.5f, gh = sec - lh * 2.3f;
    float lr = range_of(nb->ln_mean, (size_t)B * T), vr = range_of(nb->ln_var, (size_t)B * T);
    if (block(dl, v, draw_rect_make(rx, y + lh * 0.3f, half, gh), nb->ln_mean, B, T, T, -lr, lr, B, &hr, &hc))
        snprintf(hover, sizeof hover, _("LayerNorm of sentence %d, %s: mean %.4f"), hr + 1, tok(v, nb, hr, hc),
                 (double)nb->ln_mean[hr * T + hc]);
    if (block(dl, v, draw_rect_make(rx + half + v->m.gap, y + lh * 0.3f, half, gh), nb->ln_var, B, T, T, 0, vr, B, &hr, &hc))
        snprintf(hover, sizeof hover, _("LayerNorm of sentence %d, %s: variance %.4f"), hr + 1, tok(v, nb, hr, hc),
                 (double)nb->ln_var[hr * T + hc]);
    for (int b = 0; b < B; b++) /* padding has no LayerNorm statistics */
        for (int k = 0; k < 2 && nb->len[b] < T; k++) {
            float cw = half / T, ch = gh / B, x0 = rx + k * (half + v->m.gap) + cw * nb->len[b];
            draw_hatch(dl, draw_rect_make(x0, y + lh * 0.3f + ch * b, cw * (T - nb->len[b]), ch), th->masked,
                       th->masked_line, 6.0f * v->m.scale);
        }
    view_text_fit(dl, v, _("mean (sentence × position)"), rx, y + lh * 0.3f + gh + fs * 0.6f, fs * 0.85f, th->text_dim,
                  DRAW_ALIGN_LEFT, half);
    view_text_fit(dl, v, _("variance"), rx + half + v->m.gap, y + lh * 0.3f + gh + fs * 0.6f, fs * 0.85f, th->text_dim,
                  DRAW_ALIGN_LEFT, half);
    /* BatchNorm: (D) means and variances, two rows each: real tokens, padding counted */
    y += sec;
    view_text_fit(dl, v, _("BatchNorm: one mean and variance per feature, over the batch"), rx, y - lh * 0.7f, fs,
                  th->text, DRAW_ALIGN_LEFT, rw);
    int Dd = D < S2S_MAX_D_MODEL ? D : S2S_MAX_D_MODEL;
    float mr = fmaxf(range_of(nb->bn_mean, (size_t)Dd), range_of(nb->bn_pad_mean, (size_t)Dd));
    float vr2 = fmaxf(range_of(nb->bn_var, (size_t)Dd), range_of(nb->bn_pad_var, (size_t)Dd));
    float bl = fs * 7.5f, bh = (sec - lh * 1.6f) / 4.0f - 3.0f;
    static const char *const what[4] = {N_("mean"), N_("mean + pad"), N_("variance"), N_("variance + pad")};
    const float *arr[4] = {nb->bn_mean, nb->bn_pad_mean, nb->bn_var, nb->bn_pad_var};
    /* rows per label: a row too short for its own label shares one with its pair ("mean", "variance"), and rows too
     * short even for that go unlabelled (their tooltips still name them) rather than print labels over each other */
    float label_h = fs * 0.85f * 1.2f;
    int per = bh >= label_h ? 1 : 2.0f * bh + 3.0f >= label_h ? 2 : 0;
    for (int k = 0; k < 4; k++) {
        draw_rect br = draw_rect_make(rx + bl, y + lh * 0.3f + k * (bh + 3.0f), rw - bl, bh);
        if (per && k % per == 0)
            view_text_fit(dl, v, _(what[k]), rx, br.y + (per * bh + (per - 1) * 3.0f) * 0.5f, fs * 0.85f, th->text_dim,
                          DRAW_ALIGN_LEFT, bl - fs * 0.3f);
        if (block(dl, v, br, arr[k], 1, Dd, Dd, k < 2 ? -mr : 0, k < 2 ? mr : vr2, 1, &hr, &hc))
            snprintf(hover, sizeof hover, _("BatchNorm feature %d: %s %.4f (real tokens %.4f, padding counted %.4f)"), hc + 1,
                     _(what[k & 2]), (double)arr[k][hc], (double)arr[k & 2][hc], (double)arr[(k & 2) + 1][hc]);
    }
    /* sentence 1 after each normalization */
    y += sec;
    if (in->moved_ln >= 0)
        snprintf(s, sizeof s, _("Sentence 1 normalized · since the last batch: LayerNorm moved %.4f, BatchNorm %.4f"),
                 (double)in->moved_ln, (double)in->moved_bn);
    else
        snprintf(s, sizeof s, _("Sentence 1 normalized (press S: does it move?)"));
    view_text_fit(dl, v, s, rx, y - lh * 0.7f, fs, th->text, DRAW_ALIGN_LEFT, rw);
    static const char *const names[3] = {N_("LayerNorm"), N_("BatchNorm"), N_("BN, padding")};
    const float *outs[3] = {nb->ln, nb->bn, nb->bn_pad};
    float third = (rw - 2 * v->m.gap) / 3.0f, oh = sec - lh * 2.3f;
    for (int k = 0; k < 3; k++) {
        draw_rect orr = draw_rect_make(rx + k * (third + v->m.gap), y + lh * 0.3f, third, oh);
        if (block(dl, v, orr, outs[k], nb->len[0], D, D, -3.0f, 3.0f, nb->len[0], &hr, &hc))
            snprintf(hover, sizeof hover, _("%s of sentence 1, %s, feature %d: %.4f"), _(names[k]), tok(v, nb, 0, hr), hc + 1,
                     (double)outs[k][(size_t)hr * D + hc]);
        view_text_fit(dl, v, _(names[k]), orr.x, orr.y + oh + fs * 0.6f, fs * 0.85f, th->text_dim, DRAW_ALIGN_LEFT, third);
    }
    if (hover[0]) {
        snprintf(v->hover, sizeof v->hover, "%s", hover);
        view_tooltip(dl, v, hover, hx, hy, r);
    }
}
