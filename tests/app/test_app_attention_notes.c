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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_frame.h"

#define AT_MODEL MODELS_DIR "/reverse-at.safetensors"

typedef struct frame {
    app_state *a;
    hit_list *hits;
    draw_list *dl;
    float *scratch;
    size_t scratch_len;
} frame;

static int count_text(const draw_list *dl, const char *t) {
    int n = 0;
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        n += c->kind == DRAW_TEXT && strcmp(draw_cmd_text(dl, c), t) == 0;
    }
    return n;
}

/* Puts the cursor on place p of pass `pass` (from 0) and builds the frame. */
static void show(frame *f, trace_place p, int pass) {
    int i = trace_find_place(&f->a->trace, p, pass);
    assert_true(i >= 0);
    f->a->cursor = i;
    app_frame_io io = {1600, 900, -1, -1, 0, f->hits, "", f->scratch, f->scratch_len, NULL, NULL};
    draw_list_reset(f->dl);
    app_frame(f->a, f->dl, &io);
}

/* the thumbnail label, long or (a small thumbnail) short */
static int one_key_labels(const draw_list *dl) { return count_text(dl, "1 key: 1.0") + count_text(dl, "=1"); }

static void test_labels_and_legends(void **state) {
    (void)state;
    frame f = {0};
    f.a = calloc(1, sizeof *f.a);
    f.hits = calloc(1, sizeof *f.hits);
    assert_non_null(f.a);
    assert_non_null(f.hits);
    f.a->ui = 1.0f;
    s2s_error err;
    assert_int_equal(app_load_model(f.a, AT_MODEL, "abcd", &err), 0);
    assert_int_equal(app_finish(f.a, &err), 0);
    f.scratch_len = app_frame_scratch_len(&f.a->model);
    f.scratch = malloc(f.scratch_len * sizeof(float));
    f.dl = draw_list_create();
    int H = f.a->model.cfg.n_heads, L = f.a->model.cfg.n_dec;

    /* pass 1, the last head of the last layer: every decoder thumbnail has one key */
    show(&f, (trace_place){TB_DECODER, L - 1, TS_SELF_ATTN, TO_WEIGHTS, H - 1}, 0);
    assert_int_equal(one_key_labels(f.dl), L * H);
    /* pass 2: two keys, no label */
    show(&f, (trace_place){TB_DECODER, L - 1, TS_SELF_ATTN, TO_WEIGHTS, H - 1}, 1);
    assert_int_equal(one_key_labels(f.dl), 0);

    show(&f, (trace_place){TB_ENCODER, 0, TS_SELF_ATTN, TO_MASK, -1}, 0);
    assert_int_equal(count_text(f.dl, "nothing is masked: every query sees every key"), 1);
    assert_int_equal(count_text(f.dl, "blocked: −inf before softmax, weight 0"), 0);

    show(&f, (trace_place){TB_DECODER, 0, TS_SELF_ATTN, TO_MASK, -1}, 3);
    assert_int_equal(count_text(f.dl, "nothing is masked: every query sees every key"), 0);
    assert_int_equal(count_text(f.dl, "allowed: the query sees this key"), 1);
    assert_int_equal(count_text(f.dl, "blocked: −inf before softmax, weight 0"), 1);

    draw_list_destroy(f.dl);
    free(f.scratch);
    free(f.hits);
    app_state_free(f.a);
    free(f.a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels_and_legends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
