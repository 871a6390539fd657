/* main.c: `stepformer` dispatches to a subcommand; with none (or only window options such as
 * --model and --input) it opens the window. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "core/paths.h"
#include "core/version.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"decode", cmd_decode, "decode an input and print every step (text or JSON)"},
    {"train", cmd_train, "train a model on a toy task (AT or NAT, optionally distilled)"},
    {"eval", cmd_eval, "held-out accuracy of a model on its task"},
    {"export", cmd_export, "attention maps as figures (PNG, SVG, GIF) or data (CSV, JSON); no display needed"},
    {"compare", cmd_compare, "AT against NAT (and the distilled NAT) on one input or N held-out inputs"},
    {"bench", cmd_bench, "measure training and decoding speed, matmul GFLOP/s (--gui: the window's frame times)"},
    {"keys", cmd_keys, "print the window's keyboard map"},
    {"man", cmd_man, "write the manual page (roff), made from these tables"},
    {"screenshot", cmd_screenshot, "render the window with the cursor on a step to a PNG, without a display"},
};

static void usage(void) {
    printf("usage: stepformer [--model FILE] [--input TEXT]     open the window\n"
           "       stepformer COMMAND [options]                  (COMMAND --help for its options)\n"
           "       stepformer --version\n\n"
           "A Transformer encoder-decoder that decodes step by step while you watch.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        printf("  %-11s %s\n", commands[i].name, commands[i].summary);
    printf("\nWith no command the window opens on the bundled reverse model; press ? in it for the keys.\n");
}

int main(int argc, char **argv) {
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0)) {
        usage();
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        /* the data folders too: which install (or source tree) this binary reads, for a bug report */
        printf("stepformer %s\nassets:  %s\nlessons: %s\nlocale:  %s\n", stepformer_version(), paths_assets_dir(),
               paths_lessons_dir(), paths_locale_dir());
        return 0;
    }
    if (argc >= 2 && argv[1][0] != '-') {
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc - 1, argv + 1);
        fprintf(stderr, "stepformer: unknown command \"%s\" (see stepformer --help)\n", argv[1]);
        return 2;
    }
    return app_main(argc, argv);
}
