/* ops_attn.c: batched multi-head attention with padding and causal masks, forward and backward
 * (training; the inference forward with its key/value cache and trace is in forward.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ops.h"
#include "core/ops_kernels.h"
#include "core/ops_v8.h"
#include "core/vocab.h"

/* o (Dh) = sum over the keys j of a[j] * v_j (rows of stride ldv), skipping zero weights (masked keys). */
static inline void mix_values(float *o, const float *a, const float *v, int ldv, int Tk, int Dh) {
    for (int e = 0; e < Dh; e++) o[e] = 0.0f;
    for (int j = 0; j < Tk; j++) {
        float w = a[j];
        if (w == 0.0f) continue;
        const float *vj = v + (size_t)j * ldv;
        for (int e = 0; e < Dh; e++) o[e] += w * vj[e];
    }
}

/* ---- one query of the inference forward (forward.c): blocks of 8 keys or 8 features in registers --- */

#define V8_LOAD(v, p) memcpy(&(v), (p), sizeof(v8)) /* unaligned */

/* Each score is 0 + q0 k0 + q1 k1 + ... in order (the training's order, dots_strided), for 8 keys at
 * once; the last block reads kt's rows up to the next multiple of 8 keys and stores only Tk. */
S2S_VECTOR_CLONES
void attn_dots(float *s, const float *q, const float *kt, int ldkt, int Dh, int Tk) {
    for (int j = 0; j < Tk; j += 8) {
        v8 acc = {0};
        for (int e = 0; e < Dh; e++) {
            v8 k;
            V8_LOAD(k, kt + (size_t)e * ldkt + j);
            acc += q[e] * k;
        }
        memcpy(s + j, &acc, sizeof(float) * (size_t)(Tk - j < 8 ? Tk - j : 8));
    }
}

/* Each o[e] is 0 + a_j v_j[e] over the keys in order, zero weights skipped (mix_values' order), 8
 * features at a time in a register. */
S2S_VECTOR_CLONES
void attn_mix(float *o, const float *a, const float *v, int ldv, int Tk, int Dh) {
    int e = 0;
    for (; e + 8 <= Dh; e += 8) {
        v8 acc = {0};
        for (int j = 0; j < Tk; j++) {
            if (a[j] == 0.0f) continue;
            v8 vj;
            V8_LOAD(vj, v + (size_t)j * ldv + e);
            acc += a[j] * vj;
        }
        memcpy(o + e, &acc, sizeof acc);
    }
    if (e < Dh) mix_values(o + e, a, v + e, ldv, Tk, Dh - e);
}

/* ---- the training attention: one (sequence, head) at a time, in zero-padded tiles -------------- */

/* Features and keys are padded to multiples of 8 (the zeros add nothing), so every product below runs
 * over whole vectors of 8, whatever Dh and Tk are. Each sum is one chain of additions in a fixed
 * order; the kernels work on GROUP rows at once so that the core overlaps GROUP chains (one chain of
 * dependent additions leaves the adder idle most of the time). */
#define GROUP 4

static int round8(int n) { return (n + 7) & ~7; }

size_t attention_scratch_floats(int Tq, int Tk, int D, int H) {
    size_t Dh8 = (size_t)round8(D / H), Tk8 = (size_t)round8(Tk);
    /* the backward's q, go (Tq, Dh8), k (Tk, Dh8), vt (Dh8, Tk8), ds (Tq, Tk8); the forward's kt
     * (Dh8, Tk8), v (Tk, Dh8), scores (Tq, Tk8) and key mask (Tk8) fit in that plus one row */
    return 2 * (size_t)Tq * Dh8 + (size_t)Tk * Dh8 + Dh8 * Tk8 + (size_t)Tq * Tk8 + Tk8;
}

/* rows (n, Dh8) = the Dh features of n rows of stride ld, zero-padded. */
static inline __attribute__((always_inline)) void copy_rows(float *rows, const float *x, int ld, int n, int Dh, int Dh8) {
    for (int r = 0; r < n; r++)
        for (int e = 0; e < Dh8; e += 8) {
            v8 t;
            v8_load_part(&t, x + (size_t)r * ld + e, Dh - e < 8 ? Dh - e : 8, 0.0f, Dh >= 8);
            memcpy(rows + (size_t)r * Dh8 + e, &t, sizeof t);
        }
}

/* t (Dh8, Tk8) = the transpose of Tk rows of stride ld (Dh features), zero-padded. */
static inline __attribute__((always_inline)) void transpose_rows(float *t, const float *x, int ld, int Tk, int Tk8, int Dh, int Dh8) {
    memset(t, 0, sizeof(float) * (size_t)Dh8 * Tk8);
    for (int j = 0; j < Tk; j++)
        for (int e = 0; e < Dh; e++) t[(size_t)e * Tk8 + j] = x[(size_t)j * ld + e];
}

