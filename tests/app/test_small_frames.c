/* test_small_frames.c: frames built for every step of a decode, in the smallest windows and with
 * the largest text the window allows (Ctrl + to 2.0, a window resized to 320 x 240), stay inside
 * their buffers. The soak (tests/soak) found the output distribution reading the entry before its
 * ranking when its panel was lower than one row: view_output.c's bars, a heap-buffer-overflow
 * under ASan. Run sanitized by make test, this test fails on any such read; in any build it checks
 * that every frame is drawn and the output panel still says how many symbols it leaves out. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_frame.h"

#define AT_MODEL MODELS_DIR "/number-words-mixed-at.safetensors"

/* 1 when some text command of dl starts with prefix. */
static int has_text(const draw_list *dl, const char *prefix) {
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind == DRAW_TEXT && strncmp(draw_cmd_text(dl, c), prefix, strlen(prefix)) == 0) return 1;
    }
    return 0;
}

static void test_every_step_at_every_size(void **state) {
    static const struct { float w, h, ui; } sizes[] = {
        {1600, 900, 1.0f}, {1600, 900, 2.0f}, {640, 480, 2.0f}, {320, 240, 1.0f}, {320, 240, 2.0f}, {200, 120, 0.7f},
    };
    app_state a;
    memset(&a, 0, sizeof a);
    a.ui = 1.0f;
    a.speed = 4;
    a.what_if_index = -1;
    s2s_error err;
    if (app_load_model(&a, AT_MODEL, "999", &err) || app_finish(&a, &err)) fail_msg("%s", err.msg);
    size_t scratch_len = app_frame_scratch_len(&a.model);
    float *scratch = malloc(scratch_len * sizeof(float));
    draw_list *dl = draw_list_create();
    hit_list hits;
    assert_non_null(scratch);
    assert_non_null(dl);
    int frames = 0, cut = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        a.ui = sizes[k].ui;
        for (int step = 0; step < a.trace.n_steps; step++) {
            a.cursor = step;
            app_frame_io io = {.width = sizes[k].w, .height = sizes[k].h, .mouse_x = -1, .mouse_y = -1, .hits = &hits,
                               .scratch = scratch, .scratch_len = scratch_len};
            draw_list_reset(dl);
            app_frame(&a, dl, &io);
            assert_true(draw_list_count(dl) > 0);
            cut += has_text(dl, "+");
            frames++;
        }
    }
    printf("  %d frames, %d of them with symbols left out of the output panel\n", frames, cut);
    assert_true(cut > 0); /* small panels say what they leave out */
    draw_list_destroy(dl);
    free(scratch);
    app_state_free(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_step_at_every_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
