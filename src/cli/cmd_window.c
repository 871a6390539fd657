/* cmd_window.c: `stepformer [options]` with no command: the window's options, parsed here with the
 * same parser and rules as every command, then handed to the app (app_run). */
#include <stddef.h>

#include "app/app.h"
#include "cli/cli.h"
#include "core/refine.h"
#include "core/util.h"
#include "lesson/lesson.h"
#include "viz/colormap.h"

/* The name itself (the app looks it up), so "not given" stays NULL. */
static int parse_colormap_name(const char *value, void *field) {
    if (!colormap_find(value)) return -1;
    *(const char **)field = value;
    return 0;
}

static const opt_spec specs[] = {
    /* no defaults in the table: what is not given comes from the remembered preferences (app/prefs.h) */
    {.name = "--model", .metavar = "FILE", .type = OPT_TEXT, .offset = offsetof(app_options, model),
     .help = "model file (.safetensors; default: the last one, else the bundled reverse model)"},
    CLI_OPT_INPUT(app_options, input, "source text (default: the last one, else the task's example)", 0),
    CLI_OPT_TARGET(app_options, target),
    {.name = "--theme", .metavar = "NAME", .type = OPT_CHOICE, .offset = offsetof(app_options, dark),
     .choices = cli_theme_names, .help = "light | dark (default: the last one, else light)"},
    {.name = "--colormap", .metavar = "NAME", .type = OPT_CUSTOM, .offset = offsetof(app_options, colormap),
     .parse = parse_colormap_name, .expects = "viridis, cividis, magma or inferno",
     .help = "viridis | cividis | magma | inferno (default: the last one, else viridis)"},
    {.name = "--size", .metavar = "WxH", .type = OPT_SIZE, .offset = offsetof(app_options, size), .lo = 480,
     .hi = 8192, .help = "window size in logical pixels (default: the last one, else 1600x900)"},
    {.name = "--export-dir", .metavar = "DIR", .type = OPT_TEXT, .offset = offsetof(app_options, export_dir),
     .help = "where E and Shift+E write figures (default: the last one, else here)"},
    CLI_OPT_SAMPLING(app_options, sampling),
    {.name = "--lesson", .metavar = "NAME", .type = OPT_TEXT, .offset = offsetof(app_options, lesson),
     .help = "open a lesson of lessons/ (its name, NN, or a path to a .md file); Page Down goes through it"},
    {.name = "--slide", .metavar = "N", .type = OPT_INT, .offset = offsetof(app_options, slide), .def = "1", .lo = 1,
     .hi = LESSON_MAX_SLIDES, .help = "the slide of --lesson to open at, from 1"},
    {.name = "--no-config", .type = OPT_FLAG, .offset = offsetof(app_options, no_config),
     .help = "start with the defaults: neither read nor write the remembered preferences"},
    CLI_OPT_LANG(app_options, lang),
    {.name = "--iterations", .metavar = "K", .type = OPT_INT, .offset = offsetof(app_options, iterations), .def = "0",
     .lo = 0, .hi = REFINE_MAX_ITERATIONS, .help = "NAT: K refinement passes after the first (Mask-Predict; I in the window)"},
    {.name = "--present", .type = OPT_FLAG, .offset = offsetof(app_options, present),
     .help = "presenter mode: full screen, one large view, the lesson or a caption, text for the back row (F5)"},
    {.name = "--console", .type = OPT_FLAG, .offset = offsetof(app_options, console),
     .help = "presenter mode with its console window (the slides, the next one, the clock) even on one display "
             "(Shift+F5); with two displays it opens by itself"},
};

const opt_command window_command = {
    "", "stepformer [--model FILE] [--input TEXT] [--target TEXT] [--theme light|dark] [--colormap NAME] [--size WxH] [--export-dir DIR]\n"
        "                  [--lesson NAME [--slide N]] [--present] [--console] [--no-config] [--lang en|zh]",
    "Opens the window on a model (default: the bundled reverse model) with the input decoded and ready\n"
    "to step. E and Shift+E export figures into DIR (default: here). --lesson opens a lesson at slide N\n"
    "(Ctrl+L in the window lists them; Page Down and Page Up go through it). Press ? in the window for\n"
    "every key. Commands: stepformer --help.\n"
    "The interface and the lessons follow the locale; --lang chooses, F2 switches.\n"
    "The theme, colormap, text size, export folder, model, input and window size are remembered in\n"
    "$XDG_CONFIG_HOME/stepformer/prefs.json; options given here win for this session.",
    specs, ARRAY_LEN(specs), sizeof(app_options)};

int cmd_window(int argc, char **argv) {
    app_options o;
    int rc = cli_options(&window_command, argc, argv, &o);
    if (rc) return rc == 1 ? 0 : 2;
    s2s_error err = {{0}};
    if (o.export_dir && cli_check_folder("--export-dir", o.export_dir, &err)) {
        cli_error("%s", err.msg);
        return 2;
    }
    return app_run(&o);
}
