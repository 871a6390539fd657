/* ablate.h: switching attention heads off. A switched-off head's output (its slice of the
 * concatenated heads) is zeroed before the output projection, as head-pruning studies do; the
 * attention weights are still computed and recorded, so a class can see what the head would have
 * looked at. Heads are named as the window names them, from 1: "cross:2.1" is decoder layer 2's
 * cross-attention, head 1. */
#ifndef S2S_ABLATE_H
#define S2S_ABLATE_H

#include <stddef.h>

#include "core/error.h"
#include "core/model.h"

typedef enum s2s_head_kind {
    S2S_HEAD_ENCODER = 0, /* encoder self-attention */
    S2S_HEAD_DECODER = 1, /* decoder (masked) self-attention */
    S2S_HEAD_CROSS = 2,   /* decoder cross-attention */
    S2S_HEAD_KINDS
} s2s_head_kind;

extern const char *const ablate_kind_names[S2S_HEAD_KINDS]; /* "encoder", "decoder", "cross" */

typedef struct s2s_ablation {
    unsigned char off[S2S_HEAD_KINDS][S2S_MAX_LAYERS][S2S_MAX_HEADS]; /* 1: switched off; [kind][layer][head] from 0 */
    int n_off;                                                         /* how many are off */
} s2s_ablation;

void ablation_clear(s2s_ablation *a);
/* 1 when the head (layer and head from 0) is switched off; a may be NULL (none is). */
int ablation_is_off(const s2s_ablation *a, s2s_head_kind kind, int layer, int head);
/* Switches one head (from 0) on or off. */
void ablation_set(s2s_ablation *a, s2s_head_kind kind, int layer, int head, int off);

/* Reads "KIND:L.H[,KIND:L.H...]" (layers and heads from 1) for a model of config c into a (cleared
 * first). Returns 0, or -1 with err naming the bad item ("cross:3.1: the decoder has 2 layers"). */
int ablation_parse(s2s_ablation *a, const char *text, const s2s_config *c, s2s_error *err);
/* Writes the heads that are off in the same spelling ("" when none). Returns out. */
char *ablation_format(const s2s_ablation *a, char *out, size_t cap);

#endif
