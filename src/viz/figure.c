/* figure.c: what a figure shows (its matrix, labels, title and file name); figure_draw.c lays it
 * out. See figure.h. */
#include "viz/figure.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "viz/view.h"
#include "core/i18n.h"

void figure_spec_init(figure_spec *s) {
    memset(s, 0, sizeof *s);
    s->kind = FIGURE_DECODER;
    s->op = TO_WEIGHTS;
    s->upto = -1;
}

static const char *const kind_names[] = {"encoder-self", "decoder-self", "cross"};
static const char *const kind_short[] = {"encoder", "decoder", "cross"};

const char *figure_kind_name(figure_kind k) { return k >= 0 && k < FIGURE_KIND_COUNT ? kind_names[k] : "?"; }

const char *figure_kind_title(figure_kind k) {
    switch (k) {
    case FIGURE_ENCODER: return "encoder self-attention";
    case FIGURE_DECODER: return "decoder masked self-attention";
    case FIGURE_CROSS: return "cross-attention";
    default: return "?";
    }
}

int figure_kind_parse(const char *name) {
    for (int k = 0; k < FIGURE_KIND_COUNT; k++)
        if (strcasecmp(name, kind_names[k]) == 0 || strcasecmp(name, kind_short[k]) == 0) return k;
    return -1;
}

static trace_block kind_block(figure_kind k) { return k == FIGURE_ENCODER ? TB_ENCODER : TB_DECODER; }
static trace_sublayer kind_sub(figure_kind k) { return k == FIGURE_CROSS ? TS_CROSS_ATTN : TS_SELF_ATTN; }
static int kind_layers(const s2s_config *c, figure_kind k) { return k == FIGURE_ENCODER ? c->n_enc : c->n_dec; }

int figure_steps(const figure_src *src) {
    return src->model->cfg.decoder == S2S_DECODER_AT && src->res->passes > 1 ? src->res->passes : 0;
}

int figure_upto(const s2s_trace *t, int step) {
    if (step <= 0) return TRACE_ALL;
    int last = -1; /* passes are recorded in order: the last step whose pass is step - 1 or earlier */
    for (int i = 0; i < t->n_steps && t->steps[i].pass <= step - 1; i++) last = i;
    return last < 0 || last == t->n_steps - 1 ? TRACE_ALL : last;
}

int figure_check(const figure_src *src, const figure_spec *s, s2s_error *err) {
    const s2s_config *c = &src->model->cfg;
    if (s->kind < 0 || s->kind >= FIGURE_KIND_COUNT) return s2s_fail(err, "unknown attention kind");
    int L = kind_layers(c, s->kind);
    if (s->layer < 0 || s->layer >= L)
        return s2s_fail(err, "layer %d does not exist: the %s has layers 1 to %d", s->layer + 1,
                        s->kind == FIGURE_ENCODER ? "encoder" : "decoder", L);
    if (s->head < 0 || s->head >= c->n_heads)
        return s2s_fail(err, "head %d does not exist: the model has heads 1 to %d", s->head + 1, c->n_heads);
    if (s->n_layers < 0 || s->layer + s->n_layers > L || s->n_heads < 0 || s->head + s->n_heads > c->n_heads)
        return s2s_fail(err, "the grid's layers or heads run past the model's");
    if (s->op != TO_WEIGHTS && s->op != TO_SCORES && s->op != TO_MASK)
        return s2s_fail(err, "figures show attention weights, scores or the mask");
    const s2s_decode_result *r = src->res;
    if (r->n_src < 1 || (s->kind != FIGURE_ENCODER && r->n_rows < 1))
        return s2s_fail(err, "the decode has no %s rows to draw (a NAT length of 0? try --nat-length end)",
                        figure_kind_name(s->kind));
    int steps = figure_steps(src);
    if (s->step < 0 || s->step > (steps ? steps : 1))
        return s2s_fail(err, "step %d does not exist: this decode has %s %d", s->step,
                        steps ? "steps 1 to" : "one decoder pass, step", steps ? steps : 1);
    return 0;
}

/* ---- labels ------------------------------------------------------------------------------------ */

static const char *sym_label(const s2s_vocab *v, int id) {
    const char *s = v->sym[id];
    return strcmp(s, " ") == 0 ? "␣" : s; /* a visible space: character vocabularies may have ' ' */
}

