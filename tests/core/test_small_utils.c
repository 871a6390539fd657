/* test_small_utils.c: the small helpers of core/util.h: UTF-8 walking on valid and broken text, and
 * growing arrays. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static void test_valid_len(void **state) {
    (void)state;
    assert_int_equal(utf8_valid_len("a"), 1);
    assert_int_equal(utf8_valid_len("é"), 2);
    assert_int_equal(utf8_valid_len("千"), 3);
    assert_int_equal(utf8_valid_len("😀"), 4);
    assert_int_equal(utf8_valid_len(""), 0);
    assert_int_equal(utf8_valid_len("\x80"), 0);             /* a continuation byte alone */
    assert_int_equal(utf8_valid_len("\xC0\xAF"), 0);         /* overlong '/' */
    assert_int_equal(utf8_valid_len("\xE0\x80\xAF"), 0);     /* overlong, three bytes */
    assert_int_equal(utf8_valid_len("\xED\xA0\x80"), 0);     /* a UTF-16 surrogate */
    assert_int_equal(utf8_valid_len("\xF4\x90\x80\x80"), 0); /* above U+10FFFF */
    assert_int_equal(utf8_valid_len("\xE5\x8D"), 0);         /* cut by the end of the string */
    assert_int_equal(utf8_valid_len("\xFF"), 0);
}

static void test_next_decodes_and_always_advances(void **state) {
    (void)state;
    const char *s = "a\xC3\xA9\xE5\x8D\x83\xF0\x9F\x98\x80";
    assert_int_equal(utf8_next(&s), 'a');
    assert_int_equal(utf8_next(&s), 0xE9);
    assert_int_equal(utf8_next(&s), 0x5343);
    assert_int_equal(utf8_next(&s), 0x1F600);
    assert_int_equal(*s, 0);
    const char *bad = "\xFF\xE5\x8Dx", *p = bad;
    assert_int_equal(utf8_next(&p), 0xFFFD);
    assert_ptr_equal(p, bad + 1);
    assert_int_equal(utf8_next(&p), 0xFFFD); /* the cut sequence: one byte at a time */
    assert_ptr_equal(p, bad + 2);
    assert_int_equal(utf8_next(&p), 0xFFFD);
    assert_int_equal(utf8_next(&p), 'x');
    assert_int_equal(utf8_next(&p), 0);      /* the end stays the end */
    assert_ptr_equal(p, bad + 4);
}

static void test_prev_cut_count(void **state) {
    (void)state;
    const char *s = "ab千é";                 /* a b E5 8D 83 C3 A9 */
    assert_int_equal(utf8_prev(s, strlen(s)), 5);
    assert_int_equal(utf8_prev(s, 5), 2);
    assert_int_equal(utf8_prev(s, 2), 1);
    assert_int_equal(utf8_prev(s, 0), 0);
    assert_int_equal(utf8_cut(s, 4), 2);      /* inside 千: cut before it */
    assert_int_equal(utf8_cut(s, 5), 5);
    assert_int_equal(utf8_cut(s, 6), 5);
    assert_int_equal(utf8_cut("\xFF\xFF", 1), 1); /* invalid bytes stand alone */
    assert_int_equal(utf8_count(s), 4);
    assert_int_equal(utf8_count("\xFF" "a"), 2);
    assert_int_equal(utf8_count(""), 0);
}

static void test_array_grow(void **state) {
    (void)state;
    int *a = NULL;
    size_t cap = 0;
    assert_int_equal(array_grow((void **)&a, &cap, 1, sizeof *a, 8), 0);
    assert_int_equal(cap, 8);
    for (int i = 0; i < 8; i++) a[i] = i;
    assert_int_equal(array_grow((void **)&a, &cap, 8, sizeof *a, 8), 0);
    assert_int_equal(cap, 8); /* enough already: unchanged */
    assert_int_equal(array_grow((void **)&a, &cap, 9, sizeof *a, 8), 0);
    assert_int_equal(cap, 16);
    assert_int_equal(array_grow((void **)&a, &cap, 100, sizeof *a, 8), 0);
    assert_int_equal(cap, 128);
    for (int i = 0; i < 8; i++) assert_int_equal(a[i], i); /* kept */
    int *before = a;
    assert_int_equal(array_grow((void **)&a, &cap, SIZE_MAX / 2, sizeof *a, 8), -1); /* too large */
    assert_ptr_equal(a, before);
    assert_int_equal(cap, 128);
    free(a);
    int arr[7];
    assert_int_equal(ARRAY_LEN(arr), 7);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_len),
        cmocka_unit_test(test_next_decodes_and_always_advances),
        cmocka_unit_test(test_prev_cut_count),
        cmocka_unit_test(test_array_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
