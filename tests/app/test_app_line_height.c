/* test_app_line_height.c: the output distribution's rows are spaced by the font's real line height,
 * not a fixed multiple of the text size, so Chinese rows (whose font is taller than the Latin one)
 * do not touch. The draw list gets a measure that, like the real CJK font, makes Chinese text 1.6
 * times its size high; no two token rows of a column may then overlap. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "frame_fixture.h"

/* Latin 1.25 x size high, any text with a CJK character 1.6 x (WenQuanYi's ascent + descent). */
static void tall_cjk_measure(void *user, const char *text, float size, float *w, float *h) {
    draw_measure_fallback(user, text, size, w, h);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p >= 0xE0 && h) *h = 1.6f * size;
}

static int is_symbol(const s2s_vocab *v, const char *t) {
    for (int i = 0; i < v->n; i++)
        if (strcmp(v->sym[i], t) == 0) return 1;
    return 0;
}

static void test_chinese_rows_do_not_touch(void **state) {
    (void)state;
    test_frame *f = test_frame_open("number-zh-at.safetensors", NULL, 1.0f);
    app_state *a = f->a;
    draw_list *dl = f->dl;
    a->cursor = a->trace.n_steps - 1; /* generator.probs: the output distribution in two panels */
    draw_set_measure(dl, tall_cjk_measure, NULL);
    test_frame_build(f);
    size_t n = draw_list_count(dl);
    int rows = 0, cjk_rows = 0;
    for (size_t i = 0; i < n; i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        const char *t = draw_cmd_text(dl, c);
        if (c->kind != DRAW_TEXT || c->align != DRAW_ALIGN_RIGHT || !is_symbol(&a->model.tgt, t)) continue;
        rows++;
        cjk_rows += (unsigned char)t[0] >= 0xE0;
        for (size_t j = i + 1; j < n; j++) { /* the next row of the same column */
            const draw_cmd *d = draw_list_at(dl, j);
            if (d->kind != DRAW_TEXT || d->align != DRAW_ALIGN_RIGHT || d->x0 != c->x0 || !is_symbol(&a->model.tgt, draw_cmd_text(dl, d)))
                continue;
            if (d->rect.y < c->rect.y + c->rect.h && c->rect.y < d->rect.y + d->rect.h)
                fail_msg("rows \"%s\" (y %.1f, h %.1f) and \"%s\" (y %.1f) touch", t, (double)c->rect.y, (double)c->rect.h,
                         draw_cmd_text(dl, d), (double)d->rect.y);
            break;
        }
    }
    assert_true(cjk_rows >= 10); /* the panels did show Chinese rows */
    assert_true(rows > cjk_rows);
    test_frame_close(f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chinese_rows_do_not_touch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
