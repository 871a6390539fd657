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
} app_frame_io;

/* Floats of scratch a frame needs for model m. */
size_t app_frame_scratch_len(const s2s_model *m);

void app_frame(app_state *a, draw_list *dl, app_frame_io *io);

/* Header button actions (hit a of HIT_BUTTON) beyond the key actions. */
enum { BUTTON_FOCUS_INPUT = 1000, BUTTON_MODELS = 1001 };

#endif
