/* figure.h: attention maps as stand-alone figures for slides and papers. A figure is a draw list
 * plus its size in logical pixels, built from a decode's trace with the same heatmap view the
 * window draws; the platform layer turns it into PNG or GIF, viz/svg.c into SVG.
 *
 * Two shapes: one heatmap (one kind, layer and head: title, subtitle, token labels on both axes,
 * values in the cells when they fit, colorbar), or a grid (the chosen layers x heads as small
 * labelled heatmaps under one shared colorbar). Layers and heads are numbered from 1 in titles and
 * file names, as in the window; the API takes them from 0.
 *
 * Steps. An AT decode runs one decoder pass per output token; "step N" is the state after pass
 * N-1: decoder rows 0..N-1 computed, later rows blocked (hatched) and unlabelled, so the frames of
 * an animation share one size and layout. No SDL here. */
#ifndef S2S_FIGURE_H
#define S2S_FIGURE_H

#include <stddef.h>

#include "core/decode.h"
#include "viz/colormap.h"
#include "viz/draw.h"
#include "viz/theme.h"

typedef enum figure_kind {
    FIGURE_ENCODER = 0, /* encoder self-attention: source x source */
    FIGURE_DECODER = 1, /* masked decoder self-attention: decoder input x decoder input */
    FIGURE_CROSS = 2,   /* cross-attention: decoder input x source */
    FIGURE_KIND_COUNT
} figure_kind;

/* A decode to draw from; all pointers are borrowed and must outlive the figure calls. */
typedef struct figure_src {
    const s2s_model *model;
    const s2s_trace *trace;
    const s2s_decode_result *res;
} figure_src;

typedef struct figure_spec {
    figure_kind kind;
    int layer, head;        /* 0-based; for a grid the first of n_layers / n_heads */
    int n_layers, n_heads;  /* grid only: how many from layer / head (0: all from there) */
    trace_op op;            /* TO_WEIGHTS (default), TO_SCORES or TO_MASK */
    int step;               /* 1..passes: as of that AT step; 0: the whole decode */
    int upto;               /* trace index to draw up to (the window's cursor); -1: end of `step` */
    const theme *theme;     /* NULL: light */
    const colormap *cmap;   /* NULL: viridis */
} figure_spec;

/* Defaults: decoder self-attention weights, layer 0, head 0, all layers and heads for a grid, the
 * whole decode, light theme, viridis. */
void figure_spec_init(figure_spec *s);

/* Checks the spec against the model (kind, layer, head, step in range) with a message that names
 * the bad value in the user's (1-based) terms. */
int figure_check(const figure_src *src, const figure_spec *s, s2s_error *err);

/* The decoder pass count that counts as steps (0 for one-pass decodes: NAT, teacher-forced). */
int figure_steps(const figure_src *src);
/* The last trace index of step `step` (TRACE_ALL for step <= 0 or past the end). */
int figure_upto(const s2s_trace *t, int step);

/* Builds one heatmap into dl (which the caller reset, with its text metric installed) and sets
 * *w, *h to the figure's size in logical pixels. Returns 0, or -1 with err set. */
int figure_heatmap(const figure_src *src, const figure_spec *s, draw_list *dl, float *w, float *h,
                   s2s_error *err);
/* The same for the grid of layers x heads. */
int figure_grid(const figure_src *src, const figure_spec *s, draw_list *dl, float *w, float *h,
                s2s_error *err);

/* The matrix a figure shows (rows x cols, row-major, blocked cells NAN) with its labels, or for
 * data export (data != 0) only the rows computed so far, with blocked cells 0 as
 * `decode --format json` prints them. *values is malloc'd (caller frees); the labels point into
 * src->model's vocabularies. Returns 0 or -1 with err set. */
typedef struct figure_matrix {
    float *values;
    int rows, cols;
    const char *row_labels[S2S_MAX_LEN + 1];
    const char *col_labels[S2S_MAX_LEN + 1];
} figure_matrix;
int figure_matrix_get(const figure_src *src, const figure_spec *s, int data, figure_matrix *out,
                      s2s_error *err);
void figure_matrix_free(figure_matrix *m);

/* Names, for titles and files. */
const char *figure_kind_name(figure_kind k);  /* "encoder-self", "decoder-self", "cross" */
const char *figure_kind_title(figure_kind k); /* "encoder · self-attention" ... */
/* Parses "encoder", "decoder", "cross" (and the names above); -1 when unknown. */
int figure_kind_parse(const char *name);
/* The file stem, e.g. "reverse-at_stepformer_decoder-self_L1_H2_step5" (grid: "..._all-heads")
 * from the task, decoder kind, input (sanitized to [A-Za-z0-9_-], at most 24 characters), kind,
 * layer, head and step. what_only: only the part from the kind on ("decoder-self_L1_H2_step5"). */
void figure_stem(const figure_src *src, const figure_spec *s, int grid, int what_only, char *out, size_t cap);
/* The title, e.g. "reverse · AT · decoder layer 1 · masked self-attention · head 2 · step 5 of 9". */
void figure_title(const figure_src *src, const figure_spec *s, int grid, char *out, size_t cap);

#endif
