/* forward.c: inference forward of one sequence, see forward.h. Each sublayer records what it
 * computes when a trace is given; without one the same code runs with no copies. */
#include "core/forward.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ops.h"
#include "core/pool.h"

/* Scratch layout (floats), sized for R = M+1 rows (the longest decoder input; sources are <= M):
 *   x (R, D) residual stream   | y (R, D) sublayer update | sum (R, D) residual sum | q (R, D) queries
 *   kvn (R, 2D) encoder K, V   | hid (R, max(F, Vt))      | att (R, R) one head's weights
 *   cat (R, D) heads concatenated | kt (D, R8) the encoder's keys, transposed
 * Keys kept transposed have rows of R8 = R rounded up to 8: attn_dots reads whole blocks of 8 keys.
 */
static size_t kt_stride(const s2s_config *c) { return ((size_t)c->max_len + 1 + 7) & ~(size_t)7; }

typedef struct scratch {
    float *x, *y, *sum, *q, *kvn, *hid, *att, *cat, *kt;
} scratch;

static scratch scratch_of(const s2s_runner *r) {
    const s2s_config *c = &r->m->cfg;
    size_t R = (size_t)c->max_len + 1, D = (size_t)c->d_model;
    size_t wide = (size_t)(c->d_ff > c->tgt_vocab ? c->d_ff : c->tgt_vocab);
    scratch s;
    s.x = r->buf;
    s.y = s.x + R * D;
    s.sum = s.y + R * D;
    s.q = s.sum + R * D;
    s.kvn = s.q + R * D;
    s.hid = s.kvn + R * 2 * D;
    s.att = s.hid + R * wide;
    s.cat = s.att + R * R;
    s.kt = s.cat + R * D; /* (D, R8) */
    return s;
}

int runner_init(s2s_runner *r, const s2s_model *m, s2s_error *err) {
    memset(r, 0, sizeof *r);
    r->m = m;
    const s2s_config *c = &m->cfg;
    size_t R = (size_t)c->max_len + 1, D = (size_t)c->d_model, Ld = (size_t)c->n_dec;
    size_t wide = (size_t)(c->d_ff > c->tgt_vocab ? c->d_ff : c->tgt_vocab);
    size_t R8 = kt_stride(c);
    r->buf_len = R * D * 5 + R8 * D + R * 2 * D + R * wide + R * R;
    size_t total = R * D /* memory */ + 4 * Ld * R * D + 2 * Ld * R8 * D /* caches */ + r->buf_len;
    /* not zeroed (a decode of the default model would spend more time clearing it than on a token):
     * every row is written before it is read, except the transposed keys' columns past the last key,
     * which attn_dots reads (and drops) to finish its block of 8; those blocks are cleared below */
    float *all = malloc(total * sizeof(float));
    if (!all) return s2s_fail(err, "out of memory for the forward pass (%zu floats)", total);
    r->memory = all;
    r->self_k = r->memory + R * D;
    r->self_v = r->self_k + Ld * R * D;
    r->cross_k = r->self_v + Ld * R * D;
    r->cross_v = r->cross_k + Ld * R * D;
    r->self_kt = r->cross_v + Ld * R * D;
    r->cross_kt = r->self_kt + Ld * R8 * D;
    r->buf = r->cross_kt + Ld * R8 * D;
    memset(r->self_kt, 0, sizeof(float) * 2 * Ld * R8 * D);
    memset(scratch_of(r).kt, 0, sizeof(float) * R8 * D);
    return 0;
}

void runner_free(s2s_runner *r) {
    if (!r) return;
    pool_free(r->pool);
    free(r->memory); /* the one allocation */
    memset(r, 0, sizeof *r);
}

void runner_rewind(s2s_runner *r, int n_keep) {
    if (n_keep < r->n_cached) r->n_cached = n_keep < 0 ? 0 : n_keep;
}

