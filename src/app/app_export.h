/* app_export.h: the window's E, Shift+E, Ctrl+E and Ctrl+G. They export what the window shows, as
 * of the cursor, with the window's theme and colormap, named after what they show, into the export
 * folder, never overwriting an earlier export (app_export_spec.h says which figure). */
#ifndef S2S_APP_EXPORT_H
#define S2S_APP_EXPORT_H

#include "app/app_state.h"
#include "platform/font.h"

typedef enum app_export_kind {
    APP_EXPORT_FIGURE, /* E: the focused attention heatmap, PNG (2x) + SVG */
    APP_EXPORT_GRID,   /* Shift+E: every layer x head of that attention kind, PNG (2x) + SVG */
    APP_EXPORT_DATA,   /* Ctrl+E: the focused heatmap's numbers, CSV + JSON */
    APP_EXPORT_GIF,    /* Ctrl+G: the whole decode of the focused heatmap, an animated GIF (2x) */
} app_export_kind;

/* Sets the hint to where the files went, or to why not. Returns 0 or -1. */
int app_export(app_state *a, font_set *fs, app_export_kind kind, long long now);
/* Beam mode's E: the search tree and the selected hypothesis as beam-search-N.png and .svg. */
int app_export_beam(app_state *a, font_set *fs, long long now);

#endif
