/* cmd_screenshot.c: `stepformer screenshot`: the window's frame rendered offscreen to a PNG, with
 * the cursor on a chosen step. No display is needed (SDL's software renderer), so README images and
 * docs are made by the program itself, in CI too. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_console.h"
#include "app/app_frame.h"
#include "app/compare.h"
#include "app/lesson_player.h"
#include "app/text_log.h"
#include "core/paths.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/util.h"
#include "core/quote.h"
#include "core/refine.h"
#include "platform/font.h"
#include "platform/render.h"
#include "core/i18n.h"

typedef struct screenshot_options {
    const char *model, *input, *at, *ablate;
    int pass;
    opt_size size;
    int scale, dark, colormap, nat_length, iterations;
    opt_point mouse;
    const char *out;
    int compare, distilled, batch, beam, beam_step, beam_select, lens;
    s2s_sampling sampling;
    const char *target;
    int inference;
    int norm;
    int train, train_size, train_chooser;
    const char *lesson, *lang;
    int slide;
    float text_scale;
    int present, console;
} screenshot_options;

static const char *const train_size_names[] = {"tiny", "small", "shipped", NULL}; /* core/train_presets.h */

#define T screenshot_options
static const opt_spec specs[] = {
    CLI_OPT_MODEL(T, model),
    CLI_OPT_INPUT(T, input, "source text (default: the task's example)", 0),
    {.name = "--at", .metavar = "PLACE", .type = OPT_TEXT, .offset = offsetof(T, at),
     .help = "the step to show, e.g. decoder.layer1.cross_attn.head1.weights (default: the end)"},
    {.name = "--pass", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, pass), .def = "1", .lo = 1,
     .hi = S2S_MAX_LEN, .help = "decoder pass of that step, from 1 (AT pass N emits output token N)"},
    CLI_OPT_SIZE(T, size, "1600x900", 240),
    {.name = "--scale", .metavar = "K", .type = OPT_INT, .offset = offsetof(T, scale), .def = "1", .lo = 1, .hi = 4,
     .help = "output pixels per logical pixel"},
    {.name = "--text-scale", .metavar = "K", .type = OPT_FLOAT, .offset = offsetof(T, text_scale), .def = "1",
     .lo = 0.75, .hi = 3, .help = "the window's text scale (Ctrl +/-), as far as the window holds it"},
    CLI_OPT_THEME(T, dark),
    CLI_OPT_COLORMAP(T, colormap),
    CLI_OPT_NAT_LENGTH(T, nat_length),
    {.name = "--iterations", .metavar = "K", .type = OPT_INT, .offset = offsetof(T, iterations), .def = "0", .lo = 0,
     .hi = REFINE_MAX_ITERATIONS, .help = "NAT: K refinement passes after the first (Mask-Predict)"},
    CLI_OPT_SAMPLING(T, sampling),
    {.name = "--beam", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, beam), .lo = 1, .hi = 8,
     .help = "the beam search tree of width N (AT) in place of the current operation"},
    {.name = "--beam-step", .metavar = "S", .type = OPT_INT, .offset = offsetof(T, beam_step), .lo = 1,
     .hi = S2S_MAX_LEN + 1, .help = "with --beam: show the search up to step S (default: all)"},
    {.name = "--beam-select", .metavar = "I", .type = OPT_INT, .offset = offsetof(T, beam_select), .lo = 1,
     .hi = 100000, .help = "with --beam: select hypothesis I of the last step shown, from 1 (default: the winner)"},
    {.name = "--lens", .type = OPT_FLAG, .offset = offsetof(T, lens),
     .help = "the logit lens in the output panel: every decoder layer read out"},
    {.name = "--ablate", .metavar = "HEADS", .type = OPT_TEXT, .offset = offsetof(T, ablate),
     .help = "switch heads off (KIND:LAYER.HEAD[,...]); the tokens that changed are marked"},
    {.name = "--mouse", .metavar = "X,Y", .type = OPT_POINT, .offset = offsetof(T, mouse), .lo = 0, .hi = 8192,
     .help = "pretend the mouse is here (hover tooltips)"},
    {.name = "-o", .metavar = "FILE", .type = OPT_TEXT, .offset = offsetof(T, out), .required = 1,
     .help = "PNG to write"},
    {.name = "--compare", .metavar = "TICK", .type = OPT_INT, .offset = offsetof(T, compare), .lo = 0,
     .hi = S2S_MAX_LEN + 1, .help = "compare mode (AT against NAT) at this tick of the shared clock"},
    {.name = "--distilled", .type = OPT_FLAG, .offset = offsetof(T, distilled),
     .help = "compare mode: the distilled NAT"},
    {.name = "--batch", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, batch), .lo = 1, .hi = 100000,
     .help = "compare mode: run the batch panel on N held-out inputs"},
    CLI_OPT_TARGET(T, target),
    {.name = "--inference", .type = OPT_FLAG, .offset = offsetof(T, inference),
     .help = "with --target: the views show inference (the decoder's own outputs)"},
    {.name = "--norm", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, norm), .lo = 1, .hi = 8,
     .help = "LayerNorm vs BatchNorm on a batch of N at the --at place's Add & Norm (Shift+B)"},
    {.name = "--train", .metavar = "STEPS", .type = OPT_INT, .offset = offsetof(T, train), .lo = 1, .hi = 3000,
     .help = "train a new model of the task live (Shift+T) until this step's snapshot, then show it"},
    {.name = "--train-size", .metavar = "SIZE", .type = OPT_CHOICE, .offset = offsetof(T, train_size), .def = "small",
     .choices = train_size_names, .help = "--train: the size preset (docs/training.md)"},
    {.name = "--train-chooser", .type = OPT_FLAG, .offset = offsetof(T, train_chooser),
     .help = "the training chooser open (Shift+T), the --train-size chosen"},
    {.name = "--lesson", .metavar = "NAME", .type = OPT_TEXT, .offset = offsetof(T, lesson),
     .help = "a lesson's slide (its state and the lesson panel) instead of --model"},
    {.name = "--slide", .metavar = "N", .type = OPT_INT, .offset = offsetof(T, slide), .def = "1", .lo = 1,
     .hi = LESSON_MAX_SLIDES, .help = "the slide of --lesson, from 1"},
    CLI_OPT_LANG(T, lang),
    {.name = "--present", .type = OPT_FLAG, .offset = offsetof(T, present),
     .help = "presenter mode (F5): one large view, the lesson or a caption; --mouse places the spotlight"},
    {.name = "--console", .type = OPT_FLAG, .offset = offsetof(T, console),
     .help = "presenter mode's console window instead (Shift+F5): the slide, the next one, the keys; the clock at 0:00"},
};
#undef T

