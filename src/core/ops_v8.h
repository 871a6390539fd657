/* ops_v8.h: 8-float vectors (GCC's vector extension) for the element-wise passes and the training
 * attention (ops.c, ops_attn.c). Plain C that the S2S_VECTOR_CLONES clones compile to AVX2 and the
 * default one to SSE. Vectors pass by pointer: a vector argument's ABI depends on the target. Partial
 * vectors move element by element: a memcpy of a variable size is a library call, which at these
 * sizes (a head of 16 features, 13 keys) cost more than the arithmetic. */
#ifndef S2S_OPS_V8_H
#define S2S_OPS_V8_H

#include <string.h>

typedef float v8 __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));

/* *v = p[0..n), the lanes from n on = pad; n in 1..8. When the row has 8 floats up to p + n (back
 * set), those are loaded at once and shifted into place: building a vector lane by lane in memory
 * and then loading it stalls the load (no store forwarding) for longer than the arithmetic takes. */
static inline void v8_load_part(v8 *v, const float *p, int n, float pad, int back) {
    if (n == 8) {
        memcpy(v, p, sizeof *v);
        return;
    }
    v8 t = {0};
    t += pad;
#ifndef __clang__ /* GCC's variable shuffle; the clang build (fuzzing) takes the lane loop below */
    if (back) {
        const v8i lane = {0, 1, 2, 3, 4, 5, 6, 7};
        v8 w;
        memcpy(&w, p + n - 8, sizeof w);
        w = __builtin_shuffle(w, lane + (8 - n)); /* lane k gets p[k] (indices taken mod 8) */
        v8i keep = lane < n;
        *v = (v8)(((v8i)w & keep) | ((v8i)t & ~keep));
        return;
    }
#endif
    (void)back;
    for (int k = 0; k < n; k++) t[k] = p[k];
    *v = t;
}

/* p[0..n) = the first n lanes of *v; n in 1..8. */
static inline void v8_store_part(float *p, const v8 *v, int n) {
    if (n == 8) {
        memcpy(p, v, sizeof *v);
        return;
    }
    v8 t = *v;
    for (int k = 0; k < n; k++) p[k] = t[k];
}

/* The sum of the lanes, in a fixed order. */
static inline float v8_sum(const v8 *v) {
    v8 a = *v;
    return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
}

#endif
