/* test_layout_scale.c: every main view of the window (each kind of operation in the centre panel,
 * the NAT length panel, compare mode, the lesson panel) drawn at text scales 1, 1.5, 2 and 3 in
 * windows of 1280x720, 1920x1080 and 3840x2160, with the draw list's fallback metric (wider than
 * the real font): no text box is clipped, leaves its panel or the window, or overlaps another
 * (layout_check reads the draw commands). The checker itself is shown to fail on a forced overlap,
 * a clipped and a stray text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/layout_check.h"

#include "frame_fixture.h"

#define AT_MODEL "number-words-at.safetensors"
#define NAT_MODEL "number-words-nat.safetensors"
#define ZH_MODEL "number-zh-at.safetensors" /* long English words in, Chinese out */
#define LESSONS TEST_DATA_DIR "/lessons"

static const float scales[] = {1.0f, 1.5f, 2.0f, 3.0f};
static const float sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}};

static void build(test_frame *f, float w, float h, float scale) {
    f->a->ui = scale;
    test_frame_draw(f, w, h, -1, -1);
}

/* The model decoded on input, the fixture lessons listed in English. */
static test_frame *fixture_new_input(const char *model, const char *input) {
    test_frame *f = test_frame_open(model, input, 1.0f);
    lesson_player_init(f->lesson, LESSONS, "en");
    return f;
}

static test_frame *fixture_new(const char *model) { return fixture_new_input(model, "123"); }

/* Every text shortened with an ellipsis shows its whole as a tooltip when the mouse is over it:
 * the frame drawn again with the mouse there has a text that is longer and starts the same. */
static int ellipses_without_tooltip(test_frame *f, float w, float h, float scale) {
    enum { MAX_CUT = 64 };
    char cut[MAX_CUT][256];
    float at[MAX_CUT][2];
    int n = 0, missing = 0;
    for (size_t i = 0; i < draw_list_count(f->dl) && n < MAX_CUT; i++) {
        const draw_cmd *c = draw_list_at(f->dl, i);
        const char *t = draw_cmd_text(f->dl, c);
        size_t len = c->kind == DRAW_TEXT ? strlen(t) : 0;
        if (len < 4 || strcmp(t + len - 3, "…") != 0 || len == 3) continue;
        snprintf(cut[n], sizeof cut[n], "%.*s", (int)(len - 3), t);
        at[n][0] = c->rect.x + c->rect.w * 0.5f, at[n][1] = c->rect.y + c->rect.h * 0.5f;
        n++;
    }
    for (int k = 0; k < n; k++) {
        f->a->ui = scale;
        test_frame_draw(f, w, h, at[k][0], at[k][1]);
        int found = 0;
        for (size_t i = 0; i < draw_list_count(f->dl) && !found; i++) {
            const draw_cmd *c = draw_list_at(f->dl, i);
            if (c->kind != DRAW_TEXT) continue; /* only a text command has a string */
            const char *t = draw_cmd_text(f->dl, c);
            size_t len = strlen(t);
            found = strncmp(t, cut[k], strlen(cut[k])) == 0 && len > strlen(cut[k]) &&
                    (len < 3 || strcmp(t + len - 3, "…") != 0);
        }
        if (!found) {
            fprintf(stderr, "  \"%s…\" at %.0f,%.0f shows no tooltip\n", cut[k], at[k][0], at[k][1]);
            missing++;
        }
    }
    build(f, w, h, scale); /* the frame without the mouse again */
    return missing;
}

/* Draws the current state at every scale and size, in the normal layout and in presenter mode; fails
 * naming the first problems found. In presenter mode at 1920x1080 the smallest text is 28 px. */
static void check_all(test_frame *f, const char *what) {
    int bad = 0;
    for (int present = 0; present < 2; present++)
        for (size_t s = 0; s < sizeof scales / sizeof scales[0]; s++)
            for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
                f->a->present = present;
                build(f, sizes[z][0], sizes[z][1], scales[s]);
                layout_report r = layout_check(f->dl, sizes[z][0], sizes[z][1], f->a->frame_panels, f->a->n_frame_panels, 0);
                assert_true(r.texts > (present ? 3 : 10));
                if (getenv("LAYOUT_DEBUG")) for (int p = 0; p < f->a->n_frame_panels; p++) fprintf(stderr, "panel %.0f,%.0f %.0fx%.0f\n", f->a->frame_panels[p].x, f->a->frame_panels[p].y, f->a->frame_panels[p].w, f->a->frame_panels[p].h);
                if (present && sizes[z][0] == 1920 && r.smallest_text < 28.0f) {
                    fprintf(stderr, "%s, presenter mode at scale %.1f, 1920x1080: text of %.1f px (\"%s\")\n", what, scales[s],
                            (double)r.smallest_text, draw_cmd_text(f->dl, draw_list_at(f->dl, r.smallest_at)));
                    bad++;
                }
                int untipped = ellipses_without_tooltip(f, sizes[z][0], sizes[z][1], scales[s]);
                bad += untipped > 0;
                if (r.n == 0) continue;
                bad++;
                fprintf(stderr, "%s%s at scale %.1f, %.0fx%.0f: %d problems\n", what, present ? " (presenter mode)" : "",
                        scales[s], sizes[z][0], sizes[z][1], r.n);
                for (int i = 0; i < r.n && i < 16; i++) {
                    char msg[512];
                    layout_problem_describe(f->dl, &r.items[i], msg, sizeof msg);
                    fprintf(stderr, "  %s\n", msg);
                }
            }
    f->a->present = 0;
    assert_int_equal(bad, 0);
}

