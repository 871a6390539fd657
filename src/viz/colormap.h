/* colormap.h: perceptually uniform, colour-blind-safe colormaps (published 256-entry tables), as constant data. */
#ifndef S2S_COLORMAP_H
#define S2S_COLORMAP_H

#include "viz/draw.h"

typedef struct colormap {
    const char *name;
    const unsigned char (*table)[3]; /* 256 RGB entries, low to high */
} colormap;

/* The colormap called name ("viridis", "cividis", "magma", "inferno"; case-insensitive), or NULL. */
const colormap *colormap_find(const char *name);
/* The default map (viridis). */
const colormap *colormap_default(void);
/* Number of colormaps, and the i-th one (for menus). */
int colormap_count(void);
const colormap *colormap_at(int i);
/* The colour at t in [0,1] (clamped; NaN gives the low end), linearly interpolated between the
 * two nearest table entries, alpha 255. t = 0 and t = 1 give the first and last entries exactly. */
draw_color colormap_sample(const colormap *cm, float t);

/* Relative luminance (WCAG, 0..1) of an sRGB colour, to pick readable text over a cell. */
float colormap_luminance(draw_color c);
/* Black-ish or white-ish text colour, whichever contrasts more with bg. */
draw_color colormap_contrast_text(draw_color bg);

#endif