/* Source labels into out (n_src). */
static void src_labels(const figure_src *src, const char **out) {
    for (int i = 0; i < src->res->n_src; i++) out[i] = sym_label(&src->model->src, src->res->src[i]);
}

/* Decoder input labels (T = n_rows); with a step, positions not decoded yet are blank. */
static void dec_labels(const figure_src *src, int step, const char **out) {
    const s2s_decode_result *r = src->res;
    for (int i = 0; i < r->n_rows; i++)
        out[i] = (step > 0 && i >= step) || i >= r->n_dec_in ? "" : sym_label(&src->model->tgt, r->dec_in[i]);
}

/* ---- matrices ---------------------------------------------------------------------------------- */

int figure_matrix_get(const figure_src *src, const figure_spec *s, int data, figure_matrix *out,
                      s2s_error *err) {
    memset(out, 0, sizeof *out);
    const s2s_config *c = &src->model->cfg;
    const s2s_decode_result *r = src->res;
    int step = figure_steps(src) ? s->step : 0;
    int upto = s->upto >= 0 ? s->upto : figure_upto(src->trace, step);
    int S = r->n_src, T = r->n_rows;
    int R = s->kind == FIGURE_ENCODER ? S : T, C = s->kind == FIGURE_DECODER ? T : S;
    if (R < 1 || C < 1) return s2s_fail(err, "the decode has no %s rows to draw", figure_kind_name(s->kind));
    /* the view's gather needs room for its widest record and, above it, the mask */
    int cap = c->max_len + 1, wide = c->d_model > cap ? c->d_model : cap;
    size_t scratch_len = (size_t)cap * (size_t)wide * 2;
    float *scratch = malloc(scratch_len * sizeof(float));
    out->values = malloc((size_t)R * (size_t)C * sizeof(float));
    if (!scratch || !out->values) {
        free(scratch);
        figure_matrix_free(out);
        return s2s_fail(err, "out of memory for a %d x %d matrix", R, C);
    }
    int rows = 0, cols = 0, rc;
    if (data) {
        /* raw records as `decode --format json` prints them: not computed (a future key) is 0 */
        rc = trace_gather(src->trace, kind_block(s->kind), s->layer, kind_sub(s->kind), s->op,
                          s->op == TO_MASK ? -1 : s->head, upto, scratch, cap, wide, &rows, &cols);
        for (int i = 0; rc == 0 && i < rows; i++)
            for (int k = 0; k < cols; k++) {
                float v = scratch[(size_t)i * wide + k];
                out->values[(size_t)i * cols + k] = isnan(v) ? 0.0f : v;
            }
    } else {
        /* the window's own gather, so a figure blocks exactly the cells the window blocks */
        view_ctx v;
        memset(&v, 0, sizeof v);
        v.model = src->model;
        v.trace = src->trace;
        v.res = r;
        v.cursor = upto;
        v.scratch = scratch;
        v.scratch_len = scratch_len;
        rc = view_attention_matrix(&v, kind_block(s->kind), s->layer, kind_sub(s->kind), s->op, s->head, scratch,
                                   &rows, &cols);
        for (int i = 0; i < R * C; i++) out->values[i] = NAN; /* not computed yet: blocked */
        for (int i = 0; rc == 0 && i < rows && i < R; i++)
            for (int k = 0; k < cols && k < C; k++) out->values[(size_t)i * C + k] = scratch[(size_t)i * cols + k];
        rows = R;
        cols = C;
    }
    free(scratch);
    if (rc) {
        figure_matrix_free(out);
        return s2s_fail(err, _("%s layer %d head %d is not computed yet at this point of the decode"), figure_kind_name(s->kind),
                        s->layer + 1, s->head + 1);
    }
    out->rows = rows;
    out->cols = cols;
    const char *srcl[S2S_MAX_LEN], *decl[S2S_MAX_LEN + 1];
    src_labels(src, srcl);
    dec_labels(src, data ? 0 : step, decl);
    for (int i = 0; i < rows; i++) out->row_labels[i] = s->kind == FIGURE_ENCODER ? srcl[i] : decl[i];
    for (int k = 0; k < cols; k++) out->col_labels[k] = s->kind == FIGURE_DECODER ? decl[k] : srcl[k];
    return 0;
}

