/* lesson_parse.c: a lesson file into slides (see lesson.h and docs/lessons.md). cmark parses the
 * Markdown; this file splits the document on its top-level thematic breaks, reads each slide's
 * `key: value` header from the source lines (so `<end>` or `*` in a value stays as written) and
 * carries the state from slide to slide. */
#define _POSIX_C_SOURCE 200809L
#include "lesson/lesson.h"

#include <cmark.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/paths.h"
#include "lesson/lesson_text.h"

#define LESSON_FILE_MAX (1 << 20)

/* ---- source lines ---------------------------------------------------------------------------------- */

typedef struct source {
    const char *text;
    size_t len;
    size_t *start; /* (n_lines + 1) offset of each line; [n_lines] = len + 1 */
    int n_lines;
} source;

static int source_index(source *s, const char *text, size_t len) {
    s->text = text;
    s->len = len;
    s->n_lines = 1;
    for (size_t i = 0; i < len; i++) s->n_lines += text[i] == '\n';
    s->start = malloc(sizeof(size_t) * (size_t)(s->n_lines + 1));
    if (!s->start) return -1;
    int k = 0;
    s->start[k++] = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n') s->start[k++] = i + 1;
    s->start[k] = len + 1;
    return 0;
}

/* Line n (from 1) into out without its line end. */
static void source_line(const source *s, int n, char *out, size_t cap) {
    out[0] = '\0';
    if (n < 1 || n > s->n_lines) return;
    size_t a = s->start[n - 1], b = s->start[n] - 1;
    while (b > a && (s->text[b - 1] == '\r' || s->text[b - 1] == '\n')) b--;
    size_t m = b - a < cap - 1 ? b - a : cap - 1;
    memcpy(out, s->text + a, m);
    out[m] = '\0';
}

/* Splits "  key: value  " into key and value (trimmed). Returns 0 when the line has that form: a
 * lowercase key of letters and '-', a colon, then a space or the end. */
static int split_key(char *line, char **key, char **value) {
    char *p = line;
    for (int i = 0; i < 3 && *p == ' '; i++) p++;
    char *k = p;
    if (!islower((unsigned char)*p)) return -1;
    while (islower((unsigned char)*p) || *p == '-') p++;
    if (*p != ':' || (p[1] && p[1] != ' ' && p[1] != '\t')) return -1;
    *p++ = '\0';
    while (*p == ' ' || *p == '\t') p++;
    char *end = p + strlen(p);
    while (end > p && (end[-1] == ' ' || end[-1] == '\t')) *--end = '\0';
    *key = k;
    *value = p;
    return 0;
}

static int is_header_start(const source *src, cmark_node *n) {
    if (!n || cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH) return 0;
    char line[1024], *k, *v;
    source_line(src, cmark_node_get_start_line(n), line, sizeof line);
    return split_key(line, &k, &v) == 0;
}

/* A paragraph that starts like a header line with a known key (a header after the text). */
static int is_known_key_line(const source *src, cmark_node *n) {
    if (!is_header_start(src, n)) return 0;
    char line[1024], *k, *v;
    source_line(src, cmark_node_get_start_line(n), line, sizeof line);
    split_key(line, &k, &v);
    for (int i = 0; i < LK_COUNT; i++)
        if (strcmp(k, lesson_key_name((lesson_key)i)) == 0) return 1;
    return 0;
}

/* A `---` right under a line of text makes that text a heading (setext), not a new slide. */
static int check_setext(const source *src, cmark_node *n, s2s_error *err) {
    if (cmark_node_get_type(n) != CMARK_NODE_HEADING) return 0;
    int a = cmark_node_get_start_line(n), b = cmark_node_get_end_line(n);
    char line[1024];
    source_line(src, b, line, sizeof line);
    const char *p = line;
    while (*p == ' ') p++;
    if (a == b || *p != '-') return 0;
    return s2s_fail(err, "%d: '---' right under a line of text makes that text a heading; put a blank line before '---' to start a new slide",
                    b);
}

