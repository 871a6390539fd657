/* test_train_chooser.c: the training chooser (Shift+T) without a window: it opens on the loaded
 * model's task and decoder at the size "small"; ↑ ↓ move between its rows, ← → change the row's
 * value (wrapping round), Enter starts and Esc or Shift+T close, other keys are not its own; the
 * size presets give one training thread and their shapes, each larger one is expected to take
 * longer on every task; and starting trains what it shows (a tiny NAT model of another task). */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_state.h"
#include "app_fixture.h"
#include "core/tasks.h"

static s2s_model model_of(const char *task, s2s_decoder_kind kind) {
    s2s_model m;
    memset(&m, 0, sizeof m);
    snprintf(m.task, sizeof m.task, "%s", task);
    m.cfg.decoder = kind;
    return m;
}

static void test_opens_on_the_model(void **state) {
    (void)state;
    train_chooser c;
    s2s_model m = model_of("dates", S2S_DECODER_NAT);
    train_chooser_open(&c, &m);
    assert_true(c.open);
    assert_int_equal(c.task, TASK_DATES);
    assert_int_equal(c.decoder, S2S_DECODER_NAT);
    assert_int_equal(c.size, PRESET_SMALL);
    assert_int_equal(c.row, CHOOSER_TASK);
    m = model_of("my own task", S2S_DECODER_AT); /* none of the tasks: reverse */
    train_chooser_open(&c, &m);
    assert_int_equal(c.task, TASK_REVERSE);
    assert_int_equal(c.decoder, S2S_DECODER_AT);
}

static void test_keys(void **state) {
    (void)state;
    train_chooser c;
    s2s_model m = model_of("reverse", S2S_DECODER_AT);
    train_chooser_open(&c, &m);
    /* the task row: ← wraps to the last task, → back */
    assert_int_equal(train_chooser_action(&c, ACT_PREV_OP), CHOOSER_KEPT);
    assert_int_equal(c.task, TASK_COUNT - 1);
    train_chooser_action(&c, ACT_NEXT_OP);
    train_chooser_action(&c, ACT_NEXT_OP);
    assert_int_equal(c.task, TASK_SORT);
    /* ↓: the decoder row; → NAT; ← AT again */
    assert_int_equal(train_chooser_action(&c, ACT_NEXT_TOKEN), CHOOSER_KEPT);
    assert_int_equal(c.row, CHOOSER_DECODER);
    train_chooser_action(&c, ACT_NEXT_OP);
    assert_int_equal(c.decoder, S2S_DECODER_NAT);
    assert_int_equal(c.task, TASK_SORT); /* the other rows stay */
    /* ↓: the size row; ← tiny, ← wraps to shipped */
    train_chooser_action(&c, ACT_NEXT_TOKEN);
    assert_int_equal(c.row, CHOOSER_SIZE);
    train_chooser_action(&c, ACT_PREV_OP);
    assert_int_equal(c.size, PRESET_TINY);
    train_chooser_action(&c, ACT_PREV_OP);
    assert_int_equal(c.size, PRESET_SHIPPED);
    assert_int_equal(c.decoder, S2S_DECODER_NAT);
    /* ↓ wraps to the task row, ↑ back */
    train_chooser_action(&c, ACT_NEXT_TOKEN);
    assert_int_equal(c.row, CHOOSER_TASK);
    train_chooser_action(&c, ACT_PREV_TOKEN);
    assert_int_equal(c.row, CHOOSER_SIZE);
    /* not its keys: the window's (the theme, help) */
    assert_int_equal(train_chooser_action(&c, ACT_THEME), CHOOSER_IGNORED);
    assert_int_equal(train_chooser_action(&c, ACT_HELP), CHOOSER_IGNORED);
    char log[256];
    train_chooser_log(&c, log, sizeof log);
    assert_non_null(strstr(log, "train_chooser size task sort decoder nat size shipped"));
    /* Enter starts (and closes); once closed nothing is its own */
    assert_int_equal(train_chooser_action(&c, ACT_EDIT_INPUT), CHOOSER_START);
    assert_false(c.open);
    assert_int_equal(train_chooser_action(&c, ACT_NEXT_OP), CHOOSER_IGNORED);
    /* Esc and Shift+T close without starting */
    train_chooser_open(&c, &m);
    assert_int_equal(train_chooser_action(&c, ACT_CLOSE), CHOOSER_CLOSED);
    assert_false(c.open);
    train_chooser_open(&c, &m);
    assert_int_equal(train_chooser_action(&c, ACT_TRAIN), CHOOSER_CLOSED);
}

