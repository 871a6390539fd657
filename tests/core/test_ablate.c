/* test_ablate.c: switching heads off (core/ablate.c, the zeroing in core/forward.c). A decode with
 * heads switched off equals PyTorch's nn.Transformer with those heads' columns of the output
 * projection zeroed (tests/data/reference/ablation.expected.json, from make_ablation.py): AT
 * teacher-forced logits and the greedy decode, NAT logits and length logits, on both reference
 * models. Each ablation must also change the logits (so the zeroing is really applied). And the
 * spelling KIND:LAYER.HEAD is read and refused as documented. */
#include "test_util.h"

#include "core/ablate.h"
#include "core/decode.h"
#include "core/model.h"

#define TOL 1e-5f /* as test_reference.c: float32 against PyTorch */
#define BIG 8192

static float fa[BIG], fb[BIG], fc[BIG];

/* Teacher-forced (AT) or all-<begin> (NAT) logits of src with heads ab off, into out; returns the count. */
static int logits_of(const s2s_model *m, const int *src, int S, const int *tgt_in, int T, const s2s_ablation *ab,
                     float *out, float *length_logits, s2s_decode_result *res) {
    s2s_decode_opts o = decode_opts_default();
    o.ablation = ab;
    if (m->cfg.decoder == S2S_DECODER_AT) {
        o.target = tgt_in + 1; /* the decoder input is <begin> + target */
        o.n_target = T - 1;
    } else {
        o.nat_length = S2S_NAT_LENGTH_END; /* all max_len positions, as the reference */
    }
    s2s_trace tr;
    trace_init(&tr);
    s2s_error err = {{0}};
    if (decode_run(m, src, S, &o, &tr, res, &err)) fail_msg("decode: %s", err.msg);
    int rows, cols;
    trace_gather(&tr, TB_GENERATOR, -1, TS_NONE, TO_LOGITS, -1, TRACE_ALL, out, 64, m->cfg.tgt_vocab, &rows, &cols);
    if (length_logits)
        trace_gather(&tr, TB_LENGTH, -1, TS_NONE, TO_LENGTH_LOGITS, -1, TRACE_ALL, length_logits, 1, m->cfg.max_len + 1,
                     &rows, &cols);
    trace_free(&tr);
    return T * m->cfg.tgt_vocab;
}

static void check_model(const char *tag, const cJSON *runs) {
    char path[512];
    snprintf(path, sizeof path, REF_DIR "/%s.safetensors", tag);
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, path, &err)) fail_msg("load: %s", err.msg);
    static s2s_ablation ab;
    const cJSON *run;
    int n_runs = 0;
    cJSON_ArrayForEach(run, runs) {
        const char *spec = cJSON_GetObjectItem(run, "ablate")->valuestring;
        if (ablation_parse(&ab, spec, &m.cfg, &err)) fail_msg("%s: %s", spec, err.msg);
        float changed = 0.0f;
        const cJSON *cs;
        cJSON_ArrayForEach(cs, cJSON_GetObjectItem(run, "cases")) {
            int src[64], tgt[64];
            int S = json_ints(cJSON_GetObjectItem(cs, "src_ids"), src, 64);
            int T = json_ints(cJSON_GetObjectItem(cs, "tgt_in_ids"), tgt, 64);
            s2s_decode_result res;
            float len_got[64], len_want[64];
            int nat = m.cfg.decoder == S2S_DECODER_NAT;
            int n = logits_of(&m, src, S, tgt, T, &ab, fa, nat ? len_got : NULL, &res);
            assert_int_equal(json_flatten(cJSON_GetObjectItem(cs, "logits"), fb, BIG), n);
            char what[96];
            snprintf(what, sizeof what, "%s %s logits", tag, spec);
            assert_close(what, fa, fb, n, TOL);
            logits_of(&m, src, S, tgt, T, NULL, fc, NULL, &res); /* every head on */
            for (int i = 0; i < n; i++) changed = fmaxf(changed, fabsf(fc[i] - fa[i]));
            if (nat) {
                int nl = json_flatten(cJSON_GetObjectItem(cs, "length_logits"), len_want, 64);
                snprintf(what, sizeof what, "%s %s length logits", tag, spec);
                assert_close(what, len_got, len_want, nl, TOL);
            } else {
                int want[64], nw = json_ints(cJSON_GetObjectItem(cs, "greedy_ids"), want, 64);
                s2s_decode_opts o = decode_opts_default();
                o.ablation = &ab;
                if (decode_run(&m, src, S, &o, NULL, &res, &err)) fail_msg("greedy: %s", err.msg);
                assert_int_equal(res.n_out, nw);
                for (int i = 0; i < nw; i++) assert_int_equal(res.out[i], want[i]);
            }
        }
        printf(" %s %s: largest change against all heads on %.3g\n", tag, spec, (double)changed);
        assert_true(changed > 1e-3f); /* the heads really were switched off */
        n_runs++;
    }
    assert_int_equal(n_runs, 5);
    model_free(&m);
}

static void test_equals_pytorch(void **state) {
    cJSON *exp = load_json(REF_DIR "/ablation.expected.json");
    check_model("tiny-at", cJSON_GetObjectItem(exp, "tiny-at"));
    check_model("tiny-nat", cJSON_GetObjectItem(exp, "tiny-nat"));
    cJSON_Delete(exp);
}

static void test_spelling(void **state) {
    s2s_config c = {0};
    c.n_enc = 2;
    c.n_dec = 3;
    c.n_heads = 4;
    static s2s_ablation a;
    s2s_error err = {{0}};
    assert_int_equal(ablation_parse(&a, "cross:3.4,encoder:1.1,decoder:2.3", &c, &err), 0);
    assert_int_equal(a.n_off, 3);
    assert_true(ablation_is_off(&a, S2S_HEAD_CROSS, 2, 3));
    assert_true(ablation_is_off(&a, S2S_HEAD_ENCODER, 0, 0));
    assert_true(ablation_is_off(&a, S2S_HEAD_DECODER, 1, 2));
    assert_false(ablation_is_off(&a, S2S_HEAD_DECODER, 2, 3));
    assert_false(ablation_is_off(NULL, S2S_HEAD_DECODER, 1, 2));
    char out[128];
    assert_string_equal(ablation_format(&a, out, sizeof out), "encoder:1.1,decoder:2.3,cross:3.4");
    ablation_set(&a, S2S_HEAD_CROSS, 2, 3, 0);
    ablation_set(&a, S2S_HEAD_CROSS, 2, 3, 0); /* twice: still one fewer */
    assert_int_equal(a.n_off, 2);
    const struct {
        const char *text, *says;
    } bad[] = {
        {"encoder:3.1", "the encoder has layers 1 to 2"}, {"cross:1.5", "heads 1 to 4"},
        {"cross:0.1", "layers 1 to 3"},                   {"self:1.1", "KIND encoder, decoder or cross"},
        {"cross:1", "LAYER.HEAD"},                        {"cross:1.1x", "LAYER.HEAD"},
        {"cross:1.1,", "must not end with a comma"},      {"cross:-1.1", "LAYER.HEAD"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err.msg[0] = '\0';
        assert_int_equal(ablation_parse(&a, bad[i].text, &c, &err), -1);
        if (!strstr(err.msg, bad[i].says)) fail_msg("%s: got \"%s\", expected it to say \"%s\"", bad[i].text, err.msg, bad[i].says);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equals_pytorch),
        cmocka_unit_test(test_spelling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
