/* test_refine.c: Mask-Predict, the training objective and the iterative refinement decode.
 *  - the schedule and the choice of positions equal a direct computation (floor, a sort);
 *  - refinement with 0 iterations is the one-pass NAT decode, number for number, trace included;
 *  - each refinement pass re-masks exactly the n*(T-t)/T least confident positions, keeps the
 *    others (token and confidence), re-predicts the masked ones with the decoder's real output for
 *    that input (recomputed here apart from the decoder), and the decode ends on the last pass's
 *    tokens;
 *  - the masked objective's batches have k in 1..nt positions masked and scored, the rest shown,
 *    and the trainer's loss on them equals the cross-entropy over the masked positions computed
 *    with the inference forward pass. */
#include "test_util.h"

#include "core/decode.h"
#include "core/forward.h"
#include "core/ops.h"
#include "core/refine.h"
#include "core/train.h"
#include "core/train_data.h"
#include "core/train_model.h"
#include "core/util.h"

#define MP_MODEL MODELS_DIR "/number-words-mixed-nat-maskpredict.safetensors"

static const char *const INPUTS[] = {"4110", "7", "90215", "1005", "350000", "12", "808080"};

static void load(s2s_model *m, const char *path) {
    s2s_error err = {{0}};
    if (model_load(m, path, &err)) fail_msg("%s", err.msg);
}

static void decode(const s2s_model *m, const char *text, int iterations, s2s_trace *tr, s2s_decode_result *r) {
    s2s_error err = {{0}};
    int src[S2S_MAX_LEN], n;
    if (decode_tokenize_source(m, text, src, &n, &err)) fail_msg("%s", err.msg);
    s2s_decode_opts o = decode_opts_default();
    o.iterations = iterations;
    if (decode_run(m, src, n, &o, tr, r, &err)) fail_msg("%s", err.msg);
}

static void test_schedule(void **state) {
    (void)state;
    for (int n = 0; n <= 40; n++)
        for (int T = 1; T <= 12; T++)
            for (int t = 1; t <= T; t++) assert_int_equal(refine_count(n, t, T), (int)floor((double)n * (T - t) / T));
    /* the k lowest, ties to the earlier position: against a stable sort of (confidence, position) */
    float conf[9] = {0.5f, 0.2f, 0.9f, 0.2f, 0.7f, 0.1f, 0.5f, 1.0f, 0.3f};
    int order[9];
    for (int i = 0; i < 9; i++) order[i] = i;
    for (int i = 1; i < 9; i++) /* insertion sort: stable */
        for (int j = i; j > 0 && conf[order[j]] < conf[order[j - 1]]; j--) {
            int x = order[j];
            order[j] = order[j - 1];
            order[j - 1] = x;
        }
    for (int k = 0; k <= 9; k++) {
        unsigned char masked[9];
        refine_choose(conf, 9, k, masked);
        int count = 0;
        for (int i = 0; i < 9; i++) count += masked[i];
        assert_int_equal(count, k);
        for (int j = 0; j < k; j++) assert_int_equal(masked[order[j]], 1);
    }
}

static void test_zero_iterations_is_one_pass(void **state) {
    (void)state;
    s2s_model m;
    load(&m, MP_MODEL);
    s2s_trace a, b;
    trace_init(&a);
    trace_init(&b);
    for (size_t i = 0; i < ARRAY_LEN(INPUTS); i++) {
        s2s_decode_result plain, zero;
        decode(&m, INPUTS[i], 0, &a, &zero);
        s2s_decode_opts o = decode_opts_default(); /* the one-pass NAT decode, as it was */
        int src[S2S_MAX_LEN], n;
        s2s_error err = {{0}};
        assert_int_equal(decode_tokenize_source(&m, INPUTS[i], src, &n, &err), 0);
        assert_int_equal(decode_run(&m, src, n, &o, &b, &plain, &err), 0);
        assert_int_equal(zero.passes, 1);
        assert_int_equal(zero.n_out, plain.n_out);
        assert_memory_equal(zero.out, plain.out, sizeof(int) * (size_t)plain.n_out);
        assert_memory_equal(zero.out_prob, plain.out_prob, sizeof(float) * (size_t)plain.n_out);
        assert_int_equal(a.n_steps, b.n_steps);
        assert_int_equal(a.n_data, b.n_data);
        assert_memory_equal(a.data, b.data, sizeof(float) * a.n_data);
        assert_int_equal(trace_find(&a, TB_GENERATOR, -1, TS_NONE, TO_REFINE, -1, TRACE_ANY_PASS), -1);
        /* with refinement on, the first pass is that same decode */
        s2s_decode_result ref;
        decode(&m, INPUTS[i], 3, &a, &ref);
        int s0 = trace_find(&a, TB_GENERATOR, -1, TS_NONE, TO_REFINE, -1, 0);
        assert_true(s0 >= 0);
        const float *x = trace_data(&a, &a.steps[s0]);
        int len = a.steps[s0].cols;
        assert_int_equal(len, plain.nat_length);
        for (int p = 0; p < len; p++) {
            assert_int_equal((int)x[REFINE_TOKEN_AFTER * len + p], plain.out[p]);
            assert_float_equal(x[REFINE_CONF_AFTER * len + p], plain.out_prob[p], 0.0);
            assert_float_equal(x[REFINE_MASKED * len + p], 1.0, 0.0);
        }
    }
    trace_free(&a);
    trace_free(&b);
    model_free(&m);
}

