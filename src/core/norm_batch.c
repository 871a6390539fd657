/* norm_batch.c: see norm_batch.h. */
#include "core/norm_batch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tasks.h"

void norm_batch_free(norm_batch *nb) {
    if (!nb) return;
    free(nb->x); /* one allocation: every array below points into it */
    memset(nb, 0, sizeof *nb);
}

int norm_batch_alloc(norm_batch *nb, int B, int T, int D, s2s_error *err) {
    memset(nb, 0, sizeof *nb);
    if (B < 1 || B > NORM_MAX_BATCH) return s2s_fail(err, "a batch of %d sentences; 1 to %d are shown", B, NORM_MAX_BATCH);
    if (T < 1 || T > S2S_MAX_LEN + 1 || D < 1) return s2s_fail(err, "a batch of %d positions and %d features", T, D);
    size_t btd = (size_t)B * T * D, bt = (size_t)B * T;
    float *p = calloc(4 * btd + 2 * bt + 4 * (size_t)D, sizeof(float));
    if (!p) return s2s_fail(err, "out of memory for the batch");
    nb->B = B, nb->T = T, nb->D = D;
    nb->x = p, p += btd;
    nb->ln = p, p += btd;
    nb->bn = p, p += btd;
    nb->bn_pad = p, p += btd;
    nb->ln_mean = p, p += bt;
    nb->ln_var = p, p += bt;
    nb->bn_mean = p, p += D;
    nb->bn_var = p, p += D;
    nb->bn_pad_mean = p, p += D;
    nb->bn_pad_var = p;
    return 0;
}

/* Per-feature mean and biased variance over the tokens of x (B, T, D): the real ones, or all T positions of every sentence with_padding. */
static void feature_stats(const norm_batch *nb, int with_padding, float *mean, float *var) {
    int B = nb->B, T = nb->T, D = nb->D;
    for (int d = 0; d < D; d++) {
        double s = 0.0, s2 = 0.0;
        int n = 0;
        for (int b = 0; b < B; b++)
            for (int t = 0; t < (with_padding ? T : nb->len[b]); t++) {
                double v = nb->x[((size_t)b * T + t) * D + d];
                s += v;
                n++;
            }
        double mu = n ? s / n : 0.0;
        for (int b = 0; b < B; b++)
            for (int t = 0; t < (with_padding ? T : nb->len[b]); t++) {
                double v = nb->x[((size_t)b * T + t) * D + d] - mu;
                s2 += v * v;
            }
        mean[d] = (float)mu;
        var[d] = (float)(n ? s2 / n : 0.0);
    }
}

void norm_batch_compute(norm_batch *nb) {
    int B = nb->B, T = nb->T, D = nb->D;
    feature_stats(nb, 0, nb->bn_mean, nb->bn_var);
    feature_stats(nb, 1, nb->bn_pad_mean, nb->bn_pad_var);
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            size_t bt = (size_t)b * T + t;
            const float *x = nb->x + bt * D; /* (D) one token's sum */
            float *ln = nb->ln + bt * D, *bn = nb->bn + bt * D, *bp = nb->bn_pad + bt * D;
            int real = t < nb->len[b];
            double s = 0.0, s2 = 0.0;
            for (int d = 0; d < D; d++) s += x[d];
            double mu = s / D;
            for (int d = 0; d < D; d++) s2 += (x[d] - mu) * (x[d] - mu);
            nb->ln_mean[bt] = real ? (float)mu : 0.0f;
            nb->ln_var[bt] = real ? (float)(s2 / D) : 0.0f;
            double inv = 1.0 / sqrt(s2 / D + NORM_EPS);
            for (int d = 0; d < D; d++) {
                ln[d] = real ? (float)((x[d] - mu) * inv) : 0.0f;
                bn[d] = real ? (float)((x[d] - nb->bn_mean[d]) / sqrt((double)nb->bn_var[d] + NORM_EPS)) : 0.0f;
                bp[d] = (float)((x[d] - nb->bn_pad_mean[d]) / sqrt((double)nb->bn_pad_var[d] + NORM_EPS));
            }
        }
}

