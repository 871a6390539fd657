/* ops_matmul_avx2.c: the AVX2 + FMA matmul kernels (see ops_kernels.h for the order of every sum).
 * Only this file's functions use AVX2 and FMA; they run only where the CPU has both (the resolver in
 * ops_matmul.c), so the binary still starts on any x86-64.
 *
 * fwd is a dot-product kernel (both operands run along k) so that it reads the weights in their file
 * layout, row after row, without a packed copy: a decoding step streams each weight once. A 4-row by
 * 3-output tile keeps 12 accumulators and 3 weight vectors in the 16 registers (7 loads per 12 FMAs);
 * one row alone (decoding) takes 8 outputs at a time, enough independent chains to hide the FMA
 * latency. dx and dw are outer-product kernels: a 6-by-16 tile of the result stays in 12 registers
 * while the summed index runs, each step two vector loads, six broadcasts and twelve FMAs. */
#include "core/ops_kernels.h"

#ifdef S2S_HAVE_AVX2_KERNELS
#pragma GCC target("avx2,fma")
#include <immintrin.h>
#include <math.h>

#define INLINE static inline __attribute__((always_inline))

/* ---- forward: out = x w^T + b ------------------------------------------------------------------ */

/* Four lane sums at once, each ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)); the hadd pairs
 * give exactly that tree. */
INLINE __m128 reduce4(__m256 a, __m256 b, __m256 c, __m256 d) {
    __m128 a2 = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
    __m128 b2 = _mm_add_ps(_mm256_castps256_ps128(b), _mm256_extractf128_ps(b, 1));
    __m128 c2 = _mm_add_ps(_mm256_castps256_ps128(c), _mm256_extractf128_ps(c, 1));
    __m128 d2 = _mm_add_ps(_mm256_castps256_ps128(d), _mm256_extractf128_ps(d, 1));
    return _mm_hadd_ps(_mm_hadd_ps(a2, b2), _mm_hadd_ps(c2, d2));
}

/* Finishes NR (<= 4) outputs of one row from their accumulators: lane sums, tail, bias. */
INLINE void fwd_finish(int NR, const __m256 *acc, float *y, const float *x, const float *const *wr, const float *b,
                       int K8, int K) {
    __m256 z = _mm256_setzero_ps();
    float s[4];
    _mm_storeu_ps(s, reduce4(acc[0], NR > 1 ? acc[1] : z, NR > 2 ? acc[2] : z, NR > 3 ? acc[3] : z));
    for (int j = 0; j < NR; j++) {
        float v = s[j];
        for (int k = K8; k < K; k++) v = fmaf(x[k], wr[j][k], v);
        y[j] = b ? v + b[j] : v;
    }
}

/* An MR-row by NR-output tile (constants after inlining) at rows x[0..MR), weights w[0..NR). */
INLINE void fwd_tile(int MR, int NR, float *out, int ldo, const float *x, const float *w, const float *b, int K) {
    __m256 acc[4][4];
    const float *wr[4];
    for (int j = 0; j < NR; j++) wr[j] = w + (size_t)j * K;
    for (int r = 0; r < MR; r++)
        for (int j = 0; j < NR; j++) acc[r][j] = _mm256_setzero_ps();
    int K8 = K & ~7;
    for (int k = 0; k < K8; k += 8) {
        __m256 wv[4];
        for (int j = 0; j < NR; j++) wv[j] = _mm256_loadu_ps(wr[j] + k);
        for (int r = 0; r < MR; r++) {
            __m256 xv = _mm256_loadu_ps(x + (size_t)r * K + k);
            for (int j = 0; j < NR; j++) acc[r][j] = _mm256_fmadd_ps(xv, wv[j], acc[r][j]);
        }
    }
    for (int r = 0; r < MR; r++) fwd_finish(NR, acc[r], out + (size_t)r * ldo, x + (size_t)r * K, wr, b, K8, K);
}

/* One row by 8 outputs: 8 independent FMA chains while the weights stream. */
INLINE void fwd_row8(float *y, const float *x, const float *w, const float *b, int K) {
    __m256 acc[8];
    const float *wr[8];
    for (int j = 0; j < 8; j++) {
        wr[j] = w + (size_t)j * K;
        acc[j] = _mm256_setzero_ps();
    }
    int K8 = K & ~7;
    for (int k = 0; k < K8; k += 8) {
        __m256 xv = _mm256_loadu_ps(x + k);
        for (int j = 0; j < 8; j++) acc[j] = _mm256_fmadd_ps(xv, _mm256_loadu_ps(wr[j] + k), acc[j]);
    }
    fwd_finish(4, acc, y, x, wr, b, K8, K);
    fwd_finish(4, acc + 4, y + 4, x, wr + 4, b ? b + 4 : NULL, K8, K);
}

