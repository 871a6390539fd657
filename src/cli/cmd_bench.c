/* cmd_bench.c: `stepformer bench`: training tokens per second, AT and NAT decode times (the default
 * shape and a paper-size model), matmul GFLOP/s. Each measurement is its own function so that other
 * front ends can sit beside them; --gui hands over to the window's frame-time benchmark (app_bench.c),
 * which the CLI calls with its options parsed here. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "app/app_bench.h"
#include "core/clock.h"
#include "cli/bench.h"
#include "cli/cli.h"
#include "core/util.h"
#include "core/decode.h"
#include "core/ops.h"
#include "core/train.h"

typedef struct bench_result {
    double train_tokens_per_s;
    double decode_at_us_per_token, decode_nat_us;           /* default shape */
    double decode_at_us_per_token_base, decode_nat_us_base; /* paper size: 512, 8 heads, 2048, 6+6 */
    double matmul_gflops;
} bench_result;

/* The default shape of `stepformer train`. */
static const s2s_shape DEFAULT_SHAPE = {64, 4, 256, 2, S2S_DECODER_AT};
static const s2s_shape BASE_SHAPE = {512, 8, 2048, 6, S2S_DECODER_AT};

static int bench_train(int steps, int threads, double *tok_s, s2s_error *err) {
    s2s_model m;
    if (train_model_new(&m, TASK_REVERSE, &DEFAULT_SHAPE, 1, err)) return -1;
    s2s_train_opts o = train_opts_default();
    o.steps = steps;
    o.threads = threads;
    o.eval_every = 0;
    s2s_train_progress p;
    int rc = train_run(&m, TASK_REVERSE, &o, NULL, NULL, &p, err);
    *tok_s = p.tokens_per_s;
    model_free(&m);
    return rc;
}

/* AT greedy microseconds per generated token (the whole decode, encoder included, over max_len
 * tokens) and NAT microseconds per sequence (max_len positions), on a src_len-token input, with the
 * dates task's vocabularies; the best of reps decodes and, for AT, their median as well (a shared
 * machine's best is a lucky minute, its median an ordinary one). */
static int cmp_us(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int bench_decode(const s2s_shape *sh, int reps, int src_len, double *at_us_tok, double *at_median_us, double *nat_us,
                 s2s_error *err) {
    double *each = malloc(sizeof(double) * (size_t)(reps > 0 ? reps : 1));
    if (!each) return s2s_fail(err, "out of memory");
    for (int kind = 0; kind < 2; kind++) {
        s2s_shape s = *sh;
        s.decoder = kind ? S2S_DECODER_NAT : S2S_DECODER_AT;
        s2s_model m;
        if (train_model_new(&m, TASK_DATES, &s, 7, err)) {
            free(each);
            return -1;
        }
        if (src_len > m.cfg.max_len) { /* a longer model input: widen max_len, same weights' shapes otherwise */
            s2s_config c = m.cfg;
            c.max_len = src_len;
            s2s_model big;
            if (model_init(&big, &c, &m.src, &m.tgt, m.task, err)) {
                model_free(&m);
                free(each);
                return -1;
            }
            model_init_random(&big, 7);
            model_free(&m);
            m = big;
        }
        int src[S2S_MAX_LEN];
        for (int i = 0; i < src_len; i++) src[i] = S2S_N_SPECIAL + i % (m.cfg.src_vocab - S2S_N_SPECIAL);
        /* Random weights stop at random places: force max_len - 1 tokens (the same decoder passes as
         * greedy, only the choice is imposed) and NAT decodes all max_len positions, so the work is fixed. */
        int forced[S2S_MAX_LEN];
        for (int i = 0; i < m.cfg.max_len; i++) forced[i] = S2S_N_SPECIAL + i % (m.cfg.tgt_vocab - S2S_N_SPECIAL);
        s2s_decode_opts o = decode_opts_default();
        o.forced = forced;
        o.n_forced = m.cfg.max_len - 1;
        o.nat_length = S2S_NAT_LENGTH_END;
        double best = 1e30;
        int tokens = 1;
        for (int r = 0; r < reps; r++) {
            s2s_decode_result res;
            if (decode_run(&m, src, src_len, &o, NULL, &res, err)) {
                model_free(&m);
                free(each);
                return -1;
            }
            tokens = kind ? 1 : (res.n_out > 0 ? res.n_out : 1);
            each[r] = res.us / tokens;
            if (each[r] < best) best = each[r];
        }
        if (kind) *nat_us = best;
        else *at_us_tok = best;
        if (!kind && at_median_us && reps > 0) {
            qsort(each, (size_t)reps, sizeof each[0], cmp_us);
            *at_median_us = each[reps / 2];
        }
        model_free(&m);
    }
    free(each);
    return 0;
}

static double bench_matmul(int N, int I, int O, int reps) {
    float *buf = malloc(sizeof(float) * ((size_t)N * I + (size_t)O * I + O + (size_t)N * O));
    if (!buf) return 0.0;
    float *x = buf, *w = x + (size_t)N * I, *b = w + (size_t)O * I, *y = b + O;
    for (size_t i = 0; i < (size_t)N * I + (size_t)O * I + O; i++) buf[i] = (float)((i * 2654435761u) % 1000) * 1e-3f;
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        double t = clock_s();
        matmul_forward(y, x, w, b, N, I, O);
        t = clock_s() - t;
        if (t < best) best = t;
    }
    free(buf);
    return 2.0 * N * I * O / best / 1e9;
}

