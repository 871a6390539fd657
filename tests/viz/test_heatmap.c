/* test_heatmap.c: the heatmap view's layout contract, with the fallback text metric (no SDL). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "viz/colormap.h"
#include "viz/draw.h"
#include "viz/heatmap.h"

/* A rows x cols matrix of deterministic values in [0, 1]. */
static float *matrix(int rows, int cols) {
    float *v = malloc(sizeof *v * (size_t)rows * (size_t)cols);
    for (int i = 0; i < rows * cols; i++) v[i] = (float)((i * 37) % 101) / 100.0f;
    return v;
}

static void spec_for(heatmap_spec *s, const float *v, int rows, int cols) {
    heatmap_spec_init(s);
    s->values = v, s->rows = rows, s->cols = cols;
    s->title = "encoder.0.self_attn.weights";
    s->row_title = "query";
    s->col_title = "key";
}

static int count_kind(const draw_list *dl, draw_kind k) {
    int n = 0;
    for (size_t i = 0; i < draw_list_count(dl); i++) n += draw_list_at(dl, i)->kind == k;
    return n;
}

static void test_hit_maps_cell_centres_back(void **state) {
    (void)state;
    static const int shapes[][2] = {{10, 10}, {40, 40}, {3, 7}, {12, 1}};
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        int rows = shapes[k][0], cols = shapes[k][1];
        float *v = matrix(rows, cols);
        heatmap_spec s;
        spec_for(&s, v, rows, cols);
        draw_list *dl = draw_list_create();
        heatmap_layout l;
        assert_int_equal(heatmap_draw(dl, &s, draw_rect_make(10, 20, 800, 600), &l, NULL), 0);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                draw_rect cr = heatmap_cell_rect(&l, r, c);
                int hr = -1, hc = -1;
                assert_true(heatmap_hit(&l, cr.x + cr.w / 2, cr.y + cr.h / 2, &hr, &hc));
                assert_int_equal(hr, r);
                assert_int_equal(hc, c);
            }
        }
        int hr, hc;
        assert_false(heatmap_hit(&l, l.grid.x - 1, l.grid.y + 1, &hr, &hc));
        assert_false(heatmap_hit(&l, l.grid.x + 1, l.grid.y + l.grid.h + 1, &hr, &hc));
        draw_list_destroy(dl);
        free(v);
    }
}

static void test_hit_under_zoom_and_pan(void **state) {
    (void)state;
    float *v = matrix(20, 20);
    heatmap_spec s;
    spec_for(&s, v, 20, 20);
    s.zoom = 4, s.pan_row = 5, s.pan_col = 7;
    draw_list *dl = draw_list_create();
    heatmap_layout l;
    assert_int_equal(heatmap_draw(dl, &s, draw_rect_make(0, 0, 800, 600), &l, NULL), 0);
    int r, c;
    assert_true(heatmap_hit(&l, l.grid.x + 1, l.grid.y + 1, &r, &c));
    assert_int_equal(r, 5);
    assert_int_equal(c, 7);
    draw_rect cr = heatmap_cell_rect(&l, 6, 8);
    assert_true(heatmap_hit(&l, cr.x + cr.w / 2, cr.y + cr.h / 2, &r, &c));
    assert_int_equal(r, 6);
    assert_int_equal(c, 8);
    draw_list_destroy(dl);
    free(v);
}

static void test_nan_cells_are_hatched(void **state) {
    (void)state;
    float *v = matrix(6, 6);
    int masked = 0;
    for (int r = 0; r < 6; r++)
        for (int c = r + 1; c < 6; c++) v[r * 6 + c] = NAN, masked++; /* causal mask */
    heatmap_spec s;
    spec_for(&s, v, 6, 6);
    draw_list *dl = draw_list_create();
    heatmap_layout l;
    assert_int_equal(heatmap_draw(dl, &s, draw_rect_make(0, 0, 640, 480), &l, NULL), 0);
    assert_int_equal(count_kind(dl, DRAW_HATCH), masked);
    const theme *th = theme_light();
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *cmd = draw_list_at(dl, i);
        if (cmd->kind != DRAW_HATCH) continue;
        int r, c;
        assert_true(heatmap_hit(&l, cmd->rect.x + cmd->rect.w / 2, cmd->rect.y + cmd->rect.h / 2,
                                &r, &c));
        assert_true(c > r); /* only the masked triangle */
        assert_memory_equal(&cmd->color2, &th->masked, sizeof th->masked);
    }
    draw_list_destroy(dl);
    free(v);
}

