/* app_export_spec.c: the window's export spec, see app_export_spec.h. */
#include "app/app_export_spec.h"

figure_spec app_export_spec(const app_state *a, int grid) {
    view_focus f = app_focus(a);
    const s2s_config *c = &a->model.cfg;
    figure_spec s;
    figure_spec_init(&s);
    int dec = f.block == TB_DECODER || f.block == TB_GENERATOR;
    s.kind = !dec ? FIGURE_ENCODER : f.sub == TS_CROSS_ATTN ? FIGURE_CROSS : FIGURE_DECODER;
    int L = s.kind == FIGURE_ENCODER ? c->n_enc : c->n_dec;
    s.layer = f.layer < 0 ? 0 : f.layer >= L ? L - 1 : f.layer;
    s.head = a->head;
    if (grid) { /* the grid starts at layer 1, head 1 and takes them all (n_layers = n_heads = 0) */
        s.layer = s.head = 0;
        s.n_layers = s.n_heads = 0;
    }
    int attn = f.sub == TS_SELF_ATTN || f.sub == TS_CROSS_ATTN;
    if (attn && (f.op == TO_SCORES || f.op == TO_MASK)) s.op = f.op;
    s.theme = a->dark ? theme_dark() : theme_light();
    s.cmap = colormap_at(a->cmap % colormap_count());
    /* exactly what the window shows: up to the cursor; the step is the pass being run */
    s.upto = a->cursor;
    s.step = a->model.cfg.decoder == S2S_DECODER_AT && a->res.passes > 1 ? f.pass + 1 : 0;
    if (s.step > a->res.passes) s.step = a->res.passes;
    return s;
}
