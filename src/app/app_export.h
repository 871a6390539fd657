/* app_export.h: the window's E and Shift+E. They export what the window shows, as of the cursor,
 * with the window's theme and colormap, as a PNG (2x) and an SVG named after what they show, into
 * the export folder, never overwriting an earlier export. */
#ifndef S2S_APP_EXPORT_H
#define S2S_APP_EXPORT_H

#include "app/app_state.h"
#include "platform/font.h"

/* grid 0: the focused attention heatmap (the stage shown when it is weights, scores or the mask;
 * otherwise the weights of the focused layer and head); grid 1: every layer x head of that kind.
 * Sets the hint to where the files went, or to why not. Returns 0 or -1. */
int app_export(app_state *a, font_set *fs, int grid, long long now);
/* Beam mode's E: the search tree and the selected hypothesis as beam-search-N.png and .svg. */
int app_export_beam(app_state *a, font_set *fs, long long now);

#endif
