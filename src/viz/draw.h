/* draw.h: a draw list. Views never draw: they append commands here, and a backend (the SDL
 * executor in platform/render.c, or the SVG writer in viz/svg.c) plays them back. The list is
 * rebuilt every frame, so draw_list_reset keeps its memory.
 *
 * Units: all coordinates are logical pixels (floats), origin top-left, y down. A text size is in
 * logical pixels too (we treat one typographic point as one logical pixel, as SVG does); backends
 * multiply everything by their output scale (HiDPI, export 1..4x).
 *
 * Allocation failure is sticky, like ferror(): a command that cannot be stored is dropped and
 * draw_list_failed() returns nonzero until the next reset, so views need not check each call. */
#ifndef S2S_DRAW_H
#define S2S_DRAW_H

#include <stddef.h>
#include <stdint.h>

typedef struct draw_color {
    uint8_t r, g, b, a;
} draw_color;

typedef struct draw_rect {
    float x, y, w, h;
} draw_rect;

typedef enum draw_kind {
    DRAW_FILL,      /* filled rect: rect, color */
    DRAW_OUTLINE,   /* rect outline drawn inside rect: rect, color, width */
    DRAW_LINE,      /* segment (x0,y0)-(x1,y1): color, width */
    DRAW_TEXT,      /* UTF-8 text: see draw_text */
    DRAW_CELLS,     /* rows x cols grid of colours filling rect (heatmaps): see draw_cells */
    DRAW_RAMP,      /* smooth colour ramp (colorbars): rows colours top to bottom over rect */
    DRAW_HATCH,     /* "blocked" cell: rect filled with color2, diagonal lines in color */
    DRAW_CLIP_PUSH, /* intersect the clip with rect until the matching DRAW_CLIP_POP */
    DRAW_CLIP_POP,
    DRAW_IMAGE      /* an image file (PNG) scaled into rect: data = offset of its path (lesson slides) */
} draw_kind;

typedef enum draw_align {
    DRAW_ALIGN_LEFT,
    DRAW_ALIGN_CENTER,
    DRAW_ALIGN_RIGHT
} draw_align;

/* One command. Fields not listed for a kind above are zero. */
typedef struct draw_cmd {
    draw_kind kind;
    draw_rect rect;     /* FILL, OUTLINE, CELLS, HATCH, CLIP_PUSH; TEXT: measured box (see below) */
    draw_color color;   /* fill, stroke, text or hatch-line colour */
    draw_color color2;  /* HATCH: background colour */
    float width;        /* OUTLINE, LINE: stroke width; HATCH: line spacing */
    float x0, y0, x1, y1; /* LINE: end points; TEXT: x0,y0 = anchor */
    float size;         /* TEXT: size in logical pixels */
    draw_align align;   /* TEXT: horizontal alignment about the anchor (along the text direction) */
    int vertical;       /* TEXT: 1 = rotated 90 degrees counter-clockwise (reads bottom to top) */
    int rows, cols;     /* CELLS; RAMP: rows = number of colours, cols = 1 */
    size_t data;        /* TEXT: offset of the NUL-terminated string; CELLS, RAMP: of the colours */
} draw_cmd;

/* Measures text: writes the advance width and line height in logical pixels of `text` at `size`.
 * The platform layer installs one backed by SDL_ttf; user is passed through. */
typedef void (*draw_measure_fn)(void *user, const char *text, float size, float *w, float *h);

typedef struct draw_list draw_list;

/* Returns an empty list with the fallback metric installed, or NULL when out of memory. */
draw_list *draw_list_create(void);
/* Frees the list; NULL is fine. */
void draw_list_destroy(draw_list *dl);
/* Empties the list and clears the failure flag but keeps its memory for the next frame. */
void draw_list_reset(draw_list *dl);
/* Nonzero if a command was dropped for lack of memory since the last reset. */
int draw_list_failed(const draw_list *dl);

/* Installs the text measuring callback; fn == NULL restores the fallback metric. */
void draw_set_measure(draw_list *dl, draw_measure_fn fn, void *user);
/* Measures text with the installed callback (w, h may be NULL). The fallback metric is crude but
 * deliberately generous (0.62 em per Latin glyph, 1 em per wide glyph, 1.25 em line height), so a
 * layout that fits under it also fits with DejaVu Sans. */
