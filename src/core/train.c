/* train.c: the training loop, AdamW and the worker threads, see train.h. */
#define _POSIX_C_SOURCE 200809L
#include "core/train.h"
#include "core/clock.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ops_kernels.h"
#include "core/pool.h"
#include "core/train_data.h"
#include "core/train_model.h"

int train_model_new(s2s_model *m, s2s_task_id task, const s2s_shape *sh, unsigned long long seed, s2s_error *err) {
    const s2s_task_info *ti = task_info(task);
    if (!ti) return s2s_fail(err, "unknown task %d", (int)task);
    static const char *const specials[S2S_N_SPECIAL] = {"<pad>", "<begin>", "<end>", "<unk>"};
    const char *syms[S2S_N_SPECIAL + 512];
    s2s_vocab src = {0}, tgt = {0};
    if (ti->n_src > 512 || ti->n_tgt > 512) return s2s_fail(err, "task %s has too many symbols", ti->name);
    memcpy(syms, specials, sizeof specials);
    memcpy(syms + S2S_N_SPECIAL, ti->src_symbols, sizeof(char *) * (size_t)ti->n_src);
    if (vocab_init(&src, syms, S2S_N_SPECIAL + ti->n_src, err)) return -1;
    memcpy(syms + S2S_N_SPECIAL, ti->tgt_symbols, sizeof(char *) * (size_t)ti->n_tgt);
    if (vocab_init(&tgt, syms, S2S_N_SPECIAL + ti->n_tgt, err)) {
        vocab_free(&src);
        return -1;
    }
    s2s_config c = {sh->d_model, sh->n_heads, sh->d_ff, sh->layers, sh->layers, ti->max_len, src.n, tgt.n,
                    sh->decoder};
    int rc = model_init(m, &c, &src, &tgt, ti->name, err);
    vocab_free(&src);
    vocab_free(&tgt);
    if (rc) return -1;
    model_init_random(m, seed);
    return 0;
}

s2s_train_opts train_opts_default(void) {
    s2s_train_opts o;
    memset(&o, 0, sizeof o);
    o.steps = 2000;
    o.batch = 64;
    o.threads = 2;
    o.lr = 1e-3f;
    o.warmup = -1; /* -1: 10% of the steps, at most 300 */
    o.weight_decay = 0.01f;
    o.clip = 1.0f;
    o.len_weight = 0.1f;
    o.seed = 1;
    o.eval_every = 200;
    o.eval_n = 200;
    return o;
}

/* ---- AdamW ------------------------------------------------------------------------------------- */

typedef struct adamw {
    float *mom;   /* (n_params) first moment, in the parameter layout */
    float *vel;   /* (n_params) second moment */
    unsigned char *decay; /* (n_params) 1 where weight decay applies (matrices) */
    int t;
} adamw;

static double lr_at(const s2s_train_opts *o, int warmup, int step) {
    if (step < warmup) return o->lr * (double)(step + 1) / (double)warmup;
    double p = o->steps > warmup ? (double)(step - warmup) / (double)(o->steps - warmup) : 1.0;
    return o->lr * (0.1 + 0.9 * 0.5 * (1.0 + cos(3.14159265358979323846 * p)));
}

/* The AdamW constants of step t (shared by every slice of the parameters). */
typedef struct adamw_consts {
    float c1, c2, lr, wd;
} adamw_consts;

static adamw_consts adamw_begin(adamw *a, double lr, float wd) {
    a->t++;
    adamw_consts k = {1.0f / (1.0f - powf(0.9f, (float)a->t)), 1.0f / (1.0f - powf(0.98f, (float)a->t)), (float)lr, wd};
    return k;
}

/* AdamW on parameters [k0, k1), gradients first scaled by gscale (clipping). */
S2S_VECTOR_CLONES
static void adamw_slice(adamw *a, const adamw_consts *k, float *p, float *g, float gscale, size_t k0, size_t k1) {
    const float b1 = 0.9f, b2 = 0.98f, eps = 1e-9f, c1 = k->c1, c2 = k->c2, wd = k->wd, lr = k->lr;
    /* distinct arrays: restrict lets the loop vectorize without checks */
    float *restrict mom = a->mom, *restrict vel = a->vel, *restrict pp = p;
    const float *restrict gg = g;
    const unsigned char *restrict decay = a->decay;
    for (size_t i = k0; i < k1; i++) {
        float gi = gg[i] * gscale;
        mom[i] = b1 * mom[i] + (1.0f - b1) * gi;
        vel[i] = b2 * vel[i] + (1.0f - b2) * gi * gi;
        float upd = (mom[i] * c1) / (sqrtf(vel[i] * c2) + eps);
        if (decay[i]) upd += wd * pp[i];
        pp[i] -= lr * upd;
    }
}

