/* app_prefs.h: between the window's state and its remembered preferences (prefs.h). */
#ifndef S2S_APP_PREFS_H
#define S2S_APP_PREFS_H

#include "app/app_state.h"
#include "app/prefs.h"

/* Selects the colormap called name (viridis, cividis, magma, inferno); an unknown name changes nothing. */
void app_set_colormap(app_state *a, const char *name);
/* Sets the theme, colormap, text scale and export folder that p holds (fields not set stay). */
void app_prefs_apply(app_state *a, const prefs *p);
/* The preferences the window shows now: base (for what the window does not hold, such as the
 * language) with a's theme, colormap, text scale, export folder, model and input, and the window
 * size (width x height, unless fullscreen). */
void app_prefs_capture(prefs *out, const prefs *base, const app_state *a, int width, int height);

#endif
