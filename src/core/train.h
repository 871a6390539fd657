/* train.h: training a model on a toy task: AdamW with linear warm-up and cosine decay, gradient
 * clipping by global norm, the batch split across threads. Deterministic: for a given seed and
 * thread count the parameters after N steps are bit-identical (each thread owns a fixed slice of
 * the batch and its own gradient buffer; the buffers are summed in thread order).
 * Held-out evaluation (exact match, token accuracy, NAT repeats and length errors) is here too. */
#ifndef S2S_TRAIN_H
#define S2S_TRAIN_H

#include "core/model.h"
#include "core/eval.h"
#include "core/tasks.h"

#define S2S_TRAIN_MAX_THREADS 16

/* The shape of a new model; vocabularies and max_len come from the task. */
typedef struct s2s_shape {
    int d_model, n_heads, d_ff, layers; /* layers: encoder and decoder each */
    s2s_decoder_kind decoder;
} s2s_shape;

/* A randomly initialised model for task (metadata "task" = its name). */
int train_model_new(s2s_model *m, s2s_task_id task, const s2s_shape *shape, unsigned long long seed, s2s_error *err);

typedef struct s2s_train_opts {
    int steps;
    int batch;              /* sequences per step */
    int threads;            /* 1..S2S_TRAIN_MAX_THREADS */
    float lr;               /* peak learning rate */
    int warmup;             /* steps of linear warm-up; then cosine decay to lr / 10 */
    float weight_decay;     /* AdamW, on matrices only (not biases or LayerNorm) */
    float clip;             /* global gradient norm limit; 0 = none */
    float len_weight;       /* NAT: weight of the length classifier's loss */
    unsigned long long seed; /* the data stream */
    int eval_every;         /* held-out evaluation every this many steps (0 = never) */
    int eval_n;             /* held-out examples per evaluation */
    int mask_predict;       /* NAT: the Mask-Predict objective (train_data.h), for iterative refinement */
    const s2s_model *teacher; /* distillation: learn this AT model's greedy outputs; NULL = the data */
} s2s_train_opts;

/* lr 1e-3, warm-up 10% of the steps (at most 300), weight decay 0.01, clip 1, len_weight 0.1,
 * 2 threads, evaluation every 200 steps on 200 examples. */
s2s_train_opts train_opts_default(void);

typedef struct s2s_train_progress {
    int step, steps;        /* steps done, of */
    double loss;            /* this step's loss */
    double lr;
    double heldout_exact;   /* latest held-out exact match (fraction), -1 before the first */
    double tokens_per_s;    /* target tokens per second, averaged over the run */
    double elapsed_s, eta_s;
    int evaluated;          /* 1 when heldout_exact was computed at this step */
} s2s_train_progress;

/* Called after every step; returning non-zero stops training (the model keeps the last step). */
typedef int (*s2s_train_cb)(const s2s_train_progress *p, void *user);

/* Trains m in place on task. The model is always usable afterwards, even after an error. */
int train_run(s2s_model *m, s2s_task_id task, const s2s_train_opts *o, s2s_train_cb cb, void *user,
              s2s_train_progress *last, s2s_error *err);

#endif
