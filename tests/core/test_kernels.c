/* test_kernels.c: the matmul kernel sets (ops_kernels.h), the thread pool and the one softmax.
 *   - every kernel of every set this CPU runs agrees with a double-precision reference, on ragged
 *     shapes (edges of every tile and panel, K not a multiple of 8);
 *   - the forward kernels give each row the same bits whether it is computed alone or among others,
 *     and a slice of the outputs (a thread's share) the same bits as the whole (what makes cached
 *     decoding equal recomputation, and the decoder's split over threads invisible);
 *   - a pool runs every chunk once, and the inference forward's split over it changes no bit;
 *   - softmax_row returns the log-sum-exp and zeros a fully masked row. */
#include "test_util.h"

#include "core/forward.h"
#include "core/ops.h"
#include "core/ops_kernels.h"
#include "core/pool.h"
#include "core/train.h"

static const mm_kernels *sets(int i) {
#ifdef S2S_HAVE_AVX2_KERNELS
    if (i == 1) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? &mm_kernels_avx2 : NULL;
#endif
    return i == 0 ? &mm_kernels_portable : NULL;
}

static void fill(float *p, size_t n, unsigned seed) {
    for (size_t i = 0; i < n; i++) p[i] = (float)(((i + seed) * 2654435761u) % 2001) / 1000.0f - 1.0f;
}

/* Largest |got - want| / (1 + |want|) over n. */
static double worst(const float *got, const double *want, size_t n) {
    double w = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs((double)got[i] - want[i]) / (1.0 + fabs(want[i]));
        if (d > w) w = d;
    }
    return w;
}

static const int SHAPES[][3] = {{1, 1, 1}, {1, 7, 5}, {1, 64, 30}, {2, 9, 13}, {3, 67, 17}, {7, 64, 64},
                                {13, 16, 8}, {5, 256, 33}, {33, 300, 70}, {1, 520, 41}};

static void test_kernels_match_reference(void **state) {
    (void)state;
    for (int ks = 0; ks < 2; ks++) {
        const mm_kernels *k = sets(ks);
        if (!k) continue;
        for (size_t s = 0; s < sizeof SHAPES / sizeof SHAPES[0]; s++) {
            int N = SHAPES[s][0], I = SHAPES[s][1], O = SHAPES[s][2];
            float *x = malloc(sizeof(float) * (size_t)N * I), *w = malloc(sizeof(float) * (size_t)O * I);
            float *b = malloc(sizeof(float) * (size_t)O), *y = malloc(sizeof(float) * (size_t)N * O);
            float *dx = malloc(sizeof(float) * (size_t)N * I), *dw = malloc(sizeof(float) * (size_t)O * I);
            double *ry = malloc(sizeof(double) * (size_t)N * O), *rdx = malloc(sizeof(double) * (size_t)N * I);
            double *rdw = malloc(sizeof(double) * (size_t)O * I);
            fill(x, (size_t)N * I, 1);
            fill(w, (size_t)O * I, 2);
            fill(b, (size_t)O, 3);
            /* reference: y = x w^T + b; dx = 0.5 + y w; dw = 0.25 + y^T x */
            for (int n = 0; n < N; n++)
                for (int o = 0; o < O; o++) {
                    double v = b[o];
                    for (int i = 0; i < I; i++) v += (double)x[(size_t)n * I + i] * w[(size_t)o * I + i];
                    ry[(size_t)n * O + o] = v;
                }
            double e_fwd, e_batch, e_dx, e_dw;
            k->fwd(y, O, x, w, b, N, I, O);
            e_fwd = worst(y, ry, (size_t)N * O);
            k->fwd_batch(y, O, x, w, b, N, I, O);
            e_batch = worst(y, ry, (size_t)N * O);
            for (int n = 0; n < N; n++)
                for (int i = 0; i < I; i++) {
                    double v = 0.5;
                    for (int o = 0; o < O; o++) v += (double)y[(size_t)n * O + o] * w[(size_t)o * I + i];
                    rdx[(size_t)n * I + i] = v;
                    dx[(size_t)n * I + i] = 0.5f;
                }
            for (int o = 0; o < O; o++)
                for (int i = 0; i < I; i++) {
                    double v = 0.25;
                    for (int n = 0; n < N; n++) v += (double)y[(size_t)n * O + o] * x[(size_t)n * I + i];
                    rdw[(size_t)o * I + i] = v;
                    dw[(size_t)o * I + i] = 0.25f;
                }
            k->dx(dx, y, w, N, I, O);
            e_dx = worst(dx, rdx, (size_t)N * I);
            k->dw(dw, y, x, N, I, O);
            e_dw = worst(dw, rdw, (size_t)O * I);
            printf("  %-8s %3d x %3d -> %3d  fwd %.1e  fwd_batch %.1e  dx %.1e  dw %.1e\n", k->name, N, I, O, e_fwd,
                   e_batch, e_dx, e_dw);
            double tol = 1e-6 * (I > O ? I : O) + 1e-6;
            assert_true(e_fwd < tol && e_batch < tol && e_dx < 10 * tol && e_dw < 10 * tol);
            free(x), free(w), free(b), free(y), free(dx), free(dw), free(ry), free(rdx), free(rdw);
        }
    }
}

