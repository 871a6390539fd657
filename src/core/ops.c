/* ops.c: forward (and backward) of the model's element-wise operations (matmul is in ops_matmul.c).
 * No -ffast-math: every sum runs in index order, so a row's result never depends on how many rows
 * were computed with it (cached decoding equals recomputation). */
#include "core/ops.h"
#include "core/ops_kernels.h"

#include <math.h>
#include <string.h>

/* ---- layernorm --------------------------------------------------------------------------------- */

S2S_VECTOR_CLONES
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

S2S_VECTOR_CLONES
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

S2S_VECTOR_CLONES
void relu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = inp[i] > 0.0f ? inp[i] : 0.0f;
}

S2S_VECTOR_CLONES
void relu_backward(float *dinp, const float *dout, const float *out, size_t n) {
    for (size_t i = 0; i < n; i++) dinp[i] += out[i] > 0.0f ? dout[i] : 0.0f;
}

S2S_VECTOR_CLONES
float softmax_row(float *out, const float *in, int C) {
    float mx = -INFINITY;
    for (int c = 0; c < C; c++)
        if (in[c] > mx) mx = in[c];
    if (mx == -INFINITY) { /* every entry masked */
        memset(out, 0, sizeof(float) * (size_t)C);
        return -INFINITY;
    }
    float sum = 0.0f;
    for (int c = 0; c < C; c++) {
        out[c] = expf(in[c] - mx);
        sum += out[c];
    }
    float inv = 1.0f / sum;
    for (int c = 0; c < C; c++) out[c] *= inv;
    return mx + logf(sum);
}

void softmax_rows(float *x, int N, int C) {
    for (int n = 0; n < N; n++) softmax_row(x + (size_t)n * C, x + (size_t)n * C, C);
}

S2S_VECTOR_CLONES
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

S2S_VECTOR_CLONES
void embed_forward(float *out, const int *ids, const float *table, const float *pe, int N, int D) {
    float scale = sqrtf((float)D);
    for (int n = 0; n < N; n++) {
        float *y = out + (size_t)n * D;
        const float *e = table + (size_t)ids[n] * D, *p = pe + (size_t)n * D;
        for (int c = 0; c < D; c++) y[c] = e[c] * scale + p[c];
    }
}

S2S_VECTOR_CLONES
void embed_backward(float *dtable, const float *dout, const int *ids, int N, int D) {
    float scale = sqrtf((float)D);
    for (int n = 0; n < N; n++) {
        float *d = dtable + (size_t)ids[n] * D;
        const float *g = dout + (size_t)n * D;
        for (int c = 0; c < D; c++) d[c] += g[c] * scale;
    }
}
