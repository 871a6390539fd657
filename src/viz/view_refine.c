/* view_refine.c: one pass of NAT iterative refinement (Mask-Predict, core/refine.h), the
 * generator.refine step: for every output position, the token and its confidence before the pass,
 * whether the pass put it back to <begin> (the least confident ones), and the token and confidence
 * after. A column per position; confidences as bars, so a class sees which words were doubted and
 * how sure the model became once the rest of the sentence was visible. */
#include <math.h>
#include <stdio.h>

#include "core/i18n.h"
#include "core/refine.h"
#include "viz/view.h"

/* A confidence bar (0..1) filling r from the bottom, with the number above it. */
static void conf_bar(draw_list *dl, const view_ctx *v, draw_rect r, float p, draw_color c) {
    const theme *th = v->th;
    draw_outline(dl, r, th->grid, 1.0f);
    if (isnan(p)) return;
    float h = r.h * (p < 0 ? 0 : p > 1 ? 1 : p);
    draw_fill(dl, draw_rect_make(r.x + 1.0f, r.y + r.h - h, r.w - 2.0f, h), c);
    char s[16];
    snprintf(s, sizeof s, "%.2f", (double)p);
    draw_text(dl, s, r.x + r.w * 0.5f, r.y - v->m.text_label * 0.7f, v->m.text_label, th->text, DRAW_ALIGN_CENTER, 0);
}

static void token_text(draw_list *dl, const view_ctx *v, float x, float y, float w, float tok, draw_color c) {
    if (isnan(tok)) return;
    int id = (int)tok;
    const char *sym = id >= 0 && id < v->model->tgt.n ? v->model->tgt.sym[id] : "?";
    char fit[64];
    draw_text_fit(dl, sym, v->m.text_body, w - 4.0f, fit, sizeof fit);
    draw_text(dl, fit, x, y, v->m.text_body, c, DRAW_ALIGN_CENTER, 0);
}

void view_refine(draw_list *dl, view_ctx *v, draw_rect r) {
    const s2s_trace *tr = v->trace;
    const trace_step *s = v->cursor >= 0 && v->cursor < tr->n_steps ? &tr->steps[v->cursor] : NULL;
    if (!s || s->op != TO_REFINE) return;
    const float *x = trace_data(tr, s);
    int n = s->cols, k = 0, passes = 0;
    for (int i = 0; i < n; i++) k += x[REFINE_MASKED * n + i] != 0.0f;
    for (int i = trace_find(tr, TB_GENERATOR, -1, TS_NONE, TO_REFINE, -1, TRACE_ANY_PASS); i >= 0; i = tr->steps[i].next)
        passes++;
    char title[128];
    snprintf(title, sizeof title, _("Iterative refinement · pass %d of %d"), s->pass + 1, passes);
    draw_rect in = view_panel(dl, v, r, title);
    const theme *th = v->th;
    float fs = v->m.text_body, lab_w = fs * 9.0f;
    char line[160];
    if (s->pass == 0)
        snprintf(line, sizeof line, _("pass 1 predicts all %d positions from <begin>"), n);
    else
        snprintf(line, sizeof line, _("%d of %d positions re-masked (the least confident), re-predicted with the rest visible"),
                 k, n);
    draw_text(dl, line, in.x, in.y + fs * 0.8f, fs, th->text, DRAW_ALIGN_LEFT, 0);
    if (n <= 0) return;
    /* rows: before (token, confidence bar), the pass's input, after (token, confidence bar) */
    float top = in.y + fs * 2.2f, avail = in.h - (top - in.y), cw = (in.w - lab_w) / (float)n;
    float tok_h = fs * 1.8f, bar_h = (avail - 4.0f * tok_h - fs * 2.0f) * 0.5f;
    if (bar_h < fs * 2.0f) bar_h = fs * 2.0f;
    float y_pos = top + tok_h * 0.5f, y_tb = top + tok_h * 1.5f, y_bb = top + tok_h * 2.0f + fs;
    float y_in = y_bb + bar_h + tok_h * 0.6f, y_ta = y_in + tok_h, y_ba = y_ta + tok_h * 0.5f + fs;
    const char *row_names[] = {_("position"), _("before"), _("input"), _("after")};
    float row_y[] = {y_pos, y_tb, y_in, y_ta};
    for (int j = 0; j < 4; j++) draw_text(dl, row_names[j], in.x, row_y[j], fs, th->text_dim, DRAW_ALIGN_LEFT, 0);
    draw_text(dl, _("confidence"), in.x, y_bb + bar_h * 0.5f, v->m.text_label, th->text_dim, DRAW_ALIGN_LEFT, 0);
    draw_text(dl, _("confidence"), in.x, y_ba + bar_h * 0.5f, v->m.text_label, th->text_dim, DRAW_ALIGN_LEFT, 0);
    draw_color kept = colormap_sample(v->cm, 0.35f);
    for (int i = 0; i < n; i++) {
        float cx = in.x + lab_w + (i + 0.5f) * cw, bw = cw * 0.5f < fs * 3.0f ? cw * 0.5f : fs * 3.0f;
        int masked = x[REFINE_MASKED * n + i] != 0.0f;
        char num[16];
        snprintf(num, sizeof num, "%d", i + 1);
        draw_text(dl, num, cx, y_pos, fs, th->text_dim, DRAW_ALIGN_CENTER, 0);
        if (masked) /* the re-masked column, outlined from before to after */
            draw_outline(dl, draw_rect_make(cx - cw * 0.48f, y_tb - tok_h * 0.5f, cw * 0.96f, y_ba + bar_h - y_tb + tok_h * 0.5f + 4.0f),
                         th->accent, 2.0f);
        token_text(dl, v, cx, y_tb, cw, x[REFINE_TOKEN_BEFORE * n + i], masked ? th->accent : th->text);
        conf_bar(dl, v, draw_rect_make(cx - bw * 0.5f, y_bb, bw, bar_h), x[REFINE_CONF_BEFORE * n + i], masked ? th->accent : kept);
        float in_tok = masked ? (float)S2S_BEGIN : x[REFINE_TOKEN_BEFORE * n + i];
        token_text(dl, v, cx, y_in, cw, in_tok, masked ? th->accent : th->text_dim);
        token_text(dl, v, cx, y_ta, cw, x[REFINE_TOKEN_AFTER * n + i], th->text);
        conf_bar(dl, v, draw_rect_make(cx - bw * 0.5f, y_ba, bw, bar_h), x[REFINE_CONF_AFTER * n + i], masked ? th->accent : kept);
    }
}
