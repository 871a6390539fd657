/* lesson_text.c: a slide's Markdown (cmark's tree) turned into what the panel lays out: blocks
 * (headings, paragraphs, list items, code, quotes, images) of runs of text in one style. */
#define _POSIX_C_SOURCE 200809L
#include "lesson/lesson_text.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"


/* ---- growing the arrays ---------------------------------------------------------------------------- */

static lesson_block *new_block(lesson_slide *s, lesson_block_kind kind, int level, int line) {
    if ((s->n_blocks & 15) == 0) {
        lesson_block *p = realloc(s->blocks, sizeof *p * (size_t)(s->n_blocks + 16));
        if (!p) return NULL;
        s->blocks = p;
    }
    lesson_block *b = &s->blocks[s->n_blocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->level = level;
    b->line = line;
    return b;
}

/* The code point that ends s (0 when empty). */
static unsigned last_code_point(const char *s) {
    size_t n = strlen(s);
    if (!n) return 0;
    const char *p = s + utf8_prev(s, n);
    return utf8_next(&p);
}

/* Appends text in style to the block, merging with the last run when the style is the same. */
static int add_run(lesson_block *b, const char *text, int style) {
    if (!*text) return 0;
    if (b->n_runs && b->runs[b->n_runs - 1].style == style) {
        lesson_run *r = &b->runs[b->n_runs - 1];
        size_t n = strlen(r->text), m = strlen(text);
        char *p = realloc(r->text, n + m + 1);
        if (!p) return -1;
        memcpy(p + n, text, m + 1);
        r->text = p;
        return 0;
    }
    if ((b->n_runs & 7) == 0) {
        lesson_run *p = realloc(b->runs, sizeof *p * (size_t)(b->n_runs + 8));
        if (!p) return -1;
        b->runs = p;
    }
    char *copy = strdup(text);
    if (!copy) return -1;
    b->runs[b->n_runs++] = (lesson_run){copy, style};
    return 0;
}

/* The text so far of the block (for a soft break's decision). */
static const char *last_text(const lesson_block *b) { return b->n_runs ? b->runs[b->n_runs - 1].text : ""; }

int lesson_is_cjk(unsigned c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

/* ---- inlines --------------------------------------------------------------------------------------- */

typedef struct walk {
    lesson_slide *slide;
    s2s_error *err;
    cmark_node *images[32]; /* images met inside a paragraph: their own blocks after it */
    int n_images;
} walk;

static int add_inlines(walk *w, lesson_block *b, cmark_node *parent, int style) {
    for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
        int rc = 0;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_HTML_INLINE: /* "<end>" in a sentence is text, not HTML */
            rc = add_run(b, cmark_node_get_literal(n), style);
            break;
        case CMARK_NODE_CODE: rc = add_run(b, cmark_node_get_literal(n), style | LESSON_CODE); break;
        case CMARK_NODE_SOFTBREAK: /* a line break in the source: a space, except between CJK characters */
            rc = lesson_is_cjk(last_code_point(last_text(b))) ? 0 : add_run(b, " ", style);
            break;
        case CMARK_NODE_LINEBREAK: rc = add_run(b, "\n", style); break;
        case CMARK_NODE_EMPH: rc = add_inlines(w, b, n, style | LESSON_EMPH); break;
        case CMARK_NODE_STRONG: rc = add_inlines(w, b, n, style | LESSON_STRONG); break;
        case CMARK_NODE_LINK: rc = add_inlines(w, b, n, style | LESSON_LINK); break;
        case CMARK_NODE_IMAGE:
            if (w->n_images == 32) return s2s_fail(w->err, "%d: more than 32 images in one paragraph", cmark_node_get_start_line(n));
            w->images[w->n_images++] = n;
            break;
        default: break;
        }
        if (rc) return s2s_fail(w->err, "%d: out of memory", cmark_node_get_start_line(n));
    }
    return 0;
}

/* The plain text of an image's alt (its children). */
static void alt_text(cmark_node *img, char *out, size_t cap) {
    out[0] = '\0';
    for (cmark_node *n = cmark_node_first_child(img); n; n = cmark_node_next(n))
        if (cmark_node_get_literal(n)) snprintf(out + strlen(out), cap - strlen(out), "%s", cmark_node_get_literal(n));
}

