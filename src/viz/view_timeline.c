/* view_timeline.c: the scrubber over every recorded operation (ticks where a decoder pass starts),
 * the step controls with their keys, and what the current step is. */
#include <stdio.h>

#include "viz/view.h"
#include "core/i18n.h"

void view_timeline(draw_list *dl, view_ctx *v, draw_rect r) {
    const theme *th = v->th;
    const s2s_trace *t = v->trace;
    float fs = v->m.text_body;
    int n = t->n_steps > 0 ? t->n_steps : 1;
    /* the current step, in words */
    char desc[192], line[256];
    if (v->cursor >= 0 && v->cursor < t->n_steps) view_describe_step(v->model, &t->steps[v->cursor], desc, sizeof desc);
    else desc[0] = '\0';
    snprintf(line, sizeof line, _("step %d / %d · %s"), v->cursor + 1, t->n_steps, desc);
    view_text_fit(dl, v, line, r.x, r.y + fs * 0.7f, fs * 1.1f, th->text, DRAW_ALIGN_LEFT, r.w);
    /* scrubber */
    draw_rect bar = draw_rect_make(r.x, r.y + fs * 1.8f, r.w, fs * 1.4f);
    draw_fill(dl, bar, th->background);
    draw_outline(dl, bar, th->grid, 1.0f);
    float done = bar.w * (float)(v->cursor + 1) / (float)n;
    draw_color fillc = th->accent;
    fillc.a = 90; /* a light tint of the background */
    draw_fill(dl, draw_rect_make(bar.x, bar.y, done, bar.h), draw_color_over(th->background, fillc));
    /* a tick where each decoder pass starts: its embedding step, chained pass to pass (a paper-size
     * decode records 28,000 steps; this visits one per pass) */
    int last_pass = -1;
    for (int i = trace_find(t, TB_DECODER, -1, TS_NONE, TO_EMBED, -1, 0); i >= 0; i = t->steps[i].next) {
        const trace_step *s = &t->steps[i];
        if (s->pass != last_pass) {
            float x = bar.x + bar.w * (float)i / (float)n;
            draw_line(dl, x, bar.y, x, bar.y + bar.h, th->grid, 1.0f);
            last_pass = s->pass;
        }
    }
    float cx = bar.x + done;
    draw_fill(dl, draw_rect_make(cx - 3.0f, bar.y - 4.0f, 6.0f, bar.h + 8.0f), th->accent);
    hit_add(v->hits, bar, (hit){.kind = HIT_TIMELINE});
    /* key hints, in the order a newcomer needs them: as many whole hints as fit, "? all keys" always */
    static const char *const hints[] = {N_("←/→ operation"), N_("↑/↓ token"), N_("Shift+←/→ sublayer"), N_("Space play"),
                                        N_("[ ] speed"), N_("Tab head"), N_("Home/End"), N_("click a block or a cell")};
    const char *all = _("? all keys"), *sep = "   ";
    char line_keys[256] = "";
    float room, w;
    draw_measure(dl, all, fs * 0.95f, &room, NULL);
    room = r.w - room;
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
        char next[256];
        int len = snprintf(next, sizeof next, "%s%s%s", line_keys, _(hints[i]), sep);
        if (len < 0 || len >= (int)sizeof next) break;
        draw_measure(dl, next, fs * 0.95f, &w, NULL);
        if (w > room) break;
        snprintf(line_keys, sizeof line_keys, "%s", next);
    }
    char text[300];
    snprintf(text, sizeof text, "%s%s", line_keys, all);
    view_text_fit(dl, v, text, r.x, bar.y + bar.h + fs * 1.1f, fs * 0.95f, th->text_dim, DRAW_ALIGN_LEFT, r.w);
}