/* Row by row and slice by slice, the forward kernels give the bits of the whole. */
static void test_rows_and_slices_are_exact(void **state) {
    (void)state;
    int N = 11, I = 83, O = 45;
    float *x = malloc(sizeof(float) * (size_t)N * I), *w = malloc(sizeof(float) * (size_t)O * I);
    float *b = malloc(sizeof(float) * (size_t)O), *all = malloc(sizeof(float) * (size_t)N * O);
    float *part = malloc(sizeof(float) * (size_t)N * O);
    fill(x, (size_t)N * I, 4);
    fill(w, (size_t)O * I, 5);
    fill(b, (size_t)O, 6);
    for (int ks = 0; ks < 2; ks++) {
        const mm_kernels *k = sets(ks);
        if (!k) continue;
        mm_fwd_fn *fns[2] = {k->fwd, k->fwd_batch};
        for (int f = 0; f < 2; f++) {
            fns[f](all, O, x, w, b, N, I, O);
            for (int n = 0; n < N; n++) fns[f](part + (size_t)n * O, O, x + (size_t)n * I, w, b, 1, I, O);
            assert_memory_equal(all, part, sizeof(float) * (size_t)N * O);
            for (int n = 0; n + 3 <= N; n += 3) fns[f](part + (size_t)n * O, O, x + (size_t)n * I, w, b, 3, I, O);
            assert_memory_equal(all, part, sizeof(float) * (size_t)(N / 3 * 3) * O);
            /* three slices of the outputs, of 16, 24 and 5 */
            int cut[4] = {0, 16, 40, O};
            for (int c = 0; c < 3; c++)
                fns[f](part + cut[c], O, x, w + (size_t)cut[c] * I, b + cut[c], N, I, cut[c + 1] - cut[c]);
            assert_memory_equal(all, part, sizeof(float) * (size_t)N * O);
            printf("  %-8s %s: rows alone, in threes and output slices equal the whole bit for bit\n", k->name,
                   f ? "fwd_batch" : "fwd");
        }
    }
    free(x), free(w), free(b), free(all), free(part);
}

static void count_chunk(void *arg, int c) {
    int *hits = arg;
    assert_true(c >= 0 && c < 64);
    __atomic_add_fetch(&hits[c], 1, __ATOMIC_SEQ_CST);
}

static void test_pool_runs_every_chunk_once(void **state) {
    (void)state;
    assert_null(pool_new(1));
    s2s_pool *p = pool_new(3);
    assert_non_null(p);
    for (int job = 0; job < 500; job++) {
        int hits[64] = {0}, n = 1 + job % 40;
        pool_for(p, n, count_chunk, hits);
        for (int i = 0; i < 64; i++) assert_int_equal(hits[i], i < n);
    }
    pool_free(p);
    int hits[64] = {0};
    pool_for(NULL, 5, count_chunk, hits); /* no pool: the caller does every chunk */
    for (int i = 0; i < 64; i++) assert_int_equal(hits[i], i < 5);
    pool_free(NULL);
}

/* Cached decoding (one row per matmul) of a model of the given shape over T target positions
 * equals recomputation (T rows at once), and the caller alone (no pool: pool_tried set before the
 * first large matmul) gives the same bits. */