/* For R rows r: s_r (Tk8, rows of s Tk8 apart) [j] = 0 + x_r[0] t[0][j] + x_r[1] t[1][j] + ... over
 * the Dh features in order (the sums of one dot product at a time). x_r = x + r * ldx. */
static inline __attribute__((always_inline)) void dots_rows(float *s, const float *x, size_t ldx, const float *t,
                                                            int Tk8, int Dh, int R) {
    for (int j = 0; j < Tk8; j += 8) {
        v8 acc[GROUP];
        for (int r = 0; r < R; r++) acc[r] = (v8){0};
        for (int e = 0; e < Dh; e++) {
            v8 tv;
            memcpy(&tv, t + (size_t)e * Tk8 + j, sizeof tv);
            for (int r = 0; r < R; r++) acc[r] += x[r * ldx + e] * tv;
        }
        for (int r = 0; r < R; r++) memcpy(s + (size_t)r * Tk8 + j, &acc[r], sizeof(v8));
    }
}

/* dots_rows over m rows: GROUP at a time, then the rest one by one. */
static inline __attribute__((always_inline)) void dots_all(int m, float *s, const float *x, size_t ldx, const float *t,
                                                           int Tk8, int Dh) {
    int r = 0;
    for (; r + GROUP <= m; r += GROUP) dots_rows(s + (size_t)r * Tk8, x + r * ldx, ldx, t, Tk8, Dh, GROUP);
    for (; r < m; r++) dots_rows(s + (size_t)r * Tk8, x + r * ldx, 0, t, Tk8, Dh, 1);
}

/* For R rows r: o_r (Dh features, at o + r * ldo) = 0 + sum over j < n in order of
 * a[r * ar + j * aj] * rows_j, rows (n, Dh8). A zero weight (a masked key) adds an exact zero. */
static inline __attribute__((always_inline)) void mix_rows(float *o, size_t ldo, const float *a, size_t ar, size_t aj,
                                                           const float *rows, int n, int Dh, int Dh8, int R) {
    for (int e = 0; e < Dh8; e += 8) {
        v8 acc[GROUP];
        for (int r = 0; r < R; r++) acc[r] = (v8){0};
        for (int j = 0; j < n; j++) {
            v8 rv;
            memcpy(&rv, rows + (size_t)j * Dh8 + e, sizeof rv);
            for (int r = 0; r < R; r++) acc[r] += a[r * ar + j * aj] * rv;
        }
        for (int r = 0; r < R; r++) v8_store_part(o + r * ldo + e, &acc[r], Dh - e < 8 ? Dh - e : 8);
    }
}

/* mix_rows over m rows: GROUP at a time, then the rest one by one. */
static inline __attribute__((always_inline)) void mix_all(int m, float *o, size_t ldo, const float *a, size_t ar, size_t aj, const float *rows, int n,
                    int Dh, int Dh8) {
    int r = 0;
    for (; r + GROUP <= m; r += GROUP) mix_rows(o + r * ldo, ldo, a + r * ar, ar, aj, rows, n, Dh, Dh8, GROUP);
    for (; r < m; r++) mix_rows(o + r * ldo, ldo, a + r * ar, ar, aj, rows, n, Dh, Dh8, 1);
}

/* Multi-head attention of B sequences: Tq queries over Tk keys each.
 *   cat (B*Tq, D) = concat_h softmax(mask(Q_h K_h^T / sqrt(Dh))) V_h;  att (B, H, Tq, Tk) keeps the weights.
 *   q rows have stride ldq, k and v rows ldk (they may be slices of a fused QKV or KV matrix).
 *   kid (B, Tk) key ids: a key whose id is 0 (padding) is masked; causal: key j > query i masked.
 * Each score adds its Dh products in order and each output its keys in order, as attn_dots and
 * attn_mix do for one query; the softmax is the trainer's (softmax_rows8). */
