/* app.h: the window application (app state, main loop, panels). The command line is the CLI's
 * business: it parses the window's options (cli/cmd_window.c) and calls app_run with them. */
#ifndef S2S_APP_H
#define S2S_APP_H

#include "core/options.h"
#include "core/sample.h"

typedef struct app_options {
    const char *model;      /* model file; NULL: the bundled reverse model */
    const char *input;      /* source text; NULL: the task's example */
    int dark;               /* the dark theme */
    int colormap;           /* index for colormap_at */
    opt_size size;          /* window size in logical pixels */
    const char *export_dir; /* where E and Shift+E write; NULL: the working directory */
    s2s_sampling sampling;  /* AT: --sample, --temperature, --top-k, --top-p, --seed */
    const char *lesson;     /* a lesson to open (its name, NN or a path to a .md), or NULL */
    int slide;              /* its slide, from 1 */
} app_options;

/* Opens the window and runs it until it is closed; returns the exit status (0, 1 on a failure
 * while working, 2 for a model that does not load). */
int app_run(const app_options *o);

#endif
