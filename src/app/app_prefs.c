/* app_prefs.c: see app_prefs.h. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "app/app_prefs.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/colormap.h"
#include "core/i18n.h"

void app_set_colormap(app_state *a, const char *name) {
    const colormap *cm = colormap_find(name);
    for (int i = 0; cm && i < colormap_count(); i++)
        if (colormap_at(i) == cm) a->cmap = i;
}

void app_prefs_apply(app_state *a, const prefs *p) {
    if (p->theme_dark >= 0) a->dark = p->theme_dark;
    if (p->text_scale > 0) a->ui = p->text_scale;
    if (p->export_dir[0]) snprintf(a->export_dir, sizeof a->export_dir, "%s", p->export_dir);
    if (p->colormap[0]) app_set_colormap(a, p->colormap);
}

void app_prefs_capture(prefs *out, const prefs *base, const app_state *a, int width, int height) {
    *out = *base;
    out->theme_dark = a->dark;
    snprintf(out->colormap, sizeof out->colormap, "%s", colormap_at(a->cmap)->name);
    out->text_scale = roundf(a->ui * 10.0f) / 10.0f; /* steps of 0.1: no 1.0000001 in the file */
    snprintf(out->export_dir, sizeof out->export_dir, "%s", a->export_dir);
    /* absolute, so the next start finds the model from any folder */
    char real[PATH_MAX];
    snprintf(out->model, sizeof out->model, "%s", realpath(a->model_path, real) ? real : a->model_path);
    snprintf(out->input, sizeof out->input, "%s", a->input);
    snprintf(out->language, sizeof out->language, "%s", i18n_code(i18n_current())); /* F2's choice */
    if (!a->fullscreen) {
        out->width = width;
        out->height = height;
    }
}
