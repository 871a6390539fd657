/* trace.c: the record of a decoding run, see trace.h. Two growable arrays (steps and floats) whose
 * memory is kept across runs, so re-decoding after every keystroke allocates nothing. */
#include "core/trace.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void trace_init(s2s_trace *t) { memset(t, 0, sizeof *t); }

void trace_reset(s2s_trace *t) {
    if (t->index) memset(t->index, 0, sizeof *t->index * TRACE_INDEX_SIZE);
    t->n_steps = 0;
    t->n_data = 0;
    t->n_passes = 0;
}

void trace_free(s2s_trace *t) {
    if (!t) return;
    free(t->steps);
    free(t->data);
    free(t->index);
    memset(t, 0, sizeof *t);
}

/* (block, layer, sub, op, head) packed; never 0. */
static long long step_key(trace_block block, int layer, trace_sublayer sub, trace_op op, int head) {
    return 1 + (long long)block + 8LL * ((layer + 1) + 64LL * ((sub + 1) + 8LL * (op + 64LL * (head + 1))));
}

/* The slot of key: its own, or the empty one where it would go. NULL when the index is missing. */
static trace_index_slot *index_slot(const s2s_trace *t, long long key) {
    if (!t->index) return NULL;
    unsigned long long h = (unsigned long long)key * 0x9e3779b97f4a7c15ULL;
    for (unsigned i = 0, at = (unsigned)(h >> 51) % TRACE_INDEX_SIZE; i < TRACE_INDEX_SIZE; i++) {
        trace_index_slot *s = &t->index[(at + i) % TRACE_INDEX_SIZE];
        if (s->key == key || s->key == 0) return s;
    }
    return NULL; /* full: a model far beyond S2S_MAX_LAYERS x S2S_MAX_HEADS */
}

float *trace_add(s2s_trace *t, trace_block block, int layer, trace_sublayer sub, trace_op op, int head, int pass,
                 int row0, int rows, int cols) {
    size_t need = (size_t)rows * (size_t)cols;
    if (array_grow((void **)&t->steps, &t->cap_steps, (size_t)t->n_steps + 1, sizeof *t->steps, 1024)) return NULL;
    if (array_grow((void **)&t->data, &t->cap_data, t->n_data + need, sizeof *t->data, 1u << 16)) return NULL;
    if (!t->index && !(t->index = calloc(TRACE_INDEX_SIZE, sizeof *t->index))) return NULL;
    trace_index_slot *slot = index_slot(t, step_key(block, layer, sub, op, head));
    if (!slot) return NULL;
    int i = t->n_steps++;
    trace_step *s = &t->steps[i];
    *s = (trace_step){block, layer, sub, op, head, pass, row0, rows, cols, t->n_data, -1};
    if (slot->key == 0) {
        slot->key = step_key(block, layer, sub, op, head);
        slot->first = i;
    } else {
        t->steps[slot->last].next = i;
    }
    slot->last = i;
    t->n_data += need;
    return t->data + s->data;
}

int trace_put(s2s_trace *t, trace_block block, int layer, trace_sublayer sub, trace_op op, int head, int pass,
              int row0, int rows, int cols, const float *src) {
    float *dst = trace_add(t, block, layer, sub, op, head, pass, row0, rows, cols);
    if (!dst) return -1;
    memcpy(dst, src, sizeof(float) * (size_t)rows * (size_t)cols);
    return 0;
}

const float *trace_data(const s2s_trace *t, const trace_step *s) { return t->data + s->data; }


/* The first step of the key, or -1. */
static int first_of(const s2s_trace *t, trace_block block, int layer, trace_sublayer sub, trace_op op, int head) {
    const trace_index_slot *s = index_slot(t, step_key(block, layer, sub, op, head));
    return s && s->key ? s->first : -1;
}

int trace_find(const s2s_trace *t, trace_block block, int layer, trace_sublayer sub, trace_op op, int head,
               int pass) {
    for (int i = first_of(t, block, layer, sub, op, head); i >= 0; i = t->steps[i].next)
        if (pass == TRACE_ANY_PASS || t->steps[i].pass == pass) return i;
    return -1;
}

int trace_gather(const s2s_trace *t, trace_block block, int layer, trace_sublayer sub, trace_op op, int head,
                 int upto_step, float *out, int rows_cap, int cols_cap, int *rows, int *cols) {
    /* the extent first, so only the rows that will be read are cleared */
    int found = 0, R = 0, C = 0, first = first_of(t, block, layer, sub, op, head);
    for (int i = first; i >= 0 && i <= upto_step; i = t->steps[i].next) {
        const trace_step *s = &t->steps[i];
        if (s->row0 + s->rows > R) R = s->row0 + s->rows;
        if (s->cols > C) C = s->cols;
    }
    if (R > rows_cap) R = rows_cap;
    for (int i = 0; i < R * cols_cap; i++) out[i] = NAN;
    R = C = 0;
    for (int i = first; i >= 0 && i <= upto_step; i = t->steps[i].next) {
        const trace_step *s = &t->steps[i];
        found = 1;
        const float *src = trace_data(t, s);
        for (int r = 0; r < s->rows && s->row0 + r < rows_cap; r++) {
            int n = s->cols < cols_cap ? s->cols : cols_cap;
            memcpy(out + (size_t)(s->row0 + r) * cols_cap, src + (size_t)r * s->cols, sizeof(float) * (size_t)n);
        }
        if (s->row0 + s->rows > R) R = s->row0 + s->rows;
        if (s->cols > C) C = s->cols;
    }
    *rows = R < rows_cap ? R : rows_cap;
    *cols = C < cols_cap ? C : cols_cap;
    return found ? 0 : -1;
}

const char *trace_op_name(trace_op op) {
    static const char *const names[TO_COUNT] = {
        "embed", "input", "q", "k", "v", "scores", "mask", "weights", "head_out", "out",
        "hidden", "out", "add", "norm", "norm", "logits", "probs", "pool", "logits", "probs", "refine",
    };
    return op >= 0 && op < TO_COUNT ? names[op] : "?";
}
