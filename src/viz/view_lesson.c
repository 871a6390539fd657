/* view_lesson.c: the lesson panel (title, slide number, the slide's text, paging buttons) and the
 * lesson picker. The app says which action each button sends (HIT_BUTTON a). */
#include "viz/view_lesson.h"
#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

/* A size of the lesson's own text (larger than the views': it is read from the back of a room),
 * under the window's text scale. */
static float font(const view_ctx *v, float base) { return base * v->m.scale; }

/* A button with a label at (x, y) of height h, right-aligned when right != 0; returns its rect. */
static draw_rect button(draw_list *dl, view_ctx *v, float x, float y, float h, const char *label, int right, int action) {
    float fs = h * 0.5f, w;
    draw_measure(dl, label, fs, &w, NULL);
    draw_rect b = draw_rect_make(right ? x - w - fs * 1.4f : x, y, w + fs * 1.4f, h);
    int hover = rect_contains(b, v->mouse_x, v->mouse_y);
    draw_fill(dl, b, hover ? v->th->accent : v->th->background);
    draw_outline(dl, b, v->th->grid, 1.0f);
    draw_text(dl, label, b.x + b.w * 0.5f, b.y + b.h * 0.5f, fs, hover ? v->th->background : v->th->text, DRAW_ALIGN_CENTER, 0);
    hit_add(v->hits, b, (hit){.kind = HIT_ACTION, .action = action});
    return b;
}

lesson_layout_result view_lesson(draw_list *dl, view_ctx *v, draw_rect r, const view_lesson_args *a) {
    const theme *th = v->th;
    const lesson_slide *s = &a->l->slides[a->slide];
    float fs = font(v, 17.0f), pad = fs * 0.9f, bar = fs * 2.4f;
    draw_outline(dl, r, th->grid, 1.0f);
    /* title bar: the lesson's title and where we are */
    char count[32], title[300];
    snprintf(count, sizeof count, "%d / %d", a->slide + 1, a->l->n_slides);
    float cw;
    draw_measure(dl, count, fs, &cw, NULL);
    draw_text_fit(dl, a->l->title, fs, r.w - 3 * pad - cw, title, sizeof title);
    draw_text(dl, title, r.x + pad, r.y + bar * 0.5f, fs, th->text_dim, DRAW_ALIGN_LEFT, 0);
    draw_text(dl, count, r.x + r.w - pad, r.y + bar * 0.5f, fs, th->text, DRAW_ALIGN_RIGHT, 0);
    draw_line(dl, r.x, r.y + bar, r.x + r.w, r.y + bar, th->grid, 1.0f);
    /* progress: one tick per slide */
    float pw = r.w - 2 * pad;
    draw_fill(dl, draw_rect_make(r.x + pad, r.y + bar - 3.0f, pw * (float)(a->slide + 1) / (float)a->l->n_slides, 3.0f), th->accent);
    /* buttons at the bottom */
    float by = r.y + r.h - bar, bh = bar * 0.72f, btop = by + (bar - bh) * 0.5f;
    draw_line(dl, r.x, by, r.x + r.w, by, th->grid, 1.0f);
    /* a narrow panel (a large text scale) shows the buttons' symbols only */
    const char *full[4] = {_("◀ PgUp"), _("PgDn ▶"), "✕", _("☰ lessons")}, *brief[4] = {"◀", "▶", "✕", "☰"};
    float need = 0, bfs = bh * 0.5f, w;
    for (int i = 0; i < 4; i++) {
        draw_measure(dl, full[i], bfs, &w, NULL);
        need += w + bfs * 1.4f + pad * 0.5f;
    }
    const char *const *lab = need + 2.0f * pad > r.w ? brief : full;
    draw_rect prev = button(dl, v, r.x + pad, btop, bh, lab[0], 0, a->act_prev);
    button(dl, v, prev.x + prev.w + pad * 0.5f, btop, bh, lab[1], 0, a->act_next);
    draw_rect close = button(dl, v, r.x + r.w - pad, btop, bh, lab[2], 1, a->act_close);
    button(dl, v, close.x - pad * 0.5f, btop, bh, lab[3], 1, a->act_picker);
    /* the text */
    lesson_layout_style st = {font(v, a->text_size), th, a->l};
    draw_rect text = draw_rect_make(r.x + pad, r.y + bar + pad, r.w - 2 * pad, by - (r.y + bar) - 2 * pad);
    lesson_layout_result res = lesson_layout(dl, s, text, &st, 1);
    if (res.overflow) /* tell the author on screen too: the text goes on below the panel */
        draw_text(dl, _("▼ more text than fits"), text.x + text.w, by - pad * 0.45f, pad * 0.8f, th->accent, DRAW_ALIGN_RIGHT, 0);
    return res;
}

void view_lesson_picker(draw_list *dl, view_ctx *v, draw_rect screen, const lesson_list *ls, const char *lang,
                        const char *current) {
    const theme *th = v->th;
    float fs = font(v, 19.0f), rh = fs * 2.0f;
    float w = screen.w * 0.5f, h = (float)(ls->n + 2) * rh;
    if (w < 600.0f) w = screen.w - 40.0f;
    if (h > screen.h * 0.85f) h = screen.h * 0.85f;
    draw_rect box = draw_rect_make(screen.x + (screen.w - w) * 0.5f, screen.y + screen.h * 0.08f, w, h);
    draw_fill(dl, box, th->panel);
    draw_outline(dl, box, th->accent, 2.0f);
    hit_add(v->hits, box, (hit){.kind = HIT_NONE});
    char head[128];
    if (ls->n) snprintf(head, sizeof head, _("Lessons (%s) · click one, then Page Down"), lang);
    else snprintf(head, sizeof head, _("No lessons in %s"), lang);
    draw_text(dl, head, box.x + 16.0f, box.y + rh * 0.5f, fs * 0.85f, th->text_dim, DRAW_ALIGN_LEFT, 0);
    for (int i = 0; i < ls->n && (i + 2) * rh <= h; i++) {
        const lesson_entry *e = &ls->items[i];
        draw_rect row = draw_rect_make(box.x + 6.0f, box.y + (float)(i + 1) * rh, box.w - 12.0f, rh);
        int on = current && strcmp(current, e->path) == 0, hover = rect_contains(row, v->mouse_x, v->mouse_y);
        if (on || hover) draw_fill(dl, row, on ? th->accent : th->background);
        draw_color c = on ? th->background : e->n_slides ? th->text : th->text_dim;
        char left[400], right[64], fit[400];
        snprintf(left, sizeof left, "%d  %s", i + 1, e->n_slides ? e->title : e->name);
        if (e->n_slides) snprintf(right, sizeof right, P_("%d slide", "%d slides", (unsigned long)e->n_slides), e->n_slides);
        else snprintf(right, sizeof right, "%s", _("does not open"));
        float rw;
        draw_measure(dl, right, fs * 0.8f, &rw, NULL);
        draw_text_fit(dl, left, fs, row.w - rw - 40.0f, fit, sizeof fit);
        draw_text(dl, fit, row.x + 12.0f, row.y + rh * 0.5f, fs, c, DRAW_ALIGN_LEFT, 0);
        draw_text(dl, right, row.x + row.w - 12.0f, row.y + rh * 0.5f, fs * 0.8f, on ? th->background : th->text_dim,
                  DRAW_ALIGN_RIGHT, 0);
        hit_add(v->hits, row, (hit){.kind = HIT_LESSON_ROW, .index = i});
    }
}
