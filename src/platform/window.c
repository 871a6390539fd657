/* window.c: the SDL window, its renderer, and event translation. */
#include "platform/window.h"

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include <SDL_syswm.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>

struct window {
    SDL_Window *win;
    SDL_Renderer *renderer;
    int width, height; /* logical */
    float scale;
    int covering;             /* full screen without a window manager: borderless over the display */
    SDL_Rect before_covering; /* the window's place and size to go back to */
};

/* Re-reads the logical size and the HiDPI scale (drawable pixels per logical pixel). */
static void update_size(window *w) {
    int pw = 0, ph = 0;
    SDL_GetWindowSize(w->win, &w->width, &w->height);
    if (SDL_GetRendererOutputSize(w->renderer, &pw, &ph) != 0 || w->width <= 0) pw = w->width;
    w->scale = w->width > 0 ? (float)pw / (float)w->width : 1;
    if (w->scale <= 0) w->scale = 1;
}

float window_dpi_text_scale(const window *w) {
    float ddpi = 0;
    if (w->scale > 1.01f) return 1.0f; /* HiDPI already handled: logical pixels are scaled */
    int display = SDL_GetWindowDisplayIndex(w->win);
    if (display < 0 || SDL_GetDisplayDPI(display, &ddpi, NULL, NULL) != 0 || !(ddpi > 0)) return 1.0f;
    float k = roundf(ddpi / 96.0f * 4.0f) / 4.0f;
    return k < 1.0f ? 1.0f : k > 3.0f ? 3.0f : k;
}

/* The key under which an SDL window keeps its struct window (events name the SDL window). */
static const char owner_key[] = "stepformer.window";

window *window_create(const char *title, int width, int height, int flags, s2s_error *err) {
    return window_create_on(title, width, height, flags, 0, err);
}

window *window_create_on(const char *title, int width, int height, int flags, int display, s2s_error *err) {
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        s2s_fail(err, "no display: set DISPLAY or run under xvfb-run (SDL: %s)", SDL_GetError());
        return NULL;
    }
    /* Without a display SDL >= 2.24 quietly falls back to its invisible "offscreen" driver; a
     * window nobody can see is an error unless the user asked for that driver by name. */
    const char *driver = SDL_GetCurrentVideoDriver();
    if (driver && (!strcmp(driver, "offscreen") || !strcmp(driver, "dummy")) &&
        !getenv("SDL_VIDEODRIVER")) {
        SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
        s2s_fail(err, "no display: set DISPLAY or run under xvfb-run (SDL found only its %s "
                      "video driver)", driver);
        return NULL;
    }
    window *w = calloc(1, sizeof *w);
    if (!w) {
        SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
        s2s_fail(err, "window: out of memory");
        return NULL;
    }
    /* Hidden until the renderer exists: an OpenGL renderer makes SDL destroy the X window and
     * make another (SDL_RecreateWindow), which would flash on screen and hand anyone who found
     * the first window (a test driving it with xdotool) an id that no longer exists. */
    if (display < 0 || display >= SDL_GetNumVideoDisplays()) display = 0;
    w->win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED_DISPLAY(display), SDL_WINDOWPOS_CENTERED_DISPLAY(display), width, height,
                              SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_HIDDEN);
    if (!w->win) {
        s2s_fail(err, "window: cannot open a %dx%d window: %s", width, height, SDL_GetError());
        window_destroy(w);
        return NULL;
    }
    Uint32 rflags = SDL_RENDERER_ACCELERATED | ((flags & WINDOW_VSYNC) ? SDL_RENDERER_PRESENTVSYNC : 0);
    w->renderer = SDL_CreateRenderer(w->win, -1, rflags);
    if (!w->renderer) /* no GPU (VMs, xvfb): the software renderer draws the same pixels */
        w->renderer = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    if (!w->renderer) {
        s2s_fail(err, "window: cannot create a renderer: %s", SDL_GetError());
        window_destroy(w);
        return NULL;
    }
    SDL_SetRenderDrawBlendMode(w->renderer, SDL_BLENDMODE_BLEND);
    SDL_SetWindowData(w->win, owner_key, w);
    SDL_ShowWindow(w->win);
    SDL_StopTextInput(); /* on only while an input box has focus */
    update_size(w);
    return w;
}

void window_destroy(window *w) {
    if (!w) return;
    if (w->renderer) SDL_DestroyRenderer(w->renderer);
    if (w->win) SDL_DestroyWindow(w->win);
    free(w);
    SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
}

SDL_Renderer *window_renderer(const window *w) { return w->renderer; }

int window_display_count(void) {
    int n = SDL_WasInit(SDL_INIT_VIDEO) ? SDL_GetNumVideoDisplays() : 0;
    return n > 0 ? n : 0;
}

