/* decode.c: the decode engine, see decode.h. */
#define _POSIX_C_SOURCE 200809L
#include "core/decode.h"
#include "core/clock.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/beam.h"
#include "core/forward.h"
#include "core/i18n.h"
#include "core/ops.h"
#include "core/refine.h"
#include "core/util.h"

s2s_decode_opts decode_opts_default(void) {
    s2s_decode_opts o;
    memset(&o, 0, sizeof o);
    o.beam = 1;
    o.n_target = -1;
    o.nat_length = S2S_NAT_LENGTH_CLASSIFIER;
    o.sampling = sampling_default();
    return o;
}

static int argmax(const float *x, int n) {
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

/* softmax(logits)[id], over n logits (turned into probabilities in place). */
static float prob_of(float *logits, int n, int id) {
    softmax_row(logits, logits, n);
    return logits[id];
}

static void note_pass(s2s_trace *tr, double t0) {
    if (tr && tr->n_passes < (int)ARRAY_LEN(tr->pass_us)) tr->pass_us[tr->n_passes++] = clock_us() - t0;
}

/* ---- AT --------------------------------------------------------------------------------------- */

/* One greedy step t with the key/value cache: a decoder pass over the newest token. The first
 * n_forced tokens are imposed (what-if, beam replay) instead of chosen. Returns 1 when decoding
 * has finished (<end> or max_steps), 0 when more steps remain, -1 on error. */
/* The next token after logits (V): the argmax, or a draw from the sampling distribution. */
static int choose_next(const s2s_sampling *s, s2s_rng *rng, const float *logits, int V, s2s_error *err) {
    if (!s->on) return argmax(logits, V);
    float *p = malloc(sizeof(float) * (size_t)V);
    if (!p || sample_distribution(s, logits, V, p)) {
        free(p);
        return s2s_fail(err, "out of memory while sampling");
    }
    int id = sample_draw(p, V, rng);
    free(p);
    return id;
}

static int greedy_step(s2s_runner *r, const s2s_decode_opts *o, s2s_rng *rng, int t, int max_steps, s2s_trace *tr,
                       s2s_decode_result *res, float *logits, s2s_error *err) {
    int V = r->m->cfg.tgt_vocab;
    double t0 = clock_us();
    if (t == 0) {
        res->dec_in[0] = S2S_BEGIN;
        res->n_dec_in = 1;
    }
    if (runner_decode(r, &res->dec_in[t], 1, 1, tr, t, logits, err)) return -1;
    int next = t < o->n_forced ? o->forced[t] : choose_next(&o->sampling, rng, logits, V, err);
    if (next == -1 && t >= o->n_forced) return -1;
    if (next < 0 || next >= V) return s2s_fail(err, "forced token id %d is outside the vocabulary", next);
    res->out_prob[res->n_out] = prob_of(logits, V, next);
    res->out[res->n_out++] = next;
    res->passes++;
    res->n_rows = t + 1;
    note_pass(tr, t0);
    if (next == S2S_END || t + 1 >= max_steps) return 1;
    res->dec_in[res->n_dec_in++] = next;
    return 0;
}

/* ---- teacher forcing and NAT: one decoder pass over every position ---------------------------- */

static int one_pass(s2s_runner *r, int T, int causal, s2s_trace *tr, s2s_decode_result *res, float *logits,
                    s2s_error *err) {
    int V = r->m->cfg.tgt_vocab;
    double t0 = clock_us();
    runner_rewind(r, 0);
    if (runner_decode(r, res->dec_in, T, causal, tr, 0, logits, err)) return -1;
    res->passes = 1;
    res->n_rows = T;
    for (int i = 0; i < T; i++) {
        float *row = logits + (size_t)i * V;
        int best = argmax(row, V);
        res->out[i] = best;
        res->out_prob[i] = prob_of(row, V, best);
    }
    res->n_out = T;
    note_pass(tr, t0);
    return 0;
}

/* The NAT length: the classifier's argmax, max_len (cut later at the first <end>), or the target's
 * length plus <end>. Fills the all-<begin> decoder input: max_len positions in every mode, teacher
 * forcing included, because the model is trained on max_len positions (reference/README.md) and,
 * its self-attention being unmasked, each position's output depends on how many there are; the
 * length then keeps the first outputs. (A teacher-forced pass on only the target's positions scored
 * a different input from the one trained on: its held-out loss rose while the model learnt.) */
static int nat_length(s2s_runner *r, const s2s_decode_opts *o, s2s_trace *tr, s2s_decode_result *res, s2s_error *err) {
    int M = r->m->cfg.max_len;
    float len_logits[S2S_MAX_LEN + 1];
    if (o->n_target >= M)
        return s2s_fail(err, _("the target is %d tokens; this NAT model scores at most %d (its %d positions hold the target and <end>)"),
                        o->n_target, M - 1, M);
    if (runner_length(r, tr, len_logits, err)) return -1;
    res->nat_predicted = argmax(len_logits, M + 1);
    int classifier = o->n_target < 0 && o->nat_length == S2S_NAT_LENGTH_CLASSIFIER;
    int T = classifier && res->nat_predicted == 0 ? 0 : M; /* 0: the classifier says empty */
    res->n_dec_in = T;
    for (int i = 0; i < T; i++) res->dec_in[i] = S2S_BEGIN;
    res->nat_length = o->n_target >= 0 ? o->n_target + 1 : classifier ? res->nat_predicted : M;
    return 0;
}

/* The NAT pass over every position at once; the output is the classifier's length of positions, or
 * with the <end> mode cut after the first <end>. */
static int nat_pass(s2s_runner *r, const s2s_decode_opts *o, s2s_trace *tr, s2s_decode_result *res, float *logits,
                    s2s_error *err) {
    int T = res->n_dec_in;
    if (one_pass(r, T, 0, tr, res, logits, err)) return -1;
    if (o->n_target < 0 && o->nat_length == S2S_NAT_LENGTH_END) {
        int cut = 0;
        while (cut < T && res->out[cut] != S2S_END) cut++;
        res->nat_length = cut;
        res->n_out = cut < T ? cut + 1 : T; /* <end> included when produced */
    } else {
        res->n_out = res->nat_length; /* the classifier's length 0..M, or the target's plus <end> */
    }
    return 0;
}

/* ---- entry ------------------------------------------------------------------------------------- */

typedef enum { STAGE_GREEDY, STAGE_ONE_PASS, STAGE_NAT, STAGE_REFINE, STAGE_DONE } decoder_stage;

struct s2s_decoder {
    const s2s_model *m;
    s2s_decode_opts o;
    s2s_trace *tr;              /* may be NULL */
    s2s_decode_result *res;
    s2s_runner r;
    float *logits;              /* (M+1, Vt) */
    decoder_stage stage;
    int t, max_steps;           /* greedy: the next step, and the last one allowed */
    int best[S2S_MAX_LEN + 1];  /* beam search's answer, replayed as forced tokens */
    int beam_passes;
    s2s_rng rng;                /* sampling: seeded from opts.sampling.seed */
};

void decoder_free(s2s_decoder *d) {
    if (!d) return;
    free(d->logits);
    runner_free(&d->r);
    free(d);
}

int decoder_begin(s2s_decoder **out, const s2s_model *m, const int *src, int n_src, const s2s_decode_opts *opts,
                  s2s_trace *tr, s2s_decode_result *res, s2s_error *err) {
    *out = NULL;
    s2s_decode_opts o = opts ? *opts : decode_opts_default();
    const s2s_config *c = &m->cfg;
    memset(res, 0, sizeof *res);
    if (n_src < 1 || n_src > c->max_len)
        return s2s_fail(err, "the input is %d tokens; this model takes 1 to %d", n_src, c->max_len);
    if (o.n_target > c->max_len)
        return s2s_fail(err, "the target is %d tokens; this model takes at most %d", o.n_target, c->max_len);
    if (o.beam < 1 || o.beam > 64) return s2s_fail(err, "beam width %d is outside 1..64", o.beam);
    if (o.iterations < 0 || o.iterations > REFINE_MAX_ITERATIONS)
        return s2s_fail(err, "%d refinement iterations is outside 0..%d", o.iterations, REFINE_MAX_ITERATIONS);
    if (o.sampling.on && (o.beam > 1 || o.beam_search))
        return s2s_fail(err, "sampling and beam search do not combine: choose one");
    if (o.sampling.on && c->decoder == S2S_DECODER_NAT)
        return s2s_fail(err, "sampling is for AT models; this one is NAT (one pass, no next token to draw)");
    s2s_decoder *d = calloc(1, sizeof *d);
    if (!d) return s2s_fail(err, "out of memory");
    d->m = m;
    d->o = o;
    d->tr = tr;
    d->res = res;
    rng_seed(&d->rng, (uint64_t)o.sampling.seed);
    d->max_steps = o.max_steps > 0 && o.max_steps < c->max_len ? o.max_steps : c->max_len;
    memcpy(res->src, src, sizeof(int) * (size_t)n_src);
    res->n_src = n_src;
    if (tr) trace_reset(tr);
    if (runner_init(&d->r, m, err)) {
        free(d);
        return -1;
    }
    d->r.ablate = o.ablation;
    d->logits = malloc(sizeof(float) * (size_t)(c->max_len + 1) * c->tgt_vocab);
    if (!d->logits) {
        decoder_free(d);
        return s2s_fail(err, "out of memory");
    }
    double t0 = clock_us();
    if (runner_encode(&d->r, src, n_src, tr, err)) {
        decoder_free(d);
        return -1;
    }
    if (c->decoder == S2S_DECODER_NAT) {
        if (nat_length(&d->r, &d->o, tr, res, err)) {
            decoder_free(d);
            return -1;
        }
        d->stage = res->n_dec_in > 0 ? STAGE_NAT : STAGE_DONE; /* length 0: nothing to decode */
    } else if (o.n_target >= 0) {
        res->dec_in[0] = S2S_BEGIN;
        memcpy(res->dec_in + 1, o.target, sizeof(int) * (size_t)o.n_target);
        res->n_dec_in = o.n_target + 1;
        d->stage = STAGE_ONE_PASS;
    } else {
        d->stage = STAGE_GREEDY;
        if (o.beam > 1 || o.beam_search) {
            int n_best = 0;
            d->beam_passes = beam_search(&d->r, d->o.beam, d->max_steps, d->o.beam_tree, d->best, &n_best, err);
            if (d->beam_passes < 0) {
                decoder_free(d);
                return -1;
            }
            d->o.forced = d->best;
            d->o.n_forced = n_best;
            d->max_steps = n_best;
        }
    }
    res->us = clock_us() - t0;
    *out = d;
    return 0;
}

int decoder_next(s2s_decoder *d, s2s_error *err) {
    double t0 = clock_us();
    int rc;
    switch (d->stage) {
    case STAGE_GREEDY:
        rc = greedy_step(&d->r, &d->o, &d->rng, d->t++, d->max_steps, d->tr, d->res, d->logits, err);
        if (rc == 1 && (d->o.beam > 1 || d->o.beam_search)) d->res->passes = d->beam_passes; /* the passes the search made */
        break;
    case STAGE_ONE_PASS: rc = one_pass(&d->r, d->res->n_dec_in, 1, d->tr, d->res, d->logits, err) ? -1 : 1; break;
    case STAGE_NAT:
        rc = nat_pass(&d->r, &d->o, d->tr, d->res, d->logits, err) ? -1 : 1;
        if (rc == 1 && d->o.iterations > 0 && d->o.n_target < 0 && d->res->nat_length > 0) { /* Mask-Predict */
            rc = refine_record_first(d->tr, d->res, err) ? -1 : 0;
            d->stage = STAGE_REFINE;
        }
        break;
    case STAGE_REFINE:
        rc = refine_pass(&d->r, d->res->passes, d->o.iterations + 1, d->tr, d->res, d->logits, err);
        break;
    default: rc = 1; break;
    }
    d->res->us += clock_us() - t0;
    if (rc != 0) d->stage = STAGE_DONE;
    return rc;
}

int decode_run(const s2s_model *m, const int *src, int n_src, const s2s_decode_opts *opts, s2s_trace *tr,
               s2s_decode_result *res, s2s_error *err) {
    s2s_decoder *d;
    if (decoder_begin(&d, m, src, n_src, opts, tr, res, err)) return -1;
    int rc;
    while ((rc = decoder_next(d, err)) == 0) {
    }
    decoder_free(d);
    return rc < 0 ? -1 : 0;
}

/* ---- tokenizing -------------------------------------------------------------------------------- */

static int tokenize_bounded(const s2s_vocab *v, int max_len, const char *text, int *ids, int *n, const char *what,
                            s2s_error *err) {
    int tmp[4 * S2S_MAX_LEN];
    if (vocab_tokenize(v, text, tmp, 4 * S2S_MAX_LEN, n, err)) {
        if (*n > 4 * S2S_MAX_LEN) /* past the scratch space: still say the model's limit */
            return s2s_fail(err, _("%s: more than %d tokens is longer than this model's limit of %d"), what,
                            4 * S2S_MAX_LEN, max_len);
        return s2s_fail_prefix(err, "%s: ", what);
    }
    if (*n > max_len) return s2s_fail(err, _("%s: %d tokens is longer than this model's limit of %d"), what, *n, max_len);
    memcpy(ids, tmp, sizeof(int) * (size_t)*n);
    return 0;
}

int decode_tokenize_source(const s2s_model *m, const char *text, int *ids, int *n, s2s_error *err) {
    if (tokenize_bounded(&m->src, m->cfg.max_len, text, ids, n, _("input"), err)) return -1;
    if (*n == 0) return s2s_fail(err, "%s", _("input: it is empty"));
    return 0;
}

int decode_tokenize_target(const s2s_model *m, const char *text, int *ids, int *n, s2s_error *err) {
    int nat = m->cfg.decoder == S2S_DECODER_NAT; /* NAT's max_len positions hold the target and <end> */
    return tokenize_bounded(&m->tgt, m->cfg.max_len - nat, text, ids, n, _("target"), err);
}
