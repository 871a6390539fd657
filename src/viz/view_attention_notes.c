/* view_attention_notes.c: what keeps two attention pictures from looking broken. The mask stage
 * gets a legend (a swatch for "allowed", a hatched one for "blocked"), and when nothing is masked,
 * as in the encoder, a sentence saying so instead of a plain yellow square. A thumbnail whose query
 * has one key so far (the decoder's first pass: softmax over one score is 1) is labelled as such. */
#include <math.h>

#include "core/i18n.h"
#include "viz/view.h"

float view_mask_legend(draw_list *dl, view_ctx *v, draw_rect r, const float *m, int rows, int cols) {
    const theme *th = v->th;
    float fs = v->m.text_body, h = fs * 2.2f, y = r.y + r.h - h * 0.5f, sw = fs * 1.1f, w;
    int blocked = 0;
    for (int i = 0; i < rows * cols; i++) blocked += isnan(m[i]);
    float x = r.x + v->m.pad;
    draw_fill(dl, draw_rect_make(x, y - sw * 0.5f, sw, sw), colormap_sample(v->cm, 1.0f));
    x += sw + fs * 0.5f;
    const char *allowed = blocked ? _("allowed: the query sees this key") : _("nothing is masked: every query sees every key");
    float end = r.x + r.w;
    draw_measure(dl, allowed, fs, &w, NULL);
    if (blocked && w > (end - x) * 0.45f) w = (end - x) * 0.45f; /* room for the second item */
    view_text_fit(dl, v, allowed, x, y, fs, blocked ? th->text : th->accent, DRAW_ALIGN_LEFT, blocked ? w : end - x);
    if (!blocked) return h;
    x += w + fs * 2.0f;
    draw_hatch(dl, draw_rect_make(x, y - sw * 0.5f, sw, sw), th->masked, th->masked_line, 4.0f);
    x += sw + fs * 0.5f;
    if (end - x > fs)
        view_text_fit(dl, v, _("blocked: −inf before softmax, weight 0"), x, y, fs, th->text, DRAW_ALIGN_LEFT, end - x);
    return h;
}

void view_one_key_label(draw_list *dl, const view_ctx *v, draw_rect cell) {
    const char *t = _("1 key: 1.0");
    float fs = v->m.text_small, w;
    draw_measure(dl, t, fs, &w, NULL);
    if (w > cell.w - 4.0f) { /* a small thumbnail: the short form */
        t = "=1";
        draw_measure(dl, t, fs, &w, NULL);
        if (w > cell.w - 2.0f) return;
    }
    draw_color ink = colormap_sample(v->cm, 0.0f); /* the colormap's dark end reads on its bright end */
    draw_text(dl, t, cell.x + cell.w * 0.5f, cell.y + cell.h * 0.5f, fs, ink, DRAW_ALIGN_CENTER, 0);
}
