/* rng.h: a small deterministic random generator (xoshiro256** seeded by splitmix64), so that tasks,
 * initialisation and training give the same numbers for the same seed on every machine. */
#ifndef S2S_RNG_H
#define S2S_RNG_H

#include <stdint.h>

typedef struct s2s_rng {
    uint64_t s[4];
} s2s_rng;

void rng_seed(s2s_rng *r, uint64_t seed);
uint64_t rng_next(s2s_rng *r);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint32_t rng_below(s2s_rng *r, uint32_t n);
/* Uniform float in [0, 1). */
float rng_uniform(s2s_rng *r);
/* Standard normal (Box-Muller). */
float rng_normal(s2s_rng *r);

#endif
