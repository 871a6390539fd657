/* colormap.c: colormap lookup and sampling. */
#include "viz/colormap.h"
#include "core/util.h"
#include "viz/colormap_tables.h"

#include <cglm/cglm.h>
#include <math.h>
#include <strings.h>

static const colormap colormaps[] = {
    {"viridis", colormap_table_viridis},
    {"cividis", colormap_table_cividis},
    {"magma", colormap_table_magma},
    {"inferno", colormap_table_inferno},
};
enum { COLORMAP_COUNT = ARRAY_LEN(colormaps) };

const colormap *colormap_find(const char *name) {
    if (!name) return NULL;
    for (int i = 0; i < COLORMAP_COUNT; i++)
        if (strcasecmp(colormaps[i].name, name) == 0) return &colormaps[i];
    return NULL;
}

const colormap *colormap_default(void) { return &colormaps[0]; }
int colormap_count(void) { return COLORMAP_COUNT; }
const colormap *colormap_at(int i) { return i >= 0 && i < COLORMAP_COUNT ? &colormaps[i] : NULL; }

draw_color colormap_sample(const colormap *cm, float t) {
    if (!(t > 0)) t = 0; /* also catches NaN */
    if (t > 1) t = 1;
    float f = t * 255.0f;
    int i = (int)f;
    if (i >= 255) i = 254;
    float frac = f - (float)i;
    vec3 a = {cm->table[i][0], cm->table[i][1], cm->table[i][2]};
    vec3 b = {cm->table[i + 1][0], cm->table[i + 1][1], cm->table[i + 1][2]};
    vec3 c;
    glm_vec3_lerp(a, b, frac, c);
    /* + 0.5 and truncate: the channels are in 0..255, and lroundf is a library call in a loop over
     * every cell of every thumbnail, every frame */
    draw_color out = {(uint8_t)(c[0] + 0.5f), (uint8_t)(c[1] + 0.5f), (uint8_t)(c[2] + 0.5f), 255};
    return out;
}

/* sRGB channel (0..255) to linear light, per the sRGB transfer function. */
static float srgb_to_linear(uint8_t v) {
    float c = v / 255.0f;
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

float colormap_luminance(draw_color c) {
    return 0.2126f * srgb_to_linear(c.r) + 0.7152f * srgb_to_linear(c.g) +
           0.0722f * srgb_to_linear(c.b);
}

draw_color colormap_contrast_text(draw_color bg) {
    /* WCAG contrast against near-black (L~0.01) vs white (L=1): pick the larger ratio. The
     * crossover is at L ~ 0.19, not 0.5, which is why mid-viridis greens get dark text. */
    float l = colormap_luminance(bg);
    float with_dark = (l + 0.05f) / (0.01f + 0.05f);
    float with_light = (1.0f + 0.05f) / (l + 0.05f);
    return with_dark > with_light ? draw_rgba(20, 20, 24, 255) : draw_rgba(255, 255, 255, 255);
}
