/* compare.c: compare mode's models, decodes and clock, see compare.h. */
#define _POSIX_C_SOURCE 200809L
#include "app/compare.h"

#include "core/eval.h"
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


static int side_decode(compare_side *s, const char *input, s2s_nat_length mode, s2s_error *err) {
    int src[S2S_MAX_LEN], n;
    if (decode_tokenize_source(&s->model, input, src, &n, err)) return -1;
    s2s_decode_opts o = decode_opts_default();
    o.nat_length = mode;
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
    char dir[4096], at[4608], nat[4608], dis[4608];
    snprintf(dir, sizeof dir, "%s", a->model_path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    else snprintf(dir, sizeof dir, ".");
    snprintf(at, sizeof at, "%s/%s-at.safetensors", dir, task);
    snprintf(nat, sizeof nat, "%s/%s-nat.safetensors", dir, task);
    snprintf(dis, sizeof dis, "%s/%s-nat-distilled.safetensors", dir, task);
    if (!task[0] || !file_exists(at) || !file_exists(nat))
        return s2s_fail(err, _("compare mode needs %s-at and %s-nat models beside %s"), task[0] ? task : "TASK",
                        task[0] ? task : "TASK", a->model_path);
    if (side_load(&c->at, at, S2S_DECODER_AT, err) || side_load(&c->nat, nat, S2S_DECODER_NAT, err)) {
        compare_close(c);
        return -1;
    }
    if (file_exists(dis) && side_load(&c->distilled, dis, S2S_DECODER_NAT, err)) c->distilled.loaded = 0;
    if (compare_decode(c, a, err)) {
        compare_close(c);
        return -1;
    }
    c->on = 1;
    c->tick = 0;
    if (c->batch_n <= 0) c->batch_n = 100;
    return 0;
}

int compare_decode(compare_state *c, const app_state *a, s2s_error *err) {
    if (side_decode(&c->at, a->input, a->nat_length, err) || side_decode(&c->nat, a->input, a->nat_length, err))
        return -1;
    if (c->distilled.loaded && side_decode(&c->distilled, a->input, a->nat_length, err)) return -1;
    if (c->tick > compare_last_tick(c)) c->tick = compare_last_tick(c);
    return 0;
}

void compare_close(compare_state *c) {
    side_free(&c->at);
    side_free(&c->nat);
    side_free(&c->distilled);
    c->on = 0;
    c->batch_ready = 0;
}

compare_side *compare_nat(compare_state *c) {
    return c->use_distilled && c->distilled.loaded ? &c->distilled : &c->nat;
}

int compare_last_tick(const compare_state *c) { return c->at.res.passes > 1 ? c->at.res.passes : 1; }

int compare_cursor(const compare_state *c, const compare_side *s) {
    const s2s_trace *t = &s->trace;
    int is_at = s == &c->at;
    int last = -1;
    for (int i = 0; i < t->n_steps; i++) {
        const trace_step *st = &t->steps[i];
        int before_decoder = st->block == TB_ENCODER || st->block == TB_LENGTH;
        if (c->tick == 0 ? before_decoder : is_at ? (before_decoder || st->pass < c->tick) : 1) last = i;
    }
    return last < 0 ? 0 : last;
}

int compare_batch(compare_state *c, const app_state *a, int n, s2s_error *err) {
    int task = task_find(a->model.task);
    if (task < 0) return s2s_fail(err, _("the batch needs a known task; this model's task is \"%s\""), a->model.task);
    compare_side *sides[COMPARE_MODELS] = {[COMPARE_AT] = &c->at, [COMPARE_NAT] = &c->nat,
                                           [COMPARE_DISTILLED] = &c->distilled};
    int m = c->distilled.loaded ? COMPARE_MODELS : COMPARE_DISTILLED;
    char(*out)[TASK_TEXT_MAX] = malloc(sizeof(*out) * (size_t)n * COMPARE_MODELS);
    if (!out) return s2s_fail(err, "out of memory");
    c->batch_ready = 0;
    for (int k = 0; k < m; k++) {
        s2s_eval_result r;
        if (eval_heldout(&sides[k]->model, (s2s_task_id)task, n, a->nat_length, &r, out + (size_t)k * n, err)) {
            free(out);
            return -1;
        }
        c->stats[k] = (compare_stats){r.n, r.exact_match, r.repeat_rate, r.length_error_rate, r.total_us};
    }
    /* with heads switched off: the window's own model over the same inputs, beside the others */
    c->has_ablated = a->ablation.n_off > 0;
    if (c->has_ablated) {
        s2s_decode_opts o = decode_opts_default();
        o.nat_length = a->nat_length;
        o.ablation = &a->ablation;
        s2s_eval_result r;
        if (eval_heldout_with(&a->model, (s2s_task_id)task, n, &o, &r, NULL, err)) {
            free(out);
            return -1;
        }
        c->ablated = (compare_stats){r.n, r.exact_match, r.repeat_rate, r.length_error_rate, r.total_us};
        ablation_format(&a->ablation, c->ablated_heads, sizeof c->ablated_heads);
    }
    /* the inputs on which the plain NAT (or the distilled one) says something else than AT */
    c->n_disagree = c->n_disagree_total = 0;
    for (int i = 0; i < c->stats[COMPARE_AT].n; i++) {
        int differ = 0;
        for (int k = COMPARE_NAT; k < m; k++) differ |= strcmp(out[i], out[(size_t)k * n + i]) != 0;
        if (!differ) continue;
        c->n_disagree_total++;
        char src[TASK_TEXT_MAX], tgt[TASK_TEXT_MAX];
        if (c->n_disagree < COMPARE_MAX_DISAGREE && task_heldout((s2s_task_id)task, i, src, tgt) == 0)
            snprintf(c->disagree[c->n_disagree++], TASK_TEXT_MAX, "%s", src);
    }
    free(out);
    c->batch_ready = 1;
    return 0;
}
