/* test_sample.c: choosing the next token (core/sample.c) and sampling decodes (core/decode.c):
 * a fixed seed repeats a run and other seeds give other runs; temperature -> 0 equals greedy;
 * top-k never picks outside the k most likely; top-p never picks outside the nucleus; the
 * distribution after the cuts is renormalised. On the shipped number-words model and the
 * PyTorch reference model. */
#include "test_util.h"

#include "core/decode.h"
#include "core/model.h"
#include "core/rng.h"
#include "core/sample.h"

#define MODEL MODELS_DIR "/number-words-at.safetensors"
#define MAXV 4096

static const char *const inputs[] = {"123", "7", "905", "42", "1000", "318"};

static void load(s2s_model *m, const char *path) {
    s2s_error err = {{0}};
    if (model_load(m, path, &err)) fail_msg("%s", err.msg);
}

static void run(const s2s_model *m, const char *text, const s2s_sampling *s, s2s_trace *tr, s2s_decode_result *res) {
    s2s_error err = {{0}};
    int src[S2S_MAX_LEN], n = 0;
    if (decode_tokenize_source(m, text, src, &n, &err)) fail_msg("%s", err.msg);
    s2s_decode_opts o = decode_opts_default();
    o.sampling = *s;
    if (decode_run(m, src, n, &o, tr, res, &err)) fail_msg("decode: %s", err.msg);
}

static int same_output(const s2s_decode_result *a, const s2s_decode_result *b) {
    if (a->n_out != b->n_out) return 0;
    for (int i = 0; i < a->n_out; i++)
        if (a->out[i] != b->out[i]) return 0;
    return 1;
}

/* The rank of id in row (n): how many symbols come before it, most likely first, ties by lower id. */
static int rank_of(const float *row, int n, int id) {
    int r = 0;
    for (int i = 0; i < n; i++)
        if (row[i] > row[id] || (row[i] == row[id] && i < id)) r++;
    return r;
}

static void test_seed_repeats(void **state) {
    s2s_model m;
    load(&m, MODEL);
    s2s_sampling s = sampling_default();
    s.on = 1;
    s.temperature = 5.0f; /* hot enough that seeds disagree */
    int differ = 0;
    for (int k = 0; k < (int)(sizeof inputs / sizeof *inputs); k++) {
        s2s_decode_result a, b, c;
        s.seed = 11 + k;
        run(&m, inputs[k], &s, NULL, &a);
        run(&m, inputs[k], &s, NULL, &b);
        assert_true(same_output(&a, &b));
        for (int i = 0; i < a.n_out; i++) assert_float_equal(a.out_prob[i], b.out_prob[i], 0.0);
        s.seed = 1000 + k;
        run(&m, inputs[k], &s, NULL, &c);
        differ += !same_output(&a, &c);
    }
    printf(" %d of 6 inputs decode differently with another seed\n", differ);
    assert_true(differ >= 3);
    model_free(&m);
}

/* Temperature 0 and a temperature close to it give the greedy decode, token for token. */
static void test_cold_equals_greedy(void **state) {
    const char *paths[] = {MODEL, REF_DIR "/tiny-at.safetensors"};
    for (int p = 0; p < 2; p++) {
        s2s_model m;
        load(&m, paths[p]);
        const char *const tiny_inputs[] = {"abc", "f", "fedcba", "aa", "cafe", "bead"};
        for (int k = 0; k < 6; k++) {
            const char *in = p == 0 ? inputs[k] : tiny_inputs[k];
            s2s_sampling greedy = sampling_default(), cold = sampling_default();
            s2s_decode_result g, c;
            run(&m, in, &greedy, NULL, &g);
            cold.on = 1;
            for (int t = 0; t < 2; t++) {
                cold.temperature = t == 0 ? 0.0f : 1e-4f;
                cold.seed = 3 + k;
                run(&m, in, &cold, NULL, &c);
                assert_true(same_output(&g, &c));
            }
        }
        model_free(&m);
    }
}