/* ---- workers ----------------------------------------------------------------------------------- */

/* What the workers share in one step. Each worker owns a shard of the batch (forward and backward)
 * and then a slice of the parameters (the gradient sum over the shards, clipping, AdamW), so the
 * serial part of a step is a handful of scalars. */
typedef struct step_shared {
    struct worker *ws;
    s2s_pool *pool; /* n threads, the caller included (NULL: one) */
    int n;
    adamw *opt;
    adamw_consts k;
    float *params;
    float gscale;
} step_shared;

typedef struct worker {
    s2s_train_ctx ctx;
    s2s_batch shard;
    s2s_loss_norm norm;
    double loss;
    int rc;
    s2s_error err;
    step_shared *sh;
    size_t k0, k1;  /* this worker's slice of the parameters */
    double sumsq;   /* sum of the squared batch gradients over the slice */
} worker;

static void worker_shard(worker *w) {
    memset(w->ctx.grads, 0, sizeof(float) * w->ctx.m->n_params);
    w->rc = train_forward_backward(&w->ctx, &w->shard, &w->norm, 1, &w->loss, NULL, &w->err);
}

/* The batch gradient over the slice: shard 0's plus the others' in thread order, into shard 0's. */
static void worker_sum(worker *w) {
    float *g = w->sh->ws[0].ctx.grads;
    double ss = 0.0;
    for (int i = 1; i < w->sh->n; i++) {
        const float *gi = w->sh->ws[i].ctx.grads;
        for (size_t k = w->k0; k < w->k1; k++) g[k] += gi[k];
    }
    for (size_t k = w->k0; k < w->k1; k++) ss += (double)g[k] * g[k];
    w->sumsq = ss;
}

static void worker_update(worker *w) {
    step_shared *sh = w->sh;
    adamw_slice(sh->opt, &sh->k, sh->params, sh->ws[0].ctx.grads, sh->gscale, w->k0, w->k1);
}

/* One phase of a step: fn on every worker (its shard, its slice of the parameters), each worker's
 * chunk taken by whichever thread is free: what a worker computes does not depend on the thread.
 * The threads live as long as the training run. */
typedef void worker_fn(worker *w);
typedef struct phase {
    worker *ws;
    int n;
    worker_fn *fn;
} phase;

static void phase_chunk(void *arg, int i) {
    const phase *p = arg;
    p->fn(&p->ws[i]);
}

static void run_all(worker *ws, int n, worker_fn *fn) {
    phase p = {ws, n, fn};
    pool_for(ws[0].sh->pool, n, phase_chunk, &p);
}

/* Splits the batch into n contiguous shards and runs them, then sums the gradients into ws[0] (each
 * worker its slice) and returns the batch loss and the gradient's norm. */
static int run_shards(worker *ws, int n, const s2s_batch *b, const s2s_loss_norm *nm, double *loss, double *gnorm,
                      s2s_error *err) {
    for (int i = 0; i < n; i++) {
        int b0 = b->B * i / n, b1 = b->B * (i + 1) / n;
        s2s_batch s = {b1 - b0, b->S, b->T, b->src + (size_t)b0 * b->S, b->tgt_in + (size_t)b0 * b->T,
                       b->tgt_out + (size_t)b0 * b->T, b->len ? b->len + b0 : NULL};
        ws[i].shard = s;
        ws[i].norm = *nm;
        ws[i].rc = 0;
    }
    run_all(ws, n, worker_shard);
    *loss = 0.0;
    for (int i = 0; i < n; i++) {
        if (ws[i].rc) return s2s_fail(err, "%s", ws[i].err.msg);
        *loss += ws[i].loss;
    }
    run_all(ws, n, worker_sum);
    double ss = 0.0;
    for (int i = 0; i < n; i++) ss += ws[i].sumsq;
    *gnorm = sqrt(ss);
    return 0;
}

/* ---- the loop ---------------------------------------------------------------------------------- */

