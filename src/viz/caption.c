/* caption.c: one sentence per kind of operation, with the step's real numbers (caption.h).
 *
 * Two tables: which kind a trace operation is (op_kind, refined by kind_of where one operation
 * means different things: the embedding of the source, of a fed-back token, of a teacher-forced
 * target, of NAT positions; the causal, cached and absent masks; emitting a token in AT, under
 * teacher forcing and in NAT), and one row per kind with the function that says it (kinds).
 * Every number a sentence shows is read from the trace here, at the focused row. */
#include "viz/caption.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "core/vocab.h"
#include "viz/view.h"

/* ---- what a sentence is made from ------------------------------------------------------------- */

typedef struct cap {
    const caption_in *in;
    const s2s_config *c;
    const trace_step *s;
    int r;          /* the focused row (a query or decoder position), inside s's rows */
    const float *x; /* (s->cols) the step's data at row r */
} cap;

/* A symbol as the window shows it: a space as ␣. */
static const char *shown(const char *sym) { return strcmp(sym, " ") == 0 ? "␣" : sym; }

static const char *tgt_sym(const cap *k, int id) {
    const s2s_vocab *v = &k->in->model->tgt;
    return id >= 0 && id < v->n ? shown(v->sym[id]) : "?";
}

static const char *src_token(const cap *k, int i) {
    const s2s_decode_result *res = k->in->res;
    const s2s_vocab *v = &k->in->model->src;
    return i >= 0 && i < res->n_src && res->src[i] >= 0 && res->src[i] < v->n ? shown(v->sym[res->src[i]]) : "?";
}

/* The decoder's input at position i as the window labels it: a symbol, or in NAT (every
 * position <begin>) the position "#3". */
static const char *dec_token(const cap *k, int i, char *buf, size_t n) {
    if (k->c->decoder == S2S_DECODER_NAT) {
        snprintf(buf, n, "#%d", i + 1);
        return buf;
    }
    const s2s_decode_result *res = k->in->res;
    return i >= 0 && i < res->n_dec_in ? tgt_sym(k, res->dec_in[i]) : "?";
}

/* The token of row i of the step's queries: a source token in the encoder, else a decoder input. */
static const char *query_token(const cap *k, int i, char *buf, size_t n) {
    return k->s->block == TB_ENCODER ? src_token(k, i) : dec_token(k, i, buf, n);
}

/* The token of key j: the source in the encoder and in cross-attention, else a decoder input. */
static const char *key_token(const cap *k, int j, char *buf, size_t n) {
    return k->s->block == TB_ENCODER || k->s->sub == TS_CROSS_ATTN ? src_token(k, j) : dec_token(k, j, buf, n);
}

static int argmax(const float *x, int n) {
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

static int d_head(const cap *k) { return k->c->d_model / k->c->n_heads; }

/* The step of op in the focused step's (block, layer, sublayer, pass) and this head, or NULL. */
static const trace_step *sibling(const cap *k, trace_op op, int head) {
    const trace_step *s = k->s;
    int i = trace_find(k->in->trace, s->block, s->layer, s->sub, op, head, s->pass);
    return i < 0 ? NULL : &k->in->trace->steps[i];
}

/* Row r of that step, or NULL when it is not recorded or does not hold row r. */
static const float *sibling_row(const cap *k, trace_op op, int head) {
    const trace_step *o = sibling(k, op, head);
    if (!o || k->r < o->row0 || k->r >= o->row0 + o->rows) return NULL;
    return trace_data(k->in->trace, o) + (size_t)(k->r - o->row0) * o->cols;
}

static double vec_norm(const float *x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) s += (double)x[i] * x[i];
    return sqrt(s);
}

/* ---- one function per kind -------------------------------------------------------------------- */

typedef void (*caption_fn)(const cap *k, char *out, size_t n);

