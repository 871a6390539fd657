/* app_live.c: training live in the window. Shift+T opens the chooser (task, AT or NAT, size); a
 * worker thread (core/train_live.c) trains a new model as chosen; the window's model becomes a copy of the newest snapshot (or the one
 * picked on the scrubber), so every view (the attention heatmaps, the all-heads grid, the output)
 * shows the input decoded by the weights as they are at that point. The worker trains with one
 * thread: the other core keeps the window drawing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_state.h"
#include "core/i18n.h"
#include "core/tasks.h"

#define REFRESH_MS 250  /* the views re-decode at most this often (4 a second) */
#define LIVE_EVERY 25   /* a snapshot every 25 steps (thinned when 64 are kept) */
#define LIVE_HELDOUT 100 /* held-out examples per measurement (99 % is 99 of them) */

int app_live_start(app_state *a, const train_chooser *c, s2s_error *err) {
    s2s_shape sh;
    s2s_train_opts o;
    train_preset_config(c->size, c->task, c->decoder, &sh, &o);
    if (!a->live_loss && !(a->live_loss = calloc(LIVE_MAX_POINTS, sizeof(float)))) return s2s_fail(err, "out of memory");
    live_free(a->live);
    a->live = NULL;
    if (live_start(&a->live, c->task, &sh, &o, LIVE_EVERY, LIVE_HELDOUT, err)) return -1;
    /* the window's model: the trained model's shape, parameters from the snapshots */
    const s2s_model *lm = live_model(a->live);
    s2s_model m;
    if (model_init(&m, &lm->cfg, &lm->src, &lm->tgt, lm->task, err)) {
        live_free(a->live);
        a->live = NULL;
        return -1;
    }
    app_replace_model(a, m);
    a->live_cfg = *c;
    a->live_cfg.open = 0;
    snprintf(a->model_path, sizeof a->model_path, _("training %s %s · %s (live)"), lm->task,
             lm->cfg.decoder == S2S_DECODER_NAT ? "NAT" : "AT", _(train_preset(c->size)->name));
    int ids[S2S_MAX_LEN], n;
    s2s_error ignore;
    if (decode_tokenize_source(&a->model, a->input, ids, &n, &ignore)) /* another task's input: its example */
        snprintf(a->input, sizeof a->input, "%s", task_info(c->task)->example);
    a->live_follow = 1;
    a->live_want = -1;
    a->n_forced = 0;
    a->norm_open = 0;
    a->what_if_index = -1;
    a->target[0] = '\0'; /* a target of another task would not fit; teacher forcing is for a trained model */
    a->teach_ready = 0;
    /* the views at once on step 0, so no frame draws the old model's trace with the new shape */
    a->live_shown = live_snapshot(a->live, 0, a->model.params, NULL);
    a->live_shown_step = 0;
    a->live_next = 0;
    return app_decode(a, err);
}

int app_live_toggle(app_state *a, long long now, s2s_error *err) {
    if (a->live) { /* stop: the model shown stays */
        live_free(a->live);
        a->live = NULL;
        app_hint(a, now, 3000, _("training stopped at step %d; the window keeps the model shown"), a->live_shown_step);
        return 0;
    }
    train_chooser_open(&a->chooser, &a->model);
    return 0;
}

void app_live_pause(app_state *a, long long now) {
    if (!a->live) {
        app_hint(a, now, 3000, _("P pauses training: start it with Shift+T"));
        return;
    }
    live_pause(a->live, a->live_st.state == LIVE_RUNNING);
}

int app_live_reset(app_state *a, long long now, s2s_error *err) {
    if (!a->live) {
        app_hint(a, now, 3000, _("Shift+R restarts training: start it with Shift+T"));
        return 0;
    }
    return app_live_start(a, &a->live_cfg, err);
}

int app_live_save(app_state *a, char *path, size_t cap, s2s_error *err) {
    if (!a->live || a->live_shown < 0) return s2s_fail(err, _("no trained model to save yet (Shift+T trains one)"));
    int k = snprintf(path, cap, "%s%strained-%s-%s-%s-step%d.safetensors", a->export_dir, a->export_dir[0] ? "/" : "",
                     a->model.task, a->model.cfg.decoder == S2S_DECODER_NAT ? "nat" : "at",
                     train_preset(a->live_cfg.size)->name, a->live_shown_step);
    if (k < 0 || (size_t)k >= cap) return s2s_fail(err, "the export folder's name is too long");
    if (model_save(&a->model, path, err)) return -1;
    if (a->n_models < APP_MAX_MODELS) snprintf(a->models[a->n_models++], sizeof a->models[0], "%s", path);
    return 0;
}

void app_live_seek(app_state *a, int snapshot) {
    a->live_follow = snapshot < 0;
    a->live_want = snapshot;
    a->live_next = 0;
}

int app_live_pump(app_state *a, long long now) {
    if (!a->live) return 0;
    int n = live_try_poll(a->live, &a->live_st, a->live_loss, LIVE_MAX_POINTS); /* busy: last frame's figures */
    if (n >= 0) a->live_n = n;
    int active = a->live_st.state == LIVE_RUNNING || a->live_st.state == LIVE_PAUSED;
    if (now < a->live_next) return active;
    int want = a->live_follow ? a->live_st.n_snapshots - 1 : a->live_want;
    if (want >= a->live_st.n_snapshots) want = a->live_st.n_snapshots - 1;
    if (want >= 0 && (want != a->live_shown || a->live_st.snap[want].step != a->live_shown_step)) {
        s2s_live_snapshot_info info;
        int k = live_try_snapshot(a->live, want, a->model.params, &info);
        if (k == -2) return active; /* the worker holds the lock: the next frame tries again */
        a->live_shown = k;
        a->live_shown_step = info.step;
        s2s_error err;
        if (app_decode_budget(a, 4.0, &err)) app_hint(a, now, 4000, "%s", err.msg);
        a->live_next = now + REFRESH_MS;
    }
    return active;
}
