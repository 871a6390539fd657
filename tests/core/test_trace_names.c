/* test_trace_names.c: place names count layers, heads and passes from 1 and still read the old
 * 0-based spelling. On a real decode (the bundled reverse model, "abcd" -> "dcba" in 5 passes):
 * every step's name parses back to its own place and finds its own step in its own pass; named
 * places land on the expected (layer, head, pass); malformed names are refused. */
#include "test_util.h"

#include "core/decode.h"
#include "core/model.h"
#include "core/trace.h"

#define REVERSE_AT TEST_DATA_DIR "/../../assets/models/reverse-at.safetensors"

static s2s_model model;
static s2s_trace trace;

static int setup(void **state) {
    (void)state;
    s2s_error err = {{0}};
    if (model_load(&model, REVERSE_AT, &err)) fail_msg("%s", err.msg);
    int src[S2S_MAX_LEN], n = 0;
    if (decode_tokenize_source(&model, "abcd", src, &n, &err)) fail_msg("%s", err.msg);
    s2s_decode_opts o = decode_opts_default();
    static s2s_decode_result res;
    trace_init(&trace);
    if (decode_run(&model, src, n, &o, &trace, &res, &err)) fail_msg("%s", err.msg);
    assert_int_equal(res.passes, 5);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    trace_free(&trace);
    model_free(&model);
    return 0;
}

static void assert_place(const char *name, trace_block b, int layer, trace_sublayer sub, trace_op op, int head) {
    trace_place p;
    if (trace_place_parse(name, &p)) fail_msg("%s does not parse", name);
    if (p.block != b || p.layer != layer || p.sub != sub || p.op != op || p.head != head)
        fail_msg("%s parsed as block %d layer %d sub %d op %d head %d", name, p.block, p.layer, p.sub, p.op, p.head);
}

/* The names of the shared decision (docs/lessons.md), in both spellings. */
static void test_names_count_from_one(void **state) {
    (void)state;
    assert_place("decoder.layer2.cross_attn.head1.weights", TB_DECODER, 1, TS_CROSS_ATTN, TO_WEIGHTS, 0);
    assert_place("decoder.1.cross_attn.head0.weights", TB_DECODER, 1, TS_CROSS_ATTN, TO_WEIGHTS, 0);
    assert_place("encoder.layer1.ffn.norm", TB_ENCODER, 0, TS_FFN, TO_NORM, -1);
    assert_place("encoder.0.ffn.norm", TB_ENCODER, 0, TS_FFN, TO_NORM, -1);
    assert_place("encoder.layer1.self_attn.head2.scores", TB_ENCODER, 0, TS_SELF_ATTN, TO_SCORES, 1);
    assert_place("decoder.layer1.self_attn.mask", TB_DECODER, 0, TS_SELF_ATTN, TO_MASK, -1);
    assert_place("decoder.layer1.self_attn.out", TB_DECODER, 0, TS_SELF_ATTN, TO_ATTN_OUT, -1);
    assert_place("decoder.layer1.ffn.out", TB_DECODER, 0, TS_FFN, TO_FFN_OUT, -1);
    assert_place("encoder.embed", TB_ENCODER, -1, TS_NONE, TO_EMBED, -1);
    assert_place("encoder.norm", TB_ENCODER, -1, TS_NONE, TO_FINAL_NORM, -1);
    assert_place("decoder.norm", TB_DECODER, -1, TS_NONE, TO_FINAL_NORM, -1);
    assert_place("generator.probs", TB_GENERATOR, -1, TS_NONE, TO_PROBS, -1);
    assert_place("nat.length.logits", TB_LENGTH, -1, TS_NONE, TO_LENGTH_LOGITS, -1);
    char name[128];
    trace_place p = {TB_DECODER, 1, TS_CROSS_ATTN, TO_WEIGHTS, 0};
    trace_place_name(&p, name, sizeof name);
    assert_string_equal(name, "decoder.layer2.cross_attn.head1.weights");
}

