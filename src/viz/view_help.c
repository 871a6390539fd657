/* view_help.c: the full keyboard map as an overlay (? or F1). The bindings are the app's data; this
 * only lays them out in columns. */
#include "viz/view.h"
#include "viz/view_help.h"
#include "core/i18n.h"

#include <stdio.h>

#include "core/version.h"

void view_help(draw_list *dl, const view_ctx *v, draw_rect screen, const char *const *keys, const char *const *what,
               int n) {
    const theme *th = v->th;
    draw_color shade = th->text;
    shade.a = 120;
    draw_fill(dl, screen, shade);
    float fs = v->m.text_title, rh = fs * 1.6f;
    int per_col = (n + 1) / 2;
    float w = screen.w * 0.8f, h = per_col * rh + fs * 5.0f;
    if (h > screen.h * 0.92f) {
        rh = (screen.h * 0.92f - fs * 5.0f) / (float)per_col;
        h = screen.h * 0.92f;
    }
    draw_rect box = draw_rect_make(screen.x + (screen.w - w) * 0.5f, screen.y + (screen.h - h) * 0.5f, w, h);
    draw_fill(dl, box, th->panel);
    draw_outline(dl, box, th->accent, 2.0f);
    draw_text(dl, _("Keyboard and mouse"), box.x + 24.0f, box.y + fs * 1.4f, fs * 1.3f, th->text, DRAW_ALIGN_LEFT, 0);
    char title[64]; /* which version is in front of the class, for a bug report */
    snprintf(title, sizeof title, "Stepformer %s", stepformer_version());
    draw_text(dl, title, box.x + box.w - 24.0f, box.y + box.h - fs * 1.0f, fs * 0.9f, th->text_dim, DRAW_ALIGN_RIGHT, 0);
    draw_text(dl, _("press ? or Esc to close"), box.x + box.w - 24.0f, box.y + fs * 1.4f, fs * 0.9f, th->text_dim,
              DRAW_ALIGN_RIGHT, 0);
    for (int i = 0; i < n; i++) {
        int col = i / per_col, row = i % per_col;
        float x = box.x + 24.0f + col * (box.w * 0.5f), y = box.y + fs * 3.4f + row * rh;
        draw_text(dl, keys[i], x + fs * 9.0f, y, fs, th->accent, DRAW_ALIGN_RIGHT, 0);
        char fit[160];
        draw_text_fit(dl, what[i], fs, box.w * 0.5f - fs * 10.6f, fit, sizeof fit); /* stay in the box */
        draw_text(dl, fit, x + fs * 9.8f, y, fs, th->text, DRAW_ALIGN_LEFT, 0);
    }
}
