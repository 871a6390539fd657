/* test_app_length_view.c: the NAT length classifier's steps in the centre panel. On "mean of the
 * memory" and "length logits" the panel used to be empty ("runs after the encoder"); now it draws
 * the step's numbers: d_model bars for the pooled vector, max_len + 1 for the logits, the axis
 * labelled with the vector's extremes, and the winning length (the classifier's prediction)
 * highlighted. Checked from the draw commands of a frame on the shipped reverse NAT model. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "frame_fixture.h"

#define count_text test_frame_count_text

/* The trace data of the length classifier's op, its length in *n, its largest entry in *best. */
static const float *op_data(const app_state *a, trace_op op, int *n, int *best) {
    int i = trace_find(&a->trace, TB_LENGTH, -1, TS_NONE, op, -1, 0);
    assert_true(i >= 0);
    const trace_step *st = &a->trace.steps[i];
    const float *x = trace_data(&a->trace, st);
    *n = st->cols;
    *best = 0;
    for (int k = 1; k < *n; k++)
        if (x[k] > x[*best]) *best = k;
    return x;
}

static void test_pool_and_logits_are_drawn(void **state) {
    (void)state;
    test_frame *f = test_frame_open("reverse-nat.safetensors", "abcdef", 1.0f);
    char lab[32];
    int n, best;

    app_jump_place(f->a, (trace_place){TB_LENGTH, -1, TS_NONE, TO_LENGTH_POOL, -1});
    assert_int_equal(f->a->trace.steps[f->a->cursor].op, TO_LENGTH_POOL);
    test_frame_build(f);
    assert_int_equal(count_text(f->dl, "runs after the encoder"), 1); /* only the side panel's: P(length) comes later */
    const float *x = op_data(f->a, TO_LENGTH_POOL, &n, &best);
    assert_int_equal(n, f->a->model.cfg.d_model);
    snprintf(lab, sizeof lab, "%+.2f", (double)x[best]);
    assert_int_equal(count_text(f->dl, lab), 1); /* the axis's top is the vector's largest number */
    snprintf(lab, sizeof lab, "%d", n - 7);     /* the feature axis is labelled (every 8th, from 1) */
    assert_true(count_text(f->dl, lab) >= 1);

    app_step_op(f->a, +1);
    assert_int_equal(f->a->trace.steps[f->a->cursor].op, TO_LENGTH_LOGITS);
    test_frame_build(f);
    assert_int_equal(count_text(f->dl, "runs after the encoder"), 1);
    op_data(f->a, TO_LENGTH_LOGITS, &n, &best);
    assert_int_equal(n, f->a->model.cfg.max_len + 1);
    assert_int_equal(best, f->a->res.nat_predicted); /* the highlighted winner is the prediction */
    const theme *th = theme_light();
    int winner_in_accent = 0;
    snprintf(lab, sizeof lab, "%d", best);
    for (size_t i = 0; i < draw_list_count(f->dl); i++) {
        const draw_cmd *c = draw_list_at(f->dl, i);
        if (c->kind == DRAW_TEXT && strcmp(draw_cmd_text(f->dl, c), lab) == 0 &&
            memcmp(&c->color, &th->accent, sizeof c->color) == 0)
            winner_in_accent = 1;
    }
    assert_true(winner_in_accent);

    test_frame_close(f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_and_logits_are_drawn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