static void test_bad_names_refused(void **state) {
    (void)state;
    static const char *const bad[] = {
        "", ".", "decoder", "decoder.", "decoder.layer0.ffn.out", "decoder.layer.ffn.out", "decoder.layer1x.ffn.out",
        "decoder.layer1.ffn", "decoder.layer1.ffn.out.", "decoder.1.cross_attn.head0", "decoder.-1.ffn.out",
        "encoder.layer1.cross_attn.head1.weights",  /* the encoder has no cross-attention */
        "decoder.layer1.ffn.head1.out",             /* the FFN has no heads */
        "decoder.layer1.self_attn.weights",         /* weights are per head */
        "decoder.layer1.self_attn.head1.mask",      /* the mask is not */
        "decoder.layer1.self_attn.head0.weights",   /* new spelling: heads from 1 */
        "decoder.layer1.self_attn.head1.hidden",    /* an FFN operation */
        "decoder.layer1234.ffn.out", "generator.norm", "generator", "nat.length", "nat.logits", "encoder.probs",
        "decoder.layer1.self_attn.head1.weights.x", "a.b.c.d.e.f.g.h.i", "decoder..ffn.out", "DECODER.embed",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        trace_place p;
        if (trace_place_parse(bad[i], &p) == 0) fail_msg("\"%s\" was read as a place", bad[i]);
        assert_int_equal(trace_find_named(&trace, bad[i], 1), -2);
    }
}

/* Every recorded step: its name parses to its own place and finds a step of its own pass. */
static void test_every_step_round_trips(void **state) {
    (void)state;
    char name[128], again[128];
    for (int i = 0; i < trace.n_steps; i++) {
        const trace_step *s = &trace.steps[i];
        trace_step_name(s, name, sizeof name);
        trace_place p;
        if (trace_place_parse(name, &p)) fail_msg("step %d: its own name %s does not parse", i, name);
        trace_place_name(&p, again, sizeof again);
        assert_string_equal(name, again);
        int k = trace_find_named(&trace, name, s->pass + 1);
        if (k < 0) fail_msg("step %d: %s not found in pass %d", i, name, s->pass + 1);
        const trace_step *f = &trace.steps[k];
        assert_true(f->block == s->block && f->layer == s->layer && f->sub == s->sub && f->op == s->op &&
                    f->head == s->head && f->pass == s->pass);
    }
}

static void test_passes_count_from_one(void **state) {
    (void)state;
    /* AT pass N emits output token N: its decoder steps are the trace's pass N-1 */
    for (int pass = 1; pass <= 5; pass++) {
        int i = trace_find_named(&trace, "decoder.layer2.cross_attn.head1.weights", pass);
        assert_true(i >= 0);
        assert_int_equal(trace.steps[i].pass, pass - 1);
        assert_int_equal(trace.steps[i].layer, 1);
        assert_int_equal(trace.steps[i].head, 0);
        assert_int_equal(trace.steps[i].row0, pass - 1); /* the cached pass computes its one row */
        /* the old spelling finds the same step */
        assert_int_equal(trace_find_named(&trace, "decoder.1.cross_attn.head0.weights", pass), i);
    }
    assert_int_equal(trace_find_named(&trace, "decoder.layer1.ffn.out", 6), -1);
    /* what is recorded once matches any pass */
    int enc = trace_find_named(&trace, "encoder.layer1.self_attn.head1.weights", 1);
    assert_true(enc >= 0);
    assert_int_equal(trace_find_named(&trace, "encoder.layer1.self_attn.head1.weights", 4), enc);
    int ck = trace_find_named(&trace, "decoder.layer1.cross_attn.head1.k", 1);
    assert_true(ck >= 0);
    assert_int_equal(trace_find_named(&trace, "decoder.layer1.cross_attn.head1.k", 3), ck);
    /* an AT model has no length classifier; a head the model lacks is not in the trace */
    assert_int_equal(trace_find_named(&trace, "nat.length.probs", 1), -1);
    assert_int_equal(trace_find_named(&trace, "decoder.layer1.self_attn.head99.weights", 1), -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_count_from_one),
        cmocka_unit_test(test_bad_names_refused),
        cmocka_unit_test(test_every_step_round_trips),
        cmocka_unit_test(test_passes_count_from_one),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