static void say_embed_source(const cap *k, char *out, size_t n) {
    int D = k->c->d_model;
    /* TRANSLATORS: token, its position, number of source tokens, d_model, d_model again (under √),
       √d_model, the position again. */
    snprintf(out, n, _("source token '%s' (position %d of %d) becomes %d numbers: its embedding × √%d (= %.1f) plus the sine/cosine code of position %d"),
             src_token(k, k->r), k->r + 1, k->in->res->n_src, D, D, sqrt((double)D), k->r + 1);
}

static void say_embed_at(const cap *k, char *out, size_t n) {
    int D = k->c->d_model;
    char b[16];
    if (k->r == 0) {
        /* TRANSLATORS: d_model, √d_model. */
        snprintf(out, n, _("the decoder starts from <begin> at position 1: its embedding × √%d (= %.1f) plus the code of position 1"),
                 D, sqrt((double)D));
        return;
    }
    /* TRANSLATORS: decoder pass, token, position, the token's output index, d_model, √d_model. The
       earlier positions are not recomputed: their keys and values are cached. */
    snprintf(out, n, _("pass %d feeds back '%s' at position %d (output token %d): embedding × √%d (= %.1f) plus the position code; earlier positions stay in the key/value cache"),
             k->s->pass + 1, dec_token(k, k->r, b, sizeof b), k->r + 1, k->r, D, sqrt((double)D));
}

static void say_embed_teacher(const cap *k, char *out, size_t n) {
    int D = k->c->d_model;
    char b[16];
    /* TRANSLATORS: number of target tokens, position, token, d_model, √d_model. */
    snprintf(out, n, _("teacher forcing: the decoder reads <begin> + the %d target tokens in one pass, not its own outputs; position %d holds '%s': embedding × √%d (= %.1f) plus the position code"),
             k->s->rows - 1, k->r + 1, dec_token(k, k->r, b, sizeof b), D, sqrt((double)D));
}

static void say_embed_nat(const cap *k, char *out, size_t n) {
    int D = k->c->d_model;
    /* TRANSLATORS: number of positions, position, d_model, √d_model, the position again. */
    snprintf(out, n, _("NAT: all %d decoder positions start as <begin>, told apart only by their position code; position %d is <begin>'s embedding × √%d (= %.1f) plus the code of position %d"),
             k->s->rows, k->r + 1, D, sqrt((double)D), k->r + 1);
}

static void say_input(const cap *k, char *out, size_t n) {
    char b[16];
    /* TRANSLATORS: layer, sublayer name ("self-attention"), number of tokens, d_model, token. */
    snprintf(out, n, _("the residual stream enters layer %d's %s: %d vectors of %d numbers; the focused one is '%s'"),
             k->s->layer + 1, view_sub_name(k->in->model, k->s->block, k->s->sub), k->s->rows, k->s->cols,
             query_token(k, k->r, b, sizeof b));
}

static void say_q(const cap *k, char *out, size_t n) {
    char b[16];
    int D = k->c->d_model;
    /* TRANSLATORS: head, token, d_model, d_model, d_head (W_Q is d_model × d_head). */
    snprintf(out, n, _("head %d: the query of '%s' is its %d numbers × W_Q (%d × %d): what it looks for among the keys"),
             k->s->head + 1, query_token(k, k->r, b, sizeof b), D, D, d_head(k));
}

static void say_k(const cap *k, char *out, size_t n) {
    int D = k->c->d_model;
    /* TRANSLATORS: head, keys computed now, d_model, d_model, d_head, keys in all. */
    snprintf(out, n, _("head %d computes %d keys, each a token's %d numbers × W_K (%d × %d): what that token offers to the queries; %d keys in all"),
             k->s->head + 1, k->s->rows, D, D, d_head(k), k->s->row0 + k->s->rows);
}

static void say_v(const cap *k, char *out, size_t n) {
    int D = k->c->d_model;
    /* TRANSLATORS: head, values computed now, d_model, d_model, d_head, values in all. */
    snprintf(out, n, _("head %d computes %d values, each a token's %d numbers × W_V (%d × %d): what that token passes on when attended to; %d values in all"),
             k->s->head + 1, k->s->rows, D, D, d_head(k), k->s->row0 + k->s->rows);
}

