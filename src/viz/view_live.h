/* view_live.h: the training panel: the training loss per step and the held-out loss at each
 * snapshot as curves that grow, the held-out exact match, the step, tokens per second and the
 * learning rate, buttons, and the scrubber: one tick per snapshot kept, the one the views show
 * marked. No SDL. */
#ifndef S2S_VIEW_LIVE_H
#define S2S_VIEW_LIVE_H

#include "core/train_live.h"
#include "viz/view.h"

typedef struct view_live_info {
    const s2s_live_status *st;
    const float *loss;        /* (n) training loss of steps 1..n */
    int n;
    int shown;                /* the snapshot the views show, -1: none */
    int follow;               /* the views follow the newest */
    const char *title;        /* "training reverse AT (live)" */
    int act_pause, act_reset, act_save, act_stop, act_follow; /* the buttons' app actions */
} view_live_info;

void view_live(draw_list *dl, view_ctx *v, draw_rect r, const view_live_info *in);
float view_live_height(const view_metrics *m);

#endif
