/* train_chooser.c: see train_chooser.h. */
#include "app/train_chooser.h"

#include <stdio.h>

#include "core/i18n.h"
#include "core/tasks.h"
#include "viz/view_chooser.h"

void train_chooser_open(train_chooser *c, const s2s_model *m) {
    int task = task_find(m->task);
    c->open = 1;
    c->row = CHOOSER_TASK;
    c->task = task >= 0 ? (s2s_task_id)task : TASK_REVERSE;
    c->decoder = m->cfg.decoder;
    c->size = PRESET_SMALL;
}

/* Moves the value of the chosen row by delta (wrapping round). */
static void change(train_chooser *c, int delta) {
    switch (c->row) {
    case CHOOSER_TASK: c->task = (s2s_task_id)((c->task + TASK_COUNT + delta) % TASK_COUNT); break;
    case CHOOSER_DECODER: c->decoder = c->decoder == S2S_DECODER_AT ? S2S_DECODER_NAT : S2S_DECODER_AT; break;
    case CHOOSER_SIZE: c->size = (s2s_preset_id)((c->size + PRESET_COUNT + delta) % PRESET_COUNT); break;
    default: break;
    }
}

train_chooser_result train_chooser_action(train_chooser *c, app_action act) {
    if (!c->open) return CHOOSER_IGNORED;
    switch (act) {
    case ACT_PREV_TOKEN: c->row = (train_chooser_row)((c->row + CHOOSER_ROWS - 1) % CHOOSER_ROWS); return CHOOSER_KEPT;
    case ACT_NEXT_TOKEN: c->row = (train_chooser_row)((c->row + 1) % CHOOSER_ROWS); return CHOOSER_KEPT;
    case ACT_PREV_OP: case ACT_PREV_SUB: change(c, -1); return CHOOSER_KEPT;
    case ACT_NEXT_OP: case ACT_NEXT_SUB: change(c, +1); return CHOOSER_KEPT;
    case ACT_EDIT_INPUT: /* Enter */ c->open = 0; return CHOOSER_START;
    case ACT_CLOSE: case ACT_TRAIN: c->open = 0; return CHOOSER_CLOSED;
    default: return CHOOSER_IGNORED;
    }
}

void train_chooser_draw(const train_chooser *c, draw_list *dl, view_ctx *v, draw_rect screen) {
    static char notes[PRESET_COUNT][96];
    view_chooser_row rows[CHOOSER_ROWS] = {
        [CHOOSER_TASK] = {.label = _("Task"), .n_values = TASK_COUNT, .chosen = (int)c->task},
        [CHOOSER_DECODER] = {.label = _("Decoder"), .values = {_("AT: one token at a time"), _("NAT: all at once")},
                             .n_values = 2, .chosen = c->decoder == S2S_DECODER_NAT},
        [CHOOSER_SIZE] = {.label = _("Size"), .n_values = PRESET_COUNT, .chosen = (int)c->size},
    };
    for (int t = 0; t < TASK_COUNT; t++) rows[CHOOSER_TASK].values[t] = task_info((s2s_task_id)t)->name;
    for (int p = 0; p < PRESET_COUNT; p++) {
        const s2s_train_preset *pr = train_preset((s2s_preset_id)p);
        double s = train_preset_expected_s((s2s_preset_id)p, c->task, c->decoder);
        int steps = c->decoder == S2S_DECODER_NAT ? pr->steps_nat : pr->steps_at;
        if (s < 90.0) snprintf(notes[p], sizeof notes[p], _("width %d · %d+%d layers · %d steps · about %.0f s"), pr->d_model,
                               pr->layers, pr->layers, steps, s);
        else snprintf(notes[p], sizeof notes[p], _("width %d · %d+%d layers · %d steps · about %.0f min"), pr->d_model,
                      pr->layers, pr->layers, steps, s / 60.0);
        rows[CHOOSER_SIZE].values[p] = _(pr->name);
        rows[CHOOSER_SIZE].notes[p] = notes[p];
    }
    view_chooser(dl, v, screen, _("Train a new model live"), rows, CHOOSER_ROWS, (int)c->row,
                 _("↑ ↓ choose a row · ← → change it · Enter start · Esc cancel"), _("Start"), ACT_EDIT_INPUT);
}

int train_chooser_log(const train_chooser *c, char *buf, size_t cap) {
    static const char *const rows[CHOOSER_ROWS] = {"task", "decoder", "size"};
    return snprintf(buf, cap, "train_chooser %s task %s decoder %s size %s expected_s %.0f\n", rows[c->row],
                    task_info(c->task)->name, c->decoder == S2S_DECODER_NAT ? "nat" : "at", train_preset(c->size)->name,
                    train_preset_expected_s(c->size, c->task, c->decoder));
}
