/* bench_peer.c: `stepformer bench --peer`: Stepformer beside its peers, measured in the same run,
 * round after round, so that every ratio is one run's ratio on a machine that others share:
 *   matmul    our kernels vs OpenBLAS sgemm (numpy, OpenBLAS's strongest kernel for this CPU, one
 *             thread each) on the training shapes and 256x512 by 2048x512 (tools/bench_sgemm.py);
 *   training  reverse, d_model 64 / 4 heads / d_ff 256 / 2+2 layers, batch 32, 100 steps, 2 threads,
 *             vs PyTorch eager on the same shape, its faster of 1 and 2 threads (tools/bench_torch.py);
 *   decoding  AT microseconds per token, default model (best and median of many decodes);
 *             paper-size model (512/8/2048, 6+6, 40-token input) per decoder step, vs the time to
 *             stream the weights a step reads at this machine's read bandwidth, measured on one core
 *             and on two (the decoder's pool, its chunk size) over a buffer that size. */
#define _POSIX_C_SOURCE 200809L
#include "cli/bench.h"
#include "cli/cli.h"

#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/decode.h"
#include "core/ops.h"
#include "core/pool.h"
#include "core/train.h"

#ifndef STEPFORMER_TOOLS
#define STEPFORMER_TOOLS "tools"
#endif

/* The matmul shapes (N rows, I inputs, O outputs): one worker's shard of a batch of 32 reverse
 * sequences (16 sequences of about 13 positions) through each linear layer of the default model,
 * then the shape `bench` has always reported. */
static const int SHAPES[][3] = {
    {208, 64, 192}, /* self-attention Q, K, V */
    {208, 64, 64},  /* attention output, cross-attention Q */
    {208, 64, 128}, /* cross-attention K, V of the memory */
    {208, 64, 256}, /* feed-forward linear1 */
    {208, 256, 64}, /* feed-forward linear2 */
    {208, 64, 30},  /* generator */
    {256, 512, 2048},
};
#define N_SHAPES (int)(sizeof SHAPES / sizeof SHAPES[0])
static const char *const PRODUCTS[3] = {"fwd", "dx", "dw"};

typedef struct peer_round {
    double ours[N_SHAPES][3], blas[N_SHAPES][3]; /* GFLOP/s */
    double train_tok_s, torch_tok_s;
    double train_cpu_ms, torch_cpu_ms; /* CPU time per step, every thread's */
    double at_us, at_med_us, base_step_us, base_step_med_us, bw1, bw2; /* bw in GB/s */
} peer_round;

/* ---- our side ---------------------------------------------------------------------------------- */

static void fill(float *p, size_t n) {
    for (size_t i = 0; i < n; i++) p[i] = (float)((i * 2654435761u) % 1000) * 1e-3f - 0.5f;
}

/* GFLOP/s of matmul_forward and of each backward product, best of several runs. */
static int our_matmul(const int *s, double *gf) {
    int N = s[0], I = s[1], O = s[2];
    size_t nx = (size_t)N * I, nw = (size_t)O * I, ny = (size_t)N * O;
    float *buf = malloc(sizeof(float) * (2 * nx + 2 * nw + ny + (size_t)O));
    if (!buf) return -1;
    float *x = buf, *dx = x + nx, *w = dx + nx, *dw = w + nw, *y = dw + nw, *b = y + ny;
    fill(buf, 2 * nx + 2 * nw + ny + (size_t)O);
    double flop = 2.0 * N * I * O, best[3] = {1e30, 1e30, 1e30};
    /* about 2 GFLOP of calls, at least 5 (as tools/bench_sgemm.py gives the peer) and at most 300 */
    int reps = (int)(2e9 / flop) > 300 ? 300 : (int)(2e9 / flop) < 5 ? 5 : (int)(2e9 / flop);
    for (int r = 0; r < reps; r++) {
        double t0 = clock_ms();
        matmul_forward(y, x, w, b, N, I, O);
        double t1 = clock_ms();
        matmul_backward(dx, NULL, NULL, y, x, w, N, I, O);
        double t2 = clock_ms();
        matmul_backward(NULL, dw, NULL, y, x, w, N, I, O);
        double t3 = clock_ms(), t[3] = {t1 - t0, t2 - t1, t3 - t2};
        for (int k = 0; k < 3; k++)
            if (t[k] < best[k]) best[k] = t[k];
    }
    for (int k = 0; k < 3; k++) gf[k] = flop / (best[k] * 1e-3) / 1e9;
    free(buf);
    return 0;
}

