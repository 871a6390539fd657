/* heatmap.h: the heatmap view (attention weights, scores, masks). It turns a matrix plus labels into
 * draw commands: title, axis labels, crisp cells (masked cells hatched), per-cell values when they
 * fit, and a colorbar with ticks. Layout and drawing are split so the app can hit-test the same
 * layout it drew (hover), and tests can ask where a cell is.
 *
 * Rows are queries (labels on the left), columns are keys (labels on top, rotated when crowded). */
#ifndef S2S_HEATMAP_H
#define S2S_HEATMAP_H

#include <cglm/cglm.h>

#include "core/error.h"
#include "viz/colormap.h"
#include "viz/draw.h"
#include "viz/theme.h"

typedef enum heatmap_range_mode {
    HEATMAP_RANGE_FIXED,     /* spec.vmin .. spec.vmax (default 0..1: attention weights) */
    HEATMAP_RANGE_AUTO,      /* min .. max of the finite values */
    HEATMAP_RANGE_DIVERGING  /* -m .. +m with m = max |value|, so 0 sits mid-scale (scores) */
} heatmap_range_mode;

typedef struct heatmap_spec {
    const float *values;            /* (rows, cols) row-major; NAN = masked / not computed */
    int rows, cols;
    const char *const *row_labels;  /* rows strings (query tokens), or NULL for indices */
    const char *const *col_labels;  /* cols strings (key tokens), or NULL for indices */
    /* Labels the label bands are sized for (NULL: the shown ones). An animation passes its last
     * frame's labels here, so frames whose later labels are still blank keep one layout. */
    const char *const *layout_row_labels, *const *layout_col_labels;
    float row_label_share;          /* most of the width the row labels may take (0: 0.22); figures
                                     * sized to fit their labels exactly pass 1 */
    const char *title;              /* or NULL */
    const char *row_title;          /* axis title, e.g. "query", or NULL */
    const char *col_title;          /* axis title, e.g. "key", or NULL */
    heatmap_range_mode range;
    float vmin, vmax;               /* used by HEATMAP_RANGE_FIXED */
    const colormap *cmap;           /* NULL: viridis */
    const theme *theme;             /* NULL: light */
    int show_values;                /* 1: print values in cells big enough for them; 0: never */
    int show_colorbar;
    int transparent;                /* 1: no background fill (the caller's panel shows through) */
    float max_aspect;               /* cells may be up to this many times taller than wide (vectors:
                                       few rows of many features); <= 1 (the default): square */
    int hover_row, hover_col;       /* cell to highlight (with its labels), -1 for none */
    float text_scale;               /* titles, labels, ticks and values times this (the window's
                                     * Ctrl +); 0 or 1: as designed */
    float text_least;              /* the least size of any text, labels and values (presenter mode's
                                     * 28 px; labels then skip rows as they do when cells are small);
                                     * 0: the heatmap's own least */
    float zoom;                     /* >= 1; 1 shows the whole matrix */
    float pan_row, pan_col;         /* top-left visible cell when zoomed, in cells */
} heatmap_spec;

/* Where everything went; computed by heatmap_layout_compute, read by heatmap_emit and heatmap_hit. */
typedef struct heatmap_layout {
    draw_rect bounds;        /* the rect the view was given; nothing is drawn outside it */
    draw_rect inner;         /* bounds less the margin */
    float top_y;             /* top of the composition (title baseline band starts here) */
    draw_rect grid;          /* visible cell area */
    draw_rect colorbar;      /* the colour ramp (w or h 0 when hidden) */
    int rows, cols;
    float cell_w, cell_h;    /* cell size at zoom 1 */
    mat3 cell_to_px;         /* (col, row, 1) in cell units -> logical pixels (pan/zoom) */
    mat3 px_to_cell;         /* its inverse, for hit-testing */
    float vmin, vmax;        /* the resolved value range */
    float title_size, label_size, tick_size, value_size; /* font sizes; value_size 0: no values */
    int row_step, col_step;  /* draw every n-th label (1 = all) when they would overlap */
    int col_vertical;        /* column labels rotated 90 degrees */
    float row_label_w;       /* width of the row label band */
    float col_label_h;       /* height of the column label band */
} heatmap_layout;

/* Fills s with defaults: fixed range 0..1, viridis, light theme, values and colorbar on, no hover,
 * zoom 1. The caller then sets values, rows, cols and labels. */
void heatmap_spec_init(heatmap_spec *s);

/* Lays the view out inside bounds, measuring text with dl's metric. Returns 0, or -1 with err set
 * when the spec is unusable (no values, rows or cols < 1). */
int heatmap_layout_compute(const draw_list *dl, const heatmap_spec *s, draw_rect bounds,
                           heatmap_layout *out, s2s_error *err);
/* Appends the view's commands for a layout computed from the same spec. */
void heatmap_emit(draw_list *dl, const heatmap_spec *s, const heatmap_layout *l);
/* heatmap_layout_compute then heatmap_emit; out may be NULL. Returns 0 or -1 with err set. */
int heatmap_draw(draw_list *dl, const heatmap_spec *s, draw_rect bounds, heatmap_layout *out,
                 s2s_error *err);

/* A colorbar on its own (figures with one bar shared by several heatmaps): the ramp of cm over b,
 * high values on top, framed, with nice ticks and numbers at tick_size to its right. */
void heatmap_colorbar(draw_list *dl, draw_rect b, float vmin, float vmax, const colormap *cm,
                      const theme *th, float tick_size);

/* "Nice" colorbar ticks: multiples of 1, 2 or 5 x 10^k within [vmin, vmax], at most max_ticks of
 * them (and at most cap). Returns the count and sets *decimals to the digits needed to print them. */
int heatmap_ticks(float vmin, float vmax, int max_ticks, float *ticks, int cap, int *decimals);

/* Maps a logical pixel to the cell under it: returns 1 and sets *row, *col, or returns 0 when the
 * point is outside the visible cells. */
int heatmap_hit(const heatmap_layout *l, float x, float y, int *row, int *col);
/* The logical-pixel rect of cell (row, col) under the current pan/zoom (may lie outside grid). */
draw_rect heatmap_cell_rect(const heatmap_layout *l, int row, int col);
/* The colour a value gets under the layout's range: colormap_sample((v - vmin) / (vmax - vmin)). */
draw_color heatmap_value_color(const heatmap_spec *s, const heatmap_layout *l, float v);

#endif