static void say_scores(const cap *k, char *out, size_t n) {
    char b[16], c[16];
    int best = argmax(k->x, k->s->cols), dh = d_head(k);
    /* TRANSLATORS: query token, number of keys, d_head, √d_head, the highest score, its key. */
    snprintf(out, n, _("query '%s' is compared with all %d keys: q·k / √%d (= %.3g); the highest score, %.2f, is with '%s'"),
             query_token(k, k->r, b, sizeof b), k->s->cols, dh, sqrt((double)dh), (double)k->x[best],
             key_token(k, best, c, sizeof c));
}

static void say_mask_causal(const cap *k, char *out, size_t n) {
    char b[16];
    int first = -1, last = -1;
    for (int j = 0; j < k->s->cols; j++)
        if (isinf(k->x[j])) {
            if (first < 0) first = j;
            last = j;
        }
    /* TRANSLATORS: position, its token, the first and the last position it cannot see. */
    snprintf(out, n, _("masked: position %d ('%s') cannot see positions %d–%d; their scores become −∞ before softmax"),
             k->r + 1, dec_token(k, k->r, b, sizeof b), first + 1, last + 1);
}

static void say_mask_cached(const cap *k, char *out, size_t n) {
    char b[16];
    /* TRANSLATORS: position, its token, the last position it sees (the same as the first number). */
    snprintf(out, n, _("masked: position %d ('%s') sees positions 1–%d only; the later ones are not decoded yet"),
             k->r + 1, dec_token(k, k->r, b, sizeof b), k->s->cols);
}

static void say_mask_none(const cap *k, char *out, size_t n) {
    char b[16];
    /* TRANSLATORS: token, its position, number of keys. */
    snprintf(out, n, _("nothing is masked for '%s' (position %d): it sees all %d keys"), query_token(k, k->r, b, sizeof b),
             k->r + 1, k->s->cols);
}

static void say_weights(const cap *k, char *out, size_t n) {
    char b[16], c[16];
    int best = argmax(k->x, k->s->cols);
    /* TRANSLATORS: number of scores, query token, query token again, its largest weight in per cent,
       the key that weight goes to. */
    snprintf(out, n, _("softmax turns the %d scores of '%s' into weights that sum to 1: '%s' attends %.0f %% to '%s'"),
             k->s->cols, query_token(k, k->r, b, sizeof b), query_token(k, k->r, b, sizeof b),
             100.0 * (double)k->x[best], key_token(k, best, c, sizeof c));
}

static void say_head_out(const cap *k, char *out, size_t n) {
    char b[16], c[16];
    const trace_step *ws = sibling(k, TO_WEIGHTS, k->s->head);
    const float *w = sibling_row(k, TO_WEIGHTS, k->s->head);
    int nk = ws ? ws->cols : 0;
    int best = w && nk > 0 ? argmax(w, nk) : 0;
    /* TRANSLATORS: head, query token, number of values, d_head, the largest weight in per cent, its key. */
    snprintf(out, n, _("head %d's output for '%s' is the weighted sum of the %d values (%d numbers), %.0f %% of it from '%s'"),
             k->s->head + 1, query_token(k, k->r, b, sizeof b), nk, d_head(k), w ? 100.0 * (double)w[best] : 0.0,
             key_token(k, best, c, sizeof c));
}

static void say_attn_out(const cap *k, char *out, size_t n) {
    char b[16];
    int D = k->c->d_model;
    /* TRANSLATORS: heads, query token, d_head, d_model, d_model, d_model. */
    snprintf(out, n, _("the %d heads' outputs for '%s' (%d numbers each) are joined into %d and multiplied by W_O (%d × %d): the sublayer's update"),
             k->c->n_heads, query_token(k, k->r, b, sizeof b), d_head(k), D, D, D);
}

