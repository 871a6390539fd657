/* svg.c: the SVG backend of the draw list. */
#include "viz/svg.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "core/version.h"

/* ---- output sink: a FILE* or a growing buffer ------------------------------------------------- */

typedef struct sink {
    FILE *f;
    char *buf;
    size_t len, cap;
    int failed;
} sink;

static void sink_write(sink *s, const char *p, size_t n) {
    if (s->failed || n == 0) return;
    if (s->f) {
        if (fwrite(p, 1, n, s->f) != n) s->failed = 1;
        return;
    }
    if (array_grow((void **)&s->buf, &s->cap, s->len + n + 1, 1, 4096)) {
        s->failed = 1;
        return;
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    s->buf[s->len] = 0;
}

static void sink_printf(sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sink_printf(sink *s, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) { /* only escaped text is long, and it never comes here */
        s->failed = 1;
        return;
    }
    sink_write(s, tmp, (size_t)n);
}

/* ---- escaping --------------------------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p that is also an XML 1.0 character (not U+FFFE, U+FFFF), or 0. */
static size_t utf8_valid(const unsigned char *p) {
    int n = utf8_valid_len((const char *)p);
    if (n == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE) return 0;
    return (size_t)n;
}

size_t svg_escape(const char *text, char *buf, size_t cap) {
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)text;
#define PUT(str, len)                                                         \
    do {                                                                      \
        for (size_t k_ = 0; k_ < (len); k_++, n++)                            \
            if (buf && n + 1 < cap) buf[n] = (str)[k_];                       \
    } while (0)
    while (*p) {
        unsigned c = *p;
        if (c == '&') PUT("&amp;", 5);
        else if (c == '<') PUT("&lt;", 4);
        else if (c == '>') PUT("&gt;", 4);
        else if (c == '"') PUT("&quot;", 6);
        else if (c == '\'') PUT("&apos;", 6);
        else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') { /* not an XML character */ }
        else if (c < 0x80) PUT((const char *)p, 1);
        else {
            size_t len = utf8_valid(p);
            if (len) {
                PUT((const char *)p, len);
                p += len;
                continue;
            }
            PUT("\xEF\xBF\xBD", 3); /* U+FFFD for the invalid byte */
        }
        p++;
    }
#undef PUT
    if (buf && cap) buf[n < cap ? n : cap - 1] = 0;
    return n;
}

static void sink_escaped(sink *s, const char *text) {
    char local[512];
    size_t need = svg_escape(text, NULL, 0);
    char *buf = need < sizeof local ? local : malloc(need + 1);
    if (!buf) {
        s->failed = 1;
        return;
    }
    svg_escape(text, buf, need + 1);
    sink_write(s, buf, need);
    if (buf != local) free(buf);
}

/* ---- elements --------------------------------------------------------------------------------- */

/* Shortest decimal for a coordinate (two decimals at most: 1/100 logical pixel is invisible). */
static const char *num(char *buf, float v) {
    snprintf(buf, 24, "%.2f", (double)v);
    char *e = buf + strlen(buf) - 1;
    while (*e == '0') *e-- = 0;
    if (*e == '.') *e = 0;
    if (strcmp(buf, "-0") == 0) strcpy(buf, "0");
    return buf;
}

/* fill="#rrggbb" (plus opacity when translucent) for attribute `attr`. */
static void paint(sink *s, const char *attr, draw_color c) {
    sink_printf(s, " %s=\"#%02x%02x%02x\"", attr, c.r, c.g, c.b);
    if (c.a != 255) sink_printf(s, " %s-opacity=\"%.3f\"", attr, c.a / 255.0);
}

static void rect_attrs(sink *s, draw_rect r) {
    char a[24], b[24], c[24], d[24];
    sink_printf(s, " x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"", num(a, r.x), num(b, r.y),
                num(c, r.w), num(d, r.h));
}

/* Hatching styles seen in the list: one <pattern> each, referenced as url(#hatchN). */
typedef struct hatch_style {
    draw_color bg, line;
    float spacing;
} hatch_style;

static int same_style(hatch_style a, const draw_cmd *c) {
    return memcmp(&a.bg, &c->color2, sizeof a.bg) == 0 &&
           memcmp(&a.line, &c->color, sizeof a.line) == 0 && a.spacing == c->width;
}

enum { MAX_HATCH_STYLES = 16 };

