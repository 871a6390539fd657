/* ops_matmul_avx2.c: the AVX2 + FMA matmul kernels (see ops_kernels.h for the order of every sum).
 * Only this file's functions use AVX2 and FMA; they run only where the CPU has both (the resolver in
 * ops_matmul.c), so the binary still starts on any x86-64.
 *
 * fwd is a dot-product kernel (both operands run along k) so that it reads the weights in their file
 * layout, row after row, without a packed copy: a decoding step streams each weight once. A 2-row by
 * 6-output tile keeps 12 accumulators, 2 rows of x and a weight vector in the 16 registers (8 loads
 * per 12 FMAs); one row alone (decoding) takes 8 outputs at a time, enough independent chains to hide the FMA
 * latency; the lane sums of eight outputs take nine shuffles and adds. dx and dw are outer-product kernels: a 6-by-16 tile of the result stays in 12 registers
 * while the summed index runs, each step two vector loads, six broadcasts and twelve FMAs. */
#include "core/ops_kernels.h"

#ifdef S2S_HAVE_AVX2_KERNELS
#pragma GCC target("avx2,fma")
#include <immintrin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INLINE static inline __attribute__((always_inline))

/* ---- forward: out = x w^T + b ------------------------------------------------------------------ */

/* Eight lane sums at once (missing outputs are zero accumulators): output j's lanes are added as
 * ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)), which is what the hadd pairs and the final
 * add of the two 128-bit halves give. */
INLINE __m256 reduce8(const __m256 *a) {
    __m256 ab = _mm256_hadd_ps(a[0], a[1]), cd = _mm256_hadd_ps(a[2], a[3]);
    __m256 ef = _mm256_hadd_ps(a[4], a[5]), gh = _mm256_hadd_ps(a[6], a[7]);
    __m256 abcd = _mm256_hadd_ps(ab, cd), efgh = _mm256_hadd_ps(ef, gh); /* (lanes 0-3 | lanes 4-7) */
    __m256 lo = _mm256_permute2f128_ps(abcd, efgh, 0x20), hi = _mm256_permute2f128_ps(abcd, efgh, 0x31);
    return _mm256_add_ps(lo, hi);
}

/* Finishes NR (<= 8) outputs of one row from their accumulators: lane sums, tail, bias. */
INLINE void fwd_finish(int NR, const __m256 *acc, float *y, const float *x, const float *const *wr, const float *b,
                       int K8, int K) {
    __m256 a[8];
    for (int j = 0; j < 8; j++) a[j] = j < NR ? acc[j] : _mm256_setzero_ps();
    __m256 s = reduce8(a);
    if (NR == 8 && K8 == K) { /* the common case, all in registers */
        _mm256_storeu_ps(y, b ? _mm256_add_ps(s, _mm256_loadu_ps(b)) : s);
        return;
    }
    if (K8 == K) { /* no tail: the bias in one add (a masked load, which cannot read past b's end) and
                    * NR outputs stored 4, 2 and 1 at a time, not a masked store (slow on AMD) */
        if (b) {
            const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
            s = _mm256_add_ps(s, _mm256_maskload_ps(b, _mm256_cmpgt_epi32(_mm256_set1_epi32(NR), idx)));
        }
        __m128 lo = _mm256_castps256_ps128(s);
        int j = 0;
        if (NR - j >= 4) {
            _mm_storeu_ps(y, lo);
            lo = _mm256_extractf128_ps(s, 1);
            j = 4;
        }
        if (NR - j >= 2) {
            _mm_storel_pi((__m64 *)(y + j), lo);
            lo = _mm_movehl_ps(lo, lo);
            j += 2;
        }
        if (NR - j >= 1) _mm_store_ss(y + j, lo);
        return;
    }
    float t[8]; /* not a masked store: vmaskmovps to memory is slow on AMD */
    _mm256_storeu_ps(t, s);
    for (int j = 0; j < NR; j++) {
        float v = t[j];
        for (int k = K8; k < K; k++) v = fmaf(x[k], wr[j][k], v);
        y[j] = b ? v + b[j] : v;
    }
}

/* An MR-row by NR-output tile (constants after inlining) at rows x[0..MR), weights w[0..NR).
 * pf (may be NULL): the next tile's weights, fetched into the cache while this one computes (a
 * decoding step reads each weight row for a few hundred nanoseconds only: too short a stream for
 * the hardware prefetcher to reach full speed on its own). */
