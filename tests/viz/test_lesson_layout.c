/* test_lesson_layout.c: a slide's text wrapped into draw commands (with the fallback metric, which
 * is wider than the real font): lines stay inside the rectangle, a Latin word is never split,
 * Chinese breaks between characters but never before closing punctuation, styles become their own
 * commands, and text taller than the rectangle is reported as overflow. */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "viz/lesson_layout.h"

static lesson parse(const char *md) {
    lesson l;
    s2s_error err = {{0}};
    if (lesson_parse(&l, md, strlen(md), "t.md", &err)) fail_msg("%s", err.msg);
    return l;
}

/* Texts of the DRAW_TEXT commands, and checks that each lies inside r. */
static int texts(draw_list *dl, draw_rect r, const char **out, int cap) {
    int n = 0;
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind != DRAW_TEXT) continue;
        if (c->rect.x < r.x - 0.5f || c->rect.x + c->rect.w > r.x + r.w + 0.5f || c->rect.y < r.y - 0.5f)
            fail_msg("'%s' lies outside the text rect (x %.1f w %.1f)", draw_cmd_text(dl, c), c->rect.x, c->rect.w);
        if (n < cap) out[n++] = draw_cmd_text(dl, c);
    }
    return n;
}

static void test_latin_words_are_not_split(void **st) {
    (void)st;
    lesson l = parse("# T\n\nThe Transformer decoder attends to the encoder memory with cross-attention, "
                     "one query at a time, and the word Transformer appears again here.\n");
    draw_list *dl = draw_list_create();
    lesson_layout_style style = {20.0f, theme_light(), NULL};
    draw_rect r = draw_rect_make(10, 10, 300, 600);
    lesson_layout_result res = lesson_layout(dl, &l.slides[0], r, &style, 1);
    assert_int_equal(res.overflow, 0);
    assert_true(res.n_lines >= 4); /* the heading and a paragraph wrapped over several lines */
    const char *t[64];
    int n = texts(dl, r, t, 64);
    /* every word drawn is a whole word of the source: none was split across lines */
    const char *src = " The Transformer decoder attends to the encoder memory with cross-attention, one query at a time, "
                      "and the word Transformer appears again here. ";
    int words = 0;
    for (int i = 1; i < n; i++) { /* [0] is the heading */
        char line[512], *save = NULL;
        snprintf(line, sizeof line, "%s", t[i]);
        for (char *w = strtok_r(line, " ", &save); w; w = strtok_r(NULL, " ", &save), words++) {
            char needle[128];
            snprintf(needle, sizeof needle, " %s ", w);
            if (!strstr(src, needle)) fail_msg("'%s' is not a whole word of the source (line '%s')", w, t[i]);
        }
    }
    assert_int_equal(words, 22);
    draw_list_destroy(dl);
    lesson_free(&l);
}

static void test_cjk_breaks_between_characters(void **st) {
    (void)st;
    lesson l = parse("编码器一次读完全部五个字母，解码器每一步只写一个字母，写完后输出结束。英文单词 Transformer 不能从中间断开。\n");
    draw_list *dl = draw_list_create();
    lesson_layout_style style = {20.0f, theme_light(), NULL};
    draw_rect r = draw_rect_make(0, 0, 205, 600); /* 10 wide characters and a bit */
    lesson_layout_result res = lesson_layout(dl, &l.slides[0], r, &style, 1);
    assert_int_equal(res.overflow, 0);
    const char *t[64];
    int n = texts(dl, r, t, 64);
    assert_true(n >= 4);
    int whole = 0;
    for (int i = 0; i < n; i++) {
        assert_true(strncmp(t[i], "，", 3) != 0 && strncmp(t[i], "。", 3) != 0); /* never starts a line */
        whole += strstr(t[i], "Transformer") != NULL;
    }
    assert_int_equal(whole, 1);
    draw_list_destroy(dl);
    lesson_free(&l);
}

static void test_styles_and_overflow(void **st) {
    (void)st;
    lesson l = parse("Plain **strong** and `code`.\n\n- one\n- two\n");
    draw_list *dl = draw_list_create();
    lesson_layout_style style = {20.0f, theme_light(), NULL};
    draw_rect r = draw_rect_make(0, 0, 600, 400);
    lesson_layout_result res = lesson_layout(dl, &l.slides[0], r, &style, 1);
    assert_int_equal(res.n_lines, 3);
    const char *t[16];
    int n = texts(dl, r, t, 16);
    int strong = 0, code = 0, bullets = 0;
    for (int i = 0; i < n; i++) {
        strong += strcmp(t[i], "strong") == 0;
        code += strcmp(t[i], "code") == 0;
        bullets += strcmp(t[i], "•") == 0;
    }
    assert_int_equal(strong, 1);
    assert_int_equal(code, 1);
    assert_int_equal(bullets, 2);
    /* the same text in a rectangle too short for it */
    draw_list_reset(dl);
    res = lesson_layout(dl, &l.slides[0], draw_rect_make(0, 0, 600, 60), &style, 1);
    assert_int_equal(res.overflow, 1);
    /* measuring only (draw = 0) gives the same height and draws nothing */
    draw_list_reset(dl);
    lesson_layout_result m = lesson_layout(dl, &l.slides[0], r, &style, 0);
    assert_int_equal(draw_list_count(dl), 0);
    lesson_layout_result d = lesson_layout(dl, &l.slides[0], r, &style, 1);
    assert_float_equal(m.height, d.height, 1e-3);
    draw_list_destroy(dl);
    lesson_free(&l);
}

