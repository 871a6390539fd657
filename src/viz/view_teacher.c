/* view_teacher.c: see view_teacher.h. One column per decoder position, the same columns for
 * teacher forcing and for inference, so a class reads down a column to compare them. */
#include "viz/view_teacher.h"
#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

static const draw_color WRONG = {200, 40, 40, 255}; /* an inference output that is not the target's */

/* Row heights in text sizes: a title, then chip or number rows. */
#define ROW_EM 1.55f
#define ROWS 8.6f

float view_teacher_height(const view_metrics *m) { return m->text_body * ROW_EM * ROWS + 2.0f * m->inset; }

static const char *sym(const view_ctx *v, int id) {
    const char *s = v->model->tgt.sym[id];
    return strcmp(s, " ") == 0 ? "␣" : s;
}

/* A token chip centred in column cell c; outlined in `edge`. */
static void chip(draw_list *dl, const view_ctx *v, draw_rect c, const char *label, draw_color edge, float width) {
    const theme *th = v->th;
    float fs = v->m.text_label;
    char fit[64];
    draw_text_fit(dl, label, fs, c.w - 6.0f, fit, sizeof fit);
    draw_rect r = draw_rect_make(c.x + 2.0f, c.y + 2.0f, c.w - 4.0f, c.h - 4.0f);
    draw_fill(dl, r, th->background);
    draw_outline(dl, r, edge, width);
    draw_text(dl, fit, r.x + r.w * 0.5f, r.y + r.h * 0.5f, fs, th->text, DRAW_ALIGN_CENTER, 0);
}

/* A section title; the half the views show gets the accent and a "shown above" tag. Clicking the
 * half switches. */
static void title(draw_list *dl, view_ctx *v, draw_rect half, float y, const char *text, int shown, int action) {
    const theme *th = v->th;
    float fs = v->m.text_body;
    const char *tag = shown ? _("▲ shown above (F: switch)") : _("F: show this above");
    float tag_w;
    draw_measure(dl, tag, fs * 0.85f, &tag_w, NULL);
    char fit[256]; /* the title gives way to the tag in a narrow window (a lesson's panel beside it) */
    draw_text_fit(dl, text, fs, half.w - tag_w - 3.0f * v->m.pad, fit, sizeof fit);
    draw_text(dl, fit, half.x + v->m.pad, y, fs, shown ? th->accent : th->text, DRAW_ALIGN_LEFT, 0);
    draw_text(dl, tag, half.x + half.w - v->m.pad, y, fs * 0.85f, shown ? th->accent : th->text_dim, DRAW_ALIGN_RIGHT, 0);
    if (shown) draw_outline(dl, half, th->accent, 2.0f);
    else hit_add(v->hits, half, (hit){.kind = HIT_ACTION, .action = action});
}

