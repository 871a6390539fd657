/* viz_demo: renders sample heatmaps through the real platform layer, for the smoke tests and for
 * looking at the result. Exits non-zero on any failure.
 *
 *   viz_demo png OUT.png [options]   heatmap to PNG offscreen (no display needed)
 *   viz_demo svg OUT.svg [options]   the same draw list as SVG
 *   viz_demo export-errors DIR       export to bad paths: each must fail cleanly, leave no file
 *   viz_demo window                  open a window, draw two frames, check the text cache
 *   viz_demo order N                 N random draw lists: the renderer's batched, reordered
 *                                    drawing must give exactly the pixels of drawing each command
 *                                    on its own, in list order
 *   viz_demo churn                   frames of ever new strings and grids, more than the atlas
 *                                    holds: each must equal a fresh renderer's picture
 * options: --rows N --cols N --theme light|dark --cmap NAME --scale K --width W --height H
 *          --mask (causal: upper triangle masked) --cjk (Chinese query tokens) --no-values
 *          --probe R C (print the pixel position and expected colour of cell (R, C))
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>

#include "platform/font.h"
#include "platform/render.h"
#include "platform/window.h"
#include "viz/heatmap.h"
#include "viz/svg.h"

typedef struct demo_opts {
    int rows, cols, scale, width, height, mask, cjk, values, probe_r, probe_c;
    const char *theme, *cmap;
} demo_opts;

static const char *const src_words[] = {"<begin>", "the", "cat", "sat", "on", "the", "mat",
                                        "because", "it", "was", "warm", "and", "soft", "."};
static const char *const tgt_words[] = {"<begin>", "die", "Katze", "saß", "auf", "der", "Matte",
                                        "weil", "sie", "warm", "und", "weich", "war", "."};
static const char *const zh_words[] = {"<begin>", "猫", "坐", "在", "垫子", "上", "因为", "它",
                                       "又", "暖", "又", "软", "。", "<end>"};

/* Label i of a sequence: the sample sentence, then "<end>", then numbered padding words. */
static void make_labels(char (*buf)[32], const char **out, int n, const char *const *words,
                        int nwords) {
    for (int i = 0; i < n; i++) {
        if (i < nwords) snprintf(buf[i], 32, "%s", words[i]);
        else snprintf(buf[i], 32, "w%d", i);
        out[i] = buf[i];
    }
}

/* Attention-like rows: a softmax peaked near the diagonal with deterministic wiggles. */
static void make_values(float *v, int rows, int cols, int mask) {
    for (int r = 0; r < rows; r++) {
        float sum = 0;
        for (int c = 0; c < cols; c++) {
            float target = (float)r * (float)(cols - 1) / (float)(rows > 1 ? rows - 1 : 1);
            float d = (float)c - target;
            float s = -d * d / 2.5f + 0.9f * sinf((float)(r * 7 + c * 3)) + (c == 0 ? 0.8f : 0);
            float e = mask && c > r ? NAN : expf(s);
            v[r * cols + c] = e;
            if (!isnan(e)) sum += e;
        }
        for (int c = 0; c < cols; c++) v[r * cols + c] /= sum;
    }
}

static int parse(int argc, char **argv, demo_opts *o) {
    *o = (demo_opts){10, 10, 1, 0, 0, 0, 0, 1, -1, -1, "light", "viridis"};
    for (int i = 3; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--mask")) o->mask = 1;
        else if (!strcmp(a, "--cjk")) o->cjk = 1;
        else if (!strcmp(a, "--no-values")) o->values = 0;
        else if (v && !strcmp(a, "--rows")) o->rows = atoi(v), i++;
        else if (v && !strcmp(a, "--cols")) o->cols = atoi(v), i++;
        else if (v && !strcmp(a, "--scale")) o->scale = atoi(v), i++;
        else if (v && !strcmp(a, "--width")) o->width = atoi(v), i++;
        else if (v && !strcmp(a, "--height")) o->height = atoi(v), i++;
        else if (v && !strcmp(a, "--theme")) o->theme = v, i++;
        else if (v && !strcmp(a, "--cmap")) o->cmap = v, i++;
        else if (v && i + 2 < argc && !strcmp(a, "--probe"))
            o->probe_r = atoi(v), o->probe_c = atoi(argv[i + 2]), i += 2;
        else {
            fprintf(stderr, "viz_demo: unknown option %s\n", a);
            return -1;
        }
    }
    if (o->rows < 1 || o->cols < 1 || o->rows > 200 || o->cols > 200) return -1;
    if (!o->width) o->width = o->cols > 20 ? 1000 : 720;
    if (!o->height) o->height = o->rows > 20 ? 920 : 600;
    return 0;
}

