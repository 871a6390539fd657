/* test_teacher.c: the teacher-forcing loss equals PyTorch's cross_entropy on the reference models
 * (tests/data/teacher_forcing/expected.json, from make_teacher_loss.py there), per position and
 * as the mean; the free-running decode beside it; a mismatched decode is refused. */
#include "test_util.h"

#include "core/decode.h"
#include "core/model.h"
#include "core/teacher.h"

#define LOSS_TOL 1e-4f

static void test_loss_equals_pytorch(void **state) {
    (void)state;
    cJSON *j = load_json(TEST_DATA_DIR "/teacher_forcing/expected.json");
    const cJSON *cs;
    int n_cases = 0;
    cJSON_ArrayForEach(cs, cJSON_GetObjectItem(j, "cases")) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", REF_DIR, cJSON_GetObjectItem(cs, "model")->valuestring);
        s2s_model m;
        s2s_error err = {{0}};
        if (model_load(&m, path, &err)) fail_msg("%s", err.msg);
        int src[S2S_MAX_LEN], tgt[S2S_MAX_LEN], n_src, n_tgt;
        assert_int_equal(decode_tokenize_source(&m, cJSON_GetObjectItem(cs, "input")->valuestring, src, &n_src, &err), 0);
        assert_int_equal(decode_tokenize_target(&m, cJSON_GetObjectItem(cs, "target")->valuestring, tgt, &n_tgt, &err), 0);
        s2s_teacher_pair p;
        if (teacher_pair_run(&m, src, n_src, tgt, n_tgt, &p, &err)) fail_msg("%s", err.msg);
        float want[S2S_MAX_LEN + 1];
        int labels[S2S_MAX_LEN + 1];
        int n = json_flatten(cJSON_GetObjectItem(cs, "per_position"), want, S2S_MAX_LEN + 1);
        assert_int_equal(json_ints(cJSON_GetObjectItem(cs, "labels"), labels, S2S_MAX_LEN + 1), n);
        assert_int_equal(p.tf.n, n);
        for (int i = 0; i < n; i++) {
            assert_int_equal(p.tf.label[i], labels[i]);
            assert_float_equal(p.tf.prob[i], expf(-p.tf.loss[i]), 1e-6); /* p and -log p agree */
        }
        printf(" %s \"%s\" -> \"%s\"\n", cJSON_GetObjectItem(cs, "model")->valuestring,
               cJSON_GetObjectItem(cs, "input")->valuestring, cJSON_GetObjectItem(cs, "target")->valuestring);
        assert_close("per-position cross-entropy", p.tf.loss, want, n, LOSS_TOL);
        float mean = (float)cJSON_GetObjectItem(cs, "mean")->valuedouble;
        assert_close("mean loss", &p.tf.mean, &mean, 1, LOSS_TOL);
        /* the free-running side is the plain decode */
        s2s_decode_result r;
        s2s_decode_opts o = decode_opts_default();
        assert_int_equal(decode_run(&m, src, n_src, &o, NULL, &r, &err), 0);
        assert_int_equal(p.free.n_out, r.n_out);
        assert_memory_equal(p.free.out, r.out, sizeof(int) * (size_t)r.n_out);
        model_free(&m);
        n_cases++;
    }
    assert_int_equal(n_cases, 7);
    cJSON_Delete(j);
}

/* Teacher forcing on the model's own greedy output: no position is wrong, and each label's
 * probability is the one greedy decoding chose it with. */
static void test_own_output_as_target(void **state) {
    (void)state;
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, REF_DIR "/tiny-at.safetensors", &err)) fail_msg("%s", err.msg);
    int src[3] = {4, 6, 8};
    s2s_decode_result r;
    s2s_decode_opts o = decode_opts_default();
    assert_int_equal(decode_run(&m, src, 3, &o, NULL, &r, &err), 0);
    assert_true(r.n_out >= 2);
    int n_tgt = r.out[r.n_out - 1] == S2S_END ? r.n_out - 1 : r.n_out;
    s2s_teacher_pair p;
    assert_int_equal(teacher_pair_run(&m, src, 3, r.out, n_tgt, &p, &err), 0);
    int ended = r.out[r.n_out - 1] == S2S_END;
    assert_int_equal(p.first_wrong, ended ? -1 : n_tgt); /* no <end>: the last label is missed */
    for (int i = 0; i < n_tgt; i++) assert_float_equal(p.tf.prob[i], r.out_prob[i], 1e-5);
    /* one wrong token: the first wrong position is that one */
    int wrong[S2S_MAX_LEN];
    memcpy(wrong, r.out, sizeof(int) * (size_t)n_tgt);
    wrong[0] = wrong[0] == 4 ? 5 : 4;
    assert_int_equal(teacher_pair_run(&m, src, 3, wrong, n_tgt, &p, &err), 0);
    assert_int_equal(p.first_wrong, 0);
    model_free(&m);
}

