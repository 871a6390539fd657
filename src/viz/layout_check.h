/* layout_check.h: reads a frame's draw commands back and says where its text does not fit: a text
 * box cut by the clip it is drawn under, running out of the panel it starts in, out of the
 * window, or overlapping another text box. The layout test (tests/app/test_layout_scale.c) runs it
 * on every main view at every text scale and window size a classroom uses; presenter mode uses the
 * smallest text size it reports. No SDL. */
#ifndef S2S_LAYOUT_CHECK_H
#define S2S_LAYOUT_CHECK_H

#include <stddef.h>

#include "viz/draw.h"

typedef enum layout_problem_kind {
    LAYOUT_CLIPPED,      /* a text box crosses the edge of the clip rect it is drawn under */
    LAYOUT_OUT_OF_PANEL, /* a text box starts in a panel and runs out of it */
    LAYOUT_OFF_SCREEN,   /* a text box crosses the window's edge */
    LAYOUT_OVERLAP,      /* two text boxes overlap */
    LAYOUT_KIND_COUNT
} layout_problem_kind;

typedef struct layout_problem {
    layout_problem_kind kind;
    size_t a, b;         /* command indexes: the text (and, for an overlap, the other text) */
} layout_problem;

typedef struct layout_report {
    int n;               /* problems found (may exceed the stored ones) */
    layout_problem items[16];
    float smallest_text; /* the smallest text size drawn, in logical pixels (0: no text) */
    int texts;           /* text commands looked at */
} layout_report;

/* Checks the text of dl drawn in a screen of w x h logical pixels with panels[0..n_panels) (the
 * frame's panels; a text belongs to the smallest one containing its anchor). Commands before index
 * `from` are not checked (a frame's overlays can be checked alone). */
layout_report layout_check(const draw_list *dl, float w, float h, const draw_rect *panels, int n_panels, size_t from);

/* One problem in words ("overlap: "Embedding" at 12,40 18x14 and "inputs" at ..."), for a test's failure. */
void layout_problem_describe(const draw_list *dl, const layout_problem *p, char *out, size_t cap);

#endif
