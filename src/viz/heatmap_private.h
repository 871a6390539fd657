/* heatmap_private.h: sizes and helpers shared by heatmap.c (layout) and heatmap_draw.c (emit). */
#ifndef S2S_HEATMAP_PRIVATE_H
#define S2S_HEATMAP_PRIVATE_H

#include <stddef.h>

#include "viz/draw.h"

/* Logical pixels. 14 px labels read from the back of a classroom on a projector; 9 px is the
 * smallest that survives in a two-column paper figure at 1x. */
#define HEATMAP_TITLE_SIZE 19.0f
#define HEATMAP_LABEL_MAX 14.0f
#define HEATMAP_LABEL_MIN 11.0f
#define HEATMAP_TICK_SIZE 12.0f
#define HEATMAP_VALUE_MIN 9.0f
#define HEATMAP_GAP 6.0f
#define HEATMAP_BAR_W 14.0f

/* labels[i], or i printed into buf when there are no labels. */
const char *heatmap_label(const char *const *labels, int i, char *buf, size_t n);
/* Line height of text at size under dl's metric. */
float heatmap_line_h(const draw_list *dl, float size);
/* Decimals used to print cell values for a range. */
int heatmap_value_decimals(float vmin, float vmax);

#endif