/* The matmuls of the inference forward, shared over the pool's threads by chunks of outputs: each
 * output is computed whole, by the one streaming kernel, by whichever thread takes its chunk, so the
 * split changes nothing. A job may hold several matmuls that need no result of each other (the
 * attention's Q, K and V): one hand-off instead of three, and the threads stay busy across them. */
typedef struct linear_part {
    float *out;                 /* (N, O) */
    const float *inp, *w, *b;   /* inp (N, I), w (O, I), b (O) or NULL */
    int N, I, O;
    int chunk, first_chunk;     /* outputs per chunk; this part's first chunk in the job */
} linear_part;

typedef struct linear_job {
    linear_part part[3];
    int n_parts, n_chunks;
} linear_job;

/* About 64 KB of weights per chunk, in whole tiles (8 outputs for one row, the kernel's streaming
 * width; 24 for several rows, a multiple of its 6-output tiles as well): small
 * enough that the threads finish a matmul within a few microseconds of each other, large enough
 * that claiming a chunk (one atomic add) costs nothing beside it. */
#define LINEAR_CHUNK_FLOATS (16 * 1024)

static void linear_chunk(void *arg, int c) {
    const linear_job *j = arg;
    int p = j->n_parts - 1;
    while (c < j->part[p].first_chunk) p--;
    const linear_part *L = &j->part[p];
    int o0 = (c - L->first_chunk) * L->chunk, o1 = o0 + L->chunk < L->O ? o0 + L->chunk : L->O;
    matmul_forward_stream(L->out + o0, L->O, L->inp, L->w + (size_t)o0 * L->I, L->b ? L->b + o0 : NULL, L->N, L->I,
                          o1 - o0);
}

/* Below this many weights (floats) in a job, it runs on the caller alone: handing work to another
 * thread costs more than a small matmul takes (the default model's largest job is 12 K weights;
 * the paper-size model's smallest 262 K). */
#define LINEAR_SPLIT_MIN (128 * 1024)

/* Runs the job's n matmuls, out = inp @ w^T + b each, on the pool when they are large. */
static void linear_many(s2s_runner *r, linear_part *parts, int n) {
    size_t weights = 0;
    for (int i = 0; i < n; i++) weights += (size_t)parts[i].I * parts[i].O;
    if (weights < LINEAR_SPLIT_MIN) {
        for (int i = 0; i < n; i++) {
            const linear_part *L = &parts[i];
            matmul_forward_stream(L->out, L->O, L->inp, L->w, L->b, L->N, L->I, L->O);
        }
        return;
    }
    linear_job j = {.n_parts = n};
    for (int i = 0; i < n; i++) {
        linear_part *L = &j.part[i];
        *L = parts[i];
        int tile = L->N == 1 ? 8 : 24;
        L->chunk = LINEAR_CHUNK_FLOATS / L->I / tile * tile;
        if (L->chunk < tile) L->chunk = tile;
        L->first_chunk = j.n_chunks;
        j.n_chunks += (L->O + L->chunk - 1) / L->chunk;
    }
    if (!r->pool_tried) { /* the first large matmul makes the threads (none if they cannot be made) */
        r->pool = pool_new(pool_cpu_count());
        r->pool_tried = 1;
    }
    pool_for(r->pool, j.n_chunks, linear_chunk, &j);
}

/* out (N, O) = inp (N, I) @ w (O, I)^T + b: every matmul of the inference forward goes through the
 * one streaming kernel, so a row's result never depends on the rows computed with it. */
static void linear(s2s_runner *r, float *out, const float *inp, const float *w, const float *b, int N, int I, int O) {
    linear_part p = {out, inp, w, b, N, I, O, 0, 0};
    linear_many(r, &p, 1);
}

/* An attention's Q, K and V (N, D) each, from the rows x (N, D), as one job: in_w (3D, D) holds the
 * three projections one after the other, in_b (3D) their biases. */
