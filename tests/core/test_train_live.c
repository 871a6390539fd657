/* test_train_live.c: training on a worker thread (core/train_live.c): the loss curve has one point
 * per step, snapshots come every N steps from step 0 (the initialisation) to the last, measured on
 * held-out examples; they stay bounded (thinned to every other one, the interval doubled) and
 * still span the run; pausing stops the steps; freeing a running worker stops it. */
#define _POSIX_C_SOURCE 200809L
#include "test_util.h"

#include <time.h>

#include "core/train_live.h"

static void nap(void) {
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
}

static s2s_live *start(int steps, int every) {
    s2s_shape sh = {16, 2, 32, 1, S2S_DECODER_AT};
    s2s_train_opts o = train_opts_default();
    o.steps = steps;
    o.batch = 8;
    o.threads = 1;
    s2s_live *l;
    s2s_error err = {{0}};
    if (live_start(&l, TASK_REVERSE, &sh, &o, every, 10, &err)) fail_msg("%s", err.msg);
    return l;
}

static void wait_done(s2s_live *l, s2s_live_status *st) {
    for (int i = 0; i < 3000; i++) {
        live_poll(l, st, NULL, 0);
        if (st->state == LIVE_DONE || st->state == LIVE_FAILED) return;
        nap();
    }
    fail_msg("training did not finish");
}

static void test_curve_and_snapshots(void **state) {
    (void)state;
    s2s_live *l = start(60, 10);
    static s2s_live_status st;
    wait_done(l, &st);
    assert_int_equal(st.state, LIVE_DONE);
    float loss[100];
    assert_int_equal(live_poll(l, &st, loss, 100), 60);
    for (int i = 0; i < 60; i++) assert_true(loss[i] > 0.0f && isfinite(loss[i]));
    assert_int_equal(st.n_snapshots, 7); /* steps 0, 10, ..., 60 */
    for (int k = 0; k < 7; k++) {
        assert_int_equal(st.snap[k].step, 10 * k);
        assert_true(st.snap[k].heldout_loss > 0.0f);
        assert_true(st.snap[k].heldout_exact >= 0.0f && st.snap[k].heldout_exact <= 1.0f);
    }
    assert_true(st.snap[6].heldout_loss < st.snap[0].heldout_loss); /* it learns something */
    const s2s_model *m = live_model(l);
    float *p0 = malloc(sizeof(float) * m->n_params), *p6 = malloc(sizeof(float) * m->n_params);
    s2s_live_snapshot_info info;
    assert_int_equal(live_snapshot(l, 0, p0, &info), 0);
    assert_int_equal(info.step, 0);
    assert_int_equal(live_snapshot(l, -1, p6, &info), 6);
    assert_int_equal(info.step, 60);
    assert_memory_equal(p6, m->params, sizeof(float) * m->n_params); /* the last snapshot is the model */
    assert_memory_not_equal(p0, p6, sizeof(float) * m->n_params);
    free(p0);
    free(p6);
    live_free(l);
}

static void test_bounded(void **state) {
    (void)state;
    s2s_live *l = start(200, 1); /* 201 snapshots asked for: at most LIVE_MAX_SNAPSHOTS kept */
    static s2s_live_status st;
    wait_done(l, &st);
    printf("  %d snapshots kept, steps %d .. %d\n", st.n_snapshots, st.snap[0].step, st.snap[st.n_snapshots - 1].step);
    assert_true(st.n_snapshots <= LIVE_MAX_SNAPSHOTS);
    assert_true(st.n_snapshots >= LIVE_MAX_SNAPSHOTS / 2);
    assert_int_equal(st.snap[st.n_snapshots - 1].step, 200);
    assert_true(st.snap[0].step <= 8); /* still spans the run from its start */
    for (int k = 1; k < st.n_snapshots; k++) assert_true(st.snap[k].step > st.snap[k - 1].step);
    live_free(l);
}

static void test_pause_and_stop(void **state) {
    (void)state;
    s2s_live *l = start(100000, 1000);
    static s2s_live_status st;
    do {
        nap();
        live_poll(l, &st, NULL, 0);
    } while (st.step < 3);
    live_pause(l, 1);
    nap();
    live_poll(l, &st, NULL, 0);
    int at = st.step;
    for (int i = 0; i < 10; i++) nap();
    live_poll(l, &st, NULL, 0);
    assert_int_equal(st.state, LIVE_PAUSED);
    assert_true(st.step <= at + 1); /* the step under way may finish, no more */
    live_pause(l, 0);
    do {
        nap();
        live_poll(l, &st, NULL, 0);
    } while (st.step < at + 3);
    live_free(l); /* running: stops after its step */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_curve_and_snapshots),
        cmocka_unit_test(test_bounded),
        cmocka_unit_test(test_pause_and_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
