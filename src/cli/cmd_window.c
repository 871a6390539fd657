/* cmd_window.c: `stepformer [options]` with no command: the window's options, parsed here with the
 * same parser and rules as every command, then handed to the app (app_run). */
#include <stddef.h>

#include "app/app.h"
#include "cli/cli.h"
#include "core/util.h"
#include "lesson/lesson.h"

static const opt_spec specs[] = {
    CLI_OPT_MODEL(app_options, model),
    CLI_OPT_INPUT(app_options, input, "source text (default: the task's example)", 0),
    CLI_OPT_THEME(app_options, dark),
    CLI_OPT_COLORMAP(app_options, colormap),
    CLI_OPT_SIZE(app_options, size, "1600x900", 480),
    {.name = "--export-dir", .metavar = "DIR", .type = OPT_TEXT, .offset = offsetof(app_options, export_dir),
     .help = "where E and Shift+E write figures (default: here)"},
    CLI_OPT_SAMPLING(app_options, sampling),
    {.name = "--lesson", .metavar = "NAME", .type = OPT_TEXT, .offset = offsetof(app_options, lesson),
     .help = "open a lesson of lessons/ (its name, NN, or a path to a .md file); Page Down goes through it"},
    {.name = "--slide", .metavar = "N", .type = OPT_INT, .offset = offsetof(app_options, slide), .def = "1", .lo = 1,
     .hi = LESSON_MAX_SLIDES, .help = "the slide of --lesson to open at, from 1"},
};

const opt_command window_command = {
    "", "stepformer [--model FILE] [--input TEXT] [--theme light|dark] [--colormap NAME] [--size WxH] [--export-dir DIR]\n"
        "                  [--lesson NAME [--slide N]]",
    "Opens the window on a model (default: the bundled reverse model) with the input decoded and ready\n"
    "to step. E and Shift+E export figures into DIR (default: here). --lesson opens a lesson at slide N\n"
    "(Ctrl+L in the window lists them; Page Down and Page Up go through it). Press ? in the window for\n"
    "every key. Commands: stepformer --help.",
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
