/* test_svg.c: the SVG of a heatmap is well-formed XML, has one <rect class="cell"> per cell, the
 * labels as escaped <text>, and masked cells as hatched rects. */
#define _POSIX_C_SOURCE 200809L /* mkstemp */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "viz/heatmap.h"
#include "viz/svg.h"

static int count(const char *hay, const char *needle) {
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

/* Small well-formedness check, used when xmllint is missing: balanced tags, no raw '<' or '&'
 * outside markup and entities. */
static int well_formed(const char *s) {
    const char *stack[256];
    size_t lens[256];
    int depth = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '&') {
            if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) && strncmp(p, "&gt;", 4) &&
                strncmp(p, "&quot;", 6) && strncmp(p, "&apos;", 6))
                return 0;
            continue;
        }
        if (*p != '<') continue;
        const char *end = strchr(p, '>');
        if (!end) return 0;
        if (p[1] == '?' || p[1] == '!') { p = end; continue; }
        if (p[1] == '/') {
            size_t n = strcspn(p + 2, " >");
            if (depth == 0 || lens[depth - 1] != n || strncmp(stack[depth - 1], p + 2, n)) return 0;
            depth--;
        } else if (end[-1] != '/') {
            if (depth == 256) return 0;
            stack[depth] = p + 1;
            lens[depth++] = strcspn(p + 1, " />");
        }
        for (const char *q = p + 1; q < end; q++)
            if (*q == '<') return 0;
        p = end;
    }
    return depth == 0;
}

/* Checks with xmllint when it is installed, else with well_formed. */
static void assert_xml(const char *svg) {
    if (system("command -v xmllint >/dev/null 2>&1") == 0) {
        char path[] = "/tmp/test_svg_XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        FILE *f = fdopen(fd, "w");
        fputs(svg, f);
        fclose(f);
        char cmd[256];
        snprintf(cmd, sizeof cmd, "xmllint --noout %s", path);
        int rc = system(cmd);
        unlink(path);
        assert_int_equal(rc, 0);
    }
    assert_true(well_formed(svg));
}

static char *heatmap_svg(const float *v, int rows, int cols, const char *const *rl,
                         const char *const *cl, const char *title) {
    heatmap_spec s;
    heatmap_spec_init(&s);
    s.values = v, s.rows = rows, s.cols = cols;
    s.row_labels = rl, s.col_labels = cl;
    s.title = title;
    draw_list *dl = draw_list_create();
    assert_int_equal(heatmap_draw(dl, &s, draw_rect_make(0, 0, 640, 480), NULL, NULL), 0);
    char *svg = NULL;
    size_t len = 0;
    assert_int_equal(svg_write_buffer(dl, 640, 480, &svg, &len, NULL), 0);
    assert_int_equal(strlen(svg), len);
    draw_list_destroy(dl);
    return svg;
}

static void test_heatmap_3x4_svg(void **state) {
    (void)state;
    const float v[12] = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f, 0.0f, 0.25f};
    const char *rows[3] = {"<begin>", "Tom & Jerry", "x<y"};
    const char *cols[4] = {"a", "\"b\"", "猫", "it's"};
    char *svg = heatmap_svg(v, 3, 4, rows, cols, "cross <attention> & more");
    assert_xml(svg);
    assert_int_equal(count(svg, "class=\"cell\""), 12);
    assert_non_null(strstr(svg, ">&lt;begin&gt;</text>"));
    assert_non_null(strstr(svg, ">Tom &amp; Jerry</text>"));
    assert_non_null(strstr(svg, ">x&lt;y</text>"));
    assert_non_null(strstr(svg, ">&quot;b&quot;</text>"));
    assert_non_null(strstr(svg, ">猫</text>"));
    assert_non_null(strstr(svg, ">cross &lt;attention&gt; &amp; more</text>"));
    assert_null(strstr(svg, "<begin>"));
    assert_non_null(strstr(svg, SVG_FONT_FAMILY));
    assert_non_null(strstr(svg, "<linearGradient")); /* the colorbar is a true gradient */
    assert_int_equal(count(svg, "class=\"masked\""), 0);
    free(svg);
}

static void test_masked_cells_use_hatch_pattern(void **state) {
    (void)state;
    const float v[12] = {0.1f, NAN, NAN, NAN, 0.5f, 0.6f, NAN, NAN, 0.9f, 1.0f, 0.0f, NAN};
    char *svg = heatmap_svg(v, 3, 4, NULL, NULL, NULL);
    assert_xml(svg);
    assert_int_equal(count(svg, "class=\"cell\""), 12);
    assert_int_equal(count(svg, "class=\"masked\""), 6);
    assert_int_equal(count(svg, "<pattern id=\"hatch0\""), 1);
    assert_int_equal(count(svg, "fill=\"url(#hatch0)\""), 6);
    free(svg);
}

static void test_escape(void **state) {
    (void)state;
    char buf[64];
    size_t n = svg_escape("a<b&c>\"'", buf, sizeof buf);
    assert_int_equal(n, strlen(buf));
    assert_string_equal(buf, "a&lt;b&amp;c&gt;&quot;&apos;");
    svg_escape("bad\xff\x01" "end", buf, sizeof buf); /* invalid byte, control character */
    assert_string_equal(buf, "bad\xEF\xBF\xBD" "end");
    svg_escape("\xE7\x8C\xAB", buf, sizeof buf);
    assert_string_equal(buf, "\xE7\x8C\xAB");
    assert_int_equal(svg_escape("&&&&", buf, 6), 20); /* truncated output, full length reported */
    assert_int_equal(strlen(buf), 5);
}

static void test_write_file(void **state) {
    (void)state;
    draw_list *dl = draw_list_create();
    draw_clip_push(dl, draw_rect_make(0, 0, 10, 10));
    draw_text(dl, "left open", 1, 1, 12, draw_rgba(0, 0, 0, 128), DRAW_ALIGN_LEFT, 1);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(svg_write_file(dl, 10, 10, f, NULL), 0);
    long n = ftell(f);
    rewind(f);
    char *buf = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    assert_xml(buf); /* the unbalanced clip is closed */
    assert_non_null(strstr(buf, "rotate(-90 1 1)"));
    assert_non_null(strstr(buf, "fill-opacity=\"0.502\""));
    free(buf);
    draw_list_destroy(dl);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heatmap_3x4_svg),
        cmocka_unit_test(test_masked_cells_use_hatch_pattern),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_write_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