static void linear_qkv(s2s_runner *r, float *q, float *k, float *v, const float *x, const s2s_attn_w *w, int N,
                       int D) {
    size_t DD = (size_t)D * D;
    linear_part p[3] = {{q, x, w->in_w, w->in_b, N, D, D, 0, 0},
                        {k, x, w->in_w + DD, w->in_b + D, N, D, D, 0, 0},
                        {v, x, w->in_w + 2 * DD, w->in_b + 2 * D, N, D, D, 0, 0}};
    linear_many(r, p, 3);
}

/* ---- tracing helpers --------------------------------------------------------------------------- */

/* Records columns [c0, c0+w) of a (rows, ld) matrix: one head's slice of Q, K, V or the output. */
static int put_cols(s2s_trace *t, trace_block b, int layer, trace_sublayer sub, trace_op op, int head, int pass,
                    int row0, int rows, const float *src, int ld, int c0, int w) {
    float *dst = trace_add(t, b, layer, sub, op, head, pass, row0, rows, w);
    if (!dst) return -1;
    for (int i = 0; i < rows; i++) memcpy(dst + (size_t)i * w, src + (size_t)i * ld + c0, sizeof(float) * (size_t)w);
    return 0;
}

#define TRACE(call)                                                                                 \
    do {                                                                                            \
        if (tr && (call)) return s2s_fail(err, "out of memory while recording the trace");        \
    } while (0)

/* ---- attention --------------------------------------------------------------------------------- */

/* Columns col0.. of kt (D rows of stride R8) <- the rows of k (rows, D): keys kept transposed as
 * well, so that one query's scores run vectorized across the keys (attn_dots). */
static void transpose_keys(float *kt, size_t R8, int col0, const float *k, int rows, int D) {
    for (int j = 0; j < rows; j++)
        for (int e = 0; e < D; e++) kt[(size_t)e * R8 + col0 + j] = k[(size_t)j * D + e];
}

/* One attention's heads: what each head needs, so that heads can run on the pool's threads. */
typedef struct head_job {
    const s2s_runner *r;
    const float *q, *k, *kt, *v; /* q (n, D); k, v (nk, D); kt (D, R8) */
    int n, nk, q_pos0, causal, k_row0, record_kv;
    s2s_trace *tr;               /* may be NULL; never given when the heads run in parallel */
    trace_block b;
    int layer;
    trace_sublayer sub;
    int pass;
    float *att;                  /* head h's weights at att + h * att_stride (n, nk) */
    size_t att_stride;
} head_job;

/* Head h: its scores, mask and softmax, and its weighted values into its Dh columns of s.cat,
 * recorded when a trace is given. */
