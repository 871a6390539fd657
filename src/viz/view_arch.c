/* view_arch.c: the classic Transformer figure for the loaded model's real layer counts, drawn
 * bottom-up as in the paper: inputs, embeddings, N encoder layers; outputs shifted right, N decoder
 * layers, linear and softmax; cross-attention fed from the encoder's top. The focused layer is drawn
 * with every sublayer; the others, when space is short, as one row each. Every block is a click
 * target that jumps there. */
#include <stdio.h>
#include <string.h>

#include "viz/view.h"
#include "core/i18n.h"

typedef struct arch_box {
    const char *label;
    /* the first step the box stands for, where a click jumps: a sublayer's TO_INPUT, its Add & Norm's
     * TO_ADD, TO_EMBED, TO_FINAL_NORM, or the first step of the generator / length classifier */
    trace_place place;
    int kind; /* 0 attention, 1 add & norm, 2 ffn, 3 other */
} arch_box;

/* The shorter name a label takes when its box or column is too narrow for it (the diagram's
 * teaching names first; an ellipsis and a tooltip only when even the short one does not fit). */
static const struct {
    const char *label, *brief;
} short_names[] = {
    {"Embedding + pos.", "Embedding"}, {"Masked self-attn", "Masked attn"}, {"Self-attention", "Self-attn"},
    {"Cross-attention", "Cross-attn"}, {"Feed-forward", "FFN"},            {"Add & Norm", "Add&Norm"},
    {"Final LayerNorm", "Final norm"}, {"Length classifier", "Length"},    {"outputs, shifted right", "outputs →"},
    {"output probabilities", "probabilities"},
};

/* The label, or its short form when the label is wider than w at size fs. */
static const char *fitting_name(const draw_list *dl, const char *label, float fs, float w) {
    float tw;
    draw_measure(dl, label, fs, &tw, NULL);
    if (tw <= w) return label;
    for (size_t i = 0; i < sizeof short_names / sizeof short_names[0]; i++)
        if (strcmp(short_names[i].label, label) == 0) return short_names[i].brief;
    return label;
}

static int box_is_focused(const view_ctx *v, const arch_box *b) {
    const view_focus *f = &v->focus;
    const trace_place *p = &b->place;
    if (p->block != f->block || p->layer != f->layer) return 0;
    int norm_op = f->op == TO_ADD || f->op == TO_NORM;
    switch (p->op) {
    case TO_EMBED: case TO_FINAL_NORM: return f->op == p->op;
    case TO_ADD: return norm_op && f->sub == p->sub;
    case TO_INPUT: return !norm_op && f->sub == p->sub;
    default: return 1; /* the generator and the length classifier light up as a whole */
    }
}

/* The box for the step at (block, layer, sub, op) of the visible pass (the app fills the pass). */
static arch_box arch_box_at(const char *label, trace_block block, int layer, trace_sublayer sub, trace_op op, int kind) {
    return (arch_box){label, {block, layer, sub, op, -1}, kind};
}

static void box(draw_list *dl, view_ctx *v, draw_rect r, const arch_box *b) {
    const theme *th = v->th;
    static const float tint[4] = {0.30f, 0.80f, 0.55f, 0.15f};
    int on = box_is_focused(v, b);
    draw_color fill = colormap_sample(v->cm, tint[b->kind]);
    fill.a = 70; /* a light tint of the background */
    draw_fill(dl, r, on ? th->accent : draw_color_over(th->background, fill));
    draw_outline(dl, r, on ? th->accent : th->grid, on ? 2.0f : 1.0f);
    float fs = v->m.text_small;
    if (r.h < fs * 1.2f) fs = r.h / 1.2f;
    char fit[64];
    if (draw_text_fit(dl, fitting_name(dl, b->label, fs, r.w - 6.0f), fs, r.w - 6.0f, fit, sizeof fit) &&
        rect_contains(r, v->mouse_x, v->mouse_y))
        snprintf(v->tip, sizeof v->tip, "%s", b->label);
    draw_text(dl, fit, r.x + r.w * 0.5f, r.y + r.h * 0.5f, fs, on ? th->background : th->text, DRAW_ALIGN_CENTER, 0);
    hit_add(v->hits, r, (hit){.kind = HIT_PLACE, .place = b->place});
}

