/* model.c: the parameter layout (names, shapes, offsets in PyTorch's state_dict order), config
 * checks, allocation and initialisation. Forward passes live in forward.c (inference) and
 * train_model.c (training). */
#include "core/model.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/ops.h"
#include "core/rng.h"
#include "core/safetensors.h"

int config_validate(const s2s_config *c, s2s_error *err) {
#define BOUND(field, lo, hi, what)                                                                  \
    if (c->field < (lo) || c->field > (hi))                                                         \
        return s2s_fail(err, "%s is %d; it must be between %d and %d", what, c->field, (lo), (hi));
    BOUND(d_model, 2, S2S_MAX_D_MODEL, "d_model")
    BOUND(n_heads, 1, S2S_MAX_HEADS, "n_heads")
    BOUND(d_ff, 1, S2S_MAX_D_FF, "d_ff")
    BOUND(n_enc, 1, S2S_MAX_LAYERS, "n_encoder_layers")
    BOUND(n_dec, 1, S2S_MAX_LAYERS, "n_decoder_layers")
    BOUND(max_len, 1, S2S_MAX_LEN, "max_len")
    BOUND(src_vocab, S2S_N_SPECIAL + 1, S2S_MAX_VOCAB, "the source vocabulary size")
    BOUND(tgt_vocab, S2S_N_SPECIAL + 1, S2S_MAX_VOCAB, "the target vocabulary size")
#undef BOUND
    if (c->d_model % c->n_heads != 0)
        return s2s_fail(err, "n_heads (%d) does not divide d_model (%d)", c->n_heads, c->d_model);
    if (c->d_model % 2 != 0) return s2s_fail(err, "d_model (%d) must be even for the sinusoidal positions", c->d_model);
    if (c->decoder != S2S_DECODER_AT && c->decoder != S2S_DECODER_NAT)
        return s2s_fail(err, "unknown decoder kind %d", (int)c->decoder);
    return 0;
}

/* ---- layout ------------------------------------------------------------------------------------ */

typedef struct layout_walk {
    float *base;
    s2s_param_spec *specs;
    int cap, n;
    size_t off;
} layout_walk;

/* Places one tensor: points *slot into the buffer (when there is one) and records its spec. */
static void place(layout_walk *lw, float **slot, const char *name, int rows, int cols) {
    size_t numel = (size_t)rows * (size_t)(cols > 0 ? cols : 1);
    if (slot) *slot = lw->base ? lw->base + lw->off : NULL;
    if (lw->specs && lw->n < lw->cap) {
        s2s_param_spec *s = &lw->specs[lw->n];
        snprintf(s->name, sizeof s->name, "%s", name);
        s->ndim = cols > 0 ? 2 : 1;
        s->shape[0] = rows;
        s->shape[1] = cols > 0 ? cols : 0;
        s->numel = numel;
        s->offset = lw->off;
    }
    lw->n++;
    lw->off += numel;
}

static void place_attn(layout_walk *lw, s2s_attn_w *a, const char *prefix, int D) {
    char name[96];
    snprintf(name, sizeof name, "%s.in_proj_weight", prefix);
    place(lw, &a->in_w, name, 3 * D, D);
    snprintf(name, sizeof name, "%s.in_proj_bias", prefix);
    place(lw, &a->in_b, name, 3 * D, 0);
    snprintf(name, sizeof name, "%s.out_proj.weight", prefix);
    place(lw, &a->out_w, name, D, D);
    snprintf(name, sizeof name, "%s.out_proj.bias", prefix);
    place(lw, &a->out_b, name, D, 0);
}

/* One encoder or decoder layer, in nn.TransformerEncoderLayer / DecoderLayer registration order:
 * self_attn, (multihead_attn), linear1, linear2, norm1, norm2, (norm3). */
