/* decode_json.c: see decode_json.h. */
#include "cli/decode_json.h"

#include <math.h>
#include <string.h>

#include "core/beam.h"
#include <stdlib.h>

cJSON *decode_json_tokens(const s2s_vocab *v, const int *ids, int n) {
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++) cJSON_AddItemToArray(a, cJSON_CreateString(v->sym[ids[i]]));
    return a;
}

cJSON *decode_json_matrix(const s2s_trace *tr, trace_block b, int layer, trace_sublayer sub, trace_op op, int head,
                          int rows, int cols) {
    float *buf = malloc(sizeof(float) * (size_t)(rows > 0 ? rows : 1) * (size_t)(cols > 0 ? cols : 1));
    cJSON *a = cJSON_CreateArray();
    if (!buf) return a;
    int r_, c_;
    if (rows > 0 && cols > 0) trace_gather(tr, b, layer, sub, op, head, TRACE_ALL, buf, rows, cols, &r_, &c_);
    for (int r = 0; r < rows; r++) {
        cJSON *row = cJSON_CreateArray();
        for (int c = 0; c < cols; c++) {
            float v = buf[(size_t)r * cols + c];
            cJSON_AddItemToArray(row, cJSON_CreateNumber(isnan(v) ? 0.0 : (double)v));
        }
        cJSON_AddItemToArray(a, row);
    }
    free(buf);
    return a;
}

/* [layer][head][rows][cols] for one kind of attention. */
static cJSON *attention_kind(const s2s_trace *tr, trace_block b, trace_sublayer sub, int layers, int heads, int rows,
                             int cols) {
    cJSON *ls = cJSON_CreateArray();
    for (int l = 0; l < layers; l++) {
        cJSON *hs = cJSON_CreateArray();
        for (int h = 0; h < heads; h++) cJSON_AddItemToArray(hs, decode_json_matrix(tr, b, l, sub, TO_WEIGHTS, h, rows, cols));
        cJSON_AddItemToArray(ls, hs);
    }
    return ls;
}

cJSON *decode_json_object(const s2s_model *m, const s2s_decode_result *r, const s2s_trace *tr) {
    const s2s_config *c = &m->cfg;
    int S = r->n_src, T = r->n_rows;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "task", m->task);
    cJSON_AddStringToObject(o, "decoder", c->decoder == S2S_DECODER_NAT ? "nat" : "at");
    cJSON_AddItemToObject(o, "source", decode_json_tokens(&m->src, r->src, r->n_src));
    cJSON_AddItemToObject(o, "decoder_input", decode_json_tokens(&m->tgt, r->dec_in, T));
    cJSON_AddItemToObject(o, "output", decode_json_tokens(&m->tgt, r->out, r->n_out));
    cJSON *probs = cJSON_CreateArray();
    for (int i = 0; i < r->n_out; i++) cJSON_AddItemToArray(probs, cJSON_CreateNumber((double)r->out_prob[i]));
    cJSON_AddItemToObject(o, "output_probs", probs);
    cJSON_AddNumberToObject(o, "passes", r->passes);
    cJSON_AddNumberToObject(o, "us", r->us);
    cJSON_AddItemToObject(o, "logits", decode_json_matrix(tr, TB_GENERATOR, -1, TS_NONE, TO_LOGITS, -1, T, c->tgt_vocab));
    cJSON *att = cJSON_AddObjectToObject(o, "attention");
    cJSON_AddItemToObject(att, "encoder_self", attention_kind(tr, TB_ENCODER, TS_SELF_ATTN, c->n_enc, c->n_heads, S, S));
    cJSON_AddItemToObject(att, "decoder_self", attention_kind(tr, TB_DECODER, TS_SELF_ATTN, c->n_dec, c->n_heads, T, T));
    cJSON_AddItemToObject(att, "cross", attention_kind(tr, TB_DECODER, TS_CROSS_ATTN, c->n_dec, c->n_heads, T, S));
    if (c->decoder == S2S_DECODER_NAT) {
        cJSON *len = cJSON_AddObjectToObject(o, "length");
        cJSON *ll = decode_json_matrix(tr, TB_LENGTH, -1, TS_NONE, TO_LENGTH_LOGITS, -1, 1, c->max_len + 1);
        cJSON_AddItemToObject(len, "logits", cJSON_DetachItemFromArray(ll, 0));
        cJSON_Delete(ll);
        cJSON_AddNumberToObject(len, "predicted", r->nat_predicted);
        cJSON_AddNumberToObject(len, "used", r->nat_length);
    }
    return o;
}

char *decode_json(const s2s_model *m, const s2s_decode_result *r, const s2s_trace *tr) {
    cJSON *o = decode_json_object(m, r, tr);
    char *s = o ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    return s;
}

cJSON *decode_json_beam(const s2s_vocab *v, const s2s_beam_tree *t) {
    cJSON *steps = cJSON_CreateArray();
    int first = 0, prev_first = 0, ids[S2S_MAX_LEN + 1];
    for (int s = 0; s < t->n_steps; s++) {
        int end = first;
        while (end < t->n && t->nodes[end].step == s) end++;
        cJSON *st = cJSON_CreateObject(), *hs = cJSON_CreateArray();
        cJSON_AddNumberToObject(st, "step", s + 1);
        for (int i = first; i < end; i++) {
            const s2s_beam_node *nd = &t->nodes[i];
            cJSON *h = cJSON_CreateObject();
            int n = beam_tree_tokens(t, i, ids, S2S_MAX_LEN + 1);
            cJSON_AddItemToObject(h, "tokens", decode_json_tokens(v, ids, n));
            cJSON_AddNumberToObject(h, "logprob", (double)nd->logprob);
            cJSON_AddNumberToObject(h, "token_logprob", (double)nd->token_logprob);
            cJSON_AddNumberToObject(h, "parent", nd->parent < 0 ? -1 : nd->parent - prev_first);
            cJSON_AddBoolToObject(h, "kept", nd->kept);
            cJSON_AddBoolToObject(h, "done", nd->done);
            if (nd->done) cJSON_AddNumberToObject(h, "normalised", (double)beam_tree_normalised(t, i));
            cJSON_AddBoolToObject(h, "winner", i == t->winner);
            cJSON_AddItemToArray(hs, h);
        }
        cJSON_AddItemToObject(st, "hypotheses", hs);
        cJSON_AddItemToArray(steps, st);
        prev_first = first;
        first = end;
    }
    return steps;
}

cJSON *decode_json_loss(const s2s_vocab *tgt, const s2s_teacher_loss *l) {
    cJSON *o = cJSON_CreateObject(), *per = cJSON_CreateArray(), *probs = cJSON_CreateArray();
    for (int i = 0; i < l->n; i++) {
        cJSON_AddItemToArray(per, cJSON_CreateNumber((double)l->loss[i]));
        cJSON_AddItemToArray(probs, cJSON_CreateNumber((double)l->prob[i]));
    }
    cJSON_AddItemToObject(o, "per_position", per);
    cJSON_AddNumberToObject(o, "mean", (double)l->mean);
    cJSON_AddItemToObject(o, "labels", decode_json_tokens(tgt, l->label, l->n));
    cJSON_AddItemToObject(o, "probs", probs);
    return o;
}
