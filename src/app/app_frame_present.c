/* app_frame_present.c: presenter mode's frame, for a projector in front of a class. One large view
 * (the focused operation's: an attention heatmap, the residual flow, the output distribution; or
 * compare mode, or LayerNorm against BatchNorm), the lesson's text beside it when a lesson is open,
 * a caption line under it, and a top bar with the sentence so far and the playback pace. Text is
 * sized from the screen's height, so the smallest is 28 px at 1080 lines. The spotlight and the
 * blank screen are drawn over everything (app_frame calls them last). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app_frame.h"
#include "app/compare.h"
#include "app/keymap.h"
#include "app/lesson_player.h"
#include "core/i18n.h"
#include "viz/view_lesson.h"

/* The text scale at 1080 lines: the smallest text the views draw (12 px at scale 1) is then 28.8 px. */
#define PRESENT_SCALE 2.4f
/* The least text presenter mode draws at 1080 lines. */
#define PRESENT_LEAST_TEXT 28.0f
/* The lesson's body text before the scale: 31 px at 1080 lines (the normal panel's 21 would be 50), or
 * 28 px for a long slide. */
static const float lesson_text[] = {13.0f, 28.0f / PRESENT_SCALE};
/* The lesson's share of the width beside the view: the least that holds the slide's text. */
static const float lesson_share[] = {0.34f, 0.40f, 0.46f, 0.52f, 0.60f};

float app_present_scale(float height) { return PRESENT_SCALE * height / 1080.0f; }

/* One character (a UTF-8 sequence) or a word? A special token (<end>) goes with either. */
static int one_char(const char *t) {
    if (t[0] == '<') return 1;
    if (!t[0]) return 0;
    int len = (t[0] & 0x80) == 0 ? 1 : (t[0] & 0xE0) == 0xC0 ? 2 : (t[0] & 0xF0) == 0xE0 ? 3 : 4;
    return (int)strlen(t) == len;
}

/* "stepformer → re", "one two → 12": the input and the output decoded so far (the labels the views
 * use: a space is a visible ␣), letters run together and words spaced. */
static void sentence_so_far(const view_ctx *v, char *out, size_t cap) {
    int n_src = v->res->n_src, emitted = view_emitted(v), letters = 1;
    for (int i = 0; i < n_src; i++) letters &= one_char(v->src_labels[i]);
    for (int i = 0; i < emitted; i++) letters &= one_char(v->out_labels[i]);
    const char *sep = letters ? "" : " ";
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < n_src && n + 1 < cap; i++) n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? sep : "", v->src_labels[i]);
    if (n + 1 < cap) n += (size_t)snprintf(out + n, cap - n, "  →  ");
    for (int i = 0; i < emitted && n + 1 < cap; i++) n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? sep : "", v->out_labels[i]);
}

