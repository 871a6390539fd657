/* train_model.c: batched forward and backward pass for training, see train_model.h. The backward
 * pass mirrors the forward in reverse; every op's backward comes from ops.c. */
#define _DEFAULT_SOURCE /* madvise */
#include "core/train_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/ops.h"

/* ---- activation layout ------------------------------------------------------------------------- */

/* Ns = B*S source rows, Nt = B*T decoder rows. */
typedef struct enc_act {
    float *in;             /* (Ns, D) layer input (the previous layer's output) */
    float *qkv;            /* (Ns, 3D) */
    float *att;            /* (B, H, S, S) attention weights */
    float *cat;            /* (Ns, D) heads concatenated */
    float *sum1;           /* (Ns, D) in + self-attention */
    float *mean1, *rstd1;  /* (Ns) */
    float *x1;             /* (Ns, D) norm1 output */
    float *hid;            /* (Ns, F) relu(linear1) */
    float *sum2;           /* (Ns, D) x1 + linear2 */
    float *mean2, *rstd2;  /* (Ns) */
} enc_act;

typedef struct dec_act {
    float *in;             /* (Nt, D) */
    float *qkv;            /* (Nt, 3D) */
    float *att;            /* (B, H, T, T) */
    float *cat;            /* (Nt, D) */
    float *sum1;           /* (Nt, D) */
    float *mean1, *rstd1;  /* (Nt) */
    float *x1;             /* (Nt, D) */
    float *cq;             /* (Nt, D) cross-attention queries */
    float *ckv;            /* (Ns, 2D) cross-attention keys and values of the memory */
    float *catt;           /* (B, H, T, S) */
    float *ccat;           /* (Nt, D) */
    float *sum2;           /* (Nt, D) */
    float *mean2, *rstd2;  /* (Nt) */
    float *x2;             /* (Nt, D) */
    float *hid;            /* (Nt, F) */
    float *sum3;           /* (Nt, D) */
    float *mean3, *rstd3;  /* (Nt) */
} dec_act;

typedef struct acts {
    enc_act enc[S2S_MAX_LAYERS];
    float *enc_out;            /* (Ns, D) last encoder layer's output */
    float *memory;             /* (Ns, D) after encoder.norm */
    float *mmean, *mrstd;      /* (Ns) */
    dec_act dec[S2S_MAX_LAYERS];
    float *dec_out;            /* (Nt, D) */
    float *dn;                 /* (Nt, D) after decoder.norm */
    float *dmean, *drstd;      /* (Nt) */
    float *probs;              /* (Nt, Vt) softmax of the logits */
    float *pool;               /* (B, D) NAT: mean memory over non-pad source positions */
    float *lprobs;             /* (B, M+1) NAT: length probabilities */
    /* backward scratch; N = max(Ns, Nt), W = max(S, T) */
    float *ga, *gs;            /* (N, D) residual gradient, gradient of a residual sum */
    float *gqkv;               /* (N, 3D) */
    float *gcat;               /* (N, D) */
    float *ghid, *gpre;        /* (N, F) gradient of relu output, of its input */
    float *gmem;               /* (Ns, D) gradient of the memory, summed over decoder layers */
    float *gckv;               /* (Ns, 2D) */
    float *gcq;                /* (Nt, D) */
    float *attn;               /* attention_scratch_floats(W, W, D, H): the attention's tiles */
    float *glogits;            /* (Nt, Vt) */
    float *glen;               /* (B, M+1) */
} acts;

typedef struct carve {
    float *base;
    size_t off;
} carve;

static float *take(carve *c, size_t n) {
    float *p = c->base ? c->base + c->off : NULL;
    c->off += n;
    return p;
}