void view_teacher(draw_list *dl, view_ctx *v, draw_rect r, const s2s_teacher_pair *t, int free_run,
                  int toggle_action) {
    const theme *th = v->th;
    float fs = v->m.text_body, rh = fs * ROW_EM, lw = fs * 9.0f;
    int n = t->tf.n, n_inf = t->free.n_out; /* columns: target positions; inference may be shorter or longer */
    int cols = n > n_inf ? n : n_inf;
    if (cols < 1) cols = 1;
    float cw = (r.w - lw) / (float)cols;
    if (cw > fs * 5.5f) cw = fs * 5.5f;
    int nat = v->model->cfg.decoder == S2S_DECODER_NAT; /* NAT: <begin> everywhere, in training and at inference */
    char s[200];
    /* ---- teacher forcing: four rows ---- */
    draw_rect top = draw_rect_make(r.x, r.y, r.w, rh * 5.0f + v->m.inset);
    if (nat)
        snprintf(s, sizeof s, _("Teacher forcing (training): loss = mean −log p = %.3f · decoder input = <begin> at every position; the target serves only as the labels"),
                 (double)t->tf.mean);
    else
        snprintf(s, sizeof s, _("Teacher forcing (training): loss = mean −log p = %.3f · decoder input = <begin> + the target shifted right"),
                 (double)t->tf.mean);
    title(dl, v, top, r.y + rh * 0.5f, s, !free_run, toggle_action);
    const char *names[4] = {_("decoder input"), _("target"), _("p(target)"), _("−log p")};
    for (int k = 0; k < 4; k++)
        draw_text(dl, names[k], r.x + v->m.pad, r.y + rh * (1.5f + k), fs * 0.9f, th->text_dim, DRAW_ALIGN_LEFT, 0);
    for (int i = 0; i < n; i++) {
        float x = r.x + lw + cw * i;
        chip(dl, v, draw_rect_make(x, r.y + rh, cw, rh), i == 0 || nat ? "<begin>" : sym(v, t->tf.label[i - 1]), th->grid, 1.0f);
        draw_rect tc = draw_rect_make(x, r.y + rh * 2.0f, cw, rh);
        chip(dl, v, tc, sym(v, t->tf.label[i]), th->text, 1.0f);
        hit_add(v->hits, tc, (hit){.kind = HIT_OUT_TOKEN, .index = i}); /* click: position i's distribution */
        snprintf(s, sizeof s, "%.3f", (double)t->tf.prob[i]);
        draw_text(dl, s, x + cw * 0.5f, r.y + rh * 3.5f, fs * 0.9f, th->text, DRAW_ALIGN_CENTER, 0);
        /* the loss as a number over a bar (full width at 5 nats), so the costly positions stand out */
        float frac = t->tf.loss[i] / 5.0f;
        frac = frac > 1.0f ? 1.0f : frac < 0.0f ? 0.0f : frac;
        draw_rect bar = draw_rect_make(x + 3.0f, r.y + rh * 4.0f + 3.0f, (cw - 6.0f) * frac, rh - 6.0f);
        draw_fill(dl, bar, draw_color_over(th->panel, draw_rgba(WRONG.r, WRONG.g, WRONG.b, 90)));
        snprintf(s, sizeof s, "%.3f", (double)t->tf.loss[i]);
        draw_text(dl, s, x + cw * 0.5f, r.y + rh * 4.5f, fs * 0.9f, th->text, DRAW_ALIGN_CENTER, 0);
    }
    /* ---- inference: its own outputs fed back ---- */
    float y0 = r.y + rh * 5.2f + v->m.inset;
    draw_rect bottom = draw_rect_make(r.x, y0, r.w, rh * 3.3f);
    if (nat && t->first_wrong >= 0)
        snprintf(s, sizeof s, _("Inference: <begin> at as many positions as the length classifier says (%d) · differs from the target from position %d on (red)"),
                 t->free.nat_length, t->first_wrong + 1);
    else if (nat)
        snprintf(s, sizeof s, _("Inference: <begin> at as many positions as the length classifier says (%d) · every position as the target"),
                 t->free.nat_length);
    else if (t->first_wrong >= 0)
        snprintf(s, sizeof s, _("Inference: decoder input = its own previous outputs · differs from the target from position %d on (red)"),
                 t->first_wrong + 1);
    else
        snprintf(s, sizeof s, _("Inference: decoder input = its own previous outputs · every position as the target"));
    title(dl, v, bottom, y0 + rh * 0.5f, s, free_run, toggle_action);
    draw_text(dl, _("decoder input"), r.x + v->m.pad, y0 + rh * 1.5f, fs * 0.9f, th->text_dim, DRAW_ALIGN_LEFT, 0);
    draw_text(dl, _("output"), r.x + v->m.pad, y0 + rh * 2.5f, fs * 0.9f, th->text_dim, DRAW_ALIGN_LEFT, 0);
    for (int i = 0; i < n_inf && i < cols; i++) {
        float x = r.x + lw + cw * i;
        chip(dl, v, draw_rect_make(x, y0 + rh, cw, rh), i == 0 || nat ? "<begin>" : sym(v, t->free.out[i - 1]), th->grid, 1.0f);
        int wrong = i >= n || t->free.out[i] != t->tf.label[i];
        chip(dl, v, draw_rect_make(x, y0 + rh * 2.0f, cw, rh), sym(v, t->free.out[i]), wrong ? WRONG : th->text,
             wrong ? 2.5f : 1.0f);
    }
}
