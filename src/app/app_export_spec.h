/* app_export_spec.h: what the window's export keys export (no SDL, so tests check it without a
 * window); app_export.c writes the files. */
#ifndef S2S_APP_EXPORT_SPEC_H
#define S2S_APP_EXPORT_SPEC_H

#include "app/app_state.h"
#include "viz/figure.h"

/* The figure of the focus, with the window's theme and colormap, as of the cursor. grid 0 (E,
 * Ctrl+E, Ctrl+G): the attention kind of the focused sublayer (elsewhere: the self-attention of
 * its block, as the grid panel does), the focused layer and head, the stage shown when it is the
 * scores or the mask. grid 1 (Shift+E): every layer x head of that kind, whatever layer and head
 * are focused. */
figure_spec app_export_spec(const app_state *a, int grid);

#endif