/* Builds the heatmap draw list for o; prints the probe when asked. */
static int build(draw_list *dl, const demo_opts *o, s2s_error *err) {
    static char rbuf[200][32], cbuf[200][32];
    const char *rl[200], *cl[200];
    float *v = malloc(sizeof *v * (size_t)o->rows * (size_t)o->cols);
    if (!v) return s2s_fail(err, "out of memory");
    make_values(v, o->rows, o->cols, o->mask);
    make_labels(rbuf, rl, o->rows, o->cjk ? zh_words : tgt_words, 14);
    make_labels(cbuf, cl, o->cols, src_words, 14);
    heatmap_spec s;
    heatmap_spec_init(&s);
    s.values = v, s.rows = o->rows, s.cols = o->cols;
    s.row_labels = rl, s.col_labels = cl;
    s.title = o->mask ? "decoder.0.self_attn.weights  (head 0, causal mask)"
                      : "decoder.1.cross_attn.weights  (head 0)";
    s.row_title = "query (target)";
    s.col_title = "key (source)";
    s.cmap = colormap_find(o->cmap);
    s.theme = theme_find(o->theme);
    s.show_values = o->values;
    if (!s.cmap || !s.theme) {
        free(v);
        return s2s_fail(err, "unknown colormap %s or theme %s", o->cmap, o->theme);
    }
    heatmap_layout l;
    int rc = heatmap_draw(dl, &s, draw_rect_make(0, 0, (float)o->width, (float)o->height), &l, err);
    if (rc == 0 && o->probe_r >= 0) {
        draw_rect c = heatmap_cell_rect(&l, o->probe_r, o->probe_c);
        float val = v[o->probe_r * o->cols + o->probe_c];
        draw_color col = isnan(val) ? s.theme->masked : heatmap_value_color(&s, &l, val);
        /* a point near the cell's top-left corner: away from the printed value and hatching */
        int px = (int)((c.x + c.w * 0.15f) * (float)o->scale);
        int py = (int)((c.y + c.h * 0.12f) * (float)o->scale);
        printf("probe %d %d %d %d %d %d %d %s\n", o->probe_r, o->probe_c, px, py, col.r, col.g,
               col.b, isnan(val) ? "masked" : "value");
    }
    free(v);
    return rc;
}

static int export_errors(font_set *fs, const char *dir) {
    draw_list *dl = draw_list_create();
    draw_fill(dl, draw_rect_make(0, 0, 10, 10), draw_rgba(255, 0, 0, 255));
    char bad[3][4096], file[4096];
    snprintf(file, sizeof file, "%s/plain-file", dir);
    FILE *f = fopen(file, "w");
    if (!f) return 1;
    fclose(f);
    snprintf(bad[0], 4096, "%s/no-such-folder/out.png", dir);
    snprintf(bad[1], 4096, "%s/plain-file/out.png", dir);
    snprintf(bad[2], 4096, "%s", dir);
    int failures = 0;
    for (int i = 0; i < 3; i++) {
        s2s_error err = {{0}};
        if (render_export_png(dl, fs, 10, 10, 1, bad[i], &err) == 0) {
            fprintf(stderr, "FAIL: export to %s succeeded\n", bad[i]);
            failures++;
        } else {
            printf("ok: %s -> %s\n", bad[i], err.msg);
        }
    }
    /* nothing but plain-file may be left in dir (no temporaries) */
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.' && strcmp(e->d_name, "plain-file") != 0) {
            fprintf(stderr, "FAIL: leftover %s\n", e->d_name);
            failures++;
        }
    if (d) closedir(d);
    draw_list_destroy(dl);
    return failures ? 1 : 0;
}

