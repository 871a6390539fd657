/* view_chooser.h: a modal chooser drawn over the window: a title, rows of values as chips (the
 * chosen one filled, the row the arrow keys change marked), an optional note under each chip, and
 * a line of keys at the bottom. Large type: it is read from the back of a classroom. The training
 * chooser (Shift+T) is one. No SDL. */
#ifndef S2S_VIEW_CHOOSER_H
#define S2S_VIEW_CHOOSER_H

#include "viz/view.h"

#define VIEW_CHOOSER_MAX_VALUES 8

typedef struct view_chooser_row {
    const char *label;                              /* "Task" */
    const char *values[VIEW_CHOOSER_MAX_VALUES];    /* (n_values) */
    const char *notes[VIEW_CHOOSER_MAX_VALUES];     /* (n_values) a smaller line under each, or NULL */
    int n_values;
    int chosen;
} view_chooser_row;

/* rows: (n_rows); row_sel: the row the arrow keys change. A click on the box's start button does
 * act_start (an app action). */
void view_chooser(draw_list *dl, view_ctx *v, draw_rect screen, const char *title, const view_chooser_row *rows,
                  int n_rows, int row_sel, const char *keys_line, const char *start_label, int act_start);

#endif
