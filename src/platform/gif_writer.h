/* gif_writer.h: an animated GIF (giflib), written atomically: frames go to a temporary file
 * beside the target, which is renamed over it only by gif_end. One global palette of at most 256
 * colours, chosen by the caller: a figure knows its colours (the theme's, blends of text over the
 * background, samples of the colormap), and a fixed palette keeps the background exact and the
 * frames free of flicker, which a per-frame median cut does not. */
#ifndef S2S_GIF_WRITER_H
#define S2S_GIF_WRITER_H

#include <SDL.h>

#include "core/error.h"

typedef struct gif_writer gif_writer;

/* Starts a GIF of width x height pixels with palette (n_pal <= 256 colours) that loops forever.
 * NULL with err set. */
gif_writer *gif_begin(const char *path, int width, int height, const SDL_Color *palette, int n_pal, s2s_error *err);
/* Appends an RGBA32 surface of the GIF's size shown for delay_ms; each pixel becomes the nearest
 * palette colour. */
int gif_frame(gif_writer *g, SDL_Surface *rgba, int delay_ms, s2s_error *err);
/* Finishes and renames into place; frees g in every case. */
int gif_end(gif_writer *g, s2s_error *err);
/* Drops everything written; frees g (NULL is fine). */
void gif_abort(gif_writer *g);

#endif