static int one_head(const head_job *j, int h, s2s_error *err) {
    const s2s_config *c = &j->r->m->cfg;
    int D = c->d_model, Dh = D / c->n_heads, n = j->n, nk = j->nk, c0 = h * Dh;
    size_t R8 = kt_stride(c);
    scratch s = scratch_of(j->r);
    s2s_trace *tr = j->tr;
    trace_block b = j->b;
    trace_sublayer sub = j->sub;
    int layer = j->layer, pass = j->pass, q_pos0 = j->q_pos0;
    float scale = 1.0f / sqrtf((float)Dh);
    TRACE(put_cols(tr, b, layer, sub, TO_Q, h, pass, q_pos0, n, j->q, D, c0, Dh));
    if (j->record_kv) {
        /* only the keys this pass computed; earlier rows are in earlier passes' records */
        int k_row0 = j->k_row0, nnew = nk - k_row0;
        TRACE(put_cols(tr, b, layer, sub, TO_K, h, pass, k_row0, nnew, j->k + (size_t)k_row0 * D, D, c0, Dh));
        TRACE(put_cols(tr, b, layer, sub, TO_V, h, pass, k_row0, nnew, j->v + (size_t)k_row0 * D, D, c0, Dh));
    }
    float *att = j->att + (size_t)h * j->att_stride; /* (n, nk) */
    for (int i = 0; i < n; i++) {
        float *si = att + (size_t)i * nk;
        attn_dots(si, j->q + (size_t)i * D + c0, j->kt + (size_t)c0 * R8, (int)R8, Dh, nk);
        for (int t = 0; t < nk; t++) si[t] *= scale;
    }
    TRACE(trace_put(tr, b, layer, sub, TO_SCORES, h, pass, q_pos0, n, nk, att));
    if (j->causal)
        for (int i = 0; i < n; i++)
            for (int t = q_pos0 + i + 1; t < nk; t++) att[i * nk + t] = -INFINITY;
    softmax_rows(att, n, nk);
    TRACE(trace_put(tr, b, layer, sub, TO_WEIGHTS, h, pass, q_pos0, n, nk, att));
    for (int i = 0; i < n; i++) attn_mix(s.cat + (size_t)i * D + c0, att + (size_t)i * nk, j->v + c0, D, nk, Dh);
    s2s_head_kind kind = b == TB_ENCODER ? S2S_HEAD_ENCODER : sub == TS_SELF_ATTN ? S2S_HEAD_DECODER : S2S_HEAD_CROSS;
    if (ablation_is_off(j->r->ablate, kind, layer, h)) /* switched off: nothing reaches the projection */
        for (int i = 0; i < n; i++) memset(s.cat + (size_t)i * D + c0, 0, sizeof(float) * (size_t)Dh);
    TRACE(put_cols(tr, b, layer, sub, TO_HEAD_OUT, h, pass, q_pos0, n, s.cat, D, c0, Dh));
    return 0;
}

static void head_chunk(void *arg, int h) { one_head(arg, h, NULL); } /* no trace: cannot fail */

/* Heads run on the pool when no trace is recorded, every head's weights fit the (R, R) scratch side
 * by side, and the keys and values are large enough to be worth a hand-off (16 KB each and more): at
 * paper size a step's attention reads some 1.6 MB of cached keys and values, which one thread alone
 * would read while the other waited. */
#define ATTN_SPLIT_MIN (4 * 1024)

/* Multi-head attention of n queries (rows q_pos0..q_pos0+n-1) over nk keys.
 *   out (n, D) = out_proj(concat_h softmax(mask(Q_h K_h^T / sqrt(Dh))) V_h)
 *   q (n, D) projected queries, k, v (nk, D) projected keys and values, kt (D, R8) the keys
 *   transposed (columns 0..nk).
 * causal: key j is visible to query at position p only when j <= p. */
static int attention(s2s_runner *r, const s2s_attn_w *w, float *out, const float *q, const float *k,
                     const float *kt, const float *v, int n, int nk, int q_pos0, int causal, s2s_trace *tr, trace_block b, int layer,
                     trace_sublayer sub, int pass, int k_row0, int record_kv, s2s_error *err) {
    const s2s_config *c = &r->m->cfg;
    int D = c->d_model, H = c->n_heads;
    size_t R = (size_t)c->max_len + 1;
    scratch s = scratch_of(r);
    if (tr) {
        float *mask = trace_add(tr, b, layer, sub, TO_MASK, -1, pass, q_pos0, n, nk);
        if (!mask) return s2s_fail(err, "out of memory while recording the trace");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < nk; j++) mask[i * nk + j] = (causal && j > q_pos0 + i) ? -INFINITY : 0.0f;
    }
    head_job j = {r, q, k, kt, v, n, nk, q_pos0, causal, k_row0, record_kv, tr, b, layer, sub, pass, s.att, 0};
    if (!tr && r->pool && (size_t)H * n * nk <= R * R && (size_t)nk * D >= ATTN_SPLIT_MIN) {
        j.att_stride = (size_t)n * nk;
        pool_for(r->pool, H, head_chunk, &j);
    } else {
        for (int h = 0; h < H; h++) /* one (n, nk) block of scratch, head after head */
            if (one_head(&j, h, err)) return -1;
    }
    linear(r, out, s.cat, w->out_w, w->out_b, n, D, D);
    TRACE(trace_put(tr, b, layer, sub, TO_ATTN_OUT, -1, pass, q_pos0, n, D, out));
    return 0;
}

