/* app_bench.h: the real window's start-up and frame times, for `stepformer bench --gui` (the CLI
 * parses the options and calls app_bench_run). */
#ifndef S2S_APP_BENCH_H
#define S2S_APP_BENCH_H

#include <stddef.h>

typedef struct app_bench_options {
    int json;           /* print one JSON object */
    int paper;          /* a paper-size random model (512 wide, 8 heads, 6 + 6 layers), 40-token input */
    const char *model;  /* model file; NULL: the bundled reverse model */
    int frames;         /* frames to time */
    int compare;        /* compare mode, the shared clock ticking every frame */
    int train_task;     /* >= 0: training live instead (app_bench_train.c): this task (s2s_task_id), */
    int train_decoder;  /* s2s_decoder_kind, */
    int train_size;     /* s2s_preset_id, */
    double train_limit_s; /* giving up after this long */
    int present;        /* presenter mode (spotlight on), a presenter step every frame */
    int console;        /* with present: the presenter console drawn every frame too */
} app_bench_options;

/* Opens a 1920x1080 window on the fullest view (attention view, all-heads grid, output; AT
 * stepping automatically) and prints startup_ms, frame_ms_p50, frame_ms_p99, frames (text or
 * JSON). Returns the exit status. */
int app_bench_run(const app_bench_options *o);

/* qsort's comparison of doubles, ascending (the percentiles). */
int app_bench_cmp_double(const void *x, const void *y);

/* The window's pieces a benchmark draws with (app_bench.c opens them). */
struct app_state;
struct window;
struct render_ctx;
struct draw_list;
struct hit_list;

typedef struct app_bench_window {
    struct window *win;
    struct render_ctx *rc;
    struct draw_list *dl;
    struct hit_list *hits;
    float *scratch;
    size_t scratch_len;
} app_bench_window;

/* `bench --gui --train TASK`: presses start on the training chooser's choice (o->train_*) in the
 * window and draws as the window does while training (a frame every 16.7 ms at most) until the
 * held-out exact match the window shows (on 100 examples) has been 99 % or more on 5 snapshots in a
 * row, or the run ends; then 3 s paused, the peer. Afterwards it checks those snapshots on 1000
 * held-out examples and prints the time from start to the first that holds 99 % there (when the
 * window first showed it), the worker's CPU time to it, and the frame times (wall and CPU) while
 * training and paused, with the load average. Returns the exit status (1: 99 % not reached). */
int app_bench_train(struct app_state *a, app_bench_window *w, const app_bench_options *o);

#endif
