/* app.h: the window application (app state, main loop, panels). The command line is the CLI's
 * business: it parses the window's options (cli/cmd_window.c) and calls app_run with them. */
#ifndef S2S_APP_H
#define S2S_APP_H

#include "core/options.h"
#include "core/sample.h"

/* What the command line says. "Not given" (NULL, -1, 0x0) leaves the choice to the remembered
 * preferences (app/prefs.h), then to the default. */
typedef struct app_options {
    const char *model;      /* model file; NULL: the last one, else the bundled reverse model */
    const char *input;      /* source text; NULL: the last one, else the task's example */
    const char *target;     /* teacher forcing's ground truth; NULL: none */
    int dark;               /* 1 dark, 0 light theme; -1 not given */
    const char *colormap;   /* a colormap's name (checked by the CLI); NULL not given */
    opt_size size;          /* window size in logical pixels; 0x0 not given */
    const char *export_dir; /* where E and Shift+E write; NULL: the last one, else the working directory */
    int no_config;          /* neither read nor write the preferences */
    s2s_sampling sampling;  /* AT: --sample, --temperature, --top-k, --top-p, --seed */
    const char *lesson;     /* a lesson to open (its name, NN or a path to a .md), or NULL */
    int slide;              /* its slide, from 1 */
    const char *lang;       /* interface language ("en", "zh", a locale name); NULL: the locale's */
    int iterations;         /* NAT: refinement passes after the first (Mask-Predict); 0 = one pass */
    int present;            /* start in presenter mode (full screen, one large view) */
    int console;            /* and with the presenter console even on one display (two open it anyway) */
} app_options;

/* Opens the window and runs it until it is closed; returns the exit status (0, 1 on a failure
 * while working, 2 for a model that does not load). */
int app_run(const app_options *o);

#endif
