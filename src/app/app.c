/* app.c: placeholder until the window lands (issue 4); the CLI works without it. */
#include "app/app.h"

#include <stdio.h>

int app_main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "stepformer: the window is not built yet; try `stepformer decode --help`\n");
    return 1;
}
