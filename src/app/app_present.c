/* app_present.c: presenter mode's stepping, pacing and blank screen (the frame is app_frame_present.c,
 * the keys are keymap.c's table, the window's side is app.c). */
#include <stdio.h>

#include "app/app_state.h"
#include "core/i18n.h"

/* The slowest and fastest presenter pace: slower than 1 step in 8 s loses the class, faster than 2
 * a second is the normal window's business. */
#define PACE_SLOWEST_MS 8000
#define PACE_FASTEST_MS 500

static int same_stage(const trace_step *x, const trace_step *y) {
    return x->block == y->block && x->layer == y->layer && x->sub == y->sub && x->pass == y->pass;
}

void app_present_step(app_state *a, int dir) {
    if (a->trace.n_steps == 0) return;
    const trace_step here = a->trace.steps[a->cursor];
    app_step_sublayer(a, dir);
    /* backwards from inside a stage, app_step_sublayer stops at the stage's own start: once more */
    if (dir < 0 && a->cursor > 0 && same_stage(&a->trace.steps[a->cursor], &here)) app_step_sublayer(a, dir);
    const trace_step *s = &a->trace.steps[a->cursor];
    if (s->sub == TS_SELF_ATTN || s->sub == TS_CROSS_ATTN) { /* the attention pattern, of the focused head */
        int head = a->head < a->model.cfg.n_heads ? a->head : 0;
        int w = trace_find(&a->trace, s->block, s->layer, s->sub, TO_WEIGHTS, head, s->pass);
        if (w >= 0) a->cursor = w;
    }
}

int app_present_next(app_state *a) {
    int here = a->cursor;
    app_present_step(a, +1);
    int next = a->cursor;
    a->cursor = here; /* app_present_step moves only the cursor */
    return next;
}

void app_present_pace(app_state *a, int faster) {
    int p = a->pace_ms > 0 ? a->pace_ms : 2000;
    p = faster ? p / 2 : p * 2;
    a->pace_ms = p < PACE_FASTEST_MS ? PACE_FASTEST_MS : p > PACE_SLOWEST_MS ? PACE_SLOWEST_MS : p;
}

void app_present_pace_text(const app_state *a, char *out, size_t cap) {
    int p = a->pace_ms > 0 ? a->pace_ms : 2000;
    if (p >= 1000) snprintf(out, cap, _("1 step / %d s"), p / 1000);
    else snprintf(out, cap, _("%d steps / s"), 1000 / p);
}

void app_present_blank(app_state *a, present_blank b) { a->blank = a->blank == b ? PRESENT_SHOW : b; }