static void test_presets(void **state) {
    (void)state;
    assert_int_equal(train_preset_find("tiny"), PRESET_TINY);
    assert_int_equal(train_preset_find("small"), PRESET_SMALL);
    assert_int_equal(train_preset_find("shipped"), PRESET_SHIPPED);
    assert_int_equal(train_preset_find("huge"), -1);
    for (int p = 0; p < PRESET_COUNT; p++) {
        s2s_shape sh;
        s2s_train_opts o;
        const s2s_train_preset *pr = train_preset((s2s_preset_id)p);
        train_preset_config((s2s_preset_id)p, TASK_DATES, S2S_DECODER_NAT, &sh, &o);
        assert_int_equal(sh.d_model, pr->d_model);
        assert_int_equal(sh.layers, pr->layers);
        assert_int_equal(sh.decoder, S2S_DECODER_NAT);
        assert_int_equal(o.steps, pr->steps_nat);
        assert_int_equal(o.threads, 1); /* the window keeps the other core */
        assert_int_equal(sh.d_model % sh.n_heads, 0);
        train_preset_config((s2s_preset_id)p, TASK_DATES, S2S_DECODER_AT, &sh, &o);
        assert_int_equal(o.steps, pr->steps_at);
        for (int t = 0; t < TASK_COUNT; t++)
            for (int k = 0; k < 2; k++) {
                double s = train_preset_expected_s((s2s_preset_id)p, (s2s_task_id)t, (s2s_decoder_kind)k);
                assert_true(s > 1.0 && s < 45 * 60.0); /* within a class period */
                if (p > 0) assert_true(s > train_preset_expected_s((s2s_preset_id)(p - 1), (s2s_task_id)t, (s2s_decoder_kind)k));
            }
    }
    /* the shipped preset is the shipped models' recipe (docs/training.md) */
    const s2s_train_preset *sh = train_preset(PRESET_SHIPPED);
    assert_int_equal(sh->d_model, 64);
    assert_int_equal(sh->d_ff, 256);
    assert_int_equal(sh->layers, 2);
    assert_int_equal(sh->steps_at, 2500);
    assert_int_equal(sh->steps_nat, 3000);
}

static void test_start_trains_the_choice(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "hello");
    s2s_error err;
    train_chooser_open(&a->chooser, &a->model);
    a->chooser.task = TASK_SORT;
    a->chooser.decoder = S2S_DECODER_NAT;
    a->chooser.size = PRESET_TINY;
    int rc = app_live_start(a, &a->chooser, &err);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_string_equal(a->model.task, "sort");
    assert_int_equal(a->model.cfg.decoder, S2S_DECODER_NAT);
    assert_int_equal(a->model.cfg.d_model, train_preset(PRESET_TINY)->d_model);
    assert_int_equal(a->live_cfg.size, PRESET_TINY);
    assert_string_equal(a->input, task_info(TASK_SORT)->example); /* "hello" is not digits */
    /* the worker steps: the poll sees steps and the tiny run's length */
    for (int i = 0; i < 600 && a->live_st.step < 3; i++) {
        app_live_pump(a, 0);
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    assert_true(a->live_st.step >= 3);
    assert_int_equal(a->live_st.steps, train_preset(PRESET_TINY)->steps_nat);
    assert_int_equal(app_finish(a, &err), 0); /* the views decode the example with the new model */
    assert_true(a->trace.n_steps > 0);
    close_model(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opens_on_the_model),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_presets),
        cmocka_unit_test(test_start_trains_the_choice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