/* ---- every main view ------------------------------------------------------------------------------ */

static void test_at_views(void **state) {
    (void)state;
    test_frame *f = fixture_new(AT_MODEL);
    assert_non_null(f);
    app_state *a = f->a;
    check_all(f, "embedding (residual view)");
    app_jump_place(a, (trace_place){TB_ENCODER, 0, TS_SELF_ATTN, TO_WEIGHTS, 0});
    check_all(f, "encoder self-attention weights");
    app_jump_place(a, (trace_place){TB_ENCODER, 0, TS_SELF_ATTN, TO_MASK, 0});
    check_all(f, "encoder mask");
    app_step_token(a, +1);
    app_step_token(a, +1);
    app_step_token(a, +1);
    app_jump_place(a, (trace_place){TB_DECODER, 1, TS_SELF_ATTN, TO_MASK, 0});
    check_all(f, "decoder causal mask");
    app_jump_place(a, (trace_place){TB_DECODER, 1, TS_CROSS_ATTN, TO_WEIGHTS, 1});
    check_all(f, "cross-attention weights");
    app_jump_place(a, (trace_place){TB_DECODER, 0, TS_CROSS_ATTN, TO_Q, 0});
    check_all(f, "queries");
    app_jump_place(a, (trace_place){TB_DECODER, 0, TS_FFN, TO_FFN_HIDDEN, -1});
    check_all(f, "feed-forward (residual view)");
    app_step_edge(a, 1);
    check_all(f, "output distribution (the end)");
    test_frame_close(f);
}

static void test_nat_views(void **state) {
    (void)state;
    test_frame *f = fixture_new(NAT_MODEL);
    assert_non_null(f);
    app_jump_place(f->a, (trace_place){TB_LENGTH, -1, TS_NONE, TO_LENGTH_POOL, -1});
    check_all(f, "NAT length classifier: mean of the memory");
    app_jump_place(f->a, (trace_place){TB_LENGTH, -1, TS_NONE, TO_LENGTH_LOGITS, -1});
    check_all(f, "NAT length classifier: length logits");
    app_jump_place(f->a, (trace_place){TB_LENGTH, -1, TS_NONE, TO_LENGTH_PROBS, -1});
    check_all(f, "NAT length distribution");
    app_jump_place(f->a, (trace_place){TB_DECODER, 0, TS_SELF_ATTN, TO_WEIGHTS, 0});
    check_all(f, "NAT decoder self-attention");
    test_frame_close(f);
}

static void test_long_words_and_chinese(void **state) {
    (void)state;
    test_frame *f = fixture_new_input(ZH_MODEL, "seven thousand eight hundred seventy seven");
    assert_non_null(f);
    for (int i = 0; i < 4; i++) app_step_token(f->a, +1);
    app_jump_place(f->a, (trace_place){TB_DECODER, 1, TS_CROSS_ATTN, TO_WEIGHTS, 2});
    check_all(f, "cross-attention, long source words, Chinese output");
    app_jump_place(f->a, (trace_place){TB_DECODER, 1, TS_FFN, TO_NORM, -1});
    check_all(f, "residual view, Chinese output");
    app_step_edge(f->a, 1);
    check_all(f, "output distribution, Chinese");
    test_frame_close(f);
}

static void test_compare_mode(void **state) {
    (void)state;
    test_frame *f = fixture_new(AT_MODEL);
    assert_non_null(f);
    s2s_error err;
    assert_int_equal(compare_open(f->cmp, f->a, &err), 0);
    f->cmp->on = 1;
    f->cmp->tick = 2;
    check_all(f, "compare mode");
    test_frame_close(f);
}

/* The LayerNorm vs BatchNorm view (Shift+B): a batch of four held-out inputs at the first Add & Norm. */
static void test_norm_view(void **state) {
    (void)state;
    test_frame *f = fixture_new(AT_MODEL);
    assert_non_null(f);
    app_norm_toggle(f->a, 0);
    assert_true(app_norm_ready(f->a));
    check_all(f, "LayerNorm vs BatchNorm");
    test_frame_close(f);
}

