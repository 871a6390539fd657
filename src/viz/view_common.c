/* view_common.c: the hit list, the panel frame and step descriptions shared by every view. */
#include <stdio.h>
#include <string.h>

#include "viz/view.h"
#include "core/i18n.h"

void hit_reset(hit_list *h) { h->n = 0; }

void hit_add(hit_list *h, draw_rect r, hit t) {
    if (!h || h->n >= HIT_MAX) return; /* a frame with more than HIT_MAX targets drops the rest */
    t.rect = r;
    h->items[h->n++] = t;
}

const hit *hit_find(const hit_list *h, float x, float y) {
    for (int i = h->n - 1; i >= 0; i--)
        if (rect_contains(h->items[i].rect, x, y)) return &h->items[i];
    return NULL;
}

const float *view_probs_at(const view_ctx *v, int row) {
    for (int i = 0; i <= v->cursor && i < v->trace->n_steps; i++) {
        const trace_step *s = &v->trace->steps[i];
        if (s->op == TO_PROBS && row >= s->row0 && row < s->row0 + s->rows)
            return trace_data(v->trace, s) + (size_t)(row - s->row0) * s->cols;
    }
    return NULL;
}

int view_emitted(const view_ctx *v) {
    int n = 0;
    for (int i = 0; i <= v->cursor && i < v->trace->n_steps; i++) {
        const trace_step *s = &v->trace->steps[i];
        if (s->op == TO_PROBS && s->row0 + s->rows > n) n = s->row0 + s->rows;
    }
    return n < v->res->n_out ? n : v->res->n_out;
}

void view_heatmap_spec(const view_ctx *v, heatmap_spec *s) {
    heatmap_spec_init(s);
    s->text_scale = v->m.scale;
    s->cmap = v->cm;
    s->theme = v->th;
    s->transparent = 1;
}

float view_button(draw_list *dl, view_ctx *v, float right, float y, const char *label, int action, int on) {
    float fs = v->m.text_label, w;
    draw_measure(dl, label, fs, &w, NULL);
    draw_rect b = draw_rect_make(right - w - v->m.button_pad, y, w + v->m.button_pad, fs * 1.8f);
    draw_fill(dl, b, on ? v->th->accent : v->th->background);
    draw_outline(dl, b, v->th->grid, 1.0f);
    draw_text(dl, label, b.x + b.w * 0.5f, b.y + b.h * 0.5f, fs, on ? v->th->background : v->th->text,
              DRAW_ALIGN_CENTER, 0);
    hit_add(v->hits, b, (hit){.kind = HIT_ACTION, .action = action});
    return b.x - v->m.gap;
}

draw_rect view_panel(draw_list *dl, view_ctx *v, draw_rect r, const char *title) {
    if (!v->flat) draw_fill(dl, r, v->th->panel);
    draw_outline(dl, r, v->th->grid, 1.0f);
    const view_metrics *m = &v->m;
    float fs = m->text_body, bar = 0.0f;
    if (title) {
        bar = fs * 1.9f;
        /* a narrow panel (beside a lesson) shortens its title rather than run past its edge */
        view_text_fit(dl, v, title, r.x + m->panel_title_x, r.y + bar * 0.5f, fs, v->th->text_dim, DRAW_ALIGN_LEFT,
                      r.w - 2.0f * m->panel_title_x);
        draw_line(dl, r.x + m->panel_rule_x, r.y + bar, r.x + r.w - m->panel_rule_x, r.y + bar, v->th->grid, 1.0f);
    }
    return draw_rect_make(r.x + m->panel_pad_x, r.y + bar + m->panel_pad_top, r.w - 2.0f * m->panel_pad_x,
                          r.h - bar - (m->panel_pad_top + m->panel_pad_bottom));
}

int view_text_fit(draw_list *dl, view_ctx *v, const char *text, float x, float y, float size, draw_color c,
                  draw_align align, float max_w) {
    char fit[512];
    int cut = draw_text_fit(dl, text, size, max_w, fit, sizeof fit);
    draw_text(dl, fit, x, y, size, c, align, 0);
    float left = align == DRAW_ALIGN_LEFT ? x : align == DRAW_ALIGN_CENTER ? x - max_w * 0.5f : x - max_w;
    if (cut && rect_contains(draw_rect_make(left, y - size * 0.6f, max_w, size * 1.2f), v->mouse_x, v->mouse_y))
        snprintf(v->tip, sizeof v->tip, "%s", text);
    return cut;
}

draw_rect view_heatmap_title(draw_list *dl, view_ctx *v, draw_rect r, const char *title) {
    float fs = v->m.text_label, h = fs * 1.6f;
    view_text_fit(dl, v, title, r.x + r.w * 0.5f, r.y + h * 0.5f, fs, v->th->text, DRAW_ALIGN_CENTER, r.w);
    return draw_rect_make(r.x, r.y + h, r.w, r.h - h);
}

/* A NAT decoder's self-attention has no mask: every position sees every other. */
static const char *sub_name(const s2s_model *m, trace_block b, trace_sublayer s) {
    int nat = m && m->cfg.decoder == S2S_DECODER_NAT;
    switch (s) {
    case TS_SELF_ATTN: return b == TB_DECODER ? (nat ? _("unmasked self-attention") : _("masked self-attention")) : _("self-attention");
    case TS_CROSS_ATTN: return _("cross-attention");
    case TS_FFN: return _("feed-forward");
    default: return "";
    }
}

static const char *op_title(trace_op op) {
    switch (op) {
    case TO_EMBED: return _("embedding × √d + positions");
    case TO_INPUT: return _("residual input");
    case TO_Q: return _("queries Q");
    case TO_K: return _("keys K");
    case TO_V: return _("values V");
    case TO_SCORES: return _("scores Q·K / √d_head");
    case TO_MASK: return _("mask");
    case TO_WEIGHTS: return _("softmax weights");
    case TO_HEAD_OUT: return _("weighted sum of V");
    case TO_ATTN_OUT: return _("heads joined, output projection");
    case TO_FFN_HIDDEN: return _("hidden layer (ReLU)");
    case TO_FFN_OUT: return _("output of the feed-forward");
    case TO_ADD: return _("add: residual + update");
    case TO_NORM: return _("LayerNorm");
    case TO_FINAL_NORM: return _("final LayerNorm");
    case TO_LOGITS: return _("logits");
    case TO_PROBS: return _("softmax over the vocabulary");
    case TO_LENGTH_POOL: return _("mean of the memory");
    case TO_LENGTH_LOGITS: return _("length logits");
    case TO_LENGTH_PROBS: return _("length distribution");
    default: return "";
    }
}

void view_describe_step(const s2s_model *m, const trace_step *s, char *out, size_t cap) {
    const char *block = s->block == TB_ENCODER ? _("encoder") : s->block == TB_DECODER ? _("decoder")
                        : s->block == TB_GENERATOR ? _("generator") : _("length classifier");
    char where[64] = "";
    if (s->layer >= 0) snprintf(where, sizeof where, _(" layer %d"), s->layer + 1);
    char head[32] = "";
    if (s->head >= 0) snprintf(head, sizeof head, _(" · head %d"), s->head + 1);
    const char *sub = sub_name(m, s->block, s->sub);
    snprintf(out, cap, "%s%s%s%s%s · %s", block, where, *sub ? " · " : "", sub, head, op_title(s->op));
}

const char *view_op_title(trace_op op) { return op_title(op); }
const char *view_sub_name(const s2s_model *m, trace_block b, trace_sublayer s) { return sub_name(m, b, s); }