/* ---- slides ---------------------------------------------------------------------------------------- */

static int read_header(const source *src, cmark_node *para, lesson_state *st, s2s_error *err) {
    for (int n = cmark_node_get_start_line(para); n <= cmark_node_get_end_line(para); n++) {
        char line[1024], *k, *v;
        source_line(src, n, line, sizeof line);
        if (split_key(line, &k, &v))
            return s2s_fail(err, "%d: the header's lines are all 'key: value' and end with a blank line; this one is not: '%.80s'",
                            n, line);
        if (lesson_state_set(st, k, v, n, err)) return -1;
    }
    return 0;
}

static int add_slide(lesson *l, const source *src, cmark_node *first, const lesson_state *prev, s2s_error *err) {
    if (!first || cmark_node_get_type(first) == CMARK_NODE_THEMATIC_BREAK) return 0; /* nothing between two rules */
    if (l->n_slides == LESSON_MAX_SLIDES)
        return s2s_fail(err, "%d: more than %d slides", cmark_node_get_start_line(first), LESSON_MAX_SLIDES);
    lesson_state carried = *prev; /* prev may be the last slide's: the realloc below can move it */
    if ((l->n_slides & 15) == 0) {
        lesson_slide *p = realloc(l->slides, sizeof *p * (size_t)(l->n_slides + 16));
        if (!p) return s2s_fail(err, "out of memory");
        l->slides = p;
    }
    lesson_slide *s = &l->slides[l->n_slides++];
    memset(s, 0, sizeof *s);
    s->state = carried;
    memset(&s->state.highlight, 0, sizeof s->state.highlight); /* holds for its own slide only */
    s->state.line[LK_HIGHLIGHT] = 0;
    s->state.norm = 0; /* like highlight, for its own slide only */
    s->state.line[LK_NORM] = 0;
    s->line = cmark_node_get_start_line(first);
    cmark_node *text = first;
    if (is_header_start(src, first)) {
        if (read_header(src, first, &s->state, err)) return -1;
        text = cmark_node_next(first);
    }
    for (cmark_node *n = text; n && cmark_node_get_type(n) != CMARK_NODE_THEMATIC_BREAK; n = cmark_node_next(n)) {
        if (check_setext(src, n, err)) return -1;
        if (is_known_key_line(src, n))
            return s2s_fail(err, "%d: a 'key: value' header must open its slide, before the slide's text", cmark_node_get_start_line(n));
    }
    return lesson_text_add(s, text && cmark_node_get_type(text) != CMARK_NODE_THEMATIC_BREAK ? text : NULL, err);
}

/* The first level-1 heading's text. */
static void find_title(lesson *l) {
    for (int i = 0; i < l->n_slides && !l->title[0]; i++)
        for (int j = 0; j < l->slides[i].n_blocks && !l->title[0]; j++) {
            const lesson_block *b = &l->slides[i].blocks[j];
            if (b->kind != LESSON_HEADING || b->level != 1) continue;
            for (int r = 0; r < b->n_runs; r++) snprintf(l->title + strlen(l->title), sizeof l->title - strlen(l->title), "%s", b->runs[r].text);
        }
    if (!l->title[0]) snprintf(l->title, sizeof l->title, "%s", l->name);
}

static int parse_doc(lesson *l, const source *src, cmark_node *doc, s2s_error *err) {
    lesson_state st;
    lesson_state_default(&st);
    cmark_node *start = cmark_node_first_child(doc);
    for (cmark_node *n = start;; n = cmark_node_next(n)) {
        if (n && cmark_node_get_type(n) != CMARK_NODE_THEMATIC_BREAK) continue;
        if (add_slide(l, src, start, l->n_slides ? &l->slides[l->n_slides - 1].state : &st, err)) return -1;
        if (!n) break;
        start = cmark_node_next(n);
    }
    if (l->n_slides == 0) return s2s_fail(err, "1: the lesson has no slides");
    find_title(l);
    return 0;
}