/* This process's CPU time so far (every thread), in ms. */
static double cpu_ms(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

static int our_training(int steps, double *tok_s, double *cpu_ms_step, s2s_error *err) {
    static const s2s_shape shape = {64, 4, 256, 2, S2S_DECODER_AT};
    s2s_model m;
    if (train_model_new(&m, TASK_REVERSE, &shape, 1, err)) return -1;
    s2s_train_opts o = train_opts_default();
    o.steps = steps;
    o.batch = 32;
    o.threads = 2;
    o.eval_every = 0;
    s2s_train_progress p;
    double c0 = cpu_ms();
    int rc = train_run(&m, TASK_REVERSE, &o, NULL, NULL, &p, err);
    *cpu_ms_step = (cpu_ms() - c0) / steps;
    *tok_s = p.tokens_per_s;
    model_free(&m);
    return rc;
}

/* The weights one decoder step reads: per layer the self-attention Q, K, V and output, the
 * cross-attention Q and output, both FFN matrices; then the generator. */
static size_t step_weight_bytes(const s2s_config *c) {
    size_t D = (size_t)c->d_model, F = (size_t)c->d_ff;
    return sizeof(float) * ((size_t)c->n_dec * (6 * D * D + 2 * D * F) + (size_t)c->tgt_vocab * D);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Microseconds per decoder step of the paper-size model, best and median of reps decodes (reps <=
 * 16). Only the steady steps are timed, the 2nd to the last: the encoder and the first step, which
 * also computes the memory's keys and values (once per input, 40 rows) and starts the threads, are
 * left out, so a step is what every further token costs. */
static int base_step_us(int reps, double *us, double *median_us, size_t *step_bytes, s2s_error *err) {
    const int src_len = 40;
    static const s2s_shape base = {512, 8, 2048, 6, S2S_DECODER_AT};
    s2s_model m0, m;
    if (train_model_new(&m0, TASK_DATES, &base, 7, err)) return -1;
    s2s_config c = m0.cfg;
    c.max_len = src_len;
    int rc = model_init(&m, &c, &m0.src, &m0.tgt, m0.task, err);
    model_free(&m0);
    if (rc) return -1;
    model_init_random(&m, 7);
    *step_bytes = step_weight_bytes(&c);
    int src[S2S_MAX_LEN], forced[S2S_MAX_LEN];
    for (int i = 0; i < src_len; i++) src[i] = S2S_N_SPECIAL + i % (c.src_vocab - S2S_N_SPECIAL);
    for (int i = 0; i < c.max_len; i++) forced[i] = S2S_N_SPECIAL + i % (c.tgt_vocab - S2S_N_SPECIAL);
    s2s_decode_opts o = decode_opts_default();
    o.forced = forced;
    o.n_forced = c.max_len - 1;
    double each[16];
    if (reps > 16) reps = 16;
    for (int r = 0; r < reps && rc == 0; r++) {
        s2s_decode_result res;
        s2s_decoder *d;
        if (decoder_begin(&d, &m, src, src_len, &o, NULL, &res, err)) {
            rc = -1;
            break;
        }
        int st = decoder_next(d, err), n = 0; /* the first step, not timed */
        double t0 = clock_ms();
        while (st == 0 && (st = decoder_next(d, err)) >= 0) n++;
        each[r] = (clock_ms() - t0) * 1e3 / (n > 0 ? n : 1);
        decoder_free(d);
        if (st < 0) rc = -1;
    }
    model_free(&m);
    if (rc == 0) {
        qsort(each, (size_t)reps, sizeof each[0], cmp_double);
        *us = each[0];
        *median_us = each[reps / 2];
    }
    return rc;
}

/* ---- read bandwidth ---------------------------------------------------------------------------- */

typedef struct read_job {
    const float *buf;
    size_t n;
    float sum; /* kept so that the reads are not optimised away */
} read_job;

#define READ_CHUNK (16 * 1024) /* floats: 64 KB, the decoder's chunk of a matmul (forward.c) */

/* Reads chunk c of the buffer (c < 0: all of it). */
static void read_chunk(void *arg, int c) {
    read_job *j = arg;
    size_t a = c < 0 ? 0 : (size_t)c * READ_CHUNK, b = c < 0 || a + READ_CHUNK > j->n ? j->n : a + READ_CHUNK;
    float acc[16] = {0};
    for (size_t i = a; i < b; i += 16)
        for (int l = 0; l < 16; l++) acc[l] += j->buf[i + l];
    float s = 0.0f;
    for (int l = 0; l < 16; l++) s += acc[l];
    if (c <= 0) j->sum = s;
}

/* GB/s of a streaming read of bytes, on one thread and on the pool's threads (chunks of 64 KB, as
 * the decoder shares its matmuls), best of reps. */
static int read_bandwidth(size_t bytes, int reps, double *bw1, double *bw2) {
    size_t n = bytes / sizeof(float) / 64 * 64;
    float *buf = malloc(sizeof(float) * n);
    if (!buf) return -1;
    fill(buf, n);
    s2s_pool *pool = pool_new(pool_cpu_count());
    read_job j = {buf, n, 0.0f};
    double best1 = 1e30, best2 = 1e30;
    for (int r = 0; r < reps; r++) {
        double t0 = clock_ms();
        read_chunk(&j, -1);
        double t1 = clock_ms();
        pool_for(pool, (int)((n + READ_CHUNK - 1) / READ_CHUNK), read_chunk, &j);
        double t2 = clock_ms();
        if (t1 - t0 < best1) best1 = t1 - t0;
        if (t2 - t1 < best2) best2 = t2 - t1;
    }
    *bw1 = (double)n * sizeof(float) / (best1 * 1e-3) / 1e9;
    *bw2 = (double)n * sizeof(float) / (best2 * 1e-3) / 1e9;
    pool_free(pool);
    free(buf);
    volatile float sink = j.sum; /* the reads must happen */
    (void)sink;
    return 0;
}

/* ---- the peers (Python scripts in tools/) ------------------------------------------------------ */

/* Runs a command and returns its first line of output (malloc'd), or NULL. */
static char *run_line(const char *cmd) {
    FILE *f = popen(cmd, "r");
    if (!f) return NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, f);
    int st = pclose(f);
    if (n <= 0 || st != 0) {
        free(line);
        return NULL;
    }
    return line;
}

/* The number after "key": in a JSON text that follows from (a flat search is enough here). */
static double json_num(const char *from, const char *key) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *p = from ? strstr(from, pat) : NULL;
    return p ? strtod(p + strlen(pat), NULL) : 0.0;
}