static void place_layer(layout_walk *lw, s2s_layer_w *L, const char *stack, int i, int decoder,
                        const s2s_config *c) {
    char prefix[96], name[96];
    int D = c->d_model, F = c->d_ff;
    snprintf(prefix, sizeof prefix, "transformer.%s.layers.%d.self_attn", stack, i);
    place_attn(lw, &L->self_attn, prefix, D);
    if (decoder) {
        snprintf(prefix, sizeof prefix, "transformer.%s.layers.%d.multihead_attn", stack, i);
        place_attn(lw, &L->cross_attn, prefix, D);
    }
    snprintf(name, sizeof name, "transformer.%s.layers.%d.linear1.weight", stack, i);
    place(lw, &L->lin1_w, name, F, D);
    snprintf(name, sizeof name, "transformer.%s.layers.%d.linear1.bias", stack, i);
    place(lw, &L->lin1_b, name, F, 0);
    snprintf(name, sizeof name, "transformer.%s.layers.%d.linear2.weight", stack, i);
    place(lw, &L->lin2_w, name, D, F);
    snprintf(name, sizeof name, "transformer.%s.layers.%d.linear2.bias", stack, i);
    place(lw, &L->lin2_b, name, D, 0);
    for (int k = 0; k < (decoder ? 3 : 2); k++) {
        snprintf(name, sizeof name, "transformer.%s.layers.%d.norm%d.weight", stack, i, k + 1);
        place(lw, &L->norm_w[k], name, D, 0);
        snprintf(name, sizeof name, "transformer.%s.layers.%d.norm%d.bias", stack, i, k + 1);
        place(lw, &L->norm_b[k], name, D, 0);
    }
}

int params_layout(const s2s_config *c, float *base, s2s_weights *w, s2s_param_spec *specs, int cap,
                  size_t *total) {
    s2s_weights scratch;
    if (!w) w = &scratch;
    memset(w, 0, sizeof *w);
    layout_walk lw = {base, specs, cap, 0, 0};
    int D = c->d_model;
    place(&lw, &w->src_embed, "src_embed.weight", c->src_vocab, D);
    place(&lw, &w->tgt_embed, "tgt_embed.weight", c->tgt_vocab, D);
    for (int i = 0; i < c->n_enc; i++) place_layer(&lw, &w->enc[i], "encoder", i, 0, c);
    place(&lw, &w->enc_norm_w, "transformer.encoder.norm.weight", D, 0);
    place(&lw, &w->enc_norm_b, "transformer.encoder.norm.bias", D, 0);
    for (int i = 0; i < c->n_dec; i++) place_layer(&lw, &w->dec[i], "decoder", i, 1, c);
    place(&lw, &w->dec_norm_w, "transformer.decoder.norm.weight", D, 0);
    place(&lw, &w->dec_norm_b, "transformer.decoder.norm.bias", D, 0);
    place(&lw, &w->gen_w, "generator.weight", c->tgt_vocab, D);
    place(&lw, &w->gen_b, "generator.bias", c->tgt_vocab, 0);
    if (c->decoder == S2S_DECODER_NAT) {
        place(&lw, &w->len_w, "length_head.weight", c->max_len + 1, D);
        place(&lw, &w->len_b, "length_head.bias", c->max_len + 1, 0);
    }
    if (total) *total = lw.off;
    return lw.n;
}

/* ---- lifetime ---------------------------------------------------------------------------------- */

static int vocab_copy(s2s_vocab *dst, const s2s_vocab *src, s2s_error *err) {
    return vocab_init(dst, (const char *const *)src->sym, src->n, err);
}

int model_init(s2s_model *m, const s2s_config *c, const s2s_vocab *src, const s2s_vocab *tgt, const char *task,
               s2s_error *err) {
    memset(m, 0, sizeof *m);
    if (config_validate(c, err)) return -1;
    if (src->n != c->src_vocab || tgt->n != c->tgt_vocab)
        return s2s_fail(err, "vocabulary sizes (%d, %d) do not match the config (%d, %d)", src->n, tgt->n,
                        c->src_vocab, c->tgt_vocab);
    m->cfg = *c;
    snprintf(m->task, sizeof m->task, "%s", task ? task : "");
    params_layout(c, NULL, NULL, NULL, 0, &m->n_params);
    m->params = calloc(m->n_params, sizeof(float));
    if (!m->params) return s2s_fail(err, "out of memory for %zu parameters", m->n_params);
    params_layout(c, m->params, &m->w, NULL, 0, NULL);
    size_t P = (size_t)c->max_len + 1, D = (size_t)c->d_model;
    m->pe = malloc(sizeof(float) * P * D);
    if (!m->pe) {
        model_free(m);
        return s2s_fail(err, "out of memory for the positional encodings");
    }
    for (size_t pos = 0; pos < P; pos++) positional_encoding(m->pe + pos * D, (int)pos, (int)D);
    if (vocab_copy(&m->src, src, err) || vocab_copy(&m->tgt, tgt, err)) {
        model_free(m);
        return -1;
    }
    return 0;
}

typedef struct privatize_job {
    void *bytes;
    size_t len;
} privatize_job;

