/* draw.c: the draw list: growable arrays of commands, string bytes and cell colours. */
#include "viz/draw.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

struct draw_list {
    draw_cmd *cmds;
    size_t ncmds, cap_cmds;
    char *text;         /* NUL-terminated strings back to back */
    size_t ntext, cap_text;
    draw_color *cells;  /* colours of every DRAW_CELLS command back to back */
    size_t ncells, cap_cells;
    draw_measure_fn measure;
    void *measure_user;
    int failed;
};

/* Grows *buf to at least `need` elements (array_grow, from 64): after the first frames, the per-frame
 * rebuild allocates nothing. */
static int grow(void **buf, size_t *cap, size_t need, size_t elem) { return array_grow(buf, cap, need, elem, 64); }

draw_list *draw_list_create(void) {
    draw_list *dl = calloc(1, sizeof *dl);
    if (!dl) return NULL;
    dl->measure = draw_measure_fallback;
    return dl;
}

void draw_list_destroy(draw_list *dl) {
    if (!dl) return;
    free(dl->cmds);
    free(dl->text);
    free(dl->cells);
    free(dl);
}

void draw_list_reset(draw_list *dl) {
    dl->ncmds = dl->ntext = dl->ncells = 0;
    dl->failed = 0;
}

int draw_list_failed(const draw_list *dl) { return dl->failed; }

void draw_set_measure(draw_list *dl, draw_measure_fn fn, void *user) {
    dl->measure = fn ? fn : draw_measure_fallback;
    dl->measure_user = fn ? user : NULL;
}

void draw_measure_fallback(void *user, const char *text, float size, float *w, float *h) {
    (void)user;
    float width = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p < 0x80) width += 0.62f * size;
        else if (*p >= 0xE0) width += 1.0f * size; /* 3-4 byte sequences: CJK and symbols, wide */
        else if (*p >= 0xC0) width += 0.7f * size; /* 2-byte: accented Latin, Greek, Cyrillic */
    }
    if (w) *w = width;
    if (h) *h = 1.25f * size;
}

void draw_measure(const draw_list *dl, const char *text, float size, float *w, float *h) {
    float tw = 0, th = 0;
    dl->measure(dl->measure_user, text ? text : "", size, &tw, &th);
    if (w) *w = tw;
    if (h) *h = th;
}

int draw_text_fit(const draw_list *dl, const char *text, float size, float max_w, char *out,
                  size_t out_size) {
    static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026 */
    if (!out || out_size == 0) return 0;
    out[0] = 0;
    if (!text) return 0;
    float w;
    size_t len = strlen(text);
    draw_measure(dl, text, size, &w, NULL);
    if (w <= max_w && len < out_size) {
        memcpy(out, text, len + 1);
        return 0;
    }
    /* Drop code points from the end until prefix + ellipsis fits (labels are short: linear). */
    size_t keep = len < out_size ? len : out_size - 1;
    while (keep > 0) {
        keep = utf8_prev(text, keep);
        if (keep + sizeof ellipsis > out_size) continue;
        memcpy(out, text, keep);
        memcpy(out + keep, ellipsis, sizeof ellipsis);
        draw_measure(dl, out, size, &w, NULL);
        if (w <= max_w) return 1;
    }
    draw_measure(dl, ellipsis, size, &w, NULL);
    if (w <= max_w && out_size >= sizeof ellipsis) memcpy(out, ellipsis, sizeof ellipsis);
    else out[0] = 0;
    return 1;
}