/* A 40 x 40 causal mask has small cells: one hatch per row's run of masked cells, covering
 * exactly the masked cells (its first and last hit the run's ends; nothing unmasked). */
static void test_small_masked_cells_hatched_by_runs(void **state) {
    (void)state;
    enum { N = 40 };
    float *v = matrix(N, N);
    for (int r = 0; r < N; r++)
        for (int c = r + 1; c < N; c++) v[r * N + c] = NAN;
    heatmap_spec s;
    spec_for(&s, v, N, N);
    draw_list *dl = draw_list_create();
    heatmap_layout l;
    assert_int_equal(heatmap_draw(dl, &s, draw_rect_make(0, 0, 640, 480), &l, NULL), 0);
    assert_true(l.cell_w < 16.0f);
    assert_int_equal(count_kind(dl, DRAW_HATCH), N - 1); /* every row but the last has a run */
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *cmd = draw_list_at(dl, i);
        if (cmd->kind != DRAW_HATCH) continue;
        int r0, c0, r1, c1;
        float y = cmd->rect.y + cmd->rect.h / 2;
        assert_true(heatmap_hit(&l, cmd->rect.x + 1.0f, y, &r0, &c0));
        assert_true(heatmap_hit(&l, cmd->rect.x + cmd->rect.w - 1.0f, y, &r1, &c1));
        assert_int_equal(r0, r1);
        assert_int_equal(c0, r0 + 1); /* the first masked cell of its row */
        assert_int_equal(c1, N - 1);  /* to the last */
    }
    draw_list_destroy(dl);
    free(v);
}

/* Cell colours in the DRAW_CELLS command equal colormap_sample((v - min) / (max - min)). */
static void check_colours(heatmap_range_mode mode, float lo, float hi, const char *cmap) {
    float *v = matrix(5, 8);
    v[3] = -0.5f; /* outside the fixed range: clamps */
    heatmap_spec s;
    spec_for(&s, v, 5, 8);
    s.range = mode, s.vmin = lo, s.vmax = hi;
    s.cmap = colormap_find(cmap);
    draw_list *dl = draw_list_create();
    heatmap_layout l;
    assert_int_equal(heatmap_draw(dl, &s, draw_rect_make(0, 0, 700, 500), &l, NULL), 0);
    float mn = INFINITY, mx = -INFINITY;
    for (int i = 0; i < 40; i++) mn = fminf(mn, v[i]), mx = fmaxf(mx, v[i]);
    if (mode == HEATMAP_RANGE_FIXED) mn = lo, mx = hi;
    if (mode == HEATMAP_RANGE_DIVERGING) mx = fmaxf(fabsf(mn), fabsf(mx)), mn = -mx;
    assert_float_equal(l.vmin, mn, 1e-6);
    assert_float_equal(l.vmax, mx, 1e-6);
    const draw_cmd *cells = NULL;
    for (size_t i = 0; i < draw_list_count(dl); i++)
        if (draw_list_at(dl, i)->kind == DRAW_CELLS) cells = draw_list_at(dl, i);
    assert_non_null(cells);
    assert_int_equal(cells->rows, 5);
    assert_int_equal(cells->cols, 8);
    const draw_color *col = draw_cmd_cells(dl, cells);
    for (int i = 0; i < 40; i++) {
        draw_color want = colormap_sample(s.cmap, (v[i] - mn) / (mx - mn));
        assert_memory_equal(&col[i], &want, sizeof want);
    }
    draw_list_destroy(dl);
    free(v);
}

