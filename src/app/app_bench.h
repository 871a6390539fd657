/* app_bench.h: the real window's start-up and frame times, for `stepformer bench --gui` (the CLI
 * parses the options and calls app_bench_run). */
#ifndef S2S_APP_BENCH_H
#define S2S_APP_BENCH_H

typedef struct app_bench_options {
    int json;           /* print one JSON object */
    int paper;          /* a paper-size random model (512 wide, 8 heads, 6 + 6 layers), 40-token input */
    const char *model;  /* model file; NULL: the bundled reverse model */
    int frames;         /* frames to time */
    int compare;        /* compare mode, the shared clock ticking every frame */
    int present;        /* presenter mode (spotlight on), a presenter step every frame */
} app_bench_options;

/* Opens a 1920x1080 window on the fullest view (attention view, all-heads grid, output; AT
 * stepping automatically) and prints startup_ms, frame_ms_p50, frame_ms_p99, frames (text or
 * JSON). Returns the exit status. */
int app_bench_run(const app_bench_options *o);

#endif