static void say_add(const cap *k, char *out, size_t n) {
    char b[16];
    const float *x = sibling_row(k, TO_INPUT, -1);
    const float *u = sibling_row(k, k->s->sub == TS_FFN ? TO_FFN_OUT : TO_ATTN_OUT, -1);
    double xn = x ? vec_norm(x, k->s->cols) : 0, un = u ? vec_norm(u, k->s->cols) : 0;
    /* TRANSLATORS: token, the update's length as a per cent of the input's, the update's length, the
       input's length. */
    snprintf(out, n, _("residual connection: '%s' keeps its vector and adds the update, whose length is %.0f %% of the vector's (%.2f against %.2f)"),
             query_token(k, k->r, b, sizeof b), xn > 0 ? 100.0 * un / xn : 0.0, un, xn);
}

static void say_norm(const cap *k, char *out, size_t n) {
    char b[16];
    const float *sum = sibling_row(k, TO_ADD, -1);
    int D = k->s->cols;
    double mean = 0, var = 0;
    for (int i = 0; sum && i < D; i++) mean += sum[i];
    mean /= D;
    for (int i = 0; sum && i < D; i++) var += (sum[i] - mean) * (sum[i] - mean);
    var /= D;
    /* TRANSLATORS: number of features, token, their mean, their standard deviation. */
    snprintf(out, n, _("LayerNorm: the %d numbers of '%s' (mean %.2f, standard deviation %.2f) are moved to mean 0 and deviation 1, then scaled by γ and shifted by β"),
             D, query_token(k, k->r, b, sizeof b), mean, sqrt(var));
}

static void say_ffn_hidden(const cap *k, char *out, size_t n) {
    char b[16];
    int active = 0;
    for (int i = 0; i < k->s->cols; i++) active += k->x[i] > 0.0f;
    /* TRANSLATORS: token, d_model, d_ff (hidden units), how many of them are above 0. */
    snprintf(out, n, _("feed-forward: the %2$d numbers of '%1$s' go through %3$d hidden units with ReLU; %4$d of them are above 0"),
             query_token(k, k->r, b, sizeof b), k->c->d_model, k->s->cols, active);
}

static void say_ffn_out(const cap *k, char *out, size_t n) {
    char b[16];
    int D = k->c->d_model, F = k->c->d_ff;
    /* TRANSLATORS: d_ff, token, d_model, d_ff, d_model. */
    snprintf(out, n, _("the %d hidden units of '%s' are projected back to %d numbers (W_2, %d × %d): the feed-forward's update"),
             F, query_token(k, k->r, b, sizeof b), D, F, D);
}

static void say_final_norm_encoder(const cap *k, char *out, size_t n) {
    /* TRANSLATORS: number of source tokens, d_model. */
    snprintf(out, n, _("the encoder's last LayerNorm: these %d vectors of %d numbers are the memory that every decoder layer's cross-attention reads"),
             k->s->rows, k->s->cols);
}

static void say_final_norm_decoder(const cap *k, char *out, size_t n) {
    char b[16];
    /* TRANSLATORS: position, its token, d_model. */
    snprintf(out, n, _("the decoder's last LayerNorm: the vector of position %d ('%s', %d numbers) goes to the generator"),
             k->r + 1, dec_token(k, k->r, b, sizeof b), k->s->cols);
}

static void say_logits(const cap *k, char *out, size_t n) {
    int best = argmax(k->x, k->s->cols), D = k->c->d_model, V = k->s->cols;
    /* TRANSLATORS: position, d_model, vocabulary size, d_model, vocabulary size, the highest score, its token. */
    snprintf(out, n, _("the generator turns position %d's %d numbers into %d scores, one per token of the vocabulary (a %d × %d layer); the highest, %.2f, is '%s'"),
             k->r + 1, D, V, D, V, (double)k->x[best], tgt_sym(k, best));
}