static const char *tools_dir(void) {
    const char *e = getenv("STEPFORMER_TOOLS");
    return e && *e ? e : STEPFORMER_TOOLS;
}

/* OpenBLAS sgemm on every shape; *coretype gets the strongest kernel's name. */
static int peer_sgemm(peer_round *r, char *coretype, size_t cap) {
    char cmd[2048];
    int len = snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/bench_sgemm.py'", tools_dir());
    for (int s = 0; s < N_SHAPES; s++)
        len += snprintf(cmd + len, sizeof cmd - (size_t)len, " %d,%d,%d", SHAPES[s][0], SHAPES[s][1], SHAPES[s][2]);
    char *out = run_line(cmd);
    if (!out) return -1;
    const char *ct = strstr(out, "\"coretype\": \"");
    if (ct) {
        ct += strlen("\"coretype\": \"");
        size_t n = strcspn(ct, "\"");
        snprintf(coretype, cap, "%.*s", (int)n, ct);
    }
    for (int s = 0; s < N_SHAPES; s++) {
        char key[64];
        snprintf(key, sizeof key, "\"%d,%d,%d\": {", SHAPES[s][0], SHAPES[s][1], SHAPES[s][2]);
        const char *at = strstr(out, key);
        for (int k = 0; k < 3; k++) r->blas[s][k] = json_num(at, PRODUCTS[k]);
    }
    free(out);
    return 0;
}

/* PyTorch's faster configuration: 1 or 2 intra-op threads, OpenBLAS on one thread inside each (two
 * thread pools that both spin on 2 cores are far slower), the given OpenBLAS kernel. */
static int peer_torch(int steps, const char *coretype, double *tok_s, double *cpu_ms_step) {
    *tok_s = 0.0;
    *cpu_ms_step = 1e30;
    for (int th = 1; th <= 2; th++) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd,
                 "OPENBLAS_CORETYPE=%s OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=passive /usr/bin/python3 "
                 "'%s/bench_torch.py' --batch 32 --steps %d --threads %d --json 2>/dev/null",
                 coretype, tools_dir(), steps, th);
        char *out = run_line(cmd);
        if (!out) return -1;
        double t = json_num(out, "tokens_per_s"), c = json_num(out, "cpu_ms_per_step");
        if (t > *tok_s) *tok_s = t;
        if (c > 0.0 && c < *cpu_ms_step) *cpu_ms_step = c;
        free(out);
    }
    return 0;
}

/* ---- the run ----------------------------------------------------------------------------------- */

