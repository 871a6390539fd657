/* lens.c: see lens.h. */
#include "core/lens.h"

#include <stdlib.h>
#include <string.h>

#include "core/ops.h"

int lens_read(const s2s_model *m, const s2s_trace *tr, int upto, int row, float *probs, s2s_error *err) {
    const s2s_config *c = &m->cfg;
    int D = c->d_model, V = c->tgt_vocab, R = c->max_len + 1;
    float *x = malloc(sizeof(float) * (size_t)R * D), *y = malloc(sizeof(float) * (size_t)D); /* (R, D), (D) */
    if (!x || !y) {
        free(x);
        free(y);
        return s2s_fail(err, "out of memory for the logit lens");
    }
    int n = 0;
    for (int l = 0; l < c->n_dec; l++, n++) {
        int rows = 0, cols = 0;
        if (trace_gather(tr, TB_DECODER, l, TS_FFN, TO_NORM, -1, upto, x, R, D, &rows, &cols) || row >= rows) break;
        layernorm_forward(y, NULL, NULL, x + (size_t)row * D, m->w.dec_norm_w, m->w.dec_norm_b, 1, D);
        matmul_forward(probs + (size_t)l * V, y, m->w.gen_w, m->w.gen_b, 1, D, V);
        softmax_rows(probs + (size_t)l * V, 1, V);
    }
    free(x);
    free(y);
    return n;
}
