/* train_presets.h: the sizes a class can train live in the window (the training chooser, Shift+T)
 * and `stepformer bench --gui --train`: a shape, a batch, a learning-rate schedule and a run length
 * per size, for any task and either decoder, with the time a run is expected to take on one
 * training thread (the window keeps the other core; docs/training.md gives how it was measured). */
#ifndef S2S_TRAIN_PRESETS_H
#define S2S_TRAIN_PRESETS_H

#include "core/train.h"

typedef enum s2s_preset_id { PRESET_TINY = 0, PRESET_SMALL, PRESET_SHIPPED, PRESET_COUNT } s2s_preset_id;

typedef struct s2s_train_preset {
    const char *name;      /* "tiny", "small", "shipped" */
    int d_model, n_heads, d_ff, layers;
    int batch;
    float lr;              /* peak */
    int warmup;            /* steps */
    int steps_at, steps_nat;
    double ms_per_step;    /* wall, one thread, reverse AT, in the window (measured, docs/training.md) */
} s2s_train_preset;

const s2s_train_preset *train_preset(s2s_preset_id id);
/* The preset of that name, or -1. */
int train_preset_find(const char *name);

/* The shape and training options of preset id for task and decoder: one training thread, seed 1,
 * no evaluation (the live worker measures its snapshots). */
void train_preset_config(s2s_preset_id id, s2s_task_id task, s2s_decoder_kind decoder, s2s_shape *shape,
                         s2s_train_opts *o);

/* The expected seconds of a whole run of preset id on task with decoder: its steps times the
 * preset's measured time per step on reverse AT, scaled by the task's and decoder's relative cost
 * per step (from the shipped models' training times, docs/training.md). */
double train_preset_expected_s(s2s_preset_id id, s2s_task_id task, s2s_decoder_kind decoder);

#endif