/* Decodes many times with a cut and checks every sampled token against its step's logits. */
static void check_cut(int top_k, float top_p) {
    s2s_model m;
    load(&m, MODEL);
    int V = m.cfg.tgt_vocab, outside = 0, steps = 0, off_argmax = 0;
    float *logits = malloc(sizeof(float) * (size_t)(S2S_MAX_LEN + 1) * V), *p = malloc(sizeof(float) * (size_t)V);
    s2s_sampling s = sampling_default();
    s.on = 1;
    s.temperature = 8.0f; /* flat, so without the cut most draws would fall outside it */
    s.top_k = top_k;
    s.top_p = top_p;
    s2s_sampling raw = sampling_default();
    raw.on = 1;
    raw.temperature = s.temperature;
    for (int seed = 0; seed < 40; seed++) {
        s.seed = seed;
        s2s_trace tr;
        trace_init(&tr);
        s2s_decode_result r;
        run(&m, inputs[seed % 6], &s, &tr, &r);
        int rows, cols;
        trace_gather(&tr, TB_GENERATOR, -1, TS_NONE, TO_LOGITS, -1, TRACE_ALL, logits, S2S_MAX_LEN + 1, V, &rows, &cols);
        assert_int_equal(rows, r.n_out);
        for (int t = 0; t < r.n_out; t++) {
            const float *row = logits + (size_t)t * V;
            int rank = rank_of(row, V, r.out[t]);
            off_argmax += rank > 0;
            if (top_k > 0) outside += rank >= top_k;
            if (top_p < 1.0f) { /* the nucleus of the tempered distribution: the smallest top set reaching p */
                raw.top_p = 1.0f;
                sample_distribution(&raw, row, V, p);
                double mass_before = 0.0;
                for (int i = 0; i < V; i++)
                    if (rank_of(row, V, i) < rank) mass_before += p[i];
                outside += mass_before >= (double)top_p; /* the nucleus was already full before it */
            }
            steps++;
        }
        trace_free(&tr);
    }
    printf(" top-k %d, top-p %.2f: %d sampled steps, %d not the argmax, %d outside the cut\n", top_k, (double)top_p,
           steps, off_argmax, outside);
    assert_int_equal(outside, 0);
    assert_true(off_argmax > 0); /* the cut still leaves room to sample */
    free(logits);
    free(p);
    model_free(&m);
}

static void test_top_k_stays_inside(void **state) { check_cut(3, 1.0f); }
static void test_top_p_stays_inside(void **state) { check_cut(0, 0.5f); }

/* The distribution itself: the kept symbols are the most likely ones, renormalised to 1; the
 * draws land on them as often as their probability says. */
static void test_distribution(void **state) {
    s2s_rng g;
    rng_seed(&g, 5);
    float logits[50], p[50];
    for (int trial = 0; trial < 200; trial++) {
        int n = 2 + (int)rng_below(&g, 48);
        for (int i = 0; i < n; i++) logits[i] = 3.0f * rng_normal(&g);
        s2s_sampling s = sampling_default();
        s.on = 1;
        s.temperature = 0.3f + 2.0f * rng_uniform(&g);
        s.top_k = (int)rng_below(&g, (uint32_t)n + 1);
        s.top_p = rng_uniform(&g);
        assert_int_equal(sample_distribution(&s, logits, n, p), 0);
        double sum = 0.0;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            sum += p[i];
            if (p[i] > 0.0f) kept++;
            /* a kept symbol is never less likely than a dropped one */
            for (int j = 0; j < n; j++)
                if (p[i] > 0.0f && p[j] == 0.0f) assert_true(logits[i] >= logits[j]);
        }
        assert_float_equal(sum, 1.0, 1e-5);
        assert_true(kept >= 1);
        if (s.top_k > 0) assert_true(kept <= s.top_k);
    }
    /* draws follow the probabilities: 20,000 draws from {0.5, 0.3, 0.2} */
    float q[3] = {0.5f, 0.3f, 0.2f};
    int count[3] = {0};
    for (int i = 0; i < 20000; i++) count[sample_draw(q, 3, &g)]++;
    for (int i = 0; i < 3; i++) assert_float_equal(count[i] / 20000.0, q[i], 0.02);
}

/* Sampling with beam search, or on a NAT model, is refused with a message. */
static void test_refused(void **state) {
    s2s_model m;
    load(&m, MODELS_DIR "/number-words-nat.safetensors");
    s2s_error err = {{0}};
    int src[4] = {4, 5, 6}, n = 3;
    s2s_decode_opts o = decode_opts_default();
    o.sampling.on = 1;
    s2s_decode_result r;
    assert_int_equal(decode_run(&m, src, n, &o, NULL, &r, &err), -1);
    assert_non_null(strstr(err.msg, "NAT"));
    model_free(&m);
    load(&m, MODEL);
    o.beam = 3;
    assert_int_equal(decode_run(&m, src, n, &o, NULL, &r, &err), -1);
    assert_non_null(strstr(err.msg, "beam"));
    model_free(&m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_repeats),      cmocka_unit_test(test_cold_equals_greedy),
        cmocka_unit_test(test_top_k_stays_inside), cmocka_unit_test(test_top_p_stays_inside),
        cmocka_unit_test(test_distribution),       cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
