/* app_bench.c: the window benchmark, see app_bench.h. Start-up is measured from the call to the
 * first presented frame (model load, decode, fonts, window, first draw); frame time is the whole
 * event-update-draw-present iteration, with vsync off so the numbers are the program's own. */
#define _POSIX_C_SOURCE 200809L
#include "core/paths.h"
#include "app/app_bench.h"
#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_console.h"
#include "app/app_frame.h"
#include "app/app_state.h"
#include "app/compare.h"
#include "platform/font.h"
#include "platform/render.h"
#include "platform/window.h"

int app_bench_cmp_double(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* Writes the paper's base model (d_model 512, 8 heads, d_ff 2048, 6 + 6 layers) with random weights
 * over a letter vocabulary to path, so that start-up is timed as a user meets it: loading a file. */
static int write_paper_model(const char *path, s2s_error *err) {
    s2s_model m;
    if (model_init_paper(&m, 48, 1234, err)) return -1;
    int rc = model_save(&m, path, err);
    model_free(&m);
    return rc;
}

int app_bench_run(const app_bench_options *o) {
    int rc, frames = o->frames;
    char paper[64] = "";
    s2s_error err = {{0}};
    if (o->paper) {
        snprintf(paper, sizeof paper, "/tmp/stepformer-paper-%d.safetensors", (int)getpid());
        if (write_paper_model(paper, &err)) {
            fprintf(stderr, "stepformer: %s\n", err.msg);
            return 1;
        }
    }
    double t0 = clock_ms();
    static app_state a;
    memset(&a, 0, sizeof a);
    a.ui = 1.0f;
    a.speed = 4;
    a.what_if_index = -1;
    a.present = o->present;
    a.spotlight = o->present;
    a.pace_ms = 2000;
    char def[4200];
    snprintf(def, sizeof def, "%s/models/reverse-at.safetensors", paths_assets_dir());
    const char *input = o->paper ? "thequickbrownfoxjumpsoverthelazydogagain" : NULL; /* 40 tokens */
    app_loader loader; /* as the window does: the model loads while the fonts and the window open */
    app_load_start(&loader, &a, o->paper ? paper : o->model ? o->model : def, input);
    font_set *fonts = font_set_open(&err);
    window *win = fonts ? window_create("Stepformer bench", 1920, 1080, 0, &err) : NULL;
    s2s_error load_err;
    rc = app_load_wait(&loader, &load_err);
    if (paper[0]) unlink(paper);
    if (rc) {
        fprintf(stderr, "stepformer: %s\n", load_err.msg);
        window_destroy(win);
        font_set_close(fonts);
        app_state_free(&a);
        return 2;
    }
    static compare_state cmp;
    memset(&cmp, 0, sizeof cmp);
    if (o->compare && compare_open(&cmp, &a, &err)) {
        fprintf(stderr, "stepformer: %s\n", err.msg);
        app_state_free(&a);
        return 2;
    }
    rc = 1;
    static app_console con; /* presenter mode's second window, drawn after the main one each frame */
    memset(&con, 0, sizeof con);
    render_ctx *rcx = win ? render_create(window_renderer(win), fonts, &err) : NULL;
    draw_list *dl = draw_list_create();
    hit_list *hits = calloc(1, sizeof *hits);
    size_t len = app_frame_scratch_len(&a.model);
    float *scratch = malloc(len * sizeof(float));
    double *ft = malloc(sizeof(double) * (size_t)frames);
    if (!rcx || !dl || !hits || !scratch || !ft) {
        if (!err.msg[0]) snprintf(err.msg, sizeof err.msg, "out of memory");
        fprintf(stderr, "stepformer: %s\n", err.msg);
        goto done;
    }
    draw_set_measure(dl, font_measure, fonts);
    if (o->console && app_console_open(&con, fonts, 0, &err)) {
        fprintf(stderr, "stepformer: %s\n", err.msg);
        goto done;
    }
    if (o->train_task >= 0) { /* training live instead */
        app_bench_window bw = {win, rcx, dl, hits, scratch, len};
        rc = app_finish(&a, &err) ? 2 : app_bench_train(&a, &bw, o);
        scratch = bw.scratch;
        goto done;
    }
    double startup = 0;
    for (int f = -1; f < frames; f++) {
        if (f == 0) { /* the rest of the decode, before frames are timed */
            if (app_finish(&a, &err)) {
                fprintf(stderr, "stepformer: %s\n", err.msg);
                goto done;
            }
            /* from the decoder's first cross-attention weights: attention view, grid, output all full */
            a.cursor = trace_find(&a.trace, TB_DECODER, 0, TS_CROSS_ATTN, TO_WEIGHTS, 0, 0);
            if (a.cursor < 0) a.cursor = 0;
        }
        double fs = clock_ms();
        window_event ev;
        while (window_poll(win, &ev)) {
        }
        if (f >= 0 && a.present) { /* presenter mode: Page Down every frame, round and round */
            int before = a.cursor;
            app_present_step(&a, +1);
            if (a.cursor == before) a.cursor = 0;
        } else if (f >= 0 && cmp.on) { /* compare mode: the shared clock ticks every frame, round and round */
            cmp.tick = cmp.tick < compare_last_tick(&cmp) ? cmp.tick + 1 : 0;
        } else if (f >= 0) { /* AT stepping automatically: a sublayer a frame, round and round */
            int before = a.cursor;
            app_step_sublayer(&a, +1);
            if (a.cursor == before) a.cursor = 0;
            /* an attention sublayer at its softmax weights (the attention view: heatmap and, for
             * cross-attention, the lines view); the others at their input (the residual flow) */
            const trace_step *st = &a.trace.steps[a.cursor];
            if (st->sub == TS_SELF_ATTN || st->sub == TS_CROSS_ATTN) {
                int w = trace_find(&a.trace, st->block, st->layer, st->sub, TO_WEIGHTS, 0, st->pass);
                if (w >= 0) a.cursor = w;
            }
        }
        int w, h;
        float scale;
        window_size(win, &w, &h, &scale);
        app_frame_io io = {(float)w, (float)h, 900.0f, 420.0f, (long long)fs, hits, "", scratch, len, cmp.on ? &cmp : NULL, NULL};
        draw_list_reset(dl);
        app_frame(&a, dl, &io);
        window_clear(win, 0, 0, 0);
        render_draw_list(rcx, dl, scale, &err);
        window_present(win);
        app_console_draw(&con, &a, NULL, (long long)fs, (long long)t0);
        app_privatize_model(&a); /* as the window does */
        double fe = clock_ms();
        if (f < 0) startup = fe - t0;
        else ft[f] = fe - fs;
    }
    qsort(ft, (size_t)frames, sizeof *ft, app_bench_cmp_double);
    double p50 = ft[frames / 2], p99 = ft[(frames * 99) / 100];
    if (o->json)
        printf("{\"startup_ms\": %.1f, \"frame_ms_p50\": %.2f, \"frame_ms_p99\": %.2f, \"frames\": %d, \"model\": \"%s\"}\n",
               startup, p50, p99, frames, o->compare ? "compare" : o->paper ? "paper" : o->console ? "present+console" : o->present ? "present" : "default");
    else
        printf("window 1920x1080, %s model, %d frames\nstartup   %.1f ms\nframe p50 %.2f ms\nframe p99 %.2f ms\n",
               o->compare ? "compare mode, default" : o->paper ? "paper-size" : o->console ? "presenter mode and its console, default"
               : o->present ? "presenter mode, default" : "default",
               frames, startup, p50, p99);
    rc = 0;
done:
    app_console_close(&con);
    free(ft);
    free(scratch);
    free(hits);
    draw_list_destroy(dl);
    render_destroy(rcx);
    window_destroy(win);
    font_set_close(fonts);
    compare_close(&cmp);
    app_state_free(&a);
    return rc;
}