/* A caption centred on cx within width w: a size smaller (down to 80 %) when it is wider, then
 * shortened with an ellipsis, the whole caption as the tooltip under the mouse. */
static void caption(draw_list *dl, view_ctx *v, const char *text, float cx, float y, float w, float fs) {
    float tw;
    const char *whole = text;
    text = fitting_name(dl, text, fs, w);
    draw_measure(dl, text, fs, &tw, NULL);
    if (tw > w) fs = fs * w / tw > fs * 0.8f ? fs * w / tw : fs * 0.8f;
    char fit[96];
    if (draw_text_fit(dl, text, fs, w, fit, sizeof fit) &&
        rect_contains(draw_rect_make(cx - w * 0.5f, y - fs * 0.6f, w, fs * 1.2f), v->mouse_x, v->mouse_y))
        snprintf(v->tip, sizeof v->tip, "%s", whole);
    draw_text(dl, fit, cx, y, fs, v->th->text_dim, DRAW_ALIGN_CENTER, 0);
}

/* One layer from y_bottom upward; returns its height. Expanded: every sublayer and Add & Norm. */
/* Height of an expanded layer of n sublayers, as layer_column draws it: a row and an Add & Norm
 * row for each, padding, and the layer's label. */
static float expanded_height(int n, float row_h) { return (float)(2 * n) * (row_h + 2.0f) + 8.0f + row_h * 0.9f + 6.0f; }

static float layer_column(draw_list *dl, view_ctx *v, float x, float w, float y_bottom, trace_block blk, int layer,
                          int expanded, float row_h, float compact_h, float *cross_y) {
    static const trace_sublayer enc_subs[] = {TS_SELF_ATTN, TS_FFN};
    static const trace_sublayer dec_subs[] = {TS_SELF_ATTN, TS_CROSS_ATTN, TS_FFN};
    const trace_sublayer *subs = blk == TB_ENCODER ? enc_subs : dec_subs;
    int n = blk == TB_ENCODER ? 2 : 3;
    char name[48];
    if (!expanded) {
        snprintf(name, sizeof name, _("layer %d"), layer + 1);
        /* a compact layer jumps to its first sublayer */
        arch_box b = arch_box_at(name, blk, layer, TS_SELF_ATTN, TO_INPUT, 3);
        float h = compact_h;
        box(dl, v, draw_rect_make(x, y_bottom - h, w, h), &b);
        if (cross_y) *cross_y = y_bottom - h * 0.5f;
        return h + 4.0f;
    }
    float y = y_bottom, pad = 4.0f;
    float frame_top = y - (2 * n) * (row_h + 2.0f) - pad * 2 - row_h * 0.9f;
    draw_outline(dl, draw_rect_make(x - 4.0f, frame_top, w + 8.0f, y - frame_top), v->th->grid, 1.0f);
    y -= pad;
    for (int s = 0; s < n; s++) {
        const char *lab = subs[s] == TS_FFN ? _("Feed-forward")
                          : subs[s] == TS_CROSS_ATTN ? _("Cross-attention")
                          : blk == TB_DECODER && v->model->cfg.decoder == S2S_DECODER_AT ? _("Masked self-attn")
                                                                                         : _("Self-attention");
        arch_box sb = arch_box_at(lab, blk, layer, subs[s], TO_INPUT, subs[s] == TS_FFN ? 2 : 0);
        y -= row_h;
        box(dl, v, draw_rect_make(x, y, w, row_h), &sb);
        if (subs[s] == TS_CROSS_ATTN && cross_y) *cross_y = y + row_h * 0.5f;
        y -= 2.0f;
        arch_box nb = arch_box_at(_("Add & Norm"), blk, layer, subs[s], TO_ADD, 1);
        y -= row_h * 0.8f;
        box(dl, v, draw_rect_make(x, y, w, row_h * 0.8f), &nb);
        y -= 2.0f;
    }
    snprintf(name, sizeof name, _("layer %d"), layer + 1);
    draw_text(dl, name, x, frame_top + row_h * 0.4f, v->m.text_tiny, v->th->text_dim, DRAW_ALIGN_LEFT, 0);
    return expanded_height(n, row_h);
}

