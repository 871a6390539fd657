/* view_live.c: see view_live.h. Left, the losses against the step (both from 0 to the largest
 * loss seen); right, the held-out exact match (0 to 100 %); under both the scrubber. */
#include "viz/view_live.h"
#include "core/i18n.h"

#include <math.h>
#include <stdio.h>

static const draw_color HELDOUT = {214, 96, 20, 255}; /* held-out curves: orange */
static const draw_color TRAINING = {40, 100, 200, 255}; /* the training loss: blue, apart from the held-out */

float view_live_height(const view_metrics *m) { return m->text_body * 15.0f; }

/* A polyline of n values over x in [0, steps] and y in [0, top] inside plot p (at most ~2 points per pixel). */
static void curve(draw_list *dl, draw_rect p, const float *xs, const float *ys, int n, float steps, float top,
                  draw_color c, float width) {
    float px = 0, py = 0;
    int stride = n > (int)(p.w * 2) ? n / (int)(p.w * 2) : 1;
    for (int i = 0, k = 0; i < n; i += stride, k++) {
        if (ys[i] < 0 || !isfinite(ys[i])) continue;
        float x = p.x + p.w * xs[i] / steps, y = p.y + p.h * (1.0f - fminf(ys[i] / top, 1.0f));
        if (k > 0) draw_line(dl, px, py, x, y, c, width);
        px = x, py = y;
    }
}

