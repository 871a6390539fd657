/* frame_fixture.h: what the app tests that inspect a frame's draw commands share: a model loaded and
 * decoded to the end, a frame built from it without a window (1600x900, or any size and mouse place),
 * compare mode and a lesson player beside it, and a count of the texts drawn. Include after <cmocka.h>. */
#ifndef S2S_FRAME_FIXTURE_H
#define S2S_FRAME_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_frame.h"
#include "app/compare.h"
#include "app/lesson_player.h"

typedef struct test_frame {
    app_state *a;
    hit_list *hits;
    draw_list *dl;
    float *scratch; /* grown as the frame needs: a lesson may load a larger model */
    size_t scratch_len;
    compare_state *cmp;    /* given to the frame while cmp->on (NULL in a test_frame made by hand) */
    lesson_player *lesson; /* no lesson open, no folder listed: lesson_player_init lists one */
} test_frame;

/* Loads the model file `name` of MODELS_DIR with input (NULL: its example) and decodes it to the end;
 * name NULL loads nothing (a lesson the test opens loads its own). */
static inline test_frame *test_frame_open(const char *name, const char *input, float ui) {
    test_frame *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->a = calloc(1, sizeof *f->a);
    f->hits = calloc(1, sizeof *f->hits);
    f->cmp = calloc(1, sizeof *f->cmp);
    f->lesson = calloc(1, sizeof *f->lesson);
    f->dl = draw_list_create();
    assert_true(f->a && f->hits && f->cmp && f->lesson && f->dl);
    f->a->ui = ui;
    f->a->speed = 4;
    f->a->what_if_index = -1;
    if (!name) return f;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", MODELS_DIR, name);
    s2s_error err;
    if (app_load_model(f->a, path, input, &err) || app_finish(f->a, &err)) fail_msg("%s: %s", name, err.msg);
    return f;
}

/* Builds the frame of the app state as it is into f->dl, in a w x h window with the mouse at
 * (mouse_x, mouse_y) (-1: outside). */
static inline void test_frame_draw(test_frame *f, float w, float h, float mouse_x, float mouse_y) {
    size_t need = app_frame_scratch_len(&f->a->model);
    if (need > f->scratch_len) {
        f->scratch = realloc(f->scratch, need * sizeof(float));
        assert_non_null(f->scratch);
        f->scratch_len = need;
    }
    app_frame_io io = {w, h, mouse_x, mouse_y, 0, f->hits, "", f->scratch, f->scratch_len,
                       f->cmp && f->cmp->on ? f->cmp : NULL, f->lesson};
    draw_list_reset(f->dl);
    app_frame(f->a, f->dl, &io);
}

/* Builds the frame at 1600x900, the mouse outside. */
static inline void test_frame_build(test_frame *f) { test_frame_draw(f, 1600, 900, -1, -1); }

static inline void test_frame_close(test_frame *f) {
    if (f->lesson) lesson_player_close(f->lesson);
    if (f->cmp) compare_close(f->cmp);
    free(f->lesson);
    free(f->cmp);
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
