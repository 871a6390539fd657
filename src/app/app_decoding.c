/* app_decoding.c: the window's decoding choices beyond greedy: sampling (R, Ctrl+R). */
#include "app/app_state.h"
#include "core/i18n.h"

#include <string.h>

void app_sampling_key(app_state *a, int reseed, long long now) {
    if (a->model.cfg.decoder != S2S_DECODER_AT) {
        app_hint(a, now, 2500, _("sampling is for AT models: a NAT model has no next token to draw"));
        return;
    }
    if (reseed) {
        a->sampling.on = 1;
        a->sampling.seed++;
    } else {
        a->sampling.on = !a->sampling.on;
    }
    if (a->sampling.on && a->sampling.temperature <= 0.0f) a->sampling.temperature = 1.0f; /* 0 would be greedy */
    a->n_forced = 0; /* what-if tokens were picked against the other decode */
    s2s_error err = {{0}};
    if (app_decode(a, &err)) {
        app_hint(a, now, 4000, "%s", err.msg);
        return;
    }
    if (a->sampling.on)
        app_hint(a, now, 2000, _("sampling: temperature %.2g, top-k %d, top-p %.2g, seed %d (Ctrl+R: next seed)"),
                 (double)a->sampling.temperature, a->sampling.top_k, (double)a->sampling.top_p, a->sampling.seed);
    else
        app_hint(a, now, 2000, _("greedy: the most likely token at each step"));
}

/* ---- switching heads off ------------------------------------------------------------------------ */

int app_head_kind(trace_place p) {
    if (p.head < 0) return -1;
    if (p.block == TB_ENCODER && p.sub == TS_SELF_ATTN) return S2S_HEAD_ENCODER;
    if (p.block == TB_DECODER && p.sub == TS_SELF_ATTN) return S2S_HEAD_DECODER;
    if (p.block == TB_DECODER && p.sub == TS_CROSS_ATTN) return S2S_HEAD_CROSS;
    return -1;
}

int app_set_ablation(app_state *a, const s2s_ablation *ab, s2s_error *err) {
    int before[S2S_MAX_LEN + 1];
    if (app_finish(a, err)) return -1; /* the whole output before, to compare with */
    int n_before = a->res.n_out;
    memcpy(before, a->res.out, sizeof(int) * (size_t)n_before);
    if (ab != &a->ablation) a->ablation = *ab;
    a->n_forced = 0;
    a->what_if_index = -1;
    if (app_decode(a, err) || app_finish(a, err)) return -1;
    memcpy(a->before, before, sizeof(int) * (size_t)n_before);
    a->n_before = n_before;
    return 0;
}

int app_toggle_head(app_state *a, trace_place p, s2s_error *err) {
    int kind = app_head_kind(p);
    if (kind < 0) return s2s_fail(err, _("focus an attention head first (a thumbnail of the all-heads grid)"));
    static s2s_ablation next; /* large: not on the stack; the window has one thread */
    next = a->ablation;
    ablation_set(&next, (s2s_head_kind)kind, p.layer, p.head, !ablation_is_off(&next, (s2s_head_kind)kind, p.layer, p.head));
    return app_set_ablation(a, &next, err);
}

/* ---- beam mode ----------------------------------------------------------------------------------- */

void app_beam_key(app_state *a, int wider, long long now) {
    if (a->model.cfg.decoder != S2S_DECODER_AT) {
        app_hint(a, now, 2500, _("beam search is for AT models: a NAT model decodes every position in one pass"));
        return;
    }
    if (a->beam_width < 1) a->beam_width = 3;
    if (wider && a->beam_on) a->beam_width += wider;
    a->beam_width = a->beam_width < 1 ? 1 : a->beam_width > 8 ? 8 : a->beam_width;
    int was_on = a->beam_on;
    a->beam_on = wider ? 1 : !a->beam_on;
    a->n_forced = 0;
    s2s_error err = {{0}};
    if (app_decode(a, &err) || app_finish(a, &err)) { /* no search ran (an input the model refuses): the view stays as it was */
        a->beam_on = was_on;
        app_hint(a, now, 4000, "%s", err.msg);
        return;
    }
    a->beam_step = a->beam_tree.n_steps - 1;
    if (a->beam_on && app_beam_select(a, a->beam_tree.winner, &err)) app_hint(a, now, 4000, "%s", err.msg);
    if (a->beam_on) app_hint(a, now, 2500, _("beam search, width %d (Shift+W: wider, Ctrl+Shift+W: narrower; ↑/↓: step through the search)"), a->beam_width);
    else app_hint(a, now, 2000, _("greedy: the beam view is closed"));
}

int app_beam_select(app_state *a, int node, s2s_error *err) {
    const s2s_beam_tree *t = &a->beam_tree;
    a->beam_sel = -1;
    if (node < 0 || node >= t->n) return 0;
    int tok[S2S_MAX_LEN + 1], src[S2S_MAX_LEN], n_src = 0;
    int n = beam_tree_tokens(t, node, tok, S2S_MAX_LEN + 1);
    if (decode_tokenize_source(&a->model, a->input, src, &n_src, err)) return -1;
    s2s_decode_opts o = decode_opts_default();
    o.forced = tok; /* its tokens, one pass each: the last pass gives the distribution it was chosen from */
    o.n_forced = n;
    o.max_steps = n;
    o.ablation = &a->ablation;
    if (decode_run(&a->model, src, n_src, &o, &a->beam_trace, &a->beam_res, err)) return -1;
    app_labels_fill(&a->beam_lab, &a->model, &a->beam_res);
    a->beam_sel = node;
    return 0;
}

void app_beam_step(app_state *a, int dir) {
    int last = a->beam_tree.n_steps - 1;
    a->beam_step += dir;
    if (a->beam_step > last) a->beam_step = last;
    if (a->beam_step < 0) a->beam_step = 0;
}