static int window_check(font_set *fs, s2s_error *err) {
    window *w = window_create("viz_demo", 800, 600, 0, err);
    if (!w) return 3;
    render_ctx *rc = render_create(window_renderer(w), fs, err);
    draw_list *dl = draw_list_create();
    demo_opts o;
    char *argv[] = {"viz_demo", "window", NULL};
    parse(2, argv, &o);
    int status = rc && dl ? 0 : 1;
    long hits0 = 0, misses0 = 0, hits1 = 0, misses1 = 0;
    for (int frame = 0; frame < 2 && status == 0; frame++) {
        window_event ev;
        while (window_poll(w, &ev)) {}
        draw_list_reset(dl);
        draw_set_measure(dl, font_measure, fs);
        int width, height;
        float scale;
        window_size(w, &width, &height, &scale);
        o.width = width, o.height = height;
        window_clear(w, 0, 0, 0);
        if (build(dl, &o, err) || render_draw_list(rc, dl, scale, err)) status = 1;
        window_present(w);
        if (frame == 0) render_text_stats(rc, &hits0, &misses0);
        else render_text_stats(rc, &hits1, &misses1);
    }
    if (status == 0 && misses1 != misses0) {
        s2s_fail(err, "second frame rasterized %ld strings again", misses1 - misses0);
        status = 1;
    }
    if (status == 0) printf("window ok: %ld strings rendered once, %ld cache hits\n", misses1, hits1);
    draw_list_destroy(dl);
    render_destroy(rc);
    window_destroy(w);
    return status;
}

/* ---- order: batching must not change the picture ------------------------------------------- */

typedef struct rnd_cmd {
    draw_kind kind;
    draw_rect r;
    draw_color c, c2;
    float x0, y0, x1, y1, width, size;
    int vertical, align, rows, cols;
    draw_color cells[12];
    const char *text;
} rnd_cmd;

static unsigned rnd_state;
static unsigned rnd(unsigned n) {
    rnd_state = rnd_state * 1664525u + 1013904223u;
    return (rnd_state >> 8) % n;
}
static draw_color rnd_color(void) {
    static const uint8_t alphas[] = {255, 255, 255, 128, 60};
    return draw_rgba((uint8_t)rnd(256), (uint8_t)rnd(256), (uint8_t)rnd(256), alphas[rnd(5)]);
}

/* Commands crowded into a 240 x 160 canvas, so they overlap in every combination. */
static rnd_cmd rnd_command(void) {
    static const char *const words[] = {"attention", "Add & Norm", "<begin>", "0.93", "猫坐", "x"};
    static const draw_kind kinds[] = {DRAW_FILL, DRAW_OUTLINE, DRAW_LINE, DRAW_TEXT, DRAW_TEXT,
                                      DRAW_CELLS, DRAW_RAMP, DRAW_HATCH, DRAW_CLIP_PUSH, DRAW_CLIP_POP};
    rnd_cmd k;
    memset(&k, 0, sizeof k);
    k.kind = kinds[rnd(10)];
    k.r = draw_rect_make((float)rnd(200), (float)rnd(130), 4.0f + (float)rnd(90), 4.0f + (float)rnd(60));
    k.c = rnd_color();
    k.c2 = rnd_color();
    k.x0 = (float)rnd(240), k.y0 = (float)rnd(160);
    k.x1 = rnd(3) ? (float)rnd(240) : k.x0; /* some axis-aligned */
    k.y1 = (float)rnd(160);
    k.width = 1.0f + (float)rnd(4);
    k.size = 9.0f + (float)rnd(14);
    k.vertical = rnd(4) == 0;
    k.align = (int)rnd(3);
    k.rows = 1 + (int)rnd(3), k.cols = 1 + (int)rnd(4);
    for (int i = 0; i < 12; i++) k.cells[i] = rnd_color();
    k.text = words[rnd(6)];
    return k;
}