void view_live(draw_list *dl, view_ctx *v, draw_rect r, const view_live_info *in) {
    const s2s_live_status *st = in->st;
    const theme *th = v->th;
    float fs = v->m.text_label;
    char s[256];
    const char *state = st->state == LIVE_RUNNING ? _("running") : st->state == LIVE_PAUSED ? _("paused")
                        : st->state == LIVE_DONE ? _("done") : _("failed");
    snprintf(s, sizeof s, _("%s · step %d / %d · %.0f tokens/s · lr %.2g · %.0f s · %s"), in->title, st->step, st->steps,
             st->tokens_per_s, st->lr, st->elapsed_s, state);
    draw_rect c = view_panel(dl, v, r, s);
    float x = c.x + c.w;
    x = view_button(dl, v, x, c.y, _("Shift+T stop"), in->act_stop, 0);
    x = view_button(dl, v, x, c.y, _("Ctrl+S save"), in->act_save, 0);
    x = view_button(dl, v, x, c.y, _("Shift+R reset"), in->act_reset, 0);
    x = view_button(dl, v, x, c.y, st->state == LIVE_PAUSED ? _("P resume") : _("P pause"), in->act_pause, st->state == LIVE_PAUSED);
    view_button(dl, v, x, c.y, _("Shift+F follow"), in->act_follow, in->follow);
    if (st->state == LIVE_FAILED) {
        draw_text(dl, st->error, c.x, c.y + fs, fs, th->text, DRAW_ALIGN_LEFT, 0);
        return;
    }
    /* the latest numbers, as text beside the curves' titles */
    const s2s_live_snapshot_info *last = st->n_snapshots ? &st->snap[st->n_snapshots - 1] : NULL;
    float top_y = c.y + fs * 2.6f, scrub_h = fs * 2.2f;
    float plot_h = c.y + c.h - top_y - scrub_h - fs * 1.2f;
    float lw = c.w * 0.62f;
    draw_rect lp = draw_rect_make(c.x + fs * 5.5f, top_y + fs * 1.4f, lw - fs * 5.5f, plot_h - fs * 1.4f);
    draw_rect ep = draw_rect_make(c.x + lw + fs * 4.0f, top_y + fs * 1.4f, c.w - lw - fs * 4.0f, plot_h - fs * 1.4f);
    snprintf(s, sizeof s, _("training loss (per step) %.3f"), in->n ? (double)in->loss[in->n - 1] : 0.0);
    draw_text(dl, s, lp.x, top_y + fs * 0.5f, fs, TRAINING, DRAW_ALIGN_LEFT, 0);
    float title_w;
    draw_measure(dl, s, fs, &title_w, NULL);
    snprintf(s, sizeof s, _("· held-out loss %.3f (per snapshot)"), last ? (double)last->heldout_loss : 0.0);
    draw_text(dl, s, lp.x + title_w + fs * 0.5f, top_y + fs * 0.5f, fs, HELDOUT, DRAW_ALIGN_LEFT, 0);
    snprintf(s, sizeof s, _("held-out exact match %.1f %%"), last ? 100.0 * last->heldout_exact : 0.0);
    draw_text(dl, s, ep.x, top_y + fs * 0.5f, fs, HELDOUT, DRAW_ALIGN_LEFT, 0);
    draw_outline(dl, lp, th->grid, 1.0f);
    draw_outline(dl, ep, th->grid, 1.0f);
    float steps = st->steps > 0 ? (float)st->steps : 1.0f, top = 0.1f;
    for (int i = 0; i < in->n; i++) top = fmaxf(top, in->loss[i]);
    for (int k = 0; k < st->n_snapshots; k++) top = fmaxf(top, st->snap[k].heldout_loss);
    snprintf(s, sizeof s, "%.1f", (double)top);
    draw_text(dl, s, lp.x - 4.0f, lp.y, fs * 0.85f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
    draw_text(dl, "0", lp.x - 4.0f, lp.y + lp.h, fs * 0.85f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
    draw_text(dl, "100%", ep.x - 4.0f, ep.y, fs * 0.85f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
    draw_text(dl, "0", ep.x - 4.0f, ep.y + ep.h, fs * 0.85f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
    /* curves: x = step */
    float xs_s[LIVE_MAX_SNAPSHOTS], hl[LIVE_MAX_SNAPSHOTS], ex[LIVE_MAX_SNAPSHOTS];
    for (int k = 0; k < st->n_snapshots; k++) {
        xs_s[k] = (float)st->snap[k].step;
        hl[k] = st->snap[k].heldout_loss;
        ex[k] = st->snap[k].heldout_exact;
    }
    float *xs = v->scratch && v->scratch_len >= (size_t)in->n ? v->scratch : NULL; /* steps 1..n */
    if (xs) {
        for (int i = 0; i < in->n; i++) xs[i] = (float)(i + 1);
        curve(dl, lp, xs, in->loss, in->n, steps, top, TRAINING, 1.5f);
    }
    curve(dl, lp, xs_s, hl, st->n_snapshots, steps, top, HELDOUT, 2.5f);
    curve(dl, ep, xs_s, ex, st->n_snapshots, steps, 1.0f, HELDOUT, 2.5f);
    /* the scrubber: one tick per snapshot, across the loss plot's width */
    draw_rect sb = draw_rect_make(lp.x, c.y + c.h - scrub_h, c.x + c.w - lp.x, scrub_h);
    draw_text(dl, _("snapshots"), c.x, sb.y + sb.h * 0.5f, fs * 0.85f, th->text_dim, DRAW_ALIGN_LEFT, 0);
    draw_line(dl, sb.x, sb.y + sb.h * 0.5f, sb.x + sb.w, sb.y + sb.h * 0.5f, th->grid, 1.0f);
    for (int k = 0; k < st->n_snapshots; k++) {
        float tx = sb.x + sb.w * st->snap[k].step / steps, tw = fmaxf(4.0f, fminf(10.0f, sb.w / (st->n_snapshots + 1)));
        draw_rect t = draw_rect_make(tx - tw * 0.5f, sb.y + 3.0f, tw, sb.h - 6.0f);
        draw_fill(dl, t, k == in->shown ? th->accent : th->text_dim);
        hit_add(v->hits, draw_rect_make(t.x - 2.0f, sb.y, t.w + 4.0f, sb.h), (hit){.kind = HIT_SNAPSHOT, .index = k});
        if (k == in->shown) { /* which point in time the views show, also on the plots */
            draw_line(dl, lp.x + lp.w * st->snap[k].step / steps, lp.y, lp.x + lp.w * st->snap[k].step / steps, lp.y + lp.h,
                      th->grid, 1.0f);
            snprintf(s, sizeof s, _("views: step %d · held-out loss %.3f · exact %.1f %%"), st->snap[k].step,
                     (double)st->snap[k].heldout_loss, 100.0 * st->snap[k].heldout_exact);
            draw_text(dl, s, ep.x, ep.y + ep.h + fs * 0.7f, fs * 0.9f, th->text, DRAW_ALIGN_LEFT, 0);
        }
    }
}
