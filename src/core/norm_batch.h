/* norm_batch.h: LayerNorm against BatchNorm on a real batch. A batch of inputs of different lengths
 * runs through the model; at one Add & Norm the sublayer's sums (residual + update) form a
 * (B, T, D) block, zero-padded past each sentence's end as a padded tensor is. On it:
 *   LayerNorm (what the model uses): one mean and variance per token, over its D features;
 *   BatchNorm (for illustration, as nn.BatchNorm1d in training mode): one mean and variance per
 *   feature, over the batch's tokens, without and with the padding counted.
 * Both are shown before the learned scale and shift (gamma 1, beta 0), eps 1e-5, biased variance.
 * Under BatchNorm a sentence's normalized vectors depend on the other sentences in the batch and
 * on the padding; under LayerNorm they do not (tests/core/test_norm_batch.c, against PyTorch). */
#ifndef S2S_NORM_BATCH_H
#define S2S_NORM_BATCH_H

#include "core/decode.h"

#define NORM_MAX_BATCH 16
#define NORM_EPS 1e-5f

typedef struct norm_batch {
    int B, T, D;                  /* sentences, the longest one's positions, features */
    int len[NORM_MAX_BATCH];      /* (B) each sentence's positions; the rest of T is padding */
    int ids[NORM_MAX_BATCH][S2S_MAX_LEN + 1]; /* (B, T) the token at each position (source or decoder input) */
    int target_vocab;             /* ids are target-vocabulary ids (decoder places) */
    float *x;                     /* (B, T, D) the sums; 0 at padding */
    float *ln_mean, *ln_var;      /* (B, T) LayerNorm statistics per token (0 at padding) */
    float *ln;                    /* (B, T, D) (x - ln_mean) / sqrt(ln_var + eps); 0 at padding */
    float *bn_mean, *bn_var;      /* (D) BatchNorm statistics over the real tokens */
    float *bn;                    /* (B, T, D) (x - bn_mean) / sqrt(bn_var + eps); 0 at padding */
    float *bn_pad_mean, *bn_pad_var; /* (D) BatchNorm statistics with the padding counted (B*T tokens) */
    float *bn_pad;                /* (B, T, D); padding positions normalized too, as BatchNorm would */
} norm_batch;

/* Runs each input (source text) through m (greedy decode) and gathers the sums of the Add & Norm
 * of sublayer `sub` of layer `layer` (from 0) of `block` (TB_ENCODER: source positions; TB_DECODER:
 * the decoder's input positions), then computes the statistics (norm_batch_compute). B is 1 to
 * NORM_MAX_BATCH. nb is replaced; free it with norm_batch_free. */
int norm_batch_build(norm_batch *nb, const s2s_model *m, const char *const *inputs, int B, trace_block block,
                     int layer, trace_sublayer sub, s2s_error *err);

/* Allocates an empty (B, T, D) batch (for tests and data from elsewhere): x and len to fill. */
int norm_batch_alloc(norm_batch *nb, int B, int T, int D, s2s_error *err);

/* Computes every statistic and normalized block from x and len. */
void norm_batch_compute(norm_batch *nb);

void norm_batch_free(norm_batch *nb); /* accepts NULL and zeroed batches */

/* B held-out inputs of the model's task (task.h) with lengths as different as the set allows, for
 * the batch; out gets B strings of cap bytes each, from held-out example `first` on. Returns how
 * many were found (0 for a model of no known task). */
int norm_batch_heldout(const s2s_model *m, int first, int B, char *out, size_t cap);

#endif