static void test_mismatch_refused(void **state) {
    (void)state;
    float logits[3 * 12] = {0};
    int tgt[2] = {4, 5};
    s2s_teacher_loss l;
    s2s_error err = {{0}};
    assert_int_equal(teacher_loss(logits, 2, 12, tgt, 2, &l, &err), -1); /* 2 rows for 3 positions */
    assert_non_null(strstr(err.msg, "3 positions"));
    assert_int_equal(teacher_loss(logits, 3, 12, tgt, 2, &l, &err), 0);
    assert_float_equal(l.mean, logf(12.0f), 1e-6); /* uniform logits: log V */
    tgt[1] = 12;
    assert_int_equal(teacher_loss(logits, 3, 12, tgt, 2, &l, &err), -1);
}

/* NAT inference emits no <end>: its own output as the target (the classifier's length) matches at
 * every position, <end> included; one more target token, or a wrong first one, is found. */
static void test_nat_own_output_as_target(void **state) {
    (void)state;
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, MODELS_DIR "/reverse-nat.safetensors", &err)) fail_msg("%s", err.msg);
    int src[4];
    for (int i = 0; i < 4; i++) src[i] = 4 + 3 * i; /* four letters: the trained model gets their length right */
    s2s_decode_result r;
    s2s_decode_opts o = decode_opts_default();
    assert_int_equal(decode_run(&m, src, 4, &o, NULL, &r, &err), 0);
    int n = r.n_out, tgt[S2S_MAX_LEN];
    assert_true(n >= 1 && n + 1 < m.cfg.max_len);
    memcpy(tgt, r.out, sizeof(int) * (size_t)n);
    s2s_teacher_pair p;
    assert_int_equal(teacher_pair_run(&m, src, 4, tgt, n, &p, &err), 0);
    assert_int_equal(p.free.n_out, n);
    assert_int_equal(p.first_wrong, -1);
    tgt[n] = 4; /* the target goes on where the classifier stopped */
    assert_int_equal(teacher_pair_run(&m, src, 4, tgt, n + 1, &p, &err), 0);
    assert_int_equal(p.first_wrong, n);
    tgt[0] = tgt[0] == 4 ? 5 : 4;
    assert_int_equal(teacher_pair_run(&m, src, 4, tgt, n, &p, &err), 0);
    assert_int_equal(p.first_wrong, 0);
    model_free(&m);
}

/* A NAT model's max_len positions hold the target and <end>: a target of max_len tokens is refused
 * with that reason, one of max_len - 1 is scored on every position. */
static void test_nat_target_fits_its_positions(void **state) {
    (void)state;
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, REF_DIR "/tiny-nat.safetensors", &err)) fail_msg("%s", err.msg);
    int M = m.cfg.max_len, src[3] = {4, 6, 8}, tgt[S2S_MAX_LEN];
    for (int i = 0; i < M; i++) tgt[i] = 4 + i % 8;
    s2s_teacher_pair p;
    assert_int_equal(teacher_pair_run(&m, src, 3, tgt, M, &p, &err), -1);
    assert_non_null(strstr(err.msg, "at most"));
    assert_int_equal(teacher_pair_run(&m, src, 3, tgt, M - 1, &p, &err), 0);
    assert_int_equal(p.tf.n, M);
    /* typed text meets the same limit when it is read */
    char text[S2S_MAX_LEN + 1];
    int ids[S2S_MAX_LEN], n;
    for (int i = 0; i < M; i++) text[i] = (char)('a' + i % 8);
    text[M] = '\0';
    assert_int_equal(decode_tokenize_target(&m, text, ids, &n, &err), -1);
    char limit[32];
    snprintf(limit, sizeof limit, "limit of %d", M - 1);
    assert_non_null(strstr(err.msg, limit));
    text[M - 1] = '\0';
    assert_int_equal(decode_tokenize_target(&m, text, ids, &n, &err), 0);
    assert_int_equal(n, M - 1);
    model_free(&m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loss_equals_pytorch),
        cmocka_unit_test(test_own_output_as_target),
        cmocka_unit_test(test_mismatch_refused),
        cmocka_unit_test(test_nat_target_fits_its_positions),
        cmocka_unit_test(test_nat_own_output_as_target),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
