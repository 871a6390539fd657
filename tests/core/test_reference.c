/* test_reference.c: the C model reproduces PyTorch's nn.Transformer on the reference models
 * (tests/data/reference, from make_reference.py): memory, logits, all three kinds of attention,
 * greedy decodes, NAT length logits, predicted length and argmax. Also: cached AT decoding equals
 * recomputing the whole prefix at every step, and beam search of width 1 equals greedy. */
#include "test_util.h"

#include "core/decode.h"
#include "core/forward.h"
#include "core/model.h"

#define TOL 1e-5f /* docs/architecture.md states it; the largest difference measured is 5.1e-6 */
#define BIG 65536

static float *fa, *fb; /* (BIG) scratch */

/* Compares an attention kind: trace matrices of every layer and head against expected [l][h][R][C]. */
static void check_attention(const s2s_trace *tr, const cJSON *exp, trace_block b, trace_sublayer sub, int layers,
                            int heads, const char *what) {
    int n = json_flatten(exp, fb, BIG), at = 0;
    for (int l = 0; l < layers; l++)
        for (int h = 0; h < heads; h++) {
            int rows, cols;
            assert_int_equal(trace_gather(tr, b, l, sub, TO_WEIGHTS, h, TRACE_ALL, fa, 64, 64, &rows, &cols), 0);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++) fa[BIG / 2 + at++] = fa[r * 64 + c];
        }
    assert_int_equal(at, n);
    assert_close(what, fa + BIG / 2, fb, n, TOL);
}

static void run_case(const s2s_model *m, const cJSON *cs, int k) {
    int src[64], tgt[64];
    int S = json_ints(cJSON_GetObjectItem(cs, "src_ids"), src, 64);
    int T = json_ints(cJSON_GetObjectItem(cs, "tgt_in_ids"), tgt, 64);
    const s2s_config *c = &m->cfg;
    s2s_decode_opts o = decode_opts_default();
    if (c->decoder == S2S_DECODER_AT) {
        o.target = tgt + 1; /* the decoder input is <begin> + target */
        o.n_target = T - 1;
    } else {
        o.nat_length = S2S_NAT_LENGTH_END; /* all max_len positions, as the reference */
        assert_int_equal(T, c->max_len);
    }
    s2s_trace tr;
    trace_init(&tr);
    s2s_decode_result res;
    s2s_error err = {{0}};
    int rc = decode_run(m, src, S, &o, &tr, &res, &err);
    if (rc) fail_msg("decode: %s", err.msg);
    printf(" case %d (S=%d, T=%d)\n", k, S, T);
    int rows, cols;
    trace_gather(&tr, TB_ENCODER, -1, TS_NONE, TO_FINAL_NORM, -1, TRACE_ALL, fa, 64, c->d_model, &rows, &cols);
    assert_int_equal(rows, S);
    int n = json_flatten(cJSON_GetObjectItem(cs, "memory"), fb, BIG);
    assert_int_equal(n, S * c->d_model);
    assert_close("memory", fa, fb, n, TOL);
    trace_gather(&tr, TB_GENERATOR, -1, TS_NONE, TO_LOGITS, -1, TRACE_ALL, fa, 64, c->tgt_vocab, &rows, &cols);
    assert_int_equal(rows, T);
    n = json_flatten(cJSON_GetObjectItem(cs, "logits"), fb, BIG);
    assert_close("logits", fa, fb, n, TOL);
    check_attention(&tr, cJSON_GetObjectItem(cs, "enc_self_attn"), TB_ENCODER, TS_SELF_ATTN, c->n_enc, c->n_heads,
                    "encoder self-attention");
    check_attention(&tr, cJSON_GetObjectItem(cs, "dec_self_attn"), TB_DECODER, TS_SELF_ATTN, c->n_dec, c->n_heads,
                    "decoder self-attention");
    check_attention(&tr, cJSON_GetObjectItem(cs, "cross_attn"), TB_DECODER, TS_CROSS_ATTN, c->n_dec, c->n_heads,
                    "cross-attention");
    if (c->decoder == S2S_DECODER_AT) {
        int want[64];
        int nw = json_ints(cJSON_GetObjectItem(cs, "greedy_ids"), want, 64);
        s2s_decode_result g;
        s2s_decode_opts go = decode_opts_default();
        if (decode_run(m, src, S, &go, NULL, &g, &err)) fail_msg("greedy: %s", err.msg);
        assert_int_equal(g.n_out, nw);
        for (int i = 0; i < nw; i++) assert_int_equal(g.out[i], want[i]);
        printf("  greedy decode identical (%d tokens)\n", nw);
    } else {
        n = json_flatten(cJSON_GetObjectItem(cs, "length_logits"), fb, BIG);
        trace_gather(&tr, TB_LENGTH, -1, TS_NONE, TO_LENGTH_LOGITS, -1, TRACE_ALL, fa, 1, c->max_len + 1, &rows, &cols);
        assert_int_equal(cols, n);
        assert_close("length logits", fa, fb, n, TOL);
        assert_int_equal(res.nat_predicted, cJSON_GetObjectItem(cs, "predicted_length")->valueint);
        int want[64];
        int nw = json_ints(cJSON_GetObjectItem(cs, "argmax_ids"), want, 64);
        assert_int_equal(res.n_rows, nw);
        for (int i = 0; i < nw; i++) assert_int_equal(res.out[i], want[i]);
        printf("  predicted length and argmax identical\n");
    }
    trace_free(&tr);
}

