/* view_residual_scale.c: the residual view's scales, so its bars and colour strips can be read: under
 * each column of bars a ruler from 0 to the longest vector's length (a bar's length is the L2 norm
 * ‖x‖ of that stage's vector, one scale for the whole table), and for the colour strips a key from
 * the colormap's dark end (−m) through 0 to its bright end (+m), m being written at the right end
 * of each strip (every strip is scaled by its own largest |feature|). Text that does not fit is
 * shortened with its tooltip (view_text_fit). */
#include <stdio.h>

#include "core/i18n.h"
#include "viz/view.h"

/* the scales' text: a small label, never under the least size the frame allows (presenter mode) */
static float scale_text(const view_ctx *v, float k) { return fmaxf(v->m.text_label * 0.85f * k, v->m.text_least); }

float view_norm_ruler(draw_list *dl, view_ctx *v, float x, float y, float w, float longest, int explain) {
    const theme *th = v->th;
    float fs = scale_text(v, 1.0f), tick = fs * 0.35f, end_w, zero_w;
    draw_line(dl, x, y, x + w, y, th->text_dim, 1.0f);
    draw_line(dl, x, y - tick, x, y + tick, th->text_dim, 1.0f);
    draw_line(dl, x + w, y - tick, x + w, y + tick, th->text_dim, 1.0f);
    char end[32];
    snprintf(end, sizeof end, "%.2f", (double)longest);
    draw_measure(dl, end, fs, &end_w, NULL);
    draw_measure(dl, "0", fs, &zero_w, NULL);
    float ty = y + fs * 0.9f;
    draw_text(dl, "0", x, ty, fs, th->text_dim, DRAW_ALIGN_LEFT, 0);
    draw_text(dl, end, x + w, ty, fs, th->text_dim, DRAW_ALIGN_RIGHT, 0);
    float room = w - end_w - zero_w - fs * 2.0f;
    if (explain && room > fs * 3.0f) /* once, under the first column */
        view_text_fit(dl, v, _("bar length: the vector's length ‖x‖"), x + zero_w + fs, ty, fs, th->text_dim, DRAW_ALIGN_LEFT,
                      room);
    return fs * 1.6f;
}

float view_strip_key(draw_list *dl, view_ctx *v, float x, float y, float w) {
    const theme *th = v->th;
    float fs = scale_text(v, 1.0f), tw, start = x;
    const char *lo = _("−m"), *hi = _("+m (each strip's largest |feature|, at its right)");
    draw_measure(dl, lo, fs, &tw, NULL);
    if (tw + fs * 4.0f > w) return x; /* no room for the key */
    draw_text(dl, lo, x, y, fs, th->text_dim, DRAW_ALIGN_LEFT, 0);
    x += tw + fs * 0.4f;
    float ramp_w = fs * 8.0f;
    if (ramp_w > w * 0.3f) ramp_w = w * 0.3f;
    draw_color cells[32];
    for (int i = 0; i < 32; i++) cells[i] = colormap_sample(v->cm, (float)i / 31.0f);
    draw_cells(dl, draw_rect_make(x, y - fs * 0.45f, ramp_w, fs * 0.9f), 1, 32, cells);
    draw_text(dl, "0", x + ramp_w * 0.5f, y, scale_text(v, 0.8f), th->background, DRAW_ALIGN_CENTER, 0);
    x += ramp_w + fs * 0.4f;
    if (w - (x - start) > fs) view_text_fit(dl, v, hi, x, y, fs, th->text_dim, DRAW_ALIGN_LEFT, w - (x - start));
    return start + w;
}

float view_strip_end_w(const draw_list *dl, const view_ctx *v) {
    float w;
    draw_measure(dl, "88.88", scale_text(v, 1.0f), &w, NULL);
    return w + v->m.pad;
}

void view_strip_end(draw_list *dl, const view_ctx *v, float x, float y, float largest) {
    char s[32];
    snprintf(s, sizeof s, "%.2f", (double)largest);
    draw_text(dl, s, x + v->m.pad * 0.5f, y, scale_text(v, 1.0f), v->th->text_dim, DRAW_ALIGN_LEFT, 0);
}
