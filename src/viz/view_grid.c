/* view_grid.c: every layer x head of one attention kind as thumbnails (rows: layers, columns:
 * heads); the focused one framed; a click focuses another. Large grids shrink their thumbnails
 * rather than overflow. */
#include <math.h>
#include <stdio.h>

#include "viz/view.h"
#include "core/i18n.h"

void view_grid(draw_list *dl, view_ctx *v, draw_rect r) {
    const view_focus *f = &v->focus;
    const s2s_config *c = &v->model->cfg;
    const theme *th = v->th;
    trace_block b = f->block == TB_DECODER ? TB_DECODER : TB_ENCODER;
    trace_sublayer sub = (f->sub == TS_SELF_ATTN || f->sub == TS_CROSS_ATTN) ? f->sub : TS_SELF_ATTN;
    if (b == TB_ENCODER) sub = TS_SELF_ATTN;
    char title[96];
    snprintf(title, sizeof title, _("All heads · %s %s"), b == TB_ENCODER ? _("encoder") : _("decoder"), view_sub_name(v->model, b, sub));
    draw_rect in = view_panel(dl, v, r, title);
    int L = b == TB_ENCODER ? c->n_enc : c->n_dec, H = c->n_heads;
    float fs = v->m.text_small, lab_w = fs * 2.6f, lab_h = fs * 1.5f;
    float cw = (in.w - lab_w) / (float)H, ch = (in.h - lab_h) / (float)L;
    /* too short for every layer's row and its label: the focused layer's row only */
    int first = 0;
    if (ch < fs * 1.6f && L > 1) {
        first = f->block == b && f->layer >= 0 && f->layer < L ? f->layer : 0;
        L = 1;
        ch = in.h - lab_h;
    }
    float side = cw < ch ? cw : ch; /* square thumbnails */
    float gap = side > 40.0f ? 6.0f : 2.0f;
    if (side < fs * 1.1f) return; /* no room for a readable thumbnail */
    for (int h = 0; h < H; h++) {
        char s[16];
        snprintf(s, sizeof s, "%d", h + 1);
        draw_text(dl, s, in.x + lab_w + (h + 0.5f) * side, in.y + lab_h * 0.45f, fs, th->text_dim, DRAW_ALIGN_CENTER, 0);
    }
    draw_color cells[64 * 64];
    for (int row = 0; row < L; row++) {
        int l = first + row;
        char s[16];
        snprintf(s, sizeof s, _("L%d"), l + 1);
        float y = in.y + lab_h + row * side;
        draw_text(dl, s, in.x + lab_w - 6.0f, y + side * 0.5f, fs, th->text_dim, DRAW_ALIGN_RIGHT, 0);
        for (int h = 0; h < H; h++) {
            draw_rect cell = draw_rect_make(in.x + lab_w + h * side + gap * 0.5f, y + gap * 0.5f, side - gap, side - gap);
            int rows, cols;
            float *m = v->scratch;
            if (view_attention_matrix(v, b, l, sub, TO_WEIGHTS, h, m, &rows, &cols) == 0 && rows > 0 &&
                rows <= 64 && cols <= 64) {
                for (int i = 0; i < rows * cols; i++) cells[i] = isnan(m[i]) ? th->masked : colormap_sample(v->cm, m[i]);
                draw_cells(dl, cell, rows, cols, cells);
            } else {
                draw_fill(dl, cell, th->masked);
            }
            s2s_head_kind kind = b == TB_ENCODER ? S2S_HEAD_ENCODER : sub == TS_SELF_ATTN ? S2S_HEAD_DECODER : S2S_HEAD_CROSS;
            if (ablation_is_off(v->ablation, kind, l, h)) { /* switched off: its output never reaches the projection */
                draw_hatch(dl, cell, th->masked, th->masked_line, 6.0f);
                draw_line(dl, cell.x, cell.y, cell.x + cell.w, cell.y + cell.h, th->text, 3.0f);
                draw_line(dl, cell.x, cell.y + cell.h, cell.x + cell.w, cell.y, th->text, 3.0f);
            }
            int on = l == f->layer && h == f->head && b == f->block && sub == f->sub;
            if (on) draw_outline(dl, draw_rect_make(cell.x - 2, cell.y - 2, cell.w + 4, cell.h + 4), th->accent, 3.0f);
            hit_add(v->hits, cell, (hit){.kind = HIT_PLACE, .place = {b, l, sub, TO_WEIGHTS, h}});
        }
    }
}
