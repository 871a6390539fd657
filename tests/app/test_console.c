/* test_console.c: the presenter console's draw commands (app_frame_console, viz/view_console.c),
 * built without a window. On a lesson slide its "next" panel holds the next slide's text and not the
 * current one's; on the last slide it says so; without a lesson it shows this step's caption and the
 * step Page Down goes to. Every slide of every shipped lesson, English and Chinese, and a whole
 * decode's steps, drawn at 1280x720 and 1920x1080 and text scales 1 and 2, pass the layout check
 * the main views pass (no text clipped, out of its panel or overlapping). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_console.h"
#include "core/i18n.h"
#include "viz/layout_check.h"

#include "frame_fixture.h"

#define AT_MODEL "number-words-at.safetensors"
#define LESSONS MODELS_DIR "/../../lessons"

enum { PANEL_BAR, PANEL_NOW, PANEL_NEXT, PANEL_KEYS };

static const float sizes[][2] = {{1280, 720}, {1920, 1080}};
static const float scales[] = {1.0f, 2.0f};

/* Appends s to out without its white space (lines break differently at different sizes). */
static void squeeze_into(char *out, size_t cap, const char *s) {
    size_t n = strlen(out);
    for (; *s && n + 1 < cap; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t') out[n++] = *s;
    out[n] = '\0';
}

/* Every text drawn with its anchor inside r, in drawing order, without white space. */
static void texts_in(const draw_list *dl, draw_rect r, char *out, size_t cap) {
    out[0] = '\0';
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind == DRAW_TEXT && rect_contains(r, c->x0, c->y0)) squeeze_into(out, cap, draw_cmd_text(dl, c));
    }
}

/* 1 when every text block of slide s shows, in order, in the squeezed text `shown`. */
static int slide_shown(const lesson_slide *s, const char *shown) {
    int blocks = 0;
    for (int b = 0; b < s->n_blocks; b++) {
        char want[4096] = "";
        if (s->blocks[b].kind == LESSON_IMAGE) continue;
        for (int r = 0; r < s->blocks[b].n_runs; r++) squeeze_into(want, sizeof want, s->blocks[b].runs[r].text);
        if (!want[0]) continue;
        if (!strstr(shown, want)) return 0;
        blocks++;
    }
    return blocks > 0;
}

static console_shown draw_console(test_frame *f, float w, float h, float scale) {
    f->a->ui = scale;
    draw_list_reset(f->dl);
    return app_frame_console(f->a, f->lesson, f->dl, f->hits, w, h, 125000, -1, -1);
}

static test_frame *lesson_fixture(const char *lang, const char *name, int slide) {
    test_frame *f = test_frame_open(AT_MODEL, "123", 1.0f);
    lesson_player_init(f->lesson, LESSONS, lang);
    s2s_error err;
    if (lesson_player_open(f->lesson, f->a, f->cmp, name, slide, &err)) fail_msg("%s", err.msg);
    f->a->present = 1;
    return f;
}

/* A slide in the middle: the current slide in "now", the next one (not this one) in "next". */
static void test_lesson_slide(void **state) {
    (void)state;
    test_frame *f = lesson_fixture("en", "self-attention", 1);
    console_shown c = draw_console(f, 1920, 1080, 1.0f);
    const lesson *l = &f->lesson->cur;
    assert_true(l->n_slides >= 4);
    assert_int_equal(c.slide, 2);
    assert_int_equal(c.n_slides, l->n_slides);
    assert_int_equal(c.next, 3);
    static char now[16384], next[16384];
    texts_in(f->dl, c.layout.panels[PANEL_NOW], now, sizeof now);
    texts_in(f->dl, c.layout.panels[PANEL_NEXT], next, sizeof next);
    assert_true(slide_shown(&l->slides[1], now));
    assert_true(slide_shown(&l->slides[2], next));
    assert_false(slide_shown(&l->slides[1], next));
    assert_false(slide_shown(&l->slides[3], next));
    char title[64], bar[1024];
    snprintf(title, sizeof title, "Next: slide %d / %d", 3, l->n_slides);
    assert_int_equal(test_frame_count_text(f->dl, title), 1);
    texts_in(f->dl, c.layout.panels[PANEL_BAR], bar, sizeof bar);
    assert_non_null(strstr(bar, "2:05")); /* the clock: 125 s */
    char count[32], squeezed[32] = "";
    snprintf(count, sizeof count, "slide 2 / %d", l->n_slides);
    squeeze_into(squeezed, sizeof squeezed, count);
    assert_non_null(strstr(bar, squeezed));
    /* the keys come from the key map: Page Down, B, Esc */
    assert_int_equal(test_frame_count_text(f->dl, "PgDn"), 1); /* the strip's (the lesson panel's button is "PgDn ▶") */
    assert_int_equal(test_frame_count_text(f->dl, "B"), 1);
    assert_int_equal(test_frame_count_text(f->dl, "Esc"), 1);
    /* blanked: the bar says what the class sees */
    f->a->blank = PRESENT_BLACK;
    draw_console(f, 1920, 1080, 1.0f);
    assert_int_equal(test_frame_count_text(f->dl, "the class sees a black screen"), 1);
    test_frame_close(f);
}

/* The last slide: no next slide's text, a sentence saying it is the last. */
static void test_last_slide(void **state) {
    (void)state;
    test_frame *f = lesson_fixture("en", "self-attention", 0);
    int last = f->lesson->cur.n_slides - 1;
    s2s_error err;
    if (lesson_player_goto(f->lesson, f->a, f->cmp, last, &err)) fail_msg("%s", err.msg);
    console_shown c = draw_console(f, 1280, 720, 1.0f);
    assert_int_equal(c.slide, last + 1);
    assert_int_equal(c.next, 0);
    assert_int_equal(test_frame_count_text(f->dl, "this is the last slide"), 1);
    static char next[16384];
    texts_in(f->dl, c.layout.panels[PANEL_NEXT], next, sizeof next);
    assert_false(slide_shown(&f->lesson->cur.slides[last], next));
    assert_false(slide_shown(&f->lesson->cur.slides[0], next));
    test_frame_close(f);
}