void figure_matrix_free(figure_matrix *m) {
    if (!m) return;
    free(m->values);
    m->values = NULL;
}

/* ---- names ------------------------------------------------------------------------------------- */

/* Appends text to out with everything outside [A-Za-z0-9_-] dropped, at most max characters. */
static void append_sanitized(char *out, size_t cap, const char *text, int max) {
    size_t n = strlen(out);
    for (int k = 0; *text && k < max && n + 1 < cap; text++) {
        char ch = *text;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-') {
            out[n++] = ch;
            k++;
        }
    }
    out[n] = '\0';
}

/* Appends "decoder-self_L1_H2[_scores][_step5]" (grid: "_all-heads", "_Lall_H2", "_L1_Hall"). */
static void append_what(const figure_src *src, const figure_spec *s, int grid, char *out, size_t cap) {
    const s2s_config *c = &src->model->cfg;
    size_t n = strlen(out);
    snprintf(out + n, cap - n, "%s", figure_kind_name(s->kind));
    n = strlen(out);
    if (grid) {
        int L = kind_layers(c, s->kind);
        int nl = s->n_layers ? s->n_layers : L - s->layer, nh = s->n_heads ? s->n_heads : c->n_heads - s->head;
        if (nl == L && nh == c->n_heads) snprintf(out + n, cap - n, "_all-heads");
        else if (nl == L) snprintf(out + n, cap - n, "_Lall_H%d", s->head + 1);
        else snprintf(out + n, cap - n, "_L%d_Hall", s->layer + 1);
    } else {
        snprintf(out + n, cap - n, "_L%d_H%d", s->layer + 1, s->head + 1);
    }
    n = strlen(out);
    if (s->op == TO_SCORES) snprintf(out + n, cap - n, "_scores");
    else if (s->op == TO_MASK) snprintf(out + n, cap - n, "_mask");
    n = strlen(out);
    int steps = figure_steps(src), digits = steps >= 100 ? 3 : steps >= 10 ? 2 : 1;
    /* zero-padded, so a numbered sequence sorts in step order */
    if (steps && s->step > 0 && s->kind != FIGURE_ENCODER) snprintf(out + n, cap - n, "_step%0*d", digits, s->step);
}

void figure_stem(const figure_src *src, const figure_spec *s, int grid, int what_only, char *out, size_t cap) {
    const s2s_model *m = src->model;
    const s2s_decode_result *r = src->res;
    out[0] = '\0';
    if (!what_only) {
        append_sanitized(out, cap, m->task[0] ? m->task : "model", 32);
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "-%s_", m->cfg.decoder == S2S_DECODER_NAT ? "nat" : "at");
        char text[4 * S2S_MAX_LEN + 1];
        vocab_join(&m->src, r->src, r->n_src, text, sizeof text);
        n = strlen(out);
        append_sanitized(out, cap, text, 24);
        if (strlen(out) == n) append_sanitized(out, cap, "input", 8); /* nothing printable: CJK, symbols */
        n = strlen(out);
        snprintf(out + n, cap - n, "_");
    }
    append_what(src, s, grid, out, cap);
}

void figure_title(const figure_src *src, const figure_spec *s, int grid, char *out, size_t cap) {
    const s2s_model *m = src->model;
    const char *block = s->kind == FIGURE_ENCODER ? _("encoder") : _("decoder");
    const char *sub = view_sub_name(m, kind_block(s->kind), kind_sub(s->kind));
    char where[96];
    if (grid) snprintf(where, sizeof where, _("%s · %s · layers × heads"), block, sub);
    else snprintf(where, sizeof where, _("%s layer %d · %s · head %d"), block, s->layer + 1, sub, s->head + 1);
    char step[48] = "";
    int steps = figure_steps(src);
    if (steps && s->kind != FIGURE_ENCODER)
        snprintf(step, sizeof step, _(" · step %d of %d"), s->step > 0 ? s->step : steps, steps);
    const char *what = s->op == TO_SCORES ? _(" · scores") : s->op == TO_MASK ? _(" · mask") : "";
    snprintf(out, cap, "%s · %s · %s%s%s", m->task[0] ? m->task : _("model"),
             m->cfg.decoder == S2S_DECODER_NAT ? _("NAT") : _("AT"), where, what, step);
}