const opt_command screenshot_command = {
    "screenshot", "stepformer screenshot [--model FILE] [--at PLACE --pass N] -o FILE.png\n"
                  "       stepformer screenshot --lesson NAME [--slide N] [--lang en|zh] -o FILE.png",
    "Renders the window, with the cursor on a step, to a PNG without a display. Places and passes count\n"
    "from 1 as the window shows them (docs/lessons.md lists every place name).",
    specs, ARRAY_LEN(specs), sizeof(screenshot_options)};

/* --train STEPS: training live until a snapshot at or past STEPS is shown, then paused. */
static int screenshot_train(app_state *a, int steps, s2s_preset_id size, s2s_error *err) {
    train_chooser c;
    train_chooser_open(&c, &a->model); /* the model's task and decoder */
    c.size = size;
    if (app_live_start(a, &c, err)) return -1;
    for (;;) {
        long long now = (long long)clock_ms();
        a->live_next = 0;
        app_live_pump(a, now);
        if (a->live_st.state == LIVE_FAILED) return s2s_fail(err, "%s", a->live_st.error);
        if (a->live_shown_step >= steps || a->live_st.state == LIVE_DONE) break;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    live_pause(a->live, 1);
    a->live_n = live_poll(a->live, &a->live_st, a->live_loss, LIVE_MAX_POINTS);
    return app_finish(a, err);
}

int cmd_screenshot(int argc, char **argv) {
    screenshot_options o;
    int rc = cli_options(&screenshot_command, argc, argv, &o);
    if (rc) return rc == 1 ? 0 : 2;
    s2s_error err = {{0}};
    if (cli_check_output("-o", o.out, &err)) {
        cli_error("%s", err.msg);
        return 2;
    }
    if ((o.distilled || o.batch > 0) && o.compare < 0) {
        cli_error("%s is for compare mode: add --compare TICK", o.distilled ? "--distilled" : "--batch");
        return 2;
    }
    int W = o.size.w, H = o.size.h, pass = o.pass, scale = o.scale;
    if (i18n_init(o.lang, &err)) {
        cli_error("%s", err.msg);
        return 2;
    }
    static app_state a; /* large: not on the stack */
    memset(&a, 0, sizeof a);
    a.ui = o.text_scale;
    a.steady = 1;
    a.present = o.present || o.console;
    a.spotlight = o.present && o.mouse.x >= 0; /* a spotlight where --mouse says the pointer is */
    a.pace_ms = 2000;
    a.speed = 4;
    a.what_if_index = -1;
    a.dark = o.dark == CLI_DARK;
    a.nat_length = (s2s_nat_length)o.nat_length;
    a.iterations = o.iterations;
    a.cmap = o.colormap;
    a.sampling = o.sampling;
    a.beam_on = o.beam > 0;
    a.lens_on = o.lens;
    a.beam_width = o.beam > 0 ? o.beam : 3;
    static lesson_player lp;
    static compare_state cmp;
    memset(&cmp, 0, sizeof cmp);
    if (o.lesson) { /* a lesson's slide: its header decides the model, input, place, theme... */
        lesson_player_init(&lp, paths_lessons_dir(), i18n_code(i18n_current())); /* --lang or the locale */
        if (lesson_player_open(&lp, &a, &cmp, o.lesson, o.slide - 1, &err)) {
            cli_error("%s", err.msg);
            lesson_player_close(&lp);
            compare_close(&cmp);
            app_state_free(&a);
            return 2;
        }
        goto render;
    }
    char def[4200];
    if (app_load_model(&a, o.model ? o.model : cli_default_model(def, sizeof def), o.input, &err)) {
        cli_error("%s", err.msg);
        app_state_free(&a);
        return 2;
    }
    if (o.train_chooser) {
        train_chooser_open(&a.chooser, &a.model);
        a.chooser.size = (s2s_preset_id)o.train_size;
    }
    if (o.train > 0 && screenshot_train(&a, o.train, (s2s_preset_id)o.train_size, &err)) {
        cli_error("--train: %s", err.msg);
        app_state_free(&a);
        return 2;
    }
    a.free_run = o.inference;
    if (o.target && app_set_target(&a, o.target, &err)) {
        cli_error("--target: %s", err.msg);
        app_state_free(&a);
        return 2;
    }
    if (app_finish(&a, &err)) {
        cli_error("%s", err.msg);
        app_state_free(&a);
        return 1;
    }
    if (o.ablate) {
        static s2s_ablation ab; /* large: not on the stack */
        if (ablation_parse(&ab, o.ablate, &a.model.cfg, &err)) {
            cli_error("--ablate: %s", err.msg);
            app_state_free(&a);
            return 2;
        }
        if (app_set_ablation(&a, &ab, &err)) {
            cli_error("%s", err.msg);
            app_state_free(&a);
            return 1;
        }
    }
    a.cursor = a.trace.n_steps - 1;
    if (o.at) {
        int i = trace_find_named(&a.trace, o.at, pass);
        if (i < 0) {
            if (i == -2)
                cli_error("--at: %s is not a place name (e.g. decoder.layer1.cross_attn.head1.weights)",
                          quote_text(o.at).s);
            else
                cli_error("--at: no step %s in pass %d of this decode (it has %d passes)", quote_text(o.at).s, pass,
                          a.trace.n_passes);
            app_state_free(&a);
            return 2;
        }
        a.cursor = i;
        if (a.trace.steps[i].head >= 0) a.head = a.trace.steps[i].head;
    }
    if (a.beam_on) { /* the search's steps and the selected hypothesis, from 1 as shown */
        int last = a.beam_tree.n_steps - 1, sel = a.beam_tree.winner;
        a.beam_step = o.beam_step > 0 && o.beam_step - 1 < last ? o.beam_step - 1 : last;
        if (o.beam_select > 0) {
            sel = -1;
            for (int i = 0, k = 0; i < a.beam_tree.n; i++)
                if (a.beam_tree.nodes[i].step == a.beam_step && ++k == o.beam_select) sel = i;
            if (sel < 0) {
                cli_error("--beam-select: step %d has fewer than %d hypotheses", a.beam_step + 1, o.beam_select);
                app_state_free(&a);
                return 2;
            }
        }
        if (app_beam_select(&a, sel, &err)) {
            cli_error("%s", err.msg);
            app_state_free(&a);
            return 1;
        }
    }
    if (o.norm > 0) {
        a.norm_B = o.norm;
        app_norm_toggle(&a, 0);
        if (!app_norm_ready(&a)) {
            cli_error("--norm: %s", a.hint);
            app_state_free(&a);
            return 2;
        }
    }
    if (o.compare >= 0) {
        int tick = o.compare, n = o.batch > 0 ? o.batch : 0;
        cmp.use_distilled = o.distilled;
        if (compare_open(&cmp, &a, &err) || (n && compare_batch(&cmp, &a, n, &err))) {
            cli_error("%s", err.msg);
            compare_close(&cmp);
            app_state_free(&a);
            return 2;
        }
        cmp.tick = tick < compare_last_tick(&cmp) ? tick : compare_last_tick(&cmp);
    }
render:;
    float mx = o.mouse.x, my = o.mouse.y;
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
    app_frame_io io = {(float)W, (float)H, mx, my, 0, hits, "", scratch, len, cmp.on ? &cmp : NULL, &lp};
    if (o.console) app_frame_console(&a, &lp, dl, hits, (float)W, (float)H, 0, mx, my);
    else app_frame(&a, dl, &io);
    if (text_log_write(dl)) {
        snprintf(err.msg, sizeof err.msg, "cannot write $STEPFORMER_TEXT_LOG");
        goto done;
    }
    if (render_export_png(dl, fonts, W, H, scale, o.out, &err)) goto done;
    cli_print_line("", o.out);
    if (io.hover[0]) cli_print_line("hover: ", io.hover);
    rc = 0;
done:
    if (rc) cli_error("%s", err.msg);
    free(scratch);
    free(hits);
    draw_list_destroy(dl);
    font_set_close(fonts);
    compare_close(&cmp);
    lesson_player_close(&lp);
    app_state_free(&a);
    return rc;
}
