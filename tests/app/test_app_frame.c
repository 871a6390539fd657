/* test_app_frame.c: a frame built without a window (no SDL) has click targets that say what they
 * are: every place the architecture, the residual view and the grid offer exists in the decode and
 * a click there lands on it; the header's buttons carry their actions; head tabs their heads. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keymap.h"

#include "frame_fixture.h"

static int setup(void **state) {
    *state = test_frame_open("number-words-at.safetensors", NULL, 1.0f);
    return 0;
}

static int teardown(void **state) {
    test_frame_close(*state);
    return 0;
}

static int count_kind(const hit_list *h, hit_kind k) {
    int n = 0;
    for (int i = 0; i < h->n; i++) n += h->items[i].kind == k;
    return n;
}

static void test_places_lead_where_they_say(void **state) {
    test_frame *f = *state;
    app_state *a = f->a;
    /* the cursor on decoder layer 2's self-attention in pass 2, so every panel shows a decoder layer */
    app_step_token(a, +1);
    app_step_token(a, +1);
    app_step_token(a, +1);
    app_jump_place(a, (trace_place){TB_DECODER, 1, TS_SELF_ATTN, TO_WEIGHTS, 0});
    int pass = a->trace.steps[a->cursor].pass, cursor = a->cursor, head = a->head;
    assert_int_equal(pass, 2);
    test_frame_build(f);
    int places = 0, grid = 0;
    for (int i = 0; i < f->hits->n; i++) {
        const hit h = f->hits->items[i];
        if (h.kind != HIT_PLACE) continue;
        places++;
        grid += h.place.head >= 0;
        app_jump_place(a, h.place);
        const trace_step *s = &a->trace.steps[a->cursor];
        assert_int_equal(s->block, h.place.block);
        assert_int_equal(s->layer, h.place.layer);
        assert_int_equal(s->sub, h.place.sub);
        assert_int_equal(s->op, h.place.op);
        assert_int_equal(s->pass, h.place.block == TB_DECODER || h.place.block == TB_GENERATOR ? pass : 0);
        if (h.place.head >= 0) assert_int_equal(a->head, h.place.head);
        a->cursor = cursor; /* back to where the frame was built */
        a->head = head;
    }
    /* number-words: 2 encoder and 2 decoder layers, 4 heads: the grid has 2 x 4 thumbnails */
    assert_int_equal(grid, a->model.cfg.n_dec * a->model.cfg.n_heads);
    assert_true(places > grid + 10);
}

static void test_buttons_and_tabs(void **state) {
    test_frame *f = *state;
    app_step_edge(f->a, 1); /* the end: every output token is there */
    test_frame_build(f);
    int actions[ACT_COUNT] = {0};
    for (int i = 0; i < f->hits->n; i++)
        if (f->hits->items[i].kind == HIT_ACTION) actions[f->hits->items[i].action]++;
    assert_int_equal(actions[ACT_PLAY], 1);
    assert_int_equal(actions[ACT_HELP], 1);
    assert_int_equal(actions[ACT_COMPARE], 1);
    assert_int_equal(count_kind(f->hits, HIT_INPUT_BOX), 1);
    assert_int_equal(count_kind(f->hits, HIT_MODEL_BUTTON), 1);
    assert_int_equal(count_kind(f->hits, HIT_MODEL_ROW), 0); /* the list is closed */
    assert_int_equal(count_kind(f->hits, HIT_TIMELINE), 1);
    assert_int_equal(count_kind(f->hits, HIT_OUT_TOKEN), f->a->res.n_out);
    f->a->n_models = 3;
    f->a->picker_open = 1;
    test_frame_build(f);
    assert_int_equal(count_kind(f->hits, HIT_MODEL_ROW), 3);
    f->a->picker_open = 0;
    /* on an attention step: one head tab per head, seven stage tabs */
    app_jump_place(f->a, (trace_place){TB_ENCODER, 0, TS_SELF_ATTN, TO_WEIGHTS, 1});
    test_frame_build(f);
    int heads = 0, stages = 0;
    for (int i = 0; i < f->hits->n; i++) {
        const hit *h = &f->hits->items[i];
        if (h->kind == HIT_HEAD_TAB) assert_int_equal(h->head, heads++);
        if (h->kind == HIT_STAGE_TAB) stages++;
    }
    assert_int_equal(heads, f->a->model.cfg.n_heads);
    assert_int_equal(stages, 7);
    assert_int_equal(count_kind(f->hits, HIT_HEATMAP), 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_places_lead_where_they_say),
        cmocka_unit_test(test_buttons_and_tabs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
