/* cmd_screenshot.c: `stepformer screenshot`: the window's frame rendered offscreen to a PNG, with
 * the cursor on a chosen step. No display is needed (SDL's software renderer), so README images and
 * docs are made by the program itself, in CI too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_frame.h"
#include "app/compare.h"
#include "cli/cli.h"
#include "platform/font.h"
#include "platform/render.h"

int cmd_screenshot(int argc, char **argv) {
    cli_opt o[] = {
        {"--model", "FILE", "model file", NULL},
        {"--input", "TEXT", "source text (default: the task's example)", NULL},
        {"--at", "PLACE", "the step to show, e.g. decoder.layer1.cross_attn.head1.weights (default: the end)", NULL},
        {"--pass", "N", "decoder pass of that step, from 1 (AT pass N emits output token N)", "1"},
        {"--size", "WxH", "window size in logical pixels", "1600x900"},
        {"--scale", "K", "output pixels per logical pixel, 1..4", "1"},
        {"--theme", "NAME", "light | dark", "light"},
        {"--colormap", "NAME", "viridis | cividis | magma | inferno", "viridis"},
        {"--nat-length", "MODE", "classifier | end", "classifier"},
        {"--mouse", "X,Y", "pretend the mouse is here (hover tooltips)", NULL},
        {"-o", "FILE", "PNG to write", NULL},
        {"--compare", "TICK", "compare mode (AT against NAT) at this tick of the shared clock", NULL},
        {"--distilled", NULL, "compare mode: the distilled NAT", NULL},
        {"--batch", "N", "compare mode: run the batch panel on N held-out inputs", NULL},
        {"--target", "TEXT", "teacher forcing: the ground truth, with its loss under each token", NULL},
        {"--inference", NULL, "with --target: the views show inference (the decoder's own outputs)", NULL},
    };
    int rc = cli_parse(argc, argv, o, 16, "stepformer screenshot --model FILE [--at STEP --pass N] -o FILE.png",
                       "Renders the window, with the cursor on a step, to a PNG without a display.");
    if (rc) return rc == 1 ? 0 : 2;
    int W, H, pass, scale;
    if (!o[10].value) {
        fprintf(stderr, "stepformer: no output file given (-o FILE.png)\n");
        return 2;
    }
    if (sscanf(o[4].value, "%dx%d", &W, &H) != 2 || W < 320 || H < 240 || W > 8192 || H > 8192) {
        fprintf(stderr, "stepformer: --size must be WIDTHxHEIGHT\n");
        return 2;
    }
    if (cli_int(&o[3], 1, S2S_MAX_LEN, &pass) || cli_int(&o[5], 1, 4, &scale)) return 2;
    const colormap *cm = colormap_find(o[7].value);
    if (!cm) {
        fprintf(stderr, "stepformer: unknown colormap %s\n", o[7].value);
        return 2;
    }
    static app_state a; /* large: not on the stack */
    memset(&a, 0, sizeof a);
    a.ui = 1.0f;
    a.speed = 4;
    a.what_if_index = -1;
    a.dark = strcmp(o[6].value, "dark") == 0;
    a.nat_length = strcmp(o[8].value, "end") == 0 ? S2S_NAT_LENGTH_END : S2S_NAT_LENGTH_CLASSIFIER;
    for (int i = 0; i < colormap_count(); i++)
        if (colormap_at(i) == cm) a.cmap = i;
    s2s_error err = {{0}};
    if (!o[0].value) {
        fprintf(stderr, "stepformer: no model given (--model FILE)\n");
        return 2;
    }
    if (app_load_model(&a, o[0].value, o[1].value, &err)) {
        fprintf(stderr, "stepformer: %s\n", err.msg);
        app_state_free(&a);
        return 2;
    }
    a.free_run = o[15].value != NULL;
    if (o[14].value && app_set_target(&a, o[14].value, &err)) {
        fprintf(stderr, "stepformer: --target: %s\n", err.msg);
        app_state_free(&a);
        return 2;
    }
    if (app_finish(&a, &err)) {
        fprintf(stderr, "stepformer: %s\n", err.msg);
        app_state_free(&a);
        return 1;
    }
    a.cursor = a.trace.n_steps - 1;
    if (o[2].value) {
        int i = trace_find_named(&a.trace, o[2].value, pass);
        if (i < 0) {
            if (i == -2)
                fprintf(stderr, "stepformer: --at: %s is not a place name (e.g. decoder.layer1.cross_attn.head1.weights)\n",
                        o[2].value);
            else
                fprintf(stderr, "stepformer: --at: no step %s in pass %d of this decode (it has %d passes)\n", o[2].value, pass,
                        a.trace.n_passes);
            app_state_free(&a);
            return 2;
        }
        a.cursor = i;
        if (a.trace.steps[i].head >= 0) a.head = a.trace.steps[i].head;
    }
    static compare_state cmp;
    memset(&cmp, 0, sizeof cmp);
    if (o[11].value) {
        int tick, n = 0;
        if (cli_int(&o[11], 0, S2S_MAX_LEN + 1, &tick) || (o[13].value && cli_int(&o[13], 1, 100000, &n))) {
            app_state_free(&a);
            return 2;
        }
        cmp.use_distilled = o[12].value != NULL;
        if (compare_open(&cmp, &a, &err) || (n && compare_batch(&cmp, &a, n, &err))) {
            fprintf(stderr, "stepformer: %s\n", err.msg);
            compare_close(&cmp);
            app_state_free(&a);
            return 2;
        }
        cmp.tick = tick < compare_last_tick(&cmp) ? tick : compare_last_tick(&cmp);
    }
    float mx = -1, my = -1;
    if (o[9].value) sscanf(o[9].value, "%f,%f", &mx, &my);
    rc = 1;
    font_set *fonts = font_set_open(&err);
    draw_list *dl = draw_list_create();
    hit_list *hits = calloc(1, sizeof *hits);
    size_t len = app_frame_scratch_len(&a.model);
    float *scratch = malloc(len * sizeof(float));
    if (!fonts || !dl || !hits || !scratch) {
        if (!err.msg[0]) snprintf(err.msg, sizeof err.msg, "out of memory");
        goto done;
    }
    draw_set_measure(dl, font_measure, fonts);
    app_frame_io io = {(float)W, (float)H, mx, my, 0, hits, "", scratch, len, cmp.on ? &cmp : NULL};
    app_frame(&a, dl, &io);
    if (render_export_png(dl, fonts, W, H, scale, o[10].value, &err)) goto done;
    printf("%s\n", o[10].value);
    if (io.hover[0]) printf("hover: %s\n", io.hover);
    rc = 0;
done:
    if (rc) fprintf(stderr, "stepformer: %s\n", err.msg);
    free(scratch);
    free(hits);
    draw_list_destroy(dl);
    font_set_close(fonts);
    compare_close(&cmp);
    app_state_free(&a);
    return rc;
}
