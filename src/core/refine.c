/* refine.c: iterative refinement of a NAT decode (Mask-Predict), see refine.h. */
#define _POSIX_C_SOURCE 200809L
#include "core/refine.h"

#include <math.h>
#include <string.h>

#include "core/clock.h"
#include "core/ops.h"
#include "core/util.h"

int refine_count(int n, int t, int T) {
    if (n <= 0 || T <= 0 || t >= T) return 0;
    return (int)((long long)n * (T - t) / T);
}

void refine_choose(const float *conf, int n, int k, unsigned char *masked) {
    memset(masked, 0, (size_t)n);
    /* k rounds of "the least confident position not yet taken": n is at most M, k at most n */
    for (int j = 0; j < k && j < n; j++) {
        int lo = -1;
        for (int i = 0; i < n; i++)
            if (!masked[i] && (lo < 0 || conf[i] < conf[lo])) lo = i;
        masked[lo] = 1;
    }
}

/* The generator.refine step of trace pass `pass` over n positions (see refine_row). before and
 * conf_before may be NULL (the first pass: nothing before it). */
static int record(s2s_trace *tr, int pass, int n, const int *before, const float *conf_before,
                  const unsigned char *masked, const int *after, const float *conf_after, s2s_error *err) {
    if (!tr || n <= 0) return 0;
    float *x = trace_add(tr, TB_GENERATOR, -1, TS_NONE, TO_REFINE, -1, pass, 0, REFINE_ROWS, n); /* (REFINE_ROWS, n) */
    if (!x) return s2s_fail(err, "out of memory for the trace");
    for (int i = 0; i < n; i++) {
        x[REFINE_TOKEN_BEFORE * n + i] = before ? (float)before[i] : NAN;
        x[REFINE_MASKED * n + i] = masked ? (float)masked[i] : 1.0f;
        x[REFINE_CONF_BEFORE * n + i] = conf_before ? conf_before[i] : NAN;
        x[REFINE_TOKEN_AFTER * n + i] = (float)after[i];
        x[REFINE_CONF_AFTER * n + i] = conf_after[i];
    }
    return 0;
}

int refine_record_first(s2s_trace *tr, const s2s_decode_result *res, s2s_error *err) {
    return record(tr, 0, res->nat_length, NULL, NULL, NULL, res->out, res->out_prob, err);
}

int refine_pass(s2s_runner *r, int t, int T, s2s_trace *tr, s2s_decode_result *res, float *logits, s2s_error *err) {
    int n = res->nat_length, V = r->m->cfg.tgt_vocab, k = refine_count(n, t, T);
    if (k == 0) return 1;
    double t0 = clock_us();
    unsigned char masked[S2S_MAX_LEN + 1]; /* (n) */
    int before[S2S_MAX_LEN + 1];           /* (n) tokens before this pass */
    float conf_before[S2S_MAX_LEN + 1];    /* (n) */
    memcpy(before, res->out, sizeof(int) * (size_t)n);
    memcpy(conf_before, res->out_prob, sizeof(float) * (size_t)n);
    refine_choose(conf_before, n, k, masked);
    /* the decoder input: the kept tokens, <begin> where re-masked, <end> past the length */
    for (int i = 0; i < res->n_dec_in; i++)
        res->dec_in[i] = i >= n ? S2S_END : masked[i] ? S2S_BEGIN : before[i];
    runner_rewind(r, 0);
    if (runner_decode(r, res->dec_in, res->n_dec_in, 0, tr, t, logits, err)) return -1;
    for (int i = 0; i < n; i++) {
        if (!masked[i]) continue; /* kept: its token and its confidence from the pass that chose it */
        float *row = logits + (size_t)i * V;
        int best = 0;
        for (int v = 1; v < V; v++)
            if (row[v] > row[best]) best = v;
        softmax_row(row, row, V);
        res->out[i] = best;
        res->out_prob[i] = row[best];
    }
    res->passes++;
    if (tr && tr->n_passes < (int)ARRAY_LEN(tr->pass_us)) tr->pass_us[tr->n_passes++] = clock_us() - t0;
    if (record(tr, t, n, before, conf_before, masked, res->out, res->out_prob, err)) return -1;
    return t + 1 >= T || refine_count(n, t + 1, T) == 0 ? 1 : 0;
}
