/* test_app_attention_notes.c: two attention pictures that looked broken. In the decoder's first
 * pass every query has one key, its softmax is 1, and the thumbnails were plain yellow squares:
 * they are labelled "1 key: 1.0" (and only while that holds). The encoder's mask blocks nothing,
 * a plain yellow square too: a legend says nothing is masked; the decoder's causal mask gets the
 * allowed / blocked legend. Checked from the draw commands of frames on the shipped reverse model. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "frame_fixture.h"

#define count_text test_frame_count_text

/* Puts the cursor on place p of pass `pass` (from 0) and builds the frame. */
static void show(test_frame *f, trace_place p, int pass) {
    int i = trace_find_place(&f->a->trace, p, pass);
    assert_true(i >= 0);
    f->a->cursor = i;
    test_frame_build(f);
}

/* the thumbnail label, long or (a small thumbnail) short */
static int one_key_labels(const draw_list *dl) { return count_text(dl, "1 key: 1.0") + count_text(dl, "=1"); }

static void test_labels_and_legends(void **state) {
    (void)state;
    test_frame *f = test_frame_open("reverse-at.safetensors", "abcd", 1.0f);
    int H = f->a->model.cfg.n_heads, L = f->a->model.cfg.n_dec;

    /* pass 1, the last head of the last layer: every decoder thumbnail has one key */
    show(f, (trace_place){TB_DECODER, L - 1, TS_SELF_ATTN, TO_WEIGHTS, H - 1}, 0);
    assert_int_equal(one_key_labels(f->dl), L * H);
    /* pass 2: two keys, no label */
    show(f, (trace_place){TB_DECODER, L - 1, TS_SELF_ATTN, TO_WEIGHTS, H - 1}, 1);
    assert_int_equal(one_key_labels(f->dl), 0);

    show(f, (trace_place){TB_ENCODER, 0, TS_SELF_ATTN, TO_MASK, -1}, 0);
    assert_int_equal(count_text(f->dl, "nothing is masked: every query sees every key"), 1);
    assert_int_equal(count_text(f->dl, "blocked: −inf before softmax, weight 0"), 0);

    show(f, (trace_place){TB_DECODER, 0, TS_SELF_ATTN, TO_MASK, -1}, 3);
    assert_int_equal(count_text(f->dl, "nothing is masked: every query sees every key"), 0);
    assert_int_equal(count_text(f->dl, "allowed: the query sees this key"), 1);
    assert_int_equal(count_text(f->dl, "blocked: −inf before softmax, weight 0"), 1);

    test_frame_close(f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels_and_legends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
