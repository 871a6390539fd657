/* app_bench_train.c: `stepformer bench --gui --train TASK`, see app_bench.h. The loop is the
 * window's own while training (app.c run_loop): poll events, pump the worker's snapshots into the
 * views, a frame's share of decoding, draw, present; then wait for the next frame at 60 a second,
 * as the window's 15 ms event wait does. */
#define _POSIX_C_SOURCE 200809L
#include "app/app_bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_frame.h"
#include "app/app_state.h"
#include "core/clock.h"
#include "core/eval.h"
#include "core/tasks.h"
#include "platform/render.h"
#include "platform/window.h"

#define FRAME_MS 16.7  /* the window's pace while training: 60 frames a second at most */
#define PAUSED_MS 3000 /* the peer: this long paused after 99 % */
#define TARGET 0.99    /* held-out exact match */
#define HELD 5          /* training stops once the window has shown 99 % on this many snapshots in a row */
#define VERIFY_N 1000  /* held-out examples that check the snapshot that reached it */

/* Frame times of one phase. */
typedef struct phase {
    double *work;  /* (n) ms from the start of a frame to its present */
    double *cpu;   /* (n) ms of this thread's CPU time in it (contention aside: the frame's own cost) */
    double *gap;   /* (n) ms between the starts of consecutive frames */
    int n, cap;
    double t0, t1; /* first and last frame start */
} phase;

static double thread_cpu_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void phase_add(phase *p, double start, double end, double prev_start, double cpu) {
    if (p->n == p->cap) return;
    if (p->n == 0) p->t0 = start;
    p->work[p->n] = end - start;
    p->cpu[p->n] = cpu;
    p->gap[p->n] = prev_start > 0 ? start - prev_start : end - start;
    p->n++;
    p->t1 = start;
}

/* Sorts the phase's times; fills frames a second, work p50 / p99, gap p99 / max, CPU p50 / p99. */
static void phase_stats(phase *p, double *fps, double *p50, double *p99, double *gap99, double *gapmax, double *cpu50,
                        double *cpu99) {
    *fps = *p50 = *p99 = *gap99 = *gapmax = *cpu50 = *cpu99 = 0;
    if (p->n < 2) return;
    qsort(p->cpu, (size_t)p->n, sizeof(double), app_bench_cmp_double);
    *cpu50 = p->cpu[p->n / 2];
    *cpu99 = p->cpu[(p->n * 99) / 100];
    *fps = (p->n - 1) / ((p->t1 - p->t0) / 1000.0);
    qsort(p->work, (size_t)p->n, sizeof(double), app_bench_cmp_double);
    qsort(p->gap, (size_t)p->n, sizeof(double), app_bench_cmp_double);
    *p50 = p->work[p->n / 2];
    *p99 = p->work[(p->n * 99) / 100];
    *gap99 = p->gap[(p->n * 99) / 100];
    *gapmax = p->gap[p->n - 1];
}

static double loadavg(void) {
    double l = -1;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1) l = -1;
        fclose(f);
    }
    return l;
}

static void draw(app_state *a, app_bench_window *w, long long now) {
    int ww, wh;
    float scale;
    s2s_error err;
    window_size(w->win, &ww, &wh, &scale);
    app_frame_io io = {(float)ww, (float)wh, 900.0f, 420.0f, now, w->hits, "", w->scratch, w->scratch_len, NULL, NULL};
    draw_list_reset(w->dl);
    app_frame(a, w->dl, &io);
    window_clear(w->win, 0, 0, 0);
    render_draw_list(w->rc, w->dl, scale, &err);
    window_present(w->win);
}

static void sleep_until(double t) {
    double left = t - clock_ms();
    if (left <= 0) return;
    struct timespec ts = {(time_t)(left / 1000.0), (long)((left - 1000.0 * (long)(left / 1000.0)) * 1e6)};
    nanosleep(&ts, NULL);
}

/* The exact match of snapshot k on VERIFY_N held-out examples (-1 on failure). */
static double verify(app_state *a, int k) {
    s2s_model m;
    s2s_error err;
    const s2s_model *lm = live_model(a->live);
    if (model_init(&m, &lm->cfg, &lm->src, &lm->tgt, lm->task, &err)) return -1;
    live_snapshot(a->live, k, m.params, NULL);
    s2s_eval_result r;
    double exact = eval_heldout(&m, (s2s_task_id)task_find(lm->task), VERIFY_N, S2S_NAT_LENGTH_CLASSIFIER, &r, NULL, &err)
                       ? -1.0 : r.exact_match;
    model_free(&m);
    return exact;
}

