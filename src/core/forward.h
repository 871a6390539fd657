/* forward.h: the inference forward pass of one sequence, with a key/value cache and an optional
 * trace. The decode engine (decode.c) drives it; tests call it directly to compare cached and
 * recomputed decoding. (Training runs its own batched forward in train_model.c, because it must
 * keep every activation for the backward pass; both are checked against the PyTorch reference.) */
#ifndef S2S_FORWARD_H
#define S2S_FORWARD_H

#include "core/ablate.h"
#include "core/model.h"
#include "core/trace.h"

typedef struct s2s_runner {
    const s2s_model *m;
    int S;            /* source length */
    int n_cached;     /* decoder positions whose self-attention K and V are cached */
    int cross_ready;  /* cross-attention K and V computed from the memory */
    float *memory;    /* (S, D) encoder output after encoder.norm */
    float *self_k;    /* (Ld, M+1, D) decoder self-attention key cache */
    float *self_v;    /* (Ld, M+1, D) */
    float *cross_k;   /* (Ld, S_max, D) keys of the memory, computed once per source */
    float *cross_v;   /* (Ld, S_max, D) */
    float *self_kt;   /* (Ld, D, R8) the key cache again, transposed (one query's scores vectorize across keys) */
    float *cross_kt;  /* (Ld, D, R8) the memory's keys, transposed (R8: M+1 rounded up to 8) */
    const s2s_ablation *ablate; /* heads switched off (their output zeroed), or NULL */
    float *buf;       /* scratch, see forward.c */
    size_t buf_len;
    struct s2s_pool *pool; /* threads for the larger matmuls, made on first need (NULL: none yet or alone) */
    int pool_tried;
} s2s_runner;

int runner_init(s2s_runner *r, const s2s_model *m, s2s_error *err);
void runner_free(s2s_runner *r); /* accepts NULL */

/* Runs the encoder over src (S ids, 1..M) and forgets the decoder cache. Records into trace (may be
 * NULL) as pass 0. */
int runner_encode(s2s_runner *r, const int *src, int S, s2s_trace *trace, s2s_error *err);

/* Runs the decoder over n new positions (ids), which follow the r->n_cached cached ones; their K and
 * V join the cache. causal: position p sees keys 0..p; otherwise every new position sees all keys.
 * logits (n, Vt) receives the generator's output. Records into trace (may be NULL) as `pass`. */
int runner_decode(s2s_runner *r, const int *ids, int n, int causal, s2s_trace *trace, int pass, float *logits,
                  s2s_error *err);

/* Forgets cached decoder positions from n_keep on (beam search, what-if re-decoding, NAT). */
void runner_rewind(s2s_runner *r, int n_keep);

/* NAT length classifier: length_head(mean of the memory over source positions).
 * length_logits (M+1). Records into trace (may be NULL) as pass 0. */
int runner_length(s2s_runner *r, s2s_trace *trace, float *length_logits, s2s_error *err);

#endif