static void emit(draw_list *dl, const rnd_cmd *k) {
    switch (k->kind) {
    case DRAW_FILL: draw_fill(dl, k->r, k->c); break;
    case DRAW_OUTLINE: draw_outline(dl, k->r, k->c, k->width); break;
    case DRAW_LINE: draw_line(dl, k->x0, k->y0, k->x1, k->y1, k->c, k->width); break;
    case DRAW_TEXT: draw_text(dl, k->text, k->x0, k->y0, k->size, k->c, (draw_align)k->align, k->vertical); break;
    case DRAW_CELLS: draw_cells(dl, k->r, k->rows, k->cols, k->cells); break;
    case DRAW_RAMP: draw_ramp(dl, k->r, k->rows * k->cols, k->cells); break;
    case DRAW_HATCH: draw_hatch(dl, k->r, k->c2, k->c, 3.0f + k->width); break;
    case DRAW_CLIP_PUSH: draw_clip_push(dl, k->r); break;
    case DRAW_CLIP_POP: draw_clip_pop(dl); break;
    case DRAW_IMAGE: break; /* not generated: needs a file */
    }
}

/* A white canvas and a software renderer drawing on it, with a render context. */
typedef struct canvas {
    SDL_Surface *surf;
    SDL_Renderer *r;
    render_ctx *rc;
} canvas;

static int canvas_open(canvas *cv, font_set *fs, int w, int h, s2s_error *err) {
    cv->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
    cv->r = cv->surf ? SDL_CreateSoftwareRenderer(cv->surf) : NULL;
    cv->rc = cv->r ? render_create(cv->r, fs, err) : NULL;
    if (!cv->rc) return -1;
    SDL_SetRenderDrawColor(cv->r, 255, 255, 255, 255);
    SDL_RenderClear(cv->r);
    return 0;
}

static void canvas_close(canvas *cv) {
    render_destroy(cv->rc);
    if (cv->r) SDL_DestroyRenderer(cv->r);
    SDL_FreeSurface(cv->surf);
}

/* Draws n random lists at scales 1 and 2, each twice: whole (batched and reordered by the
 * renderer) and one command per render_draw_list call (strictly in order; the clips open at that
 * command are pushed around it). The pixels must be identical. */
static int order_check(font_set *fs, int n, s2s_error *err) {
    int failures = 0;
    for (int t = 0; t < n; t++) {
        rnd_state = 12345u + (unsigned)t * 7919u;
        enum { N = 160 };
        rnd_cmd cmds[N];
        int depth = 0;
        for (int i = 0; i < N; i++) {
            cmds[i] = rnd_command();
            if (i > 0 && cmds[i - 1].kind == DRAW_FILL && rnd(2)) { /* a framed box: drawn as one */
                cmds[i].kind = DRAW_OUTLINE;
                cmds[i].r = cmds[i - 1].r;
            }
            if (cmds[i].kind == DRAW_CLIP_PUSH && depth == 3) cmds[i].kind = DRAW_FILL;
            if (cmds[i].kind == DRAW_CLIP_POP && depth == 0) cmds[i].kind = DRAW_LINE;
            depth += cmds[i].kind == DRAW_CLIP_PUSH ? 1 : cmds[i].kind == DRAW_CLIP_POP ? -1 : 0;
        }
        int scale = 1 + t % 2, W = 240 * scale, H = 160 * scale;
        canvas whole = {0}, strict = {0};
        draw_list *dl = draw_list_create();
        if (!dl || canvas_open(&whole, fs, W, H, err) || canvas_open(&strict, fs, W, H, err)) {
            canvas_close(&whole);
            canvas_close(&strict);
            draw_list_destroy(dl);
            return 1;
        }
        draw_set_measure(dl, font_measure, fs);
        for (int i = 0; i < N; i++) emit(dl, &cmds[i]);
        int rc = render_draw_list(whole.rc, dl, (float)scale, err);
        const rnd_cmd *open[N];
        depth = 0;
        for (int i = 0; i < N && rc == 0; i++) {
            if (cmds[i].kind == DRAW_CLIP_PUSH) open[depth++] = &cmds[i];
            else if (cmds[i].kind == DRAW_CLIP_POP) depth--;
            else {
                draw_list_reset(dl);
                for (int d = 0; d < depth; d++) emit(dl, open[d]);
                emit(dl, &cmds[i]);
                for (int d = 0; d < depth; d++) draw_clip_pop(dl);
                rc = render_draw_list(strict.rc, dl, (float)scale, err);
            }
        }
        SDL_RenderPresent(whole.r);
        SDL_RenderPresent(strict.r);
        long differ = 0;
        for (int y = 0; y < H && rc == 0; y++)
            differ += memcmp((char *)whole.surf->pixels + y * whole.surf->pitch,
                             (char *)strict.surf->pixels + y * strict.surf->pitch, (size_t)W * 4) != 0;
        if (rc != 0 || differ) {
            fprintf(stderr, "FAIL: list %d (scale %d): %s%ld rows differ from drawing in order\n", t, scale,
                    rc ? err->msg : "", differ);
            failures++;
        }
        canvas_close(&whole);
        canvas_close(&strict);
        draw_list_destroy(dl);
    }
    /* Within one command too: a hatch's opaque lines on its translucent background must end up on
     * top (the random lists cannot show this: drawn alone, the command is batched the same way). */
    canvas one = {0};
    draw_list *dl = draw_list_create();
    if (dl && canvas_open(&one, fs, 100, 100, err) == 0) {
        draw_hatch(dl, draw_rect_make(10, 10, 80, 80), draw_rgba(255, 0, 0, 128), draw_rgba(0, 0, 255, 255), 12.0f);
        long line_px = 0;
        if (render_draw_list(one.rc, dl, 1.0f, err) == 0) {
            SDL_RenderPresent(one.r);
            const unsigned char *px = one.surf->pixels;
            for (int i = 0; i < 100 * 100; i++)
                line_px += px[4 * i] == 0 && px[4 * i + 1] == 0 && px[4 * i + 2] == 255;
        }
        if (line_px == 0) {
            fprintf(stderr, "FAIL: a hatch's opaque lines were drawn under its translucent background\n");
            failures++;
        }
    } else {
        failures++;
    }
    canvas_close(&one);
    draw_list_destroy(dl);
    if (!failures) printf("order ok: %d random lists drawn batched equal drawn in order\n", n);
    return failures ? 1 : 0;
}