void app_frame_present(app_state *a, draw_list *dl, app_frame_io *io, view_ctx *v, draw_rect *panels) {
    v->m = view_metrics_make(app_present_scale(io->height), io->width, io->height);
    v->m.text_least = PRESENT_LEAST_TEXT * io->height / 1080.0f; /* a heatmap's values: none rather than small */
    const view_metrics *m = &v->m;
    const theme *th = v->th;
    float W = io->width, H = io->height, gap = m->gap, fs = m->text_title;
    /* the top bar: the sentence so far at the left, the pace at the right */
    float bar_h = fs * 2.0f;
    char pace[64], pace_line[96], seq[512];
    app_present_pace_text(a, pace, sizeof pace);
    snprintf(pace_line, sizeof pace_line, "%s  %s", a->playing ? "▶" : "❚❚", pace);
    float pace_w;
    draw_measure(dl, pace_line, fs, &pace_w, NULL);
    draw_text(dl, pace_line, W - m->margin, bar_h * 0.5f, fs, a->playing ? th->accent : th->text_dim, DRAW_ALIGN_RIGHT, 0);
    hit_add(v->hits, draw_rect_make(W - m->margin - pace_w, 0, pace_w, bar_h), (hit){.kind = HIT_ACTION, .action = ACT_PLAY});
    sentence_so_far(v, seq, sizeof seq);
    view_text_fit(dl, v, seq, m->margin, bar_h * 0.5f, fs, th->text, DRAW_ALIGN_LEFT, W - 3.0f * m->margin - pace_w);
    draw_line(dl, 0, bar_h, W, bar_h, th->grid, 1.0f);
    a->frame_panels[a->n_frame_panels++] = draw_rect_make(0, 0, W, bar_h);
    /* the caption line at the bottom, under the view: what this step does, with its numbers (K hides it) */
    float cap_h = a->captions_hidden ? 0.0f : fs * 2.0f;
    if (!a->captions_hidden) {
        draw_rect cap = draw_rect_make(gap, H - cap_h, W - 2.0f * gap, cap_h);
        a->frame_panels[a->n_frame_panels++] = cap;
        view_caption_text(v, a->beam, &a->sampling, a->n_forced, a->caption, sizeof a->caption);
        view_text_fit(dl, v, a->caption, cap.x + m->margin, cap.y + cap_h * 0.5f, fs, th->text, DRAW_ALIGN_LEFT,
                      cap.w - 2.0f * m->margin);
    }
    /* the view, and the lesson beside it */
    draw_rect body = draw_rect_make(gap, bar_h + gap, W - 2.0f * gap, H - bar_h - cap_h - 2.0f * gap);
    if (io->lesson && lesson_player_active(io->lesson)) {
        const lesson *l = &io->lesson->cur;
        float lw = 0, size = 0;
        for (size_t w = 0; w < sizeof lesson_share / sizeof lesson_share[0] && !lw; w++)
            for (size_t t = 0; t < sizeof lesson_text / sizeof lesson_text[0] && !lw; t++) {
                draw_rect text = view_lesson_text_rect(v, draw_rect_make(0, 0, body.w * lesson_share[w], body.h));
                lesson_layout_style st = {lesson_text[t] * m->scale, th, l};
                if (!lesson_layout(dl, &l->slides[io->lesson->slide], text, &st, 0).overflow || (w == sizeof lesson_share / sizeof lesson_share[0] - 1 && t == 1))
                    lw = body.w * lesson_share[w], size = lesson_text[t];
            }
        draw_rect lr = draw_rect_make(body.x + body.w - lw, body.y, lw, body.h);
        view_lesson_args args = {l, io->lesson->slide, size, ACT_PREV_SLIDE, ACT_NEXT_SLIDE, ACT_LESSONS, ACT_CLOSE_LESSON};
        io->lesson->text_overflow = view_lesson(dl, v, lr, &args).overflow;
        a->frame_panels[a->n_frame_panels++] = lr;
        body.w -= lw + gap;
    }
    if (io->compare && io->compare->on) {
        float clock_h = m->timeline_h;
        panels[LESSON_PANEL_COMPARE] = draw_rect_make(body.x, body.y, body.w, body.h - clock_h - gap);
        app_frame_compare(a, io->compare, dl, v, panels[LESSON_PANEL_COMPARE],
                          draw_rect_make(body.x + m->inset, body.y + body.h - clock_h, body.w - 2.0f * m->inset, clock_h));
        return;
    }
    panels[LESSON_PANEL_MAIN] = body;
    app_frame_focus_view(a, dl, v, body);
}

/* ---- over everything -------------------------------------------------------------------------------- */

/* The spotlight: a tinted disc around the pointer with a ring round it, which the back row sees.
 * Not a dimmed screen with a hole: blending every pixel of the screen costs a software renderer most
 * of a frame (bench --gui --present: 122 against 66 ms a frame on the loaded test machine), the disc
 * a few percent. The disc is horizontal bands (the draw list has rectangles and lines). */
void app_frame_spotlight(draw_list *dl, const view_ctx *v, float W, float H, float x, float y) {
    if (x < 0 || y < 0 || x >= W || y >= H) return; /* the pointer is not over the window */
    float r = H * 0.07f;
    int bands = (int)ceilf(2.0f * r / 3.0f); /* about 3 px each, covering the disc's height exactly */
    float band = 2.0f * r / (float)bands;
    draw_color tint = draw_rgba(255, 214, 0, 80); /* a highlighter's yellow, in either theme */
    for (int i = 0; i < bands; i++) {
        float by = y - r + band * (float)i, dy = by + band * 0.5f - y, half = sqrtf(fmaxf(r * r - dy * dy, 0));
        draw_fill(dl, draw_rect_make(x - half, by, 2.0f * half, band), tint);
    }
    enum { RING_SEGMENTS = 72 };
    for (int i = 0; i < RING_SEGMENTS; i++) {
        float t0 = 6.2831853f * (float)i / RING_SEGMENTS, t1 = 6.2831853f * (float)(i + 1) / RING_SEGMENTS;
        draw_line(dl, x + r * cosf(t0), y + r * sinf(t0), x + r * cosf(t1), y + r * sinf(t1), v->th->accent, 4.0f);
    }
}

void app_frame_blank(draw_list *dl, present_blank b, float W, float H) {
    if (b == PRESENT_SHOW) return;
    draw_fill(dl, draw_rect_make(0, 0, W, H), b == PRESENT_BLACK ? draw_rgba(0, 0, 0, 255) : draw_rgba(255, 255, 255, 255));
}
