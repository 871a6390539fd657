/* make_icon.c: draws Stepformer's icon (a causal self-attention map: four decoder positions, each
 * attending to itself and the ones before it, in viridis; the masked future dark) and writes it as
 * an SVG or a PNG of a given size. Run at build time (CMake), so the menu icon's SVG and every PNG
 * size are one drawing, made by the program's own draw list, and nothing is downloaded.
 *
 * usage: stepformer_icon SIZE OUT.png|OUT.svg */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/atomic_file.h"
#include "platform/font.h"
#include "platform/render.h"
#include "viz/colormap.h"
#include "viz/draw.h"
#include "viz/svg.h"

#define ICON_N 4 /* positions */

/* Attention weights (rows: queries, columns: keys), each row summing to 1 over the visible keys. */
static const float weights[ICON_N][ICON_N] = {
    {1.00f, 0, 0, 0},
    {0.35f, 0.65f, 0, 0},
    {0.15f, 0.30f, 0.55f, 0},
    {0.10f, 0.15f, 0.25f, 0.50f},
};

/* The drawing at size x size logical pixels. */
static void draw_icon(draw_list *dl, float size) {
    const draw_color back = draw_rgba(0x1d, 0x24, 0x33, 255), masked = draw_rgba(0x33, 0x3c, 0x50, 255);
    draw_fill(dl, draw_rect_make(0, 0, size, size), back);
    draw_color cells[ICON_N * ICON_N];
    for (int i = 0; i < ICON_N; i++)
        for (int k = 0; k < ICON_N; k++)
            cells[i * ICON_N + k] = k > i ? masked : colormap_sample(colormap_default(), 0.15f + 0.85f * weights[i][k]);
    float margin = size * 0.125f, side = size - 2.0f * margin;
    draw_cells(dl, draw_rect_make(margin, margin, side, side), ICON_N, ICON_N, cells);
    if (size >= 32.0f) /* gaps between the cells, where there are pixels to spare */
        for (int i = 1; i < ICON_N; i++) {
            float at = margin + side * (float)i / ICON_N;
            draw_line(dl, at, margin, at, margin + side, back, size / 40.0f);
            draw_line(dl, margin, at, margin + side, at, back, size / 40.0f);
        }
}

int main(int argc, char **argv) {
    int size = argc == 3 ? atoi(argv[1]) : 0;
    if (size < 8 || size > 1024) {
        fprintf(stderr, "usage: stepformer_icon SIZE(8..1024) OUT.png|OUT.svg\n");
        return 2;
    }
    const char *out = argv[2], *dot = strrchr(out, '.');
    draw_list *dl = draw_list_create();
    if (!dl) return 1;
    draw_icon(dl, (float)size);
    s2s_error err = {{0}};
    int rc = 0;
    if (dot && strcmp(dot, ".svg") == 0) {
        char *svg = NULL;
        size_t len = 0;
        rc = svg_write_buffer(dl, (float)size, (float)size, &svg, &len, &err);
        if (rc == 0) rc = atomic_write(out, svg, len, &err);
        free(svg);
    } else {
        font_set *fonts = font_set_open(&err); /* the renderer wants fonts even for a picture without text */
        rc = fonts ? render_export_png(dl, fonts, size, size, 1, out, &err) : -1;
        font_set_close(fonts);
    }
    draw_list_destroy(dl);
    if (rc) fprintf(stderr, "stepformer_icon: %s\n", err.msg);
    return rc ? 1 : 0;
}
