/* ops.c: forward (and backward) of the model's operations. The inner loops are written so that GCC
 * vectorizes them at -O3 without -ffast-math: dot products keep 8 independent partial sums (an
 * explicit vector), so no floating-point reassociation is needed. */
#include "core/ops.h"

#include <math.h>
#include <string.h>

/* ---- matmul ------------------------------------------------------------------------------------ */

/* Function multiversioning: an AVX2 clone (chosen at load time on CPUs that have it) and a portable
 * default; the same C, so both give the same sums in the same order. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define S2S_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define S2S_CLONES
#endif

/* A rows-by-4-output tile (rows 1 or 2, a constant after inlining): up to 8 dot products sharing
 * their loads, each with 8 partial sums added in the same order whatever the tile, so a row's result
 * does not depend on how the rows were grouped (cached decoding equals recomputation). */
static inline __attribute__((always_inline)) void tile_4(int rows, float *y0, float *y1, const float *x0,
                                                         const float *x1, const float *w, const float *b, int I,
                                                         int o) {
    float acc[2][4][8] = {{{0}}};
    const float *w0 = w + (size_t)o * I, *w1 = w0 + I, *w2 = w1 + I, *w3 = w2 + I;
    int i = 0;
    for (; i + 8 <= I; i += 8)
        for (int e = 0; e < 8; e++) {
            float a = x0[i + e];
            acc[0][0][e] += a * w0[i + e];
            acc[0][1][e] += a * w1[i + e];
            acc[0][2][e] += a * w2[i + e];
            acc[0][3][e] += a * w3[i + e];
            if (rows == 2) {
                float c = x1[i + e];
                acc[1][0][e] += c * w0[i + e];
                acc[1][1][e] += c * w1[i + e];
                acc[1][2][e] += c * w2[i + e];
                acc[1][3][e] += c * w3[i + e];
            }
        }
    const float *wk[4] = {w0, w1, w2, w3};
    for (int k = 0; k < 4; k++) {
        float bb = b ? b[o + k] : 0.0f;
        for (int r = 0; r < rows; r++) {
            const float *x = r ? x1 : x0, *ac = acc[r][k];
            float t = 0.0f;
            for (int j = i; j < I; j++) t += x[j] * wk[k][j];
            (r ? y1 : y0)[o + k] = bb + t + (((ac[0] + ac[4]) + (ac[1] + ac[5])) + ((ac[2] + ac[6]) + (ac[3] + ac[7])));
        }
    }
}

/* Same sums as tile_4, for one output (the ragged edge of O). */
static inline __attribute__((always_inline)) float dot_tail(const float *x, const float *wr, int I) {
    float acc[8] = {0};
    int i = 0;
    for (; i + 8 <= I; i += 8)
        for (int e = 0; e < 8; e++) acc[e] += x[i + e] * wr[i + e];
    float t = 0.0f;
    for (; i < I; i++) t += x[i] * wr[i];
    return t + (((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])));
}

S2S_CLONES
void matmul_forward(float *out, const float *inp, const float *w, const float *b, int N, int I, int O) {
    /* Blocks of 64 outputs keep their weight rows in cache while all rows pass over them. */
    for (int o0 = 0; o0 < O; o0 += 64) {
        int o1 = o0 + 64 < O ? o0 + 64 : O;
        for (int n = 0; n < N; n += 2) {
            const float *x0 = inp + (size_t)n * I, *x1 = x0 + I;
            float *y0 = out + (size_t)n * O, *y1 = n + 1 < N ? y0 + O : NULL;
            int o = o0;
            if (y1)
                for (; o + 4 <= o1; o += 4) tile_4(2, y0, y1, x0, x1, w, b, I, o);
            else
                for (; o + 4 <= o1; o += 4) tile_4(1, y0, NULL, x0, NULL, w, b, I, o);
            for (; o < o1; o++) {
                float bb = b ? b[o] : 0.0f;
                y0[o] = bb + dot_tail(x0, w + (size_t)o * I, I);
                if (y1) y1[o] = bb + dot_tail(x1, w + (size_t)o * I, I);
            }
        }
    }
}

S2S_CLONES
void matmul_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp, const float *w,
                     int N, int I, int O) {
    /* dinp: each row is a sum of weight rows scaled by that row's output gradients, four at a time
     * so that each pass over the row does four rows' work; blocks of 32 weight rows stay in cache
     * while every row passes over them (the sums stay in the same order: o ascending) */
    if (dinp)
        for (int o0 = 0; o0 < O; o0 += 32) {
            int o1 = o0 + 32 < O ? o0 + 32 : O;
            for (int n = 0; n < N; n++) {
                const float *g = dout + (size_t)n * O;
                float *dx = dinp + (size_t)n * I;
                int o = o0;
                for (; o + 4 <= o1; o += 4) {
                    float g0 = g[o], g1 = g[o + 1], g2 = g[o + 2], g3 = g[o + 3];
                    const float *w0 = w + (size_t)o * I, *w1 = w0 + I, *w2 = w1 + I, *w3 = w2 + I;
                    for (int i = 0; i < I; i++) dx[i] += (g0 * w0[i] + g1 * w1[i]) + (g2 * w2[i] + g3 * w3[i]);
                }
                for (; o < o1; o++) {
                    const float *wr = w + (size_t)o * I;
                    for (int i = 0; i < I; i++) dx[i] += g[o] * wr[i];
                }
            }
        }
    /* dw, db: each weight row gathers over the rows four at a time; blocks of 32 rows of inp stay in
     * cache while every weight row passes over them */
    if (dw || db)
        for (int n0 = 0; n0 < N; n0 += 32) {
            int n1 = n0 + 32 < N ? n0 + 32 : N;
            for (int o = 0; o < O; o++) {
                float *dwr = dw ? dw + (size_t)o * I : NULL;
                float bsum = 0.0f;
                int n = n0;
                for (; n + 4 <= n1; n += 4) {
                    float g0 = dout[(size_t)n * O + o], g1 = dout[(size_t)(n + 1) * O + o];
                    float g2 = dout[(size_t)(n + 2) * O + o], g3 = dout[(size_t)(n + 3) * O + o];
                    bsum += (g0 + g1) + (g2 + g3);
                    if (!dwr || (g0 == 0.0f && g1 == 0.0f && g2 == 0.0f && g3 == 0.0f)) continue;
                    const float *x0 = inp + (size_t)n * I, *x1 = x0 + I, *x2 = x1 + I, *x3 = x2 + I;
                    for (int i = 0; i < I; i++) dwr[i] += (g0 * x0[i] + g1 * x1[i]) + (g2 * x2[i] + g3 * x3[i]);
                }
                for (; n < n1; n++) {
                    float g0 = dout[(size_t)n * O + o];
                    bsum += g0;
                    if (!dwr) continue;
                    const float *x0 = inp + (size_t)n * I;
                    for (int i = 0; i < I; i++) dwr[i] += g0 * x0[i];
                }
                if (db) db[o] += bsum;
            }
        }
}

