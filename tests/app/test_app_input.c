/* test_app_input.c: the input and target boxes as a new user meets them: focusing a box selects its
 * old text so that typing replaces it (never appended by surprise); → keeps it and typing appends;
 * Ctrl+A selects, Backspace then empties; Ctrl+U and the boxes' × empty them; the frame draws the
 * selection highlighted and offers the × as a click target. Runs on the shipped reverse AT model. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keymap.h"
#include "app_fixture.h"
#include "frame_fixture.h"

static void test_typing_after_focus_replaces_the_old_input(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    app_edit_toggle(a, APP_BOX_INPUT); /* Enter, or a click in the box */
    assert_true(a->input_focus);
    assert_true(a->text_selected);
    assert_int_equal(app_type(a, "x", 0), 0);
    assert_string_equal(a->input, "x"); /* not "abcx" */
    assert_false(a->text_selected);
    assert_int_equal(app_type(a, "y", 0), 0);
    assert_string_equal(a->input, "xy"); /* after the first character, typing appends */
    app_finish(a, &(s2s_error){0});
    assert_int_equal(a->res.n_out >= 2, 1); /* it decoded the new input */
    app_edit_toggle(a, APP_BOX_INPUT);      /* Enter again: stops typing */
    assert_false(a->input_focus);
    close_model(a);
}

static void test_right_arrow_keeps_the_old_input(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    app_edit_toggle(a, APP_BOX_INPUT);
    app_keep_text(a);
    assert_int_equal(app_type(a, "d", 0), 0);
    assert_string_equal(a->input, "abcd");
    close_model(a);
}

static void test_select_all_then_backspace_empties(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    app_select_all(a); /* Ctrl+A with no box focused: the input */
    assert_true(a->input_focus);
    assert_true(a->text_selected);
    app_backspace(a, 0);
    assert_string_equal(a->input, "");
    assert_false(a->text_selected);
    app_backspace(a, 0); /* nothing left: nothing happens */
    assert_string_equal(a->input, "");
    close_model(a);
}

static void test_an_invalid_character_keeps_the_selection(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    app_edit_toggle(a, APP_BOX_INPUT);
    assert_int_equal(app_type(a, "€", 0), -1); /* not in the vocabulary: refused with a hint */
    assert_string_equal(a->input, "abc");
    assert_true(a->text_selected);
    close_model(a);
}

static void test_clear_empties_input_and_target(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    s2s_error err;
    assert_int_equal(app_set_target(a, "cba", &err), 0);
    app_finish(a, &err);
    assert_true(a->teach_ready);
    app_clear_box(a, APP_BOX_INPUT, 0); /* Ctrl+U, the input's × */
    assert_string_equal(a->input, "");
    app_clear_box(a, APP_BOX_TARGET, 0); /* the target's ×: teacher forcing off */
    assert_string_equal(a->target, "");
    app_finish(a, &err);
    assert_false(a->teach_ready);
    /* typing into the emptied input decodes it */
    app_edit_toggle(a, APP_BOX_INPUT);
    assert_false(a->text_selected); /* nothing to select */
    assert_int_equal(app_type(a, "ab", 0), 0);
    assert_string_equal(a->input, "ab");
    close_model(a);
}

static void test_target_box_selects_and_replaces(void **state) {
    (void)state;
    app_state *a = open_model(AT_MODEL, "abc");
    s2s_error err;
    assert_int_equal(app_set_target(a, "cba", &err), 0);
    app_edit_toggle(a, APP_BOX_TARGET);
    assert_true(a->target_focus);
    assert_false(a->input_focus);
    assert_true(a->text_selected);
    assert_int_equal(app_type_target(a, "c", 0), 0);
    assert_string_equal(a->target, "c");
    assert_string_equal(a->input, "abc"); /* the input is not touched */
    close_model(a);
}

/* The frame: the selection is drawn in the accent colour, and each box with text has a × whose
 * click target carries the clear action. */
static void test_frame_draws_selection_and_clear_buttons(void **state) {
    (void)state;
    test_frame *f = test_frame_open("reverse-at.safetensors", "abc", 1.0f);
    app_state *a = f->a;
    s2s_error err;
    assert_int_equal(app_set_target(a, "cba", &err), 0);
    app_finish(a, &err);
    hit_list *hits = f->hits;
    draw_list *dl = f->dl;
    for (int selected = 0; selected <= 1; selected++) {
        if (selected) app_edit_toggle(a, APP_BOX_INPUT);
        test_frame_build(f);
        int clear_input = 0, clear_target = 0;
        for (int i = 0; i < hits->n; i++)
            if (hits->items[i].kind == HIT_ACTION) {
                clear_input += hits->items[i].action == ACT_CLEAR_INPUT;
                clear_target += hits->items[i].action == ACT_CLEAR_TARGET;
            }
        assert_int_equal(clear_input, 1);
        assert_int_equal(clear_target, 1);
        /* the input text "abc" is drawn in the background colour (on the accent) exactly when selected */
        const theme *th = theme_light();
        int on_accent = 0, found = 0;
        for (size_t i = 0; i < draw_list_count(dl); i++) {
            const draw_cmd *c = draw_list_at(dl, i);
            if (c->kind == DRAW_TEXT && strcmp(draw_cmd_text(dl, c), "abc") == 0) {
                found = 1;
                on_accent = memcmp(&c->color, &th->background, sizeof c->color) == 0;
            }
        }
        assert_true(found);
        assert_int_equal(on_accent, selected);
    }
    test_frame_close(f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typing_after_focus_replaces_the_old_input),
        cmocka_unit_test(test_right_arrow_keeps_the_old_input),
        cmocka_unit_test(test_select_all_then_backspace_empties),
        cmocka_unit_test(test_an_invalid_character_keeps_the_selection),
        cmocka_unit_test(test_clear_empties_input_and_target),
        cmocka_unit_test(test_target_box_selects_and_replaces),
        cmocka_unit_test(test_frame_draws_selection_and_clear_buttons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