static void say_emit_at(const cap *k, char *out, size_t n) {
    const s2s_decode_result *res = k->in->res;
    int top = argmax(k->x, k->s->cols), chosen = k->r < res->n_out ? res->out[k->r] : top;
    double p_top = 100.0 * (double)k->x[top], p_chosen = 100.0 * (double)k->x[chosen];
    int user = k->r < k->in->n_forced; /* a what-if: the user chose this token */
    if (chosen != top && !user && k->in->beam > 1)
        /* TRANSLATORS: beam width, the kept token, its probability in per cent, its output index, the
           step's most likely token, its probability in per cent. */
        snprintf(out, n, _("beam search (width %d) keeps '%s' (%.0f %%) as output token %d, though '%s' has %.0f %% here: the whole sequence scores higher"),
                 k->in->beam, tgt_sym(k, chosen), p_chosen, k->r + 1, tgt_sym(k, top), p_top);
    else if (chosen != top && !user && k->in->sampling && k->in->sampling->on)
        /* TRANSLATORS: temperature, the drawn token, its probability in per cent, its output index, the
           step's most likely token, its probability in per cent. */
        snprintf(out, n, _("sampling (temperature %.2g) drew '%s' (%.0f %%) as output token %d; the most likely was '%s' (%.0f %%)"),
                 (double)k->in->sampling->temperature, tgt_sym(k, chosen), p_chosen, k->r + 1, tgt_sym(k, top), p_top);
    else if (chosen != top)
        /* TRANSLATORS: the chosen token, its probability in per cent, its output index, the model's own
           choice, its probability in per cent. */
        snprintf(out, n, _("what-if: you chose '%s' (%.0f %%) as output token %d; the model's own choice was '%s' (%.0f %%)"),
                 tgt_sym(k, chosen), p_chosen, k->r + 1, tgt_sym(k, top), p_top);
    else if (top == S2S_END)
        /* TRANSLATORS: vocabulary size, the probability of <end> in per cent. */
        snprintf(out, n, _("softmax over the %d tokens of the vocabulary: <end> has %.0f %%, so decoding stops here"),
                 k->s->cols, p_top);
    else
        /* TRANSLATORS: vocabulary size, the token, its probability in per cent, its output index. */
        snprintf(out, n, _("softmax over the %d tokens of the vocabulary: '%s' has %.0f %%, so the decoder emits it as output token %d"),
                 k->s->cols, tgt_sym(k, top), p_top, k->r + 1);
}

static void say_emit_teacher(const cap *k, char *out, size_t n) {
    const s2s_decode_result *res = k->in->res;
    int target = k->r + 1 < res->n_dec_in ? res->dec_in[k->r + 1] : S2S_END, top = argmax(k->x, k->s->cols);
    double p = (double)k->x[target];
    /* TRANSLATORS: position, the target token, its probability in per cent, −log p, the model's first
       choice, its probability in per cent. */
    snprintf(out, n, _("teacher forcing: position %d should give the target '%s' and gives it %.0f %% (loss −log p = %.2f); its own first choice is '%s' (%.0f %%)"),
             k->r + 1, tgt_sym(k, target), 100.0 * p, p >= 1 ? 0.0 : p > 0 ? -log(p) : INFINITY, /* never −0.00 */ tgt_sym(k, top),
             100.0 * (double)k->x[top]);
}

static void say_emit_nat(const cap *k, char *out, size_t n) {
    int top = argmax(k->x, k->s->cols), kept = k->in->res->n_out;
    if (kept < k->s->rows) /* the model runs max_len positions; the length keeps the first */
        /* TRANSLATORS: number of positions, how many of them the output keeps, position, its token,
           its probability in per cent. */
        snprintf(out, n, _("NAT: %d positions choose at once, the output keeps the first %d; position %d takes '%s' with %.0f %%"),
                 k->s->rows, kept, k->r + 1, tgt_sym(k, top), 100.0 * (double)k->x[top]);
    else
        /* TRANSLATORS: number of positions, position, its token, its probability in per cent. */
        snprintf(out, n, _("NAT: all %d positions choose their token at once; position %d takes '%s' with %.0f %%"),
                 k->s->rows, k->r + 1, tgt_sym(k, top), 100.0 * (double)k->x[top]);
}

