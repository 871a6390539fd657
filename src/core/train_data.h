/* train_data.h: training batches drawn from a toy task (tasks.h), tokenized with the model's
 * vocabularies and padded; for knowledge distillation the targets are a teacher AT model's greedy
 * outputs instead of the data's. */
#ifndef S2S_TRAIN_DATA_H
#define S2S_TRAIN_DATA_H

#include "core/model.h"
#include "core/rng.h"
#include "core/tasks.h"
#include "core/train_model.h"

typedef struct s2s_distill_cache s2s_distill_cache;

typedef struct s2s_data {
    const s2s_model *m;        /* the student: vocabularies, max_len, AT or NAT */
    const s2s_model *teacher;  /* distillation: targets from its greedy decode; NULL for the data */
    s2s_task_id task;
    s2s_rng rng;
    int B;                     /* sequences per batch */
    int *src;                  /* (B, M) source ids, 0-padded */
    int *tgt_in;               /* (B, M+1) decoder input */
    int *tgt_out;              /* (B, M+1) targets */
    int *len;                  /* (B) target tokens, <end> excluded (NAT length class) */
    s2s_batch batch;           /* the current batch: views into the arrays above */
    int n_tokens;              /* non-pad targets in the current batch */
    s2s_distill_cache *cache;  /* teacher outputs by source (the teacher is deterministic) */
    int mask_predict;          /* NAT: the Mask-Predict objective (data_next masks part of each target) */
} s2s_data;

int data_init(s2s_data *d, const s2s_model *m, const s2s_model *teacher, s2s_task_id task, int B,
              unsigned long long seed, s2s_error *err);
void data_free(s2s_data *d); /* accepts NULL and zeroed */

/* Draws the next batch into d->batch. With mask_predict (NAT), each example's decoder input is its
 * target (tokens, then <end> to the end) with k of its nt token positions replaced by <begin>, k
 * uniform in 1..nt, and only those k positions are scored; k = nt replaces every position, the
 * <end> padding too, which is exactly the one-pass NAT example (Ghazvininejad et al. 2019). Fails when an example does not tokenize or is too long for
 * the model (which means the model was made for another task). */
int data_next(s2s_data *d, s2s_error *err);

#endif