int train_run(s2s_model *m, s2s_task_id task, const s2s_train_opts *o, s2s_train_cb cb, void *user,
              s2s_train_progress *last, s2s_error *err) {
    int n_th = o->threads < 1 ? 1 : o->threads > S2S_TRAIN_MAX_THREADS ? S2S_TRAIN_MAX_THREADS : o->threads;
    if (o->batch < 1) return s2s_fail(err, "the batch must hold at least one sequence");
    if (n_th > o->batch) n_th = o->batch;
    int warmup = o->warmup >= 0 ? o->warmup : (o->steps / 10 < 300 ? o->steps / 10 : 300);
    if (warmup < 1) warmup = 1;
    size_t np = m->n_params;
    worker *ws = calloc((size_t)n_th, sizeof *ws);
    adamw opt = {0};
    opt.mom = calloc(2 * np, sizeof(float));
    opt.decay = calloc(np, 1);
    s2s_data data;
    memset(&data, 0, sizeof data);
    step_shared sh;
    memset(&sh, 0, sizeof sh);
    int rc = -1;
    if (!ws || !opt.mom || !opt.decay) {
        s2s_fail(err, "out of memory for the optimizer");
        goto done;
    }
    opt.vel = opt.mom + np;
    s2s_param_spec specs[16 * S2S_MAX_LAYERS + 16];
    int ns = params_layout(&m->cfg, NULL, NULL, specs, (int)(sizeof specs / sizeof specs[0]), NULL);
    for (int i = 0; i < ns; i++)
        if (specs[i].ndim == 2) memset(opt.decay + specs[i].offset, 1, specs[i].numel);
    for (int i = 0; i < n_th; i++)
        if (train_ctx_init(&ws[i].ctx, m, (o->batch + n_th - 1) / n_th, err)) goto done;
    sh = (step_shared){ws, pool_new(n_th), n_th, &opt, {0, 0, 0, 0}, m->params, 1.0f};
    for (int i = 0; i < n_th; i++) {
        ws[i].sh = &sh;
        ws[i].k0 = np * (size_t)i / (size_t)n_th;
        ws[i].k1 = np * (size_t)(i + 1) / (size_t)n_th;
    }
    if (o->mask_predict && m->cfg.decoder != S2S_DECODER_NAT) {
        s2s_fail(err, "the Mask-Predict objective trains a NAT model");
        goto done;
    }
    if (data_init(&data, m, o->teacher, task, o->batch, o->seed, err)) goto done;
    data.mask_predict = o->mask_predict;

    s2s_train_progress p;
    memset(&p, 0, sizeof p);
    p.steps = o->steps;
    p.heldout_exact = -1.0;
    double t0 = clock_s(), tokens = 0.0, train_time = 0.0;
    rc = 0;
    for (int step = 0; step < o->steps; step++) {
        double ts = clock_s();
        if (data_next(&data, err)) {
            rc = -1;
            break;
        }
        s2s_loss_norm nm = {(float)data.n_tokens, (float)o->batch, o->len_weight};
        double loss = 0.0, gnorm = 0.0;
        if (run_shards(ws, n_th, &data.batch, &nm, &loss, &gnorm, err)) {
            rc = -1;
            break;
        }
        double lr = lr_at(o, warmup, step);
        sh.gscale = o->clip > 0.0f && gnorm > o->clip ? (float)(o->clip / gnorm) : 1.0f;
        sh.k = adamw_begin(&opt, lr, o->weight_decay);
        run_all(ws, n_th, worker_update);
        tokens += data.n_tokens;
        train_time += clock_s() - ts;
        p.step = step + 1;
        p.loss = loss;
        p.lr = lr;
        p.evaluated = 0;
        if (o->eval_every > 0 && o->eval_n > 0 && (p.step % o->eval_every == 0 || p.step == o->steps)) {
            s2s_eval_result er;
            if (eval_heldout(m, task, o->eval_n, S2S_NAT_LENGTH_CLASSIFIER, &er, NULL, err) == 0) {
                p.heldout_exact = er.exact_match;
                p.evaluated = 1;
            }
        }
        p.elapsed_s = clock_s() - t0;
        p.tokens_per_s = train_time > 0 ? tokens / train_time : 0.0;
        p.eta_s = p.elapsed_s / p.step * (o->steps - p.step);
        if (last) *last = p;
        if (cb && cb(&p, user)) break;
    }
done:
    pool_free(sh.pool);
    data_free(&data);
    if (ws)
        for (int i = 0; i < n_th; i++) train_ctx_free(&ws[i].ctx);
    free(ws);
    free(opt.mom);
    free(opt.decay);
    return rc;
}
