/* app_input.c: the input and target boxes' editing, see app_state.h. A box that gains the focus
 * has its old text selected (drawn highlighted), as a browser's address bar does: the first thing
 * typed replaces it, so a new input is never appended to the old one by surprise. */
#include "app/app_state.h"

static char *box_text(app_state *a, app_box b) { return b == APP_BOX_TARGET ? a->target : a->input; }

void app_edit_toggle(app_state *a, app_box b) {
    int was = b == APP_BOX_TARGET ? a->target_focus : a->input_focus;
    app_edit_stop(a);
    if (was) return;
    if (b == APP_BOX_TARGET) a->target_focus = 1;
    else a->input_focus = 1;
    a->text_selected = box_text(a, b)[0] != '\0';
}

void app_edit_stop(app_state *a) { a->input_focus = a->target_focus = a->text_selected = 0; }

void app_select_all(app_state *a) {
    if (!a->input_focus && !a->target_focus) a->input_focus = 1;
    a->text_selected = box_text(a, a->target_focus ? APP_BOX_TARGET : APP_BOX_INPUT)[0] != '\0';
}

void app_keep_text(app_state *a) { a->text_selected = 0; }

void app_clear_box(app_state *a, app_box b, long long now) {
    int focused = b == APP_BOX_TARGET ? a->target_focus : a->input_focus;
    if (focused) a->text_selected = 0;
    if (b == APP_BOX_INPUT) {
        a->input[0] = '\0'; /* the views keep the last decode until a new input is typed */
        a->n_forced = 0;
        return;
    }
    if (!a->target[0]) return;
    s2s_error err;
    if (!a->input[0]) { /* nothing to decode: the views keep the last decode, without its strip */
        a->target[0] = '\0';
        a->teach_ready = 0;
    } else if (app_set_target(a, "", &err)) {
        app_hint(a, now, 4000, "%s", err.msg);
    }
}
