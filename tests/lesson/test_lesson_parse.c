/* test_lesson_parse.c: the lesson format (docs/lessons.md): slides, headers, carried state, the
 * text's blocks and runs, and errors that name the file and the line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lesson/lesson.h"

#define DIR TEST_DATA_DIR "/lessons"

static int parse(lesson *l, const char *text, s2s_error *err) { return lesson_parse(l, text, strlen(text), "mem.md", err); }

/* Concatenated text of a block's runs. */
static const char *block_text(const lesson_block *b) {
    static char buf[1024];
    buf[0] = '\0';
    for (int i = 0; i < b->n_runs; i++) strncat(buf, b->runs[i].text, sizeof buf - strlen(buf) - 1);
    return buf;
}

static void test_fixture_slides_and_state(void **st) {
    (void)st;
    lesson l;
    s2s_error err = {{0}};
    assert_int_equal(lesson_load(&l, DIR "/en/01-reverse.md", &err), 0);
    assert_string_equal(l.name, "reverse");
    assert_string_equal(l.title, "Reversing a word");
    assert_int_equal(l.n_slides, 4);
    const lesson_state *s1 = &l.slides[0].state, *s2 = &l.slides[1].state, *s3 = &l.slides[2].state, *s4 = &l.slides[3].state;
    assert_string_equal(s1->model, "reverse-at");
    assert_string_equal(s1->input, "abcde");
    assert_string_equal(s1->place, "encoder.embed");
    assert_int_equal(s1->line[LK_PLACE], 3);
    /* slide 2 changes the place and pass; the model and input carry over */
    assert_string_equal(s2->place, "decoder.layer1.cross_attn.head1.weights");
    assert_int_equal(s2->pass, 1);
    assert_string_equal(s2->input, "abcde");
    assert_int_equal(s2->highlight.kind, LESSON_HL_ROW);
    assert_int_equal(s2->highlight.a, 1);
    /* slide 3: only the pass changes; highlight is its own */
    assert_string_equal(s3->place, s2->place);
    assert_int_equal(s3->pass, 3);
    assert_int_equal(s3->highlight.kind, LESSON_HL_CELL);
    assert_int_equal(s3->highlight.b, 3);
    /* slide 4: highlight does not carry over, the rest does */
    assert_string_equal(s4->model, "reverse-nat");
    assert_int_equal(s4->highlight.kind, LESSON_HL_NONE);
    assert_int_equal(s4->nat_length_end, 1);
    assert_int_equal(s4->dark, 1);
    assert_int_equal(s4->pass, 3);
    assert_string_equal(s4->input, "abcde");
    char path[1200];
    lesson_model_path(&l, s4, path, sizeof path);
    assert_non_null(strstr(path, "models/reverse-nat.safetensors"));
    lesson_free(&l);
}

static void test_fixture_text(void **st) {
    (void)st;
    lesson l;
    s2s_error err = {{0}};
    assert_int_equal(lesson_load(&l, DIR "/en/01-reverse.md", &err), 0);
    const lesson_slide *s = &l.slides[0];
    assert_int_equal(s->n_blocks, 4); /* heading, paragraph, two items */
    assert_int_equal(s->blocks[0].kind, LESSON_HEADING);
    assert_int_equal(s->blocks[0].level, 1);
    assert_int_equal(s->blocks[1].kind, LESSON_PARAGRAPH);
    assert_int_equal(s->blocks[1].n_runs, 3);
    assert_string_equal(s->blocks[1].runs[1].text, "abcde");
    assert_int_equal(s->blocks[1].runs[1].style, LESSON_STRONG);
    assert_int_equal(s->blocks[2].kind, LESSON_ITEM);
    assert_string_equal(s->blocks[2].marker, "•");
    assert_int_equal(s->blocks[2].runs[1].style, LESSON_EMPH);
    assert_string_equal(s->blocks[3].runs[1].text, "<end>");
    assert_int_equal(s->blocks[3].runs[1].style, LESSON_CODE);
    /* slide 2: the image is a block of its own */
    const lesson_slide *s2 = &l.slides[1];
    const lesson_block *img = &s2->blocks[s2->n_blocks - 1];
    assert_int_equal(img->kind, LESSON_IMAGE);
    assert_string_equal(img->image, "../img/diagonal.png");
    assert_string_equal(block_text(img), "A sketch of the anti-diagonal");
    char path[1200];
    lesson_image_path(&l, img->image, path, sizeof path);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fclose(f);
    lesson_free(&l);
}

