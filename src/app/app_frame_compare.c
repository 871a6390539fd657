/* app_frame_compare.c: the layout of compare mode: AT on the left, NAT on the right (each from its
 * own model, trace and cursor at the shared clock), the batch panel below, the clock at the bottom. */
#include <stdio.h>
#include <string.h>

#include "app/app_frame.h"
#include "app/compare.h"
#include "viz/view_compare.h"
#include "core/i18n.h"
#include "core/refine.h"

/* A view context for one side: its model, trace and result, the cursor at the shared tick. */
static view_ctx side_ctx(const view_ctx *base, compare_state *c, compare_side *s) {
    view_ctx v = *base;
    v.model = &s->model;
    v.trace = &s->trace;
    v.res = &s->res;
    v.cursor = compare_cursor(c, s);
    v.dec_labels = s->lab.dec_ptr;
    v.out_labels = s->lab.out_ptr;
    v.focus.head = base->focus.head < s->model.cfg.n_heads ? base->focus.head : 0;
    return v;
}

/* The refinement column's output as the shared clock has it: the tokens and confidences after the
 * latest pass run by the tick (its generator.refine step), not the final ones. */
static void refine_res_at(const compare_state *c, const compare_side *s, s2s_decode_result *r) {
    *r = s->res;
    int cur = compare_cursor(c, s);
    for (int i = cur; i >= 0; i--) {
        const trace_step *st = &s->trace.steps[i];
        if (st->op != TO_REFINE) continue;
        const float *x = trace_data(&s->trace, st);
        for (int p = 0; p < st->cols && p < r->n_out; p++) {
            r->out[p] = (int)x[REFINE_TOKEN_AFTER * st->cols + p];
            r->out_prob[p] = x[REFINE_CONF_AFTER * st->cols + p];
        }
        return;
    }
}

