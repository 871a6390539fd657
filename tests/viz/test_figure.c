/* test_figure.c: figures from a real decode (tiny-at), with the fallback text metric (no SDL):
 * what they draw, how steps block rows, names, and the checks on bad specs. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/decode.h"
#include "viz/figure.h"

typedef struct fixture {
    s2s_model m;
    s2s_trace t;
    s2s_decode_result r;
    figure_src src;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    s2s_error err;
    int ids[S2S_MAX_LEN], n;
    if (model_load(&f->m, TEST_DATA_DIR "/reference/tiny-at.safetensors", &err) ||
        decode_tokenize_source(&f->m, "abcde", ids, &n, &err))
        return -1;
    trace_init(&f->t);
    s2s_decode_opts o = decode_opts_default();
    if (decode_run(&f->m, ids, n, &o, &f->t, &f->r, &err)) return -1;
    f->src = (figure_src){&f->m, &f->t, &f->r};
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    trace_free(&f->t);
    model_free(&f->m);
    free(f);
    return 0;
}

static int count_kind(const draw_list *dl, draw_kind k) {
    int n = 0;
    for (size_t i = 0; i < draw_list_count(dl); i++) n += draw_list_at(dl, i)->kind == k;
    return n;
}

static int has_text(const draw_list *dl, const char *needle) {
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind == DRAW_TEXT && strstr(draw_cmd_text(dl, c), needle)) return 1;
    }
    return 0;
}

static void test_heatmap_figure_draws_cells_labels_title(void **state) {
    fixture *f = *state;
    figure_spec s;
    figure_spec_init(&s);
    s.kind = FIGURE_CROSS;
    s.layer = 1;
    s.head = 0;
    draw_list *dl = draw_list_create();
    float w, h;
    assert_int_equal(figure_heatmap(&f->src, &s, dl, &w, &h, NULL), 0);
    assert_true(w > 200 && h > 200 && w < 2048 && h < 2048);
    assert_int_equal(count_kind(dl, DRAW_CELLS), 1);
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind == DRAW_CELLS) {
            assert_int_equal(c->rows, f->r.n_rows);
            assert_int_equal(c->cols, f->r.n_src);
        }
    }
    assert_int_equal(count_kind(dl, DRAW_RAMP), 1); /* the colorbar */
    assert_true(has_text(dl, "tiny · AT · decoder layer 2 · cross-attention · head 1"));
    assert_true(has_text(dl, "key (source)"));
    assert_true(has_text(dl, "<begin>"));
    /* nothing outside the figure */
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind == DRAW_TEXT || c->kind == DRAW_FILL || c->kind == DRAW_CELLS) {
            assert_true(c->rect.x >= -0.5f && c->rect.y >= -0.5f);
            assert_true(c->rect.x + c->rect.w <= w + 0.5f && c->rect.y + c->rect.h <= h + 0.5f);
        }
    }
    draw_list_destroy(dl);
}

static void test_step_blocks_later_rows_and_keeps_size(void **state) {
    fixture *f = *state;
    figure_spec s;
    figure_spec_init(&s);
    s.step = 3;
    figure_matrix m;
    assert_int_equal(figure_matrix_get(&f->src, &s, 0, &m, NULL), 0);
    int T = f->r.n_rows;
    assert_int_equal(m.rows, T);
    for (int i = 0; i < T; i++)
        for (int k = 0; k < T; k++) {
            float v = m.values[i * T + k];
            if (i < 3 && k <= i) assert_false(isnan(v)); /* computed and visible */
            else assert_true(isnan(v));                  /* causal mask or not decoded yet */
        }
    assert_string_equal(m.row_labels[3], ""); /* not decoded yet: no spoiler */
    figure_matrix_free(&m);
    assert_int_equal(figure_matrix_get(&f->src, &s, 1, &m, NULL), 0); /* data: rows so far, 0 for masked */
    assert_int_equal(m.rows, 3);
    assert_int_equal(m.cols, 3);
    assert_true(m.values[0 * 3 + 2] == 0.0f);
    figure_matrix_free(&m);
    /* every step of an animation has one size */
    draw_list *dl = draw_list_create();
    float w0 = 0, h0 = 0;
    for (int st = 1; st <= figure_steps(&f->src); st++) {
        s.step = st;
        float w, h;
        draw_list_reset(dl);
        assert_int_equal(figure_grid(&f->src, &s, dl, &w, &h, NULL), 0);
        if (st == 1) w0 = w, h0 = h;
        assert_true(w == w0 && h == h0);
    }
    draw_list_destroy(dl);
}

static void test_names_and_bad_specs(void **state) {
    fixture *f = *state;
    figure_spec s;
    figure_spec_init(&s);
    s.kind = FIGURE_DECODER;
    s.layer = 0;
    s.head = 1;
    s.step = 5;
    char stem[256];
    figure_stem(&f->src, &s, 0, 0, stem, sizeof stem);
    assert_string_equal(stem, "tiny-at_abcde_decoder-self_L1_H2_step05");
    figure_stem(&f->src, &s, 1, 1, stem, sizeof stem);
    assert_string_equal(stem, "decoder-self_Lall_H2_step05"); /* layers 1.., head 2 to the end */
    s2s_error err;
    s.layer = 2;
    assert_int_equal(figure_check(&f->src, &s, &err), -1);
    assert_non_null(strstr(err.msg, "layer 3"));
    s.layer = 0;
    s.head = 7;
    assert_int_equal(figure_check(&f->src, &s, &err), -1);
    assert_non_null(strstr(err.msg, "head 8"));
    s.head = 0;
    s.step = 11;
    assert_int_equal(figure_check(&f->src, &s, &err), -1);
    assert_int_equal(figure_kind_parse("cross"), FIGURE_CROSS);
    assert_int_equal(figure_kind_parse("sideways"), -1);
    /* the last step's trace index is the whole record; earlier ones grow with the step */
    assert_int_equal(figure_upto(&f->t, figure_steps(&f->src)), TRACE_ALL);
    assert_true(figure_upto(&f->t, 1) < figure_upto(&f->t, 2));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heatmap_figure_draws_cells_labels_title),
        cmocka_unit_test(test_step_blocks_later_rows_and_keeps_size),
        cmocka_unit_test(test_names_and_bad_specs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
