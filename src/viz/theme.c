/* theme.c: the themes as data. */
#include "viz/theme.h"
#include "core/util.h"

#include <stddef.h>
#include <strings.h>

/* Colours chosen for projection: the light theme is not pure white (glare on projectors) and
 * the dark theme is not pure black (keeps the panel edge visible); masked cells are a neutral
 * grey that no colormap here produces, so "blocked" never reads as a low weight. */
static const theme themes[] = {
    {
        .name = "light",
        .background = {250, 250, 248, 255},
        .panel = {255, 255, 255, 255},
        .text = {28, 30, 36, 255},
        .text_dim = {92, 96, 108, 255},
        .grid = {200, 202, 208, 255},
        .accent = {230, 80, 40, 255},
        .masked = {222, 222, 222, 255},
        .masked_line = {160, 160, 160, 255},
    },
    {
        .name = "dark",
        .background = {24, 26, 32, 255},
        .panel = {34, 37, 45, 255},
        .text = {232, 234, 240, 255},
        .text_dim = {160, 166, 180, 255},
        .grid = {70, 75, 88, 255},
        .accent = {255, 140, 70, 255},
        .masked = {58, 60, 66, 255},
        .masked_line = {100, 104, 112, 255},
    },
};

const theme *theme_find(const char *name) {
    if (!name) return NULL;
    for (size_t i = 0; i < ARRAY_LEN(themes); i++)
        if (strcasecmp(themes[i].name, name) == 0) return &themes[i];
    return NULL;
}

const theme *theme_light(void) { return &themes[0]; }
const theme *theme_dark(void) { return &themes[1]; }
