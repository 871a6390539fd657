/* test_app_export.c: what the window's export keys export. Shift+E is every layer x head of the
 * focused attention kind whatever layer and head are focused (it used to start the grid at the
 * focused ones: only the focused layer, or the heads from the focused one on); E, Ctrl+E and Ctrl+G
 * keep the focused layer and head. Checked on the spec and on the grid figure it draws. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_export_spec.h"
#include "app_fixture.h"

#define WORDS_MODEL MODELS_DIR "/number-words-at.safetensors"

/* Counts the grid's "layer N" and "head N" headers. */
static void count_headers(const draw_list *dl, int *layers, int *heads) {
    *layers = *heads = 0;
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind != DRAW_TEXT) continue;
        const char *t = draw_cmd_text(dl, c);
        int k;
        if (sscanf(t, "layer %d", &k) == 1) (*layers)++;
        if (sscanf(t, "head %d", &k) == 1) (*heads)++;
    }
}

static void test_shift_e_exports_every_layer_and_head(void **state) {
    (void)state;
    app_state *a = open_model(WORDS_MODEL, NULL);
    s2s_error err;
    const s2s_config *c = &a->model.cfg;
    assert_true(c->n_dec >= 2 && c->n_heads >= 2); /* otherwise the test could not fail */
    /* the focus on the last decoder layer's cross-attention, last head */
    app_jump_place(a, (trace_place){TB_DECODER, c->n_dec - 1, TS_CROSS_ATTN, TO_WEIGHTS, c->n_heads - 1});
    assert_int_equal(a->head, c->n_heads - 1);

    figure_spec one = app_export_spec(a, 0);
    assert_int_equal(one.kind, FIGURE_CROSS);
    assert_int_equal(one.layer, c->n_dec - 1);
    assert_int_equal(one.head, c->n_heads - 1);

    figure_spec grid = app_export_spec(a, 1);
    assert_int_equal(grid.kind, FIGURE_CROSS);
    assert_int_equal(grid.layer, 0);
    assert_int_equal(grid.head, 0);

    figure_src src = {&a->model, &a->trace, &a->res};
    draw_list *dl = draw_list_create();
    float w, h;
    assert_int_equal(figure_grid(&src, &grid, dl, &w, &h, &err), 0);
    int layers, heads;
    count_headers(dl, &layers, &heads);
    assert_int_equal(layers, c->n_dec);
    assert_int_equal(heads, c->n_heads);
    draw_list_destroy(dl);
    close_model(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shift_e_exports_every_layer_and_head),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
