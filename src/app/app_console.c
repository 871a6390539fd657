/* app_console.c: the presenter console's window (app_console.h): its own SDL window and renderer
 * (a renderer's textures belong to it), the fonts and the draw-list pipeline of the main window. */
#include "app/app_console.h"

#include <stdio.h>
#include <string.h>

#include "app/lesson_player.h"
#include "core/i18n.h"
#include "platform/font.h"
#include "platform/render.h"
#include "platform/window.h"

/* A laptop's screen holds it; the text scale is the main window's. */
#define CONSOLE_W 1280
#define CONSOLE_H 720

int app_console_open(app_console *c, font_set *fonts, int display, s2s_error *err) {
    if (c->win) return 0;
    /* the title leaves out the program's name: tests and window lists find the main window by it;
     * no vsync: the main window's present waits for the display, a second wait would halve the rate */
    c->win = window_create_on(_("Presenter console"), CONSOLE_W, CONSOLE_H, 0, display, err);
    if (!c->win) return -1;
    c->rc = render_create(window_renderer(c->win), fonts, err);
    c->dl = draw_list_create();
    if (!c->rc || !c->dl) {
        if (c->rc && !c->dl) s2s_fail(err, "presenter console: out of memory");
        app_console_close(c);
        return -1;
    }
    draw_set_measure(c->dl, font_measure, fonts);
    c->mouse_x = c->mouse_y = -1;
    return 0;
}

void app_console_close(app_console *c) {
    draw_list_destroy(c->dl);
    render_destroy(c->rc);
    window_destroy(c->win);
    memset(c, 0, sizeof *c);
}

int app_console_is_open(const app_console *c) { return c->win != NULL; }

void app_console_invalidate(app_console *c) {
    if (c->dl) draw_list_reset(c->dl); /* an empty list: the next app_console_draw draws, changed or not */
}

void app_console_draw(app_console *c, app_state *a, struct lesson_player *lp, long long now, long long started_ms) {
    if (!c->win) return;
    int w, h;
    float scale;
    window_size(c->win, &w, &h, &scale);
    console_key k;
    memset(&k, 0, sizeof k); /* compared with memcmp: no stray padding bytes */
    int on = lp && lesson_player_active(lp);
    k.lesson = on ? (const void *)&lp->cur : NULL;
    k.slide = on ? lp->slide : -1;
    k.cursor = a->cursor, k.n_steps = a->trace.n_steps, k.decoding = a->dec != NULL;
    k.blank = (int)a->blank, k.playing = a->playing, k.pace_ms = a->pace_ms, k.dark = a->dark;
    k.captions_hidden = a->captions_hidden, k.lang = (int)i18n_current(), k.width = w, k.height = h;
    k.seconds = (now - started_ms) / 1000;
    k.ui = a->ui, k.mouse_x = c->mouse_x, k.mouse_y = c->mouse_y;
    if (c->dl && draw_list_count(c->dl) && memcmp(&k, &c->drawn, sizeof k) == 0) return;
    c->drawn = k;
    draw_list_reset(c->dl);
    c->shown = app_frame_console(a, lp, c->dl, &c->hits, (float)w, (float)h, now - started_ms, c->mouse_x, c->mouse_y);
    window_clear(c->win, 0, 0, 0);
    s2s_error err;
    render_draw_list(c->rc, c->dl, scale, &err);
    window_present(c->win);
    c->draws++;
}

int app_console_log(const app_console *c, const app_state *a, char *buf, size_t cap) {
    if (!c->win) return 0;
    int w, h;
    window_size(c->win, &w, &h, NULL);
    if (c->shown.n_slides)
        return snprintf(buf, cap, "console slide %d of %d next %d window %dx%d displays %d draws %lld\n", c->shown.slide,
                        c->shown.n_slides, c->shown.next, w, h, window_display_count(), c->draws);
    char name[128] = "-";
    if (c->shown.next >= 0 && c->shown.next < a->trace.n_steps) trace_step_name(&a->trace.steps[c->shown.next], name, sizeof name);
    return snprintf(buf, cap, "console step next %d %s window %dx%d displays %d draws %lld\n", c->shown.next, name, w, h,
                    window_display_count(), c->draws);
}
