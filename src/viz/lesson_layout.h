/* lesson_layout.h: lays a slide's text out in a rectangle: headings, paragraphs, list items,
 * quotes, code and images, wrapped at spaces between Latin words and between CJK characters (never
 * inside a Latin word; CJK closing punctuation never starts a line, opening punctuation never ends
 * one: the character before goes down with them). No SDL: it measures through the draw list's
 * metric and appends draw commands. */
#ifndef S2S_LESSON_LAYOUT_H
#define S2S_LESSON_LAYOUT_H

#include "lesson/lesson.h"
#include "viz/draw.h"
#include "viz/theme.h"

typedef struct lesson_layout_style {
    float size;           /* body text, logical pixels (already scaled by the window's text scale) */
    const theme *th;
    const lesson *l;      /* for image paths; may be NULL */
} lesson_layout_style;

typedef struct lesson_layout_result {
    float height;         /* the height the text needs at r.w */
    int overflow;         /* 1: it needs more than r.h, or a line could not be fitted to r.w */
    int n_lines;
} lesson_layout_result;

/* Lays out slide s in r; with draw != 0 appends its commands (clipped to r). */
lesson_layout_result lesson_layout(draw_list *dl, const lesson_slide *s, draw_rect r, const lesson_layout_style *st,
                                   int draw);

/* The width and height of a PNG file's image in pixels (read from its header); -1 if it is not
 * a readable PNG. */
int lesson_png_size(const char *path, int *w, int *h);

#endif
