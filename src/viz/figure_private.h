/* figure_private.h: layout helpers shared by figure_draw.c (one heatmap) and figure_grid.c. */
#ifndef S2S_FIGURE_PRIVATE_H
#define S2S_FIGURE_PRIVATE_H

#include "viz/figure.h"
#include "viz/heatmap.h"

/* Logical pixels. */
#define FIG_MARGIN 24.0f
#define FIG_TITLE 18.0f
#define FIG_SUBTITLE 13.0f
#define FIG_LABEL 14.0f /* HEATMAP_LABEL_MAX: the size the heatmap tries first */
#define FIG_TICK 12.0f

float fig_line_h(const draw_list *dl, float size);
float fig_text_w(const draw_list *dl, const char *text, float size);
float fig_labels_w(const draw_list *dl, const char *const *labels, int n, float size);

/* The header: title over a subtitle ("input abc → output cba", a note on hatching). */
void fig_subtitle(const figure_src *src, const figure_spec *s, char *out, size_t cap);
float fig_header_h(const draw_list *dl);
/* Width the header needs: the widest of this step's and the whole decode's. */
float fig_header_w(const draw_list *dl, const figure_src *src, const figure_spec *s, int grid);
void fig_header(draw_list *dl, const char *title, const char *sub, float w, const theme *th);

/* Weights 0..1; scores symmetric about 0 over all n matrices (one scale for a whole grid). */
void fig_value_range(const figure_spec *s, const figure_matrix *ms, int n, float *lo, float *hi);
/* A heatmap spec for matrix m with a fixed range; the layout_* labels size the label bands. */
void fig_heatmap_spec(heatmap_spec *h, const figure_spec *s, const figure_matrix *m, const char *const *layout_rows,
                      const char *const *layout_cols, float lo, float hi);
/* The w x h a heatmap of m needs for cells of side cell (labels lr, lc; optional axis titles and
 * colorbar), and the padding the heatmap will put inside it. */
void fig_heatmap_extent(const draw_list *dl, const figure_matrix *m, const char *const *lr, const char *const *lc,
                        int axis_titles, int colorbar, float cell, float *w, float *h, float *pad_out);

#endif