/* No lesson: this step's name and caption, the next presenter step's name (where Page Down goes). */
static void test_steps(void **state) {
    (void)state;
    test_frame *f = test_frame_open(AT_MODEL, "123", 1.0f);
    f->a->present = 1;
    f->a->cursor = 0;
    app_present_step(f->a, +1);
    int here = f->a->cursor;
    console_shown c = draw_console(f, 1920, 1080, 1.0f);
    assert_int_equal(f->a->cursor, here); /* looking ahead does not move */
    app_present_step(f->a, +1);
    int want = f->a->cursor;
    f->a->cursor = here;
    assert_true(want > here);
    assert_int_equal(c.next, want);
    char name[256], caption[VIEW_CAPTION_MAX], now[8192] = "", next[8192] = "", want_name[256] = "";
    view_describe_step(&f->a->model, &f->a->trace.steps[want], name, sizeof name);
    squeeze_into(want_name, sizeof want_name, name);
    texts_in(f->dl, c.layout.panels[PANEL_NEXT], next, sizeof next);
    assert_non_null(strstr(next, want_name));
    snprintf(caption, sizeof caption, "%s", f->a->caption);
    texts_in(f->dl, c.layout.panels[PANEL_NOW], now, sizeof now);
    view_describe_step(&f->a->model, &f->a->trace.steps[here], name, sizeof name);
    want_name[0] = '\0';
    squeeze_into(want_name, sizeof want_name, name);
    assert_non_null(strstr(now, want_name));
    assert_null(strstr(next, want_name)); /* the next panel is not this step's */
    /* at the decode's end: no next step */
    f->a->cursor = f->a->trace.n_steps - 1;
    c = draw_console(f, 1920, 1080, 1.0f);
    assert_int_equal(c.next, -1);
    assert_int_equal(test_frame_count_text(f->dl, "the end of the decode"), 1);
    test_frame_close(f);
}

/* Checks the console's frame as it stands at every size and scale; returns the problems, described. */
static int check_sizes(test_frame *f, const char *what) {
    int bad = 0;
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
        for (size_t s = 0; s < sizeof scales / sizeof scales[0]; s++) {
            console_shown c = draw_console(f, sizes[z][0], sizes[z][1], scales[s]);
            layout_report r = layout_check(f->dl, sizes[z][0], sizes[z][1], c.layout.panels, c.layout.n_panels, 0);
            if (r.n == 0 && !c.layout.overflow && r.texts > 10) continue;
            bad++;
            fprintf(stderr, "%s at %.0fx%.0f, scale %.0f: %d problems%s, %d texts\n", what, sizes[z][0], sizes[z][1],
                    (double)scales[s], r.n, c.layout.overflow ? ", text does not fit" : "", r.texts);
            for (int i = 0; i < r.n && i < 4; i++) {
                char msg[512];
                layout_problem_describe(f->dl, &r.items[i], msg, sizeof msg);
                fprintf(stderr, "  %s\n", msg);
            }
        }
    return bad;
}

/* Every slide of every shipped lesson in both languages, and a decode's presenter steps. */
static void test_layout(void **state) {
    (void)state;
    static const char *const langs[] = {"en", "zh"};
    int bad = 0, checked = 0;
    for (size_t g = 0; g < sizeof langs / sizeof langs[0]; g++) {
        s2s_error err;
        if (i18n_init(langs[g], &err)) fail_msg("%s", err.msg);
        test_frame *f = test_frame_open(AT_MODEL, "123", 1.0f);
        f->a->present = 1;
        lesson_player_init(f->lesson, LESSONS, langs[g]);
        for (int l = 0; l < f->lesson->list.n; l++) {
            if (lesson_player_open(f->lesson, f->a, f->cmp, f->lesson->list.items[l].path, 0, &err)) fail_msg("%s", err.msg);
            for (int slide = 0; slide < f->lesson->cur.n_slides; slide++, checked++) {
                if (lesson_player_goto(f->lesson, f->a, f->cmp, slide, &err)) fail_msg("%s", err.msg);
                char what[1200];
                snprintf(what, sizeof what, "%s slide %d", f->lesson->list.items[l].path, slide + 1);
                bad += check_sizes(f, what);
            }
        }
        lesson_player_close(f->lesson);
        test_frame_close(f);
        f = test_frame_open(AT_MODEL, "123", 1.0f); /* no lesson: the steps, with their captions */
        f->a->present = 1;
        f->a->cursor = 0;
        for (int k = 0, before = -1; k < 400 && f->a->cursor != before; k++, checked++) {
            char what[64];
            snprintf(what, sizeof what, "%s step %d", langs[g], f->a->cursor);
            bad += check_sizes(f, what);
            before = f->a->cursor;
            app_present_step(f->a, +1);
        }
        test_frame_close(f);
    }
    s2s_error err;
    assert_int_equal(i18n_init("en", &err), 0);
    assert_true(checked > 100);
    assert_int_equal(bad, 0);
}

int main(void) {
    s2s_error err;
    if (i18n_init("en", &err)) fprintf(stderr, "%s\n", err.msg);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lesson_slide), cmocka_unit_test(test_last_slide), cmocka_unit_test(test_steps),
        cmocka_unit_test(test_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