int lesson_parse(lesson *l, const char *text, size_t len, const char *name, s2s_error *err) {
    memset(l, 0, sizeof *l);
    if (name) snprintf(l->name, sizeof l->name, "%s", name);
    if (len > LESSON_FILE_MAX) return s2s_fail(err, "%s: a lesson file is at most 1 MB", name ? name : "lesson");
    source src;
    if (source_index(&src, text, len)) return s2s_fail(err, "out of memory");
    cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
    int rc = doc ? parse_doc(l, &src, doc, err) : s2s_fail(err, "1: out of memory");
    cmark_node_free(doc);
    free(src.start);
    if (rc) {
        lesson_free(l);
        if (name) s2s_fail_prefix(err, "%s:", name);
    }
    return rc;
}

void lesson_name_of_path(const char *path, char *out, size_t cap) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *p = base;
    while (isdigit((unsigned char)*p)) p++;
    if (p > base && *p == '-') base = p + 1;
    snprintf(out, cap, "%s", base);
    char *dot = strrchr(out, '.');
    if (dot && strcmp(dot, ".md") == 0) *dot = '\0';
}

int lesson_load(lesson *l, const char *path, s2s_error *err) {
    memset(l, 0, sizeof *l);
    FILE *f = fopen(path, "rb");
    if (!f) return s2s_fail(err, "%s: cannot open the lesson", path);
    char *buf = malloc(LESSON_FILE_MAX + 1);
    size_t n = buf ? fread(buf, 1, LESSON_FILE_MAX + 1, f) : 0;
    fclose(f);
    if (!buf) return s2s_fail(err, "%s: out of memory", path);
    if (n > LESSON_FILE_MAX) {
        free(buf);
        return s2s_fail(err, "%s: a lesson file is at most 1 MB", path);
    }
    int rc = lesson_parse(l, buf, n, path, err);
    free(buf);
    if (rc) return -1;
    snprintf(l->path, sizeof l->path, "%s", path);
    lesson_name_of_path(path, l->name, sizeof l->name);
    if (strcmp(l->title, path) == 0) snprintf(l->title, sizeof l->title, "%s", l->name);
    return 0;
}

void lesson_free(lesson *l) {
    if (!l) return;
    for (int i = 0; i < l->n_slides; i++) lesson_text_free(&l->slides[i]);
    free(l->slides);
    l->slides = NULL;
    l->n_slides = 0;
}

/* A path relative to the lesson's folder (absolute paths stay). */
static void relative_to_lesson(const lesson *l, const char *rel, char *out, size_t cap) {
    const char *slash = strrchr(l->path, '/');
    if (rel[0] == '/' || !slash) snprintf(out, cap, "%s", rel);
    else snprintf(out, cap, "%.*s/%s", (int)(slash - l->path), l->path, rel);
}

void lesson_model_path(const lesson *l, const lesson_state *st, char *out, size_t cap) {
    size_t n = strlen(st->model);
    if (n > 12 && strcmp(st->model + n - 12, ".safetensors") == 0) relative_to_lesson(l, st->model, out, cap);
    else snprintf(out, cap, "%s/models/%s.safetensors", paths_assets_dir(), st->model);
}

/* Relative to the lesson's folder, or else to the folder above it (lessons/), so that both
 * languages write `img/x.png` as well as `../img/x.png`. */
void lesson_image_path(const lesson *l, const char *image, char *out, size_t cap) {
    relative_to_lesson(l, image, out, cap);
    if (access(out, R_OK) == 0 || image[0] == '/') return;
    char up[1100];
    snprintf(up, sizeof up, "../%s", image);
    relative_to_lesson(l, up, out, cap);
    if (access(out, R_OK) != 0) relative_to_lesson(l, image, out, cap); /* name the first in messages */
}
