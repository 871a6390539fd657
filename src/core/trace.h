/* trace.h: the record of a decoding run. Every operation the model performs is appended as a named
 * step with its tensor; the window steps a cursor over this record, the CLI prints it as JSON and
 * the exporters draw from it. Nothing in it is computed for show: it is what the model computed.
 *
 * Rows and passes. A decoder pass computes some query rows: a teacher-forced or NAT pass computes
 * all T rows at once (row0 = 0, rows = T); a cached AT step t computes one (row0 = t, rows = 1),
 * and its self-attention K and V records hold only the new key row. trace_gather() puts the rows
 * of passes 0..p back together into the matrix a viewer expects, so the decoder's self-attention
 * grows row by row as AT decodes. Encoder records and the cross-attention K and V belong to pass 0.
 */
#ifndef S2S_TRACE_H
#define S2S_TRACE_H

#include <stddef.h>
#include "core/error.h"

typedef enum trace_block {
    TB_ENCODER = 0,   /* encoder.L.* and encoder.norm */
    TB_DECODER = 1,   /* decoder.L.* and decoder.norm */
    TB_GENERATOR = 2, /* generator.logits, generator.probs */
    TB_LENGTH = 3,    /* nat.length.* (NAT length classifier) */
} trace_block;

typedef enum trace_sublayer {
    TS_NONE = -1,
    TS_SELF_ATTN = 0,  /* encoder self-attention or masked decoder self-attention */
    TS_CROSS_ATTN = 1, /* decoder queries against encoder memory */
    TS_FFN = 2,
} trace_sublayer;

typedef enum trace_op {
    TO_EMBED,        /* (rows, D)  embedding * sqrt(D) + positional encoding; layer -1 */
    TO_INPUT,        /* (rows, D)  the residual stream entering a sublayer */
    TO_Q,            /* (rows, Dh) per head */
    TO_K,            /* (rows, Dh) per head; rows are key positions */
    TO_V,            /* (rows, Dh) per head; rows are key positions */
    TO_SCORES,       /* (rows, keys) per head: q.k / sqrt(Dh), before the mask */
    TO_MASK,         /* (rows, keys) 0 where visible, -inf where masked (key padding or causal) */
    TO_WEIGHTS,      /* (rows, keys) per head: softmax of masked scores */
    TO_HEAD_OUT,     /* (rows, Dh) per head: weights @ V */
    TO_ATTN_OUT,     /* (rows, D)  heads concatenated, then out_proj: the sublayer's update */
    TO_FFN_HIDDEN,   /* (rows, F)  relu(linear1(x)) */
    TO_FFN_OUT,      /* (rows, D)  linear2(hidden): the sublayer's update */
    TO_ADD,          /* (rows, D)  residual input + update */
    TO_NORM,         /* (rows, D)  LayerNorm of the sum: the sublayer's output */
    TO_FINAL_NORM,   /* (rows, D)  encoder.norm (the memory) / decoder.norm */
    TO_LOGITS,       /* (rows, Vt) generator */
    TO_PROBS,        /* (rows, Vt) softmax of the logits */
    TO_LENGTH_POOL,  /* (1, D)     mean of the memory over source positions */
    TO_LENGTH_LOGITS,/* (1, M+1)   length classifier */
    TO_LENGTH_PROBS, /* (1, M+1) */
    TO_REFINE,       /* (REFINE_ROWS, n) NAT iterative refinement, one per pass: see core/refine.h */
    TO_COUNT
} trace_op;

typedef struct trace_step {
    trace_block block;
    int layer;          /* -1 where the step is not inside a layer */
    trace_sublayer sub; /* TS_NONE outside attention and FFN sublayers */
    trace_op op;
    int head;           /* -1 where the step is not per head */
    int pass;           /* decoder pass (AT step); 0 for the encoder */
    int row0;           /* position of the first row */
    int rows, cols;
    size_t data;        /* offset of rows*cols floats in the trace's data */
    int next;           /* the next step with the same (block, layer, sub, op, head), or -1 */
} trace_step;

/* The index: for each (block, layer, sub, op, head) the first and last step, so finding and
 * gathering a matrix visits only its own steps (a paper-size decode records ~30,000). */
#define TRACE_INDEX_SIZE 8192
typedef struct trace_index_slot {
    long long key;      /* 0: empty */
    int first, last;
} trace_index_slot;

typedef struct s2s_trace {
    trace_step *steps;  /* (n_steps) in execution order */
    int n_steps;
    size_t cap_steps;
    float *data;        /* (n_data) every step's tensor, row-major */
    size_t n_data, cap_data;
    trace_index_slot *index; /* (TRACE_INDEX_SIZE) open addressing */
    int n_passes;       /* decoder passes recorded */
    double pass_us[513];/* (n_passes) wall time of each decoder pass; [0] includes the encoder */
} s2s_trace;

