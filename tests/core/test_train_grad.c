/* test_train_grad.c: the training forward/backward pass against PyTorch and against finite
 * differences.
 *   - tiny-at's padded reference batch: the loss and the gradient of every parameter match
 *     PyTorch (tests/data/reference, make_reference.py) to 1e-4 relative, 1e-6 absolute where tiny;
 *     the largest difference per tensor is printed.
 *   - tiny-nat: central finite differences of the NAT loss (token cross-entropy at every position
 *     plus the weighted length classifier) agree with the analytic gradient, length head included.
 *   - sharding: two shards with the batch's normaliser sum to the whole batch's loss and gradients. */
#include "test_util.h"

#include "core/model.h"
#include "core/train_model.h"

#define CAP 4096

/* Reads the reference batch into src (B, S), tin, tout (B, T). */
static void read_batch(const cJSON *b, int *src, int *tin, int *tout, int *B, int *S, int *T) {
    const cJSON *rows = cJSON_GetObjectItem(b, "src_ids"), *r;
    *B = cJSON_GetArraySize(rows);
    *S = cJSON_GetArraySize(cJSON_GetArrayItem(rows, 0));
    *T = cJSON_GetArraySize(cJSON_GetArrayItem(cJSON_GetObjectItem(b, "tgt_in_ids"), 0));
    int k = 0;
    cJSON_ArrayForEach(r, rows) k += json_ints(r, src + k, CAP - k);
    k = 0;
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(b, "tgt_in_ids")) k += json_ints(r, tin + k, CAP - k);
    k = 0;
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(b, "tgt_out_ids")) k += json_ints(r, tout + k, CAP - k);
}

static float count_targets(const int *tout, int n) {
    int c = 0;
    for (int i = 0; i < n; i++) c += tout[i] != S2S_PAD;
    return (float)c;
}

static void test_reference_batch(void **state) {
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, REF_DIR "/tiny-at.safetensors", &err)) fail_msg("%s", err.msg);
    cJSON *exp = load_json(REF_DIR "/tiny-at.expected.json");
    const cJSON *jb = cJSON_GetObjectItem(exp, "batch");
    static int src[CAP], tin[CAP], tout[CAP];
    int B, S, T;
    read_batch(jb, src, tin, tout, &B, &S, &T);
    s2s_train_ctx t;
    assert_int_equal(train_ctx_init(&t, &m, B, &err), 0);
    s2s_batch bt = {B, S, T, src, tin, tout, NULL};
    s2s_loss_norm nm = {count_targets(tout, B * T), (float)B, 0.1f};
    double loss;
    if (train_forward_backward(&t, &bt, &nm, 1, &loss, NULL, &err)) fail_msg("%s", err.msg);
    double want = cJSON_GetObjectItem(jb, "loss")->valuedouble;
    printf("  loss %.7f, PyTorch %.7f, |diff| %.3g\n", loss, want, fabs(loss - want));
    assert_true(fabs(loss - want) <= 1e-5 * fabs(want));

    s2s_param_spec specs[256];
    int n = params_layout(&m.cfg, NULL, NULL, specs, 256, NULL);
    const cJSON *grads = cJSON_GetObjectItem(jb, "grads");
    assert_int_equal(cJSON_GetArraySize(grads), n);
    float *ref = malloc(sizeof(float) * m.n_params);
    int bad = 0;
    double worst_rel_all = 0.0;
    for (int i = 0; i < n; i++) {
        const s2s_param_spec *sp = &specs[i];
        const cJSON *g = cJSON_GetObjectItem(grads, sp->name);
        if (!g) fail_msg("reference has no gradient for %s", sp->name);
        assert_int_equal(json_flatten(g, ref, (int)sp->numel), (int)sp->numel);
        const float *got = t.grads + sp->offset;
        double worst = 0.0, worst_rel = 0.0;
        for (size_t k = 0; k < sp->numel; k++) {
            double d = fabs((double)got[k] - ref[k]);
            if (d > worst) worst = d;
            /* relative to the element, except where the reference is tiny (below 1e-2) */
            double rel = d / fmax(fabs((double)ref[k]), 1e-2);
            if (rel > worst_rel) worst_rel = rel;
            if (d > 1e-4 * fabs((double)ref[k]) + 1e-6) bad++;
        }
        if (worst_rel > worst_rel_all) worst_rel_all = worst_rel;
        printf("  %-58s max |diff| %.2e  rel %.2e\n", sp->name, worst, worst_rel);
    }
    printf("  elements outside 1e-4 relative + 1e-6 absolute: %d of %zu; worst relative %.2e\n", bad, m.n_params,
           worst_rel_all);
    assert_int_equal(bad, 0);
    free(ref);
    cJSON_Delete(exp);
    train_ctx_free(&t);
    model_free(&m);
}

/* A small NAT batch for tiny-nat: targets are tokens then <end> at every remaining position. */
typedef struct nat_batch {
    int src[3 * 16], tin[3 * 16], tout[3 * 16], len[3];
    s2s_batch b;
} nat_batch;

static void make_nat_batch(nat_batch *nb, const s2s_model *m) {
    int M = m->cfg.max_len, S = 5, B = 3;
    const int lens_src[3] = {5, 2, 4}, lens_tgt[3] = {3, 6, 0};
    for (int b = 0; b < B; b++) {
        for (int i = 0; i < S; i++)
            nb->src[b * S + i] = i < lens_src[b] ? 4 + (b * 5 + i * 3) % (m->cfg.src_vocab - 4) : 0;
        for (int i = 0; i < M; i++) {
            nb->tin[b * M + i] = S2S_BEGIN;
            nb->tout[b * M + i] = i < lens_tgt[b] ? 4 + (b + i * 7) % (m->cfg.tgt_vocab - 4) : S2S_END;
        }
        nb->len[b] = lens_tgt[b];
    }
    s2s_batch bt = {B, S, M, nb->src, nb->tin, nb->tout, nb->len};
    nb->b = bt;
}

