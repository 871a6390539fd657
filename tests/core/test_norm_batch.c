/* test_norm_batch.c: LayerNorm against BatchNorm on a real batch (core/norm_batch.c).
 * - the batch's sums and the three normalizations equal PyTorch's (F.layer_norm, nn.BatchNorm1d in
 *   training mode without and with the padding) on the reference model
 *   (tests/data/norm_batch/expected.json, from make_norm_batch.py there);
 * - the statistics equal a direct computation on the batch (written out here again, in double);
 * - the model's own LayerNorm output, with its learned scale and shift, is gamma * ln + beta;
 * - swapping another sentence changes BatchNorm's output for a fixed sentence but not LayerNorm's,
 *   and padding moves BatchNorm's statistics. */
#include "test_util.h"

#include "core/model.h"
#include "core/norm_batch.h"

#define TOL 2e-4f
#define BIG 65536

static float want[BIG];

static s2s_model model;

static int setup(void **state) {
    (void)state;
    s2s_error err;
    if (model_load(&model, REF_DIR "/tiny-at.safetensors", &err)) fail_msg("%s", err.msg);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    model_free(&model);
    return 0;
}

static void build_case(const cJSON *cs, norm_batch *nb) {
    const char *inputs[NORM_MAX_BATCH];
    int B = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(cs, "inputs")) inputs[B++] = it->valuestring;
    trace_place p;
    char name[96];
    snprintf(name, sizeof name, "%s.add", cJSON_GetObjectItem(cs, "place")->valuestring);
    assert_int_equal(trace_place_parse(name, &p), 0);
    assert_int_equal(p.op, TO_ADD);
    s2s_error err = {{0}};
    if (norm_batch_build(nb, &model, inputs, B, p.block, p.layer, p.sub, &err)) fail_msg("%s", err.msg);
}

static void test_equals_pytorch(void **state) {
    (void)state;
    cJSON *j = load_json(TEST_DATA_DIR "/norm_batch/expected.json");
    const cJSON *cs;
    cJSON_ArrayForEach(cs, cJSON_GetObjectItem(j, "cases")) {
        norm_batch nb;
        build_case(cs, &nb);
        printf(" %s, B=%d T=%d D=%d\n", cJSON_GetObjectItem(cs, "place")->valuestring, nb.B, nb.T, nb.D);
        int lens[NORM_MAX_BATCH];
        assert_int_equal(json_ints(cJSON_GetObjectItem(cs, "lens"), lens, NORM_MAX_BATCH), nb.B);
        for (int b = 0; b < nb.B; b++) assert_int_equal(nb.len[b], lens[b]);
        int n = nb.B * nb.T * nb.D;
        const char *fields[4] = {"sums", "layernorm", "batchnorm", "batchnorm_padded"};
        const float *got[4] = {nb.x, nb.ln, nb.bn, nb.bn_pad};
        for (int k = 0; k < 4; k++) {
            assert_int_equal(json_flatten(cJSON_GetObjectItem(cs, fields[k]), want, BIG), n);
            assert_close(fields[k], got[k], want, n, TOL);
        }
        norm_batch_free(&nb);
    }
    cJSON_Delete(j);
}

/* The statistics, computed again the plain way from the block. */
static void test_direct_computation(void **state) {
    (void)state;
    const char *inputs[3] = {"abcdef", "fc", "dea"};
    norm_batch nb;
    s2s_error err;
    assert_int_equal(norm_batch_build(&nb, &model, inputs, 3, TB_DECODER, 1, TS_CROSS_ATTN, &err), 0);
    int B = nb.B, T = nb.T, D = nb.D;
    for (int d = 0; d < D; d++) {
        double s = 0, sp = 0, q = 0, qp = 0;
        int n = 0;
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++) {
                double v = nb.x[((size_t)b * T + t) * D + d];
                sp += v;
                if (t < nb.len[b]) s += v, n++;
            }
        double mu = s / n, mup = sp / (B * T);
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++) {
                double v = nb.x[((size_t)b * T + t) * D + d];
                qp += (v - mup) * (v - mup);
                if (t < nb.len[b]) q += (v - mu) * (v - mu);
            }
        assert_float_equal(nb.bn_mean[d], mu, 1e-5);
        assert_float_equal(nb.bn_var[d], q / n, 1e-4);
        assert_float_equal(nb.bn_pad_mean[d], mup, 1e-5);
        assert_float_equal(nb.bn_pad_var[d], qp / (B * T), 1e-4);
    }
    /* LayerNorm with the model's scale and shift is what the model computed (its `norm` step) */
    const float *g = model.w.dec[1].norm_w[1], *be = model.w.dec[1].norm_b[1]; /* norm2: after cross-attention */
    s2s_trace tr;
    trace_init(&tr);
    s2s_decode_result r;
    int src[6] = {4, 5, 6, 7, 8, 9};
    assert_int_equal(decode_run(&model, src, 6, NULL, &tr, &r, &err), 0);
    float out[(S2S_MAX_LEN + 1) * 16];
    int rows, cols;
    assert_int_equal(trace_gather(&tr, TB_DECODER, 1, TS_CROSS_ATTN, TO_NORM, -1, TRACE_ALL, out, S2S_MAX_LEN + 1, 16, &rows, &cols), 0);
    assert_int_equal(rows, nb.len[0]);
    for (int t = 0; t < rows; t++) {
        double s = 0, q = 0;
        const float *x = nb.x + (size_t)t * D;
        for (int d = 0; d < D; d++) s += x[d];
        for (int d = 0; d < D; d++) q += (x[d] - s / D) * (x[d] - s / D);
        assert_float_equal(nb.ln_mean[t], s / D, 1e-5);
        assert_float_equal(nb.ln_var[t], q / D, 1e-4);
        for (int d = 0; d < D; d++) assert_float_equal(out[t * cols + d], g[d] * nb.ln[(size_t)t * D + d] + be[d], 1e-4);
    }
    trace_free(&tr);
    norm_batch_free(&nb);
}

