/* trace_names.c: place names, the names users type and read for the steps of a trace (see trace.h).
 * A name is dot-separated words: a block, then a layer and a sublayer (with a head for per-head
 * operations), then the operation. Which operations exist where is one table, op_where. */
#include "core/trace.h"

#include <stdio.h>
#include <string.h>

/* Where an operation may appear, and whether it is per head. */
enum {
    AT_TOP = 1,       /* encoder.OP / decoder.OP, outside any layer */
    AT_GENERATOR = 2, /* generator.OP */
    AT_LENGTH = 4,    /* nat.length.OP */
    AT_ATTN = 8,      /* inside self_attn / cross_attn */
    AT_FFN = 16,      /* inside ffn */
    PER_HEAD = 32,    /* needs a head: ...headN.OP */
};

static const unsigned char op_where[TO_COUNT] = {
    [TO_EMBED] = AT_TOP,
    [TO_INPUT] = AT_ATTN | AT_FFN,
    [TO_Q] = AT_ATTN | PER_HEAD,
    [TO_K] = AT_ATTN | PER_HEAD,
    [TO_V] = AT_ATTN | PER_HEAD,
    [TO_SCORES] = AT_ATTN | PER_HEAD,
    [TO_MASK] = AT_ATTN,
    [TO_WEIGHTS] = AT_ATTN | PER_HEAD,
    [TO_HEAD_OUT] = AT_ATTN | PER_HEAD,
    [TO_ATTN_OUT] = AT_ATTN,
    [TO_FFN_HIDDEN] = AT_FFN,
    [TO_FFN_OUT] = AT_FFN,
    [TO_ADD] = AT_ATTN | AT_FFN,
    [TO_NORM] = AT_ATTN | AT_FFN,
    [TO_FINAL_NORM] = AT_TOP,
    [TO_LOGITS] = AT_GENERATOR,
    [TO_PROBS] = AT_GENERATOR,
    [TO_LENGTH_POOL] = AT_LENGTH,
    [TO_LENGTH_LOGITS] = AT_LENGTH,
    [TO_LENGTH_PROBS] = AT_LENGTH,
    [TO_REFINE] = AT_GENERATOR,
};

static const char *const block_names[] = {"encoder", "decoder", "generator", "nat.length"};
static const char *const sub_names[] = {"self_attn", "cross_attn", "ffn"};

/* The operation called `word` at `where` (one AT_* bit), or -1. */
static int op_named(const char *word, unsigned where) {
    for (int op = 0; op < TO_COUNT; op++)
        if ((op_where[op] & where) && strcmp(trace_op_name((trace_op)op), word) == 0) return op;
    return -1;
}

/* A count after `prefix` ("layer2", "head1", or a bare "1" when prefix is ""): digits only, at most
 * three. Returns the number, or -1. */
static int number_after(const char *word, const char *prefix) {
    size_t n = strlen(prefix);
    if (strncmp(word, prefix, n) != 0) return -1;
    const char *d = word + n;
    if (!*d || strlen(d) > 3 || strspn(d, "0123456789") != strlen(d)) return -1;
    int v = 0;
    for (; *d; d++) v = v * 10 + (*d - '0');
    return v;
}

int trace_place_parse(const char *name, trace_place *out) {
    char buf[128];
    const char *word[8];
    int n = 0;
    if (!name || strlen(name) >= sizeof buf) return -1;
    strcpy(buf, name);
    for (char *p = buf, *dot; n < 8; p = dot + 1) {
        word[n++] = p;
        if (!(dot = strchr(p, '.'))) break;
        *dot = '\0';
    }
    if (n == 8) return -1;
    trace_place pl = {TB_ENCODER, -1, TS_NONE, TO_EMBED, -1};
    int w = 0, op = -1;
    if (strcmp(word[0], "generator") == 0) {
        pl.block = TB_GENERATOR;
        if (n == 2) op = op_named(word[1], AT_GENERATOR);
    } else if (strcmp(word[0], "nat") == 0 && n >= 2 && strcmp(word[1], "length") == 0) {
        pl.block = TB_LENGTH;
        if (n == 3) op = op_named(word[2], AT_LENGTH);
    } else if (strcmp(word[0], "encoder") == 0 || strcmp(word[0], "decoder") == 0) {
        pl.block = word[0][0] == 'e' ? TB_ENCODER : TB_DECODER;
        if (n == 2) {
            op = op_named(word[1], AT_TOP);
        } else if (n == 4 || n == 5) {
            /* layerN and headN count from 1; the old spelling's bare layer number and its heads from 0 */
            int old = number_after(word[1], "") >= 0, base = old ? 0 : 1;
            pl.layer = number_after(word[1], old ? "" : "layer") - base;
            for (int s = 0; s < 3; s++)
                if (strcmp(word[2], sub_names[s]) == 0) pl.sub = (trace_sublayer)s;
            if (pl.layer < 0 || pl.sub == TS_NONE || (pl.sub == TS_CROSS_ATTN && pl.block != TB_DECODER)) return -1;
            w = 3;
            if (n == 5) {
                pl.head = number_after(word[w++], "head") - base;
                if (pl.head < 0) return -1;
            }
            unsigned where = pl.sub == TS_FFN ? AT_FFN : AT_ATTN;
            op = op_named(word[w], where);
            /* a head exactly where the operation is per head */
            if (op >= 0 && !(op_where[op] & PER_HEAD) != (pl.head < 0)) return -1;
        }
    }
    if (op < 0) return -1;
    pl.op = (trace_op)op;
    *out = pl;
    return 0;
}

void trace_place_name(const trace_place *p, char *out, size_t cap) {
    const char *op = trace_op_name(p->op);
    const char *block = p->block >= 0 && p->block <= TB_LENGTH ? block_names[p->block] : "?";
    if (p->layer < 0) {
        snprintf(out, cap, "%s.%s", block, op);
    } else if (p->sub < 0 || p->sub > TS_FFN) {
        snprintf(out, cap, "%s.layer%d.%s", block, p->layer + 1, op);
    } else if (p->head >= 0) {
        snprintf(out, cap, "%s.layer%d.%s.head%d.%s", block, p->layer + 1, sub_names[p->sub], p->head + 1, op);
    } else {
        snprintf(out, cap, "%s.layer%d.%s.%s", block, p->layer + 1, sub_names[p->sub], op);
    }
}

void trace_step_name(const trace_step *s, char *out, size_t cap) {
    trace_place p = {s->block, s->layer, s->sub, s->op, s->head};
    trace_place_name(&p, out, cap);
}

int trace_find_named(const s2s_trace *t, const char *name, int pass) {
    trace_place p;
    if (trace_place_parse(name, &p)) return -2;
    /* recorded once per decode, in its first pass */
    int once = p.block == TB_ENCODER || p.block == TB_LENGTH ||
               (p.sub == TS_CROSS_ATTN && (p.op == TO_K || p.op == TO_V));
    if (pass < 1 || once) return trace_find(t, p.block, p.layer, p.sub, p.op, p.head, TRACE_ANY_PASS);
    return trace_find(t, p.block, p.layer, p.sub, p.op, p.head, pass - 1);
}
