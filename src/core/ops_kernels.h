/* ops_kernels.h: the matmul kernels behind matmul_forward / matmul_backward (ops.h), in three sets:
 * AVX-512 (ops_matmul_avx512.c), AVX2 + FMA (ops_matmul_avx2.c) and a portable default
 * (ops_matmul.c). The set is chosen once, at load time, from what the CPU has (an ifunc resolver);
 * tests call every set this CPU runs directly. The AVX-512 and AVX2 sets give the same bits.
 *
 * The order of every sum is fixed by the kernel set alone, never by how rows or outputs are grouped
 * into tiles or blocks, nor by the thread that computes them:
 *   fwd: out[n][o] = ((sum over the 8 lanes of acc) + tail) + b[o], where lane l accumulates
 *        x[n][k] * w[o][k] for k = l, l + 8, ... (k < K rounded down to 8) in order, the lanes are
 *        added as ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)), and the tail adds the last
 *        K mod 8 products one by one. So a row's result is the same whether it is computed alone
 *        (cached decoding, one row) or among many (recomputation), and a split of the outputs over
 *        threads changes nothing.
 *   fwd_batch: out[n][o] = b[o] (or 0), then + x[n][k] * w[o][k] for k = 0, 1, ... one by one.
 *        fwd and fwd_batch give slightly different sums: the inference forward uses fwd for every
 *        row it computes, the training forward fwd_batch.
 *   dx, dw: each element is its starting value plus the products in ascending order of the summed
 *        index (o for dx, n for dw), one by one. */
#ifndef S2S_OPS_KERNELS_H
#define S2S_OPS_KERNELS_H

#include <stddef.h>

/* out (N rows, stride ldo) [n][o] = x (N, K) [n] . w (O, K) [o] + b[o]  (b may be NULL). */
typedef void mm_fwd_fn(float *out, int ldo, const float *x, const float *w, const float *b, int N, int K, int O);
/* dx (N, I) += g (N, O) @ w (O, I). */
typedef void mm_dx_fn(float *dx, const float *g, const float *w, int N, int I, int O);
/* dw (O, I) += g^T (O, N) @ x (N, I);  g (N, O). */
typedef void mm_dw_fn(float *dw, const float *g, const float *x, int N, int I, int O);

typedef struct mm_kernels {
    const char *name; /* "avx512", "avx2+fma", "portable" */
    mm_fwd_fn *fwd;       /* dot products, weights read in their layout (inference, decoding) */
    mm_fwd_fn *fwd_batch; /* outer products over a transposed panel (training, many rows) */
    mm_dx_fn *dx;
    mm_dw_fn *dw;
} mm_kernels;

extern const mm_kernels mm_kernels_portable;
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) /* GCC's target pragma; clang (fuzz build): portable */
#define S2S_HAVE_AVX2_KERNELS 1
extern const mm_kernels mm_kernels_avx2;
/* C (R rows, stride ldc) [r][0..32) += sum over p = 0..P-1 in order of A[r * ars + p * aps] *
 * B[p * ldb + 0..32), each step one fused multiply-add: per element the order of the AVX2 set's
 * 16-column tiles, so a set built on a wider panel gives the AVX2 set's bits. */
typedef void mm_panel32_fn(int R, float *C, int ldc, const float *A, size_t ars, size_t aps, const float *B, int ldb,
                           int P);
/* The AVX2 set's training products with a 32-column panel where 32 columns remain (NULL: AVX2 only). */
void mm_fwd_batch_with(mm_panel32_fn *p32, float *out, int ldo, const float *x, const float *w, const float *b, int N,
                       int K, int O);
void mm_dx_with(mm_panel32_fn *p32, float *dx, const float *g, const float *w, int N, int I, int O);
void mm_dw_with(mm_panel32_fn *p32, float *dw, const float *g, const float *x, int N, int I, int O);
/* Whether those products take the blocked path (both operands packed into cache-sized blocks) for
 * C (M, W) += A (M, K) B (K, W): fwd_batch is (N, K, O, 0), dx (N, O, I, 0), dw (O, N, I, 1) (its A,
 * the gradient, read down its columns). */
int mm_blocked(int M, int K, int W, int a_down_columns);
#define S2S_HAVE_AVX512_KERNELS 1
extern const mm_kernels mm_kernels_avx512; /* AVX-512F; the training products on zmm panels */
mm_panel32_fn mm_panel32_avx512;
#endif

/* The set for a CPU with these features (a table, testable on any machine): AVX-512F (with AVX2
 * and FMA), else AVX2 + FMA, else the portable C. */
const mm_kernels *mm_kernels_for(int avx512f, int avx2, int fma);

/* The element-wise passes (layernorm, relu, softmax, attention) are plain C that GCC vectorizes; this
 * makes an x86-64-v3 (AVX2, FMA) clone of each beside the default, chosen at load time. No
 * -ffast-math, so the sums keep their order in both. (Not under the sanitizers: their runtime and
 * ifunc resolvers do not mix.) */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define S2S_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define S2S_VECTOR_CLONES
#endif

/* The set this CPU runs (chosen once). */
const mm_kernels *mm_kernels_active(void);

#endif
