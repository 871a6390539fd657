/* train_data.c: padded batches from a task, see train_data.h. */
#include "core/train_data.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/decode.h"

/* ---- distillation cache: open addressing on a hash of the source text --------------------------- */

#define CACHE_SLOTS (1u << 15) /* more than the number-* tasks' 9000 training inputs */

typedef struct cache_slot {
    char src[TASK_TEXT_MAX];  /* "" = empty slot */
    int n;                    /* output tokens, <end> excluded */
    int out[S2S_MAX_LEN];     /* (n) */
} cache_slot;

struct s2s_distill_cache {
    cache_slot *slot; /* (CACHE_SLOTS) */
};

static uint32_t hash_text(const char *s) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

/* The teacher's greedy output for src (n_src ids), <end> excluded, remembered by text. */
static int teacher_output(s2s_data *d, const char *text, const int *src, int n_src, int *out, int *n,
                          s2s_error *err) {
    cache_slot *s = NULL;
    if (d->cache) {
        uint32_t i = hash_text(text) & (CACHE_SLOTS - 1);
        for (uint32_t probe = 0; probe < 64; probe++, i = (i + 1) & (CACHE_SLOTS - 1)) {
            cache_slot *c = &d->cache->slot[i];
            if (strcmp(c->src, text) == 0 && c->src[0]) {
                memcpy(out, c->out, sizeof(int) * (size_t)c->n);
                *n = c->n;
                return 0;
            }
            if (!c->src[0]) {
                s = c;
                break;
            }
        }
    }
    s2s_decode_result r;
    s2s_decode_opts o = decode_opts_default();
    if (decode_run(d->teacher, src, n_src, &o, NULL, &r, err)) return s2s_fail_prefix(err, "teacher: ");
    int k = 0;
    while (k < r.n_out && r.out[k] != S2S_END) k++;
    if (k > d->m->cfg.max_len - 1) k = d->m->cfg.max_len - 1; /* room for <end> */
    memcpy(out, r.out, sizeof(int) * (size_t)k);
    *n = k;
    if (s) {
        snprintf(s->src, sizeof s->src, "%s", text);
        memcpy(s->out, out, sizeof(int) * (size_t)k);
        s->n = k;
    }
    return 0;
}

/* ---- Mask-Predict ------------------------------------------------------------------------------- */

/* One example's decoder input ti and targets to (M positions) under the masked objective: k of the
 * nt token positions, k uniform in 1..nt, become <begin> and are scored (to = the token); the other
 * positions show the target (the tokens, then <end>) and are not scored (to = <pad>). When k = nt
 * every position is masked and scored, the <end> padding included: the plain NAT example, so the
 * model still learns the first decoding pass, whose input is all <begin>. */
static void mask_predict_example(s2s_rng *rng, int *ti, int *to, const int *tgts, int nt, int M) {
    int k = nt > 0 ? 1 + (int)rng_below(rng, (uint32_t)nt) : 0;
    for (int i = 0; i < M; i++) {
        int full = i < nt ? tgts[i] : S2S_END;
        ti[i] = k == nt ? S2S_BEGIN : full;
        to[i] = k == nt ? full : S2S_PAD;
    }
    if (k == nt) return;
    int order[S2S_MAX_LEN]; /* (nt) a random choice of k positions: a partial Fisher-Yates shuffle */
    for (int i = 0; i < nt; i++) order[i] = i;
    for (int i = 0; i < k; i++) {
        int j = i + (int)rng_below(rng, (uint32_t)(nt - i)), p = order[j];
        order[j] = order[i];
        order[i] = p;
        ti[p] = S2S_BEGIN;
        to[p] = tgts[p];
    }
}

/* ---- batches ----------------------------------------------------------------------------------- */

