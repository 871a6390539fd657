/* train_model.h: the batched training forward and backward pass of one shard of a batch.
 *
 * Unlike the inference forward (forward.c), this one runs B padded sequences at once and keeps
 * every activation the backward pass needs. Padding (id 0) is masked as keys in every attention
 * (source padding in encoder self-attention and cross-attention, target padding in AT decoder
 * self-attention), as PyTorch does with key_padding_mask.
 *
 * Loss, AT:  mean cross-entropy over the non-pad targets of the whole batch.
 * Loss, NAT: mean cross-entropy over all B*M positions (targets are the tokens, then <end> to the
 *            end), plus len_weight * the mean over sequences of the length classifier's
 *            cross-entropy (class = number of target tokens, <end> excluded); the classifier reads
 *            the mean of the memory over the non-pad source positions.
 * Shapes use the legend of model.h. */
#ifndef S2S_TRAIN_MODEL_H
#define S2S_TRAIN_MODEL_H

#include "core/model.h"

/* One shard of a batch, row-major and 0-padded. */
typedef struct s2s_batch {
    int B, S, T;        /* sequences, padded source length, decoder length (NAT: T = M) */
    const int *src;     /* (B, S) source ids */
    const int *tgt_in;  /* (B, T) decoder input: AT <begin> + target; NAT all <begin> */
    const int *tgt_out; /* (B, T) targets; 0 = no loss at that position */
    const int *len;     /* (B) NAT: target length class; NULL for AT */
} s2s_batch;

/* How the shard's loss is normalised, so that shards computed apart sum to the batch's loss. */
typedef struct s2s_loss_norm {
    float n_tokens;   /* non-pad targets in the whole batch */
    float n_seqs;     /* sequences in the whole batch */
    float len_weight; /* NAT: weight of the length loss (default 0.1) */
} s2s_loss_norm;

/* Activations and gradient buffers of one worker, sized for at most B_cap sequences of at most M
 * source and M + 1 decoder positions (one allocation for activations, one for gradients). */
typedef struct s2s_train_ctx {
    const s2s_model *m;
    int B_cap;
    float *grads;    /* (n_params) in the parameter layout; the backward pass ACCUMULATES here */
    s2s_weights g;   /* views into grads */
    float *acts;     /* activations and backward scratch, laid out per call (train_model.c) */
    size_t acts_len;
} s2s_train_ctx;

int train_ctx_init(s2s_train_ctx *t, const s2s_model *m, int B_cap, s2s_error *err);
void train_ctx_free(s2s_train_ctx *t); /* accepts NULL and zeroed contexts */

/* Runs the forward pass over the shard, and the backward pass when backward is set (gradients are
 * added to t->grads, which the caller zeroes). *loss gets the shard's share of the batch loss
 * (normalised by norm); *len_loss (may be NULL) the NAT length loss's share before weighting. */
int train_forward_backward(s2s_train_ctx *t, const s2s_batch *b, const s2s_loss_norm *norm, int backward,
                           double *loss, double *len_loss, s2s_error *err);

#endif