int norm_batch_build(norm_batch *nb, const s2s_model *m, const char *const *inputs, int B, trace_block block,
                     int layer, trace_sublayer sub, s2s_error *err) {
    memset(nb, 0, sizeof *nb);
    if (B < 1 || B > NORM_MAX_BATCH) return s2s_fail(err, "a batch of %d sentences; 1 to %d are shown", B, NORM_MAX_BATCH);
    int n_layers = block == TB_ENCODER ? m->cfg.n_enc : m->cfg.n_dec;
    if ((block != TB_ENCODER && block != TB_DECODER) || layer < 0 || layer >= n_layers || sub < TS_SELF_ATTN ||
        sub > TS_FFN || (block == TB_ENCODER && sub == TS_CROSS_ATTN))
        return s2s_fail(err, "that is not an Add & Norm of this model");
    int D = m->cfg.d_model;
    s2s_decode_result *res = calloc((size_t)B, sizeof *res);
    s2s_trace *tr = calloc((size_t)B, sizeof *tr);
    int rc = -1;
    if (!res || !tr) {
        s2s_fail(err, "out of memory");
        goto done;
    }
    int T = 1;
    for (int b = 0; b < B; b++) {
        int src[S2S_MAX_LEN], n;
        trace_init(&tr[b]);
        if (decode_tokenize_source(m, inputs[b], src, &n, err) ||
            decode_run(m, src, n, NULL, &tr[b], &res[b], err)) {
            s2s_fail_prefix(err, "sentence %d: ", b + 1);
            goto done;
        }
        int len = block == TB_ENCODER ? res[b].n_src : res[b].n_rows;
        if (len > T) T = len;
    }
    if (norm_batch_alloc(nb, B, T, D, err)) goto done;
    nb->target_vocab = block == TB_DECODER;
    for (int b = 0; b < B; b++) {
        int rows = 0, cols = 0;
        if (trace_gather(&tr[b], block, layer, sub, TO_ADD, -1, TRACE_ALL, nb->x + (size_t)b * T * D, T, D, &rows, &cols) ||
            cols != D) {
            s2s_fail(err, "sentence %d: the decode recorded no sums there", b + 1);
            norm_batch_free(nb);
            goto done;
        }
        nb->len[b] = rows;
        const int *ids = block == TB_ENCODER ? res[b].src : res[b].dec_in;
        for (int t = 0; t < rows; t++) nb->ids[b][t] = ids[t];
    }
    norm_batch_compute(nb);
    rc = 0;
done:
    for (int b = 0; tr && b < B; b++) trace_free(&tr[b]);
    free(tr);
    free(res);
    return rc;
}

int norm_batch_heldout(const s2s_model *m, int first, int B, char *out, size_t cap) {
    int task = task_find(m->task);
    if (task < 0) return 0;
    int n = 0;
    int *used_len = malloc(sizeof(int) * (size_t)(B > 0 ? B : 1)); /* (B) the token count of each one found; B may exceed NORM_MAX_BATCH (a pool to choose from) */
    if (!used_len) return 0;
    char src[TASK_TEXT_MAX], tgt[TASK_TEXT_MAX];
    /* two sweeps: first only lengths not taken yet, then anything, so lengths differ where they can */
    for (int sweep = 0; sweep < 2 && n < B; sweep++)
        for (int i = first; i < first + 400 && n < B && task_heldout((s2s_task_id)task, i, src, tgt) == 0; i++) {
            int ids[S2S_MAX_LEN], k;
            s2s_error err;
            if (decode_tokenize_source(m, src, ids, &k, &err)) continue;
            int dup = 0;
            for (int j = 0; j < n; j++) dup |= sweep == 0 ? used_len[j] == k : strcmp(out + (size_t)j * cap, src) == 0;
            if (dup) continue;
            used_len[n] = k;
            snprintf(out + (size_t)n * cap, cap, "%s", src);
            n++;
        }
    free(used_len);
    return n;
}