static void say_length_pool(const cap *k, char *out, size_t n) {
    /* TRANSLATORS: number of source tokens, d_model. */
    snprintf(out, n, _("the NAT length classifier takes the mean of the encoder's output over the %d source tokens: one vector of %d numbers"),
             k->in->res->n_src, k->s->cols);
}

static void say_length_logits(const cap *k, char *out, size_t n) {
    int best = argmax(k->x, k->s->cols);
    /* TRANSLATORS: the longest length, d_model, number of lengths, the highest score, its length. */
    snprintf(out, n, _("the length classifier scores every length from 0 to %d (a %d × %d layer); the highest score, %.2f, is for length %d"),
             k->s->cols - 1, k->c->d_model, k->s->cols, (double)k->x[best], best);
}

static void say_length_probs(const cap *k, char *out, size_t n) {
    int best = argmax(k->x, k->s->cols);
    /* TRANSLATORS: the predicted length, its probability in per cent. */
    snprintf(out, n, _("the NAT length classifier reads the mean of the encoder's output and predicts %d (%.0f %%)"), best,
             100.0 * (double)k->x[best]);
}

/* ---- the tables ------------------------------------------------------------------------------- */

static const struct {
    const char *name;
    caption_fn say;
} kinds[CAPTION_KIND_COUNT] = {
    [CAPTION_EMBED_SOURCE] = {"embed_source", say_embed_source},
    [CAPTION_EMBED_AT] = {"embed_at", say_embed_at},
    [CAPTION_EMBED_TEACHER] = {"embed_teacher", say_embed_teacher},
    [CAPTION_EMBED_NAT] = {"embed_nat", say_embed_nat},
    [CAPTION_INPUT] = {"input", say_input},
    [CAPTION_Q] = {"q", say_q},
    [CAPTION_K] = {"k", say_k},
    [CAPTION_V] = {"v", say_v},
    [CAPTION_SCORES] = {"scores", say_scores},
    [CAPTION_MASK_CAUSAL] = {"mask_causal", say_mask_causal},
    [CAPTION_MASK_CACHED] = {"mask_cached", say_mask_cached},
    [CAPTION_MASK_NONE] = {"mask_none", say_mask_none},
    [CAPTION_WEIGHTS] = {"weights", say_weights},
    [CAPTION_HEAD_OUT] = {"head_out", say_head_out},
    [CAPTION_ATTN_OUT] = {"attn_out", say_attn_out},
    [CAPTION_ADD] = {"add", say_add},
    [CAPTION_NORM] = {"norm", say_norm},
    [CAPTION_FFN_HIDDEN] = {"ffn_hidden", say_ffn_hidden},
    [CAPTION_FFN_OUT] = {"ffn_out", say_ffn_out},
    [CAPTION_FINAL_NORM_ENCODER] = {"final_norm_encoder", say_final_norm_encoder},
    [CAPTION_FINAL_NORM_DECODER] = {"final_norm_decoder", say_final_norm_decoder},
    [CAPTION_LOGITS] = {"logits", say_logits},
    [CAPTION_EMIT_AT] = {"emit_at", say_emit_at},
    [CAPTION_EMIT_TEACHER] = {"emit_teacher", say_emit_teacher},
    [CAPTION_EMIT_NAT] = {"emit_nat", say_emit_nat},
    [CAPTION_LENGTH_POOL] = {"length_pool", say_length_pool},
    [CAPTION_LENGTH_LOGITS] = {"length_logits", say_length_logits},
    [CAPTION_LENGTH_PROBS] = {"length_probs", say_length_probs},
};