INLINE void fwd_tile(int MR, int NR, float *out, int ldo, const float *x, const float *w, const float *b, int K,
                     const float *pf) {
    __m256 acc[2][8];
    const float *wr[8];
    for (int j = 0; j < NR; j++) wr[j] = w + (size_t)j * K;
    for (int r = 0; r < MR; r++)
        for (int j = 0; j < NR; j++) acc[r][j] = _mm256_setzero_ps();
    int K8 = K & ~7;
    for (int k = 0; k < K8; k += 8) {
        if (pf && (k & 8))
            for (int j = 0; j < NR; j++) _mm_prefetch((const char *)(pf + (size_t)j * K + k), _MM_HINT_T0);
        __m256 xv[2];
        for (int r = 0; r < MR; r++) xv[r] = _mm256_loadu_ps(x + (size_t)r * K + k);
        for (int j = 0; j < NR; j++) {
            __m256 wv = _mm256_loadu_ps(wr[j] + k);
            for (int r = 0; r < MR; r++) acc[r][j] = _mm256_fmadd_ps(xv[r], wv, acc[r][j]);
        }
    }
    for (int r = 0; r < MR; r++) fwd_finish(NR, acc[r], out + (size_t)r * ldo, x + (size_t)r * K, wr, b, K8, K);
}