/* Frame f of the churn check: 240 strings and 60 grids never drawn before. */
static void churn_frame(draw_list *dl, int f) {
    draw_list_reset(dl);
    draw_fill(dl, draw_rect_make(0, 0, 640, 480), draw_rgba(250, 250, 250, 255));
    char s[64];
    for (int i = 0; i < 240; i++) {
        snprintf(s, sizeof s, "frame %d, string %d of 240", f, i);
        draw_text(dl, s, (float)(i % 3) * 210.0f, 8.0f + (float)(i / 3) * 6.0f, 14.0f + (float)(i % 2),
                  draw_rgba(0, 0, (uint8_t)(i % 256), 255), DRAW_ALIGN_LEFT, i % 7 == 0);
    }
    draw_color cells[40 * 40];
    for (int g = 0; g < 60; g++) {
        for (int i = 0; i < 40 * 40; i++)
            cells[i] = draw_rgba((uint8_t)(f * 37 + g), (uint8_t)(i * 7), (uint8_t)(g * 11 + i), 255);
        draw_cells(dl, draw_rect_make((float)(g % 10) * 64.0f, 300.0f + (float)(g / 10) * 30.0f, 60, 28), 40, 40, cells);
    }
}

/* One renderer through 16 frames of ever new strings and grids, enough to fill the atlas's
 * regions several times over (evicting shelves, and clearing when needed): every frame must be
 * pixel for pixel what a fresh renderer draws. */
