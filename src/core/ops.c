/* ops.c: forward (and backward) of the model's element-wise operations (matmul is in ops_matmul.c).
 * No -ffast-math: every sum runs in index order, so a row's result never depends on how many rows
 * were computed with it (cached decoding equals recomputation). */
#include "core/ops.h"
#include "core/ops_kernels.h"
#include "core/ops_v8.h"

#include <math.h>
#include <string.h>

/* ---- layernorm --------------------------------------------------------------------------------- */

/* Rows go R at a time: each row's sums still run over its features in index order (the bits of one
 * row at a time), but the R rows' sums are independent chains that the core overlaps; one row alone
 * is a chain of C dependent additions, which left the adder idle most of the time. */
#define LN_ROWS 8

static inline __attribute__((always_inline)) void layernorm_rows(float *out, float *mean, float *rstd,
                                                                 const float *inp, const float *w, const float *b,
                                                                 int R, int C) {
    float m[LN_ROWS], v[LN_ROWS], s[LN_ROWS];
    for (int r = 0; r < R; r++) m[r] = 0.0f, v[r] = 0.0f;
    for (int c = 0; c < C; c++)
        for (int r = 0; r < R; r++) m[r] += inp[(size_t)r * C + c];
    for (int r = 0; r < R; r++) m[r] /= (float)C;
    for (int c = 0; c < C; c++)
        for (int r = 0; r < R; r++) {
            float d = inp[(size_t)r * C + c] - m[r];
            v[r] += d * d;
        }
    for (int r = 0; r < R; r++) {
        s[r] = 1.0f / sqrtf(v[r] / (float)C + 1e-5f); /* biased variance, as PyTorch's LayerNorm */
        if (mean) mean[r] = m[r];
        if (rstd) rstd[r] = s[r];
    }
    for (int r = 0; r < R; r++) {
        const float *x = inp + (size_t)r * C;
        float *y = out + (size_t)r * C;
        for (int c = 0; c < C; c++) y[c] = (x[c] - m[r]) * s[r] * w[c] + b[c];
    }
}

S2S_VECTOR_CLONES
void layernorm_forward(float *out, float *mean, float *rstd, const float *inp, const float *w, const float *b,
                       int N, int C) {
    int n = 0;
    for (; n + LN_ROWS <= N; n += LN_ROWS)
        layernorm_rows(out + (size_t)n * C, mean ? mean + n : NULL, rstd ? rstd + n : NULL, inp + (size_t)n * C, w, b,
                       LN_ROWS, C);
    for (; n < N; n++)
        layernorm_rows(out + (size_t)n * C, mean ? mean + n : NULL, rstd ? rstd + n : NULL, inp + (size_t)n * C, w, b,
                       1, C);
}

/* dx = s * (dnorm - mean(dnorm) - xhat * mean(dnorm * xhat)) with dnorm = g * w. The two means are
 * sums in 8 lanes (the backward needs no row-by-row order, only a fixed one: training runs repeat
 * bit for bit); dw and db take the rows in order. */