static const char *base_name(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Whether side s's output (as far as the clock has run: it must be finished to be judged) is a right
 * answer for the task, and which words of the AT answer it lacks. */
static void verdict(const compare_state *c, const compare_side *s, const app_state *a, int finished, char *out,
                    size_t cap, int *wrong) {
    *wrong = 0;
    out[0] = '\0';
    int task = task_find(a->model.task);
    if (task < 0 || !finished) return;
    int n = s->res.n_out;
    while (n > 0 && s->res.out[n - 1] == S2S_END) n--;
    char text[4 * TASK_TEXT_MAX];
    vocab_join(&s->model.tgt, s->res.out, n, text, sizeof text);
    if (task_accepts((s2s_task_id)task, a->input, text)) {
        snprintf(out, cap, "%s", _("✓ a right answer"));
        return;
    }
    *wrong = 1;
    /* the AT answer's tokens that the output lacks (multiset difference) */
    int used[S2S_MAX_LEN + 1] = {0}, len = snprintf(out, cap, "%s", _("✗ not a right answer"));
    const char *sep = _(" · missing:");
    for (int i = 0; i < c->at.res.n_out; i++) {
        int id = c->at.res.out[i], found = 0;
        if (id == S2S_END) continue;
        const char *w = c->at.model.tgt.sym[id];
        for (int j = 0; j < n && !found; j++)
            if (!used[j] && strcmp(s->model.tgt.sym[s->res.out[j]], w) == 0) used[j] = found = 1;
        if (!found && len < (int)cap - 32) {
            len += snprintf(out + len, cap - (size_t)len, "%s %s", sep, w);
            sep = "";
        }
    }
}

static void draw_clock(draw_list *dl, view_ctx *v, compare_state *c, const app_state *a, draw_rect r) {
    const theme *th = v->th;
    float fs = v->m.text_large;
    int last = compare_last_tick(c);
    char line[256];
    snprintf(line, sizeof line, _("shared clock: tick %d of %d  ·  AT emits one token a tick; NAT, after its length, all at once"),
             c->tick, last);
    view_text_fit(dl, v, line, r.x, r.y + fs * 0.7f, fs * 1.05f, th->text, DRAW_ALIGN_LEFT, r.w);
    draw_rect bar = draw_rect_make(r.x, r.y + fs * 1.7f, r.w, fs * 1.2f);
    draw_outline(dl, bar, th->grid, 1.0f);
    draw_color fill = th->accent;
    fill.a = 110;
    draw_fill(dl, draw_rect_make(bar.x, bar.y, bar.w * (float)c->tick / (float)(last > 0 ? last : 1), bar.h), fill);
    for (int t = 1; t < last; t++) {
        float x = bar.x + bar.w * (float)t / (float)last;
        draw_line(dl, x, bar.y, x, bar.y + bar.h, th->grid, 1.0f);
    }
    char keys[256];
    snprintf(keys, sizeof keys, _("←/→ tick   Space play   L NAT length (%s)   D %s NAT   B batch   N batch size (%d)   "
             "Enter edit input   C leave compare"),
             a->nat_length == S2S_NAT_LENGTH_END ? _("cut at <end>") : _("classifier"),
             c->use_distilled ? _("plain") : _("distilled"), c->batch_n);
    view_text_fit(dl, v, keys, r.x, bar.y + bar.h + fs * 1.0f, fs * 0.9f, th->text_dim, DRAW_ALIGN_LEFT, r.w);
}

void app_frame_compare(app_state *a, compare_state *c, draw_list *dl, view_ctx *base, draw_rect body,
                       draw_rect bottom) {
    float gap = base->m.gap;
    int cols = c->refine.loaded ? 3 : 2; /* the refinement model, when the task ships one, in a third column */
    float side_h = body.h * (c->distilled.loaded || c->batch_ready ? (cols == 3 ? 0.62f : 0.70f) : 0.78f);
    float side_w = (body.w - (float)(cols - 1) * gap) / (float)cols;
    compare_side *nat = compare_nat(c);
    double at_us = c->at.res.us, nat_us = nat->res.us;
    char title[2][160], tally[2][160], sub[2][200];
    snprintf(title[0], sizeof title[0], _("AT · autoregressive · %.100s"), base_name(c->at.path));
    snprintf(title[1], sizeof title[1], _("NAT · non-autoregressive · %.100s"), base_name(nat->path));
    int at_tokens = c->at.res.n_out, nat_tokens = nat->res.n_out;
    snprintf(tally[0], sizeof tally[0], _("%d decoder passes · %.0f µs · %.1f token per pass"), c->at.res.passes, at_us,
             c->at.res.passes ? (double)at_tokens / c->at.res.passes : 0.0);
    snprintf(tally[1], sizeof tally[1], _("%d decoder pass · %.0f µs · %d tokens per pass · %.1f× faster"), nat->res.passes,
             nat_us, nat_tokens, nat_us > 0 ? at_us / nat_us : 0.0);
    snprintf(sub[0], sizeof sub[0], "%s", _("masked self-attention grows one row a tick"));
    snprintf(sub[1], sizeof sub[1], _("length %s: %d (classifier says %d)%s"),
             a->nat_length == S2S_NAT_LENGTH_END ? _("cut at the first <end>") : _("from the classifier"), nat->res.nat_length,
             nat->res.nat_predicted, c->use_distilled ? _(" · distilled from the AT model") : "");
    view_ctx va = side_ctx(base, c, &c->at), vn = side_ctx(base, c, nat);
    char vd[2][200];
    int wrong[2];
    verdict(c, &c->at, a, c->tick >= compare_last_tick(c), vd[0], sizeof vd[0], &wrong[0]);
    verdict(c, nat, a, c->tick >= 1, vd[1], sizeof vd[1], &wrong[1]);
    compare_side_info ia = {title[0], tally[0], sub[0], vd[0], wrong[0]}, in = {title[1], tally[1], sub[1], vd[1], wrong[1]};
    view_compare_side(dl, &va, draw_rect_make(body.x, body.y, side_w, side_h), &ia);
    view_compare_side(dl, &vn, draw_rect_make(body.x + side_w + gap, body.y, side_w, side_h), &in);
    view_ctx vr = *base;
    if (cols == 3) {
        char rtitle[160], rtally[160], rsub[200], rvd[200];
        int rwrong = 0, passes = c->refine.res.passes, shown = c->tick < passes ? c->tick : passes;
        snprintf(rtitle, sizeof rtitle, _("NAT refined · %.100s"), base_name(c->refine.path));
        snprintf(rtally, sizeof rtally, P_("%d decoder pass · %.0f µs · %d tokens", "%d decoder passes · %.0f µs · %d tokens",
                                           passes), passes, c->refine.res.us, c->refine.res.n_out);
        snprintf(rsub, sizeof rsub, _("pass %d of %d: the least confident re-masked and predicted again, one pass a tick"),
                 shown, passes);
        verdict(c, &c->refine, a, c->tick >= passes, rvd, sizeof rvd, &rwrong); /* judged when finished */
        compare_side_info ir = {rtitle, rtally, rsub, rvd, rwrong};
        vr = side_ctx(base, c, &c->refine);
        static s2s_decode_result at_tick; /* large; the frame is built on one thread */
        static app_labels lab_at_tick;
        refine_res_at(c, &c->refine, &at_tick);
        app_labels_fill(&lab_at_tick, &c->refine.model, &at_tick);
        vr.res = &at_tick;
        vr.out_labels = lab_at_tick.out_ptr;
        view_compare_side(dl, &vr, draw_rect_make(body.x + 2.0f * (side_w + gap), body.y, side_w, side_h), &ir);
    }

    /* batch panel */
    compare_batch_info b;
    memset(&b, 0, sizeof b);
    const compare_batch_result *br = &c->batch;
    compare_batch_progress prog;
    int running = compare_batch_progress_get(c, &prog);
    char btitle[128];
    snprintf(btitle, sizeof btitle, _("Batch · %d held-out inputs"),
             running ? prog.n : c->batch_ready ? br->stats[COMPARE_AT].n : c->batch_n);
    b.title = btitle;
    b.ready = c->batch_ready;
    b.hint = c->phase == COMPARE_BATCH_CANCELLED ? _("batch cancelled · press B to run it again (N sets how many)")
                                                 : _("press B to run every model on the task's held-out inputs (N sets how many)");
    const char *names[COMPARE_MODELS] = {[COMPARE_AT] = _("AT"), [COMPARE_NAT] = _("NAT"), [COMPARE_DISTILLED] = _("NAT distilled")};
    b.n_rows = c->distilled.loaded ? COMPARE_MODELS : COMPARE_DISTILLED;
    for (int i = 0; i < b.n_rows; i++) {
        b.names[i] = names[i];
        b.exact[i] = br->stats[i].exact_match;
        b.repeat[i] = br->stats[i].repeat_rate;
        b.length_err[i] = br->stats[i].length_error_rate;
        b.total_us[i] = br->stats[i].total_us;
    }
    char refine_names[COMPARE_REFINE_ROWS][64];
    for (int k = 0; c->refine.loaded && k < COMPARE_REFINE_ROWS && b.n_rows < COMPARE_BATCH_MAX_ROWS; k++) {
        int i = b.n_rows++;
        snprintf(refine_names[k], sizeof refine_names[k], P_("NAT refined · %d pass", "NAT refined · %d passes",
                                                             compare_refine_passes[k]), compare_refine_passes[k]);
        b.names[i] = refine_names[k];
        b.exact[i] = br->refine_stats[k].exact_match;
        b.repeat[i] = br->refine_stats[k].repeat_rate;
        b.length_err[i] = br->refine_stats[k].length_error_rate;
        b.total_us[i] = br->refine_stats[k].total_us;
    }
    char ablated_name[160];
    int heads_off = running ? prog.ablated_heads[0] != '\0' : c->batch_ready && br->has_ablated;
    if (heads_off && b.n_rows < COMPARE_BATCH_MAX_ROWS) { /* a row for the window's model with its heads switched off */
        int i = b.n_rows++;
        snprintf(ablated_name, sizeof ablated_name, _("%s · %s off"), names[a->model.cfg.decoder == S2S_DECODER_NAT ? COMPARE_NAT : COMPARE_AT],
                 running ? prog.ablated_heads : br->ablated_heads);
        b.names[i] = ablated_name;
        b.exact[i] = br->ablated.exact_match;
        b.repeat[i] = br->ablated.repeat_rate;
        b.length_err[i] = br->ablated.length_error_rate;
        b.total_us[i] = br->ablated.total_us;
    }
    char progress[256];
    if (running) { /* the worker's progress instead of the table: which row, how many inputs, Esc */
        const char *row = prog.row < b.n_rows ? b.names[prog.row] : "";
        snprintf(progress, sizeof progress, _("running the batch: %s · %d of %d inputs (row %d of %d) · Esc cancels"), row,
                 prog.done, prog.n, prog.row + 1, prog.rows);
        b.hint = progress;
        b.running = 1;
        b.progress = prog.rows > 0 && prog.n > 0 ? ((float)prog.row + (float)prog.done / (float)prog.n) / (float)prog.rows : 0.0f;
    }
    const char *dis[COMPARE_MAX_DISAGREE];
    for (int i = 0; i < br->n_disagree; i++) dis[i] = br->disagree[i];
    b.n_disagree = br->n_disagree;
    b.n_disagree_total = br->n_disagree_total;
    b.disagree = dis;
    view_ctx vb = *base;
    view_compare_batch(dl, &vb, draw_rect_make(body.x, body.y + side_h + gap, body.w, body.h - side_h - gap), &b);
    view_ctx vc = *base;
    draw_clock(dl, &vc, c, a, bottom);
    const view_ctx *parts[] = {&va, &vn, &vr, &vb, &vc}; /* a shortened text's tooltip, from whichever part drew it */
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (parts[i]->tip[0]) memcpy(base->tip, parts[i]->tip, sizeof base->tip);
}
