/* view_lens.c: the logit lens at a decoder position: each decoder layer's output read through the
 * final norm and the generator (core/lens.c), one row per layer, so a class sees at which layer the
 * answer appears: the probability of the token finally chosen, and that layer's own top guesses. */
#include <stdio.h>
#include <stdlib.h>

#include "core/lens.h"
#include "viz/view.h"
#include "core/i18n.h"

void view_lens(draw_list *dl, view_ctx *v, draw_rect r, int row) {
    const s2s_config *c = &v->model->cfg;
    const theme *th = v->th;
    int V = c->tgt_vocab, Ld = c->n_dec;
    const s2s_decode_result *res = v->res;
    int chosen = row < res->n_out ? res->out[row] : -1;
    char title[128];
    snprintf(title, sizeof title, _("Logit lens · position %d"), row + 1);
    draw_rect in = view_panel(dl, v, r, title);
    float *p = malloc(sizeof(float) * (size_t)Ld * V);
    s2s_error err;
    int n = p ? lens_read(v->model, v->trace, v->cursor, row, p, &err) : -1;
    if (n <= 0 || chosen < 0) {
        draw_text(dl, n < 0 ? _("out of memory") : _("the decoder has not reached this position yet"), in.x + in.w * 0.5f,
                  in.y + in.h * 0.5f, v->m.text_body, th->text_dim, DRAW_ALIGN_CENTER, 0);
        free(p);
        return;
    }
    float fs = v->m.text_body, head_h = fs * 1.6f, rh = (in.h - head_h) / (float)Ld;
    if (rh > fs * 3.0f) rh = fs * 3.0f;
    char s[160];
    char fit[160];
    snprintf(s, sizeof s, _("P(%s) after each layer · its top guess"), v->model->tgt.sym[chosen]);
    draw_text_fit(dl, s, v->m.text_label, in.w, fit, sizeof fit);
    draw_text(dl, fit, in.x, in.y + head_h * 0.4f, v->m.text_label, th->text_dim, DRAW_ALIGN_LEFT, 0);
    float lab_w = fs * 4.6f, bar_w = in.w * 0.30f;
    for (int l = 0; l < n; l++) {
        const float *q = p + (size_t)l * V;
        float y = in.y + head_h + l * rh, mid = y + rh * 0.5f;
        int top = 0;
        for (int i = 1; i < V; i++)
            if (q[i] > q[top]) top = i;
        snprintf(s, sizeof s, l == Ld - 1 ? _("L%d = out") : _("L%d"), l + 1);
        draw_text(dl, s, in.x + lab_w, mid, fs, th->text, DRAW_ALIGN_RIGHT, 0);
        draw_rect bar = draw_rect_make(in.x + lab_w + fs * 0.6f, y + rh * 0.2f, bar_w, rh * 0.6f);
        draw_fill(dl, bar, th->background);
        draw_fill(dl, draw_rect_make(bar.x, bar.y, bar.w * q[chosen], bar.h), top == chosen ? th->accent : th->text_dim);
        snprintf(s, sizeof s, "%.3f", (double)q[chosen]);
        draw_text(dl, s, bar.x + bar.w + fs * 0.4f, mid, fs * 0.9f, th->text, DRAW_ALIGN_LEFT, 0);
        snprintf(s, sizeof s, _("top: %s %.2f"), v->model->tgt.sym[top], (double)q[top]);
        float tx = bar.x + bar.w + fs * 3.8f;
        draw_text_fit(dl, s, fs * 0.9f, in.x + in.w - tx, fit, sizeof fit);
        draw_text(dl, fit, tx, mid, fs * 0.9f, top == chosen ? th->accent : th->text_dim, DRAW_ALIGN_LEFT, 0);
    }
    free(p);
}
