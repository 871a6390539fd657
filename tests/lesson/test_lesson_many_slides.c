/* test_lesson_many_slides.c: a lesson longer than the slide array's first allocation (16) carries
 * its header state across every slide. fuzz_lesson found the 17th slide copying the 16th's state
 * from the array after realloc had moved it (heap-use-after-free under ASan; without ASan, stale
 * or foreign bytes): the crash input is kept as tests/fuzz/lesson/crash-slides-realloc. Run
 * sanitized by make test, this fails on the old code; in any build it checks the carried values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lesson/lesson.h"

static void test_state_carried_over_40_slides(void **st) {
    (void)st;
    static char text[16384];
    size_t n = 0;
    n += (size_t)snprintf(text + n, sizeof text - n, "model: reverse-at\ninput: abcde\n\n# Slide 1\n");
    for (int i = 2; i <= 40; i++) {
        if (i == 20) n += (size_t)snprintf(text + n, sizeof text - n, "\n---\n\ninput: edcba\n\n# Slide %d\n", i);
        else n += (size_t)snprintf(text + n, sizeof text - n, "\n---\n\n# Slide %d\n", i);
    }
    lesson l;
    s2s_error err = {{0}};
    if (lesson_parse(&l, text, n, "many.md", &err)) fail_msg("%s", err.msg);
    assert_int_equal(l.n_slides, 40);
    for (int i = 0; i < l.n_slides; i++) {
        assert_string_equal(l.slides[i].state.model, "reverse-at");
        assert_string_equal(l.slides[i].state.input, i < 19 ? "abcde" : "edcba");
    }
    lesson_free(&l);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_carried_over_40_slides),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
