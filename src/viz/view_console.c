/* view_console.c: the presenter console (view_console.h): a top bar, what is shown now, what comes
 * next, the keys. Sizes come from the window's text scale (v->m): it is read from a laptop's
 * distance, not from the back of the room. */
#include "viz/view_console.h"

#include <stdio.h>

#include "core/i18n.h"
#include "viz/lesson_layout.h"
#include "viz/view_lesson.h"

/* Body text sizes to try, largest first, before the text scale: the current slide's start at the
 * lesson panel's own 21; the next slide's are a glance's, smaller. */
static const float now_sizes[] = {21.0f, 17.0f, 14.0f, 12.0f, 10.5f};
static const float next_sizes[] = {17.0f, 14.0f, 12.0f, 10.5f, 9.0f};
/* The current slide's share of the body's width. */
#define NOW_SHARE 0.58f

static float text_w(const draw_list *dl, const char *t, float size) {
    float w;
    draw_measure(dl, t, size, &w, NULL);
    return w;
}

/* The first size of sizes[] (times scale) at which s fits r; the last one if none does. */
static float fitting_size(draw_list *dl, const lesson_slide *s, draw_rect r, const theme *th, const lesson *l,
                          const float *sizes, int n, float scale, int *overflow) {
    for (int i = 0; i < n; i++) {
        lesson_layout_style st = {sizes[i] * scale, th, l};
        *overflow = lesson_layout(dl, s, r, &st, 0).overflow;
        if (!*overflow) return sizes[i];
    }
    return sizes[n - 1];
}

/* Lays slide s out in r at the largest of sizes[] that fits; returns 1 when even the least overflows. */
static int slide_text(draw_list *dl, const view_ctx *v, const lesson_slide *s, draw_rect r, const lesson *l,
                      const float *sizes, int n) {
    int overflow;
    float size = fitting_size(dl, s, r, v->th, l, sizes, n, v->m.scale, &overflow);
    lesson_layout_style st = {size * v->m.scale, v->th, l};
    lesson_layout(dl, s, r, &st, 1);
    return overflow;
}

/* A step's name over its caption in r (the caption wrapped as a slide's paragraph would be). */
static int step_text(draw_list *dl, view_ctx *v, draw_rect r, const char *title, const char *text) {
    const view_metrics *m = &v->m;
    float fs = m->text_heading, line = fs * 1.6f;
    view_text_fit(dl, v, title, r.x, r.y + line * 0.5f, fs, v->th->accent, DRAW_ALIGN_LEFT, r.w);
    if (!text || !text[0]) return 0;
    lesson_run run = {(char *)text, 0}; /* read only: lesson_layout does not write its runs */
    lesson_block para = {.kind = LESSON_PARAGRAPH, .runs = &run, .n_runs = 1};
    lesson_slide s = {.blocks = &para, .n_blocks = 1};
    static const float sizes[] = {22.0f, 18.0f, 15.0f, 13.0f};
    return slide_text(dl, v, &s, draw_rect_make(r.x, r.y + line + m->pad, r.w, r.h - line - m->pad), NULL, sizes,
                      (int)(sizeof sizes / sizeof sizes[0]));
}

/* A line of text centred in r, dim: "this is the last slide". */
static void note(draw_list *dl, view_ctx *v, draw_rect r, const char *text) {
    view_text_fit(dl, v, text, r.x + r.w * 0.5f, r.y + r.h * 0.4f, v->m.text_heading, v->th->text_dim, DRAW_ALIGN_CENTER, r.w);
}

/* The keys, flowed in rows across width w: the height they take (draw 0 measures only). */
static float keys_strip(draw_list *dl, const view_ctx *v, float x0, float y0, float w, const view_console_args *a, int draw) {
    const view_metrics *m = &v->m;
    float fs = m->text_body, row_h = fs * 1.8f, gap = m->margin * 1.5f, x = x0, y = y0;
    for (int i = 0; i < a->n_keys; i++) {
        float kw = text_w(dl, a->keys[i].keys, fs), ww = text_w(dl, a->keys[i].what, fs), iw = kw + fs * 0.5f + ww;
        if (x > x0 && x + iw > x0 + w) x = x0, y += row_h; /* the next row */
        if (draw) {
            draw_text(dl, a->keys[i].keys, x, y + row_h * 0.5f, fs, v->th->accent, DRAW_ALIGN_LEFT, 0);
            draw_text(dl, a->keys[i].what, x + kw + fs * 0.5f, y + row_h * 0.5f, fs, v->th->text, DRAW_ALIGN_LEFT, 0);
        }
        x += iw + gap;
    }
    return y + row_h - y0;
}

/* The top bar: the lesson (or the console's name) at the left; the projector's state, the slide
 * number and the clock at the right, the clock largest. */