static const char *const train_decoders[] = {"at", "nat", NULL};           /* s2s_decoder_kind's order */
static const char *const train_sizes[] = {"tiny", "small", "shipped", NULL}; /* s2s_preset_id's order */

typedef struct bench_options {
    int json, quick, threads, gui, peer;
    app_bench_options window; /* --gui */
    const char *train;        /* --gui --train TASK (app_bench_train.c) */
    int train_limit;
} bench_options;

static const opt_spec specs[] = {
    {.name = "--json", .type = OPT_FLAG, .offset = offsetof(bench_options, json), .help = "print one JSON object"},
    {.name = "--quick", .type = OPT_FLAG, .offset = offsetof(bench_options, quick),
     .help = "few repetitions (for tests; the figures are rough)"},
    {.name = "--threads", .metavar = "N", .type = OPT_INT, .offset = offsetof(bench_options, threads), .def = "2",
     .lo = 1, .hi = S2S_TRAIN_MAX_THREADS, .help = "training threads"},
    {.name = "--gui", .type = OPT_FLAG, .offset = offsetof(bench_options, gui),
     .help = "instead: the real window's start-up and frame times (1920x1080, the fullest view)"},
    {.name = "--peer", .type = OPT_FLAG, .offset = offsetof(bench_options, peer),
     .help = "instead: beside OpenBLAS, PyTorch and the read bandwidth, in 3 rounds (docs/performance.md)"},
    {.name = "--paper", .type = OPT_FLAG, .offset = offsetof(bench_options, window.paper),
     .help = "--gui: a paper-size model (512 wide, 8 heads, 6 + 6 layers, random weights), 40-token input"},
    {.name = "--model", .metavar = "FILE", .type = OPT_TEXT, .offset = offsetof(bench_options, window.model),
     .help = "--gui: model file (default: the bundled reverse model)"},
    {.name = "--frames", .metavar = "N", .type = OPT_INT, .offset = offsetof(bench_options, window.frames),
     .def = "600", .lo = 10, .hi = 100000, .help = "--gui: frames to time"},
    {.name = "--compare", .type = OPT_FLAG, .offset = offsetof(bench_options, window.compare),
     .help = "--gui: compare mode (AT against NAT, the model's task), the clock ticking every frame"},
    {.name = "--train", .metavar = "TASK", .type = OPT_TEXT, .offset = offsetof(bench_options, train),
     .help = "--gui: train TASK live in the window until 99 % held-out exact match (docs/training.md)"},
    {.name = "--decoder", .metavar = "KIND", .type = OPT_CHOICE, .offset = offsetof(bench_options, window.train_decoder),
     .def = "at", .choices = train_decoders, .help = "--gui --train: at | nat"},
    {.name = "--size", .metavar = "SIZE", .type = OPT_CHOICE, .offset = offsetof(bench_options, window.train_size),
     .def = "small", .choices = train_sizes, .help = "--gui --train: tiny | small | shipped (core/train_presets.h)"},
    {.name = "--limit", .metavar = "SECONDS", .type = OPT_INT, .offset = offsetof(bench_options, train_limit),
     .def = "300", .lo = 1, .hi = 86400, .help = "--gui --train: give up after this long"},
    {.name = "--present", .type = OPT_FLAG, .offset = offsetof(bench_options, window.present),
     .help = "--gui: presenter mode (one large view, spotlight on), a presenter step (Page Down) every frame"},
    {.name = "--console", .type = OPT_FLAG, .offset = offsetof(bench_options, window.console),
     .help = "--gui --present: and the presenter console's window drawn every frame too (the frame time is both)"},
};

