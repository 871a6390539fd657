/* sample.c: see sample.h. */
#include "core/sample.h"

#include <math.h>
#include <stdlib.h>

s2s_sampling sampling_default(void) {
    return (s2s_sampling){.on = 0, .temperature = 1.0f, .top_k = 0, .top_p = 1.0f, .seed = 0};
}

typedef struct ranked {
    int id;
    float p;
} ranked;

/* Most likely first; ties by the lower id (the argmax's choice). */
static int by_prob_desc(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->p != y->p) return x->p < y->p ? 1 : -1;
    return x->id - y->id;
}

int sample_distribution(const s2s_sampling *s, const float *logits, int n, float *probs) {
    int best = 0;
    for (int i = 1; i < n; i++)
        if (logits[i] > logits[best]) best = i;
    if (s->temperature <= 0.0f || !isfinite(logits[best])) { /* the limit T -> 0: all mass on the argmax */
        for (int i = 0; i < n; i++) probs[i] = i == best ? 1.0f : 0.0f;
        return 0;
    }
    /* softmax(logits / T), shifted by the maximum so exp never overflows */
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        probs[i] = expf((logits[i] - logits[best]) / s->temperature);
        sum += probs[i];
    }
    for (int i = 0; i < n; i++) probs[i] = (float)(probs[i] / sum);
    int keep_k = s->top_k > 0 && s->top_k < n ? s->top_k : n;
    if (keep_k == n && s->top_p >= 1.0f) return 0;
    ranked *rk = malloc(sizeof *rk * (size_t)n);
    if (!rk) return -1;
    for (int i = 0; i < n; i++) rk[i] = (ranked){i, probs[i]};
    qsort(rk, (size_t)n, sizeof *rk, by_prob_desc);
    /* the top-k cut, then the top-p cut within what is left (renormalised, as the k cut left it) */
    double mass_k = 0.0;
    for (int r = 0; r < keep_k; r++) mass_k += rk[r].p;
    int keep = 0;
    double mass = 0.0;
    while (keep < keep_k) {
        mass += rk[keep].p;
        keep++;
        if (mass / mass_k >= (double)s->top_p) break;
    }
    for (int r = keep; r < n; r++) probs[rk[r].id] = 0.0f;
    for (int r = 0; r < keep; r++) probs[rk[r].id] = (float)(rk[r].p / mass);
    free(rk);
    return 0;
}

int sample_draw(const float *probs, int n, s2s_rng *rng) {
    double u = (double)rng_uniform(rng), acc = 0.0;
    int last = 0;
    for (int i = 0; i < n; i++) {
        if (probs[i] <= 0.0f) continue;
        last = i;
        acc += probs[i];
        if (u < acc) return i;
    }
    return last; /* rounding left u above the total: the last symbol with mass */
}
