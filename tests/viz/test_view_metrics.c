/* test_view_metrics.c: the window's sizes follow the text scale (a classroom's large text grows
 * every gap and padding with it) and the window's width, and are the design's at scale 1. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "viz/view.h"

static void test_scale_one_is_the_design(void **state) {
    (void)state;
    view_metrics m = view_metrics_make(1.0f, 1600, 900);
    assert_true(m.text_body == 15.0f && m.text_title == 18.0f && m.text_tiny == 12.0f);
    assert_true(m.gap == 10.0f && m.inset == 6.0f && m.margin == 16.0f && m.button_pad == 24.0f);
    assert_true(m.header_h == 58.0f && m.tokens_h == 96.0f && m.timeline_h == 92.0f);
    assert_true(m.left_w == 1600 * 0.19f && m.right_w == 400.0f && m.input_w == 1600 * 0.30f);
}

static void test_everything_scales(void **state) {
    (void)state;
    view_metrics a = view_metrics_make(1.0f, 1600, 900), b = view_metrics_make(2.0f, 1600, 900);
    assert_true(b.text_body == 2 * a.text_body && b.text_heading == 2 * a.text_heading);
    assert_true(b.gap == 2 * a.gap && b.pad == 2 * a.pad && b.panel_pad_top == 2 * a.panel_pad_top);
    assert_true(b.header_h == 2 * a.header_h && b.hint_lift == 2 * a.hint_lift && b.picker_x == 2 * a.picker_x);
    assert_true(b.text_caption == 2 * a.text_caption && b.caption_h == 2 * a.caption_h); /* the caption grows too */
    assert_true(b.right_w == a.right_w); /* a share of the window, not of the text */
    /* a narrow window keeps the architecture's minimum width, which grows with the text */
    view_metrics n1 = view_metrics_make(1.0f, 800, 600), n2 = view_metrics_make(1.5f, 800, 600);
    assert_true(n1.left_w == 260.0f);
    assert_true(n2.left_w == 390.0f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scale_one_is_the_design),
        cmocka_unit_test(test_everything_scales),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