static void check_model(const char *name) {
    char path[512];
    snprintf(path, sizeof path, REF_DIR "/%s.safetensors", name);
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, path, &err)) fail_msg("load: %s", err.msg);
    snprintf(path, sizeof path, REF_DIR "/%s.expected.json", name);
    cJSON *exp = load_json(path);
    const cJSON *cs;
    int k = 0;
    cJSON_ArrayForEach(cs, cJSON_GetObjectItem(exp, "cases")) run_case(&m, cs, k++);
    assert_int_equal(k, 4);
    cJSON_Delete(exp);
    model_free(&m);
}

static void test_at_reference(void **state) { check_model("tiny-at"); }
static void test_nat_reference(void **state) { check_model("tiny-nat"); }

/* The cached decode's logits at every step equal a full recomputation of the prefix. */
static void test_cache_equals_recompute(void **state) {
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, REF_DIR "/tiny-at.safetensors", &err)) fail_msg("%s", err.msg);
    int V = m.cfg.tgt_vocab;
    const int srcs[3][6] = {{4, 5, 6, 7, 8, 9}, {9, 9, 4, 0, 0, 0}, {7, 0, 0, 0, 0, 0}};
    const int lens[3] = {6, 3, 1};
    for (int s = 0; s < 3; s++) {
        s2s_runner cached, full;
        assert_int_equal(runner_init(&cached, &m, &err), 0);
        assert_int_equal(runner_init(&full, &m, &err), 0);
        assert_int_equal(runner_encode(&cached, srcs[s], lens[s], NULL, &err), 0);
        assert_int_equal(runner_encode(&full, srcs[s], lens[s], NULL, &err), 0);
        int ids[16] = {S2S_BEGIN};
        float *lc = fa, *lf = fb;
        int steps = 0;
        for (int t = 0; t < m.cfg.max_len; t++) {
            assert_int_equal(runner_decode(&cached, &ids[t], 1, 1, NULL, t, lc, &err), 0);
            runner_rewind(&full, 0);
            assert_int_equal(runner_decode(&full, ids, t + 1, 1, NULL, 0, lf, &err), 0);
            char what[64];
            snprintf(what, sizeof what, "source %d step %d: cached vs recomputed", s, t);
            assert_close(what, lc, lf + (size_t)t * V, V, 1e-5f);
            int next = 0;
            for (int v = 1; v < V; v++)
                if (lc[v] > lc[next]) next = v;
            ids[t + 1] = next;
            steps++;
            if (next == S2S_END) break;
        }
        assert_true(steps >= 1);
        runner_free(&cached);
        runner_free(&full);
    }
    model_free(&m);
}

/* Beam search of width 1, run through the beam search itself (beam_search), gives exactly the
 * greedy output with the same probabilities; wider beams never score worse. */
static void test_beam1_equals_greedy(void **state) {
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, REF_DIR "/tiny-at.safetensors", &err)) fail_msg("%s", err.msg);
    for (int s = 0; s < 6; s++) {
        int src[8], S = 1 + s % 6;
        for (int i = 0; i < S; i++) src[i] = 4 + (s * 7 + i * 3) % 6;
        s2s_decode_opts g = decode_opts_default(), b = decode_opts_default();
        b.beam = 1;
        b.beam_search = 1;
        s2s_decode_result rg, rb;
        assert_int_equal(decode_run(&m, src, S, &g, NULL, &rg, &err), 0);
        assert_int_equal(decode_run(&m, src, S, &b, NULL, &rb, &err), 0);
        assert_int_equal(rg.n_out, rb.n_out);
        for (int i = 0; i < rg.n_out; i++) {
            assert_int_equal(rg.out[i], rb.out[i]);
            assert_float_equal(rg.out_prob[i], rb.out_prob[i], 1e-6);
        }
        b.beam = 3;
        b.beam_search = 0;
        assert_int_equal(decode_run(&m, src, S, &b, NULL, &rb, &err), 0);
        double lg = 0, lb = 0;
        for (int i = 0; i < rg.n_out; i++) lg += log(rg.out_prob[i]);
        for (int i = 0; i < rb.n_out; i++) lb += log(rb.out_prob[i]);
        assert_true(lb >= lg - 1e-4);
    }
    model_free(&m);
}

int main(void) {
    fa = malloc(sizeof(float) * BIG);
    fb = malloc(sizeof(float) * BIG);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_at_reference),
        cmocka_unit_test(test_nat_reference),
        cmocka_unit_test(test_cache_equals_recompute),
        cmocka_unit_test(test_beam1_equals_greedy),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(fa);
    free(fb);
    return rc;
}
