/* app_decoding.c: the window's decoding choices beyond greedy: sampling (S, Shift+S). */
#include "app/app_state.h"

#include <string.h>

void app_sampling_key(app_state *a, int reseed, long long now) {
    if (a->model.cfg.decoder != S2S_DECODER_AT) {
        app_hint(a, now, 2500, "sampling is for AT models: a NAT model has no next token to draw");
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
        app_hint(a, now, 2000, "sampling: temperature %.2g, top-k %d, top-p %.2g, seed %d (Shift+S: next seed)",
                 (double)a->sampling.temperature, a->sampling.top_k, (double)a->sampling.top_p, a->sampling.seed);
    else
        app_hint(a, now, 2000, "greedy: the most likely token at each step");
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
    if (kind < 0) return s2s_fail(err, "focus an attention head first (a thumbnail of the all-heads grid)");
    static s2s_ablation next; /* large: not on the stack; the window has one thread */
    next = a->ablation;
    ablation_set(&next, (s2s_head_kind)kind, p.layer, p.head, !ablation_is_off(&next, (s2s_head_kind)kind, p.layer, p.head));
    return app_set_ablation(a, &next, err);
}