int app_bench_train(app_state *a, app_bench_window *w, const app_bench_options *o) {
    train_chooser c = {0, CHOOSER_TASK, (s2s_task_id)o->train_task, (s2s_decoder_kind)o->train_decoder,
                       (s2s_preset_id)o->train_size};
    const s2s_train_preset *pr = train_preset(c.size);
    int cap = (int)((o->train_limit_s * 1000.0 + PAUSED_MS) / FRAME_MS) + 64;
    phase run = {calloc((size_t)cap, sizeof(double)), calloc((size_t)cap, sizeof(double)),
                 calloc((size_t)cap, sizeof(double)), 0, cap, 0, 0};
    phase paused = {calloc((size_t)cap, sizeof(double)), calloc((size_t)cap, sizeof(double)),
                    calloc((size_t)cap, sizeof(double)), 0, cap, 0, 0};
    int rc = 2;
    s2s_error err = {{0}};
    double load0 = loadavg();
    double t0 = clock_ms(); /* start pressed */
    if (!run.work || !run.gap || !run.cpu || !paused.work || !paused.gap || !paused.cpu) {
        fprintf(stderr, "stepformer: out of memory\n");
        goto done;
    }
    if (app_live_start(a, &c, &err)) {
        fprintf(stderr, "stepformer: %s\n", err.msg);
        goto done;
    }
    size_t need = app_frame_scratch_len(&a->model);
    if (need > w->scratch_len) {
        float *p = realloc(w->scratch, need * sizeof(float));
        if (!p) goto done;
        w->scratch = p;
        w->scratch_len = need;
    }
    double shown_ms[LIVE_MAX_SNAPSHOTS]; /* when each snapshot first reached the window, ms after start */
    int shown_step[LIVE_MAX_SNAPSHOTS], n_shown = 0;
    double window_ms = -1, pause_until = 0, prev = 0; /* window_ms: the window first showed >= 99 % */
    int held = 0; /* snapshots in a row the window showed >= 99 % on */
    for (;;) {
        double fs = clock_ms(), cs = thread_cpu_ms();
        window_event ev;
        while (window_poll(w->win, &ev)) {
        }
        app_live_pump(a, (long long)fs);
        if (a->dec && app_pump(a, 6.0, &err) < 0) break;
        draw(a, w, (long long)fs);
        double fe = clock_ms();
        int training = pause_until == 0;
        phase_add(training ? &run : &paused, fs, fe, prev, thread_cpu_ms() - cs);
        prev = fs;
        const s2s_live_status *st = &a->live_st;
        if (st->state == LIVE_FAILED) {
            fprintf(stderr, "stepformer: %s\n", st->error);
            goto done;
        }
        /* the snapshots by step (thinning drops some; each keeps the time it was first shown) */
        for (int k = 0; k < st->n_snapshots && n_shown < LIVE_MAX_SNAPSHOTS; k++)
            if (st->snap[k].step > (n_shown ? shown_step[n_shown - 1] : -1)) {
                shown_step[n_shown] = st->snap[k].step;
                shown_ms[n_shown++] = fe - t0;
                if (window_ms < 0 && st->snap[k].heldout_exact >= TARGET) window_ms = fe - t0;
                held = st->snap[k].heldout_exact >= TARGET ? held + 1 : 0;
            }
        if (training && (st->state == LIVE_DONE || held >= HELD || fe - t0 > o->train_limit_s * 1000.0 || n_shown == LIVE_MAX_SNAPSHOTS)) {
            live_pause(a->live, 1);
            pause_until = fe + PAUSED_MS;
            prev = 0; /* the paused phase's first gap is its own */
        }
        if (!training && fe >= pause_until) break;
        sleep_until(fs + FRAME_MS);
    }
    /* the first snapshot that holds 99 % on VERIFY_N held-out examples, checked after the run */
    double reached_ms = -1, exact = -1, reached_cpu = -1;
    int reached_step = -1;
    live_poll(a->live, &a->live_st, NULL, 0);
    for (int i = 0; i < n_shown && reached_ms < 0; i++)
        for (int k = 0; k < a->live_st.n_snapshots; k++)
            if (a->live_st.snap[k].step == shown_step[i] && a->live_st.snap[k].heldout_exact >= TARGET) {
                double e = verify(a, k);
                if (e >= TARGET) {
                    reached_ms = shown_ms[i];
                    reached_step = shown_step[i];
                    reached_cpu = a->live_st.snap[k].cpu_s;
                    exact = e;
                }
            }
    double load1 = loadavg();
    double fps, p50, p99, g99, gmax, c50, c99, pfps, pp50, pp99, pg99, pgmax, pc50, pc99;
    phase_stats(&run, &fps, &p50, &p99, &g99, &gmax, &c50, &c99);
    phase_stats(&paused, &pfps, &pp50, &pp99, &pg99, &pgmax, &pc50, &pc99);
    const char *task = task_info(c.task)->name, *kind = c.decoder == S2S_DECODER_NAT ? "nat" : "at";
    if (o->json) {
        printf("{\"task\": \"%s\", \"decoder\": \"%s\", \"size\": \"%s\", \"reached\": %s, \"seconds_to_99\": %.1f, "
               "\"step\": %d, \"worker_cpu_s\": %.1f, \"window_99_s\": %.1f, \"exact_1000\": %.4f, \"training_fps\": %.1f, "
               "\"training_frame_ms_p50\": %.2f, \"training_frame_ms_p99\": %.2f, \"training_gap_ms_p99\": %.1f, "
               "\"training_gap_ms_max\": %.1f, \"training_cpu_ms_p50\": %.2f, \"training_cpu_ms_p99\": %.2f, "
               "\"paused_fps\": %.1f, \"paused_frame_ms_p50\": %.2f, \"paused_frame_ms_p99\": %.2f, "
               "\"paused_gap_ms_max\": %.1f, \"paused_cpu_ms_p50\": %.2f, \"paused_cpu_ms_p99\": %.2f, "
               "\"load_start\": %.2f, \"load_end\": %.2f}\n",
               task, kind, pr->name, reached_ms >= 0 ? "true" : "false", reached_ms / 1000.0, reached_step,
               reached_cpu, window_ms / 1000.0, exact, fps, p50, p99, g99, gmax, c50, c99, pfps, pp50, pp99, pgmax, pc50, pc99, load0, load1);
    } else {
        printf("training %s %s, size %s (width %d, %d+%d layers, batch %d), 1 training thread, window drawing\n", task,
               kind, pr->name, pr->d_model, pr->layers, pr->layers, pr->batch);
        if (reached_ms >= 0)
            printf("99 %% held-out exact match: step %d, shown %.1f s after start (%.1f %% of %d held-out examples;\n"
                   "the window's own measure, on 100, first showed 99 %% at %.1f s); the training thread's CPU time\n"
                   "to that step %.1f s (its wall time on a core of its own)\n",
                   reached_step, reached_ms / 1000.0, 100.0 * exact, VERIFY_N, window_ms / 1000.0, reached_cpu);
        else
            printf("99 %% held-out exact match not reached (step %d, %.0f s)\n", a->live_st.step, (clock_ms() - t0) / 1000.0);
        printf("while training: %.1f frames a second; frame time p50 %.2f ms, p99 %.2f ms (CPU %.2f / %.2f ms); "
               "gap p99 %.1f ms, longest %.1f ms\n", fps, p50, p99, c50, c99, g99, gmax);
        if (paused.n > 1)
            printf("while paused:   %.1f frames a second; frame time p50 %.2f ms, p99 %.2f ms (CPU %.2f / %.2f ms); "
                   "gap p99 %.1f ms, longest %.1f ms\n", pfps, pp50, pp99, pc50, pc99, pg99, pgmax);
        printf("load average (1 min): %.2f at start, %.2f at the end\n", load0, load1);
    }
    rc = reached_ms >= 0 ? 0 : 1;
done:
    free(run.work);
    free(run.gap);
    free(run.cpu);
    free(paused.work);
    free(paused.gap);
    free(paused.cpu);
    return rc;
}
