/* train_chooser.h: what Shift+T asks before training live: the task, AT or NAT, and the size (a
 * preset, core/train_presets.h, with the time it is expected to take). Keyboard-driven: ↑ ↓ pick a
 * row, ← → change its value, Enter starts, Esc (or Shift+T) closes. No SDL: the window's main loop
 * hands it the key map's actions, the frame builder draws it with view_train_chooser. */
#ifndef S2S_TRAIN_CHOOSER_H
#define S2S_TRAIN_CHOOSER_H

#include "app/keymap.h"
#include "core/model.h"
#include "core/train_presets.h"
#include "viz/view.h"

typedef enum { CHOOSER_TASK = 0, CHOOSER_DECODER, CHOOSER_SIZE, CHOOSER_ROWS } train_chooser_row;

typedef struct train_chooser {
    int open;
    train_chooser_row row;     /* the row ← → change */
    s2s_task_id task;
    s2s_decoder_kind decoder;
    s2s_preset_id size;
} train_chooser;

/* What an action did to the chooser. */
typedef enum { CHOOSER_IGNORED = 0, CHOOSER_KEPT, CHOOSER_START, CHOOSER_CLOSED } train_chooser_result;

/* Opens the chooser on the model's task (reverse when it is none of the tasks) and decoder, and
 * the size "small" (the one that trains reverse to 99 % within a minute). */
void train_chooser_open(train_chooser *c, const s2s_model *m);
/* An action while the chooser is open. CHOOSER_START: train what it shows (it closes);
 * CHOOSER_IGNORED: not the chooser's key (the window handles it as usual). */
train_chooser_result train_chooser_action(train_chooser *c, app_action act);
/* Draws the chooser over the window (view_chooser), each size with its shape, steps and expected
 * time for the chosen task and decoder. */
void train_chooser_draw(const train_chooser *c, draw_list *dl, view_ctx *v, draw_rect screen);
/* One line for the UI state log: "train_chooser ROW task TASK decoder at|nat size SIZE expected_s S". */
int train_chooser_log(const train_chooser *c, char *buf, size_t cap);

#endif