/* x (n, D) <- LayerNorm(x + y), recording the sum and the output. */
static int add_norm(float *x, const float *y, float *sum, const float *nw, const float *nb, int n, int D,
                    s2s_trace *tr, trace_block b, int layer, trace_sublayer sub, int pass, int row0, s2s_error *err) {
    for (size_t i = 0; i < (size_t)n * D; i++) sum[i] = x[i] + y[i];
    TRACE(trace_put(tr, b, layer, sub, TO_ADD, -1, pass, row0, n, D, sum));
    layernorm_forward(x, NULL, NULL, sum, nw, nb, n, D);
    TRACE(trace_put(tr, b, layer, sub, TO_NORM, -1, pass, row0, n, D, x));
    return 0;
}

/* x (n, D) <- LayerNorm(x + linear2(relu(linear1(x)))). */
static int ffn_block(s2s_runner *r, const s2s_layer_w *L, int norm_idx, float *x, int n, s2s_trace *tr,
                     trace_block b, int layer, int pass, int row0, s2s_error *err) {
    const s2s_config *c = &r->m->cfg;
    int D = c->d_model, F = c->d_ff;
    scratch s = scratch_of(r);
    TRACE(trace_put(tr, b, layer, TS_FFN, TO_INPUT, -1, pass, row0, n, D, x));
    linear(r, s.hid, x, L->lin1_w, L->lin1_b, n, D, F);
    relu_forward(s.hid, s.hid, (size_t)n * F);
    TRACE(trace_put(tr, b, layer, TS_FFN, TO_FFN_HIDDEN, -1, pass, row0, n, F, s.hid));
    linear(r, s.y, s.hid, L->lin2_w, L->lin2_b, n, F, D);
    TRACE(trace_put(tr, b, layer, TS_FFN, TO_FFN_OUT, -1, pass, row0, n, D, s.y));
    return add_norm(x, s.y, s.sum, L->norm_w[norm_idx], L->norm_b[norm_idx], n, D, tr, b, layer, TS_FFN, pass, row0,
                    err);
}

/* ---- encoder ----------------------------------------------------------------------------------- */

int runner_encode(s2s_runner *r, const int *src, int S, s2s_trace *tr, s2s_error *err) {
    const s2s_model *m = r->m;
    const s2s_config *c = &m->cfg;
    int D = c->d_model;
    if (S < 1 || S > c->max_len) return s2s_fail(err, "source length %d is outside 1..%d", S, c->max_len);
    for (int i = 0; i < S; i++)
        if (src[i] < 0 || src[i] >= c->src_vocab) return s2s_fail(err, "source id %d is outside the vocabulary", src[i]);
    scratch s = scratch_of(r);
    r->S = S;
    r->n_cached = 0;
    r->cross_ready = 0;
    float *x = s.x; /* (S, D) */
    embed_forward(x, src, m->w.src_embed, m->pe, S, D);
    TRACE(trace_put(tr, TB_ENCODER, -1, TS_NONE, TO_EMBED, -1, 0, 0, S, D, x));
    for (int l = 0; l < c->n_enc; l++) {
        const s2s_layer_w *L = &m->w.enc[l];
        TRACE(trace_put(tr, TB_ENCODER, l, TS_SELF_ATTN, TO_INPUT, -1, 0, 0, S, D, x));
        /* Q into s.q; K and V into the kvn block, (S, D) each */
        float *k = s.kvn, *v = s.kvn + (size_t)S * D;
        linear_qkv(r, s.q, k, v, x, &L->self_attn, S, D);
        transpose_keys(s.kt, kt_stride(c), 0, k, S, D);
        if (attention(r, &L->self_attn, s.y, s.q, k, s.kt, v, S, S, 0, 0, tr, TB_ENCODER, l, TS_SELF_ATTN, 0, 0, 1, err))
            return -1;
        if (add_norm(x, s.y, s.sum, L->norm_w[0], L->norm_b[0], S, D, tr, TB_ENCODER, l, TS_SELF_ATTN, 0, 0, err))
            return -1;
        if (ffn_block(r, L, 1, x, S, tr, TB_ENCODER, l, 0, 0, err)) return -1;
    }
    layernorm_forward(r->memory, NULL, NULL, x, m->w.enc_norm_w, m->w.enc_norm_b, S, D);
    TRACE(trace_put(tr, TB_ENCODER, -1, TS_NONE, TO_FINAL_NORM, -1, 0, 0, S, D, r->memory));
    return 0;
}