static void *privatize_thread(void *arg) {
    privatize_job job = *(privatize_job *)arg;
    free(arg);
    s2s_error err;
    /* on failure the mapping stays as loaded: the model works; only the file must stay put */
    (void)st_privatize(job.bytes, job.len, &err);
    return NULL;
}

void model_privatize_start(s2s_model *m) {
    if (!m->mapped || m->privatizing) return;
    privatize_job *job = malloc(sizeof *job);
    if (!job) return;
    *job = (privatize_job){m->mapped, m->mapped_len};
    pthread_t t;
    if (pthread_create(&t, NULL, privatize_thread, job) != 0) {
        free(job);
        return;
    }
    m->privatizer = (unsigned long)t;
    m->privatizing = 1;
}

void model_free(s2s_model *m) {
    if (!m) return;
    if (m->privatizing) pthread_join((pthread_t)m->privatizer, NULL); /* it is still copying the mapping */
    if (m->mapped) st_unmap(m->mapped, m->mapped_len); /* params point into it */
    else free(m->params);
    free(m->pe);
    vocab_free(&m->src);
    vocab_free(&m->tgt);
    memset(m, 0, sizeof *m);
}

/* ---- initialisation ---------------------------------------------------------------------------- */

int model_init_paper(s2s_model *m, int max_len, unsigned long long seed, s2s_error *err) {
    const char *syms[S2S_N_SPECIAL + 26] = {"<pad>", "<begin>", "<end>", "<unk>"};
    char letters[26][2];
    for (int i = 0; i < 26; i++) {
        letters[i][0] = (char)('a' + i);
        letters[i][1] = '\0';
        syms[S2S_N_SPECIAL + i] = letters[i];
    }
    s2s_vocab v;
    if (vocab_init(&v, syms, S2S_N_SPECIAL + 26, err)) return -1;
    s2s_config c = {512, 8, 2048, 6, 6, max_len, v.n, v.n, S2S_DECODER_AT};
    int rc = model_init(m, &c, &v, &v, "paper-size (random weights)", err);
    vocab_free(&v);
    if (rc == 0) model_init_random(m, seed);
    return rc;
}

static void fill_uniform(float *p, size_t n, float bound, s2s_rng *r) {
    for (size_t i = 0; i < n; i++) p[i] = (2.0f * rng_uniform(r) - 1.0f) * bound;
}

static void fill_const(float *p, size_t n, float v) {
    for (size_t i = 0; i < n; i++) p[i] = v;
}

void model_init_random(s2s_model *m, unsigned long long seed) {
    s2s_rng r;
    rng_seed(&r, seed);
    s2s_param_spec specs[16 * S2S_MAX_LAYERS + 16];
    int n = params_layout(&m->cfg, NULL, NULL, specs, (int)ARRAY_LEN(specs), NULL);
    for (int i = 0; i < n; i++) {
        const s2s_param_spec *s = &specs[i];
        float *p = m->params + s->offset;
        const char *leaf = strrchr(s->name, '.');
        int is_norm = strstr(s->name, "norm") != NULL;
        if (strstr(s->name, "embed")) {
            /* std 1/sqrt(D): the forward multiplies by sqrt(D), so embeddings enter at unit scale */
            for (size_t k = 0; k < s->numel; k++) p[k] = rng_normal(&r) / sqrtf((float)m->cfg.d_model);
        } else if (is_norm) {
            fill_const(p, s->numel, strcmp(leaf, ".weight") == 0 ? 1.0f : 0.0f);
        } else if (s->ndim == 2 && strncmp(s->name, "transformer.", 12) == 0) {
            /* nn.Transformer._reset_parameters: xavier_uniform on every matrix inside it */
            fill_uniform(p, s->numel, sqrtf(6.0f / (float)(s->shape[0] + s->shape[1])), &r);
        } else if (strstr(s->name, "in_proj_bias") || strstr(s->name, "out_proj.bias")) {
            fill_const(p, s->numel, 0.0f);
        } else if (s->ndim == 2) {
            /* nn.Linear: kaiming_uniform(a=sqrt(5)) = U(-1/sqrt(in), 1/sqrt(in)) */
            fill_uniform(p, s->numel, 1.0f / sqrtf((float)s->shape[1]), &r);
        } else {
            /* a Linear's bias: U(-1/sqrt(in), 1/sqrt(in)); the weight precedes it */
            fill_uniform(p, s->numel, 1.0f / sqrtf((float)specs[i - 1].shape[1]), &r);
        }
    }
}