/* ---- Chinese line breaking: closing marks never start a line, opening ones never end it ---------------- */

/* The width of text in the fallback metric at the tests' size. */
static float width_of(draw_list *dl, const char *text) {
    float w;
    draw_measure(dl, text, 20.0f, &w, NULL);
    return w;
}

/* Lays md out at width w (one paragraph) and joins its lines: each line's texts left to right, lines
 * separated by '|', into out. Fails when a text leaves the rectangle, a line starts with a closing
 * mark or ends with an opening one. */
static void lay_lines(const char *md, float w, char *out, size_t cap) {
    lesson l = parse(md);
    draw_list *dl = draw_list_create();
    lesson_layout_style style = {20.0f, theme_light(), NULL};
    draw_rect r = draw_rect_make(0, 0, w, 600);
    lesson_layout_result res = lesson_layout(dl, &l.slides[0], r, &style, 1);
    const char *t[64];
    texts(dl, r, t, 64); /* each inside r */
    out[0] = '\0';
    float y = -1.0f;
    for (size_t i = 0; i < draw_list_count(dl); i++) { /* texts come line by line, left to right */
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind != DRAW_TEXT) continue;
        if (y >= 0.0f && c->y0 != y) strncat(out, "|", cap - strlen(out) - 1);
        y = c->y0;
        strncat(out, draw_cmd_text(dl, c), cap - strlen(out) - 1);
    }
    static const char *const closing[] = {"，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "》"};
    static const char *const opening[] = {"（", "「", "『", "《"};
    char copy[1024];
    snprintf(copy, sizeof copy, "|%s|", out);
    for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++) {
        char bad[16];
        snprintf(bad, sizeof bad, "|%s", closing[i]);
        if (strstr(copy, bad)) fail_msg("a line starts with %s: %s", closing[i], out);
    }
    for (size_t i = 0; i < sizeof opening / sizeof opening[0]; i++) {
        char bad[16];
        snprintf(bad, sizeof bad, "%s|", opening[i]);
        if (strstr(copy, bad)) fail_msg("a line ends with %s: %s", opening[i], out);
    }
    assert_int_equal(res.overflow, 0);
    draw_list_destroy(dl);
    lesson_free(&l);
}

/* Paragraphs laid out at the width of `fits` and half of `half_more`: the break falls just before a
 * closing mark or just after an opening one. `lines` is what they must give, lines split by '|'. */
static const struct {
    const char *md, *fits, *half_more, *lines;
} mark_cases[] = {
    /* "。」" after a strong run: 好 goes down with it */
    {"他说「**你好**」。后来他走了。\n", "他说「你好", "」。", "他说「你|好」。后来他|走了。"},
    /* "）。" after a number: the bracket and the number go down with it (a number is not split) */
    {"取 **one**（1.000）。\n", "取 one（1.000", "）。", "取 one|（1.000）。"},
    /* "，" after a quote */
    {"读作“**十二**”，不是一二。\n", "读作“十二”", "，", "读作“十|二”，不是一|二。"},
    /* 「 would end the line (the strong run after it does not fit): it goes down with 好 */
    {"他说「**好**」\n", "他说「", "好", "他说|「好」"},
    /* an opening bracket stays with the whole Latin word after it, which is never split */
    {"看答案（ground）。\n", "（ground）。", "r", "看答案|（ground）。"},
};

static void test_marks_go_down_with_the_character_beside_them(void **st) {
    (void)st;
    draw_list *dl = draw_list_create();
    for (size_t i = 0; i < sizeof mark_cases / sizeof mark_cases[0]; i++) {
        char lines[1024];
        float w = width_of(dl, mark_cases[i].fits) + width_of(dl, mark_cases[i].half_more) * 0.5f;
        lay_lines(mark_cases[i].md, w, lines, sizeof lines);
        assert_string_equal(lines, mark_cases[i].lines);
    }
    draw_list_destroy(dl);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latin_words_are_not_split),
        cmocka_unit_test(test_cjk_breaks_between_characters),
        cmocka_unit_test(test_styles_and_overflow),
        cmocka_unit_test(test_marks_go_down_with_the_character_beside_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