/* The height view_arch's encoder or decoder column takes, from the captions at the bottom to its top. */
static float column_height(const view_ctx *v, trace_block blk, int expand_all, float row_h, float compact_h, float fs) {
    const s2s_config *c = &v->model->cfg;
    int n = blk == TB_ENCODER ? c->n_enc : c->n_dec, subs = blk == TB_ENCODER ? 2 : 3;
    float h = fs * 1.4f + row_h + 10.0f;
    for (int l = 0; l < n; l++)
        h += expand_all || (v->focus.block == blk && v->focus.layer == l) ? expanded_height(subs, row_h) : compact_h + 4.0f;
    if (blk == TB_DECODER) return h + 2.0f * row_h + 4.0f;
    return h + row_h * 0.8f + (c->decoder == S2S_DECODER_NAT ? row_h * 1.6f : 0.0f);
}

void view_arch(draw_list *dl, view_ctx *v, draw_rect r) {
    const s2s_config *c = &v->model->cfg;
    const theme *th = v->th;
    draw_rect in = view_panel(dl, v, r, c->decoder == S2S_DECODER_NAT ? _("Architecture · NAT") : _("Architecture · AT"));
    float fs = v->m.text_small, row_h = fs * 1.75f;
    /* the "N×" labels have the top row to themselves */
    char nx[32];
    snprintf(nx, sizeof nx, "%d×", c->n_enc);
    draw_text(dl, nx, in.x + 2.0f, in.y + fs * 0.6f, fs, th->text_dim, DRAW_ALIGN_LEFT, 0);
    snprintf(nx, sizeof nx, "%d×", c->n_dec);
    draw_text(dl, nx, in.x + in.w - 2.0f, in.y + fs * 0.6f, fs, th->text_dim, DRAW_ALIGN_RIGHT, 0);
    in.y += fs * 1.3f;
    in.h -= fs * 1.3f;
    /* grow the rows to fill the panel when every layer fits expanded (a 2-layer model would
     * otherwise sit at the bottom of an empty panel); an expanded decoder layer is ~6.4 rows + 26 px */
    float fill = (in.h - 3.0f * fs - 10.0f - (float)c->n_dec * 26.0f) / ((float)c->n_dec * 6.4f + 5.2f);
    if (fill > row_h) row_h = fill < fs * 2.6f ? fill : fs * 2.6f;
    float colw = (in.w - 24.0f) * 0.5f, ex = in.x + 4.0f, dx = in.x + colw + 20.0f;
    /* heights: expanded layer = (2n sublayer rows + n norm rows); decide how many layers can expand */
    float dec_full = 3 * (row_h + 2.0f) + 3 * (row_h * 0.8f + 2.0f) + row_h + 14.0f;
    float avail = in.h - 5.0f * row_h - 10.0f; /* inputs, embedding, linear, softmax, margins */
    int expand_all = c->n_dec * dec_full <= avail;
    float bottom = in.y + in.h;
    /* when only the current layer expands, the others grow to fill the decoder column (a 6-layer
     * stack would otherwise sit at the bottom of an empty panel) */
    float compact_h = row_h;
    if (!expand_all && c->n_dec > 1) {
        float stack = in.h - (fs * 1.4f + row_h + 10.0f) - (2.0f * row_h + 4.0f + fs * 2.0f) - fs * 1.5f;
        float h = (stack - expanded_height(3, row_h)) / (float)(c->n_dec - 1) - 4.0f;
        compact_h = h < row_h ? row_h : h > 3.5f * row_h ? 3.5f * row_h : h;
    }
    /* a short panel (a large text scale): every row shrinks until both columns fit */
    for (int pass = 0; pass < 4; pass++) {
        float need = column_height(v, TB_ENCODER, expand_all, row_h, compact_h, fs);
        float dec = column_height(v, TB_DECODER, expand_all, row_h, compact_h, fs);
        if (dec > need) need = dec;
        if (need <= in.h) break;
        float k = (in.h - 40.0f) / (need - 40.0f); /* the fixed gaps do not shrink */
        row_h *= k;
        compact_h *= k;
    }

    /* inputs and embeddings */
    caption(dl, v, _("inputs"), ex + colw * 0.5f, bottom - fs * 0.6f, colw, fs);
    caption(dl, v, c->decoder == S2S_DECODER_NAT ? _("<begin> × T") : _("outputs, shifted right"), dx + colw * 0.5f,
            bottom - fs * 0.6f, colw, fs);
    float y = bottom - fs * 1.4f;
    arch_box eb = arch_box_at(_("Embedding + pos."), TB_ENCODER, -1, TS_NONE, TO_EMBED, 3),
             db = arch_box_at(_("Embedding + pos."), TB_DECODER, -1, TS_NONE, TO_EMBED, 3);
    box(dl, v, draw_rect_make(ex, y - row_h, colw, row_h), &eb);
    box(dl, v, draw_rect_make(dx, y - row_h, colw, row_h), &db);
    float ey = y - row_h - 10.0f, dy = ey;
    float enc_top = ey, cross_y[S2S_MAX_LAYERS];
    for (int l = 0; l < c->n_enc; l++) {
        int expanded = expand_all || (v->focus.block == TB_ENCODER && v->focus.layer == l);
        ey -= layer_column(dl, v, ex, colw, ey, TB_ENCODER, l, expanded, row_h, compact_h, NULL);
    }
    arch_box en = arch_box_at(_("Final LayerNorm"), TB_ENCODER, -1, TS_NONE, TO_FINAL_NORM, 1);
    box(dl, v, draw_rect_make(ex, ey - row_h * 0.8f, colw, row_h * 0.8f), &en);
    enc_top = ey - row_h * 0.8f;
    for (int l = 0; l < c->n_dec; l++) {
        int expanded = expand_all || (v->focus.block == TB_DECODER && v->focus.layer == l);
        dy -= layer_column(dl, v, dx, colw, dy, TB_DECODER, l, expanded, row_h, compact_h, &cross_y[l]);
    }
    arch_box gl = arch_box_at(_("Linear"), TB_GENERATOR, -1, TS_NONE, TO_LOGITS, 3),
             gs = arch_box_at(_("Softmax"), TB_GENERATOR, -1, TS_NONE, TO_LOGITS, 3);
    box(dl, v, draw_rect_make(dx, dy - row_h, colw, row_h), &gl);
    box(dl, v, draw_rect_make(dx, dy - 2 * row_h - 4.0f, colw, row_h), &gs);
    if (dy - 2 * row_h - fs * 1.8f >= in.y + fs * 1.2f) /* above the softmax, unless the stack reaches the top */
        caption(dl, v, _("output probabilities"), dx + colw * 0.5f, dy - 2 * row_h - fs * 1.2f, colw, fs);
    if (c->decoder == S2S_DECODER_NAT) {
        arch_box lb = arch_box_at(_("Length classifier"), TB_LENGTH, -1, TS_NONE, TO_LENGTH_POOL, 3);
        box(dl, v, draw_rect_make(ex, enc_top - row_h * 1.6f, colw, row_h), &lb);
    }
    /* memory -> every decoder layer's cross-attention */
    draw_color mc = th->text_dim;
    mc.a = 160;
    mc = draw_color_over(th->panel, mc); /* the same light grey, drawn opaque */
    float mx = ex + colw + 4.0f;
    draw_line(dl, ex + colw * 0.5f, enc_top, ex + colw * 0.5f, enc_top - 6.0f, mc, 2.0f);
    draw_line(dl, ex + colw * 0.5f, enc_top - 6.0f, mx + 6.0f, enc_top - 6.0f, mc, 2.0f);
    float lowest = cross_y[0];
    draw_line(dl, mx + 6.0f, enc_top - 6.0f, mx + 6.0f, lowest, mc, 2.0f);
    for (int l = 0; l < c->n_dec; l++) draw_line(dl, mx + 6.0f, cross_y[l], dx, cross_y[l], mc, 2.0f);
}