/* ---- layernorm --------------------------------------------------------------------------------- */

void layernorm_forward(float *out, float *mean, float *rstd, const float *inp, const float *w, const float *b,
                       int N, int C) {
    for (int n = 0; n < N; n++) {
        const float *x = inp + (size_t)n * C;
        float *y = out + (size_t)n * C;
        float m = 0.0f;
        for (int c = 0; c < C; c++) m += x[c];
        m /= (float)C;
        float v = 0.0f;
        for (int c = 0; c < C; c++) v += (x[c] - m) * (x[c] - m);
        v /= (float)C; /* biased variance, as PyTorch's LayerNorm */
        float s = 1.0f / sqrtf(v + 1e-5f);
        for (int c = 0; c < C; c++) y[c] = (x[c] - m) * s * w[c] + b[c];
        if (mean) mean[n] = m;
        if (rstd) rstd[n] = s;
    }
}

void layernorm_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp, const float *w,
                        const float *mean, const float *rstd, int N, int C) {
    for (int n = 0; n < N; n++) {
        const float *g = dout + (size_t)n * C;
        const float *x = inp + (size_t)n * C;
        float *dx = dinp + (size_t)n * C;
        float m = mean[n], s = rstd[n];
        /* dnorm = g * w; dx = s * (dnorm - mean(dnorm) - xhat * mean(dnorm * xhat)) */
        float dnorm_mean = 0.0f, dnorm_xhat_mean = 0.0f;
        for (int c = 0; c < C; c++) {
            float xhat = (x[c] - m) * s;
            float dn = g[c] * w[c];
            dnorm_mean += dn;
            dnorm_xhat_mean += dn * xhat;
        }
        dnorm_mean /= (float)C;
        dnorm_xhat_mean /= (float)C;
        for (int c = 0; c < C; c++) {
            float xhat = (x[c] - m) * s;
            float dn = g[c] * w[c];
            if (db) db[c] += g[c];
            if (dw) dw[c] += g[c] * xhat;
            dx[c] += s * (dn - dnorm_mean - xhat * dnorm_xhat_mean);
        }
    }
}

/* ---- elementwise ------------------------------------------------------------------------------- */

void relu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = inp[i] > 0.0f ? inp[i] : 0.0f;
}

void relu_backward(float *dinp, const float *dout, const float *out, size_t n) {
    for (size_t i = 0; i < n; i++) dinp[i] += out[i] > 0.0f ? dout[i] : 0.0f;
}

void softmax_rows(float *x, int N, int C) {
    for (int n = 0; n < N; n++) {
        float *r = x + (size_t)n * C;
        float mx = -INFINITY;
        for (int c = 0; c < C; c++)
            if (r[c] > mx) mx = r[c];
        if (mx == -INFINITY) { /* every key masked */
            memset(r, 0, sizeof(float) * (size_t)C);
            continue;
        }
        float sum = 0.0f;
        for (int c = 0; c < C; c++) {
            r[c] = expf(r[c] - mx);
            sum += r[c];
        }
        float inv = 1.0f / sum;
        for (int c = 0; c < C; c++) r[c] *= inv;
    }
}

void add_inplace(float *out, const float *a, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] += a[i];
}

/* ---- embeddings -------------------------------------------------------------------------------- */

void positional_encoding(float *out, int pos, int D) {
    for (int i = 0; i < D; i += 2) {
        double div = pow(10000.0, (double)i / (double)D);
        out[i] = (float)sin((double)pos / div);
        if (i + 1 < D) out[i + 1] = (float)cos((double)pos / div);
    }
}

void embed_forward(float *out, const int *ids, const float *table, int N, int D, int pos0) {
    float scale = sqrtf((float)D);
    for (int n = 0; n < N; n++) {
        float *y = out + (size_t)n * D;
        const float *e = table + (size_t)ids[n] * D;
        positional_encoding(y, pos0 + n, D);
        for (int c = 0; c < D; c++) y[c] = e[c] * scale + y[c];
    }
}

void embed_backward(float *dtable, const float *dout, const int *ids, int N, int D) {
    float scale = sqrtf((float)D);
    for (int n = 0; n < N; n++) {
        float *d = dtable + (size_t)ids[n] * D;
        const float *g = dout + (size_t)n * D;
        for (int c = 0; c < D; c++) d[c] += g[c] * scale;
    }
}