const opt_command bench_command = {
    "bench", "stepformer bench [--json] [--quick] [--peer] | stepformer bench --gui [--paper] [--compare|--present [--console]] [--json]",
    "Measures training tokens per second (default shape: d_model 64, 4 heads, d_ff 256, 2+2 layers, batch 64,\n"
    "reverse), AT and NAT decode time with that shape and with a paper-size model (512, 8 heads, 2048, 6+6\n"
    "layers, random weights, 40-token input), and matmul GFLOP/s. With --gui: the real window's time to\n"
    "the first frame and frame-time percentiles, AT stepping automatically. With --gui --train TASK: the\n"
    "seconds from pressing start on the training chooser to 99 % held-out exact match, and the frame times\n"
    "while training and paused.",
    specs, ARRAY_LEN(specs), sizeof(bench_options)};

int cmd_bench(int argc, char **argv) {
    bench_options o;
    int rc = cli_options(&bench_command, argc, argv, &o);
    if (rc) return rc == 1 ? 0 : 2;
    o.window.train_task = -1;
    if (o.train && (o.window.train_task = task_find(o.train)) < 0) {
        cli_error("--train: no task \"%s\" (reverse, sort, number-words, number-zh, dates or number-words-mixed)", o.train);
        return 2;
    }
    o.window.train_limit_s = o.train_limit;
    if (o.gui && o.window.console && !o.window.present) {
        cli_error("--console measures presenter mode's console: add --present");
        return 2;
    }
    if (o.gui) {
        o.window.json = o.json;
        return app_bench_run(&o.window);
    }
    if (o.window.paper || o.window.model || o.window.compare || o.train || o.window.present || o.window.console) {
        cli_error("%s only measures the window: add --gui",
                  o.window.paper ? "--paper" : o.window.model ? "--model" : o.window.compare ? "--compare"
                  : o.train ? "--train" : o.window.present ? "--present" : "--console");
        return 2;
    }
    int threads = o.threads, quick = o.quick, json = o.json;
    if (o.peer) return bench_peer(quick ? 1 : 3, quick, json);
    bench_result r;
    memset(&r, 0, sizeof r);
    s2s_error err = {{0}};
    if (bench_train(quick ? 3 : 100, threads, &r.train_tokens_per_s, &err) ||
        bench_decode(&DEFAULT_SHAPE, quick ? 1 : 20, 12, &r.decode_at_us_per_token, NULL, &r.decode_nat_us, &err) ||
        bench_decode(&BASE_SHAPE, quick ? 1 : 3, 40, &r.decode_at_us_per_token_base, NULL, &r.decode_nat_us_base, &err)) {
        cli_error("%s", err.msg);
        return 1;
    }
    r.matmul_gflops = quick ? bench_matmul(64, 256, 256, 2) : bench_matmul(256, 512, 2048, 10);
    if (json) {
        printf("{\"train_tokens_per_s\": %.1f, \"decode_at_us_per_token\": %.2f, \"decode_nat_us\": %.2f, "
               "\"decode_at_us_per_token_base\": %.2f, \"decode_nat_us_base\": %.2f, \"matmul_gflops\": %.3f}\n",
               r.train_tokens_per_s, r.decode_at_us_per_token, r.decode_nat_us, r.decode_at_us_per_token_base,
               r.decode_nat_us_base, r.matmul_gflops);
    } else {
        printf("training (d_model 64, 4 heads, d_ff 256, 2+2, batch 64, %d threads): %.0f target tokens/s\n", threads,
               r.train_tokens_per_s);
        printf("decode, default shape:  AT %.1f us/token, NAT %.1f us/sequence\n", r.decode_at_us_per_token,
               r.decode_nat_us);
        printf("decode, paper size (512/8/2048, 6+6, 40-token input):  AT %.1f us/token, NAT %.1f us/sequence\n",
               r.decode_at_us_per_token_base, r.decode_nat_us_base);
        printf("matmul (256x512 by 2048x512): %.2f GFLOP/s\n", r.matmul_gflops);
    }
    return 0;
}
