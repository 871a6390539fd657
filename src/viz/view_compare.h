/* view_compare.h: the panels of compare mode (AT against NAT). */
#ifndef S2S_VIEW_COMPARE_H
#define S2S_VIEW_COMPARE_H

#include "viz/view.h"

typedef struct compare_side_info {
    const char *title;    /* "AT · autoregressive · reverse-at.safetensors" */
    const char *tally;    /* "6 decoder passes · 212 µs · 1.0 token per pass" */
    const char *subtally; /* "" or e.g. NAT's speed-up and length mode */
    const char *verdict;  /* "" or "right answer" / "not a right answer · missing: nine" */
    int wrong;            /* the verdict is a failure (drawn in red) */
} compare_side_info;

#define COMPARE_BATCH_MAX_ROWS 8

typedef struct compare_batch_info {
    const char *title;
    int ready;
    const char *hint;     /* shown when not ready */
    int running;          /* a batch is running: the hint says how far, and a bar under it shows */
    float progress;       /* how far (0 to 1) */
    int n_rows;           /* models */
    const char *names[COMPARE_BATCH_MAX_ROWS]; /* AT, NAT, distilled NAT, heads off, refinement at 1, 2, 4, 10 passes */
    double exact[COMPARE_BATCH_MAX_ROWS], repeat[COMPARE_BATCH_MAX_ROWS], length_err[COMPARE_BATCH_MAX_ROWS],
        total_us[COMPARE_BATCH_MAX_ROWS];
    int n_disagree;       /* listed */
    int n_disagree_total;
    const char *const *disagree;
} compare_batch_info;

/* One side: v describes that side's model, trace, result and cursor (the shared clock). */
void view_compare_side(draw_list *dl, view_ctx *v, draw_rect r, const compare_side_info *info);
void view_compare_batch(draw_list *dl, view_ctx *v, draw_rect r, const compare_batch_info *b);

#endif
