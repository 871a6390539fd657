/* ops.c: forward (and backward) of the model's operations. The inner loops are written so that GCC
 * vectorizes them at -O3 without -ffast-math: dot products keep 8 independent partial sums (an
 * explicit vector), so no floating-point reassociation is needed. */
#include "core/ops.h"

#include <math.h>
#include <string.h>

/* ---- matmul ------------------------------------------------------------------------------------ */

static float dot(const float *a, const float *b, int n) {
    float acc[8] = {0};
    int i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; k++) acc[k] += a[i + k] * b[i + k];
    float s = 0.0f;
    for (; i < n; i++) s += a[i] * b[i];
    return s + ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

void matmul_forward(float *out, const float *inp, const float *w, const float *b, int N, int I, int O) {
    for (int n = 0; n < N; n++) {
        const float *x = inp + (size_t)n * I;
        float *y = out + (size_t)n * O;
        for (int o = 0; o < O; o++) y[o] = (b ? b[o] : 0.0f) + dot(x, w + (size_t)o * I, I);
    }
}

void matmul_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp, const float *w,
                     int N, int I, int O) {
    for (int n = 0; n < N; n++) {
        const float *g = dout + (size_t)n * O;
        const float *x = inp + (size_t)n * I;
        for (int o = 0; o < O; o++) {
            float go = g[o];
            if (go == 0.0f) continue;
            if (dinp) {
                float *dx = dinp + (size_t)n * I;
                const float *wr = w + (size_t)o * I;
                for (int i = 0; i < I; i++) dx[i] += go * wr[i];
            }
            if (dw) {
                float *dwr = dw + (size_t)o * I;
                for (int i = 0; i < I; i++) dwr[i] += go * x[i];
            }
            if (db) db[o] += go;
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
    for (size_t i = 0; i < n; i++)
        if (out[i] > 0.0f) dinp[i] += dout[i];
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
