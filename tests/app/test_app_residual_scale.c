/* test_app_residual_scale.c: the residual view's bars and colour strips have scales. Under each
 * column of bars a ruler from 0 to the table's longest vector length ‖x‖ (what a bar is, said once), checked
 * against norms computed here from the trace; each colour strip writes its own largest |feature|
 * (the colormap's ends are −m and +m), checked the same way; the strips' key is drawn. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "frame_fixture.h"

#define count_text test_frame_count_text

static void test_bars_and_strips_have_scales(void **state) {
    (void)state;
    test_frame *f = test_frame_open("reverse-at.safetensors", "abcd", 1.0f);
    app_state *a = f->a;
    draw_list *dl = f->dl;
    const s2s_config *c = &a->model.cfg;
    int i = trace_find_place(&a->trace, (trace_place){TB_ENCODER, 0, TS_FFN, TO_NORM, -1}, 0);
    assert_true(i >= 0);
    a->cursor = i;
    test_frame_build(f);

    /* the longest ‖x‖ over both sublayers and the four stages; the focused token's largest |x| per stage */
    static const trace_op ffn_ops[4] = {TO_INPUT, TO_FFN_OUT, TO_ADD, TO_NORM}, attn_ops[4] = {TO_INPUT, TO_ATTN_OUT, TO_ADD, TO_NORM};
    const trace_sublayer subs[2] = {TS_SELF_ATTN, TS_FFN};
    int D = c->d_model, R = c->max_len + 1, row = app_focus(a).row;
    float *buf = malloc(sizeof(float) * (size_t)R * (size_t)D), longest = 0, largest[4] = {0};
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < 4; k++) {
            int rows, cols;
            trace_op op = subs[s] == TS_FFN ? ffn_ops[k] : attn_ops[k];
            assert_int_equal(trace_gather(&a->trace, TB_ENCODER, 0, subs[s], op, -1, a->cursor, buf, R, D, &rows, &cols), 0);
            for (int r = 0; r < rows; r++) {
                double n2 = 0;
                for (int e = 0; e < D; e++) n2 += (double)buf[(size_t)r * D + e] * buf[(size_t)r * D + e];
                if (sqrt(n2) > longest) longest = (float)sqrt(n2);
                if (subs[s] == TS_FFN && r == row)
                    for (int e = 0; e < D; e++) largest[k] = fmaxf(largest[k], fabsf(buf[(size_t)r * D + e]));
            }
        }
    char want[96];
    snprintf(want, sizeof want, "%.2f", (double)longest);
    assert_int_equal(count_text(dl, want), 2); /* one ruler per column: self-attention, feed-forward */
    int said = 0; /* what a bar is, said once (perhaps shortened, with its tooltip) */
    for (size_t k = 0; k < draw_list_count(dl); k++)
        said += draw_list_at(dl, k)->kind == DRAW_TEXT && strncmp(draw_cmd_text(dl, draw_list_at(dl, k)), "bar length", 10) == 0;
    assert_int_equal(said, 1);
    for (int k = 0; k < 4; k++) {
        snprintf(want, sizeof want, "%.2f", (double)largest[k]);
        assert_true(count_text(dl, want) >= 1);
    }
    assert_int_equal(count_text(dl, "−m"), 1);

    free(buf);
    test_frame_close(f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bars_and_strips_have_scales),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