static int hatch_index(const hatch_style *styles, int n, const draw_cmd *c) {
    for (int i = 0; i < n; i++)
        if (same_style(styles[i], c)) return i;
    return -1;
}

static void write_defs(sink *s, const draw_list *dl, hatch_style *styles, int *nstyles) {
    *nstyles = 0;
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind != DRAW_HATCH || hatch_index(styles, *nstyles, c) >= 0) continue;
        if (*nstyles == MAX_HATCH_STYLES) continue; /* later styles reuse the last pattern */
        hatch_style st = {c->color2, c->color, c->width};
        styles[(*nstyles)++] = st;
    }
    if (*nstyles == 0) return;
    sink_printf(s, "<defs>\n");
    for (int i = 0; i < *nstyles; i++) {
        char w[24], lw[24];
        sink_printf(s, "<pattern id=\"hatch%d\" patternUnits=\"userSpaceOnUse\" width=\"%s\" "
                       "height=\"%s\" patternTransform=\"rotate(45)\">", i,
                    num(w, styles[i].spacing), w);
        sink_printf(s, "<rect width=\"%s\" height=\"%s\"", w, w);
        paint(s, "fill", styles[i].bg);
        sink_printf(s, "/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"%s\" stroke-width=\"%s\"", w,
                    num(lw, fmaxf(1, styles[i].spacing / 4)));
        paint(s, "stroke", styles[i].line);
        sink_printf(s, "/></pattern>\n");
    }
    sink_printf(s, "</defs>\n");
}

static void write_text(sink *s, const draw_list *dl, const draw_cmd *c) {
    static const char *anchor[] = {"start", "middle", "end"};
    char x[24], y[24], sz[24];
    sink_printf(s, "<text x=\"%s\" y=\"%s\" font-size=\"%s\" text-anchor=\"%s\" "
                   "dominant-baseline=\"central\"", num(x, c->x0), num(y, c->y0), num(sz, c->size),
                anchor[c->align]);
    if (c->vertical) sink_printf(s, " transform=\"rotate(-90 %s %s)\"", x, y);
    paint(s, "fill", c->color);
    sink_printf(s, ">");
    sink_escaped(s, draw_cmd_text(dl, c));
    sink_printf(s, "</text>\n");
}

static void write_cells(sink *s, const draw_list *dl, const draw_cmd *c) {
    const draw_color *col = draw_cmd_cells(dl, c);
    float cw = c->rect.w / (float)c->cols, ch = c->rect.h / (float)c->rows;
    sink_printf(s, "<g shape-rendering=\"crispEdges\">\n");
    for (int r = 0; r < c->rows; r++) {
        for (int k = 0; k < c->cols; k++) {
            sink_printf(s, "<rect class=\"cell\"");
            rect_attrs(s, draw_rect_make(c->rect.x + cw * (float)k, c->rect.y + ch * (float)r, cw, ch));
            paint(s, "fill", col[(size_t)r * (size_t)c->cols + (size_t)k]);
            sink_printf(s, "/>\n");
        }
    }
    sink_printf(s, "</g>\n");
}

