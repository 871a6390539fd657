/* frame_fixture.h: what the app tests that inspect a frame's draw commands share: a model loaded and
 * decoded to the end, a frame built from it at 1600x900 without a window, and a count of the texts
 * drawn. Include after <cmocka.h>. */
#ifndef S2S_FRAME_FIXTURE_H
#define S2S_FRAME_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_frame.h"

typedef struct test_frame {
    app_state *a;
    hit_list *hits;
    draw_list *dl;
    float *scratch;
    size_t scratch_len;
} test_frame;

/* Loads the model file `name` of MODELS_DIR with input (NULL: its example) and decodes it to the end. */
static inline test_frame *test_frame_open(const char *name, const char *input, float ui) {
    test_frame *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->a = calloc(1, sizeof *f->a);
    f->hits = calloc(1, sizeof *f->hits);
    assert_non_null(f->a);
    assert_non_null(f->hits);
    f->a->ui = ui;
    f->a->speed = 4;
    f->a->what_if_index = -1;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", MODELS_DIR, name);
    s2s_error err;
    if (app_load_model(f->a, path, input, &err) || app_finish(f->a, &err)) fail_msg("%s: %s", name, err.msg);
    f->scratch_len = app_frame_scratch_len(&f->a->model);
    f->scratch = malloc(f->scratch_len * sizeof(float));
    f->dl = draw_list_create();
    assert_non_null(f->scratch);
    assert_non_null(f->dl);
    return f;
}

/* Builds the frame of the app state as it is into f->dl. */
static inline void test_frame_build(test_frame *f) {
    app_frame_io io = {1600, 900, -1, -1, 0, f->hits, "", f->scratch, f->scratch_len, NULL, NULL};
    draw_list_reset(f->dl);
    app_frame(f->a, f->dl, &io);
}

static inline void test_frame_close(test_frame *f) {
    draw_list_destroy(f->dl);
    free(f->scratch);
    free(f->hits);
    app_state_free(f->a);
    free(f->a);
    free(f);
}

/* How many texts equal to t the draw list holds. */
static inline int test_frame_count_text(const draw_list *dl, const char *t) {
    int n = 0;
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        n += c->kind == DRAW_TEXT && strcmp(draw_cmd_text(dl, c), t) == 0;
    }
    return n;
}

#endif
