/* window.h: a minimal window: a resizable HiDPI-aware SDL window with an accelerated (else
 * software) renderer, and SDL events translated into a small platform-neutral struct that the app
 * pushes into its state at one boundary. Only this layer knows SDL's event types. */
#ifndef S2S_WINDOW_H
#define S2S_WINDOW_H

#include <SDL.h>

#include "core/error.h"
#include "platform/keys.h"

enum { WINDOW_VSYNC = 1 }; /* window_create flags */

typedef enum window_event_kind {
    WINDOW_EVENT_NONE,
    WINDOW_EVENT_QUIT,
    WINDOW_EVENT_KEY_DOWN,    /* key, mods, repeat */
    WINDOW_EVENT_KEY_UP,      /* key, mods */
    WINDOW_EVENT_TEXT,        /* text (UTF-8 typed text, after keyboard layout and IME) */
    WINDOW_EVENT_MOUSE_MOVE,  /* x, y */
    WINDOW_EVENT_MOUSE_DOWN,  /* x, y, button, clicks */
    WINDOW_EVENT_MOUSE_UP,    /* x, y, button */
    WINDOW_EVENT_WHEEL,       /* wheel_x, wheel_y (positive: right / away from the user), x, y */
    WINDOW_EVENT_RESIZE,      /* width, height (logical pixels), scale */
    WINDOW_EVENT_CLOSE,       /* the window's close button (from): the last window's also sends QUIT */
    WINDOW_EVENT_EXPOSED      /* the window (from) was uncovered: what it showed must be drawn again */
} window_event_kind;

enum { WINDOW_BUTTON_LEFT = 1, WINDOW_BUTTON_MIDDLE = 2, WINDOW_BUTTON_RIGHT = 3 };

typedef struct window window;

typedef struct window_event {
    window_event_kind kind;
    window *from;             /* the window it happened in (the program may have two), or NULL */
    int key, mods, repeat;
    float x, y;               /* mouse position, logical pixels */
    int button, clicks;
    float wheel_x, wheel_y;
    int width, height;        /* RESIZE: logical size */
    float scale;              /* RESIZE: output pixels per logical pixel */
    char text[32];
} window_event;

/* Opens a window of width x height logical pixels. Returns NULL with err set; with no display the
 * message says "no display: set DISPLAY or run under xvfb-run". */
window *window_create(const char *title, int width, int height, int flags, s2s_error *err);
/* Opens a window of width x height logical pixels centred on display `display` (from 0; one that
 * does not exist: the first). The video subsystem is shared: each window holds it open. */
window *window_create_on(const char *title, int width, int height, int flags, int display, s2s_error *err);
/* How many displays SDL sees (monitors, a projector); 0 before a window is open. */
int window_display_count(void);
/* The display the window is on (from 0). */
int window_display(const window *w);
/* Moves the window (not full screen) to the centre of display `display`; nothing if there is none. */
void window_move_to_display(window *w, int display);
/* Closes the window and the video subsystem; NULL is fine. */
void window_destroy(window *w);
/* Takes the next pending event into ev: 1 if there was one, 0 if none (ev->kind NONE). Events the
 * app does not care about are skipped. The queue is the program's: an event of any of its windows
 * comes out of any window's poll, ev->from says whose. */
int window_poll(window *w, window_event *ev);
/* Like window_poll but waits up to timeout_ms for an event (to idle without spinning). */
int window_wait(window *w, window_event *ev, int timeout_ms);
/* The renderer to draw on (hand it to render_create). */
SDL_Renderer *window_renderer(const window *w);
/* Logical size and output pixels per logical pixel (2 on a HiDPI display). */
void window_size(const window *w, int *width, int *height, float *scale);
/* The text scale the display's density asks for: its DPI over 96, in steps of 0.25 from 1 to 3 (a
 * 4K monitor or a projector reporting 192 DPI gives 2); 1 when the system already scales logical
 * pixels for us (scale above 1) or reports no DPI. */
float window_dpi_text_scale(const window *w);
/* Starts or stops text input events (for the input box). */
void window_text_input(window *w, int on);
/* Switches to desktop fullscreen and back (F11). */
void window_set_fullscreen(window *w, int on);
void window_set_title(window *w, const char *title);

/* Clears to a colour before drawing, and presents the frame after. */
void window_clear(window *w, uint8_t r, uint8_t g, uint8_t b);
void window_present(window *w);

#endif
