/* main.c: `stepformer` dispatches to a command (cli_commands()); with none (or only window options
 * such as --model and --input) it opens the window. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/paths.h"
#include "core/quote.h"
#include "core/version.h"

static void usage(void) {
    printf("usage: stepformer [window options]                   open the window\n"
           "       stepformer COMMAND [options]                  (COMMAND --help for its options)\n"
           "       stepformer --version                          the version and the data folders\n\n"
           "A Transformer encoder-decoder that decodes step by step while you watch.\n\ncommands:\n");
    int n;
    const cli_command *c = cli_commands(&n);
    for (int i = 0; i < n; i++)
        if (c[i].name[0]) printf("  %-11s %s\n", c[i].name, c[i].summary);
    printf("\nWith no command the window opens (on the bundled reverse model unless --model is given);\n"
           "press ? in it for the keys. Window options:\n");
    opts_print_options(stdout, c[0].options);
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
    int n;
    const cli_command *c = cli_commands(&n);
    if (argc >= 2 && argv[1][0] != '-') {
        for (int i = 1; i < n; i++)
            if (strcmp(argv[1], c[i].name) == 0) return c[i].run(argc - 1, argv + 1);
        cli_error("unknown command %s (see stepformer --help)", quote_text(argv[1]).s);
        return 2;
    }
    return cmd_window(argc, argv);
}