/* Lays the activations of a (B, S, T) shard over base (NULL: only count). Returns the floats used. */
static size_t acts_layout(const s2s_config *c, int B, int S, int T, float *base, acts *a) {
    size_t D = (size_t)c->d_model, F = (size_t)c->d_ff, H = (size_t)c->n_heads, V = (size_t)c->tgt_vocab;
    size_t Ns = (size_t)B * S, Nt = (size_t)B * T, N = Ns > Nt ? Ns : Nt, W = (size_t)(S > T ? S : T);
    size_t L1 = (size_t)c->max_len + 1;
    carve cv = {base, 0};
    for (int l = 0; l < c->n_enc; l++) {
        enc_act *e = &a->enc[l];
        e->in = take(&cv, Ns * D);
        e->qkv = take(&cv, Ns * 3 * D);
        e->att = take(&cv, (size_t)B * H * S * S);
        e->cat = take(&cv, Ns * D);
        e->sum1 = take(&cv, Ns * D);
        e->mean1 = take(&cv, Ns);
        e->rstd1 = take(&cv, Ns);
        e->x1 = take(&cv, Ns * D);
        e->hid = take(&cv, Ns * F);
        e->sum2 = take(&cv, Ns * D);
        e->mean2 = take(&cv, Ns);
        e->rstd2 = take(&cv, Ns);
    }
    a->enc_out = take(&cv, Ns * D);
    a->memory = take(&cv, Ns * D);
    a->mmean = take(&cv, Ns);
    a->mrstd = take(&cv, Ns);
    for (int l = 0; l < c->n_dec; l++) {
        dec_act *d = &a->dec[l];
        d->in = take(&cv, Nt * D);
        d->qkv = take(&cv, Nt * 3 * D);
        d->att = take(&cv, (size_t)B * H * T * T);
        d->cat = take(&cv, Nt * D);
        d->sum1 = take(&cv, Nt * D);
        d->mean1 = take(&cv, Nt);
        d->rstd1 = take(&cv, Nt);
        d->x1 = take(&cv, Nt * D);
        d->cq = take(&cv, Nt * D);
        d->ckv = take(&cv, Ns * 2 * D);
        d->catt = take(&cv, (size_t)B * H * T * S);
        d->ccat = take(&cv, Nt * D);
        d->sum2 = take(&cv, Nt * D);
        d->mean2 = take(&cv, Nt);
        d->rstd2 = take(&cv, Nt);
        d->x2 = take(&cv, Nt * D);
        d->hid = take(&cv, Nt * F);
        d->sum3 = take(&cv, Nt * D);
        d->mean3 = take(&cv, Nt);
        d->rstd3 = take(&cv, Nt);
    }
    a->dec_out = take(&cv, Nt * D);
    a->dn = take(&cv, Nt * D);
    a->dmean = take(&cv, Nt);
    a->drstd = take(&cv, Nt);
    a->probs = take(&cv, Nt * V);
    a->pool = take(&cv, (size_t)B * D);
    a->lprobs = take(&cv, (size_t)B * L1);
    a->ga = take(&cv, N * D);
    a->gs = take(&cv, N * D);
    a->gqkv = take(&cv, N * 3 * D);
    a->gcat = take(&cv, N * D);
    a->ghid = take(&cv, N * F);
    a->gpre = take(&cv, N * F);
    a->gmem = take(&cv, Ns * D);
    a->gckv = take(&cv, Ns * 2 * D);
    a->gcq = take(&cv, Nt * D);
    a->attn = take(&cv, attention_scratch_floats((int)W, (int)W, (int)D, (int)H));
    a->glogits = take(&cv, Nt * V);
    a->glen = take(&cv, (size_t)B * L1);
    return cv.off;
}

/* n floats for a buffer that a step walks through (megabytes): aligned to 2 MB and offered huge
 * pages, so that walking it does not miss the TLB at every other page (the activations of a batch
 * of 32 span ten megabytes, more than the TLB maps in 4 KB pages). Freed with free(). */
static float *alloc_big(size_t n) {
    size_t huge = (size_t)2 << 20, bytes = (sizeof(float) * n + huge - 1) / huge * huge;
    float *p = aligned_alloc(huge, bytes);
#ifdef MADV_HUGEPAGE
    if (p) madvise(p, bytes, MADV_HUGEPAGE); /* advice only: 4 KB pages if refused */
#endif
    return p;
}