static int churn_check(font_set *fs, s2s_error *err) {
    canvas kept = {0};
    draw_list *dl = draw_list_create();
    int failures = 0;
    if (!dl || canvas_open(&kept, fs, 640, 480, err)) failures = 1;
    draw_set_measure(dl, font_measure, fs);
    long misses = 0, hits = 0;
    for (int f = 0; f < 16 && !failures; f++) {
        canvas fresh = {0};
        churn_frame(dl, f);
        if (canvas_open(&fresh, fs, 640, 480, err) || render_draw_list(kept.rc, dl, 1.0f, err) ||
            render_draw_list(fresh.rc, dl, 1.0f, err)) {
            failures++;
        } else {
            SDL_RenderPresent(kept.r);
            SDL_RenderPresent(fresh.r);
            if (memcmp(kept.surf->pixels, fresh.surf->pixels, (size_t)kept.surf->pitch * 480) != 0) {
                fprintf(stderr, "FAIL: churn frame %d differs from a fresh renderer's\n", f);
                failures++;
            }
        }
        canvas_close(&fresh);
    }
    if (!failures) {
        render_text_stats(kept.rc, &hits, &misses);
        printf("churn ok: 16 frames, %ld strings rendered, equal to fresh renderers\n", misses);
    }
    /* A string or grid too large for the atlas is drawn another way, without throwing the rest out:
     * the second frame renders only the oversize string again (placing, then drawing). */
    long m1 = 0, m2 = 0;
    for (int f = 0; f < 2 && !failures; f++) {
        draw_list_reset(dl);
        char s[64], wide[400];
        for (int i = 0; i < 50; i++) {
            snprintf(s, sizeof s, "label %d", i);
            draw_text(dl, s, 10.0f, 10.0f + (float)i * 9.0f, 12.0f, draw_rgba(0, 0, 0, 255), DRAW_ALIGN_LEFT, 0);
        }
        memset(wide, 'W', sizeof wide - 1);
        wide[sizeof wide - 1] = '\0';
        draw_text(dl, wide, 0, 400, 30.0f, draw_rgba(0, 0, 0, 255), DRAW_ALIGN_LEFT, 0); /* ~10,000 px */
        draw_color line[2100];
        for (int i = 0; i < 2100; i++) line[i] = draw_rgba((uint8_t)i, 0, 0, 255);
        draw_cells(dl, draw_rect_make(0, 440, 640, 10), 1, 2100, line);
        if (render_draw_list(kept.rc, dl, 1.0f, err)) failures++;
        render_text_stats(kept.rc, &hits, f ? &m2 : &m1);
    }
    if (!failures && m2 - m1 > 2) {
        fprintf(stderr, "FAIL: an oversize string made %ld other strings render again\n", m2 - m1 - 2);
        failures++;
    }
    canvas_close(&kept);
    draw_list_destroy(dl);
    return failures ? 1 : 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: viz_demo png|svg OUT [options] | export-errors DIR | window | order N | churn\n");
        return 2;
    }
    s2s_error err = {{0}};
    font_set *fs = font_set_open(&err);
    if (!fs) {
        fprintf(stderr, "viz_demo: %s\n", err.msg);
        return 1;
    }
    int status = 1;
    if (!strcmp(argv[1], "window")) {
        status = window_check(fs, &err);
    } else if (!strcmp(argv[1], "churn")) {
        status = churn_check(fs, &err);
    } else if (!strcmp(argv[1], "order") && argc > 2) {
        status = order_check(fs, atoi(argv[2]), &err);
    } else if (!strcmp(argv[1], "export-errors") && argc > 2) {
        status = export_errors(fs, argv[2]);
    } else if ((!strcmp(argv[1], "png") || !strcmp(argv[1], "svg")) && argc > 2) {
        demo_opts o;
        draw_list *dl = draw_list_create();
        if (dl && parse(argc, argv, &o) == 0) {
            draw_set_measure(dl, font_measure, fs);
            if (build(dl, &o, &err) == 0) {
                if (argv[1][0] == 'p') {
                    status = render_export_png(dl, fs, o.width, o.height, o.scale, argv[2], &err)
                                 ? 1 : 0;
                } else {
                    FILE *f = fopen(argv[2], "w");
                    status = f && svg_write_file(dl, (float)o.width, (float)o.height, f, &err) == 0
                                 ? 0 : 1;
                    if (f && fclose(f) != 0) status = 1;
                }
            }
        }
        draw_list_destroy(dl);
    } else {
        fprintf(stderr, "viz_demo: unknown command %s\n", argv[1]);
    }
    if (status && err.msg[0]) fprintf(stderr, "viz_demo: %s\n", err.msg);
    font_set_close(fs);
    SDL_Quit(); /* the app's job, not the library's: releases SDL's D-Bus connection too */
    return status;
}