/* The kind of each operation; DEPENDS: kind_of decides by the block, the decoder and the mask. */
enum { DEPENDS = -1 };
static const int op_kind[TO_COUNT] = {
    [TO_EMBED] = DEPENDS,
    [TO_INPUT] = CAPTION_INPUT,
    [TO_Q] = CAPTION_Q,
    [TO_K] = CAPTION_K,
    [TO_V] = CAPTION_V,
    [TO_SCORES] = CAPTION_SCORES,
    [TO_MASK] = DEPENDS,
    [TO_WEIGHTS] = CAPTION_WEIGHTS,
    [TO_HEAD_OUT] = CAPTION_HEAD_OUT,
    [TO_ATTN_OUT] = CAPTION_ATTN_OUT,
    [TO_FFN_HIDDEN] = CAPTION_FFN_HIDDEN,
    [TO_FFN_OUT] = CAPTION_FFN_OUT,
    [TO_ADD] = CAPTION_ADD,
    [TO_NORM] = CAPTION_NORM,
    [TO_FINAL_NORM] = DEPENDS,
    [TO_LOGITS] = CAPTION_LOGITS,
    [TO_PROBS] = DEPENDS,
    [TO_LENGTH_POOL] = CAPTION_LENGTH_POOL,
    [TO_LENGTH_LOGITS] = CAPTION_LENGTH_LOGITS,
    [TO_LENGTH_PROBS] = CAPTION_LENGTH_PROBS,
};

/* The one-pass, several-row decoder pass of an AT model is teacher-forced (greedy AT computes one
 * row a pass). */
static int kind_of(const cap *k) {
    const trace_step *s = k->s;
    int nat = k->c->decoder == S2S_DECODER_NAT, teacher = !nat && s->rows > 1;
    switch (s->op) {
    case TO_EMBED:
        return s->block == TB_ENCODER ? CAPTION_EMBED_SOURCE : nat ? CAPTION_EMBED_NAT
               : teacher ? CAPTION_EMBED_TEACHER : CAPTION_EMBED_AT;
    case TO_MASK: {
        int masked = 0;
        for (int j = 0; j < s->cols; j++) masked += isinf(k->x[j]) != 0;
        if (masked) return CAPTION_MASK_CAUSAL;
        /* a cached AT pass: its one query sees every key there is, the later ones do not exist yet */
        int cached = s->block == TB_DECODER && s->sub == TS_SELF_ATTN && !nat && s->rows == 1;
        return cached ? CAPTION_MASK_CACHED : CAPTION_MASK_NONE;
    }
    case TO_FINAL_NORM: return s->block == TB_ENCODER ? CAPTION_FINAL_NORM_ENCODER : CAPTION_FINAL_NORM_DECODER;
    case TO_PROBS: return nat ? CAPTION_EMIT_NAT : teacher ? CAPTION_EMIT_TEACHER : CAPTION_EMIT_AT;
    default: return op_kind[s->op];
    }
}

/* The focused step and row, or 0 when the step is out of range. */
static int cap_make(const caption_in *in, cap *k) {
    if (!in->trace || in->step < 0 || in->step >= in->trace->n_steps) return 0;
    k->in = in;
    k->c = &in->model->cfg;
    k->s = &in->trace->steps[in->step];
    int r = in->row;
    if (r < k->s->row0) r = k->s->row0;
    if (r >= k->s->row0 + k->s->rows) r = k->s->row0 + k->s->rows - 1;
    k->r = r;
    k->x = trace_data(in->trace, k->s) + (size_t)(r - k->s->row0) * k->s->cols;
    return 1;
}

int caption_kind_of(const caption_in *in) {
    cap k;
    return cap_make(in, &k) ? kind_of(&k) : -1;
}

const char *caption_kind_name(caption_kind kind) {
    return kind >= 0 && kind < CAPTION_KIND_COUNT ? kinds[kind].name : "?";
}

int caption_make(const caption_in *in, char *out, size_t n) {
    if (n) out[0] = '\0';
    cap k;
    if (!n || !cap_make(in, &k)) return -1;
    int kind = kind_of(&k);
    kinds[kind].say(&k, out, n);
    return kind;
}
