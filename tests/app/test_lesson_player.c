/* test_lesson_player.c: the fixture lessons (tests/data/lessons) played headless through the
 * player and the window's frame (no SDL; the draw list's fallback metric, wider than the real
 * font): each slide's state is the one its header says, exploring and paging back restores it,
 * the slide's text lies inside the lesson panel (read from the draw commands), a highlight draws
 * its ring, the picker lists every lesson (the broken one too) and opens the others, and a lesson
 * edited while it is open is read again when paging. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, utimensat */
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/keymap.h"

#include "frame_fixture.h"

#define LESSONS TEST_DATA_DIR "/lessons"

/* No model: each test's lesson loads its own. */
static int setup(void **state) {
    test_frame *f = test_frame_open(NULL, NULL, 1.0f);
    lesson_player_init(f->lesson, LESSONS, "en");
    *state = f;
    return 0;
}

static int teardown(void **state) {
    test_frame_close(*state);
    return 0;
}

/* The place of the cursor, in the names lessons use. */
static const char *place(const test_frame *f) {
    static char name[160];
    if (f->a->cursor == f->a->trace.n_steps - 1) return "end";
    trace_step_name(&f->a->trace.steps[f->a->cursor], name, sizeof name);
    return name;
}

static const char *model_stem(const test_frame *f) {
    static char stem[4096];
    const char *base = strrchr(f->a->model_path, '/');
    snprintf(stem, sizeof stem, "%s", base ? base + 1 : f->a->model_path);
    *strstr(stem, ".safetensors") = '\0';
    return stem;
}

/* The lesson panel: the rect of the text the frame drew right of every view, and a check that
 * every text command inside the panel stays inside it. Returns the number of text commands there. */
static int panel_texts_inside(const test_frame *f, float panel_x) {
    int n = 0;
    for (size_t i = 0; i < draw_list_count(f->dl); i++) {
        const draw_cmd *c = draw_list_at(f->dl, i);
        if (c->kind != DRAW_TEXT || c->rect.x < panel_x) continue;
        n++;
        if (c->rect.x + c->rect.w > 1600.0f - 10.0f + 0.5f || c->rect.y + c->rect.h > 900.0f)
            fail_msg("'%s' leaves the lesson panel (x %.0f..%.0f, y %.0f..%.0f)", draw_cmd_text(f->dl, c), c->rect.x,
                     c->rect.x + c->rect.w, c->rect.y, c->rect.y + c->rect.h);
    }
    return n;
}

/* 4-px outlines in the highlight's orange: the rings a highlight draws. */
static int rings(const test_frame *f) {
    int n = 0;
    for (size_t i = 0; i < draw_list_count(f->dl); i++) {
        const draw_cmd *c = draw_list_at(f->dl, i);
        n += c->kind == DRAW_OUTLINE && c->width == 4.0f && c->color.r == 235 && c->color.g == 110;
    }
    return n;
}

static void test_plays_reverse_slide_by_slide(void **state) {
    test_frame *f = *state;
    s2s_error err = {{0}};
    static const struct {
        const char *model, *place;
        int pass, decoder_nat, highlight_rings, dark;
    } want[] = {
        {"reverse-at", "encoder.embed", 1, 0, 0, 0},
        {"reverse-at", "decoder.layer1.cross_attn.head1.weights", 1, 0, 1, 0},
        {"reverse-at", "decoder.layer1.cross_attn.head1.weights", 3, 0, 1, 0},
        {"reverse-nat", "end", 1, 1, 0, 1},
    };
    if (lesson_player_open(f->lesson, f->a, f->cmp, "reverse", 0, &err)) fail_msg("%s", err.msg);
    for (int i = 0; i < 4; i++) {
        if (i && lesson_player_goto(f->lesson, f->a, f->cmp, i, &err)) fail_msg("slide %d: %s", i + 1, err.msg);
        test_frame_build(f);
        assert_string_equal(model_stem(f), want[i].model);
        assert_string_equal(f->a->input, "abcde");
        assert_string_equal(place(f), want[i].place);
        assert_int_equal(f->a->trace.steps[f->a->cursor].pass + 1, want[i].pass);
        assert_int_equal(f->a->model.cfg.decoder == S2S_DECODER_NAT, want[i].decoder_nat);
        assert_int_equal(f->a->dark, want[i].dark);
        assert_int_equal(f->lesson->text_overflow, 0);
        assert_true(panel_texts_inside(f, 1600.0f * 0.7f - 10.0f) >= 3); /* title, slide number, text */
        if (want[i].highlight_rings) assert_int_equal(rings(f), want[i].highlight_rings);
        else assert_int_equal(rings(f), 0);
    }
}

static void test_exploring_then_paging_restores(void **state) {
    test_frame *f = *state;
    s2s_error err = {{0}};
    if (lesson_player_open(f->lesson, f->a, f->cmp, "01", 1, &err)) fail_msg("%s", err.msg);
    int cursor = f->a->cursor, head = f->a->head;
    for (int i = 0; i < 7; i++) app_step_op(f->a, +1);
    app_set_head(f->a, 3);
    f->a->dark = 1;
    assert_int_not_equal(f->a->cursor, cursor);
    assert_int_equal(lesson_player_goto(f->lesson, f->a, f->cmp, 2, &err), 0);
    assert_int_equal(lesson_player_goto(f->lesson, f->a, f->cmp, 1, &err), 0);
    assert_int_equal(f->a->cursor, cursor);
    assert_int_equal(f->a->head, head);
    assert_int_equal(f->a->dark, 0);
    /* jumping straight to slide 3 gives what paging there gave */
    assert_int_equal(lesson_player_goto(f->lesson, f->a, f->cmp, 2, &err), 0);
    int paged = f->a->cursor;
    assert_int_equal(lesson_player_open(f->lesson, f->a, f->cmp, "reverse", 2, &err), 0);
    assert_int_equal(f->a->cursor, paged);
}