int data_init(s2s_data *d, const s2s_model *m, const s2s_model *teacher, s2s_task_id task, int B,
              unsigned long long seed, s2s_error *err) {
    memset(d, 0, sizeof *d);
    d->m = m;
    d->teacher = teacher;
    d->task = task;
    d->B = B;
    rng_seed(&d->rng, seed);
    size_t M = (size_t)m->cfg.max_len;
    d->src = malloc(sizeof(int) * ((size_t)B * (M + 2 * (M + 1)) + (size_t)B));
    if (!d->src) return s2s_fail(err, "out of memory for batches");
    d->tgt_in = d->src + (size_t)B * M;
    d->tgt_out = d->tgt_in + (size_t)B * (M + 1);
    d->len = d->tgt_out + (size_t)B * (M + 1);
    if (teacher) {
        if (teacher->cfg.decoder != S2S_DECODER_AT) {
            data_free(d);
            return s2s_fail(err, "the teacher must be an AT model");
        }
        if (teacher->src.n != m->src.n || teacher->tgt.n != m->tgt.n) {
            data_free(d);
            return s2s_fail(err, "the teacher's vocabularies differ from the student's (another task?)");
        }
        d->cache = calloc(1, sizeof *d->cache);
        if (d->cache) d->cache->slot = calloc(CACHE_SLOTS, sizeof(cache_slot));
        if (d->cache && !d->cache->slot) {
            free(d->cache);
            d->cache = NULL; /* no cache: slower, still right */
        }
    }
    return 0;
}

void data_free(s2s_data *d) {
    if (!d) return;
    free(d->src);
    if (d->cache) free(d->cache->slot);
    free(d->cache);
    memset(d, 0, sizeof *d);
}

int data_next(s2s_data *d, s2s_error *err) {
    const s2s_config *c = &d->m->cfg;
    int M = c->max_len, B = d->B, nat = c->decoder == S2S_DECODER_NAT;
    int srcs[S2S_MAX_LEN], tgts[S2S_MAX_LEN];
    int S = 1, T = 1, n_tok = 0;
    /* first pass: sample and tokenize into the (B, M) and (B, M+1) arrays at full stride */
    for (int b = 0; b < B; b++) {
        char st[TASK_TEXT_MAX], tt[TASK_TEXT_MAX];
        int ns, nt;
        task_sample(d->task, &d->rng, st, tt);
        if (vocab_tokenize(&d->m->src, st, srcs, S2S_MAX_LEN, &ns, err))
            return s2s_fail_prefix(err, "source \"%s\": ", st);
        if (ns < 1 || ns > M) return s2s_fail(err, "source \"%s\" is %d tokens; the model takes 1 to %d", st, ns, M);
        if (d->teacher) {
            if (teacher_output(d, st, srcs, ns, tgts, &nt, err)) return -1;
        } else if (vocab_tokenize(&d->m->tgt, tt, tgts, S2S_MAX_LEN, &nt, err)) {
            return s2s_fail_prefix(err, "target \"%s\": ", tt);
        }
        if (nt > M - 1) return s2s_fail(err, "target \"%s\" is %d tokens; the model takes at most %d", tt, nt, M - 1);
        int *s = d->src + (size_t)b * M, *ti = d->tgt_in + (size_t)b * (M + 1), *to = d->tgt_out + (size_t)b * (M + 1);
        memset(s, 0, sizeof(int) * (size_t)M);
        memcpy(s, srcs, sizeof(int) * (size_t)ns);
        for (int i = 0; i <= M; i++) {
            if (nat) {
                ti[i] = S2S_BEGIN;
                to[i] = i < nt ? tgts[i] : S2S_END;
            } else {
                ti[i] = i == 0 ? S2S_BEGIN : i <= nt ? tgts[i - 1] : S2S_PAD;
                to[i] = i < nt ? tgts[i] : i == nt ? S2S_END : S2S_PAD;
            }
        }
        if (nat && d->mask_predict) mask_predict_example(&d->rng, ti, to, tgts, nt, M);
        d->len[b] = nt;
        if (ns > S) S = ns;
        if (nt + 1 > T) T = nt + 1;
    }
    if (nat) T = M;
    /* second pass: compact to the batch's padded shape (S, T), in place (strides only shrink) */
    for (int b = 0; b < B; b++) {
        memmove(d->src + (size_t)b * S, d->src + (size_t)b * M, sizeof(int) * (size_t)S);
        memmove(d->tgt_in + (size_t)b * T, d->tgt_in + (size_t)b * (M + 1), sizeof(int) * (size_t)T);
        memmove(d->tgt_out + (size_t)b * T, d->tgt_out + (size_t)b * (M + 1), sizeof(int) * (size_t)T);
    }
    for (int i = 0; i < B * T; i++) n_tok += d->tgt_out[i] != S2S_PAD;
    s2s_batch bt = {B, S, T, d->src, d->tgt_in, d->tgt_out, d->len};
    d->batch = bt;
    d->n_tokens = n_tok;
    return 0;
}