S2S_VECTOR_CLONES
void layernorm_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp, const float *w,
                        const float *mean, const float *rstd, int N, int C) {
    int C8 = C & ~7;
    for (int n = 0; n < N; n++) {
        const float *g = dout + (size_t)n * C, *x = inp + (size_t)n * C;
        float *dx = dinp + (size_t)n * C, m = mean[n], s = rstd[n];
        v8 am = {0}, ax = {0};
        for (int c = 0; c < C8; c += 8) {
            v8 gv, xv, wv;
            memcpy(&gv, g + c, sizeof gv);
            memcpy(&xv, x + c, sizeof xv);
            memcpy(&wv, w + c, sizeof wv);
            v8 dn = gv * wv;
            am += dn;
            ax += dn * ((xv - m) * s);
        }
        float dm = v8_sum(&am), dxm = v8_sum(&ax);
        for (int c = C8; c < C; c++) {
            float dn = g[c] * w[c];
            dm += dn;
            dxm += dn * ((x[c] - m) * s);
        }
        dm /= (float)C;
        dxm /= (float)C;
        int c = 0;
        if (dw && db) /* always in training: 8 features at a time */
            for (; c < C8; c += 8) {
                v8 gv, xv, wv, dwv, dbv;
                memcpy(&gv, g + c, sizeof gv);
                memcpy(&xv, x + c, sizeof xv);
                memcpy(&wv, w + c, sizeof wv);
                memcpy(&dwv, dw + c, sizeof dwv);
                memcpy(&dbv, db + c, sizeof dbv);
                v8 xhat = (xv - m) * s, dxv = s * (gv * wv - dm - xhat * dxm);
                dbv += gv;
                dwv += gv * xhat;
                memcpy(db + c, &dbv, sizeof dbv);
                memcpy(dw + c, &dwv, sizeof dwv);
                memcpy(dx + c, &dxv, sizeof dxv);
            }
        for (; c < C; c++) {
            float xhat = (x[c] - m) * s;
            if (db) db[c] += g[c];
            if (dw) dw[c] += g[c] * xhat;
            dx[c] = s * (g[c] * w[c] - dm - xhat * dxm);
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
    for (size_t i = 0; i < n; i++) dinp[i] = out[i] > 0.0f ? dout[i] : 0.0f;
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

/* exp of 8 floats (Cephes' expf: x = n ln 2 + r, |r| <= ln 2 / 2, a degree-6 polynomial, then 2^n
 * in the exponent bits), within about 2 ulp of expf; below -87 (2^-126), and at -inf, 0. */
static inline void exp8(v8 *xp) {
    const v8 zero = {0};
    v8 x = *xp;
    v8i under = x < zero - 87.0f;
    x = (v8)(((v8i)x & ~under) | ((v8i)(zero - 87.0f) & under));
    v8 t = x * 1.44269504088896341f + 12582912.0f; /* round(x / ln 2) in the low bits (1.5 * 2^23) */
    v8 n = t - 12582912.0f;
    v8 r = x - n * 0.693359375f - n * -2.12194440e-4f;
    v8 p = 1.9875691500e-4f * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    v8i two_n = ((v8i)t - (v8i)(zero + 12582912.0f) + 127) << 23;
    *xp = (v8)((v8i)(p * (v8)two_n) & ~under);
}

/* R rows at once: every phase of a row's softmax (max, exp and sum, normalization) is a short chain
 * of dependent steps; R rows side by side keep the core busy. */
#define SM_ROWS 4

static inline __attribute__((always_inline)) void softmax_group(float *out, int ldo, const float *in, int ldi, int C,
                                                                float *lse, int R) {
    int back = C >= 8;
    float mx[SM_ROWS], inv[SM_ROWS];
    v8 acc[SM_ROWS];
    for (int r = 0; r < R; r++) {
        v8 mv = {0};
        mv -= INFINITY;
        for (int c = 0; c < C; c += 8) {
            v8 x;
            v8_load_part(&x, in + (size_t)r * ldi + c, C - c < 8 ? C - c : 8, -INFINITY, back);
            v8i gt = x > mv;
            mv = (v8)(((v8i)x & gt) | ((v8i)mv & ~gt));
        }
        float m = mv[0];
        for (int l = 1; l < 8; l++) m = mv[l] > m ? mv[l] : m;
        mx[r] = m == -INFINITY ? 0.0f : m; /* every entry masked: the exps are all 0 */
        acc[r] = (v8){0};
    }
    for (int c = 0; c < C; c += 8) {
        int n = C - c < 8 ? C - c : 8;
        for (int r = 0; r < R; r++) {
            v8 e;
            v8_load_part(&e, in + (size_t)r * ldi + c, n, -INFINITY, back); /* the lanes past C: exp gives 0 */
            e -= mx[r];
            exp8(&e);
            acc[r] += e;
            v8_store_part(out + (size_t)r * ldo + c, &e, n);
        }
    }
    for (int r = 0; r < R; r++) {
        float sum = v8_sum(&acc[r]);
        inv[r] = sum > 0.0f ? 1.0f / sum : 0.0f;
        if (lse) lse[r] = sum > 0.0f ? mx[r] + logf(sum) : -INFINITY;
    }
    for (int c = 0; c < C; c += 8) {
        int n = C - c < 8 ? C - c : 8;
        for (int r = 0; r < R; r++) {
            v8 e;
            v8_load_part(&e, out + (size_t)r * ldo + c, n, 0.0f, back);
            e *= inv[r];
            v8_store_part(out + (size_t)r * ldo + c, &e, n);
        }
    }
}

S2S_VECTOR_CLONES
void softmax_rows8(float *out, int ldo, const float *in, int ldi, int N, int C, float *lse) {
    int n = 0;
    for (; n + SM_ROWS <= N; n += SM_ROWS)
        softmax_group(out + (size_t)n * ldo, ldo, in + (size_t)n * ldi, ldi, C, lse ? lse + n : NULL, SM_ROWS);
    for (; n < N; n++) softmax_group(out + (size_t)n * ldo, ldo, in + (size_t)n * ldi, ldi, C, lse ? lse + n : NULL, 1);
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
