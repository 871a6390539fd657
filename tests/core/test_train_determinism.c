/* test_train_determinism.c: training is reproducible. The same seed and thread count give
 * bit-identical parameters after N steps (AT and NAT, 1 and 2 threads); another seed gives other
 * parameters; the loss goes down; an interrupted run (the callback says stop) keeps a usable model. */
#include "test_util.h"

#include "core/train.h"

static const s2s_shape TINY_AT = {16, 2, 32, 1, S2S_DECODER_AT};
static const s2s_shape TINY_NAT = {16, 2, 32, 1, S2S_DECODER_NAT};

typedef struct losses {
    double first, last;
} losses;

static int record(const s2s_train_progress *p, void *user) {
    losses *l = user;
    if (p->step == 1) l->first = p->loss;
    l->last = p->loss;
    return 0;
}

static void train_tiny(s2s_model *m, const s2s_shape *sh, int threads, unsigned long long seed, int steps, losses *l) {
    s2s_error err = {{0}};
    if (train_model_new(m, TASK_REVERSE, sh, seed, &err)) fail_msg("%s", err.msg);
    s2s_train_opts o = train_opts_default();
    o.steps = steps;
    o.batch = 16;
    o.threads = threads;
    o.seed = seed;
    o.lr = 3e-3f;
    o.eval_every = 0;
    if (train_run(m, TASK_REVERSE, &o, record, l, NULL, &err)) fail_msg("%s", err.msg);
}

static void check_same(const s2s_shape *sh, int threads) {
    s2s_model a, b;
    losses la = {0, 0}, lb = {0, 0};
    train_tiny(&a, sh, threads, 5, 30, &la);
    train_tiny(&b, sh, threads, 5, 30, &lb);
    assert_int_equal(a.n_params, b.n_params);
    size_t differ = 0;
    for (size_t i = 0; i < a.n_params; i++) differ += memcmp(&a.params[i], &b.params[i], sizeof(float)) != 0;
    printf("  %s, %d thread(s): %zu of %zu parameters differ between two runs; loss %.3f -> %.3f\n",
           sh->decoder == S2S_DECODER_NAT ? "NAT" : "AT", threads, differ, a.n_params, la.first, la.last);
    assert_int_equal(differ, 0);
    assert_true(la.last < la.first); /* it learns something */
    for (size_t i = 0; i < a.n_params; i++) assert_true(isfinite(a.params[i]));
    model_free(&a);
    model_free(&b);
}

static void test_at_one_thread(void **state) { check_same(&TINY_AT, 1); }
static void test_at_two_threads(void **state) { check_same(&TINY_AT, 2); }
static void test_nat_two_threads(void **state) { check_same(&TINY_NAT, 2); }

static void test_seed_matters(void **state) {
    s2s_model a, b;
    losses l;
    train_tiny(&a, &TINY_AT, 2, 5, 5, &l);
    train_tiny(&b, &TINY_AT, 2, 6, 5, &l);
    assert_true(memcmp(a.params, b.params, sizeof(float) * a.n_params) != 0);
    model_free(&a);
    model_free(&b);
}

static int stop_at_3(const s2s_train_progress *p, void *user) { return p->step >= 3; }

static void test_stop_keeps_model(void **state) {
    s2s_model m;
    s2s_error err = {{0}};
    assert_int_equal(train_model_new(&m, TASK_SORT, &TINY_AT, 1, &err), 0);
    s2s_train_opts o = train_opts_default();
    o.steps = 1000;
    o.batch = 8;
    o.eval_every = 0;
    s2s_train_progress last;
    assert_int_equal(train_run(&m, TASK_SORT, &o, stop_at_3, NULL, &last, &err), 0);
    assert_int_equal(last.step, 3);
    s2s_eval_result r;
    assert_int_equal(eval_heldout(&m, TASK_SORT, 5, S2S_NAT_LENGTH_CLASSIFIER, &r, NULL, &err), 0);
    assert_int_equal(r.n, 5);
    model_free(&m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_at_one_thread),  cmocka_unit_test(test_at_two_threads),
        cmocka_unit_test(test_nat_two_threads), cmocka_unit_test(test_seed_matters),
        cmocka_unit_test(test_stop_keeps_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