/* The decoder's output for the input ids (n positions) after running the encoder on src: logits
 * (n, Vt), computed apart from the decode engine. */
static void direct_logits(const s2s_model *m, const int *src, int n_src, const int *ids, int n, float *logits) {
    s2s_runner r;
    s2s_error err = {{0}};
    assert_int_equal(runner_init(&r, m, &err), 0);
    assert_int_equal(runner_encode(&r, src, n_src, NULL, &err), 0);
    assert_int_equal(runner_decode(&r, ids, n, 0, NULL, 0, logits, &err), 0);
    runner_free(&r);
}

static void test_each_pass_remasks_the_chosen(void **state) {
    (void)state;
    s2s_model m;
    load(&m, MP_MODEL);
    int V = m.cfg.tgt_vocab, M = m.cfg.max_len, checked = 0;
    float *logits = malloc(sizeof(float) * (size_t)M * V);
    s2s_trace tr;
    trace_init(&tr);
    static const int ITERS[] = {1, 3, 9};
    for (size_t it = 0; it < ARRAY_LEN(ITERS); it++) {
        int T = ITERS[it] + 1;
        for (size_t i = 0; i < ARRAY_LEN(INPUTS); i++) {
            s2s_decode_result r;
            decode(&m, INPUTS[i], ITERS[it], &tr, &r);
            int n = r.nat_length, prev = -1, steps = 0, last = -1;
            for (int s = trace_find(&tr, TB_GENERATOR, -1, TS_NONE, TO_REFINE, -1, TRACE_ANY_PASS); s >= 0;
                 s = tr.steps[s].next, steps++) {
                const trace_step *st = &tr.steps[s];
                const float *x = trace_data(&tr, st);
                assert_int_equal(st->pass, steps);
                assert_int_equal(st->cols, n);
                last = s;
                if (prev < 0) {
                    prev = s;
                    continue;
                }
                const float *px = trace_data(&tr, &tr.steps[prev]);
                /* before = the previous pass's after */
                float conf[S2S_MAX_LEN];
                for (int p = 0; p < n; p++) {
                    assert_float_equal(x[REFINE_TOKEN_BEFORE * n + p], px[REFINE_TOKEN_AFTER * n + p], 0.0);
                    assert_float_equal(x[REFINE_CONF_BEFORE * n + p], px[REFINE_CONF_AFTER * n + p], 0.0);
                    conf[p] = x[REFINE_CONF_BEFORE * n + p];
                }
                /* exactly the k = n(T-t)/T least confident, t = passes done before this one */
                int k = (int)floor((double)n * (T - st->pass) / T), masked = 0;
                for (int p = 0; p < n; p++) masked += x[REFINE_MASKED * n + p] != 0.0f;
                assert_int_equal(masked, k);
                for (int p = 0; p < n; p++)
                    for (int q = 0; q < n; q++) /* every masked position is below (or tied and before) every kept one */
                        if (x[REFINE_MASKED * n + p] != 0.0f && x[REFINE_MASKED * n + q] == 0.0f)
                            assert_true(conf[p] < conf[q] || (conf[p] == conf[q] && p < q));
                /* the decoder's real output for this pass's input, recomputed */
                int ids[S2S_MAX_LEN + 1];
                for (int p = 0; p < M; p++)
                    ids[p] = p >= n ? S2S_END : x[REFINE_MASKED * n + p] != 0.0f ? S2S_BEGIN : (int)x[REFINE_TOKEN_BEFORE * n + p];
                direct_logits(&m, r.src, r.n_src, ids, M, logits);
                for (int p = 0; p < n; p++) {
                    if (x[REFINE_MASKED * n + p] == 0.0f) { /* kept as it was */
                        assert_float_equal(x[REFINE_TOKEN_AFTER * n + p], x[REFINE_TOKEN_BEFORE * n + p], 0.0);
                        assert_float_equal(x[REFINE_CONF_AFTER * n + p], x[REFINE_CONF_BEFORE * n + p], 0.0);
                        continue;
                    }
                    float *row = logits + (size_t)p * V;
                    int best = 0;
                    for (int v = 1; v < V; v++)
                        if (row[v] > row[best]) best = v;
                    softmax_row(row, row, V);
                    assert_int_equal((int)x[REFINE_TOKEN_AFTER * n + p], best);
                    assert_float_equal(x[REFINE_CONF_AFTER * n + p], row[best], 1e-5);
                    checked++;
                }
                prev = s;
            }
            /* one step per pass that ran; the answer is the last pass's tokens */
            assert_int_equal(steps, r.passes);
            assert_true(r.passes >= 1 && r.passes <= T);
            if (r.passes < T) assert_int_equal(refine_count(n, r.passes, T), 0); /* stopped: nothing left */
            if (n > 0) {
                const float *x = trace_data(&tr, &tr.steps[last]);
                for (int p = 0; p < n; p++) assert_int_equal(r.out[p], (int)x[REFINE_TOKEN_AFTER * n + p]);
            }
        }
    }
    printf("  %d re-predicted positions checked against the decoder run apart\n", checked);
    assert_true(checked > 20);
    free(logits);
    trace_free(&tr);
    model_free(&m);
}

