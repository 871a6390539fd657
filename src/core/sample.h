/* sample.h: choosing the next token from a distribution: greedy (the argmax), or sampling after a
 * temperature, a top-k cut and a top-p (nucleus) cut, from a seeded generator so a run repeats.
 * The decode engine picks with it; the window draws the distribution it samples from with the
 * same function, so what is shown is what is drawn from. */
#ifndef S2S_SAMPLE_H
#define S2S_SAMPLE_H

#include <stdint.h>

#include "core/rng.h"

typedef struct s2s_sampling {
    int on;            /* 0: greedy (the argmax); 1: sample */
    float temperature; /* logits are divided by it; 0 is greedy (all the mass on the argmax) */
    int top_k;         /* keep the k most likely; 0 keeps all */
    float top_p;       /* keep the most likely whose mass first reaches p; 1 keeps all */
    int seed;          /* 0 or more: the generator's seed (the same seed, the same draws) */
} s2s_sampling;

/* Greedy, temperature 1, no cuts, seed 0. */
s2s_sampling sampling_default(void);

/* The distribution sampled from: softmax(logits / temperature), then zero outside the top_k most
 * likely, then zero outside the smallest most-likely set whose mass reaches top_p (at least one
 * symbol always stays), renormalised. logits (n) may hold -inf; probs (n) receives the result.
 * Ties rank by the lower id first, as the argmax does. Returns 0, or -1 when out of memory. */
int sample_distribution(const s2s_sampling *s, const float *logits, int n, float *probs);

/* Draws an id from probs (n, summing to 1) with one uniform number from rng. */
int sample_draw(const float *probs, int n, s2s_rng *rng);

#endif
