/* compare.c: compare mode's models, decodes and clock, see compare.h. */
#define _POSIX_C_SOURCE 200809L
#include "app/compare.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void side_free(compare_side *s) {
    model_free(&s->model);
    trace_free(&s->trace);
    memset(s, 0, sizeof *s);
}


const int compare_refine_passes[COMPARE_REFINE_ROWS] = {1, 2, 4, 10};

static int side_decode(compare_side *s, const char *input, s2s_nat_length mode, int iterations, s2s_error *err) {
    int src[S2S_MAX_LEN], n;
    if (decode_tokenize_source(&s->model, input, src, &n, err)) return -1;
    s2s_decode_opts o = decode_opts_default();
    o.nat_length = mode;
    o.iterations = iterations;
    if (decode_run(&s->model, src, n, &o, &s->trace, &s->res, err)) return -1;
    app_labels_fill(&s->lab, &s->model, &s->res);
    return 0;
}

static int side_load(compare_side *s, const char *path, s2s_decoder_kind want, s2s_error *err) {
    side_free(s);
    if (model_load(&s->model, path, err)) return -1;
    if (s->model.cfg.decoder != want) {
        model_free(&s->model);
        return s2s_fail(err, want == S2S_DECODER_AT ? _("%s is not an AT model") : _("%s is not a NAT model"), path);
    }
    model_privatize_start(&s->model); /* off the file, in the background (see model_load) */
    trace_init(&s->trace);
    snprintf(s->path, sizeof s->path, "%s", path);
    s->loaded = 1;
    return 0;
}

static int file_exists(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

int compare_open(compare_state *c, const app_state *a, s2s_error *err) {
    compare_close(c);
    const char *task = a->model.task;
    char dir[4096], at[4608], nat[4608], dis[4608], mp[4608];
    snprintf(dir, sizeof dir, "%s", a->model_path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    else snprintf(dir, sizeof dir, ".");
    snprintf(at, sizeof at, "%s/%s-at.safetensors", dir, task);
    snprintf(nat, sizeof nat, "%s/%s-nat.safetensors", dir, task);
    snprintf(dis, sizeof dis, "%s/%s-nat-distilled.safetensors", dir, task);
    snprintf(mp, sizeof mp, "%s/%s-nat-maskpredict.safetensors", dir, task);
    if (!task[0] || !file_exists(at) || !file_exists(nat))
        return s2s_fail(err, _("compare mode needs %s-at and %s-nat models beside %s"), task[0] ? task : "TASK",
                        task[0] ? task : "TASK", a->model_path);
    if (side_load(&c->at, at, S2S_DECODER_AT, err) || side_load(&c->nat, nat, S2S_DECODER_NAT, err)) {
        compare_close(c);
        return -1;
    }
    if (file_exists(dis) && side_load(&c->distilled, dis, S2S_DECODER_NAT, err)) c->distilled.loaded = 0;
    if (file_exists(mp) && side_load(&c->refine, mp, S2S_DECODER_NAT, err)) c->refine.loaded = 0;
    c->refine_iterations = a->iterations > 0 ? a->iterations : 3;
    if (compare_decode(c, a, err)) {
        compare_close(c);
        return -1;
    }
    c->on = 1;
    c->tick = 0;
    if (c->batch_n <= 0) c->batch_n = 100;
    return 0;
}

int compare_open_demo(compare_state *c, app_state *a, long long now, s2s_error *err) {
    s2s_nat_length before = a->nat_length;
    a->nat_length = S2S_NAT_LENGTH_CLASSIFIER;
    if (compare_open(c, a, err)) {
        a->nat_length = before;
        return -1;
    }
    /* a NAT model in the main view follows, so that leaving compare mode shows the same mode */
    if (before != a->nat_length && a->model.cfg.decoder == S2S_DECODER_NAT && app_decode(a, err)) return -1;
    app_hint(a, now, 5000, "%s", _("compare mode · NAT length from the classifier (L: cut at the first <end>)"));
    return 0;
}

int compare_decode(compare_state *c, const app_state *a, s2s_error *err) {
    if (side_decode(&c->at, a->input, a->nat_length, 0, err) || side_decode(&c->nat, a->input, a->nat_length, 0, err))
        return -1;
    if (c->distilled.loaded && side_decode(&c->distilled, a->input, a->nat_length, 0, err)) return -1;
    if (c->refine.loaded && side_decode(&c->refine, a->input, a->nat_length, c->refine_iterations, err)) return -1;
    if (c->tick > compare_last_tick(c)) c->tick = compare_last_tick(c);
    return 0;
}

void compare_close(compare_state *c) {
    compare_batch_cancel(c); /* first: the worker reads the models freed below */
    c->phase = COMPARE_BATCH_IDLE;
    side_free(&c->at);
    side_free(&c->nat);
    side_free(&c->distilled);
    side_free(&c->refine);
    c->on = 0;
    c->batch_ready = 0;
}

compare_side *compare_nat(compare_state *c) {
    return c->use_distilled && c->distilled.loaded ? &c->distilled : &c->nat;
}

int compare_last_tick(const compare_state *c) {
    int last = c->at.res.passes > 1 ? c->at.res.passes : 1;
    return c->refine.loaded && c->refine.res.passes > last ? c->refine.res.passes : last;
}

int compare_cursor(const compare_state *c, const compare_side *s) {
    const s2s_trace *t = &s->trace;
    int one_a_tick = s == &c->at || s == &c->refine; /* AT: a token a tick; refinement: a pass a tick */
    int last = -1;
    for (int i = 0; i < t->n_steps; i++) {
        const trace_step *st = &t->steps[i];
        int before_decoder = st->block == TB_ENCODER || st->block == TB_LENGTH;
        if (c->tick == 0 ? before_decoder : one_a_tick ? (before_decoder || st->pass < c->tick) : 1) last = i;
    }
    return last < 0 ? 0 : last;
}
