/* ops_attn.c: batched multi-head attention with padding and causal masks, forward and backward
 * (training; the inference forward with its key/value cache and trace is in forward.c). */
#include <math.h>
#include <stdlib.h>

#include "core/ops.h"
#include "core/ops_kernels.h"
#include "core/vocab.h"

/* One head's keys (or values), transposed: kt (Dh, Tk) from the rows k (Tk, ldk). */
static void transpose_head(float *kt, const float *k, int ldk, int Tk, int Dh) {
    for (int j = 0; j < Tk; j++)
        for (int e = 0; e < Dh; e++) kt[(size_t)e * Tk + j] = k[(size_t)j * ldk + e];
}

/* s[j] = qi . k_j for every key, from the transposed keys: vectorized across the keys, while each
 * dot product still adds its Dh products in order (the same sums as one dot product at a time). */
static inline void dots_all_keys(float *s, const float *qi, const float *kt, int Dh, int Tk) {
    for (int j = 0; j < Tk; j++) s[j] = 0.0f;
    for (int e = 0; e < Dh; e++) {
        float qe = qi[e];
        const float *row = kt + (size_t)e * Tk;
        for (int j = 0; j < Tk; j++) s[j] += qe * row[j];
    }
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
                if (kt) dots_all_keys(si, qi, kt, Dh, Tk);
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
                float *o = cat + ((size_t)b * Tq + i) * D + h * Dh;
                for (int e = 0; e < Dh; e++) o[e] = 0.0f;
                for (int j = 0; j < Tk; j++) {
                    float w = A[(size_t)i * Tk + j];
                    if (w == 0.0f) continue;
                    const float *vj = v + ((size_t)b * Tk + j) * ldk + h * Dh;
                    for (int e = 0; e < Dh; e++) o[e] += w * vj[e];
                }
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
                if (vt) dots_all_keys(gatt + (size_t)i * Tk, go, vt, Dh, Tk);
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
