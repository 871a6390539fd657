/* teacher.c: see teacher.h. */
#include "core/teacher.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int teacher_loss(const float *logits, int T, int V, const int *target, int n_target, s2s_teacher_loss *out,
                 s2s_error *err) {
    if (n_target < 0 || n_target > S2S_MAX_LEN) return s2s_fail(err, "the target is %d tokens", n_target);
    if (T != n_target + 1)
        return s2s_fail(err, "teacher forcing scores %d positions (the target and <end>), the decode has %d",
                        n_target + 1, T);
    out->n = T;
    double sum = 0.0;
    for (int i = 0; i < T; i++) {
        int y = i < n_target ? target[i] : S2S_END;
        if (y < 0 || y >= V) return s2s_fail(err, "target token id %d is outside the vocabulary", y);
        const float *row = logits + (size_t)i * V; /* (V) */
        double mx = row[0], z = 0.0;
        for (int k = 1; k < V; k++)
            if (row[k] > mx) mx = row[k];
        for (int k = 0; k < V; k++) z += exp((double)row[k] - mx);
        double log_p = (double)row[y] - mx - log(z); /* log-softmax at the label */
        out->label[i] = y;
        out->prob[i] = (float)exp(log_p);
        out->loss[i] = (float)-log_p;
        sum += -log_p;
    }
    out->mean = (float)(sum / T);
    return 0;
}

int teacher_loss_from_trace(const s2s_trace *tr, int V, const int *target, int n_target, s2s_teacher_loss *out,
                            s2s_error *err) {
    int cap = n_target + 1, rows = 0, cols = 0;
    float *logits = malloc(sizeof(float) * (size_t)cap * (size_t)V); /* (T, V) */
    if (!logits) return s2s_fail(err, "out of memory");
    int rc = -1;
    if (trace_gather(tr, TB_GENERATOR, -1, TS_NONE, TO_LOGITS, -1, TRACE_ALL, logits, cap, V, &rows, &cols))
        s2s_fail(err, "the decode recorded no logits");
    else
        rc = teacher_loss(logits, rows, cols, target, n_target, out, err);
    free(logits);
    return rc;
}

int teacher_pair_run(const s2s_model *m, const int *src, int n_src, const int *target, int n_target,
                     s2s_teacher_pair *out, s2s_error *err) {
    memset(out, 0, sizeof *out);
    s2s_trace tr; /* only the generator's logits are read back */
    trace_init(&tr);
    s2s_decode_opts o = decode_opts_default();
    o.target = target;
    o.n_target = n_target;
    s2s_decode_result forced;
    int rc = decode_run(m, src, n_src, &o, &tr, &forced, err);
    if (rc == 0) rc = teacher_loss_from_trace(&tr, m->cfg.tgt_vocab, target, n_target, &out->tf, err);
    trace_free(&tr);
    if (rc) return -1;
    o = decode_opts_default();
    if (decode_run(m, src, n_src, &o, NULL, &out->free, err)) return -1;
    /* a NAT decode emits no <end>: its classifier's length ends it, so a free output of exactly the
       target's length matches the label <end> */
    int n_label = m->cfg.decoder == S2S_DECODER_NAT && out->free.n_out == n_target ? n_target : out->tf.n;
    out->first_wrong = -1;
    for (int i = 0; i < n_label && out->first_wrong < 0; i++)
        if (i >= out->free.n_out || out->free.out[i] != out->tf.label[i]) out->first_wrong = i;
    if (out->first_wrong < 0 && out->free.n_out > n_label) out->first_wrong = n_label; /* it runs on past the target */
    return 0;
}
