/* figure_export.c: figures to PNG, SVG and GIF files, see figure_export.h. */
#define _POSIX_C_SOURCE 200809L

#include "platform/figure_export.h"
#include "core/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/atomic_file.h"
#include "platform/gif_writer.h"
#include "platform/render.h"
#include "viz/svg.h"
#include "core/i18n.h"

const char *export_ext(export_format f) {
    switch (f) {
    case EXPORT_PNG: return "png";
    case EXPORT_SVG: return "svg";
    case EXPORT_GIF: return "gif";
    }
    return "bin";
}

/* Builds the figure into dl (reset, measured with the real fonts); *w, *h in whole pixels. */
static int build(const figure_src *src, const figure_spec *s, int grid, draw_list *dl, int *w, int *h,
                 s2s_error *err) {
    draw_list_reset(dl);
    float fw, fh;
    int rc = grid ? figure_grid(src, s, dl, &fw, &fh, err) : figure_heatmap(src, s, dl, &fw, &fh, err);
    if (rc) return -1;
    if (draw_list_failed(dl)) return s2s_fail(err, "out of memory drawing the figure");
    *w = (int)ceilf(fw);
    *h = (int)ceilf(fh);
    return 0;
}

/* The GIF palette of a figure: the theme's colours, 40 blends from the background to the text
 * (antialiased labels), 16 to the dim text and the grid, white and black (values in cells), and
 * the colormap sampled evenly over what is left. */
static int gif_palette(const figure_spec *s, SDL_Color *pal) {
    const theme *th = s->theme ? s->theme : theme_light();
    const colormap *cm = s->cmap ? s->cmap : colormap_default();
    draw_color fixed[] = {th->background, th->panel, th->text, th->text_dim, th->grid, th->masked, th->masked_line,
                          th->accent, {255, 255, 255, 255}, {0, 0, 0, 255}};
    int n = 0;
    for (size_t i = 0; i < ARRAY_LEN(fixed); i++) pal[n++] = (SDL_Color){fixed[i].r, fixed[i].g, fixed[i].b, 255};
    draw_color ends[][2] = {{th->background, th->text}, {th->background, th->text_dim}, {th->masked, th->masked_line}};
    int steps[] = {40, 16, 8};
    for (int k = 0; k < 3; k++)
        for (int i = 1; i < steps[k]; i++) {
            float t = (float)i / (float)steps[k];
            draw_color a = ends[k][0], b = ends[k][1];
            pal[n++] = (SDL_Color){(Uint8)(a.r + (b.r - a.r) * t + 0.5f), (Uint8)(a.g + (b.g - a.g) * t + 0.5f),
                                   (Uint8)(a.b + (b.b - a.b) * t + 0.5f), 255};
        }
    int left = 256 - n;
    for (int i = 0; i < left; i++) {
        draw_color c = colormap_sample(cm, (float)i / (float)(left - 1));
        pal[n++] = (SDL_Color){c.r, c.g, c.b, 255};
    }
    return n;
}

static int write_gif(const figure_src *src, const figure_spec *spec, const export_opts *o, font_set *fs,
                     draw_list *dl, const char *path, s2s_error *err) {
    int steps = figure_steps(src), n = steps ? steps : 1, w = 0, h = 0;
    gif_writer *g = NULL;
    for (int i = 1; i <= n; i++) {
        figure_spec s = *spec;
        s.step = steps ? i : 0;
        s.upto = -1;
        int fw, fh;
        if (build(src, &s, o->grid, dl, &fw, &fh, err)) goto fail;
        if (!g) {
            w = fw, h = fh;
            SDL_Color pal[256];
            int n_pal = gif_palette(spec, pal);
            if (!(g = gif_begin(path, w * o->scale, h * o->scale, pal, n_pal, err))) return -1;
        }
        /* every frame is laid out for the whole decode's labels and title, so sizes agree */
        SDL_Surface *surf = render_offscreen(dl, fs, w, h, o->scale, err);
        if (!surf) goto fail;
        int delay = o->delay_ms > 0 ? o->delay_ms : 800;
        int rc = gif_frame(g, surf, i == n ? 3 * delay : delay, err);
        SDL_FreeSurface(surf);
        if (rc) goto fail;
    }
    return gif_end(g, err);
fail:
    gif_abort(g);
    return -1;
}

int export_figure(const figure_src *src, const figure_spec *spec, const export_opts *o, font_set *fs,
                  const char *path, s2s_error *err) {
    draw_list *dl = draw_list_create();
    if (!dl) return s2s_fail(err, "out of memory");
    draw_set_measure(dl, font_measure, fs);
    int rc = -1, w, h;
    if (o->format == EXPORT_GIF) {
        rc = write_gif(src, spec, o, fs, dl, path, err);
    } else if (build(src, spec, o->grid, dl, &w, &h, err) == 0) {
        if (o->format == EXPORT_PNG) {
            rc = render_export_png(dl, fs, w, h, o->scale, path, err);
        } else {
            char *svg = NULL;
            size_t len = 0;
            rc = svg_write_buffer(dl, (float)w, (float)h, &svg, &len, err);
            if (rc == 0) rc = atomic_write(path, svg, len, err);
            free(svg);
        }
    }
    draw_list_destroy(dl);
    return rc;
}

int export_unique_path(const char *dir, const char *stem, const char *ext, char *out, size_t cap, s2s_error *err) {
    struct stat st;
    if (stat(dir, &st) != 0)
        return s2s_fail(err, _("cannot export to %s: %s"), dir,
                        errno == ENOTDIR ? _("a part of the path is a file, not a folder") : _("the folder does not exist"));
    if (!S_ISDIR(st.st_mode)) return s2s_fail(err, _("cannot export to %s: it is a file, not a folder"), dir);
    for (int k = 1; k < 10000; k++) {
        int n = k == 1 ? snprintf(out, cap, "%s/%s.%s", dir, stem, ext)
                       : snprintf(out, cap, "%s/%s-%d.%s", dir, stem, k, ext);
        if (n < 0 || (size_t)n >= cap) return s2s_fail(err, _("cannot export to %s: the path is too long"), dir);
        if (lstat(out, &st) != 0 && errno == ENOENT) return 0;
    }
    return s2s_fail(err, _("cannot export to %s: 9999 files named %s already"), dir, stem);
}
