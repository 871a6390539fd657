/* figure_export.h: writes figures (viz/figure.h) to files: PNG through the offscreen software
 * renderer, SVG through the SVG writer, an animated GIF of a whole AT decode through giflib. Every
 * write is atomic (a temporary file beside the target, then rename), needs no display, and on
 * failure leaves nothing behind. Used by both `stepformer export` and the window's E key. */
#ifndef S2S_FIGURE_EXPORT_H
#define S2S_FIGURE_EXPORT_H

#include <stddef.h>

#include "platform/font.h"
#include "viz/figure.h"

typedef enum export_format { EXPORT_PNG, EXPORT_SVG, EXPORT_GIF } export_format;

typedef struct export_opts {
    export_format format;
    int grid;      /* 1: the layers x heads grid of spec (figure_grid); 0: one heatmap */
    int scale;     /* PNG and GIF: output pixels per logical pixel, 1..4 */
    int delay_ms;  /* GIF: time per step (the last frame stays three times as long) */
} export_opts;

/* The file extension of a format ("png", "svg", "gif"). */
const char *export_ext(export_format f);

/* Writes the figure of spec to path. GIF: one frame per AT step 1..figure_steps() (spec->step is
 * ignored; a one-pass decode gives one frame). fs measures and draws the text. Returns 0, or -1
 * with err set (bad folder, a path through a file, an unwritable folder, disk full). */
int export_figure(const figure_src *src, const figure_spec *spec, const export_opts *o, font_set *fs,
                  const char *path, s2s_error *err);

/* dir/stem.ext, or the first of dir/stem-2.ext, dir/stem-3.ext, ... that does not exist yet, so an
 * earlier export is never overwritten. Fails when dir is missing or not a folder. */
int export_unique_path(const char *dir, const char *stem, const char *ext, char *out, size_t cap, s2s_error *err);

#endif