static void test_masked_objective(void **state) {
    (void)state;
    static const s2s_shape TINY = {16, 2, 32, 1, S2S_DECODER_NAT};
    s2s_model m;
    s2s_error err = {{0}};
    if (train_model_new(&m, TASK_NUMBER_WORDS_MIXED, &TINY, 3, &err)) fail_msg("%s", err.msg);
    int B = 32, M = m.cfg.max_len, V = m.cfg.tgt_vocab, full = 0, rows = 0;
    double expect_full = 0.0; /* sum over the examples of P(k = nt) = 1 / nt */
    s2s_data d;
    assert_int_equal(data_init(&d, &m, NULL, TASK_NUMBER_WORDS_MIXED, B, 7, &err), 0);
    d.mask_predict = 1;
    s2s_train_ctx ctx;
    assert_int_equal(train_ctx_init(&ctx, &m, B, &err), 0);
    float *logits = malloc(sizeof(float) * (size_t)M * V);
    for (int batch = 0; batch < 4; batch++) {
        assert_int_equal(data_next(&d, &err), 0);
        const s2s_batch *bt = &d.batch;
        assert_int_equal(bt->T, M);
        double direct = 0.0;
        int scored = 0;
        for (int b = 0; b < B; b++, rows++) {
            const int *ti = bt->tgt_in + (size_t)b * M, *to = bt->tgt_out + (size_t)b * M;
            int nt = bt->len[b], k = 0, all = 1;
            expect_full += 1.0 / (nt > 0 ? nt : 1);
            for (int i = 0; i < M; i++) {
                k += ti[i] == S2S_BEGIN;
                all &= ti[i] == S2S_BEGIN;
                if (ti[i] == S2S_BEGIN) assert_true(to[i] != S2S_PAD); /* masked: scored */
                else assert_int_equal(to[i], S2S_PAD);                 /* shown: not scored */
                if (i >= nt && !all) assert_int_equal(ti[i], S2S_END);  /* the length is shown */
                if (i >= nt && to[i] != S2S_PAD) assert_int_equal(to[i], S2S_END);
            }
            if (all) {
                full++;
            } else {
                assert_true(k >= 1 && k < nt);
                for (int i = 0; i < nt; i++) assert_true(ti[i] == S2S_BEGIN || (ti[i] != S2S_END && ti[i] != S2S_PAD));
            }
            int src[S2S_MAX_LEN], ns = 0;
            while (ns < bt->S && bt->src[(size_t)b * bt->S + ns] != S2S_PAD) {
                src[ns] = bt->src[(size_t)b * bt->S + ns];
                ns++;
            }
            /* shown and scored tokens together are a right answer for the source */
            int whole[S2S_MAX_LEN];
            for (int i = 0; i < nt; i++) whole[i] = ti[i] == S2S_BEGIN ? to[i] : ti[i];
            char st[TASK_TEXT_MAX], tt[TASK_TEXT_MAX];
            vocab_join(&m.src, src, ns, st, sizeof st);
            vocab_join(&m.tgt, whole, nt, tt, sizeof tt);
            if (!task_accepts(TASK_NUMBER_WORDS_MIXED, st, tt)) fail_msg("\"%s\" is not \"%s\" in words", tt, st);
            /* cross-entropy over the scored positions, with the inference forward pass */
            direct_logits(&m, src, ns, ti, M, logits);
            for (int i = 0; i < M; i++) {
                if (to[i] == S2S_PAD) continue;
                float *row = logits + (size_t)i * V;
                softmax_row(row, row, V);
                direct -= log((double)row[to[i]]);
                scored++;
            }
        }
        assert_int_equal(scored, d.n_tokens);
        s2s_loss_norm nm = {(float)d.n_tokens, (float)B, 0.0f};
        double loss = 0.0, len_loss = 0.0;
        assert_int_equal(train_forward_backward(&ctx, bt, &nm, 0, &loss, &len_loss, &err), 0);
        float got = (float)loss, want = (float)(direct / scored);
        assert_close("masked loss: trainer vs inference forward", &got, &want, 1, 1e-4f);
    }
    /* k = nt (everything masked) comes up once in nt: as often as the sum of 1/nt says, within 4 sd */
    printf("  %d of %d examples fully masked; expected %.1f\n", full, rows, expect_full);
    assert_true(fabs(full - expect_full) < 4.0 * sqrt(expect_full) + 1.0);
    assert_true(full < rows);
    free(logits);
    train_ctx_free(&ctx);
    data_free(&d);
    model_free(&m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schedule),
        cmocka_unit_test(test_zero_iterations_is_one_pass),
        cmocka_unit_test(test_each_pass_remasks_the_chosen),
        cmocka_unit_test(test_masked_objective),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
