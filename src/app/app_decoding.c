/* app_decoding.c: the window's decoding choices beyond greedy: sampling (S, Shift+S). */
#include "app/app_state.h"

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
