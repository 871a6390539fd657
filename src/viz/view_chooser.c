/* view_chooser.c: see view_chooser.h. The chips of a row wrap onto the next line when the window
 * is narrow; the type is the header's, half as large again. */
#include "viz/view_chooser.h"

#include <math.h>

/* Lays out (draw = 0: only measures) one row's chips from x0 within width w starting at y; returns
 * the height used. */
static float row_chips(draw_list *dl, view_ctx *v, const view_chooser_row *r, float x0, float y, float w, float fs,
                       int selected, int draw) {
    const theme *th = v->th;
    float pad = fs * 0.7f, gap = fs * 0.5f, chip_h = fs * 1.8f, note_fs = fs * 0.72f;
    int notes = 0;
    for (int i = 0; i < r->n_values; i++) notes |= r->notes[i] != NULL;
    float line_h = chip_h + (notes ? note_fs * 1.5f : 0.0f) + gap;
    float x = x0, top = y;
    for (int i = 0; i < r->n_values; i++) {
        float tw, nw = 0;
        draw_measure(dl, r->values[i], fs, &tw, NULL);
        if (r->notes[i]) draw_measure(dl, r->notes[i], note_fs, &nw, NULL);
        float cw = fmaxf(tw + 2.0f * pad, nw + pad);
        if (x > x0 && x + cw > x0 + w) { /* wrap */
            x = x0;
            y += line_h;
        }
        if (draw) {
            draw_rect chip = draw_rect_make(x, y, cw, chip_h);
            int on = i == r->chosen;
            draw_fill(dl, chip, on ? th->accent : th->background);
            draw_outline(dl, chip, on || selected ? th->accent : th->grid, on ? 3.0f : 1.5f);
            draw_text(dl, r->values[i], chip.x + cw * 0.5f, chip.y + chip_h * 0.5f, fs, on ? th->background : th->text,
                      DRAW_ALIGN_CENTER, 0);
            if (r->notes[i])
                draw_text(dl, r->notes[i], chip.x + cw * 0.5f, chip.y + chip_h + note_fs * 0.8f, note_fs,
                          on ? th->text : th->text_dim, DRAW_ALIGN_CENTER, 0);
        }
        x += cw + gap;
    }
    return y - top + line_h;
}

void view_chooser(draw_list *dl, view_ctx *v, draw_rect screen, const char *title, const view_chooser_row *rows,
                  int n_rows, int row_sel, const char *keys_line, const char *start_label, int act_start) {
    const theme *th = v->th;
    draw_color shade = th->text;
    shade.a = 120;
    draw_fill(dl, screen, shade);
    hit_add(v->hits, screen, (hit){.kind = HIT_NONE}); /* what is under the shade is not clickable */
    float fs = v->m.text_title * 1.5f, label_w = 0;
    for (int i = 0; i < n_rows; i++) {
        float lw;
        draw_measure(dl, rows[i].label, fs, &lw, NULL);
        label_w = fmaxf(label_w, lw);
    }
    float w = screen.w * 0.86f, margin = fs * 1.2f, marker = fs * 1.2f;
    float chips_x = margin + marker + label_w + fs, chips_w = w - chips_x - margin;
    float h = fs * 3.4f; /* the title */
    for (int i = 0; i < n_rows; i++) h += row_chips(dl, v, &rows[i], 0, 0, chips_w, fs, 0, 0) + fs * 0.4f;
    h += fs * 3.6f; /* the keys and the start button */
    draw_rect box = draw_rect_make(screen.x + (screen.w - w) * 0.5f, screen.y + fmaxf((screen.h - h) * 0.5f, 0.0f), w, h);
    draw_fill(dl, box, th->panel);
    draw_outline(dl, box, th->accent, 3.0f);
    hit_add(v->hits, box, (hit){.kind = HIT_NONE});
    draw_text(dl, title, box.x + margin, box.y + fs * 1.5f, fs * 1.15f, th->text, DRAW_ALIGN_LEFT, 0);
    float y = box.y + fs * 3.0f;
    for (int i = 0; i < n_rows; i++) {
        int sel = i == row_sel;
        if (sel) draw_text(dl, "▶", box.x + margin, y + fs * 0.9f, fs, th->accent, DRAW_ALIGN_LEFT, 0);
        draw_text(dl, rows[i].label, box.x + margin + marker, y + fs * 0.9f, fs, sel ? th->accent : th->text_dim,
                  DRAW_ALIGN_LEFT, 0);
        y += row_chips(dl, v, &rows[i], box.x + chips_x, y, chips_w, fs, sel, 1) + fs * 0.4f;
    }
    float kfs = fs * 0.7f, bw;
    draw_measure(dl, start_label, fs, &bw, NULL);
    draw_rect b = draw_rect_make(box.x + box.w - margin - bw - fs * 1.4f, box.y + box.h - fs * 2.6f, bw + fs * 1.4f, fs * 1.9f);
    draw_fill(dl, b, th->accent);
    draw_text(dl, start_label, b.x + b.w * 0.5f, b.y + b.h * 0.5f, fs, th->background, DRAW_ALIGN_CENTER, 0);
    hit_add(v->hits, b, (hit){.kind = HIT_ACTION, .action = act_start});
    char fit[256];
    draw_text_fit(dl, keys_line, kfs, b.x - box.x - 2.0f * margin, fit, sizeof fit);
    draw_text(dl, fit, box.x + margin, b.y + b.h * 0.5f, kfs, th->text_dim, DRAW_ALIGN_LEFT, 0);
}