void draw_measure(const draw_list *dl, const char *text, float size, float *w, float *h);
/* The fallback metric itself, usable as a draw_measure_fn (user is ignored). */
void draw_measure_fallback(void *user, const char *text, float size, float *w, float *h);

/* ---- emitting commands ------------------------------------------------------------------------ */
void draw_fill(draw_list *dl, draw_rect r, draw_color c);
void draw_outline(draw_list *dl, draw_rect r, draw_color c, float width);
void draw_line(draw_list *dl, float x0, float y0, float x1, float y1, draw_color c, float width);
/* Text anchored at (x, y): y is the vertical centre of the line, x is the left edge, centre or
 * right edge by align. With vertical != 0 the text is rotated 90 degrees counter-clockwise about
 * the anchor, so align runs upward (LEFT: text starts at y and goes up) and x is the centre
 * line. The stored rect is the box the text occupies, measured with the list's metric. */
void draw_text(draw_list *dl, const char *text, float x, float y, float size, draw_color c,
               draw_align align, int vertical);
/* A rows x cols grid of colours (row-major) stretched over r. The colours are copied once; the
 * backend draws them as one texture or as rects. */
void draw_cells(draw_list *dl, draw_rect r, int rows, int cols, const draw_color *colors);
/* A vertical colour ramp of n colours (top to bottom) over r. Raster backends draw it like cells;
 * vector backends may interpolate (an SVG gradient), which is why it is its own kind. */
void draw_ramp(draw_list *dl, draw_rect r, int n, const draw_color *colors);
/* A masked cell drawn as explicitly blocked: background bg, diagonal lines in line every
 * `spacing` logical pixels. */
void draw_hatch(draw_list *dl, draw_rect r, draw_color bg, draw_color line, float spacing);
/* The image in file path (PNG), scaled to fill r. Backends that cannot read it draw nothing. */
void draw_image(draw_list *dl, draw_rect r, const char *path);
void draw_clip_push(draw_list *dl, draw_rect r);
void draw_clip_pop(draw_list *dl);

/* ---- reading commands back (backends) --------------------------------------------------------- */
size_t draw_list_count(const draw_list *dl);
/* The i-th command; i must be < draw_list_count. */
const draw_cmd *draw_list_at(const draw_list *dl, size_t i);
/* The string of a DRAW_TEXT command (the path of a DRAW_IMAGE). */
const char *draw_cmd_text(const draw_list *dl, const draw_cmd *cmd);
/* The rows*cols colours of a DRAW_CELLS or DRAW_RAMP command. */
const draw_color *draw_cmd_cells(const draw_list *dl, const draw_cmd *cmd);

/* ---- small helpers ------------------------------------------------------------------------------ */
static inline draw_rect draw_rect_make(float x, float y, float w, float h) {
    draw_rect r = {x, y, w, h};
    return r;
}
static inline draw_color draw_rgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a) {
    draw_color c = {r, g, b, a};
    return c;
}
/* top painted over an opaque base, as one opaque colour: a fill the renderer draws without
 * blending, rather than a translucent one over a background. */
static inline draw_color draw_color_over(draw_color base, draw_color top) {
    int a = top.a;
    draw_color c = {(uint8_t)((top.r * a + base.r * (255 - a) + 127) / 255),
                    (uint8_t)((top.g * a + base.g * (255 - a) + 127) / 255),
                    (uint8_t)((top.b * a + base.b * (255 - a) + 127) / 255), 255};
    return c;
}
/* Intersection of two rects (w or h 0 when they do not overlap). */
draw_rect draw_rect_intersect(draw_rect a, draw_rect b);
/* Copies text into out (out_size bytes), shortened at a code point boundary and ended with an
 * ellipsis so that it measures at most max_w at size. Returns 1 if it was shortened, 0 if it fit,
 * and leaves out empty when not even the ellipsis fits. */
int draw_text_fit(const draw_list *dl, const char *text, float size, float max_w, char *out,
                  size_t out_size);

#endif
