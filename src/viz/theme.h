/* theme.h: the light and dark colour themes of every view, as constant data. */
#ifndef S2S_THEME_H
#define S2S_THEME_H

#include "viz/draw.h"

typedef struct theme {
    const char *name;
    draw_color background; /* the whole figure */
    draw_color panel;      /* plot area behind the cells */
    draw_color text;       /* titles and labels */
    draw_color text_dim;   /* tick numbers, secondary labels */
    draw_color grid;       /* frames, ticks, cell separators */
    draw_color accent;     /* hover / selection highlight */
    draw_color masked;     /* background of a masked (blocked) cell */
    draw_color masked_line;/* its hatching */
} theme;

/* The theme called name ("light" or "dark"), or NULL. */
const theme *theme_find(const char *name);
const theme *theme_light(void);
const theme *theme_dark(void);

#endif