int train_ctx_init(s2s_train_ctx *t, const s2s_model *m, int B_cap, s2s_error *err) {
    memset(t, 0, sizeof *t);
    t->m = m;
    t->B_cap = B_cap;
    acts a;
    t->acts_len = acts_layout(&m->cfg, B_cap, m->cfg.max_len, m->cfg.max_len + 1, NULL, &a);
    t->acts = alloc_big(t->acts_len);
    t->grads = alloc_big(m->n_params);
    if (t->grads) memset(t->grads, 0, sizeof(float) * m->n_params);
    if (!t->acts || !t->grads) {
        train_ctx_free(t);
        return s2s_fail(err, "out of memory for training buffers (%zu floats)", t->acts_len + m->n_params);
    }
    params_layout(&m->cfg, t->grads, &t->g, NULL, 0, NULL);
    return 0;
}

void train_ctx_free(s2s_train_ctx *t) {
    if (!t) return;
    free(t->acts);
    free(t->grads);
    memset(t, 0, sizeof *t);
}

/* ---- sublayers --------------------------------------------------------------------------------- */

static void zero(float *p, size_t n) { memset(p, 0, sizeof(float) * n); }

/* out (B*T, D) = table[ids] * sqrt(D) + PE(position in its sequence), as embed_forward computes it,
 * with the sinusoids from the model's table. ids (B, T). */
static void embed_rows(float *out, const int *ids, const float *table, const float *pe, int B, int T, int D) {
    for (int b = 0; b < B; b++) embed_forward(out + (size_t)b * T * D, ids + (size_t)b * T, table, pe, T, D);
}

/* out = LayerNorm(sum = x + y) with y already in sum: sum += x, then normalise. */
static void residual_norm(float *out, float *mean, float *rstd, float *sum, const float *x, const float *nw,
                          const float *nb, int N, int D) {
    add_inplace(sum, x, (size_t)N * D);
    layernorm_forward(out, mean, rstd, sum, nw, nb, N, D);
}

/* FFN forward: hid = relu(linear1(x)); sum = linear2(hid) (the residual x is added by residual_norm). */
static void ffn_forward(float *sum, float *hid, const float *x, const s2s_layer_w *L, int N, int D, int F) {
    matmul_forward(hid, x, L->lin1_w, L->lin1_b, N, D, F);
    relu_forward(hid, hid, (size_t)N * F);
    matmul_forward(sum, hid, L->lin2_w, L->lin2_b, N, F, D);
}

/* Backward through out = LayerNorm(x + sublayer(x)) down to the sum: a->gs = d sum, then a->ga = d sum
 * (the residual path); the caller adds the sublayer's path into a->ga. */
static void norm_backward(acts *a, float *gnw, float *gnb, const float *sum, const float *nw, const float *mean,
                          const float *rstd, int N, int D) {
    layernorm_backward(a->gs, gnw, gnb, a->ga, sum, nw, mean, rstd, N, D);
    memcpy(a->ga, a->gs, sizeof(float) * (size_t)N * D);
}

/* FFN backward: a->ga (d x) += through linear2, relu, linear1, from a->gs (d sum). */
static void ffn_backward(acts *a, s2s_layer_w *G, const s2s_layer_w *L, const float *x, const float *hid, int N, int D,
                         int F) {
    zero(a->ghid, (size_t)N * F);
    matmul_backward(a->ghid, G->lin2_w, G->lin2_b, a->gs, hid, L->lin2_w, N, F, D);
    relu_backward(a->gpre, a->ghid, hid, (size_t)N * F);
    matmul_backward(a->ga, G->lin1_w, G->lin1_b, a->gpre, x, L->lin1_w, N, D, F);
}

/* Self-attention backward: a->ga (d x) += through out_proj, attention, in_proj, from a->gs. */
static void self_attn_backward(acts *a, s2s_attn_w *G, const s2s_attn_w *W, const float *x, const float *qkv,
                               const float *att, const float *cat, int B, int T, int H, int D) {
    size_t N = (size_t)B * T;
    zero(a->gcat, N * D);
    matmul_backward(a->gcat, G->out_w, G->out_b, a->gs, cat, W->out_w, (int)N, D, D);
    attention_backward(a->gqkv, 3 * D, a->gqkv + D, a->gqkv + 2 * D, 3 * D, a->gcat, att, qkv, qkv + D, qkv + 2 * D,
                       B, T, T, H, D, a->attn);
    matmul_backward(a->ga, G->in_w, G->in_b, a->gqkv, x, W->in_w, (int)N, D, 3 * D);
}

/* ---- loss -------------------------------------------------------------------------------------- */