static void test_header_mistake_names_file_and_line(void **st) {
    (void)st;
    lesson l;
    s2s_error err = {{0}};
    assert_int_equal(lesson_load(&l, DIR "/en/03-broken.md", &err), -1);
    assert_non_null(strstr(err.msg, "03-broken.md:2: unknown key 'modle'"));
    assert_int_equal(l.n_slides, 0);
}

/* Each bad lesson, and the start of the message it must give. */
static void test_errors_in_memory(void **st) {
    (void)st;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"beam: 9\n\ntext\n", "mem.md:1: beam must be"},
        {"# t\n\n---\n\npass: 0\n", "mem.md:5: pass counts from 1"},
        {"compare: sometimes\n", "mem.md:1: compare must be"},
        {"highlight: cell 0 2\n", "mem.md:1: highlight must be"},
        {"highlight: panel nowhere\n", "mem.md:1: no panel 'nowhere'"},
        {"what-if: two thousand\n", "mem.md:1: what-if must be"},
        {"theme: blue\n", "mem.md:1: theme must be"},
        {"model: ../x.bin\n", "mem.md:1: model must be"},
        {"place: decoder layer\n", "mem.md:1: place must be"},
        {"model: reverse-at\nand some text\n", "mem.md:2: the header's lines"},
        {"# Title\n\nSome text\n---\n", "mem.md:4: '---' right under"},
        {"# Title\n\nplace: end\n", "mem.md:3: a 'key: value' header must open"},
        {"<div>hi</div>\n", "mem.md:1: HTML is not shown"},
        {"", "mem.md:1: the lesson has no slides"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lesson l;
        s2s_error err = {{0}};
        if (parse(&l, cases[i].text, &err) != -1 || strncmp(err.msg, cases[i].want, strlen(cases[i].want)) != 0)
            fail_msg("case %zu: got '%s', want '%s...'", i, err.msg, cases[i].want);
    }
}

static void test_breaks_cjk_and_literals(void **st) {
    (void)st;
    lesson l;
    s2s_error err = {{0}};
    const char *text = "what-if: 2 <end>\ninput: a*b\n\n中文一行\n接着写\n\n---\n\n***\n\nEnglish on\ntwo lines\n\n___\n\n1. one\n2. two\n   - inner\n";
    assert_int_equal(parse(&l, text, &err), 0);
    assert_int_equal(l.n_slides, 3); /* ---, *** and ___ all break; the empty slide between is skipped */
    assert_string_equal(l.slides[0].state.what_if_token, "<end>");
    assert_int_equal(l.slides[0].state.what_if_pos, 2);
    assert_string_equal(l.slides[0].state.input, "a*b");
    assert_string_equal(block_text(&l.slides[0].blocks[0]), "中文一行接着写"); /* no space between CJK lines */
    assert_string_equal(block_text(&l.slides[1].blocks[0]), "English on two lines");
    const lesson_slide *s3 = &l.slides[2];
    assert_int_equal(s3->n_blocks, 3);
    assert_string_equal(s3->blocks[1].marker, "2.");
    assert_int_equal(s3->blocks[2].level, 2);
    assert_string_equal(s3->blocks[2].marker, "•");
    assert_string_equal(l.slides[2].state.what_if_token, "<end>"); /* carried */
    lesson_free(&l);
}

static void test_list_dir(void **st) {
    (void)st;
    static lesson_list ls;
    assert_int_equal(lesson_list_dir(&ls, DIR, "en"), 3);
    assert_string_equal(ls.items[0].name, "reverse");
    assert_int_equal(ls.items[0].n_slides, 4);
    assert_string_equal(ls.items[1].title, "AT against NAT");
    assert_int_equal(ls.items[1].n_slides, 3);
    /* the broken lesson is listed with its error; the others still open */
    assert_string_equal(ls.items[2].name, "broken");
    assert_int_equal(ls.items[2].n_slides, 0);
    assert_non_null(strstr(ls.items[2].err.msg, ":2: unknown key"));
    assert_int_equal(lesson_list_find(&ls, "compare"), 1);
    assert_int_equal(lesson_list_find(&ls, "02"), 1);
    assert_int_equal(lesson_list_find(&ls, "02-compare"), 1);
    assert_int_equal(lesson_list_find(&ls, "nothing"), -1);
    assert_int_equal(lesson_list_dir(&ls, DIR, "zh"), 1);
    assert_string_equal(ls.items[0].title, "把单词倒过来");
    assert_int_equal(lesson_list_dir(&ls, DIR, "fr"), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_slides_and_state), cmocka_unit_test(test_fixture_text),
        cmocka_unit_test(test_header_mistake_names_file_and_line), cmocka_unit_test(test_errors_in_memory),
        cmocka_unit_test(test_breaks_cjk_and_literals), cmocka_unit_test(test_list_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