/* ---- decoder ----------------------------------------------------------------------------------- */

int runner_decode(s2s_runner *r, const int *ids, int n, int causal, s2s_trace *tr, int pass, float *logits,
                  s2s_error *err) {
    const s2s_model *m = r->m;
    const s2s_config *c = &m->cfg;
    int D = c->d_model, R = c->max_len + 1, p0 = r->n_cached, S = r->S;
    size_t R8 = kt_stride(c);
    if (S < 1) return s2s_fail(err, "the decoder ran before the encoder");
    if (n < 1 || p0 + n > R) return s2s_fail(err, "decoder positions %d..%d exceed the limit %d", p0, p0 + n - 1, R);
    for (int i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= c->tgt_vocab) return s2s_fail(err, "target id %d is outside the vocabulary", ids[i]);
    scratch s = scratch_of(r);
    float *x = s.x; /* (n, D) the new positions' residual stream */
    embed_forward(x, ids, m->w.tgt_embed, m->pe + (size_t)p0 * D, n, D);
    TRACE(trace_put(tr, TB_DECODER, -1, TS_NONE, TO_EMBED, -1, pass, p0, n, D, x));
    for (int l = 0; l < c->n_dec; l++) {
        const s2s_layer_w *L = &m->w.dec[l];
        float *kc = r->self_k + (size_t)l * R * D, *vc = r->self_v + (size_t)l * R * D; /* (R, D) */
        float *kct = r->self_kt + (size_t)l * R8 * D, *ckt = r->cross_kt + (size_t)l * R8 * D; /* (D, R8) */
        /* masked self-attention over the cache plus the new positions */
        TRACE(trace_put(tr, TB_DECODER, l, TS_SELF_ATTN, TO_INPUT, -1, pass, p0, n, D, x));
        linear_qkv(r, s.q, kc + (size_t)p0 * D, vc + (size_t)p0 * D, x, &L->self_attn, n, D);
        transpose_keys(kct, R8, p0, kc + (size_t)p0 * D, n, D);
        if (attention(r, &L->self_attn, s.y, s.q, kc, kct, vc, n, p0 + n, p0, causal, tr, TB_DECODER, l, TS_SELF_ATTN, pass,
                      p0, 1, err))
            return -1;
        if (add_norm(x, s.y, s.sum, L->norm_w[0], L->norm_b[0], n, D, tr, TB_DECODER, l, TS_SELF_ATTN, pass, p0, err))
            return -1;
        /* cross-attention: queries from the decoder, keys and values from the memory */
        float *ck = r->cross_k + (size_t)l * R * D, *cv = r->cross_v + (size_t)l * R * D; /* (S, D) */
        int first = !r->cross_ready;
        if (first) {
            size_t DD = (size_t)D * D;
            linear_part kv[2] = {{ck, r->memory, L->cross_attn.in_w + DD, L->cross_attn.in_b + D, S, D, D, 0, 0},
                                 {cv, r->memory, L->cross_attn.in_w + 2 * DD, L->cross_attn.in_b + 2 * D, S, D, D, 0, 0}};
            linear_many(r, kv, 2); /* the memory's keys and values, one job */
            transpose_keys(ckt, R8, 0, ck, S, D);
        }
        TRACE(trace_put(tr, TB_DECODER, l, TS_CROSS_ATTN, TO_INPUT, -1, pass, p0, n, D, x));
        linear(r, s.q, x, L->cross_attn.in_w, L->cross_attn.in_b, n, D, D);
        if (attention(r, &L->cross_attn, s.y, s.q, ck, ckt, cv, n, S, p0, 0, tr, TB_DECODER, l, TS_CROSS_ATTN, pass, 0,
                      first, err))
            return -1;
        if (add_norm(x, s.y, s.sum, L->norm_w[1], L->norm_b[1], n, D, tr, TB_DECODER, l, TS_CROSS_ATTN, pass, p0, err))
            return -1;
        if (ffn_block(r, L, 2, x, n, tr, TB_DECODER, l, pass, p0, err)) return -1;
    }
    r->cross_ready = 1;
    r->n_cached = p0 + n;
    layernorm_forward(s.y, NULL, NULL, x, m->w.dec_norm_w, m->w.dec_norm_b, n, D);
    TRACE(trace_put(tr, TB_DECODER, -1, TS_NONE, TO_FINAL_NORM, -1, pass, p0, n, D, s.y));
    linear(r, logits, s.y, m->w.gen_w, m->w.gen_b, n, D, c->tgt_vocab);
    if (tr) {
        TRACE(trace_put(tr, TB_GENERATOR, -1, TS_NONE, TO_LOGITS, -1, pass, p0, n, c->tgt_vocab, logits));
        float *probs = trace_add(tr, TB_GENERATOR, -1, TS_NONE, TO_PROBS, -1, pass, p0, n, c->tgt_vocab);
        if (!probs) return s2s_fail(err, "out of memory while recording the trace");
        memcpy(probs, logits, sizeof(float) * (size_t)n * c->tgt_vocab);
        softmax_rows(probs, n, c->tgt_vocab);
    }
    return 0;
}