static void fwd_avx2(float *out, int ldo, const float *x, const float *w, const float *b, int N, int K, int O) {
    if (N == 1) { /* one row (a decoding step): stream every weight row once, 8 FMA chains at a time */
        int o = 0;
        if ((size_t)O * K * sizeof(float) > 64 * 1024) /* weights from memory, not from L1 or L2: prefetch */
            for (; o + 16 <= O; o += 8)
                fwd_tile(1, 8, out + o, ldo, x, w + (size_t)o * K, b ? b + o : NULL, K, w + (size_t)(o + 8) * K);
        for (; o + 8 <= O; o += 8) fwd_tile(1, 8, out + o, ldo, x, w + (size_t)o * K, b ? b + o : NULL, K, NULL);
        for (; o < O; o++) fwd_tile(1, 1, out + o, ldo, x, w + (size_t)o * K, b ? b + o : NULL, K, NULL);
        return;
    }
    /* blocks of outputs whose weights (OB rows of K) stay in the 512 KB L2 while every row passes;
     * tiles of 2 rows by 6 outputs: 12 accumulators, 2 rows of x and one weight vector in registers */
    int OB = (int)((192 * 1024 / sizeof(float)) / (size_t)K) / 6 * 6;
    if (OB < 6) OB = 6;
    for (int o0 = 0; o0 < O; o0 += OB) {
        int o1 = o0 + OB < O ? o0 + OB : O;
        for (int n = 0; n < N; n += 2) {
            const float *xr = x + (size_t)n * K;
            float *y = out + (size_t)n * ldo;
            int o = o0;
            if (n + 1 < N) {
                for (; o + 6 <= o1; o += 6) fwd_tile(2, 6, y + o, ldo, xr, w + (size_t)o * K, b ? b + o : NULL, K, NULL);
                for (; o < o1; o++) fwd_tile(2, 1, y + o, ldo, xr, w + (size_t)o * K, b ? b + o : NULL, K, NULL);
            } else {
                for (; o + 6 <= o1; o += 6) fwd_tile(1, 6, y + o, ldo, xr, w + (size_t)o * K, b ? b + o : NULL, K, NULL);
                for (; o < o1; o++) fwd_tile(1, 1, y + o, ldo, xr, w + (size_t)o * K, b ? b + o : NULL, K, NULL);
            }
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
    C += (size_t)r * ldc, A += r * ars;
    switch (R - r) { /* the last rows in one tile: one row alone would wait on its two FMA chains */
    case 5: outer_tile(5, 0, cols, C, ldc, A, ars, aps, B, ldb, P); break;
    case 4: outer_tile(4, 0, cols, C, ldc, A, ars, aps, B, ldb, P); break;
    case 3: outer_tile(3, 0, cols, C, ldc, A, ars, aps, B, ldb, P); break;
    case 2: outer_tile(2, 0, cols, C, ldc, A, ars, aps, B, ldb, P); break;
    case 1: outer_tile(1, 0, cols, C, ldc, A, ars, aps, B, ldb, P); break;
    default: break;
    }
}

/* Columns 0..W of C over the rows 0..R: 32-column panels where p32 is given and 32 columns remain,
 * then 16-column ones (the last one masked). Every element's sum keeps its order either way. */
static void outer_cols(mm_panel32_fn *p32, int R, int W, float *C, int ldc, const float *A, size_t ars, size_t aps,
                       const float *B, int ldb, int P) {
    for (int c = 0; c < W;) {
        int pw = p32 && W - c >= 32 ? 32 : 16;
        if (pw == 32) p32(R, C + c, ldc, A, ars, aps, B + c, ldb, P);
        else outer_panel(R, W - c < 16 ? W - c : 16, C + c, ldc, A, ars, aps, B + c, ldb, P);
        c += pw;
    }
}

/* ---- the training products' drivers ------------------------------------------------------------ */

/* An operand read through strides: element (i, p) at m[i * is + p * ps], p the summed index; one of
 * the two strides is 1. */
typedef struct strided {
    const float *m;
    size_t is, ps;
} strided;

/* Copies `width` floats (a constant once inlined: a few vector moves). */
INLINE void copy_fixed(float *d, const float *s, int width) { memcpy(d, s, sizeof(float) * (size_t)width); }

/* Rows 0..rows (at most width) by p in 0..kc of X, whose rows lie side by side (X.is == 1), into a
 * p-major panel: dst[p * width + i]. */
INLINE void pack_along(float *dst, strided X, int rows, int kc, int width) {
    if (rows == width)
        for (int p = 0; p < kc; p++) copy_fixed(dst + (size_t)p * width, X.m + (size_t)p * X.ps, width);
    else
        for (int p = 0; p < kc; p++) memcpy(dst + (size_t)p * width, X.m + (size_t)p * X.ps, sizeof(float) * (size_t)rows);
}

/* An 8 by 8 transpose in registers: v[q][e] becomes v[e][q]. */
INLINE void transpose8(__m256 v[8]) {
    __m256 t[8], u[8];
    for (int q = 0; q < 8; q += 2) t[q] = _mm256_unpacklo_ps(v[q], v[q + 1]), t[q + 1] = _mm256_unpackhi_ps(v[q], v[q + 1]);
    for (int q = 0; q < 8; q += 4) {
        u[q] = _mm256_shuffle_ps(t[q], t[q + 2], 0x44), u[q + 1] = _mm256_shuffle_ps(t[q], t[q + 2], 0xEE);
        u[q + 2] = _mm256_shuffle_ps(t[q + 1], t[q + 3], 0x44), u[q + 3] = _mm256_shuffle_ps(t[q + 1], t[q + 3], 0xEE);
    }
    for (int q = 0; q < 4; q++)
        v[q] = _mm256_permute2f128_ps(u[q], u[q + 4], 0x20), v[q + 4] = _mm256_permute2f128_ps(u[q], u[q + 4], 0x31);
}

/* The same panel from rows that each run along p (X.ps == 1): 8 rows by 8 p at a time through a
 * transpose; a last group of fewer than 8 rows and the last kc mod 8 p one by one. */
static void pack_across(float *dst, strided X, int rows, int kc, int width) {
    int k8 = kc & ~7, r = 0;
    for (; r + 8 <= rows; r += 8) {
        const float *src = X.m + (size_t)r * X.is;
        for (int p = 0; p < k8; p += 8) {
            __m256 v[8];
            for (int q = 0; q < 8; q++) v[q] = _mm256_loadu_ps(src + (size_t)q * X.is + p);
            transpose8(v);
            for (int q = 0; q < 8; q++) _mm256_storeu_ps(dst + (size_t)(p + q) * width + r, v[q]);
        }
        for (int p = k8; p < kc; p++)
            for (int q = 0; q < 8; q++) dst[(size_t)p * width + r + q] = src[(size_t)q * X.is + p];
    }
    for (; r < rows; r++)
        for (int p = 0; p < kc; p++) dst[(size_t)p * width + r] = X.m[(size_t)r * X.is + p];
}

/* Rows 0..n by p in 0..kc of X into panels of `width` (6, 12, 16 or 32) rows, each p-major:
 * dst[(i / width) * kc * width + p * width + i % width]. The rows missing from a last, partial
 * panel are left unwritten: the tiles never read them. */
static void pack_panels(float *dst, strided X, int n, int kc, int width) {
    for (int i0 = 0; i0 < n; i0 += width, dst += (size_t)kc * width) {
        int rows = n - i0 < width ? n - i0 : width;
        strided P = {X.m + (size_t)i0 * X.is, X.is, X.ps};
        if (X.ps == 1) pack_across(dst, P, rows, kc, width);
        else if (width == 6) pack_along(dst, P, rows, kc, 6);
        else if (width == 12) pack_along(dst, P, rows, kc, 12);
        else if (width == 16) pack_along(dst, P, rows, kc, 16);
        else pack_along(dst, P, rows, kc, 32);
    }
}

/* The blocked path for C (M, W) += A (M, K) B (K, W) when the direct one's operands would not stay
 * in the caches: its three matrices hold more than 1 MB (twice L2), or B's rows lie more than 1 KB
 * apart (a 16-column panel of them would not stay in L1), or A is read down its columns (dw's
 * gradient) with more than 512 of them (each step of the sum then a new cache line, 2 KB on).
 * The training shapes (at most 256 wide, a few hundred rows) stay on the direct path. */
int mm_blocked(int M, int K, int W, int a_down_columns) {
    return (size_t)M * K + (size_t)K * W + (size_t)M * W > 256 * 1024 || W > 256 || (a_down_columns && M > 512);
}

enum { BLOCK_MC = 144, BLOCK_NC = 512, PANEL_FLOATS = 256 * 16 };

/* C (M, W; stride ldc) [m][c] += sum over p = 0..K-1 in order of A(m, p) * B(c, p), one fused
 * multiply-add a step, in the loops of BLIS. The sum runs in blocks of kc (ascending; the partial
 * sums wait in C, so each element keeps the reference order); the columns in blocks of NC, whose B
 * block is packed once into p-major panels of nr columns (kc by nr: 16 KB, which stays in L1 while
 * the rows pass); the rows in blocks of MC, whose A block is copied together (kc by MC floats,
 * 144 KB, which stays in L2 while every panel of B passes): rows that run along p as they are,
 * rows that lie side by side (dw's gradient, read down its columns) into p-major panels of mr rows.
 * Each tile first asks for the next tile's C rows, which sit far apart in memory. Returns -1
 * (nothing done) if the packing buffer cannot be had. */
static int blocked_product(mm_panel32_fn *p32, int M, int W, int K, float *C, int ldc, strided A, strided B) {
    int nr = p32 ? 32 : 16, mr = p32 ? 12 : 6, kc_max = PANEL_FLOATS / nr;
    float *apack = aligned_alloc(64, sizeof(float) * (size_t)kc_max * (BLOCK_MC + BLOCK_NC));
    if (!apack) return -1;
    float *bpack = apack + (size_t)kc_max * BLOCK_MC;
    for (int j0 = 0; j0 < W; j0 += BLOCK_NC) {
        int nc = W - j0 < BLOCK_NC ? W - j0 : BLOCK_NC;
        for (int p0 = 0; p0 < K; p0 += kc_max) {
            int kc = K - p0 < kc_max ? K - p0 : kc_max;
            pack_panels(bpack, (strided){B.m + (size_t)j0 * B.is + (size_t)p0 * B.ps, B.is, B.ps}, nc, kc, nr);
            for (int i0 = 0; i0 < M; i0 += BLOCK_MC) {
                int mc = M - i0 < BLOCK_MC ? M - i0 : BLOCK_MC;
                const float *a = A.m + (size_t)i0 * A.is + (size_t)p0 * A.ps;
                size_t ars = 1, aps = (size_t)mr; /* the packed block's strides */
                if (A.ps == 1) {
                    for (int i = 0; i < mc; i++) memcpy(apack + (size_t)i * kc, a + (size_t)i * A.is, sizeof(float) * (size_t)kc);
                    ars = (size_t)kc, aps = 1;
                } else
                    pack_panels(apack, (strided){a, A.is, A.ps}, mc, kc, mr);
                for (int j = 0; j < nc; j += nr) {
                    int cols = nc - j < nr ? nc - j : nr;
                    for (int i = 0; i < mc; i += mr) {
                        for (int r = i + mr; r < i + 2 * mr && r < mc; r++) {
                            const float *next = C + (size_t)(i0 + r) * ldc + j0 + j;
                            _mm_prefetch((const char *)next, _MM_HINT_T0);
                            _mm_prefetch((const char *)(next + cols - 1), _MM_HINT_T0);
                        }
                        outer_cols(p32, mc - i < mr ? mc - i : mr, cols, C + (size_t)(i0 + i) * ldc + j0 + j, ldc,
                                   apack + (size_t)i * kc, ars, aps, bpack + (size_t)j * kc, nr, kc);
                    }
                }
            }
        }
    }
    free(apack);
    return 0;
}

/* The direct path (the training shapes): C (M, W) += A (M, K) B (K, W) with B's rows as they are,
 * summed in blocks of 256 so that B's panel (256 by 16 or 32) stays in L1 while every row passes;
 * the partial sums wait in C, the order unchanged. */
static void direct_product(mm_panel32_fn *p32, int M, int W, int K, float *C, int ldc, strided A, const float *B,
                           int ldb) {
    for (int p0 = 0; p0 < K; p0 += 256)
        outer_cols(p32, M, W, C, ldc, A.m + (size_t)p0 * A.ps, A.is, A.ps, B + (size_t)p0 * ldb, ldb,
                   K - p0 < 256 ? K - p0 : 256);
}

/* dx (N, I) += g (N, O) @ w (O, I): C = dx, A = g, B = w, summed over o. */
void mm_dx_with(mm_panel32_fn *p32, float *dx, const float *g, const float *w, int N, int I, int O) {
    strided A = {g, (size_t)O, 1};
    if (!mm_blocked(N, O, I, 0) || blocked_product(p32, N, I, O, dx, I, A, (strided){w, 1, (size_t)I}))
        direct_product(p32, N, I, O, dx, I, A, w, I);
}

/* dw (O, I) += g^T @ x: C = dw, A = g^T (g read down its columns), B = x, summed over n. */
void mm_dw_with(mm_panel32_fn *p32, float *dw, const float *g, const float *x, int N, int I, int O) {
    strided A = {g, 1, (size_t)O};
    if (!mm_blocked(O, N, I, 1) || blocked_product(p32, O, I, N, dw, I, A, (strided){x, 1, (size_t)I}))
        direct_product(p32, O, I, N, dw, I, A, x, I);
}

/* out = x w^T + b for many rows (training): the result starts as the bias and takes the products
 * in order of k. Directly, 16 (or, with p32, 32) outputs' weights at a time are copied, transposed,
 * into a (kb, 16 or 32) panel of 16 KB that stays in L1, and the tiles run over every row. */
void mm_fwd_batch_with(mm_panel32_fn *p32, float *out, int ldo, const float *x, const float *w, const float *b, int N,
                       int K, int O) {
    for (int n = 0; n < N; n++)
        for (int o = 0; o < O; o++) out[(size_t)n * ldo + o] = b ? b[o] : 0.0f;
    strided A = {x, (size_t)K, 1};
    if (mm_blocked(N, K, O, 0) && !blocked_product(p32, N, O, K, out, ldo, A, (strided){w, (size_t)K, 1})) return;
    float panel[256 * 16] __attribute__((aligned(32))); /* (kb, pw) */
    for (int o = 0; o < O;) {
        int pw = p32 && O - o >= 32 ? 32 : 16, cols = O - o < pw ? O - o : pw, kmax = 256 * 16 / pw;
        for (int k0 = 0; k0 < K; k0 += kmax) {
            int kb = K - k0 < kmax ? K - k0 : kmax;
            for (int j = 0; j < pw; j++) {
                const float *wr = w + (size_t)(o + j) * K + k0;
                for (int k = 0; k < kb; k++) panel[k * pw + j] = j < cols ? wr[k] : 0.0f;
            }
            outer_cols(p32, N, cols, out + o, ldo, x + k0, (size_t)K, 1, panel, pw, kb);
        }
        o += pw;
    }
}

/* A set's three training products: the drivers above around its widest panel (NULL: AVX2 only). */
#define TRAINING_PRODUCTS(set, p32)                                                                      \
    static void dx_##set(float *dx, const float *g, const float *w, int N, int I, int O) {               \
        mm_dx_with(p32, dx, g, w, N, I, O);                                                              \
    }                                                                                                    \
    static void dw_##set(float *dw, const float *g, const float *x, int N, int I, int O) {               \
        mm_dw_with(p32, dw, g, x, N, I, O);                                                              \
    }                                                                                                    \
    static void fwd_batch_##set(float *out, int ldo, const float *x, const float *w, const float *b, int N, \
                                int K, int O) {                                                          \
        mm_fwd_batch_with(p32, out, ldo, x, w, b, N, K, O);                                              \
    }

TRAINING_PRODUCTS(avx2, NULL)
const mm_kernels mm_kernels_avx2 = {"avx2+fma", fwd_avx2, fwd_batch_avx2, dx_avx2, dw_avx2};

#ifdef S2S_HAVE_AVX512_KERNELS /* the AVX-512 set: the same drivers around its zmm panel */
TRAINING_PRODUCTS(avx512, mm_panel32_avx512)
const mm_kernels mm_kernels_avx512 = {"avx512", fwd_avx2, fwd_batch_avx512, dx_avx512, dw_avx512};
#endif

#endif