static void test_lesson_panel(void **state) {
    (void)state;
    test_frame *f = fixture_new(AT_MODEL);
    assert_non_null(f);
    s2s_error err;
    if (lesson_player_open(f->lesson, f->a, f->cmp, "reverse", 0, &err)) fail_msg("%s", err.msg);
    check_all(f, "lesson panel");
    test_frame_close(f);
}

/* Every slide of every shipped lesson, English and Chinese, in presenter mode: the view and the lesson
 * text beside it, at the three window sizes. (Chinese text breaks before the character ahead of a
 * closing mark rather than let the mark hang past the panel's edge: tests/viz/test_lesson_layout.c.) */
static void test_presenter_lessons(void **state) {
    (void)state;
    static const char *const langs[] = {"en", "zh"};
    int bad = 0, checked = 0;
    for (size_t g = 0; g < sizeof langs / sizeof langs[0]; g++) {
        test_frame *f = fixture_new(AT_MODEL);
        assert_non_null(f);
        lesson_player_close(f->lesson);
        lesson_player_init(f->lesson, MODELS_DIR "/../../lessons", langs[g]);
        assert_true(f->lesson->list.n >= 10);
        for (int l = 0; l < f->lesson->list.n; l++) {
            s2s_error err;
            if (lesson_player_open(f->lesson, f->a, f->cmp, f->lesson->list.items[l].path, 0, &err)) fail_msg("%s", err.msg);
            for (int slide = 0; slide < f->lesson->cur.n_slides; slide++) {
                if (lesson_player_goto(f->lesson, f->a, f->cmp, slide, &err)) fail_msg("%s", err.msg);
                f->a->present = 1;
                for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
                    build(f, sizes[z][0], sizes[z][1], 1.0f);
                    layout_report r = layout_check(f->dl, sizes[z][0], sizes[z][1], f->a->frame_panels, f->a->n_frame_panels, 0);
                    checked++;
                    int small = sizes[z][0] == 1920 && r.smallest_text < 28.0f;
                    if (r.n == 0 && !small) continue;
                    bad++;
                    fprintf(stderr, "%s slide %d (presenter mode), %.0fx%.0f: %d problems%s (\"%s\")\n", f->lesson->list.items[l].path, slide + 1,
                            sizes[z][0], sizes[z][1], r.n, small ? ", text under 28 px" : "", draw_cmd_text(f->dl, draw_list_at(f->dl, r.smallest_at)));
                    for (int i = 0; i < r.n && i < 4; i++) {
                        char msg[512];
                        layout_problem_describe(f->dl, &r.items[i], msg, sizeof msg);
                        fprintf(stderr, "  %s\n", msg);
                    }
                }
            }
        }
        test_frame_close(f);
    }
    assert_true(checked > 100);
    assert_int_equal(bad, 0);
}

/* ---- the check can fail -------------------------------------------------------------------------- */

static void test_check_finds_problems(void **state) {
    (void)state;
    test_frame *f = fixture_new(AT_MODEL);
    assert_non_null(f);
    build(f, 1920, 1080, 1.0f);
    layout_report r = layout_check(f->dl, 1920, 1080, f->a->frame_panels, f->a->n_frame_panels, 0);
    assert_int_equal(r.n, 0);
    /* one more text on the first one drawn: an overlap */
    size_t first = 0;
    while (draw_list_at(f->dl, first)->kind != DRAW_TEXT) first++;
    const draw_cmd *c = draw_list_at(f->dl, first);
    draw_text(f->dl, "forced", c->x0, c->y0, c->size, c->color, c->align, 0);
    r = layout_check(f->dl, 1920, 1080, f->a->frame_panels, f->a->n_frame_panels, 0);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.items[0].kind, LAYOUT_OVERLAP);
    /* a text running out of the main panel's right edge, and one cut by a clip */
    draw_list_reset(f->dl);
    draw_rect panel = draw_rect_make(100, 100, 200, 100);
    draw_text(f->dl, "a label far too long for its panel", 110, 150, 20, c->color, DRAW_ALIGN_LEFT, 0);
    draw_clip_push(f->dl, draw_rect_make(100, 300, 50, 50));
    draw_text(f->dl, "cut", 140, 325, 14, c->color, DRAW_ALIGN_LEFT, 0);
    draw_clip_pop(f->dl);
    r = layout_check(f->dl, 1920, 1080, &panel, 1, 0);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.items[0].kind, LAYOUT_OUT_OF_PANEL);
    assert_int_equal(r.items[1].kind, LAYOUT_CLIPPED);
    assert_true(r.smallest_text == 14.0f);
    test_frame_close(f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_finds_problems), cmocka_unit_test(test_at_views), cmocka_unit_test(test_nat_views),
        cmocka_unit_test(test_long_words_and_chinese),
        cmocka_unit_test(test_compare_mode),         cmocka_unit_test(test_norm_view), cmocka_unit_test(test_lesson_panel),
        cmocka_unit_test(test_presenter_lessons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
