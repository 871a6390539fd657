/* svg.h: writes a draw list as a true-vector SVG for papers and slides: cells as <rect class="cell">,
 * text as <text> (XML-escaped, fonts named, not outlined), masked cells as rects filled with a
 * hatching <pattern>, colorbars as a <linearGradient>, clips as <clipPath>. */
#ifndef S2S_SVG_H
#define S2S_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"
#include "viz/draw.h"

#define SVG_FONT_FAMILY "DejaVu Sans, WenQuanYi Micro Hei, sans-serif"

/* Writes dl as an SVG document of width x height logical pixels to f. Returns 0, or -1 with err set
 * when a write fails. */
int svg_write_file(const draw_list *dl, float width, float height, FILE *f, s2s_error *err);
/* Writes the same document into a new NUL-terminated buffer (*out, caller frees; *len without the
 * NUL may be NULL). Returns 0, or -1 with err set when out of memory. */
int svg_write_buffer(const draw_list *dl, float width, float height, char **out, size_t *len,
                     s2s_error *err);
/* Appends text to buf (cap bytes, always NUL-terminated) escaped for XML character data and
 * attributes: & < > " ' become entities, control characters are dropped and invalid UTF-8 becomes
 * U+FFFD, so any label yields well-formed XML. Returns the length the full result needs. */
size_t svg_escape(const char *text, char *buf, size_t cap);

#endif