int window_display(const window *w) {
    int d = SDL_GetWindowDisplayIndex(w->win);
    return d > 0 ? d : 0;
}

void window_move_to_display(window *w, int display) {
    if (display < 0 || display >= SDL_GetNumVideoDisplays()) return;
    SDL_SetWindowPosition(w->win, (int)SDL_WINDOWPOS_CENTERED_DISPLAY(display), (int)SDL_WINDOWPOS_CENTERED_DISPLAY(display));
    update_size(w);
}

/* Our window an SDL event names (by its window id), or NULL (none, or not one of ours). */
static window *event_window(Uint32 id) {
    SDL_Window *sw = id ? SDL_GetWindowFromID(id) : NULL;
    return sw ? SDL_GetWindowData(sw, owner_key) : NULL;
}

void window_size(const window *w, int *width, int *height, float *scale) {
    if (width) *width = w->width;
    if (height) *height = w->height;
    if (scale) *scale = w->scale;
}

void window_text_input(window *w, int on) {
    (void)w;
    if (on) SDL_StartTextInput();
    else SDL_StopTextInput();
}

void window_clear(window *w, uint8_t r, uint8_t g, uint8_t b) {
    SDL_RenderSetClipRect(w->renderer, NULL);
    SDL_SetRenderDrawColor(w->renderer, r, g, b, 255);
    SDL_RenderClear(w->renderer);
}

void window_present(window *w) { SDL_RenderPresent(w->renderer); }

static int translate_mods(Uint16 m) {
    return ((m & KMOD_SHIFT) ? WINDOW_MOD_SHIFT : 0) | ((m & KMOD_CTRL) ? WINDOW_MOD_CTRL : 0) |
           ((m & KMOD_ALT) ? WINDOW_MOD_ALT : 0) | ((m & KMOD_GUI) ? WINDOW_MOD_SUPER : 0);
}

static int translate_key(SDL_Keycode k) {
    switch (k) {
    case SDLK_LEFT: return WINDOW_KEY_LEFT;
    case SDLK_RIGHT: return WINDOW_KEY_RIGHT;
    case SDLK_UP: return WINDOW_KEY_UP;
    case SDLK_DOWN: return WINDOW_KEY_DOWN;
    case SDLK_HOME: return WINDOW_KEY_HOME;
    case SDLK_END: return WINDOW_KEY_END;
    case SDLK_PAGEUP: return WINDOW_KEY_PAGE_UP;
    case SDLK_PAGEDOWN: return WINDOW_KEY_PAGE_DOWN;
    case SDLK_KP_ENTER: return WINDOW_KEY_RETURN;
    default: break;
    }
    if (k >= SDLK_F1 && k <= SDLK_F12) return WINDOW_KEY_F1 + (int)(k - SDLK_F1);
    if (k > 0 && k < 128) return (int)k; /* SDL keycodes of ASCII keys are their characters */
    return WINDOW_KEY_UNKNOWN;
}

/* The window id an event carries (0 for none: quit). */
static Uint32 event_window_id(const SDL_Event *e) {
    switch (e->type) {
    case SDL_KEYDOWN: case SDL_KEYUP: return e->key.windowID;
    case SDL_TEXTINPUT: return e->text.windowID;
    case SDL_MOUSEMOTION: return e->motion.windowID;
    case SDL_MOUSEBUTTONDOWN: case SDL_MOUSEBUTTONUP: return e->button.windowID;
    case SDL_MOUSEWHEEL: return e->wheel.windowID;
    case SDL_WINDOWEVENT: return e->window.windowID;
    default: return 0;
    }
}