static void test_cell_colour_is_colormap_sample(void **state) {
    (void)state;
    check_colours(HEATMAP_RANGE_FIXED, 0, 1, "viridis");
    check_colours(HEATMAP_RANGE_AUTO, 0, 0, "cividis");
    check_colours(HEATMAP_RANGE_DIVERGING, 0, 0, "magma");
}

/* Every text box lies inside the bounds, and no two labels overlap. */
static void check_labels_inside(int rows, int cols, draw_rect b, const char *const *labels) {
    float *v = matrix(rows, cols);
    heatmap_spec s;
    spec_for(&s, v, rows, cols);
    s.row_labels = labels, s.col_labels = labels;
    draw_list *dl = draw_list_create();
    heatmap_layout l;
    assert_int_equal(heatmap_draw(dl, &s, b, &l, NULL), 0);
    assert_true(l.label_size >= 9.0f);
    int ntext = 0;
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind != DRAW_TEXT) continue;
        ntext++;
        const float eps = 0.01f;
        if (c->rect.x < b.x - eps || c->rect.y < b.y - eps || c->rect.x + c->rect.w > b.x + b.w + eps ||
            c->rect.y + c->rect.h > b.y + b.h + eps)
            fail_msg("text \"%s\" (%.1f,%.1f %.1fx%.1f) leaves the %.0fx%.0f rect",
                     draw_cmd_text(dl, c), (double)c->rect.x, (double)c->rect.y,
                     (double)c->rect.w, (double)c->rect.h, (double)b.w, (double)b.h);
        for (size_t j = i + 1; j < draw_list_count(dl); j++) {
            const draw_cmd *d = draw_list_at(dl, j);
            if (d->kind != DRAW_TEXT || d->size != c->size || d->size != l.label_size) continue;
            draw_rect o = draw_rect_intersect(c->rect, d->rect);
            if (o.w > 0.5f && o.h > 0.5f)
                fail_msg("labels \"%s\" and \"%s\" overlap", draw_cmd_text(dl, c), draw_cmd_text(dl, d));
        }
    }
    assert_true(ntext > 0);
    draw_list_destroy(dl);
    free(v);
}

static void test_labels_stay_inside_for_40x40(void **state) {
    (void)state;
    static const char *words[] = {"<begin>", "the", "internationalization", "cat", "sat", "猫猫猫猫"};
    const char *labels[40];
    for (int i = 0; i < 40; i++) labels[i] = words[i % 6];
    check_labels_inside(40, 40, draw_rect_make(0, 0, 1000, 900), labels);
    check_labels_inside(40, 40, draw_rect_make(50, 30, 500, 400), labels);
    check_labels_inside(40, 40, draw_rect_make(0, 0, 260, 200), labels);
    check_labels_inside(40, 40, draw_rect_make(0, 0, 260, 200), NULL);
    check_labels_inside(3, 4, draw_rect_make(0, 0, 200, 150), labels);
}

static void test_big_rect_uses_full_label_size(void **state) {
    (void)state;
    float *v = matrix(10, 10);
    heatmap_spec s;
    spec_for(&s, v, 10, 10);
    draw_list *dl = draw_list_create();
    heatmap_layout l;
    assert_int_equal(heatmap_draw(dl, &s, draw_rect_make(0, 0, 720, 600), &l, NULL), 0);
    assert_float_equal(l.label_size, 14.0f, 1e-6);
    assert_int_equal(l.row_step, 1);
    assert_int_equal(l.col_step, 1);
    assert_true(l.value_size >= 9.0f);
    assert_true(l.cell_w == floorf(l.cell_w)); /* whole pixels: crisp at every export scale */
    draw_list_reset(dl);
    assert_int_equal(draw_list_count(dl), 0);
    heatmap_spec_init(&s);
    s2s_error err;
    assert_int_equal(heatmap_draw(dl, &s, draw_rect_make(0, 0, 720, 600), &l, &err), -1);
    assert_non_null(strstr(err.msg, "heatmap"));
    draw_list_destroy(dl);
    free(v);
}

