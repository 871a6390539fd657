/* test_keymap.c: the key map table drives the window: every key the help lists works, the head
 * keys 1…9 are in it like every other key, and a key that is no binding does nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "app/keymap.h"
#include "platform/keys.h"

static void test_lookup(void **state) {
    (void)state;
    assert_int_equal(keymap_lookup(WINDOW_KEY_RIGHT, 0), ACT_NEXT_OP);
    assert_int_equal(keymap_lookup(WINDOW_KEY_RIGHT, WINDOW_MOD_SHIFT), ACT_NEXT_SUB);
    assert_int_equal(keymap_lookup(WINDOW_KEY_PAGE_DOWN, 0), ACT_NEXT_SLIDE); /* steps tokens when no lesson is open (app.c) */
    assert_int_equal(keymap_lookup(WINDOW_KEY_ESCAPE, 0), ACT_CLOSE);
    assert_int_equal(keymap_lookup(WINDOW_KEY_F11, 0), ACT_FULLSCREEN);
    assert_int_equal(keymap_lookup('q', WINDOW_MOD_CTRL), ACT_QUIT);
    assert_int_equal(keymap_lookup('q', 0), ACT_NONE);                       /* mods must match exactly */
    assert_int_equal(keymap_lookup('e', WINDOW_MOD_SHIFT | WINDOW_MOD_SUPER), ACT_EXPORT_GRID); /* Super is ignored */
    assert_int_equal(keymap_lookup(0, 0), ACT_NONE);                         /* the mouse rows bind nothing */
    assert_int_equal(keymap_lookup(WINDOW_KEY_UNKNOWN, 0), ACT_NONE);
}

static void test_head_keys(void **state) {
    (void)state;
    for (int k = 0; k < ACT_HEAD_COUNT; k++) assert_int_equal(keymap_lookup('1' + k, 0), ACT_HEAD_1 + k);
    assert_int_equal(keymap_lookup('0', 0), ACT_NONE);
    assert_int_equal(keymap_lookup('1', WINDOW_MOD_CTRL), ACT_NONE);
}

static void test_table_lists_each_action(void **state) {
    (void)state;
    int n, shown[ACT_COUNT] = {0}, listed = 0;
    const key_binding *t = keymap_table(&n);
    for (int i = 0; i < n; i++) {
        if (!t[i].keys) continue;
        assert_non_null(t[i].what);
        listed++;
        shown[t[i].action] = 1;
    }
    /* every action but the eight head keys after the first has a line of its own */
    for (int act = ACT_NONE + 1; act < ACT_COUNT; act++)
        if (act <= ACT_HEAD_1 || act >= ACT_HEAD_1 + ACT_HEAD_COUNT) assert_true(shown[act]);
    assert_true(listed > 30);
}

/* Presenter mode's own keys: B and W black and whiten the screen there and keep compare mode's and the
 * beam's meaning elsewhere; keys without a presenter binding mean the same in both; no key is bound
 * twice in one mode (the table settles every key). */
static void test_presenter_keys(void **state) {
    (void)state;
    assert_int_equal(keymap_lookup_mode('b', 0, 1), ACT_BLACK);
    assert_int_equal(keymap_lookup_mode('w', 0, 1), ACT_WHITE);
    assert_int_equal(keymap_lookup_mode('h', 0, 1), ACT_SPOTLIGHT);
    assert_int_equal(keymap_lookup_mode('b', 0, 0), ACT_BATCH);
    assert_int_equal(keymap_lookup('h', 0), ACT_NONE);
    assert_int_equal(keymap_lookup_mode(WINDOW_KEY_F1 + 4, 0, 1), ACT_PRESENT);
    assert_int_equal(keymap_lookup_mode(WINDOW_KEY_F1 + 4, 0, 0), ACT_PRESENT);
    assert_int_equal(keymap_lookup_mode(WINDOW_KEY_PAGE_DOWN, 0, 1), ACT_NEXT_SLIDE);
    int n;
    const key_binding *t = keymap_table(&n);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (t[i].key && t[i].key == t[j].key && t[i].mods == t[j].mods && t[i].mode == t[j].mode)
                fail_msg("key %d (mods %d) is bound twice: %s and %s", t[i].key, t[i].mods, t[i].what, t[j].what);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_head_keys),
        cmocka_unit_test(test_table_lists_each_action),
        cmocka_unit_test(test_presenter_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
