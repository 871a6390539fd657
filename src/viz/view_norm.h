/* view_norm.h: LayerNorm against BatchNorm at one Add & Norm, on a real batch (core/norm_batch.h):
 * the batch's sums as a (batch × position × feature) block with its padding, LayerNorm's statistics
 * per token, BatchNorm's per feature without and with the padding, and the first sentence after
 * each normalization with how far it moved since the previous batch. Numbers on hover. No SDL. */
#ifndef S2S_VIEW_NORM_H
#define S2S_VIEW_NORM_H

#include "core/norm_batch.h"
#include "viz/view.h"

typedef struct view_norm_info {
    const norm_batch *nb;
    const char *place;        /* "encoder layer 1 · self-attention" */
    const char *const *sentences; /* (B) the inputs' texts */
    float moved_ln, moved_bn; /* sentence 1's largest change since the previous batch; < 0: no previous */
    int act_swap, act_size;   /* app actions of the buttons: swap the last sentence, batch size */
} view_norm_info;

void view_norm(draw_list *dl, view_ctx *v, draw_rect r, const view_norm_info *in);

#endif