S2S_VECTOR_CLONES
void attention_forward(float *cat, float *att, const float *q, int ldq, const float *k, const float *v, int ldk,
                       const int *kid, int causal, int B, int Tq, int Tk, int H, int D, float *scratch) {
    int Dh = D / H, Dh8 = round8(Dh), Tk8 = round8(Tk);
    float scale = 1.0f / sqrtf((float)Dh);
    float *kt = scratch;                     /* (Dh8, Tk8) one head's keys, transposed */
    float *vr = kt + (size_t)Dh8 * Tk8;      /* (Tk, Dh8) its values */
    float *s = vr + (size_t)Tk * Dh8;        /* (Tq, Tk8) the scores */
    float *kmask = s + (size_t)Tq * Tk8;     /* (Tk8) 0 for a key, -inf for padding (and past Tk) */
    const v8i lane = {0, 1, 2, 3, 4, 5, 6, 7};
    const v8 mk_inf = (v8){0} - INFINITY;
    for (int b = 0; b < B; b++) {
        const int *ids = kid + (size_t)b * Tk;
        for (int j = 0; j < Tk8; j++) kmask[j] = j < Tk && ids[j] != S2S_PAD ? 0.0f : -INFINITY;
        for (int h = 0; h < H; h++) {
            float *A = att + ((size_t)b * H + h) * Tq * Tk; /* (Tq, Tk) */
            const float *qh = q + (size_t)b * Tq * ldq + h * Dh;
            transpose_rows(kt, k + (size_t)b * Tk * ldk + h * Dh, ldk, Tk, Tk8, Dh, Dh8);
            copy_rows(vr, v + (size_t)b * Tk * ldk + h * Dh, ldk, Tk, Dh, Dh8);
            dots_all(Tq, s, qh, (size_t)ldq, kt, Tk8, Dh);
            for (int i = 0; i < Tq; i++) {
                float *si = s + (size_t)i * Tk8;
                for (int j = 0; j < Tk8; j += 8) { /* scale, then -inf where masked */
                    v8 x, mk;
                    memcpy(&x, si + j, sizeof x);
                    memcpy(&mk, kmask + j, sizeof mk);
                    v8i late = causal ? lane + j > i : (v8i){0};
                    x = x * scale + mk;
                    x = (v8)(((v8i)x & ~late) | ((v8i)mk_inf & late));
                    memcpy(si + j, &x, sizeof x);
                }
            }
            softmax_rows8(A, Tk, s, Tk8, Tq, Tk, NULL);
            mix_all(Tq, cat + (size_t)b * Tq * D + h * Dh, (size_t)D, A, (size_t)Tk, 1, vr, Tk, Dh, Dh8);
        }
    }
}

/* Backward of attention_forward: gq, gk, gv (same strides as q, k, v) = the gradients from gcat
 * (B*Tq, D), stored (every element is written). With P = att, dO = gcat of one head:
 *   dP = dO V^T;  dS = P * (dP - rowsum(P * dP)) / sqrt(Dh);  dQ = dS K;  dK = dS^T Q;  dV = P^T dO. */
S2S_VECTOR_CLONES
void attention_backward(float *gq, int ldq, float *gk, float *gv, int ldk, const float *gcat, const float *att,
                        const float *q, const float *k, const float *v, int B, int Tq, int Tk, int H, int D,
                        float *scratch) {
    int Dh = D / H, Dh8 = round8(Dh), Tk8 = round8(Tk);
    float scale = 1.0f / sqrtf((float)Dh);
    float *qr = scratch;                     /* (Tq, Dh8) one head's queries */
    float *gor = qr + (size_t)Tq * Dh8;      /* (Tq, Dh8) its output gradients */
    float *kr = gor + (size_t)Tq * Dh8;      /* (Tk, Dh8) its keys */
    float *vt = kr + (size_t)Tk * Dh8;       /* (Dh8, Tk8) its values, transposed */
    float *ds = vt + (size_t)Dh8 * Tk8;      /* (Tq, Tk8) the scores' gradient */
    for (int b = 0; b < B; b++)
        for (int h = 0; h < H; h++) {
            const float *A = att + ((size_t)b * H + h) * Tq * Tk;
            size_t qo = (size_t)b * Tq, ko = (size_t)b * Tk;
            copy_rows(qr, q + qo * ldq + h * Dh, ldq, Tq, Dh, Dh8);
            copy_rows(gor, gcat + qo * D + h * Dh, D, Tq, Dh, Dh8);
            copy_rows(kr, k + ko * ldk + h * Dh, ldk, Tk, Dh, Dh8);
            transpose_rows(vt, v + ko * ldk + h * Dh, ldk, Tk, Tk8, Dh, Dh8);
            dots_all(Tq, ds, gor, (size_t)Dh8, vt, Tk8, Dh); /* dP */
            for (int i = 0; i < Tq; i++) { /* dS */
                float *dsi = ds + (size_t)i * Tk8;
                const float *ai = A + (size_t)i * Tk;
                float dot = 0.0f;
                for (int j = 0; j < Tk; j++) dot += ai[j] * dsi[j];
                for (int j = 0; j < Tk; j++) dsi[j] = ai[j] * (dsi[j] - dot) * scale;
            }
            mix_all(Tq, gq + qo * ldq + h * Dh, (size_t)ldq, ds, (size_t)Tk8, 1, kr, Tk, Dh, Dh8);    /* dQ */
            mix_all(Tk, gk + ko * ldk + h * Dh, (size_t)ldk, ds, 1, (size_t)Tk8, qr, Tq, Dh, Dh8);    /* dK */
            mix_all(Tk, gv + ko * ldk + h * Dh, (size_t)ldk, A, 1, (size_t)Tk, gor, Tq, Dh, Dh8);     /* dV */
        }
}
