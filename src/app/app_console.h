/* app_console.h: the presenter console, presenter mode's second window (issue 11): on the teacher's
 * display, while the projector shows the views, the current slide, the next one, the clock and the
 * keys (viz/view_console.h draws it). It opens with presenter mode when SDL sees two displays, or
 * when asked (--console, Shift+F5) on one; closing it leaves presenter mode running. Its keys act
 * on the presentation as the main window's do (app.c sends both windows' events to one handler). */
#ifndef S2S_APP_CONSOLE_H
#define S2S_APP_CONSOLE_H

#include "app/app_state.h"
#include "core/error.h"
#include "viz/draw.h"
#include "viz/view_console.h"

struct lesson_player;
struct window;
struct render_ctx;
struct font_set;

/* What the console showed in its last frame (the UI log's `console` line reads it). */
typedef struct console_shown {
    int slide, n_slides;  /* with a lesson: the slide (from 1) and how many; 0 without one */
    int next;             /* the next slide shown (from 1), 0 on the last; without a lesson: the next step's cursor, -1 at the end */
    view_console_result layout;
} console_shown;

/* The console's frame, without a window: builds dl for a w x h console from the app state and the
 * lesson player (lp may be NULL), presenter mode having run elapsed_ms; the buttons go to hits. */
console_shown app_frame_console(app_state *a, struct lesson_player *lp, draw_list *dl, hit_list *hits, float w, float h,
                                long long elapsed_ms, float mouse_x, float mouse_y);

/* What the console's picture depends on: it is drawn again only when this changes (the clock
 * ticks it once a second), so an unchanged console costs the projector's frames nothing. */
typedef struct console_key {
    const void *lesson;
    int slide, cursor, n_steps, decoding, blank, playing, pace_ms, dark, captions_hidden, lang, width, height;
    long long seconds;
    float ui, mouse_x, mouse_y;
} console_key;

typedef struct app_console {
    struct window *win;    /* NULL while closed */
    console_key drawn;     /* what the last frame showed */
    struct render_ctx *rc;
    draw_list *dl;
    hit_list hits;
    float mouse_x, mouse_y;
    console_shown shown;
    long long draws;        /* frames drawn (the UI log's "draws"): it draws only on a change */
} app_console;

/* Opens the console window on display `display` (its own renderer; fonts shared with the main
 * window). Returns 0, or -1 with err. */
int app_console_open(app_console *c, struct font_set *fonts, int display, s2s_error *err);
/* Closes the window; a closed console is fine. */
void app_console_close(app_console *c);
int app_console_is_open(const app_console *c);
/* The console was uncovered: its next app_console_draw draws even if nothing it shows changed. */
void app_console_invalidate(app_console *c);
/* Draws and presents one frame of the console, presenter mode having started at started_ms, when
 * what it shows has changed since the last one. */
void app_console_draw(app_console *c, app_state *a, struct lesson_player *lp, long long now, long long started_ms);
/* The UI log's line: "console slide 2 of 5 next 3 window 1280x720 displays 1 draws 40", or "console step
 * next N NAME window ... displays ... draws ..." without a lesson (N -1: the decode's end); 0 bytes when
 * closed. */
int app_console_log(const app_console *c, const app_state *a, char *buf, size_t cap);

#endif