static int add_paragraph(walk *w, cmark_node *p, lesson_block_kind kind, int level, const char *marker) {
    lesson_block *b = new_block(w->slide, kind, level, cmark_node_get_start_line(p));
    if (!b) return s2s_fail(w->err, "%d: out of memory", cmark_node_get_start_line(p));
    if (marker) snprintf(b->marker, sizeof b->marker, "%s", marker);
    w->n_images = 0;
    if (add_inlines(w, b, p, 0)) return -1;
    if (b->n_runs == 0 && !marker) { /* only images: no empty paragraph before them */
        free(b->runs);
        w->slide->n_blocks--;
    }
    int n_images = w->n_images;
    for (int i = 0; i < n_images; i++) {
        cmark_node *img = w->images[i];
        lesson_block *ib = new_block(w->slide, LESSON_IMAGE, 0, cmark_node_get_start_line(img));
        char alt[256];
        alt_text(img, alt, sizeof alt);
        if (!ib || !(ib->image = strdup(cmark_node_get_url(img) ? cmark_node_get_url(img) : "")) || add_run(ib, alt, 0))
            return s2s_fail(w->err, "%d: out of memory", cmark_node_get_start_line(img));
    }
    return 0;
}

/* ---- blocks ---------------------------------------------------------------------------------------- */

static int add_block(walk *w, cmark_node *n, lesson_block_kind para_kind, int depth);

static int add_list(walk *w, cmark_node *list, int depth) {
    int ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST, k = cmark_node_get_list_start(list);
    for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item), k++) {
        char marker[12];
        snprintf(marker, sizeof marker, ordered ? "%d." : "•", k);
        int first = 1;
        for (cmark_node *c = cmark_node_first_child(item); c; c = cmark_node_next(c)) {
            int rc;
            if (first && cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH) rc = add_paragraph(w, c, LESSON_ITEM, depth + 1, marker);
            else rc = add_block(w, c, LESSON_ITEM, depth + 1);
            if (rc) return -1;
            first = 0;
        }
    }
    return 0;
}

/* para_kind: what a paragraph becomes here (a quote's paragraphs are quotes, a list item's later
 * paragraphs are items without a marker); depth: list nesting. */
static int add_block(walk *w, cmark_node *n, lesson_block_kind para_kind, int depth) {
    int line = cmark_node_get_start_line(n);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_HEADING: {
        lesson_block *b = new_block(w->slide, LESSON_HEADING, cmark_node_get_heading_level(n), line);
        w->n_images = 0;
        if (!b) return s2s_fail(w->err, "%d: out of memory", line);
        return add_inlines(w, b, n, 0);
    }
    case CMARK_NODE_PARAGRAPH: return add_paragraph(w, n, para_kind, depth, para_kind == LESSON_ITEM ? "" : NULL);
    case CMARK_NODE_LIST: return add_list(w, n, depth);
    case CMARK_NODE_BLOCK_QUOTE:
        for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c))
            if (add_block(w, c, LESSON_QUOTE, depth)) return -1;
        return 0;
    case CMARK_NODE_CODE_BLOCK: {
        lesson_block *b = new_block(w->slide, LESSON_CODE_BLOCK, 0, line);
        char text[4096];
        snprintf(text, sizeof text, "%s", cmark_node_get_literal(n));
        size_t len = strlen(text);
        while (len && text[len - 1] == '\n') text[--len] = '\0'; /* cmark keeps the last newline */
        if (!b || add_run(b, text, LESSON_CODE)) return s2s_fail(w->err, "%d: out of memory", line);
        return 0;
    }
    case CMARK_NODE_HTML_BLOCK:
        return s2s_fail(w->err, "%d: HTML is not shown in a lesson (write `<end>` in backquotes to show it as code)", line);
    default: return 0; /* a thematic break inside a list, or anything cmark adds later */
    }
}

int lesson_text_add(lesson_slide *s, cmark_node *first, s2s_error *err) {
    walk w = {s, err, {0}, 0};
    for (cmark_node *n = first; n && cmark_node_get_type(n) != CMARK_NODE_THEMATIC_BREAK; n = cmark_node_next(n))
        if (add_block(&w, n, LESSON_PARAGRAPH, 0)) return -1;
    return 0;
}

void lesson_text_free(lesson_slide *s) {
    for (int i = 0; i < s->n_blocks; i++) {
        for (int j = 0; j < s->blocks[i].n_runs; j++) free(s->blocks[i].runs[j].text);
        free(s->blocks[i].runs);
        free(s->blocks[i].image);
    }
    free(s->blocks);
    s->blocks = NULL;
    s->n_blocks = 0;
}
