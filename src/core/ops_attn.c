/* ops_attn.c: batched multi-head attention with padding and causal masks, forward and backward
 * (training; the inference forward with its key/value cache and trace is in forward.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ops.h"
#include "core/ops_kernels.h"
#include "core/vocab.h"

/* One head's keys (or values), transposed: kt (Dh, Tk) from the rows k (Tk, ldk). */
static void transpose_head(float *kt, const float *k, int ldk, int Tk, int Dh) {
    for (int j = 0; j < Tk; j++)
        for (int e = 0; e < Dh; e++) kt[(size_t)e * Tk + j] = k[(size_t)j * ldk + e];
}

/* s[j] = qi . k_j for every key, from the transposed keys (rows of stride ldkt): vectorized across
 * the keys, while each dot product still adds its Dh products in order (the same sums as one dot
 * product at a time). */
static inline void dots_strided(float *s, const float *qi, const float *kt, int ldkt, int Dh, int Tk) {
    for (int j = 0; j < Tk; j++) s[j] = 0.0f;
    for (int e = 0; e < Dh; e++) {
        float qe = qi[e];
        const float *row = kt + (size_t)e * ldkt;
        for (int j = 0; j < Tk; j++) s[j] += qe * row[j];
    }
}

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

typedef float v8 __attribute__((vector_size(32)));

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

/* Multi-head attention of B sequences: Tq queries over Tk keys each.
 *   cat (B*Tq, D) = concat_h softmax(mask(Q_h K_h^T / sqrt(Dh))) V_h;  att (B, H, Tq, Tk) keeps the weights.
 *   q rows have stride ldq, k and v rows ldk (they may be slices of a fused QKV or KV matrix).
 *   kid (B, Tk) key ids: a key whose id is 0 (padding) is masked; causal: key j > query i masked. */
S2S_VECTOR_CLONES
void attention_forward(float *cat, float *att, const float *q, int ldq, const float *k, const float *v, int ldk,
                       const int *kid, int causal, int B, int Tq, int Tk, int H, int D) {
    int Dh = D / H;
    float scale = 1.0f / sqrtf((float)Dh);
    float *kt = malloc(sizeof(float) * (size_t)Dh * Tk); /* (Dh, Tk) one head's keys, transposed */
    for (int b = 0; b < B; b++)
        for (int h = 0; h < H; h++) {
            float *A = att + ((size_t)b * H + h) * Tq * Tk; /* (Tq, Tk) */
            if (kt) transpose_head(kt, k + (size_t)b * Tk * ldk + h * Dh, ldk, Tk, Dh);
            for (int i = 0; i < Tq; i++) {
                const float *qi = q + ((size_t)b * Tq + i) * ldq + h * Dh;
                float *si = A + (size_t)i * Tk;
                if (kt) dots_strided(si, qi, kt, Tk, Dh, Tk);
                for (int j = 0; j < Tk; j++) {
                    if (kid[(size_t)b * Tk + j] == S2S_PAD || (causal && j > i)) {
                        si[j] = -INFINITY;
                        continue;
                    }
                    float d = 0.0f;
                    if (kt) d = si[j];
                    else { /* no memory for the transposed keys: the same sums, one at a time */
                        const float *kj = k + ((size_t)b * Tk + j) * ldk + h * Dh;
                        for (int e = 0; e < Dh; e++) d += qi[e] * kj[e];
                    }
                    si[j] = d * scale;
                }
            }
            softmax_rows(A, Tq, Tk);
            for (int i = 0; i < Tq; i++) {
                mix_values(cat + ((size_t)b * Tq + i) * D + h * Dh, A + (size_t)i * Tk, v + (size_t)b * Tk * ldk + h * Dh,
                           ldk, Tk, Dh);
            }
        }
    free(kt);
}

/* Backward of mha_forward: gq, gk, gv (same strides as q, k, v) += from gcat (B*Tq, D).
 * gatt (Tq, Tk) is scratch. */
S2S_VECTOR_CLONES
void attention_backward(float *gq, int ldq, float *gk, float *gv, int ldk, float *gatt, const float *gcat,
                        const float *att, const float *q, const float *k, const float *v, int B, int Tq, int Tk,
                        int H, int D) {
    int Dh = D / H;
    float scale = 1.0f / sqrtf((float)Dh);
    float *vt = malloc(sizeof(float) * (size_t)Dh * Tk); /* (Dh, Tk) one head's values, transposed */
    for (int b = 0; b < B; b++)
        for (int h = 0; h < H; h++) {
            const float *A = att + ((size_t)b * H + h) * Tq * Tk;
            if (vt) transpose_head(vt, v + (size_t)b * Tk * ldk + h * Dh, ldk, Tk, Dh);
            /* gatt = gcat_h V_h^T; gV_h += A^T gcat_h */
            for (int i = 0; i < Tq; i++) {
                const float *go = gcat + ((size_t)b * Tq + i) * D + h * Dh;
                if (vt) dots_strided(gatt + (size_t)i * Tk, go, vt, Tk, Dh, Tk);
                for (int j = 0; j < Tk; j++) {
                    const float *vj = v + ((size_t)b * Tk + j) * ldk + h * Dh;
                    float *restrict gvj = gv + ((size_t)b * Tk + j) * ldk + h * Dh;
                    const float *restrict goi = go;
                    float w = A[(size_t)i * Tk + j], d = 0.0f;
                    for (int e = 0; e < Dh; e++) gvj[e] += w * goi[e];
                    if (!vt)
                        for (int e = 0; e < Dh; e++) d += go[e] * vj[e];
                    if (!vt) gatt[(size_t)i * Tk + j] = d;
                }
            }
            /* softmax backward, then the scaled dot products */
            for (int i = 0; i < Tq; i++) {
                const float *Ai = A + (size_t)i * Tk;
                float *Gi = gatt + (size_t)i * Tk;
                float dot = 0.0f;
                for (int j = 0; j < Tk; j++) dot += Ai[j] * Gi[j];
                const float *qi = q + ((size_t)b * Tq + i) * ldq + h * Dh;
                float *gqi = gq + ((size_t)b * Tq + i) * ldq + h * Dh;
                for (int j = 0; j < Tk; j++) {
                    float gsc = Ai[j] * (Gi[j] - dot) * scale;
                    if (gsc == 0.0f) continue;
                    /* four distinct rows (gq and gk are other columns of one array): restrict */
                    const float *restrict kj = k + ((size_t)b * Tk + j) * ldk + h * Dh, *restrict qr = qi;
                    float *restrict gkj = gk + ((size_t)b * Tk + j) * ldk + h * Dh, *restrict gqr = gqi;
                    for (int e = 0; e < Dh; e++) {
                        gqr[e] += gsc * kj[e];
                        gkj[e] += gsc * qr[e];
                    }
                }
            }
        }
    free(vt);
}