static void test_colormap_endpoints_are_published(void **state) {
    (void)state;
    /* first and last entries of the published float tables, scaled to bytes */
    static const struct {
        const char *name;
        float lo[3], hi[3];
    } want[] = {
        {"viridis", {0.267004f, 0.004874f, 0.329415f}, {0.993248f, 0.906157f, 0.143936f}},
        {"cividis", {0.000000f, 0.135112f, 0.304751f}, {0.995737f, 0.909344f, 0.217772f}},
        {"magma", {0.001462f, 0.000466f, 0.013866f}, {0.987053f, 0.991438f, 0.749504f}},
        {"inferno", {0.001462f, 0.000466f, 0.013866f}, {0.988362f, 0.998364f, 0.644924f}},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const colormap *cm = colormap_find(want[i].name);
        assert_non_null(cm);
        draw_color lo = colormap_sample(cm, 0), hi = colormap_sample(cm, 1);
        draw_color below = colormap_sample(cm, -3), above = colormap_sample(cm, 7);
        assert_int_equal(lo.r, lroundf(want[i].lo[0] * 255));
        assert_int_equal(lo.g, lroundf(want[i].lo[1] * 255));
        assert_int_equal(lo.b, lroundf(want[i].lo[2] * 255));
        assert_int_equal(hi.r, lroundf(want[i].hi[0] * 255));
        assert_int_equal(hi.g, lroundf(want[i].hi[1] * 255));
        assert_int_equal(hi.b, lroundf(want[i].hi[2] * 255));
        assert_memory_equal(&below, &lo, sizeof lo);
        assert_memory_equal(&above, &hi, sizeof hi);
    }
    assert_non_null(colormap_find("VIRIDIS"));
    assert_null(colormap_find("jet"));
}

static void test_ticks_are_nice(void **state) {
    (void)state;
    float t[16];
    int dec;
    int n = heatmap_ticks(0, 1, 8, t, 16, &dec);
    assert_int_equal(n, 6);
    assert_int_equal(dec, 1);
    assert_float_equal(t[0], 0, 1e-6);
    assert_float_equal(t[5], 1, 1e-6);
    n = heatmap_ticks(-3.7f, 3.7f, 5, t, 16, &dec);
    assert_true(n >= 3 && n <= 5);
    assert_int_equal(dec, 0);
}

static void test_text_fit_shortens_with_ellipsis(void **state) {
    (void)state;
    draw_list *dl = draw_list_create();
    char out[64];
    assert_int_equal(draw_text_fit(dl, "short", 10, 1000, out, sizeof out), 0);
    assert_string_equal(out, "short");
    assert_int_equal(draw_text_fit(dl, "internationalization", 10, 40, out, sizeof out), 1);
    float w;
    draw_measure(dl, out, 10, &w, NULL);
    assert_true(w <= 40);
    assert_non_null(strstr(out, "\xE2\x80\xA6"));
    assert_int_equal(draw_text_fit(dl, "猫猫猫猫", 10, 25, out, sizeof out), 1);
    assert_int_equal(utf8_count(out), 2); /* one CJK glyph and the ellipsis, never half a glyph */
    draw_list_destroy(dl);
    draw_list_destroy(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hit_maps_cell_centres_back),
        cmocka_unit_test(test_hit_under_zoom_and_pan),
        cmocka_unit_test(test_nan_cells_are_hatched),
        cmocka_unit_test(test_small_masked_cells_hatched_by_runs),
        cmocka_unit_test(test_cell_colour_is_colormap_sample),
        cmocka_unit_test(test_labels_stay_inside_for_40x40),
        cmocka_unit_test(test_big_rect_uses_full_label_size),
        cmocka_unit_test(test_colormap_endpoints_are_published),
        cmocka_unit_test(test_ticks_are_nice),
        cmocka_unit_test(test_text_fit_shortens_with_ellipsis),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