/* Softmax cross-entropy of N rows of logits (in probs, turned into probabilities in place). Rows
 * whose target is 0 add nothing. Returns the summed loss divided by denom; glogits (may be NULL)
 * gets (p - onehot) / denom. */
static double cross_entropy(float *probs, float *glogits, const int *target, int N, int V, float denom) {
    enum { ROWS = 64 }; /* rows per softmax call */
    double loss = 0.0;
    for (int n0 = 0; n0 < N; n0 += ROWS) {
        int nb = N - n0 < ROWS ? N - n0 : ROWS;
        float lt[ROWS], lse[ROWS]; /* the target's logit, log-sum-exp */
        for (int n = 0; n < nb; n++) lt[n] = probs[(size_t)(n0 + n) * V + target[n0 + n]];
        softmax_rows8(probs + (size_t)n0 * V, V, probs + (size_t)n0 * V, V, nb, V, lse);
        for (int n = 0; n < nb; n++) {
            const float *p = probs + (size_t)(n0 + n) * V;
            int t = target[n0 + n];
            if (t != S2S_PAD) loss += (double)lse[n] - (double)lt[n];
            if (!glogits) continue;
            float *g = glogits + (size_t)(n0 + n) * V;
            if (t == S2S_PAD) {
                zero(g, (size_t)V);
                continue;
            }
            float s = 1.0f / denom;
            for (int v = 0; v < V; v++) g[v] = p[v] * s;
            g[t] -= s;
        }
    }
    return loss / denom;
}

/* ---- forward and backward ---------------------------------------------------------------------- */

