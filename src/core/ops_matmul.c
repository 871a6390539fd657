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

#if defined(S2S_HAVE_AVX2_KERNELS) && defined(__ELF__) && !defined(__clang__)
static const mm_kernels *active_avx2(void) { return &mm_kernels_avx2; }
static const mm_kernels *active_portable(void) { return &mm_kernels_portable; }
typedef const mm_kernels *active_fn(void);
/* Runs while the program is being relocated, before the sanitizers' runtime is up: not instrumented. */
__attribute__((no_sanitize_address, no_sanitize_undefined)) static active_fn *resolve_active(void) {
    __builtin_cpu_init(); /* the resolver runs before constructors */
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? active_avx2 : active_portable;
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