static double nat_loss(s2s_train_ctx *t, const s2s_batch *b, const s2s_loss_norm *nm, int backward) {
    double loss;
    s2s_error err = {{0}};
    if (train_forward_backward(t, b, nm, backward, &loss, NULL, &err)) fail_msg("%s", err.msg);
    return loss;
}

static void test_nat_finite_differences(void **state) {
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, REF_DIR "/tiny-nat.safetensors", &err)) fail_msg("%s", err.msg);
    assert_int_equal(m.cfg.decoder, S2S_DECODER_NAT);
    assert_true(m.cfg.max_len <= 16);
    nat_batch nb;
    make_nat_batch(&nb, &m);
    s2s_train_ctx t;
    assert_int_equal(train_ctx_init(&t, &m, 3, &err), 0);
    s2s_loss_norm nm = {(float)(3 * m.cfg.max_len), 3.0f, 0.5f};
    nat_loss(&t, &nb.b, &nm, 1);
    s2s_param_spec specs[256];
    int n = params_layout(&m.cfg, NULL, NULL, specs, 256, NULL);
    const char *check[] = {"length_head.weight", "length_head.bias", "src_embed.weight", "tgt_embed.weight",
                           "transformer.encoder.layers.0.self_attn.in_proj_weight",
                           "transformer.encoder.layers.1.linear1.weight", "transformer.encoder.norm.weight",
                           "transformer.decoder.layers.0.self_attn.in_proj_weight",
                           "transformer.decoder.layers.1.multihead_attn.in_proj_weight",
                           "transformer.decoder.layers.1.norm3.bias", "generator.weight"};
    int checked = 0;
    for (size_t ci = 0; ci < sizeof check / sizeof check[0]; ci++) {
        const s2s_param_spec *sp = NULL;
        for (int i = 0; i < n; i++)
            if (strcmp(specs[i].name, check[ci]) == 0) sp = &specs[i];
        if (!sp) fail_msg("no tensor %s", check[ci]);
        double worst = 0.0;
        for (int k = 0; k < 8; k++) {
            size_t idx = sp->offset + ((size_t)k * 7919u) % sp->numel;
            float keep = m.params[idx], h = 2e-3f; /* small: a ReLU kink within h spoils the difference */
            m.params[idx] = keep + h;
            double lp = nat_loss(&t, &nb.b, &nm, 0);
            m.params[idx] = keep - h;
            double lm = nat_loss(&t, &nb.b, &nm, 0);
            m.params[idx] = keep;
            double fd = (lp - lm) / (2.0 * h), an = t.grads[idx];
            double d = fabs(fd - an);
            if (d > worst) worst = d;
            if (d > 2e-3 + 3e-2 * fabs(an))
                fail_msg("%s[%zu]: analytic %g, finite difference %g", sp->name, idx - sp->offset, an, fd);
            checked++;
        }
        printf("  %-58s max |analytic - fd| %.2e\n", sp->name, worst);
    }
    /* the length head's gradient must be non-trivial, or the check above proves nothing */
    double gl = 0.0;
    for (int k = 0; k < (m.cfg.max_len + 1) * m.cfg.d_model; k++) gl += fabs(t.g.len_w[k]);
    assert_true(gl > 1e-3);
    printf("  %d finite-difference checks passed\n", checked);
    train_ctx_free(&t);
    model_free(&m);
}

/* Two shards normalised by the whole batch sum to the batch's own loss and gradients. */
static void test_shards_sum_to_batch(void **state) {
    s2s_model m;
    s2s_error err = {{0}};
    if (model_load(&m, REF_DIR "/tiny-at.safetensors", &err)) fail_msg("%s", err.msg);
    cJSON *exp = load_json(REF_DIR "/tiny-at.expected.json");
    static int src[CAP], tin[CAP], tout[CAP];
    int B, S, T;
    read_batch(cJSON_GetObjectItem(exp, "batch"), src, tin, tout, &B, &S, &T);
    s2s_loss_norm nm = {count_targets(tout, B * T), (float)B, 0.1f};
    s2s_train_ctx whole, part;
    assert_int_equal(train_ctx_init(&whole, &m, B, &err), 0);
    assert_int_equal(train_ctx_init(&part, &m, B, &err), 0);
    s2s_batch all = {B, S, T, src, tin, tout, NULL};
    s2s_batch first = {1, S, T, src, tin, tout, NULL};
    s2s_batch rest = {B - 1, S, T, src + S, tin + T, tout + T, NULL};
    double l_all, l1, l2;
    assert_int_equal(train_forward_backward(&whole, &all, &nm, 1, &l_all, NULL, &err), 0);
    assert_int_equal(train_forward_backward(&part, &first, &nm, 1, &l1, NULL, &err), 0);
    assert_int_equal(train_forward_backward(&part, &rest, &nm, 1, &l2, NULL, &err), 0);
    assert_true(fabs(l_all - (l1 + l2)) < 1e-6);
    assert_close("sharded gradients vs whole batch", part.grads, whole.grads, (int)m.n_params, 1e-6f);
    train_ctx_free(&whole);
    train_ctx_free(&part);
    cJSON_Delete(exp);
    model_free(&m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_batch),
        cmocka_unit_test(test_nat_finite_differences),
        cmocka_unit_test(test_shards_sum_to_batch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