static void write_ramp(sink *s, const draw_list *dl, const draw_cmd *c, int id) {
    const draw_color *col = draw_cmd_cells(dl, c);
    int n = c->rows;
    sink_printf(s, "<linearGradient id=\"ramp%d\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">\n", id);
    int step = n > 64 ? n / 64 : 1; /* 65 stops are indistinguishable from 256 and 4x smaller */
    for (int i = 0; i < n; i += step) {
        int j = i + step >= n ? n - 1 : i;
        sink_printf(s, "<stop offset=\"%.4f\"", n > 1 ? (double)j / (n - 1) : 0.0);
        paint(s, "stop-color", col[j]);
        sink_printf(s, "/>\n");
        if (j == n - 1) break;
    }
    sink_printf(s, "</linearGradient>\n<rect class=\"colorbar\"");
    rect_attrs(s, c->rect);
    sink_printf(s, " fill=\"url(#ramp%d)\"/>\n", id);
}

static void write_cmd(sink *s, const draw_list *dl, const draw_cmd *c, const hatch_style *styles,
                      int nstyles, int *nclip, int *nramp) {
    char a[24], b[24], d[24], e[24], f[24];
    switch (c->kind) {
    case DRAW_FILL:
        sink_printf(s, "<rect");
        rect_attrs(s, c->rect);
        paint(s, "fill", c->color);
        sink_printf(s, "/>\n");
        break;
    case DRAW_OUTLINE: {
        float hw = c->width / 2; /* outlines are drawn inside the rect, like the SDL backend */
        sink_printf(s, "<rect fill=\"none\" stroke-width=\"%s\"", num(a, c->width));
        rect_attrs(s, draw_rect_make(c->rect.x + hw, c->rect.y + hw, c->rect.w - c->width,
                                     c->rect.h - c->width));
        paint(s, "stroke", c->color);
        sink_printf(s, "/>\n");
        break;
    }
    case DRAW_LINE:
        sink_printf(s, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke-width=\"%s\"",
                    num(a, c->x0), num(b, c->y0), num(d, c->x1), num(e, c->y1), num(f, c->width));
        paint(s, "stroke", c->color);
        sink_printf(s, "/>\n");
        break;
    case DRAW_TEXT: write_text(s, dl, c); break;
    case DRAW_IMAGE: {
        char x[24], y[24], w[24], h[24];
        sink_printf(s, "<image x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" href=\"", num(x, c->rect.x), num(y, c->rect.y),
                    num(w, c->rect.w), num(h, c->rect.h));
        sink_escaped(s, draw_cmd_text(dl, c));
        sink_printf(s, "\"/>\n");
        break;
    }
    case DRAW_CELLS: write_cells(s, dl, c); break;
    case DRAW_RAMP: write_ramp(s, dl, c, (*nramp)++); break;
    case DRAW_HATCH: {
        int k = hatch_index(styles, nstyles, c);
        sink_printf(s, "<rect class=\"masked\"");
        rect_attrs(s, c->rect);
        sink_printf(s, " fill=\"url(#hatch%d)\"/>\n", k >= 0 ? k : nstyles - 1);
        break;
    }
    case DRAW_CLIP_PUSH:
        sink_printf(s, "<clipPath id=\"clip%d\"><rect", *nclip);
        rect_attrs(s, c->rect);
        sink_printf(s, "/></clipPath>\n<g clip-path=\"url(#clip%d)\">\n", *nclip);
        (*nclip)++;
        break;
    case DRAW_CLIP_POP: sink_printf(s, "</g>\n"); break;
    }
}

/* Writes the whole document into s; closes clip groups left open so the XML always balances. */
static void write_doc(sink *s, const draw_list *dl, float width, float height) {
    char w[24], h[24];
    sink_printf(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sink_printf(s, "<!-- made by Stepformer %s -->\n", stepformer_version());
    sink_printf(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%s\" "
                   "height=\"%s\" viewBox=\"0 0 %s %s\" font-family=\"%s\">\n",
                num(w, width), num(h, height), w, h, SVG_FONT_FAMILY);
    hatch_style styles[MAX_HATCH_STYLES];
    int nstyles, nclip = 0, nramp = 0, depth = 0;
    write_defs(s, dl, styles, &nstyles);
    for (size_t i = 0; i < draw_list_count(dl); i++) {
        const draw_cmd *c = draw_list_at(dl, i);
        if (c->kind == DRAW_CLIP_POP && depth == 0) continue; /* unbalanced pop: ignore */
        depth += c->kind == DRAW_CLIP_PUSH ? 1 : c->kind == DRAW_CLIP_POP ? -1 : 0;
        write_cmd(s, dl, c, styles, nstyles, &nclip, &nramp);
    }
    while (depth-- > 0) sink_printf(s, "</g>\n");
    sink_printf(s, "</svg>\n");
}

int svg_write_file(const draw_list *dl, float width, float height, FILE *f, s2s_error *err) {
    sink s = {.f = f};
    write_doc(&s, dl, width, height);
    if (s.failed || fflush(f) != 0)
        return s2s_fail(err, "svg: write failed: %s", errno ? strerror(errno) : "I/O error");
    return 0;
}

int svg_write_buffer(const draw_list *dl, float width, float height, char **out, size_t *len,
                     s2s_error *err) {
    sink s = {0};
    write_doc(&s, dl, width, height);
    if (s.failed) {
        free(s.buf);
        *out = NULL;
        return s2s_fail(err, "svg: out of memory");
    }
    *out = s.buf;
    if (len) *len = s.len;
    return 0;
}