/* Swap sentence 3 (or shrink the batch): sentence 1's LayerNorm output stays bit for bit, its
 * BatchNorm output moves; padding moves BatchNorm's statistics. */
static void test_swap_changes_bn_not_ln(void **state) {
    (void)state;
    const char *a[4] = {"abcdef", "ab", "fcd", "e"}, *b[4] = {"abcdef", "ab", "dddd", "e"};
    norm_batch x, y, one;
    s2s_error err;
    assert_int_equal(norm_batch_build(&x, &model, a, 4, TB_ENCODER, 0, TS_SELF_ATTN, &err), 0);
    assert_int_equal(norm_batch_build(&y, &model, b, 4, TB_ENCODER, 0, TS_SELF_ATTN, &err), 0);
    assert_int_equal(norm_batch_build(&one, &model, a, 1, TB_ENCODER, 0, TS_SELF_ATTN, &err), 0);
    int n = 6 * x.D; /* sentence 1: 6 tokens, the first rows of the block in all three */
    assert_memory_equal(x.x, y.x, sizeof(float) * (size_t)n);
    assert_memory_equal(x.ln, y.ln, sizeof(float) * (size_t)n);
    assert_memory_equal(x.ln, one.ln, sizeof(float) * (size_t)n);
    float worst = 0, worst_one = 0;
    for (int i = 0; i < n; i++) {
        worst = fmaxf(worst, fabsf(x.bn[i] - y.bn[i]));
        worst_one = fmaxf(worst_one, fabsf(x.bn[i] - one.bn[i]));
    }
    printf("  sentence 1 under BatchNorm: moves %.3f when sentence 3 is swapped, %.3f alone\n", (double)worst,
           (double)worst_one);
    assert_true(worst > 0.01f);
    assert_true(worst_one > 0.01f);
    float pull = 0;
    for (int d = 0; d < x.D; d++) pull = fmaxf(pull, fabsf(x.bn_mean[d] - x.bn_pad_mean[d]));
    printf("  padding moves BatchNorm's means by up to %.3f\n", (double)pull);
    assert_true(pull > 0.01f);
    norm_batch_free(&x);
    norm_batch_free(&y);
    norm_batch_free(&one);
}

static void test_refused(void **state) {
    (void)state;
    const char *in[1] = {"abc"};
    norm_batch nb;
    s2s_error err;
    assert_int_equal(norm_batch_build(&nb, &model, in, 1, TB_ENCODER, 0, TS_CROSS_ATTN, &err), -1);
    assert_int_equal(norm_batch_build(&nb, &model, in, 1, TB_ENCODER, 5, TS_FFN, &err), -1);
    assert_int_equal(norm_batch_build(&nb, &model, in, 0, TB_ENCODER, 0, TS_FFN, &err), -1);
    const char *bad[2] = {"abc", "xyz"};
    assert_int_equal(norm_batch_build(&nb, &model, bad, 2, TB_ENCODER, 0, TS_FFN, &err), -1);
    assert_non_null(strstr(err.msg, "sentence 2"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equals_pytorch),
        cmocka_unit_test(test_direct_computation),
        cmocka_unit_test(test_swap_changes_bn_not_ln),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
