/* ops_matmul_x16.h: the 32-column outer-product panel (mm_panel32_fn, ops_kernels.h) in 16-float
 * vectors, written once in GCC's vector extensions so that it compiles to two kinds of code:
 *   - AVX-512 (ops_matmul_avx512.c): one zmm register per 16 columns, X16_FMA = vfmadd;
 *   - AVX2 (tests/core/test_kernels_x16.c): each 16-float vector lowered to two ymm registers,
 *     X16_FMA = two vfmadd. This lets a machine without AVX-512 run the very same source and check
 *     it bit for bit against the scalar order (a step is one fused multiply-add, in order of p).
 * The includer defines, before including:
 *   X16_PANEL  the function's name;
 *   X16_FMA    (a, b, c) -> a * b + c, fused, on x16 vectors.
 * A 12-row by 32-column tile keeps its 24 accumulators in registers (of AVX-512's 32) while p runs:
 * each step two vector loads, twelve broadcasts (folded into the FMAs) and 24 FMAs. */
#include <stddef.h>

#ifndef S2S_X16_TYPES
#define S2S_X16_TYPES
typedef float x16 __attribute__((vector_size(64)));

static inline __attribute__((always_inline)) x16 x16_load(const float *p) {
    x16 v;
    __builtin_memcpy(&v, p, sizeof v); /* unaligned */
    return v;
}
static inline __attribute__((always_inline)) void x16_store(float *p, x16 v) { __builtin_memcpy(p, &v, sizeof v); }
static inline __attribute__((always_inline)) x16 x16_splat(float s) {
    return (x16){s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s};
}
#endif

/* C[r][0..32) += sum over p in order of A[r * ars + p * aps] * B[p * ldb + 0..32), for MR rows. */
static inline __attribute__((always_inline)) void x16_tile(int MR, float *C, int ldc, const float *A, size_t ars,
                                                           size_t aps, const float *B, int ldb, int P) {
    x16 acc[12][2];
    for (int r = 0; r < MR; r++) {
        acc[r][0] = x16_load(C + (size_t)r * ldc);
        acc[r][1] = x16_load(C + (size_t)r * ldc + 16);
    }
    for (int p = 0; p < P; p++) {
        const float *bp = B + (size_t)p * ldb, *ap = A + (size_t)p * aps;
        x16 b0 = x16_load(bp), b1 = x16_load(bp + 16);
        for (int r = 0; r < MR; r++) {
            x16 a = x16_splat(ap[(size_t)r * ars]);
            acc[r][0] = X16_FMA(a, b0, acc[r][0]);
            acc[r][1] = X16_FMA(a, b1, acc[r][1]);
        }
    }
    for (int r = 0; r < MR; r++) {
        x16_store(C + (size_t)r * ldc, acc[r][0]);
        x16_store(C + (size_t)r * ldc + 16, acc[r][1]);
    }
}

/* Rows 0..R of C over one 32-column panel: tiles of 12 rows, then of 4, then the last 1 to 3 rows in
 * one tile (a row alone would wait on its two FMA chains). */
void X16_PANEL(int R, float *C, int ldc, const float *A, size_t ars, size_t aps, const float *B, int ldb, int P) {
    int r = 0;
    for (; r + 12 <= R; r += 12) x16_tile(12, C + (size_t)r * ldc, ldc, A + r * ars, ars, aps, B, ldb, P);
    for (; r + 4 <= R; r += 4) x16_tile(4, C + (size_t)r * ldc, ldc, A + r * ars, ars, aps, B, ldb, P);
    C += (size_t)r * ldc, A += r * ars;
    if (R - r == 3) x16_tile(3, C, ldc, A, ars, aps, B, ldb, P);
    else if (R - r == 2) x16_tile(2, C, ldc, A, ars, aps, B, ldb, P);
    else if (R - r == 1) x16_tile(1, C, ldc, A, ars, aps, B, ldb, P);
}