static void fwd_avx2(float *out, int ldo, const float *x, const float *w, const float *b, int N, int K, int O) {
    if (N == 1) { /* one row (a decoding step): stream every weight row once */
        int o = 0;
        for (; o + 8 <= O; o += 8) fwd_row8(out + o, x, w + (size_t)o * K, b ? b + o : NULL, K);
        for (; o < O; o++) fwd_tile(1, 1, out + o, ldo, x, w + (size_t)o * K, b ? b + o : NULL, K);
        return;
    }
    /* blocks of outputs whose weights (OB rows of K) stay in the 512 KB L2 while every row passes */
    int OB = (int)((192 * 1024 / sizeof(float)) / (size_t)K) / 3 * 3;
    if (OB < 3) OB = 3;
    for (int o0 = 0; o0 < O; o0 += OB) {
        int o1 = o0 + OB < O ? o0 + OB : O;
        int n = 0;
        for (; n + 4 <= N; n += 4) {
            const float *xr = x + (size_t)n * K;
            float *y = out + (size_t)n * ldo;
            int o = o0;
            for (; o + 3 <= o1; o += 3) fwd_tile(4, 3, y + o, ldo, xr, w + (size_t)o * K, b ? b + o : NULL, K);
            for (; o < o1; o++) fwd_tile(4, 1, y + o, ldo, xr, w + (size_t)o * K, b ? b + o : NULL, K);
        }
        for (; n < N; n++) {
            const float *xr = x + (size_t)n * K;
            float *y = out + (size_t)n * ldo;
            int o = o0;
            for (; o + 3 <= o1; o += 3) fwd_tile(1, 3, y + o, ldo, xr, w + (size_t)o * K, b ? b + o : NULL, K);
            for (; o < o1; o++) fwd_tile(1, 1, y + o, ldo, xr, w + (size_t)o * K, b ? b + o : NULL, K);
        }
    }
}

/* ---- backward: outer-product tiles, C (rows, 16 columns) += A (rows, P) B (P, 16) --------------- */

/* The masks that load and store the first `cols` (1..16) of 16 columns. */
INLINE void col_masks(int cols, __m256i *m0, __m256i *m1) {
    const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    *m0 = _mm256_cmpgt_epi32(_mm256_set1_epi32(cols), idx);
    *m1 = _mm256_cmpgt_epi32(_mm256_set1_epi32(cols - 8), idx);
}

/* C[r][0..cols) += sum over p in order of A[r * ars + p * aps] * B[p * ldb + 0..cols), for MR rows.
 * FULL: cols is 16 (plain loads); otherwise masked loads and stores. */
INLINE void outer_tile(int MR, int FULL, int cols, float *C, int ldc, const float *A, size_t ars, size_t aps,
                       const float *B, int ldb, int P) {
    __m256 acc[6][2];
    __m256i m0, m1;
    col_masks(cols, &m0, &m1);
    for (int r = 0; r < MR; r++) {
        float *c = C + (size_t)r * ldc;
        acc[r][0] = FULL ? _mm256_loadu_ps(c) : _mm256_maskload_ps(c, m0);
        acc[r][1] = FULL ? _mm256_loadu_ps(c + 8) : _mm256_maskload_ps(c + 8, m1);
    }
    for (int p = 0; p < P; p++) {
        const float *bp = B + (size_t)p * ldb;
        __m256 b0 = FULL ? _mm256_loadu_ps(bp) : _mm256_maskload_ps(bp, m0);
        __m256 b1 = FULL ? _mm256_loadu_ps(bp + 8) : _mm256_maskload_ps(bp + 8, m1);
        const float *ap = A + (size_t)p * aps;
        for (int r = 0; r < MR; r++) {
            __m256 a = _mm256_broadcast_ss(ap + (size_t)r * ars);
            acc[r][0] = _mm256_fmadd_ps(a, b0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(a, b1, acc[r][1]);
        }
    }
    for (int r = 0; r < MR; r++) {
        float *c = C + (size_t)r * ldc;
        if (FULL) {
            _mm256_storeu_ps(c, acc[r][0]);
            _mm256_storeu_ps(c + 8, acc[r][1]);
        } else {
            _mm256_maskstore_ps(c, m0, acc[r][0]);
            _mm256_maskstore_ps(c + 8, m1, acc[r][1]);
        }
    }
}

/* Rows 0..R of C (R may be any count) over one 16-column panel: tiles of 6 rows, then the rest. */
static void outer_panel(int R, int cols, float *C, int ldc, const float *A, size_t ars, size_t aps, const float *B,
                        int ldb, int P) {
    int r = 0;
    if (cols == 16)
        for (; r + 6 <= R; r += 6) outer_tile(6, 1, 16, C + (size_t)r * ldc, ldc, A + r * ars, ars, aps, B, ldb, P);
    else
        for (; r + 6 <= R; r += 6) outer_tile(6, 0, cols, C + (size_t)r * ldc, ldc, A + r * ars, ars, aps, B, ldb, P);
    for (; r < R; r++) outer_tile(1, 0, cols, C + (size_t)r * ldc, ldc, A + r * ars, ars, aps, B, ldb, P);
}

/* dx (N, I) += g (N, O) @ w (O, I): rows of dx, summed over o. The w panel (O by 16) stays in L1/L2
 * while every row block passes. */
static void dx_avx2(float *dx, const float *g, const float *w, int N, int I, int O) {
    for (int i = 0; i < I; i += 16) {
        int cols = I - i < 16 ? I - i : 16;
        outer_panel(N, cols, dx + i, I, g, (size_t)O, 1, w + i, I, O);
    }
}

/* dw (O, I) += g^T @ x: rows of dw (one per output o), summed over n, in blocks of 256 rows of x so
 * that the x panel (256 by 16) stays in L1; the partial sums wait in dw, so the order is unchanged. */
static void dw_avx2(float *dw, const float *g, const float *x, int N, int I, int O) {
    for (int n0 = 0; n0 < N; n0 += 256) {
        int nb = N - n0 < 256 ? N - n0 : 256;
        for (int i = 0; i < I; i += 16) {
            int cols = I - i < 16 ? I - i : 16;
            outer_panel(O, cols, dw + i, I, g + (size_t)n0 * O, 1, (size_t)O, x + (size_t)n0 * I + i, I, nb);
        }
    }
}

const mm_kernels mm_kernels_avx2 = {"avx2+fma", fwd_avx2, dx_avx2, dw_avx2};

#endif
