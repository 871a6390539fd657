/* app_frame_lesson.c: the lesson in the window's frame: its panel at the right of the views, the
 * slide's `highlight:` drawn over the views it names (found through the frame's hit regions, so it
 * is where the view drew it), and the lesson picker. */
#include <string.h>

#include "app/app_frame.h"
#include "app/keymap.h"
#include "app/lesson_player.h"
#include "viz/view_lesson.h"

/* Body text size of a slide before the window's text scale: large enough for the back row. */
#define LESSON_TEXT_SIZE 21.0f

float app_frame_lesson(lesson_player *p, draw_list *dl, view_ctx *v, draw_rect body) {
    if (!lesson_player_active(p)) return 0.0f;
    float w = body.w * 0.3f; /* 480 at 1600 wide; at least 380, but never more than 36 % (small windows) */
    if (w < 380.0f) w = 380.0f;
    if (w > body.w * 0.36f) w = body.w * 0.36f;
    draw_rect r = draw_rect_make(body.x + body.w - w, body.y, w, body.h);
    view_lesson_args args = {&p->cur, p->slide, LESSON_TEXT_SIZE, ACT_PREV_SLIDE, ACT_NEXT_SLIDE, ACT_LESSONS, ACT_CLOSE_LESSON};
    lesson_layout_result res = view_lesson(dl, v, r, &args);
    p->text_overflow = res.overflow;
    return w + 10.0f;
}

/* ---- highlight ------------------------------------------------------------------------------------- */

static draw_color highlight_color(const view_ctx *v) {
    return v->th == theme_dark() ? draw_rgba(255, 176, 48, 255) : draw_rgba(235, 110, 0, 255);
}

static void ring(draw_list *dl, const view_ctx *v, draw_rect r, int *n) {
    (*n)++;
    draw_outline(dl, draw_rect_make(r.x - 4.0f, r.y - 4.0f, r.w + 8.0f, r.h + 8.0f), highlight_color(v), 4.0f);
}

/* Does an architecture box (a place: block, layer, sublayer, the op it jumps to) belong to the
 * block named name? */
static int block_matches(const char *name, const trace_place *p) {
    static const struct {
        const char *name;
        int block, sub, op; /* -1: any */
    } table[] = {
        {"encoder", TB_ENCODER, -1, -1},           {"decoder", TB_DECODER, -1, -1},
        {"generator", TB_GENERATOR, -1, -1},       {"embedding", -1, -1, TO_EMBED},
        {"self-attention", -1, TS_SELF_ATTN, TO_INPUT}, {"cross-attention", -1, TS_CROSS_ATTN, TO_INPUT},
        {"ffn", -1, TS_FFN, TO_INPUT},             {"add-norm", -1, -1, TO_ADD},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(name, table[i].name) == 0)
            return (table[i].block < 0 || (int)p->block == table[i].block) && (table[i].sub < 0 || (int)p->sub == table[i].sub) &&
                   (table[i].op < 0 || (int)p->op == table[i].op);
    return 0;
}

/* Rings what hl names; returns how many rings it drew (0: nothing it names is on screen). */
static int draw_highlight(const lesson_highlight *hl, draw_list *dl, const view_ctx *v, const draw_rect *panels) {
    const hit_list *hits = v->hits;
    int n = 0;
    for (int i = 0; hl->kind == LESSON_HL_PANEL && lesson_panel_names[i]; i++)
        if (strcmp(lesson_panel_names[i], hl->name) == 0 && panels[i].w > 0) ring(dl, v, panels[i], &n);
    for (int i = 0; i < hits->n; i++) {
        const hit *h = &hits->items[i];
        if (hl->kind == LESSON_HL_BLOCK && h->kind == HIT_PLACE && block_matches(hl->name, &h->place) &&
            rect_contains(panels[LESSON_PANEL_ARCHITECTURE], h->rect.x + 1.0f, h->rect.y + 1.0f))
            ring(dl, v, h->rect, &n);
        if (hl->kind == LESSON_HL_TOKEN && h->kind == HIT_OUT_TOKEN && h->index == hl->a - 1) ring(dl, v, h->rect, &n);
        if (hl->kind == LESSON_HL_ROW && h->kind == HIT_VIEW_ROW && h->index == hl->a - 1) ring(dl, v, h->rect, &n);
        if ((hl->kind == LESSON_HL_CELL || hl->kind == LESSON_HL_ROW) && h->kind == HIT_HEATMAP && hl->a <= h->rows &&
            (hl->kind == LESSON_HL_ROW || hl->b <= h->cols)) {
            float cw = h->rect.w / (float)h->cols, rh = h->rect.h / (float)h->rows;
            draw_rect r = hl->kind == LESSON_HL_ROW ? draw_rect_make(h->rect.x, h->rect.y + rh * (float)(hl->a - 1), h->rect.w, rh)
                                                    : draw_rect_make(h->rect.x + cw * (float)(hl->b - 1), h->rect.y + rh * (float)(hl->a - 1), cw, rh);
            draw_outline(dl, r, highlight_color(v), 4.0f);
            n++;
        }
    }
    return n;
}

void app_frame_lesson_overlays(lesson_player *p, draw_list *dl, view_ctx *v, draw_rect screen, const draw_rect *panels) {
    const lesson_slide *s = lesson_player_slide(p);
    p->highlight_missed = s && s->state.highlight.kind != LESSON_HL_NONE && draw_highlight(&s->state.highlight, dl, v, panels) == 0;
    if (p->picker_open) view_lesson_picker(dl, v, screen, &p->list, p->lang, lesson_player_active(p) ? p->cur.path : NULL);
}
