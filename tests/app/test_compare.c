/* test_compare.c: compare mode without a window: it finds the AT and NAT models of the task beside
 * the app's model, decodes the input with each, and steps both on one clock (tick t: the AT decoder
 * after t passes; the NAT decoder after its length classifier at tick 0, its one pass from tick 1);
 * the batch panel's figures and disagreements come from real decodes of held-out inputs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/compare.h"
#include "app_fixture.h"

static void close_all(app_state *a, compare_state *c) {
    compare_close(c);
    free(c);
    close_model(a);
}

static void test_one_clock(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    compare_state *c = calloc(1, sizeof *c);
    s2s_error err;
    assert_int_equal(compare_open(c, a, &err), 0);
    assert_true(c->on && c->at.loaded && c->nat.loaded);
    assert_false(c->distilled.loaded); /* reverse ships no distilled model */
    assert_non_null(strstr(c->nat.path, "reverse-nat.safetensors"));
    assert_int_equal(c->at.res.passes, 4);
    assert_int_equal(c->nat.res.passes, 1);
    assert_int_equal(compare_last_tick(c), 4);
    assert_int_equal(c->at.res.n_out, a->res.n_out); /* the same input, the same AT model */

    /* tick 0: both have run their encoders, no decoder pass yet */
    c->tick = 0;
    const trace_step *at0 = &c->at.trace.steps[compare_cursor(c, &c->at)];
    const trace_step *nat0 = &c->nat.trace.steps[compare_cursor(c, &c->nat)];
    assert_true(at0->block == TB_ENCODER);
    assert_true(nat0->block == TB_LENGTH); /* NAT's length classifier runs before its pass */
    /* each tick runs one more AT pass; NAT is done from tick 1 */
    int before = compare_cursor(c, &c->at);
    for (c->tick = 1; c->tick <= compare_last_tick(c); c->tick++) {
        int i = compare_cursor(c, &c->at);
        assert_true(i > before);
        assert_int_equal(c->at.trace.steps[i].pass, c->tick - 1);
        assert_int_equal(compare_cursor(c, &c->nat), c->nat.trace.n_steps - 1);
        before = i;
    }
    assert_int_equal(before, c->at.trace.n_steps - 1);

    /* a new input re-decodes both, and the clock stays in range */
    c->tick = 4;
    snprintf(a->input, sizeof a->input, "ab");
    assert_int_equal(compare_decode(c, a, &err), 0);
    assert_int_equal(compare_last_tick(c), 3);
    assert_int_equal(c->tick, 3);
    c->use_distilled = 1;
    assert_ptr_equal(compare_nat(c), &c->nat); /* none to use */
    close_all(a, c);
}

static void test_distilled_and_batch(void **state) {
    (void)state;
    app_state *a = open_model(MODELS_DIR "/number-words-mixed-at.safetensors", "105");
    compare_state *c = calloc(1, sizeof *c);
    s2s_error err;
    assert_int_equal(compare_open(c, a, &err), 0);
    assert_true(c->distilled.loaded);
    assert_ptr_equal(compare_nat(c), &c->nat);
    c->use_distilled = 1;
    assert_ptr_equal(compare_nat(c), &c->distilled);
    assert_int_equal(compare_batch(c, a, 40, &err), 0);
    assert_true(c->batch_ready);
    for (int k = COMPARE_AT; k <= COMPARE_DISTILLED; k++) {
        assert_int_equal(c->batch.stats[k].n, 40);
        assert_true(c->batch.stats[k].exact_match >= 0.0 && c->batch.stats[k].exact_match <= 1.0);
        assert_true(c->batch.stats[k].total_us > 0.0);
    }
    assert_true(c->batch.stats[COMPARE_AT].exact_match > 0.9); /* the AT model knows its task */
    assert_true(c->batch.n_disagree <= c->batch.n_disagree_total);
    for (int i = 0; i < c->batch.n_disagree; i++) /* each listed input is a held-out input of the task */
        assert_true(task_is_heldout(TASK_NUMBER_WORDS_MIXED, c->batch.disagree[i]));
    close_all(a, c);
}

static void test_missing_partner(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    snprintf(a->model_path, sizeof a->model_path, "/nonexistent/reverse-at.safetensors");
    compare_state *c = calloc(1, sizeof *c);
    s2s_error err;
    assert_int_equal(compare_open(c, a, &err), -1);
    assert_false(c->on);
    assert_non_null(strstr(err.msg, "compare mode needs reverse-at and reverse-nat models"));
    close_all(a, c);
}

/* The C key opens compare mode with the classifier's length, whatever L chose before, and says so;
 * (the shipped reverse NAT model's two modes agree on these lengths, so the mode itself is checked). */
static void test_opens_with_the_classifier(void **state) {
    (void)state;
    app_state *a = open_model(NAT_MODEL, "abcd");
    s2s_error err;
    a->nat_length = S2S_NAT_LENGTH_END; /* L pressed earlier */
    assert_int_equal(app_decode(a, &err), 0);
    app_finish(a, &err);
    compare_state *c = calloc(1, sizeof *c);
    assert_int_equal(compare_open_demo(c, a, 1000, &err), 0);
    assert_true(c->on);
    assert_int_equal(a->nat_length, S2S_NAT_LENGTH_CLASSIFIER);
    assert_non_null(strstr(a->hint, "classifier"));
    assert_true(a->hint_until > 1000);
    close_all(a, c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_clock),
        cmocka_unit_test(test_distilled_and_batch),
        cmocka_unit_test(test_missing_partner),
        cmocka_unit_test(test_opens_with_the_classifier),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
