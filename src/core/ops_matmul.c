/* ops_matmul.c: matmul_forward and matmul_backward (ops.h), the portable kernels, and the choice of
 * kernel set (ops_kernels.h) at load time. */
#include "core/ops.h"
#include "core/ops_kernels.h"

#include <stddef.h>

/* ---- portable kernels: plain C in the sum order of ops_kernels.h ------------------------------- */

static void fwd_portable(float *out, int ldo, const float *x, const float *w, const float *b, int N, int K, int O) {
    int K8 = K & ~7;
    for (int n = 0; n < N; n++) {
        const float *xr = x + (size_t)n * K;
        for (int o = 0; o < O; o++) {
            const float *wr = w + (size_t)o * K;
            float l[8] = {0};
            for (int k = 0; k < K8; k += 8)
                for (int e = 0; e < 8; e++) l[e] += xr[k + e] * wr[k + e];
            float v = ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
            for (int k = K8; k < K; k++) v += xr[k] * wr[k];
            out[(size_t)n * ldo + o] = b ? v + b[o] : v;
        }
    }
}

static void fwd_batch_portable(float *out, int ldo, const float *x, const float *w, const float *b, int N, int K,
                               int O) {
    for (int n = 0; n < N; n++)
        for (int o = 0; o < O; o++) {
            const float *xr = x + (size_t)n * K, *wr = w + (size_t)o * K;
            float v = b ? b[o] : 0.0f;
            for (int k = 0; k < K; k++) v += xr[k] * wr[k];
            out[(size_t)n * ldo + o] = v;
        }
}

static void dx_portable(float *dx, const float *g, const float *w, int N, int I, int O) {
    for (int n = 0; n < N; n++) {
        float *d = dx + (size_t)n * I;
        for (int o = 0; o < O; o++) {
            float gv = g[(size_t)n * O + o];
            const float *wr = w + (size_t)o * I;
            for (int i = 0; i < I; i++) d[i] += gv * wr[i];
        }
    }
}

static void dw_portable(float *dw, const float *g, const float *x, int N, int I, int O) {
    for (int n = 0; n < N; n++) {
        const float *xr = x + (size_t)n * I;
        for (int o = 0; o < O; o++) {
            float gv = g[(size_t)n * O + o];
            float *d = dw + (size_t)o * I;
            for (int i = 0; i < I; i++) d[i] += gv * xr[i];
        }
    }
}

const mm_kernels mm_kernels_portable = {"portable", fwd_portable, fwd_batch_portable, dx_portable, dw_portable};

/* ---- the choice: an ifunc resolver runs once, when the program is loaded ------------------------ */

/* The resolver and what it calls run before the sanitizers' runtime is up: not instrumented. */
#if defined(__GNUC__) && !defined(__clang__)
#define NOT_SANITIZED __attribute__((no_sanitize_address, no_sanitize_undefined))
#else
#define NOT_SANITIZED /* clang (the fuzz build): no resolver */
#endif

/* The widest set this build has for a CPU's features. */
typedef enum { MM_PORTABLE, MM_AVX2, MM_AVX512 } mm_level;
NOT_SANITIZED static mm_level level_for(int avx512f, int avx2, int fma) {
#ifdef S2S_HAVE_AVX512_KERNELS
    if (avx512f && avx2 && fma) return MM_AVX512;
#endif
#ifdef S2S_HAVE_AVX2_KERNELS
    if (avx2 && fma) return MM_AVX2;
#endif
    (void)avx512f, (void)avx2, (void)fma;
    return MM_PORTABLE;
}

static const mm_kernels *active_portable(void) { return &mm_kernels_portable; }
#ifdef S2S_HAVE_AVX2_KERNELS
static const mm_kernels *active_avx2(void) { return &mm_kernels_avx2; }
static const mm_kernels *active_avx512(void) { return &mm_kernels_avx512; }
#endif
typedef const mm_kernels *active_fn(void);
NOT_SANITIZED static active_fn *active_for(mm_level level) {
    switch (level) {
#ifdef S2S_HAVE_AVX2_KERNELS
    case MM_AVX512: return active_avx512;
    case MM_AVX2: return active_avx2;
#endif
    default: return active_portable;
    }
}

const mm_kernels *mm_kernels_for(int avx512f, int avx2, int fma) { return active_for(level_for(avx512f, avx2, fma))(); }

#if defined(S2S_HAVE_AVX2_KERNELS) && defined(__ELF__) && !defined(__clang__)
/* Runs while the program is being relocated. __builtin_cpu_supports("avx512f") also checks that the
 * OS saves the zmm registers (XCR0). */
NOT_SANITIZED static active_fn *resolve_active(void) {
    __builtin_cpu_init(); /* the resolver runs before constructors */
    return active_for(level_for(__builtin_cpu_supports("avx512f"), __builtin_cpu_supports("avx2"),
                                __builtin_cpu_supports("fma")));
}
const mm_kernels *mm_kernels_active(void) __attribute__((ifunc("resolve_active")));
#else
const mm_kernels *mm_kernels_active(void) { return &mm_kernels_portable; }
#endif

/* ---- the operations ---------------------------------------------------------------------------- */

void matmul_forward(float *out, const float *inp, const float *w, const float *b, int N, int I, int O) {
    mm_kernels_active()->fwd_batch(out, O, inp, w, b, N, I, O);
}

void matmul_forward_stream(float *out, int ldo, const float *inp, const float *w, const float *b, int N, int I,
                           int O) {
    mm_kernels_active()->fwd(out, ldo, inp, w, b, N, I, O);
}

S2S_VECTOR_CLONES /* the bias gradient's loop */
void matmul_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp, const float *w,
                     int N, int I, int O) {
    const mm_kernels *k = mm_kernels_active();
    if (dinp) k->dx(dinp, dout, w, N, I, O);
    if (dw) k->dw(dw, dout, inp, N, I, O);
    if (db)
        for (int n = 0; n < N; n++)
            for (int o = 0; o < O; o++) db[o] += dout[(size_t)n * O + o];
}

const char *matmul_kernels_name(void) { return mm_kernels_active()->name; }