/* Appends a zeroed command of the given kind, or returns NULL (and marks failure). */
static draw_cmd *push(draw_list *dl, draw_kind kind) {
    if (grow((void **)&dl->cmds, &dl->cap_cmds, dl->ncmds + 1, sizeof *dl->cmds)) {
        dl->failed = 1;
        return NULL;
    }
    draw_cmd *c = &dl->cmds[dl->ncmds++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    return c;
}

void draw_fill(draw_list *dl, draw_rect r, draw_color c) {
    if (r.w <= 0 || r.h <= 0 || c.a == 0) return;
    draw_cmd *cmd = push(dl, DRAW_FILL);
    if (!cmd) return;
    cmd->rect = r;
    cmd->color = c;
}

void draw_outline(draw_list *dl, draw_rect r, draw_color c, float width) {
    if (r.w <= 0 || r.h <= 0 || width <= 0) return;
    draw_cmd *cmd = push(dl, DRAW_OUTLINE);
    if (!cmd) return;
    cmd->rect = r;
    cmd->color = c;
    cmd->width = width;
}

void draw_line(draw_list *dl, float x0, float y0, float x1, float y1, draw_color c, float width) {
    draw_cmd *cmd = push(dl, DRAW_LINE);
    if (!cmd) return;
    cmd->x0 = x0, cmd->y0 = y0, cmd->x1 = x1, cmd->y1 = y1;
    cmd->color = c;
    cmd->width = width > 0 ? width : 1;
}

/* A command of kind holding a copy of str (its data), or NULL when out of memory. */
static draw_cmd *push_string(draw_list *dl, draw_kind kind, const char *str) {
    size_t len = strlen(str) + 1;
    if (grow((void **)&dl->text, &dl->cap_text, dl->ntext + len, 1)) {
        dl->failed = 1;
        return NULL;
    }
    draw_cmd *cmd = push(dl, kind);
    if (!cmd) return NULL;
    memcpy(dl->text + dl->ntext, str, len);
    cmd->data = dl->ntext;
    dl->ntext += len;
    return cmd;
}

void draw_text(draw_list *dl, const char *text, float x, float y, float size, draw_color c,
               draw_align align, int vertical) {
    if (!text || !*text) return;
    draw_cmd *cmd = push_string(dl, DRAW_TEXT, text);
    if (!cmd) return;
    cmd->x0 = x, cmd->y0 = y;
    cmd->size = size;
    cmd->color = c;
    cmd->align = align;
    cmd->vertical = vertical != 0;
    float w, h;
    draw_measure(dl, text, size, &w, &h);
    /* offset of the text's start along its direction, relative to the anchor */
    float start = align == DRAW_ALIGN_LEFT ? 0 : align == DRAW_ALIGN_CENTER ? -w / 2 : -w;
    if (!vertical) cmd->rect = draw_rect_make(x + start, y - h / 2, w, h);
    else cmd->rect = draw_rect_make(x - h / 2, y - start - w, h, w); /* runs upward from y-start */
}

/* Stores a grid of colours as a CELLS or RAMP command. */
static void push_colors(draw_list *dl, draw_kind kind, draw_rect r, int rows, int cols,
                        const draw_color *colors) {
    if (rows <= 0 || cols <= 0 || r.w <= 0 || r.h <= 0) return;
    size_t n = (size_t)rows * (size_t)cols;
    if (grow((void **)&dl->cells, &dl->cap_cells, dl->ncells + n, sizeof *dl->cells)) {
        dl->failed = 1;
        return;
    }
    draw_cmd *cmd = push(dl, kind);
    if (!cmd) return;
    memcpy(dl->cells + dl->ncells, colors, n * sizeof *colors);
    cmd->data = dl->ncells;
    dl->ncells += n;
    cmd->rect = r;
    cmd->rows = rows;
    cmd->cols = cols;
}

void draw_cells(draw_list *dl, draw_rect r, int rows, int cols, const draw_color *colors) {
    push_colors(dl, DRAW_CELLS, r, rows, cols, colors);
}

void draw_ramp(draw_list *dl, draw_rect r, int n, const draw_color *colors) {
    push_colors(dl, DRAW_RAMP, r, n, 1, colors);
}

void draw_hatch(draw_list *dl, draw_rect r, draw_color bg, draw_color line, float spacing) {
    if (r.w <= 0 || r.h <= 0) return;
    draw_cmd *cmd = push(dl, DRAW_HATCH);
    if (!cmd) return;
    cmd->rect = r;
    cmd->color = line;
    cmd->color2 = bg;
    cmd->width = spacing > 1 ? spacing : 1;
}

void draw_clip_push(draw_list *dl, draw_rect r) {
    draw_cmd *cmd = push(dl, DRAW_CLIP_PUSH);
    if (cmd) cmd->rect = r;
}

void draw_clip_pop(draw_list *dl) { push(dl, DRAW_CLIP_POP); }

void draw_image(draw_list *dl, draw_rect r, const char *path) {
    draw_cmd *cmd = push_string(dl, DRAW_IMAGE, path);
    if (cmd) cmd->rect = r;
}

size_t draw_list_count(const draw_list *dl) { return dl->ncmds; }

const draw_cmd *draw_list_at(const draw_list *dl, size_t i) { return &dl->cmds[i]; }

const char *draw_cmd_text(const draw_list *dl, const draw_cmd *cmd) { return dl->text + cmd->data; }

const draw_color *draw_cmd_cells(const draw_list *dl, const draw_cmd *cmd) {
    return dl->cells + cmd->data;
}

draw_rect draw_rect_intersect(draw_rect a, draw_rect b) {
    float x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    float x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    float y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    draw_rect r = {x0, y0, x1 > x0 ? x1 - x0 : 0, y1 > y0 ? y1 - y0 : 0};
    return r;
}