static void top_bar(draw_list *dl, view_ctx *v, draw_rect r, const view_console_args *a) {
    const view_metrics *m = &v->m;
    const theme *th = v->th;
    float fs = m->text_title, big = fs * 1.4f, y = r.y + r.h * 0.5f, x = r.x + r.w - m->margin;
    draw_text(dl, a->clock, x, y, big, th->text, DRAW_ALIGN_RIGHT, 0);
    x -= text_w(dl, a->clock, big) + m->margin * 1.5f;
    char count[64];
    if (a->l) {
        snprintf(count, sizeof count, _("slide %d / %d"), a->slide + 1, a->l->n_slides);
        draw_text(dl, count, x, y, fs, th->text, DRAW_ALIGN_RIGHT, 0);
        x -= text_w(dl, count, fs) + m->margin * 1.5f;
    }
    if (a->projector && a->projector[0]) {
        draw_text(dl, a->projector, x, y, fs, th->accent, DRAW_ALIGN_RIGHT, 0);
        x -= text_w(dl, a->projector, fs) + m->margin * 1.5f;
    }
    char title[400];
    if (a->l) snprintf(title, sizeof title, _("Presenter console · %s"), a->l->title);
    else snprintf(title, sizeof title, "%s", _("Presenter console"));
    view_text_fit(dl, v, title, r.x + m->margin, y, fs, th->text_dim, DRAW_ALIGN_LEFT, x - r.x - m->margin);
    draw_line(dl, r.x, r.y + r.h, r.x + r.w, r.y + r.h, th->grid, 1.0f);
}

view_console_result view_console(draw_list *dl, view_ctx *v, draw_rect r, const view_console_args *a) {
    const view_metrics *m = &v->m;
    view_console_result res = {.next_slide = -1};
    float bar_h = m->header_h, gap = m->gap;
    draw_rect bar = draw_rect_make(r.x, r.y, r.w, bar_h);
    top_bar(dl, v, bar, a);
    /* the keys along the bottom, as many rows as the width asks */
    float kx = r.x + m->margin, kw = r.w - 2.0f * m->margin, keys_h = keys_strip(dl, v, kx, 0, kw, a, 0) + m->pad;
    draw_rect keys = draw_rect_make(r.x, r.y + r.h - keys_h, r.w, keys_h);
    keys_strip(dl, v, kx, keys.y + m->pad * 0.5f, kw, a, 1);
    draw_line(dl, r.x, keys.y, r.x + r.w, keys.y, v->th->grid, 1.0f);
    /* now at the left, next at the right */
    draw_rect body = draw_rect_make(r.x + gap, bar.y + bar_h + gap, r.w - 2.0f * gap, keys.y - bar.y - bar_h - 2.0f * gap);
    float now_w = (body.w - gap) * NOW_SHARE;
    draw_rect now = draw_rect_make(body.x, body.y, now_w, body.h);
    draw_rect next = draw_rect_make(body.x + now_w + gap, body.y, body.w - now_w - gap, body.h);
    char next_title[96];
    if (a->l) {
        const lesson_slide *s = &a->l->slides[a->slide];
        float size = fitting_size(dl, s, view_lesson_text_rect(v, now), v->th, a->l, now_sizes,
                                  (int)(sizeof now_sizes / sizeof now_sizes[0]), m->scale, &res.overflow);
        view_lesson_args args = {a->l, a->slide, size, a->act_prev, a->act_next, a->act_picker, a->act_close};
        view_lesson(dl, v, now, &args);
        res.next_slide = a->slide + 1 < a->l->n_slides ? a->slide + 1 : -1;
        if (res.next_slide >= 0) snprintf(next_title, sizeof next_title, _("Next: slide %d / %d"), res.next_slide + 1, a->l->n_slides);
        draw_rect in = view_panel(dl, v, next, res.next_slide >= 0 ? next_title : _("Next"));
        if (res.next_slide < 0) note(dl, v, in, _("this is the last slide"));
        else /* a pad short of the edge: the glyphs drawn run a little wider than measured at small sizes */
            res.overflow |= slide_text(dl, v, &a->l->slides[res.next_slide], draw_rect_make(in.x, in.y, in.w - m->pad, in.h), a->l,
                                       next_sizes, (int)(sizeof next_sizes / sizeof next_sizes[0]));
    } else {
        res.overflow |= step_text(dl, v, view_panel(dl, v, now, _("Now")), a->now_title, a->now_text);
        draw_rect in = view_panel(dl, v, next, _("Next (PgDn)"));
        if (a->next_title) res.overflow |= step_text(dl, v, in, a->next_title, a->next_text);
        else note(dl, v, in, _("the end of the decode"));
    }
    draw_rect panels[VIEW_CONSOLE_PANELS] = {bar, now, next, keys};
    for (int i = 0; i < VIEW_CONSOLE_PANELS; i++) res.panels[i] = panels[i];
    res.n_panels = VIEW_CONSOLE_PANELS;
    return res;
}
