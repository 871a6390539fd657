/* app_frame.h: lays the window out and builds one frame's draw list from the app state. The same
 * function draws the live window, the offscreen screenshots and `bench --gui`. */
#ifndef S2S_APP_FRAME_H
#define S2S_APP_FRAME_H

#include "app/app_state.h"
#include "viz/draw.h"
#include "viz/view.h"

/* Which view the big centre panel shows when the cursor does not decide it (screenshots). */
typedef struct app_frame_io {
    float width, height;   /* logical size of the window */
    float mouse_x, mouse_y;
    long long now;         /* ms, for the hint's lifetime and the caret */
    hit_list *hits;        /* out: click targets of this frame */
    char hover[192];       /* out: what the mouse is over */
    float *scratch;        /* matrices are gathered here */
    size_t scratch_len;
    struct compare_state *compare; /* compare mode's state when it is on, else NULL */
    struct lesson_player *lesson;  /* the lesson player (its panel, picker, highlight), or NULL */
} app_frame_io;

/* Floats of scratch a frame needs for model m. */
size_t app_frame_scratch_len(const s2s_model *m);

void app_frame(app_state *a, draw_list *dl, app_frame_io *io);
/* The view context a frame of io's size draws a->state with (theme, metrics from the text scale, labels). */
void app_frame_ctx(app_state *a, app_frame_io *io, view_ctx *v);
/* Beam mode's view in r: the search tree and the selected hypothesis (also the beam export). v is
 * the frame's view context. */
void app_frame_beam(app_state *a, view_ctx *v, draw_list *dl, draw_rect r);
/* The beam view alone, filling io's size: the figure E exports in beam mode. */
void app_frame_beam_figure(app_state *a, draw_list *dl, app_frame_io *io);

/* Compare mode's panels in body, its clock in bottom (app_frame_compare.c). */
struct compare_state;
void app_frame_compare(app_state *a, struct compare_state *c, draw_list *dl, view_ctx *base, draw_rect body,
                       draw_rect bottom);

/* The lesson panel at the right of body (app_frame_lesson.c); returns the width it took (0 when no
 * lesson is open). panels[] are the views' rects by lesson_panel_names, for `highlight:`. */
struct lesson_player;
float app_frame_lesson(struct lesson_player *p, draw_list *dl, view_ctx *v, draw_rect body);
void app_frame_lesson_overlays(struct lesson_player *p, draw_list *dl, view_ctx *v, draw_rect screen,
                               const draw_rect *panels);

/* The focused operation's view in r (app_frame.c): LayerNorm against BatchNorm when open, else view_main. */
void app_frame_focus_view(app_state *a, draw_list *dl, view_ctx *v, draw_rect r);

/* ---- presenter mode (app_frame_present.c) ------------------------------------------------------------ */
/* The text scale presenter mode uses on a screen `height` logical pixels high (the smallest text is
 * 28 px at 1080). */
float app_present_scale(float height);
/* The presenter's frame (v set up by app_frame; its metrics become the presenter's): top bar, the
 * focused view (or compare mode), the lesson beside it, the caption line; panels[] by lesson_panel_names. */
void app_frame_present(app_state *a, draw_list *dl, app_frame_io *io, view_ctx *v, draw_rect *panels);
/* Over everything: the spotlight around the pointer at (x, y), the black or white screen. */
void app_frame_spotlight(draw_list *dl, const view_ctx *v, float W, float H, float x, float y);
void app_frame_blank(draw_list *dl, present_blank b, float W, float H);

#endif