/* Fills ev from e; returns 0 for events the app does not see. */
static int translate(const SDL_Event *e, window_event *ev) {
    memset(ev, 0, sizeof *ev);
    window *w = ev->from = event_window(event_window_id(e));
    switch (e->type) {
    case SDL_QUIT: ev->kind = WINDOW_EVENT_QUIT; return 1;
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        ev->kind = e->type == SDL_KEYDOWN ? WINDOW_EVENT_KEY_DOWN : WINDOW_EVENT_KEY_UP;
        ev->key = translate_key(e->key.keysym.sym);
        ev->mods = translate_mods(e->key.keysym.mod);
        ev->repeat = e->key.repeat != 0;
        return 1;
    case SDL_TEXTINPUT:
        ev->kind = WINDOW_EVENT_TEXT;
        snprintf(ev->text, sizeof ev->text, "%s", e->text.text);
        return 1;
    case SDL_MOUSEMOTION:
        ev->kind = WINDOW_EVENT_MOUSE_MOVE;
        ev->x = (float)e->motion.x, ev->y = (float)e->motion.y;
        return 1;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        ev->kind = e->type == SDL_MOUSEBUTTONDOWN ? WINDOW_EVENT_MOUSE_DOWN : WINDOW_EVENT_MOUSE_UP;
        ev->x = (float)e->button.x, ev->y = (float)e->button.y;
        ev->button = e->button.button; /* SDL's 1, 2, 3 match WINDOW_BUTTON_* */
        ev->clicks = e->button.clicks;
        ev->mods = translate_mods(SDL_GetModState());
        return 1;
    case SDL_MOUSEWHEEL: {
        int mx, my;
        SDL_GetMouseState(&mx, &my);
        ev->kind = WINDOW_EVENT_WHEEL;
        ev->wheel_x = e->wheel.preciseX, ev->wheel_y = e->wheel.preciseY;
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED)
            ev->wheel_x = -ev->wheel_x, ev->wheel_y = -ev->wheel_y;
        ev->x = (float)mx, ev->y = (float)my;
        ev->mods = translate_mods(SDL_GetModState());
        return 1;
    }
    case SDL_WINDOWEVENT:
        if ((e->window.event == SDL_WINDOWEVENT_CLOSE || e->window.event == SDL_WINDOWEVENT_EXPOSED) && w) {
            ev->kind = e->window.event == SDL_WINDOWEVENT_CLOSE ? WINDOW_EVENT_CLOSE : WINDOW_EVENT_EXPOSED;
            return 1;
        }
        if (e->window.event != SDL_WINDOWEVENT_SIZE_CHANGED || !w) return 0;
        update_size(w);
        ev->kind = WINDOW_EVENT_RESIZE;
        ev->width = w->width, ev->height = w->height, ev->scale = w->scale;
        return 1;
    default: return 0;
    }
}

int window_poll(window *w, window_event *ev) {
    (void)w; /* one queue for the program's windows */
    SDL_Event e;
    while (SDL_PollEvent(&e))
        if (translate(&e, ev)) return 1;
    memset(ev, 0, sizeof *ev);
    return 0;
}

int window_wait(window *w, window_event *ev, int timeout_ms) {
    SDL_Event e;
    if (SDL_WaitEventTimeout(&e, timeout_ms) && translate(&e, ev)) return 1;
    return window_poll(w, ev);
}

/* 1 when a window manager runs on w's X display (it announces itself with _NET_SUPPORTING_WM_CHECK
 * on the root window), or when the display is not X11 (Wayland compositors do full screen). */
static int has_window_manager(SDL_Window *win) {
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!SDL_GetWindowWMInfo(win, &info) || info.subsystem != SDL_SYSWM_X11) return 1;
    Display *d = info.info.x11.display;
    Atom check = XInternAtom(d, "_NET_SUPPORTING_WM_CHECK", True), type;
    if (check == None) return 0;
    int format;
    unsigned long n = 0, after;
    unsigned char *data = NULL;
    int found = XGetWindowProperty(d, DefaultRootWindow(d), check, 0, 1, False, XA_WINDOW, &type, &format, &n, &after,
                                   &data) == Success && type == XA_WINDOW && n == 1;
    if (data) XFree(data);
    return found;
}

/* Full screen is a request to the window manager (_NET_WM_STATE_FULLSCREEN); with none (a bare X
 * server, Xvfb, a kiosk), SDL's request changes nothing. Then the window covers the display itself
 * and goes back to its place and size when full screen ends. Without a window manager there is no
 * border to take off: SDL_SetWindowBordered is not called, since on X11 it also waits for the window
 * to be viewable and sets the input focus again, neither of which this needs. */
void window_set_fullscreen(window *w, int on) {
    if (on && !w->covering && !(SDL_GetWindowFlags(w->win) & SDL_WINDOW_FULLSCREEN)) {
        if (has_window_manager(w->win)) {
            SDL_SetWindowFullscreen(w->win, SDL_WINDOW_FULLSCREEN_DESKTOP);
        } else {
            SDL_Rect b, *r = &w->before_covering;
            if (SDL_GetDisplayBounds(SDL_GetWindowDisplayIndex(w->win), &b) == 0) {
                SDL_GetWindowPosition(w->win, &r->x, &r->y);
                SDL_GetWindowSize(w->win, &r->w, &r->h);
                SDL_SetWindowPosition(w->win, b.x, b.y);
                SDL_SetWindowSize(w->win, b.w, b.h);
                w->covering = 1;
            }
        }
    } else if (!on && w->covering) {
        const SDL_Rect *r = &w->before_covering;
        SDL_SetWindowSize(w->win, r->w, r->h);
        SDL_SetWindowPosition(w->win, r->x, r->y);
        w->covering = 0;
    } else if (!on) {
        SDL_SetWindowFullscreen(w->win, 0);
    }
    update_size(w);
}

void window_set_title(window *w, const char *title) { SDL_SetWindowTitle(w->win, title); }
