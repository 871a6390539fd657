/* app_export.c: the window's exports, see app_export.h. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "app/app_export.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_export_spec.h"
#include "app/app_frame.h"
#include "core/atomic_file.h"
#include "core/i18n.h"
#include "platform/figure_export.h"
#include "platform/render.h"
#include "viz/figure_data.h"
#include "viz/svg.h"

/* path with its extension replaced: the second file of a pair keeps the first one's number */
static void beside(const char *path, const char *ext, char *out, size_t cap) {
    const char *dot = strrchr(path, '.');
    snprintf(out, cap, "%.*s.%s", (int)(dot ? dot - path : (long)strlen(path)), path, ext);
}

/* The focused view's numbers: the matrix as CSV and, beside it, the same matrix in the JSON
 * document of `stepformer export --format json` (as of the cursor: the rows computed so far). */
static int write_data(const figure_src *src, const figure_spec *s, const char *csv, const char *json, s2s_error *err) {
    figure_matrix m;
    if (figure_matrix_get(src, s, 1, &m, err)) return -1;
    int rc = export_csv(&m, csv, err);
    cJSON *doc = rc ? NULL : export_json_begin(src);
    char *text = NULL;
    if (!rc && (!doc || export_json_add(doc, s, &m) || !(text = cJSON_Print(doc))))
        rc = s2s_fail(err, "out of memory for the JSON document");
    if (!rc) rc = atomic_write(json, text, strlen(text), err);
    free(text);
    cJSON_Delete(doc);
    free(m.values);
    if (rc) remove(csv); /* a pair or nothing */
    return rc;
}

int app_export(app_state *a, font_set *fs, app_export_kind kind, long long now) {
    figure_src src = {&a->model, &a->trace, &a->res};
    int grid = kind == APP_EXPORT_GRID;
    figure_spec s = app_export_spec(a, grid);
    if (kind == APP_EXPORT_GIF) { /* the whole decode, one frame per step */
        s.step = 0;
        s.upto = -1;
    }
    const char *dir = a->export_dir[0] ? a->export_dir : ".";
    static const char *const first_ext[] = {"png", "png", "csv", "gif"}, *const second_ext[] = {"svg", "svg", "json", NULL};
    char stem[512], first[4096], second[4096] = "", where[PATH_MAX];
    s2s_error err;
    figure_stem(&src, &s, grid, 0, stem, sizeof stem);
    /* one number for both files: the first free for the first, and the second beside it */
    if (export_unique_path(dir, stem, first_ext[kind], first, sizeof first, &err)) goto fail;
    if (second_ext[kind]) beside(first, second_ext[kind], second, sizeof second);
    if (kind == APP_EXPORT_DATA) {
        if (write_data(&src, &s, first, second, &err)) goto fail;
    } else {
        export_opts o = {kind == APP_EXPORT_GIF ? EXPORT_GIF : EXPORT_PNG, grid, 2, 800};
        if (export_figure(&src, &s, &o, fs, first, &err)) goto fail;
        o.format = EXPORT_SVG;
        if (second[0] && export_figure(&src, &s, &o, fs, second, &err)) goto fail;
    }
    snprintf(a->last_export, sizeof a->last_export, "%s", first);
    if (!realpath(dir, where)) snprintf(where, sizeof where, "%s", dir);
    const char *base = strrchr(first, '/');
    base = base ? base + 1 : first;
    if (second[0]) app_hint(a, now, 6000, _("exported %s (+ .%s) to %s"), base, second_ext[kind], where);
    else app_hint(a, now, 6000, _("exported %s to %s"), base, where);
    return 0;
fail:
    app_hint(a, now, 6000, _("export failed: %s"), err.msg);
    return -1;
}

int app_export_beam(app_state *a, font_set *fs, long long now) {
    const char *dir = a->export_dir[0] ? a->export_dir : ".";
    char png[4096], svg[4096], where[PATH_MAX];
    s2s_error err = {{0}};
    draw_list *dl = draw_list_create();
    hit_list *hits = calloc(1, sizeof *hits);
    size_t len = app_frame_scratch_len(&a->model);
    float *scratch = malloc(len * sizeof(float));
    char *text = NULL;
    size_t text_len = 0;
    int rc = -1;
    if (!dl || !hits || !scratch) {
        s2s_fail(&err, _("out of memory"));
        goto done;
    }
    draw_set_measure(dl, font_measure, fs);
    app_frame_io io = {1600.0f, 900.0f, -1.0f, -1.0f, now, hits, "", scratch, len, NULL, NULL};
    app_frame_beam_figure(a, dl, &io);
    if (export_unique_path(dir, "beam-search", "png", png, sizeof png, &err)) goto done;
    snprintf(svg, sizeof svg, "%.*s.svg", (int)(strlen(png) - 4), png);
    if (render_export_png(dl, fs, 1600, 900, 2, png, &err)) goto done;
    if (svg_write_buffer(dl, 1600.0f, 900.0f, &text, &text_len, &err) || atomic_write(svg, text, text_len, &err)) goto done;
    snprintf(a->last_export, sizeof a->last_export, "%s", png);
    if (!realpath(dir, where)) snprintf(where, sizeof where, "%s", dir);
    const char *base = strrchr(png, '/');
    app_hint(a, now, 6000, _("exported %s (+ .svg) to %s"), base ? base + 1 : png, where);
    rc = 0;
done:
    if (rc) app_hint(a, now, 6000, _("export failed: %s"), err.msg);
    free(text);
    free(scratch);
    free(hits);
    draw_list_destroy(dl);
    return rc;
}