/* The median over the rounds of f(round). */
static double median(const peer_round *rs, int n, double (*f)(const peer_round *, int, int), int s, int k) {
    double v[16];
    for (int i = 0; i < n; i++) v[i] = f(&rs[i], s, k);
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static double mm_ratio(const peer_round *r, int s, int k) { return r->ours[s][k] / r->blas[s][k]; }
static double train_ratio(const peer_round *r, int s, int k) {
    (void)s, (void)k;
    return r->train_tok_s / r->torch_tok_s;
}
static double train_cpu_ratio(const peer_round *r, int s, int k) {
    (void)s, (void)k;
    return r->torch_cpu_ms / r->train_cpu_ms;
}
static double base_ratio(const peer_round *r, int s, int k) {
    (void)k;
    return r->base_step_us / ((double)s / (r->bw2 * 1e9) * 1e6);
}
static double at_us(const peer_round *r, int s, int k) {
    (void)s, (void)k;
    return r->at_us;
}
static double at_med_us(const peer_round *r, int s, int k) {
    (void)s, (void)k;
    return r->at_med_us;
}
static double base_med_ratio(const peer_round *r, int s, int k) {
    (void)k;
    return r->base_step_med_us / ((double)s / (r->bw2 * 1e9) * 1e6);
}

#define AT_DECODES 500 /* default model: about 10 ms each on a quiet machine */
#define BASE_DECODES 5 /* paper size: about 0.3 s each */

int bench_peer(int rounds, int quick, int json) {
    static const s2s_shape default_shape = {64, 4, 256, 2, S2S_DECODER_AT};
    if (rounds < 1) rounds = 1;
    if (rounds > 16) rounds = 16;
    peer_round rs[16];
    memset(rs, 0, sizeof rs);
    char coretype[32] = "Haswell";
    const s2s_task_info *dates = task_info(TASK_DATES);
    s2s_config base = {512, 8, 2048, 6, 6, 40, 0, S2S_N_SPECIAL + dates->n_tgt, S2S_DECODER_AT};
    size_t step_bytes = step_weight_bytes(&base);
    s2s_error err = {{0}};
    int train_steps = quick ? 5 : 100;
    for (int i = 0; i < rounds; i++) {
        peer_round *r = &rs[i];
        fprintf(stderr, "stepformer: bench --peer round %d of %d\n", i + 1, rounds);
        for (int s = 0; s < N_SHAPES; s++)
            if (our_matmul(SHAPES[s], r->ours[s])) return 1;
        if (peer_sgemm(r, coretype, sizeof coretype)) {
            cli_error("tools/bench_sgemm.py failed (it needs python3-numpy and python3-threadpoolctl; "
                      "STEPFORMER_TOOLS names the tools folder)");
            return 1;
        }
        double at_nat;
        if (our_training(train_steps, &r->train_tok_s, &r->train_cpu_ms, &err) ||
            bench_decode(&default_shape, quick ? 20 : AT_DECODES, 12, &r->at_us, &r->at_med_us, &at_nat, &err)) {
            cli_error("%s", err.msg);
            return 1;
        }
        /* the bandwidth just before and just after the paper-size decodes, the higher of each: the
         * ratio is then the least favourable to us while others share the memory */
        double bw1b, bw2b;
        if (read_bandwidth(step_bytes, quick ? 2 : 10, &r->bw1, &r->bw2) ||
            base_step_us(quick ? 1 : BASE_DECODES, &r->base_step_us, &r->base_step_med_us, &step_bytes, &err) ||
            read_bandwidth(step_bytes, quick ? 2 : 10, &bw1b, &bw2b)) {
            cli_error("%s", err.msg[0] ? err.msg : "out of memory for the bandwidth buffer");
            return 1;
        }
        if (bw1b > r->bw1) r->bw1 = bw1b;
        if (bw2b > r->bw2) r->bw2 = bw2b;
        if (peer_torch(train_steps, coretype, &r->torch_tok_s, &r->torch_cpu_ms)) {
            cli_error("tools/bench_torch.py failed (it needs python3-torch)");
            return 1;
        }
    }
    const peer_round *last = &rs[rounds - 1];
    if (json) {
        printf("{\"rounds\": %d, \"kernels\": \"%s\", \"openblas_coretype\": \"%s\", \"matmul\": [", rounds,
               matmul_kernels_name(), coretype);
        for (int s = 0; s < N_SHAPES; s++)
            printf("%s{\"shape\": [%d, %d, %d], \"fwd\": %.3f, \"dx\": %.3f, \"dw\": %.3f}", s ? ", " : "", SHAPES[s][0],
                   SHAPES[s][1], SHAPES[s][2], median(rs, rounds, mm_ratio, s, 0), median(rs, rounds, mm_ratio, s, 1),
                   median(rs, rounds, mm_ratio, s, 2));
        printf("], \"train_vs_torch\": %.2f, \"train_cpu_vs_torch\": %.2f, \"decode_at_us_per_token\": %.2f, "
               "\"decode_at_us_per_token_median\": %.2f, \"base_step_vs_read\": %.3f, \"base_step_median_vs_read\": %.3f, "
               "\"read_gb_s_1\": %.2f, \"read_gb_s_2\": %.2f}\n",
               median(rs, rounds, train_ratio, 0, 0), median(rs, rounds, train_cpu_ratio, 0, 0),
               median(rs, rounds, at_us, 0, 0), median(rs, rounds, at_med_us, 0, 0),
               median(rs, rounds, base_ratio, (int)step_bytes, 0), median(rs, rounds, base_med_ratio, (int)step_bytes, 0),
               last->bw1, last->bw2);
        return 0;
    }
    printf("Stepformer beside its peers, %d round(s) on this machine (ratios: median over the rounds, each "
           "measured within its round)\n\n",
           rounds);
    printf("matmul, one thread: Stepformer (%s kernels) / OpenBLAS sgemm (numpy, %s kernel), GFLOP/s of the last "
           "round\n",
           matmul_kernels_name(), coretype);
    printf("  %-18s %-26s %-26s %-26s\n", "N x I -> O", "forward", "dinp", "dw");
    for (int s = 0; s < N_SHAPES; s++) {
        printf("  %4d x %3d -> %4d ", SHAPES[s][0], SHAPES[s][1], SHAPES[s][2]);
        for (int k = 0; k < 3; k++) {
            char cell[64];
            snprintf(cell, sizeof cell, "%5.1f / %5.1f = %3.0f %%", last->ours[s][k], last->blas[s][k],
                     100.0 * median(rs, rounds, mm_ratio, s, k));
            printf(" %-26s", cell);
        }
        printf("\n");
    }
    printf("\ntraining (reverse, 64/4/256, 2+2, batch 32, %d steps, 2 threads), target tokens/s, "
           "Stepformer / PyTorch:",
           train_steps);
    for (int i = 0; i < rounds; i++) printf(" %.0f / %.0f = %.1fx;", rs[i].train_tok_s, rs[i].torch_tok_s, train_ratio(&rs[i], 0, 0));
    printf(" median %.1fx\n", median(rs, rounds, train_ratio, 0, 0));
    printf("  CPU time per step (every thread; fairer on a shared machine), PyTorch / Stepformer:");
    for (int i = 0; i < rounds; i++)
        printf(" %.1f / %.1f ms = %.1fx;", rs[i].torch_cpu_ms, rs[i].train_cpu_ms, train_cpu_ratio(&rs[i], 0, 0));
    printf(" median %.1fx\n", median(rs, rounds, train_cpu_ratio, 0, 0));
    printf("AT decode, default model, us/token, best / median of %d decodes:", quick ? 20 : AT_DECODES);
    for (int i = 0; i < rounds; i++) printf(" %.1f / %.1f;", rs[i].at_us, rs[i].at_med_us);
    printf(" over the rounds %.1f / %.1f\n", median(rs, rounds, at_us, 0, 0), median(rs, rounds, at_med_us, 0, 0));
    printf("read bandwidth over %.0f MB (a paper-size step's weights), GB/s on 1 and %d threads:", step_bytes / 1e6,
           pool_cpu_count());
    for (int i = 0; i < rounds; i++) printf(" %.1f and %.1f;", rs[i].bw1, rs[i].bw2);
    printf("\nAT decode, paper size, one step (steps 2 to 40, best of %d decodes; their median after the /) / the "
           "time to read its weights at the %d-thread bandwidth:",
           quick ? 1 : BASE_DECODES, pool_cpu_count());
    for (int i = 0; i < rounds; i++) {
        double read_us = (double)step_bytes / (rs[i].bw2 * 1e9) * 1e6;
        printf(" %.0f (%.0f) / %.0f us = %.2fx (%.2fx);", rs[i].base_step_us, rs[i].base_step_med_us, read_us,
               base_ratio(&rs[i], (int)step_bytes, 0), base_med_ratio(&rs[i], (int)step_bytes, 0));
    }
    printf(" median %.2fx (%.2fx)\n", median(rs, rounds, base_ratio, (int)step_bytes, 0),
           median(rs, rounds, base_med_ratio, (int)step_bytes, 0));
    return 0;
}
