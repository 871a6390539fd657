/* test_beam.c: the beam search tree (core/beam.c): its winner is what the decoder outputs with
 * --beam N; every hypothesis' score equals a direct computation (teacher-forcing its tokens and
 * summing log-probabilities); the kept ones are the best `width` at their step and outscore the
 * pruned ones; parents are one step earlier; width 1 runs the search and equals greedy. On the
 * PyTorch reference model and the shipped number-words model. */
#include "test_util.h"

#include "core/beam.h"
#include "core/decode.h"
#include "core/model.h"

static void load(s2s_model *m, const char *path) {
    s2s_error err = {{0}};
    if (model_load(m, path, &err)) fail_msg("%s", err.msg);
}

/* Sum of log P(tokens[i] | <begin> tokens[0..i-1]) by one teacher-forced pass. */
static double direct_score(const s2s_model *m, const int *src, int S, const int *tok, int n) {
    s2s_decode_opts o = decode_opts_default();
    o.target = tok;
    o.n_target = n - 1; /* the decoder input is <begin> + all tokens but the last */
    s2s_trace tr;
    trace_init(&tr);
    s2s_decode_result r;
    s2s_error err = {{0}};
    if (decode_run(m, src, S, &o, &tr, &r, &err)) fail_msg("%s", err.msg);
    int V = m->cfg.tgt_vocab, rows, cols;
    float *logits = malloc(sizeof(float) * (size_t)(n + 1) * V);
    trace_gather(&tr, TB_GENERATOR, -1, TS_NONE, TO_LOGITS, -1, TRACE_ALL, logits, n + 1, V, &rows, &cols);
    assert_int_equal(rows, n);
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        const float *row = logits + (size_t)i * V;
        double mx = row[0], z = 0.0;
        for (int v = 1; v < V; v++) mx = row[v] > mx ? row[v] : mx;
        for (int v = 0; v < V; v++) z += exp(row[v] - mx);
        sum += row[tok[i]] - mx - log(z);
    }
    free(logits);
    trace_free(&tr);
    return sum;
}

static void check(const s2s_model *m, const int *src, int S, int width, int *n_nodes) {
    s2s_beam_tree t;
    beam_tree_init(&t);
    s2s_decode_opts o = decode_opts_default();
    o.beam = width;
    o.beam_search = 1; /* width 1 too runs the search */
    o.beam_tree = &t;
    s2s_decode_result with_tree, plain;
    s2s_error err = {{0}};
    if (decode_run(m, src, S, &o, NULL, &with_tree, &err)) fail_msg("%s", err.msg);
    o.beam_tree = NULL;
    if (decode_run(m, src, S, &o, NULL, &plain, &err)) fail_msg("%s", err.msg);
    /* the winner is the output, with or without the tree */
    assert_true(t.winner >= 0);
    int tok[S2S_MAX_LEN + 1];
    int n = beam_tree_tokens(&t, t.winner, tok, S2S_MAX_LEN + 1);
    assert_int_equal(n, plain.n_out);
    assert_int_equal(n, with_tree.n_out);
    for (int i = 0; i < n; i++) assert_int_equal(tok[i], plain.out[i]);
    /* every node: its score directly, its parent one step earlier, kept ones best at their step */
    for (int i = 0; i < t.n; i++) {
        const s2s_beam_node *nd = &t.nodes[i];
        int k = beam_tree_tokens(&t, i, tok, S2S_MAX_LEN + 1);
        assert_int_equal(k, nd->step + 1);
        double want = direct_score(m, src, S, tok, k);
        if (fabs(want - nd->logprob) > 1e-3 * (1.0 + fabs(want)))
            fail_msg("node %d (step %d): score %.6f, direct %.6f", i, nd->step, (double)nd->logprob, want);
        if (nd->parent >= 0) assert_int_equal(t.nodes[nd->parent].step, nd->step - 1);
        assert_int_equal(nd->done, nd->token == S2S_END);
        for (int j = 0; j < t.n; j++)
            if (t.nodes[j].step == nd->step && nd->kept && !t.nodes[j].kept) assert_true(nd->logprob >= t.nodes[j].logprob);
    }
    for (int s = 0; s < t.n_steps; s++) {
        int kept = 0;
        for (int i = 0; i < t.n; i++) kept += t.nodes[i].step == s && t.nodes[i].kept;
        assert_true(kept <= width);
    }
    if (width == 1) { /* equals greedy: the same tokens and probabilities */
        s2s_decode_opts g = decode_opts_default();
        s2s_decode_result gr;
        if (decode_run(m, src, S, &g, NULL, &gr, &err)) fail_msg("%s", err.msg);
        assert_int_equal(gr.n_out, plain.n_out);
        for (int i = 0; i < gr.n_out; i++) {
            assert_int_equal(gr.out[i], plain.out[i]);
            assert_float_equal(gr.out_prob[i], plain.out_prob[i], 1e-6);
        }
    }
    *n_nodes += t.n;
    beam_tree_free(&t);
    int none[1];
    assert_int_equal(beam_tree_tokens(&t, 0, none, 1), 0); /* a node chosen before the tree was freed */
}

static void test_tree(void **state) {
    const char *paths[] = {REF_DIR "/tiny-at.safetensors", MODELS_DIR "/number-words-at.safetensors"};
    const char *inputs[2][3] = {{"abc", "fedcba", "e"}, {"905", "17", "4312"}};
    for (int p = 0; p < 2; p++) {
        s2s_model m;
        load(&m, paths[p]);
        int nodes = 0;
        for (int k = 0; k < 3; k++) {
            int src[S2S_MAX_LEN], S = 0;
            s2s_error err = {{0}};
            if (decode_tokenize_source(&m, inputs[p][k], src, &S, &err)) fail_msg("%s", err.msg);
            for (int w = 1; w <= 5; w += 2) check(&m, src, S, w, &nodes);
        }
        printf(" %s: %d hypotheses checked against a direct computation\n", paths[p], nodes);
        model_free(&m);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_tree)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
