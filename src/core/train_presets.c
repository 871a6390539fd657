/* train_presets.c: see train_presets.h. */
#include "core/train_presets.h"

#include <string.h>

#include "core/i18n.h"

/* Tuned with `stepformer bench --gui --train reverse` on this 2-core machine (docs/training.md):
 * "small" reaches 99 % held-out exact match on reverse in about 17 s, "tiny" about 98 % in 13 s (a
 * first look), "shipped" (the shipped models' recipe) 99 % in about 2 minutes. ms_per_step: the
 * wall time per step in those runs (the window drawing, held-out measurements included). */
static const s2s_train_preset presets[PRESET_COUNT] = {
    [PRESET_TINY] = {N_("tiny"), 32, 4, 128, 1, 32, 3e-3f, 50, 1500, 2000, 10.0},
    [PRESET_SMALL] = {N_("small"), 32, 4, 128, 2, 64, 3e-3f, 60, 800, 1200, 29.0},
    [PRESET_SHIPPED] = {N_("shipped"), 64, 4, 256, 2, 64, 2e-3f, 250, 2500, 3000, 76.0},
};

/* Each task's time per training step relative to reverse AT's, AT and NAT: the shipped models'
 * training times (docs/training.md, "Shipped models") divided by their steps. */
static const double task_cost[TASK_COUNT][2] = {
    [TASK_REVERSE] = {1.00, 0.99},
    [TASK_SORT] = {1.02, 0.91},
    [TASK_NUMBER_WORDS] = {0.46, 0.50},
    [TASK_NUMBER_ZH] = {0.54, 0.56},
    [TASK_DATES] = {1.09, 1.76},
    [TASK_NUMBER_WORDS_MIXED] = {0.45, 0.61},
};

const s2s_train_preset *train_preset(s2s_preset_id id) { return &presets[id]; }

int train_preset_find(const char *name) {
    for (int i = 0; i < PRESET_COUNT; i++)
        if (strcmp(presets[i].name, name) == 0) return i;
    return -1;
}

void train_preset_config(s2s_preset_id id, s2s_task_id task, s2s_decoder_kind decoder, s2s_shape *shape,
                         s2s_train_opts *o) {
    (void)task; /* one recipe fits every task; the run's length depends on the decoder */
    const s2s_train_preset *p = &presets[id];
    *shape = (s2s_shape){p->d_model, p->n_heads, p->d_ff, p->layers, decoder};
    *o = train_opts_default();
    o->steps = decoder == S2S_DECODER_NAT ? p->steps_nat : p->steps_at;
    o->batch = p->batch;
    o->lr = p->lr;
    o->warmup = p->warmup;
    o->threads = 1;
    o->seed = 1;
    o->eval_every = 0;
}

double train_preset_expected_s(s2s_preset_id id, s2s_task_id task, s2s_decoder_kind decoder) {
    const s2s_train_preset *p = &presets[id];
    int nat = decoder == S2S_DECODER_NAT;
    return (nat ? p->steps_nat : p->steps_at) * p->ms_per_step * task_cost[task][nat] / 1000.0;
}