int train_forward_backward(s2s_train_ctx *t, const s2s_batch *bt, const s2s_loss_norm *nm, int backward,
                           double *loss, double *len_loss, s2s_error *err) {
    const s2s_model *m = t->m;
    const s2s_config *c = &m->cfg;
    const s2s_weights *w = &m->w;
    int B = bt->B, S = bt->S, T = bt->T, D = c->d_model, H = c->n_heads, F = c->d_ff, V = c->tgt_vocab;
    int M1 = c->max_len + 1, nat = c->decoder == S2S_DECODER_NAT;
    if (B < 1 || B > t->B_cap || S < 1 || S > c->max_len || T < 1 || T > M1)
        return s2s_fail(err, "batch shape (%d, %d, %d) exceeds the training buffers (%d, %d, %d)", B, S, T, t->B_cap,
                        c->max_len, M1);
    if (nat && !bt->len) return s2s_fail(err, "a NAT batch needs target lengths");
    int Ns = B * S, Nt = B * T;
    acts a;
    acts_layout(c, B, S, T, t->acts, &a);

    /* encoder */
    embed_rows(a.enc[0].in, bt->src, w->src_embed, t->m->pe, B, S, D); /* positions restart in every sequence */
    for (int l = 0; l < c->n_enc; l++) {
        enc_act *e = &a.enc[l];
        const s2s_layer_w *L = &w->enc[l];
        float *out = l + 1 < c->n_enc ? a.enc[l + 1].in : a.enc_out;
        matmul_forward(e->qkv, e->in, L->self_attn.in_w, L->self_attn.in_b, Ns, D, 3 * D);
        attention_forward(e->cat, e->att, e->qkv, 3 * D, e->qkv + D, e->qkv + 2 * D, 3 * D, bt->src, 0, B, S, S, H, D,
                          a.attn);
        matmul_forward(e->sum1, e->cat, L->self_attn.out_w, L->self_attn.out_b, Ns, D, D);
        residual_norm(e->x1, e->mean1, e->rstd1, e->sum1, e->in, L->norm_w[0], L->norm_b[0], Ns, D);
        ffn_forward(e->sum2, e->hid, e->x1, L, Ns, D, F);
        residual_norm(out, e->mean2, e->rstd2, e->sum2, e->x1, L->norm_w[1], L->norm_b[1], Ns, D);
    }
    layernorm_forward(a.memory, a.mmean, a.mrstd, a.enc_out, w->enc_norm_w, w->enc_norm_b, Ns, D);

    /* decoder */
    embed_rows(a.dec[0].in, bt->tgt_in, w->tgt_embed, t->m->pe, B, T, D);
    for (int l = 0; l < c->n_dec; l++) {
        dec_act *d = &a.dec[l];
        const s2s_layer_w *L = &w->dec[l];
        float *out = l + 1 < c->n_dec ? a.dec[l + 1].in : a.dec_out;
        matmul_forward(d->qkv, d->in, L->self_attn.in_w, L->self_attn.in_b, Nt, D, 3 * D);
        attention_forward(d->cat, d->att, d->qkv, 3 * D, d->qkv + D, d->qkv + 2 * D, 3 * D, bt->tgt_in, !nat, B, T, T,
                          H, D, a.attn);
        matmul_forward(d->sum1, d->cat, L->self_attn.out_w, L->self_attn.out_b, Nt, D, D);
        residual_norm(d->x1, d->mean1, d->rstd1, d->sum1, d->in, L->norm_w[0], L->norm_b[0], Nt, D);
        matmul_forward(d->cq, d->x1, L->cross_attn.in_w, L->cross_attn.in_b, Nt, D, D);
        matmul_forward(d->ckv, a.memory, L->cross_attn.in_w + (size_t)D * D, L->cross_attn.in_b + D, Ns, D, 2 * D);
        attention_forward(d->ccat, d->catt, d->cq, D, d->ckv, d->ckv + D, 2 * D, bt->src, 0, B, T, S, H, D, a.attn);
        matmul_forward(d->sum2, d->ccat, L->cross_attn.out_w, L->cross_attn.out_b, Nt, D, D);
        residual_norm(d->x2, d->mean2, d->rstd2, d->sum2, d->x1, L->norm_w[1], L->norm_b[1], Nt, D);
        ffn_forward(d->sum3, d->hid, d->x2, L, Nt, D, F);
        residual_norm(out, d->mean3, d->rstd3, d->sum3, d->x2, L->norm_w[2], L->norm_b[2], Nt, D);
    }
    layernorm_forward(a.dn, a.dmean, a.drstd, a.dec_out, w->dec_norm_w, w->dec_norm_b, Nt, D);
    matmul_forward(a.probs, a.dn, w->gen_w, w->gen_b, Nt, D, V);
    *loss = cross_entropy(a.probs, backward ? a.glogits : NULL, bt->tgt_out, Nt, V, nm->n_tokens);

    /* NAT length classifier over the mean of the non-pad memory rows */
    double lloss = 0.0;
    if (nat) {
        for (int b = 0; b < B; b++) {
            float *p = a.pool + (size_t)b * D;
            int cnt = 0;
            zero(p, (size_t)D);
            for (int i = 0; i < S; i++) {
                if (bt->src[(size_t)b * S + i] == S2S_PAD) continue;
                add_inplace(p, a.memory + ((size_t)b * S + i) * D, (size_t)D);
                cnt++;
            }
            for (int e = 0; e < D; e++) p[e] /= (float)(cnt > 0 ? cnt : 1);
            if (bt->len[b] < 0 || bt->len[b] >= M1)
                return s2s_fail(err, "target length %d is out of range", bt->len[b]);
        }
        matmul_forward(a.lprobs, a.pool, w->len_w, w->len_b, B, D, M1);
        /* not cross_entropy(): class 0 (an empty output) is a real class here, not padding */
        for (int b = 0; b < B; b++) {
            float *p = a.lprobs + (size_t)b * M1;
            float lt = p[bt->len[b]];
            float lse;
            softmax_rows8(p, M1, p, M1, 1, M1, &lse);
            lloss += ((double)lse - (double)lt) / nm->n_seqs;
            if (backward) {
                float s = nm->len_weight / nm->n_seqs, *g = a.glen + (size_t)b * M1;
                for (int v = 0; v < M1; v++) g[v] = p[v] * s;
                g[bt->len[b]] -= s;
            }
        }
        *loss += nm->len_weight * lloss;
    }
    if (len_loss) *len_loss = lloss;
    if (!backward) return 0;

    /* ---- backward ---- */
    s2s_weights *G = &t->g;
    zero(a.gmem, (size_t)Ns * D);
    if (nat) {
        zero(a.gs, (size_t)B * D); /* d pool */
        matmul_backward(a.gs, G->len_w, G->len_b, a.glen, a.pool, w->len_w, B, D, M1);
        for (int b = 0; b < B; b++) {
            int cnt = 0;
            for (int i = 0; i < S; i++) cnt += bt->src[(size_t)b * S + i] != S2S_PAD;
            float inv = 1.0f / (float)(cnt > 0 ? cnt : 1);
            for (int i = 0; i < S; i++) {
                if (bt->src[(size_t)b * S + i] == S2S_PAD) continue;
                float *gm = a.gmem + ((size_t)b * S + i) * D;
                for (int e = 0; e < D; e++) gm[e] += a.gs[(size_t)b * D + e] * inv;
            }
        }
    }
    zero(a.gs, (size_t)Nt * D); /* d dn */
    matmul_backward(a.gs, G->gen_w, G->gen_b, a.glogits, a.dn, w->gen_w, Nt, D, V);
    layernorm_backward(a.ga, G->dec_norm_w, G->dec_norm_b, a.gs, a.dec_out, w->dec_norm_w, a.dmean, a.drstd, Nt, D);
    for (int l = c->n_dec - 1; l >= 0; l--) {
        dec_act *d = &a.dec[l];
        const s2s_layer_w *L = &w->dec[l];
        s2s_layer_w *GL = &G->dec[l];
        /* FFN: out = norm3(x2 + ffn(x2)) */
        norm_backward(&a, GL->norm_w[2], GL->norm_b[2], d->sum3, L->norm_w[2], d->mean3, d->rstd3, Nt, D);
        ffn_backward(&a, GL, L, d->x2, d->hid, Nt, D, F);
        /* cross-attention: x2 = norm2(x1 + cross(x1, memory)) */
        norm_backward(&a, GL->norm_w[1], GL->norm_b[1], d->sum2, L->norm_w[1], d->mean2, d->rstd2, Nt, D);
        zero(a.gcat, (size_t)Nt * D);
        matmul_backward(a.gcat, GL->cross_attn.out_w, GL->cross_attn.out_b, a.gs, d->ccat, L->cross_attn.out_w, Nt, D,
                        D);
        attention_backward(a.gcq, D, a.gckv, a.gckv + D, 2 * D, a.gcat, d->catt, d->cq, d->ckv, d->ckv + D, B, T, S, H,
                           D, a.attn);
        matmul_backward(a.ga, GL->cross_attn.in_w, GL->cross_attn.in_b, a.gcq, d->x1, L->cross_attn.in_w, Nt, D, D);
        matmul_backward(a.gmem, GL->cross_attn.in_w + (size_t)D * D, GL->cross_attn.in_b + D, a.gckv, a.memory,
                        L->cross_attn.in_w + (size_t)D * D, Ns, D, 2 * D);
        /* self-attention: x1 = norm1(in + self(in)) */
        norm_backward(&a, GL->norm_w[0], GL->norm_b[0], d->sum1, L->norm_w[0], d->mean1, d->rstd1, Nt, D);
        self_attn_backward(&a, &GL->self_attn, &L->self_attn, d->in, d->qkv, d->att, d->cat, B, T, H, D);
    }
    embed_backward(G->tgt_embed, a.ga, bt->tgt_in, Nt, D);

    layernorm_backward(a.ga, G->enc_norm_w, G->enc_norm_b, a.gmem, a.enc_out, w->enc_norm_w, a.mmean, a.mrstd, Ns, D);
    for (int l = c->n_enc - 1; l >= 0; l--) {
        enc_act *e = &a.enc[l];
        const s2s_layer_w *L = &w->enc[l];
        s2s_layer_w *GL = &G->enc[l];
        norm_backward(&a, GL->norm_w[1], GL->norm_b[1], e->sum2, L->norm_w[1], e->mean2, e->rstd2, Ns, D);
        ffn_backward(&a, GL, L, e->x1, e->hid, Ns, D, F);
        norm_backward(&a, GL->norm_w[0], GL->norm_b[0], e->sum1, L->norm_w[0], e->mean1, e->rstd1, Ns, D);
        self_attn_backward(&a, &GL->self_attn, &L->self_attn, e->in, e->qkv, e->att, e->cat, B, S, H, D);
    }
    embed_backward(G->src_embed, a.ga, bt->src, Ns, D);
    return 0;
}
