/* app_bench.h: `stepformer bench --gui`: the real window's start-up and frame times. */
#ifndef S2S_APP_BENCH_H
#define S2S_APP_BENCH_H

/* Opens a 1920x1080 window on the fullest view (attention view, all-heads grid, output; AT
 * stepping automatically) with the default model, or with a paper-size random model (--paper),
 * and prints startup_ms, frame_ms_p50, frame_ms_p99, frames (text or --json). */
int app_bench_gui(int argc, char **argv);

#endif