void trace_init(s2s_trace *t);
void trace_reset(s2s_trace *t);   /* forgets the steps, keeps the memory */
void trace_free(s2s_trace *t);    /* accepts NULL */

/* Appends a step and returns where to write its rows*cols floats, or NULL when out of memory.
 * (Library code does not abort: a NULL return makes the decoder fail with a message.) */
float *trace_add(s2s_trace *t, trace_block block, int layer, trace_sublayer sub, trace_op op, int head,
                 int pass, int row0, int rows, int cols);

/* Appends a step holding a copy of src. Returns 0, or -1 when out of memory. */
int trace_put(s2s_trace *t, trace_block block, int layer, trace_sublayer sub, trace_op op, int head,
              int pass, int row0, int rows, int cols, const float *src);

const float *trace_data(const s2s_trace *t, const trace_step *s);

/* Index of the first step matching (block, layer, sub, op, head) in pass `pass` (TRACE_ANY_PASS: in
 * any pass), or -1. layer/head -1 match steps whose layer/head is -1. */
#define TRACE_ANY_PASS (-1)
int trace_find(const s2s_trace *t, trace_block block, int layer, trace_sublayer sub, trace_op op, int head,
               int pass);

/* Assembles the matrix of (block, layer, sub, op, head) from the steps 0..upto_step of the record
 * (the window passes its cursor, so it shows exactly what has run; pass TRACE_ALL for everything) into out
 * (rows_cap x cols_cap, row-major), writing each recorded row at its position; cells no pass wrote
 * are NAN (for the causal mask: not yet decoded or masked). *rows and *cols get the extent written.
 * Returns 0, or -1 when nothing matches. */
#define TRACE_ALL 0x7fffffff
int trace_gather(const s2s_trace *t, trace_block block, int layer, trace_sublayer sub, trace_op op, int head,
                 int upto_step, float *out, int rows_cap, int cols_cap, int *rows, int *cols);

const char *trace_op_name(trace_op op);

/* ---- place names (trace_names.c) ----------------------------------------------------------------
 * The names users type and read (screenshot --at, lessons, the UI log). Layers and heads count
 * from 1, as the window shows them:
 *   encoder.embed   encoder.layer1.self_attn.head2.weights   encoder.layer2.ffn.norm   encoder.norm
 *   decoder.layer1.self_attn.mask   decoder.layer2.cross_attn.head1.weights   decoder.norm
 *   generator.logits   generator.probs   generator.refine   nat.length.pool | .logits | .probs
 * The old spelling, counting from 0 with a bare layer number (decoder.1.cross_attn.head0.weights),
 * is still read; the heads of a name follow its layer's spelling. Passes count from 1 too: decoder
 * pass N (AT: the pass that emits output token N) is the trace's pass N-1. */

/* What a name means, without a pass. layer and head count from 0 here, as in trace_step. */
typedef struct trace_place {
    trace_block block;
    int layer;          /* -1 outside a layer */
    trace_sublayer sub; /* TS_NONE outside a sublayer */
    trace_op op;
    int head;           /* -1 where the op is not per head */
} trace_place;

/* The place of step s (its pass aside). The window's cursor, a click target (hit.place) and a jump
 * waiting for decoding to reach it are places. */
static inline trace_place trace_place_of(const trace_step *s) {
    return (trace_place){s->block, s->layer, s->sub, s->op, s->head};
}
/* trace_find of place p in pass `pass` (from 0, as in trace_step): its step's index, or -1. */
static inline int trace_find_place(const s2s_trace *t, trace_place p, int pass) {
    return trace_find(t, p.block, p.layer, p.sub, p.op, p.head, pass);
}

/* Parses a place name in either spelling. Returns 0, or -1 when name is not a place name (the
 * model is not consulted: "decoder.layer9.ffn.out" parses for any model). */
int trace_place_parse(const char *name, trace_place *out);

/* The name of a place in the new spelling ("decoder.layer2.cross_attn.head1.weights"). */
void trace_place_name(const trace_place *p, char *out, size_t cap);
void trace_step_name(const trace_step *s, char *out, size_t cap);

/* The step of the place `name` in decoder pass `pass` (from 1; pass < 1: the first recorded).
 * What a decode records once (the encoder, the NAT length classifier, the cross-attention keys and
 * values) matches any pass. Returns the step's index, -1 when this decode has no such step, or -2
 * when name is not a place name. */
int trace_find_named(const s2s_trace *t, const char *name, int pass);

#endif
