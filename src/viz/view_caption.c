/* view_caption.c: the caption strip: one sentence, large, saying what the current step does with
 * its real numbers (caption.c). Shortened with an ellipsis when it does not fit its line; the
 * whole sentence is then a tooltip under the mouse. */
#include "viz/caption.h"
#include "viz/view.h"

void view_caption_text(const view_ctx *v, int beam, char *out, size_t cap) {
    caption_in in = {v->model, v->trace, v->res, v->cursor, v->focus.row, beam};
    caption_make(&in, out, cap);
}

float view_caption_height(const view_metrics *m) { return m->text_title * 1.2f * 1.8f; }

void view_caption(draw_list *dl, view_ctx *v, draw_rect r, const char *text) {
    float fs = v->m.text_title * 1.2f;
    draw_outline(dl, r, v->th->grid, 1.0f);
    char fit[VIEW_CAPTION_MAX];
    int cut = draw_text_fit(dl, text, fs, r.w - 2.0f * v->m.pad, fit, sizeof fit);
    draw_text(dl, fit, r.x + v->m.pad, r.y + r.h * 0.5f, fs, v->th->text, DRAW_ALIGN_LEFT, 0);
    if (cut && rect_contains(r, v->mouse_x, v->mouse_y))
        view_tooltip(dl, v, text, r.x, v->mouse_y, draw_rect_make(0, 0, r.x + r.w, r.y + r.h)); /* from the left: it is long */
}
