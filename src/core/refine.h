/* refine.h: iterative refinement of a NAT decode (Mask-Predict, Ghazvininejad et al. 2019).
 *
 * Pass 1 is the one-pass NAT decode: every position starts as <begin>, the length comes from the
 * classifier (or the first <end>). Each output position has a confidence: the probability of its
 * token, kept from the pass that last predicted it. After pass t of T passes, the
 * n * (T - t) / T positions of lowest confidence (n output positions, rounded down; ties go to the
 * earlier position) are put back to <begin>, and pass t + 1 re-predicts only them, with the other
 * tokens visible in its input; positions past the length are shown as <end>, as in training
 * (train_data.h, --objective mask-predict). When the count reaches 0 refinement stops: a pass with
 * nothing masked would change nothing. T = 1 (no refinement) is exactly the one-pass NAT decode.
 *
 * Every refinement pass is traced like the first (the decoder's steps, generator.logits and
 * generator.probs, in its own pass), followed by one generator.refine step (TO_REFINE) whose rows
 * are refine_row, one column per output position. The first pass gets one too when refinement is
 * on, with every position masked and nothing before it. */
#ifndef S2S_REFINE_H
#define S2S_REFINE_H

#include "core/decode.h"
#include "core/forward.h"

/* The rows of a generator.refine step (floats; token ids are exact). */
typedef enum refine_row {
    REFINE_TOKEN_BEFORE = 0, /* the output token before this pass (NAN on the first pass) */
    REFINE_MASKED = 1,       /* 1 where this pass re-predicted the position (put back to <begin>), else 0 */
    REFINE_CONF_BEFORE = 2,  /* its confidence before this pass (NAN on the first pass) */
    REFINE_TOKEN_AFTER = 3,  /* the output token after this pass */
    REFINE_CONF_AFTER = 4,   /* its confidence after this pass */
    REFINE_ROWS = 5
} refine_row;

/* The most refinement passes a decode may ask for (--iterations). */
#define REFINE_MAX_ITERATIONS 64

/* How many of n positions are re-masked after pass t (1..T-1) of T: n * (T - t) / T, rounded down. */
int refine_count(int n, int t, int T);

/* Marks in masked (n) the k positions of lowest confidence conf (n), ties to the earlier position. */
void refine_choose(const float *conf, int n, int k, unsigned char *masked);

/* Records the first pass's generator.refine step (every position predicted from <begin>). */
int refine_record_first(s2s_trace *tr, const s2s_decode_result *res, s2s_error *err);

/* Refinement pass t + 1 of T, after t passes (1 <= t < T) on res (the NAT decode so far, whose
 * encoder ran in r): re-masks, runs the decoder over res->n_dec_in positions into logits
 * (n_dec_in, Vt), updates the masked outputs and their confidences, and records the pass into tr
 * (may be NULL). Returns 1 when refinement is over (that was the last pass, or nothing was left to
 * re-mask and no pass ran), 0 when more passes remain, -1 on error. */
int refine_pass(s2s_runner *r, int t, int T, s2s_trace *tr, s2s_decode_result *res, float *logits, s2s_error *err);

#endif
