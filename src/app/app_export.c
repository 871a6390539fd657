/* app_export.c: the window's exports, see app_export.h. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "app/app_export.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_frame.h"
#include "core/atomic_file.h"
#include "platform/figure_export.h"
#include "core/i18n.h"
#include "platform/render.h"
#include "viz/svg.h"

/* The figure of the focus: the attention kind of the focused sublayer, or when the cursor is
 * elsewhere (embedding, feed-forward, generator) the self-attention of its block, as the grid
 * panel does. */
static figure_spec focus_spec(const app_state *a) {
    view_focus f = app_focus(a);
    const s2s_config *c = &a->model.cfg;
    figure_spec s;
    figure_spec_init(&s);
    int dec = f.block == TB_DECODER || f.block == TB_GENERATOR;
    s.kind = !dec ? FIGURE_ENCODER : f.sub == TS_CROSS_ATTN ? FIGURE_CROSS : FIGURE_DECODER;
    int L = s.kind == FIGURE_ENCODER ? c->n_enc : c->n_dec;
    s.layer = f.layer < 0 ? 0 : f.layer >= L ? L - 1 : f.layer;
    s.head = a->head;
    int attn = f.sub == TS_SELF_ATTN || f.sub == TS_CROSS_ATTN;
    if (attn && (f.op == TO_SCORES || f.op == TO_MASK)) s.op = f.op;
    s.theme = a->dark ? theme_dark() : theme_light();
    s.cmap = colormap_at(a->cmap % colormap_count());
    /* exactly what the window shows: up to the cursor; the step is the pass being run */
    s.upto = a->cursor;
    s.step = a->model.cfg.decoder == S2S_DECODER_AT && a->res.passes > 1 ? f.pass + 1 : 0;
    if (s.step > a->res.passes) s.step = a->res.passes;
    return s;
}

int app_export(app_state *a, font_set *fs, int grid, long long now) {
    figure_src src = {&a->model, &a->trace, &a->res};
    figure_spec s = focus_spec(a);
    const char *dir = a->export_dir[0] ? a->export_dir : ".";
    char stem[512], png[4096], svg[4096], where[PATH_MAX];
    s2s_error err;
    figure_stem(&src, &s, grid, 0, stem, sizeof stem);
    /* one number for both files: the first free for the PNG, and the SVG beside it */
    if (export_unique_path(dir, stem, "png", png, sizeof png, &err)) goto fail;
    snprintf(svg, sizeof svg, "%.*s.svg", (int)(strlen(png) - 4), png);
    export_opts o = {EXPORT_PNG, grid, 2, 0};
    if (export_figure(&src, &s, &o, fs, png, &err)) goto fail;
    o.format = EXPORT_SVG;
    if (export_figure(&src, &s, &o, fs, svg, &err)) goto fail;
    snprintf(a->last_export, sizeof a->last_export, "%s", png);
    if (!realpath(dir, where)) snprintf(where, sizeof where, "%s", dir);
    const char *base = strrchr(png, '/');
    app_hint(a, now, 6000, _("exported %s (+ .svg) to %s"), base ? base + 1 : png, where);
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