static void test_compare_and_what_if(void **state) {
    test_frame *f = *state;
    s2s_error err = {{0}};
    if (lesson_player_open(f->lesson, f->a, f->cmp, "compare", 0, &err)) fail_msg("%s", err.msg);
    assert_true(f->cmp->on);
    assert_false(f->cmp->use_distilled);
    assert_int_equal(f->cmp->tick, 2);
    assert_int_equal(lesson_player_goto(f->lesson, f->a, f->cmp, 1, &err), 0);
    assert_true(f->cmp->use_distilled);
    test_frame_build(f);
    assert_int_equal(rings(f), 1); /* highlight: panel compare */
    assert_int_equal(lesson_player_goto(f->lesson, f->a, f->cmp, 2, &err), 0);
    assert_false(f->cmp->on);
    /* what-if: 2 hundred on 1205 ("one thousand two hundred five"): decoding goes on from "one hundred" */
    assert_string_equal(f->a->model.tgt.sym[f->a->res.out[1]], "hundred");
    assert_string_equal(place(f), "decoder.layer2.ffn.norm");
    assert_int_equal(f->a->trace.steps[f->a->cursor].pass, 2);
}

static void test_picker_lists_all_and_opens_the_others(void **state) {
    test_frame *f = *state;
    s2s_error err = {{0}};
    assert_int_equal(f->lesson->list.n, 3);
    assert_int_equal(f->lesson->list.items[2].n_slides, 0); /* broken: listed, with its reason */
    assert_non_null(strstr(f->lesson->list.items[2].err.msg, "03-broken.md:2: unknown key"));
    assert_int_equal(lesson_player_open(f->lesson, f->a, f->cmp, f->lesson->list.items[2].path, 0, &err), -1);
    assert_non_null(strstr(err.msg, "03-broken.md:2:"));
    f->lesson->picker_open = 1;
    test_frame_build(f);
    int rows = 0;
    for (int i = 0; i < f->hits->n; i++) rows += f->hits->items[i].kind == HIT_LESSON_ROW;
    assert_int_equal(rows, 3);
    for (int i = 0; i < 2; i++)
        if (lesson_player_open(f->lesson, f->a, f->cmp, f->lesson->list.items[i].path, 0, &err)) fail_msg("%s", err.msg);
    /* the language switch reopens the same lesson in Chinese at the same slide */
    assert_int_equal(lesson_player_open(f->lesson, f->a, f->cmp, "reverse", 1, &err), 0);
    assert_int_equal(lesson_player_set_lang(f->lesson, f->a, f->cmp, "zh", &err), 0);
    assert_string_equal(f->lesson->cur.title, "把单词倒过来");
    assert_int_equal(f->lesson->slide, 1);
    assert_int_equal(f->lesson->list.n, 1);
}

/* Writes text to path with a modification time `second` seconds after the epoch's 1e9 (distinct). */
static void write_file(const char *path, const char *text, int second) {
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    struct timespec t[2] = {{1000000000 + second, 0}, {1000000000 + second, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

static void test_an_edited_lesson_is_read_again(void **state) {
    test_frame *f = *state;
    s2s_error err = {{0}};
    char dir[] = "/tmp/lesson_edit_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/01-edit.md", dir);
    write_file(path, "model: reverse-at\ninput: abc\n\n# One\n\n---\n\nplace: encoder.norm\n\n# Two\n", 1);
    if (lesson_player_open(f->lesson, f->a, f->cmp, path, 0, &err)) fail_msg("%s", err.msg);
    assert_int_equal(f->lesson->cur.n_slides, 2);
    /* the teacher edits slide 2 and adds a third; paging on shows the edit */
    write_file(path, "model: reverse-at\ninput: abc\n\n# One\n\n---\n\nplace: encoder.embed\n\n# Two\n\n---\n\n# Three\n", 2);
    assert_int_equal(lesson_player_goto(f->lesson, f->a, f->cmp, 1, &err), 0);
    assert_int_equal(f->lesson->cur.n_slides, 3);
    assert_string_equal(place(f), "encoder.embed");
    /* an edit with a mistake is reported with its line; the version before it stays */
    write_file(path, "model: reverse-at\nbeam: 99\n\n# One\n", 3);
    assert_int_equal(lesson_player_goto(f->lesson, f->a, f->cmp, 2, &err), -1);
    assert_non_null(strstr(err.msg, "01-edit.md:2: beam"));
    assert_int_equal(f->lesson->cur.n_slides, 3);
    assert_int_equal(lesson_player_goto(f->lesson, f->a, f->cmp, 2, &err), 0); /* reported once */
    assert_int_equal(f->lesson->slide, 2);
    remove(path);
    rmdir(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plays_reverse_slide_by_slide, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exploring_then_paging_restores, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compare_and_what_if, setup, teardown),
        cmocka_unit_test_setup_teardown(test_picker_lists_all_and_opens_the_others, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_edited_lesson_is_read_again, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
