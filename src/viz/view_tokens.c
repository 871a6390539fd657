/* view_tokens.c: the source tokens and the decoded sequence so far, each output token with its
 * probability; in AT decoding a click on an output token opens the what-if picker. */
#include <stdio.h>

#include "viz/view.h"
#include "core/i18n.h"

/* Width of chip i. */
static float chip_w(draw_list *dl, const char *label, float fs, float h, float pad) {
    float w;
    draw_measure(dl, label, fs, &w, NULL);
    w += 2 * pad;
    return w < h ? h : w;
}

/* A row of token chips starting at (x, y); returns the x after the last. A row longer than the
 * room scrolls so the current chip shows, with "…" where chips are left out. */
static float chips(draw_list *dl, view_ctx *v, float x, float y, float max_x, const char *const *labels, int n,
                   const float *probs, int current, hit_kind kind, const unsigned char *changed) {
    const theme *th = v->th;
    float fs = v->m.text_title, h = fs * 1.7f, pad = fs * 0.45f, more = fs * 1.5f;
    int first = 0;
    if (current >= n) current = n - 1;
    if (current > 0) { /* the first chip from which the current one fits after a leading "…" */
        float span = 0;
        for (int i = current; i >= 0; i--) {
            span += chip_w(dl, labels[i], fs, h, pad) + 5.0f;
            if (x + more + span + more > max_x) break;
            first = i;
        }
        if (first == 1) first = 0; /* "…" for a single chip saves nothing */
    }
    if (first > 0) {
        draw_text(dl, "…", x + 4.0f, y + h * 0.5f, fs, th->text_dim, DRAW_ALIGN_LEFT, 0);
        x += more;
    }
    for (int i = first; i < n; i++) {
        float w = chip_w(dl, labels[i], fs, h, pad);
        if (x + w > max_x || (i < n - 1 && x + w + 5.0f + more > max_x && i > current)) {
            draw_text(dl, "…", x + 4.0f, y + h * 0.5f, fs, th->text_dim, DRAW_ALIGN_LEFT, 0);
            return x + more;
        }
        draw_rect r = draw_rect_make(x, y, w, h);
        int on = i == current;
        draw_fill(dl, r, on ? th->accent : th->background);
        draw_outline(dl, r, on ? th->accent : th->grid, 1.0f);
        if (changed && changed[i]) /* differs from the output before the head switch */
            draw_outline(dl, draw_rect_make(x - 3.0f, y - 3.0f, w + 6.0f, h + 6.0f), th->text, 3.0f);
        draw_text(dl, labels[i], x + w * 0.5f, y + h * 0.5f, fs, on ? th->background : th->text, DRAW_ALIGN_CENTER, 0);
        if (probs) {
            char p[16];
            snprintf(p, sizeof p, "%.2f", (double)probs[i]);
            draw_text(dl, p, x + w * 0.5f, y + h + fs * 0.55f, fs * 0.62f, th->text_dim, DRAW_ALIGN_CENTER, 0);
        }
        if (kind != HIT_NONE) hit_add(v->hits, r, (hit){.kind = kind, .index = i});
        x += w + 5.0f;
    }
    return x;
}

int view_changed_tokens(const view_ctx *v, int n, unsigned char *changed, char *was, size_t cap) {
    const s2s_decode_result *res = v->res;
    int count = 0;
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        changed[i] = i >= v->n_before || res->out[i] != v->before[i];
        if (!changed[i]) continue;
        count++;
        if (count > 1 || i >= v->n_before) continue; /* the first change is spelled out */
        const float *p = view_probs_at(v, i);
        int nw = snprintf(was, cap, _("position %d was %s (now p = %.3f)"), i + 1, v->model->tgt.sym[v->before[i]],
                          p ? (double)p[v->before[i]] : 0.0);
        if (nw > 0) len = (size_t)nw;
    }
    if (count > 1 && len < cap) snprintf(was + len, cap - len, _(" · %d changed"), count);
    else if (count == 1 && len == 0) snprintf(was, cap, _("the output is longer than before"));
    return count;
}

void view_tokens(draw_list *dl, view_ctx *v, draw_rect r) {
    const s2s_decode_result *res = v->res;
    const theme *th = v->th;
    float fs = v->m.text_body, row = r.h * 0.5f, lw = fs * 6.0f;
    draw_text(dl, _("source"), r.x, r.y + row * 0.35f, fs, th->text_dim, DRAW_ALIGN_LEFT, 0);
    chips(dl, v, r.x + lw, r.y + row * 0.35f - fs * 0.85f, r.x + r.w, v->src_labels, res->n_src, NULL, -1, HIT_NONE,
          NULL);
    int nat = v->model->cfg.decoder == S2S_DECODER_NAT;
    draw_text(dl, nat ? _("output") : _("decoded"), r.x, r.y + row * 1.25f, fs, th->text_dim, DRAW_ALIGN_LEFT, 0);
    int n = view_emitted(v); /* what the generator has emitted up to the cursor */
    unsigned char changed[S2S_MAX_LEN + 1];
    char was[160] = "";
    int n_changed = v->before ? view_changed_tokens(v, n, changed, was, sizeof was) : 0;
    float x = chips(dl, v, r.x + lw, r.y + row * 1.25f - fs * 0.85f, r.x + r.w, v->out_labels, n, res->out_prob,
                    v->focus.row, HIT_OUT_TOKEN, v->before ? changed : NULL);
    const char *hint = n_changed ? was : v->before ? _("no token changed so far") : _("click a token: what if it were another?");
    float hw;
    draw_measure(dl, hint, fs * 0.85f, &hw, NULL);
    if ((!nat || v->before) && n > 0 && x + 12.0f + hw <= r.x + r.w) /* only where it fits: a long decode needs the room */
        draw_text(dl, hint, x + 12.0f, r.y + row * 1.25f, fs * 0.85f, th->text_dim, DRAW_ALIGN_LEFT, 0);
}
