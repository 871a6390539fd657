/* test_lens.c: the logit lens (core/lens.c). The last layer's reading is the model's own output
 * distribution; layer l's reading equals the output of the same model cut after its first l
 * decoder layers (a shallow copy with n_dec = l, same weights), decoded on the same decoder input.
 * On the PyTorch reference model and the shipped number-words model, every position. */
#include "test_util.h"

#include "core/decode.h"
#include "core/lens.h"
#include "core/model.h"

#define BIG 65536
static float lens[BIG], want[BIG];

/* Teacher-forced decode of m on src with decoder input dec_in (<begin> first); the trace's probs. */
static int forced_probs(const s2s_model *m, const int *src, int S, const int *dec_in, int T, s2s_trace *tr) {
    s2s_decode_opts o = decode_opts_default();
    o.target = dec_in + 1;
    o.n_target = T - 1;
    s2s_decode_result r;
    s2s_error err = {{0}};
    if (decode_run(m, src, S, &o, tr, &r, &err)) fail_msg("%s", err.msg);
    return r.n_rows;
}

static void check(const char *path, const char *const *inputs, int n_inputs) {
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, path, &err)) fail_msg("%s", err.msg);
    int V = m.cfg.tgt_vocab, Ld = m.cfg.n_dec, checked = 0;
    for (int k = 0; k < n_inputs; k++) {
        int src[S2S_MAX_LEN], S = 0;
        if (decode_tokenize_source(&m, inputs[k], src, &S, &err)) fail_msg("%s", err.msg);
        s2s_decode_result g;
        if (decode_run(&m, src, S, NULL, NULL, &g, &err)) fail_msg("%s", err.msg); /* greedy: the decoder input */
        s2s_trace full;
        trace_init(&full);
        int T = forced_probs(&m, src, S, g.dec_in, g.n_dec_in, &full);
        for (int row = 0; row < T; row++) {
            assert_int_equal(lens_read(&m, &full, TRACE_ALL, row, lens, &err), Ld);
            for (int l = 0; l < Ld; l++) {
                s2s_model cut = m; /* the first l + 1 decoder layers, then decoder.norm and the generator */
                cut.cfg.n_dec = l + 1;
                s2s_trace tr;
                trace_init(&tr);
                forced_probs(&cut, src, S, g.dec_in, g.n_dec_in, &tr);
                int rows, cols;
                trace_gather(&tr, TB_GENERATOR, -1, TS_NONE, TO_PROBS, -1, TRACE_ALL, want, S2S_MAX_LEN + 1, V, &rows, &cols);
                char what[96];
                snprintf(what, sizeof what, "input %d position %d layer %d", k, row + 1, l + 1);
                assert_close(what, lens + (size_t)l * V, want + (size_t)row * V, V, 1e-6f);
                trace_free(&tr);
                checked++;
            }
        }
        /* before the decoder has run, nothing to read */
        assert_int_equal(lens_read(&m, &full, 0, 0, lens, &err), 0);
        trace_free(&full);
    }
    printf(" %s: %d layer readings equal the cut model's output\n", path, checked);
    model_free(&m);
}

static void test_lens(void **state) {
    const char *tiny[] = {"abc", "fedcba"}, *words[] = {"905", "4312"};
    check(REF_DIR "/tiny-at.safetensors", tiny, 2);
    check(MODELS_DIR "/number-words-at.safetensors", words, 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_lens)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
