/* test_app_picker.c: the what-if picker keeps everything it draws inside its border, its last line
 * ("+N more, each below p") included, in English and with Chinese token rows, at text scales 1 and
 * 1.5. Checked from the draw commands: every text's measured box and every fill after the picker's
 * outline lies inside it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "frame_fixture.h"

static int inside(draw_rect in, draw_rect box) {
    const float slack = 0.5f;
    return in.x >= box.x - slack && in.y >= box.y - slack && in.x + in.w <= box.x + box.w + slack &&
           in.y + in.h <= box.y + box.h + slack;
}

static void check_model(const char *name, float ui) {
    test_frame *f = test_frame_open(name, NULL, ui);
    app_state *a = f->a;
    draw_list *dl = f->dl;
    a->cursor = a->trace.n_steps - 1;
    a->what_if_index = 1;
    test_frame_build(f);
    /* the picker: its title, and the outline drawn just before it */
    size_t n = draw_list_count(dl), title = n, box_i = n;
    for (size_t i = 0; i < n; i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind == DRAW_TEXT && strcmp(draw_cmd_text(dl, c), "what if position 2 were…") == 0) title = i;
    }
    assert_true(title < n);
    for (size_t i = title; i-- > 0;)
        if (draw_list_at(dl, i)->kind == DRAW_OUTLINE) {
            box_i = i;
            break;
        }
    assert_true(box_i < n);
    draw_rect box = draw_list_at(dl, box_i)->rect;
    int texts = 0, more = 0;
    for (size_t i = box_i + 1; i < n; i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind != DRAW_TEXT && c->kind != DRAW_FILL) continue;
        if (!inside(c->rect, box))
            fail_msg("%s at scale %.1f: \"%s\" (%.0f,%.0f %.0fx%.0f) leaves the picker (%.0f,%.0f %.0fx%.0f)", name, (double)ui,
                     c->kind == DRAW_TEXT ? draw_cmd_text(dl, c) : "a fill", (double)c->rect.x, (double)c->rect.y,
                     (double)c->rect.w, (double)c->rect.h, (double)box.x, (double)box.y, (double)box.w, (double)box.h);
        if (c->kind == DRAW_TEXT) {
            texts++;
            more += strstr(draw_cmd_text(dl, c), " more") != NULL; /* "+N more[, each below p]" */
        }
    }
    assert_true(texts > 5);
    assert_int_equal(more, 1); /* the vocabulary is larger than the rows shown: the last line is there */
    test_frame_close(f);
}

static void test_picker_stays_inside_its_border(void **state) {
    (void)state;
    check_model("reverse-at.safetensors", 1.0f);
    check_model("number-zh-at.safetensors", 1.0f);
    check_model("reverse-at.safetensors", 1.5f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_picker_stays_inside_its_border),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
