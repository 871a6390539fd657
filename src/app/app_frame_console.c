/* app_frame_console.c: the presenter console's frame from the app state (app_console.h): the lesson's
 * current and next slides, or this step's and the next presenter step's captions; the clock; the
 * keys from the one key map. No SDL (the window is app_console.c), so tests build it as they build
 * the main frame. */
#include <stdio.h>

#include "app/app_console.h"
#include "app/app_frame.h"
#include "app/keymap.h"
#include "app/lesson_player.h"
#include "core/i18n.h"

/* The console's key strip: what a presenter presses, in the order they need it. The keys come
 * from keymap.c (presenter mode's), the words are the console's own (short: a strip, not a help). */
static const struct {
    app_action act;
    const char *what;
} console_keys[] = {
    {ACT_NEXT_SLIDE, N_("next")},       {ACT_PREV_SLIDE, N_("back")},        {ACT_PLAY, N_("play / pause")},
    {ACT_BLACK, N_("black screen")},    {ACT_WHITE, N_("white screen")},     {ACT_SPOTLIGHT, N_("spotlight")},
    {ACT_CONSOLE, N_("close this window")}, {ACT_CLOSE, N_("leave presenter mode")},
};
enum { CONSOLE_KEYS = sizeof console_keys / sizeof console_keys[0] };

/* "4:05", "1:02:09": the time since presenter mode started. */
static void clock_text(long long ms, char *out, size_t cap) {
    long long s = ms > 0 ? ms / 1000 : 0;
    if (s >= 3600) snprintf(out, cap, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else snprintf(out, cap, "%lld:%02lld", s / 60, s % 60);
}

/* What the projector shows when it is not simply the views: blanked, or playing on its own. */
static void projector_text(const app_state *a, char *out, size_t cap) {
    char pace[64];
    if (a->blank == PRESENT_BLACK) snprintf(out, cap, "%s", _("the class sees a black screen"));
    else if (a->blank == PRESENT_WHITE) snprintf(out, cap, "%s", _("the class sees a white screen"));
    else if (a->playing) {
        app_present_pace_text(a, pace, sizeof pace);
        snprintf(out, cap, "▶ %s", pace);
    } else out[0] = '\0';
}

console_shown app_frame_console(app_state *a, lesson_player *lp, draw_list *dl, hit_list *hits, float w, float h,
                                long long elapsed_ms, float mouse_x, float mouse_y) {
    console_shown shown = {0};
    app_frame_io io = {w, h, mouse_x, mouse_y, 0, hits, "", NULL, 0, NULL, lp};
    view_ctx v;
    app_frame_ctx(a, &io, &v);
    hit_reset(hits);
    draw_fill(dl, draw_rect_make(0, 0, w, h), v.th->panel);
    v.flat = 1;
    view_console_key keys[CONSOLE_KEYS];
    int n_keys = 0;
    for (int i = 0; i < CONSOLE_KEYS; i++) {
        const char *k = keymap_keys(console_keys[i].act, 1);
        if (k) keys[n_keys++] = (view_console_key){_(k), _(console_keys[i].what)};
    }
    char clock[32], projector[128], now_title[256], now_text[VIEW_CAPTION_MAX], next_title[256], next_text[VIEW_CAPTION_MAX];
    clock_text(elapsed_ms, clock, sizeof clock);
    projector_text(a, projector, sizeof projector);
    view_console_args args = {.clock = clock, .projector = projector, .keys = keys, .n_keys = n_keys, .act_prev = ACT_PREV_SLIDE,
                              .act_next = ACT_NEXT_SLIDE, .act_picker = ACT_LESSONS, .act_close = ACT_CLOSE_LESSON};
    if (lp && lesson_player_active(lp)) {
        args.l = &lp->cur;
        args.slide = lp->slide;
    } else if (a->trace.n_steps > 0) { /* this step and the one Page Down goes to, each with its caption */
        view_describe_step(&a->model, &a->trace.steps[a->cursor], now_title, sizeof now_title);
        view_caption_text(&v, a->beam, &a->sampling, a->n_forced, now_text, sizeof now_text);
        args.now_title = now_title, args.now_text = now_text;
        int here = a->cursor, next = app_present_next(a);
        shown.next = next == here ? -1 : next;
        if (next != here) {
            a->cursor = next; /* the next step's view context, for its caption */
            view_ctx nv;
            app_frame_ctx(a, &io, &nv);
            view_describe_step(&a->model, &a->trace.steps[next], next_title, sizeof next_title);
            view_caption_text(&nv, a->beam, &a->sampling, a->n_forced, next_text, sizeof next_text);
            a->cursor = here;
            args.next_title = next_title, args.next_text = next_text;
        } else if (a->dec) {
            args.next_title = _("decoding…"), args.next_text = "";
        }
    } else {
        args.now_title = _("not decoded yet"), args.now_text = "";
    }
    shown.layout = view_console(dl, &v, draw_rect_make(0, 0, w, h), &args);
    if (args.l) {
        shown.slide = args.slide + 1, shown.n_slides = args.l->n_slides;
        shown.next = shown.layout.next_slide + 1;
    }
    return shown;
}