int runner_length(s2s_runner *r, s2s_trace *tr, float *length_logits, s2s_error *err) {
    const s2s_model *m = r->m;
    const s2s_config *c = &m->cfg;
    int D = c->d_model, S = r->S;
    if (!m->w.len_w) return s2s_fail(err, "this model has no length head (it is not a NAT model)");
    if (S < 1) return s2s_fail(err, "the length head ran before the encoder");
    scratch s = scratch_of(r);
    float *pool = s.q; /* (1, D) */
    for (int e = 0; e < D; e++) pool[e] = 0.0f;
    for (int i = 0; i < S; i++)
        for (int e = 0; e < D; e++) pool[e] += r->memory[(size_t)i * D + e];
    for (int e = 0; e < D; e++) pool[e] /= (float)S;
    TRACE(trace_put(tr, TB_LENGTH, -1, TS_NONE, TO_LENGTH_POOL, -1, 0, 0, 1, D, pool));
    linear(r, length_logits, pool, m->w.len_w, m->w.len_b, 1, D, c->max_len + 1);
    if (tr) {
        TRACE(trace_put(tr, TB_LENGTH, -1, TS_NONE, TO_LENGTH_LOGITS, -1, 0, 0, 1, c->max_len + 1, length_logits));
        float *p = trace_add(tr, TB_LENGTH, -1, TS_NONE, TO_LENGTH_PROBS, -1, 0, 0, 1, c->max_len + 1);
        if (!p) return s2s_fail(err, "out of memory while recording the trace");
        memcpy(p, length_logits, sizeof(float) * (size_t)(c->max_len + 1));
        softmax_rows(p, 1, c->max_len + 1);
    }
    return 0;
}
