/* view_caption.c: the caption strip: one sentence, large, saying what the current step does with
 * its real numbers (caption.c). Shortened with an ellipsis when it does not fit its line; the
 * whole sentence is then the tooltip under the mouse (v->tip). */
#include "viz/caption.h"
#include "viz/view.h"

void view_caption_text(const view_ctx *v, int beam, const s2s_sampling *sampling, int n_forced, char *out,
                       size_t cap) {
    caption_in in = {v->model, v->trace, v->res, v->cursor, v->focus.row, beam, sampling, n_forced};
    caption_make(&in, out, cap);
}

void view_caption(draw_list *dl, view_ctx *v, draw_rect r, const char *text) {
    const view_metrics *m = &v->m;
    draw_outline(dl, r, v->th->grid, 1.0f);
    view_text_fit(dl, v, text, r.x + m->pad, r.y + r.h * 0.5f, m->text_caption, v->th->text, DRAW_ALIGN_LEFT,
                  r.w - 2.0f * m->pad);
}