static void check_split_decoder(const s2s_shape *shape, int T) {
    s2s_error err = {{0}};
    s2s_model m;
    assert_int_equal(train_model_new(&m, TASK_REVERSE, shape, 3, &err), 0);
    assert_true(T <= 12 && T <= m.cfg.max_len);
    int src[5] = {5, 6, 7, 8, 9}, ids[12] = {S2S_BEGIN, 9, 8, 7, 6, 5, 9, 8, 7, 6, 5, 9};
    int V = m.cfg.tgt_vocab;
    float *lc = malloc(sizeof(float) * (size_t)T * V), *lf = malloc(sizeof(float) * (size_t)T * V);
    s2s_runner cached, full, alone;
    assert_int_equal(runner_init(&cached, &m, &err), 0);
    assert_int_equal(runner_init(&full, &m, &err), 0);
    assert_int_equal(runner_init(&alone, &m, &err), 0);
    alone.pool_tried = 1;
    assert_int_equal(runner_encode(&cached, src, 5, NULL, &err), 0);
    assert_int_equal(runner_encode(&full, src, 5, NULL, &err), 0);
    assert_int_equal(runner_encode(&alone, src, 5, NULL, &err), 0);
    for (int t = 0; t < T; t++) assert_int_equal(runner_decode(&cached, &ids[t], 1, 1, NULL, t, lc + (size_t)t * V, &err), 0);
    assert_non_null(cached.pool);
    assert_int_equal(runner_decode(&full, ids, T, 1, NULL, 0, lf, &err), 0);
    assert_memory_equal(lc, lf, sizeof(float) * (size_t)T * V);
    for (int t = 0; t < T; t++) assert_int_equal(runner_decode(&alone, &ids[t], 1, 1, NULL, t, lf + (size_t)t * V, &err), 0);
    assert_null(alone.pool);
    assert_memory_equal(lc, lf, sizeof(float) * (size_t)T * V);
    printf("  d_model %d, d_ff %d, %d steps (split over %d threads): cached logits equal recomputed and one "
           "thread's, bit for bit\n", shape->d_model, shape->d_ff, T, pool_cpu_count());
    runner_free(&cached);
    runner_free(&full);
    runner_free(&alone);
    free(lc), free(lf);
    model_free(&m);
}

/* Models wide enough that the inference forward splits its matmuls over the pool (256 K weights in
 * linear1), and at 512 wide over 8 and more keys its attention heads as well (forward.c). */
static void test_split_decoder_is_exact(void **state) {
    (void)state;
    static const s2s_shape wide = {256, 4, 1024, 1, S2S_DECODER_AT}, wider = {512, 8, 2048, 1, S2S_DECODER_AT};
    check_split_decoder(&wide, 6);
    check_split_decoder(&wider, 12);
}

/* One query's attention halves of the inference forward keep the one-at-a-time order bit for bit
 * (what keeps decoding's results those of the scalar loops), for every count of keys and features. */
static void test_attention_halves_keep_the_order(void **state) {
    (void)state;
    enum { LD = 24, MAXK = 21 };
    float q[20], kt[20 * LD], v[MAXK * 20], a[MAXK], s[MAXK], o[20];
    fill(q, 20, 11);
    fill(kt, 20 * LD, 12);
    fill(v, MAXK * 20, 13);
    fill(a, MAXK, 14);
    a[3] = 0.0f; /* a masked key */
    for (int Dh = 1; Dh <= 20; Dh++)
        for (int Tk = 1; Tk <= MAXK; Tk++) {
            attn_dots(s, q, kt, LD, Dh, Tk);
            for (int j = 0; j < Tk; j++) {
                float d = 0.0f;
                for (int e = 0; e < Dh; e++) d += q[e] * kt[e * LD + j];
                assert_memory_equal(&s[j], &d, sizeof d);
            }
            attn_mix(o, a, v, 20, Tk, Dh);
            for (int e = 0; e < Dh; e++) {
                float m = 0.0f;
                for (int j = 0; j < Tk; j++)
                    if (a[j] != 0.0f) m += a[j] * v[j * 20 + e];
                assert_memory_equal(&o[e], &m, sizeof m);
            }
        }
}

static void test_softmax_row(void **state) {
    (void)state;
    float in[4] = {1.0f, 2.0f, 3.0f, -INFINITY}, out[4];
    float lse = softmax_row(out, in, 4);
    double want = log(exp(1.0) + exp(2.0) + exp(3.0));
    assert_true(fabs(lse - want) < 1e-6);
    for (int i = 0; i < 3; i++) assert_true(fabs(out[i] - exp(in[i] - want)) < 1e-6);
    assert_true(out[3] == 0.0f);
    float masked[3] = {-INFINITY, -INFINITY, -INFINITY};
    assert_true(softmax_row(masked, masked, 3) == -INFINITY);
    for (int i = 0; i < 3; i++) assert_true(masked[i] == 0.0f);
}

int main(void) {
    printf("matmul kernels on this CPU: %s\n", matmul_kernels_name());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernels_match_reference), cmocka_unit_test(test_rows_and_slices_are_exact),
        cmocka_unit_test(test_pool_runs_every_chunk_once), cmocka_unit_test(test_split_decoder_is_exact),
        cmocka_unit_test(test_attention_halves_keep_the_order), cmocka_unit_test(test_softmax_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
